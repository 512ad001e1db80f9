//! Jira's CSV: reading its issue export (Issue key, Summary, Description,
//! the repeated Labels columns, Status and RICE custom fields by name) and
//! writing the scores back in a CSV its importer maps by Issue key.

use super::csv::{LfLines, csv_error, header_names};
use crate::domain::InputError;
use crate::domain::backlog::{Tags, Title};
use crate::domain::rice::{Confidence, Effort, Impact, Reach};
use crate::domain::tracker::{
    Incoming, JIRA_WONT_DO, Origin, Placement, TagUpdate, TrackerLink, check_unique, label_to_tag,
    line_breaks_as_lf,
};
use std::io::Read;

/// The header of `backlog list --format jira`.
pub const SCORES_HEADER: [&str; 6] = [
    "Issue key",
    "Reach",
    "Impact",
    "Confidence",
    "Effort",
    "RICE score",
];

/// The RICE fields, by the name a Jira admin gives the custom field.
const RICE_FIELDS: [&str; 4] = ["reach", "impact", "confidence", "effort"];

/// A Jira column's name as this reader matches it: lower case, and
/// "Custom field (Reach)" — Jira's name for a custom field — as "reach".
fn field_name(header: &str) -> &str {
    header
        .strip_prefix("custom field (")
        .and_then(|rest| rest.strip_suffix(')'))
        .map_or(header, str::trim)
}

/// The lane a Jira status puts an item in.
fn placement(status: &str) -> Placement {
    let status = status.trim().replace('\u{2019}', "'").to_lowercase();
    match status.as_str() {
        "done" => Placement::TrackerDone,
        "won't do" => Placement::TrackerWontDo(JIRA_WONT_DO.to_string()),
        _ => Placement::TrackerOpen,
    }
}

