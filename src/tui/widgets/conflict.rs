//! A save that met changes made elsewhere: each field changed both in the
//! form and elsewhere (another open copy, the CLI) since the form was
//! opened, with both values. `m` keeps the form's values, `t` takes the
//! stored ones (the form's other changes are saved either way), Esc goes
//! back to the form with nothing saved.

use super::Outcome;
use crate::formats::sanitize::terminal_line;
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind, lookup};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// How the user settles the conflicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Write the form's values over the stored ones.
    KeepMine,
    /// Keep the stored values; save the form's other changes.
    TakeTheirs,
}

pub const CONFLICT: &[Binding<Resolution>] = &[
    bind(
        &[Key::Plain(KeyCode::Char('m'))],
        Resolution::KeepMine,
        "keep mine: save the form's values over the stored ones",
    )
    .hint("keep mine", Rank::Vital),
    bind(
        &[Key::Plain(KeyCode::Char('t'))],
        Resolution::TakeTheirs,
        "take theirs: keep the stored values, save my other changes",
    )
    .hint("take theirs", Rank::Vital),
];

/// Esc: back to the form, nothing saved.
pub const CONFLICT_BACK: &[Binding<()>] = &[bind(
    &[Key::Plain(KeyCode::Esc)],
    (),
    "back to the form: nothing is saved",
)
.hint("back", Rank::Vital)];

/// One field changed on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    pub label: &'static str,
    pub mine: String,
    pub theirs: String,
}

#[derive(Debug, Clone)]
pub struct ConflictDialog {
    pub title: String,
    pub rows: Vec<ConflictRow>,
}

/// The most lines one value takes in the dialog; a longer one ends in `…`.
const VALUE_LINES: usize = 4;

impl ConflictDialog {
    pub fn new(title: impl Into<String>, rows: Vec<ConflictRow>) -> Self {
        Self {
            title: title.into(),
            rows,
        }
    }

    pub fn help(&self) -> HelpGroup {
        HelpGroup::of(self.title.clone(), CONFLICT).with(CONFLICT_BACK)
    }

    /// `Submit` carries the resolution; `Cancel` is back to the form.
    pub fn handle_key(&self, key: KeyEvent) -> Outcome<Resolution> {
        if lookup(CONFLICT_BACK, key).is_some() {
            return Outcome::Cancel;
        }
        lookup(CONFLICT, key).map_or(Outcome::Ignored, Outcome::Submit)
    }

    /// The dialog's lines at `width` columns: each field with both values
    /// wrapped whole (at most a few lines each), then the keys.
    fn lines(&self, width: u16, theme: Theme) -> Vec<Line<'static>> {
        let width = usize::from(width.max(12));
        let mut lines = vec![Line::from(
            "Changed elsewhere since you opened the form:".to_string(),
        )];
        for row in &self.rows {
            lines.push(Line::from(Span::styled(
                row.label.to_string(),
                theme.title(),
            )));
            for (name, value) in [("mine  ", &row.mine), ("theirs", &row.theirs)] {
                let text = if value.is_empty() {
                    "(empty)".to_string()
                } else {
                    value.clone()
                };
                let shown: Vec<String> = text
                    .lines()
                    .map(|l| terminal_line(l).into_owned())
                    .collect();
                let mut wrapped = super::wrap_words(&shown.join("\n"), width - 10);
                if wrapped.len() > VALUE_LINES {
                    wrapped.truncate(VALUE_LINES);
                    if let Some(last) = wrapped.last_mut() {
                        *last = super::fit(&format!("{last} …"), width - 10);
                    }
                }
                for (i, part) in wrapped.into_iter().enumerate() {
                    let head = if i == 0 {
                        Span::styled(format!("  {name}  "), theme.key())
                    } else {
                        Span::raw(" ".repeat(10))
                    };
                    lines.push(Line::from(vec![head, Span::raw(part)]));
                }
            }
        }
        lines.push(Line::from(""));
        for l in self.help().lines {
            let text = format!("{} {}", l.keys, l.help);
            for (i, part) in super::wrap_words(&text, width).into_iter().enumerate() {
                lines.push(if i == 0 {
                    let rest = part.get(l.keys.len()..).unwrap_or("").to_string();
                    Line::from(vec![
                        Span::styled(l.keys.clone(), theme.key()),
                        Span::raw(rest),
                    ])
                } else {
                    Line::from(part)
                });
            }
        }
        lines
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let width = 76.min(area.width);
        let lines = self.lines(width.saturating_sub(3), theme);
        let inner = super::popup(
            area,
            buf,
            (width, lines.len() as u16 + 2),
            &self.title,
            theme.error(),
            theme.title(),
        );
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(1),
            ..inner
        };
        Paragraph::new(lines).render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::every_key;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn dialog() -> ConflictDialog {
        ConflictDialog::new(
            "Conflict — Faster CI pipelines",
            vec![ConflictRow {
                label: "Title",
                mine: "Faster CI".into(),
                theirs: "Fast CI\u{1b}]0;x\u{7}".into(),
            }],
        )
    }

    #[test]
    fn only_the_tables_keys_do_something() {
        let d = dialog();
        for key in every_key() {
            let known = lookup(CONFLICT, key).is_some() || lookup(CONFLICT_BACK, key).is_some();
            assert_eq!(known, d.handle_key(key) != Outcome::Ignored, "{key:?}");
            assert_eq!(known, d.help().covers(key), "{key:?}");
        }
        let key = |c| KeyEvent::from(KeyCode::Char(c));
        assert_eq!(
            d.handle_key(key('m')),
            Outcome::Submit(Resolution::KeepMine)
        );
        assert_eq!(
            d.handle_key(key('t')),
            Outcome::Submit(Resolution::TakeTheirs)
        );
        assert_eq!(d.handle_key(KeyEvent::from(KeyCode::Esc)), Outcome::Cancel);
    }

    #[test]
    fn both_values_are_shown_inert_and_whole_at_80_columns() {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| dialog().render(f.area(), f.buffer_mut(), Theme { color: false }))
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        let text: String = buffer.content().iter().map(|c| c.symbol()).collect();
        assert!(text.contains("mine    Faster CI"), "{text}");
        assert!(text.contains("theirs  Fast CI"), "{text}");
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains("take theirs"), "{text}");
        assert!(text.contains("back to the form"), "{text}");
    }
}
