//! The README's key tables against the binding tables: a key the README
//! lists for a pane must be bound on that pane (in one of its states, its
//! popups, or everywhere).

use crate::tui::keymap::{self, Binding, HelpGroup};
use crate::tui::panes::{backlog, interview, outcomes, roadmap, shadow, synthesis};
use crate::tui::widgets;

const README: &str = include_str!("../../../../README.md");

/// The names of every key in these groups, as help writes them.
fn names(groups: &[HelpGroup]) -> Vec<String> {
    groups
        .iter()
        .flat_map(|g| &g.lines)
        .flat_map(|l| l.bound.iter().map(|k| keymap::key_name(*k)))
        .collect()
}

fn group<A>(table: &[Binding<A>]) -> HelpGroup {
    HelpGroup::of("", table)
}

/// The keys in the first column of the table that follows the line
/// starting with `heading` in the README's Keys section.
fn readme_keys(heading: &str) -> Vec<String> {
    let keys = README
        .split("\n## Keys")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has a Keys section");
    let after = keys
        .split(&format!("\n{heading}"))
        .nth(1)
        .unwrap_or_else(|| panic!("README's Keys section has no {heading} table"));
    let mut out = Vec::new();
    for line in after.lines().skip_while(|l| !l.starts_with('|')) {
        if !line.starts_with('|') {
            break;
        }
        let first = line.split('|').nth(1).unwrap_or("");
        out.extend(first.split('`').skip(1).step_by(2).map(str::to_string));
    }
    assert!(!out.is_empty(), "no keys read under {heading}");
    out
}

fn check(heading: &str, tables: &[HelpGroup]) {
    let mut bound = names(tables);
    bound.extend(names(&[group(keymap::GLOBAL)]));
    for key in readme_keys(heading) {
        assert!(
            bound.contains(&key),
            "README lists `{key}` under {heading}, but no table binds it there"
        );
    }
}

/// The popups every pane can open.
fn popups() -> Vec<HelpGroup> {
    vec![
        group(widgets::form::FORM),
        group(widgets::prompt::PROMPT),
        group(widgets::confirm::YES_NO),
        group(widgets::document::DOCUMENT),
        group(widgets::list::FILTER),
        group(widgets::line_input::EDITING),
    ]
}

#[test]
fn the_readme_lists_only_keys_the_app_has() {
    let with = |tables: &[&[Binding<crate::tui::action::Action>]]| {
        let mut groups: Vec<HelpGroup> = tables.iter().map(|t| group(t)).collect();
        groups.extend(popups());
        groups
    };
    check(
        "Backlog:",
        &with(&[
            backlog::keys::BACKLOG,
            backlog::keys::BACKLOG_EMPTY,
            backlog::keys::BACKLOG_FILTERED,
        ]),
    );
    let mut shadow_groups = with(&[
        shadow::keys::SHADOW_LIST,
        shadow::keys::SHADOW_FILTERED,
        shadow::keys::SHADOW_RUNNING,
        shadow::keys::SHADOW_REVIEW,
    ]);
    shadow_groups.push(group(shadow::keys::TOOL_TEXT));
    check("Shadow", &shadow_groups);
    let mut interview_groups = with(&[
        interview::keys::INTERVIEW_LIST,
        interview::keys::INTERVIEW_FILTERED,
        interview::keys::INTERVIEW_RUNNING,
        interview::keys::INTERVIEW_REVIEW,
    ]);
    interview_groups.push(group(widgets::editor::EDITOR));
    check("Interview", &interview_groups);
    let mut synthesis_groups = with(&[
        synthesis::keys::SYNTHESIS_LIST,
        synthesis::keys::SYNTHESIS_FILTERED,
        synthesis::keys::SYNTHESIS_ENTRIES,
        synthesis::keys::SYNTHESIS_SOURCES,
    ]);
    synthesis_groups.push(group(widgets::checklist::CHECKLIST));
    check("Synthesis", &synthesis_groups);
    let mut roadmap_groups = with(&[roadmap::keys::BOARD]);
    roadmap_groups.push(group(roadmap::keys::REVIEW));
    check("Roadmap (", &roadmap_groups);
    check("Impact map (", &with(&[roadmap::keys::MAP]));
    let mut outcomes_groups = with(&[outcomes::keys::OUTCOMES, outcomes::keys::OUTCOMES_EMPTY]);
    outcomes_groups.push(group(widgets::metric_chart::CHART));
    check("Outcomes", &outcomes_groups);
}

