//! The Interview pane: a timed script runner. The current question in front
//! of the interviewer, phases planned vs elapsed, a note per question and
//! verbatim quotes, and a live meter of how much the interviewer talks.

pub mod keys;
mod render;

use super::{Ctx, KeyResult, Pane, View};
use crate::domain::interview::{Interview, NewInterview, Step, Talk};
use crate::domain::interview_log::InterviewLog;
use crate::domain::script::{Placeholders, Script};
use crate::domain::shadow::{SessionClock, format_offset};
use crate::formats::interview_notes;
use crate::tui::action::InterviewAction;
use crate::tui::action::{Action, ResumeChoice};
use crate::tui::keymap::{Binding, HelpGroup};
use crate::tui::widgets::confirm::{Answer, Choice, confirm};
use crate::tui::widgets::document::Document;
use crate::tui::widgets::editor::Editor;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::list::{ListView, Move};
use crate::tui::widgets::prompt::Prompt;
use color_eyre::eyre::Result;
use crossterm::event::{KeyCode, KeyEvent};
use std::time::Duration;

/// A note is saved this long after its last keystroke at the latest
/// (PRODUCT.md allows two seconds; ticks come once a second).
const NOTE_SAVE_AFTER: Duration = Duration::from_secs(1);
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The multi-line note open on a question.
#[derive(Debug)]
struct NoteEditor {
    question: usize,
    editor: Editor,
    /// When the unsaved edits began to wait (monotonic), if any.
    dirty_since: Option<Duration>,
}

#[derive(Debug)]
struct Running {
    /// A past interview opened to correct its notes: no clock, no steps.
    ended: bool,
    /// Its steps, talks, notes and quotes, with the numbers drawn from
    /// them kept up to date per change (a frame recounts nothing).
    record: InterviewLog,
    clock: SessionClock,
    note: Option<NoteEditor>,
    last_heartbeat: Duration,
    /// In a past interview, which of the current question's note and
    /// quotes is selected.
    picked: usize,
    /// This copy's hold on the clock of an interview not ended: another
    /// copy does not offer to continue or end it meanwhile.
    _hold: Option<crate::store::ClockHold>,
}

impl Running {
    fn current(&self) -> usize {
        self.record.interview.current_question
    }

    /// The current question's note (when it has words), then its quotes.
    fn items(&self) -> Vec<&crate::domain::interview::Note> {
        let (note, quotes) = self.record.notes_of(self.current());
        note.into_iter().chain(quotes).collect()
    }

    fn picked_item(&self) -> Option<&crate::domain::interview::Note> {
        let items = self.items();
        items
            .get(self.picked.min(items.len().saturating_sub(1)))
            .copied()
    }

    fn open_talk(&self) -> Option<&Talk> {
        self.record.open_talk()
    }
}

// At most one overlay exists at a time, so its size costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Overlay {
    NewInterview(Form),
    Quote {
        prompt: Prompt,
        question: usize,
        offset_ms: i64,
    },
    Ranking(Prompt),
    /// Correcting the words of a quote of a past interview.
    EditQuote {
        prompt: Prompt,
        note_id: String,
    },
    /// Choosing a script to delete.
    PickScript(crate::tui::widgets::picker::Picker),
    /// Deleting a script, asked.
    DeleteScript {
        name: String,
        choice: Choice<Answer>,
    },
    /// Deleting a note or quote of a past interview.
    DeleteNote {
        note_id: String,
        choice: Choice<Answer>,
    },
    End(Choice<Answer>),
    DeleteInterview {
        id: String,
        choice: Choice<Answer>,
    },
    Resume {
        interview: Interview,
        choice: Choice<ResumeChoice>,
    },
    Summary(Document),
}

const FORM_PARTICIPANT: usize = 0;
const FORM_TEAM: usize = 1;
const FORM_SCRIPT: usize = 2;
const FORM_FEATURE: usize = 3;
const FORM_ASSUMPTION: usize = 7;

#[derive(Debug)]
pub struct InterviewPane {
    interviews: Vec<Interview>,
    /// Which past interview is selected, and the `/` filter over them.
    list: ListView,
    running: Option<Running>,
    overlay: Option<Overlay>,
    /// What was just deleted from the list, which `u` brings back.
    deleted: Option<Deleted>,
    zone: jiff::tz::TimeZone,
}

/// A record deleted from the Interview pane's list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Deleted {
    Interview(String),
    Script(String),
}

