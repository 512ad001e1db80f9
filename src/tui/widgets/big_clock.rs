//! A large clock, three rows high, in seven-segment style: readable at a
//! glance from beside a developer's desk.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Rows of each glyph, three cells wide (the colon one).
fn glyph(c: char) -> [&'static str; 3] {
    match c {
        '0' => [" _ ", "| |", "|_|"],
        '1' => ["   ", "  |", "  |"],
        '2' => [" _ ", " _|", "|_ "],
        '3' => [" _ ", " _|", " _|"],
        '4' => ["   ", "|_|", "  |"],
        '5' => [" _ ", "|_ ", " _|"],
        '6' => [" _ ", "|_ ", "|_|"],
        '7' => [" _ ", "  |", "  |"],
        '8' => [" _ ", "|_|", "|_|"],
        '9' => [" _ ", "|_|", " _|"],
        ':' => [" ", ".", "."],
        _ => ["   ", "   ", "   "],
    }
}

/// The width `text` takes when drawn large.
pub fn width(text: &str) -> u16 {
    text.chars().map(|c| glyph(c)[0].len() as u16 + 1).sum()
}

/// Draws `text` (digits and colons) large at the top left of `area`,
/// clipped to it.
pub fn render(text: &str, area: Rect, buf: &mut Buffer, style: Style) {
    let area = area.intersection(buf.area);
    let mut x = area.x;
    for c in text.chars() {
        let rows = glyph(c);
        let w = rows[0].len() as u16;
        for (dy, row) in rows.iter().enumerate() {
            let y = area.y + dy as u16;
            if y >= area.bottom() || x >= area.right() {
                continue;
            }
            let room = (area.right() - x) as usize;
            buf.set_stringn(x, y, row, room, style);
        }
        x = x.saturating_add(w + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_digits_and_clips() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 3));
        render("1:05", buf.area, &mut buf, Style::new());
        let rows: Vec<String> = (0..3)
            .map(|y| (0..12).map(|x| buf[(x, y)].symbol().to_string()).collect())
            .collect();
        assert_eq!(rows, ["       _   _", "  | . | | |_", "  | . |_|  _"]);
        let mut tiny = Buffer::empty(Rect::new(0, 0, 2, 1));
        render("12:34", tiny.area, &mut tiny, Style::new());
        assert_eq!(width("12:34"), 4 * 4 + 2);
    }
}
