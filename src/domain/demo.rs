//! The seed's example backlog: its four initiatives and their RICE numbers.
//!
//! The ids are fixed so loading the examples twice adds nothing twice.

use super::backlog::{Lane, NewItem, Tags, Title};
use super::rice::{Confidence, Effort, Impact, Reach, Rice};

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
        "d774f566-0e68-4a90-8773-be17b35ed4bd",
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

/// The seed's four initiatives, each with its fixed id.
pub fn examples() -> Vec<(&'static str, NewItem)> {
    EXAMPLES
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
    fn all_four_examples_are_valid_and_score_as_the_seed() {
        let scores: Vec<String> = examples()
            .iter()
            .map(|(_, item)| format_score(item.rice.score()))
            .collect();
        assert_eq!(scores, ["160.0", "64.0", "16.7", "10.0"]);
    }
}
