//! A running shadowing session's events with its summary kept up to date
//! per event: a stamp, an edit, an undo or a reload changes the counts, the
//! tools and the waits once, so drawing a frame (the 1 Hz clock tick
//! included) costs the same after 20 events or 20,000. What it gives equals
//! [`summarize`] and [`timeline`] over the same events (tests check it).

use super::shadow::{EventKind, Mark, ShadowEvent, span_ms, waiting_within};
use std::collections::{BTreeMap, HashMap};

/// How much of the tools line is kept ready to draw: wider than any
/// terminal; a longer list ends in `…`.
const TOOLS_LINE_CHARS: usize = 1_000;

/// A session's events, by offset, with their summary.
#[derive(Debug, Clone, Default)]
pub struct SessionLog {
    /// By offset; equal offsets in the order they arrived.
    events: Vec<ShadowEvent>,
    /// Arrival order of each event by id, the tie-breaker of equal offsets.
    arrival: HashMap<String, u64>,
    next_arrival: u64,
    counts: [usize; 6],
    /// Offsets of friction, switches and wishes, sorted, for the timeline.
    marks: [Vec<i64>; 3],
    /// Each tool (lower-cased) with its uses: (offset, arrival) → name.
    tool_uses: HashMap<String, BTreeMap<(i64, u64), String>>,
    /// Tools in order of first use, each once.
    tools: Vec<String>,
    tools_line: String,
    /// Every wait: id → (start, end or `None` while open).
    waits: HashMap<String, (i64, Option<i64>)>,
    /// The ended waits merged where they overlap or touch, by start.
    merged: Vec<(i64, i64)>,
    /// `span_ms` of `merged[..i]`, summed: `merged_before[i]`.
    merged_before: Vec<i64>,
    /// The latest end of an ended wait.
    latest_end: i64,
}

/// The summary's numbers at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub friction: usize,
    pub switches: usize,
    pub wishes: usize,
    pub waits: usize,
    pub waiting_ms: i64,
}

