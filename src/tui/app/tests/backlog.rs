//! The Backlog pane, driven by key events and snapshotted.

use super::*;

#[test]
fn empty_database_shows_the_welcome() {
    let app = app_with(Store::open_in_memory().unwrap(), 100, 30);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn demo_data_in_the_seeds_order() {
    let app = demo_app();
    assert_eq!(
        titles(&app),
        [
            "Faster CI pipelines",
            "Self-service databases",
            "Service mesh",
            "Custom Kubernetes operator"
        ]
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn a_score_key_re_ranks_at_once_and_keeps_the_item_selected() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    // Service mesh: impact 1 → 2, then confidence 50 → 80 → 100 = 66.7.
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(titles(&app)[1], "Service mesh");
    assert_eq!(app.backlog().selected_item().unwrap().title, "Service mesh");
    // What is on screen is what is in the file.
    let stored = app.store.find_item("1735980f").unwrap();
    assert_eq!(stored.rice.formula(), "(200 × 2 × 100%) ÷ 6 = 66.7");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn form_with_errors_keeps_what_was_typed() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Golden path docs");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "-3");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "0.8");
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(app.store.items().unwrap().len(), 4, "nothing written");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn a_paste_lands_in_the_field_whole_and_never_submits() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('a'));
    app.handle_event(Event::Paste("Multi\nline\r\ntitle".into()));
    assert_eq!(app.store.items().unwrap().len(), 4);
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    let added = app.store.items().unwrap();
    assert_eq!(added.len(), 5);
    assert_eq!(added[4].title, "Multi line title");
}

#[test]
fn help_overlay_lists_the_key_map() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('?'));
    let first = screen(&app);
    // The overlay scrolls: read it page by page.
    let mut shown = first.clone();
    for _ in 0..4 {
        press(&mut app, KeyCode::PageDown);
        shown.push_str(&screen(&app));
    }
    let backlog = crate::tui::panes::backlog::keys::BACKLOG;
    for binding in backlog.iter().chain(keymap::GLOBAL) {
        assert!(shown.contains(binding.help), "help lacks {}", binding.help);
    }
    insta::assert_snapshot!(first);
}

#[test]
fn filter_narrows_the_list() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "lane:now");
    assert_eq!(
        titles(&app),
        ["Faster CI pipelines", "Self-service databases"]
    );
    insta::assert_snapshot!(screen(&app));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert_eq!(titles(&app).len(), 4);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "tag:kubernetes");
    assert_eq!(titles(&app), ["Custom Kubernetes operator"]);
}

#[test]
fn too_small_terminal_says_so() {
    let mut app = demo_app();
    app.handle_event(Event::Resize(40, 8));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn any_size_renders_without_panic() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('a'));
    for width in [1u16, 2, 10, 59, 60, 61, 80, 100, 200] {
        for height in [1u16, 2, 5, 11, 12, 13, 18, 30, 60] {
            app.handle_event(Event::Resize(width, height));
            screen(&app);
        }
    }
}

#[test]
fn kill_asks_a_reason_and_hides_the_item() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('x'));
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("a kill reason is required"));
    type_text(&mut app, "CI is fast enough");
    press(&mut app, KeyCode::Enter);
    assert_eq!(titles(&app).len(), 3);
    let killed = app.store.find_item("d774f566").unwrap();
    assert_eq!(killed.kill_reason.as_deref(), Some("CI is fast enough"));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(titles(&app).len(), 4);
}

#[test]
fn delete_needs_confirmation() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.store.items().unwrap().len(), 4);
    press(&mut app, KeyCode::Char('d'));
    assert!(screen(&app).contains("u brings it"), "{}", screen(&app));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.store.items().unwrap().len(), 3);
    assert_eq!(titles(&app)[0], "Self-service databases");
    let shown = screen(&app);
    // The message names the command that brings it back later, by its
    // short id, so a user who missed `u` can still undo.
    assert!(
        shown.contains(
            "Deleted (u undoes; later: fieldkit backlog undelete d774f566): 'Faster CI pipelines'"
        ),
        "{shown}"
    );
    assert!(shown.contains("u undo delete"), "{shown}");
    // u brings it back where it ranks, selected, with its history.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.store.items().unwrap().len(), 4);
    assert_eq!(titles(&app)[0], "Faster CI pipelines");
    let shown = screen(&app);
    assert!(
        shown.contains("Brought back 'Faster CI pipelines'"),
        "{shown}"
    );
    assert!(shown.contains("(200 × 2 × 80%) ÷ 2 = 160.0"), "{shown}");
    assert!(!shown.contains("u undo delete"), "{shown}");
    // Once only: a second u has nothing to bring back.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.store.items().unwrap().len(), 4);
}

