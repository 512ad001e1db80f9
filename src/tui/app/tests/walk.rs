//! The key-table walk: in every mode of every pane, every key a person can
//! press either is in the mode's table (and so in `?` and, ranked, in the
//! status bar) and does something, or is not and says it does nothing.

use super::roadmap::{roadmap_plain, with_overdue_review};
use super::*;
use crate::tui::keymap::{self, every_key};

/// Builds an app in one mode; called afresh for every key.
type State = (&'static str, fn() -> App);

fn demo_on(tab: char) -> App {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char(tab));
    app
}

pub(super) fn backlog_middle() -> App {
    let mut app = demo_app();
    press(&mut app, KeyCode::Char('j'));
    app
}

fn keys(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        press(app, *k);
    }
}

pub(super) fn shadow_running() -> App {
    let mut app = demo_on('2');
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Alex");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Deploy");
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    for c in ['f', 't', 'o'] {
        press(&mut app, KeyCode::Char(c));
        type_text(&mut app, "x");
        press(&mut app, KeyCode::Enter);
    }
    press(&mut app, KeyCode::Char('k'));
    app
}

fn shadow_list() -> App {
    let mut app = shadow_running();
    keys(
        &mut app,
        &[KeyCode::Char('E'), KeyCode::Char('y'), KeyCode::Esc],
    );
    app
}

pub(super) fn interview_running() -> App {
    let mut app = demo_on('3');
    press(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "Priya");
    app.handle_event(Event::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    keys(&mut app, &[KeyCode::Char(' '), KeyCode::Char(' ')]);
    app
}

fn interview_list() -> App {
    let mut app = interview_running();
    keys(
        &mut app,
        &[KeyCode::Char('E'), KeyCode::Char('y'), KeyCode::Esc],
    );
    app
}

/// An ended interview opened on the question that has a quote, then `then`.
fn interview_review_quote(then: &[KeyCode]) -> App {
    let mut app = interview_running();
    press(&mut app, KeyCode::Char('"'));
    type_text(&mut app, "It takes an hour");
    keys(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Char('E'),
            KeyCode::Char('y'),
            KeyCode::Esc,
            KeyCode::Enter,
            KeyCode::Char(' '),
            KeyCode::Char(' '),
        ],
    );
    keys(&mut app, then);
    app
}

pub(super) fn synthesis_open() -> App {
    let mut app = interview_list();
    keys(&mut app, &[KeyCode::Char('4'), KeyCode::Char('n')]);
    type_text(&mut app, "Deploys");
    keys(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Char(' '),
            KeyCode::Enter,
            KeyCode::Char('a'),
        ],
    );
    type_text(&mut app, "Slow CI");
    keys(&mut app, &[KeyCode::Esc, KeyCode::Char('j')]);
    app
}

