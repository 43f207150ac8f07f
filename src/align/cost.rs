//! What a bead costs: the model's parameters, and the document pair prepared for
//! the search with the table of which units of each sentence the other side hits.
//!
//! An alignment is a sequence of *beads*, each pairing `m` Arabic with `n` English
//! consecutive sentences (1-1, 1-2, 2-1, 2-2, up to 1-6 and 6-1; 1-0 and 0-1 for a
//! sentence with no counterpart). Its cost, in nats, is the sum of its beads':
//!
//! ```text
//! cost(bead) = −ln P(type)                                  (bead-type prior)
//!            + δ²/2,  δ = (ℓ_en − c·ℓ_ar) / √(s²·(c·ℓ_ar + ℓ_en)/2)   (length, Gale–Church)
//!            − Σ over the bead's sentences of LLR(sentence)  (lexical evidence)
//!            + paragraph penalties                           (when both texts have paragraphs)
//! ```
//!
//! A sentence's LLR weighs each of its units (numbers, names, dictionary words,
//! marks: [`super::features`]) found or not found in the other side of the bead:
//! `ln(p_hit/p_rand)` for a unit found, `ln((1−p_hit)/(1−p_rand))` for one missing,
//! where `p_hit` is how often a unit of that class is found in a true translation
//! and `p_rand` how often by chance in `k` unrelated sentences. A 1-0 or 0-1 bead
//! costs its prior alone, so a sentence whose units find nothing next to it (a
//! deleted sentence, a page number, a sentence from elsewhere) ends up unaligned;
//! two sentences whose units cross (a swap) end up in one 2-2 bead.
//!
//! The parameters are estimated from the documents themselves
//! ([`super::estimate`]).

use std::ops::Range;

use super::features::{CLASSES, Mask, NUMBER, Sentence};

/// Bead types (Arabic, English) and their prior probability before estimation.
pub(super) const TYPES: [(usize, usize, f64); 20] = [
    (1, 1, 0.80),
    (1, 0, 0.005),
    (0, 1, 0.005),
    (1, 2, 0.05),
    (2, 1, 0.05),
    (2, 2, 0.008),
    (1, 3, 0.015),
    (3, 1, 0.015),
    (2, 3, 0.004),
    (3, 2, 0.004),
    (1, 4, 0.004),
    (4, 1, 0.004),
    (1, 5, 0.002),
    (5, 1, 0.002),
    (1, 6, 0.001),
    (6, 1, 0.001),
    (3, 3, 0.001),
    (2, 4, 0.001),
    (4, 2, 0.001),
    // Two sentences translated in the other order: a 2-2 bead, scored crosswise.
    (2, 2, 0.006),
];
/// Index of the crossed 2-2 type in TYPES.
pub(super) const SWAP: usize = 19;
/// Most sentences on one side of a bead.
pub(super) const MAX_SIDE: usize = 6;
/// Most evidence against a bead one sentence's words may contribute, in nats: a
/// word not found may be a gap in the dictionary rather than a missing translation
/// (numbers are not capped).
const MIN_LLR: f64 = -2.5;
/// Paragraph penalties: a bead that runs over a paragraph break; a bead that
/// starts a paragraph on one side only.
const PARA_CROSS: f64 = 8.0;
const PARA_MISMATCH: f64 = 4.0;

/// The parameters of the cost.
#[derive(Clone, Debug)]
pub(super) struct Model {
    /// −ln P(type), per entry of TYPES.
    prior: [f64; TYPES.len()],
    ratio: f64,
    variance: f64,
    /// ln(p_hit/p_rand(k)) and ln((1−p_hit)/(1−p_rand(k))) per class and k = 1..=6.
    found: [[f64; MAX_SIDE + 1]; CLASSES],
    missing: [[f64; MAX_SIDE + 1]; CLASSES],
}