#[test]
fn reach_effort_and_lane_by_keys() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::Char('r'));
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "abc");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("must be 0 to 1,000,000,000"));
    for _ in 0..3 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "400");
    press(&mut app, KeyCode::Enter);
    assert_eq!(titles(&app)[0], "Custom Kubernetes operator");
    press(&mut app, KeyCode::Char('f'));
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "0.5");
    press(&mut app, KeyCode::Enter);
    let item = app.store.find_item("7188d6d8").unwrap();
    assert_eq!(item.rice.formula(), "(400 × 2 × 100%) ÷ 0.5 = 1600.0");
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.store.find_item("7188d6d8").unwrap().lane.name(), "now");
}

#[test]
fn q_is_a_letter_in_a_text_field() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "quit");
    assert!(!app.should_quit());
    // Ctrl-C asks, since the form holds what was typed; n stays.
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    app.handle_event(ctrl_c.clone());
    assert!(screen(&app).contains("Quit? What you typed"));
    press(&mut app, KeyCode::Char('n'));
    assert!(!app.should_quit());
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('a'));
    app.handle_event(ctrl_c.clone());
    app.handle_event(ctrl_c);
    assert!(app.should_quit(), "a second Ctrl-C quits");
}

#[test]
fn key_releases_do_not_count() {
    let mut app = demo_app();
    let mut release = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    app.handle_event(Event::Key(release));
    assert_eq!(
        app.backlog().selected_item().unwrap().title,
        "Faster CI pipelines"
    );
}

#[test]
fn mouse_selects_rows_and_wheel_scrolls() {
    let mut app = demo_app();
    let click = |row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 10,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Row 0 is the tabs, row 1 the table header, row 2 the first item.
    app.handle_event(click(4));
    assert_eq!(app.backlog().selected_item().unwrap().title, "Service mesh");
    app.handle_event(click(25));
    assert_eq!(app.backlog().selected_item().unwrap().title, "Service mesh");
    app.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollUp,
        column: 10,
        row: 5,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(
        app.backlog().selected_item().unwrap().title,
        "Faster CI pipelines"
    );
}

#[test]
fn only_visible_rows_are_built_for_a_long_backlog() {
    let mut store = Store::open_in_memory().unwrap();
    let items: Vec<_> = (0..2000)
        .map(|i| {
            let mut item = crate::domain::demo::examples()[0].1.clone();
            item.rice.reach = crate::domain::rice::Reach::new(f64::from(i)).unwrap();
            item
        })
        .collect();
    store.add_items(&items, clock().now()).unwrap();
    let mut app = app_with(store, 100, 30);
    press(&mut app, KeyCode::Char('G'));
    let shown = screen(&app);
    assert!(shown.contains("2000 Faster CI"), "{shown}");
    press(&mut app, KeyCode::PageUp);
    press(&mut app, KeyCode::Char('g'));
    assert!(screen(&app).contains("   1 Faster CI"));
}

#[test]
fn a_write_by_another_copy_shows_within_a_tick_keeping_the_selection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    let mut store = Store::open(&path).unwrap();
    store
        .add_items_with_ids(&crate::domain::demo::examples(), clock().now())
        .unwrap();
    let mut app = app_with(store, 100, 30);
    press(&mut app, KeyCode::Char('j'));
    let selected = app.backlog().selected_item().unwrap().id.clone();
    assert!(!app.tick(), "nothing changed: nothing to redraw");
    // The CLI (another connection) renames the first item.
    let mut other = Store::open(&path).unwrap();
    let first = other.ranking_items().unwrap().remove(0);
    other
        .update_item(
            &first.id,
            &crate::domain::backlog::ItemPatch {
                title: Some(crate::domain::backlog::Title::parse("Faster CI, renamed").unwrap()),
                ..Default::default()
            },
            clock().now(),
        )
        .unwrap();
    assert!(app.tick());
    assert!(screen(&app).contains("Faster CI, renamed"));
    assert_eq!(app.backlog().selected_item().unwrap().id, selected);
}

