//! Ticking several options of a list (the sources of a new synthesis):
//! j/k move, Space ticks, Enter is done.

use super::Outcome;
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind, lookup};
use crossterm::event::{KeyCode, KeyEvent};

/// What a key asks of a checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecklistKey {
    Down,
    Up,
    Toggle,
    Done,
    Cancel,
}

use KeyCode::{Char, Down, Enter, Esc, Up};

pub const CHECKLIST: &[Binding<ChecklistKey>] = &[
    bind(
        &[Key::Plain(Char(' ')), Key::Plain(Char('x'))],
        ChecklistKey::Toggle,
        "tick or untick",
    )
    .hint("pick", Rank::Vital),
    bind(&[Key::Plain(Enter)], ChecklistKey::Done, "done: create").hint("create", Rank::Vital),
    bind(&[Key::Plain(Esc)], ChecklistKey::Cancel, "cancel").hint("cancel", Rank::Vital),
    bind(
        &[Key::Plain(Char('j')), Key::Plain(Down)],
        ChecklistKey::Down,
        "move down",
    )
    .hint("move", Rank::Main),
    bind(
        &[Key::Plain(Char('k')), Key::Plain(Up)],
        ChecklistKey::Up,
        "move up",
    ),
];

#[derive(Debug, Clone)]
pub struct Checklist {
    pub options: Vec<String>,
    pub checked: Vec<bool>,
    pub cursor: usize,
}

impl Checklist {
    pub fn new(options: Vec<String>) -> Self {
        let checked = vec![false; options.len()];
        Self {
            options,
            checked,
            cursor: 0,
        }
    }

    pub fn help(title: &str) -> HelpGroup {
        HelpGroup::of(title, CHECKLIST)
    }

    /// `Submit` carries the ticked positions; `error` is for the owner.
    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome<Vec<usize>> {
        let last = self.options.len().saturating_sub(1);
        match lookup(CHECKLIST, key) {
            None => Outcome::Ignored,
            Some(ChecklistKey::Cancel) => Outcome::Cancel,
            Some(ChecklistKey::Down) => {
                self.cursor = (self.cursor + 1).min(last);
                Outcome::Editing
            }
            Some(ChecklistKey::Up) => {
                self.cursor = self.cursor.saturating_sub(1);
                Outcome::Editing
            }
            Some(ChecklistKey::Toggle) => {
                if let Some(c) = self.checked.get_mut(self.cursor) {
                    *c = !*c;
                }
                Outcome::Editing
            }
            Some(ChecklistKey::Done) => Outcome::Submit(
                self.checked
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c)
                    .map(|(i, _)| i)
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::every_key;

    #[test]
    fn ticks_and_submits_the_ticked() {
        let mut list = Checklist::new(vec!["a".into(), "b".into()]);
        list.handle_key(KeyEvent::from(Char('j')));
        list.handle_key(KeyEvent::from(Char(' ')));
        assert_eq!(
            list.handle_key(KeyEvent::from(Enter)),
            Outcome::Submit(vec![1])
        );
        for key in every_key() {
            let mut list = Checklist::new(vec!["a".into()]);
            assert_eq!(
                lookup(CHECKLIST, key).is_some(),
                list.handle_key(key) != Outcome::Ignored,
                "{key:?}"
            );
        }
    }
}
