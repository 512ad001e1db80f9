//! The roadmap and the impact map from the command line: lanes with dates,
//! capacity and what a forced item delays, success criteria and reviews,
//! goals, and every format (Mermaid checked against its grammar).

use super::TempDb;
use fieldkit::formats::mermaid::check_grammar;
use predicates::prelude::*;

const MULTI_CLOUD: &str = "a4339e31";
const DATABASES: &str = "6ba26153";
const MESH: &str = "1735980f";

fn demo() -> TempDb {
    let db = TempDb::new();
    db.ok(&["demo"]);
    db
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

/// This quarter as the lanes label it, from the machine's date.
fn this_quarter() -> (String, String) {
    let today = jiff::ZonedDateTime::now().date();
    let q = (today.month() - 1) / 3 + 1;
    let next = if q == 4 {
        format!("Q1 {}", today.year() + 1)
    } else {
        format!("Q{} {}", q + 1, today.year())
    };
    (format!("Q{q} {}", today.year()), next)
}

/// A refused command exits 2, names the field, and leaves the file as it was.
fn refused(db: &TempDb, args: &[&str], field: &str) {
    let before = db.bytes();
    db.cmd(args)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(field));
    assert_eq!(db.bytes(), before, "{args:?} wrote to the file");
}

#[test]
fn roadmap_show_has_the_lanes_with_their_dates() {
    let db = demo();
    let (now, next) = this_quarter();
    let table = db.ok(&["roadmap", "show"]);
    assert!(table.contains(&format!("Now · {now} (")), "{table}");
    assert!(table.contains(&format!("Next · {next} (")), "{table}");
    assert!(table.contains("Exploring · no date"), "{table}");
    assert!(table.contains("committed · 5 pm"), "{table}");
    let ci = table.find("Faster CI pipelines").unwrap();
    let dbs = table.find("Self-service databases").unwrap();
    assert!(ci < dbs, "RICE order within Now: {table}");
    let md = db.ok(&["roadmap", "show", "--format", "md"]);
    assert!(md.contains(&format!("## Now — {now} (")), "{md}");
    assert!(
        md.contains("| 1 | Faster CI pipelines | 160.0 | 2 |  |"),
        "{md}"
    );
    let plan = json(&db.ok(&["roadmap", "show", "--format", "json"]));
    let lanes = plan["lanes"].as_array().unwrap();
    let names: Vec<&str> = lanes.iter().map(|l| l["lane"].as_str().unwrap()).collect();
    assert_eq!(names, ["now", "next", "later", "exploring"]);
    assert_eq!(lanes[0]["label"], now.as_str());
    assert!(lanes[0]["starts"].as_str().unwrap().ends_with("-01"));
    assert_eq!(lanes[3]["starts"], serde_json::Value::Null);
    assert_eq!(lanes[0]["capacity"], serde_json::Value::Null);
    assert_eq!(lanes[0]["load"], 5.0);
    assert_eq!(lanes[0]["items"][0]["score"], 160.0);
    assert_eq!(lanes[2]["items"][0]["title"], "Multi-cloud abstraction");
}

