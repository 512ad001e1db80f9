//! Success metrics: a target, a kind (leading or lagging), a cadence, and
//! readings over time. Derived here, from readings and today's date only:
//! each part's latest value against its target, baseline → latest, and
//! whether a reading is overdue. Alerts live in `alerts`.

pub mod alerts;
pub mod number;
pub mod preset;
pub mod target;

use crate::domain::InputError;
use jiff::civil::Date;
use number::{format_value, parse_number, shown};
use serde::Serialize;
pub use target::{Direction, Target, Unit};

/// Leading indicators predict; lagging ones confirm (the seed's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Leading,
    Lagging,
}

impl Kind {
    pub const ALLOWED: &'static str = "leading or lagging";

    pub fn name(self) -> &'static str {
        match self {
            Kind::Leading => "leading",
            Kind::Lagging => "lagging",
        }
    }

    pub fn parse(text: &str) -> Result<Self, InputError> {
        match text.trim().to_lowercase().as_str() {
            "leading" => Ok(Kind::Leading),
            "lagging" => Ok(Kind::Lagging),
            t => Err(InputError::new(
                "kind",
                format!("must be {}, got '{}'", Self::ALLOWED, shown(t)),
            )),
        }
    }

    /// "Track leading indicators weekly, lagging indicators monthly."
    pub fn default_cadence(self) -> Cadence {
        match self {
            Kind::Leading => Cadence::Weekly,
            Kind::Lagging => Cadence::Monthly,
        }
    }
}

/// How often a metric is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Monthly,
    Quarterly,
}

impl Cadence {
    pub const ALLOWED: &'static str = "weekly, monthly or quarterly";

    pub fn name(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
        }
    }

    pub fn parse(text: &str) -> Result<Self, InputError> {
        match text.trim().to_lowercase().as_str() {
            "weekly" => Ok(Cadence::Weekly),
            "monthly" => Ok(Cadence::Monthly),
            "quarterly" => Ok(Cadence::Quarterly),
            t => Err(InputError::new(
                "cadence",
                format!("must be {}, got '{}'", Self::ALLOWED, shown(t)),
            )),
        }
    }

    /// The day the next reading is due after one taken on `date`.
    pub fn due_after(self, date: Date) -> Date {
        let span = match self {
            Cadence::Weekly => jiff::Span::new().days(7),
            Cadence::Monthly => jiff::Span::new().months(1),
            Cadence::Quarterly => jiff::Span::new().months(3),
        };
        date.saturating_add(span)
    }
}

/// A metric as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub id: String,
    pub name: String,
    /// Shown after values when the target has no unit of its own (`NPS`, `tickets`).
    pub unit: String,
    pub direction: Direction,
    pub target: Target,
    pub kind: Kind,
    pub cadence: Cadence,
    /// The local date it was added: the clock of "overdue" before any reading.
    pub created_on: Date,
    pub created_at: String,
    pub updated_at: String,
}

impl Metric {
    /// A value of a part with its unit: `78%`, `6 min`, `48 NPS`.
    pub fn show_value(&self, part: &str, value: f64) -> String {
        format_value(value, self.target.unit(part), &self.unit)
    }
}

/// What a user gives to add a metric.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMetric {
    pub name: String,
    pub unit: String,
    pub target: Target,
    pub kind: Kind,
    pub cadence: Cadence,
}

impl NewMetric {
    pub fn parse(
        name: &str,
        target: &str,
        unit: Option<&str>,
        kind: Option<&str>,
        cadence: Option<&str>,
    ) -> Result<Self, InputError> {
        let name = parse_name(name)?;
        let target = Target::parse(target)?;
        let unit = parse_unit(unit.unwrap_or(""), &target)?;
        let kind = kind.map(Kind::parse).transpose()?.unwrap_or(Kind::Lagging);
        let cadence = cadence
            .map(Cadence::parse)
            .transpose()?
            .unwrap_or_else(|| kind.default_cadence());
        Ok(Self {
            name,
            unit,
            target,
            kind,
            cadence,
        })
    }
}

/// Refuses a control character other than a line break or tab, which
/// become spaces as whitespace does.
fn refuse_controls(field: &'static str, text: &str) -> Result<(), InputError> {
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\r' | '\n' | '\t'))
    {
        return Err(InputError::new(
            field,
            format!(
                "must not contain control characters, got {}",
                c.escape_unicode()
            ),
        ));
    }
    Ok(())
}

