//! Success metrics, their readings, the research targets, and what the
//! research cadence reads from sessions and interviews.

use super::Store;
use crate::domain::InputError;
use crate::domain::cadence::{
    DemoResearch, Method, ResearchCadence, ResearchRecord, ResearchTargets, research_cadence,
    team_of,
};
use crate::domain::metric::number::shown;
use crate::domain::metric::{
    Board, Cadence, Direction, Kind, Metric, NewMetric, NewReading, Reading, Target,
};
use crate::domain::script::{DEFAULT_SCRIPT, Placeholders, Script};
use crate::domain::time::utc_string;
use color_eyre::eyre::{Result, eyre};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::{OptionalExtension, Row, Transaction, params};
use uuid::Uuid;

pub(super) const METRIC_COLUMNS: &str = "id, name, unit, direction, target, target_form, kind, cadence, \
                              created_on, created_at, updated_at";

const READING_COLUMNS: &str = "r.id, r.metric_id, r.part, r.value, r.date, r.note";

/// The one row of research targets: the same id on every laptop.
const RESEARCH_TARGETS_ID: &str = "5458f0be-b7f5-4d03-bb35-42bcd4f4ce28";

/// A stored value the rules refuse: the file was edited by hand or is damaged.
fn bad(field: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("stored metric {field} breaks the rules").into(),
    )
}

fn date_column(row: &Row<'_>, column: &str) -> rusqlite::Result<Date> {
    let text: String = row.get(column)?;
    text.parse().map_err(|_| bad(column))
}