impl InterviewPane {
    pub fn load(ctx: &mut Ctx<'_>, zone: jiff::tz::TimeZone) -> Result<Self> {
        let mut unfinished = ctx.store.unfinished_interview()?;
        if let Some(interview) = &unfinished
            && ctx.store.clock_held_elsewhere(&interview.id)?
        {
            ctx.status.info(running_elsewhere(interview));
            unfinished = None;
        }
        Ok(Self {
            overlay: unfinished.map(|interview| Overlay::Resume {
                choice: Choice {
                    title: "Unfinished interview",
                    question: format!(
                        "The interview with {} was never ended (the app closed while it ran). Every note, quote and talk toggle is saved.",
                        interview.participant
                    ),
                    table: keys::RESUME,
                },
                interview,
            }),
            interviews: ctx.store.interviews()?,
            list: ListView::default(),
            running: None,
            deleted: None,
            zone,
        })
    }

    pub fn has_resume_offer(&self) -> bool {
        matches!(self.overlay, Some(Overlay::Resume { .. }))
    }

    fn offset_now(&self, ctx: &Ctx<'_>) -> i64 {
        self.running
            .as_ref()
            .map_or(0, |r| r.clock.offset_ms(ctx.clock.monotonic()))
    }

    /// Once a second while running: save a note that has rested, and now
    /// and then a heartbeat.
    fn autosave(&mut self, ctx: &mut Ctx<'_>) {
        let now = ctx.clock.monotonic();
        let offset = self.offset_now(ctx);
        let Some(running) = self.running.as_mut() else {
            return;
        };
        if let Some(note) = running.note.as_ref()
            && note
                .dirty_since
                .is_some_and(|since| now.saturating_sub(since) >= NOTE_SAVE_AFTER)
        {
            save_note(running, offset, ctx);
        }
        if !running.ended && now.saturating_sub(running.last_heartbeat) >= HEARTBEAT {
            let id = running.record.interview.id.clone();
            match ctx.store.interview_heartbeat(&id, offset, ctx.clock.now()) {
                Ok(()) => running.last_heartbeat = now,
                Err(e) => ctx.status.failed("Could not save the clock", &e),
            }
        }
    }

    fn reload_list(&mut self, ctx: &mut Ctx<'_>) {
        match ctx.store.interviews() {
            Ok(all) => self.interviews = all,
            Err(e) => ctx
                .status
                .error(format!("Could not read the interviews: {e:#}")),
        }
    }

    /// Positions of the past interviews the filter lets through.
    fn listed(&self) -> Vec<usize> {
        self.list.visible(
            self.interviews
                .iter()
                .map(|i| format!("{} {} {}", i.participant, i.team, i.script_name)),
        )
    }

    /// The message line while the list is filtered.
    pub fn render_filter_line(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
        theme: crate::tui::theme::Theme,
    ) -> bool {
        self.running.is_none()
            && self
                .list
                .render_filter_line(area, buf, theme, self.listed().len())
    }

    /// Opens `interview` here. One not ended is held for this copy first;
    /// when another copy runs it, it is not opened and the message line
    /// says so.
    fn activate(&mut self, interview: Interview, offset_ms: i64, ctx: &mut Ctx<'_>) {
        let hold = if interview.ended_at.is_none() {
            match ctx.store.hold_clock(&interview.id) {
                Ok(Some(hold)) => Some(hold),
                Ok(None) => {
                    ctx.status.error(running_elsewhere(&interview));
                    return;
                }
                Err(e) => {
                    ctx.status
                        .failed("Could not tell whether another copy runs it", &e);
                    return;
                }
            }
        } else {
            None
        };
        match ctx.store.interview_record(&interview) {
            Ok(record) => {
                let now = ctx.clock.monotonic();
                let ended = interview.ended_at.is_some();
                self.running = Some(Running {
                    ended,
                    record: InterviewLog::new(record),
                    clock: SessionClock::resume_at(offset_ms, !ended, now),
                    note: None,
                    last_heartbeat: now,
                    picked: 0,
                    _hold: hold,
                });
            }
            Err(e) => ctx
                .status
                .error(format!("Could not read the interview: {e:#}")),
        }
    }

