//! Backlog items and their score history.

use super::Store;
use crate::domain::InputError;
use crate::domain::backlog::{
    Item, ItemPatch, Lane, NewItem, ScoreChange, Tags, describe_rice_change, rank_order,
};
use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice, rice_score};
use crate::domain::roadmap::{
    ItemRoadmap, ROADMAP_LANES, RoadmapPatch, Source, SuccessCriteria, describe_roadmap_change,
};
use crate::domain::time::utc_string;
use crate::domain::tracker::{ImportCounts, Incoming, TrackerLink};
use color_eyre::eyre::{Result, eyre};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, Transaction, params};
use uuid::Uuid;

pub(super) const ITEM_COLUMNS: &str = "seq, id, title, description, reach, impact, confidence, effort, \
                            lane, tags, kill_reason, created_at, updated_at, \
                            tracker_key, tracker_url, \
                            source, success_criteria, review_by, impact_id, pin_reason";

/// A stored value the rules refuse: the file was edited by hand or is damaged.
fn bad(field: &str, column: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        format!("stored {field} breaks the rules").into(),
    )
}

pub(super) fn item_from_row(row: &Row<'_>) -> rusqlite::Result<Item> {
    let reach = Reach::from_stored(row.get(4)?).ok_or_else(|| bad("reach", 4))?;
    let impact = Impact::from_value(row.get(5)?).ok_or_else(|| bad("impact", 5))?;
    let confidence = Confidence::from_stored(row.get(6)?).ok_or_else(|| bad("confidence", 6))?;
    let effort = Effort::from_stored(row.get(7)?).ok_or_else(|| bad("effort", 7))?;
    // Borrowed, not copied: this runs for every item at start.
    let lane = row.get_ref(8)?.as_str()?;
    let tags = row.get_ref(9)?.as_str()?;
    Ok(Item {
        seq: row.get(0)?,
        id: row.get(1)?,
        title: row.get(2)?,
        description: row.get(3)?,
        rice: Rice {
            reach,
            impact,
            confidence,
            effort,
        },
        lane: Lane::parse(lane).map_err(|_| bad("lane", 8))?,
        tags: Tags::from_stored(tags),
        kill_reason: row.get(10)?,
        created_at: row.get(11)?,
        updated_at: row.get(12)?,
        tracker: tracker_from_row(row)?,
        roadmap: roadmap_from_row(row)?,
    })
}

/// An item's roadmap fields, read by column name.
fn roadmap_from_row(row: &Row<'_>) -> rusqlite::Result<ItemRoadmap> {
    let column = |name: &str| row.as_ref().column_index(name);
    let source = match row.get_ref("source")?.as_str_or_null()? {
        Some(text) => {
            Some(Source::parse(text).map_err(|_| bad("source", column("source").unwrap_or(0)))?)
        }
        None => None,
    };
    let success = match (
        row.get::<_, Option<String>>("success_criteria")?,
        row.get::<_, Option<String>>("review_by")?,
    ) {
        (Some(text), Some(date)) => Some(SuccessCriteria {
            text,
            review_by: date
                .parse()
                .map_err(|_| bad("review date", column("review_by").unwrap_or(0)))?,
        }),
        _ => None,
    };
    Ok(ItemRoadmap {
        source,
        success,
        impact_id: row.get("impact_id")?,
        pin: row.get("pin_reason")?,
    })
}

/// The tracker columns of a row that selected `tracker_key, tracker_url`.
fn tracker_from_row(row: &Row<'_>) -> rusqlite::Result<Option<TrackerLink>> {
    let key: Option<String> = row.get("tracker_key")?;
    let url: Option<String> = row.get("tracker_url")?;
    Ok(key.map(|key| TrackerLink { key, url }))
}

pub(super) fn insert_item(tx: &Transaction<'_>, id: &str, new: &NewItem, now: &str) -> Result<()> {
    insert_linked_item(tx, id, new, None, None, now)
}

/// Inserts an item that may carry its tracker's key and URL and why it is
/// on the backlog.
fn insert_linked_item(
    tx: &Transaction<'_>,
    id: &str,
    new: &NewItem,
    tracker: Option<&TrackerLink>,
    source: Option<Source>,
    now: &str,
) -> Result<()> {
    new.validate()?;
    tx.prepare_cached(
        "INSERT INTO backlog_item (id, title, description, reach, impact, confidence, effort, \
         lane, tags, kill_reason, created_at, updated_at, tracker_key, tracker_url, source) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        id,
        new.title.as_str(),
        new.description,
        new.rice.reach.value(),
        new.rice.impact.value(),
        new.rice.confidence.percent(),
        new.rice.effort.value(),
        new.lane.name(),
        new.tags.joined(" "),
        new.kill_reason,
        now,
        tracker.map(|t| t.key.as_str()),
        tracker.and_then(|t| t.url.as_deref()),
        source.map(Source::name),
    ])?;
    insert_history(tx, id, None, new.rice.score(), "created", now)
}

/// Writes `new` over `old` (the same item as read in this transaction);
/// score, lane, pin, source and review changes go to the history.
fn write_item(tx: &Transaction<'_>, old: &Item, new: &Item, now: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE backlog_item SET title = ?2, description = ?3, reach = ?4, impact = ?5, \
         confidence = ?6, effort = ?7, lane = ?8, tags = ?9, kill_reason = ?10, updated_at = ?11, \
         tracker_key = ?12, tracker_url = ?13, \
         source = ?14, success_criteria = ?15, review_by = ?16, pin_reason = ?17 \
         WHERE id = ?1",
    )?
    .execute(params![
        old.id,
        new.title,
        new.description,
        new.rice.reach.value(),
        new.rice.impact.value(),
        new.rice.confidence.percent(),
        new.rice.effort.value(),
        new.lane.name(),
        new.tags.joined(" "),
        new.kill_reason,
        now,
        new.tracker.as_ref().map(|t| t.key.as_str()),
        new.tracker.as_ref().and_then(|t| t.url.as_deref()),
        new.roadmap.source.map(Source::name),
        new.roadmap.success.as_ref().map(|s| s.text.as_str()),
        new.roadmap
            .success
            .as_ref()
            .map(|s| s.review_by.to_string()),
        new.roadmap.pin,
    ])?;
    if new.rice != old.rice {
        insert_history(
            tx,
            &old.id,
            Some(old.score()),
            new.score(),
            &describe_rice_change(&old.rice, &new.rice),
            now,
        )?;
    }
    // Lane moves, pins, sources and reviews keep the score: old = new.
    let score = new.score();
    if new.lane != old.lane {
        let change = format!("lane {} → {}", old.lane, new.lane);
        insert_history(tx, &old.id, Some(score), score, &change, now)?;
    }
    for change in describe_roadmap_change(&old.roadmap, &new.roadmap) {
        insert_history(tx, &old.id, Some(score), score, &change, now)?;
    }
    Ok(())
}

