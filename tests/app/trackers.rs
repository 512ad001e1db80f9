//! Jira and GitHub in, scores back out: imports of the hand-written
//! fixtures in tests/fixtures, re-imports that change only what changed,
//! refused files that leave the database as it was, the CSV round trip,
//! and the completions and man page.

use super::{TempDb, binary};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

const JIRA_URL: &str = "https://acme.atlassian.net/";

impl TempDb {
    fn import_jira(&self, file: &Path) -> String {
        self.ok(&[
            "backlog",
            "import",
            "--from",
            "jira",
            "--jira-url",
            JIRA_URL,
            file.to_str().unwrap(),
        ])
    }

    fn import_github(&self, file: &Path) -> String {
        self.ok(&[
            "backlog",
            "import",
            "--from",
            "github",
            file.to_str().unwrap(),
        ])
    }

    fn list_all(&self, format: &str) -> String {
        self.ok(&["backlog", "list", "--all", "--format", format])
    }

    /// The JSON of the item whose tracker key is `key`.
    fn item_with_key(&self, key: &str) -> serde_json::Value {
        let list: serde_json::Value = serde_json::from_str(&self.list_all("json")).unwrap();
        let id = list
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == key)
            .unwrap_or_else(|| panic!("no item with key {key}: {list}"))["id"]
            .as_str()
            .unwrap()
            .to_string();
        serde_json::from_str(&self.ok(&["backlog", "show", &id, "--format", "json"])).unwrap()
    }

    /// A copy of a fixture in this test's folder, edited by `edit`.
    fn edited_copy(&self, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let edited = edit(text.clone());
        assert_ne!(edited, text, "the edit must change the fixture");
        let path = self.dir.path().join(name);
        std::fs::write(&path, edited).unwrap();
        path
    }
}

#[test]
fn jira_export_imports_with_keys_urls_lanes_and_defaults() {
    let db = TempDb::new();
    let out = db.import_jira(&fixture("jira-export.csv"));
    assert!(
        out.contains("Imported 5 rows") && out.contains("5 added, 0 updated, 0 unchanged"),
        "{out}"
    );
    let ci = db.item_with_key("PLAT-142");
    assert_eq!(ci["title"], "Faster CI pipelines");
    assert_eq!(ci["score"], 160.0);
    assert_eq!(ci["lane"], "inbox");
    assert_eq!(
        ci["tags"],
        serde_json::json!(["ci", "developer-experience"])
    );
    assert_eq!(ci["url"], "https://acme.atlassian.net/browse/PLAT-142");
    let shown = db.ok(&["backlog", "show", ci["id"].as_str().unwrap()]);
    assert!(
        shown.contains("- tracker: PLAT-142 · https://acme.atlassian.net/browse/PLAT-142"),
        "{shown}"
    );
    // Multi-line, quotes and commas kept; CRLF stored as LF.
    let description = ci["description"].as_str().unwrap();
    assert!(
        description.starts_with("Builds on main take 25 min at p95; developers wait,"),
        "{description}"
    );
    assert!(description.contains("\n* cache \"cargo\" and \"npm\" dependencies,"));
    assert!(!description.contains('\r'));
    let db_item = db.item_with_key("PLAT-143");
    assert_eq!(db_item["title"], "Self-service databases (Postgres, MySQL)");
    assert!(
        db_item["description"]
            .as_str()
            .unwrap()
            .contains("Jürgen's team asked for it — the Tōkyō office too (東京)")
    );
    // Won't Do is killed with its reason; Done is done.
    let mesh = db.item_with_key("PLAT-150");
    assert_eq!(mesh["lane"], "killed");
    assert_eq!(mesh["kill_reason"], "closed in Jira: Won't Do");
    assert_eq!(db.item_with_key("PLAT-151")["lane"], "done");
    // No RICE in the export: the add form's defaults.
    let golden = db.item_with_key("PLAT-160");
    assert_eq!(golden["formula"], "(0 × 1 × 50%) ÷ 1 = 0.0");
    assert_eq!(
        golden["tags"],
        serde_json::json!(["onboarding", "good-first", "templates"])
    );
    assert!(
        golden["description"]
            .as_str()
            .unwrap()
            .starts_with("=HYPERLINK(\"https://wiki\")")
    );
}

