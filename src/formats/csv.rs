//! Backlog CSV: the export's header, formula-injection-safe cells, and an
//! all-or-nothing import that names the line and column of the first bad value.

use crate::domain::InputError;
use crate::domain::backlog::{Lane, Tags, Title, parse_description, parse_kill_reason};
use crate::domain::rice::{Confidence, Effort, Impact, Reach};
use crate::domain::roadmap::Source;
use crate::domain::tracker::{Incoming, Origin, Placement, TagUpdate, TrackerLink, parse_id};
use std::collections::HashMap;
use std::io::{BufRead, Read, Write};
use uuid::Uuid;

/// The header of `backlog list --format csv`: the documented first ten
/// columns, then every other column an import reads, so a list imports
/// back to the same backlog.
pub const HEADER: [&str; 15] = [
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
    "key",
    "url",
    "source",
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

/// A cell of a CSV export: escaped (no raw control reaches the terminal
/// that shows it, line feeds and tabs kept) and neutralised against
/// formulas. The escape is undone by the import ([`unescape`]), so every
/// string survives `list --format csv` → `import` exactly.
pub fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    match escape(text) {
        std::borrow::Cow::Borrowed(text) => neutralise(text),
        std::borrow::Cow::Owned(text) => neutralise(&text).into_owned().into(),
    }
}

/// The character `\u{HEX}` stands for at the start of `text`, and the
/// escape's length, when it is one the CSV writer makes: a character that
/// must not reach a terminal raw, or a backslash.
fn escaped_at(text: &str) -> Option<(char, usize)> {
    let rest = text.strip_prefix("\\u{")?;
    let end = rest.find('}')?;
    let hex = &rest[..end];
    if hex.is_empty() || hex.len() > 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    (c == '\\' || super::sanitize::is_unsafe(c)).then_some((c, 4 + end))
}

/// Text for a CSV cell: each character that must not reach a terminal raw
/// becomes the visible `\u{1b}` the sanitizer shows, and a backslash that
/// would otherwise read back as such an escape becomes `\u{5c}`, so
/// [`unescape`] returns the text exactly. Text without either is unchanged.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    use std::fmt::Write as _;
    let needs = |(i, c): (usize, char)| {
        super::sanitize::is_unsafe(c) || (c == '\\' && escaped_at(&text[i..]).is_some())
    };
    if !text.char_indices().any(needs) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        if needs((i, c)) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Undoes [`escape`]: the text a cell of a CSV export stands for.
