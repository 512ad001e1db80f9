//! Deleting sessions, interviews, syntheses and scripts from the command
//! line: it names what goes, asks unless --yes, and refuses what other
//! research rests on.

use super::TempDb;
use fieldkit::domain::interview::NewInterview;
use fieldkit::domain::script::Placeholders;
use fieldkit::domain::shadow::{EventKind, NewSession};
use fieldkit::domain::synthesis::SourceKind;
use fieldkit::store::Store;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn now() -> jiff::Timestamp {
    "2026-11-25T14:00:00Z".parse().unwrap()
}

/// A session, an interview and a synthesis over the session: their ids.
fn research(db: &TempDb) -> (String, String, String) {
    db.ok(&["demo"]);
    let mut store = Store::open(&db.path).unwrap();
    let session = store
        .create_session(&NewSession::parse("Alex", "Deploy", "", "").unwrap(), now())
        .unwrap();
    store
        .add_event(&session.id, EventKind::Friction, 1000, "slow CI", now())
        .unwrap();
    let script = store.scripts().unwrap().remove(0);
    let new = NewInterview::parse("Priya", "", Placeholders::default(), &[]).unwrap();
    let interview = store.create_interview(&new, &script, now()).unwrap();
    let synthesis = store
        .create_synthesis(
            "Deploys",
            &[(SourceKind::Shadowing, session.id.clone())],
            now(),
        )
        .unwrap();
    (session.id, interview.id, synthesis.id)
}

#[test]
fn without_a_terminal_delete_needs_yes_and_deletes_nothing() {
    let db = TempDb::new();
    let (_, interview, _) = research(&db);
    db.cmd(&["interview", "delete", &interview[..8]])
        .assert()
        .code(2)
        .stderr(contains("add --yes"));
    // The demo adds interviews of its own: this one is still there.
    let kept = |id: &str| {
        Store::open(&db.path)
            .unwrap()
            .interviews()
            .unwrap()
            .iter()
            .any(|i| i.id == id)
    };
    assert!(kept(&interview));
    db.cmd(&["interview", "delete", &interview[..8], "--yes"])
        .assert()
        .success()
        .stdout(contains("Deleted the interview with Priya"));
    assert!(!kept(&interview));
}

#[test]
fn a_session_a_synthesis_draws_on_is_kept_until_the_synthesis_goes() {
    let db = TempDb::new();
    let (session, _, synthesis) = research(&db);
    db.cmd(&["shadow", "delete", &session[..8], "--yes"])
        .assert()
        .code(2)
        .stderr(contains("the synthesis 'Deploys' draws on it"));
    db.ok(&["synthesis", "delete", &synthesis[..8], "--yes"]);
    db.ok(&["shadow", "delete", &session[..8], "--yes"]);
    let store = Store::open(&db.path).unwrap();
    assert!(!store.sessions().unwrap().iter().any(|s| s.id == session));
    assert!(store.syntheses().unwrap().is_empty());
}

#[test]
fn the_last_script_is_kept() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    let name = Store::open(&db.path).unwrap().scripts().unwrap()[0]
        .name
        .clone();
    db.cmd(&["script", "delete", &name, "--yes"])
        .assert()
        .code(2)
        .stderr(contains("is the only script"));
}

