//! The translation memory: entries, the SQLite store and the matcher.

pub mod entry;
pub mod index;
pub mod matcher;
