//! `fieldkit metric …` and `fieldkit cadence` against temp databases.

use super::TempDb;
use predicates::prelude::*;
use serde_json::Value;

fn json(db: &TempDb, args: &[&str]) -> Value {
    serde_json::from_str(&db.ok(args)).unwrap()
}

fn demo() -> TempDb {
    let db = TempDb::new();
    db.ok(&["demo"]);
    db
}

#[test]
fn demo_adds_the_seeds_eight_metrics_once_with_every_alert() {
    let db = TempDb::new();
    let first = db.ok(&["demo"]);
    assert!(
        first.contains("Loaded 8 of the seed's 8 metrics with 30 readings"),
        "{first}"
    );
    let second = db.ok(&["demo"]);
    assert!(
        second.contains("Loaded 0 of the seed's 8 metrics with 0 readings"),
        "{second}"
    );

    let list = json(&db, &["metric", "list", "--format", "json"]);
    let metrics = list["metrics"].as_array().unwrap();
    assert_eq!(metrics.len(), 8);
    let adoption = &metrics[0];
    assert_eq!(adoption["name"], "Adoption rate");
    assert_eq!(adoption["kind"], "lagging");
    assert_eq!(adoption["status"], "on_target");
    // The war story's baseline, the knowledge check's latest: numbers as numbers.
    assert_eq!(adoption["parts"][0]["baseline"]["value"], 50.0);
    assert_eq!(adoption["parts"][0]["latest"]["value"], 90.0);
    let nps = &metrics[2]["parts"][0];
    assert_eq!(
        (nps["label"].as_str(), nps["baseline"]["value"].as_f64()),
        (Some("NPS"), Some(12.0))
    );
    assert_eq!(nps["latest"]["value"], 48.0);
    let tickets = &metrics[7]["parts"][0];
    assert_eq!(tickets["change_percent"], -40.0);

    let kinds: Vec<&str> = list["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["captive_audience", "leading_falling", "overdue"]);
    let text = db.ok(&["metric", "list"]);
    let alerts_at = text.find("Alerts:").expect("alerts follow the table");
    assert!(text[..alerts_at].contains("Time to production"), "{text}");
    assert!(
        text[alerts_at..].contains("2.5/5 is below target"),
        "{text}"
    );
    assert!(!text.contains("NaN") && !text.contains("null"), "{text}");
}

#[test]
fn a_reading_clears_the_captive_audience() {
    let db = demo();
    let out = db.ok(&[
        "metric",
        "record",
        "developer sat",
        "4.3",
        "--part",
        "satisfaction",
    ]);
    assert!(
        out.contains("Developer satisfaction (satisfaction): 4.3/5 on"),
        "{out}"
    );
    let list = json(&db, &["metric", "list", "--format", "json"]);
    let kinds: Vec<&str> = list["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["leading_falling", "overdue"]);
}

#[test]
fn add_record_show() {
    let db = TempDb::new();
    let id = db.ok(&[
        "metric",
        "add",
        "CI pipeline time",
        "--target",
        "< 5 min",
        "--kind",
        "leading",
    ]);
    assert_eq!(id.trim().len(), 36, "the id alone: {id}");
    db.ok(&[
        "metric",
        "record",
        "ci pipeline time",
        "18",
        "--date",
        "2026-05-01",
    ]);
    let out = db.ok(&["metric", "record", "CI", "6 min", "--note", "caching"]);
    assert!(
        out.contains("off target (< 5 min), 18 min → 6 min"),
        "{out}"
    );
    // The same day again corrects the reading.
    let out = db.ok(&["metric", "record", "CI", "0.075 h"]);
    assert!(
        out.contains("4.5 min on") && out.contains("replacing 6 min"),
        "{out}"
    );
    let show = json(&db, &["metric", "show", "CI", "--format", "json"]);
    assert_eq!(show["readings"].as_array().unwrap().len(), 2);
    assert_eq!(show["status"], "on_target");
    assert_eq!(show["cadence"], "weekly");
    let md = db.ok(&["metric", "show", "CI"]);
    assert!(md.starts_with("# CI pipeline time\n"), "{md}");
    assert!(md.contains("| 2026-05-01 | 18 min |  |"), "{md}");
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let db = TempDb::new();
    db.ok(&["metric", "add", "Adoption rate", "--target", "> 80%"]);
    let before = db.bytes();
    for (args, expect) in [
        (
            vec!["metric", "add", "X", "--target", "fast"],
            "target: must be a threshold like '> 80'",
        ),
        (
            vec!["metric", "add", "X", "--target", "> 80", "--kind", "lead"],
            "kind: must be leading or lagging",
        ),
        (
            vec![
                "metric",
                "add",
                "X",
                "--target",
                "> 80",
                "--cadence",
                "daily",
            ],
            "cadence: must be weekly, monthly or quarterly",
        ),
        (
            vec!["metric", "add", "adoption RATE", "--target", "> 80"],
            "already exists",
        ),
        (
            vec!["metric", "record", "Adoption rate", "120"],
            "a percent must be from 0 to 100",
        ),
        (
            vec!["metric", "record", "Adoption rate", "high"],
            "value: must be a number in %",
        ),
        (
            vec![
                "metric",
                "record",
                "Adoption rate",
                "80",
                "--date",
                "2999-01-01",
            ],
            "date: must not be after today",
        ),
        (
            vec![
                "metric",
                "record",
                "Adoption rate",
                "80",
                "--date",
                "01/02/2026",
            ],
            "date: must be a date as YYYY-MM-DD",
        ),
        (
            vec!["metric", "record", "Nope", "80"],
            "no metric is named 'Nope'",
        ),
        (
            vec!["cadence", "--set-teams", "0"],
            "teams: must be a whole number from 1 to 1000",
        ),
    ] {
        db.cmd(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(expect));
    }
    assert!(db.bytes() == before, "a refused command wrote nothing");
}

#[test]
fn a_pair_needs_the_part() {
    let db = TempDb::new();
    db.ok(&[
        "metric",
        "add",
        "Time to production",
        "--target",
        "< 2 h new service, < 30 min change",
    ]);
    db.cmd(&["metric", "record", "Time", "25"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("new service or change"));
    let out = db.ok(&["metric", "record", "Time", "25", "--part", "change"]);
    assert!(out.contains("(change): 25 min"), "{out}");
    assert!(
        out.contains("new service: no reading (< 2 h); change: on target (< 30 min)"),
        "{out}"
    );
}

#[test]
fn readings_pasted_as_csv_are_all_or_nothing() {
    let db = TempDb::new();
    db.ok(&[
        "metric",
        "add",
        "Support tickets",
        "--target",
        "decreasing month over month",
        "--unit",
        "tickets",
    ]);
    db.cmd(&["metric", "record", "Support tickets", "-"])
        .write_stdin("date,value,note\n2026-05-15,120,\n2026-06-15,twelve,\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 3, column 2: value"));
    db.cmd(&["metric", "record", "Support tickets", "-"])
        .write_stdin("2026-05-15,120\n2026-05-15,110\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 2, column 1: date"));
    let show = json(
        &db,
        &["metric", "show", "Support tickets", "--format", "json"],
    );
    assert_eq!(
        show["readings"].as_array().unwrap().len(),
        0,
        "nothing written"
    );

    let out = db
        .cmd(&["metric", "record", "Support tickets", "-"])
        .write_stdin(
            "value,date,note\n120,2026-05-15,before\r\n72,2026-10-15,\"after, 40% fewer\"\n",
        )
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("on target (decreasing month over month), 120 tickets → 72 tickets (-40%)"),
        "{out}"
    );
    let show = json(
        &db,
        &["metric", "show", "Support tickets", "--format", "json"],
    );
    assert_eq!(show["readings"][1]["note"], "after, 40% fewer");
}

