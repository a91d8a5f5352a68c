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

use std::borrow::Cow;

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike,
};
use chrono_tz::Tz;

/// A moment, as seconds since 1970-01-01 UTC, and whether the value gave a
/// time of day or only a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant {
    pub seconds: i64,
    pub has_time: bool,
}

/// Date formats tried in order on the date of a value (what comes before
/// its time), each only on dates that begin as it does (see [`Lead`]).
/// Two-digit years come before four-digit ones, which would read `21` as
/// the year 21.
const DATES: &[&str] = &[
    "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y", "%d.%m.%y", "%d.%m.%Y",
    // Dutch reports: dashes, and the year last.
    "%m-%d-%Y",
    // Reports in a Japanese or Chinese locale: year first, with slashes.
    "%Y/%m/%d",
];

/// Time formats tried in order on the time of a value, if it has one.
const TIMES: &[&str] = &[
    "%H:%M:%S%.f",
    "%H:%M",
    "%I:%M %p",
    "%I:%M:%S %p",
    // Danish and Finnish reports write the time with dots.
    "%H.%M",
    "%H.%M.%S",
];

/// How a value begins, which decides the formats worth trying: chrono
/// reads a year of any number of digits, so a format that puts the year
/// first is tried only on a year of four (`13/1/25` is no year 13, and
/// `01-02-03` no year 1), and dashes with the year last only before a year
/// of four (`10-11-12` is a code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// Four digits and then this separator (`2021-09-14`, `2021/09/14`).
    Year(u8),
    /// One or two digits, a dash, one or two, a dash and four digits
    /// (`14-09-2021`).
    DashesYearLast,
    Other,
}

impl Lead {
    fn of(v: &[u8]) -> Lead {
        if let [a, b, c, d, sep @ (b'-' | b'/'), ..] = v
            && [a, b, c, d].iter().all(|x| x.is_ascii_digit())
        {
            return Lead::Year(*sep);
        }
        let digits = |v: &[u8]| v.iter().take_while(|b| b.is_ascii_digit()).count();
        let mut rest = v;
        for _ in 0..2 {
            let n = digits(rest);
            if !(1..=2).contains(&n) || rest.get(n) != Some(&b'-') {
                return Lead::Other;
            }
            rest = &rest[n + 1..];
        }
        if digits(rest) == 4 {
            Lead::DashesYearLast
        } else {
            Lead::Other
        }
    }

    /// Whether `format` may read a value that begins so.
    fn admits(self, format: &str) -> bool {
        match self {
            Lead::Year(sep) => format.strip_prefix("%Y").map(|f| f.as_bytes()[0]) == Some(sep),
            Lead::DashesYearLast => format.starts_with("%m-"),
            Lead::Other => !format.starts_with("%Y") && !format.starts_with("%m-"),
        }
    }
}

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
    // Salesforce writes `+0000` without a colon; some exports put a space
    // before it.
    for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f %z"] {
        if let Ok(d) = DateTime::parse_from_str(v, f) {
            return Some(Instant {
                seconds: d.timestamp(),
                has_time: true,
            });
        }
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
    let bare = without_comma(bare);
    let (date, time) = match bare.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time.trim_start())),
        None => (&*bare, None),
    };
    let lead = Lead::of(date.as_bytes());
    // The year, last unless it leads, has two digits or four.
    let year = date.bytes().rev().take_while(u8::is_ascii_digit).count();
    if !matches!(lead, Lead::Year(_)) && !matches!(year, 2 | 4) {
        return None;
    }
    let date = DATES
        .iter()
        .filter(|f| lead.admits(f))
        .find_map(|f| NaiveDate::parse_from_str(date, f).ok())?;
    let Some(time) = time else {
        return Some(local(date.and_time(NaiveTime::MIN), false));
    };
    let time = &*plain_meridiem(time);
    let time = TIMES
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(time, f).ok())?;
    Some(local(date.and_time(time), true))
}

/// `time` with `a.m.` and `p.m.`, as Canadian and Irish English write
/// them, as `AM` and `PM`.
fn plain_meridiem(time: &str) -> Cow<'_, str> {
    let bare = time.strip_suffix('.').unwrap_or(time);
    for (dotted, plain) in [("a.m", "AM"), ("p.m", "PM")] {
        let at = bare.len().saturating_sub(dotted.len());
        if bare.is_char_boundary(at) && bare[at..].eq_ignore_ascii_case(dotted) {
            return Cow::Owned(format!("{}{plain}", &bare[..at]));
        }
    }
    Cow::Borrowed(time)
}

/// `value` without the comma that Salesforce's ICU locale formats put
/// between a date and its time (`9/14/2021, 6:34 AM`, `14.09.2021, 06:34`).
fn without_comma(value: &str) -> Cow<'_, str> {
    match value.split_once(", ") {
        Some((date, time))
            if date.ends_with(|c: char| c.is_ascii_digit())
                && time.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            Cow::Owned(format!("{date} {time}"))
        }
        _ => Cow::Borrowed(value),
    }
}

