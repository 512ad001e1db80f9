//! The add/edit form of a backlog item: its fields, their checks, and the
//! parse of what was typed into a new item or a patch.

use crate::domain::InputError;
use crate::domain::backlog::{Item, ItemPatch, Lane, NewItem, Tags, Title};
use crate::domain::item_edit::ItemEdit;
use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
use crate::domain::roadmap::{RoadmapPatch, Source, parse_review_date};
use crate::tui::widgets::form::{Field, Form};
use jiff::civil::Date;

const TITLE: usize = 0;
const REACH: usize = 1;
const IMPACT: usize = 2;
const CONFIDENCE: usize = 3;
const EFFORT: usize = 4;
const LANE: usize = 5;
const TAGS: usize = 6;
const DESCRIPTION: usize = 7;
/// The roadmap fields, in the backlog's form only (not in a promotion).
const SOURCE: usize = 8;
const SUCCESS: usize = 9;
const REVIEW: usize = 10;

/// The source choice of an item that has none yet.
const NO_SOURCE: &str = "not set";

/// What an empty field means.
const DEFAULT_REACH: &str = "0";
const DEFAULT_IMPACT: &str = "1";
/// An item nobody has looked into yet should not claim more than low.
const DEFAULT_CONFIDENCE: &str = "50";
const DEFAULT_EFFORT: &str = "1";

fn check<T>(parse: fn(&str) -> Result<T, InputError>) -> impl Fn(&str) -> Option<String> {
    move |text| parse(text).err().map(|e| e.message)
}

fn or_default<'a>(text: &'a str, default: &'a str) -> &'a str {
    if text.trim().is_empty() {
        default
    } else {
        text
    }
}

fn check_title(text: &str) -> Option<String> {
    check(Title::parse)(text)
}
fn check_reach(text: &str) -> Option<String> {
    check(Reach::parse)(or_default(text, DEFAULT_REACH))
}
fn check_impact(text: &str) -> Option<String> {
    check(Impact::parse)(or_default(text, DEFAULT_IMPACT))
}
fn check_confidence(text: &str) -> Option<String> {
    check(Confidence::parse)(or_default(text, DEFAULT_CONFIDENCE))
}
fn check_effort(text: &str) -> Option<String> {
    check(Effort::parse)(or_default(text, DEFAULT_EFFORT))
}
fn check_lane(text: &str) -> Option<String> {
    parse_form_lane(text).err().map(|e| e.message)
}
fn check_tags(text: &str) -> Option<String> {
    check(Tags::parse)(text)
}
fn check_nothing(_: &str) -> Option<String> {
    None
}
fn check_review(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    parse_review_date(text).err().map(|e| e.message)
}

fn parse_form_lane(text: &str) -> Result<Lane, InputError> {
    let lane = Lane::parse(or_default(text, "inbox"))?;
    if lane == Lane::Killed {
        return Err(InputError::new(
            "lane",
            "to kill an item press x on it, which asks the reason",
        ));
    }
    Ok(lane)
}

/// The form for a new item, or for editing `item`, with its roadmap
/// fields: source, success criteria and review date.
pub fn backlog_form(item: Option<&Item>) -> Form {
    let roadmap = item.map(|i| i.roadmap.clone()).unwrap_or_default();
    let mut options = vec![NO_SOURCE.to_string()];
    options.extend(Source::ALL.iter().map(|s| s.name().to_string()));
    let mut fields = fields(item);
    fields.push(Field::choice(
        "Source",
        options,
        roadmap.source.map_or(NO_SOURCE, Source::name),
        "where it came from: users · research · data · team idea · leadership",
    ));
    fields.push(Field::multiline(
        "Success criteria",
        roadmap.success.as_ref().map_or("", |s| s.text.as_str()),
        3,
        "what must be true by the review date for it to stay (Enter starts a new line)",
        check_nothing,
    ));
    fields.push(
        Field::new(
            "Review date",
            &roadmap
                .success
                .as_ref()
                .map_or(String::new(), |s| s.review_by.to_string()),
            "YYYY-MM-DD: when the success criteria are checked; needed with them",
            check_review,
        )
        .placeholder("YYYY-MM-DD"),
    );
    let mut form = Form::new(form_title(item), fields);
    refresh_preview(&mut form);
    form
}

fn form_title(item: Option<&Item>) -> &'static str {
    match item {
        Some(_) => "Edit item",
        None => "Add item",
    }
}

