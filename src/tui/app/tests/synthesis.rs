//! The Synthesis pane: from sources to linked entries to a promoted,
//! evidence-backed backlog item.

use super::*;
use crate::domain::interview::NewInterview;
use crate::domain::script::Placeholders;
use crate::domain::shadow::{EventKind, NewSession};

fn ctrl(app: &mut App, c: char) {
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

/// A store with one interview (a quote, assumptions) and one shadowing
/// session (friction), the way the other panes would have left it.
fn researched(clock: &Rc<FakeClock>) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let now = clock.now();
    let script = store.script("Structured interview (30 min)").unwrap();
    let i = store
        .create_interview(
            &NewInterview::parse(
                "Priya",
                "Payments",
                Placeholders::default(),
                &["CI is the bottleneck", "Docs are fine"],
            )
            .unwrap(),
            &script,
            now,
        )
        .unwrap();
    store
        .add_quote(&i.id, 2, 90_000, "It takes 40 minutes to deploy", now)
        .unwrap();
    store.end_interview(&i.id, 1_800_000, now).unwrap();
    let s = store
        .create_session(
            &NewSession::parse("Alex", "Deploy a change", "", "").unwrap(),
            now,
        )
        .unwrap();
    store
        .add_event(&s.id, EventKind::Friction, 480_000, "waiting on CI", now)
        .unwrap();
    store
        .add_event(
            &s.id,
            EventKind::Wish,
            600_000,
            "I wish deploys were one command",
            now,
        )
        .unwrap();
    store.end_session(&s.id, 3_600_000, now).unwrap();
    store
}

/// The Synthesis tab with a new synthesis over both sources.
fn synthesizing(clock: &Rc<FakeClock>) -> App {
    let mut app = app_on(researched(clock), clock.clone(), 100, 30);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Deploy experience");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    app
}

fn redact(app: &App, screen: &str) -> String {
    let mut text = screen.to_string();
    for (id, _, _) in app.store.syntheses().unwrap() {
        text = text.replace(&id[..8], "<id>    ");
    }
    text
}

#[test]
fn picking_sources_for_a_new_synthesis() {
    let clock = clock();
    let mut app = app_on(researched(&clock), clock.clone(), 100, 30);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Deploy experience");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char(' '));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn a_pain_point_with_a_linked_quote_becomes_a_backlog_item() {
    let clock = clock();
    let mut app = synthesizing(&clock);
    // The interview's assumptions were carried over.
    let shown = screen(&app);
    assert!(shown.contains("[ ] CI is the bottleneck"), "{shown}");
    // A pain point, written in the editor.
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Deploys take 40 minutes");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "context: CI queue");
    press(&mut app, KeyCode::Esc);
    // Link the interview's quote and the session's friction to it.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char('Q'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('Q'));
    press(&mut app, KeyCode::Left);
    insta::assert_snapshot!(screen(&app));
    // Promote it: the confidence hint reads the evidence.
    press(&mut app, KeyCode::Char('b'));
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    let shown = screen(&app);
    assert!(
        shown.contains("evidence: two independent sources → suggests 80%"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::BackTab);
    type_text(&mut app, "150");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "2");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "80");
    ctrl(&mut app, 's');
    let item = app
        .store
        .items()
        .unwrap()
        .into_iter()
        .find(|i| i.title == "Deploys take 40 minutes")
        .expect("promoted");
    assert_eq!(item.rice.formula(), "(150 × 2 × 80%) ÷ 1 = 240.0");
    let evidence = app.store.item_evidence(&item.id).unwrap();
    assert_eq!(evidence[0].text, "It takes 40 minutes to deploy");
    assert_eq!(evidence[1].text, "waiting on CI");
    // The backlog shows it at once, selected, with its evidence.
    press(&mut app, KeyCode::Char('1'));
    let shown = screen(&app);
    assert!(
        shown.contains("\"It takes 40 minutes to deploy\" — Priya (Payments) (interview, 01:30)"),
        "{shown}"
    );
    assert_eq!(app.backlog().selected_item().unwrap().id, item.id);
    // Promoted once: the entry names its item, and b on it opens the item.
    press(&mut app, KeyCode::Char('4'));
    assert!(screen(&app).contains("→ on the backlog: Deploys take 40 minutes"));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('b'));
    assert_eq!(app.tab, Tab::Backlog);
    assert_eq!(app.backlog().selected_item().unwrap().id, item.id);
    let promoted = |app: &App| {
        app.store
            .items()
            .unwrap()
            .iter()
            .filter(|i| i.title == "Deploys take 40 minutes")
            .count()
    };
    assert_eq!(promoted(&app), 1);
    // And the store refuses a second promotion, whoever asks.
    let synthesis = app.store.syntheses().unwrap().remove(0).0;
    let entry = app.store.synthesis(&synthesis).unwrap().unwrap().entries[0].clone();
    let mut form = crate::tui::panes::backlog::item_form::item_form(None);
    form.fields[0].input = crate::tui::widgets::line_input::LineInput::new("again");
    let new = crate::tui::panes::backlog::item_form::new_item(&form).unwrap();
    let again = app.store.promote_entry(&entry.id, &new, clock.now());
    assert!(format!("{:#}", again.unwrap_err()).contains("already on the backlog"));
    assert_eq!(promoted(&app), 1);
}

