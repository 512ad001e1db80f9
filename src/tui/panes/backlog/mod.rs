//! The Backlog pane: the ranked table, quick score keys, the item form,
//! lane moves, kill and delete, the filter and the detail panel.

pub(crate) mod item_form;
mod job;
pub mod keys;
mod render;

use super::{Ctx, KeyResult, Pane, View};
use crate::domain::backlog::{Filter, Item, ItemPatch, Lane, ScoreChange};
use crate::domain::item_edit::{EditField, ItemEdit, reconcile};
use crate::domain::rice::{Effort, Reach, format_score};
use crate::domain::synthesis::Evidence;
use crate::formats::sanitize::terminal_line;
use crate::store::{ANCHOR_EVERY, ChangeStamp, Listing, RANK_BUDGET, RankAnchors, RankKey, Ranked};
use crate::tui::action::Action;
use crate::tui::action::BacklogAction;
use crate::tui::keymap::{Binding, HelpGroup};
use crate::tui::widgets::confirm::{Answer, Choice, confirm};
use crate::tui::widgets::conflict::{ConflictDialog, ConflictRow};
use crate::tui::widgets::form::Form;
use crate::tui::widgets::line_input::LineInput;
use crate::tui::widgets::picker::Picker;
use crate::tui::widgets::prompt::Prompt;
use color_eyre::eyre::Result;
use job::Job;
use std::collections::HashMap;

pub use render::{areas, table_rows};

/// The one popup the pane may have open.
#[derive(Debug, Clone)]
enum Overlay {
    /// Add (none) or edit (the item as the form was opened on it, whole).
    Form {
        form: Form,
        editing: Option<Box<Item>>,
    },
    /// A save met fields changed elsewhere since the form was opened.
    Conflict {
        dialog: ConflictDialog,
        /// The form, to go back to.
        form: Form,
        original: Box<Item>,
        /// The form's changes, and those of them changed elsewhere too.
        edit: ItemEdit,
        conflicts: Vec<EditField>,
    },
    Reach {
        prompt: Prompt,
        id: String,
    },
    Effort {
        prompt: Prompt,
        id: String,
    },
    KillReason {
        prompt: Prompt,
        id: String,
    },
    Lane {
        picker: Picker,
        id: String,
    },
    Delete {
        id: String,
        choice: Choice<Answer>,
    },
    /// `D` in a backlog that has items: the demo adds examples, metrics and
    /// research sessions that count in the cadence, so it asks first.
    LoadExamples {
        choice: Choice<Answer>,
    },
}

/// Where the window of rows on screen goes.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// The first rows, the first selected.
    Top,
    /// The last rows, the last selected.
    Bottom,
    /// The rows from `top` on (it included), row `row` selected.
    From { top: RankKey, row: usize },
    /// The item at `key` selected, on screen row `row` when it can be.
    At { key: RankKey, row: usize },
}

/// How many listed rows the filter line counts before it says "N+".
const SHOWN_CAP: usize = 1_000;

/// How many rows the count may step through on the key's own time; a
/// filter whose count needs more (a common word among a million items)
/// is counted on a thread of its own, so the key's frame does not wait.
const QUICK_COUNT: usize = 200;

/// How many rows are listed, as the filter line says it.
#[derive(Debug)]
enum Shown {
    /// Counted up to [`SHOWN_CAP`].
    Counted(usize),
    /// Being counted on a thread of its own.
    Counting(Job<usize>),
    /// The count failed (the message line said why).
    Failed,
}

/// The ranking's anchors (see [`RankAnchors`]): a rank deep in the list
/// is counted from them rather than from the top. Read on a thread of
/// their own when a rank on screen first needs them, kept in step with
/// this pane's writes, and no longer used after any other write.
#[derive(Debug, Default)]
enum Anchors {
    #[default]
    None,
    /// Being read on a thread from the file as it was at `stamp`.
    Reading {
        job: Job<RankAnchors>,
        stamp: ChangeStamp,
    },
    /// In step with the file as it was at `stamp`.
    Ready {
        anchors: RankAnchors,
        stamp: ChangeStamp,
    },
}

/// The change stamp and the place of an item before this pane writes
/// it, taken while the anchors are in step.
type BeforeWrite = Option<(ChangeStamp, Option<(Lane, RankKey)>)>;

