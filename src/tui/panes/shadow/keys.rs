//! The Shadow pane's binding tables, and what keys and pastes do while one
//! of its popups has focus (the stamp's text, the new-session form,
//! confirmations, the resume offer, the summary). Nothing here writes: a
//! finished popup becomes an action for `update`.

use super::*;
use crate::tui::action::{Action, ResumeChoice, ShadowAction as S};
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind};
use crate::tui::panes::{Asked, KeyResult, ask};
use crate::tui::widgets::Outcome;
use crate::tui::widgets::list::filter_help;
use crate::tui::widgets::prompt::PromptKey;
use KeyCode::{Char, Down, End, Enter, Esc, Home, Up};
use ratatui::layout::Rect;

const fn k(code: KeyCode) -> Key {
    Key::Plain(code)
}

const fn s(action: S) -> Action {
    Action::Shadow(action)
}

/// The past sessions, when none runs.
pub const SHADOW_LIST: &[Binding<Action>] = &[
    bind(
        &[k(Char('n'))],
        s(S::NewSession),
        "new session (participant, workflow, guesses)",
    )
    .hint("new session", Rank::Vital),
    bind(&[k(Char('j')), k(Down)], s(S::Down), "move down").hint("select", Rank::Extra),
    bind(&[k(Char('k')), k(Up)], s(S::Up), "move up"),
    bind(&[k(Char('g')), k(Home)], s(S::Top), "first"),
    bind(&[k(Char('G')), k(End)], s(S::Bottom), "last"),
    bind(
        &[k(Enter), k(Char('e'))],
        s(S::Open),
        "open the selected session: edit, delete, undo its events",
    )
    .hint("open", Rank::Main),
    bind(
        &[k(Char('v'))],
        s(S::Summary),
        "the selected session's summary",
    )
    .hint("summary", Rank::Main),
    bind(
        &[k(Char('d'))],
        s(S::DeleteSession),
        "delete the selected session (asks)",
    ),
    bind(&[k(Char('/'))], s(S::Filter), "filter past sessions: words").hint("filter", Rank::Main),
];

/// Right after a session was deleted from the list.
pub const SHADOW_DELETED: &[Binding<Action>] = &[bind(
    &[k(Char('u'))],
    s(S::UndeleteSession),
    "bring back the session just deleted",
)
.hint("undo delete", Rank::Vital)];

/// While a filter is in force over the past sessions.
pub const SHADOW_FILTERED: &[Binding<Action>] =
    &[bind(&[k(Esc)], s(S::ClearFilter), "clear the filter").hint("clear filter", Rank::Main)];

/// A session being run; `p` is named for what it does now.
macro_rules! session_keys {
    ($pause_help:expr, $pause_hint:expr) => {
        &[
            bind(
                &[k(Char('f'))],
                s(S::Stamp(EventKind::Friction)),
                "stamp friction, then describe it",
            )
            .hint("friction", Rank::Vital),
            bind(
                &[k(Char('t'))],
                s(S::Stamp(EventKind::Tool)),
                "stamp a tool (Tab completes)",
            )
            .hint("tool", Rank::Main),
            bind(
                &[k(Char('s'))],
                s(S::Stamp(EventKind::Switch)),
                "stamp a context switch",
            )
            .hint("switch", Rank::Extra),
            bind(
                &[k(Char('i'))],
                s(S::Stamp(EventKind::Wish)),
                "stamp an \"I wish…\" quote",
            )
            .hint("wish", Rank::Extra),
            bind(
                &[k(Char('o'))],
                s(S::Stamp(EventKind::Note)),
                "stamp an observation note",
            )
            .hint("note", Rank::Main),
            bind(&[k(Char('w'))], s(S::Wait), "start or end a wait").hint("wait", Rank::Vital),
            bind(&[k(Char('p'))], s(S::Pause), $pause_help).hint($pause_hint, Rank::Vital),
            bind(
                &[k(Char('u'))],
                s(S::Undo),
                "undo the last stamp (u again restores)",
            ),
            bind(
                &[k(Char('e')), k(Enter)],
                s(S::Edit),
                "edit the selected event's text",
            ),
            bind(
                &[k(Char('d'))],
                s(S::Delete),
                "delete the selected event (asks)",
            ),
            bind(&[k(Char('E'))], s(S::End), "end the session (asks)").hint("end", Rank::Main),
            bind(
                &[k(Char('v'))],
                s(S::Summary),
                "summary so far (notes to hand over)",
            )
            .hint("summary", Rank::Extra),
            bind(&[k(Char('j')), k(Down)], s(S::Down), "move down"),
            bind(&[k(Char('k')), k(Up)], s(S::Up), "move up"),
            bind(&[k(Char('g')), k(Home)], s(S::Top), "first event"),
            bind(&[k(Char('G')), k(End)], s(S::Bottom), "last event"),
        ]
    };
}

