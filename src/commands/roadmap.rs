//! `fieldkit roadmap …`: show the lanes (table, Markdown, Mermaid, JSON)
//! and set a lane's capacity.

use crate::cli::{DiagramFormat, RoadmapCommand};
use crate::domain::backlog::Lane;
use crate::domain::impact_map::{Goal, GoalMetric};
use crate::domain::rice::{format_number, format_score, rounded_score};
use crate::domain::roadmap::{
    Capacities, LanePlan, LanePlanner, Plan, PlannedItem, ROADMAP_LANES, format_load, lane_meaning,
    lane_outline, lane_title, next_lane, parse_capacity, parse_roadmap_lane, plan, review_overdue,
};
use crate::domain::time::Clock;
use crate::formats::markdown;
use crate::formats::mermaid::RoadmapDiagram;
use crate::formats::sanitize::{terminal_line, write_json};
use crate::formats::table::{Align, Table};
use crate::store::FillKey;
use crate::store::Store;
use color_eyre::eyre::{Result, bail};
use jiff::civil::Date;
use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};
use std::io::Write;
use std::ops::ControlFlow;

pub fn run(
    store: &mut Store,
    clock: &dyn Clock,
    command: &RoadmapCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        RoadmapCommand::Show { format } => show(store, clock, *format, out),
        RoadmapCommand::Capacity {
            lane,
            person_months,
        } => capacity(store, clock, lane, person_months, out),
    }
}

/// Today's date where the user is: the lanes' dates and review dates
/// are calendar days.
pub fn today(clock: &dyn Clock) -> Date {
    clock
        .now()
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .date()
}

/// The roadmap as stored, on `today`.
pub fn current_plan(store: &Store, today: Date) -> Result<Plan> {
    Ok(plan(&store.roadmap_items()?, &store.capacities()?, today))
}

fn capacity(
    store: &mut Store,
    clock: &dyn Clock,
    lane: &str,
    person_months: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let lane = parse_roadmap_lane(lane)?;
    let capacity = parse_capacity(person_months)?;
    store.set_capacity(lane, capacity, clock.now())?;
    let today = today(clock);
    let l = StreamedLane::read(store, &store.capacities()?, lane, today)?;
    // The first few by name, then how many more: a lane of a million
    // items must not print a megabyte-long line.
    const NAMED: usize = 5;
    let mut slipping: Vec<String> = Vec::new();
    l.each_slipping(store, today, |i| {
        slipping.push(format!("{} ({})", i.title, format_score(i.score)));
        Ok(if slipping.len() < NAMED {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        })
    })?;
    let more = l.plan.slipping_count().saturating_sub(slipping.len());
    let line = format!(
        "{}: {}{}{}",
        lane_title(lane),
        l.plan.load_text(),
        if slipping.is_empty() {
            String::new()
        } else {
            format!(" · slipping: {}", slipping.join(", "))
        },
        if more > 0 {
            format!(" and {more} more (fieldkit roadmap show lists them)")
        } else {
            String::new()
        }
    );
    writeln!(out, "{}", terminal_line(&line))?;
    Ok(())
}

/// A roadmap lane streamed from the store: what is said of it before its
/// items (dates, capacity, count, load, how many slip), and the place of
/// its first slipping item. Its items are read in fill order and planned
/// one at a time ([`LanePlanner`]), never held, so memory stays the same
/// at any size of lane.
struct StreamedLane {
    /// The lane without its items.
    plan: LanePlan,
    first_slip: Option<FillKey>,
}

impl StreamedLane {
    fn read(store: &Store, capacities: &Capacities, lane: Lane, today: Date) -> Result<Self> {
        let capacity = capacities.get(lane);
        let (count, load_hundredths, best) = store.lane_totals(lane)?;
        let slip = store.lane_first_slip(lane, capacity)?;
        Ok(Self {
            plan: lane_outline(
                lane,
                count,
                load_hundredths,
                best,
                slip.map(|(position, _)| position),
                capacity,
                today,
            ),
            first_slip: slip.map(|(_, key)| key),
        })
    }

    /// The four lanes, in order.
    fn all(store: &Store, today: Date) -> Result<Vec<Self>> {
        let capacities = store.capacities()?;
        ROADMAP_LANES
            .iter()
            .map(|&lane| Self::read(store, &capacities, lane, today))
            .collect()
    }

    fn lane(&self) -> Lane {
        self.plan.lane()
    }

