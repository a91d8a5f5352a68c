//! Finding sampled ids in account values.
//!
//! Matching is driven from the sample side: lookup structures are built over
//! the probes (the sampled ids, then their decoys) once, and every account
//! cell is streamed through them. Each kind of evidence is a [`Matcher`]; a
//! [`Ladder`] tries them in order, best evidence first, and stops at the first
//! that finds anything, so a cell that matches exactly is never also counted
//! as a weaker match.
//!
//! No matcher compares a cell with every probe. [`Exact`] is one hash lookup;
//! [`Normalized`] looks up a few blocking keys that any two values equal under
//! a transform share, then confirms candidates with the transforms themselves;
//! [`Fuzzy`] looks up the one-character-deletion variants of the cell and
//! scores only the probes that share one. The cost per cell therefore does not
//! grow with the sample.

mod chars;
mod classes;
mod deletions;
mod evidence;
mod exact;
pub mod forms;
mod fuzzy;
mod gate;
mod index;
mod jaro;
mod keys;
mod ladder;
mod matcher;
mod memo;
mod normalized;
mod pieces;
mod probes;
mod scratch;
pub mod sfid;
mod shorts;
pub mod transforms;
mod vocabulary;
mod words;

pub use evidence::{Evidence, Hit, Kind};
pub use exact::Exact;
pub use fuzzy::{Fuzzy, Metric};
pub use ladder::{Early, Ladder, Options};
pub use matcher::Matcher;
pub use normalized::Normalized;
pub use probes::Probes;
pub use scratch::Scratch;
pub use transforms::TransformId;

#[cfg(test)]
mod properties;
