//! The counts themselves: what each field showed for each probe, merged
//! across workers, and the figures they come to.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use serde::Serialize;

use super::kept::KeptRows;
use crate::matching::forms;
use crate::matching::{Evidence, Hit, Kind, Probes, TransformId};
use crate::read::text_of;

/// The key of the row on `line`: a fixed shuffle of line numbers, so that
/// the rows with the smallest keys are spread over the whole file.
pub fn row_key(line: u64) -> u64 {
    // SplitMix64's finalizer: a bijection that mixes every bit.
    let mut z = line.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Examples kept per field.
pub const EXAMPLES: usize = 3;
/// Sample values kept per field, to describe what it holds.
pub const SAMPLE_VALUES: usize = 20;

/// Counts for one stretch of account rows.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub rows: u64,
    /// Rows with more or fewer cells than the header.
    pub ragged_rows: u64,
    /// The first ragged row's line, for the warning.
    pub first_ragged_line: Option<u64>,
    /// Lines that are not accounts: a report's footer and totals.
    pub not_data_lines: u64,
    /// The newest date of each account activity column.
    pub activity: Vec<crate::values::dates::Newest>,
    /// Rows that are person accounts (`IsPersonAccount` ticked).
    pub person_accounts: u64,
    /// Rows whose account id is the row's before: a report's row per
    /// contact or opportunity, an account on each.
    pub account_runs: AccountRuns,
    /// Non-empty cells per candidate field.
    non_empty: Vec<u64>,
    /// Cells per candidate field whose value an earlier cell had (as far as
    /// the workers' caches remember): many in picklists, none in ids.
    repeats: Vec<u64>,
    /// A few distinct values per field from across the file, to say what
    /// the field holds: of the rows offered, those with the smallest keys
    /// (see [`row_key`]), each value with the smallest key of its rows.
    samples: Vec<Vec<(u64, Box<str>)>>,
    /// What each (field, sampled id) pair showed, as this worker records it.
    pairs: FxHashMap<(u32, u32), Pair>,
    /// The pairs of the tallies merged into this one, each tally's map
    /// whole: they are combined once every worker is done ([`Tally::settle`]).
    merged: Vec<FxHashMap<(u32, u32), Pair>>,
    /// Every pair once, in key order (field, then sample order), once
    /// settled.
    settled: Vec<((u32, u32), Pair)>,
    /// Whole account rows that link a sampled company, for the data mapping.
    pub kept: KeptRows,
}

/// Rows that list the account of the row before, counted as each
/// worker's chunks go by: within a chunk row by row, and across chunks by
/// the account ids each chunk starts and ends with.
#[derive(Debug, Clone, Default)]
pub struct AccountRuns {
    /// Rows whose account id is the row's before, in the same chunk.
    repeats: u64,
    /// The account id of each chunk's first row, and of its last.
    firsts: Vec<(u64, Box<[u8]>)>,
    lasts: Vec<(u64, Box<[u8]>)>,
    /// The chunk at hand, and the account id of its row read last.
    chunk: Option<u64>,
    last: Vec<u8>,
}

impl AccountRuns {
    /// Offers the account id (trimmed, maybe empty) of the next row of
    /// chunk `chunk`; the rows of a chunk come in order.
    pub fn offer(&mut self, chunk: u64, id: &[u8]) {
        if self.chunk != Some(chunk) {
            self.close();
            self.chunk = Some(chunk);
            self.firsts.push((chunk, id.into()));
        } else if !id.is_empty() && id == self.last {
            self.repeats += 1;
        }
        self.last.clear();
        self.last.extend_from_slice(id);
    }

    /// Keeps the last account id of the chunk at hand.
    fn close(&mut self) {
        if let Some(chunk) = self.chunk.take() {
            self.lasts.push((chunk, self.last.as_slice().into()));
        }
    }

    /// Adds what another worker saw.
    fn merge(&mut self, mut other: AccountRuns) {
        self.close();
        other.close();
        self.repeats += other.repeats;
        self.firsts.extend(other.firsts);
        self.lasts.extend(other.lasts);
    }

