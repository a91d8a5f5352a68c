//! Exact equality: what the sync itself does.

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use super::evidence::{Evidence, Hit};
use super::matcher::Matcher;
use super::scratch::Scratch;

/// Exact equality, through one hash lookup behind a length filter.
///
/// The table holds each probe's number, not a copy of its bytes: with every
/// company sampled, millions of copies cost as much to allocate and free as
/// the lookups cost.
pub struct Exact {
    probes: Arc<[String]>,
    /// The first probe of each distinct string, by the hash of its bytes.
    ids: HashTable<u32>,
    /// `has_len[n]`: some probe is `n` bytes long.
    has_len: Vec<bool>,
    /// `has_first[b]`: some probe begins with the byte `b`. A timestamp as
    /// long as some domain id begins with a digit, as none of them does,
    /// and is not hashed.
    has_first: [bool; 256],
}

impl Exact {
    /// The index of `probes`, by their bytes.
    pub fn new(probes: Arc<[String]>) -> Exact {
        let max = probes.iter().map(String::len).max().unwrap_or(0);
        let mut has_len = vec![false; max + 1];
        let mut has_first = [false; 256];
        let hashes: Vec<u64> = probes.par_iter().map(|p| hash(p.as_bytes())).collect();
        let mut ids = HashTable::with_capacity(probes.len());
        for (i, (id, &h)) in probes.iter().zip(&hashes).enumerate() {
            has_len[id.len()] = true;
            if let Some(&first) = id.as_bytes().first() {
                has_first[usize::from(first)] = true;
            }
            let entry = ids.entry(
                h,
                |&j: &u32| probes[j as usize] == *id,
                |&j| hashes[j as usize],
            );
            if let hashbrown::hash_table::Entry::Vacant(slot) = entry {
                slot.insert(i as u32);
            }
        }
        Exact {
            probes,
            ids,
            has_len,
            has_first,
        }
    }

    /// [`Matcher::find`] on the bytes of a cell, valid UTF-8 or not.
    pub(super) fn find_bytes(&self, value: &[u8], hits: &mut Vec<Hit>) {
        if !self.has_len.get(value.len()).copied().unwrap_or(false)
            || value
                .first()
                .is_some_and(|&b| !self.has_first[usize::from(b)])
        {
            return;
        }
        let found = self.ids.find(hash(value), |&i| {
            self.probes[i as usize].as_bytes() == value
        });
        if let Some(&id) = found {
            hits.push(Hit {
                id,
                evidence: Evidence::EXACT,
            });
        }
    }
}

fn hash(bytes: &[u8]) -> u64 {
    FxBuildHasher.hash_one(bytes)
}

impl Matcher for Exact {
    fn find(&self, value: &str, _: &mut Scratch, hits: &mut Vec<Hit>) {
        self.find_bytes(value.as_bytes(), hits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(exact: &Exact, value: &str) -> Vec<u32> {
        let mut hits = Vec::new();
        exact.find_bytes(value.as_bytes(), &mut hits);
        hits.iter().map(|h| h.id).collect()
    }

    #[test]
    fn a_probe_is_found_whatever_byte_it_begins_with() {
        // Values are hashed only if some probe begins as they do: every
        // probe's first byte, not ASCII too, lets its own through.
        let probes = ["é-shop", "Zeta", "9lives", "_x", " pad", "acme.com"];
        let exact = Exact::new(probes.map(String::from).to_vec().into());
        for (i, p) in probes.iter().enumerate() {
            assert_eq!(found(&exact, p), [i as u32], "{p}");
        }
        for other in ["2026.com", "Acme.com", "zeta"] {
            assert_eq!(found(&exact, other), [] as [u32; 0], "{other}");
        }
    }

    #[test]
    fn a_value_finds_the_first_probe_of_its_bytes_and_nothing_else() {
        let probes: Vec<String> = ["104217", "cmp_1", "104217", "ACME", ""]
            .map(String::from)
            .to_vec();
        let exact = Exact::new(probes.into());
        assert_eq!(found(&exact, "104217"), [0]);
        assert_eq!(found(&exact, "cmp_1"), [1]);
        assert_eq!(found(&exact, "ACME"), [3]);
        for other in ["104218", "acme", " 104217", "cmp_", "1042171"] {
            assert_eq!(found(&exact, other), [] as [u32; 0], "{other}");
        }
    }

    #[test]
    fn many_probes_are_each_found_by_their_own_bytes() {
        // Enough probes to fill thousands of the table's groups.
        let probes: Vec<String> = (0..50_000).map(|i| format!("{}", i * 7)).collect();
        let exact = Exact::new(probes.clone().into());
        for (i, p) in probes.iter().enumerate() {
            assert_eq!(found(&exact, p), [i as u32], "{p}");
        }
        assert_eq!(found(&exact, "8"), [] as [u32; 0]);
    }
}
