//! Golden output of `shadow list`, `interview list` and `synthesis list`
//! (table and JSON) over sessions, interviews and syntheses in every state:
//! ended, unfinished, paused, empty, with deleted and undone stamps, deleted
//! quotes, open waits and talks, and deleted records. Written before the
//! lists were aggregated in SQL, so the change keeps their bytes.

use crate::cli::{InterviewCommand, ShadowCommand, SynthesisCommand, TableFormat};
use crate::domain::interview::NewInterview;
use crate::domain::script::{Placeholders, Script};
use crate::domain::shadow::{EventKind, NewSession};
use crate::domain::synthesis::{EvidenceRef, Section, SourceKind};
use crate::store::Store;
use jiff::Timestamp;

pub(super) fn at(minutes: i64) -> Timestamp {
    // Noon UTC: the same date in every time zone the tests run in.
    let noon: Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
    noon.checked_add(jiff::SignedDuration::from_mins(minutes))
        .unwrap()
}

/// The fixture, and every id made in it, in order (the deleted records'
/// last, so the lists that leave them out number the rest the same).
pub(super) fn fixture() -> (Store, Vec<String>) {
    let mut s = Store::open_in_memory().unwrap();
    let mut ids = Vec::new();
    let mut trashed = Vec::new();
    let min = 60_000;

    // Ended: every kind, tools in mixed case, overlapping and open waits,
    // a deleted stamp and an undone one.
    let new = NewSession::parse("Alex", "deploy a service", "15", "5").unwrap();
    let ended = s.create_session(&new, at(0)).unwrap();
    ids.push(ended.id.clone());
    let e = |s: &mut Store, kind, offset, text: &str| {
        s.add_event(&ended.id, kind, offset, text, at(1)).unwrap()
    };
    e(&mut s, EventKind::Tool, 5_000, "kubectl");
    e(&mut s, EventKind::Friction, 20_000, "which namespace?");
    let w1 = e(&mut s, EventKind::Wait, 60_000, "build");
    s.end_wait(&w1.id, 4 * min, at(2)).unwrap();
    let w2 = e(&mut s, EventKind::Wait, 3 * min, "tests");
    s.end_wait(&w2.id, 6 * min, at(2)).unwrap();
    // Apart, within a second: counted in whole seconds.
    let short = e(&mut s, EventKind::Wait, 6 * min + 30_400, "lint");
    s.end_wait(&short.id, 6 * min + 31_900, at(2)).unwrap();
    e(&mut s, EventKind::Switch, 7 * min, "slack");
    e(&mut s, EventKind::Tool, 8 * min, "KUBECTL");
    e(&mut s, EventKind::Wish, 9 * min, "one command");
    e(&mut s, EventKind::Note, 10 * min, "reads the docs");
    let gone = e(&mut s, EventKind::Friction, 11 * min, "typo");
    s.delete_event(&gone.id, at(3)).unwrap();
    let undone = e(&mut s, EventKind::Wish, 12 * min, "undone");
    s.undo_event(&ended.id, &undone.id, at(3)).unwrap();
    e(&mut s, EventKind::Wait, 13 * min, "never ended");
    s.end_session(&ended.id, 14 * min + 500, at(20)).unwrap();

    // Unfinished and paused, a heartbeat past its last stamp, a wait open.
    let new = NewSession::parse("Sam", "rotate a secret", "", "").unwrap();
    let paused = s.create_session(&new, at(60)).unwrap();
    ids.push(paused.id.clone());
    s.add_event(
        &paused.id,
        EventKind::Friction,
        30_000,
        "vault login",
        at(61),
    )
    .unwrap();
    let w = s
        .add_event(&paused.id, EventKind::Wait, 40_000, "approval", at(61))
        .unwrap();
    s.add_event(&paused.id, EventKind::Wait, 50_000, "pipeline", at(61))
        .unwrap();
    s.end_wait(&w.id, 90_000, at(62)).unwrap();
    // Within a wait that is open: counted once.
    let inner = s
        .add_event(&paused.id, EventKind::Wait, 95_500, "inner", at(62))
        .unwrap();
    s.end_wait(&inner.id, 97_200, at(62)).unwrap();
    s.heartbeat(&paused.id, 200_000, at(63)).unwrap();
    s.pause_session(&paused.id, 200_000, "paused", at(63))
        .unwrap();

    // Unfinished with nothing stamped.
    let new = NewSession::parse("Kim", "first deploy", "", "").unwrap();
    let empty = s.create_session(&new, at(120)).unwrap();
    ids.push(empty.id.clone());

    // Deleted: leaves the list.
    let new = NewSession::parse("Gone", "deleted", "", "").unwrap();
    let deleted = s.create_session(&new, at(130)).unwrap();
    s.add_event(&deleted.id, EventKind::Friction, 1_000, "x", at(131))
        .unwrap();
    s.delete_session(&deleted.id, at(132)).unwrap();
    trashed.push(deleted.id);

    let script = s.script(&Script::default_script().name).unwrap();
    let start = |s: &mut Store, who: &str, team: &str, minutes| {
        let new =
            NewInterview::parse(who, team, Placeholders::default(), &["they script it"]).unwrap();
        s.create_interview(&new, &script, at(minutes)).unwrap()
    };

    // Ended: steps, a note, quotes (one deleted), talks (one past the end).
    let done = start(&mut s, "Robin", "Payments", 200);
    ids.push(done.id.clone());
    s.add_step(&done.id, 1, 2 * min, at(202)).unwrap();
    s.add_step(&done.id, 3, 9 * min, at(209)).unwrap();
    s.save_note(&done.id, 1, 3 * min, "waits on CI", at(203))
        .unwrap();
    let quote = s
        .add_quote(&done.id, 1, 4 * min, "I just wait", at(204))
        .unwrap();
    let dropped = s
        .add_quote(&done.id, 3, 10 * min, "dropped", at(210))
        .unwrap();
    s.delete_note(&dropped, at(211)).unwrap();
    let t = s.start_talk(&done.id, 60_000, at(201)).unwrap();
    s.end_talk(&t, 2 * min, at(202)).unwrap();
    s.start_talk(&done.id, 11 * min, at(211)).unwrap();
    s.end_interview(&done.id, 12 * min + 345, at(212)).unwrap();

    // Unfinished: a talk still open, a heartbeat.
    let running = start(&mut s, "Jo", "", 300);
    ids.push(running.id.clone());
    s.add_step(&running.id, 2, 5 * min, at(305)).unwrap();
    s.start_talk(&running.id, 6 * min, at(306)).unwrap();
    s.add_quote(&running.id, 2, 6 * min + 10, "too many clicks", at(306))
        .unwrap();
    s.interview_heartbeat(&running.id, 8 * min, at(308))
        .unwrap();

    // Ended at once: nothing said.
    let quiet = start(&mut s, "Lee", "Data", 400);
    ids.push(quiet.id.clone());
    s.end_interview(&quiet.id, 0, at(400)).unwrap();

    // Deleted.
    let gone = start(&mut s, "Gone", "", 450);
    s.delete_interview(&gone.id, at(451)).unwrap();
    trashed.push(gone.id);

    // A synthesis over an interview and a session, with linked evidence.
    let both = s
        .create_synthesis(
            "Deploys are slow",
            &[
                (SourceKind::Interview, done.id.clone()),
                (SourceKind::Shadowing, ended.id.clone()),
            ],
            at(500),
        )
        .unwrap();
    ids.push(both.id.clone());
    let pain = s
        .add_entry(&both.id, Section::PainPoint, "CI is slow", at(501))
        .unwrap();
    s.link_evidence(&pain, &EvidenceRef::InterviewNote(quote.clone()), at(501))
        .unwrap();
    s.link_evidence(&pain, &EvidenceRef::ShadowEvent(w1.id.clone()), at(501))
        .unwrap();
    s.add_entry(&both.id, Section::Action, "Cache builds", at(502))
        .unwrap();
    let dropped = s
        .add_entry(&both.id, Section::Surprise, "dropped", at(503))
        .unwrap();
    s.delete_entry(&dropped, at(504)).unwrap();

    // A synthesis with no sources and no entries.
    let bare = s.create_synthesis("Empty", &[], at(600)).unwrap();
    ids.push(bare.id.clone());

    // Deleted.
    let gone = s
        .create_synthesis(
            "Gone",
            &[(SourceKind::Shadowing, paused.id.clone())],
            at(650),
        )
        .unwrap();
    s.delete_synthesis(&gone.id, at(651)).unwrap();
    trashed.push(gone.id);
    ids.extend(trashed);
    (s, ids)
}