#[derive(Debug)]
pub struct BacklogPane {
    /// The rows on screen, in ranking order (score descending, ties by
    /// creation order), read through the store's index: never the whole
    /// backlog.
    rows: Vec<Ranked>,
    /// Each row's rank among open items (`None` for done and killed, and
    /// while the ranks are pending).
    ranks: Vec<Option<u64>>,
    /// Whether the open rows' ranks wait for the anchors (shown as `…`).
    ranks_pending: bool,
    anchors: Anchors,
    /// Index into `rows`.
    selected: usize,
    /// Whether the backlog holds any item at all.
    has_items: bool,
    /// The best score listed, the length of a full bar.
    max_score: f64,
    /// How many rows are listed, counted up to [`SHOWN_CAP`].
    shown: Shown,
    show_closed: bool,
    filter: Filter,
    filter_text: String,
    /// The filter line while it is being typed.
    filter_input: Option<LineInput>,
    filter_error: Option<String>,
    /// The selected item read whole (with its description), its score
    /// history and evidence: read when the selection changes.
    detail: Option<Item>,
    history: Vec<ScoreChange>,
    /// The selected item's evidence, read with its history.
    evidence: Vec<Evidence>,
    /// How many pieces of evidence each item has.
    evidence_counts: HashMap<String, usize>,
    overlay: Option<Overlay>,
    /// The item just deleted, which `u` brings back.
    deleted: Option<String>,
    /// Where the user is: the demo's research is dated from today there.
    zone: jiff::tz::TimeZone,
}

impl BacklogPane {
    pub fn load(ctx: &mut Ctx<'_>, zone: jiff::tz::TimeZone) -> Result<Self> {
        let mut pane = Self {
            rows: Vec::new(),
            ranks: Vec::new(),
            ranks_pending: false,
            anchors: Anchors::None,
            selected: 0,
            has_items: false,
            max_score: 0.0,
            shown: Shown::Counted(0),
            show_closed: false,
            filter: Filter::default(),
            filter_text: String::new(),
            filter_input: None,
            filter_error: None,
            detail: None,
            history: Vec::new(),
            evidence: Vec::new(),
            evidence_counts: ctx.store.evidence_counts()?,
            overlay: None,
            deleted: None,
            zone,
        };
        pane.read_window(Place::Top, ctx)?;
        Ok(pane)
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.rows.get(self.selected).map(|r| &r.item)
    }

    /// The listed items on screen, in table order.
    pub fn listed(&self) -> impl Iterator<Item = &Item> {
        self.rows.iter().map(|r| &r.item)
    }

    pub fn is_empty(&self) -> bool {
        !self.has_items
    }

    fn listing(&self) -> Listing {
        Listing::new(&self.filter, self.show_closed)
    }

    /// An item in the window or the detail panel, by id.
    fn known_item(&self, id: &str) -> Option<&Item> {
        known_in(self.detail.as_ref(), &self.rows, id)
    }

    /// Reads the rows on screen for `place`, their ranks, the best score
    /// and the count, then the selected item's detail.
    fn read_window(&mut self, place: Place, ctx: &mut Ctx<'_>) -> Result<()> {
        let page = table_rows(areas(ctx.body).table).max(1);
        let listing = self.listing();
        let store = &*ctx.store;
        let (rows, selected) = match place {
            Place::Top => (
                store.listed_after(&listing, RankKey::FIRST, false, page)?,
                0,
            ),
            Place::Bottom => {
                let mut rows = store.listed_before(&listing, RankKey::LAST, page)?;
                rows.reverse();
                let last = rows.len().saturating_sub(1);
                (rows, last)
            }
            Place::From { top, row } => {
                let rows = store.listed_after(&listing, top, true, page)?;
                (rows, row)
            }
            Place::At { key, row } => {
                // The item at screen row `row` if there are enough rows
                // above it, and the screen filled from below otherwise.
                let mut above = store.listed_before(&listing, key, row.min(page - 1))?;
                let below = store.listed_after(&listing, key, true, page - above.len())?;
                if above.len() + below.len() < page {
                    let more = page - above.len() - below.len();
                    let from = above.last().map_or(key, |r| r.key);
                    above.extend(store.listed_before(&listing, from, more)?);
                }
                let selected = above.len();
                above.reverse();
                above.extend(below);
                (above, selected)
            }
        };
        self.ranks = self.ranks_of(&listing, &rows, store)?;
        self.rows = rows;
        self.selected = selected.min(self.rows.len().saturating_sub(1));
        self.max_score = store
            .listed_after(&listing, RankKey::FIRST, false, 1)?
            .first()
            .map_or(0.0, |r| r.item.score());
        self.shown = count(store, &listing)?;
        self.has_items = !self.rows.is_empty() || !store.backlog_is_empty()?;
        self.load_history(ctx);
        Ok(())
    }

