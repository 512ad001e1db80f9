//! Backlog items: their fields and rules, the ranking, and the filter.

use super::error::InputError;
use super::rice::{Confidence, Effort, Impact, Reach, Rice};
use super::roadmap::ItemRoadmap;
use std::cmp::Ordering;
use std::fmt;

/// Where an item sits on the roadmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    Inbox,
    Now,
    Next,
    Later,
    Exploring,
    Done,
    Killed,
}

impl Lane {
    pub const FIELD: &'static str = "lane";
    pub const ALL: [Lane; 7] = [
        Lane::Inbox,
        Lane::Now,
        Lane::Next,
        Lane::Later,
        Lane::Exploring,
        Lane::Done,
        Lane::Killed,
    ];
    pub const ALLOWED: &'static str = "inbox, now, next, later, exploring, done, killed";

    pub fn name(self) -> &'static str {
        match self {
            Lane::Inbox => "inbox",
            Lane::Now => "now",
            Lane::Next => "next",
            Lane::Later => "later",
            Lane::Exploring => "exploring",
            Lane::Done => "done",
            Lane::Killed => "killed",
        }
    }

    /// Done and killed items leave the ranking unless asked for.
    pub fn is_closed(self) -> bool {
        matches!(self, Lane::Done | Lane::Killed)
    }

    pub fn parse(text: &str) -> Result<Self, InputError> {
        let t = text.trim();
        Self::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                InputError::new(
                    Self::FIELD,
                    format!("must be one of {}, got '{t}'", Self::ALLOWED),
                )
            })
    }
}

