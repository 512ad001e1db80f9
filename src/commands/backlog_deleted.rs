//! `backlog list --deleted`: the deleted items, newest deletion first,
//! each with when it was deleted, so an id for `backlog undelete` can be
//! found. Every format of `backlog list` but Jira's score sheet (a deleted
//! item's score is not sent back to Jira).

use crate::cli::ListFormat;
use crate::domain::InputError;
use crate::domain::backlog::{Item, Lane};
use crate::domain::rice::{format_number, format_score, rounded_score};
use crate::domain::time::local_minute;
use crate::formats::sanitize::{JsonArray, terminal_line};
use crate::formats::table::{Align, Table};
use crate::formats::{csv, markdown};
use crate::store::{Store, Trashed};
use color_eyre::eyre::Result;
use serde::Serialize;
use std::io::Write;

pub fn list(store: &Store, lanes: &[Lane], format: ListFormat, out: &mut dyn Write) -> Result<()> {
    if format == ListFormat::Jira {
        return Err(InputError::new(
            "--format",
            "jira sends scores back to Jira, and deleted items send none: \
             with --deleted use table, csv, json or md",
        )
        .into());
    }
    let items: Vec<Trashed<Item>> = store
        .deleted_items()?
        .into_iter()
        .filter(|t| lanes.is_empty() || lanes.contains(&t.record.lane))
        .collect();
    match format {
        ListFormat::Table => table(&items, out),
        ListFormat::Csv => csv_rows(&items, out),
        ListFormat::Json => json(&items, out),
        ListFormat::Md => md(&items, out),
        ListFormat::Jira => Ok(()),
    }
}

/// One deleted item in JSON: `backlog list`'s keys without the rank, and
/// when it was deleted.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    deleted_at: &'a str,
    title: &'a str,
    reach: f64,
    impact: f64,
    confidence: f64,
    effort: f64,
    score: f64,
    lane: &'a str,
    tags: &'a [String],
    key: Option<&'a str>,
    url: Option<&'a str>,
}

fn json(items: &[Trashed<Item>], out: &mut dyn Write) -> Result<()> {
    let mut array = JsonArray::new(&mut *out)?;
    for t in items {
        let item = &t.record;
        array.push(&Row {
            id: &item.id,
            deleted_at: &t.deleted_at,
            title: &item.title,
            reach: item.rice.reach.value(),
            impact: item.rice.impact.value(),
            confidence: item.rice.confidence.percent(),
            effort: item.rice.effort.value(),
            score: rounded_score(item.score()),
            lane: item.lane.name(),
            tags: item.tags.as_slice(),
            key: item.tracker.as_ref().map(|t| t.key.as_str()),
            url: item.tracker.as_ref().and_then(|t| t.url.as_deref()),
        })?;
    }
    array.finish()?;
    writeln!(out)?;
    Ok(())
}

const TABLE_HEADER: [(&str, Align); 10] = [
    ("id", Align::Left),
    ("deleted", Align::Left),
    ("title", Align::Left),
    ("reach", Align::Right),
    ("impact", Align::Right),
    ("confidence", Align::Right),
    ("effort", Align::Right),
    ("score", Align::Right),
    ("lane", Align::Left),
    ("tags", Align::Left),
];

fn table(items: &[Trashed<Item>], out: &mut dyn Write) -> Result<()> {
    if items.is_empty() {
        writeln!(out, "No deleted items.")?;
        return Ok(());
    }
    let zone = jiff::tz::TimeZone::system();
    let rows: Vec<[String; 10]> = items
        .iter()
        .map(|t| {
            let item = &t.record;
            [
                item.short_id().to_string(),
                local_minute(&t.deleted_at, &zone),
                item.title.clone(),
                item.rice.reach.to_string(),
                item.rice.impact.to_string(),
                item.rice.confidence.to_string(),
                item.rice.effort.to_string(),
                format_score(item.score()),
                item.lane.to_string(),
                item.tags.joined(" "),
            ]
            .map(|c| terminal_line(&c).into_owned())
        })
        .collect();
    let mut table = Table::new(&TABLE_HEADER);
    for row in &rows {
        table.measure(row);
    }
    table.write_header(&mut *out)?;
    for row in &rows {
        table.write_row(&mut *out, row)?;
    }
    writeln!(out, "Bring one back with: fieldkit backlog undelete ID")?;
    Ok(())
}

/// `backlog list --format csv`'s columns, `deleted_at` where the rank was.
fn csv_rows(items: &[Trashed<Item>], out: &mut dyn Write) -> Result<()> {
    let mut w = csv::writer(out);
    let mut header = csv::HEADER;
    header[0] = "deleted_at";
    w.write_record(header)?;
    for t in items {
        let item = &t.record;
        let (key, url) = match &item.tracker {
            Some(link) => (link.key.as_str(), link.url.as_deref().unwrap_or_default()),
            None => ("", ""),
        };
        let text = |s: &str| csv::cell(s).into_owned();
        w.write_record([
            text(&t.deleted_at),
            text(&item.id),
            text(&item.title),
            format_number(item.rice.reach.value()),
            format_number(item.rice.impact.value()),
            format_number(item.rice.confidence.percent()),
            format_number(item.rice.effort.value()),
            format_score(item.score()),
            item.lane.name().to_string(),
            text(&item.tags.joined(";")),
            text(&item.description),
            text(item.kill_reason.as_deref().unwrap_or_default()),
            text(key),
            text(url),
            item.roadmap
                .source
                .map(|s| s.name())
                .unwrap_or_default()
                .to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The seed's table, with each item's id and when it was deleted.
fn md(items: &[Trashed<Item>], out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "| Initiative | Reach | Impact | Confidence | Effort | RICE Score | ID | Deleted |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|")?;
    let zone = jiff::tz::TimeZone::system();
    for t in items {
        let item = &t.record;
        let rice = &item.rice;
        writeln!(
            out,
            "| {} | {} | {} ({}) | {} | {} | {} | {} | {} |",
            markdown::escape(&item.title),
            rice.reach,
            rice.impact,
            rice.impact.name(),
            rice.confidence,
            rice.effort,
            format_score(item.score()),
            item.short_id(),
            markdown::escape(&local_minute(&t.deleted_at, &zone))
        )?;
    }
    Ok(())
}
