//! Interview scripts and interviews: steps, notes, quotes, talk intervals.

use super::Store;
use crate::domain::InputError;
use crate::domain::interview::{Interview, NewInterview, Note, NoteKind, Record, Step, Talk};
use crate::domain::script::{DEFAULT_SCRIPT, Script};
use crate::domain::time::utc_string;
use color_eyre::eyre::{Result, eyre};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

/// A script as stored: its name and the TOML it was imported from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredScript {
    pub name: String,
    pub source: String,
    pub updated_at: String,
}

/// The default script has the same id in every file, so two laptops that
/// sync hold one default script, not two with the same name.
const DEFAULT_SCRIPT_ID: &str = "f1e1d0c0-0000-4000-8000-000000000001";

pub(super) fn insert_default_script(conn: &Connection) -> Result<()> {
    let script = Script::parse(DEFAULT_SCRIPT).map_err(|e| eyre!("the default script: {e}"))?;
    let now = utc_string(Timestamp::now());
    conn.execute(
        "INSERT OR IGNORE INTO interview_script (id, name, source, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![DEFAULT_SCRIPT_ID, script.name, DEFAULT_SCRIPT, now],
    )?;
    Ok(())
}

pub(super) const INTERVIEW_COLUMNS: &str = "id, participant, team, script_name, script_source, placeholders, \
     assumptions, ranking, started_at, ended_at, duration_ms, last_offset_ms, current_question, updated_at";

pub(super) fn interview_from_row(row: &Row<'_>) -> rusqlite::Result<Interview> {
    let bad = |i: usize, what: String| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, what.into())
    };
    let source: String = row.get(4)?;
    let placeholders: String = row.get(5)?;
    let assumptions: String = row.get(6)?;
    let ranking: String = row.get(7)?;
    let current: i64 = row.get(12)?;
    Ok(Interview {
        id: row.get(0)?,
        participant: row.get(1)?,
        team: row.get(2)?,
        script_name: row.get(3)?,
        script: Script::parse(&source).map_err(|e| bad(4, e.to_string()))?,
        placeholders: serde_json::from_str(&placeholders).map_err(|e| bad(5, e.to_string()))?,
        assumptions: serde_json::from_str(&assumptions).map_err(|e| bad(6, e.to_string()))?,
        ranking: serde_json::from_str(&ranking).map_err(|e| bad(7, e.to_string()))?,
        started_at: row.get(8)?,
        ended_at: row.get(9)?,
        duration_ms: row.get(10)?,
        last_offset_ms: row.get(11)?,
        current_question: usize::try_from(current).unwrap_or(0),
        updated_at: row.get(13)?,
    })
}

impl Store {
    /// Every script, by name.
    pub fn scripts(&self) -> Result<Vec<StoredScript>> {
        super::all_rows(
            &self.conn,
            "SELECT name, source, updated_at FROM interview_script WHERE deleted_at IS NULL ORDER BY name",
            [],
            |r| {
                Ok(StoredScript {
                    name: r.get(0)?,
                    source: r.get(1)?,
                    updated_at: r.get(2)?,
                })
            },
        )
    }