impl Model {
    pub(super) fn new(
        prior_p: [f64; TYPES.len()],
        ratio: f64,
        variance: f64,
        p_hit: [f64; CLASSES],
        p_rand: [f64; CLASSES],
    ) -> Model {
        let total: f64 = prior_p.iter().sum();
        let mut prior = [0.0; TYPES.len()];
        for (k, p) in prior_p.iter().enumerate() {
            prior[k] = -(p / total).ln();
        }
        let mut found = [[0.0; MAX_SIDE + 1]; CLASSES];
        let mut missing = [[0.0; MAX_SIDE + 1]; CLASSES];
        for c in 0..CLASSES {
            for k in 1..=MAX_SIDE {
                // k unrelated sentences: a unit is found by chance in any of them.
                let rand = 1.0 - (1.0 - p_rand[c]).powi(k as i32);
                let hit = p_hit[c].max(rand + 0.02).min(0.99);
                found[c][k] = (hit / rand).ln();
                missing[c][k] = ((1.0 - hit) / (1.0 - rand)).ln();
            }
        }
        Model { prior, ratio, variance, found, missing }
    }

    /// Evidence that `s` translates the `k` sentences whose features hit `hits`.
    fn llr(&self, s: &Sentence, hits: Mask, k: usize) -> f64 {
        let k = k.min(MAX_SIDE);
        let mut words = 0.0;
        let mut numbers = 0.0;
        for c in 0..CLASSES {
            let units = s.class_masks[c].count_ones() as f64;
            if units == 0.0 {
                continue;
            }
            let h = (hits & s.class_masks[c]).count_ones() as f64;
            let evidence = h * self.found[c][k] + (units - h) * self.missing[c][k];
            if c == NUMBER { numbers += evidence } else { words += evidence }
        }
        // Numbers are translated almost always: a missing one counts in full.
        numbers + words.max(MIN_LLR)
    }

    /// δ²/2 of the module docs, δ = (ℓ_en − c·ℓ_ar) / √(s²·(c·ℓ_ar + ℓ_en)/2), written
    /// without the square root: (ℓ_en − c·ℓ_ar)² / (s²·(c·ℓ_ar + ℓ_en)).
    fn length_cost(&self, ar: f64, en: f64) -> f64 {
        let expected = self.ratio * ar;
        let gap = en - expected;
        gap * gap / (self.variance * (expected + en).max(1.0))
    }
}

/// The two documents, their features and the pair table.
pub(super) struct Pair {
    pub(super) ar: Vec<Sentence>,
    pub(super) en: Vec<Sentence>,
    pub(super) ar_para: Vec<bool>,
    pub(super) en_para: Vec<bool>,
    /// Whether both sides have paragraph structure to respect.
    paragraphs: bool,
    /// DP band: allowed English positions for each Arabic position 0..=n.
    pub(super) band: Vec<Range<usize>>,
    /// Per Arabic sentence a: (first English sentence stored, hits of a by e and of e by a).
    pairs: Vec<(usize, Vec<(Mask, Mask)>)>,
    /// Running totals over each side's sentences, so that a bead's totals are two look-ups.
    ar_runs: Runs,
    en_runs: Runs,
}

/// Running totals over a side's sentences: entry `k` covers sentences `0..k`.
struct Runs {
    /// Length in characters (whole numbers, so the differences are exact).
    length: Vec<f64>,
    /// Sentences that may not be aligned.
    blocked: Vec<u32>,
    /// Sentences that begin a paragraph.
    starts: Vec<u32>,
}

impl Runs {
    fn new(side: &[Sentence], para: &[bool]) -> Runs {
        let mut runs = Runs { length: vec![0.0], blocked: vec![0], starts: vec![0] };
        for (k, s) in side.iter().enumerate() {
            runs.length.push(runs.length[k] + s.length);
            runs.blocked.push(runs.blocked[k] + u32::from(!s.alignable));
            runs.starts.push(runs.starts[k] + u32::from(para.get(k).copied().unwrap_or(false)));
        }
        runs
    }

