//! `tm`: an Arabic-to-English translation memory, segmenter, glossary and aligner.
//!
//! Vocabulary, used the same way in code, CLI and JSON:
//! - *segment*: a sentence-sized span of a document (a byte range into it);
//! - *entry*: one stored source/target pair in the memory, with origin and dates;
//! - *match*: an entry scored against a segment; *score*: a percentage 0–100;
//! - *suggestion*: what `tm suggest` gives for one segment: matches + glossary hits;
//! - *term* / *rendering*: a glossary source name (with its variants) and its one
//!   approved English form;
//! - *bead*: one alignment unit between source and target segments.
//!
//! Data flows: files are read by [`formats`] into entries, which
//! [`memory::Memory`] stores (all SQL in [`memory::store`]); `suggest` segments
//! a document ([`segment`]), turns each segment into a matching key
//! ([`normalize`], [`tokenize`]), takes candidates from the memory's index and
//! scores them ([`memory::matcher`]), and looks the segment up in the [`glossary`].
//! Pure logic (segment, normalize, tokenize, glossary, matcher, align) does no I/O;
//! the library never prints and never exits: the `cli` module of the binary does.

pub mod align;
pub mod entry;
pub mod error;
pub mod formats;
pub mod glossary;
pub mod hash;
pub mod lang;
pub mod memory;
pub mod normalize;
pub mod ops;
pub mod progress;
pub mod sample;
pub mod segment;
pub mod timestamp;
pub mod tokenize;
