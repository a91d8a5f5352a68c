//! The CSV reader: a stream cut into chunks of whole records, and each chunk
//! cut into records, exactly as the `csv` crate reads them.
//!
//! Exports quote every field, so a byte-at-a-time reader spends most of its
//! time on quotes. Here both cuts work on 64 bytes at a time as bitmasks
//! ([`bytemask`]): the [`Chunker`] finds record ends outside quotes, and
//! [`for_each_record`] cuts a chunk into fields without copying, as far as
//! it is well-formed, leaving the rest of an odd chunk to the `csv` crate.
//! The property tests hold both to what the `csv` crate reads.
//!
//! The API is [`Chunker`] and its [`Chunk`]s (whose buffers go back to it
//! through [`Chunker::recycler`], to be read into again), and
//! [`for_each_record`] with the [`Record`]s it hands out and the
//! [`FieldCutter`] buffers it reuses.

mod bytemask;
mod chunker;
mod cutter;

pub use chunker::{Chunk, Chunker, MAX_RECORD, Unclosed};
pub use cutter::{FieldCutter, Record, for_each_record};
