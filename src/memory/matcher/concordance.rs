//! Concordance search: whether a text holds the words of a query one after the
//! other, and under which index stems the entries that may hold them are filed.
//!
//! A [`Phrase`] is the query, prepared once; [`Phrase::found_in`] checks one text
//! and [`Phrase::index_groups`] tells the search which posting lists hold every
//! entry that can match, so that it reads those entries and no others. What
//! matches what (punctuation is ignored, words must follow each other):
//!
//! - words, on the source side: the same word in any spelling (the matching key),
//!   with or without proclitics on either side (the same [`tokenize::stem`]), and
//!   the query word with any proclitic chain in front ([`tokenize::has_proclitics`]:
//!   `خط` finds `وبخط`, which the stem keeps whole);
//! - words, on the target side: the same English Snowball stem
//!   ([`tokenize::target_stem`]: `strike` finds `strikes`);
//! - numbers: the same value in any digits and grouping (`2,000`, `٢٠٠٠`);
//! - glossary names (source side): a name of the query finds every spelling of
//!   its term (`كازمونايجاز` finds `كازموناينجاز`), and its own words;
//! - [`Exact`](How::Exact): the words as written (Unicode NFC, nothing else).

use std::cell::RefCell;
use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::super::index::target_stem;
use super::super::search::Side;
use crate::glossary::Glossary;
use crate::normalize::{self, canonical_number};
use crate::tokenize::{self, Kind, Token};

/// How the words of a query are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// As a user means them: any spelling, proclitics, stems, glossary spellings.
    Words,
    /// As written: only Unicode NFC is applied to both texts.
    Exact,
}

/// One thing of the query to find in a text.
#[derive(Clone, Debug)]
enum Item {
    /// A word (key form, or NFC form for [`How::Exact`]) and its stem.
    Word { text: String, stem: String },
    /// A number, by its canonical form ([`canonical_number`]; as written for
    /// [`How::Exact`]).
    Number(String),
    /// A glossary name: any spelling of term `term`, or the query's words.
    Name { term: usize, words: Vec<Item> },
}

/// A concordance query, prepared once for many texts.
#[derive(Clone, Debug)]
pub struct Phrase {
    side: Side,
    how: How,
    items: Vec<Item>,
    /// Groups of [`Phrase::index_groups`], computed once.
    groups: Vec<Option<Vec<Vec<String>>>>,
    /// The target words' stems made so far: the texts checked use the same words
    /// many times, and a Snowball stem costs several look-ups.
    target_stems: RefCell<HashMap<String, String>>,
}

impl Phrase {
    /// The query `text` for one side of the entries. `glossary`, for a search of
    /// the sources by [`How::Words`], makes its names find their every spelling.
    pub fn new(text: &str, side: Side, how: How, glossary: Option<&Glossary>) -> Phrase {
        let glossary = glossary.filter(|_| side == Side::Source && how == How::Words);
        let items = match how {
            How::Exact => {
                let nfc: String = text.nfc().collect();
                let tokens = tokenize::tokens(&nfc);
                tokens
                    .iter()
                    .filter_map(|t| match t.kind {
                        Kind::Punct => None,
                        Kind::Number => Some(Item::Number(t.text(&nfc).to_string())),
                        Kind::Word => {
                            let word = t.text(&nfc).to_string();
                            Some(Item::Word { stem: word.clone(), text: word })
                        }
                    })
                    .collect()
            }
            How::Words => {
                let key = normalize::key(text);
                let tokens = tokenize::tokens(&key);
                let hits = glossary.map(|g| g.find_in_tokens(&key, &tokens)).unwrap_or_default();
                let mut items = Vec::new();
                let mut i = 0;
                while i < tokens.len() {
                    if let Some(h) = hits.iter().find(|h| h.tokens.start == i) {
                        let words = tokens[h.tokens.clone()].iter().filter_map(|t| word_item(&key, t, side)).collect();
                        items.push(Item::Name { term: h.term, words });
                        i = h.tokens.end;
                        continue;
                    }
                    items.extend(word_item(&key, &tokens[i], side));
                    i += 1;
                }
                items
            }
        };
        let groups = items.iter().map(|item| item_groups(item, side, how, glossary)).collect();
        Phrase { side, how, items, groups, target_stems: RefCell::default() }
    }

    /// Whether the query has something the index can find: a word or a name.
    pub fn is_matchable(&self) -> bool {
        self.groups.iter().any(Option::is_some)
    }

    /// For each thing of the query, the index stems that tell the entries that may
    /// hold it, as alternatives (`None` for a number, which the index does not
    /// file): an entry that holds it is filed under every stem of at least one
    /// group. Target stems are in the index's target namespace.
    pub fn index_groups(&self) -> &[Option<Vec<Vec<String>>>] {
        &self.groups
    }

