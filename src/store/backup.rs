//! Backup and restore: every record of every table, with its id, as JSON
//! that `fieldkit restore` rebuilds into a new or empty file, so that
//! export → restore → export is byte-identical.
//!
//! The backup is table-driven. Each table in [`TABLES`] is written as an
//! array of its rows in creation order (`seq`; a table without one, by its
//! primary key), one row per line, each row an object of every column by
//! name (`seq` aside: restoring in order recreates it). Columns are read from the schema itself
//! (`PRAGMA table_info`), so a column added by a migration is backed up and
//! restored with no change here.
//!
//! **Adding a table:** append its name to [`TABLES`] after every table it
//! references (restore inserts in that order, with foreign keys on); sync
//! carries the same list. A table
//! that holds no user records (a cache, a sync outbox) goes in
//! [`NOT_BACKED_UP`] instead; a unit test fails while a table is in
//! neither. If the product has a rule for a column that SQL's CHECK does not
//! hold (a range, a format), add it to [`check_value`], which export,
//! restore and sync's apply share.
//!
//! Export reads row by row and never fails on one bad row: a row whose
//! values break their column's rules, or a stretch of the file SQLite cannot
//! read, is left out and named in the returned [`Unreadable`] list.

use super::{SCHEMA_VERSION, Store};
use crate::domain::InputError;
use crate::domain::rice::{Confidence, Effort, Impact, Reach};
use crate::domain::script::DEFAULT_SCRIPT;
use crate::formats::sanitize;
use color_eyre::eyre::Result;
use rusqlite::types::{Value as SqlValue, ValueRef};
use serde_json::Value;
use std::io::Write;

/// Every table with user records, each after the tables it references.
/// Sync carries the same tables (`sync::SYNCED` is this list).
pub const TABLES: &[&str] = &[
    "goal",
    "actor",
    "impact",
    "backlog_item",
    "score_history",
    "shadow_session",
    "shadow_pause",
    "shadow_event",
    "interview_script",
    "interview",
    "interview_step",
    "interview_note",
    "interview_talk",
    "synthesis",
    "synthesis_source",
    "synthesis_entry",
    "evidence",
    "lane_capacity",
    "record_history",
    "sync_conflict",
    "metric",
    "metric_reading",
    "research_targets",
];

/// Tables that hold no user records and are not backed up: sync's own
/// state, and who wrote each record (sync's metadata, which differs between
/// laptops for records deleted on one of them). A restored file is a new
/// replica whose records are authored by whoever restores them; run
/// `fieldkit sync init` to sync it.
pub const NOT_BACKED_UP: &[&str] = &[
    "sync_config",
    "sync_outbox",
    "sync_applied",
    "record_author",
    // The backlog's word index and SQLite's tables behind it: rebuilt from
    // the items.
    "backlog_search",
    "backlog_search_config",
    "backlog_search_data",
    "backlog_search_docsize",
    "backlog_search_idx",
    // Each lane's count and load: kept from the items by triggers.
    "lane_load",
];

/// The key that carries the schema the backup was written with.
const SCHEMA_KEY: &str = "fieldkit_schema";

/// Records an export left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub table: &'static str,
    /// Which rows: `row 7 (id …)`, or a stretch of seqs SQLite could not read.
    pub rows: String,
    pub why: String,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.table, self.rows, self.why)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Integer,
    Real,
}

#[derive(Debug, Clone)]
struct Column {
    name: String,
    kind: Kind,
    not_null: bool,
    has_default: bool,
}

impl Column {
    /// The column name quoted as an SQL identifier. Names come from the
    /// schema, never from a backup file.
    fn quoted(&self) -> String {
        format!("\"{}\"", self.name.replace('"', "\"\""))
    }
}

