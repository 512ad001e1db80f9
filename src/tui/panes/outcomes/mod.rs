//! The Outcomes pane: the success metrics with their status and a
//! sparkline, the alerts they raise, the research cadence, a reading
//! recorded by `r`, a metric's chart on `Enter`, and the seed's eight
//! metrics by one key when there are none.
//!
//! Everything shown comes from `Store::metric_board` and
//! `Store::research_cadence`, the same as `fieldkit metric list` and
//! `fieldkit cadence`; a reading is written by `Store::record_readings`,
//! as `fieldkit metric record` writes it.

pub mod keys;
mod metric_form;
mod record_form;
mod render;

use super::{Ctx, KeyResult, Pane, View};
use crate::domain::cadence::ResearchCadence;
use crate::domain::metric::alerts::{FEATURE_COUNT_WARNING, is_feature_count};
use crate::domain::metric::{Board, Metric, NewMetric, NewReading, preset};
use crate::formats::sanitize::terminal_line;
use crate::store::ReadingOutcome;
use crate::tui::action::{Action, OutcomesAction};
use crate::tui::keymap::{Binding, HelpGroup};
use crate::tui::widgets::document::Document;
use crate::tui::widgets::form::Form;
use color_eyre::eyre::Result;
use jiff::civil::Date;
use jiff::tz::TimeZone;

pub use render::areas;

/// The one popup the pane may have open.
#[derive(Debug, Clone)]
enum Overlay {
    /// Recording a reading of this metric, on the day the form opened.
    Record {
        form: Form,
        metric_id: String,
        today: Date,
    },
    /// The chart of the selected metric.
    Chart,
    AddMetric(Form),
    /// The seed's note on a metric named like a feature count.
    Notice(Document),
}

#[derive(Debug)]
pub struct OutcomesPane {
    board: Board,
    cadence: Option<ResearchCadence>,
    /// The day the board was evaluated on, where the user is.
    today: Date,
    zone: TimeZone,
    /// Index into the board's metrics.
    selected: usize,
    /// The first metric the table shows.
    offset: usize,
    overlay: Option<Overlay>,
}

impl OutcomesPane {
    pub fn load(ctx: &mut Ctx<'_>, zone: TimeZone) -> Result<Self> {
        let today = ctx.clock.now().to_zoned_datetime(zone.clone()).date();
        let board = ctx.store.metric_board(today)?;
        let cadence = Some(ctx.store.research_cadence(today, &zone)?);
        Ok(Self {
            board,
            cadence,
            today,
            zone,
            selected: 0,
            offset: 0,
            overlay: None,
        })
    }

    /// The selected metric's name.
    pub fn selected_name(&self) -> Option<&str> {
        self.selected_metric().map(|m| m.name.as_str())
    }

    fn selected_metric(&self) -> Option<&Metric> {
        self.board.metrics.get(self.selected)
    }

    /// Reads the metrics, readings and research again, keeping the
    /// selected metric selected.
    fn reload(&mut self, ctx: &mut Ctx<'_>) {
        let keep = self.selected_metric().map(|m| m.id.clone());
        self.today = ctx.clock.now().to_zoned_datetime(self.zone.clone()).date();
        match ctx.store.metric_board(self.today) {
            Ok(board) => self.board = board,
            Err(e) => ctx.status.failed("Could not read the metrics", &e),
        }
        match ctx.store.research_cadence(self.today, &self.zone) {
            Ok(cadence) => self.cadence = Some(cadence),
            Err(e) => ctx.status.failed("Could not read the research cadence", &e),
        }
        if let Some(pos) = keep.and_then(|id| self.board.metrics.iter().position(|m| m.id == id)) {
            self.selected = pos;
        }
        self.select(self.selected, ctx);
    }

    /// The rows a metric takes in the table: one per part of its target.
    fn rows_of(&self, index: usize) -> usize {
        self.board
            .evaluations
            .get(index)
            .map_or(1, |e| e.parts.len().max(1))
    }

