//! Drawing the Backlog pane. Nothing here changes state or reads the
//! database; only the rows on screen are built.

use super::{BacklogPane, Overlay};
use crate::domain::backlog::Item;
use crate::domain::rice::format_score;
use crate::domain::time::local_minute;
use crate::formats::sanitize::{terminal, terminal_line};
use crate::tui::theme::Theme;
use crate::tui::widgets::{fit, wrap_words};
use jiff::tz::TimeZone;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

/// Where the table and the detail panel go in the pane's area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub table: Rect,
    pub detail: Option<Rect>,
}

/// The pane's layout: a detail panel below the table when there is room.
pub fn areas(body: Rect) -> Areas {
    if body.height >= 18 {
        let [table, detail] =
            Layout::vertical([Constraint::Min(6), Constraint::Length(8)]).areas(body);
        Areas {
            table,
            detail: Some(detail),
        }
    } else {
        Areas {
            table: body,
            detail: None,
        }
    }
}

/// Rows of items the table shows in `table` (one line is the header).
pub fn table_rows(table: Rect) -> usize {
    table.height.saturating_sub(1) as usize
}

const BAR_WIDTH: u16 = 10;
const REACH_WIDTH: u16 = 6;
const SCORE_WIDTH: u16 = 7;
/// Wide enough for any confidence with one decimal: `12.3%`, `100%`.
const CONF_WIDTH: u16 = 5;

/// A right-aligned number cell: whole when it fits, else in a compact unit
/// (1.5M), never cut.
fn number(text: &str, width: u16) -> Cell<'static> {
    number_cell(compact(text, width as usize))
}

fn number_cell(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).right_aligned())
}

/// A confidence (a percent, two decimals at most) within `width` columns:
/// `12.34%` when it fits, else with fewer decimals (`12.3%`, `12%`). The
/// decimals dropped are cut, not rounded, so 99.99 never reads as 100%
/// and 0.05 never as 0%; past three columns it is never cut.
pub fn percent(value: f64, width: usize) -> String {
    let hundredths = (value * 100.0).round();
    for decimals in [2usize, 1, 0] {
        let scale = 10f64.powi(2 - decimals as i32);
        let shown = (hundredths / scale).trunc() * scale / 100.0;
        let text = format!("{}%", crate::domain::rice::format_number(shown));
        if text.chars().count() <= width || decimals == 0 {
            // Nothing but a whole number is left, or it fits.
            if shown == 0.0 && value > 0.0 {
                return format!("{}%", crate::domain::rice::format_number(value));
            }
            return text;
        }
    }
    format!("{}%", crate::domain::rice::format_number(value))
}

/// `text` (a number as the product writes it) within `width` columns: as it
/// is when it fits, else with a unit (k, M, G, T) and as many decimals as
/// fit. A number is never shown cut.
pub fn compact(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let Ok(value) = text.replace(',', "").trim_end_matches('%').parse::<f64>() else {
        return text.to_string();
    };
    for (divisor, unit) in [(1e3, "k"), (1e6, "M"), (1e9, "G"), (1e12, "T"), (1e15, "P")] {
        // The unit that leaves at most three digits before the point.
        if (value / divisor).abs() >= 999.5 && divisor < 1e15 {
            continue;
        }
        for decimals in [1, 0] {
            let shown = format!("{:.*}{unit}", decimals, value / divisor);
            if shown.chars().count() <= width {
                return shown;
            }
        }
    }
    format!("{value:.0e}")
}
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A bar `width` cells long at full score, in eighths of a cell.
fn score_bar(score: f64, max: f64, width: u16) -> String {
    if max <= 0.0 || !score.is_finite() {
        return String::new();
    }
    let eighths = ((score / max).clamp(0.0, 1.0) * f64::from(width) * 8.0).round() as usize;
    let mut bar = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        bar.push(EIGHTHS[eighths % 8]);
    }
    bar
}

