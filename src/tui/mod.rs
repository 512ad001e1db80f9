//! The terminal UI: setup and restore, the event loop, the app shell and
//! its panes. Input becomes actions; render never mutates.

pub mod action;
pub mod app;
pub mod keymap;
pub mod panes;
pub mod terminal;
pub mod theme;
pub mod widgets;

use crate::domain::time::SystemClock;
use crate::store::Store;
use app::App;
use color_eyre::eyre::Result;
use ratatui::layout::Rect;
use terminal::TerminalGuard;
use theme::Theme;

/// Opens the app on `store` and runs until the user quits.
pub fn run(store: Store) -> Result<()> {
    let mut guard = TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    let mut app = App::new(
        store,
        Box::new(SystemClock),
        Theme::from_env(),
        jiff::tz::TimeZone::system(),
        Rect::new(0, 0, size.width, size.height),
    )?;
    // Blocking read: an idle app wakes for nothing and uses no CPU.
    while !app.should_quit() {
        guard
            .terminal
            .draw(|frame| frame.render_widget(&app, frame.area()))?;
        loop {
            let event = crossterm::event::read()?;
            if app.handle_event(event) {
                break;
            }
        }
    }
    Ok(())
}