pub fn unescape(cell: &str) -> std::borrow::Cow<'_, str> {
    if !cell.contains("\\u{") {
        return cell.into();
    }
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match escaped_at(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('\\');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
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

/// Columns an import understands: the list's own; rank and score are
/// read and ignored.
const KNOWN: [&str; 15] = HEADER;
const REQUIRED: [&str; 5] = ["title", "reach", "impact", "confidence", "effort"];

/// Reads a backlog CSV whole. Every row must be valid, or the first bad
/// value is returned with its line and column and nothing is to be
/// written. An import streams the rows instead: [`BacklogRows`].
pub fn read_backlog(input: impl Read) -> Result<Vec<Incoming>, InputError> {
    BacklogRows::new(input)?.collect()
}

/// A backlog CSV read one row at a time, so an import holds one row, not
/// the file. A column that is present says what the item is (an empty
/// description is an empty description); an empty lane leaves the lane to
/// the import. A row whose id or key an earlier row gave is refused, naming
/// both lines: the ids and keys read so far are kept (as 16-byte numbers
/// for ids), nothing else is.
pub struct BacklogRows<R: Read> {
    reader: ::csv::Reader<LfLines<std::io::BufReader<R>>>,
    names: Vec<String>,
    columns: Columns,
    record: ::csv::ByteRecord,
    /// The line of the first row that gave each id and each key.
    ids: HashMap<u128, u64>,
    keys: HashMap<String, u64>,
    /// After an error or the last row: nothing more is read.
    done: bool,
}

/// Where each column is: the required ones always, the others if present.
struct Columns {
    title: usize,
    reach: usize,
    impact: usize,
    confidence: usize,
    effort: usize,
    id: Option<usize>,
    lane: Option<usize>,
    tags: Option<usize>,
    description: Option<usize>,
    kill_reason: Option<usize>,
    key: Option<usize>,
    url: Option<usize>,
    source: Option<usize>,
}

impl<R: Read> BacklogRows<R> {
    /// Reads and checks the header.
    pub fn new(input: R) -> Result<Self, InputError> {
        let reader = ::csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(LfLines::new(std::io::BufReader::new(input)));
        let mut rows = Self {
            reader,
            names: Vec::new(),
            columns: Columns {
                title: 0,
                reach: 0,
                impact: 0,
                confidence: 0,
                effort: 0,
                id: None,
                lane: None,
                tags: None,
                description: None,
                kill_reason: None,
                key: None,
                url: None,
                source: None,
            },
            record: ::csv::ByteRecord::new(),
            ids: HashMap::new(),
            keys: HashMap::new(),
            done: false,
        };
        match rows.read_header() {
            Ok(()) => Ok(rows),
            Err(e) => Err(rows.fail(e)),
        }
    }

    fn read_header(&mut self) -> Result<(), InputError> {
        let headers = self
            .reader
            .byte_headers()
            .map_err(|e| csv_error("header", &e))?
            .clone();
        let names = header_names(&headers);
        for (i, name) in names.iter().enumerate() {
            if !KNOWN.contains(&name.as_str()) {
                return Err(InputError::new(
                    "header",
                    format!(
                        "unknown column '{name}'; the columns are title, reach, impact, confidence, effort \
                         and optionally id, lane, tags, description, kill_reason, key, url, source \
                         (rank and score are ignored); for a Jira or GitHub file give --from jira or --from github"
                    ),
                )
                .at(1, i + 1));
            }
            if names[..i].contains(name) {
                return Err(
                    InputError::new("header", format!("column '{name}' appears twice"))
                        .at(1, i + 1),
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
        let [id, lane, tags, description, kill_reason, key, url, source] = [
            "id",
            "lane",
            "tags",
            "description",
            "kill_reason",
            "key",
            "url",
            "source",
        ]
        .map(column);
        self.columns = Columns {
            title,
            reach,
            impact,
            confidence,
            effort,
            id,
            lane,
            tags,
            description,
            kill_reason,
            key,
            url,
            source,
        };
        self.names = names;
        Ok(())
    }

    /// The error to report for `e`. A quote never closed swallows the rest
    /// of the file into one cell: whatever went wrong after it, that quote
    /// is the error to name, so the rest of the file is read to find one.
    fn fail(&mut self, e: InputError) -> InputError {
        self.done = true;
        let mut record = ::csv::ByteRecord::new();
        while let Ok(true) = self.reader.read_byte_record(&mut record) {}
        match self.reader.get_ref().unclosed_quote() {
            Some(line) => unclosed_quote(line),
            None => e,
        }
    }

    /// The next row, `None` after the last one.
    fn next_row(&mut self) -> Result<Option<Incoming>, InputError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => return Err(csv_error("row", &e)),
        }
        let row = self.parse_row()?;
        self.check_unique(&row)?;
        Ok(Some(row))
    }

    /// Refuses a row whose id or key an earlier row gave.
    fn check_unique(&mut self, row: &Incoming) -> Result<(), InputError> {
        let Origin::Line(line) = row.origin else {
            return Ok(());
        };
        if let Some(id) = &row.id {
            let number = Uuid::parse_str(id)
                .map_err(|_| row.origin.error("id", "is not a UUID"))?
                .as_u128();
            if let Some(first) = self.ids.insert(number, line) {
                return Err(row.origin.error(
                    "id",
                    format!("the id {id} appears twice (first at line {first}): one row per item"),
                ));
            }
        }
        if let Some(link) = &row.tracker
            && let Some(first) = self.keys.insert(link.key.clone(), line)
        {
            return Err(row.origin.error(
                "key",
                format!(
                    "the key {} appears twice (first at line {first}): one row per item",
                    link.key
                ),
            ));
        }
        Ok(())
    }

    fn parse_row(&self) -> Result<Incoming, InputError> {
        let record = &self.record;
        let names = &self.names;
        let Columns {
            title,
            reach,
            impact,
            confidence,
            effort,
            id,
            lane,
            tags,
            description,
            kill_reason,
            key,
            url,
            source,
        } = self.columns;
        let line = record.position().map_or(0, |p| p.line());
        // A cell as the export wrote it: neutralised, then escaped.
        let cell = |i: usize| -> Result<std::borrow::Cow<'_, str>, InputError> {
            let bytes = record.get(i).unwrap_or_default();
            std::str::from_utf8(bytes)
                .map(|text| unescape(unneutralise(text)))
                .map_err(|_| {
                    InputError::new(names[i].clone(), "is not valid UTF-8 text").at(line, i + 1)
                })
        };
        let at = |i: usize| move |e: InputError| e.at(line, i + 1);
        // An optional column's cell, `None` when the column is absent.
        let optional = |i: Option<usize>| -> Result<Option<std::borrow::Cow<'_, str>>, InputError> {
            i.map(&cell).transpose()
        };
        let given = |i: Option<usize>| -> Result<Option<std::borrow::Cow<'_, str>>, InputError> {
            Ok(optional(i)?.filter(|t| !t.trim().is_empty()))
        };
        let lane_value = given(lane)?
            .map(|text| Lane::parse(&text).map_err(at(lane.unwrap_or(0))))
            .transpose()?;
        let reason = given(kill_reason)?
            .map(|text| parse_kill_reason(&text).map_err(at(kill_reason.unwrap_or(0))))
            .transpose()?;
        if lane_value == Some(Lane::Killed) && reason.is_none() {
            return Err(InputError::new(
                "lane",
                "killed needs a reason: add a kill_reason column, or choose another lane",
            )
            .at(line, lane.unwrap_or(0) + 1));
        }
        let key_value = given(key)?
            .map(|text| TrackerLink::parse_key(&text).map_err(at(key.unwrap_or(0))))
            .transpose()?;
        let url_value = given(url)?
            .map(|text| TrackerLink::parse_url(&text).map_err(at(url.unwrap_or(0))))
            .transpose()?;
        if url_value.is_some() && key_value.is_none() {
            return Err(
                InputError::new("url", "a url needs the tracker's key in the key column")
                    .at(line, url.unwrap_or(0) + 1),
            );
        }
        Ok(Incoming {
            origin: Origin::Line(line),
            id: given(id)?
                .map(|text| parse_id(&text).map_err(at(id.unwrap_or(0))))
                .transpose()?,
            tracker: key_value.map(|key| TrackerLink {
                key,
                url: url_value,
            }),
            title: Title::parse(&cell(title)?).map_err(at(title))?,
            description: optional(description)?.map(|text| parse_description(&text)),
            reach: Some(Reach::parse(&cell(reach)?).map_err(at(reach))?),
            impact: Some(Impact::parse(&cell(impact)?).map_err(at(impact))?),
            confidence: Some(Confidence::parse(&cell(confidence)?).map_err(at(confidence))?),
            effort: Some(Effort::parse(&cell(effort)?).map_err(at(effort))?),
            placement: lane_value.map(|l| Placement::Lane(l, reason)),
            tags: optional(tags)?
                .map(|text| Tags::parse(&text).map_err(at(tags.unwrap_or(0))))
                .transpose()?
                .map(TagUpdate::Exact),
            source: given(source)?
                .map(|text| Source::parse(&text).map_err(at(source.unwrap_or(0))))
                .transpose()?,
        })
    }
}