#[test]
fn a_long_title_and_a_multi_line_description_are_cut_with_a_sign_at_80_columns() {
    let mut examples = crate::domain::demo::examples();
    let (_, first) = &mut examples[0];
    first.title = crate::domain::backlog::Title::parse(
        "Faster CI pipelines for every service in the monorepo, cached per branch and toolchain",
    )
    .unwrap();
    first.description = "Builds take 25 min at p95.\nh3. Goal\n* p95 under 5 minutes".into();
    let mut store = Store::open_in_memory().unwrap();
    store.add_items_with_ids(&examples, clock().now()).unwrap();
    let app = app_with(store, 80, 24);
    let screen = screen(&app);
    // The table row and the panel's title end in `…`, never cut silently.
    assert!(
        screen.contains("\"   1 Faster CI pipelines for e…  "),
        "{screen}"
    );
    assert!(
        screen.contains(
            "\" Faster CI pipelines for every service in the monorepo, cached per branch an… "
        ),
        "{screen}"
    );
    // The description keeps its line breaks.
    assert!(
        screen.contains("\" Builds take 25 min at p95.  "),
        "{screen}"
    );
    assert!(screen.contains("\" h3. Goal  "), "{screen}");
    insta::assert_snapshot!(screen);
}

fn ctrl_s(app: &mut App) {
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
}

/// The demo with Faster CI pipelines' description set to two lines, as
/// `backlog set --description` would.
fn demo_with_two_line_description() -> App {
    let mut store = Store::open_in_memory().unwrap();
    store
        .add_items_with_ids(&crate::domain::demo::examples(), clock().now())
        .unwrap();
    let id = store
        .items()
        .unwrap()
        .into_iter()
        .find(|i| i.title == "Faster CI pipelines")
        .unwrap()
        .id;
    let patch = crate::domain::backlog::ItemPatch {
        description: Some("a\nb".into()),
        ..Default::default()
    };
    store.update_item(&id, &patch, clock().now()).unwrap();
    app_with(store, 80, 24)
}

fn faster_ci(app: &App) -> crate::domain::backlog::Item {
    app.store
        .items()
        .unwrap()
        .into_iter()
        .find(|i| i.title.starts_with("Faster CI"))
        .unwrap()
}

#[test]
fn a_title_edit_keeps_a_multi_line_description() {
    let mut app = demo_with_two_line_description();
    assert_eq!(titles(&app)[0], "Faster CI pipelines");
    press(&mut app, KeyCode::Char('e'));
    press(&mut app, KeyCode::End);
    type_text(&mut app, " now");
    ctrl_s(&mut app);
    let item = faster_ci(&app);
    assert_eq!(item.title, "Faster CI pipelines now");
    assert_eq!(item.description, "a\nb");
}

#[test]
fn the_description_is_edited_on_several_lines() {
    let mut app = demo_with_two_line_description();
    press(&mut app, KeyCode::Char('e'));
    // Title, reach, impact, confidence, effort, lane, tags, description.
    for _ in 0..7 {
        press(&mut app, KeyCode::Tab);
    }
    // Enter is a new line here, not the next field or a save.
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "c");
    app.handle_event(Event::Paste("d\re".into()));
    insta::assert_snapshot!(screen(&app));
    ctrl_s(&mut app);
    assert_eq!(faster_ci(&app).description, "a\nb\ncd\ne");
}

#[test]
fn a_break_pasted_into_the_title_is_folded_and_said() {
    let mut app = demo_with_two_line_description();
    press(&mut app, KeyCode::Char('a'));
    app.handle_event(Event::Paste("Two\nlines".into()));
    let shown = screen(&app);
    assert!(shown.contains("Title is one line"), "{shown}");
    ctrl_s(&mut app);
    assert!(
        app.store
            .items()
            .unwrap()
            .iter()
            .any(|i| i.title == "Two lines")
    );
}

