//! A running (or reopened) interview's steps, talks, notes and quotes with
//! the numbers the Interview pane draws kept up to date per event: a step,
//! a talk toggle or a note changes them once, so a frame (the 1 Hz clock
//! tick included) costs the same at the first note and the five-thousandth.
//! What it gives equals [`phase_actuals`], [`talk_stats`] and
//! [`Record::notes_of`] over the same events (a proptest checks it after
//! every change); those full computations stay for the exports.
//!
//! The kept numbers hold while events arrive in time order, as they do
//! from the pane's clock. A step taken before an earlier event, a talk
//! ended before it started, or a question asked at a moment before the
//! latest event (none of which the pane makes) switches to computing in
//! full, and so does asking about a moment before the latest event.

use super::interview::{
    Interview, Note, NoteKind, Record, Step, Talk, TalkStats, phase_actuals, ratio, talk_stats,
};
use super::shadow::span_ms;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct InterviewLog {
    pub interview: Interview,
    steps: Vec<Step>,
    talks: Vec<Talk>,
    notes: Vec<Note>,
    /// Positions in `notes` of each question's notes and quotes, in order.
    by_question: HashMap<usize, Vec<usize>>,
    /// Positions in `talks` of the talks still running, in order.
    open_talks: Vec<usize>,
    /// The latest offset of any step, talk start or talk end.
    frontier: i64,
    /// Events came in time order: the kept numbers hold.
    in_order: bool,
    /// Per phase, over the stretches closed by a later step: their time in
    /// whole seconds (`phase_actuals`), in ms, and the talk within them.
    closed_actual: Vec<i64>,
    closed_ms: Vec<i64>,
    closed_talk: Vec<i64>,
    /// Ended talks within the current step's stretch (it is still open).
    current_talk: i64,
    /// Ended talks: time within [0, ∞) and the longest.
    ended_talking: i64,
    ended_longest: Option<i64>,
}

/// One event of the replay that builds the numbers from loaded data.
#[derive(Clone, Copy)]
enum Replay {
    TalkStart(usize),
    Step,
    TalkEnd(usize),
}

impl InterviewLog {
    /// The log of an interview's record as loaded.
    pub fn new(record: Record) -> Self {
        let phases = record.interview.script.phases.len();
        let mut log = Self {
            interview: record.interview,
            steps: Vec::with_capacity(record.steps.len()),
            talks: record.talks,
            notes: Vec::new(),
            by_question: HashMap::new(),
            open_talks: Vec::new(),
            frontier: i64::MIN,
            in_order: true,
            closed_actual: vec![0; phases],
            closed_ms: vec![0; phases],
            closed_talk: vec![0; phases],
            current_talk: 0,
            ended_talking: 0,
            ended_longest: None,
        };
        log.set_notes(record.notes);
        // Replayed in time order: starts, then steps, then ends at one
        // offset; steps keep their recorded order (a stable sort).
        let mut replay: Vec<(i64, u8, Replay)> = Vec::new();
        for step in &record.steps {
            replay.push((step.offset_ms, 1, Replay::Step));
        }
        for (i, talk) in log.talks.iter().enumerate() {
            replay.push((talk.start_ms, 0, Replay::TalkStart(i)));
            if let Some(end) = talk.end_ms {
                replay.push((end, 2, Replay::TalkEnd(i)));
            }
        }
        replay.sort_by_key(|(at, rank, _)| (*at, *rank));
        let mut steps = record.steps.into_iter();
        for (_, _, event) in replay {
            match event {
                Replay::TalkStart(i) => {
                    let start = log.talks[i].start_ms;
                    log.talk_started(i, start);
                }
                Replay::Step => {
                    if let Some(step) = steps.next() {
                        log.add_step(step);
                    }
                }
                Replay::TalkEnd(i) => {
                    if let Some(end) = log.talks[i].end_ms {
                        log.talk_ended(i, end);
                    }
                }
            }
        }
        log
    }

