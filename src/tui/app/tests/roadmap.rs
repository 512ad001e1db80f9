//! The Roadmap pane on the seed's data: lanes with dates, capacity and
//! load, pinning and moving with what slips, reviews, and the impact map.

use super::*;
use crate::domain::backlog::Lane;
use crate::domain::roadmap::RoadmapPatch;
use crate::tui::panes::roadmap::RowKind;
use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

/// `fieldkit demo`'s data, Now's capacity at 12 pm, on the Roadmap pane.
pub(super) fn roadmap_demo(width: u16, height: u16) -> App {
    let mut store = Store::open_in_memory().unwrap();
    let now = clock().now();
    crate::commands::demo(&mut store, &clock(), &mut Vec::new()).unwrap();
    store.set_capacity(Lane::Now, Some(12.0), now).unwrap();
    let mut app = app_with(store, width, height);
    press(&mut app, KeyCode::Char('5'));
    app
}

/// The seed's items and impact map without the demo's metrics and
/// research, Now at 12 pm: quick to build, for the key walk.
pub(super) fn roadmap_plain(width: u16, height: u16) -> App {
    let mut store = Store::open_in_memory().unwrap();
    let now = clock().now();
    store
        .add_items_with_ids(&crate::domain::demo::all_examples(), now)
        .unwrap();
    let links: Vec<crate::store::MapLink> = crate::domain::demo::IMPACT_MAP
        .iter()
        .map(
            |&(goal_id, goal, metric, actor, impact, item_id)| crate::store::MapLink {
                goal_id,
                goal,
                metric,
                actor,
                impact,
                item_id,
            },
        )
        .collect();
    store.add_map_links(&links, now).unwrap();
    store.set_capacity(Lane::Now, Some(12.0), now).unwrap();
    let mut app = app_with(store, width, height);
    press(&mut app, KeyCode::Char('5'));
    app
}

/// The demo with Faster CI pipelines' review past its date.
pub(super) fn roadmap_overdue(width: u16, height: u16) -> App {
    with_overdue_review(roadmap_demo(width, height))
}

/// Faster CI pipelines' review put past its date.
pub(super) fn with_overdue_review(mut app: App) -> App {
    let patch = RoadmapPatch {
        success: Some("CI under 5 minutes".into()),
        review_by: Some("2026-11-01".parse().unwrap()),
        ..Default::default()
    };
    app.store
        .update_item_with(CI, &Default::default(), &patch, clock().now())
        .unwrap();
    app.roadmap.refresh(&mut ctx!(app));
    app
}

const CI: &str = "d774f566-0e68-4a90-8773-be17b35ed4bd";

fn message(app: &App) -> String {
    app.status
        .message
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default()
}

#[test]
fn the_board_shows_lanes_with_dates_capacity_and_load() {
    let app = roadmap_demo(80, 24);
    let screen = screen(&app);
    assert!(screen.contains("Q4 2026"), "{screen}");
    assert!(screen.contains("Oct 1 – Dec 31"), "{screen}");
    assert!(screen.contains("5 / 12 pm"), "{screen}");
    insta::assert_snapshot!("roadmap_board_80x24", screen);
    let wide = roadmap_demo(160, 45);
    insta::assert_snapshot!("roadmap_board_160x45", screen_of(&wide));
}

fn screen_of(app: &App) -> String {
    screen(app)
}

#[test]
fn moving_then_pinning_says_what_slips() {
    let mut app = roadmap_demo(80, 24);
    // Later holds the multi-cloud abstraction: move it into Now.
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Char('H'));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('H'));
    assert!(
        message(&app).contains(
            "Moving Multi-cloud abstraction (8.0) to Now: it does not fit in Now's capacity (13 / 12 pm)"
        ),
        "{}",
        message(&app)
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('p'));
    type_text(&mut app, "strategic: VP Eng");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        message(&app),
        "Pinning Multi-cloud abstraction (8.0) pushes Self-service databases (64.0) past Now's capacity"
    );
    insta::assert_snapshot!("roadmap_pin_popup_80x24", screen(&app));
    press(&mut app, KeyCode::Esc);
    let now = app.roadmap.plan().lane(Lane::Now).unwrap();
    let order: Vec<(&str, bool)> = now
        .items
        .iter()
        .map(|i| (i.title.as_str(), i.slipping))
        .collect();
    assert_eq!(
        order,
        [
            ("Multi-cloud abstraction", false),
            ("Faster CI pipelines", false),
            ("Self-service databases", true)
        ]
    );
    insta::assert_snapshot!("roadmap_pinned_80x24", screen(&app));
    // The history keeps the moves and the pin.
    let id = "a4339e31-8825-41cf-899b-b3e99607146e";
    let history: Vec<String> = app
        .store
        .score_history(id)
        .unwrap()
        .into_iter()
        .map(|h| h.change)
        .collect();
    assert!(
        history.contains(&"lane later → next".to_string()),
        "{history:?}"
    );
    assert!(
        history.contains(&"pinned: strategic: VP Eng".to_string()),
        "{history:?}"
    );
    // p again unpins.
    press(&mut app, KeyCode::Char('p'));
    assert!(message(&app).starts_with("Unpinning Multi-cloud abstraction (8.0) lets Self-service databases (64.0) back into Now"), "{}", message(&app));
}