impl BacklogPane {
    pub fn draw(&self, area: Rect, buf: &mut Buffer, theme: Theme, zone: &TimeZone) {
        let areas = areas(area);
        if !self.has_items {
            self.render_welcome(areas.table, buf, theme);
        } else {
            self.render_table(areas.table, buf, theme);
        }
        if let Some(detail) = areas.detail.filter(|_| self.has_items) {
            self.render_detail(detail, buf, theme, zone);
        }
        match &self.overlay {
            Some(Overlay::Form { form, .. }) => form.render(area, buf, theme),
            Some(
                Overlay::Reach { prompt, .. }
                | Overlay::Effort { prompt, .. }
                | Overlay::KillReason { prompt, .. },
            ) => prompt.render(area, buf, theme),
            Some(Overlay::Lane { picker, .. }) => picker.render(area, buf, theme),
            Some(Overlay::Delete { choice, .. } | Overlay::LoadExamples { choice }) => {
                choice.render(area, buf, theme)
            }
            Some(Overlay::Conflict { dialog, .. }) => dialog.render(area, buf, theme),
            None => {}
        }
    }

    fn render_welcome(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let lines = vec![
            Line::from(""),
            Line::from(Span::styled("  Your backlog is empty.", theme.title())),
            Line::from(""),
            Line::from(vec![
                Span::raw("  Press "),
                Span::styled("a", theme.key()),
                Span::raw(" to add an initiative and score it with RICE"),
            ]),
            Line::from(Span::raw("  (Reach × Impact × Confidence ÷ Effort), or")),
            Line::from(vec![
                Span::raw("  press "),
                Span::styled("D", theme.key()),
                Span::raw(format!(
                    " to load the seed's demo: {} example items and more",
                    crate::domain::demo::all_examples().len()
                )),
            ]),
            Line::from(Span::styled(
                "  (the same as `fieldkit demo` on the command line).",
                theme.dim(),
            )),
            Line::from(""),
            Line::from(vec![
                Span::styled("  ?", theme.key()),
                Span::raw(" lists every key."),
            ]),
        ];
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }

