//! `fieldkit backlog …`: add, list, show, set, kill, import.

use crate::cli::{
    AddArgs, BacklogCommand, ImportArgs, ImportSource, ListArgs, ListFormat, SetArgs, ShowFormat,
};
use crate::domain::InputError;
use crate::domain::backlog::{
    Item, ItemPatch, Lane, NewItem, ScoreChange, Tags, Title, parse_description, parse_kill_reason,
};
use crate::domain::rice::{
    Confidence, Effort, Impact, Reach, Rice, format_number, format_score, rounded_score,
};
use crate::domain::roadmap::{
    RoadmapPatch, Source, consequence, describe_consequence, force_between, parse_pin_reason,
    parse_review_date, parse_success_text,
};
use crate::domain::time::{Clock, local_minute};
use crate::domain::tracker::{ImportCounts, TrackerLink, parse_jira_url};
use crate::formats::sanitize::{JsonArray, terminal_line, write_json};
use crate::formats::table::{Align, Table};
use crate::formats::{csv, github, jira, markdown};
use crate::store::{RankedRow, Store};
use color_eyre::eyre::{Result, WrapErr, eyre};
use jiff::tz::TimeZone;
use serde::Serialize;
use std::io::Write;

pub fn run(
    store: &mut Store,
    clock: &dyn Clock,
    command: &BacklogCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        BacklogCommand::Add(args) => add(store, clock, args, out),
        BacklogCommand::List(args) => list(store, args, out),
        BacklogCommand::Show { id, format } => show(store, clock, id, *format, out),
        BacklogCommand::Set(args) => set(store, clock, args, out),
        BacklogCommand::Kill { id, reason } => kill(store, clock, id, reason, out),
        BacklogCommand::Delete { id, yes } => super::delete::item(store, clock, id, *yes, out),
        BacklogCommand::Undelete { id } => super::delete::undelete_item(store, id, out),
        BacklogCommand::Import(args) => import(store, clock, args, out),
    }
}

fn add(store: &mut Store, clock: &dyn Clock, args: &AddArgs, out: &mut dyn Write) -> Result<()> {
    let lane = args
        .lane
        .as_deref()
        .map(Lane::parse)
        .transpose()?
        .unwrap_or(Lane::Inbox);
    if lane == Lane::Killed {
        return Err(InputError::new(
            "lane",
            "a new item cannot start killed; add it, then use backlog kill ID --reason TEXT",
        )
        .into());
    }
    let new = NewItem {
        title: Title::parse(&args.title)?,
        description: args
            .description
            .as_deref()
            .map(parse_description)
            .unwrap_or_default(),
        rice: Rice {
            reach: Reach::parse(&args.reach)?,
            impact: Impact::parse(&args.impact)?,
            confidence: Confidence::parse(&args.confidence)?,
            effort: Effort::parse(&args.effort)?,
        },
        lane,
        tags: Tags::from_words(args.tags.iter().map(String::as_str))?,
        kill_reason: None,
    };
    let item = store.add_item(&new, clock.now())?;
    writeln!(out, "{}", item.id)?;
    Ok(())
}

/// One row of `backlog list --format json`: its rank, or with `--deleted`
/// when it was deleted (after the id).
#[derive(Serialize)]
struct ListRow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    rank: Option<usize>,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted_at: Option<&'a str>,
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

fn list(store: &Store, args: &ListArgs, out: &mut dyn Write) -> Result<()> {
    let lanes = args
        .lanes
        .iter()
        .map(|l| Lane::parse(l))
        .collect::<Result<Vec<_>, _>>()?;
    let names = lanes.iter().map(|l| l.name()).collect::<Vec<_>>().join(" ");
    let listing = if args.deleted {
        if args.format == ListFormat::Jira {
            return Err(InputError::new(
                "--format",
                "jira sends scores back to Jira, and deleted items send none: \
                 with --deleted use table, csv, json or md",
            )
            .into());
        }
        Listing::Deleted { lanes: &lanes }
    } else {
        Listing::Ranked {
            lanes: &names,
            all: args.all,
        }
    };
    match args.format {
        ListFormat::Csv => list_csv(store, listing, out)?,
        ListFormat::Jira => list_jira(store, listing, out)?,
        ListFormat::Json => list_json(store, listing, out)?,
        ListFormat::Md => list_md(store, listing, out)?,
        ListFormat::Table => list_table(store, listing, out)?,
    }
    Ok(())
}