/// The id of the item that holds a tracker key.
fn item_id_by_key(tx: &rusqlite::Connection, key: &str) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached("SELECT id FROM backlog_item WHERE tracker_key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// One imported row: added, updated or left as it was.
enum Outcome {
    Added,
    Updated,
    Unchanged,
}

/// Adds the item a row describes, with the row's id when it gives one,
/// else the id its tracker key gives (unless an item already has that id:
/// its key was changed since), else a new one. Into an empty backlog the
/// item waits in `additions` for the rest of its chunk; otherwise it is
/// written at once (a later row's lookup may need it).
fn add_row(
    tx: &Transaction<'_>,
    row: &Incoming,
    additions: &mut Additions<'_>,
    empty: bool,
) -> Result<Outcome> {
    let id = match (&row.id, &row.tracker) {
        (Some(id), _) => id.clone(),
        (None, Some(link)) => {
            let derived = TrackerLink::item_id(&link.key);
            if empty || select_item(tx, &derived)?.is_none() {
                derived
            } else {
                Uuid::new_v4().to_string()
            }
        }
        (None, None) => Uuid::new_v4().to_string(),
    };
    let item = row.new_item();
    item.validate()?;
    additions.items.push(Addition {
        id,
        item,
        tracker: row.tracker.clone(),
        source: row.source,
    });
    if !empty || additions.items.len() == CHUNK {
        additions.flush(tx)?;
    }
    Ok(Outcome::Added)
}

/// How many new items one statement of an import writes.
const CHUNK: usize = 64;

/// The items an import adds, written a chunk at a time: one statement
/// for the items and one for their history rows. Each run of an insert
/// statement also builds the lists its CHECK constraints test against
/// (lane, impact, source: three in-memory B-trees), so one statement per
/// row spent about a fifth of a large import on them. `OR ROLLBACK`: a
/// broken rule ends the whole import (all or nothing) rather than the one
/// statement, which spares SQLite some of the bookkeeping to undo a
/// statement half way (measured: a tenth less time at a million rows).
struct Additions<'a> {
    now: &'a str,
    items: Vec<Addition>,
    /// Per lane (in `Lane::ALL` order), how many items were written and
    /// their effort in hundredths: what a bulk load adds to the lanes'
    /// loads in place of their insert trigger.
    loads: [(i64, i64); 7],
}

struct Addition {
    id: String,
    item: NewItem,
    tracker: Option<TrackerLink>,
    source: Option<Source>,
}

impl Additions<'_> {
    /// Writes the waiting items and their creation in the history, in order.
    fn flush(&mut self, tx: &Transaction<'_>) -> Result<()> {
        if self.items.is_empty() {
            return Ok(());
        }
        let rows = |one: &str| vec![one; self.items.len()].join(", ");
        let mut items = tx.prepare_cached(&format!(
            "INSERT OR ROLLBACK INTO backlog_item (id, title, description, reach, impact, confidence, effort, \
             lane, tags, kill_reason, created_at, updated_at, tracker_key, tracker_url, source) \
             VALUES {}",
            rows("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        ))?;
        let mut at = 0;
        let mut bind = |value: &dyn rusqlite::ToSql| -> rusqlite::Result<()> {
            at += 1;
            items.raw_bind_parameter(at, value)
        };
        for a in &self.items {
            let new = &a.item;
            if let Some(slot) = Lane::ALL.iter().position(|l| *l == new.lane)
                && let Some(load) = self.loads.get_mut(slot)
            {
                load.0 += 1;
                load.1 += crate::domain::roadmap::effort_hundredths(new.rice.effort.value());
            }
            bind(&a.id)?;
            bind(&new.title.as_str())?;
            bind(&new.description)?;
            bind(&new.rice.reach.value())?;
            bind(&new.rice.impact.value())?;
            bind(&new.rice.confidence.percent())?;
            bind(&new.rice.effort.value())?;
            bind(&new.lane.name())?;
            bind(&new.tags.joined(" "))?;
            bind(&new.kill_reason)?;
            bind(&self.now)?;
            bind(&self.now)?;
            bind(&a.tracker.as_ref().map(|t| t.key.as_str()))?;
            bind(&a.tracker.as_ref().and_then(|t| t.url.as_deref()))?;
            bind(&a.source.map(Source::name))?;
        }
        items.raw_execute()?;
        let mut history = tx.prepare_cached(&format!(
            "INSERT OR ROLLBACK INTO score_history (id, item_id, old_score, new_score, change, created_at, \
             updated_at) VALUES {}",
            rows("(?, ?, NULL, ?, 'created', ?, ?)")
        ))?;
        let mut at = 0;
        let mut bind = |value: &dyn rusqlite::ToSql| -> rusqlite::Result<()> {
            at += 1;
            history.raw_bind_parameter(at, value)
        };
        for a in &self.items {
            // Time-ordered, as every history id: see insert_history.
            bind(&Uuid::now_v7().to_string())?;
            bind(&a.id)?;
            bind(&a.item.rice.score())?;
            bind(&self.now)?;
            bind(&self.now)?;
        }
        history.raw_execute()?;
        self.items.clear();
        Ok(())
    }
}

fn import_row(
    tx: &Transaction<'_>,
    row: &Incoming,
    additions: &mut Additions<'_>,
) -> Result<Outcome> {
    let now = additions.now;
    let by_id = match &row.id {
        Some(id) => select_item(tx, id)?,
        None => None,
    };
    let key_owner = match &row.tracker {
        Some(link) => item_id_by_key(tx, &link.key)?,
        None => None,
    };
    let old = match (by_id, key_owner) {
        (Some(item), Some(owner)) if owner != item.id => {
            let key = row.tracker.as_ref().map_or("", |t| t.key.as_str());
            return Err(row
                .origin
                .error(
                    "key",
                    format!(
                        "{key} belongs to item {}, not to the row's id {}: \
                         one of the two is wrong",
                        owner.get(..8).unwrap_or(&owner),
                        item.short_id()
                    ),
                )
                .into());
        }
        (Some(item), _) => item,
        (None, Some(owner)) => {
            select_item(tx, &owner)?.ok_or_else(|| eyre!("item {owner} vanished"))?
        }
        (None, None) => return add_row(tx, row, additions, false),
    };
    if super::delete::item_is_deleted(tx, &old.id)? {
        let field = if row.id.as_deref() == Some(old.id.as_str()) {
            "id"
        } else {
            "key"
        };
        let why = super::delete::deleted_item_in_import(&old);
        return Err(row.origin.error(field, why).into());
    }
    let patch = row.patch_for(&old);
    let mut new = patch.apply(&old).map_err(|e| match e.location {
        Some(_) => e,
        None => row.origin.error(&e.field, e.message),
    })?;
    new.tracker = row.link_for(&old);
    if let Some(source) = row.source {
        new.roadmap.source = Some(source);
    }
    if new == old {
        return Ok(Outcome::Unchanged);
    }
    write_item(tx, &old, &new, now)?;
    Ok(Outcome::Updated)
}

pub(super) fn insert_history(
    tx: &Transaction<'_>,
    item_id: &str,
    old_score: Option<f64>,
    new_score: f64,
    change: &str,
    now: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO score_history (id, item_id, old_score, new_score, change, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![
            // Time-ordered: history ids are never typed or shown, and new
            // ones append to the end of their unique index instead of
            // landing on a random page of it (what made a large import
            // outgrow the page cache). Item ids stay random (v4): their
            // first 8 characters are the short id users type.
            Uuid::now_v7().to_string(),
            item_id,
            old_score,
            new_score,
            change,
            now
        ])?;
    Ok(())
}

/// Whether an item with this id is in the file (deleted or not).
pub(super) fn item_exists(tx: &rusqlite::Connection, id: &str) -> Result<bool> {
    Ok(select_item(tx, id)?.is_some())
}

/// Adds the items whose ids are not there yet; returns how many.
pub(super) fn add_items_with_ids_in(
    tx: &Transaction<'_>,
    items: &[(&str, NewItem)],
    now: &str,
) -> Result<usize> {
    let mut added = 0;
    for (id, new) in items {
        if select_item(tx, id)?.is_none() {
            insert_item(tx, id, new, now)?;
            added += 1;
        }
    }
    Ok(added)
}

/// Applies a patch to the item `id` within `tx`; returns it as stored.
pub(super) fn update_item_in(
    tx: &Transaction<'_>,
    id: &str,
    patch: &ItemPatch,
    roadmap: &RoadmapPatch,
    now: &str,
) -> Result<Item> {
    let old = select_visible_item(tx, id)?
        .ok_or_else(|| InputError::new("id", format!("no backlog item has the id '{id}'")))?;
    let mut new = patch.apply(&old)?;
    new.roadmap = roadmap.apply(&old.roadmap)?;
    if new == old {
        return Ok(old);
    }
    write_item(tx, &old, &new, now)?;
    select_item(tx, id)?.ok_or_else(|| eyre!("item {id} vanished"))
}

/// An item that is not deleted: what a user can see and edit. A form open
/// on an item deleted meanwhile (another copy, the CLI, sync) finds none,
/// so its save says so instead of writing into a hidden record.
fn select_visible_item(conn: &rusqlite::Connection, id: &str) -> Result<Option<Item>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM backlog_item WHERE id = ?1 AND deleted_at IS NULL"
        ))?
        .query_row([id], item_from_row)
        .optional()?)
}

