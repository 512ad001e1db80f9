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

    pub fn clear(&mut self) {
        self.message = None;
    }
}
