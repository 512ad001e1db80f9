//! Items that come from a file — fieldkit's own CSV, a Jira export, a
//! `gh issue list` — and the rule that turns each into a new item or into a
//! change of only the fields that differ from the item it names.

use super::InputError;
use super::backlog::{Item, ItemPatch, Lane, NewItem, Tags, Title};
use super::rice::{Confidence, Effort, Impact, Reach, Rice};
use std::fmt;

/// The reason an item gets when Jira closed it as Won't Do.
pub const JIRA_WONT_DO: &str = "closed in Jira: Won't Do";

/// The RICE values a new item takes when the file gives none: the add
/// form's defaults (reach 0, impact 1, confidence 50%, effort 1), so an
/// unscored item ranks last until someone scores it.
pub fn default_rice() -> Rice {
    Rice {
        reach: Reach::ZERO,
        impact: Impact::Medium,
        confidence: Confidence::LOW,
        effort: Effort::ONE,
    }
}

/// The namespace of the ids derived from tracker keys (a fixed random UUID).
const TRACKER_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x5d2c_9a41_7b3e_4f0a_9c61_2e8d_4b7f_a913);

/// Where an item lives in an issue tracker: its key (`PLAT-142`,
/// `acme/platform#7`) and, when known, the page that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackerLink {
    pub key: String,
    pub url: Option<String>,
}

impl TrackerLink {
    pub const KEY_MAX_CHARS: usize = 100;

    /// A key: one line of at most 100 characters, no spaces.
    pub fn parse_key(text: &str) -> Result<String, InputError> {
        let t = text.trim();
        let ok = !t.is_empty()
            && t.chars().count() <= Self::KEY_MAX_CHARS
            && !t.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(t.to_string())
        } else {
            Err(InputError::new(
                "key",
                format!("must be one word of 1–100 characters (like PLAT-142), got '{t}'"),
            ))
        }
    }

    /// A URL: http or https, one line without spaces.
    pub fn parse_url(text: &str) -> Result<String, InputError> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
            && t.len() <= 2000
            && !t.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(t.to_string())
        } else {
            Err(InputError::new(
                "url",
                format!("must be an http:// or https:// address without spaces, got '{t}'"),
            ))
        }
    }

    /// Whether the key has Jira's shape: a project key, a dash, a number.
    pub fn is_jira_key(key: &str) -> bool {
        let Some((project, number)) = key.rsplit_once('-') else {
            return false;
        };
        let mut chars = project.chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            && !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit())
    }

    /// The id of a new item imported with this key: derived from the key
    /// (a name-based UUID), so two laptops that import the same export
    /// create the same item, and team sync sees one record, not two.
    pub fn item_id(key: &str) -> String {
        uuid::Uuid::new_v5(&TRACKER_NAMESPACE, key.as_bytes()).to_string()
    }

    /// Jira's browse page of an issue under a site's base URL.
    pub fn jira_browse_url(base: &str, key: &str) -> String {
        format!("{}/browse/{key}", base.trim_end_matches('/'))
    }
}

/// The base URL of a Jira site as given to `--jira-url`.
pub fn parse_jira_url(text: &str) -> Result<String, InputError> {
    TrackerLink::parse_url(text)
        .map(|u| u.trim_end_matches('/').to_string())
        .map_err(|e| InputError::new("--jira-url", e.message))
}

/// A tracker label as a tag: lower case, and each run of characters a tag
/// cannot hold (spaces, `:`, `+`…) becomes one `-`, so GitHub's
/// "good first issue" is `good-first-issue` and "type: bug" `type-bug`.
/// Cut at 32 characters; `None` for a label with no letter or digit.
pub fn label_to_tag(label: &str) -> Option<String> {
    let mut tag = String::new();
    for c in label.trim().trim_start_matches('#').chars() {
        let c = c.to_lowercase().next().unwrap_or(c);
        if c.is_alphanumeric() || matches!(c, '_' | '.' | '/') {
            tag.push(c);
        } else if !tag.is_empty() && !tag.ends_with('-') {
            tag.push('-');
        }
    }
    let tag: String = tag.chars().take(Tags::MAX_CHARS).collect();
    let tag = tag.trim_end_matches('-').to_string();
    tag.chars().any(char::is_alphanumeric).then_some(tag)
}

/// Where a row came from in its file, so an error can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A CSV line (1-based, the header is line 1).
    Line(u64),
    /// A JSON pointer, such as `/3` for the fourth issue.
    Pointer(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Line(line) => write!(f, "line {line}"),
            Origin::Pointer(pointer) => write!(f, "{pointer}"),
        }
    }
}

impl Origin {
    /// `error` located at this row (the first column for a CSV line).
    pub fn error(&self, field: &str, message: impl Into<String>) -> InputError {
        let e = InputError::new(field, message);
        match self {
            Origin::Line(line) => e.at(*line, 1),
            Origin::Pointer(pointer) => InputError::new(format!("{pointer}: {field}"), e.message),
        }
    }
}

