//! The Interview pane's binding tables, and what keys and pastes do while
//! the note editor or a popup has focus. Nothing here writes: a finished
//! popup becomes an action for `update`.

use super::*;
use crate::tui::action::{Action, InterviewAction as I, ResumeChoice};
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind};
use crate::tui::panes::{Asked, KeyResult, ask};
use crate::tui::widgets::Outcome;
use crate::tui::widgets::editor::Editor;
use crate::tui::widgets::list::filter_help;
use crate::tui::widgets::prompt::PromptKey;
use KeyCode::{Char, Down, End, Enter, Esc, Home, Left, Right, Up};
use ratatui::layout::Rect;

const fn k(code: KeyCode) -> Key {
    Key::Plain(code)
}

const fn i(action: I) -> Action {
    Action::Interview(action)
}

/// The past interviews, when none runs.
pub const INTERVIEW_LIST: &[Binding<Action>] = &[
    bind(
        &[k(Char('n'))],
        i(I::NewInterview),
        "new interview (participant, script, assumptions)",
    )
    .hint("new interview", Rank::Vital),
    bind(&[k(Char('j')), k(Down)], i(I::Down), "move down").hint("select", Rank::Extra),
    bind(&[k(Char('k')), k(Up)], i(I::Up), "move up"),
    bind(&[k(Char('g')), k(Home)], i(I::Top), "first"),
    bind(&[k(Char('G')), k(End)], i(I::Bottom), "last"),
    bind(
        &[k(Enter), k(Char('e'))],
        i(I::Open),
        "open the selected interview: read and correct its notes",
    )
    .hint("open", Rank::Main),
    bind(
        &[k(Char('v'))],
        i(I::Summary),
        "the selected interview's record",
    )
    .hint("record", Rank::Main),
    bind(
        &[k(Char('d'))],
        i(I::DeleteInterview),
        "delete the selected interview (asks)",
    ),
    bind(
        &[k(Char('/'))],
        i(I::Filter),
        "filter past interviews: words",
    )
    .hint("filter", Rank::Main),
    bind(
        &[k(Char('D'))],
        i(I::DeleteScript),
        "delete a script (choose it, then asks; interviews keep their copy)",
    ),
];

/// Right after an interview or a script was deleted from the list.
pub const INTERVIEW_DELETED: &[Binding<Action>] = &[bind(
    &[k(Char('u'))],
    i(I::Undelete),
    "bring back the interview or script just deleted",
)
.hint("undo delete", Rank::Vital)];

/// While a filter is in force over the past interviews.
pub const INTERVIEW_FILTERED: &[Binding<Action>] =
    &[bind(&[k(Esc)], i(I::ClearFilter), "clear the filter").hint("clear filter", Rank::Main)];

/// A running interview.
pub const INTERVIEW_RUNNING: &[Binding<Action>] = &[
    bind(
        &[k(Char(' ')), k(Right)],
        i(I::NextQuestion),
        "next question",
    )
    .hint("next", Rank::Vital),
    bind(&[k(Left)], i(I::PreviousQuestion), "previous question").hint("back", Rank::Extra),
    bind(
        &[k(Enter)],
        i(I::Note),
        "note on this question (multi-line; Esc closes)",
    )
    .hint("note", Rank::Main),
    bind(&[k(Char('"'))], i(I::Quote), "capture a verbatim quote").hint("quote", Rank::Main),
    bind(&[k(Char('t'))], i(I::Talk), "toggle \"I am talking\"").hint("talking", Rank::Vital),
    bind(
        &[k(Char('r'))],
        i(I::Ranking),
        "the participant's ranking of the options",
    )
    .hint("ranking", Rank::Extra),
    bind(&[k(Char('E'))], i(I::End), "end the interview (asks)").hint("end", Rank::Main),
    bind(
        &[k(Char('v'))],
        i(I::Summary),
        "the record so far (to hand over)",
    ),
];

/// The words of a new quote: Esc closes and keeps them, as the note's
/// editor and the Shadow pane's stamps do.
pub const QUOTE_TEXT: &[Binding<PromptKey>] = &[
    bind(&[k(Enter)], PromptKey::Save, "save the quote").hint("save", Rank::Vital),
    bind(
        &[k(Esc)],
        PromptKey::Cancel,
        "close, saving the words typed (nothing typed: nothing saved)",
    )
    .hint("close (keeps it)", Rank::Vital),
];

