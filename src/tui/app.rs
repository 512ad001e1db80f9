//! The app shell: tabs, routing of events to the focused pane, the message
//! line and status bar, the help overlay and the quit question.

use super::action::Action;
use super::keymap::{self, Binding, HelpGroup, Key, Rank, bind};
use super::panes::backlog::BacklogPane;
use super::panes::interview::InterviewPane;
use super::panes::outcomes::OutcomesPane;
use super::panes::roadmap::RoadmapPane;
use super::panes::shadow::ShadowPane;
use super::panes::synthesis::SynthesisPane;
use super::panes::{Badge, Changed, Ctx, KeyResult, Pane, Status, View};
use super::sync::{self as sync_view, SyncState};
use super::tab::Tab;
use super::theme::Theme;
use super::widgets::Outcome;
use super::widgets::confirm::{Answer, Choice, confirm};
use super::widgets::help;
use crate::domain::time::Clock;
use crate::store::Store;
use color_eyre::eyre::Result;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use jiff::tz::TimeZone;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

/// Below this the app says so instead of drawing a broken screen.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

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

/// The app's name, left of the tabs when they leave room for it.
const BRAND: &str = " fieldkit ";

/// One tab as the bar draws it: its title, and a running clock's state.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TabCell {
    tab: Tab,
    /// ` 2 Shadow ` or, when room is short, ` 2 `.
    title: String,
    badge: Option<Badge>,
}

impl TabCell {
    fn badge_text(&self) -> String {
        self.badge
            .map(|b| format!("{} ", b.text()))
            .unwrap_or_default()
    }

    fn width(&self) -> usize {
        self.title.width() + self.badge_text().width()
    }
}

/// The width of the tabs and the gaps after them.
fn cells_width(cells: &[TabCell]) -> usize {
    cells.iter().map(|c| c.width() + 1).sum()
}

/// What the bar shows of each tab in `width` columns. Every title is whole
/// when they fit; otherwise, from the right, the tabs neither shown nor
/// running keep only their number, then running ones (their state kept):
/// a running clock's state is visible whatever the pane and the width.
fn tab_cells(width: u16, active: Tab, badges: &[Option<Badge>]) -> Vec<TabCell> {
    let mut cells: Vec<TabCell> = Tab::ALL
        .iter()
        .map(|tab| TabCell {
            tab: *tab,
            title: format!(" {} {} ", tab.number(), tab.title()),
            badge: badges.get(tab.index()).copied().flatten(),
        })
        .collect();
    let fits = |cells: &[TabCell]| cells_width(cells) <= usize::from(width) + 1;
    for running in [false, true] {
        for i in (0..cells.len()).rev() {
            if fits(&cells) {
                return cells;
            }
            if cells[i].tab != active && cells[i].badge.is_some() == running {
                cells[i].title = format!(" {} ", cells[i].tab.number());
            }
        }
    }
    cells
}

/// Whether the name fits beside the tabs.
fn brand_fits(area: Rect, cells: &[TabCell]) -> bool {
    BRAND.width() + 1 + cells_width(cells) <= usize::from(area.width)
}

/// Each tab as drawn and where, for clicks.
fn tab_titles(area: Rect, active: Tab, badges: &[Option<Badge>]) -> Vec<(Rect, TabCell)> {
    let cells = tab_cells(area.width, active, badges);
    let brand = if brand_fits(area, &cells) {
        BRAND.width() as u16 + 1
    } else {
        0
    };
    let mut x = area.x + brand;
    let mut out = Vec::new();
    for cell in cells {
        let width = cell.width() as u16;
        let rect = Rect::new(x, area.y, width, 1).intersection(area);
        out.push((rect, cell));
        x = x.saturating_add(width + 1);
    }
    out
}

/// What the shell itself may show over the panes.
#[derive(Debug, Clone)]
enum AppOverlay {
    /// The `?` overlay, scrolled this far.
    Help { scroll: u16 },
    /// Quit, asked first because a clock runs or a form holds text.
    Quit(Choice<Answer>),
}

