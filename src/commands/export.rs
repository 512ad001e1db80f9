//! `fieldkit export`: everything as JSON on stdout, a backup a person can read.

use super::backlog::ItemJson;
use crate::domain::backlog::ScoreChange;
use crate::domain::synthesis::Evidence;
use crate::domain::time::{Clock, utc_string};
use crate::store::{Pause, SCHEMA_VERSION, Store};
use color_eyre::eyre::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

#[derive(Serialize)]
struct Export<'a> {
    fieldkit_schema: i64,
    exported_at: String,
    backlog: Vec<ItemJson<'a>>,
    shadow_sessions: Vec<ExportSession>,
    interview_scripts: Vec<ExportScript>,
    interviews: Vec<super::interview::ExportInterview<'a>>,
    syntheses: Vec<super::synthesis::ExportSynthesis<'a>>,
}

#[derive(Serialize)]
struct ExportScript {
    name: String,
    source: String,
    updated_at: String,
}

#[derive(Serialize)]
struct ExportSession {
    id: String,
    participant: String,
    workflow: String,
    researcher_guess_min: Option<f64>,
    developer_guess_min: Option<f64>,
    started_at: String,
    ended_at: Option<String>,
    duration_ms: Option<i64>,
    last_offset_ms: i64,
    created_at: String,
    updated_at: String,
    pauses: Vec<Pause>,
    events: Vec<ExportEvent>,
}

#[derive(Serialize)]
struct ExportEvent {
    id: String,
    kind: &'static str,
    offset_ms: i64,
    wall_at: String,
    text: String,
    end_offset_ms: Option<i64>,
    end_wall_at: Option<String>,
    deleted_at: Option<String>,
}

pub fn run(store: &Store, clock: &dyn Clock, out: &mut dyn Write) -> Result<()> {
    let items = store.items()?;
    let counts = store.evidence_counts()?;
    let mut evidence: HashMap<String, Vec<Evidence>> = HashMap::new();
    for item_id in counts.keys() {
        evidence.insert(item_id.clone(), store.item_evidence(item_id)?);
    }
    let mut syntheses = Vec::new();
    for (id, _, _) in store.syntheses()?.into_iter().rev() {
        if let Some(s) = store.synthesis(&id)? {
            syntheses.push(s);
        }
    }
    let mut records = Vec::new();
    for interview in store.interviews()?.into_iter().rev() {
        records.push(store.interview_record(&interview)?);
    }
    let mut history: HashMap<String, Vec<ScoreChange>> = HashMap::new();
    for (item_id, change) in store.all_score_history()? {
        history.entry(item_id).or_default().push(change);
    }
    let export = Export {
        fieldkit_schema: SCHEMA_VERSION,
        exported_at: utc_string(clock.now()),
        backlog: items
            .iter()
            .map(|item| {
                ItemJson::new(
                    item,
                    history.get(&item.id).map_or(&[][..], Vec::as_slice),
                    evidence.get(&item.id).map_or(&[][..], Vec::as_slice),
                )
            })
            .collect(),
        shadow_sessions: shadow_sessions(store)?,
        interview_scripts: store
            .scripts()?
            .into_iter()
            .map(|s| ExportScript {
                name: s.name,
                source: s.source,
                updated_at: s.updated_at,
            })
            .collect(),
        interviews: records.iter().map(super::interview::export_json).collect(),
        syntheses: syntheses
            .iter()
            .map(super::synthesis::export_json)
            .collect(),
    };
    crate::formats::sanitize::write_json(&mut *out, &export)?;
    writeln!(out)?;
    Ok(())
}

fn shadow_sessions(store: &Store) -> Result<Vec<ExportSession>> {
    let mut sessions = Vec::new();
    for s in store.sessions()?.into_iter().rev() {
        let events = store
            .all_events(&s.id)?
            .into_iter()
            .map(|(e, deleted_at)| ExportEvent {
                id: e.id,
                kind: e.kind.name(),
                offset_ms: e.offset_ms,
                wall_at: e.wall_at,
                text: e.text,
                end_offset_ms: e.end_offset_ms,
                end_wall_at: e.end_wall_at,
                deleted_at,
            })
            .collect();
        sessions.push(ExportSession {
            pauses: store.pauses(&s.id)?,
            events,
            id: s.id,
            participant: s.participant,
            workflow: s.workflow,
            researcher_guess_min: s.researcher_guess_min,
            developer_guess_min: s.developer_guess_min,
            started_at: s.started_at,
            ended_at: s.ended_at,
            duration_ms: s.duration_ms,
            last_offset_ms: s.last_offset_ms,
            created_at: s.created_at,
            updated_at: s.updated_at,
        });
    }
    Ok(sessions)
}
