//! A form of one-line fields: Tab/Shift-Tab or ↓/↑ move, Enter on the last
//! field or Ctrl-S anywhere saves, Esc cancels. Errors sit next to their
//! field and what the user typed stays.

use super::line_input::LineInput;
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Checks one field's text as the user leaves it: `Some(message)` if bad.
pub type Check = fn(&str) -> Option<String>;

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub input: LineInput,
    /// Shown under the field when there is no error: the allowed values.
    pub help: String,
    pub error: Option<String>,
    pub check: Check,
}

impl Field {
    pub fn new(label: &'static str, text: &str, help: impl Into<String>, check: Check) -> Self {
        Self {
            label,
            input: LineInput::new(text),
            help: help.into(),
            error: None,
            check,
        }
    }

    pub fn placeholder(mut self, text: &str) -> Self {
        self.input = self.input.with_placeholder(text);
        self
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Editing,
    Submit,
    Cancel,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A line under the fields the owner keeps current (the live score).
    pub preview: String,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Self {
        let mut form = Self {
            title: title.into(),
            fields,
            focus: 0,
            preview: String::new(),
        };
        form.show_cursor();
        form
    }

    pub fn text(&self, index: usize) -> &str {
        self.fields.get(index).map_or("", |f| f.input.text())
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => FormOutcome::Cancel,
            KeyCode::Char('s') if ctrl => FormOutcome::Submit,
            KeyCode::Enter if self.focus + 1 == self.fields.len() => FormOutcome::Submit,
            KeyCode::Enter | KeyCode::Tab | KeyCode::Down => {
                self.move_focus(1);
                FormOutcome::Editing
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.move_focus(-1);
                FormOutcome::Editing
            }
            _ => {
                if let Some(field) = self.fields.get_mut(self.focus)
                    && field.input.handle_key(key)
                {
                    // A fix in progress should not stay red.
                    field.error = None;
                }
                FormOutcome::Editing
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.input.paste(text);
            field.error = None;
        }
    }

    /// Leaves the focused field (checking it) for the one `step` away.
    fn move_focus(&mut self, step: isize) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.error = (field.check)(field.input.text());
        }
        let n = self.fields.len() as isize;
        if n > 0 {
            self.focus = (self.focus as isize + step).rem_euclid(n) as usize;
        }
        self.show_cursor();
    }

    /// Puts the errors on their fields and the focus on the first of them.
    pub fn set_errors(&mut self, errors: Vec<(usize, String)>) {
        for (i, message) in errors.iter().rev() {
            if let Some(field) = self.fields.get_mut(*i) {
                field.error = Some(message.clone());
                self.focus = *i;
            }
        }
        self.show_cursor();
    }

    fn show_cursor(&mut self) {
        let focus = self.focus;
        for (i, field) in self.fields.iter_mut().enumerate() {
            field.input.set_cursor_visible(i == focus);
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let roomy = area.height as usize >= self.fields.len() * 2 + 6;
        let rows_per_field = if roomy { 2 } else { 1 };
        let height = (self.fields.len() * rows_per_field + 5) as u16;
        let inner = super::popup(
            area,
            buf,
            (86, height),
            &self.title,
            theme.focus_border(),
            theme.title(),
        );
        let label_width = self
            .fields
            .iter()
            .map(|f| f.label.chars().count() as u16 + 1)
            .max()
            .unwrap_or(12)
            .clamp(12, 18);
        let mut y = inner.y;
        for (i, field) in self.fields.iter().enumerate() {
            if y >= inner.bottom() {
                break;
            }
            let focused = i == self.focus;
            let label_style = if focused { theme.key() } else { theme.base() };
            let label = Rect::new(inner.x, y, label_width.min(inner.width), 1);
            let label_text = format!("{:>w$} ", field.label, w = label_width as usize - 1);
            Paragraph::new(Span::styled(label_text, label_style)).render(label, buf);
            let input = Rect::new(
                inner.x + label.width,
                y,
                inner.width.saturating_sub(label.width),
                1,
            );
            field.input.widget().render(input, buf);
            y += 1;
            if roomy && y < inner.bottom() {
                let note = match &field.error {
                    Some(e) => Span::styled(format!("✗ {e}"), theme.error()),
                    None if focused => Span::styled(field.help.as_str(), theme.dim()),
                    None => Span::raw(""),
                };
                Paragraph::new(note).render(Rect::new(input.x, y, input.width, 1), buf);
                y += 1;
            }
        }
        let footer_y = inner.bottom().saturating_sub(2);
        if footer_y > y.saturating_sub(1) && inner.height >= 2 {
            let message = if roomy {
                None
            } else {
                self.fields
                    .get(self.focus)
                    .and_then(|f| f.error.as_ref())
                    .or_else(|| self.fields.iter().find_map(|f| f.error.as_ref()))
            };
            let line = match message {
                Some(e) => Line::from(Span::styled(format!("✗ {e}"), theme.error())),
                None => Line::from(Span::styled(self.preview.clone(), theme.ok())),
            };
            Paragraph::new(line).render(
                Rect::new(inner.x + 1, footer_y, inner.width.saturating_sub(1), 1),
                buf,
            );
            let keys = Line::from(vec![
                Span::styled("Tab", theme.key()),
                Span::raw(" next field  "),
                Span::styled("Ctrl-S", theme.key()),
                Span::raw(" save  "),
                Span::styled("Esc", theme.key()),
                Span::raw(" cancel"),
            ]);
            Paragraph::new(keys).render(
                Rect::new(inner.x + 1, footer_y + 1, inner.width.saturating_sub(1), 1),
                buf,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_empty(text: &str) -> Option<String> {
        text.trim().is_empty().then(|| "required".to_string())
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn moves_checks_and_submits() {
        let mut form = Form::new(
            "t",
            vec![
                Field::new("A", "", "", not_empty),
                Field::new("B", "x", "", not_empty),
            ],
        );
        assert_eq!(form.handle_key(key(KeyCode::Tab)), FormOutcome::Editing);
        assert_eq!(form.focus, 1);
        assert_eq!(form.fields[0].error.as_deref(), Some("required"));
        assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Submit);
        assert_eq!(form.handle_key(key(KeyCode::Up)), FormOutcome::Editing);
        form.handle_key(key(KeyCode::Char('z')));
        assert_eq!(form.text(0), "z");
        assert!(form.fields[0].error.is_none());
        assert_eq!(
            form.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            FormOutcome::Submit
        );
        assert_eq!(form.handle_key(key(KeyCode::Esc)), FormOutcome::Cancel);
    }
}
