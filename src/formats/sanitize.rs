//! The one sanitizer for text that leaves the app: nothing stored or
//! imported reaches a terminal raw.
//!
//! A control character can move the cursor, set the window title or the
//! clipboard (`ESC ] 52`), or reorder what the reader sees (bidi
//! overrides). Every piece of user text that goes to stdout, stderr, a text
//! export or the TUI passes through one of these:
//!
//! - [`terminal`] for text shown as it is (error messages, plain output,
//!   Markdown, CSV cells, multi-line TUI text): keeps line feed and tab,
//!   shows every other unsafe character as a visible `\u{1b}` escape;
//! - [`terminal_line`] for one-line places (table cells, list rows, titles
//!   in the TUI): the same, and line feed and tab become a space;
//! - [`write_json`] for JSON: the text keeps every character, but each
//!   unsafe one is written as a `\uXXXX` escape, so the JSON reads back to
//!   the same text and no raw control reaches a terminal that shows it.
//!
//! "Unsafe" is [`is_unsafe`]: C0 controls (line feed and tab aside), DEL,
//! C1 controls (U+0080–U+009F: U+009B is a one-byte CSI), the bidi
//! embeddings, overrides, isolates and marks, and the Unicode line and
//! paragraph separators.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

/// A character that must not reach a terminal raw. Line feed and tab are
/// ordinary text here; [`terminal_line`] folds them where one line is due.
pub fn is_unsafe(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        c if c.is_control() => true,
        // Arabic letter mark, LRM/RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => true,
        // Line and paragraph separators: some terminals break the line.
        '\u{2028}' | '\u{2029}' => true,
        _ => false,
    }
}

/// Text for a terminal or a text export, line breaks kept: every unsafe
/// character becomes a visible escape such as `\u{1b}`.
pub fn terminal(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// Text for one line of a terminal (a table cell, a list row): as
/// [`terminal`], and a line feed or tab becomes a space.
pub fn terminal_line(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

fn clean(text: &str, one_line: bool) -> Cow<'_, str> {
    let folds = |c: char| one_line && (c == '\n' || c == '\t');
    if !text.chars().any(|c| is_unsafe(c) || folds(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if folds(c) {
            out.push(' ');
        } else if is_unsafe(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes `value` as pretty JSON (two-space indent, as serde_json's pretty
/// printer) with every unsafe character in a string escaped as `\uXXXX`.
pub fn write_json<W: io::Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        out,
        SafeFormatter(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut ser)
}

/// As [`write_json`], on one line (no spaces, no line breaks).
pub fn write_json_compact<W: io::Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        out,
        SafeFormatter(serde_json::ser::CompactFormatter),
    );
    value.serialize(&mut ser)
}

/// A JSON array written element by element, byte for byte as
/// [`write_json`] writes a whole slice: nothing but the current element is
/// held in memory.
pub struct JsonArray<W: io::Write> {
    out: W,
    first: bool,
    element: Vec<u8>,
}

impl<W: io::Write> JsonArray<W> {
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(b"[")?;
        Ok(Self {
            out,
            first: true,
            element: Vec::new(),
        })
    }

    pub fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> serde_json::Result<()> {
        self.element.clear();
        write_json(&mut self.element, value)?;
        self.out
            .write_all(if self.first { b"\n  " } else { b",\n  " })
            .map_err(serde_json::Error::io)?;
        self.first = false;
        // One level deeper: JSON text holds line breaks only between
        // tokens (a line break in a string is escaped), so every one of
        // them starts an indented line.
        for (i, line) in self.element.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n  ").map_err(serde_json::Error::io)?;
            }
            self.out.write_all(line).map_err(serde_json::Error::io)?;
        }
        Ok(())
    }

    /// Closes the array (no line break after it).
    pub fn finish(mut self) -> io::Result<()> {
        self.out.write_all(if self.first { b"]" } else { b"\n]" })
    }
}

/// The same as [`write_json`], into a string.
pub fn json_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut bytes = Vec::new();
    write_json(&mut bytes, value)?;
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One of serde_json's printers, with the string fragments that serde_json
/// leaves raw (DEL, C1, bidi, separators) written as `\uXXXX`.
struct SafeFormatter<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeFormatter<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                // Every unsafe character is in the Basic Multilingual Plane.
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each kind of unsafe character, and the text around them.
    const HOSTILE: &str = "a\u{1b}]0;pwn\u{7}\u{1b}]52;c;Y3VybA==\u{7}b\r\u{8}\u{7f}\u{9b}31m\u{202e}cba\u{2066}\u{2028}z";

    #[test]
    fn terminal_text_has_no_unsafe_character_left() {
        let shown = terminal(HOSTILE);
        assert!(!shown.chars().any(is_unsafe), "{shown:?}");
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert_eq!(
            shown,
            "a\\u{1b}]0;pwn\\u{7}\\u{1b}]52;c;Y3VybA==\\u{7}b\\u{d}\\u{8}\\u{7f}\\u{9b}31m\\u{202e}cba\\u{2066}\\u{2028}z"
        );
    }

    #[test]
    fn line_breaks_stay_in_text_and_fold_in_a_line() {
        assert_eq!(terminal("one\ntwo\tthree"), "one\ntwo\tthree");
        assert_eq!(terminal_line("one\ntwo\tthree"), "one two three");
        assert!(matches!(
            terminal("plain ünïcode 数据库 🚀"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn json_escapes_every_unsafe_character_and_reads_back() {
        let json = json_string(&serde_json::json!({ "t": HOSTILE })).unwrap();
        assert!(!json.chars().any(|c| c.is_control() && c != '\n'), "{json}");
        assert!(!json.chars().any(is_unsafe), "{json}");
        assert!(
            json.contains("\\u009b") && json.contains("\\u202e"),
            "{json}"
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["t"], HOSTILE);
        // The layout is serde_json's pretty one.
        let value = serde_json::json!({"a": [1, {"b": "c"}], "d": []});
        assert_eq!(
            json_string(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}
