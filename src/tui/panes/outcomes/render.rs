//! Drawing the Outcomes pane: alerts at the top, the metrics table with a
//! sparkline per part, a line about the selected metric, and the research
//! cadence. Nothing here changes state or reads the database.

use super::{OutcomesPane, Overlay};
use crate::domain::cadence::{ResearchCadence, since};
use crate::domain::metric::target::Trend;
use crate::domain::metric::{Metric, PartView, Status, Target, baseline_to_latest, part_target};
use crate::formats::sanitize::terminal_line;
use crate::tui::theme::Theme;
use crate::tui::widgets::fit;
use crate::tui::widgets::metric_chart::MetricChart;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

/// Where each part of the pane goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub alerts: Rect,
    pub table: Rect,
    pub detail: Rect,
    pub cadence: Rect,
}

/// Alert lines shown at most; more are counted on the last.
const MAX_ALERT_ROWS: u16 = 4;
const CADENCE_ROWS: u16 = 5;
/// The table keeps its header and this many rows before the cadence
/// panel and the detail line give way.
const MIN_TABLE_ROWS: u16 = 4;

/// The pane's layout for `alerts` alerts: the alerts' heading and lines,
/// the table, a detail line and the cadence panel; on a short screen the
/// detail line, then the cadence panel, give way to the table.
pub fn areas(body: Rect, alerts: usize, has_metrics: bool) -> Areas {
    let alert_rows = 1 + (alerts as u16).min(MAX_ALERT_ROWS);
    let detail_rows = u16::from(has_metrics);
    let room = body.height.saturating_sub(alert_rows + 1 + MIN_TABLE_ROWS);
    let cadence = if room >= CADENCE_ROWS {
        CADENCE_ROWS
    } else {
        0
    };
    let detail = if room >= cadence + detail_rows {
        detail_rows
    } else {
        0
    };
    let [alerts, table, detail, cadence] = Layout::vertical([
        Constraint::Length(alert_rows),
        Constraint::Min(1),
        Constraint::Length(detail),
        Constraint::Length(cadence),
    ])
    .areas(body);
    Areas {
        alerts,
        table,
        detail,
        cadence,
    }
}

/// Rows of metrics under the table's header.
pub fn table_rows(table: Rect) -> usize {
    table.height.saturating_sub(1) as usize
}

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The last `width` readings as bars from the lowest to the highest shown.
fn sparkline(part: &PartView, width: usize) -> String {
    let start = part.points.len().saturating_sub(width);
    let shown = &part.points[start..];
    let (low, high) = shown
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
            (l.min(p.value), h.max(p.value))
        });
    shown
        .iter()
        .map(|p| {
            if high > low {
                let at = ((p.value - low) / (high - low) * 7.0).round() as usize;
                LEVELS[at.min(7)]
            } else {
                LEVELS[3]
            }
        })
        .collect()
}

/// The target column: whole on a wide screen; else the condition (with a
/// pair's label), the rest of the target being on the detail line.
fn target_cell(metric: &Metric, part: &PartView, wide: bool) -> String {
    match &metric.target {
        _ if wide => part_target(metric, part),
        Target::Trend { trend, period } => format!(
            "{} {} over {}",
            match trend {
                Trend::Decreasing => "↓",
                Trend::Increasing => "↑",
            },
            period.name(),
            period.name()
        ),
        Target::Pair { .. } => part_target(metric, part),
        Target::Threshold { .. } => part.target.clone(),
    }
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::TooFew => "too few",
        s => s.name(),
    }
}

fn status_style(status: Status, theme: Theme) -> Style {
    match status {
        Status::OnTarget => theme.ok(),
        Status::OffTarget => theme.error(),
        Status::NoReading | Status::TooFew => theme.dim(),
    }
}

/// A rule across `area` with a title, as a section heading.
fn heading(title: &str, area: Rect, buf: &mut Buffer, theme: Theme) {
    Block::new()
        .borders(Borders::TOP)
        .border_style(theme.border())
        .title(Span::styled(format!(" {title} "), theme.title()))
        .render(area, buf);
}