    /// The rows that list the account of the row before.
    pub fn count(&self) -> u64 {
        let open = self.chunk.map(|c| (c, self.last.as_slice()));
        let lasts: FxHashMap<u64, &[u8]> = self
            .lasts
            .iter()
            .map(|(c, id)| (*c, &id[..]))
            .chain(open)
            .collect();
        let across = self.firsts.iter().filter(|(chunk, first)| {
            let before = chunk.checked_sub(1).and_then(|c| lasts.get(&c));
            !first.is_empty() && before.is_some_and(|last| *last == &first[..])
        });
        self.repeats + across.count() as u64
    }
}

/// What one field showed for one sampled id.
#[derive(Debug, Clone)]
struct Pair {
    /// Rows whose value matched the id by the best kind of evidence seen: the
    /// rows a fix would link, so a weaker near miss elsewhere is not a duplicate.
    rows: u32,
    /// The first line of those rows.
    line: u64,
    evidence: Evidence,
    /// The value behind `evidence`, when it differs from the id.
    value: Option<Box<[u8]>>,
}

impl Pair {
    /// Adds `other`, seen for the same field and id. Evidence of a better
    /// level (kind, then transform) replaces what is kept; at the same level
    /// the rows add up and the example is the more similar, then the smaller
    /// value, so merges agree in any order.
    fn absorb(&mut self, other: &Pair) {
        self.add(
            other.rows,
            other.line,
            other.evidence,
            other.value.as_deref(),
        );
    }

    /// [`Pair::absorb`] of `rows` rows from `line` on with `evidence` and
    /// `value`, which is copied only if it is kept.
    fn add(&mut self, rows: u32, line: u64, evidence: Evidence, value: Option<&[u8]>) {
        match evidence.level().cmp(&self.evidence.level()) {
            std::cmp::Ordering::Less => {
                *self = Pair {
                    rows,
                    line,
                    evidence,
                    value: value.map(Into::into),
                }
            }
            std::cmp::Ordering::Greater => {}
            std::cmp::Ordering::Equal => {
                self.rows = self.rows.saturating_add(rows);
                self.line = self.line.min(line);
                let better = (-evidence.similarity, value)
                    < (-self.evidence.similarity, self.value.as_deref());
                if better {
                    self.evidence = evidence;
                    self.value = value.map(Into::into);
                }
            }
        }
    }
}

impl Tally {
    /// An empty tally over `fields` candidate fields.
    pub fn new(fields: usize) -> Tally {
        Tally {
            non_empty: vec![0; fields],
            repeats: vec![0; fields],
            samples: vec![Vec::new(); fields],
            ..Tally::default()
        }
    }

    /// Counts a non-empty cell of candidate field `field`.
    pub fn count_filled(&mut self, field: usize) {
        self.non_empty[field] += 1;
    }

    /// Counts a cell of candidate field `field` whose value was seen before.
    pub fn count_repeat(&mut self, field: usize) {
        self.repeats[field] += 1;
    }

    /// The candidate fields (by their place) that could hold an identity:
    /// most of their values are not repeats of others, and they are not
    /// dates. Picklists, checkboxes and timestamps are not.
    pub fn identity_fields(&self) -> Vec<usize> {
        (0..self.non_empty.len())
            .filter(|&f| {
                let samples = &self.samples[f];
                // Salesforce writes no moment in seconds since 1970.
                let values = samples.iter().map(|(_, v)| &v[..]);
                let dates = crate::values::dates::count_dates(values, false);
                self.non_empty[f] > 0
                    && self.repeats[f] * 2 < self.non_empty[f]
                    && dates * 5 < samples.len() * 4
            })
            .collect()
    }