    /// The ranks of `rows` (in ranking order): counted near them, or from
    /// the anchors when they are in step. When neither tells them within
    /// [`RANK_BUDGET`] rows, they are pending (shown as `…`) while a
    /// thread reads the anchors: a key's frame never counts a million rows.
    fn ranks_of(
        &mut self,
        listing: &Listing,
        rows: &[Ranked],
        store: &crate::store::Store,
    ) -> Result<Vec<Option<u64>>> {
        let stamp = store.change_stamp()?;
        let anchors = match &self.anchors {
            Anchors::Ready { anchors, stamp: at } if *at == stamp => Some(anchors),
            _ => None,
        };
        if let Some(ranks) = store.open_ranks_near(listing, rows, anchors, RANK_BUDGET)? {
            self.ranks_pending = false;
            return Ok(ranks);
        }
        if store.in_memory() {
            // No other connection can open it: read the anchors here.
            let anchors = store.rank_anchors(ANCHOR_EVERY)?;
            let ranks = store.open_ranks_near(listing, rows, Some(&anchors), RANK_BUDGET)?;
            self.anchors = Anchors::Ready { anchors, stamp };
            self.ranks_pending = false;
            return ranks.ok_or_else(|| color_eyre::eyre::eyre!("the ranks were not counted"));
        }
        if !matches!(&self.anchors, Anchors::Reading { stamp: at, .. } if *at == stamp) {
            self.anchors = Anchors::Reading {
                job: Job::start(store.path().to_path_buf(), |store| {
                    store.rank_anchors(ANCHOR_EVERY)
                }),
                stamp,
            };
        }
        self.ranks_pending = true;
        Ok(vec![None; rows.len()])
    }

    /// The anchors when they are in step with the file.
    fn anchors_in_step(&self, store: &crate::store::Store) -> Option<&RankAnchors> {
        match &self.anchors {
            Anchors::Ready { anchors, stamp } if store.change_stamp().ok() == Some(*stamp) => {
                Some(anchors)
            }
            _ => None,
        }
    }

    /// Before this pane writes item `id` (`None`: an item to add): what
    /// keeps the anchors in step with the write.
    fn before_write(&self, id: Option<&str>, store: &crate::store::Store) -> BeforeWrite {
        self.anchors_in_step(store)?;
        let stamp = store.change_stamp().ok()?;
        let place = match id {
            Some(id) => store.rank_place(id).ok()?,
            None => None,
        };
        Some((stamp, place))
    }

    /// After this pane wrote item `id`: the anchors move with it, or are
    /// dropped when another write came between.
    fn after_write(&mut self, before: BeforeWrite, id: &str, store: &crate::store::Store) {
        let Anchors::Ready { anchors, stamp } = &mut self.anchors else {
            return;
        };
        let moved = before.and_then(|(pre, from)| {
            let now = store.change_stamp().ok()?;
            (*stamp == pre && now.others_same_as(&pre)).then_some(())?;
            Some((now, from, store.rank_place(id).ok()?))
        });
        match moved {
            Some((now, from, to)) => {
                anchors.moved(from, to);
                *stamp = now;
            }
            None => self.anchors = Anchors::None,
        }
    }

    /// Whether a thread counts the listed rows or reads the anchors.
    pub fn is_counting(&self) -> bool {
        matches!(self.shown, Shown::Counting(_)) || matches!(self.anchors, Anchors::Reading { .. })
    }

    /// Takes the anchors of a thread that has finished: in step with the
    /// file, they give the pending ranks; else they are read again while
    /// ranks wait. Returns whether the table changed.
    fn poll_anchors(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let Anchors::Reading { job, stamp } = &self.anchors else {
            return false;
        };
        let Some(result) = job.finished() else {
            return false;
        };
        let stamp = *stamp;
        self.anchors = Anchors::None;
        let anchors = match result {
            Ok(anchors) => anchors,
            Err(e) => {
                ctx.status.error(format!("Could not count the ranks: {e}"));
                return true;
            }
        };
        match ctx.store.change_stamp() {
            Ok(now) if now == stamp => self.anchors = Anchors::Ready { anchors, stamp },
            Ok(_) => {}
            Err(e) => {
                ctx.status.failed("Could not count the ranks", &e);
                return true;
            }
        }
        if !self.ranks_pending {
            return false;
        }
        let listing = self.listing();
        let rows = std::mem::take(&mut self.rows);
        let ranks = self.ranks_of(&listing, &rows, ctx.store);
        self.rows = rows;
        match ranks {
            Ok(ranks) => self.ranks = ranks,
            Err(e) => ctx.status.failed("Could not count the ranks", &e),
        }
        true
    }

    /// Takes the count or the anchors of a thread that has finished;
    /// returns whether the screen changed.
    pub fn poll_count(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let anchors = self.poll_anchors(ctx);
        anchors | self.poll_shown(ctx.status)
    }

    /// Takes the count of a thread that has finished; returns whether the
    /// filter line changed.
    fn poll_shown(&mut self, status: &mut super::Status) -> bool {
        let Shown::Counting(counting) = &self.shown else {
            return false;
        };
        let Some(result) = counting.finished() else {
            return false;
        };
        self.shown = match result {
            Ok(n) => Shown::Counted(n),
            Err(e) => {
                status.error(format!("Could not count the listed items: {e}"));
                Shown::Failed
            }
        };
        true
    }

