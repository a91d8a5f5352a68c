//! The buffers one worker reuses for every cell, and what the matchers
//! work out once per cell.

use super::deletions::DeletionHashes;
use super::forms;

/// Buffers one worker reuses for every cell, so matching allocates nothing
/// per cell on the common path.
#[derive(Debug, Default)]
pub struct Scratch {
    pub(super) view: View,
    pub(super) key: String,
    pub(super) candidates: Vec<u32>,
    /// The words of a name's index each word of a value pairs with.
    pub(super) near_words: Vec<(usize, u32)>,
    pub(super) hashes: DeletionHashes,
    /// A probe's fuzzy key, rebuilt from a value's (see `deletions`).
    pub(super) rebuilt: Vec<u8>,
    pub(super) forms: Vec<Option<Option<String>>>,
    /// What the values of a cell matched, one at a time.
    pub(super) parts: Vec<super::evidence::Hit>,
}

/// What every matcher needs to know of a cell, worked out once per cell.
#[derive(Debug, Default)]
pub(super) struct View {
    /// Set by the ladder while its steps look at one value, so they share
    /// this view; a matcher called on its own describes anew.
    pub(super) shared: bool,
    pub(super) salesforce_id: bool,
    /// The skeleton of the trimmed value (a Salesforce id as it is), if it is
    /// no longer than the bound it was described with.
    pub(super) skeleton: String,
    pub(super) fits: bool,
}

impl View {
    /// Describes `value`, unless the ladder already did for this value.
    pub(super) fn describe(&mut self, value: &str, max: usize) {
        if self.shared {
            return;
        }
        let trimmed = forms::trim(value);
        self.salesforce_id = forms::is_salesforce_id(trimmed);
        self.skeleton.clear();
        self.fits = if self.salesforce_id {
            self.skeleton.push_str(trimmed);
            true
        } else {
            forms::skeleton_bounded(trimmed, &mut self.skeleton, max)
        };
    }
}
