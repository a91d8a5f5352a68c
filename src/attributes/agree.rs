//! How often a company column and an Account field agree: over the linked
//! pairs, and over shuffled pairs (each company against another company's
//! account), which agree only by chance.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::kind::{Column, ValueType};
use crate::matching::forms;
use crate::stats::wilson;

/// How two values agree, from the closest to the loosest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Byte for byte.
    Equal,
    /// Equal once case, spacing, punctuation, a website's `https://www.`,
    /// a name's legal suffix or a number's formatting are set aside.
    Normalized,
    /// The same moment, across formats and time zones.
    SameMoment,
    /// The same day, where one side has no time.
    SameDay,
    /// A number within the range the other side names (`51-200`).
    InBand,
    /// Through the value map the linked pairs show (`Pro` ↔ `Gold`).
    Mapped,
    /// Numbers within 1%, or text similar at 0.92 or more.
    Similar,
}

impl Level {
    /// Every level, closest first.
    pub const ALL: [Level; 7] = [
        Level::Equal,
        Level::Normalized,
        Level::SameMoment,
        Level::SameDay,
        Level::InBand,
        Level::Mapped,
        Level::Similar,
    ];

    /// The level in words.
    pub fn words(self) -> &'static str {
        match self {
            Level::Equal => "equal",
            Level::Normalized => "equal once normalized",
            Level::SameMoment => "the same moment",
            Level::SameDay => "the same day",
            Level::InBand => "within the band",
            Level::Mapped => "through a value map",
            Level::Similar => "similar",
        }
    }
}

/// What comparing two cells found.
enum Compared {
    /// One side or both are blank.
    Blank,
    Agree(Level),
    Disagree,
}

/// How a pair of columns is compared, by the types of their values.
#[derive(Debug, Clone, Copy)]
enum How {
    /// Text: equal, normalized, similar (free text) or mapped (picklists).
    Text {
        similar: bool,
        map: bool,
    },
    Numbers,
    /// A number against a range on the `account` side or the company side.
    Band {
        account: bool,
    },
    /// Moments, the account's `offset` seconds after the company's.
    Moments {
        offset: i64,
    },
    Flags,
    /// Columns of kinds a sync cannot carry one into the other: compared as
    /// text alone, to say when their values agree anyway.
    Literal,
}

/// Agreement counts of one company column against one Account field.
#[derive(Debug, Clone, Default)]
pub struct Agreement {
    /// Linked pairs where both have a value.
    pub compared: u32,
    /// Of those, pairs that agree.
    pub agreed: u32,
    /// Agreeing pairs by level.
    pub levels: Vec<(Level, u32)>,
    /// Shuffled pairs where both have a value, and of those, agreeing.
    pub shuffled: u32,
    pub shuffled_agreed: u32,
    /// Linked pairs where only the company has a value, and only the account.
    pub company_only: u32,
    pub account_only: u32,
    /// Up to two linked pairs that disagree: (company value, account value).
    pub disagreements: Vec<(String, String)>,
    /// For picklists: each company value and the account value it maps to,
    /// with the linked pairs that show it, most shown first.
    pub value_map: Vec<(String, String, u32)>,
}

/// Compared linked pairs that agree on nothing after which a pair of
/// columns is given up: a mapping agrees on half its pairs or more.
pub const GIVE_UP_AFTER: u32 = 64;

/// Linked pairs below this are too few to call a field a mapping.
pub const MIN_COMPARED: u32 = 10;
/// Agreement below this is too weak to suggest a mapping.
pub const MIN_AGREEMENT: f64 = 0.5;

impl Agreement {
    /// The share of compared linked pairs that agree.
    pub fn rate(&self) -> f64 {
        ratio(self.agreed, self.compared)
    }

    /// The share of compared shuffled pairs that agree: chance.
    pub fn chance(&self) -> f64 {
        ratio(self.shuffled_agreed, self.shuffled)
    }

    /// Agreement net of chance, what the assignment maximizes.
    pub fn net(&self) -> f64 {
        self.rate() - self.chance()
    }

    /// Whether linked pairs agree more than shuffled ones beyond doubt: the
    /// 95% intervals do not overlap.
    pub fn beyond_chance(&self) -> bool {
        let (low, _) = wilson(self.agreed.into(), self.compared.into());
        let (_, chance_high) = wilson(self.shuffled_agreed.into(), self.shuffled.into());
        self.compared >= MIN_COMPARED && low > chance_high
    }

