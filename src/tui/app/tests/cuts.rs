//! One-line text that does not fit is cut with `…`, never mid-word
//! silently, and a column uses the room it has: Shadow's event rows,
//! Interview's next question, Outcomes' metric names.

use super::*;

/// The screen's rows, trailing spaces trimmed.
fn rows(app: &App) -> Vec<String> {
    screen(app)
        .lines()
        .map(|l| l.trim_matches('"').trim_end().to_string())
        .collect()
}

#[test]
fn a_long_event_is_cut_with_an_ellipsis() {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Alex");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Deploy");
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    press(&mut app, KeyCode::Char('o'));
    type_text(
        &mut app,
        "The developer opened three different dashboards to find out why the deploy failed",
    );
    press(&mut app, KeyCode::Enter);
    for (w, h) in [(80, 24), (120, 30)] {
        app.handle_event(Event::Resize(w, h));
        let rows = rows(&app);
        let row = rows
            .iter()
            .find(|r| r.contains("The developer opened"))
            .unwrap_or_else(|| panic!("{}", screen(&app)));
        if w == 80 {
            assert!(row.ends_with('…'), "{row}");
        } else {
            assert!(row.ends_with("why the deploy failed"), "{row}");
        }
    }
}

#[test]
fn the_next_question_is_whole_or_cut_with_an_ellipsis() {
    let mut app = super::walk::interview_running();
    for (w, h) in [(80, 24), (120, 30)] {
        app.handle_event(Event::Resize(w, h));
        let rows = rows(&app);
        let row = rows
            .iter()
            .find(|r| r.trim_start().starts_with("Next"))
            .unwrap_or_else(|| panic!("{}", screen(&app)));
        assert!(row.ends_with('…') || row.ends_with('?'), "{row}");
    }
}

#[test]
fn metric_names_are_whole_or_cut_with_an_ellipsis() {
    let mut app = app_with(super::outcomes::outcomes_store(), 120, 30);
    press(&mut app, KeyCode::Char('6'));
    for (w, h) in [(120, 30), (80, 24)] {
        app.handle_event(Event::Resize(w, h));
        let rows = rows(&app);
        let names: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.strip_prefix("Developer"))
            .collect();
        assert!(!names.is_empty(), "{}", screen(&app));
        for rest in names {
            let word = rest.split(' ').nth(1).unwrap_or_default();
            assert!(word == "satisfaction" || word.ends_with('…'), "{rest}");
        }
    }
}