    /// The object other than Account whose record ids most of candidate
    /// field `field`'s sample values are, by their key prefix (`003`:
    /// Contact).
    pub fn other_object(&self, field: usize) -> Option<&'static str> {
        use crate::matching::{forms, sfid};
        let samples = &self.samples[field];
        let first = samples.first()?;
        let object = sfid::object_of(&first.1).filter(|&o| o != "Account")?;
        let alike = samples
            .iter()
            .filter(|(_, v)| forms::is_salesforce_id(v) && sfid::object_of(v) == Some(object))
            .count();
        (alike * 5 >= samples.len() * 4).then_some(object)
    }

    /// Offers `value`, from the row whose key is `key`, as one of the
    /// field's sample values: the field keeps the distinct values of the
    /// smallest keys, so that the samples come from across the whole file
    /// and do not depend on how the work was split.
    pub fn offer_sample(&mut self, field: usize, value: &[u8], key: u64) {
        let kept = &mut self.samples[field];
        if kept.len() == SAMPLE_VALUES && kept.last().is_some_and(|(top, _)| key >= *top) {
            return;
        }
        let value = text_of(value);
        match kept.iter().position(|(_, v)| **v == *value) {
            Some(i) if kept[i].0 <= key => return,
            Some(i) => {
                kept.remove(i);
            }
            None => {}
        }
        let at = kept.partition_point(|(k, _)| *k < key);
        kept.insert(at, (key, value.into()));
        kept.truncate(SAMPLE_VALUES);
    }

    /// Records that `value`, in candidate field `field` on `line`, matched
    /// as `hit` says. Returns whether this row is now the one row the pair
    /// links (so far, in this stretch).
    pub fn record(&mut self, field: usize, hit: &Hit, value: &[u8], line: u64) -> bool {
        let value = (hit.evidence.kind != Kind::Exact).then_some(value);
        match self.pairs.entry((field as u32, hit.id)) {
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let pair = e.get_mut();
                pair.add(1, line, hit.evidence, value);
                pair.rows == 1 && pair.line == line
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Pair {
                    rows: 1,
                    line,
                    evidence: hit.evidence,
                    value: value.map(Into::into),
                });
                true
            }
        }
    }

    /// Counts a row with the wrong number of cells, found at `line`.
    pub fn count_ragged(&mut self, line: u64) {
        self.ragged_rows += 1;
        self.first_ragged_line = Some(self.first_ragged_line.map_or(line, |l| l.min(line)));
    }

    /// Adds `other` into `self`.
    pub fn merge(mut self, other: Tally) -> Tally {
        self.rows += other.rows;
        self.ragged_rows += other.ragged_rows;
        self.person_accounts += other.person_accounts;
        self.account_runs.merge(other.account_runs);
        crate::values::activity::Watch::merge(&mut self.activity, other.activity);
        self.not_data_lines += other.not_data_lines;
        self.first_ragged_line = match (self.first_ragged_line, other.first_ragged_line) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (a, b) in self.non_empty.iter_mut().zip(&other.non_empty) {
            *a += b;
        }
        for (a, b) in self.repeats.iter_mut().zip(&other.repeats) {
            *a += b;
        }
        for (field, b) in other.samples.into_iter().enumerate() {
            for (key, value) in b {
                self.offer_sample(field, value.as_bytes(), key);
            }
        }
        self.kept.merge(other.kept);
        self.merged.push(other.pairs);
        self.merged.extend(other.merged);
        self.settled.extend(other.settled);
        self
    }

    /// Combines the pairs of every tally merged into this one: their maps
    /// are drained into one list, which is sorted by key on every core, and
    /// each key's pairs are absorbed into one (`absorb` agrees in any order).
    /// Merging one worker's map into another's, entry by entry, grew the
    /// map on one core: half a second at the end of the pass over the 1M
    /// export with every company sampled, most of it the kernel clearing
    /// the pages of the grown table.
    pub fn settle(&mut self) {
        if self.pairs.is_empty() && self.merged.is_empty() {
            return;
        }
        let mut all = std::mem::take(&mut self.settled);
        // Room for all at once: a list grown by doubling would hold its old
        // buffer and its new one at the peak of the run.
        all.reserve(self.pairs.len() + self.merged.iter().map(|m| m.len()).sum::<usize>());
        all.extend(std::mem::take(&mut self.pairs));
        for map in std::mem::take(&mut self.merged) {
            all.extend(map);
        }
        all.par_sort_unstable_by_key(|&(key, _)| key);
        all.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1.absorb(&next.1);
            }
            same
        });
        self.settled = all;
    }

    /// The tallies of several probe sets that were matched as one: global
    /// probe `p` stands for each `(set, local probe)` of `owners[p]` (one
    /// string can be a probe of several sets). Every part keeps the row
    /// counts and field samples, and the pairs of its own probes.
    pub fn split(mut self, owners: &[Vec<(u32, u32)>], sets: usize) -> Vec<Tally> {
        self.settle();
        let mut parts: Vec<Tally> = (0..sets).map(|_| self.clone_counts()).collect();
        for ((field, probe), pair) in self.settled {
            for &(set, local) in &owners[probe as usize] {
                parts[set as usize]
                    .pairs
                    .insert((field, local), pair.clone());
            }
        }
        parts
    }

    /// A copy of everything but the pairs.
    fn clone_counts(&self) -> Tally {
        Tally {
            rows: self.rows,
            ragged_rows: self.ragged_rows,
            first_ragged_line: self.first_ragged_line,
            not_data_lines: self.not_data_lines,
            activity: self.activity.clone(),
            person_accounts: self.person_accounts,
            account_runs: self.account_runs.clone(),
            non_empty: self.non_empty.clone(),
            repeats: self.repeats.clone(),
            samples: self.samples.clone(),
            pairs: FxHashMap::default(),
            merged: Vec::new(),
            settled: Vec::new(),
            kept: KeptRows::default(),
        }
    }

    /// The line of the one account row each (field, probe) pair links,
    /// for the probes whose rows were kept: pairs of one row, matched
    /// exactly or after a fix.
    pub fn links(&mut self) -> FxHashMap<(u32, u32), u64> {
        self.settle();
        self.settled
            .iter()
            .filter(|((_, probe), pair)| {
                *probe < self.kept.below && pair.rows == 1 && pair.evidence.kind != Kind::Fuzzy
            })
            .map(|(key, pair)| (*key, pair.line))
            .collect()
    }

    /// The figures of each candidate field, in field order.
    pub fn finish(mut self, probes: &Probes, explain: Option<usize>) -> Vec<FieldCounts> {
        self.settle();
        let mut fields: Vec<FieldCounts> = self
            .non_empty
            .iter()
            .zip(self.samples)
            .map(|(&non_empty, samples)| FieldCounts {
                non_empty,
                samples: samples.into_iter().map(|(_, v)| v.into()).collect(),
                ..FieldCounts::default()
            })
            .collect();
        // In sample order, so examples are the same whatever the hash order.
        // Each field's pairs are a run, tallied on its own core.
        let pairs = self.settled;
        let mut runs = Vec::with_capacity(fields.len());
        let mut rest = &pairs[..];
        for field in 0..fields.len() as u32 {
            let (run, after) = rest.split_at(rest.partition_point(|((f, _), _)| *f <= field));
            runs.push(run);
            rest = after;
        }
        fields.par_iter_mut().zip(runs).for_each(|(f, run)| {
            for ((field, id), pair) in run {
                f.add(*id, pair, probes, explain == Some(*field as usize));
            }
            f.examples = pick_examples(std::mem::take(&mut f.examples));
        });
        fields
    }
}

