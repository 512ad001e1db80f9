//! The `?` overlay, generated from the binding tables so it lists exactly
//! the keys that work. One column, each description wrapped under itself,
//! scrolled with j/k and the page keys.

use crate::tui::keymap::HelpGroup;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

const WIDTH: u16 = 76;
const TITLE: &str = "Keys — ? or Esc closes, j/k scroll";

/// Where the lines go inside the popup drawn in `area`.
fn inner(area: Rect) -> Rect {
    let outer = super::popup_area(area, WIDTH, area.height);
    Rect::new(
        outer.x + 1,
        outer.y + 1,
        outer.width.saturating_sub(2),
        outer.height.saturating_sub(2),
    )
}

/// Splits `text` into lines of at most `width` columns, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().map_or(0, |l| l.width());
        if last > 0 && last + 1 + word.width() > width {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

fn lines(groups: &[HelpGroup], width: u16, theme: Theme) -> Vec<Line<'static>> {
    let key_width = groups
        .iter()
        .flat_map(|g| &g.lines)
        .map(|l| l.keys.width())
        .max()
        .unwrap_or(8)
        .clamp(8, 16);
    let text_width = (width as usize).saturating_sub(key_width + 3).max(10);
    let mut out = Vec::new();
    for group in groups {
        if !group.title.is_empty() {
            out.push(Line::from(Span::styled(group.title.clone(), theme.title())));
        }
        for line in &group.lines {
            let keys = if line.keys.width() > key_width {
                // A long list of keys gets its own line.
                out.push(Line::from(Span::styled(
                    format!("  {}", line.keys),
                    theme.key(),
                )));
                String::new()
            } else {
                line.keys.clone()
            };
            for (i, part) in wrap(line.help, text_width).into_iter().enumerate() {
                let left = if i == 0 { keys.as_str() } else { "" };
                let pad = key_width - left.width();
                out.push(Line::from(vec![
                    Span::styled(format!("  {left}{}", " ".repeat(pad)), theme.key()),
                    Span::raw(format!(" {part}")),
                ]));
            }
        }
        out.push(Line::from(""));
    }
    out.push(Line::from(Span::styled(
        "Mouse: click a tab or a row · the wheel scrolls",
        theme.dim(),
    )));
    out
}

/// The furthest scroll that still fills the popup drawn in `area`.
pub fn max_scroll(groups: &[HelpGroup], area: Rect) -> u16 {
    let inner = inner(area);
    let n = lines(groups, inner.width, Theme { color: false }).len();
    u16::try_from(n)
        .unwrap_or(u16::MAX)
        .saturating_sub(inner.height)
}

pub fn render(groups: &[HelpGroup], scroll: u16, area: Rect, buf: &mut Buffer, theme: Theme) {
    let width = inner(area).width;
    let all = lines(groups, width, theme);
    let max = max_scroll(groups, area);
    let more = if scroll < max { " ↓ more" } else { "" };
    let inner = super::popup(
        area,
        buf,
        (WIDTH, (all.len() as u16).saturating_add(2)),
        &format!("{TITLE}{more}"),
        theme.focus_border(),
        theme.title(),
    );
    Paragraph::new(all)
        .scroll((scroll.min(max), 0))
        .render(inner, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_within_the_width() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("short", 20), ["short"]);
    }
}
