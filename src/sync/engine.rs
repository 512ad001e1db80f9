//! fieldkit records as TaskChampion objects, and back.
//!
//! One object per record, its UUID the record's id. Properties:
//! - `row`: the record as created, `{"v": {"table", "fk", "fields": {…}},
//!   "t": when, "a": who}` — one property, so a new record costs one
//!   operation however many columns it has; `fk` is the object format this
//!   fieldkit writes ([`FORMAT`]);
//! - `f.<column>`: `{"v": value, "t": when, "a": who, "p": replaced}` for a
//!   column edited after creation; a column's value is the later of the
//!   row's and its own;
//! - `deleted`: `{"v": true|false, "t", "a"}` — a delete is a field too, so
//!   a record deleted on one laptop and edited on another keeps both the
//!   delete and the edit (the record goes to the trash, restorable).
//!
//! Each update is sent with the time of the edit as its TaskChampion
//! timestamp, so where two laptops changed the same field, TaskChampion
//! keeps the later edit; the laptop whose value lost records it as a
//! conflict (kept in the record's history and synced).

use crate::store::{Conflict, OutboxRow, Received};
use color_eyre::eyre::{Result, bail};
use serde_json::{Map, Value as Json, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use taskchampion::chrono::{DateTime, Utc};
use taskchampion::{Operation, Operations, TaskData, Uuid};

/// The object format written; a remote with a higher one came from a newer
/// fieldkit.
pub const FORMAT: u32 = 1;

/// Columns that only say when a record was written: merged like any field,
/// never reported as a conflict.
const BOOKKEEPING: &[&str] = &["created_at", "updated_at"];

/// A field value with its time and author.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamped {
    pub v: Json,
    pub t: String,
    pub a: String,
    /// The time of the value this one replaced, as its writer knew it: a
    /// value replaced by one whose writer had not seen it is a conflict.
    pub p: String,
}

impl Stamped {
    pub fn encode(&self) -> String {
        json!({"v": self.v, "t": self.t, "a": self.a, "p": self.p}).to_string()
    }

    pub fn decode(raw: &str) -> Option<Self> {
        let Json::Object(map) = serde_json::from_str::<Json>(raw).ok()? else {
            return None;
        };
        Some(Self {
            v: map.get("v").cloned().unwrap_or(Json::Null),
            t: map.get("t")?.as_str()?.to_string(),
            a: map
                .get("a")
                .and_then(Json::as_str)
                .unwrap_or("")
                .to_string(),
            p: map
                .get("p")
                .and_then(Json::as_str)
                .unwrap_or("")
                .to_string(),
        })
    }

    fn timestamp(&self) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&self.t)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }
}

/// One property of one record to send.
#[derive(Debug, Clone)]
pub struct FieldChange {
    pub uuid: Uuid,
    pub record_id: String,
    pub table: String,
    pub property: String,
    pub value: Stamped,
}

fn parse_row(raw: Option<&str>) -> Result<Map<String, Json>> {
    match raw {
        None => Ok(Map::new()),
        Some(raw) => match serde_json::from_str(raw)? {
            Json::Object(map) => Ok(map),
            _ => bail!("an outbox row is not a JSON object"),
        },
    }
}

/// The outbox as the latest value of each property it changed, in order.
pub fn coalesce(outbox: &[OutboxRow]) -> Result<Vec<FieldChange>> {
    let mut changes: Vec<FieldChange> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for row in outbox {
        let Ok(uuid) = Uuid::parse_str(&row.record_id) else {
            continue;
        };
        let stamp = |v: Json| Stamped {
            v,
            t: row.at.clone(),
            a: row.author.clone(),
            p: String::new(),
        };
        let mut props: Vec<(String, Stamped)> = Vec::new();
        match row.op.as_str() {
            "insert" => {
                let fields = Json::Object(parse_row(row.new_row.as_deref())?);
                props.push((
                    "row".into(),
                    stamp(json!({"table": row.table, "fk": FORMAT, "fields": fields})),
                ));
                props.push(("deleted".into(), stamp(Json::Bool(false))));
            }
            "update" => {
                let old = parse_row(row.old_row.as_deref())?;
                let pending_row = index
                    .get(&(row.record_id.clone(), "row".to_string()))
                    .copied();
                for (col, v) in parse_row(row.new_row.as_deref())? {
                    if old.get(&col) == Some(&v) {
                        continue;
                    }
                    // A record created in this same batch is sent whole, once.
                    if let Some(i) = pending_row
                        && let Some(Json::Object(fields)) = changes[i].value.v.get_mut("fields")
                    {
                        fields.insert(col, v);
                        changes[i].value.t = row.at.clone();
                        changes[i].value.a = row.author.clone();
                    } else {
                        props.push((format!("f.{col}"), stamp(v)));
                    }
                }
            }
            "delete" => {
                props.push(("deleted".into(), stamp(Json::Bool(true))));
            }
            _ => continue,
        }
        for (property, value) in props {
            let change = FieldChange {
                uuid,
                record_id: row.record_id.clone(),
                table: row.table.clone(),
                property: property.clone(),
                value,
            };
            match index.get(&(row.record_id.clone(), property.clone())) {
                Some(&i) => changes[i] = change,
                None => {
                    index.insert((row.record_id.clone(), property), changes.len());
                    changes.push(change);
                }
            }
        }
    }
    Ok(changes)
}