    /// The record at `end_ms`, for the summary and the exports.
    pub fn to_record(&self, end_ms: i64) -> Record {
        Record {
            interview: self.interview.clone(),
            steps: self.steps.clone(),
            notes: self.notes.clone(),
            talks: self.talks.clone(),
            end_ms,
        }
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn talks(&self) -> &[Talk] {
        &self.talks
    }

    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    fn phase_of(&self, question: usize) -> usize {
        self.interview.script.phase_of(question)
    }

    fn seen(&mut self, offset_ms: i64) {
        if offset_ms < self.frontier {
            self.in_order = false;
        }
        self.frontier = self.frontier.max(offset_ms);
    }

    /// Makes `step.question` current at `step.offset_ms`.
    pub fn add_step(&mut self, step: Step) {
        self.seen(step.offset_ms);
        if let Some(last) = self.steps.last().copied() {
            // The stretch of the step before closes here.
            let (from, to) = (last.offset_ms, step.offset_ms);
            let phase = self.phase_of(last.question);
            if to > from && phase < self.closed_ms.len() {
                let running: i64 = self
                    .open_talks
                    .iter()
                    .map(|&i| (to - self.talks[i].start_ms.max(from)).max(0))
                    .sum();
                self.closed_actual[phase] += span_ms(from, to);
                self.closed_ms[phase] += to - from;
                self.closed_talk[phase] += self.current_talk + running;
            }
        }
        // Ended talks end at or before this step: none reaches past it.
        self.current_talk = 0;
        self.steps.push(step);
    }

    /// A talk begins (its `end_ms` is `None`).
    pub fn start_talk(&mut self, talk: Talk) {
        self.talks.push(talk);
        let i = self.talks.len() - 1;
        let start = self.talks[i].start_ms;
        match self.talks[i].end_ms {
            None => self.talk_started(i, start),
            Some(end) => {
                self.talk_started(i, start);
                self.talk_ended(i, end);
            }
        }
    }

    fn talk_started(&mut self, i: usize, start_ms: i64) {
        self.seen(start_ms);
        self.open_talks.push(i);
    }

    /// Ends the running talk `id` at `end_ms` (not before its start).
    pub fn end_talk(&mut self, id: &str, end_ms: i64) {
        let Some(i) = self
            .open_talks
            .iter()
            .copied()
            .find(|&i| self.talks[i].id == id)
            .or_else(|| {
                self.talks
                    .iter()
                    .position(|t| t.id == id && t.end_ms.is_none())
            })
        else {
            return;
        };
        let end = end_ms.max(self.talks[i].start_ms);
        self.talks[i].end_ms = Some(end);
        self.talk_ended(i, end);
    }

    fn talk_ended(&mut self, i: usize, end_ms: i64) {
        self.seen(end_ms);
        self.open_talks.retain(|&open| open != i);
        let start = self.talks[i].start_ms;
        if end_ms < start {
            self.in_order = false;
        }
        self.ended_talking += (end_ms - start.max(0)).max(0);
        self.ended_longest = Some(
            self.ended_longest
                .map_or(end_ms - start, |l| l.max(end_ms - start)),
        );
        if let Some(last) = self.steps.last() {
            self.current_talk += (end_ms - start.max(last.offset_ms)).max(0);
        }
    }

    /// The newest talk still running.
    pub fn open_talk(&self) -> Option<&Talk> {
        if self.in_order {
            self.open_talks.last().map(|&i| &self.talks[i])
        } else {
            self.talks.iter().rev().find(|t| t.end_ms.is_none())
        }
    }

    /// Replaces the notes and quotes (read again after a change).
    pub fn set_notes(&mut self, notes: Vec<Note>) {
        self.notes = notes;
        self.by_question.clear();
        for (i, note) in self.notes.iter().enumerate() {
            self.by_question.entry(note.question).or_default().push(i);
        }
    }

    /// Adds a quote (or a note) after the others.
    pub fn push_note(&mut self, note: Note) {
        self.by_question
            .entry(note.question)
            .or_default()
            .push(self.notes.len());
        self.notes.push(note);
    }

    /// Sets the words of a question's note, adding it when there is none.
    pub fn set_note(&mut self, question: usize, offset_ms: i64, text: String) {
        let existing = self.by_question.get(&question).and_then(|of| {
            of.iter()
                .copied()
                .find(|&i| self.notes[i].kind == NoteKind::Note)
        });
        match existing {
            Some(i) => self.notes[i].text = text,
            None => self.push_note(Note {
                id: String::new(),
                question,
                kind: NoteKind::Note,
                offset_ms,
                text,
            }),
        }
    }

    /// The note (when it has words) and the quotes of one question, as
    /// [`Record::notes_of`] gives them.
    pub fn notes_of(&self, question: usize) -> (Option<&Note>, Vec<&Note>) {
        let of = self
            .by_question
            .get(&question)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&i| &self.notes[i]);
        (
            of.clone()
                .find(|n| n.kind == NoteKind::Note && !n.text.trim().is_empty()),
            of.filter(|n| n.kind == NoteKind::Quote).collect(),
        )
    }

