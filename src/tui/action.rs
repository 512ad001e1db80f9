//! Everything a key, a click, the wheel or a submitted popup can ask the
//! app to do. Keys become actions through binding tables; a popup's
//! `Submit` becomes an action carrying what was typed, parsed; one
//! `update` applies them, and only `update` writes.

use super::tab::Tab;
use crate::domain::backlog::{Item, ItemPatch, NewItem};
use crate::domain::interview::NewInterview;
use crate::domain::item_edit::ItemEdit;
use crate::domain::metric::{NewMetric, NewReading};
use crate::domain::roadmap::RoadmapPatch;
use crate::domain::shadow::{EventKind, NewSession};
use crate::domain::synthesis::SourceKind;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    Help,
    /// Send and receive through the team's sync remote, in the background.
    Sync,
    NextTab,
    PrevTab,
    SelectTab(Tab),
    Backlog(BacklogAction),
    Shadow(ShadowAction),
    Interview(InterviewAction),
    Synthesis(SynthesisAction),
    Roadmap(RoadmapAction),
    Outcomes(OutcomesAction),
}

/// Where a new node of the impact map goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeTarget {
    Goal,
    Actor { goal_id: String },
    Impact { actor_id: String },
}

impl NodeTarget {
    /// The field a refused name is reported under.
    pub fn field(&self) -> &'static str {
        match self {
            NodeTarget::Goal => "goal",
            NodeTarget::Actor { .. } => "actor",
            NodeTarget::Impact { .. } => "impact",
        }
    }
}

/// What the Roadmap pane can do.
#[derive(Debug, Clone, PartialEq)]
pub enum RoadmapAction {
    Left,
    Right,
    Down,
    Up,
    Scroll(i32),
    /// A click on a lane's item row.
    Click {
        lane: usize,
        row: usize,
    },
    MoveLeft,
    MoveRight,
    /// Pin (asks the reason) or unpin the selected item.
    Pin,
    Capacity,
    /// Keep or kill an item past its review date.
    Review,
    Kill,
    /// Open the impact map.
    Map,
    /// Back from the impact map to the board.
    Board,
    /// Add under the cursor on the map.
    AddNode,
    AddGoal,
    /// Enter on the map: choose an item, or link it to an impact.
    Link,
    /// Pin with this reason, or unpin (`None`).
    SetPin {
        id: String,
        reason: Option<String>,
    },
    SetCapacity {
        lane: crate::domain::backlog::Lane,
        capacity: Option<f64>,
    },
    AskKeepDate {
        id: String,
    },
    AskKill {
        id: String,
    },
    Keep {
        id: String,
        review_by: jiff::civil::Date,
    },
    KillItem {
        id: String,
        reason: String,
    },
    CreateNode {
        target: NodeTarget,
        name: String,
    },
}

/// What to do with a session or interview that was never ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResumeChoice {
    /// Carry on; the time away does not count.
    Continue,
    /// End it at its last known moment.
    End,
    /// Decide next time.
    Later,
}

/// What the Backlog pane can do.
#[derive(Debug, Clone, PartialEq)]
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
    ClearFilter,
    /// The filter line now reads this.
    FilterChanged(String),
    LoadExamples,
    /// Load the demo into a backlog that has items, after the question
    /// was answered yes.
    ConfirmLoadExamples,
    /// The add form, filled and checked.
    /// A new item and its roadmap fields.
    Create(NewItem, Box<RoadmapPatch>),
    /// A change to one item (edit form, reach, effort, lane, kill).
    Patch {
        id: String,
        patch: ItemPatch,
    },
    /// Delete, after the question was answered yes.
    ConfirmDelete {
        id: String,
    },
    /// Bring back the item just deleted.
    Undelete,
    /// The edit form saved: its changed fields only, made on `original`;
    /// checked against the item as stored now before anything is written.
    Save {
        original: Box<Item>,
        edit: Box<ItemEdit>,
    },
    /// Write an edit whose conflicts the user settled.
    Write {
        id: String,
        edit: Box<ItemEdit>,
    },
    /// Something the user should know that wrote nothing (a paste's line
    /// breaks folded in a one-line field).
    Note(String),
}