/// How many of a column's `values` are dates, each read as the column
/// writes them (see [`Order::of_values`]), and as seconds since 1970 if
/// its header counts them (`seconds`, see [`header_counts_seconds`]).
pub fn count_dates<'a>(values: impl Iterator<Item = &'a str> + Clone, seconds: bool) -> usize {
    let order = Order::of_values(values.clone());
    values
        .filter(|v| parse_in(v, None, order).is_some() || (seconds && from_seconds(v).is_some()))
        .count()
}

/// Whether a column's `header` names moments as Intercom's API writes
/// them: seconds since 1970, under a name ending in `_at` (`created_at`,
/// `last_request_at`, and custom date attributes, which the API requires
/// to be named so).
pub fn header_counts_seconds(header: &str) -> bool {
    let bare = header.split(" (").next().unwrap_or(header).trim();
    bare.len() > 3 && bare.to_ascii_lowercase().ends_with("_at")
}

/// The moment a count of seconds since 1970 names, in a column whose
/// header counts them ([`header_counts_seconds`]): nine or ten digits
/// (1973 to 2286), perhaps with a fraction (`1764000000.0`, as a script
/// writes a column with gaps).
pub fn from_seconds(value: &str) -> Option<Instant> {
    let v = value.trim();
    let (whole, fraction) = v.split_once('.').unwrap_or((v, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(9..=10).contains(&whole.len()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    Some(Instant {
        seconds: whole.parse().ok()?,
        has_time: true,
    })
}

/// [`parse`] of a value whose slashes or dashes, if it has them, put the
/// day first when `order` says so (`13/9/21 23:34`, `13-09-2021 23:34`).
pub fn parse_in(value: &str, zone: Option<Tz>, order: Order) -> Option<Instant> {
    if order == Order::MonthFirst {
        return parse(value, zone);
    }
    let v = value.trim();
    let sep = v.bytes().find(|b| !b.is_ascii_digit()).map(char::from);
    let Some(sep @ ('/' | '-')) = sep else {
        return parse(v, zone);
    };
    let mut numbers = v.splitn(3, sep);
    match (numbers.next(), numbers.next(), numbers.next()) {
        (Some(day), Some(month), Some(rest))
            if [day, month]
                .iter()
                .all(|n| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            parse(&format!("{month}{sep}{day}{sep}{rest}"), zone)
        }
        _ => parse(v, zone),
    }
}

/// The zone a header names in parentheses (`Company last seen (PST)`,
/// `Company created at (AEDT)`), by the region whose clocks it names, so
/// that daylight saving applies to each date as it did there. The time
/// zone database names many zones by their offset alone (`-03` for São
/// Paulo, `+07` for Bangkok, `+0545` for Kathmandu), and so may a header.
pub fn header_zone(header: &str) -> Option<Tz> {
    let (_, named) = header.rsplit_once('(')?;
    let named = named.strip_suffix(')')?.trim();
    let upper = named.to_ascii_uppercase();
    if let Some(zone) = offset_zone(&upper) {
        return Some(zone);
    }
    Some(match upper.as_str() {
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
        "WET" | "WEST" => Tz::Europe__Lisbon,
        "SAST" => Tz::Africa__Johannesburg,
        "WAT" => Tz::Africa__Lagos,
        "CAT" => Tz::Africa__Maputo,
        "EAT" => Tz::Africa__Nairobi,
        "IDT" => Tz::Asia__Jerusalem,
        "PKT" => Tz::Asia__Karachi,
        "WIB" => Tz::Asia__Jakarta,
        "AST" | "ADT" => Tz::America__Halifax,
        "NST" | "NDT" => Tz::America__St_Johns,
        _ => named.parse().ok()?,
    })
}

/// The zone of an offset from UTC, as the time zone database writes it
/// for zones without a name of letters (`+07`, `-03`, `+0545`) or as
/// `UTC+7` and `GMT-05:00`: a whole number of hours is that offset all
/// year; the offsets of half and quarter hours are the zones that keep
/// them. `upper` is the name in capitals.
fn offset_zone(upper: &str) -> Option<Tz> {
    let bare = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .unwrap_or(upper);
    let (sign, digits) = match bare.as_bytes().first()? {
        b'+' => (1, &bare[1..]),
        b'-' => (-1, &bare[1..]),
        _ => return None,
    };
    let digits = digits.replace(':', "");
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes): (i32, i32) = match digits.len() {
        1 | 2 => (digits.parse().ok()?, 0),
        3 | 4 => {
            let (h, m) = digits.split_at(digits.len() - 2);
            (h.parse().ok()?, m.parse().ok()?)
        }
        _ => return None,
    };
    match (sign * hours, minutes) {
        // `Etc/GMT-7` is seven hours ahead of UTC: POSIX signs are turned.
        (0, 0) => Some(Tz::UTC),
        (h @ -12..=14, 0) => format!("Etc/GMT{:+}", -h).parse().ok(),
        (3, 30) => Some(Tz::Asia__Tehran),
        (4, 30) => Some(Tz::Asia__Kabul),
        (5, 30) => Some(Tz::Asia__Kolkata),
        (5, 45) => Some(Tz::Asia__Kathmandu),
        (6, 30) => Some(Tz::Asia__Yangon),
        (9, 30) => Some(Tz::Australia__Darwin),
        (-3, 30) => Some(Tz::America__St_Johns),
        _ => None,
    }
}

/// Which of the first two numbers of a date written with slashes is the
/// month: the United States write `9/13/21`, most other places `13/9/21`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    MonthFirst,
    DayFirst,
}

impl Order {
    /// The order of a column in which `month` values are dates read month
    /// first, and `day` read day first: the one that reads more, month
    /// first (as Intercom writes) when both read as many.
    fn of(month: u64, day: u64) -> Order {
        if day > month {
            Order::DayFirst
        } else {
            Order::MonthFirst
        }
    }

    /// The order of a column of `values`.
    pub fn of_values<'a>(values: impl IntoIterator<Item = &'a str>) -> Order {
        let (month, day) = values.into_iter().fold((0, 0), |(m, d), v| {
            let (a, b) = sort_keys(v.as_bytes());
            (m + u64::from(a.is_some()), d + u64::from(b.is_some()))
        });
        Order::of(month, day)
    }
}

