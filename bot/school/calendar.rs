//! Local time for assignments: the deadlines teachers type, the weekly plan's
//! slots (a weekday and a time in `COACH_TIMEZONE`) and Dutch dates, the
//! same for every front end.
//!
//! Everything is computed from UTC instants and the zone's rules, so a
//! Monday 08:30 slot is 08:30 on the wall clock in winter and in summer; a
//! slot that falls into the spring-forward gap moves to the first minute
//! after it, and an ambiguous autumn time takes the first (summer) instant.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Timelike, Utc, Weekday,
};
use chrono_tz::Tz;

/// `COACH_TIMEZONE` when unset.
pub const DEFAULT_TIMEZONE: Tz = chrono_tz::Europe::Amsterdam;
/// Deadline when the teacher gives none.
pub const DEFAULT_DEADLINE_DAYS: i64 = 7;

/// A weekly moment in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklySlot {
    pub weekday: Weekday,
    pub time: NaiveTime,
}

impl Default for WeeklySlot {
    /// Monday 08:30: the start of the school week.
    fn default() -> Self {
        WeeklySlot {
            weekday: Weekday::Mon,
            time: NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default(),
        }
    }
}

impl WeeklySlot {
    /// Minutes after local midnight (as stored).
    pub fn minute_of_day(&self) -> i64 {
        i64::from(self.time.hour() * 60 + self.time.minute())
    }

    /// From the stored form (weekday 1 = Monday, minutes after midnight).
    pub fn from_stored(weekday: i64, minute: i64) -> WeeklySlot {
        let weekday = match weekday {
            2 => Weekday::Tue,
            3 => Weekday::Wed,
            4 => Weekday::Thu,
            5 => Weekday::Fri,
            6 => Weekday::Sat,
            7 => Weekday::Sun,
            _ => Weekday::Mon,
        };
        let minute = minute.clamp(0, 24 * 60 - 1) as u32;
        WeeklySlot {
            weekday,
            time: NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap_or_default(),
        }
    }

    /// "maandag 08:30".
    pub fn dutch(&self) -> String {
        format!(
            "{} {}",
            DAY_NAMES[self.weekday.num_days_from_monday() as usize],
            self.time.format("%H:%M")
        )
    }
}

const DAY_NAMES: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];
const DAY_SHORT: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
const MONTHS: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// A weekday written in Dutch: `maandag`, `ma`, `Maandag`.
pub fn parse_weekday(word: &str) -> Option<Weekday> {
    let w = word.trim().to_lowercase();
    let i = DAY_NAMES
        .iter()
        .position(|d| *d == w)
        .or_else(|| DAY_SHORT.iter().position(|d| *d == w))?;
    Weekday::try_from(i as u8).ok()
}

/// A time of day: `08:30`, `8:30`, `8.30`, `8`.
pub fn parse_time(word: &str) -> Option<NaiveTime> {
    let w = word.trim();
    let (h, m) = match w.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None => (w, "0"),
    };
    if h.is_empty() || h.len() > 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// The UTC instant of a local wall-clock time.
pub fn resolve(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    // A gap is at most a few hours (an hour in Europe): walk to its end.
    for minutes in 0..=24 * 60 {
        match tz.from_local_datetime(&(local + Duration::minutes(minutes))) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => continue,
        }
    }
    Utc.from_utc_datetime(&local)
}

/// The first occurrence of `slot` strictly after `after`.
pub fn next_slot(tz: Tz, slot: WeeklySlot, after: DateTime<Utc>) -> DateTime<Utc> {
    let today = after.with_timezone(&tz).date_naive();
    for days in 0..15 {
        let date = today + Duration::days(days);
        if date.weekday() != slot.weekday {
            continue;
        }
        let at = resolve(tz, date.and_time(slot.time));
        if at > after {
            return at;
        }
    }
    // Unreachable for real zones (two candidate weekdays in 15 days).
    after + Duration::days(7)
}

