//! The seed's example backlog: its four initiatives and their RICE numbers;
//! the war story's multi-cloud abstraction; and the seed's impact map (two
//! goals, six actors, six impacts, six deliverables).
//!
//! The ids are fixed so loading the examples twice adds nothing twice.

use super::backlog::{Lane, NewItem, Tags, Title};
use super::rice::{Confidence, Effort, Impact, Reach, Rice};
use super::roadmap::Source;

/// One example row: id, title, reach, impact, confidence, effort, lane, tags, description.
type Example = (
    &'static str,
    &'static str,
    f64,
    Impact,
    f64,
    f64,
    Lane,
    &'static str,
    &'static str,
);

const EXAMPLES: [Example; 4] = [
    (
        FASTER_CI,
        "Faster CI pipelines",
        200.0,
        Impact::High,
        80.0,
        2.0,
        Lane::Now,
        "ci",
        "Bring pipeline time under 5 minutes.",
    ),
    (
        "6ba26153-28ed-4544-b91a-37ba9d70ef39",
        "Self-service databases",
        80.0,
        Impact::Massive,
        80.0,
        3.0,
        Lane::Now,
        "databases self-service",
        "Provision a database without a ticket.",
    ),
    (
        "1735980f-101c-44d3-9d51-514aa054a76c",
        "Service mesh",
        200.0,
        Impact::Medium,
        50.0,
        6.0,
        Lane::Next,
        "networking",
        "Technically interesting; uncertain impact and high effort.",
    ),
    (
        "7188d6d8-4f6e-4e6c-821f-2a2d19621cc9",
        "Custom Kubernetes operator",
        20.0,
        Impact::High,
        100.0,
        4.0,
        Lane::Exploring,
        "kubernetes",
        "Serves only 20 developers.",
    ),
];

/// The roadmap's and the impact map's items that are not in the seed's
/// RICE table.
const MAP_EXAMPLES: [Example; 6] = [
    // The war story killed it at RICE 8 (faster CI scored 240); knowledge
    // check 7 has a VP call it a strategic imperative. The seed gives only
    // the score and the Later lane: these factors are one way to make 8.
    (
        MULTI_CLOUD,
        "Multi-cloud abstraction",
        40.0,
        Impact::High,
        80.0,
        8.0,
        Lane::Later,
        "multi-cloud",
        "The seed's war story: RICE 8, killed in favour of faster CI (240). \
         Reach, impact and confidence here are illustrative; the seed gives only the score.",
    ),
    // The impact map's other deliverables: the seed does not score them, so
    // they enter the inbox with the backlog form's defaults (reach 0,
    // impact 1, confidence 50%, effort 1) waiting to be scored.
    (
        SERVICE_TEMPLATES,
        "Service templates",
        0.0,
        Impact::Medium,
        50.0,
        1.0,
        Lane::Inbox,
        "",
        "",
    ),
    (
        DEV_PORTAL,
        "Dev portal + docs",
        0.0,
        Impact::Medium,
        50.0,
        1.0,
        Lane::Inbox,
        "",
        "",
    ),
    (
        AUTOMATED_ROLLBACK,
        "Automated rollback",
        0.0,
        Impact::Medium,
        50.0,
        1.0,
        Lane::Inbox,
        "",
        "",
    ),
    (
        BETTER_MONITORING,
        "Better monitoring",
        0.0,
        Impact::Medium,
        50.0,
        1.0,
        Lane::Inbox,
        "",
        "",
    ),
    (
        DEPLOY_GUARDRAILS,
        "Deploy guardrails",
        0.0,
        Impact::Medium,
        50.0,
        1.0,
        Lane::Inbox,
        "",
        "",
    ),
];

const FASTER_CI: &str = "d774f566-0e68-4a90-8773-be17b35ed4bd";
const MULTI_CLOUD: &str = "a4339e31-8825-41cf-899b-b3e99607146e";
const SERVICE_TEMPLATES: &str = "aa7a6320-e925-4f41-a119-59f9161fc992";
const DEV_PORTAL: &str = "612b5707-5963-4eb1-bc66-7c9d97ad60bf";
const AUTOMATED_ROLLBACK: &str = "b6c437de-2724-4379-95ab-366de54aeff7";
const BETTER_MONITORING: &str = "2420ed7e-d5e7-4c71-a7a2-f6160bca2875";
const DEPLOY_GUARDRAILS: &str = "957a6e14-a028-4256-9226-5f4248080ba7";

