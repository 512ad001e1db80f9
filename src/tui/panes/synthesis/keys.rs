//! The Synthesis pane's binding tables, and what keys and pastes do while
//! one of its popups has focus — the new synthesis (title, then sources),
//! the entry editor, promotion to the backlog, documents. Nothing here
//! writes: a finished popup becomes an action for `update`.

use super::*;
use crate::tui::action::{Action, SynthesisAction as Y};
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind};
use crate::tui::panes::{Asked, KeyResult, ask};
use crate::tui::widgets::Outcome;
use crate::tui::widgets::checklist::Checklist;
use crate::tui::widgets::editor::Editor as TextEditor;
use crate::tui::widgets::list::filter_help;
use crate::tui::widgets::prompt::PromptKey;
use KeyCode::{Char, Down, End, Enter, Esc, Home, Left, Right, Up};
use ratatui::layout::Rect;

const fn k(code: KeyCode) -> Key {
    Key::Plain(code)
}

const fn y(action: Y) -> Action {
    Action::Synthesis(action)
}

/// The list of syntheses.
pub const SYNTHESIS_LIST: &[Binding<Action>] = &[
    bind(
        &[k(Char('n'))],
        y(Y::NewSynthesis),
        "new synthesis: title, then its sources",
    )
    .hint("new synthesis", Rank::Vital),
    bind(
        &[k(Char('e')), k(Enter)],
        y(Y::Open),
        "open the selected synthesis",
    )
    .hint("open", Rank::Vital),
    bind(&[k(Char('j')), k(Down)], y(Y::Down), "move down").hint("select", Rank::Extra),
    bind(&[k(Char('k')), k(Up)], y(Y::Up), "move up"),
    bind(&[k(Char('g')), k(Home)], y(Y::Top), "first"),
    bind(&[k(Char('G')), k(End)], y(Y::Bottom), "last"),
    bind(&[k(Char('/'))], y(Y::Filter), "filter the syntheses: words").hint("filter", Rank::Main),
    bind(
        &[k(Char('d'))],
        y(Y::DeleteSynthesis),
        "delete the selected synthesis (asks)",
    ),
];

/// Right after a synthesis was deleted from the list.
pub const SYNTHESIS_DELETED: &[Binding<Action>] = &[bind(
    &[k(Char('u'))],
    y(Y::UndeleteSynthesis),
    "bring back the synthesis just deleted",
)
.hint("undo delete", Rank::Vital)];

/// An open synthesis, right after an entry was deleted.
pub const ENTRY_DELETED: &[Binding<Action>] = &[bind(
    &[k(Char('u'))],
    y(Y::UndeleteEntry),
    "bring back the entry just deleted",
)
.hint("undo delete", Rank::Vital)];

/// While a filter is in force over the syntheses.
pub const SYNTHESIS_FILTERED: &[Binding<Action>] =
    &[bind(&[k(Esc)], y(Y::ClearFilter), "clear the filter").hint("clear filter", Rank::Main)];