/// What a key asks of the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HelpKey {
    Close,
    Quit,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
}

const HELP: &[Binding<HelpKey>] = {
    use KeyCode::{Char, Down, End, Esc, Home, PageDown, PageUp, Up};
    &[
        bind(
            &[Key::Plain(Esc), Key::Plain(Char('?'))],
            HelpKey::Close,
            "close the help",
        )
        .hint("close help", Rank::Vital),
        bind(&[Key::Plain(Char('q'))], HelpKey::Quit, "quit").hint("quit", Rank::Vital),
        bind(
            &[Key::Plain(Char('j')), Key::Plain(Down)],
            HelpKey::Down,
            "scroll down",
        )
        .hint("scroll", Rank::Main),
        bind(
            &[Key::Plain(Char('k')), Key::Plain(Up)],
            HelpKey::Up,
            "scroll up",
        ),
        bind(
            &[Key::Plain(PageDown), Key::Plain(Char(' '))],
            HelpKey::PageDown,
            "page down",
        ),
        bind(&[Key::Plain(PageUp)], HelpKey::PageUp, "page up"),
        bind(
            &[Key::Plain(Char('g')), Key::Plain(Home)],
            HelpKey::Top,
            "top",
        ),
        bind(
            &[Key::Plain(Char('G')), Key::Plain(End)],
            HelpKey::Bottom,
            "end",
        ),
    ]
};

/// `?` over a popup whose own table leaves it free (a question, a
/// picker, a document — not a text field, where `?` is typed): the help
/// overlay lists that popup's keys.
const POPUP_HELP: &[Binding<()>] = &[bind(
    &[Key::Plain(KeyCode::Char('?'))],
    (),
    "list this popup's keys",
)
.hint("keys", Rank::Extra)];

pub struct App {
    store: Store,
    clock: Box<dyn Clock>,
    theme: Theme,
    tab: Tab,
    backlog: BacklogPane,
    shadow: ShadowPane,
    interview: InterviewPane,
    synthesis: SynthesisPane,
    roadmap: RoadmapPane,
    outcomes: OutcomesPane,
    changed: Changed,
    overlay: Option<AppOverlay>,
    status: Status,
    size: Rect,
    quit: bool,
    /// Where stored UTC times are shown; injected so snapshots are stable.
    time_zone: TimeZone,
    /// The file's data version when last read, to notice other writers.
    data_version: Option<i64>,
    /// Where team sync stands, read once a second.
    sync_state: SyncState,
    /// The sync running in the background, if one is.
    syncing: Option<sync_view::Running>,
    /// This app's own writes so far (SQLite's `total_changes`), to notice
    /// when a pane wrote what another pane shows.
    own_writes: u64,
    /// Panes to read again before they are next shown: another pane wrote
    /// since they last read.
    stale: Vec<Tab>,
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
        // The backlog's walks through the ranking read rows scattered over
        // the file; a keystroke's walk reads most of the last one's again.
        store.keep_pages(16)?;
        let mut status = Status::default();
        let mut changed = Changed::default();
        let mut ctx = Ctx {
            store: &mut store,
            clock: clock.as_ref(),
            status: &mut status,
            body: shell(size).body,
            changed: &mut changed,
        };
        let backlog = BacklogPane::load(&mut ctx, time_zone.clone())?;
        let shadow = ShadowPane::load(&mut ctx, time_zone.clone())?;
        let interview = InterviewPane::load(&mut ctx, time_zone.clone())?;
        let synthesis = SynthesisPane::load(&mut ctx, time_zone.clone())?;
        // Its lanes grow with the backlog: read when first shown.
        let roadmap = RoadmapPane::unread(&ctx, time_zone.clone());
        let outcomes = OutcomesPane::load(&mut ctx, time_zone.clone())?;
        // An interrupted session or interview is the first thing to decide about.
        let tab = if shadow.has_resume_offer() {
            Tab::Shadow
        } else if interview.has_resume_offer() {
            Tab::Interview
        } else {
            Tab::Backlog
        };
        let own_writes = store.own_writes();
        Ok(Self {
            clock,
            theme,
            tab,
            backlog,
            shadow,
            interview,
            synthesis,
            roadmap,
            outcomes,
            changed,
            overlay: None,
            status,
            size,
            quit: false,
            sync_state: SyncState::read(&store),
            store,
            time_zone,
            data_version: None,
            syncing: None,
            own_writes,
            stale: vec![Tab::Roadmap],
        })
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn backlog(&self) -> &BacklogPane {
        &self.backlog
    }