/// The rows a `backlog list` writes, one at a time: the ranking of the
/// lanes asked for (space-separated, as `Store::for_each_ranked` takes
/// them), or with `--deleted` the deleted items of those lanes (any lane
/// when none is named), newest deletion first.
#[derive(Clone, Copy)]
enum Listing<'a> {
    Ranked { lanes: &'a str, all: bool },
    Deleted { lanes: &'a [Lane] },
}

/// What leads a listed row: its rank, or when it was deleted.
#[derive(Clone, Copy)]
enum Lead<'a> {
    Rank(usize),
    Deleted(&'a str),
}

impl Listing<'_> {
    /// Each row in the order listed, with what leads it.
    fn for_each(
        self,
        store: &Store,
        mut each: impl FnMut(Lead<'_>, &RankedRow<'_>) -> Result<()>,
    ) -> Result<()> {
        match self {
            Listing::Ranked { lanes, all } => {
                let mut rank = 0usize;
                store.for_each_ranked(lanes, all, |row| {
                    rank += 1;
                    each(Lead::Rank(rank), row)
                })
            }
            Listing::Deleted { lanes } => store.for_each_deleted_item(|row, deleted_at| {
                if lanes.is_empty() || lanes.iter().any(|l| l.name() == row.lane) {
                    each(Lead::Deleted(deleted_at), row)
                } else {
                    Ok(())
                }
            }),
        }
    }

    /// The same rows in any order, for a table's first pass that only
    /// measures them: the ranking's in file order (cheaper than ranking
    /// twice), numbered as they come, so the widest rank is measured too.
    fn for_each_unordered(
        self,
        store: &Store,
        mut each: impl FnMut(Lead<'_>, &RankedRow<'_>) -> Result<()>,
    ) -> Result<()> {
        match self {
            Listing::Ranked { lanes, all } => {
                let mut count = 0usize;
                store.for_each_listed(lanes, all, |row| {
                    count += 1;
                    each(Lead::Rank(count), row)
                })
            }
            Listing::Deleted { .. } => self.for_each(store, each),
        }
    }
}

/// A stored row's RICE values, checked as when an item is read.
fn stored_rice(row: &RankedRow<'_>) -> Result<Rice> {
    let bad = |field: &str| eyre!("item {}: stored {field} breaks the rules", row.id);
    Ok(Rice {
        reach: Reach::from_stored(row.reach).ok_or_else(|| bad("reach"))?,
        impact: Impact::from_value(row.impact).ok_or_else(|| bad("impact"))?,
        confidence: Confidence::from_stored(row.confidence).ok_or_else(|| bad("confidence"))?,
        effort: Effort::from_stored(row.effort).ok_or_else(|| bad("effort"))?,
    })
}

fn stored_lane(row: &RankedRow<'_>) -> Result<Lane> {
    Lane::parse(row.lane).map_err(|_| eyre!("item {}: stored lane breaks the rules", row.id))
}

/// The first eight characters of a row's id, enough to name it on the CLI.
fn short_id<'a>(row: &RankedRow<'a>) -> &'a str {
    row.id.get(..8).unwrap_or(row.id)
}

/// `backlog list --format json`: one pretty array, written element by
/// element as the rows arrive.
fn list_json(store: &Store, listing: Listing<'_>, out: &mut dyn Write) -> Result<()> {
    let mut array = JsonArray::new(&mut *out)?;
    listing.for_each(store, |lead, row| {
        let rice = stored_rice(row)?;
        let tags = Tags::from_stored(row.tags);
        let (rank, deleted_at) = match lead {
            Lead::Rank(rank) => (Some(rank), None),
            Lead::Deleted(at) => (None, Some(at)),
        };
        array.push(&ListRow {
            rank,
            id: row.id,
            deleted_at,
            title: row.title,
            reach: rice.reach.value(),
            impact: rice.impact.value(),
            confidence: rice.confidence.percent(),
            effort: rice.effort.value(),
            score: rounded_score(row.score),
            lane: stored_lane(row)?.name(),
            tags: tags.as_slice(),
            key: (!row.tracker_key.is_empty()).then_some(row.tracker_key),
            url: (!row.tracker_key.is_empty() && !row.tracker_url.is_empty())
                .then_some(row.tracker_url),
        })?;
        Ok(())
    })?;
    array.finish()?;
    writeln!(out)?;
    Ok(())
}