    fn select(&mut self, index: usize, ctx: &Ctx<'_>) {
        let count = self.board.metrics.len();
        self.selected = index.min(count.saturating_sub(1));
        let rows = render::table_rows(self.areas(ctx.body).table);
        if self.selected < self.offset {
            self.offset = self.selected;
        }
        while self.offset < self.selected
            && (self.offset..=self.selected)
                .map(|i| self.rows_of(i))
                .sum::<usize>()
                > rows
        {
            self.offset += 1;
        }
        self.offset = self.offset.min(count.saturating_sub(1));
    }

    fn areas(&self, body: ratatui::layout::Rect) -> render::Areas {
        areas(
            body,
            self.board.alerts.len(),
            !self.board.metrics.is_empty(),
        )
    }

    /// The metric on the table's `row` (0 is the first row under the header).
    fn metric_at_row(&self, row: usize) -> Option<usize> {
        let mut top = 0;
        for i in self.offset..self.board.metrics.len() {
            let rows = self.rows_of(i);
            if row < top + rows {
                return Some(i);
            }
            top += rows;
        }
        None
    }

    pub fn update(&mut self, action: OutcomesAction, ctx: &mut Ctx<'_>) {
        use OutcomesAction as A;
        match action {
            A::Down => self.select(self.selected + 1, ctx),
            A::Up => self.select(self.selected.saturating_sub(1), ctx),
            A::Top => self.select(0, ctx),
            A::Bottom => self.select(usize::MAX, ctx),
            A::ClickRow(row) => {
                if let Some(i) = self.metric_at_row(row) {
                    self.select(i, ctx);
                }
            }
            A::Scroll(step) => {
                let to = (self.selected as i64 + i64::from(step)).max(0) as usize;
                self.select(to, ctx);
            }
            A::Record => match self.selected_metric() {
                Some(metric) => {
                    let today = ctx.clock.now().to_zoned_datetime(self.zone.clone()).date();
                    self.overlay = Some(Overlay::Record {
                        form: record_form::record_form(metric, today),
                        metric_id: metric.id.clone(),
                        today,
                    });
                }
                None => ctx
                    .status
                    .info("No metrics yet: p adds the seed's eight, each with its target"),
            },
            A::Chart => {
                if self.selected_metric().is_some() {
                    self.overlay = Some(Overlay::Chart);
                } else {
                    ctx.status
                        .info("No metrics yet: p adds the seed's eight, each with its target");
                }
            }
            A::Preset => self.add_preset(ctx),
            A::Add => self.overlay = Some(Overlay::AddMetric(metric_form::metric_form())),
            A::CreateMetric(new) => self.add_metric(&new, ctx),
            A::SaveReading { metric_id, reading } => self.save_reading(&metric_id, reading, ctx),
        }
    }

    /// The seed's eight metrics, as `fieldkit metric preset` adds them.
    fn add_preset(&mut self, ctx: &mut Ctx<'_>) {
        let preset = preset::preset();
        match ctx
            .store
            .add_metrics_with_ids(&preset, self.today, ctx.clock.now())
        {
            Ok(added) => {
                self.reload(ctx);
                ctx.status.info(format!(
                    "Added {added} of the seed's {} metrics{}: r records a reading",
                    preset.len(),
                    if added < preset.len() {
                        " (the others were already there)"
                    } else {
                        ""
                    }
                ));
            }
            Err(e) => ctx.status.failed("Not added", &e),
        }
    }

