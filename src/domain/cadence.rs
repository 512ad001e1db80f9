//! The research cadence, from the sessions and interviews themselves: the
//! seed's "3 different teams per quarter" of shadowing and "monthly … with
//! 5 developers" of interviews, days since the last of each, and the teams
//! seen in the last year that have not been heard from this quarter.

use super::InputError;
use super::metric::days_between;
use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// The team's own targets (editable; the seed's by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ResearchTargets {
    pub teams_per_quarter: u32,
    pub interviews_per_month: u32,
}

impl Default for ResearchTargets {
    fn default() -> Self {
        Self {
            teams_per_quarter: 3,
            interviews_per_month: 5,
        }
    }
}

impl ResearchTargets {
    /// A target count: a whole number from 1 to 1000.
    pub fn parse_count(field: &str, text: &str) -> Result<u32, InputError> {
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| {
                InputError::new(
                    field,
                    format!(
                        "must be a whole number from 1 to 1000, got '{}'",
                        super::metric::number::shown(text.trim())
                    ),
                )
            })
    }
}

/// Which research method a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Shadowing,
    Interview,
}

/// One session or interview: its local date and the team it heard from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResearchRecord {
    pub method: Method,
    pub date: Date,
    pub team: Option<String>,
}

/// The team a record heard from. An interview's team field wins; otherwise
/// the participant text is read as `Name (Team)`, `Name / Team`,
/// `Name, Team` or `Name @ Team`. A session's participant is "the
/// developer and/or team", so a participant with none of these is taken as
/// the team itself; an interview's participant is a person, so it is not.
pub fn team_of(method: Method, participant: &str, team_field: &str) -> Option<String> {
    let tidy = |t: &str| {
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        (!t.is_empty()).then_some(t)
    };
    if let Some(team) = tidy(team_field) {
        return Some(team);
    }
    let p = participant.trim();
    if let Some(open) = p.rfind('(')
        && p.ends_with(')')
    {
        return tidy(&p[open + 1..p.len() - 1]);
    }
    for separator in [" / ", " @ ", ", "] {
        if let Some(at) = p.rfind(separator) {
            return tidy(&p[at + separator.len()..]);
        }
    }
    match method {
        Method::Shadowing => tidy(p),
        Method::Interview => None,
    }
}

/// The research cadence on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct ResearchCadence {
    pub targets: ResearchTargets,
    /// `Q4 2026`.
    pub quarter: String,
    pub quarter_start: Date,
    /// `2026-11`.
    pub month: String,
    pub month_start: Date,
    /// Distinct teams shadowed this quarter, as first written.
    pub teams_shadowed: Vec<String>,
    pub sessions_this_quarter: usize,
    pub interviews_this_month: usize,
    pub days_since_shadowing: Option<i64>,
    pub days_since_interview: Option<i64>,
    /// Teams seen in research in the last year but not this quarter, with
    /// the last date each was heard from; longest silence first.
    pub not_heard_from: Vec<(String, Date)>,
}

impl ResearchCadence {
    pub fn teams_on_target(&self) -> bool {
        self.teams_shadowed.len() >= self.targets.teams_per_quarter as usize
    }

    pub fn interviews_on_target(&self) -> bool {
        self.interviews_this_month >= self.targets.interviews_per_month as usize
    }
}

/// How long since the last session or interview: `6 days`, `today`, or
/// `no session yet`.
pub fn since(days: Option<i64>, what: &str) -> String {
    match days {
        None => format!("no {what} yet"),
        Some(0) => "today".into(),
        Some(1) => "1 day".into(),
        Some(n) => format!("{n} days"),
    }
}

/// The first day of the quarter `date` is in.
pub fn quarter_start(date: Date) -> Date {
    let month = (date.month() - 1) / 3 * 3 + 1;
    Date::new(date.year(), month, 1).unwrap_or(date.first_of_month())
}

