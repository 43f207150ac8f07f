//! The glossary: one approved English rendering per proper name, found in Arabic
//! text whatever the spelling variant and with proclitics attached.
//!
//! A [`Term`] lists the source spellings of a name (Arabic variants such as
//! `كازمونايجاز` / `كازموناينجاز`, and Latin ones as they appear inside Arabic text,
//! such as `Uzenmunaigas`) and the one rendering a translation must use
//! (`KazMunayGas`). Lookup compares matching keys ([`crate::normalize`]), so
//! diacritics, tatweel, hamza and alef forms, and letter case do not matter; a name
//! is found with `و ف ب ك ل ال` in front (`وبكازاخستان`, `لنازاربايف`), and the
//! longest variant wins (`نور سلطان نازاربايف` before `نازاربايف`). Reading and
//! writing glossary files is [`crate::formats::glossary`]; storing terms is the
//! memory's.

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::normalize;
use crate::tokenize::{self, Kind, Token};

/// A name and its one approved rendering.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub rendering: String,
    /// Source spellings; the rendering itself is always looked up too.
    pub variants: Vec<String>,
    pub note: Option<String>,
    /// The glossary file it came from, or `sample` for the shipped glossary.
    pub origin: String,
    /// English spellings a translation must not use for it (`Kazmunaigaz`): `tm
    /// check` reports them, with the rendering as the fix.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden: Vec<String>,
}

/// A term found in a segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TermHit {
    /// The name as written in the segment, without attached proclitics.
    pub source: String,
    /// Byte range of `source` in the segment.
    #[serde(skip)]
    pub range: Range<usize>,
    pub rendering: String,
    /// Index of the term in the glossary.
    #[serde(skip)]
    pub term: usize,
}

/// A variant as a sequence of token keys.
#[derive(Debug)]
struct SpelledVariant {
    term: usize,
    tokens: Vec<String>,
}

/// Terms compiled for lookup.
#[derive(Debug, Default)]
pub struct Glossary {
    terms: Vec<Term>,
    /// Variants by their first token's key.
    by_first: HashMap<String, Vec<SpelledVariant>>,
    /// Renderings (as token keys) by their first token's key.
    renderings: HashMap<String, Vec<SpelledVariant>>,
}

/// A word without a possessive ending (`kazakhstan's`, `nazarbayevs'`).
fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s").or_else(|| word.strip_suffix('\'')).unwrap_or(word)
}

/// Whether `word` (a key) is `rendering` (a key) in English inflection: itself, its
/// possessive, its plural in `-s` or `-es` (`Kazakhs`, `Kazakhs'`). (A plural in
/// `-ies` is not read: names almost never take it, and a repair would have to
/// rewrite the ending.)
fn inflects(word: &str, rendering: &str) -> bool {
    uninflected(word).any(|form| form == rendering)
}

/// The part of an inflected word (a key) that the bare word is, for lookup by its
/// first token: the word, then without the possessive, then without a plural ending.
fn uninflected(word: &str) -> impl Iterator<Item = &str> {
    let bare = strip_possessive(word);
    let stem = bare.strip_suffix('s');
    [Some(word), (bare != word).then_some(bare), stem, stem.and_then(|s| s.strip_suffix('e'))].into_iter().flatten()
}

/// Whether `tokens` begin with the words `wanted` (keys), the last one perhaps in
/// the possessive or the plural: the end (in key bytes) of the words without the
/// ending.
fn occurrence(key: &str, tokens: &[Token], wanted: &[String]) -> Option<usize> {
    let (last, words) = wanted.split_last()?;
    let window = tokens.get(..wanted.len())?;
    let same = window.iter().zip(words).all(|(t, w)| t.text(key) == w);
    let end = window[words.len()];
    let text = end.text(key);
    (same && inflects(text, last)).then(|| end.start as usize + last.len())
}

fn token_keys(text: &str) -> Vec<String> {
    let key = normalize::key(text);
    tokenize::tokens(&key).iter().map(|t| t.text(&key).to_string()).collect()
}

