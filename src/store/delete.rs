//! Deleting whole records: a shadowing session, an interview, a synthesis,
//! a script, a backlog item. A delete marks the record (`deleted_at`), so it
//! leaves every list and can be brought back as it was; the backup keeps
//! it, and sync carries the mark as one field. Research that other records
//! rest on is refused with a message saying what to delete first, so no
//! evidence is left dangling.
//!
//! Neither a delete nor an undelete touches `updated_at`: the record's
//! content did not change, and delete → undelete leaves the backup as it was.

use super::{Records, Store};
use crate::domain::InputError;
use crate::domain::backlog::Item;
use crate::domain::interview::Interview;
use crate::domain::metric::Metric;
use crate::domain::shadow::Session;
use crate::domain::synthesis::Synthesis;
use crate::domain::time::utc_string;
use crate::domain::undelete::{Deleted, short_id};
use crate::store::StoredScript;
use crate::store::backlog::{RANKED_COLUMNS, RankedRow, ranked_row};
use crate::store::interview::{INTERVIEW_COLUMNS, interview_from_row};
use crate::store::metric::{METRIC_COLUMNS, metric_from_row};
use crate::store::shadow::{SESSION_COLUMNS, session_from_row};
use color_eyre::eyre::{Result, eyre};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, Transaction, params};

/// A deleted record and when it was deleted (UTC), as `… list --deleted`
/// shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Trashed<T> {
    pub record: T,
    pub deleted_at: String,
}

/// The title of one visible synthesis that draws on a source, if one does.
fn synthesis_using(tx: &Transaction<'_>, column: &str, id: &str) -> Result<Option<String>> {
    // `column` is one of two fixed names, never user text.
    let sql = match column {
        "session_id" => {
            "SELECT s.title AS title FROM synthesis_source src JOIN synthesis s \
             ON s.id = src.synthesis_id WHERE src.session_id = ?1 AND s.deleted_at IS NULL \
             ORDER BY s.seq LIMIT 1"
        }
        _ => {
            "SELECT s.title AS title FROM synthesis_source src JOIN synthesis s \
             ON s.id = src.synthesis_id WHERE src.interview_id = ?1 AND s.deleted_at IS NULL \
             ORDER BY s.seq LIMIT 1"
        }
    };
    Ok(tx
        .query_row(sql, params![id], |r| r.get("title"))
        .optional()?)
}

/// Marks one visible record of `records` deleted; an error if none is.
fn mark(tx: &Transaction<'_>, records: Records, id: &str, now: Timestamp) -> Result<()> {
    // The table name is a constant of `Records`, never user text.
    let marked = tx.execute(
        &format!(
            "UPDATE {} SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            records.table()
        ),
        params![id, utc_string(now)],
    )?;
    if marked == 0 {
        return Err(
            InputError::new("id", format!("no {} has the id '{id}'", records.noun())).into(),
        );
    }
    Ok(())
}

/// Refuses bringing back a record while a session or interview it rests on
/// is deleted: `sql` finds the first such source of `id` (columns `kind`,
/// 'session' or 'interview', and `id`); the refusal names it and the
/// command that brings it back first.
fn refuse_while_source_deleted(
    tx: &Transaction<'_>,
    sql: &str,
    id: &str,
    field: &str,
    whose: &str,
) -> Result<()> {
    let gone: Option<(String, String)> = tx
        .query_row(sql, params![id], |r| Ok((r.get("kind")?, r.get("id")?)))
        .optional()?;
    let Some((kind, source)) = gone else {
        return Ok(());
    };
    let undo = if kind == "session" {
        Deleted::Session(&source)
    } else {
        Deleted::Interview(&source)
    }
    .undelete_command();
    Err(InputError::new(
        field,
        format!(
            "{whose} {kind} {} is deleted: bring it back first ({undo})",
            short_id(&source)
        ),
    )
    .into())
}

/// Clears the mark of one deleted record.
fn unmark(tx: &Transaction<'_>, records: Records, id: &str) -> Result<()> {
    let unmarked = tx.execute(
        &format!(
            "UPDATE {} SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
            records.table()
        ),
        params![id],
    )?;
    if unmarked == 0 {
        return Err(InputError::new(
            "id",
            format!("no deleted {} has the id '{id}'", records.noun()),
        )
        .into());
    }
    Ok(())
}

