//! RICE scoring as types: reach, the five impact steps, confidence as a
//! percent, effort in person-months, and the score they make.
//!
//! Parsing accepts exactly the forms PRODUCT.md lists and refuses the rest
//! with an [`InputError`] that names the field and the allowed values.

use super::error::InputError;
use serde::Serialize;
use std::fmt;

/// Parses a plain decimal: digits with at most one dot. No signs, exponents,
/// `inf` or `NaN` — the forms Rust's `f64::from_str` would also take.
fn plain_decimal(text: &str) -> Option<f64> {
    let t = text.trim();
    let mut dots = 0;
    let mut digits = 0;
    for ch in t.chars() {
        match ch {
            '0'..='9' => digits += 1,
            '.' => dots += 1,
            _ => return None,
        }
    }
    if digits == 0 || dots > 1 {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether a number has at most two decimals (0.07, 33.3, 200), the
/// precision the product keeps for its numbers.
pub fn has_two_decimals_at_most(value: f64) -> bool {
    (value * 100.0).round() / 100.0 == value
}

/// The largest reach: developers (or teams) affected per quarter.
pub const MAX_REACH: f64 = 1_000_000_000.0;
/// The smallest and largest effort, in person-months.
pub const MIN_EFFORT: f64 = 0.01;
pub const MAX_EFFORT: f64 = 10_000.0;

/// A bound as the messages write it: `10,000`, `1,000,000,000`, `0.01`.
pub fn bound_text(value: f64) -> String {
    let text = format_number(value);
    let (whole, rest) = text
        .split_once('.')
        .map_or((text.as_str(), ""), |(w, r)| (w, r));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if rest.is_empty() {
        grouped
    } else {
        format!("{grouped}.{rest}")
    }
}

/// Formats a number the way a person writes it: `200`, `0.5`, `2.25`.
/// Numbers outside the product's ranges (only a file from elsewhere holds
/// them) are written with an exponent, never as hundreds of digits.
pub fn format_number(value: f64) -> String {
    if !value.is_finite() || value.abs() >= 1e15 || (value != 0.0 && value.abs() < 1e-4) {
        return format!("{value:e}");
    }
    if value.fract() == 0.0 {
        // Integer formatting: many times faster than float formatting, and
        // lists write several numbers for each of 100k items.
        (value as i64).to_string()
    } else {
        // The shortest text that reads back as the same number: what the
        // user typed (0.5, 33.3), and far cheaper than fixed precision.
        value.to_string()
    }
}

/// Developers (or teams) affected per quarter: from 0 to 1,000,000,000,
/// with at most two decimals.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Reach(f64);

impl Reach {
    pub const FIELD: &'static str = "reach";
    pub const ZERO: Reach = Reach(0.0);

    pub fn new(value: f64) -> Result<Self, InputError> {
        if (0.0..=MAX_REACH).contains(&value) && has_two_decimals_at_most(value) {
            Ok(Self(value))
        } else {
            Err(Self::refusal(&format_number(value)))
        }
    }

    /// A stored reach, as loose as the file's own CHECK (finite, ≥ 0), so a
    /// file written before the ranges were enforced still opens.
    pub fn from_stored(value: f64) -> Option<Self> {
        (value.is_finite() && value >= 0.0).then_some(Self(value))
    }

    pub fn parse(text: &str) -> Result<Self, InputError> {
        plain_decimal(text)
            .ok_or_else(|| Self::refusal(text.trim()))
            .and_then(Self::new)
    }

    /// What a reach may be, from the bounds: `0 to 1,000,000,000, 2
    /// decimals at most`.
    pub fn allowed() -> String {
        format!("0 to {}, 2 decimals at most", bound_text(MAX_REACH))
    }

    fn refusal(got: &str) -> InputError {
        InputError::new(
            Self::FIELD,
            format!("must be {}, got '{got}'", Self::allowed()),
        )
    }

    pub fn value(self) -> f64 {
        self.0
    }
}

impl fmt::Display for Reach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_number(self.0))
    }
}

/// How much an initiative helps each developer: the seed's five steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    Minimal,
    Low,
    Medium,
    High,
    Massive,
}

impl Impact {
    pub const FIELD: &'static str = "impact";
    pub const ALL: [Impact; 5] = [
        Impact::Minimal,
        Impact::Low,
        Impact::Medium,
        Impact::High,
        Impact::Massive,
    ];
    pub const ALLOWED: &'static str =
        "3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal (a number or a word)";