#[test]
fn every_delete_hides_the_record_and_undelete_brings_it_back_as_it_was() {
    let db = TempDb::new();
    let (session, interview, synthesis) = research(&db);
    let script = db.path.with_file_name("short.toml");
    std::fs::write(
        &script,
        "name = \"Short check\"\n[[phases]]\nname = \"Opening\"\nminutes = 5\n\
         questions = [\"How did your last deploy go?\"]\n",
    )
    .unwrap();
    db.ok(&["script", "import", script.to_str().unwrap()]);
    let item = db.ok(&[
        "backlog",
        "add",
        "Cache builds",
        "--reach",
        "10",
        "--impact",
        "1",
        "--confidence",
        "50",
        "--effort",
        "1",
    ]);
    let item = item.trim();
    let before = db.ok(&["export"]);
    let lists = |db: &TempDb| {
        [
            db.ok(&["shadow", "list", "--format", "json"]),
            db.ok(&["interview", "list", "--format", "json"]),
            db.ok(&["synthesis", "list", "--format", "json"]),
            db.ok(&["script", "list"]),
            db.ok(&["backlog", "list", "--all", "--format", "csv"]),
        ]
        .join("\n")
    };
    let shown = lists(&db);

    db.cmd(&["synthesis", "delete", &synthesis[..8], "--yes"])
        .assert()
        .success()
        .stdout(contains(format!(
            "Deleted the synthesis 'Deploys' and its entries; bring it back with: \
             fieldkit synthesis undelete {}",
            &synthesis[..8]
        )));
    db.ok(&["shadow", "delete", &session[..8], "--yes"]);
    db.ok(&["interview", "delete", &interview[..8], "--yes"]);
    db.ok(&["script", "delete", "short check", "--yes"]);
    db.ok(&["backlog", "delete", &item[..8], "--yes"]);

    let hidden = lists(&db);
    for gone in [&session, &interview, &synthesis, &item.to_string()] {
        assert!(shown.contains(gone.as_str()), "{shown}");
        assert!(!hidden.contains(gone.as_str()), "{hidden}");
    }
    assert!(!hidden.contains("Short check"), "{hidden}");
    assert!(!hidden.contains("Cache builds"), "{hidden}");
    // Deleted records are not found by id.
    db.cmd(&["shadow", "export", &session[..8]])
        .assert()
        .code(2)
        .stderr(contains("no shadowing session has the id"));
    db.cmd(&["backlog", "show", &item[..8]]).assert().code(2);
    // The backup keeps them, marked.
    let backup = db.ok(&["export"]);
    for kept in [&session, &interview, &synthesis] {
        assert!(backup.contains(kept.as_str()));
    }
    assert!(backup.contains("Short check"));

    // A synthesis comes back only with its sources.
    db.cmd(&["synthesis", "undelete", &synthesis[..8]])
        .assert()
        .code(2)
        .stderr(contains(format!(
            "its source session {} is deleted: bring it back first",
            &session[..8]
        )));
    assert_eq!(
        db.ok(&["shadow", "undelete", &session[..8]]),
        "Brought back the session with Alex (Deploy) and its events.\n"
    );
    db.ok(&["synthesis", "undelete", &synthesis[..8]]);
    db.ok(&["interview", "undelete", &interview[..8]]);
    db.ok(&["script", "undelete", "SHORT CHECK"]);
    assert_eq!(
        db.ok(&["backlog", "undelete", &item[..8]]),
        "Brought back 'Cache builds'.\n"
    );
    // Undeleting twice says there is nothing deleted by that id.
    db.cmd(&["backlog", "undelete", &item[..8]])
        .assert()
        .code(2)
        .stderr(contains("no deleted backlog item has the id"));

    assert_eq!(lists(&db), shown);
    assert_eq!(db.ok(&["export"]), before);
}

#[test]
fn a_script_is_not_imported_over_a_deleted_one_of_the_same_name() {
    let db = TempDb::new();
    let path = db.path.with_file_name("short.toml");
    let script = |question: &str| {
        std::fs::write(
            &path,
            format!(
                "name = \"Short check\"\n[[phases]]\nname = \"Opening\"\nminutes = 5\n\
                 questions = [\"{question}\"]\n"
            ),
        )
        .unwrap();
    };
    script("First?");
    db.ok(&["script", "import", path.to_str().unwrap()]);
    db.ok(&["script", "delete", "Short check", "--yes"]);
    script("Second?");
    let before = db.ok(&["export"]);
    for replace in [false, true] {
        let mut args = vec!["script", "import", path.to_str().unwrap()];
        if replace {
            args.push("--replace");
        }
        db.cmd(&args).assert().code(2).stdout("").stderr(contains(
            "script: a deleted script is named 'Short check': run \
                 `fieldkit script undelete 'Short check'` first",
        ));
        assert_eq!(db.ok(&["export"]), before, "nothing written");
    }
    // The deleted one comes back with its own text; then --replace replaces it.
    db.ok(&["script", "undelete", "Short check"]);
    assert!(db.ok(&["script", "show", "Short check"]).contains("First?"));
    db.ok(&["script", "import", path.to_str().unwrap(), "--replace"]);
    assert!(
        db.ok(&["script", "show", "Short check"])
            .contains("Second?")
    );
}

