//! The app shell: tabs, routing of events to the focused pane, the message
//! line and status bar, and the help overlay.

use super::action::{Action, BacklogAction, InterviewAction, ShadowAction, SynthesisAction};
use super::keymap::{self, Binding};
use super::panes::backlog::{self, BacklogPane};
use super::panes::interview::InterviewPane;
use super::panes::shadow::ShadowPane;
use super::panes::synthesis::SynthesisPane;
use super::panes::{Changed, Ctx, Status};
use super::theme::Theme;
use super::widgets::help;
use crate::domain::time::Clock;
use crate::store::Store;
use color_eyre::eyre::Result;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use jiff::tz::TimeZone;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

/// Below this the app says so instead of drawing a broken screen.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// The panes that exist, in tab order.
const TABS: [&str; 4] = ["Backlog", "Shadow", "Interview", "Synthesis"];
const BACKLOG_TAB: usize = 0;
const SHADOW_TAB: usize = 1;
const INTERVIEW_TAB: usize = 2;
const SYNTHESIS_TAB: usize = 3;

/// The rows of the shell.
#[derive(Debug, Clone, Copy)]
pub struct Shell {
    pub tabs: Rect,
    pub body: Rect,
    pub message: Rect,
    pub status: Rect,
}

pub fn shell(area: Rect) -> Shell {
    let [tabs, body, message, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Shell {
        tabs,
        body,
        message,
        status,
    }
}

/// Each tab's title and where it is drawn, for clicks.
fn tab_titles(area: Rect) -> Vec<(Rect, usize, String)> {
    let mut x = area.x + " fieldkit ".width() as u16 + 1;
    let mut out = Vec::new();
    for (i, name) in TABS.iter().enumerate() {
        let title = format!(" {} {name} ", i + 1);
        let width = title.width() as u16;
        let rect = Rect::new(x, area.y, width, 1).intersection(area);
        out.push((rect, i, title));
        x = x.saturating_add(width + 1);
    }
    out
}

pub struct App {
    store: Store,
    clock: Box<dyn Clock>,
    theme: Theme,
    tab: usize,
    backlog: BacklogPane,
    shadow: ShadowPane,
    interview: InterviewPane,
    synthesis: SynthesisPane,
    changed: Changed,
    help: bool,
    status: Status,
    size: Rect,
    quit: bool,
    /// Where stored UTC times are shown; injected so snapshots are stable.
    time_zone: TimeZone,
}

/// Borrows the parts of the app a pane may use, leaving the panes free.
macro_rules! ctx {
    ($app:expr) => {
        Ctx {
            store: &mut $app.store,
            clock: $app.clock.as_ref(),
            status: &mut $app.status,
            body: shell($app.size).body,
            changed: &mut $app.changed,
        }
    };
}

impl App {
    pub fn new(
        mut store: Store,
        clock: Box<dyn Clock>,
        theme: Theme,
        time_zone: TimeZone,
        size: Rect,
    ) -> Result<Self> {
        let mut status = Status::default();
        let mut changed = Changed::default();
        let mut ctx = Ctx {
            store: &mut store,
            clock: clock.as_ref(),
            status: &mut status,
            body: shell(size).body,
            changed: &mut changed,
        };
        let backlog = BacklogPane::load(&mut ctx)?;
        let shadow = ShadowPane::load(&mut ctx, time_zone.clone())?;
        let interview = InterviewPane::load(&mut ctx, time_zone.clone())?;
        let synthesis = SynthesisPane::load(&mut ctx, time_zone.clone())?;
        // An interrupted session or interview is the first thing to decide about.
        let tab = if shadow.has_resume_offer() {
            SHADOW_TAB
        } else if interview.has_resume_offer() {
            INTERVIEW_TAB
        } else {
            BACKLOG_TAB
        };
        Ok(Self {
            store,
            clock,
            theme,
            tab,
            backlog,
            shadow,
            interview,
            synthesis,
            changed,
            help: false,
            status,
            size,
            quit: false,
            time_zone,
        })
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn backlog(&self) -> &BacklogPane {
        &self.backlog
    }

    /// Whether the screen needs a redraw every second: a clock is running.
    pub fn wants_tick(&self) -> bool {
        self.shadow.is_running() || self.interview.is_running() || self.synthesis.has_pending_edit()
    }

    /// Once a second while a clock runs.
    pub fn tick(&mut self) {
        self.shadow.tick(&mut ctx!(self));
        self.interview.tick(&mut ctx!(self));
        self.synthesis.tick(&mut ctx!(self));
    }

    fn is_capturing(&self) -> bool {
        match self.tab {
            SHADOW_TAB => self.shadow.is_capturing(),
            INTERVIEW_TAB => self.interview.is_capturing(),
            SYNTHESIS_TAB => self.synthesis.is_capturing(),
            _ => self.backlog.is_capturing(),
        }
    }

    fn has_text_focus(&self) -> bool {
        match self.tab {
            SHADOW_TAB => self.shadow.has_text_focus(),
            INTERVIEW_TAB => self.interview.has_text_focus(),
            SYNTHESIS_TAB => self.synthesis.has_text_focus(),
            _ => self.backlog.has_text_focus(),
        }
    }

    fn too_small(&self) -> bool {
        self.size.width < MIN_WIDTH || self.size.height < MIN_HEIGHT
    }

    /// Applies one terminal event; returns whether the screen needs a redraw.
    pub fn handle_event(&mut self, event: Event) -> bool {
        match event {
            // Only presses count: Windows also reports releases and repeats.
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                self.handle_key(key);
                self.apply_changes();
            }
            Event::Key(_) => return false,
            Event::Mouse(mouse) => return self.handle_mouse(mouse),
            Event::Paste(text) => {
                if !self.help {
                    match self.tab {
                        SHADOW_TAB => self.shadow.paste(&text),
                        INTERVIEW_TAB => self.interview.paste(&text, &mut ctx!(self)),
                        SYNTHESIS_TAB => self.synthesis.paste(&text, &mut ctx!(self)),
                        _ => self.backlog.paste(&text, &mut ctx!(self)),
                    }
                }
            }
            Event::Resize(width, height) => {
                self.size = Rect::new(0, 0, width, height);
                self.backlog.resized(&mut ctx!(self));
            }
            _ => return false,
        }
        true
    }

    /// Refreshes a pane after another pane changed what it shows.
    fn apply_changes(&mut self) {
        if let Some(id) = self.changed.backlog_item.take() {
            self.backlog.reload_from_store(Some(&id), &mut ctx!(self));
        }
    }

    fn handle_key(&mut self, key: KeyEvent) {
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        if self.help {
            match key.code {
                KeyCode::Esc | KeyCode::Char('?') => self.help = false,
                KeyCode::Char('q') => self.quit = true,
                _ if ctrl_c => self.quit = true,
                _ => {}
            }
            return;
        }
        if ctrl_c {
            if self.has_text_focus() {
                self.status
                    .info("A text field has focus: Esc leaves it (nothing is saved), then q quits");
            } else {
                self.quit = true;
            }
            return;
        }
        if self.is_capturing() {
            self.status.clear();
            match self.tab {
                SHADOW_TAB => self.shadow.handle_key(key, &mut ctx!(self)),
                INTERVIEW_TAB => self.interview.handle_key(key, &mut ctx!(self)),
                SYNTHESIS_TAB => self.synthesis.handle_key(key, &mut ctx!(self)),
                _ => self.backlog.handle_key(key, &mut ctx!(self)),
            }
            return;
        }
        if self.too_small() {
            if key.code == KeyCode::Char('q') {
                self.quit = true;
            }
            return;
        }
        self.status.clear();
        if key.code == KeyCode::Esc {
            match self.tab {
                BACKLOG_TAB => {
                    self.backlog.clear_filter(&mut ctx!(self));
                }
                SHADOW_TAB => {
                    self.shadow.clear_filter();
                }
                INTERVIEW_TAB => {
                    self.interview.clear_filter();
                }
                SYNTHESIS_TAB => {
                    self.synthesis.back();
                }
                _ => {}
            }
            return;
        }
        match keymap::lookup(&[keymap::GLOBAL, self.pane_bindings()], key) {
            Some(action) => self.update(action),
            None => self.status.info(format!(
                "{} does nothing here: press ? for the keys",
                keymap::key_label(&[key.code])
            )),
        }
    }

    fn pane_bindings(&self) -> &'static [Binding] {
        match self.tab {
            SHADOW_TAB => keymap::SHADOW,
            INTERVIEW_TAB => keymap::INTERVIEW,
            SYNTHESIS_TAB => keymap::SYNTHESIS,
            _ => keymap::BACKLOG,
        }
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.help = !self.help,
            Action::NextTab => self.tab = (self.tab + 1) % TABS.len(),
            Action::PrevTab => self.tab = (self.tab + TABS.len() - 1) % TABS.len(),
            Action::SelectTab(i) => self.tab = i.min(TABS.len() - 1),
            Action::Backlog(a) => self.backlog.update(a, &mut ctx!(self)),
            Action::Shadow(a) => self.shadow.update(a, &mut ctx!(self)),
            Action::Interview(a) => self.interview.update(a, &mut ctx!(self)),
            Action::Synthesis(a) => self.synthesis.update(a, &mut ctx!(self)),
        }
    }

    fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        if self.help || self.is_capturing() || self.too_small() {
            return false;
        }
        let at = Position::new(mouse.column, mouse.row);
        let shell = shell(self.size);
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some((_, i, _)) = tab_titles(shell.tabs)
                    .into_iter()
                    .find(|(r, _, _)| r.contains(at))
                {
                    self.update(Action::SelectTab(i));
                    return true;
                }
                if self.tab == SHADOW_TAB {
                    if let Some(row) = self.shadow.row_at(shell.body, at.y) {
                        self.update(Action::Shadow(ShadowAction::ClickRow(row)));
                        return true;
                    }
                    return false;
                }
                if self.tab == SYNTHESIS_TAB {
                    if let Some(row) = self.synthesis.row_at(shell.body, at.y) {
                        self.update(Action::Synthesis(SynthesisAction::ClickRow(row)));
                        return true;
                    }
                    return false;
                }
                if self.tab == INTERVIEW_TAB {
                    if let Some(row) = self.interview.row_at(shell.body, at.y) {
                        self.update(Action::Interview(InterviewAction::ClickRow(row)));
                        return true;
                    }
                    return false;
                }
                let table = backlog::areas(shell.body).table;
                // The first row of the table is its header.
                if table.contains(at) && at.y > table.y {
                    let row = usize::from(at.y - table.y - 1);
                    self.update(Action::Backlog(BacklogAction::ClickRow(row)));
                    return true;
                }
                false
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let step = if mouse.kind == MouseEventKind::ScrollDown {
                    3
                } else {
                    -3
                };
                self.update(match self.tab {
                    SHADOW_TAB => Action::Shadow(ShadowAction::Scroll(step)),
                    INTERVIEW_TAB => Action::Interview(InterviewAction::Scroll(step)),
                    SYNTHESIS_TAB => Action::Synthesis(SynthesisAction::Scroll(step)),
                    _ => Action::Backlog(BacklogAction::Scroll(step)),
                });
                true
            }
            _ => false,
        }
    }

    /// The keys that matter now, for the status bar.
    fn hints(&self) -> Vec<(String, &'static str)> {
        let fixed = |pairs: &[(&str, &'static str)]| {
            pairs.iter().map(|(k, w)| (k.to_string(), *w)).collect()
        };
        if self.help {
            return fixed(&[("?/Esc", "close help"), ("q", "quit")]);
        }
        let mode = match self.tab {
            SHADOW_TAB => self.shadow.mode_hints(),
            INTERVIEW_TAB => self.interview.mode_hints(),
            SYNTHESIS_TAB => self.synthesis.mode_hints(),
            _ => self.backlog.mode_hints(),
        };
        if let Some(mode) = mode {
            return fixed(mode);
        }
        if self.tab == BACKLOG_TAB && self.backlog.is_empty() {
            return fixed(&[
                ("a", "add"),
                ("D", "load examples"),
                ("?", "help"),
                ("q", "quit"),
            ]);
        }
        self.pane_bindings()
            .iter()
            .chain(keymap::GLOBAL)
            .filter_map(|b| b.hint.map(|h| (keymap::key_label(&b.keys[..1]), h)))
            .collect()
    }

    fn render_tabs(&self, area: Rect, buf: &mut Buffer) {
        Paragraph::new(Span::styled(" fieldkit ", self.theme.title())).render(area, buf);
        for (rect, i, title) in tab_titles(area) {
            let style = if i == self.tab {
                self.theme.active_tab()
            } else {
                self.theme.dim()
            };
            Paragraph::new(Span::styled(title, style)).render(rect, buf);
        }
    }

    /// Keys on the left, the database path on the right. When space runs
    /// out the path is shortened from the left (its end names the file) and
    /// the later key hints are dropped, never `? help`.
    fn render_status(&self, area: Rect, buf: &mut Buffer) {
        buf.set_style(area, self.theme.status());
        let path = shorten_left(
            &self.store.path().display().to_string(),
            (area.width as usize * 2 / 5).max(16),
        );
        let path_width = path.width() as u16 + 1;
        let room = area.width.saturating_sub(path_width + 1) as usize;
        let hints = self.hints();
        let cell = |(key, word): &(String, &str)| format!("{key} {word}  ").width();
        let help_width: usize = hints
            .iter()
            .filter(|(k, _)| k == "?" || k == "q")
            .map(cell)
            .sum();
        let mut used = 1 + help_width;
        let mut spans = vec![Span::raw(" ")];
        for hint in &hints {
            let (key, word) = hint;
            let is_help = key == "?" || key == "q";
            if !is_help {
                if used + cell(hint) > room {
                    continue;
                }
                used += cell(hint);
            }
            spans.push(Span::styled(key.clone(), self.theme.key()));
            spans.push(Span::raw(format!(" {word}  ")));
        }
        Paragraph::new(Line::from(spans)).render(area, buf);
        let rect = Rect::new(
            area.right().saturating_sub(path_width),
            area.y,
            path_width,
            1,
        )
        .intersection(area);
        Paragraph::new(Span::styled(path, self.theme.dim())).render(rect, buf);
    }

    fn render_message(&self, area: Rect, buf: &mut Buffer) {
        let filtered = match self.tab {
            SHADOW_TAB => self.shadow.render_filter_line(area, buf, self.theme),
            INTERVIEW_TAB => self.interview.render_filter_line(area, buf, self.theme),
            SYNTHESIS_TAB => self.synthesis.render_filter_line(area, buf, self.theme),
            _ => self.backlog.render_filter_line(area, buf, self.theme),
        };
        if filtered {
            return;
        }
        if let Some((message, is_error)) = &self.status.message {
            let style = if *is_error {
                self.theme.error()
            } else {
                self.theme.ok()
            };
            Paragraph::new(Span::styled(format!(" {message}"), style)).render(area, buf);
        }
    }

    fn render_too_small(&self, area: Rect, buf: &mut Buffer) {
        let lines = vec![
            Line::from(Span::styled("terminal too small", self.theme.error())),
            Line::from(format!("{}×{}", area.width, area.height)),
            Line::from(format!("needs {MIN_WIDTH}×{MIN_HEIGHT}")),
            Line::from("q quits"),
        ];
        let y = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
        let rect = Rect::new(area.x, y, area.width, area.bottom().saturating_sub(y));
        Paragraph::new(lines).centered().render(rect, buf);
    }
}