/// The newest date of a column, found in one streaming pass without
/// parsing every cell: each value gets a sortable key from its digits
/// (year, month, day, hour, minute, second, in the order its shape writes
/// them), and only the newest values are read as dates at the end. A date
/// with slashes is keyed both ways, and the column is read the way that
/// makes more of its values dates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Newest {
    /// Month first, then day first.
    readings: [Reading; 2],
    /// Whether the column's header counts seconds since 1970
    /// ([`header_counts_seconds`]).
    seconds: bool,
}

/// The values of a column read one way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Reading {
    /// The newest values offered, newest first, at most [`KEPT`] of them,
    /// by key and then by text, so that any order of work keeps the same.
    best: Vec<(u64, String)>,
    /// The oldest key kept once [`KEPT`] are, below which a value is not
    /// among the newest; 0 until then.
    floor: u64,
    /// Values offered that were dates, and that were not.
    dates: u64,
    other: u64,
}

/// The newest values a [`Newest`] keeps: a value whose shape gives a key
/// but that the parser cannot read (`12/1/2026 10:00 +5`) stands aside for
/// the next, rather than leave the column without a newest date.
const KEPT: usize = 4;

impl Newest {
    /// A tracker for a column whose dates may be seconds since 1970 if
    /// `seconds` (see [`header_counts_seconds`]).
    pub fn new(seconds: bool) -> Newest {
        Newest {
            seconds,
            ..Newest::default()
        }
    }

    /// Offers one cell's value.
    pub fn offer(&mut self, value: &[u8]) {
        let counted = self.seconds.then(|| seconds_key(value)).flatten();
        let (month, day) = match counted {
            Some(key) => (Some(key), Some(key)),
            None => sort_keys(value),
        };
        let [by_month, by_day] = &mut self.readings;
        let (month, day) = (by_month.count(month), by_day.count(day));
        // Read once for both readings: in an export sorted by date, every
        // value is the newest so far.
        if month.is_some() || day.is_some() {
            let text = crate::read::text_of(value.trim_ascii());
            if let Some(key) = month {
                by_month.keep(key, &text);
            }
            if let Some(key) = day {
                by_day.keep(key, &text);
            }
        }
    }

    /// Adds what another worker saw.
    pub fn merge(&mut self, other: Newest) {
        for (reading, theirs) in self.readings.iter_mut().zip(other.readings) {
            reading.other += theirs.other;
            reading.dates += theirs.dates;
            for (key, value) in theirs.best {
                reading.keep(key, &value);
            }
        }
    }

    /// The way the column is read: the one that makes more of its values
    /// dates, month first when both make as many.
    pub fn order(&self) -> Order {
        let [month, day] = &self.readings;
        Order::of(month.dates, day.dates)
    }

    /// The column read in [`Newest::order`], and that order.
    fn reading(&self) -> (&Reading, Order) {
        let order = self.order();
        let [month, day] = &self.readings;
        match order {
            Order::MonthFirst => (month, order),
            Order::DayFirst => (day, order),
        }
    }

    /// The values that were dates, read in [`Newest::order`], and all the
    /// values offered.
    pub fn counts(&self) -> (u64, u64) {
        let (r, _) = self.reading();
        (r.dates, r.dates + r.other)
    }

    /// The newest date, read in `zone`, if most values were dates.
    pub fn newest(&self, zone: Option<Tz>) -> Option<Instant> {
        let (r, order) = self.reading();
        if r.dates < r.other {
            return None;
        }
        r.best.iter().find_map(|(_, value)| {
            parse_in(value, zone, order).or_else(|| {
                // Seconds since 1970 name one moment, whatever the zone.
                self.seconds.then(|| from_seconds(value)).flatten()
            })
        })
    }
}

impl Reading {
    /// Counts a value of `key`; the key, if the value may be among the
    /// newest.
    #[inline]
    fn count(&mut self, key: Option<u64>) -> Option<u64> {
        let Some(key) = key else {
            self.other += 1;
            return None;
        };
        self.dates += 1;
        // Most values are older than the ones kept: settled by the key.
        (key >= self.floor).then_some(key)
    }

