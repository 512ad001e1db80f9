//! Team sync from the app: the state shown in the status bar, and a sync
//! run on a thread of its own so the screen keeps drawing while it talks
//! to the remote. The thread opens its own connection to the file (WAL lets
//! the app read and write meanwhile); what it received is read again by
//! the panes when it is done. The async runtime stays inside `crate::sync`.

use crate::domain::time::ago;
use crate::store::Store;
use crate::sync::{self, Report};
use jiff::Timestamp;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};

/// What the status bar shows about sync.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncState {
    /// Whether `fieldkit sync init` was run for this file.
    pub set_up: bool,
    /// Changes recorded and not yet sent, counted up to [`TO_SEND_CAP`].
    pub to_send: i64,
    /// When the last sync finished.
    pub last: Option<Timestamp>,
}

/// How many changes to send the status bar counts before it says "N+":
/// it reads them every second, and counting a large outbox reads all of it.
pub const TO_SEND_CAP: i64 = 10_000;

impl SyncState {
    /// Reads where sync stands, without touching the network. A file
    /// that cannot tell (in memory, unreadable config) shows nothing.
    pub fn read(store: &Store) -> Self {
        let Ok(status) = sync::status_capped(store, TO_SEND_CAP as usize) else {
            return Self::default();
        };
        Self {
            set_up: status.remote.is_some(),
            to_send: status.to_send,
            last: status
                .last_sync
                .as_ref()
                .and_then(|l| l.at.parse::<Timestamp>().ok()),
        }
    }

    /// "3 changes to send · synced 2 min ago"; "syncing…" while a sync
    /// runs; nothing when sync is not set up.
    pub fn text(&self, now: Timestamp, running: bool) -> Option<String> {
        if !self.set_up {
            return None;
        }
        if running {
            return Some("syncing…".to_string());
        }
        let send = match self.to_send {
            0 => "nothing to send".to_string(),
            1 => "1 change to send".to_string(),
            _ => format!("{} changes to send", self.count()),
        };
        let when = match self.last {
            None => "never synced".to_string(),
            Some(at) => format!("synced {}", ago(at, now)),
        };
        Some(format!("{send} · {when}"))
    }

    /// The same in fewer columns, for a narrow status bar: "3 to send ·
    /// 2 min ago".
    pub fn short_text(&self, now: Timestamp, running: bool) -> Option<String> {
        if !self.set_up {
            return None;
        }
        if running {
            return Some("syncing…".to_string());
        }
        let when = match self.last {
            None => "never synced".to_string(),
            Some(at) => ago(at, now),
        };
        Some(format!("{} to send · {when}", self.count()))
    }

    /// The changes to send as shown: "10,000+" once the cap is reached.
    fn count(&self) -> String {
        if self.to_send >= TO_SEND_CAP {
            format!("{}+", grouped(TO_SEND_CAP))
        } else {
            grouped(self.to_send)
        }
    }
}

/// 12345 as "12,345".
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A sync running on its own thread.
pub struct Running {
    done: Receiver<Result<Report, String>>,
}

impl Running {
    /// Starts syncing the database at `db` on a new thread.
    pub fn start(db: PathBuf) -> Self {
        let (tx, done) = mpsc::channel();
        std::thread::spawn(move || {
            let result = Store::open(&db)
                .and_then(|mut store| sync::sync(&mut store))
                .map_err(|e| format!("{e:#}"));
            // The app may have quit meanwhile; nobody is left to tell.
            let _ = tx.send(result);
        });
        Self { done }
    }

    /// The result, once the thread is done.
    pub fn finished(&self) -> Option<Result<Report, String>> {
        match self.done.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err("the sync stopped without a result".to_string()))
            }
        }
    }
}

/// What a failed sync says on the one message line: the cause in a few
/// words for the failures a team meets (the full text is what `fieldkit
/// sync` prints in a shell), otherwise the error itself.
pub fn failure_text(error: &str) -> String {
    let kept = "nothing changed";
    let short = if error.contains("secret does not match") {
        format!("wrong secret (run `fieldkit sync init` again); {kept}")
    } else if error.contains("cannot reach the sync remote") {
        format!("cannot reach the remote; {kept}, changes stay queued")
    } else if error.contains("newer fieldkit") {
        format!("the remote was written by a newer fieldkit: upgrade; {kept}")
    } else if error.contains("not set up") {
        "sync is not set up: run `fieldkit sync init` in a shell".to_string()
    } else {
        crate::formats::sanitize::terminal_line(error).into_owned()
    };
    format!("Sync failed: {short}")
}

