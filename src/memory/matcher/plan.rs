//! Which posting lists of the index to read for a segment.
//!
//! Candidates come from the index ([`crate::memory::index`]). If an entry scores
//! at least `t = min_score / 100`, its length is within `[t·n, n/t]`, and at most
//! `D = ⌊(1 − t)·n / t⌋` of the segment's distinct word stems (names aside) can be
//! absent from it (each absent stem costs at least 1). So every such entry
//! contains at least one of the `D + 1` rarest stems of the segment (prefix
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
    /// Stems of the segment that no entry has: absent from every candidate.
    pub unknown: u32,
    /// Entry lengths (as the index counts them) that can match.
    pub min_length: u32,
    pub max_length: u32,
    /// The minimum score the plan is for.
    pub min_score: u8,
}

/// The plan for a query at `min_score` (1–100), given each stem's document
/// frequency (`None` for a stem no entry has) and the most words a glossary name
/// has beyond its first (names count as one token in the score, word by word in
/// the index, so the length window widens by that much).
pub fn plan(query: &Query, df: &[Option<u64>], min_score: u8, name_slack: u32) -> Plan {
    let t = f64::from(min_score.clamp(1, 100)) / 100.0;
    let n = f64::from(query.length());
    let raw = f64::from(query.index_length);
    let min_length = ((t * raw - 1e-9).ceil() - f64::from(query.name_words)).max(1.0) as u32;
    let max_length = (raw / t + 1e-9).floor() as u32 + 2 * name_slack;
    let absent = ((1.0 - t) * n / t + 1e-9).floor() as usize;
    let mut order: Vec<usize> = (0..query.stems.len()).collect();
    // Stems no entry has are absent from every candidate: they use up the allowance.
    let unknown = order.iter().filter(|&&i| df.get(i).copied().flatten().is_none()).count();
    order.retain(|&i| df.get(i).copied().flatten().is_some());
    order.sort_by_key(|&i| (df[i].unwrap_or(0), i));
    let take = (absent + 1).saturating_sub(unknown).min(order.len());
    let (prefix, rest) =
        if unknown > absent { (Vec::new(), Vec::new()) } else { (order[..take].to_vec(), order[take..].to_vec()) };
    Plan { prefix, rest, unknown: unknown as u32, min_length, max_length, min_score: min_score.clamp(1, 100) }
}

/// The best score an entry of `length` words (as the index counts them) found in
/// `hits` of the `read` posting lists of the segment's stems that were read can
/// reach: each stem it lacks costs at least one edit.
pub fn upper_bound(query: &Query, plan: &Plan, read: u32, hits: u32, length: u32) -> u8 {
    let n = query.length().max(length);
    if n == 0 {
        return 0;
    }
    let missing = read.saturating_sub(hits) + plan.unknown;
    // Lengths say nothing certain when names merge words.
    let gap = if query.name_words > 0 { 0 } else { query.length().abs_diff(length) };
    let d = missing.max(gap);
    (100.0 * (1.0 - d as f64 / n as f64)).floor().clamp(0.0, 100.0) as u8
}
