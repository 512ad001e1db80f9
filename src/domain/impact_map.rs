//! The impact map: goals → actors → impacts → deliverables (backlog items).
//! "Impact mapping sets the direction, RICE sequences within it": within a
//! goal, its items are ordered by RICE; items that serve no goal are listed
//! as such, with their source.

use super::backlog::{Item, ranking_order};
use super::error::InputError;
use super::metric::{Metric, Reading, Status, evaluate};
use jiff::civil::Date;

/// A business goal, e.g. "Reduce time to production by 50%", optionally
/// tied to a metric (by name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub seq: i64,
    pub id: String,
    pub title: String,
    pub metric: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// Who must change behaviour for a goal: developers, new hires, SRE…
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub seq: i64,
    pub id: String,
    pub goal_id: String,
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
}

/// How an actor's behaviour changes: deploy faster, recover faster…
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImpactRecord {
    pub seq: i64,
    pub id: String,
    pub actor_id: String,
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A name on the map (goal title, metric, actor, impact): one line, 1–200
/// characters after trimming; a pasted line break becomes a space.
pub fn parse_map_name(field: &str, text: &str) -> Result<String, InputError> {
    let folded: String = text
        .replace("\r\n", " ")
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let t = folded.trim();
    if t.is_empty() {
        return Err(InputError::new(
            field,
            "must not be empty (1–200 characters)",
        ));
    }
    let chars = t.chars().count();
    if chars > 200 {
        return Err(InputError::new(
            field,
            format!("must be at most 200 characters, got {chars}"),
        ));
    }
    if t.chars().any(char::is_control) {
        return Err(InputError::new(
            field,
            "must be one line without control characters",
        ));
    }
    Ok(t.to_string())
}

/// An impact with its items in RICE order.
#[derive(Debug, Clone, PartialEq)]
pub struct ImpactNode<'a> {
    pub impact: &'a ImpactRecord,
    pub items: Vec<&'a Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActorNode<'a> {
    pub actor: &'a Actor,
    pub impacts: Vec<ImpactNode<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GoalNode<'a> {
    pub goal: &'a Goal,
    pub actors: Vec<ActorNode<'a>>,
    /// Every item of the goal in RICE order: the sequence within it.
    pub sequence: Vec<&'a Item>,
}

/// The whole map, and the open items that serve no goal.
#[derive(Debug, Clone, PartialEq)]
pub struct ImpactMap<'a> {
    pub goals: Vec<GoalNode<'a>>,
    pub unlinked: Vec<&'a Item>,
}

/// Builds the tree. Goals, actors and impacts keep their creation order;
/// items are ranked by RICE. Done and killed items leave the map.
pub fn build<'a>(
    goals: &'a [Goal],
    actors: &'a [Actor],
    impacts: &'a [ImpactRecord],
    items: &'a [Item],
) -> ImpactMap<'a> {
    let mut open: Vec<&Item> = items.iter().filter(|i| !i.lane.is_closed()).collect();
    open.sort_by(|a, b| ranking_order(a, b));
    let mut goals: Vec<&Goal> = goals.iter().collect();
    goals.sort_by_key(|g| g.seq);
    let nodes = goals
        .into_iter()
        .map(|goal| {
            let mut goal_actors: Vec<&Actor> =
                actors.iter().filter(|a| a.goal_id == goal.id).collect();
            goal_actors.sort_by_key(|a| a.seq);
            let actor_nodes: Vec<ActorNode> = goal_actors
                .into_iter()
                .map(|actor| {
                    let mut actor_impacts: Vec<&ImpactRecord> =
                        impacts.iter().filter(|i| i.actor_id == actor.id).collect();
                    actor_impacts.sort_by_key(|i| i.seq);
                    ActorNode {
                        actor,
                        impacts: actor_impacts
                            .into_iter()
                            .map(|impact| ImpactNode {
                                impact,
                                items: open
                                    .iter()
                                    .copied()
                                    .filter(|i| i.roadmap.impact_id.as_deref() == Some(&impact.id))
                                    .collect(),
                            })
                            .collect(),
                    }
                })
                .collect();
            let mut sequence: Vec<&Item> = actor_nodes
                .iter()
                .flat_map(|a| a.impacts.iter().flat_map(|i| i.items.iter().copied()))
                .collect();
            sequence.sort_by(|a, b| ranking_order(a, b));
            GoalNode {
                goal,
                actors: actor_nodes,
                sequence,
            }
        })
        .collect();
    let linked: std::collections::HashSet<&str> = impacts.iter().map(|i| i.id.as_str()).collect();
    let unlinked = open
        .into_iter()
        .filter(|i| {
            i.roadmap
                .impact_id
                .as_deref()
                .is_none_or(|id| !linked.contains(id))
        })
        .collect();
    ImpactMap {
        goals: nodes,
        unlinked,
    }
}

