//! `fieldkit shadow …`: list sessions, export one as notes or JSON.

use crate::cli::{ShadowCommand, ShowFormat, TableFormat};
use crate::domain::shadow::{
    Session, ShadowEvent, Summary, format_duration, format_offset, summarize,
};
use crate::domain::time::{Clock, local_minute};
use crate::formats::sanitize::JsonArray;
use crate::formats::shadow_notes;
use crate::formats::table::{self, Align};
use crate::store::{SessionTally, Store};
use color_eyre::eyre::Result;
use serde::Serialize;
use std::io::Write;

pub fn run(
    store: &mut Store,
    clock: &dyn Clock,
    command: &ShadowCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        ShadowCommand::Delete { id, yes } => super::delete::session(store, clock, id, *yes, out),
        ShadowCommand::Undelete { id } => super::delete::undelete_session(store, id, out),
        ShadowCommand::List { format, deleted } => list(store, *format, *deleted, out),
        ShadowCommand::Export { id, format } => export(store, id, *format, out),
    }
}

/// A session's events and summary; a running one is summarized up to the
/// furthest point known to be durable.
pub fn load(store: &Store, session: &Session) -> Result<(Vec<ShadowEvent>, Summary)> {
    let events = store.events(&session.id)?;
    let end = match session.duration_ms {
        Some(d) => d,
        None => store.last_known_offset(&session.id)?,
    };
    let summary = summarize(session, &events, end);
    Ok((events, summary))
}

#[derive(Serialize)]
struct ListRow<'a> {
    id: &'a str,
    participant: &'a str,
    workflow: &'a str,
    started_at: &'a str,
    ended_at: Option<&'a str>,
    duration_ms: i64,
    events: usize,
    friction: usize,
    switches: usize,
    waiting_ms: i64,
    wishes: usize,
    /// Only in `--deleted`: when it was deleted (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted_at: Option<&'a str>,
}

fn list(store: &Store, format: TableFormat, deleted: bool, out: &mut dyn Write) -> Result<()> {
    // The sessions shown, each with when it was deleted: the live ones
    // loaded whole, the deleted ones (with `--deleted`) read one at a time.
    let live = if deleted {
        Vec::new()
    } else {
        store.sessions()?
    };
    let each = |f: &mut dyn FnMut(&Session, Option<&str>) -> Result<()>| -> Result<()> {
        if deleted {
            store.for_each_deleted_session(|t| f(&t.record, Some(&t.deleted_at)))
        } else {
            live.iter().try_for_each(|s| f(s, None))
        }
    };
    let tallies = store.session_tallies()?;
    let tally = |s: &Session| -> SessionTally { tallies.get(&s.id).copied().unwrap_or_default() };
    match format {
        TableFormat::Json => {
            let mut array = JsonArray::new(&mut *out)?;
            each(&mut |s, deleted_at| {
                let tally = tally(s);
                array.push(&ListRow {
                    id: &s.id,
                    participant: &s.participant,
                    workflow: &s.workflow,
                    started_at: &s.started_at,
                    ended_at: s.ended_at.as_deref(),
                    duration_ms: tally.duration_ms,
                    events: tally.events,
                    friction: tally.friction,
                    switches: tally.switches,
                    waiting_ms: tally.waiting_ms,
                    wishes: tally.wishes,
                    deleted_at,
                })?;
                Ok(())
            })?;
            array.finish()?;
            writeln!(out)?;
        }
        TableFormat::Table => {
            let zone = jiff::tz::TimeZone::system();
            let mut header = vec![("id", Align::Left)];
            header.extend(deleted.then_some(("deleted", Align::Left)));
            header.extend([
                ("date", Align::Left),
                ("participant", Align::Left),
                ("workflow", Align::Left),
                ("duration", Align::Right),
                ("events", Align::Right),
                ("friction", Align::Right),
                ("status", Align::Left),
            ]);
            let written = table::stream(&header, &mut *out, |row| {
                each(&mut |s, deleted_at| {
                    let tally = tally(s);
                    let mut cells = vec![s.short_id().to_string()];
                    cells.extend(deleted_at.map(|at| local_minute(at, &zone)));
                    cells.extend([
                        shadow_notes::session_date(s, &zone),
                        s.participant.clone(),
                        s.workflow.clone(),
                        format_duration(tally.duration_ms),
                        tally.events.to_string(),
                        tally.friction.to_string(),
                        if s.is_ended() { "ended" } else { "unfinished" }.to_string(),
                    ]);
                    row(&cells)
                })
            })?;
            if written == 0 {
                if deleted {
                    writeln!(out, "No deleted shadowing sessions.")?;
                } else {
                    writeln!(
                        out,
                        "No shadowing sessions yet. Start one in the app: fieldkit, 2, n."
                    )?;
                }
            } else if deleted {
                writeln!(out, "Bring one back with: fieldkit shadow undelete ID")?;
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ExportEvent<'a> {
    kind: &'a str,
    offset_ms: i64,
    offset: String,
    wall_at: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_offset_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_wall_at: Option<&'a str>,
}

#[derive(Serialize)]
struct ExportSummary<'a> {
    duration_ms: i64,
    friction_points: Vec<&'a str>,
    tools_used: &'a [String],
    context_switches: usize,
    waiting_ms: i64,
    wish_count: usize,
    wishes: Vec<&'a str>,
    researcher_guess_min: Option<f64>,
    developer_guess_min: Option<f64>,
}

#[derive(Serialize)]
struct ExportSession<'a> {
    id: &'a str,
    participant: &'a str,
    workflow: &'a str,
    started_at: &'a str,
    ended_at: Option<&'a str>,
    events: Vec<ExportEvent<'a>>,
    summary: ExportSummary<'a>,
}

fn export(store: &Store, id: &str, format: ShowFormat, out: &mut dyn Write) -> Result<()> {
    let session = store.find_session(id)?;
    let (events, summary) = load(store, &session)?;
    match format {
        ShowFormat::Md => {
            let zone = jiff::tz::TimeZone::system();
            out.write_all(shadow_notes::render(&session, &summary, &zone).as_bytes())?;
        }
        ShowFormat::Json => {
            let export = ExportSession {
                id: &session.id,
                participant: &session.participant,
                workflow: &session.workflow,
                started_at: &session.started_at,
                ended_at: session.ended_at.as_deref(),
                events: events
                    .iter()
                    .map(|e| ExportEvent {
                        kind: e.kind.name(),
                        offset_ms: e.offset_ms,
                        offset: format_offset(e.offset_ms),
                        wall_at: &e.wall_at,
                        text: &e.text,
                        end_offset_ms: e.end_offset_ms,
                        end_wall_at: e.end_wall_at.as_deref(),
                    })
                    .collect(),
                summary: ExportSummary {
                    duration_ms: summary.duration_ms,
                    friction_points: summary.friction.iter().map(|e| e.text.as_str()).collect(),
                    tools_used: &summary.tools,
                    context_switches: summary.switches,
                    waiting_ms: summary.waiting_ms,
                    wish_count: summary.wishes.len(),
                    wishes: summary.wishes.iter().map(|e| e.text.as_str()).collect(),
                    researcher_guess_min: summary.researcher_guess_min,
                    developer_guess_min: summary.developer_guess_min,
                },
            };
            crate::formats::sanitize::write_json(&mut *out, &export)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