    /// Keeps `text`, of `key`, if it is among the newest.
    fn keep(&mut self, key: u64, text: &str) {
        let at = self.best.partition_point(|(k, v)| (*k, &**v) > (key, text));
        if at == KEPT
            || self
                .best
                .get(at)
                .is_some_and(|(k, v)| (*k, &**v) == (key, text))
        {
            return;
        }
        // The oldest kept makes room, and lends its buffer: no allocation
        // per value once the list is full.
        let mut room = match self.best.len() {
            KEPT => self.best.pop().map(|(_, v)| v).unwrap_or_default(),
            _ => String::new(),
        };
        room.clear();
        room.push_str(text);
        self.best.insert(at, (key, room));
        if self.best.len() == KEPT {
            self.floor = self.best[KEPT - 1].0;
        }
    }
}

/// The month-first key of [`sort_keys`].
#[cfg(test)]
fn sort_key(value: &[u8]) -> Option<u64> {
    sort_keys(value).0
}

/// A key that orders the dates of one shape as time does: `2026-09-02
/// 22:07`, `9/2/26 10:07 PM`, `02.09.2026 22:07` and `2026/09/02` all give
/// year, month, day, hour, minute and second packed into one number;
/// `None` for a value of another shape. Read month first and day first:
/// the two differ only for a date with slashes and the year last (`9/2/26`).
fn sort_keys(value: &[u8]) -> (Option<u64>, Option<u64>) {
    let v = value.trim_ascii();
    if v.len() < 6 || !v[0].is_ascii_digit() {
        return (None, None);
    }
    // ISO 8601, as the API writes every date: the fields sit at fixed places.
    if v.len() >= 19 && v[4] == b'-' && v[7] == b'-' && v[13] == b':' && v[16] == b':' {
        let n = |a: usize, b: usize| {
            v[a..b].iter().try_fold(0u64, |acc, &d| {
                d.is_ascii_digit().then(|| acc * 10 + u64::from(d - b'0'))
            })
        };
        let (Some(year), Some(month), Some(day), Some(hour), Some(mi), Some(sec)) =
            (n(0, 4), n(5, 7), n(8, 10), n(11, 13), n(14, 16), n(17, 19))
        else {
            return (None, None);
        };
        let key = pack(year, month, day, hour, mi, sec);
        return (key, key);
    }
    slashed_keys(v).unwrap_or_else(|| written_keys(v))
}

/// [`sort_keys`] of trimmed text `v` of any shape but ISO 8601: its numbers
/// in order, and the separator after the first, tell which shape it is.
fn written_keys(v: &[u8]) -> (Option<u64>, Option<u64>) {
    let mut parts = [0u64; 6];
    let mut count = 0;
    let mut digits = 0;
    let mut first_sep = 0u8;
    let mut first_len = 0;
    for &b in v {
        if b.is_ascii_digit() {
            if count == 6 {
                break;
            }
            // Wrapping: a run too long to be a part is refused at its end.
            parts[count] = parts[count]
                .wrapping_mul(10)
                .wrapping_add(u64::from(b - b'0'));
            digits += 1;
        } else {
            if digits > 0 {
                // No part of a date has five digits.
                if digits > 4 {
                    return (None, None);
                }
                if count == 0 {
                    first_sep = b;
                    first_len = digits;
                }
                count += 1;
                digits = 0;
            }
            if b.is_ascii_alphabetic()
                && !matches!(b, b'T' | b'Z' | b'A' | b'P' | b'M' | b'a' | b'p' | b'm')
            {
                return (None, None);
            }
        }
    }
    if digits > 0 && count < 6 {
        if digits > 4 {
            return (None, None);
        }
        count += 1;
    }
    if count < 3 {
        return (None, None);
    }
    let [a, b, c, h, mi, sec] = parts;
    // `AM` or `PM` ends a value when there is one (`a.m.` in Canadian and
    // Irish English).
    let bare = v.strip_suffix(b".").unwrap_or(v);
    let half = match bare {
        [.., x, b'.', m] | [.., x, m] if m.eq_ignore_ascii_case(&b'M') => x.to_ascii_uppercase(),
        _ => 0,
    };
    let hour = match (half, h) {
        (b'P', 1..=11) => h + 12,
        (b'A', 12) => 0,
        _ => h,
    };
    let key = |year: u64, month, day| pack(full_year(year), month, day, hour, mi, sec);
    match (first_sep, first_len) {
        (b'-' | b'/', 4) => {
            let k = key(a, b, c);
            (k, k)
        }
        (b'/', 1..=2) => (key(c, a, b), key(c, b, a)),
        // Dashes with the year last take a year of four digits (see `Lead`).
        (b'-', 1..=2) if c >= 1000 => (key(c, a, b), key(c, b, a)),
        (b'.', 1..=2) => {
            let k = key(c, b, a);
            (k, k)
        }
        _ => (None, None),
    }
}