    /// The pane behind a tab.
    fn pane_of(&self, tab: Tab) -> &dyn Pane {
        match tab {
            Tab::Backlog => &self.backlog,
            Tab::Shadow => &self.shadow,
            Tab::Interview => &self.interview,
            Tab::Synthesis => &self.synthesis,
            Tab::Roadmap => &self.roadmap,
            Tab::Outcomes => &self.outcomes,
        }
    }

    fn pane(&self) -> &dyn Pane {
        self.pane_of(self.tab)
    }

    /// The focused pane, and what it may use.
    fn pane_mut(&mut self) -> (&mut dyn Pane, Ctx<'_>) {
        let ctx = ctx!(self);
        let pane: &mut dyn Pane = match self.tab {
            Tab::Backlog => &mut self.backlog,
            Tab::Shadow => &mut self.shadow,
            Tab::Interview => &mut self.interview,
            Tab::Synthesis => &mut self.synthesis,
            Tab::Roadmap => &mut self.roadmap,
            Tab::Outcomes => &mut self.outcomes,
        };
        (pane, ctx)
    }

    /// Every pane, for what concerns them all (ticks, quitting).
    fn each_pane(&mut self, mut f: impl FnMut(&mut dyn Pane, &mut Ctx<'_>)) {
        let mut ctx = ctx!(self);
        for pane in [
            &mut self.backlog as &mut dyn Pane,
            &mut self.shadow,
            &mut self.interview,
            &mut self.synthesis,
            &mut self.roadmap,
            &mut self.outcomes,
        ] {
            f(pane, &mut ctx);
        }
    }

    /// Whether the screen needs a redraw every second: a clock is running.
    pub fn wants_tick(&self) -> bool {
        Tab::ALL.iter().any(|t| self.pane_of(*t).wants_tick())
    }

    /// Once a second: running clocks move, and what another copy of the
    /// app or the CLI wrote is read again. Returns whether to redraw.
    pub fn tick(&mut self) -> bool {
        let ticking = self.wants_tick();
        if ticking {
            self.each_pane(|pane, ctx| pane.tick(ctx));
        }
        let synced = self.poll_sync();
        ticking | synced | self.refresh_if_changed() | self.refresh_sync_state()
    }

    /// Whether a background sync runs.
    pub fn is_syncing(&self) -> bool {
        self.syncing.is_some()
    }

    /// Whether the backlog's listed rows are being counted on a thread.
    pub fn is_counting(&self) -> bool {
        self.backlog.is_counting()
    }

    /// Takes the backlog's count once its thread is done; returns whether
    /// to redraw.
    pub fn poll_count(&mut self) -> bool {
        self.backlog.poll_count(&mut ctx!(self))
    }

    /// Takes the result of a background sync that has finished: says what
    /// it did and shows what it received, the selection kept. Returns
    /// whether to redraw.
    pub fn poll_sync(&mut self) -> bool {
        let Some(result) = self.syncing.as_ref().and_then(|r| r.finished()) else {
            return false;
        };
        self.syncing = None;
        match result {
            Ok(report) => self.status.info(sync_view::report_text(&report)),
            Err(e) => self.status.error(sync_view::failure_text(&e)),
        }
        // What arrived was written by the sync's own connection: every
        // pane reads again, keeping its selection.
        self.data_version = self.store.data_version().ok();
        self.refresh_all();
        self.refresh_sync_state();
        true
    }

    /// Reads the sync state again; returns whether what the bar shows changed.
    fn refresh_sync_state(&mut self) -> bool {
        let now = self.clock.now();
        let before = self.sync_state.text(now, self.is_syncing());
        self.sync_state = SyncState::read(&self.store);
        before != self.sync_state.text(now, self.is_syncing())
    }

    /// `S`: starts a sync on its own thread, unless one runs or sync is
    /// not set up.
    fn start_sync(&mut self) {
        if self.syncing.is_some() {
            self.status
                .info("Already syncing: the result shows here when it is done");
            return;
        }
        self.sync_state = SyncState::read(&self.store);
        if !self.sync_state.set_up {
            self.status.error(
                "Sync is not set up for this file: run `fieldkit sync init --git URL --name NAME` \
                 (or --dir PATH) in a shell first",
            );
            return;
        }
        self.syncing = Some(sync_view::Running::start(self.store.path().to_path_buf()));
        self.status.info("Syncing in the background…");
    }

    /// Reads everything shown again when another connection has committed
    /// since the last look.
    fn refresh_if_changed(&mut self) -> bool {
        let Ok(version) = self.store.data_version() else {
            return false;
        };
        let changed = self.data_version.is_some_and(|v| v != version);
        self.data_version = Some(version);
        if changed {
            self.refresh_all();
        }
        changed
    }

    /// After another connection wrote: the pane shown and the backlog
    /// (other panes' numbers come from it) read again now, the others
    /// before they are next shown, so a write elsewhere does not make
    /// the app read every pane (the roadmap's lanes grow with the backlog).
    fn refresh_all(&mut self) {
        self.stale = Tab::ALL
            .into_iter()
            .filter(|t| *t != self.tab && *t != Tab::Backlog)
            .collect();
        Pane::refresh(&mut self.backlog, &mut ctx!(self));
        if self.tab != Tab::Backlog {
            let (pane, mut ctx) = self.pane_mut();
            pane.refresh(&mut ctx);
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
                if self.overlay.is_none() {
                    let (pane, _) = self.pane_mut();
                    if let Some(action) = pane.paste(&text) {
                        self.update(action);
                        self.apply_changes();
                    }
                }
            }
            Event::Resize(width, height) => {
                self.size = Rect::new(0, 0, width, height);
                let (pane, mut ctx) = self.pane_mut();
                pane.resized(&mut ctx);
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
        if let Some(tab) = self.changed.show_tab.take() {
            self.tab = tab;
        }
        self.keep_panes_in_step();
    }

    /// A write by the focused pane (a kill on the roadmap, a stamp, a
    /// reading) may change what other panes show: they read again before
    /// they are next shown, and the backlog, which other panes' numbers
    /// come from, at once. Reading lazily keeps a stamp's frame from
    /// waiting on every pane.
    fn keep_panes_in_step(&mut self) {
        let writes = self.store.own_writes();
        if writes != self.own_writes {
            self.own_writes = writes;
            // Added to the panes already waiting (one never read yet stays so).
            for tab in Tab::ALL {
                if tab != self.tab && !self.stale.contains(&tab) {
                    self.stale.push(tab);
                }
            }
            if self.stale.contains(&Tab::Backlog) {
                self.stale.retain(|t| *t != Tab::Backlog);
                Pane::refresh(&mut self.backlog, &mut ctx!(self));
            }
        }
        if self.stale.contains(&self.tab) {
            self.stale.retain(|t| *t != self.tab);
            let (pane, mut ctx) = self.pane_mut();
            pane.refresh(&mut ctx);
        }
    }

    fn handle_key(&mut self, key: KeyEvent) {
        if keymap::matches(Key::Ctrl('c'), key) {
            self.interrupt();
            return;
        }
        if let Some(overlay) = self.overlay.take() {
            self.overlay = self.overlay_key(overlay, key);
            return;
        }
        if self.too_small() {
            if key.code == KeyCode::Char('q') {
                self.update(Action::Quit);
            }
            return;
        }
        self.status.clear();
        if let Some(modal) = self.pane().modal_help() {
            if !modal.covers(key) && keymap::lookup(POPUP_HELP, key).is_some() {
                self.update(Action::Help);
                return;
            }
            let body = shell(self.size).body;
            let (pane, _) = self.pane_mut();
            match pane.modal_key(key, body) {
                KeyResult::Ignored => self.does_nothing(key),
                KeyResult::Handled => {}
                KeyResult::Do(action) => self.update(action),
            }
            return;
        }
        let mut tables = vec![keymap::GLOBAL];
        tables.extend(self.pane().bindings());
        match keymap::lookup_in(&tables, key) {
            Some(action) => self.update(action),
            None => self.does_nothing(key),
        }
    }

    fn does_nothing(&mut self, key: KeyEvent) {
        self.status.info(format!(
            "{} does nothing here: ? lists the keys",
            keymap::press_name(key)
        ));
    }

    /// Ctrl-C quits from anywhere; an open editor (a stamp's text) is
    /// saved first, and a form or prompt holding typed text asks, as does
    /// a running clock. Ctrl-C again on the question quits.
    fn interrupt(&mut self) {
        if matches!(self.overlay, Some(AppOverlay::Quit(_))) {
            self.quit_now();
        } else if self.pane().has_unsaved_input() {
            self.overlay = Some(AppOverlay::Quit(confirm(
                "Quit? What you typed in the open form is not saved.",
            )));
        } else {
            self.ask_or_quit();
        }
    }

    /// Asks first while a session or interview runs, naming each that
    /// does; otherwise quits.
    fn ask_or_quit(&mut self) {
        match self.quit_question() {
            Some(q) => self.overlay = Some(AppOverlay::Quit(confirm(q))),
            None => self.quit_now(),
        }
    }

    /// The question a quit asks while clocks run, naming every one.
    fn quit_question(&self) -> Option<String> {
        let running: Vec<String> = Tab::ALL
            .iter()
            .filter_map(|t| self.pane_of(*t).running_clock())
            .collect();
        let (what, verb, rest) = match running.as_slice() {
            [] => return None,
            [one] => (
                one.clone(),
                "runs",
                "What it recorded and its clock are saved; it is offered for resuming next time.",
            ),
            [init @ .., last] => (
                format!("{} and {last}", init.join(", ")),
                "run",
                "What they recorded and their clocks are saved; they are offered for resuming next time.",
            ),
        };
        Some(format!("Quit while {what} {verb}? {rest}"))
    }

    /// Saves what can be saved (editors, running clocks), then quits.
    fn quit_now(&mut self) {
        self.each_pane(|pane, ctx| pane.before_quit(ctx));
        self.quit = true;
    }

    fn overlay_key(&mut self, overlay: AppOverlay, key: KeyEvent) -> Option<AppOverlay> {
        match overlay {
            AppOverlay::Quit(choice) => match choice.handle_key(key) {
                Outcome::Submit(Answer::Yes) => {
                    self.quit_now();
                    None
                }
                Outcome::Submit(Answer::No) | Outcome::Cancel => None,
                Outcome::Editing | Outcome::Ignored => Some(AppOverlay::Quit(choice)),
            },
            AppOverlay::Help { scroll } => {
                let area = shell(self.size).body;
                let max = help::max_scroll(&self.help_groups(), area);
                let page = area.height.saturating_sub(3).max(1);
                let scroll = match keymap::lookup(HELP, key) {
                    None => {
                        self.does_nothing(key);
                        scroll
                    }
                    Some(HelpKey::Close) => return None,
                    Some(HelpKey::Quit) => {
                        self.update(Action::Quit);
                        return self.overlay.take();
                    }
                    Some(HelpKey::Down) => scroll.saturating_add(1),
                    Some(HelpKey::Up) => scroll.saturating_sub(1),
                    Some(HelpKey::PageDown) => scroll.saturating_add(page),
                    Some(HelpKey::PageUp) => scroll.saturating_sub(page),
                    Some(HelpKey::Top) => 0,
                    Some(HelpKey::Bottom) => max,
                };
                Some(AppOverlay::Help {
                    scroll: scroll.min(max),
                })
            }
        }
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.ask_or_quit(),
            Action::Help => self.overlay = Some(AppOverlay::Help { scroll: 0 }),
            Action::Sync => self.start_sync(),
            Action::NextTab => self.tab = self.tab.next(),
            Action::PrevTab => self.tab = self.tab.previous(),
            Action::SelectTab(tab) => self.tab = tab,
            Action::Backlog(a) => self.backlog.update(a, &mut ctx!(self)),
            Action::Shadow(a) => self.shadow.update(a, &mut ctx!(self)),
            Action::Interview(a) => self.interview.update(a, &mut ctx!(self)),
            Action::Synthesis(a) => self.synthesis.update(a, &mut ctx!(self)),
            Action::Roadmap(a) => self.roadmap.update(a, &mut ctx!(self)),
            Action::Outcomes(a) => self.outcomes.update(a, &mut ctx!(self)),
        }
    }

    fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        if self.overlay.is_some() || self.too_small() {
            return false;
        }
        let at = Position::new(mouse.column, mouse.row);
        let shell = shell(self.size);
        let action = match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let tab = tab_titles(shell.tabs, self.tab, &self.badges())
                    .into_iter()
                    .find(|(r, _)| r.contains(at))
                    .map(|(_, cell)| cell.tab);
                match tab {
                    // A popup (a form, an editor) keeps the pane: leaving it
                    // by a click would leave its text behind unseen.
                    Some(_) if self.pane().modal_help().is_some() => None,
                    Some(tab) => Some(Action::SelectTab(tab)),
                    None => self.pane().click(shell.body, at),
                }
            }
            MouseEventKind::ScrollDown => Some(self.pane().scroll(3)),
            MouseEventKind::ScrollUp => Some(self.pane().scroll(-3)),
            _ => None,
        };
        match action {
            Some(action) => {
                self.status.clear();
                self.update(action);
                self.apply_changes();
                true
            }
            None => false,
        }
    }

    /// The help of the tables the next key is looked up in; Ctrl-C, which
    /// quits from anywhere, is in `GLOBAL`.
    pub fn keys_now(&self) -> Vec<HelpGroup> {
        match &self.overlay {
            Some(AppOverlay::Help { .. }) => return vec![HelpGroup::of("Help", HELP)],
            Some(AppOverlay::Quit(choice)) => return vec![choice.help()],
            None => {}
        }
        if let Some(modal) = self.pane().modal_help() {
            return with_popup_help(modal);
        }
        self.help_groups()
    }

    /// What `?` lists: the focused pane's keys now, everywhere-keys, and
    /// the keys of the popups the pane can open.
    fn help_groups(&self) -> Vec<HelpGroup> {
        let pane = self.pane();
        // Over a popup, its keys: they are the ones that work under it.
        if let Some(modal) = pane.modal_help() {
            return vec![modal];
        }
        // One group for the pane. Its first table is the pane's own keys;
        // the others exist only in a state (an item just deleted, a filter
        // in force), so they lead: the key that works now is on the first
        // page, not under a second heading past the fold.
        let mut tables = pane.bindings();
        let mut group = HelpGroup::of::<Action>(self.tab.title(), &[]);
        if !tables.is_empty() {
            let base = tables.remove(0);
            for table in tables {
                group = group.with(table);
            }
            group = group.with(base);
        }
        vec![group, HelpGroup::of("Everywhere", keymap::GLOBAL)]
    }

    /// The keys that matter now, for the status bar, most important first
    /// within each rank.
    fn hints(&self) -> Vec<(String, &'static str, Rank)> {
        match &self.overlay {
            Some(AppOverlay::Help { .. }) => return HelpGroup::of("", HELP).hints(),
            Some(AppOverlay::Quit(choice)) => return choice.help().hints(),
            None => {}
        }
        if let Some(modal) = self.pane().modal_help() {
            return with_popup_help(modal)
                .iter()
                .flat_map(HelpGroup::hints)
                .collect();
        }
        let mut all: Vec<_> = self
            .pane()
            .bindings()
            .into_iter()
            .flat_map(|t| HelpGroup::of("", t).hints())
            .collect();
        all.extend(
            HelpGroup::of("", keymap::GLOBAL)
                .hints()
                .into_iter()
                .filter(|h| self.sync_state.set_up || h.1 != keymap::SYNC_HINT),
        );
        all
    }

    /// Each tab's running clock, in tab order.
    fn badges(&self) -> Vec<Option<Badge>> {
        Tab::ALL.iter().map(|t| self.pane_of(*t).badge()).collect()
    }

    fn render_tabs(&self, area: Rect, buf: &mut Buffer) {
        let titles = tab_titles(area, self.tab, &self.badges());
        let cells: Vec<TabCell> = titles.iter().map(|(_, c)| c.clone()).collect();
        if brand_fits(area, &cells) {
            Paragraph::new(Span::styled(BRAND, self.theme.title())).render(area, buf);
        }
        for (rect, cell) in titles {
            let style = if cell.tab == self.tab {
                self.theme.active_tab()
            } else {
                self.theme.dim()
            };
            let badge_style = match cell.badge {
                Some(Badge::Recording) => self.theme.error().add_modifier(Modifier::BOLD),
                _ => self.theme.key(),
            };
            let badge = cell.badge_text();
            Paragraph::new(Line::from(vec![
                Span::styled(cell.title, style),
                Span::styled(badge, badge_style),
            ]))
            .render(rect, buf);
        }
    }

    /// What the status bar says about sync, when it fits beside the hints
    /// that matter (the ranks Vital and Main) and the path: the full text,
    /// a shorter one, or nothing (then the message line shows it).
    fn sync_in_status_bar(&self, width: usize) -> Option<String> {
        let now = self.clock.now();
        let running = self.is_syncing();
        let wanted = 1 + self
            .hints()
            .iter()
            .filter(|h| h.2 <= Rank::Main)
            .map(|(key, word, _)| format!("{key} {word}  ").width())
            .sum::<usize>();
        // The path keeps at least 12 columns, and a gap each side.
        let fits = |text: &String| wanted + text.width() + 2 + 12 < width;
        let full = self.sync_state.text(now, running)?;
        if fits(&full) {
            return Some(full);
        }
        self.sync_state.short_text(now, running).filter(fits)
    }

    /// Keys on the left, then the sync state, then the database path on
    /// the right. When space runs out the lowest-ranked hints go first,
    /// then the path is shortened from the left (its end names the file).
    fn render_status(&self, full_area: Rect, buf: &mut Buffer) {
        buf.set_style(full_area, self.theme.status());
        let hints = self.hints();
        let cell = |(key, word, _): &(String, &str, Rank)| format!("{key} {word}  ").width();
        let wanted: usize = 1 + hints
            .iter()
            .filter(|h| h.2 <= Rank::Main)
            .map(cell)
            .sum::<usize>();
        let sync = self.sync_in_status_bar(full_area.width as usize);
        let sync_width = sync.as_ref().map_or(0, |s| s.width() as u16 + 2);
        let area = Rect {
            width: full_area.width.saturating_sub(sync_width),
            ..full_area
        };
        let path_max = (area.width as usize)
            .saturating_sub(wanted + 1)
            .clamp(12, (area.width as usize * 2 / 5).max(12));
        let path = shorten_left(&self.store.path().display().to_string(), path_max);
        let path_width = path.width() as u16 + 1;
        let room = area.width.saturating_sub(path_width + 1) as usize;
        // Keep the most important that fit, shown in table order.
        let mut order: Vec<usize> = (0..hints.len()).collect();
        order.sort_by_key(|&i| hints[i].2);
        let mut keep = vec![false; hints.len()];
        let mut used = 1;
        for i in order {
            let w = cell(&hints[i]);
            if used + w <= room {
                used += w;
                keep[i] = true;
            }
        }
        let mut spans = vec![Span::raw(" ")];
        for (hint, _) in hints.iter().zip(&keep).filter(|(_, k)| **k) {
            spans.push(Span::styled(hint.0.clone(), self.theme.key()));
            spans.push(Span::raw(format!(" {}  ", hint.1)));
        }
        Paragraph::new(Line::from(spans)).render(area, buf);
        let rect = Rect::new(
            full_area.right().saturating_sub(path_width),
            area.y,
            path_width,
            1,
        )
        .intersection(full_area);
        Paragraph::new(Span::styled(path, self.theme.dim())).render(rect, buf);
        if let Some(sync) = sync {
            let rect = Rect::new(rect.x.saturating_sub(sync_width), area.y, sync_width, 1)
                .intersection(full_area);
            Paragraph::new(Span::raw(format!("{sync}  "))).render(rect, buf);
        }
    }

    fn render_message(&self, area: Rect, buf: &mut Buffer) {
        if self.pane().render_message(area, buf, self.theme) {
            return;
        }
        let mut used = 0;
        if let Some((message, is_error)) = &self.status.message {
            let style = if *is_error {
                self.theme.error()
            } else {
                self.theme.ok()
            };
            // A message longer than the line ends in … rather than mid-word.
            // It often quotes the user's words (a title, a name): whatever
            // built it, they pass the sanitizer here, once for all.
            let message = crate::formats::sanitize::terminal_line(message);
            let line = super::widgets::fit(&format!(" {message}"), area.width as usize);
            used = line.width();
            Paragraph::new(Span::styled(line, style)).render(area, buf);
        }
        // The sync state, when the status bar has no room for it beside
        // the keys that matter: on the right of this line, if it fits.
        if self.sync_in_status_bar(area.width as usize).is_none() {
            let now = self.clock.now();
            let running = self.is_syncing();
            let text = self
                .sync_state
                .text(now, running)
                .filter(|t| used + t.width() + 3 <= area.width as usize)
                .or_else(|| self.sync_state.short_text(now, running))
                .filter(|t| used + t.width() + 3 <= area.width as usize);
            if let Some(text) = text {
                let width = text.width() as u16 + 1;
                let rect = Rect::new(area.right().saturating_sub(width), area.y, width, 1)
                    .intersection(area);
                Paragraph::new(Span::styled(text, self.theme.dim())).render(rect, buf);
            }
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

/// A popup's keys, and `?` when its table leaves `?` free.
fn with_popup_help(modal: HelpGroup) -> Vec<HelpGroup> {
    let question = crossterm::event::KeyEvent::from(KeyCode::Char('?'));
    let free = !modal.covers(question);
    let mut groups = vec![modal];
    if free {
        groups.push(HelpGroup::of("", POPUP_HELP));
    }
    groups
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
        let view = View {
            theme: self.theme,
            now: self.clock.monotonic(),
            zone: &self.time_zone,
        };
        self.pane().render(shell.body, buf, &view);
        self.render_message(shell.message, buf);
        self.render_status(shell.status, buf);
        match &self.overlay {
            Some(AppOverlay::Help { scroll }) => {
                help::render(&self.help_groups(), *scroll, shell.body, buf, self.theme)
            }
            Some(AppOverlay::Quit(choice)) => choice.render(shell.body, buf, self.theme),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests;