impl OutcomesPane {
    pub fn draw(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let areas = self.areas(area);
        self.render_alerts(areas.alerts, buf, theme);
        if self.board.metrics.is_empty() {
            render_welcome(areas.table, buf, theme);
        } else {
            self.render_table(areas.table, buf, theme);
            self.render_detail(areas.detail, buf, theme);
        }
        if let Some(cadence) = &self.cadence {
            render_cadence(cadence, areas.cadence, buf, theme);
        }
        match &self.overlay {
            Some(Overlay::Record { form, .. } | Overlay::AddMetric(form)) => {
                form.render(area, buf, theme)
            }
            Some(Overlay::Notice(document)) => document.render(area, buf, theme),
            Some(Overlay::Chart) => {
                if let Some((metric, evaluation)) = self.board.rows().nth(self.selected) {
                    MetricChart {
                        metric,
                        evaluation,
                        alerts: self.board.alerts_of(metric).collect(),
                    }
                    .render(area, buf, theme);
                }
            }
            None => {}
        }
    }

    fn render_alerts(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let alerts = &self.board.alerts;
        if alerts.is_empty() {
            heading("Alerts: none", area, buf, theme);
            return;
        }
        heading(&format!("Alerts ({})", alerts.len()), area, buf, theme);
        let width = usize::from(area.width);
        let rows = usize::from(area.height.saturating_sub(1));
        let cut = alerts.len() > rows;
        for (i, alert) in alerts.iter().take(rows).enumerate() {
            let y = area.y + 1 + i as u16;
            let line_area = Rect::new(area.x, y, area.width, 1);
            if cut && i + 1 == rows {
                let more = alerts.len() - i;
                Paragraph::new(Span::styled(
                    format!(
                        " … and {more} more: Enter on a metric shows its alerts; \
                         `fieldkit metric list` lists them all"
                    ),
                    theme.dim(),
                ))
                .render(line_area, buf);
                break;
            }
            let kind = format!(" ! {}: ", alert.kind.name());
            let room = width.saturating_sub(kind.width());
            let message = terminal_line(&alert.message);
            let text = if message.width() <= room {
                message.into_owned()
            } else {
                fit(&terminal_line(&alert.summary), room)
            };
            Paragraph::new(Line::from(vec![
                Span::styled(kind, theme.error()),
                Span::raw(text),
            ]))
            .render(line_area, buf);
        }
    }

