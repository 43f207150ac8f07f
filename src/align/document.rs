//! Whole documents through the aligner: segment (or split into lines) both texts,
//! align them, and turn the beads into entries. Pure: the texts come in as
//! strings, the entries go out as values; reading files is [`crate::ops::align`].

use std::ops::Range;

use super::verdict::Evidence;
use super::{Bead, Resources};
use crate::entry::{Context, Entry, ORIGIN_ALIGNED};
use crate::lang::LangPair;
pub use crate::segment::Split;
use crate::segment::{Lang, Segment};
use crate::timestamp::Timestamp;

/// A document and its translation, segmented and aligned.
#[derive(Clone, Debug)]
pub struct AlignedPair {
    pub source_text: String,
    pub target_text: String,
    /// Byte ranges of the segments of each text, in order.
    pub source_spans: Vec<Range<usize>>,
    pub target_spans: Vec<Range<usize>>,
    pub beads: Vec<Bead>,
    /// What the alignment shows of the two texts ([`super::verdict`]).
    pub evidence: Evidence,
}

impl AlignedPair {
    /// The text of a bead side, from the first segment's start to the last one's end.
    fn side<'t>(text: &'t str, spans: &[Range<usize>], range: &Range<usize>) -> &'t str {
        if range.is_empty() {
            return "";
        }
        &text[spans[range.start].start..spans[range.end - 1].end]
    }

    /// The source side of a bead.
    pub fn source(&self, bead: &Bead) -> &str {
        AlignedPair::side(&self.source_text, &self.source_spans, &bead.source)
    }

    /// The target side of a bead.
    pub fn target(&self, bead: &Bead) -> &str {
        AlignedPair::side(&self.target_text, &self.target_spans, &bead.target)
    }

    /// Beads with both sides (pairs a memory can store).
    pub fn pairs(&self) -> impl Iterator<Item = &Bead> {
        self.beads.iter().filter(|b| b.is_pair())
    }

    /// Beads whose confidence is below `threshold`.
    pub fn doubtful(&self, threshold: f64) -> usize {
        self.beads.iter().filter(|b| b.confidence < threshold).count()
    }

    /// The context of a bead's source in its document: the source segments before
    /// and after it (`None` at the document's edges, and for a bead of no source).
    pub fn context(&self, bead: &Bead) -> Context<'_> {
        if bead.source.is_empty() {
            return Context::default();
        }
        let segment = |i: usize| self.source_spans.get(i).map(|r| &self.source_text[r.clone()]);
        Context { prev: bead.source.start.checked_sub(1).and_then(segment), next: segment(bead.source.end) }
    }

    /// Entries for the beads with both sides and at least `min_confidence`
    /// ([`AlignedPair::entry`]).
    pub fn entries(&self, pair: &LangPair, min_confidence: f64) -> Vec<Entry> {
        let now = Timestamp::now();
        self.pairs().filter(|b| b.confidence >= min_confidence).map(|b| self.entry(b, pair, now)).collect()
    }

    /// The entry of a bead: origin `aligned`, the bead's confidence kept to three
    /// decimals, dated `now`, with its context ([`AlignedPair::context`]).
    pub fn entry(&self, bead: &Bead, pair: &LangPair, now: Timestamp) -> Entry {
        let mut e =
            Entry::new(self.source(bead), self.target(bead), pair.source.clone(), pair.target.clone(), ORIGIN_ALIGNED);
        e.confidence = Some(round_confidence(bead.confidence));
        e.meta.add_context(self.context(bead));
        e.created = Some(now);
        e.changed = Some(now);
        e
    }
}

/// A confidence as stored and shown: three decimals.
pub fn round_confidence(confidence: f64) -> f64 {
    (confidence * 1000.0).round() / 1000.0
}

/// Segments (or splits into lines) and aligns document pairs (source, target),
/// learning from all of them ([`super::align_documents`]): a batch teaches the
/// aligner more words than one pair.
pub fn align_texts(texts: Vec<(String, String)>, split: Split, resources: &Resources<'_>) -> Vec<AlignedPair> {
    let segments: Vec<_> = texts
        .iter()
        .map(|(source, target)| (split.segments(source, Lang::Arabic), split.segments(target, Lang::English)))
        .collect();
    let inputs: Vec<_> = texts
        .iter()
        .zip(&segments)
        .map(|((s, t), (s_segs, t_segs))| (super::inputs(s, s_segs), super::inputs(t, t_segs)))
        .collect();
    let documents: Vec<_> = inputs.iter().map(|(s, t)| (&s[..], &t[..])).collect();
    let alignments = super::align_documents(&documents, resources);
    let spans = |segments: &[Segment]| -> Vec<Range<usize>> {
        segments.iter().filter(|s| !s.content.is_empty()).map(|s| s.content.clone()).collect()
    };
    texts
        .into_iter()
        .zip(segments)
        .zip(alignments)
        .map(|(((source_text, target_text), (s_segs, t_segs)), super::Alignment { mut beads, evidence })| {
            let (mut source_spans, mut target_spans) = (spans(&s_segs), spans(&t_segs));
            if split == Split::Sentences {
                // Lines are segments as given; segmented text may hold a list item
                // the segmenter saw on one side only.
                super::lists::split_items(&source_text, &target_text, &mut source_spans, &mut target_spans, &mut beads);
            }
            AlignedPair { source_text, target_text, source_spans, target_spans, beads, evidence }
        })
        .collect()
}

/// Segments and aligns one document pair.
///
/// ```
/// use tm::align::Resources;
/// use tm::align::document::{Split, align_text};
/// use tm::lang::LangPair;
///
/// let ar = "أضرب العمال في حقل تنغيز عام 2011. طالبوا بأجور أعلى.";
/// let en = "Workers at the Tengiz field went on strike in 2011. They demanded higher wages.";
/// let aligned = align_text(ar.into(), en.into(), Split::Sentences, &Resources::default());
/// assert_eq!(aligned.pairs().count(), 2);
/// let entries = aligned.entries(&LangPair::arabic_english(), 0.0);
/// assert_eq!(entries[1].target.text, "They demanded higher wages.");
/// assert_eq!(entries[1].origin, "aligned");
/// let context = entries[1].meta.contexts()[0];
/// assert_eq!((context.prev, context.next), (Some("أضرب العمال في حقل تنغيز عام 2011."), None));
/// ```
pub fn align_text(source: String, target: String, split: Split, resources: &Resources<'_>) -> AlignedPair {
    let mut out = align_texts(vec![(source, target)], split, resources);
    out.swap_remove(0)
}
