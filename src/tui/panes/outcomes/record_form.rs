//! The form that records a reading: value, date (today unless changed),
//! note, and for a pair the part it measures. What was typed is parsed by
//! `NewReading::parse`, the function `fieldkit metric record` uses.

use crate::domain::InputError;
use crate::domain::metric::target::Unit;
use crate::domain::metric::{Metric, NewReading};
use crate::formats::sanitize::terminal_line;
use crate::tui::widgets::form::{Field, Form};
use jiff::civil::Date;

const VALUE: usize = 0;
const DATE: usize = 1;
const NOTE: usize = 2;
const PART: usize = 3;

fn check_value(text: &str) -> Option<String> {
    text.trim()
        .is_empty()
        .then(|| "a value is needed: a number, like 78".to_string())
}

fn check_date(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && text.parse::<Date>().is_err()).then(|| {
        format!(
            "must be a date as YYYY-MM-DD, got '{}'",
            terminal_line(text)
        )
    })
}

fn check_nothing(_: &str) -> Option<String> {
    None
}

/// What a value is typed in: `a number in %`.
fn value_help(metric: &Metric, part: &str) -> String {
    let unit = match metric.target.unit(part) {
        Unit::None if metric.unit.is_empty() => String::new(),
        Unit::None => format!(" in {}", terminal_line(&metric.unit)),
        u => format!(" in {}", u.name()),
    };
    format!("a number{unit}, like 78 or 2.5; a time may carry its unit (90 min)")
}

/// The form for a reading of `metric`, dated `today`.
pub fn record_form(metric: &Metric, today: Date) -> Form {
    let labels: Vec<String> = metric
        .target
        .part_labels()
        .iter()
        .map(|l| l.to_string())
        .collect();
    let first = labels.first().cloned().unwrap_or_default();
    let mut fields = vec![
        Field::new("Value", "", value_help(metric, &first), check_value),
        Field::new(
            "Date",
            &today.to_string(),
            format!("YYYY-MM-DD, not after today ({today})"),
            check_date,
        ),
        Field::new(
            "Note",
            "",
            "optional: where the number came from",
            check_nothing,
        ),
    ];
    if labels.len() > 1 {
        fields.push(Field::choice(
            "Part",
            labels,
            &first,
            "which part of the target the value measures",
        ));
    }
    Form::new(
        format!("Record a reading of {}", terminal_line(&metric.name)),
        fields,
    )
}

/// The field an error names.
fn field_of(error: &InputError) -> usize {
    match error.field.as_str() {
        "date" => DATE,
        "note" => NOTE,
        "part" => PART,
        _ => VALUE,
    }
}

/// The reading typed into `form`, or the error on its field.
pub fn reading(form: &Form, metric: &Metric, today: Date) -> Result<NewReading, (usize, String)> {
    let part = (form.fields.len() > PART).then(|| form.text(PART));
    if form.text(VALUE).trim().is_empty() {
        return Err((VALUE, "a value is needed: a number, like 78".into()));
    }
    NewReading::parse(
        metric,
        form.text(VALUE),
        Some(form.text(DATE)),
        Some(form.text(NOTE)),
        part,
        today,
    )
    .map_err(|e| (field_of(&e), e.message))
}