    /// Each item of the lane in fill order as planned, with its rank
    /// (from 1).
    fn each(
        &self,
        store: &Store,
        today: Date,
        mut each: impl FnMut(usize, &PlannedItem) -> Result<()>,
    ) -> Result<()> {
        let mut planner = LanePlanner::new(self.plan.capacity, today);
        let mut rank = 0;
        store.for_each_in_lane(self.lane(), None, |item| {
            rank += 1;
            each(rank, &planner.plan(item))?;
            Ok(ControlFlow::Continue(()))
        })
    }

    /// Each slipping item of the lane in fill order, until `each` breaks.
    fn each_slipping(
        &self,
        store: &Store,
        today: Date,
        mut each: impl FnMut(&PlannedItem) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        let Some(key) = self.first_slip else {
            return Ok(());
        };
        let mut planner = LanePlanner::from_first_slip(today);
        store.for_each_in_lane(self.lane(), Some(key), |item| each(&planner.plan(item)))
    }
}

/// What the note column says about an item: its pin, that it slips, that
/// its review is past due.
fn notes(lane: Lane, item: &PlannedItem) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(reason) = &item.pin {
        notes.push(format!("pinned: {reason}"));
    }
    if item.slipping {
        notes.push(match next_lane(lane) {
            Some(next) => format!("slipping to {}", lane_title(next)),
            None => "slipping: over capacity".to_string(),
        });
    }
    if item.overdue
        && let Some(s) = &item.success
    {
        notes.push(format!("review overdue since {}", s.review_by));
    }
    notes
}

fn lane_summary(lane: &LanePlan) -> String {
    let slipping = lane.slipping_count();
    format!(
        "{} · {} · {}{}",
        lane.window.heading(),
        lane_meaning(lane.lane()),
        lane.load_text(),
        if slipping > 0 {
            format!(" · {slipping} slipping")
        } else {
            String::new()
        }
    )
}

fn show(
    store: &Store,
    clock: &dyn Clock,
    format: DiagramFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let today = today(clock);
    let lanes = StreamedLane::all(store, today)?;
    let goals = store.goals()?;
    let metrics = super::goal::goal_metrics(store, &goals, today)?;
    let goals: Vec<GoalLine> = goals
        .iter()
        .map(|g| GoalLine {
            goal: g,
            metric: metrics.get(&g.id),
        })
        .collect();
    match format {
        DiagramFormat::Table => {
            table(store, &lanes, today, out)?;
            goals_footer(&goals, out, false)
        }
        DiagramFormat::Md => {
            md(store, &lanes, today, out)?;
            goals_footer(&goals, out, true)
        }
        DiagramFormat::Mermaid => diagram(store, &lanes, today, out),
        DiagramFormat::Json => {
            let json = RoadmapJson {
                today: today.to_string(),
                lanes: LanesJson {
                    store,
                    lanes: &lanes,
                    today,
                },
                goals: goals.iter().map(GoalJson::new).collect(),
            };
            write_json(&mut *out, &json)?;
            writeln!(out)?;
            Ok(())
        }
    }
}

/// A goal and where its metric stands, for the roadmap's goals section.
struct GoalLine<'a> {
    goal: &'a Goal,
    metric: Option<&'a GoalMetric>,
}