impl Glossary {
    pub fn new(terms: Vec<Term>) -> Glossary {
        let mut by_first: HashMap<String, Vec<SpelledVariant>> = HashMap::new();
        for (i, term) in terms.iter().enumerate() {
            let mut seen: Vec<Vec<String>> = Vec::new();
            for spelling in term.variants.iter().chain(std::iter::once(&term.rendering)) {
                let tokens = token_keys(spelling);
                if tokens.is_empty() || seen.contains(&tokens) {
                    continue;
                }
                seen.push(tokens.clone());
                by_first.entry(tokens[0].clone()).or_default().push(SpelledVariant { term: i, tokens });
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|v| std::cmp::Reverse(v.tokens.len()));
        }
        let mut renderings: HashMap<String, Vec<SpelledVariant>> = HashMap::new();
        for (i, term) in terms.iter().enumerate() {
            let tokens = token_keys(&term.rendering);
            if let Some(first) = tokens.first() {
                renderings.entry(first.clone()).or_default().push(SpelledVariant { term: i, tokens });
            }
        }
        Glossary { terms, by_first, renderings }
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The most words a spelling of a term has (0 for an empty glossary).
    pub fn max_words(&self) -> usize {
        self.by_first.values().flatten().map(|v| v.tokens.len()).max().unwrap_or(0)
    }

    /// The stems (as the index files words, [`tokenize::stem`]) under which an
    /// entry is filed if it may hold a spelling that the score takes as one token
    /// for several of the index's: the first word of every spelling of several
    /// tokens, and a spelling of one word that may begin a month or weekday name
    /// (it may take a two-word month's first word).
    pub fn merging_stems(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for variant in self.by_first.values().flatten() {
            let first = tokenize::stem(&variant.tokens[0]);
            let merges =
                variant.tokens.len() > 1 || crate::calendar::may_begin(crate::hash::fnv1a(first.as_bytes()) as u64);
            if merges && !out.iter().any(|s| s == first) {
                out.push(first.to_string());
            }
        }
        out.sort();
        out
    }

    /// The terms in `segment`, left to right, longest first, not overlapping.
    pub fn find(&self, segment: &str) -> Vec<TermHit> {
        let key = normalize::key_with_map(segment);
        let tokens = tokenize::tokens(&key.text);
        self.find_in_tokens(&key.text, &tokens)
            .into_iter()
            .map(|t| {
                let start = tokens[t.tokens.start].start as usize + t.clitic;
                let end = tokens[t.tokens.end - 1].end as usize;
                let range = key.original(start, end);
                TermHit {
                    source: segment[range.clone()].to_string(),
                    range,
                    rendering: self.terms[t.term].rendering.clone(),
                    term: t.term,
                }
            })
            .collect()
    }

    /// The terms in a key already tokenized (what [`find`](Self::find) and the
    /// matcher share).
    pub fn find_in_tokens(&self, key: &str, tokens: &[Token]) -> Vec<TokenHit> {
        let mut hits = Vec::new();
        if self.by_first.is_empty() {
            return hits;
        }
        let mut i = 0;
        while i < tokens.len() {
            let mut best: Option<(usize, usize, usize)> = None; // (tokens used, term, clitic bytes)
            if tokens[i].kind != Kind::Punct {
                let word = tokens[i].text(key);
                for form in tokenize::clitic_forms(word) {
                    let Some(list) = self.by_first.get(form) else {
                        continue;
                    };
                    for v in list {
                        let len = v.tokens.len();
                        let fits = i + len <= tokens.len()
                            && v.tokens[1..].iter().zip(&tokens[i + 1..i + len]).all(|(a, t)| a == t.text(key));
                        if fits && best.is_none_or(|(n, _, _)| len > n) {
                            best = Some((len, v.term, word.len() - form.len()));
                        }
                    }
                }
            }
            match best {
                Some((len, term, clitic)) => {
                    hits.push(TokenHit { tokens: i..i + len, term, clitic });
                    i += len;
                }
                None => i += 1,
            }
        }
        hits
    }

    /// Where a forbidden spelling of term `term` occurs in `text` (whole words,
    /// case aside), as byte ranges.
    pub fn find_forbidden(&self, term: usize, text: &str) -> Vec<Range<usize>> {
        let Some(t) = self.terms.get(term) else { return Vec::new() };
        if t.forbidden.is_empty() {
            return Vec::new();
        }
        let key = normalize::key_with_map(text);
        let tokens = tokenize::tokens(&key.text);
        let mut out = Vec::new();
        for spelling in &t.forbidden {
            let wanted = token_keys(spelling);
            if wanted.is_empty() {
                continue;
            }
            for (i, window) in tokens.windows(wanted.len()).enumerate() {
                if window.iter().zip(&wanted).all(|(t, w)| t.text(&key.text) == w) {
                    out.push(key.original(tokens[i].start as usize, tokens[i + wanted.len() - 1].end as usize));
                }
            }
        }
        out.sort_by_key(|r| r.start);
        out
    }

    /// Every rendering of the glossary that occurs in `text` (an English target):
    /// (term, byte range), left to right, in one pass over the text.
    pub fn renderings_in(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let key = normalize::key_with_map(text);
        let tokens = tokenize::tokens(&key.text);
        let mut out = Vec::new();
        for i in 0..tokens.len() {
            let word = tokens[i].text(&key.text);
            // A one-word rendering may stand in the possessive or the plural.
            let mut forms: Vec<&str> = uninflected(word).collect();
            forms.dedup();
            for v in forms.into_iter().filter_map(|w| self.renderings.get(w)).flatten() {
                if let Some(end) = occurrence(&key.text, &tokens[i..], &v.tokens) {
                    out.push((v.term, key.original(tokens[i].start as usize, end)));
                }
            }
        }
        out
    }

    /// Where term `term`'s rendering occurs in `text` (an English target), as byte
    /// ranges of `text`; case and accents do not matter.
    pub fn find_rendering(&self, term: usize, text: &str) -> Vec<Range<usize>> {
        let Some(t) = self.terms.get(term) else { return Vec::new() };
        let wanted = token_keys(&t.rendering);
        if wanted.is_empty() {
            return Vec::new();
        }
        let key = normalize::key_with_map(text);
        let tokens = tokenize::tokens(&key.text);
        (0..tokens.len())
            .filter_map(|i| {
                occurrence(&key.text, &tokens[i..], &wanted).map(|end| key.original(tokens[i].start as usize, end))
            })
            .collect()
    }
}

/// One source spelling given more than one rendering: the glossary cannot enforce
/// either. Lookup takes the term stored first; a reviewer should settle it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The spelling, as the first term that has it writes it.
    pub spelling: String,
    /// The renderings it is given, each with the origin of its term, first
    /// stored first.
    pub renderings: Vec<(String, String)>,
}

