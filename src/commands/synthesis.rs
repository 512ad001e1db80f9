//! `fieldkit synthesis …`: list syntheses, export one.

use crate::cli::{ShowFormat, SynthesisCommand, TableFormat};
use crate::domain::synthesis::{Evidence, EvidenceRef, Synthesis};
use crate::domain::time::Clock;
use crate::formats::synthesis_notes;
use crate::formats::table::{self, Align};
use crate::store::Store;
use color_eyre::eyre::Result;
use serde::Serialize;
use std::io::Write;

pub fn run(
    store: &mut Store,
    clock: &dyn Clock,
    command: &SynthesisCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        SynthesisCommand::Delete { id, yes } => {
            super::delete::synthesis(store, clock, id, *yes, out)
        }
        SynthesisCommand::Undelete { id } => super::delete::undelete_synthesis(store, id, out),
        SynthesisCommand::List { format, deleted } => list(store, *format, *deleted, out),
        SynthesisCommand::Export { id, format } => {
            let synthesis = store.find_synthesis(id)?;
            match format {
                ShowFormat::Md => {
                    let zone = jiff::tz::TimeZone::system();
                    out.write_all(synthesis_notes::render(&synthesis, &zone).as_bytes())?;
                }
                ShowFormat::Json => {
                    crate::formats::sanitize::write_json(&mut *out, &export_json(&synthesis))?;
                    writeln!(out)?;
                }
            }
            Ok(())
        }
    }
}

/// Id, title and creation time of a synthesis, as the store lists them.
type Head = (String, String, String);

fn list(store: &Store, format: TableFormat, deleted: bool, out: &mut dyn Write) -> Result<()> {
    // The syntheses shown, each with when it was deleted: the live ones
    // loaded whole, the deleted ones (with `--deleted`) read one at a time.
    let live = if deleted {
        Vec::new()
    } else {
        store.syntheses()?
    };
    let each = |f: &mut dyn FnMut(&Head, Option<&str>) -> Result<()>| -> Result<()> {
        if deleted {
            store.for_each_deleted_synthesis(|t| f(&t.record, Some(&t.deleted_at)))
        } else {
            live.iter().try_for_each(|head| f(head, None))
        }
    };
    match format {
        TableFormat::Json => {
            // The list in JSON is every synthesis in full: written one at
            // a time, so only one is held.
            let mut array = crate::formats::sanitize::JsonArray::new(&mut *out)?;
            each(&mut |(id, _, _), deleted_at| {
                if let Some(s) = store.synthesis(id)? {
                    let mut json = export_json(&s);
                    json.deleted_at = deleted_at;
                    array.push(&json)?;
                }
                Ok(())
            })?;
            array.finish()?;
            writeln!(out)?;
        }
        TableFormat::Table => {
            let zone = jiff::tz::TimeZone::system();
            let tallies = store.synthesis_tallies()?;
            let mut header = vec![("id", Align::Left)];
            header.extend(deleted.then_some(("deleted", Align::Left)));
            header.extend([
                ("date", Align::Left),
                ("title", Align::Left),
                ("sources", Align::Right),
                ("entries", Align::Right),
            ]);
            let written = table::stream(&header, &mut *out, |row| {
                each(&mut |(id, title, created_at), deleted_at| {
                    let tally = tallies.get(id).copied().unwrap_or_default();
                    let mut cells = vec![id.get(..8).unwrap_or(id).to_string()];
                    cells.extend(deleted_at.map(|at| crate::domain::time::local_minute(at, &zone)));
                    cells.extend([
                        crate::domain::time::local_date(created_at, &zone),
                        title.clone(),
                        tally.sources.to_string(),
                        tally.entries.to_string(),
                    ]);
                    row(&cells)
                })
            })?;
            if written == 0 {
                if deleted {
                    writeln!(out, "No deleted syntheses.")?;
                } else {
                    writeln!(
                        out,
                        "No syntheses yet. Start one in the app: fieldkit, 4, n."
                    )?;
                }
            } else if deleted {
                writeln!(out, "Bring one back with: fieldkit synthesis undelete ID")?;
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
pub(super) struct ExportEvidence<'a> {
    /// `interview_note` or `shadow_event`, and its id.
    link: &'static str,
    link_id: &'a str,
    source: &'static str,
    source_id: &'a str,
    source_label: &'a str,
    kind: &'a str,
    text: &'a str,
    offset_ms: i64,
    deleted: bool,
}

pub(super) fn export_evidence(e: &Evidence) -> ExportEvidence<'_> {
    let (link, link_id) = match &e.reference {
        EvidenceRef::InterviewNote(id) => ("interview_note", id.as_str()),
        EvidenceRef::ShadowEvent(id) => ("shadow_event", id.as_str()),
    };
    ExportEvidence {
        link,
        link_id,
        source: e.source_kind.name(),
        source_id: &e.source_id,
        source_label: &e.source_label,
        kind: &e.kind,
        text: &e.text,
        offset_ms: e.offset_ms,
        deleted: e.deleted,
    }
}

#[derive(Serialize)]
struct ExportEntry<'a> {
    id: &'a str,
    section: &'static str,
    text: &'a str,
    verdict: Option<&'static str>,
    evidence: Vec<ExportEvidence<'a>>,
}

#[derive(Serialize)]
struct ExportSource<'a> {
    kind: &'static str,
    id: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
pub(super) struct ExportSynthesis<'a> {
    id: &'a str,
    title: &'a str,
    created_at: &'a str,
    sources: Vec<ExportSource<'a>>,
    entries: Vec<ExportEntry<'a>>,
    /// Only in `list --deleted`: when it was deleted (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted_at: Option<&'a str>,
}

pub(super) fn export_json(s: &Synthesis) -> ExportSynthesis<'_> {
    ExportSynthesis {
        id: &s.id,
        title: &s.title,
        created_at: &s.created_at,
        sources: s
            .sources
            .iter()
            .map(|src| ExportSource {
                kind: src.kind.name(),
                id: &src.id,
                label: &src.label,
            })
            .collect(),
        entries: s
            .entries
            .iter()
            .map(|e| ExportEntry {
                id: &e.id,
                section: e.section.name(),
                text: &e.text,
                verdict: e.verdict.map(|v| v.name()),
                evidence: e.evidence.iter().map(export_evidence).collect(),
            })
            .collect(),
        deleted_at: None,
    }
}
