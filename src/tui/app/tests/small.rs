//! Every pane, and `?` over each, at 80×24: nothing that matters is cut.

use super::walk::{backlog_middle, interview_running, shadow_running, synthesis_open};
use super::*;

fn at_80x24(mut app: App) -> App {
    app.handle_event(Event::Resize(80, 24));
    app
}

fn pane_and_help(name: &str, app: App) {
    let mut app = at_80x24(app);
    insta::assert_snapshot!(format!("{name}_80x24"), screen(&app));
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(format!("{name}_help_80x24"), screen(&app));
}

#[test]
fn backlog_at_80x24() {
    pane_and_help("backlog", backlog_middle());
}

#[test]
fn shadow_at_80x24() {
    pane_and_help("shadow", shadow_running());
}

#[test]
fn interview_at_80x24() {
    pane_and_help("interview", interview_running());
}

#[test]
fn synthesis_at_80x24() {
    pane_and_help("synthesis", synthesis_open());
}

#[test]
fn roadmap_at_80x24() {
    pane_and_help("roadmap", super::roadmap::roadmap_demo(100, 30));
}

#[test]
fn outcomes_at_80x24() {
    pane_and_help("outcomes", super::outcomes::outcomes_app(80, 24));
}
