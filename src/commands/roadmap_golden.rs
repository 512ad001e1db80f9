//! Golden output of `roadmap show` in every format and of `roadmap
//! capacity` over a roadmap with pins, capacity cuts, slips in several
//! lanes, an over-capacity last lane, an empty lane, tied scores, reviews
//! past their date and not yet, hostile titles, closed and deleted items,
//! and goals. Written before `roadmap show` streamed its lanes, so the
//! change keeps their bytes.

use crate::cli::{DiagramFormat, RoadmapCommand};
use crate::domain::backlog::{ItemPatch, Lane, NewItem, Tags, Title};
use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
use crate::domain::roadmap::RoadmapPatch;
use crate::domain::time::FakeClock;
use crate::store::Store;
use jiff::Timestamp;

fn noon() -> Timestamp {
    // Noon UTC: the same date in every time zone the tests run in.
    "2026-11-20T12:00:00Z".parse().unwrap()
}

fn new_item(title: &str, reach: f64, impact: Impact, effort: f64, lane: Lane) -> NewItem {
    NewItem {
        title: Title::parse(title).unwrap(),
        description: "a description\nthat the roadmap does not show".into(),
        rice: Rice {
            reach: Reach::new(reach).unwrap(),
            impact,
            confidence: Confidence::new(80.0).unwrap(),
            effort: Effort::new(effort).unwrap(),
        },
        lane,
        tags: Tags::default(),
        kill_reason: None,
    }
}

/// The fixture, and every item id in creation order.
fn fixture() -> (Store, Vec<String>) {
    let mut s = Store::open_in_memory().unwrap();
    let at = noon();
    let news = [
        new_item("Faster CI pipelines", 200.0, Impact::High, 2.0, Lane::Now),
        new_item(
            "Self-service databases",
            80.0,
            Impact::Massive,
            3.0,
            Lane::Now,
        ),
        new_item("Twin of CI", 200.0, Impact::High, 2.0, Lane::Now),
        new_item(
            "Multi-cloud abstraction",
            40.0,
            Impact::High,
            8.0,
            Lane::Now,
        ),
        new_item("Tiny | fix *bold*", 1.0, Impact::Minimal, 0.1, Lane::Now),
        new_item("Service mesh", 200.0, Impact::Medium, 6.0, Lane::Next),
        new_item(
            "数据库 self-service 🚀",
            90.0,
            Impact::High,
            0.2,
            Lane::Next,
        ),
        new_item(
            "Bidi \u{202e}override and \u{2066}isolate",
            30.0,
            Impact::Low,
            2.55,
            Lane::Next,
        ),
        new_item("end", 10.0, Impact::Low, 0.5, Lane::Next),
        new_item(
            "Quotes \"a\" <b> & #c % `d` [e]",
            10.0,
            Impact::Low,
            4.0,
            Lane::Next,
        ),
        new_item(
            "Custom Kubernetes operator",
            20.0,
            Impact::High,
            4.0,
            Lane::Exploring,
        ),
        new_item(
            "AI assistant",
            500.0,
            Impact::Massive,
            10.0,
            Lane::Exploring,
        ),
        new_item("Inbox idea", 999.0, Impact::Massive, 1.0, Lane::Inbox),
        new_item("Shipped thing", 999.0, Impact::Massive, 1.0, Lane::Done),
        new_item("Deleted thing", 999.0, Impact::Massive, 1.0, Lane::Now),
    ];
    let ids = s.add_items(&news, at).unwrap();
    let patch = |s: &mut Store, n: usize, roadmap: RoadmapPatch| {
        s.update_item_with(&ids[n], &ItemPatch::default(), &roadmap, at)
            .unwrap();
    };
    let pin = |reason: &str| RoadmapPatch {
        pin: Some(Some(reason.into())),
        ..Default::default()
    };
    let review = |text: &str, date: &str| RoadmapPatch {
        success: Some(text.into()),
        review_by: Some(date.parse().unwrap()),
        ..Default::default()
    };
    // Pinned: the eight-month abstraction pushes the databases out of Now.
    patch(&mut s, 3, pin("strategic: VP Eng"));
    patch(&mut s, 8, pin("promised | to <SRE>"));
    patch(
        &mut s,
        1,
        review("3 teams \u{1b}[31madopted\nwithin 30 days", "2026-11-01"),
    );
    patch(&mut s, 5, review("mesh in 2 clusters", "2026-11-19"));
    patch(&mut s, 6, review("not due yet", "2026-11-20"));
    patch(&mut s, 11, review("a demo | works", "2025-01-31"));
    s.delete_item(&ids[14], at).unwrap();
    s.set_capacity(Lane::Now, Some(12.0), at).unwrap();
    s.set_capacity(Lane::Next, Some(3.2), at).unwrap();
    s.set_capacity(Lane::Exploring, Some(5.0), at).unwrap();
    s.add_goal("Reduce time to production by 50%", Some("Lead time"), at)
        .unwrap();
    s.add_goal("Happier | developers", None, at).unwrap();
    (s, ids)
}

/// Ids made stable across runs: items by creation order, others in the
/// order they appear.
fn stable(text: &str, ids: &[String]) -> String {
    let mut text = text.to_string();
    for (n, id) in ids.iter().enumerate() {
        let fixed = format!("{n:08}-0000-4000-8000-{n:012}");
        text = text.replace(id.as_str(), &fixed);
        text = text.replace(&id[..8], &fixed[..8]);
    }
    let is_uuid = |s: &str| {
        s.len() == 36
            && s.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_hexdigit(),
            })
    };
    let mut n = 100;
    while let Some(at) = (0..text.len().saturating_sub(35)).find(|&i| {
        text.get(i..i + 36)
            .is_some_and(|s| is_uuid(s) && !s.contains("-0000-4000-8000-"))
    }) {
        let id = text[at..at + 36].to_string();
        text = text.replace(&id, &format!("{n:08}-0000-4000-8000-{n:012}"));
        n += 1;
    }
    text
}

fn run(s: &mut Store, ids: &[String], command: &RoadmapCommand) -> String {
    let clock = FakeClock::at(noon());
    let mut out = Vec::new();
    super::roadmap::run(s, &clock, command, &mut out).unwrap();
    stable(&String::from_utf8(out).unwrap(), ids)
}

#[test]
fn roadmap_show_prints_the_same_bytes() {
    let (mut s, ids) = fixture();
    for (name, format) in [
        ("table", DiagramFormat::Table),
        ("md", DiagramFormat::Md),
        ("mermaid", DiagramFormat::Mermaid),
        ("json", DiagramFormat::Json),
    ] {
        let shown = run(&mut s, &ids, &RoadmapCommand::Show { format });
        insta::assert_snapshot!(format!("roadmap_show_{name}"), shown);
    }
    let capacity = RoadmapCommand::Capacity {
        lane: "next".into(),
        person_months: "1".into(),
    };
    insta::assert_snapshot!("roadmap_capacity_next", run(&mut s, &ids, &capacity));
}

#[test]
fn an_empty_roadmap_prints_the_same_bytes() {
    let mut s = Store::open_in_memory().unwrap();
    for (name, format) in [
        ("table", DiagramFormat::Table),
        ("md", DiagramFormat::Md),
        ("mermaid", DiagramFormat::Mermaid),
        ("json", DiagramFormat::Json),
    ] {
        let shown = run(&mut s, &[], &RoadmapCommand::Show { format });
        insta::assert_snapshot!(format!("roadmap_empty_{name}"), shown);
    }
}
