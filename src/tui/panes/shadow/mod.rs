//! The Shadow pane: a live developer-shadowing time-logger. A key stamps the
//! moment (committed before anything else happens), then a line opens for
//! the text. Pauses, waits, undo, the resume offer after a crash, and the
//! summary the seed's template asks for.

pub mod keys;
mod render;

use super::{Ctx, KeyResult, Pane, View};
use crate::domain::session_log::SessionLog;
use crate::domain::shadow::{
    EventKind, NewSession, Session, SessionClock, ShadowEvent, complete_tool, format_offset,
    span_ms, summarize,
};
use crate::formats::shadow_notes;
use crate::tui::action::ShadowAction;
use crate::tui::action::{Action, ResumeChoice};
use crate::tui::keymap::{Binding, HelpGroup};
use crate::tui::widgets::confirm::{Answer, Choice, confirm};
use crate::tui::widgets::document::Document;
use crate::tui::widgets::form::{Field, Form};
use crate::tui::widgets::list::{ListView, Move};
use crate::tui::widgets::prompt::Prompt;
use color_eyre::eyre::Result;
use crossterm::event::{KeyCode, KeyEvent};
use std::time::Duration;

/// How often a running session records how far it got, so a crash loses at
/// most this much of the clock (stamps themselves are never lost).
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The session being run.
#[derive(Debug)]
struct Active {
    session: Session,
    clock: SessionClock,
    /// Not deleted, by offset, with their summary kept up to date.
    log: SessionLog,
    /// Index into `events`; `None` follows the newest.
    selected: Option<usize>,
    /// When the last heartbeat was written (monotonic).
    last_heartbeat: Duration,
    /// A past session opened to correct its events: no clock, no stamps.
    ended: bool,
    /// This copy's hold on the clock of a session not ended: another
    /// copy does not offer to continue or end it meanwhile.
    _hold: Option<crate::store::ClockHold>,
}

impl Active {
    fn open_wait(&self) -> Option<&ShadowEvent> {
        self.log.open_wait()
    }

    fn tools(&self) -> Vec<String> {
        self.log.tools().to_vec()
    }

    fn selected_index(&self) -> Option<usize> {
        match self.selected {
            Some(i) => Some(i.min(self.log.len().saturating_sub(1))),
            None => self.log.len().checked_sub(1),
        }
    }
}

// At most one overlay exists at a time, so its size costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Overlay {
    NewSession(Form),
    /// The text of a stamp just taken (`stamped`), or an edit of an
    /// older one.
    Text {
        prompt: Prompt,
        event_id: String,
        stamped: bool,
    },
    /// A stamp whose write failed: its moment is kept here, the text can
    /// be typed, and Enter writes both again. Keys typed after the failure
    /// land here, never on the pane's commands.
    Unsaved {
        prompt: Prompt,
        kind: EventKind,
        offset_ms: i64,
    },
    End(Choice<Answer>),
    Delete {
        event_id: String,
        choice: Choice<Answer>,
    },
    DeleteSession {
        id: String,
        choice: Choice<Answer>,
    },
    /// A session never ended (crash, kill, closed lid).
    Resume {
        session: Session,
        choice: Choice<ResumeChoice>,
    },
    Summary(Document),
}

#[derive(Debug)]
pub struct ShadowPane {
    /// Every session, newest first, for the list when none is running.
    sessions: Vec<Session>,
    /// Which past session is selected, and the `/` filter over them.
    list: ListView,
    active: Option<Active>,
    overlay: Option<Overlay>,
    /// The stamp `u` took back, which a second `u` restores.
    undone: Option<ShadowEvent>,
    /// The session just deleted from the list, which `u` brings back.
    deleted: Option<String>,
    zone: jiff::tz::TimeZone,
}

