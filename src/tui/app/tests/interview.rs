//! The Interview pane on fake time: phases, talk ratio, notes, quotes,
//! ranking, the record, and the resume offer.

use super::*;
use std::time::Duration;

const SECOND: Duration = Duration::from_secs(1);
const MINUTE: Duration = Duration::from_secs(60);

fn ctrl(app: &mut App, c: char) {
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

/// A demo backlog, the Interview tab, and the new-interview form filled.
fn started(clock: &Rc<FakeClock>) -> App {
    let mut store = Store::open_in_memory().unwrap();
    store
        .add_items_with_ids(&crate::domain::demo::examples(), clock.now())
        .unwrap();
    let mut app = app_on(store, clock.clone(), 100, 30);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Priya");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Payments");
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "Deploys are slow because of CI");
    ctrl(&mut app, 's');
    app
}

fn record(app: &App) -> crate::domain::interview::Record {
    let interview = app.store.interviews().unwrap().remove(0);
    app.store.interview_record(&interview).unwrap()
}

#[test]
fn start_form_fills_placeholders_from_the_backlog() {
    let clock = clock();
    let mut store = Store::open_in_memory().unwrap();
    store
        .add_items_with_ids(&crate::domain::demo::examples(), clock.now())
        .unwrap();
    let mut app = app_on(store, clock, 100, 30);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('n'));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn opening_phase_with_the_first_question() {
    let clock = clock();
    let app = started(&clock);
    clock.advance(MINUTE * 2);
    let shown = screen(&app);
    assert!(shown.contains("Tell me about the last time you deployed something to production."));
    insta::assert_snapshot!(shown);
}

#[test]
fn validation_phase_fills_the_backlogs_items_and_takes_a_ranking() {
    let clock = clock();
    let mut app = started(&clock);
    for _ in 0..7 {
        clock.advance(MINUTE);
        press(&mut app, KeyCode::Char(' '));
    }
    let shown = screen(&app);
    assert!(
        shown.contains("Faster CI pipelines, Self-service databases,"),
        "{shown}"
    );
    press(&mut app, KeyCode::Char('r'));
    type_text(&mut app, "b a c");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        record(&app).interview.ranking,
        [
            "Self-service databases",
            "Faster CI pipelines",
            "Service mesh"
        ]
    );
    insta::assert_snapshot!(screen(&app));
    press(&mut app, KeyCode::Char('r'));
    type_text(&mut app, " x");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("'x' is not an option"));
}

#[test]
fn over_time_and_talking_above_twenty_percent_show_plainly() {
    let clock = clock();
    let mut app = started(&clock);
    clock.advance(MINUTE * 2);
    press(&mut app, KeyCode::Char('t'));
    clock.advance(MINUTE * 4);
    let shown = screen(&app);
    assert!(shown.contains("over time"), "{shown}");
    assert!(shown.contains("over 20%: listen more"), "{shown}");
    assert!(shown.contains("YOU ARE TALKING"), "{shown}");
    insta::assert_snapshot!(shown);
    // At 80 columns the phase figures that do not fit are left out whole.
    app.handle_event(Event::Resize(80, 24));
    let narrow = screen(&app);
    let talk = narrow
        .lines()
        .find(|line| line.contains("You talk"))
        .unwrap();
    assert!(
        talk.trim_end_matches([' ', '"'])
            .ends_with("listen more · phase 67%"),
        "{talk}"
    );
    press(&mut app, KeyCode::Char('t'));
    let r = record(&app);
    assert_eq!(r.talks.len(), 1);
    assert_eq!(r.talks[0].end_ms, Some(6 * 60_000));
}

#[test]
fn notes_save_within_two_seconds_and_when_the_editor_closes() {
    let clock = clock();
    let mut app = started(&clock);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Uses kubectl");
    press(&mut app, KeyCode::Enter);
    app.handle_event(Event::Paste("pasted\nacross lines".into()));
    assert!(record(&app).notes.is_empty(), "not yet: the typing goes on");
    clock.advance(SECOND * 2);
    app.tick();
    assert_eq!(
        record(&app).notes[0].text,
        "Uses kubectl\npasted\nacross lines"
    );
    type_text(&mut app, "!");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        record(&app).notes[0].text,
        "Uses kubectl\npasted\nacross lines!"
    );
    // q in the editor was a letter, not quit.
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "q");
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Esc);
}

#[test]
fn quotes_keep_their_question_and_offset() {
    let clock = clock();
    let mut app = started(&clock);
    press(&mut app, KeyCode::Char(' '));
    clock.advance(SECOND * 90);
    press(&mut app, KeyCode::Char('"'));
    type_text(&mut app, "It takes 40 minutes to deploy");
    press(&mut app, KeyCode::Enter);
    let r = record(&app);
    assert_eq!(r.notes[0].question, 1);
    assert_eq!(r.notes[0].offset_ms, 90_000);
    assert_eq!(r.notes[0].text, "It takes 40 minutes to deploy");
}

