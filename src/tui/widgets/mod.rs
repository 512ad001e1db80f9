//! Reusable pieces of the screen: text fields, forms, prompts, pickers,
//! confirmations and the help overlay.

pub mod big_clock;
pub mod checklist;
pub mod confirm;
pub mod document;
pub mod editor;
pub mod form;
pub mod help;
pub mod line_input;
pub mod list;
pub mod picker;
pub mod prompt;

/// What a key did to a modal (a form, prompt, picker, confirmation,
/// document, filter line or editor). Modals never write: their owner turns
/// a `Submit` into an action, and only `update` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    /// The key is not in the modal's table: it does nothing here.
    Ignored,
    /// The modal changed (text typed, cursor moved) and stays open.
    Editing,
    /// Close, doing nothing.
    Cancel,
    /// Done: what the modal asks for.
    Submit(T),
}

use crate::tui::keymap::HelpGroup;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Widget};

/// A modal's key line, generated from its table's hints.
pub fn key_line(help: &HelpGroup, theme: crate::tui::theme::Theme) -> ratatui::text::Line<'static> {
    let mut spans = Vec::new();
    for (key, word, _) in help.hints() {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {word}")));
    }
    ratatui::text::Line::from(spans)
}

/// A box of at most `width` × `height` centred in `area`, never outside it.
pub fn popup_area(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears a centred popup of at most `width` × `height`, draws its border
/// (in `border`) and `title`, and returns the area inside it.
pub fn popup(
    area: Rect,
    buf: &mut Buffer,
    (width, height): (u16, u16),
    title: &str,
    border: Style,
    title_style: Style,
) -> Rect {
    let outer = popup_area(area, width, height);
    Clear.render(outer, buf);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(format!(" {title} "), title_style));
    let inner = block.inner(outer);
    block.render(outer, buf);
    inner
}