    pub fn update(&mut self, action: InterviewAction, ctx: &mut Ctx<'_>) {
        use InterviewAction as A;
        let running = self.running.is_some();
        let reviewing = self.running.as_ref().is_some_and(|r| r.ended);
        match action {
            A::Down | A::Up if reviewing => {
                if let Some(r) = self.running.as_mut() {
                    let last = r.items().len().saturating_sub(1);
                    r.picked = match action {
                        A::Down => (r.picked + 1).min(last),
                        _ => r.picked.min(last).saturating_sub(1),
                    };
                }
            }
            A::EditItem | A::DeleteItem | A::Restore if !reviewing => ctx.status.info(
                "Open an ended interview (Enter on the list) to correct its notes and quotes",
            ),
            A::DeleteScript => match ctx.store.scripts() {
                Ok(scripts) => {
                    let names: Vec<String> = scripts.into_iter().map(|s| s.name).collect();
                    self.overlay = Some(Overlay::PickScript(
                        crate::tui::widgets::picker::Picker::new("Delete which script?", names, 0),
                    ));
                }
                Err(e) => ctx.status.failed("Could not read the scripts", &e),
            },
            A::ConfirmDeleteScript { name } => {
                self.overlay = None;
                match ctx.store.delete_script(&name, ctx.clock.now()) {
                    Ok(name) => {
                        ctx.status.info(
                            crate::domain::undelete::Deleted::Script(&name)
                                .message(&format!("the script '{name}'")),
                        );
                        self.deleted = Some(Deleted::Script(name));
                    }
                    Err(e) => ctx.status.failed("Not deleted", &e),
                }
            }
            A::EditItem => self.edit_item(),
            A::DeleteItem => self.ask_delete_item(ctx),
            A::Restore => self.restore_item(ctx),
            A::SetQuoteText { note_id, text } => self.set_quote_text(&note_id, text, ctx),
            A::ConfirmDeleteNote { note_id } => self.delete_item(&note_id, ctx),
            A::NewInterview => self.new_interview(ctx),
            A::Summary => self.open_summary(ctx),
            A::Down | A::Up | A::Top | A::Bottom | A::ClickRow(_) | A::Scroll(_) if !running => {
                let to = match action {
                    A::Down => Move::Down,
                    A::Up => Move::Up,
                    A::Top => Move::By(i32::MIN),
                    A::Bottom => Move::By(i32::MAX),
                    A::ClickRow(row) => Move::Row(row),
                    A::Scroll(d) => Move::By(d),
                    _ => return,
                };
                let rows = ctx.body.height.saturating_sub(render::LIST_TOP) as usize;
                self.list.move_by(to, &self.listed(), rows);
            }
            A::Filter if !running => self.list.open_filter(),
            A::ClearFilter => {
                if self.list.clear_filter() {
                    ctx.status.info("Filter cleared");
                }
            }
            A::Start { new, script } => self.start(&new, &script, ctx),
            A::Open if !running => {
                let selected = self.list.selected(&self.listed());
                match selected.and_then(|i| self.interviews.get(i)).cloned() {
                    Some(interview) if interview.ended_at.is_some() => {
                        let end = interview.duration_ms.unwrap_or(interview.last_offset_ms);
                        ctx.status.info(format!(
                            "The interview with {}: Space/← questions, j/k select, e edits, d deletes, \" adds a quote; Esc back",
                            interview.participant
                        ));
                        self.activate(interview, end, ctx);
                        if let Some(r) = self.running.as_mut() {
                            r.record.interview.current_question = 0;
                        }
                    }
                    Some(interview) => match ctx.store.clock_held_elsewhere(&interview.id) {
                        Ok(true) => ctx.status.info(running_elsewhere(&interview)),
                        Ok(false) => ctx
                            .status
                            .info("It was never ended: restart the app to continue or end it"),
                        Err(e) => ctx
                            .status
                            .failed("Could not tell whether another copy runs it", &e),
                    },
                    None => ctx.status.info("No interviews yet: press n to start one"),
                }
            }
            A::Open => ctx.status.info("An interview is running: E ends it first"),
            A::Back => {
                let offset = self.offset_now(ctx);
                match self.running.as_mut() {
                    Some(r) if r.ended => {
                        save_note(r, offset, ctx);
                        self.running = None;
                        self.reload_list(ctx);
                    }
                    Some(_) => ctx.status.info("An interview is running: E ends it first"),
                    None => {}
                }
            }
            A::DeleteInterview if !running => {
                let selected = self.list.selected(&self.listed());
                match selected.and_then(|i| self.interviews.get(i)) {
                    Some(interview) => {
                        self.overlay = Some(Overlay::DeleteInterview {
                            id: interview.id.clone(),
                            choice: confirm(format!(
                                "Delete the interview with {} and its notes and quotes? u brings it back.",
                                interview.participant
                            )),
                        })
                    }
                    None => ctx.status.info("No interviews to delete"),
                }
            }
            A::DeleteInterview => ctx.status.info("An interview is running: E ends it first"),
            A::ConfirmDeleteInterview { id } => {
                self.overlay = None;
                let who = self
                    .interviews
                    .iter()
                    .find(|i| i.id == id)
                    .map(|i| i.participant.clone())
                    .unwrap_or_default();
                match ctx.store.delete_interview(&id, ctx.clock.now()) {
                    Ok(()) => {
                        ctx.status.info(
                            crate::domain::undelete::Deleted::Interview(&id)
                                .message(&format!("the interview with {who}")),
                        );
                        self.deleted = Some(Deleted::Interview(id));
                        self.reload_list(ctx);
                    }
                    Err(e) => ctx.status.failed("Not deleted", &e),
                }
            }
            A::Undelete => self.undelete(ctx),
            A::AddQuote {
                question,
                offset_ms,
                text,
            } => self.add_quote(question, offset_ms, text, ctx),
            A::SetRanking(ranking) => self.set_ranking(ranking, ctx),
            A::NoteChanged => {
                let now = ctx.clock.monotonic();
                if let Some(note) = self.running.as_mut().and_then(|r| r.note.as_mut()) {
                    note.dirty_since.get_or_insert(now);
                }
            }
            A::CloseNote => {
                let offset = self.offset_now(ctx);
                if let Some(running) = self.running.as_mut() {
                    // Focus leaves: save now.
                    save_note(running, offset, ctx);
                    running.note = None;
                }
                if reviewing {
                    // A note written just now gets its id from the file,
                    // so it can be edited and deleted at once.
                    self.reload_notes(ctx);
                }
            }
            A::ConfirmEnd => {
                self.overlay = None;
                self.end(ctx);
            }
            A::Resume(choice) => self.resume(choice, ctx),
            A::Filter => ctx
                .status
                .info("/ filters the past interviews, shown when none runs"),
            // A running interview's list is its questions, moved by Space and ←.
            A::Down | A::Up | A::Top | A::Bottom | A::ClickRow(_) | A::Scroll(_) => {}
            A::NextQuestion
            | A::PreviousQuestion
            | A::Note
            | A::Quote
            | A::Talk
            | A::Ranking
            | A::End
                if !running =>
            {
                ctx.status
                    .info("No interview running: press n to start one")
            }
            A::Talk | A::Ranking | A::End if self.running.as_ref().is_some_and(|r| r.ended) => {
                ctx.status.info(
                    "This interview has ended: its notes and quotes can still be added and edited",
                )
            }
            A::NextQuestion => self.step(1, ctx),
            A::PreviousQuestion => self.step(-1, ctx),
            A::Note => self.open_note(),
            A::Quote => {
                let offset = self.offset_now(ctx);
                if let Some(running) = &self.running {
                    self.overlay = Some(Overlay::Quote {
                        prompt: Prompt::new(
                            format!("Quote at {} — their words, verbatim", format_offset(offset)),
                            "",
                            "",
                        )
                        .with_table(keys::QUOTE_TEXT),
                        question: running.current(),
                        offset_ms: offset,
                    });
                }
            }
            A::Talk => self.toggle_talk(ctx),
            A::Ranking => self.open_ranking(),
            A::End => {
                self.overlay = Some(Overlay::End(confirm(
                    "End this interview? Notes are saved; you can export the record after.",
                )))
            }
        }
    }

