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
