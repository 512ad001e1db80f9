//! The Roadmap pane: the four lanes with their dates, capacity and load,
//! items in fill order (pins first, then RICE) with what slips; moving and
//! pinning say what they delay; reviews past their date ask keep or kill;
//! and the impact map (goals → actors → impacts → items).

pub mod keys;
mod render;

use super::{Ctx, KeyResult, Pane, View};
use crate::domain::backlog::{Item, ItemPatch, Lane};
use crate::domain::impact_map::{Actor, Goal, ImpactRecord, build, goal_metric_status};
use crate::domain::metric::{Metric, Reading};
use crate::domain::rice::format_score;
use crate::domain::roadmap::{
    Capacities, Force, LanePlan, Plan, PlannedItem, ROADMAP_LANES, RoadmapPatch, consequence,
    describe_consequence, fill_order, format_load, lane_plan, lane_title, next_lane, plan,
    previous_lane,
};
use crate::store::FillKey;
use crate::tui::action::{Action, NodeTarget, RoadmapAction};
use crate::tui::keymap::{Binding, HelpGroup};
use crate::tui::widgets::confirm::Choice;
use crate::tui::widgets::document::Document;
use crate::tui::widgets::prompt::Prompt;
use color_eyre::eyre::Result;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use ratatui::layout::{Position, Rect};

pub use render::board_areas;

/// The answers to "this item is past its review date".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAnswer {
    Keep,
    Kill,
    Later,
}

/// The one popup the pane may have open.
#[derive(Debug, Clone)]
enum Overlay {
    Pin {
        prompt: Prompt,
        id: String,
    },
    Capacity {
        prompt: Prompt,
        lane: Lane,
    },
    Kill {
        prompt: Prompt,
        id: String,
    },
    Review {
        choice: Choice<ReviewAnswer>,
        id: String,
    },
    KeepDate {
        prompt: Prompt,
        id: String,
    },
    AddNode {
        prompt: Prompt,
        target: NodeTarget,
    },
    /// What a move or a pin delays.
    Note(Document),
}

/// A run of the items that serve no goal, in ranking order.
#[derive(Debug, Clone, Default)]
struct Unmapped {
    count: usize,
    /// The position (among these items) of `rows[0]`.
    first: usize,
    rows: Vec<MapRow>,
    keys: Vec<crate::store::RankKey>,
}

impl MapView {
    fn len(&self) -> usize {
        self.rows.len() + self.unmapped.count
    }

    fn row(&self, n: usize) -> Option<&MapRow> {
        match n.checked_sub(self.rows.len()) {
            None => self.rows.get(n),
            Some(p) => p
                .checked_sub(self.unmapped.first)
                .and_then(|i| self.unmapped.rows.get(i)),
        }
    }
}

/// One row of the impact map as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct MapRow {
    pub kind: RowKind,
    pub text: String,
    /// The goal, actor, impact or item the row shows.
    pub id: String,
    /// For actor, impact and item rows: the actor they sit under (an
    /// actor's own id); for goal rows, none.
    pub actor_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Goal,
    /// The goal's metric and its status.
    Metric,
    /// One part of it: latest value against target.
    MetricPart,
    Actor,
    Impact,
    Item,
    Heading,
    Unlinked,
}

/// The impact map's state while it is open.
#[derive(Debug, Clone, Default)]
struct MapView {
    /// The goals down to their items, and the heading of the items that
    /// serve no goal.
    rows: Vec<MapRow>,
    /// The items that serve no goal (most of a large backlog), a run at a
    /// time: the rows after `rows`.
    unmapped: Unmapped,
    /// The selected row: `rows`, then the items that serve no goal.
    selected: usize,
    /// The item Enter on an impact links: the board's selection, or an item
    /// chosen on the map.
    linking: Option<(String, String)>,
}

/// How many items each side of the selection the board could show in
/// `body` (each item takes at least two rows): a lane's run holds twice as
/// many, and is read again around the selection when fewer are left.
fn reach(body: Rect) -> usize {
    body.height as usize / 2 + 1
}

/// A lane a move or a pin touched (an index into the four) and the items
/// its popup lists, with their positions.
type TouchedLane = (usize, Vec<(usize, PlannedItem)>);

/// How many items of a lane the popup after a move or a pin lists at
/// least (with a capacity, every item up to the first that slips too).
const NOTE_ITEMS: usize = 100;

/// How many newly slipping items the status line names after a capacity
/// is set on a lane that had none.
const SLIPS_NAMED: usize = 20;