    fn add_quote(&mut self, question: usize, offset_ms: i64, text: String, ctx: &mut Ctx<'_>) {
        let Some(running) = self.running.as_mut() else {
            return;
        };
        let id = running.record.interview.id.clone();
        match ctx
            .store
            .add_quote(&id, question, offset_ms, &text, ctx.clock.now())
        {
            Ok(note_id) => {
                running.record.push_note(crate::domain::interview::Note {
                    id: note_id,
                    question,
                    kind: crate::domain::interview::NoteKind::Quote,
                    offset_ms,
                    text,
                });
                self.overlay = None;
                ctx.status.info("Quote saved");
            }
            Err(e) => {
                if let Some(Overlay::Quote { prompt, .. }) = self.overlay.as_mut() {
                    prompt.error = Some(format!("not saved: {e:#}"));
                }
                ctx.status.failed("Quote not saved", &e);
            }
        }
    }

    fn set_ranking(&mut self, ranking: Vec<String>, ctx: &mut Ctx<'_>) {
        let Some(running) = self.running.as_mut() else {
            return;
        };
        let id = running.record.interview.id.clone();
        match ctx.store.set_ranking(&id, &ranking, ctx.clock.now()) {
            Ok(()) => {
                ctx.status
                    .info(format!("Ranking saved: {}", ranking.join(" > ")));
                running.record.interview.ranking = ranking;
                self.overlay = None;
            }
            Err(e) => {
                if let Some(Overlay::Ranking(prompt)) = self.overlay.as_mut() {
                    prompt.error = Some(format!("not saved: {e:#}"));
                }
                ctx.status.failed("Ranking not saved", &e);
            }
        }
    }

