//! The Roadmap pane's binding tables, and what keys and pastes do while one
//! of its popups has focus. Nothing here writes: a finished popup becomes
//! an action for `update`.
//!
//! `k` moves up, as everywhere. An item past its review date is kept or
//! killed from the review question `Enter` opens on it: there `k` keeps it
//! (with a new date) and `x` kills it (with a reason).

use super::{Overlay, ReviewAnswer, RoadmapPane};
use crate::domain::backlog::parse_kill_reason;
use crate::domain::impact_map::parse_map_name;
use crate::domain::roadmap::{parse_capacity, parse_pin_reason, parse_review_date};
use crate::tui::action::{Action, RoadmapAction as R};
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind};
use crate::tui::panes::KeyResult;
use crate::tui::widgets::Outcome;
use crate::tui::widgets::prompt::PromptKey;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use KeyCode::{Char, Down, Enter, Esc, Left, Right, Up};

const fn k(code: KeyCode) -> Key {
    Key::Plain(code)
}

const fn r(action: R) -> Action {
    Action::Roadmap(action)
}

/// The board: four lanes side by side.
pub const BOARD: &[Binding<Action>] = &[
    bind(&[k(Char('h')), k(Left)], r(R::Left), "previous lane"),
    bind(&[k(Char('l')), k(Right)], r(R::Right), "next lane").hint("lanes", Rank::Extra),
    bind(
        &[k(Char('j')), k(Down)],
        r(R::Down),
        "next item in the lane",
    ),
    bind(
        &[k(Char('k')), k(Up)],
        r(R::Up),
        "previous item in the lane",
    ),
    bind(
        &[k(Char('H'))],
        r(R::MoveLeft),
        "move the item to the previous lane (says what slips)",
    )
    .hint("move", Rank::Main),
    bind(
        &[k(Char('L'))],
        r(R::MoveRight),
        "move the item to the next lane (says what slips)",
    ),
    bind(
        &[k(Char('p'))],
        r(R::Pin),
        "pin above its RICE rank (asks the reason), or unpin",
    )
    .hint("pin", Rank::Main),
    bind(&[k(Char('c'))], r(R::Capacity), "set the lane's capacity").hint("capacity", Rank::Main),
    bind(
        &[k(Enter)],
        r(R::Review),
        "review an item past its date: keep or kill",
    )
    .hint("review", Rank::Extra),
    bind(
        &[k(Char('x'))],
        r(R::Kill),
        "kill the item (asks the reason)",
    ),
    bind(&[k(Char('m'))], r(R::Map), "the impact map").hint("impact map", Rank::Main),
];

/// The impact map.
pub const MAP: &[Binding<Action>] = &[
    bind(&[k(Char('j')), k(Down)], r(R::Down), "next row"),
    bind(&[k(Char('k')), k(Up)], r(R::Up), "previous row"),
    bind(
        &[k(Char('a'))],
        r(R::AddNode),
        "add under the cursor: an actor to a goal, an impact to an actor",
    )
    .hint("add", Rank::Main),
    bind(&[k(Char('A'))], r(R::AddGoal), "add a goal").hint("goal", Rank::Main),
    bind(
        &[k(Enter)],
        r(R::Link),
        "on an impact: link the chosen item; on an item: choose it",
    )
    .hint("link", Rank::Main),
    bind(&[k(Char('m')), k(Esc)], r(R::Board), "back to the board").hint("board", Rank::Vital),
];

/// What a key asks of the review question.
pub const REVIEW: &[Binding<ReviewAnswer>] = &[
    bind(
        &[k(Char('k'))],
        ReviewAnswer::Keep,
        "keep it: give a new review date",
    )
    .hint("keep", Rank::Vital),
    bind(
        &[k(Char('x'))],
        ReviewAnswer::Kill,
        "kill it: give the reason",
    )
    .hint("kill", Rank::Vital),
    bind(&[k(Esc), k(Char('n'))], ReviewAnswer::Later, "decide later").hint("later", Rank::Vital),
];

