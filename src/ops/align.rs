//! Aligning documents with their translations from files: read both texts (in
//! any Unicode encoding) and the dictionary, align them ([`crate::align::document`]),
//! and write the result as bilingual TSV, TMX or JSON, one pair or a batch; and
//! a translator's corrections of an alignment ([`crate::formats::corrections`])
//! checked and applied to it ([`apply_corrections`], pure).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::align::document::{AlignedPair, Split, round_confidence};
use crate::align::lexicon::Dictionary;
use crate::align::verdict::{Evidence, Verdict};
use crate::align::{Bead, Resources, document};
use crate::entry::Entry;
use crate::error::{Error, Position, Result};
use crate::formats::corrections::{Corrections, SplitName, Status, segments_hash};
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

/// An alignment as a translator corrected it: the corrected beads (in
/// `aligned.beads`) and what the translator did with each.
#[derive(Clone, Debug)]
pub struct Corrected {
    pub aligned: AlignedPair,
    pub status: Vec<Status>,
}

impl Corrected {
    /// The entries of the corrected beads with both sides, each with whether a
    /// person confirmed it. A bead the translator confirmed or made is taken
    /// whatever its confidence (the review is the check `min_confidence` stands
    /// in for); one made by the translator has no confidence. A bead left as the
    /// aligner gave it is taken as [`AlignedPair::entries`] takes it: at least
    /// `min_confidence`.
    pub fn entries(&self, pair: &LangPair, min_confidence: f64) -> Vec<(Entry, bool)> {
        let now = crate::timestamp::Timestamp::now();
        self.aligned
            .beads
            .iter()
            .zip(&self.status)
            .filter(|(b, status)| b.is_pair() && (status.reviewed() || b.confidence >= min_confidence))
            .map(|(b, status)| {
                let mut entry = self.aligned.entry(b, pair, now);
                if *status == Status::Edited {
                    entry.confidence = None;
                }
                (entry, status.reviewed())
            })
            .collect()
    }
}

impl From<SplitName> for Split {
    fn from(split: SplitName) -> Split {
        match split {
            SplitName::Sentences => Split::Sentences,
            SplitName::Lines => Split::Lines,
        }
    }
}

impl From<Split> for SplitName {
    fn from(split: Split) -> SplitName {
        match split {
            Split::Sentences => SplitName::Sentences,
            Split::Lines => SplitName::Lines,
        }
    }
}

