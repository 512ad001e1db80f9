//! The Backlog pane's binding tables, and what keys and pastes do while
//! one of its popups or the filter line has focus. Nothing here writes: a
//! finished popup becomes an action for `update`.

use super::{BacklogPane, Overlay, item_form};
use crate::domain::backlog::{ItemPatch, Lane, parse_kill_reason};
use crate::domain::rice::{Effort, Reach};
use crate::tui::action::{Action, BacklogAction as B};
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind};
use crate::tui::panes::{Asked, KeyResult, ask};
use crate::tui::widgets::Outcome;
use crate::tui::widgets::conflict::Resolution;
use crate::tui::widgets::list::{filter_help, filter_line_key};
use crate::tui::widgets::prompt::PromptKey;
use KeyCode::{Char, Down, End, Enter, Esc, Home, PageDown, PageUp, Up};
use crossterm::event::{KeyCode, KeyEvent};

const fn k(code: KeyCode) -> Key {
    Key::Plain(code)
}

const fn b(action: B) -> Action {
    Action::Backlog(action)
}

/// The ranked table.
pub const BACKLOG: &[Binding<Action>] = &[
    bind(&[k(Char('j')), k(Down)], b(B::Down), "move down"),
    bind(&[k(Char('k')), k(Up)], b(B::Up), "move up"),
    bind(&[k(PageDown)], b(B::PageDown), "page down"),
    bind(&[k(PageUp)], b(B::PageUp), "page up"),
    bind(&[k(Char('g')), k(Home)], b(B::Top), "first item"),
    bind(&[k(Char('G')), k(End)], b(B::Bottom), "last item"),
    bind(&[k(Char('a'))], b(B::Add), "add an item").hint("add", Rank::Main),
    bind(
        &[k(Char('e')), k(Enter)],
        b(B::Edit),
        "edit the selected item",
    )
    .hint("edit", Rank::Main),
    bind(
        &[k(Char('i'))],
        b(B::ImpactUp),
        "impact up a step (…1 → 2 → 3)",
    )
    .hint("impact", Rank::Extra),
    bind(
        &[k(Char('I'))],
        b(B::ImpactDown),
        "impact down a step (3 → 2 → 1…)",
    ),
    bind(
        &[k(Char('c'))],
        b(B::ConfidenceUp),
        "confidence up (50 → 80 → 100)",
    )
    .hint("conf", Rank::Extra),
    bind(
        &[k(Char('C'))],
        b(B::ConfidenceDown),
        "confidence down (100 → 80 → 50)",
    ),
    bind(&[k(Char('r'))], b(B::Reach), "set reach").hint("reach", Rank::Extra),
    bind(&[k(Char('f'))], b(B::Effort), "set effort").hint("effort", Rank::Extra),
    bind(&[k(Char('l'))], b(B::Lane), "move to a lane").hint("lane", Rank::Main),
    bind(&[k(Char('x'))], b(B::Kill), "kill (asks the reason)"),
    bind(&[k(Char('d'))], b(B::Delete), "delete (asks first)"),
    bind(
        &[k(Char('s'))],
        b(B::ToggleClosed),
        "show or hide done and killed",
    ),
    bind(
        &[k(Char('/'))],
        b(B::Filter),
        "filter: words, lane:now, tag:ci",
    )
    .hint("filter", Rank::Main),
    bind(
        &[k(Char('D'))],
        b(B::LoadExamples),
        "load the seed's demo (as fieldkit demo)",
    ),
];

/// An empty backlog: add one, or load the examples.
pub const BACKLOG_EMPTY: &[Binding<Action>] = &[
    bind(&[k(Char('a'))], b(B::Add), "add an item").hint("add", Rank::Vital),
    bind(
        &[k(Char('D'))],
        b(B::LoadExamples),
        "load the seed's demo (as fieldkit demo)",
    )
    .hint("load examples", Rank::Vital),
];

/// Right after an item was deleted.
pub const BACKLOG_DELETED: &[Binding<Action>] = &[bind(
    &[k(Char('u'))],
    b(B::Undelete),
    "bring back the item just deleted",
)
.hint("undo delete", Rank::Vital)];

