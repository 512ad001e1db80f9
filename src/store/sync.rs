//! Team sync's side of the store: the outbox, record authors, and applying
//! what the sync replica received. The engine that talks to TaskChampion
//! lives in `crate::sync`; every SQL statement of sync is here.
//!
//! # How writes reach the outbox
//! Every table named in [`SYNCED`] gets three triggers (AFTER INSERT, UPDATE
//! and DELETE), generated from its columns by [`install_triggers`] after any
//! migration ran. They write, in the transaction of the write itself:
//! - `record_author`: who created the record and who changed it last (the
//!   author of `sync_config`, the login name until `sync init --name`);
//! - `sync_outbox`, once `sync init` ran: the record's id, table, the row
//!   before and after as JSON objects, when (UTC, ms) and who.
//!
//! So no write path has to remember sync. A table added later only needs
//! its name in the backup's `TABLES` (which [`SYNCED`] is), after the tables
//! it references; it must have a
//! UUID `id` column and `seq INTEGER PRIMARY KEY` (local order, not synced).
//! Columns added later are picked up because the triggers are regenerated
//! whenever a migration runs.
//!
//! Applying received changes sets `sync_config.applying` for the length of
//! its transaction: the triggers check it, so nothing received is sent back.

use super::{Store, all_rows};
use color_eyre::eyre::Result;
use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, OptionalExtension, params};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The synced tables, parents before the tables that reference them: the
/// tables the backup holds, one list ([`super::backup::TABLES`]), so a table
/// added for user records is backed up and synced alike.
pub const SYNCED: &[&str] = super::backup::TABLES;

/// The trigger's clock: UTC with milliseconds, fixed within one statement.
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// A table's synced columns (all but `seq`), in their order.
fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let all: Vec<String> = all_rows(
        conn,
        "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
        [table],
        |r| r.get("name"),
    )?;
    Ok(all.into_iter().filter(|c| c != "seq").collect())
}

/// `json_object('a', alias."a", …)` over the columns.
fn json_row(cols: &[String], alias: &str) -> String {
    let pairs: Vec<String> = cols
        .iter()
        .map(|c| format!("'{c}', {alias}.\"{c}\""))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// The name of a synced table's insert trigger.
pub(super) fn insert_trigger(table: &str) -> String {
    format!("sync_{table}_insert")
}

/// What the insert trigger of `table` writes, for every row after
/// `after_seq` at once (in the order of the rows): a bulk load sets the
/// trigger aside and calls this before putting it back. The statements are
/// the trigger's own, reading the table instead of `NEW`.
pub(super) fn record_inserts(conn: &Connection, table: &str, after_seq: i64) -> Result<()> {
    let cols = columns(conn, table)?;
    if cols.is_empty() {
        return Ok(());
    }
    let new = json_row(&cols, "NEW");
    // The trigger's clock, read once (a subquery without columns is).
    let now = format!("(SELECT {NOW})");
    // Authors in id order: their table is keyed by it.
    conn.execute(
        &format!(
            "INSERT OR IGNORE INTO record_author (record_id, tbl, created_by, changed_by, changed_at)
               SELECT NEW.id, '{table}', author, author, {now}
               FROM {table} AS NEW, sync_config
               WHERE NEW.seq > ?1 AND applying = 0 ORDER BY NEW.id"
        ),
        [after_seq],
    )?;
    conn.execute(
        &format!(
            "INSERT INTO sync_outbox (record_id, tbl, op, new_row, at, author)
               SELECT NEW.id, '{table}', 'insert', {new}, {now}, author
               FROM {table} AS NEW, sync_config
               WHERE NEW.seq > ?1 AND applying = 0 AND recording = 1 ORDER BY NEW.seq"
        ),
        [after_seq],
    )?;
    Ok(())
}

/// (Re)creates the outbox and author triggers of every synced table.
pub(super) fn install_triggers(conn: &Connection) -> Result<()> {
    for table in SYNCED {
        let cols = columns(conn, table)?;
        if cols.is_empty() {
            continue;
        }
        let new = json_row(&cols, "NEW");
        let old = json_row(&cols, "OLD");
        let insert = insert_trigger(table);
        conn.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS {insert};
             DROP TRIGGER IF EXISTS sync_{table}_update;
             DROP TRIGGER IF EXISTS sync_{table}_delete;
             CREATE TRIGGER {insert} AFTER INSERT ON {table}
             WHEN (SELECT applying FROM sync_config) = 0
             BEGIN
               INSERT OR IGNORE INTO record_author (record_id, tbl, created_by, changed_by, changed_at)
                 SELECT NEW.id, '{table}', author, author, {NOW} FROM sync_config;
               INSERT INTO sync_outbox (record_id, tbl, op, new_row, at, author)
                 SELECT NEW.id, '{table}', 'insert', {new}, {NOW}, author
                 FROM sync_config WHERE recording = 1;
             END;
             CREATE TRIGGER sync_{table}_update AFTER UPDATE ON {table}
             WHEN (SELECT applying FROM sync_config) = 0
             BEGIN
               INSERT INTO record_author (record_id, tbl, created_by, changed_by, changed_at)
                 SELECT NEW.id, '{table}', '', author, {NOW} FROM sync_config WHERE true
                 ON CONFLICT (record_id) DO UPDATE
                 SET changed_by = excluded.changed_by, changed_at = excluded.changed_at;
               INSERT INTO sync_outbox (record_id, tbl, op, old_row, new_row, at, author)
                 SELECT NEW.id, '{table}', 'update', {old}, {new}, {NOW}, author
                 FROM sync_config WHERE recording = 1;
             END;
             CREATE TRIGGER sync_{table}_delete AFTER DELETE ON {table}
             WHEN (SELECT applying FROM sync_config) = 0
             BEGIN
               INSERT INTO sync_outbox (record_id, tbl, op, old_row, at, author)
                 SELECT OLD.id, '{table}', 'delete', {old}, {NOW}, author
                 FROM sync_config WHERE recording = 1;
             END;"
        ))?;
    }
    Ok(())
}

