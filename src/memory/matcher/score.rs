//! The match score: the one formula ([`score`]), the edit distance it is made of,
//! and what orders entries of one score ([`tie_break`]).
//!
//! Both texts become matching keys ([`crate::normalize`]) and tokens
//! ([`crate::tokenize`]). Words, numbers and glossary names (a name of several
//! words is one token) are *content* tokens; punctuation is kept apart. Then, like
//! a CAT tool:
//!
//! ```text
//! d     = weighted edit distance between the content-token sequences:
//!         insert or delete 1; substitute 1, but
//!           CLITIC_COST for the same word with other proclitics (النفط / والنفط),
//!           0 for the same number written otherwise (2,000 / 2000 / ٢٠٠٠) or the
//!             same glossary name spelled otherwise (كازمونايجاز / كازموناينجاز),
//!           0 for another number or another glossary name (a *placeable*), when the
//!             entry's source and its target each have the old one exactly once,
//!             and no other replacement is in that place of the target, so it
//!             can be replaced unambiguously (otherwise it is not, and costs 1)
//! base  = 100 × (1 − d / max(n_segment, n_entry))          (n = content tokens)
//! score = ⌊base⌋ − min(punctuation edits, MAX_PUNCT_PENALTY) − placeables replaced
//!                − min(inline codes the segment lacks, MAX_CODE_PENALTY)
//! ```
//!
//! 100 means identical after normalization and nothing else: any other difference
//! gives at most 99. Inline codes count as CAT tools count a tag mismatch: a
//! segment is plain text, so each code of the entry (of its source or its target,
//! whichever has more) is one the translator must remove, and costs
//! [`CODE_PENALTY`] point; an entry with codes never scores 100. So an entry that differs only in diacritics, tatweel, alef or
//! hamza forms, ya/alef maqsura or the digit system scores 100; one that differs in
//! punctuation alone 97–99; one that differs only in two numbers 98, and its target
//! comes back with the segment's numbers ([`Scoring::repairs`], [`fn@super::repair`]).
//! Entries made by the aligner lose [`ALIGNED_PENALTY`] point ([`penalize`]), so
//! that an entry a person confirmed wins a tie.

use super::repair::{Repair, RepairKind, TargetNumbers, compound_repairs, number_repair, target_place};
use super::{Query, Scratch, Tok, TokKind, analyse, slice};
use crate::calendar::Date;
use crate::glossary::Glossary;
use crate::normalize;
use crate::tokenize;

/// Points taken off the score of an entry made by the aligner, so that an entry a
/// person confirmed wins a tie (as Trados' alignment penalty does).
pub const ALIGNED_PENALTY: u8 = 1;

/// Cost of substituting a word by the same word with other proclitics.
pub const CLITIC_COST: f32 = 0.5;
/// Most points that punctuation differences take off.
pub const MAX_PUNCT_PENALTY: u32 = 3;
/// Points taken off for each number or name replaced in the target.
pub const PLACEABLE_PENALTY: u32 = 1;
/// Points taken off for each inline code of the entry that the segment lacks…
pub const CODE_PENALTY: u32 = 1;
/// …and at most this many: codes are formatting, not words.
pub const MAX_CODE_PENALTY: u32 = 2;

/// The inline codes of an entry's sides ([`crate::entry::Text::code_count`]),
/// against a segment of plain text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Codes {
    pub source: u32,
    pub target: u32,
}

impl Codes {
    /// Points off the score: one per code the segment lacks (the side with more
    /// counts), at most [`MAX_CODE_PENALTY`].
    pub fn penalty(self) -> u32 {
        (CODE_PENALTY * self.source.max(self.target)).min(MAX_CODE_PENALTY)
    }
}

/// A score and the repairs it counted on.
#[derive(Clone, Debug, PartialEq)]
pub struct Scoring {
    pub score: u8,
    /// The score before rounding down (and before the cap at 99): orders entries
    /// of one score.
    pub fine: f32,
    pub repairs: Vec<Repair>,
}

/// One step of the alignment between segment and entry content tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// Same token, or the same number or name written otherwise.
    Same(usize, usize),
    /// Same stem, other proclitics.
    Clitic(usize, usize),
    /// Another number or name, to be replaced in the target.
    Placeable(usize, usize),
    /// Different token.
    Replace(usize, usize),
    /// Token only in the segment.
    Insert(usize),
    /// Token only in the entry.
    Delete(usize),
}

