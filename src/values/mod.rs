//! Values read for what they are, beyond text: dates and times as exports
//! write them.

pub mod activity;
pub mod dates;
