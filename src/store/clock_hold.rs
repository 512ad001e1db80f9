//! Which copy of the app runs a session's or an interview's clock.
//!
//! Two copies may have one file open. A session that was never ended is
//! either running in another copy right now or was left by a copy that
//! closed (a crash, a kill, a closed lid); only the second may be
//! continued or ended here. The copy that runs a clock holds an OS lock on
//! a small file beside the database, named after the record. The lock is
//! released when the copy lets go or dies, however it dies: a heartbeat's
//! age could not tell "closed a second ago" from "still running".

use super::{Store, sidecar};
use color_eyre::eyre::Result;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;

/// This copy's hold on a record's clock: released (and its file removed)
/// when dropped.
#[derive(Debug)]
pub struct ClockHold {
    /// `None` where no other copy can open the file (in memory), or where
    /// the lock file could not be made (a full disk, a read-only folder):
    /// recording goes on unguarded rather than not at all.
    held: Option<(File, PathBuf)>,
}

impl Drop for ClockHold {
    fn drop(&mut self) {
        if let Some((file, path)) = self.held.take() {
            // Removed while still locked, so no copy finds the name
            // unlocked before it is gone.
            let _ = std::fs::remove_file(&path);
            drop(file);
        }
    }
}

impl Store {
    /// Holds the clock of the session or interview `id` for this copy;
    /// `None` when another running copy holds it.
    pub fn hold_clock(&self, id: &str) -> Result<Option<ClockHold>> {
        if self.in_memory() {
            return Ok(Some(ClockHold { held: None }));
        }
        let path = sidecar(&self.path, &format!("-clock-{id}"));
        let file = match open_lock_file(&path) {
            Ok(file) => file,
            Err(_) => return Ok(Some(ClockHold { held: None })),
        };
        match file.try_lock() {
            Ok(()) => Ok(Some(ClockHold {
                held: Some((file, path)),
            })),
            Err(TryLockError::WouldBlock) => Ok(None),
            // A file system without locks: unguarded, as above.
            Err(TryLockError::Error(_)) => Ok(Some(ClockHold { held: None })),
        }
    }

    /// Whether another running copy of the app holds the clock of `id`.
    pub fn clock_held_elsewhere(&self, id: &str) -> Result<bool> {
        Ok(self.hold_clock(id)?.is_none())
    }
}

fn open_lock_file(path: &std::path::Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_copy_holds_a_clock_until_it_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fk.db");
        let mine = Store::open(&path).unwrap();
        let theirs = Store::open(&path).unwrap();
        let hold = mine.hold_clock("session-1").unwrap().expect("held");
        assert!(theirs.clock_held_elsewhere("session-1").unwrap());
        assert!(theirs.hold_clock("session-1").unwrap().is_none());
        // Another record's clock is free.
        assert!(!theirs.clock_held_elsewhere("session-2").unwrap());
        drop(hold);
        assert!(!theirs.clock_held_elsewhere("session-1").unwrap());
        // Nothing is left beside the file once every hold is let go.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("-clock-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_file_in_memory_is_never_held_elsewhere() {
        let store = Store::open_in_memory().unwrap();
        let _hold = store.hold_clock("s").unwrap().expect("held");
        assert!(!store.clock_held_elsewhere("s").unwrap());
    }
}
