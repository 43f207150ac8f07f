//! The match score, the candidate plan, target repair and the word diff: pure
//! functions over text.
//!
//! # The score
//!
//! [`score`] is the one formula. Both texts become matching keys
//! ([`crate::normalize`]) and tokens ([`crate::tokenize`]). Words, numbers and
//! glossary names (a name of several words is one token) are *content* tokens;
//! punctuation is kept apart. Then, like a CAT tool:
//!
//! ```text
//! d     = weighted edit distance between the content-token sequences:
//!         insert or delete 1; substitute 1, but
//!           CLITIC_COST for the same word with other proclitics (النفط / والنفط),
//!           0 for the same number written otherwise (2,000 / 2000 / ٢٠٠٠) or the
//!             same glossary name spelled otherwise (كازمونايجاز / كازموناينجاز),
//!           0 for another number or another glossary name (a *placeable*), when the
//!             entry's target has the old one exactly once, so it can be replaced
//! base  = 100 × (1 − d / max(n_segment, n_entry))          (n = content tokens)
//! score = ⌊base⌋ − min(punctuation edits, MAX_PUNCT_PENALTY) − placeables replaced
//! ```
//!
//! 100 means identical after normalization and nothing else: any other difference
//! gives at most 99. So an entry that differs only in diacritics, tatweel, alef or
//! hamza forms, ya/alef maqsura or the digit system scores 100; one that differs in
//! punctuation alone 97–99; one that differs only in two numbers 98, and its target
//! comes back with the segment's numbers ([`Scored::repairs`], [`repair`]). Entries
//! made by the aligner lose [`ALIGNED_PENALTY`] point ([`penalize`]), so that an
//! entry a person confirmed wins a tie.
//!
//! # The plan
//!
//! Candidates come from the index ([`super::index`]). If an entry scores at least
//! `t = min_score / 100`, its length is within `[t·n, n/t]`, and at most
//! `D = ⌊(1 − t)·n / t⌋` of the segment's distinct word stems (names aside) can be
//! absent from it (each absent stem costs at least 1). So every such entry contains
//! at least one of the `D + 1` rarest stems of the segment (prefix filtering):
//! reading those posting lists finds all of them, which is what [`plan`] computes.
//! Scoring every entry of the memory would give the same matches; [`upper_bound`]
//! lets the caller stop as soon as no unread candidate can enter the top matches.

use std::ops::Range;

use serde::Serialize;

use crate::glossary::Glossary;
use crate::normalize::{self, Key};
use crate::tokenize::{self, Kind, Token};

/// Points taken off the score of an entry made by the aligner, so that an entry a
/// person confirmed wins a tie (as Trados' alignment penalty does).
pub const ALIGNED_PENALTY: u8 = 1;

/// Cost of substituting a word by the same word with other proclitics.
pub const CLITIC_COST: f32 = 0.5;
/// Most points that punctuation differences take off.
pub const MAX_PUNCT_PENALTY: u32 = 3;
/// Points taken off for each number or name replaced in the target.
pub const PLACEABLE_PENALTY: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokKind {
    Word,
    /// A number, by its value (FNV-1a of its canonical form).
    Number(i64),
    /// A glossary name, by its term.
    Name(usize),
}

/// A content token: kind, byte range in the key, and (for words) the stem's range;
/// with hashes of both, so that most comparisons of two tokens compare two numbers.
#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: TokKind,
    range: (u32, u32),
    stem: (u32, u32),
    hash: u64,
    stem_hash: u64,
}

impl Tok {
    fn new(kind: TokKind, key: &str, range: (u32, u32), stem: (u32, u32)) -> Tok {
        let hash = super::index::fnv1a(slice(key, range).as_bytes()) as u64;
        let stem_hash = if stem == range { hash } else { super::index::fnv1a(slice(key, stem).as_bytes()) as u64 };
        Tok { kind, range, stem, hash, stem_hash }
    }
}

fn slice(key: &str, r: (u32, u32)) -> &str {
    &key[r.0 as usize..r.1 as usize]
}

pub use crate::normalize::canonical_number;

