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
    Capacities, Force, Plan, ROADMAP_LANES, RoadmapPatch, consequence, describe_consequence,
    format_load, lane_title, next_lane, plan, previous_lane,
};
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
    rows: Vec<MapRow>,
    selected: usize,
    /// The item Enter on an impact links: the board's selection, or an item
    /// chosen on the map.
    linking: Option<(String, String)>,
}

#[derive(Debug)]
pub struct RoadmapPane {
    items: Vec<Item>,
    capacities: Capacities,
    plan: Plan,
    today: Date,
    zone: TimeZone,
    /// The focused lane (index into the four) and the selection in each.
    lane: usize,
    rows: [usize; 4],
    map: Option<MapView>,
    overlay: Option<Overlay>,
}

impl RoadmapPane {
    pub fn load(ctx: &mut Ctx<'_>, zone: TimeZone) -> Result<Self> {
        let today = ctx.clock.now().to_zoned_datetime(zone.clone()).date();
        let items = ctx.store.roadmap_items()?;
        let capacities = ctx.store.capacities()?;
        Ok(Self {
            plan: plan(&items, &capacities, today),
            items,
            capacities,
            today,
            zone,
            lane: 0,
            rows: [0; 4],
            map: None,
            overlay: None,
        })
    }

    /// The pane before its first read: empty until it is first shown,
    /// when the app reads it (see `App`'s panes read lazily). Starting the
    /// app reads no roadmap lane, whose items grow with the backlog.
    pub fn unread(ctx: &Ctx<'_>, zone: TimeZone) -> Self {
        let today = ctx.clock.now().to_zoned_datetime(zone.clone()).date();
        let capacities = Capacities::default();
        Self {
            plan: plan(&[], &capacities, today),
            items: Vec::new(),
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
    pub fn selected(&self) -> Option<&crate::domain::roadmap::PlannedItem> {
        self.plan
            .lanes
            .get(self.lane)
            .and_then(|l| l.items.get(self.rows[self.lane]))
    }

    fn focused_lane(&self) -> Lane {
        ROADMAP_LANES[self.lane.min(3)]
    }

    /// Reads the items and capacities again, keeping `keep` selected (it
    /// may have moved lanes).
    fn reload(&mut self, keep: Option<&str>, ctx: &mut Ctx<'_>) {
        self.today = ctx.clock.now().to_zoned_datetime(self.zone.clone()).date();
        match (ctx.store.roadmap_items(), ctx.store.capacities()) {
            (Ok(items), Ok(capacities)) => {
                self.items = items;
                self.capacities = capacities;
            }
            (Err(e), _) | (_, Err(e)) => ctx.status.failed("Could not read the roadmap", &e),
        }
        self.plan = plan(&self.items, &self.capacities, self.today);
        if let Some(id) = keep {
            for (l, lane) in self.plan.lanes.iter().enumerate() {
                if let Some(row) = lane.items.iter().position(|i| i.id == id) {
                    self.lane = l;
                    self.rows[l] = row;
                }
            }
        }
        for (l, lane) in self.plan.lanes.iter().enumerate() {
            self.rows[l] = self.rows[l].min(lane.items.len().saturating_sub(1));
        }
        if self.map.is_some() {
            self.load_map(ctx);
        }
    }

    fn load_map(&mut self, ctx: &mut Ctx<'_>) {
        let read = || -> Result<MapData> {
            Ok(MapData {
                goals: ctx.store.goals()?,
                actors: ctx.store.actors()?,
                impacts: ctx.store.impacts()?,
                items: ctx.store.open_items()?,
                metrics: ctx.store.metrics()?,
                readings: ctx.store.readings()?,
            })
        };
        match read() {
            Ok(data) => {
                let rows = map_rows(&data, self.today);
                let view = self.map.get_or_insert_with(MapView::default);
                view.selected = view.selected.min(rows.len().saturating_sub(1));
                view.rows = rows;
            }
            Err(e) => ctx.status.failed("Could not read the impact map", &e),
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
                self.overlay = Some(Overlay::Note(Document::new(
                    "What this changes",
                    &self.note_text(&sentence, &before, id),
                )));
            }
            Err(e) => ctx.status.failed("Not saved", &e),
        }
    }

    /// The popup's text: the sentence, then every lane the change
    /// touched, load before → after, its items in order with their scores
    /// side by side and what slips.
    fn note_text(&self, sentence: &str, before: &Plan, forced: &str) -> String {
        note_text(sentence, before, &self.plan, forced)
    }

    pub fn update(&mut self, action: RoadmapAction, ctx: &mut Ctx<'_>) {
        use RoadmapAction as A;
        if let Some(map) = self.map.as_mut() {
            match action {
                A::Down => {
                    map.selected = (map.selected + 1).min(map.rows.len().saturating_sub(1));
                    return;
                }
                A::Up => {
                    map.selected = map.selected.saturating_sub(1);
                    return;
                }
                A::Scroll(step) => {
                    let target = (map.selected as i64 + i64::from(step)).max(0) as usize;
                    map.selected = target.min(map.rows.len().saturating_sub(1));
                    return;
                }
                _ => {}
            }
        }
        match action {
            A::Left => self.lane = self.lane.saturating_sub(1),
            A::Right => self.lane = (self.lane + 1).min(3),
            A::Down => {
                let len = self.plan.lanes[self.lane].items.len();
                self.rows[self.lane] = (self.rows[self.lane] + 1).min(len.saturating_sub(1));
            }
            A::Up => self.rows[self.lane] = self.rows[self.lane].saturating_sub(1),
            A::Scroll(step) => {
                let len = self.plan.lanes[self.lane].items.len();
                let target = (self.rows[self.lane] as i64 + i64::from(step)).max(0) as usize;
                self.rows[self.lane] = target.min(len.saturating_sub(1));
            }
            A::Click { lane, row } => {
                self.lane = lane.min(3);
                let len = self.plan.lanes[self.lane].items.len();
                if row < len {
                    self.rows[self.lane] = row;
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
                        let slips: Vec<String> = self
                            .plan
                            .lane(lane)
                            .map(|l| {
                                l.slipping()
                                    .filter(|i| {
                                        before.lane(lane).is_some_and(|b| {
                                            b.items.iter().any(|o| o.id == i.id && !o.slipping)
                                        })
                                    })
                                    .map(|i| format!("{} ({})", i.title, format_score(i.score)))
                                    .collect()
                            })
                            .unwrap_or_default();
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
                let title = self
                    .items
                    .iter()
                    .find(|i| i.id == id)
                    .map(|i| i.title.clone())
                    .unwrap_or_default();
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

    fn map_row(&self) -> Option<&MapRow> {
        let map = self.map.as_ref()?;
        map.rows.get(map.selected)
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
    for item in &map.unlinked {
        rows.push(MapRow {
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
        });
    }
    rows
}

/// `text` padded with spaces to `width` columns, cut with `…` past it.
fn pad(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let cut = crate::tui::widgets::fit(text, width);
    let room = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(room))
}

/// See [`RoadmapPane::note_text`].
fn note_text(sentence: &str, before: &Plan, after: &Plan, forced: &str) -> String {
    let mut text = format!("{sentence}.\n");
    for lane in &after.lanes {
        let old = before.lane(lane.lane());
        let state = |plan: Option<&crate::domain::roadmap::LanePlan>| {
            plan.map(|l| {
                l.items
                    .iter()
                    .map(|i| (i.id.clone(), i.slipping, i.pin.is_some()))
                    .collect::<Vec<_>>()
            })
        };
        if state(old) == state(Some(lane)) {
            continue;
        }
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
        if lane.items.is_empty() {
            text.push_str("  no items\n");
        }
        for (n, item) in lane.items.iter().enumerate() {
            let was = old.and_then(|l| l.items.iter().find(|i| i.id == item.id));
            let note = match (was.map(|w| w.slipping), item.slipping) {
                _ if item.id == forced && item.slipping => "does not fit".to_string(),
                _ if item.id == forced => String::new(),
                (Some(false), true) => "now slips".to_string(),
                (Some(true), false) => "fits again".to_string(),
                (None, true) => "slips (new here)".to_string(),
                (None, false) => "new here".to_string(),
                (_, true) => "slips".to_string(),
                (_, false) => String::new(),
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
                pad(&item.title, 28),
                format_score(item.score),
                crate::domain::rice::format_number(item.effort),
            );
            // One row per item at 80 columns, so the scores stay in line.
            let line = crate::tui::widgets::fit(line.trim_end(), 76);
            text.push_str(&crate::formats::sanitize::terminal_line(&line));
            text.push('\n');
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