/// An open synthesis, the entries focused.
pub const SYNTHESIS_ENTRIES: &[Binding<Action>] = &[
    bind(&[k(Char('a'))], y(Y::Add), "add an entry to this section").hint("add", Rank::Vital),
    bind(
        &[k(Char('e')), k(Enter)],
        y(Y::Edit),
        "edit the selected entry",
    )
    .hint("edit", Rank::Main),
    bind(&[k(Char('d'))], y(Y::Delete), "delete the entry (asks)"),
    bind(
        &[k(Right), k(Char('l'))],
        y(Y::FocusSources),
        "browse the sources",
    )
    .hint("sources", Rank::Main),
    bind(
        &[k(Char('Q'))],
        y(Y::LinkQuote),
        "link the selected source quote to the entry",
    )
    .hint("link quote", Rank::Extra),
    bind(
        &[k(Char('K'))],
        y(Y::MoveUp),
        "move the entry up (top 3 pain points)",
    )
    .hint("reorder", Rank::Extra),
    bind(&[k(Char('J'))], y(Y::MoveDown), "move the entry down"),
    bind(&[k(Char('+'))], y(Y::Validated), "assumption validated [+]").hint("verdict", Rank::Extra),
    bind(
        &[k(Char('-'))],
        y(Y::Contradicted),
        "assumption contradicted [-]",
    ),
    bind(
        &[k(Char('b'))],
        y(Y::Promote),
        "promote a pain point or action to the backlog (or open its item)",
    )
    .hint("to backlog", Rank::Main),
    bind(
        &[k(Char('T'))],
        y(Y::Tally),
        "tally across sessions (for reach)",
    )
    .hint("tally", Rank::Extra),
    bind(
        &[k(Char('v'))],
        y(Y::View),
        "view as the synthesis template",
    )
    .hint("view", Rank::Extra),
    bind(&[k(Char('j')), k(Down)], y(Y::Down), "move down"),
    bind(&[k(Char('k')), k(Up)], y(Y::Up), "move up"),
    bind(&[k(Char('g')), k(Home)], y(Y::Top), "first row"),
    bind(&[k(Char('G')), k(End)], y(Y::Bottom), "last row"),
    bind(&[k(Esc)], y(Y::Back), "back to the list").hint("list", Rank::Main),
];

/// An open synthesis, the sources focused.
pub const SYNTHESIS_SOURCES: &[Binding<Action>] = &[
    bind(
        &[k(Char('Q'))],
        y(Y::LinkQuote),
        "link the selected source quote to the entry",
    )
    .hint("link to entry", Rank::Vital),
    bind(&[k(Char('j')), k(Down)], y(Y::Down), "next source").hint("browse", Rank::Main),
    bind(&[k(Char('k')), k(Up)], y(Y::Up), "previous source"),
    bind(&[k(Char('g')), k(Home)], y(Y::Top), "first source"),
    bind(&[k(Char('G')), k(End)], y(Y::Bottom), "last source"),
    bind(
        &[k(Left), k(Char('h'))],
        y(Y::FocusEntries),
        "back to the entries",
    )
    .hint("entries", Rank::Main),
    bind(
        &[k(Char('T'))],
        y(Y::Tally),
        "tally across sessions (for reach)",
    ),
    bind(
        &[k(Char('v'))],
        y(Y::View),
        "view as the synthesis template",
    ),
    bind(&[k(Esc)], y(Y::Back), "back to the list").hint("list", Rank::Main),
];

/// The title of a new synthesis.
pub const TITLE: &[Binding<PromptKey>] = &[
    bind(&[k(Enter)], PromptKey::Save, "next: pick its sources").hint("next: sources", Rank::Vital),
    bind(&[k(Esc)], PromptKey::Cancel, "cancel").hint("cancel", Rank::Vital),
];

