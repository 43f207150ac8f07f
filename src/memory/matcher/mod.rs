//! The match score, the candidate plan, target repair, the word diff and phrase
//! search: pure functions over text, on segments prepared once as a [`Query`].
//!
//! Both texts become matching keys ([`crate::normalize`]) and tokens
//! ([`crate::tokenize`]); this module splits those tokens into *content* tokens
//! (words, numbers, and glossary names, a name of several words being one token)
//! and punctuation, which each part works on:
//!
//! - `score`: the one score formula ([`score()`]), and the ranking helpers;
//! - `repair`: numbers and names replaced in a match's target ([`fn@repair`]);
//! - `plan`: which posting lists of the index to read ([`fn@plan`]);
//! - `diff`: the word diff shown with a match ([`fn@diff`]);
//! - `concordance`: phrase search ([`Phrase`]);
//! - `context`: context matches, 101 ([`context_score`]).

mod concordance;
mod context;
mod diff;
mod plan;
mod repair;
mod score;

pub use concordance::{How, Phrase};
pub use context::{CONTEXT_SCORE, Neighbours, context_score};
pub use diff::{DiffOp, DiffPiece, diff};
pub use plan::{Plan, Window, plan, upper_bound};
pub use repair::{Repair, RepairKind, glossary_repairs, repair};
pub use score::{
    ALIGNED_PENALTY, CLITIC_COST, CODE_PENALTY, Codes, MAX_CODE_PENALTY, MAX_PUNCT_PENALTY, OTHER_COLLECTION_PENALTY,
    PLACEABLE_PENALTY, Scoring, penalize, prefer, score, score_from, tie_break,
};

use super::unit::{self, UnitKind, unit_at};
use crate::calendar::{self, Date};
use crate::glossary::Glossary;
use crate::normalize::{self, Key};
use crate::tokenize::{self, Kind, Token};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokKind {
    Word,
    /// A number, by its value (FNV-1a of its canonical form).
    Number(i64),
    /// A glossary name, by its term.
    Name(usize),
    /// A month or a weekday ([`crate::calendar`]).
    Date(Date),
    /// A compound ([`super::unit`]), by its shape (FNV-1a): compounds of one shape
    /// differ only in their numbers, placeables.
    Compound(i64),
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

/// Splits tokens into content tokens (names merged, the units of
/// [`super::unit`]: months named in two words or twice, compounds) and punctuation.
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
        // A name that begins inside a unit of several tokens (taken whole) is not one.
        while hit.next_if(|h| h.tokens.start < i).is_some() {}
        let t = &tokens[i];
        if t.kind == Kind::Punct {
            punct.push((t.start, t.end));
            i += 1;
            continue;
        }
        let text = t.text(key);
        let stem = if t.kind == Kind::Word { tokenize::stem(text) } else { text };
        let stem_start = t.end - stem.len() as u32;
        let word = Tok::new(TokKind::Word, key, (t.start, t.end), (stem_start, t.end));
        let (unit, end) = unit_at(key, tokens, i, word.stem_hash);
        // A name is taken whole unless it lies inside a compound.
        if let Some(h) =
            hit.peek().filter(|h| h.tokens.start == i && (unit != UnitKind::Compound || h.tokens.end >= end))
        {
            let start = t.start + h.clitic as u32;
            let end = tokens[h.tokens.end - 1].end;
            content.push(Tok::new(TokKind::Name(h.term), key, (start, end), (start, end)));
            i = h.tokens.end;
            hit.next();
            continue;
        }
        let last = tokens[end - 1].end;
        content.push(match unit {
            UnitKind::Word => word,
            UnitKind::Number => {
                let value = super::index::fnv1a(canonical_number(text).as_bytes());
                Tok::new(TokKind::Number(value), key, (t.start, t.end), (t.start, t.end))
            }
            UnitKind::Date(date, clitic) => {
                let start = t.start + clitic as u32;
                Tok::new(TokKind::Date(date), key, (start, last), (start, last))
            }
            UnitKind::Compound => {
                let shape = super::index::fnv1a(unit::shape(&key[t.start as usize..last as usize]).as_bytes());
                Tok::new(TokKind::Compound(shape), key, (t.start, last), (stem_start, last))
            }
        });
        i = end;
    }
}

/// A segment prepared for matching.
#[derive(Clone, Debug)]
pub struct Query {
    pub key: Key,
    content: Vec<Tok>,
    punct: Vec<(u32, u32)>,
    /// Distinct stems of its words outside glossary names, in order of
    /// appearance, then the class stems of its month and weekday names
    /// ([`calendar::class_stem`]) and numbers ([`super::index::NUMBER_STEM`]),
    /// under which the index files every entry naming one: an entry naming another
    /// month has it too.
    pub stems: Vec<String>,
    /// How many of its content tokens have each stem (same order).
    pub counts: Vec<u32>,
}

impl Query {
    pub fn new(text: &str, glossary: Option<&Glossary>) -> Query {
        let key = normalize::key_with_map(text);
        let tokens = tokenize::tokens(&key.text);
        let (mut content, mut punct) = (Vec::new(), Vec::new());
        analyse(&key.text, &tokens, glossary, &mut content, &mut punct);
        fn add(stems: &mut Vec<String>, counts: &mut Vec<u32>, stem: &str) {
            match stems.iter().position(|s| s == stem) {
                Some(at) => counts[at] += 1,
                None => {
                    stems.push(stem.to_string());
                    counts.push(1);
                }
            }
        }
        let (mut stems, mut counts): (Vec<String>, Vec<u32>) = (Vec::new(), Vec::new());
        for t in content.iter().filter(|t| t.kind == TokKind::Word) {
            add(&mut stems, &mut counts, slice(&key.text, t.stem));
        }
        for t in &content {
            match t.kind {
                TokKind::Date(date) => add(&mut stems, &mut counts, calendar::class_stem(date)),
                TokKind::Number(_) => add(&mut stems, &mut counts, super::index::NUMBER_STEM),
                TokKind::Compound(_) => add(&mut stems, &mut counts, &unit::shape(slice(&key.text, t.range))),
                TokKind::Word | TokKind::Name(_) => {}
            }
        }
        Query { key, content, punct, stems, counts }
    }

    /// Number of content tokens (words, numbers, names).
    pub fn length(&self) -> u32 {
        self.content.len() as u32
    }

    /// The glossary terms the segment names, once each, in order.
    pub fn names(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for t in &self.content {
            if let TokKind::Name(term) = t.kind
                && !out.contains(&term)
            {
                out.push(term);
            }
        }
        out
    }

    /// Whether the segment has anything to match on: a word outside the names.
    pub fn is_matchable(&self) -> bool {
        self.stems.iter().any(|s| s != super::index::NUMBER_STEM)
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

#[cfg(test)]
mod tests;