/// `backlog list --format md`: the seed's table, a row per item; with
/// `--deleted` each item's id and when it was deleted follow.
fn list_md(store: &Store, listing: Listing<'_>, out: &mut dyn Write) -> Result<()> {
    match listing {
        Listing::Ranked { .. } => {
            writeln!(
                out,
                "| Initiative | Reach | Impact | Confidence | Effort | RICE Score |"
            )?;
            writeln!(out, "|---|---|---|---|---|---|")?;
        }
        Listing::Deleted { .. } => {
            writeln!(
                out,
                "| Initiative | Reach | Impact | Confidence | Effort | RICE Score | ID | Deleted |"
            )?;
            writeln!(out, "|---|---|---|---|---|---|---|---|")?;
        }
    }
    let zone = jiff::tz::TimeZone::system();
    listing.for_each(store, |lead, row| {
        let rice = stored_rice(row)?;
        write!(
            out,
            "| {} | {} | {} ({}) | {} | {} | {} |",
            markdown::escape(row.title),
            rice.reach,
            rice.impact,
            rice.impact.name(),
            rice.confidence,
            rice.effort,
            format_score(row.score)
        )?;
        if let Lead::Deleted(at) = lead {
            write!(
                out,
                " {} | {} |",
                short_id(row),
                markdown::escape(&local_minute(at, &zone))
            )?;
        }
        writeln!(out)?;
        Ok(())
    })?;
    Ok(())
}

/// A row of `backlog list --format table`, its cells as the terminal gets
/// them: rank and id, or with `--deleted` id and when it was deleted.
fn table_cells(lead: Lead<'_>, row: &RankedRow<'_>, zone: &TimeZone) -> Result<[String; 10]> {
    let rice = stored_rice(row)?;
    let id = short_id(row).to_string();
    let [first, second] = match lead {
        Lead::Rank(rank) => [rank.to_string(), id],
        Lead::Deleted(at) => [id, local_minute(at, zone)],
    };
    let cells = [
        first,
        second,
        row.title.to_string(),
        rice.reach.to_string(),
        rice.impact.to_string(),
        rice.confidence.to_string(),
        rice.effort.to_string(),
        format_score(row.score),
        stored_lane(row)?.to_string(),
        Tags::from_stored(row.tags).joined(" "),
    ];
    Ok(cells.map(|c| terminal_line(&c).into_owned()))
}

/// `backlog list --format table`: a first pass measures the columns (none
/// of the rows kept), the second writes them in order.
fn list_table(store: &Store, listing: Listing<'_>, out: &mut dyn Write) -> Result<()> {
    let zone = TimeZone::system();
    let mut table = Table::new(match listing {
        Listing::Ranked { .. } => &TABLE_HEADER,
        Listing::Deleted { .. } => &DELETED_HEADER,
    });
    let mut count = 0usize;
    listing.for_each_unordered(store, |lead, row| {
        count += 1;
        table.measure(&table_cells(lead, row, &zone)?);
        Ok(())
    })?;
    if count == 0 {
        match listing {
            Listing::Ranked { lanes, all } => writeln!(
                out,
                "No items{}. Add one with `fieldkit backlog add`, or load the examples with `fieldkit demo`.",
                if all || !lanes.is_empty() {
                    ""
                } else {
                    " open"
                }
            )?,
            Listing::Deleted { .. } => writeln!(out, "No deleted items.")?,
        }
        return Ok(());
    }
    table.write_header(&mut *out)?;
    listing.for_each(store, |lead, row| {
        table.write_row(&mut *out, &table_cells(lead, row, &zone)?)?;
        Ok(())
    })?;
    if let Listing::Deleted { .. } = listing {
        writeln!(out, "Bring one back with: fieldkit backlog undelete ID")?;
    }
    Ok(())
}