#[test]
fn capacity_is_set_from_the_board() {
    let mut app = roadmap_demo(80, 24);
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "4");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        message(&app),
        "Now: 5 / 4 pm · now slipping: Self-service databases (64.0)"
    );
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "lots");
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app);
    assert!(
        shown.contains("Capacity — Now") && shown.contains("✗ must be person-months"),
        "the prompt stays open with its error: {shown}"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.store.capacities().unwrap().get(Lane::Now), Some(4.0));
}

#[test]
fn an_overdue_review_is_kept_with_a_new_date_or_killed() {
    let mut app = roadmap_overdue(80, 24);
    assert!(screen(&app).contains("review due"), "{}", screen(&app));
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("roadmap_review_80x24", screen(&app));
    // k keeps: it asks for the new date.
    press(&mut app, KeyCode::Char('k'));
    type_text(&mut app, "2027-02-01");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        message(&app),
        "Kept 'Faster CI pipelines': review by 2027-02-01"
    );
    assert!(!screen(&app).contains("review due"));
    // x kills, with a reason.
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('x'));
    type_text(&mut app, "missed its criteria");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        message(&app),
        "Killing Self-service databases (64.0) delays nothing"
    );
    let killed = app.store.find_item("6ba26153").unwrap();
    assert_eq!(killed.lane, Lane::Killed);
}

#[test]
fn the_impact_map_lists_goals_in_rice_order_and_links_items() {
    let mut app = roadmap_demo(80, 24);
    // Select Self-service databases (no goal yet), then open the map.
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('m'));
    insta::assert_snapshot!("roadmap_map_80x24", screen(&app));
    let mut wide = roadmap_demo(160, 45);
    press(&mut wide, KeyCode::Char('m'));
    insta::assert_snapshot!("roadmap_map_160x45", screen(&wide));
    // The first goal's first actor (under its metric and the metric's two
    // parts): add an impact under it, then link.
    for _ in 0..4 {
        press(&mut app, KeyCode::Char('j'));
    }
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Self-service data");
    press(&mut app, KeyCode::Enter);
    assert_eq!(message(&app), "Added 'Self-service data'");
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).starts_with("Linked 'Self-service databases'"),
        "{}",
        message(&app)
    );
    let item = app.store.find_item("6ba26153").unwrap();
    let path = app
        .store
        .impact_path(item.roadmap.impact_id.as_deref().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(path[1], "Developers");
    assert_eq!(path[2], "Self-service data");
    // A adds a goal; Esc goes back to the board.
    press(&mut app, KeyCode::Char('A'));
    type_text(&mut app, "Adoption above 80%");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.store.goals().unwrap().len(), 3);
    press(&mut app, KeyCode::Esc);
    assert!(screen(&app).contains("Q4 2026"));
}

#[test]
fn the_help_lists_the_roadmap_keys() {
    let mut app = roadmap_demo(80, 24);
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!("roadmap_help_80x24", screen(&app));
}

#[test]
fn a_write_in_one_pane_shows_in_the_others() {
    let mut app = roadmap_demo(80, 24);
    // Kill Self-service databases from the board: the backlog drops it.
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('x'));
    type_text(&mut app, "no team asked for it");
    press(&mut app, KeyCode::Enter);
    // The popup says what the kill lets back in; Esc closes it.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(app.tab, Tab::Backlog);
    assert!(
        app.backlog()
            .listed()
            .all(|i| i.title != "Self-service databases"),
        "{}",
        screen(&app)
    );
    // Raise Faster CI pipelines' impact in the backlog: the board shows
    // the new score when it is shown again.
    assert_eq!(
        app.backlog().selected_item().unwrap().title,
        "Faster CI pipelines"
    );
    press(&mut app, KeyCode::Char('i'));
    let score = app.backlog().selected_item().unwrap().score();
    assert_ne!(score, 160.0);
    press(&mut app, KeyCode::Char('5'));
    assert!(
        screen(&app).contains(&format!("{score:.1}")),
        "{}",
        screen(&app)
    );
}