/// The demo in a file, with another connection to it (the CLI, or a second
/// copy of the app).
fn demo_in_a_file() -> (tempfile::TempDir, App, Store, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    let mut store = Store::open(&path).unwrap();
    store
        .add_items_with_ids(&crate::domain::demo::examples(), clock().now())
        .unwrap();
    let app = app_with(store, 80, 24);
    let other = Store::open(&path).unwrap();
    let id = other.ranking_items().unwrap().remove(0).id;
    (dir, app, other, id)
}

fn rename(store: &mut Store, id: &str, title: &str) {
    let patch = crate::domain::backlog::ItemPatch {
        title: Some(crate::domain::backlog::Title::parse(title).unwrap()),
        ..Default::default()
    };
    store.update_item(id, &patch, clock().now()).unwrap();
}

#[test]
fn a_save_writes_only_the_changed_fields_and_keeps_a_rename_made_elsewhere() {
    let (_dir, mut app, mut cli, id) = demo_in_a_file();
    press(&mut app, KeyCode::Char('e'));
    rename(&mut cli, &id, "Faster CI, renamed by the CLI");
    // The tick reads the rename; the open form keeps what it showed.
    app.tick();
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "3");
    ctrl_s(&mut app);
    let stored = cli.item(&id).unwrap().unwrap();
    assert_eq!(stored.title, "Faster CI, renamed by the CLI");
    assert_eq!(stored.rice.effort.to_string(), "3");
    assert!(screen(&app).contains("Faster CI, renamed by the CLI"));
}

#[test]
fn a_save_without_a_change_writes_nothing_and_reverts_nothing() {
    let (_dir, mut app, mut cli, id) = demo_in_a_file();
    press(&mut app, KeyCode::Char('e'));
    rename(&mut cli, &id, "Renamed by the CLI");
    let before = cli.item(&id).unwrap().unwrap();
    ctrl_s(&mut app);
    let after = cli.item(&id).unwrap().unwrap();
    assert_eq!(after, before, "nothing written");
    assert_eq!(cli.score_history(&id).unwrap().len(), 1);
    let shown = screen(&app);
    assert!(shown.contains("nothing written"), "{shown}");
}

#[test]
fn the_same_field_changed_elsewhere_shows_both_values_and_the_user_chooses() {
    for (key, title) in [('m', "Mine: faster CI"), ('t', "Theirs: CI")] {
        let (_dir, mut app, mut cli, id) = demo_in_a_file();
        press(&mut app, KeyCode::Char('e'));
        rename(&mut cli, &id, "Theirs: CI");
        // Back into the title selects it: typing replaces it.
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::BackTab);
        type_text(&mut app, "Mine: faster CI");
        // Effort changes too, with no conflict: it is saved either way.
        for _ in 0..4 {
            press(&mut app, KeyCode::Tab);
        }
        type_text(&mut app, "3");
        ctrl_s(&mut app);
        let shown = screen(&app);
        assert!(shown.contains("mine    Mine: faster CI"), "{shown}");
        assert!(shown.contains("theirs  Theirs: CI"), "{shown}");
        assert!(
            shown.contains("m keep mine  t take theirs  Esc back"),
            "{shown}"
        );
        // Esc goes back to the form, nothing written; saving again asks again.
        press(&mut app, KeyCode::Esc);
        assert_eq!(cli.item(&id).unwrap().unwrap().rice.effort.to_string(), "2");
        assert!(screen(&app).contains("Edit item"));
        ctrl_s(&mut app);
        press(&mut app, KeyCode::Char(key));
        let stored = cli.item(&id).unwrap().unwrap();
        assert_eq!(stored.title, title);
        assert_eq!(stored.rice.effort.to_string(), "3");
        assert!(!screen(&app).contains("Changed elsewhere"));
    }
}

