//! A form of one-line fields, choices and multi-line fields: Tab/Shift-Tab
//! (or ↓/↑ outside a multi-line field) move, Enter on the last field or
//! Ctrl-S anywhere saves, Esc cancels. Errors sit next to their field,
//! wrapped whole, and what the user typed stays. Entering a one-line field
//! selects its value, so typing replaces it. A multi-line field is the
//! editor widget: Enter is a new line there and a paste keeps its breaks; a
//! paste into a one-line field has its breaks folded to spaces, and the
//! form says so.

use super::Outcome;
use super::editor::{EDITOR_TEXT, Editor};
use super::line_input::{EDITING, LineInput};
use crate::tui::keymap::{Binding, HelpGroup, Key, Rank, bind, lookup};
use crate::tui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Checks one field's text as the user leaves it: `Some(message)` if bad.
pub type Check = fn(&str) -> Option<String>;

/// What a key asks of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    Next,
    Previous,
    Enter,
    Save,
    Cancel,
}

/// What a key does in a choice field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceKey {
    Next,
    Previous,
}

/// The keys of a field chosen from a list.
pub const CHOICE: &[Binding<ChoiceKey>] = &[
    bind(
        &[Key::Plain(KeyCode::Right), Key::Plain(KeyCode::Char(' '))],
        ChoiceKey::Next,
        "next option",
    )
    .hint("choose", Rank::Main),
    bind(
        &[Key::Plain(KeyCode::Left)],
        ChoiceKey::Previous,
        "previous option",
    ),
];

/// The form's keys; the field's editing keys follow them.
pub const FORM: &[Binding<FormKey>] = &[
    bind(&[Key::Ctrl('s')], FormKey::Save, "save the form").hint("save", Rank::Vital),
    bind(
        &[Key::Plain(KeyCode::Esc)],
        FormKey::Cancel,
        "cancel: nothing is saved",
    )
    .hint("cancel", Rank::Vital),
    bind(
        &[Key::Plain(KeyCode::Tab), Key::Plain(KeyCode::Down)],
        FormKey::Next,
        "next field (its value is selected: typing replaces it)",
    )
    .hint("next field", Rank::Main),
    bind(
        &[Key::Plain(KeyCode::BackTab), Key::Plain(KeyCode::Up)],
        FormKey::Previous,
        "previous field",
    )
    .hint("previous", Rank::Extra),
    bind(
        &[Key::Plain(KeyCode::Enter)],
        FormKey::Enter,
        "next field; on the last one, save",
    ),
];

/// The form's keys while a multi-line field has focus: Enter and ↑/↓ are
/// the editor's there.
pub const FORM_MULTILINE: &[Binding<FormKey>] = &[
    bind(&[Key::Ctrl('s')], FormKey::Save, "save the form").hint("save", Rank::Vital),
    bind(
        &[Key::Plain(KeyCode::Esc)],
        FormKey::Cancel,
        "cancel: nothing is saved",
    )
    .hint("cancel", Rank::Vital),
    bind(&[Key::Plain(KeyCode::Tab)], FormKey::Next, "next field").hint("next field", Rank::Main),
    bind(
        &[Key::Plain(KeyCode::BackTab)],
        FormKey::Previous,
        "previous field",
    )
    .hint("previous", Rank::Extra),
];

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub input: LineInput,
    /// Shown under the field when there is no error: the allowed values.
    pub help: String,
    pub error: Option<String>,
    pub check: Check,
    /// A field chosen from these (←/→), not typed; empty for a text field.
    pub options: Vec<String>,
    /// A multi-line field's editor (then `input` is unused).
    pub editor: Option<Editor>,
    /// The rows a multi-line field shows when there is room.
    pub rows: u16,
}

impl Field {
    pub fn new(label: &'static str, text: &str, help: impl Into<String>, check: Check) -> Self {
        Self {
            label,
            input: LineInput::new(text),
            help: help.into(),
            error: None,
            check,
            options: Vec::new(),
            editor: None,
            rows: 1,
        }
    }

    /// A multi-line field, edited in the editor widget, `rows` high when
    /// the screen has room. Its line breaks are kept as typed or pasted.
    pub fn multiline(
        label: &'static str,
        text: &str,
        rows: u16,
        help: impl Into<String>,
        check: Check,
    ) -> Self {
        let mut field = Self::new(label, "", help, check);
        field.editor = Some(Editor::new(text));
        field.rows = rows.max(1);
        field
    }

