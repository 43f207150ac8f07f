//! Importing glossary files into a memory: `tm`'s TSV, bilingual TSV with
//! language tags, terminology CSV ([`crate::formats::glossary`]). A file imported
//! again replaces the terms it gave before (they share its name as origin).

use std::io::BufReader;
use std::path::Path;

use serde::Serialize;

use std::collections::HashMap;

use crate::error::{Error, Position, Problem, Result};
use crate::formats::decode::{Content, Utf8Reader};
use crate::formats::glossary;
use crate::glossary::{Conflict, Term, conflicts, spelling_key};
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
    /// Spellings of the file that the glossary (or the file itself) already gives
    /// another rendering, each at the file's line: imported, but lookup keeps the
    /// rendering stored first (`tm glossary check` lists them all).
    #[serde(skip)]
    pub conflicts: Vec<Problem>,
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
    let stored: Vec<Term> = memory.glossary()?.terms().iter().filter(|t| t.origin != origin).cloned().collect();
    let conflicts = new_conflicts(&stored, &read.spellings, &name);
    let terms: Vec<Term> = read.terms.into_iter().map(|t| Term { origin: origin.clone(), ..t }).collect();
    let replaced = memory.add_terms(&origin, &terms)?;
    Ok(GlossaryReport {
        origin,
        imported: terms.len() as u64,
        replaced,
        skipped: read.problems.len() as u64,
        conflicts,
    })
}

/// The spellings read (spelling, rendering, line) that `stored` terms, or earlier
/// lines of the file, render otherwise.
fn new_conflicts(stored: &[Term], spellings: &[(String, String, u64)], file: &str) -> Vec<Problem> {
    let mut known: HashMap<String, (String, String)> = HashMap::new();
    for term in stored {
        for v in &term.variants {
            known.entry(spelling_key(v)).or_insert_with(|| (term.rendering.clone(), term.origin.clone()));
        }
    }
    let mut out = Vec::new();
    for (spelling, rendering, line) in spellings {
        let key = spelling_key(spelling);
        if key.is_empty() {
            continue;
        }
        match known.get(&key) {
            Some((other, whose)) if other.to_lowercase() != rendering.to_lowercase() => out.push(Problem {
                at: Position::new(file).line(*line),
                reason: format!("{spelling} is rendered {rendering} here but {other} in {whose}, which lookup keeps"),
            }),
            Some(_) => {}
            None => {
                known.insert(key, (rendering.clone(), format!("line {line} of this file")));
            }
        }
    }
    out
}

/// Every spelling of the memory's glossary given more than one rendering.
pub fn check_glossary(memory: &Memory) -> Result<Vec<Conflict>> {
    Ok(conflicts(memory.glossary()?.terms()))
}
