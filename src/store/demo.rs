//! `fieldkit demo` and the Backlog pane's `D`: the seed's examples, their
//! sources, the impact map, the eight metrics with readings and the
//! research behind the cadence panel, loaded in one transaction, so a
//! failure leaves nothing half-loaded and both load the same data. Records
//! already there (by their fixed ids) are left as they are: loading twice
//! adds nothing twice.

use super::Store;
use super::backlog::{add_items_with_ids_in, update_item_in};
use super::metric::{add_demo_research_in, add_metrics_with_ids_in, add_readings_with_ids_in};
use super::roadmap::{MapLink, add_map_links_in};
use crate::domain::cadence::demo_research;
use crate::domain::demo;
use crate::domain::metric::preset;
use crate::domain::roadmap::RoadmapPatch;
use crate::domain::time::utc_string;
use color_eyre::eyre::Result;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// What a demo load added (the rest was already there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoLoaded {
    pub items: usize,
    pub items_offered: usize,
    pub linked: usize,
    pub metrics: usize,
    pub metrics_offered: usize,
    pub readings: usize,
    pub research: usize,
}

impl Store {
    /// Loads the seed's demo dated from `today` (research starts at 10:00
    /// in `zone`, never after `now`).
    pub fn load_demo(
        &mut self,
        today: Date,
        zone: &TimeZone,
        now: Timestamp,
    ) -> Result<DemoLoaded> {
        let examples = demo::all_examples();
        let links: Vec<MapLink<'_>> = demo::IMPACT_MAP
            .iter()
            .map(|&(goal_id, goal, metric, actor, impact, item_id)| MapLink {
                goal_id,
                goal,
                metric,
                actor,
                impact,
                item_id,
            })
            .collect();
        let metrics = preset::preset();
        let readings = preset::demo_readings(today);
        let research: Vec<_> = demo_research(today)
            .into_iter()
            .filter_map(|d| {
                let start = d
                    .date
                    .at(10, 0, 0, 0)
                    .to_zoned_datetime(zone.clone())
                    .ok()?
                    .timestamp()
                    .min(now);
                Some((d, start))
            })
            .collect();
        let stamp = utc_string(now);

        let tx = self.write_transaction()?;
        let mut fresh = Vec::new();
        for (id, _) in &examples {
            if super::backlog::item_exists(&tx, id)? {
                continue;
            }
            fresh.push(*id);
        }
        let items = add_items_with_ids_in(&tx, &examples, &stamp)?;
        // Sources are set on the items this load added, never over the user's.
        for (id, source) in demo::SOURCES {
            if fresh.contains(&id) {
                let patch = RoadmapPatch {
                    source: Some(Some(source)),
                    ..Default::default()
                };
                update_item_in(&tx, id, &Default::default(), &patch, &stamp)?;
            }
        }
        let linked = add_map_links_in(&tx, &links, &stamp)?;
        let metrics_added = add_metrics_with_ids_in(&tx, &metrics, today, &stamp)?;
        let readings_added = add_readings_with_ids_in(&tx, &readings, &stamp)?;
        let research_added = add_demo_research_in(&tx, &research, &stamp)?;
        tx.commit()?;
        Ok(DemoLoaded {
            items,
            items_offered: examples.len(),
            linked,
            metrics: metrics_added,
            metrics_offered: metrics.len(),
            readings: readings_added,
            research: research_added,
        })
    }
}
