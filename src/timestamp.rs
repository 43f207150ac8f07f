//! Points in time as whole seconds since 1970-01-01 UTC, and their written forms:
//! TMX dates (`20111216T093000Z`), ISO 8601 for people and JSON, and the `--since`
//! / `--until` arguments (`2024-01-31`, `2024-01-31T12:00:00Z`).
//!
//! The civil-calendar conversions are Howard Hinnant's `days_from_civil` /
//! `civil_from_days` algorithms (proleptic Gregorian, valid far beyond any TMX date),
//! rather than a crate's, because the crates are not exact here. Given the same
//! fields, `jiff` 0.2 and `time` 0.3 refuse the 1,440 texts with second 60 among
//! the 9,339,949 tried (a leap second, read here as the next minute's first), and
//! jiff the last hours of year 9999 too (beyond its `Timestamp`); neither can write
//! a value past year 9999, which a [`Timestamp`] read from a database may hold (of
//! 14,609,703 values, jiff writes 8 otherwise, time 3). Nor are they faster to a
//! degree that matters: a million TMX dates parse in 57–112 ms here, 53–108 with
//! jiff and 52–111 with time (nine runs on a busy machine; most of it is finding
//! the digits, which all three share). Measured by the test at the bottom:
//! `cargo test --release --lib -- --ignored --nocapture calendar_crates`.

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
        let [year, month, day, hour, minute, second] = fields(text)?;
        Timestamp::from_parts(i64::from(year), month, day, hour, minute, second)
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

/// The fields of a written date, year to second, not yet checked against the
/// calendar: its digits, if there are 8 (a date) or 14 (a date and time) and
/// nothing but the separators of the TMX and ISO forms around them.
fn fields(text: &str) -> Option<[u32; 6]> {
    let digits: String = text.trim().chars().filter(|c| c.is_ascii_digit()).collect();
    let shape_ok = text.trim().chars().all(|c| c.is_ascii_digit() || "T:-Z .".contains(c));
    if !shape_ok || !(digits.len() == 8 || digits.len() == 14) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
    Some([n(0..4), n(4..6), n(6..8), n(8..10), n(10..12), n(12..14)])
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

/// The calendar here against the `jiff` and `time` crates' on the same fields:
/// which dates they read and write otherwise, and how long parsing takes. A
/// measurement, not a check: `cargo test --release --lib -- --ignored --nocapture
/// calendar_crates`.
#[cfg(test)]
mod against_crates {
    use std::hint::black_box;
    use std::time::Instant;

    use super::*;

    fn parse_jiff(text: &str) -> Option<i64> {
        let [y, mo, d, h, mi, s] = fields(text)?;
        let civil = jiff::civil::DateTime::new(y as i16, mo as i8, d as i8, h as i8, mi as i8, s as i8, 0).ok()?;
        jiff::tz::Offset::UTC.to_timestamp(civil).ok().map(|t| t.as_second())
    }

    fn parse_time(text: &str) -> Option<i64> {
        let [y, mo, d, h, mi, s] = fields(text)?;
        let date = time::Date::from_calendar_date(y as i32, time::Month::try_from(mo as u8).ok()?, d as u8).ok()?;
        let clock = time::Time::from_hms(h as u8, mi as u8, s as u8).ok()?;
        Some(time::PrimitiveDateTime::new(date, clock).assume_utc().unix_timestamp())
    }

    fn iso_jiff(t: Timestamp) -> Option<String> {
        jiff::Timestamp::from_second(t.0).ok().map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
    }

    fn iso_time(t: Timestamp) -> Option<String> {
        let d = time::OffsetDateTime::from_unix_timestamp(t.0).ok()?;
        let (h, mi, s) = d.to_hms();
        Some(format!("{:04}-{:02}-{:02}T{h:02}:{mi:02}:{s:02}Z", d.year(), d.month() as u8, d.day()))
    }

    #[test]
    #[ignore]
    fn calendar_crates_read_and_write_these_dates_otherwise_and_take_this_long() {
        // Every year, month 0–13 and day 0–32, in both forms; every time of a day,
        // hour 0–25, minute and second 0–61; and malformed text.
        let mut inputs: Vec<String> = Vec::new();
        for y in 0..=9999 {
            for m in 0..=13 {
                for d in 0..=32 {
                    inputs.push(format!("{y:04}{m:02}{d:02}T235959Z"));
                    inputs.push(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
        for h in 0..=25 {
            for mi in 0..=61 {
                for s in 0..=61 {
                    inputs.push(format!("20111216T{h:02}{mi:02}{s:02}Z"));
                }
            }
        }
        inputs.extend(["", "2011", "yesterday", "2011.12.16 09.30.00", "20111216T093000+0100"].map(String::from));
        for (name, parse) in [("jiff", parse_jiff as fn(&str) -> Option<i64>), ("time", parse_time)] {
            let differ: Vec<&String> =
                inputs.iter().filter(|s| Timestamp::parse_tmx(s).map(|t| t.0) != parse(s)).collect();
            let leap = differ.iter().filter(|s| s.ends_with("60Z")).count();
            println!(
                "{name}: reads {} of {} texts otherwise ({leap} with second 60), first {:?}",
                differ.len(),
                inputs.len(),
                differ.iter().find(|s| !s.ends_with("60Z"))
            );
        }
        // Every day of years 0–9999 at four times of day, and values beyond.
        let first = Timestamp::parse_tmx("00000101").unwrap().0;
        let last = Timestamp::parse_tmx("99991231T235959Z").unwrap().0;
        let seconds: Vec<Timestamp> = (first..=last)
            .step_by(86_400)
            .flat_map(|t| [0, 1, 3599, 86_399].map(|s| Timestamp(t + s)))
            .chain([last + 1, i64::MIN, i64::MAX].map(Timestamp))
            .collect();
        for (name, iso) in [("jiff", iso_jiff as fn(Timestamp) -> Option<String>), ("time", iso_time)] {
            let differ: Vec<&Timestamp> = seconds.iter().filter(|&&t| iso(t).as_ref() != Some(&t.to_iso())).collect();
            println!(
                "{name}: writes {} of {} values otherwise, first {:?}",
                differ.len(),
                seconds.len(),
                differ.first().map(|t| t.to_iso())
            );
        }
        // A million TMX dates, as an import reads them.
        let dates: Vec<String> = (0..1_000_000u64)
            .map(|k| {
                let (y, m, d, h, mi, s) = (1990 + k % 35, 1 + k % 12, 1 + k % 28, k % 24, k % 60, (k / 7) % 60);
                format!("{y:04}{m:02}{d:02}T{h:02}{mi:02}{s:02}Z")
            })
            .collect();
        let time = |parse: &dyn Fn(&str) -> Option<i64>| {
            let start = Instant::now();
            let sum: i64 = dates.iter().map(|d| parse(black_box(d)).unwrap_or(0)).sum();
            (start.elapsed().as_secs_f64() * 1e3, sum)
        };
        for _ in 0..3 {
            let (here, a) = time(&|d| Timestamp::parse_tmx(d).map(|t| t.0));
            let (jiff, b) = time(&parse_jiff);
            let (time_crate, c) = time(&parse_time);
            assert!(a == b && b == c);
            println!("ms to parse 1M TMX dates: here {here:.0}, jiff {jiff:.0}, time {time_crate:.0}");
        }
    }
}
