//! The operations `tm` does, as one API for every front end: the command line
//! (`src/cli/`) and a server call these and only render what they return.
//!
//! Each operation takes what it works on and an options struct, reports progress
//! through a [`crate::progress::Progress`] it is given (never drawing or printing
//! anything), and returns typed values: an [`open::Opened`] memory, an
//! [`import::ImportReport`], [`suggest::Suggestion`]s in document order, an
//! [`align::AlignedPair`], the number of entries exported. Pure logic (segment,
//! normalize, glossary, match, align) lives in its own modules; these operations
//! add the I/O: files, the memory, threads.
//!
//! ```
//! use tm::ops::{open, suggest};
//! use tm::progress::Silent;
//!
//! // A memory that holds nothing is shown the shipped sample (the seed report and
//! // its names glossary), which never goes into it.
//! let dir = tempfile::tempdir()?;
//! let opened = open::open(&dir.path().join("memory.db"), &open::OpenOptions::default(), &Silent)?;
//! let options = suggest::SuggestOptions { sample: opened.sample, ..Default::default() };
//! let text = "كان المهاجمون يطالبون أساسا بأجور أعلى.";
//! let mut got = Vec::new();
//! suggest::suggest_text(&opened.memory, text, &options, |s| got.push(s))?;
//! assert_eq!(got[0].matches[0].score, 100);
//! assert_eq!(got[0].matches[0].target, "The strikers were mainly demanding higher wages.");
//! assert_eq!(got[0].matches[0].entry.origin, "sample");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod align;
pub mod changes;
pub mod check;
pub mod export;
pub mod glossary;
pub mod import;
pub mod migrate;
pub mod open;
pub mod origin;
pub mod paths;
pub mod pretranslate;
pub mod search;
pub mod suggest;
pub mod sync;
