//! `fieldkit metric …` and `fieldkit cadence`: success metrics with their
//! targets, readings and alerts, and the research cadence.

use crate::cli::{CadenceArgs, MetricCommand, ReportFormat, ShowFormat, TableFormat};
use crate::domain::InputError;
use crate::domain::cadence::{ResearchCadence, ResearchTargets, since};
use crate::domain::metric::alerts::{Alert, FEATURE_COUNT_WARNING, is_feature_count};
use crate::domain::metric::number::shown;
use crate::domain::metric::{
    Board, Evaluation, Metric, NewMetric, NewReading, Reading, Status, baseline_to_latest,
    change_percent, evaluate, part_target, preset,
};
use crate::domain::time::Clock;
use crate::formats::markdown::escape;
use crate::formats::sanitize::{JsonArray, terminal_line as clean, write_json};
use crate::formats::table::{self, Align, render};
use crate::store::{ReadingOutcome, Store};
use color_eyre::eyre::Result;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;
use std::io::{BufRead, IsTerminal, Read, Write};

pub fn run(
    store: &mut Store,
    clock: &dyn Clock,
    command: &MetricCommand,
    out: &mut dyn Write,
) -> Result<()> {
    let today = local_date(clock.now());
    match command {
        MetricCommand::Add {
            name,
            target,
            unit,
            kind,
            cadence,
        } => {
            let new = NewMetric::parse(
                name,
                target,
                unit.as_deref(),
                kind.as_deref(),
                cadence.as_deref(),
            )?;
            let metric = store.add_metric(&new, today, clock.now())?;
            if is_feature_count(&metric.name) {
                eprintln!("fieldkit: note: {FEATURE_COUNT_WARNING}");
            }
            writeln!(out, "{}", metric.id)?;
            Ok(())
        }
        MetricCommand::Record {
            name,
            value,
            date,
            note,
            part,
        } => {
            let metric = store.find_metric(name)?;
            if value == "-" {
                if date.is_some() || note.is_some() || part.is_some() {
                    return Err(InputError::new(
                        "value",
                        "with '-' the date, note and part come from the CSV's columns, \
                         not from --date, --note or --part",
                    )
                    .into());
                }
                let mut text = String::new();
                std::io::stdin().lock().read_to_string(&mut text)?;
                let readings = readings_from_csv(&metric, &text, today)?;
                record(store, clock, &metric, &readings, out)
            } else {
                let reading = NewReading::parse(
                    &metric,
                    value,
                    date.as_deref(),
                    note.as_deref(),
                    part.as_deref(),
                    today,
                )?;
                record(store, clock, &metric, &[reading], out)
            }
        }
        MetricCommand::List { format, deleted } => {
            if *deleted {
                list_deleted(store, *format, out)
            } else {
                list(store, today, *format, out)
            }
        }
        MetricCommand::Show { name, format } => show(store, today, name, *format, out),
        MetricCommand::Preset => {
            let preset = preset::preset();
            let added = store.add_metrics_with_ids(&preset, today, clock.now())?;
            writeln!(
                out,
                "Added {added} of the seed's {} metrics{}",
                preset.len(),
                if added < preset.len() {
                    " (the others were already there)"
                } else {
                    ""
                }
            )?;
            Ok(())
        }
        MetricCommand::Delete { name, yes } => {
            let metric = store.find_metric(name)?;
            let count = store.metric_readings(&metric.id)?.len();
            if !yes
                && !confirm(&format!(
                    "Delete the metric '{}' and its {count} readings? [y/N] ",
                    clean(&metric.name)
                ))?
            {
                writeln!(out, "Nothing deleted.")?;
                return Ok(());
            }
            store.delete_metric(&metric, clock.now())?;
            writeln!(
                out,
                "Deleted '{}' ({count} readings kept with it); bring it back with: \
                 fieldkit metric undelete '{}'",
                clean(&metric.name),
                clean(&metric.name)
            )?;
            Ok(())
        }
        MetricCommand::Unrecord { name, date, part } => {
            let metric = store.find_metric(name)?;
            let part = metric.target.find_part(part.as_deref())?;
            let date = crate::domain::metric::parse_date(date, today)?;
            let removed = store.remove_reading(&metric.id, &part, date)?;
            let Some(&value) = removed.last() else {
                return Err(InputError::new(
                    "date",
                    format!("'{}' has no reading on {date}", clean(&metric.name)),
                )
                .into());
            };
            let part_flag = if part.is_empty() {
                String::new()
            } else {
                format!(" --part '{}'", clean(&part))
            };
            writeln!(
                out,
                "Removed {} on {date} from '{}'; put it back with: fieldkit metric record '{}' {}{part_flag} --date {date}",
                metric.show_value(&part, value),
                clean(&metric.name),
                clean(&metric.name),
                crate::domain::metric::number::format_number(value),
            )?;
            Ok(())
        }
        MetricCommand::Undelete { name } => {
            let metric = store.undelete_metric(name, clock.now())?;
            writeln!(out, "Restored '{}'", clean(&metric.name))?;
            Ok(())
        }
    }
}

