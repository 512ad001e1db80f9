//! The roadmap: four lanes with their real dates from today, a capacity in
//! person-months per lane, the order items fill a lane in (pins first, then
//! RICE), what no longer fits (slipping), what forcing an item in delays,
//! and reviews that are past their date.
//!
//! "Today" is always given, never read from a clock, so every rule here is
//! tested on fixed dates.

use super::backlog::{Item, Lane};
use super::error::InputError;
use super::rice::{format_number, format_score};
use jiff::civil::Date;
use std::fmt;

/// The four lanes the roadmap shows, in order.
pub const ROADMAP_LANES: [Lane; 4] = [Lane::Now, Lane::Next, Lane::Later, Lane::Exploring];

/// Whether a lane is one of the roadmap's four.
pub fn is_roadmap_lane(lane: Lane) -> bool {
    ROADMAP_LANES.contains(&lane)
}

/// The lane a roadmap lane's overflow slips to; Exploring has none.
pub fn next_lane(lane: Lane) -> Option<Lane> {
    match lane {
        Lane::Now => Some(Lane::Next),
        Lane::Next => Some(Lane::Later),
        Lane::Later => Some(Lane::Exploring),
        _ => None,
    }
}

/// The lane before a roadmap lane; Now has none.
pub fn previous_lane(lane: Lane) -> Option<Lane> {
    match lane {
        Lane::Next => Some(Lane::Now),
        Lane::Later => Some(Lane::Next),
        Lane::Exploring => Some(Lane::Later),
        _ => None,
    }
}

/// A lane's name as a heading: `Now`, `Next`, `Later`, `Exploring`.
pub fn lane_title(lane: Lane) -> &'static str {
    match lane {
        Lane::Inbox => "Inbox",
        Lane::Now => "Now",
        Lane::Next => "Next",
        Lane::Later => "Later",
        Lane::Exploring => "Exploring",
        Lane::Done => "Done",
        Lane::Killed => "Killed",
    }
}

/// What a lane promises, in the seed's words.
pub fn lane_meaning(lane: Lane) -> &'static str {
    match lane {
        Lane::Now => "committed",
        Lane::Next => "planned",
        Lane::Later => "direction",
        Lane::Exploring => "no commitment",
        _ => "",
    }
}

/// Parses a roadmap lane (now, next, later, exploring) for the roadmap's
/// commands, which have no use for the other lanes.
pub fn parse_roadmap_lane(text: &str) -> Result<Lane, InputError> {
    let refusal = || {
        InputError::new(
            "lane",
            format!(
                "must be one of now, next, later, exploring, got '{}'",
                text.trim()
            ),
        )
    };
    Lane::parse(text)
        .ok()
        .filter(|l| is_roadmap_lane(*l))
        .ok_or_else(refusal)
}

/// The calendar quarter a date falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quarter {
    pub year: i16,
    /// 1 to 4.
    pub number: i8,
}

impl Quarter {
    pub fn of(date: Date) -> Self {
        Self {
            year: date.year(),
            number: (date.month() - 1) / 3 + 1,
        }
    }

