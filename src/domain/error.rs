//! The typed error for bad input: it always names the field and what is allowed.

use std::fmt;

/// A value the user gave that the product's rules refuse.
///
/// The CLI maps it to exit code 2; the TUI shows `message` next to the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The field in the product's own words: `reach`, `confidence`, `title`…
    pub field: String,
    /// What was wrong and what is allowed, without the field name.
    pub message: String,
    /// Line and column in a file, for imports and scripts.
    pub location: Option<(u64, usize)>,
}

impl InputError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            location: None,
        }
    }

    /// The same error located in a file, as import and script errors are.
    pub fn at(self, line: u64, column: usize) -> Self {
        Self {
            location: Some((line, column)),
            ..self
        }
    }
}

/// What the user typed, quoted back in a refusal: at most `max` characters,
/// with `…` where it was cut, so a long paste cannot fill the message and
/// the reader sees it was cut.
pub fn echo(text: &str, max: usize) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, column)) = self.location {
            write!(f, "line {line}, column {column}: ")?;
        }
        // A message that already starts with its field reads fine alone.
        if self.message.starts_with(&self.field) {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for InputError {}

#[cfg(test)]
mod tests {
    #[test]
    fn an_echo_says_where_it_was_cut() {
        assert_eq!(super::echo(" now ", 40), "now");
        assert_eq!(super::echo("abcdef", 3), "abc…");
        assert_eq!(super::echo("abc", 3), "abc");
    }
}
