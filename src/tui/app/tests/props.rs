//! Random input through the app's own update loop: keys, pastes of hostile
//! text, resizes from 1×1 up. Never a panic; the backlog stays ranked and
//! what the app shows is what the file holds.

use super::*;
use crate::domain::backlog::ranking_order;
use proptest::prelude::*;
use std::time::Duration;

/// Text that has broken terminal apps: long, wide, right-to-left, control
/// and escape characters, NUL, formula cells and Markdown.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("x".repeat(10_000)),
        Just("数据库迁移 🚀🔥 emoji and CJK".to_string()),
        Just("مرحبا بالعالم RTL text".to_string()),
        Just("\u{1b}[31mred\u{1b}[0m\u{7}\u{0}nul\r\nline".to_string()),
        Just("=HYPERLINK(\"http://x\")".to_string()),
        Just("# heading | pipe [link](x) <b>".to_string()),
        Just("0.8".to_string()),
        "\\PC{0,30}",
    ]
}

fn event() -> impl Strategy<Value = Event> {
    let keys = "aeiIcCrfldxs/jkgGD?123 4\"tnwpuoEvQKJTb+-hl0.5%y";
    let key = prop_oneof![
        proptest::sample::select(keys.chars().collect::<Vec<_>>()).prop_map(KeyCode::Char),
        proptest::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageDown,
            KeyCode::Home,
        ]),
    ];
    prop_oneof![
        8 => key.prop_map(|k| Event::Key(KeyEvent::new(k, KeyModifiers::NONE))),
        1 => Just(Event::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL))),
        1 => hostile().prop_map(Event::Paste),
        1 => (1u16..140, 1u16..50).prop_map(|(w, h)| Event::Resize(w, h)),
    ]
}

/// The backlog as the app holds it equals the backlog in the file, ranked.
fn assert_consistent(app: &App) -> Result<(), TestCaseError> {
    let listed: Vec<&crate::domain::backlog::Item> = app.backlog().listed().collect();
    for pair in listed.windows(2) {
        prop_assert!(ranking_order(pair[0], pair[1]).is_le(), "not ranked");
    }
    let stored = app.store.items().unwrap();
    for item in &listed {
        let in_file = stored.iter().find(|s| s.id == item.id);
        prop_assert!(in_file.is_some(), "listed but not in the file");
        let in_file = in_file.unwrap();
        prop_assert_eq!(
            (
                &in_file.title,
                in_file.rice,
                in_file.lane,
                &in_file.tags,
                &in_file.kill_reason
            ),
            (
                &item.title,
                item.rice,
                item.lane,
                &item.tags,
                &item.kill_reason
            ),
            "screen and file differ"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_input_never_panics_and_keeps_the_file_in_step(
        events in proptest::collection::vec(event(), 1..60),
    ) {
        let clock = clock();
        let mut store = Store::open_in_memory().unwrap();
        store
            .add_items_with_ids(&crate::domain::demo::examples(), clock.now())
            .unwrap();
        let mut app = app_on(store, clock.clone(), 100, 30);
        for event in events {
            clock.advance(Duration::from_millis(700));
            app.handle_event(event);
            app.tick();
            if app.should_quit() {
                break;
            }
            let (w, h) = (app.size.width.max(1), app.size.height.max(1));
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
            assert_consistent(&app)?;
        }
    }
}

#[test]
fn a_megabyte_paste_lands_whole_in_a_note_and_renders() {
    let clock = clock();
    let mut app = app_on(Store::open_in_memory().unwrap(), clock.clone(), 100, 30);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Sam");
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    press(&mut app, KeyCode::Enter);
    let megabyte = "a line of pasted text, long enough to matter\n".repeat(24_000);
    app.handle_event(Event::Paste(megabyte.clone()));
    screen(&app);
    press(&mut app, KeyCode::Esc);
    let interview = app.store.interviews().unwrap().remove(0);
    let notes = app.store.notes(&interview.id).unwrap();
    assert_eq!(notes[0].text, megabyte, "the paste, whole");
}
