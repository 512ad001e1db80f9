//! One module per pane, and the shape every pane has.
//!
//! # Adding a pane
//!
//! 1. A variant in [`Tab`](crate::tui::tab::Tab) (title, tab order) and its
//!    number key in `keymap::GLOBAL`.
//! 2. A module here: the pane's state, its action enum (a variant of
//!    [`Action`](crate::tui::action::Action)), its binding tables (one per
//!    state of the pane, in a `keys.rs`), `update` (the only place that
//!    writes, through store/domain functions the CLI calls too), and
//!    `render` (pure).
//! 3. `impl Pane for YourPane`, and a field plus one arm in `App::pane` /
//!    `App::pane_mut` / `App::update` (the compiler points at each).
//!
//! # How a key travels
//!
//! With no popup open, the key is looked up in `keymap::GLOBAL` and the
//! pane's [`Pane::bindings`]; the action found goes to `update`. With a
//! popup (form, prompt, picker, confirmation, document, filter line,
//! editor) open, [`Pane::modal_key`] hands the key to that modal's
//! `handle_key`, which looks it up in the modal's own table and returns an
//! `Outcome` (`Editing`, `Cancel`, `Submit(..)`); the pane turns a
//! `Submit` into an action. `modal_key` gets no store: it cannot write.
//! The status bar and `?` show [`Pane::modal_help`] or the bindings, so
//! help is generated from the same tables that decide what keys do.

pub mod backlog;
pub mod interview;
pub mod outcomes;
pub mod roadmap;
pub mod shadow;
pub mod synthesis;

use super::action::Action;
use super::keymap::{Binding, HelpGroup};
use super::theme::Theme;
use super::widgets::Outcome;
use super::widgets::confirm::{Answer, Choice};
use crate::domain::time::Clock;
use crate::store::Store;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use std::time::Duration;

/// What a key did while a modal had focus.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyResult {
    /// Not in the modal's table: it does nothing here.
    Ignored,
    /// The modal took it (typed, moved, closed).
    Handled,
    /// The modal asks for this; `update` does it.
    Do(Action),
}

/// What a key did to a yes/no question a pane asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Asked {
    /// No (`n`/Esc): the pane closes the question.
    Close,
    /// Yes asks for the action; other keys are handled or do nothing here.
    Then(KeyResult),
}

/// The one handling of a pane's yes/no question: `y`/Enter asks for
/// `yes()`, `n`/Esc closes it, a key not in its table does nothing here.
pub fn ask(choice: &Choice<Answer>, key: KeyEvent, yes: impl FnOnce() -> Action) -> Asked {
    match choice.handle_key(key) {
        Outcome::Submit(Answer::Yes) => Asked::Then(KeyResult::Do(yes())),
        Outcome::Submit(Answer::No) | Outcome::Cancel => Asked::Close,
        Outcome::Editing => Asked::Then(KeyResult::Handled),
        Outcome::Ignored => Asked::Then(KeyResult::Ignored),
    }
}

/// What render may read besides the pane itself.
#[derive(Debug, Clone)]
pub struct View<'a> {
    pub theme: Theme,
    /// The monotonic clock now, for running clocks.
    pub now: Duration,
    /// Where stored UTC times are shown.
    pub zone: &'a jiff::tz::TimeZone,
}

/// What every pane offers the app shell.
pub trait Pane {
    /// The binding tables of the pane's current state, first match wins
    /// (the list, a running session, an open synthesis…).
    fn bindings(&self) -> Vec<&'static [Binding<Action>]>;

    /// The help of the modal that has focus, if one does.
    fn modal_help(&self) -> Option<HelpGroup>;

    /// A key while a modal has focus (see the module docs).
    fn modal_key(&mut self, key: KeyEvent, body: Rect) -> KeyResult;

    /// A paste while a modal has focus.
    fn paste(&mut self, text: &str) -> Option<Action>;

    /// Whether a form or prompt holds typed text that quitting would lose.
    fn has_unsaved_input(&self) -> bool {
        false
    }

    /// What runs on a clock here ("the session with Alex"), which `q`
    /// and Ctrl-C ask about before quitting.
    fn running_clock(&self) -> Option<String> {
        None
    }

    /// The state of a clock running here (a session recording or paused,
    /// an interview running), shown in the tab bar on every pane.
    fn badge(&self) -> Option<Badge> {
        None
    }