    fn render_table(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let show_bar = area.width >= 90;
        let shown = self.rows.iter().enumerate().take(table_rows(area));
        let max_score = self.max_score;
        // Wide enough for the deepest rank shown (a million items has
        // seven digits): a number is never cut.
        let rank_width = self
            .ranks
            .iter()
            .flatten()
            .map(|r| r.to_string().len())
            .max()
            .unwrap_or(0)
            .max(4);
        let mut widths = vec![
            Constraint::Length(u16::try_from(rank_width).unwrap_or(u16::MAX)),
            Constraint::Min(12),
            Constraint::Length(REACH_WIDTH),
            Constraint::Length(6),
            Constraint::Length(CONF_WIDTH),
            Constraint::Length(6),
            Constraint::Length(SCORE_WIDTH),
            Constraint::Length(3),
        ];
        if show_bar {
            widths.push(Constraint::Length(BAR_WIDTH));
        }
        widths.push(Constraint::Length(9));
        // The title column's width as the table will lay it out, so a long
        // title is cut with a visible `…` rather than silently.
        let title_width = Layout::horizontal(widths.clone())
            .flex(Flex::Start)
            .spacing(1)
            .split(area)
            .get(1)
            .map_or(0, |r| usize::from(r.width));
        let rows: Vec<Row> = shown
            .map(|(pos, row)| {
                let item = &row.item;
                let rank = match self.ranks.get(pos) {
                    Some(Some(r)) => r.to_string(),
                    // Being counted on a thread (see `ranks_pending`).
                    _ if self.ranks_pending && !item.lane.is_closed() => "…".to_string(),
                    _ => "–".to_string(),
                };
                let mut cells = vec![
                    Cell::from(Line::from(rank).right_aligned()),
                    Cell::from(fit(&terminal_line(&item.title), title_width)),
                    number(&item.rice.reach.to_string(), REACH_WIDTH),
                    number(&item.rice.impact.to_string(), 6),
                    number_cell(percent(item.rice.confidence.percent(), CONF_WIDTH.into())),
                    number(&item.rice.effort.to_string(), 6),
                    number(&format_score(item.score()), SCORE_WIDTH),
                    number(
                        &self
                            .evidence_counts
                            .get(&item.id)
                            .map_or(String::new(), |n| n.to_string()),
                        3,
                    ),
                ];
                if show_bar {
                    cells.push(Cell::from(Span::styled(
                        score_bar(item.score(), max_score, BAR_WIDTH),
                        theme.bar(),
                    )));
                }
                cells.push(Cell::from(item.lane.name()));
                let style = if pos == self.selected {
                    theme.selected()
                } else if item.lane.is_closed() {
                    theme.closed()
                } else {
                    theme.base()
                };
                Row::new(cells).style(style)
            })
            .collect();
        let mut header = vec![
            Cell::from(Line::from("#").right_aligned()),
            Cell::from("Title"),
            Cell::from(Line::from("Reach").right_aligned()),
            Cell::from(Line::from("Impact").right_aligned()),
            Cell::from(Line::from("Conf").right_aligned()),
            Cell::from(Line::from("Effort").right_aligned()),
            Cell::from(Line::from("Score").right_aligned()),
            Cell::from(Line::from("Ev").right_aligned()),
        ];
        if show_bar {
            header.push(Cell::from(""));
        }
        header.push(Cell::from("Lane"));
        let table = Table::new(rows, widths)
            .header(Row::new(header).style(theme.dim().add_modifier(Modifier::BOLD)))
            .column_spacing(1);
        Widget::render(table, area, buf);
        if self.rows.is_empty() {
            let note = if self.filter.is_empty() {
                "  No open items: press s to show done and killed, or a to add one."
            } else {
                "  Nothing matches the filter: press / to change it, Esc to clear it."
            };
            let y = area.y + 1;
            if y < area.bottom() {
                Paragraph::new(Span::styled(note, theme.dim()))
                    .render(Rect::new(area.x, y, area.width, 1), buf);
            }
        }
    }

