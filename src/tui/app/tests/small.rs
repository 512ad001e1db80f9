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

#[test]
fn question_mark_over_a_popup_lists_that_popups_keys() {
    // A question: `?` is free in its table, so it lists the answers.
    let mut app = at_80x24(backlog_middle());
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!("backlog_delete_help_80x24", screen(&app));
    // Esc closes the help and the question is still asked.
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app).contains("Confirm"));
    press(&mut app, KeyCode::Char('n'));
    assert!(!screen(&app).contains("Confirm"));

    // A summary scrolls under its own keys; `?` lists them, and scrolls.
    let mut app = at_80x24(shadow_running());
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Char('?'));
    let shown = screen(&app);
    assert!(shown.contains("Keys —"), "{shown}");
    assert!(!shown.contains("Everywhere"), "{shown}");
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app).contains("Keys —"));

    // In a text field `?` is typed, not help.
    let mut app = at_80x24(backlog_middle());
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::Char('?'));
    assert!(!screen(&app).contains("Keys —"));
}