const TABLE_HEADER: [(&str, Align); 10] = [
    ("rank", Align::Right),
    ("id", Align::Left),
    ("title", Align::Left),
    ("reach", Align::Right),
    ("impact", Align::Right),
    ("confidence", Align::Right),
    ("effort", Align::Right),
    ("score", Align::Right),
    ("lane", Align::Left),
    ("tags", Align::Left),
];

/// `backlog list --deleted`'s table: the id first, when it was deleted
/// where the id was.
const DELETED_HEADER: [(&str, Align); 10] = [
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

/// `backlog list --format csv`: rows go from SQLite to the writer without
/// building items; with `--deleted`, `deleted_at` is where the rank was.
fn list_csv(store: &Store, listing: Listing<'_>, out: &mut dyn Write) -> Result<()> {
    let mut w = csv::writer(out);
    let mut header = csv::HEADER;
    if let Listing::Deleted { .. } = listing {
        header[0] = "deleted_at";
    }
    w.write_record(header)?;
    listing.for_each(store, |lead, row| {
        let first = match lead {
            Lead::Rank(rank) => rank.to_string(),
            Lead::Deleted(at) => csv::cell(at).into_owned(),
        };
        // Stored space-separated, listed semicolon-separated.
        let tags = row.tags.replace(' ', ";");
        w.write_record([
            first.as_str(),
            &csv::cell(row.id),
            &csv::cell(row.title),
            &format_number(row.reach),
            &format_number(row.impact),
            &format_number(row.confidence),
            &format_number(row.effort),
            &format_score(row.score),
            &csv::cell(row.lane),
            &csv::cell(&tags),
            &csv::cell(row.description),
            &csv::cell(row.kill_reason),
            &csv::cell(row.tracker_key),
            &csv::cell(row.tracker_url),
            &csv::cell(row.source),
        ])?;
        Ok(())
    })?;
    w.flush()?;
    Ok(())
}

/// `backlog list --format jira`: the scores of the items that have a Jira
/// key, in a CSV that Jira's importer maps onto the issues by Issue key.
fn list_jira(store: &Store, listing: Listing<'_>, out: &mut dyn Write) -> Result<()> {
    let mut w = csv::writer(out);
    w.write_record(jira::SCORES_HEADER)?;
    listing.for_each(store, |_, row| {
        if TrackerLink::is_jira_key(row.tracker_key) {
            w.write_record([
                row.tracker_key,
                &format_number(row.reach),
                &format_number(row.impact),
                &format_number(row.confidence),
                &format_number(row.effort),
                &format_score(row.score),
            ])?;
        }
        Ok(())
    })?;
    w.flush()?;
    Ok(())
}

/// An item in JSON, as `backlog show` and `export` write it.
#[derive(Serialize)]
pub(super) struct ItemJson<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    reach: f64,
    impact: f64,
    confidence: f64,
    effort: f64,
    score: f64,
    formula: String,
    lane: &'a str,
    tags: &'a [String],
    kill_reason: Option<&'a str>,
    /// The tracker's key and page, for an item imported from Jira or GitHub.
    key: Option<&'a str>,
    url: Option<&'a str>,
    source: Option<&'static str>,
    success_criteria: Option<&'a str>,
    review_by: Option<String>,
    impact_id: Option<&'a str>,
    /// Goal → actor → impact, by name: `backlog show` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    goal_path: Option<[String; 3]>,
    pin_reason: Option<&'a str>,
    created_at: &'a str,
    updated_at: &'a str,
    history: Vec<HistoryEntry<'a>>,
    evidence: Vec<super::synthesis::ExportEvidence<'a>>,
}