/// A metric's name: 1–80 characters on one line.
pub fn parse_name(text: &str) -> Result<String, InputError> {
    // A pasted line break is a space; any other control character is
    // refused rather than silently dropped (the user's words are kept as
    // typed, bidi marks included: output is what sanitizes).
    refuse_controls("name", text)?;
    let name: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars = name.chars().count();
    if chars == 0 || chars > 80 {
        return Err(InputError::new(
            "name",
            format!("must be 1–80 characters, got {chars}"),
        ));
    }
    Ok(name)
}

/// The free-text unit: empty, or the target's own unit said again, or a
/// word for a target without a unit (`NPS`, `tickets`).
fn parse_unit(text: &str, target: &Target) -> Result<String, InputError> {
    refuse_controls("unit", text)?;
    // A unit is a word or two printed after every value: a bidi mark
    // there would reorder the number beside it, so it is refused too.
    if let Some(c) = text
        .chars()
        .find(|&c| crate::formats::sanitize::is_unsafe(c))
    {
        return Err(InputError::new(
            "unit",
            format!(
                "must be letters, digits or symbols on one line, got {}",
                c.escape_unicode()
            ),
        ));
    }
    let unit = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if unit.is_empty() {
        return Ok(unit);
    }
    if unit.chars().count() > 30 {
        return Err(InputError::new("unit", "must be at most 30 characters"));
    }
    let target_units: Vec<Unit> = target
        .part_labels()
        .iter()
        .map(|p| target.unit(p))
        .filter(|u| *u != Unit::None)
        .collect();
    if target_units.is_empty() {
        return Ok(unit);
    }
    let same = target_units
        .iter()
        .all(|u| u.name() == unit || Unit::time_word(&unit).is_some_and(|w| w == *u));
    if same {
        // The target already carries it; storing it twice would show it twice.
        Ok(String::new())
    } else {
        Err(InputError::new(
            "unit",
            format!(
                "the target is in {}; leave the unit out or give the same one, got '{}'",
                target_units
                    .iter()
                    .map(|u| u.name())
                    .collect::<Vec<_>>()
                    .join(" and "),
                shown(&unit)
            ),
        ))
    }
}

/// A reading as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub id: String,
    pub metric_id: String,
    /// The label of the pair's part it measures; empty for one-part targets.
    pub part: String,
    pub value: f64,
    pub date: Date,
    pub note: String,
}

/// A reading a user gives.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReading {
    pub part: String,
    pub value: f64,
    pub date: Date,
    pub note: String,
}

impl NewReading {
    /// Parses a reading of `metric`: the value in the part's unit (its
    /// unit may follow, and time units convert), the date (default
    /// today, never in the future), the part for a pair.
    pub fn parse(
        metric: &Metric,
        value: &str,
        date: Option<&str>,
        note: Option<&str>,
        part: Option<&str>,
        today: Date,
    ) -> Result<Self, InputError> {
        let part = metric.target.find_part(part)?;
        let value = parse_value(value, metric.target.unit(&part), &metric.unit)?;
        let date = match date.map(str::trim).filter(|d| !d.is_empty()) {
            None => today,
            Some(d) => parse_date(d, today)?,
        };
        let note = note.unwrap_or("");
        refuse_controls("note", note)?;
        let note = note
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .trim()
            .to_string();
        if note.chars().count() > 2000 {
            return Err(InputError::new("note", "must be at most 2000 characters"));
        }
        Ok(Self {
            part,
            value,
            date,
            note,
        })
    }
}

/// A reading's value: a number, optionally followed by its unit.
pub fn parse_value(text: &str, unit: Unit, free_unit: &str) -> Result<f64, InputError> {
    let t = text.trim();
    let split = t
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+'))))
        .map_or(t.len(), |(i, _)| i);
    let (number, suffix) = (&t[..split], t[split..].trim());
    let expected = || {
        let in_unit = match unit {
            Unit::None if free_unit.is_empty() => String::new(),
            Unit::None => format!(" in {free_unit}"),
            u => format!(" in {}", u.name()),
        };
        InputError::new(
            "value",
            format!(
                "must be a number{in_unit} from {}, like 78 or 2.5; got '{}'",
                unit.range(),
                shown(t)
            ),
        )
    };
    let value = parse_number(number).ok_or_else(expected)?;
    let same_unit = suffix.is_empty()
        || suffix == unit.name()
        || (unit == Unit::None && suffix.eq_ignore_ascii_case(free_unit));
    let value = if same_unit {
        value
    } else {
        let given = if suffix == "%" {
            Some(Unit::Percent)
        } else {
            Unit::time_word(suffix)
        };
        given
            .and_then(|g| unit.convert(value, g))
            .ok_or_else(expected)?
    };
    unit.check(value)
        .map_err(|why| InputError::new("value", format!("{why}; got '{}'", shown(t))))?;
    Ok(value)
}