/// The keys that take the participant's ranking, as the running table
/// binds them, for the question that asks for one.
pub(super) fn ranking_keys() -> Option<String> {
    INTERVIEW_RUNNING
        .iter()
        .find(|b| b.action == i(I::Ranking))
        .map(|b| crate::tui::keymap::keys_label(b.keys))
}

/// A past interview opened to correct its notes.
pub const INTERVIEW_REVIEW: &[Binding<Action>] = &[
    bind(
        &[k(Char(' ')), k(Right)],
        i(I::NextQuestion),
        "next question",
    )
    .hint("next", Rank::Vital),
    bind(&[k(Left)], i(I::PreviousQuestion), "previous question").hint("back", Rank::Main),
    bind(
        &[k(Enter)],
        i(I::Note),
        "edit the note on this question (Esc closes, saved)",
    )
    .hint("note", Rank::Vital),
    bind(
        &[k(Char('"'))],
        i(I::Quote),
        "add a verbatim quote to this question",
    )
    .hint("quote", Rank::Main),
    bind(
        &[k(Char('j')), k(Down)],
        i(I::Down),
        "select the next note or quote of this question",
    )
    .hint("select", Rank::Extra),
    bind(
        &[k(Char('k')), k(Up)],
        i(I::Up),
        "select the previous note or quote",
    ),
    bind(
        &[k(Char('e'))],
        i(I::EditItem),
        "edit the selected note or quote",
    )
    .hint("edit", Rank::Main),
    bind(
        &[k(Char('d'))],
        i(I::DeleteItem),
        "delete the selected note or quote (asks; u brings it back)",
    )
    .hint("delete", Rank::Main),
    bind(
        &[k(Char('u'))],
        i(I::Restore),
        "bring back the note or quote deleted last",
    ),
    bind(&[k(Char('v'))], i(I::Summary), "the record").hint("record", Rank::Extra),
    bind(&[k(Esc)], i(I::Back), "back to the list").hint("list", Rank::Vital),
];

/// The resume offer of an interview never ended.
pub const RESUME: &[Binding<ResumeChoice>] = &[
    bind(
        &[k(Char('c')), k(Enter)],
        ResumeChoice::Continue,
        "continue it (the time away is not counted)",
    )
    .hint("continue", Rank::Vital),
    bind(
        &[k(Char('e'))],
        ResumeChoice::End,
        "end it where it stopped",
    )
    .hint("end it", Rank::Vital),
    bind(&[k(Esc)], ResumeChoice::Later, "decide later").hint("later", Rank::Vital),
];