/// The output with each random id replaced by a fixed one of its length:
/// the fixture's ids by their order, any other (entries, links) by where
/// it first appears.
pub(super) fn stable(text: &str, ids: &[String]) -> String {
    let mut text = text.to_string();
    for (n, id) in ids.iter().enumerate() {
        let fixed = format!("{n:08}-0000-4000-8000-{n:012}");
        text = text.replace(id.as_str(), &fixed);
        text = text.replace(&id[..8], &fixed[..8]);
    }
    let is_uuid = |s: &str| {
        s.len() == 36
            && s.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_hexdigit(),
            })
    };
    let mut n = 100;
    while let Some(at) = (0..text.len().saturating_sub(35)).find(|&i| {
        text.get(i..i + 36)
            .is_some_and(|s| is_uuid(s) && !s.contains("-0000-4000-8000-"))
    }) {
        let id = text[at..at + 36].to_string();
        text = text.replace(&id, &format!("{n:08}-0000-4000-8000-{n:012}"));
        n += 1;
    }
    text
}

fn output(run: impl FnOnce(&mut Store, &mut Vec<u8>), ids: &[String], s: &mut Store) -> String {
    let mut out = Vec::new();
    run(s, &mut out);
    stable(&String::from_utf8(out).unwrap(), ids)
}