impl RoadmapPane {
    pub(super) fn tables(&self) -> Vec<&'static [Binding<Action>]> {
        if self.map.is_some() {
            vec![MAP]
        } else {
            vec![BOARD]
        }
    }

    pub(super) fn help_of_modal(&self) -> Option<HelpGroup> {
        Some(match self.overlay.as_ref()? {
            Overlay::Pin { prompt, .. }
            | Overlay::Capacity { prompt, .. }
            | Overlay::Kill { prompt, .. }
            | Overlay::KeepDate { prompt, .. }
            | Overlay::AddNode { prompt, .. } => prompt.help(),
            Overlay::Review { choice, .. } => choice.help(),
            Overlay::Note(document) => document.help(),
        })
    }

    /// Keys while a popup has focus.
    pub(super) fn key_in_modal(&mut self, key: KeyEvent, body: Rect) -> KeyResult {
        let Some(overlay) = self.overlay.as_mut() else {
            return KeyResult::Ignored;
        };
        match overlay {
            Overlay::Note(document) => match document.handle_key(key, body) {
                Outcome::Ignored => KeyResult::Ignored,
                Outcome::Editing => KeyResult::Handled,
                Outcome::Cancel | Outcome::Submit(()) => {
                    self.overlay = None;
                    KeyResult::Handled
                }
            },
            Overlay::Review { choice, id } => match choice.handle_key(key) {
                Outcome::Submit(ReviewAnswer::Keep) => {
                    KeyResult::Do(r(R::AskKeepDate { id: id.clone() }))
                }
                Outcome::Submit(ReviewAnswer::Kill) => {
                    KeyResult::Do(r(R::AskKill { id: id.clone() }))
                }
                Outcome::Submit(ReviewAnswer::Later) | Outcome::Cancel => {
                    self.overlay = None;
                    KeyResult::Handled
                }
                Outcome::Editing => KeyResult::Handled,
                Outcome::Ignored => KeyResult::Ignored,
            },
            Overlay::Pin { prompt, id } => match prompt.handle_key(key) {
                Outcome::Submit(PromptKey::Save) => match parse_pin_reason(prompt.text()) {
                    Ok(reason) => KeyResult::Do(r(R::SetPin {
                        id: id.clone(),
                        reason: Some(reason),
                    })),
                    Err(e) => {
                        prompt.error = Some(e.message);
                        KeyResult::Handled
                    }
                },
                other => self.prompt_result(other),
            },
            Overlay::Capacity { prompt, lane } => match prompt.handle_key(key) {
                Outcome::Submit(PromptKey::Save) => match parse_capacity(prompt.text()) {
                    Ok(capacity) => KeyResult::Do(r(R::SetCapacity {
                        lane: *lane,
                        capacity,
                    })),
                    Err(e) => {
                        prompt.error = Some(e.message);
                        KeyResult::Handled
                    }
                },
                other => self.prompt_result(other),
            },
            Overlay::Kill { prompt, id } => match prompt.handle_key(key) {
                Outcome::Submit(PromptKey::Save) => match parse_kill_reason(prompt.text()) {
                    Ok(reason) => KeyResult::Do(r(R::KillItem {
                        id: id.clone(),
                        reason,
                    })),
                    Err(e) => {
                        prompt.error = Some(e.message);
                        KeyResult::Handled
                    }
                },
                other => self.prompt_result(other),
            },
            Overlay::KeepDate { prompt, id } => match prompt.handle_key(key) {
                Outcome::Submit(PromptKey::Save) => match parse_review_date(prompt.text()) {
                    Ok(date) if date < self.today => {
                        prompt.error = Some(format!(
                            "the new date must be today ({}) or later",
                            self.today
                        ));
                        KeyResult::Handled
                    }
                    Ok(date) => KeyResult::Do(r(R::Keep {
                        id: id.clone(),
                        review_by: date,
                    })),
                    Err(e) => {
                        prompt.error = Some(e.message);
                        KeyResult::Handled
                    }
                },
                other => self.prompt_result(other),
            },
            Overlay::AddNode { prompt, target } => match prompt.handle_key(key) {
                Outcome::Submit(PromptKey::Save) => {
                    let field = target.field();
                    match parse_map_name(field, prompt.text()) {
                        Ok(name) => KeyResult::Do(r(R::CreateNode {
                            target: target.clone(),
                            name,
                        })),
                        Err(e) => {
                            prompt.error = Some(e.message);
                            KeyResult::Handled
                        }
                    }
                }
                other => self.prompt_result(other),
            },
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
        match self.overlay.as_mut()? {
            Overlay::Pin { prompt, .. }
            | Overlay::Capacity { prompt, .. }
            | Overlay::Kill { prompt, .. }
            | Overlay::KeepDate { prompt, .. }
            | Overlay::AddNode { prompt, .. } => prompt.paste(text),
            Overlay::Review { .. } | Overlay::Note(_) => {}
        }
        None
    }
}