/// Counts the cadence on `today` from every record; records dated after
/// today (a clock set wrong) are left out.
pub fn research_cadence(
    today: Date,
    records: &[ResearchRecord],
    targets: ResearchTargets,
) -> ResearchCadence {
    let quarter_start = quarter_start(today);
    let month_start = today.first_of_month();
    let year_ago = today.saturating_sub(Span::new().years(1));
    let past: Vec<&ResearchRecord> = records.iter().filter(|r| r.date <= today).collect();
    let key = |t: &str| t.to_lowercase();

    let mut teams_shadowed: Vec<String> = Vec::new();
    let mut heard_this_quarter: Vec<String> = Vec::new();
    let mut last_heard: BTreeMap<String, (String, Date)> = BTreeMap::new();
    let mut sessions_this_quarter = 0;
    let mut interviews_this_month = 0;
    let mut last_session: Option<Date> = None;
    let mut last_interview: Option<Date> = None;
    for r in &past {
        let this_quarter = r.date >= quarter_start;
        match r.method {
            Method::Shadowing => {
                last_session = last_session.max(Some(r.date));
                if this_quarter {
                    sessions_this_quarter += 1;
                    if let Some(team) = &r.team
                        && !teams_shadowed.iter().any(|t| key(t) == key(team))
                    {
                        teams_shadowed.push(team.clone());
                    }
                }
            }
            Method::Interview => {
                last_interview = last_interview.max(Some(r.date));
                if r.date >= month_start {
                    interviews_this_month += 1;
                }
            }
        }
        if let Some(team) = &r.team {
            if this_quarter {
                heard_this_quarter.push(key(team));
            } else if r.date >= year_ago {
                let entry = last_heard
                    .entry(key(team))
                    .or_insert_with(|| (team.clone(), r.date));
                if r.date > entry.1 {
                    entry.1 = r.date;
                }
            }
        }
    }
    let mut not_heard_from: Vec<(String, Date)> = last_heard
        .into_iter()
        .filter(|(k, _)| !heard_this_quarter.contains(k))
        .map(|(_, v)| v)
        .collect();
    not_heard_from.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    ResearchCadence {
        targets,
        quarter: format!("Q{} {}", (today.month() - 1) / 3 + 1, today.year()),
        quarter_start,
        month: format!("{}-{:02}", today.year(), today.month()),
        month_start,
        teams_shadowed,
        sessions_this_quarter,
        interviews_this_month,
        days_since_shadowing: last_session.map(|d| days_between(d, today)),
        days_since_interview: last_interview.map(|d| days_between(d, today)),
        not_heard_from,
    }
}

/// A session or interview `fieldkit demo` adds, so the cadence has
/// something to count: two teams shadowed this quarter (of 3), three
/// interviews this month (of 5), and two teams last heard from before this
/// quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoResearch {
    pub id: &'static str,
    pub method: Method,
    pub participant: &'static str,
    pub team: &'static str,
    pub workflow: &'static str,
    pub date: Date,
    pub minutes: i64,
}

