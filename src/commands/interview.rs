//! `fieldkit interview …` and `fieldkit script …`.

use crate::cli::{InterviewCommand, ScriptCommand, ShowFormat, TableFormat};
use crate::domain::interview::{Interview, Record, ratio};
use crate::domain::script::Script;
use crate::domain::shadow::format_duration;
use crate::domain::time::{Clock, local_date, local_minute};
use crate::formats::interview_notes;
use crate::formats::sanitize::JsonArray;
use crate::formats::table::{self, Align};
use crate::store::{InterviewTally, Store, StoredScript};
use color_eyre::eyre::{Result, WrapErr};
use serde::Serialize;
use std::io::Write;

pub fn run(
    store: &mut Store,
    clock: &dyn Clock,
    command: &InterviewCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        InterviewCommand::Delete { id, yes } => {
            super::delete::interview(store, clock, id, *yes, out)
        }
        InterviewCommand::Undelete { id } => super::delete::undelete_interview(store, id, out),
        InterviewCommand::List { format, deleted } => list(store, *format, *deleted, out),
        InterviewCommand::Export { id, format } => export(store, id, *format, out),
    }
}

pub fn run_script(
    store: &mut Store,
    clock: &dyn Clock,
    command: &ScriptCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        ScriptCommand::Delete { name, yes } => {
            super::delete::script(store, clock, name, *yes, out)?
        }
        ScriptCommand::Undelete { name } => super::delete::undelete_script(store, name, out)?,
        ScriptCommand::List { deleted } => list_scripts(store, *deleted, out)?,
        ScriptCommand::Show { name } => {
            let source = store.script(name)?.source;
            out.write_all(crate::formats::sanitize::terminal(&source).as_bytes())?;
        }
        ScriptCommand::Import { file, replace } => {
            let bytes =
                std::fs::read(file).wrap_err_with(|| format!("{}: cannot read", file.display()))?;
            let source = String::from_utf8(bytes)
                .map_err(|e| {
                    let (line, column) = {
                        let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                        let text = String::from_utf8_lossy(before);
                        (
                            text.matches('\n').count() as u64 + 1,
                            text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                        )
                    };
                    crate::domain::InputError::new("script", "is not valid UTF-8 text")
                        .at(line, column)
                })
                .wrap_err_with(|| file.display().to_string())?;
            let script = Script::parse(&source).wrap_err_with(|| file.display().to_string())?;
            let replaced = store.save_script(&script, &source, *replace, clock.now())?;
            writeln!(
                out,
                "{} script '{}': {} phases, {} questions, {} min",
                if replaced { "Updated" } else { "Imported" },
                crate::formats::sanitize::terminal_line(&script.name),
                script.phases.len(),
                script.question_count(),
                crate::domain::rice::format_number(script.total_minutes())
            )?;
        }
    }
    Ok(())
}

