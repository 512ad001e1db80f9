//! Syntheses, their sources and entries, and evidence links — from entries
//! and from the backlog items promoted from them.

use super::Store;
use super::backlog::insert_item;
use crate::domain::backlog::{Item, NewItem};
use crate::domain::synthesis::{
    Entry, Evidence, EvidenceRef, Section, Source, SourceKind, Synthesis, Verdict,
};
use crate::domain::time::utc_string;
use color_eyre::eyre::{Result, eyre};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;
use uuid::Uuid;

/// Evidence behind entries or items: `{owner}` is `entry_id` or `item_id`,
/// a fixed column name, never user text.
const EVIDENCE_SQL: &str = "\
    SELECT ev.interview_note_id, NULL, 'interview', i.id, \
           i.participant || CASE WHEN i.team <> '' THEN ' (' || i.team || ')' ELSE '' END, \
           n.kind, n.text, n.offset_ms, n.deleted_at IS NOT NULL, ev.seq \
    FROM evidence ev JOIN interview_note n ON n.id = ev.interview_note_id \
    JOIN interview i ON i.id = n.interview_id WHERE ev.{owner} = ?1 \
    UNION ALL \
    SELECT NULL, ev.shadow_event_id, 'shadowing', s.id, s.participant, e.kind, e.text, e.offset_ms, \
           e.deleted_at IS NOT NULL, ev.seq \
    FROM evidence ev JOIN shadow_event e ON e.id = ev.shadow_event_id \
    JOIN shadow_session s ON s.id = e.session_id WHERE ev.{owner} = ?1 \
    ORDER BY 10";

/// What the linked sources hold that can become evidence.
const CANDIDATES_SQL: &str = "\
    SELECT n.id, NULL, 'interview', i.id, \
           i.participant || CASE WHEN i.team <> '' THEN ' (' || i.team || ')' ELSE '' END, \
           n.kind, n.text, n.offset_ms, 0, src.seq \
    FROM synthesis_source src JOIN interview i ON i.id = src.interview_id \
    JOIN interview_note n ON n.interview_id = i.id \
    WHERE src.synthesis_id = ?1 AND n.deleted_at IS NULL AND trim(n.text) <> '' \
    UNION ALL \
    SELECT NULL, e.id, 'shadowing', s.id, s.participant, e.kind, e.text, e.offset_ms, 0, src.seq \
    FROM synthesis_source src JOIN shadow_session s ON s.id = src.session_id \
    JOIN shadow_event e ON e.session_id = s.id \
    WHERE src.synthesis_id = ?1 AND e.deleted_at IS NULL AND e.kind IN ('friction', 'wish', 'note') \
    ORDER BY 10, 8";

fn evidence_from_row(row: &Row<'_>) -> rusqlite::Result<Evidence> {
    let note: Option<String> = row.get(0)?;
    let event: Option<String> = row.get(1)?;
    let kind: String = row.get(2)?;
    Ok(Evidence {
        reference: match (note, event) {
            (Some(n), _) => EvidenceRef::InterviewNote(n),
            (None, e) => EvidenceRef::ShadowEvent(e.unwrap_or_default()),
        },
        source_kind: if kind == "interview" {
            SourceKind::Interview
        } else {
            SourceKind::Shadowing
        },
        source_id: row.get(3)?,
        source_label: row.get(4)?,
        kind: row.get(5)?,
        text: row.get(6)?,
        offset_ms: row.get(7)?,
        deleted: row.get(8)?,
    })
}

fn evidence_of(conn: &Connection, owner: &str, id: &str) -> Result<Vec<Evidence>> {
    super::all_rows(
        conn,
        &EVIDENCE_SQL.replace("{owner}", owner),
        [id],
        evidence_from_row,
    )
}

fn reference_columns(reference: &EvidenceRef) -> (Option<&str>, Option<&str>) {
    match reference {
        EvidenceRef::InterviewNote(id) => (Some(id.as_str()), None),
        EvidenceRef::ShadowEvent(id) => (None, Some(id.as_str())),
    }
}

