//! Integration tests, linked as one binary: the CLI through assert_cmd and
//! the TUI end to end in a real terminal (tmux).

mod cli;
mod crash;
mod delete;
mod e2e;
mod listing;
mod metric;
mod roadmap;
mod sync;
mod trackers;
mod words;

use std::path::{Path, PathBuf};

/// A temp directory holding the database path of one test.
pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Default for TempDb {
    fn default() -> Self {
        Self::new()
    }
}

impl TempDb {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fieldkit.db");
        Self { dir, path }
    }

    /// `fieldkit --db PATH args…`, not yet run.
    pub fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("fieldkit").unwrap();
        cmd.env_remove("FIELDKIT_DB")
            .arg("--db")
            .arg(&self.path)
            .args(args);
        cmd
    }

    /// Runs a command that must succeed and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self
            .cmd(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    }

    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).unwrap()
    }
}

pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fieldkit"))
}
