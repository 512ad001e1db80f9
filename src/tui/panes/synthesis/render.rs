//! Drawing the Synthesis pane: the list of syntheses, or one synthesis with
//! its entries beside the sources' material. Render never mutates.

use super::{Focus, Open, Overlay, Row, SynthesisPane};
use crate::domain::shadow::format_offset;
use crate::domain::synthesis::Section;
use crate::formats::sanitize::{terminal, terminal_line};
use crate::tui::theme::Theme;
use crate::tui::widgets::{fit, popup, wrap_words};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

/// Rows above the first synthesis in the list.
pub const LIST_TOP: u16 = 5;

impl SynthesisPane {
    pub fn draw(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        match &self.open {
            Some(open) => render_open(open, area, buf, theme),
            None => self.render_list(area, buf, theme),
        }
        match &self.overlay {
            Some(Overlay::Title(prompt)) => prompt.render(area, buf, theme),
            Some(Overlay::Sources { list, error, .. }) => {
                let inner = popup(
                    area,
                    buf,
                    (84, list.options.len() as u16 + 5),
                    "Sources — Space picks, Enter creates",
                    theme.focus_border(),
                    theme.title(),
                );
                let rows = (inner.height as usize).saturating_sub(1);
                let first = list.cursor.saturating_sub(rows.saturating_sub(1));
                let mut lines: Vec<Line> = list
                    .options
                    .iter()
                    .zip(&list.checked)
                    .enumerate()
                    .skip(first)
                    .take(rows)
                    .map(|(i, (label, on))| {
                        let text = fit(
                            &terminal_line(&format!(" [{}] {label}", if *on { "x" } else { " " })),
                            usize::from(inner.width),
                        );
                        if i == list.cursor {
                            Line::from(Span::styled(text, theme.selected()))
                        } else {
                            Line::from(text)
                        }
                    })
                    .collect();
                if let Some(e) = error {
                    lines.push(Line::from(Span::styled(format!(" ✗ {e}"), theme.error())));
                }
                Paragraph::new(lines).render(inner, buf);
            }
            Some(Overlay::Delete { choice, .. } | Overlay::DeleteSynthesis { choice, .. }) => {
                choice.render(area, buf, theme)
            }
            Some(Overlay::Promote { form, .. }) => form.render(area, buf, theme),
            Some(Overlay::View(doc)) => doc.render(area, buf, theme),
            None => {}
        }
        if let Some(editor) = self.open.as_ref().and_then(|o| o.editor.as_ref()) {
            let what = if editor.entry_id.is_some() {
                "Edit"
            } else {
                "New"
            };
            let inner = popup(
                area,
                buf,
                (80, 12),
                &format!(
                    "{what} {} entry — saved as you type; Esc closes",
                    editor.section.name()
                ),
                theme.focus_border(),
                theme.title(),
            );
            editor.text.widget().render(inner, buf);
        }
    }

    fn render_list(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let mut lines = vec![
            Line::from(""),
            Line::from(vec![
                Span::styled("  Turn research into evidence. ", theme.title()),
                Span::raw("Press "),
                Span::styled("n", theme.key()),
                Span::raw(" to synthesize interviews and sessions,"),
            ]),
            Line::from(
                "  link their quotes to pain points, and promote an action to the backlog (b).",
            ),
            Line::from(""),
            Line::from(Span::styled(
                if self.syntheses.is_empty() {
                    "  No syntheses yet."
                } else {
                    "  Syntheses (Enter opens; `fieldkit synthesis export ID` writes one)"
                },
                theme.dim(),
            )),
        ];
        let room = (area.height as usize).saturating_sub(lines.len());
        let listed = self.listed();
        let selected = self.list.selected_row(&listed);
        let first = self.list.first_row(&listed, room);
        let shown = listed.iter().enumerate().skip(first).take(room);
        for (i, (id, title, created)) in
            shown.filter_map(|(row, &p)| self.syntheses.get(p).map(|s| (row, s)))
        {
            let text = format!(
                "  {}  {}  {}",
                id.get(..8).unwrap_or(id),
                crate::domain::time::local_date(created, &self.zone),
                terminal_line(title)
            );
            let style = if i == selected {
                theme.selected()
            } else {
                theme.base()
            };
            lines.push(Line::from(Span::styled(
                fit(&text, usize::from(area.width)),
                style,
            )));
        }
        Paragraph::new(lines).render(area, buf);
    }
}