    /// Reads the window again after any change, keeping the item `keep`
    /// selected where it was on screen when it is still listed, else the
    /// same place in the ranking.
    fn rebuild(&mut self, keep: Option<&str>, ctx: &mut Ctx<'_>) {
        let place = self.place_keeping(keep, ctx);
        if let Err(e) = self.read_window(place, ctx) {
            ctx.status.failed("Could not read the backlog", &e);
        }
    }

    fn place_keeping(&self, keep: Option<&str>, ctx: &mut Ctx<'_>) -> Place {
        let row = self.selected;
        if let Some(id) = keep {
            // Read whole and checked against the filter: a read from its
            // key would walk on past it when it is no longer listed.
            match (ctx.store.rank_key(id), ctx.store.item(id)) {
                (Ok(Some(key)), Ok(Some(item))) => {
                    if self.listing().lists(&item) {
                        return Place::At { key, row };
                    }
                }
                (Ok(_), Ok(_)) => {}
                (Err(e), _) | (_, Err(e)) => ctx.status.failed("Could not read the backlog", &e),
            }
        }
        match self.rows.first() {
            Some(first) => Place::From {
                top: first.key,
                row,
            },
            None => Place::Top,
        }
    }

    fn load_history(&mut self, ctx: &mut Ctx<'_>) {
        let id = self.selected_item().map(|i| i.id.clone());
        self.detail = match &id {
            Some(id) => ctx.store.item(id).unwrap_or_else(|e| {
                ctx.status.failed("Could not read the item", &e);
                None
            }),
            None => None,
        };
        let (history, evidence) = match id {
            Some(id) => (
                ctx.store.score_history(&id),
                if self.evidence_counts.contains_key(&id) {
                    ctx.store.item_evidence(&id)
                } else {
                    Ok(Vec::new())
                },
            ),
            None => (Ok(Vec::new()), Ok(Vec::new())),
        };
        self.history = history.unwrap_or_else(|e| {
            ctx.status.failed("Could not read the score history", &e);
            Vec::new()
        });
        self.evidence = evidence.unwrap_or_else(|e| {
            ctx.status.failed("Could not read the evidence", &e);
            Vec::new()
        });
    }

    /// Reads the backlog again after another pane changed it (a promotion),
    /// keeping `keep` selected.
    pub fn reload_from_store(&mut self, keep: Option<&str>, ctx: &mut Ctx<'_>) {
        match ctx.store.evidence_counts() {
            Ok(counts) => self.evidence_counts = counts,
            Err(e) => ctx
                .status
                .error(format!("Could not read the evidence: {e}")),
        }
        self.rebuild(keep, ctx);
    }

    /// Moves the selection `delta` rows, reading the rows that come on
    /// screen; the screen scrolls only as far as the selection leaves it.
    fn step(&mut self, delta: i64, ctx: &mut Ctx<'_>) {
        let page = table_rows(areas(ctx.body).table).max(1);
        let target = self.selected as i64 + delta;
        let before = self.selected_item().map(|i| i.id.clone());
        let result = if target >= 0 && (target as usize) < self.rows.len() {
            self.selected = target as usize;
            Ok(())
        } else {
            self.scroll_to(target, page, ctx)
        };
        if let Err(e) = result {
            ctx.status.failed("Could not read the backlog", &e);
        }
        if self.selected_item().map(|i| i.id.clone()) != before {
            self.load_history(ctx);
        }
    }

    /// Brings row `target` (counted from the first row on screen) on
    /// screen: below it, at the last screen row; above it, at the first.
    fn scroll_to(&mut self, target: i64, page: usize, ctx: &mut Ctx<'_>) -> Result<()> {
        let listing = self.listing();
        let store = &*ctx.store;
        let mut rows = std::mem::take(&mut self.rows);
        let mut selected;
        if target >= 0 {
            let missing = target as usize + 1 - rows.len();
            let from = rows.last().map_or(RankKey::FIRST, |r| r.key);
            rows.extend(store.listed_after(&listing, from, false, missing)?);
            selected = (target as usize).min(rows.len().saturating_sub(1));
            let first = (selected + 1).saturating_sub(page);
            rows.drain(..first);
            selected -= first;
        } else {
            let missing = target.unsigned_abs() as usize;
            let from = rows.first().map_or(RankKey::LAST, |r| r.key);
            let mut above = store.listed_before(&listing, from, missing)?;
            selected = 0;
            above.reverse();
            above.extend(rows);
            rows = above;
            rows.truncate(page);
        }
        // A short screen after reaching the end: fill it from above.
        if rows.len() < page
            && let Some(first) = rows.first().map(|r| r.key)
        {
            let mut above = store.listed_before(&listing, first, page - rows.len())?;
            selected += above.len();
            above.reverse();
            above.extend(rows);
            rows = above;
        }
        self.ranks = self.ranks_of(&listing, &rows, store)?;
        self.rows = rows;
        self.selected = selected;
        Ok(())
    }