/// The entry-entry view the DP works on.
pub(super) struct EntryTokens<'a> {
    pub(super) key: &'a str,
    pub(super) content: &'a [Tok],
    /// Entry tokens that may not be placeables (their target has no single place
    /// for the replacement).
    pub(super) fixed: &'a [bool],
}

fn sub_cost(qk: &str, a: &Tok, entry: &EntryTokens<'_>, j: usize) -> f32 {
    let b = &entry.content[j];
    match (a.kind, b.kind) {
        (TokKind::Word, TokKind::Word) => {
            // Equal hashes are checked on the text: the score never trusts a hash.
            if a.hash == b.hash && slice(qk, a.range) == slice(entry.key, b.range) {
                0.0
            } else if a.stem_hash == b.stem_hash && slice(qk, a.stem) == slice(entry.key, b.stem) {
                CLITIC_COST
            } else {
                1.0
            }
        }
        (TokKind::Number(_), TokKind::Number(_)) | (TokKind::Name(_), TokKind::Name(_))
            if (a.kind == b.kind || !entry.fixed[j]) =>
        {
            0.0
        }
        // The same compound, with other clitics, or with other numbers.
        (TokKind::Compound(x), TokKind::Compound(y)) if x == y => {
            if a.hash == b.hash && slice(qk, a.range) == slice(entry.key, b.range) {
                0.0
            } else if a.stem_hash == b.stem_hash && slice(qk, a.stem) == slice(entry.key, b.stem) {
                CLITIC_COST
            } else if !entry.fixed[j] {
                0.0
            } else {
                1.0
            }
        }
        // A month for a month, a weekday for a weekday.
        (TokKind::Date(x), TokKind::Date(y))
            if x == y
                || (!entry.fixed[j]
                    && matches!((x, y), (Date::Month(_), Date::Month(_)) | (Date::Weekday(_), Date::Weekday(_)))) =>
        {
            0.0
        }
        _ => 1.0,
    }
}

/// Weighted edit distance between the content tokens; fills `dp` ((n+1)×(m+1)).
/// Stops early, with a result above `limit`, once every alignment costs more.
pub(super) fn distance(query: &Query, entry: &EntryTokens<'_>, dp: &mut Vec<f32>, limit: f32) -> f32 {
    let (n, m) = (query.content.len(), entry.content.len());
    let w = m + 1;
    dp.clear();
    dp.resize((n + 1) * w, 0.0);
    for (j, cell) in dp.iter_mut().enumerate().take(m + 1) {
        *cell = j as f32;
    }
    for i in 1..=n {
        dp[i * w] = i as f32;
        let a = &query.content[i - 1];
        let mut row_min = dp[i * w];
        for j in 1..=m {
            let sub = dp[(i - 1) * w + j - 1] + sub_cost(&query.key.text, a, entry, j - 1);
            let del = dp[(i - 1) * w + j] + 1.0;
            let ins = dp[i * w + j - 1] + 1.0;
            let cell = sub.min(del).min(ins);
            dp[i * w + j] = cell;
            row_min = row_min.min(cell);
        }
        // Every alignment passes through this row, and costs only add up.
        if row_min > limit {
            return row_min;
        }
    }
    dp[n * w + m]
}