    pub fn following(self) -> Self {
        if self.number == 4 {
            Self {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Self {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    pub fn first_day(self) -> Date {
        Date::new(self.year, (self.number - 1) * 3 + 1, 1).unwrap_or(Date::MIN)
    }

    pub fn last_day(self) -> Date {
        let first = self.following().first_day();
        first.yesterday().unwrap_or(first)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Q{} {}", self.number, self.year)
    }
}

/// A roadmap lane's real dates from today: Now is this quarter, Next the
/// next one, Later the half after (the two quarters after Next: `H1`/`H2`
/// when they make a calendar half), Exploring has no date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneWindow {
    pub lane: Lane,
    /// `Q4 2026`, `H2 2027`, `Q2–Q3 2027`, or `no date`.
    pub label: String,
    /// First and last day, inclusive; `None` for Exploring.
    pub dates: Option<(Date, Date)>,
}

impl LaneWindow {
    pub fn of(lane: Lane, today: Date) -> Self {
        let now = Quarter::of(today);
        let next = now.following();
        let (label, dates) = match lane {
            Lane::Now => (now.to_string(), Some((now.first_day(), now.last_day()))),
            Lane::Next => (next.to_string(), Some((next.first_day(), next.last_day()))),
            Lane::Later => {
                let (a, b) = (next.following(), next.following().following());
                let label = match (a.number, a.year == b.year) {
                    (1, true) => format!("H1 {}", a.year),
                    (3, true) => format!("H2 {}", a.year),
                    (_, true) => format!("Q{}–Q{} {}", a.number, b.number, a.year),
                    (_, false) => format!("{a} – {b}"),
                };
                (label, Some((a.first_day(), b.last_day())))
            }
            _ => ("no date".to_string(), None),
        };
        Self { lane, label, dates }
    }

    /// The dates as a person reads them: `Oct 1 – Dec 31 2026`.
    pub fn span(&self) -> String {
        match self.dates {
            Some((first, last)) if first.year() == last.year() => format!(
                "{} – {}",
                first.strftime("%b %-d"),
                last.strftime("%b %-d %Y")
            ),
            Some((first, last)) => format!(
                "{} – {}",
                first.strftime("%b %-d %Y"),
                last.strftime("%b %-d %Y")
            ),
            None => "no date".to_string(),
        }
    }

    /// The heading of a lane: `Now · Q4 2026 (Oct 1 – Dec 31 2026)`.
    pub fn heading(&self) -> String {
        match self.dates {
            Some(_) => format!(
                "{} · {} ({})",
                lane_title(self.lane),
                self.label,
                self.span()
            ),
            None => format!("{} · no date", lane_title(self.lane)),
        }
    }
}

/// Where an item came from: the seed's "Stop and think" — a user asked,
/// research found it, data showed a bottleneck, the team thought of it, or
/// leadership asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Users,
    Research,
    Data,
    TeamIdea,
    Leadership,
}

impl Source {
    pub const FIELD: &'static str = "source";
    pub const ALL: [Source; 5] = [
        Source::Users,
        Source::Research,
        Source::Data,
        Source::TeamIdea,
        Source::Leadership,
    ];
    pub const ALLOWED: &'static str = "users, research, data, team idea, leadership";

    /// The stored and shown name.
    pub fn name(self) -> &'static str {
        match self {
            Source::Users => "users",
            Source::Research => "research",
            Source::Data => "data",
            Source::TeamIdea => "team idea",
            Source::Leadership => "leadership",
        }
    }

    pub fn parse(text: &str) -> Result<Self, InputError> {
        let t = text.trim().to_lowercase().replace(['-', '_'], " ");
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        let found = match t.as_str() {
            "users" | "user" | "users asked" => Some(Source::Users),
            "research" | "evidence" => Some(Source::Research),
            "data" => Some(Source::Data),
            "team idea" | "team" | "idea" => Some(Source::TeamIdea),
            "leadership" => Some(Source::Leadership),
            _ => None,
        };
        found.ok_or_else(|| {
            InputError::new(
                Self::FIELD,
                format!(
                    "must be one of {}, got '{}'",
                    Self::ALLOWED,
                    super::error::echo(text, 40)
                ),
            )
        })
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What must be true by the review date for an item to stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuccessCriteria {
    pub text: String,
    pub review_by: Date,
}

impl SuccessCriteria {
    /// Past its date on an item still open: the roadmap asks keep or kill.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.review_by < today
    }
}

/// A review date as typed: `YYYY-MM-DD`.
pub fn parse_review_date(text: &str) -> Result<Date, InputError> {
    let t = text.trim();
    let well_formed = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    well_formed
        .then(|| t.parse::<Date>().ok())
        .flatten()
        .ok_or_else(|| {
            InputError::new(
                "review-by",
                format!(
                    "must be a date as YYYY-MM-DD, got '{}'",
                    super::error::echo(t, 40)
                ),
            )
        })
}

/// Success criteria as typed: one paragraph of free text, not empty.
pub fn parse_success_text(text: &str) -> Result<String, InputError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(InputError::new(
            "success",
            "must say what must be true by the review date",
        ));
    }
    Ok(t.replace("\r\n", "\n").replace('\r', "\n"))
}

/// A pin's reason: required, one line.
pub fn parse_pin_reason(text: &str) -> Result<String, InputError> {
    let t: String = text
        .trim()
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    if t.trim().is_empty() {
        return Err(InputError::new(
            "pin",
            "a pin needs a reason (e.g. \"strategic: VP Eng\")",
        ));
    }
    if t.chars().count() > 200 {
        return Err(InputError::new(
            "pin",
            "the reason must be at most 200 characters",
        ));
    }
    Ok(t.trim().to_string())
}

/// An item's place on the roadmap beyond its lane: why it is here, what
/// must be true for it to stay, the impact (goal → actor → impact) it
/// serves, and a pin with its reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemRoadmap {
    pub source: Option<Source>,
    pub success: Option<SuccessCriteria>,
    pub impact_id: Option<String>,
    pub pin: Option<String>,
}

/// A change to an item's roadmap fields; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoadmapPatch {
    /// `Some(None)` clears the source (chosen by mistake, or not known).
    pub source: Option<Option<Source>>,
    /// New criteria text; an empty string clears the criteria and the date.
    pub success: Option<String>,
    pub review_by: Option<Date>,
    /// `Some(None)` unpins.
    pub pin: Option<Option<String>>,
}

impl RoadmapPatch {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The fields as they would be after the patch, or why it is refused.
    pub fn apply(&self, old: &ItemRoadmap) -> Result<ItemRoadmap, InputError> {
        let mut next = old.clone();
        if let Some(source) = self.source {
            next.source = source;
        }
        match (self.success.as_deref(), self.review_by) {
            (Some(""), _) => next.success = None,
            (Some(text), Some(review_by)) => {
                next.success = Some(SuccessCriteria {
                    text: parse_success_text(text)?,
                    review_by,
                })
            }
            (Some(text), None) => match &old.success {
                Some(s) => {
                    next.success = Some(SuccessCriteria {
                        text: parse_success_text(text)?,
                        review_by: s.review_by,
                    })
                }
                None => {
                    return Err(InputError::new(
                        "review-by",
                        "success criteria need a review date: add --review-by YYYY-MM-DD",
                    ));
                }
            },
            (None, Some(review_by)) => match &old.success {
                Some(s) => {
                    next.success = Some(SuccessCriteria {
                        text: s.text.clone(),
                        review_by,
                    })
                }
                None => {
                    return Err(InputError::new(
                        "success",
                        "a review date reviews success criteria: add --success TEXT",
                    ));
                }
            },
            (None, None) => {}
        }
        if let Some(pin) = &self.pin {
            next.pin = pin.clone();
        }
        Ok(next)
    }
}

