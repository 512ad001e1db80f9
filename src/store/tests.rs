//! Store tests on real files in a temp directory: WAL, permissions and the
//! refusal of bad files only exist on disk.

use super::*;
use crate::domain::backlog::{ItemPatch, Lane, NewItem, Tags, Title};
use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
use jiff::Timestamp;
use std::os::unix::fs::PermissionsExt;

fn now() -> Timestamp {
    "2026-11-25T14:00:00Z".parse().unwrap()
}

fn new_item(title: &str, reach: f64) -> NewItem {
    NewItem {
        title: Title::parse(title).unwrap(),
        description: String::new(),
        rice: Rice {
            reach: Reach::new(reach).unwrap(),
            impact: Impact::High,
            confidence: Confidence::MEDIUM,
            effort: Effort::new(2.0).unwrap(),
        },
        lane: Lane::Inbox,
        tags: Tags::default(),
        kill_reason: None,
    }
}

#[test]
fn migrations_apply_in_order_and_validate() {
    // Each migration is valid SQL applied on top of the ones before it, and
    // the schema they build passes SQLite's own checks.
    let conn = Connection::open_in_memory().unwrap();
    for sql in MIGRATIONS {
        conn.execute_batch(sql).unwrap();
    }
    let check: String = conn
        .pragma_query_value(None, "integrity_check", |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    let store = Store::open_in_memory().unwrap();
    let version: i64 = store
        .conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn reopening_migrates_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    let mut store = Store::open(&path).unwrap();
    store.add_item(&new_item("A", 1.0), now()).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.items().unwrap().len(), 1);
}

#[test]
fn new_files_are_owner_only_and_use_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/deeper/fk.db");
    let store = Store::open(&path).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    let journal: String = store
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let sync: i64 = store
        .conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = store
        .conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

/// Opens `path`, expects a refusal naming it, and checks not a byte changed.
fn assert_refused(path: &Path, expect: &str) {
    let before = fs::read(path).unwrap();
    let err = Store::open(path).unwrap_err().to_string();
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains(expect), "{err}");
    assert_eq!(fs::read(path).unwrap(), before, "the file was changed");
    assert!(!path.with_extension("db-wal").exists());
}

#[test]
fn refuses_a_file_that_is_not_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    fs::write(&path, "these are my notes, not a database\n".repeat(100)).unwrap();
    assert_refused(&path, "is not a SQLite database");
    let short = dir.path().join("short.db");
    fs::write(&short, "SQLite").unwrap();
    assert_refused(&short, "is not a SQLite database");
}

#[test]
fn refuses_a_corrupt_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    {
        let mut store = Store::open(&path).unwrap();
        let items: Vec<NewItem> = (0..300)
            .map(|i| new_item(&format!("item {i}"), 1.0))
            .collect();
        store.add_items(&items, now()).unwrap();
    }
    // Keep the header, scribble over every page after the first.
    let mut bytes = fs::read(&path).unwrap();
    assert!(bytes.len() > 8192);
    for b in &mut bytes[4096..] {
        *b = 0xA5;
    }
    fs::write(&path, &bytes).unwrap();
    // The schema page is intact, so the damage shows on the first read of
    // the backlog; either way nothing is written and the error says so.
    let before = fs::read(&path).unwrap();
    let damaged = Store::open(&path).and_then(|store| store.items().map(|_| ()));
    let err = damaged.unwrap_err();
    assert!(
        err.to_string().contains("is corrupt")
            || storage_hint(&err).is_some_and(|h| h.contains("damaged")),
        "{err:#}"
    );
    assert_eq!(fs::read(&path).unwrap(), before, "the file was changed");
    // Damage to the first page is refused at once.
    let mut bytes = before.clone();
    for b in &mut bytes[100..4096] {
        *b = 0x5A;
    }
    fs::write(&path, &bytes).unwrap();
    assert_refused(&path, "is corrupt");
}

#[test]
fn refuses_another_programs_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    assert_refused(&path, "not a fieldkit one");
}

#[test]
fn refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    assert_refused(&path, "newer fieldkit");
}

#[test]
fn an_empty_file_becomes_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    fs::write(&path, "").unwrap();
    let mut store = Store::open(&path).unwrap();
    store.add_item(&new_item("A", 1.0), now()).unwrap();
}

#[test]
fn score_changes_are_written_to_history() {
    let mut store = Store::open_in_memory().unwrap();
    let item = store
        .add_item(&new_item("Faster CI", 200.0), now())
        .unwrap();
    assert_eq!(item.score(), 160.0);
    let later: Timestamp = "2026-11-25T15:00:00Z".parse().unwrap();
    let patch = ItemPatch {
        impact: Some(Impact::Massive),
        ..Default::default()
    };
    let updated = store.update_item(&item.id, &patch, later).unwrap();
    assert_eq!(updated.score(), 240.0);
    assert_eq!(updated.updated_at, "2026-11-25T15:00:00.000000Z");
    assert_eq!(updated.created_at, "2026-11-25T14:00:00.000000Z");
    // A title change is not a score change.
    let patch = ItemPatch {
        title: Some(Title::parse("Fast CI").unwrap()),
        ..Default::default()
    };
    store.update_item(&item.id, &patch, later).unwrap();
    let history = store.score_history(&item.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].old_score, None);
    assert_eq!(history[1].old_score, Some(160.0));
    assert_eq!(history[1].new_score, 240.0);
    assert_eq!(history[1].change, "impact 2 → 3");
}

#[test]
fn a_refused_patch_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let item = store.add_item(&new_item("A", 1.0), now()).unwrap();
    let patch = ItemPatch {
        lane: Some(Lane::Killed),
        ..Default::default()
    };
    assert!(store.update_item(&item.id, &patch, now()).is_err());
    assert_eq!(store.item(&item.id).unwrap().unwrap(), item);
    assert_eq!(store.score_history(&item.id).unwrap().len(), 1);
}

