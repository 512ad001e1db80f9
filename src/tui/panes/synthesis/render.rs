//! Drawing the Synthesis pane: the list of syntheses, or one synthesis with
//! its entries beside the sources' material. Render never mutates.

use super::{Focus, Open, Overlay, Row, SynthesisPane};
use crate::domain::shadow::format_offset;
use crate::domain::synthesis::Section;
use crate::tui::theme::Theme;
use crate::tui::widgets::popup;
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
                        let text = format!(" [{}] {label}", if *on { "x" } else { " " });
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
            Some(Overlay::Delete { choice, .. }) => choice.render(area, buf, theme),
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
                title
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

fn render_open(open: &Open, area: Rect, buf: &mut Buffer, theme: Theme) {
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let sources: Vec<String> = open
        .synthesis
        .sources
        .iter()
        .map(|s| format!("{} ({})", s.label, s.kind.name()))
        .collect();
    Paragraph::new(Line::from(vec![
        Span::styled(format!(" {} ", open.synthesis.title), theme.title()),
        Span::styled(format!("— from {}", sources.join(", ")), theme.dim()),
    ]))
    .render(title, buf);

    let [left, right] =
        Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)]).areas(body);
    let border = |focused: bool| {
        if focused {
            theme.focus_border()
        } else {
            theme.border()
        }
    };

    // Entries, grouped by section, each with its linked evidence beneath.
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(border(open.focus == Focus::Entries))
        .title(Span::styled(" Synthesis ", theme.title()));
    let inner = block.inner(left);
    block.render(left, buf);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_line = 0;
    let mut pain_number = 0;
    for (row_index, row) in open.rows.iter().enumerate() {
        let selected = row_index == open.cursor && open.focus == Focus::Entries;
        if row_index == open.cursor {
            cursor_line = lines.len();
        }
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
                    Span::styled(note, theme.dim()),
                ]));
            }
            Row::Entry(i) => {
                let Some(entry) = open.synthesis.entries.get(*i) else {
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
                let first = entry.text.lines().next().unwrap_or("");
                let style = if selected {
                    theme.selected()
                } else {
                    theme.base()
                };
                lines.push(Line::from(vec![
                    Span::styled(lead, style),
                    Span::styled(first.to_string(), style),
                ]));
                for more in entry.text.lines().skip(1) {
                    lines.push(Line::from(format!("     {more}")));
                }
                for e in &entry.evidence {
                    lines.push(Line::from(Span::styled(
                        format!("     ↳ {}", e.citation()),
                        theme.dim(),
                    )));
                }
            }
        }
    }
    let height = inner.height as usize;
    let scroll = cursor_line.saturating_sub(height.saturating_sub(2));
    Paragraph::new(lines)
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
        .render(inner, buf);

    // The sources' quotes, notes, friction and wishes, browsable.
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(border(open.focus == Focus::Sources))
        .title(Span::styled(
            " Sources — → browse · Q links ",
            theme.title(),
        ));
    let inner = block.inner(right);
    block.render(right, buf);
    if open.candidates.is_empty() {
        Paragraph::new(Span::styled(
            "The sources hold no quotes, notes, friction or wishes yet.",
            theme.dim(),
        ))
        .wrap(Wrap { trim: true })
        .render(inner, buf);
        return;
    }
    let rows = (inner.height / 2).max(1) as usize;
    let first = open.source_cursor.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::new();
    for (i, c) in open.candidates.iter().enumerate().skip(first).take(rows) {
        let selected = i == open.source_cursor;
        let style = if selected && open.focus == Focus::Sources {
            theme.selected()
        } else if selected {
            theme.base().add_modifier(Modifier::UNDERLINED)
        } else {
            theme.base()
        };
        lines.push(Line::from(vec![Span::styled(
            format!(
                "{} · {} {}",
                c.source_label,
                c.kind,
                format_offset(c.offset_ms)
            ),
            theme.dim(),
        )]));
        let text = if c.kind == "quote" || c.kind == "wish" {
            format!("“{}”", c.text)
        } else {
            c.text.clone()
        };
        lines.push(Line::from(Span::styled(
            format!(" {}", text.replace('\n', " ")),
            style,
        )));
    }
    Paragraph::new(lines).render(inner, buf);
}
