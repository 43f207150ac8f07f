//! The candidate index, as pure data: which terms an entry is filed under, and the
//! byte form of a posting list.
//!
//! An entry is filed under the stems ([`crate::tokenize::stem`]) of the words of its
//! source (for fuzzy matching and source concordance) and, in a separate namespace,
//! of its target (for target concordance). A posting list holds, in increasing entry
//! id order, each entry's id and its source length in words, so the matcher can drop
//! candidates outside the length window before it reads anything else. Numbers and
//! punctuation are not indexed: the matcher treats them as placeables.
//!
//! Blob format: for each posting, the id minus the previous id (the first minus 0)
//! as an unsigned LEB128 varint, then one byte of length (capped at 255).

use crate::normalize;
use crate::tokenize::{self, Kind, Token};

/// Marks target-side terms, which share the term table with source terms.
pub const TARGET_TERM_PREFIX: char = '\u{1}';

/// The terms an entry is filed under and its source length in words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexKey {
    /// Distinct source stems, then distinct target stems with [`TARGET_TERM_PREFIX`].
    pub terms: Vec<String>,
    /// Number of word and number tokens of the source key.
    pub length: u32,
    /// Hash of the source's matching key: equal for sources that match at 100.
    pub key_hash: i64,
}

/// Reusable buffers for [`index_key`].
#[derive(Default)]
pub struct KeyBuffers {
    key: String,
    tokens: Vec<Token>,
}

/// The index key of an entry with the given plain source and target.
pub fn index_key(source: &str, target: &str, buf: &mut KeyBuffers) -> IndexKey {
    let mut out = IndexKey::default();
    normalize::key_into(source, &mut buf.key);
    out.key_hash = fnv1a(buf.key.as_bytes());
    tokenize::tokens_into(&buf.key, &mut buf.tokens);
    for t in &buf.tokens {
        match t.kind {
            Kind::Word => {
                out.length += 1;
                let stem = tokenize::stem(t.text(&buf.key));
                if !out.terms.iter().any(|s| s == stem) {
                    out.terms.push(stem.to_string());
                }
            }
            Kind::Number => out.length += 1,
            Kind::Punct => {}
        }
    }
    let source_terms = out.terms.len();
    normalize::key_into(target, &mut buf.key);
    tokenize::tokens_into(&buf.key, &mut buf.tokens);
    for t in buf.tokens.iter().filter(|t| t.kind == Kind::Word) {
        let term = format!("{TARGET_TERM_PREFIX}{}", tokenize::stem(t.text(&buf.key)));
        if !out.terms[source_terms..].contains(&term) {
            out.terms.push(term);
        }
    }
    out
}

/// The term under which target words are filed.
pub fn target_term(stem: &str) -> String {
    format!("{TARGET_TERM_PREFIX}{stem}")
}

/// 64-bit FNV-1a, as a signed integer for SQLite. Stable across builds and versions.
pub fn fnv1a(bytes: &[u8]) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h as i64
}

/// One posting: an entry id and its source length in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub id: u64,
    pub length: u8,
}

/// Appends postings to a blob; ids must increase.
#[derive(Clone, Debug, Default)]
pub struct PostingWriter {
    pub bytes: Vec<u8>,
    last: u64,
    pub count: u64,
}

impl PostingWriter {
    pub fn push(&mut self, p: Posting) {
        debug_assert!(p.id > self.last || self.count == 0);
        let mut delta = p.id - self.last;
        loop {
            let byte = (delta & 0x7F) as u8;
            delta >>= 7;
            if delta == 0 {
                self.bytes.push(byte);
                break;
            }
            self.bytes.push(byte | 0x80);
        }
        self.bytes.push(p.length);
        self.last = p.id;
        self.count += 1;
    }
}

/// Decodes a blob, calling `f` for each posting. Returns `false` if the blob is
/// corrupt (it stops there).
pub fn decode(blob: &[u8], mut f: impl FnMut(Posting)) -> bool {
    let mut i = 0;
    let mut id = 0u64;
    while i < blob.len() {
        let mut delta = 0u64;
        let mut shift = 0;
        loop {
            let Some(&byte) = blob.get(i) else {
                return false;
            };
            i += 1;
            delta |= u64::from(byte & 0x7F) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                break;
            }
            if shift > 63 {
                return false;
            }
        }
        let Some(&length) = blob.get(i) else {
            return false;
        };
        i += 1;
        id += delta;
        f(Posting { id, length });
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_filed_under_stems_of_both_sides() {
        let key = index_key("والنفط في كازاخستان والنفط 2011.", "Oil in Kazakhstan", &mut KeyBuffers::default());
        assert_eq!(key.length, 5);
        // ك of كازاخستان comes off as if it were the preposition: on both sides alike.
        assert_eq!(key.terms, vec!["نفط", "في", "ازاخستان", "\u{1}oil", "\u{1}in", "\u{1}kazakhstan"]);
    }

    #[test]
    fn sources_that_match_at_100_hash_alike() {
        let mut buf = KeyBuffers::default();
        let a = index_key("إنّ مجالات النفط", "", &mut buf).key_hash;
        let b = index_key("ان مجالات النفـــط", "", &mut buf).key_hash;
        assert_eq!(a, b);
    }

    #[test]
    fn posting_blobs_round_trip() {
        let mut w = PostingWriter::default();
        let postings =
            [Posting { id: 1, length: 3 }, Posting { id: 300, length: 255 }, Posting { id: 1 << 40, length: 0 }];
        postings.iter().for_each(|&p| w.push(p));
        let mut back = Vec::new();
        assert!(decode(&w.bytes, |p| back.push(p)));
        assert_eq!(back, postings);
        assert!(!decode(&w.bytes[..w.bytes.len() - 1], |_| {}));
    }
}
