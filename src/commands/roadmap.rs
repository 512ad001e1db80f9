//! `fieldkit roadmap …`: show the lanes (table, Markdown, Mermaid, JSON)
//! and set a lane's capacity.

use crate::cli::{DiagramFormat, RoadmapCommand};
use crate::domain::backlog::Lane;
use crate::domain::impact_map::{Goal, GoalMetric};
use crate::domain::rice::{format_number, format_score, rounded_score};
use crate::domain::roadmap::{
    LanePlan, Plan, PlannedItem, format_load, lane_meaning, lane_title, next_lane, parse_capacity,
    parse_roadmap_lane, plan,
};
use crate::domain::time::Clock;
use crate::formats::sanitize::{terminal_line, write_json};
use crate::formats::table::{Align, render};
use crate::formats::{markdown, mermaid};
use crate::store::Store;
use color_eyre::eyre::Result;
use jiff::civil::Date;
use serde::Serialize;
use std::io::Write;

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
    let plan = current_plan(store, today(clock))?;
    if let Some(l) = plan.lane(lane) {
        // The first few by name, then how many more: a lane of a million
        // items must not print a megabyte-long line.
        const NAMED: usize = 5;
        let slipping: Vec<String> = l
            .slipping()
            .take(NAMED)
            .map(|i| format!("{} ({})", i.title, format_score(i.score)))
            .collect();
        let more = l.slipping().count().saturating_sub(NAMED);
        let line = format!(
            "{}: {}{}{}",
            lane_title(lane),
            l.load_text(),
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
    }
    Ok(())
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
    let slipping = lane.slipping().count();
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
    let plan = current_plan(store, today(clock))?;
    let goals = store.goals()?;
    let metrics = super::goal::goal_metrics(store, &goals, plan.today)?;
    let goals: Vec<GoalLine> = goals
        .iter()
        .map(|g| GoalLine {
            goal: g,
            metric: metrics.get(&g.id),
        })
        .collect();
    match format {
        DiagramFormat::Table => {
            table(&plan, out)?;
            goals_footer(&goals, out, false)
        }
        DiagramFormat::Md => {
            md(&plan, out)?;
            goals_footer(&goals, out, true)
        }
        DiagramFormat::Mermaid => Ok(out.write_all(mermaid::roadmap(&plan).as_bytes())?),
        DiagramFormat::Json => {
            write_json(&mut *out, &RoadmapJson::new(&plan, &goals))?;
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

fn table(plan: &Plan, out: &mut dyn Write) -> Result<()> {
    let header = [
        ("#", Align::Right),
        ("id", Align::Left),
        ("title", Align::Left),
        ("score", Align::Right),
        ("effort", Align::Right),
        ("note", Align::Left),
    ];
    for (i, lane) in plan.lanes.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", lane_summary(lane))?;
        if lane.items.is_empty() {
            writeln!(out, "  No items.")?;
            continue;
        }
        let rows: Vec<Vec<String>> = lane
            .items
            .iter()
            .enumerate()
            .map(|(rank, item)| {
                vec![
                    (rank + 1).to_string(),
                    item.id.get(..8).unwrap_or(&item.id).to_string(),
                    item.title.clone(),
                    format_score(item.score),
                    format_number(item.effort),
                    notes(lane.lane(), item).join("; "),
                ]
            })
            .collect();
        for line in render(&header, &rows).lines() {
            writeln!(out, "  {line}")?;
        }
    }
    overdue_footer(plan, out, false)
}

fn overdue_footer(plan: &Plan, out: &mut dyn Write, markdown_out: bool) -> Result<()> {
    let overdue: Vec<_> = plan.overdue().collect();
    if overdue.is_empty() {
        return Ok(());
    }
    if markdown_out {
        writeln!(out, "\n## Reviews past their date\n")?;
    } else {
        writeln!(
            out,
            "\nReviews past their date (keep with a new date, or kill):"
        )?;
    }
    for (lane, item) in overdue {
        let (date, criteria) = item
            .success
            .as_ref()
            .map(|s| (s.review_by.to_string(), s.text.replace('\n', " ")))
            .unwrap_or_default();
        if markdown_out {
            writeln!(
                out,
                "- {} ({}, {}): review was due {}; criteria: {}",
                markdown::escape(&item.title),
                lane_title(lane),
                format_score(item.score),
                date,
                markdown::escape(&criteria)
            )?;
        } else {
            let clean = terminal_line(&format!("{} — {criteria}", item.title)).into_owned();
            writeln!(
                out,
                "  {}  due {date}  {clean}\n    keep: fieldkit backlog set {} --review-by YYYY-MM-DD · kill: fieldkit backlog kill {} --reason TEXT",
                item.id.get(..8).unwrap_or(&item.id),
                item.id.get(..8).unwrap_or(&item.id),
                item.id.get(..8).unwrap_or(&item.id),
            )?;
        }
    }
    Ok(())
}

fn md(plan: &Plan, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "# Roadmap\n\nAs of {}.", plan.today)?;
    for lane in &plan.lanes {
        let when = match lane.window.dates {
            Some(_) => format!("{} ({})", lane.window.label, lane.window.span()),
            None => "no date".to_string(),
        };
        writeln!(
            out,
            "\n## {} — {when}, {}\n",
            lane_title(lane.lane()),
            lane_meaning(lane.lane())
        )?;
        let slipping: Vec<String> = lane
            .slipping()
            .map(|i| format!("{} ({})", markdown::escape(&i.title), format_score(i.score)))
            .collect();
        write!(out, "Load: {}", lane.load_text())?;
        if lane.capacity.is_none() {
            write!(out, " (no capacity set)")?;
        }
        if !slipping.is_empty() {
            write!(out, ". Slipping: {}", slipping.join(", "))?;
        }
        writeln!(out, ".\n")?;
        if lane.items.is_empty() {
            writeln!(out, "No items.")?;
            continue;
        }
        writeln!(out, "| # | Initiative | RICE Score | Effort | Note |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for (rank, item) in lane.items.iter().enumerate() {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                rank + 1,
                markdown::escape(&item.title),
                format_score(item.score),
                format_number(item.effort),
                markdown::escape(&notes(lane.lane(), item).join("; "))
            )?;
        }
    }
    overdue_footer(plan, out, true)
}

