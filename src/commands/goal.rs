//! `fieldkit goal …`: add goals, link items through an actor and an
//! impact, and list the impact map (table, Markdown, Mermaid, JSON).

use crate::cli::{DiagramFormat, GoalCommand};
use crate::domain::backlog::Item;
use crate::domain::impact_map::{
    Goal, GoalMetric, GoalNode, ImpactMap, build, goal_metric_status, parse_map_name,
};
use crate::domain::metric::Status;
use crate::domain::rice::{format_score, rounded_score};
use crate::domain::time::Clock;
use crate::formats::sanitize::{terminal_line, write_json};
use crate::formats::table::{Align, render};
use crate::formats::{markdown, mermaid};
use crate::store::Store;
use color_eyre::eyre::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

pub fn run(
    store: &mut Store,
    clock: &dyn Clock,
    command: &GoalCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        GoalCommand::Add { title, metric } => {
            let title = parse_map_name("title", title)?;
            let metric = metric
                .as_deref()
                .map(|m| parse_map_name("metric", m))
                .transpose()?;
            let goal = store.add_goal(&title, metric.as_deref(), clock.now())?;
            writeln!(out, "{}", goal.id)?;
            Ok(())
        }
        GoalCommand::Link {
            goal,
            item,
            actor,
            impact,
        } => {
            let actor = parse_map_name("actor", actor)?;
            let impact = parse_map_name("impact", impact)?;
            let goal = store.find_goal(goal)?;
            let item = store.find_item(item)?;
            let changed = store.link_item(&goal.id, &item.id, &actor, &impact, clock.now())?;
            let line = format!(
                "{} {} → {actor} → {impact} → {}",
                if changed { "Linked" } else { "Already linked:" },
                goal.title,
                item.title
            );
            writeln!(out, "{}", terminal_line(&line))?;
            Ok(())
        }
        GoalCommand::List { format } => list(store, clock, *format, out),
    }
}

/// Each goal's metric, latest value against target, by goal id.
pub fn goal_metrics(
    store: &Store,
    goals: &[Goal],
    today: jiff::civil::Date,
) -> Result<HashMap<String, GoalMetric>> {
    if goals.iter().all(|g| g.metric.is_none()) {
        return Ok(HashMap::new());
    }
    let (metrics, readings) = (store.metrics()?, store.readings()?);
    Ok(goals
        .iter()
        .filter_map(|g| {
            let name = g.metric.as_deref()?;
            Some((
                g.id.clone(),
                goal_metric_status(name, &metrics, &readings, today),
            ))
        })
        .collect())
}

fn list(
    store: &Store,
    clock: &dyn Clock,
    format: DiagramFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let (goals, actors, impacts) = (store.goals()?, store.actors()?, store.impacts()?);
    let items = store.open_items()?;
    let map = build(&goals, &actors, &impacts, &items);
    let metrics = goal_metrics(store, &goals, super::roadmap::today(clock))?;
    match format {
        DiagramFormat::Table => table(&map, &metrics, out),
        DiagramFormat::Md => md(&map, &metrics, out),
        DiagramFormat::Mermaid => Ok(out.write_all(mermaid::impact_map(&map).as_bytes())?),
        DiagramFormat::Json => {
            write_json(&mut *out, &MapJson::new(&map, &metrics))?;
            writeln!(out)?;
            Ok(())
        }
    }
}

/// The actor and impact an item of the goal serves.
fn path_of<'a>(goal: &'a GoalNode<'_>, item: &Item) -> (&'a str, &'a str) {
    goal.actors
        .iter()
        .find_map(|a| {
            a.impacts
                .iter()
                .find(|i| i.items.iter().any(|it| it.id == item.id))
                .map(|i| (a.actor.name.as_str(), i.impact.name.as_str()))
        })
        .unwrap_or(("", ""))
}

fn source_text(item: &Item) -> &'static str {
    item.roadmap.source.map_or("not stated", |s| s.name())
}