    /// The script with this name (case-insensitive).
    pub fn script(&self, name: &str) -> Result<StoredScript> {
        self.scripts()?
            .into_iter()
            .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                let names: Vec<String> = self
                    .scripts()
                    .map(|all| all.into_iter().map(|s| format!("'{}'", s.name)).collect())
                    .unwrap_or_default();
                InputError::new(
                    "script",
                    format!(
                        "no script is named '{}'; the scripts are {}",
                        name.trim(),
                        names.join(", ")
                    ),
                )
                .into()
            })
    }

    /// Stores a checked script. One with the same name is replaced when
    /// `replace` says so, else the script is refused naming `--replace`.
    /// Returns whether it replaced one.
    pub fn save_script(
        &mut self,
        script: &Script,
        source: &str,
        replace: bool,
        now: Timestamp,
    ) -> Result<bool> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        if !replace {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM interview_script WHERE name = ?1 AND deleted_at IS NULL)",
                [&script.name],
                |r| r.get(0),
            )?;
            if exists {
                return Err(InputError::new(
                    "script",
                    format!(
                        "a script named '{}' exists already: give --replace to replace it",
                        script.name
                    ),
                )
                .into());
            }
        }
        // A deleted script keeps its text until it is brought back or
        // purged: a new one under its name would overwrite it unseen.
        let deleted: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM interview_script WHERE name = ?1 AND deleted_at IS NOT NULL)",
            [&script.name],
            |r| r.get(0),
        )?;
        if deleted {
            return Err(InputError::new(
                "script",
                format!(
                    "a deleted script is named '{}': run `{}` first (then import with \
                     --replace to replace it), or give the new script another name",
                    script.name,
                    crate::domain::undelete::Deleted::Script(&script.name).undelete_command()
                ),
            )
            .into());
        }
        let replaced = tx.execute(
            "UPDATE interview_script SET source = ?2, updated_at = ?3 WHERE name = ?1 AND deleted_at IS NULL",
            params![script.name, source, now],
        )? > 0;
        if !replaced {
            tx.execute(
                "INSERT INTO interview_script (id, name, source, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![Uuid::new_v4().to_string(), script.name, source, now],
            )?;
        }
        tx.commit()?;
        Ok(replaced)
    }

    /// Starts an interview on `script`; its first question is current at 0.
    pub fn create_interview(
        &mut self,
        new: &NewInterview,
        script: &StoredScript,
        now: Timestamp,
    ) -> Result<Interview> {
        let id = Uuid::new_v4().to_string();
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO interview (id, participant, team, script_name, script_source, placeholders, \
             assumptions, started_at, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8)",
            params![
                id,
                new.participant,
                new.team,
                script.name,
                script.source,
                serde_json::to_string(&new.placeholders)?,
                serde_json::to_string(&new.assumptions)?,
                now
            ],
        )?;
        tx.execute(
            "INSERT INTO interview_step (id, interview_id, question, offset_ms, created_at, updated_at) \
             VALUES (?1, ?2, 0, 0, ?3, ?3)",
            params![Uuid::new_v4().to_string(), id, now],
        )?;
        tx.commit()?;
        self.interview(&id)?
            .ok_or_else(|| eyre!("interview {id} vanished"))
    }

    pub fn interview(&self, id: &str) -> Result<Option<Interview>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {INTERVIEW_COLUMNS} FROM interview WHERE id = ?1"),
                [id],
                interview_from_row,
            )
            .optional()?)
    }

    /// Every interview, newest first.
    pub fn interviews(&self) -> Result<Vec<Interview>> {
        super::all_rows(
            &self.conn,
            &format!(
                "SELECT {INTERVIEW_COLUMNS} FROM interview WHERE deleted_at IS NULL ORDER BY seq DESC"
            ),
            [],
            interview_from_row,
        )
    }

    pub fn unfinished_interview(&self) -> Result<Option<Interview>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {INTERVIEW_COLUMNS} FROM interview WHERE ended_at IS NULL AND deleted_at IS NULL \
                     ORDER BY seq DESC LIMIT 1"
                ),
                [],
                interview_from_row,
            )
            .optional()?)
    }

    pub fn find_interview(&self, prefix: &str) -> Result<Interview> {
        let id = self.unique_id(super::Records::Interview, prefix)?;
        self.interview(&id)?
            .ok_or_else(|| eyre!("interview {id} vanished"))
    }

    /// Makes `question` current at `offset_ms`.
    pub fn add_step(
        &mut self,
        interview_id: &str,
        question: usize,
        offset_ms: i64,
        now: Timestamp,
    ) -> Result<()> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO interview_step (id, interview_id, question, offset_ms, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![Uuid::new_v4().to_string(), interview_id, question as i64, offset_ms, now],
        )?;
        tx.execute(
            "UPDATE interview SET current_question = ?2, last_offset_ms = max(last_offset_ms, ?3), \
             updated_at = ?4 WHERE id = ?1",
            params![interview_id, question as i64, offset_ms, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn steps(&self, interview_id: &str) -> Result<Vec<Step>> {
        super::all_rows(
            &self.conn,
            "SELECT question, offset_ms FROM interview_step WHERE interview_id = ?1 ORDER BY seq",
            [interview_id],
            |r| {
                let q: i64 = r.get(0)?;
                Ok(Step {
                    question: usize::try_from(q).unwrap_or(0),
                    offset_ms: r.get(1)?,
                })
            },
        )
    }

    /// Saves the note of a question (there is one per question).
    pub fn save_note(
        &mut self,
        interview_id: &str,
        question: usize,
        offset_ms: i64,
        text: &str,
        now: Timestamp,
    ) -> Result<()> {
        let now = utc_string(now);
        self.conn.execute(
            "INSERT INTO interview_note (id, interview_id, question, kind, offset_ms, text, created_at, updated_at) \
             VALUES (?1, ?2, ?3, 'note', ?4, ?5, ?6, ?6) \
             ON CONFLICT (interview_id, question) WHERE kind = 'note' \
             DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at, deleted_at = NULL",
            params![Uuid::new_v4().to_string(), interview_id, question as i64, offset_ms, text, now],
        )?;
        Ok(())
    }

    pub fn add_quote(
        &mut self,
        interview_id: &str,
        question: usize,
        offset_ms: i64,
        text: &str,
        now: Timestamp,
    ) -> Result<String> {
        let id = Uuid::new_v4().to_string();
        let now = utc_string(now);
        self.conn.execute(
            "INSERT INTO interview_note (id, interview_id, question, kind, offset_ms, text, created_at, updated_at) \
             VALUES (?1, ?2, ?3, 'quote', ?4, ?5, ?6, ?6)",
            params![id, interview_id, question as i64, offset_ms, text, now],
        )?;
        Ok(id)
    }

    /// Corrects the words of a quote (or a note) of an interview, ended or not.
    pub fn set_note_text(&mut self, note_id: &str, text: &str, now: Timestamp) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE interview_note SET text = ?2, updated_at = ?3 WHERE id = ?1 AND deleted_at IS NULL",
            params![note_id, text, utc_string(now)],
        )?;
        if changed == 0 {
            return Err(InputError::new("note", "that note or quote no longer exists").into());
        }
        Ok(())
    }

    /// Deletes a note or quote: it stays in the file, marked, and
    /// [`Store::restore_last_deleted_note`] brings it back. A quote that is
    /// evidence where the user can see it (an entry of a synthesis, a
    /// backlog item, neither deleted) is refused: unlink it there first.
    /// Evidence on deleted records cannot be unlinked, so it does not hold
    /// the quote: the link stays (the quote is only marked), and if that
    /// record comes back it shows the quote as deleted, as it shows a
    /// deleted shadowing event.
    pub fn delete_note(&mut self, note_id: &str, now: Timestamp) -> Result<()> {
        let tx = self.write_transaction()?;
        let uses: i64 = tx.query_row(
            "SELECT count(*) AS n FROM evidence ev \
             LEFT JOIN backlog_item b ON b.id = ev.item_id \
             LEFT JOIN synthesis_entry e ON e.id = ev.entry_id \
             LEFT JOIN synthesis y ON y.id = e.synthesis_id \
             WHERE ev.interview_note_id = ?1 \
               AND ((ev.item_id IS NOT NULL AND b.deleted_at IS NULL) \
                 OR (ev.entry_id IS NOT NULL AND e.deleted_at IS NULL AND y.deleted_at IS NULL))",
            [note_id],
            |r| r.get("n"),
        )?;
        if uses > 0 {
            return Err(InputError::new(
                "quote",
                format!(
                    "this quote is evidence in {uses} place{} (a synthesis entry or a backlog item): \
                     unlink it there first",
                    if uses == 1 { "" } else { "s" }
                ),
            )
            .into());
        }
        let now = utc_string(now);
        let changed = tx.execute(
            "UPDATE interview_note SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![note_id, now],
        )?;
        if changed == 0 {
            return Err(InputError::new("note", "that note or quote no longer exists").into());
        }
        tx.commit()?;
        Ok(())
    }

    /// Brings back the note or quote of an interview deleted last; returns
    /// it, or None when none is deleted.
    pub fn restore_last_deleted_note(
        &mut self,
        interview_id: &str,
        now: Timestamp,
    ) -> Result<Option<Note>> {
        let tx = self.write_transaction()?;
        let id: Option<String> = tx
            .query_row(
                "SELECT id FROM interview_note WHERE interview_id = ?1 AND deleted_at IS NOT NULL \
                 ORDER BY deleted_at DESC, seq DESC LIMIT 1",
                [interview_id],
                |r| r.get("id"),
            )
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        tx.execute(
            "UPDATE interview_note SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
            params![id, utc_string(now)],
        )?;
        tx.commit()?;
        Ok(self.notes(interview_id)?.into_iter().find(|n| n.id == id))
    }

    /// Notes and quotes, by question then time.
    pub fn notes(&self, interview_id: &str) -> Result<Vec<Note>> {
        super::all_rows(
            &self.conn,
            "SELECT id, question, kind, offset_ms, text FROM interview_note WHERE interview_id = ?1 \
             AND deleted_at IS NULL ORDER BY question, kind, offset_ms, seq",
            [interview_id],
            |r| {
                let q: i64 = r.get(1)?;
                let kind: String = r.get(2)?;
                Ok(Note {
                    id: r.get(0)?,
                    question: usize::try_from(q).unwrap_or(0),
                    kind: if kind == "quote" {
                        NoteKind::Quote
                    } else {
                        NoteKind::Note
                    },
                    offset_ms: r.get(3)?,
                    text: r.get(4)?,
                })
            },
        )
    }

    pub fn start_talk(
        &mut self,
        interview_id: &str,
        offset_ms: i64,
        now: Timestamp,
    ) -> Result<String> {
        let id = Uuid::new_v4().to_string();
        let now = utc_string(now);
        self.conn.execute(
            "INSERT INTO interview_talk (id, interview_id, start_ms, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![id, interview_id, offset_ms, now],
        )?;
        Ok(id)
    }

    pub fn end_talk(&mut self, talk_id: &str, offset_ms: i64, now: Timestamp) -> Result<()> {
        self.conn.execute(
            "UPDATE interview_talk SET end_ms = max(start_ms, ?2), updated_at = ?3 \
             WHERE id = ?1 AND end_ms IS NULL",
            params![talk_id, offset_ms, utc_string(now)],
        )?;
        Ok(())
    }

    pub fn talks(&self, interview_id: &str) -> Result<Vec<Talk>> {
        super::all_rows(
            &self.conn,
            "SELECT id, start_ms, end_ms FROM interview_talk WHERE interview_id = ?1 ORDER BY start_ms, seq",
            [interview_id],
            |r| {
                Ok(Talk {
                    id: r.get(0)?,
                    start_ms: r.get(1)?,
                    end_ms: r.get(2)?,
                })
            },
        )
    }

    pub fn set_ranking(
        &mut self,
        interview_id: &str,
        ranking: &[String],
        now: Timestamp,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE interview SET ranking = ?2, updated_at = ?3 WHERE id = ?1",
            params![
                interview_id,
                serde_json::to_string(ranking)?,
                utc_string(now)
            ],
        )?;
        Ok(())
    }

    pub fn interview_heartbeat(
        &mut self,
        interview_id: &str,
        offset_ms: i64,
        now: Timestamp,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE interview SET last_offset_ms = max(last_offset_ms, ?2), updated_at = ?3 \
             WHERE id = ?1 AND ended_at IS NULL",
            params![interview_id, offset_ms, utc_string(now)],
        )?;
        Ok(())
    }

    /// The furthest point an interview is known to have reached.
    pub fn interview_last_offset(&self, interview_id: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT max(i.last_offset_ms, \
                coalesce((SELECT max(offset_ms) FROM interview_step WHERE interview_id = i.id), 0), \
                coalesce((SELECT max(offset_ms) FROM interview_note WHERE interview_id = i.id), 0), \
                coalesce((SELECT max(max(start_ms, coalesce(end_ms, 0))) FROM interview_talk WHERE interview_id = i.id), 0)) \
             FROM interview i WHERE i.id = ?1",
            [interview_id],
            |r| r.get(0),
        )?)
    }

    /// Ends an interview at `duration_ms`, closing a running talk there.
    pub fn end_interview(
        &mut self,
        interview_id: &str,
        duration_ms: i64,
        now: Timestamp,
    ) -> Result<Interview> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        tx.execute(
            "UPDATE interview_talk SET end_ms = max(start_ms, ?2), updated_at = ?3 \
             WHERE interview_id = ?1 AND end_ms IS NULL",
            params![interview_id, duration_ms, now],
        )?;
        let changed = tx.execute(
            "UPDATE interview SET ended_at = ?2, duration_ms = ?3, \
             last_offset_ms = max(last_offset_ms, ?3), updated_at = ?2 \
             WHERE id = ?1 AND ended_at IS NULL",
            params![interview_id, now, duration_ms.max(0)],
        )?;
        if changed == 0 {
            return Err(eyre!("the interview has already ended"));
        }
        tx.commit()?;
        self.interview(interview_id)?
            .ok_or_else(|| eyre!("interview {interview_id} vanished"))
    }

    /// An interview with everything recorded in it.
    pub fn interview_record(&self, interview: &Interview) -> Result<Record> {
        let end_ms = match interview.duration_ms {
            Some(d) => d,
            None => self.interview_last_offset(&interview.id)?,
        };
        Ok(Record {
            interview: interview.clone(),
            steps: self.steps(&interview.id)?,
            notes: self.notes(&interview.id)?,
            talks: self.talks(&interview.id)?,
            end_ms,
        })
    }
}
