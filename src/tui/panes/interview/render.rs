//! Drawing the Interview pane. Render never mutates.

use super::keys::ranking_keys;
use super::{InterviewPane, Overlay, Running};
use crate::domain::interview::TALK_LIMIT;
use crate::domain::shadow::{format_duration, format_offset};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};
use std::time::Duration;

/// Rows above the first interview in the list.
pub const LIST_TOP: u16 = 5;

/// A bar of `width` cells filled to `ratio`, with `░` for the rest.
fn bar(ratio: f64, width: usize) -> (String, String) {
    let filled = ((ratio.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    ("█".repeat(filled), "░".repeat(width - filled))
}

impl InterviewPane {
    pub fn draw(&self, area: Rect, buf: &mut Buffer, theme: Theme, monotonic_now: Duration) {
        match &self.running {
            Some(running) => render_running(running, area, buf, theme, monotonic_now),
            None => self.render_list(area, buf, theme),
        }
        match &self.overlay {
            Some(Overlay::NewInterview(form)) => form.render(area, buf, theme),
            Some(
                Overlay::Quote { prompt, .. }
                | Overlay::Ranking(prompt)
                | Overlay::EditQuote { prompt, .. },
            ) => prompt.render(area, buf, theme),
            Some(
                Overlay::End(choice)
                | Overlay::DeleteInterview { choice, .. }
                | Overlay::DeleteNote { choice, .. }
                | Overlay::DeleteScript { choice, .. },
            ) => choice.render(area, buf, theme),
            Some(Overlay::PickScript(picker)) => picker.render(area, buf, theme),
            Some(Overlay::Resume { choice, .. }) => choice.render(area, buf, theme),
            Some(Overlay::Summary(doc)) => doc.render(area, buf, theme),
            None => {}
        }
    }

    fn render_list(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let mut lines = vec![
            Line::from(""),
            Line::from(vec![
                Span::styled("  No interview running. ", theme.title()),
                Span::raw("Press "),
                Span::styled("n", theme.key()),
                Span::raw(" to start one: 30 minutes, four timed phases."),
            ]),
            Line::from(
                "  The most important rule: listen more than you talk — under 20% of the time.",
            ),
            Line::from(""),
            Line::from(Span::styled(
                if self.interviews.is_empty() {
                    "  No interviews yet."
                } else {
                    "  Past interviews — v shows the record; `fieldkit interview export ID`"
                },
                theme.dim(),
            )),
        ];
        let room = (area.height as usize).saturating_sub(lines.len());
        let listed = self.listed();
        let selected = self.list.selected_row(&listed);
        let first = self.list.first_row(&listed, room);
        let shown = listed.iter().enumerate().skip(first).take(room);
        for (n, i) in shown.filter_map(|(row, &p)| self.interviews.get(p).map(|i| (row, i))) {
            let text = crate::tui::panes::research_row(
                i.short_id(),
                &crate::domain::time::local_date(&i.started_at, &self.zone).to_string(),
                &i.participant,
                (&i.team, 20),
                &i.duration_ms
                    .map_or_else(|| "unfinished".to_string(), format_duration),
                usize::from(area.width),
            );
            let style = if n == selected {
                theme.selected()
            } else {
                theme.base()
            };
            lines.push(Line::from(Span::styled(text, style)));
        }
        Paragraph::new(lines).render(area, buf);
    }
}

fn render_running(
    running: &Running,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
    monotonic_now: Duration,
) {
    let now = running.clock.offset_ms(monotonic_now);
    let record = &running.record;
    let interview = &record.interview;
    let script = &interview.script;
    let questions = script.questions();
    let current = running.current().min(questions.len().saturating_sub(1));
    let phase_index = script.phase_of(current);
    let phase = script.phases.get(phase_index);
    let talking = running.open_talk().is_some();

    let [
        title,
        question,
        next,
        phase_row,
        whole_row,
        talk_row,
        _,
        notes,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(6),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);

    // The clock and "talking" are drawn first and kept whole; the names
    // get what is left.
    let mut state = vec![Span::styled(
        format!(" ⏱ {} ", format_duration(now)),
        theme.base().add_modifier(Modifier::BOLD),
    )];
    if running.ended {
        state.push(Span::styled(
            "■ ENDED ",
            theme.dim().add_modifier(Modifier::BOLD),
        ));
    } else if talking {
        state.push(Span::styled(
            "● YOU ARE TALKING (t stops) ",
            theme.error().add_modifier(Modifier::BOLD),
        ));
    }
    let state = Line::from(state);
    let [names, state_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(state.width() as u16)])
            .areas(title);
    state.render(state_area, buf);
    let team = if interview.team.is_empty() {
        String::new()
    } else {
        format!("({}) ", interview.team)
    };
    let who = format!(
        " {} {team}— {}",
        interview.participant, interview.script_name
    );
    Paragraph::new(Span::styled(
        crate::tui::widgets::fit(&who, names.width as usize),
        theme.title(),
    ))
    .render(names, buf);

    // The question, large: bold in its own box, centred.
    let text = questions
        .get(current)
        .map(|(_, q)| interview.placeholders.fill(q))
        .unwrap_or_default();
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focus_border())
        .title(Span::styled(
            format!(
                " {} · question {} of {} ",
                phase.map_or("", |p| p.name.as_str()),
                current + 1,
                questions.len()
            ),
            theme.title(),
        ));
    let inner = block.inner(question);
    block.render(question, buf);
    let mut lines = vec![
        Line::from(""),
        Line::from(Span::styled(
            format!("“{text}”"),
            theme.base().add_modifier(Modifier::BOLD),
        )),
    ];
    // A question that lists the options asks for a ranking: say which key
    // takes it here, where the eye is, since a narrow status bar drops it.
    let asks_ranking = questions
        .get(current)
        .is_some_and(|(_, q)| q.contains("{a}") && q.contains("{b}"));
    if let Some(keys) = ranking_keys().filter(|_| asks_ranking && !running.ended) {
        lines.push(Line::from(Span::styled(
            format!("{keys} takes their ranking"),
            theme.dim(),
        )));
    }
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(inner, buf);

    let next_text = match questions.get(current + 1) {
        Some((p, q)) if *p != phase_index => format!(
            "Next ({}): {}",
            script.phases.get(*p).map_or("", |ph| ph.name.as_str()),
            interview.placeholders.fill(q)
        ),
        Some((_, q)) => format!("Next: {}", interview.placeholders.fill(q)),
        None => "Last question — E ends the interview".to_string(),
    };
    // One row: a long question is cut with `…`.
    let next_text = crate::tui::widgets::fit(
        &crate::formats::sanitize::terminal_line(&format!(" {next_text}")),
        usize::from(next.width),
    );
    Paragraph::new(Span::styled(next_text, theme.dim())).render(next, buf);

    let bar_width = (area.width as usize).saturating_sub(66).clamp(4, 40);
    if let Some(phase) = phase {
        let planned = (phase.minutes * 60_000.0) as i64;
        let spent = record.phase_actual(phase_index, now);
        let over = spent > planned;
        let style = if over { theme.error() } else { theme.ok() };
        let (fill, rest) = bar(spent as f64 / planned.max(1) as f64, bar_width);
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {:<12}", truncate(&phase.name, 12)), theme.dim()),
            Span::styled(
                format!(
                    "{:>8} / {:<8}",
                    format_offset(spent),
                    format_offset(planned)
                ),
                style,
            ),
            Span::styled(fill, style),
            Span::styled(rest, theme.dim()),
            Span::styled(if over { "  over time" } else { "" }, theme.error()),
        ]))
        .render(phase_row, buf);
    }
    let total = (script.total_minutes() * 60_000.0) as i64;
    let over = now > total;
    let style = if over { theme.error() } else { theme.ok() };
    let (fill, rest) = bar(now as f64 / total.max(1) as f64, bar_width);
    Paragraph::new(Line::from(vec![
        Span::styled(format!(" {:<12}", "Interview"), theme.dim()),
        Span::styled(
            format!("{:>8} / {:<8}", format_offset(now), format_offset(total)),
            style,
        ),
        Span::styled(fill, style),
        Span::styled(rest, theme.dim()),
        Span::styled(if over { "  over time" } else { "" }, theme.error()),
    ]))
    .render(whole_row, buf);

    // The talk gauge with the 20% line drawn into it.
    let stats = record.talk(phase_index, now);
    let over_limit = stats.over_limit();
    let style = if over_limit {
        theme.error().add_modifier(Modifier::BOLD)
    } else {
        theme.ok()
    };
    let bar_width = (area.width as usize).saturating_sub(85).clamp(4, 40);
    let filled = ((stats.ratio * bar_width as f64).round() as usize).min(bar_width);
    let limit_at =
        ((TALK_LIMIT * bar_width as f64).round() as usize).min(bar_width.saturating_sub(1));
    let mut spans = vec![
        Span::styled(format!(" {:<12}", "You talk"), theme.dim()),
        Span::styled(
            format!("{:>8} of time   ", format!("{:.0}%", stats.ratio * 100.0)),
            style,
        ),
    ];
    for cell in 0..bar_width {
        let (symbol, cell_style) = match (cell < filled, cell == limit_at) {
            (true, true) => ("┃", style),
            (true, false) => ("█", style),
            (false, true) => ("┃", theme.key()),
            (false, false) => ("░", theme.dim()),
        };
        spans.push(Span::styled(symbol, cell_style));
    }
    if over_limit {
        spans.push(Span::styled("  over 20%: listen more", theme.error()));
    }
    // The phase figures follow as far as the row has room, whole or not at
    // all, so a narrow terminal never shows a word cut in half.
    let used: usize = spans.iter().map(Span::width).sum();
    let phase = format!(" · phase {:.0}%", stats.phase_ratio * 100.0);
    let longest = format!(" · longest {}", format_offset(stats.longest_ms));
    let room = usize::from(talk_row.width).saturating_sub(used);
    let tail = if phase.chars().count() + longest.chars().count() <= room {
        format!("{phase}{longest}")
    } else if phase.chars().count() <= room {
        phase
    } else {
        String::new()
    };
    spans.push(Span::styled(tail, theme.dim()));
    Paragraph::new(Line::from(spans)).render(talk_row, buf);

    if let Some(note) = &running.note {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.focus_border())
            .title(Span::styled(
                format!(
                    " Note on question {} — saved as you type; Esc closes ",
                    note.question + 1
                ),
                theme.title(),
            ));
        let inner = block.inner(notes);
        block.render(notes, buf);
        note.editor.widget().render(inner, buf);
        return;
    }
    let (note, quotes) = record.notes_of(current);
    // In a past interview one note or quote is selected, to edit or delete.
    let picked = running
        .picked_item()
        .filter(|_| running.ended)
        .map(|n| n.id.as_str());
    let mark = |id: &str| if picked == Some(id) { "▸ " } else { "  " };
    let mut lines = vec![Line::from(Span::styled(
        if running.ended {
            " Notes on this question  (j/k select · e edit · d delete · u undo)"
        } else {
            " Notes on this question  (Enter writes · \" quotes)"
        },
        theme.dim().add_modifier(Modifier::BOLD),
    ))];
    if let Some(n) = note {
        lines.extend(
            n.text.lines().enumerate().map(|(i, l)| {
                Line::from(format!("{}{l}", if i == 0 { mark(&n.id) } else { "  " }))
            }),
        );
    }
    // Each quote takes at least one row: more than the area's height can
    // never show, so a long interview's frame lays out only what fits.
    for q in quotes.iter().take(usize::from(notes.height)) {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}{}  ", mark(&q.id), format_offset(q.offset_ms)),
                theme.dim(),
            ),
            Span::styled(format!("“{}”", q.text), theme.key()),
        ]));
    }
    if note.is_none() && quotes.is_empty() {
        lines.push(Line::from(Span::styled("  nothing yet", theme.dim())));
    }
    if !interview.ranking.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(" Ranking ", theme.dim()),
            Span::raw(interview.ranking.join(" > ")),
        ]));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(notes, buf);
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}