    /// Saves what a quit would otherwise lose (an open editor, a running
    /// clock's position).
    fn before_quit(&mut self, _ctx: &mut Ctx<'_>) {}

    /// Whether a clock runs or an edit waits, so the app ticks.
    fn wants_tick(&self) -> bool {
        false
    }

    fn tick(&mut self, _ctx: &mut Ctx<'_>) {}

    /// The action a left click at `at` asks for.
    fn click(&self, body: Rect, at: Position) -> Option<Action>;

    /// The action the wheel asks for.
    fn scroll(&self, step: i32) -> Action;

    /// The terminal changed size.
    fn resized(&mut self, _ctx: &mut Ctx<'_>) {}

    /// Another copy of the app or the CLI wrote to the file: read again
    /// what is shown, keeping the selection.
    fn refresh(&mut self, ctx: &mut Ctx<'_>);

    fn render(&self, area: Rect, buf: &mut Buffer, view: &View<'_>);

    /// Draws on the message line (a filter); false leaves it to messages.
    fn render_message(&self, _area: Rect, _buf: &mut Buffer, _theme: Theme) -> bool {
        false
    }
}

/// What the tab bar shows beside a pane's title while its clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Badge {
    /// A session or interview whose clock moves.
    Recording,
    /// A session whose clock is paused.
    Paused,
}

impl Badge {
    pub fn text(self) -> &'static str {
        match self {
            Badge::Recording => "● REC",
            Badge::Paused => "‖ PAUSED",
        }
    }
}

/// What a pane's update may use: the store, the clock, the message line,
/// and the area the pane is drawn in (for scrolling and clicks).
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub clock: &'a dyn Clock,
    pub status: &'a mut Status,
    pub body: Rect,
    /// What a pane changed that another pane shows.
    pub changed: &'a mut Changed,
}

/// Changes that cross panes: the app refreshes the other panes after them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changed {
    /// An item was added to the backlog elsewhere (a synthesis promoted
    /// it): its id, to select it there.
    pub backlog_item: Option<String>,
    /// Show this tab (`b` on a promoted entry opens its item).
    pub show_tab: Option<crate::tui::tab::Tab>,
}

/// The one-line message under the pane: what just happened, or what failed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Status {
    pub message: Option<(String, bool)>,
}

impl Status {
    pub fn info(&mut self, message: impl Into<String>) {
        self.message = Some((message.into(), false));
    }

    pub fn error(&mut self, message: impl Into<String>) {
        self.message = Some((message.into(), true));
    }

    /// A failure: what was not done, why, and for storage failures what
    /// it means (read-only, disk full…).
    pub fn failed(&mut self, what: &str, e: &color_eyre::eyre::Report) {
        // A storage failure says what it means in words that fit one
        // 80-column line; SQLite's own text ("database is locked") would
        // only say it twice and push the hint past the edge.
        let message = match crate::store::storage_hint(e) {
            Some(hint) => format!("{what}: {hint}"),
            None => format!("{what}: {e:#}"),
        };
        self.error(message);
    }

    pub fn clear(&mut self) {
        self.message = None;
    }
}

/// One row of a past-research list (sessions, interviews): short ID, date,
/// who, what, and the duration right-aligned, in `width` columns. Who and
/// what share the room left and give it up first, so the duration (or
/// "unfinished") is always whole.
pub(crate) fn research_row(
    id: &str,
    date: &str,
    who: &str,
    what: (&str, usize),
    duration: &str,
    width: usize,
) -> String {
    use super::widgets::fit_padded;
    const WHO: usize = 24;
    let (what, what_max) = what;
    let fixed = format!("  {id}  {date}  ").chars().count() + 2 + 2 + 10;
    let room = width.saturating_sub(fixed);
    let (who_width, what_width) = if room >= WHO + what_max {
        (WHO, what_max)
    } else {
        let who_width = room * WHO / (WHO + what_max);
        (who_width, room - who_width)
    };
    format!(
        "  {id}  {date}  {}  {}  {duration:>10}",
        fit_padded(&crate::formats::sanitize::terminal_line(who), who_width),
        fit_padded(&crate::formats::sanitize::terminal_line(what), what_width)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::widgets::confirm::confirm;
    use crossterm::event::KeyCode;

    #[test]
    fn a_question_says_yes_with_y_or_enter_and_closes_with_n_or_esc() {
        let choice = confirm("Delete it?");
        let press = |code| ask(&choice, KeyEvent::from(code), || Action::Help);
        for yes in [KeyCode::Char('y'), KeyCode::Enter] {
            assert_eq!(press(yes), Asked::Then(KeyResult::Do(Action::Help)));
        }
        for no in [KeyCode::Char('n'), KeyCode::Esc] {
            assert_eq!(press(no), Asked::Close);
        }
        assert_eq!(press(KeyCode::Char('x')), Asked::Then(KeyResult::Ignored));
    }

    #[test]
    fn a_storage_failure_says_what_it_means() {
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        let mut status = Status::default();
        status.failed("Not saved", &color_eyre::eyre::Report::new(full));
        let (message, is_error) = status.message.unwrap();
        assert!(is_error);
        assert_eq!(
            message,
            "Not saved: the disk is full or the file at its limit; nothing was written"
        );
        assert!(message.len() < 80, "one 80-column line: {message}");
    }

    #[test]
    fn a_research_row_keeps_its_duration_whole_at_any_width() {
        for width in [60, 80, 100, 140] {
            let row = research_row(
                "6da7d6e6",
                "2026-11-27",
                "Rae Wong-Fernández of the platform guild",
                ("Checkout and payments, both squads", 30),
                "unfinished",
                width,
            );
            let columns = unicode_width::UnicodeWidthStr::width(row.as_str());
            assert!(columns <= width, "{width}: {row}");
            assert!(row.ends_with("unfinished"), "{row}");
        }
        let wide = research_row(
            "6da7d6e6",
            "2026-11-27",
            "Rae",
            ("Data", 20),
            "0:30:00",
            120,
        );
        assert_eq!(
            wide,
            format!(
                "  6da7d6e6  2026-11-27  {:<24}  {:<20}     0:30:00",
                "Rae", "Data"
            )
        );
    }
}
