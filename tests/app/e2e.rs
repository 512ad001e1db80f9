//! The real binary in a real terminal: tmux runs it, send-keys types, and
//! capture-pane reads the screen.

use super::{TempDb, binary};
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of the test's own, killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, command: &str) -> Self {
        let socket = format!("fieldkit-e2e-{}-{name}", std::process::id());
        let tmux = Self { socket };
        let status = Command::new("tmux")
            .args([
                "-L",
                &tmux.socket,
                "new-session",
                "-d",
                "-x",
                "100",
                "-y",
                "30",
                command,
            ])
            .status()
            .expect("tmux must be installed for the end-to-end tests (.ci/run installs it)");
        assert!(status.success());
        tmux
    }

    fn keys(&self, keys: &[&str]) {
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

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`; a generous bound only stops a
    /// broken build from hanging the suite.
    fn wait_for(&self, text: &str) -> String {
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

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
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
    tmux.keys(&["Escape"]);
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
    let command = format!(
        "{} --db {}; sleep 30",
        binary().display(),
        db.path.display()
    );
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
