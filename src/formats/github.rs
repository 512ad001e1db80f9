//! GitHub issues as `gh issue list --json number,title,body,labels,state,url`
//! writes them: a JSON array, one object per issue. A bad value is named by
//! its JSON pointer (`/3/title`), a syntax error by line and column.

use crate::domain::InputError;
use crate::domain::backlog::{Tags, Title};
use crate::domain::tracker::{
    Incoming, Origin, Placement, TagUpdate, TrackerLink, check_unique, label_to_tag,
    line_breaks_as_lf,
};
use serde_json::Value;
use std::io::Read;

/// What `gh` must be asked for, for the message of a file that lacks it.
const GH_COMMAND: &str =
    "gh issue list --state all --limit 1000 --json number,title,body,labels,state,url";

/// An error at a JSON pointer: the pointer stands where a field would.
fn at(pointer: &str, message: impl Into<String>) -> InputError {
    InputError::new(pointer, message)
}

/// The key of an issue from its URL: `OWNER/REPO#N` from
/// `https://HOST/OWNER/REPO/issues/N`, so issues of two repositories never
/// share a key.
fn key_from_url(url: &str, number: u64) -> Option<String> {
    let path = url.split_once("://")?.1.split_once('/')?.1;
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        [owner, repo, "issues" | "pull", n] if n.parse::<u64>().ok() == Some(number) => {
            Some(format!("{owner}/{repo}#{number}"))
        }
        _ => None,
    }
}

/// Reads `gh issue list --json …` output: every issue becomes a row keyed
/// by its repository and number; closed issues are done.
pub fn read_issues(mut input: impl Read) -> Result<Vec<Incoming>, InputError> {
    let mut text = String::new();
    input
        .read_to_string(&mut text)
        .map_err(|e| InputError::new("file", format!("cannot be read as UTF-8 text: {e}")))?;
    // PowerShell's `>` and some editors start the file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let value: Value = serde_json::from_str(text).map_err(|e| {
        InputError::new("json", format!("is not valid JSON: {e}")).at(e.line() as u64, e.column())
    })?;
    let Value::Array(issues) = value else {
        return Err(at(
            "/",
            format!("must be a JSON array of issues, as `{GH_COMMAND}` writes"),
        ));
    };
    let mut rows = Vec::with_capacity(issues.len());
    for (i, issue) in issues.iter().enumerate() {
        let here = format!("/{i}");
        let Value::Object(fields) = issue else {
            return Err(at(&here, "must be an issue object"));
        };
        let field = |name: &str| fields.get(name).filter(|v| !v.is_null());
        let string = |name: &str| -> Result<Option<&str>, InputError> {
            match field(name) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s)),
                Some(_) => Err(at(&format!("{here}/{name}"), "must be a string")),
            }
        };
        let missing = |name: &str| {
            at(
                &format!("{here}/{name}"),
                format!("is missing: export with `{GH_COMMAND}`"),
            )
        };
        let number = match field("number") {
            Some(n) => n
                .as_u64()
                .ok_or_else(|| at(&format!("{here}/number"), "must be a whole number ≥ 0"))?,
            None => return Err(missing("number")),
        };
        let title = string("title")?.ok_or_else(|| missing("title"))?;
        let title = Title::parse(title).map_err(|e| at(&format!("{here}/title"), e.message))?;
        let url = string("url")?.ok_or_else(|| missing("url"))?;
        let url = TrackerLink::parse_url(url).map_err(|e| at(&format!("{here}/url"), e.message))?;
        let key = key_from_url(&url, number).ok_or_else(|| {
            at(
                &format!("{here}/url"),
                format!("must be the issue's page, …/OWNER/REPO/issues/{number}, got '{url}'"),
            )
        })?;
        let placement = match string("state")? {
            None => None,
            Some(state) if state.eq_ignore_ascii_case("open") => Some(Placement::TrackerOpen),
            Some(state) if state.eq_ignore_ascii_case("closed") => Some(Placement::TrackerDone),
            Some(state) => {
                return Err(at(
                    &format!("{here}/state"),
                    format!("must be OPEN or CLOSED, got '{state}'"),
                ));
            }
        };
        let tags = match field("labels") {
            None => None,
            Some(Value::Array(labels)) => {
                let mut tags = Vec::new();
                for (j, label) in labels.iter().enumerate() {
                    let name = label.get("name").and_then(Value::as_str).ok_or_else(|| {
                        at(
                            &format!("{here}/labels/{j}/name"),
                            "must be the label's name (a string)",
                        )
                    })?;
                    if let Some(tag) = label_to_tag(name)
                        && !tags.contains(&tag)
                    {
                        tags.push(tag);
                    }
                }
                let tags = Tags::from_words(tags.iter().map(String::as_str))
                    .map_err(|e| at(&format!("{here}/labels"), e.message))?;
                Some(TagUpdate::Labels(tags))
            }
            Some(_) => return Err(at(&format!("{here}/labels"), "must be an array of labels")),
        };
        let mut row = Incoming::new(Origin::Pointer(here.clone()), title);
        row.tracker = Some(TrackerLink {
            key,
            url: Some(url),
        });
        row.description = string("body")?.map(line_breaks_as_lf);
        row.placement = placement;
        row.tags = tags;
        rows.push(row);
    }
    check_unique(&rows)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gh_issue_list_output() {
        let json = r#"[
          {"body":"Line one\r\nline two","labels":[{"id":"LA_1","name":"good first issue","description":"","color":"7057ff"}],
           "number":7,"state":"OPEN","title":"Faster CI","url":"https://github.com/acme/platform/issues/7"},
          {"body":"","labels":[],"number":8,"state":"CLOSED","title":"Done thing","url":"https://github.com/acme/platform/issues/8"}
        ]"#;
        let rows = read_issues(json.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        let link = rows[0].tracker.as_ref().unwrap();
        assert_eq!(link.key, "acme/platform#7");
        assert_eq!(rows[0].description.as_deref(), Some("Line one\nline two"));
        assert_eq!(
            rows[0].tags,
            Some(TagUpdate::Labels(Tags::parse("good-first-issue").unwrap()))
        );
        assert_eq!(rows[1].placement, Some(Placement::TrackerDone));
    }

    #[test]
    fn bad_values_are_named_by_pointer() {
        let bad = |json: &str| read_issues(json.as_bytes()).unwrap_err().to_string();
        let ok = r#"{"number":1,"title":"A","url":"https://github.com/a/b/issues/1"}"#;
        assert!(
            bad(&format!(
                r#"[{ok},{{"number":2,"title":"","url":"https://github.com/a/b/issues/2"}}]"#
            ))
            .starts_with("/1/title: ")
        );
        assert!(
            bad(&format!(r#"[{ok},{{"number":2,"title":"B"}}]"#)).starts_with("/1/url: is missing")
        );
        assert!(
            bad(r#"[{"number":1,"title":"A","url":"https://github.com/a/b/issues/2"}]"#)
                .starts_with("/0/url: ")
        );
        assert!(bad(r#"[{"number":1,"title":"A","state":"MERGED","url":"https://github.com/a/b/issues/1"}]"#)
            .starts_with("/0/state: "));
        assert!(bad(&format!("[{ok},{ok}]")).contains("appears twice (first at /0)"));
        assert!(bad("{}").starts_with("/: "));
        assert!(bad("[\n{\"number\": 1,,}]").starts_with("line 2, column "));
    }
}