impl SynthesisPane {
    pub(super) fn tables(&self) -> Vec<&'static [Binding<Action>]> {
        match &self.open {
            Some(open) if open.focus == Focus::Sources => vec![SYNTHESIS_SOURCES],
            Some(open) if open.deleted_entry.is_some() => vec![SYNTHESIS_ENTRIES, ENTRY_DELETED],
            Some(_) => vec![SYNTHESIS_ENTRIES],
            None => {
                let mut tables = vec![SYNTHESIS_LIST];
                if self.list.is_filtered() {
                    tables.push(SYNTHESIS_FILTERED);
                }
                if self.deleted.is_some() {
                    tables.push(SYNTHESIS_DELETED);
                }
                tables
            }
        }
    }

    pub(super) fn help_of_modal(&self) -> Option<HelpGroup> {
        if self.list.is_filtering() {
            return Some(filter_help());
        }
        if self.open.as_ref().is_some_and(|o| o.editor.is_some()) {
            return Some(TextEditor::help("Entry"));
        }
        Some(match self.overlay.as_ref()? {
            Overlay::Title(prompt) => prompt.help(),
            Overlay::Sources { .. } => Checklist::help("Sources"),
            Overlay::Delete { choice, .. } | Overlay::DeleteSynthesis { choice, .. } => {
                choice.help()
            }
            Overlay::Promote { form, .. } => form.help(),
            Overlay::View(doc) => doc.help(),
        })
    }

    pub(super) fn key_in_modal(&mut self, key: KeyEvent, body: Rect) -> KeyResult {
        if self.list.is_filtering() {
            return match self.list.filter_key(key) {
                Outcome::Ignored => KeyResult::Ignored,
                _ => KeyResult::Handled,
            };
        }
        if let Some(editor) = self.open.as_mut().and_then(|o| o.editor.as_mut()) {
            return match editor.text.handle_key(key) {
                Outcome::Ignored => KeyResult::Ignored,
                Outcome::Cancel => KeyResult::Do(y(Y::CloseEditor)),
                Outcome::Editing | Outcome::Submit(()) if editor.text.changed() => {
                    KeyResult::Do(y(Y::EntryChanged))
                }
                Outcome::Editing | Outcome::Submit(()) => KeyResult::Handled,
            };
        }
        let Some(overlay) = self.overlay.as_mut() else {
            return KeyResult::Ignored;
        };
        let close = match overlay {
            Overlay::Title(prompt) => match prompt.handle_key(key) {
                Outcome::Ignored | Outcome::Submit(PromptKey::Complete) => {
                    return KeyResult::Ignored;
                }
                Outcome::Editing => false,
                Outcome::Cancel | Outcome::Submit(PromptKey::Cancel) => true,
                Outcome::Submit(PromptKey::Save) => {
                    let title = prompt.text().trim().to_string();
                    if title.is_empty() {
                        prompt.error = Some("a title helps find it later".into());
                        false
                    } else {
                        return KeyResult::Do(y(Y::TitleEntered(title)));
                    }
                }
            },
            Overlay::Sources {
                title,
                options,
                list,
                error,
            } => match list.handle_key(key) {
                Outcome::Ignored => return KeyResult::Ignored,
                Outcome::Editing => {
                    *error = None;
                    false
                }
                Outcome::Cancel => true,
                Outcome::Submit(picked) if picked.is_empty() => {
                    *error = Some("Pick at least one interview or session (Space)".into());
                    false
                }
                Outcome::Submit(picked) => {
                    let sources = picked
                        .into_iter()
                        .filter_map(|i| options.get(i))
                        .map(|(kind, id)| (*kind, id.clone()))
                        .collect();
                    return KeyResult::Do(y(Y::Create {
                        title: title.clone(),
                        sources,
                    }));
                }
            },
            Overlay::Delete { entry_id, choice } => match ask(choice, key, || {
                y(Y::ConfirmDelete {
                    entry_id: entry_id.clone(),
                })
            }) {
                Asked::Close => true,
                Asked::Then(result) => return result,
            },
            Overlay::DeleteSynthesis { id, choice } => match ask(choice, key, || {
                y(Y::ConfirmDeleteSynthesis { id: id.clone() })
            }) {
                Asked::Close => true,
                Asked::Then(result) => return result,
            },
            Overlay::Promote { form, entry_id } => match form.handle_key(key) {
                Outcome::Ignored => return KeyResult::Ignored,
                Outcome::Editing => {
                    item_form::refresh_preview(form);
                    false
                }
                Outcome::Cancel => true,
                Outcome::Submit(()) => match item_form::new_item(form) {
                    Ok(new) => {
                        return KeyResult::Do(y(Y::PromoteEntry {
                            entry_id: entry_id.clone(),
                            new,
                        }));
                    }
                    Err(errors) => {
                        form.set_errors(errors);
                        false
                    }
                },
            },
            Overlay::View(doc) => match doc.handle_key(key, body) {
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
        if let Some(editor) = self.open.as_mut().and_then(|o| o.editor.as_mut()) {
            return editor.text.paste(text).then_some(y(Y::EntryChanged));
        }
        match self.overlay.as_mut()? {
            Overlay::Title(prompt) => prompt.paste(text),
            Overlay::Promote { form, .. } => {
                form.paste(text);
                item_form::refresh_preview(form);
            }
            Overlay::Sources { .. }
            | Overlay::Delete { .. }
            | Overlay::DeleteSynthesis { .. }
            | Overlay::View(_) => {}
        }
        None
    }
}
