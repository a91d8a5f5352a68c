//! Decoy probes: made-up ids drawn like the sampled ones, to measure how often
//! a field holds an id, or something similar to it, by chance.
//!
//! Only ids that can match by chance get decoys. A machine-made id (a
//! Salesforce record id, a UUID, an ObjectId, a Stripe id) is unique by
//! construction, so a field that holds it holds that record, however dense
//! the block it was created in: a bulk load makes consecutive Salesforce
//! ids, and decoys drawn inside that block would hit real accounts and call
//! a true match chance. Codes people or sequences make (numbers, short
//! codes, names) do collide by chance, and their decoys measure how often.
//!
//! Each decoy has the length of a sampled id. A number's decoy is a number
//! drawn evenly between the least and the greatest sampled number of its
//! length; any other id's has at each position a character drawn from the
//! sampled ids of that length at that position, keeping the form of its id
//! (its characters that are not letters or digits, in their places), and a
//! name's is made of words drawn from the sampled names' words. Decoys
//! therefore share the sample's shape and its range (sequential numbers stay
//! in their block, Salesforce ids keep their key prefix), and a decoy is kept
//! only if it is not any company id of the export, so that what it matches
//! can only be chance. Decoys go through exactly the same matching as the
//! sampled ids, so how often they find similar values in a field is that
//! field's chance baseline: near zero where values are real ids of another
//! shape, as high as for real ids in a dense column of lookalikes.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};

use super::sampler::Sample;
use crate::matching::forms::{self, MachineId};

/// A stream separate from the sampling one, so decoys never shift the sample.
const DECOY_STREAM: u64 = 0x6465_636f_7973;

/// Tries before a decoy that keeps hitting a company id falls back to random
/// characters of the same kind, and those before it gives up looking.
const TRIES: usize = 8;

/// Decoys, and how dense the company ids are among strings of their shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoys {
    /// One per sampled id that is not machine-made, in sample order; none is
    /// a company id, unless the ids are so dense (small numbers, say) that
    /// hardly any other string of their shape exists.
    pub ids: Vec<String>,
    /// The share of strings drawn like the sample that were company ids.
    /// Near 1, any field of such strings holds most ids by chance.
    pub density: f64,
}

