//! The [`Matcher`] trait each kind of evidence is found by.

use super::evidence::Hit;
use super::scratch::Scratch;

/// One kind of evidence: finds the probes a cell value matches.
pub trait Matcher: Send + Sync {
    /// Appends to `hits` every probe that `value` matches. `value` is never
    /// empty.
    fn find(&self, value: &str, scratch: &mut Scratch, hits: &mut Vec<Hit>);
}