/// Today's date where the user is.
fn local_date(now: Timestamp) -> Date {
    now.to_zoned_datetime(TimeZone::system()).date()
}

/// Asks on stderr and reads one line from stdin: yes only for y or yes.
/// Without a terminal to ask on, it is refused (as the other deletes are).
fn confirm(question: &str) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Err(InputError::new(
            "--yes",
            "deleting a metric asks first, and there is no terminal to ask on: add --yes",
        )
        .into());
    }
    eprint!("{question}");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// Readings pasted as CSV: `date,value[,note][,part]`, or any order under a
/// header naming those columns. Every row is checked before anything is
/// written; a bad value is named by line and column.
fn readings_from_csv(metric: &Metric, text: &str, today: Date) -> Result<Vec<NewReading>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut columns = (0usize, 1usize, Some(2usize), Some(3usize));
    let mut readings: Vec<NewReading> = Vec::new();
    let mut lines: Vec<u64> = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            InputError::new("csv", format!("cannot be read: {e}")).at(line, 1)
        })?;
        let line = record
            .position()
            .map_or(index as u64 + 1, csv::Position::line);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let lower: Vec<String> = record.iter().map(str::to_lowercase).collect();
        if index == 0 && lower.iter().any(|c| c == "date" || c == "value") {
            let find = |name: &str| lower.iter().position(|c| c == name);
            columns = (
                find("date").ok_or_else(|| {
                    InputError::new("csv", "the header has no 'date' column").at(line, 1)
                })?,
                find("value").ok_or_else(|| {
                    InputError::new("csv", "the header has no 'value' column").at(line, 1)
                })?,
                find("note"),
                find("part"),
            );
            if let Some(other) = lower
                .iter()
                .position(|c| !["date", "value", "note", "part"].contains(&c.as_str()))
            {
                return Err(InputError::new(
                    "csv",
                    format!(
                        "unknown column '{}': the columns are date, value, note and part",
                        shown(record.get(other).unwrap_or(""))
                    ),
                )
                .at(line, other + 1)
                .into());
            }
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).filter(|c| !c.is_empty());
        let date_cell = cell(Some(columns.0)).ok_or_else(|| {
            InputError::new("date", "is missing (YYYY-MM-DD)").at(line, columns.0 + 1)
        })?;
        // Each value is parsed alone, so its error points at its own cell.
        let located = |e: InputError, column: usize| e.at(line, column + 1);
        let part_given = cell(columns.3);
        let part = metric
            .target
            .find_part(part_given)
            .map_err(|e| located(e, columns.3.unwrap_or(columns.1)))?;
        let value = crate::domain::metric::parse_value(
            cell(Some(columns.1)).unwrap_or(""),
            metric.target.unit(&part),
            &metric.unit,
        )
        .map_err(|e| located(e, columns.1))?;
        let date = crate::domain::metric::parse_date(date_cell, today)
            .map_err(|e| located(e, columns.0))?;
        let reading = NewReading::parse(
            metric,
            &value.to_string(),
            Some(&date.to_string()),
            cell(columns.2),
            part_given,
            today,
        )
        .map_err(|e| located(e, columns.2.unwrap_or(columns.1)))?;
        if let Some(first) = readings
            .iter()
            .position(|r| r.date == reading.date && r.part == reading.part)
        {
            return Err(InputError::new(
                "date",
                format!(
                    "{} already has a reading on line {}",
                    reading.date, lines[first]
                ),
            )
            .at(line, columns.0 + 1)
            .into());
        }
        readings.push(reading);
        lines.push(line);
    }
    if readings.is_empty() {
        return Err(InputError::new(
            "csv",
            "has no readings: give lines of date,value[,note][,part]",
        )
        .into());
    }
    Ok(readings)
}