/// A date as `YYYY-MM-DD`, not after today.
pub fn parse_date(text: &str, today: Date) -> Result<Date, InputError> {
    let date: Date = text.trim().parse().map_err(|_| {
        InputError::new(
            "date",
            format!("must be a date as YYYY-MM-DD, got '{}'", shown(text.trim())),
        )
    })?;
    if date > today {
        return Err(InputError::new(
            "date",
            format!("must not be after today ({today}), got {date}"),
        ));
    }
    if date.year() < 1970 {
        return Err(InputError::new(
            "date",
            format!("must be 1970 or later, got {date}"),
        ));
    }
    Ok(date)
}

/// Where a metric stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OnTarget,
    OffTarget,
    NoReading,
    /// A trend needs readings in two periods.
    TooFew,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::OnTarget => "on target",
            Status::OffTarget => "off target",
            Status::NoReading => "no reading",
            Status::TooFew => "too few readings",
        }
    }
}

/// One reading's date and value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub date: Date,
    pub value: f64,
}

/// One part of a metric (the whole of it, unless the target is a pair).
#[derive(Debug, Clone, PartialEq)]
pub struct PartView {
    pub label: String,
    /// `< 30 min`, or the trend.
    pub target: String,
    pub status: Status,
    /// Oldest first.
    pub points: Vec<Point>,
}

impl PartView {
    pub fn baseline(&self) -> Option<Point> {
        self.points.first().copied()
    }

    pub fn latest(&self) -> Option<Point> {
        self.points.last().copied()
    }
}

/// Everything derived about a metric on a given day.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub parts: Vec<PartView>,
    pub status: Status,
    pub last_reading: Option<Date>,
    /// When the next reading is due.
    pub due: Date,
    /// Days past `due`, when it has passed.
    pub overdue_days: Option<i64>,
}

/// Evaluates a metric from its readings (in any order) on `today`.
pub fn evaluate(metric: &Metric, readings: &[Reading], today: Date) -> Evaluation {
    let mut sorted: Vec<&Reading> = readings
        .iter()
        .filter(|r| r.metric_id == metric.id)
        .collect();
    sorted.sort_by_key(|r| r.date);
    let parts: Vec<PartView> = metric
        .target
        .part_labels()
        .into_iter()
        .map(|label| {
            let points: Vec<Point> = sorted
                .iter()
                .filter(|r| r.part == label)
                .map(|r| Point {
                    date: r.date,
                    value: r.value,
                })
                .collect();
            let (target, status) = match &metric.target {
                Target::Trend { trend, period } => (
                    metric.target.to_string(),
                    trend_status(*trend, *period, &points),
                ),
                t => match t.threshold(label) {
                    Some(threshold) => (
                        threshold.condition(),
                        match points.last() {
                            Some(p) if threshold.met(p.value) => Status::OnTarget,
                            Some(_) => Status::OffTarget,
                            None => Status::NoReading,
                        },
                    ),
                    None => (String::new(), Status::NoReading),
                },
            };
            PartView {
                label: label.to_string(),
                target,
                status,
                points,
            }
        })
        .collect();
    let statuses: Vec<Status> = parts.iter().map(|p| p.status).collect();
    let status = if statuses.contains(&Status::OffTarget) {
        Status::OffTarget
    } else if statuses.iter().all(|s| *s == Status::OnTarget) {
        Status::OnTarget
    } else if statuses.contains(&Status::TooFew) {
        Status::TooFew
    } else {
        Status::NoReading
    };
    let last_reading = sorted.last().map(|r| r.date);
    let due = metric
        .cadence
        .due_after(last_reading.unwrap_or(metric.created_on));
    let overdue_days = (today > due).then(|| days_between(due, today));
    Evaluation {
        parts,
        status,
        last_reading,
        due,
        overdue_days,
    }
}

