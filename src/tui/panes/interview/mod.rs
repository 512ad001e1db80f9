//! The Interview pane: a timed script runner. The current question in front
//! of the interviewer, phases planned vs elapsed, a note per question and
//! verbatim quotes, and a live meter of how much the interviewer talks.

mod render;

use super::Ctx;
use crate::domain::interview::{Interview, NewInterview, Record, Step, Talk};
use crate::domain::script::{Placeholders, Script};
use crate::domain::shadow::{SessionClock, format_offset};
use crate::formats::interview_notes;
use crate::tui::action::InterviewAction;
use crate::tui::widgets::confirm;
use crate::tui::widgets::document::Document;
use crate::tui::widgets::form::{Field, Form, FormOutcome};
use crate::tui::widgets::prompt::Prompt;
use color_eyre::eyre::Result;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Style;
use ratatui_textarea::TextArea;
use std::time::Duration;

/// A note is saved this long after its last keystroke at the latest
/// (PRODUCT.md allows two seconds; ticks come once a second).
const NOTE_SAVE_AFTER: Duration = Duration::from_secs(1);
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The multi-line note open on a question.
#[derive(Debug)]
struct NoteEditor {
    question: usize,
    area: TextArea<'static>,
    /// When the unsaved edits began to wait (monotonic), if any.
    dirty_since: Option<Duration>,
}

#[derive(Debug)]
struct Running {
    record: Record,
    clock: SessionClock,
    note: Option<NoteEditor>,
    last_heartbeat: Duration,
}

impl Running {
    fn current(&self) -> usize {
        self.record.interview.current_question
    }

    fn open_talk(&self) -> Option<&Talk> {
        self.record.talks.iter().rev().find(|t| t.end_ms.is_none())
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
    End,
    Resume(Interview),
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
    selected: usize,
    running: Option<Running>,
    overlay: Option<Overlay>,
    zone: jiff::tz::TimeZone,
}

impl InterviewPane {
    pub fn load(ctx: &mut Ctx<'_>, zone: jiff::tz::TimeZone) -> Result<Self> {
        Ok(Self {
            overlay: ctx.store.unfinished_interview()?.map(Overlay::Resume),
            interviews: ctx.store.interviews()?,
            selected: 0,
            running: None,
            zone,
        })
    }

    pub fn has_resume_offer(&self) -> bool {
        matches!(self.overlay, Some(Overlay::Resume(_)))
    }

    pub fn is_capturing(&self) -> bool {
        self.overlay.is_some() || self.running.as_ref().is_some_and(|r| r.note.is_some())
    }

