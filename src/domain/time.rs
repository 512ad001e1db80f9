//! Timestamps as the store keeps them, and the clock that makes them.

use jiff::Timestamp;
use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Where "now" comes from: the wall clock for what a person reads, and a
/// monotonic clock for durations. Injected so tests run on fake time.
pub trait Clock {
    /// Wall-clock time (UTC); it may jump (NTP, a time-zone change).
    fn now(&self) -> Timestamp;
    /// Time since an arbitrary fixed origin; it never jumps or goes back.
    fn monotonic(&self) -> Duration;
}

/// The machine's clocks.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        Self {
            origin: Instant::now(),
        }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
    fn monotonic(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// A clock tests move by hand: `advance` moves both clocks, `jump_wall`
/// only the wall clock, as NTP or a time-zone change would.
#[derive(Debug)]
pub struct FakeClock {
    wall: Cell<Timestamp>,
    elapsed: Cell<Duration>,
}

impl FakeClock {
    pub fn at(wall: Timestamp) -> Rc<Self> {
        Rc::new(Self {
            wall: Cell::new(wall),
            elapsed: Cell::new(Duration::ZERO),
        })
    }

    pub fn advance(&self, by: Duration) {
        self.elapsed.set(self.elapsed.get() + by);
        self.jump_wall(by.as_secs_f64());
    }

    /// Moves the wall clock by `seconds` (negative goes back) and nothing else.
    pub fn jump_wall(&self, seconds: f64) {
        let span = jiff::SignedDuration::from_secs_f64(seconds);
        if let Ok(wall) = self.wall.get().checked_add(span) {
            self.wall.set(wall);
        }
    }
}

impl Clock for Rc<FakeClock> {
    fn now(&self) -> Timestamp {
        self.wall.get()
    }
    fn monotonic(&self) -> Duration {
        self.elapsed.get()
    }
}

/// How long ago `then` was at `now`, as a status line says it: "just
/// now", "2 min ago", "3 h ago", "1 day ago", "4 days ago".
pub fn ago(then: Timestamp, now: Timestamp) -> String {
    match now.as_second() - then.as_second() {
        s if s < 60 => "just now".into(),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{} h ago", s / 3600),
        s if s < 2 * 86_400 => "1 day ago".into(),
        s => format!("{} days ago", s / 86_400),
    }
}

/// UTC with microseconds and a fixed width, so text order is time order.
pub fn utc_string(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// A stored UTC time shown in the given (usually the local) zone, to the minute.
pub fn local_minute(stored: &str, zone: &jiff::tz::TimeZone) -> String {
    local(stored, zone, "%Y-%m-%d %H:%M")
}

/// The date of a stored UTC time in the given zone: `YYYY-MM-DD`.
pub fn local_date(stored: &str, zone: &jiff::tz::TimeZone) -> String {
    local(stored, zone, "%Y-%m-%d")
}

fn local(stored: &str, zone: &jiff::tz::TimeZone, format: &str) -> String {
    match stored.parse::<Timestamp>() {
        Ok(ts) => ts
            .to_zoned_datetime(zone.clone())
            .strftime(format)
            .to_string(),
        Err(_) => stored.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_strings_have_fixed_width() {
        let ts: Timestamp = "2026-11-25T14:00:00Z".parse().unwrap();
        assert_eq!(utc_string(ts), "2026-11-25T14:00:00.000000Z");
        let back: Timestamp = utc_string(ts).parse().unwrap();
        assert_eq!(back, ts);
    }
}