impl Store {
    /// Starts a synthesis over the given interviews and sessions, the
    /// interviews' assumptions copied in as its first assumptions — all in
    /// one transaction, so a failure leaves no half-made synthesis.
    pub fn create_synthesis(
        &mut self,
        title: &str,
        sources: &[(SourceKind, String)],
        now: Timestamp,
    ) -> Result<Synthesis> {
        let id = Uuid::new_v4().to_string();
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO synthesis (id, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![id, title, now],
        )?;
        for (kind, source_id) in sources {
            let (interview, session) = match kind {
                SourceKind::Interview => (Some(source_id), None),
                SourceKind::Shadowing => (None, Some(source_id)),
            };
            tx.execute(
                "INSERT INTO synthesis_source (id, synthesis_id, interview_id, session_id, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![Uuid::new_v4().to_string(), id, interview, session, now],
            )?;
        }
        for (kind, source_id) in sources {
            if *kind != SourceKind::Interview {
                continue;
            }
            let json: Option<String> = tx
                .query_row(
                    "SELECT assumptions FROM interview WHERE id = ?1",
                    params![source_id],
                    |row| row.get("assumptions"),
                )
                .optional()?;
            let assumptions: Vec<String> = match json {
                Some(json) => serde_json::from_str(&json)?,
                None => Vec::new(),
            };
            for text in assumptions {
                tx.execute(
                    "INSERT INTO synthesis_entry (id, synthesis_id, section, position, text, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM synthesis_entry \
                                          WHERE synthesis_id = ?2 AND section = ?3), ?4, ?5, ?5)",
                    params![
                        Uuid::new_v4().to_string(),
                        id,
                        Section::Assumption.name(),
                        text,
                        now
                    ],
                )?;
            }
        }
        tx.commit()?;
        self.synthesis(&id)?
            .ok_or_else(|| eyre!("synthesis {id} vanished"))
    }

