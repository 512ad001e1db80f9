//! The Synthesis pane: research → evidence → score. Pain points, surprises,
//! assumptions and actions, each linked to the quotes and events behind
//! them; an action or pain point becomes a backlog item that keeps those
//! links.

pub mod keys;
mod render;

use super::backlog::item_form;
use super::{Ctx, KeyResult, Pane, View};
use crate::domain::synthesis::{
    Entry, Evidence, Section, SourceKind, Synthesis, Verdict, confidence_hint, tally,
};
use crate::domain::time::local_date;
use crate::formats::synthesis_notes;
use crate::tui::action::Action;
use crate::tui::action::SynthesisAction;
use crate::tui::keymap::{Binding, HelpGroup};
use crate::tui::widgets::checklist::Checklist;
use crate::tui::widgets::confirm::{Answer, Choice, confirm};
use crate::tui::widgets::document::Document;
use crate::tui::widgets::editor::Editor;
use crate::tui::widgets::form::Form;
use crate::tui::widgets::list::{ListView, Move};
use crate::tui::widgets::prompt::Prompt;
use color_eyre::eyre::Result;
use crossterm::event::{KeyCode, KeyEvent};
use std::time::Duration;

const SAVE_AFTER: Duration = Duration::from_secs(1);

/// A line of the entries list: a section's heading or one of its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Heading(Section),
    Entry(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    Entries,
    Sources,
}

/// The multi-line editor of an entry; a new entry is stored on its first
/// save with text.
#[derive(Debug)]
struct EntryEditor {
    entry_id: Option<String>,
    section: Section,
    text: Editor,
    dirty_since: Option<Duration>,
}

#[derive(Debug)]
struct Open {
    synthesis: Synthesis,
    /// What the sources hold that can become evidence.
    candidates: Vec<Evidence>,
    rows: Vec<Row>,
    cursor: usize,
    focus: Focus,
    source_cursor: usize,
    editor: Option<EntryEditor>,
    /// The entry just deleted, which `u` brings back.
    deleted_entry: Option<String>,
}

impl Open {
    fn new(synthesis: Synthesis, candidates: Vec<Evidence>) -> Self {
        let mut open = Self {
            synthesis,
            candidates,
            rows: Vec::new(),
            cursor: 0,
            focus: Focus::Entries,
            source_cursor: 0,
            editor: None,
            deleted_entry: None,
        };
        open.rebuild_rows(None);
        open
    }

    /// The rows from the entries, keeping the cursor on `keep` if given.
    fn rebuild_rows(&mut self, keep: Option<&str>) {
        self.rows = Section::ALL
            .into_iter()
            .flat_map(|section| {
                std::iter::once(Row::Heading(section)).chain(
                    self.synthesis
                        .entries
                        .iter()
                        .enumerate()
                        .filter(move |(_, e)| e.section == section)
                        .map(|(i, _)| Row::Entry(i)),
                )
            })
            .collect();
        if let Some(id) = keep
            && let Some(pos) = self.rows.iter().position(|r| match r {
                Row::Entry(i) => self.synthesis.entries[*i].id == id,
                Row::Heading(_) => false,
            })
        {
            self.cursor = pos;
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    fn selected_entry(&self) -> Option<&Entry> {
        match self.rows.get(self.cursor) {
            Some(Row::Entry(i)) => self.synthesis.entries.get(*i),
            _ => None,
        }
    }

    /// The section the cursor is in.
    fn section(&self) -> Section {
        self.rows[..=self.cursor.min(self.rows.len().saturating_sub(1))]
            .iter()
            .rev()
            .find_map(|r| match r {
                Row::Heading(s) => Some(*s),
                Row::Entry(i) => self.synthesis.entries.get(*i).map(|e| e.section),
            })
            .unwrap_or(Section::PainPoint)
    }
}

// At most one overlay exists at a time, so its size costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Overlay {
    /// Step one of a new synthesis: its title.
    Title(Prompt),
    /// Step two: which interviews and sessions it draws on.
    Sources {
        title: String,
        /// What each option of the list is.
        options: Vec<(SourceKind, String)>,
        list: Checklist,
        error: Option<String>,
    },
    Delete {
        entry_id: String,
        choice: Choice<Answer>,
    },
    DeleteSynthesis {
        id: String,
        choice: Choice<Answer>,
    },
    Promote {
        form: Form,
        entry_id: String,
    },
    View(Document),
}

#[derive(Debug)]
pub struct SynthesisPane {
    /// Every synthesis: id, title, created — newest first.
    syntheses: Vec<(String, String, String)>,
    /// Which synthesis is selected, and the `/` filter over them.
    list: ListView,
    open: Option<Open>,
    overlay: Option<Overlay>,
    /// The synthesis just deleted from the list, which `u` brings back.
    deleted: Option<String>,
    zone: jiff::tz::TimeZone,
}

impl SynthesisPane {
    pub fn load(ctx: &mut Ctx<'_>, zone: jiff::tz::TimeZone) -> Result<Self> {
        Ok(Self {
            syntheses: ctx.store.syntheses()?,
            list: ListView::default(),
            open: None,
            overlay: None,
            deleted: None,
            zone,
        })
    }

