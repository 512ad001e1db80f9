//! Shadowing sessions, their pauses and events. A stamp is one short
//! transaction, committed (WAL, synchronous=FULL) before the call returns.

use super::Store;
use crate::domain::shadow::{EventKind, NewSession, Session, ShadowEvent};
use crate::domain::time::utc_string;
use color_eyre::eyre::{Result, eyre};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};
use uuid::Uuid;

pub(super) const SESSION_COLUMNS: &str = "id, participant, workflow, researcher_guess_min, developer_guess_min, \
     started_at, ended_at, duration_ms, last_offset_ms, paused, created_at, updated_at";

const EVENT_COLUMNS: &str = "id, kind, offset_ms, wall_at, text, end_offset_ms, end_wall_at";

pub(super) fn session_from_row(row: &Row<'_>) -> rusqlite::Result<Session> {
    Ok(Session {
        id: row.get(0)?,
        participant: row.get(1)?,
        workflow: row.get(2)?,
        researcher_guess_min: row.get(3)?,
        developer_guess_min: row.get(4)?,
        started_at: row.get(5)?,
        ended_at: row.get(6)?,
        duration_ms: row.get(7)?,
        last_offset_ms: row.get(8)?,
        paused: row.get(9)?,
        created_at: row.get(10)?,
        updated_at: row.get(11)?,
    })
}

fn event_from_row(row: &Row<'_>) -> rusqlite::Result<ShadowEvent> {
    let kind: String = row.get(1)?;
    Ok(ShadowEvent {
        id: row.get(0)?,
        kind: EventKind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                1,
                rusqlite::types::Type::Text,
                format!("unknown event kind '{kind}'").into(),
            )
        })?,
        offset_ms: row.get(2)?,
        wall_at: row.get(3)?,
        text: row.get(4)?,
        end_offset_ms: row.get(5)?,
        end_wall_at: row.get(6)?,
    })
}

impl Store {
    pub fn create_session(&mut self, new: &NewSession, now: Timestamp) -> Result<Session> {
        let id = Uuid::new_v4().to_string();
        let now = utc_string(now);
        self.conn.execute(
            "INSERT INTO shadow_session (id, participant, workflow, researcher_guess_min, \
             developer_guess_min, started_at, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6)",
            params![
                id,
                new.participant,
                new.workflow,
                new.researcher_guess_min,
                new.developer_guess_min,
                now
            ],
        )?;
        self.session(&id)?
            .ok_or_else(|| eyre!("session {id} vanished"))
    }