/// The backed-up columns of a table, in schema order (`seq` aside).
fn columns(conn: &rusqlite::Connection, table: &str) -> Result<Vec<Column>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let columns = stmt
        .query_map([], |row| {
            let declared: String = row.get("type")?;
            let kind = match declared.to_ascii_uppercase().as_str() {
                "INTEGER" => Kind::Integer,
                "REAL" => Kind::Real,
                _ => Kind::Text,
            };
            Ok(Column {
                name: row.get("name")?,
                kind,
                not_null: row.get::<_, i64>("notnull")? != 0,
                has_default: row.get::<_, Option<String>>("dflt_value")?.is_some(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(columns.into_iter().filter(|c| c.name != "seq").collect())
}

/// The product's rules for a value, beyond its type and SQL's CHECKs: the
/// ranges of PRODUCT.md. Export, restore and sync's apply share them.
pub(super) fn check_value(table: &str, column: &str, value: &Value) -> Result<(), String> {
    let number = || value.as_f64().unwrap_or(f64::NAN);
    let result = match (table, column) {
        ("backlog_item", "reach") => Reach::new(number()).map(drop),
        ("backlog_item", "confidence") => Confidence::new(number()).map(drop),
        ("backlog_item", "effort") => Effort::new(number()).map(drop),
        ("backlog_item", "impact") => Impact::from_value(number())
            .map(drop)
            .ok_or_else(|| InputError::new("impact", "must be one of 3, 2, 1, 0.5, 0.25")),
        ("metric", "target_form") => value
            .as_str()
            .and_then(|t| serde_json::from_str::<crate::domain::metric::Target>(t).ok())
            .map(drop)
            .ok_or_else(|| InputError::new("target", "must be a target fieldkit wrote")),
        ("metric_reading", "value") => (number().abs() <= crate::domain::metric::number::LIMIT)
            .then_some(())
            .ok_or_else(|| InputError::new("value", "must be a finite number")),
        ("metric_reading", "date") | ("metric", "created_on") => value
            .as_str()
            .and_then(|t| t.parse::<jiff::civil::Date>().ok())
            .map(drop)
            .ok_or_else(|| InputError::new("date", "must be a date as YYYY-MM-DD")),
        ("backlog_item", "review_by") => match value {
            Value::String(date) => crate::domain::roadmap::parse_review_date(date).map(drop),
            _ => Ok(()),
        },
        _ => Ok(()),
    };
    result.map_err(|e| e.message)
}

/// A stored value as JSON, or why it does not fit its column.
fn to_json(column: &Column, value: ValueRef<'_>) -> Result<Value, String> {
    match (value, column.kind) {
        (ValueRef::Null, _) if !column.not_null => Ok(Value::Null),
        (ValueRef::Null, _) => Err("is empty where a value is required".into()),
        (ValueRef::Integer(i), Kind::Integer) => Ok(Value::from(i)),
        // REAL affinity stores whole numbers as reals; written the same way
        // whichever SQLite returned, so a restored file exports identically.
        (ValueRef::Integer(i), Kind::Real) => finite(i as f64),
        (ValueRef::Real(r), Kind::Real) => finite(r),
        (ValueRef::Text(bytes), Kind::Text) => std::str::from_utf8(bytes)
            .map(|s| Value::from(s.to_string()))
            .map_err(|_| "holds bytes that are not UTF-8 text".to_string()),
        (ValueRef::Blob(_), _) => Err("holds binary data".into()),
        (other, kind) => Err(format!(
            "holds {} where {} belongs",
            type_name(other),
            match kind {
                Kind::Text => "text",
                Kind::Integer => "a whole number",
                Kind::Real => "a number",
            }
        )),
    }
}

fn finite(r: f64) -> Result<Value, String> {
    serde_json::Number::from_f64(r)
        .map(Value::Number)
        .ok_or_else(|| "holds a number that is not finite".to_string())
}

fn type_name(value: ValueRef<'_>) -> &'static str {
    match value {
        ValueRef::Null => "nothing",
        ValueRef::Integer(_) => "a whole number",
        ValueRef::Real(_) => "a number",
        ValueRef::Text(_) => "text",
        ValueRef::Blob(_) => "binary data",
    }
}

/// The column a table's rows are read in order of: `seq`, the creation
/// order, or the primary key of a table without one.
fn order_key(conn: &rusqlite::Connection, table: &str) -> Result<String> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let all = stmt
        .query_map([], |row| {
            Ok((row.get::<_, String>("name")?, row.get::<_, i64>("pk")?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let key = all
        .iter()
        .find(|(name, _)| name == "seq")
        .or_else(|| all.iter().find(|(_, pk)| *pk == 1))
        .map(|(name, _)| name.clone())
        .ok_or_else(|| color_eyre::eyre::eyre!("{table} has neither seq nor a primary key"))?;
    Ok(key.replace('"', "\"\""))
}

/// A row's key as the message names it.
fn describe(key: &SqlValue) -> String {
    match key {
        SqlValue::Integer(i) => i.to_string(),
        SqlValue::Text(t) => t.clone(),
        SqlValue::Real(r) => r.to_string(),
        SqlValue::Null | SqlValue::Blob(_) => "?".to_string(),
    }
}

/// The ids of the records an export left out, by table.
type Lost = std::collections::HashMap<&'static str, std::collections::HashSet<String>>;

/// A table's foreign keys: (its column, the table it points at).
fn foreign_keys(conn: &rusqlite::Connection, table: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(&format!("PRAGMA foreign_key_list(\"{table}\")"))?;
    let keys = stmt
        .query_map([], |row| Ok((row.get("from")?, row.get("table")?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(keys)
}

/// A row's columns in schema order, serialized as one JSON object.
struct Row<'a>(&'a [(&'a str, Value)]);

impl serde::Serialize for Row<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl Store {
    /// Writes every record of every table as JSON to `out`, streamed row by
    /// row. Rows that cannot be read are left out and returned.
    pub fn write_backup(&self, out: &mut dyn Write) -> Result<Vec<Unreadable>> {
        let mut skipped = Vec::new();
        let mut lost = Lost::new();
        write!(out, "{{\n  \"{SCHEMA_KEY}\": {SCHEMA_VERSION}")?;
        for &table in TABLES {
            write!(out, ",\n  \"{table}\": [")?;
            let mut first = true;
            self.each_backup_row(table, &mut skipped, &mut lost, &mut |row| {
                out.write_all(if first { b"\n    " } else { b",\n    " })?;
                first = false;
                sanitize::write_json_compact(&mut *out, row)?;
                Ok(())
            })?;
            out.write_all(if first { b"]" } else { b"\n  ]" })?;
        }
        out.write_all(b"\n}\n")?;
        Ok(skipped)
    }

    /// Calls `emit` with each row of `table` that can be read, in creation
    /// order; names the rest in `skipped`. A stretch SQLite cannot read is
    /// stepped over by probing further ahead by doubling distances.
    fn each_backup_row(
        &self,
        table: &'static str,
        skipped: &mut Vec<Unreadable>,
        lost: &mut Lost,
        emit: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        let columns = columns(&self.conn, table)?;
        // Which columns point at which table's ids: a row that points at a
        // record left out is left out too, so the backup restores.
        let references: Vec<(usize, &'static str)> = foreign_keys(&self.conn, table)?
            .into_iter()
            .filter_map(|(from, to)| {
                let c = columns.iter().position(|c| c.name == from)?;
                let t = TABLES.iter().find(|t| **t == to)?;
                Some((c, *t))
            })
            .collect();
        let list: Vec<String> = columns.iter().map(Column::quoted).collect();
        let key = order_key(&self.conn, table)?;
        let select = format!("SELECT \"{key}\", {} FROM \"{table}\"", list.join(", "));
        let (from_start, from_after) = (
            format!("{select} ORDER BY \"{key}\""),
            format!("{select} WHERE \"{key}\" > ?1 ORDER BY \"{key}\""),
        );
        let mut after = SqlValue::Null;
        loop {
            let failure = {
                let mut stmt;
                let mut rows = if after == SqlValue::Null {
                    stmt = self.conn.prepare(&from_start)?;
                    stmt.query([])?
                } else {
                    stmt = self.conn.prepare(&from_after)?;
                    stmt.query([&after])?
                };
                loop {
                    match rows.next() {
                        Ok(None) => break None,
                        Err(e) => break Some(e),
                        Ok(Some(row)) => {
                            after = row.get(0)?;
                            let seq = describe(&after);
                            let mut values = Vec::with_capacity(columns.len());
                            let mut bad = None;
                            for (i, column) in columns.iter().enumerate() {
                                let checked = row
                                    .get_ref(i + 1)
                                    .map_err(|e| e.to_string())
                                    .and_then(|v| to_json(column, v))
                                    .and_then(|v| check_value(table, &column.name, &v).map(|()| v));
                                match checked {
                                    Ok(v) => values.push((column.name.as_str(), v)),
                                    Err(why) => {
                                        bad = Some(format!("{}: {why}", column.name));
                                        break;
                                    }
                                }
                            }
                            if bad.is_none() {
                                bad = references.iter().find_map(|&(c, to)| {
                                    let id = values.get(c)?.1.as_str()?;
                                    lost.get(to)?.contains(id).then(|| {
                                        format!("refers to {to} {id}, which could not be read")
                                    })
                                });
                            }
                            match bad {
                                None => emit(&Row(&values))?,
                                Some(why) => {
                                    let id = columns
                                        .iter()
                                        .position(|c| c.name == "id")
                                        .and_then(|c| row.get_ref(c + 1).ok())
                                        .and_then(|v| v.as_str().ok());
                                    if let Some(id) = id {
                                        lost.entry(table).or_default().insert(id.to_string());
                                    }
                                    let id = id.map(|id| format!(" (id {id})")).unwrap_or_default();
                                    skipped.push(Unreadable {
                                        table,
                                        rows: format!("row {seq}{id}"),
                                        why,
                                    });
                                }
                            }
                        }
                    }
                }
            };
            let Some(error) = failure else {
                return Ok(());
            };
            // Only a numbered table can be probed past the damage.
            let resumed = match (&after, key.as_str()) {
                (SqlValue::Null, "seq") => self.probe_past_damage(table, i64::MIN),
                (SqlValue::Integer(seq), "seq") => self.probe_past_damage(table, *seq),
                _ => None,
            };
            let from = if after == SqlValue::Null {
                "the first rows".to_string()
            } else {
                format!("the rows after row {}", describe(&after))
            };
            let rows = match resumed {
                Some(next) => format!("{from}, before row {}", next.saturating_add(1)),
                None => format!("{from}, to the end"),
            };
            skipped.push(Unreadable {
                table,
                rows,
                why: error.to_string(),
            });
            match resumed {
                Some(next) => after = SqlValue::Integer(next),
                None => return Ok(()),
            }
        }
    }

    /// The first point past `after` from which `table` reads again, found by
    /// probing at doubling distances (at most 64 probes).
    fn probe_past_damage(&self, table: &str, after: i64) -> Option<i64> {
        let sql = format!("SELECT seq FROM \"{table}\" WHERE seq > ?1 ORDER BY seq LIMIT 1");
        let mut step: i64 = 1;
        loop {
            let from = after.saturating_add(step);
            let probe = self.conn.prepare(&sql).and_then(|mut stmt| {
                let mut rows = stmt.query([from])?;
                rows.next().map(|r| r.is_some())
            });
            match probe {
                Ok(true) => return Some(from),
                Ok(false) => return None,
                Err(_) if from == i64::MAX => return None,
                Err(_) => step = step.saturating_mul(2),
            }
        }
    }

    /// Rebuilds a backup written by [`Store::write_backup`] into this file,
    /// which must hold no records. All or nothing, in one transaction: the
    /// first bad value is named by its JSON pointer (an [`InputError`] whose
    /// field is the pointer) and nothing is written. The backup is read as
    /// a stream, one record at a time, so its size does not set the memory
    /// it takes. Returns how many records it restored.
    pub fn restore_backup(&mut self, json: impl std::io::Read) -> Result<usize> {
        let tx = self.write_transaction()?;
        // Checked inside the write lock, so nothing can slip in between.
        if !holds_no_records(&tx)? {
            return Err(InputError::new(
                "restore",
                "the database already holds records; restore into a new file \
                 (--db NEW_PATH) or an empty one",
            )
            .into());
        }
        tx.execute(
            "DELETE FROM interview_script WHERE source = ?1",
            [DEFAULT_SCRIPT],
        )?;
        // Links are checked once everything is in, so the tables may come
        // in any order (a tool that sorts keys reorders them).
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        let mut restore = Restore {
            conn: &tx,
            restored: 0,
            first_rowid: std::collections::HashMap::new(),
            schema_seen: false,
            refusal: None,
            failure: None,
        };
        let mut reader = serde_json::Deserializer::from_reader(std::io::BufReader::new(json));
        let parsed = serde::de::DeserializeSeed::deserialize(BackupSeed(&mut restore), &mut reader)
            .and_then(|()| reader.end());
        if let Some(refusal) = restore.refusal.take() {
            return Err(refusal.into());
        }
        if let Some(failure) = restore.failure.take() {
            return Err(failure);
        }
        parsed.map_err(|e| {
            InputError::new(
                "backup",
                format!(
                    "is not valid JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        if !restore.schema_seen {
            return Err(InputError::new(
                pointer(&[SCHEMA_KEY]),
                "is missing: this is not a fieldkit export",
            )
            .into());
        }
        if let Some(refusal) = restore.broken_link()? {
            return Err(refusal.into());
        }
        let restored = restore.restored;
        tx.commit()?;
        Ok(restored)
    }

    /// Whether this file holds records of its own (the default script aside).
    pub fn has_records(&self) -> Result<bool> {
        holds_no_records(&self.conn).map(|empty| !empty)
    }
}

/// Whether a file holds no records of its own: every table empty but for
/// the default script as shipped.
fn holds_no_records(conn: &rusqlite::Connection) -> Result<bool> {
    for &table in TABLES {
        let count: i64 = if table == "interview_script" {
            conn.query_row(
                "SELECT count(*) FROM interview_script WHERE source <> ?1",
                [DEFAULT_SCRIPT],
                |r| r.get(0),
            )?
        } else {
            conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                r.get(0)
            })?
        };
        if count > 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The state of one restore while the backup streams in.
struct Restore<'c> {
    conn: &'c rusqlite::Connection,
    restored: usize,
    /// Each table's first inserted rowid: rows go in one after another, so
    /// a rowid tells the record's index in the backup.
    first_rowid: std::collections::HashMap<&'static str, i64>,
    schema_seen: bool,
    /// Why the backup was refused (the parse stops at once).
    refusal: Option<InputError>,
    /// A storage failure met while writing (the parse stops at once).
    failure: Option<color_eyre::eyre::Report>,
}

impl Restore<'_> {
    /// The first record that points at one the backup lacks, named by its
    /// pointer.
    fn broken_link(&self) -> Result<Option<InputError>> {
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let mut rows = stmt.query([])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        let table: String = row.get("table")?;
        let parent: String = row.get("parent")?;
        let rowid: Option<i64> = row.get("rowid")?;
        let at = TABLES
            .iter()
            .find(|t| **t == table)
            .and_then(|t| Some(rowid? - self.first_rowid.get(t)?))
            .map_or_else(|| "?".to_string(), |i| i.to_string());
        Ok(Some(InputError::new(
            pointer(&[&table, &at]),
            format!("points at a {parent} record that is not in the backup"),
        )))
    }

    /// Stops the parse with a refusal naming a pointer.
    fn refuse<E: serde::de::Error>(&mut self, refusal: InputError) -> E {
        let shown = refusal.to_string();
        self.refusal = Some(refusal);
        E::custom(shown)
    }

    fn fail<E: serde::de::Error>(&mut self, failure: color_eyre::eyre::Report) -> E {
        let shown = failure.to_string();
        self.failure = Some(failure);
        E::custom(shown)
    }

    /// Checks one record against its table's columns and the product's
    /// rules, and inserts it.
    fn insert(
        &mut self,
        table: &'static str,
        columns: &[Column],
        index: usize,
        object: &serde_json::Map<String, Value>,
    ) -> Result<(), InputError> {
        let at = index.to_string();
        for key in object.keys() {
            if !columns.iter().any(|c| &c.name == key) {
                return Err(InputError::new(
                    pointer(&[table, &at, key]),
                    format!("is not a field of {table}"),
                ));
            }
        }
        let mut names = Vec::with_capacity(columns.len());
        let mut values = Vec::with_capacity(columns.len());
        for column in columns {
            let here = || pointer(&[table, &at, &column.name]);
            let Some(value) = object.get(&column.name) else {
                if column.not_null && !column.has_default {
                    return Err(InputError::new(here(), "is missing"));
                }
                continue;
            };
            let sql = from_json(column, value).map_err(|why| InputError::new(here(), why))?;
            if !value.is_null() {
                check_value(table, &column.name, value)
                    .map_err(|why| InputError::new(here(), why))?;
            }
            names.push(column.quoted());
            values.push(sql);
        }
        let marks = vec!["?"; names.len()].join(", ");
        let sql = format!(
            "INSERT INTO \"{table}\" ({}) VALUES ({marks})",
            names.join(", ")
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut stmt| stmt.execute(rusqlite::params_from_iter(values)))
            .map_err(|e| InputError::new(pointer(&[table, &at]), e.to_string()))?;
        self.first_rowid
            .entry(table)
            .or_insert_with(|| self.conn.last_insert_rowid());
        self.restored += 1;
        Ok(())
    }
}

/// The whole backup: an object of the schema and one array per table.
struct BackupSeed<'r, 'c>(&'r mut Restore<'c>);

impl<'de> serde::de::DeserializeSeed<'de> for BackupSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for BackupSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a backup: a JSON object, as `fieldkit export` writes")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let restore = self.0;
        while let Some(key) = map.next_key::<String>()? {
            if key == SCHEMA_KEY {
                let schema: Value = map.next_value()?;
                if !schema
                    .as_i64()
                    .is_some_and(|v| (1..=SCHEMA_VERSION).contains(&v))
                {
                    return Err(restore.refuse(InputError::new(
                        pointer(&[SCHEMA_KEY]),
                        format!(
                            "must be a schema this fieldkit knows (1 to {SCHEMA_VERSION}); \
                             a newer one needs a newer fieldkit"
                        ),
                    )));
                }
                restore.schema_seen = true;
                continue;
            }
            let Some(&table) = TABLES.iter().find(|t| **t == key) else {
                return Err(restore.refuse(InputError::new(
                    pointer(&[&key]),
                    "is not a kind of record fieldkit knows",
                )));
            };
            let columns = match columns(restore.conn, table) {
                Ok(columns) => columns,
                Err(e) => return Err(restore.fail(e)),
            };
            map.next_value_seed(TableSeed {
                restore: &mut *restore,
                table,
                columns: &columns,
            })?;
        }
        Ok(())
    }
}

/// One table's array of records, inserted as they are read.
struct TableSeed<'r, 'c, 't> {
    restore: &'r mut Restore<'c>,
    table: &'static str,
    columns: &'t [Column],
}

impl<'de> serde::de::DeserializeSeed<'de> for TableSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TableSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "an array of {} records", self.table)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(row) = seq.next_element::<Value>()? {
            let Value::Object(object) = row else {
                let at = index.to_string();
                return Err(self.restore.refuse(InputError::new(
                    pointer(&[self.table, &at]),
                    "must be an object (one record)",
                )));
            };
            if let Err(refusal) = self
                .restore
                .insert(self.table, self.columns, index, &object)
            {
                return Err(self.restore.refuse(refusal));
            }
            index += 1;
        }
        Ok(())
    }
}

/// A JSON value as the SQL value its column takes, or why it does not fit.
fn from_json(column: &Column, value: &Value) -> Result<SqlValue, String> {
    match (value, column.kind) {
        (Value::Null, _) if !column.not_null => Ok(SqlValue::Null),
        (Value::Null, _) => Err("must not be null".into()),
        (Value::String(s), Kind::Text) => Ok(SqlValue::Text(s.clone())),
        (Value::Number(n), Kind::Integer) => n
            .as_i64()
            .map(SqlValue::Integer)
            .ok_or_else(|| "must be a whole number".to_string()),
        (Value::Number(n), Kind::Real) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .map(SqlValue::Real)
            .ok_or_else(|| "must be a finite number".to_string()),
        (_, Kind::Text) => Err("must be text".into()),
        (_, Kind::Integer) => Err("must be a whole number".into()),
        (_, Kind::Real) => Err("must be a number".into()),
    }
}

/// A JSON pointer (RFC 6901) to a value in the backup.
fn pointer(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push('/');
        out.push_str(&part.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// The tables in this file's schema (SQLite's own aside).
pub(super) fn schema_tables(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    super::all_rows(
        conn,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        [],
        |r| r.get(0),
    )
}