    /// A metric of the user's own, as `fieldkit metric add` adds it; one
    /// named like a feature count gets the seed's note, once.
    fn add_metric(&mut self, new: &NewMetric, ctx: &mut Ctx<'_>) {
        match ctx.store.add_metric(new, self.today, ctx.clock.now()) {
            Ok(metric) => {
                self.overlay = is_feature_count(&metric.name).then(|| {
                    Overlay::Notice(Document::new(
                        "Features are output; adoption is outcome",
                        FEATURE_COUNT_WARNING,
                    ))
                });
                self.reload(ctx);
                if let Some(pos) = self.board.metrics.iter().position(|m| m.id == metric.id) {
                    self.select(pos, ctx);
                }
                ctx.status.info(format!(
                    "Added '{}' ({}): r records its first reading",
                    terminal_line(&metric.name),
                    terminal_line(&metric.target.to_string())
                ));
            }
            Err(e) => ctx.status.failed("Not added", &e),
        }
    }

    fn save_reading(&mut self, metric_id: &str, reading: NewReading, ctx: &mut Ctx<'_>) {
        let Some(metric) = self
            .board
            .metrics
            .iter()
            .find(|m| m.id == metric_id)
            .cloned()
        else {
            ctx.status
                .error("Not saved: the metric was deleted elsewhere");
            self.overlay = None;
            return;
        };
        let alerts_before = self.board.alerts.len();
        match ctx
            .store
            .record_readings(&[(metric_id, reading.clone())], ctx.clock.now())
        {
            Ok(outcomes) => {
                self.overlay = None;
                self.reload(ctx);
                let replaced = match outcomes.first() {
                    Some(ReadingOutcome::Replaced(old)) => {
                        format!(", replacing {}", metric.show_value(&reading.part, *old))
                    }
                    _ => String::new(),
                };
                let status = self
                    .board
                    .rows()
                    .find(|(m, _)| m.id == metric_id)
                    .and_then(|(_, e)| e.parts.iter().find(|p| p.label == reading.part))
                    .map_or("", |p| p.status.name());
                let part = if reading.part.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", terminal_line(&reading.part))
                };
                let alerts_after = self.board.alerts.len();
                let alerts = if alerts_after == alerts_before {
                    String::new()
                } else {
                    format!("; alerts {alerts_before} → {alerts_after}")
                };
                ctx.status.info(format!(
                    "Recorded {}{part} on {}{replaced}: {status}{alerts}",
                    metric.show_value(&reading.part, reading.value),
                    reading.date,
                ));
            }
            Err(e) => ctx.status.failed("Not saved", &e),
        }
    }
}

impl Pane for OutcomesPane {
    fn bindings(&self) -> Vec<&'static [Binding<Action>]> {
        self.tables()
    }

    fn modal_help(&self) -> Option<HelpGroup> {
        self.help_of_modal()
    }

    fn modal_key(
        &mut self,
        key: crossterm::event::KeyEvent,
        body: ratatui::layout::Rect,
    ) -> KeyResult {
        self.key_in_modal(key, body)
    }

    fn paste(&mut self, text: &str) -> Option<Action> {
        if let Some(Overlay::Record { form, .. } | Overlay::AddMetric(form)) = self.overlay.as_mut()
        {
            form.paste(text);
        }
        None
    }

    fn has_unsaved_input(&self) -> bool {
        matches!(
            self.overlay,
            Some(Overlay::Record { .. } | Overlay::AddMetric(_))
        )
    }

    fn click(&self, body: ratatui::layout::Rect, at: ratatui::layout::Position) -> Option<Action> {
        if self.overlay.is_some() {
            return None;
        }
        let table = self.areas(body).table;
        (table.contains(at) && at.y > table.y)
            .then(|| Action::Outcomes(OutcomesAction::ClickRow(usize::from(at.y - table.y - 1))))
    }

    fn scroll(&self, step: i32) -> Action {
        Action::Outcomes(OutcomesAction::Scroll(step))
    }

    fn resized(&mut self, ctx: &mut Ctx<'_>) {
        self.select(self.selected, ctx);
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) {
        self.reload(ctx);
    }

    fn render(
        &self,
        area: ratatui::layout::Rect,
        buf: &mut ratatui::buffer::Buffer,
        view: &View<'_>,
    ) {
        self.draw(area, buf, view.theme);
    }
}