impl<R: Read> Iterator for BacklogRows<R> {
    type Item = Result<Incoming, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_row() {
            Ok(Some(row)) => Some(Ok(row)),
            Ok(None) => {
                self.done = true;
                // The last row read, the quote still open: it swallowed
                // the rest of the file.
                self.reader
                    .get_ref()
                    .unclosed_quote()
                    .map(|line| Err(unclosed_quote(line)))
            }
            Err(e) => Some(Err(self.fail(e))),
        }
    }
}

/// The error for a quoted cell that is never closed.
pub(super) fn unclosed_quote(line: u64) -> InputError {
    InputError::new(
        "row",
        "a cell opens a quote (\") that is never closed: close it, or double a \" \
         inside a quoted cell (\"\")",
    )
    .at(line, 1)
}

/// Reads CRLF and a lone CR as LF. The csv crate reports a record that
/// follows a CRLF one line early (it counts the LF only when the next
/// record starts), and does not count a lone CR (an old Mac's line end) as
/// a line at all; with LF alone its lines are right. Every multi-line field
/// is stored with LF anyway (CR and CRLF become LF), and a title holds no
/// line break either way.
///
/// It also follows RFC 4180's quoting as the bytes pass, so a quote that is
/// never closed (which the csv crate silently runs to the end of the file)
/// can be named by the line it opens on.
pub(super) struct LfLines<R> {
    inner: R,
    /// A CR that ended the last read: dropped if an LF follows.
    pending_cr: bool,
    quoting: Quoting,
    /// The line being read, and the one the open quote started on.
    line: u64,
    quote_line: u64,
    at_end: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// Outside quotes; whether a field starts with the next byte.
    Outside {
        field_start: bool,
    },
    Inside,
    /// A quote inside quotes: closing, unless another quote follows.
    QuoteInside,
}

impl<R: BufRead> LfLines<R> {
    pub(super) fn new(inner: R) -> Self {
        Self {
            inner,
            pending_cr: false,
            quoting: Quoting::Outside { field_start: true },
            line: 1,
            quote_line: 0,
            at_end: false,
        }
    }