#[test]
fn an_import_row_matching_a_deleted_item_is_refused_naming_the_row_and_the_undelete() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    let csv = db.ok(&["backlog", "list", "--all", "--format", "csv"]);
    let file = db.path.with_file_name("backlog.csv");
    // Every item again, one of them with a new reach.
    std::fs::write(
        &file,
        csv.replacen(",Faster CI pipelines,200,", ",Faster CI pipelines,250,", 1),
    )
    .unwrap();
    let faster = "d774f566";
    db.ok(&["backlog", "delete", faster, "--yes"]);
    let before = db.ok(&["export"]);
    let line = csv
        .lines()
        .position(|l| l.contains("Faster CI pipelines"))
        .unwrap()
        + 1;
    db.cmd(&["backlog", "import", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(format!("line {line}")))
        .stderr(contains(format!(
            "id: matches item {faster} 'Faster CI pipelines', which is deleted: \
             run `fieldkit backlog undelete {faster}` first, or leave the row out"
        )));
    assert_eq!(db.ok(&["export"]), before, "all rows or none");
    // Brought back, the row updates it, visibly.
    db.ok(&["backlog", "undelete", faster]);
    let out = db.ok(&["backlog", "import", file.to_str().unwrap()]);
    assert!(out.contains("1 updated"), "{out}");
    let shown = db.ok(&["backlog", "show", faster, "--format", "json"]);
    assert!(shown.contains("\"reach\": 250"), "{shown}");

    // A tracker's issue matched by its key is refused the same way.
    let issues =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gh-issues.json");
    let issues = issues.to_str().unwrap();
    db.ok(&["backlog", "import", "--from", "github", issues]);
    let list: serde_json::Value =
        serde_json::from_str(&db.ok(&["backlog", "list", "--all", "--format", "json"])).unwrap();
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "acme/platform#12")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    db.ok(&["backlog", "delete", &id[..8], "--yes"]);
    let before = db.ok(&["export"]);
    db.cmd(&["backlog", "import", "--from", "github", issues])
        .assert()
        .code(2)
        .stderr(contains(format!(
            "key: matches item {} 'One-click deploys, with a canary', which is deleted",
            &id[..8]
        )));
    assert_eq!(db.ok(&["export"]), before);
}

/// The id of the one record in a JSON list, and when it was deleted.
fn only_deleted(json: &str) -> (String, jiff::Timestamp) {
    let rows: serde_json::Value = serde_json::from_str(json).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{json}");
    (
        rows[0]["id"].as_str().unwrap().to_string(),
        rows[0]["deleted_at"].as_str().unwrap().parse().unwrap(),
    )
}