/// A running session, its clock moving.
pub const SHADOW_RUNNING: &[Binding<Action>] =
    session_keys!("pause the clock (p again resumes)", "pause");

/// A running session whose clock is paused.
pub const SHADOW_PAUSED: &[Binding<Action>] = session_keys!("resume the clock", "resume");

/// A past session opened to correct its events.
pub const SHADOW_REVIEW: &[Binding<Action>] = &[
    bind(
        &[k(Char('e')), k(Enter)],
        s(S::Edit),
        "edit the selected event's text",
    )
    .hint("edit", Rank::Vital),
    bind(
        &[k(Char('d'))],
        s(S::Delete),
        "delete the selected event (asks; u restores)",
    )
    .hint("delete", Rank::Main),
    bind(
        &[k(Char('u'))],
        s(S::Undo),
        "undo the newest stamp or the last delete (u again restores)",
    )
    .hint("undo", Rank::Main),
    bind(&[k(Char('v'))], s(S::Summary), "the session's summary").hint("summary", Rank::Extra),
    bind(&[k(Char('j')), k(Down)], s(S::Down), "move down"),
    bind(&[k(Char('k')), k(Up)], s(S::Up), "move up"),
    bind(&[k(Char('g')), k(Home)], s(S::Top), "first event"),
    bind(&[k(Char('G')), k(End)], s(S::Bottom), "last event"),
    bind(&[k(Esc)], s(S::Back), "back to the list").hint("list", Rank::Vital),
];

/// The resume offer of a session never ended.
pub const RESUME: &[Binding<ResumeChoice>] = &[
    bind(
        &[k(Char('c')), k(Enter)],
        ResumeChoice::Continue,
        "continue it (the time away counts as paused)",
    )
    .hint("continue", Rank::Vital),
    bind(
        &[k(Char('e'))],
        ResumeChoice::End,
        "end it at its last event",
    )
    .hint("end it", Rank::Vital),
    bind(&[k(Esc)], ResumeChoice::Later, "decide later").hint("later", Rank::Vital),
];

/// The text of a stamp just taken.
pub const STAMP_TEXT: &[Binding<PromptKey>] = &[
    bind(&[k(Enter)], PromptKey::Save, "save the text").hint("save", Rank::Vital),
    bind(&[k(Esc)], PromptKey::Cancel, "keep the stamp without text")
        .hint("keep stamp without text", Rank::Vital),
];

/// The text of a tool stamp: Tab completes a tool used before.
pub const TOOL_TEXT: &[Binding<PromptKey>] = &[
    bind(&[k(Enter)], PromptKey::Save, "save the text").hint("save", Rank::Vital),
    bind(
        &[k(KeyCode::Tab)],
        PromptKey::Complete,
        "complete a tool used before",
    )
    .hint("complete", Rank::Main),
    bind(&[k(Esc)], PromptKey::Cancel, "keep the stamp without text")
        .hint("keep stamp without text", Rank::Vital),
];

/// A stamp whose write failed.
pub const UNSAVED_STAMP: &[Binding<PromptKey>] = &[
    bind(
        &[k(Enter)],
        PromptKey::Save,
        "try to save the stamp again, with this text",
    )
    .hint("save again", Rank::Vital),
    bind(&[k(Esc)], PromptKey::Cancel, "drop the stamp").hint("drop it", Rank::Vital),
];

/// Editing an older event's text.
pub const EDIT_TEXT: &[Binding<PromptKey>] = &[
    bind(&[k(Enter)], PromptKey::Save, "save the text").hint("save", Rank::Vital),
    bind(&[k(Esc)], PromptKey::Cancel, "leave it as it was").hint("cancel", Rank::Vital),
];

