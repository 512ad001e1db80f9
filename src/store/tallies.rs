//! What the list commands print about each session, interview and
//! synthesis, counted by SQLite (COUNT, SUM, MAX and a window over the
//! waits) instead of loading every event, note, entry and link. Each
//! equals what the full records give (`summarize`, `Record::talk`,
//! `Synthesis`); the list commands' golden test holds the bytes.

use super::Store;
use color_eyre::eyre::Result;
use std::collections::HashMap;

/// A session's numbers as `summarize` gives them over its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SessionTally {
    /// Its length: the duration when ended, else the furthest point known.
    pub duration_ms: i64,
    pub events: usize,
    pub friction: usize,
    pub switches: usize,
    pub wishes: usize,
    pub waits: usize,
    /// The union of its waits (an open one up to the end), in whole seconds.
    pub waiting_ms: i64,
}

/// An interview's numbers as its `Record` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InterviewTally {
    /// Its length: the duration when ended, else the furthest point known.
    pub end_ms: i64,
    /// Time the interviewer talked within it, a running talk up to the end.
    pub talking_ms: i64,
    pub quotes: usize,
}

/// How many sources and entries a synthesis has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SynthesisTally {
    pub sources: usize,
    pub entries: usize,
}

/// Per session: its end (as `last_known_offset`), its counts by kind, and
/// its waits clamped to [0, end] and merged where they overlap: each wait
/// adds what reaches past the furthest end of the waits sorted before it.
const SESSION_TALLIES: &str = "\
    WITH counts AS ( \
        SELECT session_id, count(*) AS events, \
               sum(kind = 'friction') AS friction, sum(kind = 'switch') AS switches, \
               sum(kind = 'wish') AS wishes, sum(kind = 'wait') AS waits, \
               max(offset_ms) AS last_offset, max(end_offset_ms) AS last_end \
        FROM shadow_event WHERE deleted_at IS NULL GROUP BY session_id), \
    ends AS ( \
        SELECT s.id AS session_id, \
               coalesce(s.duration_ms, max(s.last_offset_ms, coalesce(c.last_offset, 0), \
                                           coalesce(c.last_end, 0))) AS end_ms \
        FROM shadow_session s LEFT JOIN counts c ON c.session_id = s.id), \
    starts AS ( \
        SELECT e.session_id, e.end_offset_ms, n.end_ms, \
               min(max(e.offset_ms, 0), n.end_ms) AS start_ms \
        FROM shadow_event e JOIN ends n ON n.session_id = e.session_id \
        WHERE e.kind = 'wait' AND e.deleted_at IS NULL), \
    spans AS ( \
        SELECT session_id, start_ms, \
               min(max(coalesce(end_offset_ms, end_ms), start_ms), end_ms) AS stop_ms \
        FROM starts), \
    covered AS ( \
        SELECT session_id, stop_ms, \
               max(start_ms, coalesce(max(stop_ms) OVER (PARTITION BY session_id \
                   ORDER BY start_ms, stop_ms ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), \
                   start_ms)) AS from_ms \
        FROM spans), \
    waiting AS ( \
        SELECT session_id, \
               sum(CASE WHEN stop_ms > from_ms \
                        THEN max(stop_ms / 1000 - from_ms / 1000, 0) * 1000 ELSE 0 END) AS waiting_ms \
        FROM covered GROUP BY session_id) \
    SELECT n.session_id AS id, max(n.end_ms, 0) AS duration_ms, \
           coalesce(c.events, 0) AS events, coalesce(c.friction, 0) AS friction, \
           coalesce(c.switches, 0) AS switches, coalesce(c.wishes, 0) AS wishes, \
           coalesce(c.waits, 0) AS waits, coalesce(w.waiting_ms, 0) AS waiting_ms \
    FROM ends n LEFT JOIN counts c ON c.session_id = n.session_id \
    LEFT JOIN waiting w ON w.session_id = n.session_id";

