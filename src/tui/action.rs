//! Everything a key, a click or the wheel can ask the app to do.

use crate::domain::shadow::EventKind;

/// An intent, decoupled from the key that expressed it: the key map turns
/// keys into actions, and one `update` applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    NextTab,
    PrevTab,
    SelectTab(usize),
    Backlog(BacklogAction),
    Shadow(ShadowAction),
    Interview(InterviewAction),
    Synthesis(SynthesisAction),
}

/// What the Backlog pane can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacklogAction {
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    /// Select the row at this position on screen (a mouse click).
    ClickRow(usize),
    /// Move the selection by this many rows (the mouse wheel).
    Scroll(i32),
    Add,
    Edit,
    ImpactUp,
    ImpactDown,
    ConfidenceUp,
    ConfidenceDown,
    Reach,
    Effort,
    Lane,
    Kill,
    Delete,
    ToggleClosed,
    Filter,
    LoadExamples,
}

/// What the Shadow pane can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShadowAction {
    Down,
    Up,
    Top,
    Bottom,
    ClickRow(usize),
    Scroll(i32),
    NewSession,
    /// Stamp the moment, then ask for the text.
    Stamp(EventKind),
    /// Start a wait, or end the running one.
    Wait,
    Undo,
    Edit,
    Delete,
    Pause,
    End,
    Summary,
    /// Filter the past sessions.
    Filter,
}

/// What the Interview pane can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterviewAction {
    Down,
    Up,
    ClickRow(usize),
    Scroll(i32),
    NewInterview,
    NextQuestion,
    PreviousQuestion,
    Note,
    Quote,
    Talk,
    Ranking,
    End,
    Summary,
    /// Filter the past interviews.
    Filter,
}

/// What the Synthesis pane can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynthesisAction {
    Down,
    Up,
    ClickRow(usize),
    Scroll(i32),
    NewSynthesis,
    FocusSources,
    FocusEntries,
    Add,
    /// Edit the selected entry, or open the selected synthesis.
    Edit,
    Delete,
    MoveUp,
    MoveDown,
    Validated,
    Contradicted,
    LinkQuote,
    Promote,
    Tally,
    View,
    /// Filter the syntheses.
    Filter,
}