/// The form for a new item, or for editing `item`, without the roadmap
/// fields (a promotion from a synthesis).
pub fn item_form(item: Option<&Item>) -> Form {
    let mut form = Form::new(form_title(item), fields(item));
    refresh_preview(&mut form);
    form
}

/// The fields every item form has.
fn fields(item: Option<&Item>) -> Vec<Field> {
    let value = |f: fn(&Item) -> String| item.map(f).unwrap_or_default();
    vec![
        Field::new(
            "Title",
            &value(|i| i.title.clone()),
            "1–200 characters",
            check_title,
        ),
        Field::new(
            "Reach",
            &value(|i| i.rice.reach.to_string()),
            "developers (or teams) affected per quarter, ≥ 0",
            check_reach,
        )
        .placeholder("0"),
        Field::new(
            "Impact",
            &value(|i| i.rice.impact.to_string()),
            "3 massive · 2 high · 1 medium · 0.5 low · 0.25 minimal",
            check_impact,
        )
        .placeholder("1 (medium)"),
        Field::new(
            "Confidence",
            &value(|i| i.rice.confidence.to_string()),
            "percent: 100 high · 80 medium · 50 low",
            check_confidence,
        )
        .placeholder("50% (low)"),
        Field::new(
            "Effort",
            &value(|i| i.rice.effort.to_string()),
            "person-months, > 0 (0.5 allowed)",
            check_effort,
        )
        .placeholder("1"),
        Field::new(
            "Lane",
            &value(|i| {
                if i.lane == Lane::Killed {
                    String::new()
                } else {
                    i.lane.to_string()
                }
            }),
            "inbox · now · next · later · exploring · done",
            check_lane,
        )
        .placeholder("inbox"),
        Field::new(
            "Tags",
            &value(|i| i.tags.joined(" ")),
            "short words separated by spaces",
            check_tags,
        ),
        Field::multiline(
            "Description",
            &value(|i| i.description.clone()),
            4,
            "free text: Enter starts a new line, Tab moves on",
            check_nothing,
        ),
    ]
}

/// Every field parsed, or every error with the index of its field.
struct Parsed {
    title: Title,
    rice: Rice,
    lane: Lane,
    tags: Tags,
    description: String,
    roadmap: RoadmapInput,
}

/// The roadmap fields as typed (all empty in a form without them).
#[derive(Default)]
struct RoadmapInput {
    source: Option<Source>,
    /// Empty when there are none.
    success: String,
    review_by: Option<Date>,
}

/// The roadmap fields, when the form has them; a refusal names the field.
fn parse_roadmap(form: &Form, errors: &mut Vec<(usize, String)>) -> RoadmapInput {
    if form.fields.len() <= REVIEW {
        return RoadmapInput::default();
    }
    let source = match form.text(SOURCE) {
        NO_SOURCE => None,
        text => Source::parse(text)
            .map_err(|e| errors.push((SOURCE, e.message)))
            .ok(),
    };
    let success = form
        .value(SUCCESS)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string();
    let review_text = form.text(REVIEW).trim();
    let review_by = if review_text.is_empty() {
        None
    } else {
        parse_review_date(review_text)
            .map_err(|e| errors.push((REVIEW, e.message)))
            .ok()
    };
    if !success.is_empty() && review_text.is_empty() {
        errors.push((
            REVIEW,
            "success criteria need a review date: YYYY-MM-DD".to_string(),
        ));
    }
    if success.is_empty() && !review_text.is_empty() {
        errors.push((
            SUCCESS,
            "a review date needs success criteria: what must be true by then".to_string(),
        ));
    }
    RoadmapInput {
        source,
        success,
        review_by,
    }
}

