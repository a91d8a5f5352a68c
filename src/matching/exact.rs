//! Exact equality: what the sync itself does.

use rustc_hash::FxHashMap;

use super::evidence::{Evidence, Hit};
use super::matcher::Matcher;
use super::scratch::Scratch;

/// Exact equality, through one hash lookup behind a length filter.
pub struct Exact {
    ids: FxHashMap<Box<[u8]>, u32>,
    /// `has_len[n]`: some probe is `n` bytes long.
    has_len: Vec<bool>,
}

impl Exact {
    /// The index of `probes`, by their bytes.
    pub fn new(probes: &[String]) -> Exact {
        let max = probes.iter().map(String::len).max().unwrap_or(0);
        let mut has_len = vec![false; max + 1];
        let mut ids = FxHashMap::with_capacity_and_hasher(probes.len(), Default::default());
        for (i, id) in probes.iter().enumerate() {
            has_len[id.len()] = true;
            ids.entry(id.as_bytes().into()).or_insert(i as u32);
        }
        Exact { ids, has_len }
    }

    /// [`Matcher::find`] on the bytes of a cell, valid UTF-8 or not.
    pub(super) fn find_bytes(&self, value: &[u8], hits: &mut Vec<Hit>) {
        if !self.has_len.get(value.len()).copied().unwrap_or(false) {
            return;
        }
        if let Some(&id) = self.ids.get(value) {
            hits.push(Hit {
                id,
                evidence: Evidence::EXACT,
            });
        }
    }
}

impl Matcher for Exact {
    fn find(&self, value: &str, _: &mut Scratch, hits: &mut Vec<Hit>) {
        self.find_bytes(value.as_bytes(), hits);
    }
}
