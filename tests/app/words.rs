//! The rules that protect the user's words, through the command line:
//! nothing reaches a terminal raw, a damaged file is refused, a backup
//! restores, numbers stay finite.

use super::TempDb;
use fieldkit::domain::backlog::{ItemPatch, Lane, NewItem, Tags, Title};
use fieldkit::domain::interview::NewInterview;
use fieldkit::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
use fieldkit::domain::script::{Placeholders, Script};
use fieldkit::domain::shadow::{EventKind, NewSession};
use fieldkit::domain::synthesis::{EvidenceRef, Section, SourceKind, Verdict};
use fieldkit::store::Store;

/// ESC sequences that set the title and the clipboard, C0, DEL, C1 (CSI
/// and NEL), bidi overrides and isolates, a line separator.
pub const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u{7}\u{9b}31m\u{85}\u{202e}txt.exe\u{2066}\u{8}\r\u{7f}\u{2028}end";

/// Records that the IDs the builder made, to name them in commands.
pub struct Built {
    pub item: String,
    pub promoted: String,
    pub session: String,
    pub interview: String,
    pub synthesis: String,
    pub script: String,
}

/// A file that uses every feature, every piece of text holding `text`.
/// Fields whose parser keeps control characters out get them afterwards,
/// as a file from elsewhere (a sync, an older version) could hold them.
pub fn every_feature(db: &TempDb, text: &str) -> Built {
    let now: jiff::Timestamp = "2026-11-25T14:00:00Z".parse().unwrap();
    let later: jiff::Timestamp = "2026-11-25T15:30:00Z".parse().unwrap();
    let mut store = Store::open(&db.path).unwrap();
    let rice = |reach: &str| Rice {
        reach: Reach::parse(reach).unwrap(),
        impact: Impact::parse("high").unwrap(),
        confidence: Confidence::parse("80").unwrap(),
        effort: Effort::parse("2").unwrap(),
    };
    let new_item = |title: &str, reach: &str, lane: Lane| NewItem {
        title: Title::parse(title).unwrap(),
        description: format!("First line {text}\nsecond line"),
        rice: rice(reach),
        lane,
        tags: Tags::parse("ci dx").unwrap(),
        kill_reason: None,
    };
    let item = store
        .add_item(&new_item("Faster CI", "200", Lane::Now), now)
        .unwrap();
    let killed = store
        .add_item(&new_item("Service mesh", "200", Lane::Later), now)
        .unwrap();
    store
        .update_item(
            &item.id,
            &ItemPatch {
                reach: Some(Reach::parse("250").unwrap()),
                ..Default::default()
            },
            later,
        )
        .unwrap();
    store
        .update_item(
            &killed.id,
            &ItemPatch {
                lane: Some(Lane::Killed),
                kill_reason: Some(format!("Too early {text}")),
                ..Default::default()
            },
            later,
        )
        .unwrap();
    // The roadmap and the impact map: a goal path, a pin, success criteria,
    // a source, a lane capacity.
    let goal = store
        .add_goal(
            &format!("Ship faster {text}"),
            Some("Time-to-production"),
            now,
        )
        .unwrap();
    store
        .link_item(
            &goal.id,
            &item.id,
            &format!("Developers {text}"),
            "Deploy faster",
            later,
        )
        .unwrap();
    store
        .update_item_with(
            &item.id,
            &ItemPatch::default(),
            &fieldkit::domain::roadmap::RoadmapPatch {
                source: Some(Some(fieldkit::domain::roadmap::Source::Research)),
                success: Some(format!("Adoption {text}\nsecond line")),
                review_by: Some("2027-01-15".parse().unwrap()),
                pin: Some(Some(format!("VP {text}"))),
            },
            later,
        )
        .unwrap();
    store.set_capacity(Lane::Now, Some(12.5), later).unwrap();

    let script_source = format!(
        "name = \"Pulse\"\n[[phases]]\nname = \"Warm-up\"\nminutes = 3\n\
         questions = [\"How is {{feature}} going? {}\", \"Rank {{a}}, {{b}}, {{c}}\"]\n",
        toml_escape(text)
    );
    let script = Script::parse(&script_source).unwrap();
    store
        .save_script(&script, &script_source, false, now)
        .unwrap();

    let session = store
        .create_session(
            &NewSession::parse("Alex", "Deploy", "15", "5").unwrap(),
            now,
        )
        .unwrap();
    let mut events = Vec::new();
    for (i, kind) in [
        EventKind::Note,
        EventKind::Friction,
        EventKind::Tool,
        EventKind::Switch,
        EventKind::Wish,
    ]
    .into_iter()
    .enumerate()
    {
        let event = store
            .add_event(
                &session.id,
                kind,
                60_000 * (i as i64 + 1),
                &format!("{} {text}", kind.name()),
                now,
            )
            .unwrap();
        events.push(event);
    }
    let wait = store
        .add_event(&session.id, EventKind::Wait, 400_000, text, now)
        .unwrap();
    store.end_wait(&wait.id, 500_000, now).unwrap();
    let gone = store
        .add_event(&session.id, EventKind::Note, 550_000, "gone", now)
        .unwrap();
    store.delete_event(&gone.id, now).unwrap();
    store
        .pause_session(&session.id, 600_000, "paused", now)
        .unwrap();
    store.resume_session(&session.id, later).unwrap();
    store.end_session(&session.id, 1_200_000, later).unwrap();

    let stored_script = store.script("Pulse").unwrap();
    let interview = store
        .create_interview(
            &NewInterview::parse(
                "Priya",
                "Payments",
                Placeholders::from_ranking(&["CI", "DBs", text]),
                &[&format!("CI is the pain {text}"), "second"],
            )
            .unwrap(),
            &stored_script,
            now,
        )
        .unwrap();
    store
        .save_note(&interview.id, 0, 20_000, &format!("note {text}"), now)
        .unwrap();
    let quote = store
        .add_quote(&interview.id, 0, 30_000, &format!("quote {text}"), now)
        .unwrap();
    let talk = store.start_talk(&interview.id, 40_000, now).unwrap();
    store.end_talk(&talk, 50_000, now).unwrap();
    store.add_step(&interview.id, 1, 90_000, now).unwrap();
    store
        .set_ranking(
            &interview.id,
            &["DBs".into(), text.to_string(), "CI".into()],
            now,
        )
        .unwrap();
    store.end_interview(&interview.id, 180_000, later).unwrap();

    let synthesis = store
        .create_synthesis(
            "Deploys Q4",
            &[
                (SourceKind::Interview, interview.id.clone()),
                (SourceKind::Shadowing, session.id.clone()),
            ],
            now,
        )
        .unwrap();
    let pain = store
        .add_entry(
            &synthesis.id,
            Section::PainPoint,
            &format!("Slow CI {text}"),
            now,
        )
        .unwrap();
    store
        .link_evidence(&pain, &EvidenceRef::InterviewNote(quote.clone()), now)
        .unwrap();
    store
        .link_evidence(&pain, &EvidenceRef::ShadowEvent(events[1].id.clone()), now)
        .unwrap();
    store
        .add_entry(&synthesis.id, Section::Surprise, text, now)
        .unwrap();
    let assumption = store
        .add_entry(&synthesis.id, Section::Assumption, "CI is slow", now)
        .unwrap();
    store
        .set_verdict(&assumption, Some(Verdict::Validated), now)
        .unwrap();
    let action = store
        .add_entry(&synthesis.id, Section::Action, "Cache builds", now)
        .unwrap();
    store
        .link_evidence(&action, &EvidenceRef::InterviewNote(quote), now)
        .unwrap();
    let promoted = store
        .promote_entry(&action, &new_item("Cache builds", "80", Lane::Inbox), later)
        .unwrap();
    drop(store);

    // Text the parsers keep clean, as a file from elsewhere may hold it.
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute_batch(&format!(
        "UPDATE backlog_item SET title = title || ' ' || {t};
         UPDATE score_history SET change = change || {t};
         UPDATE shadow_session SET participant = participant || {t}, workflow = workflow || {t};
         UPDATE interview SET participant = participant || {t}, team = team || {t};
         UPDATE interview_script SET name = name || {t} WHERE name = 'Pulse';
         UPDATE synthesis SET title = title || {t};",
        t = sql_literal(text)
    ))
    .unwrap();
    Built {
        item: item.id,
        promoted: promoted.id,
        session: session.id,
        interview: interview.id,
        synthesis: synthesis.id,
        script: format!("Pulse{text}"),
    }
}