/// Whether the backlog item `id` is deleted. An import row that matches
/// one (by id or tracker key) is refused: updating it would change what
/// nobody can see, and bringing it back would undo a delete nobody asked
/// to undo. The user chooses: undelete it, or leave the row out.
pub(super) fn item_is_deleted(tx: &Transaction<'_>, id: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT deleted_at IS NOT NULL AS deleted FROM backlog_item WHERE id = ?1")?
        .query_row([id], |r| r.get("deleted"))
        .optional()?
        .unwrap_or(false))
}

/// Why an import row that matches the deleted item `item` is refused.
pub(super) fn deleted_item_in_import(item: &Item) -> String {
    format!(
        "matches item {} '{}', which is deleted: run `{}` first, or leave the row out",
        item.short_id(),
        item.title,
        Deleted::Item(&item.id).undelete_command()
    )
}

/// What a `Store::for_each_deleted_…` hands over, collected (for tests).
#[cfg(test)]
pub fn collected<T>(
    for_each: impl FnOnce(&mut dyn FnMut(Trashed<T>) -> Result<()>) -> Result<()>,
) -> Vec<Trashed<T>> {
    let mut all = Vec::new();
    for_each(&mut |t| {
        all.push(t);
        Ok(())
    })
    .expect("the deleted records");
    all
}

/// The deleted records of each kind, newest deletion first, handed over
/// one at a time as they are read (none is held after its turn): what
/// `… list --deleted` shows, so an id for `undelete` can be found.
impl Store {
    /// The one query of the deleted lists: each deleted record of `table`,
    /// its `columns` and then `deleted_at`, newest deletion first (within
    /// one instant, the newest made first).
    fn for_each_deleted_row(
        &self,
        table: &str,
        columns: &str,
        mut each: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        // `table` and `columns` are constants of the store, never user text.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {columns}, deleted_at FROM {table} \
             WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, seq DESC"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(row)?;
        }
        Ok(())
    }

    /// Each deleted record of `table`, made by `read` from its `columns`.
    fn for_each_deleted<T>(
        &self,
        table: &str,
        columns: &str,
        read: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
        mut each: impl FnMut(Trashed<T>) -> Result<()>,
    ) -> Result<()> {
        self.for_each_deleted_row(table, columns, |row| {
            each(Trashed {
                record: read(row)?,
                deleted_at: row.get("deleted_at")?,
            })
        })
    }

    /// Each deleted backlog item as `backlog list` reads a row, and when it
    /// was deleted.
    pub fn for_each_deleted_item(
        &self,
        mut each: impl FnMut(&RankedRow<'_>, &str) -> Result<()>,
    ) -> Result<()> {
        self.for_each_deleted_row("backlog_item", &format!("seq, {RANKED_COLUMNS}"), |row| {
            each(&ranked_row(row)?, row.get_ref("deleted_at")?.as_str()?)
        })
    }

    pub fn for_each_deleted_session(
        &self,
        each: impl FnMut(Trashed<Session>) -> Result<()>,
    ) -> Result<()> {
        self.for_each_deleted("shadow_session", SESSION_COLUMNS, session_from_row, each)
    }

    pub fn for_each_deleted_interview(
        &self,
        each: impl FnMut(Trashed<Interview>) -> Result<()>,
    ) -> Result<()> {
        self.for_each_deleted("interview", INTERVIEW_COLUMNS, interview_from_row, each)
    }

    /// Id, title and creation time, as [`Store::syntheses`] gives them.
    pub fn for_each_deleted_synthesis(
        &self,
        each: impl FnMut(Trashed<(String, String, String)>) -> Result<()>,
    ) -> Result<()> {
        self.for_each_deleted(
            "synthesis",
            "id, title, created_at",
            |r| Ok((r.get("id")?, r.get("title")?, r.get("created_at")?)),
            each,
        )
    }

    /// Each deleted metric with how many readings it keeps.
    pub fn for_each_deleted_metric(
        &self,
        each: impl FnMut(Trashed<(Metric, usize)>) -> Result<()>,
    ) -> Result<()> {
        self.for_each_deleted(
            "metric",
            &format!(
                "{METRIC_COLUMNS}, (SELECT count(*) FROM metric_reading r \
                 WHERE r.metric_id = metric.id) AS readings"
            ),
            |r| {
                let readings: i64 = r.get("readings")?;
                Ok((metric_from_row(r)?, usize::try_from(readings).unwrap_or(0)))
            },
            each,
        )
    }

    pub fn for_each_deleted_script(
        &self,
        each: impl FnMut(Trashed<StoredScript>) -> Result<()>,
    ) -> Result<()> {
        self.for_each_deleted(
            "interview_script",
            "name, source, updated_at",
            |r| {
                Ok(StoredScript {
                    name: r.get("name")?,
                    source: r.get("source")?,
                    updated_at: r.get("updated_at")?,
                })
            },
            each,
        )
    }
}

