//! A metric's target as a person writes it: a threshold (`> 80%`,
//! `>= 4/5`, `< 30 min`), a pair of labelled thresholds (`< 2 h new service,
//! < 30 min change`) or a trend (`decreasing month over month`).

use super::number::{format_value, parse_number};
use crate::domain::InputError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the target field accepts, quoted in every refusal.
pub const TARGET_ALLOWED: &str = "a threshold like '> 80', '>= 4/5', '< 2 h', '< 30 min' or \
     '> 99.9%', a pair with labels like '< 2 h new service, < 30 min change', or a trend like \
     'decreasing month over month'";

/// Which way a metric gets better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher",
            Direction::LowerIsBetter => "lower",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "higher" => Some(Direction::HigherIsBetter),
            "lower" => Some(Direction::LowerIsBetter),
            _ => None,
        }
    }

    /// Whether going from `from` to `to` is a step the wrong way.
    pub fn worsens(self, from: f64, to: f64) -> bool {
        match self {
            Direction::HigherIsBetter => to < from,
            Direction::LowerIsBetter => to > from,
        }
    }
}

/// The comparison of a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Above,
    AtLeast,
    Below,
    AtMost,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Above => ">",
            Op::AtLeast => ">=",
            Op::Below => "<",
            Op::AtMost => "<=",
        }
    }

    pub fn met(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::Above => value > threshold,
            Op::AtLeast => value >= threshold,
            Op::Below => value < threshold,
            Op::AtMost => value <= threshold,
        }
    }

    pub fn direction(self) -> Direction {
        match self {
            Op::Above | Op::AtLeast => Direction::HigherIsBetter,
            Op::Below | Op::AtMost => Direction::LowerIsBetter,
        }
    }
}

/// The unit a threshold is written in. Time units convert into each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "unit", content = "of")]
pub enum Unit {
    None,
    Percent,
    /// A score out of N, as in `4/5`.
    OutOf(u32),
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl Unit {
    /// The words a time unit may be written as.
    const TIME_WORDS: [(&'static [&'static str], Unit); 6] = [
        (&["ms", "millisecond", "milliseconds"], Unit::Milliseconds),
        (&["s", "sec", "secs", "second", "seconds"], Unit::Seconds),
        (&["min", "mins", "minute", "minutes"], Unit::Minutes),
        (&["h", "hr", "hrs", "hour", "hours"], Unit::Hours),
        (&["d", "day", "days"], Unit::Days),
        (&["w", "wk", "wks", "week", "weeks"], Unit::Weeks),
    ];

    /// A time unit from one of its words (`h`, `hours`, `min`…).
    pub fn time_word(word: &str) -> Option<Unit> {
        let word = word.to_lowercase();
        Self::TIME_WORDS
            .iter()
            .find(|(words, _)| words.contains(&word.as_str()))
            .map(|&(_, unit)| unit)
    }

    /// Seconds in one of this unit, for the time units.
    fn seconds(self) -> Option<f64> {
        match self {
            Unit::Milliseconds => Some(0.001),
            Unit::Seconds => Some(1.0),
            Unit::Minutes => Some(60.0),
            Unit::Hours => Some(3600.0),
            Unit::Days => Some(86_400.0),
            Unit::Weeks => Some(604_800.0),
            Unit::None | Unit::Percent | Unit::OutOf(_) => None,
        }
    }

    /// `value` given in `from` expressed in this unit, when they convert.
    pub fn convert(self, value: f64, from: Unit) -> Option<f64> {
        if from == self {
            return Some(value);
        }
        Some(value * from.seconds()? / self.seconds()?)
    }

    /// The suffix written after a number: `%`, `/5`, ` h`, ` min`.
    pub fn suffix(self) -> String {
        match self {
            Unit::None => String::new(),
            Unit::Percent => "%".into(),
            Unit::OutOf(n) => format!("/{n}"),
            Unit::Milliseconds => " ms".into(),
            Unit::Seconds => " s".into(),
            Unit::Minutes => " min".into(),
            Unit::Hours => " h".into(),
            Unit::Days => " days".into(),
            Unit::Weeks => " weeks".into(),
        }
    }

    /// The unit's name alone (`%`, `/5`, `h`), empty for none.
    pub fn name(self) -> String {
        self.suffix().trim().to_string()
    }

