//! Whether two documents are translations of each other at all.
//!
//! The aligner always returns beads: given a report and an unrelated English text
//! it pairs sentences of similar length, and no bead alone says that nothing is a
//! translation. The documents as a whole do, against a null of the same texts: the
//! first pass (rough model, nothing learned from the pair yet) aligns the Arabic
//! once with the English as given and once with the English in reverse order,
//! which no translation follows. Both searches optimize the same model over the
//! same sentences, so what the reversed one finds is what these very texts give by
//! chance (recurring names, common numbers, similar lengths), whatever their kind.
//! Two measures, each against its null:
//!
//! - **cost gain**: the alignment's cost per sentence (nats) below the reversed
//!   one's; in a translation the lengths of consecutive sentences and their units
//!   follow each other, so the gain is large (median 4.1 on the benchmark's news
//!   and health documents, 0.64 on law), and near 0 for unrelated texts;
//! - **lexical z**: how many more of the paired beads' numbers, names and marks
//!   and words (those the built-in word list or a dictionary translates) are
//!   found on the other side of their bead than the reversed alignment's rate
//!   predicts, in standard deviations. Words learned from the pair itself ([`super::Learned`]) would find
//!   what the first alignment paired even in unrelated texts, so they are not
//!   used.
//!
//! The verdict ([`Evidence::verdict`]):
//! - `unrelated`: neither measure is clearly above chance: gain below
//!   [`MIN_GAIN`] and z below [`MIN_Z`], in texts of at least [`MIN_SENTENCES`];
//! - `partial`: related, but less than [`MIN_SHARE`] of the text (characters of
//!   both sides) is in paired beads of the final alignment: whole parts have no
//!   counterpart (an earlier version, a translation not finished);
//! - `translation`: otherwise.
//!
//! Free literary translation is where it may err: its first alignment is the
//! least above chance of all real pairs (`bench/align_verdict.py` gives the
//! figures); `--force` aligns or imports a pair called unrelated anyway.

use serde::Serialize;

use std::ops::Range;

use super::Bead;
use super::cost::Pair;
use super::features::{MARK, Mask, NAME, NUMBER, Sentence, WORD};

/// Least cost gain per sentence (nats) over chance of a translation: low, so that
/// a short real pair with a part missing is not refused. On the benchmark the
/// least gain of a real pair is 0.90 (free literary translation), and unrelated
/// pairs reach 0.68 (README: the figures).
pub const MIN_GAIN: f64 = 0.4;
/// Least lexical z over chance of a translation. Documents on one subject share
/// their words, which the built-in word list translates, so unrelated pairs of
/// one set reach z 3–4 by their common vocabulary; the least z of a real pair is
/// 5.6.
pub const MIN_Z: f64 = 4.0;
/// Fewest sentences (of the shorter text) to call texts unrelated: a few sentences
/// tell too little, and refusing a real pair costs more than a bad bead the
/// review shows.
pub const MIN_SENTENCES: u32 = 6;
/// Least share of the text in paired beads of a whole translation.
pub const MIN_SHARE: f64 = 0.8;

/// What a document pair's alignment shows of the two texts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// Units of the paired beads' sentences, and how many were found on the other
    /// side of their bead.
    pub units: u32,
    pub found: u32,
    /// The same for the alignment of the texts with the English in reverse order.
    pub chance_units: u32,
    pub chance_found: u32,
    /// The first alignment's cost per sentence (both sides), in nats, and that of
    /// the alignment of the texts with the English in reverse order.
    pub cost: f64,
    pub chance_cost: f64,
    /// Sentences of the shorter text.
    pub sentences: u32,
    /// Characters of both texts, and those in paired beads.
    pub chars: f64,
    pub paired_chars: f64,
}

/// What a pair of documents is to each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Translation,
    Partial,
    Unrelated,
}

