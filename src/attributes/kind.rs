//! What a column's values are, read from the values alone: each cell read
//! once as text, a number, a range of numbers, a moment and a yes/no, and
//! the column typed by what most of its cells are.

use std::sync::OnceLock;

use chrono_tz::Tz;
use serde::Serialize;

use crate::matching::forms;
use crate::values::dates::{self, Instant};
use crate::values::numbers::{self, Mark};

/// What a column holds, as a sync would carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    /// No values on the linked pairs.
    Empty,
    /// Free text: names, websites, ids, descriptions.
    Text,
    /// A few values, each repeated: a picklist.
    Picklist,
    /// Numbers, however written (`1,200.00`, `$1200`).
    Number,
    /// Days without a time.
    Date,
    /// Moments: a day and a time.
    Datetime,
    /// Yes or no.
    Boolean,
}

/// What a sync carries a value as: a field of one kind takes only values of
/// the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carried {
    Nothing,
    Text,
    Number,
    Moment,
    YesNo,
}

impl ValueType {
    fn carried(self) -> Carried {
        match self {
            ValueType::Empty => Carried::Nothing,
            ValueType::Text | ValueType::Picklist => Carried::Text,
            ValueType::Number => Carried::Number,
            ValueType::Date | ValueType::Datetime => Carried::Moment,
            ValueType::Boolean => Carried::YesNo,
        }
    }

    /// Whether a sync can carry values of this type into a field of `other`.
    pub fn carries(self, other: ValueType) -> bool {
        self.carried() == other.carried() && self.carried() != Carried::Nothing
    }

    /// The type as the JSON report names it.
    pub fn key(self) -> &'static str {
        match self {
            ValueType::Empty => "empty",
            ValueType::Text => "text",
            ValueType::Picklist => "picklist",
            ValueType::Number => "number",
            ValueType::Date => "date",
            ValueType::Datetime => "datetime",
            ValueType::Boolean => "boolean",
        }
    }

    /// The type in words.
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Empty => "nothing",
            ValueType::Text => "text",
            ValueType::Picklist => "picklist",
            ValueType::Number => "number",
            ValueType::Date => "date",
            ValueType::Datetime => "date and time",
            ValueType::Boolean => "yes/no",
        }
    }
}

/// One cell, read every way it can be.
#[derive(Debug, Clone, Default)]
pub struct Cell<'a> {
    /// The value, trimmed; empty when blank.
    pub raw: &'a str,
    /// [`normalize`] of the value, worked out the first time it is asked
    /// for: most pairs of columns agree on nothing and are given up after a
    /// few dozen cells, and the rest of a column's cells are never asked.
    norm: OnceLock<Box<str>>,
    pub number: Option<f64>,
    /// A range of numbers (`51-200`, `10,000+`).
    pub band: Option<(f64, f64)>,
    pub moment: Option<Instant>,
    pub flag: Option<bool>,
}

impl Cell<'_> {
    pub fn is_blank(&self) -> bool {
        self.raw.is_empty()
    }

    /// The value as people vary it least: a website's host, a name's
    /// telling words, or the value in lower case; empty when blank.
    pub fn norm(&self) -> &str {
        if self.is_blank() {
            return "";
        }
        self.norm.get_or_init(|| normalize(self.raw).into())
    }
}

/// A column's cells over the linked pairs, and its type.
#[derive(Debug, Clone)]
pub struct Column<'a> {
    pub ty: ValueType,
    pub cells: Vec<Cell<'a>>,
    /// The share of filled cells that read as a range of numbers.
    pub bands: f64,
}

/// Filled cells that must read as a type for the column to have it.
const MOST: f64 = 0.9;
/// Distinct values a picklist has at most.
const PICKLIST_VALUES: usize = 30;

