//! Developer shadowing: sessions, the events a researcher stamps, the
//! session's own clock (paused time excluded, immune to wall-clock jumps),
//! and the summary the seed's "Developer Shadowing Notes" template asks for.

use super::error::InputError;
use std::time::Duration;

/// What a stamp records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    Note,
    Friction,
    Tool,
    Switch,
    Wait,
    Wish,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::Note,
        EventKind::Friction,
        EventKind::Tool,
        EventKind::Switch,
        EventKind::Wait,
        EventKind::Wish,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EventKind::Note => "note",
            EventKind::Friction => "friction",
            EventKind::Tool => "tool",
            EventKind::Switch => "switch",
            EventKind::Wait => "wait",
            EventKind::Wish => "wish",
        }
    }

    /// What the text input asks for after the stamp.
    pub fn prompt(self) -> &'static str {
        match self {
            EventKind::Note => "Observation",
            EventKind::Friction => "Friction: where did they struggle?",
            EventKind::Tool => "Tool or doc opened (Tab completes)",
            EventKind::Switch => "Context switch: to what?",
            EventKind::Wait => "Waiting for what?",
            EventKind::Wish => "\"I wish…\" — their words",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == text)
    }
}

/// A shadowing session as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: String,
    pub participant: String,
    pub workflow: String,
    /// The researcher's guess of how long the task takes, in minutes.
    pub researcher_guess_min: Option<f64>,
    /// The developer's own guess, in minutes.
    pub developer_guess_min: Option<f64>,
    pub started_at: String,
    pub ended_at: Option<String>,
    /// Active time at the end, paused time excluded.
    pub duration_ms: Option<i64>,
    /// The latest offset known to be durable (stamps and heartbeats), for
    /// resuming after a crash.
    pub last_offset_ms: i64,
    pub paused: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Session {
    pub fn is_ended(&self) -> bool {
        self.ended_at.is_some()
    }

    pub fn short_id(&self) -> &str {
        self.id.get(..8).unwrap_or(&self.id)
    }
}

/// One stamped moment.
#[derive(Debug, Clone, PartialEq)]
pub struct ShadowEvent {
    pub id: String,
    pub kind: EventKind,
    /// Active time since the session's start when the key was pressed.
    pub offset_ms: i64,
    /// Wall-clock time (UTC) of the press, for the record.
    pub wall_at: String,
    pub text: String,
    /// For a wait: when it ended, or `None` while it runs.
    pub end_offset_ms: Option<i64>,
    pub end_wall_at: Option<String>,
}

/// What a researcher gives to start a session.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    pub participant: String,
    pub workflow: String,
    pub researcher_guess_min: Option<f64>,
    pub developer_guess_min: Option<f64>,
}

/// Required one-line text of at most `max` characters.
pub fn parse_required(field: &str, text: &str, max: usize) -> Result<String, InputError> {
    let t = text.trim();
    let chars = t.chars().count();
    if chars == 0 {
        return Err(InputError::new(
            field,
            format!("must not be empty (1–{max} characters)"),
        ));
    }
    if chars > max {
        return Err(InputError::new(
            field,
            format!("must be at most {max} characters, got {chars}"),
        ));
    }
    Ok(t.chars().filter(|c| !c.is_control()).collect())
}

/// An optional guess in minutes: empty, or a number > 0.
pub fn parse_minutes(field: &str, text: &str) -> Result<Option<f64>, InputError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let ok =
        t.chars().all(|c| c.is_ascii_digit() || c == '.') && t.chars().any(|c| c.is_ascii_digit());
    match t.parse::<f64>() {
        Ok(v)
            if ok
                && v > 0.0
                && v <= 100_000.0
                && crate::domain::rice::has_two_decimals_at_most(v) =>
        {
            Ok(Some(v))
        }
        _ => Err(InputError::new(
            field,
            format!(
                "must be minutes above 0, at most 100,000, 2 decimals at most \
                 (or empty), got '{t}'"
            ),
        )),
    }
}

impl NewSession {
    pub fn parse(
        participant: &str,
        workflow: &str,
        researcher_guess: &str,
        developer_guess: &str,
    ) -> Result<Self, InputError> {
        Ok(Self {
            participant: parse_required("participant", participant, 200)?,
            workflow: parse_required("workflow", workflow, 500)?,
            researcher_guess_min: parse_minutes("researcher's guess", researcher_guess)?,
            developer_guess_min: parse_minutes("developer's guess", developer_guess)?,
        })
    }
}

