//! Drawing the Shadow pane: the big clock, live counters, the timeline strip
//! and the events, or the list of past sessions. Render never mutates.

use super::{Active, Overlay, ShadowPane};
use crate::domain::shadow::{
    EventKind, Mark, format_duration, format_minutes, format_offset, span_ms,
};
use crate::formats::shadow_notes::session_date;
use crate::tui::theme::Theme;
use crate::tui::widgets::{big_clock, fit};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

/// Rows above the events list when a session runs: title, clock (3),
/// wait line, timeline, events header.
pub const HEADER_ROWS: u16 = 7;
/// Rows above the first past session in the list.
pub const SESSIONS_TOP: u16 = 5;

/// How many events fit in the pane.
pub fn event_rows(body: Rect) -> usize {
    body.height.saturating_sub(HEADER_ROWS) as usize
}

/// The first event on screen: the newest are visible, and the selected one
/// always is.
pub fn first_row(len: usize, selected: usize, rows: usize) -> usize {
    let rows = rows.max(1);
    let newest_first_row = len.saturating_sub(rows);
    if selected < newest_first_row {
        selected.saturating_sub(rows / 2).min(newest_first_row)
    } else {
        newest_first_row
    }
}

fn kind_style(kind: EventKind, theme: Theme) -> Style {
    match kind {
        EventKind::Friction => theme.error(),
        EventKind::Wish => theme.key(),
        EventKind::Wait => theme.title(),
        EventKind::Switch => theme.ok(),
        EventKind::Tool | EventKind::Note => theme.base(),
    }
}

impl ShadowPane {
    pub fn draw(&self, area: Rect, buf: &mut Buffer, theme: Theme, monotonic_now: Duration) {
        match &self.active {
            Some(active) => render_active(active, area, buf, theme, monotonic_now),
            None => self.render_sessions(area, buf, theme),
        }
        match &self.overlay {
            Some(Overlay::NewSession(form)) => form.render(area, buf, theme),
            Some(Overlay::Text { prompt, .. } | Overlay::Unsaved { prompt, .. }) => {
                prompt.render(area, buf, theme)
            }
            Some(
                Overlay::End(choice)
                | Overlay::Delete { choice, .. }
                | Overlay::DeleteSession { choice, .. },
            ) => choice.render(area, buf, theme),
            Some(Overlay::Resume { choice, .. }) => choice.render(area, buf, theme),
            Some(Overlay::Summary(doc)) => doc.render(area, buf, theme),
            None => {}
        }
    }

    fn render_sessions(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let mut lines = vec![
            Line::from(""),
            Line::from(vec![
                Span::styled("  No session running. ", theme.title()),
                Span::raw("Press "),
                Span::styled("n", theme.key()),
                Span::raw(" to shadow a developer: sit beside them,"),
            ]),
            Line::from("  don't help, and stamp what happens with one key as it happens."),
            Line::from(""),
        ];
        if self.sessions.is_empty() {
            lines.push(Line::from(Span::styled("  No sessions yet.", theme.dim())));
        } else {
            lines.push(Line::from(Span::styled(
                "  Past sessions — v shows the notes; `fieldkit shadow export ID` writes them",
                theme.dim(),
            )));
        }
        let header = lines.len();
        let room = (area.height as usize).saturating_sub(header);
        let listed = self.listed();
        let selected = self.list.selected_row(&listed);
        let first = self.list.first_row(&listed, room);
        let shown = listed.iter().enumerate().skip(first).take(room);
        for (i, s) in shown.filter_map(|(row, &p)| self.sessions.get(p).map(|s| (row, s))) {
            let duration = s
                .duration_ms
                .map_or_else(|| "unfinished".to_string(), format_duration);
            let text = crate::tui::panes::research_row(
                s.short_id(),
                &session_date(s, &self.zone).to_string(),
                &s.participant,
                (&s.workflow, 30),
                &duration,
                usize::from(area.width),
            );
            let style = if i == selected {
                theme.selected()
            } else {
                theme.base()
            };
            lines.push(Line::from(Span::styled(text, style)));
        }
        Paragraph::new(lines).render(area, buf);
    }
}

