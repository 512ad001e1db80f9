//! Timestamps as the store keeps them, and the clock that makes them.

use jiff::Timestamp;

/// Where "now" comes from. Injected so tests run on fake time.
pub trait Clock {
    fn now(&self) -> Timestamp;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that always says the same time, for tests and snapshots.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// UTC with microseconds and a fixed width, so text order is time order.
pub fn utc_string(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// A stored UTC time shown in the given (usually the local) zone, to the minute.
pub fn local_minute(stored: &str, zone: &jiff::tz::TimeZone) -> String {
    match stored.parse::<Timestamp>() {
        Ok(ts) => ts
            .to_zoned_datetime(zone.clone())
            .strftime("%Y-%m-%d %H:%M")
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
