//! The key map: which key does what, per pane. The `?` overlay and the
//! status-bar hints are generated from these tables, so help never drifts
//! from behaviour.

use super::action::{
    Action, BacklogAction as B, InterviewAction as I, ShadowAction as S, SynthesisAction as Y,
};
use crate::domain::shadow::EventKind;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key binding and how help describes it.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [KeyCode],
    pub action: Action,
    /// The line in the `?` overlay.
    pub help: &'static str,
    /// A short word for the status bar, for the keys that matter most.
    pub hint: Option<&'static str>,
}

const fn bind(keys: &'static [KeyCode], action: Action, help: &'static str) -> Binding {
    Binding {
        keys,
        action,
        help,
        hint: None,
    }
}

const fn hint(
    keys: &'static [KeyCode],
    action: Action,
    help: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        help,
        hint: Some(hint),
    }
}

use KeyCode::{BackTab, Char, Down, End, Enter, Home, PageDown, PageUp, Tab, Up};

/// Keys that work on every pane.
pub const GLOBAL: &[Binding] = &[
    hint(&[Char('?')], Action::Help, "show or hide this help", "help"),
    hint(&[Char('q')], Action::Quit, "quit (Ctrl-C too)", "quit"),
    bind(&[Tab], Action::NextTab, "next pane"),
    bind(&[BackTab], Action::PrevTab, "previous pane"),
    bind(&[Char('1')], Action::SelectTab(0), "Backlog pane"),
    bind(&[Char('2')], Action::SelectTab(1), "Shadow pane"),
    bind(&[Char('3')], Action::SelectTab(2), "Interview pane"),
    bind(&[Char('4')], Action::SelectTab(3), "Synthesis pane"),
];

/// Keys of the Backlog pane.
pub const BACKLOG: &[Binding] = &[
    bind(&[Char('j'), Down], Action::Backlog(B::Down), "move down"),
    bind(&[Char('k'), Up], Action::Backlog(B::Up), "move up"),
    bind(&[PageDown], Action::Backlog(B::PageDown), "page down"),
    bind(&[PageUp], Action::Backlog(B::PageUp), "page up"),
    bind(&[Char('g'), Home], Action::Backlog(B::Top), "first item"),
    bind(&[Char('G'), End], Action::Backlog(B::Bottom), "last item"),
    hint(&[Char('a')], Action::Backlog(B::Add), "add an item", "add"),
    hint(
        &[Char('e'), Enter],
        Action::Backlog(B::Edit),
        "edit the selected item",
        "edit",
    ),
    hint(
        &[Char('i')],
        Action::Backlog(B::ImpactUp),
        "impact up a step (…1 → 2 → 3)",
        "impact",
    ),
    bind(
        &[Char('I')],
        Action::Backlog(B::ImpactDown),
        "impact down a step (3 → 2 → 1…)",
    ),
    hint(
        &[Char('c')],
        Action::Backlog(B::ConfidenceUp),
        "confidence up (50 → 80 → 100)",
        "conf",
    ),
    bind(
        &[Char('C')],
        Action::Backlog(B::ConfidenceDown),
        "confidence down (100 → 80 → 50)",
    ),
    hint(
        &[Char('r')],
        Action::Backlog(B::Reach),
        "set reach",
        "reach",
    ),
    hint(
        &[Char('f')],
        Action::Backlog(B::Effort),
        "set effort",
        "effort",
    ),
    hint(
        &[Char('l')],
        Action::Backlog(B::Lane),
        "move to a lane",
        "lane",
    ),
    bind(
        &[Char('x')],
        Action::Backlog(B::Kill),
        "kill (asks the reason)",
    ),
    bind(
        &[Char('d')],
        Action::Backlog(B::Delete),
        "delete (asks first)",
    ),
    bind(
        &[Char('s')],
        Action::Backlog(B::ToggleClosed),
        "show or hide done and killed",
    ),
    hint(
        &[Char('/')],
        Action::Backlog(B::Filter),
        "filter: words, lane:now, tag:ci",
        "filter",
    ),
    bind(
        &[Char('D')],
        Action::Backlog(B::LoadExamples),
        "load the seed's example items",
    ),
];