impl ShadowPane {
    /// Loads the sessions; an unfinished one is offered for resuming.
    pub fn load(ctx: &mut Ctx<'_>, zone: jiff::tz::TimeZone) -> Result<Self> {
        let mut overlay = None;
        if let Some(session) = ctx.store.unfinished_session()? {
            if ctx.store.clock_held_elsewhere(&session.id)? {
                ctx.status.info(running_elsewhere(&session));
            } else {
                overlay = Some(resume_offer(session, &zone));
            }
        }
        Ok(Self {
            sessions: ctx.store.sessions()?,
            list: ListView::default(),
            active: None,
            overlay,
            undone: None,
            deleted: None,
            zone,
        })
    }

    /// The list row (event or session) at screen row `y`, for clicks.
    pub fn row_at(&self, body: ratatui::layout::Rect, y: u16) -> Option<usize> {
        let top = body.y
            + if self.active.is_some() {
                render::HEADER_ROWS
            } else {
                render::SESSIONS_TOP
            };
        (y >= top && y < body.bottom()).then(|| usize::from(y - top))
    }

    pub fn has_resume_offer(&self) -> bool {
        matches!(self.overlay, Some(Overlay::Resume { .. }))
    }

    /// The message line while the list is filtered.
    pub fn render_filter_line(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
        theme: crate::tui::theme::Theme,
    ) -> bool {
        self.active.is_none()
            && self
                .list
                .render_filter_line(area, buf, theme, self.listed().len())
    }

    fn offset_now(&self, ctx: &Ctx<'_>) -> i64 {
        self.active
            .as_ref()
            .map_or(0, |a| a.clock.offset_ms(ctx.clock.monotonic()))
    }

    /// Once a second while running: write a heartbeat now and then.
    fn heartbeat(&mut self, ctx: &mut Ctx<'_>) {
        let now = ctx.clock.monotonic();
        let Some(active) = self.active.as_mut() else {
            return;
        };
        if active.clock.is_running() && now.saturating_sub(active.last_heartbeat) >= HEARTBEAT {
            let offset = active.clock.offset_ms(now);
            match ctx
                .store
                .heartbeat(&active.session.id, offset, ctx.clock.now())
            {
                Ok(()) => active.last_heartbeat = now,
                Err(e) => ctx.status.failed("Could not save the clock", &e),
            }
        }
    }

    fn reload_sessions(&mut self, ctx: &mut Ctx<'_>) {
        match ctx.store.sessions() {
            Ok(sessions) => self.sessions = sessions,
            Err(e) => ctx
                .status
                .error(format!("Could not read the sessions: {e:#}")),
        }
    }

    /// Positions of the past sessions the filter lets through.
    fn listed(&self) -> Vec<usize> {
        self.list.visible(
            self.sessions
                .iter()
                .map(|s| format!("{} {}", s.participant, s.workflow)),
        )
    }

    /// Selects the session with `id` in the list, if the filter shows it.
    fn select_session(&mut self, id: &str) {
        if let Some(position) = self.sessions.iter().position(|s| s.id == id) {
            let listed = self.listed();
            self.list.select(position, &listed);
        }
    }

    fn selected_session(&self) -> Option<&Session> {
        self.list
            .selected(&self.listed())
            .and_then(|i| self.sessions.get(i))
    }

    /// Makes `session` the running one, its clock at `offset_ms`.
    /// Opens `session` here (its clock running or not). One not ended is
    /// held for this copy first; when another copy runs it, it is not
    /// opened and the message line says so. Returns whether it opened.
    fn activate(
        &mut self,
        session: Session,
        offset_ms: i64,
        running: bool,
        ctx: &mut Ctx<'_>,
    ) -> bool {
        let hold = if session.ended_at.is_none() {
            match ctx.store.hold_clock(&session.id) {
                Ok(Some(hold)) => Some(hold),
                Ok(None) => {
                    ctx.status.error(running_elsewhere(&session));
                    return false;
                }
                Err(e) => {
                    ctx.status
                        .failed("Could not tell whether another copy runs it", &e);
                    return false;
                }
            }
        } else {
            None
        };
        let events = ctx.store.events(&session.id).unwrap_or_else(|e| {
            ctx.status
                .error(format!("Could not read the events: {e:#}"));
            Vec::new()
        });
        let now = ctx.clock.monotonic();
        self.undone = ctx.store.undone_event(&session.id).unwrap_or_else(|e| {
            ctx.status.failed("Could not read the last undo", &e);
            None
        });
        self.active = Some(Active {
            ended: session.ended_at.is_some(),
            clock: SessionClock::resume_at(offset_ms, running, now),
            session,
            log: SessionLog::new(events),
            selected: None,
            last_heartbeat: now,
            _hold: hold,
        });
        true
    }

