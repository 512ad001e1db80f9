//! Numbers of readings and targets: parsed strictly, shown as a person
//! writes them, always finite.

use super::target::Unit;

/// The largest magnitude a reading or threshold may have, so every value
/// prints in full.
pub const LIMIT: f64 = 1e12;

/// A plain decimal with an optional sign: `78`, `-12`, `2.5`, `.5`.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let dots = body.chars().filter(|&c| c == '.').count();
    if digits == 0 || dots > 1 || digits + dots != body.chars().count() {
        return None;
    }
    t.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && v.abs() <= LIMIT)
}

/// `78`, `2.5`, `99.95`: at most four decimals, no trailing zeros.
pub fn format_number(value: f64) -> String {
    let text = format!("{:.4}", value);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A value with its unit: `78%`, `2.5/5`, `6 min`, or `48 NPS` with a
/// free-text unit when the target has none.
pub fn format_value(value: f64, unit: Unit, free_unit: &str) -> String {
    let number = format_number(value);
    match unit {
        Unit::None if free_unit.is_empty() => number,
        Unit::None => format!("{number} {free_unit}"),
        unit => format!("{number}{}", unit.suffix()),
    }
}

/// Text quoted back to the user in a refusal, through the one sanitizer
/// (`formats::sanitize`): control characters and bidi marks show as
/// visible escapes, so a refusal can never move their cursor or change
/// their colours, and nothing they typed is dropped from the echo.
pub fn shown(text: &str) -> String {
    crate::formats::sanitize::terminal_line(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_strictly_and_print_plainly() {
        assert_eq!(parse_number("78"), Some(78.0));
        assert_eq!(parse_number("-12"), Some(-12.0));
        assert_eq!(parse_number(" 2.5 "), Some(2.5));
        for bad in ["", "-", "1e9", "NaN", "inf", "1.2.3", "12a", "1,5", "1e400"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
        assert_eq!(format_number(78.0), "78");
        assert_eq!(format_number(99.95), "99.95");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(1.0 / 3.0), "0.3333");
        assert_eq!(format_value(2.5, Unit::OutOf(5), ""), "2.5/5");
        assert_eq!(format_value(6.0, Unit::Minutes, ""), "6 min");
        assert_eq!(format_value(48.0, Unit::None, "NPS"), "48 NPS");
        assert_eq!(shown("a\u{1b}[2J"), "a\\u{1b}[2J");
    }
}