pub(super) fn backtrace(query: &Query, entry: &EntryTokens<'_>, dp: &[f32]) -> Vec<Step> {
    let (mut i, mut j) = (query.content.len(), entry.content.len());
    let w = entry.content.len() + 1;
    let mut steps = Vec::new();
    while i > 0 || j > 0 {
        let here = dp[i * w + j];
        if i > 0 && j > 0 {
            let cost = sub_cost(&query.key.text, &query.content[i - 1], entry, j - 1);
            if (dp[(i - 1) * w + j - 1] + cost - here).abs() < 1e-4 {
                let a = &query.content[i - 1];
                let b = &entry.content[j - 1];
                steps.push(if cost == 1.0 {
                    Step::Replace(i - 1, j - 1)
                } else if cost > 0.0 {
                    Step::Clitic(i - 1, j - 1)
                } else if matches!(a.kind, TokKind::Compound(_)) {
                    // One shape: the same text, or other numbers.
                    if a.hash == b.hash && slice(&query.key.text, a.range) == slice(entry.key, b.range) {
                        Step::Same(i - 1, j - 1)
                    } else {
                        Step::Placeable(i - 1, j - 1)
                    }
                } else if a.kind == b.kind || matches!((a.kind, b.kind), (TokKind::Word, TokKind::Word)) {
                    Step::Same(i - 1, j - 1)
                } else {
                    Step::Placeable(i - 1, j - 1)
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if j > 0 && (i == 0 || (dp[i * w + j - 1] + 1.0 - here).abs() < 1e-4) {
            steps.push(Step::Delete(j - 1));
            j -= 1;
        } else {
            steps.push(Step::Insert(i - 1));
            i -= 1;
        }
    }
    steps.reverse();
    steps
}

fn punct_distance(query: &Query, punct: &[(u32, u32)], ck: &str) -> u32 {
    let a: Vec<&str> = query.punct.iter().map(|&r| slice(&query.key.text, r)).collect();
    let b: Vec<&str> = punct.iter().map(|&r| slice(ck, r)).collect();
    let mut prev: Vec<u32> = (0..=b.len() as u32).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i as u32 + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + u32::from(x != y)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The score of an entry without inline codes (its source and target) against a
/// segment, 0–100, and the repairs of its target that the score counts on.
pub fn score(query: &Query, source: &str, target: &str, glossary: Option<&Glossary>, s: &mut Scratch) -> Scoring {
    score_from(query, source, target, Codes::default(), glossary, 0, s)
}

/// [`score`] for a caller with no use for a score below `floor`: such a score may
/// come back as 0, found sooner (the edit distance stops once it is out of reach,
/// and an entry that the punctuation and the codes keep below is not looked for
/// in the target); a score at or above it comes back in full.
///
/// `source` is the entry's source without its inline codes, `codes` how many each
/// side has.
pub fn score_from(
    query: &Query,
    source: &str,
    target: &str,
    codes: Codes,
    glossary: Option<&Glossary>,
    floor: u8,
    s: &mut Scratch,
) -> Scoring {
    normalize::key_into(source, &mut s.key);
    if s.key == query.key.text {
        let score = if query.key.text.is_empty() { 0 } else { 100 - codes.penalty() as u8 };
        return Scoring { score, fine: f32::from(score), repairs: Vec::new() };
    }
    tokenize::tokens_into(&s.key, &mut s.tokens);
    analyse(&s.key, &s.tokens, glossary, &mut s.content, &mut s.punct);
    let placeable = |t: &Tok| !matches!(t.kind, TokKind::Word);
    // A number, name or date the entry's source has twice has no one place in the
    // target that is its own: it cannot be replaced (only kept).
    let mut fixed: Vec<bool> = (0..s.content.len())
        .map(|j| {
            placeable(&s.content[j]) && s.content.iter().enumerate().any(|(k, t)| k != j && t.kind == s.content[j].kind)
        })
        .collect();
    let may_replace = query.content.iter().any(placeable) && s.content.iter().any(placeable);
    let mut repairs = Vec::new();
    let n = query.content.len().max(s.content.len());
    let limit = (1.0 - f32::from(floor.min(100)) / 100.0) * n as f32 + 1e-3;
    let out_of_reach = Scoring { score: 0, fine: 0.0, repairs: Vec::new() };
    // The score of distance `d` before its penalties, and rounded down.
    let unrounded = |d: f32| 100.0 * (1.0 - d / n as f32);
    let points = |d: f32| unrounded(d).floor().max(0.0) as u32;
    let mut d = distance(query, &EntryTokens { key: &s.key, content: &s.content, fixed: &fixed }, &mut s.dp, limit);
    if d > limit {
        return out_of_reach;
    }
    // The penalties for punctuation and codes are known before the repairs,
    // which can only add to the distance and the penalties: an entry they keep
    // below the floor is not looked for in the target.
    let punct = punct_distance(query, &s.punct, &s.key).min(MAX_PUNCT_PENALTY);
    let best = if n == 0 { 0 } else { points(d) };
    if best.saturating_sub(punct + codes.penalty()).min(99) < u32::from(floor) {
        return out_of_reach;
    }
    if may_replace {
        // The cheapest alignment may count on replacing numbers or names: it may if
        // the target has each of them exactly once; otherwise they cost in full.
        let numbers = TargetNumbers::new();
        loop {
            let entry = EntryTokens { key: &s.key, content: &s.content, fixed: &fixed };
            let steps = backtrace(query, &entry, &s.dp);
            repairs.clear();
            let mut placed: Vec<usize> = Vec::new();
            let mut refixed = false;
            for step in steps {
                let Step::Placeable(i, j) = step else { continue };
                if let TokKind::Compound(_) = s.content[j].kind {
                    // Each number of the compound that the segment's has otherwise.
                    let segment = slice(&query.key.text, query.content[i].range);
                    match compound_repairs(slice(&s.key, s.content[j].range), segment, target, &numbers) {
                        Some(made) => {
                            placed.extend(made.iter().map(|_| j));
                            repairs.extend(made);
                        }
                        None => {
                            fixed[j] = true;
                            refixed = true;
                        }
                    }
                    continue;
                }
                match target_place(&s.content[j], target, &numbers, glossary) {
                    Some((range, from)) => {
                        let q = &query.content[i];
                        let repair = match q.kind {
                            TokKind::Number(_) => match number_repair(target, range, slice(&query.key.text, q.range)) {
                                Some((range, from, to)) => Repair { kind: RepairKind::Number, from, to, range },
                                // Not to be written so that it reads as the segment's.
                                None => {
                                    fixed[j] = true;
                                    refixed = true;
                                    continue;
                                }
                            },
                            TokKind::Name(term) => Repair {
                                kind: RepairKind::Term,
                                from,
                                to: glossary.map(|g| g.terms()[term].rendering.clone()).unwrap_or_default(),
                                range,
                            },
                            TokKind::Date(date) => {
                                Repair { kind: RepairKind::Date, from, to: date.english().to_string(), range }
                            }
                            TokKind::Word | TokKind::Compound(_) => continue,
                        };
                        repairs.push(repair);
                        placed.push(j);
                    }
                    None => {
                        fixed[j] = true;
                        refixed = true;
                    }
                }
            }
            // Two repairs in one place of the target (two names whose renderings
            // overlap, a number inside a name): which one the place is for is not
            // known, so neither is made, and both cost in full.
            for a in 0..repairs.len() {
                for b in a + 1..repairs.len() {
                    let (x, y) = (&repairs[a].range, &repairs[b].range);
                    if x.start < y.end && y.start < x.end || x == y {
                        fixed[placed[a]] = true;
                        fixed[placed[b]] = true;
                        refixed = true;
                    }
                }
            }
            if !refixed {
                break;
            }
            d = distance(query, &EntryTokens { key: &s.key, content: &s.content, fixed: &fixed }, &mut s.dp, limit);
            if d > limit {
                return out_of_reach;
            }
        }
    }
    if n == 0 {
        return Scoring { score: 0, fine: 0.0, repairs };
    }
    let base = points(d);
    let placeables = PLACEABLE_PENALTY * repairs.len() as u32;
    let off = punct + placeables + codes.penalty();
    let score = base.saturating_sub(off).min(99) as u8;
    let fine = (unrounded(d) - off as f32).max(0.0);
    Scoring { score, fine, repairs }
}

/// The score as shown: [`score`] less [`ALIGNED_PENALTY`] for aligned entries.
pub fn penalize(score: u8, origin: &str) -> u8 {
    if origin == crate::entry::ORIGIN_ALIGNED { score.saturating_sub(ALIGNED_PENALTY) } else { score }
}

/// Points a match loses when its entry is outside the collection preferred (the
/// current project's, as CAT tools prefer the project memory over reference
/// ones): enough to rank the project's own translation first among equals.
pub const OTHER_COLLECTION_PENALTY: u8 = 1;

/// The score less [`OTHER_COLLECTION_PENALTY`] for an entry whose collection is
/// not the one `preferred` (no preference: no penalty).
pub fn prefer(score: u8, collection: Option<&str>, preferred: Option<&str>) -> u8 {
    match preferred {
        Some(p) if collection != Some(p) => score.saturating_sub(OTHER_COLLECTION_PENALTY),
        _ => score,
    }
}

/// Character-level similarity of the two keys, 0–1: breaks ties between entries
/// whose scores are equal before rounding too (it costs a character-level edit
/// distance: only for those).
pub fn tie_break(query: &Query, entry_source: &str) -> f64 {
    let a: Vec<char> = query.key.text.chars().collect();
    let b: Vec<char> = normalize::key(entry_source).chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    // What the two share at both ends costs nothing: the distance is that of the
    // middles (near-duplicates differ in a few places).
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..].iter().rev().zip(b[head..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (a, b) = (a[head..a.len() - tail].to_vec(), b[head..b.len() - tail].to_vec());
    1.0 - strsim::generic_levenshtein(&a, &b) as f64 / longest as f64
}