pub(super) fn metric_from_row(row: &Row<'_>) -> rusqlite::Result<Metric> {
    let form: String = row.get("target_form")?;
    let target: Target = serde_json::from_str(&form).map_err(|_| bad("target"))?;
    let direction: String = row.get("direction")?;
    let kind: String = row.get("kind")?;
    let cadence: String = row.get("cadence")?;
    Ok(Metric {
        id: row.get("id")?,
        name: row.get("name")?,
        unit: row.get("unit")?,
        direction: Direction::parse(&direction).ok_or_else(|| bad("direction"))?,
        target,
        kind: Kind::parse(&kind).map_err(|_| bad("kind"))?,
        cadence: Cadence::parse(&cadence).map_err(|_| bad("cadence"))?,
        created_on: date_column(row, "created_on")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

fn reading_from_row(row: &Row<'_>) -> rusqlite::Result<Reading> {
    let value: f64 = row.get("value")?;
    if !value.is_finite() {
        return Err(bad("value"));
    }
    Ok(Reading {
        id: row.get("id")?,
        metric_id: row.get("metric_id")?,
        part: row.get("part")?,
        value,
        date: date_column(row, "date")?,
        note: row.get("note")?,
    })
}

/// The demo's sessions and interviews, within `tx`; ids already there are
/// skipped. Returns how many were added.
pub(super) fn add_demo_research_in(
    tx: &Transaction<'_>,
    research: &[(DemoResearch, Timestamp)],
    now: &str,
) -> Result<usize> {
    let script: Option<(String, String)> = tx
        .query_row(
            "SELECT name, source FROM interview_script WHERE deleted_at IS NULL ORDER BY seq LIMIT 1",
            [],
            |r| Ok((r.get("name")?, r.get("source")?)),
        )
        .optional()?;
    let (script_name, script_source) = match script {
        Some(s) => s,
        None => (
            Script::parse(DEFAULT_SCRIPT)
                .map_err(|e| eyre!("the default script: {e}"))?
                .name,
            DEFAULT_SCRIPT.to_string(),
        ),
    };
    let placeholders = serde_json::to_string(&Placeholders::default())?;
    let mut added = 0;
    for (demo, start) in research {
        let duration_ms = demo.minutes * 60_000;
        let end = start
            .checked_add(jiff::SignedDuration::from_mins(demo.minutes))
            .unwrap_or(*start);
        let (start, end) = (utc_string(*start), utc_string(end));
        let inserted = match demo.method {
            Method::Shadowing => tx.execute(
                "INSERT OR IGNORE INTO shadow_session (id, participant, workflow, started_at, \
                 ended_at, duration_ms, last_offset_ms, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?7)",
                params![
                    demo.id,
                    demo.participant,
                    demo.workflow,
                    start,
                    end,
                    duration_ms,
                    now
                ],
            )?,
            Method::Interview => {
                let n = tx.execute(
                    "INSERT OR IGNORE INTO interview (id, participant, team, script_name, \
                     script_source, placeholders, started_at, ended_at, duration_ms, \
                     last_offset_ms, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?10)",
                    params![
                        demo.id,
                        demo.participant,
                        demo.team,
                        script_name,
                        script_source,
                        placeholders,
                        start,
                        end,
                        duration_ms,
                        now
                    ],
                )?;
                if n == 1 {
                    tx.execute(
                        "INSERT INTO interview_step (id, interview_id, question, offset_ms, \
                         created_at, updated_at) VALUES (?1, ?2, 0, 0, ?3, ?3)",
                        params![Uuid::new_v4().to_string(), demo.id, now],
                    )?;
                }
                n
            }
        };
        added += inserted;
    }
    Ok(added)
}

/// Adds the metrics whose ids (and live names) are not there yet.
pub(super) fn add_metrics_with_ids_in(
    tx: &Transaction<'_>,
    metrics: &[(&str, NewMetric)],
    today: Date,
    now: &str,
) -> Result<usize> {
    let mut added = 0;
    for (id, new) in metrics {
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM metric WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if !known && live_metric_named(tx, &new.name)?.is_none() {
            insert_metric(tx, id, new, today, now)?;
            added += 1;
        }
    }
    Ok(added)
}

/// Adds the readings whose ids, and whose metric's day, are free.
pub(super) fn add_readings_with_ids_in(
    tx: &Transaction<'_>,
    readings: &[(String, &str, NewReading)],
    now: &str,
) -> Result<usize> {
    let mut added = 0;
    for (id, metric_id, reading) in readings {
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM metric_reading WHERE id = ?1) \
             OR EXISTS (SELECT 1 FROM metric_reading WHERE metric_id = ?2 AND part = ?3 AND date = ?4) \
             OR NOT EXISTS (SELECT 1 FROM metric WHERE id = ?2 AND deleted_at IS NULL)",
            params![id, metric_id, reading.part, reading.date.to_string()],
            |r| r.get(0),
        )?;
        if !taken {
            insert_reading(tx, id, metric_id, reading, now)?;
            added += 1;
        }
    }
    Ok(added)
}

fn live_metric_named(tx: &rusqlite::Connection, name: &str) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT id FROM metric WHERE name = ?1 COLLATE NOCASE AND deleted_at IS NULL",
            [name],
            |r| r.get::<_, String>("id"),
        )
        .optional()?)
}

fn insert_metric(
    tx: &Transaction<'_>,
    id: &str,
    new: &NewMetric,
    today: Date,
    now: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO metric (id, name, unit, direction, target, target_form, kind, cadence, \
         created_on, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        id,
        new.name,
        new.unit,
        new.target.direction().name(),
        new.target.to_string(),
        serde_json::to_string(&new.target)?,
        new.kind.name(),
        new.cadence.name(),
        today.to_string(),
        now
    ])?;
    Ok(())
}

/// What recording a reading did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReadingOutcome {
    Added,
    /// The day already had a reading for that part: it held this value.
    Replaced(f64),
}

