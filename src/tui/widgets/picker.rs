//! Choosing one of a few named options with j/k, a digit, or Enter.

use super::Outcome;
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind, lookup};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// What a key asks of a picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKey {
    Down,
    Up,
    Choose,
    Cancel,
    /// Choose the option with this number (from 1).
    Number,
}

const DIGITS: [Key; 9] = [
    Key::Plain(KeyCode::Char('1')),
    Key::Plain(KeyCode::Char('2')),
    Key::Plain(KeyCode::Char('3')),
    Key::Plain(KeyCode::Char('4')),
    Key::Plain(KeyCode::Char('5')),
    Key::Plain(KeyCode::Char('6')),
    Key::Plain(KeyCode::Char('7')),
    Key::Plain(KeyCode::Char('8')),
    Key::Plain(KeyCode::Char('9')),
];

const MOVES: [Binding<PickerKey>; 4] = [
    bind(&[Key::Plain(KeyCode::Enter)], PickerKey::Choose, "choose").hint("choose", Rank::Vital),
    bind(&[Key::Plain(KeyCode::Esc)], PickerKey::Cancel, "cancel").hint("cancel", Rank::Vital),
    bind(
        &[Key::Plain(KeyCode::Char('j')), Key::Plain(KeyCode::Down)],
        PickerKey::Down,
        "move down",
    )
    .hint("move", Rank::Main),
    bind(
        &[Key::Plain(KeyCode::Char('k')), Key::Plain(KeyCode::Up)],
        PickerKey::Up,
        "move up",
    ),
];

#[derive(Debug, Clone)]
pub struct Picker {
    pub title: String,
    pub options: Vec<String>,
    pub selected: usize,
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

    /// The keys: the moves, and one digit per option (at most nine).
    pub fn table(&self) -> Vec<Binding<PickerKey>> {
        let mut table = MOVES.to_vec();
        let n = self.options.len().min(DIGITS.len());
        if n > 0 {
            table.push(
                bind(&DIGITS[..n], PickerKey::Number, "choose by number")
                    .hint("number", Rank::Extra),
            );
        }
        table
    }

    pub fn help(&self) -> HelpGroup {
        HelpGroup::of(self.title.clone(), &self.table())
    }

    /// `Submit` carries the chosen option's index.
    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome<usize> {
        let last = self.options.len().saturating_sub(1);
        match lookup(&self.table(), key) {
            None => Outcome::Ignored,
            Some(PickerKey::Cancel) => Outcome::Cancel,
            Some(PickerKey::Choose) => Outcome::Submit(self.selected),
            Some(PickerKey::Down) => {
                self.selected = (self.selected + 1).min(last);
                Outcome::Editing
            }
            Some(PickerKey::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::Editing
            }
            Some(PickerKey::Number) => match key.code {
                KeyCode::Char(c) => c
                    .to_digit(10)
                    .map_or(Outcome::Ignored, |d| Outcome::Submit(d as usize - 1)),
                _ => Outcome::Ignored,
            },
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let inner = super::popup(
            area,
            buf,
            (34, self.options.len() as u16 + 3),
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
        let mut keys = super::key_line(&self.help(), theme);
        keys.spans.insert(0, Span::raw(" "));
        lines.push(keys);
        Paragraph::new(lines).render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::every_key;

    #[test]
    fn every_key_in_the_table_does_something_and_no_other_does() {
        for key in every_key() {
            let mut picker = Picker::new("t", vec!["a".into(), "b".into(), "c".into()], 1);
            let advertised = lookup(&picker.table(), key).is_some();
            assert_eq!(
                advertised,
                picker.handle_key(key) != Outcome::Ignored,
                "{key:?}"
            );
        }
        let mut picker = Picker::new("t", vec!["a".into(), "b".into()], 0);
        assert_eq!(
            picker.handle_key(KeyEvent::from(KeyCode::Char('2'))),
            Outcome::Submit(1)
        );
        assert_eq!(
            picker.handle_key(KeyEvent::from(KeyCode::Char('3'))),
            Outcome::Ignored
        );
    }
}
