//! A question answered by one key: yes/no (`y`/Enter, `n`/Esc), or a
//! choice among a few (the resume offer). The owner gives the table.

use super::Outcome;
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind, lookup};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// The answer to a yes/no question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
}

/// `y`/Enter yes, `n`/Esc no.
pub const YES_NO: &[Binding<Answer>] = &[
    bind(
        &[Key::Plain(KeyCode::Char('y')), Key::Plain(KeyCode::Enter)],
        Answer::Yes,
        "yes",
    )
    .hint("yes", Rank::Vital),
    bind(
        &[Key::Plain(KeyCode::Char('n')), Key::Plain(KeyCode::Esc)],
        Answer::No,
        "no",
    )
    .hint("no", Rank::Vital),
];

/// A question and the table of its answers.
#[derive(Debug, Clone)]
pub struct Choice<A: 'static> {
    pub title: &'static str,
    pub question: String,
    pub table: &'static [Binding<A>],
}

/// A yes/no question.
pub fn confirm(question: impl Into<String>) -> Choice<Answer> {
    Choice {
        title: "Confirm",
        question: question.into(),
        table: YES_NO,
    }
}

impl<A: Copy + PartialEq> Choice<A> {
    pub fn help(&self) -> HelpGroup {
        HelpGroup::of(self.title, self.table)
    }

    /// `Submit` carries the answer; `No` for a yes/no is the owner's cancel.
    pub fn handle_key(&self, key: KeyEvent) -> Outcome<A> {
        lookup(self.table, key).map_or(Outcome::Ignored, Outcome::Submit)
    }

    /// The question, then one line per answer: its keys and what it does.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let width = 70.min(area.width);
        let rows = super::form::wrapped_rows(&self.question, width.saturating_sub(2));
        let help = self.help();
        let inner = super::popup(
            area,
            buf,
            (width, rows + 3 + help.lines.len() as u16),
            self.title,
            theme.error(),
            theme.title(),
        );
        let mut lines = vec![Line::from(self.question.clone()), Line::from("")];
        lines.extend(help.lines.iter().map(|l| {
            Line::from(vec![
                Span::styled(l.keys.clone(), theme.key()),
                Span::raw(format!(" {}", l.help)),
            ])
        }));
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::every_key;

    #[test]
    fn only_the_tables_keys_answer() {
        let choice = confirm("Delete?");
        for key in every_key() {
            assert_eq!(
                lookup(YES_NO, key).is_some(),
                choice.handle_key(key) != Outcome::Ignored,
                "{key:?}"
            );
        }
        assert_eq!(
            choice.handle_key(KeyEvent::from(KeyCode::Enter)),
            Outcome::Submit(Answer::Yes)
        );
        assert_eq!(
            choice.handle_key(KeyEvent::from(KeyCode::Esc)),
            Outcome::Submit(Answer::No)
        );
    }
}