    fn render_table(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let wide = area.width >= 120;
        let rows_on_screen = table_rows(area);
        let longest_name = self
            .board
            .metrics
            .iter()
            .map(|m| terminal_line(&m.name).width())
            .max()
            .unwrap_or(6)
            .max(6);
        let latest_texts: Vec<Vec<String>> = self
            .board
            .rows()
            .map(|(m, e)| {
                e.parts
                    .iter()
                    .map(|p| {
                        p.latest()
                            .map_or("—".to_string(), |l| m.show_value(&p.label, l.value))
                    })
                    .collect()
            })
            .collect();
        let latest_width = latest_texts
            .iter()
            .flatten()
            .map(|t| terminal_line(t).width())
            .max()
            .unwrap_or(6)
            .clamp(6, 14) as u16;
        let spark_width: u16 = if wide { 16 } else { 8 };
        let trend_width = if wide {
            self.board
                .rows()
                .flat_map(|(m, e)| {
                    e.parts
                        .iter()
                        .map(move |p| baseline_to_latest(m, p).width())
                })
                .max()
                .unwrap_or(0)
                .clamp(17, 40) as u16
        } else {
            0
        };
        // The name takes what the other columns (the target at its least)
        // leave, up to the longest name (40 at most); a cut shows `…`.
        let others: u16 = if wide {
            7 + 9 + 10 + latest_width + 10 + spark_width + trend_width + 7
        } else {
            7 + 10 + latest_width + 10 + spark_width + 5
        };
        // `longest_name` is at least 6, so the bounds are in order.
        let most = u16::try_from(longest_name).unwrap_or(u16::MAX).min(40);
        let name_width = area.width.saturating_sub(others).clamp(6, most);
        let mut header = vec!["metric", "kind"];
        let mut widths = vec![Constraint::Length(name_width), Constraint::Length(7)];
        if wide {
            header.push("cadence");
            widths.push(Constraint::Length(9));
        }
        header.extend(["target", "latest", "status", "readings"]);
        widths.extend([
            Constraint::Min(10),
            Constraint::Length(latest_width),
            Constraint::Length(10),
            Constraint::Length(spark_width),
        ]);
        if wide {
            header.push("baseline → latest");
            widths.push(Constraint::Length(trend_width));
        }
        let target_column = if wide { 3 } else { 2 };
        let target_width = Layout::horizontal(widths.clone())
            .flex(Flex::Start)
            .spacing(1)
            .split(area)
            .get(target_column)
            .map_or(0, |r| usize::from(r.width));
        let mut rows: Vec<Row> = Vec::new();
        for (i, ((metric, eval), latest)) in self
            .board
            .rows()
            .zip(&latest_texts)
            .enumerate()
            .skip(self.offset)
        {
            for (p, part) in eval.parts.iter().enumerate() {
                if rows.len() >= rows_on_screen {
                    break;
                }
                rows.push(self.row(
                    (metric, part, p == 0),
                    latest.get(p).map_or("—", String::as_str),
                    (usize::from(name_width), target_width, spark_width, wide),
                    i == self.selected,
                    theme,
                ));
            }
        }
        let header = Row::new(header).style(theme.title());
        Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .flex(Flex::Start)
            .render(area, buf);
    }

    fn row(
        &self,
        (metric, part, first): (&Metric, &PartView, bool),
        latest: &str,
        (name_width, target_width, spark_width, wide): (usize, usize, u16, bool),
        selected: bool,
        theme: Theme,
    ) -> Row<'static> {
        let on_first = |text: String| if first { text } else { String::new() };
        let mut cells = vec![
            Cell::from(on_first(fit(&terminal_line(&metric.name), name_width))),
            Cell::from(on_first(metric.kind.name().to_string())),
        ];
        if wide {
            cells.push(Cell::from(on_first(metric.cadence.name().to_string())));
        }
        cells.extend([
            Cell::from(fit(
                &terminal_line(&target_cell(metric, part, wide)),
                target_width,
            )),
            Cell::from(Line::from(terminal_line(latest).into_owned()).right_aligned()),
            Cell::from(Span::styled(
                status_word(part.status),
                status_style(part.status, theme),
            )),
            Cell::from(Span::styled(
                sparkline(part, usize::from(spark_width)),
                theme.bar(),
            )),
        ]);
        if wide {
            cells.push(Cell::from(baseline_to_latest(metric, part)));
        }
        let row = Row::new(cells);
        if selected {
            row.style(theme.selected())
        } else {
            row
        }
    }

    /// The selected metric in a line: kind, cadence, when the next reading
    /// is due, baseline → latest, and its whole target.
    fn render_detail(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let Some((metric, eval)) = self.board.rows().nth(self.selected) else {
            return;
        };
        let due = match eval.overdue_days {
            Some(days) => format!("was due {} ({days} days overdue)", eval.due),
            None => format!("next due {}", eval.due),
        };
        let trends: Vec<String> = eval
            .parts
            .iter()
            .map(|p| baseline_to_latest(metric, p))
            .filter(|t| !t.is_empty())
            .collect();
        let mut text = String::from(" ");
        if !trends.is_empty() {
            text.push_str(&format!("{} · ", trends.join("; ")));
        }
        text.push_str(&format!(
            "{}, read {}, {due}",
            metric.kind.name(),
            metric.cadence.name()
        ));
        // The whole target when it fits; the table shows its condition.
        let target = format!(" · target {}", terminal_line(&metric.target.to_string()));
        if text.width() + target.width() <= usize::from(area.width) {
            text.push_str(&target);
        }
        let style = if eval.overdue_days.is_some() {
            theme.error()
        } else {
            theme.dim()
        };
        Paragraph::new(Span::styled(fit(&text, usize::from(area.width)), style)).render(area, buf);
    }
}

