//! Crash and fault suites, the way SQLite tests itself: a child process
//! writes in a loop and reports each commit; the parent kills it with
//! SIGKILL at random moments, reopens the file and checks that it is sound
//! and that every reported commit is there. Also: two writers at once, a
//! read-only file or folder, and a full disk. The app itself in a real
//! terminal: SIGKILL during a score edit and during a note's autosave, and
//! a clean quit mid-session; each time the file is checked and every value
//! the screen showed is found in it. (SIGKILL during `restore` is in
//! words.rs, with the backup tests.)

use super::e2e::Tmux;
use super::{TempDb, binary};
use fieldkit::domain::backlog::ItemPatch;
use fieldkit::domain::rice::Reach;
use fieldkit::domain::shadow::{EventKind, NewSession};
use fieldkit::store::Store;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const CHILD_DB: &str = "FIELDKIT_CRASH_DB";
const CHILD_SESSION: &str = "FIELDKIT_CRASH_SESSION";
const CHILD_ITEM: &str = "FIELDKIT_CRASH_ITEM";
/// When set, the child stops after this many commits instead of looping.
const CHILD_COUNT: &str = "FIELDKIT_CRASH_COUNT";

/// The writer: alternately stamps an event and edits a score, printing a
/// line for each commit only after it returned.
#[test]
#[ignore = "the crash tests run this as their child process"]
fn crash_child() {
    let Ok(path) = std::env::var(CHILD_DB) else {
        return;
    };
    let session = std::env::var(CHILD_SESSION).unwrap();
    let item = std::env::var(CHILD_ITEM).unwrap();
    let limit: u64 = std::env::var(CHILD_COUNT)
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(u64::MAX);
    let mut store = Store::open(Path::new(&path)).unwrap();
    let stdout = std::io::stdout();
    for k in 1..=limit {
        let now = jiff::Timestamp::now();
        let event = store
            .add_event(
                &session,
                EventKind::ALL[(k % 6) as usize],
                k as i64 * 10,
                "crash test",
                now,
            )
            .unwrap();
        writeln!(stdout.lock(), "stamp {}", event.id).unwrap();
        let patch = ItemPatch {
            reach: Some(Reach::new(k as f64).unwrap()),
            ..Default::default()
        };
        store.update_item(&item, &patch, now).unwrap();
        writeln!(stdout.lock(), "score {k}").unwrap();
    }
}

/// A database with one session and one item for the children to write to.
fn prepared() -> (TempDb, String, String) {
    let db = TempDb::new();
    let mut store = Store::open(&db.path).unwrap();
    let now = jiff::Timestamp::now();
    let session = store
        .create_session(&NewSession::parse("Crash", "test", "", "").unwrap(), now)
        .unwrap();
    let item = store
        .add_item(&fieldkit::domain::demo::examples()[0].1, now)
        .unwrap();
    (db, session.id, item.id)
}

fn spawn_child(db: &TempDb, session: &str, item: &str, count: Option<u64>) -> Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "crash::crash_child",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD_DB, &db.path)
    .env(CHILD_SESSION, session)
    .env(CHILD_ITEM, item)
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    if let Some(n) = count {
        cmd.env(CHILD_COUNT, n.to_string());
    }
    cmd.spawn().unwrap()
}

/// Reads the child's reports on a thread, so the parent can kill it at will.
fn reports(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            // The test harness may print its own words before ours on a line.
            let Some(start) = ["stamp ", "score "]
                .iter()
                .filter_map(|w| line.find(w))
                .min()
            else {
                continue;
            };
            if tx.send(line[start..].to_string()).is_err() {
                break;
            }
        }
    });
    rx
}

/// Checks the file after the writers are gone: sound, and holding every
/// commit that was reported. Scores count up within one run of writers,
/// so `reported` holds the stamps of all runs and the scores of the last.
fn check(db: &TempDb, session: &str, item: &str, reported: &[String]) {
    let store = Store::open(&db.path).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let events: std::collections::HashSet<String> = store
        .events(session)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let mut last_score = 0.0;
    for line in reported {
        if let Some(id) = line.strip_prefix("stamp ") {
            assert!(events.contains(id), "reported stamp {id} is missing");
        } else if let Some(k) = line.strip_prefix("score ") {
            last_score = f64::max(last_score, k.parse().unwrap());
        }
    }
    let reach = store.item(item).unwrap().unwrap().rice.reach.value();
    assert!(
        reach >= last_score,
        "reported score {last_score} lost: reach is {reach}"
    );
}

/// A small xorshift: random enough for kill moments, no dependency.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn sigkill_at_random_moments_loses_no_reported_commit() {
    let (db, session, item) = prepared();
    let mut seed = u64::from(std::process::id()) * 2_654_435_761 + 1;
    let mut stamps: Vec<String> = Vec::new();
    for _ in 0..8 {
        let mut child = spawn_child(&db, &session, &item, None);
        let rx = reports(&mut child);
        let mut round = Vec::new();
        // Wait for the first commit, then let it run a random while.
        round.push(
            rx.recv_timeout(Duration::from_secs(30))
                .expect("the child writes"),
        );
        let deadline = Instant::now() + Duration::from_millis(20 + next(&mut seed) % 300);
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(1)) {
                round.push(line);
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        round.extend(rx.try_iter());
        stamps.extend(round.iter().filter(|l| l.starts_with("stamp ")).cloned());
        let scores = round.iter().filter(|l| l.starts_with("score ")).cloned();
        let reported: Vec<String> = stamps.iter().cloned().chain(scores).collect();
        check(&db, &session, &item, &reported);
    }
    assert!(stamps.len() >= 8, "every child made progress");
}