/// Starting reads no roadmap lane (they grow with the backlog): the
/// board is read when first shown, by key or by click, and it is whole.
#[test]
fn the_board_is_read_when_first_shown() {
    let mut store = Store::open_in_memory().unwrap();
    crate::commands::demo(&mut store, &clock(), &mut Vec::new()).unwrap();
    let mut app = app_with(store, 80, 24);
    let unread = |app: &App| app.roadmap.plan().lanes.iter().all(|l| l.items.is_empty());
    assert!(unread(&app));
    // A write on the backlog before the board was ever shown.
    press(&mut app, KeyCode::Char('i'));
    let score = app.backlog().selected_item().unwrap().score();
    assert!(unread(&app));
    press(&mut app, KeyCode::Char('5'));
    assert!(!unread(&app));
    assert!(
        screen(&app).contains(&format!("{score:.1}")),
        "{}",
        screen(&app)
    );
    let mut clicked = app_with(
        {
            let mut store = Store::open_in_memory().unwrap();
            crate::commands::demo(&mut store, &clock(), &mut Vec::new()).unwrap();
            store
        },
        80,
        24,
    );
    let (rect, _) = super::super::tab_titles(
        super::super::shell(clicked.size).tabs,
        clicked.tab,
        &clicked.badges(),
    )
    .into_iter()
    .find(|(_, cell)| cell.tab == Tab::Roadmap)
    .unwrap();
    clicked.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: rect.x + 1,
        row: rect.y,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(clicked.tab, Tab::Roadmap);
    assert!(!unread(&clicked));
}

#[test]
fn a_click_on_a_tab_does_not_leave_an_open_popup() {
    let mut app = roadmap_demo(80, 24);
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "1");
    // Row 0 holds the tabs; "1 Backlog" starts near the left edge.
    for column in 0..20 {
        app.handle_event(Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row: 0,
            modifiers: KeyModifiers::NONE,
        }));
    }
    assert_eq!(app.tab, Tab::Roadmap);
    assert!(app.pane().modal_help().is_some());
}

/// A lane far longer than the board is read a window at a time: walking
/// down it, moving a deep item, pinning it and setting a capacity show the
/// same items, slips and sentences as the whole plan.
#[test]
fn a_long_lane_is_read_a_window_at_a_time() {
    use crate::domain::backlog::{ItemPatch, NewItem, Tags, Title};
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
    use crate::domain::roadmap::{Force, consequence, describe_consequence, plan};
    let mut store = Store::open_in_memory().unwrap();
    let now = clock().now();
    let news: Vec<NewItem> = (0..240u32)
        .map(|i| NewItem {
            title: Title::parse(&format!("Item {i}")).unwrap(),
            description: String::new(),
            rice: Rice {
                reach: Reach::new(f64::from(i * 37 % 50)).unwrap(),
                impact: Impact::ALL[i as usize % 5],
                confidence: Confidence::PRESETS[i as usize % 3],
                effort: Effort::new([0.1, 0.2, 1.5, 2.55][i as usize % 4]).unwrap(),
            },
            lane: if i % 3 == 0 { Lane::Next } else { Lane::Now },
            tags: Tags::default(),
            kill_reason: None,
        })
        .collect();
    store.add_items(&news, now).unwrap();
    let ids: Vec<String> = store.items().unwrap().into_iter().map(|i| i.id).collect();
    for id in ids.iter().step_by(41) {
        let pin = RoadmapPatch {
            pin: Some(Some("VP".into())),
            ..Default::default()
        };
        store
            .update_item_with(id, &ItemPatch::default(), &pin, now)
            .unwrap();
    }
    store.set_capacity(Lane::Now, Some(40.0), now).unwrap();
    store.set_capacity(Lane::Next, Some(30.0), now).unwrap();
    let mut app = app_with(store, 80, 24);
    press(&mut app, KeyCode::Char('5'));
    let today = "2026-11-25".parse().unwrap();
    let whole = |app: &App| {
        plan(
            &app.store.roadmap_items().unwrap(),
            &app.store.capacities().unwrap(),
            today,
        )
    };
    let full = whole(&app);
    let now_lane = full.lane(Lane::Now).unwrap();
    assert_eq!(app.roadmap.plan().lane(Lane::Now).unwrap().count, 160);
    assert!(now_lane.slipping().count() > 40, "the capacity cuts early");
    // Down the whole lane: each selection is the whole plan's item there,
    // with its slip, and the screen numbers it by its position.
    for (n, item) in now_lane.items.iter().enumerate() {
        let selected = app.roadmap.selected().unwrap();
        assert_eq!(selected, item, "position {n}");
        if n % 37 == 0 {
            let screen = screen(&app);
            assert!(
                screen.contains(&format!("{} {}", n + 1, item.title)),
                "{n}: {screen}"
            );
        }
        press(&mut app, KeyCode::Char('j'));
    }
    // Back up a little, then move a deep item to Next.
    for _ in 0..30 {
        press(&mut app, KeyCode::Char('k'));
    }
    let moved = app.roadmap.selected().unwrap().clone();
    assert_eq!(moved, now_lane.items[129]);
    let before = whole(&app);
    press(&mut app, KeyCode::Char('L'));
    let after = whole(&app);
    let effect = consequence(&before, &after, &moved.id);
    let sentence = describe_consequence(
        Force::Move(Lane::Next),
        &moved.title,
        moved.score,
        &after,
        &moved.id,
        &effect,
    );
    assert_eq!(message(&app), sentence);
    let selected = app.roadmap.selected().unwrap();
    assert_eq!(selected.id, moved.id);
    let next = after.lane(Lane::Next).unwrap();
    let position = next.items.iter().position(|i| i.id == moved.id).unwrap();
    assert_eq!(selected, &next.items[position]);
    let popup = screen(&app);
    assert!(popup.contains("What this changes"), "{popup}");
    // Pinning it pushes the lane's fitting items back.
    press(&mut app, KeyCode::Esc);
    let before = whole(&app);
    press(&mut app, KeyCode::Char('p'));
    type_text(&mut app, "strategic");
    press(&mut app, KeyCode::Enter);
    let after = whole(&app);
    let effect = consequence(&before, &after, &moved.id);
    assert!(!effect.delayed.is_empty());
    let sentence = describe_consequence(
        Force::Pin,
        &moved.title,
        moved.score,
        &after,
        &moved.id,
        &effect,
    );
    assert_eq!(message(&app), sentence);
    assert_eq!(
        app.roadmap.selected().unwrap(),
        &after.lane(Lane::Next).unwrap().items[after
            .lane(Lane::Next)
            .unwrap()
            .items
            .iter()
            .position(|i| i.id == moved.id)
            .unwrap()]
    );
    // A smaller capacity names what slips now, as the whole plans say.
    press(&mut app, KeyCode::Esc);
    let before = whole(&app);
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "12");
    press(&mut app, KeyCode::Enter);
    let after = whole(&app);
    let (old, new) = (
        before.lane(Lane::Next).unwrap(),
        after.lane(Lane::Next).unwrap(),
    );
    let slips: Vec<String> = new
        .slipping()
        .filter(|i| old.items.iter().any(|o| o.id == i.id && !o.slipping))
        .map(|i| {
            format!(
                "{} ({})",
                i.title,
                crate::domain::rice::format_score(i.score)
            )
        })
        .collect();
    assert!(!slips.is_empty());
    assert_eq!(
        message(&app),
        format!(
            "Next: {} · now slipping: {}",
            new.load_text(),
            slips.join(", ")
        )
    );
}