fn parse(form: &Form) -> Result<Parsed, Vec<(usize, String)>> {
    let mut errors = Vec::new();
    fn keep<T>(
        errors: &mut Vec<(usize, String)>,
        index: usize,
        result: Result<T, InputError>,
    ) -> Option<T> {
        result.map_err(|e| errors.push((index, e.message))).ok()
    }
    let title = keep(&mut errors, TITLE, Title::parse(form.text(TITLE)));
    let reach = keep(
        &mut errors,
        REACH,
        Reach::parse(or_default(form.text(REACH), DEFAULT_REACH)),
    );
    let impact = keep(
        &mut errors,
        IMPACT,
        Impact::parse(or_default(form.text(IMPACT), DEFAULT_IMPACT)),
    );
    let confidence = keep(
        &mut errors,
        CONFIDENCE,
        Confidence::parse(or_default(form.text(CONFIDENCE), DEFAULT_CONFIDENCE)),
    );
    let effort = keep(
        &mut errors,
        EFFORT,
        Effort::parse(or_default(form.text(EFFORT), DEFAULT_EFFORT)),
    );
    let lane = keep(&mut errors, LANE, parse_form_lane(form.text(LANE)));
    let tags = keep(&mut errors, TAGS, Tags::parse(form.text(TAGS)));
    let roadmap = parse_roadmap(form, &mut errors);
    if !errors.is_empty() {
        errors.sort_by_key(|(i, _)| *i);
        return Err(errors);
    }
    match (title, reach, impact, confidence, effort, lane, tags) {
        (
            Some(title),
            Some(reach),
            Some(impact),
            Some(confidence),
            Some(effort),
            Some(lane),
            Some(tags),
        ) => Ok(Parsed {
            title,
            rice: Rice {
                reach,
                impact,
                confidence,
                effort,
            },
            lane,
            tags,
            description: form.value(DESCRIPTION).trim().to_string(),
            roadmap,
        }),
        _ => Err(errors),
    }
}

/// Shows the score the form would give, or what is missing for one.
pub fn refresh_preview(form: &mut Form) {
    let rice = (|| {
        Some(Rice {
            reach: Reach::parse(or_default(form.text(REACH), DEFAULT_REACH)).ok()?,
            impact: Impact::parse(or_default(form.text(IMPACT), DEFAULT_IMPACT)).ok()?,
            confidence: Confidence::parse(or_default(form.text(CONFIDENCE), DEFAULT_CONFIDENCE))
                .ok()?,
            effort: Effort::parse(or_default(form.text(EFFORT), DEFAULT_EFFORT)).ok()?,
        })
    })();
    form.preview = match rice {
        Some(rice) => format!("RICE {}", rice.formula()),
        None => "RICE: fix the fields above to see the score".to_string(),
    };
}

/// The new item the add form describes, and its roadmap fields (set on
/// it once added).
pub fn new_item_with_roadmap(form: &Form) -> Result<(NewItem, RoadmapPatch), Vec<(usize, String)>> {
    let roadmap = {
        let p = parse(form)?;
        RoadmapPatch {
            source: p.roadmap.source.map(Some),
            success: (!p.roadmap.success.is_empty()).then_some(p.roadmap.success),
            review_by: p.roadmap.review_by,
            pin: None,
        }
    };
    Ok((new_item(form)?, roadmap))
}

/// The new item the add form describes.
pub fn new_item(form: &Form) -> Result<NewItem, Vec<(usize, String)>> {
    let p = parse(form)?;
    Ok(NewItem {
        title: p.title,
        description: p.description,
        rice: p.rice,
        lane: p.lane,
        tags: p.tags,
        kill_reason: None,
    })
}

