//! The two passes over a document pair. The first aligns with rough values of the
//! model's parameters ([`super::estimate`]); the second learns word translations
//! from the first alignments ([`super::learn`]), re-estimates the parameters from
//! the first pass's beads, aligns again and gives each bead its confidence.

use std::ops::Range;

use super::band::{band, guide_path};
use super::cost::{Model, Pair, TYPES};
use super::estimate::{GALE_CHURCH_VARIANCE, P_HIT, chance_rates, estimate, initial_priors};
use super::features::{CLASSES, Extractor, Sentence, keep_findable};
use super::lattice::{Lattice, search, search_counting};
use super::learn::Learned;
use super::verdict::Evidence;
use super::{Alignment, Bead, Input, Resources};

/// Alignments made to estimate the model before the final one.
const PASSES: usize = 2;
/// Costs are read as −ln P at this temperature for the beads' confidence: above
/// 1, because the model's evidence terms are not independent and would make it
/// overconfident.
const CONFIDENCE_TEMPERATURE: f64 = 1.5;
/// Below this share of units found in their bead ([`Pair::coverage`]) the
/// document's words vouch for too little of its alignment for the posteriors to
/// be taken at face value.
const FULL_COVERAGE: f64 = 0.8;
/// How much the temperature grows, at most, as the coverage falls to nothing.
const WEAK_EVIDENCE: f64 = 2.0;
/// The confidence of a bead that the document's words vouch nothing for: about
/// the share of right beads in the free translations of the benchmark (0.49
/// with the built-in word list), where lengths do most of the aligning.
const UNVOUCHED_CONFIDENCE: f64 = 0.5;

/// The temperature of the beads' confidence in a document whose beads find
/// `coverage` of their units on the other side. Where a translation is free (few
/// lexical links), the search still finds one best path and the lengths make it
/// look sure, but the lengths of free translations disagree and its beads are
/// often wrong: the temperature grows linearly as the coverage falls below
/// FULL_COVERAGE, flattening the posteriors. Fitted on all the benchmark's sets
/// at once: close translations (news, law) find 0.8 or more of their units and
/// keep the base temperature; Hayy ibn Yaqzan's English finds 0.46–0.59 (with
/// the built-in word list), where the base temperature made confidences too
/// high. WEAK_EVIDENCE and UNVOUCHED_CONFIDENCE were fitted together on all the
/// sets, one pair at a time, lines: expected calibration error at 4.0 and 0.4
/// (their values before the built-in word list) news 0.010, law 0.016,
/// literature 0.073, literature with FreeDict 0.148; at 2.0 and 0.5, 0.010,
/// 0.017, 0.046 and 0.035.
fn confidence_temperature(coverage: f64) -> f64 {
    CONFIDENCE_TEMPERATURE * (1.0 + WEAK_EVIDENCE * weakness(coverage))
}

/// How far `coverage` falls below FULL_COVERAGE, 0 (none) to 1 (no unit found).
fn weakness(coverage: f64) -> f64 {
    (1.0 - coverage / FULL_COVERAGE).clamp(0.0, 1.0)
}

/// A bead's confidence from its posterior in a document whose beads find
/// `coverage` of their units: the posterior where the document's words vouch
/// for its alignment, drawn towards UNVOUCHED_CONFIDENCE by the weakness of the
/// evidence. A tempered posterior is still a posterior of the model, which in
/// a free translation is itself often wrong: its surest beads are right less
/// often than they say, its least sure ones more often.
fn confidence(posterior: f64, coverage: f64) -> f64 {
    let doubt = weakness(coverage);
    posterior * (1.0 - doubt) + doubt * UNVOUCHED_CONFIDENCE
}

/// A document pair after the first alignment, with rough values. It keeps what
/// pass two needs, not the first pass's pair table: a batch holds the first
/// passes of all its pairs at once.
pub(super) struct FirstPass<'r> {
    extractor: Extractor<'r>,
    ar_para: Vec<bool>,
    en_para: Vec<bool>,
    band: Vec<Range<usize>>,
    pub(super) rough: Vec<(usize, usize, usize)>,
    /// The expected number of beads of each type in the first alignment.
    counts: [f64; TYPES.len()],
    chance: [f64; CLASSES],
    p_hit: [f64; CLASSES],
    /// What the first alignment shows, before anything is learned from it.
    evidence: Evidence,
}

