//! Markdown output with user text escaped, so a title can never break the
//! table or the document it lands in.

/// Escapes multi-line text as Markdown paragraphs that keep the lines as
/// typed: each line is escaped on its own (so a line starting with `#` or
/// `1.` stays text) and ends in a hard break (two spaces), so neither a
/// terminal reader nor a Markdown renderer joins them; blank lines stay
/// paragraph breaks.
pub fn paragraphs(text: &str) -> String {
    let lines: Vec<&str> = text.trim_matches('\n').split('\n').collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            out.push('\n');
            continue;
        }
        out.push_str(&escape(line));
        let next_is_text = lines.get(i + 1).is_some_and(|l| !l.trim().is_empty());
        out.push_str(if next_is_text { "  \n" } else { "\n" });
    }
    out.trim_end_matches('\n').to_string()
}

/// Escapes text for a Markdown table cell or paragraph: inline punctuation
/// gets a backslash, a line-start marker (`#`, `-`, `1.`…) is escaped, HTML
/// brackets become entities, line breaks become spaces and any other
/// control character a visible escape (see [`super::sanitize`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let trimmed = text.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    // Only punctuation can be escaped, so `1.` becomes `1\.`, not `\1.`.
    let ordered_list = digits > 0 && trimmed[digits..].starts_with(['.', ')']);
    if trimmed.starts_with(['#', '-', '+', '=']) {
        out.push('\\');
    }
    for (i, ch) in trimmed.chars().enumerate() {
        if ordered_list && i == digits {
            out.push('\\');
        }
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' | '\n' | '\t' => out.push(' '),
            c if super::sanitize::is_unsafe(c) => {
                out.push_str(&super::sanitize::terminal(c.encode_utf8(&mut [0; 4])));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_break_a_table() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("line\nbreak"), "line break");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("# [x](y) *z*"), "\\# \\[x\\](y) \\*z\\*");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("1. first"), "1\\. first");
        assert_eq!(escape("Self-service"), "Self-service");
        assert_eq!(escape("bell\u{7}"), "bell\\u{7}");
        assert_eq!(escape("\u{202e}abc"), "\\u{202e}abc");
        assert_eq!(escape("Faster CI pipelines"), "Faster CI pipelines");
    }

    #[test]
    fn paragraphs_keep_the_lines_as_typed() {
        assert_eq!(paragraphs("one"), "one");
        assert_eq!(paragraphs("one\ntwo"), "one  \ntwo");
        assert_eq!(
            paragraphs("one\r\n# two\n\n1. three\n"),
            "one  \n\\# two\n\n1\\. three"
        );
        assert_eq!(paragraphs("a\u{1b}[2Jb"), "a\\u{1b}\\[2Jb");
    }
}
