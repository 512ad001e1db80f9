//! A yes/no question: `y`/Enter confirms, `n`/Esc declines.

use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// The answer a key gives, if it is one.
pub fn answer(key: KeyEvent) -> Option<bool> {
    match key.code {
        KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(true),
        KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(false),
        _ => None,
    }
}

pub fn render(question: &str, area: Rect, buf: &mut Buffer, theme: Theme) {
    let inner = super::popup(area, buf, (56, 6), "Confirm", theme.error(), theme.title());
    let lines = vec![
        Line::from(question.to_string()),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw("/"),
            Span::styled("Enter", theme.key()),
            Span::raw(" yes   "),
            Span::styled("n", theme.key()),
            Span::raw("/"),
            Span::styled("Esc", theme.key()),
            Span::raw(" no"),
        ]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}
