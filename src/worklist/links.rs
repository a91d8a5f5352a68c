//! One streaming pass over the accounts export that finds, for every key (a
//! company's `company_id`, or its value in a bridge column), the accounts
//! whose field holds it, and which of them Intercom would link.
//!
//! The matchers are built over every distinct key instead of a sample, so
//! memory grows with the number of companies, never with the accounts.
//! Where several accounts hold a key at the best level of evidence, Intercom
//! links the most recently updated: the export's `LastModifiedDate` (or
//! `SystemModstamp`) decides, then the first in the file.

use std::cmp::{Ordering, Reverse};

use chrono_tz::Tz;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::Result;
use crate::matching::{Evidence, Hit, Ladder, Options, Probes, Scratch};
use crate::read::csv::Record;
use crate::read::text_of;
use crate::read::{Export, columns, is_blank};
use crate::values::dates::{self, Order};

/// Other accounts a link lists besides the one chosen.
pub const OTHERS: usize = 10;

/// The columns of the accounts export one pass reads.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The field whose values are matched with the keys.
    pub field: usize,
    /// `Id` (or a report's `Account ID`), when the export has one.
    pub id: Option<usize>,
    /// The column of each account's last update, when the export has one.
    pub modified: Option<Modified>,
    /// The field an update would set, when it exists and is not `field`.
    pub target: Option<usize>,
    /// `IsPersonAccount`: person accounts never sync.
    pub person: Option<usize>,
}

/// The column that tells which account was updated last.
#[derive(Debug, Clone)]
pub struct Modified {
    /// Its position in the export.
    pub column: usize,
    /// Its header, to say which rule chose.
    pub name: String,
    /// The zone its header names, for a report's local times.
    zone: Option<Tz>,
    /// How its dates with slashes are read, as the scan found them.
    pub order: Order,
}

impl Columns {
    /// The columns of `headers` around the link field `field` and the
    /// update's target `target`.
    pub fn new(headers: &[String], field: usize, target: Option<usize>) -> Columns {
        let find = |keys: &[&str]| {
            keys.iter().find_map(|k| {
                headers
                    .iter()
                    .position(|h| columns::loose_key(h).trim_end_matches("(utc)") == *k)
            })
        };
        Columns {
            field,
            id: find(&["id", "accountid"]),
            modified: find(&["lastmodifieddate", "systemmodstamp"]).map(|column| Modified {
                column,
                name: headers[column].clone(),
                zone: dates::header_zone(&headers[column]),
                order: Order::MonthFirst,
            }),
            target: target.filter(|&t| t != field),
            person: find(&["ispersonaccount", "personaccount"]),
        }
    }
}

/// One account holding a key.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// The line it starts on.
    pub line: u64,
    /// Its `Id`, when the export has one.
    pub id: Option<Box<str>>,
    /// Its value in the link field.
    pub value: Box<str>,
    /// When it was last updated, in seconds since 1970, if the export says.
    pub modified: Option<i64>,
    /// Its value in the update's target field, when that is another field.
    pub target: Option<Box<str>>,
    /// How similar its value is to the key: 1 unless only similar.
    pub similarity: f64,
}

impl Account {
    /// How the work list names it: its `Id`, else its line.
    pub fn name(&self) -> String {
        match &self.id {
            Some(id) => id.to_string(),
            None => self.line.to_string(),
        }
    }

    /// The order in which Intercom would pick among accounts holding one key
    /// at one level of evidence: the most recently updated (an unreadable
    /// date counts as oldest), then the first in the file. Among similar
    /// values, which the sync never links, the closest comes first: it is
    /// the one a person would check.
    fn pick_order(&self, other: &Account) -> Ordering {
        let key = |a: &Account| (a.modified.is_none(), Reverse(a.modified), a.line);
        other
            .similarity
            .total_cmp(&self.similarity)
            .then_with(|| key(self).cmp(&key(other)))
    }
}

/// The best match found for one key.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// How the accounts' values matched.
    pub evidence: Evidence,
    /// Accounts matching at that level of evidence.
    pub accounts: u32,
    /// The account Intercom links, and up to [`OTHERS`] more, in the order
    /// it picks them.
    pub ranked: Vec<Account>,
}

