//! A one-line question in a popup: reach, effort, a kill reason, a stamp's
//! text, a quote. Its owner chooses its table (what Esc means, whether Tab
//! completes); the field's editing keys follow it.

use super::Outcome;
use super::form::wrapped_rows;
use super::line_input::{EDITING, LineInput};
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind, lookup};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// What a key asks of a prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKey {
    Save,
    Cancel,
    /// Complete the word from known values (a tool's name).
    Complete,
}

/// Enter saves, Esc cancels.
pub const PROMPT: &[Binding<PromptKey>] = &[
    bind(&[Key::Plain(KeyCode::Enter)], PromptKey::Save, "save").hint("save", Rank::Vital),
    bind(
        &[Key::Plain(KeyCode::Esc)],
        PromptKey::Cancel,
        "cancel: nothing is saved",
    )
    .hint("cancel", Rank::Vital),
];

#[derive(Debug, Clone)]
pub struct Prompt {
    pub title: String,
    pub input: LineInput,
    pub help: String,
    pub error: Option<String>,
    table: &'static [Binding<PromptKey>],
}

impl Prompt {
    pub fn new(title: impl Into<String>, text: &str, help: impl Into<String>) -> Self {
        let mut input = LineInput::new(text);
        input.set_cursor_visible(true);
        input.select_all();
        Self {
            title: title.into(),
            input,
            help: help.into(),
            error: None,
            table: PROMPT,
        }
    }

    /// Uses another table (say, Esc keeps a stamp; Tab completes).
    pub fn with_table(mut self, table: &'static [Binding<PromptKey>]) -> Self {
        self.table = table;
        self
    }

    pub fn text(&self) -> &str {
        self.input.text()
    }

    /// This prompt's keys, for the status bar and `?`.
    pub fn help(&self) -> HelpGroup {
        HelpGroup::of(self.title.clone(), self.table).with(EDITING)
    }

    /// `Submit` carries the key asked for (Save or Complete); the owner
    /// checks the text and says what is wrong in `error`.
    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome<PromptKey> {
        match lookup(self.table, key) {
            Some(PromptKey::Cancel) => Outcome::Cancel,
            Some(asked) => Outcome::Submit(asked),
            None => match self.input.handle_key(key) {
                None => Outcome::Ignored,
                Some(changed) => {
                    if changed {
                        self.error = None;
                    }
                    Outcome::Editing
                }
            },
        }
    }

    pub fn paste(&mut self, text: &str) {
        if self.input.paste(text) {
            self.error = None;
        }
    }

    /// Replaces the text (a completion), cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        let mut input = LineInput::new(text);
        input.set_cursor_visible(true);
        self.input = input;
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let width = 64.min(area.width);
        let note = match &self.error {
            Some(e) => Span::styled(format!("✗ {e}"), theme.error()),
            None => Span::styled(self.help.clone(), theme.dim()),
        };
        let note_rows = wrapped_rows(&note.content, width.saturating_sub(4));
        let inner = super::popup(
            area,
            buf,
            (width, note_rows + 4),
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
        let rest = Rect::new(
            inner.x + 1,
            inner.y + 1,
            inner.width.saturating_sub(2),
            inner.height.saturating_sub(2),
        );
        Paragraph::new(Line::from(note))
            .wrap(Wrap { trim: true })
            .render(rest, buf);
        let keys = Rect::new(
            inner.x + 1,
            inner.bottom().saturating_sub(1),
            inner.width.saturating_sub(2),
            1,
        );
        Paragraph::new(super::key_line(&self.help(), theme)).render(keys, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::every_key;

    #[test]
    fn every_key_in_the_table_does_something_and_no_other_does() {
        for key in every_key() {
            let mut prompt = Prompt::new("t", "12", "");
            let advertised = lookup(PROMPT, key).is_some() || LineInput::is_editing_key(key);
            let outcome = prompt.handle_key(key);
            assert_eq!(advertised, outcome != Outcome::Ignored, "{key:?}");
        }
    }

    #[test]
    fn typing_replaces_the_offered_value() {
        let mut prompt = Prompt::new("Reach", "70", "");
        prompt.handle_key(KeyEvent::from(KeyCode::Char('4')));
        assert_eq!(prompt.text(), "4");
        assert_eq!(
            prompt.handle_key(KeyEvent::from(KeyCode::Enter)),
            Outcome::Submit(PromptKey::Save)
        );
    }
}