    fn resume(&mut self, choice: ResumeChoice, ctx: &mut Ctx<'_>) {
        let Some(Overlay::Resume { interview, .. }) = self.overlay.as_ref() else {
            return;
        };
        let interview = interview.clone();
        if choice != ResumeChoice::Later {
            // Another copy may have taken it up since the offer was made.
            match ctx.store.clock_held_elsewhere(&interview.id) {
                Ok(false) => {}
                Ok(true) => {
                    self.overlay = None;
                    ctx.status.error(running_elsewhere(&interview));
                    return;
                }
                Err(e) => {
                    ctx.status
                        .failed("Could not tell whether another copy runs it", &e);
                    return;
                }
            }
        }
        match choice {
            ResumeChoice::Continue => {
                let offset = ctx.store.interview_last_offset(&interview.id).unwrap_or(0);
                self.overlay = None;
                ctx.status.info(format!(
                    "Continuing with {} at {} — the time away is not counted",
                    interview.participant,
                    format_offset(offset)
                ));
                self.activate(interview, offset, ctx);
            }
            ResumeChoice::End => {
                let offset = ctx.store.interview_last_offset(&interview.id).unwrap_or(0);
                match ctx
                    .store
                    .end_interview(&interview.id, offset, ctx.clock.now())
                {
                    Ok(_) => {
                        self.overlay = None;
                        ctx.status.info(format!(
                            "Ended the interview with {} at {}",
                            interview.participant,
                            format_offset(offset)
                        ));
                        self.reload_list(ctx);
                    }
                    Err(e) => ctx.status.failed("Could not end it", &e),
                }
            }
            ResumeChoice::Later => {
                self.overlay = None;
                ctx.status
                    .info("Left unfinished: it is offered again next time");
            }
        }
    }

    fn new_interview(&mut self, ctx: &mut Ctx<'_>) {
        if self.running.is_some() {
            ctx.status.info("An interview is running: E ends it first");
            return;
        }
        let titles = ctx.store.top_open_titles(3).unwrap_or_default();
        let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
        let p = Placeholders::from_ranking(&refs);
        let scripts = ctx.store.scripts().unwrap_or_default();
        let default = scripts
            .iter()
            .find(|s| s.name == Script::default_script().name)
            .or(scripts.first())
            .map(|s| s.name.clone())
            .unwrap_or_default();
        fn required(text: &str) -> Option<String> {
            text.trim().is_empty().then(|| "required".to_string())
        }
        fn any(_: &str) -> Option<String> {
            None
        }
        self.overlay = Some(Overlay::NewInterview(Form::new(
            "New interview",
            vec![
                Field::new("Participant", "", "the developer you interview", required),
                Field::new("Team", "", "their team (optional)", any),
                Field::choice(
                    "Script",
                    scripts.iter().map(|s| s.name.clone()).collect(),
                    &default,
                    "← → choose a script (`fieldkit script add` adds one)",
                ),
                Field::new(
                    "{feature}",
                    &p.feature,
                    "\"We're thinking about building …\"",
                    any,
                ),
                Field::new("{a}", &p.a, "first option to rank (the backlog's #1)", any),
                Field::new("{b}", &p.b, "second option (#2)", any),
                Field::new("{c}", &p.c, "third option (#3)", any),
                Field::new(
                    "Assumption 1",
                    "",
                    "write down your 3 biggest assumptions",
                    any,
                ),
                Field::new(
                    "Assumption 2",
                    "",
                    "… what you believe developers need",
                    any,
                ),
                Field::new("Assumption 3", "", "… to validate or challenge", any),
            ],
        )));
    }

    /// Starts the interview the form asked for; the form stays open,
    /// saying what is wrong, when the script is unknown or the write fails.
    fn start(&mut self, new: &NewInterview, script: &str, ctx: &mut Ctx<'_>) {
        let script = match ctx.store.script(script) {
            Ok(s) => s,
            Err(e) => {
                let message = e
                    .downcast_ref::<crate::domain::InputError>()
                    .map_or_else(|| format!("{e:#}"), |i| i.message.clone());
                if let Some(Overlay::NewInterview(form)) = self.overlay.as_mut() {
                    form.set_errors(vec![(FORM_SCRIPT, message)]);
                }
                return;
            }
        };
        match ctx.store.create_interview(new, &script, ctx.clock.now()) {
            Ok(interview) => {
                self.overlay = None;
                ctx.status.info(format!(
                    "Interviewing {} — Space next question · Enter note · \" quote · t when you talk",
                    interview.participant
                ));
                self.activate(interview, 0, ctx);
                self.reload_list(ctx);
            }
            Err(e) => ctx.status.failed("Not started", &e),
        }
    }