/// The demo's research, dated from `today`; ids fixed so it is added once.
pub fn demo_research(today: Date) -> Vec<DemoResearch> {
    let quarter = quarter_start(today);
    let month = today.first_of_month();
    // Days back, but not before the start of the quarter or month.
    let back = |days: i64, floor: Date| today.saturating_sub(Span::new().days(days)).max(floor);
    let before = |days: i64, start: Date| start.saturating_sub(Span::new().days(days));
    let session = |id, participant, workflow, date| DemoResearch {
        id,
        method: Method::Shadowing,
        participant,
        team: "",
        workflow,
        date,
        minutes: 120,
    };
    let interview = |id, participant, team, date| DemoResearch {
        id,
        method: Method::Interview,
        participant,
        team,
        workflow: "",
        date,
        minutes: 30,
    };
    vec![
        session(
            "474185ac-b4be-446e-85af-1b6aa90def2c",
            "Priya (Payments)",
            "Deploy a one-line change to production",
            back(20, quarter),
        ),
        session(
            "d3fb4712-d363-4b79-b396-0351c5da51f1",
            "Marco (Checkout)",
            "Create a new service from the template",
            back(6, quarter),
        ),
        session(
            "35407078-2963-4dcc-9edd-e3159bb05a9c",
            "Kim (Search)",
            "Roll back a failed deploy",
            before(25, quarter),
        ),
        interview(
            "fa50b034-b8a1-4a60-b193-d380ae48d483",
            "Lee",
            "Payments",
            back(8, month),
        ),
        interview(
            "5e8388a2-b94f-4176-99b3-1a53a435d6ea",
            "Jo",
            "Identity",
            back(3, month),
        ),
        interview(
            "e8b1131a-3af9-46dd-9667-cbd1ced5b844",
            "Sam",
            "Checkout",
            back(1, month),
        ),
        interview(
            "fe06ef44-e899-42e6-aa59-2dc78c87c623",
            "Ana",
            "Data",
            before(40, quarter),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn session(d: Date, participant: &str) -> ResearchRecord {
        ResearchRecord {
            method: Method::Shadowing,
            date: d,
            team: team_of(Method::Shadowing, participant, ""),
        }
    }

    fn interview(d: Date, participant: &str, team: &str) -> ResearchRecord {
        ResearchRecord {
            method: Method::Interview,
            date: d,
            team: team_of(Method::Interview, participant, team),
        }
    }

    #[test]
    fn teams_are_read_from_the_participant_or_the_team_field() {
        let s = |p| team_of(Method::Shadowing, p, "");
        assert_eq!(s("Priya (Payments)"), Some("Payments".into()));
        assert_eq!(s("Priya / Payments"), Some("Payments".into()));
        assert_eq!(s("Priya, Payments"), Some("Payments".into()));
        assert_eq!(s("Checkout team"), Some("Checkout team".into()));
        assert_eq!(team_of(Method::Interview, "Sam", ""), None);
        assert_eq!(
            team_of(Method::Interview, "Sam (Search)", ""),
            Some("Search".into())
        );
        assert_eq!(
            team_of(Method::Interview, "Sam", " Search "),
            Some("Search".into())
        );
    }

    fn records() -> Vec<ResearchRecord> {
        vec![
            session(date(2026, 10, 5), "Priya (Payments)"),
            session(date(2026, 11, 20), "Lee (payments)"),
            session(date(2026, 12, 30), "Ana (Checkout)"),
            session(date(2026, 8, 1), "Kim (Search)"),
            session(date(2025, 6, 1), "Old (Legacy)"),
            interview(date(2026, 12, 1), "Sam", "Search"),
            interview(date(2026, 12, 2), "Jo", "Identity"),
            interview(date(2026, 11, 28), "Max", "Data"),
            interview(date(2026, 9, 15), "Ula", "Mobile"),
            interview(date(2027, 1, 1), "Tia", "Mobile"),
        ]
    }

    #[test]
    fn the_last_day_of_a_quarter() {
        let c = research_cadence(date(2026, 12, 31), &records(), ResearchTargets::default());
        assert_eq!(c.quarter, "Q4 2026");
        assert_eq!(c.quarter_start, date(2026, 10, 1));
        // Payments counts once, whatever its case.
        assert_eq!(c.teams_shadowed, ["Payments", "Checkout"]);
        assert!(!c.teams_on_target());
        assert_eq!(c.interviews_this_month, 2);
        assert_eq!(c.days_since_shadowing, Some(1));
        assert_eq!(c.days_since_interview, Some(29));
        // Mobile was heard from in Q3 only (the 2027 record is in the
        // future, so left out); Legacy is older than a year.
        assert_eq!(
            c.not_heard_from,
            [("Mobile".to_string(), date(2026, 9, 15))]
        );
    }

    #[test]
    fn the_first_day_of_the_next_quarter_starts_again() {
        let c = research_cadence(date(2027, 1, 1), &records(), ResearchTargets::default());
        assert_eq!(c.quarter, "Q1 2027");
        assert_eq!(c.quarter_start, date(2027, 1, 1));
        assert!(c.teams_shadowed.is_empty());
        assert_eq!(c.sessions_this_quarter, 0);
        assert_eq!(c.interviews_this_month, 1);
        assert_eq!(c.days_since_shadowing, Some(2));
        assert_eq!(c.days_since_interview, Some(0));
        let names: Vec<&str> = c.not_heard_from.iter().map(|(t, _)| t.as_str()).collect();
        // Mobile spoke on the 1st of January; everyone else is now silent.
        assert_eq!(
            names,
            ["Payments", "Data", "Search", "Identity", "Checkout"]
        );
    }

    #[test]
    fn the_demo_shows_a_cadence_below_target_on_any_day() {
        for today in [date(2026, 11, 26), date(2027, 1, 1), date(2026, 12, 31)] {
            let records: Vec<ResearchRecord> = demo_research(today)
                .iter()
                .map(|d| ResearchRecord {
                    method: d.method,
                    date: d.date,
                    team: team_of(d.method, d.participant, d.team),
                })
                .collect();
            let c = research_cadence(today, &records, ResearchTargets::default());
            assert_eq!(c.teams_shadowed, ["Payments", "Checkout"], "{today}");
            assert_eq!(c.interviews_this_month, 3, "{today}");
            let silent: Vec<&str> = c.not_heard_from.iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(silent, ["Data", "Search"], "{today}");
        }
    }

    #[test]
    fn targets_are_counts_from_1_to_1000() {
        assert_eq!(ResearchTargets::parse_count("teams", "4"), Ok(4));
        for bad in ["0", "-1", "2.5", "many", "1001"] {
            assert_eq!(
                ResearchTargets::parse_count("teams", bad)
                    .unwrap_err()
                    .field,
                "teams"
            );
        }
    }
}