#[test]
fn list_deleted_shows_only_the_deleted_records_with_when_in_every_format() {
    let db = TempDb::new();
    let (session, interview, synthesis) = research(&db);
    let script = db.path.with_file_name("short.toml");
    std::fs::write(
        &script,
        "name = \"Short check\"\n[[phases]]\nname = \"Opening\"\nminutes = 5\n\
         questions = [\"How did your last deploy go?\"]\n",
    )
    .unwrap();
    db.ok(&["script", "import", script.to_str().unwrap()]);
    let item = db.ok(&[
        "backlog",
        "add",
        "Cache builds",
        "--reach",
        "10",
        "--impact",
        "1",
        "--confidence",
        "50",
        "--effort",
        "1",
        "--lane",
        "next",
    ]);
    let item = item.trim().to_string();
    // Nothing deleted yet: each list says so.
    assert_eq!(
        db.ok(&["shadow", "list", "--deleted"]),
        "No deleted shadowing sessions.\n"
    );
    assert_eq!(
        db.ok(&["backlog", "list", "--deleted"]),
        "No deleted items.\n"
    );
    assert_eq!(
        db.ok(&["synthesis", "list", "--deleted", "--format", "json"]),
        "[]\n"
    );

    let before = jiff::Timestamp::now();
    db.ok(&["synthesis", "delete", &synthesis[..8], "--yes"]);
    db.ok(&["shadow", "delete", &session[..8], "--yes"]);
    db.ok(&["interview", "delete", &interview[..8], "--yes"]);
    db.ok(&["script", "delete", "Short check", "--yes"]);
    db.ok(&["backlog", "delete", &item[..8], "--yes"]);

    for (noun, id) in [
        ("shadow", &session),
        ("interview", &interview),
        ("synthesis", &synthesis),
    ] {
        let (listed, at) = only_deleted(&db.ok(&[noun, "list", "--deleted", "--format", "json"]));
        assert_eq!(&listed, id);
        assert!(
            at >= before
                .checked_sub(jiff::SignedDuration::from_secs(1))
                .unwrap()
        );
        let table = db.ok(&[noun, "list", "--deleted"]);
        let header = table.lines().next().unwrap();
        assert!(header.starts_with("id        deleted "), "{table}");
        assert!(table.contains(&id[..8]), "{table}");
        assert!(
            table.ends_with(&format!(
                "Bring one back with: fieldkit {noun} undelete ID\n"
            )),
            "{table}"
        );
        // The ordinary list leaves it out.
        assert!(
            !db.ok(&[noun, "list", "--format", "json"])
                .contains(id.as_str())
        );
    }
    let scripts = db.ok(&["script", "list", "--deleted"]);
    assert!(scripts.starts_with("name         deleted "), "{scripts}");
    assert!(scripts.contains("Short check"), "{scripts}");
    assert!(!db.ok(&["script", "list"]).contains("Short check"));

    // The backlog in each of its formats; any lane, --lane narrows.
    let (listed, _) = only_deleted(&db.ok(&["backlog", "list", "--deleted", "--format", "json"]));
    assert_eq!(listed, item);
    let table = db.ok(&["backlog", "list", "--deleted"]);
    assert!(
        table.contains(&item[..8]) && table.contains("Cache builds"),
        "{table}"
    );
    let csv = db.ok(&["backlog", "list", "--deleted", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "deleted_at,id,title,reach,impact,confidence,effort,score,lane,tags,description,\
         kill_reason,key,url,source"
    );
    let row = lines.next().unwrap();
    assert!(
        row.contains(&format!(",{item},Cache builds,10,1,50,1,5.0,next,")),
        "{csv}"
    );
    assert_eq!(lines.next(), None);
    let md = db.ok(&["backlog", "list", "--deleted", "--format", "md"]);
    assert!(
        md.contains("| Cache builds | 10 | 1 (medium) | 50% | 1 | 5.0 | "),
        "{md}"
    );
    assert!(md.contains(&item[..8]), "{md}");
    assert_eq!(
        db.ok(&[
            "backlog",
            "list",
            "--deleted",
            "--lane",
            "now",
            "--format",
            "json"
        ]),
        "[]\n"
    );
    assert!(
        !db.ok(&["backlog", "list", "--all"])
            .contains("Cache builds")
    );
    db.cmd(&["backlog", "list", "--deleted", "--format", "jira"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--format").and(contains("table, csv, json or md")));

    // Brought back, they leave the deleted lists.
    db.ok(&["shadow", "undelete", &session[..8]]);
    db.ok(&["backlog", "undelete", &item[..8]]);
    assert_eq!(
        db.ok(&["shadow", "list", "--deleted", "--format", "json"]),
        "[]\n"
    );
    assert_eq!(
        db.ok(&["backlog", "list", "--deleted"]),
        "No deleted items.\n"
    );
}

#[test]
fn metric_list_deleted_shows_the_deleted_metrics_with_their_readings() {
    let db = TempDb::new();
    assert_eq!(
        db.ok(&["metric", "list", "--deleted"]),
        "No deleted metrics.\n"
    );
    db.ok(&["metric", "add", "Adoption", "--target", "> 80%"]);
    db.ok(&["metric", "add", "Kept", "--target", "> 1"]);
    db.ok(&["metric", "record", "Adoption", "61", "--date", "2026-01-05"]);
    db.ok(&["metric", "delete", "Adoption", "--yes"]);
    let json: serde_json::Value =
        serde_json::from_str(&db.ok(&["metric", "list", "--deleted", "--format", "json"])).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{json}");
    assert_eq!(rows[0]["name"], "Adoption");
    assert_eq!(rows[0]["readings"], 1);
    let _: jiff::Timestamp = rows[0]["deleted_at"].as_str().unwrap().parse().unwrap();
    let table = db.ok(&["metric", "list", "--deleted"]);
    assert!(table.starts_with("name      deleted "), "{table}");
    assert!(
        table.contains("Adoption") && !table.contains("Kept"),
        "{table}"
    );
    assert!(table.ends_with("Bring one back with: fieldkit metric undelete NAME\n"));
    let md = db.ok(&["metric", "list", "--deleted", "--format", "md"]);
    assert!(md.starts_with("| Metric | Deleted |"), "{md}");
    assert!(md.contains("| Adoption |"), "{md}");
    assert!(!db.ok(&["metric", "list"]).contains("Adoption"));
    db.ok(&["metric", "undelete", "Adoption"]);
    assert_eq!(
        db.ok(&["metric", "list", "--deleted", "--format", "json"]),
        "[]\n"
    );
}