/// The operations that bring the replica up to the outbox, how many
/// changes and records they send, and the conflicts already visible: an
/// outbox value older than what the replica received meanwhile lost.
pub fn to_operations(
    changes: &[FieldChange],
    replica: &HashMap<Uuid, TaskData>,
) -> (Operations, Vec<FieldChange>, Vec<Conflict>) {
    let mut ops = Operations::new();
    let mut sent = Vec::new();
    let mut conflicts = Vec::new();
    let mut created: HashSet<Uuid> = HashSet::new();
    for change in changes {
        let task = replica.get(&change.uuid);
        let current_raw = task
            .and_then(|t| t.get(&change.property))
            .map(str::to_string);
        let current = match (task, change.property.strip_prefix("f.")) {
            (Some(task), Some(col)) => effective(task, col),
            _ => current_raw.as_deref().and_then(Stamped::decode),
        };
        let mut value = change.value.clone();
        if let Some(cur) = &current {
            if cur.v == value.v {
                continue;
            }
            if cur.t > value.t {
                if change.property.starts_with("f.")
                    && !BOOKKEEPING.contains(&&change.property[2..])
                {
                    conflicts.push(conflict(
                        &change.record_id,
                        &change.table,
                        &change.property,
                        &value,
                        cur,
                    ));
                }
                continue;
            }
            value.p = cur.t.clone();
        } else if change.property == "deleted" && value.v == Json::Bool(false) {
            // A new record is not deleted: nothing to say.
            continue;
        }
        if task.is_none() && created.insert(change.uuid) {
            ops.push(Operation::Create { uuid: change.uuid });
        }
        ops.push(Operation::Update {
            uuid: change.uuid,
            property: change.property.clone(),
            old_value: current_raw,
            value: Some(value.encode()),
            timestamp: value.timestamp(),
        });
        sent.push(FieldChange {
            value,
            ..change.clone()
        });
    }
    (ops, sent, conflicts)
}

/// The conflicts a sync brought: each field whose value before the sync
/// was replaced by one written without knowing it (the later edit won; the
/// earlier stays in the record's history).
pub fn overwritten(
    before: &HashMap<Uuid, TaskData>,
    after: &HashMap<Uuid, TaskData>,
) -> Vec<Conflict> {
    let mut out = Vec::new();
    for (uuid, task) in after {
        let Some(old_task) = before.get(uuid) else {
            continue;
        };
        let table = table_of(task).unwrap_or_default();
        for (prop, raw) in task.iter() {
            let Some(col) = prop.strip_prefix("f.") else {
                continue;
            };
            if old_task.get(prop) == Some(raw.as_str()) {
                continue;
            }
            let (Some(old), Some(new)) = (effective(old_task, col), effective(task, col)) else {
                continue;
            };
            // Only a field edit can overwrite one; a whole row is a creation.
            if Stamped::decode(raw).as_ref() != Some(&new) {
                continue;
            }
            if old.v != new.v && old.t > new.p && !BOOKKEEPING.contains(&col) {
                out.push(conflict(&uuid.to_string(), &table, prop, &old, &new));
            }
        }
    }
    out.sort_by(|a, b| (&a.record_id, &a.field).cmp(&(&b.record_id, &b.field)));
    out
}