fn table(
    map: &ImpactMap<'_>,
    metrics: &HashMap<String, GoalMetric>,
    out: &mut dyn Write,
) -> Result<()> {
    if map.goals.is_empty() {
        writeln!(
            out,
            "No goals yet. Add one with `fieldkit goal add TITLE`, or load the seed's with `fieldkit demo`."
        )?;
    }
    let header = [
        ("#", Align::Right),
        ("actor", Align::Left),
        ("impact", Align::Left),
        ("item", Align::Left),
        ("score", Align::Right),
        ("lane", Align::Left),
    ];
    for goal in &map.goals {
        let heading = format!(
            "{}  {}",
            goal.goal.id.get(..8).unwrap_or(&goal.goal.id),
            goal.goal.title
        );
        writeln!(out, "{}", terminal_line(&heading))?;
        if let Some(metric) = metrics.get(&goal.goal.id) {
            writeln!(out, "  metric: {}", terminal_line(&metric.line()))?;
        }
        let mut rows: Vec<Vec<String>> = goal
            .sequence
            .iter()
            .enumerate()
            .map(|(rank, item)| {
                let (actor, impact) = path_of(goal, item);
                vec![
                    (rank + 1).to_string(),
                    actor.to_string(),
                    impact.to_string(),
                    item.title.clone(),
                    format_score(item.score()),
                    item.lane.to_string(),
                ]
            })
            .collect();
        for actor in &goal.actors {
            for impact in actor.impacts.iter().filter(|i| i.items.is_empty()) {
                rows.push(vec![
                    "-".into(),
                    actor.actor.name.clone(),
                    impact.impact.name.clone(),
                    "(no items yet)".into(),
                    String::new(),
                    String::new(),
                ]);
            }
        }
        for line in render(&header, &rows).lines() {
            writeln!(out, "  {}", line.trim_end())?;
        }
        writeln!(out)?;
    }
    writeln!(out, "Items that serve no goal")?;
    if map.unlinked.is_empty() {
        writeln!(out, "  None: every open item serves a goal.")?;
        return Ok(());
    }
    let header = [
        ("id", Align::Left),
        ("item", Align::Left),
        ("score", Align::Right),
        ("lane", Align::Left),
        ("source", Align::Left),
    ];
    let rows: Vec<Vec<String>> = map
        .unlinked
        .iter()
        .map(|item| {
            vec![
                item.short_id().to_string(),
                item.title.clone(),
                format_score(item.score()),
                item.lane.to_string(),
                source_text(item).to_string(),
            ]
        })
        .collect();
    for line in render(&header, &rows).lines() {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

fn md(
    map: &ImpactMap<'_>,
    metrics: &HashMap<String, GoalMetric>,
    out: &mut dyn Write,
) -> Result<()> {
    writeln!(out, "# Impact map")?;
    for goal in &map.goals {
        writeln!(out, "\n## {}\n", markdown::escape(&goal.goal.title))?;
        if let Some(metric) = metrics.get(&goal.goal.id) {
            writeln!(out, "Metric: {}\n", markdown::escape(&metric.line()))?;
        }
        for actor in &goal.actors {
            writeln!(out, "- {}", markdown::escape(&actor.actor.name))?;
            for impact in &actor.impacts {
                writeln!(out, "  - {}", markdown::escape(&impact.impact.name))?;
                for item in &impact.items {
                    writeln!(
                        out,
                        "    - {} ({}, {})",
                        markdown::escape(&item.title),
                        format_score(item.score()),
                        item.lane
                    )?;
                }
            }
        }
        if goal.actors.is_empty() {
            writeln!(out, "No actors yet.")?;
        }
        if !goal.sequence.is_empty() {
            writeln!(out, "\nIn RICE order:\n")?;
            for (rank, item) in goal.sequence.iter().enumerate() {
                writeln!(
                    out,
                    "{}. {} ({})",
                    rank + 1,
                    markdown::escape(&item.title),
                    format_score(item.score())
                )?;
            }
        }
    }
    writeln!(out, "\n## Items that serve no goal\n")?;
    if map.unlinked.is_empty() {
        writeln!(out, "None: every open item serves a goal.")?;
        return Ok(());
    }
    writeln!(out, "| Initiative | RICE Score | Lane | Source |")?;
    writeln!(out, "|---|---|---|---|")?;
    for item in &map.unlinked {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            markdown::escape(&item.title),
            format_score(item.score()),
            item.lane,
            source_text(item)
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct MapJson<'a> {
    goals: Vec<GoalJson<'a>>,
    unlinked: Vec<ItemRef<'a>>,
}

#[derive(Serialize)]
struct GoalJson<'a> {
    id: &'a str,
    title: &'a str,
    metric: Option<&'a str>,
    /// The metric's latest value against its target.
    metric_status: Option<GoalMetricJson<'a>>,
    created_at: &'a str,
    updated_at: &'a str,
    actors: Vec<ActorJson<'a>>,
    /// The goal's items in RICE order.
    sequence: Vec<ItemRef<'a>>,
}

#[derive(Serialize)]
struct ActorJson<'a> {
    id: &'a str,
    name: &'a str,
    impacts: Vec<ImpactJson<'a>>,
}

#[derive(Serialize)]
struct ImpactJson<'a> {
    id: &'a str,
    name: &'a str,
    items: Vec<ItemRef<'a>>,
}

