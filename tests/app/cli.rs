//! The command line against temp databases: formats, exit codes, and that a
//! refused command writes nothing.

use super::TempDb;
use predicates::prelude::*;

/// `backlog add TITLE` with reach 1, impact 1, confidence 50, effort 1.
fn plain_add(title: &str) -> Vec<&str> {
    vec![
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
    ]
}

impl TempDb {
    fn add_plain(&self, title: &str) -> String {
        self.ok(&plain_add(title))
    }
}

fn demo() -> TempDb {
    let db = TempDb::new();
    db.ok(&["demo"]);
    db
}

#[test]
fn demo_loads_the_seed_once() {
    let db = TempDb::new();
    let first = db.ok(&["demo"]);
    // The seed's four scored initiatives, the war story's multi-cloud
    // abstraction and five unscored deliverables of the impact map.
    assert!(first.contains("Loaded 10"), "{first}");
    assert!(first.contains("Linked 6 deliverables"), "{first}");
    let second = db.ok(&["demo"]);
    assert!(second.contains("Loaded 0"), "{second}");
    assert!(!second.contains("Linked"), "{second}");
    let csv = db.ok(&["backlog", "list", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 11);
    let goals: serde_json::Value =
        serde_json::from_str(&db.ok(&["goal", "list", "--format", "json"])).unwrap();
    assert_eq!(goals["goals"].as_array().unwrap().len(), 2);
}

#[test]
fn list_table_is_the_seeds_ranking() {
    let db = demo();
    let table = db.ok(&["backlog", "list"]);
    let titles: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|l| {
            l.split("  ")
                .filter(|c| !c.trim().is_empty())
                .nth(2)
                .unwrap()
                .trim()
        })
        .collect();
    assert_eq!(
        titles[..5],
        [
            "Faster CI pipelines",
            "Self-service databases",
            "Service mesh",
            "Custom Kubernetes operator",
            "Multi-cloud abstraction"
        ]
    );
    for score in ["160.0", "64.0", "16.7", "10.0", "8.0"] {
        assert!(table.contains(score), "{table}");
    }
}

#[test]
fn list_csv_has_the_contract_header() {
    let db = demo();
    let csv = db.ok(&["backlog", "list", "--format", "csv"]);
    let mut lines = csv.lines();
    // The documented columns lead; the others import reads follow.
    assert_eq!(
        lines.next().unwrap(),
        "rank,id,title,reach,impact,confidence,effort,score,lane,tags,\
         description,kill_reason,key,url,source"
    );
    assert!(
        lines.next().unwrap().starts_with(
            "1,d774f566-0e68-4a90-8773-be17b35ed4bd,Faster CI pipelines,200,2,80,2,160.0,now,ci,"
        ),
        "{csv}"
    );
    assert!(csv.contains("\r\n"), "RFC 4180 line ends");
}

#[test]
fn list_json_has_numbers_as_numbers() {
    let db = demo();
    let json: serde_json::Value =
        serde_json::from_str(&db.ok(&["backlog", "list", "--format", "json"])).unwrap();
    let first = &json[0];
    assert_eq!(first["rank"], 1);
    assert_eq!(first["title"], "Faster CI pipelines");
    assert_eq!(first["reach"], 200.0);
    assert_eq!(first["impact"], 2.0);
    assert_eq!(first["confidence"], 80.0);
    assert_eq!(first["effort"], 2.0);
    assert_eq!(first["score"], 160.0);
    assert_eq!(first["lane"], "now");
    assert_eq!(first["tags"], serde_json::json!(["ci"]));
    assert_eq!(json[2]["score"], 16.7);
}

#[test]
fn list_md_is_a_table_like_the_seeds() {
    let db = demo();
    let md = db.ok(&["backlog", "list", "--format", "md"]);
    assert!(
        md.starts_with("| Initiative | Reach | Impact | Confidence | Effort | RICE Score |\n|---|")
    );
    assert!(
        md.contains("| Service mesh | 200 | 1 (medium) | 50% | 6 | 16.7 |"),
        "{md}"
    );
}

