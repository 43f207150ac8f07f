//! Glossary files in and out of a memory. Import reads `tm`'s TSV, bilingual TSV
//! with language tags, terminology CSV ([`crate::formats::glossary`]) and TBX
//! ([`crate::formats::tbx`]), told apart by their content; a file imported again
//! replaces the terms it gave before (they share its path as origin,
//! [`super::origin`]; files of the same name elsewhere are other origins). Export
//! writes `tm`'s TSV or TBX-Basic, to a writer or to a file written whole and
//! then renamed into place; the shipped sample's terms only when asked.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use serde::Serialize;

use std::collections::HashMap;

use crate::error::{Error, Position, Problem, Result};
use crate::formats::decode::{Content, Utf8Reader};
use crate::formats::limits::Limits;
use crate::formats::{glossary, looks_like_xml, tbx};
use crate::glossary::{Conflict, Term, conflicts, spelling_key};
use crate::lang::LangPair;
use crate::memory::Memory;

/// What one glossary file gave.
#[derive(Clone, Debug, Default, Serialize)]
pub struct GlossaryReport {
    /// The origin of its terms (the file's path, [`super::origin::of_file`]).
    pub origin: String,
    /// What the file was read as: `tbx`, or `tsv` (every tabular glossary).
    pub format: &'static str,
    pub imported: u64,
    /// Terms of the same origin replaced.
    pub replaced: u64,
    /// Lines (TBX: term entries) skipped (each given to `on_problem`).
    pub skipped: u64,
    /// TBX term entries without both a source and a target term, skipped.
    pub incomplete: u64,
    /// TBX admitted target terms beside the rendering, not kept (a term has one
    /// rendering).
    pub alternatives: u64,
    /// Spellings of the file that the glossary (or the file itself) already gives
    /// another rendering, each at the file's line: imported, but lookup keeps the
    /// rendering stored first (`tm glossary check` lists them all).
    #[serde(skip)]
    pub conflicts: Vec<Problem>,
}

/// Reads a glossary file of any kind for a glossary of `pair`, told by its
/// content: XML is TBX ([`tbx`]), anything else a tabular glossary
/// ([`glossary`]); with what it was read as (`tbx` or `tsv`).
/// A tabular glossary's line longer than `limits` allow is a problem on its line.
pub fn read_glossary_file(path: &Path, pair: &LangPair, limits: &Limits) -> Result<(glossary::Read, &'static str)> {
    let name = path.display().to_string();
    let open = || std::fs::File::open(path).map_err(|e| Error::io(path, e));
    let mut head = Vec::new();
    open()?.take(4096).read_to_end(&mut head).map_err(|e| Error::io(path, e))?;
    if looks_like_xml(&head) {
        return Ok((tbx::read_within(BufReader::new(open()?), &name, pair, limits)?, "tbx"));
    }
    let input = Utf8Reader::new(open()?, Content::Text).map_err(|e| Error::io(path, e))?;
    Ok((glossary::read_within(BufReader::new(input), &name, pair, limits)?, "tsv"))
}

/// Imports the terms of one glossary file, in one transaction.
pub fn import_glossary(
    memory: &mut Memory,
    path: &Path,
    limits: &Limits,
    on_problem: &mut dyn FnMut(&Problem),
) -> Result<GlossaryReport> {
    let name = path.display().to_string();
    let origin = super::origin::of_file(path);
    let (read, format) = read_glossary_file(path, memory.pair(), limits)?;
    read.problems.iter().for_each(&mut *on_problem);
    let stored: Vec<Term> = memory.glossary()?.terms().iter().filter(|t| t.origin != origin).cloned().collect();
    let conflicts = new_conflicts(&stored, &read.spellings, &name);
    let terms: Vec<Term> = read.terms.into_iter().map(|t| Term { origin: origin.clone(), ..t }).collect();
    let replaced = memory.add_terms(&origin, &terms)?;
    Ok(GlossaryReport {
        origin,
        format,
        imported: terms.len() as u64,
        replaced,
        skipped: read.problems.len() as u64,
        incomplete: read.incomplete,
        alternatives: read.alternatives,
        conflicts,
    })
}

/// What a glossary is exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlossaryFormat {
    /// `tm`'s glossary TSV, with the forbidden column.
    Tsv,
    /// TBX-Basic (TBX v2), UTF-8.
    Tbx,
}

/// Writes the glossary's terms (those of `origins`, or all when it is empty; a
/// path names the origin of that file, [`super::origin::names`]) to `out`, in
/// the order they were stored, then those of `sample` (the shipped sample's
/// memory, when asked for); returns how many. Terms of origin `sample` in the
/// memory (one made by an earlier `tm`) go out only when `origins` names it. A
/// write error names `name`.
///
/// ```
/// use tm::ops::glossary::{GlossaryFormat, export_glossary};
/// use tm::ops::open::{OpenOptions, open_in_memory};
/// use tm::progress::Silent;
///
/// let memory = open_in_memory(&OpenOptions::default(), &Silent)?.memory;
/// let mut tbx = Vec::new();
/// let sample = tm::sample::memory(memory.pair())?;
/// let n = export_glossary(&memory, sample.as_ref(), &[], GlossaryFormat::Tbx, &mut tbx, "names.tbx")?;
/// let tbx = String::from_utf8(tbx)?;
/// assert!(tbx.contains("<martif type=\"TBX-Basic\""));
/// assert_eq!(tbx.matches("<termEntry ").count() as u64, n);
/// assert!(n > 20, "the sample's terms, asked for");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn export_glossary(
    memory: &Memory,
    sample: Option<&Memory>,
    origins: &[String],
    format: GlossaryFormat,
    out: &mut impl Write,
    name: &str,
) -> Result<u64> {
    let origins: Vec<String> = origins.iter().flat_map(|o| super::origin::names(o)).collect();
    let takes = |t: &Term| {
        if origins.is_empty() { t.origin != crate::entry::ORIGIN_SAMPLE } else { origins.contains(&t.origin) }
    };
    let mut terms: Vec<Term> = memory.store().glossary()?.into_iter().filter(|t| takes(t)).collect();
    if let Some(sample) = sample {
        let has_sample = terms.iter().any(|t| t.origin == crate::entry::ORIGIN_SAMPLE);
        let sample_terms = sample.store().glossary()?;
        terms.extend(sample_terms.into_iter().filter(|t| !has_sample && (origins.is_empty() || takes(t))));
    }
    match format {
        GlossaryFormat::Tsv => glossary::write_tsv(out, &terms),
        GlossaryFormat::Tbx => tbx::write(out, &terms, memory.pair()),
    }
    .map_err(|e| Error::Io { path: name.to_string(), source: e })?;
    Ok(terms.len() as u64)
}

/// [`export_glossary`] to a file: written beside it, synced, then renamed into
/// place, so that the file is either whole or untouched.
pub fn export_glossary_file(
    memory: &Memory,
    sample: Option<&Memory>,
    origins: &[String],
    format: GlossaryFormat,
    path: &Path,
) -> Result<u64> {
    let partial = super::export::partial_path(path)?;
    let result = (|| -> Result<u64> {
        let file = std::fs::File::create(&partial).map_err(|e| Error::io(&partial, e))?;
        let mut out = BufWriter::new(file);
        let n = export_glossary(memory, sample, origins, format, &mut out, &path.display().to_string())?;
        let file = out.into_inner().map_err(|e| Error::io(&partial, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&partial, e))?;
        std::fs::rename(&partial, path).map_err(|e| Error::io(path, e))?;
        Ok(n)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
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
