//! A roadmap lane read a window at a time: its items in fill order
//! (pinned first, then the ranking) from any place, an item's position,
//! the head of the lane up to where its capacity is passed, and its count,
//! load and best score — all through indexes (the ranking index, the
//! pinned items' index) and the `lane_load` table kept by triggers
//! (migration 16), so what the Roadmap pane reads does not grow with the
//! backlog.

use super::Store;
use super::backlog::{ITEM_COLUMNS, item_from_row};
use super::backlog_window::RankKey;
use crate::domain::backlog::{Item, Lane};
use crate::domain::roadmap::{Filling, LaneRead, PlannedItem};
use color_eyre::eyre::Result;
use rusqlite::{Transaction, params};
use std::ops::ControlFlow;

/// A place in a lane's fill order: pinned items come first, each part in
/// ranking order. A key stays a valid place after its item changed or
/// left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FillKey {
    pub pinned: bool,
    pub rank: RankKey,
}

impl FillKey {
    /// The place of an item as planned: its rank key is minus its score
    /// (the stored key is computed the same way, to the bit).
    pub fn of(item: &PlannedItem) -> Self {
        Self {
            pinned: item.pin.is_some(),
            rank: RankKey {
                rank_key: -item.score,
                seq: item.seq,
            },
        }
    }

    /// The place of a stored item.
    pub fn of_item(item: &Item) -> Self {
        Self {
            pinned: item.roadmap.pin.is_some(),
            rank: RankKey {
                rank_key: -item.score(),
                seq: item.seq,
            },
        }
    }
}

/// Which way a read goes from its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Items after the key (or at it, when inclusive), in order.
    After { inclusive: bool },
    /// Items before the key, nearest first.
    Before,
}

/// Which part of a lane a read walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Pinned,
    Unpinned,
}

/// Up to `n` items of one part of a lane from `key` going `way`.
fn part_run(
    conn: &rusqlite::Connection,
    lane: Lane,
    part: Part,
    key: RankKey,
    way: Way,
    n: usize,
) -> Result<Vec<Item>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let (compare, order) = match way {
        Way::After { inclusive: false } => (">", "rank_key, seq"),
        Way::After { inclusive: true } => (">=", "rank_key, seq"),
        Way::Before => ("<", "rank_key DESC, seq DESC"),
    };
    let pinned = match part {
        Part::Pinned => "pin_reason IS NOT NULL",
        Part::Unpinned => "pin_reason IS NULL",
    };
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM backlog_item \
         WHERE lane = ?1 AND deleted_at IS NULL AND {pinned} AND (rank_key, seq) {compare} (?2, ?3) \
         ORDER BY {order} LIMIT ?4"
    );
    super::all_rows(
        conn,
        &sql,
        params![lane.name(), key.rank_key, key.seq, n as i64],
        item_from_row,
    )
}

/// Hands over one part of a lane from `from` (at it too) in ranking
/// order, one item at a time and none kept, until `each` breaks; says
/// whether it did.
fn part_stream(
    conn: &rusqlite::Connection,
    lane: Lane,
    part: Part,
    from: RankKey,
    each: &mut impl FnMut(&Item) -> Result<ControlFlow<()>>,
) -> Result<ControlFlow<()>> {
    let pinned = match part {
        Part::Pinned => "pin_reason IS NOT NULL",
        Part::Unpinned => "pin_reason IS NULL",
    };
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM backlog_item \
         WHERE lane = ?1 AND deleted_at IS NULL AND {pinned} AND (rank_key, seq) >= (?2, ?3) \
         ORDER BY rank_key, seq"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![lane.name(), from.rank_key, from.seq])?;
    while let Some(row) = rows.next()? {
        if each(&item_from_row(row)?)?.is_break() {
            return Ok(ControlFlow::Break(()));
        }
    }
    Ok(ControlFlow::Continue(()))
}

