//! The real binary in a real terminal: tmux runs it, send-keys types, and
//! capture-pane reads the screen.

use super::{TempDb, binary};
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of the test's own, killed when the test ends.
pub(super) struct Tmux {
    socket: String,
}

impl Tmux {
    pub(super) fn start(name: &str, command: &str) -> Self {
        let socket = format!("fieldkit-e2e-{}-{name}", std::process::id());
        let tmux = Self { socket };
        let status = Command::new("tmux")
            .args([
                "-L",
                &tmux.socket,
                "new-session",
                "-d",
                "-x",
                "80",
                "-y",
                "24",
                command,
            ])
            .status()
            .expect("tmux must be installed for the end-to-end tests (.ci/run installs it)");
        assert!(status.success());
        tmux
    }

    pub(super) fn keys(&self, keys: &[&str]) {
        for key in keys {
            let status = Command::new("tmux")
                .args(["-L", &self.socket, "send-keys", "-t", "0", key])
                .status()
                .unwrap();
            assert!(status.success());
            // Separate presses, as a person types: an Esc followed at once by
            // a letter would read as Alt-letter.
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    pub(super) fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`; a generous bound only stops a
    /// broken build from hanging the suite.
    pub(super) fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "never saw {text:?} on screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Tmux {
    /// Presses Esc and waits until `text` has left the screen. A key sent
    /// while Esc is still unread would arrive as Alt-key.
    fn escape_from(&self, text: &str) {
        self.keys(&["Escape"]);
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.screen().contains(text) {
            assert!(Instant::now() < deadline, "Esc never closed {text:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// The app on `db`, kept on screen after it exits so the test can read it.
fn app_command(db: &TempDb) -> String {
    format!(
        "{} --db {}; sleep 30",
        binary().display(),
        db.path.display()
    )
}

fn row_of(screen: &str, title: &str) -> usize {
    screen
        .lines()
        .position(|l| l.contains(title))
        .unwrap_or_else(|| panic!("{title} not on screen:\n{screen}"))
}

#[test]
fn backlog_score_change_by_keys_is_saved() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    let command = format!(
        "{} --db {}; echo fieldkit-exited-$?; sleep 30",
        binary().display(),
        db.path.display()
    );
    let tmux = Tmux::start("backlog", &command);
    let screen = tmux.wait_for("Custom Kubernetes operator");
    assert!(row_of(&screen, "Service mesh") > row_of(&screen, "Self-service databases"));

    // Service mesh: impact 1 → 2, confidence 50 → 80 → 100: 66.7 passes 64.0.
    tmux.keys(&["j", "j", "i", "c", "c"]);
    let screen = tmux.wait_for("now #2");
    assert!(
        row_of(&screen, "Service mesh") < row_of(&screen, "Self-service databases"),
        "{screen}"
    );
    assert!(screen.contains("(200 × 2 × 100%) ÷ 6 = 66.7"), "{screen}");

    tmux.keys(&["?"]);
    tmux.wait_for("Keys — ? or Esc closes");
    tmux.escape_from("Keys — ? or Esc closes");
    tmux.keys(&["q"]);
    let after = tmux.wait_for("fieldkit-exited-0");
    // The alternate screen is gone: the shell's screen is back.
    assert!(!after.contains("Score history"), "{after}");

    let csv = db.ok(&["backlog", "list", "--format", "csv"]);
    let second = csv.lines().nth(2).unwrap();
    assert!(second.contains("Service mesh,200,2,100,6,66.7"), "{csv}");
}

#[test]
fn adding_an_item_through_the_form() {
    let db = TempDb::new();
    let command = app_command(&db);
    let tmux = Tmux::start("form", &command);
    tmux.wait_for("Your backlog is empty");
    tmux.keys(&[
        "a",
        "Golden path docs",
        "Tab",
        "120",
        "Tab",
        "high",
        "Tab",
        "0.8",
        "C-s",
    ]);
    tmux.wait_for("did you mean 80?");
    tmux.keys(&["BSpace", "BSpace", "BSpace", "80", "C-s"]);
    tmux.wait_for("Added 'Golden path docs'");
    tmux.keys(&["q"]);
    let csv = db.ok(&["backlog", "list", "--format", "csv"]);
    assert!(
        csv.contains("Golden path docs,120,2,80,1,192.0,inbox"),
        "{csv}"
    );
}

#[test]
fn shadow_stamps_survive_sigkill_and_the_session_resumes() {
    let db = TempDb::new();
    let pid_file = db.dir.path().join("pid");
    let command = format!(
        "echo $$ > {}; exec {} --db {}",
        pid_file.display(),
        binary().display(),
        db.path.display()
    );
    let tmux = Tmux::start("shadow", &command);
    tmux.wait_for("Your backlog is empty");
    tmux.keys(&["2", "n", "Alex", "Tab", "Deploy a one-line change", "C-s"]);
    tmux.wait_for("RECORDING");
    for (key, prompt, text) in [
        ("f", "Friction: where did they struggle?", "no runbook"),
        ("t", "Tool or doc opened", "kubectl"),
        ("w", "Waiting for what?", "CI"),
        ("i", "I wish", "I wish deploys took one command"),
    ] {
        tmux.keys(&[key]);
        tmux.wait_for(prompt);
        tmux.keys(&[text, "Enter"]);
    }
    // The last stamp: killed while its text input is open. The stamp was
    // committed before the input appeared, so it must survive.
    tmux.keys(&["s"]);
    tmux.wait_for("Context switch: to what?");
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let killed = Command::new("kill")
        .args(["-9", pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());
    drop(tmux);

    {
        let store = fieldkit::store::Store::open(&db.path).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok");
        let session = store
            .unfinished_session()
            .unwrap()
            .expect("the session is unfinished");
        let events: Vec<(String, String)> = store
            .events(&session.id)
            .unwrap()
            .into_iter()
            .map(|e| (e.kind.name().to_string(), e.text))
            .collect();
        let kinds: Vec<&str> = events.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            kinds,
            ["friction", "tool", "wait", "wish", "switch"],
            "{events:?}"
        );
        assert_eq!(events[0].1, "no runbook");
        assert_eq!(events[3].1, "I wish deploys took one command");
    }

    // Reopening offers the session; continuing it shows every stamp.
    let command = app_command(&db);
    let tmux = Tmux::start("shadow-again", &command);
    tmux.wait_for("Unfinished session");
    tmux.keys(&["c"]);
    let screen = tmux.wait_for("RECORDING");
    for text in ["no runbook", "kubectl", "I wish deploys took one command"] {
        assert!(screen.contains(text), "{text} missing:\n{screen}");
    }
    tmux.keys(&["E", "y"]);
    tmux.wait_for("Developer Shadowing Notes");
    tmux.escape_from("Developer Shadowing Notes");
    tmux.keys(&["q"]);
    let list = db.ok(&["shadow", "list", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&list).unwrap();
    let id = json[0]["id"].as_str().unwrap().to_string();
    assert!(json[0]["ended_at"].is_string());
    let md = db.ok(&["shadow", "export", &id]);
    assert!(md.contains("**Tools used:** kubectl"), "{md}");
    assert!(md.contains("**Context switches:** 1"), "{md}");
}

#[test]
fn an_interview_from_start_to_export() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    let command = app_command(&db);
    let tmux = Tmux::start("interview", &command);
    tmux.wait_for("Faster CI pipelines");
    tmux.keys(&["3", "n"]);
    tmux.wait_for("New interview");
    tmux.keys(&["Priya", "Tab", "Payments"]);
    for _ in 0..5 {
        tmux.keys(&["Tab"]);
    }
    tmux.keys(&["Tab", "Deploys are slow because of CI", "C-s"]);
    tmux.wait_for("Opening · question 1 of 10");
    tmux.keys(&["t"]);
    tmux.wait_for("YOU ARE TALKING");
    tmux.keys(&[
        "t",
        "Enter",
        "Uses kubectl by hand",
        "Enter",
        "every single day",
    ]);
    tmux.escape_from("saved as you type; Esc closes");
    tmux.wait_for("every single day");
    tmux.keys(&["\"", "It takes 40 minutes to deploy", "Enter"]);
    tmux.wait_for("Quote saved");
    for _ in 0..7 {
        tmux.keys(&["Space"]);
    }
    tmux.wait_for("Validation · question 8 of 10");
    tmux.keys(&["r", "b a c", "Enter"]);
    tmux.wait_for("Ranking saved");
    tmux.keys(&["E", "y"]);
    tmux.wait_for("# Interview - ");
    tmux.escape_from("# Interview - ");
    tmux.keys(&["q"]);

    let list: serde_json::Value =
        serde_json::from_str(&db.ok(&["interview", "list", "--format", "json"])).unwrap();
    let id = list[0]["id"].as_str().unwrap().to_string();
    let json: serde_json::Value =
        serde_json::from_str(&db.ok(&["interview", "export", &id, "--format", "json"])).unwrap();
    let ratio = json["talk_ratio"].as_f64().unwrap();
    assert!(ratio > 0.0 && ratio <= 1.0, "{ratio}");
    assert_eq!(json["talk_intervals"].as_array().unwrap().len(), 1);
    assert_eq!(
        json["questions"][0]["note"],
        "Uses kubectl by hand\nevery single day"
    );
    assert_eq!(
        json["questions"][0]["quotes"][0]["text"],
        "It takes 40 minutes to deploy"
    );
    assert_eq!(
        json["ranking"],
        serde_json::json!([
            "Self-service databases",
            "Faster CI pipelines",
            "Service mesh"
        ])
    );
    assert_eq!(
        json["assumptions"],
        serde_json::json!(["Deploys are slow because of CI"])
    );
    let md = db.ok(&["interview", "export", &id]);
    assert!(md.contains("> \"It takes 40 minutes to deploy\""), "{md}");
}

#[test]
fn from_an_interview_quote_to_an_evidence_backed_backlog_item() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    let command = app_command(&db);
    let tmux = Tmux::start("synthesis", &command);
    tmux.wait_for("Faster CI pipelines");
    // An interview with one quote.
    tmux.keys(&["3", "n"]);
    tmux.wait_for("New interview");
    tmux.keys(&["Dana", "Tab", "Mobile", "C-s"]);
    tmux.wait_for("Opening · question 1 of 10");
    tmux.keys(&["\"", "Rollbacks take an hour of manual work", "Enter"]);
    tmux.wait_for("Quote saved");
    tmux.keys(&["E", "y"]);
    tmux.wait_for("# Interview - ");
    tmux.escape_from("# Interview - ");
    // A synthesis of it: a pain point backed by the quote, promoted.
    tmux.keys(&["4", "n"]);
    tmux.wait_for("New synthesis");
    tmux.keys(&["Rollbacks", "Enter"]);
    tmux.wait_for("Space picks");
    tmux.keys(&["Space", "Enter"]);
    tmux.wait_for("Rollbacks — from Dana (Mobile)");
    tmux.keys(&["a", "Rollbacks are manual", "Escape"]);
    tmux.wait_for("★1 Rollbacks are manual");
    tmux.keys(&["Right", "Q"]);
    tmux.wait_for("↳ \"Rollbacks take an hour");
    tmux.keys(&["Left", "b"]);
    tmux.wait_for("Promote to the backlog");
    tmux.keys(&["Tab", "60", "Tab", "2", "Tab", "50", "Tab", "1", "C-s"]);
    tmux.wait_for("is on the backlog with 1 piece of evidence");
    tmux.keys(&["1"]);
    tmux.wait_for("Evidence (1)");
    tmux.keys(&["q"]);

    let list: serde_json::Value =
        serde_json::from_str(&db.ok(&["backlog", "list", "--format", "json"])).unwrap();
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Rollbacks are manual")
        .expect("the promoted item is on the backlog");
    assert_eq!(item["score"], 60.0);
    let id = item["id"].as_str().unwrap();
    let shown = db.ok(&["backlog", "show", id]);
    assert!(
        shown.contains("\"Rollbacks take an hour of manual work\" — Dana (Mobile) (interview, 00:"),
        "{shown}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&db.ok(&["backlog", "show", id, "--format", "json"])).unwrap();
    assert_eq!(json["evidence"][0]["kind"], "quote");
    assert_eq!(json["evidence"][0]["source"], "interview");
    let syntheses: serde_json::Value =
        serde_json::from_str(&db.ok(&["synthesis", "list", "--format", "json"])).unwrap();
    let sid = syntheses[0]["id"].as_str().unwrap();
    let md = db.ok(&["synthesis", "export", sid]);
    assert!(
        md.contains("## Top 3 pain points mentioned\n\n1. Rollbacks are manual"),
        "{md}"
    );
    assert!(
        md.contains("> \"Rollbacks take an hour of manual work\" — Dana (Mobile)"),
        "{md}"
    );
}

#[test]
fn recording_a_reading_in_the_outcomes_pane_clears_its_alert() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    let command = app_command(&db);
    let tmux = Tmux::start("outcomes", &command);
    tmux.wait_for("Faster CI pipelines");
    tmux.keys(&["6"]);
    let screen = tmux.wait_for("Alerts (3)");
    assert!(
        screen.contains("! overdue: Platform reliability"),
        "{screen}"
    );
    assert!(screen.contains("Research cadence"), "{screen}");
    // The last metric is the ticket volume; the one above it is reliability.
    tmux.keys(&["G", "k", "r"]);
    tmux.wait_for("Record a reading of Platform reliability");
    // A bad value is refused in the form, naming what is allowed.
    tmux.keys(&["101", "C-s"]);
    tmux.wait_for("a percent must be from 0 to 100");
    tmux.keys(&["C-u", "99.95", "C-s"]);
    let screen = tmux.wait_for("Alerts (2)");
    assert!(!screen.contains("! overdue"), "{screen}");
    assert!(screen.contains("Recorded 99.95% on"), "{screen}");
    // Every line of the pane fits 80 columns whole.
    for line in screen.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
    tmux.keys(&["q"]);

    let shown: serde_json::Value = serde_json::from_str(&db.ok(&[
        "metric",
        "show",
        "Platform reliability",
        "--format",
        "json",
    ]))
    .unwrap();
    let readings = shown["readings"].as_array().unwrap();
    assert_eq!(readings.last().unwrap()["value"], 99.95);
    assert!(shown["alerts"].as_array().unwrap().is_empty(), "{shown}");
    let list = db.ok(&["metric", "list"]);
    assert!(!list.contains("! overdue"), "{list}");
}

#[test]
fn s_syncs_with_the_team_while_the_screen_keeps_drawing() {
    const SECRET: &str = "correct horse battery staple";
    let pm = TempDb::new();
    let researcher = TempDb::new();
    let shared = pm.dir.path().join("shared");
    let shared = shared.display().to_string();
    for (db, name) in [(&pm, "pm"), (&researcher, "researcher")] {
        db.cmd(&["sync", "init", "--dir", &shared, "--name", name])
            .env("FIELDKIT_SYNC_SECRET", SECRET)
            .assert()
            .success();
    }
    pm.ok(&["demo"]);
    researcher.ok(&[
        "backlog",
        "add",
        "Golden path docs",
        "--reach",
        "100",
        "--impact",
        "2",
        "--confidence",
        "80",
        "--effort",
        "1",
    ]);
    researcher.ok(&["sync"]);

    let tmux = Tmux::start("sync", &app_command(&pm));
    let screen = tmux.wait_for("changes to send");
    assert!(screen.contains("never synced"), "{screen}");
    assert!(!screen.contains("Golden path docs"), "{screen}");
    tmux.keys(&["j", "S"]);
    tmux.wait_for("syncing…");
    tmux.wait_for("Synced: sent");
    tmux.wait_for("Golden path docs");
    // The next key clears the message; the state shows again.
    tmux.keys(&["j"]);
    tmux.wait_for("nothing to send · synced just now");
    tmux.keys(&["q"]);
    researcher.ok(&["sync"]);
    let list = researcher.ok(&["backlog", "list"]);
    assert!(list.contains("Custom Kubernetes operator"), "{list}");
}

#[test]
fn pinning_on_the_roadmap_shows_what_slips_and_the_cli_agrees() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    db.ok(&["roadmap", "capacity", "now", "12"]);
    let command = format!(
        "{} --db {}; echo fieldkit-exited-$?; sleep 30",
        binary().display(),
        db.path.display()
    );
    let tmux = Tmux::start("roadmap", &command);
    tmux.wait_for("Custom Kubernetes operator");
    tmux.keys(&["5"]);
    let board = tmux.wait_for("5 / 12 pm");
    assert!(board.contains("Exploring"), "{board}");
    // Later's multi-cloud abstraction (RICE 8.0, 8 pm) into Now, a lane at a time.
    tmux.keys(&["l", "l", "H"]);
    tmux.wait_for("to Next delays nothing");
    tmux.escape_from("What this changes");
    tmux.keys(&["H"]);
    let popup = tmux.wait_for("it does not fit in Now's capacity");
    assert!(popup.contains("5 / 12 pm → 13 / 12 pm"), "{popup}");
    tmux.escape_from("What this changes");
    // Pinning it puts it first: the self-service databases slip.
    tmux.keys(&["p"]);
    tmux.wait_for("Pin — Multi-cloud abstraction");
    tmux.keys(&["strategic: VP Eng", "Enter"]);
    let popup = tmux.wait_for("pushes Self-service databases (64.0)");
    assert!(popup.contains("past Now's capacity"), "{popup}");
    let rows: Vec<&str> = popup
        .lines()
        .filter(|l| l.contains(" pm  ") || l.contains(" pm │"))
        .collect();
    assert!(
        rows.iter()
            .any(|l| l.contains("↑ 1 Multi-cloud abstraction") && l.contains("8.0")),
        "{popup}"
    );
    assert!(
        rows.iter().any(|l| l.contains("3 Self-service databases")
            && l.contains("64.0")
            && l.contains("now slips")),
        "{popup}"
    );
    tmux.escape_from("What this changes");
    let board = tmux.wait_for("slips to Next");
    assert!(board.contains("13 / 12 pm over"), "{board}");
    tmux.keys(&["q"]);
    tmux.wait_for("fieldkit-exited-0");

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
        md.contains("| 3 | Self-service databases | 64.0 | 3 | slipping to Next |"),
        "{md}"
    );
}