    /// What the field holds: a multi-line field's lines joined by LF.
    pub fn text(&self) -> String {
        match &self.editor {
            Some(editor) => editor.text(),
            None => self.input.text().to_string(),
        }
    }

    pub fn is_multiline(&self) -> bool {
        self.editor.is_some()
    }

    /// A field whose value is one of `options`, chosen with ←/→ or Space.
    pub fn choice(
        label: &'static str,
        options: Vec<String>,
        current: &str,
        help: impl Into<String>,
    ) -> Self {
        fn any(_: &str) -> Option<String> {
            None
        }
        let mut field = Self::new(label, current, help, any);
        field.options = options;
        field
    }

    /// Moves a choice field `step` options on, wrapping around.
    fn cycle(&mut self, step: isize) {
        let n = self.options.len() as isize;
        if n == 0 {
            return;
        }
        let at = self
            .options
            .iter()
            .position(|o| o == self.input.text())
            .map_or(0, |i| (i as isize + step).rem_euclid(n));
        let mut input = LineInput::new(&self.options[at as usize]);
        input.set_cursor_visible(false);
        self.input = input;
        self.error = None;
    }

    pub fn placeholder(mut self, text: &str) -> Self {
        self.input = self.input.with_placeholder(text);
        self
    }
}

/// What a key did to the form: `Submit` asks the owner to save it.
pub type FormOutcome = Outcome<()>;

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A line under the fields the owner keeps current (the live score).
    pub preview: String,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Self {
        let mut form = Self {
            title: title.into(),
            fields,
            focus: 0,
            preview: String::new(),
        };
        form.show_cursor();
        form
    }

    /// A one-line or choice field's text (see [`Form::value`] for any).
    pub fn text(&self, index: usize) -> &str {
        self.fields.get(index).map_or("", |f| f.input.text())
    }

    /// Any field's text, a multi-line one's lines joined by LF.
    pub fn value(&self, index: usize) -> String {
        self.fields.get(index).map(Field::text).unwrap_or_default()
    }

    /// This form's keys, for the status bar and `?`.
    pub fn help(&self) -> HelpGroup {
        if self.focused_is_multiline() {
            return HelpGroup::of(self.title.clone(), FORM_MULTILINE).with(EDITOR_TEXT);
        }
        let group = HelpGroup::of(self.title.clone(), FORM);
        if self.focused_is_choice() {
            group.with(CHOICE)
        } else {
            group.with(EDITING)
        }
    }

    fn focused_is_choice(&self) -> bool {
        self.fields
            .get(self.focus)
            .is_some_and(|f| !f.options.is_empty())
    }

    fn focused_is_multiline(&self) -> bool {
        self.fields.get(self.focus).is_some_and(Field::is_multiline)
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        let table = if self.focused_is_multiline() {
            FORM_MULTILINE
        } else {
            FORM
        };
        match lookup(table, key) {
            Some(FormKey::Cancel) => return Outcome::Cancel,
            Some(FormKey::Save) => return Outcome::Submit(()),
            Some(FormKey::Enter) if self.focus + 1 == self.fields.len() => {
                return Outcome::Submit(());
            }
            Some(FormKey::Enter | FormKey::Next) => {
                self.move_focus(1);
                return Outcome::Editing;
            }
            Some(FormKey::Previous) => {
                self.move_focus(-1);
                return Outcome::Editing;
            }
            None => {}
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return Outcome::Ignored;
        };
        if let Some(editor) = field.editor.as_mut() {
            return match editor.handle_text_key(key) {
                None => Outcome::Ignored,
                Some(changed) => {
                    if changed {
                        field.error = None;
                    }
                    Outcome::Editing
                }
            };
        }
        if !field.options.is_empty() {
            return match lookup(CHOICE, key) {
                Some(ChoiceKey::Next) => {
                    field.cycle(1);
                    Outcome::Editing
                }
                Some(ChoiceKey::Previous) => {
                    field.cycle(-1);
                    Outcome::Editing
                }
                None => Outcome::Ignored,
            };
        }
        match field.input.handle_key(key) {
            None => Outcome::Ignored,
            Some(changed) => {
                if changed {
                    // A fix in progress should not stay red.
                    field.error = None;
                }
                Outcome::Editing
            }
        }
    }

    /// Pastes into the focused field. A multi-line field keeps the line
    /// breaks (as LF); a one-line field turns them into spaces, and then
    /// the note for the status line says so.
    pub fn paste(&mut self, text: &str) {
        let _ = self.paste_noting(text);
    }

    /// [`Form::paste`], returning what the status line should say about it.
    pub fn paste_noting(&mut self, text: &str) -> Option<String> {
        let field = self
            .fields
            .get_mut(self.focus)
            .filter(|f| f.options.is_empty())?;
        field.error = None;
        if let Some(editor) = field.editor.as_mut() {
            editor.paste(text);
            return None;
        }
        field.input.paste(text);
        text.contains(['\r', '\n']).then(|| {
            format!(
                "{} is one line: the paste's line breaks became spaces",
                field.label
            )
        })
    }

    /// Leaves the focused field (checking it) for the one `step` away,
    /// whose value is selected so that typing replaces it.
    fn move_focus(&mut self, step: isize) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.error = (field.check)(&field.text());
            field.input.deselect();
        }
        let n = self.fields.len() as isize;
        if n > 0 {
            self.focus = (self.focus as isize + step).rem_euclid(n) as usize;
        }
        if let Some(field) = self
            .fields
            .get_mut(self.focus)
            .filter(|f| f.options.is_empty() && f.editor.is_none())
        {
            field.input.select_all();
        }
        self.show_cursor();
    }

    /// Puts the errors on their fields and the focus on the first of them.
    pub fn set_errors(&mut self, errors: Vec<(usize, String)>) {
        for (i, message) in errors.iter().rev() {
            if let Some(field) = self.fields.get_mut(*i) {
                field.error = Some(message.clone());
                self.focus = *i;
            }
        }
        self.show_cursor();
    }

    fn show_cursor(&mut self) {
        let focus = self.focus;
        for (i, field) in self.fields.iter_mut().enumerate() {
            field
                .input
                .set_cursor_visible(i == focus && field.options.is_empty());
            if let Some(editor) = field.editor.as_mut() {
                editor.set_cursor_visible(i == focus);
            }
        }
    }

    /// The rows a field's note takes at `width`: its error wrapped whole,
    /// or one line of help.
    fn note_rows(field: &Field, width: u16) -> u16 {
        match &field.error {
            Some(e) => wrapped_rows(&format!("✗ {e}"), width),
            None => 1,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let width = 86.min(area.width);
        let label_width = self
            .fields
            .iter()
            .map(|f| unicode_width::UnicodeWidthStr::width(f.label) as u16 + 1)
            .max()
            .unwrap_or(12)
            .clamp(12, 18);
        let input_width = width.saturating_sub(2 + label_width);
        let roomy_rows: u16 = self
            .fields
            .iter()
            .map(|f| f.rows + Self::note_rows(f, input_width))
            .sum();
        // Borders, the preview or error line and the key line.
        let roomy = roomy_rows + 4 <= area.height;
        // Without room for notes the first error (the focused field's if
        // it has one) sits above the keys, naming its field.
        let errors: Vec<String> = if roomy {
            Vec::new()
        } else {
            let focused = self.fields.get(self.focus).filter(|f| f.error.is_some());
            focused
                .into_iter()
                .chain(self.fields.iter().filter(|f| f.error.is_some()))
                .filter_map(|f| f.error.as_ref().map(|e| format!("{}: {e}", f.label)))
                .take(1)
                .collect()
        };
        let footer_rows = errors.first().map_or(1, |e| {
            wrapped_rows(&format!("✗ {e}"), width.saturating_sub(3))
        });
        // Without room for notes, multi-line fields shrink to what fits
        // (one row at least) and the focused field's help takes a line of
        // its own when it fits.
        let compact_rows = |cap: u16| -> u16 { self.fields.iter().map(|f| f.rows.min(cap)).sum() };
        // The focused field's help, wrapped whole, when there is no error:
        // multi-line fields give up rows for it first.
        let help_text = self
            .fields
            .get(self.focus)
            .filter(|f| !roomy && errors.is_empty() && !f.help.is_empty())
            .map(|f| format!("{}: {}", f.label, f.help));
        let help_rows = help_text
            .as_ref()
            .map_or(0, |t| wrapped_rows(t, width.saturating_sub(3)));
        let tallest = self.fields.iter().map(|f| f.rows).max().unwrap_or(1);
        let fits =
            |cap: u16, extra: u16| compact_rows(cap) + footer_rows + 3 + extra <= area.height;
        let (cap, help_rows) = if roomy {
            (u16::MAX, 0)
        } else if let Some(cap) = (1..=tallest).rev().find(|cap| fits(*cap, help_rows)) {
            (cap, help_rows)
        } else {
            let cap = (1..=tallest).rev().find(|cap| fits(*cap, 0)).unwrap_or(1);
            (cap, 0)
        };
        let help_row = help_rows > 0;
        let height = if roomy {
            roomy_rows + 4
        } else {
            compact_rows(cap) + footer_rows + 3 + help_rows
        };
        let inner = super::popup(
            area,
            buf,
            (width, height),
            &self.title,
            theme.focus_border(),
            theme.title(),
        );
        let mut y = inner.y;
        let footer_top = inner.bottom().saturating_sub(footer_rows + 1 + help_rows);
        for (i, field) in self.fields.iter().enumerate() {
            if y >= footer_top {
                break;
            }
            let focused = i == self.focus;
            let label_style = if focused { theme.key() } else { theme.base() };
            let label = Rect::new(inner.x, y, label_width.min(inner.width), 1);
            let mark = if field.error.is_some() && !roomy {
                "✗"
            } else {
                " "
            };
            let label_text = format!("{:>w$}{mark}", field.label, w = label_width as usize - 1);
            let style = if field.error.is_some() {
                theme.error()
            } else {
                label_style
            };
            Paragraph::new(Span::styled(label_text, style)).render(label, buf);
            let rows = field.rows.min(cap).min(footer_top - y);
            let input = Rect::new(
                inner.x + label.width,
                y,
                inner.width.saturating_sub(label.width),
                rows,
            );
            if let Some(editor) = &field.editor {
                editor.widget().render(input, buf);
            } else if field.options.is_empty() {
                field.input.widget().render(input, buf);
            } else {
                let style = if focused {
                    theme.selected()
                } else {
                    theme.base()
                };
                Paragraph::new(Span::styled(format!("◂ {} ▸", field.input.text()), style))
                    .render(input, buf);
            }
            y += rows;
            if roomy {
                let rows = Self::note_rows(field, input.width);
                let note = match &field.error {
                    Some(e) => Span::styled(format!("✗ {e}"), theme.error()),
                    None if focused => Span::styled(field.help.as_str(), theme.dim()),
                    None => Span::raw(""),
                };
                let rect = Rect::new(input.x, y, input.width, rows).intersection(inner);
                Paragraph::new(note)
                    .wrap(Wrap { trim: true })
                    .render(rect, buf);
                y += rows;
            }
        }
        if inner.height < 2 {
            return;
        }
        if help_row && let Some(text) = help_text {
            Paragraph::new(Span::styled(text, theme.dim()))
                .wrap(Wrap { trim: true })
                .render(
                    Rect::new(
                        inner.x + 1,
                        footer_top,
                        inner.width.saturating_sub(1),
                        help_rows,
                    )
                    .intersection(inner),
                    buf,
                );
        }
        let message = Rect::new(
            inner.x + 1,
            footer_top + help_rows,
            inner.width.saturating_sub(1),
            footer_rows,
        )
        .intersection(inner);
        match errors.first() {
            Some(e) => Paragraph::new(Span::styled(format!("✗ {e}"), theme.error()))
                .wrap(Wrap { trim: true })
                .render(message, buf),
            None => {
                Paragraph::new(Span::styled(self.preview.clone(), theme.ok())).render(message, buf)
            }
        }
        let keys = super::key_line(&self.help(), theme);
        Paragraph::new(keys).render(
            Rect::new(
                inner.x + 1,
                inner.bottom().saturating_sub(1),
                inner.width.saturating_sub(1),
                1,
            ),
            buf,
        );
    }
}

