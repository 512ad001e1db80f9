//! The Shadow pane on fake time: stamps, waits, pauses, undo, the summary
//! and the resume offer, snapshotted at a fixed size.

use super::*;
use crate::domain::shadow::NewSession;
use std::time::Duration;

const SECOND: Duration = Duration::from_secs(1);

/// An app on the Shadow tab with a session started at the clock's "now".
fn running(clock: &Rc<FakeClock>) -> App {
    running_on(Store::open_in_memory().unwrap(), clock)
}

/// [`running`] on `store`.
fn running_on(store: Store, clock: &Rc<FakeClock>) -> App {
    let mut app = app_on(store, clock.clone(), 100, 30);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Alex (payments)");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Deploy a one-line change");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "15");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "5");
    press(&mut app, KeyCode::Enter);
    app
}

/// Presses a stamp key after `seconds`, then types its text and Enter.
fn stamp(app: &mut App, clock: &Rc<FakeClock>, seconds: u64, key: char, text: &str) {
    clock.advance(SECOND * seconds as u32);
    press(app, KeyCode::Char(key));
    type_text(app, text);
    press(app, KeyCode::Enter);
}

fn session_events(app: &App) -> Vec<(String, i64, String)> {
    let session = app.store.sessions().unwrap().remove(0);
    app.store
        .events(&session.id)
        .unwrap()
        .into_iter()
        .map(|e| (e.kind.name().to_string(), e.offset_ms, e.text))
        .collect()
}

fn redact_session_ids(app: &App, screen: &str) -> String {
    app.store
        .sessions()
        .unwrap()
        .iter()
        .fold(screen.to_string(), |text, s| {
            text.replace(s.short_id(), "<id>    ")
        })
}

#[test]
fn no_session_says_how_to_start() {
    let mut app = app_with(Store::open_in_memory().unwrap(), 100, 30);
    press(&mut app, KeyCode::Char('2'));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_stamp_is_saved_before_the_text_is_typed() {
    let clock = clock();
    let mut app = running(&clock);
    clock.advance(SECOND * 65);
    press(&mut app, KeyCode::Char('f'));
    // The input is open and nothing typed yet: the moment is already stored.
    assert_eq!(
        session_events(&app),
        [("friction".into(), 65_000, String::new())]
    );
    type_text(&mut app, "no runbook");
    press(&mut app, KeyCode::Enter);
    assert_eq!(session_events(&app)[0].2, "no runbook");
    // Esc keeps a stamp with empty text.
    clock.advance(SECOND);
    press(&mut app, KeyCode::Char('o'));
    type_text(&mut app, "half typed");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        session_events(&app)[1],
        ("note".into(), 66_000, String::new())
    );
}

#[test]
fn running_session_with_a_wait() {
    let clock = clock();
    let mut app = running(&clock);
    stamp(&mut app, &clock, 300, 't', "kubectl");
    stamp(&mut app, &clock, 180, 'f', "couldn't find the runbook");
    stamp(&mut app, &clock, 20, 's', "Slack");
    stamp(&mut app, &clock, 100, 'w', "CI pipeline");
    clock.advance(SECOND * 130);
    let shown = screen(&app);
    assert!(shown.contains("waiting 02:10 for CI pipeline"), "{shown}");
    insta::assert_snapshot!(shown);
    press(&mut app, KeyCode::Char('w'));
    let events = app
        .store
        .events(&app.store.sessions().unwrap()[0].id)
        .unwrap();
    assert_eq!(events[3].end_offset_ms, Some(730_000));
}

#[test]
fn pause_excludes_time_and_a_wall_clock_jump_changes_nothing() {
    let clock = clock();
    let mut app = running(&clock);
    stamp(&mut app, &clock, 60, 'o', "start");
    press(&mut app, KeyCode::Char('p'));
    clock.advance(SECOND * 600);
    insta::assert_snapshot!(screen(&app));
    press(&mut app, KeyCode::Char('p'));
    // NTP moves the wall clock back an hour: offsets do not care.
    clock.jump_wall(-3600.0);
    stamp(&mut app, &clock, 30, 'f', "slow tests");
    let events = session_events(&app);
    assert_eq!(events[0].1, 60_000);
    assert_eq!(events[1].1, 90_000, "paused time excluded, jump ignored");
}