/// Names compared as a person reads them: case, hyphens and underscores
/// and runs of spaces do not matter ("Time-to-production" is "Time to
/// production").
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.to_lowercase()
            .replace(['-', '_'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

/// The metric a goal names, if one of that name exists.
pub fn goal_metric<'a>(name: &str, metrics: &'a [Metric]) -> Option<&'a Metric> {
    metrics.iter().find(|m| same_name(&m.name, name))
}

/// One part of a goal's metric (the whole of it, unless its target is a
/// pair): the latest reading against the target.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalMetricPart {
    /// The pair's label (`new service`); empty for one-part targets.
    pub label: String,
    /// `< 2 h`, or the trend.
    pub target: String,
    pub status: Status,
    /// The latest reading's date and value, and the value as shown (`1.5 h`).
    pub latest: Option<(Date, f64, String)>,
}

/// Where a goal's metric stands: its latest value against its target, part
/// by part, or that no metric has the name the goal gives.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalMetric {
    /// The metric's name as stored, or as the goal gives it when no metric
    /// has that name.
    pub name: String,
    /// Whether a metric of that name exists.
    pub found: bool,
    pub status: Option<Status>,
    pub parts: Vec<GoalMetricPart>,
}

impl GoalMetric {
    /// `Time to production: new service 1.5 h vs < 2 h; change 25 min vs
    /// < 30 min (on target)`.
    pub fn line(&self) -> String {
        if !self.found {
            return self.summary();
        }
        format!(
            "{}: {}{}",
            self.name,
            self.part_lines().join("; "),
            self.status
                .map(|s| format!(" ({})", s.name()))
                .unwrap_or_default()
        )
    }

    /// The name and status alone: `Time to production (on target)`, or
    /// that no metric has the name.
    pub fn summary(&self) -> String {
        match self.status {
            Some(status) if self.found => format!("{} ({})", self.name, status.name()),
            _ => format!(
                "{}: no metric has this name yet (add it with `fieldkit metric add`)",
                self.name
            ),
        }
    }

    /// One line per part: `new service 1.5 h vs < 2 h`.
    pub fn part_lines(&self) -> Vec<String> {
        self.parts
            .iter()
            .map(|part| {
                let label = if part.label.is_empty() {
                    String::new()
                } else {
                    format!("{} ", part.label)
                };
                match &part.latest {
                    Some((_, _, shown)) => format!("{label}{shown} vs {}", part.target),
                    None => format!("{label}no reading yet, target {}", part.target),
                }
            })
            .collect()
    }
}