/// Reads a Jira CSV export. Columns other than those named here (Jira
/// writes dozens) are ignored; Issue key and Summary are required. With
/// `browse_url` (the site's base URL) each item keeps its issue's page.
pub fn read_issues(
    input: impl Read,
    browse_url: Option<&str>,
) -> Result<Vec<Incoming>, InputError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(LfLines::new(std::io::BufReader::new(input)));
    let headers = reader
        .byte_headers()
        .map_err(|e| csv_error("header", &e))?
        .clone();
    let names = header_names(&headers);
    let once = |wanted: &str| -> Result<Option<usize>, InputError> {
        let mut found = names
            .iter()
            .enumerate()
            .filter(|(_, n)| field_name(n) == wanted);
        let first = found.next().map(|(i, _)| i);
        match found.next() {
            Some((i, _)) => Err(InputError::new(
                "header",
                format!("the column '{wanted}' appears twice; export it once"),
            )
            .at(1, i + 1)),
            None => Ok(first),
        }
    };
    let required = |wanted: &str, shown: &str| -> Result<usize, InputError> {
        once(wanted)?.ok_or_else(|| {
            InputError::new(
                "header",
                format!(
                    "the column '{shown}' is missing: is this Jira's CSV export \
                     (Export → CSV, all fields or current fields)?"
                ),
            )
            .at(1, 1)
        })
    };
    let key = required("issue key", "Issue key")?;
    let summary = required("summary", "Summary")?;
    let description = once("description")?;
    let status = once("status")?;
    let [reach, impact, confidence, effort] = RICE_FIELDS.map(once);
    let (reach, impact, confidence, effort) = (reach?, impact?, confidence?, effort?);
    let labels: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.as_str() == "labels")
        .map(|(i, _)| i)
        .collect();

    let mut rows = Vec::new();
    let mut record = ::csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error("row", &e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        let column_name = |i: usize| -> String {
            String::from_utf8_lossy(headers.get(i).unwrap_or_default())
                .trim_start_matches('\u{feff}')
                .trim()
                .to_string()
        };
        let cell = |i: usize| -> Result<&str, InputError> {
            std::str::from_utf8(record.get(i).unwrap_or_default()).map_err(|_| {
                InputError::new(column_name(i), "is not valid UTF-8 text").at(line, i + 1)
            })
        };
        let at = |i: usize| move |e: InputError| e.at(line, i + 1);
        let number = |i: Option<usize>| -> Result<Option<&str>, InputError> {
            i.map(&cell)
                .transpose()
                .map(|c| c.filter(|t| !t.trim().is_empty()))
        };
        let issue_key = TrackerLink::parse_key(cell(key)?)
            .map_err(|e| InputError::new("Issue key", e.message))
            .map_err(at(key))?;
        let mut tags = Vec::new();
        for &i in &labels {
            if let Some(tag) = label_to_tag(cell(i)?)
                && !tags.contains(&tag)
            {
                tags.push(tag);
            }
        }
        let tags = Tags::from_words(tags.iter().map(String::as_str))
            .map_err(at(labels.first().copied().unwrap_or(0)))?;
        let mut row = Incoming::new(
            Origin::Line(line),
            Title::parse(cell(summary)?)
                .map_err(|e| InputError::new("Summary", e.message))
                .map_err(at(summary))?,
        );
        row.tracker = Some(TrackerLink {
            url: browse_url.map(|base| TrackerLink::jira_browse_url(base, &issue_key)),
            key: issue_key,
        });
        row.description = description.map(&cell).transpose()?.map(line_breaks_as_lf);
        row.placement = status.map(&cell).transpose()?.map(placement);
        row.tags = (!labels.is_empty()).then_some(TagUpdate::Labels(tags));
        row.reach = number(reach)?
            .map(|t| Reach::parse(t).map_err(at(reach.unwrap_or(0))))
            .transpose()?;
        row.impact = number(impact)?
            .map(|t| Impact::parse(t).map_err(at(impact.unwrap_or(0))))
            .transpose()?;
        row.confidence = number(confidence)?
            .map(|t| Confidence::parse(t).map_err(at(confidence.unwrap_or(0))))
            .transpose()?;
        row.effort = number(effort)?
            .map(|t| Effort::parse(t).map_err(at(effort.unwrap_or(0))))
            .transpose()?;
        rows.push(row);
    }
    check_unique(&rows)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = "\u{feff}Summary,Issue key,Issue id,Status,Labels,Labels,Description,Custom field (Reach),Custom field (Impact)\n\
        \"Faster CI, please\",PLAT-1,10001,In Progress,ci,good first,\"Two\r\nlines\",200,high\n\
        Old thing,PLAT-2,10002,Won't Do,,,,,\n\
        Shipped,PLAT-3,10003,Done,ci,ci,,,\n";

    #[test]
    fn reads_keys_labels_status_and_custom_fields() {
        let rows = read_issues(EXPORT.as_bytes(), Some("https://acme.example/")).unwrap();
        assert_eq!(rows.len(), 3);
        let first = &rows[0];
        assert_eq!(first.title.as_str(), "Faster CI, please");
        let link = first.tracker.as_ref().unwrap();
        assert_eq!(link.key, "PLAT-1");
        assert_eq!(
            link.url.as_deref(),
            Some("https://acme.example/browse/PLAT-1")
        );
        assert_eq!(first.description.as_deref(), Some("Two\nlines"));
        assert_eq!(first.reach.unwrap().value(), 200.0);
        assert_eq!(first.impact, Some(Impact::High));
        assert_eq!(first.confidence, None);
        assert_eq!(first.placement, Some(Placement::TrackerOpen));
        assert_eq!(
            first.tags,
            Some(TagUpdate::Labels(Tags::parse("ci good-first").unwrap()))
        );
        assert_eq!(
            rows[1].placement,
            Some(Placement::TrackerWontDo(JIRA_WONT_DO.into()))
        );
        assert_eq!(rows[1].reach, None);
        assert_eq!(rows[2].placement, Some(Placement::TrackerDone));
    }

    #[test]
    fn bad_cells_are_named_by_line_and_column() {
        let csv = "Issue key,Summary,Custom field (Confidence)\nPLAT-1,A,80\nPLAT-2,B,0.8\n";
        let err = read_issues(csv.as_bytes(), None).unwrap_err();
        assert_eq!(err.location, Some((3, 3)));
        assert!(err.message.contains("did you mean 80"), "{err}");
        let err = read_issues("Summary\nA\n".as_bytes(), None).unwrap_err();
        assert!(err.message.contains("'Issue key' is missing"), "{err}");
        let err =
            read_issues("Issue key,Summary\nPLAT-1,A\nPLAT-1,B\n".as_bytes(), None).unwrap_err();
        assert_eq!(err.location, Some((3, 1)));
        let err = read_issues("Issue key,Summary\nPLAT-1,\n".as_bytes(), None).unwrap_err();
        assert_eq!(err.location, Some((2, 2)));
        assert!(err.to_string().contains("Summary"), "{err}");
    }
}