#[test]
fn forcing_an_item_in_says_what_it_delays_and_every_format_agrees() {
    let db = demo();
    assert_eq!(
        db.ok(&["roadmap", "capacity", "now", "12"]),
        "Now: 5 / 12 pm\n"
    );
    let moved = db.ok(&["backlog", "set", MULTI_CLOUD, "--lane", "now"]);
    assert!(
        moved.contains(
            "Moving Multi-cloud abstraction (8.0) to Now: it does not fit in Now's capacity (13 / 12 pm)"
        ),
        "{moved}"
    );
    let pinned = db.ok(&["backlog", "set", MULTI_CLOUD, "--pin", "strategic: VP Eng"]);
    assert!(
        pinned.contains(
            "Pinning Multi-cloud abstraction (8.0) pushes Self-service databases (64.0) past Now's capacity"
        ),
        "{pinned}"
    );
    let md = db.ok(&["roadmap", "show", "--format", "md"]);
    assert!(
        md.contains("Load: 13 / 12 pm. Slipping: Self-service databases (64.0)."),
        "{md}"
    );
    assert!(
        md.contains("| 1 | Multi-cloud abstraction | 8.0 | 8 | pinned: strategic: VP Eng |"),
        "{md}"
    );
    assert!(
        md.contains("| 2 | Faster CI pipelines | 160.0 | 2 |  |"),
        "{md}"
    );
    assert!(
        md.contains("| 3 | Self-service databases | 64.0 | 3 | slipping to Next |"),
        "{md}"
    );
    let table = db.ok(&["roadmap", "show"]);
    assert!(table.contains("13 / 12 pm · 1 slipping"), "{table}");
    assert!(table.contains("slipping to Next"), "{table}");
    let plan = json(&db.ok(&["roadmap", "show", "--format", "json"]));
    let now = &plan["lanes"][0];
    assert_eq!(now["capacity"], 12.0);
    assert_eq!(now["load_text"], "13 / 12 pm");
    assert_eq!(now["items"][0]["pin"], "strategic: VP Eng");
    assert_eq!(now["items"][2]["title"], "Self-service databases");
    assert_eq!(now["items"][2]["slipping"], true);
    let mermaid = db.ok(&["roadmap", "show", "--format", "mermaid"]);
    check_grammar(&mermaid).unwrap();
    assert!(
        mermaid.contains("Self-service databases · 64.0 · slipping"),
        "{mermaid}"
    );
    // The item's history keeps the move and the pin.
    let shown = json(&db.ok(&["backlog", "show", MULTI_CLOUD, "--format", "json"]));
    let changes: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["change"].as_str().unwrap())
        .collect();
    assert!(changes.contains(&"lane later → now"), "{changes:?}");
    assert!(
        changes.contains(&"pinned: strategic: VP Eng"),
        "{changes:?}"
    );
    assert_eq!(shown["pin_reason"], "strategic: VP Eng");
    let unpinned = db.ok(&["backlog", "set", MULTI_CLOUD, "--unpin"]);
    assert!(
        unpinned.contains("Unpinning Multi-cloud abstraction (8.0) lets Self-service databases (64.0) back into Now"),
        "{unpinned}"
    );
    let shown = db.ok(&["backlog", "show", MULTI_CLOUD]);
    assert!(shown.contains(": unpinned (8.0)"), "{shown}");
    // No limit again: nothing slips.
    assert_eq!(
        db.ok(&["roadmap", "capacity", "now", "none"]),
        "Now: 13 pm\n"
    );
}

#[test]
fn bad_roadmap_input_is_refused_naming_the_field() {
    let db = demo();
    refused(&db, &["roadmap", "capacity", "soon", "3"], "lane");
    refused(&db, &["roadmap", "capacity", "inbox", "3"], "lane");
    refused(&db, &["roadmap", "capacity", "now", "-1"], "capacity");
    refused(&db, &["roadmap", "capacity", "now", "1e9"], "capacity");
    refused(&db, &["roadmap", "show", "--format", "svg"], "format");
    refused(
        &db,
        &["backlog", "set", MESH, "--source", "vibes"],
        "source",
    );
    refused(
        &db,
        &["backlog", "set", MESH, "--review-by", "2027-01-15"],
        "success",
    );
    refused(
        &db,
        &["backlog", "set", MESH, "--success", "5 teams"],
        "review-by",
    );
    refused(
        &db,
        &[
            "backlog",
            "set",
            MESH,
            "--success",
            "5 teams",
            "--review-by",
            "2027-02-30",
        ],
        "review-by",
    );
    refused(&db, &["backlog", "set", MESH, "--pin", "  "], "pin");
    refused(
        &db,
        &["backlog", "set", MESH, "--pin", "VP", "--unpin"],
        "--unpin",
    );
}

