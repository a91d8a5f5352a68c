//! Reading: bytes in, records out.
//!
//! An input (a file, standard input, or bytes in memory) is opened and
//! recognised ([`source`]): gunzipped, decoded to UTF-8, its delimiter
//! sniffed. Its header is read and named ([`columns`]), and its records are
//! streamed to rayon workers in one pass ([`export`]), cut by the CSV reader
//! in [`csv`]. What is not a record (a report's footer) never leaves here.

mod cells;
pub mod columns;
pub(crate) mod csv;
pub mod export;
pub mod progress;
pub mod source;
mod workbook;

pub use cells::Cells;
pub use csv::MAX_RECORD;
pub use export::{Export, is_blank, text_of};
pub use progress::Progress;
pub use source::{Input, InputFormat, ReadOptions, can_delimit};