impl fmt::Display for Lane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An item's title: 1–200 characters after trimming, any Unicode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub const FIELD: &'static str = "title";
    pub const MAX_CHARS: usize = 200;

    pub fn parse(text: &str) -> Result<Self, InputError> {
        let t = text.trim();
        let chars = t.chars().count();
        if chars == 0 {
            return Err(InputError::new(
                Self::FIELD,
                "must not be empty (1–200 characters)",
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(InputError::new(
                Self::FIELD,
                format!("must be at most 200 characters, got {chars}"),
            ));
        }
        if t.chars().any(char::is_control) {
            return Err(InputError::new(
                Self::FIELD,
                "must be one line without control characters",
            ));
        }
        Ok(Self(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Tags: short words, lower-cased, without spaces.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tags(Vec<String>);

impl Tags {
    pub const FIELD: &'static str = "tags";
    pub const MAX_CHARS: usize = 32;

    /// Parses tags separated by spaces, commas or semicolons.
    pub fn parse(text: &str) -> Result<Self, InputError> {
        Self::from_words(text.split([' ', ',', ';']).filter(|w| !w.trim().is_empty()))
    }

    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Result<Self, InputError> {
        let mut tags: Vec<String> = Vec::new();
        for word in words {
            let tag = word.trim().trim_start_matches('#').to_lowercase();
            let ok = !tag.is_empty()
                && tag.chars().count() <= Self::MAX_CHARS
                && tag
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
            if !ok {
                return Err(InputError::new(
                    Self::FIELD,
                    format!(
                        "each tag is one short word (up to 32 letters, digits, - _ . /), got '{}'",
                        word.trim()
                    ),
                ));
            }
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        Ok(Self(tags))
    }

    /// Tags as the store keeps them (space-separated, already checked).
    pub fn from_stored(text: &str) -> Self {
        Self(
            text.split(' ')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    pub fn contains(&self, tag: &str) -> bool {
        self.0.iter().any(|t| t == tag)
    }

    /// Space-separated, the way the store keeps them.
    pub fn joined(&self, separator: &str) -> String {
        self.0.join(separator)
    }
}

/// Why an item was killed: required when the lane becomes killed.
pub fn parse_kill_reason(text: &str) -> Result<String, InputError> {
    let t = super::tracker::line_breaks_as_lf(text.trim());
    if t.is_empty() {
        Err(InputError::new(
            "reason",
            "a kill reason is required: say why this is not worth building",
        ))
    } else {
        Ok(t)
    }
}

/// A description as typed: kept as it is, its line breaks (CR, CRLF or LF)
/// as LF, the way every way in (the CLI, an import, the editor) keeps it.
pub fn parse_description(text: &str) -> String {
    super::tracker::line_breaks_as_lf(text)
}

/// What a user gives to create an item.
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    pub title: Title,
    pub description: String,
    pub rice: Rice,
    pub lane: Lane,
    pub tags: Tags,
    pub kill_reason: Option<String>,
}

impl NewItem {
    /// Checks the rule that ties lane and kill reason together.
    pub fn validate(&self) -> Result<(), InputError> {
        if self.lane == Lane::Killed && self.kill_reason.is_none() {
            return Err(InputError::new(
                Lane::FIELD,
                "an item can only be killed with a reason",
            ));
        }
        Ok(())
    }
}

/// A stored backlog item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The store's row number: creation order, the tie-breaker of the ranking.
    pub seq: i64,
    pub id: String,
    pub title: String,
    pub description: String,
    pub rice: Rice,
    pub lane: Lane,
    pub tags: Tags,
    pub kill_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Its issue in Jira or GitHub, when it came from one.
    pub tracker: Option<super::tracker::TrackerLink>,
    /// Source, success criteria, goal path and pin.
    pub roadmap: ItemRoadmap,
}

impl Item {
    pub fn score(&self) -> f64 {
        self.rice.score()
    }

    /// The first eight characters of the id, enough to name it on the CLI.
    pub fn short_id(&self) -> &str {
        self.id.get(..8).unwrap_or(&self.id)
    }
}

/// A change to some fields of an item; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemPatch {
    pub title: Option<Title>,
    pub description: Option<String>,
    pub reach: Option<Reach>,
    pub impact: Option<Impact>,
    pub confidence: Option<Confidence>,
    pub effort: Option<Effort>,
    pub lane: Option<Lane>,
    pub tags: Option<Tags>,
    pub kill_reason: Option<String>,
}

impl ItemPatch {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The item as it would be after the patch, or why the patch is refused.
    pub fn apply(&self, item: &Item) -> Result<Item, InputError> {
        let mut next = item.clone();
        if let Some(title) = &self.title {
            next.title = title.as_str().to_string();
        }
        if let Some(description) = &self.description {
            next.description = description.clone();
        }
        if let Some(reach) = self.reach {
            next.rice.reach = reach;
        }
        if let Some(impact) = self.impact {
            next.rice.impact = impact;
        }
        if let Some(confidence) = self.confidence {
            next.rice.confidence = confidence;
        }
        if let Some(effort) = self.effort {
            next.rice.effort = effort;
        }
        if let Some(tags) = &self.tags {
            next.tags = tags.clone();
        }
        if let Some(lane) = self.lane {
            next.lane = lane;
            if lane != Lane::Killed {
                next.kill_reason = None;
            }
        }
        if let Some(reason) = &self.kill_reason {
            next.kill_reason = Some(reason.clone());
        }
        if next.lane == Lane::Killed && next.kill_reason.is_none() {
            return Err(InputError::new(
                Lane::FIELD,
                "an item can only be killed with a reason (use kill)",
            ));
        }
        Ok(next)
    }
}

/// What changed in the score factors, in words: `impact 1 → 2, effort 3 → 2`.
pub fn describe_rice_change(old: &Rice, new: &Rice) -> String {
    let mut parts = Vec::new();
    if old.reach != new.reach {
        parts.push(format!("reach {} → {}", old.reach, new.reach));
    }
    if old.impact != new.impact {
        parts.push(format!("impact {} → {}", old.impact, new.impact));
    }
    if old.confidence != new.confidence {
        parts.push(format!(
            "confidence {} → {}",
            old.confidence, new.confidence
        ));
    }
    if old.effort != new.effort {
        parts.push(format!("effort {} → {}", old.effort, new.effort));
    }
    parts.join(", ")
}

/// One entry of an item's score history.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreChange {
    /// `None` for the score an item was created with.
    pub old_score: Option<f64>,
    pub new_score: f64,
    pub change: String,
    pub changed_at: String,
}

/// The ranking order: score descending, ties by creation order.
pub fn ranking_order(a: &Item, b: &Item) -> Ordering {
    b.score()
        .total_cmp(&a.score())
        .then_with(|| a.seq.cmp(&b.seq))
}

/// The positions of `(score, seq)` keys in ranking order: score
/// descending, ties by creation order.
pub fn rank_order(keys: &[(f64, i64)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        keys[b]
            .0
            .total_cmp(&keys[a].0)
            .then(keys[a].1.cmp(&keys[b].1))
    });
    order
}

/// Sorts items into the ranking. Scores are computed once per item, not
/// once per comparison: this runs over the whole backlog at start.
pub fn rank(items: &mut [Item]) {
    // Sort small keys, then move each item into place once: items are
    // large, and sorting them directly moves each many times.
    let keys: Vec<(f64, i64)> = items.iter().map(|item| (item.score(), item.seq)).collect();
    let mut order = rank_order(&keys);
    // Apply the permutation in place, cycle by cycle: position j receives
    // the item that was at order[j].
    for start in 0..order.len() {
        let mut j = start;
        loop {
            let from = order[j];
            order[j] = j;
            if from == start || from == j {
                break;
            }
            items.swap(j, from);
            j = from;
        }
    }
}

/// A filter as typed after `/`: words match the title or the description,
/// and `lane:now` or `tag:ci` narrow by lane and tag. All terms must match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    words: Vec<String>,
    lanes: Vec<Lane>,
    tags: Vec<String>,
}

impl Filter {
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let mut filter = Filter::default();
        for term in text.split_whitespace() {
            let lower = term.to_lowercase();
            if let Some(lane) = lower.strip_prefix("lane:") {
                let lane = Lane::parse(lane).map_err(|e| InputError::new("filter", e.message))?;
                filter.lanes.push(lane);
            } else if let Some(tag) = lower.strip_prefix("tag:") {
                filter.tags.push(tag.trim_start_matches('#').to_string());
            } else {
                filter.words.push(lower);
            }
        }
        Ok(filter)
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.lanes.is_empty() && self.tags.is_empty()
    }

    /// Whether the filter names a lane: then closed lanes it names are shown.
    pub fn names_lane(&self, lane: Lane) -> bool {
        self.lanes.contains(&lane)
    }

    /// The words (lower-cased) the filter looks for in titles and descriptions.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The tags (lower-cased) the filter asks for.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// The lanes the list shows: those the filter names, else the open ones
    /// (every lane with `show_closed`).
    pub fn listed_lanes(&self, show_closed: bool) -> Vec<Lane> {
        if !self.lanes.is_empty() {
            let mut lanes = Vec::new();
            for lane in &self.lanes {
                if !lanes.contains(lane) {
                    lanes.push(*lane);
                }
            }
            lanes
        } else if show_closed {
            Lane::ALL.to_vec()
        } else {
            Lane::ALL.into_iter().filter(|l| !l.is_closed()).collect()
        }
    }

    /// The filter's words as the word index reads them: each split into
    /// its runs of letters and digits, lower-cased (`self-service` is
    /// `self` and `service`). A word of punctuation alone looks for nothing.
    pub fn word_parts(&self) -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        for word in &self.words {
            for part in word.split(|c: char| !c.is_alphanumeric()) {
                if !part.is_empty() && !parts.iter().any(|p| p == part) {
                    parts.push(part.to_string());
                }
            }
        }
        parts
    }

    /// Whether every part of `parts` (from [`Filter::word_parts`]) begins a
    /// word of the title or the description, ignoring case: how the
    /// backlog's word index (SQLite FTS5, prefix queries) matches.
    pub fn words_begin_words(parts: &[String], title: &str, description: &str) -> bool {
        parts
            .iter()
            .all(|p| begins_a_word(title, p) || begins_a_word(description, p))
    }

    /// Whether every word is in the title or the description.
    pub fn matches_text(&self, title: &str, description: &str) -> bool {
        self.words
            .iter()
            .all(|w| contains_ignore_case(title, w) || contains_ignore_case(description, w))
    }

    /// Whether the item's lane and tags pass the filter's lane and tag terms.
    pub fn matches_lane_and_tags(&self, item: &Item) -> bool {
        (self.lanes.is_empty() || self.lanes.contains(&item.lane))
            && self.tags.iter().all(|t| item.tags.contains(t))
    }

    /// Whether the item passes every term. Lists loaded without their
    /// descriptions (`Store::ranking_items`) match words against
    /// `Store::items_matching_words` instead.
    pub fn matches(&self, item: &Item) -> bool {
        self.matches_lane_and_tags(item) && self.matches_text(&item.title, &item.description)
    }
}