    fn open_summary(&mut self, ctx: &mut Ctx<'_>) {
        let offset = self.offset_now(ctx);
        let record = match &self.running {
            Some(running) => running.record.to_record(offset),
            None => {
                let selected = self.list.selected(&self.listed());
                let Some(interview) = selected.and_then(|i| self.interviews.get(i)) else {
                    ctx.status.info("No interviews yet: press n to start one");
                    return;
                };
                match ctx.store.interview_record(interview) {
                    Ok(r) => r,
                    Err(e) => {
                        ctx.status.failed("Could not read it", &e);
                        return;
                    }
                }
            }
        };
        let text = interview_notes::render(&record, &self.zone);
        self.overlay = Some(Overlay::Summary(Document::new("Record", &text)));
    }

    fn step(&mut self, by: i64, ctx: &mut Ctx<'_>) {
        let offset = self.offset_now(ctx);
        let Some(running) = self.running.as_mut() else {
            return;
        };
        let last = running
            .record
            .interview
            .script
            .question_count()
            .saturating_sub(1);
        let current = running.current();
        let target = (current as i64 + by).clamp(0, last as i64) as usize;
        if running.ended {
            // Reading a past interview moves between its questions only.
            running.record.interview.current_question = target;
            running.picked = 0;
            return;
        }
        if target == current {
            ctx.status.info(if by > 0 {
                "That was the last question: E ends the interview"
            } else {
                "This is the first question"
            });
            return;
        }
        let id = running.record.interview.id.clone();
        match ctx.store.add_step(&id, target, offset, ctx.clock.now()) {
            Ok(()) => {
                running.record.add_step(Step {
                    question: target,
                    offset_ms: offset,
                });
                running.record.interview.current_question = target;
            }
            Err(e) => ctx.status.failed("Not saved", &e),
        }
    }

    /// `e` in a past interview: the note opens in its editor, a quote in a
    /// one-line prompt holding its words.
    fn edit_item(&mut self) {
        let Some(item) = self.running.as_ref().and_then(Running::picked_item) else {
            return self.open_note();
        };
        match item.kind {
            crate::domain::interview::NoteKind::Note => self.open_note(),
            crate::domain::interview::NoteKind::Quote => {
                self.overlay = Some(Overlay::EditQuote {
                    prompt: Prompt::new(
                        format!(
                            "Quote at {} — their words, verbatim",
                            format_offset(item.offset_ms)
                        ),
                        &item.text,
                        "",
                    ),
                    note_id: item.id.clone(),
                });
            }
        }
    }

    /// Brings back the interview or script just deleted from the list.
    fn undelete(&mut self, ctx: &mut Ctx<'_>) {
        match self.deleted.take() {
            Some(Deleted::Interview(id)) => match ctx.store.undelete_interview(&id) {
                Ok(interview) => {
                    ctx.status.info(format!(
                        "Brought back the interview with {}",
                        interview.participant
                    ));
                    self.reload_list(ctx);
                    if let Some(position) = self.interviews.iter().position(|i| i.id == id) {
                        let listed = self.listed();
                        self.list.select(position, &listed);
                    }
                }
                Err(e) => ctx.status.failed("Not brought back", &e),
            },
            Some(Deleted::Script(name)) => match ctx.store.undelete_script(&name) {
                Ok(script) => ctx.status.info(format!(
                    "Brought back the script '{}'",
                    crate::formats::sanitize::terminal_line(&script.name)
                )),
                Err(e) => ctx.status.failed("Not brought back", &e),
            },
            None => ctx.status.info("Nothing deleted to bring back"),
        }
    }

    fn ask_delete_item(&mut self, ctx: &mut Ctx<'_>) {
        let Some(item) = self.running.as_ref().and_then(Running::picked_item) else {
            ctx.status.info("Nothing to delete on this question");
            return;
        };
        let what = match item.kind {
            crate::domain::interview::NoteKind::Note => "this question's note".to_string(),
            crate::domain::interview::NoteKind::Quote => format!(
                "the quote “{}”",
                crate::formats::sanitize::terminal_line(&item.text)
            ),
        };
        self.overlay = Some(Overlay::DeleteNote {
            note_id: item.id.clone(),
            choice: confirm(format!(
                "Delete {what}? It is kept in the file as deleted; u brings it back."
            )),
        });
    }