    fn go(&mut self, place: Place, ctx: &mut Ctx<'_>) {
        if let Err(e) = self.read_window(place, ctx) {
            ctx.status.failed("Could not read the backlog", &e);
        }
    }

    /// Saves a patch to the selected item and reports what changed.
    fn save_patch(&mut self, id: &str, patch: &ItemPatch, ctx: &mut Ctx<'_>) -> bool {
        let edit = ItemEdit {
            item: patch.clone(),
            ..Default::default()
        };
        self.write_edit(id, &edit, ctx)
    }

    /// The edit form's save: checks its changed fields against the item as
    /// stored now. Fields changed elsewhere that the form left alone stay as
    /// they are; a field changed both here and elsewhere opens the conflict
    /// dialog with both values; no change writes nothing.
    fn save_edit(&mut self, original: Item, edit: ItemEdit, ctx: &mut Ctx<'_>) {
        let current = match ctx.store.item(&original.id) {
            Ok(Some(current)) => current,
            Ok(None) => {
                self.overlay = None;
                ctx.status.error(format!(
                    "'{}' was deleted elsewhere: nothing saved",
                    original.title
                ));
                return;
            }
            Err(e) => return ctx.status.failed("Not saved", &e),
        };
        let (edit, conflicts) = match reconcile(&edit, &original, &current) {
            Ok(found) => found,
            Err(e) => return ctx.status.error(format!("Not saved: {e}")),
        };
        if conflicts.is_empty() {
            if edit.is_empty() {
                self.overlay = None;
                ctx.status
                    .info(format!("No change to '{}': nothing written", current.title));
            } else if self.write_edit(&original.id, &edit, ctx) {
                self.overlay = None;
            }
            return;
        }
        let Some(Overlay::Form { form, .. }) = self.overlay.take() else {
            return;
        };
        let labels: Vec<&str> = conflicts.iter().map(|c| c.field.label()).collect();
        ctx.status.info(format!(
            "{} changed elsewhere: m keeps mine, t takes theirs, Esc goes back",
            labels.join(", ")
        ));
        self.overlay = Some(Overlay::Conflict {
            dialog: ConflictDialog::new(
                format!("Changed elsewhere — {}", terminal_line(&current.title)),
                conflicts
                    .iter()
                    .map(|c| ConflictRow {
                        label: c.field.label(),
                        mine: c.mine.clone(),
                        theirs: c.theirs.clone(),
                    })
                    .collect(),
            ),
            form,
            original: Box::new(original),
            edit,
            conflicts: conflicts.iter().map(|c| c.field).collect(),
        });
    }

    /// Writes an edit of an item and reports what changed.
    fn write_edit(&mut self, id: &str, edit: &ItemEdit, ctx: &mut Ctx<'_>) -> bool {
        let before = self.known_item(id).cloned();
        let tracked = self.before_write(Some(id), ctx.store);
        match ctx
            .store
            .update_item_with(id, &edit.item, &edit.roadmap, ctx.clock.now())
        {
            Ok(item) => {
                self.after_write(tracked, &item.id, ctx.store);
                let message = describe_update(before.as_ref(), &item);
                let id = item.id.clone();
                self.rebuild(Some(&id), ctx);
                let note = self.rank_note(&id, ctx.store);
                ctx.status.info(format!("{message}{note}"));
                true
            }
            Err(e) => {
                ctx.status.failed("Not saved", &e);
                false
            }
        }
    }

    /// Adds an item with the roadmap fields the form gave, in one write.
    fn add_item(
        &mut self,
        new: &crate::domain::backlog::NewItem,
        roadmap: &crate::domain::roadmap::RoadmapPatch,
        ctx: &mut Ctx<'_>,
    ) -> Result<Item> {
        ctx.store.add_item_with(new, roadmap, ctx.clock.now())
    }

    /// Where an item now ranks, or why it left the list.
    fn rank_note(&self, id: &str, store: &crate::store::Store) -> String {
        if let Some(pos) = self.rows.iter().position(|r| r.item.id == id) {
            return match self.ranks.get(pos) {
                Some(Some(r)) => format!(" — now #{r}"),
                _ => String::new(),
            };
        }
        let Ok(Some(key)) = store.rank_key(id) else {
            return String::new();
        };
        let closed = self.known_item(id).is_some_and(|i| i.lane.is_closed());
        if closed {
            return " — hidden: s shows done and killed".to_string();
        }
        let everything = Listing::new(&Filter::default(), false);
        let row = store
            .listed_after(&everything, key, true, 1)
            .unwrap_or_default();
        let anchors = self.anchors_in_step(store);
        match store.open_ranks_near(&everything, &row, anchors, RANK_BUDGET) {
            Ok(Some(ranks)) => match ranks.first() {
                Some(Some(r)) => format!(" — #{r}, hidden by the filter"),
                _ => " — hidden: s shows done and killed".to_string(),
            },
            Ok(None) => " — hidden by the filter".to_string(),
            Err(_) => String::new(),
        }
    }