impl Evidence {
    /// The lexical evidence of `beads` over `pair`, and of the alignment `null`
    /// found for the same texts with the English in reverse order. Every class of
    /// unit counts: the built-in word list gives words something to be found by.
    pub(super) fn of(
        (pair, beads, cost): (&Pair, &[Bead], f64),
        (null, null_beads, null_cost): (&Pair, &[Bead], f64),
    ) -> Evidence {
        let counted = |s: &Sentence| -> Mask {
            s.class_masks[NUMBER] | s.class_masks[NAME] | s.class_masks[MARK] | s.class_masks[WORD]
        };
        let mut e = Evidence::default();
        (e.units, e.found) = found(pair, beads, &counted);
        (e.chance_units, e.chance_found) = found(null, null_beads, &counted);
        let sentences = (pair.ar.len() + pair.en.len()).max(1) as f64;
        (e.cost, e.chance_cost) = (cost / sentences, null_cost / sentences);
        e
    }

    /// This evidence with the share of the text that `beads` pair (characters of
    /// both sides, white space and marks left out).
    pub(super) fn with_share(mut self, pair: &Pair, beads: &[Bead]) -> Evidence {
        let length =
            |sentences: &[Sentence], r: &Range<usize>| -> f64 { sentences[r.clone()].iter().map(|s| s.length).sum() };
        self.sentences = pair.ar.len().min(pair.en.len()) as u32;
        self.chars = pair.ar.iter().chain(&pair.en).map(|s| s.length).sum();
        self.paired_chars = beads
            .iter()
            .filter(|b| b.is_pair())
            .map(|b| length(&pair.ar, &b.source) + length(&pair.en, &b.target))
            .sum();
        self
    }

    /// Cost per sentence below the reversed alignment's, in nats.
    pub fn gain(&self) -> f64 {
        self.chance_cost - self.cost
    }

    /// Units found beyond what the reversed alignment's rate predicts, in
    /// standard deviations (a binomial with that rate, smoothed by half a unit).
    pub fn z(&self) -> f64 {
        let p = (f64::from(self.chance_found) + 0.5) / (f64::from(self.chance_units) + 1.0);
        let n = f64::from(self.units);
        (f64::from(self.found) - p * n) / (n * p * (1.0 - p) + 1.0).sqrt()
    }

    /// Share of the text (characters of both sides) in paired beads.
    pub fn aligned_share(&self) -> f64 {
        if self.chars > 0.0 { self.paired_chars / self.chars } else { 0.0 }
    }

    /// The figures behind the verdict, for people.
    pub fn describe(&self) -> String {
        format!(
            "{:.0}% of the text aligned; the alignment is {:.2} nats a sentence better than with the English \
             reversed, and finds {:.1} standard deviations more numbers, names and marks (a translation: at least \
             {MIN_GAIN} or {MIN_Z})",
            self.aligned_share() * 100.0,
            self.gain(),
            self.z()
        )
    }

    pub fn verdict(&self) -> Verdict {
        if self.sentences >= MIN_SENTENCES && self.gain() < MIN_GAIN && self.z() < MIN_Z {
            Verdict::Unrelated
        } else if self.aligned_share() < MIN_SHARE {
            Verdict::Partial
        } else {
            Verdict::Translation
        }
    }
}

/// Units of the paired beads' sentences and those found on the other side of
/// their bead; `counted` gives the units of a sentence that count.
fn found(pair: &Pair, beads: &[Bead], counted: &impl Fn(&Sentence) -> Mask) -> (u32, u32) {
    let (mut units, mut found) = (0, 0);
    for bead in beads.iter().filter(|b| b.is_pair()) {
        for a in bead.source.clone() {
            let mask = counted(&pair.ar[a]);
            units += mask.count_ones();
            found += (bead.target.clone().fold(0, |m, e| m | pair.hits(a, e).0) & mask).count_ones();
        }
        for e in bead.target.clone() {
            let mask = counted(&pair.en[e]);
            units += mask.count_ones();
            found += (bead.source.clone().fold(0, |m, a| m | pair.hits(a, e).1) & mask).count_ones();
        }
    }
    (units, found)
}
