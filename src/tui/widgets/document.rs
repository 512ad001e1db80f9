//! A read-only document in a popup (a session's notes, an interview's
//! record): wrapped to the width, scrolled with j/k and the page keys.

use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: u16,
}

impl Document {
    pub fn new(title: impl Into<String>, text: &str) -> Self {
        Self {
            title: title.into(),
            lines: text.lines().map(str::to_string).collect(),
            scroll: 0,
        }
    }

    /// Scrolls by a key; returns false when the key closes the document.
    pub fn handle_key(&mut self, key: KeyEvent, page: u16) -> bool {
        let max = u16::try_from(self.lines.len()).unwrap_or(u16::MAX);
        self.scroll = match key.code {
            KeyCode::Esc | KeyCode::Char('v' | 'q') => return false,
            KeyCode::Char('j') | KeyCode::Down => self.scroll.saturating_add(1),
            KeyCode::Char('k') | KeyCode::Up => self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll.saturating_add(page),
            KeyCode::PageUp => self.scroll.saturating_sub(page),
            KeyCode::Char('g') | KeyCode::Home => 0,
            KeyCode::Char('G') | KeyCode::End => max,
            _ => self.scroll,
        }
        .min(max);
        true
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let inner = super::popup(
            area,
            buf,
            (96, area.height),
            &format!("{} — j/k scroll · Esc closes", self.title),
            theme.focus_border(),
            theme.title(),
        );
        let lines: Vec<Line> = self
            .lines
            .iter()
            .map(|l| {
                if l.starts_with('#') {
                    Line::from(Span::styled(l.as_str(), theme.title()))
                } else {
                    Line::from(l.as_str())
                }
            })
            .collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0))
            .render(inner, buf);
    }
}
