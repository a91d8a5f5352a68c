//! Values read for what they are, beyond text: dates and times, and
//! numbers, as exports write them.

pub mod activity;
pub mod dates;
pub mod numbers;