#[test]
fn ending_shows_the_record() {
    let clock = clock();
    let mut app = started(&clock);
    clock.advance(MINUTE * 6);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('t'));
    clock.advance(MINUTE);
    press(&mut app, KeyCode::Char('t'));
    clock.advance(MINUTE * 4);
    press(&mut app, KeyCode::Char('E'));
    press(&mut app, KeyCode::Char('y'));
    let r = record(&app);
    assert_eq!(r.end_ms, 11 * 60_000);
    assert_eq!(r.phase_actuals(), [6 * 60_000, 5 * 60_000, 0, 0]);
    let shown = screen(&app);
    assert!(
        shown.contains("# Interview - 2026-11-25 - Priya"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn an_interrupted_interview_is_offered_for_resuming() {
    let clock = clock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    {
        let mut app = app_on(Store::open(&path).unwrap(), clock.clone(), 100, 30);
        press(&mut app, KeyCode::Char('3'));
        press(&mut app, KeyCode::Char('n'));
        type_text(&mut app, "Sam");
        ctrl(&mut app, 's');
        clock.advance(MINUTE * 3);
        press(&mut app, KeyCode::Char(' '));
    }
    clock.advance(MINUTE * 60);
    let mut app = app_on(Store::open(&path).unwrap(), clock.clone(), 100, 30);
    assert!(screen(&app).contains("Unfinished interview"));
    press(&mut app, KeyCode::Char('c'));
    clock.advance(MINUTE);
    press(&mut app, KeyCode::Char(' '));
    let steps = record(&app).steps;
    assert_eq!(
        steps.last().unwrap().offset_ms,
        4 * 60_000,
        "the hour away is not counted"
    );
}

#[test]
fn an_ended_interview_opens_for_its_notes_and_can_be_deleted() {
    let clock = clock();
    let mut app = started(&clock);
    clock.advance(MINUTE);
    press(&mut app, KeyCode::Char('E'));
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Esc);
    // Enter opens it: its clock stays stopped, moving between questions
    // writes no steps, and a note can be written after the fact.
    let steps_before = record(&app).steps.len();
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("■ ENDED"), "{}", screen(&app));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "added later");
    press(&mut app, KeyCode::Esc);
    assert_eq!(record(&app).steps.len(), steps_before);
    let after = record(&app);
    let (note, _) = after.notes_of(1);
    assert_eq!(note.map(|n| n.text.as_str()), Some("added later"));
    // Esc back to the list; d deletes it (asks).
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.store.interviews().unwrap().is_empty());
    assert!(
        message(&app).starts_with("Deleted (u undoes; later: fieldkit interview undelete "),
        "{}",
        message(&app)
    );
    // u brings it back with the note written after the fact.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.store.interviews().unwrap().len(), 1);
    let back = record(&app);
    let (note, _) = back.notes_of(1);
    assert_eq!(note.map(|n| n.text.as_str()), Some("added later"));
}

#[test]
fn an_ended_interviews_quotes_and_notes_are_edited_deleted_and_brought_back() {
    let clock = clock();
    let mut app = started(&clock);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "CI is the bottleneck");
    press(&mut app, KeyCode::Esc);
    for words in ["It takes 40 minuts", "We wait for the queue"] {
        clock.advance(SECOND * 30);
        press(&mut app, KeyCode::Char('"'));
        type_text(&mut app, words);
        press(&mut app, KeyCode::Enter);
    }
    press(&mut app, KeyCode::Char('E'));
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char(' '));
    let shown = screen(&app);
    assert!(shown.contains("▸ CI is the bottleneck"), "{shown}");

    // j selects the first quote; e opens its words, typing replaces them.
    press(&mut app, KeyCode::Char('j'));
    assert!(screen(&app).contains("▸ 00:30"), "{}", screen(&app));
    press(&mut app, KeyCode::Char('e'));
    type_text(&mut app, "It takes 40 minutes");
    press(&mut app, KeyCode::Enter);
    let after = record(&app);
    let quotes = after.notes_of(1).1;
    let texts: Vec<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(texts, ["It takes 40 minutes", "We wait for the queue"]);

    // d asks; n keeps it, y deletes it; u brings it back.
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('d'));
    assert!(screen(&app).contains("Delete the quote “We wait for the queue”?"));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(record(&app).notes_of(1).1.len(), 2);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(record(&app).notes_of(1).1.len(), 1);
    assert!(!screen(&app).contains("We wait for the queue"));
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(record(&app).notes_of(1).1.len(), 2);
    assert!(screen(&app).contains("▸ 01:00"), "{}", screen(&app));

    // The note is deleted the same way, and the record no longer has it.
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert!(record(&app).notes_of(1).0.is_none());
    assert!(!screen(&app).contains("CI is the bottleneck"));
}