    /// The line of a quote still open when the whole input has been read.
    pub(super) fn unclosed_quote(&self) -> Option<u64> {
        (self.at_end && self.quoting == Quoting::Inside).then_some(self.quote_line)
    }

    fn track(&mut self, b: u8) {
        let starts_field = |b: u8| b == b',' || b == b'\n';
        self.quoting = match self.quoting {
            Quoting::Outside { field_start: true } if b == b'"' => {
                self.quote_line = self.line;
                Quoting::Inside
            }
            Quoting::Outside { .. } => Quoting::Outside {
                field_start: starts_field(b),
            },
            Quoting::Inside if b == b'"' => Quoting::QuoteInside,
            Quoting::Inside => Quoting::Inside,
            Quoting::QuoteInside if b == b'"' => Quoting::Inside,
            Quoting::QuoteInside => Quoting::Outside {
                field_start: starts_field(b),
            },
        };
        if b == b'\n' {
            self.line += 1;
        }
    }
}

impl<R: BufRead> Read for LfLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut w = 0;
        while w < buf.len() {
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                if self.pending_cr {
                    self.pending_cr = false;
                    buf[w] = b'\n';
                    self.track(b'\n');
                    w += 1;
                }
                self.at_end = true;
                break;
            }
            if self.pending_cr {
                self.pending_cr = false;
                if chunk[0] != b'\n' {
                    buf[w] = b'\n';
                    self.track(b'\n');
                    w += 1;
                    continue;
                }
            }
            let start = w;
            let mut used = 0;
            while used < chunk.len() && w < buf.len() {
                let mut b = chunk[used];
                used += 1;
                if b == b'\r' {
                    match chunk.get(used) {
                        // Dropped: the LF is copied next.
                        Some(b'\n') => continue,
                        None => {
                            self.pending_cr = true;
                            break;
                        }
                        // A lone CR ends a line as LF does.
                        Some(_) => b = b'\n',
                    }
                }
                buf[w] = b;
                w += 1;
            }
            self.inner.consume(used);
            for &b in &buf[start..w] {
                self.track(b);
            }
            if w > 0 {
                break;
            }
        }
        Ok(w)
    }
}

/// A header's names, trimmed and lower-cased; a UTF-8 byte order mark
/// (which spreadsheets and Jira write) is dropped.
pub(super) fn header_names(headers: &::csv::ByteRecord) -> Vec<String> {
    headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.strip_prefix(b"\xef\xbb\xbf").unwrap_or(h)
            } else {
                h
            };
            String::from_utf8_lossy(h).trim().to_lowercase()
        })
        .collect()
}