#[test]
fn a_key_the_app_lacks_fails_the_check() {
    let result = std::panic::catch_unwind(|| {
        check("Backlog:", &[group(backlog::keys::BACKLOG_EMPTY)]);
    });
    assert!(
        result.is_err(),
        "the check must notice keys that are not bound"
    );
}

/// The README's text about one pane: from the line starting with
/// `heading` to the next pane's heading (or the end of the Keys section).
fn readme_section(heading: &str) -> &'static str {
    const HEADINGS: [&str; 7] = [
        "\nBacklog:",
        "\nShadow (",
        "\nInterview (",
        "\nSynthesis (",
        "\nRoadmap (",
        "\nImpact map (",
        "\nOutcomes (",
    ];
    let keys = README
        .split("\n## Keys")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has a Keys section");
    let start = keys
        .find(&format!("\n{heading}"))
        .unwrap_or_else(|| panic!("README's Keys section has no {heading}"));
    let rest = &keys[start + 1..];
    let end = HEADINGS
        .iter()
        .filter_map(|h| rest.find(h))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The keys of `groups` that the README's part about the pane under
/// `heading` does not name (nor its Everywhere paragraph).
fn undocumented(heading: &str, groups: &[HelpGroup]) -> Vec<String> {
    let everywhere = names(&[group(keymap::GLOBAL)]);
    // The Everywhere paragraph (global keys, list movement) holds for
    // every pane.
    let everywhere_text = README
        .split("\nEverywhere:")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("README's Keys section starts with Everywhere:");
    let section = readme_section(heading);
    names(groups)
        .into_iter()
        .filter(|key| {
            let quoted = format!("`{key}`");
            !(section.contains(&quoted)
                || everywhere_text.contains(&quoted)
                || everywhere.contains(key))
        })
        .map(|key| format!("{heading} `{key}`"))
        .collect()
}

/// Every key a pane's own table binds is named (`` `key` ``) in that
/// pane's part of the README: a new key cannot ship undocumented.
#[test]
fn every_key_of_a_pane_is_in_the_readme() {
    let panes: [(&str, Vec<HelpGroup>); 7] = [
        ("Backlog:", vec![group(backlog::keys::BACKLOG)]),
        (
            "Shadow (",
            vec![
                group(shadow::keys::SHADOW_LIST),
                group(shadow::keys::SHADOW_RUNNING),
                group(shadow::keys::SHADOW_REVIEW),
            ],
        ),
        (
            "Interview (",
            vec![
                group(interview::keys::INTERVIEW_LIST),
                group(interview::keys::INTERVIEW_RUNNING),
                group(interview::keys::INTERVIEW_REVIEW),
            ],
        ),
        (
            "Synthesis (",
            vec![
                group(synthesis::keys::SYNTHESIS_LIST),
                group(synthesis::keys::SYNTHESIS_ENTRIES),
                group(synthesis::keys::SYNTHESIS_SOURCES),
            ],
        ),
        ("Roadmap (", vec![group(roadmap::keys::BOARD)]),
        ("Impact map (", vec![group(roadmap::keys::MAP)]),
        ("Outcomes (", vec![group(outcomes::keys::OUTCOMES)]),
    ];
    let missing: Vec<String> = panes
        .iter()
        .flat_map(|(heading, groups)| undocumented(heading, groups))
        .collect();
    assert!(
        missing.is_empty(),
        "keys the README does not name: {missing:?}"
    );
}

#[test]
fn a_key_the_readme_lacks_fails_the_check() {
    assert!(!undocumented("Backlog:", &[group(synthesis::keys::SYNTHESIS_ENTRIES)]).is_empty());
}