/// What a file says about an item's lane.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// fieldkit's own CSV names the lane, and the reason when it is killed.
    Lane(Lane, Option<String>),
    /// Open in the tracker: a new item lands in inbox, an item the tracker
    /// had closed (done, or killed as Won't Do) goes back to inbox, any
    /// other keeps the lane it was given in fieldkit.
    TrackerOpen,
    /// Done in the tracker.
    TrackerDone,
    /// Closed as won't do: killed with this reason, unless already killed
    /// (then its own reason stays).
    TrackerWontDo(String),
}

/// What a file says about an item's tags.
#[derive(Debug, Clone, PartialEq)]
pub enum TagUpdate {
    /// fieldkit's own CSV: exactly these.
    Exact(Tags),
    /// A tracker's labels: added to the item's tags, never removing the
    /// ones given in fieldkit.
    Labels(Tags),
}

/// Line breaks as fieldkit keeps them: CRLF and CR become LF.
pub fn line_breaks_as_lf(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// One row of an import. `None` means the file does not say: a new item
/// takes the default, an existing one keeps what it has.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub origin: Origin,
    /// The fieldkit id the row names (a full UUID).
    pub id: Option<String>,
    pub tracker: Option<TrackerLink>,
    pub title: Title,
    pub description: Option<String>,
    pub reach: Option<Reach>,
    pub impact: Option<Impact>,
    pub confidence: Option<Confidence>,
    pub effort: Option<Effort>,
    pub placement: Option<Placement>,
    pub tags: Option<TagUpdate>,
    /// Why the item is on the backlog (fieldkit's CSV only).
    pub source: Option<super::roadmap::Source>,
}

impl Incoming {
    /// A row with a title and nothing else said.
    pub fn new(origin: Origin, title: Title) -> Self {
        Self {
            origin,
            id: None,
            tracker: None,
            title,
            description: None,
            reach: None,
            impact: None,
            confidence: None,
            effort: None,
            placement: None,
            tags: None,
            source: None,
        }
    }

    /// The item this row creates when nothing matches it.
    pub fn new_item(&self) -> NewItem {
        let defaults = default_rice();
        let (lane, kill_reason) = match &self.placement {
            None | Some(Placement::TrackerOpen) => (Lane::Inbox, None),
            Some(Placement::TrackerDone) => (Lane::Done, None),
            Some(Placement::TrackerWontDo(reason)) => (Lane::Killed, Some(reason.clone())),
            Some(Placement::Lane(lane, reason)) => (
                *lane,
                (*lane == Lane::Killed).then(|| reason.clone()).flatten(),
            ),
        };
        NewItem {
            title: self.title.clone(),
            description: self.description.clone().unwrap_or_default(),
            rice: Rice {
                reach: self.reach.unwrap_or(defaults.reach),
                impact: self.impact.unwrap_or(defaults.impact),
                confidence: self.confidence.unwrap_or(defaults.confidence),
                effort: self.effort.unwrap_or(defaults.effort),
            },
            lane,
            tags: match &self.tags {
                Some(TagUpdate::Exact(tags) | TagUpdate::Labels(tags)) => tags.clone(),
                None => Tags::default(),
            },
            kill_reason,
        }
    }

    /// The change this row makes to `item`: only the fields that differ,
    /// so an empty patch means the row changes nothing.
    pub fn patch_for(&self, item: &Item) -> ItemPatch {
        fn differs<T: PartialEq + Clone>(new: Option<&T>, old: &T) -> Option<T> {
            new.filter(|n| *n != old).cloned()
        }
        let rice = &item.rice;
        let mut patch = ItemPatch {
            title: (self.title.as_str() != item.title).then(|| self.title.clone()),
            description: differs(self.description.as_ref(), &item.description),
            reach: differs(self.reach.as_ref(), &rice.reach),
            impact: differs(self.impact.as_ref(), &rice.impact),
            confidence: differs(self.confidence.as_ref(), &rice.confidence),
            effort: differs(self.effort.as_ref(), &rice.effort),
            lane: None,
            tags: match &self.tags {
                None => None,
                Some(TagUpdate::Exact(tags)) => differs(Some(tags), &item.tags),
                Some(TagUpdate::Labels(labels)) => {
                    let merged = Tags::from_stored(
                        &item
                            .tags
                            .as_slice()
                            .iter()
                            .chain(labels.as_slice())
                            .fold(Vec::<&str>::new(), |mut all, t| {
                                if !all.contains(&t.as_str()) {
                                    all.push(t);
                                }
                                all
                            })
                            .join(" "),
                    );
                    differs(Some(&merged), &item.tags)
                }
            },
            kill_reason: None,
        };
        let reopened = item.lane == Lane::Done
            || (item.lane == Lane::Killed && item.kill_reason.as_deref() == Some(JIRA_WONT_DO));
        let (lane, reason) = match &self.placement {
            None => (item.lane, None),
            Some(Placement::Lane(lane, reason)) => (*lane, reason.clone()),
            Some(Placement::TrackerOpen) if reopened => (Lane::Inbox, None),
            Some(Placement::TrackerOpen) => (item.lane, None),
            Some(Placement::TrackerDone) => (Lane::Done, None),
            Some(Placement::TrackerWontDo(_)) if item.lane == Lane::Killed => (item.lane, None),
            Some(Placement::TrackerWontDo(reason)) => (Lane::Killed, Some(reason.clone())),
        };
        if lane != item.lane {
            patch.lane = Some(lane);
        }
        if lane == Lane::Killed && reason.is_some() && reason != item.kill_reason {
            patch.kill_reason = reason;
        }
        patch
    }