    pub fn session(&self, id: &str) -> Result<Option<Session>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {SESSION_COLUMNS} FROM shadow_session WHERE id = ?1"),
                [id],
                session_from_row,
            )
            .optional()?)
    }

    /// Every session, newest first.
    pub fn sessions(&self) -> Result<Vec<Session>> {
        super::all_rows(
            &self.conn,
            &format!(
                "SELECT {SESSION_COLUMNS} FROM shadow_session WHERE deleted_at IS NULL ORDER BY seq DESC"
            ),
            [],
            session_from_row,
        )
    }

    /// The newest session never ended: running, or interrupted by a crash.
    pub fn unfinished_session(&self) -> Result<Option<Session>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {SESSION_COLUMNS} FROM shadow_session WHERE ended_at IS NULL AND deleted_at IS NULL \
                     ORDER BY seq DESC LIMIT 1"
                ),
                [],
                session_from_row,
            )
            .optional()?)
    }

    /// The one session whose id starts with `prefix` (at least 4 characters).
    pub fn find_session(&self, prefix: &str) -> Result<Session> {
        let id = self.unique_id(super::Records::Session, prefix)?;
        self.session(&id)?
            .ok_or_else(|| eyre!("session {id} vanished"))
    }

    /// Stamps an event, committed before this returns, and moves the
    /// session's durable offset along with it.
    pub fn add_event(
        &mut self,
        session_id: &str,
        kind: EventKind,
        offset_ms: i64,
        text: &str,
        now: Timestamp,
    ) -> Result<ShadowEvent> {
        let id = Uuid::new_v4().to_string();
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO shadow_event (id, session_id, kind, offset_ms, wall_at, text, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?5)",
            params![id, session_id, kind.name(), offset_ms.max(0), now, text],
        )?;
        // A new stamp is what `u` takes back next: forget the last undo.
        tx.execute(
            "UPDATE shadow_session SET last_offset_ms = max(last_offset_ms, ?2), updated_at = ?3, \
             undone_event_id = NULL WHERE id = ?1",
            params![session_id, offset_ms, now],
        )?;
        tx.commit()?;
        Ok(ShadowEvent {
            id,
            kind,
            offset_ms: offset_ms.max(0),
            wall_at: now,
            text: text.to_string(),
            end_offset_ms: None,
            end_wall_at: None,
        })
    }

    pub fn set_event_text(&mut self, event_id: &str, text: &str, now: Timestamp) -> Result<()> {
        self.conn.execute(
            "UPDATE shadow_event SET text = ?2, updated_at = ?3 WHERE id = ?1",
            params![event_id, text, utc_string(now)],
        )?;
        Ok(())
    }

    /// Ends a running wait at `offset_ms`.
    pub fn end_wait(&mut self, event_id: &str, offset_ms: i64, now: Timestamp) -> Result<()> {
        let now = utc_string(now);
        self.conn.execute(
            "UPDATE shadow_event SET end_offset_ms = max(offset_ms, ?2), end_wall_at = ?3, updated_at = ?3 \
             WHERE id = ?1 AND kind = 'wait' AND end_offset_ms IS NULL",
            params![event_id, offset_ms, now],
        )?;
        Ok(())
    }

    /// Marks an event deleted; it stays in the file and can be restored.
    pub fn delete_event(&mut self, event_id: &str, now: Timestamp) -> Result<()> {
        let now = utc_string(now);
        self.conn.execute(
            "UPDATE shadow_event SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![event_id, now],
        )?;
        Ok(())
    }

    /// Takes back an event (`u` on the newest stamp, or `d` on any), and
    /// remembers it in the session so that `u` restores it, after a
    /// restart too.
    pub fn undo_event(&mut self, session_id: &str, event_id: &str, now: Timestamp) -> Result<()> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        tx.execute(
            "UPDATE shadow_event SET deleted_at = ?3, updated_at = ?3 WHERE id = ?2 AND session_id = ?1",
            params![session_id, event_id, now],
        )?;
        tx.execute(
            "UPDATE shadow_session SET undone_event_id = ?2, updated_at = ?3 WHERE id = ?1",
            params![session_id, event_id, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The newest stamp of a session by when it was taken (not by offset:
    /// after a resume an offset can repeat), not deleted.
    pub fn newest_stamp(&self, session_id: &str) -> Result<Option<ShadowEvent>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {EVENT_COLUMNS} FROM shadow_event WHERE session_id = ?1 \
                     AND deleted_at IS NULL ORDER BY seq DESC LIMIT 1"
                ),
                [session_id],
                event_from_row,
            )
            .optional()?)
    }

    /// The event `u` would restore: the one last taken back, if no stamp
    /// came after it.
    pub fn undone_event(&self, session_id: &str) -> Result<Option<ShadowEvent>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {EVENT_COLUMNS} FROM shadow_event WHERE deleted_at IS NOT NULL \
                     AND id = (SELECT undone_event_id FROM shadow_session WHERE id = ?1)"
                ),
                [session_id],
                event_from_row,
            )
            .optional()?)
    }

    /// Restores the event last taken back; returns it.
    pub fn restore_undone(
        &mut self,
        session_id: &str,
        now: Timestamp,
    ) -> Result<Option<ShadowEvent>> {
        let Some(event) = self.undone_event(session_id)? else {
            return Ok(None);
        };
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        tx.execute(
            "UPDATE shadow_event SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
            params![event.id, now],
        )?;
        tx.execute(
            "UPDATE shadow_session SET undone_event_id = NULL, updated_at = ?2 WHERE id = ?1",
            params![session_id, now],
        )?;
        tx.commit()?;
        Ok(Some(event))
    }

    pub fn restore_event(&mut self, event_id: &str, now: Timestamp) -> Result<()> {
        self.conn.execute(
            "UPDATE shadow_event SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
            params![event_id, utc_string(now)],
        )?;
        Ok(())
    }

    /// A session's events that are not deleted, by offset.
    pub fn events(&self, session_id: &str) -> Result<Vec<ShadowEvent>> {
        super::all_rows(
            &self.conn,
            &format!(
                "SELECT {EVENT_COLUMNS} FROM shadow_event WHERE session_id = ?1 AND deleted_at IS NULL \
             ORDER BY offset_ms, seq"
            ),
            [session_id],
            event_from_row,
        )
    }

    /// Records that the session has run to `offset_ms`, so a crash loses at
    /// most the time since the last heartbeat.
    pub fn heartbeat(&mut self, session_id: &str, offset_ms: i64, now: Timestamp) -> Result<()> {
        self.conn.execute(
            "UPDATE shadow_session SET last_offset_ms = max(last_offset_ms, ?2), updated_at = ?3 \
             WHERE id = ?1 AND ended_at IS NULL",
            params![session_id, offset_ms, utc_string(now)],
        )?;
        Ok(())
    }

    /// Pauses (`reason` 'paused', or 'interrupted' for a crash gap) at `offset_ms`.
    pub fn pause_session(
        &mut self,
        session_id: &str,
        offset_ms: i64,
        reason: &str,
        now: Timestamp,
    ) -> Result<()> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO shadow_pause (id, session_id, offset_ms, paused_at, reason, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?4)",
            params![Uuid::new_v4().to_string(), session_id, offset_ms, now, reason],
        )?;
        tx.execute(
            "UPDATE shadow_session SET paused = 1, last_offset_ms = max(last_offset_ms, ?2), updated_at = ?3 \
             WHERE id = ?1",
            params![session_id, offset_ms, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn resume_session(&mut self, session_id: &str, now: Timestamp) -> Result<()> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        tx.execute(
            "UPDATE shadow_pause SET resumed_at = ?2, updated_at = ?2 \
             WHERE session_id = ?1 AND resumed_at IS NULL",
            params![session_id, now],
        )?;
        tx.execute(
            "UPDATE shadow_session SET paused = 0, updated_at = ?2 WHERE id = ?1",
            params![session_id, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// How many times a session was paused or interrupted.
    pub fn pause_count(&self, session_id: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM shadow_pause WHERE session_id = ?1",
            [session_id],
            |r| r.get(0),
        )?)
    }

    /// Ends a session at `duration_ms`, closing an open wait there, in one
    /// transaction.
    pub fn end_session(
        &mut self,
        session_id: &str,
        duration_ms: i64,
        now: Timestamp,
    ) -> Result<Session> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        tx.execute(
            "UPDATE shadow_event SET end_offset_ms = max(offset_ms, ?2), end_wall_at = ?3, updated_at = ?3 \
             WHERE session_id = ?1 AND kind = 'wait' AND end_offset_ms IS NULL",
            params![session_id, duration_ms, now],
        )?;
        tx.execute(
            "UPDATE shadow_pause SET resumed_at = ?2, updated_at = ?2 \
             WHERE session_id = ?1 AND resumed_at IS NULL",
            params![session_id, now],
        )?;
        let changed = tx.execute(
            "UPDATE shadow_session SET ended_at = ?2, duration_ms = ?3, paused = 0, \
             last_offset_ms = max(last_offset_ms, ?3), updated_at = ?2 \
             WHERE id = ?1 AND ended_at IS NULL",
            params![session_id, now, duration_ms.max(0)],
        )?;
        if changed == 0 {
            return Err(eyre!("the session has already ended"));
        }
        tx.commit()?;
        self.session(session_id)?
            .ok_or_else(|| eyre!("session {session_id} vanished"))
    }

    /// The furthest point a session is known to have reached: its heartbeat,
    /// its last stamp, or the end of its last wait.
    pub fn last_known_offset(&self, session_id: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT max(s.last_offset_ms, coalesce(max(e.offset_ms), 0), coalesce(max(e.end_offset_ms), 0)) \
             FROM shadow_session s LEFT JOIN shadow_event e \
             ON e.session_id = s.id AND e.deleted_at IS NULL WHERE s.id = ?1",
            [session_id],
            |r| r.get(0),
        )?)
    }

    /// The offset of a session's last stamp (or wait end), 0 for none.
    pub fn last_event_offset(&self, session_id: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(max(offset_ms, coalesce(end_offset_ms, 0))), 0) FROM shadow_event \
             WHERE session_id = ?1 AND deleted_at IS NULL",
            [session_id],
            |r| r.get(0),
        )?)
    }

    /// Every event of a session, deleted ones too with when, for backups.
    pub fn all_events(&self, session_id: &str) -> Result<Vec<(ShadowEvent, Option<String>)>> {
        super::all_rows(
            &self.conn,
            &format!(
                "SELECT {EVENT_COLUMNS}, deleted_at FROM shadow_event WHERE session_id = ?1 \
             ORDER BY offset_ms, seq"
            ),
            [session_id],
            |r| Ok((event_from_row(r)?, r.get(7)?)),
        )
    }

    /// A session's pauses: (offset, paused at, resumed at, reason).
    pub fn pauses(&self, session_id: &str) -> Result<Vec<Pause>> {
        super::all_rows(
            &self.conn,
            "SELECT offset_ms, paused_at, resumed_at, reason FROM shadow_pause \
             WHERE session_id = ?1 ORDER BY seq",
            [session_id],
            |r| {
                Ok(Pause {
                    offset_ms: r.get(0)?,
                    paused_at: r.get(1)?,
                    resumed_at: r.get(2)?,
                    reason: r.get(3)?,
                })
            },
        )
    }
}

/// One pause of a session, as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Pause {
    pub offset_ms: i64,
    pub paused_at: String,
    pub resumed_at: Option<String>,
    /// `paused` by the researcher, or `interrupted` (the app was closed).
    pub reason: String,
}
