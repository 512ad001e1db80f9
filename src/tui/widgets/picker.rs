//! Choosing one of a few named options with j/k, a digit, or Enter.

use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

#[derive(Debug, Clone)]
pub struct Picker {
    pub title: String,
    pub options: Vec<String>,
    pub selected: usize,
}

/// What a key did to the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picked {
    Still,
    Chosen(usize),
    Cancelled,
}

impl Picker {
    pub fn new(title: impl Into<String>, options: Vec<String>, selected: usize) -> Self {
        let selected = selected.min(options.len().saturating_sub(1));
        Self {
            title: title.into(),
            options,
            selected,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Picked {
        let last = self.options.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => Picked::Cancelled,
            KeyCode::Enter => Picked::Chosen(self.selected),
            KeyCode::Char('j') | KeyCode::Down => {
                self.selected = (self.selected + 1).min(last);
                Picked::Still
            }
            KeyCode::Char('k') | KeyCode::Up => {
                self.selected = self.selected.saturating_sub(1);
                Picked::Still
            }
            KeyCode::Char(c) => match c.to_digit(10) {
                Some(d) if d >= 1 && (d as usize) <= self.options.len() => {
                    Picked::Chosen(d as usize - 1)
                }
                _ => Picked::Still,
            },
            _ => Picked::Still,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let inner = super::popup(
            area,
            buf,
            (32, self.options.len() as u16 + 3),
            &self.title,
            theme.focus_border(),
            theme.title(),
        );
        let mut lines: Vec<Line> = self
            .options
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let text = format!(" {} {name}", i + 1);
                if i == self.selected {
                    Line::from(Span::styled(text, theme.selected()))
                } else {
                    Line::from(text)
                }
            })
            .collect();
        lines.push(Line::from(Span::styled(
            " Enter choose · Esc cancel",
            theme.dim(),
        )));
        Paragraph::new(lines).render(inner, buf);
    }
}
