//! The form that adds a metric: name, target, unit, kind and cadence,
//! parsed by `NewMetric::parse`, the function `fieldkit metric add` uses.

use crate::domain::InputError;
use crate::domain::metric::target::Target;
use crate::domain::metric::{Kind, NewMetric, parse_name};
use crate::tui::widgets::form::{Field, Form};

const NAME: usize = 0;
const TARGET: usize = 1;
const UNIT: usize = 2;
const KIND: usize = 3;
const CADENCE: usize = 4;

/// The cadence field's first option: leading weekly, lagging monthly.
const BY_KIND: &str = "by kind";

fn check_name(text: &str) -> Option<String> {
    parse_name(text).err().map(|e| e.message)
}

fn check_target(text: &str) -> Option<String> {
    Target::parse(text).err().map(|e| e.message)
}

fn check_nothing(_: &str) -> Option<String> {
    None
}

pub fn metric_form() -> Form {
    Form::new(
        "Add a metric",
        vec![
            Field::new(
                "Name",
                "",
                "1–80 characters, e.g. Adoption rate",
                check_name,
            ),
            Field::new(
                "Target",
                "",
                "> 80%, >= 4/5, < 2 h, < 2 h new service, < 30 min change, \
                 or decreasing month over month",
                check_target,
            )
            .placeholder("> 80% of eligible teams"),
            Field::new(
                "Unit",
                "",
                "optional: names values when the target has no unit (tickets, NPS)",
                check_nothing,
            ),
            Field::choice(
                "Kind",
                vec![Kind::Lagging.name().into(), Kind::Leading.name().into()],
                Kind::Lagging.name(),
                "leading indicators predict, lagging ones confirm",
            ),
            Field::choice(
                "Cadence",
                vec![
                    BY_KIND.into(),
                    "weekly".into(),
                    "monthly".into(),
                    "quarterly".into(),
                ],
                BY_KIND,
                "by kind: leading weekly, lagging monthly",
            ),
        ],
    )
}

fn field_of(error: &InputError) -> usize {
    match error.field.as_str() {
        "target" => TARGET,
        "unit" => UNIT,
        "kind" => KIND,
        "cadence" => CADENCE,
        _ => NAME,
    }
}

/// The metric typed into `form`, or the error on its field.
pub fn new_metric(form: &Form) -> Result<NewMetric, (usize, String)> {
    let cadence = Some(form.text(CADENCE)).filter(|c| *c != BY_KIND);
    NewMetric::parse(
        form.text(NAME),
        form.text(TARGET),
        Some(form.text(UNIT)),
        Some(form.text(KIND)),
        cadence,
    )
    .map_err(|e| (field_of(&e), e.message))
}
