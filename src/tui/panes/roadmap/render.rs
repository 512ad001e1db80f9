//! Drawing the Roadmap pane. Nothing here changes state or reads the
//! database: the board is drawn from the plan, the map from its rows.

use super::{MapRow, MapView, Overlay, RoadmapPane, RowKind};
use crate::domain::rice::{format_number, format_score};
use crate::domain::roadmap::{LanePlan, PlannedItem, lane_meaning, lane_title, next_lane};
use crate::formats::sanitize::terminal_line;
use crate::tui::theme::Theme;
use crate::tui::widgets::{fit, wrap_words};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

/// The board's layout: four columns and the selected item's detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardAreas {
    pub columns: [Rect; 4],
    pub detail: Rect,
}

pub fn board_areas(body: Rect) -> BoardAreas {
    let [board, detail] = Layout::vertical([Constraint::Min(6), Constraint::Length(2)]).areas(body);
    let columns = Layout::horizontal([Constraint::Ratio(1, 4); 4]).areas(board);
    BoardAreas { columns, detail }
}

/// The heading lines inside a column: the lane's dates, its span, its load.
const HEADING_ROWS: u16 = 3;

/// Where a column's items go: inside its border, under its heading.
pub fn items_area(column: Rect) -> Rect {
    let inner = Block::new().borders(Borders::ALL).inner(column);
    Rect::new(
        inner.x,
        inner.y.saturating_add(HEADING_ROWS).min(inner.bottom()),
        inner.width,
        inner.height.saturating_sub(HEADING_ROWS),
    )
}

const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A bar `width` cells long at the best score on the board.
fn bar(score: f64, best: f64, width: usize) -> String {
    if best <= 0.0 || width == 0 || !score.is_finite() {
        return String::new();
    }
    let eighths = ((score / best).clamp(0.0, 1.0) * (width * 8) as f64).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8]);
    }
    out
}

/// What an item's rows say, before styling.
struct ItemText {
    /// The rank and title, wrapped to at most two rows.
    title: Vec<String>,
    /// The pin's reason, when pinned, wrapped to at most two rows.
    pin: Vec<String>,
    /// Slipping and review marks, when there are any.
    flags: Option<String>,
}

fn item_text(lane: &LanePlan, item: &PlannedItem, rank: usize, width: usize) -> ItemText {
    let mark = if item.pin.is_some() { "↑" } else { "" };
    let text = terminal_line(&format!("{mark}{rank} {}", item.title)).into_owned();
    let title = two_rows(&text, width, "");
    let pin = item
        .pin
        .as_ref()
        .map(|reason| two_rows(&terminal_line(&format!("pin: {reason}")), width, "  "))
        .unwrap_or_default();
    let mut flags = Vec::new();
    if item.slipping {
        flags.push(match next_lane(lane.lane()) {
            Some(next) => format!("slips to {}", lane_title(next)),
            None => "over capacity".to_string(),
        });
    }
    if item.overdue {
        flags.push("review due".to_string());
    }
    let flags = (!flags.is_empty()).then(|| fit(&format!("  ! {}", flags.join(" · ")), width));
    ItemText { title, pin, flags }
}

/// `text` wrapped under `indent` to at most two rows of `width`, the
/// second ending in `…` when there is more.
fn two_rows(text: &str, width: usize, indent: &str) -> Vec<String> {
    let room = width.saturating_sub(indent.len()).max(1);
    let mut rows = wrap_words(text, room);
    if rows.len() > 2 {
        let rest = rows[1..].join(" ");
        rows.truncate(1);
        rows.push(fit(&rest, room));
    }
    rows.into_iter().map(|r| format!("{indent}{r}")).collect()
}

fn item_height(text: &ItemText) -> u16 {
    (text.title.len() + 1 + text.pin.len() + usize::from(text.flags.is_some())) as u16
}

impl RoadmapPane {
    /// Where each shown item of a lane is drawn in its items area (by its
    /// position in the lane): the selected one is always in view. The
    /// lane's run holds every item that can be shown around the selection.
    pub(super) fn item_rects(&self, lane: usize, items: Rect) -> Vec<(usize, Rect)> {
        let Some(plan) = self.plan.lanes.get(lane) else {
            return Vec::new();
        };
        let width = items.width as usize;
        let heights: Vec<u16> = plan
            .items
            .iter()
            .enumerate()
            .map(|(n, item)| item_height(&item_text(plan, item, plan.first + n + 1, width)))
            .collect();
        let selected = self.rows[lane]
            .saturating_sub(plan.first)
            .min(heights.len().saturating_sub(1));
        // Scroll so that the items from `first` to the selected one fit.
        let mut first = 0;
        while first < selected && heights[first..=selected].iter().sum::<u16>() > items.height {
            first += 1;
        }
        let mut out = Vec::new();
        let mut y = items.y;
        for (n, h) in heights.iter().enumerate().skip(first) {
            if y + h > items.bottom() {
                break;
            }
            out.push((plan.first + n, Rect::new(items.x, y, items.width, *h)));
            y += h;
        }
        out
    }