/// The next `n` occurrences of `slot` after `after`.
pub fn next_slots(tz: Tz, slot: WeeklySlot, after: DateTime<Utc>, n: usize) -> Vec<DateTime<Utc>> {
    let mut out = Vec::with_capacity(n);
    let mut at = after;
    for _ in 0..n {
        at = next_slot(tz, slot, at);
        out.push(at);
    }
    out
}

/// Why a typed deadline cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error("deadline not written as a date (and time)")]
    Unreadable,
    #[error("deadline lies in the past")]
    Past,
}

/// An assignment's deadline: an instant after the moment it was given.
/// Only [`Deadline::parse`] and [`Deadline::in_a_week`] make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deadline(DateTime<Utc>);

impl Deadline {
    /// A deadline as a teacher types it: `2026-12-04` (end of that day),
    /// `2026-12-04 17:00`, or the Dutch order `4-12-2026`, in local time.
    /// Must lie after `now`.
    pub fn parse(tz: Tz, text: &str, now: DateTime<Utc>) -> Result<Deadline, DeadlineError> {
        let mut words = text.split_whitespace();
        let date = words.next().ok_or(DeadlineError::Unreadable)?;
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(date, "%d-%m-%Y"))
            .map_err(|_| DeadlineError::Unreadable)?;
        let time = match words.next() {
            Some(t) => parse_time(t).ok_or(DeadlineError::Unreadable)?,
            None => NaiveTime::from_hms_opt(23, 59, 0).unwrap_or_default(),
        };
        if words.next().is_some() {
            return Err(DeadlineError::Unreadable);
        }
        let at = resolve(tz, date.and_time(time));
        if at <= now {
            return Err(DeadlineError::Past);
        }
        Ok(Deadline(at))
    }

    /// The deadline when the teacher gives none: seven days from now at the
    /// same wall-clock time.
    pub fn in_a_week(tz: Tz, now: DateTime<Utc>) -> Deadline {
        let local = now.with_timezone(&tz).naive_local();
        Deadline(resolve(tz, local + Duration::days(DEFAULT_DEADLINE_DAYS)))
    }

    pub fn at(self) -> DateTime<Utc> {
        self.0
    }

    /// Unix seconds, as stored.
    pub fn timestamp(self) -> i64 {
        self.0.timestamp()
    }
}

/// "ma 7 dec 2026 08:30" in local time.
pub fn dutch(tz: Tz, at: DateTime<Utc>) -> String {
    let l = at.with_timezone(&tz);
    format!(
        "{} {} {} {} {}",
        DAY_SHORT[l.weekday().num_days_from_monday() as usize],
        l.day(),
        MONTHS[l.month0() as usize],
        l.year(),
        l.format("%H:%M")
    )
}