/// Where an open synthesis draws: its title row, and the insides of the
/// entries and sources boxes.
pub struct OpenAreas {
    pub title: Rect,
    pub left: Rect,
    pub right: Rect,
    pub entries: Rect,
    pub sources: Rect,
}

pub fn open_areas(area: Rect) -> OpenAreas {
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)]).areas(body);
    let inside = |r: Rect| Block::new().borders(Borders::ALL).inner(r);
    OpenAreas {
        title,
        left,
        right,
        entries: inside(left),
        sources: inside(right),
    }
}

/// The entries wrapped to `width`, and for each row of `open.rows` the
/// lines it takes `[start, end)`.
pub fn entry_lines(
    open: &Open,
    width: u16,
    theme: Theme,
) -> (Vec<Line<'static>>, Vec<(usize, usize)>) {
    let width = width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut spans = Vec::new();
    let mut pain_number = 0;
    for (row_index, row) in open.rows.iter().enumerate() {
        let selected = row_index == open.cursor && open.focus == Focus::Entries;
        let start = lines.len();
        match row {
            Row::Heading(section) => {
                let note = match section {
                    Section::PainPoint => " (quote + context; top 3 featured)",
                    Section::Assumption => " (+ validated · - contradicted)",
                    _ => "",
                };
                let style = if selected {
                    theme.selected()
                } else {
                    theme.key()
                };
                lines.push(Line::from(vec![
                    Span::styled(section.title(), style),
                    Span::styled(
                        fit(note, width.saturating_sub(section.title().len())),
                        theme.dim(),
                    ),
                ]));
            }
            Row::Entry(i) => {
                let Some(entry) = open.synthesis.entries.get(*i) else {
                    spans.push((start, start));
                    continue;
                };
                let lead = match (entry.section, entry.verdict) {
                    (Section::PainPoint, _) => {
                        pain_number += 1;
                        if pain_number <= 3 {
                            format!(" ★{pain_number} ")
                        } else {
                            "  · ".to_string()
                        }
                    }
                    (Section::Assumption, Some(v)) => format!(" {} ", v.mark()),
                    (Section::Assumption, None) => " [ ] ".to_string(),
                    _ => "  · ".to_string(),
                };
                let style = if selected {
                    theme.selected()
                } else {
                    theme.base()
                };
                let indent = unicode_width::UnicodeWidthStr::width(lead.as_str());
                for (n, part) in wrap_words(&terminal(&entry.text), width.saturating_sub(indent))
                    .into_iter()
                    .enumerate()
                {
                    let left = if n == 0 {
                        lead.clone()
                    } else {
                        " ".repeat(indent)
                    };
                    lines.push(Line::from(vec![
                        Span::styled(left, style),
                        Span::styled(part, style),
                    ]));
                }
                for e in &entry.evidence {
                    for (n, part) in
                        wrap_words(&terminal_line(&e.citation()), width.saturating_sub(7))
                            .into_iter()
                            .enumerate()
                    {
                        let left = if n == 0 { "     ↳ " } else { "       " };
                        lines.push(Line::from(Span::styled(
                            format!("{left}{part}"),
                            theme.dim(),
                        )));
                    }
                }
                if let Some((_, title)) = &entry.promoted {
                    lines.push(Line::from(Span::styled(
                        fit(
                            &terminal_line(&format!("     → on the backlog: {title} (b opens it)")),
                            width,
                        ),
                        theme.ok(),
                    )));
                }
            }
        }
        spans.push((start, lines.len()));
    }
    (lines, spans)
}