#[test]
fn assumptions_take_a_verdict_and_the_tally_counts_sources() {
    let clock = clock();
    let mut app = synthesizing(&clock);
    // Rows: Pain points, Surprises, Assumptions, CI is the bottleneck, …
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('j'));
    }
    press(&mut app, KeyCode::Char('+'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('-'));
    let shown = screen(&app);
    assert!(shown.contains("[+] CI is the bottleneck"), "{shown}");
    assert!(shown.contains("[-] Docs are fine"), "{shown}");
    press(&mut app, KeyCode::Char('T'));
    let shown = screen(&app);
    assert!(shown.contains("waiting on CI — 1 of 2 sources"), "{shown}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('v'));
    let shown = screen(&app);
    assert!(shown.contains("- [+] CI is the bottleneck"), "{shown}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    insta::assert_snapshot!(redact(&app, &screen(&app)));
}

#[test]
fn clicks_select_entries_and_sources() {
    let clock = clock();
    let mut app = synthesizing(&clock);
    let click = |app: &mut App, column: u16, row: u16| {
        app.handle_event(Event::Mouse(crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }));
    };
    // The sources box is the right 44%; its first quote starts on row 3.
    click(&mut app, 70, 4);
    let shown = screen(&app);
    assert!(shown.contains("Q link to entry"), "{shown}");
    // A click on the Assumptions heading's first entry selects it.
    click(&mut app, 5, 6);
    let shown = screen(&app);
    assert!(shown.contains("a add"), "{shown}");
    press(&mut app, KeyCode::Char('+'));
    assert!(screen(&app).contains("[+]"), "{}", screen(&app));
}

#[test]
fn a_synthesis_deleted_from_the_list_comes_back_with_u() {
    let clock = clock();
    let mut app = synthesizing(&clock);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.store.syntheses().unwrap().len(), 1);
    press(&mut app, KeyCode::Char('d'));
    let shown = screen(&app);
    assert!(
        shown.contains("Delete the synthesis 'Deploy experience'"),
        "{shown}"
    );
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.store.syntheses().unwrap().len(), 1);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.store.syntheses().unwrap().is_empty());
    let shown = screen(&app);
    let deleted = crate::store::collected(|f| app.store.for_each_deleted_synthesis(f));
    let short = &deleted[0].record.0[..8];
    assert!(
        shown.contains(&format!(
            "Deleted (u undoes; later: fieldkit synthesis undelete {short}): the synthesis 'Deploy"
        )),
        "{shown}"
    );
    press(&mut app, KeyCode::Char('u'));
    let syntheses = app.store.syntheses().unwrap();
    assert_eq!(syntheses.len(), 1);
    let back = app.store.synthesis(&syntheses[0].0).unwrap().unwrap();
    assert_eq!(back.sources.len(), 2);
    assert!(screen(&app).contains("Brought back the synthesis 'Deploy experience'"));
}