    fn length(&self, r: &Range<usize>) -> f64 {
        self.length[r.end] - self.length[r.start]
    }

    /// Whether a sentence of `r` may not be aligned.
    fn blocked(&self, r: &Range<usize>) -> bool {
        self.blocked[r.end] != self.blocked[r.start]
    }

    /// Whether a paragraph begins after the first sentence of `r` (not empty).
    fn broken(&self, r: &Range<usize>) -> bool {
        self.starts[r.end] != self.starts[r.start + 1]
    }
}

impl Pair {
    pub(super) fn new(
        ar: Vec<Sentence>,
        en: Vec<Sentence>,
        ar_para: Vec<bool>,
        en_para: Vec<bool>,
        band: Vec<Range<usize>>,
    ) -> Self {
        let (n, m) = (ar.len(), en.len());
        // Paragraphs tell something only if a side has some, and not one per sentence
        // (text taken line by line).
        let structured = |para: &[bool]| para.iter().skip(1).any(|&b| b) && para.iter().any(|&b| !b);
        let paragraphs = structured(&ar_para) && structured(&en_para);
        let mut pairs = Vec::with_capacity(n);
        for a in 0..n {
            let lo = band[a].start.saturating_sub(MAX_SIDE + 2);
            let hi = (band[(a + MAX_SIDE).min(n)].end + MAX_SIDE + 2).min(m);
            let row = (lo..hi).map(|e| (ar[a].hits(&en[e]), en[e].hits(&ar[a]))).collect();
            pairs.push((lo, row));
        }
        let (ar_runs, en_runs) = (Runs::new(&ar, &ar_para), Runs::new(&en, &en_para));
        Pair { ar, en, ar_para, en_para, paragraphs, band, pairs, ar_runs, en_runs }
    }

    /// (units of Arabic a hit by English e, units of e hit by a).
    pub(super) fn hits(&self, a: usize, e: usize) -> (Mask, Mask) {
        let (first, row) = &self.pairs[a];
        match e.checked_sub(*first).and_then(|k| row.get(k)) {
            Some(&p) => p,
            None => (self.ar[a].hits(&self.en[e]), self.en[e].hits(&self.ar[a])),
        }
    }

    /// Cost of a swap: Arabic `ai` with English `ej + 1` and `ai + 1` with `ej`, each
    /// pair scored as a 1-1 bead would be, under the swap's prior.
    fn swap_cost(&self, model: &Model, ai: usize, ej: usize) -> f64 {
        let mut cost = model.prior[SWAP];
        for (a, e) in [(ai, ej + 1), (ai + 1, ej)] {
            let (ah, eh) = self.hits(a, e);
            cost += model.length_cost(self.ar[a].length, self.en[e].length);
            cost -= model.llr(&self.ar[a], ah, 1) + model.llr(&self.en[e], eh, 1);
        }
        if self.paragraphs {
            let crosses = self.ar_para[ai + 1] || self.en_para[ej + 1];
            cost += if crosses { PARA_CROSS } else { 0.0 }
                + if self.ar_para[ai] != self.en_para[ej] { PARA_MISMATCH } else { 0.0 };
        }
        cost
    }