/// Makes one decoy per sampled id that is not machine-made.
pub fn decoys(sample: &Sample, seed: u64) -> Decoys {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ DECOY_STREAM);
    // With every company sampled there are a million ids to look at: what
    // each is, told in one pass on every core.
    let chancy: Vec<Chancy> = sample
        .ids
        .par_iter()
        .filter(|id| MachineId::of(id).is_none())
        .map(|id| Chancy {
            id,
            name: forms::is_name(id),
            number: is_number(id).then(|| id.parse::<u64>().ok()).flatten(),
        })
        .collect();
    // The characters at each position, per length in characters: made when
    // first needed, since numbers and names seldom need them.
    let mut columns: Option<FxHashMap<usize, Vec<Vec<char>>>> = None;
    let columns_of = |chancy: &[Chancy]| {
        let mut columns: FxHashMap<usize, Vec<Vec<char>>> = FxHashMap::default();
        for Chancy { id, .. } in chancy {
            let len = id.chars().count();
            let cols = columns.entry(len).or_insert_with(|| vec![Vec::new(); len]);
            for (col, c) in cols.iter_mut().zip(id.chars()) {
                col.push(c);
            }
        }
        columns
    };
    // The least and greatest sampled number of each length.
    let mut ranges: Ranges = [None; NUMBER_LENS];
    for c in &chancy {
        if let Some(n) = c.number {
            widen(&mut ranges[c.id.len()], (n, n));
        }
    }
    let mut draws = Draws::new(sample, chancy.len(), &ranges);
    // Names of several words, by word count: their words at each place.
    let mut places: FxHashMap<usize, Vec<Vec<&str>>> = FxHashMap::default();
    for id in chancy.iter().filter_map(|c| c.name.then_some(c.id)) {
        let words: Vec<&str> = id.split_whitespace().collect();
        if words.len() >= 2 {
            let cols = places
                .entry(words.len())
                .or_insert_with(|| vec![Vec::new(); words.len()]);
            for (col, w) in cols.iter_mut().zip(words) {
                col.push(w);
            }
        }
    }
    // Each draw is written here, and copied out only when it is taken.
    let mut drawn = String::new();
    for &Chancy { id, name, number } in &chancy {
        // Draws until one is taken.
        'draw: {
            // A name's decoy is a name: real words, in a combination that is
            // no company's, so that it is similar to account names as often
            // as chance makes a name so.
            let places = name
                .then(|| places.get(&id.split_whitespace().count()))
                .flatten();
            if let Some(cols) = places {
                for _ in 0..TRIES {
                    drawn.clear();
                    for (k, col) in cols.iter().enumerate() {
                        if k > 0 {
                            drawn.push(' ');
                        }
                        drawn.push_str(col[rng.random_range(0..col.len())]);
                    }
                    if draws.take(&drawn) {
                        break 'draw;
                    }
                }
            }
            // A number's decoy is a number drawn evenly between the sampled
            // ones of its length: what a field of sequential numbers
            // (auto-numbers, counts, postal codes) holds by chance.
            if let Some((lo, hi)) = ranges
                .get(id.len())
                .copied()
                .flatten()
                .filter(|_| number.is_some())
            {
                for _ in 0..8 * TRIES {
                    use std::fmt::Write;
                    drawn.clear();
                    let n = rng.random_range(lo..=hi);
                    // Writing into a `String` cannot fail.
                    let _ = write!(drawn, "{n:0width$}", width = id.len());
                    if draws.take(&drawn) {
                        break 'draw;
                    }
                }
            }
            // A decoy keeps the form of its id: a domain's has its dot, a
            // slug's its hyphens. Drawing within one form alone would copy
            // the few ids of a rare form nearly whole, and a near copy of a
            // real id is similar to its account by more than chance.
            let shape = form(id);
            let columns = columns.get_or_insert_with(|| columns_of(&chancy));
            let cols = &columns[&id.chars().count()];
            for _ in 0..TRIES {
                drawn.clear();
                drawn.extend(cols.iter().map(|col| col[rng.random_range(0..col.len())]));
                if form(&drawn) != shape {
                    continue;
                }
                if draws.take(&drawn) {
                    break 'draw;
                }
            }
            // Too few ids to draw from: random characters of each kind.
            let mut decoy = reshape(id, &mut rng);
            for _ in 0..TRIES {
                if !draws.taken(&decoy) {
                    break;
                }
                decoy = reshape(id, &mut rng);
            }
            draws.push(decoy);
        }
    }
    Decoys {
        density: draws.density(),
        ids: draws.decoys,
    }
}

/// A sampled id that is not machine-made, and what it is.
struct Chancy<'a> {
    id: &'a String,
    /// Whether it reads as a name.
    name: bool,
    /// Its value, if it is a number (see [`is_number`]; at most 19 digits
    /// always parse). Told once, in the pass on every core, so that the
    /// draw on one core need not read the id's bytes again.
    number: Option<u64>,
}

/// The strings drawn for decoys, and how many of them were company ids.
struct Draws<'a> {
    sample: &'a Sample,
    /// The decoys so far: no two alike (but for the last resort, see
    /// [`Draws::push`]), for two equal probes would share one entry of the
    /// matchers' indexes.
    decoys: Vec<String>,
    /// Where each decoy is in `decoys`, by its hash: the strings are held
    /// once, and a draw is looked up once. Numbers within a range of
    /// `numbers` are told by their bit there instead.
    used: HashTable<u32>,
    /// By length, the numbers of that many digits between the least and
    /// the greatest sampled one, one bit each: a million numbers drawn
    /// evenly are told apart in a bitset that stays in cache, where a hash
    /// table of them would be read from memory at every draw.
    numbers: Vec<Option<Numbers>>,
    draws: u64,
    companies: u64,
}

/// The numbers of one length in `lo..=hi` drawn so far.
struct Numbers {
    lo: u64,
    hi: u64,
    bits: Vec<u64>,
}