#[test]
fn success_criteria_past_their_date_ask_keep_or_kill() {
    let db = demo();
    db.ok(&["backlog", "set", MESH, "--source", "team idea"]);
    db.ok(&[
        "backlog",
        "set",
        MESH,
        "--success",
        "3 teams adopted within 30 days",
        "--review-by",
        "2000-01-31",
    ]);
    let shown = db.ok(&["backlog", "show", MESH]);
    assert!(shown.contains("- source: team idea"), "{shown}");
    // '' takes a source back, as '' removes success criteria.
    db.ok(&["backlog", "set", MESH, "--source", ""]);
    let cleared = db.ok(&["backlog", "show", MESH]);
    assert!(cleared.contains("- source: not stated"), "{cleared}");
    assert!(cleared.contains("source team idea → —"), "{cleared}");
    db.ok(&["backlog", "set", MESH, "--source", "team idea"]);
    assert!(
        shown.contains("- review by 2000-01-31 (overdue: keep with a new date, or kill)"),
        "{shown}"
    );
    assert!(
        shown.contains("## Success criteria\n\n3 teams adopted within 30 days"),
        "{shown}"
    );
    let table = db.ok(&["roadmap", "show"]);
    assert!(table.contains("review overdue since 2000-01-31"), "{table}");
    assert!(table.contains("Reviews past their date"), "{table}");
    assert!(
        table.contains("backlog set 1735980f --review-by"),
        "{table}"
    );
    let md = db.ok(&["roadmap", "show", "--format", "md"]);
    assert!(md.contains("## Reviews past their date"), "{md}");
    let plan = json(&db.ok(&["roadmap", "show", "--format", "json"]));
    assert_eq!(plan["lanes"][1]["items"][0]["review_overdue"], true);
    assert_eq!(plan["lanes"][1]["items"][0]["source"], "team idea");
    // Keep: a new date clears the flag and the history says so.
    db.ok(&["backlog", "set", MESH, "--review-by", "2999-12-31"]);
    let table = db.ok(&["roadmap", "show"]);
    assert!(!table.contains("overdue"), "{table}");
    let shown = db.ok(&["backlog", "show", MESH]);
    assert!(
        shown.contains("review by 2000-01-31 → 2999-12-31"),
        "{shown}"
    );
    // Kill: a killed item leaves the roadmap and its review.
    db.ok(&["backlog", "set", MESH, "--review-by", "2000-01-31"]);
    db.ok(&["backlog", "kill", MESH, "--reason", "missed its criteria"]);
    let table = db.ok(&["roadmap", "show"]);
    assert!(!table.contains("Service mesh"), "{table}");
    let shown = db.ok(&["backlog", "show", MESH]);
    assert!(shown.contains("lane next → killed"), "{shown}");
    assert!(!shown.contains("(overdue"), "{shown}");
    // An empty --success removes the criteria and the date.
    db.ok(&[
        "backlog",
        "set",
        DATABASES,
        "--success",
        "x",
        "--review-by",
        "2030-01-01",
    ]);
    db.ok(&["backlog", "set", DATABASES, "--success", ""]);
    let shown = json(&db.ok(&["backlog", "show", DATABASES, "--format", "json"]));
    assert_eq!(shown["success_criteria"], serde_json::Value::Null);
    assert_eq!(shown["review_by"], serde_json::Value::Null);
}

#[test]
fn goals_link_items_through_actors_and_impacts() {
    let db = TempDb::new();
    let id = db.ok(&[
        "goal",
        "add",
        "Reduce time to production by 50%",
        "--metric",
        "Time-to-production",
    ]);
    let id = id.trim();
    assert_eq!(id.len(), 36, "{id}");
    let ci = db.ok(&[
        "backlog",
        "add",
        "Faster CI",
        "--reach",
        "200",
        "--impact",
        "2",
        "--confidence",
        "80",
        "--effort",
        "2",
    ]);
    let tpl = db.ok(&[
        "backlog",
        "add",
        "Templates",
        "--reach",
        "50",
        "--impact",
        "1",
        "--confidence",
        "80",
        "--effort",
        "1",
    ]);
    let lone = db.ok(&[
        "backlog",
        "add",
        "Lonely",
        "--reach",
        "9",
        "--impact",
        "1",
        "--confidence",
        "50",
        "--effort",
        "1",
    ]);
    db.ok(&["backlog", "set", lone.trim(), "--source", "leadership"]);
    // By id prefix, then by title: the actor is found again, not doubled.
    let linked = db.ok(&[
        "goal",
        "link",
        &id[..8],
        &tpl.trim()[..8],
        "--actor",
        "Developers",
        "--impact",
        "Self-service infra",
    ]);
    assert!(
        linked.starts_with("Linked Reduce time to production by 50% → Developers"),
        "{linked}"
    );
    db.ok(&[
        "goal",
        "link",
        "reduce time to production by 50%",
        ci.trim(),
        "--actor",
        "Developers",
        "--impact",
        "Deploy faster",
    ]);
    let again = db.ok(&[
        "goal",
        "link",
        &id[..8],
        ci.trim(),
        "--actor",
        "Developers",
        "--impact",
        "Deploy faster",
    ]);
    assert!(again.starts_with("Already linked"), "{again}");
    let map = json(&db.ok(&["goal", "list", "--format", "json"]));
    let goal = &map["goals"][0];
    assert_eq!(goal["metric"], "Time-to-production");
    assert_eq!(goal["actors"].as_array().unwrap().len(), 1);
    assert_eq!(goal["actors"][0]["impacts"].as_array().unwrap().len(), 2);
    let sequence: Vec<&str> = goal["sequence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        sequence,
        ["Faster CI", "Templates"],
        "RICE order within the goal"
    );
    assert_eq!(map["unlinked"][0]["title"], "Lonely");
    assert_eq!(map["unlinked"][0]["source"], "leadership");
    let table = db.ok(&["goal", "list"]);
    assert!(table.contains("metric: Time-to-production"), "{table}");
    assert!(table.contains("Items that serve no goal"), "{table}");
    assert!(table.contains("leadership"), "{table}");
    let md = db.ok(&["goal", "list", "--format", "md"]);
    assert!(md.contains("## Reduce time to production by 50%"), "{md}");
    assert!(md.contains("    - Faster CI (160.0, inbox)"), "{md}");
    assert!(
        md.contains("1. Faster CI (160.0)\n2. Templates (40.0)"),
        "{md}"
    );
    assert!(md.contains("| Lonely | 4.5 | inbox | leadership |"), "{md}");
    let mermaid = db.ok(&["goal", "list", "--format", "mermaid"]);
    check_grammar(&mermaid).unwrap();
    assert!(mermaid.starts_with("flowchart LR\n"), "{mermaid}");
    assert!(mermaid.contains("G1 --> A1"), "{mermaid}");
    let shown = db.ok(&["backlog", "show", ci.trim()]);
    assert!(
        shown.contains("- goal: Reduce time to production by 50% → Developers → Deploy faster"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "goal: Reduce time to production by 50% → Developers → Deploy faster (160.0)"
        ),
        "{shown}"
    );
    let export = json(&db.ok(&["export"]));
    assert_eq!(export["goal"][0]["id"], id);
    assert_eq!(export["actor"].as_array().unwrap().len(), 1);
    assert!(export["record_history"].as_array().unwrap().len() >= 4);
}