impl<'r> FirstPass<'r> {
    /// `None` when a side has no sentence.
    pub(super) fn run(source: &[Input<'_>], target: &[Input<'_>], resources: &Resources<'r>) -> Option<FirstPass<'r>> {
        let mut extractor = Extractor::new(resources.glossary, resources.dictionary);
        let mut ar: Vec<Sentence> = source.iter().map(|s| extractor.arabic(s.text, s.alignable)).collect();
        let mut en: Vec<Sentence> = target.iter().map(|s| extractor.english(s.text, s.alignable)).collect();
        keep_findable(&mut ar, &mut en);
        let (n, m) = (ar.len(), en.len());
        if n == 0 || m == 0 {
            return None;
        }
        let ar_para: Vec<bool> = source.iter().enumerate().map(|(i, s)| i == 0 || s.paragraph_start).collect();
        let en_para: Vec<bool> = target.iter().enumerate().map(|(j, s)| j == 0 || s.paragraph_start).collect();
        // The same texts with the English in reverse order: what the search finds
        // in two texts that do not follow each other (the verdict's chance).
        let null = {
            let mut en = en.clone();
            en.reverse();
            let mut en_para = en_para.clone();
            en_para.reverse();
            (ar.clone(), en, en_para)
        };
        let anchors = guide_path(&ar, &en);
        let rows = band(n, m, &anchors);
        let pair = Pair::new(ar, en, ar_para.clone(), en_para, rows);
        let chance = chance_rates(&pair.ar, &pair.en);
        let en_chars: f64 = pair.en.iter().map(|s| s.length).sum();
        let ar_chars: f64 = pair.ar.iter().map(|s| s.length).sum::<f64>().max(1.0);
        let p_hit = P_HIT;
        let first = Model::new(initial_priors(n, m), en_chars / ar_chars, GALE_CHURCH_VARIANCE, p_hit, chance);
        let (rough, counts) = search_counting(&pair, &first);
        let (null_ar, null_en, null_en_para) = null;
        let null_rows = band(n, m, &guide_path(&null_ar, &null_en));
        let null_pair = Pair::new(null_ar, null_en, ar_para, null_en_para, null_rows);
        let null_path = search(&null_pair, &first);
        let cost = |p: &Pair, path: &[(usize, usize, usize)]| -> f64 {
            path.iter().filter_map(|&(t, ai, ej)| p.bead_cost(&first, t, ai, ej)).sum()
        };
        let evidence = Evidence::of(
            (&pair, &beads_of(&rough), cost(&pair, &rough)),
            (&null_pair, &beads_of(&null_path), cost(&null_pair, &null_path)),
        );
        let Pair { ar_para, en_para, band, .. } = pair;
        Some(FirstPass { extractor, ar_para, en_para, band, rough, counts, chance, p_hit, evidence })
    }

    /// Pass two: words the first alignments pair again and again are translations;
    /// the model is re-estimated and the final alignment made, with confidences.
    pub(super) fn finish(self, source: &[Input<'_>], target: &[Input<'_>], learned: Learned) -> Alignment {
        let FirstPass { mut extractor, ar_para, en_para, band, rough, counts, chance, p_hit, evidence } = self;
        extractor.learn(learned);
        let mut ar: Vec<Sentence> = source.iter().map(|s| extractor.arabic(s.text, s.alignable)).collect();
        let mut en: Vec<Sentence> = target.iter().map(|s| extractor.english(s.text, s.alignable)).collect();
        keep_findable(&mut ar, &mut en);
        let pair = Pair::new(ar, en, ar_para, en_para, band);
        let mut model = estimate(&pair, &rough, &counts, chance, p_hit);
        for _ in 1..PASSES {
            let (again, counts) = search_counting(&pair, &model);
            model = estimate(&pair, &again, &counts, chance, p_hit);
        }
        let lattice = Lattice::build(&pair, &model);
        let path = lattice.best_path();
        let coverage = pair.coverage(&path);
        let posteriors = lattice.posteriors(&path, confidence_temperature(coverage));
        let mut beads = beads_of(&path);
        for (bead, posterior) in beads.iter_mut().zip(posteriors) {
            bead.confidence = confidence(posterior, coverage);
        }
        let evidence = evidence.with_share(&pair, &beads);
        Alignment { beads, evidence }
    }
}

/// The beads of a path of (type, Arabic start, English start), of confidence 1.
fn beads_of(path: &[(usize, usize, usize)]) -> Vec<Bead> {
    path.iter()
        .map(|&(t, ai, ej)| {
            let (m, n, _) = TYPES[t];
            Bead { source: ai..ai + m, target: ej..ej + n, confidence: 1.0 }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_is_tempered_only_where_few_units_find_their_translation() {
        assert_eq!(confidence_temperature(0.9), CONFIDENCE_TEMPERATURE);
        assert_eq!(confidence_temperature(FULL_COVERAGE), CONFIDENCE_TEMPERATURE);
        assert!(confidence_temperature(0.45) > 1.5 * CONFIDENCE_TEMPERATURE);
        assert!(confidence_temperature(0.45) > confidence_temperature(0.7));
    }

    #[test]
    fn a_sure_bead_of_a_document_whose_words_vouch_for_little_is_not_sure() {
        assert_eq!(confidence(0.99, 0.9), 0.99);
        // Hayy ibn Yaqzan without a dictionary: 0.45 of the units found.
        let free = confidence(0.99, 0.45);
        assert!(free < 0.8 && free > UNVOUCHED_CONFIDENCE, "{free}");
        assert!(confidence(0.05, 0.45) > 0.05);
        assert_eq!(confidence(0.99, 0.0), UNVOUCHED_CONFIDENCE);
    }
}