    /// Every synthesis (without entries), newest first: id, title, created.
    pub fn syntheses(&self) -> Result<Vec<(String, String, String)>> {
        super::all_rows(
            &self.conn,
            "SELECT id, title, created_at FROM synthesis WHERE deleted_at IS NULL ORDER BY seq DESC",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }

    /// A synthesis with its sources, entries and their evidence.
    pub fn synthesis(&self, id: &str) -> Result<Option<Synthesis>> {
        let head: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT title, created_at FROM synthesis WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((title, created_at)) = head else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT 'interview', i.id, i.participant || CASE WHEN i.team <> '' THEN ' (' || i.team || ')' ELSE '' END, i.started_at \
             FROM synthesis_source src JOIN interview i ON i.id = src.interview_id WHERE src.synthesis_id = ?1 \
             UNION ALL \
             SELECT 'shadowing', s.id, s.participant, s.started_at \
             FROM synthesis_source src JOIN shadow_session s ON s.id = src.session_id WHERE src.synthesis_id = ?1",
        )?;
        let sources = stmt
            .query_map([id], |r| {
                let kind: String = r.get(0)?;
                Ok(Source {
                    kind: if kind == "interview" {
                        SourceKind::Interview
                    } else {
                        SourceKind::Shadowing
                    },
                    id: r.get(1)?,
                    label: r.get(2)?,
                    started_at: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.section, e.position, e.text, e.verdict, \
                    b.id AS item_id, b.title AS item_title \
             FROM synthesis_entry e LEFT JOIN backlog_item b \
               ON b.id = e.promoted_item_id AND b.deleted_at IS NULL \
             WHERE e.synthesis_id = ?1 AND e.deleted_at IS NULL ORDER BY CASE e.section WHEN 'pain' THEN 0 WHEN 'surprise' THEN 1 \
             WHEN 'assumption' THEN 2 ELSE 3 END, e.position, e.seq",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                let item_id: Option<String> = r.get("item_id")?;
                let item_title: Option<String> = r.get("item_title")?;
                Ok((
                    r.get::<_, String>("id")?,
                    r.get::<_, String>("section")?,
                    r.get::<_, f64>("position")?,
                    r.get::<_, String>("text")?,
                    r.get::<_, Option<String>>("verdict")?,
                    item_id.zip(item_title),
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut entries = Vec::with_capacity(rows.len());
        for (entry_id, section, position, text, verdict, promoted) in rows {
            entries.push(Entry {
                promoted,
                evidence: evidence_of(&self.conn, "entry_id", &entry_id)?,
                id: entry_id,
                section: Section::parse(&section)
                    .ok_or_else(|| eyre!("unknown section {section}"))?,
                position,
                text,
                verdict: verdict.as_deref().and_then(Verdict::parse),
            });
        }
        Ok(Some(Synthesis {
            id: id.to_string(),
            title,
            created_at,
            sources,
            entries,
        }))
    }

    pub fn find_synthesis(&self, prefix: &str) -> Result<Synthesis> {
        let id = self.unique_id(super::Records::Synthesis, prefix)?;
        self.synthesis(&id)?
            .ok_or_else(|| eyre!("synthesis {id} vanished"))
    }

    /// The quotes, notes, friction and wishes of a synthesis's sources.
    pub fn synthesis_candidates(&self, synthesis_id: &str) -> Result<Vec<Evidence>> {
        super::all_rows(
            &self.conn,
            CANDIDATES_SQL,
            [synthesis_id],
            evidence_from_row,
        )
    }

    /// Adds an entry at the end of its section; returns its id.
    pub fn add_entry(
        &mut self,
        synthesis_id: &str,
        section: Section,
        text: &str,
        now: Timestamp,
    ) -> Result<String> {
        let id = Uuid::new_v4().to_string();
        let now = utc_string(now);
        self.conn.execute(
            "INSERT INTO synthesis_entry (id, synthesis_id, section, position, text, created_at, updated_at) \
             VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM synthesis_entry \
                                  WHERE synthesis_id = ?2 AND section = ?3), ?4, ?5, ?5)",
            params![id, synthesis_id, section.name(), text, now],
        )?;
        Ok(id)
    }

    /// Sets an entry's text; returns whether it took it. An entry deleted
    /// meanwhile (by another copy, the CLI or a sync) takes nothing: text
    /// written into a hidden entry would look lost to whoever typed it.
    pub fn set_entry_text(&mut self, entry_id: &str, text: &str, now: Timestamp) -> Result<bool> {
        let set = self.conn.execute(
            "UPDATE synthesis_entry SET text = ?2, updated_at = ?3 \
             WHERE id = ?1 AND deleted_at IS NULL",
            params![entry_id, text, utc_string(now)],
        )?;
        Ok(set > 0)
    }

    pub fn set_verdict(
        &mut self,
        entry_id: &str,
        verdict: Option<Verdict>,
        now: Timestamp,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE synthesis_entry SET verdict = ?2, updated_at = ?3 WHERE id = ?1",
            params![entry_id, verdict.map(Verdict::name), utc_string(now)],
        )?;
        Ok(())
    }

    /// Deletes an entry: it leaves the synthesis with its links (the
    /// quotes they point at stay) and [`Store::undelete_entry`] brings it
    /// back where it was. Like a whole record's delete, it leaves
    /// `updated_at` alone, so delete → undelete leaves the backup as it was.
    pub fn delete_entry(&mut self, entry_id: &str, now: Timestamp) -> Result<()> {
        let marked = self.conn.execute(
            "UPDATE synthesis_entry SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![entry_id, utc_string(now)],
        )?;
        if marked == 0 {
            return Err(crate::domain::InputError::new(
                "entry",
                "that entry no longer exists (deleted elsewhere?)",
            )
            .into());
        }
        Ok(())
    }

    /// Brings back a deleted entry with its links, in its place.
    pub fn undelete_entry(&mut self, entry_id: &str) -> Result<()> {
        let unmarked = self.conn.execute(
            "UPDATE synthesis_entry SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
            [entry_id],
        )?;
        if unmarked == 0 {
            return Err(crate::domain::InputError::new(
                "entry",
                "that entry is not deleted any more (brought back elsewhere?)",
            )
            .into());
        }
        Ok(())
    }

    /// Swaps an entry with its neighbour in the section (`up` or down).
    pub fn move_entry(&mut self, entry_id: &str, up: bool, now: Timestamp) -> Result<bool> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        let (synthesis_id, section, position): (String, String, f64) = tx.query_row(
            "SELECT synthesis_id, section, position FROM synthesis_entry WHERE id = ?1",
            [entry_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let neighbour_sql = if up {
            "SELECT id, position FROM synthesis_entry WHERE synthesis_id = ?1 AND section = ?2 \
             AND position < ?3 AND deleted_at IS NULL ORDER BY position DESC LIMIT 1"
        } else {
            "SELECT id, position FROM synthesis_entry WHERE synthesis_id = ?1 AND section = ?2 \
             AND position > ?3 AND deleted_at IS NULL ORDER BY position LIMIT 1"
        };
        let neighbour: Option<(String, f64)> = tx
            .query_row(
                neighbour_sql,
                params![synthesis_id, section, position],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((other, other_position)) = neighbour else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE synthesis_entry SET position = ?2, updated_at = ?3 WHERE id = ?1",
            params![entry_id, other_position, now],
        )?;
        tx.execute(
            "UPDATE synthesis_entry SET position = ?2, updated_at = ?3 WHERE id = ?1",
            params![other, position, now],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Links a quote or event to an entry; linking twice changes nothing.
    pub fn link_evidence(
        &mut self,
        entry_id: &str,
        reference: &EvidenceRef,
        now: Timestamp,
    ) -> Result<bool> {
        let (note, event) = reference_columns(reference);
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO evidence (id, entry_id, interview_note_id, shadow_event_id, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![Uuid::new_v4().to_string(), entry_id, note, event, utc_string(now)],
        )?;
        Ok(added > 0)
    }

    /// Turns an entry into a backlog item that keeps links to the entry's
    /// evidence, in one transaction.
    pub fn promote_entry(&mut self, entry_id: &str, new: &NewItem, now: Timestamp) -> Result<Item> {
        let item_id = Uuid::new_v4().to_string();
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        // Promoted once: a second promotion (a key pressed twice, another
        // laptop) is refused, naming the item it became.
        let already: Option<Option<String>> = tx
            .query_row(
                "SELECT b.title AS title FROM synthesis_entry e \
                 LEFT JOIN backlog_item b \
                   ON b.id = e.promoted_item_id AND b.deleted_at IS NULL \
                 WHERE e.id = ?1 AND e.deleted_at IS NULL",
                [entry_id],
                |r| r.get("title"),
            )
            .optional()?;
        match already {
            None => return Err(eyre!("synthesis entry {entry_id} is gone")),
            Some(Some(title)) => {
                return Err(crate::domain::InputError::new(
                    "entry",
                    format!("already on the backlog as '{title}'"),
                )
                .into());
            }
            Some(None) => {}
        }
        insert_item(&tx, &item_id, new, &now)?;
        tx.execute(
            "UPDATE synthesis_entry SET promoted_item_id = ?1, updated_at = ?2 WHERE id = ?3",
            params![item_id, now, entry_id],
        )?;
        let links = {
            let mut stmt = tx.prepare(
                "SELECT interview_note_id, shadow_event_id FROM evidence WHERE entry_id = ?1 ORDER BY seq",
            )?;
            stmt.query_map([entry_id], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        for (note, event) in links {
            tx.execute(
                "INSERT INTO evidence (id, item_id, interview_note_id, shadow_event_id, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![Uuid::new_v4().to_string(), item_id, note, event, now],
            )?;
        }
        tx.commit()?;
        self.item(&item_id)?
            .ok_or_else(|| eyre!("item {item_id} vanished"))
    }

    /// The evidence linked to a backlog item.
    pub fn item_evidence(&self, item_id: &str) -> Result<Vec<Evidence>> {
        evidence_of(&self.conn, "item_id", item_id)
    }

    /// How many pieces of evidence each item has (items with none are absent).
    pub fn evidence_counts(&self) -> Result<HashMap<String, usize>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT item_id, count(*) FROM evidence WHERE item_id IS NOT NULL GROUP BY item_id",
        )?;
        let counts = stmt
            .query_map([], |r| {
                let n: i64 = r.get(1)?;
                Ok((r.get::<_, String>(0)?, usize::try_from(n).unwrap_or(0)))
            })?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(counts)
    }
}
