//! `fieldkit export`: everything as JSON on stdout, a backup a person can read.

use super::backlog::{HistoryEntry, history_entries};
use crate::domain::backlog::ScoreChange;
use crate::domain::rice::rounded_score;
use crate::domain::time::{Clock, utc_string};
use crate::store::{SCHEMA_VERSION, Store};
use color_eyre::eyre::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

#[derive(Serialize)]
struct Export<'a> {
    fieldkit_schema: i64,
    exported_at: String,
    backlog: Vec<ExportItem<'a>>,
}

#[derive(Serialize)]
struct ExportItem<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    reach: f64,
    impact: f64,
    confidence: f64,
    effort: f64,
    score: f64,
    lane: &'a str,
    tags: &'a [String],
    kill_reason: Option<&'a str>,
    created_at: &'a str,
    updated_at: &'a str,
    history: Vec<HistoryEntry<'a>>,
}

pub fn run(store: &Store, clock: &dyn Clock, out: &mut dyn Write) -> Result<()> {
    let items = store.items()?;
    let mut history: HashMap<String, Vec<ScoreChange>> = HashMap::new();
    for (item_id, change) in store.all_score_history()? {
        history.entry(item_id).or_default().push(change);
    }
    let export = Export {
        fieldkit_schema: SCHEMA_VERSION,
        exported_at: utc_string(clock.now()),
        backlog: items
            .iter()
            .map(|item| ExportItem {
                id: &item.id,
                title: &item.title,
                description: &item.description,
                reach: item.rice.reach.value(),
                impact: item.rice.impact.value(),
                confidence: item.rice.confidence.percent(),
                effort: item.rice.effort.value(),
                score: rounded_score(item.score()),
                lane: item.lane.name(),
                tags: item.tags.as_slice(),
                kill_reason: item.kill_reason.as_deref(),
                created_at: &item.created_at,
                updated_at: &item.updated_at,
                history: history
                    .get(&item.id)
                    .map(|h| history_entries(h))
                    .unwrap_or_default(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &export)?;
    writeln!(out)?;
    Ok(())
}