/// What changed in an item's roadmap fields, in words, one entry per change:
/// the item's history shows them.
pub fn describe_roadmap_change(old: &ItemRoadmap, new: &ItemRoadmap) -> Vec<String> {
    let mut changes = Vec::new();
    if old.source != new.source {
        let name = |s: Option<Source>| s.map_or("—", Source::name);
        changes.push(format!(
            "source {} → {}",
            name(old.source),
            name(new.source)
        ));
    }
    match (&old.success, &new.success) {
        (None, Some(s)) => changes.push(format!("success criteria set, review by {}", s.review_by)),
        (Some(_), None) => changes.push("success criteria removed".to_string()),
        (Some(a), Some(b)) => {
            if a.text != b.text {
                changes.push("success criteria changed".to_string());
            }
            if a.review_by != b.review_by {
                changes.push(format!("review by {} → {}", a.review_by, b.review_by));
            }
        }
        (None, None) => {}
    }
    match (&old.pin, &new.pin) {
        (None, Some(reason)) => changes.push(format!("pinned: {reason}")),
        (Some(_), None) => changes.push("unpinned".to_string()),
        (Some(a), Some(b)) if a != b => changes.push(format!("pin reason: {b}")),
        _ => {}
    }
    changes
}

/// Each roadmap lane's capacity in person-months; `None` is no limit.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Capacities([Option<f64>; 4]);

impl Capacities {
    fn slot(lane: Lane) -> Option<usize> {
        ROADMAP_LANES.iter().position(|l| *l == lane)
    }

    pub fn get(&self, lane: Lane) -> Option<f64> {
        Self::slot(lane).and_then(|i| self.0[i])
    }

    pub fn set(&mut self, lane: Lane, capacity: Option<f64>) {
        if let Some(i) = Self::slot(lane) {
            self.0[i] = capacity;
        }
    }
}

/// A capacity as typed: person-months from 0 to 10,000, or `none` for no
/// limit.
pub fn parse_capacity(text: &str) -> Result<Option<f64>, InputError> {
    let t = text.trim();
    if ["none", "unset", "-"]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
    {
        return Ok(None);
    }
    let refusal = || {
        InputError::new(
            "capacity",
            format!(
                "must be person-months from 0 to 10,000 (decimals allowed), or none for no limit; got '{}'",
                super::error::echo(t, 40)
            ),
        )
    };
    let plain = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|c| *c == '.').count() <= 1
        && t.chars().any(|c| c.is_ascii_digit());
    if !plain {
        return Err(refusal());
    }
    let value: f64 = t.parse().map_err(|_| refusal())?;
    if !(0.0..=10_000.0).contains(&value) {
        return Err(refusal());
    }
    Ok(Some(value))
}

/// A load or capacity in person-months as shown: `9 / 12 pm`, `9 pm`.
pub fn format_load(load: f64, capacity: Option<f64>) -> String {
    let load = format_number((load * 100.0).round() / 100.0);
    match capacity {
        Some(c) => format!("{load} / {} pm", format_number(c)),
        None => format!("{load} pm"),
    }
}

/// An effort in whole hundredths of a person-month, the unit loads are
/// added in: efforts have two decimals at most, so a lane's load is exact
/// and the same whatever order its items are added in. The store keeps
/// each lane's total with the same arithmetic (times 100, plus a half,
/// truncated), so its totals and a plan made here agree to the bit.
pub fn effort_hundredths(effort: f64) -> i64 {
    (effort * 100.0 + 0.5) as i64
}

/// A lane filling up in order: fed each item's effort in fill order, it
/// tells from which item on everything slips. Once an item does not fit,
/// every item after it slips too, so a lower-ranked small item never jumps
/// ahead of a higher-ranked one that did not fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Filling {
    capacity: Option<f64>,
    hundredths: i64,
    full: bool,
}

impl Filling {
    pub fn new(capacity: Option<f64>) -> Self {
        Self {
            capacity,
            hundredths: 0,
            full: false,
        }
    }

    /// Adds the next item in fill order; returns whether it slips.
    pub fn add(&mut self, effort: f64) -> bool {
        self.hundredths += effort_hundredths(effort);
        if let Some(cap) = self.capacity {
            // A hundredth of a person-month of slack: a load equal to the
            // capacity fits.
            self.full = self.full || self.hundredths as f64 / 100.0 > cap + 0.005;
        }
        self.full
    }

    /// Whether an item has not fitted: every item from there on slips.
    pub fn is_full(&self) -> bool {
        self.full
    }
}

/// One item in its lane's order.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedItem {
    pub id: String,
    pub title: String,
    pub score: f64,
    pub effort: f64,
    pub seq: i64,
    pub pin: Option<String>,
    pub source: Option<Source>,
    pub success: Option<SuccessCriteria>,
    /// It no longer fits in the lane's capacity: it slips to the next lane.
    pub slipping: bool,
    /// Past its review date, still open: keep with a new date, or kill.
    pub overdue: bool,
}

/// Whether an item's review is past its date: the roadmap asks keep or
/// kill.
pub fn review_overdue(item: &Item, today: Date) -> bool {
    item.roadmap
        .success
        .as_ref()
        .is_some_and(|s| s.is_overdue(today))
}

impl PlannedItem {
    fn of(item: &Item, today: Date, slipping: bool) -> Self {
        Self {
            id: item.id.clone(),
            title: item.title.clone(),
            score: item.score(),
            effort: item.rice.effort.value(),
            seq: item.seq,
            pin: item.roadmap.pin.clone(),
            source: item.roadmap.source,
            success: item.roadmap.success.clone(),
            slipping,
            overdue: review_overdue(item, today),
        }
    }
}

/// A lane planned one item at a time: fed its items in fill order (pinned
/// first, then the ranking), it plans each as the whole [`plan`] does —
/// whether it slips, whether its review is overdue — holding none of them,
/// so a lane of any size streams through it.
#[derive(Debug, Clone, Copy)]
pub struct LanePlanner {
    filling: Filling,
    today: Date,
}