#[test]
fn the_form_takes_source_success_criteria_and_a_review_date_and_the_detail_shows_them() {
    let (_dir, mut app, cli, id) = demo_in_a_file();
    press(&mut app, KeyCode::Char('e'));
    // Title … Description, then Source, Success criteria, Review date.
    for _ in 0..8 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "CI under 5 minutes");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "for 80% of builds");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "2027-02-30");
    ctrl_s(&mut app);
    // A bad date: named, what is allowed said, nothing written, form whole.
    let shown = screen(&app);
    assert!(
        shown.contains("Review date: must be a date as YYYY-MM-DD"),
        "{shown}"
    );
    assert!(cli.item(&id).unwrap().unwrap().roadmap.success.is_none());
    // The status bar ends in the temporary file's path: left out.
    let form: Vec<&str> = shown.lines().take(23).collect();
    insta::assert_snapshot!(form.join("\n"));
    for _ in 0..2 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "28");
    ctrl_s(&mut app);
    let stored = cli.item(&id).unwrap().unwrap();
    assert_eq!(
        stored.roadmap.source,
        Some(crate::domain::roadmap::Source::Users)
    );
    let success = stored.roadmap.success.unwrap();
    assert_eq!(success.text, "CI under 5 minutes\nfor 80% of builds");
    assert_eq!(success.review_by.to_string(), "2027-02-28");
    let shown = screen(&app);
    assert!(
        shown.contains("source users   review by 2027-02-28"),
        "{shown}"
    );
    assert!(shown.contains("Success: CI under 5 minutes"), "{shown}");
    // A source chosen by mistake can be taken back: ← to "not set".
    press(&mut app, KeyCode::Char('e'));
    for _ in 0..8 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Left);
    ctrl_s(&mut app);
    let stored = cli.item(&id).unwrap().unwrap();
    assert_eq!(stored.roadmap.source, None, "{}", screen(&app));
    assert!(stored.roadmap.success.is_some(), "the criteria stay");
}

/// A backlog far longer than the screen: every move reads only the rows
/// that come on screen, and what the table shows is the full ranking.
#[test]
fn moving_through_a_long_backlog_shows_the_full_rankings_rows_and_ranks() {
    use crate::domain::backlog::{Lane, rank};
    let mut store = Store::open_in_memory().unwrap();
    let items: Vec<_> = (0..300u32)
        .map(|i| {
            let mut item = crate::domain::demo::examples()[0].1.clone();
            item.title = crate::domain::backlog::Title::parse(&format!("Item {i}")).unwrap();
            // Many ties: creation order breaks them.
            item.rice.reach = crate::domain::rice::Reach::new(f64::from(i % 37)).unwrap();
            item.lane = if i % 5 == 0 { Lane::Done } else { Lane::Next };
            item
        })
        .collect();
    store.add_items(&items, clock().now()).unwrap();
    let mut ranked = store.items().unwrap();
    rank(&mut ranked);
    let open: Vec<String> = ranked
        .iter()
        .filter(|i| !i.lane.is_closed())
        .map(|i| i.title.clone())
        .collect();
    let mut app = app_with(store, 100, 30);
    let rows = titles(&app).len();
    assert_eq!(titles(&app), open[..rows].to_vec());
    // Down past the screen's end scrolls by one row.
    for _ in 0..rows {
        press(&mut app, KeyCode::Char('j'));
    }
    assert_eq!(titles(&app), open[1..=rows].to_vec());
    assert_eq!(app.backlog().selected_item().unwrap().title, open[rows]);
    press(&mut app, KeyCode::PageDown);
    let at = (2 * rows).min(open.len() - 1);
    assert_eq!(app.backlog().selected_item().unwrap().title, open[at]);
    // Ranks count every open item above the row.
    let shown = screen(&app);
    assert!(
        shown.contains(&format!("{:>4} {}", at + 1, open[at])),
        "{shown}"
    );
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(
        titles(&app),
        open[open.len() - rows..].to_vec(),
        "the last screen"
    );
    press(&mut app, KeyCode::PageUp);
    press(&mut app, KeyCode::Char('k'));
    let selected = app.backlog().selected_item().unwrap().title.clone();
    let position = open.iter().position(|t| *t == selected).unwrap();
    assert_eq!(position, open.len() - 1 - rows - 1);
    // A score edit deep in the list re-ranks it and keeps it selected.
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.backlog().selected_item().unwrap().title, selected);
    let mut ranked = app.store.items().unwrap();
    rank(&mut ranked);
    let open: Vec<String> = ranked
        .iter()
        .filter(|i| !i.lane.is_closed())
        .map(|i| i.title.clone())
        .collect();
    let listed = titles(&app);
    let start = open.iter().position(|t| *t == listed[0]).unwrap();
    assert_eq!(listed, open[start..start + listed.len()].to_vec());
    // Done items come back with s, without a rank.
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('s'));
    let shown = screen(&app);
    assert!(shown.contains("   – "), "{shown}");
}