/// The login name, the author until `sync init --name` gives one.
pub fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Gives the file its first author (the login name) if it has none.
pub(super) fn default_author(conn: &Connection) -> Result<()> {
    conn.execute(
        "UPDATE sync_config SET author = ?1 WHERE author = ''",
        [login_name()],
    )?;
    Ok(())
}

/// One row of the outbox.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub seq: i64,
    pub record_id: String,
    pub table: String,
    pub op: String,
    pub old_row: Option<String>,
    pub new_row: Option<String>,
    pub at: String,
    pub author: String,
}

/// A record as the sync replica holds it, to be written to its table.
#[derive(Debug, Clone)]
pub struct Received {
    pub record_id: String,
    pub table: String,
    pub fields: BTreeMap<String, Json>,
    pub deleted: bool,
    pub digest: String,
    pub created_by: String,
    pub changed_by: String,
    pub changed_at: String,
}

/// A same-field conflict: the value kept and the one that lost.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub id: String,
    pub record_id: String,
    pub table: String,
    pub field: String,
    pub kept_value: Json,
    pub kept_by: String,
    pub kept_at: String,
    pub lost_value: Json,
    pub lost_by: String,
    pub lost_at: String,
}

/// What applying received records did.
#[derive(Debug, Default, Clone)]
pub struct Applied {
    pub inserted: usize,
    pub updated: usize,
    pub deleted: usize,
    /// Records whose parent (e.g. the quote of an evidence link) has not
    /// arrived yet: kept in the replica, applied when it does.
    pub waiting: Vec<(String, String)>,
    /// Deletes not applied because the record is evidence somewhere.
    pub kept_as_evidence: Vec<(String, String)>,
    /// Records the file refused (a rule of its table), with SQLite's words.
    pub refused: Vec<(String, String, String)>,
}

/// Who created and who last changed a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authors {
    pub created_by: String,
    pub changed_by: String,
    pub changed_at: String,
}

enum Outcome {
    Inserted,
    Updated,
    Deleted,
    Unchanged,
    Wait,
    KeptAsEvidence,
    Refused(String),
}

fn to_sql(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        Json::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

fn constraint(e: &rusqlite::Error) -> Option<i32> {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation => {
            Some(f.extended_code)
        }
        _ => None,
    }
}