/// The first line to show so that the lines `[start, end)` are on screen
/// (their start, when they do not all fit).
pub fn scroll_to(start: usize, end: usize, height: usize) -> usize {
    let height = height.max(1);
    if end.saturating_sub(start) >= height {
        start
    } else {
        end.saturating_sub(height)
    }
}

/// The sources' material wrapped to `width`, and the lines each takes.
pub fn source_lines(
    open: &Open,
    width: u16,
    theme: Theme,
) -> (Vec<Line<'static>>, Vec<(usize, usize)>) {
    let width = width as usize;
    let mut lines = Vec::new();
    let mut spans = Vec::new();
    for (i, c) in open.candidates.iter().enumerate() {
        let start = lines.len();
        let selected = i == open.source_cursor;
        let style = if selected && open.focus == Focus::Sources {
            theme.selected()
        } else if selected {
            theme.base().add_modifier(Modifier::UNDERLINED)
        } else {
            theme.base()
        };
        lines.push(Line::from(Span::styled(
            fit(
                &terminal_line(&format!(
                    "{} · {} {}",
                    c.source_label,
                    c.kind,
                    format_offset(c.offset_ms)
                )),
                width,
            ),
            theme.dim(),
        )));
        let text = if c.kind == "quote" || c.kind == "wish" {
            format!("“{}”", c.text)
        } else {
            c.text.clone()
        };
        for part in wrap_words(&terminal(&text), width.saturating_sub(1)) {
            lines.push(Line::from(Span::styled(format!(" {part}"), style)));
        }
        spans.push((start, lines.len()));
    }
    (lines, spans)
}

fn render_open(open: &Open, area: Rect, buf: &mut Buffer, theme: Theme) {
    let areas = open_areas(area);
    let sources: Vec<String> = open
        .synthesis
        .sources
        .iter()
        .map(|s| format!("{} ({})", terminal_line(&s.label), s.kind.name()))
        .collect();
    let title = format!(" {} ", terminal_line(&open.synthesis.title));
    let title_width = unicode_width::UnicodeWidthStr::width(title.as_str());
    Paragraph::new(Line::from(vec![
        Span::styled(fit(&title, areas.title.width as usize), theme.title()),
        Span::styled(
            fit(
                &format!("— from {}", sources.join(", ")),
                (areas.title.width as usize).saturating_sub(title_width),
            ),
            theme.dim(),
        ),
    ]))
    .render(areas.title, buf);

    let border = |focused: bool| {
        if focused {
            theme.focus_border()
        } else {
            theme.border()
        }
    };

    // Entries, grouped by section, each wrapped whole with its linked
    // evidence beneath.
    Block::new()
        .borders(Borders::ALL)
        .border_style(border(open.focus == Focus::Entries))
        .title(Span::styled(" Synthesis ", theme.title()))
        .render(areas.left, buf);
    let (lines, spans) = entry_lines(open, areas.entries.width, theme);
    let (start, end) = spans.get(open.cursor).copied().unwrap_or((0, 0));
    let scroll = scroll_to(start, end, areas.entries.height as usize);
    Paragraph::new(lines)
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
        .render(areas.entries, buf);

    // The sources' quotes, notes, friction and wishes, browsable.
    Block::new()
        .borders(Borders::ALL)
        .border_style(border(open.focus == Focus::Sources))
        .title(Span::styled(" Sources ", theme.title()))
        .render(areas.right, buf);
    if open.candidates.is_empty() {
        Paragraph::new(Span::styled(
            "The sources hold no quotes, notes, friction or wishes yet.",
            theme.dim(),
        ))
        .wrap(Wrap { trim: true })
        .render(areas.sources, buf);
        return;
    }
    let (lines, spans) = source_lines(open, areas.sources.width, theme);
    let (start, end) = spans.get(open.source_cursor).copied().unwrap_or((0, 0));
    let scroll = scroll_to(start, end, areas.sources.height as usize);
    Paragraph::new(lines)
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
        .render(areas.sources, buf);
}