    /// The tracker link the item has after this row: the row's key, and
    /// its URL or else the one already stored.
    pub fn link_for(&self, item: &Item) -> Option<TrackerLink> {
        match (&self.tracker, &item.tracker) {
            (None, old) => old.clone(),
            (Some(new), old) => Some(TrackerLink {
                key: new.key.clone(),
                url: new
                    .url
                    .clone()
                    .or_else(|| old.as_ref().and_then(|o| o.url.clone())),
            }),
        }
    }
}

/// Refuses a file that names the same id or tracker key twice: which of
/// the two rows should win is the user's call, not the import's.
pub fn check_unique(rows: &[Incoming]) -> Result<(), InputError> {
    let mut ids = std::collections::HashMap::new();
    let mut keys = std::collections::HashMap::new();
    for row in rows {
        if let Some(id) = &row.id
            && let Some(first) = ids.insert(id.as_str(), &row.origin)
        {
            return Err(row.origin.error(
                "id",
                format!("the id {id} appears twice (first at {first}): one row per item"),
            ));
        }
        if let Some(link) = &row.tracker
            && let Some(first) = keys.insert(link.key.as_str(), &row.origin)
        {
            return Err(row.origin.error(
                "key",
                format!(
                    "the key {} appears twice (first at {first}): one row per item",
                    link.key
                ),
            ));
        }
    }
    Ok(())
}

/// A fieldkit id in a file: a full UUID as fieldkit writes it.
pub fn parse_id(text: &str) -> Result<String, InputError> {
    let t = text.trim().to_ascii_lowercase();
    let ok = t.len() == 36
        && t.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    if ok {
        Ok(t)
    } else {
        Err(InputError::new(
            "id",
            format!(
                "must be a full fieldkit id (36 characters, as backlog list --format csv writes it) \
                 or empty for a new item, got '{}'",
                text.trim()
            ),
        ))
    }
}

