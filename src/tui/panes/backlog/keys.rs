//! The Backlog pane's popups and filter line: what keys and pastes do
//! while one of them has focus, and the hints for the status bar.

use super::{BacklogPane, Overlay, item_form};
use crate::domain::backlog::{ItemPatch, Lane, parse_kill_reason};
use crate::domain::rice::{Effort, Reach};
use crate::tui::panes::Ctx;
use crate::tui::widgets::confirm;
use crate::tui::widgets::form::{Form, FormOutcome};
use crate::tui::widgets::picker::Picked;
use crate::tui::widgets::prompt::Prompt;
use crossterm::event::{KeyCode, KeyEvent};

impl BacklogPane {
    /// Keys while a popup or the filter line has focus.
    pub fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) {
        if self.filter_input.is_some() {
            self.filter_key(key, ctx);
            return;
        }
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        self.overlay = match overlay {
            Overlay::Form { mut form, editing } => match form.handle_key(key) {
                FormOutcome::Editing => {
                    item_form::refresh_preview(&mut form);
                    Some(Overlay::Form { form, editing })
                }
                FormOutcome::Cancel => {
                    ctx.status.info("Cancelled: nothing was changed");
                    None
                }
                FormOutcome::Submit => self.submit_form(form, editing, ctx),
            },
            Overlay::Reach { mut prompt, id } => match prompt_key(&mut prompt, key) {
                PromptKey::Editing => Some(Overlay::Reach { prompt, id }),
                PromptKey::Cancel => None,
                PromptKey::Submit => match Reach::parse(prompt.input.text()) {
                    Ok(reach) => self.close_if_saved(
                        &id,
                        ItemPatch {
                            reach: Some(reach),
                            ..Default::default()
                        },
                        Overlay::Reach {
                            prompt,
                            id: id.clone(),
                        },
                        ctx,
                    ),
                    Err(e) => {
                        prompt.error = Some(e.message);
                        Some(Overlay::Reach { prompt, id })
                    }
                },
            },
            Overlay::Effort { mut prompt, id } => match prompt_key(&mut prompt, key) {
                PromptKey::Editing => Some(Overlay::Effort { prompt, id }),
                PromptKey::Cancel => None,
                PromptKey::Submit => match Effort::parse(prompt.input.text()) {
                    Ok(effort) => self.close_if_saved(
                        &id,
                        ItemPatch {
                            effort: Some(effort),
                            ..Default::default()
                        },
                        Overlay::Effort {
                            prompt,
                            id: id.clone(),
                        },
                        ctx,
                    ),
                    Err(e) => {
                        prompt.error = Some(e.message);
                        Some(Overlay::Effort { prompt, id })
                    }
                },
            },
            Overlay::KillReason { mut prompt, id } => match prompt_key(&mut prompt, key) {
                PromptKey::Editing => Some(Overlay::KillReason { prompt, id }),
                PromptKey::Cancel => None,
                PromptKey::Submit => match parse_kill_reason(prompt.input.text()) {
                    Ok(reason) => self.close_if_saved(
                        &id,
                        ItemPatch {
                            lane: Some(Lane::Killed),
                            kill_reason: Some(reason),
                            ..Default::default()
                        },
                        Overlay::KillReason {
                            prompt,
                            id: id.clone(),
                        },
                        ctx,
                    ),
                    Err(e) => {
                        prompt.error = Some(e.message);
                        Some(Overlay::KillReason { prompt, id })
                    }
                },
            },
            Overlay::Lane { mut picker, id } => match picker.handle_key(key) {
                Picked::Still => Some(Overlay::Lane { picker, id }),
                Picked::Cancelled => None,
                Picked::Chosen(i) => match Lane::ALL.get(i) {
                    Some(Lane::Killed) => {
                        let title = self
                            .items
                            .iter()
                            .find(|it| it.id == id)
                            .map(|it| it.title.clone());
                        self.open_kill(title.unwrap_or_default(), id);
                        self.overlay.take()
                    }
                    Some(lane) => {
                        self.save_patch(
                            &id,
                            &ItemPatch {
                                lane: Some(*lane),
                                ..Default::default()
                            },
                            ctx,
                        );
                        None
                    }
                    None => None,
                },
            },
            Overlay::Delete { id, title } => match confirm::answer(key) {
                None => Some(Overlay::Delete { id, title }),
                Some(false) => None,
                Some(true) => {
                    match ctx.store.delete_item(&id) {
                        Ok(()) => {
                            self.items.retain(|i| i.id != id);
                            self.rebuild(None, ctx);
                            ctx.status.info(format!("Deleted '{title}'"));
                        }
                        Err(e) => ctx.status.failed("Not deleted", &e),
                    }
                    None
                }
            },
        };
    }
    /// Saves and closes, or keeps the popup (and what was typed) on failure.
    fn close_if_saved(
        &mut self,
        id: &str,
        patch: ItemPatch,
        keep: Overlay,
        ctx: &mut Ctx<'_>,
    ) -> Option<Overlay> {
        if self.save_patch(id, &patch, ctx) {
            None
        } else {
            Some(keep)
        }
    }
    fn submit_form(
        &mut self,
        mut form: Form,
        editing: Option<String>,
        ctx: &mut Ctx<'_>,
    ) -> Option<Overlay> {
        let result = match &editing {
            None => item_form::new_item(&form).map(|new| {
                match ctx.store.add_item(&new, ctx.clock.now()) {
                    Ok(item) => {
                        let (title, id) = (item.title.clone(), item.id.clone());
                        self.replace(item, ctx);
                        ctx.status
                            .info(format!("Added '{title}'{}", self.rank_note(&id)));
                        true
                    }
                    Err(e) => {
                        ctx.status.failed("Not saved", &e);
                        false
                    }
                }
            }),
            Some(id) => match self.items.iter().find(|i| &i.id == id).cloned() {
                Some(item) => {
                    item_form::patch(&form, &item).map(|patch| self.save_patch(id, &patch, ctx))
                }
                None => Ok(false),
            },
        };
        match result {
            Ok(true) => None,
            Ok(false) => Some(Overlay::Form { form, editing }),
            Err(errors) => {
                form.set_errors(errors);
                ctx.status
                    .error("Some fields need fixing: see the messages beside them");
                Some(Overlay::Form { form, editing })
            }
        }
    }
    fn filter_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) {
        let Some(input) = self.filter_input.as_mut() else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                self.filter_input = None;
                self.set_filter(String::new(), ctx);
            }
            KeyCode::Enter => {
                self.filter_input = None;
                if self.filter_error.take().is_some() {
                    // Leave with the last filter that worked.
                    ctx.status.info("Kept the last valid filter");
                }
            }
            _ => {
                if input.handle_key(key) {
                    let text = input.text().to_string();
                    self.set_filter(text, ctx);
                }
            }
        }
    }
    pub fn paste(&mut self, text: &str, ctx: &mut Ctx<'_>) {
        if let Some(input) = self.filter_input.as_mut() {
            input.paste(text);
            let text = input.text().to_string();
            self.set_filter(text, ctx);
            return;
        }
        match self.overlay.as_mut() {
            Some(Overlay::Form { form, .. }) => {
                form.paste(text);
                item_form::refresh_preview(form);
            }
            Some(
                Overlay::Reach { prompt, .. }
                | Overlay::Effort { prompt, .. }
                | Overlay::KillReason { prompt, .. },
            ) => {
                prompt.input.paste(text);
                prompt.error = None;
            }
            _ => {}
        }
    }
    /// The keys that matter while a popup or the filter line has focus.
    pub fn mode_hints(&self) -> Option<&'static [(&'static str, &'static str)]> {
        if self.filter_input.is_some() {
            return Some(&[("Enter", "keep filter"), ("Esc", "clear filter")]);
        }
        match self.overlay {
            None => None,
            Some(Overlay::Form { .. }) => Some(&[
                ("Tab/↓", "next field"),
                ("Shift-Tab/↑", "previous"),
                ("Ctrl-S", "save"),
                ("Esc", "cancel"),
            ]),
            Some(Overlay::Reach { .. } | Overlay::Effort { .. } | Overlay::KillReason { .. }) => {
                Some(&[("Enter", "save"), ("Esc", "cancel")])
            }
            Some(Overlay::Lane { .. }) => Some(&[
                ("j/k", "move"),
                ("1-7", "choose"),
                ("Enter", "choose"),
                ("Esc", "cancel"),
            ]),
            Some(Overlay::Delete { .. }) => Some(&[("y/Enter", "delete"), ("n/Esc", "keep")]),
        }
    }
}

enum PromptKey {
    Editing,
    Submit,
    Cancel,
}

fn prompt_key(prompt: &mut Prompt, key: KeyEvent) -> PromptKey {
    match key.code {
        KeyCode::Esc => PromptKey::Cancel,
        KeyCode::Enter => PromptKey::Submit,
        _ => {
            if prompt.input.handle_key(key) {
                prompt.error = None;
            }
            PromptKey::Editing
        }
    }
}