/// Text inside a TOML basic string: every control and non-ASCII
/// character as a `\uXXXX` escape.
fn toml_escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' | '\\' => format!("\\{c}"),
            c if c.is_ascii_graphic() || c == ' ' => c.to_string(),
            c => format!("\\u{:04X}", u32::from(c)),
        })
        .collect()
}

fn sql_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A character that must never reach a terminal raw.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// Fails naming the command when its output holds a raw unsafe character
/// (CSV's CRLF line ends aside).
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    if let Some(c) = text.chars().find(|&c| unsafe_char(c)) {
        panic!("{what}: raw U+{:04X} in {text:?}", u32::from(c));
    }
}

mod sanitizer {
    use super::*;

    #[test]
    fn hostile_text_never_reaches_the_terminal_raw() {
        let db = TempDb::new();
        let ids = every_feature(&db, HOSTILE);
        let (item, session, interview, synthesis) = (
            ids.item.as_str(),
            ids.session.as_str(),
            ids.interview.as_str(),
            ids.synthesis.as_str(),
        );
        let mut runs: Vec<Vec<&str>> = vec![
            vec!["backlog", "list", "--all"],
            vec!["backlog", "list", "--all", "--format", "csv"],
            vec!["backlog", "list", "--all", "--format", "json"],
            vec!["backlog", "list", "--all", "--format", "md"],
            vec!["backlog", "show", item],
            vec!["backlog", "show", item, "--format", "json"],
            vec!["backlog", "show", &ids.promoted],
            vec!["shadow", "list"],
            vec!["shadow", "list", "--format", "json"],
            vec!["shadow", "export", session],
            vec!["shadow", "export", session, "--format", "json"],
            vec!["interview", "list"],
            vec!["interview", "list", "--format", "json"],
            vec!["interview", "export", interview],
            vec!["interview", "export", interview, "--format", "json"],
            vec!["script", "list"],
            vec!["script", "show", &ids.script],
            vec!["synthesis", "list"],
            vec!["synthesis", "list", "--format", "json"],
            vec!["synthesis", "export", synthesis],
            vec!["synthesis", "export", synthesis, "--format", "json"],
            vec!["export"],
        ];
        // Commands that echo a stored title, and the errors that echo input.
        runs.push(vec!["backlog", "set", item, "--reach", "300"]);
        runs.push(vec!["backlog", "kill", item, "--reason", HOSTILE]);
        runs.push(vec!["backlog", "list", "--lane", HOSTILE]);
        runs.push(vec!["backlog", "list", "--format", HOSTILE]);
        runs.push(vec!["backlog", "show", HOSTILE]);
        runs.push(vec!["backlog", "set", &ids.promoted, "--impact", HOSTILE]);
        runs.push(vec!["backlog", "set", &ids.promoted, "--tag", HOSTILE]);
        runs.push(vec!["script", "show", HOSTILE]);
        runs.push(vec![HOSTILE]);
        // Deletions echo what they delete; last, as they remove it.
        runs.push(vec!["synthesis", "delete", synthesis, "--yes"]);
        runs.push(vec!["shadow", "delete", session, "--yes"]);
        // Refused while its quote is evidence on a backlog item: the
        // refusal is checked like any output.
        runs.push(vec!["interview", "delete", interview, "--yes"]);
        runs.push(vec!["script", "delete", &ids.script, "--yes"]);
        for args in &runs {
            let out = db.cmd(args).output().unwrap();
            let what = format!("{args:?}");
            assert_inert(&format!("{what} stdout"), &out.stdout);
            assert_inert(&format!("{what} stderr"), &out.stderr);
            if args.contains(&"delete") && args[0] != "interview" {
                let text = String::from_utf8_lossy(&out.stdout);
                assert!(text.starts_with("Deleted "), "{what}: {out:?}");
            }
            if args.contains(&"json") || args == &["export"] {
                let value: serde_json::Value =
                    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{what}: {e}"));
                assert!(
                    value.to_string().contains("txt.exe"),
                    "{what}: the text is kept"
                );
            }
        }
        // The JSON keeps the text exactly, escaped.
        let export = db.ok(&["export"]);
        assert!(
            export.contains("\\u009b31m\\u0085\\u202etxt.exe\\u2066"),
            "{export}"
        );
    }