fn record(
    store: &mut Store,
    clock: &dyn Clock,
    metric: &Metric,
    readings: &[NewReading],
    out: &mut dyn Write,
) -> Result<()> {
    let today = local_date(clock.now());
    let batch: Vec<(&str, NewReading)> = readings
        .iter()
        .map(|r| (metric.id.as_str(), r.clone()))
        .collect();
    let outcomes = store.record_readings(&batch, clock.now())?;
    for (reading, outcome) in readings.iter().zip(&outcomes) {
        let part = if reading.part.is_empty() {
            String::new()
        } else {
            format!(" ({})", clean(&reading.part))
        };
        let replaced = match outcome {
            ReadingOutcome::Added => String::new(),
            ReadingOutcome::Replaced(old) => {
                format!(", replacing {}", metric.show_value(&reading.part, *old))
            }
        };
        writeln!(
            out,
            "{}{part}: {} on {}{replaced}",
            clean(&metric.name),
            metric.show_value(&reading.part, reading.value),
            reading.date
        )?;
    }
    let board = store.metric_board(today)?;
    if let Some((_, eval)) = board.rows().find(|(m, _)| m.id == metric.id) {
        writeln!(out, "Status: {}", status_line(metric, eval))?;
    }
    for alert in board.alerts_of(metric) {
        writeln!(out, "! {}: {}", alert.kind.name(), clean(&alert.message))?;
    }
    Ok(())
}