fn upsert_reading(
    tx: &Transaction<'_>,
    metric_id: &str,
    reading: &NewReading,
    now: &str,
) -> Result<ReadingOutcome> {
    let existing: Option<(String, f64)> = tx
        .prepare_cached(
            "SELECT id, value FROM metric_reading WHERE metric_id = ?1 AND part = ?2 AND date = ?3",
        )?
        .query_row(
            params![metric_id, reading.part, reading.date.to_string()],
            |r| Ok((r.get("id")?, r.get("value")?)),
        )
        .optional()?;
    match existing {
        Some((id, old)) => {
            tx.prepare_cached(
                "UPDATE metric_reading SET value = ?2, note = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![id, reading.value, reading.note, now])?;
            Ok(ReadingOutcome::Replaced(old))
        }
        None => {
            insert_reading(tx, &Uuid::new_v4().to_string(), metric_id, reading, now)?;
            Ok(ReadingOutcome::Added)
        }
    }
}

fn insert_reading(
    tx: &Transaction<'_>,
    id: &str,
    metric_id: &str,
    reading: &NewReading,
    now: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO metric_reading (id, metric_id, part, value, date, note, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![
        id,
        metric_id,
        reading.part,
        reading.value,
        reading.date.to_string(),
        reading.note,
        now
    ])?;
    Ok(())
}

/// A session or interview as the research cadence reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResearchRow {
    pub method: Method,
    pub started_at: String,
    pub participant: String,
    pub team: String,
}

impl Store {
    /// Adds a metric; a live metric of the same name (any case) is refused.
    pub fn add_metric(&mut self, new: &NewMetric, today: Date, now: Timestamp) -> Result<Metric> {
        let id = Uuid::new_v4().to_string();
        let tx = self.write_transaction()?;
        if live_metric_named(&tx, &new.name)?.is_some() {
            return Err(InputError::new(
                "name",
                format!("a metric named '{}' already exists", shown(&new.name)),
            )
            .into());
        }
        insert_metric(&tx, &id, new, today, &utc_string(now))?;
        tx.commit()?;
        self.metric_by_id(&id)?
            .ok_or_else(|| eyre!("metric {id} vanished"))
    }

    /// Adds metrics with fixed ids (the preset), skipping any whose id is
    /// already there or whose name a live metric has; returns how many.
    pub fn add_metrics_with_ids(
        &mut self,
        metrics: &[(&str, NewMetric)],
        today: Date,
        now: Timestamp,
    ) -> Result<usize> {
        let tx = self.write_transaction()?;
        let added = add_metrics_with_ids_in(&tx, metrics, today, &utc_string(now))?;
        tx.commit()?;
        Ok(added)
    }

