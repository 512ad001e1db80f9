//! A read-only document in a popup (a session's notes, an interview's
//! record): wrapped to the width, scrolled with j/k and the page keys,
//! never past its end.

use super::Outcome;
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind, lookup};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// What a key asks of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKey {
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Close,
}

use KeyCode::{Char, End, Esc, Home, PageDown, PageUp};

pub const DOCUMENT: &[Binding<DocumentKey>] = &[
    bind(
        &[
            Key::Plain(Esc),
            Key::Plain(Char('v')),
            Key::Plain(Char('q')),
        ],
        DocumentKey::Close,
        "close",
    )
    .hint("close", Rank::Vital),
    bind(
        &[Key::Plain(Char('j')), Key::Plain(KeyCode::Down)],
        DocumentKey::Down,
        "scroll down",
    )
    .hint("scroll", Rank::Main),
    bind(
        &[Key::Plain(Char('k')), Key::Plain(KeyCode::Up)],
        DocumentKey::Up,
        "scroll up",
    ),
    bind(
        &[Key::Plain(PageDown), Key::Plain(Char(' '))],
        DocumentKey::PageDown,
        "page down",
    )
    .hint("page", Rank::Extra),
    bind(&[Key::Plain(PageUp)], DocumentKey::PageUp, "page up"),
    bind(
        &[Key::Plain(Char('g')), Key::Plain(Home)],
        DocumentKey::Top,
        "top",
    ),
    bind(
        &[Key::Plain(Char('G')), Key::Plain(End)],
        DocumentKey::Bottom,
        "end",
    ),
];

#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: u16,
}

impl Document {
    pub fn new(title: impl Into<String>, text: &str) -> Self {
        Self {
            title: title.into(),
            lines: text.lines().map(str::to_string).collect(),
            scroll: 0,
        }
    }

    pub fn help(&self) -> HelpGroup {
        HelpGroup::of(self.title.clone(), DOCUMENT)
    }

    /// Where the text goes inside the popup drawn in `area`.
    fn inner(area: Rect) -> Rect {
        let outer = super::popup_area(area, 96, area.height);
        Rect::new(
            outer.x + 1,
            outer.y + 1,
            outer.width.saturating_sub(2),
            outer.height.saturating_sub(2),
        )
    }

    fn paragraph(&self, theme: Theme) -> Paragraph<'_> {
        let lines: Vec<Line> = self
            .lines
            .iter()
            .map(|l| {
                if l.starts_with('#') {
                    Line::from(Span::styled(l.as_str(), theme.title()))
                } else {
                    Line::from(l.as_str())
                }
            })
            .collect();
        Paragraph::new(lines).wrap(Wrap { trim: false })
    }

    /// The furthest scroll that still fills the popup drawn in `area`.
    fn max_scroll(&self, area: Rect) -> u16 {
        let inner = Self::inner(area);
        let rows = self
            .paragraph(Theme { color: false })
            .line_count(inner.width.max(1));
        u16::try_from(rows)
            .unwrap_or(u16::MAX)
            .saturating_sub(inner.height)
    }

    /// Scrolls by a key, for a popup drawn in `area`. `Cancel` closes it.
    pub fn handle_key(&mut self, key: KeyEvent, area: Rect) -> Outcome<()> {
        let page = Self::inner(area).height.saturating_sub(1).max(1);
        let max = self.max_scroll(area);
        let Some(asked) = lookup(DOCUMENT, key) else {
            return Outcome::Ignored;
        };
        self.scroll = match asked {
            DocumentKey::Close => return Outcome::Cancel,
            DocumentKey::Down => self.scroll.saturating_add(1),
            DocumentKey::Up => self.scroll.saturating_sub(1),
            DocumentKey::PageDown => self.scroll.saturating_add(page),
            DocumentKey::PageUp => self.scroll.saturating_sub(page),
            DocumentKey::Top => 0,
            DocumentKey::Bottom => max,
        }
        .min(max);
        Outcome::Editing
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let max = self.max_scroll(area);
        let more = if self.scroll < max { " ↓ more" } else { "" };
        let inner = super::popup(
            area,
            buf,
            (96, area.height),
            &format!("{}{more}", self.title),
            theme.focus_border(),
            theme.title(),
        );
        self.paragraph(theme)
            .scroll((self.scroll.min(max), 0))
            .render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::every_key;

    #[test]
    fn scrolls_no_further_than_its_end() {
        let area = Rect::new(0, 0, 80, 12);
        let text: String = (0..30).map(|i| format!("line {i}\n")).collect();
        let mut doc = Document::new("d", &text);
        doc.handle_key(KeyEvent::from(End), area);
        // 10 rows inside the border: the last 10 of 30 lines.
        assert_eq!(doc.scroll, 20);
        doc.handle_key(KeyEvent::from(PageDown), area);
        assert_eq!(doc.scroll, 20);
        let mut short = Document::new("d", "one\ntwo");
        short.handle_key(KeyEvent::from(Char('j')), area);
        assert_eq!(short.scroll, 0);
    }

    #[test]
    fn every_key_in_the_table_does_something_and_no_other_does() {
        let area = Rect::new(0, 0, 80, 12);
        for key in every_key() {
            let mut doc = Document::new("d", "a\nb");
            assert_eq!(
                lookup(DOCUMENT, key).is_some(),
                doc.handle_key(key, area) != Outcome::Ignored,
                "{key:?}"
            );
        }
    }
}
