//! One module per pane. Panes get what they may touch through [`Ctx`].

pub mod backlog;

use crate::domain::time::Clock;
use crate::store::Store;

/// What a pane's update may use: the store, the clock, the message line,
/// and how many table rows fit on screen.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub clock: &'a dyn Clock,
    pub status: &'a mut Status,
    pub table_rows: usize,
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

    pub fn clear(&mut self) {
        self.message = None;
    }
}