/// The impact map reads the items that serve no goal a run at a time:
/// walking down them all gives the ranking's order, and linking one takes
/// it out of the list.
#[test]
fn the_map_reads_items_that_serve_no_goal_a_run_at_a_time() {
    use crate::domain::backlog::{NewItem, Tags, Title, rank};
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
    let mut app = roadmap_plain(80, 24);
    let news: Vec<NewItem> = (0..150u32)
        .map(|i| NewItem {
            title: Title::parse(&format!("Extra {i}")).unwrap(),
            description: String::new(),
            rice: Rice {
                reach: Reach::new(f64::from(i * 37 % 50)).unwrap(),
                impact: Impact::ALL[i as usize % 5],
                confidence: Confidence::PRESETS[i as usize % 3],
                effort: Effort::new(1.0).unwrap(),
            },
            lane: [Lane::Inbox, Lane::Now, Lane::Later, Lane::Done][i as usize % 4],
            tags: Tags::default(),
            kill_reason: None,
        })
        .collect();
    app.store.add_items(&news, clock().now()).unwrap();
    app.roadmap.refresh(&mut ctx!(app));
    press(&mut app, KeyCode::Char('m'));
    let mut unmapped = app.store.open_items().unwrap();
    unmapped.retain(|i| i.roadmap.impact_id.is_none());
    rank(&mut unmapped);
    // Down to the heading, then every item that serves no goal in order.
    let mut steps = 0;
    while app.roadmap.map_selected().unwrap().kind != RowKind::Heading {
        press(&mut app, KeyCode::Char('j'));
        steps += 1;
        assert!(steps < 100, "the heading comes after the goals");
    }
    for item in &unmapped {
        press(&mut app, KeyCode::Char('j'));
        let row = app.roadmap.map_selected().unwrap();
        assert_eq!(
            (row.kind, row.id.as_str()),
            (RowKind::Unlinked, item.id.as_str())
        );
    }
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(
        app.roadmap.map_selected().unwrap().id,
        unmapped.last().unwrap().id
    );
    let screen = screen(&app);
    assert!(screen.contains(&unmapped.last().unwrap().title), "{screen}");
    // Back up through the run.
    for item in unmapped.iter().rev().skip(1).take(60) {
        press(&mut app, KeyCode::Char('k'));
        assert_eq!(app.roadmap.map_selected().unwrap().id, item.id);
    }
}
