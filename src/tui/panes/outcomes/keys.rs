//! The Outcomes pane's binding tables, and what keys do while its reading
//! form or a chart is open. Nothing here writes: a filled form becomes an
//! action for `update`.

use super::{OutcomesPane, Overlay, metric_form, record_form};
use crate::tui::action::{Action, OutcomesAction as O};
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind};
use crate::tui::panes::KeyResult;
use crate::tui::widgets::Outcome;
use crate::tui::widgets::metric_chart::{self, ChartKey};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use KeyCode::{Char, Down, End, Enter, Home, Up};

const fn k(code: KeyCode) -> Key {
    Key::Plain(code)
}

const fn o(action: O) -> Action {
    Action::Outcomes(action)
}

/// The metrics table.
pub const OUTCOMES: &[Binding<Action>] = &[
    bind(&[k(Char('j')), k(Down)], o(O::Down), "next metric"),
    bind(&[k(Char('k')), k(Up)], o(O::Up), "previous metric"),
    bind(&[k(Char('g')), k(Home)], o(O::Top), "first metric"),
    bind(&[k(Char('G')), k(End)], o(O::Bottom), "last metric"),
    bind(
        &[k(Char('r'))],
        o(O::Record),
        "record a reading of the selected metric (date: today)",
    )
    .hint("record", Rank::Main),
    bind(
        &[k(Enter)],
        o(O::Chart),
        "chart of the readings, the target line and baseline → latest",
    )
    .hint("chart", Rank::Main),
    bind(&[k(Char('a'))], o(O::Add), "add a metric (form)").hint("add", Rank::Extra),
];

/// No metrics yet: the seed's eight by one key, or one's own.
pub const OUTCOMES_EMPTY: &[Binding<Action>] = &[
    bind(
        &[k(Char('p'))],
        o(O::Preset),
        "add the seed's eight success metrics with their targets",
    )
    .hint("add the seed's metrics", Rank::Vital),
    bind(&[k(Char('a'))], o(O::Add), "add a metric (form)").hint("add one", Rank::Main),
];

impl OutcomesPane {
    pub(super) fn tables(&self) -> Vec<&'static [Binding<Action>]> {
        if self.board.metrics.is_empty() {
            vec![OUTCOMES_EMPTY]
        } else {
            vec![OUTCOMES]
        }
    }

    pub(super) fn help_of_modal(&self) -> Option<HelpGroup> {
        Some(match self.overlay.as_ref()? {
            Overlay::Record { form, .. } => form.help(),
            Overlay::Chart => metric_chart::help(),
            Overlay::AddMetric(form) => form.help(),
            Overlay::Notice(document) => document.help(),
        })
    }

    pub(super) fn key_in_modal(&mut self, key: KeyEvent, body: Rect) -> KeyResult {
        let Some(overlay) = self.overlay.as_mut() else {
            return KeyResult::Ignored;
        };
        match overlay {
            Overlay::Notice(document) => match document.handle_key(key, body) {
                Outcome::Ignored => KeyResult::Ignored,
                Outcome::Cancel => {
                    self.overlay = None;
                    KeyResult::Handled
                }
                Outcome::Editing | Outcome::Submit(()) => KeyResult::Handled,
            },
            Overlay::AddMetric(form) => match form.handle_key(key) {
                Outcome::Ignored => KeyResult::Ignored,
                Outcome::Editing => KeyResult::Handled,
                Outcome::Cancel => {
                    self.overlay = None;
                    KeyResult::Handled
                }
                Outcome::Submit(()) => match metric_form::new_metric(form) {
                    Ok(new) => KeyResult::Do(o(O::CreateMetric(new))),
                    Err(error) => {
                        form.set_errors(vec![error]);
                        KeyResult::Handled
                    }
                },
            },
            Overlay::Chart => match metric_chart::handle_key(key) {
                Outcome::Ignored => KeyResult::Ignored,
                Outcome::Editing => KeyResult::Handled,
                Outcome::Cancel => {
                    self.overlay = None;
                    KeyResult::Handled
                }
                Outcome::Submit(ChartKey::Next) => KeyResult::Do(o(O::Down)),
                Outcome::Submit(ChartKey::Previous) => KeyResult::Do(o(O::Up)),
                Outcome::Submit(ChartKey::Record) => KeyResult::Do(o(O::Record)),
                Outcome::Submit(ChartKey::Close) => {
                    self.overlay = None;
                    KeyResult::Handled
                }
            },
            Overlay::Record {
                form,
                metric_id,
                today,
            } => match form.handle_key(key) {
                Outcome::Ignored => KeyResult::Ignored,
                Outcome::Editing => KeyResult::Handled,
                Outcome::Cancel => {
                    self.overlay = None;
                    KeyResult::Handled
                }
                Outcome::Submit(()) => {
                    let Some(metric) = self.board.metrics.iter().find(|m| &m.id == metric_id)
                    else {
                        form.set_errors(vec![(0, "this metric was deleted elsewhere".into())]);
                        return KeyResult::Handled;
                    };
                    match record_form::reading(form, metric, *today) {
                        Ok(reading) => KeyResult::Do(o(O::SaveReading {
                            metric_id: metric_id.clone(),
                            reading,
                        })),
                        Err(error) => {
                            form.set_errors(vec![error]);
                            KeyResult::Handled
                        }
                    }
                }
            },
        }
    }
}