#[derive(Serialize)]
struct ItemRef<'a> {
    id: &'a str,
    title: &'a str,
    score: f64,
    lane: &'static str,
    source: Option<&'static str>,
}

fn item_ref<'a>(item: &'a Item) -> ItemRef<'a> {
    ItemRef {
        id: &item.id,
        title: &item.title,
        score: rounded_score(item.score()),
        lane: item.lane.name(),
        source: item.roadmap.source.map(|s| s.name()),
    }
}

/// A goal's metric in JSON: numbers as numbers.
#[derive(Serialize)]
pub struct GoalMetricJson<'a> {
    name: &'a str,
    found: bool,
    status: Option<Status>,
    parts: Vec<GoalMetricPartJson<'a>>,
}

#[derive(Serialize)]
struct GoalMetricPartJson<'a> {
    label: &'a str,
    target: &'a str,
    status: Status,
    latest: Option<f64>,
    latest_date: Option<String>,
}

impl<'a> GoalMetricJson<'a> {
    pub fn new(metric: &'a GoalMetric) -> Self {
        Self {
            name: &metric.name,
            found: metric.found,
            status: metric.status,
            parts: metric
                .parts
                .iter()
                .map(|p| GoalMetricPartJson {
                    label: &p.label,
                    target: &p.target,
                    status: p.status,
                    latest: p.latest.as_ref().map(|l| l.1),
                    latest_date: p.latest.as_ref().map(|l| l.0.to_string()),
                })
                .collect(),
        }
    }
}

impl<'a> MapJson<'a> {
    fn new(map: &'a ImpactMap<'a>, metrics: &'a HashMap<String, GoalMetric>) -> Self {
        Self {
            goals: map
                .goals
                .iter()
                .map(|g| GoalJson {
                    id: &g.goal.id,
                    title: &g.goal.title,
                    metric: g.goal.metric.as_deref(),
                    metric_status: metrics.get(&g.goal.id).map(GoalMetricJson::new),
                    created_at: &g.goal.created_at,
                    updated_at: &g.goal.updated_at,
                    actors: g
                        .actors
                        .iter()
                        .map(|a| ActorJson {
                            id: &a.actor.id,
                            name: &a.actor.name,
                            impacts: a
                                .impacts
                                .iter()
                                .map(|i| ImpactJson {
                                    id: &i.impact.id,
                                    name: &i.impact.name,
                                    items: i.items.iter().map(|it| item_ref(it)).collect(),
                                })
                                .collect(),
                        })
                        .collect(),
                    sequence: g.sequence.iter().map(|it| item_ref(it)).collect(),
                })
                .collect(),
            unlinked: map.unlinked.iter().map(|it| item_ref(it)).collect(),
        }
    }
}