#[test]
fn undo_takes_back_the_last_stamp_and_a_second_undo_restores_it() {
    let clock = clock();
    let mut app = running(&clock);
    stamp(&mut app, &clock, 10, 'f', "one");
    stamp(&mut app, &clock, 10, 'i', "I wish");
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(session_events(&app).len(), 1);
    assert!(screen(&app).contains("press u again to restore"));
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(session_events(&app).len(), 2);
}

#[test]
fn edit_and_delete_the_selected_event() {
    let clock = clock();
    let mut app = running(&clock);
    stamp(&mut app, &clock, 10, 'f', "typo");
    stamp(&mut app, &clock, 10, 'o', "second");
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('e'));
    for _ in 0.."typo".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "flaky test");
    press(&mut app, KeyCode::Enter);
    assert_eq!(session_events(&app)[0].2, "flaky test");
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(session_events(&app).len(), 1);
}

#[test]
fn tool_names_complete_from_the_tools_used() {
    let clock = clock();
    let mut app = running(&clock);
    stamp(&mut app, &clock, 10, 't', "Grafana");
    clock.advance(SECOND);
    press(&mut app, KeyCode::Char('t'));
    type_text(&mut app, "gr");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    assert_eq!(session_events(&app)[1].2, "Grafana");
}

#[test]
fn end_closes_the_open_wait_and_shows_the_summary() {
    let clock = clock();
    let mut app = running(&clock);
    stamp(&mut app, &clock, 300, 't', "kubectl");
    stamp(&mut app, &clock, 180, 'f', "couldn't find the runbook");
    stamp(&mut app, &clock, 60, 'i', "I wish deploys took one command");
    stamp(&mut app, &clock, 60, 'w', "CI");
    clock.advance(SECOND * 2220);
    press(&mut app, KeyCode::Char('E'));
    press(&mut app, KeyCode::Char('y'));
    let session = app.store.sessions().unwrap().remove(0);
    assert_eq!(session.duration_ms, Some(2_820_000));
    let events = app.store.events(&session.id).unwrap();
    assert_eq!(events[3].end_offset_ms, Some(2_820_000));
    let shown = screen(&app);
    assert!(shown.contains("Developer Shadowing Notes"), "{shown}");
    insta::assert_snapshot!(shown);
}

/// Starts a session with Sam on the file at `path`, stamps `key` two
/// minutes in, and lets the app die: no end, no goodbye.
fn left_unfinished(
    clock: &Rc<FakeClock>,
    path: &std::path::Path,
    workflow: &str,
    key: char,
    text: &str,
) {
    let mut app = app_on(Store::open(path).unwrap(), clock.clone(), 100, 30);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Sam");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, workflow);
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    stamp(&mut app, clock, 120, key, text);
}

#[test]
fn an_interrupted_session_is_offered_for_resuming() {
    let clock = clock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    left_unfinished(&clock, &path, "Onboard a service", 'f', "docs out of date");
    clock.advance(SECOND * 3600);
    let mut app = app_on(Store::open(&path).unwrap(), clock.clone(), 100, 30);
    let shown = screen(&app);
    assert!(shown.contains("Unfinished session"), "{shown}");
    // The status bar names the temp file: leave it out of the snapshot.
    // Session ids are random: show them as a placeholder.
    let shown = redact_session_ids(&app, &shown);
    let lines: Vec<&str> = shown.lines().collect();
    insta::assert_snapshot!(lines[..lines.len() - 1].join("\n"));
    press(&mut app, KeyCode::Char('c'));
    stamp(&mut app, &clock, 30, 'o', "back");
    let events = session_events(&app);
    assert_eq!(events[1].1, 150_000, "the hour away counts as paused");
    assert_eq!(
        app.store
            .pause_count(&app.store.sessions().unwrap()[0].id)
            .unwrap(),
        1
    );
}

