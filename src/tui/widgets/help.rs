//! The `?` overlay, generated from the key map so it lists exactly the keys
//! that work.

use crate::tui::keymap::{Binding, key_label};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Renders each titled group of bindings as `key  what it does`.
pub fn render(groups: &[(&str, &[Binding])], area: Rect, buf: &mut Buffer, theme: Theme) {
    let mut lines = Vec::new();
    for (title, bindings) in groups {
        lines.push(Line::from(Span::styled(*title, theme.title())));
        for b in *bindings {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<10}", key_label(b.keys)), theme.key()),
                Span::raw(b.help),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        "Forms: Tab/↓ next · Shift-Tab/↑ back",
        theme.dim(),
    )));
    lines.push(Line::from(Span::styled(
        "       Ctrl-S save · Esc cancel",
        theme.dim(),
    )));
    lines.push(Line::from(Span::styled(
        "Mouse: click a tab or a row · wheel scrolls",
        theme.dim(),
    )));
    // One column when it fits, else two side by side.
    let fits = lines.len() as u16 + 2 <= area.height;
    let columns: Vec<Vec<Line>> = if fits {
        vec![lines]
    } else {
        let half = lines.len().div_ceil(2);
        let right = lines.split_off(half);
        vec![lines, right]
    };
    let column_width = 58u16;
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let inner = super::popup(
        area,
        buf,
        (column_width * columns.len() as u16 + 2, rows + 2),
        "Keys — ? or Esc closes",
        theme.focus_border(),
        theme.title(),
    );
    let width = inner.width / columns.len().max(1) as u16;
    for (i, column) in columns.into_iter().enumerate() {
        let x = inner.x + width * i as u16;
        Paragraph::new(column).render(Rect::new(x, inner.y, width, inner.height), buf);
    }
}