    /// Whether a session is being run (not a past one opened to correct).
    fn is_live(&self) -> bool {
        self.active.as_ref().is_some_and(|a| !a.ended)
    }

    pub fn update(&mut self, action: ShadowAction, ctx: &mut Ctx<'_>) {
        use ShadowAction as A;
        let running = self.active.is_some();
        let live = self.is_live();
        match action {
            A::NewSession => self.new_session(ctx),
            A::Open => match self.selected_session().cloned() {
                Some(session) => {
                    let end = session.duration_ms.unwrap_or(session.last_offset_ms);
                    ctx.status.info(format!(
                        "The session with {}: e edits an event, d deletes one, u undoes; Esc goes back",
                        session.participant
                    ));
                    self.activate(session, end, false, ctx);
                }
                None => ctx.status.info("No sessions yet: press n to start one"),
            },
            A::Back if !live => {
                self.active = None;
                self.undone = None;
                self.reload_sessions(ctx);
            }
            A::Back => ctx.status.info("A session is running: E ends it first"),
            A::DeleteSession => match self.selected_session() {
                Some(session) if !running => {
                    self.overlay = Some(Overlay::DeleteSession {
                        id: session.id.clone(),
                        choice: confirm(format!(
                            "Delete the session with {} ({}) and all its events? u brings it back.",
                            session.participant, session.workflow
                        )),
                    })
                }
                Some(_) => ctx.status.info("Esc goes back to the list first"),
                None => ctx.status.info("No sessions to delete"),
            },
            A::ConfirmDeleteSession { id } => {
                self.overlay = None;
                let who = self
                    .sessions
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.participant.clone())
                    .unwrap_or_default();
                match ctx.store.delete_session(&id, ctx.clock.now()) {
                    Ok(()) => {
                        ctx.status.info(
                            crate::domain::undelete::Deleted::Session(&id)
                                .message(&format!("the session with {who}")),
                        );
                        self.deleted = Some(id);
                        self.reload_sessions(ctx);
                    }
                    Err(e) => ctx.status.failed("Not deleted", &e),
                }
            }
            A::UndeleteSession => match self.deleted.take() {
                Some(id) => match ctx.store.undelete_session(&id) {
                    Ok(session) => {
                        ctx.status.info(format!(
                            "Brought back the session with {}",
                            session.participant
                        ));
                        self.reload_sessions(ctx);
                        self.select_session(&session.id);
                    }
                    Err(e) => ctx.status.failed("Not brought back", &e),
                },
                None => ctx.status.info("Nothing deleted to bring back"),
            },
            A::Summary => self.open_summary(ctx),
            A::Down | A::Up | A::Top | A::Bottom | A::ClickRow(_) | A::Scroll(_) => {
                self.navigate(action, ctx)
            }
            A::Filter if !running => self.list.open_filter(),
            A::Filter => ctx
                .status
                .info("/ filters the past sessions, shown when none runs"),
            A::ClearFilter => {
                if self.list.clear_filter() {
                    ctx.status.info("Filter cleared");
                }
            }
            A::Start(new) => match ctx.store.create_session(&new, ctx.clock.now()) {
                Ok(session) => {
                    self.overlay = None;
                    ctx.status.info(format!(
                        "Shadowing {} — the clock is running; f stamps friction, w a wait",
                        session.participant
                    ));
                    self.activate(session, 0, true, ctx);
                    self.reload_sessions(ctx);
                }
                Err(e) => ctx.status.failed("Not started", &e),
            },
            A::SetText { event_id, text } => self.set_text(&event_id, text, ctx),
            A::RetryStamp {
                kind,
                offset_ms,
                text,
            } => self.retry_stamp(kind, offset_ms, &text, ctx),
            A::ConfirmEnd => {
                self.overlay = None;
                self.end_session(ctx);
            }
            A::ConfirmDelete { event_id } => {
                self.overlay = None;
                let Some(active) = self.active.as_mut() else {
                    return;
                };
                let session_id = active.session.id.clone();
                match ctx
                    .store
                    .undo_event(&session_id, &event_id, ctx.clock.now())
                {
                    Ok(()) => {
                        self.undone = active.log.remove(&event_id);
                        active.selected = None;
                        ctx.status.info("Event deleted — u restores it");
                    }
                    Err(e) => ctx.status.failed("Not deleted", &e),
                }
            }
            A::Resume(choice) => self.resume(choice, ctx),
            A::Stamp(_) | A::Wait | A::Undo | A::Edit | A::Delete | A::Pause | A::End
                if !running =>
            {
                ctx.status.info("No session running: press n to start one");
            }
            A::Stamp(_) | A::Wait | A::Pause | A::End if !live => ctx
                .status
                .info("This session has ended: its events can be edited, deleted and undone"),
            A::Stamp(kind) => self.stamp(kind, ctx),
            A::Wait => self.toggle_wait(ctx),
            A::Undo => self.undo(ctx),
            A::Edit => self.edit_selected(ctx),
            A::Delete => {
                let selected = self.active.as_ref().and_then(|a| {
                    a.selected_index()
                        .and_then(|i| a.log.get(i))
                        .map(|e| e.id.clone())
                });
                match selected {
                    Some(event_id) => {
                        self.overlay = Some(Overlay::Delete {
                            event_id,
                            choice: confirm(
                                "Delete this event? It is kept in the file as deleted, not shown.",
                            ),
                        })
                    }
                    None => ctx.status.info("No event to delete yet"),
                }
            }
            A::Pause => self.toggle_pause(ctx),
            A::End => {
                self.overlay = Some(Overlay::End(confirm(
                    "End this session? An open wait ends now. You can export the notes after.",
                )))
            }
        }
    }

    /// Writes again a stamp whose first write failed; the prompt stays
    /// open, saying why, while it keeps failing.
    fn retry_stamp(&mut self, kind: EventKind, offset_ms: i64, text: &str, ctx: &mut Ctx<'_>) {
        let Some(active) = self.active.as_mut() else {
            self.overlay = None;
            return;
        };
        match ctx
            .store
            .add_event(&active.session.id, kind, offset_ms, text, ctx.clock.now())
        {
            Ok(event) => {
                active.log.insert(event);
                active.selected = None;
                self.undone = None;
                self.overlay = None;
                ctx.status.info(format!(
                    "Saved {} at {}",
                    kind.name(),
                    format_offset(offset_ms)
                ));
            }
            Err(e) => {
                ctx.status.failed("Still not saved", &e);
                if let Some(Overlay::Unsaved { prompt, .. }) = self.overlay.as_mut() {
                    prompt.error = Some(format!(
                        "still not written: {}",
                        crate::store::storage_hint(&e).unwrap_or("see the message line")
                    ));
                }
            }
        }
    }

    /// Saves a stamp's text; the prompt stays open, saying why, on failure.
    fn set_text(&mut self, event_id: &str, text: String, ctx: &mut Ctx<'_>) {
        match ctx.store.set_event_text(event_id, &text, ctx.clock.now()) {
            Ok(()) => {
                if let Some(a) = self.active.as_mut() {
                    a.log.set_text(event_id, text);
                }
                self.overlay = None;
            }
            Err(e) => {
                if let Some(Overlay::Text { prompt, .. }) = self.overlay.as_mut() {
                    prompt.error = Some(format!("not saved: {e:#}"));
                }
                ctx.status.failed("Text not saved", &e);
            }
        }
    }

    /// `Continue` carries on (the time away counts as paused), `End` ends
    /// the session at its last event, `Later` leaves it. Nothing is lost.
    fn resume(&mut self, choice: ResumeChoice, ctx: &mut Ctx<'_>) {
        let Some(Overlay::Resume { session, .. }) = self.overlay.as_ref() else {
            return;
        };
        let session = session.clone();
        if choice != ResumeChoice::Later {
            // Another copy may have taken it up since the offer was made.
            match ctx.store.clock_held_elsewhere(&session.id) {
                Ok(false) => {}
                Ok(true) => {
                    self.overlay = None;
                    ctx.status.error(running_elsewhere(&session));
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
            ResumeChoice::Continue if session.paused => {
                // It was paused when the app closed: it stays paused.
                let offset = ctx.store.last_known_offset(&session.id).unwrap_or(0);
                self.overlay = None;
                ctx.status.info(format!(
                    "Continuing {} at {}, paused as it was — p resumes",
                    session.participant,
                    format_offset(offset)
                ));
                self.activate(session, offset, false, ctx);
            }
            ResumeChoice::Continue => {
                let offset = ctx.store.last_known_offset(&session.id).unwrap_or(0);
                let since: jiff::Timestamp = session
                    .updated_at
                    .parse()
                    .unwrap_or_else(|_| ctx.clock.now());
                let recorded = ctx
                    .store
                    .pause_session(&session.id, offset, "interrupted", since)
                    .and_then(|()| ctx.store.resume_session(&session.id, ctx.clock.now()));
                match recorded {
                    Ok(()) => {
                        self.overlay = None;
                        ctx.status.info(format!(
                            "Continuing {} at {} — the time away counts as paused",
                            session.participant,
                            format_offset(offset)
                        ));
                        self.activate(session, offset, true, ctx);
                    }
                    Err(e) => ctx.status.failed("Could not continue", &e),
                }
            }
            ResumeChoice::End => {
                let offset = ctx.store.last_event_offset(&session.id).unwrap_or(0);
                match ctx.store.end_session(&session.id, offset, ctx.clock.now()) {
                    Ok(_) => {
                        self.overlay = None;
                        ctx.status.info(format!(
                            "Ended the session with {} at its last event ({})",
                            session.participant,
                            format_offset(offset)
                        ));
                        self.reload_sessions(ctx);
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

    fn new_session(&mut self, ctx: &mut Ctx<'_>) {
        if self.active.as_ref().is_some_and(|a| a.ended) {
            self.active = None;
        }
        if let Some(active) = &self.active {
            ctx.status.info(format!(
                "A session with {} is running: E ends it first",
                active.session.participant
            ));
            return;
        }
        fn required(text: &str) -> Option<String> {
            text.trim().is_empty().then(|| "required".to_string())
        }
        fn minutes(text: &str) -> Option<String> {
            crate::domain::shadow::parse_minutes("guess", text)
                .err()
                .map(|e| e.message)
        }
        self.overlay = Some(Overlay::NewSession(Form::new(
            "New shadowing session",
            vec![
                Field::new("Participant", "", "the developer and/or team", required),
                Field::new("Workflow", "", "what they are trying to do", required),
                Field::new(
                    "Your guess",
                    "",
                    "minutes you think the task takes (optional)",
                    minutes,
                ),
                Field::new(
                    "Their guess",
                    "",
                    "minutes the developer thinks it takes (optional)",
                    minutes,
                ),
            ],
        )));
    }

    fn open_summary(&mut self, ctx: &mut Ctx<'_>) {
        let session = match &self.active {
            Some(active) => active.session.clone(),
            None => match self.selected_session() {
                Some(s) => s.clone(),
                None => {
                    ctx.status.info("No sessions yet: press n to start one");
                    return;
                }
            },
        };
        let (events, end) = match &self.active {
            Some(active) => (active.log.events().to_vec(), self.offset_now(ctx)),
            None => {
                let loaded = ctx.store.events(&session.id).and_then(|events| {
                    let end = match session.duration_ms {
                        Some(d) => d,
                        None => ctx.store.last_known_offset(&session.id)?,
                    };
                    Ok((events, end))
                });
                match loaded {
                    Ok(loaded) => loaded,
                    Err(e) => {
                        ctx.status
                            .error(format!("Could not read the session: {e:#}"));
                        return;
                    }
                }
            }
        };
        let summary = summarize(&session, &events, end);
        let text = shadow_notes::render(&session, &summary, &self.zone);
        self.overlay = Some(Overlay::Summary(Document::new("Summary", &text)));
    }

    fn navigate(&mut self, action: ShadowAction, ctx: &mut Ctx<'_>) {
        use ShadowAction as A;
        let rows = render::event_rows(ctx.body);
        match self.active.as_mut() {
            Some(active) => {
                let last = active.log.len().saturating_sub(1);
                let current = active.selected_index().unwrap_or(0);
                let target = match action {
                    A::Down => current + 1,
                    A::Up => current.saturating_sub(1),
                    A::Top => 0,
                    A::Bottom => last,
                    A::Scroll(d) => (current as i64 + i64::from(d)).max(0) as usize,
                    A::ClickRow(row) => {
                        let first = render::first_row(active.log.len(), current, rows);
                        first + row
                    }
                    // Only the moves come here.
                    _ => current,
                };
                // Following the newest again once the bottom is reached.
                active.selected = (target < last).then_some(target.min(last));
            }
            None => {
                let listed = self.listed();
                let to = match action {
                    A::Down => Move::Down,
                    A::Up => Move::Up,
                    A::Top => Move::By(i32::MIN),
                    A::Bottom => Move::By(i32::MAX),
                    A::Scroll(d) => Move::By(d),
                    A::ClickRow(row) => Move::Row(row),
                    _ => return,
                };
                let rows = ctx.body.height.saturating_sub(render::SESSIONS_TOP) as usize;
                self.list.move_by(to, &listed, rows);
            }
        }
    }

    /// Stamp first, type second: the event is committed before the input
    /// line opens, so the moment is never lost to a slow hand.
    fn stamp(&mut self, kind: EventKind, ctx: &mut Ctx<'_>) {
        let offset = self.offset_now(ctx);
        let Some(active) = self.active.as_mut() else {
            return;
        };
        match ctx
            .store
            .add_event(&active.session.id, kind, offset, "", ctx.clock.now())
        {
            Ok(event) => {
                let event_id = event.id.clone();
                active.log.insert(event);
                active.selected = None;
                self.undone = None;
                ctx.status.info(format!(
                    "Stamped {} at {}",
                    kind.name(),
                    format_offset(offset)
                ));
                let table = if kind == EventKind::Tool {
                    keys::TOOL_TEXT
                } else {
                    keys::STAMP_TEXT
                };
                self.overlay = Some(Overlay::Text {
                    prompt: Prompt::new(
                        format!("{} at {}", kind.prompt(), format_offset(offset)),
                        "",
                        "The moment is saved; the text is optional and can be edited later (e).",
                    )
                    .with_table(table),
                    event_id,
                    stamped: true,
                });
            }
            Err(e) => {
                ctx.status.failed("Stamp not saved", &e);
                let mut prompt = Prompt::new(
                    format!("NOT SAVED: {} at {}", kind.name(), format_offset(offset)),
                    "",
                    "Type its text; Enter tries to save the stamp again, at the moment it was taken.",
                )
                .with_table(keys::UNSAVED_STAMP);
                prompt.error = Some(format!(
                    "the stamp could not be written: {}",
                    crate::store::storage_hint(&e).unwrap_or("see the message line")
                ));
                self.overlay = Some(Overlay::Unsaved {
                    prompt,
                    kind,
                    offset_ms: offset,
                });
            }
        }
    }

    fn toggle_wait(&mut self, ctx: &mut Ctx<'_>) {
        let offset = self.offset_now(ctx);
        let Some(active) = self.active.as_mut() else {
            return;
        };
        match active.open_wait().map(|e| e.id.clone()) {
            None => self.stamp(EventKind::Wait, ctx),
            Some(id) => match ctx.store.end_wait(&id, offset, ctx.clock.now()) {
                Ok(()) => {
                    if let Some(e) = active.log.end_wait(&id, offset) {
                        ctx.status.info(format!(
                            "Wait ended after {}",
                            format_offset(span_ms(e.offset_ms, offset))
                        ));
                    }
                }
                Err(e) => ctx.status.failed("Wait end not saved", &e),
            },
        }
    }

    /// `u` takes back the newest stamp; `u` again restores it. Which stamp
    /// was taken back is kept in the file, so this holds after a restart.
    fn undo(&mut self, ctx: &mut Ctx<'_>) {
        let Some(active) = self.active.as_mut() else {
            return;
        };
        let session_id = active.session.id.clone();
        if self.undone.is_some() {
            match ctx.store.restore_undone(&session_id, ctx.clock.now()) {
                Ok(Some(event)) => {
                    ctx.status.info(format!(
                        "Restored {} at {}",
                        event.kind.name(),
                        format_offset(event.offset_ms)
                    ));
                    active.log.insert(event);
                    self.undone = None;
                }
                Ok(None) => {
                    self.undone = None;
                    ctx.status.info("Nothing to restore");
                }
                Err(e) => ctx.status.failed("Not restored", &e),
            }
            return;
        }
        let newest = match ctx.store.newest_stamp(&session_id) {
            Ok(Some(event)) => event,
            Ok(None) => {
                ctx.status.info("Nothing to undo");
                return;
            }
            Err(e) => {
                ctx.status.failed("Could not read the stamps", &e);
                return;
            }
        };
        match ctx
            .store
            .undo_event(&session_id, &newest.id, ctx.clock.now())
        {
            Ok(()) => {
                active.log.remove(&newest.id);
                active.selected = None;
                ctx.status.info(format!(
                    "Undid {} at {} — press u again to restore it",
                    newest.kind.name(),
                    format_offset(newest.offset_ms)
                ));
                self.undone = Some(newest);
            }
            Err(e) => ctx.status.failed("Not undone", &e),
        }
    }

    fn edit_selected(&mut self, ctx: &mut Ctx<'_>) {
        let Some(active) = self.active.as_ref() else {
            return;
        };
        let Some(event) = active.selected_index().and_then(|i| active.log.get(i)) else {
            ctx.status.info("No event to edit yet");
            return;
        };
        self.overlay = Some(Overlay::Text {
            prompt: Prompt::new(
                format!(
                    "Edit {} at {}",
                    event.kind.name(),
                    format_offset(event.offset_ms)
                ),
                &event.text,
                "",
            )
            .with_table(keys::EDIT_TEXT),
            event_id: event.id.clone(),
            stamped: false,
        });
    }

    fn toggle_pause(&mut self, ctx: &mut Ctx<'_>) {
        let offset = self.offset_now(ctx);
        let mono = ctx.clock.monotonic();
        let Some(active) = self.active.as_mut() else {
            return;
        };
        let id = active.session.id.clone();
        if active.clock.is_running() {
            match ctx
                .store
                .pause_session(&id, offset, "paused", ctx.clock.now())
            {
                Ok(()) => {
                    active.clock.pause(mono);
                    ctx.status
                        .info(format!("Paused at {} — p resumes", format_offset(offset)));
                }
                Err(e) => ctx.status.failed("Pause not saved", &e),
            }
        } else {
            match ctx.store.resume_session(&id, ctx.clock.now()) {
                Ok(()) => {
                    active.clock.resume(mono);
                    active.last_heartbeat = mono;
                    ctx.status.info("Resumed");
                }
                Err(e) => ctx.status.failed("Resume not saved", &e),
            }
        }
    }

    fn end_session(&mut self, ctx: &mut Ctx<'_>) {
        let offset = self.offset_now(ctx);
        let Some(active) = self.active.as_ref() else {
            return;
        };
        match ctx
            .store
            .end_session(&active.session.id, offset, ctx.clock.now())
        {
            Ok(session) => {
                self.active = None;
                self.undone = None;
                self.reload_sessions(ctx);
                if let Some(position) = self.sessions.iter().position(|s| s.id == session.id) {
                    self.list.select(position, &self.listed());
                }
                ctx.status.info("Session ended and saved — its summary:");
                self.open_summary(ctx);
            }
            Err(e) => ctx.status.failed("Not ended", &e),
        }
    }
}

/// Said of a session not ended whose clock another copy of the app runs.
fn running_elsewhere(session: &Session) -> String {
    format!(
        "The session with {} runs in another copy of fieldkit: go on there",
        session.participant
    )
}

/// The question asked about a session that was never ended.
fn resume_offer(session: Session, zone: &jiff::tz::TimeZone) -> Overlay {
    let question = format!(
        "{} — {} was never ended (the app closed while it ran). Started {}; every stamp is saved.",
        session.participant,
        session.workflow,
        crate::domain::time::local_minute(&session.started_at, zone)
    );
    Overlay::Resume {
        session,
        choice: Choice {
            title: "Unfinished session",
            question,
            table: keys::RESUME,
        },
    }
}

impl Pane for ShadowPane {
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
        // A stamp's text is saved by the quit itself (`before_quit`); an
        // edit of an older event's text is a form that asks.
        matches!(
            self.overlay,
            Some(
                Overlay::NewSession(_)
                    | Overlay::Unsaved { .. }
                    | Overlay::Text { stamped: false, .. }
            )
        )
    }

    fn running_clock(&self) -> Option<String> {
        self.active
            .as_ref()
            .filter(|a| !a.ended)
            .map(|a| format!("the session with {}", a.session.participant))
    }

    fn badge(&self) -> Option<super::Badge> {
        self.active.as_ref().filter(|a| !a.ended).map(|a| {
            if a.clock.is_running() {
                super::Badge::Recording
            } else {
                super::Badge::Paused
            }
        })
    }

    fn before_quit(&mut self, ctx: &mut Ctx<'_>) {
        // The text typed into a stamp's open input is the user's words:
        // saved with the stamp, as Enter would.
        if let Some(Overlay::Text {
            prompt,
            event_id,
            stamped: true,
        }) = self.overlay.as_ref()
        {
            let text = prompt.text().trim().to_string();
            if !text.is_empty() {
                let event_id = event_id.clone();
                self.set_text(&event_id, text, ctx);
            }
        }
        let offset = self.offset_now(ctx);
        if let Some(active) = self.active.as_ref()
            && active.clock.is_running()
            && let Err(e) = ctx
                .store
                .heartbeat(&active.session.id, offset, ctx.clock.now())
        {
            ctx.status.failed("Could not save the clock", &e);
        }
    }

    fn wants_tick(&self) -> bool {
        self.active.as_ref().is_some_and(|a| a.clock.is_running())
    }

    fn tick(&mut self, ctx: &mut Ctx<'_>) {
        self.heartbeat(ctx);
    }

    fn click(&self, body: ratatui::layout::Rect, at: ratatui::layout::Position) -> Option<Action> {
        if self.overlay.is_some() || self.list.is_filtering() {
            return None;
        }
        self.row_at(body, at.y)
            .map(|row| Action::Shadow(ShadowAction::ClickRow(row)))
    }

    fn scroll(&self, step: i32) -> Action {
        Action::Shadow(ShadowAction::Scroll(step))
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        self.reload_sessions(ctx);
        if let Some(active) = self.active.as_mut() {
            match ctx.store.events(&active.session.id) {
                Ok(events) => {
                    if let Some(i) = active.selected {
                        active.selected = Some(i.min(events.len().saturating_sub(1)));
                    }
                    active.log = SessionLog::new(events);
                }
                Err(e) => ctx.status.failed("Could not read the events", &e),
            }
        }
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
