//! The bot's clocks: the one shifts and the scheduler run on (the system
//! clock, or one a test moves by hand) and the school's local time of
//! assignments.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::school::calendar;

/// The clock shifts run on: the system clock, or one a test moves by hand.
#[derive(Debug, Clone, Default)]
pub enum ShiftClock {
    #[default]
    System,
    /// Unix seconds, set by the test.
    Manual(Arc<AtomicI64>),
}

impl ShiftClock {
    pub fn manual(start: DateTime<Utc>) -> ShiftClock {
        ShiftClock::Manual(Arc::new(AtomicI64::new(start.timestamp())))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            ShiftClock::System => Utc::now(),
            ShiftClock::Manual(at) => {
                DateTime::from_timestamp(at.load(Ordering::SeqCst), 0).unwrap_or_default()
            }
        }
    }

    /// Sets a manual clock (no effect on the system clock).
    pub fn set(&self, to: DateTime<Utc>) {
        if let ShiftClock::Manual(at) = self {
            at.store(to.timestamp(), Ordering::SeqCst);
        }
    }

    /// Moves a manual clock forward (no effect on the system clock).
    pub fn advance(&self, seconds: i64) {
        if let ShiftClock::Manual(at) = self {
            at.fetch_add(seconds, Ordering::SeqCst);
        }
    }

    /// Seconds of shift time since `started`.
    pub(super) fn since(&self, started: DateTime<Utc>) -> u64 {
        (self.now() - started).num_seconds().max(0) as u64
    }
}

/// Time settings of assignments.
#[derive(Debug, Clone)]
pub struct Settings {
    pub clock: ShiftClock,
    pub tz: Tz,
    /// Automatic reminder this long before a deadline (None: no reminders).
    pub remind_before: Option<chrono::Duration>,
}

impl Settings {
    pub fn new(clock: ShiftClock, tz: Tz, reminder_hours: u32) -> Settings {
        Settings {
            clock,
            tz,
            remind_before: (reminder_hours > 0)
                .then(|| chrono::Duration::hours(i64::from(reminder_hours))),
        }
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub(super) fn date(&self, unix: i64) -> String {
        DateTime::from_timestamp(unix, 0)
            .map(|t| calendar::dutch(self.tz, t))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_only_moves_when_told() {
        let start = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let clock = ShiftClock::manual(start);
        assert_eq!(clock.since(start), 0);
        clock.advance(90);
        assert_eq!(clock.since(start), 90);
        assert_eq!(clock.since(start + chrono::Duration::seconds(100)), 0);
    }
}