impl ShadowPane {
    pub(super) fn tables(&self) -> Vec<&'static [Binding<Action>]> {
        match &self.active {
            Some(active) if active.ended => return vec![SHADOW_REVIEW],
            Some(active) if active.clock.is_running() => return vec![SHADOW_RUNNING],
            Some(_) => return vec![SHADOW_PAUSED],
            None => {}
        }
        let mut tables = vec![SHADOW_LIST];
        if self.list.is_filtered() {
            tables.push(SHADOW_FILTERED);
        }
        if self.deleted.is_some() {
            tables.push(SHADOW_DELETED);
        }
        tables
    }

    pub(super) fn help_of_modal(&self) -> Option<HelpGroup> {
        if self.list.is_filtering() {
            return Some(filter_help());
        }
        Some(match self.overlay.as_ref()? {
            Overlay::NewSession(form) => form.help(),
            Overlay::Text { prompt, .. } | Overlay::Unsaved { prompt, .. } => prompt.help(),
            Overlay::End(choice)
            | Overlay::Delete { choice, .. }
            | Overlay::DeleteSession { choice, .. } => choice.help(),
            Overlay::Resume { choice, .. } => choice.help(),
            Overlay::Summary(doc) => doc.help(),
        })
    }

    /// Keys while a popup has focus.
    pub(super) fn key_in_modal(&mut self, key: KeyEvent, body: Rect) -> KeyResult {
        if self.list.is_filtering() {
            return match self.list.filter_key(key) {
                Outcome::Ignored => KeyResult::Ignored,
                _ => KeyResult::Handled,
            };
        }
        let tools = self.active.as_ref().map(Active::tools).unwrap_or_default();
        let Some(overlay) = self.overlay.as_mut() else {
            return KeyResult::Ignored;
        };
        let close = match overlay {
            Overlay::NewSession(form) => match form.handle_key(key) {
                Outcome::Ignored => return KeyResult::Ignored,
                Outcome::Editing => false,
                Outcome::Cancel => true,
                Outcome::Submit(()) => {
                    match NewSession::parse(form.text(0), form.text(1), form.text(2), form.text(3))
                    {
                        Ok(new) => return KeyResult::Do(s(S::Start(new))),
                        Err(e) => {
                            let index = match e.field.as_str() {
                                "participant" => 0,
                                "workflow" => 1,
                                "researcher's guess" => 2,
                                _ => 3,
                            };
                            form.set_errors(vec![(index, e.message)]);
                            false
                        }
                    }
                }
            },
            Overlay::Text {
                prompt, event_id, ..
            } => match prompt.handle_key(key) {
                Outcome::Ignored => return KeyResult::Ignored,
                Outcome::Editing => false,
                Outcome::Cancel => true,
                Outcome::Submit(PromptKey::Save) => {
                    return KeyResult::Do(s(S::SetText {
                        event_id: event_id.clone(),
                        text: prompt.text().trim().to_string(),
                    }));
                }
                Outcome::Submit(PromptKey::Complete) => {
                    if let Some(done) = complete_tool(prompt.text(), &tools) {
                        prompt.set_text(done);
                    }
                    false
                }
                Outcome::Submit(PromptKey::Cancel) => true,
            },
            Overlay::Unsaved {
                prompt,
                kind,
                offset_ms,
            } => match prompt.handle_key(key) {
                Outcome::Ignored | Outcome::Submit(PromptKey::Complete) => {
                    return KeyResult::Ignored;
                }
                Outcome::Editing => false,
                Outcome::Cancel | Outcome::Submit(PromptKey::Cancel) => true,
                Outcome::Submit(PromptKey::Save) => {
                    return KeyResult::Do(s(S::RetryStamp {
                        kind: *kind,
                        offset_ms: *offset_ms,
                        text: prompt.text().trim().to_string(),
                    }));
                }
            },
            Overlay::End(choice) => match ask(choice, key, || s(S::ConfirmEnd)) {
                Asked::Close => true,
                Asked::Then(result) => return result,
            },
            Overlay::Delete { event_id, choice } => match ask(choice, key, || {
                s(S::ConfirmDelete {
                    event_id: event_id.clone(),
                })
            }) {
                Asked::Close => true,
                Asked::Then(result) => return result,
            },
            Overlay::DeleteSession { id, choice } => match ask(choice, key, || {
                s(S::ConfirmDeleteSession { id: id.clone() })
            }) {
                Asked::Close => true,
                Asked::Then(result) => return result,
            },
            Overlay::Resume { choice, .. } => match choice.handle_key(key) {
                Outcome::Ignored => return KeyResult::Ignored,
                Outcome::Submit(asked) => return KeyResult::Do(s(S::Resume(asked))),
                Outcome::Cancel | Outcome::Editing => false,
            },
            Overlay::Summary(doc) => match doc.handle_key(key, body) {
                Outcome::Ignored => return KeyResult::Ignored,
                Outcome::Cancel => true,
                Outcome::Editing | Outcome::Submit(()) => false,
            },
        };
        if close {
            self.overlay = None;
        }
        KeyResult::Handled
    }

    pub(super) fn paste_in_modal(&mut self, text: &str) -> Option<Action> {
        if self.list.is_filtering() {
            self.list.paste(text);
            return None;
        }
        match self.overlay.as_mut()? {
            Overlay::NewSession(form) => form.paste(text),
            Overlay::Text { prompt, .. } | Overlay::Unsaved { prompt, .. } => prompt.paste(text),
            Overlay::End(_)
            | Overlay::Delete { .. }
            | Overlay::DeleteSession { .. }
            | Overlay::Resume { .. }
            | Overlay::Summary(_) => {}
        }
        None
    }
}