    /// Reads the open interview's notes again after a change.
    fn reload_notes(&mut self, ctx: &mut Ctx<'_>) {
        let Some(running) = self.running.as_mut() else {
            return;
        };
        match ctx.store.notes(&running.record.interview.id) {
            Ok(notes) => running.record.set_notes(notes),
            Err(e) => ctx.status.error(format!("Could not read the notes: {e:#}")),
        }
    }

    fn set_quote_text(&mut self, note_id: &str, text: String, ctx: &mut Ctx<'_>) {
        match ctx.store.set_note_text(note_id, &text, ctx.clock.now()) {
            Ok(()) => {
                self.overlay = None;
                self.reload_notes(ctx);
                ctx.status.info("Quote corrected");
            }
            Err(e) => {
                if let Some(Overlay::EditQuote { prompt, .. }) = self.overlay.as_mut() {
                    prompt.error = Some(format!("not saved: {e:#}"));
                }
                ctx.status.failed("Quote not saved", &e);
            }
        }
    }

    fn delete_item(&mut self, note_id: &str, ctx: &mut Ctx<'_>) {
        self.overlay = None;
        match ctx.store.delete_note(note_id, ctx.clock.now()) {
            Ok(()) => {
                self.reload_notes(ctx);
                ctx.status.info("Deleted — u brings it back");
            }
            Err(e) => ctx.status.failed("Not deleted", &e),
        }
    }

    fn restore_item(&mut self, ctx: &mut Ctx<'_>) {
        let Some(id) = self.running.as_ref().map(|r| r.record.interview.id.clone()) else {
            return;
        };
        match ctx.store.restore_last_deleted_note(&id, ctx.clock.now()) {
            Ok(Some(note)) => {
                self.reload_notes(ctx);
                if let Some(r) = self.running.as_mut() {
                    r.record.interview.current_question = note.question;
                    r.picked = r.items().iter().position(|n| n.id == note.id).unwrap_or(0);
                }
                ctx.status
                    .info(format!("Brought back on question {}", note.question + 1));
            }
            Ok(None) => ctx.status.info("Nothing deleted to bring back"),
            Err(e) => ctx.status.failed("Not brought back", &e),
        }
    }

    fn open_note(&mut self) {
        let Some(running) = self.running.as_mut() else {
            return;
        };
        let question = running.current();
        let (note, _) = running.record.notes_of(question);
        let text = note.map(|n| n.text.clone()).unwrap_or_default();
        running.note = Some(NoteEditor {
            question,
            editor: Editor::new(&text),
            dirty_since: None,
        });
    }

    fn toggle_talk(&mut self, ctx: &mut Ctx<'_>) {
        let offset = self.offset_now(ctx);
        let Some(running) = self.running.as_mut() else {
            return;
        };
        let id = running.record.interview.id.clone();
        match running.open_talk().map(|t| t.id.clone()) {
            Some(talk_id) => match ctx.store.end_talk(&talk_id, offset, ctx.clock.now()) {
                Ok(()) => {
                    running.record.end_talk(&talk_id, offset);
                    ctx.status.info("Listening");
                }
                Err(e) => ctx.status.failed("Not saved", &e),
            },
            None => match ctx.store.start_talk(&id, offset, ctx.clock.now()) {
                Ok(talk_id) => {
                    running.record.start_talk(Talk {
                        id: talk_id,
                        start_ms: offset,
                        end_ms: None,
                    });
                    ctx.status.info("You are talking — t when you stop");
                }
                Err(e) => ctx.status.failed("Not saved", &e),
            },
        }
    }

    fn open_ranking(&mut self) {
        let Some(running) = self.running.as_ref() else {
            return;
        };
        let i = &running.record.interview;
        let options = i.placeholders.options();
        let listed: Vec<String> = options
            .iter()
            .enumerate()
            .map(|(n, o)| {
                format!(
                    "{} {}",
                    ["a", "b", "c"][n],
                    if o.is_empty() { "(empty)" } else { o }
                )
            })
            .collect();
        let current: String = i
            .ranking
            .iter()
            .filter_map(|r| options.iter().position(|o| o == r))
            .map(|n| ["a", "b", "c"][n])
            .collect::<Vec<_>>()
            .join(" ");
        self.overlay = Some(Overlay::Ranking(Prompt::new(
            "Their ranking, best first (e.g. b a c)",
            &current,
            listed.join(" · "),
        )));
    }