/// The goals the roadmap serves, each with its metric's latest value
/// against target: what the plan is for.
fn goals_footer(goals: &[GoalLine<'_>], out: &mut dyn Write, markdown_out: bool) -> Result<()> {
    if goals.is_empty() {
        return Ok(());
    }
    if markdown_out {
        writeln!(out, "\n## Goals\n")?;
    } else {
        writeln!(out, "\nGoals (metric: latest vs target)")?;
    }
    for line in goals {
        let metric = line
            .metric
            .map_or("no metric tied to it".to_string(), GoalMetric::line);
        if markdown_out {
            writeln!(
                out,
                "- {}: {}",
                markdown::escape(&line.goal.title),
                markdown::escape(&metric)
            )?;
        } else {
            let text = format!("{} — {metric}", line.goal.title);
            writeln!(out, "  {}", terminal_line(&text))?;
        }
    }
    Ok(())
}

const TABLE_HEADER: [(&str, Align); 6] = [
    ("#", Align::Right),
    ("id", Align::Left),
    ("title", Align::Left),
    ("score", Align::Right),
    ("effort", Align::Right),
    ("note", Align::Left),
];

/// A row of a lane's table, its cells as the terminal gets them.
fn table_cells(lane: Lane, rank: usize, item: &PlannedItem) -> [String; 6] {
    [
        rank.to_string(),
        item.id.get(..8).unwrap_or(&item.id).to_string(),
        item.title.clone(),
        format_score(item.score),
        format_number(item.effort),
        notes(lane, item).join("; "),
    ]
    .map(|c| terminal_line(&c).into_owned())
}

/// Each lane as a table: a first pass over the lane measures the columns
/// (no row kept), the second writes the rows, so every row lines up at any
/// size of lane.
fn table(store: &Store, lanes: &[StreamedLane], today: Date, out: &mut dyn Write) -> Result<()> {
    for (i, lane) in lanes.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", lane_summary(&lane.plan))?;
        let mut table = Table::new(&TABLE_HEADER);
        let mut rows = 0usize;
        lane.each(store, today, |rank, item| {
            rows += 1;
            table.measure(&table_cells(lane.lane(), rank, item));
            Ok(())
        })?;
        if rows == 0 {
            writeln!(out, "  No items.")?;
            continue;
        }
        out.write_all(b"  ")?;
        table.write_header(&mut *out)?;
        lane.each(store, today, |rank, item| {
            out.write_all(b"  ")?;
            table.write_row(&mut *out, &table_cells(lane.lane(), rank, item))?;
            Ok(())
        })?;
    }
    overdue_footer(store, lanes, today, out, false)
}

/// The reviews past their date, lane by lane in fill order: read through
/// the index of items that have a review date.
fn overdue_footer(
    store: &Store,
    lanes: &[StreamedLane],
    today: Date,
    out: &mut dyn Write,
    markdown_out: bool,
) -> Result<()> {
    let mut first = true;
    for lane in lanes {
        store.for_each_reviewed_in_lane(lane.lane(), |item| {
            if !review_overdue(item, today) {
                return Ok(());
            }
            if first {
                first = false;
                if markdown_out {
                    writeln!(out, "\n## Reviews past their date\n")?;
                } else {
                    writeln!(
                        out,
                        "\nReviews past their date (keep with a new date, or kill):"
                    )?;
                }
            }
            let (date, criteria) = item
                .roadmap
                .success
                .as_ref()
                .map(|s| (s.review_by.to_string(), s.text.replace('\n', " ")))
                .unwrap_or_default();
            let short = item.id.get(..8).unwrap_or(&item.id);
            if markdown_out {
                writeln!(
                    out,
                    "- {} ({}, {}): review was due {}; criteria: {}",
                    markdown::escape(&item.title),
                    lane_title(lane.lane()),
                    format_score(item.score()),
                    date,
                    markdown::escape(&criteria)
                )?;
            } else {
                let clean = terminal_line(&format!("{} — {criteria}", item.title)).into_owned();
                writeln!(
                    out,
                    "  {short}  due {date}  {clean}\n    keep: fieldkit backlog set {short} --review-by YYYY-MM-DD · kill: fieldkit backlog kill {short} --reason TEXT",
                )?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

fn md(store: &Store, lanes: &[StreamedLane], today: Date, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "# Roadmap\n\nAs of {today}.")?;
    for lane in lanes {
        let plan = &lane.plan;
        let when = match plan.window.dates {
            Some(_) => format!("{} ({})", plan.window.label, plan.window.span()),
            None => "no date".to_string(),
        };
        writeln!(
            out,
            "\n## {} — {when}, {}\n",
            lane_title(lane.lane()),
            lane_meaning(lane.lane())
        )?;
        write!(out, "Load: {}", plan.load_text())?;
        if plan.capacity.is_none() {
            write!(out, " (no capacity set)")?;
        }
        let mut first = true;
        lane.each_slipping(store, today, |i| {
            write!(out, "{}", if first { ". Slipping: " } else { ", " })?;
            first = false;
            write!(
                out,
                "{} ({})",
                markdown::escape(&i.title),
                format_score(i.score)
            )?;
            Ok(ControlFlow::Continue(()))
        })?;
        writeln!(out, ".\n")?;
        let mut rows = 0usize;
        lane.each(store, today, |rank, item| {
            if rows == 0 {
                writeln!(out, "| # | Initiative | RICE Score | Effort | Note |")?;
                writeln!(out, "|---|---|---|---|---|")?;
            }
            rows += 1;
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                rank,
                markdown::escape(&item.title),
                format_score(item.score),
                format_number(item.effort),
                markdown::escape(&notes(lane.lane(), item).join("; "))
            )?;
            Ok(())
        })?;
        if rows == 0 {
            writeln!(out, "No items.")?;
        }
    }
    overdue_footer(store, lanes, today, out, true)
}

/// The roadmap as a Mermaid flowchart, written as the items arrive.
fn diagram(store: &Store, lanes: &[StreamedLane], today: Date, out: &mut dyn Write) -> Result<()> {
    let mut diagram = RoadmapDiagram::start(&mut *out)?;
    for lane in lanes {
        diagram.lane_start(&mut *out, &lane.plan)?;
        lane.each(store, today, |_, item| Ok(diagram.item(&mut *out, item)?))?;
        diagram.lane_end(&mut *out)?;
    }
    diagram.finish(&mut *out)?;
    Ok(())
}

/// `roadmap show --format json`, written as the items arrive: the lanes'
/// items are serialized one at a time straight from the store, byte for
/// byte as a whole plan serialized at once.
#[derive(Serialize)]
struct RoadmapJson<'a> {
    today: String,
    lanes: LanesJson<'a>,
    goals: Vec<GoalJson<'a>>,
}

#[derive(Serialize)]
struct GoalJson<'a> {
    id: &'a str,
    title: &'a str,
    metric: Option<&'a str>,
    metric_status: Option<super::goal::GoalMetricJson<'a>>,
}

impl<'a> GoalJson<'a> {
    fn new(g: &'a GoalLine<'a>) -> Self {
        Self {
            id: &g.goal.id,
            title: &g.goal.title,
            metric: g.goal.metric.as_deref(),
            metric_status: g.metric.map(super::goal::GoalMetricJson::new),
        }
    }
}

/// The four lanes, each with its items streamed.
struct LanesJson<'a> {
    store: &'a Store,
    lanes: &'a [StreamedLane],
    today: Date,
}

