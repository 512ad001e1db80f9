//! Synthesis: pain points, surprises, assumptions and actions drawn from
//! interviews and shadowing sessions, each backed by linked evidence — and
//! the reasoning that turns evidence into a confidence hint and a tally.

use super::rice::Confidence;
use super::shadow::format_offset;
use std::collections::BTreeMap;

/// The parts of the seed's "Interview Synthesis" template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    PainPoint,
    Surprise,
    Assumption,
    Action,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::PainPoint,
        Section::Surprise,
        Section::Assumption,
        Section::Action,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Section::PainPoint => "pain",
            Section::Surprise => "surprise",
            Section::Assumption => "assumption",
            Section::Action => "action",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Section::PainPoint => "Pain points",
            Section::Surprise => "Surprises",
            Section::Assumption => "Assumptions",
            Section::Action => "Actions",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == text)
    }

    /// Whether an entry of this section can become a backlog item.
    pub fn is_promotable(self) -> bool {
        matches!(self, Section::PainPoint | Section::Action)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Validated,
    Contradicted,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Validated => "validated",
            Verdict::Contradicted => "contradicted",
        }
    }

    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Validated => "[+]",
            Verdict::Contradicted => "[-]",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Verdict::Validated, Verdict::Contradicted]
            .into_iter()
            .find(|v| v.name() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    Interview,
    Shadowing,
}

impl SourceKind {
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Interview => "interview",
            SourceKind::Shadowing => "shadowing",
        }
    }
}

/// An interview or shadowing session a synthesis draws on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub kind: SourceKind,
    pub id: String,
    /// Who: the participant (and team).
    pub label: String,
    pub started_at: String,
}

/// What a piece of evidence points at: an interview's note or quote, or a
/// shadowing event. The link is to the record itself, never a copy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EvidenceRef {
    InterviewNote(String),
    ShadowEvent(String),
}

/// A quote, note or event shown with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub reference: EvidenceRef,
    pub source_kind: SourceKind,
    pub source_id: String,
    pub source_label: String,
    /// quote, note, friction, wish, tool, switch, wait.
    pub kind: String,
    pub text: String,
    pub offset_ms: i64,
    /// A shadow event deleted in its session, or a quote in its
    /// interview, after it was linked.
    pub deleted: bool,
}

