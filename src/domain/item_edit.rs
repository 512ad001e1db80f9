//! An edit of an item made in a form: only the fields the user changed, and
//! which of those someone else (another open copy, the CLI) changed too
//! since the form was opened. A save writes the changed fields only, so a
//! field the user left alone never reverts a change made elsewhere.

use super::backlog::{Item, ItemPatch};
use super::error::InputError;
use super::roadmap::{RoadmapPatch, Source};

/// A field of the item form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditField {
    Title,
    Reach,
    Impact,
    Confidence,
    Effort,
    Lane,
    Tags,
    Source,
    Description,
    Success,
    ReviewBy,
}

impl EditField {
    pub const ALL: [EditField; 11] = [
        EditField::Title,
        EditField::Reach,
        EditField::Impact,
        EditField::Confidence,
        EditField::Effort,
        EditField::Lane,
        EditField::Tags,
        EditField::Source,
        EditField::Description,
        EditField::Success,
        EditField::ReviewBy,
    ];

    /// The form's label of the field.
    pub fn label(self) -> &'static str {
        match self {
            EditField::Title => "Title",
            EditField::Reach => "Reach",
            EditField::Impact => "Impact",
            EditField::Confidence => "Confidence",
            EditField::Effort => "Effort",
            EditField::Lane => "Lane",
            EditField::Tags => "Tags",
            EditField::Source => "Source",
            EditField::Description => "Description",
            EditField::Success => "Success criteria",
            EditField::ReviewBy => "Review date",
        }
    }

    /// The field's value on `item` as the form shows it; empty when unset.
    pub fn shown(self, item: &Item) -> String {
        match self {
            EditField::Title => item.title.clone(),
            EditField::Reach => item.rice.reach.to_string(),
            EditField::Impact => item.rice.impact.to_string(),
            EditField::Confidence => item.rice.confidence.to_string(),
            EditField::Effort => item.rice.effort.to_string(),
            EditField::Lane => item.lane.to_string(),
            EditField::Tags => item.tags.joined(" "),
            EditField::Source => item
                .roadmap
                .source
                .map(Source::name)
                .unwrap_or_default()
                .to_string(),
            EditField::Description => item.description.clone(),
            EditField::Success => item
                .roadmap
                .success
                .as_ref()
                .map(|s| s.text.clone())
                .unwrap_or_default(),
            EditField::ReviewBy => item
                .roadmap
                .success
                .as_ref()
                .map(|s| s.review_by.to_string())
                .unwrap_or_default(),
        }
    }

    fn is_set(self, edit: &ItemEdit) -> bool {
        let (p, r) = (&edit.item, &edit.roadmap);
        match self {
            EditField::Title => p.title.is_some(),
            EditField::Reach => p.reach.is_some(),
            EditField::Impact => p.impact.is_some(),
            EditField::Confidence => p.confidence.is_some(),
            EditField::Effort => p.effort.is_some(),
            EditField::Lane => p.lane.is_some(),
            EditField::Tags => p.tags.is_some(),
            EditField::Source => r.source.is_some(),
            EditField::Description => p.description.is_some(),
            EditField::Success => r.success.is_some(),
            EditField::ReviewBy => r.review_by.is_some(),
        }
    }

    fn clear(self, edit: &mut ItemEdit) {
        let (p, r) = (&mut edit.item, &mut edit.roadmap);
        match self {
            EditField::Title => p.title = None,
            EditField::Reach => p.reach = None,
            EditField::Impact => p.impact = None,
            EditField::Confidence => p.confidence = None,
            EditField::Effort => p.effort = None,
            EditField::Lane => {
                p.lane = None;
                p.kill_reason = None;
            }
            EditField::Tags => p.tags = None,
            EditField::Source => r.source = None,
            EditField::Description => p.description = None,
            EditField::Success => r.success = None,
            EditField::ReviewBy => r.review_by = None,
        }
    }
}

/// The changed fields of an item and of its roadmap fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemEdit {
    pub item: ItemPatch,
    pub roadmap: RoadmapPatch,
}

impl ItemEdit {
    pub fn is_empty(&self) -> bool {
        self.item.is_empty() && self.roadmap.is_empty()
    }

    /// The fields the edit sets, in form order.
    pub fn fields(&self) -> Vec<EditField> {
        EditField::ALL
            .into_iter()
            .filter(|f| f.is_set(self))
            .collect()
    }

