//! An interview as a record a colleague can read: assumptions, phases
//! planned vs actual, the talk ratio, notes and quotes per question, and the
//! participant's ranking. User text is escaped.

use super::markdown::escape;
use crate::domain::interview::{Record, TALK_LIMIT};
use crate::domain::shadow::{format_duration, format_offset};
use std::fmt::Write;

fn percent(ratio: f64) -> String {
    format!("{:.0}%", ratio * 100.0)
}

/// Renders the record. Writing to a String cannot fail, so results are ignored.
pub fn render(record: &Record, zone: &jiff::tz::TimeZone) -> String {
    let i = &record.interview;
    let mut md = String::new();
    let date = crate::domain::time::local_date(&i.started_at, zone);
    let team = if i.team.is_empty() {
        String::new()
    } else {
        format!(" ({})", escape(&i.team))
    };
    let _ = writeln!(
        md,
        "# Interview - {date} - {}{team}\n",
        escape(&i.participant)
    );
    let _ = writeln!(md, "**Script:** {}\n", escape(&i.script_name));
    if !i.is_ended() {
        let _ = writeln!(md, "_Interview still running._\n");
    }

    let _ = writeln!(md, "## Assumptions (written before the interview)\n");
    if i.assumptions.is_empty() {
        let _ = writeln!(md, "None written.");
    }
    for (n, a) in i.assumptions.iter().enumerate() {
        let _ = writeln!(md, "{}. {}", n + 1, escape(a));
    }

    let _ = writeln!(
        md,
        "\n## Phases\n\n| Phase | Planned | Actual |\n|---|---|---|"
    );
    let actuals = record.phase_actuals();
    for (phase, actual) in i.script.phases.iter().zip(&actuals) {
        let planned = (phase.minutes * 60_000.0) as i64;
        let over = if *actual > planned { " (over)" } else { "" };
        let _ = writeln!(
            md,
            "| {} | {} | {}{over} |",
            escape(&phase.name),
            format_duration(planned),
            format_duration(*actual)
        );
    }
    let _ = writeln!(
        md,
        "| Total | {} | {} |",
        format_duration((i.script.total_minutes() * 60_000.0) as i64),
        format_duration(record.end_ms)
    );

    let talk = record.talk();
    let verdict = if talk.over_limit() {
        format!("over the {} line: listen more", percent(TALK_LIMIT))
    } else {
        format!("within the {} line", percent(TALK_LIMIT))
    };
    let _ = writeln!(
        md,
        "\n## Talk ratio\n\nThe interviewer talked {} of the time ({} of {}) — {verdict}. Longest monologue: {}.",
        percent(talk.ratio),
        format_duration(talk.talking_ms),
        format_duration(record.end_ms),
        format_duration(talk.longest_ms)
    );

    let _ = writeln!(md, "\n## Notes and quotes");
    let mut last_phase = None;
    for (q, (phase, question)) in i.script.questions().into_iter().enumerate() {
        if last_phase != Some(phase) {
            let name = i.script.phases.get(phase).map_or("", |p| p.name.as_str());
            let _ = writeln!(md, "\n### {}", escape(name));
            last_phase = Some(phase);
        }
        let _ = writeln!(
            md,
            "\n**{}. {}**\n",
            q + 1,
            escape(&i.placeholders.fill(question))
        );
        let (note, quotes) = record.notes_of(q);
        if note.is_none() && quotes.is_empty() {
            let _ = writeln!(md, "_No notes._");
        }
        if let Some(note) = note {
            for line in note.text.lines() {
                let _ = writeln!(md, "{}  ", escape(line));
            }
        }
        for quote in quotes {
            let _ = writeln!(
                md,
                "\n> \"{}\" ({})",
                escape(&quote.text),
                format_offset(quote.offset_ms)
            );
        }
    }

    if !i.ranking.is_empty() {
        let _ = writeln!(md, "\n## The participant's ranking\n");
        for (n, option) in i.ranking.iter().enumerate() {
            let _ = writeln!(md, "{}. {}", n + 1, escape(option));
        }
    }
    md
}
