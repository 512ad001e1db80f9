//! The Shadow pane: a live developer-shadowing time-logger. A key stamps the
//! moment (committed before anything else happens), then a line opens for
//! the text. Pauses, waits, undo, the resume offer after a crash, and the
//! summary the seed's template asks for.

mod keys;
mod render;

use super::Ctx;
use crate::domain::shadow::{
    EventKind, NewSession, Session, SessionClock, ShadowEvent, complete_tool, format_offset,
    summarize,
};
use crate::formats::shadow_notes;
use crate::tui::action::ShadowAction;
use crate::tui::widgets::confirm;
use crate::tui::widgets::document::Document;
use crate::tui::widgets::form::{Field, Form, FormOutcome};
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
    /// Not deleted, by offset.
    events: Vec<ShadowEvent>,
    /// Index into `events`; `None` follows the newest.
    selected: Option<usize>,
    /// When the last heartbeat was written (monotonic).
    last_heartbeat: Duration,
}

impl Active {
    fn open_wait(&self) -> Option<&ShadowEvent> {
        self.events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Wait && e.end_offset_ms.is_none())
    }

    fn tools(&self) -> Vec<String> {
        summarize(&self.session, &self.events, 0).tools
    }

    fn selected_index(&self) -> Option<usize> {
        match self.selected {
            Some(i) => Some(i.min(self.events.len().saturating_sub(1))),
            None => self.events.len().checked_sub(1),
        }
    }
}

// At most one overlay exists at a time, so its size costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Overlay {
    NewSession(Form),
    /// The text of a stamp just taken, or an edit of an older one.
    Text {
        prompt: Prompt,
        event_id: String,
        kind: EventKind,
    },
    End,
    Delete {
        event_id: String,
    },
    /// A session never ended (crash, kill, closed lid).
    Resume {
        session: Session,
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
    zone: jiff::tz::TimeZone,
}