/// Per interview: its end (as `interview_last_offset`), the talk within
/// [0, end] (a running talk up to the end), and its quotes not deleted.
const INTERVIEW_TALLIES: &str = "\
    WITH ends AS ( \
        SELECT i.id, coalesce(i.duration_ms, max(i.last_offset_ms, \
            coalesce((SELECT max(offset_ms) FROM interview_step WHERE interview_id = i.id), 0), \
            coalesce((SELECT max(offset_ms) FROM interview_note WHERE interview_id = i.id), 0), \
            coalesce((SELECT max(max(start_ms, coalesce(end_ms, 0))) FROM interview_talk \
                      WHERE interview_id = i.id), 0))) AS end_ms \
        FROM interview i) \
    SELECT n.id AS id, n.end_ms AS end_ms, \
           coalesce((SELECT sum(max(min(coalesce(t.end_ms, n.end_ms), n.end_ms) - max(t.start_ms, 0), 0)) \
                     FROM interview_talk t WHERE t.interview_id = n.id), 0) AS talking_ms, \
           (SELECT count(*) FROM interview_note q WHERE q.interview_id = n.id \
                AND q.kind = 'quote' AND q.deleted_at IS NULL) AS quotes \
    FROM ends n";

/// Per synthesis: its sources that name an interview or a session still
/// there, and its entries.
const SYNTHESIS_TALLIES: &str = "\
    SELECT y.id AS id, \
           (SELECT count(*) FROM synthesis_source src JOIN interview i ON i.id = src.interview_id \
             WHERE src.synthesis_id = y.id) + \
           (SELECT count(*) FROM synthesis_source src JOIN shadow_session s ON s.id = src.session_id \
             WHERE src.synthesis_id = y.id) AS sources, \
           (SELECT count(*) FROM synthesis_entry e WHERE e.synthesis_id = y.id \
             AND e.deleted_at IS NULL) AS entries \
    FROM synthesis y";

