//! A one-line question at the bottom of a pane: reach, effort, a kill reason.

use super::line_input::LineInput;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

#[derive(Debug, Clone)]
pub struct Prompt {
    pub title: String,
    pub input: LineInput,
    pub help: String,
    pub error: Option<String>,
    /// What Esc does, in the key line.
    pub esc: &'static str,
}

impl Prompt {
    pub fn new(title: impl Into<String>, text: &str, help: impl Into<String>) -> Self {
        let mut input = LineInput::new(text);
        input.set_cursor_visible(true);
        Self {
            title: title.into(),
            input,
            help: help.into(),
            error: None,
            esc: "cancel",
        }
    }

    /// Says what Esc does when it is not "cancel".
    pub fn on_esc(mut self, esc: &'static str) -> Self {
        self.esc = esc;
        self
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let inner = super::popup(
            area,
            buf,
            (64, 6),
            &self.title,
            theme.focus_border(),
            theme.title(),
        );
        if inner.height == 0 {
            return;
        }
        self.input.widget().render(
            Rect::new(inner.x + 1, inner.y, inner.width.saturating_sub(2), 1),
            buf,
        );
        let note = match &self.error {
            Some(e) => Line::from(Span::styled(format!("✗ {e}"), theme.error())),
            None => Line::from(Span::styled(self.help.clone(), theme.dim())),
        };
        let rest = Rect::new(
            inner.x + 1,
            inner.y + 1,
            inner.width.saturating_sub(2),
            inner.height.saturating_sub(1),
        );
        let keys = Line::from(vec![
            Span::styled("Enter", theme.key()),
            Span::raw(" save  "),
            Span::styled("Esc", theme.key()),
            Span::raw(format!(" {}", self.esc)),
        ]);
        Paragraph::new(vec![note, keys])
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(rest, buf);
    }
}