#[test]
fn list_commands_print_the_same_bytes() {
    let (mut s, ids) = fixture();
    for format in [TableFormat::Table, TableFormat::Json] {
        let name = match format {
            TableFormat::Table => "table",
            TableFormat::Json => "json",
        };
        let shadow = output(
            |s, out| {
                super::shadow::run(
                    s,
                    &crate::domain::time::SystemClock::default(),
                    &ShadowCommand::List {
                        format,
                        deleted: false,
                    },
                    out,
                )
                .unwrap()
            },
            &ids,
            &mut s,
        );
        insta::assert_snapshot!(format!("shadow_list_{name}"), shadow);
        let interview = output(
            |s, out| {
                super::interview::run(
                    s,
                    &crate::domain::time::SystemClock::default(),
                    &InterviewCommand::List {
                        format,
                        deleted: false,
                    },
                    out,
                )
                .unwrap()
            },
            &ids,
            &mut s,
        );
        insta::assert_snapshot!(format!("interview_list_{name}"), interview);
        let synthesis = output(
            |s, out| {
                super::synthesis::run(
                    s,
                    &crate::domain::time::SystemClock::default(),
                    &SynthesisCommand::List {
                        format,
                        deleted: false,
                    },
                    out,
                )
                .unwrap()
            },
            &ids,
            &mut s,
        );
        insta::assert_snapshot!(format!("synthesis_list_{name}"), synthesis);
    }
}

#[test]
fn empty_lists_say_how_to_start() {
    let mut s = Store::open_in_memory().unwrap();
    for format in [TableFormat::Table, TableFormat::Json] {
        let mut out = Vec::new();
        super::shadow::run(
            &mut s,
            &crate::domain::time::SystemClock::default(),
            &ShadowCommand::List {
                format,
                deleted: false,
            },
            &mut out,
        )
        .unwrap();
        super::interview::run(
            &mut s,
            &crate::domain::time::SystemClock::default(),
            &InterviewCommand::List {
                format,
                deleted: false,
            },
            &mut out,
        )
        .unwrap();
        super::synthesis::run(
            &mut s,
            &crate::domain::time::SystemClock::default(),
            &SynthesisCommand::List {
                format,
                deleted: false,
            },
            &mut out,
        )
        .unwrap();
        insta::assert_snapshot!(
            format!("empty_lists_{}", matches!(format, TableFormat::Json)),
            String::from_utf8(out).unwrap()
        );
    }
}