#[test]
fn bad_goal_input_is_refused_naming_the_field() {
    let db = demo();
    refused(&db, &["goal", "add", "  "], "title");
    refused(&db, &["goal", "add", "G", "--metric", ""], "metric");
    refused(
        &db,
        &[
            "goal",
            "link",
            "no such goal",
            MESH,
            "--actor",
            "A",
            "--impact",
            "I",
        ],
        "goal",
    );
    refused(
        &db,
        &[
            "goal", "link", "c70e084b", "ffffffff", "--actor", "A", "--impact", "I",
        ],
        "id",
    );
    refused(
        &db,
        &[
            "goal", "link", "c70e084b", MESH, "--actor", " ", "--impact", "I",
        ],
        "actor",
    );
    refused(
        &db,
        &[
            "goal", "link", "c70e084b", MESH, "--actor", "A", "--impact", "",
        ],
        "impact",
    );
    refused(&db, &["goal", "list", "--format", "csv"], "format");
}

#[test]
fn the_demo_holds_the_seeds_impact_map_in_rice_order() {
    let db = demo();
    let map = json(&db.ok(&["goal", "list", "--format", "json"]));
    let goals = map["goals"].as_array().unwrap();
    let titles: Vec<&str> = goals.iter().map(|g| g["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Reduce time to production by 50%",
            "Reduce production incidents by 30%"
        ]
    );
    let actors: usize = goals
        .iter()
        .map(|g| g["actors"].as_array().unwrap().len())
        .sum();
    assert_eq!(actors, 6);
    let first: Vec<&str> = goals[0]["sequence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        first,
        [
            "Faster CI pipelines",
            "Service templates",
            "Dev portal + docs"
        ]
    );
    // The unscored deliverables wait in the inbox with the form's defaults.
    let templates = &goals[0]["sequence"][1];
    assert_eq!(templates["lane"], "inbox");
    assert_eq!(templates["score"], 0.0);
    let unlinked: Vec<&str> = map["unlinked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        unlinked,
        [
            "Self-service databases",
            "Service mesh",
            "Custom Kubernetes operator",
            "Multi-cloud abstraction"
        ]
    );
    let mermaid = db.ok(&["goal", "list", "--format", "mermaid"]);
    check_grammar(&mermaid).unwrap();
    for edge in [
        "G1 --> A1",
        "A1 --> I1",
        "I1 --> D1",
        "G2 --> A4",
        "I6 --> D6",
    ] {
        assert!(mermaid.contains(edge), "{edge}: {mermaid}");
    }
    assert!(mermaid.contains("class G1,G2 goal;"), "{mermaid}");
    assert!(
        mermaid.contains("class D1,D2,D3,D4,D5,D6 deliverable;"),
        "{mermaid}"
    );
    // Running it again links nothing twice.
    db.ok(&["demo"]);
    assert_eq!(json(&db.ok(&["goal", "list", "--format", "json"])), map);
}