#[test]
fn find_item_by_unique_prefix() {
    let mut store = Store::open_in_memory().unwrap();
    let examples = crate::domain::demo::examples();
    store.add_items_with_ids(&examples, now()).unwrap();
    assert_eq!(store.add_items_with_ids(&examples, now()).unwrap(), 0);
    let found = store.find_item("D774F566").unwrap();
    assert_eq!(found.title, "Faster CI pipelines");
    assert!(store.find_item("abc").is_err(), "too short");
    assert!(store.find_item("ffffffff").is_err());
    assert!(store.find_item("' OR 1=1 --").is_err());
}

#[test]
fn a_deleted_item_leaves_every_list_and_comes_back_with_its_history() {
    let mut store = Store::open_in_memory().unwrap();
    let item = store.add_item(&new_item("A", 1.0), now()).unwrap();
    let kept = store.add_item(&new_item("B", 2.0), now()).unwrap();
    let history = store.score_history(&item.id).unwrap();
    store.delete_item(&item.id, now()).unwrap();
    let ids = |store: &Store| -> Vec<String> {
        store
            .ranking_items()
            .unwrap()
            .into_iter()
            .map(|i| i.id)
            .collect()
    };
    assert_eq!(ids(&store), vec![kept.id.clone()]);
    assert!(store.find_item(&item.id).is_err());
    assert!(store.open_items().unwrap().iter().all(|i| i.id != item.id));
    assert!(store.top_open_titles(5).unwrap() == vec!["B".to_string()]);
    // Deleting it again, or bringing back one that is not deleted, says so.
    assert!(store.delete_item(&item.id, now()).is_err());
    assert!(store.undelete_item(&kept.id).is_err());
    let back = store.undelete_item(&item.id[..8]).unwrap();
    assert_eq!(back, store.item(&item.id).unwrap().unwrap());
    assert_eq!(store.score_history(&item.id).unwrap(), history);
    assert_eq!(ids(&store), vec![item.id.clone(), kept.id]);
}

#[test]
fn two_connections_write_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    let mut a = Store::open(&path).unwrap();
    let mut b = Store::open(&path).unwrap();
    let item = a.add_item(&new_item("A", 1.0), now()).unwrap();
    b.add_item(&new_item("B", 2.0), now()).unwrap();
    let patch = ItemPatch {
        reach: Some(Reach::new(5.0).unwrap()),
        ..Default::default()
    };
    b.update_item(&item.id, &patch, now()).unwrap();
    assert_eq!(a.items().unwrap().len(), 2);
    assert_eq!(a.integrity_check().unwrap(), "ok");
}

mod shadow {
    use super::*;
    use crate::domain::shadow::{EventKind, NewSession};

    fn new_session() -> NewSession {
        NewSession::parse("Alex", "Deploy", "15", "").unwrap()
    }

    #[test]
    fn session_and_events_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fk.db");
        let id = {
            let mut store = Store::open(&path).unwrap();
            let s = store.create_session(&new_session(), now()).unwrap();
            assert_eq!(s.researcher_guess_min, Some(15.0));
            assert_eq!(s.developer_guess_min, None);
            let f = store
                .add_event(&s.id, EventKind::Friction, 5_000, "", now())
                .unwrap();
            store.set_event_text(&f.id, "no runbook", now()).unwrap();
            let w = store
                .add_event(&s.id, EventKind::Wait, 9_000, "CI", now())
                .unwrap();
            store.end_wait(&w.id, 12_000, now()).unwrap();
            store
                .add_event(&s.id, EventKind::Wish, 7_000, "I wish", now())
                .unwrap();
            s.id
        };
        let store = Store::open(&path).unwrap();
        let events = store.events(&id).unwrap();
        let kinds: Vec<_> = events.iter().map(|e| (e.kind, e.offset_ms)).collect();
        assert_eq!(
            kinds,
            [
                (EventKind::Friction, 5_000),
                (EventKind::Wish, 7_000),
                (EventKind::Wait, 9_000)
            ]
        );
        assert_eq!(events[0].text, "no runbook");
        assert_eq!(events[2].end_offset_ms, Some(12_000));
        assert_eq!(store.last_known_offset(&id).unwrap(), 12_000);
        assert_eq!(store.unfinished_session().unwrap().unwrap().id, id);
    }

    #[test]
    fn deleted_events_are_kept_and_restorable() {
        let mut store = Store::open_in_memory().unwrap();
        let s = store.create_session(&new_session(), now()).unwrap();
        let e = store
            .add_event(&s.id, EventKind::Note, 1_000, "x", now())
            .unwrap();
        store.delete_event(&e.id, now()).unwrap();
        assert!(store.events(&s.id).unwrap().is_empty());
        assert_eq!(store.all_events(&s.id).unwrap().len(), 1);
        store.restore_event(&e.id, now()).unwrap();
        assert_eq!(store.events(&s.id).unwrap().len(), 1);
    }

    #[test]
    fn ending_closes_the_open_wait_and_pause() {
        let mut store = Store::open_in_memory().unwrap();
        let s = store.create_session(&new_session(), now()).unwrap();
        store
            .add_event(&s.id, EventKind::Wait, 1_000, "", now())
            .unwrap();
        store.pause_session(&s.id, 2_000, "paused", now()).unwrap();
        let ended = store.end_session(&s.id, 60_000, now()).unwrap();
        assert_eq!(ended.duration_ms, Some(60_000));
        assert!(!ended.paused);
        assert_eq!(store.events(&s.id).unwrap()[0].end_offset_ms, Some(60_000));
        assert!(store.pauses(&s.id).unwrap()[0].resumed_at.is_some());
        assert!(store.unfinished_session().unwrap().is_none());
        assert!(
            store.end_session(&s.id, 70_000, now()).is_err(),
            "ends once"
        );
    }

    #[test]
    fn heartbeat_only_moves_forward() {
        let mut store = Store::open_in_memory().unwrap();
        let s = store.create_session(&new_session(), now()).unwrap();
        store.heartbeat(&s.id, 30_000, now()).unwrap();
        store.heartbeat(&s.id, 10_000, now()).unwrap();
        assert_eq!(
            store.session(&s.id).unwrap().unwrap().last_offset_ms,
            30_000
        );
    }

    #[test]
    fn deleting_a_session_removes_its_events_and_pauses() {
        let mut store = Store::open_in_memory().unwrap();
        let s = store.create_session(&new_session(), now()).unwrap();
        store
            .add_event(&s.id, EventKind::Note, 1_000, "", now())
            .unwrap();
        store.pause_session(&s.id, 1_000, "paused", now()).unwrap();
        store
            .conn
            .execute("DELETE FROM shadow_session WHERE id = ?1", [&s.id])
            .unwrap();
        let orphans: i64 = store
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM shadow_event) + (SELECT count(*) FROM shadow_pause)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0);
    }
}