#[test]
fn two_processes_writing_at_once_both_succeed() {
    let (db, session, item) = prepared();
    let mut a = spawn_child(&db, &session, &item, Some(150));
    let mut b = spawn_child(&db, &session, &item, Some(150));
    let (ra, rb) = (reports(&mut a), reports(&mut b));
    assert!(a.wait().unwrap().success(), "writer a failed");
    assert!(b.wait().unwrap().success(), "writer b failed");
    let reported: Vec<String> = ra.iter().chain(rb.iter()).collect();
    assert_eq!(reported.len(), 600);
    check(&db, &session, &item, &reported);
    let store = Store::open(&db.path).unwrap();
    assert_eq!(store.events(&session).unwrap().len(), 300);
}

/// Runs the binary as an unprivileged user: root ignores file permissions,
/// so as root it drops to nobody with setpriv; anyone else runs it as is.
fn as_nobody(args: &[&str]) -> std::process::Output {
    let uid = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Command::new(binary()).args(args).output().unwrap();
    }
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(binary())
        .args(args)
        .output()
        .expect("setpriv (util-linux) runs the binary as nobody")
}

#[test]
fn a_read_only_file_or_folder_gives_a_clear_message_and_loses_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let db = TempDb::new();
    db.ok(&["demo"]);
    let before = db.bytes();
    // The folder must be enterable by nobody; the file readable, not writable.
    std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let path = db.path.to_str().unwrap();
    let out = as_nobody(&["--db", path, "backlog", "set", "d774f566", "--reach", "5"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(path) && stderr.contains("read-only"),
        "{stderr}"
    );
    assert_eq!(db.bytes(), before);
    // A writable file in a folder nobody may write (SQLite needs its -wal).
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = as_nobody(&["--db", path, "backlog", "set", "d774f566", "--reach", "5"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(path), "{stderr}");
    assert!(
        stderr.contains("read-only") || stderr.contains("folder"),
        "{stderr}"
    );
    assert_eq!(db.bytes(), before);
    std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let list = db.ok(&["backlog", "list", "--format", "csv"]);
    assert!(list.contains("Faster CI pipelines,200,"), "{list}");
}

/// The app in tmux at 80×24 on `db`; the shell writes its pid to `pid`
/// before becoming the app, so the test can SIGKILL the app itself.
fn tui(db: &TempDb, name: &str) -> (Tmux, String) {
    let pid_file = db.dir.path().join(format!("{name}.pid"));
    let command = format!(
        "echo $$ > {}; exec {} --db {}",
        pid_file.display(),
        binary().display(),
        db.path.display()
    );
    let tmux = Tmux::start(name, &command);
    // The shell writes the pid once tmux has started it: wait for it (a
    // generous bound only stops a broken run from hanging the suite).
    let deadline = Instant::now() + Duration::from_secs(20);
    let pid = loop {
        match std::fs::read_to_string(&pid_file) {
            Ok(pid) if pid.ends_with('\n') => break pid,
            _ => {
                assert!(Instant::now() < deadline, "the app never started");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    };
    (tmux, pid.trim().to_string())
}

fn sigkill(pid: &str) {
    let killed = Command::new("kill").args(["-9", pid]).status().unwrap();
    assert!(killed.success());
}

/// The score the detail panel shows: `RICE (200 × 2 × 80%) ÷ 2 = 160.0`.
fn shown_score(screen: &str) -> Option<String> {
    let line = screen.lines().find(|l| l.contains(" RICE ("))?;
    let after = line.split(" = ").nth(1)?;
    Some(after.split_whitespace().next()?.to_string())
}

#[test]
fn sigkill_during_a_tui_score_edit_keeps_every_shown_score() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    let id = Store::open(&db.path)
        .unwrap()
        .items()
        .unwrap()
        .into_iter()
        .find(|i| i.title == "Faster CI pipelines")
        .unwrap()
        .id;
    let mut seed = u64::from(std::process::id()) * 2_654_435_761 + 7;
    let mut shown = Vec::new();
    for round in 0..3 {
        let (tmux, pid) = tui(&db, &format!("score-{round}"));
        tmux.wait_for("Custom Kubernetes operator");
        // Only Faster CI listed, so it is the one selected whatever its
        // rank after the earlier rounds.
        tmux.keys(&["/", "Faster CI", "Enter"]);
        let deadline = Instant::now() + Duration::from_secs(20);
        while tmux.screen().contains("Custom Kubernetes operator") {
            assert!(Instant::now() < deadline, "the filter never applied");
            std::thread::sleep(Duration::from_millis(50));
        }
        for _ in 0..=next(&mut seed) % 6 {
            let key = ["i", "I", "c", "C"][(next(&mut seed) % 4) as usize];
            tmux.keys(&[key]);
        }
        // Whatever the screen shows at the moment of the kill (keys may
        // still be in flight) must be in the file.
        let screen = tmux.screen();
        sigkill(&pid);
        drop(tmux);
        let detail = screen
            .lines()
            .take_while(|l| !l.contains(" RICE ("))
            .last()
            .unwrap_or_default();
        assert!(detail.contains("Faster CI pipelines"), "{screen}");
        let score = shown_score(&screen).unwrap_or_else(|| panic!("no score shown:\n{screen}"));
        shown.push(score);
        let store = Store::open(&db.path).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok");
        let history: Vec<String> = store
            .score_history(&id)
            .unwrap()
            .iter()
            .map(|h| fieldkit::domain::rice::format_score(h.new_score))
            .collect();
        for score in &shown {
            assert!(
                history.contains(score),
                "shown score {score} is not in the history {history:?}"
            );
        }
        let now = fieldkit::domain::rice::format_score(store.item(&id).unwrap().unwrap().score());
        assert_eq!(history.last(), Some(&now), "the history ends at the score");
    }
}

#[test]
fn sigkill_during_a_notes_autosave_keeps_every_saved_note() {
    let db = TempDb::new();
    db.ok(&["demo"]);
    let (tmux, pid) = tui(&db, "note");
    tmux.wait_for("Faster CI pipelines");
    tmux.keys(&["3", "n"]);
    tmux.wait_for("New interview");
    tmux.keys(&["Sam", "C-s"]);
    tmux.wait_for("Opening · question 1 of 10");
    tmux.keys(&["Enter"]);
    tmux.wait_for("saved as you type; Esc closes");
    let reader = Store::open(&db.path).unwrap();
    let interview = reader.unfinished_interview().unwrap().unwrap().id;
    let saved = |store: &Store| -> String {
        store
            .notes(&interview)
            .unwrap()
            .into_iter()
            .find(|n| n.kind == fieldkit::domain::interview::NoteKind::Note)
            .map(|n| n.text)
            .unwrap_or_default()
    };
    let words = [
        "alpha ", "bravo ", "charlie ", "delta ", "echo ", "foxtrot ",
    ];
    let mut typed = String::new();
    let mut seen = Vec::new();
    for word in &words[..3] {
        tmux.keys(&[word]);
        typed.push_str(word);
    }
    // Wait (bounded) until an autosave reached the file, then go on typing
    // so that the kill lands among the keys and their autosaves.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = saved(&reader);
        if !text.is_empty() {
            seen.push(text);
            break;
        }
        assert!(Instant::now() < deadline, "the note was never autosaved");
        std::thread::sleep(Duration::from_millis(50));
    }
    for word in &words[3..] {
        tmux.keys(&[word]);
        typed.push_str(word);
        seen.push(saved(&reader));
    }
    sigkill(&pid);
    drop(tmux);
    drop(reader);
    let store = Store::open(&db.path).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let last = saved(&store);
    assert!(
        typed.trim_end().starts_with(last.trim_end()),
        "the saved note {last:?} is not what was typed ({typed:?})"
    );
    for text in seen.iter().filter(|t| !t.is_empty()) {
        assert!(
            last.starts_with(text.trim_end()),
            "{text:?} was in the file, then lost: {last:?}"
        );
    }
}

#[test]
fn a_clean_quit_mid_session_keeps_every_shown_stamp_and_the_clock() {
    let db = TempDb::new();
    let command = format!(
        "{} --db {}; echo fieldkit-exited-$?; sleep 30",
        binary().display(),
        db.path.display()
    );
    let tmux = Tmux::start("quit", &command);
    tmux.wait_for("Your backlog is empty");
    tmux.keys(&["2", "n", "Alex", "Tab", "Deploy a one-line change", "C-s"]);
    tmux.wait_for("RECORDING");
    for (key, prompt, text) in [
        ("f", "Friction: where did they struggle?", "no runbook"),
        ("t", "Tool or doc opened", "kubectl"),
    ] {
        tmux.keys(&[key]);
        tmux.wait_for(prompt);
        tmux.keys(&[text, "Enter"]);
    }
    let screen = tmux.wait_for("kubectl");
    assert!(screen.contains("no runbook"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("Quit while the session with Alex runs?");
    tmux.keys(&["y"]);
    tmux.wait_for("fieldkit-exited-0");
    drop(tmux);
    let store = Store::open(&db.path).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let session = store
        .unfinished_session()
        .unwrap()
        .expect("offered for resuming");
    let events = store.events(&session.id).unwrap();
    let texts: Vec<&str> = events.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, ["no runbook", "kubectl"]);
    // The quit saved the clock: at least up to the last stamp.
    let last_stamp = events.iter().map(|e| e.offset_ms).max().unwrap();
    assert!(
        session.last_offset_ms >= last_stamp,
        "clock {} < last stamp {last_stamp}",
        session.last_offset_ms
    );
}
