//! Importing glossary files into a memory: `tm`'s TSV, bilingual TSV with
//! language tags, terminology CSV ([`crate::formats::glossary`]). A file imported
//! again replaces the terms it gave before (they share its name as origin).

use std::io::BufReader;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Problem, Result};
use crate::formats::decode::{Content, Utf8Reader};
use crate::formats::glossary;
use crate::glossary::Term;
use crate::memory::Memory;

/// What one glossary file gave.
#[derive(Clone, Debug, Default, Serialize)]
pub struct GlossaryReport {
    /// The origin of its terms (the file name).
    pub origin: String,
    pub imported: u64,
    /// Terms of the same origin replaced.
    pub replaced: u64,
    /// Lines skipped (each given to `on_problem`).
    pub skipped: u64,
}

/// Imports the terms of one glossary file, in one transaction.
pub fn import_glossary(
    memory: &mut Memory,
    path: &Path,
    on_problem: &mut dyn FnMut(&Problem),
) -> Result<GlossaryReport> {
    let name = path.display().to_string();
    let origin = path.file_name().map_or(name.clone(), |n| n.to_string_lossy().into_owned());
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let input = Utf8Reader::new(file, Content::Text).map_err(|e| Error::io(path, e))?;
    let read = glossary::read(BufReader::new(input), &name, memory.pair())?;
    read.problems.iter().for_each(&mut *on_problem);
    let terms: Vec<Term> = read.terms.into_iter().map(|t| Term { origin: origin.clone(), ..t }).collect();
    let replaced = memory.add_terms(&origin, &terms)?;
    Ok(GlossaryReport { origin, imported: terms.len() as u64, replaced, skipped: read.problems.len() as u64 })
}