/// Keeps the end of `text` within `max` columns, marking the cut with `…`.
fn shorten_left(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    let mut width = 1;
    let mut tail: Vec<char> = Vec::new();
    for c in text.chars().rev() {
        width += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width > max {
            break;
        }
        tail.push(c);
    }
    std::iter::once('…').chain(tail.into_iter().rev()).collect()
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            self.render_too_small(area, buf);
            return;
        }
        let shell = shell(area);
        self.render_tabs(shell.tabs, buf);
        match self.tab {
            SHADOW_TAB => self
                .shadow
                .render(shell.body, buf, self.theme, self.clock.monotonic()),
            INTERVIEW_TAB => {
                self.interview
                    .render(shell.body, buf, self.theme, self.clock.monotonic())
            }
            SYNTHESIS_TAB => self.synthesis.render(shell.body, buf, self.theme),
            _ => self
                .backlog
                .render(shell.body, buf, self.theme, &self.time_zone),
        }
        self.render_message(shell.message, buf);
        self.render_status(shell.status, buf);
        if self.help {
            help::render(
                &[
                    ("Everywhere", keymap::GLOBAL),
                    (TABS[self.tab], self.pane_bindings()),
                ],
                shell.body,
                buf,
                self.theme,
            );
        }
    }
}

#[cfg(test)]
mod tests;