impl ShadowPane {
    /// Loads the sessions; an unfinished one is offered for resuming.
    pub fn load(ctx: &mut Ctx<'_>, zone: jiff::tz::TimeZone) -> Result<Self> {
        let overlay = ctx
            .store
            .unfinished_session()?
            .map(|session| Overlay::Resume { session });
        Ok(Self {
            sessions: ctx.store.sessions()?,
            list: ListView::default(),
            active: None,
            overlay,
            undone: None,
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

    pub fn is_capturing(&self) -> bool {
        self.overlay.is_some() || self.list.is_filtering()
    }

    pub fn has_text_focus(&self) -> bool {
        self.list.is_filtering()
            || matches!(
                self.overlay,
                Some(Overlay::NewSession(_) | Overlay::Text { .. })
            )
    }

    /// Esc on the pane: clears the filter of the past sessions.
    pub fn clear_filter(&mut self) -> bool {
        self.list.clear_filter()
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

    /// Whether the screen needs a redraw every second (a clock is running).
    pub fn is_running(&self) -> bool {
        self.active.as_ref().is_some_and(|a| a.clock.is_running())
    }

    fn offset_now(&self, ctx: &Ctx<'_>) -> i64 {
        self.active
            .as_ref()
            .map_or(0, |a| a.clock.offset_ms(ctx.clock.monotonic()))
    }

    /// Once a second while running: write a heartbeat now and then.
    pub fn tick(&mut self, ctx: &mut Ctx<'_>) {
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

    fn selected_session(&self) -> Option<&Session> {
        self.list
            .selected(&self.listed())
            .and_then(|i| self.sessions.get(i))
    }

    /// Makes `session` the running one, its clock at `offset_ms`.
    fn activate(&mut self, session: Session, offset_ms: i64, running: bool, ctx: &mut Ctx<'_>) {
        let events = ctx.store.events(&session.id).unwrap_or_else(|e| {
            ctx.status
                .error(format!("Could not read the events: {e:#}"));
            Vec::new()
        });
        let now = ctx.clock.monotonic();
        self.active = Some(Active {
            clock: SessionClock::resume_at(offset_ms, running, now),
            session,
            events,
            selected: None,
            last_heartbeat: now,
        });
        self.undone = None;
    }

    pub fn update(&mut self, action: ShadowAction, ctx: &mut Ctx<'_>) {
        use ShadowAction as A;
        match action {
            A::NewSession => self.new_session(ctx),
            A::Summary => self.open_summary(ctx),
            A::Down | A::Up | A::Top | A::Bottom | A::ClickRow(_) | A::Scroll(_) => {
                self.navigate(action, ctx)
            }
            A::Filter if self.active.is_none() => self.list.open_filter(),
            A::Filter => ctx
                .status
                .info("/ filters the past sessions, shown when none runs"),
            _ if self.active.is_none() => {
                ctx.status.info("No session running: press n to start one");
            }
            A::Stamp(kind) => self.stamp(kind, ctx),
            A::Wait => self.toggle_wait(ctx),
            A::Undo => self.undo(ctx),
            A::Edit => self.edit_selected(ctx),
            A::Delete => {
                let selected = self.active.as_ref().and_then(|a| {
                    a.selected_index()
                        .and_then(|i| a.events.get(i))
                        .map(|e| e.id.clone())
                });
                match selected {
                    Some(event_id) => self.overlay = Some(Overlay::Delete { event_id }),
                    None => ctx.status.info("No event to delete yet"),
                }
            }
            A::Pause => self.toggle_pause(ctx),
            A::End => self.overlay = Some(Overlay::End),
        }
    }

    fn new_session(&mut self, ctx: &mut Ctx<'_>) {
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
            Some(active) => (active.events.clone(), self.offset_now(ctx)),
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
                let last = active.events.len().saturating_sub(1);
                let current = active.selected_index().unwrap_or(0);
                let target = match action {
                    A::Down => current + 1,
                    A::Up => current.saturating_sub(1),
                    A::Top => 0,
                    A::Bottom => last,
                    A::Scroll(d) => (current as i64 + i64::from(d)).max(0) as usize,
                    A::ClickRow(row) => {
                        let first = render::first_row(active.events.len(), current, rows);
                        first + row
                    }
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
                let at = active
                    .events
                    .partition_point(|e| e.offset_ms <= event.offset_ms);
                active.events.insert(at, event);
                active.selected = None;
                self.undone = None;
                ctx.status.info(format!(
                    "Stamped {} at {}",
                    kind.name(),
                    format_offset(offset)
                ));
                self.overlay = Some(Overlay::Text {
                    prompt: Prompt::new(
                        format!("{} at {}", kind.prompt(), format_offset(offset)),
                        "",
                        "The moment is saved; the text is optional and can be edited later (e).",
                    )
                    .on_esc("keep the stamp without text"),
                    event_id,
                    kind,
                });
            }
            Err(e) => ctx.status.failed("Stamp not saved", &e),
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
                    if let Some(e) = active.events.iter_mut().find(|e| e.id == id) {
                        e.end_offset_ms = Some(offset.max(e.offset_ms));
                        ctx.status.info(format!(
                            "Wait ended after {}",
                            format_offset(offset - e.offset_ms)
                        ));
                    }
                }
                Err(e) => ctx.status.failed("Wait end not saved", &e),
            },
        }
    }

    fn undo(&mut self, ctx: &mut Ctx<'_>) {
        let Some(active) = self.active.as_mut() else {
            return;
        };
        if let Some(event) = self.undone.take() {
            match ctx.store.restore_event(&event.id, ctx.clock.now()) {
                Ok(()) => {
                    ctx.status.info(format!(
                        "Restored {} at {}",
                        event.kind.name(),
                        format_offset(event.offset_ms)
                    ));
                    let at = active
                        .events
                        .partition_point(|e| e.offset_ms <= event.offset_ms);
                    active.events.insert(at, event);
                }
                Err(e) => {
                    ctx.status.failed("Not restored", &e);
                    self.undone = Some(event);
                }
            }
            return;
        }
        let Some(last) = active.events.last().cloned() else {
            ctx.status.info("Nothing to undo");
            return;
        };
        match ctx.store.delete_event(&last.id, ctx.clock.now()) {
            Ok(()) => {
                active.events.pop();
                ctx.status.info(format!(
                    "Undid {} at {} — press u again to restore it",
                    last.kind.name(),
                    format_offset(last.offset_ms)
                ));
                self.undone = Some(last);
            }
            Err(e) => ctx.status.failed("Not undone", &e),
        }
    }

    fn edit_selected(&mut self, ctx: &mut Ctx<'_>) {
        let Some(active) = self.active.as_ref() else {
            return;
        };
        let Some(event) = active.selected_index().and_then(|i| active.events.get(i)) else {
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
            .on_esc("leave it as it was"),
            event_id: event.id.clone(),
            kind: event.kind,
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