impl InterviewPane {
    pub(super) fn tables(&self) -> Vec<&'static [Binding<Action>]> {
        match &self.running {
            Some(r) if r.ended => return vec![INTERVIEW_REVIEW],
            Some(_) => return vec![INTERVIEW_RUNNING],
            None => {}
        }
        let mut tables = vec![INTERVIEW_LIST];
        if self.list.is_filtered() {
            tables.push(INTERVIEW_FILTERED);
        }
        if self.deleted.is_some() {
            tables.push(INTERVIEW_DELETED);
        }
        tables
    }

    pub(super) fn help_of_modal(&self) -> Option<HelpGroup> {
        if self.list.is_filtering() {
            return Some(filter_help());
        }
        if self.running.as_ref().is_some_and(|r| r.note.is_some()) {
            return Some(Editor::help("Note"));
        }
        Some(match self.overlay.as_ref()? {
            Overlay::NewInterview(form) => form.help(),
            Overlay::Quote { prompt, .. } | Overlay::Ranking(prompt) => prompt.help(),
            Overlay::End(choice)
            | Overlay::DeleteInterview { choice, .. }
            | Overlay::DeleteNote { choice, .. } => choice.help(),
            Overlay::EditQuote { prompt, .. } => prompt.help(),
            Overlay::PickScript(picker) => picker.help(),
            Overlay::DeleteScript { choice, .. } => choice.help(),
            Overlay::Resume { choice, .. } => choice.help(),
            Overlay::Summary(doc) => doc.help(),
        })
    }

    /// Keys while the note editor or a popup has focus.
    pub(super) fn key_in_modal(&mut self, key: KeyEvent, body: Rect) -> KeyResult {
        if self.list.is_filtering() {
            return match self.list.filter_key(key) {
                Outcome::Ignored => KeyResult::Ignored,
                _ => KeyResult::Handled,
            };
        }
        if let Some(note) = self.running.as_mut().and_then(|r| r.note.as_mut()) {
            return match note.editor.handle_key(key) {
                Outcome::Ignored => KeyResult::Ignored,
                Outcome::Cancel => KeyResult::Do(i(I::CloseNote)),
                Outcome::Editing | Outcome::Submit(()) if note.editor.changed() => {
                    KeyResult::Do(i(I::NoteChanged))
                }
                Outcome::Editing | Outcome::Submit(()) => KeyResult::Handled,
            };
        }
        let placeholders = self
            .running
            .as_ref()
            .map(|r| r.record.interview.placeholders.options());
        let Some(overlay) = self.overlay.as_mut() else {
            return KeyResult::Ignored;
        };
        let close = match overlay {
            Overlay::NewInterview(form) => match form.handle_key(key) {
                Outcome::Ignored => return KeyResult::Ignored,
                Outcome::Editing => false,
                Outcome::Cancel => true,
                Outcome::Submit(()) => match parse_new(form) {
                    Ok((new, script)) => return KeyResult::Do(i(I::Start { new, script })),
                    Err(errors) => {
                        form.set_errors(errors);
                        false
                    }
                },
            },
            Overlay::Quote {
                prompt,
                question,
                offset_ms,
            } => match prompt.handle_key(key) {
                Outcome::Ignored | Outcome::Submit(PromptKey::Complete) => {
                    return KeyResult::Ignored;
                }
                Outcome::Editing => false,
                // Esc keeps the words typed, as a stamp's Esc keeps the
                // stamp and a note's Esc keeps the note: it saves them.
                Outcome::Cancel | Outcome::Submit(PromptKey::Cancel) => {
                    let text = prompt.text().trim().to_string();
                    if text.is_empty() {
                        true
                    } else {
                        return KeyResult::Do(i(I::AddQuote {
                            question: *question,
                            offset_ms: *offset_ms,
                            text,
                        }));
                    }
                }
                Outcome::Submit(PromptKey::Save) => {
                    let text = prompt.text().trim().to_string();
                    if text.is_empty() {
                        prompt.error = Some("a quote needs their words".into());
                        false
                    } else {
                        return KeyResult::Do(i(I::AddQuote {
                            question: *question,
                            offset_ms: *offset_ms,
                            text,
                        }));
                    }
                }
            },
            Overlay::Ranking(prompt) => match prompt.handle_key(key) {
                Outcome::Ignored | Outcome::Submit(PromptKey::Complete) => {
                    return KeyResult::Ignored;
                }
                Outcome::Editing => false,
                Outcome::Cancel | Outcome::Submit(PromptKey::Cancel) => true,
                Outcome::Submit(PromptKey::Save) => {
                    match parse_ranking(prompt.text(), &placeholders.unwrap_or_default()) {
                        Ok(ranking) => return KeyResult::Do(i(I::SetRanking(ranking))),
                        Err(message) => {
                            prompt.error = Some(message);
                            false
                        }
                    }
                }
            },
            Overlay::EditQuote { prompt, note_id } => match prompt.handle_key(key) {
                Outcome::Ignored | Outcome::Submit(PromptKey::Complete) => {
                    return KeyResult::Ignored;
                }
                Outcome::Editing => false,
                Outcome::Cancel | Outcome::Submit(PromptKey::Cancel) => true,
                Outcome::Submit(PromptKey::Save) => {
                    let text = prompt.text().trim().to_string();
                    if text.is_empty() {
                        prompt.error = Some("a quote needs their words (d deletes it)".into());
                        false
                    } else {
                        return KeyResult::Do(i(I::SetQuoteText {
                            note_id: note_id.clone(),
                            text,
                        }));
                    }
                }
            },
            Overlay::PickScript(picker) => match picker.handle_key(key) {
                Outcome::Ignored => return KeyResult::Ignored,
                Outcome::Editing => false,
                Outcome::Cancel => true,
                Outcome::Submit(index) => match picker.options.get(index) {
                    Some(name) => {
                        let name = name.clone();
                        let used = self
                            .interviews
                            .iter()
                            .filter(|iv| iv.script_name == name)
                            .count();
                        let kept = match used {
                            0 => "No interview ran it.".to_string(),
                            1 => "1 interview ran it; it keeps its own copy.".to_string(),
                            n => format!("{n} interviews ran it; each keeps its own copy."),
                        };
                        let question = format!(
                            "Delete the script '{}'? {kept} u brings it back.",
                            crate::formats::sanitize::terminal_line(&name)
                        );
                        self.overlay = Some(Overlay::DeleteScript {
                            name,
                            choice: confirm(question),
                        });
                        return KeyResult::Handled;
                    }
                    None => return KeyResult::Ignored,
                },
            },
            Overlay::DeleteScript { name, choice } => match ask(choice, key, || {
                i(I::ConfirmDeleteScript { name: name.clone() })
            }) {
                Asked::Close => true,
                Asked::Then(result) => return result,
            },
            Overlay::DeleteNote { note_id, choice } => match ask(choice, key, || {
                i(I::ConfirmDeleteNote {
                    note_id: note_id.clone(),
                })
            }) {
                Asked::Close => true,
                Asked::Then(result) => return result,
            },
            Overlay::End(choice) => match ask(choice, key, || i(I::ConfirmEnd)) {
                Asked::Close => true,
                Asked::Then(result) => return result,
            },
            Overlay::DeleteInterview { id, choice } => match ask(choice, key, || {
                i(I::ConfirmDeleteInterview { id: id.clone() })
            }) {
                Asked::Close => true,
                Asked::Then(result) => return result,
            },
            Overlay::Resume { choice, .. } => match choice.handle_key(key) {
                Outcome::Ignored => return KeyResult::Ignored,
                Outcome::Submit(asked) => return KeyResult::Do(i(I::Resume(asked))),
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
        if let Some(note) = self.running.as_mut().and_then(|r| r.note.as_mut()) {
            return note.editor.paste(text).then_some(i(I::NoteChanged));
        }
        match self.overlay.as_mut()? {
            Overlay::NewInterview(form) => form.paste(text),
            Overlay::Quote { prompt, .. }
            | Overlay::Ranking(prompt)
            | Overlay::EditQuote { prompt, .. } => prompt.paste(text),
            Overlay::End(_)
            | Overlay::DeleteInterview { .. }
            | Overlay::DeleteNote { .. }
            | Overlay::PickScript(_)
            | Overlay::DeleteScript { .. }
            | Overlay::Resume { .. }
            | Overlay::Summary(_) => {}
        }
        None
    }
}

/// The new-interview form read: what to start, and the script's name.
fn parse_new(form: &Form) -> Result<(NewInterview, String), Vec<(usize, String)>> {
    let script = form.text(FORM_SCRIPT).trim().to_string();
    if script.is_empty() {
        return Err(vec![(FORM_SCRIPT, "required".to_string())]);
    }
    let placeholders = Placeholders {
        feature: form.text(FORM_FEATURE).trim().to_string(),
        a: form.text(FORM_FEATURE + 1).trim().to_string(),
        b: form.text(FORM_FEATURE + 2).trim().to_string(),
        c: form.text(FORM_FEATURE + 3).trim().to_string(),
    };
    let assumptions: Vec<&str> = (FORM_ASSUMPTION..FORM_ASSUMPTION + 3)
        .map(|i| form.text(i))
        .collect();
    NewInterview::parse(
        form.text(FORM_PARTICIPANT),
        form.text(FORM_TEAM),
        placeholders,
        &assumptions,
    )
    .map(|new| (new, script))
    .map_err(|e| vec![(FORM_PARTICIPANT, e.message)])
}

/// Reads "b a c" (letters of the options, best first) into the options.
fn parse_ranking(text: &str, options: &[String]) -> Result<Vec<String>, String> {
    let mut order = Vec::new();
    for word in text.split([' ', ',', '>']).filter(|w| !w.is_empty()) {
        let index = match word.to_lowercase().as_str() {
            "a" | "1" => 0,
            "b" | "2" => 1,
            "c" | "3" => 2,
            _ => {
                return Err(format!(
                    "'{word}' is not an option: use a, b and c, best first"
                ));
            }
        };
        if order.contains(&index) {
            return Err(format!("'{word}' appears twice"));
        }
        order.push(index);
    }
    if order.is_empty() {
        return Err("type the options' letters, best first (e.g. b a c)".into());
    }
    Ok(order
        .into_iter()
        .filter_map(|i| options.get(i).cloned())
        .collect())
}