#[test]
fn any_title_renders_in_mermaid() {
    let db = TempDb::new();
    let hostile = [
        "Say \"end\" [now] | C# 100% <b>bold</b> & `code` {x} (y) --> z ;",
        "end",
        "subgraph",
        "%% not a comment",
        "#quot; literally",
        "a\u{202e}reversed",
    ];
    let goal = db.ok(&["goal", "add", "end [goal] \"quoted\" | #1"]);
    for (i, title) in hostile.iter().enumerate() {
        let id = db.ok(&[
            "backlog",
            "add",
            title,
            "--reach",
            "1",
            "--impact",
            "1",
            "--confidence",
            "50",
            "--effort",
            "1",
            "--lane",
            "now",
        ]);
        db.ok(&[
            "goal",
            "link",
            goal.trim(),
            id.trim(),
            "--actor",
            "end",
            "--impact",
            &format!("impact | {i} \"x\""),
        ]);
        if i == 0 {
            db.ok(&[
                "backlog",
                "set",
                id.trim(),
                "--pin",
                "VP says \"now\" #1 <b>",
            ]);
        }
    }
    let roadmap = db.ok(&["roadmap", "show", "--format", "mermaid"]);
    check_grammar(&roadmap).unwrap_or_else(|e| panic!("{e}\n{roadmap}"));
    assert!(
        roadmap.contains(
            "#quot;end#quot; [now] | C#35; 100#37; #lt;b#gt;bold#lt;/b#gt; #amp; #96;code#96;"
        ),
        "{roadmap}"
    );
    assert!(roadmap.contains("[\"end · 0.5\"]"), "{roadmap}");
    let map = db.ok(&["goal", "list", "--format", "mermaid"]);
    check_grammar(&map).unwrap_or_else(|e| panic!("{e}\n{map}"));
    assert!(map.contains("A1[\"end\"]"), "{map}");
}

#[test]
fn a_goal_shows_its_metric_latest_against_target_in_every_view() {
    let db = demo();
    // The demo's first goal names the seed's time-to-production metric.
    let line =
        "Time to production: new service 1.5 h vs < 2 h; change 25 min vs < 30 min (on target)";
    let table = db.ok(&["goal", "list"]);
    assert!(table.contains(&format!("  metric: {line}")), "{table}");
    let show = db.ok(&["roadmap", "show"]);
    assert!(
        show.contains(&format!("  Reduce time to production by 50% — {line}")),
        "{show}"
    );
    assert!(
        show.contains("  Reduce production incidents by 30% — no metric tied to it"),
        "{show}"
    );
    let md = db.ok(&["roadmap", "show", "--format", "md"]);
    assert!(md.contains("\n## Goals\n"), "{md}");
    let roadmap = json(&db.ok(&["roadmap", "show", "--format", "json"]));
    let status = &roadmap["goals"][0]["metric_status"];
    assert_eq!(status["name"], "Time to production");
    assert_eq!(status["status"], "on_target");
    assert_eq!(status["parts"][0]["latest"], 1.5);
    assert_eq!(status["parts"][1]["target"], "< 30 min");
    assert!(roadmap["goals"][1]["metric_status"].is_null());
    // A new goal tied to a metric follows its readings; one naming no
    // metric says so.
    db.ok(&[
        "goal",
        "add",
        "Adoption above 80%",
        "--metric",
        "adoption rate",
    ]);
    db.ok(&["goal", "add", "Happier on-call", "--metric", "Pager load"]);
    db.ok(&["metric", "record", "Adoption rate", "91"]);
    let table = db.ok(&["goal", "list"]);
    assert!(
        table.contains("  metric: Adoption rate: 91% vs > 80% (on target)"),
        "{table}"
    );
    assert!(
        table.contains("  metric: Pager load: no metric has this name yet"),
        "{table}"
    );
}

#[test]
fn a_capacity_names_the_first_slipping_items_and_counts_the_rest() {
    let db = TempDb::new();
    let csv = db.dir.path().join("many.csv");
    let mut rows = String::from("title,reach,impact,confidence,effort,lane\n");
    for n in 0..9 {
        rows.push_str(&format!("Item {n},{},1,100,1,now\n", 100 - n));
    }
    std::fs::write(&csv, rows).unwrap();
    db.ok(&["backlog", "import", csv.to_str().unwrap()]);
    let line = db.ok(&["roadmap", "capacity", "now", "2"]);
    assert_eq!(
        line,
        "Now: 9 / 2 pm · slipping: Item 2 (98.0), Item 3 (97.0), Item 4 (96.0), \
         Item 5 (95.0), Item 6 (94.0) and 2 more (fieldkit roadmap show lists them)\n"
    );
}