#[test]
fn a_script_is_deleted_from_the_list_and_the_last_one_is_kept() {
    let clock = clock();
    let mut app = app_on(Store::open_in_memory().unwrap(), clock.clone(), 80, 24);
    press(&mut app, KeyCode::Char('3'));
    // The only script: asked, then refused as the CLI refuses it.
    press(&mut app, KeyCode::Char('D'));
    assert!(screen(&app).contains("Delete which script?"));
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app);
    assert!(
        shown.contains("Delete the script 'Structured interview"),
        "{shown}"
    );
    assert!(shown.contains("No interview ran"), "{shown}");
    press(&mut app, KeyCode::Char('y'));
    let (said, is_error) = app.status.message.clone().unwrap();
    assert!(is_error && said.contains("is the only script"), "{said}");
    assert_eq!(app.store.scripts().unwrap().len(), 1);

    let text =
        "name = \"Quick\"\n[[phases]]\nname = \"Only\"\nminutes = 10\nquestions = [\"Why?\"]\n";
    let script = crate::domain::script::Script::parse(text).unwrap();
    app.store
        .save_script(&script, text, false, clock.now())
        .unwrap();
    let quick = app
        .store
        .scripts()
        .unwrap()
        .iter()
        .position(|s| s.name == "Quick")
        .unwrap();
    let digit = char::from_digit(quick as u32 + 1, 10).unwrap();
    press(&mut app, KeyCode::Char('D'));
    press(&mut app, KeyCode::Char(digit));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.store.scripts().unwrap().len(), 2);
    press(&mut app, KeyCode::Char('D'));
    press(&mut app, KeyCode::Char(digit));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        message(&app),
        "Deleted (u undoes; later: fieldkit script undelete 'Quick'): the script 'Quick'"
    );
    let names = |app: &App| -> Vec<String> {
        app.store
            .scripts()
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect()
    };
    assert!(!names(&app).contains(&"Quick".to_string()));
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(message(&app), "Brought back the script 'Quick'");
    assert!(names(&app).contains(&"Quick".to_string()));
}

fn message(app: &App) -> String {
    app.status
        .message
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default()
}

#[test]
fn an_interview_running_in_another_copy_is_neither_offered_nor_opened_here() {
    let clock = clock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    let mut mine = app_on(Store::open(&path).unwrap(), clock.clone(), 100, 30);
    press(&mut mine, KeyCode::Char('3'));
    press(&mut mine, KeyCode::Char('n'));
    type_text(&mut mine, "Sam");
    ctrl(&mut mine, 's');
    clock.advance(MINUTE * 3);
    press(&mut mine, KeyCode::Char(' '));

    let mut theirs = app_on(Store::open(&path).unwrap(), clock.clone(), 100, 30);
    assert!(!screen(&theirs).contains("Unfinished interview"));
    press(&mut theirs, KeyCode::Char('3'));
    press(&mut theirs, KeyCode::Enter);
    let shown = screen(&theirs);
    assert!(shown.contains("runs in another copy"), "{shown}");

    // Once the first copy is gone, the next one offers it.
    drop(mine);
    drop(theirs);
    let next = app_on(Store::open(&path).unwrap(), clock.clone(), 100, 30);
    assert!(screen(&next).contains("Unfinished interview"));
}

#[test]
fn esc_in_the_quote_input_keeps_the_words_typed() {
    let clock = clock();
    let mut app = started(&clock);
    clock.advance(SECOND * 30);
    press(&mut app, KeyCode::Char('"'));
    assert!(screen(&app).contains("Esc close (keeps it)"));
    type_text(&mut app, "We wait on the CI queue");
    press(&mut app, KeyCode::Esc);
    let r = record(&app);
    assert_eq!(r.notes.len(), 1);
    assert_eq!(r.notes[0].text, "We wait on the CI queue");
    assert_eq!(r.notes[0].offset_ms, 30_000);
    assert_eq!(message(&app), "Quote saved");
    // Nothing typed: Esc only closes, and saves no empty quote.
    press(&mut app, KeyCode::Char('"'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(record(&app).notes.len(), 1);
    assert!(!screen(&app).contains("their words, verbatim"));
}

#[test]
fn ctrl_c_while_the_interview_runs_asks_and_names_it() {
    let clock = clock();
    let mut app = started(&clock);
    ctrl(&mut app, 'c');
    assert!(!app.should_quit());
    let shown = screen(&app);
    assert!(
        shown.contains("Quit while the interview with Priya"),
        "{shown}"
    );
    press(&mut app, KeyCode::Char('n'));
    assert!(!app.should_quit());
    ctrl(&mut app, 'c');
    ctrl(&mut app, 'c');
    assert!(app.should_quit());
}
