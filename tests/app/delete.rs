//! Deleting sessions, interviews, syntheses and scripts from the command
//! line: it names what goes, asks unless --yes, and refuses what other
//! research rests on.

use super::TempDb;
use fieldkit::domain::interview::NewInterview;
use fieldkit::domain::script::Placeholders;
use fieldkit::domain::shadow::{EventKind, NewSession};
use fieldkit::domain::synthesis::SourceKind;
use fieldkit::store::Store;
use predicates::str::contains;

fn now() -> jiff::Timestamp {
    "2026-11-25T14:00:00Z".parse().unwrap()
}

/// A session, an interview and a synthesis over the session: their ids.
fn research(db: &TempDb) -> (String, String, String) {
    db.ok(&["demo"]);
    let mut store = Store::open(&db.path).unwrap();
    let session = store
        .create_session(&NewSession::parse("Alex", "Deploy", "", "").unwrap(), now())
        .unwrap();
    store
        .add_event(&session.id, EventKind::Friction, 1000, "slow CI", now())
        .unwrap();
    let script = store.scripts().unwrap().remove(0);
    let new = NewInterview::parse("Priya", "", Placeholders::default(), &[]).unwrap();
    let interview = store.create_interview(&new, &script, now()).unwrap();
    let synthesis = store
        .create_synthesis(
            "Deploys",
            &[(SourceKind::Shadowing, session.id.clone())],
            now(),
        )
        .unwrap();
    (session.id, interview.id, synthesis.id)
}

#[test]
fn without_a_terminal_delete_needs_yes_and_deletes_nothing() {
    let db = TempDb::new();
    let (_, interview, _) = research(&db);
    db.cmd(&["interview", "delete", &interview[..8]])
        .assert()
        .code(2)
        .stderr(contains("add --yes"));
    // The demo adds interviews of its own: this one is still there.
    let kept = |id: &str| {
        Store::open(&db.path)
            .unwrap()
            .interviews()
            .unwrap()
            .iter()
            .any(|i| i.id == id)
    };
    assert!(kept(&interview));
    db.cmd(&["interview", "delete", &interview[..8], "--yes"])
        .assert()
        .success()
        .stdout(contains("Deleted the interview with Priya"));
    assert!(!kept(&interview));
}

#[test]
fn a_session_a_synthesis_draws_on_is_kept_until_the_synthesis_goes() {
    let db = TempDb::new();
    let (session, _, synthesis) = research(&db);
    db.cmd(&["shadow", "delete", &session[..8], "--yes"])
        .assert()
        .code(2)
        .stderr(contains("the synthesis 'Deploys' draws on it"));
    db.ok(&["synthesis", "delete", &synthesis[..8], "--yes"]);
    db.ok(&["shadow", "delete", &session[..8], "--yes"]);
    let store = Store::open(&db.path).unwrap();
    assert!(!store.sessions().unwrap().iter().any(|s| s.id == session));
    assert!(store.syntheses().unwrap().is_empty());
}

#[test]
fn the_last_script_is_kept() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    let name = Store::open(&db.path).unwrap().scripts().unwrap()[0]
        .name
        .clone();
    db.cmd(&["script", "delete", &name, "--yes"])
        .assert()
        .code(2)
        .stderr(contains("is the only script"));
}