    /// Positions of the syntheses the filter lets through.
    fn listed(&self) -> Vec<usize> {
        self.list
            .visible(self.syntheses.iter().map(|(_, title, _)| title))
    }

    /// The message line while the list is filtered.
    pub fn render_filter_line(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
        theme: crate::tui::theme::Theme,
    ) -> bool {
        self.open.is_none()
            && self
                .list
                .render_filter_line(area, buf, theme, self.listed().len())
    }

    /// Whether an edit waits to be saved (the app then ticks).
    fn has_pending_edit(&self) -> bool {
        self.open
            .as_ref()
            .and_then(|o| o.editor.as_ref())
            .is_some_and(|e| e.dirty_since.is_some())
    }

    fn autosave(&mut self, ctx: &mut Ctx<'_>) {
        let now = ctx.clock.monotonic();
        let rested = self
            .open
            .as_ref()
            .and_then(|o| o.editor.as_ref())
            .and_then(|e| e.dirty_since)
            .is_some_and(|since| now.saturating_sub(since) >= SAVE_AFTER);
        if rested {
            self.save_editor(ctx);
        }
    }

    fn reload_open(&mut self, keep: Option<&str>, ctx: &mut Ctx<'_>) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        match ctx.store.synthesis(&open.synthesis.id) {
            Ok(Some(s)) => {
                open.synthesis = s;
                open.rebuild_rows(keep);
            }
            Ok(None) => self.open = None,
            Err(e) => ctx
                .status
                .error(format!("Could not read the synthesis: {e:#}")),
        }
    }

    fn open_synthesis(&mut self, id: &str, ctx: &mut Ctx<'_>) {
        let loaded = ctx
            .store
            .synthesis(id)
            .and_then(|s| Ok((s, ctx.store.synthesis_candidates(id)?)));
        match loaded {
            Ok((Some(s), candidates)) => self.open = Some(Open::new(s, candidates)),
            Ok((None, _)) => ctx.status.error("That synthesis is gone"),
            Err(e) => ctx.status.failed("Could not read it", &e),
        }
    }