impl<'a> Draws<'a> {
    /// Draws of `capacity` decoys, with numbers of each length in the range
    /// `ranges` gives it told by a bitset where it is not much larger than
    /// the decoys are many.
    fn new(sample: &'a Sample, capacity: usize, ranges: &Ranges) -> Draws<'a> {
        let most = (64 * capacity as u64).max(1 << 16);
        let numbers = ranges
            .iter()
            .map(|range| {
                let (lo, hi) = range.filter(|(lo, hi)| hi - lo < most)?;
                let bits = vec![0; ((hi - lo) / 64 + 1) as usize];
                Some(Numbers { lo, hi, bits })
            })
            .collect();
        Draws {
            sample,
            decoys: Vec::with_capacity(capacity),
            used: HashTable::with_capacity(capacity),
            numbers,
            draws: 0,
            companies: 0,
        }
    }

    /// The bitset and bit of `decoy`, if it is a number in a range of
    /// `numbers`.
    fn number_bit(&mut self, decoy: &str) -> Option<(&mut u64, u64)> {
        let set = self.numbers.get_mut(decoy.len())?.as_mut()?;
        if !decoy.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u64 = decoy.parse().ok()?;
        if !(set.lo..=set.hi).contains(&n) {
            return None;
        }
        let at = n - set.lo;
        Some((&mut set.bits[(at / 64) as usize], 1 << (at % 64)))
    }

    /// Takes `decoy` as the next decoy, if it is no company id and no decoy yet.
    fn take(&mut self, decoy: &str) -> bool {
        self.draws += 1;
        if self.sample.may_contain(decoy) {
            self.companies += 1;
            return false;
        }
        if let Some((word, bit)) = self.number_bit(decoy) {
            if *word & bit != 0 {
                return false;
            }
            *word |= bit;
            self.decoys.push(decoy.to_string());
            return true;
        }
        let hash = FxBuildHasher.hash_one(decoy);
        let decoys = &self.decoys;
        match self.used.entry(
            hash,
            |&i| decoys[i as usize] == decoy,
            |&i| FxBuildHasher.hash_one(&decoys[i as usize]),
        ) {
            hashbrown::hash_table::Entry::Occupied(_) => false,
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(self.decoys.len() as u32);
                self.decoys.push(decoy.to_string());
                true
            }
        }
    }

    /// Whether `decoy` is a company id or a decoy already.
    fn taken(&mut self, decoy: &str) -> bool {
        if self.sample.may_contain(decoy) {
            return true;
        }
        if let Some((word, bit)) = self.number_bit(decoy) {
            return *word & bit != 0;
        }
        self.used
            .find(FxBuildHasher.hash_one(decoy), |&i| {
                self.decoys[i as usize] == decoy
            })
            .is_some()
    }

    /// Takes `decoy` as the next decoy, as it is: the last resort of ids
    /// too few to draw from, which may be a decoy already.
    fn push(&mut self, decoy: String) {
        if let Some((word, bit)) = self.number_bit(&decoy) {
            *word |= bit;
        } else {
            let hash = FxBuildHasher.hash_one(&decoy);
            let decoys = &self.decoys;
            self.used.insert_unique(hash, decoys.len() as u32, |&i| {
                FxBuildHasher.hash_one(&decoys[i as usize])
            });
        }
        self.decoys.push(decoy);
    }

    /// The share of the strings drawn that were company ids.
    fn density(&self) -> f64 {
        if self.draws == 0 {
            0.0
        } else {
            self.companies as f64 / self.draws as f64
        }
    }
}

/// The form of `id` decoys are drawn within: its letters and digits as
/// blanks, its other characters as they are.
fn form(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_alphanumeric() { '\0' } else { c })
        .collect()
}

/// By length, the least and greatest sampled number of that many digits.
type Ranges = [Option<(u64, u64)>; NUMBER_LENS];

/// Numbers have fewer digits than this (see [`is_number`]).
const NUMBER_LENS: usize = 20;

/// `range` widened to take in `(lo, hi)`.
fn widen(range: &mut Option<(u64, u64)>, (lo, hi): (u64, u64)) {
    *range = Some(range.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
}

/// Whether `id` is a whole number of at most 19 digits.
fn is_number(id: &str) -> bool {
    (1..NUMBER_LENS).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit())
}