impl FieldCounts {
    /// Counts what one field showed for probe `id`, in sample order; with
    /// `all`, keeps it for `--explain`.
    fn add(&mut self, id: u32, pair: &Pair, probes: &Probes, all: bool) {
        if !probes.is_sampled(id) {
            match pair.evidence.kind {
                Kind::Fuzzy => self.decoys_fuzzy += 1,
                _ => self.decoys_specific += 1,
            }
            return;
        }
        self.matched += 1;
        match pair.evidence.kind {
            Kind::Exact => self.exact += 1,
            Kind::Normalized => self.normalized += 1,
            Kind::Fuzzy => self.fuzzy += 1,
        }
        if pair.rows == 1 {
            self.unique += 1;
        } else if pair.evidence.kind != Kind::Fuzzy {
            self.repeated += 1;
        }
        let company_id = probes.get(id);
        if let Some(t) = pair.evidence.transform {
            *self.transforms.entry(t).or_default() += 1;
            if let Some(value) = pair.value.as_deref() {
                let value = text_of(value);
                let fix = self
                    .fixes
                    .entry(Fix::between(t, company_id, &value))
                    .or_default();
                fix.matches += 1;
                if fix.examples.len() < 2 {
                    fix.examples
                        .push((company_id.to_string(), value.into_owned()));
                }
            }
        }
        if pair.rows > 1
            && pair.evidence.kind != Kind::Fuzzy
            && self.repeated_examples.len() < EXAMPLES
        {
            self.repeated_examples.push(example(company_id, pair));
        }
        if self
            .examples
            .iter()
            .filter(|e| e.evidence.kind == pair.evidence.kind)
            .count()
            < EXAMPLES
        {
            self.examples.push(example(company_id, pair));
        }
        if all {
            self.all.push(example(company_id, pair));
        }
    }
}

