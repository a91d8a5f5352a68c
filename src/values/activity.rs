//! When an export's records were last created or updated: the newest date
//! of each of its activity columns, found by header (`Company last seen
//! (PST)`, `LastModifiedDate`, `Last Modified Date`) and confirmed by
//! content (most values must be dates), in the same pass that reads it.

use super::dates::{self, Instant, Newest, Order};

/// Intercom's company activity columns, by loose name: as the export
/// labels them and as the API names them.
pub const COMPANY_ACTIVITY: &[&str] = &[
    "companylastseen",
    "lastseen",
    "lastrequestat",
    "companylastupdated",
    "lastupdated",
    "updatedat",
    "companycreatedat",
    "createdat",
    "remotecreatedat",
];

/// Salesforce's account activity columns, API names and report labels.
pub const ACCOUNT_ACTIVITY: &[&str] = &[
    "lastmodifieddate",
    "systemmodstamp",
    "createddate",
    "lastactivitydate",
    // The report label of `LastActivityDate`.
    "lastactivity",
];

/// The newest date of one activity column.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// Its header.
    pub column: String,
    /// Its newest date, read in the zone its header names; `None` when its
    /// values are not dates.
    pub newest: Option<Instant>,
    /// Its values that were dates in a shape this tool reads, and all its
    /// values (blank cells left out).
    pub dates: u64,
    pub values: u64,
    /// How its dates with slashes were read.
    pub order: Order,
}

/// The activity columns of one export, and how to watch them.
#[derive(Debug, Clone, Default)]
pub struct Watch {
    columns: Vec<usize>,
    /// Whether each column's header counts seconds since 1970.
    seconds: Vec<bool>,
}

impl Watch {
    /// The columns of `headers` named in `names` (loose names, without the
    /// time zone in parentheses).
    pub fn new(headers: &[String], names: &[&str]) -> Watch {
        let columns: Vec<usize> = (0..headers.len())
            .filter(|&c| names.contains(&loose(&headers[c]).as_str()))
            .collect();
        let seconds = columns
            .iter()
            .map(|&c| dates::header_counts_seconds(&headers[c]))
            .collect();
        Watch { columns, seconds }
    }

    /// One tracker per column, for a worker to fill.
    pub fn start(&self) -> Vec<Newest> {
        self.seconds.iter().map(|&s| Newest::new(s)).collect()
    }

    /// Offers one record's cells, `cell(column)`, to the trackers.
    pub fn offer<'a>(&self, seen: &mut [Newest], cell: impl Fn(usize) -> Option<&'a [u8]>) {
        for (newest, &c) in seen.iter_mut().zip(&self.columns) {
            if let Some(v) = cell(c).filter(|v| !v.trim_ascii().is_empty()) {
                newest.offer(v);
            }
        }
    }

    /// Adds another worker's trackers into `into` (either may have none).
    pub fn merge(into: &mut Vec<Newest>, other: Vec<Newest>) {
        if into.is_empty() {
            *into = other;
            return;
        }
        for (a, b) in into.iter_mut().zip(other) {
            a.merge(b);
        }
    }

    /// The newest date of each column.
    pub fn finish(&self, headers: &[String], seen: &[Newest]) -> Vec<Activity> {
        self.columns
            .iter()
            .zip(seen)
            .map(|(&c, newest)| {
                let (dates, values) = newest.counts();
                Activity {
                    column: headers[c].clone(),
                    newest: newest.newest(dates::header_zone(&headers[c])),
                    dates,
                    values,
                    order: newest.order(),
                }
            })
            .collect()
    }
}

/// A header's loose name without the zone in parentheses.
fn loose(header: &str) -> String {
    let bare = header.split(" (").next().unwrap_or(header);
    bare.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_columns_are_found_and_read_in_their_zone() {
        let headers: Vec<String> = [
            "Company name",
            "Company last seen (PST)",
            "Last updated",
            "Plan",
        ]
        .map(String::from)
        .into();
        let watch = Watch::new(&headers, COMPANY_ACTIVITY);
        let mut seen = watch.start();
        let rows = [
            ["Acme", "9/2/26 15:07", "n/a", "Pro"],
            ["Globex", "1/19/18 1:16", "x", "Free"],
        ];
        for row in rows {
            watch.offer(&mut seen, |c| row.get(c).map(|v| v.as_bytes()));
        }
        let found = watch.finish(&headers, &seen);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].column, "Company last seen (PST)");
        // 15:07 in September, Pacific daylight time, is 22:07 UTC.
        assert_eq!(found[0].newest, dates::parse("2026-09-02T22:07:00Z", None));
        assert_eq!(found[1].newest, None, "not dates");
        assert_eq!((found[0].dates, found[0].values), (2, 2));
        assert_eq!((found[1].dates, found[1].values), (0, 2));
    }

    #[test]
    fn a_report_s_labels_name_the_account_activity_columns() {
        // A "Details Only" report of accounts, with its own labels.
        let headers: Vec<String> = [
            "Last Activity",
            "Account Owner",
            "Account Name",
            "Last Modified Date",
            "Created Date",
            "Account ID",
        ]
        .map(String::from)
        .into();
        let watch = Watch::new(&headers, ACCOUNT_ACTIVITY);
        assert_eq!(watch.columns, [0, 3, 4]);
    }
}