fn count(row: &rusqlite::Row<'_>, name: &str) -> rusqlite::Result<usize> {
    let n: i64 = row.get(name)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

impl Store {
    /// Every session's numbers, by id.
    pub fn session_tallies(&self) -> Result<HashMap<String, SessionTally>> {
        let rows = super::all_rows(&self.conn, SESSION_TALLIES, [], |r| {
            Ok((
                r.get::<_, String>("id")?,
                SessionTally {
                    duration_ms: r.get("duration_ms")?,
                    events: count(r, "events")?,
                    friction: count(r, "friction")?,
                    switches: count(r, "switches")?,
                    wishes: count(r, "wishes")?,
                    waits: count(r, "waits")?,
                    waiting_ms: r.get("waiting_ms")?,
                },
            ))
        })?;
        Ok(rows.into_iter().collect())
    }

    /// Every interview's numbers, by id.
    pub fn interview_tallies(&self) -> Result<HashMap<String, InterviewTally>> {
        let rows = super::all_rows(&self.conn, INTERVIEW_TALLIES, [], |r| {
            Ok((
                r.get::<_, String>("id")?,
                InterviewTally {
                    end_ms: r.get("end_ms")?,
                    talking_ms: r.get("talking_ms")?,
                    quotes: count(r, "quotes")?,
                },
            ))
        })?;
        Ok(rows.into_iter().collect())
    }

    /// Every synthesis's numbers, by id.
    pub fn synthesis_tallies(&self) -> Result<HashMap<String, SynthesisTally>> {
        let rows = super::all_rows(&self.conn, SYNTHESIS_TALLIES, [], |r| {
            Ok((
                r.get::<_, String>("id")?,
                SynthesisTally {
                    sources: count(r, "sources")?,
                    entries: count(r, "entries")?,
                },
            ))
        })?;
        Ok(rows.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interview::{NewInterview, ratio};
    use crate::domain::script::{Placeholders, Script};
    use crate::domain::shadow::{EventKind, NewSession, summarize};
    use jiff::Timestamp;
    use proptest::prelude::*;

    fn now() -> Timestamp {
        "2026-11-20T12:00:00Z".parse().unwrap()
    }

    /// A stamp: kind, offset, for a wait its end, and whether it is deleted.
    type Stamp = (usize, i64, Option<i64>, bool);

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// The SQL numbers equal `summarize` over the loaded events.
        #[test]
        fn session_tallies_equal_the_summary(
            sessions in proptest::collection::vec(
                (proptest::collection::vec(
                    (0usize..6, 0i64..90_000, proptest::option::of(0i64..60_000), any::<bool>()),
                    0..25),
                 0i64..120_000, proptest::option::of(0i64..120_000)),
                1..4),
        ) {
            let mut store = Store::open_in_memory().unwrap();
            for (stamps, heartbeat, ended) in &sessions {
                let new = NewSession::parse("A", "w", "", "").unwrap();
                let s = store.create_session(&new, now()).unwrap();
                for &(kind, offset, end, deleted) in stamps as &Vec<Stamp> {
                    let kind = EventKind::ALL[kind];
                    let e = store.add_event(&s.id, kind, offset, "t", now()).unwrap();
                    if let (EventKind::Wait, Some(end)) = (kind, end) {
                        store.end_wait(&e.id, offset + end, now()).unwrap();
                    }
                    if deleted {
                        store.delete_event(&e.id, now()).unwrap();
                    }
                }
                store.heartbeat(&s.id, *heartbeat, now()).unwrap();
                if let Some(end) = ended {
                    store.end_session(&s.id, *end, now()).unwrap();
                }
            }
            let tallies = store.session_tallies().unwrap();
            for session in store.sessions().unwrap() {
                let events = store.events(&session.id).unwrap();
                let end = session
                    .duration_ms
                    .unwrap_or(store.last_known_offset(&session.id).unwrap());
                let full = summarize(&session, &events, end);
                prop_assert_eq!(
                    tallies[&session.id],
                    SessionTally {
                        duration_ms: full.duration_ms,
                        events: full.time_log.len(),
                        friction: full.friction.len(),
                        switches: full.switches,
                        wishes: full.wishes.len(),
                        waits: full.waits,
                        waiting_ms: full.waiting_ms,
                    }
                );
            }
        }

        /// The SQL numbers equal the loaded record's.
        #[test]
        fn interview_tallies_equal_the_record(
            talks in proptest::collection::vec(
                (0i64..90_000, proptest::option::of(0i64..60_000)), 0..12),
            quotes in proptest::collection::vec((0usize..4, 0i64..90_000, any::<bool>()), 0..8),
            heartbeat in 0i64..120_000,
            ended in proptest::option::of(0i64..120_000),
        ) {
            let mut store = Store::open_in_memory().unwrap();
            let script = store.script(&Script::default_script().name).unwrap();
            let new = NewInterview::parse("A", "", Placeholders::default(), &[]).unwrap();
            let i = store.create_interview(&new, &script, now()).unwrap();
            for (start, length) in talks {
                let t = store.start_talk(&i.id, start, now()).unwrap();
                if let Some(length) = length {
                    store.end_talk(&t, start + length, now()).unwrap();
                }
            }
            for (question, offset, deleted) in quotes {
                let q = store.add_quote(&i.id, question, offset, "q", now()).unwrap();
                if deleted {
                    store.delete_note(&q, now()).unwrap();
                }
            }
            store.interview_heartbeat(&i.id, heartbeat, now()).unwrap();
            if let Some(end) = ended {
                store.end_interview(&i.id, end, now()).unwrap();
            }
            let interview = store.interview(&i.id).unwrap().unwrap();
            let record = store.interview_record(&interview).unwrap();
            let tally = store.interview_tallies().unwrap()[&i.id];
            prop_assert_eq!(tally.end_ms, record.end_ms);
            prop_assert_eq!(tally.talking_ms, record.talk().talking_ms);
            prop_assert_eq!(ratio(tally.talking_ms, tally.end_ms), record.talk().ratio);
            prop_assert_eq!(
                tally.quotes,
                record.notes.iter().filter(|n| n.kind == crate::domain::interview::NoteKind::Quote).count()
            );
        }
    }
}
