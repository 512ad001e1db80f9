//! Backlog CSV: the export's header, formula-injection-safe cells, and an
//! all-or-nothing import that names the line and column of the first bad value.

use crate::domain::InputError;
use crate::domain::backlog::{Lane, NewItem, Tags, Title, parse_kill_reason};
use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
use std::io::{Read, Write};

/// The header of `backlog list --format csv`.
pub const HEADER: [&str; 10] = [
    "rank",
    "id",
    "title",
    "reach",
    "impact",
    "confidence",
    "effort",
    "score",
    "lane",
    "tags",
];

/// Characters that make a spreadsheet treat a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Prefixes a cell a spreadsheet would run as a formula with `'`, which
/// spreadsheets show as text. Quoting is left to the CSV writer.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    // A cell that already starts with quotes before a formula character
    // gets one more, so the import can tell it from a neutralised one.
    if cell.trim_start_matches('\'').starts_with(FORMULA_STARTS) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A cell of a CSV export: sanitized (no raw control reaches the terminal
/// that shows it, line feeds kept) and neutralised against formulas.
pub fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    match super::sanitize::terminal(text) {
        std::borrow::Cow::Borrowed(text) => neutralise(text),
        std::borrow::Cow::Owned(text) => neutralise(&text).into_owned().into(),
    }
}

/// Undoes [`neutralise`] so an export imports back to the same text.
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// A CSV writer that quotes as RFC 4180 requires (CRLF line ends).
pub fn writer<W: Write>(out: W) -> ::csv::Writer<W> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out)
}

/// Columns an import understands; rank, id and score are read and ignored.
const KNOWN: [&str; 12] = [
    "rank",
    "id",
    "title",
    "reach",
    "impact",
    "confidence",
    "effort",
    "score",
    "lane",
    "tags",
    "description",
    "kill_reason",
];
const REQUIRED: [&str; 5] = ["title", "reach", "impact", "confidence", "effort"];

/// Reads a backlog CSV. Every row must be valid, or the first bad value is
/// returned with its line and column and nothing is to be written.
pub fn read_backlog(input: impl Read) -> Result<Vec<NewItem>, InputError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(input);
    let headers = reader
        .byte_headers()
        .map_err(|e| csv_error("header", &e))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_lowercase())
        .collect();
    for (i, name) in names.iter().enumerate() {
        if !KNOWN.contains(&name.as_str()) {
            return Err(InputError::new(
                "header",
                format!(
                    "unknown column '{name}'; the columns are title, reach, impact, confidence, effort \
                     and optionally lane, tags, description, kill_reason (rank, id, score are ignored)"
                ),
            )
            .at(1, i + 1));
        }
        if names[..i].contains(name) {
            return Err(
                InputError::new("header", format!("column '{name}' appears twice")).at(1, i + 1),
            );
        }
    }
    for required in REQUIRED {
        if !names.iter().any(|n| n == required) {
            return Err(InputError::new(
                "header",
                format!(
                    "the column '{required}' is missing; required: {}",
                    REQUIRED.join(", ")
                ),
            )
            .at(1, 1));
        }
    }
    let column = |name: &str| names.iter().position(|n| n == name);
    let [title, reach, impact, confidence, effort] = REQUIRED.map(|n| column(n).unwrap_or(0));
    let (lane, tags, description, kill_reason) = (
        column("lane"),
        column("tags"),
        column("description"),
        column("kill_reason"),
    );

    let mut items = Vec::new();
    let mut record = ::csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error("row", &e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| -> Result<&str, InputError> {
            let bytes = record.get(i).unwrap_or_default();
            std::str::from_utf8(bytes).map(unneutralise).map_err(|_| {
                InputError::new(names[i].clone(), "is not valid UTF-8 text").at(line, i + 1)
            })
        };
        let at = |i: usize| move |e: InputError| e.at(line, i + 1);
        let optional = |i: Option<usize>| -> Result<&str, InputError> { i.map_or(Ok(""), &cell) };
        let lane_value = match optional(lane)? {
            "" => Lane::Inbox,
            text => Lane::parse(text).map_err(at(lane.unwrap_or(0)))?,
        };
        let reason = match optional(kill_reason)? {
            "" => None,
            text => Some(parse_kill_reason(text).map_err(at(kill_reason.unwrap_or(0)))?),
        };
        if lane_value == Lane::Killed && reason.is_none() {
            return Err(InputError::new(
                "lane",
                "killed needs a reason: add a kill_reason column, or choose another lane",
            )
            .at(line, lane.unwrap_or(0) + 1));
        }
        items.push(NewItem {
            title: Title::parse(cell(title)?).map_err(at(title))?,
            rice: Rice {
                reach: Reach::parse(cell(reach)?).map_err(at(reach))?,
                impact: Impact::parse(cell(impact)?).map_err(at(impact))?,
                confidence: Confidence::parse(cell(confidence)?).map_err(at(confidence))?,
                effort: Effort::parse(cell(effort)?).map_err(at(effort))?,
            },
            lane: lane_value,
            tags: Tags::parse(optional(tags)?).map_err(at(tags.unwrap_or(0)))?,
            description: optional(description)?.to_string(),
            kill_reason: reason,
        });
    }
    Ok(items)
}