const STATES: &[State] = &[
    ("backlog", backlog_middle),
    ("backlog empty", || {
        app_with(Store::open_in_memory().unwrap(), 100, 30)
    }),
    ("backlog form", || {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('e'));
        app
    }),
    ("backlog reach", || {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('r'));
        app
    }),
    ("backlog lane", || {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('l'));
        app
    }),
    ("backlog delete", || {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('d'));
        app
    }),
    ("backlog filter line", || {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('/'));
        type_text(&mut app, "ci");
        app
    }),
    ("help", || {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('?'));
        press(&mut app, KeyCode::Char('j'));
        app
    }),
    ("shadow list", shadow_list),
    ("shadow running", shadow_running),
    ("shadow stamp text", || {
        let mut app = shadow_running();
        press(&mut app, KeyCode::Char('t'));
        app
    }),
    ("shadow summary", || {
        let mut app = shadow_running();
        press(&mut app, KeyCode::Char('v'));
        app
    }),
    ("shadow end", || {
        let mut app = shadow_running();
        press(&mut app, KeyCode::Char('E'));
        app
    }),
    ("interview list", interview_list),
    ("interview review", || {
        let mut app = interview_list();
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char(' '));
        app
    }),
    ("shadow review", || {
        let mut app = shadow_list();
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('k'));
        app
    }),
    ("interview review quote", || interview_review_quote(&[])),
    ("interview quote edit", || {
        interview_review_quote(&[KeyCode::Char('e')])
    }),
    ("interview note delete", || {
        interview_review_quote(&[KeyCode::Char('d')])
    }),
    ("interview script picker", || {
        let mut app = interview_list();
        press(&mut app, KeyCode::Char('D'));
        app
    }),
    ("interview script delete", || {
        let mut app = interview_list();
        keys(&mut app, &[KeyCode::Char('D'), KeyCode::Enter]);
        app
    }),
    ("backlog demo question", || {
        let mut app = demo_app();
        press(&mut app, KeyCode::Char('D'));
        app
    }),
    ("popup help", || {
        let mut app = demo_app();
        keys(&mut app, &[KeyCode::Char('d'), KeyCode::Char('?')]);
        app
    }),
    ("interview running", interview_running),
    ("interview note", || {
        let mut app = interview_running();
        press(&mut app, KeyCode::Enter);
        app
    }),
    ("interview ranking", || {
        let mut app = interview_running();
        press(&mut app, KeyCode::Char('r'));
        app
    }),
    ("synthesis open", synthesis_open),
    ("synthesis sources", || {
        let mut app = synthesis_open();
        press(&mut app, KeyCode::Right);
        app
    }),
    ("synthesis editor", || {
        let mut app = synthesis_open();
        press(&mut app, KeyCode::Char('e'));
        app
    }),
    ("synthesis promote", || {
        let mut app = synthesis_open();
        press(&mut app, KeyCode::Char('b'));
        app
    }),
    ("outcomes", || super::outcomes::outcomes_app(100, 30)),
    ("outcomes empty", || {
        let mut app = app_with(Store::open_in_memory().unwrap(), 100, 30);
        press(&mut app, KeyCode::Char('6'));
        app
    }),
    ("outcomes record form", || {
        let mut app = super::outcomes::outcomes_app(100, 30);
        press(&mut app, KeyCode::Char('r'));
        app
    }),
    ("outcomes record form, pair part", || {
        let mut app = super::outcomes::outcomes_app(100, 30);
        keys(&mut app, &[KeyCode::Char('j'), KeyCode::Char('r')]);
        keys(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
        app
    }),
    ("outcomes add form", || {
        let mut app = super::outcomes::outcomes_app(100, 30);
        press(&mut app, KeyCode::Char('a'));
        app
    }),
    ("outcomes feature-count note", || {
        let mut app = super::outcomes::outcomes_app(100, 30);
        press(&mut app, KeyCode::Char('a'));
        type_text(&mut app, "Features shipped");
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "> 10");
        app.handle_event(Event::Key(KeyEvent::new(
            KeyCode::Char('s'),
            KeyModifiers::CONTROL,
        )));
        app
    }),
    ("outcomes chart", || {
        let mut app = super::outcomes::outcomes_app(100, 30);
        press(&mut app, KeyCode::Enter);
        app
    }),
    ("synthesis list", || {
        let mut app = synthesis_open();
        press(&mut app, KeyCode::Esc);
        app
    }),
    ("roadmap board", || roadmap_plain(100, 30)),
    ("roadmap empty lane", || {
        let mut app = roadmap_plain(100, 30);
        keys(&mut app, &[KeyCode::Char('l'), KeyCode::Char('l')]);
        keys(&mut app, &[KeyCode::Char('L'), KeyCode::Esc]);
        app
    }),
    ("roadmap pin reason", || {
        let mut app = roadmap_plain(100, 30);
        press(&mut app, KeyCode::Char('p'));
        app
    }),
    ("roadmap what slips", || {
        let mut app = roadmap_plain(100, 30);
        press(&mut app, KeyCode::Char('c'));
        type_text(&mut app, "2");
        keys(&mut app, &[KeyCode::Enter, KeyCode::Char('j')]);
        keys(&mut app, &[KeyCode::Char('p'), KeyCode::Char('x')]);
        press(&mut app, KeyCode::Enter);
        app
    }),
    ("roadmap review", || {
        let mut app = with_overdue_review(roadmap_plain(100, 30));
        press(&mut app, KeyCode::Enter);
        app
    }),
    ("roadmap keep date", || {
        let mut app = with_overdue_review(roadmap_plain(100, 30));
        keys(&mut app, &[KeyCode::Enter, KeyCode::Char('k')]);
        app
    }),
    ("roadmap impact map", || {
        let mut app = roadmap_plain(100, 30);
        keys(&mut app, &[KeyCode::Char('m'), KeyCode::Char('j')]);
        app
    }),
    ("roadmap add to the map", || {
        let mut app = roadmap_plain(100, 30);
        keys(&mut app, &[KeyCode::Char('m'), KeyCode::Char('a')]);
        app
    }),
];

fn says_nothing_happens(app: &App) -> bool {
    app.status
        .message
        .as_ref()
        .is_some_and(|(m, _)| m.contains("does nothing here"))
}

#[test]
fn every_advertised_key_works_and_every_other_key_says_it_does_nothing() {
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for (name, build) in STATES {
        let before = build();
        assert!(
            !says_nothing_happens(&before),
            "{name}: setup pressed a dead key"
        );
        let advertised_now = before.keys_now();
        for key in every_key() {
            if key == ctrl_c {
                continue;
            }
            let advertised = advertised_now.iter().any(|g| g.covers(key));
            let mut app = build();
            let label = keymap::press_name(key);
            // That an advertised key acts, not merely stays quiet, is
            // checked per modal (its `handle_key` never returns `Ignored`
            // for a key in its table) and per pane by the feature tests.
            if advertised {
                app.handle_event(Event::Key(key));
                assert!(
                    !says_nothing_happens(&app),
                    "{name}: {label} is advertised but says it does nothing"
                );
            } else {
                app.handle_event(Event::Key(key));
                assert!(
                    says_nothing_happens(&app),
                    "{name}: {label} is not advertised, yet does not say it does nothing"
                );
            }
        }
    }
}

#[test]
fn ctrl_c_quits_from_every_mode_saving_first() {
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    for (name, build) in STATES {
        let mut app = build();
        app.handle_event(ctrl_c.clone());
        if !app.should_quit() {
            // A form holding typed text or a running clock asks once;
            // Ctrl-C again quits.
            assert!(
                screen(&app).contains("Quit"),
                "{name}: Ctrl-C neither quit nor asked"
            );
            app.handle_event(ctrl_c.clone());
        }
        assert!(app.should_quit(), "{name}: Ctrl-C did not quit");
    }
}
