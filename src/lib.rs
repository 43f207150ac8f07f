//! `tm`: an Arabic-to-English translation memory, segmenter, glossary and aligner.
//!
//! Vocabulary, used the same way in code, CLI and JSON:
//! - *segment*: a sentence-sized span of a document (a byte range into it);
//! - *entry*: one stored source/target pair in the memory, with origin and dates;
//! - *match*: an entry scored against a segment; *score*: a percentage 0–100;
//! - *suggestion*: what `tm suggest` gives for one segment: matches + glossary hits;
//! - *term* / *rendering*: a glossary source name (with its variants) and its one
//!   approved English form (the index files entries under word *stems*);
//! - *bead*: one alignment unit between source and target segments.
//!
//! # Layers
//!
//! - Pure logic, no I/O: [`segment`] (sentences), [`normalize`] and [`tokenize`]
//!   (matching keys, stems), [`glossary`] (terms in a segment),
//!   [`memory::matcher`] (the one score, repairs, diff), [`align`] (beads).
//! - Data: [`entry`] (entries and their inline markup), [`lang`], [`script`]
//!   (which script a language and a text are written in), [`timestamp`].
//! - I/O at the edges: [`memory`] (the memory; every SQL statement in
//!   [`memory::store`]), [`formats`] (every file format: bytes to entries and
//!   terms and back).
//! - [`ops`]: the operations front ends call — open a memory, import a source,
//!   suggest for a document or a list of segments, align a document pair, export,
//!   import a glossary, sync with a server — each with an options struct, progress through a
//!   [`progress::Progress`] callback, and typed results.
//!
//! - [`fuzz`]: the bodies of the fuzz targets (`fuzz/`), which check the readers'
//!   and the core's invariants on arbitrary bytes.
//!
//! The library never prints and never exits; the `tm` binary (`src/cli/`) parses
//! flags, calls [`ops`] (or [`memory::Memory`] for stats and removal), and
//! renders text or JSON; `tm serve` (`src/server/`) answers HTTP requests with
//! the same calls, and `tm sync` ([`ops::sync`]) keeps a local memory level with
//! one, through its change feed. Errors are one type, [`error::Error`], whose messages say
//! where (file, line, record) and give each cause once.
//!
//! ```
//! use tm::ops::{open, suggest};
//! use tm::progress::Silent;
//!
//! let dir = tempfile::tempdir()?;
//! let opened = open::open(&dir.path().join("memory.db"), &open::OpenOptions::default(), &Silent)?;
//! // A memory that holds nothing yet is shown the shipped sample (never stored in it).
//! let options = suggest::SuggestOptions { sample: opened.sample, ..Default::default() };
//! let text = "طالب العمال بأجور أعلى. رفضت كازموناينجاز المطالب.";
//! let mut names = Vec::new();
//! suggest::suggest_text(&opened.memory, text, &options, |s| {
//!     names.extend(s.terms.iter().map(|t| t.rendering.clone()))
//! })?;
//! assert_eq!(names, ["KazMunayGas"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod align;
pub mod calendar;
pub mod check;
pub mod entry;
pub mod error;
pub mod formats;
pub mod fuzz;
pub mod glossary;
pub mod hash;
pub mod lang;
pub mod memory;
pub mod normalize;
pub mod number;
pub mod ops;
pub mod progress;
pub mod sample;
pub mod script;
pub mod segment;
pub mod timestamp;
pub mod tokenize;