    pub fn value(self) -> f64 {
        match self {
            Impact::Minimal => 0.25,
            Impact::Low => 0.5,
            Impact::Medium => 1.0,
            Impact::High => 2.0,
            Impact::Massive => 3.0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Impact::Minimal => "minimal",
            Impact::Low => "low",
            Impact::Medium => "medium",
            Impact::High => "high",
            Impact::Massive => "massive",
        }
    }

    /// The step above, or the same at the top.
    pub fn up(self) -> Self {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[(i + 1).min(Self::ALL.len() - 1)]
    }

    /// The step below, or the same at the bottom.
    pub fn down(self) -> Self {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Self::ALL[i.saturating_sub(1)]
    }

    pub fn from_value(value: f64) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.value() == value)
    }

    pub fn parse(text: &str) -> Result<Self, InputError> {
        let t = text.trim();
        let lower = t.to_lowercase();
        Self::ALL
            .into_iter()
            .find(|s| s.name() == lower)
            .or_else(|| plain_decimal(t).and_then(Self::from_value))
            .ok_or_else(|| {
                InputError::new(
                    Self::FIELD,
                    format!("must be one of {}, got '{t}'", Self::ALLOWED),
                )
            })
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_number(self.value()))
    }
}

impl Serialize for Impact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.value())
    }
}

/// How sure we are about reach and impact, as a percent in (0, 100].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Confidence(f64);

impl Confidence {
    pub const FIELD: &'static str = "confidence";
    pub const HIGH: Confidence = Confidence(100.0);
    pub const MEDIUM: Confidence = Confidence(80.0);
    pub const LOW: Confidence = Confidence(50.0);
    /// The presets the quick keys step through, low to high.
    pub const PRESETS: [Confidence; 3] = [Self::LOW, Self::MEDIUM, Self::HIGH];
    pub const ALLOWED: &'static str = "a percent above 0 and at most 100, 2 decimals at most \
         (80 or 80%), or high (100), medium (80), low (50)";

    pub fn new(percent: f64) -> Result<Self, InputError> {
        if percent > 0.0 && percent <= 100.0 && has_two_decimals_at_most(percent) {
            Ok(Self(percent))
        } else {
            Err(InputError::new(
                Self::FIELD,
                format!(
                    "must be {}, got '{}'",
                    Self::ALLOWED,
                    format_number(percent)
                ),
            ))
        }
    }

    pub fn parse(text: &str) -> Result<Self, InputError> {
        let t = text.trim();
        match t.to_lowercase().as_str() {
            "high" => return Ok(Self::HIGH),
            "medium" => return Ok(Self::MEDIUM),
            "low" => return Ok(Self::LOW),
            _ => {}
        }
        let number = t.strip_suffix('%').unwrap_or(t);
        let Some(value) = plain_decimal(number) else {
            return Err(InputError::new(
                Self::FIELD,
                format!("must be {}, got '{t}'", Self::ALLOWED),
            ));
        };
        // 0.8 is the classic slip: the seed writes confidence as 80%, but the
        // formula in people's heads multiplies by 0.8.
        // The hint only offers a value that would be accepted.
        let meant = (value * 100.0 * 100.0).round() / 100.0;
        if !t.ends_with('%')
            && number.contains('.')
            && value > 0.0
            && value <= 1.0
            && (meant - value * 100.0).abs() < 1e-9
            && Self::new(meant).is_ok()
        {
            return Err(InputError::new(
                Self::FIELD,
                format!(
                    "confidence is a percent: did you mean {}?",
                    format_number(meant)
                ),
            ));
        }
        Self::new(value).map_err(|_| {
            InputError::new(Self::FIELD, format!("must be {}, got '{t}'", Self::ALLOWED))
        })
    }

    /// A stored confidence, as loose as the file's own CHECK (0 < c ≤ 100).
    pub fn from_stored(percent: f64) -> Option<Self> {
        (percent > 0.0 && percent <= 100.0).then_some(Self(percent))
    }

    pub fn percent(self) -> f64 {
        self.0
    }

    /// The next preset above (50 → 80 → 100); a value between presets goes
    /// to the nearest one above it.
    pub fn up(self) -> Self {
        Self::PRESETS
            .into_iter()
            .find(|p| p.0 > self.0)
            .unwrap_or(Self::HIGH.max(self))
    }

    /// The next preset below (100 → 80 → 50); at or under 50 it stays.
    pub fn down(self) -> Self {
        Self::PRESETS
            .into_iter()
            .rev()
            .find(|p| p.0 < self.0)
            .unwrap_or(self)
    }

