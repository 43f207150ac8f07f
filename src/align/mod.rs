//! Sentence alignment of an Arabic document and its English translation, as pure
//! computation over two lists of sentences (no files, no database).
//!
//! # Model
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
//! marks: [`features`]) found or not found in the other side of the bead:
//! `ln(p_hit/p_rand)` for a unit found, `ln((1−p_hit)/(1−p_rand))` for one missing,
//! where `p_hit` is how often a unit of that class is found in a true translation
//! and `p_rand` how often by chance in `k` unrelated sentences. A 1-0 or 0-1 bead
//! costs its prior alone, so a sentence whose units find nothing next to it (a
//! deleted sentence, a page number, a sentence from elsewhere) ends up unaligned;
//! two sentences whose units cross (a swap) end up in one 2-2 bead.
//!
//! # Estimation
//!
//! Nothing is fixed at values for another language pair: the length ratio `c` and
//! variance `s²`, the chance rates `p_rand` (from sentence pairs far from the
//! diagonal), and then the hit rates `p_hit` and the type priors come from the two
//! documents themselves. A first pass aligns with rough values; the second pass
//! re-estimates them from the first pass's beads and aligns again, with word
//! translations learned from the first pass: from the document pair itself and,
//! when several pairs are aligned together ([`align_documents`], `tm align
//! --batch`), from all of them, as more text teaches more words (on the benchmark's
//! 134 news and health documents without a dictionary, strict F1 goes from 0.966 to
//! 0.974).
//!
//! # Search
//!
//! Dynamic programming over the (Arabic, English) grid, restricted to a band
//! around a guide path drawn through anchors (numbers and names that occur once in
//! each document), so that long documents stay fast. Each bead's confidence is its
//! posterior probability over all alignments of the lattice (forward–backward),
//! with the costs softened by a temperature.

pub mod document;
pub mod features;
pub mod lexicon;
pub mod lists;

use std::collections::HashMap;
use std::ops::Range;

use features::{CLASSES, Extractor, Mask, NAME, NUMBER, Sentence, WORD};

use crate::glossary::Glossary;
use lexicon::Dictionary;

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