/// How many items of a lane rank strictly before `key`: the pinned ones
/// only, or all.
fn count_before(
    conn: &rusqlite::Connection,
    lane: Lane,
    pinned: bool,
    key: RankKey,
) -> Result<u64> {
    let sql = if pinned {
        "SELECT count(*) AS n FROM backlog_item \
         WHERE lane = ?1 AND deleted_at IS NULL AND pin_reason IS NOT NULL \
         AND (rank_key, seq) < (?2, ?3)"
    } else {
        "SELECT count(*) AS n FROM backlog_item \
         WHERE lane = ?1 AND deleted_at IS NULL AND (rank_key, seq) < (?2, ?3)"
    };
    let n: i64 = conn
        .prepare_cached(sql)?
        .query_row(params![lane.name(), key.rank_key, key.seq], |r| r.get("n"))?;
    Ok(n as u64)
}

/// Adds what a bulk import wrote (per lane in `Lane::ALL` order: items,
/// effort in hundredths) to the lanes' counts and loads: once, instead of
/// the insert trigger row by row.
pub(super) fn add_to_lane_loads(tx: &Transaction<'_>, loads: &[(i64, i64); 7]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "UPDATE lane_load SET items = items + ?2, \
         effort_hundredths = effort_hundredths + ?3 WHERE lane = ?1",
    )?;
    for (lane, (items, hundredths)) in Lane::ALL.iter().zip(loads) {
        if *items > 0 {
            stmt.execute(params![lane.name(), items, hundredths])?;
        }
    }
    Ok(())
}

/// How many items a head is read in at a time.
const HEAD_CHUNK: usize = 32;

impl Store {
    /// Up to `n` items of a lane in fill order after `key` (at it too when
    /// `inclusive`); from the top when `key` is `None`.
    pub fn lane_after(
        &self,
        lane: Lane,
        key: Option<FillKey>,
        inclusive: bool,
        n: usize,
    ) -> Result<Vec<Item>> {
        let mut out = Vec::new();
        let unpinned_from = match key {
            Some(FillKey {
                pinned: false,
                rank,
            }) => Some((rank, inclusive)),
            _ => None,
        };
        if unpinned_from.is_none() {
            let (from, inclusive) = key.map_or((RankKey::FIRST, false), |k| (k.rank, inclusive));
            out = part_run(
                &self.conn,
                lane,
                Part::Pinned,
                from,
                Way::After { inclusive },
                n,
            )?;
        }
        let (from, inclusive) = unpinned_from.unwrap_or((RankKey::FIRST, false));
        out.extend(part_run(
            &self.conn,
            lane,
            Part::Unpinned,
            from,
            Way::After { inclusive },
            n - out.len(),
        )?);
        Ok(out)
    }

    /// Up to `n` items of a lane in fill order before `key`, nearest first.
    pub fn lane_before(&self, lane: Lane, key: FillKey, n: usize) -> Result<Vec<Item>> {
        let mut out = Vec::new();
        let pinned_from = if key.pinned {
            key.rank
        } else {
            out = part_run(&self.conn, lane, Part::Unpinned, key.rank, Way::Before, n)?;
            RankKey::LAST
        };
        out.extend(part_run(
            &self.conn,
            lane,
            Part::Pinned,
            pinned_from,
            Way::Before,
            n - out.len(),
        )?);
        Ok(out)
    }

    /// How many items of a lane come before `key` in fill order: the
    /// position an item at `key` has. Counted through the indexes, so it
    /// costs a little per item before it (none for the top of a lane).
    pub fn lane_position(&self, lane: Lane, key: FillKey) -> Result<usize> {
        let pinned_before = count_before(&self.conn, lane, true, key.rank)?;
        if key.pinned {
            return Ok(pinned_before as usize);
        }
        let pinned = count_before(&self.conn, lane, true, RankKey::LAST)?;
        let all_before = count_before(&self.conn, lane, false, key.rank)?;
        Ok((pinned + all_before - pinned_before) as usize)
    }