#[derive(Serialize)]
struct RoadmapJson<'a> {
    today: String,
    lanes: Vec<LaneJson<'a>>,
    goals: Vec<GoalJson<'a>>,
}

#[derive(Serialize)]
struct GoalJson<'a> {
    id: &'a str,
    title: &'a str,
    metric: Option<&'a str>,
    metric_status: Option<super::goal::GoalMetricJson<'a>>,
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
    items: Vec<PlannedJson<'a>>,
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

impl<'a> RoadmapJson<'a> {
    fn new(plan: &'a Plan, goals: &'a [GoalLine<'a>]) -> Self {
        Self {
            today: plan.today.to_string(),
            goals: goals
                .iter()
                .map(|g| GoalJson {
                    id: &g.goal.id,
                    title: &g.goal.title,
                    metric: g.goal.metric.as_deref(),
                    metric_status: g.metric.map(super::goal::GoalMetricJson::new),
                })
                .collect(),
            lanes: plan
                .lanes
                .iter()
                .map(|lane| LaneJson {
                    lane: lane.lane().name(),
                    label: &lane.window.label,
                    starts: lane.window.dates.map(|d| d.0.to_string()),
                    ends: lane.window.dates.map(|d| d.1.to_string()),
                    capacity: lane.capacity,
                    load: (lane.load * 100.0).round() / 100.0,
                    load_text: format_load(lane.load, lane.capacity),
                    items: lane
                        .items
                        .iter()
                        .enumerate()
                        .map(|(rank, item)| PlannedJson {
                            rank: rank + 1,
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
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