    /// The share of the units of a path's pair beads (numbers, names, words and
    /// marks, both sides) found on the other side of their bead: how much the
    /// document's own words vouch for its alignment. A close translation finds
    /// most of them; a free one (literature) leaves the alignment to lengths.
    pub(super) fn coverage(&self, path: &[(usize, usize, usize)]) -> f64 {
        let all = |s: &Sentence| s.class_masks.iter().fold(0, |x, y| x | y);
        let (mut found, mut units) = (0u32, 0u32);
        for &(t, ai, ej) in path {
            let (m, n, _) = TYPES[t];
            if m == 0 || n == 0 {
                continue;
            }
            let mut en_hits = [0 as Mask; MAX_SIDE];
            for a in ai..ai + m {
                let mut hits: Mask = 0;
                for (k, e) in (ej..ej + n).enumerate() {
                    let (ah, eh) = self.hits(a, e);
                    hits |= ah;
                    en_hits[k] |= eh;
                }
                units += all(&self.ar[a]).count_ones();
                found += (hits & all(&self.ar[a])).count_ones();
            }
            for (k, e) in (ej..ej + n).enumerate() {
                units += all(&self.en[e]).count_ones();
                found += (en_hits[k] & all(&self.en[e])).count_ones();
            }
        }
        if units == 0 { 0.0 } else { f64::from(found) / f64::from(units) }
    }

    /// Cost of the bead of Arabic `ai..ai+m` and English `ej..ej+n`, or `None` if
    /// it may not be formed.
    pub(super) fn bead_cost(&self, model: &Model, t: usize, ai: usize, ej: usize) -> Option<f64> {
        self.bead_cost_from(
            model,
            t,
            ai,
            ej,
            |a, ej, n| self.ar_evidence(model, a, ej, n),
            |e, ai, m| self.en_evidence(model, e, ai, m),
        )
    }

    /// Evidence that Arabic sentence `a` translates English `ej..ej + n`.
    fn ar_evidence(&self, model: &Model, a: usize, ej: usize, n: usize) -> f64 {
        let hits = (ej..ej + n).fold(0, |h, e| h | self.hits(a, e).0);
        model.llr(&self.ar[a], hits, n)
    }

    /// Evidence that English sentence `e` translates Arabic `ai..ai + m`.
    fn en_evidence(&self, model: &Model, e: usize, ai: usize, m: usize) -> f64 {
        let hits = (ai..ai + m).fold(0, |h, a| h | self.hits(a, e).1);
        model.llr(&self.en[e], hits, m)
    }

    /// [`Pair::bead_cost`], each sentence's evidence against the other side of
    /// the bead taken from `ar_term(a, ej, n)` and `en_term(e, ai, m)`.
    fn bead_cost_from(
        &self,
        model: &Model,
        t: usize,
        ai: usize,
        ej: usize,
        mut ar_term: impl FnMut(usize, usize, usize) -> f64,
        mut en_term: impl FnMut(usize, usize, usize) -> f64,
    ) -> Option<f64> {
        let (m, n, _) = TYPES[t];
        if m == 0 || n == 0 {
            return Some(model.prior[t]);
        }
        let ars = ai..ai + m;
        let ens = ej..ej + n;
        if self.ar_runs.blocked(&ars) || self.en_runs.blocked(&ens) {
            return None;
        }
        if t == SWAP {
            return Some(self.swap_cost(model, ai, ej));
        }
        let mut cost = model.prior[t];
        cost += model.length_cost(self.ar_runs.length(&ars), self.en_runs.length(&ens));
        for a in ars.clone() {
            cost -= ar_term(a, ej, n);
        }
        for e in ens.clone() {
            cost -= en_term(e, ai, m);
        }
        if self.paragraphs {
            if self.ar_runs.broken(&ars) || self.en_runs.broken(&ens) {
                cost += PARA_CROSS;
            }
            if self.ar_para[ai] != self.en_para[ej] {
                cost += PARA_MISMATCH;
            }
        }
        Some(cost)
    }
}

/// The beads' costs under one model, each sentence's evidence computed once: a
/// bead of m × n sentences sums m + n evidence terms, and the lattice's beads
/// share them (Arabic `a` against English `ej..ej + n` is in every bead of `n`
/// English sentences from `ej` that holds `a`).
pub(super) struct Costs<'p> {
    pair: &'p Pair,
    model: &'p Model,
    /// Per Arabic sentence, the index of its first term in `ar` and `en`: one
    /// per English sentence of its row of the pair table and per run length.
    offsets: Vec<usize>,
    /// Arabic `a` against English `ej..ej + n`; NaN until computed.
    ar: Vec<f64>,
    /// English `e` against Arabic `ai..ai + m`, under the row of `ai`; NaN until computed.
    en: Vec<f64>,
}

