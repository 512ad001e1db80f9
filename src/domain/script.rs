//! Interview scripts: timed phases of questions, read from TOML, with the
//! placeholders `{feature}`, `{a}`, `{b}`, `{c}` filled from the backlog.

use super::error::InputError;
use serde::Deserialize;
use toml::Spanned;

/// The seed's 30-minute structured interview, shipped as a readable file.
pub const DEFAULT_SCRIPT: &str = include_str!("../../assets/interview-30min.toml");

/// The placeholders a question may hold.
pub const PLACEHOLDERS: [&str; 4] = ["feature", "a", "b", "c"];

#[derive(Debug, Clone, PartialEq)]
pub struct Phase {
    pub name: String,
    pub minutes: f64,
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub name: String,
    pub phases: Vec<Phase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScript {
    name: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    phases: Spanned<Vec<RawPhase>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    name: Spanned<String>,
    minutes: Spanned<f64>,
    questions: Spanned<Vec<Spanned<String>>>,
}

/// Line and column (both from 1) of a byte offset in `text`.
fn line_column(text: &str, offset: usize) -> (u64, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Script {
    /// Parses and checks a script; a bad one is refused with its line and column.
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let raw: RawScript = toml::from_str(text).map_err(|e| {
            // serde speaks of Rust types; a script writer thinks in numbers.
            let message = e
                .message()
                .trim()
                .replace("expected f64", "expected a number");
            let error = InputError::new("script", message);
            match e.span() {
                Some(span) => {
                    let (line, column) = line_column(text, span.start);
                    error.at(line, column)
                }
                None => error,
            }
        })?;
        let at = |span: std::ops::Range<usize>, message: String| {
            let (line, column) = line_column(text, span.start);
            InputError::new("script", message).at(line, column)
        };
        let name = raw.name.get_ref().trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(at(raw.name.span(), "name must be 1–100 characters".into()));
        }
        if raw.phases.get_ref().is_empty() {
            return Err(at(
                raw.phases.span(),
                "a script needs at least one [[phases]]".into(),
            ));
        }
        let mut phases = Vec::new();
        for phase in raw.phases.into_inner() {
            let phase_name = phase.name.get_ref().trim().to_string();
            if phase_name.is_empty() {
                return Err(at(
                    phase.name.span(),
                    "a phase name must not be empty".into(),
                ));
            }
            let minutes = *phase.minutes.get_ref();
            if !(minutes.is_finite() && minutes > 0.0 && minutes <= 600.0) {
                return Err(at(
                    phase.minutes.span(),
                    format!("minutes must be a number above 0 and at most 600, got {minutes}"),
                ));
            }
            if phase.questions.get_ref().is_empty() {
                return Err(at(
                    phase.questions.span(),
                    format!("phase '{phase_name}' needs at least one question"),
                ));
            }
            let mut questions = Vec::new();
            for q in phase.questions.into_inner() {
                let text_q = q.get_ref().trim().to_string();
                if text_q.is_empty() {
                    return Err(at(q.span(), "a question must not be empty".into()));
                }
                if let Some(bad) = unknown_placeholder(&text_q) {
                    return Err(at(
                        q.span(),
                        format!(
                            "unknown placeholder {{{bad}}}; allowed: {{feature}}, {{a}}, {{b}}, {{c}}"
                        ),
                    ));
                }
                questions.push(text_q);
            }
            phases.push(Phase {
                name: phase_name,
                minutes,
                questions,
            });
        }
        Ok(Self { name, phases })
    }

    /// The default script, which is known to parse.
    pub fn default_script() -> Self {
        Self::parse(DEFAULT_SCRIPT).unwrap_or_else(|_| Self {
            name: "Structured interview (30 min)".into(),
            phases: Vec::new(),
        })
    }

    /// Every question with the index of its phase, in order.
    pub fn questions(&self) -> Vec<(usize, &str)> {
        self.phases
            .iter()
            .enumerate()
            .flat_map(|(p, phase)| phase.questions.iter().map(move |q| (p, q.as_str())))
            .collect()
    }

    pub fn question_count(&self) -> usize {
        self.phases.iter().map(|p| p.questions.len()).sum()
    }

    /// The phase a question (by overall index) belongs to.
    pub fn phase_of(&self, question: usize) -> usize {
        let mut seen = 0;
        for (i, phase) in self.phases.iter().enumerate() {
            seen += phase.questions.len();
            if question < seen {
                return i;
            }
        }
        self.phases.len().saturating_sub(1)
    }

    pub fn total_minutes(&self) -> f64 {
        self.phases.iter().map(|p| p.minutes).sum()
    }

    /// Whether any question asks for the participant's ranking of {a} {b} {c}.
    pub fn asks_ranking(question: &str) -> bool {
        question.contains("{a}") && question.contains("{b}")
    }
}

/// The first `{name}` in `text` that is not a known placeholder.
fn unknown_placeholder(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Some(name.to_string());
        }
        rest = &after[close + 1..];
    }
    None
}

