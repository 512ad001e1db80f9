//! Binding tables: which key does what, in every mode. A pane's normal
//! keys, a form, a prompt, a picker, a confirmation, a document, a filter
//! line and an editor each have one table; the key is looked up in it and
//! nothing else decides what a key does. The `?` overlay and the
//! status-bar hints are generated from the same tables, so help never
//! drifts from behaviour.

use super::action::Action;
use super::tab::Tab;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as a table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A key pressed without Ctrl or Alt (Shift is part of a character: `I`).
    Plain(KeyCode),
    /// Ctrl and a letter.
    Ctrl(char),
    /// Any printable character, typed into a text field.
    Text,
}

/// How important a hint is in the status bar: at 80 columns the lower
/// ranks go first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// Kept whatever the width.
    Vital,
    Main,
    Extra,
}

/// One binding: its keys, what they ask for, and how help describes it.
#[derive(Debug, Clone, Copy)]
pub struct Binding<A: 'static> {
    pub keys: &'static [Key],
    pub action: A,
    /// The line in the `?` overlay.
    pub help: &'static str,
    /// A short word for the status bar, and how much it matters.
    pub hint: Option<(&'static str, Rank)>,
}

impl<A> Binding<A> {
    /// A key with a line in `?` and a word in the status bar.
    pub const fn hint(mut self, word: &'static str, rank: Rank) -> Self {
        self.hint = Some((word, rank));
        self
    }
}

/// A binding described in the `?` overlay only.
pub const fn bind<A>(keys: &'static [Key], action: A, help: &'static str) -> Binding<A> {
    Binding {
        keys,
        action,
        help,
        hint: None,
    }
}

/// Whether `key` is the key a table names.
pub fn matches(named: Key, key: KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match named {
        Key::Plain(code) => !ctrl && !alt && key.code == code,
        Key::Ctrl(c) => {
            ctrl && !alt && matches!(key.code, KeyCode::Char(k) if k.eq_ignore_ascii_case(&c))
        }
        Key::Text => !ctrl && !alt && matches!(key.code, KeyCode::Char(c) if !c.is_control()),
    }
}

/// What a key asks for in a table, first match wins.
pub fn lookup<A: Clone>(table: &[Binding<A>], key: KeyEvent) -> Option<A> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|k| matches(*k, key)))
        .map(|b| b.action.clone())
}

/// What a key asks for in the first of several tables that has it.
pub fn lookup_in<A: Clone>(tables: &[&[Binding<A>]], key: KeyEvent) -> Option<A> {
    tables.iter().find_map(|t| lookup(t, key))
}

/// How a key is written in help: `j`, `↓`, `Enter`, `Ctrl-S`.
pub fn key_name(key: Key) -> String {
    match key {
        Key::Plain(code) => code_name(code),
        Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
        Key::Text => "type".to_string(),
    }
}

fn code_name(code: KeyCode) -> String {
    match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Down => "↓".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Del".into(),
        other => format!("{other:?}"),
    }
}

/// How a key press is written in a message: `x`, `Ctrl-K`, `F5`.
pub fn press_name(key: KeyEvent) -> String {
    let name = code_name(key.code);
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", name.to_uppercase())
    } else if key.modifiers.contains(KeyModifiers::ALT) {
        format!("Alt-{name}")
    } else {
        name
    }
}

/// All of a binding's keys: `j/↓`.
pub fn keys_label(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| key_name(*k))
        .collect::<Vec<_>>()
        .join("/")
}

/// One line of help, whatever the table's action type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    /// The keys themselves, to tell whether a key is covered.
    pub bound: Vec<Key>,
    pub keys: String,
    /// The first key alone, for the status bar.
    pub first: String,
    pub help: &'static str,
    pub hint: Option<(&'static str, Rank)>,
}

/// The help of one mode: a title and its lines, in table order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpGroup {
    pub title: String,
    pub lines: Vec<HelpLine>,
}

impl HelpGroup {
    pub fn of<A>(title: impl Into<String>, table: &[Binding<A>]) -> Self {
        Self {
            title: title.into(),
            lines: table
                .iter()
                .map(|b| HelpLine {
                    bound: b.keys.to_vec(),
                    keys: keys_label(b.keys),
                    first: b.keys.first().map(|k| key_name(*k)).unwrap_or_default(),
                    help: b.help,
                    hint: b.hint,
                })
                .collect(),
        }
    }

    /// Whether one of these lines names `key`.
    pub fn covers(&self, key: KeyEvent) -> bool {
        self.lines
            .iter()
            .any(|l| l.bound.iter().any(|k| matches(*k, key)))
    }