impl<'p> Costs<'p> {
    pub(super) fn new(pair: &'p Pair, model: &'p Model) -> Self {
        let mut offsets = Vec::with_capacity(pair.pairs.len());
        let mut total = 0;
        for (_, row) in &pair.pairs {
            offsets.push(total);
            total += row.len() * MAX_SIDE;
        }
        Costs { pair, model, offsets, ar: vec![f64::NAN; total], en: vec![f64::NAN; total] }
    }

    /// Cost of a bead, as [`Pair::bead_cost`] gives it.
    pub(super) fn bead(&mut self, t: usize, ai: usize, ej: usize) -> Option<f64> {
        let Costs { pair, model, ref offsets, ref mut ar, ref mut en } = *self;
        // Where the term of row `row` (an Arabic sentence), sentence `k` of the
        // English and run length `len` is kept, if the pair table's row reaches `k`.
        let slot = |row: usize, k: usize, len: usize| -> Option<usize> {
            let (first, cells) = &pair.pairs[row];
            let at = k.checked_sub(*first).filter(|&at| at < cells.len())?;
            Some(offsets[row] + at * MAX_SIDE + len - 1)
        };
        pair.bead_cost_from(
            model,
            t,
            ai,
            ej,
            |a, ej, n| memo(ar, slot(a, ej, n), || pair.ar_evidence(model, a, ej, n)),
            |e, ai, m| memo(en, slot(ai, e, m), || pair.en_evidence(model, e, ai, m)),
        )
    }
}