fn status_line(metric: &Metric, eval: &Evaluation) -> String {
    eval.parts
        .iter()
        .map(|p| {
            let label = if p.label.is_empty() {
                String::new()
            } else {
                format!("{}: ", clean(&p.label))
            };
            let trend = baseline_to_latest(metric, p);
            format!(
                "{label}{} ({}){}",
                p.status.name(),
                clean(&p.target),
                if trend.is_empty() {
                    String::new()
                } else {
                    format!(", {trend}")
                }
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn table_rows(board: &Board) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for (metric, eval) in board.rows() {
        for (i, part) in eval.parts.iter().enumerate() {
            let first = i == 0;
            let latest = part.latest();
            rows.push(vec![
                if first {
                    metric.name.clone()
                } else {
                    String::new()
                },
                if first {
                    metric.kind.name().into()
                } else {
                    String::new()
                },
                if first {
                    metric.cadence.name().into()
                } else {
                    String::new()
                },
                part_target(metric, part),
                latest.map_or("—".into(), |p| metric.show_value(&part.label, p.value)),
                latest.map_or(String::new(), |p| p.date.to_string()),
                part.status.name().into(),
                baseline_to_latest(metric, part),
            ]);
        }
    }
    rows
}

const TABLE_HEADER: [(&str, Align); 8] = [
    ("metric", Align::Left),
    ("kind", Align::Left),
    ("cadence", Align::Left),
    ("target", Align::Left),
    ("latest", Align::Right),
    ("date", Align::Left),
    ("status", Align::Left),
    ("baseline → latest", Align::Left),
];

fn list(store: &Store, today: Date, format: ReportFormat, out: &mut dyn Write) -> Result<()> {
    let board = store.metric_board(today)?;
    let alerts = &board.alerts;
    match format {
        ReportFormat::Json => {
            let report = ListJson {
                date: today.to_string(),
                metrics: board.rows().map(|(m, e)| MetricJson::new(m, e)).collect(),
                alerts,
            };
            write_json(&mut *out, &report)?;
            writeln!(out)?;
        }
        ReportFormat::Table => {
            if board.metrics.is_empty() {
                writeln!(
                    out,
                    "No metrics yet. Add the seed's eight with `fieldkit metric preset`, \
                     or one with `fieldkit metric add NAME --target '> 80%'`."
                )?;
                return Ok(());
            }
            out.write_all(render(&TABLE_HEADER, &table_rows(&board)).as_bytes())?;
            if !alerts.is_empty() {
                writeln!(out, "\nAlerts:")?;
                for alert in alerts {
                    writeln!(out, "! {}: {}", alert.kind.name(), clean(&alert.message))?;
                }
            }
        }
        ReportFormat::Md => {
            writeln!(out, "# Success metrics ({today})\n")?;
            writeln!(
                out,
                "| Metric | Kind | Cadence | Target | Latest | Date | Status | Baseline → latest |"
            )?;
            writeln!(out, "|---|---|---|---|---:|---|---|---|")?;
            for row in table_rows(&board) {
                let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
            }
            if !alerts.is_empty() {
                writeln!(out, "\n## Alerts\n")?;
                for alert in alerts {
                    writeln!(
                        out,
                        "- **{}**: {}",
                        alert.kind.name(),
                        escape(&alert.message)
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// One deleted metric in `metric list --deleted --format json`.
#[derive(Serialize)]
struct DeletedJson<'a> {
    id: &'a str,
    name: &'a str,
    deleted_at: &'a str,
    kind: &'static str,
    cadence: &'static str,
    target: String,
    readings: usize,
}

/// `metric list --deleted`: the deleted metrics, newest deletion first,
/// with when each was deleted and the readings it keeps, read one at a
/// time.
fn list_deleted(store: &Store, format: ReportFormat, out: &mut dyn Write) -> Result<()> {
    let zone = jiff::tz::TimeZone::system();
    let cells = |metric: &Metric, deleted_at: &str, readings: usize| {
        vec![
            metric.name.clone(),
            crate::domain::time::local_minute(deleted_at, &zone),
            metric.kind.name().to_string(),
            metric.cadence.name().to_string(),
            metric.target.to_string(),
            readings.to_string(),
        ]
    };
    match format {
        ReportFormat::Json => {
            let mut array = JsonArray::new(&mut *out)?;
            store.for_each_deleted_metric(|t| {
                let (metric, readings) = &t.record;
                array.push(&DeletedJson {
                    id: &metric.id,
                    name: &metric.name,
                    deleted_at: &t.deleted_at,
                    kind: metric.kind.name(),
                    cadence: metric.cadence.name(),
                    target: metric.target.to_string(),
                    readings: *readings,
                })?;
                Ok(())
            })?;
            array.finish()?;
            writeln!(out)?;
        }
        ReportFormat::Table => {
            let header = [
                ("name", Align::Left),
                ("deleted", Align::Left),
                ("kind", Align::Left),
                ("cadence", Align::Left),
                ("target", Align::Left),
                ("readings", Align::Right),
            ];
            let written = table::stream(&header, &mut *out, |row| {
                store.for_each_deleted_metric(|t| {
                    let (metric, readings) = &t.record;
                    row(&cells(metric, &t.deleted_at, *readings))
                })
            })?;
            if written == 0 {
                writeln!(out, "No deleted metrics.")?;
            } else {
                writeln!(out, "Bring one back with: fieldkit metric undelete NAME")?;
            }
        }
        ReportFormat::Md => {
            writeln!(
                out,
                "| Metric | Deleted | Kind | Cadence | Target | Readings |"
            )?;
            writeln!(out, "|---|---|---|---|---|---:|")?;
            store.for_each_deleted_metric(|t| {
                let (metric, readings) = &t.record;
                let row: Vec<String> = cells(metric, &t.deleted_at, *readings)
                    .iter()
                    .map(|c| escape(c))
                    .collect();
                writeln!(out, "| {} |", row.join(" | "))?;
                Ok(())
            })?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ListJson<'a> {
    date: String,
    metrics: Vec<MetricJson<'a>>,
    alerts: &'a [Alert],
}

#[derive(Serialize)]
struct PointJson {
    date: String,
    value: f64,
}

#[derive(Serialize)]
struct PartJson<'a> {
    label: &'a str,
    target: &'a str,
    unit: String,
    status: Status,
    readings: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<PointJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest: Option<PointJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    change_percent: Option<f64>,
}

#[derive(Serialize)]
struct MetricJson<'a> {
    id: &'a str,
    name: &'a str,
    unit: &'a str,
    direction: &'static str,
    target: String,
    kind: &'static str,
    cadence: &'static str,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_reading: Option<String>,
    due: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    overdue_days: Option<i64>,
    parts: Vec<PartJson<'a>>,
    created_at: &'a str,
    updated_at: &'a str,
}

impl<'a> MetricJson<'a> {
    fn new(m: &'a Metric, e: &'a Evaluation) -> Self {
        let point = |p: crate::domain::metric::Point| PointJson {
            date: p.date.to_string(),
            value: p.value,
        };
        Self {
            id: &m.id,
            name: &m.name,
            unit: &m.unit,
            direction: m.direction.name(),
            target: m.target.to_string(),
            kind: m.kind.name(),
            cadence: m.cadence.name(),
            status: e.status,
            last_reading: e.last_reading.map(|d| d.to_string()),
            due: e.due.to_string(),
            overdue_days: e.overdue_days,
            parts: e
                .parts
                .iter()
                .map(|p| PartJson {
                    label: &p.label,
                    target: &p.target,
                    unit: m.target.unit(&p.label).name(),
                    status: p.status,
                    readings: p.points.len(),
                    baseline: p.baseline().map(point),
                    latest: p.latest().map(point),
                    change_percent: change_percent(p).map(|c| (c * 10.0).round() / 10.0),
                })
                .collect(),
            created_at: &m.created_at,
            updated_at: &m.updated_at,
        }
    }
}

#[derive(Serialize)]
struct ReadingJson<'a> {
    id: &'a str,
    date: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    part: &'a str,
    value: f64,
    note: &'a str,
}

#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    metric: MetricJson<'a>,
    readings: Vec<ReadingJson<'a>>,
    alerts: Vec<&'a Alert>,
}

fn show(
    store: &Store,
    today: Date,
    name: &str,
    format: ShowFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let metric = store.find_metric(name)?;
    let board = store.metric_board(today)?;
    let readings: Vec<Reading> = store.metric_readings(&metric.id)?;
    let eval = evaluate(&metric, &readings, today);
    let mine: Vec<&Alert> = board.alerts_of(&metric).collect();
    match format {
        ShowFormat::Json => {
            let report = ShowJson {
                metric: MetricJson::new(&metric, &eval),
                readings: readings
                    .iter()
                    .map(|r| ReadingJson {
                        id: &r.id,
                        date: r.date.to_string(),
                        part: &r.part,
                        value: r.value,
                        note: &r.note,
                    })
                    .collect(),
                alerts: mine,
            };
            write_json(&mut *out, &report)?;
            writeln!(out)?;
        }
        ShowFormat::Md => {
            writeln!(out, "# {}\n", escape(&metric.name))?;
            writeln!(
                out,
                "- Target: {} ({} is better)",
                escape(&metric.target.to_string()),
                metric.direction.name()
            )?;
            writeln!(
                out,
                "- Kind: {}, read {}; next reading due {}{}",
                metric.kind.name(),
                metric.cadence.name(),
                eval.due,
                eval.overdue_days
                    .map_or(String::new(), |d| format!(" ({d} days overdue)"))
            )?;
            writeln!(out, "- Status: {}", escape(&status_line(&metric, &eval)))?;
            writeln!(out, "\n## Readings\n")?;
            if readings.is_empty() {
                writeln!(
                    out,
                    "None yet: `fieldkit metric record '{}' VALUE`.",
                    escape(&metric.name)
                )?;
            } else {
                let pair = metric.target.part_labels().len() > 1;
                if pair {
                    writeln!(out, "| Date | Part | Value | Note |\n|---|---|---:|---|")?;
                } else {
                    writeln!(out, "| Date | Value | Note |\n|---|---:|---|")?;
                }
                for r in &readings {
                    let value = escape(&metric.show_value(&r.part, r.value));
                    if pair {
                        writeln!(
                            out,
                            "| {} | {} | {value} | {} |",
                            r.date,
                            escape(&r.part),
                            escape(&r.note)
                        )?;
                    } else {
                        writeln!(out, "| {} | {value} | {} |", r.date, escape(&r.note))?;
                    }
                }
            }
            if !mine.is_empty() {
                writeln!(out, "\n## Alerts\n")?;
                for alert in mine {
                    writeln!(
                        out,
                        "- **{}**: {}",
                        alert.kind.name(),
                        escape(&alert.message)
                    )?;
                }
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct CadenceJson<'a> {
    date: String,
    quarter: &'a str,
    quarter_start: String,
    month: &'a str,
    targets: ResearchTargets,
    teams_shadowed: Vec<String>,
    teams_shadowed_count: usize,
    sessions_this_quarter: usize,
    interviews_this_month: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    days_since_shadowing: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    days_since_interview: Option<i64>,
    not_heard_from: Vec<SilentTeam>,
}

#[derive(Serialize)]
struct SilentTeam {
    team: String,
    last_heard: String,
}

pub fn cadence(
    store: &mut Store,
    clock: &dyn Clock,
    args: &CadenceArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let today = local_date(clock.now());
    if args.set_teams.is_some() || args.set_interviews.is_some() {
        let mut targets = store.research_targets()?;
        if let Some(n) = &args.set_teams {
            targets.teams_per_quarter = ResearchTargets::parse_count("teams", n)?;
        }
        if let Some(n) = &args.set_interviews {
            targets.interviews_per_month = ResearchTargets::parse_count("interviews", n)?;
        }
        store.set_research_targets(targets, clock.now())?;
    }
    let c = store.research_cadence(today, &TimeZone::system())?;
    match args.format {
        TableFormat::Json => {
            let report = CadenceJson {
                date: today.to_string(),
                quarter: &c.quarter,
                quarter_start: c.quarter_start.to_string(),
                month: &c.month,
                targets: c.targets,
                teams_shadowed: c.teams_shadowed.clone(),
                teams_shadowed_count: c.teams_shadowed.len(),
                sessions_this_quarter: c.sessions_this_quarter,
                interviews_this_month: c.interviews_this_month,
                days_since_shadowing: c.days_since_shadowing,
                days_since_interview: c.days_since_interview,
                not_heard_from: c
                    .not_heard_from
                    .iter()
                    .map(|(team, date)| SilentTeam {
                        team: team.clone(),
                        last_heard: date.to_string(),
                    })
                    .collect(),
            };
            write_json(&mut *out, &report)?;
            writeln!(out)?;
        }
        TableFormat::Table => out.write_all(cadence_text(&c, today).as_bytes())?,
    }
    Ok(())
}

fn cadence_text(c: &ResearchCadence, today: Date) -> String {
    let mark = |ok: bool| if ok { "on target" } else { "below target" };
    let teams = if c.teams_shadowed.is_empty() {
        String::new()
    } else {
        format!(": {}", clean(&c.teams_shadowed.join(", ")))
    };
    let silent = if c.not_heard_from.is_empty() {
        "none".to_string()
    } else {
        c.not_heard_from
            .iter()
            .map(|(t, d)| format!("{} (last {d})", clean(t)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows = vec![
        vec![
            format!("teams shadowed this quarter ({})", c.quarter),
            format!(
                "{} of {}, {}{teams}",
                c.teams_shadowed.len(),
                c.targets.teams_per_quarter,
                mark(c.teams_on_target())
            ),
        ],
        vec![
            format!("interviews this month ({})", c.month),
            format!(
                "{} of {}, {}",
                c.interviews_this_month,
                c.targets.interviews_per_month,
                mark(c.interviews_on_target())
            ),
        ],
        vec![
            "since the last shadowing session".into(),
            since(c.days_since_shadowing, "session"),
        ],
        vec![
            "since the last interview".into(),
            since(c.days_since_interview, "interview"),
        ],
        vec!["not heard from this quarter".into(), silent],
    ];
    format!(
        "Research cadence on {today}\n{}",
        render(&[("measure", Align::Left), ("", Align::Left)], &rows)
            .lines()
            .skip(1)
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    )
}