#[test]
fn reimporting_the_same_export_changes_nothing() {
    let db = TempDb::new();
    db.import_jira(&fixture("jira-export.csv"));
    db.import_github(&fixture("gh-issues.json"));
    let before = db.list_all("csv");
    let out = db.import_jira(&fixture("jira-export.csv"));
    assert!(out.contains("0 added, 0 updated, 5 unchanged"), "{out}");
    let out = db.import_github(&fixture("gh-issues.json"));
    assert!(out.contains("0 added, 0 updated, 4 unchanged"), "{out}");
    assert_eq!(db.list_all("csv"), before);
}

#[test]
fn reimport_after_an_edit_updates_that_item_only_and_keeps_its_history() {
    let db = TempDb::new();
    db.import_jira(&fixture("jira-export.csv"));
    // Meanwhile the PM scores an unscored item and plans it in fieldkit.
    let golden = db.item_with_key("PLAT-160");
    let id = golden["id"].as_str().unwrap();
    db.ok(&[
        "backlog",
        "set",
        id,
        "--reach",
        "120",
        "--impact",
        "2",
        "--confidence",
        "80",
        "--lane",
        "now",
    ]);
    // A week later in Jira: PLAT-142's reach and summary changed.
    let edited = db.edited_copy("jira-export.csv", |text| {
        text.replace(
            "Faster CI pipelines,PLAT-142",
            "\"Faster CI pipelines, under 5 minutes\",PLAT-142",
        )
        .replace(
            "get coffee.\"\"\",200,2,80,2,",
            "get coffee.\"\"\",300,2,80,2,",
        )
    });
    let out = db.import_jira(&edited);
    assert!(out.contains("0 added, 1 updated, 4 unchanged"), "{out}");
    let ci = db.item_with_key("PLAT-142");
    assert_eq!(ci["title"], "Faster CI pipelines, under 5 minutes");
    assert_eq!(ci["score"], 240.0);
    let history: Vec<&str> = ci["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["change"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["created", "reach 200 → 300"]);
    // What the PM did in fieldkit stays: the export has no RICE for it and
    // an open status does not move a planned item.
    let golden = db.item_with_key("PLAT-160");
    assert_eq!(golden["score"], 192.0);
    assert_eq!(golden["lane"], "now");
    // And the edited file again: nothing.
    let out = db.import_jira(&edited);
    assert!(out.contains("0 added, 0 updated, 5 unchanged"), "{out}");
}

#[test]
fn tracker_status_closes_and_reopens() {
    let db = TempDb::new();
    db.import_github(&fixture("gh-issues.json"));
    assert_eq!(db.item_with_key("acme/platform#15")["lane"], "done");
    let reopened = db.edited_copy("gh-issues.json", |text| {
        text.replace("\"CLOSED\"", "\"OPEN\"")
    });
    let out = db.import_github(&reopened);
    assert!(out.contains("0 added, 1 updated, 3 unchanged"), "{out}");
    assert_eq!(db.item_with_key("acme/platform#15")["lane"], "inbox");
}

#[test]
fn github_issues_import_with_repository_keys_and_labels_as_tags() {
    let db = TempDb::new();
    let out = db.import_github(&fixture("gh-issues.json"));
    assert!(out.contains("4 added, 0 updated, 0 unchanged"), "{out}");
    let deploy = db.item_with_key("acme/platform#12");
    assert_eq!(deploy["title"], "One-click deploys, with a canary");
    assert_eq!(deploy["url"], "https://github.com/acme/platform/issues/12");
    assert_eq!(
        deploy["tags"],
        serde_json::json!(["deploy", "good-first-issue"])
    );
    assert_eq!(deploy["lane"], "inbox");
    assert!(
        deploy["description"]
            .as_str()
            .unwrap()
            .contains("a manual \"promote\" click.\n\n- [ ] auto-promote")
    );
    // The same number in another repository is another item.
    assert_eq!(
        db.item_with_key("acme/docs#12")["title"],
        "Runbook links are broken"
    );
    let gradle = db.item_with_key("acme/platform#15");
    assert_eq!(gradle["lane"], "done");
    assert_eq!(gradle["tags"], serde_json::json!(["type-bug", "ci"]));
    assert!(
        gradle["description"]
            .as_str()
            .unwrap()
            .starts_with("Ça marche en local")
    );
}

#[test]
fn bad_jira_file_is_refused_with_line_and_column_and_nothing_written() {
    let db = TempDb::new();
    db.import_jira(&fixture("jira-export.csv"));
    let before = db.bytes();
    // PLAT-143's confidence as a fraction; its record starts on line 9,
    // after PLAT-142's seven-line description. Confidence is column 20.
    let bad = db.edited_copy("jira-export.csv", |text| {
        text.replace("3 days.\",80,3,80,3,", "3 days.\",80,3,0.8,3,")
            .replace(
                "Faster CI pipelines,PLAT-142",
                "Faster CI pipelines v2,PLAT-142",
            )
    });
    db.cmd(&["backlog", "import", "--from", "jira", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "line 9, column 20: confidence is a percent: did you mean 80?",
        ));
    // A summary with a line break (Jira's are one line).
    let bad = db.edited_copy("jira-export.csv", |text| {
        text.replace(
            "Custom Kubernetes operator,",
            "\"Custom Kubernetes\noperator\",",
        )
    });
    db.cmd(&["backlog", "import", "--from", "jira", bad.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 12, column 1: Summary"));
    // Not a Jira export at all.
    db.cmd(&[
        "backlog",
        "import",
        "--from",
        "jira",
        fixture("gh-issues.json").to_str().unwrap(),
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("'Issue key' is missing"));
    assert_eq!(db.bytes(), before);
    assert!(
        db.list_all("csv").contains("Faster CI pipelines,200"),
        "the first rows were not written either"
    );
}

#[test]
fn bad_github_file_is_refused_with_a_json_pointer_and_nothing_written() {
    let db = TempDb::new();
    db.import_github(&fixture("gh-issues.json"));
    let before = db.bytes();
    let cases: [(&str, &str, &str); 4] = [
        (
            "\"title\": \"Service catalog: who owns \\\"billing-api\\\"?\"",
            "\"title\": \"  \"",
            "/2/title: ",
        ),
        (
            "\"state\": \"CLOSED\"",
            "\"state\": \"MERGED\"",
            "/1/state: ",
        ),
        ("\"name\": \"docs\"", "\"name\": 7", "/3/labels/0/name: "),
        ("\"number\": 21,", "\"number\": 21,,", "line 47, column "),
    ];
    for (from, to, said) in cases {
        let bad = db.edited_copy("gh-issues.json", |text| text.replace(from, to));
        db.cmd(&[
            "backlog",
            "import",
            "--from",
            "github",
            bad.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(said));
    }
    assert_eq!(db.bytes(), before);
}

#[test]
fn a_key_that_belongs_to_another_item_than_the_id_is_refused() {
    let db = TempDb::new();
    db.import_jira(&fixture("jira-export.csv"));
    let before = db.bytes();
    let ci = db.item_with_key("PLAT-142");
    let other = db.item_with_key("PLAT-143");
    let file = db.dir.path().join("clash.csv");
    std::fs::write(
        &file,
        format!(
            "id,title,reach,impact,confidence,effort,key\n{},Faster CI pipelines,200,2,80,2,PLAT-143\n",
            ci["id"].as_str().unwrap()
        ),
    )
    .unwrap();
    db.cmd(&["backlog", "import", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "line 2, column 1: key: PLAT-143 belongs to item {}",
            &other["id"].as_str().unwrap()[..8]
        )));
    assert_eq!(db.bytes(), before);
}

#[test]
fn list_then_import_into_a_new_file_reproduces_the_backlog() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    db.import_jira(&fixture("jira-export.csv"));
    db.import_github(&fixture("gh-issues.json"));
    let id = db.ok(&[
        "backlog",
        "add",
        "-leading dash, \"quotes\"",
        "--reach",
        "7",
        "--impact",
        "0.25",
        "--confidence",
        "33.5",
        "--effort",
        "0.5",
        "--tag",
        "x",
        "--description",
        "=formula first\nthen a second line, with a comma",
    ]);
    db.ok(&[
        "backlog",
        "kill",
        id.trim(),
        "--reason",
        "not now,\nmaybe later",
    ]);
    let list = db.list_all("csv");
    let file = db.dir.path().join("backlog.csv");
    std::fs::write(&file, &list).unwrap();

    // The demo's sources (why an item is on the list) travel too.
    assert!(
        list.lines()
            .any(|l| l.starts_with("1,") && l.ends_with(",research")),
        "{list}"
    );
    let copy = TempDb::new();
    let out = copy.ok(&["backlog", "import", file.to_str().unwrap()]);
    assert!(out.contains("20 added, 0 updated, 0 unchanged"), "{out}");
    assert_eq!(copy.list_all("csv"), list);
    assert_eq!(copy.list_all("json"), db.list_all("json"));
    let out = copy.ok(&["backlog", "import", file.to_str().unwrap()]);
    assert!(out.contains("0 added, 0 updated, 20 unchanged"), "{out}");
    // Into the file it came from: nothing changes.
    let out = db.ok(&["backlog", "import", file.to_str().unwrap()]);
    assert!(out.contains("0 added, 0 updated, 20 unchanged"), "{out}");
    assert_eq!(db.list_all("csv"), list);
    // Two laptops importing the same export make the same items (ids
    // derived from the keys), so team sync sees one record each.
    let laptop = TempDb::new();
    laptop.import_jira(&fixture("jira-export.csv"));
    assert_eq!(
        laptop.item_with_key("PLAT-142")["id"],
        db.item_with_key("PLAT-142")["id"]
    );
    // The trackers still find their items in the copy.
    let out = copy.import_jira(&fixture("jira-export.csv"));
    assert!(out.contains("0 added, 0 updated, 5 unchanged"), "{out}");
}

#[test]
fn marks_and_controls_survive_a_csv_round_trip_and_never_reach_the_terminal_raw() {
    let db = TempDb::new();
    // An RTL title that starts with a right-to-left mark, a description
    // with a colour escape, text that looks like the escape itself, and a
    // Windows path.
    let title = "\u{200f}שלום RTL";
    let description = "red \u{1b}[31mX\u{1b}[0m, literally \\u{1b} and \\u{5c}, C:\\Users";
    db.ok(&[
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
        "--description",
        description,
    ]);
    let list = db.list_all("csv");
    // CSV's own line ends (CRLF) aside, nothing a terminal would act on.
    assert!(
        !list
            .replace("\r\n", "\n")
            .chars()
            .any(fieldkit::formats::sanitize::is_unsafe),
        "{list:?}"
    );
    assert!(list.contains(",\\u{200f}שלום RTL,"), "{list}");
    assert!(
        list.contains(
            "red \\u{1b}[31mX\\u{1b}[0m, literally \\u{5c}u{1b} and \\u{5c}u{5c}, C:\\Users"
        ),
        "{list}"
    );
    let file = db.dir.path().join("marks.csv");
    std::fs::write(&file, &list).unwrap();
    let copy = TempDb::new();
    copy.ok(&["backlog", "import", file.to_str().unwrap()]);
    assert_eq!(copy.list_all("json"), db.list_all("json"));
    assert_eq!(copy.list_all("csv"), list);
    let stored = copy.ok(&["export"]);
    assert!(stored.contains("\\u200f"), "{stored}");
    // Into the file it came from: nothing changes.
    let out = db.ok(&["backlog", "import", file.to_str().unwrap()]);
    assert!(out.contains("0 added, 0 updated, 1 unchanged"), "{out}");
}

#[test]
fn scores_go_back_to_jira_by_issue_key() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    db.import_jira(&fixture("jira-export.csv"));
    db.import_github(&fixture("gh-issues.json"));
    let golden = db.item_with_key("PLAT-160");
    db.ok(&[
        "backlog",
        "set",
        golden["id"].as_str().unwrap(),
        "--reach",
        "120",
        "--impact",
        "2",
        "--confidence",
        "80",
    ]);
    let jira = db.list_all("jira");
    assert_eq!(
        jira,
        "Issue key,Reach,Impact,Confidence,Effort,RICE score\r\n\
         PLAT-160,120,2,80,1,192.0\r\n\
         PLAT-142,200,2,80,2,160.0\r\n\
         PLAT-143,80,3,80,3,64.0\r\n\
         PLAT-151,20,2,100,4,10.0\r\n\
         PLAT-150,0,1,50,1,0.0\r\n"
    );
    // Without --all, the open ones only.
    let open = db.ok(&["backlog", "list", "--format", "jira"]);
    assert_eq!(open.lines().count(), 4, "{open}");
}

#[test]
fn jira_url_goes_with_from_jira_and_must_be_http() {
    let db = TempDb::new();
    let file = fixture("jira-export.csv");
    db.cmd(&[
        "backlog",
        "import",
        "--jira-url",
        JIRA_URL,
        file.to_str().unwrap(),
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("--jira-url"));
    db.cmd(&[
        "backlog",
        "import",
        "--from",
        "jira",
        "--jira-url",
        "acme.atlassian.net",
        file.to_str().unwrap(),
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("--jira-url: must be an http"));
    assert!(!db.path.exists() || db.list_all("csv").lines().count() == 1);
}

#[test]
fn bash_completions_load_in_bash() {
    let script = format!(
        "source <('{}' completions bash); complete -p fieldkit",
        binary().display()
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .env_remove("FIELDKIT_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.starts_with("complete ") && said.trim_end().ends_with(" fieldkit"),
        "{said}"
    );
}

#[test]
fn every_shell_gets_completions_without_a_database() {
    let db = TempDb::new();
    for (shell, sign) in [
        ("bash", "_fieldkit()"),
        ("zsh", "#compdef fieldkit"),
        ("fish", "complete -c fieldkit"),
        ("elvish", "edit:completion:arg-completer[fieldkit]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = db.ok(&["completions", shell]);
        assert!(out.contains(sign), "{shell}: {out}");
        assert!(out.contains("import"), "{shell} completes subcommands");
    }
    assert!(!db.path.exists(), "completions opened no database");
    db.cmd(&["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values"));
}

#[test]
fn man_page_renders_and_installs_one_page_per_command() {
    let db = TempDb::new();
    let page = db.ok(&["man"]);
    assert!(page.contains(".TH fieldkit 1"), "{page}");
    assert!(page.contains("backlog"), "{page}");
    let dir = db.dir.path().join("man1");
    db.ok(&["man", "--dir", dir.to_str().unwrap()]);
    for name in [
        "fieldkit.1",
        "fieldkit-backlog.1",
        "fieldkit-backlog-import.1",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(text.contains(".TH"), "{name}");
    }
    let import = std::fs::read_to_string(dir.join("fieldkit-backlog-import.1")).unwrap();
    assert!(import.contains("jira\\-url"), "{import}");
    assert!(!db.path.exists(), "the man page opened no database");
}

#[test]
fn control_characters_in_tracker_files_never_reach_the_terminal_raw() {
    let db = TempDb::new();
    let jira = db.dir.path().join("esc.csv");
    std::fs::write(
        &jira,
        "Issue key,Summary,Custom field (Reach)\nPLAT-1,A,\u{1b}]52;c;Y3VybA==\u{7}\n",
    )
    .unwrap();
    let github = db.dir.path().join("esc.json");
    std::fs::write(
        &github,
        r#"[{"number":1,"title":"A","state":"OPEN\u001b]0;x\u0007\u009b","url":"https://github.com/a/b/issues/1"}]"#,
    )
    .unwrap();
    for (from, file, said) in [
        ("jira", &jira, "line 2, column 3: reach"),
        ("github", &github, "/0/state: "),
    ] {
        let out = db
            .cmd(&["backlog", "import", "--from", from, file.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(said))
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            !stderr
                .chars()
                .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{9b}'),
            "{stderr:?}"
        );
        assert!(
            stderr.contains("\\u{1b}"),
            "shown as a visible escape: {stderr:?}"
        );
    }
}

#[test]
fn a_csv_source_is_read_or_refused_naming_line_and_column() {
    let db = TempDb::new();
    db.ok(&["backlog", "list"]);
    let file = db.dir.path().join("sources.csv");
    std::fs::write(
        &file,
        "title,reach,impact,confidence,effort,source\n\
         Golden paths,50,2,80,1,users\n\
         Vibes,5,1,50,1,a hunch\n",
    )
    .unwrap();
    let before = db.bytes();
    db.cmd(&["backlog", "import", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "line 3, column 6: source: must be one of users, research, data, team idea, leadership",
        ));
    assert_eq!(db.bytes(), before);
    std::fs::write(
        &file,
        "title,reach,impact,confidence,effort,source\nGolden paths,50,2,80,1,team-idea\n",
    )
    .unwrap();
    db.ok(&["backlog", "import", file.to_str().unwrap()]);
    let list = db.ok(&["backlog", "list", "--format", "csv"]);
    assert!(
        list.lines().nth(1).unwrap().ends_with(",team idea"),
        "{list}"
    );
}