/// The value kept at `slot` of `table`, computed by `f` the first time.
fn memo(table: &mut [f64], slot: Option<usize>, f: impl FnOnce() -> f64) -> f64 {
    match slot {
        Some(k) if !table[k].is_nan() => table[k],
        Some(k) => {
            table[k] = f();
            table[k]
        }
        None => f(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::features::{Extractor, keep_findable};

    /// NTREX: a sentence and its translation, and a sentence of the same report
    /// that does not translate it.
    fn pair(english: &str) -> Pair {
        let mut x = Extractor::new(None, None);
        let mut ar = vec![x.arabic(
            "وتم العثور على السيدة التي تبلغ 44 عامًا في الساعة 7.55 صباحًا مع وجود جروح جراء طعنات في جرايسون ميوز في جون استريت مع إلقاء القبض على الرجل الذي يبلغ من العمر 32 عامًا للاشتباه في قيامه بجريمة القتل.",
            true,
        )];
        let mut en = vec![x.english(english, true)];
        keep_findable(&mut ar, &mut en);
        Pair::new(ar, en, vec![true], vec![true], vec![0..2; 2])
    }

    #[test]
    fn a_bead_costs_the_same_with_its_evidence_shared_as_alone() {
        use crate::align::estimate::{GALE_CHURCH_VARIANCE, P_HIT, initial_priors};
        // NTREX: three sentences of one report and their translations, the
        // second English sentence split in two.
        let mut x = Extractor::new(None, None);
        let mut ar: Vec<Sentence> = [
            "وتم العثور على السيدة التي تبلغ 44 عامًا في الساعة 7.55 صباحًا مع وجود جروح جراء طعنات في جرايسون ميوز في جون استريت.",
            "وحثت الشرطة الناس في المنطقة الذين شاهدوا أو سمعوا أي شيء على التقدم.",
            "وتم القبض على الرجل الذي يبلغ من العمر 32 عامًا للاشتباه في قيامه بجريمة القتل.",
        ]
        .iter()
        .map(|s| x.arabic(s, true))
        .collect();
        let mut en: Vec<Sentence> = [
            "The 44-year-old was found at 7.55am with stab wounds on Grayson Mews on John Street.",
            "Police have urged people in the area.",
            "Anyone who saw or heard anything should come forward.",
            "A 32-year-old man was arrested on suspicion of murder.",
        ]
        .iter()
        .map(|s| x.english(s, true))
        .collect();
        keep_findable(&mut ar, &mut en);
        let pair = Pair::new(ar, en, vec![true; 3], vec![true; 4], vec![0..5; 4]);
        let model = Model::new(initial_priors(3, 4), 1.0, GALE_CHURCH_VARIANCE, P_HIT, [0.05; CLASSES]);
        let mut shared = Costs::new(&pair, &model);
        let mut beads = 0;
        for (t, &(m, n, _)) in TYPES.iter().enumerate() {
            for ai in 0..=3 {
                for ej in 0..=4 {
                    if ai + m > 3 || ej + n > 4 {
                        continue;
                    }
                    assert_eq!(shared.bead(t, ai, ej), pair.bead_cost(&model, t, ai, ej), "type {t} at ({ai}, {ej})");
                    beads += 1;
                }
            }
        }
        assert!(beads > 30, "{beads}");
    }

    #[test]
    fn the_length_cost_is_half_the_squared_normalized_deviation() {
        use crate::align::estimate::{GALE_CHURCH_VARIANCE, P_HIT, initial_priors};
        let model = Model::new(initial_priors(3, 3), 1.2, GALE_CHURCH_VARIANCE, P_HIT, [0.05; CLASSES]);
        for (ar, en) in [(100.0, 120.0), (100.0, 80.0), (40.0, 150.0), (0.0, 0.0), (0.0, 12.0), (250.0, 0.0)] {
            let expected = 1.2 * ar;
            let delta = (en - expected) / (GALE_CHURCH_VARIANCE * f64::max(expected + en, 1.0) / 2.0).sqrt();
            let cost = model.length_cost(ar, en);
            assert!((cost - delta * delta / 2.0).abs() <= 1e-12 * cost.max(1.0), "{ar} {en}: {cost}");
        }
        assert_eq!(model.length_cost(100.0, 120.0), 0.0);
    }

    #[test]
    fn a_runs_totals_are_those_of_its_sentences() {
        let lengths = [12.0, 40.0, 7.0, 0.0, 31.0];
        let alignable = [true, true, false, true, true];
        let para = [true, false, false, true, false];
        let side: Vec<Sentence> = lengths
            .iter()
            .zip(alignable)
            .map(|(&length, alignable)| Sentence { length, alignable, ..Sentence::default() })
            .collect();
        let runs = Runs::new(&side, &para);
        for start in 0..side.len() {
            for end in start + 1..=side.len() {
                let r = start..end;
                assert_eq!(runs.length(&r), lengths[r.clone()].iter().sum::<f64>(), "{r:?}");
                assert_eq!(runs.blocked(&r), alignable[r.clone()].contains(&false), "{r:?}");
                assert_eq!(runs.broken(&r), para[start + 1..end].contains(&true), "{r:?}");
            }
        }
    }

    #[test]
    fn a_translation_covers_more_of_its_units_than_another_sentence() {
        let right = pair(
            "The 44-year-old was found at 7.55am with stab wounds on Grayson Mews on John Street, with a 32-year-old man being arrested on suspicion of murder.",
        );
        let wrong = pair("Police have urged people in the area who saw or heard anything to come forward.");
        let one_to_one = [(0, 0, 0)];
        assert!(right.coverage(&one_to_one) > 0.5, "{}", right.coverage(&one_to_one));
        assert_eq!(wrong.coverage(&one_to_one), 0.0);
        // A sentence left without counterpart is not counted.
        assert_eq!(right.coverage(&[(1, 0, 0), (2, 1, 0)]), 0.0);
    }
}
