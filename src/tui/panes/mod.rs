//! One module per pane. Panes get what they may touch through [`Ctx`].

pub mod backlog;
pub mod interview;
pub mod shadow;
pub mod synthesis;

use crate::domain::time::Clock;
use crate::store::Store;
use ratatui::layout::Rect;

/// What a pane's update may use: the store, the clock, the message line,
/// and the area the pane is drawn in (for scrolling and clicks).
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub clock: &'a dyn Clock,
    pub status: &'a mut Status,
    pub body: Rect,
    /// What a pane changed that another pane shows.
    pub changed: &'a mut Changed,
}

/// Changes that cross panes: the app refreshes the other panes after them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changed {
    /// An item was added to the backlog elsewhere (a synthesis promoted
    /// it): its id, to select it there.
    pub backlog_item: Option<String>,
}

/// The one-line message under the pane: what just happened, or what failed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Status {
    pub message: Option<(String, bool)>,
}

impl Status {
    pub fn info(&mut self, message: impl Into<String>) {
        self.message = Some((message.into(), false));
    }

    pub fn error(&mut self, message: impl Into<String>) {
        self.message = Some((message.into(), true));
    }

    /// A failure: what was not done, why, and for storage failures what
    /// it means (read-only, disk full…).
    pub fn failed(&mut self, what: &str, e: &color_eyre::eyre::Report) {
        let mut message = format!("{what}: {e:#}");
        if let Some(hint) = crate::store::storage_hint(e) {
            message.push_str(" — ");
            message.push_str(hint);
        }
        self.error(message);
    }

    pub fn clear(&mut self) {
        self.message = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_storage_failure_says_what_it_means() {
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        let mut status = Status::default();
        status.failed("Not saved", &color_eyre::eyre::Report::new(full));
        let (message, is_error) = status.message.unwrap();
        assert!(is_error);
        assert!(message.starts_with("Not saved: "), "{message}");
        assert!(
            message.ends_with(
                "the disk is full (or the file reached its size limit); nothing was written"
            ),
            "{message}"
        );
    }
}
