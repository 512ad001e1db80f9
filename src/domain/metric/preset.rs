//! The seed's eight success metrics with their targets, classified by its
//! "Leading vs Lagging Indicators" table, and the demo's readings (dated
//! from today) that show each alert.
//!
//! Ids are fixed so adding the preset or the demo twice adds nothing twice.

use super::{Kind, NewMetric, NewReading};
use jiff::Span;
use jiff::civil::Date;

/// id, name, target, unit, kind. The seed classifies adoption, overall
/// time-to-production, self-service ratio and support ticket volume as
/// lagging, and developer NPS and time-to-first-deploy (onboarding) as
/// leading; it does not classify MTTR or reliability, which confirm past
/// events and are taken as lagging.
const PRESET: [(&str, &str, &str, &str, Kind); 8] = [
    (
        "3a597bff-60c0-4867-8d00-46bc86fa8b43",
        "Adoption rate",
        "> 80% of eligible teams",
        "",
        Kind::Lagging,
    ),
    (
        "6954d32b-119f-46ba-b209-be69c3364f48",
        "Time to production",
        "< 2 h new service, < 30 min change",
        "",
        Kind::Lagging,
    ),
    (
        "ee92723d-faae-49e0-bf48-00a470a78f32",
        "Developer satisfaction",
        "NPS > 40, satisfaction > 4/5",
        "",
        Kind::Leading,
    ),
    (
        "01de88a2-7b5a-46d0-86cd-99703c81fede",
        "MTTR",
        "< 1 h for platform issues",
        "",
        Kind::Lagging,
    ),
    (
        "9612f5b1-b464-4b99-8b61-ad918c716476",
        "Self-service ratio",
        "> 90% self-service",
        "",
        Kind::Lagging,
    ),
    (
        "553f6093-eb90-4469-8d17-e3df3da084b0",
        "Onboarding time",
        "< 3 days from laptop to first deploy",
        "",
        Kind::Leading,
    ),
    (
        "9c959bef-c05f-44c3-a3cf-1c8af568474b",
        "Platform reliability",
        "> 99.9% availability",
        "",
        Kind::Lagging,
    ),
    (
        "680cba33-61f3-41f4-923d-efd3dd9a14c0",
        "Support ticket volume",
        "decreasing month over month",
        "tickets",
        Kind::Lagging,
    ),
];

/// The eight metrics, each with its fixed id; cadence follows the seed:
/// leading weekly, lagging monthly.
pub fn preset() -> Vec<(&'static str, NewMetric)> {
    PRESET
        .iter()
        .filter_map(|&(id, name, target, unit, kind)| {
            Some((
                id,
                NewMetric::parse(name, target, Some(unit), Some(kind.name()), None).ok()?,
            ))
        })
        .collect()
}

/// A demo reading: metric index in the preset, part, value, how it is dated.
enum When {
    DaysAgo(i64),
    /// The 15th of the month `n` months back (today for this month).
    MonthsAgo(i32),
}