#[test]
fn add_prints_the_id_alone_and_scores_the_knowledge_check() {
    let db = TempDb::new();
    let out = db.ok(&[
        "backlog",
        "add",
        "Automate database migrations",
        "--reach",
        "150",
        "--impact",
        "high",
        "--confidence",
        "80%",
        "--effort",
        "4",
        "--lane",
        "next",
        "--tag",
        "db",
    ]);
    let id = out.trim();
    assert_eq!(out, format!("{id}\n"));
    assert_eq!(id.len(), 36);
    let shown = db.ok(&["backlog", "show", id]);
    assert!(shown.contains("(150 × 2 × 80%) ÷ 4 = 60.0"), "{shown}");
    let json: serde_json::Value =
        serde_json::from_str(&db.ok(&["backlog", "show", &id[..8], "--format", "json"])).unwrap();
    assert_eq!(json["score"], 60.0);
    assert_eq!(json["history"][0]["change"], "created");
}

/// Every bad value of PRODUCT.md's rules: exit 2, the field named, nothing written.
#[test]
fn bad_values_are_refused_and_nothing_is_written() {
    let db = demo();
    let before = db.bytes();
    let long_title = "x".repeat(201);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--reach", "-1"], "reach"),
        (vec!["--reach", "lots"], "reach"),
        (vec!["--reach", "inf"], "reach"),
        (vec!["--impact", "4"], "impact"),
        (vec!["--impact", "huge"], "impact"),
        (
            vec!["--confidence", "0.8"],
            "confidence is a percent: did you mean 80?",
        ),
        (vec!["--confidence", "0"], "confidence"),
        (vec!["--confidence", "120%"], "confidence"),
        (vec!["--effort", "0"], "effort"),
        (vec!["--effort", "-2"], "effort"),
        (vec!["--effort", "NaN"], "effort"),
        (vec!["--lane", "soon"], "lane"),
        (vec!["--lane", "killed"], "lane"),
        (vec!["--tag", "two words"], "tags"),
    ];
    for (bad, expect) in cases {
        let mut args = plain_add("Title");
        // The later flag wins in clap only for repeated flags; replace instead.
        if let Some(pos) = args.iter().position(|a| *a == bad[0]) {
            args[pos + 1] = bad[1];
        } else {
            args.extend(&bad);
        }
        db.cmd(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(expect));
    }
    for title in ["   ", long_title.as_str()] {
        db.cmd(&plain_add(title))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("title"));
    }
    db.cmd(&["backlog", "set", "d774f566", "--effort", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("effort"));
    db.cmd(&["backlog", "set", "d774f566"]).assert().code(2);
    db.cmd(&["backlog", "set", "d774f566", "--lane", "killed"])
        .assert()
        .code(2);
    db.cmd(&["backlog", "kill", "d774f566", "--reason", "  "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("reason"));
    db.cmd(&["backlog", "show", "ffffffff"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no backlog item"));
    db.cmd(&["backlog", "list", "--format", "xml"])
        .assert()
        .code(2);
    assert_eq!(db.bytes(), before, "a refused command changed the file");
}

#[test]
fn set_and_kill_change_the_ranking_and_history() {
    let db = demo();
    db.ok(&[
        "backlog",
        "set",
        "1735980f",
        "--impact",
        "2",
        "--confidence",
        "high",
    ]);
    let csv = db.ok(&["backlog", "list", "--format", "csv"]);
    assert!(
        csv.lines()
            .nth(2)
            .unwrap()
            .contains("Service mesh,200,2,100,6,66.7"),
        "{csv}"
    );
    let shown = db.ok(&["backlog", "show", "1735980f"]);
    assert!(
        shown.contains("16.7 → 66.7 (impact 1 → 2, confidence 50% → 100%)"),
        "{shown}"
    );
    db.ok(&[
        "backlog",
        "kill",
        "d774f566",
        "--reason",
        "CI is fast enough",
    ]);
    let open = db.ok(&["backlog", "list", "--format", "csv"]);
    assert!(!open.contains("Faster CI"));
    let all = db.ok(&["backlog", "list", "--all", "--format", "csv"]);
    assert!(
        all.contains("Faster CI pipelines,200,2,80,2,160.0,killed"),
        "{all}"
    );
    let killed = db.ok(&["backlog", "list", "--lane", "killed", "--format", "csv"]);
    assert_eq!(killed.lines().count(), 2);
}

#[test]
fn show_keeps_a_descriptions_lines() {
    let db = demo();
    db.ok(&[
        "backlog",
        "set",
        "1735980f",
        "--description",
        "First line\n# not a heading\n\nSecond paragraph",
    ]);
    let shown = db.ok(&["backlog", "show", "1735980f"]);
    assert!(
        shown.contains("## Description\n\nFirst line  \n\\# not a heading\n\nSecond paragraph\n"),
        "{shown}"
    );
}

#[test]
fn csv_neutralises_formulas_and_quotes() {
    let db = TempDb::new();
    for title in [
        "=HYPERLINK(\"http://x\")",
        "@SUM(A1)",
        "Quote \"this\", then comma",
        "+1 dx",
        "-minus",
    ] {
        db.add_plain(title);
    }
    let csv = db.ok(&["backlog", "list", "--format", "csv"]);
    assert!(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), "{csv}");
    assert!(csv.contains(",'@SUM(A1),"), "{csv}");
    assert!(
        csv.contains(",\"Quote \"\"this\"\", then comma\","),
        "{csv}"
    );
    assert!(csv.contains(",'+1 dx,"), "{csv}");
    assert!(csv.contains(",'-minus,"), "{csv}");
    // And the export imports back to the same titles.
    let file = db.dir.path().join("round.csv");
    std::fs::write(&file, &csv).unwrap();
    let other = TempDb::new();
    other.ok(&["backlog", "import", file.to_str().unwrap()]);
    let again = other.ok(&["backlog", "list", "--format", "json"]);
    assert!(again.contains("=HYPERLINK(\\\"http://x\\\")"), "{again}");
    assert!(!again.contains("'="), "{again}");
}

#[test]
fn import_is_all_or_nothing_and_names_line_and_column() {
    let db = demo();
    let before = db.bytes();
    let file = db.dir.path().join("in.csv");
    std::fs::write(
        &file,
        "title,reach,impact,confidence,effort,tags\nGood one,10,2,80,1,ci\nBad one,10,2,80,0,\n",
    )
    .unwrap();
    db.cmd(&["backlog", "import", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 3, column 5: effort"));
    std::fs::write(
        &file,
        b"title,reach,impact,confidence,effort\nCaf\xe9,1,1,50,1\n",
    )
    .unwrap();
    db.cmd(&["backlog", "import", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 2").and(predicate::str::contains("UTF-8")));
    assert_eq!(db.bytes(), before);
    std::fs::write(
        &file,
        "effort,confidence,impact,reach,title,lane,tags\n1,high,massive,50,Good one,now,ci;dx\n0.5,0.5%,low,3,Tiny,,\n",
    )
    .unwrap();
    let out = db.ok(&["backlog", "import", file.to_str().unwrap()]);
    assert!(out.contains("Imported 2"), "{out}");
    let list = db.ok(&["backlog", "list", "--format", "csv"]);
    assert!(
        list.contains("Good one,50,3,100,1,150.0,now,ci;dx"),
        "{list}"
    );
}

#[test]
fn refuses_files_it_must_not_touch() {
    let db = TempDb::new();
    std::fs::write(&db.path, "my notes, not a database").unwrap();
    db.cmd(&["backlog", "list"]).assert().code(1).stderr(
        predicate::str::contains(db.path.to_str().unwrap())
            .and(predicate::str::contains("not a SQLite database")),
    );
    assert_eq!(db.bytes(), b"my notes, not a database");
    // The TUI refuses it before touching the terminal.
    db.cmd(&[]).assert().code(1);
    assert_eq!(db.bytes(), b"my notes, not a database");
}

#[test]
fn env_var_chooses_the_database_and_flag_wins() {
    let a = TempDb::new();
    let b = TempDb::new();
    let mut cmd = assert_cmd::Command::cargo_bin("fieldkit").unwrap();
    cmd.env("FIELDKIT_DB", &a.path)
        .arg("demo")
        .assert()
        .success();
    let mut cmd = assert_cmd::Command::cargo_bin("fieldkit").unwrap();
    let out = cmd
        .env("FIELDKIT_DB", &a.path)
        .args([
            "--db",
            b.path.to_str().unwrap(),
            "backlog",
            "list",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap().lines().count(),
        1,
        "b is empty"
    );
    assert_eq!(
        a.ok(&["backlog", "list", "--format", "csv"])
            .lines()
            .count(),
        11
    );
}

#[test]
fn export_is_everything_as_json() {
    let db = demo();
    db.ok(&["backlog", "set", "7188d6d8", "--reach", "40"]);
    let json: serde_json::Value = serde_json::from_str(&db.ok(&["export"])).unwrap();
    let items = json["backlog_item"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(json["goal"].as_array().unwrap().len(), 2);
    assert_eq!(json["actor"].as_array().unwrap().len(), 6);
    assert_eq!(json["impact"].as_array().unwrap().len(), 6);
    let id = "7188d6d8-4f6e-4e6c-821f-2a2d19621cc9";
    let operator = items.iter().find(|i| i["id"] == id).unwrap();
    let history: Vec<&serde_json::Value> = json["score_history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["item_id"] == id)
        .collect();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1]["new_score"], 20.0);
    assert_eq!(operator["reach"], 40.0);
    assert!(operator["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(json["fieldkit_schema"], fieldkit::store::SCHEMA_VERSION);
}

#[test]
fn markdown_output_escapes_user_text() {
    let db = TempDb::new();
    db.add_plain("a | b <script>");
    let md = db.ok(&["backlog", "list", "--format", "md"]);
    assert!(md.contains("| a \\| b &lt;script&gt; |"), "{md}");
}

mod shadow {
    use super::*;
    use fieldkit::domain::shadow::{EventKind, NewSession};
    use fieldkit::store::Store;

    /// A finished session written through the library, as the app would.
    fn recorded() -> (TempDb, String) {
        let db = TempDb::new();
        let now: jiff::Timestamp = "2026-11-25T14:00:00Z".parse().unwrap();
        let mut store = Store::open(&db.path).unwrap();
        let s = store
            .create_session(
                &NewSession::parse("Alex | payments", "Deploy", "15", "5").unwrap(),
                now,
            )
            .unwrap();
        store
            .add_event(&s.id, EventKind::Tool, 300_000, "kubectl", now)
            .unwrap();
        store
            .add_event(&s.id, EventKind::Friction, 480_000, "no *runbook*", now)
            .unwrap();
        store
            .add_event(&s.id, EventKind::Switch, 500_000, "Slack", now)
            .unwrap();
        let w = store
            .add_event(&s.id, EventKind::Wait, 600_000, "CI", now)
            .unwrap();
        store.end_wait(&w.id, 900_000, now).unwrap();
        store
            .add_event(
                &s.id,
                EventKind::Wish,
                1_000_000,
                "I wish it were one command",
                now,
            )
            .unwrap();
        store.end_session(&s.id, 2_820_000, now).unwrap();
        (db, s.id)
    }

    #[test]
    fn list_shows_sessions() {
        let (db, id) = recorded();
        let table = db.ok(&["shadow", "list"]);
        assert!(
            table.contains(&id[..8]) && table.contains("0:47:00"),
            "{table}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&db.ok(&["shadow", "list", "--format", "json"])).unwrap();
        assert_eq!(json[0]["events"], 5);
        assert_eq!(json[0]["waiting_ms"], 300_000);
    }

    #[test]
    fn export_markdown_follows_the_template() {
        let (db, id) = recorded();
        let md = db.ok(&["shadow", "export", &id[..8]]);
        assert!(md.contains("# Developer Shadowing Notes - "), "{md}");
        assert!(md.contains(" - Alex \\| payments\n"), "{md}");
        assert!(md.contains("1. no \\*runbook\\* (at 08:00)"), "{md}");
        assert!(md.contains("**Tools used:** kubectl"));
        assert!(md.contains("**Context switches:** 1"));
        assert!(md.contains("**Time waiting for things:** 0:05:00 (1 wait)"));
        assert!(md.contains("\"I wish...\" or \"This should be easier\":** 1"));
        assert!(
            md.contains("- Developer's guess: 5 min — actual was 42 min longer"),
            "{md}"
        );
    }

    #[test]
    fn export_json_has_every_event() {
        let (db, id) = recorded();
        let json: serde_json::Value =
            serde_json::from_str(&db.ok(&["shadow", "export", &id, "--format", "json"])).unwrap();
        let events = json["events"].as_array().unwrap();
        assert_eq!(events.len(), 5);
        assert_eq!(events[3]["kind"], "wait");
        assert_eq!(events[3]["offset_ms"], 600_000);
        assert_eq!(events[3]["end_offset_ms"], 900_000);
        assert!(events[3]["wall_at"].as_str().unwrap().ends_with('Z'));
        assert_eq!(
            json["summary"]["tools_used"],
            serde_json::json!(["kubectl"])
        );
        let backup: serde_json::Value = serde_json::from_str(&db.ok(&["export"])).unwrap();
        assert_eq!(backup["shadow_event"].as_array().unwrap().len(), 5);
        assert_eq!(backup["shadow_event"][0]["session_id"], id.as_str());
    }

    #[test]
    fn unknown_session_is_bad_input() {
        let (db, _) = recorded();
        db.cmd(&["shadow", "export", "ffffffff"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no shadowing session"));
    }
}

mod interview {
    use super::*;
    use fieldkit::domain::interview::NewInterview;
    use fieldkit::domain::script::Placeholders;
    use fieldkit::store::Store;

    #[test]
    fn script_list_show_and_import() {
        let db = TempDb::new();
        let list = db.ok(&["script", "list"]);
        assert!(
            list.contains("Structured interview (30 min)") && list.contains("30 min"),
            "{list}"
        );
        let shown = db.ok(&["script", "show", "structured interview (30 min)"]);
        assert!(shown.contains("minutes = 15"));
        assert!(shown.contains("{feature}"));
        let file = db.dir.path().join("mine.toml");
        std::fs::write(
            &file,
            "name = \"Platform pulse\"\n[[phases]]\nname = \"Warm-up\"\nminutes = 3\nquestions = [\"How is {feature} going?\"]\n",
        )
        .unwrap();
        let out = db.ok(&["script", "import", file.to_str().unwrap()]);
        assert!(out.contains("Imported script 'Platform pulse'"), "{out}");
        assert!(db.ok(&["script", "list"]).contains("Platform pulse"));
    }

    #[test]
    fn a_bad_script_is_refused_with_line_and_column_and_nothing_written() {
        let db = TempDb::new();
        db.ok(&["script", "list"]);
        let before = db.bytes();
        let file = db.dir.path().join("bad.toml");
        std::fs::write(&file, "name = \"x\"\n[[phases]]\nname = \"A\"\nminutes = 5\nquestions = [\"Is {thing} ok?\"]\n").unwrap();
        db.cmd(&["script", "import", file.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("line 5, column 14")
                    .and(predicate::str::contains("{thing}")),
            );
        std::fs::write(&file, b"name = \"caf\xe9\"\n").unwrap();
        db.cmd(&["script", "import", file.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("line 1, column 12")
                    .and(predicate::str::contains("UTF-8")),
            );
        db.cmd(&["script", "show", "nope"]).assert().code(2);
        assert_eq!(db.bytes(), before);
    }

    #[test]
    fn interview_export_has_a_numeric_talk_ratio() {
        let db = TempDb::new();
        let now: jiff::Timestamp = "2026-11-25T14:00:00Z".parse().unwrap();
        let id = {
            let mut store = Store::open(&db.path).unwrap();
            let script = store.script("Structured interview (30 min)").unwrap();
            let new = NewInterview::parse(
                "Priya",
                "Payments",
                Placeholders::from_ranking(&["CI", "DBs", "Mesh"]),
                &["CI is the pain"],
            )
            .unwrap();
            let i = store.create_interview(&new, &script, now).unwrap();
            store
                .add_quote(&i.id, 0, 30_000, "It takes *40* minutes", now)
                .unwrap();
            store
                .save_note(&i.id, 0, 40_000, "Deploys via kubectl", now)
                .unwrap();
            let t = store.start_talk(&i.id, 0, now).unwrap();
            store.end_talk(&t, 60_000, now).unwrap();
            store.add_step(&i.id, 6, 120_000, now).unwrap();
            store
                .set_ranking(&i.id, &["DBs".into(), "CI".into(), "Mesh".into()], now)
                .unwrap();
            store.end_interview(&i.id, 600_000, now).unwrap();
            i.id
        };
        let json: serde_json::Value =
            serde_json::from_str(&db.ok(&["interview", "export", &id, "--format", "json"]))
                .unwrap();
        assert_eq!(json["talk_ratio"], 0.1);
        assert_eq!(json["longest_monologue_ms"], 60_000);
        assert_eq!(json["phases"][0]["actual_ms"], 120_000);
        assert_eq!(json["phases"][2]["actual_ms"], 480_000);
        assert_eq!(
            json["questions"][6]["text"],
            "We're thinking about building CI. Would that help you?"
        );
        assert_eq!(
            json["questions"][0]["quotes"][0]["text"],
            "It takes *40* minutes"
        );
        assert_eq!(json["ranking"], serde_json::json!(["DBs", "CI", "Mesh"]));
        let md = db.ok(&["interview", "export", &id[..8]]);
        assert!(md.contains("# Interview - "), "{md}");
        assert!(md.contains("1. CI is the pain"));
        assert!(
            md.contains("| Validation | 0:05:00 | 0:08:00 (over) |"),
            "{md}"
        );
        assert!(md.contains("talked 10% of the time"), "{md}");
        assert!(
            md.contains("> \"It takes \\*40\\* minutes\" (00:30)"),
            "{md}"
        );
        assert!(md.contains("1. DBs\n2. CI\n3. Mesh"), "{md}");
        let list: serde_json::Value =
            serde_json::from_str(&db.ok(&["interview", "list", "--format", "json"])).unwrap();
        assert_eq!(list[0]["quotes"], 1);
    }
}

mod synthesis {
    use super::*;
    use fieldkit::domain::interview::NewInterview;
    use fieldkit::domain::script::Placeholders;
    use fieldkit::domain::synthesis::{EvidenceRef, Section, SourceKind};
    use fieldkit::store::Store;

    #[test]
    fn list_and_export_attribute_quotes_to_their_sources() {
        let db = TempDb::new();
        let now: jiff::Timestamp = "2026-11-25T14:00:00Z".parse().unwrap();
        let id = {
            let mut store = Store::open(&db.path).unwrap();
            let script = store.script("Structured interview (30 min)").unwrap();
            let i = store
                .create_interview(
                    &NewInterview::parse("Priya", "", Placeholders::default(), &[]).unwrap(),
                    &script,
                    now,
                )
                .unwrap();
            let quote = store
                .add_quote(&i.id, 0, 65_000, "CI is *slow*", now)
                .unwrap();
            let s = store
                .create_synthesis(
                    "Deploys | Q4",
                    &[(SourceKind::Interview, i.id.clone())],
                    now,
                )
                .unwrap();
            let pain = store
                .add_entry(&s.id, Section::PainPoint, "Slow CI", now)
                .unwrap();
            store
                .link_evidence(&pain, &EvidenceRef::InterviewNote(quote), now)
                .unwrap();
            store
                .add_entry(&s.id, Section::Action, "Measure queue time", now)
                .unwrap();
            s.id
        };
        let table = db.ok(&["synthesis", "list"]);
        assert!(table.contains("Deploys | Q4"), "{table}");
        let md = db.ok(&["synthesis", "export", &id[..8]]);
        assert!(
            md.starts_with("# Interview Synthesis - 2026-11-25 - Deploys \\| Q4"),
            "{md}"
        );
        assert!(
            md.contains("1. Slow CI\n   > \"CI is \\*slow\\*\" — Priya (interview, 01:05)"),
            "{md}"
        );
        assert!(md.contains("## Actions\n\n1. Measure queue time"), "{md}");
        let json: serde_json::Value =
            serde_json::from_str(&db.ok(&["synthesis", "export", &id, "--format", "json"]))
                .unwrap();
        assert_eq!(json["entries"][0]["evidence"][0]["link"], "interview_note");
        assert_eq!(json["entries"][0]["evidence"][0]["offset_ms"], 65_000);
        db.cmd(&["synthesis", "export", "ffffffff"])
            .assert()
            .code(2);
    }
}

#[test]
fn a_damaged_file_is_refused_and_left_as_it_is() {
    let db = demo();
    // Keep the first page (the schema), scribble over the rest.
    let mut bytes = db.bytes();
    for b in &mut bytes[4096..] {
        *b = 0xA5;
    }
    std::fs::write(&db.path, &bytes).unwrap();
    let path = db.path.to_str().unwrap();
    db.cmd(&["backlog", "list"]).assert().code(1).stderr(
        predicate::str::contains(path)
            .and(predicate::str::contains("corrupt").or(predicate::str::contains("damaged"))),
    );
    db.cmd(&plain_add("x")).assert().code(1);
    assert_eq!(db.bytes(), bytes, "the file was changed");
}

#[test]
fn cli_text_line_breaks_become_lf_and_an_export_imports_back_unchanged() {
    let db = TempDb::new();
    let id = db
        .ok(&[
            "backlog",
            "add",
            "Line breaks",
            "--reach",
            "1",
            "--impact",
            "1",
            "--confidence",
            "80",
            "--effort",
            "1",
            "--description",
            "one\r\ntwo\rthree\nfour",
        ])
        .trim()
        .to_string();
    let json = db.ok(&["backlog", "show", &id, "--format", "json"]);
    assert!(json.contains("one\\ntwo\\nthree\\nfour"), "{json}");
    assert!(!json.contains("\\r") && !json.contains("\\u000d"), "{json}");
    db.ok(&["backlog", "set", &id, "--description", "set\r\nby\rset"]);
    db.ok(&["backlog", "kill", &id, "--reason", "why\r\nnot\rnow"]);
    let json = db.ok(&["backlog", "show", &id, "--format", "json"]);
    assert!(json.contains("set\\nby\\nset"), "{json}");
    assert!(json.contains("why\\nnot\\nnow"), "{json}");
    // The export imports back into the same file changing nothing.
    let csv = db.ok(&["backlog", "list", "--all", "--format", "csv"]);
    let file = db.dir.path().join("rt.csv");
    std::fs::write(&file, &csv).unwrap();
    let out = db.ok(&["backlog", "import", file.to_str().unwrap()]);
    assert!(out.contains("0 added, 0 updated, 1 unchanged"), "{out}");
}

#[test]
fn import_with_cr_only_line_ends_names_the_right_line() {
    let db = TempDb::new();
    let file = db.dir.path().join("b3.csv");
    std::fs::write(
        &file,
        "title,reach,impact,confidence,effort\rGood,10,2,80,1\rNext,10,2,80,99999\r",
    )
    .unwrap();
    db.cmd(&["backlog", "import", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 3, column 5: effort"));
    std::fs::write(
        &file,
        "title,reach,impact,confidence,effort\rGood,10,2,80,1\rNext,10,2,80,2\r",
    )
    .unwrap();
    let out = db.ok(&["backlog", "import", file.to_str().unwrap()]);
    assert!(out.contains("2 added"), "{out}");
}
