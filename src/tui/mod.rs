//! The terminal UI: setup and restore, the event loop, the app shell and
//! its panes. Input becomes actions; render never mutates.
//!
//! One input path: every key, in every mode, is looked up in a binding
//! table (`keymap`: the shell's and each pane's; each modal widget under
//! `widgets/` has its own), and the `?` overlay and status-bar hints are
//! generated from those tables. Panes implement `panes::Pane`; tabs are
//! `tab::Tab`. How to add a pane: the docs of `panes`.

pub mod action;
pub mod app;
pub mod keymap;
pub mod panes;
pub mod sync;
pub mod tab;
pub mod terminal;
pub mod theme;
pub mod widgets;

use crate::domain::time::SystemClock;
use crate::store::Store;
use app::App;
use color_eyre::eyre::Result;
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

/// How often a running clock redraws.
const TICK: Duration = Duration::from_secs(1);
/// How often a background sync is asked whether it is done.
const POLL: Duration = Duration::from_millis(100);
/// How often the backlog's count, made on a thread, is asked for.
const COUNT_POLL: Duration = Duration::from_millis(15);
use terminal::TerminalGuard;
use theme::Theme;

/// Opens the app on `store` and runs until the user quits.
pub fn run(store: Store) -> Result<()> {
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    let mut app = App::new(
        store,
        Box::new(SystemClock::default()),
        Theme::from_env(),
        jiff::tz::TimeZone::system(),
        Rect::new(0, 0, size.width, size.height),
    )?;
    // The app wakes once a second: a running clock redraws (and now and
    // then saves a heartbeat), and a write by another copy of the app or
    // the CLI is read again (one PRAGMA; nothing is redrawn otherwise).
    let mut next_tick = Instant::now() + TICK;
    while !app.should_quit() {
        guard
            .terminal
            .draw(|frame| frame.render_widget(&app, frame.area()))?;
        loop {
            let now = Instant::now();
            if now >= next_tick {
                next_tick = now + TICK;
                if app.tick() {
                    break;
                }
                continue;
            }
            let wait = if app.is_counting() {
                (next_tick - now).min(COUNT_POLL)
            } else if app.is_syncing() {
                (next_tick - now).min(POLL)
            } else {
                next_tick - now
            };
            if !crossterm::event::poll(wait)? {
                // Both asked: a sync and a count may finish together.
                if app.poll_sync() | app.poll_count() {
                    break;
                }
                continue;
            }
            let event = crossterm::event::read()?;
            if app.handle_event(event) {
                break;
            }
        }
    }
    Ok(())
}