    pub fn update(&mut self, action: SynthesisAction, ctx: &mut Ctx<'_>) {
        use SynthesisAction as A;
        let is_open = self.open.is_some();
        match action {
            A::NewSynthesis => {
                self.overlay = Some(Overlay::Title(
                    Prompt::new(
                        "New synthesis — its title",
                        "",
                        "e.g. Deploy experience, November; next you pick its sources",
                    )
                    .with_table(keys::TITLE),
                ))
            }
            A::Down | A::Up | A::Top | A::Bottom | A::Scroll(_) | A::ClickRow(_) if !is_open => {
                let to = match action {
                    A::Down => Move::Down,
                    A::Up => Move::Up,
                    A::Top => Move::By(i32::MIN),
                    A::Bottom => Move::By(i32::MAX),
                    A::Scroll(d) => Move::By(d),
                    A::ClickRow(r) => Move::Row(r),
                    _ => return,
                };
                let rows = ctx.body.height.saturating_sub(render::LIST_TOP) as usize;
                self.list.move_by(to, &self.listed(), rows);
            }
            A::Down | A::Up | A::Top | A::Bottom | A::Scroll(_) | A::ClickRow(_) => {
                self.navigate(action)
            }
            A::Open => {
                let selected = self.list.selected(&self.listed());
                match selected
                    .and_then(|i| self.syntheses.get(i))
                    .map(|(id, _, _)| id.clone())
                {
                    Some(id) => self.open_synthesis(&id, ctx),
                    None => ctx.status.info("No syntheses here: press n to start one"),
                }
            }
            A::Filter => self.list.open_filter(),
            A::DeleteSynthesis => {
                let selected = self.list.selected(&self.listed());
                match selected.and_then(|i| self.syntheses.get(i)) {
                    Some((id, title, _)) => {
                        self.overlay = Some(Overlay::DeleteSynthesis {
                            id: id.clone(),
                            choice: confirm(format!(
                                "Delete the synthesis '{title}' and its entries? The quotes and events stay in their sources; promoted items stay on the backlog. u brings it back."
                            )),
                        })
                    }
                    None => ctx.status.info("No syntheses to delete"),
                }
            }
            A::ConfirmDeleteSynthesis { id } => {
                self.overlay = None;
                let title = self
                    .syntheses
                    .iter()
                    .find(|(s, _, _)| *s == id)
                    .map(|(_, title, _)| title.clone())
                    .unwrap_or_default();
                match ctx.store.delete_synthesis(&id, ctx.clock.now()) {
                    Ok(()) => {
                        ctx.status.info(
                            crate::domain::undelete::Deleted::Synthesis(&id)
                                .message(&format!("the synthesis '{title}'")),
                        );
                        self.syntheses = ctx.store.syntheses().unwrap_or_default();
                        if self.open.as_ref().is_some_and(|o| o.synthesis.id == id) {
                            self.open = None;
                        }
                        self.deleted = Some(id);
                    }
                    Err(e) => ctx.status.failed("Not deleted", &e),
                }
            }
            A::UndeleteSynthesis => match self.deleted.take() {
                Some(id) => match ctx.store.undelete_synthesis(&id) {
                    Ok(synthesis) => {
                        ctx.status
                            .info(format!("Brought back the synthesis '{}'", synthesis.title));
                        self.syntheses = ctx.store.syntheses().unwrap_or_default();
                        if let Some(position) = self.syntheses.iter().position(|(s, _, _)| *s == id)
                        {
                            let listed = self.listed();
                            self.list.select(position, &listed);
                        }
                    }
                    Err(e) => ctx.status.failed("Not brought back", &e),
                },
                None => ctx.status.info("Nothing deleted to bring back"),
            },
            A::ClearFilter => {
                if self.list.clear_filter() {
                    ctx.status.info("Filter cleared");
                }
            }
            A::Back => self.open = None,
            A::TitleEntered(title) => self.offer_sources(title, ctx),
            A::Create { title, sources } => self.create(&title, &sources, ctx),
            A::EntryChanged => {
                let now = ctx.clock.monotonic();
                if let Some(editor) = self.open.as_mut().and_then(|o| o.editor.as_mut()) {
                    editor.dirty_since.get_or_insert(now);
                }
            }
            A::CloseEditor => {
                let id = self.save_editor(ctx);
                if let Some(open) = self.open.as_mut() {
                    open.editor = None;
                }
                self.reload_open(id.as_deref(), ctx);
            }
            A::ConfirmDelete { entry_id } => {
                self.overlay = None;
                match ctx.store.delete_entry(&entry_id, ctx.clock.now()) {
                    Ok(()) => {
                        ctx.status
                            .info("Entry deleted (u undoes); the quotes it linked are untouched");
                        if let Some(open) = self.open.as_mut() {
                            open.deleted_entry = Some(entry_id);
                        }
                        self.reload_open(None, ctx);
                    }
                    Err(e) => ctx.status.failed("Not deleted", &e),
                }
            }
            A::UndeleteEntry => match self.open.as_mut().and_then(|o| o.deleted_entry.take()) {
                Some(entry_id) => match ctx.store.undelete_entry(&entry_id) {
                    Ok(()) => {
                        ctx.status
                            .info("Brought back the entry with its linked quotes");
                        self.reload_open(Some(&entry_id), ctx);
                    }
                    Err(e) => ctx.status.failed("Not brought back", &e),
                },
                None => ctx.status.info("Nothing deleted to bring back"),
            },
            A::PromoteEntry { entry_id, new } => self.promote(&entry_id, &new, ctx),
            A::FocusSources
            | A::FocusEntries
            | A::ClickEntry(_)
            | A::ClickSource(_)
            | A::Add
            | A::Edit
            | A::Delete
            | A::MoveUp
            | A::MoveDown
            | A::Validated
            | A::Contradicted
            | A::LinkQuote
            | A::Promote
            | A::Tally
            | A::View
                if !is_open =>
            {
                ctx.status
                    .info("Open a synthesis first (Enter), or n for a new one")
            }
            A::ClickEntry(row) => {
                if let Some(open) = self.open.as_mut() {
                    open.focus = Focus::Entries;
                    open.cursor = row.min(open.rows.len().saturating_sub(1));
                }
            }
            A::ClickSource(i) => {
                if let Some(open) = self.open.as_mut() {
                    open.focus = Focus::Sources;
                    open.source_cursor = i.min(open.candidates.len().saturating_sub(1));
                }
            }
            A::FocusSources => self.set_focus(Focus::Sources),
            A::FocusEntries => self.set_focus(Focus::Entries),
            A::Add => {
                if let Some(open) = self.open.as_mut() {
                    let section = open.section();
                    open.editor = Some(EntryEditor {
                        entry_id: None,
                        section,
                        text: Editor::new(""),
                        dirty_since: None,
                    });
                }
            }
            A::Edit => {
                if let Some(open) = self.open.as_mut() {
                    match open
                        .selected_entry()
                        .map(|e| (e.id.clone(), e.section, e.text.clone()))
                    {
                        Some((id, section, text)) => {
                            open.editor = Some(EntryEditor {
                                entry_id: Some(id),
                                section,
                                text: Editor::new(&text),
                                dirty_since: None,
                            })
                        }
                        None => ctx.status.info("a adds an entry to this section"),
                    }
                }
            }
            A::Delete => match self.selected_entry_id() {
                Some(entry_id) => {
                    self.overlay = Some(Overlay::Delete {
                        entry_id,
                        choice: confirm(
                            "Delete this entry? The quotes and events it links stay in their sources. u brings it back.",
                        ),
                    })
                }
                None => ctx.status.info("Select an entry to delete"),
            },
            A::MoveUp | A::MoveDown => self.move_entry(action == A::MoveUp, ctx),
            A::Validated | A::Contradicted => self.set_verdict(action == A::Validated, ctx),
            A::LinkQuote => self.link_quote(ctx),
            A::Promote => self.open_promote(ctx),
            A::Tally => self.open_tally(),
            A::View => {
                if let Some(open) = &self.open {
                    let text = synthesis_notes::render(&open.synthesis, &self.zone);
                    self.overlay = Some(Overlay::View(Document::new("Synthesis", &text)));
                }
            }
        }
    }