/// [`sort_keys`] of a date written as Intercom's export writes every date,
/// `9/13/21 23:34`: month (or day), day (or month) and year, of one or two
/// digits, one or two and two or four, then maybe a 24-hour time of hours
/// and minutes, with or without seconds. Read in one pass over its places,
/// where the general reading tries each byte for every shape; `None` for
/// text of any other shape, which that reading takes.
fn slashed_keys(v: &[u8]) -> Option<(Option<u64>, Option<u64>)> {
    // Past the separator `sep` at `at`.
    let past = |at: usize, sep: u8| (v.get(at) == Some(&sep)).then_some(at + 1);
    let (a, at) = number(v, 0, 1, 2)?;
    let (b, at) = number(v, past(at, b'/')?, 1, 2)?;
    let (c, at) = number(v, past(at, b'/')?, 2, 4)?;
    let (h, mi, sec) = if at == v.len() {
        (0, 0, 0)
    } else {
        let (h, at) = number(v, past(at, b' ')?, 1, 2)?;
        let (mi, at) = number(v, past(at, b':')?, 2, 2)?;
        let (sec, at) = if at == v.len() {
            (0, at)
        } else {
            number(v, past(at, b':')?, 2, 2)?
        };
        if at != v.len() {
            return None;
        }
        (h, mi, sec)
    };
    let year = full_year(c);
    Some((pack(year, a, b, h, mi, sec), pack(year, b, a, h, mi, sec)))
}

/// The year `year` names: two digits name 1969 to 2068, as chrono reads
/// them.
fn full_year(year: u64) -> u64 {
    match year {
        0..69 => 2000 + year,
        69..100 => 1900 + year,
        _ => year,
    }
}

/// The number `v` has at `at`, of `short` or `long` ASCII digits and no
/// more, and where it ends.
#[inline(always)]
fn number(v: &[u8], at: usize, short: usize, long: usize) -> Option<(u64, usize)> {
    let (mut n, mut end) = (0, at);
    while let Some(d) = v.get(end).map(|b| b.wrapping_sub(b'0')).filter(|&d| d < 10) {
        if end - at == long {
            return None;
        }
        n = n * 10 + u64::from(d);
        end += 1;
    }
    (end - at == short || end - at == long).then_some((n, end))
}

/// The key of [`sort_keys`] for seconds since 1970 ([`from_seconds`]).
fn seconds_key(value: &[u8]) -> Option<u64> {
    let at = from_seconds(std::str::from_utf8(value).ok()?)?;
    let t = DateTime::from_timestamp(at.seconds, 0)?.naive_utc();
    let (date, time) = (t.date(), t.time());
    let part = |n: u32| u64::from(n);
    pack(
        u64::try_from(date.year()).ok()?,
        part(date.month()),
        part(date.day()),
        part(time.hour()),
        part(time.minute()),
        part(time.second()),
    )
}

