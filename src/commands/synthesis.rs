//! `fieldkit synthesis …`: list syntheses, export one.

use crate::cli::{ShowFormat, SynthesisCommand, TableFormat};
use crate::domain::synthesis::{Evidence, EvidenceRef, Synthesis};
use crate::formats::synthesis_notes;
use crate::formats::table::{Align, render};
use crate::store::Store;
use color_eyre::eyre::Result;
use serde::Serialize;
use std::io::Write;

pub fn run(store: &mut Store, command: &SynthesisCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        SynthesisCommand::Delete { id, yes } => super::delete::synthesis(store, id, *yes, out),
        SynthesisCommand::Undelete { id } => super::delete::undelete_synthesis(store, id, out),
        SynthesisCommand::List { format } => list(store, *format, out),
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

fn list(store: &Store, format: TableFormat, out: &mut dyn Write) -> Result<()> {
    let heads = store.syntheses()?;
    match format {
        TableFormat::Json => {
            // The list in JSON is every synthesis in full: written one at
            // a time, so only one is held.
            let mut array = crate::formats::sanitize::JsonArray::new(&mut *out)?;
            for (id, _, _) in &heads {
                if let Some(s) = store.synthesis(id)? {
                    array.push(&export_json(&s))?;
                }
            }
            array.finish()?;
            writeln!(out)?;
        }
        TableFormat::Table => {
            if heads.is_empty() {
                writeln!(
                    out,
                    "No syntheses yet. Start one in the app: fieldkit, 4, n."
                )?;
                return Ok(());
            }
            let zone = jiff::tz::TimeZone::system();
            let tallies = store.synthesis_tallies()?;
            let rows: Vec<Vec<String>> = heads
                .iter()
                .map(|(id, title, created_at)| {
                    let tally = tallies.get(id).copied().unwrap_or_default();
                    vec![
                        id.get(..8).unwrap_or(id).to_string(),
                        crate::domain::time::local_date(created_at, &zone),
                        title.clone(),
                        tally.sources.to_string(),
                        tally.entries.to_string(),
                    ]
                })
                .collect();
            let header = [
                ("id", Align::Left),
                ("date", Align::Left),
                ("title", Align::Left),
                ("sources", Align::Right),
                ("entries", Align::Right),
            ];
            out.write_all(render(&header, &rows).as_bytes())?;
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
    }
}