    /// Whether `text` (an entry's source or target, plain) holds the query.
    pub fn found_in(&self, text: &str, glossary: Option<&Glossary>) -> bool {
        if self.items.is_empty() {
            return false;
        }
        let glossary = glossary.filter(|_| self.items.iter().any(|i| matches!(i, Item::Name { .. })));
        let (text, tokens) = match self.how {
            How::Exact => {
                let nfc: String = text.nfc().collect();
                let tokens = tokenize::tokens(&nfc);
                (nfc, tokens)
            }
            How::Words => {
                let key = normalize::key(text);
                let tokens = tokenize::tokens(&key);
                (key, tokens)
            }
        };
        // Positions among the words and numbers, punctuation left out.
        let mut content = Vec::with_capacity(tokens.len());
        let mut at = Vec::with_capacity(tokens.len() + 1);
        for t in &tokens {
            at.push(content.len());
            if t.kind != Kind::Punct {
                content.push(*t);
            }
        }
        at.push(content.len());
        let mut names = HashMap::new();
        if let Some(g) = glossary {
            for h in g.find_in_tokens(&text, &tokens) {
                names.insert(at[h.tokens.start], (h.term, at[h.tokens.end]));
            }
        }
        let text = Text { text: &text, content, names };
        (0..text.content.len()).any(|start| self.matches_at(&self.items, &text, start))
    }

    fn matches_at(&self, items: &[Item], text: &Text, pos: usize) -> bool {
        let Some((first, rest)) = items.split_first() else { return true };
        match first {
            Item::Name { term, words } => {
                text.names.get(&pos).is_some_and(|&(t, end)| t == *term && self.matches_at(rest, text, end))
                    || (self.matches_at(words, text, pos) && self.matches_at(rest, text, pos + words.len()))
            }
            item => text.content.get(pos).is_some_and(|t| {
                self.item_matches(item, t.kind, t.text(text.text)) && self.matches_at(rest, text, pos + 1)
            }),
        }
    }

    fn item_matches(&self, item: &Item, kind: Kind, word: &str) -> bool {
        match (item, kind, self.how) {
            (Item::Number(n), Kind::Number, How::Words) => canonical_number(word) == *n,
            (Item::Number(n), Kind::Number, How::Exact) | (Item::Word { text: n, .. }, Kind::Word, How::Exact) => {
                word == n
            }
            (Item::Word { text, stem }, Kind::Word, How::Words) => match self.side {
                Side::Target => {
                    let mut stems = self.target_stems.borrow_mut();
                    if let Some(known) = stems.get(word) {
                        return known == stem;
                    }
                    let made = tokenize::target_stem(word).into_owned();
                    let same = made == *stem;
                    stems.insert(word.to_string(), made);
                    same
                }
                Side::Source => {
                    word == text
                        || tokenize::stem(word) == stem
                        || tokenize::has_proclitics(word, text)
                        || tokenize::has_proclitics(word, stem)
                }
            },
            _ => false,
        }
    }
}

/// A text prepared for [`Phrase::matches_at`]: its words and numbers, and the
/// glossary names starting at each (term, end).
struct Text<'t> {
    text: &'t str,
    content: Vec<Token>,
    names: HashMap<usize, (usize, usize)>,
}

fn word_item(key: &str, t: &Token, side: Side) -> Option<Item> {
    let text = t.text(key);
    match t.kind {
        Kind::Punct => None,
        Kind::Number => Some(Item::Number(canonical_number(text))),
        Kind::Word => {
            let stem = match side {
                Side::Source => tokenize::stem(text).to_string(),
                Side::Target => tokenize::target_stem(text).into_owned(),
            };
            Some(Item::Word { text: text.to_string(), stem })
        }
    }
}

/// The index stems under which a word (key form) with any proclitics is filed:
/// its stem, and the stems of the word and of its stem with each proclitic chain
/// in front.
fn word_stems(word: &str, side: Side) -> Vec<String> {
    if side == Side::Target {
        return vec![target_stem(&tokenize::target_stem(word))];
    }
    let stem = tokenize::stem(word);
    let mut out = vec![stem.to_string()];
    if word.starts_with(tokenize::is_arabic) {
        for base in [word, stem] {
            for chain in tokenize::PROCLITIC_CHAINS {
                let with = format!("{chain}{base}");
                let s = tokenize::stem(&with);
                if !out.iter().any(|o| o == s) {
                    out.push(s.to_string());
                }
            }
        }
    }
    out
}

fn item_groups(item: &Item, side: Side, how: How, glossary: Option<&Glossary>) -> Option<Vec<Vec<String>>> {
    match item {
        Item::Number(_) => None,
        Item::Word { text, .. } => {
            // A word as written is the same word in its key form: filed as that is.
            let key = match how {
                How::Words => text.clone(),
                How::Exact => normalize::key(text),
            };
            let tokens = tokenize::tokens(&key);
            let first = tokens.iter().find(|t| t.kind == Kind::Word)?;
            Some(word_stems(first.text(&key), side).into_iter().map(|s| vec![s]).collect())
        }
        Item::Name { term, words } => {
            let mut groups: Vec<Vec<String>> = Vec::new();
            let g = glossary?;
            let t = g.terms().get(*term)?;
            // A spelling found in a text is its words, the first perhaps with
            // proclitics, which leave its stem as it is (the glossary takes them
            // off by the stem's own steps).
            for spelling in t.variants.iter().chain(std::iter::once(&t.rendering)) {
                let key = normalize::key(spelling);
                let group: Vec<String> = tokenize::tokens(&key)
                    .iter()
                    .filter(|t| t.kind == Kind::Word)
                    .map(|t| tokenize::stem(t.text(&key)).to_string())
                    .collect();
                if !group.is_empty() && !groups.contains(&group) {
                    groups.push(group);
                }
            }
            // The query's own words: any entry holding them holds the first.
            if let Some(first) = words.first().and_then(|w| item_groups(w, side, how, None)) {
                groups.extend(first);
            }
            Some(groups)
        }
    }
}