pub(super) fn csv_error(field: &str, e: &::csv::Error) -> InputError {
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
    fn crlf_and_cr_read_as_lf_across_any_read_size() {
        let text = b"a\r\nb\rc\r\n\r\r\nd\r";
        for cap in [1, 2, 3, 64] {
            let mut out = Vec::new();
            let mut lf = LfLines::new(std::io::BufReader::with_capacity(cap, &text[..]));
            let mut buf = vec![0u8; cap];
            loop {
                let n = lf.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                out.extend_from_slice(&buf[..n]);
            }
            assert_eq!(out, b"a\nb\nc\n\n\nd\n", "capacity {cap}");
        }
    }

    #[test]
    fn lines_are_right_after_crlf_and_multi_line_cells() {
        let csv = "title,reach,impact,confidence,effort,description\r\n\
                   A,1,1,80,1,\"two\r\nlines\"\r\nB,1,1,0.8,1,\r\n";
        let err = read_backlog(csv.as_bytes()).unwrap_err();
        assert_eq!(err.location, Some((4, 4)));
    }

    #[test]
    fn lines_are_right_with_cr_only_line_ends() {
        let csv = "title,reach,impact,confidence,effort\rGood,10,2,80,1\rNext,10,2,80,99999\r";
        let err = read_backlog(csv.as_bytes()).unwrap_err();
        assert_eq!(err.location, Some((3, 5)), "{err}");
        // A quoted cell with CR-only line breaks counts its lines too.
        let csv = "title,reach,impact,confidence,effort,description\r\
                   A,1,1,80,1,\"two\rlines\"\rB,1,1,0.8,1,\r";
        let err = read_backlog(csv.as_bytes()).unwrap_err();
        assert_eq!(err.location, Some((4, 4)), "{err}");
        let csv = "title,reach,impact,confidence,effort,description\rA,1,1,80,1,\"two\rlines\"\r";
        let items = read_backlog(csv.as_bytes()).unwrap();
        assert_eq!(items[0].description.as_deref(), Some("two\nlines"));
    }

    #[test]
    fn an_unclosed_quote_is_named_by_the_line_it_opens_on() {
        for csv in [
            "title,reach,impact,confidence,effort\nA,1,1,80,1\n\"B,2,1,80,1\nC,3,1,80,1\n",
            "title,reach,impact,confidence,effort\r\nA,1,1,80,1\r\nB,2,1,80,\"1\r\nC,3,1,80,1\r\n",
        ] {
            let err = read_backlog(csv.as_bytes()).unwrap_err();
            assert_eq!(err.location, Some((3, 1)), "{err}");
            assert!(err.message.contains("never closed"), "{err}");
        }
        // Quotes closed, doubled inside, or inside an unquoted cell are fine.
        let csv =
            "title,reach,impact,confidence,effort\n\"Say \"\"hi\"\"\",1,1,80,1\nA \"b\",1,1,80,1\n";
        assert_eq!(read_backlog(csv.as_bytes()).unwrap().len(), 2);
    }

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
        assert_eq!(items[0].new_item().rice.score(), 160.0);
        assert_eq!(items[0].new_item().tags.as_slice(), ["ci", "dx"]);
        let csv = "rank,id,title,reach,impact,confidence,effort,score,lane,tags\n\
                   1,,\"Quoted, title\",80,3,80,3,64.0,now,\n";
        let items = read_backlog(csv.as_bytes()).unwrap();
        assert_eq!(items[0].title.as_str(), "Quoted, title");
        assert_eq!(items[0].new_item().lane, Lane::Now);
        assert_eq!(items[0].id, None);
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

    #[test]
    fn reads_ids_keys_and_urls_and_refuses_bad_ones() {
        let head = "id,title,reach,impact,confidence,effort,key,url\n";
        let id = "0b9a6c1e-2f4d-4c8e-9a51-7d3e2f1a0b9c";
        let csv = format!("{head}{id},A,1,1,80,1,PLAT-1,https://x.example/browse/PLAT-1\n");
        let rows = read_backlog(csv.as_bytes()).unwrap();
        assert_eq!(rows[0].id.as_deref(), Some(id));
        assert_eq!(rows[0].tracker.as_ref().unwrap().key, "PLAT-1");
        let err = read_backlog(format!("{head}abc,A,1,1,80,1,,\n").as_bytes()).unwrap_err();
        assert_eq!(err.location, Some((2, 1)));
        let err =
            read_backlog(format!("{head},A,1,1,80,1,,https://x.example\n").as_bytes()).unwrap_err();
        assert_eq!(err.location, Some((2, 8)));
        let err = read_backlog(format!("{head},A,1,1,80,1,PLAT 1,\n").as_bytes()).unwrap_err();
        assert_eq!(err.location, Some((2, 7)));
        let twice = format!("{head}{id},A,1,1,80,1,,\n{id},B,1,1,80,1,,\n");
        let err = read_backlog(twice.as_bytes()).unwrap_err();
        assert_eq!(err.location, Some((3, 1)));
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

        /// Any text, control characters, bidi marks and look-alike escapes
        /// included, comes back from a cell exactly, and no cell holds a
        /// character that must not reach a terminal raw.
        #[test]
        fn cells_unescape_to_the_text_exactly(
            text in prop_oneof![
                any::<String>(),
                "([\\\\]|\\\\u\\{[0-9a-f]{0,7}\\}?|[\u{1b}\u{9b}\u{200f}\u{202e}\u{2028}]|[u{}a1])*",
            ],
        ) {
            let escaped = escape(&text);
            prop_assert!(!escaped.chars().any(super::super::sanitize::is_unsafe), "{escaped:?}");
            let back = unescape(&escaped).into_owned();
            prop_assert_eq!(&back, &text);
            let cell = cell(&text);
            let back = unescape(unneutralise(&cell)).into_owned();
            prop_assert_eq!(&back, &text);
        }

        /// Titles with any text (quotes, commas, formulas, bidi marks,
        /// newlines excepted) survive a write and a read.
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
                cell(&title).as_ref(),
                &reach.to_string(),
                "2",
                "80",
                &format_number(f64::from(effort) / 2.0),
            ])
            .unwrap();
            let bytes = w.into_inner().unwrap();
            let items = read_backlog(bytes.as_slice()).unwrap();
            prop_assert_eq!(items[0].title.as_str(), title.trim());
            prop_assert_eq!(items[0].reach.map(|r| r.value()), Some(f64::from(reach)));
        }
    }
}