/// The session's running clock. Offsets come from the monotonic clock and
/// the session's own start, so paused time is excluded and a wall-clock jump
/// can neither reorder nor stretch the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionClock {
    /// Active time accumulated before `running_since`.
    base: Duration,
    /// Monotonic reading when the clock last started running.
    running_since: Option<Duration>,
}

impl SessionClock {
    /// A clock that reads `offset_ms` now, running or paused.
    pub fn resume_at(offset_ms: i64, running: bool, monotonic_now: Duration) -> Self {
        Self {
            base: Duration::from_millis(offset_ms.max(0) as u64),
            running_since: running.then_some(monotonic_now),
        }
    }

    pub fn offset(&self, monotonic_now: Duration) -> Duration {
        match self.running_since {
            Some(since) => self.base + monotonic_now.saturating_sub(since),
            None => self.base,
        }
    }

    pub fn offset_ms(&self, monotonic_now: Duration) -> i64 {
        i64::try_from(self.offset(monotonic_now).as_millis()).unwrap_or(i64::MAX)
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    pub fn pause(&mut self, monotonic_now: Duration) {
        self.base = self.offset(monotonic_now);
        self.running_since = None;
    }

    pub fn resume(&mut self, monotonic_now: Duration) {
        if self.running_since.is_none() {
            self.running_since = Some(monotonic_now);
        }
    }
}

/// `mm:ss` with minutes unbounded (`125:04` in a long session).
pub fn format_offset(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// How long from `start_ms` to `end_ms`, as the screen and the notes count
/// it: both ends are first cut to the whole second they fall in (as every
/// offset is shown), so a duration is the difference of the times shown
/// beside it, and the parts of a stretch add up to the whole.
pub fn span_ms(start_ms: i64, end_ms: i64) -> i64 {
    (end_ms.div_euclid(1000) - start_ms.div_euclid(1000)).max(0) * 1000
}

/// `h:mm:ss` for the big clock and durations.
pub fn format_duration(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Minutes, for durations beside predictions: `47 min`, `1.5 min`.
pub fn format_minutes(minutes: f64) -> String {
    format!(
        "{} min",
        super::rice::format_number((minutes * 10.0).round() / 10.0)
    )
}

/// The seed template's summary of one session.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub duration_ms: i64,
    /// Every event by offset.
    pub time_log: Vec<ShadowEvent>,
    pub friction: Vec<ShadowEvent>,
    /// Tools in order of first use, each once (case-insensitive).
    pub tools: Vec<String>,
    pub switches: usize,
    /// Waiting time: the union of the waits, so overlaps count once; a wait
    /// still open counts up to the session's end.
    pub waiting_ms: i64,
    pub waits: usize,
    pub wishes: Vec<ShadowEvent>,
    pub researcher_guess_min: Option<f64>,
    pub developer_guess_min: Option<f64>,
}

impl Summary {
    pub fn duration_min(&self) -> f64 {
        self.duration_ms as f64 / 60_000.0
    }
}

/// Summarizes `events` of `session` whose active time so far is `end_ms`.
pub fn summarize(session: &Session, events: &[ShadowEvent], end_ms: i64) -> Summary {
    let mut time_log = events.to_vec();
    time_log.sort_by_key(|e| e.offset_ms);
    let of = |kind| {
        time_log
            .iter()
            .filter(move |e: &&ShadowEvent| e.kind == kind)
    };
    let mut tools: Vec<String> = Vec::new();
    for event in of(EventKind::Tool) {
        let name = event.text.trim();
        if !name.is_empty()
            && !tools
                .iter()
                .any(|t| t.to_lowercase() == name.to_lowercase())
        {
            tools.push(name.to_string());
        }
    }
    let waiting_ms = waiting_within(
        of(EventKind::Wait).map(|e| (e.offset_ms, e.end_offset_ms)),
        end_ms,
    );
    Summary {
        duration_ms: end_ms.max(0),
        friction: of(EventKind::Friction).cloned().collect(),
        tools,
        switches: of(EventKind::Switch).count(),
        waiting_ms,
        waits: of(EventKind::Wait).count(),
        wishes: of(EventKind::Wish).cloned().collect(),
        researcher_guess_min: session.researcher_guess_min,
        developer_guess_min: session.developer_guess_min,
        time_log,
    }
}

/// The union of waits (start, end or `None` while open) within [0, `end_ms`],
/// an open one counting up to `end_ms`, overlaps once, in whole seconds.
pub fn waiting_within(waits: impl Iterator<Item = (i64, Option<i64>)>, end_ms: i64) -> i64 {
    let last = end_ms.max(0);
    let mut spans: Vec<(i64, i64)> = waits
        .map(|(start, end)| {
            let start = start.clamp(0, last);
            (start, end.unwrap_or(end_ms).clamp(start, last))
        })
        .collect();
    spans.sort_unstable();
    let mut waiting_ms = 0;
    let mut covered_to = i64::MIN;
    for (start, end) in spans {
        let from = start.max(covered_to);
        if end > from {
            waiting_ms += span_ms(from, end);
        }
        covered_to = covered_to.max(end);
    }
    waiting_ms
}

/// Completes a tool name from the tools already used: the first one that
/// starts with `prefix` (case-insensitive) and is longer than it.
pub fn complete_tool<'a>(prefix: &str, tools: &'a [String]) -> Option<&'a str> {
    let p = prefix.trim().to_lowercase();
    if p.is_empty() {
        return None;
    }
    tools
        .iter()
        .find(|t| t.to_lowercase().starts_with(&p) && t.len() > prefix.trim().len())
        .map(String::as_str)
}

