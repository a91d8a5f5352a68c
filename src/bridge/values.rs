//! The companies export read again, for the other columns of the sampled
//! companies: which of them could link a company to an account, and the
//! values to look for.
//!
//! A column can bridge only if it tells companies apart: enough sampled
//! companies have a value, and most values belong to one company alone.
//! Dates, plans, sizes and counts fail that and are never matched. A value
//! two sampled companies share could only link both to one account, so it
//! is left out of the probes, and counts as no link.

use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::error::Result;
use crate::matching::forms;
use crate::read::export::Role;
use crate::read::{columns, is_blank, text_of};
use crate::sample::sampler::{Sample, Seen};
use crate::values::dates;

/// Columns matched at most: the most telling ones, so that a wide export
/// of custom attributes costs no more than this many columns.
pub const MAX_COLUMNS: usize = 16;

/// Intercom's own company attributes that measure a company rather than
/// name it (counts, money, dates, plans, segments), by loose name, as the
/// export labels them and as the API names them. However distinct their
/// values, they never link a company to its account.
const MEASURES: &[&str] = &[
    "people",
    "usercount",
    "companywebsessions",
    "sessioncount",
    "monthlyspend",
    "companysize",
    "size",
    "companylastseen",
    "lastrequestat",
    "companycreatedat",
    "createdat",
    "remotecreatedat",
    "lastupdated",
    "updatedat",
    "plan",
    "planname",
    "companyindustry",
    "industry",
    "companysegment",
    "companytag",
];

/// Whether the header names one of Intercom's measures, its time zone
/// aside (`Company last seen (PST)`).
fn is_measure(header: &str) -> bool {
    let bare = header.split(" (").next().unwrap_or(header);
    MEASURES.contains(&columns::loose_key(bare).as_str())
}

/// One companies column that could link companies to accounts.
#[derive(Debug)]
pub struct Column {
    /// Its position in the companies export.
    pub column: usize,
    /// Its header.
    pub name: String,
    /// Sampled companies with a value there.
    pub with_value: u64,
    /// Whether most of its values are company names.
    pub names: bool,
    /// The values held by one sampled company alone, in sample order, and
    /// a filter of every value of the column, to draw decoys against.
    pub sample: Sample,
}

/// The sampled companies' values in every other column of the export.
pub fn read(
    config: &Config,
    id_column: usize,
    headers: &[String],
    sampled: &[String],
) -> Result<Vec<Column>> {
    let export = config.open(Role::Companies)?;
    let others: Vec<usize> = (0..headers.len())
        .filter(|&c| c != id_column && !is_measure(&headers[c]))
        .collect();
    let seen: Vec<Seen> = others.iter().map(|_| Seen::new(config.seed)).collect();
    let index: FxHashMap<&str, u32> = sampled
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    // Per sampled company: the line of its first row, and that row's cells.
    type Rows = FxHashMap<u32, (u64, Vec<Option<Box<str>>>)>;
    let rows: Rows = export.fold(
        Rows::default,
        |rows, record, line, _| {
            let cell = |c: usize| {
                record
                    .get(c)
                    .filter(|v| !is_blank(v))
                    .map(|v| text_of(v.trim_ascii()))
            };
            for (i, &c) in others.iter().enumerate() {
                if let Some(v) = cell(c) {
                    seen[i].offer(&v);
                }
            }
            let Some(&company) = cell(id_column).and_then(|id| index.get(&*id)) else {
                return;
            };
            if rows.get(&company).is_some_and(|(l, _)| *l < line) {
                return;
            }
            let cells = others.iter().map(|&c| cell(c).map(Into::into)).collect();
            rows.insert(company, (line, cells));
        },
        |_| {},
        |mut a, b| {
            for (company, row) in b {
                match a.get(&company) {
                    Some((line, _)) if *line < row.0 => {}
                    _ => {
                        a.insert(company, row);
                    }
                }
            }
            a
        },
    )?;
    // The cells of each sampled company, in sample order.
    let mut by_company: Vec<(u32, Vec<Option<Box<str>>>)> = rows
        .into_iter()
        .map(|(company, (_, cells))| (company, cells))
        .collect();
    by_company.sort_unstable_by_key(|(company, _)| *company);
    let n = sampled.len();
    let mut columns: Vec<Column> = others
        .iter()
        .zip(seen)
        .enumerate()
        .filter_map(|(i, (&column, seen))| {
            let ids = by_company
                .iter()
                .map(|(c, _)| sampled[*c as usize].as_str());
            let values: Vec<(&str, &str)> = by_company
                .iter()
                .zip(ids)
                .filter_map(|((_, cells), id)| cells[i].as_deref().map(|v| (id, v)))
                .collect();
            telling(&headers[column], &values, n).then(|| {
                let mut holders: FxHashMap<&str, u32> = FxHashMap::default();
                for (_, v) in &values {
                    *holders.entry(v).or_default() += 1;
                }
                let unique: Vec<String> = values
                    .iter()
                    .filter(|(_, v)| holders[v] == 1)
                    .map(|(_, v)| v.to_string())
                    .collect();
                Column {
                    column,
                    name: headers[column].clone(),
                    with_value: values.len() as u64,
                    names: holds_names(&values),
                    sample: seen.with_ids(unique),
                }
            })
        })
        .collect();
    // The most telling first: most companies told apart, then file order.
    columns.sort_by_key(|c| (std::cmp::Reverse(c.sample.ids.len()), c.column));
    columns.truncate(MAX_COLUMNS);
    columns.sort_by_key(|c| c.column);
    Ok(columns)
}