/// The rows `text` takes wrapped at `width`.
pub fn wrapped_rows(text: &str, width: u16) -> u16 {
    let rows = Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .line_count(width.max(1));
    u16::try_from(rows).unwrap_or(u16::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn not_empty(text: &str) -> Option<String> {
        text.trim().is_empty().then(|| "required".to_string())
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn moves_checks_and_submits() {
        let mut form = Form::new(
            "t",
            vec![
                Field::new("A", "", "", not_empty),
                Field::new("B", "x", "", not_empty),
            ],
        );
        assert_eq!(form.handle_key(key(KeyCode::Tab)), Outcome::Editing);
        assert_eq!(form.focus, 1);
        assert_eq!(form.fields[0].error.as_deref(), Some("required"));
        assert_eq!(form.handle_key(key(KeyCode::Enter)), Outcome::Submit(()));
        assert_eq!(form.handle_key(key(KeyCode::Up)), Outcome::Editing);
        form.handle_key(key(KeyCode::Char('z')));
        assert_eq!(form.text(0), "z");
        assert!(form.fields[0].error.is_none());
        assert_eq!(
            form.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Outcome::Submit(())
        );
        assert_eq!(form.handle_key(key(KeyCode::Esc)), Outcome::Cancel);
        assert_eq!(form.handle_key(key(KeyCode::F(5))), Outcome::Ignored);
    }

    #[test]
    fn every_key_in_the_table_does_something_and_no_other_does() {
        for key in crate::tui::keymap::every_key() {
            let mut form = Form::new("t", vec![Field::new("A", "abc", "", not_empty)]);
            let advertised = lookup(FORM, key).is_some() || LineInput::is_editing_key(key);
            assert_eq!(
                advertised,
                form.handle_key(key) != Outcome::Ignored,
                "{key:?}"
            );
        }
    }

    #[test]
    fn a_choice_field_cycles_and_takes_no_typing() {
        let mut form = Form::new(
            "t",
            vec![Field::choice(
                "Script",
                vec!["default".into(), "onboarding".into()],
                "default",
                "",
            )],
        );
        assert_eq!(form.handle_key(key(KeyCode::Right)), Outcome::Editing);
        assert_eq!(form.text(0), "onboarding");
        assert_eq!(form.handle_key(key(KeyCode::Right)), Outcome::Editing);
        assert_eq!(form.text(0), "default");
        assert_eq!(form.handle_key(key(KeyCode::Left)), Outcome::Editing);
        assert_eq!(form.text(0), "onboarding");
        assert_eq!(form.handle_key(key(KeyCode::Char('x'))), Outcome::Ignored);
        assert!(form.help().covers(key(KeyCode::Right)));
        assert!(!form.help().covers(key(KeyCode::Char('x'))));
    }

    fn multi() -> Form {
        Form::new(
            "t",
            vec![
                Field::new("Title", "x", "", not_empty),
                Field::multiline("Notes", "a\nb", 3, "", |_| None),
                Field::new("Tags", "", "", |_| None),
            ],
        )
    }

    #[test]
    fn a_multi_line_field_takes_enter_and_keeps_its_lines() {
        let mut form = multi();
        assert_eq!(form.value(1), "a\nb");
        form.handle_key(key(KeyCode::Tab));
        assert_eq!(form.focus, 1);
        // Enter and ↓ are the editor's here: a new line, not the next field.
        assert_eq!(form.handle_key(key(KeyCode::Enter)), Outcome::Editing);
        form.handle_key(key(KeyCode::Char('c')));
        assert_eq!(form.handle_key(key(KeyCode::Down)), Outcome::Editing);
        assert_eq!(form.focus, 1);
        assert_eq!(form.value(1), "a\nb\nc");
        assert_eq!(form.paste_noting("d\r\ne\rf"), None);
        assert_eq!(form.value(1), "a\nb\ncd\ne\nf");
        assert_eq!(form.handle_key(key(KeyCode::Tab)), Outcome::Editing);
        assert_eq!(form.focus, 2);
        assert_eq!(form.handle_key(key(KeyCode::BackTab)), Outcome::Editing);
        assert_eq!(
            form.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Outcome::Submit(())
        );
        assert!(form.help().covers(key(KeyCode::Enter)));
    }

    #[test]
    fn a_one_line_field_folds_a_pasted_break_and_says_so() {
        let mut form = multi();
        let note = form.paste_noting("one\r\ntwo").unwrap();
        assert!(note.contains("Title is one line"), "{note}");
        assert_eq!(form.value(0), "xone two");
        assert_eq!(form.paste_noting(" three"), None);
    }

    #[test]
    fn in_a_multi_line_field_every_key_in_the_table_does_something() {
        for key in crate::tui::keymap::every_key() {
            let mut form = multi();
            form.focus = 1;
            let advertised = lookup(FORM_MULTILINE, key).is_some()
                || lookup(crate::tui::widgets::editor::EDITOR_TEXT, key).is_some();
            assert_eq!(
                advertised,
                form.handle_key(key) != Outcome::Ignored,
                "{key:?}"
            );
            assert_eq!(advertised, form.help().covers(key), "{key:?}");
        }
    }

    #[test]
    fn tab_into_a_filled_field_replaces_its_value() {
        let mut form = Form::new(
            "t",
            vec![
                Field::new("A", "x", "", not_empty),
                Field::new("Reach", "70", "", not_empty),
            ],
        );
        form.handle_key(key(KeyCode::Tab));
        for c in "400".chars() {
            form.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(form.text(1), "400");
    }
}