    pub fn has_text_focus(&self) -> bool {
        matches!(
            self.overlay,
            Some(Overlay::NewInterview(_) | Overlay::Quote { .. } | Overlay::Ranking(_))
        ) || self.running.as_ref().is_some_and(|r| r.note.is_some())
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    fn offset_now(&self, ctx: &Ctx<'_>) -> i64 {
        self.running
            .as_ref()
            .map_or(0, |r| r.clock.offset_ms(ctx.clock.monotonic()))
    }

    /// Once a second while running: save a note that has rested, and now
    /// and then a heartbeat.
    pub fn tick(&mut self, ctx: &mut Ctx<'_>) {
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
        if now.saturating_sub(running.last_heartbeat) >= HEARTBEAT {
            let id = running.record.interview.id.clone();
            match ctx.store.interview_heartbeat(&id, offset, ctx.clock.now()) {
                Ok(()) => running.last_heartbeat = now,
                Err(e) => ctx.status.error(format!("Could not save the clock: {e:#}")),
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
        self.selected = self.selected.min(self.interviews.len().saturating_sub(1));
    }

    fn activate(&mut self, interview: Interview, offset_ms: i64, ctx: &mut Ctx<'_>) {
        match ctx.store.interview_record(&interview) {
            Ok(record) => {
                let now = ctx.clock.monotonic();
                self.running = Some(Running {
                    record,
                    clock: SessionClock::resume_at(offset_ms, true, now),
                    note: None,
                    last_heartbeat: now,
                });
            }
            Err(e) => ctx
                .status
                .error(format!("Could not read the interview: {e:#}")),
        }
    }

    pub fn update(&mut self, action: InterviewAction, ctx: &mut Ctx<'_>) {
        use InterviewAction as A;
        match action {
            A::NewInterview => self.new_interview(ctx),
            A::Summary => self.open_summary(ctx),
            A::Down | A::Up | A::ClickRow(_) | A::Scroll(_) if self.running.is_none() => {
                let last = self.interviews.len().saturating_sub(1);
                self.selected = match action {
                    A::Down => self.selected + 1,
                    A::Up => self.selected.saturating_sub(1),
                    A::ClickRow(row) => row,
                    A::Scroll(d) => (self.selected as i64 + i64::from(d)).max(0) as usize,
                    _ => self.selected,
                }
                .min(last);
            }
            A::Down | A::Up | A::ClickRow(_) | A::Scroll(_) => {}
            _ if self.running.is_none() => ctx
                .status
                .info("No interview running: press n to start one"),
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
                        ),
                        question: running.current(),
                        offset_ms: offset,
                    });
                }
            }
            A::Talk => self.toggle_talk(ctx),
            A::Ranking => self.open_ranking(ctx),
            A::End => self.overlay = Some(Overlay::End),
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
                Field::new(
                    "Script",
                    &default,
                    "a script's name: `fieldkit script list`",
                    required,
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

    fn submit_new(&mut self, mut form: Form, ctx: &mut Ctx<'_>) -> Option<Overlay> {
        let script = match ctx.store.script(form.text(FORM_SCRIPT)) {
            Ok(s) => s,
            Err(e) => {
                let message = e
                    .downcast_ref::<crate::domain::InputError>()
                    .map_or_else(|| format!("{e:#}"), |i| i.message.clone());
                form.set_errors(vec![(FORM_SCRIPT, message)]);
                return Some(Overlay::NewInterview(form));
            }
        };
        let placeholders = Placeholders {
            feature: form.text(FORM_FEATURE).trim().to_string(),
            a: form.text(FORM_FEATURE + 1).trim().to_string(),
            b: form.text(FORM_FEATURE + 2).trim().to_string(),
            c: form.text(FORM_FEATURE + 3).trim().to_string(),
        };
        let assumptions: Vec<&str> = (FORM_ASSUMPTION..FORM_ASSUMPTION + 3)
            .map(|i| form.text(i))
            .collect();
        let new = match NewInterview::parse(
            form.text(FORM_PARTICIPANT),
            form.text(FORM_TEAM),
            placeholders,
            &assumptions,
        ) {
            Ok(new) => new,
            Err(e) => {
                form.set_errors(vec![(FORM_PARTICIPANT, e.message)]);
                return Some(Overlay::NewInterview(form));
            }
        };
        match ctx.store.create_interview(&new, &script, ctx.clock.now()) {
            Ok(interview) => {
                ctx.status.info(format!(
                    "Interviewing {} — Space next question · Enter note · \" quote · t when you talk",
                    interview.participant
                ));
                self.activate(interview, 0, ctx);
                self.reload_list(ctx);
                None
            }
            Err(e) => {
                ctx.status.error(format!("Not started: {e:#}"));
                Some(Overlay::NewInterview(form))
            }
        }
    }

    fn open_summary(&mut self, ctx: &mut Ctx<'_>) {
        let offset = self.offset_now(ctx);
        let record = match &self.running {
            Some(running) => Record {
                end_ms: offset,
                ..running.record.clone()
            },
            None => {
                let Some(interview) = self.interviews.get(self.selected) else {
                    ctx.status.info("No interviews yet: press n to start one");
                    return;
                };
                match ctx.store.interview_record(interview) {
                    Ok(r) => r,
                    Err(e) => {
                        ctx.status.error(format!("Could not read it: {e:#}"));
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
                running.record.steps.push(Step {
                    question: target,
                    offset_ms: offset,
                });
                running.record.interview.current_question = target;
            }
            Err(e) => ctx.status.error(format!("Not saved: {e:#}")),
        }
    }

    fn open_note(&mut self) {
        let Some(running) = self.running.as_mut() else {
            return;
        };
        let question = running.current();
        let (note, _) = running.record.notes_of(question);
        let lines: Vec<String> = note
            .map(|n| n.text.lines().map(str::to_string).collect())
            .unwrap_or_default();
        let mut area = TextArea::new(if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        });
        area.set_cursor_line_style(Style::new());
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        running.note = Some(NoteEditor {
            question,
            area,
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
                    if let Some(t) = running.record.talks.iter_mut().find(|t| t.id == talk_id) {
                        t.end_ms = Some(offset.max(t.start_ms));
                    }
                    ctx.status.info("Listening");
                }
                Err(e) => ctx.status.error(format!("Not saved: {e:#}")),
            },
            None => match ctx.store.start_talk(&id, offset, ctx.clock.now()) {
                Ok(talk_id) => {
                    running.record.talks.push(Talk {
                        id: talk_id,
                        start_ms: offset,
                        end_ms: None,
                    });
                    ctx.status.info("You are talking — t when you stop");
                }
                Err(e) => ctx.status.error(format!("Not saved: {e:#}")),
            },
        }
    }

    fn open_ranking(&mut self, ctx: &mut Ctx<'_>) {
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
        ctx.status.info(listed.join(" · "));
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
                self.selected = self
                    .interviews
                    .iter()
                    .position(|i| i.id == interview.id)
                    .unwrap_or(0);
                ctx.status.info("Interview ended and saved — its record:");
                self.open_summary(ctx);
            }
            Err(e) => ctx.status.error(format!("Not ended: {e:#}")),
        }
    }

