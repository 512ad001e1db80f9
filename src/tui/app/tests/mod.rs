//! Snapshots of the whole app at a fixed size over ratatui's TestBackend,
//! driven by the same events the terminal sends.

use super::*;
use crate::domain::time::FakeClock;
use crossterm::event::KeyModifiers;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::rc::Rc;

mod backlog;
mod cuts;
mod interview;
mod outcomes;
mod props;
mod readme;
mod roadmap;
mod shadow;
mod small;
mod sync;
mod synthesis;
mod walk;

fn clock() -> Rc<FakeClock> {
    FakeClock::at("2026-11-25T14:00:00Z".parse().unwrap())
}

fn app_with(store: Store, width: u16, height: u16) -> App {
    app_on(store, clock(), width, height)
}

/// An app on `store` whose clock the test holds and moves.
fn app_on(store: Store, clock: Rc<FakeClock>, width: u16, height: u16) -> App {
    App::new(
        store,
        Box::new(clock),
        Theme { color: false },
        TimeZone::UTC,
        Rect::new(0, 0, width, height),
    )
    .unwrap()
}

fn demo_app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    store
        .add_items_with_ids(&crate::domain::demo::examples(), clock().now())
        .unwrap();
    app_with(store, 100, 30)
}

fn screen(app: &App) -> String {
    let (w, h) = (app.size.width, app.size.height);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
    terminal.backend().to_string()
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn titles(app: &App) -> Vec<String> {
    app.backlog()
        .listed()
        .map(|item| item.title.clone())
        .collect()
}