    fn max(self, other: Self) -> Self {
        if other.0 > self.0 { other } else { self }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", format_number(self.0))
    }
}

/// Person-months of work: from 0.01 to 10,000, at most two decimals.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Effort(f64);

impl Effort {
    pub const FIELD: &'static str = "effort";
    pub const ONE: Effort = Effort(1.0);

    pub fn new(value: f64) -> Result<Self, InputError> {
        if (MIN_EFFORT..=MAX_EFFORT).contains(&value) && has_two_decimals_at_most(value) {
            Ok(Self(value))
        } else {
            Err(Self::refusal(&format_number(value)))
        }
    }

    /// A stored effort, as loose as the file's own CHECK (finite, > 0).
    pub fn from_stored(value: f64) -> Option<Self> {
        (value.is_finite() && value > 0.0).then_some(Self(value))
    }

    pub fn parse(text: &str) -> Result<Self, InputError> {
        plain_decimal(text)
            .ok_or_else(|| Self::refusal(text.trim()))
            .and_then(Self::new)
    }

    /// What an effort may be, from the bounds: `0.01 to 10,000
    /// person-months, 2 decimals at most`.
    pub fn allowed() -> String {
        format!(
            "{} to {} person-months, 2 decimals at most",
            bound_text(MIN_EFFORT),
            bound_text(MAX_EFFORT)
        )
    }

    fn refusal(got: &str) -> InputError {
        InputError::new(
            Self::FIELD,
            format!("must be {}, got '{got}'", Self::allowed()),
        )
    }

    pub fn value(self) -> f64 {
        self.0
    }
}

impl fmt::Display for Effort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_number(self.0))
    }
}

/// The four RICE factors of one initiative.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rice {
    pub reach: Reach,
    pub impact: Impact,
    pub confidence: Confidence,
    pub effort: Effort,
}

impl Rice {
    /// RICE = reach × impact × (confidence / 100) ÷ effort.
    pub fn score(&self) -> f64 {
        rice_score(
            self.reach.value(),
            self.impact.value(),
            self.confidence.percent(),
            self.effort.value(),
        )
    }

    /// The formula in the item's own numbers: `(200 × 2 × 80%) ÷ 2 = 160.0`.
    pub fn formula(&self) -> String {
        format!(
            "({} × {} × {}) ÷ {} = {}",
            self.reach,
            self.impact,
            self.confidence,
            self.effort,
            format_score(self.score())
        )
    }
}

/// RICE = reach × impact × (confidence / 100) ÷ effort, on raw numbers: the
/// one formula, for stored rows that are not built into [`Rice`] values.
pub fn rice_score(reach: f64, impact: f64, confidence_percent: f64, effort: f64) -> f64 {
    reach * impact * (confidence_percent / 100.0) / effort
}

/// A score as the product shows it: one decimal, rounded half away from
/// zero (the same rounding as [`rounded_score`], so text and JSON agree).
pub fn format_score(score: f64) -> String {
    let tenths = (score * 10.0).round();
    if tenths.is_finite() && tenths.abs() < 1e15 {
        let t = tenths as i64;
        let sign = if t < 0 { "-" } else { "" };
        format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
    } else {
        format!("{score:.1}")
    }
}