fn csv_error(field: &str, e: &::csv::Error) -> InputError {
    let message = match e.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("has {len} cells where the header has {expected_len}")
        }
        ::csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text".to_string(),
        ::csv::ErrorKind::Io(io) => format!("cannot be read: {io}"),
        _ => format!("is not valid CSV: {e}"),
    };
    let error = InputError::new(field, message);
    match e.position() {
        Some(p) => error.at(p.line(), 1),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formula_cells() {
        for (cell, want) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("plain", "plain"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(neutralise(cell), want);
            assert_eq!(unneutralise(&neutralise(cell)), cell);
        }
        // A title that really starts with a quote stays as typed.
        assert_eq!(unneutralise("'quoted"), "'quoted");
        assert_eq!(neutralise("'="), "''=");
        assert_eq!(unneutralise(&neutralise("'=")), "'=");
        assert_eq!(unneutralise(&neutralise("''+x")), "''+x");
    }

    #[test]
    fn reads_the_export_header_and_any_column_order() {
        let csv = "effort,title,confidence,impact,reach,tags\n2,Faster CI,80%,high,200,ci;dx\n";
        let items = read_backlog(csv.as_bytes()).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].title.as_str(), "Faster CI");
        assert_eq!(items[0].rice.score(), 160.0);
        assert_eq!(items[0].tags.as_slice(), ["ci", "dx"]);
        let csv = "rank,id,title,reach,impact,confidence,effort,score,lane,tags\n\
                   1,abc,\"Quoted, title\",80,3,80,3,64.0,now,\n";
        let items = read_backlog(csv.as_bytes()).unwrap();
        assert_eq!(items[0].title.as_str(), "Quoted, title");
        assert_eq!(items[0].lane, Lane::Now);
    }

    #[test]
    fn names_line_and_column_of_the_first_bad_value() {
        let csv = "title,reach,impact,confidence,effort\nA,1,1,80,1\nB,2,1,0.8,1\nC,x,1,80,1\n";
        let err = read_backlog(csv.as_bytes()).unwrap_err();
        assert_eq!(err.location, Some((3, 4)));
        assert_eq!(err.field, "confidence");
        assert_eq!(
            err.to_string(),
            "line 3, column 4: confidence is a percent: did you mean 80?"
        );
    }

    #[test]
    fn refuses_bad_headers_rows_and_bytes() {
        let err = read_backlog("title,reach\nA,1\n".as_bytes()).unwrap_err();
        assert!(err.message.contains("'impact' is missing"), "{err}");
        let err =
            read_backlog("title,reach,impact,confidence,effort,colour\n".as_bytes()).unwrap_err();
        assert_eq!(err.location, Some((1, 6)));
        let err = read_backlog("title,reach,impact,confidence,effort\nA,1,1,80\n".as_bytes())
            .unwrap_err();
        assert!(err.message.contains("4 cells"), "{err}");
        let mut bytes = b"title,reach,impact,confidence,effort\n".to_vec();
        bytes.extend_from_slice(b"A\xff,1,1,80,1\n");
        let err = read_backlog(bytes.as_slice()).unwrap_err();
        assert_eq!(err.location, Some((2, 1)));
        assert!(err.message.contains("UTF-8"));
        let err = read_backlog(
            "title,reach,impact,confidence,effort,lane\nA,1,1,80,1,killed\n".as_bytes(),
        )
        .unwrap_err();
        assert_eq!(err.location, Some((2, 6)));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use crate::domain::rice::format_number;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Arbitrary bytes after a valid header: read or refused, never a panic.
        #[test]
        fn any_bytes_are_read_or_refused(body in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut input = b"title,reach,impact,confidence,effort,tags\n".to_vec();
            input.extend(body);
            if let Err(e) = read_backlog(input.as_slice()) {
                prop_assert!(e.location.is_some(), "{e}");
            }
        }

        /// Titles with any text (quotes, commas, formulas, newlines excepted)
        /// survive a write and a read.
        #[test]
        fn written_rows_read_back(
            title in "[^\\p{Cc}]{1,60}",
            reach in 0u32..100_000,
            effort in 1u32..40,
        ) {
            prop_assume!(!title.trim().is_empty());
            let mut w = writer(Vec::new());
            w.write_record(["title", "reach", "impact", "confidence", "effort"]).unwrap();
            w.write_record([
                neutralise(&title).as_ref(),
                &reach.to_string(),
                "2",
                "80",
                &format_number(f64::from(effort) / 2.0),
            ])
            .unwrap();
            let bytes = w.into_inner().unwrap();
            let items = read_backlog(bytes.as_slice()).unwrap();
            prop_assert_eq!(items[0].title.as_str(), title.trim());
            prop_assert_eq!(items[0].rice.reach.value(), f64::from(reach));
        }
    }
}
