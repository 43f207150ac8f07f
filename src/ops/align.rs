//! Aligning documents with their translations from files: read both texts (in
//! any Unicode encoding) and the dictionary, align them ([`crate::align::document`]),
//! and write the result as bilingual TSV, TMX or JSON, one pair or a batch.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::align::document::{AlignedPair, Split, round_confidence};
use crate::align::lexicon::Dictionary;
use crate::align::verdict::{Evidence, Verdict};
use crate::align::{Resources, document};
use crate::error::{Error, Position, Result};
use crate::formats::decode::{read_text_file, read_text_file_within};
use crate::formats::tmx::{HeaderInfo, TmxWriter};
use crate::formats::{dictionary, tsv};
use crate::glossary::Glossary;
use crate::lang::LangPair;
use crate::script::PairScripts;

/// How to align.
#[derive(Clone, Debug, Default)]
pub struct AlignOptions {
    pub split: Split,
    /// A bilingual dictionary: a dictd database (FreeDict's `freedict-ara-eng`) or
    /// `arabic<TAB>english` lines.
    pub dictionary: Option<PathBuf>,
    /// Beads below this confidence (0–1) are not written as pairs nor imported.
    pub min_confidence: f64,
    /// The scripts the two documents must be in (the memory's pair's): a pair given
    /// the wrong way round, or in another language, is refused. `None`: not checked.
    pub scripts: Option<PairScripts>,
    /// A line of a document longer than a record may be is left out and reported
    /// ([`crate::formats::decode::read_text_within`]).
    pub limits: crate::formats::limits::Limits,
}

/// What an alignment is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlignFormat {
    /// Bilingual TSV of the pairs (importable).
    Tsv,
    /// TMX 1.4b, origin `aligned` and each pair's confidence.
    Tmx,
    /// One object: beads, confidence, source and target spans.
    Json,
}

/// The dictionary `options` name, if any.
pub fn open_dictionary(options: &AlignOptions) -> Result<Option<Dictionary>> {
    options.dictionary.as_deref().map(dictionary::open).transpose()
}

/// Reads and aligns a document and its translation.
pub fn align_files(
    source: &Path,
    target: &Path,
    options: &AlignOptions,
    glossary: Option<&Glossary>,
    on_problem: &mut dyn FnMut(&crate::error::Problem),
) -> Result<AlignedPair> {
    let (source_name, target_name) = (source.display(), target.display());
    let source = read_text_file_within(source, &options.limits, on_problem)?;
    let target = read_text_file_within(target, &options.limits, on_problem)?;
    if let Some(mismatch) = options.scripts.and_then(|s| s.check_documents(&source, &target)) {
        return Err(Error::WrongScript {
            file: format!("{source_name} + {target_name}"),
            message: mismatch.to_string(),
        });
    }
    let dictionary = open_dictionary(options)?;
    Ok(document::align_text(source, target, options.split, &Resources { glossary, dictionary: dictionary.as_ref() }))
}

/// One document pair of a batch, and where its alignment goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchItem {
    pub source: PathBuf,
    pub target: PathBuf,
    pub output: PathBuf,
}

/// Reads a batch list: lines of `source<TAB>target<TAB>output` (blank lines
/// skipped; relative paths as written, from the current directory).
pub fn read_batch(list: &Path) -> Result<Vec<BatchItem>> {
    let text = read_text_file(list)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [source, target, output] = cols[..] else {
            let at = Position::new(list.display().to_string()).line(i as u64 + 1);
            return Err(Error::parse(at, "expected source<TAB>target<TAB>output"));
        };
        out.push(BatchItem { source: source.into(), target: target.into(), output: output.into() });
    }
    Ok(out)
}

impl BatchItem {
    /// Its documents can be read and its output written ([`super::check`]).
    pub fn check(&self) -> Result<()> {
        super::paths::readable(&self.source)?;
        super::paths::readable(&self.target)?;
        super::paths::writable(&self.output)
    }
}

impl AlignOptions {
    /// The dictionary, if any, can be read ([`super::check`]).
    pub fn check(&self) -> Result<()> {
        self.dictionary.as_deref().map_or(Ok(()), super::paths::dictionary)
    }
}