/// Year, month, day, hour, minute and second in one ordered number, if
/// they make a date: a day its month has (`2/29/2025` is none).
#[inline]
fn pack(year: u64, month: u64, day: u64, hour: u64, mi: u64, sec: u64) -> Option<u64> {
    // Every month has 28 days; past them, the calendar says. Every part
    // has at most four digits: the casts are exact.
    let real = (1..=12).contains(&month)
        && ((1..=28).contains(&day)
            || NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32).is_some());
    if !real || hour > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some(((((year * 13 + month) * 32 + day) * 24 + hour) * 60 + mi) * 61 + sec)
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
        // Year first with slashes, as reports in Japan write it; an offset
        // after a space.
        assert_eq!(parse("2021/09/14 06:34", None), Some(api));
        assert_eq!(parse("2021/09/14 06:34:00", None), Some(api));
        assert_eq!(parse("2021-09-14 08:34:00 +0200", None), Some(api));
        // Never the year 13: day first, read only as such.
        for v in ["13/9/21 6:34", "13/9/21"] {
            assert_eq!(parse(v, None), None, "{v}");
            assert!(parse_in(v, None, Order::DayFirst).is_some(), "{v}");
        }
    }

    #[test]
    fn slashed_dates_are_read_as_every_shape_is() {
        // Three to six numbers of one to four digits between separators,
        // those of `9/13/21 23:34` or one of them another, with text after
        // them or none: what the one pass takes, it must read as the reading
        // of any shape does, and it must take Intercom's own.
        let canonical = b"// ::";
        let mut taken = 0;
        for count in 3..=6 {
            for widths in 0..4usize.pow(count) {
                for digits in ["1231", "0959", "6929", "9901"] {
                    for changed in 0..count as usize * 4 {
                        for after in ["", " PM", ".", "Z"] {
                            let mut v = String::new();
                            for i in 0..count as usize {
                                if i > 0 {
                                    let sep = match (changed / 4 == i, changed % 4) {
                                        (true, 1) => '-',
                                        (true, 2) => ',',
                                        (true, 3) => '.',
                                        _ => char::from(canonical[i - 1]),
                                    };
                                    v.push(sep);
                                }
                                let width = widths / 4usize.pow(i as u32) % 4 + 1;
                                v.push_str(&digits[..width]);
                            }
                            v.push_str(after);
                            let fast = slashed_keys(v.as_bytes());
                            if let Some(keys) = fast {
                                assert_eq!(keys, written_keys(v.as_bytes()), "{v:?}");
                                taken += usize::from(keys.0.is_some() || keys.1.is_some());
                            }
                            let want = fast.unwrap_or_else(|| written_keys(v.as_bytes()));
                            let want = if v.len() < 6 { (None, None) } else { want };
                            assert_eq!(sort_keys(v.as_bytes()), want, "{v:?}");
                        }
                    }
                }
            }
        }
        assert!(taken > 100, "{taken}");
        for v in [
            "9/13/21 23:34",
            "12/1/2025 7:05",
            "1/2/26 0:00:59",
            "09/13/21",
        ] {
            assert!(
                slashed_keys(v.as_bytes()).is_some_and(|k| k.0.is_some()),
                "{v}"
            );
        }
        for v in [
            "9/13/21 23:34 PM",
            "9/13/213 23:34",
            "9/13/21 23:4",
            "9/13/21,23:34",
            "2021/09/13",
        ] {
            assert_eq!(slashed_keys(v.as_bytes()), None, "{v}");
        }
    }

    #[test]
    fn sort_keys_order_each_shape_as_time_does() {
        let order = |earlier: &str, later: &str| {
            let (a, b) = (sort_key(earlier.as_bytes()), sort_key(later.as_bytes()));
            assert!(a.is_some() && b.is_some() && a < b, "{earlier} {later}");
        };
        order("2026-09-02T22:07:23.000Z", "2026-09-02T22:07:24.000Z");
        order("2025-12-31T23:59:59Z", "2026-01-01T00:00:00Z");
        order("9/8/2026 11:22 AM", "9/8/2026 1:05 PM");
        order("9/8/2026, 11:22 a.m.", "9/8/2026, 1:05 p.m.");
        order("9/8/2026, 12:05 a.m.", "9/8/2026, 1:05 a.m.");
        order("12/31/25 23:59", "1/1/26 0:00");
        order("12/31/2025 12:30 AM", "12/31/2025 1:30 AM");
        order("31.12.2025 10:00", "01.01.2026 09:00");
        for not in [
            "104217",
            "cus_2021",
            "1.39E8",
            "Acme",
            "4-203974",
            "310/246-1501",
        ] {
            assert_eq!(sort_key(not.as_bytes()), None, "{not}");
        }
    }

    #[test]
    fn the_newest_is_found_in_any_order_of_work() {
        let values = [
            "1/19/18 1:16",
            "9/8/26 11:22",
            "12/1/25 7:00",
            "n/a",
            "3/3/26 3:03",
        ];
        let mut one = Newest::default();
        values.iter().for_each(|v| one.offer(v.as_bytes()));
        let (mut a, mut b) = (Newest::default(), Newest::default());
        for (i, v) in values.iter().enumerate() {
            if i % 2 == 0 {
                a.offer(v.as_bytes())
            } else {
                b.offer(v.as_bytes())
            }
        }
        b.merge(a);
        assert_eq!(one, b);
        let newest = one.newest(None).unwrap();
        assert_eq!(newest, parse("2026-09-08T11:22:00Z", None).unwrap());
        assert_eq!(one.counts(), (4, 5));
    }

    #[test]
    fn reports_in_each_locale_s_format_are_read() {
        // Salesforce's ICU locale formats (every org since Winter '20, and
        // older ones once switched): a comma between date and time in
        // US and British English, German, Spanish, Italian; dashes and the
        // day first in Dutch; dots in the time in Danish and Finnish.
        let api = parse("2021-09-14T06:34:00.000Z", None);
        assert!(api.is_some());
        let month = |v: &str| parse_in(v, None, Order::MonthFirst);
        let day = |v: &str| parse_in(v, None, Order::DayFirst);
        assert_eq!(month("9/14/2021, 6:34 AM"), api);
        assert_eq!(month("9/14/2021, 06:34"), api);
        assert_eq!(day("14/09/2021, 06:34"), api);
        assert_eq!(day("14/9/2021, 6:34 am"), api);
        assert_eq!(month("14.09.2021, 06:34"), api);
        assert_eq!(day("14-09-2021 06:34"), api);
        assert_eq!(day("14-9-2021 6:34:00"), api);
        assert_eq!(month("14.09.2021 06.34"), api);
        assert_eq!(month("14.9.2021 6.34"), api);
        // Canadian English: year first, and `a.m.`.
        assert_eq!(month("2021-09-14, 6:34 a.m."), api);
        let evening = parse("2021-09-14T18:34:00.000Z", None);
        assert_eq!(month("2021-09-14, 6:34 p.m."), evening);
        assert_eq!(month("9/14/2021, 6:34 P.M."), evening);
        let date = parse("2021-09-14", None);
        assert_eq!(day("14-09-2021"), date);
        assert_eq!(month("09-14-2021"), date);
        // Dashes with the year last need a year of four digits, as ISO
        // dates need one first: these are codes, not dates.
        for code in ["01-02-03", "10-11-12", "1-2-2", "99-10-10", "12-34-5678"] {
            assert_eq!(month(code), None, "{code}");
            assert_eq!(day(code), None, "{code}");
        }
        // The key reads each as the moment the parser reads: the key of
        // that moment written as the API writes it.
        for (v, order) in [
            ("9/14/2021, 6:34 AM", Order::MonthFirst),
            ("14/09/2021, 06:34", Order::DayFirst),
            ("14-09-2021 06:34", Order::DayFirst),
            ("09-14-2021", Order::MonthFirst),
            ("14.9.2021 6.34", Order::MonthFirst),
            ("2021-09-14, 6:34 p.m.", Order::MonthFirst),
        ] {
            let (m, d) = sort_keys(v.as_bytes());
            let key = if order == Order::MonthFirst { m } else { d };
            let read = parse_in(v, None, order).expect(v);
            let iso = DateTime::from_timestamp(read.seconds, 0).unwrap();
            let iso = iso.format("%Y-%m-%dT%H:%M:%S.000Z").to_string();
            assert_eq!(key, sort_key(iso.as_bytes()), "{v} is {iso}");
        }
        assert_eq!(sort_keys(b"01-02-03"), (None, None));

        assert_eq!(sort_keys(b"10-11-12 10:00"), (None, None));
    }

    #[test]
    fn seconds_since_1970_are_moments_only_where_the_header_counts_them() {
        for (header, counts) in [
            ("last_request_at", true),
            ("created_at", true),
            ("trial_ends_at (UTC)", true),
            ("Company created at (PST)", false),
            ("CreatedDate", false),
            ("Format", false),
            ("_at", false),
        ] {
            assert_eq!(header_counts_seconds(header), counts, "{header}");
        }
        let moment = parse("2025-11-24T16:00:00Z", None);
        assert_eq!(from_seconds("1764000000"), moment);
        assert_eq!(from_seconds(" 1764000000.0 "), moment);
        for not in [
            "17640000",
            "17640000000",
            "1764000000.",
            "1.764E9",
            "-176400000",
        ] {
            assert_eq!(from_seconds(not), None, "{not}");
        }
        let values = ["1764000000", "1600000000", "1764003600", "n/a"];
        let mut counted = Newest::new(true);
        let mut plain = Newest::default();
        for v in values {
            counted.offer(v.as_bytes());
            plain.offer(v.as_bytes());
        }
        assert_eq!(counted.counts(), (3, 4));
        assert_eq!(
            counted.newest(header_zone("(PST)")),
            parse("2025-11-24T17:00:00Z", None)
        );
        assert_eq!((plain.counts(), plain.newest(None)), ((0, 4), None));
        // The key orders seconds as it orders dates.
        assert!(seconds_key(b"1764003600") > sort_key(b"11/24/2025 16:59"));
        assert!(seconds_key(b"1764003600") < sort_key(b"11/24/2025 17:01"));
    }

    #[test]
    fn a_column_written_day_first_is_read_day_first() {
        let newest = |values: &[&str]| {
            let mut n = Newest::default();
            values.iter().for_each(|v| n.offer(v.as_bytes()));
            n
        };
        // Excel in a British or Australian locale: 13/09 is no month.
        let uk = newest(&[
            "13/09/2026 10:00",
            "1/10/2026 09:00",
            "28/02/2026 23:59",
            "n/a",
        ]);
        assert_eq!(uk.order(), Order::DayFirst);
        assert_eq!(uk.counts(), (3, 4));
        let first_of_october = parse("2026-10-01T09:00:00Z", None);
        assert_eq!(uk.newest(None), first_of_october);
        let us = newest(&["9/13/21 23:34", "1/2/21 1:00"]);
        assert_eq!((us.order(), us.counts()), (Order::MonthFirst, (2, 2)));
        // Every value reads both ways: month first, as Intercom writes.
        let either = newest(&["1/2/21 1:00", "3/4/21 2:00"]);
        assert_eq!(either.order(), Order::MonthFirst);
        assert_eq!(either.newest(None), parse("2021-03-04T02:00:00Z", None));
        // The zone of the header applies either way.
        let sydney = header_zone("Company created at (AEDT)");
        assert_eq!(
            parse_in("19/1/18 1:16", sydney, Order::DayFirst),
            parse("1/19/18 1:16", sydney)
        );
        assert!(parse_in("19/1/18 1:16", sydney, Order::DayFirst).is_some());
        let iso = "2026-09-02T22:07:23.000Z";
        assert_eq!(parse_in(iso, None, Order::DayFirst), parse(iso, None));
    }

    #[test]
    fn a_value_the_parser_cannot_read_does_not_hide_the_newest_date() {
        // Each would have been the newest: a year typed with five digits
        // (its key overflowed), a day February 2025 does not have, and a
        // shape the key reads but the parser does not (an offset of hours).
        let odd = ["1/5/20255 10:00", "2/29/2025 10:00", "12/1/2026 10:00 +5"];
        assert_eq!(parse(odd[2], None), None);
        let mut newest = Newest::default();
        for v in ["9/8/24 11:22", odd[0], odd[1], "1/19/18 1:16", odd[2]] {
            newest.offer(v.as_bytes());
        }
        assert_eq!(newest.counts(), (3, 5));
        let found = newest.newest(None).unwrap();
        assert_eq!(found, parse("2024-09-08T11:22:00Z", None).unwrap());
        assert!(sort_key(b"2/29/2024 10:00").is_some(), "a leap day");
        assert_eq!(sort_key(b"4/31/2024"), None);
        assert_eq!(sort_key(b"1/1/99999999999999999999 1:00"), None);
    }

    /// A date written one of nine ways (one the parser cannot read), on
    /// days some months lack, in years of two digits (of this century and
    /// the last), four and five; or not a date.
    fn written() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let year = prop_oneof![Just(24u32), Just(99), Just(2024), Just(20255)];
        (0u8..10, 1u32..=12, 27u32..=31, year, 0u32..3).prop_map(
            |(shape, m, d, y, h)| match shape {
                0 => format!("{m}/{d}/{y} {h}:00"),
                1 => format!("{m:02}/{d:02}/{y} {h:02}:00"),
                2 => format!("{y}-{m:02}-{d:02}T0{h}:00:00.000Z"),
                3 => format!("{d}.{m}.{y} {h}.00"),
                4 => format!("{m}/{d}/{y}, {h}:00 PM"),
                5 => format!("{d:02}.{m:02}.{y}, {h:02}:00:00"),
                6 => format!("{m:02}-{d:02}-{y} {h}:00"),
                7 => format!("{m}/{d}/{y} {h}:00 +5"),
                8 => format!("{y}-{m:02}-{d:02}, {}:0{h} p.m.", 12 - h),
                _ => "n/a".to_string(),
            },
        )
    }

    proptest::proptest! {
        // The newest is the newest the parser reads (unless more values it
        // cannot read than are kept come after it), whichever worker met
        // which value.
        #[test]
        fn the_newest_is_the_newest_the_parser_reads(
            values in proptest::collection::vec(written(), 0..40),
            split in proptest::collection::vec(proptest::bool::ANY, 40),
        ) {
            let mut one = Newest::default();
            values.iter().for_each(|v| one.offer(v.as_bytes()));
            let (mut a, mut b) = (Newest::default(), Newest::default());
            for (v, first) in values.iter().zip(&split) {
                if *first { a.offer(v.as_bytes()) } else { b.offer(v.as_bytes()) }
            }
            a.merge(b);
            proptest::prop_assert_eq!(&one, &a);
            // Read the way that makes more values dates, month first on a tie.
            let keyed = |order: Order| -> Vec<&String> {
                values.iter().filter(|v| { let (m, d) = sort_keys(v.as_bytes()); if order == Order::DayFirst { d } else { m }.is_some() }).collect()
            };
            let (month, day) = (keyed(Order::MonthFirst), keyed(Order::DayFirst));
            let order = if day.len() > month.len() { Order::DayFirst } else { Order::MonthFirst };
            proptest::prop_assert_eq!(one.order(), order);
            let keyed = if order == Order::DayFirst { day } else { month };
            let unread = keyed.iter().filter(|v| parse_in(v, None, order).is_none()).count();
            let read = keyed.iter().filter_map(|v| parse_in(v, None, order)).max();
            if unread < KEPT && one.counts().0 * 2 >= one.counts().1 {
                proptest::prop_assert_eq!(one.newest(None), read);
            }
        }

        #[test]
        fn any_text_of_a_date_s_characters_is_keyed_or_not(
            v in "[0-9/:. TAPM-]{0,40}|[0-9]{1,25}/[0-9]{1,25}/[0-9]{1,25}( [0-9]{1,3}:[0-9]{1,3})?",
        ) {
            let _ = sort_key(v.as_bytes());
        }
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

    #[test]
    fn a_header_may_name_its_zone_by_its_offset() {
        // The time zone database names São Paulo's time `-03`, Bangkok's
        // `+07`, Kathmandu's `+0545`.
        let at = |header: &str, value: &str| parse(value, header_zone(header));
        let utc = |iso: &str| parse(iso, None);
        let seen = "9/13/21 23:34";
        assert_eq!(
            at("Company last seen (-03)", seen),
            utc("2021-09-14T02:34:00Z")
        );
        assert_eq!(
            at("Company last seen (+07)", seen),
            utc("2021-09-13T16:34:00Z")
        );
        assert_eq!(
            at("Company last seen (+0545)", seen),
            utc("2021-09-13T17:49:00Z")
        );
        assert_eq!(
            at("Company last seen (UTC+5:30)", seen),
            utc("2021-09-13T18:04:00Z")
        );
        assert_eq!(
            at("Company last seen (GMT-05:00)", seen),
            utc("2021-09-14T04:34:00Z")
        );
        assert_eq!(
            at("Company last seen (+00)", seen),
            utc("2021-09-13T23:34:00Z")
        );
        assert_eq!(
            at("Company last seen (SAST)", seen),
            utc("2021-09-13T21:34:00Z")
        );
        for odd in ["(+15)", "(+0520)", "(-)", "(+7a)", "(12345)"] {
            assert_eq!(header_zone(odd), None, "{odd}");
        }
    }
}
