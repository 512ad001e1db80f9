//! Status, baseline → latest and alerts on the seed's own figures.

use super::alerts::{AlertKind, alerts, is_feature_count};
use super::*;
use jiff::civil::date;

fn metric(name: &str, target: &str, kind: Kind, cadence: Cadence) -> Metric {
    let new =
        NewMetric::parse(name, target, None, Some(kind.name()), Some(cadence.name())).unwrap();
    Metric {
        id: format!("id-{name}"),
        name: new.name,
        unit: new.unit,
        direction: new.target.direction(),
        target: new.target,
        kind: new.kind,
        cadence: new.cadence,
        created_on: date(2026, 1, 1),
        created_at: "2026-01-01T00:00:00.000000Z".into(),
        updated_at: "2026-01-01T00:00:00.000000Z".into(),
    }
}

fn readings(m: &Metric, part: &str, values: &[(Date, f64)]) -> Vec<Reading> {
    values
        .iter()
        .enumerate()
        .map(|(i, &(d, v))| Reading {
            id: format!("{}-{part}-{i}", m.id),
            metric_id: m.id.clone(),
            part: part.into(),
            value: v,
            date: d,
            note: String::new(),
        })
        .collect()
}

const TODAY: Date = date(2026, 11, 26);

#[test]
fn war_story_baseline_to_latest() {
    let adoption = metric("Adoption rate", "> 80%", Kind::Lagging, Cadence::Monthly);
    let r = readings(
        &adoption,
        "",
        &[(date(2026, 5, 1), 50.0), (date(2026, 11, 1), 78.0)],
    );
    let e = evaluate(&adoption, &r, TODAY);
    let part = &e.parts[0];
    assert_eq!(part.baseline().unwrap().value, 50.0);
    assert_eq!(part.latest().unwrap().value, 78.0);
    assert_eq!(adoption.show_value("", 78.0), "78%");
    // 78% is not yet above 80%.
    assert_eq!(e.status, Status::OffTarget);

    let ci = metric(
        "CI pipeline time",
        "< 5 min",
        Kind::Leading,
        Cadence::Weekly,
    );
    let r = readings(
        &ci,
        "",
        &[(date(2026, 5, 1), 18.0), (date(2026, 11, 20), 6.0)],
    );
    let e = evaluate(&ci, &r, TODAY);
    assert_eq!(e.status, Status::OffTarget);
    assert_eq!(ci.show_value("", 6.0), "6 min");

    let nps = metric("Developer NPS", "> 40", Kind::Leading, Cadence::Monthly);
    let r = readings(
        &nps,
        "",
        &[(date(2026, 5, 1), 12.0), (date(2026, 11, 1), 48.0)],
    );
    let e = evaluate(&nps, &r, TODAY);
    assert_eq!(e.status, Status::OnTarget);
    assert_eq!(
        (
            e.parts[0].baseline().unwrap().value,
            e.parts[0].latest().unwrap().value
        ),
        (12.0, 48.0)
    );

    let tickets = metric(
        "Support ticket volume",
        "decreasing month over month",
        Kind::Lagging,
        Cadence::Monthly,
    );
    let r = readings(
        &tickets,
        "",
        &[(date(2026, 5, 10), 120.0), (date(2026, 11, 10), 72.0)],
    );
    let e = evaluate(&tickets, &r, TODAY);
    assert_eq!(e.status, Status::OnTarget);
    assert_eq!(change_percent(&e.parts[0]).map(|c| c.round()), Some(-40.0));
}