    /// A lane's count, load (hundredths of a person-month) and best score.
    pub fn lane_totals(&self, lane: Lane) -> Result<(usize, i64, f64)> {
        let (count, load): (i64, i64) = self
            .conn
            .prepare_cached("SELECT items, effort_hundredths FROM lane_load WHERE lane = ?1")?
            .query_row([lane.name()], |r| {
                Ok((r.get("items")?, r.get("effort_hundredths")?))
            })?;
        let top: Option<f64> = self
            .conn
            .prepare_cached(
                "SELECT min(rank_key) AS top FROM backlog_item \
                 WHERE lane = ?1 AND deleted_at IS NULL",
            )?
            .query_row([lane.name()], |r| r.get("top"))?;
        Ok((
            count.max(0) as usize,
            load,
            top.map_or(0.0, |t| (-t).max(0.0)),
        ))
    }

    /// With a capacity, the lane's items in fill order up to and including
    /// the first that does not fit (all of them when all fit); nothing
    /// without one. Reads as many items as fit, whatever the lane's size.
    pub fn lane_head(&self, lane: Lane, capacity: Option<f64>) -> Result<Vec<Item>> {
        let mut head = Vec::new();
        if capacity.is_none() {
            return Ok(head);
        }
        let mut filling = Filling::new(capacity);
        let mut key = None;
        loop {
            let chunk = self.lane_after(lane, key, false, HEAD_CHUNK)?;
            let full_chunk = chunk.len() == HEAD_CHUNK;
            for item in chunk {
                key = Some(FillKey::of_item(&item));
                let slips = filling.add(item.rice.effort.value());
                head.push(item);
                if slips {
                    return Ok(head);
                }
            }
            if !full_chunk {
                return Ok(head);
            }
        }
    }

    /// What the Roadmap pane plans a lane from: its totals, its head, and
    /// a run of up to `before` items before `at` and `after` items from it
    /// (from the top when `at` is `None`); and the position of `at` (where
    /// an item at `at` is or would be).
    pub fn lane_read(
        &self,
        lane: Lane,
        capacity: Option<f64>,
        at: Option<FillKey>,
        before: usize,
        after: usize,
    ) -> Result<(LaneRead, usize)> {
        let (count, load_hundredths, best) = self.lane_totals(lane)?;
        let head = self.lane_head(lane, capacity)?;
        let (position, first, items) = match at {
            None => (0, 0, self.lane_after(lane, None, false, after)?),
            Some(key) => {
                let position = self.lane_position(lane, key)?;
                let mut items = self.lane_before(lane, key, before.min(position))?;
                items.reverse();
                let first = position - items.len();
                items.extend(self.lane_after(lane, Some(key), true, after)?);
                (position, first, items)
            }
        };
        let read = LaneRead {
            count,
            load_hundredths,
            best,
            head,
            first,
            items,
        };
        Ok((read, position))
    }
}

/// A lane streamed whole, for the command line: its items in fill order
/// one at a time, where it starts slipping, and its reviews.
impl Store {
    /// Hands over a lane's items in fill order (pinned first, then the
    /// ranking) from `from` (at it too) or from the top, one at a time and
    /// none kept, until `each` breaks. Read through the indexes, so memory
    /// stays the same at any size of lane.
    pub fn for_each_in_lane(
        &self,
        lane: Lane,
        from: Option<FillKey>,
        mut each: impl FnMut(&Item) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        let parts = match from {
            Some(FillKey {
                pinned: false,
                rank,
            }) => vec![(Part::Unpinned, rank)],
            _ => vec![
                (Part::Pinned, from.map_or(RankKey::FIRST, |k| k.rank)),
                (Part::Unpinned, RankKey::FIRST),
            ],
        };
        for (part, start) in parts {
            if part_stream(&self.conn, lane, part, start, &mut each)?.is_break() {
                break;
            }
        }
        Ok(())
    }