/// The edit the form describes of `original` (the item as the form was
/// opened on it): only the fields whose value the user changed, so that a
/// save never writes back a value it merely showed.
pub fn edit(form: &Form, original: &Item) -> Result<ItemEdit, Vec<(usize, String)>> {
    let p = parse(form)?;
    let mut patch = ItemPatch::default();
    if p.title.as_str() != original.title {
        patch.title = Some(p.title);
    }
    if p.description != original.description.trim() {
        patch.description = Some(p.description);
    }
    if p.rice.reach != original.rice.reach {
        patch.reach = Some(p.rice.reach);
    }
    if p.rice.impact != original.rice.impact {
        patch.impact = Some(p.rice.impact);
    }
    if p.rice.confidence != original.rice.confidence {
        patch.confidence = Some(p.rice.confidence);
    }
    if p.rice.effort != original.rice.effort {
        patch.effort = Some(p.rice.effort);
    }
    // An item that stays killed keeps its lane and reason.
    let stays_killed = original.lane == Lane::Killed && form.text(LANE).trim().is_empty();
    if !stays_killed && p.lane != original.lane {
        patch.lane = Some(p.lane);
    }
    if p.tags != original.tags {
        patch.tags = Some(p.tags);
    }
    let mut roadmap = RoadmapPatch::default();
    if p.roadmap.source != original.roadmap.source {
        roadmap.source = Some(p.roadmap.source);
    }
    let (old_text, old_date) = original
        .roadmap
        .success
        .as_ref()
        .map_or(("", None), |s| (s.text.as_str(), Some(s.review_by)));
    if p.roadmap.success.is_empty() {
        if old_date.is_some() {
            // Both emptied: the criteria and their date are removed.
            roadmap.success = Some(String::new());
        }
    } else {
        if p.roadmap.success != old_text {
            roadmap.success = Some(p.roadmap.success);
        }
        if p.roadmap.review_by != old_date {
            roadmap.review_by = p.roadmap.review_by;
        }
    }
    Ok(ItemEdit {
        item: patch,
        roadmap,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn type_into(form: &mut Form, field: usize, text: &str) {
        form.focus = field;
        for c in text.chars() {
            form.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn empty_fields_take_their_defaults() {
        let mut form = item_form(None);
        type_into(&mut form, TITLE, "Golden path docs");
        let item = new_item(&form).unwrap();
        assert_eq!(item.rice.reach.value(), 0.0);
        assert_eq!(item.rice.impact, Impact::Medium);
        assert_eq!(item.rice.confidence.percent(), 50.0);
        assert_eq!(item.rice.effort.value(), 1.0);
        assert_eq!(item.lane, Lane::Inbox);
    }

    #[test]
    fn every_bad_field_is_named_and_text_kept() {
        let mut form = item_form(None);
        type_into(&mut form, REACH, "-3");
        type_into(&mut form, CONFIDENCE, "0.8");
        type_into(&mut form, LANE, "killed");
        let errors = new_item(&form).unwrap_err();
        let fields: Vec<usize> = errors.iter().map(|(i, _)| *i).collect();
        assert_eq!(fields, [TITLE, REACH, CONFIDENCE, LANE]);
        assert!(errors[2].1.contains("did you mean 80?"));
        assert_eq!(form.text(REACH), "-3");
    }

    #[test]
    fn preview_shows_the_formula() {
        let mut form = item_form(None);
        type_into(&mut form, REACH, "200");
        type_into(&mut form, IMPACT, "2");
        type_into(&mut form, CONFIDENCE, "80");
        type_into(&mut form, EFFORT, "2");
        refresh_preview(&mut form);
        assert_eq!(form.preview, "RICE (200 × 2 × 80%) ÷ 2 = 160.0");
    }

    fn paste_into(form: &mut Form, field: usize, text: &str) {
        form.focus = field;
        form.paste(text);
    }

    #[test]
    fn a_bad_review_date_names_the_field_and_what_is_allowed() {
        let mut form = backlog_form(None);
        type_into(&mut form, TITLE, "Golden path docs");
        paste_into(&mut form, SUCCESS, "half the teams use it");
        type_into(&mut form, REVIEW, "next spring");
        let errors = new_item_with_roadmap(&form).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, REVIEW);
        assert!(errors[0].1.contains("YYYY-MM-DD"), "{}", errors[0].1);
        assert!(errors[0].1.contains("next spring"), "{}", errors[0].1);
    }

    #[test]
    fn success_criteria_and_a_review_date_go_together() {
        let mut form = backlog_form(None);
        type_into(&mut form, TITLE, "Golden path docs");
        paste_into(&mut form, SUCCESS, "half the teams use it");
        let errors = new_item_with_roadmap(&form).unwrap_err();
        assert_eq!(errors[0].0, REVIEW);
        let mut form = backlog_form(None);
        type_into(&mut form, TITLE, "Golden path docs");
        type_into(&mut form, REVIEW, "2027-03-31");
        let errors = new_item_with_roadmap(&form).unwrap_err();
        assert_eq!(errors[0].0, SUCCESS);
    }

    #[test]
    fn the_roadmap_fields_are_read_with_the_item() {
        let mut form = backlog_form(None);
        type_into(&mut form, TITLE, "Golden path docs");
        // Source is a choice: → steps through not set, users, research…
        form.focus = SOURCE;
        for _ in 0..2 {
            form.handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
        }
        paste_into(&mut form, SUCCESS, "half the teams\r\nuse it");
        type_into(&mut form, REVIEW, "2027-03-31");
        let (item, roadmap) = new_item_with_roadmap(&form).unwrap();
        assert_eq!(item.title.as_str(), "Golden path docs");
        assert_eq!(roadmap.source, Some(Some(Source::Research)));
        assert_eq!(roadmap.success.as_deref(), Some("half the teams\nuse it"));
        assert_eq!(roadmap.review_by.unwrap().to_string(), "2027-03-31");
        // A promotion's form has no roadmap fields and needs none.
        let mut form = item_form(None);
        type_into(&mut form, TITLE, "Golden path docs");
        assert!(new_item_with_roadmap(&form).unwrap().1.is_empty());
    }
}
