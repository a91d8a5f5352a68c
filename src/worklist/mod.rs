//! The work list: what the sync will do with every company of the export,
//! and what an admin must change so that it links them.
//!
//! One more streaming pass over the accounts export ([`links`]) matches
//! every company (by its `company_id`, or through a bridge column) against
//! one Account field. Each company row then gets a status that says what
//! the sync does with it today: `linked` (equal byte for byte on one
//! account), `needs_fix` (linked once an Account field is set), `similar`
//! (only similar: a person must look), `ambiguous` (on several accounts),
//! `unmatched`, or `blank_id` (no company_id, so the sync leaves it out).
//! Where several accounts hold a value, Intercom links the most recently
//! updated one: the export's `LastModifiedDate` (or `SystemModstamp`) picks
//! it, and the others are listed.
//!
//! From the work list, [`update`] makes the Data Loader file that sets the
//! field on the accounts that need it.

#[cfg(test)]
mod fixtures;
pub mod links;
mod list;
pub mod plan;
pub mod update;

pub use links::{Account, Link};
pub use list::{Company, Row, Status, WorkList, WorkListSummary, build};
pub use plan::{Plan, Target, Via};
pub use update::{Update, UpdateSummary};