fn conflict(
    record_id: &str,
    table: &str,
    property: &str,
    lost: &Stamped,
    kept: &Stamped,
) -> Conflict {
    let field = property.trim_start_matches("f.").to_string();
    let key = format!(
        "{record_id}\u{0}{field}\u{0}{}\u{0}{}\u{0}{}",
        lost.t, lost.a, lost.v
    );
    let id = Uuid::from_u128(
        (u128::from(fnv64(key.as_bytes(), 0)) << 64) | u128::from(fnv64(key.as_bytes(), 1)),
    );
    Conflict {
        id: id.to_string(),
        record_id: record_id.to_string(),
        table: table.to_string(),
        field,
        kept_value: kept.v.clone(),
        kept_by: kept.a.clone(),
        kept_at: kept.t.clone(),
        lost_value: lost.v.clone(),
        lost_by: lost.a.clone(),
        lost_at: lost.t.clone(),
    }
}

/// FNV-1a, 64 bits: a digest stable across Rust versions and machines.
pub fn fnv64(bytes: &[u8], seed: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The whole row a record was created (or re-created) with.
fn row_of(task: &TaskData) -> Option<Stamped> {
    task.get("row").and_then(Stamped::decode)
}

/// The table a replica object belongs to.
fn table_of(task: &TaskData) -> Option<String> {
    row_of(task)
        .and_then(|r| r.v.get("table").and_then(Json::as_str).map(str::to_string))
        .or_else(|| {
            task.get("table")
                .and_then(Stamped::decode)
                .and_then(|t| t.v.as_str().map(str::to_string))
        })
}

/// A column's value now: the later of the row's and the field's own edit.
pub fn effective(task: &TaskData, col: &str) -> Option<Stamped> {
    let field = task.get(format!("f.{col}")).and_then(Stamped::decode);
    let row = row_of(task).and_then(|r| {
        Some(Stamped {
            v: r.v.get("fields")?.get(col)?.clone(),
            t: r.t,
            a: r.a,
            p: String::new(),
        })
    });
    match (field, row) {
        (Some(f), Some(r)) => Some(if f.t >= r.t { f } else { r }),
        (f, r) => f.or(r),
    }
}

/// The object format of a replica object (0 when it has none).
pub fn format_of(task: &TaskData) -> u32 {
    let from_row = row_of(task).and_then(|r| r.v.get("fk").and_then(Json::as_u64));
    from_row
        .or_else(|| {
            task.get("fk")
                .and_then(Stamped::decode)
                .and_then(|s| s.v.as_u64())
        })
        .map_or(0, |f| u32::try_from(f).unwrap_or(u32::MAX))
}

/// A replica object as a record for the store, if it is one of fieldkit's.
pub fn to_received(uuid: &Uuid, task: &TaskData) -> Option<Received> {
    let table_name = table_of(task)?;
    let mut props: Vec<(&String, &String)> = task.iter().collect();
    props.sort();
    let mut digest_input = Vec::new();
    for (k, v) in &props {
        digest_input.extend_from_slice(k.as_bytes());
        digest_input.push(0);
        digest_input.extend_from_slice(v.as_bytes());
        digest_input.push(0);
    }
    let row = row_of(task);
    let mut cols: Vec<String> = row
        .as_ref()
        .and_then(|r| r.v.get("fields").and_then(Json::as_object))
        .map(|f| f.keys().cloned().collect())
        .unwrap_or_default();
    cols.extend(
        props
            .iter()
            .filter_map(|(k, _)| k.strip_prefix("f.").map(str::to_string)),
    );
    cols.sort();
    cols.dedup();
    let created = row
        .as_ref()
        .map(|r| (r.t.clone(), r.a.clone()))
        .or_else(|| {
            task.get("table")
                .and_then(Stamped::decode)
                .map(|t| (t.t, t.a))
        })
        .unwrap_or_default();
    let mut changed = created.clone();
    let mut fields = BTreeMap::new();
    for col in cols {
        if let Some(value) = effective(task, &col) {
            if value.t > changed.0 {
                changed = (value.t.clone(), value.a.clone());
            }
            fields.insert(col, value.v);
        }
    }
    let deleted = task
        .get("deleted")
        .and_then(Stamped::decode)
        .is_some_and(|d| d.v == Json::Bool(true));
    Some(Received {
        record_id: uuid.to_string(),
        table: table_name,
        fields,
        deleted,
        digest: format!("{:016x}", fnv64(&digest_input, 0)),
        created_by: created.1,
        changed_by: changed.1,
        changed_at: changed.0,
    })
}