#[test]
fn undo_and_restore_survive_a_restart_and_a_paused_session_resumes_paused() {
    let clock = clock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    left_unfinished(&clock, &path, "Onboard", 'f', "first");
    let reopen = || {
        let mut app = app_on(Store::open(&path).unwrap(), clock.clone(), 100, 30);
        press(&mut app, KeyCode::Char('c'));
        app
    };
    // After a restart the clock resumes from the last stamp, so a new
    // stamp can sit at an earlier offset than an older one: u still takes
    // back the stamp taken last.
    let mut app = reopen();
    stamp(&mut app, &clock, 1, 't', "second");
    drop(app);
    let mut app = reopen();
    press(&mut app, KeyCode::Char('u'));
    let texts =
        |app: &App| -> Vec<String> { session_events(app).into_iter().map(|e| e.2).collect() };
    assert_eq!(texts(&app), ["first"]);
    drop(app);
    // u again, after another restart, restores it.
    let mut app = reopen();
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(texts(&app), ["first", "second"]);
    // Paused when the app died: paused when continued.
    press(&mut app, KeyCode::Char('p'));
    drop(app);
    let app = reopen();
    let shown = screen(&app);
    assert!(shown.contains("‖ PAUSED"), "{shown}");
    assert!(shown.contains("paused as it was"), "{shown}");
}

#[test]
fn ending_an_interrupted_session_at_its_last_event() {
    let clock = clock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    left_unfinished(&clock, &path, "Onboard", 'w', "review");
    let mut app = app_on(Store::open(&path).unwrap(), clock.clone(), 100, 30);
    press(&mut app, KeyCode::Char('e'));
    let session = app.store.sessions().unwrap().remove(0);
    assert_eq!(session.duration_ms, Some(120_000));
    let events = app.store.events(&session.id).unwrap();
    assert_eq!(
        events[0].end_offset_ms,
        Some(120_000),
        "the open wait closed at the end"
    );
    assert!(app.store.unfinished_session().unwrap().is_none());
}

#[test]
fn shadow_renders_at_any_size() {
    let clock = clock();
    let mut app = running(&clock);
    stamp(&mut app, &clock, 10, 'w', "CI");
    press(&mut app, KeyCode::Char('f'));
    for width in [1u16, 20, 59, 60, 80, 100, 160] {
        for height in [1u16, 5, 11, 12, 14, 30] {
            app.handle_event(Event::Resize(width, height));
            screen(&app);
        }
    }
}

#[test]
fn slash_filters_the_past_sessions_and_esc_clears_it() {
    let clock = clock();
    let mut store = Store::open_in_memory().unwrap();
    for (who, what) in [
        ("Alex", "Deploy"),
        ("Sam", "Onboard a service"),
        ("Priya", "Deploy"),
    ] {
        let s = store
            .create_session(&NewSession::parse(who, what, "", "").unwrap(), clock.now())
            .unwrap();
        store.end_session(&s.id, 60_000, clock.now()).unwrap();
    }
    let mut app = app_on(store, clock.clone(), 100, 30);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "deploy");
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app);
    assert!(
        shown.contains("Alex") && shown.contains("Priya") && !shown.contains("Sam "),
        "{shown}"
    );
    assert!(shown.contains("filter deploy   2 shown"), "{shown}");
    // j moves within what is shown: Priya (newest) then Alex.
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('v'));
    assert!(screen(&app).contains("Developer Shadowing Notes - 2026-11-25 - Alex"));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app).contains("Sam "), "Esc cleared the filter");
}