    /// The edit without `fields`.
    pub fn without(&self, fields: &[EditField]) -> Self {
        let mut edit = self.clone();
        for field in fields {
            field.clear(&mut edit);
        }
        edit
    }

    /// `item` as it would be after the edit, or why the edit is refused.
    pub fn apply(&self, item: &Item) -> Result<Item, InputError> {
        let mut next = self.item.apply(item)?;
        next.roadmap = self.roadmap.apply(&item.roadmap)?;
        Ok(next)
    }
}

/// A field changed both in the form and elsewhere, to different values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub field: EditField,
    /// The value the form would save.
    pub mine: String,
    /// The value stored now.
    pub theirs: String,
}

/// Checks `edit`, made in a form opened on `original`, against `current`
/// (the item as stored now). Returns the edit less the fields whose stored
/// value already is the form's (nothing to write), and the conflicts: the
/// fields the edit sets that were changed elsewhere to another value.
/// Fields changed elsewhere that the edit leaves alone are no conflict:
/// the save does not touch them.
pub fn reconcile(
    edit: &ItemEdit,
    original: &Item,
    current: &Item,
) -> Result<(ItemEdit, Vec<Conflict>), InputError> {
    let mine = edit.apply(original)?;
    let mut same = Vec::new();
    let mut conflicts = Vec::new();
    for field in edit.fields() {
        let (was, theirs, ours) = (
            field.shown(original),
            field.shown(current),
            field.shown(&mine),
        );
        if theirs == ours {
            same.push(field);
        } else if theirs != was {
            conflicts.push(Conflict {
                field,
                mine: ours,
                theirs,
            });
        }
    }
    Ok((edit.without(&same), conflicts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::backlog::{Lane, Tags, Title};
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
    use crate::domain::roadmap::ItemRoadmap;

    fn item() -> Item {
        Item {
            seq: 1,
            id: "0192".into(),
            title: "Faster CI pipelines".into(),
            description: "a\nb".into(),
            rice: Rice {
                reach: Reach::parse("200").unwrap(),
                impact: Impact::parse("2").unwrap(),
                confidence: Confidence::parse("80").unwrap(),
                effort: Effort::parse("2").unwrap(),
            },
            lane: Lane::Now,
            tags: Tags::parse("ci").unwrap(),
            kill_reason: None,
            created_at: String::new(),
            updated_at: String::new(),
            tracker: None,
            roadmap: ItemRoadmap::default(),
        }
    }

    fn effort(text: &str) -> ItemEdit {
        ItemEdit {
            item: ItemPatch {
                effort: Some(Effort::parse(text).unwrap()),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn a_field_changed_elsewhere_and_left_alone_here_is_no_conflict() {
        let original = item();
        let mut current = item();
        current.title = "Fast CI".into();
        let (edit, conflicts) = reconcile(&effort("3"), &original, &current).unwrap();
        assert!(conflicts.is_empty());
        assert_eq!(edit.fields(), [EditField::Effort]);
        // What would be written keeps the other copy's title.
        assert_eq!(edit.apply(&current).unwrap().title, "Fast CI");
    }

    #[test]
    fn the_same_field_changed_both_ways_is_a_conflict_with_both_values() {
        let original = item();
        let mut current = item();
        current.rice.effort = Effort::parse("5").unwrap();
        let (edit, conflicts) = reconcile(&effort("3"), &original, &current).unwrap();
        assert_eq!(
            conflicts,
            [Conflict {
                field: EditField::Effort,
                mine: "3".into(),
                theirs: "5".into()
            }]
        );
        assert!(edit.without(&[EditField::Effort]).is_empty());
    }

    #[test]
    fn a_change_made_elsewhere_to_the_same_value_is_dropped() {
        let original = item();
        let mut current = item();
        current.rice.effort = Effort::parse("3").unwrap();
        let (edit, conflicts) = reconcile(&effort("3"), &original, &current).unwrap();
        assert!(conflicts.is_empty());
        assert!(edit.is_empty());
    }

    #[test]
    fn without_clears_only_the_named_fields() {
        let mut edit = effort("3");
        edit.item.title = Some(Title::parse("New").unwrap());
        assert_eq!(edit.fields(), [EditField::Title, EditField::Effort]);
        assert_eq!(
            edit.without(&[EditField::Title]).fields(),
            [EditField::Effort]
        );
    }
}