#[test]
fn the_word_filter_finds_words_in_descriptions() {
    let mut examples = crate::domain::demo::examples();
    examples[2].1.description = "Sidecars everywhere, mTLS between services".into();
    let mut store = Store::open_in_memory().unwrap();
    store.add_items_with_ids(&examples, clock().now()).unwrap();
    let mut app = app_with(store, 100, 30);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "sidecar");
    assert_eq!(titles(&app), ["Service mesh"]);
    assert!(screen(&app).contains("1 shown"));
    // Words match the beginnings of words, in any case, and all must match.
    press(&mut app, KeyCode::Char(' '));
    type_text(&mut app, "MTL");
    assert_eq!(titles(&app), ["Service mesh"]);
    type_text(&mut app, "x");
    assert!(titles(&app).is_empty());
}

#[test]
fn d_loads_the_same_demo_as_fieldkit_demo_in_one_go() {
    let mut app = app_with(Store::open_in_memory().unwrap(), 100, 30);
    press(&mut app, KeyCode::Char('D'));
    let shown = screen(&app);
    assert!(
        shown.contains("Loaded 10 of 10 examples, metrics, impact map, research"),
        "{shown}"
    );
    // What `fieldkit demo` loads on the same day (it calls the same function).
    let mut cli = Store::open_in_memory().unwrap();
    let now = clock().now();
    let today = now.to_zoned_datetime(TimeZone::UTC).date();
    let loaded = cli.load_demo(today, &TimeZone::UTC, now).unwrap();
    assert_eq!(loaded.items, 10);
    assert_eq!(loaded.metrics, 8);
    assert!(loaded.readings > 0 && loaded.research > 0 && loaded.linked == 6);
    // Actors and impacts get fresh ids in each file: whether an item is
    // linked is what must match.
    let items = |store: &Store| {
        let mut items = store.items().unwrap();
        for item in &mut items {
            item.roadmap.impact_id = item.roadmap.impact_id.as_ref().map(|_| "linked".into());
        }
        items
    };
    assert_eq!(items(&app.store), items(&cli));
    assert_eq!(app.store.metrics().unwrap(), cli.metrics().unwrap());
    assert_eq!(app.store.readings().unwrap(), cli.readings().unwrap());
    assert_eq!(
        app.store.research_rows().unwrap(),
        cli.research_rows().unwrap()
    );
    assert_eq!(app.store.goals().unwrap(), cli.goals().unwrap());
    // With items in the file, D asks first: no leaves the file as it is.
    let research = app.store.research_rows().unwrap();
    press(&mut app, KeyCode::Char('D'));
    let asked = screen(&app);
    assert!(
        asked.contains("Load the seed's demo into this file?"),
        "{asked}"
    );
    press(&mut app, KeyCode::Char('n'));
    assert!(!screen(&app).contains("Load the seed's demo"));
    assert_eq!(app.store.research_rows().unwrap(), research);
    // Yes loads it; twice adds nothing twice.
    press(&mut app, KeyCode::Char('D'));
    press(&mut app, KeyCode::Char('y'));
    assert!(
        screen(&app)
            .contains("Loaded 0 of 10 examples (rest already here), metrics, impact map, research")
    );
    let again = cli.load_demo(today, &TimeZone::UTC, now).unwrap();
    assert_eq!(
        (
            again.items,
            again.metrics,
            again.readings,
            again.research,
            again.linked
        ),
        (0, 0, 0, 0, 0)
    );
}