/// `script list`: each script's phases, questions and length; with
/// `--deleted` only the deleted ones, with when each was deleted, read one
/// at a time.
fn list_scripts(store: &Store, deleted: bool, out: &mut dyn Write) -> Result<()> {
    let live = if deleted {
        Vec::new()
    } else {
        store.scripts()?
    };
    let each = |f: &mut dyn FnMut(&StoredScript, Option<&str>) -> Result<()>| -> Result<()> {
        if deleted {
            store.for_each_deleted_script(|t| f(&t.record, Some(&t.deleted_at)))
        } else {
            live.iter().try_for_each(|s| f(s, None))
        }
    };
    let zone = jiff::tz::TimeZone::system();
    let mut header = vec![("name", Align::Left)];
    header.extend(deleted.then_some(("deleted", Align::Left)));
    header.extend([
        ("phases", Align::Right),
        ("questions", Align::Right),
        ("length", Align::Right),
    ]);
    let written = table::stream(&header, &mut *out, |row| {
        each(&mut |s, deleted_at| {
            let mut cells = vec![s.name.clone()];
            cells.extend(deleted_at.map(|at| local_minute(at, &zone)));
            cells.extend(match Script::parse(&s.source) {
                Ok(script) => [
                    script.phases.len().to_string(),
                    script.question_count().to_string(),
                    format!(
                        "{} min",
                        crate::domain::rice::format_number(script.total_minutes())
                    ),
                ],
                Err(e) => ["?".into(), "?".into(), format!("unreadable: {e}")],
            });
            row(&cells)
        })
    })?;
    if deleted {
        if written == 0 {
            writeln!(out, "No deleted scripts.")?;
        } else {
            writeln!(out, "Bring one back with: fieldkit script undelete NAME")?;
        }
    } else if written == 0 {
        // No live script (the last one is kept, so only a damaged file):
        // the header alone, as before.
        out.write_all(table::render(&header, &[]).as_bytes())?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ListRow<'a> {
    id: &'a str,
    participant: &'a str,
    team: &'a str,
    script: &'a str,
    started_at: &'a str,
    ended_at: Option<&'a str>,
    duration_ms: i64,
    talk_ratio: f64,
    quotes: usize,
    /// Only in `--deleted`: when it was deleted (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted_at: Option<&'a str>,
}

fn list(store: &Store, format: TableFormat, deleted: bool, out: &mut dyn Write) -> Result<()> {
    // The interviews shown, each with when it was deleted: the live ones
    // loaded whole, the deleted ones (with `--deleted`) read one at a time.
    let live = if deleted {
        Vec::new()
    } else {
        store.interviews()?
    };
    let each = |f: &mut dyn FnMut(&Interview, Option<&str>) -> Result<()>| -> Result<()> {
        if deleted {
            store.for_each_deleted_interview(|t| f(&t.record, Some(&t.deleted_at)))
        } else {
            live.iter().try_for_each(|i| f(i, None))
        }
    };
    let tallies = store.interview_tallies()?;
    let tally =
        |i: &Interview| -> InterviewTally { tallies.get(&i.id).copied().unwrap_or_default() };
    let talk = |t: &InterviewTally| ratio(t.talking_ms, t.end_ms);
    match format {
        TableFormat::Json => {
            let mut array = JsonArray::new(&mut *out)?;
            each(&mut |i, deleted_at| {
                let t = tally(i);
                array.push(&ListRow {
                    id: &i.id,
                    participant: &i.participant,
                    team: &i.team,
                    script: &i.script_name,
                    started_at: &i.started_at,
                    ended_at: i.ended_at.as_deref(),
                    duration_ms: t.end_ms,
                    talk_ratio: talk(&t),
                    quotes: t.quotes,
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
                ("team", Align::Left),
                ("duration", Align::Right),
                ("talk", Align::Right),
                ("status", Align::Left),
            ]);
            let written = table::stream(&header, &mut *out, |row| {
                each(&mut |i, deleted_at| {
                    let t = tally(i);
                    let mut cells = vec![i.short_id().to_string()];
                    cells.extend(deleted_at.map(|at| local_minute(at, &zone)));
                    cells.extend([
                        local_date(&i.started_at, &zone),
                        i.participant.clone(),
                        i.team.clone(),
                        format_duration(t.end_ms),
                        format!("{:.0}%", talk(&t) * 100.0),
                        if i.is_ended() { "ended" } else { "unfinished" }.to_string(),
                    ]);
                    row(&cells)
                })
            })?;
            if written == 0 {
                if deleted {
                    writeln!(out, "No deleted interviews.")?;
                } else {
                    writeln!(
                        out,
                        "No interviews yet. Start one in the app: fieldkit, 3, n."
                    )?;
                }
            } else if deleted {
                writeln!(out, "Bring one back with: fieldkit interview undelete ID")?;
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ExportPhase<'a> {
    name: &'a str,
    planned_ms: i64,
    actual_ms: i64,
}

#[derive(Serialize)]
struct ExportQuote<'a> {
    offset_ms: i64,
    text: &'a str,
}

#[derive(Serialize)]
struct ExportQuestion<'a> {
    number: usize,
    phase: &'a str,
    text: String,
    note: Option<&'a str>,
    quotes: Vec<ExportQuote<'a>>,
}

#[derive(Serialize)]
struct ExportTalk {
    start_ms: i64,
    end_ms: Option<i64>,
}

#[derive(Serialize)]
pub(super) struct ExportInterview<'a> {
    id: &'a str,
    participant: &'a str,
    team: &'a str,
    script: &'a str,
    started_at: &'a str,
    ended_at: Option<&'a str>,
    duration_ms: i64,
    assumptions: &'a [String],
    placeholders: &'a crate::domain::script::Placeholders,
    phases: Vec<ExportPhase<'a>>,
    /// Talking time ÷ elapsed, between 0 and 1.
    talk_ratio: f64,
    talking_ms: i64,
    longest_monologue_ms: i64,
    talk_intervals: Vec<ExportTalk>,
    questions: Vec<ExportQuestion<'a>>,
    ranking: &'a [String],
}

pub(super) fn export_json<'a>(record: &'a Record) -> ExportInterview<'a> {
    let i = &record.interview;
    let talk = record.talk();
    ExportInterview {
        id: &i.id,
        participant: &i.participant,
        team: &i.team,
        script: &i.script_name,
        started_at: &i.started_at,
        ended_at: i.ended_at.as_deref(),
        duration_ms: record.end_ms,
        assumptions: &i.assumptions,
        placeholders: &i.placeholders,
        phases: i
            .script
            .phases
            .iter()
            .zip(record.phase_actuals())
            .map(|(p, actual)| ExportPhase {
                name: &p.name,
                planned_ms: (p.minutes * 60_000.0) as i64,
                actual_ms: actual,
            })
            .collect(),
        talk_ratio: talk.ratio,
        talking_ms: talk.talking_ms,
        longest_monologue_ms: talk.longest_ms,
        talk_intervals: record
            .talks
            .iter()
            .map(|t| ExportTalk {
                start_ms: t.start_ms,
                end_ms: t.end_ms,
            })
            .collect(),
        questions: i
            .script
            .questions()
            .into_iter()
            .enumerate()
            .map(|(q, (phase, text))| {
                let (note, quotes) = record.notes_of(q);
                ExportQuestion {
                    number: q + 1,
                    phase: i.script.phases.get(phase).map_or("", |p| p.name.as_str()),
                    text: i.placeholders.fill(text),
                    note: note.map(|n| n.text.as_str()),
                    quotes: quotes
                        .into_iter()
                        .map(|n| ExportQuote {
                            offset_ms: n.offset_ms,
                            text: &n.text,
                        })
                        .collect(),
                }
            })
            .collect(),
        ranking: &i.ranking,
    }
}

fn export(store: &Store, id: &str, format: ShowFormat, out: &mut dyn Write) -> Result<()> {
    let interview = store.find_interview(id)?;
    let record = store.interview_record(&interview)?;
    match format {
        ShowFormat::Md => {
            let zone = jiff::tz::TimeZone::system();
            out.write_all(interview_notes::render(&record, &zone).as_bytes())?;
        }
        ShowFormat::Json => {
            crate::formats::sanitize::write_json(&mut *out, &export_json(&record))?;
            writeln!(out)?;
        }
    }
    Ok(())
}
