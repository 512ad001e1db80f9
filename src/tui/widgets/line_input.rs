//! A one-line text field on top of ratatui-textarea: it never takes a
//! newline, and a paste lands in it in one piece. Its editing keys are a
//! binding table like every mode's; a field entered with Tab has its value
//! selected, so typing replaces it.

use crate::tui::keymap::{Binding, Key, bind, lookup};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea};

/// What an editing key does to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Type,
    Change,
    Clear,
}

/// The keys that edit a one-line field, in every modal that has one.
pub const EDITING: &[Binding<Edit>] = &[
    bind(&[Key::Text], Edit::Type, "type (replaces a selected value)"),
    bind(
        &[
            Key::Plain(KeyCode::Backspace),
            Key::Plain(KeyCode::Delete),
            Key::Plain(KeyCode::Left),
            Key::Plain(KeyCode::Right),
            Key::Plain(KeyCode::Home),
            Key::Plain(KeyCode::End),
            Key::Ctrl('w'),
        ],
        Edit::Change,
        "delete, move the cursor; Ctrl-W deletes a word",
    ),
    bind(&[Key::Ctrl('u')], Edit::Clear, "clear the field"),
];

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

    /// Whether `key` is one of the editing keys.
    pub fn is_editing_key(key: KeyEvent) -> bool {
        lookup(EDITING, key).is_some()
    }

    /// Edits the field with a key from [`EDITING`]; other keys are the
    /// caller's. Returns `None` for a key not in the table, else whether
    /// the text changed.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<bool> {
        let edit = lookup(EDITING, key)?;
        Some(match edit {
            Edit::Clear => self.clear(),
            Edit::Type | Edit::Change => {
                let moves = matches!(
                    key.code,
                    KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End
                );
                if moves && self.area.is_selecting() {
                    self.area.cancel_selection();
                }
                self.area.input(key)
            }
        })
    }

    /// Empties the field; returns whether there was text.
    pub fn clear(&mut self) -> bool {
        let had = !self.text().is_empty();
        self.area = TextArea::new(vec![String::new()]);
        self.area.set_cursor_line_style(Style::new());
        self.set_cursor_visible(true);
        had
    }

    /// Selects the whole value, so that typing replaces it (a field
    /// entered with Tab).
    pub fn select_all(&mut self) {
        if self.text().is_empty() {
            return;
        }
        self.area.move_cursor(CursorMove::Head);
        self.area.start_selection();
        self.area.move_cursor(CursorMove::End);
    }

    /// Leaves the field: a selection left in it is dropped.
    pub fn deselect(&mut self) {
        self.area.cancel_selection();
    }

    /// Inserts pasted text at the cursor, line breaks turned into spaces.
    pub fn paste(&mut self, text: &str) -> bool {
        let cut: String = text.chars().take(MAX_PASTE_CHARS).collect();
        let replaced = self.area.is_selecting() && self.area.cut();
        self.area.insert_str(one_line(&cut)) || replaced
    }

    pub fn set_style(&mut self, style: Style) {
        self.area.set_style(style);
    }

    pub fn set_cursor_visible(&mut self, visible: bool) {
        let style = if visible {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        self.area.set_cursor_style(style);
        self.area
            .set_selection_style(Style::new().add_modifier(Modifier::REVERSED));
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

    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn enter_never_adds_a_line() {
        let mut input = LineInput::new("abc");
        assert_eq!(input.handle_key(key(KeyCode::Enter)), None);
        assert_eq!(
            input.handle_key(KeyEvent::new(KeyCode::Char('m'), KeyModifiers::CONTROL)),
            None
        );
        assert_eq!(input.text(), "abc");
    }

    #[test]
    fn a_selected_value_is_replaced_and_ctrl_u_clears() {
        let mut input = LineInput::new("70");
        input.select_all();
        for c in "400".chars() {
            input.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(input.text(), "400");
        input.select_all();
        input.handle_key(key(KeyCode::End));
        input.handle_key(key(KeyCode::Char('1')));
        assert_eq!(input.text(), "4001", "a move keeps the value");
        input.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(input.text(), "");
        let mut pasted = LineInput::new("old");
        pasted.select_all();
        pasted.paste("new");
        assert_eq!(pasted.text(), "new");
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