/// One cell of the timeline strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Empty,
    Waiting,
    Switch,
    Wish,
    Friction,
}

/// The session drawn across `width` cells: where friction, switches and
/// wishes fell, and the waiting spans. A cell shows the weightiest mark in it.
/// The Shadow pane draws [`super::session_log::SessionLog::timeline`],
/// kept per event; this full computation is its test oracle.
#[cfg(test)]
pub fn timeline(events: &[ShadowEvent], end_ms: i64, width: usize) -> Vec<Mark> {
    let mut cells = vec![Mark::Empty; width];
    if width == 0 || end_ms <= 0 {
        return cells;
    }
    let cell_of = |ms: i64| ((ms.clamp(0, end_ms) as f64 / end_ms as f64) * width as f64) as usize;
    let cell_of = |ms| cell_of(ms).min(width - 1);
    let weight = |m: Mark| m as u8;
    let mut put = |i: usize, mark: Mark| {
        if weight(mark) > weight(cells[i]) {
            cells[i] = mark;
        }
    };
    for e in events {
        match e.kind {
            EventKind::Wait => {
                let end = e.end_offset_ms.unwrap_or(end_ms);
                for i in cell_of(e.offset_ms)..=cell_of(end) {
                    put(i, Mark::Waiting);
                }
            }
            EventKind::Switch => put(cell_of(e.offset_ms), Mark::Switch),
            EventKind::Wish => put(cell_of(e.offset_ms), Mark::Wish),
            EventKind::Friction => put(cell_of(e.offset_ms), Mark::Friction),
            EventKind::Note | EventKind::Tool => {}
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        Session {
            id: "s".into(),
            participant: "Alex".into(),
            workflow: "deploy".into(),
            researcher_guess_min: Some(15.0),
            developer_guess_min: Some(5.0),
            started_at: String::new(),
            ended_at: None,
            duration_ms: None,
            last_offset_ms: 0,
            paused: false,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn event(kind: EventKind, offset_s: i64, text: &str) -> ShadowEvent {
        ShadowEvent {
            id: format!("{offset_s}"),
            kind,
            offset_ms: offset_s * 1000,
            wall_at: String::new(),
            text: text.into(),
            end_offset_ms: None,
            end_wall_at: None,
        }
    }

    fn wait(from_s: i64, to_s: Option<i64>) -> ShadowEvent {
        ShadowEvent {
            end_offset_ms: to_s.map(|s| s * 1000),
            ..event(EventKind::Wait, from_s, "build")
        }
    }

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn spans_are_differences_of_the_seconds_shown() {
        // 02:39.9 until 02:55.1 shows 02:39 and 02:55: 16 seconds.
        assert_eq!(span_ms(159_900, 175_100), 16_000);
        // Three waits of 29.9 s, 25.9 s and 15.9 s back to back add up to
        // their whole stretch.
        let parts = span_ms(0, 29_900) + span_ms(29_900, 55_800) + span_ms(55_800, 71_700);
        assert_eq!(parts, span_ms(0, 71_700));
        assert_eq!(format_duration(span_ms(0, 71_700)), "0:01:11");
    }

    #[test]
    fn clock_excludes_pauses_and_ignores_wall_jumps() {
        let mut clock = SessionClock::resume_at(0, true, 100 * S);
        assert_eq!(clock.offset(160 * S), 60 * S);
        clock.pause(160 * S);
        assert!(!clock.is_running());
        assert_eq!(clock.offset(1000 * S), 60 * S, "paused time is excluded");
        clock.resume(1000 * S);
        assert_eq!(clock.offset(1030 * S), 90 * S);
        clock.resume(1030 * S);
        assert_eq!(
            clock.offset(1040 * S),
            100 * S,
            "a second resume changes nothing"
        );
        // Resuming a stored session after a crash: the gap counts as paused.
        let resumed = SessionClock::resume_at(90_000, true, 5 * S);
        assert_eq!(resumed.offset_ms(7 * S), 92_000);
    }

    #[test]
    fn summary_of_a_session() {
        let events = vec![
            event(EventKind::Tool, 300, "kubectl"),
            event(EventKind::Friction, 480, "couldn't find the runbook"),
            event(EventKind::Switch, 500, "Slack"),
            wait(600, Some(900)),
            event(EventKind::Tool, 910, "Grafana"),
            event(EventKind::Tool, 920, "KUBECTL"),
            event(EventKind::Wish, 1000, "I wish deploys took one command"),
            event(EventKind::Switch, 1100, "docs"),
            event(EventKind::Note, 10, "started"),
        ];
        let s = summarize(&session(), &events, 2_820_000);
        assert_eq!(s.time_log[0].text, "started");
        assert_eq!(s.tools, ["kubectl", "Grafana"]);
        assert_eq!(s.switches, 2);
        assert_eq!(s.waiting_ms, 300_000);
        assert_eq!(s.friction.len(), 1);
        assert_eq!(s.wishes[0].text, "I wish deploys took one command");
        assert_eq!(s.duration_min(), 47.0);
    }

    #[test]
    fn overlapping_waits_count_once_and_an_open_wait_runs_to_the_end() {
        let events = vec![wait(100, Some(200)), wait(150, Some(250)), wait(400, None)];
        let s = summarize(&session(), &events, 500_000);
        assert_eq!(s.waiting_ms, 150_000 + 100_000);
        assert_eq!(s.waits, 3);
        // An edit that put a wait's end past the session's end is clamped.
        let s = summarize(&session(), &[wait(450, Some(900))], 500_000);
        assert_eq!(s.waiting_ms, 50_000);
    }

    #[test]
    fn empty_session() {
        let s = summarize(&session(), &[], 0);
        assert_eq!(s.duration_ms, 0);
        assert!(s.time_log.is_empty() && s.tools.is_empty());
        assert_eq!((s.switches, s.waiting_ms, s.waits), (0, 0, 0));
        assert_eq!(timeline(&[], 0, 10), vec![Mark::Empty; 10]);
    }

    #[test]
    fn formats() {
        assert_eq!(format_offset(0), "00:00");
        assert_eq!(format_offset(65_999), "01:05");
        assert_eq!(format_offset(7_505_000), "125:05");
        assert_eq!(format_duration(3_725_000), "1:02:05");
        assert_eq!(format_minutes(47.0), "47 min");
    }

    #[test]
    fn tool_completion() {
        let tools = vec!["kubectl".to_string(), "Grafana".to_string()];
        assert_eq!(complete_tool("ku", &tools), Some("kubectl"));
        assert_eq!(complete_tool("gr", &tools), Some("Grafana"));
        assert_eq!(complete_tool("kubectl", &tools), None);
        assert_eq!(complete_tool("", &tools), None);
    }

    #[test]
    fn timeline_marks() {
        let events = vec![
            event(EventKind::Friction, 0, ""),
            wait(50, Some(70)),
            event(EventKind::Switch, 90, ""),
            event(EventKind::Wish, 99, ""),
        ];
        let cells = timeline(&events, 100_000, 10);
        assert_eq!(cells[0], Mark::Friction);
        assert_eq!(&cells[5..8], [Mark::Waiting; 3]);
        assert_eq!(cells[9], Mark::Wish, "wish outweighs a switch in one cell");
    }

    #[test]
    fn new_session_rules() {
        assert!(NewSession::parse("Alex", "deploy", "", "").is_ok());
        assert_eq!(
            NewSession::parse(" ", "x", "", "").unwrap_err().field,
            "participant"
        );
        assert_eq!(
            NewSession::parse("a", "", "", "").unwrap_err().field,
            "workflow"
        );
        let err = NewSession::parse("a", "b", "-5", "").unwrap_err();
        assert_eq!(err.field, "researcher's guess");
        assert!(NewSession::parse("a", "b", "15", "0").is_err());
        assert_eq!(
            NewSession::parse("a", "b", "15", "2.5")
                .unwrap()
                .developer_guess_min,
            Some(2.5)
        );
    }
}