fn kind_index(kind: EventKind) -> usize {
    EventKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// The timeline's marks kept as offsets, by weight order.
const MARKED: [(EventKind, Mark); 3] = [
    (EventKind::Switch, Mark::Switch),
    (EventKind::Wish, Mark::Wish),
    (EventKind::Friction, Mark::Friction),
];

fn mark_slot(kind: EventKind) -> Option<usize> {
    MARKED.iter().position(|(k, _)| *k == kind)
}

impl SessionLog {
    /// The log of `events` (in any order).
    pub fn new(mut events: Vec<ShadowEvent>) -> Self {
        events.sort_by_key(|e| e.offset_ms);
        let mut log = Self::default();
        for event in events {
            log.add(event, false);
        }
        log.tools_changed();
        log.waits_changed();
        log
    }

    pub fn events(&self) -> &[ShadowEvent] {
        &self.events
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&ShadowEvent> {
        self.events.get(i)
    }

    /// Tools in order of first use, each once (case-insensitive).
    pub fn tools(&self) -> &[String] {
        &self.tools
    }

    /// The tools joined by commas, `—` when there are none.
    pub fn tools_line(&self) -> &str {
        &self.tools_line
    }

    /// The newest wait still open.
    pub fn open_wait(&self) -> Option<&ShadowEvent> {
        let newest = self
            .waits
            .iter()
            .filter(|(_, (_, end))| end.is_none())
            .max_by_key(|(id, (start, _))| (*start, self.arrival.get(*id).copied()))?;
        self.find(newest.0)
    }

    fn find(&self, id: &str) -> Option<&ShadowEvent> {
        let (start, _) = self.waits.get(id).copied().or_else(|| {
            self.events
                .iter()
                .find(|e| e.id == id)
                .map(|e| (e.offset_ms, None))
        })?;
        let from = self.events.partition_point(|e| e.offset_ms < start);
        self.events[from..].iter().find(|e| e.id == id)
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id == id)
    }

    /// Adds a stamp (or a restored one) after the events at its offset.
    pub fn insert(&mut self, event: ShadowEvent) {
        let tool = event.kind == EventKind::Tool;
        let wait = event.kind == EventKind::Wait;
        self.add(event, true);
        if tool {
            self.tools_changed();
        }
        if wait {
            self.waits_changed();
        }
    }

    fn add(&mut self, event: ShadowEvent, placed: bool) {
        let arrival = self.next_arrival;
        self.next_arrival += 1;
        self.arrival.insert(event.id.clone(), arrival);
        self.counts[kind_index(event.kind)] += 1;
        if let Some(slot) = mark_slot(event.kind) {
            let offsets = &mut self.marks[slot];
            let at = offsets.partition_point(|o| *o <= event.offset_ms);
            offsets.insert(at, event.offset_ms);
        }
        match event.kind {
            EventKind::Tool => self.add_tool(&event, arrival),
            EventKind::Wait => {
                self.waits
                    .insert(event.id.clone(), (event.offset_ms, event.end_offset_ms));
            }
            _ => {}
        }
        if placed {
            let at = self
                .events
                .partition_point(|e| e.offset_ms <= event.offset_ms);
            self.events.insert(at, event);
        } else {
            self.events.push(event);
        }
    }

    fn add_tool(&mut self, event: &ShadowEvent, arrival: u64) {
        let name = event.text.trim();
        if !name.is_empty() {
            self.tool_uses
                .entry(name.to_lowercase())
                .or_default()
                .insert((event.offset_ms, arrival), name.to_string());
        }
    }

    fn remove_tool(&mut self, event: &ShadowEvent, arrival: u64) {
        let name = event.text.trim();
        if name.is_empty() {
            return;
        }
        let key = name.to_lowercase();
        if let Some(uses) = self.tool_uses.get_mut(&key) {
            uses.remove(&(event.offset_ms, arrival));
            if uses.is_empty() {
                self.tool_uses.remove(&key);
            }
        }
    }

    /// Takes an event out (deleted or undone); returns it.
    pub fn remove(&mut self, id: &str) -> Option<ShadowEvent> {
        let event = self.events.remove(self.position(id)?);
        let arrival = self.arrival.remove(id).unwrap_or(0);
        self.counts[kind_index(event.kind)] -= 1;
        if let Some(slot) = mark_slot(event.kind) {
            let offsets = &mut self.marks[slot];
            if let Ok(at) = offsets.binary_search(&event.offset_ms) {
                offsets.remove(at);
            }
        }
        match event.kind {
            EventKind::Tool => {
                self.remove_tool(&event, arrival);
                self.tools_changed();
            }
            EventKind::Wait => {
                self.waits.remove(id);
                self.waits_changed();
            }
            _ => {}
        }
        Some(event)
    }

    /// Sets an event's text.
    pub fn set_text(&mut self, id: &str, text: String) {
        let Some(i) = self.position(id) else { return };
        let arrival = self.arrival.get(id).copied().unwrap_or(0);
        if self.events[i].kind == EventKind::Tool {
            let old = self.events[i].clone();
            self.remove_tool(&old, arrival);
            self.events[i].text = text;
            let new = self.events[i].clone();
            self.add_tool(&new, arrival);
            self.tools_changed();
        } else {
            self.events[i].text = text;
        }
    }

    /// Ends a wait at `end_ms` (not before its start); returns it.
    pub fn end_wait(&mut self, id: &str, end_ms: i64) -> Option<&ShadowEvent> {
        let i = self.position(id)?;
        let event = &mut self.events[i];
        let end = end_ms.max(event.offset_ms);
        event.end_offset_ms = Some(end);
        if let Some(wait) = self.waits.get_mut(id) {
            wait.1 = Some(end);
        }
        self.waits_changed();
        self.events.get(i)
    }

    fn tools_changed(&mut self) {
        let mut firsts: Vec<(&(i64, u64), &String)> = self
            .tool_uses
            .values()
            .filter_map(|uses| uses.iter().next())
            .collect();
        firsts.sort_unstable_by_key(|(at, _)| **at);
        self.tools = firsts.into_iter().map(|(_, name)| name.clone()).collect();
        let mut line = String::new();
        for (i, tool) in self.tools.iter().enumerate() {
            if line.chars().count() > TOOLS_LINE_CHARS {
                line.push_str(", …");
                break;
            }
            if i > 0 {
                line.push_str(", ");
            }
            line.push_str(tool);
        }
        self.tools_line = if line.is_empty() { "—".into() } else { line };
    }

    fn waits_changed(&mut self) {
        let mut ended: Vec<(i64, i64)> = self
            .waits
            .values()
            .filter_map(|(start, end)| end.map(|e| (*start, e.max(*start))))
            .collect();
        ended.sort_unstable();
        self.merged.clear();
        for (start, end) in ended {
            match self.merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => self.merged.push((start, end)),
            }
        }
        self.merged_before = Vec::with_capacity(self.merged.len() + 1);
        let mut sum = 0;
        self.merged_before.push(0);
        for (start, end) in &self.merged {
            sum += span_ms(*start, *end);
            self.merged_before.push(sum);
        }
        self.latest_end = self.merged.last().map_or(0, |m| m.1);
    }

    /// The summary's numbers when the session's active time is `end_ms`.
    pub fn counts(&self, end_ms: i64) -> Counts {
        Counts {
            friction: self.counts[kind_index(EventKind::Friction)],
            switches: self.counts[kind_index(EventKind::Switch)],
            wishes: self.counts[kind_index(EventKind::Wish)],
            waits: self.counts[kind_index(EventKind::Wait)],
            waiting_ms: self.waiting_ms(end_ms),
        }
    }

    /// The union of the waits up to `end_ms`, as `summarize` counts it.
    fn waiting_ms(&self, end_ms: i64) -> i64 {
        let open_from = self
            .waits
            .values()
            .filter(|(_, end)| end.is_none())
            .map(|(start, _)| *start)
            .min();
        if end_ms < self.latest_end || open_from.is_some_and(|s| s > end_ms) {
            // A moment before some wait ended (an edited wait, a summary
            // of an earlier time): clamp every wait, as summarize does.
            return self.waiting_clamped(end_ms);
        }
        let Some(open) = open_from else {
            return self.merged_before.last().copied().unwrap_or(0);
        };
        let open = open.max(0);
        // Ended waits that end before the open one starts stay apart; the
        // rest join it in one stretch up to `end_ms`.
        let apart = self.merged.partition_point(|m| m.1 < open);
        let from = self.merged.get(apart).map_or(open, |m| m.0.min(open));
        self.merged_before[apart] + span_ms(from, end_ms)
    }

    fn waiting_clamped(&self, end_ms: i64) -> i64 {
        waiting_within(self.waits.values().copied(), end_ms)
    }

    /// The timeline strip at `end_ms` across `width` cells, as
    /// [`super::shadow::timeline`] draws it, found by binary search.
    pub fn timeline(&self, end_ms: i64, width: usize) -> Vec<Mark> {
        let mut cells = vec![Mark::Empty; width];
        if width == 0 || end_ms <= 0 {
            return cells;
        }
        let cell_of = |ms: i64| {
            (((ms.clamp(0, end_ms) as f64 / end_ms as f64) * width as f64) as usize).min(width - 1)
        };
        let weight = |m: Mark| m as u8;
        let mut put = |i: usize, mark: Mark| {
            if weight(mark) > weight(cells[i]) {
                cells[i] = mark;
            }
        };
        let open: Vec<i64> = self
            .waits
            .values()
            .filter(|(_, end)| end.is_none())
            .map(|(start, _)| *start)
            .collect();
        for start in open {
            for i in cell_of(start)..=cell_of(end_ms) {
                put(i, Mark::Waiting);
            }
        }
        for i in 0..width {
            // The last ended stretch starting in or before the cell.
            let before = self.merged.partition_point(|m| cell_of(m.0) <= i);
            if before > 0 && cell_of(self.merged[before - 1].1) >= i {
                put(i, Mark::Waiting);
            }
            for (slot, (_, mark)) in MARKED.iter().enumerate() {
                let offsets = &self.marks[slot];
                let first = offsets.partition_point(|o| cell_of(*o) < i);
                if offsets.get(first).is_some_and(|o| cell_of(*o) == i) {
                    put(i, *mark);
                }
            }
        }
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shadow::{Session, summarize, timeline};
    use proptest::prelude::*;

    fn session() -> Session {
        Session {
            id: "s".into(),
            participant: "Alex".into(),
            workflow: "deploy".into(),
            researcher_guess_min: None,
            developer_guess_min: None,
            started_at: String::new(),
            ended_at: None,
            duration_ms: None,
            last_offset_ms: 0,
            paused: false,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn event(n: usize, kind: usize, offset_s: i64, text: usize, end: Option<i64>) -> ShadowEvent {
        let kind = EventKind::ALL[kind % 6];
        ShadowEvent {
            id: format!("e{n}"),
            kind,
            offset_ms: offset_s * 700,
            wall_at: String::new(),
            text: ["", "kubectl", "KUBECTL ", "Grafana", "grafana", "docs"][text % 6].into(),
            end_offset_ms: (kind == EventKind::Wait)
                .then(|| end.map(|e| offset_s * 700 + e * 900))
                .flatten(),
            end_wall_at: None,
        }
    }

    /// What the log gives equals a full recompute over its events.
    fn same_as_full(log: &SessionLog, end_ms: i64) -> Result<(), TestCaseError> {
        let full = summarize(&session(), log.events(), end_ms);
        prop_assert_eq!(log.tools(), &full.tools[..]);
        prop_assert_eq!(
            log.counts(end_ms),
            Counts {
                friction: full.friction.len(),
                switches: full.switches,
                wishes: full.wishes.len(),
                waits: full.waits,
                waiting_ms: full.waiting_ms,
            }
        );
        for width in [1, 7, 40] {
            prop_assert_eq!(
                log.timeline(end_ms, width),
                timeline(log.events(), end_ms, width)
            );
        }
        let mut by_offset = log.events().to_vec();
        by_offset.sort_by_key(|e| e.offset_ms);
        prop_assert_eq!(by_offset, log.events().to_vec());
        Ok(())
    }

    #[derive(Debug, Clone)]
    enum Step {
        Stamp(usize, i64, usize, Option<i64>),
        Remove(usize),
        Edit(usize, usize),
        EndWait(i64),
        Restore,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (0usize..6, 0i64..200, 0usize..6, proptest::option::of(0i64..40))
                .prop_map(|(k, o, t, e)| Step::Stamp(k, o, t, e)),
            1 => any::<usize>().prop_map(Step::Remove),
            1 => (any::<usize>(), 0usize..6).prop_map(|(i, t)| Step::Edit(i, t)),
            1 => (0i64..300).prop_map(Step::EndWait),
            1 => Just(Step::Restore),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn the_kept_summary_equals_a_full_recompute_after_every_change(
            first in proptest::collection::vec(
                (0usize..6, 0i64..200, 0usize..6, proptest::option::of(0i64..40)), 0..20),
            steps in proptest::collection::vec(step(), 0..40),
            ends in proptest::collection::vec(0i64..250_000, 1..4),
        ) {
            let events: Vec<ShadowEvent> = first
                .iter()
                .enumerate()
                .map(|(n, (k, o, t, e))| event(n, *k, *o, *t, *e))
                .collect();
            let mut log = SessionLog::new(events);
            let mut n = first.len();
            let mut undone: Option<ShadowEvent> = None;
            for step in steps {
                match step {
                    Step::Stamp(k, o, t, e) => {
                        n += 1;
                        log.insert(event(n, k, o, t, e));
                    }
                    Step::Remove(i) if !log.is_empty() => {
                        let id = log.get(i % log.len()).unwrap().id.clone();
                        undone = log.remove(&id);
                    }
                    Step::Edit(i, t) if !log.is_empty() => {
                        let id = log.get(i % log.len()).unwrap().id.clone();
                        log.set_text(&id, event(0, 0, 0, t, None).text);
                    }
                    Step::EndWait(end) => {
                        if let Some(id) = log.open_wait().map(|e| e.id.clone()) {
                            log.end_wait(&id, end * 700);
                        }
                    }
                    Step::Restore => {
                        if let Some(event) = undone.take() {
                            log.insert(event);
                        }
                    }
                    Step::Remove(_) | Step::Edit(..) => {}
                }
                for end in &ends {
                    same_as_full(&log, *end)?;
                }
            }
        }
    }
}
