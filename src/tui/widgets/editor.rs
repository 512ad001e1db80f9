//! The multi-line editor of every longer text (an interview note, a
//! synthesis entry): soft-wrapped, saved by its owner a moment after the
//! last keystroke and when it closes. A paste keeps its line breaks, CR and
//! CRLF turned into LF.

use super::Outcome;
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind, lookup};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// What a key asks of the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorKey {
    Close,
    NewLine,
    Type,
    Change,
}

use KeyCode::{Backspace, Delete, Down, End, Enter, Esc, Home, Left, Right, Up};

pub const EDITOR: &[Binding<EditorKey>] = &[
    bind(
        &[Key::Plain(Esc)],
        EditorKey::Close,
        "close the editor (the text is saved)",
    )
    .hint("close (saved)", Rank::Vital),
    bind(&[Key::Plain(Enter)], EditorKey::NewLine, "new line").hint("new line", Rank::Main),
    bind(&[Key::Text], EditorKey::Type, "type"),
    bind(
        &[
            Key::Plain(Backspace),
            Key::Plain(Delete),
            Key::Plain(Left),
            Key::Plain(Right),
            Key::Plain(Up),
            Key::Plain(Down),
            Key::Plain(Home),
            Key::Plain(End),
            Key::Ctrl('w'),
        ],
        EditorKey::Change,
        "delete, move the cursor; Ctrl-W deletes a word",
    ),
];

/// The editor's keys inside a form, where Esc and Tab are the form's.
pub const EDITOR_TEXT: &[Binding<EditorKey>] = &[
    bind(
        &[Key::Plain(Enter)],
        EditorKey::NewLine,
        "new line (in a multi-line field)",
    )
    .hint("new line", Rank::Main),
    bind(&[Key::Text], EditorKey::Type, "type"),
    bind(
        &[
            Key::Plain(Backspace),
            Key::Plain(Delete),
            Key::Plain(Left),
            Key::Plain(Right),
            Key::Plain(Up),
            Key::Plain(Down),
            Key::Plain(Home),
            Key::Plain(End),
            Key::Ctrl('w'),
        ],
        EditorKey::Change,
        "delete, move the cursor (↑/↓ between lines); Ctrl-W deletes a word",
    ),
];

#[derive(Debug, Clone)]
pub struct Editor {
    area: TextArea<'static>,
    /// Whether the last key changed the text.
    changed: bool,
}

impl Editor {
    pub fn new(text: &str) -> Self {
        let text = normalize_breaks(text);
        let lines: Vec<String> = if text.is_empty() {
            vec![String::new()]
        } else {
            text.split('\n').map(str::to_string).collect()
        };
        let mut area = TextArea::new(lines);
        area.set_cursor_line_style(Style::new());
        area.set_cursor_style(Style::new().add_modifier(Modifier::REVERSED));
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        Self {
            area,
            changed: false,
        }
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn help(title: &str) -> HelpGroup {
        HelpGroup::of(title, EDITOR)
    }

    /// `Cancel` closes the editor; whether a key changed the text is
    /// [`Editor::changed`].
    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome<()> {
        self.changed = false;
        match lookup(EDITOR, key) {
            None => Outcome::Ignored,
            Some(EditorKey::Close) => Outcome::Cancel,
            Some(EditorKey::NewLine) => {
                self.area.insert_newline();
                self.changed = true;
                Outcome::Editing
            }
            Some(EditorKey::Type | EditorKey::Change) => {
                self.changed = self.area.input(key);
                Outcome::Editing
            }
        }
    }

    /// A key from [`EDITOR_TEXT`] (a multi-line field of a form); `None`
    /// for any other key, else whether the text changed.
    pub fn handle_text_key(&mut self, key: KeyEvent) -> Option<bool> {
        lookup(EDITOR_TEXT, key)?;
        match self.handle_key(key) {
            Outcome::Editing => Some(self.changed),
            _ => None,
        }
    }

    /// Shows the cursor only while the editor has focus.
    pub fn set_cursor_visible(&mut self, visible: bool) {
        let style = if visible {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        self.area.set_cursor_style(style);
    }

    /// Whether the last key or paste changed the text.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// Inserts a paste whole, its line breaks kept as LF.
    pub fn paste(&mut self, text: &str) -> bool {
        let clean: String = normalize_breaks(text)
            .chars()
            .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
            .collect();
        self.changed = self.area.insert_str(clean);
        self.changed
    }

    pub fn widget(&self) -> &TextArea<'static> {
        &self.area
    }
}

/// CRLF and lone CR (old Mac, some terminals' paste) become LF.
pub fn normalize_breaks(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::every_key;

    #[test]
    fn a_pasted_crlf_becomes_lf() {
        let mut editor = Editor::new("");
        editor.paste("one\r\ntwo\rthree\u{1b}[31m");
        assert_eq!(editor.text(), "one\ntwo\nthree[31m");
    }

    #[test]
    fn every_key_in_the_table_does_something_and_no_other_does() {
        for key in every_key() {
            let mut editor = Editor::new("some text\nmore");
            assert_eq!(
                lookup(EDITOR, key).is_some(),
                editor.handle_key(key) != Outcome::Ignored,
                "{key:?}"
            );
        }
    }
}