impl Evidence {
    /// `"It takes 40 minutes" — Priya (interview, 00:30)`.
    pub fn citation(&self) -> String {
        let text = if self.kind == "quote" || self.kind == "wish" {
            format!("\"{}\"", self.text)
        } else {
            format!("{}: {}", self.kind, self.text)
        };
        let deleted = match (self.deleted, self.source_kind) {
            (false, _) => "",
            (true, SourceKind::Interview) => ", deleted from its interview",
            (true, SourceKind::Shadowing) => ", deleted from its session",
        };
        format!(
            "{text} — {} ({}, {}{deleted})",
            self.source_label,
            self.source_kind.name(),
            format_offset(self.offset_ms)
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub section: Section,
    pub position: f64,
    pub text: String,
    pub verdict: Option<Verdict>,
    pub evidence: Vec<Evidence>,
    /// The backlog item it became (id, title), if it was promoted.
    pub promoted: Option<(String, String)>,
}

impl Entry {
    /// The first line, as a title for a backlog item (at most 200 characters).
    pub fn title(&self) -> String {
        let line = self
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        line.chars().take(200).collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Synthesis {
    pub id: String,
    pub title: String,
    pub created_at: String,
    pub sources: Vec<Source>,
    /// By section, then position.
    pub entries: Vec<Entry>,
}

impl Synthesis {
    pub fn short_id(&self) -> &str {
        self.id.get(..8).unwrap_or(&self.id)
    }

    pub fn section(&self, section: Section) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.section == section)
    }
}

/// How many independent sources (interviews or sessions) the evidence spans.
pub fn independent_sources(evidence: &[Evidence]) -> usize {
    let mut sources: Vec<(SourceKind, &str)> = evidence
        .iter()
        .map(|e| (e.source_kind, e.source_id.as_str()))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    sources.len()
}

/// A confidence tier the evidence suggests — a hint only; the user decides.
/// Three or more independent sources → high, two → medium, one or none → low.
pub fn confidence_hint(evidence: &[Evidence]) -> (Confidence, String) {
    let n = independent_sources(evidence);
    let (tier, word) = match n {
        0 => (Confidence::LOW, "no linked evidence"),
        1 => (Confidence::LOW, "one source"),
        2 => (Confidence::MEDIUM, "two independent sources"),
        _ => (Confidence::HIGH, "several independent sources"),
    };
    let reason = if n >= 3 {
        format!("{n} independent sources")
    } else {
        word.to_string()
    };
    (tier, format!("evidence: {reason} → suggests {tier}"))
}

/// One line of the across-sessions view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyLine {
    pub text: String,
    /// The distinct sources that mention it.
    pub sources: usize,
    pub interviews: usize,
    pub sessions: usize,
}

/// Pain points by how many of the linked sources back them, and friction
/// grouped by its words across sessions: a reasoned input for reach.
pub fn tally(synthesis: &Synthesis, friction: &[Evidence]) -> (Vec<TallyLine>, Vec<TallyLine>) {
    let line = |text: String, evidence: &[&Evidence]| {
        let mut seen: Vec<(SourceKind, &str)> = evidence
            .iter()
            .map(|e| (e.source_kind, e.source_id.as_str()))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        TallyLine {
            text,
            sources: seen.len(),
            interviews: seen
                .iter()
                .filter(|(k, _)| *k == SourceKind::Interview)
                .count(),
            sessions: seen
                .iter()
                .filter(|(k, _)| *k == SourceKind::Shadowing)
                .count(),
        }
    };
    let mut pains: Vec<TallyLine> = synthesis
        .section(Section::PainPoint)
        .map(|e| line(e.title(), &e.evidence.iter().collect::<Vec<_>>()))
        .collect();
    pains.sort_by_key(|p| std::cmp::Reverse(p.sources));
    let mut groups: BTreeMap<String, (String, Vec<&Evidence>)> = BTreeMap::new();
    for e in friction {
        let key = e.text.trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        groups
            .entry(key)
            .or_insert_with(|| (e.text.trim().to_string(), Vec::new()))
            .1
            .push(e);
    }
    let mut friction_lines: Vec<TallyLine> = groups
        .into_values()
        .map(|(text, evidence)| line(text, &evidence))
        .collect();
    friction_lines.sort_by(|a, b| b.sources.cmp(&a.sources).then(a.text.cmp(&b.text)));
    (pains, friction_lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(kind: SourceKind, source: &str, text: &str) -> Evidence {
        Evidence {
            reference: EvidenceRef::ShadowEvent(format!("{source}-{text}")),
            source_kind: kind,
            source_id: source.into(),
            source_label: source.into(),
            kind: "friction".into(),
            text: text.into(),
            offset_ms: 30_000,
            deleted: false,
        }
    }

    #[test]
    fn confidence_hint_counts_independent_sources() {
        let a = evidence(SourceKind::Interview, "i1", "x");
        let b = evidence(SourceKind::Interview, "i1", "y");
        let c = evidence(SourceKind::Shadowing, "s1", "z");
        let d = evidence(SourceKind::Interview, "i2", "w");
        assert_eq!(confidence_hint(&[]).0, Confidence::LOW);
        assert_eq!(confidence_hint(&[a.clone(), b.clone()]).0, Confidence::LOW);
        assert_eq!(
            confidence_hint(&[a.clone(), c.clone()]).0,
            Confidence::MEDIUM
        );
        let (tier, why) = confidence_hint(&[a, b, c, d]);
        assert_eq!(tier, Confidence::HIGH);
        assert_eq!(why, "evidence: 3 independent sources → suggests 100%");
    }

    #[test]
    fn tally_groups_friction_across_sessions() {
        let friction = vec![
            evidence(SourceKind::Shadowing, "s1", "Slow CI"),
            evidence(SourceKind::Shadowing, "s2", "slow ci "),
            evidence(SourceKind::Shadowing, "s2", "No runbook"),
        ];
        let synthesis = Synthesis {
            id: String::new(),
            title: String::new(),
            created_at: String::new(),
            sources: Vec::new(),
            entries: vec![Entry {
                id: String::new(),
                section: Section::PainPoint,
                position: 0.0,
                text: "CI is slow\nmore".into(),
                verdict: None,
                promoted: None,
                evidence: friction[..2].to_vec(),
            }],
        };
        let (pains, groups) = tally(&synthesis, &friction);
        assert_eq!(pains[0].text, "CI is slow");
        assert_eq!(pains[0].sources, 2);
        assert_eq!(groups[0].text, "Slow CI");
        assert_eq!((groups[0].sources, groups[0].sessions), (2, 2));
        assert_eq!(groups[1].sources, 1);
    }

    #[test]
    fn citation_names_source_and_offset() {
        let mut e = evidence(SourceKind::Interview, "Priya", "It takes 40 minutes");
        e.kind = "quote".into();
        assert_eq!(
            e.citation(),
            "\"It takes 40 minutes\" — Priya (interview, 00:30)"
        );
    }
}