impl Store {
    /// Deletes a session (its events and pauses go with it, and come back
    /// with it). Refused while a synthesis draws on it or its stamps are
    /// evidence on backlog items.
    pub fn delete_session(&mut self, id: &str, now: Timestamp) -> Result<()> {
        let tx = self.write_transaction()?;
        if let Some(title) = synthesis_using(&tx, "session_id", id)? {
            return Err(InputError::new(
                "session",
                format!("the synthesis '{title}' draws on it: delete that synthesis first"),
            )
            .into());
        }
        let linked: i64 = tx.query_row(
            "SELECT count(*) AS n FROM evidence e JOIN backlog_item b ON b.id = e.item_id \
             WHERE b.deleted_at IS NULL AND e.shadow_event_id IN \
             (SELECT id FROM shadow_event WHERE session_id = ?1)",
            params![id],
            |r| r.get("n"),
        )?;
        if linked > 0 {
            return Err(InputError::new(
                "session",
                format!(
                    "{linked} of its stamps are evidence on backlog items: delete those items first"
                ),
            )
            .into());
        }
        mark(&tx, Records::Session, id, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Brings back a deleted session (id or a unique prefix of one).
    pub fn undelete_session(&mut self, prefix: &str) -> Result<Session> {
        let id = self.unique_deleted_id(Records::Session, prefix)?;
        let tx = self.write_transaction()?;
        unmark(&tx, Records::Session, &id)?;
        tx.commit()?;
        self.session(&id)?
            .ok_or_else(|| eyre!("session {id} vanished"))
    }

    /// Deletes an interview (its steps, notes, quotes and talk times go
    /// with it). Refused while a synthesis draws on it or its quotes are
    /// evidence.
    pub fn delete_interview(&mut self, id: &str, now: Timestamp) -> Result<()> {
        let tx = self.write_transaction()?;
        if let Some(title) = synthesis_using(&tx, "interview_id", id)? {
            return Err(InputError::new(
                "interview",
                format!("the synthesis '{title}' draws on it: delete that synthesis first"),
            )
            .into());
        }
        let linked: i64 = tx.query_row(
            "SELECT count(*) AS n FROM evidence e JOIN backlog_item b ON b.id = e.item_id \
             WHERE b.deleted_at IS NULL AND e.interview_note_id IN \
             (SELECT id FROM interview_note WHERE interview_id = ?1)",
            params![id],
            |r| r.get("n"),
        )?;
        if linked > 0 {
            return Err(InputError::new(
                "interview",
                format!("{linked} of its quotes and notes are evidence on backlog items: delete those items first"),
            )
            .into());
        }
        mark(&tx, Records::Interview, id, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Brings back a deleted interview (id or a unique prefix of one).
    pub fn undelete_interview(&mut self, prefix: &str) -> Result<Interview> {
        let id = self.unique_deleted_id(Records::Interview, prefix)?;
        let tx = self.write_transaction()?;
        unmark(&tx, Records::Interview, &id)?;
        tx.commit()?;
        self.interview(&id)?
            .ok_or_else(|| eyre!("interview {id} vanished"))
    }

    /// Deletes a synthesis (its entries go with it); the quotes and events
    /// it linked, and backlog items promoted from it, stay.
    pub fn delete_synthesis(&mut self, id: &str, now: Timestamp) -> Result<()> {
        let tx = self.write_transaction()?;
        mark(&tx, Records::Synthesis, id, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Brings back a deleted synthesis; refused while one of its sources is
    /// deleted (that one comes back first).
    pub fn undelete_synthesis(&mut self, prefix: &str) -> Result<Synthesis> {
        let id = self.unique_deleted_id(Records::Synthesis, prefix)?;
        let tx = self.write_transaction()?;
        refuse_while_source_deleted(
            &tx,
            "SELECT 'session' AS kind, s.id AS id FROM synthesis_source src \
             JOIN shadow_session s ON s.id = src.session_id \
             WHERE src.synthesis_id = ?1 AND s.deleted_at IS NOT NULL \
             UNION ALL \
             SELECT 'interview' AS kind, i.id AS id FROM synthesis_source src \
             JOIN interview i ON i.id = src.interview_id \
             WHERE src.synthesis_id = ?1 AND i.deleted_at IS NOT NULL LIMIT 1",
            &id,
            "synthesis",
            "its source",
        )?;
        unmark(&tx, Records::Synthesis, &id)?;
        tx.commit()?;
        self.synthesis(&id)?
            .ok_or_else(|| eyre!("synthesis {id} vanished"))
    }

    /// Deletes a script by name; interviews keep the copy they ran. The
    /// last script is kept, so a new interview always has one.
    pub fn delete_script(&mut self, name: &str, now: Timestamp) -> Result<String> {
        let script = self.script(name)?;
        let tx = self.write_transaction()?;
        let count: i64 = tx.query_row(
            "SELECT count(*) AS n FROM interview_script WHERE deleted_at IS NULL",
            [],
            |r| r.get("n"),
        )?;
        if count <= 1 {
            return Err(InputError::new(
                "script",
                format!(
                    "'{}' is the only script: import another first (fieldkit script import FILE)",
                    script.name
                ),
            )
            .into());
        }
        tx.execute(
            "UPDATE interview_script SET deleted_at = ?2 WHERE name = ?1 AND deleted_at IS NULL",
            params![script.name, utc_string(now)],
        )?;
        tx.commit()?;
        Ok(script.name)
    }

    /// Brings back a deleted script by name (any case).
    pub fn undelete_script(&mut self, name: &str) -> Result<StoredScript> {
        let tx = self.write_transaction()?;
        let found: Option<String> = tx
            .query_row(
                "SELECT name FROM interview_script WHERE name = ?1 COLLATE NOCASE \
                 AND deleted_at IS NOT NULL ORDER BY deleted_at DESC LIMIT 1",
                params![name.trim()],
                |r| r.get("name"),
            )
            .optional()?;
        let Some(found) = found else {
            return Err(InputError::new(
                "script",
                format!("no deleted script is named '{}'", name.trim()),
            )
            .into());
        };
        tx.execute(
            "UPDATE interview_script SET deleted_at = NULL WHERE name = ?1",
            params![found],
        )?;
        tx.commit()?;
        self.script(&found)
    }

    /// Deletes a backlog item (its history and evidence stay with it).
    pub fn delete_item(&mut self, id: &str, now: Timestamp) -> Result<()> {
        let tx = self.write_transaction()?;
        mark(&tx, Records::BacklogItem, id, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Brings back a deleted backlog item (id or a unique prefix of one);
    /// refused while the session or interview its evidence comes from is
    /// deleted (that one comes back first).
    pub fn undelete_item(&mut self, prefix: &str) -> Result<Item> {
        let id = self.unique_deleted_id(Records::BacklogItem, prefix)?;
        let tx = self.write_transaction()?;
        refuse_while_source_deleted(
            &tx,
            "SELECT 'session' AS kind, s.id AS id FROM evidence ev \
             JOIN shadow_event e ON e.id = ev.shadow_event_id \
             JOIN shadow_session s ON s.id = e.session_id \
             WHERE ev.item_id = ?1 AND s.deleted_at IS NOT NULL \
             UNION ALL \
             SELECT 'interview' AS kind, i.id AS id FROM evidence ev \
             JOIN interview_note n ON n.id = ev.interview_note_id \
             JOIN interview i ON i.id = n.interview_id \
             WHERE ev.item_id = ?1 AND i.deleted_at IS NOT NULL LIMIT 1",
            &id,
            "item",
            "its evidence's",
        )?;
        unmark(&tx, Records::BacklogItem, &id)?;
        tx.commit()?;
        self.item(&id)?
            .ok_or_else(|| eyre!("backlog item {id} vanished"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::backlog::{Lane, NewItem, Tags, Title};
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn item(store: &mut Store, title: &str) -> String {
        let new = NewItem {
            title: Title::parse(title).unwrap(),
            description: String::new(),
            rice: Rice {
                reach: Reach::new(10.0).unwrap(),
                impact: Impact::High,
                confidence: Confidence::MEDIUM,
                effort: Effort::new(1.0).unwrap(),
            },
            lane: Lane::Inbox,
            tags: Tags::default(),
            kill_reason: None,
        };
        store.add_item(&new, at("2026-11-25T14:00:00Z")).unwrap().id
    }

    #[test]
    fn deleted_items_are_listed_newest_deletion_first_with_when() {
        let mut store = Store::open_in_memory().unwrap();
        let a = item(&mut store, "First");
        let b = item(&mut store, "Second");
        item(&mut store, "Kept");
        store.delete_item(&b, at("2026-11-25T15:00:00Z")).unwrap();
        store.delete_item(&a, at("2026-11-25T16:00:00Z")).unwrap();
        let listed = |store: &Store| {
            let mut listed = Vec::new();
            store
                .for_each_deleted_item(|row, at| {
                    listed.push((row.title.to_string(), at.to_string()));
                    Ok(())
                })
                .unwrap();
            listed
        };
        assert_eq!(
            listed(&store),
            [
                (
                    "First".to_string(),
                    "2026-11-25T16:00:00.000000Z".to_string()
                ),
                (
                    "Second".to_string(),
                    "2026-11-25T15:00:00.000000Z".to_string()
                ),
            ]
        );
        store.undelete_item(&a).unwrap();
        assert_eq!(listed(&store).len(), 1);
        assert!(collected(|f| store.for_each_deleted_session(f)).is_empty());
        assert!(collected(|f| store.for_each_deleted_interview(f)).is_empty());
        assert!(collected(|f| store.for_each_deleted_synthesis(f)).is_empty());
        assert!(collected(|f| store.for_each_deleted_script(f)).is_empty());
        assert!(collected(|f| store.for_each_deleted_metric(f)).is_empty());
    }

    /// Rows are read as they are handed over, not all before the first:
    /// a callback that stops at the first row leaves the rest unread, and
    /// a row that cannot be read ends the list after the rows before it.
    #[test]
    fn deleted_records_are_read_one_at_a_time() {
        let mut store = Store::open_in_memory().unwrap();
        for (n, title) in ["One", "Two", "Three"].into_iter().enumerate() {
            let id = item(&mut store, title);
            let minute = format!("2026-11-25T15:0{n}:00Z");
            store.delete_item(&id, at(&minute)).unwrap();
        }
        let read = std::cell::Cell::new(0);
        let title = |row: &Row<'_>| -> rusqlite::Result<String> {
            read.set(read.get() + 1);
            let title: String = row.get("title")?;
            if title == "Two" {
                return Err(rusqlite::Error::InvalidColumnName("title".into()));
            }
            Ok(title)
        };
        let stopped = store.for_each_deleted("backlog_item", "seq, title", title, |_| {
            Err(eyre!("enough"))
        });
        assert_eq!(stopped.unwrap_err().to_string(), "enough");
        assert_eq!(read.get(), 1, "rows after the stop are not read");

        // Newest deletion first: Three, then Two, which cannot be read.
        read.set(0);
        let mut handed = Vec::new();
        let failed = store.for_each_deleted("backlog_item", "seq, title", title, |t| {
            handed.push(t.record);
            Ok(())
        });
        assert!(failed.is_err());
        assert_eq!(handed, ["Three"], "handed over before the bad row");
        assert_eq!(read.get(), 2);
    }
}

#[cfg(test)]
mod entry_tests {
    use super::*;
    use crate::domain::synthesis::{Section, SourceKind};

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn backup(store: &Store) -> String {
        let mut out = Vec::new();
        store.write_backup(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_deleted_entry_leaves_the_synthesis_and_its_backup_keeps_it_marked() {
        let mut store = Store::open_in_memory().unwrap();
        let now = at("2026-11-25T14:00:00Z");
        let script = store.scripts().unwrap().remove(0);
        let new = crate::domain::interview::NewInterview::parse(
            "Priya",
            "",
            crate::domain::script::Placeholders::default(),
            &[],
        )
        .unwrap();
        let interview = store.create_interview(&new, &script, now).unwrap();
        let synthesis = store
            .create_synthesis("Deploys", &[(SourceKind::Interview, interview.id)], now)
            .unwrap();
        let first = store
            .add_entry(&synthesis.id, Section::PainPoint, "Slow", now)
            .unwrap();
        let second = store
            .add_entry(&synthesis.id, Section::PainPoint, "Flaky", now)
            .unwrap();
        let before = backup(&store);
        store
            .delete_entry(&first, at("2026-11-25T15:00:00Z"))
            .unwrap();
        let shown = store.synthesis(&synthesis.id).unwrap().unwrap();
        assert_eq!(
            shown.entries.iter().map(|e| &e.id).collect::<Vec<_>>(),
            [&second]
        );
        // Moving the one left finds no hidden neighbour to swap with.
        assert!(!store.move_entry(&second, true, now).unwrap());
        // Twice is refused: it is gone already.
        assert!(store.delete_entry(&first, now).is_err());

        // A backup carries the mark; restored, it is still deleted.
        let marked = backup(&store);
        assert!(marked.contains("2026-11-25T15:00:00"), "{marked}");
        let mut copy = Store::open_in_memory().unwrap();
        copy.restore_backup(marked.as_bytes()).unwrap();
        assert_eq!(backup(&copy), marked);
        assert_eq!(
            copy.synthesis(&synthesis.id)
                .unwrap()
                .unwrap()
                .entries
                .len(),
            1
        );

        store.undelete_entry(&first).unwrap();
        assert_eq!(backup(&store), before, "delete → undelete changes nothing");
        assert!(store.undelete_entry(&first).is_err());
    }
}

#[cfg(test)]
mod source_tests {
    use super::*;
    use crate::domain::backlog::{Lane, NewItem, Tags, Title};
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
    use crate::domain::shadow::{EventKind, NewSession};
    use crate::domain::synthesis::{EvidenceRef, Section, SourceKind};

    #[test]
    fn a_synthesis_or_an_item_comes_back_only_after_the_session_it_rests_on() {
        let now: Timestamp = "2026-11-25T14:00:00Z".parse().unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let session = store
            .create_session(&NewSession::parse("Alex", "Deploy", "", "").unwrap(), now)
            .unwrap();
        let event = store
            .add_event(&session.id, EventKind::Friction, 1000, "slow CI", now)
            .unwrap();
        let synthesis = store
            .create_synthesis(
                "Deploys",
                &[(SourceKind::Shadowing, session.id.clone())],
                now,
            )
            .unwrap();
        let entry = store
            .add_entry(&synthesis.id, Section::Action, "Cache builds", now)
            .unwrap();
        store
            .link_evidence(&entry, &EvidenceRef::ShadowEvent(event.id), now)
            .unwrap();
        let new = NewItem {
            title: Title::parse("Cache builds").unwrap(),
            description: String::new(),
            rice: Rice {
                reach: Reach::new(10.0).unwrap(),
                impact: Impact::High,
                confidence: Confidence::MEDIUM,
                effort: Effort::new(1.0).unwrap(),
            },
            lane: Lane::Inbox,
            tags: Tags::default(),
            kill_reason: None,
        };
        let item = store.promote_entry(&entry, &new, now).unwrap();
        store.delete_item(&item.id, now).unwrap();
        store.delete_synthesis(&synthesis.id, now).unwrap();
        store.delete_session(&session.id, now).unwrap();

        let short = &session.id[..8];
        let refused = |e: color_eyre::eyre::Report| {
            e.downcast_ref::<InputError>()
                .expect("an input error")
                .to_string()
        };
        let e = refused(store.undelete_item(&item.id).unwrap_err());
        assert!(
            e.contains(&format!(
                "its evidence's session {short} is deleted: bring it back first \
                 (fieldkit shadow undelete {short})"
            )),
            "{e}"
        );
        let e = refused(store.undelete_synthesis(&synthesis.id).unwrap_err());
        assert!(
            e.contains(&format!(
                "its source session {short} is deleted: bring it back first \
                 (fieldkit shadow undelete {short})"
            )),
            "{e}"
        );
        store.undelete_session(&session.id).unwrap();
        store.undelete_item(&item.id).unwrap();
        store.undelete_synthesis(&synthesis.id).unwrap();
    }
}

#[cfg(test)]
mod quote_tests {
    use super::*;
    use crate::domain::backlog::{Lane, NewItem, Tags, Title};
    use crate::domain::interview::NewInterview;
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
    use crate::domain::script::Placeholders;
    use crate::domain::synthesis::{EvidenceRef, Section, SourceKind};

    #[test]
    fn a_quote_held_only_by_deleted_records_can_be_deleted_and_shows_as_deleted_there() {
        let now: Timestamp = "2026-11-25T14:00:00Z".parse().unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let script = store.scripts().unwrap().remove(0);
        let new = NewInterview::parse("Priya", "", Placeholders::default(), &[]).unwrap();
        let interview = store.create_interview(&new, &script, now).unwrap();
        let quote = store
            .add_quote(&interview.id, 1, 1000, "It takes 40 minutes", now)
            .unwrap();
        let synthesis = store
            .create_synthesis(
                "Deploys",
                &[(SourceKind::Interview, interview.id.clone())],
                now,
            )
            .unwrap();
        let entry = store
            .add_entry(&synthesis.id, Section::PainPoint, "Slow deploys", now)
            .unwrap();
        store
            .link_evidence(&entry, &EvidenceRef::InterviewNote(quote.clone()), now)
            .unwrap();
        let new = NewItem {
            title: Title::parse("Fast deploys").unwrap(),
            description: String::new(),
            rice: Rice {
                reach: Reach::new(10.0).unwrap(),
                impact: Impact::High,
                confidence: Confidence::MEDIUM,
                effort: Effort::new(1.0).unwrap(),
            },
            lane: Lane::Inbox,
            tags: Tags::default(),
            kill_reason: None,
        };
        let item = store.promote_entry(&entry, &new, now).unwrap();

        // Held by an entry and an item the user can see: refused.
        let refused = store.delete_note(&quote, now).unwrap_err();
        assert!(
            refused.to_string().contains("evidence in 2 places"),
            "{refused}"
        );
        // The item deleted, the entry still holds it.
        store.delete_item(&item.id, now).unwrap();
        let refused = store.delete_note(&quote, now).unwrap_err();
        assert!(
            refused.to_string().contains("evidence in 1 place "),
            "{refused}"
        );
        // The entry deleted too: nothing visible holds it.
        store.delete_entry(&entry, now).unwrap();
        store.delete_note(&quote, now).unwrap();

        // The item back: its evidence is still there, marked deleted.
        store.undelete_item(&item.id).unwrap();
        let evidence = store.item_evidence(&item.id).unwrap();
        assert_eq!(evidence.len(), 1);
        assert!(evidence[0].deleted);
        assert!(
            evidence[0]
                .citation()
                .ends_with("deleted from its interview)"),
            "{}",
            evidence[0].citation()
        );
        // And the quote back: no longer marked.
        store.restore_last_deleted_note(&interview.id, now).unwrap();
        assert!(!store.item_evidence(&item.id).unwrap()[0].deleted);
    }
}