mod interview {
    use super::*;
    use crate::domain::interview::{NewInterview, NoteKind};
    use crate::domain::script::{Placeholders, Script};

    #[test]
    fn a_new_database_has_the_default_script() {
        let store = Store::open_in_memory().unwrap();
        let scripts = store.scripts().unwrap();
        assert_eq!(scripts.len(), 1);
        let script = Script::parse(&scripts[0].source).unwrap();
        assert_eq!(script.total_minutes(), 30.0);
        assert_eq!(
            store.script("STRUCTURED interview (30 min)").unwrap().name,
            script.name
        );
        assert!(store.script("nope").is_err());
    }

    #[test]
    fn importing_a_script_with_the_same_name_replaces_it() {
        let mut store = Store::open_in_memory().unwrap();
        let text =
            "name = \"Quick\"\n[[phases]]\nname = \"Only\"\nminutes = 10\nquestions = [\"Why?\"]\n";
        let script = Script::parse(text).unwrap();
        assert!(!store.save_script(&script, text, false, now()).unwrap());
        let err = store.save_script(&script, text, false, now()).unwrap_err();
        assert!(err.to_string().contains("--replace"), "{err}");
        assert!(store.save_script(&script, text, true, now()).unwrap());
        assert_eq!(store.scripts().unwrap().len(), 2);
    }

    #[test]
    fn an_interview_round_trips_with_its_script_copy() {
        let mut store = Store::open_in_memory().unwrap();
        let script = store.script("Structured interview (30 min)").unwrap();
        let new = NewInterview::parse(
            "Priya",
            "Payments",
            Placeholders::from_ranking(&["A", "B", "C"]),
            &["one", "", "two"],
        )
        .unwrap();
        let i = store.create_interview(&new, &script, now()).unwrap();
        assert_eq!(i.assumptions, ["one", "two"]);
        store.add_step(&i.id, 1, 60_000, now()).unwrap();
        store.save_note(&i.id, 1, 61_000, "first", now()).unwrap();
        store
            .save_note(&i.id, 1, 62_000, "first, edited", now())
            .unwrap();
        store.add_quote(&i.id, 1, 63_000, "words", now()).unwrap();
        let talk = store.start_talk(&i.id, 64_000, now()).unwrap();
        store.end_talk(&talk, 70_000, now()).unwrap();
        store
            .set_ranking(&i.id, &["B".into(), "A".into()], now())
            .unwrap();
        let again = store.interview(&i.id).unwrap().unwrap();
        assert_eq!(again.current_question, 1);
        assert_eq!(again.ranking, ["B", "A"]);
        let record = store.interview_record(&again).unwrap();
        assert_eq!(record.steps.len(), 2);
        let (note, quotes) = record.notes_of(1);
        assert_eq!(note.unwrap().text, "first, edited");
        assert_eq!(quotes[0].kind, NoteKind::Quote);
        assert_eq!(record.talks[0].end_ms, Some(70_000));
        assert_eq!(record.end_ms, 70_000);
        // Ending closes a running talk at the end.
        store.start_talk(&i.id, 80_000, now()).unwrap();
        let ended = store.end_interview(&i.id, 90_000, now()).unwrap();
        assert_eq!(ended.duration_ms, Some(90_000));
        assert_eq!(store.talks(&i.id).unwrap()[1].end_ms, Some(90_000));
        assert!(store.unfinished_interview().unwrap().is_none());
    }
}

mod synthesis {
    use super::*;
    use crate::domain::interview::NewInterview;
    use crate::domain::script::Placeholders;
    use crate::domain::shadow::{EventKind, NewSession};
    use crate::domain::synthesis::{EvidenceRef, Section, SourceKind, Verdict};

    /// An interview with a quote and a session with friction, both linked
    /// to a synthesis with one pain point.
    fn setup(store: &mut Store) -> (String, String, String, String) {
        let script = store.script("Structured interview (30 min)").unwrap();
        let i = store
            .create_interview(
                &NewInterview::parse(
                    "Priya",
                    "Payments",
                    Placeholders::default(),
                    &["CI is slow"],
                )
                .unwrap(),
                &script,
                now(),
            )
            .unwrap();
        let quote = store
            .add_quote(&i.id, 2, 90_000, "It takes 40 minutes", now())
            .unwrap();
        let s = store
            .create_session(&NewSession::parse("Alex", "Deploy", "", "").unwrap(), now())
            .unwrap();
        let friction = store
            .add_event(&s.id, EventKind::Friction, 480_000, "waiting on CI", now())
            .unwrap();
        let synthesis = store
            .create_synthesis(
                "Deploys",
                &[
                    (SourceKind::Interview, i.id.clone()),
                    (SourceKind::Shadowing, s.id.clone()),
                ],
                now(),
            )
            .unwrap();
        let entry = store
            .add_entry(&synthesis.id, Section::PainPoint, "Deploys are slow", now())
            .unwrap();
        (synthesis.id, entry, quote, friction.id)
    }