#[test]
fn question_four_is_a_captive_audience() {
    let adoption = metric("Adoption rate", "> 80%", Kind::Lagging, Cadence::Monthly);
    let satisfaction = metric(
        "Developer satisfaction",
        ">= 4/5",
        Kind::Leading,
        Cadence::Weekly,
    );
    let mut all = readings(&adoption, "", &[(date(2026, 11, 20), 90.0)]);
    all.extend(readings(&satisfaction, "", &[(date(2026, 11, 24), 2.5)]));
    let ea = evaluate(&adoption, &all, TODAY);
    let es = evaluate(&satisfaction, &all, TODAY);
    assert_eq!(ea.status, Status::OnTarget);
    assert_eq!(es.status, Status::OffTarget);
    let found = alerts(&[(&adoption, &ea), (&satisfaction, &es)]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, AlertKind::CaptiveAudience);
    assert!(found[0].message.contains("90%"), "{}", found[0].message);
    assert!(found[0].message.contains("2.5/5"), "{}", found[0].message);

    // Satisfaction back on target: the alert clears.
    all.extend(readings(&satisfaction, "", &[(date(2026, 11, 25), 4.2)]));
    let es = evaluate(&satisfaction, &all, TODAY);
    assert!(alerts(&[(&adoption, &ea), (&satisfaction, &es)]).is_empty());
}

