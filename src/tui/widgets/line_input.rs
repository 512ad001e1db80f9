//! A one-line text field on top of ratatui-textarea: it never takes a
//! newline, and a paste lands in it in one piece.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea};

/// The most a single-line field keeps from one paste; titles allow 200, so
/// this only stops a stray megabyte from making every frame slow.
pub const MAX_PASTE_CHARS: usize = 10_000;

#[derive(Debug, Clone)]
pub struct LineInput {
    area: TextArea<'static>,
}

impl Default for LineInput {
    fn default() -> Self {
        Self::new("")
    }
}

impl LineInput {
    pub fn new(text: &str) -> Self {
        let mut area = TextArea::new(vec![one_line(text)]);
        area.set_cursor_line_style(Style::new());
        area.move_cursor(CursorMove::End);
        Self { area }
    }

    pub fn with_placeholder(mut self, placeholder: &str) -> Self {
        self.area.set_placeholder_text(placeholder);
        self
    }

    pub fn text(&self) -> &str {
        self.area.lines().first().map_or("", String::as_str)
    }

    /// Edits the field with a key; Enter, Tab and Esc are for the caller.
    /// Returns whether the text changed.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let newline = matches!(key.code, KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab)
            || (key.modifiers.contains(KeyModifiers::CONTROL)
                && matches!(key.code, KeyCode::Char('m' | 'j')));
        if newline {
            return false;
        }
        self.area.input(key)
    }

    /// Inserts pasted text at the cursor, line breaks turned into spaces.
    pub fn paste(&mut self, text: &str) -> bool {
        let cut: String = text.chars().take(MAX_PASTE_CHARS).collect();
        self.area.insert_str(one_line(&cut))
    }

    pub fn set_style(&mut self, style: Style) {
        self.area.set_style(style);
    }

    pub fn set_cursor_visible(&mut self, visible: bool) {
        let style = if visible {
            Style::new().add_modifier(ratatui::style::Modifier::REVERSED)
        } else {
            Style::new()
        };
        self.area.set_cursor_style(style);
    }

    pub fn widget(&self) -> &TextArea<'static> {
        &self.area
    }
}

/// Joins lines with spaces and drops other control characters.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ")
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_never_adds_a_line() {
        let mut input = LineInput::new("abc");
        assert!(!input.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        assert!(!input.handle_key(KeyEvent::new(KeyCode::Char('m'), KeyModifiers::CONTROL)));
        assert_eq!(input.text(), "abc");
    }

    #[test]
    fn paste_is_one_line_in_one_piece() {
        let mut input = LineInput::new("a");
        input.paste("b\nc\r\nd\te\u{1b}[31m");
        assert_eq!(input.text(), "ab c d e[31m");
        let mut big = LineInput::default();
        big.paste(&"x".repeat(1_000_000));
        assert_eq!(big.text().len(), MAX_PASTE_CHARS);
    }
}