fn apply_one(conn: &Connection, r: &Received, cols: &[String]) -> Result<Outcome> {
    let table = &r.table;
    if r.deleted {
        return match conn.execute(
            &format!("DELETE FROM {table} WHERE id = ?1"),
            [&r.record_id],
        ) {
            Ok(0) => Ok(Outcome::Unchanged),
            Ok(_) => Ok(Outcome::Deleted),
            Err(e) if constraint(&e) == Some(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY) => {
                Ok(Outcome::KeptAsEvidence)
            }
            Err(e) => Err(e.into()),
        };
    }
    let existing: Option<String> = conn
        .prepare_cached(&format!(
            "SELECT {} AS row FROM {table} WHERE id = ?1",
            json_row(cols, table)
        ))?
        .query_row([&r.record_id], |row| row.get("row"))
        .optional()?;
    let known: Vec<&String> = cols.iter().filter(|c| r.fields.contains_key(*c)).collect();
    // A value another copy sent is held to the rules an export, a restore
    // and every command hold it to (a reach of 1e300 is no reach): the
    // record is not applied, is named in the report, and is tried again at
    // the next sync, so nothing received is lost either.
    let bad = known.iter().find_map(|c| {
        super::backup::check_value(table, c, &r.fields[c.as_str()])
            .err()
            .map(|why| format!("{c} {why}"))
    });
    if let Some(why) = bad {
        return Ok(Outcome::Refused(why));
    }
    let result = match existing {
        Some(row) => {
            let current: serde_json::Map<String, Json> = serde_json::from_str(&row)?;
            let changed: Vec<&String> = known
                .into_iter()
                .filter(|c| current.get(c.as_str()) != r.fields.get(c.as_str()))
                .collect();
            if changed.is_empty() {
                return Ok(Outcome::Unchanged);
            }
            let sets: Vec<String> = changed
                .iter()
                .enumerate()
                .map(|(i, c)| format!("\"{c}\" = ?{}", i + 2))
                .collect();
            let mut values = vec![Value::Text(r.record_id.clone())];
            values.extend(changed.iter().map(|c| to_sql(&r.fields[c.as_str()])));
            conn.prepare_cached(&format!(
                "UPDATE {table} SET {} WHERE id = ?1",
                sets.join(", ")
            ))
            .and_then(|mut stmt| stmt.execute(rusqlite::params_from_iter(values)))
            .map(|_| Outcome::Updated)
        }
        None => {
            let names: Vec<String> = known.iter().map(|c| format!("\"{c}\"")).collect();
            let marks: Vec<String> = (1..=known.len()).map(|i| format!("?{i}")).collect();
            let values: Vec<Value> = known
                .iter()
                .map(|c| to_sql(&r.fields[c.as_str()]))
                .collect();
            conn.prepare_cached(&format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                names.join(", "),
                marks.join(", ")
            ))
            .and_then(|mut stmt| stmt.execute(rusqlite::params_from_iter(values)))
            .map(|_| Outcome::Inserted)
        }
    };
    match result {
        Ok(outcome) => Ok(outcome),
        Err(e) if constraint(&e) == Some(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY) => {
            Ok(Outcome::Wait)
        }
        Err(e) if constraint(&e).is_some() => Ok(Outcome::Refused(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

impl Store {
    /// The author this file writes as.
    pub fn sync_author(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT author FROM sync_config", [], |r| r.get("author"))?)
    }

    /// Whether `sync init` ran on this file.
    pub fn sync_recording(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT recording FROM sync_config", [], |r| {
                r.get::<_, i64>("recording")
            })?
            == 1)
    }

    /// Sets the author and, the first time, starts recording: every record
    /// already in the file is queued to be sent. Returns how many were.
    pub fn start_sync_recording(&mut self, author: &str) -> Result<usize> {
        let tx = self.write_transaction()?;
        tx.execute("UPDATE sync_config SET author = ?1", [author])?;
        let recording: i64 = tx.query_row("SELECT recording FROM sync_config", [], |r| {
            r.get("recording")
        })?;
        let mut queued = 0;
        if recording == 0 {
            for table in SYNCED {
                let cols = columns(&tx, table)?;
                if cols.is_empty() {
                    continue;
                }
                queued += tx.execute(
                    &format!(
                        "INSERT INTO sync_outbox (record_id, tbl, op, new_row, at, author) \
                         SELECT id, '{table}', 'insert', {}, {NOW}, ?1 FROM {table} ORDER BY seq",
                        json_row(&cols, table)
                    ),
                    [author],
                )?;
                tx.execute(
                    &format!(
                        "INSERT OR IGNORE INTO record_author \
                         (record_id, tbl, created_by, changed_by, changed_at) \
                         SELECT id, '{table}', ?1, ?1, {NOW} FROM {table}"
                    ),
                    [author],
                )?;
            }
            tx.execute("UPDATE sync_config SET recording = 1", [])?;
        }
        tx.commit()?;
        Ok(queued)
    }

    /// Forgets what was sent and applied, so the next `sync init` queues
    /// every record again (a new remote).
    pub fn restart_sync_recording(&mut self) -> Result<()> {
        let tx = self.write_transaction()?;
        tx.execute_batch(
            "DELETE FROM sync_outbox; DELETE FROM sync_applied; \
             UPDATE sync_config SET recording = 0;",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The outbox, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxRow>> {
        all_rows(
            &self.conn,
            "SELECT seq, record_id, tbl, op, old_row, new_row, at, author FROM sync_outbox ORDER BY seq",
            [],
            |r| {
                Ok(OutboxRow {
                    seq: r.get("seq")?,
                    record_id: r.get("record_id")?,
                    table: r.get("tbl")?,
                    op: r.get("op")?,
                    old_row: r.get("old_row")?,
                    new_row: r.get("new_row")?,
                    at: r.get("at")?,
                    author: r.get("author")?,
                })
            },
        )
    }

    /// How many changes wait in the outbox.
    pub fn outbox_len(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) AS n FROM sync_outbox", [], |r| r.get("n"))?)
    }

    /// How many changes wait in the outbox, counted up to `cap` (a count
    /// of `cap` means "at least"): the app asks every second, and an exact
    /// count reads every row of a large outbox.
    pub fn outbox_len_capped(&self, cap: usize) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) AS n FROM (SELECT 1 FROM sync_outbox LIMIT ?1)")?
            .query_row([cap as i64], |r| r.get("n"))?;
        Ok(n as usize)
    }

    /// The digest of every record last applied from the replica.
    pub fn applied_digests(&self) -> Result<HashMap<String, String>> {
        let rows = all_rows(
            &self.conn,
            "SELECT record_id, digest FROM sync_applied",
            [],
            |r| Ok((r.get("record_id")?, r.get("digest")?)),
        )?;
        Ok(rows.into_iter().collect())
    }

    /// Who created and last changed a record, when known.
    pub fn authors(&self, record_id: &str) -> Result<Option<Authors>> {
        Ok(self
            .conn
            .query_row(
                "SELECT created_by, changed_by, changed_at FROM record_author WHERE record_id = ?1",
                [record_id],
                |r| {
                    Ok(Authors {
                        created_by: r.get("created_by")?,
                        changed_by: r.get("changed_by")?,
                        changed_at: r.get("changed_at")?,
                    })
                },
            )
            .optional()?)
    }

    /// The same-field conflicts of a record, oldest first.
    pub fn conflicts(&self, record_id: &str) -> Result<Vec<Conflict>> {
        let rows: Vec<(Conflict, String, String)> = all_rows(
            &self.conn,
            "SELECT id, record_id, tbl, field, kept_value, kept_by, kept_at, lost_value, lost_by, \
             lost_at FROM sync_conflict WHERE record_id = ?1 ORDER BY lost_at, seq",
            [record_id],
            |r| {
                Ok((
                    Conflict {
                        id: r.get("id")?,
                        record_id: r.get("record_id")?,
                        table: r.get("tbl")?,
                        field: r.get("field")?,
                        kept_value: Json::Null,
                        kept_by: r.get("kept_by")?,
                        kept_at: r.get("kept_at")?,
                        lost_value: Json::Null,
                        lost_by: r.get("lost_by")?,
                        lost_at: r.get("lost_at")?,
                    },
                    r.get("kept_value")?,
                    r.get("lost_value")?,
                ))
            },
        )?;
        Ok(rows
            .into_iter()
            .map(|(mut c, kept, lost)| {
                c.kept_value = serde_json::from_str(&kept).unwrap_or(Json::String(kept));
                c.lost_value = serde_json::from_str(&lost).unwrap_or(Json::String(lost));
                c
            })
            .collect())
    }

    /// Writes what the replica holds into the tables in one transaction:
    /// `received` records (parents first, those whose parent is missing
    /// wait), the `conflicts` found (recorded and queued to be sent), and
    /// empties the outbox up to `sent_up_to`. A record changed here since
    /// the outbox was read is left for the next sync.
    pub fn apply_received(
        &mut self,
        received: &[Received],
        conflicts: &[Conflict],
        sent_up_to: i64,
    ) -> Result<Applied> {
        // One statement per table and kind, each prepared once.
        self.conn.set_prepared_statement_cache_capacity(128);
        let tx = self.write_transaction()?;
        tx.execute("UPDATE sync_config SET applying = 1", [])?;
        let busy: HashSet<String> = all_rows(
            &tx,
            "SELECT DISTINCT record_id FROM sync_outbox WHERE seq > ?1",
            [sent_up_to],
            |r| r.get("record_id"),
        )?
        .into_iter()
        .collect();
        let mut cols: HashMap<&str, Vec<String>> = HashMap::new();
        for table in SYNCED {
            cols.insert(table, columns(&tx, table)?);
        }
        let rank = |t: &str| SYNCED.iter().position(|s| *s == t).unwrap_or(usize::MAX);
        let mut todo: Vec<&Received> = received
            .iter()
            .filter(|r| !busy.contains(&r.record_id))
            .filter(|r| cols.get(r.table.as_str()).is_some_and(|c| !c.is_empty()))
            .collect();
        // Deletes go children first, everything else parents first.
        todo.sort_by_key(|r| {
            let k = rank(&r.table);
            (r.deleted, if r.deleted { usize::MAX - k } else { k })
        });
        let mut applied = Applied::default();
        let mut inserted_into: HashSet<String> = HashSet::new();
        loop {
            let mut waiting = Vec::new();
            for r in &todo {
                let table_cols = &cols[r.table.as_str()];
                let outcome = apply_one(&tx, r, table_cols)?;
                match outcome {
                    Outcome::Wait => {
                        waiting.push(*r);
                        continue;
                    }
                    Outcome::Inserted => {
                        applied.inserted += 1;
                        inserted_into.insert(r.table.clone());
                    }
                    Outcome::Updated => applied.updated += 1,
                    Outcome::Deleted => applied.deleted += 1,
                    Outcome::Unchanged => {}
                    Outcome::KeptAsEvidence => applied
                        .kept_as_evidence
                        .push((r.table.clone(), r.record_id.clone())),
                    Outcome::Refused(why) => {
                        applied
                            .refused
                            .push((r.table.clone(), r.record_id.clone(), why));
                        continue;
                    }
                }
                tx.prepare_cached(
                    "INSERT INTO sync_applied (record_id, digest) VALUES (?1, ?2) \
                     ON CONFLICT (record_id) DO UPDATE SET digest = excluded.digest",
                )?
                .execute(params![r.record_id, r.digest])?;
                if !r.deleted {
                    tx.prepare_cached(
                        "INSERT INTO record_author (record_id, tbl, created_by, changed_by, changed_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (record_id) DO UPDATE \
                         SET created_by = excluded.created_by, changed_by = excluded.changed_by, \
                         changed_at = excluded.changed_at",
                    )?
                    .execute(params![r.record_id, r.table, r.created_by, r.changed_by, r.changed_at])?;
                }
            }
            let progress = waiting.len() < todo.len();
            todo = waiting;
            if todo.is_empty() || !progress {
                break;
            }
        }
        applied.waiting = todo
            .iter()
            .map(|r| (r.table.clone(), r.record_id.clone()))
            .collect();
        // Every file orders records the same way: by creation, then id.
        for table in &inserted_into {
            tx.execute_batch(&format!(
                "UPDATE {table} SET seq = -o.n FROM (SELECT id, row_number() OVER \
                 (ORDER BY created_at, id) AS n FROM {table}) AS o WHERE o.id = {table}.id;
                 UPDATE {table} SET seq = -seq;"
            ))?;
        }
        tx.execute("UPDATE sync_config SET applying = 0", [])?;
        for c in conflicts {
            tx.execute(
                &format!(
                    "INSERT OR IGNORE INTO sync_conflict (id, record_id, tbl, field, kept_value, \
                     kept_by, kept_at, lost_value, lost_by, lost_at, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, {NOW}, {NOW})"
                ),
                params![
                    c.id,
                    c.record_id,
                    c.table,
                    c.field,
                    c.kept_value.to_string(),
                    c.kept_by,
                    c.kept_at,
                    c.lost_value.to_string(),
                    c.lost_by,
                    c.lost_at
                ],
            )?;
        }
        tx.execute("DELETE FROM sync_outbox WHERE seq <= ?1", [sent_up_to])?;
        tx.commit()?;
        Ok(applied)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interview::NewInterview;
    use crate::domain::script::Placeholders;
    use crate::domain::synthesis::{EvidenceRef, Section, SourceKind};

    fn now() -> jiff::Timestamp {
        "2026-11-25T14:00:00Z".parse().unwrap()
    }

    /// Every record of a store, as the replica would hand it to another.
    fn records(store: &mut Store) -> Vec<Received> {
        store.start_sync_recording("researcher").unwrap();
        store
            .outbox()
            .unwrap()
            .into_iter()
            .map(|row| Received {
                fields: serde_json::from_str(row.new_row.as_deref().unwrap()).unwrap(),
                record_id: row.record_id,
                table: row.table,
                deleted: false,
                digest: "d".into(),
                created_by: row.author.clone(),
                changed_by: row.author,
                changed_at: row.at,
            })
            .collect()
    }

    #[test]
    fn an_evidence_link_waits_for_its_quote_and_resolves_when_it_arrives() {
        let mut a = Store::open_in_memory().unwrap();
        let script = a.script("Structured interview (30 min)").unwrap();
        let interview = a
            .create_interview(
                &NewInterview::parse("Priya", "Payments", Placeholders::default(), &["CI"])
                    .unwrap(),
                &script,
                now(),
            )
            .unwrap();
        let quote = a
            .add_quote(&interview.id, 2, 90_000, "It takes 40 minutes", now())
            .unwrap();
        let synthesis = a
            .create_synthesis("Deploys", &[(SourceKind::Interview, interview.id)], now())
            .unwrap();
        let entry = a
            .add_entry(&synthesis.id, Section::PainPoint, "Slow", now())
            .unwrap();
        a.link_evidence(&entry, &EvidenceRef::InterviewNote(quote.clone()), now())
            .unwrap();
        let all = records(&mut a);

        let mut b = Store::open_in_memory().unwrap();
        let (quotes, rest): (Vec<_>, Vec<_>) = all.into_iter().partition(|r| r.record_id == quote);
        let first = b.apply_received(&rest, &[], 0).unwrap();
        assert_eq!(first.waiting.len(), 1);
        assert_eq!(first.waiting[0].0, "evidence");
        assert!(
            b.synthesis(&synthesis.id).unwrap().unwrap().entries[0]
                .evidence
                .is_empty()
        );
        // Nothing received is sent back.
        assert_eq!(b.outbox_len().unwrap(), 0);

        let link: Vec<Received> = rest.into_iter().filter(|r| r.table == "evidence").collect();
        let both: Vec<Received> = quotes.into_iter().chain(link).collect();
        let second = b.apply_received(&both, &[], 0).unwrap();
        assert!(second.waiting.is_empty());
        let shown = b.synthesis(&synthesis.id).unwrap().unwrap();
        assert_eq!(shown.entries[0].evidence[0].text, "It takes 40 minutes");
        assert_eq!(
            b.authors(&quote).unwrap().map(|a| a.created_by),
            Some("researcher".to_string())
        );
    }

    #[test]
    fn writes_are_recorded_with_their_author_once_sync_is_set_up() {
        let mut store = Store::open_in_memory().unwrap();
        let before = store.sync_author().unwrap();
        assert!(!before.is_empty());
        store
            .add_item(&crate::domain::demo::examples()[0].1, now())
            .unwrap();
        assert_eq!(store.outbox_len().unwrap(), 0);
        let queued = store.start_sync_recording("pm").unwrap();
        assert!(queued >= 2, "the item and its history are queued");
        assert_eq!(store.sync_author().unwrap(), "pm");
        let n = store.outbox_len().unwrap();
        store
            .add_item(&crate::domain::demo::examples()[0].1, now())
            .unwrap();
        assert!(store.outbox_len().unwrap() > n);
        let all = store.outbox_len().unwrap() as usize;
        assert_eq!(store.outbox_len_capped(1_000).unwrap(), all);
        assert_eq!(store.outbox_len_capped(all - 1).unwrap(), all - 1);
        let rows = store.outbox().unwrap();
        assert!(rows.iter().all(|r| r.author == "pm"));
    }
}