/// `id` with every ASCII letter and digit replaced by a random one of the same
/// kind: for ids too few to draw from.
fn reshape(id: &str, rng: &mut ChaCha8Rng) -> String {
    id.chars()
        .map(|c| match c {
            '0'..='9' => (b'0' + rng.random_range(0..10u8)) as char,
            'a'..='z' => (b'a' + rng.random_range(0..26u8)) as char,
            'A'..='Z' => (b'A' + rng.random_range(0..26u8)) as char,
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sample::sampler::Sampler;

    fn sampled(ids: &[String]) -> Sample {
        let mut s = Sampler::new(None, 1);
        for id in ids {
            s.offer(id);
        }
        s.finish()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn numbers_told_by_their_bit_are_taken_as_by_the_hash_table() {
        let sample = sampled(&ids(&["104217", "104218", "0042"]));
        let mut ranges = [None; NUMBER_LENS];
        ranges[6] = Some((104_000, 105_000));
        ranges[4] = Some((10, 99));
        let mut by_bit = Draws::new(&sample, 100, &ranges);
        let mut by_hash = Draws::new(&sample, 100, &[None; NUMBER_LENS]);
        assert!(by_bit.numbers[6].is_some() && by_bit.numbers[4].is_some());
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..5_000 {
            // Numbers in and out of the ranges, with and without leading
            // zeros, company ids, repeats, and strings of digits and more.
            let n = rng.random_range(103_990..105_010u64);
            let draw = match rng.random_range(0..5) {
                0 => format!("{:04}", n % 120),
                1 => format!("{}a", n % 100_000),
                2 => format!("{:06}", n % 1_000),
                _ => n.to_string(),
            };
            let taken = by_hash.taken(&draw);
            assert_eq!(by_bit.taken(&draw), taken, "{draw}");
            assert_eq!(by_bit.take(&draw), by_hash.take(&draw), "{draw}");
            if rng.random_range(0..50) == 0 {
                by_bit.push(draw.clone());
                by_hash.push(draw);
            }
        }
        assert_eq!(by_bit.decoys, by_hash.decoys);
        assert_eq!(
            (by_bit.draws, by_bit.companies),
            (by_hash.draws, by_hash.companies)
        );
        assert!(by_bit.decoys.len() > 1_000, "{}", by_bit.decoys.len());
    }

    #[test]
    fn decoys_have_the_shape_of_the_sample_and_are_never_real() {
        // Every third number of a block is a company id; half are sampled.
        let all: Vec<String> = (0..1000).map(|i| format!("{}", 104_000 + 3 * i)).collect();
        let mut sampler = Sampler::new(Some(500), 1);
        for id in &all {
            sampler.offer(id);
        }
        let sample = sampler.finish();
        let d = decoys(&sample, 42);
        assert_eq!(d.ids.len(), 500);
        // Drawn digit by digit within the block, about a third are company ids.
        assert!((0.2..0.5).contains(&d.density), "{}", d.density);
        for decoy in &d.ids {
            assert!(!all.contains(decoy), "{decoy} is a company id");
            assert_eq!(decoy.len(), 6);
            assert!(
                decoy.starts_with("10"),
                "{decoy} keeps the block's leading digits"
            );
        }
    }

    fn assert_forms_kept(sample: &Sample, d: &Decoys) {
        for (real, decoy) in sample.ids.iter().zip(&d.ids) {
            assert_eq!(form(real), form(decoy), "{real} gave {decoy}");
        }
    }

    #[test]
    fn decoys_keep_the_dots_and_hyphens_of_their_ids() {
        // Domains and slugs of the same length, their punctuation in other
        // places: a decoy drawn across them all could lose its dot.
        let list: Vec<String> = (0..300)
            .map(|i| match i % 3 {
                0 => format!("acme{i:03}.com"),
                1 => format!("glob{i:03}.io.x"),
                _ => format!("ab-{i:03}-cdef"),
            })
            .collect();
        let sample = sampled(&list);
        let d = decoys(&sample, 7);
        assert_eq!(d.ids.len(), 300);
        assert_forms_kept(&sample, &d);
    }

    #[test]
    fn draws_of_another_form_do_not_count_in_the_density() {
        // Of the strings `a.b` and `ab.` draw from each other's columns,
        // only the ids themselves have an id's form, and both are ids.
        let sample = sampled(&ids(&["a.b", "ab."]));
        let d = decoys(&sample, 3);
        assert_eq!(d.density, 1.0, "{:?}", d.ids);
        assert_forms_kept(&sample, &d);
    }

    #[test]
    fn lone_ids_fall_back_to_random_characters_of_their_kind() {
        let sample = sampled(&ids(&["cmp_1F3a", "Acme Labs, Inc."]));
        let d = decoys(&sample, 42);
        for (real, decoy) in sample.ids.iter().zip(&d.ids) {
            assert_ne!(real, decoy);
            assert_eq!(real.len(), decoy.len());
            for (a, b) in real.chars().zip(decoy.chars()) {
                assert_eq!(a.is_ascii_digit(), b.is_ascii_digit(), "{real} {decoy}");
                assert_eq!(
                    a.is_ascii_lowercase(),
                    b.is_ascii_lowercase(),
                    "{real} {decoy}"
                );
                if !a.is_ascii_alphanumeric() {
                    assert_eq!(a, b);
                }
            }
        }
    }

    #[test]
    fn decoys_of_dense_numbers_stay_in_their_block() {
        // Every second number of a block is a company id; a quarter of them
        // are sampled.
        let all: Vec<String> = (0..200).map(|i| (500_000 + 2 * i).to_string()).collect();
        let mut sampler = Sampler::new(Some(50), 1);
        all.iter().for_each(|id| {
            sampler.offer(id);
        });
        let d = decoys(&sampler.finish(), 42);
        let mut unique = d.ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 50, "no two decoys alike");
        for decoy in &d.ids {
            let n: u64 = decoy.parse().unwrap();
            assert!((500_000..=500_398).contains(&n), "{decoy} left the block");
            assert!(n % 2 == 1, "{decoy} is a company id");
        }
    }

    #[test]
    fn dense_ids_are_measured_as_dense() {
        let all: Vec<String> = (1..=400).map(|i| i.to_string()).collect();
        let d = decoys(&sampled(&all), 42);
        assert!(d.density > 0.8, "{}", d.density);
    }

    #[test]
    fn a_name_s_decoy_is_a_name_of_real_words() {
        let names = ids(&[
            "cafe lalo",
            "arts delicatessen",
            "shun lee",
            "grill alley",
            "bones restaurant",
        ]);
        let d = decoys(&sampled(&names), 42);
        let words: Vec<&str> = names.iter().flat_map(|n| n.split(' ')).collect();
        for decoy in &d.ids {
            assert!(!names.contains(decoy), "{decoy} is a company");
            let parts: Vec<&str> = decoy.split(' ').collect();
            assert_eq!(parts.len(), 2, "{decoy}");
            assert!(parts.iter().all(|p| words.contains(p)), "{decoy}");
        }
    }

    #[test]
    fn machine_made_ids_get_no_decoys() {
        // A bulk-loaded block of Account ids, and two numbers.
        let mut ids: Vec<String> = (0..50)
            .map(|i| {
                let id15 = format!("0017c00000sIk{i:02}");
                crate::matching::sfid::to_id18(id15.as_bytes()).unwrap()
            })
            .collect();
        ids.extend(["104217".to_string(), "558833".to_string()]);
        let d = decoys(&sampled(&ids), 42);
        assert_eq!(d.ids.len(), 2, "{:?}", d.ids);
        assert!(d.ids.iter().all(|x| x.len() == 6));
        let all_machine = decoys(&sampled(&ids[..50]), 42);
        assert_eq!((all_machine.ids.len(), all_machine.density), (0, 0.0));
    }

    #[test]
    fn decoys_are_reproducible() {
        let sample = sampled(&ids(&["a1", "b2", "c3", "d4"]));
        assert_eq!(decoys(&sample, 7), decoys(&sample, 7));
        assert_ne!(decoys(&sample, 7), decoys(&sample, 8));
    }
}