    /// Promotes an entry to the backlog; the form stays open on failure.
    fn promote(
        &mut self,
        entry_id: &str,
        new: &crate::domain::backlog::NewItem,
        ctx: &mut Ctx<'_>,
    ) {
        match ctx.store.promote_entry(entry_id, new, ctx.clock.now()) {
            Ok(item) => {
                self.overlay = None;
                let n = ctx
                    .store
                    .item_evidence(&item.id)
                    .map(|e| e.len())
                    .unwrap_or(0);
                let pieces = if n == 1 { "piece" } else { "pieces" };
                ctx.status.info(format!(
                    "'{}' is on the backlog with {n} {pieces} of evidence — 1 shows it",
                    item.title
                ));
                ctx.changed.backlog_item = Some(item.id);
                self.reload_open(Some(entry_id), ctx);
            }
            Err(e) => ctx.status.failed("Not promoted", &e),
        }
    }

    /// Step two of a new synthesis: the interviews and sessions to pick from.
    fn offer_sources(&mut self, title: String, ctx: &mut Ctx<'_>) {
        let (interviews, sessions) = match ctx
            .store
            .interviews()
            .and_then(|i| Ok((i, ctx.store.sessions()?)))
        {
            Ok(both) => both,
            Err(e) => {
                ctx.status.failed("Could not read the sources", &e);
                return;
            }
        };
        let mut options = Vec::new();
        let mut labels = Vec::new();
        for i in interviews {
            let who = if i.team.is_empty() {
                i.participant.clone()
            } else {
                format!("{} ({})", i.participant, i.team)
            };
            labels.push(format!(
                "interview  {}  {who}",
                local_date(&i.started_at, &self.zone)
            ));
            options.push((SourceKind::Interview, i.id));
        }
        for s in sessions {
            labels.push(format!(
                "shadowing  {}  {} — {}",
                local_date(&s.started_at, &self.zone),
                s.participant,
                s.workflow
            ));
            options.push((SourceKind::Shadowing, s.id));
        }
        if options.is_empty() {
            self.overlay = None;
            ctx.status
                .error("No interviews or shadowing sessions yet: run one first (3 or 2)");
            return;
        }
        self.overlay = Some(Overlay::Sources {
            title,
            options,
            list: Checklist::new(labels),
            error: None,
        });
    }

