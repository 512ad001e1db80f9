//! Golden output of every `… list --deleted` (backlog, shadow, interview,
//! synthesis, script, metric) in each of its formats, over deleted records
//! that exercise the columns: wide CJK titles, text the terminal must not
//! get raw, formula-like cells, tracker links, two deletions in the same
//! instant. Written while the lists still collected every row, so the
//! streamed lists keep their bytes.

use super::list_golden::{at, fixture, stable};
use crate::cli::{Cli, Command};
use crate::domain::script::Script;
use crate::domain::time::{FakeClock, local_minute};
use crate::formats::csv::BacklogRows;
use crate::store::Store;
use clap::Parser;
use jiff::tz::TimeZone;
use std::rc::Rc;

/// The backlog items, with fixed ids: one kept, the rest deleted below.
const ITEMS: &str = "\
id,title,reach,impact,confidence,effort,lane,tags,description,kill_reason,key,url,source\n\
a1000000-0000-4000-8000-000000000001,Cache builds,10,1,50,1,next,ci speed,,,OPS-12,https://example.test/browse/OPS-12,research\n\
b2000000-0000-4000-8000-000000000002,数据库迁移工具,1200,3,80,2.5,now,数据 db,\"line one\nline two\",,,,\n\
c3000000-0000-4000-8000-000000000003,=SUM(A1) \u{202e}flip,0.5,0.25,100,0.25,killed,,,\"not \u{202e}worth it\",,,users\n\
d4000000-0000-4000-8000-000000000004,Same instant,3,2,50,1,later,,,,,,\n\
e5000000-0000-4000-8000-000000000005,Kept,1,1,50,1,inbox,,,,,,\n";

/// Runs a command line on the store, as `fieldkit` would at `clock`'s time.
fn run(store: &mut Store, clock: &Rc<FakeClock>, args: &[&str]) -> String {
    let cli = Cli::try_parse_from(std::iter::once("fieldkit").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("{args:?}: {e}"));
    let mut out = Vec::new();
    let clock: &dyn crate::domain::time::Clock = clock;
    match cli.command.as_ref().expect("a command") {
        Command::Backlog(sub) => super::backlog::run(store, clock, sub, &mut out),
        Command::Shadow(sub) => super::shadow::run(store, clock, sub, &mut out),
        Command::Interview(sub) => super::interview::run(store, clock, sub, &mut out),
        Command::Script(sub) => super::interview::run_script(store, clock, sub, &mut out),
        Command::Synthesis(sub) => super::synthesis::run(store, clock, sub, &mut out),
        Command::Metric(sub) => super::metric::run(store, clock, sub, &mut out),
        other => panic!("not listed here: {other:?}"),
    }
    .unwrap_or_else(|e| panic!("{args:?}: {e:?}"));
    String::from_utf8(out).unwrap()
}

/// The fixture of the list commands' golden test, and more deleted records
/// of every kind; the ids to make stable, and every deletion time.
fn deleted_fixture() -> (Store, Vec<String>, Vec<jiff::Timestamp>) {
    let (mut s, mut ids) = fixture();
    // The fixture's own deletions: a session, an interview, a synthesis.
    let mut deleted = vec![at(132), at(451), at(651)];
    let clock = FakeClock::at(at(700));
    s.import_rows(BacklogRows::new(ITEMS.as_bytes()).unwrap(), at(700))
        .unwrap();
    for (id, minutes) in [
        ("a1000000-0000-4000-8000-000000000001", 710),
        ("b2000000-0000-4000-8000-000000000002", 720),
        ("c3000000-0000-4000-8000-000000000003", 730),
        ("d4000000-0000-4000-8000-000000000004", 730),
    ] {
        s.delete_item(id, at(minutes)).unwrap();
        deleted.push(at(minutes));
    }

    // Two more sessions deleted, one with a long participant name (started
    // near noon UTC: the same date in any zone).
    for (who, minutes) in [("Alexandria Ocasio-Long", 740), ("Bo", 745)] {
        let new = crate::domain::shadow::NewSession::parse(who, "long workflow", "", "").unwrap();
        let session = s.create_session(&new, at(minutes - 700)).unwrap();
        ids.push(session.id.clone());
        s.delete_session(&session.id, at(minutes)).unwrap();
        deleted.push(at(minutes));
    }

    // A script deleted (the default one stays).
    let source = "name = \"Short check 数据\"\n[[phases]]\nname = \"Opening\"\nminutes = 5\n\
                  questions = [\"How did your last deploy go?\"]\n";
    let script = Script::parse(source).unwrap();
    s.save_script(&script, source, false, at(750)).unwrap();
    clock.jump_wall(60.0 * 60.0);
    run(
        &mut s,
        &clock,
        &["script", "delete", "Short check 数据", "--yes"],
    );
    deleted.push(at(760));

    // Metrics: one with a reading, one without, deleted in turn.
    run(
        &mut s,
        &clock,
        &["metric", "add", "Adoption", "--target", "> 80%"],
    );
    run(
        &mut s,
        &clock,
        &["metric", "add", "Lead time 数据", "--target", "< 2"],
    );
    run(
        &mut s,
        &clock,
        &["metric", "add", "Kept", "--target", "> 1"],
    );
    run(
        &mut s,
        &clock,
        &["metric", "record", "Adoption", "61", "--date", "2026-11-19"],
    );
    clock.jump_wall(60.0);
    run(&mut s, &clock, &["metric", "delete", "Adoption", "--yes"]);
    deleted.push(at(761));
    clock.jump_wall(60.0);
    run(
        &mut s,
        &clock,
        &["metric", "delete", "Lead time 数据", "--yes"],
    );
    deleted.push(at(762));
    (s, ids, deleted)
}

