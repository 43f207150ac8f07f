//! Points in time as whole seconds since 1970-01-01 UTC, and their written forms:
//! TMX dates (`20111216T093000Z`), ISO 8601 for people and JSON, and the `--since`
//! / `--until` arguments (`2024-01-31`, `2024-01-31T12:00:00Z`).
//!
//! The civil-calendar conversions are Howard Hinnant's `days_from_civil` /
//! `civil_from_days` algorithms (proleptic Gregorian, valid far beyond any TMX date).

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time.
    pub fn now() -> Timestamp {
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
        Timestamp(secs)
    }

    fn from_parts(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<Timestamp> {
        let valid = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 61;
        valid.then(|| {
            Timestamp(days_from_civil(year, month, day) * 86_400 + (hour * 3600 + minute * 60 + second) as i64)
        })
    }

    fn parts(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400) as u32;
        let (y, m, d) = civil_from_days(days);
        (y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// Parses a TMX date, `YYYYMMDDThhmmssZ`. Dates written by tools that drop the
    /// `Z` or the time, or that put ISO separators in, are read as UTC too.
    pub fn parse_tmx(text: &str) -> Option<Timestamp> {
        let digits: String = text.trim().chars().filter(|c| c.is_ascii_digit()).collect();
        let shape_ok = text.trim().chars().all(|c| c.is_ascii_digit() || "T:-Z .".contains(c));
        if !shape_ok || !(digits.len() == 8 || digits.len() == 14) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| digits.get(r).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
        Timestamp::from_parts(n(0..4) as i64, n(4..6), n(6..8), n(8..10), n(10..12), n(12..14))
    }

    /// Parses a date argument: `YYYY-MM-DD`, or a full ISO 8601 / TMX date in UTC.
    pub fn parse_arg(text: &str) -> Option<Timestamp> {
        Timestamp::parse_tmx(text)
    }

    /// The TMX form, `YYYYMMDDThhmmssZ`.
    pub fn to_tmx(self) -> String {
        let (y, mo, d, h, mi, s) = self.parts();
        format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
    }

    /// The ISO 8601 form, `YYYY-MM-DDThh:mm:ssZ`.
    pub fn to_iso(self) -> String {
        let (y, mo, d, h, mi, s) = self.parts();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso())
    }
}

/// In JSON, a timestamp is its ISO 8601 form.
impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_iso())
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmx_dates_round_trip() {
        let t = Timestamp::parse_tmx("20111216T093000Z").unwrap();
        assert_eq!(t.to_tmx(), "20111216T093000Z");
        assert_eq!(t.to_iso(), "2011-12-16T09:30:00Z");
        assert_eq!(Timestamp(0).to_tmx(), "19700101T000000Z");
        assert_eq!(Timestamp::parse_tmx("20000229T235959Z").unwrap().to_tmx(), "20000229T235959Z");
    }

    #[test]
    fn lenient_forms_are_read_as_utc() {
        let t = Timestamp::parse_tmx("20111216T093000Z").unwrap();
        assert_eq!(Timestamp::parse_tmx("2011-12-16T09:30:00Z"), Some(t));
        assert_eq!(Timestamp::parse_tmx("20111216T093000"), Some(t));
        assert_eq!(Timestamp::parse_arg("2011-12-16").unwrap().to_tmx(), "20111216T000000Z");
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in ["20110231T000000Z", "2011", "yesterday", "20111316T000000Z", "20111216T250000Z"] {
            assert_eq!(Timestamp::parse_tmx(bad), None, "{bad}");
        }
    }
}