#[test]
fn an_ended_session_stays_correctable_and_can_be_deleted() {
    let clock = clock();
    let mut app = running(&clock);
    stamp(&mut app, &clock, 10, 'f', "no runbok");
    stamp(&mut app, &clock, 10, 'o', "asks in Slack");
    press(&mut app, KeyCode::Char('E'));
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Esc);
    // Enter opens it; its events can be edited, deleted and restored.
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("■ ENDED"));
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('e'));
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    type_text(&mut app, "no runbook");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    let texts =
        |app: &App| -> Vec<String> { session_events(app).into_iter().map(|e| e.2).collect() };
    assert_eq!(texts(&app), ["no runbook"]);
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(texts(&app), ["no runbook", "asks in Slack"]);
    // Esc back to the list, where d deletes the whole session (asks).
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('d'));
    assert!(screen(&app).contains("Delete the session with Alex (payments)"));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.store.sessions().unwrap().is_empty());
    let shown = screen(&app);
    let deleted = crate::store::collected(|f| app.store.for_each_deleted_session(f));
    let short = &deleted[0].record.id[..8];
    assert!(
        shown.contains(&format!(
            "Deleted (u undoes; later: fieldkit shadow undelete {short}): the session with Alex (payments)"
        )),
        "{shown}"
    );
    // u brings it back with its events.
    press(&mut app, KeyCode::Char('u'));
    let sessions = app.store.sessions().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(app.store.events(&sessions[0].id).unwrap().len(), 2);
    assert!(screen(&app).contains("Brought back the session with Alex"));
}

#[test]
fn a_stamp_that_cannot_be_written_keeps_the_keys_typed_after_it() {
    let clock = clock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    let mut app = app_on(Store::open(&path).unwrap(), clock.clone(), 100, 30);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Alex");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Deploy");
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    // Another program holds the write lock: the stamp cannot be written.
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    clock.advance(SECOND * 5);
    press(&mut app, KeyCode::Char('f'));
    assert!(screen(&app).contains("NOT SAVED: friction at 00:05"));
    // What is typed next is the stamp's text, not commands (E would end
    // the session, p would pause it).
    type_text(&mut app, "Ep no runbook");
    assert!(session_events(&app).is_empty());
    other.execute_batch("ROLLBACK").unwrap();
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        session_events(&app),
        [("friction".to_string(), 5_000, "Ep no runbook".to_string())]
    );
    assert!(app.store.sessions().unwrap()[0].ended_at.is_none());
}

#[test]
fn a_session_running_in_another_copy_is_neither_offered_nor_opened_here() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    let clock = clock();
    let mut mine = running_on(Store::open(&path).unwrap(), &clock);
    stamp(&mut mine, &clock, 5, 'f', "waiting on CI");
    assert!(screen(&mine).contains("RECORDING"), "{}", screen(&mine));

    // A second copy opens the same file while it records.
    let mut theirs = app_on(Store::open(&path).unwrap(), clock.clone(), 100, 30);
    press(&mut theirs, KeyCode::Char('2'));
    let shown = screen(&theirs);
    assert!(!shown.contains("was never ended"), "{shown}");
    // Nor can it open the session from the list to take it over.
    press(&mut theirs, KeyCode::Enter);
    let shown = screen(&theirs);
    assert!(!shown.contains("RECORDING"), "{shown}");
    assert!(shown.contains("runs in another copy"), "{shown}");

    // Once the first copy is gone (closed or killed), the next one offers it.
    drop(mine);
    drop(theirs);
    let mut next = app_on(Store::open(&path).unwrap(), clock.clone(), 100, 30);
    press(&mut next, KeyCode::Char('2'));
    let shown = screen(&next);
    assert!(shown.contains("was never ended"), "{shown}");
}

fn ctrl_c(app: &mut App) {
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
}