impl<'a> ItemJson<'a> {
    pub(super) fn new(
        item: &'a Item,
        history: &'a [ScoreChange],
        evidence: &'a [crate::domain::synthesis::Evidence],
    ) -> Self {
        Self {
            id: &item.id,
            title: &item.title,
            description: &item.description,
            reach: item.rice.reach.value(),
            impact: item.rice.impact.value(),
            confidence: item.rice.confidence.percent(),
            effort: item.rice.effort.value(),
            score: rounded_score(item.score()),
            formula: item.rice.formula(),
            lane: item.lane.name(),
            tags: item.tags.as_slice(),
            kill_reason: item.kill_reason.as_deref(),
            key: item.tracker.as_ref().map(|t| t.key.as_str()),
            url: item.tracker.as_ref().and_then(|t| t.url.as_deref()),
            source: item.roadmap.source.map(|s| s.name()),
            success_criteria: item.roadmap.success.as_ref().map(|s| s.text.as_str()),
            review_by: item
                .roadmap
                .success
                .as_ref()
                .map(|s| s.review_by.to_string()),
            impact_id: item.roadmap.impact_id.as_deref(),
            goal_path: None,
            pin_reason: item.roadmap.pin.as_deref(),
            created_at: &item.created_at,
            updated_at: &item.updated_at,
            history: history_entries(history),
            evidence: evidence
                .iter()
                .map(super::synthesis::export_evidence)
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct HistoryEntry<'a> {
    old_score: Option<f64>,
    new_score: f64,
    change: &'a str,
    at: &'a str,
}

fn history_entries(history: &[ScoreChange]) -> Vec<HistoryEntry<'_>> {
    history
        .iter()
        .map(|h| HistoryEntry {
            old_score: h.old_score.map(rounded_score),
            new_score: rounded_score(h.new_score),
            change: &h.change,
            at: &h.changed_at,
        })
        .collect()
}

fn show(
    store: &Store,
    clock: &dyn Clock,
    id: &str,
    format: ShowFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let item = store.find_item(id)?;
    let history = store.score_history(&item.id)?;
    let evidence = store.item_evidence(&item.id)?;
    let goal_path = match &item.roadmap.impact_id {
        Some(impact) => store.impact_path(impact)?,
        None => None,
    };
    match format {
        ShowFormat::Json => {
            let mut shown = ItemJson::new(&item, &history, &evidence);
            shown.goal_path = goal_path;
            write_json(&mut *out, &shown)?;
            writeln!(out)?;
        }
        ShowFormat::Md => {
            let zone = jiff::tz::TimeZone::system();
            writeln!(out, "# {}\n", markdown::escape(&item.title))?;
            writeln!(out, "- id: {}", markdown::escape(&item.id))?;
            writeln!(out, "- lane: {}", item.lane)?;
            if let Some(reason) = &item.kill_reason {
                writeln!(out, "- kill reason: {}", markdown::escape(reason))?;
            }
            if let Some(link) = &item.tracker {
                match &link.url {
                    Some(url) => writeln!(
                        out,
                        "- tracker: {} · {}",
                        markdown::escape(&link.key),
                        markdown::escape(url)
                    )?,
                    None => writeln!(out, "- tracker: {}", markdown::escape(&link.key))?,
                }
            }
            if !item.tags.as_slice().is_empty() {
                writeln!(out, "- tags: {}", markdown::escape(&item.tags.joined(", ")))?;
            }
            writeln!(
                out,
                "- source: {}",
                item.roadmap.source.map_or("not stated", |s| s.name())
            )?;
            if let Some(reason) = &item.roadmap.pin {
                writeln!(out, "- pinned: {}", markdown::escape(reason))?;
            }
            match &goal_path {
                Some([goal, actor, impact]) => writeln!(
                    out,
                    "- goal: {} → {} → {}",
                    markdown::escape(goal),
                    markdown::escape(actor),
                    markdown::escape(impact)
                )?,
                None => writeln!(out, "- goal: serves no goal")?,
            }
            if let Some(success) = &item.roadmap.success {
                let overdue =
                    !item.lane.is_closed() && success.is_overdue(super::roadmap::today(clock));
                writeln!(
                    out,
                    "- review by {}{}",
                    success.review_by,
                    if overdue {
                        " (overdue: keep with a new date, or kill)"
                    } else {
                        ""
                    }
                )?;
            }
            writeln!(
                out,
                "- reach {} · impact {} ({}) · confidence {} · effort {}",
                item.rice.reach,
                item.rice.impact,
                item.rice.impact.name(),
                item.rice.confidence,
                item.rice.effort
            )?;
            writeln!(
                out,
                "- created {} · updated {}",
                local_minute(&item.created_at, &zone),
                local_minute(&item.updated_at, &zone)
            )?;
            if let Some(a) = store.authors(&item.id)? {
                let created = if a.created_by.is_empty() {
                    String::new()
                } else {
                    format!("added by {} · ", markdown::escape(&a.created_by))
                };
                writeln!(
                    out,
                    "- {created}last changed by {}",
                    markdown::escape(&a.changed_by)
                )?;
            }
            writeln!(out, "\n## RICE score\n\n{}", item.rice.formula())?;
            if !item.description.trim().is_empty() {
                writeln!(
                    out,
                    "\n## Description\n\n{}",
                    markdown::paragraphs(&item.description)
                )?;
            }
            if let Some(success) = &item.roadmap.success {
                writeln!(
                    out,
                    "\n## Success criteria\n\n{}",
                    markdown::paragraphs(&success.text)
                )?;
            }
            writeln!(out, "\n## History\n")?;
            for h in &history {
                if h.old_score == Some(h.new_score) {
                    // A lane move, a pin, a link: the score stayed.
                    writeln!(
                        out,
                        "- {}: {} ({})",
                        local_minute(&h.changed_at, &zone),
                        markdown::escape(&h.change),
                        format_score(h.new_score)
                    )?;
                    continue;
                }
                let old = h.old_score.map(format_score).unwrap_or_else(|| "—".into());
                writeln!(
                    out,
                    "- {}: {} → {} ({})",
                    local_minute(&h.changed_at, &zone),
                    old,
                    format_score(h.new_score),
                    markdown::escape(&h.change)
                )?;
            }
            let conflicts = store.conflicts(&item.id)?;
            if !conflicts.is_empty() {
                writeln!(out, "\n## Concurrent edits\n")?;
                for c in &conflicts {
                    let text = |v: &serde_json::Value| match v {
                        serde_json::Value::String(s) => markdown::escape(s),
                        other => other.to_string(),
                    };
                    writeln!(
                        out,
                        "- {}: {} by {} ({}) was replaced by the later {} by {} ({})",
                        markdown::escape(&c.field),
                        text(&c.lost_value),
                        markdown::escape(&c.lost_by),
                        local_minute(&c.lost_at, &zone),
                        text(&c.kept_value),
                        markdown::escape(&c.kept_by),
                        local_minute(&c.kept_at, &zone),
                    )?;
                }
            }
            writeln!(out, "\n## Evidence\n")?;
            if evidence.is_empty() {
                writeln!(
                    out,
                    "None linked. Promote a synthesis's pain point or action to link its quotes."
                )?;
            }
            for e in &evidence {
                writeln!(out, "- {}", markdown::escape(&e.citation()))?;
            }
        }
    }
    Ok(())
}

fn set(store: &mut Store, clock: &dyn Clock, args: &SetArgs, out: &mut dyn Write) -> Result<()> {
    let lane = args.lane.as_deref().map(Lane::parse).transpose()?;
    if lane == Some(Lane::Killed) {
        return Err(InputError::new(
            "lane",
            "to kill an item give the reason: backlog kill ID --reason TEXT",
        )
        .into());
    }
    let roadmap = RoadmapPatch {
        // '' clears the source, as '' clears the success criteria.
        source: args
            .source
            .as_deref()
            .map(|t| {
                if t.trim().is_empty() {
                    Ok(None)
                } else {
                    Source::parse(t).map(Some)
                }
            })
            .transpose()?,
        success: args
            .success
            .as_deref()
            .map(|t| {
                if t.trim().is_empty() {
                    Ok(String::new())
                } else {
                    parse_success_text(t)
                }
            })
            .transpose()?,
        review_by: args
            .review_by
            .as_deref()
            .map(parse_review_date)
            .transpose()?,
        pin: match (&args.pin, args.unpin) {
            (Some(reason), _) => Some(Some(parse_pin_reason(reason)?)),
            (None, true) => Some(None),
            (None, false) => None,
        },
    };
    let patch = ItemPatch {
        title: args.title.as_deref().map(Title::parse).transpose()?,
        description: args.description.as_deref().map(parse_description),
        reach: args.reach.as_deref().map(Reach::parse).transpose()?,
        impact: args.impact.as_deref().map(Impact::parse).transpose()?,
        confidence: args
            .confidence
            .as_deref()
            .map(Confidence::parse)
            .transpose()?,
        effort: args.effort.as_deref().map(Effort::parse).transpose()?,
        lane,
        tags: args
            .tags
            .as_ref()
            .map(|t| Tags::from_words(t.iter().map(String::as_str)))
            .transpose()?,
        kill_reason: None,
    };
    if patch.is_empty() && roadmap.is_empty() {
        return Err(InputError::new(
            "set",
            "nothing to change: give at least one of --title, --reach, --impact, --confidence, \
             --effort, --lane, --tag, --description, --source, --success, --review-by, --pin, --unpin",
        )
        .into());
    }
    let old = store.find_item(&args.id)?;
    let today = super::roadmap::today(clock);
    let before = super::roadmap::current_plan(store, today)?;
    let item = store.update_item_with(&old.id, &patch, &roadmap, clock.now())?;
    writeln!(
        out,
        "{}  {}  {}",
        terminal_line(item.short_id()),
        item.rice.formula(),
        terminal_line(&item.title)
    )?;
    // A pin or a move says what it delays, with the scores side by side.
    if let Some(force) = force_between(&old, &item) {
        let after = super::roadmap::current_plan(store, today)?;
        let effect = consequence(&before, &after, &item.id);
        let sentence =
            describe_consequence(force, &item.title, item.score(), &after, &item.id, &effect);
        writeln!(out, "{}", terminal_line(&sentence))?;
    }
    Ok(())
}

fn kill(
    store: &mut Store,
    clock: &dyn Clock,
    id: &str,
    reason: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let reason = parse_kill_reason(reason)?;
    let item = store.find_item(id)?;
    let patch = ItemPatch {
        lane: Some(Lane::Killed),
        kill_reason: Some(reason),
        ..Default::default()
    };
    let item = store.update_item(&item.id, &patch, clock.now())?;
    writeln!(
        out,
        "Killed {}  {}",
        terminal_line(item.short_id()),
        terminal_line(&item.title)
    )?;
    Ok(())
}

fn import(
    store: &mut Store,
    clock: &dyn Clock,
    args: &ImportArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let file = &args.file;
    if args.jira_url.is_some() && args.source != ImportSource::Jira {
        return Err(InputError::new("--jira-url", "goes with --from jira").into());
    }
    let jira_url = args.jira_url.as_deref().map(parse_jira_url).transpose()?;
    let input =
        std::fs::File::open(file).wrap_err_with(|| format!("{}: cannot open", file.display()))?;
    let name = || file.display().to_string();
    let counts = match args.source {
        // Streamed: a row is read, checked and written, then the next; the
        // first bad row ends the import and nothing is written.
        ImportSource::Csv => {
            let rows = csv::BacklogRows::new(input).wrap_err_with(name)?;
            store.import_rows(rows, clock.now())
        }
        ImportSource::Jira => {
            let rows = jira::read_issues(std::io::BufReader::new(input), jira_url.as_deref())
                .wrap_err_with(name)?;
            store.import_items(&rows, clock.now())
        }
        ImportSource::Github => {
            let rows = github::read_issues(std::io::BufReader::new(input)).wrap_err_with(name)?;
            store.import_items(&rows, clock.now())
        }
    }
    .wrap_err_with(name)?;
    let ImportCounts {
        added,
        updated,
        unchanged,
    } = counts;
    writeln!(
        out,
        "Imported {} rows from {}: {added} added, {updated} updated, {unchanged} unchanged",
        added + updated + unchanged,
        terminal_line(&name())
    )?;
    Ok(())
}