#[test]
fn an_entry_deleted_comes_back_with_u_in_its_place_with_its_links() {
    let clock = clock();
    let mut app = synthesizing(&clock);
    // Two pain points; the first with the interview's quote linked.
    for text in ["Deploys take 40 minutes", "Docs are stale"] {
        press(&mut app, KeyCode::Char('a'));
        type_text(&mut app, text);
        press(&mut app, KeyCode::Esc);
    }
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char('Q'));
    press(&mut app, KeyCode::Left);
    let id = app.store.syntheses().unwrap()[0].0.clone();
    let entries = |app: &App| -> Vec<(String, usize)> {
        app.store
            .synthesis(&id)
            .unwrap()
            .unwrap()
            .entries
            .iter()
            .filter(|e| e.section == crate::domain::synthesis::Section::PainPoint)
            .map(|e| (e.text.clone(), e.evidence.len()))
            .collect()
    };
    let before = entries(&app);
    assert_eq!(before[0], ("Deploys take 40 minutes".to_string(), 1));
    assert_eq!(before.len(), 2);
    let shown = screen(&app);
    assert!(!shown.contains("undo delete"), "{shown}");
    let total = app.store.synthesis_tallies().unwrap()[&id].entries;

    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(entries(&app), [("Docs are stale".to_string(), 0)]);
    let shown = screen(&app);
    assert!(shown.contains("Entry deleted (u undoes)"), "{shown}");
    assert!(shown.contains("u undo delete"), "{shown}");
    // The list counts it out too, and the file keeps it marked.
    assert_eq!(
        app.store.synthesis_tallies().unwrap()[&id].entries,
        total - 1
    );

    press(&mut app, KeyCode::Char('u'));
    assert_eq!(entries(&app), before);
    let shown = screen(&app);
    assert!(shown.contains("Brought back the entry"), "{shown}");
    assert!(!shown.contains("u undo delete"), "{shown}");
    // Once only.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(entries(&app), before);
}

#[test]
fn words_typed_into_an_entry_deleted_meanwhile_are_saved_as_a_new_entry() {
    let clock = clock();
    let mut app = synthesizing(&clock);
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Deploys are slow");
    press(&mut app, KeyCode::Esc);
    let id = app.store.syntheses().unwrap()[0].0.clone();
    let pain_points = |app: &App| -> Vec<String> {
        app.store
            .synthesis(&id)
            .unwrap()
            .unwrap()
            .entries
            .iter()
            .filter(|e| e.section == crate::domain::synthesis::Section::PainPoint)
            .map(|e| e.text.clone())
            .collect()
    };
    let entry = app.store.synthesis(&id).unwrap().unwrap().entries[0]
        .id
        .clone();
    press(&mut app, KeyCode::Char('e'));
    type_text(&mut app, " every Friday");
    // Another copy (or a sync) deletes the entry while it is being edited.
    app.store.delete_entry(&entry, clock.now()).unwrap();
    press(&mut app, KeyCode::Esc);
    let texts = pain_points(&app);
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].contains("every Friday"), "{texts:?}");
    let shown = screen(&app);
    assert!(shown.contains("Deleted meanwhile elsewhere"), "{shown}");
    // The deleted one kept its text as it was.
    app.store.undelete_entry(&entry).unwrap();
    assert!(
        pain_points(&app).contains(&"Deploys are slow".to_string()),
        "{:?}",
        pain_points(&app)
    );
}