#[test]
fn every_delete_hides_the_record_and_undelete_brings_it_back_as_it_was() {
    let db = TempDb::new();
    let (session, interview, synthesis) = research(&db);
    let script = db.path.with_file_name("short.toml");
    std::fs::write(
        &script,
        "name = \"Short check\"\n[[phases]]\nname = \"Opening\"\nminutes = 5\n\
         questions = [\"How did your last deploy go?\"]\n",
    )
    .unwrap();
    db.ok(&["script", "import", script.to_str().unwrap()]);
    let item = db.ok(&[
        "backlog",
        "add",
        "Cache builds",
        "--reach",
        "10",
        "--impact",
        "1",
        "--confidence",
        "50",
        "--effort",
        "1",
    ]);
    let item = item.trim();
    let before = db.ok(&["export"]);
    let lists = |db: &TempDb| {
        [
            db.ok(&["shadow", "list", "--format", "json"]),
            db.ok(&["interview", "list", "--format", "json"]),
            db.ok(&["synthesis", "list", "--format", "json"]),
            db.ok(&["script", "list"]),
            db.ok(&["backlog", "list", "--all", "--format", "csv"]),
        ]
        .join("\n")
    };
    let shown = lists(&db);

    db.cmd(&["synthesis", "delete", &synthesis[..8], "--yes"])
        .assert()
        .success()
        .stdout(contains(format!(
            "Deleted the synthesis 'Deploys' and its entries; bring it back with: \
             fieldkit synthesis undelete {}",
            &synthesis[..8]
        )));
    db.ok(&["shadow", "delete", &session[..8], "--yes"]);
    db.ok(&["interview", "delete", &interview[..8], "--yes"]);
    db.ok(&["script", "delete", "short check", "--yes"]);
    db.ok(&["backlog", "delete", &item[..8], "--yes"]);

    let hidden = lists(&db);
    for gone in [&session, &interview, &synthesis, &item.to_string()] {
        assert!(shown.contains(gone.as_str()), "{shown}");
        assert!(!hidden.contains(gone.as_str()), "{hidden}");
    }
    assert!(!hidden.contains("Short check"), "{hidden}");
    assert!(!hidden.contains("Cache builds"), "{hidden}");
    // Deleted records are not found by id.
    db.cmd(&["shadow", "export", &session[..8]])
        .assert()
        .code(2)
        .stderr(contains("no shadowing session has the id"));
    db.cmd(&["backlog", "show", &item[..8]]).assert().code(2);
    // The backup keeps them, marked.
    let backup = db.ok(&["export"]);
    for kept in [&session, &interview, &synthesis] {
        assert!(backup.contains(kept.as_str()));
    }
    assert!(backup.contains("Short check"));

    // A synthesis comes back only with its sources.
    db.cmd(&["synthesis", "undelete", &synthesis[..8]])
        .assert()
        .code(2)
        .stderr(contains(format!(
            "its source session {} is deleted: bring it back first",
            &session[..8]
        )));
    assert_eq!(
        db.ok(&["shadow", "undelete", &session[..8]]),
        "Brought back the session with Alex (Deploy) and its events.\n"
    );
    db.ok(&["synthesis", "undelete", &synthesis[..8]]);
    db.ok(&["interview", "undelete", &interview[..8]]);
    db.ok(&["script", "undelete", "SHORT CHECK"]);
    assert_eq!(
        db.ok(&["backlog", "undelete", &item[..8]]),
        "Brought back 'Cache builds'.\n"
    );
    // Undeleting twice says there is nothing deleted by that id.
    db.cmd(&["backlog", "undelete", &item[..8]])
        .assert()
        .code(2)
        .stderr(contains("no deleted backlog item has the id"));

    assert_eq!(lists(&db), shown);
    assert_eq!(db.ok(&["export"]), before);
}

#[test]
fn a_script_deleted_and_imported_again_is_the_new_one() {
    let db = TempDb::new();
    let path = db.path.with_file_name("short.toml");
    let script = |question: &str| {
        std::fs::write(
            &path,
            format!(
                "name = \"Short check\"\n[[phases]]\nname = \"Opening\"\nminutes = 5\n\
                 questions = [\"{question}\"]\n"
            ),
        )
        .unwrap();
    };
    script("First?");
    db.ok(&["script", "import", path.to_str().unwrap()]);
    db.ok(&["script", "delete", "Short check", "--yes"]);
    script("Second?");
    db.ok(&["script", "import", path.to_str().unwrap()]);
    let shown = db.ok(&["script", "show", "Short check"]);
    assert!(shown.contains("Second?"), "{shown}");
    db.cmd(&["script", "undelete", "Short check"])
        .assert()
        .code(2)
        .stderr(contains("no deleted script is named 'Short check'"));
}