    fn metric_by_id(&self, id: &str) -> Result<Option<Metric>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {METRIC_COLUMNS} FROM metric WHERE id = ?1"),
                [id],
                metric_from_row,
            )
            .optional()?)
    }

    /// The live metrics in the order they were added.
    pub fn metrics(&self) -> Result<Vec<Metric>> {
        super::all_rows(
            &self.conn,
            &format!("SELECT {METRIC_COLUMNS} FROM metric WHERE deleted_at IS NULL ORDER BY seq"),
            [],
            metric_from_row,
        )
    }

    /// The live metric with this name (any case), or the one whose name
    /// starts with it.
    pub fn find_metric(&self, name: &str) -> Result<Metric> {
        let wanted = name.trim().to_lowercase();
        let metrics = self.metrics()?;
        if let Some(m) = metrics.iter().find(|m| m.name.to_lowercase() == wanted) {
            return Ok(m.clone());
        }
        let starts: Vec<&Metric> = metrics
            .iter()
            .filter(|m| !wanted.is_empty() && m.name.to_lowercase().starts_with(&wanted))
            .collect();
        match starts.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(InputError::new(
                "metric",
                format!(
                    "no metric is named '{}'{}",
                    shown(name.trim()),
                    if metrics.is_empty() {
                        "; add one with `fieldkit metric add`".to_string()
                    } else {
                        format!(
                            "; there are: {}",
                            metrics
                                .iter()
                                .map(|m| m.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                ),
            )
            .into()),
            many => Err(InputError::new(
                "metric",
                format!(
                    "'{}' could be {}: give more of the name",
                    shown(name.trim()),
                    many.iter()
                        .map(|m| m.name.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )
            .into()),
        }
    }

    /// Every reading of the live metrics, by date.
    pub fn readings(&self) -> Result<Vec<Reading>> {
        super::all_rows(
            &self.conn,
            &format!(
                "SELECT {READING_COLUMNS} FROM metric_reading r JOIN metric m ON m.id = r.metric_id \
                 WHERE m.deleted_at IS NULL ORDER BY r.date, r.seq"
            ),
            [],
            reading_from_row,
        )
    }

    /// One metric's readings, by date.
    pub fn metric_readings(&self, metric_id: &str) -> Result<Vec<Reading>> {
        super::all_rows(
            &self.conn,
            &format!(
                "SELECT {READING_COLUMNS} FROM metric_reading r WHERE r.metric_id = ?1 \
                 ORDER BY r.date, r.seq"
            ),
            [metric_id],
            reading_from_row,
        )
    }

    /// Records readings in one transaction: all or none. A reading on a
    /// day that has one for that part corrects it.
    pub fn record_readings(
        &mut self,
        readings: &[(&str, NewReading)],
        now: Timestamp,
    ) -> Result<Vec<ReadingOutcome>> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        let mut outcomes = Vec::with_capacity(readings.len());
        for (metric_id, reading) in readings {
            outcomes.push(upsert_reading(&tx, metric_id, reading, &now)?);
        }
        tx.commit()?;
        Ok(outcomes)
    }

    /// Removes the readings of a metric's part on a day; returns the values
    /// removed (none when the day had no reading).
    pub fn remove_reading(&mut self, metric_id: &str, part: &str, date: Date) -> Result<Vec<f64>> {
        let tx = self.write_transaction()?;
        let values: Vec<f64> = super::all_rows(
            &tx,
            "SELECT value FROM metric_reading WHERE metric_id = ?1 AND part = ?2 AND date = ?3 \
             ORDER BY seq",
            params![metric_id, part, date.to_string()],
            |r| r.get("value"),
        )?;
        tx.execute(
            "DELETE FROM metric_reading WHERE metric_id = ?1 AND part = ?2 AND date = ?3",
            params![metric_id, part, date.to_string()],
        )?;
        tx.commit()?;
        Ok(values)
    }

    /// Readings with fixed ids (the demo's), skipping ids already there and
    /// days that already have a reading; returns how many were added.
    pub fn add_readings_with_ids(
        &mut self,
        readings: &[(String, &str, NewReading)],
        now: Timestamp,
    ) -> Result<usize> {
        let tx = self.write_transaction()?;
        let added = add_readings_with_ids_in(&tx, readings, &utc_string(now))?;
        tx.commit()?;
        Ok(added)
    }

    /// Deletes a metric, keeping it and its readings so it can be restored.
    pub fn delete_metric(&mut self, metric: &Metric, now: Timestamp) -> Result<()> {
        let now = utc_string(now);
        self.conn.execute(
            "UPDATE metric SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![metric.id, now],
        )?;
        Ok(())
    }

    /// Brings back the most recently deleted metric of this name.
    pub fn undelete_metric(&mut self, name: &str, now: Timestamp) -> Result<Metric> {
        let now = utc_string(now);
        let tx = self.write_transaction()?;
        let id: Option<String> = tx
            .query_row(
                "SELECT id FROM metric WHERE name = ?1 COLLATE NOCASE AND deleted_at IS NOT NULL \
                 ORDER BY deleted_at DESC LIMIT 1",
                [name.trim()],
                |r| r.get("id"),
            )
            .optional()?;
        let Some(id) = id else {
            return Err(InputError::new(
                "metric",
                format!("no deleted metric is named '{}'", shown(name.trim())),
            )
            .into());
        };
        if live_metric_named(&tx, name.trim())?.is_some() {
            return Err(InputError::new(
                "metric",
                format!(
                    "a metric named '{}' exists again: delete or rename it first",
                    shown(name.trim())
                ),
            )
            .into());
        }
        tx.execute(
            "UPDATE metric SET deleted_at = NULL, updated_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        tx.commit()?;
        self.metric_by_id(&id)?
            .ok_or_else(|| eyre!("metric {id} vanished"))
    }

    /// The team's research targets (the seed's until changed).
    pub fn research_targets(&self) -> Result<ResearchTargets> {
        let stored = self
            .conn
            .query_row(
                "SELECT teams_per_quarter, interviews_per_month FROM research_targets WHERE seq = 1",
                [],
                |r| {
                    Ok(ResearchTargets {
                        teams_per_quarter: r.get("teams_per_quarter")?,
                        interviews_per_month: r.get("interviews_per_month")?,
                    })
                },
            )
            .optional()?;
        Ok(stored.unwrap_or_default())
    }

    pub fn set_research_targets(&mut self, targets: ResearchTargets, now: Timestamp) -> Result<()> {
        self.conn.execute(
            "INSERT INTO research_targets (seq, id, teams_per_quarter, interviews_per_month, \
             created_at, updated_at) VALUES (1, ?4, ?1, ?2, ?3, ?3) \
             ON CONFLICT (seq) DO UPDATE SET teams_per_quarter = excluded.teams_per_quarter, \
             interviews_per_month = excluded.interviews_per_month, updated_at = excluded.updated_at",
            params![
                targets.teams_per_quarter,
                targets.interviews_per_month,
                utc_string(now),
                RESEARCH_TARGETS_ID
            ],
        )?;
        Ok(())
    }

    /// Every live metric evaluated on `today`, with the alerts they raise.
    pub fn metric_board(&self, today: Date) -> Result<Board> {
        Ok(Board::new(self.metrics()?, &self.readings()?, today))
    }

    /// The research cadence on `today`, each session and interview dated
    /// where the user is (`zone`).
    pub fn research_cadence(&self, today: Date, zone: &TimeZone) -> Result<ResearchCadence> {
        let records: Vec<ResearchRecord> = self
            .research_rows()?
            .into_iter()
            .filter_map(|row| {
                let started: Timestamp = row.started_at.parse().ok()?;
                Some(ResearchRecord {
                    method: row.method,
                    date: started.to_zoned_datetime(zone.clone()).date(),
                    team: team_of(row.method, &row.participant, &row.team),
                })
            })
            .collect();
        Ok(research_cadence(today, &records, self.research_targets()?))
    }

    /// Every session and interview: when it started, who, which team.
    pub fn research_rows(&self) -> Result<Vec<ResearchRow>> {
        let mut rows = super::all_rows(
            &self.conn,
            "SELECT started_at, participant FROM shadow_session WHERE deleted_at IS NULL ORDER BY seq",
            [],
            |r| {
                Ok(ResearchRow {
                    method: Method::Shadowing,
                    started_at: r.get("started_at")?,
                    participant: r.get("participant")?,
                    team: String::new(),
                })
            },
        )?;
        rows.extend(super::all_rows(
            &self.conn,
            "SELECT started_at, participant, team FROM interview WHERE deleted_at IS NULL ORDER BY seq",
            [],
            |r| {
                Ok(ResearchRow {
                    method: Method::Interview,
                    started_at: r.get("started_at")?,
                    participant: r.get("participant")?,
                    team: r.get("team")?,
                })
            },
        )?);
        Ok(rows)
    }

    /// The demo's sessions and interviews, each starting at its timestamp,
    /// ended; ids already there are skipped. Returns how many were added.
    pub fn add_demo_research(
        &mut self,
        research: &[(DemoResearch, Timestamp)],
        now: Timestamp,
    ) -> Result<usize> {
        let tx = self.write_transaction()?;
        let added = add_demo_research_in(&tx, research, &utc_string(now))?;
        tx.commit()?;
        Ok(added)
    }
}