impl LanePlanner {
    /// From the top of a lane with this capacity.
    pub fn new(capacity: Option<f64>, today: Date) -> Self {
        Self {
            filling: Filling::new(capacity),
            today,
        }
    }

    /// From the first item that does not fit (see [`LanePlan::slips_from`]):
    /// every item from there on slips.
    pub fn from_first_slip(today: Date) -> Self {
        Self {
            filling: Filling {
                capacity: None,
                hundredths: 0,
                full: true,
            },
            today,
        }
    }

    /// Plans the next item in fill order.
    pub fn plan(&mut self, item: &Item) -> PlannedItem {
        let slipping = self.filling.add(item.rice.effort.value());
        PlannedItem::of(item, self.today, slipping)
    }
}

/// A roadmap lane: its dates, capacity, load, and its items in order — all
/// of them in a whole [`plan`], a run of them (those around what is shown)
/// in a plan read a window at a time ([`lane_plan`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LanePlan {
    pub window: LaneWindow,
    pub capacity: Option<f64>,
    /// Person-months of every item in the lane.
    pub load: f64,
    /// How many items the lane holds.
    pub count: usize,
    /// The best score in the lane (0 when it is empty): the score bars'
    /// full length is the best on the board.
    pub best: f64,
    /// The position of the first item that does not fit; every item from
    /// there on slips. `None`: every item fits.
    pub slips_from: Option<usize>,
    /// With a capacity, the items that fit and then the first that does
    /// not, in order: what a move, a pin or a new capacity can shift.
    /// Empty without a capacity (nothing slips).
    pub head: Vec<PlannedItem>,
    /// The position in the lane of `items[0]`.
    pub first: usize,
    /// The lane's items in order from `first`: all of them in a whole plan.
    pub items: Vec<PlannedItem>,
}

impl LanePlan {
    pub fn lane(&self) -> Lane {
        self.window.lane
    }

    /// The slipping items among those the plan holds.
    pub fn slipping(&self) -> impl Iterator<Item = &PlannedItem> {
        self.items.iter().filter(|i| i.slipping)
    }

    /// How many of the lane's items slip: all from `slips_from` on, held
    /// in the plan or not.
    pub fn slipping_count(&self) -> usize {
        self.slips_from
            .map_or(0, |from| self.count.saturating_sub(from))
    }

    /// `9 / 12 pm`, or `9 pm` without a capacity.
    pub fn load_text(&self) -> String {
        format_load(self.load, self.capacity)
    }

    /// The item at `position` in the lane, if the plan holds it.
    pub fn at(&self, position: usize) -> Option<&PlannedItem> {
        position
            .checked_sub(self.first)
            .and_then(|i| self.items.get(i))
    }

    /// The items that fit (with a capacity; none without one).
    pub fn fitting(&self) -> impl Iterator<Item = &PlannedItem> {
        self.head.iter().filter(|i| !i.slipping)
    }
}

/// The whole roadmap on a given day.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub today: Date,
    pub lanes: Vec<LanePlan>,
}

impl Plan {
    pub fn lane(&self, lane: Lane) -> Option<&LanePlan> {
        self.lanes.iter().find(|l| l.lane() == lane)
    }

    /// The item and its lane, if the plan holds it (in a lane's run or
    /// its head).
    pub fn find(&self, id: &str) -> Option<(Lane, &PlannedItem)> {
        self.lanes.iter().find_map(|l| {
            l.items
                .iter()
                .chain(&l.head)
                .find(|i| i.id == id)
                .map(|i| (l.lane(), i))
        })
    }

    /// Items past their review date, in lane order.
    pub fn overdue(&self) -> impl Iterator<Item = (Lane, &PlannedItem)> {
        self.lanes
            .iter()
            .flat_map(|l| l.items.iter().map(move |i| (l.lane(), i)))
            .filter(|(_, i)| i.overdue)
    }
}

/// The order items fill a lane in: pinned first, then RICE descending,
/// ties by creation order (among pins too).
pub fn fill_order(a: &PlannedItem, b: &PlannedItem) -> std::cmp::Ordering {
    b.pin
        .is_some()
        .cmp(&a.pin.is_some())
        .then(b.score.total_cmp(&a.score))
        .then(a.seq.cmp(&b.seq))
}

/// What is read of one lane to plan it: its count and load (hundredths of
/// a person-month), its best score, with a capacity its head (the items in
/// fill order up to and including the first that does not fit, or all
/// when all fit), and a run of its items in fill order from `first`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LaneRead {
    pub count: usize,
    pub load_hundredths: i64,
    pub best: f64,
    pub head: Vec<Item>,
    pub first: usize,
    pub items: Vec<Item>,
}

/// Plans one lane from what was read of it: which of its items slip, its
/// load against the capacity. The same lane planned from any run gives
/// the same items as the whole [`plan`] at those positions.
pub fn lane_plan(lane: Lane, read: &LaneRead, capacity: Option<f64>, today: Date) -> LanePlan {
    let mut filling = Filling::new(capacity);
    let mut slips_from = None;
    let head: Vec<PlannedItem> = if capacity.is_some() {
        read.head
            .iter()
            .enumerate()
            .map_while(|(n, item)| {
                if filling.is_full() {
                    return None;
                }
                let slipping = filling.add(item.rice.effort.value());
                if slipping {
                    slips_from = Some(n);
                }
                Some(PlannedItem::of(item, today, slipping))
            })
            .collect()
    } else {
        Vec::new()
    };
    let items = read
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let slipping = slips_from.is_some_and(|from| read.first + n >= from);
            PlannedItem::of(item, today, slipping)
        })
        .collect();
    LanePlan {
        window: LaneWindow::of(lane, today),
        capacity,
        load: read.load_hundredths as f64 / 100.0,
        count: read.count,
        best: read.best,
        slips_from,
        head,
        first: read.first,
        items,
    }
}

