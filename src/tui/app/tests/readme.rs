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