/// A goal's metric on `today`, from every metric and reading.
pub fn goal_metric_status(
    name: &str,
    metrics: &[Metric],
    readings: &[Reading],
    today: Date,
) -> GoalMetric {
    let Some(metric) = goal_metric(name, metrics) else {
        return GoalMetric {
            name: name.to_string(),
            found: false,
            status: None,
            parts: Vec::new(),
        };
    };
    let eval = evaluate(metric, readings, today);
    let parts = eval
        .parts
        .iter()
        .map(|part| GoalMetricPart {
            label: part.label.clone(),
            target: part.target.clone(),
            status: part.status,
            latest: part
                .latest()
                .map(|p| (p.date, p.value, metric.show_value(&part.label, p.value))),
        })
        .collect();
    GoalMetric {
        name: metric.name.clone(),
        found: true,
        status: Some(eval.status),
        parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::backlog::{Lane, Tags};
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
    use crate::domain::roadmap::ItemRoadmap;

    fn item(seq: i64, title: &str, reach: f64, impact_id: Option<&str>, lane: Lane) -> Item {
        Item {
            seq,
            id: format!("item-{seq}"),
            title: title.into(),
            description: String::new(),
            rice: Rice {
                reach: Reach::new(reach).unwrap(),
                impact: Impact::Medium,
                confidence: Confidence::HIGH,
                effort: Effort::new(1.0).unwrap(),
            },
            lane,
            tags: Tags::default(),
            kill_reason: (lane == Lane::Killed).then(|| "no".into()),
            created_at: String::new(),
            updated_at: String::new(),
            tracker: None,
            roadmap: ItemRoadmap {
                impact_id: impact_id.map(str::to_string),
                ..Default::default()
            },
        }
    }

    fn record<T>(make: impl Fn(i64, String, String) -> T, seq: i64, id: &str, parent: &str) -> T {
        make(seq, id.to_string(), parent.to_string())
    }

    #[test]
    fn items_follow_rice_within_each_goal_and_the_rest_are_unlinked() {
        let goals = vec![Goal {
            seq: 1,
            id: "g1".into(),
            title: "Reduce time to production by 50%".into(),
            metric: Some("Time-to-production".into()),
            created_at: String::new(),
            updated_at: String::new(),
        }];
        let actor = |seq, id, goal_id| Actor {
            seq,
            id,
            goal_id,
            name: "x".into(),
            created_at: String::new(),
            updated_at: String::new(),
        };
        let actors = vec![record(actor, 1, "a1", "g1"), record(actor, 2, "a2", "g1")];
        let impact = |seq, id, actor_id| ImpactRecord {
            seq,
            id,
            actor_id,
            name: "y".into(),
            created_at: String::new(),
            updated_at: String::new(),
        };
        let impacts = vec![record(impact, 1, "i1", "a1"), record(impact, 2, "i2", "a2")];
        let items = vec![
            item(1, "Service templates", 10.0, Some("i2"), Lane::Inbox),
            item(2, "Faster CI pipelines", 200.0, Some("i1"), Lane::Now),
            item(3, "Slow thing", 5.0, Some("i1"), Lane::Later),
            item(4, "Service mesh", 50.0, None, Lane::Next),
            item(5, "Old", 900.0, Some("i1"), Lane::Killed),
            item(6, "Orphan", 1.0, Some("gone"), Lane::Inbox),
        ];
        let map = build(&goals, &actors, &impacts, &items);
        let seq: Vec<&str> = map.goals[0]
            .sequence
            .iter()
            .map(|i| i.title.as_str())
            .collect();
        assert_eq!(
            seq,
            ["Faster CI pipelines", "Service templates", "Slow thing"]
        );
        let under_a1: Vec<&str> = map.goals[0].actors[0].impacts[0]
            .items
            .iter()
            .map(|i| i.title.as_str())
            .collect();
        assert_eq!(under_a1, ["Faster CI pipelines", "Slow thing"]);
        let unlinked: Vec<&str> = map.unlinked.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(unlinked, ["Service mesh", "Orphan"]);
    }

    #[test]
    fn a_goal_shows_its_metric_latest_against_target() {
        use crate::domain::metric::{Cadence, Direction, Kind, Target};
        let target = Target::parse("< 2 h new service, < 30 min change").unwrap();
        let metric = Metric {
            id: "m1".into(),
            name: "Time to production".into(),
            unit: String::new(),
            direction: Direction::LowerIsBetter,
            target,
            kind: Kind::Lagging,
            cadence: Cadence::Monthly,
            created_on: "2026-09-01".parse().unwrap(),
            created_at: String::new(),
            updated_at: String::new(),
        };
        let reading = |part: &str, value, date: &str| Reading {
            id: format!("{part}{date}"),
            metric_id: "m1".into(),
            part: part.into(),
            value,
            date: date.parse().unwrap(),
            note: String::new(),
        };
        let readings = vec![
            reading("new service", 3.0, "2026-10-01"),
            reading("new service", 1.5, "2026-11-01"),
        ];
        let today: Date = "2026-11-26".parse().unwrap();
        let metrics = [metric];
        // The demo's goal spells it with hyphens.
        let shown = goal_metric_status("Time-to-production", &metrics, &readings, today);
        assert_eq!(
            shown.line(),
            "Time to production: new service 1.5 h vs < 2 h; change no reading yet, \
             target < 30 min (no reading)"
        );
        let missing = goal_metric_status("Adoption", &metrics, &readings, today);
        assert!(!missing.found);
        assert!(
            missing
                .line()
                .starts_with("Adoption: no metric has this name yet")
        );
    }

    #[test]
    fn names_are_one_line() {
        assert_eq!(
            parse_map_name("actor", " New\r\nhires ").unwrap(),
            "New hires"
        );
        assert_eq!(parse_map_name("actor", "  ").unwrap_err().field, "actor");
        assert!(parse_map_name("goal", &"g".repeat(201)).is_err());
        assert!(parse_map_name("goal", "a\u{1b}b").is_err());
    }
}
