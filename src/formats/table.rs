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
    let mut table = Table::new(header);
    for row in &clean {
        table.measure(row);
    }
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = table.write_header(&mut out);
    for row in &clean {
        let _ = table.write_row(&mut out, row);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes the rows `rows` hands over one at a time, holding none after its
/// turn: `rows` is called twice, first to measure the columns, then to
/// write each row under the header. Cells pass through the sanitizer, as
/// in [`render`]. Writes nothing when there are no rows; returns how many
/// it wrote.
pub fn stream<E: From<std::io::Error>>(
    header: &[(&str, Align)],
    out: &mut dyn std::io::Write,
    mut rows: impl FnMut(&mut dyn FnMut(&[String]) -> Result<(), E>) -> Result<(), E>,
) -> Result<usize, E> {
    let clean = |row: &[String]| -> Vec<String> {
        row.iter()
            .map(|c| super::sanitize::terminal_line(c).into_owned())
            .collect()
    };
    let mut table = Table::new(header);
    let mut measured = 0usize;
    rows(&mut |row| {
        table.measure(&clean(row));
        measured += 1;
        Ok(())
    })?;
    if measured == 0 {
        return Ok(0);
    }
    table.write_header(&mut *out)?;
    let mut written = 0usize;
    rows(&mut |row| {
        table.write_row(&mut *out, &clean(row))?;
        written += 1;
        Ok(())
    })?;
    Ok(written)
}

/// A table written row by row: every row is measured first (none need be
/// kept), then written. Cells must already be sanitized.
pub struct Table<'h> {
    header: &'h [(&'h str, Align)],
    widths: Vec<usize>,
}

impl<'h> Table<'h> {
    pub fn new(header: &'h [(&'h str, Align)]) -> Self {
        Self {
            header,
            widths: header.iter().map(|(h, _)| h.width()).collect(),
        }
    }

    /// Widens the columns to fit a row.
    pub fn measure(&mut self, row: &[String]) {
        for (w, cell) in self.widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }

    pub fn write_header(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.line(out, &mut self.header.iter().map(|(h, _)| *h))
    }

    pub fn write_row(&self, out: &mut dyn std::io::Write, row: &[String]) -> std::io::Result<()> {
        self.line(out, &mut row.iter().map(String::as_str))
    }

    fn line(
        &self,
        out: &mut dyn std::io::Write,
        cells: &mut dyn Iterator<Item = &str>,
    ) -> std::io::Result<()> {
        let mut text = String::new();
        for (i, (cell, (_, align))) in cells.zip(self.header).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            let pad = " ".repeat(self.widths[i].saturating_sub(cell.width()));
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
        out.write_all(text.trim_end().as_bytes())?;
        out.write_all(b"\n")
    }
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

    #[test]
    fn a_streamed_table_is_the_rendered_one_and_asks_for_its_rows_twice() {
        let header = [("title", Align::Left), ("score", Align::Right)];
        let rows = [
            vec!["数据库".to_string(), "64.0".to_string()],
            vec!["CI\u{1b}[2J".to_string(), "160.0".to_string()],
        ];
        let mut asked = 0;
        let mut out = Vec::new();
        let written = stream::<std::io::Error>(&header, &mut out, |each| {
            asked += 1;
            rows.iter().try_for_each(|r| each(r))
        })
        .unwrap();
        assert_eq!((written, asked), (2, 2));
        assert_eq!(String::from_utf8(out).unwrap(), render(&header, &rows));

        // No rows: not even the header.
        let mut out = Vec::new();
        let written = stream::<std::io::Error>(&header, &mut out, |_| Ok(())).unwrap();
        assert_eq!((written, out.len()), (0, 0));
    }
}
