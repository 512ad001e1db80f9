//! Structured interviews: which question was current when, how long each
//! phase really took, and how much of the time the interviewer talked.

use super::error::InputError;
use super::script::{Placeholders, Script};
use super::shadow::{parse_required, span_ms};

/// The 20% line: "if you are talking more than 20% of the time, you are
/// doing it wrong".
pub const TALK_LIMIT: f64 = 0.20;

/// An interview as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Interview {
    pub id: String,
    pub participant: String,
    pub team: String,
    pub script_name: String,
    /// The script as it was when the interview started.
    pub script: Script,
    pub placeholders: Placeholders,
    /// Written before the interview: the interviewer's biggest assumptions.
    pub assumptions: Vec<String>,
    /// The participant's order of the validation options, best first.
    pub ranking: Vec<String>,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub duration_ms: Option<i64>,
    pub last_offset_ms: i64,
    pub current_question: usize,
    pub updated_at: String,
}

impl Interview {
    pub fn short_id(&self) -> &str {
        self.id.get(..8).unwrap_or(&self.id)
    }

    pub fn is_ended(&self) -> bool {
        self.ended_at.is_some()
    }
}

/// What an interviewer gives to start.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInterview {
    pub participant: String,
    pub team: String,
    pub placeholders: Placeholders,
    pub assumptions: Vec<String>,
}

impl NewInterview {
    pub fn parse(
        participant: &str,
        team: &str,
        placeholders: Placeholders,
        assumptions: &[&str],
    ) -> Result<Self, InputError> {
        Ok(Self {
            participant: parse_required("participant", participant, 200)?,
            team: team.trim().chars().take(200).collect(),
            placeholders,
            assumptions: assumptions
                .iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
        })
    }
}

/// The question that became current at an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub question: usize,
    pub offset_ms: i64,
}

/// One stretch of "I am talking"; `end_ms` is `None` while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Talk {
    pub id: String,
    pub start_ms: i64,
    pub end_ms: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// The interviewer's note on a question (one, multi-line).
    Note,
    /// The participant's words, verbatim.
    Quote,
}

impl NoteKind {
    pub fn name(self) -> &'static str {
        match self {
            NoteKind::Note => "note",
            NoteKind::Quote => "quote",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: String,
    pub question: usize,
    pub kind: NoteKind,
    pub offset_ms: i64,
    pub text: String,
}

/// The stretches of time each phase was current, from the steps, up to `now_ms`.
pub fn phase_spans(script: &Script, steps: &[Step], now_ms: i64) -> Vec<Vec<(i64, i64)>> {
    let mut spans = vec![Vec::new(); script.phases.len()];
    for (i, step) in steps.iter().enumerate() {
        let end = steps
            .get(i + 1)
            .map_or(now_ms, |next| next.offset_ms)
            .min(now_ms);
        if end > step.offset_ms
            && let Some(phase) = spans.get_mut(script.phase_of(step.question))
        {
            phase.push((step.offset_ms, end));
        }
    }
    spans
}

/// How long each phase has actually been current.
pub fn phase_actuals(script: &Script, steps: &[Step], now_ms: i64) -> Vec<i64> {
    phase_spans(script, steps, now_ms)
        .iter()
        .map(|spans| spans.iter().map(|(a, b)| span_ms(*a, *b)).sum())
        .collect()
}

fn overlap(a: (i64, i64), b: (i64, i64)) -> i64 {
    (a.1.min(b.1) - a.0.max(b.0)).max(0)
}

/// Talk time within `spans`, a running talk counting up to `now_ms`.
fn talking_within(talks: &[Talk], spans: &[(i64, i64)], now_ms: i64) -> i64 {
    talks
        .iter()
        .map(|t| (t.start_ms, t.end_ms.unwrap_or(now_ms).min(now_ms)))
        .map(|talk| spans.iter().map(|s| overlap(talk, *s)).sum::<i64>())
        .sum()
}

/// The talk-ratio meter's numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TalkStats {
    pub talking_ms: i64,
    /// Talking ÷ elapsed, 0 to 1.
    pub ratio: f64,
    /// The same within the current phase.
    pub phase_ratio: f64,
    pub longest_ms: i64,
}

impl TalkStats {
    pub fn over_limit(&self) -> bool {
        self.ratio > TALK_LIMIT
    }
}

