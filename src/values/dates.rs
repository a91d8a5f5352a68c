//! Dates and times as exports write them, read into one instant.
//!
//! The Salesforce API writes UTC in ISO 8601 (`2026-09-02T22:07:23.000Z`),
//! reports write the user's local format (`9/8/2026 11:22 AM`), and
//! Intercom's exports write the workspace's time zone, named in the header
//! (`Company last seen (PST)`), in the format Excel re-saves (`1/19/18
//! 1:16`). The header names the zone, not the offset of each date: a
//! workspace on Pacific time writes `(PST)` in its headers and September's
//! dates in daylight time. A value is read in the zone its header names,
//! with that zone's rules, or as UTC.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// A moment, as seconds since 1970-01-01 UTC, and whether the value gave a
/// time of day or only a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant {
    pub seconds: i64,
    pub has_time: bool,
}

/// Date and time formats tried in order, after ISO 8601 with a zone. Two-
/// digit years come before four-digit ones, which would read `21` as the
/// year 21.
const DATETIMES: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%m/%d/%y %H:%M",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
];

const DATES: &[&str] = &["%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d"];

/// The moment `value` names, read in `zone` (UTC when `None`) when it names
/// none itself; `None` when it is not a date.
pub fn parse(value: &str, zone: Option<Tz>) -> Option<Instant> {
    let v = value.trim();
    if v.len() < 6 || !v.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(v) {
        return Some(Instant {
            seconds: d.timestamp(),
            has_time: true,
        });
    }
    // Salesforce writes `+0000` without a colon.
    if let Ok(d) = DateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(Instant {
            seconds: d.timestamp(),
            has_time: true,
        });
    }
    let local = |n: NaiveDateTime, has_time| {
        let seconds = match zone.map(|z| z.from_local_datetime(&n)) {
            None => n.and_utc().timestamp(),
            Some(LocalResult::Single(t)) => t.timestamp(),
            // The hour a clock goes back: its first pass.
            Some(LocalResult::Ambiguous(t, _)) => t.timestamp(),
            // The hour a clock skips: read as standard time.
            Some(LocalResult::None) => n.and_utc().timestamp(),
        };
        Instant { seconds, has_time }
    };
    let bare = v.strip_suffix('Z').unwrap_or(v);
    for f in DATETIMES {
        if let Ok(n) = NaiveDateTime::parse_from_str(bare, f) {
            return Some(local(n, true));
        }
    }
    for f in DATES {
        if let Ok(d) = NaiveDate::parse_from_str(bare, f) {
            return Some(local(d.and_time(NaiveTime::MIN), false));
        }
    }
    None
}

/// The zone a header names in parentheses (`Company last seen (PST)`,
/// `Company created at (AEDT)`), by the region whose clocks it names, so
/// that daylight saving applies to each date as it did there.
pub fn header_zone(header: &str) -> Option<Tz> {
    let (_, named) = header.rsplit_once('(')?;
    let named = named.strip_suffix(')')?.trim();
    Some(match named.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "Z" => Tz::UTC,
        "PST" | "PDT" | "PT" => Tz::America__Los_Angeles,
        "MST" | "MDT" | "MT" => Tz::America__Denver,
        "CST" | "CDT" | "CT" => Tz::America__Chicago,
        "EST" | "EDT" | "ET" => Tz::America__New_York,
        "AKST" | "AKDT" => Tz::America__Anchorage,
        "HST" => Tz::Pacific__Honolulu,
        "BST" => Tz::Europe__London,
        "CET" | "CEST" => Tz::Europe__Paris,
        "EET" | "EEST" => Tz::Europe__Athens,
        "MSK" => Tz::Europe__Moscow,
        "IST" => Tz::Asia__Kolkata,
        "SGT" => Tz::Asia__Singapore,
        "HKT" => Tz::Asia__Hong_Kong,
        "JST" => Tz::Asia__Tokyo,
        "KST" => Tz::Asia__Seoul,
        "AWST" => Tz::Australia__Perth,
        "ACST" | "ACDT" => Tz::Australia__Adelaide,
        "AEST" | "AEDT" => Tz::Australia__Sydney,
        "NZST" | "NZDT" => Tz::Pacific__Auckland,
        _ => named.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_write_the_same_moment_many_ways() {
        let api = parse("2021-09-14T06:34:00.000Z", None).unwrap();
        // September on Pacific time is daylight time, whatever the header says.
        let pacific = header_zone("Company created at (PST)");
        assert_eq!(parse("9/13/21 23:34", pacific), Some(api));
        let winter = parse("1/13/21 23:34", pacific).unwrap();
        assert_eq!(winter, parse("2021-01-14T07:34:00Z", None).unwrap());
        assert_eq!(parse("2021-09-14T06:34:00.000+0000", None), Some(api));
        assert_eq!(parse("2021-09-14 06:34:00", None), Some(api));
        let report = parse("9/14/2021 6:34 AM", None).unwrap();
        assert_eq!(report.seconds, api.seconds);
        let day = parse("2021-09-14", None).unwrap();
        assert!(!day.has_time);
        let days = |i: Instant| i.seconds.div_euclid(86_400);
        assert_eq!(days(day), days(api));
        assert_eq!(day.seconds % 86_400, 0);
        assert_eq!(parse("14.09.2021", None).unwrap(), day);
    }

    #[test]
    fn what_is_not_a_date_is_none() {
        for v in [
            "",
            "104217",
            "Acme",
            "1.39E8",
            "2021",
            "13/45/2021",
            "cus_2021-09-14",
        ] {
            assert_eq!(parse(v, None), None, "{v}");
        }
        assert_eq!(header_zone("Company last seen"), None);
        assert_eq!(
            header_zone("Company created at (AEDT)"),
            Some(Tz::Australia__Sydney)
        );
        assert_eq!(
            header_zone("Last seen (Europe/Berlin)"),
            Some(Tz::Europe__Berlin)
        );
    }
}