fn select_item(tx: &rusqlite::Connection, id: &str) -> Result<Option<Item>> {
    // Cached: an import looks up every row's id.
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM backlog_item WHERE id = ?1"
        ))?
        .query_row([id], item_from_row)
        .optional()?)
}

impl Store {
    /// Adds one item; returns it as stored.
    pub fn add_item(&mut self, new: &NewItem, now: Timestamp) -> Result<Item> {
        let id = Uuid::new_v4().to_string();
        let tx = self.write_transaction()?;
        insert_item(&tx, &id, new, &utc_string(now))?;
        let item = select_item(&tx, &id)?.ok_or_else(|| eyre!("item {id} vanished"))?;
        tx.commit()?;
        Ok(item)
    }

    /// Adds an item with its roadmap fields (source, success criteria,
    /// pin) in one transaction: a refused field leaves no half-made item.
    pub fn add_item_with(
        &mut self,
        new: &NewItem,
        roadmap: &RoadmapPatch,
        now: Timestamp,
    ) -> Result<Item> {
        let id = Uuid::new_v4().to_string();
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        insert_item(&tx, &id, new, &now)?;
        let mut item = select_item(&tx, &id)?.ok_or_else(|| eyre!("item {id} vanished"))?;
        if !roadmap.is_empty() {
            let mut with = item.clone();
            with.roadmap = roadmap.apply(&item.roadmap)?;
            write_item(&tx, &item, &with, &now)?;
            item = select_item(&tx, &id)?.ok_or_else(|| eyre!("item {id} vanished"))?;
        }
        tx.commit()?;
        Ok(item)
    }