/// Keys of the Shadow pane.
pub const SHADOW: &[Binding] = &[
    hint(
        &[Char('n')],
        Action::Shadow(S::NewSession),
        "new session (participant, workflow, guesses)",
        "new",
    ),
    hint(
        &[Char('f')],
        Action::Shadow(S::Stamp(EventKind::Friction)),
        "stamp friction, then describe it",
        "friction",
    ),
    hint(
        &[Char('t')],
        Action::Shadow(S::Stamp(EventKind::Tool)),
        "stamp a tool (Tab completes)",
        "tool",
    ),
    hint(
        &[Char('s')],
        Action::Shadow(S::Stamp(EventKind::Switch)),
        "stamp a context switch",
        "switch",
    ),
    hint(
        &[Char('i')],
        Action::Shadow(S::Stamp(EventKind::Wish)),
        "stamp an \"I wish…\" quote",
        "wish",
    ),
    hint(
        &[Char('o')],
        Action::Shadow(S::Stamp(EventKind::Note)),
        "stamp an observation note",
        "note",
    ),
    hint(
        &[Char('w')],
        Action::Shadow(S::Wait),
        "start or end a wait",
        "wait",
    ),
    bind(
        &[Char('u')],
        Action::Shadow(S::Undo),
        "undo the last stamp (u again restores)",
    ),
    bind(
        &[Char('e'), Enter],
        Action::Shadow(S::Edit),
        "edit the selected event's text",
    ),
    bind(
        &[Char('d')],
        Action::Shadow(S::Delete),
        "delete the selected event (asks)",
    ),
    hint(
        &[Char('p')],
        Action::Shadow(S::Pause),
        "pause or resume the clock",
        "pause",
    ),
    hint(
        &[Char('E')],
        Action::Shadow(S::End),
        "end the session (asks)",
        "end",
    ),
    hint(
        &[Char('v')],
        Action::Shadow(S::Summary),
        "summary (notes to hand over)",
        "summary",
    ),
    bind(&[Char('j'), Down], Action::Shadow(S::Down), "move down"),
    bind(&[Char('k'), Up], Action::Shadow(S::Up), "move up"),
    bind(
        &[Char('/')],
        Action::Shadow(S::Filter),
        "filter past sessions: words",
    ),
    bind(&[Char('g'), Home], Action::Shadow(S::Top), "first"),
    bind(&[Char('G'), End], Action::Shadow(S::Bottom), "last"),
];

/// Keys of the Interview pane.
pub const INTERVIEW: &[Binding] = &[
    hint(
        &[Char('n')],
        Action::Interview(I::NewInterview),
        "new interview (participant, script, assumptions)",
        "new",
    ),
    hint(
        &[Char(' '), KeyCode::Right],
        Action::Interview(I::NextQuestion),
        "next question",
        "next",
    ),
    hint(
        &[KeyCode::Left],
        Action::Interview(I::PreviousQuestion),
        "previous question",
        "back",
    ),
    hint(
        &[Enter],
        Action::Interview(I::Note),
        "note on this question (multi-line; Esc closes)",
        "note",
    ),
    hint(
        &[Char('"')],
        Action::Interview(I::Quote),
        "capture a verbatim quote",
        "quote",
    ),
    hint(
        &[Char('t')],
        Action::Interview(I::Talk),
        "toggle \"I am talking\"",
        "talking",
    ),
    bind(
        &[Char('r')],
        Action::Interview(I::Ranking),
        "the participant's ranking of the options",
    ),
    hint(
        &[Char('E')],
        Action::Interview(I::End),
        "end the interview (asks)",
        "end",
    ),
    bind(
        &[Char('v')],
        Action::Interview(I::Summary),
        "summary (the record to hand over)",
    ),
    bind(
        &[Char('j'), Down],
        Action::Interview(I::Down),
        "move down (list)",
    ),
    bind(&[Char('k'), Up], Action::Interview(I::Up), "move up (list)"),
];