    /// Keys while the note editor or a popup has focus.
    pub fn handle_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) {
        let offset = self.offset_now(ctx);
        let now = ctx.clock.monotonic();
        if let Some(running) = self.running.as_mut()
            && let Some(note) = running.note.as_mut()
        {
            if key.code == KeyCode::Esc {
                // Focus leaves: save now.
                save_note(running, offset, ctx);
                running.note = None;
            } else if note.area.input(key) {
                note.dirty_since.get_or_insert(now);
            }
            return;
        }
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        self.overlay = match overlay {
            Overlay::NewInterview(mut form) => match form.handle_key(key) {
                FormOutcome::Editing => Some(Overlay::NewInterview(form)),
                FormOutcome::Cancel => None,
                FormOutcome::Submit => self.submit_new(form, ctx),
            },
            Overlay::Quote {
                mut prompt,
                question,
                offset_ms,
            } => match key.code {
                KeyCode::Esc => None,
                KeyCode::Enter => {
                    let text = prompt.input.text().trim().to_string();
                    if text.is_empty() {
                        prompt.error = Some("a quote needs their words".into());
                        Some(Overlay::Quote {
                            prompt,
                            question,
                            offset_ms,
                        })
                    } else {
                        let id = self
                            .running
                            .as_ref()
                            .map(|r| r.record.interview.id.clone())
                            .unwrap_or_default();
                        match ctx
                            .store
                            .add_quote(&id, question, offset_ms, &text, ctx.clock.now())
                        {
                            Ok(note_id) => {
                                if let Some(r) = self.running.as_mut() {
                                    r.record.notes.push(crate::domain::interview::Note {
                                        id: note_id,
                                        question,
                                        kind: crate::domain::interview::NoteKind::Quote,
                                        offset_ms,
                                        text,
                                    });
                                }
                                ctx.status.info("Quote saved");
                                None
                            }
                            Err(e) => {
                                prompt.error = Some(format!("not saved: {e:#}"));
                                Some(Overlay::Quote {
                                    prompt,
                                    question,
                                    offset_ms,
                                })
                            }
                        }
                    }
                }
                _ => {
                    prompt.input.handle_key(key);
                    prompt.error = None;
                    Some(Overlay::Quote {
                        prompt,
                        question,
                        offset_ms,
                    })
                }
            },
            Overlay::Ranking(mut prompt) => match key.code {
                KeyCode::Esc => None,
                KeyCode::Enter => match self.save_ranking(prompt.input.text(), ctx) {
                    Ok(()) => None,
                    Err(message) => {
                        prompt.error = Some(message);
                        Some(Overlay::Ranking(prompt))
                    }
                },
                _ => {
                    prompt.input.handle_key(key);
                    prompt.error = None;
                    Some(Overlay::Ranking(prompt))
                }
            },
            Overlay::End => match confirm::answer(key) {
                None => Some(Overlay::End),
                Some(false) => None,
                Some(true) => {
                    self.end(ctx);
                    self.overlay.take()
                }
            },
            Overlay::Resume(interview) => self.resume_key(key, interview, ctx),
            Overlay::Summary(mut doc) => {
                let page = ctx.body.height.saturating_sub(2);
                doc.handle_key(key, page).then_some(Overlay::Summary(doc))
            }
        };
    }

    /// Reads "b a c" (letters of the options, best first) and stores the order.
    fn save_ranking(&mut self, text: &str, ctx: &mut Ctx<'_>) -> Result<(), String> {
        let Some(running) = self.running.as_mut() else {
            return Ok(());
        };
        let options = running.record.interview.placeholders.options();
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
        let ranking: Vec<String> = order
            .into_iter()
            .filter_map(|i| options.get(i).cloned())
            .collect();
        let id = running.record.interview.id.clone();
        ctx.store
            .set_ranking(&id, &ranking, ctx.clock.now())
            .map_err(|e| format!("not saved: {e:#}"))?;
        ctx.status
            .info(format!("Ranking saved: {}", ranking.join(" > ")));
        running.record.interview.ranking = ranking;
        Ok(())
    }

    fn resume_key(
        &mut self,
        key: KeyEvent,
        interview: Interview,
        ctx: &mut Ctx<'_>,
    ) -> Option<Overlay> {
        match key.code {
            KeyCode::Char('c') | KeyCode::Enter => {
                let offset = ctx.store.interview_last_offset(&interview.id).unwrap_or(0);
                ctx.status.info(format!(
                    "Continuing with {} at {} — the time away is not counted",
                    interview.participant,
                    format_offset(offset)
                ));
                self.activate(interview, offset, ctx);
                None
            }
            KeyCode::Char('e') => {
                let offset = ctx.store.interview_last_offset(&interview.id).unwrap_or(0);
                match ctx
                    .store
                    .end_interview(&interview.id, offset, ctx.clock.now())
                {
                    Ok(_) => {
                        ctx.status.info(format!(
                            "Ended the interview with {} at {}",
                            interview.participant,
                            format_offset(offset)
                        ));
                        self.reload_list(ctx);
                        None
                    }
                    Err(e) => {
                        ctx.status.error(format!("Could not end it: {e:#}"));
                        Some(Overlay::Resume(interview))
                    }
                }
            }
            KeyCode::Esc => {
                ctx.status
                    .info("Left unfinished: it is offered again next time");
                None
            }
            _ => Some(Overlay::Resume(interview)),
        }
    }

    pub fn paste(&mut self, text: &str, ctx: &mut Ctx<'_>) {
        let now = ctx.clock.monotonic();
        if let Some(note) = self.running.as_mut().and_then(|r| r.note.as_mut()) {
            // ratatui-textarea ignores paste events: insert the text whole.
            if note.area.insert_str(text) {
                note.dirty_since.get_or_insert(now);
            }
            return;
        }
        match self.overlay.as_mut() {
            Some(Overlay::NewInterview(form)) => form.paste(text),
            Some(Overlay::Quote { prompt, .. } | Overlay::Ranking(prompt)) => {
                prompt.input.paste(text);
            }
            _ => {}
        }
    }

    pub fn mode_hints(&self) -> Option<&'static [(&'static str, &'static str)]> {
        if self.running.as_ref().is_some_and(|r| r.note.is_some()) {
            return Some(&[
                ("Esc", "close the note (it is saved)"),
                ("Enter", "new line"),
            ]);
        }
        match &self.overlay {
            Some(Overlay::NewInterview(_)) => Some(&[
                ("Tab/↓", "next field"),
                ("Ctrl-S", "start"),
                ("Esc", "cancel"),
            ]),
            Some(Overlay::Quote { .. } | Overlay::Ranking(_)) => {
                Some(&[("Enter", "save"), ("Esc", "cancel")])
            }
            Some(Overlay::End) => Some(&[("y/Enter", "end interview"), ("n/Esc", "keep going")]),
            Some(Overlay::Resume(_)) => {
                Some(&[("c", "continue"), ("e", "end it there"), ("Esc", "later")])
            }
            Some(Overlay::Summary(_)) => {
                Some(&[("j/k", "scroll"), ("PgDn/PgUp", "page"), ("Esc/v", "close")])
            }
            None if self.running.is_none() => Some(&[
                ("n", "new interview"),
                ("j/k", "select"),
                ("v", "summary"),
                ("?", "help"),
                ("q", "quit"),
            ]),
            None => Some(&[
                ("Space", "next"),
                ("←", "back"),
                ("Enter", "note"),
                ("\"", "quote"),
                ("t", "talking"),
                ("r", "ranking"),
                ("E", "end"),
                ("?", "help"),
                ("q", "quit"),
            ]),
        }
    }

    /// The list row at screen row `y`, for clicks.
    pub fn row_at(&self, body: ratatui::layout::Rect, y: u16) -> Option<usize> {
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
    let text = note.area.lines().join("\n");
    let id = running.record.interview.id.clone();
    match ctx
        .store
        .save_note(&id, note.question, offset, &text, ctx.clock.now())
    {
        Ok(()) => {
            note.dirty_since = None;
            let question = note.question;
            let notes = &mut running.record.notes;
            match notes.iter_mut().find(|n| {
                n.question == question && n.kind == crate::domain::interview::NoteKind::Note
            }) {
                Some(n) => n.text = text,
                None => notes.push(crate::domain::interview::Note {
                    id: String::new(),
                    question,
                    kind: crate::domain::interview::NoteKind::Note,
                    offset_ms: offset,
                    text,
                }),
            }
        }
        Err(e) => ctx.status.error(format!("Note not saved: {e:#}")),
    }
}