/// The example that `pair` gives for `company_id`.
fn example(company_id: &str, pair: &Pair) -> Example {
    Example {
        company_id: company_id.to_string(),
        value: match &pair.value {
            Some(v) => String::from_utf8_lossy(v).into_owned(),
            None => company_id.to_string(),
        },
        evidence: pair.evidence,
        rows: pair.rows,
    }
}

/// Up to [`EXAMPLES`] of `examples` (in sample order): the first of each kind
/// of evidence, then the next ones in order.
fn pick_examples(examples: Vec<Example>) -> Vec<Example> {
    let mut chosen: Vec<usize> = Vec::new();
    for kind in [Kind::Exact, Kind::Normalized, Kind::Fuzzy] {
        if let Some(i) = examples.iter().position(|e| e.evidence.kind == kind) {
            chosen.push(i);
        }
    }
    for i in 0..examples.len() {
        if chosen.len() >= EXAMPLES {
            break;
        }
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.truncate(EXAMPLES);
    chosen.sort_unstable();
    chosen.into_iter().map(|i| examples[i].clone()).collect()
}

/// The counts behind one field's rates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldCounts {
    /// Non-empty cells.
    pub non_empty: u64,
    /// Sampled ids found by any evidence.
    pub matched: u64,
    /// Of `matched`, those whose best evidence is exact, normalized, fuzzy.
    pub exact: u64,
    pub normalized: u64,
    pub fuzzy: u64,
    /// Matched ids whose value is on exactly one account row.
    pub unique: u64,
    /// Ids matched exactly or after a fix whose value is on several rows:
    /// the ids the sync would link to only one of several accounts.
    pub repeated: u64,
    /// Normalized matches by transform.
    pub transforms: BTreeMap<TransformId, u64>,
    /// Normalized matches by what would fix them.
    pub fixes: BTreeMap<Fix, FixCount>,
    /// Ids matched exactly or after a fix that are on several accounts.
    pub repeated_examples: Vec<Example>,
    /// Decoys matched exactly or after a normalization.
    pub decoys_specific: u64,
    /// Decoys matched only by similarity: the chance baseline of `fuzzy`.
    pub decoys_fuzzy: u64,
    pub examples: Vec<Example>,
    /// Distinct values from across the file.
    pub samples: Vec<String>,
    /// Every matched id, in sample order, for the field being explained.
    pub all: Vec<Example>,
}

/// How many normalized matches a fix explains, with the first two.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FixCount {
    pub matches: u64,
    /// (company_id, value) pairs, in sample order.
    pub examples: Vec<(String, String)>,
}

/// Which side's values a normalization changed, and so must be fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Intercom's company_id.
    Intercom,
    /// The Salesforce field.
    Salesforce,
    /// Both differ from the common form.
    Both,
}

/// What would make one normalized match exact.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fix {
    pub transform: TransformId,
    pub side: Side,
    /// For `prefix`: the prefix one side carries.
    pub prefix: Option<String>,
}

impl Fix {
    /// The fix for `company_id` and `value`, equal under `transform`: the
    /// side whose value was damaged or carries the extra characters.
    pub fn between(transform: TransformId, company_id: &str, value: &str) -> Fix {
        let (id, v) = (company_id.trim(), value.trim());
        let pick = |id_side: bool, value_side: bool| match (id_side, value_side) {
            (true, false) => Side::Intercom,
            (false, true) => Side::Salesforce,
            _ => Side::Both,
        };
        let changed = |s: &str| (transform.transform().apply)(s).as_deref() != Some(s);
        let longer = || {
            pick(
                company_id.len() > value.len(),
                value.len() > company_id.len(),
            )
        };
        use TransformId as T;
        let side = match transform {
            // The side that lost its zeros, or its last 3 characters, is damaged.
            T::LeadingZeros => pick(id.len() < v.len(), v.len() < id.len()),
            T::SalesforceId if id.len() != v.len() => pick(id.len() < v.len(), v.len() < id.len()),
            T::Scientific => pick(id.contains(['e', 'E']), v.contains(['e', 'E'])),
            // Same length: the side not in the common form.
            T::SalesforceId | T::Case | T::Unicode => pick(changed(id), changed(v)),
            // Otherwise the longer side carries what must go.
            // Only account cells are split into their values.
            T::Split => Side::Salesforce,
            T::Whitespace
            | T::LegalSuffix
            | T::NameWords
            | T::Decimal
            | T::Domain
            | T::RegistrableDomain
            | T::Separators
            | T::Prefix => longer(),
        };
        let prefix = (transform == T::Prefix)
            .then(
                || match (forms::split_prefix(company_id), forms::split_prefix(value)) {
                    (None, Some((p, _))) => Some((Side::Salesforce, p)),
                    (Some((p, _)), None) => Some((Side::Intercom, p)),
                    _ => None,
                },
            )
            .flatten();
        match prefix {
            Some((side, p)) => Fix {
                transform,
                side,
                prefix: Some(p.to_string()),
            },
            None => Fix {
                transform,
                side,
                prefix: None,
            },
        }
    }
}