/// Bead types (Arabic, English) and their prior probability before estimation.
const TYPES: [(usize, usize, f64); 20] = [
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
const SWAP: usize = 19;
const MAX_SIDE: usize = 6;

/// Hit rates of a true translation before estimation, per unit class.
const P_HIT: [f64; CLASSES] = [0.85, 0.45, 0.45, 0.7];
/// Most evidence against a bead one sentence's words may contribute, in nats: a
/// word not found may be a gap in the dictionary rather than a missing translation
/// (numbers are not capped).
const MIN_LLR: f64 = -2.5;
/// How many beads the initial priors weigh when re-estimated from an alignment.
const PRIOR_WEIGHT: f64 = 100.0;
/// Alignments made to estimate the model before the final one.
const PASSES: usize = 2;
/// Paragraph penalties: a bead that runs over a paragraph break; a bead that
/// starts a paragraph on one side only.
const PARA_CROSS: f64 = 8.0;
const PARA_MISMATCH: f64 = 4.0;
/// Documents with more cells than this get a band around the guide path.
const FULL_GRID: usize = 90_000;
/// Half-width of the band, at least.
const MIN_BAND: usize = 40;

/// The parameters of the cost.
#[derive(Clone, Debug)]
struct Model {
    /// −ln P(type), per entry of TYPES.
    prior: [f64; TYPES.len()],
    ratio: f64,
    variance: f64,
    /// ln(p_hit/p_rand(k)) and ln((1−p_hit)/(1−p_rand(k))) per class and k = 1..=6.
    found: [[f64; MAX_SIDE + 1]; CLASSES],
    missing: [[f64; MAX_SIDE + 1]; CLASSES],
}

impl Model {
    fn new(
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

    fn length_cost(&self, ar: f64, en: f64) -> f64 {
        let expected = self.ratio * ar;
        let spread = (self.variance * (expected + en).max(1.0) / 2.0).sqrt();
        let delta = (en - expected) / spread;
        delta * delta / 2.0
    }
}

/// The two documents, their features and the pair table.
struct Problem<'a> {
    ar: Vec<Sentence>,
    en: Vec<Sentence>,
    ar_para: Vec<bool>,
    en_para: Vec<bool>,
    /// Whether both sides have paragraph structure to respect.
    paragraphs: bool,
    /// DP band: allowed English positions for each Arabic position 0..=n.
    band: Vec<Range<usize>>,
    /// Per Arabic sentence a: (first English sentence stored, hits of a by e and of e by a).
    pairs: Vec<(usize, Vec<(Mask, Mask)>)>,
    _inputs: std::marker::PhantomData<&'a ()>,
}

impl Problem<'_> {
    fn new(
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
            let row = (lo..hi).map(|e| (ar[a].hits(&en[e].features), en[e].hits(&ar[a].features))).collect();
            pairs.push((lo, row));
        }
        Problem { ar, en, ar_para, en_para, paragraphs, band, pairs, _inputs: std::marker::PhantomData }
    }

    /// (units of Arabic a hit by English e, units of e hit by a).
    fn pair(&self, a: usize, e: usize) -> (Mask, Mask) {
        let (first, row) = &self.pairs[a];
        match e.checked_sub(*first).and_then(|k| row.get(k)) {
            Some(&p) => p,
            None => (self.ar[a].hits(&self.en[e].features), self.en[e].hits(&self.ar[a].features)),
        }
    }

    /// Cost of a swap: Arabic `ai` with English `ej + 1` and `ai + 1` with `ej`, each
    /// pair scored as a 1-1 bead would be, under the swap's prior.
    fn swap_cost(&self, model: &Model, ai: usize, ej: usize) -> f64 {
        let mut cost = model.prior[SWAP];
        for (a, e) in [(ai, ej + 1), (ai + 1, ej)] {
            let (ah, eh) = self.pair(a, e);
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

    /// Cost of the bead of Arabic `ai..ai+m` and English `ej..ej+n`, or `None` if
    /// it may not be formed.
    fn bead_cost(&self, model: &Model, t: usize, ai: usize, ej: usize) -> Option<f64> {
        let (m, n, _) = TYPES[t];
        if m == 0 || n == 0 {
            return Some(model.prior[t]);
        }
        let ars = ai..ai + m;
        let ens = ej..ej + n;
        if ars.clone().any(|a| !self.ar[a].alignable) || ens.clone().any(|e| !self.en[e].alignable) {
            return None;
        }
        if t == SWAP {
            return Some(self.swap_cost(model, ai, ej));
        }
        let mut cost = model.prior[t];
        let ar_len: f64 = ars.clone().map(|a| self.ar[a].length).sum();
        let en_len: f64 = ens.clone().map(|e| self.en[e].length).sum();
        cost += model.length_cost(ar_len, en_len);
        let mut en_hits = [0 as Mask; MAX_SIDE];
        for a in ars.clone() {
            let mut hits: Mask = 0;
            for (k, e) in ens.clone().enumerate() {
                let (ah, eh) = self.pair(a, e);
                hits |= ah;
                en_hits[k] |= eh;
            }
            cost -= model.llr(&self.ar[a], hits, n);
        }
        for (k, e) in ens.clone().enumerate() {
            cost -= model.llr(&self.en[e], en_hits[k], m);
        }
        if self.paragraphs {
            let crosses = ars.clone().skip(1).any(|a| self.ar_para[a]) || ens.clone().skip(1).any(|e| self.en_para[e]);
            if crosses {
                cost += PARA_CROSS;
            }
            if self.ar_para[ai] != self.en_para[ej] {
                cost += PARA_MISMATCH;
            }
        }
        Some(cost)
    }
}

/// Chance rates per class: hits between sentences far from the diagonal.
fn chance_rates(ar: &[Sentence], en: &[Sentence]) -> [f64; CLASSES] {
    let (n, m) = (ar.len(), en.len());
    let mut hits = [0.0f64; CLASSES];
    let mut units = [0.0f64; CLASSES];
    if n > 0 && m > 0 {
        let step = ((n * m) / 4000).max(1);
        let mut k = 0;
        for (a, sa) in ar.iter().enumerate() {
            let diagonal = a * m / n;
            for (e, se) in en.iter().enumerate() {
                if diagonal.abs_diff(e) < 5 {
                    continue;
                }
                k += 1;
                if k % step != 0 {
                    continue;
                }
                for (s, other) in [(sa, se), (se, sa)] {
                    let h = s.hits(&other.features);
                    for c in 0..CLASSES {
                        units[c] += s.class_masks[c].count_ones() as f64;
                        hits[c] += (h & s.class_masks[c]).count_ones() as f64;
                    }
                }
            }
        }
    }
    let floor = [0.01, 0.01, 0.02, 0.1];
    let mut out = [0.0; CLASSES];
    for c in 0..CLASSES {
        out[c] = ((hits[c] + floor[c] * 20.0) / (units[c] + 20.0)).clamp(0.002, 0.6);
    }
    out
}

/// Anchors: numbers and names that occur in exactly one sentence on each side.
fn guide_path(ar: &[Sentence], en: &[Sentence]) -> Vec<(usize, usize)> {
    let mut ar_where: HashMap<u32, Option<usize>> = HashMap::new();
    for (i, s) in ar.iter().enumerate() {
        let strong = s.class_masks[NUMBER] | s.class_masks[NAME];
        for (u, unit) in s.units.iter().enumerate() {
            if strong & (1 << u) != 0 {
                for f in unit {
                    ar_where
                        .entry(*f)
                        .and_modify(|w| {
                            if *w != Some(i) {
                                *w = None
                            }
                        })
                        .or_insert(Some(i));
                }
            }
        }
    }
    let mut en_where: HashMap<u32, Option<usize>> = HashMap::new();
    for (j, s) in en.iter().enumerate() {
        for f in &s.features {
            en_where
                .entry(*f)
                .and_modify(|w| {
                    if *w != Some(j) {
                        *w = None
                    }
                })
                .or_insert(Some(j));
        }
    }
    let mut anchors: Vec<(usize, usize)> =
        ar_where.iter().filter_map(|(f, w)| Some(((*w)?, en_where.get(f).copied().flatten()?))).collect();
    anchors.sort_unstable();
    anchors.dedup();
    // The longest chain increasing on both sides: sorted by Arabic position (and,
    // for one Arabic sentence, English position downwards), the longest strictly
    // increasing run of English positions (patience sorting).
    anchors.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; anchors.len()];
    for k in 0..anchors.len() {
        let j = anchors[k].1;
        let pos = tails.partition_point(|&t| anchors[t].1 < j);
        if pos > 0 {
            prev[k] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut chain = Vec::new();
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        chain.push(anchors[k]);
        k = prev[k];
    }
    chain.reverse();
    chain
}

/// The DP band: for each Arabic position, the English positions allowed.
fn band(n: usize, m: usize, anchors: &[(usize, usize)]) -> Vec<Range<usize>> {
    if (n + 1) * (m + 1) <= FULL_GRID {
        return vec![0..m + 1; n + 1];
    }
    let mut points = vec![(0usize, 0usize)];
    points.extend(anchors.iter().copied());
    points.push((n, m));
    let width = MIN_BAND.max(n.max(m) / 20);
    let mut out = Vec::with_capacity(n + 1);
    let mut seg = 0;
    for i in 0..=n {
        while seg + 1 < points.len() - 1 && points[seg + 1].0 <= i {
            seg += 1;
        }
        let (a0, e0) = points[seg];
        let (a1, e1) = points[(seg + 1).min(points.len() - 1)];
        let center = if a1 > a0 { e0 + (e1.saturating_sub(e0)) * (i - a0) / (a1 - a0) } else { e0 };
        out.push(center.saturating_sub(width)..(center + width + 1).min(m + 1));
    }
    // Monotone bounds, so that every cell can be reached.
    for i in 1..=n {
        out[i].start = out[i].start.max(out[i - 1].start);
        out[i].end = out[i].end.max(out[i - 1].end);
    }
    out[n].end = m + 1;
    out
}

/// The DP lattice: the cost of every bead that may end at every cell of the band.
struct Lattice {
    rows: Vec<Range<usize>>,
    /// Index of row i's first cell in `costs`.
    offsets: Vec<usize>,
    /// Per cell (i, j), the cost of a bead of each type ending there (∞ if none).
    costs: Vec<[f32; TYPES.len()]>,
}

impl Lattice {
    fn build(p: &Problem<'_>, model: &Model) -> Lattice {
        let rows = p.band.clone();
        let mut offsets = Vec::with_capacity(rows.len());
        let mut total = 0;
        for r in &rows {
            offsets.push(total);
            total += r.len();
        }
        let mut l = Lattice { rows, offsets, costs: vec![[f32::INFINITY; TYPES.len()]; total] };
        for i in 0..l.rows.len() {
            for j in l.rows[i].clone() {
                let here = l.cell(i, j).unwrap_or(0);
                for (t, &(m, n, _)) in TYPES.iter().enumerate() {
                    if m > i || n > j || l.cell(i - m, j - n).is_none() {
                        continue;
                    }
                    if let Some(c) = p.bead_cost(model, t, i - m, j - n) {
                        l.costs[here][t] = c as f32;
                    }
                }
            }
        }
        l
    }

    fn cell(&self, i: usize, j: usize) -> Option<usize> {
        let r = self.rows.get(i)?;
        r.contains(&j).then(|| self.offsets[i] + j - r.start)
    }

    /// The cheapest path: beads as (type, Arabic start, English start), in order.
    fn best_path(&self) -> Vec<(usize, usize, usize)> {
        let mut best = vec![f64::INFINITY; self.costs.len()];
        let mut back = vec![u8::MAX; self.costs.len()];
        if let Some(k) = self.cell(0, 0) {
            best[k] = 0.0;
        }
        for i in 0..self.rows.len() {
            for j in self.rows[i].clone() {
                let Some(here) = self.cell(i, j) else { continue };
                for (t, &(m, n, _)) in TYPES.iter().enumerate() {
                    let c = self.costs[here][t];
                    if !c.is_finite() {
                        continue;
                    }
                    let Some(prev) = self.cell(i - m, j - n) else { continue };
                    let total = best[prev] + f64::from(c);
                    if total < best[here] {
                        best[here] = total;
                        back[here] = t as u8;
                    }
                }
            }
        }
        let mut out = Vec::new();
        let (mut i, mut j) = (self.rows.len() - 1, self.rows.last().map_or(0, |r| r.end - 1));
        while i > 0 || j > 0 {
            let Some(k) = self.cell(i, j) else { break };
            let t = back[k] as usize;
            if t >= TYPES.len() {
                break;
            }
            let (m, n, _) = TYPES[t];
            i -= m;
            j -= n;
            out.push((t, i, j));
        }
        out.reverse();
        out
    }

    /// The posterior probability of each bead of `path` over all paths of the
    /// lattice, costs read as −ln P at `temperature` (forward–backward).
    fn posteriors(&self, path: &[(usize, usize, usize)], temperature: f64) -> Vec<f64> {
        let logsum = |a: f64, b: f64| {
            if a == f64::NEG_INFINITY {
                b
            } else if b == f64::NEG_INFINITY {
                a
            } else {
                a.max(b) + (-(a - b).abs()).exp().ln_1p()
            }
        };
        let n_rows = self.rows.len();
        let mut fwd = vec![f64::NEG_INFINITY; self.costs.len()];
        if let Some(k) = self.cell(0, 0) {
            fwd[k] = 0.0;
        }
        for i in 0..n_rows {
            for j in self.rows[i].clone() {
                let Some(here) = self.cell(i, j) else { continue };
                for (t, &(m, n, _)) in TYPES.iter().enumerate() {
                    let c = self.costs[here][t];
                    if c.is_finite()
                        && let Some(prev) = self.cell(i - m, j - n)
                    {
                        fwd[here] = logsum(fwd[here], fwd[prev] - f64::from(c) / temperature);
                    }
                }
            }
        }
        let mut bwd = vec![f64::NEG_INFINITY; self.costs.len()];
        let last = self.rows.last().map_or(0, |r| r.end - 1);
        if let Some(k) = self.cell(n_rows - 1, last) {
            bwd[k] = 0.0;
        }
        for i in (0..n_rows).rev() {
            for j in self.rows[i].clone().rev() {
                let Some(here) = self.cell(i, j) else { continue };
                if bwd[here] == f64::NEG_INFINITY {
                    continue;
                }
                for (t, &(m, n, _)) in TYPES.iter().enumerate() {
                    let c = self.costs[here][t];
                    if c.is_finite()
                        && let Some(prev) = self.cell(i - m, j - n)
                    {
                        bwd[prev] = logsum(bwd[prev], bwd[here] - f64::from(c) / temperature);
                    }
                }
            }
        }
        let Some(end) = self.cell(n_rows - 1, last) else { return vec![1.0; path.len()] };
        let z = fwd[end];
        path.iter()
            .map(|&(t, ai, ej)| {
                let (m, n, _) = TYPES[t];
                match (self.cell(ai, ej), self.cell(ai + m, ej + n)) {
                    (Some(from), Some(to)) => {
                        let c = f64::from(self.costs[to][t]);
                        (fwd[from] - c / temperature + bwd[to] - z).exp().clamp(0.0, 1.0)
                    }
                    _ => 0.0,
                }
            })
            .collect()
    }
}

/// Runs the DP; returns the beads as (type, Arabic start, English start) in order.
fn search(p: &Problem<'_>, model: &Model) -> Vec<(usize, usize, usize)> {
    Lattice::build(p, model).best_path()
}

/// Re-estimates the model from an alignment.
fn estimate(p: &Problem<'_>, beads: &[(usize, usize, usize)], chance: [f64; CLASSES], p_hit0: [f64; CLASSES]) -> Model {
    let mut counts = [0.0f64; TYPES.len()];
    let (mut ar_total, mut en_total) = (0.0, 0.0);
    let mut hits = [0.0f64; CLASSES];
    let mut units = [0.0f64; CLASSES];
    for &(t, ai, ej) in beads {
        counts[t] += 1.0;
        let (m, n, _) = TYPES[t];
        if m == 0 || n == 0 {
            continue;
        }
        ar_total += (ai..ai + m).map(|a| p.ar[a].length).sum::<f64>();
        en_total += (ej..ej + n).map(|e| p.en[e].length).sum::<f64>();
        if m == 1 && n == 1 {
            let (ah, eh) = p.pair(ai, ej);
            for (s, h) in [(&p.ar[ai], ah), (&p.en[ej], eh)] {
                for c in 0..CLASSES {
                    units[c] += s.class_masks[c].count_ones() as f64;
                    hits[c] += (h & s.class_masks[c]).count_ones() as f64;
                }
            }
        }
    }
    let ratio = if ar_total > 0.0 { en_total / ar_total } else { 1.0 };
    let mut spread = (0.0, 0.0);
    for &(t, ai, ej) in beads {
        let (m, n, _) = TYPES[t];
        if m > 0 && n > 0 && t != SWAP {
            let a: f64 = (ai..ai + m).map(|x| p.ar[x].length).sum();
            let e: f64 = (ej..ej + n).map(|x| p.en[x].length).sum();
            let d = e - ratio * a;
            spread.0 += d * d / ((ratio * a + e).max(1.0) / 2.0);
            spread.1 += 1.0;
        }
    }
    let variance = ((spread.0 + 6.8 * 5.0) / (spread.1 + 5.0)).clamp(1.0, 40.0);
    let total: f64 = counts.iter().sum();
    let mut prior_p = [0.0; TYPES.len()];
    for (t, &(m, n, p0)) in TYPES.iter().enumerate() {
        // The first pass leaves sentences unaligned where it is unsure: its count of
        // 1-0 and 0-1 beads is not evidence of how often they happen.
        prior_p[t] = if m == 0 || n == 0 { p0 } else { (counts[t] + PRIOR_WEIGHT * p0) / (total + PRIOR_WEIGHT) };
    }
    let mut p_hit = [0.0; CLASSES];
    for c in 0..CLASSES {
        p_hit[c] = ((hits[c] + 4.0 * p_hit0[c]) / (units[c] + 4.0)).clamp(chance[c] + 0.01, 0.98);
    }
    Model::new(prior_p, ratio, variance, p_hit, chance)
}

/// Costs are read as −ln P at this temperature for the beads' confidence: above
/// 1, because the model's evidence terms are not independent and would make it
/// overconfident.
const CONFIDENCE_TEMPERATURE: f64 = 1.5;

/// Least number of beads two words must share to be taken as translations.
const LEARN_MIN_COUNT: usize = 2;
/// Least Dice coefficient of the two words' bead sets.
const LEARN_MIN_DICE: f64 = 0.7;

/// Word translations for pass two: those learned from the pair's own first
/// alignment, and those learned from all the pairs aligned with it.
#[derive(Default)]
pub struct Learned {
    pub own: HashMap<String, Vec<String>>,
    pub shared: std::rc::Rc<HashMap<String, Vec<String>>>,
}

/// The content words of first alignments, numbered (Arabic stems, English lemmas).
#[derive(Default)]
struct Vocabulary {
    ar: HashMap<String, u32>,
    en: HashMap<String, u32>,
    ar_words: Vec<String>,
    en_words: Vec<String>,
}

impl Vocabulary {
    fn id(ids: &mut HashMap<String, u32>, words: &mut Vec<String>, word: String) -> u32 {
        let next = words.len() as u32;
        *ids.entry(word).or_insert_with_key(|w| {
            words.push(w.clone());
            next
        })
    }

    /// The words of `sentences`, numbered, each once.
    fn ids(&mut self, sentences: &[Input<'_>], arabic: bool) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for s in sentences {
            for w in features::content_words(s.text, arabic) {
                out.push(if arabic {
                    Vocabulary::id(&mut self.ar, &mut self.ar_words, w)
                } else {
                    Vocabulary::id(&mut self.en, &mut self.en_words, w)
                });
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Translation pairs by number, as words (Arabic stem → English lemmas).
    fn translations(&self, pairs: Vec<(u32, u32)>) -> HashMap<String, Vec<String>> {
        let mut out: HashMap<String, Vec<String>> = HashMap::new();
        for (a, e) in pairs {
            out.entry(self.ar_words[a as usize].clone()).or_default().push(self.en_words[e as usize].clone());
        }
        out
    }
}

/// How often words occur in the beads of first alignments, and together.
#[derive(Default)]
struct Cooccurrence {
    ar: HashMap<u32, u32>,
    en: HashMap<u32, u32>,
    pairs: HashMap<(u32, u32), u32>,
}

impl Cooccurrence {
    /// Counts the beads of one pair's first alignment (those of up to two
    /// sentences a side: longer ones pair too many words by chance).
    fn count(
        words: &mut Vocabulary,
        source: &[Input<'_>],
        target: &[Input<'_>],
        beads: &[(usize, usize, usize)],
    ) -> Cooccurrence {
        let mut c = Cooccurrence::default();
        for &(t, ai, ej) in beads {
            let (m, n, _) = TYPES[t];
            if m == 0 || n == 0 || m > 2 || n > 2 {
                continue;
            }
            let ar = words.ids(&source[ai..ai + m], true);
            let en = words.ids(&target[ej..ej + n], false);
            for &a in &ar {
                *c.ar.entry(a).or_default() += 1;
            }
            for &e in &en {
                *c.en.entry(e).or_default() += 1;
            }
            for &a in &ar {
                for &e in &en {
                    *c.pairs.entry((a, e)).or_default() += 1;
                }
            }
        }
        c
    }

    fn add(&mut self, other: &Cooccurrence) {
        for (k, v) in &other.ar {
            *self.ar.entry(*k).or_default() += v;
        }
        for (k, v) in &other.en {
            *self.en.entry(*k).or_default() += v;
        }
        for (k, v) in &other.pairs {
            *self.pairs.entry(*k).or_default() += v;
        }
    }

    /// Word pairs that occur in the same beads again and again (Dice ≥
    /// [`LEARN_MIN_DICE`] over at least [`LEARN_MIN_COUNT`] beads), as hunalign
    /// learns a dictionary from its first pass; in a stable order.
    fn translations(&self) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = self
            .pairs
            .iter()
            .filter(|&(&(a, e), &c)| {
                let dice = 2.0 * c as f64 / (self.ar[&a] + self.en[&e]) as f64;
                c as usize >= LEARN_MIN_COUNT && dice >= LEARN_MIN_DICE
            })
            .map(|(&k, _)| k)
            .collect();
        out.sort_unstable();
        out
    }
}

/// Prior probabilities before estimation, shifted towards the longer side when one
/// document has many more sentences than the other (a literary translation that
/// renders one long Arabic sentence by several English ones).
fn initial_priors(n: usize, m: usize) -> [f64; TYPES.len()] {
    let r = if n == 0 || m == 0 { 1.0 } else { (m as f64 / n as f64).clamp(0.33, 3.0) };
    let mut out = [0.0; TYPES.len()];
    for (t, &(a, e, p0)) in TYPES.iter().enumerate() {
        out[t] = if a > 0 && e > 0 { p0 * r.powi(e as i32 - a as i32) } else { p0 };
    }
    out
}

/// Aligns `source` (Arabic) with `target` (English).
pub fn align(source: &[Input<'_>], target: &[Input<'_>], resources: &Resources<'_>) -> Vec<Bead> {
    align_documents(&[(source, target)], resources).pop().unwrap_or_default()
}

/// Aligns several document pairs (Arabic, English), as [`align`] does each one,
/// except that the translations of pass two are learned from the first alignments
/// of all of them as well as from the pair's own: a translator's folder of reports
/// and their translations teaches more words than any one report, and a pair's own
/// words (names, terms of its subject) are too rare in the folder to pass the bar.
pub fn align_documents(documents: &[(&[Input<'_>], &[Input<'_>])], resources: &Resources<'_>) -> Vec<Vec<Bead>> {
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
            _ => unaligned(source.len(), target.len()),
        })
        .collect()
}

/// Every sentence on its own, when one side is empty.
fn unaligned(n: usize, m: usize) -> Vec<Bead> {
    let nulls_ar = (0..n).map(|i| Bead { source: i..i + 1, target: 0..0, confidence: 1.0 });
    let nulls_en = (0..m).map(|j| Bead { source: n..n, target: j..j + 1, confidence: 1.0 });
    nulls_ar.chain(nulls_en).collect()
}

/// A document pair after the first alignment, with rough values. It keeps what
/// pass two needs, not the first problem's pair table: a batch holds the first
/// passes of all its pairs at once.
struct FirstPass<'r> {
    extractor: Extractor<'r>,
    ar_para: Vec<bool>,
    en_para: Vec<bool>,
    band: Vec<Range<usize>>,
    rough: Vec<(usize, usize, usize)>,
    chance: [f64; CLASSES],
    p_hit: [f64; CLASSES],
}

impl<'r> FirstPass<'r> {
    /// `None` when a side has no sentence.
    fn run(source: &[Input<'_>], target: &[Input<'_>], resources: &Resources<'r>) -> Option<FirstPass<'r>> {
        let mut extractor = Extractor::new(resources.glossary, resources.dictionary);
        let ar: Vec<Sentence> = source.iter().map(|s| extractor.arabic(s.text, s.alignable)).collect();
        let en: Vec<Sentence> = target.iter().map(|s| extractor.english(s.text, s.alignable)).collect();
        let (n, m) = (ar.len(), en.len());
        if n == 0 || m == 0 {
            return None;
        }
        let ar_para: Vec<bool> = source.iter().enumerate().map(|(i, s)| i == 0 || s.paragraph_start).collect();
        let en_para: Vec<bool> = target.iter().enumerate().map(|(j, s)| j == 0 || s.paragraph_start).collect();
        let anchors = guide_path(&ar, &en);
        let rows = band(n, m, &anchors);
        let problem = Problem::new(ar, en, ar_para, en_para, rows);
        let chance = chance_rates(&problem.ar, &problem.en);
        let en_chars: f64 = problem.en.iter().map(|s| s.length).sum();
        let ar_chars: f64 = problem.ar.iter().map(|s| s.length).sum::<f64>().max(1.0);
        // Without a dictionary, English words can only meet Arabic ones by chance.
        let mut p_hit = P_HIT;
        if resources.dictionary.is_none_or(Dictionary::is_empty) {
            p_hit[WORD] = chance[WORD] + 0.01;
        }
        let first = Model::new(initial_priors(n, m), en_chars / ar_chars, 6.8, p_hit, chance);
        let rough = search(&problem, &first);
        let Problem { ar_para, en_para, band, .. } = problem;
        Some(FirstPass { extractor, ar_para, en_para, band, rough, chance, p_hit })
    }

    /// Pass two: words the first alignments pair again and again are translations;
    /// the model is re-estimated and the final alignment made, with confidences.
    fn finish(self, source: &[Input<'_>], target: &[Input<'_>], learned: Learned) -> Vec<Bead> {
        let FirstPass { mut extractor, ar_para, en_para, band, rough, chance, p_hit } = self;
        extractor.learn(learned);
        let ar: Vec<Sentence> = source.iter().map(|s| extractor.arabic(s.text, s.alignable)).collect();
        let en: Vec<Sentence> = target.iter().map(|s| extractor.english(s.text, s.alignable)).collect();
        let problem = Problem::new(ar, en, ar_para, en_para, band);
        let mut model = estimate(&problem, &rough, chance, p_hit);
        for _ in 1..PASSES {
            let again = search(&problem, &model);
            model = estimate(&problem, &again, chance, p_hit);
        }
        let lattice = Lattice::build(&problem, &model);
        let beads = lattice.best_path();
        let confidence = lattice.posteriors(&beads, CONFIDENCE_TEMPERATURE);
        beads
            .iter()
            .zip(confidence)
            .map(|(&(t, ai, ej), confidence)| {
                let (m, n, _) = TYPES[t];
                Bead { source: ai..ai + m, target: ej..ej + n, confidence }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