/// What a finished sync says on the message line.
pub fn report_text(r: &Report) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut text = format!(
        "Synced: sent {}, received {}",
        plural(r.sent_changes, "change", "changes"),
        plural(r.received(), "record", "records")
    );
    match r.conflicts.as_slice() {
        [] => text.push_str(", no conflicts"),
        [c] => text.push_str(&format!(
            ", 1 conflict: {} kept {}'s value (the other is in the history)",
            sync::shown(&c.field),
            sync::shown(&c.kept_by)
        )),
        many => text.push_str(&format!(
            ", {} conflicts: later edits kept (the others are in the history)",
            many.len()
        )),
    }
    if !r.waiting.is_empty() {
        text.push_str(&format!(
            "; {} wait for what they refer to",
            r.waiting.len()
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn the_status_text_counts_what_waits_and_says_when_sync_last_ran() {
        let now = at("2026-11-25T14:00:00Z");
        let state = SyncState {
            set_up: true,
            to_send: 3,
            last: Some(at("2026-11-25T13:57:40Z")),
        };
        assert_eq!(
            state.text(now, false).as_deref(),
            Some("3 changes to send · synced 2 min ago")
        );
        assert_eq!(state.text(now, true).as_deref(), Some("syncing…"));
        let one = SyncState {
            to_send: 1,
            last: Some(at("2026-11-25T13:59:30Z")),
            ..state.clone()
        };
        assert_eq!(
            one.text(now, false).as_deref(),
            Some("1 change to send · synced just now")
        );
        let never = SyncState {
            to_send: 0,
            last: None,
            ..state.clone()
        };
        assert_eq!(
            never.text(now, false).as_deref(),
            Some("nothing to send · never synced")
        );
        let old = SyncState {
            last: Some(at("2026-11-22T09:00:00Z")),
            ..state
        };
        assert_eq!(
            old.text(now, false).as_deref(),
            Some("3 changes to send · synced 3 days ago")
        );
        assert_eq!(
            old.short_text(now, false).as_deref(),
            Some("3 to send · 3 days ago")
        );
    }

    #[test]
    fn a_large_outbox_is_counted_up_to_the_cap_and_says_so() {
        let now = at("2026-11-25T14:00:00Z");
        let state = SyncState {
            set_up: true,
            to_send: 2_345,
            last: None,
        };
        assert_eq!(
            state.text(now, false).as_deref(),
            Some("2,345 changes to send · never synced")
        );
        let capped = SyncState {
            to_send: TO_SEND_CAP,
            ..state
        };
        assert_eq!(
            capped.text(now, false).as_deref(),
            Some("10,000+ changes to send · never synced")
        );
        assert_eq!(
            capped.short_text(now, false).as_deref(),
            Some("10,000+ to send · never synced")
        );
    }

    #[test]
    fn nothing_is_shown_when_sync_is_not_set_up() {
        let state = SyncState::default();
        assert_eq!(state.text(at("2026-11-25T14:00:00Z"), false), None);
        assert_eq!(state.text(at("2026-11-25T14:00:00Z"), true), None);
    }

    #[test]
    fn a_failure_names_its_cause_in_a_line() {
        let wrong = "cannot read the sync remote /x: the team's secret does not match the one \
                     it was written with (run `fieldkit sync init` again with the right secret); \
                     this file was not changed and its outbox is kept";
        assert_eq!(
            failure_text(wrong),
            "Sync failed: wrong secret (run `fieldkit sync init` again); nothing changed"
        );
        assert!(failure_text(wrong).chars().count() <= 78);
        assert_eq!(
            failure_text("cannot reach the sync remote /x: fatal: no; nothing was sent"),
            "Sync failed: cannot reach the remote; nothing changed, changes stay queued"
        );
        assert_eq!(
            failure_text("disk\u{1b}[2J\nfull"),
            "Sync failed: disk\\u{1b}[2J full"
        );
    }

    #[test]
    fn a_report_says_what_moved_and_the_conflicts() {
        let mut r = Report {
            sent_changes: 3,
            inserted: 1,
            ..Report::default()
        };
        assert_eq!(
            report_text(&r),
            "Synced: sent 3 changes, received 1 record, no conflicts"
        );
        r.conflicts.push(crate::store::Conflict {
            id: String::new(),
            record_id: "x".into(),
            table: "items".into(),
            field: "title".into(),
            kept_value: serde_json::json!("A"),
            kept_by: "pm".into(),
            kept_at: String::new(),
            lost_value: serde_json::json!("B"),
            lost_by: "res\u{1b}[31m".into(),
            lost_at: String::new(),
        });
        assert_eq!(
            report_text(&r),
            "Synced: sent 3 changes, received 1 record, 1 conflict: title kept pm's value \
             (the other is in the history)"
        );
    }
}