    /// The values a reading in this unit may take.
    /// The values a reading in this unit may have, as `check` and the
    /// parser's limit allow them: `0 to 100`, `0 to 1,000,000,000,000`.
    pub fn range(self) -> String {
        let limit = crate::domain::rice::bound_text(super::number::LIMIT);
        match self {
            Unit::Percent => "0 to 100".into(),
            Unit::OutOf(n) => format!("0 to {n}"),
            _ if self.seconds().is_some() => format!("0 to {limit}"),
            _ => format!("-{limit} to {limit}"),
        }
    }

    pub fn check(self, value: f64) -> Result<(), String> {
        match self {
            Unit::Percent if !(0.0..=100.0).contains(&value) => {
                Err("a percent must be from 0 to 100".into())
            }
            Unit::OutOf(n) if !(0.0..=f64::from(n)).contains(&value) => {
                Err(format!("a score out of {n} must be from 0 to {n}"))
            }
            _ if self.seconds().is_some() && value < 0.0 => Err("a time cannot be negative".into()),
            _ => Ok(()),
        }
    }
}

/// One threshold, with an optional label (the part of a pair it names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    pub op: Op,
    pub value: f64,
    pub unit: Unit,
    /// `new service` in `< 2 h new service`; empty when there is none.
    pub label: String,
}

impl Threshold {
    pub fn met(&self, value: f64) -> bool {
        self.op.met(value, self.value)
    }

    /// `< 2 h`, without the label.
    pub fn condition(&self) -> String {
        format!(
            "{} {}",
            self.op.symbol(),
            format_value(self.value, self.unit, "")
        )
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.condition())?;
        if !self.label.is_empty() {
            write!(f, " {}", self.label)?;
        }
        Ok(())
    }
}

/// Which way a trend target wants the readings to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Decreasing,
    Increasing,
}

/// The period a trend compares: this one against the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Week,
    Month,
    Quarter,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
        }
    }

    fn parse(word: &str) -> Option<Self> {
        [Period::Week, Period::Month, Period::Quarter]
            .into_iter()
            .find(|p| p.name() == word)
    }
}

/// A metric's target, parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "shape")]
pub enum Target {
    Threshold { threshold: Threshold },
    Pair { parts: [Threshold; 2] },
    Trend { trend: Trend, period: Period },
}

impl Target {
    pub const FIELD: &'static str = "target";

    /// Parses a target; anything else is refused naming what is allowed.
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let t = text.trim();
        parse_target(t).map_err(|why| {
            InputError::new(
                Self::FIELD,
                format!(
                    "must be {TARGET_ALLOWED}; got '{}' ({why})",
                    super::number::shown(t)
                ),
            )
        })
    }

    pub fn direction(&self) -> Direction {
        match self {
            Target::Threshold { threshold } => threshold.op.direction(),
            Target::Pair { parts } => parts[0].op.direction(),
            Target::Trend { trend, .. } => match trend {
                Trend::Decreasing => Direction::LowerIsBetter,
                Trend::Increasing => Direction::HigherIsBetter,
            },
        }
    }

    /// The parts a reading can be of: the two labels of a pair, or one
    /// unnamed part.
    pub fn part_labels(&self) -> Vec<&str> {
        match self {
            Target::Pair { parts } => parts.iter().map(|p| p.label.as_str()).collect(),
            Target::Threshold { .. } | Target::Trend { .. } => vec![""],
        }
    }

    /// The threshold a part is held to (none for a trend).
    pub fn threshold(&self, part: &str) -> Option<&Threshold> {
        match self {
            Target::Threshold { threshold } => Some(threshold),
            Target::Pair { parts } => parts.iter().find(|p| p.label == part),
            Target::Trend { .. } => None,
        }
    }

    /// The unit of a part's readings.
    pub fn unit(&self, part: &str) -> Unit {
        self.threshold(part).map_or(Unit::None, |t| t.unit)
    }

    /// The part a user named: a label of a pair, case-insensitive, or a
    /// unique start of one; empty for a metric of one part.
    pub fn find_part(&self, given: Option<&str>) -> Result<String, InputError> {
        let labels = self.part_labels();
        let given = given.map(str::trim).filter(|g| !g.is_empty());
        match (labels.as_slice(), given) {
            ([""], None) => Ok(String::new()),
            ([""], Some(g)) => Err(InputError::new(
                "part",
                format!(
                    "this metric's target has one part, so no part is given; got '{}'",
                    super::number::shown(g)
                ),
            )),
            (_, None) => Err(InputError::new(
                "part",
                format!(
                    "the target is a pair: say which part the reading is of ({})",
                    labels.join(" or ")
                ),
            )),
            (_, Some(g)) => {
                let lower = g.to_lowercase();
                let exact = labels.iter().find(|l| l.to_lowercase() == lower);
                let starts: Vec<&str> = labels
                    .iter()
                    .copied()
                    .filter(|l| l.to_lowercase().starts_with(&lower))
                    .collect();
                match (exact.copied(), starts.as_slice()) {
                    (Some(l), _) | (None, &[l]) => Ok(l.to_string()),
                    _ => Err(InputError::new(
                        "part",
                        format!(
                            "must be one of {}; got '{}'",
                            labels.join(", "),
                            super::number::shown(g)
                        ),
                    )),
                }
            }
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Threshold { threshold } => write!(f, "{threshold}"),
            Target::Pair { parts } => write!(f, "{}, {}", parts[0], parts[1]),
            Target::Trend { trend, period } => {
                let trend = match trend {
                    Trend::Decreasing => "decreasing",
                    Trend::Increasing => "increasing",
                };
                let period = period.name();
                write!(f, "{trend} {period} over {period}")
            }
        }
    }
}