    /// Whether this is a mapping to suggest, types aside.
    pub fn suggestible(&self) -> bool {
        self.beyond_chance() && self.rate() >= MIN_AGREEMENT
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// Compares `company` with `account`, cell `i` with cell `i` over the
/// linked pairs, and cell `i` with cell `i + r` for each rotation `r` of
/// `rotations` for chance.
pub fn compare(company: &Column, account: &Column, rotations: &[usize]) -> Agreement {
    let how = how(company, account);
    let loose = count(company, account, rotations, how);
    // Similar values may count on either side: among linked pairs, or by
    // chance among shuffled ones.
    let similar =
        loose.shuffled_agreed > 0 || loose.levels.iter().any(|(l, _)| *l == Level::Similar);
    match how {
        // Similar text may agree as often by chance (names that differ by a
        // number alone): then equal values alone are the evidence.
        How::Text { similar: true, map } if similar => {
            let strict = count(
                company,
                account,
                rotations,
                How::Text {
                    similar: false,
                    map,
                },
            );
            if strict.net() >= loose.net() {
                strict
            } else {
                loose
            }
        }
        _ => loose,
    }
}

/// [`compare`], comparing cells as `how` says.
fn count(company: &Column, account: &Column, rotations: &[usize], how: How) -> Agreement {
    let n = company.cells.len();
    let map = match how {
        How::Text { map: true, .. } => Some(ValueMap::learn(company, account)),
        _ => None,
    };
    let mut out = Agreement::default();
    let mut levels: FxHashMap<Level, u32> = FxHashMap::default();
    for i in 0..n {
        // Most pairs of columns agree on nothing: a few dozen pairs with
        // both values say so, and the rest are spared.
        if out.agreed == 0 && out.compared >= GIVE_UP_AFTER {
            break;
        }
        let (a, b) = (&company.cells[i], &account.cells[i]);
        match (a.is_blank(), b.is_blank()) {
            (false, true) => out.company_only += 1,
            (true, false) => out.account_only += 1,
            _ => {}
        }
        match cells(company, account, i, i, how, map.as_ref(), true) {
            Compared::Blank => {}
            Compared::Agree(level) => {
                out.compared += 1;
                out.agreed += 1;
                *levels.entry(level).or_default() += 1;
            }
            Compared::Disagree => {
                out.compared += 1;
                if out.disagreements.len() < 2 {
                    out.disagreements
                        .push((a.raw.to_string(), b.raw.to_string()));
                }
            }
        }
    }
    // Chance matters only where the linked pairs agree at all; most pairs
    // of columns never do, and are spared three passes.
    let rotations = if out.agreed == 0 { &[][..] } else { rotations };
    for &r in rotations {
        for i in 0..n {
            match cells(company, account, i, (i + r) % n, how, map.as_ref(), false) {
                Compared::Blank => {}
                Compared::Agree(_) => {
                    out.shuffled += 1;
                    out.shuffled_agreed += 1;
                }
                Compared::Disagree => out.shuffled += 1,
            }
        }
    }
    out.levels = Level::ALL
        .iter()
        .filter_map(|l| levels.get(l).map(|&c| (*l, c)))
        .collect();
    if let Some(map) = map {
        out.value_map = map.entries(company, account);
    }
    out
}

/// How columns of these types are compared.
fn how(company: &Column, account: &Column) -> How {
    use ValueType::*;
    match (company.ty, account.ty) {
        (Number, Number) => How::Numbers,
        (Date | Datetime, Date | Datetime) => How::Moments {
            offset: offset(company, account),
        },
        (Boolean, Boolean) => How::Flags,
        (Text | Picklist, Text | Picklist) => How::Text {
            similar: company.ty == Text && account.ty == Text,
            map: company.ty == Picklist && account.ty == Picklist,
        },
        (Number, Text | Picklist) if account.bands >= 0.5 => How::Band { account: true },
        (Text | Picklist, Number) if company.bands >= 0.5 => How::Band { account: false },
        _ => How::Literal,
    }
}

/// Seconds between moments on the two sides that one clock is set apart
/// from the other, when a header names no zone: the most common difference
/// over the linked pairs, to the half hour, within a day's zones.
fn offset(company: &Column, account: &Column) -> i64 {
    const HALF_HOUR: i64 = 1800;
    let mut seen: FxHashMap<i64, u32> = FxHashMap::default();
    for (a, b) in company.cells.iter().zip(&account.cells) {
        if let (Some(a), Some(b)) = (a.moment, b.moment)
            && a.has_time
            && b.has_time
        {
            let d = (b.seconds - a.seconds) as f64 / HALF_HOUR as f64;
            let d = d.round() as i64 * HALF_HOUR;
            if d.abs() <= 14 * 3600 && d != 0 {
                *seen.entry(d).or_default() += 1;
            }
        }
    }
    let zero = company
        .cells
        .iter()
        .zip(&account.cells)
        .filter(|(a, b)| {
            matches!((a.moment, b.moment), (Some(a), Some(b)) if (b.seconds - a.seconds).abs() < HALF_HOUR)
        })
        .count() as u32;
    match seen.into_iter().max_by_key(|&(d, n)| (n, -d.abs(), d)) {
        Some((d, n)) if n > zero => d,
        _ => 0,
    }
}

/// Compares company cell `i` with account cell `j`; `linked` when they are a
/// linked pair (a learned map then leaves the pair itself out).
fn cells(
    company: &Column,
    account: &Column,
    i: usize,
    j: usize,
    how: How,
    map: Option<&ValueMap>,
    linked: bool,
) -> Compared {
    let (a, b) = (&company.cells[i], &account.cells[j]);
    if a.is_blank() || b.is_blank() {
        return Compared::Blank;
    }
    if a.raw == b.raw {
        return Compared::Agree(Level::Equal);
    }
    let agree = |level: Option<Level>| level.map_or(Compared::Disagree, Compared::Agree);
    let normalized = || (!a.norm().is_empty() && a.norm() == b.norm()).then_some(Level::Normalized);
    match how {
        How::Text { similar, .. } => agree(
            normalized()
                .or_else(|| {
                    map.filter(|m| m.agrees(a.norm(), b.norm(), linked))
                        .map(|_| Level::Mapped)
                })
                .or_else(|| {
                    // Names alone: `brand12.com` and `brand17.com` are
                    // alike and two companies. On the values as written,
                    // lower-cased: normalized words are sorted, and a shared
                    // number sorted first would make `Company 12` and
                    // `cmp_12` look alike.
                    (similar
                        && a.raw.len() >= 4
                        && b.raw.len() >= 4
                        && forms::is_name(a.raw)
                        && forms::is_name(b.raw)
                        && strsim::jaro_winkler(&a.raw.to_lowercase(), &b.raw.to_lowercase())
                            >= 0.92)
                        .then_some(Level::Similar)
                }),
        ),
        How::Numbers => match (a.number, b.number) {
            (Some(x), Some(y)) => agree(close(x, y)),
            _ => Compared::Disagree,
        },
        How::Band { account: true } => agree(in_band(a.number, b.band)),
        How::Band { account: false } => agree(in_band(b.number, a.band)),
        How::Moments { offset } => match (a.moment, b.moment) {
            (Some(x), Some(y)) => {
                let d = (y.seconds - x.seconds - offset).abs();
                agree(if x.has_time && y.has_time {
                    // An hour either way: one side in daylight time.
                    (d <= 3600 + 60).then_some(Level::SameMoment)
                } else {
                    (d < 86_400 + 3600).then_some(Level::SameDay)
                })
            }
            _ => Compared::Disagree,
        },
        How::Flags => agree((a.flag.is_some() && a.flag == b.flag).then_some(Level::Normalized)),
        How::Literal => agree(normalized().or_else(|| match (a.number, b.number) {
            (Some(x), Some(y)) => close(x, y).filter(|l| *l == Level::Normalized),
            _ => None,
        })),
    }
}

/// Two numbers the same (`1200` and `1,200.00`, or within rounding), or
/// within 1%.
fn close(x: f64, y: f64) -> Option<Level> {
    let d = (x - y).abs();
    if d <= 0.5 {
        Some(Level::Normalized)
    } else if d <= 0.01 * x.abs().max(y.abs()) {
        Some(Level::Similar)
    } else {
        None
    }
}

fn in_band(x: Option<f64>, band: Option<(f64, f64)>) -> Option<Level> {
    match (x, band) {
        (Some(x), Some((low, high))) => (low <= x && x <= high).then_some(Level::InBand),
        _ => None,
    }
}

/// The value map two picklists show over the linked pairs: for each company
/// value, the account value it appears with most, and how often.
struct ValueMap {
    /// Per company value: the account value it goes with most, and how
    /// often it goes with it, with the second most, and in all.
    best: FxHashMap<Box<str>, Mapped>,
}

/// Where one company value goes.
struct Mapped {
    to: Box<str>,
    most: u32,
    second: u32,
    all: u32,
}

impl Mapped {
    /// Whether `to` is where the value goes, with `own` of its pairs (the
    /// pair being judged, 0 or 1) left out: on more of the rest than any
    /// other value, at least half of them, and on two pairs in all.
    fn holds(&self, own: u32) -> bool {
        let (most, all) = (self.most - own, self.all - own);
        most + own >= 2 && most >= self.second && 2 * most >= all
    }
}

impl ValueMap {
    fn learn(company: &Column, account: &Column) -> ValueMap {
        let mut counts: FxHashMap<(&str, &str), u32> = FxHashMap::default();
        for (a, b) in company.cells.iter().zip(&account.cells) {
            if !a.is_blank() && !b.is_blank() {
                *counts.entry((a.norm(), b.norm())).or_default() += 1;
            }
        }
        let mut sorted: Vec<((&str, &str), u32)> = counts.into_iter().collect();
        // Most shown first; on a tie, the same value, then the first in order.
        sorted.sort_unstable_by(|((a1, b1), n1), ((a2, b2), n2)| {
            a1.cmp(a2)
                .then(n2.cmp(n1))
                .then((b2 == a2).cmp(&(b1 == a1)))
                .then(b1.cmp(b2))
        });
        let mut best: FxHashMap<Box<str>, Mapped> = FxHashMap::default();
        for ((a, b), n) in sorted {
            match best.get_mut(a) {
                None => {
                    best.insert(
                        a.into(),
                        Mapped {
                            to: b.into(),
                            most: n,
                            second: 0,
                            all: n,
                        },
                    );
                }
                Some(entry) => {
                    if entry.second == 0 {
                        entry.second = n;
                    }
                    entry.all += n;
                }
            }
        }
        ValueMap { best }
    }

    /// Whether the map takes `a` to `b`. For a linked pair, the pair itself
    /// is left out of the evidence, so that a value seen once maps nothing:
    /// a map learned from unique values would otherwise agree with itself.
    /// A value that goes to many places (a stale or random one) maps none.
    fn agrees(&self, a: &str, b: &str, linked: bool) -> bool {
        self.best
            .get(a)
            .is_some_and(|m| *m.to == *b && m.holds(u32::from(linked)))
    }

    /// The map as written values, most shown first.
    fn entries(&self, company: &Column, account: &Column) -> Vec<(String, String, u32)> {
        let written = |column: &Column, norm: &str| {
            column
                .cells
                .iter()
                .find(|c| c.norm() == norm)
                .map_or(norm.to_string(), |c| c.raw.to_string())
        };
        let mut out: Vec<(String, String, u32)> = self
            .best
            .iter()
            .filter(|(_, m)| m.holds(0))
            .map(|(a, m)| (written(company, a), written(account, &m.to), m.most))
            .collect();
        out.sort_unstable_by(|x, y| y.2.cmp(&x.2).then(x.0.cmp(&y.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column<'a>(header: &str, values: &[&'a str]) -> Column<'a> {
        Column::read(header, values.iter().copied())
    }

    #[test]
    fn a_picklist_map_is_learned_and_a_constant_is_chance() {
        let plans = ["Pro", "Enterprise", "Starter"];
        let tiers = ["Gold", "Platinum", "Bronze"];
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for i in 0..60 {
            a.push(plans[i % 3]);
            b.push(tiers[i % 3]);
        }
        let (a, b) = (column("Plan", &a), column("Tier", &b));
        let mapped = compare(&a, &b, &[1, 7, 20]);
        assert_eq!(mapped.rate(), 1.0);
        assert!(mapped.chance() < 0.5, "{}", mapped.chance());
        assert!(mapped.suggestible());
        let most = mapped
            .levels
            .iter()
            .max_by_key(|(_, n)| *n)
            .map(|(l, _)| *l);
        assert_eq!(most, Some(Level::Mapped));
        assert_eq!(mapped.value_map[0].2, 20);
        let constant = column("c", &["Standard"; 60]);
        let also = column("d", &["Active"; 60]);
        let chance = compare(&constant, &also, &[1, 7, 20]);
        assert_eq!(chance.rate(), 1.0);
        assert_eq!(chance.chance(), 1.0);
        assert!(!chance.suggestible());
    }

    #[test]
    fn a_value_that_goes_to_many_places_maps_none() {
        // `Pro` is always `Gold`; `Free` is whatever the account happens to be.
        let mut a = vec!["Pro"; 30];
        let mut b = vec!["Gold"; 30];
        for tier in ["Gold", "Silver", "Bronze", "Silver", "Platinum", "Bronze"] {
            a.push("Free");
            b.push(tier);
        }
        let g = compare(&column("Plan", &a), &column("Tier", &b), &[]);
        assert_eq!(g.agreed, 30, "only the pairs of Pro");
        assert_eq!(
            g.value_map,
            vec![("Pro".to_string(), "Gold".to_string(), 30)]
        );
    }

    #[test]
    fn unique_values_map_nothing() {
        let a: Vec<String> = (0..40).map(|i| format!("name {i}")).collect();
        let b: Vec<String> = (0..40).map(|i| format!("other {}", i * 7)).collect();
        let a = column("a", &a.iter().map(String::as_str).collect::<Vec<_>>());
        let b = column("b", &b.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(compare(&a, &b, &[1]).agreed, 0);
    }

    #[test]
    fn moments_agree_across_zones_and_a_learned_offset() {
        let a = column("Created (PST)", &["9/13/21 23:34", "1/2/22 10:00"]);
        let b = column(
            "CreatedDate",
            &["2021-09-14T06:34:00.000Z", "2022-01-02T18:00:00.000Z"],
        );
        assert_eq!(compare(&a, &b, &[]).levels, vec![(Level::SameMoment, 2)]);
        // No zone named: the offset is learned from the pairs.
        let a = column("Created", &["9/13/21 23:34", "1/2/22 10:00", "3/3/23 1:00"]);
        let b = column(
            "c",
            &[
                "2021-09-14T06:34:00Z",
                "2022-01-02T18:00:00Z",
                "2023-03-03T09:00:00Z",
            ],
        );
        assert_eq!(compare(&a, &b, &[]).agreed, 3);
    }

    #[test]
    fn numbers_bands_and_literal_text() {
        let a = column("size", &["1200", "51", "7"]);
        let b = column("n", &["1,200.00", "52", "700"]);
        let n = compare(&a, &b, &[]);
        assert_eq!(
            (n.agreed, n.compared),
            (1, 3),
            "51 and 52 differ by more than 1%"
        );
        let bands = column("range", &["1,001-5,000", "51-200", "1-10"]);
        let in_band = compare(&a, &bands, &[]);
        assert_eq!(in_band.levels, vec![(Level::InBand, 3)]);
        assert!(!a.ty.carries(bands.ty));
    }

    #[test]
    fn a_shared_number_does_not_make_text_similar() {
        let a: Vec<String> = (10..60).map(|i| format!("Company {i}")).collect();
        let b: Vec<String> = (10..60).map(|i| format!("cmp_{i}")).collect();
        let a = column("name", &a.iter().map(String::as_str).collect::<Vec<_>>());
        let b = column("id", &b.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(compare(&a, &b, &[]).agreed, 0);
        let c = column("n", &["Acme Robotics", "Globex Corporation"]);
        let d = column("m", &["Acme Robotic", "Globex Corporatoin"]);
        assert_eq!(compare(&c, &d, &[1]).levels, vec![(Level::Similar, 2)]);
        // Names that differ by a number alone are alike by chance too: equal
        // values decide.
        let e: Vec<String> = (10..60).map(|i| format!("Brand {i} Holdings")).collect();
        let f: Vec<String> = e.iter().map(|n| n.to_uppercase()).collect();
        let e = column("e", &e.iter().map(String::as_str).collect::<Vec<_>>());
        let f = column("f", &f.iter().map(String::as_str).collect::<Vec<_>>());
        let g = compare(&e, &f, &[1, 2, 3]);
        assert_eq!((g.rate(), g.chance()), (1.0, 0.0));
    }
}