/// A filter whose count a short walk cannot tell (its rows rank below
/// many others) is counted on a thread: the key's frame says so, and the
/// count shows once the thread is done.
#[test]
fn a_count_that_needs_a_long_walk_arrives_from_a_thread() {
    use crate::domain::backlog::{Lane, NewItem, Tags, Title};
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("count.db")).unwrap();
    let item = |title: &str, reach: f64| NewItem {
        title: Title::parse(title).unwrap(),
        description: String::new(),
        rice: Rice {
            reach: Reach::new(reach).unwrap(),
            impact: Impact::ALL[2],
            confidence: Confidence::PRESETS[0],
            effort: Effort::new(1.0).unwrap(),
        },
        lane: Lane::Inbox,
        tags: Tags::parse("").unwrap(),
        kill_reason: None,
    };
    let mut news: Vec<NewItem> = (0..400)
        .map(|i| item(&format!("Alpha {i}"), 100.0))
        .collect();
    news.push(item("Zebra crossing", 1.0));
    news.push(item("Zebra stripes", 2.0));
    store.add_items(&news, clock().now()).unwrap();
    let mut app = app_with(store, 100, 30);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "zebra");
    assert_eq!(titles(&app), ["Zebra stripes", "Zebra crossing"]);
    assert!(app.is_counting());
    assert!(screen(&app).contains("counting…"), "{}", screen(&app));
    let waited = std::time::Instant::now();
    while !app.poll_count() {
        assert!(waited.elapsed() < std::time::Duration::from_secs(20));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(!app.is_counting());
    assert!(screen(&app).contains("2 shown"), "{}", screen(&app));
    // A new keystroke replaces a count in progress; the last one arrives.
    type_text(&mut app, " s");
    type_text(&mut app, "x");
    press(&mut app, KeyCode::Backspace);
    let waited = std::time::Instant::now();
    while app.is_counting() {
        app.poll_count();
        assert!(waited.elapsed() < std::time::Duration::from_secs(20));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(titles(&app), ["Zebra stripes"]);
    assert!(screen(&app).contains("1 shown"), "{}", screen(&app));
}

/// Ranks deep in a long list are not counted from the top on a key's
/// time: `G` shows the last rows at once with their ranks pending (`…`),
/// a thread reads the ranking's anchors, and the exact ranks follow. A
/// score edit there moves the anchors with the item (no thread); a write
/// by another connection makes them stale, so the ranks wait again. A
/// five-digit rank is shown whole.
#[test]
fn deep_ranks_arrive_from_the_anchors_and_stay_exact() {
    use crate::domain::backlog::{Lane, NewItem, Tags, Title, rank};
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
    use crate::store::RANK_BUDGET;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.db");
    let mut store = Store::open(&path).unwrap();
    // Over 10,000 open items: the deepest ranks have five digits.
    let n = 3 * RANK_BUDGET + 4_000;
    let item = |i: usize| NewItem {
        title: Title::parse(&format!("Item {i}")).unwrap(),
        description: String::new(),
        rice: Rice {
            reach: Reach::new((n - i) as f64).unwrap(),
            impact: Impact::ALL[2],
            confidence: Confidence::PRESETS[0],
            effort: Effort::new(1.0).unwrap(),
        },
        lane: [Lane::Inbox, Lane::Now, Lane::Done][i % 3],
        tags: Tags::parse("").unwrap(),
        kill_reason: None,
    };
    store
        .add_items(&(0..n).map(item).collect::<Vec<_>>(), clock().now())
        .unwrap();
    let other = Store::open(&path).unwrap();
    // The rank of each open item in a full ranking of the file now.
    let expected = |id: &str| -> u64 {
        let mut items = other.items().unwrap();
        rank(&mut items);
        let open: Vec<_> = items.iter().filter(|i| !i.lane.is_closed()).collect();
        open.iter().position(|i| i.id == id).unwrap() as u64 + 1
    };
    let wait = |app: &mut App| {
        let waited = std::time::Instant::now();
        while app.is_counting() {
            app.poll_count();
            assert!(waited.elapsed() < std::time::Duration::from_secs(30));
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    };
    let rank_cell = |app: &App, title: &str| -> String {
        let screen = screen(app);
        let line = screen
            .lines()
            .find(|l| l.contains(&format!(" {title} ")))
            .unwrap_or_else(|| panic!("{title} not on screen:\n{screen}"))
            .to_string();
        line.trim_start_matches(['│', '"', ' '])
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    let mut app = app_with(store, 100, 30);
    wait(&mut app);
    press(&mut app, KeyCode::Char('G'));
    let last = app.backlog().selected_item().unwrap().clone();
    assert_eq!(
        last.title,
        format!("Item {}", (0..n).rev().find(|i| i % 3 != 2).unwrap())
    );
    assert!(app.is_counting());
    assert_eq!(rank_cell(&app, &last.title), "…");
    wait(&mut app);
    assert_eq!(rank_cell(&app, &last.title), expected(&last.id).to_string());
    // Every open row on screen has its exact rank.
    for row in app.backlog().listed().cloned().collect::<Vec<_>>() {
        assert_eq!(rank_cell(&app, &row.title), expected(&row.id).to_string());
    }

    // A score edit moves the anchors with the item: exact at once.
    press(&mut app, KeyCode::Char('i'));
    assert!(!app.is_counting());
    let now = expected(&last.id);
    assert_eq!(rank_cell(&app, &last.title), now.to_string());
    assert!(
        screen(&app).contains(&format!("now #{now}")),
        "{}",
        screen(&app)
    );

    // Another connection's write: the anchors are stale, ranks wait.
    let mut theirs = Store::open(&path).unwrap();
    theirs.add_item(&item(n - 2), clock().now()).unwrap();
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::PageUp);
    assert!(app.is_counting());
    wait(&mut app);
    for row in app.backlog().listed().cloned().collect::<Vec<_>>() {
        if !row.lane.is_closed() {
            assert_eq!(rank_cell(&app, &row.title), expected(&row.id).to_string());
        }
    }
}

#[test]
fn help_after_a_delete_leads_with_undo_at_80_columns() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .add_items_with_ids(&crate::domain::demo::examples(), clock().now())
        .unwrap();
    let mut app = app_with(store, 80, 24);
    press(&mut app, KeyCode::Char('?'));
    assert!(
        !screen(&app).contains("bring back the item just deleted"),
        "nothing deleted yet: u does nothing"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Char('?'));
    // On the first page, under the one Backlog heading.
    let shown = screen(&app);
    assert!(
        shown.contains("bring back the item just deleted"),
        "{shown}"
    );
    assert_eq!(
        shown.matches("Backlog ").count(),
        2,
        "tab and heading: {shown}"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.store.items().unwrap().len(), 4);
}

/// A store holding one item made from the first example by `change`.
fn store_with(changes: &[&dyn Fn(&mut crate::domain::backlog::NewItem)]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for change in changes {
        let mut new = crate::domain::demo::examples().remove(0).1;
        change(&mut new);
        store.add_item(&new, clock().now()).unwrap();
    }
    store
}

#[test]
fn hostile_text_never_reaches_the_screen_raw() {
    let hostile = |new: &mut crate::domain::backlog::NewItem| {
        new.title = crate::domain::backlog::Title::parse("Pay \u{202e}evil").unwrap();
        new.description = "line \u{1b}]0;x\u{7} one\nline two \u{202e}".into();
    };
    for (w, h) in [(80, 24), (120, 30)] {
        let mut app = app_with(store_with(&[&hostile]), w, h);
        let shown = screen(&app);
        assert!(
            !shown.chars().any(crate::formats::sanitize::is_unsafe),
            "{shown}"
        );
        assert!(shown.contains("Pay \\u{202e}evil"), "{shown}");
        for key in ['f', 'r', 'l', 'x', 'd'] {
            press(&mut app, KeyCode::Char(key));
            let shown = screen(&app);
            assert!(
                !shown.chars().any(crate::formats::sanitize::is_unsafe),
                "{key}: {shown}"
            );
            assert!(shown.contains("\\u{202e}"), "{key}: {shown}");
            press(&mut app, KeyCode::Esc);
        }
    }
}

#[test]
fn two_decimal_confidence_reads_as_a_percent() {
    let conf = |title: &'static str, confidence: f64| {
        move |new: &mut crate::domain::backlog::NewItem| {
            new.title = crate::domain::backlog::Title::parse(title).unwrap();
            new.rice.reach = crate::domain::rice::Reach::new(123_456.0).unwrap();
            new.rice.confidence = crate::domain::rice::Confidence::new(confidence).unwrap();
            new.rice.effort = crate::domain::rice::Effort::new(7.77).unwrap();
        }
    };
    let (low, high) = (conf("conf 12.34", 12.34), conf("conf 99.99", 99.99));
    for (w, h) in [(80, 24), (120, 30)] {
        let app = app_with(store_with(&[&low, &high]), w, h);
        let shown = screen(&app);
        assert!(
            shown.contains("12.3%") && shown.contains("99.9%"),
            "{shown}"
        );
        assert!(
            !shown.contains("0.0k") && !shown.contains("0.1k"),
            "{shown}"
        );
    }
}
