//! The Outcomes pane on demo-like data with a fixed clock: the table,
//! alerts and cadence; the chart; recording a reading clears its alert;
//! a bad value is refused and writes nothing; the preset in an empty pane.

use super::*;
use crate::domain::cadence::demo_research;
use crate::domain::metric::preset;

fn ctrl(app: &mut App, c: char) {
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

/// What `fieldkit demo` adds for this pane, on the test clock's day in UTC:
/// the seed's eight metrics, their readings and the research sessions.
pub(super) fn outcomes_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let now = clock().now();
    let today = now.to_zoned_datetime(TimeZone::UTC).date();
    store
        .add_metrics_with_ids(&preset::preset(), today, now)
        .unwrap();
    store
        .add_readings_with_ids(&preset::demo_readings(today), now)
        .unwrap();
    let research: Vec<_> = demo_research(today)
        .into_iter()
        .map(|d| {
            let start = d
                .date
                .at(10, 0, 0, 0)
                .to_zoned_datetime(TimeZone::UTC)
                .unwrap()
                .timestamp()
                .min(now);
            (d, start)
        })
        .collect();
    store.add_demo_research(&research, now).unwrap();
    store
}

/// The Outcomes pane on the demo's metrics.
pub(super) fn outcomes_app(width: u16, height: u16) -> App {
    let mut app = app_with(outcomes_store(), width, height);
    press(&mut app, KeyCode::Char('6'));
    app
}

/// Selects the metric named `name` with `j`.
fn select(app: &mut App, name: &str) {
    press(app, KeyCode::Char('g'));
    for _ in 0..8 {
        if app.outcomes.selected_name() == Some(name) {
            return;
        }
        press(app, KeyCode::Char('j'));
    }
    panic!("{name} is not a metric");
}

