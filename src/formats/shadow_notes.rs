//! A shadowing session as the seed's "Developer Shadowing Notes" template,
//! in Markdown with every piece of user text escaped.

use super::markdown::escape;
use crate::domain::shadow::{
    EventKind, Session, Summary, format_duration, format_minutes, format_offset, span_ms,
};
use std::fmt::Write;

fn kind_label(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Note => "Note",
        EventKind::Friction => "Friction",
        EventKind::Tool => "Opened",
        EventKind::Switch => "Switched to",
        EventKind::Wait => "Waiting for",
        EventKind::Wish => "Said",
    }
}

/// The date a session started, `YYYY-MM-DD` in the given zone.
pub fn session_date(session: &Session, zone: &jiff::tz::TimeZone) -> String {
    crate::domain::time::local_date(&session.started_at, zone)
}

/// "+32 min over" / "5 min under" the guess.
fn difference(actual_min: f64, guess_min: f64) -> String {
    let diff = actual_min - guess_min;
    if diff >= 0.0 {
        format!("{} longer", format_minutes(diff))
    } else {
        format!("{} shorter", format_minutes(-diff))
    }
}

/// Renders the notes. Writing to a String cannot fail, so results are ignored.
pub fn render(session: &Session, summary: &Summary, zone: &jiff::tz::TimeZone) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Developer Shadowing Notes - {} - {}\n",
        session_date(session, zone),
        escape(&session.participant)
    );
    let _ = writeln!(md, "**Workflow observed:** {}\n", escape(&session.workflow));
    if !session.is_ended() {
        let _ = writeln!(md, "_Session still running._\n");
    }

    let _ = writeln!(md, "## Time log\n");
    if summary.time_log.is_empty() {
        let _ = writeln!(md, "Nothing was logged.");
    }
    for e in &summary.time_log {
        let mut line = format!("- {} - {}", format_offset(e.offset_ms), kind_label(e.kind));
        if !e.text.trim().is_empty() {
            let text = escape(&e.text);
            if e.kind == EventKind::Wish {
                line.push_str(&format!(": \"{text}\""));
            } else {
                line.push_str(&format!(": {text}"));
            }
        }
        if e.kind == EventKind::Wait {
            match e.end_offset_ms {
                Some(end) => line.push_str(&format!(
                    " (until {}, {})",
                    format_offset(end),
                    format_duration(span_ms(e.offset_ms, end))
                )),
                None => line.push_str(" (still waiting)"),
            }
        }
        let _ = writeln!(md, "{line}");
    }

    let _ = writeln!(md, "\n## Friction points (where they struggled)\n");
    if summary.friction.is_empty() {
        let _ = writeln!(md, "None logged.");
    }
    for (i, e) in summary.friction.iter().enumerate() {
        let text = if e.text.trim().is_empty() {
            "(no description)".to_string()
        } else {
            escape(&e.text)
        };
        let _ = writeln!(
            md,
            "{}. {} (at {})",
            i + 1,
            text,
            format_offset(e.offset_ms)
        );
    }

    let tools = if summary.tools.is_empty() {
        "none logged".to_string()
    } else {
        summary
            .tools
            .iter()
            .map(|t| escape(t))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(md, "\n**Tools used:** {tools}\n");
    let _ = writeln!(md, "**Context switches:** {}\n", summary.switches);
    let _ = writeln!(
        md,
        "**Time waiting for things:** {} ({} {})\n",
        format_duration(summary.waiting_ms),
        summary.waits,
        if summary.waits == 1 { "wait" } else { "waits" }
    );
    let _ = writeln!(
        md,
        "**Times they said \"I wish...\" or \"This should be easier\":** {}\n",
        summary.wishes.len()
    );
    for e in &summary.wishes {
        let _ = writeln!(
            md,
            "> \"{}\" ({})\n",
            escape(&e.text),
            format_offset(e.offset_ms)
        );
    }

    let _ = writeln!(md, "## Duration and predictions\n");
    let actual = summary.duration_min();
    let _ = writeln!(
        md,
        "- Actual: {} ({})",
        format_minutes(actual),
        format_duration(summary.duration_ms)
    );
    for (who, guess) in [
        ("Researcher's guess", summary.researcher_guess_min),
        ("Developer's guess", summary.developer_guess_min),
    ] {
        match guess {
            Some(g) => {
                let _ = writeln!(
                    md,
                    "- {who}: {} — actual was {}",
                    format_minutes(g),
                    difference(actual, g)
                );
            }
            None => {
                let _ = writeln!(md, "- {who}: not recorded");
            }
        }
    }
    let _ = writeln!(md, "\nThe difference is your friction.");
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shadow::{ShadowEvent, summarize};

    #[test]
    fn follows_the_template_and_escapes() {
        let session = Session {
            id: "s".into(),
            participant: "Alex | payments".into(),
            workflow: "Deploy a *one-line* change".into(),
            researcher_guess_min: Some(15.0),
            developer_guess_min: None,
            started_at: "2026-11-25T14:00:00Z".into(),
            ended_at: Some("2026-11-25T15:00:00Z".into()),
            duration_ms: Some(2_820_000),
            last_offset_ms: 0,
            paused: false,
            created_at: String::new(),
            updated_at: String::new(),
        };
        let e = |kind, s: i64, text: &str, end: Option<i64>| ShadowEvent {
            id: String::new(),
            kind,
            offset_ms: s * 1000,
            wall_at: String::new(),
            text: text.into(),
            end_offset_ms: end.map(|x| x * 1000),
            end_wall_at: None,
        };
        let events = vec![
            e(EventKind::Tool, 300, "kubectl", None),
            e(EventKind::Friction, 480, "# no runbook", None),
            e(EventKind::Wait, 600, "CI", Some(900)),
            e(EventKind::Wish, 1000, "I wish it were <one> command", None),
        ];
        let summary = summarize(&session, &events, 2_820_000);
        let md = render(&session, &summary, &jiff::tz::TimeZone::UTC);
        assert!(
            md.starts_with("# Developer Shadowing Notes - 2026-11-25 - Alex \\| payments\n"),
            "{md}"
        );
        assert!(md.contains("**Workflow observed:** Deploy a \\*one-line\\* change"));
        assert!(md.contains("- 05:00 - Opened: kubectl\n"));
        assert!(md.contains("- 10:00 - Waiting for: CI (until 15:00, 0:05:00)\n"));
        assert!(md.contains("1. \\# no runbook (at 08:00)\n"), "{md}");
        assert!(md.contains("**Tools used:** kubectl"));
        assert!(md.contains("**Time waiting for things:** 0:05:00 (1 wait)"));
        assert!(md.contains("> \"I wish it were &lt;one&gt; command\" (16:40)"));
        assert!(md.contains("- Researcher's guess: 15 min — actual was 32 min longer"));
        assert!(md.contains("- Developer's guess: not recorded"));
    }
}