/// A lane without its items, from its totals and the position of the
/// first item that does not fit (found by feeding its head through
/// [`Filling`]): what is said about a lane before its items stream.
pub fn lane_outline(
    lane: Lane,
    count: usize,
    load_hundredths: i64,
    best: f64,
    slips_from: Option<usize>,
    capacity: Option<f64>,
    today: Date,
) -> LanePlan {
    LanePlan {
        window: LaneWindow::of(lane, today),
        capacity,
        load: load_hundredths as f64 / 100.0,
        count,
        best,
        slips_from: capacity.and(slips_from),
        head: Vec::new(),
        first: 0,
        items: Vec::new(),
    }
}

/// Builds the whole roadmap from the items (any lanes; only the four
/// roadmap lanes are placed). Items fill a lane in order until the next one
/// would pass the capacity; from there on every item slips.
pub fn plan(items: &[Item], capacities: &Capacities, today: Date) -> Plan {
    let lanes = ROADMAP_LANES
        .iter()
        .map(|&lane| {
            let mut in_lane: Vec<&Item> = items.iter().filter(|i| i.lane == lane).collect();
            let keys: Vec<(bool, f64, i64)> = in_lane
                .iter()
                .map(|i| (i.roadmap.pin.is_some(), i.score(), i.seq))
                .collect();
            let mut order: Vec<usize> = (0..in_lane.len()).collect();
            order.sort_by(|&a, &b| {
                let (pa, sa, qa) = keys[a];
                let (pb, sb, qb) = keys[b];
                pb.cmp(&pa).then(sb.total_cmp(&sa)).then(qa.cmp(&qb))
            });
            in_lane = order.into_iter().map(|i| in_lane[i]).collect();
            let capacity = capacities.get(lane);
            let mut filling = Filling::new(capacity);
            let head_len = if capacity.is_some() {
                in_lane
                    .iter()
                    .position(|i| filling.add(i.rice.effort.value()))
                    .map_or(in_lane.len(), |n| n + 1)
            } else {
                0
            };
            let read = LaneRead {
                count: in_lane.len(),
                load_hundredths: in_lane
                    .iter()
                    .map(|i| effort_hundredths(i.rice.effort.value()))
                    .sum(),
                best: in_lane.iter().map(|i| i.score()).fold(0.0, f64::max),
                head: in_lane[..head_len].iter().map(|i| (*i).clone()).collect(),
                first: 0,
                items: in_lane.into_iter().cloned().collect(),
            };
            lane_plan(lane, &read, capacity, today)
        })
        .collect();
    Plan { today, lanes }
}

/// What forcing an item did: why the plan changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Force {
    Pin,
    Unpin,
    /// Moved into this lane.
    Move(Lane),
}

/// What kind of forcing an edit of an item is, if any: a pin placed or
/// removed, or a move into another lane.
pub fn force_between(old: &Item, new: &Item) -> Option<Force> {
    match (&old.roadmap.pin, &new.roadmap.pin) {
        (None, Some(_)) => Some(Force::Pin),
        (Some(_), None) => Some(Force::Unpin),
        _ if old.lane != new.lane => Some(Force::Move(new.lane)),
        _ => None,
    }
}

/// An item that changed between two plans: it fit and now slips, or the
/// other way round.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub lane: Lane,
    pub title: String,
    pub score: f64,
}

/// What a change to the plan delays and what it lets back in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Consequence {
    /// Items that fit before and slip now, with the lane they slip out of.
    pub delayed: Vec<Shift>,
    /// Items that slipped before and fit now.
    pub freed: Vec<Shift>,
}

/// Compares two plans lane by lane (the forced item itself excluded):
/// the items that fit before and slip now, and the other way round. Only
/// a lane's head can change (its other items slip before and after), so
/// plans that hold a window of each lane and its head compare the same as
/// whole ones.
pub fn consequence(before: &Plan, after: &Plan, forced_id: &str) -> Consequence {
    let mut result = Consequence::default();
    for lane in &after.lanes {
        let Some(old) = before.lane(lane.lane()) else {
            continue;
        };
        if old.capacity.is_none() || lane.capacity.is_none() {
            continue;
        }
        let shift = |item: &PlannedItem| Shift {
            lane: lane.lane(),
            title: item.title.clone(),
            score: item.score,
        };
        let fits_now = |id: &str| lane.fitting().any(|i| i.id == id);
        let fitted = |id: &str| old.fitting().any(|i| i.id == id);
        let mut delayed: Vec<&PlannedItem> = old
            .fitting()
            .filter(|i| i.id != forced_id && !fits_now(&i.id))
            .collect();
        delayed.sort_by(|a, b| fill_order(a, b));
        result.delayed.extend(delayed.into_iter().map(shift));
        result.freed.extend(
            lane.fitting()
                .filter(|i| i.id != forced_id && !fitted(&i.id))
                .map(shift),
        );
    }
    result
}

fn title_and_score(title: &str, score: f64) -> String {
    format!("{title} ({})", format_score(score))
}

