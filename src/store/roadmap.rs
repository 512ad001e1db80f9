//! Lane capacities, and the impact map's goals, actors and impacts with
//! their history; the link from an item to the impact it serves.

use super::Store;
use super::backlog::insert_history;
use crate::domain::InputError;
use crate::domain::backlog::Lane;
use crate::domain::impact_map::{Actor, Goal, ImpactRecord};
use crate::domain::roadmap::{Capacities, ROADMAP_LANES};
use crate::domain::time::utc_string;
use color_eyre::eyre::{Result, eyre};
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use uuid::Uuid;

/// One change to a goal, actor, impact or lane capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordChange {
    pub record_id: String,
    pub change: String,
    pub changed_at: String,
}

/// A lane's stored capacity, with its record's id and times.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCapacity {
    pub id: String,
    pub lane: Lane,
    pub person_months: f64,
    pub created_at: String,
    pub updated_at: String,
}

fn record_change(tx: &Transaction<'_>, record_id: &str, change: &str, now: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO record_history (id, record_id, change, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?
    .execute(params![Uuid::new_v4().to_string(), record_id, change, now])?;
    Ok(())
}

fn goal_from_row(row: &Row<'_>) -> rusqlite::Result<Goal> {
    Ok(Goal {
        seq: row.get("seq")?,
        id: row.get("id")?,
        title: row.get("title")?,
        metric: row.get("metric")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

fn actor_from_row(row: &Row<'_>) -> rusqlite::Result<Actor> {
    Ok(Actor {
        seq: row.get("seq")?,
        id: row.get("id")?,
        goal_id: row.get("goal_id")?,
        name: row.get("name")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

fn impact_from_row(row: &Row<'_>) -> rusqlite::Result<ImpactRecord> {
    Ok(ImpactRecord {
        seq: row.get("seq")?,
        id: row.get("id")?,
        actor_id: row.get("actor_id")?,
        name: row.get("name")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

/// Makes the links of `links` within `tx` (goals, actors and impacts as
/// needed); an item the user has linked elsewhere keeps the user's link.
pub(super) fn add_map_links_in(
    tx: &Transaction<'_>,
    links: &[MapLink<'_>],
    now: &str,
) -> Result<usize> {
    let mut made = 0;
    for l in links {
        if select_goal(tx, l.goal_id)?.is_none() {
            insert_goal(tx, l.goal_id, l.goal, l.metric, now)?;
        }
        let actor_id = actor_named(tx, l.goal_id, l.actor, now)?;
        let impact_id = impact_named(tx, &actor_id, l.impact, now)?;
        let already: Option<Option<String>> = tx
            .query_row(
                "SELECT impact_id FROM backlog_item WHERE id = ?1",
                [l.item_id],
                |r| r.get("impact_id"),
            )
            .optional()?;
        if already == Some(None) {
            let path = format!("{} → {} → {}", l.goal, l.actor, l.impact);
            link(tx, l.item_id, &impact_id, &path, now)?;
            made += 1;
        }
    }
    Ok(made)
}

fn select_goal(conn: &Connection, id: &str) -> Result<Option<Goal>> {
    Ok(conn
        .query_row(
            "SELECT seq, id, title, metric, created_at, updated_at FROM goal WHERE id = ?1",
            [id],
            goal_from_row,
        )
        .optional()?)
}

/// The actor of this name under the goal, created if it is not there.
fn actor_named(tx: &Transaction<'_>, goal_id: &str, name: &str, now: &str) -> Result<String> {
    let found: Option<String> = tx
        .query_row(
            "SELECT id FROM actor WHERE goal_id = ?1 AND name = ?2",
            [goal_id, name],
            |r| r.get("id"),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id = Uuid::new_v4().to_string();
    tx.execute(
        "INSERT INTO actor (id, goal_id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, goal_id, name, now],
    )?;
    record_change(tx, &id, &format!("created: {name}"), now)?;
    Ok(id)
}

/// The impact of this name under the actor, created if it is not there.
fn impact_named(tx: &Transaction<'_>, actor_id: &str, name: &str, now: &str) -> Result<String> {
    let found: Option<String> = tx
        .query_row(
            "SELECT id FROM impact WHERE actor_id = ?1 AND name = ?2",
            [actor_id, name],
            |r| r.get("id"),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let id = Uuid::new_v4().to_string();
    tx.execute(
        "INSERT INTO impact (id, actor_id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, actor_id, name, now],
    )?;
    record_change(tx, &id, &format!("created: {name}"), now)?;
    Ok(id)
}

fn insert_goal(
    tx: &Transaction<'_>,
    id: &str,
    title: &str,
    metric: Option<&str>,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO goal (id, title, metric, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, title, metric, now],
    )?;
    record_change(tx, id, &format!("created: {title}"), now)
}

/// Links an item to an impact and writes the path to the item's history.
fn link(
    tx: &Transaction<'_>,
    item_id: &str,
    impact_id: &str,
    path: &str,
    now: &str,
) -> Result<bool> {
    let (old, score): (Option<String>, f64) = tx
        .query_row(
            "SELECT impact_id, reach * impact * confidence / 100.0 / effort AS score \
             FROM backlog_item WHERE id = ?1",
            [item_id],
            |r| Ok((r.get("impact_id")?, r.get("score")?)),
        )
        .optional()?
        .ok_or_else(|| {
            InputError::new("item", format!("no backlog item has the id '{item_id}'"))
        })?;
    if old.as_deref() == Some(impact_id) {
        return Ok(false);
    }
    tx.execute(
        "UPDATE backlog_item SET impact_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![item_id, impact_id, now],
    )?;
    insert_history(
        tx,
        item_id,
        Some(score),
        score,
        &format!("goal: {path}"),
        now,
    )?;
    Ok(true)
}

/// One link of the impact map, by names, for `demo`.
#[derive(Debug, Clone, Copy)]
pub struct MapLink<'a> {
    pub goal_id: &'a str,
    pub goal: &'a str,
    pub metric: Option<&'a str>,
    pub actor: &'a str,
    pub impact: &'a str,
    pub item_id: &'a str,
}

impl Store {
    /// Each roadmap lane's capacity.
    pub fn capacities(&self) -> Result<Capacities> {
        let mut capacities = Capacities::default();
        for stored in self.stored_capacities()? {
            capacities.set(stored.lane, Some(stored.person_months));
        }
        Ok(capacities)
    }

    /// The capacity records, in lane order.
    pub fn stored_capacities(&self) -> Result<Vec<StoredCapacity>> {
        let mut rows = super::all_rows(
            &self.conn,
            "SELECT id, lane, person_months, created_at, updated_at FROM lane_capacity",
            [],
            |r| {
                let lane: String = r.get("lane")?;
                Ok((
                    lane,
                    r.get::<_, String>("id")?,
                    r.get::<_, f64>("person_months")?,
                    r.get::<_, String>("created_at")?,
                    r.get::<_, String>("updated_at")?,
                ))
            },
        )?
        .into_iter()
        .filter_map(|(lane, id, person_months, created_at, updated_at)| {
            Some(StoredCapacity {
                id,
                lane: ROADMAP_LANES.into_iter().find(|l| l.name() == lane)?,
                person_months,
                created_at,
                updated_at,
            })
        })
        .collect::<Vec<_>>();
        rows.sort_by_key(|c| ROADMAP_LANES.iter().position(|l| *l == c.lane));
        Ok(rows)
    }

    /// Sets a lane's capacity (`None`: no limit) and keeps the change in
    /// the history.
    pub fn set_capacity(
        &mut self,
        lane: Lane,
        capacity: Option<f64>,
        now: Timestamp,
    ) -> Result<()> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        let old: Option<(String, f64)> = tx
            .query_row(
                "SELECT id, person_months FROM lane_capacity WHERE lane = ?1",
                [lane.name()],
                |r| Ok((r.get("id")?, r.get("person_months")?)),
            )
            .optional()?;
        let shown = |c: Option<f64>| {
            c.map_or("no limit".to_string(), |c| {
                format!("{} pm", crate::domain::rice::format_number(c))
            })
        };
        let change = format!(
            "{} capacity {} → {}",
            lane,
            shown(old.as_ref().map(|o| o.1)),
            shown(capacity)
        );
        let id = match (&old, capacity) {
            (Some((id, _)), Some(value)) => {
                tx.execute(
                    "UPDATE lane_capacity SET person_months = ?2, updated_at = ?3 WHERE id = ?1",
                    params![id, value, now],
                )?;
                id.clone()
            }
            (Some((id, _)), None) => {
                tx.execute("DELETE FROM lane_capacity WHERE id = ?1", [id])?;
                id.clone()
            }
            (None, Some(value)) => {
                let id = Uuid::new_v4().to_string();
                tx.execute(
                    "INSERT INTO lane_capacity (id, lane, person_months, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![id, lane.name(), value, now],
                )?;
                id
            }
            (None, None) => return Ok(()),
        };
        if old.as_ref().map(|o| o.1) != capacity {
            record_change(&tx, &id, &change, &now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Adds a goal; returns it as stored.
    pub fn add_goal(&mut self, title: &str, metric: Option<&str>, now: Timestamp) -> Result<Goal> {
        let id = Uuid::new_v4().to_string();
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        insert_goal(&tx, &id, title, metric, &now)?;
        let goal = select_goal(&tx, &id)?.ok_or_else(|| eyre!("goal {id} vanished"))?;
        tx.commit()?;
        Ok(goal)
    }

    pub fn goals(&self) -> Result<Vec<Goal>> {
        super::all_rows(
            &self.conn,
            "SELECT seq, id, title, metric, created_at, updated_at FROM goal ORDER BY seq",
            [],
            goal_from_row,
        )
    }

    pub fn actors(&self) -> Result<Vec<Actor>> {
        super::all_rows(
            &self.conn,
            "SELECT seq, id, goal_id, name, created_at, updated_at FROM actor ORDER BY seq",
            [],
            actor_from_row,
        )
    }

    pub fn impacts(&self) -> Result<Vec<ImpactRecord>> {
        super::all_rows(
            &self.conn,
            "SELECT seq, id, actor_id, name, created_at, updated_at FROM impact ORDER BY seq",
            [],
            impact_from_row,
        )
    }

    /// The goal named by a unique id prefix (4+ characters) or by its exact
    /// title (case-insensitive).
    pub fn find_goal(&self, key: &str) -> Result<Goal> {
        let by_title = super::all_rows(
            &self.conn,
            "SELECT seq, id, title, metric, created_at, updated_at FROM goal \
             WHERE lower(title) = lower(?1) ORDER BY seq LIMIT 2",
            [key.trim()],
            goal_from_row,
        )?;
        let mut by_title = by_title.into_iter();
        match (by_title.next(), by_title.next()) {
            (Some(goal), None) => return Ok(goal),
            (Some(_), Some(_)) => {
                return Err(InputError::new(
                    "goal",
                    "more than one goal has that title: give the goal's id",
                )
                .into());
            }
            _ => {}
        }
        let id = self.unique_id(super::Records::Goal, key).map_err(|_| {
            InputError::new(
                "goal",
                format!("no goal has the id or title '{}'", key.trim()),
            )
        })?;
        select_goal(&self.conn, &id)?.ok_or_else(|| eyre!("goal {id} vanished"))
    }

    /// Links an item to goal → actor → impact, creating the actor and the
    /// impact under the goal when they are new. Returns whether anything
    /// changed.
    pub fn link_item(
        &mut self,
        goal_id: &str,
        item_id: &str,
        actor: &str,
        impact: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        let goal = select_goal(&tx, goal_id)?
            .ok_or_else(|| InputError::new("goal", format!("no goal has the id '{goal_id}'")))?;
        let actor_id = actor_named(&tx, goal_id, actor, &now)?;
        let impact_id = impact_named(&tx, &actor_id, impact, &now)?;
        let path = format!("{} → {actor} → {impact}", goal.title);
        let changed = link(&tx, item_id, &impact_id, &path, &now)?;
        tx.commit()?;
        Ok(changed)
    }

    /// Adds the goals, actors and impacts of `links` that are not there and
    /// links their items; every goal has a fixed id, so running it twice
    /// adds nothing twice. Returns how many links it made.
    pub fn add_map_links(&mut self, links: &[MapLink<'_>], now: Timestamp) -> Result<usize> {
        let tx = self.write_transaction()?;
        let made = add_map_links_in(&tx, links, &utc_string(now))?;
        tx.commit()?;
        Ok(made)
    }

    /// Adds an actor under a goal (or finds the one of that name); returns
    /// its id.
    pub fn add_actor(&mut self, goal_id: &str, name: &str, now: Timestamp) -> Result<String> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        select_goal(&tx, goal_id)?
            .ok_or_else(|| InputError::new("goal", format!("no goal has the id '{goal_id}'")))?;
        let id = actor_named(&tx, goal_id, name, &now)?;
        tx.commit()?;
        Ok(id)
    }

    /// Adds an impact under an actor (or finds the one of that name);
    /// returns its id.
    pub fn add_impact(&mut self, actor_id: &str, name: &str, now: Timestamp) -> Result<String> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        let known: Option<String> = tx
            .query_row("SELECT id FROM actor WHERE id = ?1", [actor_id], |r| {
                r.get("id")
            })
            .optional()?;
        if known.is_none() {
            return Err(
                InputError::new("actor", format!("no actor has the id '{actor_id}'")).into(),
            );
        }
        let id = impact_named(&tx, actor_id, name, &now)?;
        tx.commit()?;
        Ok(id)
    }

    /// Links an item to an impact already on the map; returns whether
    /// anything changed.
    pub fn link_item_to_impact(
        &mut self,
        item_id: &str,
        impact_id: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let path = self
            .impact_path(impact_id)?
            .ok_or_else(|| {
                InputError::new("impact", format!("no impact has the id '{impact_id}'"))
            })?
            .join(" → ");
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        let changed = link(&tx, item_id, impact_id, &path, &now)?;
        tx.commit()?;
        Ok(changed)
    }

    /// The goal → actor → impact path of an impact, as names.
    pub fn impact_path(&self, impact_id: &str) -> Result<Option<[String; 3]>> {
        Ok(self
            .conn
            .query_row(
                "SELECT goal.title AS goal, actor.name AS actor, impact.name AS impact \
                 FROM impact JOIN actor ON actor.id = impact.actor_id \
                 JOIN goal ON goal.id = actor.goal_id WHERE impact.id = ?1",
                [impact_id],
                |r| Ok([r.get("goal")?, r.get("actor")?, r.get("impact")?]),
            )
            .optional()?)
    }

    /// The history of a goal, actor, impact or lane capacity, oldest first.
    pub fn record_history(&self, record_id: &str) -> Result<Vec<RecordChange>> {
        super::all_rows(
            &self.conn,
            "SELECT record_id, change, created_at FROM record_history \
             WHERE record_id = ?1 ORDER BY seq",
            [record_id],
            record_change_from_row,
        )
    }
}

fn record_change_from_row(r: &Row<'_>) -> rusqlite::Result<RecordChange> {
    Ok(RecordChange {
        record_id: r.get("record_id")?,
        change: r.get("change")?,
        changed_at: r.get("created_at")?,
    })
}