    pub fn update(&mut self, action: BacklogAction, ctx: &mut Ctx<'_>) {
        use BacklogAction as A;
        let page = table_rows(areas(ctx.body).table).max(1);
        match action {
            A::Down => self.step(1, ctx),
            A::Up => self.step(-1, ctx),
            A::PageDown => self.step(page as i64, ctx),
            A::PageUp => self.step(-(page as i64), ctx),
            A::Top => self.go(Place::Top, ctx),
            A::Bottom => self.go(Place::Bottom, ctx),
            A::ClickRow(row) => {
                if row < self.rows.len() && row != self.selected {
                    self.selected = row;
                    self.load_history(ctx);
                }
            }
            A::Scroll(delta) => self.step(i64::from(delta), ctx),
            A::Add => {
                self.overlay = Some(Overlay::Form {
                    form: item_form::backlog_form(None),
                    editing: None,
                })
            }
            A::LoadExamples if self.has_items => {
                self.overlay = Some(Overlay::LoadExamples {
                    choice: confirm(
                        "Load the seed's demo into this file? It adds example items, \
                         metrics, an impact map and research sessions that count in \
                         the research cadence."
                            .to_string(),
                    ),
                })
            }
            A::LoadExamples | A::ConfirmLoadExamples => {
                // The same demo as `fieldkit demo`, in one transaction.
                self.overlay = None;
                let now = ctx.clock.now();
                let today = now.to_zoned_datetime(self.zone.clone()).date();
                match ctx.store.load_demo(today, &self.zone, now) {
                    Ok(loaded) => {
                        ctx.status.info(format!(
                            "Loaded {} of {} examples{}, metrics, impact map, research",
                            loaded.items,
                            loaded.items_offered,
                            if loaded.items < loaded.items_offered {
                                " (rest already here)"
                            } else {
                                ""
                            }
                        ));
                        let keep = self.selected_item().map(|i| i.id.clone());
                        self.rebuild(keep.as_deref(), ctx);
                    }
                    Err(e) => ctx.status.failed("Not loaded", &e),
                }
            }
            A::ToggleClosed => {
                self.show_closed = !self.show_closed;
                let keep = self.selected_item().map(|i| i.id.clone());
                self.rebuild(keep.as_deref(), ctx);
                ctx.status.info(if self.show_closed {
                    "Showing done and killed items"
                } else {
                    "Hiding done and killed items"
                });
            }
            A::Filter => {
                let mut input =
                    LineInput::new(&self.filter_text).with_placeholder("words, lane:now, tag:ci");
                input.set_cursor_visible(true);
                self.filter_input = Some(input);
            }
            A::ClearFilter => {
                self.clear_filter(ctx);
            }
            A::FilterChanged(text) => self.set_filter(text, ctx),
            A::Create(new, roadmap) => {
                let tracked = self.before_write(None, ctx.store);
                let added = self.add_item(&new, &roadmap, ctx);
                match added.map(|item| (tracked, item)) {
                    Ok((tracked, item)) => {
                        self.after_write(tracked, &item.id, ctx.store);
                        let (title, id) = (item.title.clone(), item.id.clone());
                        self.overlay = None;
                        self.rebuild(Some(&id), ctx);
                        let note = self.rank_note(&id, ctx.store);
                        ctx.status.info(format!("Added '{title}'{note}"));
                    }
                    Err(e) => ctx.status.failed("Not saved", &e),
                }
            }
            A::Patch { id, patch } => {
                if self.save_patch(&id, &patch, ctx) {
                    self.overlay = None;
                }
            }
            A::Save { original, edit } => self.save_edit(*original, *edit, ctx),
            A::Write { id, edit } => {
                if self.write_edit(&id, &edit, ctx) {
                    self.overlay = None;
                }
            }
            A::Note(note) => ctx.status.info(note),
            A::ConfirmDelete { id } => {
                self.overlay = None;
                let tracked = self.before_write(Some(&id), ctx.store);
                match ctx.store.delete_item(&id, ctx.clock.now()) {
                    Ok(()) => {
                        self.after_write(tracked, &id, ctx.store);
                        let title = self
                            .known_item(&id)
                            .map(|i| i.title.clone())
                            .unwrap_or_default();
                        self.rebuild(None, ctx);
                        ctx.status.info(
                            crate::domain::undelete::Deleted::Item(&id)
                                .message(&format!("'{title}'")),
                        );
                        self.deleted = Some(id);
                    }
                    Err(e) => ctx.status.failed("Not deleted", &e),
                }
            }
            A::Undelete => match self.deleted.take() {
                Some(id) => {
                    let tracked = self.before_write(Some(&id), ctx.store);
                    let back = ctx.store.undelete_item(&id);
                    match back.map(|item| (tracked, item)) {
                        Ok((tracked, item)) => {
                            self.after_write(tracked, &item.id, ctx.store);
                            self.rebuild(Some(&item.id), ctx);
                            ctx.status.info(format!("Brought back '{}'", item.title));
                        }
                        Err(e) => ctx.status.failed("Not brought back", &e),
                    }
                }
                None => ctx.status.info("Nothing deleted to bring back"),
            },
            A::Edit
            | A::ImpactUp
            | A::ImpactDown
            | A::ConfidenceUp
            | A::ConfidenceDown
            | A::Reach
            | A::Effort
            | A::Lane
            | A::Kill
            | A::Delete => self.update_selected(action, ctx),
        }
    }