    /// With a capacity, the position and place of the first item of the
    /// lane that does not fit (every item from there on slips); `None`
    /// when all fit or without a capacity. Reads the lane up to there.
    pub fn lane_first_slip(
        &self,
        lane: Lane,
        capacity: Option<f64>,
    ) -> Result<Option<(usize, FillKey)>> {
        if capacity.is_none() {
            return Ok(None);
        }
        let mut filling = Filling::new(capacity);
        let mut position = 0;
        let mut found = None;
        self.for_each_in_lane(lane, None, |item| {
            if filling.add(item.rice.effort.value()) {
                found = Some((position, FillKey::of_item(item)));
                return Ok(ControlFlow::Break(()));
            }
            position += 1;
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(found)
    }

    /// Hands over a lane's items that have success criteria (a review
    /// date), in fill order, none kept: those whose review may be past its
    /// date. Read through their own small index (migration 18).
    pub fn for_each_reviewed_in_lane(
        &self,
        lane: Lane,
        mut each: impl FnMut(&Item) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM backlog_item \
             WHERE lane = ?1 AND deleted_at IS NULL AND review_by IS NOT NULL \
             ORDER BY pin_reason IS NULL, rank_key, seq"
        ))?;
        let mut rows = stmt.query([lane.name()])?;
        while let Some(row) = rows.next()? {
            each(&item_from_row(row)?)?;
        }
        Ok(())
    }
}

/// The impact map's items read a window at a time: the open items linked
/// to an impact on the map (few: read whole), and those that serve no
/// goal (most of a large backlog), in ranking order from any place.
impl Store {
    /// The open items linked to an impact on the map, in creation order.
    pub fn mapped_items(&self) -> Result<Vec<Item>> {
        super::all_rows(
            &self.conn,
            &format!(
                "SELECT {ITEM_COLUMNS} FROM backlog_item \
                 WHERE impact_id IN (SELECT id FROM impact) AND deleted_at IS NULL \
                 AND lane NOT IN ('done', 'killed') ORDER BY seq"
            ),
            [],
            item_from_row,
        )
    }

    /// How many open items serve no goal: every open item (the lanes'
    /// counts) but those on the map.
    pub fn unmapped_count(&self) -> Result<usize> {
        let open: i64 = self.conn.query_row(
            "SELECT coalesce(sum(items), 0) AS n FROM lane_load \
             WHERE lane NOT IN ('done', 'killed')",
            [],
            |r| r.get("n"),
        )?;
        let mapped: i64 = self.conn.query_row(
            "SELECT count(*) AS n FROM backlog_item \
             WHERE impact_id IN (SELECT id FROM impact) AND deleted_at IS NULL \
             AND lane NOT IN ('done', 'killed')",
            [],
            |r| r.get("n"),
        )?;
        Ok((open - mapped).max(0) as usize)
    }

