//! What the matchers look for: the sampled ids, then a decoy for each.

use std::sync::Arc;

/// The probes of a run. A probe is named by its index: the first
/// [`Probes::sampled`] are company ids, the rest are decoys, whose matches
/// measure chance.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Probes {
    /// Shared with the matchers that keep them: with every company sampled
    /// there are millions.
    ids: Arc<[String]>,
    sampled: usize,
}

impl Probes {
    /// The sampled ids followed by their decoys.
    pub fn new(mut sampled: Vec<String>, decoys: Vec<String>) -> Probes {
        let n = sampled.len();
        sampled.extend(decoys);
        Probes {
            ids: sampled.into(),
            sampled: n,
        }
    }

    /// Company ids alone, without decoys (the work list matches them all).
    pub fn without_decoys(ids: Vec<String>) -> Probes {
        let sampled = ids.len();
        Probes {
            ids: ids.into(),
            sampled,
        }
    }

    /// Every probe, the sampled ids first.
    pub fn all(&self) -> &[String] {
        &self.ids
    }

    /// Every probe, shared rather than copied.
    pub fn shared(&self) -> Arc<[String]> {
        Arc::clone(&self.ids)
    }

    /// The sampled company ids.
    pub fn sampled(&self) -> &[String] {
        &self.ids[..self.sampled]
    }

    /// The decoys.
    pub fn decoys(&self) -> &[String] {
        &self.ids[self.sampled..]
    }

    /// Whether probe `id` is a sampled company id (not a decoy).
    pub fn is_sampled(&self, id: u32) -> bool {
        (id as usize) < self.sampled
    }

    /// The probe `id`.
    pub fn get(&self, id: u32) -> &str {
        &self.ids[id as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampled_ids_come_before_their_decoys() {
        let p = Probes::new(vec!["a".into(), "b".into()], vec!["x".into(), "y".into()]);
        assert_eq!(p.all(), ["a", "b", "x", "y"]);
        assert_eq!(
            (p.sampled(), p.decoys()),
            (
                &["a".to_string(), "b".into()][..],
                &["x".to_string(), "y".into()][..]
            )
        );
        assert!(p.is_sampled(1) && !p.is_sampled(2));
        assert_eq!(p.get(3), "y");
        let all = Probes::without_decoys(vec!["a".into()]);
        assert!(all.decoys().is_empty() && all.is_sampled(0));
    }
}