/// The matching key of a spelling (what lookup compares).
pub fn spelling_key(spelling: &str) -> String {
    token_keys(spelling).join(" ")
}

/// The spellings of `terms` given more than one rendering (renderings compared as
/// written, case aside), in the order of their first term.
pub fn conflicts(terms: &[Term]) -> Vec<Conflict> {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Conflict> = Vec::new();
    for term in terms {
        for variant in &term.variants {
            let key = spelling_key(variant);
            if key.is_empty() {
                continue;
            }
            let at = *by_key.entry(key).or_insert_with(|| {
                out.push(Conflict { spelling: variant.clone(), renderings: Vec::new() });
                out.len() - 1
            });
            let renderings = &mut out[at].renderings;
            if !renderings.iter().any(|(r, _)| r.to_lowercase() == term.rendering.to_lowercase()) {
                renderings.push((term.rendering.clone(), term.origin.clone()));
            }
        }
    }
    out.retain(|c| c.renderings.len() > 1);
    out
}

/// A term found among the tokens of a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenHit {
    /// The tokens it covers.
    pub tokens: Range<usize>,
    pub term: usize,
    /// Bytes of proclitics on its first token.
    pub clitic: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(rendering: &str, variants: &[&str]) -> Term {
        Term {
            rendering: rendering.into(),
            variants: variants.iter().map(|v| v.to_string()).collect(),
            note: None,
            origin: "test".into(),
            forbidden: Vec::new(),
        }
    }

    fn glossary() -> Glossary {
        Glossary::new(vec![
            term("KazMunayGas", &["كازمونايجاز", "كازموناينجاز"]),
            term("Tengiz", &["تنغيز"]),
            term("Nursultan Nazarbayev", &["نور سلطان نازاربايف"]),
            term("Nazarbayev", &["نازاربايف"]),
            term("Ozenmunaigas", &["Uzenmunaigas", "أوزن موناي غاز"]),
            term("Caspian Sea", &["بحر قزوين"]),
        ])
    }

    fn found(text: &str) -> Vec<(String, String)> {
        glossary().find(text).into_iter().map(|h| (h.source, h.rendering)).collect()
    }

    #[test]
    fn every_spelling_variant_gives_the_one_rendering() {
        let seed = "تعمل شركة النفط الحكومية كازمونايجاز أكبر حقول النفط، تنغيز، بالاشتراك من قبل كازموناينجاز";
        assert_eq!(
            found(seed),
            vec![
                ("كازمونايجاز".into(), "KazMunayGas".into()),
                ("تنغيز".into(), "Tengiz".into()),
                ("كازموناينجاز".into(), "KazMunayGas".into())
            ]
        );
    }

    #[test]
    fn names_are_found_with_proclitics() {
        assert_eq!(found("ولكازمونايجاز"), vec![("كازمونايجاز".into(), "KazMunayGas".into())]);
        assert_eq!(found("في بحر قزوين"), vec![("بحر قزوين".into(), "Caspian Sea".into())]);
        assert_eq!(found("وبحر قزوين"), vec![("بحر قزوين".into(), "Caspian Sea".into())]);
    }

    #[test]
    fn latin_variants_inside_arabic_are_found_case_insensitively() {
        assert_eq!(found("جلبت UZENMUNAIGAS الإضراب"), vec![("UZENMUNAIGAS".into(), "Ozenmunaigas".into())]);
        assert_eq!(found("حقل Tengiz"), vec![("Tengiz".into(), "Tengiz".into())]);
    }

    #[test]
    fn the_longest_variant_wins() {
        assert_eq!(
            found("من قبل الرئيس نور سلطان نازاربايف وتحقيقات"),
            vec![("نور سلطان نازاربايف".into(), "Nursultan Nazarbayev".into())]
        );
        assert_eq!(found("قال نازاربايف"), vec![("نازاربايف".into(), "Nazarbayev".into())]);
    }

    #[test]
    fn diacritics_and_hamza_forms_do_not_matter() {
        assert_eq!(found("شركة اوزن مونـاي غاز"), vec![("اوزن مونـاي غاز".into(), "Ozenmunaigas".into())]);
        assert_eq!(found("تَنْغِيز"), vec![("تَنْغِيز".into(), "Tengiz".into())]);
    }

    #[test]
    fn renderings_are_found_in_english_targets() {
        let g = glossary();
        let text = "The huge offshore tengiz field; TENGIZ again.";
        let spans: Vec<&str> = g.find_rendering(1, text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(spans, vec!["tengiz", "TENGIZ"]);
        assert_eq!(g.find_rendering(4, "Uzenmunaigas workers").len(), 0, "the rendering, not the variants");
    }

    /// A possessive is the rendering too: a target naming `Kazakhstan's` economy and
    /// then Kazakhstan has the name twice (a repair there would be a guess).
    #[test]
    fn a_possessive_is_an_occurrence_of_the_rendering() {
        let g = Glossary::new(vec![term("Kazakhstan", &["كازاخستان"]), term("Caspian Sea", &["بحر قزوين"])]);
        let text = "Kazakhstan\u{2019}s oil is shipped across the Caspian Sea's ports; Kazakhstan exports it.";
        let spans: Vec<&str> = g.find_rendering(0, text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(spans, vec!["Kazakhstan", "Kazakhstan"]);
        let spans: Vec<&str> = g.find_rendering(1, text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(spans, vec!["Caspian Sea"]);
        assert!(g.find_rendering(0, "Kazakhstani oil").is_empty());
        assert!(g.find_rendering(1, "the Red Sea and the Caspian").is_empty(), "every word of a rendering");
        assert!(g.renderings_in("the Red Sea").is_empty());
        let found: Vec<(usize, &str)> = g.renderings_in(text).into_iter().map(|(t, r)| (t, &text[r])).collect();
        assert_eq!(found, vec![(0, "Kazakhstan"), (1, "Caspian Sea"), (0, "Kazakhstan")]);
    }

    /// A plural is the rendering too (`the Kazakhs`, `the Kazakhs' union`), and
    /// the ending stays out of the span, so that a repair keeps it.
    #[test]
    fn a_plural_is_an_occurrence_of_the_rendering() {
        let g = Glossary::new(vec![term("Kazakh", &["كازاخي"]), term("Tengiz", &["تنغيز"])]);
        let text = "The Kazakhs and the Kazakhs' union; a Kazakh worker; the Tengizes.";
        let spans: Vec<&str> = g.find_rendering(0, text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(spans, vec!["Kazakh", "Kazakh", "Kazakh"]);
        let found: Vec<(usize, &str)> = g.renderings_in(text).into_iter().map(|(t, r)| (t, &text[r])).collect();
        assert_eq!(found, vec![(0, "Kazakh"), (0, "Kazakh"), (0, "Kazakh"), (1, "Tengiz")]);
        assert!(g.find_rendering(0, "Kazakhstan").is_empty(), "a longer word is not a plural");
        assert!(g.find_rendering(0, "Kazakhss").is_empty());
    }

    #[test]
    fn a_spelling_with_two_renderings_is_a_conflict() {
        let terms = vec![
            Term { origin: "iso_3166-1.en-ar.tsv".into(), ..term("Georgia", &["جورجيا"]) },
            Term { origin: "g_ar_en.csv".into(), ..term("Georgia (country)", &["جورجيا", "جيورجيا"]) },
            term("GEORGIA", &["جُورجيا"]),
            term("Tengiz", &["تنغيز"]),
        ];
        let found = conflicts(&terms);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].spelling, "جورجيا");
        let renderings: Vec<&str> = found[0].renderings.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(renderings, vec!["Georgia", "Georgia (country)"]);
    }

    #[test]
    fn a_word_that_merely_contains_a_name_is_not_a_hit() {
        assert!(found("كازمونايجازية").is_empty());
    }
}