#[derive(Debug)]
pub struct RoadmapPane {
    capacities: Capacities,
    /// Each lane's count, load, head and the run of its items around the
    /// selection: a lane is read a window at a time.
    plan: Plan,
    today: Date,
    zone: TimeZone,
    /// The focused lane (index into the four) and the selection in each
    /// (a position in the lane).
    lane: usize,
    rows: [usize; 4],
    map: Option<MapView>,
    overlay: Option<Overlay>,
}

impl RoadmapPane {
    pub fn load(ctx: &mut Ctx<'_>, zone: TimeZone) -> Result<Self> {
        let mut pane = Self::unread(ctx, zone);
        pane.capacities = ctx.store.capacities()?;
        for l in 0..ROADMAP_LANES.len() {
            pane.plan.lanes[l] = pane.read_lane(l, None, ctx)?.0;
        }
        Ok(pane)
    }

    /// The pane before its first read: empty until it is first shown,
    /// when the app reads it (see `App`'s panes read lazily). Starting the
    /// app reads no roadmap lane.
    pub fn unread(ctx: &Ctx<'_>, zone: TimeZone) -> Self {
        let today = ctx.clock.now().to_zoned_datetime(zone.clone()).date();
        let capacities = Capacities::default();
        Self {
            plan: plan(&[], &capacities, today),
            capacities,
            today,
            zone,
            lane: 0,
            rows: [0; 4],
            map: None,
            overlay: None,
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The selected item of the focused lane.
    pub fn selected(&self) -> Option<&PlannedItem> {
        self.plan
            .lanes
            .get(self.lane)
            .and_then(|l| l.at(self.rows[self.lane]))
    }

    /// Reads lane `l` planned, with a run of its items around `at` (from
    /// the top when `None`) as long as the board can show, and the
    /// position of `at`.
    fn read_lane(
        &self,
        l: usize,
        at: Option<FillKey>,
        ctx: &mut Ctx<'_>,
    ) -> Result<(LanePlan, usize)> {
        let lane = ROADMAP_LANES[l];
        let capacity = self.capacities.get(lane);
        let side = 2 * reach(ctx.body);
        let (read, position) = ctx.store.lane_read(lane, capacity, at, side, side + 1)?;
        Ok((lane_plan(lane, &read, capacity, self.today), position))
    }

    /// Selects `target` in lane `l` (clamped to the lane), reading the
    /// lane again around it when its run would not hold what the board
    /// shows there.
    fn select(&mut self, l: usize, target: usize, ctx: &mut Ctx<'_>) {
        let count = self.plan.lanes[l].count;
        let target = target.min(count.saturating_sub(1));
        let reach = reach(ctx.body);
        // Steps to the run's edge first when the target is past it.
        for _ in 0..count {
            let lane = &self.plan.lanes[l];
            let end = lane.first + lane.items.len();
            let lo = target.saturating_sub(reach);
            let hi = (target + reach + 1).min(count);
            if lane.items.is_empty() || (lane.first <= lo && end >= hi) {
                break;
            }
            let anchor = target.clamp(lane.first, end - 1);
            let at = lane.at(anchor).map(FillKey::of);
            match self.read_lane(l, at, ctx) {
                Ok((plan, _)) => self.plan.lanes[l] = plan,
                Err(e) => {
                    ctx.status.failed("Could not read the roadmap", &e);
                    break;
                }
            }
            if anchor == target {
                break;
            }
        }
        self.rows[l] = target;
    }

    fn focused_lane(&self) -> Lane {
        ROADMAP_LANES[self.lane.min(3)]
    }

    /// Reads the capacities and every lane again, keeping `keep` selected
    /// (it may have moved lanes) and the other lanes' selections at their
    /// positions.
    fn reload(&mut self, keep: Option<&str>, ctx: &mut Ctx<'_>) {
        self.today = ctx.clock.now().to_zoned_datetime(self.zone.clone()).date();
        if let Err(e) = self.read_all(keep, ctx) {
            ctx.status.failed("Could not read the roadmap", &e);
        }
        if self.map.is_some() {
            self.load_map(ctx);
        }
    }

    fn read_all(&mut self, keep: Option<&str>, ctx: &mut Ctx<'_>) -> Result<()> {
        self.capacities = ctx.store.capacities()?;
        let kept = match keep {
            Some(id) => ctx.store.item(id)?,
            None => None,
        };
        for (l, lane) in ROADMAP_LANES.into_iter().enumerate() {
            if let Some(item) = kept.as_ref().filter(|i| i.lane == lane) {
                let (plan, position) = self.read_lane(l, Some(FillKey::of_item(item)), ctx)?;
                self.plan.lanes[l] = plan;
                self.lane = l;
                self.select(l, position, ctx);
                continue;
            }
            // The selection stays at its position: read around the item
            // that was there.
            let row = self.rows[l];
            let at = self.plan.lanes[l].at(row).map(FillKey::of);
            let (plan, position) = self.read_lane(l, at, ctx)?;
            let end = plan.first + plan.items.len();
            self.plan.lanes[l] = plan;
            let row = if (self.plan.lanes[l].first..end).contains(&row) {
                row
            } else {
                position
            };
            self.select(l, row, ctx);
        }
        Ok(())
    }

    fn load_map(&mut self, ctx: &mut Ctx<'_>) {
        let read = || -> Result<(MapData, usize)> {
            Ok((
                MapData {
                    goals: ctx.store.goals()?,
                    actors: ctx.store.actors()?,
                    impacts: ctx.store.impacts()?,
                    items: ctx.store.mapped_items()?,
                    metrics: ctx.store.metrics()?,
                    readings: ctx.store.readings()?,
                },
                ctx.store.unmapped_count()?,
            ))
        };
        match read() {
            Ok((data, count)) => {
                let rows = map_rows(&data, self.today);
                let view = self.map.get_or_insert_with(MapView::default);
                view.rows = rows;
                // The old run's keys anchor the new read.
                view.unmapped.count = count;
                let selected = view.selected;
                self.map_select(selected, true, ctx);
            }
            Err(e) => ctx.status.failed("Could not read the impact map", &e),
        }
    }

    /// Selects row `target` of the map (clamped), reading the items that
    /// serve no goal around it when the run would not hold what the map
    /// shows there (each row takes at least a line), or when `stale`.
    fn map_select(&mut self, target: usize, stale: bool, ctx: &mut Ctx<'_>) {
        let reach = ctx.body.height as usize + 1;
        let Some(map) = self.map.as_mut() else {
            return;
        };
        let target = target.min(map.len().saturating_sub(1));
        map.selected = target;
        let count = map.unmapped.count;
        // Positions among the items that serve no goal the map may show.
        let lo = target.saturating_sub(reach).saturating_sub(map.rows.len());
        let hi = (target + reach + 1)
            .saturating_sub(map.rows.len())
            .min(count);
        let mut stale = stale;
        for _ in 0..=count {
            let run = &map.unmapped;
            let end = run.first + run.rows.len();
            let covered = lo >= hi || (run.first <= lo && end >= hi);
            if !stale && covered {
                return;
            }
            // Read around the run's item nearest the shown part, or from
            // the top.
            let want = lo.min(count.saturating_sub(1));
            let anchor = match end.checked_sub(1) {
                Some(last) if !run.keys.is_empty() => {
                    let at = want.clamp(run.first, last);
                    run.keys.get(at - run.first).map(|k| (at, *k))
                }
                _ => None,
            };
            let side = 2 * reach;
            let after = side + hi.saturating_sub(lo);
            let read = |store: &crate::store::Store| -> Result<(usize, Vec<crate::store::Ranked>)> {
                let first = crate::store::RankKey::FIRST;
                match anchor {
                    None => Ok((0, store.unmapped_from(first, false, true, after)?)),
                    Some((at, key)) => {
                        let asked = side.min(at);
                        let mut rows = store.unmapped_from(key, false, false, asked)?;
                        // Fewer than asked: the run starts at the top.
                        let first = if rows.len() < asked {
                            0
                        } else {
                            at - rows.len()
                        };
                        rows.reverse();
                        rows.extend(store.unmapped_from(key, true, true, after)?);
                        Ok((first, rows))
                    }
                }
            };
            match read(ctx.store) {
                Ok((first, rows)) => {
                    map.unmapped.first = first;
                    map.unmapped.keys = rows.iter().map(|r| r.key).collect();
                    map.unmapped.rows = rows.iter().map(|r| unmapped_row(&r.item)).collect();
                }
                Err(e) => {
                    ctx.status.failed("Could not read the impact map", &e);
                    return;
                }
            }
            stale = false;
            if anchor.is_none_or(|(at, _)| at == want) {
                return;
            }
        }
    }

    /// Applies a change to one item and says what it delays, in the status
    /// line and a popup, scores side by side.
    fn force(
        &mut self,
        id: &str,
        patch: &ItemPatch,
        roadmap: &RoadmapPatch,
        force: Force,
        ctx: &mut Ctx<'_>,
    ) {
        let before = self.plan.clone();
        match ctx
            .store
            .update_item_with(id, patch, roadmap, ctx.clock.now())
        {
            Ok(item) => {
                self.overlay = None;
                self.reload(Some(id), ctx);
                let effect = consequence(&before, &self.plan, id);
                let sentence =
                    describe_consequence(force, &item.title, item.score(), &self.plan, id, &effect);
                ctx.status.info(sentence.clone());
                let text = match self.touched_lanes(&before, id, ctx) {
                    Ok(touched) => note_text(&sentence, &before, &self.plan, id, &touched),
                    Err(e) => {
                        ctx.status.failed("Could not read the roadmap", &e);
                        return;
                    }
                };
                self.overlay = Some(Overlay::Note(Document::new("What this changes", &text)));
            }
            Err(e) => ctx.status.failed("Not saved", &e),
        }
    }

    /// The lanes a change to `forced` touched (it left or entered them, or
    /// its pin changed there), each with its items from the top to list:
    /// at least [`NOTE_ITEMS`], every item up to the first that slips, and
    /// the forced item.
    fn touched_lanes(
        &self,
        before: &Plan,
        forced: &str,
        ctx: &mut Ctx<'_>,
    ) -> Result<Vec<TouchedLane>> {
        let was = before.find(forced).map(|(l, i)| (l, i.pin.is_some()));
        let is = self.plan.find(forced).map(|(l, i)| (l, i.pin.is_some()));
        let mut touched = Vec::new();
        if was == is {
            return Ok(touched);
        }
        for (l, lane) in self.plan.lanes.iter().enumerate() {
            let here = |state: Option<(Lane, bool)>| state.is_some_and(|(at, _)| at == lane.lane());
            if !here(was) && !here(is) {
                continue;
            }
            let n = NOTE_ITEMS.max(lane.head.len());
            let (read, _) = ctx
                .store
                .lane_read(lane.lane(), lane.capacity, None, 0, n)?;
            let top = lane_plan(lane.lane(), &read, lane.capacity, self.today);
            let mut rows: Vec<(usize, PlannedItem)> = top.items.into_iter().enumerate().collect();
            if !rows.iter().any(|(_, i)| i.id == forced)
                && let Some(position) = (lane.first..lane.first + lane.items.len())
                    .find(|p| lane.at(*p).is_some_and(|i| i.id == forced))
                && let Some(item) = lane.at(position)
            {
                rows.push((position, item.clone()));
            }
            touched.push((l, rows));
        }
        Ok(touched)
    }

    pub fn update(&mut self, action: RoadmapAction, ctx: &mut Ctx<'_>) {
        use RoadmapAction as A;
        if let Some(selected) = self.map.as_ref().map(|m| m.selected) {
            match action {
                A::Down => {
                    self.map_select(selected + 1, false, ctx);
                    return;
                }
                A::Up => {
                    self.map_select(selected.saturating_sub(1), false, ctx);
                    return;
                }
                A::Scroll(step) => {
                    let target = (selected as i64 + i64::from(step)).max(0) as usize;
                    self.map_select(target, false, ctx);
                    return;
                }
                _ => {}
            }
        }
        match action {
            A::Left => self.lane = self.lane.saturating_sub(1),
            A::Right => self.lane = (self.lane + 1).min(3),
            A::Down => self.select(self.lane, self.rows[self.lane] + 1, ctx),
            A::Up => self.select(self.lane, self.rows[self.lane].saturating_sub(1), ctx),
            A::Scroll(step) => {
                let target = (self.rows[self.lane] as i64 + i64::from(step)).max(0) as usize;
                self.select(self.lane, target, ctx);
            }
            A::Click { lane, row } => {
                self.lane = lane.min(3);
                if row < self.plan.lanes[self.lane].count {
                    self.select(self.lane, row, ctx);
                }
            }
            A::MoveLeft | A::MoveRight => {
                let Some(item) = self.selected().cloned() else {
                    ctx.status.info("No item in this lane");
                    return;
                };
                let lane = self.focused_lane();
                let to = if action == A::MoveLeft {
                    previous_lane(lane)
                } else {
                    next_lane(lane)
                };
                let Some(to) = to else {
                    ctx.status.info(format!(
                        "{} is the {} lane",
                        lane_title(lane),
                        if action == A::MoveLeft {
                            "first"
                        } else {
                            "last"
                        }
                    ));
                    return;
                };
                let patch = ItemPatch {
                    lane: Some(to),
                    ..Default::default()
                };
                self.force(
                    &item.id,
                    &patch,
                    &RoadmapPatch::default(),
                    Force::Move(to),
                    ctx,
                );
            }
            A::Pin => {
                let Some(item) = self.selected().cloned() else {
                    ctx.status.info("No item in this lane");
                    return;
                };
                if item.pin.is_some() {
                    self.update(
                        A::SetPin {
                            id: item.id,
                            reason: None,
                        },
                        ctx,
                    );
                } else {
                    self.overlay = Some(Overlay::Pin {
                        prompt: Prompt::new(
                            format!("Pin — {}", item.title),
                            "",
                            "why above its RICE rank? e.g. strategic: VP Eng (required)",
                        ),
                        id: item.id,
                    });
                }
            }
            A::SetPin { id, reason } => {
                let force = if reason.is_some() {
                    Force::Pin
                } else {
                    Force::Unpin
                };
                let roadmap = RoadmapPatch {
                    pin: Some(reason),
                    ..Default::default()
                };
                self.force(&id, &ItemPatch::default(), &roadmap, force, ctx);
            }
            A::Capacity => {
                let lane = self.focused_lane();
                let current = self
                    .capacities
                    .get(lane)
                    .map(crate::domain::rice::format_number)
                    .unwrap_or_default();
                self.overlay = Some(Overlay::Capacity {
                    prompt: Prompt::new(
                        format!("Capacity — {}", lane_title(lane)),
                        &current,
                        "person-months, 0 to 10,000; none for no limit",
                    ),
                    lane,
                });
            }
            A::SetCapacity { lane, capacity } => {
                let before = self.plan.clone();
                match ctx.store.set_capacity(lane, capacity, ctx.clock.now()) {
                    Ok(()) => {
                        self.overlay = None;
                        let keep = self.selected().map(|i| i.id.clone());
                        self.reload(keep.as_deref(), ctx);
                        let slips = match self.now_slipping(&before, lane, ctx) {
                            Ok(slips) => slips,
                            Err(e) => {
                                ctx.status.failed("Could not read the roadmap", &e);
                                return;
                            }
                        };
                        let load = self
                            .plan
                            .lane(lane)
                            .map(|l| format_load(l.load, l.capacity))
                            .unwrap_or_default();
                        ctx.status.info(if slips.is_empty() {
                            format!("{}: {load}", lane_title(lane))
                        } else {
                            format!(
                                "{}: {load} · now slipping: {}",
                                lane_title(lane),
                                slips.join(", ")
                            )
                        });
                    }
                    Err(e) => ctx.status.failed("Not saved", &e),
                }
            }
            A::Review => {
                let Some(item) = self.selected().cloned() else {
                    ctx.status.info("No item in this lane");
                    return;
                };
                match (&item.success, item.overdue) {
                    (Some(s), true) => {
                        self.overlay = Some(Overlay::Review {
                            choice: Choice {
                                title: "Review past its date",
                                question: format!(
                                    "{} ({}) was to be reviewed by {}: {}",
                                    item.title,
                                    format_score(item.score),
                                    s.review_by,
                                    s.text.replace('\n', " ")
                                ),
                                table: keys::REVIEW,
                            },
                            id: item.id,
                        })
                    }
                    (Some(s), false) => ctx.status.info(format!(
                        "{}: review by {} — {}",
                        item.title,
                        s.review_by,
                        s.text.replace('\n', " ")
                    )),
                    (None, _) => ctx.status.info(format!(
                        "{} has no success criteria: backlog set ID --success TEXT --review-by DATE",
                        item.title
                    )),
                }
            }
            A::AskKeepDate { id } => {
                self.overlay = Some(Overlay::KeepDate {
                    prompt: Prompt::new("Keep — new review date", "", "YYYY-MM-DD, today or later"),
                    id,
                });
            }
            A::Keep { id, review_by } => {
                let roadmap = RoadmapPatch {
                    review_by: Some(review_by),
                    ..Default::default()
                };
                match ctx.store.update_item_with(
                    &id,
                    &ItemPatch::default(),
                    &roadmap,
                    ctx.clock.now(),
                ) {
                    Ok(item) => {
                        self.overlay = None;
                        self.reload(Some(&id), ctx);
                        ctx.status
                            .info(format!("Kept '{}': review by {review_by}", item.title));
                    }
                    Err(e) => ctx.status.failed("Not saved", &e),
                }
            }
            A::Kill => {
                let Some(item) = self.selected().cloned() else {
                    ctx.status.info("No item in this lane");
                    return;
                };
                self.update(A::AskKill { id: item.id }, ctx);
            }
            A::AskKill { id } => {
                let title = match self.plan.find(&id) {
                    Some((_, item)) => item.title.clone(),
                    None => ctx
                        .store
                        .item(&id)
                        .ok()
                        .flatten()
                        .map(|i| i.title)
                        .unwrap_or_default(),
                };
                self.overlay = Some(Overlay::Kill {
                    prompt: Prompt::new(
                        format!("Kill — {title}"),
                        "",
                        "why is this not worth building? (required)",
                    ),
                    id,
                });
            }
            A::KillItem { id, reason } => {
                let patch = ItemPatch {
                    lane: Some(Lane::Killed),
                    kill_reason: Some(reason),
                    ..Default::default()
                };
                self.force(
                    &id,
                    &patch,
                    &RoadmapPatch::default(),
                    Force::Move(Lane::Killed),
                    ctx,
                );
            }
            A::Map => {
                let linking = self.selected().map(|i| (i.id.clone(), i.title.clone()));
                self.map = Some(MapView {
                    linking,
                    ..Default::default()
                });
                self.load_map(ctx);
            }
            A::Board => self.map = None,
            A::AddGoal => self.open_add(NodeTarget::Goal),
            A::AddNode => {
                let target = match self.map_row() {
                    Some(row) => match row.kind {
                        RowKind::Goal | RowKind::Metric | RowKind::MetricPart => {
                            NodeTarget::Actor {
                                goal_id: row.id.clone(),
                            }
                        }
                        RowKind::Actor | RowKind::Impact | RowKind::Item => {
                            match row.actor_id.clone() {
                                Some(actor_id) => NodeTarget::Impact { actor_id },
                                None => NodeTarget::Goal,
                            }
                        }
                        RowKind::Heading | RowKind::Unlinked => NodeTarget::Goal,
                    },
                    None => NodeTarget::Goal,
                };
                self.open_add(target);
            }
            A::CreateNode { target, name } => {
                let now = ctx.clock.now();
                let result = match &target {
                    NodeTarget::Goal => ctx.store.add_goal(&name, None, now).map(|g| g.id),
                    NodeTarget::Actor { goal_id } => ctx.store.add_actor(goal_id, &name, now),
                    NodeTarget::Impact { actor_id } => ctx.store.add_impact(actor_id, &name, now),
                };
                match result {
                    Ok(id) => {
                        self.overlay = None;
                        self.load_map(ctx);
                        if let Some(map) = self.map.as_mut()
                            && let Some(pos) = map.rows.iter().position(|r| r.id == id)
                        {
                            map.selected = pos;
                        }
                        ctx.status.info(format!("Added '{name}'"));
                    }
                    Err(e) => ctx.status.failed("Not added", &e),
                }
            }
            A::Link => self.link(ctx),
        }
    }

    /// The items of `lane` that fitted in `before` and slip now, named
    /// with their scores, in fill order: after a lane's capacity changed.
    fn now_slipping(&self, before: &Plan, lane: Lane, ctx: &mut Ctx<'_>) -> Result<Vec<String>> {
        let name = |i: &PlannedItem| format!("{} ({})", i.title, format_score(i.score));
        let (Some(old), Some(new)) = (before.lane(lane), self.plan.lane(lane)) else {
            return Ok(Vec::new());
        };
        if new.capacity.is_none() {
            return Ok(Vec::new());
        }
        if old.capacity.is_some() {
            let mut slips: Vec<&PlannedItem> = old
                .fitting()
                .filter(|i| !new.fitting().any(|n| n.id == i.id))
                .collect();
            slips.sort_by(|a, b| fill_order(a, b));
            return Ok(slips.into_iter().map(name).collect());
        }
        // Every item fitted before: the slipping ones are named from the
        // first, up to a count.
        let Some(from) = new.slips_from else {
            return Ok(Vec::new());
        };
        let mut names: Vec<String> = new.head.last().map(name).into_iter().collect();
        let key = new.head.last().map(FillKey::of);
        let more = ctx.store.lane_after(lane, key, false, SLIPS_NAMED - 1)?;
        names.extend(
            more.iter()
                .map(|i| format!("{} ({})", i.title, format_score(i.score()))),
        );
        let rest = new.count.saturating_sub(from + names.len());
        if rest > 0 {
            names.push(format!("{rest} more"));
        }
        Ok(names)
    }

    /// The selected row of the impact map, when it is open.
    pub fn map_selected(&self) -> Option<&MapRow> {
        self.map_row()
    }

    fn map_row(&self) -> Option<&MapRow> {
        let map = self.map.as_ref()?;
        map.row(map.selected)
    }

    fn open_add(&mut self, target: NodeTarget) {
        let (title, help) = match &target {
            NodeTarget::Goal => ("New goal", "e.g. Reduce time to production by 50%"),
            NodeTarget::Actor { .. } => {
                ("New actor", "who changes behaviour: Developers, SRE team…")
            }
            NodeTarget::Impact { .. } => {
                ("New impact", "how their behaviour changes: Deploy faster…")
            }
        };
        self.overlay = Some(Overlay::AddNode {
            prompt: Prompt::new(title, "", help),
            target,
        });
    }

    /// Enter on the map: on an item, choose it; on an impact, link the
    /// chosen item to it.
    fn link(&mut self, ctx: &mut Ctx<'_>) {
        let Some(row) = self.map_row().cloned() else {
            return;
        };
        match row.kind {
            RowKind::Item | RowKind::Unlinked => {
                let title = row.text.clone();
                if let Some(map) = self.map.as_mut() {
                    map.linking = Some((row.id.clone(), title.clone()));
                }
                ctx.status.info(format!(
                    "Linking '{title}': move to an impact and press Enter"
                ));
            }
            RowKind::Impact => {
                let Some((item_id, title)) = self.map.as_ref().and_then(|m| m.linking.clone())
                else {
                    ctx.status
                        .info("Choose an item first: Enter on an item, or select it on the board");
                    return;
                };
                match ctx
                    .store
                    .link_item_to_impact(&item_id, &row.id, ctx.clock.now())
                {
                    Ok(_) => {
                        self.load_map(ctx);
                        if let Some(map) = self.map.as_mut() {
                            map.linking = None;
                        }
                        ctx.status.info(format!("Linked '{title}' to {}", row.text));
                    }
                    Err(e) => ctx.status.failed("Not linked", &e),
                }
            }
            RowKind::Goal
            | RowKind::Metric
            | RowKind::MetricPart
            | RowKind::Actor
            | RowKind::Heading => ctx
                .status
                .info("Enter links an item on an impact row; a adds under the cursor"),
        }
    }
}

/// What the impact map is drawn from.
struct MapData {
    goals: Vec<Goal>,
    actors: Vec<Actor>,
    impacts: Vec<ImpactRecord>,
    items: Vec<Item>,
    metrics: Vec<Metric>,
    readings: Vec<Reading>,
}

/// The map as rows: each goal with its metric against target, its actors,
/// their impacts and items (with their rank in the goal's RICE order), then
/// the open items that serve no goal, with their source.
fn map_rows(data: &MapData, today: Date) -> Vec<MapRow> {
    let map = build(&data.goals, &data.actors, &data.impacts, &data.items);
    let mut rows = Vec::new();
    for goal in &map.goals {
        rows.push(MapRow {
            kind: RowKind::Goal,
            text: goal.goal.title.clone(),
            id: goal.goal.id.clone(),
            actor_id: None,
        });
        if let Some(name) = &goal.goal.metric {
            let metric = goal_metric_status(name, &data.metrics, &data.readings, today);
            let parts = metric
                .part_lines()
                .into_iter()
                .map(|p| (RowKind::MetricPart, p));
            for (kind, text) in std::iter::once((RowKind::Metric, metric.summary())).chain(parts) {
                rows.push(MapRow {
                    kind,
                    text,
                    id: goal.goal.id.clone(),
                    actor_id: None,
                });
            }
        }
        for actor in &goal.actors {
            rows.push(MapRow {
                kind: RowKind::Actor,
                text: actor.actor.name.clone(),
                id: actor.actor.id.clone(),
                actor_id: Some(actor.actor.id.clone()),
            });
            for impact in &actor.impacts {
                rows.push(MapRow {
                    kind: RowKind::Impact,
                    text: impact.impact.name.clone(),
                    id: impact.impact.id.clone(),
                    actor_id: Some(actor.actor.id.clone()),
                });
                for item in &impact.items {
                    let rank = goal
                        .sequence
                        .iter()
                        .position(|i| i.id == item.id)
                        .map_or(0, |p| p + 1);
                    rows.push(MapRow {
                        kind: RowKind::Item,
                        text: format!(
                            "#{rank} {} · {} · {}",
                            item.title,
                            format_score(item.score()),
                            item.lane
                        ),
                        id: item.id.clone(),
                        actor_id: Some(actor.actor.id.clone()),
                    });
                }
            }
        }
    }
    rows.push(MapRow {
        kind: RowKind::Heading,
        text: "Items that serve no goal".into(),
        id: String::new(),
        actor_id: None,
    });
    rows.extend(map.unlinked.iter().map(|item| unmapped_row(item)));
    rows
}

/// The row of an open item that serves no goal.
fn unmapped_row(item: &Item) -> MapRow {
    MapRow {
        kind: RowKind::Unlinked,
        text: format!(
            "{} · {} · {} · source: {}",
            item.title,
            format_score(item.score()),
            item.lane,
            item.roadmap.source.map_or("not stated", |s| s.name())
        ),
        id: item.id.clone(),
        actor_id: None,
    }
}

/// The popup's text after a move or a pin: the sentence, then every lane
/// the change touched, load before → after, its items in order (`touched`:
/// those listed, with their positions) with their scores side by side and
/// what slips; a long lane ends with how many more it holds.
fn note_text(
    sentence: &str,
    before: &Plan,
    after: &Plan,
    forced: &str,
    touched: &[TouchedLane],
) -> String {
    let mut text = format!("{sentence}.\n");
    for (l, rows) in touched {
        let Some(lane) = after.lanes.get(*l) else {
            continue;
        };
        let old = before.lane(lane.lane());
        let old_load = old.map(|l| l.load_text()).unwrap_or_default();
        let load = if old_load == lane.load_text() {
            lane.load_text()
        } else {
            format!("{old_load} → {}", lane.load_text())
        };
        text.push_str(&format!(
            "\n{} · {} · {load}\n",
            lane_title(lane.lane()),
            lane.window.label
        ));
        if lane.count == 0 {
            text.push_str("  no items\n");
        }
        // An item other than the forced one stayed in its lane: it slipped
        // before unless it was among the items that fitted.
        let slipped = |id: &str| {
            old.is_some_and(|o| o.capacity.is_some() && !o.fitting().any(|i| i.id == id))
        };
        let mut next = 0;
        for (n, item) in rows {
            if *n > next {
                text.push_str("   …\n");
            }
            next = n + 1;
            let note = match (slipped(&item.id), item.slipping) {
                _ if item.id == forced && item.slipping => "does not fit".to_string(),
                _ if item.id == forced => String::new(),
                (false, true) => "now slips".to_string(),
                (true, false) => "fits again".to_string(),
                (true, true) => "slips".to_string(),
                (false, false) => String::new(),
            };
            let note = match &item.pin {
                Some(reason) if note.is_empty() => format!("pinned: {reason}"),
                Some(reason) => format!("{note} · pinned: {reason}"),
                None => note,
            };
            let line = format!(
                "{}{:>2} {} {:>7} {:>5} pm  {note}",
                if item.pin.is_some() { "↑" } else { " " },
                n + 1,
                crate::tui::widgets::fit_padded(&item.title, 28),
                format_score(item.score),
                crate::domain::rice::format_number(item.effort),
            );
            // One row per item at 80 columns, so the scores stay in line.
            let line = crate::tui::widgets::fit(line.trim_end(), 76);
            text.push_str(&crate::formats::sanitize::terminal_line(&line));
            text.push('\n');
        }
        let rest = lane.count.saturating_sub(next);
        if rest > 0 {
            text.push_str(&format!(
                "   … {rest} more item{}\n",
                if rest == 1 { "" } else { "s" }
            ));
        }
    }
    text
}

impl Pane for RoadmapPane {
    fn bindings(&self) -> Vec<&'static [Binding<Action>]> {
        self.tables()
    }

    fn modal_help(&self) -> Option<HelpGroup> {
        self.help_of_modal()
    }

    fn modal_key(&mut self, key: crossterm::event::KeyEvent, body: Rect) -> KeyResult {
        self.key_in_modal(key, body)
    }

    fn paste(&mut self, text: &str) -> Option<Action> {
        self.paste_in_modal(text)
    }

    fn has_unsaved_input(&self) -> bool {
        matches!(
            self.overlay,
            Some(
                Overlay::Pin { .. }
                    | Overlay::Capacity { .. }
                    | Overlay::Kill { .. }
                    | Overlay::KeepDate { .. }
                    | Overlay::AddNode { .. }
            )
        )
    }

    fn click(&self, body: Rect, at: Position) -> Option<Action> {
        if self.overlay.is_some() || self.map.is_some() {
            return None;
        }
        let areas = board_areas(body);
        let lane = areas.columns.iter().position(|c| c.contains(at))?;
        let items = render::items_area(areas.columns[lane]);
        let row = self
            .item_rects(lane, items)
            .into_iter()
            .find(|(_, rect)| rect.contains(at))
            .map_or(usize::MAX, |(n, _)| n);
        Some(Action::Roadmap(RoadmapAction::Click { lane, row }))
    }

    fn scroll(&self, step: i32) -> Action {
        Action::Roadmap(RoadmapAction::Scroll(step))
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        let keep = self.selected().map(|i| i.id.clone());
        self.reload(keep.as_deref(), ctx);
    }

    fn render(&self, area: Rect, buf: &mut ratatui::buffer::Buffer, view: &View<'_>) {
        self.draw(area, buf, view.theme);
    }
}