fn list_words(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Groups shifts by lane: `A (64.0) and B (16.7) past Now's capacity`.
fn by_lane(shifts: &[Shift], tail: impl Fn(Lane) -> String) -> String {
    let mut parts = Vec::new();
    for lane in ROADMAP_LANES {
        let names: Vec<String> = shifts
            .iter()
            .filter(|s| s.lane == lane)
            .map(|s| title_and_score(&s.title, s.score))
            .collect();
        if !names.is_empty() {
            parts.push(format!("{} {}", list_words(&names), tail(lane)));
        }
    }
    list_words(&parts)
}

/// The sentence the status line and the popup show after a pin or a move,
/// with the scores side by side: "Pinning Multi-cloud abstraction (8.0)
/// pushes Self-service databases (64.0) past Now's capacity".
pub fn describe_consequence(
    force: Force,
    title: &str,
    score: f64,
    after: &Plan,
    forced_id: &str,
    effect: &Consequence,
) -> String {
    let verb = match force {
        Force::Pin => "Pinning",
        Force::Unpin => "Unpinning",
        Force::Move(Lane::Killed) => "Killing",
        Force::Move(Lane::Done) => "Closing",
        Force::Move(_) => "Moving",
    };
    let into = match force {
        Force::Move(Lane::Killed | Lane::Done) => String::new(),
        Force::Move(lane) => format!(" to {}", lane_title(lane)),
        _ => String::new(),
    };
    let subject = format!("{verb} {}{into}", title_and_score(title, score));
    let mut clauses = Vec::new();
    if !effect.delayed.is_empty() {
        clauses.push(format!(
            "pushes {}",
            by_lane(&effect.delayed, |l| format!(
                "past {}'s capacity",
                lane_title(l)
            ))
        ));
    }
    if !effect.freed.is_empty() {
        clauses.push(format!(
            "lets {}",
            by_lane(&effect.freed, |l| format!("back into {}", lane_title(l)))
        ));
    }
    let itself = after
        .find(forced_id)
        .filter(|(_, item)| item.slipping)
        .and_then(|(lane, _)| after.lane(lane));
    match (clauses.is_empty(), itself) {
        (true, Some(lane)) => format!(
            "{subject}: it does not fit in {}'s capacity ({})",
            lane_title(lane.lane()),
            lane.load_text()
        ),
        (false, Some(lane)) => format!(
            "{subject} {} and it does not fit in {}'s capacity itself",
            list_words(&clauses),
            lane_title(lane.lane())
        ),
        (false, None) => format!("{subject} {}", list_words(&clauses)),
        (true, None) => {
            let room = after
                .find(forced_id)
                .and_then(|(lane, _)| after.lane(lane))
                .map(|l| match l.capacity {
                    Some(_) => format!(": {} holds {}", lane_title(l.lane()), l.load_text()),
                    None => format!(": {} has no capacity set", lane_title(l.lane())),
                })
                .unwrap_or_default();
            format!("{subject} delays nothing{room}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::backlog::Tags;
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn item(seq: i64, title: &str, rice: (f64, Impact, f64, f64), lane: Lane) -> Item {
        Item {
            seq,
            id: format!("id-{seq}"),
            title: title.into(),
            description: String::new(),
            rice: Rice {
                reach: Reach::new(rice.0).unwrap(),
                impact: rice.1,
                confidence: Confidence::new(rice.2).unwrap(),
                effort: Effort::new(rice.3).unwrap(),
            },
            lane,
            tags: Tags::default(),
            kill_reason: None,
            created_at: String::new(),
            updated_at: String::new(),
            tracker: None,
            roadmap: ItemRoadmap::default(),
        }
    }

    /// The seed's RICE table, CI and databases in Now, and the war story's
    /// multi-cloud abstraction (RICE 8, eight person-months) in Later.
    fn seed() -> Vec<Item> {
        vec![
            item(
                1,
                "Faster CI pipelines",
                (200.0, Impact::High, 80.0, 2.0),
                Lane::Now,
            ),
            item(
                2,
                "Self-service databases",
                (80.0, Impact::Massive, 80.0, 3.0),
                Lane::Now,
            ),
            item(
                3,
                "Service mesh",
                (200.0, Impact::Medium, 50.0, 6.0),
                Lane::Next,
            ),
            item(
                4,
                "Custom Kubernetes operator",
                (20.0, Impact::High, 100.0, 4.0),
                Lane::Exploring,
            ),
            item(
                5,
                "Multi-cloud abstraction",
                (40.0, Impact::High, 80.0, 8.0),
                Lane::Later,
            ),
        ]
    }

    fn now_12() -> Capacities {
        let mut c = Capacities::default();
        c.set(Lane::Now, Some(12.0));
        c
    }

    fn titles(lane: &LanePlan) -> Vec<(&str, bool)> {
        lane.items
            .iter()
            .map(|i| (i.title.as_str(), i.slipping))
            .collect()
    }

    #[test]
    fn lanes_carry_their_dates_from_today() {
        let today = date("2026-11-26");
        let now = LaneWindow::of(Lane::Now, today);
        assert_eq!(now.label, "Q4 2026");
        assert_eq!(now.dates, Some((date("2026-10-01"), date("2026-12-31"))));
        assert_eq!(now.heading(), "Now · Q4 2026 (Oct 1 – Dec 31 2026)");
        let next = LaneWindow::of(Lane::Next, today);
        assert_eq!(next.label, "Q1 2027");
        assert_eq!(next.dates, Some((date("2027-01-01"), date("2027-03-31"))));
        let later = LaneWindow::of(Lane::Later, today);
        assert_eq!(later.label, "Q2–Q3 2027");
        assert_eq!(later.dates, Some((date("2027-04-01"), date("2027-09-30"))));
        let exploring = LaneWindow::of(Lane::Exploring, today);
        assert_eq!(exploring.dates, None);
        assert_eq!(exploring.heading(), "Exploring · no date");
        // When Next ends a half, Later is the next calendar half.
        assert_eq!(
            LaneWindow::of(Lane::Later, date("2027-02-10")).label,
            "H2 2027"
        );
        assert_eq!(
            LaneWindow::of(Lane::Later, date("2027-08-01")).label,
            "H1 2028"
        );
        assert_eq!(
            LaneWindow::of(Lane::Later, date("2027-05-01")).label,
            "Q4 2027 – Q1 2028"
        );
        // Leap years and quarter ends.
        assert_eq!(
            Quarter::of(date("2028-02-29")).last_day(),
            date("2028-03-31")
        );
        assert_eq!(Quarter::of(date("2026-12-31")).to_string(), "Q4 2026");
        assert_eq!(Quarter::of(date("2027-01-01")).to_string(), "Q1 2027");
    }

    #[test]
    fn now_at_twelve_person_months_fits_ci_and_databases() {
        let plan = plan(&seed(), &now_12(), date("2026-11-26"));
        let now = plan.lane(Lane::Now).unwrap();
        assert_eq!(
            titles(now),
            [
                ("Faster CI pipelines", false),
                ("Self-service databases", false)
            ]
        );
        assert_eq!(now.load_text(), "5 / 12 pm");
        assert_eq!(plan.lane(Lane::Next).unwrap().load_text(), "6 pm");
    }

    #[test]
    fn a_pinned_eight_month_item_pushes_databases_out_of_now() {
        let today = date("2026-11-26");
        let before = plan(&seed(), &now_12(), today);
        let mut items = seed();
        items[4].lane = Lane::Now;
        items[4].roadmap.pin = Some("strategic: VP Eng".into());
        let after = plan(&items, &now_12(), today);
        let now = after.lane(Lane::Now).unwrap();
        assert_eq!(
            titles(now),
            [
                ("Multi-cloud abstraction", false),
                ("Faster CI pipelines", false),
                ("Self-service databases", true),
            ]
        );
        assert_eq!(now.load_text(), "13 / 12 pm");
        let effect = consequence(&before, &after, "id-5");
        assert_eq!(
            effect.delayed,
            [Shift {
                lane: Lane::Now,
                title: "Self-service databases".into(),
                score: 64.0
            }]
        );
        assert_eq!(
            describe_consequence(
                Force::Pin,
                "Multi-cloud abstraction",
                8.0,
                &after,
                "id-5",
                &effect
            ),
            "Pinning Multi-cloud abstraction (8.0) pushes Self-service databases (64.0) past Now's capacity"
        );
        // Unpinning it puts it behind by RICE: it is the one that slips,
        // and the databases are back in.
        items[4].roadmap.pin = None;
        let unpinned = plan(&items, &now_12(), today);
        let effect = consequence(&after, &unpinned, "id-5");
        assert_eq!(
            titles(unpinned.lane(Lane::Now).unwrap()),
            [
                ("Faster CI pipelines", false),
                ("Self-service databases", false),
                ("Multi-cloud abstraction", true),
            ]
        );
        assert_eq!(
            describe_consequence(
                Force::Unpin,
                "Multi-cloud abstraction",
                8.0,
                &unpinned,
                "id-5",
                &effect
            ),
            "Unpinning Multi-cloud abstraction (8.0) lets Self-service databases (64.0) back into Now \
             and it does not fit in Now's capacity itself"
        );
        // Moved in without a pin, it is last by RICE and only it slips.
        let mut moved = seed();
        moved[4].lane = Lane::Now;
        let after_move = plan(&moved, &now_12(), today);
        let effect = consequence(&before, &after_move, "id-5");
        assert_eq!(
            describe_consequence(
                Force::Move(Lane::Now),
                "Multi-cloud abstraction",
                8.0,
                &after_move,
                "id-5",
                &effect
            ),
            "Moving Multi-cloud abstraction (8.0) to Now: it does not fit in Now's capacity (13 / 12 pm)"
        );
    }

    #[test]
    fn slipping_keeps_rice_order_and_ties_go_by_creation() {
        let mut items = seed();
        items.push(item(
            6,
            "Tiny fix",
            (1.0, Impact::Minimal, 50.0, 0.5),
            Lane::Now,
        ));
        items.push(item(
            7,
            "Twin of CI",
            (200.0, Impact::High, 80.0, 2.0),
            Lane::Now,
        ));
        let mut caps = Capacities::default();
        caps.set(Lane::Now, Some(4.0));
        let plan = plan(&items, &caps, date("2026-11-26"));
        // CI (2) and its twin (2, created later) fill 4; databases do not
        // fit, and the tiny fix behind them slips too rather than jump ahead.
        assert_eq!(
            titles(plan.lane(Lane::Now).unwrap()),
            [
                ("Faster CI pipelines", false),
                ("Twin of CI", false),
                ("Self-service databases", true),
                ("Tiny fix", true),
            ]
        );
    }

    #[test]
    fn moving_into_a_lane_with_room_delays_nothing() {
        let today = date("2026-11-26");
        let mut caps = now_12();
        caps.set(Lane::Next, Some(20.0));
        let before = plan(&seed(), &caps, today);
        let mut items = seed();
        items[3].lane = Lane::Next;
        let after = plan(&items, &caps, today);
        let effect = consequence(&before, &after, "id-4");
        assert_eq!(
            describe_consequence(
                Force::Move(Lane::Next),
                "Custom Kubernetes operator",
                10.0,
                &after,
                "id-4",
                &effect
            ),
            "Moving Custom Kubernetes operator (10.0) to Next delays nothing: Next holds 10 / 20 pm"
        );
    }

    #[test]
    fn killing_an_item_says_what_it_lets_back_in() {
        let today = date("2026-11-26");
        let mut items = seed();
        items[4].lane = Lane::Now;
        let before = plan(&items, &now_12(), today);
        items[1].lane = Lane::Killed;
        let after = plan(&items, &now_12(), today);
        let effect = consequence(&before, &after, "id-2");
        assert_eq!(
            describe_consequence(
                Force::Move(Lane::Killed),
                "Self-service databases",
                64.0,
                &after,
                "id-2",
                &effect
            ),
            "Killing Self-service databases (64.0) lets Multi-cloud abstraction (8.0) back into Now"
        );
    }

    #[test]
    fn several_delays_are_listed_with_their_scores() {
        let today = date("2026-11-26");
        let mut caps = Capacities::default();
        caps.set(Lane::Now, Some(5.5));
        let mut items = seed();
        items.push(item(
            6,
            "Docs refresh",
            (5.0, Impact::Low, 100.0, 0.5),
            Lane::Now,
        ));
        let before = plan(&items, &caps, today);
        items[4].lane = Lane::Now;
        items[4].roadmap.pin = Some("VP".into());
        let after = plan(&items, &caps, today);
        let effect = consequence(&before, &after, "id-5");
        assert_eq!(effect.delayed.len(), 3);
        let text = describe_consequence(
            Force::Pin,
            "Multi-cloud abstraction",
            8.0,
            &after,
            "id-5",
            &effect,
        );
        assert!(
            text.starts_with(
                "Pinning Multi-cloud abstraction (8.0) pushes Faster CI pipelines (160.0), \
                 Self-service databases (64.0) and Docs refresh (5.0) past Now's capacity \
                 and it does not fit in Now's capacity itself"
            ),
            "{text}"
        );
    }

    #[test]
    fn reviews_past_their_date_are_flagged() {
        let mut items = seed();
        items[2].roadmap.success = Some(SuccessCriteria {
            text: "3 teams adopted within 30 days".into(),
            review_by: date("2026-11-25"),
        });
        items[0].roadmap.success = Some(SuccessCriteria {
            text: "CI under 5 minutes".into(),
            review_by: date("2026-11-26"),
        });
        let plan = plan(&items, &Capacities::default(), date("2026-11-26"));
        let overdue: Vec<&str> = plan.overdue().map(|(_, i)| i.title.as_str()).collect();
        assert_eq!(overdue, ["Service mesh"]);
    }

    #[test]
    fn sources_capacities_and_dates_parse_or_say_what_is_allowed() {
        assert_eq!(Source::parse("Team-Idea").unwrap(), Source::TeamIdea);
        assert_eq!(Source::parse("users").unwrap(), Source::Users);
        let err = Source::parse("vibes").unwrap_err();
        assert_eq!(err.field, "source");
        assert!(
            err.message
                .contains("users, research, data, team idea, leadership")
        );
        assert_eq!(parse_capacity("12").unwrap(), Some(12.0));
        assert_eq!(parse_capacity("0.5").unwrap(), Some(0.5));
        assert_eq!(parse_capacity("none").unwrap(), None);
        for bad in ["-1", "1e3", "10001", "", "inf", "NaN", "1.2.3"] {
            assert_eq!(parse_capacity(bad).unwrap_err().field, "capacity", "{bad}");
        }
        assert_eq!(parse_review_date("2027-01-15").unwrap(), date("2027-01-15"));
        for bad in ["2027-02-30", "15/01/2027", "2027-1-5", "tomorrow"] {
            assert_eq!(
                parse_review_date(bad).unwrap_err().field,
                "review-by",
                "{bad}"
            );
        }
        assert!(parse_pin_reason("  ").is_err());
        assert_eq!(
            parse_pin_reason("strategic:\nVP Eng").unwrap(),
            "strategic: VP Eng"
        );
        assert_eq!(parse_roadmap_lane("inbox").unwrap_err().field, "lane");
    }

    #[test]
    fn roadmap_patch_keeps_criteria_and_date_together() {
        let old = ItemRoadmap::default();
        let date_only = RoadmapPatch {
            review_by: Some(date("2027-01-15")),
            ..Default::default()
        };
        assert_eq!(date_only.apply(&old).unwrap_err().field, "success");
        let text_only = RoadmapPatch {
            success: Some("5 teams".into()),
            ..Default::default()
        };
        assert_eq!(text_only.apply(&old).unwrap_err().field, "review-by");
        let both = RoadmapPatch {
            success: Some("5 teams".into()),
            review_by: Some(date("2027-01-15")),
            pin: Some(Some("VP".into())),
            source: Some(Some(Source::Leadership)),
        };
        let set = both.apply(&old).unwrap();
        assert_eq!(
            describe_roadmap_change(&old, &set),
            [
                "source — → leadership",
                "success criteria set, review by 2027-01-15",
                "pinned: VP"
            ]
        );
        // Keeping with a new date changes only the date.
        let kept = date_only.apply(&set).unwrap();
        assert!(describe_roadmap_change(&set, &kept).is_empty());
        let later = RoadmapPatch {
            review_by: Some(date("2027-03-01")),
            ..Default::default()
        }
        .apply(&set)
        .unwrap();
        assert_eq!(
            describe_roadmap_change(&set, &later),
            ["review by 2027-01-15 → 2027-03-01"]
        );
        let cleared = RoadmapPatch {
            success: Some(String::new()),
            pin: Some(None),
            ..Default::default()
        }
        .apply(&later)
        .unwrap();
        assert_eq!(cleared.success, None);
        assert_eq!(
            describe_roadmap_change(&later, &cleared),
            ["success criteria removed", "unpinned"]
        );
    }
}