/// While a filter is in force.
pub const BACKLOG_FILTERED: &[Binding<Action>] =
    &[bind(&[k(Esc)], b(B::ClearFilter), "clear the filter").hint("clear filter", Rank::Main)];

impl BacklogPane {
    pub(super) fn tables(&self) -> Vec<&'static [Binding<Action>]> {
        let mut tables = if self.has_items {
            vec![BACKLOG]
        } else {
            vec![BACKLOG_EMPTY]
        };
        if self.has_items && !self.filter.is_empty() {
            tables.push(BACKLOG_FILTERED);
        }
        if self.deleted.is_some() {
            tables.push(BACKLOG_DELETED);
        }
        tables
    }

    pub(super) fn help_of_modal(&self) -> Option<HelpGroup> {
        if self.filter_input.is_some() {
            return Some(filter_help());
        }
        Some(match self.overlay.as_ref()? {
            Overlay::Form { form, .. } => form.help(),
            Overlay::Reach { prompt, .. }
            | Overlay::Effort { prompt, .. }
            | Overlay::KillReason { prompt, .. } => prompt.help(),
            Overlay::Lane { picker, .. } => picker.help(),
            Overlay::Conflict { dialog, .. } => dialog.help(),
            Overlay::Delete { choice, .. } | Overlay::LoadExamples { choice } => choice.help(),
        })
    }

    /// Keys while a popup or the filter line has focus.
    pub(super) fn key_in_modal(&mut self, key: KeyEvent) -> KeyResult {
        if let Some(input) = self.filter_input.as_mut() {
            return match filter_line_key(input, key) {
                Outcome::Ignored => KeyResult::Ignored,
                Outcome::Editing => KeyResult::Do(b(B::FilterChanged(input.text().to_string()))),
                Outcome::Submit(()) => {
                    self.filter_input = None;
                    if self.filter_error.take().is_some() {
                        // Leave with the last filter that worked.
                        let text = self.filter_text.clone();
                        return KeyResult::Do(b(B::FilterChanged(text)));
                    }
                    KeyResult::Handled
                }
                Outcome::Cancel => {
                    self.filter_input = None;
                    KeyResult::Do(b(B::FilterChanged(String::new())))
                }
            };
        }
        let Some(overlay) = self.overlay.as_mut() else {
            return KeyResult::Ignored;
        };
        match overlay {
            Overlay::Form { form, editing } => match form.handle_key(key) {
                Outcome::Ignored => KeyResult::Ignored,
                Outcome::Editing => {
                    item_form::refresh_preview(form);
                    KeyResult::Handled
                }
                Outcome::Cancel => {
                    self.overlay = None;
                    KeyResult::Handled
                }
                Outcome::Submit(()) => {
                    let parsed = match editing {
                        None => item_form::new_item_with_roadmap(form)
                            .map(|(new, roadmap)| B::Create(new, Box::new(roadmap))),
                        Some(original) => item_form::edit(form, original).map(|edit| B::Save {
                            original: original.clone(),
                            edit: Box::new(edit),
                        }),
                    };
                    match parsed {
                        Ok(action) => KeyResult::Do(b(action)),
                        Err(errors) => {
                            form.set_errors(errors);
                            KeyResult::Handled
                        }
                    }
                }
            },
            Overlay::Reach { prompt, id } => match prompt.handle_key(key) {
                Outcome::Submit(PromptKey::Save) => match Reach::parse(prompt.text()) {
                    Ok(reach) => patch(id, |p| p.reach = Some(reach)),
                    Err(e) => {
                        prompt.error = Some(e.message);
                        KeyResult::Handled
                    }
                },
                other => self.prompt_result(other),
            },
            Overlay::Effort { prompt, id } => match prompt.handle_key(key) {
                Outcome::Submit(PromptKey::Save) => match Effort::parse(prompt.text()) {
                    Ok(effort) => patch(id, |p| p.effort = Some(effort)),
                    Err(e) => {
                        prompt.error = Some(e.message);
                        KeyResult::Handled
                    }
                },
                other => self.prompt_result(other),
            },
            Overlay::KillReason { prompt, id } => match prompt.handle_key(key) {
                Outcome::Submit(PromptKey::Save) => match parse_kill_reason(prompt.text()) {
                    Ok(reason) => patch(id, |p| {
                        p.lane = Some(Lane::Killed);
                        p.kill_reason = Some(reason);
                    }),
                    Err(e) => {
                        prompt.error = Some(e.message);
                        KeyResult::Handled
                    }
                },
                other => self.prompt_result(other),
            },
            Overlay::Lane { picker, id } => match picker.handle_key(key) {
                Outcome::Ignored => KeyResult::Ignored,
                Outcome::Editing => KeyResult::Handled,
                Outcome::Cancel => {
                    self.overlay = None;
                    KeyResult::Handled
                }
                Outcome::Submit(i) => match Lane::ALL.get(i) {
                    Some(Lane::Killed) => {
                        let id = id.clone();
                        let title = self.known_item(&id).map(|it| it.title.clone());
                        self.open_kill(title.unwrap_or_default(), id);
                        KeyResult::Handled
                    }
                    Some(lane) => patch(id, |p| p.lane = Some(*lane)),
                    None => KeyResult::Ignored,
                },
            },
            Overlay::Conflict {
                dialog,
                form,
                original,
                edit,
                conflicts,
            } => match dialog.handle_key(key) {
                Outcome::Submit(Resolution::KeepMine) => KeyResult::Do(b(B::Write {
                    id: original.id.clone(),
                    edit: Box::new(edit.clone()),
                })),
                Outcome::Submit(Resolution::TakeTheirs) => KeyResult::Do(b(B::Write {
                    id: original.id.clone(),
                    edit: Box::new(edit.without(conflicts)),
                })),
                Outcome::Cancel => {
                    self.overlay = Some(Overlay::Form {
                        form: form.clone(),
                        editing: Some(original.clone()),
                    });
                    KeyResult::Handled
                }
                Outcome::Editing => KeyResult::Handled,
                Outcome::Ignored => KeyResult::Ignored,
            },
            Overlay::Delete { id, choice } => {
                match ask(choice, key, || b(B::ConfirmDelete { id: id.clone() })) {
                    Asked::Close => {
                        self.overlay = None;
                        KeyResult::Handled
                    }
                    Asked::Then(result) => result,
                }
            }
            Overlay::LoadExamples { choice } => {
                match ask(choice, key, || b(B::ConfirmLoadExamples)) {
                    Asked::Close => {
                        self.overlay = None;
                        KeyResult::Handled
                    }
                    Asked::Then(result) => result,
                }
            }
        }
    }

    /// What a prompt's key other than Save means for the pane.
    fn prompt_result(&mut self, outcome: Outcome<PromptKey>) -> KeyResult {
        match outcome {
            Outcome::Ignored | Outcome::Submit(PromptKey::Complete) => KeyResult::Ignored,
            Outcome::Cancel | Outcome::Submit(PromptKey::Cancel) => {
                self.overlay = None;
                KeyResult::Handled
            }
            Outcome::Editing | Outcome::Submit(PromptKey::Save) => KeyResult::Handled,
        }
    }

    pub(super) fn paste_in_modal(&mut self, text: &str) -> Option<Action> {
        if let Some(input) = self.filter_input.as_mut() {
            input.paste(text);
            return Some(b(B::FilterChanged(input.text().to_string())));
        }
        match self.overlay.as_mut()? {
            Overlay::Form { form, .. } => {
                let note = form.paste_noting(text);
                item_form::refresh_preview(form);
                return note.map(|n| b(B::Note(n)));
            }
            Overlay::Reach { prompt, .. }
            | Overlay::Effort { prompt, .. }
            | Overlay::KillReason { prompt, .. } => prompt.paste(text),
            Overlay::Lane { .. }
            | Overlay::Delete { .. }
            | Overlay::LoadExamples { .. }
            | Overlay::Conflict { .. } => {}
        }
        None
    }
}

/// A patch of one item, built by `set`.
fn patch(id: &str, set: impl FnOnce(&mut ItemPatch)) -> KeyResult {
    let mut patch = ItemPatch::default();
    set(&mut patch);
    KeyResult::Do(b(B::Patch {
        id: id.to_string(),
        patch,
    }))
}