fn render_active(
    active: &Active,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
    monotonic_now: Duration,
) {
    let offset = active.clock.offset_ms(monotonic_now);
    let [title, clock, wait, strip, events_header, events] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);

    let state = if active.ended {
        Span::styled(" ■ ENDED ", theme.dim().add_modifier(Modifier::BOLD))
    } else if active.clock.is_running() {
        Span::styled(" ● RECORDING ", theme.error().add_modifier(Modifier::BOLD))
    } else {
        Span::styled(" ‖ PAUSED — p resumes ", theme.key())
    };
    // The clock's state is drawn first and kept whole; the names get what
    // is left, so a long name can never hide that the clock is paused.
    let state_width = state.width() as u16;
    let [names, state_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(state_width)]).areas(title);
    Paragraph::new(state).render(state_area, buf);
    let who = format!(" {} ", active.session.participant);
    let room = names.width as usize;
    let who_cut = fit(&who, room);
    let rest = room.saturating_sub(who_cut.width());
    Paragraph::new(Line::from(vec![
        Span::styled(who_cut, theme.title()),
        Span::styled(fit("— ", rest), theme.dim()),
        Span::raw(fit(&active.session.workflow, rest.saturating_sub(2))),
    ]))
    .render(names, buf);

    let text = format_duration(offset);
    let clock_width = big_clock::width(&text) + 2;
    let [clock_area, counters] =
        Layout::horizontal([Constraint::Length(clock_width), Constraint::Min(0)]).areas(clock);
    let clock_style = if active.clock.is_running() {
        theme.base().add_modifier(Modifier::BOLD)
    } else {
        theme.dim()
    };
    big_clock::render(
        &text,
        clock_area.inner(ratatui::layout::Margin::new(1, 0)),
        buf,
        clock_style,
    );

    // Kept up to date per event: a frame reads it, never recounts it.
    let summary = active.log.counts(offset);
    let guesses = match (
        active.session.researcher_guess_min,
        active.session.developer_guess_min,
    ) {
        (None, None) => "no predictions".to_string(),
        (r, d) => format!(
            "predicted: you {} · them {}",
            r.map_or("—".to_string(), format_minutes),
            d.map_or("—".to_string(), format_minutes)
        ),
    };
    let counter = |label: &str, value: String, style: Style| {
        vec![
            Span::styled(format!("{label} "), theme.dim()),
            Span::styled(value, style),
            Span::raw("   "),
        ]
    };
    let mut row1 = counter("friction", summary.friction.to_string(), theme.error());
    row1.extend(counter(
        "switches",
        summary.switches.to_string(),
        theme.ok(),
    ));
    row1.extend(counter(
        "waiting",
        format_duration(summary.waiting_ms),
        theme.title(),
    ));
    row1.extend(counter("wishes", summary.wishes.to_string(), theme.key()));
    Paragraph::new(vec![
        Line::from(row1),
        Line::from(vec![
            Span::styled("tools ", theme.dim()),
            Span::raw(active.log.tools_line()),
        ]),
        Line::from(Span::styled(guesses, theme.dim())),
    ])
    .render(counters, buf);

    if let Some(w) = active.open_wait() {
        let waited = format_offset(span_ms(w.offset_ms, offset));
        let what = if w.text.is_empty() {
            String::new()
        } else {
            format!(" for {}", w.text)
        };
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!(" ⧗ waiting {waited}"),
                theme.title().add_modifier(Modifier::BOLD),
            ),
            Span::raw(what),
            Span::styled("   w ends the wait", theme.dim()),
        ]))
        .render(wait, buf);
    }

    let label = " timeline ";
    let cells = active.log.timeline(
        offset,
        strip.width.saturating_sub(label.len() as u16 + 1) as usize,
    );
    let mut spans = vec![Span::styled(label, theme.dim())];
    for mark in cells {
        spans.push(match mark {
            Mark::Empty => Span::styled("·", theme.dim()),
            Mark::Waiting => Span::styled("═", theme.title()),
            Mark::Switch => Span::styled("s", theme.ok()),
            Mark::Wish => Span::styled("i", theme.key()),
            Mark::Friction => Span::styled("f", theme.error()),
        });
    }
    Paragraph::new(Line::from(spans)).render(strip, buf);

    let heading = format!(" Events ({})", active.log.len());
    Paragraph::new(Line::from(Span::styled(
        heading.clone(),
        theme.dim().add_modifier(Modifier::BOLD),
    )))
    .render(events_header, buf);
    // The timeline's legend, right of the heading, as much as fits.
    let legend = Line::from(vec![
        Span::styled("timeline: ", theme.dim()),
        Span::styled("f", theme.error()),
        Span::styled(" friction  ", theme.dim()),
        Span::styled("s", theme.ok()),
        Span::styled(" switch  ", theme.dim()),
        Span::styled("i", theme.key()),
        Span::styled(" wish  ", theme.dim()),
        Span::styled("═", theme.title()),
        Span::styled(" waiting ", theme.dim()),
    ]);
    let legend_width = (legend.width() as u16).min(
        events_header
            .width
            .saturating_sub(heading.width() as u16 + 2),
    );
    legend.right_aligned().render(
        Rect::new(
            events_header.right().saturating_sub(legend_width),
            events_header.y,
            legend_width,
            1,
        ),
        buf,
    );

    if active.log.is_empty() {
        Paragraph::new(Span::styled(
            " Nothing yet: the status bar lists the stamp keys, ? all of them.",
            theme.dim(),
        ))
        .wrap(Wrap { trim: true })
        .render(events, buf);
        return;
    }
    let rows = events.height as usize;
    let selected = active.selected_index().unwrap_or(0);
    let first = first_row(active.log.len(), selected, rows);
    let lines: Vec<Line> = active
        .log
        .events()
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, e)| {
            let mut text = e.text.clone();
            if e.kind == EventKind::Wait {
                text = match e.end_offset_ms {
                    Some(end) => format!("{text} ({})", format_offset(span_ms(e.offset_ms, end))),
                    None => format!("{text} (waiting…)"),
                };
            }
            let (stamp, kind) = (
                format!(" {:>6}  ", format_offset(e.offset_ms)),
                format!("{:<9}", e.kind.name()),
            );
            // The text takes the rest of the row; a cut shows `…`.
            let room = usize::from(events.width).saturating_sub(stamp.width() + kind.width());
            let text = fit(&crate::formats::sanitize::terminal_line(&text), room);
            let line = Line::from(vec![
                Span::styled(stamp, theme.dim()),
                Span::styled(kind, kind_style(e.kind, theme)),
                Span::raw(text),
            ]);
            if i == selected && active.selected.is_some() {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    Paragraph::new(lines).render(events, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_events_stay_visible_and_the_selection_too() {
        assert_eq!(first_row(5, 4, 10), 0);
        assert_eq!(first_row(100, 99, 10), 90);
        assert_eq!(first_row(100, 20, 10), 15);
        assert_eq!(first_row(100, 95, 10), 90);
    }
}
