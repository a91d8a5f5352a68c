//! Exact equality: what the sync itself does.

use std::sync::Arc;

use rayon::prelude::*;

use super::evidence::{Evidence, Hit};
use super::index::{BUILD_CHUNK, IndexBuilder, ProbeIndex, key_hash};
use super::matcher::Matcher;
use super::scratch::Scratch;

/// Exact equality, through one lookup behind a length filter.
pub struct Exact {
    /// The probes by the hash of their bytes; a candidate is confirmed
    /// against the probe itself, which the run's probes keep (no copy).
    ids: ProbeIndex,
    probes: Arc<[String]>,
    /// `has_len[n]`: some probe is `n` bytes long.
    has_len: Vec<bool>,
}

impl Exact {
    /// The index of `probes`, by their bytes.
    pub fn new(probes: Arc<[String]>) -> Exact {
        let max = probes.iter().map(String::len).max().unwrap_or(0);
        let mut has_len = vec![false; max + 1];
        for id in probes.iter() {
            has_len[id.len()] = true;
        }
        let ids = probes
            .par_chunks(BUILD_CHUNK)
            .enumerate()
            .map(|(chunk, ids)| {
                let mut index = IndexBuilder::default();
                for (j, id) in ids.iter().enumerate() {
                    index.insert(key_hash(id.as_bytes()), (chunk * BUILD_CHUNK + j) as u32);
                }
                index
            })
            .reduce(IndexBuilder::default, IndexBuilder::join)
            .build();
        Exact {
            ids,
            probes,
            has_len,
        }
    }

    /// [`Matcher::find`] on the bytes of a cell, valid UTF-8 or not. Of
    /// equal probes, the first is found.
    pub(super) fn find_bytes(&self, value: &[u8], hits: &mut Vec<Hit>) {
        if !self.has_len.get(value.len()).copied().unwrap_or(false) {
            return;
        }
        let found = self
            .ids
            .probes_of(key_hash(value))
            .find(|&&id| self.probes[id as usize].as_bytes() == value);
        if let Some(&id) = found {
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