    /// The actions that need a selected item; the others are `update`'s.
    fn update_selected(&mut self, action: BacklogAction, ctx: &mut Ctx<'_>) {
        use BacklogAction as A;
        let Some(item) = self.selected_item().cloned() else {
            ctx.status.info("No item selected: press a to add one");
            return;
        };
        let id = item.id.clone();
        let rice = item.rice;
        match action {
            A::Edit => {
                // The table holds items without descriptions; edit it whole.
                let whole = self.detail.clone().filter(|d| d.id == id).unwrap_or(item);
                self.overlay = Some(Overlay::Form {
                    form: item_form::backlog_form(Some(&whole)),
                    editing: Some(Box::new(whole)),
                })
            }
            A::ImpactUp | A::ImpactDown => {
                let impact = if action == A::ImpactUp {
                    rice.impact.up()
                } else {
                    rice.impact.down()
                };
                if impact == rice.impact {
                    ctx.status
                        .info(format!("Impact is already {} ({})", impact, impact.name()));
                } else {
                    self.save_patch(
                        &id,
                        &ItemPatch {
                            impact: Some(impact),
                            ..Default::default()
                        },
                        ctx,
                    );
                }
            }
            A::ConfidenceUp | A::ConfidenceDown => {
                let confidence = if action == A::ConfidenceUp {
                    rice.confidence.up()
                } else {
                    rice.confidence.down()
                };
                if confidence == rice.confidence {
                    ctx.status
                        .info(format!("Confidence is already {confidence}"));
                } else {
                    self.save_patch(
                        &id,
                        &ItemPatch {
                            confidence: Some(confidence),
                            ..Default::default()
                        },
                        ctx,
                    );
                }
            }
            A::Reach => {
                self.overlay = Some(Overlay::Reach {
                    prompt: Prompt::new(
                        format!("Reach — {}", terminal_line(&item.title)),
                        &rice.reach.to_string(),
                        format!(
                            "developers (or teams) affected per quarter, {}",
                            Reach::allowed()
                        ),
                    ),
                    id,
                })
            }
            A::Effort => {
                self.overlay = Some(Overlay::Effort {
                    prompt: Prompt::new(
                        format!("Effort — {}", terminal_line(&item.title)),
                        &rice.effort.to_string(),
                        Effort::allowed(),
                    ),
                    id,
                })
            }
            A::Lane => {
                let names = Lane::ALL.iter().map(|l| l.name().to_string()).collect();
                let current = Lane::ALL.iter().position(|l| *l == item.lane).unwrap_or(0);
                self.overlay = Some(Overlay::Lane {
                    picker: Picker::new(
                        format!("Lane — {}", terminal_line(&item.title)),
                        names,
                        current,
                    ),
                    id,
                })
            }
            A::Kill => self.open_kill(item.title.clone(), id),
            A::Delete => {
                self.overlay = Some(Overlay::Delete {
                    id,
                    choice: confirm(format!(
                        "Delete '{}' and its score history? u brings it back.",
                        terminal_line(&item.title)
                    )),
                })
            }
            A::Down
            | A::Up
            | A::PageDown
            | A::PageUp
            | A::Top
            | A::Bottom
            | A::ClickRow(_)
            | A::Scroll(_)
            | A::Add
            | A::ToggleClosed
            | A::Filter
            | A::ClearFilter
            | A::FilterChanged(_)
            | A::LoadExamples
            | A::ConfirmLoadExamples
            | A::Create(..)
            | A::Patch { .. }
            | A::ConfirmDelete { .. }
            | A::Undelete
            | A::Save { .. }
            | A::Write { .. }
            | A::Note(_) => self.update(action, ctx),
        }
    }

