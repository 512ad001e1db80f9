//! Selection and `/` filter of a plain list — past sessions, interviews,
//! syntheses. The list itself stays with its pane; this keeps which row is
//! selected among the rows the filter lets through.

use super::Outcome;
use super::line_input::{EDITING, LineInput};
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind, lookup};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};

/// What a key asks of a filter line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    Keep,
    Clear,
}

/// The filter line's keys; the field's editing keys follow them.
pub const FILTER: &[Binding<FilterKey>] = &[
    bind(
        &[Key::Plain(KeyCode::Enter)],
        FilterKey::Keep,
        "keep the filter and go back to the list",
    )
    .hint("keep filter", Rank::Vital),
    bind(
        &[Key::Plain(KeyCode::Esc)],
        FilterKey::Clear,
        "clear the filter",
    )
    .hint("clear filter", Rank::Vital),
];

/// The filter line's keys, for the status bar and `?`.
pub fn filter_help() -> HelpGroup {
    HelpGroup::of("Filter", FILTER).with(EDITING)
}

/// A key on a filter line: `Submit(true)` keeps it, `Cancel` clears it,
/// `Editing` when the text may have changed.
pub fn filter_line_key(input: &mut LineInput, key: KeyEvent) -> Outcome<()> {
    match lookup(FILTER, key) {
        Some(FilterKey::Keep) => Outcome::Submit(()),
        Some(FilterKey::Clear) => Outcome::Cancel,
        None => match input.handle_key(key) {
            None => Outcome::Ignored,
            Some(_) => Outcome::Editing,
        },
    }
}
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Where a key or the mouse moves the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Down,
    Up,
    By(i32),
    /// A row on screen, counted from the first one shown.
    Row(usize),
}

#[derive(Debug, Default)]
pub struct ListView {
    /// Index into the rows the filter lets through.
    selected: usize,
    /// The filter line while it is being typed.
    input: Option<LineInput>,
    text: String,
}

impl ListView {
    /// Positions (in the pane's list) of the rows whose label holds every
    /// word of the filter, case-insensitively.
    pub fn visible<S: AsRef<str>>(&self, labels: impl IntoIterator<Item = S>) -> Vec<usize> {
        let words: Vec<String> = self
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        labels
            .into_iter()
            .enumerate()
            .filter(|(_, label)| {
                let label = label.as_ref().to_lowercase();
                words.iter().all(|w| label.contains(w.as_str()))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The selected row's position in the pane's list.
    pub fn selected(&self, visible: &[usize]) -> Option<usize> {
        visible
            .get(self.selected.min(visible.len().saturating_sub(1)))
            .copied()
    }

    /// The selection's index among the visible rows, for drawing.
    pub fn selected_row(&self, visible: &[usize]) -> usize {
        self.selected.min(visible.len().saturating_sub(1))
    }

    /// The first visible row to draw so the selection shows in `rows` rows.
    pub fn first_row(&self, visible: &[usize], rows: usize) -> usize {
        self.selected_row(visible)
            .saturating_sub(rows.saturating_sub(1))
    }

    pub fn move_by(&mut self, to: Move, visible: &[usize], rows: usize) {
        let last = visible.len().saturating_sub(1);
        let current = self.selected_row(visible);
        self.selected = match to {
            Move::Down => current + 1,
            Move::Up => current.saturating_sub(1),
            Move::By(d) => (current as i64 + i64::from(d)).max(0) as usize,
            Move::Row(r) => self.first_row(visible, rows) + r,
        }
        .min(last);
    }

    /// Selects the row at `position` in the pane's list, if it is shown.
    pub fn select(&mut self, position: usize, visible: &[usize]) {
        if let Some(row) = visible.iter().position(|&i| i == position) {
            self.selected = row;
        }
    }

    pub fn open_filter(&mut self) {
        let mut input = LineInput::new(&self.text).with_placeholder("words");
        input.set_cursor_visible(true);
        self.input = Some(input);
    }

    pub fn is_filtering(&self) -> bool {
        self.input.is_some()
    }

    /// Keys while the filter line is open: Enter keeps the filter, Esc
    /// clears it, the editing keys edit it. Nothing is written.
    pub fn filter_key(&mut self, key: KeyEvent) -> Outcome<()> {
        let Some(input) = self.input.as_mut() else {
            return Outcome::Ignored;
        };
        let outcome = filter_line_key(input, key);
        match outcome {
            Outcome::Submit(()) => self.input = None,
            Outcome::Cancel => {
                self.input = None;
                self.set_text(String::new());
            }
            Outcome::Editing => {
                let text = input.text().to_string();
                if text != self.text {
                    self.set_text(text);
                }
            }
            Outcome::Ignored => {}
        }
        outcome
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(input) = self.input.as_mut() {
            input.paste(text);
            let text = input.text().to_string();
            self.set_text(text);
        }
    }

    /// Whether a filter is in force (Esc then clears it).
    pub fn is_filtered(&self) -> bool {
        !self.text.is_empty()
    }

    /// Esc on the list: clears a filter in force; false when there was none.
    pub fn clear_filter(&mut self) -> bool {
        if self.text.is_empty() {
            return false;
        }
        self.set_text(String::new());
        true
    }

    fn set_text(&mut self, text: String) {
        self.text = text;
        self.selected = 0;
    }

    /// The message line: the filter being typed or in force.
    pub fn render_filter_line(
        &self,
        area: Rect,
        buf: &mut Buffer,
        theme: Theme,
        shown: usize,
    ) -> bool {
        if let Some(input) = &self.input {
            Paragraph::new(Span::styled("/ ", theme.key())).render(area, buf);
            let field =
                Rect::new(area.x + 2, area.y, area.width.saturating_sub(32), 1).intersection(area);
            input.widget().render(field, buf);
            let note = format!(" {shown} shown");
            let x = area.right().saturating_sub(30);
            Paragraph::new(Span::styled(note, theme.dim()))
                .render(Rect::new(x, area.y, 30, 1).intersection(area), buf);
            return true;
        }
        if !self.text.is_empty() {
            Paragraph::new(Line::from(vec![
                Span::styled("filter ", theme.dim()),
                Span::styled(self.text.as_str(), theme.key()),
                Span::styled(format!("   {shown} shown"), theme.dim()),
            ]))
            .render(area, buf);
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    #[test]
    fn filters_selects_and_clears() {
        let labels = ["Alex payments", "Sam onboarding", "Priya payments"];
        let mut list = ListView::default();
        list.open_filter();
        for c in "PAY".chars() {
            list.filter_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let visible = list.visible(labels.iter().copied());
        assert_eq!(visible, [0, 2]);
        list.move_by(Move::Down, &visible, 10);
        assert_eq!(list.selected(&visible), Some(2));
        list.move_by(Move::Down, &visible, 10);
        assert_eq!(list.selected(&visible), Some(2), "stops at the last");
        list.filter_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert!(!list.is_filtering());
        assert!(list.clear_filter());
        assert_eq!(list.visible(labels.iter().copied()).len(), 3);
        assert!(!list.clear_filter());
    }
}