    pub(super) fn draw(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        if let Some(map) = &self.map {
            self.draw_map(map, area, buf, theme);
        } else {
            self.draw_board(area, buf, theme);
        }
        match &self.overlay {
            Some(Overlay::Pin { prompt, .. })
            | Some(Overlay::Capacity { prompt, .. })
            | Some(Overlay::Kill { prompt, .. })
            | Some(Overlay::KeepDate { prompt, .. })
            | Some(Overlay::AddNode { prompt, .. }) => prompt.render(area, buf, theme),
            Some(Overlay::Review { choice, .. }) => choice.render(area, buf, theme),
            Some(Overlay::Note(document)) => document.render(area, buf, theme),
            None => {}
        }
    }

    fn draw_board(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let areas = board_areas(area);
        let best = self.plan.lanes.iter().map(|l| l.best).fold(0.0, f64::max);
        for (l, (lane, column)) in self.plan.lanes.iter().zip(areas.columns).enumerate() {
            let focused = l == self.lane;
            let block = Block::new()
                .borders(Borders::ALL)
                .border_style(if focused {
                    theme.focus_border()
                } else {
                    theme.border()
                })
                .title(Span::styled(
                    fit(
                        &format!(" {} ", lane_title(lane.lane())),
                        column.width.saturating_sub(2) as usize,
                    ),
                    if focused { theme.title() } else { theme.base() },
                ));
            let inner = block.inner(column);
            block.render(column, buf);
            let width = inner.width as usize;
            let (label, span) = match lane.window.dates {
                Some((first, last)) => (
                    lane.window.label.clone(),
                    format!("{} – {}", first.strftime("%b %-d"), last.strftime("%b %-d")),
                ),
                None => ("no date".to_string(), lane_meaning(lane.lane()).to_string()),
            };
            let over = lane.capacity.is_some_and(|c| lane.load > c + 0.005);
            let load = if over {
                format!("{} over", lane.load_text())
            } else {
                lane.load_text()
            };
            Paragraph::new(vec![
                Line::from(Span::styled(fit(&label, width), theme.title())),
                Line::from(Span::styled(fit(&span, width), theme.dim())),
                Line::from(Span::styled(
                    fit(&load, width),
                    if over { theme.error() } else { theme.base() },
                )),
            ])
            .render(
                Rect::new(
                    inner.x,
                    inner.y,
                    inner.width,
                    inner.height.min(HEADING_ROWS),
                ),
                buf,
            );
            let items = items_area(column);
            if lane.count == 0 {
                Paragraph::new(Span::styled(fit("No items", width), theme.dim()))
                    .render(items, buf);
                continue;
            }
            let shown = self.item_rects(l, items);
            for (n, rect) in &shown {
                let selected = focused && *n == self.rows[l];
                self.draw_item(lane, *n, best, *rect, buf, theme, selected);
            }
            let before = shown.first().map_or(0, |(n, _)| *n);
            let after = lane
                .count
                .saturating_sub(shown.last().map_or(0, |(n, _)| n + 1));
            let bottom = column.bottom().saturating_sub(1);
            if after > 0 {
                let more = format!(" ↓{after} ");
                let x = column
                    .right()
                    .saturating_sub(more.chars().count() as u16 + 1);
                buf.set_string(x, bottom, more, theme.dim());
            }
            if before > 0 {
                let more = format!(" ↑{before} ");
                buf.set_string(column.x + 1, bottom, more, theme.dim());
            }
        }
        self.draw_detail(areas.detail, buf, theme);
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_item(
        &self,
        lane: &LanePlan,
        n: usize,
        best: f64,
        rect: Rect,
        buf: &mut Buffer,
        theme: Theme,
        selected: bool,
    ) {
        let Some(item) = lane.at(n) else {
            return;
        };
        let width = rect.width as usize;
        let text = item_text(lane, item, n + 1, width);
        let title_style = if selected {
            theme.selected()
        } else if item.slipping {
            theme.dim()
        } else {
            theme.base()
        };
        let mut lines: Vec<Line> = text
            .title
            .iter()
            .map(|t| Line::from(Span::styled(format!("{t:<width$}"), title_style)))
            .collect();
        lines.extend(
            text.pin
                .into_iter()
                .map(|p| Line::from(Span::styled(p, theme.dim()))),
        );
        let score = format_score(item.score);
        let room = width.saturating_sub(score.chars().count() + 3).min(12);
        lines.push(Line::from(vec![
            Span::raw(format!("  {score} ")),
            Span::styled(bar(item.score, best, room), theme.bar()),
        ]));
        if let Some(flags) = text.flags {
            lines.push(Line::from(Span::styled(flags, theme.error())));
        }
        Paragraph::new(lines).render(rect, buf);
    }

    /// The selected item in full: score, effort, pin, source, review.
    fn draw_detail(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let line = match self.selected() {
            Some(item) => {
                let mut parts = vec![
                    item.title.clone(),
                    format!("RICE {}", format_score(item.score)),
                    format!("{} pm", format_number(item.effort)),
                ];
                if let Some(reason) = &item.pin {
                    parts.push(format!("pinned: {reason}"));
                }
                if item.slipping {
                    parts.push("slipping: past the lane's capacity".into());
                }
                parts.push(format!(
                    "source: {}",
                    item.source.map_or("not stated", |s| s.name())
                ));
                if let Some(s) = &item.success {
                    parts.push(format!(
                        "review by {}{}: {}",
                        s.review_by,
                        if item.overdue {
                            " (past: Enter keeps or kills)"
                        } else {
                            ""
                        },
                        s.text
                    ));
                }
                parts.join(" · ")
            }
            None => format!(
                "{} has no items: H/L move one here from a neighbouring lane; the Backlog pane sets any item's lane",
                lane_title(self.focused_lane())
            ),
        };
        let rows = wrap_words(&terminal_line(&line), area.width as usize);
        let mut lines: Vec<Line> = rows
            .iter()
            .take(area.height as usize)
            .map(|r| Line::from(Span::styled(r.clone(), theme.base())))
            .collect();
        if rows.len() > area.height as usize
            && let Some(last) = lines.last_mut()
        {
            let cut = rows[area.height as usize - 1..].join(" ");
            *last = Line::from(fit(&cut, area.width as usize));
        }
        Paragraph::new(lines).render(area, buf);
    }

    fn draw_map(&self, map: &MapView, area: Rect, buf: &mut Buffer, theme: Theme) {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.focus_border())
            .title(Span::styled(
                fit(
                    " Impact map: goals set the direction, RICE sequences within them ",
                    area.width.saturating_sub(2) as usize,
                ),
                theme.title(),
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let [header, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        let linking = match &map.linking {
            Some((_, title)) => {
                terminal_line(&format!("Linking {title}: Enter on an impact links it")).into_owned()
            }
            None => "Enter on an item chooses it; Enter on an impact links it".to_string(),
        };
        Paragraph::new(Span::styled(
            fit(&linking, header.width as usize),
            theme.dim(),
        ))
        .render(header, buf);
        let width = list.width as usize;
        let height = list.height as usize;
        // Each row wraps under its own indent; the selected row is in view.
        // Every row takes a line at least, so only the rows a screen away
        // from the selection are wrapped.
        let wrap = |row: &MapRow| -> Vec<String> {
            let (indent, prefix) = match row.kind {
                RowKind::Goal => ("", "◆ "),
                RowKind::Metric => ("  ", "metric: "),
                RowKind::MetricPart => ("    ", ""),
                RowKind::Actor => ("  ", "• "),
                RowKind::Impact => ("    ", "→ "),
                RowKind::Item => ("      ", ""),
                RowKind::Heading => ("", ""),
                RowKind::Unlinked => ("  ", ""),
            };
            let text = terminal_line(&format!("{prefix}{}", row.text)).into_owned();
            let hang = indent.len() + 2;
            wrap_words(&text, width.saturating_sub(hang).max(8))
                .into_iter()
                .enumerate()
                .map(|(i, l)| {
                    let pad = if i == 0 { indent.len() } else { hang };
                    fit(&format!("{}{l}", " ".repeat(pad)), width)
                })
                .collect()
        };
        let selected = map.selected.min(map.len().saturating_sub(1));
        let from = selected.saturating_sub(height);
        let to = (selected + height + 1).min(map.len());
        let wrapped: Vec<(usize, &MapRow, Vec<String>)> = (from..to)
            .filter_map(|n| map.row(n).map(|row| (n, row, wrap(row))))
            .collect();
        let at = wrapped
            .iter()
            .position(|(n, _, _)| *n == selected)
            .unwrap_or(0);
        let mut first = 0;
        while first < at
            && wrapped[first..=at]
                .iter()
                .map(|(_, _, lines)| lines.len())
                .sum::<usize>()
                > height
        {
            first += 1;
        }
        let mut y = list.y;
        for (n, row, lines) in wrapped.iter().skip(first) {
            let style = if *n == map.selected {
                theme.selected()
            } else {
                row_style(row.kind, theme)
            };
            for line in lines {
                if y >= list.bottom() {
                    return;
                }
                buf.set_string(list.x, y, line, style);
                y += 1;
            }
        }
    }
}

fn row_style(kind: RowKind, theme: Theme) -> Style {
    match kind {
        RowKind::Goal | RowKind::Heading => theme.title(),
        RowKind::Metric | RowKind::MetricPart => theme.dim(),
        _ => theme.base(),
    }
}