    fn open_kill(&mut self, title: String, id: String) {
        self.overlay = Some(Overlay::KillReason {
            prompt: Prompt::new(
                format!("Kill — {}", terminal_line(&title)),
                "",
                "why is this not worth building? (required)",
            ),
            id,
        });
    }

    fn set_filter(&mut self, text: String, ctx: &mut Ctx<'_>) {
        match Filter::parse(&text) {
            Ok(filter) => {
                self.filter = filter;
                self.filter_text = text;
                self.filter_error = None;
                let keep = self.selected_item().map(|i| i.id.clone());
                self.rebuild(keep.as_deref(), ctx);
            }
            Err(e) => self.filter_error = Some(e.message),
        }
    }

    /// Esc on the list: clears an active filter.
    pub fn clear_filter(&mut self, ctx: &mut Ctx<'_>) -> bool {
        if self.filter.is_empty() {
            return false;
        }
        self.set_filter(String::new(), ctx);
        ctx.status.info("Filter cleared");
        true
    }
}

impl Pane for BacklogPane {
    fn bindings(&self) -> Vec<&'static [Binding<Action>]> {
        self.tables()
    }

    fn modal_help(&self) -> Option<HelpGroup> {
        self.help_of_modal()
    }

    fn modal_key(
        &mut self,
        key: crossterm::event::KeyEvent,
        _body: ratatui::layout::Rect,
    ) -> KeyResult {
        self.key_in_modal(key)
    }

    fn paste(&mut self, text: &str) -> Option<Action> {
        self.paste_in_modal(text)
    }

    fn has_unsaved_input(&self) -> bool {
        matches!(
            self.overlay,
            Some(
                Overlay::Form { .. }
                    | Overlay::Conflict { .. }
                    | Overlay::Reach { .. }
                    | Overlay::Effort { .. }
                    | Overlay::KillReason { .. }
            )
        )
    }

    fn click(&self, body: ratatui::layout::Rect, at: ratatui::layout::Position) -> Option<Action> {
        if self.overlay.is_some() || self.filter_input.is_some() {
            return None;
        }
        let table = areas(body).table;
        // The first row of the table is its header.
        (table.contains(at) && at.y > table.y)
            .then(|| Action::Backlog(BacklogAction::ClickRow(usize::from(at.y - table.y - 1))))
    }

    fn scroll(&self, step: i32) -> Action {
        Action::Backlog(BacklogAction::Scroll(step))
    }

    /// Fills the screen again after the terminal changed size, keeping
    /// the selection.
    fn resized(&mut self, ctx: &mut Ctx<'_>) {
        let keep = self.selected_item().map(|i| i.id.clone());
        self.rebuild(keep.as_deref(), ctx);
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        let keep = self.selected_item().map(|i| i.id.clone());
        self.reload_from_store(keep.as_deref(), ctx);
    }

    fn render(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
        view: &View<'_>,
    ) {
        self.draw(area, buf, view.theme, view.zone);
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

/// How many rows `listing` shows: at once when that is quick (or the file
/// is in memory), else counted on a thread of its own.
fn count(store: &crate::store::Store, listing: &Listing) -> Result<Shown> {
    if let Some(n) = store.listed_count_quick(listing, SHOWN_CAP, QUICK_COUNT)? {
        return Ok(Shown::Counted(n));
    }
    if store.in_memory() {
        return Ok(Shown::Counted(store.listed_count(listing, SHOWN_CAP)?));
    }
    let listing = listing.clone();
    Ok(Shown::Counting(Job::start(
        store.path().to_path_buf(),
        move |store| store.listed_count(&listing, SHOWN_CAP),
    )))
}

/// An item read whole for the detail panel, or else in the rows on screen.
fn known_in<'a>(detail: Option<&'a Item>, rows: &'a [Ranked], id: &str) -> Option<&'a Item> {
    detail
        .filter(|d| d.id == id)
        .or_else(|| rows.iter().map(|r| &r.item).find(|i| i.id == id))
}

/// "Faster CI pipelines: impact 2 → 3, score 160.0 → 240.0".
fn describe_update(before: Option<&Item>, after: &Item) -> String {
    let Some(before) = before else {
        return format!("Saved '{}'", after.title);
    };
    let mut parts = Vec::new();
    let rice = crate::domain::backlog::describe_rice_change(&before.rice, &after.rice);
    if !rice.is_empty() {
        parts.push(rice);
        parts.push(format!(
            "score {} → {}",
            format_score(before.score()),
            format_score(after.score())
        ));
    }
    if before.lane != after.lane {
        parts.push(format!("lane {} → {}", before.lane, after.lane));
    }
    if parts.is_empty() {
        format!("Saved '{}'", after.title)
    } else {
        format!("{}: {}", after.title, parts.join(", "))
    }
}