/// How many rows an import added, updated and left as they were.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(lane: Lane, reason: Option<&str>) -> Item {
        let new = Incoming::new(Origin::Line(2), Title::parse("Faster CI").unwrap()).new_item();
        Item {
            seq: 1,
            id: "x".into(),
            title: new.title.as_str().into(),
            description: String::new(),
            rice: new.rice,
            lane,
            tags: Tags::default(),
            kill_reason: reason.map(str::to_string),
            created_at: String::new(),
            updated_at: String::new(),
            tracker: None,
            roadmap: Default::default(),
        }
    }

    fn row(placement: Placement) -> Incoming {
        Incoming {
            placement: Some(placement),
            ..Incoming::new(Origin::Line(2), Title::parse("Faster CI").unwrap())
        }
    }

    #[test]
    fn a_new_item_takes_the_forms_defaults() {
        let new = Incoming::new(Origin::Line(2), Title::parse("T").unwrap()).new_item();
        assert_eq!(new.rice.formula(), "(0 × 1 × 50%) ÷ 1 = 0.0");
        assert_eq!(new.lane, Lane::Inbox);
        let new = row(Placement::TrackerWontDo(JIRA_WONT_DO.into())).new_item();
        assert_eq!(new.lane, Lane::Killed);
        assert_eq!(new.kill_reason.as_deref(), Some(JIRA_WONT_DO));
    }

    #[test]
    fn only_what_differs_is_patched_and_unsaid_fields_stay() {
        let item = stored(Lane::Now, None);
        let same = Incoming::new(Origin::Line(2), Title::parse(" Faster CI ").unwrap());
        assert!(same.patch_for(&item).is_empty());
        let edited = Incoming {
            reach: Some(Reach::new(300.0).unwrap()),
            ..same.clone()
        };
        let patch = edited.patch_for(&item);
        assert_eq!(patch.reach, Some(Reach::new(300.0).unwrap()));
        assert_eq!(patch.impact, None);
        assert_eq!(patch.lane, None);
    }

    #[test]
    fn tracker_status_closes_and_reopens_but_never_moves_a_planned_item() {
        // Open in the tracker: a planned item keeps its lane.
        assert!(
            row(Placement::TrackerOpen)
                .patch_for(&stored(Lane::Now, None))
                .is_empty()
        );
        // A killed item with the PM's own reason stays killed.
        let killed = stored(Lane::Killed, Some("too niche"));
        assert!(row(Placement::TrackerOpen).patch_for(&killed).is_empty());
        assert!(
            row(Placement::TrackerWontDo(JIRA_WONT_DO.into()))
                .patch_for(&killed)
                .is_empty()
        );
        // Reopened in the tracker after Done or Won't Do: back to inbox.
        let patch = row(Placement::TrackerOpen).patch_for(&stored(Lane::Done, None));
        assert_eq!(patch.lane, Some(Lane::Inbox));
        let wont = stored(Lane::Killed, Some(JIRA_WONT_DO));
        assert_eq!(
            row(Placement::TrackerOpen).patch_for(&wont).lane,
            Some(Lane::Inbox)
        );
        let patch =
            row(Placement::TrackerWontDo(JIRA_WONT_DO.into())).patch_for(&stored(Lane::Next, None));
        assert_eq!(patch.lane, Some(Lane::Killed));
        assert_eq!(patch.kill_reason.as_deref(), Some(JIRA_WONT_DO));
        // fieldkit's CSV changes a killed item's reason.
        let patch = row(Placement::Lane(Lane::Killed, Some("dup".into()))).patch_for(&killed);
        assert_eq!(patch.lane, None);
        assert_eq!(patch.kill_reason.as_deref(), Some("dup"));
    }

    #[test]
    fn labels_add_to_the_tags_given_in_fieldkit() {
        let mut item = stored(Lane::Now, None);
        item.tags = Tags::parse("mine ci").unwrap();
        let mut r = row(Placement::TrackerOpen);
        r.tags = Some(TagUpdate::Labels(Tags::parse("ci").unwrap()));
        assert!(r.patch_for(&item).is_empty());
        r.tags = Some(TagUpdate::Labels(Tags::parse("ci dx").unwrap()));
        assert_eq!(
            r.patch_for(&item).tags.unwrap().as_slice(),
            ["mine", "ci", "dx"]
        );
        r.tags = Some(TagUpdate::Exact(Tags::parse("ci").unwrap()));
        assert_eq!(r.patch_for(&item).tags.unwrap().as_slice(), ["ci"]);
        assert_eq!(line_breaks_as_lf("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn labels_become_tags() {
        assert_eq!(
            label_to_tag("good first issue").unwrap(),
            "good-first-issue"
        );
        assert_eq!(label_to_tag("type: bug").unwrap(), "type-bug");
        assert_eq!(label_to_tag("Développeur").unwrap(), "développeur");
        assert_eq!(label_to_tag("🔥"), None);
        assert_eq!(label_to_tag(&"x".repeat(40)).unwrap().len(), 32);
        assert!(Tags::from_words([label_to_tag("a b/c.d_e").unwrap().as_str()]).is_ok());
    }

    #[test]
    fn keys_ids_and_urls() {
        assert!(TrackerLink::is_jira_key("PLAT-142"));
        assert!(TrackerLink::is_jira_key("P2_X-1"));
        assert!(!TrackerLink::is_jira_key("acme/platform#7"));
        assert!(!TrackerLink::is_jira_key("plat-1"));
        assert_eq!(
            TrackerLink::jira_browse_url("https://acme.example/", "PLAT-1"),
            "https://acme.example/browse/PLAT-1"
        );
        assert!(TrackerLink::parse_key("a b").is_err());
        assert!(TrackerLink::parse_url("javascript:alert(1)").is_err());
        assert!(parse_id("0b9a6c1e-2f4d-4c8e-9a51-7d3e2f1a0b9c").is_ok());
        assert!(parse_id("0b9a6c1e").is_err());
        let id = TrackerLink::item_id("PLAT-1");
        assert_eq!(id, TrackerLink::item_id("PLAT-1"));
        assert_ne!(id, TrackerLink::item_id("PLAT-2"));
        assert!(parse_id(&id).is_ok());
    }

    #[test]
    fn the_same_key_twice_is_refused() {
        let mut a = row(Placement::TrackerOpen);
        a.tracker = Some(TrackerLink {
            key: "PLAT-1".into(),
            url: None,
        });
        let mut b = a.clone();
        b.origin = Origin::Line(5);
        let err = check_unique(&[a, b]).unwrap_err();
        assert_eq!(err.location, Some((5, 1)));
        assert!(err.message.contains("first at line 2"), "{err}");
    }
}