#[test]
fn list_deleted_prints_the_same_bytes_in_every_format() {
    let (mut s, ids, deleted) = deleted_fixture();
    let clock = FakeClock::at(at(800));
    // A deletion's local minute, as shown in UTC: the same in any zone.
    let zoned = |text: String| {
        deleted.iter().fold(stable(&text, &ids), |text, t| {
            let utc = crate::domain::time::utc_string(*t);
            text.replace(
                &local_minute(&utc, &TimeZone::system()),
                &local_minute(&utc, &TimeZone::UTC),
            )
        })
    };
    let lists: [(&str, &[&str]); 17] = [
        ("backlog_table", &["backlog", "list", "--deleted"]),
        (
            "backlog_csv",
            &["backlog", "list", "--deleted", "--format", "csv"],
        ),
        (
            "backlog_json",
            &["backlog", "list", "--deleted", "--format", "json"],
        ),
        (
            "backlog_md",
            &["backlog", "list", "--deleted", "--format", "md"],
        ),
        (
            "backlog_lanes_table",
            &[
                "backlog",
                "list",
                "--deleted",
                "--lane",
                "now",
                "--lane",
                "killed",
            ],
        ),
        (
            "backlog_lane_csv",
            &[
                "backlog",
                "list",
                "--deleted",
                "--lane",
                "later",
                "--format",
                "csv",
            ],
        ),
        ("shadow_table", &["shadow", "list", "--deleted"]),
        (
            "shadow_json",
            &["shadow", "list", "--deleted", "--format", "json"],
        ),
        ("interview_table", &["interview", "list", "--deleted"]),
        (
            "interview_json",
            &["interview", "list", "--deleted", "--format", "json"],
        ),
        ("synthesis_table", &["synthesis", "list", "--deleted"]),
        (
            "synthesis_json",
            &["synthesis", "list", "--deleted", "--format", "json"],
        ),
        ("script_table", &["script", "list", "--deleted"]),
        ("metric_table", &["metric", "list", "--deleted"]),
        (
            "metric_json",
            &["metric", "list", "--deleted", "--format", "json"],
        ),
        (
            "metric_md",
            &["metric", "list", "--deleted", "--format", "md"],
        ),
        (
            "backlog_none_in_lane",
            &["backlog", "list", "--deleted", "--lane", "inbox"],
        ),
    ];
    for (name, args) in lists {
        insta::assert_snapshot!(format!("deleted_{name}"), zoned(run(&mut s, &clock, args)));
    }
}

#[test]
fn empty_deleted_lists_say_so() {
    let mut s = Store::open_in_memory().unwrap();
    let clock = FakeClock::at(at(0));
    let mut out = String::new();
    for noun in [
        "backlog",
        "shadow",
        "interview",
        "synthesis",
        "script",
        "metric",
    ] {
        out.push_str(&run(&mut s, &clock, &[noun, "list", "--deleted"]));
        if noun != "script" {
            out.push_str(&run(
                &mut s,
                &clock,
                &[noun, "list", "--deleted", "--format", "json"],
            ));
        }
    }
    for format in ["csv", "md"] {
        out.push_str(&run(
            &mut s,
            &clock,
            &["backlog", "list", "--deleted", "--format", format],
        ));
    }
    out.push_str(&run(
        &mut s,
        &clock,
        &["metric", "list", "--deleted", "--format", "md"],
    ));
    insta::assert_snapshot!("deleted_lists_empty", out);
}
