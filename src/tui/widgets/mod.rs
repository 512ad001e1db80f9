//! Reusable pieces of the screen: text fields, forms, prompts, pickers,
//! confirmations and the help overlay.

pub mod big_clock;
pub mod checklist;
pub mod confirm;
pub mod conflict;
pub mod document;
pub mod editor;
pub mod form;
pub mod help;
pub mod line_input;
pub mod list;
pub mod metric_chart;
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

/// `text` within `width` columns (display width), marking a cut with `…`.
pub fn fit(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` in exactly `width` columns: cut with `…` past it, padded with
/// spaces short of it.
pub fn fit_padded(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let cut = fit(text, width);
    let room = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(room))
}

/// Splits `text` into lines of at most `width` columns: at spaces, and
/// inside a word longer than a line. Line breaks in `text` are kept.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let used = line.width();
            if used > 0 && used + 1 + word.width() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            for c in word.chars() {
                if line.width() + c.width().unwrap_or(0) > width {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        lines.push(line);
    }
    lines
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_words_keeps_every_character() {
        assert_eq!(wrap_words("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap_words("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap_words("a\nb", 10), ["a", "b"]);
    }

    #[test]
    fn fit_cuts_by_display_width() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("日本語です", 5), "日本…");
        assert_eq!(fit("abc", 0), "");
    }
}
