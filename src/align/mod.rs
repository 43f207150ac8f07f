//! Sentence alignment of an Arabic document and its English translation, as pure
//! computation over two lists of sentences (no files, no database).
//!
//! An alignment is a sequence of *beads* ([`Bead`]), each pairing consecutive
//! Arabic and English sentences. The aligner takes the cheapest under a cost model
//! whose parameters come from the documents themselves, in two passes. Its parts:
//!
//! - [`features`]: what the aligner sees of a sentence, its length and its units
//!   (numbers, names, words, marks), with [`lexicon`]'s word knowledge;
//! - `cost`: the cost of a bead (the model);
//! - `estimate`: the model's parameters, estimated from an alignment;
//! - `band` and `lattice`: the search, dynamic programming within a band around a
//!   guide path, and each bead's confidence;
//! - `learn`: word translations learned from first alignments;
//! - `passes`: the first pass with rough values, the second with what it taught;
//! - [`lists`]: list items the segmenter split on one side only;
//! - [`document`]: whole texts segmented, aligned and turned into entries;
//! - [`verdict`]: whether the two texts are translations of each other at all.

mod band;
mod cost;
pub mod document;
mod estimate;
pub mod features;
mod lattice;
mod learn;
pub mod lexicon;
pub mod lists;
mod passes;
pub mod verdict;

use std::ops::Range;

use crate::glossary::Glossary;
pub use learn::Learned;
use learn::{Cooccurrence, Vocabulary};
use lexicon::Dictionary;
use passes::FirstPass;

/// One sentence to align.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub text: &'a str,
    /// It begins a paragraph (the text had a line break before it).
    pub paragraph_start: bool,
    /// It may be aligned (noise separators may not).
    pub alignable: bool,
}

/// What the aligner may use beside the texts.
#[derive(Clone, Copy, Default)]
pub struct Resources<'r> {
    pub glossary: Option<&'r Glossary>,
    pub dictionary: Option<&'r Dictionary>,
}

/// Arabic sentences `source` aligned with English sentences `target`.
#[derive(Clone, Debug, PartialEq)]
pub struct Bead {
    pub source: Range<usize>,
    pub target: Range<usize>,
    /// 0–1: how sure the aligner is of this bead.
    pub confidence: f64,
}

/// The alignment of a document pair, and what it shows of the two texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Alignment {
    pub beads: Vec<Bead>,
    pub evidence: verdict::Evidence,
}

impl Bead {
    /// Whether both sides have segments (not a sentence left without counterpart).
    pub fn is_pair(&self) -> bool {
        !self.source.is_empty() && !self.target.is_empty()
    }
}

/// The aligner's input for a text and its segments: each segment's content, whether
/// a line break comes before it (a paragraph starts), and whether it is for
/// translation.
pub fn inputs<'t>(text: &'t str, segments: &[crate::segment::Segment]) -> Vec<Input<'t>> {
    let mut out = Vec::with_capacity(segments.len());
    let mut previous_end = 0;
    for (k, seg) in segments.iter().enumerate() {
        if seg.content.is_empty() {
            continue;
        }
        let gap = &text[previous_end..seg.content.start];
        out.push(Input {
            text: &text[seg.content.clone()],
            paragraph_start: k == 0 || gap.contains('\n'),
            alignable: seg.translate,
        });
        previous_end = seg.content.end;
    }
    out
}

/// Aligns `source` (Arabic) with `target` (English).
pub fn align(source: &[Input<'_>], target: &[Input<'_>], resources: &Resources<'_>) -> Vec<Bead> {
    align_documents(&[(source, target)], resources).pop().map(|a| a.beads).unwrap_or_default()
}

/// Aligns several document pairs (Arabic, English), as [`align`] does each one,
/// except that the translations of pass two are learned from the first alignments
/// of all of them as well as from the pair's own: a translator's folder of reports
/// and their translations teaches more words than any one report, and a pair's own
/// words (names, terms of its subject) are too rare in the folder to pass the bar.
pub fn align_documents(documents: &[(&[Input<'_>], &[Input<'_>])], resources: &Resources<'_>) -> Vec<Alignment> {
    let first: Vec<Option<FirstPass<'_>>> =
        documents.iter().map(|&(source, target)| FirstPass::run(source, target, resources)).collect();
    let mut words = Vocabulary::default();
    let counts: Vec<Option<Cooccurrence>> = documents
        .iter()
        .zip(&first)
        .map(|(&(source, target), pass)| {
            pass.as_ref().map(|p| Cooccurrence::count(&mut words, source, target, &p.rough))
        })
        .collect();
    // A pair alone learns from itself only.
    let mut shared = std::rc::Rc::default();
    if documents.len() > 1 {
        let mut all = Cooccurrence::default();
        for c in counts.iter().flatten() {
            all.add(c);
        }
        shared = std::rc::Rc::new(words.translations(all.translations()));
    }
    documents
        .iter()
        .zip(first)
        .zip(counts)
        .map(|((&(source, target), pass), count)| match (pass, count) {
            (Some(pass), Some(count)) => {
                let own = words.translations(count.translations());
                pass.finish(source, target, Learned { own, shared: shared.clone() })
            }
            _ => Alignment { beads: unaligned(source.len(), target.len()), evidence: Default::default() },
        })
        .collect()
}

/// Every sentence on its own, when one side is empty.
fn unaligned(n: usize, m: usize) -> Vec<Bead> {
    let nulls_ar = (0..n).map(|i| Bead { source: i..i + 1, target: 0..0, confidence: 1.0 });
    let nulls_en = (0..m).map(|j| Bead { source: n..n, target: j..j + 1, confidence: 1.0 });
    nulls_ar.chain(nulls_en).collect()
}

#[cfg(test)]
mod tests;