    /// Adds all the items in one transaction, or none of them.
    pub fn add_items(&mut self, items: &[NewItem], now: Timestamp) -> Result<Vec<String>> {
        // A large transaction spills its pages to the WAL and reads them
        // back when the page cache is small: give it room while it runs.
        let cache: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -65_536)?;
        let result = self.add_items_at(items, &utc_string(now));
        self.conn.pragma_update(None, "cache_size", cache)?;
        result
    }

    /// Imports rows in one transaction, all or none: a row whose id or
    /// tracker key is stored changes only the fields that differ (score
    /// changes go to the history); any other row adds an item (with the
    /// row's id, when it gives one).
    pub fn import_items(&mut self, rows: &[Incoming], now: Timestamp) -> Result<ImportCounts> {
        self.import_rows(rows.iter().cloned().map(Ok::<_, InputError>), now)
    }

    /// [`Store::import_items`] from rows read one at a time (a file being
    /// read): one row is held at a time. The first row that cannot be read
    /// ends the import and nothing is written. A large import is loaded in
    /// bulk: see [`BulkLoad`].
    pub fn import_rows<E>(
        &mut self,
        rows: impl IntoIterator<Item = std::result::Result<Incoming, E>>,
        now: Timestamp,
    ) -> Result<ImportCounts>
    where
        E: Into<color_eyre::eyre::Report>,
    {
        self.import_rows_with(rows, now, BULK_AFTER)
    }

    /// [`Store::import_rows`], loading in bulk from the `bulk_after`th row
    /// on (tests compare both ways on small files).
    pub(super) fn import_rows_with<E>(
        &mut self,
        rows: impl IntoIterator<Item = std::result::Result<Incoming, E>>,
        now: Timestamp,
        bulk_after: usize,
    ) -> Result<ImportCounts>
    where
        E: Into<color_eyre::eyre::Report>,
    {
        let pragmas = ImportPragmas::set(self)?;
        let result = pragmas
            .store
            .import_rows_at(rows.into_iter(), &utc_string(now), bulk_after);
        let restored = pragmas.restore();
        // The import's own failure says more than a setting not put back.
        let counts = result?;
        restored?;
        Ok(counts)
    }

    fn import_rows_at<E>(
        &mut self,
        rows: impl Iterator<Item = std::result::Result<Incoming, E>>,
        now: &str,
        bulk_after: usize,
    ) -> Result<ImportCounts>
    where
        E: Into<color_eyre::eyre::Report>,
    {
        let tx = self.write_transaction()?;
        // Into an empty backlog nothing can match (the file's own ids and
        // keys are unique): skip the two lookups per row.
        let stored: i64 =
            tx.query_row("SELECT coalesce(max(seq), 0) FROM backlog_item", [], |r| {
                r.get(0)
            })?;
        let empty = stored == 0;
        let mut bulk = None;
        let mut tried_bulk = false;
        let mut additions = Additions {
            now,
            items: Vec::with_capacity(CHUNK),
            loads: Default::default(),
        };
        let mut counts = ImportCounts::default();
        for (n, row) in rows.enumerate() {
            let row = row.map_err(Into::into)?;
            // Worth it once the rows outnumber an eighth of the stored
            // items: the indexes set aside are rebuilt over all of them.
            if !tried_bulk && n >= bulk_after && n as i64 >= stored / 8 {
                tried_bulk = true;
                additions.flush(&tx)?;
                additions.loads = Default::default();
                bulk = BulkLoad::begin(&tx)?;
            }
            let outcome = if empty {
                add_row(&tx, &row, &mut additions, true)?
            } else {
                import_row(&tx, &row, &mut additions)?
            };
            match outcome {
                Outcome::Added => counts.added += 1,
                Outcome::Updated => counts.updated += 1,
                Outcome::Unchanged => counts.unchanged += 1,
            }
        }
        additions.flush(&tx)?;
        if let Some(bulk) = bulk {
            bulk.finish(&tx, &additions.loads)?;
        }
        tx.commit()?;
        Ok(counts)
    }

    fn add_items_at(&mut self, items: &[NewItem], now: &str) -> Result<Vec<String>> {
        let tx = self.write_transaction()?;
        let mut ids = Vec::with_capacity(items.len());
        for new in items {
            let id = Uuid::new_v4().to_string();
            insert_item(&tx, &id, new, now)?;
            ids.push(id);
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Adds the items whose ids are not stored yet; returns how many it added.
    /// Used by `demo`, whose items have fixed ids so it never adds twice.
    pub fn add_items_with_ids(
        &mut self,
        items: &[(&str, NewItem)],
        now: Timestamp,
    ) -> Result<usize> {
        let tx = self.write_transaction()?;
        let added = add_items_with_ids_in(&tx, items, &utc_string(now))?;
        tx.commit()?;
        Ok(added)
    }

    /// Every item with what the ranking, the table and the filter need —
    /// its description and times are left empty (read one item whole with
    /// [`Store::item`]). Loading the whole backlog is what starting the app
    /// costs, and those fields are most of its allocations.
    pub fn ranking_items(&self) -> Result<Vec<Item>> {
        super::all_rows(
            &self.conn,
            "SELECT seq, id, title, reach, impact, confidence, effort, lane, tags, kill_reason, \
             tracker_key, tracker_url FROM backlog_item WHERE deleted_at IS NULL ORDER BY seq",
            [],
            |row| {
                Ok(Item {
                    seq: row.get(0)?,
                    id: row.get(1)?,
                    title: row.get(2)?,
                    description: String::new(),
                    rice: Rice {
                        reach: Reach::from_stored(row.get(3)?).ok_or_else(|| bad("reach", 3))?,
                        impact: Impact::from_value(row.get(4)?).ok_or_else(|| bad("impact", 4))?,
                        confidence: Confidence::from_stored(row.get(5)?)
                            .ok_or_else(|| bad("confidence", 5))?,
                        effort: Effort::from_stored(row.get(6)?).ok_or_else(|| bad("effort", 6))?,
                    },
                    lane: Lane::parse(row.get_ref(7)?.as_str()?).map_err(|_| bad("lane", 7))?,
                    tags: Tags::from_stored(row.get_ref(8)?.as_str()?),
                    kill_reason: row.get(9)?,
                    created_at: String::new(),
                    updated_at: String::new(),
                    tracker: tracker_from_row(row)?,
                    roadmap: ItemRoadmap::default(),
                })
            },
        )
    }

    /// The ids of the items whose title or description holds every word of
    /// `filter` (its lane and tag terms aside), for lists that are loaded
    /// without descriptions. One pass over the table.
    pub fn items_matching_words(
        &self,
        filter: &crate::domain::backlog::Filter,
    ) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, description FROM backlog_item WHERE deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        let mut ids = std::collections::HashSet::new();
        while let Some(row) = rows.next()? {
            let title = row.get_ref("title")?.as_str()?;
            let description = row.get_ref("description")?.as_str()?;
            if filter.matches_text(title, description) {
                ids.insert(row.get("id")?);
            }
        }
        Ok(ids)
    }

    /// Every item, done and killed too, in creation order.
    pub fn items(&self) -> Result<Vec<Item>> {
        super::all_rows(
            &self.conn,
            &format!(
                "SELECT {ITEM_COLUMNS} FROM backlog_item WHERE deleted_at IS NULL ORDER BY seq"
            ),
            [],
            item_from_row,
        )
    }

    pub fn item(&self, id: &str) -> Result<Option<Item>> {
        select_visible_item(&self.conn, id)
    }

    /// Finds the one item whose id starts with `prefix` (at least 4 characters).
    pub fn find_item(&self, prefix: &str) -> Result<Item> {
        let id = self.unique_id(super::Records::BacklogItem, prefix)?;
        self.item(&id)?.ok_or_else(|| eyre!("item {id} vanished"))
    }

    /// Applies a patch in one transaction that reads the item first; a score
    /// change is written to the history in the same transaction.
    pub fn update_item(&mut self, id: &str, patch: &ItemPatch, now: Timestamp) -> Result<Item> {
        self.update_item_with(id, patch, &RoadmapPatch::default(), now)
    }

    /// Applies a patch of the item's fields and of its roadmap fields in one
    /// transaction. Score changes, lane moves, pins, sources and success
    /// criteria are written to the item's history in the same transaction.
    pub fn update_item_with(
        &mut self,
        id: &str,
        patch: &ItemPatch,
        roadmap: &RoadmapPatch,
        now: Timestamp,
    ) -> Result<Item> {
        let tx = self.write_transaction()?;
        let stored = update_item_in(&tx, id, patch, roadmap, &utc_string(now))?;
        tx.commit()?;
        Ok(stored)
    }

    /// The open items of the roadmap's four lanes, whole.
    pub fn roadmap_items(&self) -> Result<Vec<Item>> {
        let lanes: Vec<&str> = ROADMAP_LANES.iter().map(|l| l.name()).collect();
        super::all_rows(
            &self.conn,
            &format!(
                "SELECT {ITEM_COLUMNS} FROM backlog_item \
                 WHERE instr(' ' || ?1 || ' ', ' ' || lane || ' ') > 0 AND deleted_at IS NULL \
                 ORDER BY seq"
            ),
            [lanes.join(" ")],
            item_from_row,
        )
    }

    /// The open items, whole: the impact map's deliverables and the items
    /// that serve no goal.
    pub fn open_items(&self) -> Result<Vec<Item>> {
        super::all_rows(
            &self.conn,
            &format!(
                "SELECT {ITEM_COLUMNS} FROM backlog_item \
                 WHERE lane NOT IN ('done', 'killed') AND deleted_at IS NULL ORDER BY seq"
            ),
            [],
            item_from_row,
        )
    }

    /// An item's score history, oldest first.
    pub fn score_history(&self, item_id: &str) -> Result<Vec<ScoreChange>> {
        super::all_rows(
            &self.conn,
            "SELECT old_score, new_score, change, created_at FROM score_history \
             WHERE item_id = ?1 ORDER BY seq",
            [item_id],
            |r| {
                Ok(ScoreChange {
                    old_score: r.get(0)?,
                    new_score: r.get(1)?,
                    change: r.get(2)?,
                    changed_at: r.get(3)?,
                })
            },
        )
    }

    /// Every score change of every item, oldest first, with its item's id.
    pub fn all_score_history(&self) -> Result<Vec<(String, ScoreChange)>> {
        let mut stmt = self.conn.prepare(
            "SELECT item_id, old_score, new_score, change, created_at FROM score_history ORDER BY seq",
        )?;
        let history = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    ScoreChange {
                        old_score: r.get(1)?,
                        new_score: r.get(2)?,
                        change: r.get(3)?,
                        changed_at: r.get(4)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(history)
    }

    /// The titles of the top `n` open items in ranking order, read without
    /// loading the backlog (for an interview's placeholders).
    pub fn top_open_titles(&self, n: usize) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT title FROM backlog_item WHERE lane NOT IN ('done', 'killed') \
             AND deleted_at IS NULL ORDER BY reach * impact * confidence / effort DESC, seq LIMIT ?1",
        )?;
        let titles = stmt
            .query_map([n as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(titles)
    }

    /// Hands over the ranking, best first, without building items: what
    /// `backlog list` and its formats need. `lanes` (space-separated names)
    /// narrows the list; otherwise done and killed are left out unless
    /// `include_closed`. Memory stays bounded at any size: see
    /// [`Store::for_each_ranked_within`].
    pub fn for_each_ranked(
        &self,
        lanes: &str,
        include_closed: bool,
        each: impl FnMut(&RankedRow<'_>) -> Result<()>,
    ) -> Result<()> {
        self.for_each_ranked_within(lanes, include_closed, RANKING_BUDGET, each)
    }

    /// The ranking within a memory budget in bytes. While the listed rows
    /// fit, they are read in file order into one buffer and ranked by small
    /// keys, several times cheaper than SQLite sorting whole rows; past the
    /// budget SQLite's sorter ranks them, spilling to temporary files, so a
    /// million items take no more memory than a thousand.
    pub(super) fn for_each_ranked_within(
        &self,
        lanes: &str,
        include_closed: bool,
        budget: usize,
        mut each: impl FnMut(&RankedRow<'_>) -> Result<()>,
    ) -> Result<()> {
        /// A row's four numbers and where its nine texts end in the buffer
        /// (each starts where the one before ends).
        struct Stored {
            numbers: [f64; 4],
            ends: [u32; 10],
        }
        const PER_ROW: usize = std::mem::size_of::<Stored>() + std::mem::size_of::<(f64, i64)>();
        // Every item, listed or not: an upper bound, counted through the
        // smallest index.
        let total: usize = self
            .conn
            .query_row("SELECT count(*) FROM backlog_item", [], |r| r.get(0))?;
        if total.saturating_mul(PER_ROW) > budget {
            return self.for_each_sorted_by_sqlite(lanes, include_closed, each);
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT seq, {RANKED_COLUMNS} FROM backlog_item WHERE {LISTED} ORDER BY seq"
        ))?;
        let mut rows = stmt.query(params![lanes, include_closed])?;
        let mut arena = String::new();
        let mut stored = Vec::with_capacity(total);
        let mut keys = Vec::with_capacity(total);
        while let Some(r) = rows.next()? {
            let mut ends = [0u32; 10];
            ends[0] = u32::try_from(arena.len())?;
            for (i, column) in [1, 2, 7, 8, 9, 10, 11, 12, 13].into_iter().enumerate() {
                // NULL (no kill reason, no tracker) is listed as empty.
                arena.push_str(r.get_ref(column)?.as_str_or_null()?.unwrap_or_default());
                ends[i + 1] = u32::try_from(arena.len())?;
            }
            let numbers: [f64; 4] = [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?];
            keys.push((
                rice_score(numbers[0], numbers[1], numbers[2], numbers[3]),
                r.get(0)?,
            ));
            stored.push(Stored { numbers, ends });
            // Long descriptions can outgrow the budget on their own.
            if arena.capacity() + total * PER_ROW > budget {
                drop(rows);
                return self.for_each_sorted_by_sqlite(lanes, include_closed, each);
            }
        }
        for i in rank_order(&keys) {
            let s = &stored[i];
            let text = |n: usize| &arena[s.ends[n] as usize..s.ends[n + 1] as usize];
            each(&RankedRow {
                id: text(0),
                title: text(1),
                reach: s.numbers[0],
                impact: s.numbers[1],
                confidence: s.numbers[2],
                effort: s.numbers[3],
                lane: text(2),
                tags: text(3),
                description: text(4),
                kill_reason: text(5),
                tracker_key: text(6),
                tracker_url: text(7),
                source: text(8),
                score: keys[i].0,
            })?;
        }
        Ok(())
    }

    /// The ranking with SQLite's sorter, which holds a bounded amount in
    /// memory and spills the rest to temporary files. The order is the
    /// same: SQLite computes the score with the same operations in the
    /// same order as [`rice_score`], and ties go by creation order.
    fn for_each_sorted_by_sqlite(
        &self,
        lanes: &str,
        include_closed: bool,
        mut each: impl FnMut(&RankedRow<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT seq, {RANKED_COLUMNS} FROM backlog_item WHERE {LISTED} \
             ORDER BY reach * impact * (confidence / 100.0) / effort DESC, seq"
        ))?;
        each_ranked_row(&mut stmt, lanes, include_closed, &mut each)
    }

    /// The listed rows in file order, unranked: a first pass that measures
    /// them (a table's column widths) without holding them.
    pub fn for_each_listed(
        &self,
        lanes: &str,
        include_closed: bool,
        mut each: impl FnMut(&RankedRow<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT seq, {RANKED_COLUMNS} FROM backlog_item WHERE {LISTED} ORDER BY seq"
        ))?;
        each_ranked_row(&mut stmt, lanes, include_closed, &mut each)
    }
}