/// Aligns every pair of a batch together (the aligner learns from all of them),
/// and writes each one's alignment to its output in `format`. A line longer than
/// the limits is left out of its document and given to `on_problem`, as
/// [`align_files`] does.
pub fn align_batch(
    items: &[BatchItem],
    options: &AlignOptions,
    glossary: Option<&Glossary>,
    format: AlignFormat,
    pair: &LangPair,
    on_problem: &mut dyn FnMut(&crate::error::Problem),
) -> Result<()> {
    // All pairs are read before any is aligned.
    let texts = items
        .iter()
        .map(|item| {
            let source = read_text_file_within(&item.source, &options.limits, on_problem)?;
            let target = read_text_file_within(&item.target, &options.limits, on_problem)?;
            if let Some(mismatch) = options.scripts.and_then(|s| s.check_documents(&source, &target)) {
                let file = format!("{} + {}", item.source.display(), item.target.display());
                return Err(Error::WrongScript { file, message: mismatch.to_string() });
            }
            Ok((source, target))
        })
        .collect::<Result<Vec<_>>>()?;
    let dictionary = open_dictionary(options)?;
    let resources = Resources { glossary, dictionary: dictionary.as_ref() };
    let aligned = document::align_texts(texts, options.split, &resources);
    for (aligned, item) in aligned.iter().zip(items) {
        let mut buf = Vec::new();
        write_aligned(&mut buf, aligned, format, pair, options.min_confidence)
            .map_err(|e| Error::io(&item.output, e))?;
        std::fs::write(&item.output, buf).map_err(|e| Error::io(&item.output, e))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct AlignJson {
    beads: Vec<(Vec<usize>, Vec<usize>)>,
    confidence: Vec<f64>,
    ar_spans: Vec<(usize, usize)>,
    en_spans: Vec<(usize, usize)>,
    document: DocumentJson,
}

/// What the two documents are to each other ([`crate::align::verdict`]).
#[derive(Serialize)]
struct DocumentJson {
    verdict: Verdict,
    aligned_share: f64,
    gain: f64,
    z: f64,
    #[serde(flatten)]
    evidence: Evidence,
}

impl DocumentJson {
    fn of(evidence: Evidence) -> DocumentJson {
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        DocumentJson {
            verdict: evidence.verdict(),
            aligned_share: round(evidence.aligned_share()),
            gain: round(evidence.gain()),
            z: round(evidence.z()),
            evidence: Evidence {
                chars: evidence.chars.round(),
                paired_chars: evidence.paired_chars.round(),
                cost: round(evidence.cost),
                chance_cost: round(evidence.chance_cost),
                ..evidence
            },
        }
    }
}

/// Writes an alignment in `format` (pairs below `min_confidence` left out of TSV
/// and TMX; JSON gives every bead).
pub fn write_aligned(
    out: &mut impl Write,
    aligned: &AlignedPair,
    format: AlignFormat,
    pair: &LangPair,
    min_confidence: f64,
) -> std::io::Result<()> {
    match format {
        AlignFormat::Json => {
            let json = AlignJson {
                beads: aligned.beads.iter().map(|b| (b.source.clone().collect(), b.target.clone().collect())).collect(),
                confidence: aligned.beads.iter().map(|b| round_confidence(b.confidence)).collect(),
                ar_spans: aligned.source_spans.iter().map(|r| (r.start, r.end)).collect(),
                en_spans: aligned.target_spans.iter().map(|r| (r.start, r.end)).collect(),
                document: DocumentJson::of(aligned.evidence),
            };
            serde_json::to_writer(&mut *out, &json)?;
            out.write_all(b"\n")
        }
        AlignFormat::Tsv => {
            tsv::write_header(out, pair)?;
            aligned.entries(pair, min_confidence).iter().try_for_each(|e| tsv::write_entry(out, e))
        }
        AlignFormat::Tmx => {
            let mut w = TmxWriter::new(out, &HeaderInfo::now(pair.source.as_str()))?;
            aligned.entries(pair, min_confidence).iter().try_for_each(|e| w.write_entry(e))?;
            w.finish().map(drop)
        }
    }
}