    #[test]
    fn files_and_paths_that_are_echoed_are_inert() {
        let db = TempDb::new();
        db.ok(&["backlog", "list"]);
        // A CSV cell echoed in the import error.
        let csv = db.dir.path().join("bad.csv");
        std::fs::write(
            &csv,
            format!("title,reach,impact,confidence,effort\nA,1,1,80,1\nB,\"{HOSTILE}\",1,80,1\n"),
        )
        .unwrap();
        let out = db
            .cmd(&["backlog", "import", csv.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_inert("import error", &out.stderr);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("line 3, column 2") && err.contains("\\u{1b}"),
            "{err}"
        );
        // A lane echoed in the import error.
        std::fs::write(
            &csv,
            format!("title,reach,impact,confidence,effort,lane\nA,1,1,80,1,\"{HOSTILE}\"\n"),
        )
        .unwrap();
        let out = db
            .cmd(&["backlog", "import", csv.to_str().unwrap()])
            .output()
            .unwrap();
        assert_inert("import lane error", &out.stderr);
        // A script's name printed by `script import`, a script's bad placeholder.
        let toml = db.dir.path().join("s.toml");
        std::fs::write(
            &toml,
            "name = \"\\u001b]0;pwned\\u0007\\u009b\\u202e\"\n[[phases]]\nname = \"A\"\nminutes = 5\nquestions = [\"Q?\"]\n",
        )
        .unwrap();
        let out = db
            .cmd(&["script", "import", toml.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_inert("script import", &out.stdout);
        assert_inert(
            "script list",
            &db.cmd(&["script", "list"]).output().unwrap().stdout,
        );
        std::fs::write(
            &toml,
            "name = \"x\"\n[[phases]]\nname = \"A\"\nminutes = 5\nquestions = [\"Is {\\u001b]0;x\\u0007} ok?\"]\n",
        )
        .unwrap();
        let out = db
            .cmd(&["script", "import", toml.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_inert("script error", &out.stderr);
        // A database path that holds ESC, echoed by demo and by errors.
        let odd = db.dir.path().join("\u{1b}]0;pwned\u{7}.db");
        let out = assert_cmd::Command::cargo_bin("fieldkit")
            .unwrap()
            .env_remove("FIELDKIT_DB")
            .arg("--db")
            .arg(&odd)
            .arg("demo")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_inert("demo", &out.stdout);
        assert_inert("demo stderr", &out.stderr);
        std::fs::write(&odd, b"not a database at all, not at all, no").unwrap();
        let out = assert_cmd::Command::cargo_bin("fieldkit")
            .unwrap()
            .env_remove("FIELDKIT_DB")
            .arg("--db")
            .arg(&odd)
            .args(["backlog", "list"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_inert("refusal", &out.stderr);
    }
}

/// `PRAGMA name` of a file, read without writing to it.
fn pragma(path: &std::path::Path, name: &str) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.pragma_query_value(None, name, |r| r.get::<_, String>(0))
        .unwrap_or_else(|e| e.to_string())
}

mod damage {
    use super::*;
    use predicates::prelude::*;

    fn add(db: &TempDb, title: &str) -> assert_cmd::assert::Assert {
        db.cmd(&[
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
        ])
        .assert()
    }

    #[test]
    fn a_garbled_file_is_refused_before_anything_writes() {
        let db = TempDb::new();
        db.ok(&["demo"]);
        let csv = db.dir.path().join("many.csv");
        let rows: String = (1..=300)
            .map(|i| format!("Item {i} with a title,{i},2,80,2\n"))
            .collect();
        std::fs::write(
            &csv,
            format!("title,reach,impact,confidence,effort\n{rows}"),
        )
        .unwrap();
        db.ok(&["backlog", "import", csv.to_str().unwrap()]);
        let clean = db.bytes();
        assert_eq!(pragma(&db.path, "integrity_check"), "ok");
        // 32 bytes garbled inside a page, where SQLite's integrity check
        // fails but the pages a write touches may still load.
        let pages = clean.len() / 4096;
        let garbled = (2..pages)
            .find_map(|page| {
                let mut bytes = clean.clone();
                let at = page * 4096 + 2000;
                bytes[at..at + 32].fill(0xA5);
                std::fs::write(&db.path, &bytes).unwrap();
                (pragma(&db.path, "integrity_check") != "ok"
                    && pragma(&db.path, "quick_check") == "ok")
                    .then_some(bytes)
            })
            .expect("a page whose damage only integrity_check sees");
        let path = db.path.to_str().unwrap();
        add(&db, "x").code(1).stderr(
            predicate::str::contains(path)
                .and(predicate::str::contains("corrupt"))
                .and(predicate::str::contains("export")),
        );
        db.cmd(&["backlog", "set", "ffff0000", "--reach", "2"])
            .assert()
            .code(1);
        assert_eq!(db.bytes(), garbled, "a damaged file was written to");
        // The TUI checks too, before its first write and before it takes
        // the terminal: the message names the file.
        db.cmd(&[]).assert().code(1).stderr(
            predicate::str::contains(path)
                .and(predicate::str::contains("corrupt"))
                .and(predicate::str::contains("export")),
        );
        assert_eq!(db.bytes(), garbled, "the TUI wrote to a damaged file");
    }

    #[test]
    fn fieldkits_mark_without_its_tables_is_refused_untouched() {
        let db = TempDb::new();
        {
            let conn = rusqlite::Connection::open(&db.path).unwrap();
            conn.execute_batch("PRAGMA application_id = 1179339092; PRAGMA user_version = 4;")
                .unwrap();
        }
        let before = db.bytes();
        for args in [vec!["backlog", "list"], vec!["export"]] {
            db.cmd(&args).assert().code(1).stderr(
                predicate::str::contains(db.path.to_str().unwrap())
                    .and(predicate::str::contains("damaged"))
                    .and(predicate::str::contains("no such table").not()),
            );
        }
        assert_eq!(db.bytes(), before, "the file changed");
        assert_eq!(
            pragma(&db.path, "journal_mode"),
            "delete",
            "switched to WAL"
        );
    }

    #[test]
    fn a_damaged_row_names_the_file_and_export_saves_every_other_record() {
        let db = TempDb::new();
        db.ok(&["demo"]);
        {
            let conn = rusqlite::Connection::open(&db.path).unwrap();
            conn.execute(
                "UPDATE backlog_item SET reach = 'lots' WHERE title = 'Service mesh'",
                [],
            )
            .unwrap();
        }
        let path = db.path.to_str().unwrap();
        db.cmd(&["backlog", "list"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(path).and(predicate::str::contains("damaged")));
        let out = db.cmd(&["export"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let backup: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let titles: Vec<&str> = backup["backlog_item"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles.len(), 9, "{titles:?}");
        assert!(!titles.contains(&"Service mesh"));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(path) && err.contains("backlog_item row 3") && err.contains("reach"),
            "{err}"
        );
        // What the damaged file's export saved restores.
        let file = db.dir.path().join("backup.json");
        std::fs::write(&file, &out.stdout).unwrap();
        let other = TempDb::new();
        other.ok(&["restore", file.to_str().unwrap()]);
        assert_eq!(
            other
                .ok(&["backlog", "list", "--format", "csv"])
                .lines()
                .count(),
            10
        );
    }
}

mod backup {
    use super::*;
    use predicates::prelude::*;

    fn write(db: &TempDb, name: &str, text: &str) -> String {
        let file = db.dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        file.to_str().unwrap().to_string()
    }

    #[test]
    fn export_restore_export_is_byte_identical() {
        let db = TempDb::new();
        every_feature(&db, HOSTILE);
        let first = db.ok(&["export"]);
        let backup: serde_json::Value = serde_json::from_str(&first).unwrap();
        // Every record carries its id: notes, quotes, history, pauses, links.
        for table in [
            "backlog_item",
            "score_history",
            "shadow_session",
            "shadow_pause",
            "shadow_event",
            "interview_script",
            "interview",
            "interview_step",
            "interview_note",
            "interview_talk",
            "synthesis",
            "synthesis_source",
            "synthesis_entry",
            "evidence",
        ] {
            let rows = backup[table].as_array().unwrap();
            assert!(!rows.is_empty(), "{table} is empty in the test file");
            for row in rows {
                assert!(
                    row["id"].as_str().is_some_and(|id| id.len() == 36),
                    "{table}: {row}"
                );
            }
        }
        let file = write(&db, "backup.json", &first);
        let other = TempDb::new();
        let out = other.ok(&["restore", &file]);
        assert!(out.starts_with("Restored "), "{out}");
        assert_eq!(other.ok(&["export"]), first);
        // A backup rewritten by a tool that sorts keys restores the same.
        let sorted = write(&db, "sorted.json", &backup.to_string());
        let third = TempDb::new();
        third.ok(&["restore", &sorted]);
        assert_eq!(third.ok(&["export"]), first);
        // And everything reads back as it was.
        for args in [
            vec!["backlog", "list", "--all", "--format", "json"],
            vec!["synthesis", "list", "--format", "json"],
            vec!["interview", "list", "--format", "json"],
            vec!["shadow", "list", "--format", "json"],
        ] {
            assert_eq!(other.ok(&args), db.ok(&args), "{args:?}");
        }
    }

    #[test]
    fn restore_refuses_a_file_that_holds_records() {
        let db = TempDb::new();
        db.ok(&["demo"]);
        let file = write(&db, "backup.json", &db.ok(&["export"]));
        let before = db.bytes();
        db.cmd(&["restore", &file])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("already holds records"));
        assert_eq!(db.bytes(), before);
        // A file with nothing in it but the default script takes it.
        let empty = TempDb::new();
        empty.ok(&["script", "list"]);
        empty.ok(&["restore", &file]);
        assert_eq!(empty.ok(&["export"]), db.ok(&["export"]));
    }

    #[test]
    fn a_bad_backup_is_refused_naming_the_path_and_pointer() {
        let db = TempDb::new();
        every_feature(&db, "text");
        let good: serde_json::Value = serde_json::from_str(&db.ok(&["export"])).unwrap();
        let cases: Vec<(serde_json::Value, &str)> = vec![
            (
                {
                    let mut b = good.clone();
                    b["backlog_item"][1]["reach"] = "lots".into();
                    b
                },
                "/backlog_item/1/reach",
            ),
            (
                {
                    let mut b = good.clone();
                    b["backlog_item"][0]["reach"] = serde_json::json!(1e300);
                    b
                },
                "/backlog_item/0/reach",
            ),
            (
                {
                    let mut b = good.clone();
                    b["interview_note"][0]["colour"] = "red".into();
                    b
                },
                "/interview_note/0/colour",
            ),
            (
                {
                    let mut b = good.clone();
                    b["evidence"][0]["interview_note_id"] =
                        "00000000-0000-0000-0000-000000000000".into();
                    b["evidence"][0]["shadow_event_id"] = serde_json::Value::Null;
                    b
                },
                "/evidence/0",
            ),
            (
                {
                    let mut b = good.clone();
                    b["shadow_event"][2].as_object_mut().unwrap().remove("kind");
                    b
                },
                "/shadow_event/2/kind",
            ),
            (
                {
                    let mut b = good.clone();
                    b["goblins"] = serde_json::json!([]);
                    b
                },
                "/goblins",
            ),
            (
                serde_json::json!({"fieldkit_schema": 999}),
                "/fieldkit_schema",
            ),
        ];
        for (backup, pointer) in cases {
            let file = write(&db, "bad.json", &backup.to_string());
            let target = TempDb::new();
            target.cmd(&["restore", &file]).assert().code(2).stderr(
                predicate::str::contains(file.as_str())
                    .and(predicate::str::contains(format!("{pointer}:"))),
            );
            assert!(!target.path.exists(), "{pointer}: a file was left behind");
        }
        // Not JSON at all: the line and column.
        let file = write(&db, "bad.json", "{\n  \"fieldkit_schema\": 4,\n  oops\n}");
        let target = TempDb::new();
        target.ok(&["script", "list"]);
        let before = target.bytes();
        target
            .cmd(&["restore", &file])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("line 3, column 3"));
        assert_eq!(target.bytes(), before);
    }

    /// The crash suite's case for restore: killed at any moment, the file
    /// is sound and holds all of the backup or none of it.
    #[test]
    fn sigkill_during_restore_leaves_all_or_nothing() {
        let source = TempDb::new();
        let rows: String = (1..=3000)
            .map(|i| format!("Item {i} with a title,{i},2,80,2\n"))
            .collect();
        let csv = source.dir.path().join("many.csv");
        std::fs::write(
            &csv,
            format!("title,reach,impact,confidence,effort\n{rows}"),
        )
        .unwrap();
        source.ok(&["backlog", "import", csv.to_str().unwrap()]);
        every_feature(&source, "text");
        let backup = source.ok(&["export"]);
        let file = write(&source, "backup.json", &backup);
        let mut outcomes = (0, 0);
        for delay_ms in [5u64, 20, 40, 60, 90, 130, 200, 400] {
            let target = TempDb::new();
            let mut child = std::process::Command::new(super::super::binary())
                .env_remove("FIELDKIT_DB")
                .arg("--db")
                .arg(&target.path)
                .args(["restore", &file])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            let _ = child.kill();
            let _ = child.wait();
            if !target.path.exists() {
                outcomes.0 += 1;
                continue;
            }
            let store = Store::open(&target.path).unwrap();
            assert_eq!(store.integrity_check().unwrap(), "ok", "{delay_ms} ms");
            if store.has_records().unwrap() {
                drop(store);
                assert_eq!(target.ok(&["export"]), backup, "{delay_ms} ms: partial");
                outcomes.1 += 1;
            } else {
                drop(store);
                // Nothing restored: it can be restored now.
                target.ok(&["restore", &file]);
                assert_eq!(target.ok(&["export"]), backup);
                outcomes.0 += 1;
            }
        }
        assert!(outcomes.0 > 0, "never killed mid-restore: {outcomes:?}");
    }
}

mod numbers {
    use super::*;
    use predicates::prelude::*;

    #[test]
    fn numbers_outside_the_products_ranges_are_refused() {
        let db = TempDb::new();
        db.ok(&["backlog", "list"]);
        let before = db.bytes();
        let huge = format!("1{}", "0".repeat(300));
        let tiny = format!("0.{}1", "0".repeat(299));
        let noise = format!("5{}", "0".repeat(299));
        for (reach, effort, confidence, field) in [
            (huge.as_str(), "1", "50", "reach"),
            (noise.as_str(), "1", "50", "reach"),
            ("1000000000.5", "1", "50", "reach"),
            ("200", tiny.as_str(), "50", "effort"),
            ("200", "10001", "50", "effort"),
            ("200", "0.001", "50", "effort"),
            ("200", "1", "0.0000001", "confidence"),
            ("200", "1", "80.123", "confidence"),
        ] {
            db.cmd(&[
                "backlog",
                "add",
                "x",
                "--reach",
                reach,
                "--impact",
                "1",
                "--confidence",
                confidence,
                "--effort",
                effort,
            ])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(format!("{field}: must be"))
                    .and(predicate::str::contains("did you mean").not()),
            );
        }
        assert_eq!(db.bytes(), before);
        // The ends of the ranges are accepted and print whole.
        let id = db.ok(&[
            "backlog",
            "add",
            "Everyone",
            "--reach",
            "1000000000",
            "--impact",
            "3",
            "--confidence",
            "100",
            "--effort",
            "0.01",
        ]);
        let json: serde_json::Value =
            serde_json::from_str(&db.ok(&["backlog", "show", id.trim(), "--format", "json"]))
                .unwrap();
        assert_eq!(json["score"], 300_000_000_000.0);
        let table = db.ok(&["backlog", "list"]);
        assert!(table.contains("300000000000.0"), "{table}");
        for text in [
            db.ok(&["backlog", "list", "--format", "json"]),
            db.ok(&["export"]),
        ] {
            assert!(
                !text.contains("null,") || !text.contains("\"score\": null"),
                "{text}"
            );
            assert!(!text.contains("inf") && !text.contains("NaN"), "{text}");
        }
    }
}

mod smaller {
    use super::*;
    use predicates::prelude::*;
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    /// A backlog long enough that its listing outgrows a pipe's buffer.
    fn long_backlog() -> TempDb {
        let db = TempDb::new();
        let rows: String = (1..=3000)
            .map(|i| format!("Item {i} with a longer title than most,{i},2,80,2\n"))
            .collect();
        let csv = db.dir.path().join("many.csv");
        std::fs::write(
            &csv,
            format!("title,reach,impact,confidence,effort\n{rows}"),
        )
        .unwrap();
        db.ok(&["backlog", "import", csv.to_str().unwrap()]);
        db
    }

    #[test]
    fn a_closed_pipe_ends_quietly_with_exit_0() {
        let db = long_backlog();
        for args in [
            vec!["backlog", "list", "--format", "csv"],
            vec!["backlog", "list", "--format", "json"],
            vec!["backlog", "list", "--format", "md"],
            vec!["backlog", "list"],
            vec!["export"],
        ] {
            // `| head -1`: read one line, then close the pipe.
            let mut child = Command::new(super::super::binary())
                .env_remove("FIELDKIT_DB")
                .arg("--db")
                .arg(&db.path)
                .args(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut first = String::new();
            BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut first)
                .unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(!first.is_empty());
            assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
            assert!(
                out.stderr.is_empty(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }

    #[test]
    fn an_id_prefix_under_four_characters_is_too_short() {
        let db = TempDb::new();
        db.ok(&["demo"]);
        db.cmd(&["backlog", "show", "d77"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "'d77' is too short: give at least 4",
            ));
        db.cmd(&["backlog", "show", "ffff"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "no backlog item has the id 'ffff'",
            ));
        db.ok(&["backlog", "show", "d774"]);
    }

    #[test]
    fn script_import_of_an_existing_name_asks_for_replace() {
        let db = TempDb::new();
        let file = db.dir.path().join("pulse.toml");
        let script = |question: &str| {
            format!(
                "name = \"Pulse\"\n[[phases]]\nname = \"A\"\nminutes = 5\nquestions = [\"{question}\"]\n"
            )
        };
        std::fs::write(&file, script("First?")).unwrap();
        let path = file.to_str().unwrap();
        assert!(
            db.ok(&["script", "import", path])
                .starts_with("Imported script 'Pulse'")
        );
        std::fs::write(&file, script("Second?")).unwrap();
        let before = db.bytes();
        db.cmd(&["script", "import", path])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("exists already: give --replace"));
        assert_eq!(db.bytes(), before);
        assert!(db.ok(&["script", "show", "pulse"]).contains("First?"));
        assert!(
            db.ok(&["script", "import", path, "--replace"])
                .starts_with("Updated script 'Pulse'")
        );
        assert!(db.ok(&["script", "show", "pulse"]).contains("Second?"));
    }

    #[test]
    fn a_new_database_is_announced_on_stderr() {
        let db = TempDb::new();
        let typo = db.dir.path().join("fieldkti").join("fieldkit.db");
        let out = Command::new(super::super::binary())
            .env_remove("FIELDKIT_DB")
            .arg("--db")
            .arg(&typo)
            .args(["backlog", "list", "--format", "csv"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err.trim(),
            format!("fieldkit: created new database at {}", typo.display())
        );
        // stdout stays the CSV alone; the second run says nothing.
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("rank,id,title"));
        let again = Command::new(super::super::binary())
            .env_remove("FIELDKIT_DB")
            .arg("--db")
            .arg(&typo)
            .args(["backlog", "list"])
            .output()
            .unwrap();
        assert!(again.stderr.is_empty(), "{again:?}");
    }

    #[test]
    fn an_unclosed_csv_quote_is_named() {
        let db = TempDb::new();
        db.ok(&["backlog", "list"]);
        let file = db.dir.path().join("q.csv");
        std::fs::write(
            &file,
            "title,reach,impact,confidence,effort\nA,1,1,80,1\n\"B,2,1,80,1\nC,3,1,80,1\n",
        )
        .unwrap();
        let before = db.bytes();
        db.cmd(&["backlog", "import", file.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("line 3, column 1")
                    .and(predicate::str::contains("never closed"))
                    .and(predicate::str::contains("cells").not()),
            );
        assert_eq!(db.bytes(), before);
    }

    /// Runs the binary as nobody when root (root reads anything).
    fn as_nobody(args: &[&std::ffi::OsStr]) -> std::process::Output {
        let uid = Command::new("id").arg("-u").output().unwrap();
        let mut cmd = if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(super::super::binary());
            c
        } else {
            Command::new(super::super::binary())
        };
        cmd.env_remove("FIELDKIT_DB").args(args).output().unwrap()
    }

    #[test]
    fn a_link_to_a_file_that_cannot_be_read_says_so() {
        use std::os::unix::fs::PermissionsExt;
        let db = TempDb::new();
        db.ok(&["demo"]);
        let dir = db.dir.path();
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        // A folder nobody may enter holds the file; the link is outside it.
        let locked = dir.join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::rename(&db.path, locked.join("fieldkit.db")).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).unwrap();
        let link = dir.join("link.db");
        std::os::unix::fs::symlink(locked.join("fieldkit.db"), &link).unwrap();
        let out = as_nobody(&[
            "--db".as_ref(),
            link.as_os_str(),
            "backlog".as_ref(),
            "list".as_ref(),
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains(link.to_str().unwrap())
                && err.contains("cannot read it")
                && !err.contains("File exists"),
            "{err}"
        );
        // A link to nothing.
        let dangling = dir.join("dangling.db");
        std::os::unix::fs::symlink(dir.join("gone.db"), &dangling).unwrap();
        let out = Command::new(super::super::binary())
            .env_remove("FIELDKIT_DB")
            .arg("--db")
            .arg(&dangling)
            .args(["backlog", "list"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("is a link to") && err.contains("which does not exist"),
            "{err}"
        );
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// A small tmpfs, unmounted when dropped.
    struct SmallDisk(tempfile::TempDir);

    impl SmallDisk {
        fn mount() -> Option<Self> {
            let dir = tempfile::tempdir().unwrap();
            let ok = Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
                .arg(dir.path())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            ok.then_some(Self(dir))
        }
    }

    impl Drop for SmallDisk {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0.path()).status();
        }
    }

    #[test]
    fn a_full_disk_still_reads_and_says_the_disk_is_full() {
        let Some(disk) = SmallDisk::mount() else {
            // Mounting needs root; the store's own test covers the message.
            eprintln!("skipped: cannot mount a small tmpfs here");
            return;
        };
        let path = disk.0.path().join("fieldkit.db");
        let run = |args: &[&str]| {
            Command::new(super::super::binary())
                .env_remove("FIELDKIT_DB")
                .arg("--db")
                .arg(&path)
                .args(args)
                .output()
                .unwrap()
        };
        assert!(run(&["demo"]).status.success());
        // Fill the disk.
        let _ = Command::new("dd")
            .args(["if=/dev/zero", "bs=4k"])
            .arg(format!("of={}", disk.0.path().join("fill").display()))
            .stderr(Stdio::null())
            .status();
        let before = std::fs::read(&path).unwrap();
        let list = run(&["backlog", "list", "--format", "csv"]);
        assert!(list.status.success(), "{list:?}");
        assert_eq!(String::from_utf8_lossy(&list.stdout).lines().count(), 11);
        let add = run(&[
            "backlog",
            "add",
            "x",
            "--reach",
            "1",
            "--impact",
            "1",
            "--confidence",
            "50",
            "--effort",
            "1",
        ]);
        assert_eq!(add.status.code(), Some(1));
        let err = String::from_utf8_lossy(&add.stderr);
        assert!(
            err.contains("disk is full") && !err.contains("disk I/O error"),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
        // No -shm or -wal left behind (a 3-byte -shm was).
        let names: Vec<String> = std::fs::read_dir(disk.0.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !names
                .iter()
                .any(|n| n.ends_with("-shm") || n.ends_with("-wal")),
            "{names:?}"
        );
    }
}