#[test]
fn a_pair_labelled_nps_and_satisfaction_alerts_on_the_part_below_target() {
    let adoption = metric("Adoption rate", "> 80%", Kind::Lagging, Cadence::Monthly);
    let sat = metric(
        "Developer satisfaction",
        "NPS > 40, satisfaction > 4/5",
        Kind::Leading,
        Cadence::Weekly,
    );
    let mut all = readings(&adoption, "", &[(date(2026, 11, 20), 90.0)]);
    all.extend(readings(&sat, "NPS", &[(date(2026, 11, 24), 48.0)]));
    all.extend(readings(&sat, "satisfaction", &[(date(2026, 11, 24), 2.5)]));
    let ea = evaluate(&adoption, &all, TODAY);
    let es = evaluate(&sat, &all, TODAY);
    assert_eq!(es.status, Status::OffTarget);
    let found = alerts(&[(&adoption, &ea), (&sat, &es)]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].message.contains("(satisfaction) 2.5/5"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_pair_is_on_target_only_when_both_parts_are() {
    let ttp = metric(
        "Time to production",
        "< 2 h new service, < 30 min change",
        Kind::Lagging,
        Cadence::Monthly,
    );
    let mut r = readings(&ttp, "new service", &[(date(2026, 11, 20), 1.5)]);
    assert_eq!(evaluate(&ttp, &r, TODAY).status, Status::NoReading);
    r.extend(readings(&ttp, "change", &[(date(2026, 11, 20), 45.0)]));
    assert_eq!(evaluate(&ttp, &r, TODAY).status, Status::OffTarget);
    r.extend(readings(&ttp, "change", &[(date(2026, 11, 21), 25.0)]));
    assert_eq!(evaluate(&ttp, &r, TODAY).status, Status::OnTarget);
}

#[test]
fn a_leading_indicator_falling_three_readings_in_a_row() {
    let nps = metric("Developer NPS", "> 40", Kind::Leading, Cadence::Weekly);
    let days = [
        date(2026, 11, 1),
        date(2026, 11, 8),
        date(2026, 11, 15),
        date(2026, 11, 22),
    ];
    let falling = readings(
        &nps,
        "",
        &days
            .iter()
            .copied()
            .zip([48.0, 45.0, 41.0, 38.0])
            .collect::<Vec<_>>(),
    );
    let e = evaluate(&nps, &falling, TODAY);
    let found = alerts(&[(&nps, &e)]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, AlertKind::LeadingFalling);
    assert!(
        found[0].message.contains("48 → 45 → 41 → 38"),
        "{}",
        found[0].message
    );

    // Two drops are not yet a trend.
    let two = readings(
        &nps,
        "",
        &days
            .iter()
            .copied()
            .zip([40.0, 48.0, 45.0, 41.0])
            .collect::<Vec<_>>(),
    );
    assert!(alerts(&[(&nps, &evaluate(&nps, &two, TODAY))]).is_empty());

    // Lower is better: rising onboarding time is the wrong way.
    let onboarding = metric(
        "Onboarding time",
        "< 3 days",
        Kind::Leading,
        Cadence::Weekly,
    );
    let rising = readings(
        &onboarding,
        "",
        &days
            .iter()
            .copied()
            .zip([2.0, 2.5, 3.5, 4.0])
            .collect::<Vec<_>>(),
    );
    let found = alerts(&[(&onboarding, &evaluate(&onboarding, &rising, TODAY))]);
    assert!(
        found[0].message.contains("rose 3 readings"),
        "{}",
        found[0].message
    );

    // A lagging indicator falling is not this alert.
    let lagging = metric("Adoption rate", "> 80%", Kind::Lagging, Cadence::Monthly);
    let r = readings(
        &lagging,
        "",
        &days
            .iter()
            .copied()
            .zip([90.0, 88.0, 86.0, 84.0])
            .collect::<Vec<_>>(),
    );
    assert!(alerts(&[(&lagging, &evaluate(&lagging, &r, TODAY))]).is_empty());
}

#[test]
fn overdue_follows_the_cadence() {
    let weekly = metric("Docs page views", "> 100", Kind::Leading, Cadence::Weekly);
    let r = readings(&weekly, "", &[(date(2026, 11, 19), 120.0)]);
    assert_eq!(evaluate(&weekly, &r, date(2026, 11, 26)).overdue_days, None);
    assert_eq!(
        evaluate(&weekly, &r, date(2026, 11, 27)).overdue_days,
        Some(1)
    );
    let quarterly = metric("Survey NPS", "> 40", Kind::Lagging, Cadence::Quarterly);
    let r = readings(&quarterly, "", &[(date(2026, 8, 31), 45.0)]);
    let e = evaluate(&quarterly, &r, TODAY);
    assert_eq!(e.due, date(2026, 11, 30));
    assert_eq!(e.overdue_days, None);
    // Never read: due one period after it was added.
    let e = evaluate(&quarterly, &[], TODAY);
    assert_eq!(e.status, Status::NoReading);
    assert_eq!(e.due, date(2026, 4, 1));
    let found = alerts(&[(&quarterly, &e)]);
    assert_eq!(found[0].kind, AlertKind::Overdue);
    assert!(
        found[0].message.contains("no reading yet"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_trend_needs_two_periods_and_compares_the_last_two() {
    let tickets = metric(
        "Tickets",
        "decreasing month over month",
        Kind::Lagging,
        Cadence::Monthly,
    );
    let r = readings(
        &tickets,
        "",
        &[(date(2026, 11, 2), 80.0), (date(2026, 11, 20), 70.0)],
    );
    assert_eq!(evaluate(&tickets, &r, TODAY).status, Status::TooFew);
    let r = readings(
        &tickets,
        "",
        &[
            (date(2026, 10, 2), 60.0),
            (date(2026, 11, 2), 80.0),
            (date(2026, 11, 20), 70.0),
        ],
    );
    // November ends at 70, October at 60: not decreasing.
    assert_eq!(evaluate(&tickets, &r, TODAY).status, Status::OffTarget);
}

#[test]
fn readings_parse_in_the_parts_unit() {
    let ttp = metric(
        "Time to production",
        "< 2 h new service, < 30 min change",
        Kind::Lagging,
        Cadence::Monthly,
    );
    let r = NewReading::parse(&ttp, "1.5 h", None, None, Some("change"), TODAY).unwrap();
    assert_eq!((r.part.as_str(), r.value, r.date), ("change", 90.0, TODAY));
    let err = NewReading::parse(&ttp, "12", None, None, None, TODAY).unwrap_err();
    assert_eq!(err.field, "part");
    let sat = metric("Satisfaction", ">= 4/5", Kind::Leading, Cadence::Weekly);
    assert_eq!(
        NewReading::parse(&sat, "2.5", None, None, None, TODAY)
            .unwrap()
            .value,
        2.5
    );
    assert_eq!(
        NewReading::parse(&sat, "6", None, None, None, TODAY)
            .unwrap_err()
            .field,
        "value"
    );
    let err = NewReading::parse(&sat, "4", Some("2026-11-27"), None, None, TODAY).unwrap_err();
    assert_eq!(err.field, "date");
    let err = NewReading::parse(&sat, "4", Some("27/11/2026"), None, None, TODAY).unwrap_err();
    assert!(err.message.contains("YYYY-MM-DD"), "{err}");
    let err = NewReading::parse(&sat, "four\u{1b}", None, None, None, TODAY).unwrap_err();
    assert!(!err.to_string().contains('\u{1b}'));
    let adoption = metric("Adoption", "> 80%", Kind::Lagging, Cadence::Monthly);
    assert_eq!(
        NewReading::parse(&adoption, "78%", None, None, None, TODAY)
            .unwrap()
            .value,
        78.0
    );
    assert!(NewReading::parse(&adoption, "120", None, None, None, TODAY).is_err());
}

#[test]
fn a_unit_that_contradicts_the_target_is_refused() {
    assert!(NewMetric::parse("MTTR", "< 1 h", Some("hours"), None, None).is_ok());
    let err = NewMetric::parse("MTTR", "< 1 h", Some("days"), None, None).unwrap_err();
    assert_eq!(err.field, "unit");
    let m = NewMetric::parse("NPS", "> 40", Some("NPS"), None, None).unwrap();
    assert_eq!(m.unit, "NPS");
    assert_eq!(m.kind, Kind::Lagging);
    assert_eq!(m.cadence, Cadence::Monthly);
    let lead = NewMetric::parse("Docs views", "> 100", None, Some("leading"), None).unwrap();
    assert_eq!(lead.cadence, Cadence::Weekly);
    assert_eq!(
        NewMetric::parse("x", "> 1", None, Some("lead"), None)
            .unwrap_err()
            .field,
        "kind"
    );
    assert_eq!(
        NewMetric::parse("", "> 1", None, None, None)
            .unwrap_err()
            .field,
        "name"
    );
}

#[test]
fn feature_counts_are_recognised() {
    for name in [
        "Features shipped",
        "Number of features deployed",
        "feature count",
        "Tickets closed",
    ] {
        assert!(is_feature_count(name), "{name}");
    }
    for name in [
        "Feature usage within first week",
        "Adoption rate",
        "Support ticket volume",
    ] {
        assert!(!is_feature_count(name), "{name}");
    }
}

#[test]
fn names_keep_every_character_and_control_characters_are_refused() {
    // An RTL name keeps its mark; output is what sanitizes it.
    let rtl = NewMetric::parse("\u{200f}זמן לפריסה", "> 1", None, None, None).unwrap();
    assert_eq!(rtl.name, "\u{200f}זמן לפריסה");
    // A pasted line break is a space, as any whitespace.
    let pasted = NewMetric::parse("Time to\r\nproduction", "> 1", None, None, None).unwrap();
    assert_eq!(pasted.name, "Time to production");
    let err = NewMetric::parse("Evil\u{1b}[2J", "> 1", None, None, None).unwrap_err();
    assert_eq!(err.field, "name");
    assert!(err.message.contains("control characters"), "{err}");
    let err = NewMetric::parse("NPS", "> 40", Some("N\u{7}PS"), None, None).unwrap_err();
    assert_eq!(err.field, "unit");
    let err = NewMetric::parse("NPS", "> 40", Some("\u{202e}SPN"), None, None).unwrap_err();
    assert_eq!(err.field, "unit");
    let folded = NewMetric::parse("NPS", "> 40", Some(" N\tP S "), None, None).unwrap();
    assert_eq!(folded.unit, "N P S");
    let nps = metric("NPS", "> 40", Kind::Lagging, Cadence::Monthly);
    let err = NewReading::parse(&nps, "41", None, Some("ok\u{1b}]0;x"), None, TODAY);
    assert_eq!(err.unwrap_err().field, "note");
}

#[test]
fn a_value_out_of_reach_names_the_allowed_range() {
    for (unit, free, range) in [
        (Unit::Hours, "", "in h from 0 to 1,000,000,000,000"),
        (Unit::Percent, "", "in % from 0 to 100"),
        (Unit::OutOf(5), "", "from 0 to 5"),
        (
            Unit::None,
            "NPS",
            "in NPS from -1,000,000,000,000 to 1,000,000,000,000",
        ),
    ] {
        for text in ["1e308", "99999999999999999999", "high"] {
            let err = parse_value(text, unit, free).unwrap_err();
            assert_eq!(err.field, "value");
            assert!(err.message.contains(range), "{unit:?}: {}", err.message);
        }
    }
}