/// Runs a `SELECT seq, {RANKED_COLUMNS} … WHERE {LISTED}` statement and
/// hands each row to `each` without holding it: the one reading of a
/// ranked row, whatever order the statement asks for.
fn each_ranked_row(
    stmt: &mut rusqlite::CachedStatement<'_>,
    lanes: &str,
    include_closed: bool,
    each: &mut impl FnMut(&RankedRow<'_>) -> Result<()>,
) -> Result<()> {
    let mut rows = stmt.query(params![lanes, include_closed])?;
    while let Some(r) = rows.next()? {
        each(&ranked_row(r)?)?;
    }
    Ok(())
}

/// A row that starts `seq, {RANKED_COLUMNS}`, borrowed: the one reading of
/// a ranked row (by position, as the ranking reads a million of them).
pub(super) fn ranked_row<'r>(r: &'r Row<'_>) -> Result<RankedRow<'r>> {
    let text = |column: usize| -> Result<&'r str> {
        Ok(r.get_ref(column)?.as_str_or_null()?.unwrap_or_default())
    };
    let numbers: [f64; 4] = [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?];
    Ok(RankedRow {
        id: text(1)?,
        title: text(2)?,
        reach: numbers[0],
        impact: numbers[1],
        confidence: numbers[2],
        effort: numbers[3],
        lane: text(7)?,
        tags: text(8)?,
        description: text(9)?,
        kill_reason: text(10)?,
        tracker_key: text(11)?,
        tracker_url: text(12)?,
        source: text(13)?,
        score: rice_score(numbers[0], numbers[1], numbers[2], numbers[3]),
    })
}