    /// Adds another table's lines (a field's editing keys under a form's).
    pub fn with<B>(mut self, table: &[Binding<B>]) -> Self {
        self.lines.extend(Self::of("", table).lines);
        self
    }

    /// The status-bar hints: the first key of each hinted binding.
    pub fn hints(&self) -> Vec<(String, &'static str, Rank)> {
        self.lines
            .iter()
            .filter_map(|l| l.hint.map(|(word, rank)| (l.first.clone(), word, rank)))
            .collect()
    }
}

use KeyCode::{BackTab, Char, Tab as TabKey};

const fn k(code: KeyCode) -> Key {
    Key::Plain(code)
}

/// The status-bar word of the sync key, shown once sync is set up.
pub const SYNC_HINT: &str = "sync";

/// Keys that work on every pane when no popup is open.
pub const GLOBAL: &[Binding<Action>] = &[
    bind(&[k(Char('?'))], Action::Help, "show or hide this help").hint("help", Rank::Vital),
    bind(
        &[k(Char('q')), Key::Ctrl('c')],
        Action::Quit,
        "quit (asks while a clock runs)",
    )
    .hint("quit", Rank::Vital),
    bind(
        &[k(Char('S'))],
        Action::Sync,
        "sync with the team, in the background",
    )
    .hint(SYNC_HINT, Rank::Extra),
    bind(&[k(TabKey)], Action::NextTab, "next pane"),
    bind(&[k(BackTab)], Action::PrevTab, "previous pane"),
    bind(
        &[k(Char('1'))],
        Action::SelectTab(Tab::Backlog),
        "Backlog pane",
    ),
    bind(
        &[k(Char('2'))],
        Action::SelectTab(Tab::Shadow),
        "Shadow pane",
    ),
    bind(
        &[k(Char('3'))],
        Action::SelectTab(Tab::Interview),
        "Interview pane",
    ),
    bind(
        &[k(Char('4'))],
        Action::SelectTab(Tab::Synthesis),
        "Synthesis pane",
    ),
    bind(
        &[k(Char('5'))],
        Action::SelectTab(Tab::Roadmap),
        "Roadmap pane",
    ),
    bind(
        &[k(Char('6'))],
        Action::SelectTab(Tab::Outcomes),
        "Outcomes pane",
    ),
];

/// Every key a person can press, for the walks that check tables against
/// behaviour.
#[cfg(test)]
pub fn every_key() -> Vec<KeyEvent> {
    let mut codes: Vec<KeyCode> = (' '..='~').map(Char).collect();
    codes.extend([
        KeyCode::Enter,
        KeyCode::Esc,
        TabKey,
        BackTab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::F(5),
    ]);
    let mut keys: Vec<KeyEvent> = codes
        .into_iter()
        .map(|c| KeyEvent::new(c, KeyModifiers::NONE))
        .collect();
    keys.extend(('a'..='z').map(|c| KeyEvent::new(Char(c), KeyModifiers::CONTROL)));
    keys.extend(['j', 'x'].map(|c| KeyEvent::new(Char(c), KeyModifiers::ALT)));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_respects_shift_and_ctrl() {
        const TABLE: &[Binding<i32>] = &[
            bind(&[k(Char('i'))], 1, "up"),
            bind(&[k(Char('I'))], 2, "down"),
            bind(&[Key::Ctrl('s')], 3, "save"),
            bind(&[Key::Text], 4, "type"),
        ];
        let table = TABLE;
        let key = |c, m| KeyEvent::new(Char(c), m);
        assert_eq!(lookup(table, key('I', KeyModifiers::SHIFT)), Some(2));
        assert_eq!(lookup(table, key('i', KeyModifiers::NONE)), Some(1));
        assert_eq!(lookup(table, key('s', KeyModifiers::CONTROL)), Some(3));
        assert_eq!(lookup(table, key('s', KeyModifiers::NONE)), Some(4));
        assert_eq!(lookup(table, key('i', KeyModifiers::ALT)), None);
        assert_eq!(lookup(table, key('x', KeyModifiers::CONTROL)), None);
    }

    #[test]
    fn hints_name_the_first_key() {
        const TABLE: &[Binding<i32>] =
            &[bind(&[k(Char('j')), k(KeyCode::Down)], 0, "down").hint("down", Rank::Main)];
        let group = HelpGroup::of("t", TABLE);
        assert_eq!(group.hints(), [("j".to_string(), "down", Rank::Main)]);
        assert_eq!(group.lines[0].keys, "j/↓");
    }
}
