//! A synthesis as the seed's "Interview Synthesis" template in Markdown,
//! each quote attributed to its source. User text is escaped.

use super::markdown::escape;
use crate::domain::synthesis::{Entry, Section, Synthesis};
use crate::domain::time::local_date;
use std::fmt::Write;

/// The entry's text (first line in bold when it has more) and its evidence.
fn entry(md: &mut String, number: &str, e: &Entry) {
    let mut lines = e.text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("(empty)");
    let mark = e
        .verdict
        .map(|v| format!("{} ", v.mark()))
        .unwrap_or_default();
    let _ = writeln!(md, "{number} {mark}{}", escape(first));
    for line in lines {
        let _ = writeln!(md, "   {}", escape(line));
    }
    let verb = match e.verdict {
        Some(crate::domain::synthesis::Verdict::Validated) => "confirmed by",
        Some(crate::domain::synthesis::Verdict::Contradicted) => "contradicted by",
        None => "",
    };
    for (i, ev) in e.evidence.iter().enumerate() {
        let lead = if i == 0 && !verb.is_empty() {
            format!("{verb} ")
        } else {
            String::new()
        };
        let _ = writeln!(md, "   > {lead}{}", escape(&ev.citation()));
    }
}

pub fn render(s: &Synthesis, zone: &jiff::tz::TimeZone) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Interview Synthesis - {} - {}\n",
        local_date(&s.created_at, zone),
        escape(&s.title)
    );
    if !s.sources.is_empty() {
        let sources: Vec<String> = s
            .sources
            .iter()
            .map(|src| {
                format!(
                    "{} ({}, {})",
                    escape(&src.label),
                    src.kind.name(),
                    local_date(&src.started_at, zone)
                )
            })
            .collect();
        let _ = writeln!(md, "**Sources:** {}\n", sources.join("; "));
    }

    let pains: Vec<&Entry> = s.section(Section::PainPoint).collect();
    let _ = writeln!(md, "## Top 3 pain points mentioned\n");
    if pains.is_empty() {
        let _ = writeln!(md, "None yet.");
    }
    for (i, e) in pains.iter().take(3).enumerate() {
        entry(&mut md, &format!("{}.", i + 1), e);
    }
    if pains.len() > 3 {
        let _ = writeln!(md, "\nOther pain points:\n");
        for e in &pains[3..] {
            entry(&mut md, "-", e);
        }
    }
    for (section, heading) in [
        (Section::Surprise, "Surprises (things I didn't expect)"),
        (Section::Assumption, "Assumptions validated"),
        (Section::Action, "Actions"),
    ] {
        let _ = writeln!(md, "\n## {heading}\n");
        let entries: Vec<&Entry> = s.section(section).collect();
        if entries.is_empty() {
            let _ = writeln!(md, "None yet.");
        }
        for (i, e) in entries.iter().enumerate() {
            let number = if section == Section::Assumption {
                "-".to_string()
            } else {
                format!("{}.", i + 1)
            };
            entry(&mut md, &number, e);
        }
    }
    md
}