/// The connection settings an import changes, each put back however the
/// import ends: [`ImportPragmas::restore`] after it returns (and says if
/// one could not be), or, dropped without that (a panic, a failure while
/// setting them), the guard itself. Every setting is tried even when one
/// before it fails, so none is left as the import had it.
struct ImportPragmas<'s> {
    store: &'s mut Store,
    /// Each setting and its value before the import; `None` once restored.
    saved: Option<[(&'static str, i64); 3]>,
}

impl<'s> ImportPragmas<'s> {
    /// Notes the settings, then sets them for an import (set before its
    /// transaction: SQLite ignores `foreign_keys` inside one).
    fn set(store: &'s mut Store) -> Result<Self> {
        let value = |name: &str| -> Result<i64> {
            Ok(store.conn.pragma_query_value(None, name, |r| r.get(0))?)
        };
        let saved = [
            // A bulk load sets CHECK constraints aside: see BulkLoad::begin.
            (
                "ignore_check_constraints",
                value("ignore_check_constraints")?,
            ),
            ("foreign_keys", value("foreign_keys")?),
            ("cache_size", value("cache_size")?),
        ];
        let guard = Self {
            store,
            saved: Some(saved),
        };
        guard
            .store
            .conn
            .pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        // An import cannot break a foreign key: each history row names the
        // item written just before it or the stored item it updates, no id
        // changes and nothing is deleted. Checked, every insert of a chunk
        // would look its item up again and keep a statement journal (a
        // copy of every page it changes, to undo the statement alone).
        guard
            .store
            .conn
            .pragma_update(None, "foreign_keys", false)?;
        Ok(guard)
    }

    /// Puts every setting back; the first that could not be is the error.
    fn restore(mut self) -> Result<()> {
        let saved = self.saved.take();
        let conn = &self.store.conn;
        restore_each(saved.as_ref(), |name, value| {
            conn.pragma_update(None, name, value)
        })
    }
}

impl Drop for ImportPragmas<'_> {
    fn drop(&mut self) {
        // Only when `restore` did not run: there is no caller left to tell
        // of a setting not put back, and the connection ends with the
        // process in the CLI, so each is tried and any failure dropped.
        let saved = self.saved.take();
        let conn = &self.store.conn;
        let _ = restore_each(saved.as_ref(), |name, value| {
            conn.pragma_update(None, name, value)
        });
    }
}