    /// Whether the kept numbers hold at `now_ms`.
    fn kept(&self, now_ms: i64) -> bool {
        self.in_order && now_ms >= self.frontier
    }

    /// The current step's stretch up to `now_ms` when it is in `phase`.
    fn current_stretch(&self, phase: usize, now_ms: i64) -> Option<(i64, i64)> {
        let last = self.steps.last()?;
        (self.phase_of(last.question) == phase && now_ms > last.offset_ms)
            .then_some((last.offset_ms, now_ms))
    }

    /// How long `phase` has been current up to `now_ms`, as
    /// [`phase_actuals`] gives it.
    pub fn phase_actual(&self, phase: usize, now_ms: i64) -> i64 {
        if !self.kept(now_ms) {
            let script = &self.interview.script;
            return phase_actuals(script, &self.steps, now_ms)
                .get(phase)
                .copied()
                .unwrap_or(0);
        }
        let Some(closed) = self.closed_actual.get(phase) else {
            return 0;
        };
        closed
            + self
                .current_stretch(phase, now_ms)
                .map_or(0, |(from, to)| span_ms(from, to))
    }

    /// The talk meter's numbers at `now_ms` with `phase` current, as
    /// [`talk_stats`] gives them.
    pub fn talk(&self, phase: usize, now_ms: i64) -> TalkStats {
        if !self.kept(now_ms) {
            let script = &self.interview.script;
            return talk_stats(script, &self.steps, &self.talks, phase, now_ms);
        }
        let running = || self.open_talks.iter().map(|&i| self.talks[i].start_ms);
        let talking_ms = self.ended_talking
            + running()
                .map(|start| (now_ms - start.max(0)).max(0))
                .sum::<i64>();
        let longest = running()
            .map(|start| now_ms - start)
            .chain(self.ended_longest)
            .max()
            .unwrap_or(0)
            .max(0);
        let (mut phase_ms, mut phase_talk) = (
            self.closed_ms.get(phase).copied().unwrap_or(0),
            self.closed_talk.get(phase).copied().unwrap_or(0),
        );
        if phase < self.closed_ms.len()
            && let Some((from, to)) = self.current_stretch(phase, now_ms)
        {
            phase_ms += to - from;
            phase_talk += self.current_talk
                + running()
                    .map(|start| (to - start.max(from)).max(0))
                    .sum::<i64>();
        }
        TalkStats {
            talking_ms,
            ratio: ratio(talking_ms, now_ms),
            phase_ratio: ratio(phase_talk, phase_ms),
            longest_ms: longest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::script::{DEFAULT_SCRIPT, Placeholders, Script};
    use proptest::prelude::*;

    fn interview() -> Interview {
        Interview {
            id: "i".into(),
            participant: "Robin".into(),
            team: String::new(),
            script_name: "default".into(),
            script: Script::parse(DEFAULT_SCRIPT).unwrap(),
            placeholders: Placeholders::default(),
            assumptions: Vec::new(),
            ranking: Vec::new(),
            started_at: String::new(),
            ended_at: None,
            duration_ms: None,
            last_offset_ms: 0,
            current_question: 0,
            updated_at: String::new(),
        }
    }

    /// What the log gives equals the full computation over its events.
    fn same_as_full(log: &InterviewLog, now: i64) -> Result<(), TestCaseError> {
        let record = log.to_record(now);
        let script = &record.interview.script;
        for phase in 0..=script.phases.len() {
            prop_assert_eq!(
                log.phase_actual(phase, now),
                phase_actuals(script, &record.steps, now)
                    .get(phase)
                    .copied()
                    .unwrap_or(0),
                "phase {} at {}",
                phase,
                now
            );
            prop_assert_eq!(
                log.talk(phase, now),
                talk_stats(script, &record.steps, &record.talks, phase, now),
                "talk in phase {} at {}",
                phase,
                now
            );
        }
        for question in 0..=script.question_count() {
            prop_assert_eq!(log.notes_of(question), record.notes_of(question));
        }
        prop_assert_eq!(
            log.open_talk(),
            record.talks.iter().rev().find(|t| t.end_ms.is_none())
        );
        Ok(())
    }

    #[derive(Debug, Clone)]
    enum Change {
        /// A step to a question after (or, rarely, before) the latest event.
        Step(usize, i64),
        /// Starts a talk, or ends the running one.
        Talk(i64),
        Quote(usize, i64),
        Note(usize, usize),
        /// The notes read again, as after an edit or a delete.
        Reload(Option<usize>),
    }

    fn change() -> impl Strategy<Value = Change> {
        prop_oneof![
            3 => (0usize..14, -2_000i64..90_000).prop_map(|(q, d)| Change::Step(q, d)),
            3 => (-2_000i64..90_000).prop_map(Change::Talk),
            2 => (0usize..14, 0i64..90_000).prop_map(|(q, d)| Change::Quote(q, d)),
            1 => (0usize..14, 0usize..3).prop_map(|(q, t)| Change::Note(q, t)),
            1 => proptest::option::of(any::<usize>()).prop_map(Change::Reload),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn the_kept_numbers_equal_a_full_recompute_after_every_change(
            changes in proptest::collection::vec(change(), 0..60),
            probes in proptest::collection::vec(0i64..200_000, 1..3),
        ) {
            let mut log = InterviewLog::new(log_record());
            let mut at = 0i64;
            let mut n = 0;
            for change in changes {
                n += 1;
                match change {
                    Change::Step(question, by) => {
                        // Mostly forward; now and then before the latest.
                        at = (at + by).max(0);
                        log.add_step(Step { question, offset_ms: at });
                    }
                    Change::Talk(by) => {
                        at = (at + by).max(0);
                        match log.open_talk().map(|t| t.id.clone()) {
                            Some(id) => log.end_talk(&id, at),
                            None => log.start_talk(Talk {
                                id: format!("t{n}"),
                                start_ms: at,
                                end_ms: None,
                            }),
                        }
                    }
                    Change::Quote(question, by) => log.push_note(Note {
                        id: format!("n{n}"),
                        question,
                        kind: NoteKind::Quote,
                        offset_ms: at + by,
                        text: format!("quote {n}"),
                    }),
                    Change::Note(question, text) => {
                        log.set_note(question, at, ["", "  ", "waits on CI"][text].to_string());
                    }
                    Change::Reload(drop) => {
                        let mut notes = log.notes().to_vec();
                        if let Some(i) = drop.filter(|_| !notes.is_empty()) {
                            notes.remove(i % notes.len());
                        }
                        log.set_notes(notes);
                    }
                }
                let frontier = log.frontier.max(0);
                for now in [frontier, frontier + 999, frontier + 61_000] {
                    same_as_full(&log, now)?;
                }
                for probe in &probes {
                    same_as_full(&log, *probe)?;
                }
                // Loading the same record again gives the same numbers.
                let again = InterviewLog::new(log.to_record(0));
                for now in [frontier, frontier + 1_500] {
                    same_as_full(&again, now)?;
                    prop_assert_eq!(again.talk(1, now), log.talk(1, now));
                }
            }
        }
    }

    fn log_record() -> Record {
        Record {
            interview: interview(),
            steps: vec![Step {
                question: 0,
                offset_ms: 0,
            }],
            notes: Vec::new(),
            talks: Vec::new(),
            end_ms: 0,
        }
    }

    #[test]
    fn a_long_interview_keeps_its_numbers_without_recounting() {
        // 5,000 quotes and 2,000 talks: the numbers are kept, so they hold
        // in order and equal the full computation.
        let mut log = InterviewLog::new(log_record());
        for n in 0..2_000i64 {
            log.start_talk(Talk {
                id: format!("t{n}"),
                start_ms: n * 1_000,
                end_ms: None,
            });
            log.end_talk(&format!("t{n}"), n * 1_000 + 300);
            if n % 100 == 0 {
                log.add_step(Step {
                    question: (n / 100) as usize % 14,
                    offset_ms: n * 1_000 + 500,
                });
            }
        }
        for n in 0..5_000 {
            log.push_note(Note {
                id: format!("q{n}"),
                question: n % 14,
                kind: NoteKind::Quote,
                offset_ms: 2_000_000,
                text: "q".into(),
            });
        }
        assert!(log.in_order);
        let now = 2_100_000;
        let record = log.to_record(now);
        let script = &record.interview.script;
        assert_eq!(
            log.talk(2, now),
            talk_stats(script, &record.steps, &record.talks, 2, now)
        );
        assert_eq!(log.notes_of(3).1.len(), record.notes_of(3).1.len());
    }
}