const READINGS: [(usize, &str, f64, When, &str); 30] = [
    // The war story's adoption 50% → 78%, then the question-4 figure, 90%.
    (
        0,
        "",
        50.0,
        When::DaysAgo(150),
        "before the product manager",
    ),
    (0, "", 62.0, When::DaysAgo(120), ""),
    (0, "", 71.0, When::DaysAgo(90), "changelog and champions"),
    (0, "", 78.0, When::DaysAgo(60), "six months in"),
    (0, "", 84.0, When::DaysAgo(30), ""),
    (
        0,
        "",
        90.0,
        When::DaysAgo(5),
        "mandated for every new service",
    ),
    (1, "new service", 6.0, When::DaysAgo(60), ""),
    (1, "new service", 3.0, When::DaysAgo(30), ""),
    (1, "new service", 1.5, When::DaysAgo(3), "service template"),
    (1, "change", 45.0, When::DaysAgo(60), ""),
    (1, "change", 35.0, When::DaysAgo(30), ""),
    (1, "change", 25.0, When::DaysAgo(3), "CI 18 → 6 min"),
    // NPS 12 → 48 as in the war story; satisfaction 2.5/5 as in question 4.
    (2, "NPS", 12.0, When::DaysAgo(25), "survey"),
    (2, "NPS", 30.0, When::DaysAgo(18), ""),
    (2, "NPS", 41.0, When::DaysAgo(11), ""),
    (2, "NPS", 48.0, When::DaysAgo(4), ""),
    (2, "satisfaction", 2.8, When::DaysAgo(11), ""),
    (
        2,
        "satisfaction",
        2.5,
        When::DaysAgo(4),
        "'we have no choice'",
    ),
    (3, "", 2.0, When::DaysAgo(40), ""),
    (3, "", 0.75, When::DaysAgo(10), "runbooks"),
    (4, "", 72.0, When::DaysAgo(45), ""),
    (4, "", 81.0, When::DaysAgo(14), "self-service databases"),
    // Rising (worse) three readings in a row: the leading alert.
    (5, "", 2.0, When::DaysAgo(24), ""),
    (5, "", 2.5, When::DaysAgo(17), ""),
    (5, "", 3.5, When::DaysAgo(10), "docs out of date"),
    (5, "", 4.0, When::DaysAgo(3), "laptop setup script broken"),
    // No reading for 50 days on a monthly metric: overdue.
    (6, "", 99.95, When::DaysAgo(80), ""),
    (6, "", 99.92, When::DaysAgo(50), ""),
    // Support tickets down 40%: 120 → 72, month over month.
    (7, "", 120.0, When::MonthsAgo(2), ""),
    (7, "", 72.0, When::MonthsAgo(0), "down 40%"),
];

/// The demo's readings dated from `today`: (reading id, metric id, reading).
pub fn demo_readings(today: Date) -> Vec<(String, &'static str, NewReading)> {
    READINGS
        .iter()
        .enumerate()
        .filter_map(|(i, (metric, part, value, when, note))| {
            let metric_id = PRESET.get(*metric)?.0;
            let date = match when {
                When::DaysAgo(days) => today.saturating_sub(Span::new().days(*days)),
                When::MonthsAgo(0) => today,
                When::MonthsAgo(months) => today
                    .first_of_month()
                    .saturating_sub(Span::new().months(*months))
                    .saturating_add(Span::new().days(14)),
            };
            // The last group of the metric's id, renumbered: fixed per reading.
            let id = format!("{}{:04x}", metric_id.get(..32)?, i + 1);
            Some((
                id,
                metric_id,
                NewReading {
                    part: (*part).to_string(),
                    value: *value,
                    date,
                    note: (*note).to_string(),
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preset_is_the_seeds_eight_metrics() {
        let p = preset();
        assert_eq!(p.len(), 8);
        let shown: Vec<String> = p
            .iter()
            .map(|(_, m)| {
                format!(
                    "{}: {} ({}, {})",
                    m.name,
                    m.target,
                    m.kind.name(),
                    m.cadence.name()
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "Adoption rate: > 80% of eligible teams (lagging, monthly)",
                "Time to production: < 2 h new service, < 30 min change (lagging, monthly)",
                "Developer satisfaction: > 40 NPS, > 4/5 satisfaction (leading, weekly)",
                "MTTR: < 1 h platform issues (lagging, monthly)",
                "Self-service ratio: > 90% self-service (lagging, monthly)",
                "Onboarding time: < 3 days from laptop to first deploy (leading, weekly)",
                "Platform reliability: > 99.9% availability (lagging, monthly)",
                "Support ticket volume: decreasing month over month (lagging, monthly)",
            ]
        );
    }

    #[test]
    fn every_demo_reading_fits_its_metric() {
        let today = jiff::civil::date(2026, 11, 26);
        let readings = demo_readings(today);
        assert_eq!(readings.len(), READINGS.len());
        for (_, metric_id, r) in &readings {
            let (_, m) = preset()
                .into_iter()
                .find(|(id, _)| id == metric_id)
                .unwrap();
            assert!(
                m.target.part_labels().contains(&r.part.as_str()),
                "{}",
                r.part
            );
            assert!(r.date <= today);
        }
    }
}
