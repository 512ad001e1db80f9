//! Aligned plain-text tables for the terminal, measured in display columns
//! so CJK and emoji line up.

use unicode_width::UnicodeWidthStr;

/// Which side a column's cells lean to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Renders rows under a header with two spaces between columns. Cells pass
/// through the sanitizer, so user text cannot move the cursor.
pub fn render(header: &[(&str, Align)], rows: &[Vec<String>]) -> String {
    let clean: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| super::sanitize::terminal_line(c).into_owned())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|(h, _)| h.width()).collect();
    for row in &clean {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (i, (cell, (_, align))) in cells.zip(header).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            let pad = " ".repeat(widths[i].saturating_sub(cell.width()));
            match align {
                Align::Left => {
                    text.push_str(cell);
                    text.push_str(&pad);
                }
                Align::Right => {
                    text.push_str(&pad);
                    text.push_str(cell);
                }
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().map(|(h, _)| *h));
    for row in &clean {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_display_width() {
        let out = render(
            &[("title", Align::Left), ("score", Align::Right)],
            &[
                vec!["数据库".into(), "64.0".into()],
                vec!["CI".into(), "160.0".into()],
            ],
        );
        assert_eq!(out, "title   score\n数据库   64.0\nCI      160.0\n");
    }
}