/// Splits tokens into content tokens (names merged) and punctuation.
fn analyse(
    key: &str,
    tokens: &[Token],
    glossary: Option<&Glossary>,
    content: &mut Vec<Tok>,
    punct: &mut Vec<(u32, u32)>,
) {
    content.clear();
    punct.clear();
    let hits = glossary.map(|g| g.find_in_tokens(key, tokens)).unwrap_or_default();
    let mut hit = hits.iter().peekable();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(h) = hit.peek().filter(|h| h.tokens.start == i) {
            let start = tokens[i].start + h.clitic as u32;
            let end = tokens[h.tokens.end - 1].end;
            content.push(Tok::new(TokKind::Name(h.term), key, (start, end), (start, end)));
            i = h.tokens.end;
            hit.next();
            continue;
        }
        let t = &tokens[i];
        let text = t.text(key);
        match t.kind {
            Kind::Punct => punct.push((t.start, t.end)),
            Kind::Number => {
                let value = super::index::fnv1a(canonical_number(text).as_bytes());
                content.push(Tok::new(TokKind::Number(value), key, (t.start, t.end), (t.start, t.end)));
            }
            Kind::Word => {
                let stem = tokenize::stem(text);
                let stem_start = t.end - stem.len() as u32;
                content.push(Tok::new(TokKind::Word, key, (t.start, t.end), (stem_start, t.end)));
            }
        }
        i += 1;
    }
}

/// A segment prepared for matching.
#[derive(Clone, Debug)]
pub struct Query {
    pub key: Key,
    content: Vec<Tok>,
    punct: Vec<(u32, u32)>,
    /// Distinct stems of its words outside glossary names, in order of appearance.
    pub stems: Vec<String>,
    /// Words and numbers, names counted word by word (as the index counts).
    index_length: u32,
    /// Words absorbed into names (index length − content length).
    name_words: u32,
}

impl Query {
    pub fn new(text: &str, glossary: Option<&Glossary>) -> Query {
        let key = normalize::key_with_map(text);
        let tokens = tokenize::tokens(&key.text);
        let (mut content, mut punct) = (Vec::new(), Vec::new());
        analyse(&key.text, &tokens, glossary, &mut content, &mut punct);
        let mut stems: Vec<String> = Vec::new();
        for t in content.iter().filter(|t| t.kind == TokKind::Word) {
            let stem = slice(&key.text, t.stem);
            if !stems.iter().any(|s| s == stem) {
                stems.push(stem.to_string());
            }
        }
        let index_length = tokens.iter().filter(|t| t.kind != Kind::Punct).count() as u32;
        let name_words = index_length.saturating_sub(content.len() as u32);
        Query { key, content, punct, stems, index_length, name_words }
    }

    /// Number of content tokens (words, numbers, names).
    pub fn length(&self) -> u32 {
        self.content.len() as u32
    }

    /// Whether the segment has anything to match on: a word outside the names.
    pub fn is_matchable(&self) -> bool {
        !self.stems.is_empty()
    }
}

/// Buffers reused across candidates.
#[derive(Default)]
pub struct Scratch {
    key: String,
    tokens: Vec<Token>,
    content: Vec<Tok>,
    punct: Vec<(u32, u32)>,
    dp: Vec<f32>,
}

/// A number or name of the match replaced in its target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Repair {
    /// `number` or `term`.
    pub kind: &'static str,
    /// What the stored target has…
    pub from: String,
    /// …and what the segment calls for.
    pub to: String,
    /// Where `from` is in the stored target (bytes).
    #[serde(skip)]
    pub range: Range<usize>,
}

/// A score and the repairs it counted on.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    pub score: u8,
    /// The score before rounding down (and before the cap at 99): orders entries
    /// of one score.
    pub fine: f32,
    pub repairs: Vec<Repair>,
}

/// One step of the alignment between segment and entry content tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
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

/// The entry-side view the DP works on.
struct Side<'a> {
    key: &'a str,
    content: &'a [Tok],
    /// Entry tokens that may not be placeables (their target has no single place
    /// for the replacement).
    fixed: &'a [bool],
}