/// `part ÷ whole`, 0 to 1; 0 when `whole` is not positive. The talk ratio
/// is `ratio(talking, elapsed)`.
pub fn ratio(part: i64, whole: i64) -> f64 {
    if whole > 0 {
        (part as f64 / whole as f64).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

pub fn talk_stats(
    script: &Script,
    steps: &[Step],
    talks: &[Talk],
    phase: usize,
    now_ms: i64,
) -> TalkStats {
    let whole = [(0, now_ms)];
    let talking_ms = talking_within(talks, &whole, now_ms);
    let spans = phase_spans(script, steps, now_ms);
    let phase_spans = spans.get(phase).map_or(&[][..], Vec::as_slice);
    let phase_ms: i64 = phase_spans.iter().map(|(a, b)| b - a).sum();
    TalkStats {
        talking_ms,
        ratio: ratio(talking_ms, now_ms),
        phase_ratio: ratio(talking_within(talks, phase_spans, now_ms), phase_ms),
        longest_ms: talks
            .iter()
            .map(|t| t.end_ms.unwrap_or(now_ms).min(now_ms) - t.start_ms)
            .max()
            .unwrap_or(0)
            .max(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::script::DEFAULT_SCRIPT;

    const MIN: i64 = 60_000;

    fn talk(start: i64, end: Option<i64>) -> Talk {
        Talk {
            id: String::new(),
            start_ms: start,
            end_ms: end,
        }
    }

    #[test]
    fn phases_take_the_time_their_questions_were_current() {
        let script = Script::parse(DEFAULT_SCRIPT).unwrap();
        let steps = [
            Step {
                question: 0,
                offset_ms: 0,
            },
            Step {
                question: 1,
                offset_ms: 3 * MIN,
            },
            Step {
                question: 2,
                offset_ms: 7 * MIN,
            },
            // Back to the opening for a minute, then on.
            Step {
                question: 1,
                offset_ms: 10 * MIN,
            },
            Step {
                question: 3,
                offset_ms: 11 * MIN,
            },
        ];
        let actual = phase_actuals(&script, &steps, 20 * MIN);
        assert_eq!(actual, [8 * MIN, 12 * MIN, 0, 0]);
    }

    #[test]
    fn talk_ratio_overall_in_the_phase_and_longest() {
        let script = Script::parse(DEFAULT_SCRIPT).unwrap();
        let steps = [
            Step {
                question: 0,
                offset_ms: 0,
            },
            Step {
                question: 2,
                offset_ms: 5 * MIN,
            },
        ];
        let talks = [talk(0, Some(2 * MIN)), talk(6 * MIN, None)];
        let stats = talk_stats(&script, &steps, &talks, 1, 10 * MIN);
        assert_eq!(stats.talking_ms, 6 * MIN);
        assert!((stats.ratio - 0.6).abs() < 1e-9);
        assert!(
            (stats.phase_ratio - 0.8).abs() < 1e-9,
            "4 of the 5 exploration minutes"
        );
        assert_eq!(stats.longest_ms, 4 * MIN);
        assert!(stats.over_limit());
        let quiet = talk_stats(&script, &steps, &[talk(0, Some(MIN))], 0, 10 * MIN);
        assert!(!quiet.over_limit());
        assert_eq!(talk_stats(&script, &steps, &[], 0, 0).ratio, 0.0);
    }
}

/// Everything recorded in one interview, up to `end_ms`.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub interview: Interview,
    pub steps: Vec<Step>,
    pub notes: Vec<Note>,
    pub talks: Vec<Talk>,
    /// The interview's length: its duration when ended, else how far it got.
    pub end_ms: i64,
}

impl Record {
    pub fn phase_actuals(&self) -> Vec<i64> {
        phase_actuals(&self.interview.script, &self.steps, self.end_ms)
    }

    pub fn talk(&self) -> TalkStats {
        let phase = self
            .interview
            .script
            .phase_of(self.interview.current_question);
        talk_stats(
            &self.interview.script,
            &self.steps,
            &self.talks,
            phase,
            self.end_ms,
        )
    }

    /// The note and the quotes of one question.
    pub fn notes_of(&self, question: usize) -> (Option<&Note>, Vec<&Note>) {
        let of = self.notes.iter().filter(|n| n.question == question);
        (
            of.clone()
                .find(|n| n.kind == NoteKind::Note && !n.text.trim().is_empty()),
            of.filter(|n| n.kind == NoteKind::Quote).collect(),
        )
    }
}