#[test]
fn a_feature_count_is_warned_about_not_refused() {
    let db = TempDb::new();
    db.cmd(&["metric", "add", "Features shipped", "--target", "> 20"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Features are output. Adoption is outcome.",
        ));
    db.cmd(&["metric", "add", "Adoption rate", "--target", "> 80%"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn delete_asks_and_can_be_undone() {
    let db = demo();
    let count = |db: &TempDb| {
        json(db, &["metric", "list", "--format", "json"])["metrics"]
            .as_array()
            .unwrap()
            .len()
    };
    // No terminal to ask on: refused, nothing deleted.
    db.cmd(&["metric", "delete", "MTTR"])
        .write_stdin("y\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("add --yes"));
    assert_eq!(count(&db), 8);
    let out = db.ok(&["metric", "delete", "MTTR", "--yes"]);
    assert!(out.contains("2 readings kept with it"), "{out}");
    assert_eq!(count(&db), 7);
    db.ok(&["metric", "undelete", "mttr"]);
    let show = json(&db, &["metric", "show", "MTTR", "--format", "json"]);
    assert_eq!(
        show["readings"].as_array().unwrap().len(),
        2,
        "readings came back too"
    );
    db.ok(&["metric", "delete", "MTTR", "--yes"]);
    // The name is free again.
    db.ok(&["metric", "add", "MTTR", "--target", "< 30 min"]);
}

#[test]
fn cadence_counts_the_demo_and_its_targets_are_editable() {
    let db = demo();
    let c = json(&db, &["cadence", "--format", "json"]);
    assert_eq!(
        c["teams_shadowed"],
        serde_json::json!(["Payments", "Checkout"])
    );
    assert_eq!(c["teams_shadowed_count"], 2);
    assert_eq!(c["interviews_this_month"], 3);
    assert_eq!(c["targets"]["teams_per_quarter"], 3);
    assert_eq!(c["targets"]["interviews_per_month"], 5);
    let silent: Vec<&str> = c["not_heard_from"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["team"].as_str().unwrap())
        .collect();
    assert_eq!(silent, ["Data", "Search"]);
    let text = db.ok(&["cadence", "--set-teams", "2", "--set-interviews", "3"]);
    assert!(
        text.contains("2 of 2, on target: Payments, Checkout"),
        "{text}"
    );
    assert!(text.contains("3 of 3, on target"), "{text}");
    let c = json(&db, &["cadence", "--format", "json"]);
    assert_eq!(c["targets"]["teams_per_quarter"], 2);
}

#[test]
fn control_characters_are_refused_by_field_and_never_reach_the_terminal() {
    let db = TempDb::new();
    // Control characters are refused, naming the field, never dropped
    // silently; the echo shows them escaped; nothing is written.
    for (args, field) in [
        (
            vec!["metric", "add", "Evil\u{1b}[2J name", "--target", "> 1"],
            "name",
        ),
        (
            vec![
                "metric",
                "add",
                "Evil",
                "--target",
                "> 1 \u{1b}]0;x\u{7}label",
            ],
            "target",
        ),
        (
            vec![
                "metric", "add", "Evil", "--target", "> 1", "--unit", "x\u{7}",
            ],
            "unit",
        ),
    ] {
        db.cmd(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(field))
            .stderr(predicate::str::contains('\u{1b}').not())
            .stderr(predicate::str::contains('\u{7}').not());
    }
    assert!(
        db.ok(&["metric", "list"]).contains("No metrics"),
        "nothing written"
    );
    // A bidi mark is the user's text: kept, and shown escaped.
    db.ok(&["metric", "add", "Evil \u{202e}name", "--target", "> 1"]);
    db.cmd(&[
        "metric",
        "record",
        "Evil",
        "2",
        "--note",
        "bad\u{1b}[31m note",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("note"));
    db.ok(&["metric", "record", "Evil", "2", "--note", "fine"]);
    for args in [
        vec!["metric", "list"],
        vec!["metric", "list", "--format", "md"],
        vec!["metric", "show", "Evil"],
    ] {
        let out = db.ok(&args);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202e}') && out.contains("\\u{202e}"),
            "{args:?}: {out:?}"
        );
    }
    let json = db.ok(&["metric", "list", "--format", "json"]);
    assert!(json.contains("Evil \\u202ename"), "{json}");
    db.cmd(&["metric", "record", "Evil", "x\u{1b}[2J"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains('\u{1b}').not());
}

#[test]
fn a_reading_recorded_by_mistake_can_be_removed() {
    let db = TempDb::new();
    db.ok(&["metric", "add", "Adoption rate", "--target", "> 80%"]);
    db.ok(&[
        "metric",
        "record",
        "Adoption rate",
        "50",
        "--date",
        "2026-05-01",
    ]);
    db.ok(&[
        "metric",
        "record",
        "Adoption rate",
        "87",
        "--date",
        "2026-06-01",
    ]);
    let out = db.ok(&[
        "metric",
        "unrecord",
        "Adoption rate",
        "--date",
        "2026-06-01",
    ]);
    assert!(
        out.contains("Removed 87% on 2026-06-01")
            && out.contains("metric record 'Adoption rate' 87 --date 2026-06-01"),
        "{out}"
    );
    let show = json(
        &db,
        &["metric", "show", "Adoption rate", "--format", "json"],
    );
    assert_eq!(show["readings"].as_array().unwrap().len(), 1);
    db.cmd(&[
        "metric",
        "unrecord",
        "Adoption rate",
        "--date",
        "2026-06-01",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("has no reading on 2026-06-01"));
}