    #[test]
    fn links_are_references_and_promotion_carries_them() {
        let mut store = Store::open_in_memory().unwrap();
        let (synthesis_id, entry, quote, friction) = setup(&mut store);
        let candidates = store.synthesis_candidates(&synthesis_id).unwrap();
        assert_eq!(candidates.len(), 2);
        assert!(
            store
                .link_evidence(&entry, &EvidenceRef::InterviewNote(quote.clone()), now())
                .unwrap()
        );
        assert!(
            !store
                .link_evidence(&entry, &EvidenceRef::InterviewNote(quote.clone()), now())
                .unwrap()
        );
        store
            .link_evidence(&entry, &EvidenceRef::ShadowEvent(friction.clone()), now())
            .unwrap();
        let s = store.synthesis(&synthesis_id).unwrap().unwrap();
        assert_eq!(s.entries[0].evidence.len(), 2);
        assert_eq!(
            s.entries[0].evidence[0].citation(),
            "\"It takes 40 minutes\" — Priya (Payments) (interview, 01:30)"
        );
        // The link follows the record: editing the quote's source text shows through.
        store
            .set_event_text(&friction, "waiting on CI (again)", now())
            .unwrap();
        let s = store.synthesis(&synthesis_id).unwrap().unwrap();
        assert_eq!(s.entries[0].evidence[1].text, "waiting on CI (again)");

        let new = crate::domain::demo::examples()[0].1.clone();
        let item = store.promote_entry(&entry, &new, now()).unwrap();
        let evidence = store.item_evidence(&item.id).unwrap();
        assert_eq!(evidence.len(), 2);
        assert_eq!(crate::domain::synthesis::independent_sources(&evidence), 2);
        assert_eq!(store.evidence_counts().unwrap()[&item.id], 2);
        // Deleting the entry leaves the item's evidence as it was.
        store.delete_entry(&entry, now()).unwrap();
        assert_eq!(store.item_evidence(&item.id).unwrap().len(), 2);
        // Deleting the item removes its links, never the quotes.
        store.delete_item(&item.id, now()).unwrap();
        assert_eq!(store.synthesis_candidates(&synthesis_id).unwrap().len(), 2);
    }

    #[test]
    fn a_source_that_is_evidence_cannot_be_deleted_and_soft_deletes_show() {
        let mut store = Store::open_in_memory().unwrap();
        let (synthesis_id, entry, quote, friction) = setup(&mut store);
        store
            .link_evidence(&entry, &EvidenceRef::InterviewNote(quote.clone()), now())
            .unwrap();
        store
            .link_evidence(&entry, &EvidenceRef::ShadowEvent(friction.clone()), now())
            .unwrap();
        // Hard deletes are refused by the links: no dangling evidence.
        let refused = store
            .conn
            .execute("DELETE FROM interview_note WHERE id = ?1", [&quote]);
        assert!(refused.is_err());
        let refused = store
            .conn
            .execute("DELETE FROM shadow_event WHERE id = ?1", [&friction]);
        assert!(refused.is_err());
        // The app only soft-deletes shadow events: the evidence stays, marked.
        store.delete_event(&friction, now()).unwrap();
        let s = store.synthesis(&synthesis_id).unwrap().unwrap();
        assert!(s.entries[0].evidence[1].deleted);
        assert!(
            s.entries[0].evidence[1]
                .citation()
                .contains("deleted from its session")
        );
        assert_eq!(store.integrity_check().unwrap(), "ok");
        let orphans: i64 = store
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(orphans, 0);
    }

    #[test]
    fn entries_reorder_and_take_verdicts() {
        let mut store = Store::open_in_memory().unwrap();
        let (synthesis_id, first, _, _) = setup(&mut store);
        let second = store
            .add_entry(&synthesis_id, Section::PainPoint, "No runbooks", now())
            .unwrap();
        assert!(store.move_entry(&second, true, now()).unwrap());
        assert!(!store.move_entry(&second, true, now()).unwrap());
        let s = store.synthesis(&synthesis_id).unwrap().unwrap();
        let order: Vec<&str> = s
            .section(Section::PainPoint)
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(order, [second.as_str(), first.as_str()]);
        let a = store
            .add_entry(&synthesis_id, Section::Assumption, "CI is slow", now())
            .unwrap();
        store
            .set_verdict(&a, Some(Verdict::Validated), now())
            .unwrap();
        let s = store.synthesis(&synthesis_id).unwrap().unwrap();
        assert_eq!(
            s.section(Section::Assumption)
                .find(|e| e.id == a)
                .unwrap()
                .verdict,
            Some(Verdict::Validated)
        );
    }
}

#[test]
fn a_full_disk_is_a_clear_error_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    let mut store = Store::open(&path).unwrap();
    store.add_item(&new_item("Kept", 1.0), now()).unwrap();
    // Simulate a full disk: the file may not grow past its current size.
    let pages: i64 = store
        .conn
        .pragma_query_value(None, "page_count", |r| r.get(0))
        .unwrap();
    store
        .conn
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let many: Vec<NewItem> = (0..5_000)
        .map(|i| new_item(&format!("item {i}"), 1.0))
        .collect();
    let err = store.add_items(&many, now()).unwrap_err();
    assert_eq!(
        storage_hint(&err),
        Some("the disk is full or the file at its limit; nothing was written")
    );
    let items = store.items().unwrap();
    assert_eq!(items.len(), 1, "all or nothing");
    assert_eq!(items[0].title, "Kept");
    assert_eq!(store.integrity_check().unwrap(), "ok");
    drop(store);
    assert_eq!(Store::open(&path).unwrap().items().unwrap().len(), 1);
}