fn render_welcome(area: Rect, buf: &mut Buffer, theme: Theme) {
    let lines = vec![
        Line::from(""),
        Line::from(Span::styled("  No success metrics yet.", theme.title())),
        Line::from(""),
        Line::from(vec![
            Span::raw("  Press "),
            Span::styled("p", theme.key()),
            Span::raw(" to add the seed's eight, each with its target and"),
        ]),
        Line::from("  leading or lagging kind: adoption, time to production,"),
        Line::from("  satisfaction, MTTR, self-service, onboarding, reliability,"),
        Line::from("  support tickets."),
        Line::from(vec![
            Span::raw("  Press "),
            Span::styled("a", theme.key()),
            Span::raw(" to add one of your own (name, target, kind, cadence)."),
        ]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

/// `last 6 days ago`, `last today`, `no session yet`.
fn last(days: Option<i64>, what: &str) -> String {
    match days {
        None | Some(0) => format!("last {}", since(days, what)).replace("last no", "no"),
        Some(_) => format!("last {} ago", since(days, what)),
    }
}

fn render_cadence(c: &ResearchCadence, area: Rect, buf: &mut Buffer, theme: Theme) {
    if area.height == 0 {
        return;
    }
    heading(
        &format!("Research cadence · {}", c.quarter),
        area,
        buf,
        theme,
    );
    let mark = |ok: bool| {
        if ok {
            ("on target", theme.ok())
        } else {
            ("below target", theme.error())
        }
    };
    let label = |text: &str| Span::styled(format!(" {text:<15}"), theme.key());
    let (teams_word, teams_style) = mark(c.teams_on_target());
    let (interviews_word, interviews_style) = mark(c.interviews_on_target());
    let teams = if c.teams_shadowed.is_empty() {
        "none yet this quarter".to_string()
    } else {
        terminal_line(&c.teams_shadowed.join(", ")).into_owned()
    };
    let width = usize::from(area.width).saturating_sub(16);
    let silent = if c.not_heard_from.is_empty() {
        "every team seen this year was heard from this quarter".to_string()
    } else {
        let dated = c
            .not_heard_from
            .iter()
            .map(|(team, date)| format!("{} (last {date})", terminal_line(team)))
            .collect::<Vec<_>>()
            .join(", ");
        if dated.width() <= width {
            dated
        } else {
            // Names alone, longest silence first, when the dates leave no room.
            c.not_heard_from
                .iter()
                .map(|(team, _)| terminal_line(team).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let lines = vec![
        Line::from(vec![
            label("Shadowing"),
            Span::raw(format!(
                "{} of {} teams this quarter, ",
                c.teams_shadowed.len(),
                c.targets.teams_per_quarter
            )),
            Span::styled(teams_word, teams_style),
            Span::raw(format!(" · {}", last(c.days_since_shadowing, "session"))),
        ]),
        Line::from(vec![
            label("Interviews"),
            Span::raw(format!(
                "{} of {} this month ({}), ",
                c.interviews_this_month, c.targets.interviews_per_month, c.month
            )),
            Span::styled(interviews_word, interviews_style),
            Span::raw(format!(" · {}", last(c.days_since_interview, "interview"))),
        ]),
        Line::from(vec![label("Teams shadowed"), Span::raw(fit(&teams, width))]),
        Line::from(vec![
            label("Not heard from"),
            Span::raw(fit(&silent, width)),
        ]),
    ];
    Paragraph::new(lines).render(
        Rect::new(
            area.x,
            area.y + 1,
            area.width,
            area.height.saturating_sub(1),
        ),
        buf,
    );
}
