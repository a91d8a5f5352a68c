//! Sampling: the companies export read once, its distinct ids counted and
//! sampled uniformly ([`sampler`], [`sketch`]), and decoys made in the
//! sample's shape to measure chance ([`decoys`]).

mod companies;
pub mod decoys;
mod rows;
pub mod sampler;
mod sketch;

pub use companies::{Companies, read};
pub use rows::Row;
