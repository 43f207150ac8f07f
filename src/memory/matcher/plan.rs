//! Which posting lists of the index to read for a segment.
//!
//! Candidates come from the index ([`crate::memory::index`]). If an entry scores
//! at least `t = min_score / 100`, its length is within `[t·n, n/t]`, and at most
//! `D = ⌊(1 − t)·n / t⌋` of the segment's word tokens (names aside) can be without
//! a counterpart in it (each costs at least 1). A stem the segment has `c` times
//! and the entry `e` times leaves `c − min(c, e)` of them without one (a word
//! matches only a word of its stem at a cost below 1). So every such entry
//! contains one of the rarest stems whose counts add up to more than `D` (prefix
//! filtering): reading those posting lists finds all of them, which is what
//! [`plan`] computes. A month or weekday name counts by its class (every entry
//! naming a month is filed under one stem for it, [`crate::calendar::MONTH_STEM`]):
//! an entry naming another month is a placeable away, one naming none an edit.
//! Scoring every entry of the memory would give the same matches; [`upper_bound`]
//! lets the caller stop as soon as no unread candidate can enter the top matches.

use super::Query;

/// Which posting lists to read for a segment and which lengths can match.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Indices into [`Query::stems`] of the stems whose postings must be read.
    pub prefix: Vec<usize>,
    /// The segment's other stems that entries have, rarest first: reading their
    /// postings too tightens [`upper_bound`] for the candidates already found.
    pub rest: Vec<usize>,
    /// Word tokens of the segment whose stem no entry has: without a
    /// counterpart in every candidate.
    pub unknown: u32,
    /// Entry lengths (as the index counts them) that can match.
    pub window: Window,
    /// The most words a glossary name has (1 without names of several words).
    pub words_per_name: u32,
    /// The minimum score the plan is for.
    pub min_score: u8,
}

/// The plan for a query at `min_score` (1–100), given each stem's document
/// frequency (`None` for a stem no entry has) and the most words a glossary name
/// has.
///
/// The index counts an entry's length as the score does without a glossary
/// (words and numbers, a month of two words as one, [`super::super::index`]):
/// for an entry without a glossary name of several words that is its length in
/// the score, `m`, and `t·n ≤ m ≤ n/t` (each token of the longer side without a
/// counterpart costs at least one). An entry with such a name (the caller knows
/// which may have one: [`upper_bound`]'s `may_merge`) is shorter in the score
/// than in the index, by up to `words_per_name` words a token, and one longer
/// where a name takes the first word of a two-word month: its window is wider.
pub fn plan(query: &Query, df: &[Option<u64>], min_score: u8, words_per_name: u32) -> Plan {
    let t = f64::from(min_score.clamp(1, 100)) / 100.0;
    let n = f64::from(query.length());
    let w = words_per_name.max(1);
    let min_length = ((t * n - 1e-9).ceil()).max(1.0) as u32;
    let max_length = (n / t + 1e-9).floor() as u32;
    let wide = (min_length.saturating_sub(1).max(1), (max_length + 1) * w);
    let absent = ((1.0 - t) * n / t + 1e-9).floor() as usize;
    let mut order: Vec<usize> = (0..query.stems.len()).collect();
    // Stems no entry has are absent from every candidate: they use up the allowance.
    let unknown: usize =
        order.iter().filter(|&&i| df.get(i).copied().flatten().is_none()).map(|&i| query.counts[i] as usize).sum();
    order.retain(|&i| df.get(i).copied().flatten().is_some());
    order.sort_by_key(|&i| (df[i].unwrap_or(0), i));
    // The rarest stems whose tokens, with the unknown ones, are more than D.
    let mut covered = unknown;
    let take = order
        .iter()
        .position(|&i| {
            covered += query.counts[i] as usize;
            covered > absent
        })
        .map_or(order.len(), |at| at + 1);
    let (prefix, rest) =
        if unknown > absent { (Vec::new(), Vec::new()) } else { (order[..take].to_vec(), order[take..].to_vec()) };
    Plan {
        prefix,
        rest,
        unknown: unknown as u32,
        window: Window { exact: (min_length, max_length), wide },
        words_per_name: w,
        min_score: min_score.clamp(1, 100),
    }
}

/// Entry lengths (as the index counts them) that can reach a plan's score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// For an entry without a glossary name of several words: its length is its
    /// length in the score.
    pub exact: (u32, u32),
    /// For an entry that may have one ([`Plan::words_per_name`]).
    pub wide: (u32, u32),
}

impl Window {
    /// Whether an entry of `length` (255 for 255 or more) can be in the window;
    /// `may_merge`: it may have a glossary name of several words.
    pub fn takes(&self, length: u32, may_merge: bool) -> bool {
        let (lo, hi) = if may_merge { self.wide } else { self.exact };
        length >= lo && (length <= hi || length >= 255)
    }
}

/// The best score an entry of `length` words (as the index counts them, 255 for
/// 255 or more) can reach when the posting lists read hold `read` of the segment's
/// word tokens (a stem's list holds as many as the segment has of it) and the
/// entry has a counterpart for `hits` of them (for each stem, the fewer of the
/// segment's and the entry's counts): each token without one costs at least one
/// edit, and so does each token of the longer side beyond the shorter's length. `may_merge`:
/// the entry may have a glossary name of several words (its length in the score
/// is then between `length / words_per_name` and `length + 1`).
pub fn upper_bound(query: &Query, plan: &Plan, read: u32, hits: u32, length: u32, may_merge: bool) -> u8 {
    let n = query.length();
    if n == 0 {
        return 0;
    }
    let missing = read.saturating_sub(hits) + plan.unknown;
    let (lo, hi) = if may_merge { (length / plan.words_per_name, length + 1) } else { (length, length) };
    let hi = if length >= 255 { u32::MAX } else { hi };
    // The entry's length in the score is unknown within [lo, hi]: the bound is its
    // best over them, reached where the missing stems and the gap cost alike.
    let m = (n + missing).clamp(lo, hi);
    let d = missing.max(n.abs_diff(m));
    (100.0 * (1.0 - f64::from(d) / f64::from(n.max(m)))).floor().clamp(0.0, 100.0) as u8
}