/// Every row's value in `column` of the companies export, by the line the
/// row starts on, in file order; empty where blank.
pub fn of_every_row(config: &Config, column: usize) -> Result<Vec<(u64, Box<str>)>> {
    let export = config.open(Role::Companies)?;
    let mut rows = export.fold(
        Vec::new,
        |rows: &mut Vec<(u64, Box<str>)>, record, line, _| {
            let value = record
                .get(column)
                .filter(|v| !is_blank(v))
                .map(|v| text_of(v.trim_ascii()))
                .unwrap_or_default();
            rows.push((line, value.into()));
        },
        |_| {},
        |mut a, b| {
            a.extend(b);
            a
        },
    )?;
    rows.sort_unstable_by_key(|(line, _)| *line);
    Ok(rows)
}

/// Whether a column's `(company_id, value)` pairs, of `n` sampled
/// companies, could tell companies apart: a tenth of them have a value,
/// at least five; most values belong to one company alone; and the values
/// are neither dates (as its `header` says they are written) nor the
/// company_id again.
fn telling(header: &str, values: &[(&str, &str)], n: usize) -> bool {
    if values.len() < 5 || values.len() * 10 < n {
        return false;
    }
    let mut distinct: Vec<&str> = values.iter().map(|(_, v)| *v).collect();
    distinct.sort_unstable();
    distinct.dedup();
    // Fewer than four values in five are dates (as `most` counts).
    distinct.len() * 2 >= values.len()
        && dates::count_dates(
            values.iter().map(|(_, v)| *v),
            dates::header_counts_seconds(header),
        ) * 5
            < values.len() * 4
        && !values.iter().all(|(id, v)| id == v)
}

/// Whether a column's `values` are company names: most read as names, and
/// most are not codes in capitals (`AAPL`, `MMM`: stock tickers), though a
/// name may be written so (`IBM`). A link through codes needs no review.
fn holds_names(values: &[(&str, &str)]) -> bool {
    most(values, forms::is_name) && !most(values, forms::is_capitals_code)
}

/// Whether `test` holds for four values in five.
fn most(values: &[(&str, &str)], test: impl Fn(&str) -> bool) -> bool {
    values.iter().filter(|(_, v)| test(v)).count() * 5 >= values.len() * 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs<'a>(values: &'a [&'a str]) -> Vec<(&'a str, &'a str)> {
        values.iter().map(|v| ("id", *v)).collect()
    }

    #[test]
    fn intercom_s_measures_are_never_tried() {
        for h in [
            "People",
            "Company web sessions",
            "Monthly Spend",
            "monthly_spend",
            "Company last seen (PST)",
            "Plan",
        ] {
            assert!(is_measure(h), "{h}");
        }
        for h in [
            "Company name",
            "Company website",
            "stripe_id",
            "oracle_id",
            "Company phone",
        ] {
            assert!(!is_measure(h), "{h}");
        }
    }

    #[test]
    fn names_are_told_from_codes_in_capitals() {
        let names = ["Acme Robotics", "Globex", "IBM", "Initech", "arts deli"];
        assert!(holds_names(&pairs(&names)));
        let tickers = ["AAPL", "MMM", "A", "GOOGL", "T", "MSFT", "BRK.B", "IBM"];
        assert!(!holds_names(&pairs(&tickers)));
        // Names in capitals have words, and many are longer.
        let capitals = ["ACME ROBOTICS", "GLOBEX", "IBM", "INITECH CORP", "HOOLI"];
        assert!(holds_names(&pairs(&capitals)));
    }

    #[test]
    fn only_columns_that_tell_companies_apart_can_bridge() {
        let ids: Vec<String> = (0..40).map(|i| format!("cus_{i:04}")).collect();
        let stripe: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert!(telling("x", &pairs(&stripe), 50));
        // Too few companies have a value.
        assert!(!telling("x", &pairs(&stripe[..4]), 50));
        // A plan: few values, each on many companies.
        let plans: Vec<&str> = (0..40).map(|i| ["Pro", "Free", "Team"][i % 3]).collect();
        assert!(!telling("x", &pairs(&plans), 50));
        // Dates are not identities.
        let dates: Vec<String> = (0..40)
            .map(|i| format!("2024-01-{:02}", i % 28 + 1))
            .collect();
        let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
        assert!(!telling("x", &pairs(&dates), 50));
        // Nor are dates written day first, most of which no month-first
        // reading takes (`25/10/25 8:25`).
        let dates: Vec<String> = (0..40)
            .map(|i| format!("{}/{}/25 8:{i:02}", i % 28 + 1, i % 12 + 1))
            .collect();
        let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
        assert!(!telling("x", &pairs(&dates), 50));
        // The company_id again.
        let same: Vec<(&str, &str)> = stripe.iter().map(|v| (*v, *v)).collect();
        assert!(!telling("x", &same, 50));
        // Seconds since 1970, where Intercom's API names a moment: a
        // number elsewhere.
        let seconds: Vec<String> = (0..40)
            .map(|i| (1_764_000_000 + i * 97).to_string())
            .collect();
        let seconds: Vec<&str> = seconds.iter().map(String::as_str).collect();
        assert!(!telling("signed_up_at", &pairs(&seconds), 50));
        assert!(telling("legacy_number", &pairs(&seconds), 50));
    }
}