/// Whether some word (run of letters and digits) of `text` starts with
/// `lower_prefix`, ignoring case.
fn begins_a_word(text: &str, lower_prefix: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .any(|word| {
            if word.is_ascii() && lower_prefix.is_ascii() {
                word.len() >= lower_prefix.len()
                    && word.as_bytes()[..lower_prefix.len()]
                        .eq_ignore_ascii_case(lower_prefix.as_bytes())
            } else {
                word.to_lowercase().starts_with(lower_prefix)
            }
        })
}

fn contains_ignore_case(haystack: &str, lower_needle: &str) -> bool {
    if haystack.is_ascii() && lower_needle.is_ascii() {
        haystack
            .as_bytes()
            .windows(lower_needle.len().max(1))
            .any(|w| w.eq_ignore_ascii_case(lower_needle.as_bytes()))
    } else {
        haystack.to_lowercase().contains(lower_needle)
    }
}

/// Whether an item belongs in a view that shows closed items or not.
pub fn is_listed(item: &Item, show_closed: bool, filter: &Filter) -> bool {
    (show_closed || !item.lane.is_closed() || filter.names_lane(item.lane)) && filter.matches(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(seq: i64, title: &str, reach: f64, lane: Lane, tags: &str) -> Item {
        Item {
            seq,
            id: format!("id-{seq}"),
            title: title.into(),
            description: String::new(),
            rice: Rice {
                reach: Reach::new(reach).unwrap(),
                impact: Impact::Medium,
                confidence: Confidence::HIGH,
                effort: Effort::new(1.0).unwrap(),
            },
            lane,
            tags: Tags::parse(tags).unwrap(),
            kill_reason: (lane == Lane::Killed).then(|| "no".into()),
            created_at: String::new(),
            updated_at: String::new(),
            tracker: None,
            roadmap: ItemRoadmap::default(),
        }
    }

    #[test]
    fn ranking_is_score_descending_then_creation_order() {
        let mut items = vec![
            item(1, "a", 10.0, Lane::Now, ""),
            item(2, "b", 30.0, Lane::Now, ""),
            item(3, "c", 10.0, Lane::Now, ""),
            item(4, "d", 20.0, Lane::Now, ""),
        ];
        rank(&mut items);
        let order: Vec<_> = items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(order, ["b", "d", "a", "c"]);
    }

    #[test]
    fn title_rules() {
        assert_eq!(Title::parse("  Faster CI  ").unwrap().as_str(), "Faster CI");
        assert!(Title::parse("日本語のタイトル 🚀").is_ok());
        assert_eq!(Title::parse("   ").unwrap_err().field, "title");
        assert!(Title::parse(&"é".repeat(200)).is_ok());
        let err = Title::parse(&"é".repeat(201)).unwrap_err();
        assert!(err.message.contains("at most 200"), "{err}");
        assert!(Title::parse("a\nb").is_err());
        assert!(Title::parse("a\u{1b}[31mb").is_err());
    }

    #[test]
    fn lane_and_tags_parse() {
        assert_eq!(Lane::parse("Now").unwrap(), Lane::Now);
        let err = Lane::parse("soon").unwrap_err();
        assert!(err.message.contains("inbox, now, next"), "{err}");
        let tags = Tags::parse("CI, #infra;ci  dx").unwrap();
        assert_eq!(tags.as_slice(), ["ci", "infra", "dx"]);
        assert_eq!(Tags::parse(&"x".repeat(33)).unwrap_err().field, "tags");
        assert!(Tags::parse("a=b").is_err());
    }

    #[test]
    fn kill_needs_a_reason() {
        let it = item(1, "a", 1.0, Lane::Now, "");
        let patch = ItemPatch {
            lane: Some(Lane::Killed),
            ..Default::default()
        };
        assert_eq!(patch.apply(&it).unwrap_err().field, "lane");
        let patch = ItemPatch {
            lane: Some(Lane::Killed),
            kill_reason: Some("too niche".into()),
            ..Default::default()
        };
        assert_eq!(patch.apply(&it).unwrap().lane, Lane::Killed);
        assert!(parse_kill_reason("  ").is_err());
    }

    #[test]
    fn leaving_killed_clears_the_reason() {
        let it = item(1, "a", 1.0, Lane::Killed, "");
        let patch = ItemPatch {
            lane: Some(Lane::Later),
            ..Default::default()
        };
        assert_eq!(patch.apply(&it).unwrap().kill_reason, None);
    }

    #[test]
    fn filter_words_lanes_tags() {
        let ci = item(1, "Faster CI pipelines", 1.0, Lane::Now, "ci");
        let db = item(2, "Self-service databases", 1.0, Lane::Next, "db");
        let done = item(3, "Old CI thing", 1.0, Lane::Done, "ci");
        let f = Filter::parse("ci").unwrap();
        assert!(f.matches(&ci) && !f.matches(&db));
        let f = Filter::parse("lane:next").unwrap();
        assert!(!f.matches(&ci) && f.matches(&db));
        let f = Filter::parse("tag:ci faster").unwrap();
        assert!(f.matches(&ci) && !f.matches(&done));
        assert!(!is_listed(&done, false, &Filter::default()));
        assert!(is_listed(&done, true, &Filter::default()));
        assert!(is_listed(
            &done,
            false,
            &Filter::parse("lane:done").unwrap()
        ));
        assert_eq!(Filter::parse("lane:soon").unwrap_err().field, "filter");
        let f = Filter::parse("SERVICE").unwrap();
        assert!(f.matches(&db));
        // Words match the description too, each in either field.
        let mut described = item(4, "Golden path", 1.0, Lane::Now, "");
        described.description = "Templates for a new Service, with CI".into();
        let f = Filter::parse("golden ci").unwrap();
        assert!(f.matches(&described));
        assert!(Filter::parse("templates").unwrap().matches(&described));
        assert!(!Filter::parse("kubernetes").unwrap().matches(&described));
    }

    #[test]
    fn rice_change_in_words() {
        let a = item(1, "a", 1.0, Lane::Now, "").rice;
        let mut b = a;
        b.impact = Impact::High;
        assert_eq!(describe_rice_change(&a, &b), "impact 1 → 2");
    }
}