    /// Creates the synthesis (the interviews' assumptions come along, in
    /// the same transaction) and opens it.
    fn create(&mut self, title: &str, sources: &[(SourceKind, String)], ctx: &mut Ctx<'_>) {
        match ctx.store.create_synthesis(title, sources, ctx.clock.now()) {
            Ok(synthesis) => {
                self.overlay = None;
                self.syntheses = ctx.store.syntheses().unwrap_or_default();
                self.list.clear_filter();
                self.list.select(0, &self.listed());
                self.open_synthesis(&synthesis.id, ctx);
                ctx.status
                    .info("→ sources · Q links the selected quote · a adds an entry · b promotes");
            }
            Err(e) => ctx.status.failed("Not created", &e),
        }
    }

    fn selected_entry_id(&self) -> Option<String> {
        self.open
            .as_ref()
            .and_then(Open::selected_entry)
            .map(|e| e.id.clone())
    }

    fn set_focus(&mut self, focus: Focus) {
        if let Some(open) = self.open.as_mut() {
            open.focus = focus;
        }
    }

    fn navigate(&mut self, action: SynthesisAction) {
        use SynthesisAction as A;
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let (cursor, len) = match open.focus {
            Focus::Entries => (&mut open.cursor, open.rows.len()),
            Focus::Sources => (&mut open.source_cursor, open.candidates.len()),
        };
        let last = len.saturating_sub(1);
        *cursor = match action {
            A::Down => *cursor + 1,
            A::Up => cursor.saturating_sub(1),
            A::Top => 0,
            A::Bottom => last,
            A::Scroll(d) => (*cursor as i64 + i64::from(d)).max(0) as usize,
            A::ClickRow(r) => r,
            // Only the moves come here.
            _ => *cursor,
        }
        .min(last);
    }

    fn move_entry(&mut self, up: bool, ctx: &mut Ctx<'_>) {
        let Some(id) = self.selected_entry_id() else {
            return;
        };
        match ctx.store.move_entry(&id, up, ctx.clock.now()) {
            Ok(true) => self.reload_open(Some(&id), ctx),
            Ok(false) => ctx.status.info(if up {
                "Already first in its section"
            } else {
                "Already last"
            }),
            Err(e) => ctx.status.failed("Not moved", &e),
        }
    }