/// Keys of the Synthesis pane.
pub const SYNTHESIS: &[Binding] = &[
    hint(
        &[Char('n')],
        Action::Synthesis(Y::NewSynthesis),
        "new synthesis: title, then its sources",
        "new",
    ),
    hint(
        &[Char('e'), Enter],
        Action::Synthesis(Y::Edit),
        "open the synthesis / edit the entry",
        "edit",
    ),
    hint(
        &[Char('a')],
        Action::Synthesis(Y::Add),
        "add an entry to this section",
        "add",
    ),
    bind(
        &[Char('d')],
        Action::Synthesis(Y::Delete),
        "delete the entry (asks)",
    ),
    bind(
        &[KeyCode::Right, Char('l')],
        Action::Synthesis(Y::FocusSources),
        "browse the sources",
    ),
    bind(
        &[KeyCode::Left, Char('h')],
        Action::Synthesis(Y::FocusEntries),
        "back to the entries",
    ),
    hint(
        &[Char('Q')],
        Action::Synthesis(Y::LinkQuote),
        "link the selected source quote to the entry",
        "link quote",
    ),
    bind(
        &[Char('K')],
        Action::Synthesis(Y::MoveUp),
        "move the entry up (top 3 pain points)",
    ),
    bind(
        &[Char('J')],
        Action::Synthesis(Y::MoveDown),
        "move the entry down",
    ),
    bind(
        &[Char('+')],
        Action::Synthesis(Y::Validated),
        "assumption validated [+]",
    ),
    bind(
        &[Char('-')],
        Action::Synthesis(Y::Contradicted),
        "assumption contradicted [-]",
    ),
    hint(
        &[Char('b')],
        Action::Synthesis(Y::Promote),
        "promote a pain point or action to the backlog",
        "to backlog",
    ),
    bind(
        &[Char('T')],
        Action::Synthesis(Y::Tally),
        "tally across sessions (for reach)",
    ),
    bind(
        &[Char('v')],
        Action::Synthesis(Y::View),
        "view as the synthesis template",
    ),
    bind(
        &[Char('/')],
        Action::Synthesis(Y::Filter),
        "filter the syntheses: words",
    ),
    bind(&[Char('j'), Down], Action::Synthesis(Y::Down), "move down"),
    bind(&[Char('k'), Up], Action::Synthesis(Y::Up), "move up"),
];

/// Finds the action a key press asks for in the given tables, first match wins.
pub fn lookup(tables: &[&[Binding]], key: KeyEvent) -> Option<Action> {
    // Shift is part of the character itself ('I'), so only Ctrl and Alt
    // make a different key.
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|b| b.keys.contains(&key.code))
        .map(|b| b.action)
}

/// How a key is written in help: `j/↓`, `Enter`, `Shift-Tab`.
pub fn key_label(keys: &[KeyCode]) -> String {
    keys.iter()
        .map(|k| match k {
            Char(' ') => "Space".to_string(),
            Char(c) => c.to_string(),
            Down => "↓".into(),
            Up => "↑".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            Enter => "Enter".into(),
            Tab => "Tab".into(),
            BackTab => "Shift-Tab".into(),
            PageDown => "PgDn".into(),
            PageUp => "PgUp".into(),
            Home => "Home".into(),
            End => "End".into(),
            KeyCode::Esc => "Esc".into(),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_where_it_could_be_pressed() {
        for pane in [BACKLOG, SHADOW, INTERVIEW, SYNTHESIS] {
            let mut seen = Vec::new();
            for b in GLOBAL.iter().chain(pane) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} is bound twice");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn lookup_respects_shift_and_ignores_ctrl() {
        let key = |c, m| KeyEvent::new(Char(c), m);
        assert_eq!(
            lookup(&[BACKLOG], key('I', KeyModifiers::SHIFT)),
            Some(Action::Backlog(B::ImpactDown))
        );
        assert_eq!(
            lookup(&[BACKLOG], key('i', KeyModifiers::NONE)),
            Some(Action::Backlog(B::ImpactUp))
        );
        assert_eq!(lookup(&[BACKLOG], key('i', KeyModifiers::CONTROL)), None);
    }
}