#[test]
fn the_demo_metrics_with_alerts_and_cadence_at_80x24() {
    let app = outcomes_app(80, 24);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_demo_metrics_at_160x45() {
    let app = outcomes_app(160, 45);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_chart_of_a_pair_at_80x24() {
    let mut app = outcomes_app(80, 24);
    select(&mut app, "Developer satisfaction");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_chart_at_160x45() {
    let mut app = outcomes_app(160, 45);
    select(&mut app, "Adoption rate");
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app);
    assert!(shown.contains("50% → 90%"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn recording_a_reading_clears_the_overdue_alert() {
    let mut app = outcomes_app(80, 24);
    assert!(screen(&app).contains("! overdue: Platform reliability"));
    select(&mut app, "Platform reliability");
    press(&mut app, KeyCode::Char('r'));
    // The date defaults to today on the injected clock.
    assert!(screen(&app).contains("Date 2026-11-25"), "{}", screen(&app));
    type_text(&mut app, "99.95");
    ctrl(&mut app, 's');
    let shown = screen(&app);
    assert!(!shown.contains("overdue"), "{shown}");
    assert!(shown.contains("Alerts (2)"), "{shown}");
    assert!(
        shown.contains("Recorded 99.95% on 2026-11-25: on target; alerts 3 → 2"),
        "{shown}"
    );
    let stored = app.store.metric_board(date(2026, 11, 25)).unwrap();
    let (_, eval) = stored
        .rows()
        .find(|(m, _)| m.name == "Platform reliability")
        .unwrap();
    assert_eq!(eval.parts[0].latest().unwrap().value, 99.95);
}

fn date(y: i16, m: i8, d: i8) -> jiff::civil::Date {
    jiff::civil::date(y, m, d)
}

#[test]
fn a_reading_on_a_pair_clears_the_captive_audience() {
    let mut app = outcomes_app(80, 24);
    assert!(screen(&app).contains("! captive audience"));
    select(&mut app, "Developer satisfaction");
    press(&mut app, KeyCode::Char('r'));
    type_text(&mut app, "4.2");
    // Value → Date → Note → Part, then the pair's second part.
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Right);
    ctrl(&mut app, 's');
    let shown = screen(&app);
    assert!(!shown.contains("captive audience"), "{shown}");
    assert!(
        shown.contains("Recorded 4.2/5 (satisfaction) on 2026-11-25: on target"),
        "{shown}"
    );
}

#[test]
fn bad_values_are_refused_naming_the_field_and_nothing_is_written() {
    let mut app = outcomes_app(80, 24);
    select(&mut app, "Adoption rate");
    let before = app.store.readings().unwrap();
    press(&mut app, KeyCode::Char('r'));
    type_text(&mut app, "120");
    ctrl(&mut app, 's');
    let shown = screen(&app);
    assert!(
        shown.contains("✗ a percent must be from 0 to 100; got '120'"),
        "{shown}"
    );
    // The value is kept; a date in the future is refused next.
    ctrl(&mut app, 'u');
    type_text(&mut app, "85");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "2027-01-01");
    ctrl(&mut app, 's');
    let shown = screen(&app);
    assert!(
        shown.contains("✗ must not be after today (2026-11-25), got 2027-01-01"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
    assert_eq!(app.store.readings().unwrap(), before);
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app).contains("Record a reading"));
    assert_eq!(app.store.readings().unwrap(), before);
}

#[test]
fn the_chart_follows_the_selection_and_records_from_there() {
    let mut app = outcomes_app(80, 24);
    select(&mut app, "Adoption rate");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("┌ Adoption rate"));
    press(&mut app, KeyCode::Char('j'));
    assert!(screen(&app).contains("┌ Time to production"));
    assert!(screen(&app).contains("new service: < 2 h new service · on target · 6 h → 1.5 h"));
    press(&mut app, KeyCode::Char('r'));
    assert!(screen(&app).contains("Record a reading of Time to production"));
}

#[test]
fn an_empty_pane_offers_the_preset_by_one_key() {
    let mut app = app_with(Store::open_in_memory().unwrap(), 80, 24);
    press(&mut app, KeyCode::Char('6'));
    let shown = screen(&app);
    assert!(shown.contains("No success metrics yet."), "{shown}");
    insta::assert_snapshot!(shown);
    press(&mut app, KeyCode::Char('p'));
    let shown = screen(&app);
    assert!(
        shown.contains("Added 8 of the seed's 8 metrics: r records a reading"),
        "{shown}"
    );
    assert!(shown.contains("Support ticket volume"), "{shown}");
    assert_eq!(app.store.metrics().unwrap().len(), 8);
    // With no readings every metric is due from the day it was added.
    assert!(shown.contains("Alerts: none"), "{shown}");
}

#[test]
fn another_copy_recording_a_reading_shows_here() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fieldkit.db");
    let mut other = Store::open(&path).unwrap();
    let now = clock().now();
    let today = date(2026, 11, 25);
    other
        .add_metrics_with_ids(&preset::preset(), today, now)
        .unwrap();
    let mut app = app_with(Store::open(&path).unwrap(), 80, 24);
    press(&mut app, KeyCode::Char('6'));
    app.tick();
    let adoption = other.find_metric("Adoption rate").unwrap();
    let reading =
        crate::domain::metric::NewReading::parse(&adoption, "77", None, None, None, today).unwrap();
    other
        .record_readings(&[(adoption.id.as_str(), reading)], now)
        .unwrap();
    assert!(app.tick());
    assert!(screen(&app).contains("77%"), "{}", screen(&app));
}

#[test]
fn a_metric_of_ones_own_is_added_and_a_feature_count_gets_the_seeds_note_once() {
    let mut app = app_with(Store::open_in_memory().unwrap(), 80, 24);
    press(&mut app, KeyCode::Char('6'));
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Features shipped");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "lots");
    ctrl(&mut app, 's');
    let shown = screen(&app);
    assert!(
        shown.contains("✗ must be a threshold like '> 80'"),
        "{shown}"
    );
    assert!(app.store.metrics().unwrap().is_empty());
    ctrl(&mut app, 'u');
    type_text(&mut app, "> 10 per quarter");
    ctrl(&mut app, 's');
    let shown = screen(&app);
    assert!(
        shown.contains("Features are output. Adoption is outcome."),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
    press(&mut app, KeyCode::Esc);
    let shown = screen(&app);
    assert!(!shown.contains("Features are output."), "{shown}");
    assert!(shown.contains("Features shipped"), "{shown}");
    let metrics = app.store.metrics().unwrap();
    assert_eq!(metrics.len(), 1);
    assert_eq!(metrics[0].cadence.name(), "monthly");
    // A metric named otherwise is added without the note.
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Adoption rate");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "> 80%");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    ctrl(&mut app, 's');
    let shown = screen(&app);
    assert!(!shown.contains("Features are output."), "{shown}");
    assert!(
        shown.contains("Added 'Adoption rate' (> 80%): r records its first reading"),
        "{shown}"
    );
    let adoption = app.store.find_metric("Adoption rate").unwrap();
    assert_eq!(adoption.kind.name(), "leading");
    assert_eq!(adoption.cadence.name(), "weekly");
}

#[test]
fn the_cadence_panel_starts_again_on_the_first_day_of_a_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fieldkit.db");
    let last_day: jiff::Timestamp = "2026-12-31T12:00:00Z".parse().unwrap();
    let mut store = Store::open(&path).unwrap();
    let today = date(2026, 12, 31);
    let research: Vec<_> = demo_research(today)
        .into_iter()
        .map(|d| {
            let start = d
                .date
                .at(10, 0, 0, 0)
                .to_zoned_datetime(TimeZone::UTC)
                .unwrap()
                .timestamp();
            (d, start)
        })
        .collect();
    store.add_demo_research(&research, last_day).unwrap();
    drop(store);
    let on = |clock: Rc<FakeClock>| {
        let mut app = app_on(Store::open(&path).unwrap(), clock, 80, 24);
        press(&mut app, KeyCode::Char('6'));
        screen(&app)
    };
    let before = on(FakeClock::at(last_day));
    assert!(before.contains("Research cadence · Q4 2026"), "{before}");
    assert!(before.contains("2 of 3 teams this quarter"), "{before}");
    assert!(
        before.contains("Teams shadowed Payments, Checkout"),
        "{before}"
    );
    let clock = FakeClock::at(last_day);
    clock.advance(std::time::Duration::from_secs(24 * 3600));
    let after = on(clock);
    assert!(after.contains("Research cadence · Q1 2027"), "{after}");
    assert!(after.contains("0 of 3 teams this quarter"), "{after}");
    assert!(after.contains("0 of 5 this month (2027-01)"), "{after}");
    assert!(
        after.contains("Teams shadowed none yet this quarter"),
        "{after}"
    );
    // Everyone heard from in Q4 is now not heard from this quarter.
    assert!(
        after.contains("Not heard from Data, Search, Payments, Identity, Checkout"),
        "{after}"
    );
}