    fn render_detail(&self, area: Rect, buf: &mut Buffer, theme: Theme, zone: &TimeZone) {
        let block = Block::new()
            .borders(Borders::TOP)
            .border_style(theme.border());
        let Some(item) = self.selected_item() else {
            block.render(area, buf);
            return;
        };
        let block = block.title(Span::styled(
            format!(
                " {} ",
                fit(
                    &terminal_line(&item.title),
                    usize::from(area.width).saturating_sub(4)
                )
            ),
            theme.title(),
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        let mut facts = vec![
            Span::styled(" RICE ", theme.dim()),
            Span::styled(item.rice.formula(), theme.ok().add_modifier(Modifier::BOLD)),
            Span::styled("   lane ", theme.dim()),
            Span::raw(item.lane.name()),
        ];
        if !item.tags.as_slice().is_empty() {
            // The tags take what the line leaves; a cut shows `…`.
            let used: usize = facts.iter().map(Span::width).sum::<usize>() + "   tags ".len();
            let room = usize::from(inner.width).saturating_sub(used);
            if room > 0 {
                facts.push(Span::styled("   tags ", theme.dim()));
                facts.push(Span::raw(fit(&terminal_line(&item.tags.joined(" ")), room)));
            }
        }
        let mut lines = vec![Line::from(facts)];
        if let Some(reason) = &item.kill_reason {
            lines.push(Line::from(vec![
                Span::styled(" Killed: ", theme.error()),
                Span::raw(terminal_line(reason).into_owned()),
            ]));
        }
        if let Some(detail) = self.detail.as_ref().filter(|d| d.id == item.id) {
            lines.extend(roadmap_lines(detail, inner.width, theme));
        }
        if let Some(detail) = self.detail.as_ref().filter(|d| d.id == item.id)
            && !detail.description.is_empty()
        {
            // Its own line breaks kept and wrapped, within what the panel
            // leaves after the evidence and one history row; a cut shows `…`.
            let evidence_rows = if self.evidence.is_empty() {
                0
            } else {
                1 + self.evidence.len().min(3)
            };
            let room = usize::from(inner.height).saturating_sub(lines.len() + evidence_rows + 2);
            let width = usize::from(inner.width).saturating_sub(1);
            let wrapped = wrap_words(&terminal(&detail.description), width);
            let cut = wrapped.len() > room;
            for (i, row) in wrapped.iter().take(room.max(1)).enumerate() {
                let last = i + 1 == room.max(1);
                let row = if cut && last {
                    fit(&format!("{row} …"), width)
                } else {
                    row.clone()
                };
                lines.push(Line::from(format!(" {row}")));
            }
        }
        if !self.evidence.is_empty() {
            let sources = crate::domain::synthesis::independent_sources(&self.evidence);
            lines.push(Line::from(Span::styled(
                format!(
                    " Evidence ({}), from {sources} independent source{}",
                    self.evidence.len(),
                    if sources == 1 { "" } else { "s" }
                ),
                theme.dim(),
            )));
            for e in self.evidence.iter().take(3) {
                lines.push(Line::from(vec![
                    Span::raw("  "),
                    Span::styled(
                        fit(
                            &terminal_line(&e.citation()),
                            usize::from(inner.width).saturating_sub(2),
                        ),
                        theme.key(),
                    ),
                ]));
            }
        }
        lines.push(Line::from(Span::styled(" Score history", theme.dim())));
        let room = (inner.height as usize).saturating_sub(lines.len());
        for change in self.history.iter().rev().take(room) {
            // A lane move, a pin or a link keeps the score: it is shown
            // once, not as "160.0 → 160.0".
            let old = change
                .old_score
                .filter(|s| *s != change.new_score)
                .map(|s| format!("{} → ", format_score(s)))
                .unwrap_or_default();
            let when = format!("  {}  ", local_minute(&change.changed_at, zone));
            let score = format!("{old}{}  ", format_score(change.new_score));
            // What changed may be long (a goal path): cut it with `…`.
            let room = usize::from(inner.width).saturating_sub(when.width() + score.width());
            lines.push(Line::from(vec![
                Span::styled(when, theme.dim()),
                Span::raw(score),
                Span::styled(fit(&terminal_line(&change.change), room), theme.dim()),
            ]));
        }
        Paragraph::new(lines).render(inner, buf);
    }

    /// How many rows are listed: "12 shown", "1000+ shown" past the
    /// count's cap, "counting…" while a thread counts them.
    fn shown_text(&self) -> String {
        match &self.shown {
            super::Shown::Counted(n) if *n >= super::SHOWN_CAP => {
                format!("{}+ shown", super::SHOWN_CAP)
            }
            super::Shown::Counted(n) => format!("{n} shown"),
            super::Shown::Counting(_) => "counting…".to_string(),
            super::Shown::Failed => "count failed".to_string(),
        }
    }

    /// Draws the filter being typed, or the filter in force, on the
    /// message line; returns false when there is nothing to draw.
    pub fn render_filter_line(&self, area: Rect, buf: &mut Buffer, theme: Theme) -> bool {
        if let Some(input) = &self.filter_input {
            let note = match &self.filter_error {
                Some(e) => Span::styled(format!(" ✗ {e}"), theme.error()),
                None => Span::styled(format!(" {}", self.shown_text()), theme.dim()),
            };
            let note_width = (note.width() as u16).min(area.width / 2);
            let [slash, field, rest] = Layout::horizontal([
                Constraint::Length(2),
                Constraint::Min(1),
                Constraint::Length(note_width),
            ])
            .areas(area);
            Paragraph::new(Span::styled("/ ", theme.key())).render(slash, buf);
            input.widget().render(field, buf);
            Paragraph::new(note).render(rest, buf);
            return true;
        }
        if !self.filter.is_empty() {
            Paragraph::new(Line::from(vec![
                Span::styled("filter ", theme.dim()),
                Span::styled(terminal_line(&self.filter_text).into_owned(), theme.key()),
                Span::styled(format!("   {}", self.shown_text()), theme.dim()),
            ]))
            .render(area, buf);
            return true;
        }
        false
    }
}

/// An item's roadmap fields in the detail panel: source, pin and review
/// date on one line, then the success criteria (two lines at most, a cut
/// shown with `…`); nothing when none is set.
fn roadmap_lines(item: &Item, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let roadmap = &item.roadmap;
    let mut facts = Vec::new();
    if let Some(source) = roadmap.source {
        facts.push(Span::styled(" source ", theme.dim()));
        facts.push(Span::raw(source.name()));
    }
    if let Some(success) = &roadmap.success {
        facts.push(Span::styled("   review by ", theme.dim()));
        facts.push(Span::raw(success.review_by.to_string()));
    }
    if let Some(reason) = &roadmap.pin {
        facts.push(Span::styled("   pinned: ", theme.dim()));
        facts.push(Span::raw(terminal_line(reason).into_owned()));
    }
    let mut lines = Vec::new();
    if !facts.is_empty() {
        lines.push(Line::from(facts));
    }
    if let Some(success) = &roadmap.success {
        let width = usize::from(width).saturating_sub(11).max(10);
        let wrapped = wrap_words(&terminal(&success.text), width);
        let cut = wrapped.len() > 2;
        for (i, row) in wrapped.iter().take(2).enumerate() {
            let row = if cut && i == 1 {
                fit(&format!("{row} …"), width)
            } else {
                row.clone()
            };
            let head = if i == 0 { " Success: " } else { "          " };
            lines.push(Line::from(vec![
                Span::styled(head, theme.dim()),
                Span::raw(row),
            ]));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_whole_or_compact_never_cut() {
        assert_eq!(compact("200", 6), "200");
        assert_eq!(compact("1500000", 6), "1.5M");
        assert_eq!(compact("9000000.0", 7), "9.0M");
        assert_eq!(compact("400000.0", 7), "400.0k");
        assert_eq!(compact("999999", 5), "1.0M");
        assert_eq!(compact("12345.5", 7), "12345.5");
    }

    #[test]
    fn confidence_is_a_percent_never_cut_nor_rounded_up() {
        assert_eq!(percent(80.0, 5), "80%");
        assert_eq!(percent(100.0, 5), "100%");
        assert_eq!(percent(12.34, 6), "12.34%");
        assert_eq!(percent(12.34, 5), "12.3%");
        assert_eq!(percent(12.34, 3), "12%");
        assert_eq!(percent(99.99, 5), "99.9%");
        assert_eq!(percent(99.99, 3), "99%");
        assert_eq!(percent(0.05, 5), "0.05%");
        assert_eq!(percent(12.5, 5), "12.5%");
        assert_eq!(percent(33.3, 5), "33.3%");
        // Every confidence the product accepts fits the column.
        for hundredths in 1..=10_000 {
            let text = percent(f64::from(hundredths) / 100.0, usize::from(CONF_WIDTH));
            assert!(text.chars().count() <= usize::from(CONF_WIDTH), "{text}");
            assert_ne!(text, "0%");
        }
    }

    #[test]
    fn bar_is_proportional() {
        assert_eq!(score_bar(160.0, 160.0, 10), "██████████");
        assert_eq!(score_bar(80.0, 160.0, 10), "█████");
        assert_eq!(score_bar(10.0, 160.0, 10), "▋");
        assert_eq!(score_bar(0.0, 0.0, 10), "");
    }
}