#[test]
fn import_upserts_by_id_or_key_and_a_refused_row_writes_nothing() {
    use crate::domain::tracker::{Incoming, Origin, Placement, TrackerLink};
    let mut store = Store::open_in_memory().unwrap();
    let kept = store.add_item(&new_item("Kept", 10.0), now()).unwrap();
    let row = |line: u64, title: &str, key: &str| Incoming {
        tracker: Some(TrackerLink {
            key: key.into(),
            url: None,
        }),
        placement: Some(Placement::TrackerOpen),
        ..Incoming::new(Origin::Line(line), Title::parse(title).unwrap())
    };
    let counts = store
        .import_items(&[row(2, "A", "PLAT-1"), row(3, "B", "PLAT-2")], now())
        .unwrap();
    assert_eq!((counts.added, counts.updated, counts.unchanged), (2, 0, 0));
    // By key: B's reach changes, A is as it was; by id: the stored item.
    let mut b = row(3, "B", "PLAT-2");
    b.reach = Some(Reach::new(5.0).unwrap());
    let mut by_id = Incoming::new(Origin::Line(4), Title::parse("Kept").unwrap());
    by_id.id = Some(kept.id.clone());
    let counts = store
        .import_items(&[row(2, "A", "PLAT-1"), b, by_id], now())
        .unwrap();
    assert_eq!((counts.added, counts.updated, counts.unchanged), (0, 1, 2));
    let items = store.items().unwrap();
    assert_eq!(items.len(), 3);
    let b = items.iter().find(|i| i.title == "B").unwrap();
    let history = store.score_history(&b.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].change, "reach 0 → 5");
    // A row whose id and key name two items: refused, and the row before
    // it (a new item) is not written either.
    let mut clash = row(6, "Kept", "PLAT-1");
    clash.id = Some(kept.id.clone());
    let err = store
        .import_items(&[row(5, "C", "PLAT-3"), clash], now())
        .unwrap_err();
    let input = err.downcast_ref::<InputError>().unwrap();
    assert_eq!(input.location, Some((6, 1)));
    assert_eq!(store.items().unwrap().len(), 3);
    // A's id comes from its key; after its key changes, the old key is
    // another item with an id of its own.
    let a_id = TrackerLink::item_id("PLAT-1");
    assert!(store.item(&a_id).unwrap().is_some());
    let mut renamed = row(7, "A", "PLAT-100");
    renamed.id = Some(a_id.clone());
    store.import_items(&[renamed], now()).unwrap();
    let counts = store.import_items(&[row(8, "A", "PLAT-1")], now()).unwrap();
    assert_eq!(counts.added, 1);
    assert_eq!(store.items().unwrap().len(), 4);
}

/// Every table is either backed up or said not to hold user records, so a
/// table added by a migration cannot be left out of `export` unnoticed.
#[test]
fn every_table_is_in_the_backup_or_said_not_to_be() {
    let store = Store::open_in_memory().unwrap();
    let tables = super::backup::schema_tables(&store.conn).unwrap();
    for table in &tables {
        assert!(
            super::backup::TABLES.contains(&table.as_str())
                || super::backup::NOT_BACKED_UP.contains(&table.as_str()),
            "table {table} is neither in backup::TABLES nor backup::NOT_BACKED_UP"
        );
    }
    for table in super::backup::TABLES {
        assert!(
            tables.iter().any(|t| t == table),
            "{table} is not in the schema"
        );
    }
}

#[test]
fn the_word_filter_finds_words_in_descriptions() {
    use crate::domain::backlog::Filter;
    let mut store = Store::open_in_memory().unwrap();
    let mut described = new_item("Golden path", 1.0);
    described.description = "Templates for a new service, with CI".into();
    let golden = store.add_item(&described, now()).unwrap();
    let other = store.add_item(&new_item("Faster CI", 1.0), now()).unwrap();
    let ids = |text: &str| {
        store
            .items_matching_words(&Filter::parse(text).unwrap())
            .unwrap()
    };
    assert_eq!(ids("templates"), [golden.id.clone()].into());
    assert_eq!(ids("golden ci"), [golden.id.clone()].into());
    assert_eq!(ids("ci"), [golden.id.clone(), other.id.clone()].into());
    assert!(ids("kubernetes").is_empty());
}

#[test]
fn goals_links_and_capacities_keep_their_history() {
    use crate::domain::roadmap::{RoadmapPatch, Source};
    let mut store = Store::open_in_memory().unwrap();
    let item = store
        .add_item(&new_item("Faster CI", 200.0), now())
        .unwrap();
    let goal = store
        .add_goal(
            "Reduce time to production by 50%",
            Some("Time-to-production"),
            now(),
        )
        .unwrap();
    assert!(
        store
            .link_item(&goal.id, &item.id, "Developers", "Deploy faster", now())
            .unwrap()
    );
    // The same path again changes nothing and adds no actor.
    assert!(
        !store
            .link_item(&goal.id, &item.id, "Developers", "Deploy faster", now())
            .unwrap()
    );
    assert_eq!(store.actors().unwrap().len(), 1);
    let linked = store.item(&item.id).unwrap().unwrap();
    let impact = linked.roadmap.impact_id.clone().unwrap();
    assert_eq!(
        store.impact_path(&impact).unwrap().unwrap(),
        [
            "Reduce time to production by 50%".to_string(),
            "Developers".into(),
            "Deploy faster".into()
        ]
    );
    assert_eq!(
        store.record_history(&goal.id).unwrap()[0].change,
        "created: Reduce time to production by 50%"
    );
    store.set_capacity(Lane::Now, Some(12.0), now()).unwrap();
    store.set_capacity(Lane::Now, Some(9.5), now()).unwrap();
    assert_eq!(store.capacities().unwrap().get(Lane::Now), Some(9.5));
    let cap = &store.stored_capacities().unwrap()[0];
    let changes: Vec<String> = store
        .record_history(&cap.id)
        .unwrap()
        .into_iter()
        .map(|c| c.change)
        .collect();
    assert_eq!(
        changes,
        [
            "now capacity no limit → 12 pm",
            "now capacity 12 pm → 9.5 pm"
        ]
    );
    store.set_capacity(Lane::Now, None, now()).unwrap();
    assert_eq!(store.capacities().unwrap().get(Lane::Now), None);
    // A lane move and a pin land in the item's history, score unchanged.
    let patch = ItemPatch {
        lane: Some(Lane::Now),
        ..Default::default()
    };
    let pin = RoadmapPatch {
        pin: Some(Some("strategic: VP Eng".into())),
        source: Some(Some(Source::Leadership)),
        ..Default::default()
    };
    store
        .update_item_with(&item.id, &patch, &pin, now())
        .unwrap();
    let history: Vec<String> = store
        .score_history(&item.id)
        .unwrap()
        .into_iter()
        .map(|h| h.change)
        .collect();
    assert_eq!(
        history,
        [
            "created",
            "goal: Reduce time to production by 50% → Developers → Deploy faster",
            "lane inbox → now",
            "source — → leadership",
            "pinned: strategic: VP Eng"
        ]
    );
    let stored = store.item(&item.id).unwrap().unwrap();
    assert_eq!(stored.roadmap.pin.as_deref(), Some("strategic: VP Eng"));
    assert_eq!(stored.roadmap.source, Some(Source::Leadership));
}