/// Applies the corrections read from `file` to `aligned` (the same documents,
/// aligned as the review page's alignment was, split as the file says).
///
/// Refused, naming `file`, when a side's segments are not those the corrections
/// were made for (their count or [`segments_hash`] differ: other text, or the
/// same text segmented otherwise), and, naming the bead (1-based), when the beads
/// do not take every segment of each side exactly once and in order, or a bead
/// has no segment at all. A bead left as the aligner gave it keeps the
/// confidence the aligner gives it now; one the aligner no longer gives keeps
/// the confidence the file says (0 if none).
pub fn apply_corrections(aligned: &AlignedPair, corrections: &Corrections, file: &str) -> Result<Corrected> {
    let sides = [
        ("Arabic", &corrections.source, &aligned.source_text, &aligned.source_spans),
        ("English", &corrections.target, &aligned.target_text, &aligned.target_spans),
    ];
    for (lang, document, text, spans) in sides {
        let hash = segments_hash(text, spans);
        if document.segments != spans.len() || document.hash != hash {
            let message = format!(
                "made for other text: the {lang} document has {} segments (hash {hash}) where the corrections \
                 were made for {} (hash {}) of {}; it changed, or was segmented otherwise, since its review page \
                 was written: write the page again (tm align --review) and review it there",
                spans.len(),
                document.segments,
                document.hash,
                document.name
            );
            return Err(Error::parse(Position::new(file), message));
        }
    }
    let (n_source, n_target) = (aligned.source_spans.len(), aligned.target_spans.len());
    let (mut next_source, mut next_target) = (0, 0);
    let mut beads = Vec::with_capacity(corrections.beads.len());
    for (k, corrected) in corrections.beads.iter().enumerate() {
        let at = || Position::new(file).record(format!("bead {}", k + 1));
        for (lang, range, next, n) in [
            ("Arabic", corrected.source_range(), next_source, n_source),
            ("English", corrected.target_range(), next_target, n_target),
        ] {
            let problem = if range.start != next {
                Some(format!("its {lang} segments begin at {}, where {next} was expected", range.start))
            } else if range.end < range.start {
                Some(format!("its {lang} segments end at {}, before they begin", range.end))
            } else if range.end > n {
                Some(format!("its {lang} segments end at {}, past the document's {n}", range.end))
            } else {
                None
            };
            if let Some(problem) = problem {
                let message = format!("{problem}: every segment belongs to one bead, in document order");
                return Err(Error::parse(at(), message));
            }
        }
        let (source, target) = (corrected.source_range(), corrected.target_range());
        if source.is_empty() && target.is_empty() {
            return Err(Error::parse(at(), "no segment on either side"));
        }
        (next_source, next_target) = (source.end, target.end);
        let confidence = match corrected.status {
            // Beads are in document order, each taking a segment at least: their
            // starts increase, so the aligner's bead is found by halves.
            Status::Aligner => aligned
                .beads
                .binary_search_by_key(&(source.start, target.start), |b| (b.source.start, b.target.start))
                .ok()
                .map(|i| &aligned.beads[i])
                .filter(|b| b.source == source && b.target == target)
                .map(|b| b.confidence)
                .or(corrected.confidence)
                .unwrap_or(0.0),
            Status::Confirmed => corrected.confidence.unwrap_or(1.0),
            Status::Edited => 1.0,
        };
        beads.push(Bead { source, target, confidence });
    }
    if next_source != n_source || next_target != n_target {
        let message = format!(
            "the beads end at Arabic segment {next_source} of {n_source} and English segment {next_target} of \
             {n_target}: every segment belongs to one bead"
        );
        return Err(Error::parse(Position::new(file), message));
    }
    let status = corrections.beads.iter().map(|b| b.status).collect();
    Ok(Corrected { aligned: AlignedPair { beads, ..aligned.clone() }, status })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::corrections::{CorrectedBead, Document, FORMAT, VERSION};

    fn aligned() -> AlignedPair {
        let ar = "أضرب العمال في حقل تنغيز عام 2011.\nطالبوا بأجور أعلى.\nوانتهى الإضراب.\n";
        let en = "Workers at the Tengiz field went on strike in 2011.\nThey demanded higher wages.\n";
        document::align_text(ar.into(), en.into(), Split::Lines, &Resources::default())
    }

    /// A bead of a corrections file: source, target, status.
    type Given = ([usize; 2], [usize; 2], Status);

    fn corrections(aligned: &AlignedPair, beads: &[Given]) -> Corrections {
        let document = |name: &str, text: &str, spans: &[std::ops::Range<usize>]| Document {
            name: name.into(),
            segments: spans.len(),
            hash: segments_hash(text, spans),
        };
        Corrections {
            format: FORMAT.into(),
            version: VERSION,
            split: SplitName::Lines,
            source: document("a.ar.txt", &aligned.source_text, &aligned.source_spans),
            target: document("a.en.txt", &aligned.target_text, &aligned.target_spans),
            beads: beads
                .iter()
                .map(|&(source, target, status)| CorrectedBead { source, target, status, confidence: None })
                .collect(),
        }
    }

    #[test]
    fn a_join_and_a_sentence_with_no_counterpart_give_their_entries() {
        let aligned = aligned();
        let beads = [([0, 2], [0, 2], Status::Edited), ([2, 3], [2, 2], Status::Edited)];
        let corrected = apply_corrections(&aligned, &corrections(&aligned, &beads), "c.json").unwrap();
        let entries = corrected.entries(&LangPair::arabic_english(), 0.5);
        assert_eq!(entries.len(), 1);
        let (entry, confirmed) = &entries[0];
        assert!(entry.source.text.starts_with("أضرب") && entry.source.text.ends_with("أعلى."), "{entry:?}");
        assert!(entry.target.text.ends_with("higher wages."), "{entry:?}");
        assert_eq!((entry.confidence, *confirmed), (None, true));
    }

    #[test]
    fn corrections_that_change_nothing_give_the_aligners_entries() {
        let aligned = aligned();
        let beads: Vec<Given> = aligned
            .beads
            .iter()
            .map(|b| ([b.source.start, b.source.end], [b.target.start, b.target.end], Status::Aligner))
            .collect();
        let corrected = apply_corrections(&aligned, &corrections(&aligned, &beads), "c.json").unwrap();
        let pair = LangPair::arabic_english();
        let texts = |e: &Entry| (e.source.text.clone(), e.target.text.clone(), e.confidence);
        let got: Vec<_> = corrected.entries(&pair, 0.0).iter().map(|(e, confirmed)| (texts(e), *confirmed)).collect();
        let expected: Vec<_> = aligned.entries(&pair, 0.0).iter().map(|e| (texts(e), false)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn beads_out_of_order_or_short_of_the_end_are_refused_with_the_bead() {
        let aligned = aligned();
        let cases: [(&[Given], &str); 4] = [
            (
                &[([0, 1], [0, 1], Status::Edited), ([2, 3], [1, 2], Status::Edited)],
                "c.json: bead 2: its Arabic segments begin at 2, where 1 was expected",
            ),
            (
                &[([0, 3], [0, 3], Status::Edited)],
                "c.json: bead 1: its English segments end at 3, past the document's 2",
            ),
            (&[([0, 0], [0, 0], Status::Edited)], "c.json: bead 1: no segment on either side"),
            (
                &[([0, 3], [0, 1], Status::Edited)],
                "c.json: the beads end at Arabic segment 3 of 3 and English segment 1 of 2",
            ),
        ];
        for (beads, expected) in cases {
            let e = apply_corrections(&aligned, &corrections(&aligned, beads), "c.json").unwrap_err().to_string();
            assert!(e.starts_with(expected), "{e}");
        }
    }

    #[test]
    fn corrections_for_other_text_are_refused() {
        let aligned = aligned();
        let mut other = corrections(&aligned, &[([0, 3], [0, 2], Status::Edited)]);
        other.target.hash = segments_hash("Other text.", &[0..5, 5..11]);
        let e = apply_corrections(&aligned, &other, "c.json").unwrap_err().to_string();
        assert!(e.starts_with("c.json: made for other text: the English document"), "{e}");
    }
}