fn sub_cost(qk: &str, a: &Tok, side: &Side<'_>, j: usize) -> f32 {
    let b = &side.content[j];
    match (a.kind, b.kind) {
        (TokKind::Word, TokKind::Word) => {
            // Equal hashes are checked on the text: the score never trusts a hash.
            if a.hash == b.hash && slice(qk, a.range) == slice(side.key, b.range) {
                0.0
            } else if a.stem_hash == b.stem_hash && slice(qk, a.stem) == slice(side.key, b.stem) {
                CLITIC_COST
            } else {
                1.0
            }
        }
        (TokKind::Number(_), TokKind::Number(_)) | (TokKind::Name(_), TokKind::Name(_))
            if (a.kind == b.kind || !side.fixed[j]) =>
        {
            0.0
        }
        _ => 1.0,
    }
}

/// Weighted edit distance between the content tokens; fills `dp` ((n+1)×(m+1)).
/// Stops early, with a result above `limit`, once every alignment costs more.
fn distance(query: &Query, side: &Side<'_>, dp: &mut Vec<f32>, limit: f32) -> f32 {
    let (n, m) = (query.content.len(), side.content.len());
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
            let sub = dp[(i - 1) * w + j - 1] + sub_cost(&query.key.text, a, side, j - 1);
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

fn backtrace(query: &Query, side: &Side<'_>, dp: &[f32]) -> Vec<Step> {
    let (mut i, mut j) = (query.content.len(), side.content.len());
    let w = side.content.len() + 1;
    let mut steps = Vec::new();
    while i > 0 || j > 0 {
        let here = dp[i * w + j];
        if i > 0 && j > 0 {
            let cost = sub_cost(&query.key.text, &query.content[i - 1], side, j - 1);
            if (dp[(i - 1) * w + j - 1] + cost - here).abs() < 1e-4 {
                let a = &query.content[i - 1];
                let b = &side.content[j - 1];
                steps.push(if cost == 1.0 {
                    Step::Replace(i - 1, j - 1)
                } else if cost > 0.0 {
                    Step::Clitic(i - 1, j - 1)
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

/// Writes the number `value` (ASCII digits, `.` decimal point) the way `example`
/// writes numbers: with `,` grouping if it groups thousands.
fn format_like(value: &str, example: &str) -> String {
    let groups = example.contains(',') && !example.contains('.') && canonical_number(example) != example;
    let (int, frac) = value.split_once('.').map_or((value, None), |(i, f)| (i, Some(f)));
    if !groups || int.len() <= 3 {
        return value.to_string();
    }
    let mut out = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Where entry placeable `tok` can be replaced in `target`: the one place its
/// number or name's rendering occurs there, or `None`.
fn target_place(tok: &Tok, target: &str, glossary: Option<&Glossary>) -> Option<(Range<usize>, String)> {
    match tok.kind {
        TokKind::Number(value) => {
            let key = normalize::key_with_map(target);
            let mut found = None;
            for t in tokenize::tokens(&key.text).iter().filter(|t| t.kind == Kind::Number) {
                if super::index::fnv1a(canonical_number(t.text(&key.text)).as_bytes()) == value {
                    if found.is_some() {
                        return None;
                    }
                    let range = key.original(t.start as usize, t.end as usize);
                    found = Some((range.clone(), target[range].to_string()));
                }
            }
            found
        }
        TokKind::Name(term) => {
            let places = glossary?.find_rendering(term, target);
            match places.as_slice() {
                [one] => Some((one.clone(), target[one.clone()].to_string())),
                _ => None,
            }
        }
        TokKind::Word => None,
    }
}

/// The score of an entry (its source and target) against a segment, 0–100, and
/// the repairs of its target that the score counts on.
pub fn score(query: &Query, source: &str, target: &str, glossary: Option<&Glossary>, s: &mut Scratch) -> Scored {
    score_from(query, source, target, glossary, 0, s)
}

/// [`score`] for a caller with no use for a score below `floor`: such a score comes
/// back as 0, found sooner (the edit distance stops once it is out of reach).
pub fn score_from(
    query: &Query,
    source: &str,
    target: &str,
    glossary: Option<&Glossary>,
    floor: u8,
    s: &mut Scratch,
) -> Scored {
    normalize::key_into(source, &mut s.key);
    if s.key == query.key.text {
        let score = if query.key.text.is_empty() { 0 } else { 100 };
        return Scored { score, fine: f32::from(score), repairs: Vec::new() };
    }
    tokenize::tokens_into(&s.key, &mut s.tokens);
    analyse(&s.key, &s.tokens, glossary, &mut s.content, &mut s.punct);
    let mut fixed = vec![false; s.content.len()];
    let placeable = |t: &Tok| !matches!(t.kind, TokKind::Word);
    let may_replace = query.content.iter().any(placeable) && s.content.iter().any(placeable);
    let mut repairs = Vec::new();
    let n = query.content.len().max(s.content.len());
    let limit = (1.0 - f32::from(floor.min(100)) / 100.0) * n as f32 + 1e-3;
    let out_of_reach = Scored { score: 0, fine: 0.0, repairs: Vec::new() };
    let mut d = distance(query, &Side { key: &s.key, content: &s.content, fixed: &fixed }, &mut s.dp, limit);
    if d > limit {
        return out_of_reach;
    }
    if may_replace {
        // The cheapest alignment may count on replacing numbers or names: it may if
        // the target has each of them exactly once; otherwise they cost in full.
        loop {
            let side = Side { key: &s.key, content: &s.content, fixed: &fixed };
            let steps = backtrace(query, &side, &s.dp);
            repairs.clear();
            let mut refixed = false;
            for step in steps {
                let Step::Placeable(i, j) = step else { continue };
                match target_place(&s.content[j], target, glossary) {
                    Some((range, from)) => {
                        let q = &query.content[i];
                        let (kind, to) = match q.kind {
                            TokKind::Number(_) => ("number", format_like(slice(&query.key.text, q.range), &from)),
                            TokKind::Name(term) => {
                                ("term", glossary.map(|g| g.terms()[term].rendering.clone()).unwrap_or_default())
                            }
                            TokKind::Word => continue,
                        };
                        repairs.push(Repair { kind, from, to, range });
                    }
                    None => {
                        fixed[j] = true;
                        refixed = true;
                    }
                }
            }
            if !refixed {
                break;
            }
            d = distance(query, &Side { key: &s.key, content: &s.content, fixed: &fixed }, &mut s.dp, limit);
            if d > limit {
                return out_of_reach;
            }
        }
    }
    if n == 0 {
        return Scored { score: 0, fine: 0.0, repairs };
    }
    let unrounded = 100.0 * (1.0 - d / n as f32);
    let base = unrounded.floor().max(0.0) as u32;
    let punct = punct_distance(query, &s.punct, &s.key).min(MAX_PUNCT_PENALTY);
    let placeables = PLACEABLE_PENALTY * repairs.len() as u32;
    let score = base.saturating_sub(punct + placeables).min(99) as u8;
    let fine = (unrounded - (punct + placeables) as f32).max(0.0);
    Scored { score, fine, repairs }
}

/// The target with the repairs applied.
pub fn repair(target: &str, repairs: &[Repair]) -> String {
    let mut sorted: Vec<&Repair> = repairs.iter().collect();
    sorted.sort_by_key(|r| r.range.start);
    let mut out = String::with_capacity(target.len());
    let mut at = 0;
    for r in sorted {
        if r.range.start < at {
            continue; // overlapping places: keep the first
        }
        out.push_str(&target[at..r.range.start]);
        out.push_str(&r.to);
        at = r.range.end;
    }
    out.push_str(&target[at..]);
    out
}

/// The score as shown: [`score`] less [`ALIGNED_PENALTY`] for aligned entries.
pub fn penalize(score: u8, origin: &str) -> u8 {
    if origin == crate::entry::ORIGIN_ALIGNED { score.saturating_sub(ALIGNED_PENALTY) } else { score }
}

/// Whether the words of `query` occur in `text` one after the other, each with any
/// proclitics (concordance search). Punctuation is ignored.
pub fn contains_phrase(query: &Query, text: &str) -> bool {
    if query.content.is_empty() {
        return false;
    }
    let key = normalize::key(text);
    let tokens = tokenize::tokens(&key);
    let (mut content, mut punct) = (Vec::new(), Vec::new());
    analyse(&key, &tokens, None, &mut content, &mut punct);
    let qk = &query.key.text;
    content
        .windows(query.content.len())
        .any(|w| w.iter().zip(&query.content).all(|(c, q)| slice(&key, c.stem) == slice(qk, q.stem)))
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

/// A piece of a word diff from an entry's source to the segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffPiece {
    /// `equal`: in both; `delete`: only in the entry; `insert`: only in the segment.
    pub op: &'static str,
    pub text: String,
}

/// The word diff from `entry_source` to the segment, in the entry's order, with
/// original spellings (what a translator has to change in the match).
pub fn diff(query: &Query, segment: &str, entry_source: &str, glossary: Option<&Glossary>) -> Vec<DiffPiece> {
    let ck = normalize::key_with_map(entry_source);
    let tokens = tokenize::tokens(&ck.text);
    let (mut content, mut punct) = (Vec::new(), Vec::new());
    analyse(&ck.text, &tokens, glossary, &mut content, &mut punct);
    let fixed = vec![false; content.len()];
    let side = Side { key: &ck.text, content: &content, fixed: &fixed };
    let mut dp = Vec::new();
    distance(query, &side, &mut dp, f32::INFINITY);
    let steps = backtrace(query, &side, &dp);
    let seg_span = |i: usize| {
        let t = &query.content[i];
        &segment[query.key.original(t.range.0 as usize, t.range.1 as usize)]
    };
    let entry_span = |j: usize| ck.original(content[j].range.0 as usize, content[j].range.1 as usize);
    let mut pieces: Vec<DiffPiece> = Vec::new();
    let push = |pieces: &mut Vec<DiffPiece>, op: &'static str, text: &str| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => pieces.push(DiffPiece { op, text: text.to_string() }),
        }
    };
    let mut at = 0; // bytes of entry_source already given out
    // An inserted word needs a space before what follows it, if the entry has none.
    let mut space_owed = false;
    for step in steps {
        let entry_token = match step {
            Step::Same(_, j) | Step::Clitic(_, j) | Step::Placeable(_, j) | Step::Replace(_, j) | Step::Delete(j) => {
                Some(j)
            }
            Step::Insert(_) => None,
        };
        if let Some(j) = entry_token {
            let span = entry_span(j);
            let gap = &entry_source[at..span.start.max(at)];
            if space_owed && !gap.starts_with(char::is_whitespace) {
                push(&mut pieces, "insert", " ");
            }
            space_owed = false;
            push(&mut pieces, "equal", gap);
            at = at.max(span.start);
            match step {
                // Words that match are equal whatever their spelling, and so are
                // numbers of one value in any digit system (they score 100); a
                // name in another spelling is shown changed (it scores 99).
                Step::Same(i, _)
                    if entry_source[span.clone()] == *seg_span(i) || !matches!(content[j].kind, TokKind::Name(_)) =>
                {
                    push(&mut pieces, "equal", &entry_source[span.clone()])
                }
                Step::Same(i, _) | Step::Clitic(i, _) | Step::Placeable(i, _) | Step::Replace(i, _) => {
                    push(&mut pieces, "delete", &entry_source[span.clone()]);
                    push(&mut pieces, "insert", seg_span(i));
                }
                _ => push(&mut pieces, "delete", &entry_source[span.clone()]),
            }
            at = at.max(span.end);
        } else if let Step::Insert(i) = step {
            if pieces.last().is_some_and(|p| !p.text.ends_with(char::is_whitespace)) {
                push(&mut pieces, "insert", " ");
            }
            push(&mut pieces, "insert", seg_span(i));
            space_owed = true;
        }
    }
    push(&mut pieces, "equal", &entry_source[at..]);
    join_changes(pieces)
}

/// Joins changes of one kind separated only by white space: `[-a-] [-b-]` is
/// `[-a b-]`.
fn join_changes(pieces: Vec<DiffPiece>) -> Vec<DiffPiece> {
    let mut out: Vec<DiffPiece> = Vec::with_capacity(pieces.len());
    let mut iter = pieces.into_iter().peekable();
    while let Some(piece) = iter.next() {
        let bridges = piece.op == "equal"
            && piece.text.trim().is_empty()
            && matches!((out.last(), iter.peek()), (Some(a), Some(b)) if a.op != "equal" && a.op == b.op);
        if bridges {
            let next = iter.next().map(|n| n.text).unwrap_or_default();
            if let Some(last) = out.last_mut() {
                last.text.push_str(&piece.text);
                last.text.push_str(&next);
            }
            continue;
        }
        match out.last_mut() {
            Some(last) if last.op == piece.op => last.text.push_str(&piece.text),
            _ => out.push(piece),
        }
    }
    out
}

#[cfg(test)]
mod tests;