#[test]
fn the_ranking_past_its_memory_budget_is_the_same() {
    // Past the budget SQLite's sorter ranks: same order (ties by creation),
    // same rows, same filter.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("f.db")).unwrap();
    let mut items = Vec::new();
    for i in 0..60 {
        let mut item = new_item(&format!("item {i}"), f64::from(i % 7) * 10.0);
        item.rice.effort = Effort::new(0.5 + f64::from(i % 5)).unwrap();
        item.rice.confidence =
            Confidence::from_stored([50.0, 80.0, 100.0][i as usize % 3]).unwrap();
        item.lane = [Lane::Inbox, Lane::Now, Lane::Done][i as usize % 3];
        item.description = "x".repeat(i as usize);
        items.push(item);
    }
    store.add_items(&items, now()).unwrap();
    for (lanes, all) in [("", false), ("", true), ("done now", false)] {
        let collect = |budget: usize| {
            let mut rows = Vec::new();
            store
                .for_each_ranked_within(lanes, all, budget, |r| {
                    rows.push(format!("{} {} {} {}", r.id, r.score, r.lane, r.description));
                    Ok(())
                })
                .unwrap();
            rows
        };
        let in_memory = collect(usize::MAX);
        assert!(in_memory.len() >= 20, "{lanes} {all}");
        assert_eq!(collect(0), in_memory, "{lanes} {all}");
        // A budget the rows' text outgrows half way.
        assert_eq!(collect(60 * 120), in_memory, "{lanes} {all}");
    }
}

#[test]
fn a_new_item_and_its_roadmap_fields_are_one_write() {
    use crate::domain::roadmap::{RoadmapPatch, Source};
    let mut store = Store::open_in_memory().unwrap();
    let with = RoadmapPatch {
        source: Some(Some(Source::Research)),
        ..Default::default()
    };
    let item = store
        .add_item_with(&new_item("Golden path docs", 10.0), &with, now())
        .unwrap();
    assert_eq!(item.roadmap.source, Some(Source::Research));
    // Criteria without their review date are refused: no item is left.
    let refused = RoadmapPatch {
        source: Some(Some(Source::Users)),
        success: Some("half the teams use it".into()),
        ..Default::default()
    };
    assert!(
        store
            .add_item_with(&new_item("Half made", 10.0), &refused, now())
            .is_err()
    );
    let titles: Vec<String> = store
        .items()
        .unwrap()
        .into_iter()
        .map(|i| i.title)
        .collect();
    assert_eq!(titles, ["Golden path docs"]);
}

#[test]
fn a_deleted_item_cannot_be_edited_until_it_is_brought_back() {
    let mut store = Store::open_in_memory().unwrap();
    let item = store.add_item(&new_item("Faster CI", 10.0), now()).unwrap();
    store.delete_item(&item.id, now()).unwrap();
    // An open form's save finds no item: nothing goes into the hidden record.
    assert!(store.item(&item.id).unwrap().is_none());
    let patch = ItemPatch {
        title: Some(crate::domain::backlog::Title::parse("Edited").unwrap()),
        ..Default::default()
    };
    assert!(store.update_item(&item.id, &patch, now()).is_err());
    store.undelete_item(&item.id).unwrap();
    assert_eq!(store.item(&item.id).unwrap().unwrap().title, "Faster CI");
    assert_eq!(
        store.update_item(&item.id, &patch, now()).unwrap().title,
        "Edited"
    );
}