    fn set_verdict(&mut self, validated: bool, ctx: &mut Ctx<'_>) {
        let Some(entry) = self.open.as_ref().and_then(Open::selected_entry) else {
            return;
        };
        if entry.section != Section::Assumption {
            ctx.status
                .info("+ and - mark assumptions validated or contradicted");
            return;
        }
        let wanted = if validated {
            Verdict::Validated
        } else {
            Verdict::Contradicted
        };
        // Pressing the same mark again clears it.
        let verdict = (entry.verdict != Some(wanted)).then_some(wanted);
        let id = entry.id.clone();
        match ctx.store.set_verdict(&id, verdict, ctx.clock.now()) {
            Ok(()) => self.reload_open(Some(&id), ctx),
            Err(e) => ctx.status.failed("Not saved", &e),
        }
    }

    fn link_quote(&mut self, ctx: &mut Ctx<'_>) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let Some(entry_id) = open.selected_entry().map(|e| e.id.clone()) else {
            ctx.status
                .info("Select the entry the quote supports (← entries), then Q");
            return;
        };
        let Some(candidate) = open.candidates.get(open.source_cursor).cloned() else {
            ctx.status
                .info("The sources hold no quotes, notes, friction or wishes yet");
            return;
        };
        match ctx
            .store
            .link_evidence(&entry_id, &candidate.reference, ctx.clock.now())
        {
            Ok(true) => {
                ctx.status.info(format!("Linked {}", candidate.citation()));
                self.reload_open(Some(&entry_id), ctx);
            }
            Ok(false) => ctx.status.info("Already linked to this entry"),
            Err(e) => ctx.status.failed("Not linked", &e),
        }
    }

    fn open_promote(&mut self, ctx: &mut Ctx<'_>) {
        let Some(entry) = self.open.as_ref().and_then(Open::selected_entry) else {
            ctx.status.info("Select a pain point or action to promote");
            return;
        };
        if let Some((item_id, title)) = &entry.promoted {
            // Promoted once: b opens the item it became.
            ctx.changed.backlog_item = Some(item_id.clone());
            ctx.changed.show_tab = Some(crate::tui::tab::Tab::Backlog);
            ctx.status
                .info(format!("Already on the backlog: '{title}' (4 goes back)"));
            return;
        }
        if !entry.section.is_promotable() {
            ctx.status
                .info("Only pain points and actions become backlog items");
            return;
        }
        let (_, hint) = confidence_hint(&entry.evidence);
        let mut form = item_form::item_form(None);
        form.title = "Promote to the backlog".into();
        form.fields[0].input = crate::tui::widgets::line_input::LineInput::new(&entry.title());
        form.fields[3].help = format!("{hint} (a hint; you decide)");
        item_form::refresh_preview(&mut form);
        self.overlay = Some(Overlay::Promote {
            form,
            entry_id: entry.id.clone(),
        });
    }

    fn open_tally(&mut self) {
        let Some(open) = &self.open else {
            return;
        };
        let friction: Vec<Evidence> = open
            .candidates
            .iter()
            .filter(|c| c.kind == "friction")
            .cloned()
            .collect();
        let (pains, groups) = tally(&open.synthesis, &friction);
        let total = open.synthesis.sources.len();
        let mut text = format!(
            "# Across sessions\n\nHow many of the {total} linked sources mention each — a reasoned input for reach.\n\n## Pain points\n\n"
        );
        if pains.is_empty() {
            text.push_str("None yet.\n");
        }
        for p in &pains {
            text.push_str(&format!(
                "- {} — {} of {total} sources ({} interviews, {} sessions)\n",
                p.text, p.sources, p.interviews, p.sessions
            ));
        }
        text.push_str("\n## Friction logged while shadowing\n\n");
        if groups.is_empty() {
            text.push_str("None logged.\n");
        }
        for g in &groups {
            text.push_str(&format!(
                "- {} — {} of {total} sources\n",
                g.text, g.sources
            ));
        }
        self.overlay = Some(Overlay::View(Document::new("Across sessions", &text)));
    }

    /// Saves the editor's text if it changed: a new entry is created then.
    fn save_editor(&mut self, ctx: &mut Ctx<'_>) -> Option<String> {
        let open = self.open.as_mut()?;
        let synthesis_id = open.synthesis.id.clone();
        let editor = open.editor.as_mut()?;
        if editor.dirty_since.is_none() {
            return editor.entry_id.clone();
        }
        let text = editor.text.text();
        let now = ctx.clock.now();
        let result = match &editor.entry_id {
            Some(id) => match ctx.store.set_entry_text(id, &text, now) {
                Ok(true) => Ok(id.clone()),
                // Deleted meanwhile: the words go into a new entry, in
                // sight, rather than nowhere.
                Ok(false) => ctx
                    .store
                    .add_entry(&synthesis_id, editor.section, &text, now)
                    .inspect(|_| {
                        ctx.status
                            .info("Deleted meanwhile elsewhere: your text is saved as a new entry");
                    }),
                Err(e) => Err(e),
            },
            None if text.trim().is_empty() => return None,
            None => ctx
                .store
                .add_entry(&synthesis_id, editor.section, &text, now),
        };
        match result {
            Ok(id) => {
                editor.entry_id = Some(id.clone());
                editor.dirty_since = None;
                Some(id)
            }
            Err(e) => {
                ctx.status.failed("Not saved", &e);
                None
            }
        }
    }

    /// The list row at screen row `y`, for clicks (entries are chosen by key).
    fn row_at(&self, body: ratatui::layout::Rect, y: u16) -> Option<usize> {
        let top = body.y + render::LIST_TOP;
        (self.open.is_none() && y >= top && y < body.bottom()).then(|| usize::from(y - top))
    }
}