/// Sets each saved setting back with `set`, trying every one whatever
/// fails before it; the first failure is the error.
fn restore_each(
    saved: Option<&[(&'static str, i64); 3]>,
    mut set: impl FnMut(&str, i64) -> rusqlite::Result<()>,
) -> Result<()> {
    let mut first = Ok(());
    for &(name, value) in saved.into_iter().flatten() {
        if let Err(e) = set(name, value)
            && first.is_ok()
        {
            first = Err(e.into());
        }
    }
    first
}

/// From which row of an import on the rest is loaded in bulk.
const BULK_AFTER: usize = 10_000;

/// The page cache of an import, in KiB: the item ids' unique index, the
/// one B-tree an import writes at random places, fits in it up to about a
/// million items. The cache is allocated as pages are touched, so a small
/// import takes no more than it needs.
const IMPORT_CACHE_KIB: i64 = 64 << 10;

/// A bulk load inside an import's transaction. Per row an insert costs
/// its table row and then, for each trigger and secondary index, another
/// write: the word index's entries, the sync record of who wrote it, a
/// place in the ranking index and in the history's index by item — each
/// at a random place of a B-tree as large as the table. A bulk load sets
/// the insert triggers and the secondary indexes aside (in the transaction:
/// a failed import restores them with everything else), inserts the rows
/// alone, then does once, in order, what the triggers would have done row
/// by row — the word index's entries, the sync records — and builds the
/// indexes again by sorting. The result is the same rows, history, word
/// index, authors and outbox records as row by row; only the outbox's
/// order differs (every new item before the new history rows).
struct BulkLoad {
    /// The last item and history row before the bulk load.
    item_seq: i64,
    history_seq: i64,
    /// The `CREATE` statements of what was set aside, to run again.
    set_aside: Vec<String>,
    /// Whether the word index's insert trigger was among them.
    words: bool,
    /// Whether sync's insert triggers (items, history) were.
    sync: [bool; 2],
    /// Whether the lanes' count and load trigger was.
    load: bool,
    /// Whether the items' CHECK constraints were set aside.
    checks: bool,
}

/// The CHECK constraints of the items' table, as written in its schema
/// (blanks squeezed), that a bulk load may leave unchecked: each holds for
/// every value the domain can make (a `Title` has 1 to 200 characters, a
/// `Reach` is not negative, `Impact`, `Lane` and `Source` are among these
/// names and numbers, `Confidence` is in (0, 100], `Effort` positive,
/// `NewItem::validate` refuses a kill without a reason, and an import
/// writes no success criteria or pin of its own). Checked, each multi-row
/// insert calls `length()`, and SQLite keeps a statement journal for any
/// statement that calls a function: a copy of each page of the id index
/// it touches, about a page per row.
const KNOWN_CHECKS: [&str; 10] = [
    "length(title) BETWEEN 1 AND 200",
    "reach >= 0",
    "impact IN (0.25, 0.5, 1, 2, 3)",
    "confidence > 0 AND confidence <= 100",
    "effort > 0",
    "lane IN ('inbox', 'now', 'next', 'later', 'exploring', 'done', 'killed')",
    "source IS NULL OR source IN ('users', 'research', 'data', 'team idea', 'leadership')",
    "(review_by IS NULL) = (success_criteria IS NULL)",
    "pin_reason IS NULL OR length(trim(pin_reason)) > 0",
    "lane <> 'killed' OR kill_reason IS NOT NULL",
];

/// The CHECK constraints in a `CREATE TABLE` statement, in order, each
/// with its blanks squeezed; `None` if one cannot be read (unbalanced).
fn check_clauses(sql: &str) -> Option<Vec<String>> {
    // Comments out: they may hold any words.
    let text: String = sql
        .lines()
        .map(|line| line.split("--").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ");
    let upper = text.to_ascii_uppercase();
    let mut clauses = Vec::new();
    let mut from = 0;
    while let Some(at) = upper[from..].find("CHECK") {
        let start = from + at;
        from = start + "CHECK".len();
        let word_before = upper[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let rest = text[from..].trim_start();
        if word_before || !rest.starts_with('(') {
            continue;
        }
        let open = text.len() - rest.len();
        let mut depth = 0usize;
        let mut close = None;
        for (i, c) in text[open..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let close = close?;
        clauses.push(
            text[open + 1..close]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
        from = close;
    }
    Some(clauses)
}

/// The CHECK constraints of the items' table as its schema holds them.
fn items_checks(tx: &Transaction<'_>) -> Result<Option<Vec<String>>> {
    let sql: String = tx.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'backlog_item'",
        [],
        |r| r.get("sql"),
    )?;
    Ok(check_clauses(&sql))
}

/// Whether every CHECK constraint of the items' table is one a bulk load
/// may leave unchecked ([`KNOWN_CHECKS`]). A constraint added later and
/// not taught to it keeps them all checked.
fn checks_known(tx: &Transaction<'_>) -> Result<bool> {
    Ok(items_checks(tx)?
        .is_some_and(|found| found.iter().all(|c| KNOWN_CHECKS.contains(&c.as_str()))))
}

/// Whether a bulk load into this file leaves the items' CHECK
/// constraints unchecked, and the constraints it read.
#[cfg(test)]
pub(super) fn bulk_load_sets_checks_aside(
    tx: &Transaction<'_>,
) -> Result<(bool, Option<Vec<String>>)> {
    Ok((checks_known(tx)?, items_checks(tx)?))
}

/// Sync's insert triggers on the items and their history.
fn sync_insert_triggers() -> [String; 2] {
    [
        super::sync::insert_trigger("backlog_item"),
        super::sync::insert_trigger("score_history"),
    ]
}

/// The insert triggers (name, SQL) on the items and their history, if a
/// bulk load knows how to replay each of them; `None` otherwise.
fn insert_triggers(tx: &Transaction<'_>) -> Result<Option<Vec<(String, String)>>> {
    let sync_triggers = sync_insert_triggers();
    let triggers: Vec<(String, String)> = super::all_rows(
        tx,
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' \
         AND tbl_name IN ('backlog_item', 'score_history') \
         AND instr(upper(sql), ' INSERT ON ') > 0",
        [],
        |r| Ok((r.get("name")?, r.get("sql")?)),
    )?;
    let known = triggers.iter().all(|(name, _)| {
        name == WORDS_TRIGGER || name == LOAD_TRIGGER || sync_triggers.contains(name)
    });
    Ok(known.then_some(triggers))
}

/// Whether an import into this file can load in bulk (every insert
/// trigger on the items and their history is one it replays).
#[cfg(test)]
pub(super) fn bulk_load_possible(tx: &Transaction<'_>) -> Result<bool> {
    Ok(insert_triggers(tx)?.is_some_and(|t| t.len() == 4))
}

/// The insert triggers a bulk load knows how to replay.
const WORDS_TRIGGER: &str = "backlog_search_insert";

/// The index of pinned items (migration 16).
const PINNED_INDEX: &str = "backlog_item_pinned";

/// The index of items with a review date (migration 18).
const REVIEWED_INDEX: &str = "backlog_item_reviewed";

/// The trigger that keeps each lane's count and load (migration 16).
const LOAD_TRIGGER: &str = "lane_load_insert";

impl BulkLoad {
    /// Sets the insert triggers and the non-unique indexes of the items
    /// and their history aside. An insert trigger it does not know makes
    /// the import go on row by row.
    fn begin(tx: &Transaction<'_>) -> Result<Option<Self>> {
        let Some(triggers) = insert_triggers(tx)? else {
            return Ok(None);
        };
        let sync_triggers = sync_insert_triggers();
        let indexes: Vec<(String, String)> = super::all_rows(
            tx,
            "SELECT m.name, m.sql FROM sqlite_master AS m \
             JOIN pragma_index_list(m.tbl_name) AS i ON i.name = m.name \
             WHERE m.type = 'index' AND m.tbl_name IN ('backlog_item', 'score_history') \
             AND i.\"unique\" = 0 AND m.sql IS NOT NULL AND m.name NOT IN (?1, ?2)",
            // The pinned and the reviewed items' indexes stay: a new row
            // never enters them (imports set no pin and no review date),
            // and rebuilding one reads every row.
            [PINNED_INDEX, REVIEWED_INDEX],
            |r| Ok((r.get("name")?, r.get("sql")?)),
        )?;
        let bulk = Self {
            item_seq: tx.query_row("SELECT coalesce(max(seq), 0) FROM backlog_item", [], |r| {
                r.get(0)
            })?,
            history_seq: tx.query_row(
                "SELECT coalesce(max(seq), 0) FROM score_history",
                [],
                |r| r.get(0),
            )?,
            words: triggers.iter().any(|(name, _)| name == WORDS_TRIGGER),
            load: triggers.iter().any(|(name, _)| name == LOAD_TRIGGER),
            sync: sync_triggers.map(|sync| triggers.iter().any(|(name, _)| *name == sync)),
            set_aside: triggers
                .iter()
                .chain(&indexes)
                .map(|(_, sql)| sql.clone())
                .collect(),
            checks: checks_known(tx)?,
        };
        for (name, _) in &triggers {
            tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
        }
        for (name, _) in &indexes {
            tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        if bulk.checks {
            // Put back when the bulk load ends, and by the import when it
            // fails (Store::import_rows_with).
            tx.pragma_update(None, "ignore_check_constraints", true)?;
        }
        Ok(Some(bulk))
    }

    /// Does what the triggers set aside would have done for the rows
    /// added since [`BulkLoad::begin`], and puts triggers and indexes back.
    /// `loads`: per lane, the items written since and their effort in
    /// hundredths.
    fn finish(self, tx: &Transaction<'_>, loads: &[(i64, i64); 7]) -> Result<()> {
        if self.checks {
            tx.pragma_update(None, "ignore_check_constraints", false)?;
        }
        if self.words {
            tx.execute(
                "INSERT INTO backlog_search (rowid, title, description, tags) \
                 SELECT seq, title, description, tags FROM backlog_item WHERE seq > ?1",
                [self.item_seq],
            )?;
        }
        if self.load {
            super::roadmap_lanes::add_to_lane_loads(tx, loads)?;
        }
        if self.sync[0] {
            super::sync::record_inserts(tx, "backlog_item", self.item_seq)?;
        }
        if self.sync[1] {
            super::sync::record_inserts(tx, "score_history", self.history_seq)?;
        }
        for sql in &self.set_aside {
            tx.execute_batch(sql)?;
        }
        Ok(())
    }
}

/// How much the in-memory ranking of `backlog list` may hold before SQLite
/// sorts instead (100,000 typical items fit).
const RANKING_BUDGET: usize = 24 << 20;

/// The columns after `seq` that [`RankedRow`] is read from, by position.
pub(super) const RANKED_COLUMNS: &str = "id, title, reach, impact, confidence, effort, lane, tags, \
                              description, kill_reason, tracker_key, tracker_url, source";

/// The rows `backlog list` shows: ?1 space-separated lanes, or else the
/// open ones (all of them when ?2).
const LISTED: &str = "deleted_at IS NULL AND \
                      CASE WHEN ?1 = '' THEN ?2 OR lane NOT IN ('done', 'killed') \
                      ELSE instr(' ' || ?1 || ' ', ' ' || lane || ' ') > 0 END";

/// One row of the ranking, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankedRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub reach: f64,
    pub impact: f64,
    pub confidence: f64,
    pub effort: f64,
    pub lane: &'a str,
    /// Space-separated.
    pub tags: &'a str,
    pub description: &'a str,
    /// Empty unless killed.
    pub kill_reason: &'a str,
    /// Empty unless the item came from a tracker.
    pub tracker_key: &'a str,
    pub tracker_url: &'a str,
    /// Empty when not given.
    pub source: &'a str,
    pub score: f64,
}

#[cfg(test)]
mod import_pragma_tests {
    use super::*;

    fn pragmas(store: &Store) -> [i64; 3] {
        ["ignore_check_constraints", "foreign_keys", "cache_size"].map(|name| {
            store
                .conn
                .pragma_query_value(None, name, |r| r.get(0))
                .unwrap()
        })
    }

    #[test]
    fn every_setting_is_put_back_when_one_before_it_fails() {
        let saved = [("first_one", 1), ("second_one", 2), ("third_one", 3)];
        let mut tried = Vec::new();
        let restored = restore_each(Some(&saved), |name, value| {
            tried.push((name.to_string(), value));
            if name == "third_one" {
                Ok(())
            } else {
                Err(rusqlite::Error::InvalidParameterName(name.to_string()))
            }
        });
        assert_eq!(
            tried,
            [
                ("first_one".to_string(), 1),
                ("second_one".to_string(), 2),
                ("third_one".to_string(), 3)
            ]
        );
        // The first failure is the one reported.
        let error = restored.unwrap_err().to_string();
        assert!(error.contains("first_one"), "{error}");
        assert!(restore_each(None, |_, _| unreachable!()).is_ok());
    }

    #[test]
    fn the_import_settings_are_put_back_by_restore_or_when_dropped() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .conn
            .pragma_update(None, "ignore_check_constraints", true)
            .unwrap();
        let before = pragmas(&store);
        assert_eq!(before[..2], [1, 1]);

        let guard = ImportPragmas::set(&mut store).unwrap();
        assert_eq!(
            pragmas(guard.store)[1..],
            [0, -IMPORT_CACHE_KIB],
            "set for the import"
        );
        guard.restore().unwrap();
        assert_eq!(pragmas(&store), before, "put back by restore");

        // Dropped without restore, as when the import panics.
        let guard = ImportPragmas::set(&mut store).unwrap();
        assert_ne!(pragmas(guard.store), before);
        drop(guard);
        assert_eq!(pragmas(&store), before, "put back when dropped");
    }
}