impl Link {
    /// The account Intercom links.
    pub fn chosen(&self) -> &Account {
        &self.ranked[0]
    }

    /// The other accounts holding the key, as many as are kept.
    pub fn others(&self) -> &[Account] {
        &self.ranked[1..]
    }

    /// Adds what another record or worker found for the same key. Better
    /// evidence replaces what is kept; at the same level the accounts add
    /// up. Every choice has a total order, so merges agree in any order.
    fn absorb(&mut self, other: Link) {
        match other.evidence.level().cmp(&self.evidence.level()) {
            Ordering::Less => *self = other,
            Ordering::Greater => {}
            Ordering::Equal => {
                self.accounts = self.accounts.saturating_add(other.accounts);
                self.ranked.extend(other.ranked);
                self.ranked.sort_by(Account::pick_order);
                self.ranked.truncate(OTHERS + 1);
                self.evidence.similarity = self.ranked[0].similarity;
            }
        }
    }
}

/// What one pass found: a link per key (in the order of the keys), the
/// accounts whose target field already holds a company id, and the person
/// accounts it left out.
#[derive(Debug, Default)]
pub struct Found {
    /// The best link of each key, in the order of the keys.
    pub links: Vec<Option<Link>>,
    /// Company id -> the accounts (by name) whose target field, when it is
    /// another field than the link's, holds it byte for byte today.
    pub holders: FxHashMap<Box<str>, Vec<String>>,
    /// Person accounts, which never sync, and so are left out.
    pub person_accounts: u64,
}

/// Matches every key of `keys` (distinct) against the link field of
/// `export`, as `columns` say, and notes which accounts hold one of `ids`
/// in the target field.
pub fn find(
    export: Export,
    columns: &Columns,
    keys: Vec<String>,
    ids: &FxHashSet<&str>,
    options: Options,
    progress: crate::read::Progress,
) -> Result<Found> {
    let count = keys.len();
    let step = progress.step(format!(
        "indexing all {} company values",
        crate::figures::thousands(count as u64)
    ));
    let probes = Probes::without_decoys(keys);
    let ladder = Ladder::new(&probes, options);
    step.finish_and_clear();
    let state = export.fold(
        || Pass {
            links: Default::default(),
            holders: Default::default(),
            person_accounts: 0,
            scratch: Scratch::default(),
            hits: Vec::new(),
        },
        |pass, record, line, _| {
            if columns
                .person
                .and_then(|c| record.get(c))
                .is_some_and(is_true)
            {
                pass.person_accounts += 1;
                return;
            }
            pass.hold(record, line, columns, ids);
            pass.record(record, line, columns, &ladder)
        },
        |_| {},
        Pass::merge,
    )?;
    let mut links = vec![None; count];
    for (key, link) in state.links {
        links[key as usize] = Some(link);
    }
    let mut holders = state.holders;
    for accounts in holders.values_mut() {
        accounts.sort_unstable();
    }
    Ok(Found {
        links,
        holders,
        person_accounts: state.person_accounts,
    })
}

/// One worker's links, and the buffers it reuses.
struct Pass {
    links: FxHashMap<u32, Link>,
    holders: FxHashMap<Box<str>, Vec<String>>,
    person_accounts: u64,
    scratch: Scratch,
    hits: Vec<Hit>,
}

