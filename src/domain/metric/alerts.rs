//! What the Outcomes view warns about: the seed's captive audience, a
//! leading indicator going the wrong way three readings in a row, a reading
//! overdue for its cadence; and, once when a metric is added, the seed's
//! anti-metric (feature count).

use super::{Evaluation, Kind, Metric, PartView, Status};
use serde::Serialize;

/// The kinds of alert, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    CaptiveAudience,
    LeadingFalling,
    Overdue,
}

impl AlertKind {
    pub fn name(self) -> &'static str {
        match self {
            AlertKind::CaptiveAudience => "captive audience",
            AlertKind::LeadingFalling => "leading indicator falling",
            AlertKind::Overdue => "overdue",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub kind: AlertKind,
    /// The metric it is about (for a captive audience, the satisfaction one).
    pub metric: String,
    pub message: String,
    /// The alert in a line of a narrow screen, for the Outcomes pane; the
    /// message says it whole.
    #[serde(skip)]
    pub summary: String,
}

/// How many falling readings in a row make a leading indicator's trend.
pub const FALLING_READINGS: usize = 3;

/// Every alert for these metrics, most urgent first.
pub fn alerts(metrics: &[(&Metric, &Evaluation)]) -> Vec<Alert> {
    let mut out = captive_audience(metrics);
    for (metric, eval) in metrics {
        if metric.kind == Kind::Leading {
            for part in &eval.parts {
                if let Some(alert) = leading_falling(metric, part) {
                    out.push(alert);
                }
            }
        }
    }
    for (metric, eval) in metrics {
        if let Some(days) = eval.overdue_days {
            let last = eval.last_reading.map_or("no reading yet".to_string(), |d| {
                format!("last reading {d}")
            });
            out.push(Alert {
                kind: AlertKind::Overdue,
                metric: metric.name.clone(),
                message: format!(
                    "{} is read {}: {last}, due {} ({} overdue)",
                    metric.name,
                    metric.cadence.name(),
                    eval.due,
                    plural(days, "day")
                ),
                summary: format!(
                    "{} ({}) was due {}, {} ago",
                    metric.name,
                    metric.cadence.name(),
                    eval.due,
                    plural(days, "day")
                ),
            });
        }
    }
    out
}

fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The name of a part for messages: `Developer satisfaction (NPS)`.
fn part_name(metric: &Metric, part: &PartView) -> String {
    if part.label.is_empty() {
        metric.name.clone()
    } else {
        format!("{} ({})", metric.name, part.label)
    }
}

/// A leading indicator whose last readings each went the wrong way.
fn leading_falling(metric: &Metric, part: &PartView) -> Option<Alert> {
    let recent = part
        .points
        .get(part.points.len().checked_sub(FALLING_READINGS + 1)?..)?;
    let falling = recent
        .windows(2)
        .all(|w| metric.direction.worsens(w[0].value, w[1].value));
    if !falling {
        return None;
    }
    let (first, last) = (recent.first()?, recent.last()?);
    let path = recent
        .iter()
        .map(|p| metric.show_value(&part.label, p.value))
        .collect::<Vec<_>>()
        .join(" → ");
    let verb = match metric.direction {
        super::Direction::HigherIsBetter => "fell",
        super::Direction::LowerIsBetter => "rose",
    };
    Some(Alert {
        kind: AlertKind::LeadingFalling,
        metric: metric.name.clone(),
        message: format!(
            "{} (leading) {verb} {FALLING_READINGS} readings in a row: {path}; \
             course-correct before the lagging indicators confirm it",
            part_name(metric, part)
        ),
        summary: format!(
            "{} {verb} {FALLING_READINGS} in a row: {} → {}",
            part_name(metric, part),
            metric.show_value(&part.label, first.value),
            metric.show_value(&part.label, last.value)
        ),
    })
}

fn names_adoption(metric: &Metric) -> bool {
    metric.name.to_lowercase().contains("adoption")
}

fn names_satisfaction(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("satisfaction") || t.split(|c: char| !c.is_alphanumeric()).any(|w| w == "nps")
}

/// The seed's question 4: adoption on target while satisfaction (or NPS)
/// is below target means developers use the platform because they must.
fn captive_audience(metrics: &[(&Metric, &Evaluation)]) -> Vec<Alert> {
    let adopted: Vec<(&Metric, &Evaluation)> = metrics
        .iter()
        .filter(|(m, e)| names_adoption(m) && e.status == Status::OnTarget)
        .copied()
        .collect();
    let Some((adoption, adoption_eval)) = adopted.first() else {
        return Vec::new();
    };
    let adoption_latest = adoption_eval
        .parts
        .first()
        .and_then(|p| Some(adoption.show_value(&p.label, p.latest()?.value)))
        .unwrap_or_default();
    let adoption_text = adoption_eval
        .parts
        .first()
        .and_then(|p| Some((p.latest()?, p)))
        .map_or(String::new(), |(latest, p)| {
            format!(
                " {} is on target ({})",
                adoption.show_value(&p.label, latest.value),
                p.target
            )
        });
    let mut out = Vec::new();
    for (metric, eval) in metrics {
        let labelled = names_satisfaction_any_part(eval);
        for part in &eval.parts {
            let about_satisfaction = if labelled {
                names_satisfaction(&part.label)
            } else {
                names_satisfaction(&metric.name)
            };
            if !about_satisfaction || part.status != Status::OffTarget {
                continue;
            }
            let Some(latest) = part.latest() else {
                continue;
            };
            out.push(Alert {
                kind: AlertKind::CaptiveAudience,
                metric: metric.name.clone(),
                message: format!(
                    "{}{adoption_text} while {} {} is below target ({}): \
                     developers may use the platform because they must, not because they \
                     choose it; shadow developers to find and fix the worst friction",
                    adoption.name,
                    part_name(metric, part),
                    metric.show_value(&part.label, latest.value),
                    part.target
                ),
                summary: format!(
                    "{} {adoption_latest} on target, {} {} below {}",
                    adoption.name,
                    if part.label.is_empty() {
                        &metric.name
                    } else {
                        &part.label
                    },
                    metric.show_value(&part.label, latest.value),
                    part.target
                ),
            });
        }
    }
    out
}

/// Whether some part of a pair is itself labelled as satisfaction or NPS,
/// so only those parts count (not every part of a "satisfaction" metric).
fn names_satisfaction_any_part(eval: &Evaluation) -> bool {
    eval.parts.iter().any(|p| names_satisfaction(&p.label))
}

/// The seed's anti-metric: shown once when a metric named like a count of
/// features (or tickets closed) is added; never a refusal.
pub const FEATURE_COUNT_WARNING: &str = "Features are output. Adoption is outcome. A team that \
     ships 20 features nobody uses is less successful than one that ships 3 features everyone \
     adopts: consider adoption rate, developer satisfaction or time-to-production.";

/// Whether a name measures output (features shipped, tickets closed).
pub fn is_feature_count(name: &str) -> bool {
    let n = name.to_lowercase();
    let counting = [
        "count",
        "number",
        "shipped",
        "deployed",
        "delivered",
        "released",
        "built",
        "launched",
    ];
    (n.contains("feature") && counting.iter().any(|w| n.contains(w)))
        || (n.contains("ticket") && n.contains("closed"))
}