impl<'a> Column<'a> {
    /// The column of `values` (one per linked pair) under `header`, which
    /// may name the zone its dates are read in (`Company created at
    /// (PST)`), or count them in seconds since 1970 (`created_at`).
    pub fn read(header: &str, values: impl Iterator<Item = &'a str>) -> Column<'a> {
        let values: Vec<&str> = values.collect();
        let written = Written {
            zone: dates::header_zone(header),
            // Dates with slashes, month or day first, and numbers with a
            // decimal point or comma, as the column writes them.
            order: dates::Order::of_values(values.iter().copied()),
            seconds: dates::header_counts_seconds(header),
            mark: Mark::of_values(values.iter().copied()),
        };
        let cells: Vec<Cell> = values.into_iter().map(|v| written.cell(v)).collect();
        let filled: Vec<&Cell> = cells.iter().filter(|c| !c.is_blank()).collect();
        let n = filled.len();
        let share = |f: &dyn Fn(&Cell) -> bool| {
            if n == 0 {
                0.0
            } else {
                filled.iter().filter(|c| f(c)).count() as f64 / n as f64
            }
        };
        // Distinct values, counted only as far as a picklist may have them:
        // a column of unique values stops at the first few.
        let mut distinct: Vec<&str> = Vec::new();
        for c in &filled {
            if !distinct.contains(&c.norm()) {
                distinct.push(c.norm());
                if distinct.len() > PICKLIST_VALUES {
                    break;
                }
            }
        }
        let ty = if n == 0 {
            ValueType::Empty
        } else if share(&|c| c.flag.is_some()) >= 0.95 && distinct.len() <= 2 {
            ValueType::Boolean
        } else if share(&|c| c.moment.is_some()) >= MOST {
            if share(&|c| c.moment.is_some_and(|m| m.has_time)) >= 0.5 {
                ValueType::Datetime
            } else {
                ValueType::Date
            }
        } else if share(&|c| c.number.is_some()) >= MOST {
            ValueType::Number
        } else if n >= 6 && distinct.len() <= PICKLIST_VALUES && distinct.len() * 3 <= n {
            ValueType::Picklist
        } else {
            ValueType::Text
        };
        let bands = share(&|c| c.band.is_some());
        Column { ty, cells, bands }
    }
}

/// How one column writes its values, from its header and its values.
struct Written {
    /// The zone its header names, which dates without one are read in.
    zone: Option<Tz>,
    order: dates::Order,
    /// Whether its header counts seconds since 1970.
    seconds: bool,
    mark: Mark,
}

impl Written {
    fn cell<'a>(&self, value: &'a str) -> Cell<'a> {
        let raw = value.trim();
        if raw.is_empty() {
            return Cell::default();
        }
        // Cheap tests first: most cells are no date and no range.
        let separated = raw.contains(['-', '/', '.', '–', '—']);
        let digit_first = raw.as_bytes()[0].is_ascii_digit();
        let moment = (separated && digit_first)
            .then(|| dates::parse_in(raw, self.zone, self.order))
            .flatten()
            .or_else(|| self.seconds.then(|| dates::from_seconds(raw)).flatten());
        Cell {
            raw,
            norm: OnceLock::new(),
            number: numbers::number_in(raw, self.mark),
            band: (separated || raw.ends_with('+'))
                .then(|| numbers::band_in(raw, self.mark))
                .flatten(),
            moment,
            flag: flag(raw),
        }
    }
}

/// The value as people vary it least: a website or URL by its host, a name
/// by its telling words (case, punctuation, legal suffixes and word order
/// aside), a value without letters by its digits, anything else in lower
/// case with its spaces collapsed.
pub fn normalize(raw: &str) -> String {
    let email = raw.contains('@');
    if !email && let Some(host) = forms::host(raw) {
        return host.into_owned();
    }
    if let Some(words) = forms::name_words(raw).filter(|_| !email) {
        return words.join(" ");
    }
    // No letters: a phone number or a code, whose punctuation varies
    // (`310/246-1501`, `(310) 246-1501`).
    if !raw.chars().any(char::is_alphabetic) {
        return raw.chars().filter(char::is_ascii_digit).collect();
    }
    raw.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Yes or no, as checkboxes and flags are written.
pub fn flag(raw: &str) -> Option<bool> {
    // Every cell of every field is asked: no lower-cased copy is made.
    let any = |words: &[&str]| words.iter().any(|w| raw.eq_ignore_ascii_case(w));
    if any(&["true", "yes", "y", "t", "1", "checked"]) {
        Some(true)
    } else if any(&["false", "no", "n", "f", "0", "unchecked"]) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags() {
        assert_eq!(flag("Checked"), Some(true));
        assert_eq!(flag("no"), Some(false));
        assert_eq!(flag("maybe"), None);
        assert_eq!(flag("UNCHECKED"), Some(false));
        assert_eq!(flag("yes "), None, "cells are trimmed before");
        assert_eq!(flag("\u{130}"), None, "not lower-cased past ASCII");
    }

    #[test]
    fn values_normalize_as_people_vary_them() {
        assert_eq!(normalize("https://www.Acme.com/about"), "acme.com");
        assert_eq!(normalize("Acme, Inc."), "acme");
        assert_eq!(normalize("jo@acme.com"), "jo@acme.com");
        assert_eq!(normalize("310/246-1501"), normalize("(310) 246-1501"));
    }

    #[test]
    fn columns_are_typed_by_most_of_their_values() {
        let ty = |header: &str, values: &[&str]| Column::read(header, values.iter().copied()).ty;
        assert_eq!(ty("x", &["1", "0", "1", ""]), ValueType::Boolean);
        assert_eq!(
            ty(
                "x",
                &[
                    "1200", "1,300", "7", "n/a", "8", "9", "10", "11", "12", "13"
                ]
            ),
            ValueType::Number
        );
        assert_eq!(
            ty("x (PST)", &["9/13/21 23:34", "5/4/26 7:59"]),
            ValueType::Datetime
        );
        assert_eq!(ty("x", &["2021-09-14", "2022-01-02"]), ValueType::Date);
        assert_eq!(
            ty(
                "x",
                &[
                    "Gold", "Silver", "Gold", "Gold", "Silver", "Bronze", "Gold", "Gold", "Silver"
                ]
            ),
            ValueType::Picklist
        );
        assert_eq!(ty("x", &["Acme", "Globex", "Initech"]), ValueType::Text);
        assert_eq!(ty("x", &["", " "]), ValueType::Empty);
        assert!(ValueType::Picklist.carries(ValueType::Text));
        for t in [
            ValueType::Empty,
            ValueType::Text,
            ValueType::Picklist,
            ValueType::Number,
            ValueType::Date,
            ValueType::Datetime,
            ValueType::Boolean,
        ] {
            assert_eq!(
                serde_json::to_value(t).unwrap(),
                t.key(),
                "the CSV and JSON name it alike"
            );
        }
        assert!(ValueType::Date.carries(ValueType::Datetime));
        assert!(!ValueType::Number.carries(ValueType::Text));
    }
}
