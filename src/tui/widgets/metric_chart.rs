//! A metric's readings as a chart (ratatui's `Chart`): one chart per part
//! of its target, with the target as a line and baseline → latest in the
//! title, the metric's cadence and due date above, and its alerts, whole,
//! below. Keys: close, the next or previous metric, record a reading.

use super::Outcome;
use crate::domain::metric::alerts::Alert;
use crate::domain::metric::{
    Evaluation, Metric, PartView, baseline_to_latest, days_between, part_target,
};
use crate::formats::sanitize::terminal_line;
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind, lookup};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Widget, Wrap};

/// What a key asks of the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKey {
    Close,
    Next,
    Previous,
    Record,
}

use KeyCode::{Char, Down, Enter, Esc, Up};

pub const CHART: &[Binding<ChartKey>] = &[
    bind(
        &[Key::Plain(Esc), Key::Plain(Enter), Key::Plain(Char('q'))],
        ChartKey::Close,
        "close the chart",
    )
    .hint("close", Rank::Vital),
    bind(
        &[Key::Plain(Char('r'))],
        ChartKey::Record,
        "record a reading of this metric",
    )
    .hint("record", Rank::Main),
    bind(
        &[Key::Plain(Char('j')), Key::Plain(Down)],
        ChartKey::Next,
        "the next metric's chart",
    )
    .hint("next", Rank::Main),
    bind(
        &[Key::Plain(Char('k')), Key::Plain(Up)],
        ChartKey::Previous,
        "the previous metric's chart",
    ),
];

pub fn help() -> HelpGroup {
    HelpGroup::of("Chart", CHART)
}

pub fn handle_key(key: KeyEvent) -> Outcome<ChartKey> {
    match lookup(CHART, key) {
        Some(ChartKey::Close) => Outcome::Cancel,
        Some(asked) => Outcome::Submit(asked),
        None => Outcome::Ignored,
    }
}

/// What the chart shows: one metric, evaluated, and its alerts.
pub struct MetricChart<'a> {
    pub metric: &'a Metric,
    pub evaluation: &'a Evaluation,
    pub alerts: Vec<&'a Alert>,
}

impl MetricChart<'_> {
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let metric = self.metric;
        let eval = self.evaluation;
        let inner = super::popup(
            area,
            buf,
            (120, area.height),
            &terminal_line(&metric.name),
            theme.focus_border(),
            theme.title(),
        );
        if inner.height < 4 || inner.width < 20 {
            return;
        }
        let width = inner.width.saturating_sub(1);
        let header = format!(
            "Target {} ({} is better) · {}, read {} · next reading due {}{}",
            terminal_line(&metric.target.to_string()),
            metric.direction.name(),
            metric.kind.name(),
            metric.cadence.name(),
            eval.due,
            eval.overdue_days
                .map_or(String::new(), |d| format!(" ({d} days overdue)"))
        );
        let header_rows = super::form::wrapped_rows(&header, width);
        let alert_lines: Vec<Line> = self
            .alerts
            .iter()
            .map(|a| {
                Line::from(vec![
                    Span::styled(format!("! {}: ", a.kind.name()), theme.error()),
                    Span::raw(terminal_line(&a.message).into_owned()),
                ])
            })
            .collect();
        let alerts = Paragraph::new(alert_lines).wrap(Wrap { trim: true });
        // Charts keep at least 5 rows each; alerts take what is left.
        let charts_min = 5 * eval.parts.len() as u16;
        let alert_rows = u16::try_from(alerts.line_count(width.max(1)))
            .unwrap_or(u16::MAX)
            .min(
                inner
                    .height
                    .saturating_sub(header_rows + charts_min)
                    .max(if self.alerts.is_empty() { 0 } else { 1 }),
            );
        // The keys are on the status bar, generated from `CHART`.
        let [head, charts, foot] = Layout::vertical([
            Constraint::Length(header_rows),
            Constraint::Min(1),
            Constraint::Length(if self.alerts.is_empty() {
                0
            } else {
                alert_rows
            }),
        ])
        .areas(inner);
        Paragraph::new(Span::styled(header, theme.dim()))
            .wrap(Wrap { trim: true })
            .render(head, buf);
        let rows = Layout::vertical(eval.parts.iter().map(|_| Constraint::Fill(1))).split(charts);
        for (part, rect) in eval.parts.iter().zip(rows.iter()) {
            self.render_part(part, *rect, buf, theme);
        }
        alerts.render(foot, buf);
    }

    fn render_part(&self, part: &PartView, area: Rect, buf: &mut Buffer, theme: Theme) {
        let metric = self.metric;
        let trend = baseline_to_latest(metric, part);
        let label = if part.label.is_empty() {
            String::new()
        } else {
            format!("{}: ", terminal_line(&part.label))
        };
        let title = format!(
            " {label}{} · {}{} ",
            terminal_line(&part_target(metric, part)),
            part.status.name(),
            if trend.is_empty() {
                String::new()
            } else {
                format!(" · {trend}")
            }
        );
        let block = Block::new()
            .borders(Borders::TOP)
            .border_style(theme.border())
            .title(Span::styled(title, theme.title()));
        let (Some(first), Some(last)) = (part.baseline(), part.latest()) else {
            let inner = block.inner(area);
            block.render(area, buf);
            Paragraph::new(Span::styled("No readings yet: r records one.", theme.dim()))
                .render(inner, buf);
            return;
        };
        let points: Vec<(f64, f64)> = part
            .points
            .iter()
            .map(|p| (days_between(first.date, p.date) as f64, p.value))
            .collect();
        let x_max = (days_between(first.date, last.date) as f64).max(1.0);
        let threshold = metric.target.threshold(&part.label).map(|t| t.value);
        let target_line: Vec<(f64, f64)> = threshold
            .map(|t| vec![(0.0, t), (x_max, t)])
            .unwrap_or_default();
        let values = points.iter().map(|p| p.1).chain(threshold);
        let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        let pad = if high > low {
            (high - low) * 0.1
        } else {
            low.abs().max(1.0) * 0.1
        };
        let (y_min, y_max) = (low - pad, high + pad);
        let show = |v: f64| metric.show_value(&part.label, v);
        let mut datasets = vec![
            Dataset::default()
                .name("readings")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.ok())
                .data(&points),
        ];
        if !target_line.is_empty() {
            datasets.push(
                Dataset::default()
                    .name("target")
                    .marker(Marker::Dot)
                    .graph_type(GraphType::Line)
                    .style(theme.error())
                    .data(&target_line),
            );
        }
        let chart = Chart::new(datasets)
            .block(block)
            .x_axis(
                Axis::default()
                    .style(theme.dim())
                    .bounds([0.0, x_max])
                    .labels([first.date.to_string(), last.date.to_string()]),
            )
            .y_axis(
                Axis::default()
                    .style(theme.dim())
                    .bounds([y_min, y_max])
                    .labels([show(low), show(high)]),
            );
        chart.render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::every_key;

    #[test]
    fn every_key_in_the_table_does_something_and_no_other_does() {
        for key in every_key() {
            assert_eq!(
                lookup(CHART, key).is_some(),
                handle_key(key) != Outcome::Ignored,
                "{key:?}"
            );
        }
    }
}
