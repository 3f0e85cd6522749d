//! Calendar dates (UTC), as prices change on them: `YYYY-MM-DD`, whole days since 1970-01-01.

use std::fmt;

/// A calendar day. Ordered; `Date::parse("2027-01-01") > Date::parse("2026-12-31")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    // Howard Hinnant's algorithm: exact for the proleptic Gregorian calendar.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// A valid date, or `None` (month 13, 30 February, years outside 1900–9999).
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1900..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date(days_from_civil(y as i64, m, d) as i32))
    }

    /// `YYYY-MM-DD` exactly.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) { part.parse().ok() } else { None }
        };
        Date::from_ymd(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        (y, m, d)
    }

    /// The first day of the month `months` after this date's month.
    pub fn first_of_month_after(self, months: u32) -> Date {
        let (y, m, _) = self.ymd();
        let total = y as i64 * 12 + (m as i64 - 1) + months as i64;
        let (y, m) = ((total / 12) as i32, (total % 12) as u32 + 1);
        Date::from_ymd(y.min(9999), m, 1).unwrap_or(self)
    }

    /// "January 2027".
    pub fn month_name(self) -> String {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let (y, m, _) = self.ymd();
        format!("{} {y}", NAMES[m as usize - 1])
    }

    /// "1 Jan 2027".
    pub fn short(self) -> String {
        const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let (y, m, d) = self.ymd();
        format!("{d} {} {y}", NAMES[m as usize - 1])
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A moment as pricing needs it: the UTC day and the minute of that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    pub date: Date,
    /// 0..1440, UTC.
    pub minute: u16,
    /// Milliseconds into the minute (for the time between requests; prices change by the minute).
    pub millis: u32,
}

impl Moment {
    /// Reads RFC 3339 / ISO 8601 timestamps as logs write them: `2026-11-23T10:20:30Z`,
    /// `2026-11-23T10:20:30.123+01:00`, `2026-11-23 10:20:30` (UTC), or a bare date (midnight).
    /// Also Unix times in seconds or milliseconds (numbers as text).
    pub fn parse(s: &str) -> Option<Moment> {
        let s = s.trim();
        if !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
            let x: f64 = s.parse().ok()?;
            return Moment::from_unix(if x > 1e11 { x / 1000.0 } else { x });
        }
        let date = Date::parse(s.get(..10)?)?;
        let rest = &s[10..];
        if rest.is_empty() {
            return Some(Moment { date, minute: 0, millis: 0 });
        }
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let b = rest.as_bytes();
        if b.len() < 5 || b[2] != b':' {
            return None;
        }
        let h: i64 = rest.get(0..2)?.parse().ok()?;
        let mi: i64 = rest.get(3..5)?.parse().ok()?;
        if h > 23 || mi > 59 {
            return None;
        }
        // Seconds and their fraction, then the zone.
        let zone_at = rest[5..].find(['Z', 'z', '+', '-']).map(|i| i + 5);
        let secs_text = &rest[5..zone_at.unwrap_or(rest.len())];
        let millis = match secs_text.strip_prefix(':') {
            Some(t) if !t.is_empty() => {
                let x: f64 = t.parse().ok()?;
                if !(0.0..61.0).contains(&x) {
                    return None;
                }
                (x * 1000.0).round().min(59_999.0) as u32
            }
            Some(_) => return None,
            None if secs_text.is_empty() => 0,
            None => return None,
        };
        let offset_min: i64 = match zone_at {
            None => 0,
            Some(i) if matches!(b[i], b'Z' | b'z') => 0,
            Some(i) => {
                let z = rest.get(i + 1..)?.replace(':', "");
                if z.len() != 4 || !z.bytes().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let v = z[..2].parse::<i64>().ok()? * 60 + z[2..].parse::<i64>().ok()?;
                if b[i] == b'+' { v } else { -v }
            }
        };
        let total = date.days() as i64 * 1440 + h * 60 + mi - offset_min;
        Some(Moment { date: Date(total.div_euclid(1440) as i32), minute: total.rem_euclid(1440) as u16, millis })
    }

    pub fn from_unix(seconds: f64) -> Option<Moment> {
        if !seconds.is_finite() || !(0.0..4.0e11).contains(&seconds) {
            return None;
        }
        let minutes = (seconds / 60.0).floor() as i64;
        let millis = ((seconds - minutes as f64 * 60.0) * 1000.0).round().clamp(0.0, 59_999.0) as u32;
        Some(Moment { date: Date(minutes.div_euclid(1440) as i32), minute: minutes.rem_euclid(1440) as u16, millis })
    }

    /// A moment at the start of a minute of a day.
    pub fn new(date: Date, minute: u16) -> Moment {
        Moment { date, minute: minute.min(1439), millis: 0 }
    }

    /// Seconds since 1970.
    pub fn unix_seconds(self) -> f64 {
        (self.date.days() as i64 * 1440 + self.minute as i64) as f64 * 60.0 + self.millis as f64 / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_order() {
        for s in ["1970-01-01", "2000-02-29", "2026-11-23", "2027-01-01", "2100-12-31"] {
            assert_eq!(Date::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert!(Date::parse("2027-01-01") > Date::parse("2026-12-31"));
        for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "20261101", "2026-11-3a", ""] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        let d = Date::parse("2026-11-23").unwrap();
        assert_eq!(d.first_of_month_after(0).to_string(), "2026-11-01");
        assert_eq!(d.first_of_month_after(2).to_string(), "2027-01-01");
        assert_eq!(d.first_of_month_after(14).to_string(), "2028-01-01");
        assert_eq!(d.month_name(), "November 2026");
    }

    #[test]
    fn moments_read_log_timestamps_in_utc() {
        let m = Moment::parse("2026-11-23T10:20:30.5Z").unwrap();
        assert_eq!((m.date.to_string(), m.minute, m.millis), ("2026-11-23".into(), 620, 30_500));
        let a = Moment::parse("2026-11-23T10:20:30Z").unwrap();
        let b = Moment::parse("2026-11-23T10:21:05.25Z").unwrap();
        assert!((b.unix_seconds() - a.unix_seconds() - 35.25).abs() < 1e-6);
        let m = Moment::parse("2026-11-23T00:30:00+01:00").unwrap();
        assert_eq!((m.date.to_string(), m.minute), ("2026-11-22".into(), 1410));
        let m = Moment::parse("2026-11-23 23:59").unwrap();
        assert_eq!(m.minute, 1439);
        assert_eq!(Moment::parse("1763893230").unwrap().date.to_string(), "2025-11-23");
        assert_eq!(Moment::parse("1763893230000").unwrap().date.to_string(), "2025-11-23");
        assert!(Moment::parse("yesterday").is_none());
    }
}