impl Serialize for LanesJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.lanes.len()))?;
        for lane in self.lanes {
            let plan = &lane.plan;
            seq.serialize_element(&LaneJson {
                lane: lane.lane().name(),
                label: &plan.window.label,
                starts: plan.window.dates.map(|d| d.0.to_string()),
                ends: plan.window.dates.map(|d| d.1.to_string()),
                capacity: plan.capacity,
                load: (plan.load * 100.0).round() / 100.0,
                load_text: format_load(plan.load, plan.capacity),
                items: ItemsJson {
                    store: self.store,
                    lane,
                    today: self.today,
                },
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct LaneJson<'a> {
    lane: &'static str,
    label: &'a str,
    starts: Option<String>,
    ends: Option<String>,
    capacity: Option<f64>,
    load: f64,
    load_text: String,
    items: ItemsJson<'a>,
}

/// A lane's items, serialized as they are read.
struct ItemsJson<'a> {
    store: &'a Store,
    lane: &'a StreamedLane,
    today: Date,
}

impl Serialize for ItemsJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        // A failed write is kept as the writer's own error (a closed pipe
        // stays a closed pipe); the store's errors are told as text.
        let mut failed = None;
        let read = self.lane.each(self.store, self.today, |rank, item| {
            if let Err(e) = seq.serialize_element(&PlannedJson::new(rank, item)) {
                failed = Some(e);
                bail!("writing the roadmap failed");
            }
            Ok(())
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(|e| S::Error::custom(format!("{e:#}")))?;
        seq.end()
    }
}

#[derive(Serialize)]
struct PlannedJson<'a> {
    rank: usize,
    id: &'a str,
    title: &'a str,
    score: f64,
    effort: f64,
    pin: Option<&'a str>,
    slipping: bool,
    source: Option<&'static str>,
    success_criteria: Option<&'a str>,
    review_by: Option<String>,
    review_overdue: bool,
}

impl<'a> PlannedJson<'a> {
    fn new(rank: usize, item: &'a PlannedItem) -> Self {
        Self {
            rank,
            id: &item.id,
            title: &item.title,
            score: rounded_score(item.score),
            effort: item.effort,
            pin: item.pin.as_deref(),
            slipping: item.slipping,
            source: item.source.map(|s| s.name()),
            success_criteria: item.success.as_ref().map(|s| s.text.as_str()),
            review_by: item.success.as_ref().map(|s| s.review_by.to_string()),
            review_overdue: item.overdue,
        }
    }
}