impl Pane for SynthesisPane {
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
            Some(Overlay::Title(_) | Overlay::Promote { .. })
        )
    }

    fn before_quit(&mut self, ctx: &mut Ctx<'_>) {
        self.save_editor(ctx);
    }

    fn wants_tick(&self) -> bool {
        self.has_pending_edit()
    }

    fn tick(&mut self, ctx: &mut Ctx<'_>) {
        self.autosave(ctx);
    }

    fn click(&self, body: ratatui::layout::Rect, at: ratatui::layout::Position) -> Option<Action> {
        if self.overlay.is_some() || self.list.is_filtering() {
            return None;
        }
        if let Some(open) = &self.open {
            if open.editor.is_some() {
                return None;
            }
            // The row drawn at the click, found the way render draws it.
            let areas = render::open_areas(body);
            let plain = crate::tui::theme::Theme { color: false };
            let hit = |inner: ratatui::layout::Rect, spans: &[(usize, usize)], cursor: usize| {
                let (start, end) = spans.get(cursor).copied().unwrap_or((0, 0));
                let line = render::scroll_to(start, end, inner.height as usize)
                    + usize::from(at.y - inner.y);
                spans.iter().position(|(s, e)| line >= *s && line < *e)
            };
            if areas.entries.contains(at) {
                let (_, spans) = render::entry_lines(open, areas.entries.width, plain);
                return hit(areas.entries, &spans, open.cursor)
                    .map(|row| Action::Synthesis(SynthesisAction::ClickEntry(row)));
            }
            if areas.sources.contains(at) {
                let (_, spans) = render::source_lines(open, areas.sources.width, plain);
                return hit(areas.sources, &spans, open.source_cursor)
                    .map(|i| Action::Synthesis(SynthesisAction::ClickSource(i)));
            }
            return None;
        }
        self.row_at(body, at.y)
            .map(|row| Action::Synthesis(SynthesisAction::ClickRow(row)))
    }

    fn scroll(&self, step: i32) -> Action {
        Action::Synthesis(SynthesisAction::Scroll(step))
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        match ctx.store.syntheses() {
            Ok(all) => self.syntheses = all,
            Err(e) => ctx.status.failed("Could not read the syntheses", &e),
        }
        let keep = self.selected_entry_id();
        self.reload_open(keep.as_deref(), ctx);
    }

    fn render(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
        view: &View<'_>,
    ) {
        self.draw(area, buf, view.theme);
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