impl Pass {
    /// Notes the account if its target field holds a company id.
    fn hold(&mut self, record: &Record, line: u64, columns: &Columns, ids: &FxHashSet<&str>) {
        let Some(value) = columns.target.and_then(|t| record.get(t)) else {
            return;
        };
        let value = record.utf8().lossy(value);
        if ids.contains(&*value) {
            let account = columns
                .id
                .and_then(|c| record.get(c))
                .map(|id| text_of(id.trim_ascii()).into_owned())
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| line.to_string());
            self.holders.entry(value.into()).or_default().push(account);
        }
    }

    fn record(&mut self, record: &Record, line: u64, columns: &Columns, ladder: &Ladder) {
        let Some(value) = record.get(columns.field).filter(|v| !is_blank(v)) else {
            return;
        };
        ladder.find(value, record.utf8(), &mut self.scratch, &mut self.hits);
        if self.hits.is_empty() {
            return;
        }
        let text = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(|v| Box::<str>::from(text_of(v.trim_ascii())))
        };
        let account = Account {
            line,
            id: text(columns.id).filter(|id| !id.is_empty()),
            value: text_of(value).into(),
            modified: columns.modified.as_ref().and_then(|m| {
                let v = record.get(m.column)?;
                dates::parse_in(&text_of(v), m.zone, m.order).map(|i| i.seconds)
            }),
            target: text(columns.target),
            similarity: 1.0,
        };
        for hit in &self.hits {
            let link = Link {
                evidence: hit.evidence,
                accounts: 1,
                ranked: vec![Account {
                    similarity: hit.evidence.similarity,
                    ..account.clone()
                }],
            };
            match self.links.entry(hit.id) {
                std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().absorb(link),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(link);
                }
            }
        }
    }

    fn merge(mut self, other: Pass) -> Pass {
        self.person_accounts += other.person_accounts;
        for (id, accounts) in other.holders {
            self.holders.entry(id).or_default().extend(accounts);
        }
        for (key, link) in other.links {
            match self.links.entry(key) {
                std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().absorb(link),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(link);
                }
            }
        }
        self
    }
}

/// Whether a checkbox cell is ticked, as exports write it.
fn is_true(value: &[u8]) -> bool {
    matches!(
        value.trim_ascii().to_ascii_lowercase().as_slice(),
        b"true" | b"1" | b"yes"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::Kind;

    fn account(line: u64, modified: Option<i64>) -> Account {
        Account {
            line,
            id: Some(format!("001{line}").into()),
            value: "c1".into(),
            modified,
            target: None,
            similarity: 1.0,
        }
    }

    fn link(a: Account) -> Link {
        Link {
            evidence: Evidence::EXACT,
            accounts: 1,
            ranked: vec![a],
        }
    }

    #[test]
    fn the_most_recently_updated_account_is_chosen_in_any_merge_order() {
        let accounts = [
            account(5, Some(100)),
            account(2, None),
            account(9, Some(300)),
            account(3, Some(300)),
        ];
        let merged = |order: &[usize]| {
            let mut it = order.iter().map(|&i| link(accounts[i].clone()));
            let mut first = it.next().unwrap();
            it.for_each(|l| first.absorb(l));
            first
        };
        let a = merged(&[0, 1, 2, 3]);
        assert_eq!(a, merged(&[3, 2, 1, 0]));
        assert_eq!(a, merged(&[1, 3, 0, 2]));
        assert_eq!(a.accounts, 4);
        // Latest first, the earlier line on a tie, undated last.
        let lines: Vec<u64> = a.ranked.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 9, 5, 2]);
    }

    #[test]
    fn better_evidence_replaces_weaker_and_similar_values_rank_by_similarity() {
        let mut l = Link {
            evidence: Evidence::similar(0.91),
            accounts: 1,
            ranked: vec![Account {
                similarity: 0.91,
                ..account(1, Some(500))
            }],
        };
        l.absorb(Link {
            evidence: Evidence::similar(0.95),
            accounts: 1,
            ranked: vec![Account {
                similarity: 0.95,
                ..account(2, None)
            }],
        });
        assert_eq!(l.chosen().line, 2, "the closer value first");
        assert_eq!(l.evidence.similarity, 0.95);
        l.absorb(link(account(7, None)));
        assert_eq!(
            (l.evidence.kind, l.accounts, l.chosen().line),
            (Kind::Exact, 1, 7)
        );
    }

    #[test]
    fn columns_are_found_by_their_loose_names() {
        let h: Vec<String> = ["Account ID", "Ext", "Last Modified Date", "IsPersonAccount"]
            .map(String::from)
            .into();
        let c = Columns::new(&h, 1, Some(1));
        assert_eq!((c.id, c.target, c.person), (Some(0), None, Some(3)));
        assert_eq!(c.modified.map(|m| m.column), Some(2));
    }
}