/// What the Shadow pane can do.
#[derive(Debug, Clone, PartialEq)]
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
    /// Open the selected past session to read and correct its events.
    Open,
    /// Back from a past session to the list.
    Back,
    /// Delete the selected past session (asks).
    DeleteSession,
    ConfirmDeleteSession {
        id: String,
    },
    /// Bring back the session just deleted.
    UndeleteSession,
    /// Filter the past sessions.
    Filter,
    ClearFilter,
    /// The new-session form, filled and checked.
    Start(NewSession),
    /// The text of a stamp (just taken, or edited).
    SetText {
        event_id: String,
        text: String,
    },
    /// Write again a stamp whose first write failed, with its text.
    RetryStamp {
        kind: EventKind,
        offset_ms: i64,
        text: String,
    },
    ConfirmEnd,
    ConfirmDelete {
        event_id: String,
    },
    Resume(ResumeChoice),
}

/// What the Interview pane can do.
#[derive(Debug, Clone, PartialEq)]
pub enum InterviewAction {
    Down,
    Up,
    Top,
    Bottom,
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
    /// Open the selected past interview to read and correct its notes.
    Open,
    /// Back from a past interview to the list.
    Back,
    /// Delete the selected past interview (asks).
    DeleteInterview,
    ConfirmDeleteInterview {
        id: String,
    },
    /// Filter the past interviews.
    Filter,
    ClearFilter,
    /// The new-interview form, filled and checked.
    Start {
        new: NewInterview,
        script: String,
    },
    AddQuote {
        question: usize,
        offset_ms: i64,
        text: String,
    },
    SetRanking(Vec<String>),
    /// Choose a script to delete.
    DeleteScript,
    /// Delete this script, after the question was answered yes.
    ConfirmDeleteScript {
        name: String,
    },
    /// Bring back the interview or script just deleted.
    Undelete,
    /// In a past interview: edit the selected note or quote.
    EditItem,
    /// In a past interview: delete the selected note or quote (asks).
    DeleteItem,
    /// In a past interview: bring back the note or quote deleted last.
    Restore,
    /// The corrected words of a quote.
    SetQuoteText {
        note_id: String,
        text: String,
    },
    /// Delete a note or quote, after the question was answered yes.
    ConfirmDeleteNote {
        note_id: String,
    },
    /// The open note changed: it is saved a moment later.
    NoteChanged,
    /// Close the note, saving it.
    CloseNote,
    ConfirmEnd,
    Resume(ResumeChoice),
}

/// What the Synthesis pane can do.
#[derive(Debug, Clone, PartialEq)]
pub enum SynthesisAction {
    Down,
    Up,
    Top,
    Bottom,
    ClickRow(usize),
    Scroll(i32),
    NewSynthesis,
    /// A click on the entry (or heading) at this row of the open synthesis.
    ClickEntry(usize),
    /// A click on this source quote, note or event.
    ClickSource(usize),
    FocusSources,
    FocusEntries,
    Add,
    /// Open the selected synthesis.
    Open,
    /// Edit the selected entry.
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
    /// Delete the selected synthesis (asks).
    DeleteSynthesis,
    ConfirmDeleteSynthesis {
        id: String,
    },
    /// Bring back the synthesis just deleted.
    UndeleteSynthesis,
    /// Filter the syntheses.
    Filter,
    ClearFilter,
    /// Back from a synthesis to the list.
    Back,
    /// Step one of a new synthesis done: pick its sources next.
    TitleEntered(String),
    /// Create it over these sources (the interviews' assumptions come along).
    Create {
        title: String,
        sources: Vec<(SourceKind, String)>,
    },
    /// The open entry changed: it is saved a moment later.
    EntryChanged,
    /// Close the entry editor, saving it.
    CloseEditor,
    ConfirmDelete {
        entry_id: String,
    },
    /// Bring back the entry just deleted.
    UndeleteEntry,
    PromoteEntry {
        entry_id: String,
        new: NewItem,
    },
}

/// What the Outcomes pane can do.
#[derive(Debug, Clone, PartialEq)]
pub enum OutcomesAction {
    Down,
    Up,
    Top,
    Bottom,
    /// Select the metric on this row of the table (a mouse click).
    ClickRow(usize),
    Scroll(i32),
    /// Open the form to record a reading of the selected metric.
    Record,
    /// Open the chart of the selected metric.
    Chart,
    /// Add the seed's eight metrics.
    Preset,
    /// Open the form to add a metric.
    Add,
    /// The metric form, filled and checked.
    CreateMetric(NewMetric),
    /// The reading form, filled and checked.
    SaveReading {
        metric_id: String,
        reading: NewReading,
    },
}