    fn end(&mut self, ctx: &mut Ctx<'_>) {
        let offset = self.offset_now(ctx);
        if let Some(running) = self.running.as_mut()
            && running.note.is_some()
        {
            save_note(running, offset, ctx);
        }
        let Some(running) = self.running.as_ref() else {
            return;
        };
        match ctx
            .store
            .end_interview(&running.record.interview.id, offset, ctx.clock.now())
        {
            Ok(interview) => {
                self.running = None;
                self.reload_list(ctx);
                if let Some(position) = self.interviews.iter().position(|i| i.id == interview.id) {
                    self.list.select(position, &self.listed());
                }
                ctx.status.info("Interview ended and saved — its record:");
                self.open_summary(ctx);
            }
            Err(e) => ctx.status.failed("Not ended", &e),
        }
    }

    /// The list row at screen row `y`, for clicks.
    fn row_at(&self, body: ratatui::layout::Rect, y: u16) -> Option<usize> {
        let top = body.y + render::LIST_TOP;
        (self.running.is_none() && y >= top && y < body.bottom()).then(|| usize::from(y - top))
    }
}

/// Saves the open note if it changed.
fn save_note(running: &mut Running, offset: i64, ctx: &mut Ctx<'_>) {
    let Some(note) = running.note.as_mut() else {
        return;
    };
    if note.dirty_since.is_none() {
        return;
    }
    let text = note.editor.text();
    let id = running.record.interview.id.clone();
    match ctx
        .store
        .save_note(&id, note.question, offset, &text, ctx.clock.now())
    {
        Ok(()) => {
            note.dirty_since = None;
            running.record.set_note(note.question, offset, text);
        }
        Err(e) => ctx.status.failed("Note not saved", &e),
    }
}

impl Pane for InterviewPane {
    fn bindings(&self) -> Vec<&'static [Binding<Action>]> {
        self.tables()
    }

    fn modal_help(&self) -> Option<HelpGroup> {
        self.help_of_modal()
    }

    fn modal_key(&mut self, key: KeyEvent, body: ratatui::layout::Rect) -> KeyResult {
        self.key_in_modal(key, body)
    }

    fn paste(&mut self, text: &str) -> Option<Action> {
        self.paste_in_modal(text)
    }

    fn has_unsaved_input(&self) -> bool {
        matches!(
            self.overlay,
            Some(
                Overlay::NewInterview(_)
                    | Overlay::Quote { .. }
                    | Overlay::Ranking(_)
                    | Overlay::EditQuote { .. }
            )
        )
    }

    fn running_clock(&self) -> Option<String> {
        self.running
            .as_ref()
            .filter(|r| !r.ended)
            .map(|r| format!("the interview with {}", r.record.interview.participant))
    }

    fn badge(&self) -> Option<super::Badge> {
        self.running
            .as_ref()
            .filter(|r| !r.ended)
            .map(|_| super::Badge::Recording)
    }

    fn before_quit(&mut self, ctx: &mut Ctx<'_>) {
        let offset = self.offset_now(ctx);
        if let Some(running) = self.running.as_mut() {
            save_note(running, offset, ctx);
            let id = running.record.interview.id.clone();
            if running.ended {
                return;
            }
            if let Err(e) = ctx.store.interview_heartbeat(&id, offset, ctx.clock.now()) {
                ctx.status.failed("Could not save the clock", &e);
            }
        }
    }

    fn wants_tick(&self) -> bool {
        self.running
            .as_ref()
            .is_some_and(|r| !r.ended || r.note.as_ref().is_some_and(|n| n.dirty_since.is_some()))
    }

    fn tick(&mut self, ctx: &mut Ctx<'_>) {
        self.autosave(ctx);
    }

    fn click(&self, body: ratatui::layout::Rect, at: ratatui::layout::Position) -> Option<Action> {
        if self.overlay.is_some() || self.list.is_filtering() {
            return None;
        }
        self.row_at(body, at.y)
            .map(|row| Action::Interview(InterviewAction::ClickRow(row)))
    }

    fn scroll(&self, step: i32) -> Action {
        Action::Interview(InterviewAction::Scroll(step))
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        self.reload_list(ctx);
    }

    fn render(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
        view: &View<'_>,
    ) {
        self.draw(area, buf, view.theme, view.now);
    }

    fn render_message(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
        theme: crate::tui::theme::Theme,
    ) -> bool {
        self.render_filter_line(area, buf, theme)
    }
}

/// Said of an interview not ended whose clock another copy of the app runs.
fn running_elsewhere(interview: &Interview) -> String {
    format!(
        "The interview with {} runs in another copy of fieldkit: go on there",
        interview.participant
    )
}