#[test]
fn ctrl_c_while_recording_asks_and_keeps_the_open_stamps_text() {
    let clock = clock();
    let mut app = running(&clock);
    // No input open: the running clock asks, naming the session.
    ctrl_c(&mut app);
    assert!(!app.should_quit());
    assert!(screen(&app).contains("Quit while the session with Alex (payments) runs?"));
    press(&mut app, KeyCode::Char('n'));
    assert!(!app.should_quit());
    // A wish half typed: Ctrl-C asks, and No goes back to the words.
    clock.advance(SECOND * 5);
    press(&mut app, KeyCode::Char('i'));
    type_text(&mut app, "I wish Ctrl-C kept this");
    ctrl_c(&mut app);
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Char('n'));
    assert!(screen(&app).contains("I wish Ctrl-C kept this"));
    // Yes quits, saving the text with its stamp.
    ctrl_c(&mut app);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit());
    assert_eq!(
        session_events(&app),
        [("wish".into(), 5_000, "I wish Ctrl-C kept this".into())]
    );
}

#[test]
fn ctrl_c_twice_saves_a_tool_stamps_text() {
    let clock = clock();
    let mut app = running(&clock);
    press(&mut app, KeyCode::Char('t'));
    type_text(&mut app, "kubectl");
    ctrl_c(&mut app);
    ctrl_c(&mut app);
    assert!(app.should_quit());
    assert_eq!(session_events(&app)[0].2, "kubectl");
}

#[test]
fn p_is_named_resume_while_paused() {
    let clock = clock();
    let mut app = running(&clock);
    assert!(screen(&app).contains("p pause"));
    press(&mut app, KeyCode::Char('p'));
    let shown = screen(&app);
    assert!(shown.contains("p resume"), "{shown}");
    assert!(!shown.contains("p pause"), "{shown}");
}

#[test]
fn the_quit_question_names_a_running_session_and_a_running_interview() {
    let clock = clock();
    let mut app = running(&clock);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Priya");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Payments");
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Char('q'));
    // The question's words, its wrapped lines joined.
    let shown: String = screen(&app)
        .lines()
        .filter_map(|l| l.split('│').nth(1))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        shown.contains("the session with Alex (payments) and the interview with Priya run?"),
        "{shown}"
    );
    assert!(!app.should_quit());
}

#[test]
fn recording_and_paused_show_in_the_tab_bar_on_every_pane_at_80_columns() {
    let clock = clock();
    let mut app = running(&clock);
    app.handle_event(Event::Resize(80, 24));
    let tab_bar = |app: &App| screen(app).lines().next().unwrap_or_default().to_string();
    for pane in ['1', '3', '4', '5', '6', '2'] {
        press(&mut app, KeyCode::Char(pane));
        let bar = tab_bar(&app);
        assert!(bar.contains(" 2 Shadow ● REC "), "{pane}: {bar}");
    }
    press(&mut app, KeyCode::Char('p'));
    for pane in ['1', '5'] {
        press(&mut app, KeyCode::Char(pane));
        let bar = tab_bar(&app);
        assert!(bar.contains(" 2 Shadow ‖ PAUSED "), "{pane}: {bar}");
        // The pane shown keeps its name; others give theirs up for room.
        assert!(bar.contains(if pane == '1' { "Backlog" } else { "Roadmap" }));
    }
    // A click on a shortened tab still selects it.
    app.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 1,
        row: 0,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.tab, Tab::Backlog);
    // An interview running too: both states shown, even at 60 columns.
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Priya");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Payments");
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    for width in [80, 60] {
        app.handle_event(Event::Resize(width, 24));
        press(&mut app, KeyCode::Char('6'));
        let bar = tab_bar(&app);
        assert!(bar.contains("‖ PAUSED"), "{width}: {bar}");
        assert!(
            bar.contains(" 3 ● REC ") || bar.contains(" 3 Interview ● REC "),
            "{width}: {bar}"
        );
        assert!(bar.contains("Outcomes"), "{width}: {bar}");
    }
    // Ended: the state leaves the bar.
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('E'));
    press(&mut app, KeyCode::Char('y'));
    assert!(!tab_bar(&app).contains("PAUSED"), "{}", tab_bar(&app));
}