/// A bulk import (triggers and indexes set aside, replayed and rebuilt at
/// the end) leaves the file as the row-by-row import does: the same items,
/// history, word index, authors and outbox records, the same triggers and
/// indexes afterwards — into an empty file and into one whose items some
/// rows update.
#[test]
fn a_bulk_import_writes_what_a_row_by_row_import_writes() {
    use crate::domain::roadmap::Source;
    use crate::domain::tracker::{Incoming, Origin, Placement, TagUpdate, TrackerLink};
    // Ids are given or come from tracker keys, so both files agree on them.
    let id = |i: usize| format!("00000000-0000-4000-8000-{i:012}");
    let rows: Vec<Incoming> = (0..300)
        .map(|i| {
            let mut row = Incoming::new(
                Origin::Line(i as u64 + 2),
                Title::parse(&format!("Item {i} makes deploys {} faster", i % 7)).unwrap(),
            );
            if i % 3 == 0 {
                row.tracker = Some(TrackerLink {
                    key: format!("PLAT-{i}"),
                    url: None,
                });
                row.placement = Some(Placement::TrackerOpen);
            } else {
                row.id = Some(id(i));
                let lane = [Lane::Now, Lane::Next, Lane::Killed, Lane::Done][i % 4];
                let reason = (lane == Lane::Killed).then(|| "superseded".to_string());
                row.placement = Some(Placement::Lane(lane, reason));
            }
            row.description = Some(format!("word{} and caching{}", i % 11, i % 5));
            row.reach = Some(Reach::new((i * 37 % 500) as f64).unwrap());
            row.tags = Some(TagUpdate::Exact(
                Tags::parse(["ci", "db dx"][i % 2]).unwrap(),
            ));
            row.source = (i % 5 == 0).then_some(Source::Research);
            row
        })
        .collect();
    let stored = |store: &mut Store| {
        // Items the second half of the file updates (by id and by key).
        let mut first: Vec<Incoming> = rows[150..].iter().step_by(7).cloned().collect();
        for row in &mut first {
            row.reach = Some(Reach::new(1.0).unwrap());
            row.description = Some("old words".into());
        }
        store.import_items(&first, now()).unwrap();
    };
    let normalized = |store: &Store| {
        let conn = &store.conn;
        let strings = |sql: &str| -> Vec<String> {
            let mut stmt = conn.prepare(sql).unwrap();
            let mut all: Vec<String> = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            all.sort();
            all
        };
        // History and outbox ids are new UUIDs each time: left out.
        let history = strings(
            "SELECT item_id || ' ' || coalesce(old_score, '-') || ' ' || new_score || ' ' || change \
             FROM score_history",
        );
        let outbox: Vec<String> = store
            .outbox()
            .unwrap()
            .into_iter()
            // The default script, also in the outbox, is dated when stored.
            .filter(|o| o.table != "interview_script")
            .map(|o| {
                let strip = |row: Option<String>| {
                    row.map(|text| {
                        let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
                        if o.table == "score_history" {
                            json.as_object_mut().unwrap().remove("id");
                        }
                        json.to_string()
                    })
                };
                let record = if o.table == "score_history" {
                    ""
                } else {
                    &o.record_id
                };
                format!(
                    "{} {} {record} {:?} {:?} {}",
                    o.table,
                    o.op,
                    strip(o.old_row.clone()),
                    strip(o.new_row.clone()),
                    o.author
                )
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let words: Vec<Vec<String>> = ["deploys", "word3", "caching4", "ci", "faster"]
            .iter()
            .map(|word| {
                let mut stmt = conn
                    .prepare(
                        "SELECT id FROM backlog_item WHERE seq IN \
                         (SELECT rowid FROM backlog_search WHERE backlog_search MATCH ?1) ORDER BY id",
                    )
                    .unwrap();
                stmt.query_map([word], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            })
            .collect();
        conn.execute(
            "INSERT INTO backlog_search (backlog_search) VALUES ('integrity-check')",
            [],
        )
        .unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok");
        let mut items = store.items().unwrap();
        for item in &mut items {
            item.seq = 0;
        }
        items.sort_by(|a, b| a.id.cmp(&b.id));
        (
            items,
            history,
            outbox,
            words,
            strings(
                "SELECT record_id || ' ' || tbl || ' ' || created_by || ' ' || changed_by FROM record_author WHERE tbl = 'backlog_item'",
            ),
            strings("SELECT count(*) || ' ' || tbl FROM record_author GROUP BY tbl"),
            strings("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master"),
        )
    };
    for existing in [false, true] {
        let files: Vec<_> = [usize::MAX, 20]
            .into_iter()
            .map(|bulk_after| {
                let mut store = Store::open_in_memory().unwrap();
                store.start_sync_recording("ana").unwrap();
                if existing {
                    stored(&mut store);
                }
                let counts = store
                    .import_rows_with(
                        rows.iter().cloned().map(Ok::<_, InputError>),
                        now(),
                        bulk_after,
                    )
                    .unwrap();
                (counts, normalized(&store))
            })
            .collect();
        let (row_by_row, bulk) = (&files[0], &files[1]);
        assert_eq!(bulk.0, row_by_row.0, "counts, existing items: {existing}");
        assert_eq!(bulk.1.0.len(), 300);
        assert!(bulk.1.2.len() >= 600, "the outbox holds items and history");
        assert!(bulk.1.3.iter().all(|found| !found.is_empty()));
        let (a, b) = (&bulk.1, &row_by_row.1);
        assert_eq!(a.0, b.0, "items, existing items: {existing}");
        assert_eq!(a.1, b.1, "history, existing items: {existing}");
        assert_eq!(a.2, b.2, "outbox, existing items: {existing}");
        assert_eq!(a.3, b.3, "word index, existing items: {existing}");
        assert_eq!(a.4, b.4, "authors, existing items: {existing}");
        assert_eq!(a.5, b.5, "authors per table, existing items: {existing}");
        assert_eq!(a.6, b.6, "schema, existing items: {existing}");
    }
}

/// Bulk loading needs to know every insert trigger on the items and their
/// history (it replays them): a trigger added later and not taught to it
/// would make imports row by row again, silently. This notices.
#[test]
fn a_new_file_imports_in_bulk() {
    let mut store = Store::open_in_memory().unwrap();
    let tx = store.write_transaction().unwrap();
    assert!(super::backlog::bulk_load_possible(&tx).unwrap());
}

/// A bulk load leaves the items' CHECK constraints unchecked only when it
/// knows each of them: one added later and not taught to it would keep
/// every row checked again (slower), silently. This notices.
#[test]
fn a_bulk_load_knows_every_check_of_the_items() {
    let mut store = Store::open_in_memory().unwrap();
    let tx = store.write_transaction().unwrap();
    let (aside, found) = super::backlog::bulk_load_sets_checks_aside(&tx).unwrap();
    assert!(aside);
    // All ten read, so none is passed over by the reading.
    assert_eq!(found.unwrap().len(), 10);
}

/// Values at the edges of every rule, loaded in bulk (constraints set
/// aside), make a file whose CHECK constraints and foreign keys hold; the
/// import puts the connection's checks back, whether it succeeds or fails.
#[test]
fn a_bulk_import_keeps_every_rule_of_the_file() {
    use crate::domain::roadmap::Source;
    use crate::domain::tracker::{Incoming, Origin, Placement};
    let lanes = [
        Lane::Inbox,
        Lane::Now,
        Lane::Next,
        Lane::Later,
        Lane::Exploring,
        Lane::Done,
        Lane::Killed,
    ];
    let sources = [
        Source::Users,
        Source::Research,
        Source::Data,
        Source::TeamIdea,
        Source::Leadership,
    ];
    let row = |i: usize| {
        let title = if i.is_multiple_of(2) {
            "é".repeat(200)
        } else {
            "x".to_string()
        };
        let mut row = Incoming::new(Origin::Line(i as u64 + 2), Title::parse(&title).unwrap());
        let lane = lanes[i % lanes.len()];
        let reason = (lane == Lane::Killed).then(|| "superseded".to_string());
        row.placement = Some(Placement::Lane(lane, reason));
        row.reach = Some(Reach::new([0.0, 1e9][i % 2]).unwrap());
        row.impact = Some(Impact::ALL[i % 5]);
        row.confidence = Some(Confidence::new([0.01, 100.0][i % 2]).unwrap());
        row.effort = Some(Effort::new([0.01, 1000.0][i % 2]).unwrap());
        row.source = (!i.is_multiple_of(6)).then(|| sources[i % 5]);
        row
    };
    let pragmas = |store: &Store| -> (i64, i64) {
        let value = |name: &str| {
            store
                .conn
                .pragma_query_value(None, name, |r| r.get(0))
                .unwrap()
        };
        (value("foreign_keys"), value("ignore_check_constraints"))
    };
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(pragmas(&store), (1, 0));
    let counts = store
        .import_rows_with((0..70).map(|i| Ok::<_, InputError>(row(i))), now(), 20)
        .unwrap();
    assert_eq!(counts.added, 70);
    assert_eq!(pragmas(&store), (1, 0), "put back after an import");
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let broken: i64 = store
        .conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
    // Items written after the import are checked again.
    let killed: Result<usize, _> = store.conn.execute(
        "UPDATE backlog_item SET lane = 'killed', kill_reason = NULL WHERE seq = 1",
        [],
    );
    assert!(killed.is_err());
    let rows = (0..70).map(|i| {
        if i == 60 {
            Err(InputError::new("reach", "is not a number").at(62, 2))
        } else {
            Ok(row(i))
        }
    });
    assert!(store.import_rows_with(rows, now(), 20).is_err());
    assert_eq!(pragmas(&store), (1, 0), "put back after a failed import");
    assert_eq!(store.items().unwrap().len(), 70);
}

/// A bad row after a bulk load began writes nothing, and leaves the
/// triggers and indexes it set aside in place.
#[test]
fn a_bad_row_in_a_bulk_import_writes_nothing() {
    use crate::domain::tracker::{Incoming, Origin};
    let mut store = Store::open_in_memory().unwrap();
    let schema = |store: &Store| -> Vec<String> {
        let mut stmt = store
            .conn
            .prepare("SELECT name FROM sqlite_master ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let before = schema(&store);
    let rows = (0..100).map(|i| {
        if i == 70 {
            Err(InputError::new("reach", "is not a number").at(72, 2))
        } else {
            let title = Title::parse(&format!("Item {i}")).unwrap();
            Ok(Incoming::new(Origin::Line(i + 2), title))
        }
    });
    let err = store.import_rows_with(rows, now(), 20).unwrap_err();
    assert_eq!(
        err.downcast_ref::<InputError>().unwrap().location,
        Some((72, 2))
    );
    assert!(store.items().unwrap().is_empty());
    assert_eq!(schema(&store), before);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

/// A fieldkit file at the schema of an older version (all migrations but
/// the last), with `padding` bytes in a table of its own.
fn older_file(path: &Path, padding: u64) {
    let mut conn = Connection::open(path).unwrap();
    let tx = conn.transaction().unwrap();
    for (i, sql) in MIGRATIONS[..MIGRATIONS.len() - 1].iter().enumerate() {
        tx.execute_batch(sql).unwrap();
        if i + 1 == SCRIPTS_MIGRATION {
            super::interview::insert_default_script(&tx).unwrap();
        }
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    tx.pragma_update(None, "user_version", SCHEMA_VERSION - 1)
        .unwrap();
    tx.execute_batch("CREATE TABLE padding (bytes BLOB)")
        .unwrap();
    tx.execute("INSERT INTO padding VALUES (zeroblob(?1))", [padding])
        .unwrap();
    tx.commit().unwrap();
}

#[test]
fn upgrading_a_large_file_is_noted_first_and_a_small_one_quietly() {
    let dir = tempfile::tempdir().unwrap();
    for (padding, noted) in [(0, false), (UPGRADE_NOTICE_BYTES + (1 << 20), true)] {
        let path = dir.path().join(format!("older-{padding}.db"));
        older_file(&path, padding);
        let mut told = false;
        let store = Store::open_noting_upgrade(&path, || told = true).unwrap();
        assert_eq!(told, noted, "a file with {padding} bytes of padding");
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION, "the file was not upgraded");
        drop(store);
        // Once upgraded, opening again says nothing.
        let mut again = false;
        Store::open_noting_upgrade(&path, || again = true).unwrap();
        assert!(!again, "a file already upgraded was noted");
    }
}

#[test]
fn a_score_edit_leaves_the_word_index_and_the_lane_loads_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("fk.db")).unwrap();
    let item = store.add_item(&new_item("Faster CI", 10.0), now()).unwrap();
    let words = |store: &Store| -> Vec<(i64, Vec<u8>)> {
        all_rows(
            &store.conn,
            "SELECT id, block FROM backlog_search_data ORDER BY id",
            [],
            |r| Ok((r.get("id")?, r.get("block")?)),
        )
        .unwrap()
    };
    let loads = |store: &Store| -> Vec<(String, i64, i64)> {
        all_rows(
            &store.conn,
            "SELECT lane, items, effort_hundredths FROM lane_load ORDER BY lane",
            [],
            |r| Ok((r.get("lane")?, r.get("items")?, r.get("effort_hundredths")?)),
        )
        .unwrap()
    };
    let (words_before, loads_before) = (words(&store), loads(&store));
    let score = ItemPatch {
        reach: Some(Reach::new(20.0).unwrap()),
        impact: Some(Impact::Massive),
        ..ItemPatch::default()
    };
    store.update_item(&item.id, &score, now()).unwrap();
    assert_eq!(words(&store), words_before, "a score edit re-indexed words");
    assert_eq!(loads(&store), loads_before);

    // What they keep in step still moves them.
    let retitled = ItemPatch {
        title: Some(Title::parse("Quicker pipelines").unwrap()),
        effort: Some(Effort::new(3.0).unwrap()),
        ..ItemPatch::default()
    };
    store.update_item(&item.id, &retitled, now()).unwrap();
    assert_ne!(words(&store), words_before);
    let inbox = |store: &Store| loads(store).into_iter().find(|l| l.0 == "inbox").unwrap();
    assert_eq!(inbox(&store), ("inbox".to_string(), 1, 300));
    let found = |store: &Store, word: &str| -> bool {
        store
            .conn
            .query_row(
                "SELECT count(*) FROM backlog_search WHERE backlog_search MATCH ?1",
                [word],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
            == 1
    };
    assert!(found(&store, "pipelines"));
    assert!(!found(&store, "Faster"));
}