fn parse_target(t: &str) -> Result<Target, String> {
    if t.is_empty() {
        return Err("it is empty".into());
    }
    if let Some(trend) = parse_trend(t)? {
        return Ok(trend);
    }
    let pieces: Vec<&str> = t.split(',').collect();
    match pieces.as_slice() {
        [one] => Ok(Target::Threshold {
            threshold: parse_threshold(one)?,
        }),
        [a, b] => {
            let (a, b) = (parse_threshold(a)?, parse_threshold(b)?);
            if a.label.is_empty() || b.label.is_empty() {
                return Err("each part of a pair needs a label, as in '< 30 min change'".into());
            }
            if a.label.to_lowercase() == b.label.to_lowercase() {
                return Err("the two parts need different labels".into());
            }
            if a.op.direction() != b.op.direction() {
                return Err(
                    "both parts of a pair must point the same way (both > or both <)".into(),
                );
            }
            Ok(Target::Pair { parts: [a, b] })
        }
        _ => Err("a pair has two parts, joined by one comma".into()),
    }
}

/// `decreasing month over month` and its kin; `Ok(None)` when the text is
/// not trying to be a trend.
fn parse_trend(t: &str) -> Result<Option<Target>, String> {
    let lower = t.to_lowercase().replace('-', " ");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let trend = match words.first() {
        Some(&"decreasing") => Trend::Decreasing,
        Some(&"increasing") => Trend::Increasing,
        _ => return Ok(None),
    };
    match words.as_slice() {
        [_, a, "over", b] if a == b => match Period::parse(a) {
            Some(period) => Ok(Some(Target::Trend { trend, period })),
            None => Err("a trend compares week, month or quarter".into()),
        },
        _ => Err("a trend reads like 'decreasing month over month'".into()),
    }
}