/// An example deadline for help texts: a week from now, `YYYY-MM-DD HH:MM`.
pub fn example_deadline(tz: Tz, now: DateTime<Utc>) -> String {
    let l = (now + Duration::days(DEFAULT_DEADLINE_DAYS)).with_timezone(&tz);
    format!("{} 17:00", l.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("test time")
            .with_timezone(&Utc)
    }

    #[test]
    fn monday_half_past_eight_is_that_wall_clock_time_in_winter_and_in_summer() {
        let tz = DEFAULT_TIMEZONE;
        let slot = WeeklySlot::default();
        // Winter: UTC+1.
        assert_eq!(
            next_slot(tz, slot, utc("2027-01-06T12:00:00Z")),
            utc("2027-01-11T07:30:00Z")
        );
        // Summer: UTC+2.
        assert_eq!(
            next_slot(tz, slot, utc("2027-06-02T12:00:00Z")),
            utc("2027-06-07T06:30:00Z")
        );
    }

    #[test]
    fn weekly_slots_keep_their_local_time_across_both_dst_switches() {
        let tz = DEFAULT_TIMEZONE;
        let slot = WeeklySlot::default();
        // Summer time starts on Sunday 28 March 2027.
        let spring = next_slots(tz, slot, utc("2027-03-20T00:00:00Z"), 2);
        assert_eq!(
            spring,
            [utc("2027-03-22T07:30:00Z"), utc("2027-03-29T06:30:00Z")]
        );
        // And ends on Sunday 31 October 2027.
        let autumn = next_slots(tz, slot, utc("2027-10-23T00:00:00Z"), 2);
        assert_eq!(
            autumn,
            [utc("2027-10-25T06:30:00Z"), utc("2027-11-01T07:30:00Z")]
        );
        for at in spring.iter().chain(&autumn) {
            assert_eq!(
                at.with_timezone(&tz).format("%a %H:%M").to_string(),
                "Mon 08:30"
            );
        }
    }

    #[test]
    fn a_slot_in_the_spring_gap_moves_to_the_end_of_the_gap_and_an_autumn_one_takes_the_first() {
        let tz = DEFAULT_TIMEZONE;
        let gap = WeeklySlot {
            weekday: Weekday::Sun,
            time: NaiveTime::from_hms_opt(2, 30, 0).expect("time"),
        };
        // 02:30 does not exist on 28 March 2027; 03:00 CEST = 01:00 UTC.
        assert_eq!(
            next_slot(tz, gap, utc("2027-03-27T00:00:00Z")),
            utc("2027-03-28T01:00:00Z")
        );
        // 02:30 exists twice on 31 October 2027; the first is 00:30 UTC.
        assert_eq!(
            next_slot(tz, gap, utc("2027-10-30T00:00:00Z")),
            utc("2027-10-31T00:30:00Z")
        );
    }

    #[test]
    fn the_next_slot_is_strictly_after_the_given_moment() {
        let tz = DEFAULT_TIMEZONE;
        let at = utc("2027-01-11T07:30:00Z");
        assert_eq!(
            next_slot(tz, WeeklySlot::default(), at),
            utc("2027-01-18T07:30:00Z")
        );
    }

    #[test]
    fn deadlines_are_read_in_local_time_and_past_ones_are_refused() {
        let tz = DEFAULT_TIMEZONE;
        let now = utc("2027-01-06T12:00:00Z");
        let parse = |text| Deadline::parse(tz, text, now).map(Deadline::at);
        assert_eq!(parse("2027-01-08 17:00"), Ok(utc("2027-01-08T16:00:00Z")));
        assert_eq!(parse("2027-01-08"), Ok(utc("2027-01-08T22:59:00Z")));
        assert_eq!(parse("8-1-2027 9:15"), Ok(utc("2027-01-08T08:15:00Z")));
        assert_eq!(parse("2027-01-05"), Err(DeadlineError::Past));
        for bad in [
            "morgen",
            "2027-13-01",
            "2027-01-08 25:00",
            "2027-01-08 17:00 extra",
            "",
        ] {
            assert_eq!(parse(bad), Err(DeadlineError::Unreadable), "{bad}");
        }
    }

    #[test]
    fn the_default_deadline_is_a_week_later_at_the_same_wall_clock_time_across_dst() {
        let tz = DEFAULT_TIMEZONE;
        // Monday 22 March 2027 10:00 CET -> Monday 29 March 10:00 CEST.
        assert_eq!(
            Deadline::in_a_week(tz, utc("2027-03-22T09:00:00Z")).at(),
            utc("2027-03-29T08:00:00Z")
        );
    }

    #[test]
    fn dutch_weekdays_and_times_are_understood_and_written() {
        assert_eq!(parse_weekday("Woensdag"), Some(Weekday::Wed));
        assert_eq!(parse_weekday("vr"), Some(Weekday::Fri));
        assert_eq!(parse_weekday("monday"), None);
        assert_eq!(parse_time("8.05"), NaiveTime::from_hms_opt(8, 5, 0));
        assert_eq!(parse_time("13"), NaiveTime::from_hms_opt(13, 0, 0));
        assert_eq!(parse_time("8:5"), None);
        assert_eq!(parse_time("24:00"), None);
        let slot = WeeklySlot::from_stored(3, 10 * 60 + 15);
        assert_eq!(slot.dutch(), "woensdag 10:15");
        assert_eq!(slot.minute_of_day(), 615);
        assert_eq!(
            dutch(DEFAULT_TIMEZONE, utc("2027-06-07T06:30:00Z")),
            "ma 7 jun 2027 08:30"
        );
    }
}