/// A score rounded to the one decimal the product shows, for JSON output.
pub fn rounded_score(score: f64) -> f64 {
    (score * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_ranges_come_from_the_bounds() {
        assert_eq!(bound_text(10_000.0), "10,000");
        assert_eq!(bound_text(MAX_REACH), "1,000,000,000");
        assert_eq!(bound_text(0.01), "0.01");
        assert_eq!(bound_text(1234.5), "1,234.5");
        assert_eq!(bound_text(999.0), "999");
        assert_eq!(
            Effort::allowed(),
            "0.01 to 10,000 person-months, 2 decimals at most"
        );
        assert_eq!(Reach::allowed(), "0 to 1,000,000,000, 2 decimals at most");
    }

    fn rice(reach: f64, impact: Impact, confidence: f64, effort: f64) -> Rice {
        Rice {
            reach: Reach::new(reach).unwrap(),
            impact,
            confidence: Confidence::new(confidence).unwrap(),
            effort: Effort::new(effort).unwrap(),
        }
    }

    #[test]
    fn seed_table_scores() {
        let cases = [
            (200.0, Impact::High, 80.0, 2.0, "160.0"),
            (80.0, Impact::Massive, 80.0, 3.0, "64.0"),
            (200.0, Impact::Medium, 50.0, 6.0, "16.7"),
            (20.0, Impact::High, 100.0, 4.0, "10.0"),
            // The knowledge check: 150 × 2 × 80% ÷ 4.
            (150.0, Impact::High, 80.0, 4.0, "60.0"),
        ];
        for (r, i, c, e, want) in cases {
            assert_eq!(format_score(rice(r, i, c, e).score()), want);
        }
    }

    #[test]
    fn scores_show_one_decimal() {
        for (score, text) in [
            (0.0, "0.0"),
            (16.666, "16.7"),
            (160.0, "160.0"),
            (0.05, "0.1"),
            (1e20, "100000000000000000000.0"),
        ] {
            assert_eq!(format_score(score), text);
        }
        assert_eq!(format_number(200.0), "200");
        assert_eq!(format_number(0.25), "0.25");
    }

    #[test]
    fn formula_uses_the_items_numbers() {
        assert_eq!(
            rice(200.0, Impact::High, 80.0, 2.0).formula(),
            "(200 × 2 × 80%) ÷ 2 = 160.0"
        );
        assert_eq!(
            rice(10.0, Impact::Low, 50.0, 0.5).formula(),
            "(10 × 0.5 × 50%) ÷ 0.5 = 5.0"
        );
    }

    #[test]
    fn impact_accepts_numbers_and_words() {
        for (text, want) in [
            ("3", Impact::Massive),
            ("massive", Impact::Massive),
            ("HIGH", Impact::High),
            ("2", Impact::High),
            ("1", Impact::Medium),
            ("medium", Impact::Medium),
            ("0.5", Impact::Low),
            (".5", Impact::Low),
            ("low", Impact::Low),
            ("0.25", Impact::Minimal),
            ("minimal", Impact::Minimal),
            (" 2 ", Impact::High),
        ] {
            assert_eq!(Impact::parse(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn impact_refuses_everything_else() {
        for text in ["4", "0", "1.5", "-1", "", "huge", "NaN", "inf", "2x"] {
            let err = Impact::parse(text).unwrap_err();
            assert_eq!(err.field, "impact");
            assert!(err.message.contains("3 massive"), "{text}: {err}");
        }
    }

    #[test]
    fn impact_steps_stop_at_the_ends() {
        assert_eq!(Impact::Minimal.down(), Impact::Minimal);
        assert_eq!(Impact::Minimal.up(), Impact::Low);
        assert_eq!(Impact::High.up(), Impact::Massive);
        assert_eq!(Impact::Massive.up(), Impact::Massive);
        assert_eq!(Impact::Massive.down(), Impact::High);
    }

    #[test]
    fn confidence_accepts_percents_and_presets() {
        for (text, want) in [
            ("80", 80.0),
            ("80%", 80.0),
            ("100", 100.0),
            ("high", 100.0),
            ("Medium", 80.0),
            ("low", 50.0),
            ("1", 1.0),
            ("0.5%", 0.5),
            ("33.3", 33.3),
        ] {
            assert_eq!(Confidence::parse(text).unwrap().percent(), want, "{text}");
        }
    }

    #[test]
    fn confidence_fraction_gets_the_hint() {
        let err = Confidence::parse("0.8").unwrap_err();
        assert_eq!(err.field, "confidence");
        assert_eq!(err.message, "confidence is a percent: did you mean 80?");
        let err = Confidence::parse("1.0").unwrap_err();
        assert_eq!(err.message, "confidence is a percent: did you mean 100?");
    }

    #[test]
    fn confidence_refuses_out_of_range_and_junk() {
        for text in [
            "0", "0%", "101", "150%", "-5", "", "abc", "80%%", "NaN", "inf", "1e2",
        ] {
            let err = Confidence::parse(text).unwrap_err();
            assert_eq!(err.field, "confidence", "{text}");
            assert!(err.message.contains("percent"), "{text}: {err}");
        }
    }

    #[test]
    fn confidence_steps_through_presets() {
        let c = |v| Confidence::new(v).unwrap();
        assert_eq!(c(50.0).up(), c(80.0));
        assert_eq!(c(80.0).up(), c(100.0));
        assert_eq!(c(100.0).up(), c(100.0));
        assert_eq!(c(100.0).down(), c(80.0));
        assert_eq!(c(80.0).down(), c(50.0));
        assert_eq!(c(50.0).down(), c(50.0));
        assert_eq!(c(60.0).up(), c(80.0));
        assert_eq!(c(60.0).down(), c(50.0));
        assert_eq!(c(20.0).down(), c(20.0));
    }

    #[test]
    fn reach_and_effort_bounds() {
        assert_eq!(Reach::parse("0").unwrap().value(), 0.0);
        assert_eq!(Reach::parse("200").unwrap().value(), 200.0);
        assert_eq!(Effort::parse("0.5").unwrap().value(), 0.5);
        for text in ["-1", "", "ten", "1e3", "inf", "NaN", "+5", "1.2.3"] {
            assert_eq!(Reach::parse(text).unwrap_err().field, "reach", "{text}");
        }
        for text in ["0", "0.0", "-2", "", "inf", "two"] {
            let err = Effort::parse(text).unwrap_err();
            assert_eq!(err.field, "effort", "{text}");
            assert!(err.message.contains("0.01 to 10,000"), "{err}");
        }
        assert!(Reach::new(f64::NAN).is_err());
        assert!(Effort::new(f64::INFINITY).is_err());
        // A number too large for f64 overflows to infinity and is refused.
        assert!(Reach::parse(&"9".repeat(400)).is_err());
    }

    /// PRODUCT.md's ranges: nothing infinite, nothing with 300 digits.
    #[test]
    fn numbers_stay_in_the_products_ranges() {
        let huge = format!("1{}", "0".repeat(300));
        let tiny = format!("0.{}1", "0".repeat(299));
        assert!(Reach::parse(&huge).is_err());
        assert!(Reach::parse(&format!("5{}", "0".repeat(299))).is_err());
        assert!(Effort::parse(&tiny).is_err());
        assert_eq!(Reach::parse("1000000000").unwrap().value(), 1e9);
        assert!(Reach::parse("1000000000.01").is_err());
        assert!(Reach::parse("2.555").is_err());
        assert_eq!(Effort::parse("0.01").unwrap().value(), 0.01);
        assert_eq!(Effort::parse("10000").unwrap().value(), 10_000.0);
        assert!(Effort::parse("0.001").is_err());
        assert!(Effort::parse("10000.01").is_err());
        assert_eq!(Confidence::parse("33.33").unwrap().percent(), 33.33);
        assert!(Confidence::parse("33.333").is_err());
        let err = Confidence::parse("0.0000001").unwrap_err();
        assert!(!err.message.contains("did you mean"), "{err}");
        assert!(err.message.contains("2 decimals at most"), "{err}");
        assert!(
            Confidence::parse("0.333")
                .unwrap_err()
                .message
                .contains("did you mean 33.3?")
        );
        // The largest score the ranges allow is finite and written whole.
        let top = rice_score(1e9, 3.0, 100.0, 0.01);
        assert_eq!(format_score(top), "300000000000.0");
        let least = rice_score(0.01, 0.25, 0.01, 10_000.0);
        assert_eq!(format_score(least), "0.0");
        assert_eq!(format_number(5e299), "5e299");
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// No text makes a parser panic; what it accepts keeps the rules.
        #[test]
        fn parsers_never_panic_and_accept_only_valid_values(text in "\\PC{0,40}|[0-9.%eE+-]{0,12}") {
            if let Ok(r) = Reach::parse(&text) {
                prop_assert!(r.value().is_finite() && r.value() >= 0.0);
            }
            if let Ok(e) = Effort::parse(&text) {
                prop_assert!(e.value().is_finite() && e.value() > 0.0);
            }
            if let Ok(c) = Confidence::parse(&text) {
                prop_assert!(c.percent() > 0.0 && c.percent() <= 100.0);
            }
            if let Ok(i) = Impact::parse(&text) {
                prop_assert!(Impact::from_value(i.value()) == Some(i));
            }
        }

        /// Every refusal names its field.
        #[test]
        fn refusals_name_the_field(text in "\\PC{0,20}") {
            for (field, err) in [
                ("reach", Reach::parse(&text).err()),
                ("effort", Effort::parse(&text).err()),
                ("confidence", Confidence::parse(&text).err()),
                ("impact", Impact::parse(&text).err()),
            ] {
                if let Some(err) = err {
                    prop_assert_eq!(err.field, field);
                }
            }
        }

        /// A number written the way the product writes it parses back to itself.
        #[test]
        fn numbers_round_trip(cents in 0u64..100_000_000_000) {
            let value = cents as f64 / 100.0;
            let text = format_number(value);
            let back = Reach::parse(&text).unwrap().value();
            prop_assert_eq!(back, value, "{} → {}", value, text);
        }
    }
}