const GOAL_TIME_TO_PRODUCTION: &str = "c70e084b-954a-41fe-927b-d9d02fea12b9";
const GOAL_INCIDENTS: &str = "a37625ad-0fa4-443c-8952-f97b60e0bc64";

/// One link of the seed's impact map: goal id, goal, metric, actor,
/// impact, deliverable (an example item's id).
pub type MapExample = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
);

/// The seed's impact map, G1 → A1 → I1 → D1 and so on. The first goal is
/// measured by the seed's time-to-production metric; the seed names no
/// metric for the second.
pub const IMPACT_MAP: [MapExample; 6] = [
    (
        GOAL_TIME_TO_PRODUCTION,
        "Reduce time to production by 50%",
        Some("Time-to-production"),
        "Developers",
        "Deploy faster",
        FASTER_CI,
    ),
    (
        GOAL_TIME_TO_PRODUCTION,
        "Reduce time to production by 50%",
        Some("Time-to-production"),
        "Product teams",
        "Self-service infra",
        SERVICE_TEMPLATES,
    ),
    (
        GOAL_TIME_TO_PRODUCTION,
        "Reduce time to production by 50%",
        Some("Time-to-production"),
        "New hires",
        "Faster onboarding",
        DEV_PORTAL,
    ),
    (
        GOAL_INCIDENTS,
        "Reduce production incidents by 30%",
        None,
        "SRE team",
        "Fewer incidents",
        AUTOMATED_ROLLBACK,
    ),
    (
        GOAL_INCIDENTS,
        "Reduce production incidents by 30%",
        None,
        "On-call devs",
        "Faster recovery",
        BETTER_MONITORING,
    ),
    (
        GOAL_INCIDENTS,
        "Reduce production incidents by 30%",
        None,
        "Platform team",
        "Prevent bad deploys",
        DEPLOY_GUARDRAILS,
    ),
];

/// Why the war story's items were on the list: developers asked for faster
/// CI in interviews (research); multi-cloud was the platform team's own idea.
pub const SOURCES: [(&str, Source); 2] = [
    (FASTER_CI, Source::Research),
    (MULTI_CLOUD, Source::TeamIdea),
];

/// The seed's four initiatives, each with its fixed id.
pub fn examples() -> Vec<(&'static str, NewItem)> {
    build(&EXAMPLES)
}

/// The seed's four initiatives, then the war story's multi-cloud
/// abstraction and the impact map's unscored deliverables: what
/// `fieldkit demo` loads.
pub fn all_examples() -> Vec<(&'static str, NewItem)> {
    let mut all = build(&EXAMPLES);
    all.extend(build(&MAP_EXAMPLES));
    all
}

fn build(examples: &[Example]) -> Vec<(&'static str, NewItem)> {
    examples
        .iter()
        .filter_map(
            |&(id, title, reach, impact, confidence, effort, lane, tags, description)| {
                Some((
                    id,
                    NewItem {
                        title: Title::parse(title).ok()?,
                        description: description.to_string(),
                        rice: Rice {
                            reach: Reach::new(reach).ok()?,
                            impact,
                            confidence: Confidence::new(confidence).ok()?,
                            effort: Effort::new(effort).ok()?,
                        },
                        lane,
                        tags: Tags::parse(tags).ok()?,
                        kill_reason: None,
                    },
                ))
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rice::format_score;

    #[test]
    fn all_examples_are_valid_and_score_as_the_seed() {
        let scores: Vec<String> = all_examples()
            .iter()
            .map(|(_, item)| format_score(item.rice.score()))
            .collect();
        assert_eq!(
            scores,
            [
                "160.0", "64.0", "16.7", "10.0", "8.0", "0.0", "0.0", "0.0", "0.0", "0.0"
            ]
        );
    }

    #[test]
    fn the_impact_map_is_the_seeds_and_every_deliverable_is_an_example() {
        assert_eq!(examples().len(), 4);
        let ids: Vec<&str> = all_examples().iter().map(|(id, _)| *id).collect();
        let goals: std::collections::BTreeSet<&str> = IMPACT_MAP.iter().map(|l| l.1).collect();
        assert_eq!(goals.len(), 2);
        let actors: std::collections::BTreeSet<&str> = IMPACT_MAP.iter().map(|l| l.3).collect();
        assert_eq!(actors.len(), 6);
        let impacts: std::collections::BTreeSet<&str> = IMPACT_MAP.iter().map(|l| l.4).collect();
        assert_eq!(impacts.len(), 6);
        assert!(IMPACT_MAP.iter().all(|l| ids.contains(&l.5)));
        assert!(SOURCES.iter().all(|(id, _)| ids.contains(id)));
    }
}