fn parse_threshold(text: &str) -> Result<Threshold, String> {
    let t = text.trim();
    let at = t
        .find(['>', '<', '≥', '≤'])
        .ok_or("it starts with none of >, >=, <, <=")?;
    let before = t[..at].trim();
    let rest = &t[at..];
    let (op, rest) = [
        (">=", Op::AtLeast),
        ("≥", Op::AtLeast),
        (">", Op::Above),
        ("<=", Op::AtMost),
        ("≤", Op::AtMost),
        ("<", Op::Below),
    ]
    .into_iter()
    .find_map(|(s, op)| rest.strip_prefix(s).map(|r| (op, r)))
    .ok_or("it has no comparison")?;
    let rest = rest.trim_start();
    let end = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+'))))
        .map_or(rest.len(), |(i, _)| i);
    let value = parse_number(&rest[..end])
        .ok_or_else(|| format!("a number must follow {}", op.symbol()))?;
    let rest = &rest[end..];
    let (unit, rest) = if let Some(r) = rest.strip_prefix('%') {
        (Unit::Percent, r)
    } else if let Some(r) = rest.strip_prefix('/') {
        let digits = r.chars().take_while(char::is_ascii_digit).count();
        let n: u32 = r[..digits]
            .parse()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or("a score is written like 4/5, out of 1 to 1000")?;
        (Unit::OutOf(n), &r[digits..])
    } else {
        let r = rest.trim_start();
        let word_end = r
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(r.len(), |(i, _)| i);
        match Unit::time_word(&r[..word_end]) {
            Some(unit) => (unit, &r[word_end..]),
            // A word glued to the number is a unit this does not know.
            None if !r.is_empty() && !rest.starts_with(char::is_whitespace) => {
                return Err("a unit must be %, /N, ms, s, min, h, days or weeks".into());
            }
            None => (Unit::None, r),
        }
    };
    if unit != Unit::None && rest.starts_with(|c: char| c.is_alphanumeric()) {
        return Err("a unit must be %, /N, ms, s, min, h, days or weeks".into());
    }
    let after = rest.trim();
    let after = after.strip_prefix("for ").map_or(after, str::trim);
    if !before.is_empty() && !after.is_empty() {
        return Err("a label goes either before or after the threshold, not both".into());
    }
    let label = if before.is_empty() { after } else { before };
    if label.chars().any(char::is_control) {
        return Err("a label must not contain control characters".into());
    }
    if label.chars().count() > 60 {
        return Err("a label must be at most 60 characters".into());
    }
    unit.check(value)?;
    Ok(Threshold {
        op,
        value,
        unit,
        label: label.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Target {
        Target::parse(t).unwrap()
    }

    #[test]
    fn the_seeds_targets_parse_and_read_back() {
        for (text, shown) in [
            ("> 80", "> 80"),
            (">= 4/5", ">= 4/5"),
            ("< 2 h", "< 2 h"),
            ("< 30 min", "< 30 min"),
            ("> 99.9%", "> 99.9%"),
            ("decreasing month over month", "decreasing month over month"),
            (
                "< 2 h new service, < 30 min change",
                "< 2 h new service, < 30 min change",
            ),
            (
                "< 2 hours for new service, < 30 min for changes",
                "< 2 h new service, < 30 min changes",
            ),
            ("> 80% of eligible teams", "> 80% of eligible teams"),
            (
                "NPS > 40, satisfaction > 4/5",
                "> 40 NPS, > 4/5 satisfaction",
            ),
            ("< 3 days", "< 3 days"),
            ("<1h", "< 1 h"),
        ] {
            assert_eq!(parse(text).to_string(), shown, "{text}");
            // What is shown parses to the same target.
            assert_eq!(parse(shown), parse(text), "{text}");
        }
    }

    #[test]
    fn parts_units_and_directions() {
        let pair = parse("< 2 h new service, < 30 min change");
        assert_eq!(pair.part_labels(), ["new service", "change"]);
        assert_eq!(pair.unit("change"), Unit::Minutes);
        assert_eq!(pair.direction(), Direction::LowerIsBetter);
        assert_eq!(pair.find_part(Some("CH")).unwrap(), "change");
        assert!(pair.find_part(None).is_err());
        assert_eq!(parse(">= 4/5").unit(""), Unit::OutOf(5));
        assert_eq!(parse("> 99.9%").direction(), Direction::HigherIsBetter);
        assert_eq!(
            parse("decreasing month over month").direction(),
            Direction::LowerIsBetter
        );
        assert!(parse("> 80").find_part(Some("x")).is_err());
    }

    #[test]
    fn anything_else_is_refused_naming_what_is_allowed() {
        for bad in [
            "",
            "80",
            "fast",
            "> fast",
            "fast\u{1b}[31m",
            "> 80parsecs",
            "> 120%",
            "> 6/5",
            "< 2 h, < 30 min",
            "< 2 h a, > 30 min b",
            "< 1 h a, < 2 h b, < 3 h c",
            "decreasing month over week",
            "decreasing sometimes",
            "x > 3 y",
        ] {
            let err = Target::parse(bad).unwrap_err();
            assert_eq!(err.field, "target");
            assert!(
                err.message.contains("decreasing month over month"),
                "{bad}: {err}"
            );
            assert!(!err.to_string().contains('\u{1b}'), "{err}");
        }
    }

    #[test]
    fn time_units_convert() {
        assert_eq!(Unit::Minutes.convert(1.5, Unit::Hours), Some(90.0));
        assert_eq!(Unit::Percent.convert(1.0, Unit::Hours), None);
    }
}