    /// Up to `n` open items that serve no goal after `key` (at it too when
    /// `inclusive`), in ranking order; before it, nearest first, when
    /// `forwards` is false.
    pub fn unmapped_from(
        &self,
        key: RankKey,
        inclusive: bool,
        forwards: bool,
        n: usize,
    ) -> Result<Vec<super::Ranked>> {
        let listing = super::Listing::new(&crate::domain::backlog::Filter::default(), false);
        let impacts: std::collections::HashSet<String> =
            super::all_rows(&self.conn, "SELECT id FROM impact", [], |r| r.get("id"))?
                .into_iter()
                .collect();
        let mut out = Vec::new();
        let (mut from, mut inclusive) = (key, inclusive);
        while out.len() < n {
            let want = n - out.len();
            let rows = if forwards {
                self.listed_after(&listing, from, inclusive, want)?
            } else {
                self.listed_before(&listing, from, want)?
            };
            let end = rows.len() < want;
            if let Some(last) = rows.last() {
                from = last.key;
                inclusive = false;
            }
            out.extend(rows.into_iter().filter(|r| {
                r.item
                    .roadmap
                    .impact_id
                    .as_ref()
                    .is_none_or(|id| !impacts.contains(id))
            }));
            if end {
                break;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::backlog::{ItemPatch, NewItem, Tags, Title};
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
    use crate::domain::roadmap::{
        Capacities, LanePlanner, ROADMAP_LANES, RoadmapPatch, effort_hundredths, lane_outline,
        lane_plan, plan, review_overdue,
    };
    use proptest::prelude::*;

    fn now() -> jiff::Timestamp {
        "2026-11-25T14:00:00Z".parse().unwrap()
    }

    fn today() -> jiff::civil::Date {
        "2026-11-25".parse().unwrap()
    }

    /// An item from small numbers, so scores often tie; efforts with two
    /// decimals that float sums get wrong (0.1 + 0.2).
    fn new_item((reach, impact, effort, lane): (u8, usize, u8, usize)) -> NewItem {
        let lane = [
            Lane::Now,
            Lane::Next,
            Lane::Later,
            Lane::Exploring,
            Lane::Inbox,
        ][lane % 5];
        NewItem {
            title: Title::parse(&format!("Item r{reach} e{effort}")).unwrap(),
            description: String::new(),
            rice: Rice {
                reach: Reach::new(f64::from(reach % 5) * 10.0).unwrap(),
                impact: Impact::ALL[impact % 5],
                confidence: Confidence::PRESETS[impact % 3],
                effort: Effort::new([0.1, 0.2, 0.5, 1.0, 2.55, 3.0, 0.01][effort as usize % 7])
                    .unwrap(),
            },
            lane,
            tags: Tags::default(),
            kill_reason: None,
        }
    }

    /// Every lane's count and load as the items say.
    fn loads_from_items(store: &Store) -> Vec<(String, i64, i64)> {
        let mut out = Vec::new();
        for lane in Lane::ALL {
            let items: Vec<_> = store
                .items()
                .unwrap()
                .into_iter()
                .filter(|i| i.lane == lane)
                .collect();
            let load = items
                .iter()
                .map(|i| effort_hundredths(i.rice.effort.value()))
                .sum();
            out.push((lane.name().to_string(), items.len() as i64, load));
        }
        out
    }

    fn stored_loads(store: &Store) -> Vec<(String, i64, i64)> {
        Lane::ALL
            .iter()
            .map(|lane| {
                let (n, load, _) = store.lane_totals(*lane).unwrap();
                (lane.name().to_string(), n as i64, load)
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// A lane read a window at a time plans the same as the whole
        /// plan: the same items at the same positions with the same slips,
        /// the same count, load, best score and head — from any item, with
        /// pins and capacities, after moves, effort edits and deletes.
        #[test]
        fn windowed_lanes_plan_as_the_whole_plan(
            specs in proptest::collection::vec((any::<u8>(), 0usize..5, any::<u8>(), 0usize..5), 0..40),
            pins in proptest::collection::vec(any::<bool>(), 40),
            caps in proptest::collection::vec(proptest::option::of(0u32..1200), 4),
            edits in proptest::collection::vec((0usize..40, 0usize..4), 0..6),
            before in 0usize..6,
            after in 1usize..8,
        ) {
            let mut store = Store::open_in_memory().unwrap();
            let news: Vec<NewItem> = specs.into_iter().map(new_item).collect();
            store.add_items(&news, now()).unwrap();
            let ids: Vec<String> = store.items().unwrap().into_iter().map(|i| i.id).collect();
            for (id, pinned) in ids.iter().zip(&pins) {
                if *pinned {
                    let pin = RoadmapPatch { pin: Some(Some("VP".into())), ..Default::default() };
                    store.update_item_with(id, &ItemPatch::default(), &pin, now()).unwrap();
                }
            }
            // Moves, a new effort, a delete: the triggers keep the loads.
            for (n, what) in edits {
                let Some(id) = ids.get(n % ids.len().max(1)) else { continue };
                match what {
                    0 => { store.delete_item(id, now()).ok(); }
                    1 => {
                        let patch = ItemPatch { lane: Some(Lane::Now), ..Default::default() };
                        store.update_item(id, &patch, now()).ok();
                    }
                    2 => {
                        let patch = ItemPatch {
                            effort: Some(Effort::new(0.3).unwrap()),
                            ..Default::default()
                        };
                        store.update_item(id, &patch, now()).ok();
                    }
                    _ => {
                        let patch = ItemPatch { lane: Some(Lane::Done), ..Default::default() };
                        store.update_item(id, &patch, now()).ok();
                    }
                }
            }
            prop_assert_eq!(stored_loads(&store), loads_from_items(&store));
            let mut capacities = Capacities::default();
            for (lane, cap) in ROADMAP_LANES.iter().zip(&caps) {
                capacities.set(*lane, cap.map(|c| f64::from(c) / 100.0));
            }
            let whole = plan(&store.roadmap_items().unwrap(), &capacities, today());
            for lane in ROADMAP_LANES {
                let full = whole.lane(lane).unwrap();
                let capacity = capacities.get(lane);
                // From the top.
                let (read, _) = store.lane_read(lane, capacity, None, before, after).unwrap();
                let top = lane_plan(lane, &read, capacity, today());
                let mut expected = full.clone();
                expected.items.truncate(after);
                prop_assert_eq!(&top, &expected);
                // Around each item.
                for (position, item) in full.items.iter().enumerate() {
                    let key = FillKey::of(item);
                    prop_assert_eq!(store.lane_position(lane, key).unwrap(), position);
                    let (read, at) = store.lane_read(lane, capacity, Some(key), before, after).unwrap();
                    prop_assert_eq!(at, position);
                    let windowed = lane_plan(lane, &read, capacity, today());
                    let first = position.saturating_sub(before);
                    let end = (position + after).min(full.items.len());
                    let mut expected = full.clone();
                    expected.first = first;
                    expected.items = full.items[first..end].to_vec();
                    prop_assert_eq!(&windowed, &expected);
                }
            }
        }
    }

    /// Every item of a lane streamed in fill order through the domain's
    /// lane planner, one at a time.
    fn streamed(store: &Store, lane: Lane, capacity: Option<f64>) -> Vec<PlannedItem> {
        let mut planner = LanePlanner::new(capacity, today());
        let mut out = Vec::new();
        store
            .for_each_in_lane(lane, None, |item| {
                out.push(planner.plan(item));
                Ok(ControlFlow::Continue(()))
            })
            .unwrap();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// A lane streamed one item at a time plans the same as the whole
        /// plan: the same items in the same order with the same slips and
        /// overdue reviews; its outline (count, load, best, where it starts
        /// slipping, how many slip) is the whole plan's; the slipping items
        /// streamed from the first slip are the whole plan's slipping
        /// items; and the reviews read through their index are the whole
        /// plan's overdue items — with pins, capacities that cut a lane,
        /// ties, reviews past their date and not, moves and deletes.
        #[test]
        fn streamed_lanes_plan_as_the_whole_plan(
            specs in proptest::collection::vec((any::<u8>(), 0usize..5, any::<u8>(), 0usize..5), 0..40),
            pins in proptest::collection::vec(any::<bool>(), 40),
            reviews in proptest::collection::vec(proptest::option::of(-3i32..3), 40),
            caps in proptest::collection::vec(proptest::option::of(0u32..1200), 4),
            edits in proptest::collection::vec((0usize..40, 0usize..3), 0..6),
        ) {
            let mut store = Store::open_in_memory().unwrap();
            let news: Vec<NewItem> = specs.into_iter().map(new_item).collect();
            store.add_items(&news, now()).unwrap();
            let ids: Vec<String> = store.items().unwrap().into_iter().map(|i| i.id).collect();
            for ((id, pinned), review) in ids.iter().zip(&pins).zip(&reviews) {
                let patch = RoadmapPatch {
                    pin: pinned.then(|| Some("VP".to_string())),
                    success: review.map(|_| "3 teams adopted".to_string()),
                    // Days from today: before it is overdue, from it not.
                    review_by: review.map(|days| {
                        today().checked_add(jiff::Span::new().days(days)).unwrap()
                    }),
                    ..Default::default()
                };
                if !patch.is_empty() {
                    store.update_item_with(id, &ItemPatch::default(), &patch, now()).unwrap();
                }
            }
            for (n, what) in edits {
                let Some(id) = ids.get(n % ids.len().max(1)) else { continue };
                match what {
                    0 => { store.delete_item(id, now()).ok(); }
                    1 => {
                        let patch = ItemPatch { lane: Some(Lane::Now), ..Default::default() };
                        store.update_item(id, &patch, now()).ok();
                    }
                    _ => {
                        let patch = ItemPatch { lane: Some(Lane::Killed), kill_reason: Some("no".into()), ..Default::default() };
                        store.update_item(id, &patch, now()).ok();
                    }
                }
            }
            let mut capacities = Capacities::default();
            for (lane, cap) in ROADMAP_LANES.iter().zip(&caps) {
                capacities.set(*lane, cap.map(|c| f64::from(c) / 100.0));
            }
            let whole = plan(&store.roadmap_items().unwrap(), &capacities, today());
            for lane in ROADMAP_LANES {
                let full = whole.lane(lane).unwrap();
                let capacity = capacities.get(lane);
                prop_assert_eq!(&streamed(&store, lane, capacity), &full.items);

                let (count, load, best) = store.lane_totals(lane).unwrap();
                let slip = store.lane_first_slip(lane, capacity).unwrap();
                let outline = lane_outline(lane, count, load, best, slip.map(|s| s.0), capacity, today());
                let mut expected = full.clone();
                expected.head.clear();
                expected.items.clear();
                prop_assert_eq!(&outline, &expected);
                prop_assert_eq!(outline.slipping_count(), full.slipping().count());
                prop_assert_eq!(full.slipping_count(), full.slipping().count());

                let mut slipping = Vec::new();
                if let Some((_, key)) = slip {
                    let mut planner = LanePlanner::from_first_slip(today());
                    store.for_each_in_lane(lane, Some(key), |item| {
                        slipping.push(planner.plan(item));
                        Ok(ControlFlow::Continue(()))
                    }).unwrap();
                }
                let expected: Vec<PlannedItem> = full.slipping().cloned().collect();
                prop_assert_eq!(slipping, expected);

                let mut overdue = Vec::new();
                store.for_each_reviewed_in_lane(lane, |item| {
                    if review_overdue(item, today()) {
                        overdue.push(item.id.clone());
                    }
                    Ok(())
                }).unwrap();
                let expected: Vec<String> = whole
                    .overdue()
                    .filter(|(l, _)| *l == lane)
                    .map(|(_, i)| i.id.clone())
                    .collect();
                prop_assert_eq!(overdue, expected);
            }
        }
    }

    /// A bulk import adds its items to the lanes' loads once, as the
    /// trigger would have row by row.
    #[test]
    fn a_bulk_import_keeps_the_lane_loads() {
        use crate::domain::tracker::{Incoming, Origin};
        let mut store = Store::open_in_memory().unwrap();
        store
            .add_items(&[new_item((1, 1, 1, 0)), new_item((2, 2, 4, 1))], now())
            .unwrap();
        let rows = (0..120).map(|i| {
            let title = Title::parse(&format!("Imported {i}")).unwrap();
            let mut incoming = Incoming::new(Origin::Line(i + 2), title);
            incoming.placement = Some(crate::domain::tracker::Placement::Lane(
                [Lane::Now, Lane::Later, Lane::Done][i as usize % 3],
                None,
            ));
            incoming.effort = Some(Effort::new([0.1, 0.2, 2.55][i as usize % 3]).unwrap());
            Ok::<_, crate::domain::InputError>(incoming)
        });
        store.import_rows_with(rows, now(), 20).unwrap();
        assert_eq!(stored_loads(&store), loads_from_items(&store));
        assert_eq!(store.lane_totals(Lane::Now).unwrap().0, 41);
        // A backup restored into a new file carries the same loads.
        let mut backup = Vec::new();
        store.write_backup(&mut backup).unwrap();
        let mut restored = Store::open_in_memory().unwrap();
        restored.restore_backup(&backup[..]).unwrap();
        assert_eq!(stored_loads(&restored), stored_loads(&store));
    }
}