/// A sampled id and the value that matched it.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub company_id: String,
    pub value: String,
    pub evidence: Evidence,
    /// Account rows whose value matched this id.
    pub rows: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_no_identity_whichever_way_they_are_written() {
        // Unique codes; dates month first; dates day first, most of which
        // no month-first reading takes.
        let mut tally = Tally::new(3);
        for i in 0..40u64 {
            let values = [
                format!("cus_{i:04}"),
                format!("{}/{}/25 8:{i:02}", i % 12 + 1, i % 28 + 1),
                format!("{}/{}/25 8:{i:02}", i % 28 + 1, i % 12 + 1),
            ];
            for (field, v) in values.iter().enumerate() {
                tally.count_filled(field);
                tally.offer_sample(field, v.as_bytes(), i);
            }
        }
        assert_eq!(tally.identity_fields(), [0]);
    }

    #[test]
    fn rows_that_repeat_the_account_before_are_counted_across_chunks() {
        // Rows as a report lists them, an account on several in a row,
        // cut into chunks that two workers read out of order.
        let rows = ["a", "a", "b", "b", "b", "", "", "c", "a", "a"];
        let want = 4; // a, b, b, then a: blank ids repeat nothing
        for cut in [vec![2, 4], vec![1, 5, 8], vec![3], vec![]] {
            let mut chunks: Vec<&[&str]> = Vec::new();
            let mut from = 0;
            for &to in cut.iter().chain([&rows.len()]) {
                chunks.push(&rows[from..to]);
                from = to;
            }
            let read = |which: &[usize]| {
                let mut runs = AccountRuns::default();
                for &c in which {
                    for id in chunks[c] {
                        runs.offer(c as u64, id.as_bytes());
                    }
                }
                runs
            };
            let all: Vec<usize> = (0..chunks.len()).collect();
            assert_eq!(read(&all).count(), want, "one worker, cut at {cut:?}");
            let (odd, even): (Vec<usize>, Vec<usize>) = all.iter().partition(|&&c| c % 2 == 1);
            let mut a = read(&even);
            a.merge(read(&odd));
            assert_eq!(a.count(), want, "two workers, cut at {cut:?}");
        }
    }

    #[test]
    fn a_field_of_another_object_s_ids_names_the_object() {
        let of = |ids: &[&str]| {
            let mut t = Tally::new(1);
            for (key, id) in ids.iter().enumerate() {
                t.offer_sample(0, id.as_bytes(), key as u64);
            }
            t.other_object(0)
        };
        let contacts = ["0035g00000AbCdE", "0035g00000AbCdF", "0035g00000AbCdG"];
        assert_eq!(of(&contacts), Some("Contact"));
        // Accounts (person accounts too), other values, or too few alike.
        assert_eq!(of(&["0015g00000AbCdE", "0015g00000AbCdF"]), None);
        assert_eq!(of(&["003", "acme"]), None);
        let mixed = ["0035g00000AbCdE", "0015g00000AbCdF", "0015g00000AbCdG"];
        assert_eq!(of(&mixed), None);
        assert_eq!(of(&[]), None);
    }

    fn exact(id: u32) -> Hit {
        Hit {
            id,
            evidence: Evidence::EXACT,
        }
    }

    fn normalized(id: u32) -> Hit {
        Hit {
            id,
            evidence: Evidence::normalized(TransformId::Case),
        }
    }

    fn sample() -> Probes {
        Probes::without_decoys((0..5).map(|i| format!("id{i}")).collect())
    }

    #[test]
    fn a_split_tally_gives_each_probe_set_its_own_pairs() {
        let mut t = Tally::new(1);
        t.rows = 3;
        t.count_filled(0);
        t.record(0, &exact(0), b"a", 1);
        t.record(0, &normalized(1), b"B", 1);
        // Global probe 0 is set 0's probe 1; global probe 1 is set 1's
        // probe 0 and set 0's probe 0 (one string in two sets).
        let parts = t.split(&[vec![(0, 1)], vec![(1, 0), (0, 0)]], 2);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| p.rows == 3));
        let probes = |n: usize| Probes::without_decoys((0..n).map(|i| format!("p{i}")).collect());
        let mut parts = parts.into_iter();
        let zero = &parts.next().unwrap().finish(&probes(2), None)[0];
        let one = &parts.next().unwrap().finish(&probes(1), None)[0];
        assert_eq!((zero.matched, zero.exact, zero.normalized), (2, 1, 1));
        assert_eq!((one.matched, one.exact, one.normalized), (1, 0, 1));
        assert_eq!(zero.non_empty, 1);
    }

    #[test]
    fn counts_matches_uniqueness_and_fill() {
        let mut t = Tally::new(2);
        t.rows = 4;
        for _ in 0..3 {
            t.count_filled(0);
        }
        t.record(0, &exact(0), b"id0", 1);
        t.record(0, &exact(1), b"id1", 1);
        t.record(0, &exact(1), b"id1", 1);
        t.record(1, &normalized(2), b"ID2", 1);
        let f = t.finish(&sample(), None);
        assert_eq!(
            (f[0].non_empty, f[0].matched, f[0].exact, f[0].unique),
            (3, 2, 2, 1)
        );
        assert_eq!((f[1].matched, f[1].normalized, f[1].unique), (1, 1, 1));
        assert_eq!(f[1].transforms.get(&TransformId::Case), Some(&1));
        assert_eq!(f[1].examples[0].value, "ID2");
        assert_eq!(f[0].examples[1].rows, 2);
    }

    #[test]
    fn best_evidence_wins_and_rows_add_up() {
        let mut t = Tally::new(1);
        t.record(0, &normalized(0), b"ID0", 1);
        t.record(0, &exact(0), b"id0", 1);
        let f = t.finish(&sample(), None);
        // One row holds the id itself: a near miss elsewhere is no duplicate.
        assert_eq!((f[0].exact, f[0].normalized, f[0].unique), (1, 0, 1));
        assert_eq!(f[0].examples[0].value, "id0");
    }

    #[test]
    fn merging_in_any_order_gives_the_same_result() {
        let parts = || {
            let mut a = Tally::new(1);
            a.rows = 2;
            a.record(0, &normalized(3), b"ID3 ", 1);
            a.count_ragged(9);
            let mut b = Tally::new(1);
            b.rows = 3;
            b.record(0, &normalized(3), b"Id3", 1);
            b.record(0, &exact(1), b"id1", 1);
            b.count_ragged(4);
            (a, b)
        };
        let (a, b) = parts();
        let ab = a.merge(b);
        let (a, b) = parts();
        let ba = b.merge(a);
        assert_eq!(
            (ab.rows, ab.ragged_rows, ab.first_ragged_line),
            (5, 2, Some(4))
        );
        assert_eq!(
            (ba.rows, ba.ragged_rows, ba.first_ragged_line),
            (5, 2, Some(4))
        );
        let (x, y) = (ab.finish(&sample(), None), ba.finish(&sample(), None));
        assert_eq!(x, y);
        assert_eq!(
            x[0].examples[1].value, "ID3 ",
            "the smaller value is the example"
        );
        assert_eq!(x[0].unique, 1);
    }

    #[test]
    fn examples_follow_sample_order() {
        let mut t = Tally::new(1);
        for id in [4, 2, 0, 3, 1] {
            t.record(0, &exact(id), format!("id{id}").as_bytes(), 1);
        }
        let ids: Vec<String> = t.finish(&sample(), None)[0]
            .examples
            .iter()
            .map(|e| e.company_id.clone())
            .collect();
        assert_eq!(ids, ["id0", "id1", "id2"]);
    }
}