/// Whole days from `from` to `to`.
pub fn days_between(from: Date, to: Date) -> i64 {
    from.duration_until(to).as_secs() / 86_400
}

/// The period a date falls in, as a sortable key.
pub fn period_key(period: target::Period, date: Date) -> (i16, i8) {
    match period {
        target::Period::Week => {
            let week = date.iso_week_date();
            (week.year(), week.week())
        }
        target::Period::Month => (date.year(), date.month()),
        target::Period::Quarter => (date.year(), (date.month() - 1) / 3),
    }
}

/// A trend compares the last reading of the latest period with the last
/// reading of the period before it that has one.
fn trend_status(trend: target::Trend, period: target::Period, points: &[Point]) -> Status {
    let mut last_per_period: Vec<((i16, i8), f64)> = Vec::new();
    for p in points {
        let key = period_key(period, p.date);
        match last_per_period.last_mut() {
            Some((k, v)) if *k == key => *v = p.value,
            _ => last_per_period.push((key, p.value)),
        }
    }
    match last_per_period.as_slice() {
        [] => Status::NoReading,
        [_] => Status::TooFew,
        [.., (_, before), (_, latest)] => {
            let met = match trend {
                target::Trend::Decreasing => latest < before,
                target::Trend::Increasing => latest > before,
            };
            if met {
                Status::OnTarget
            } else {
                Status::OffTarget
            }
        }
    }
}

/// A part's target as a table shows it: a labelled threshold of a pair
/// with its label (`< 30 min change`), else the whole target.
pub fn part_target(metric: &Metric, part: &PartView) -> String {
    match metric.target.threshold(&part.label) {
        Some(t) if !part.label.is_empty() => t.to_string(),
        _ => metric.target.to_string(),
    }
}

/// `50% → 90%`, with the change for a trend (`120 → 72 tickets (-40%)`);
/// empty until a part has two readings.
pub fn baseline_to_latest(metric: &Metric, part: &PartView) -> String {
    match (part.baseline(), part.latest()) {
        (Some(b), Some(l)) if part.points.len() > 1 => {
            let change = match (&metric.target, change_percent(part)) {
                (Target::Trend { .. }, Some(c)) => {
                    format!(" ({}{}%)", if c > 0.0 { "+" } else { "" }, c.round())
                }
                _ => String::new(),
            };
            format!(
                "{} → {}{change}",
                metric.show_value(&part.label, b.value),
                metric.show_value(&part.label, l.value)
            )
        }
        _ => String::new(),
    }
}

/// Every live metric evaluated on one day, and the alerts they raise: what
/// `metric list` prints and the Outcomes pane shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Board {
    pub metrics: Vec<Metric>,
    /// One per metric, in the same order.
    pub evaluations: Vec<Evaluation>,
    pub alerts: Vec<alerts::Alert>,
}

impl Board {
    pub fn new(metrics: Vec<Metric>, readings: &[Reading], today: Date) -> Self {
        let evaluations: Vec<Evaluation> = metrics
            .iter()
            .map(|m| evaluate(m, readings, today))
            .collect();
        let pairs: Vec<(&Metric, &Evaluation)> = metrics.iter().zip(&evaluations).collect();
        let alerts = alerts::alerts(&pairs);
        Self {
            metrics,
            evaluations,
            alerts,
        }
    }

    /// Each metric with its evaluation.
    pub fn rows(&self) -> impl Iterator<Item = (&Metric, &Evaluation)> {
        self.metrics.iter().zip(&self.evaluations)
    }

    /// The alerts about one metric.
    pub fn alerts_of<'a>(&'a self, metric: &'a Metric) -> impl Iterator<Item = &'a alerts::Alert> {
        self.alerts.iter().filter(move |a| a.metric == metric.name)
    }
}

/// Change from baseline to latest in percent, when the baseline is not zero.
pub fn change_percent(part: &PartView) -> Option<f64> {
    let (b, l) = (part.baseline()?, part.latest()?);
    (b.value != 0.0 && part.points.len() > 1).then(|| (l.value - b.value) / b.value.abs() * 100.0)
}

#[cfg(test)]
mod tests;