/// What the placeholders stand for in one interview.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Placeholders {
    pub feature: String,
    pub a: String,
    pub b: String,
    pub c: String,
}

impl Placeholders {
    /// `{feature}` from the top open item, `{a}` `{b}` `{c}` the top three.
    pub fn from_ranking(titles: &[&str]) -> Self {
        let at = |i: usize| titles.get(i).map_or_else(String::new, |t| t.to_string());
        Self {
            feature: at(0),
            a: at(0),
            b: at(1),
            c: at(2),
        }
    }

    pub fn fill(&self, question: &str) -> String {
        let show = |value: &str, name: &str| {
            if value.trim().is_empty() {
                format!("[{name}]")
            } else {
                value.to_string()
            }
        };
        question
            .replace("{feature}", &show(&self.feature, "feature X"))
            .replace("{a}", &show(&self.a, "A"))
            .replace("{b}", &show(&self.b, "B"))
            .replace("{c}", &show(&self.c, "C"))
    }

    /// The options a ranking question offers, in order.
    pub fn options(&self) -> Vec<String> {
        vec![self.a.clone(), self.b.clone(), self.c.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_script_is_the_seeds() {
        let s = Script::parse(DEFAULT_SCRIPT).unwrap();
        let phases: Vec<(&str, f64, usize)> = s
            .phases
            .iter()
            .map(|p| (p.name.as_str(), p.minutes, p.questions.len()))
            .collect();
        assert_eq!(
            phases,
            [
                ("Opening", 5.0, 2),
                ("Exploration", 15.0, 4),
                ("Validation", 5.0, 2),
                ("Closing", 5.0, 2)
            ]
        );
        assert_eq!(s.total_minutes(), 30.0);
        assert_eq!(s.question_count(), 10);
        assert_eq!(s.phase_of(6), 2);
        assert_eq!(
            s.questions()[0].1,
            "Tell me about the last time you deployed something to production."
        );
        assert_eq!(s.questions()[9].1, "Can I follow up with you next month?");
    }

    #[test]
    fn bad_scripts_name_line_and_column() {
        let cases = [
            (
                "name = \"x\"\n[[phases]]\nname = \"A\"\nminutes = 0\nquestions = [\"q\"]\n",
                (4, 11),
                "minutes",
            ),
            (
                "name = \"x\"\n[[phases]]\nname = \"A\"\nminutes = 5\nquestions = []\n",
                (5, 13),
                "at least one question",
            ),
            (
                "name = \"x\"\n[[phases]]\nname = \"A\"\nminutes = 5\nquestions = [\"Is {thing} ok?\"]\n",
                (5, 14),
                "unknown placeholder {thing}",
            ),
            ("name = \"x\"\nphases = []\n", (2, 10), "at least one"),
            (
                "name = \"x\"\n[[phases]]\nname = \"A\"\nminutes = \"five\"\nquestions = [\"q\"]\n",
                (4, 11),
                "expected a number",
            ),
            (
                "name = \"x\"\ncolour = 1\n[[phases]]\nname = \"A\"\nminutes = 5\nquestions = [\"q\"]\n",
                (2, 1),
                "colour",
            ),
            ("name = \"x\n", (1, 10), "expected"),
        ];
        for (text, (line, column), expect) in cases {
            let err = Script::parse(text).unwrap_err();
            assert_eq!(err.location, Some((line, column)), "{text:?}: {err}");
            assert!(err.to_string().contains(expect), "{text:?}: {err}");
        }
    }

    #[test]
    fn placeholders_fill_from_the_backlog() {
        let p = Placeholders::from_ranking(&["Faster CI", "Self-service DBs", "Service mesh"]);
        assert_eq!(
            p.fill("How would you prioritize these three improvements: {a}, {b}, {c}?"),
            "How would you prioritize these three improvements: Faster CI, Self-service DBs, Service mesh?"
        );
        assert_eq!(
            p.fill("We're thinking about building {feature}."),
            "We're thinking about building Faster CI."
        );
        let empty = Placeholders::default();
        assert_eq!(empty.fill("{feature} or {a}"), "[feature X] or [A]");
        assert!(Script::asks_ranking("{a}, {b}, {c}"));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_parses_or_is_refused_with_a_location(text in "\\PC{0,200}") {
            if let Err(e) = Script::parse(&text) {
                prop_assert_eq!(e.field, "script");
            }
        }

        /// Mangling the default script anywhere never panics the parser.
        #[test]
        fn a_damaged_default_script_is_handled(cut in 0usize..2000, junk in "\\PC{0,8}") {
            let mut text = DEFAULT_SCRIPT.to_string();
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, &junk);
            match Script::parse(&text) {
                Ok(s) => prop_assert!(s.question_count() > 0),
                Err(e) => prop_assert!(e.location.is_some() || e.message.contains("line")),
            }
        }
    }
}
