//! Team sync from the app: `S` syncs on a thread while the screen keeps
//! drawing, the result shows on the message line, and what arrived is in
//! the panes at once with the selection kept. Two databases in a temp dir
//! meet in a shared folder, as two laptops would.

use super::*;
use crate::domain::backlog::{NewItem, Title};
use crate::sync::{self, Remote};
use std::path::Path;
use std::time::{Duration, Instant};

const SECRET: &str = "correct horse battery staple";

fn item(title: &str) -> NewItem {
    let (_, mut new) = crate::domain::demo::examples().into_iter().next().unwrap();
    new.title = Title::parse(title).unwrap();
    new
}

fn laptop(dir: &Path, name: &str, shared: &Path, secret: &str) -> Store {
    let mut store = Store::open(&dir.join(format!("{name}.db"))).unwrap();
    sync::init(&mut store, Remote::Dir(shared.to_path_buf()), name, secret).unwrap();
    store
}

/// Lets the background sync finish, as the event loop would.
fn until_synced(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while app.is_syncing() {
        assert!(Instant::now() < deadline, "the sync never finished");
        std::thread::sleep(Duration::from_millis(20));
        app.poll_sync();
    }
}

fn message(app: &App) -> String {
    app.status
        .message
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default()
}

#[test]
fn s_syncs_in_the_background_and_the_other_laptops_change_appears_with_the_selection_kept() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    let mut pm = laptop(dir.path(), "pm", &shared, SECRET);
    pm.add_items(
        &[item("Faster CI"), item("Self-serve databases")],
        clock().now(),
    )
    .unwrap();
    let mut researcher = laptop(dir.path(), "researcher", &shared, SECRET);
    researcher
        .add_item(&item("Golden path docs"), clock().now())
        .unwrap();
    sync::sync(&mut researcher).unwrap();

    let mut app = app_with(pm, 100, 30);
    press(&mut app, KeyCode::Char('j'));
    let selected = app.backlog().selected_item().unwrap().title.clone();
    let bar = screen(&app);
    assert!(bar.contains("changes to send · never synced"), "{bar}");

    press(&mut app, KeyCode::Char('S'));
    assert!(app.is_syncing());
    assert!(screen(&app).contains("syncing…"));
    // The screen keeps working meanwhile; a second press says a sync runs.
    press(&mut app, KeyCode::Char('S'));
    assert!(
        message(&app).contains("Already syncing"),
        "{}",
        message(&app)
    );
    until_synced(&mut app);

    let said = message(&app);
    assert!(said.starts_with("Synced: sent "), "{said}");
    assert!(!said.contains("received 0"), "{said}");
    assert!(titles(&app).contains(&"Golden path docs".to_string()));
    assert_eq!(app.backlog().selected_item().unwrap().title, selected);
    let bar = screen(&app);
    assert!(bar.contains("nothing to send · synced just now"), "{bar}");

    // The researcher gets the PM's items back.
    sync::sync(&mut researcher).unwrap();
    let there: Vec<String> = researcher
        .items()
        .unwrap()
        .into_iter()
        .map(|i| i.title)
        .collect();
    assert!(there.contains(&"Faster CI".to_string()), "{there:?}");
}

#[test]
fn a_failed_sync_says_why_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    let mut researcher = laptop(dir.path(), "researcher", &shared, SECRET);
    researcher
        .add_item(&item("Golden path docs"), clock().now())
        .unwrap();
    sync::sync(&mut researcher).unwrap();
    let mut eve = laptop(dir.path(), "eve", &shared, "not the team's secret");
    eve.add_item(&item("Eve's item"), clock().now()).unwrap();
    let outbox = eve.outbox_len().unwrap();

    let mut app = app_with(eve, 80, 24);
    press(&mut app, KeyCode::Char('S'));
    until_synced(&mut app);
    let (said, is_error) = app.status.message.clone().unwrap();
    assert!(is_error);
    assert!(said.starts_with("Sync failed: "), "{said}");
    assert!(said.contains("wrong secret"), "{said}");
    let shown = screen(&app);
    assert!(shown.contains(&said), "{shown}");
    assert_eq!(titles(&app), ["Eve's item"]);
    assert_eq!(app.store.outbox_len().unwrap(), outbox);
    // Once the message is read, the line shows the state again.
    press(&mut app, KeyCode::Char('j'));
    let shown = screen(&app);
    assert!(shown.contains("changes to send · never synced"), "{shown}");
}

#[test]
fn without_sync_set_up_s_says_how_to_set_it_up() {
    let mut app = demo_app();
    assert!(!screen(&app).contains("to send"));
    assert!(!screen(&app).contains("S sync"));
    press(&mut app, KeyCode::Char('S'));
    assert!(!app.is_syncing());
    assert!(
        message(&app).contains("fieldkit sync init"),
        "{}",
        message(&app)
    );
}
