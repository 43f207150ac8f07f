//! The candidate index, as pure data: which stems an entry is filed under, and the
//! byte form of a posting list.
//!
//! An entry is filed under the stems ([`crate::tokenize::stem`]) of the words of its
//! source (for fuzzy matching and source concordance) and, in a separate namespace,
//! under the stems of its target's words ([`crate::tokenize::target_stem`]: English
//! words by their Snowball stem), for target concordance. A posting list holds, in increasing entry
//! id order, each entry's id and its source length in words, so the matcher can drop
//! candidates outside the length window before it reads anything else. Numbers
//! are filed under one stem for all ([`NUMBER_STEM`]), since the matcher treats
//! them as placeables; punctuation is not indexed.
//!
//! Blob format: for each posting, the id minus the previous id (the first minus 0),
//! times two, plus one if the entry has the stem more than once, as an unsigned
//! LEB128 varint; then one byte of length (capped at 255), except in a list of a
//! band that holds one length ([`band_length`]: lengths below 13 words, and the
//! target stems' band), where the band says it; then, if the entry has the stem
//! more than once, one byte of how many times (capped at 255). The count lets the
//! matcher bound an entry by the segment's repeated words (a segment saying
//! الساعة four times is far from an entry saying it once).
//!
//! A list longer than [`PIECE_BYTES`] is kept in pieces, each a blob of its own
//! that begins again from id 0 ([`PostingWriter::pieces`]): a piece fits in a
//! b-tree cell, even of SQLite's 4 KiB pages, where a longer blob spilled into
//! overflow pages that each left part of a page unused (on the 1M benchmark,
//! compacted, 32 MB of the posting table's 137 MB were unused; with pieces, 4 MB
//! of 82 MB).

use std::collections::HashMap;

use super::unit::{self, UnitKind, unit_at};
use crate::calendar;
use crate::entry::Id;
pub use crate::hash::{Fnv1a, fnv1a};
use crate::normalize;
use crate::tokenize::{self, Kind, Token};

/// The version of the rules that file an entry in the index: what [`index_key`]
/// makes of a source and a target (normalization, tokens, stems, the length in
/// words). The index and the entries' lengths are derived data: a memory records
/// the version that made them, and one made by other rules is rebuilt
/// ([`super::Memory::reindex`]) before it is searched, since its postings would
/// miss entries that scoring every entry finds. Raise it with any change to those
/// rules; `the_index_rules_are_those_of_their_version` fails until it is raised.
/// Version 2 files month and weekday names under their class too; version 3 files
/// English target words under their Snowball stem; version 4 counts a month of
/// two words (كانون الثاني) as one in the length, as the score does; in version 5
/// postings carry how many of the entry's words have the stem, and numbers are
/// filed under [`NUMBER_STEM`]; version 6 counts the units of [`super::unit`]
/// (a compound such as `6-24` or `كوفيد-19` once, filed under its shape; a month
/// named twice, `نيسان/أبريل`, once); version 7 keeps postings by length band
/// ([`band`]); version 8 keeps a target stem's postings in one band
/// ([`TARGET_BAND`]), and writes no length in the postings of a band of one length.
pub const RULES_VERSION: u32 = 8;

/// Where the length bands above one length each begin: lengths up to 12 words
/// have a band each, longer ones bands about an eighth wider than the one
/// before, and 255 (255 words or more) a band of its own.
const BAND_STARTS: [u32; 22] =
    [13, 15, 17, 19, 22, 25, 29, 33, 38, 44, 51, 59, 68, 79, 91, 105, 121, 140, 162, 187, 216, 255];

/// The length band of an entry of `length` words (as the index counts them,
/// capped at 255): a stem's postings are kept by band, so that a segment reads
/// only those of the entries its length window takes. At one million entries,
/// an entry's stems are read for segments of about its length only; unbanded,
/// a frequent stem's whole list was read for every segment that had it.
pub fn band(length: u32) -> u8 {
    let length = length.min(255);
    if length < BAND_STARTS[0] {
        return length as u8;
    }
    let above = BAND_STARTS.iter().take_while(|&&start| start <= length).count() as u32;
    (BAND_STARTS[0] - 1 + above) as u8
}

/// The one length of the entries of `band`, for a band that holds one length
/// (those of lengths below 13 words): its postings carry no length byte.
pub fn band_length(band: u8) -> Option<u8> {
    (u32::from(band) < BAND_STARTS[0]).then_some(band)
}

/// The band a target stem's postings are kept in, whatever the entry's length:
/// target stems serve concordance search, which reads every length, so one list
/// a stem is read at once, and its postings carry no length (that of band 0, 0
/// words). At 1M entries, banded target lists were 270,000 rows and 44.7 MB of
/// postings; in one band they are 13,000 stems' lists and 23 MB.
pub const TARGET_BAND: u8 = 0;

/// Most bytes of a posting list's piece (see the module's doc): with its key and
/// record header, a row stays under the 1,002 bytes of a 4 KiB page's b-tree
/// cell that SQLite keeps without overflow.
pub const PIECE_BYTES: usize = 960;

/// The bands that hold every length from `lo` to `hi` (inclusive) and the band
/// of 255, as `(first, last, longest)`: lengths of 255 are "255 or more", which
/// every window above its low end takes.
pub fn bands(lo: u32, hi: u32) -> (u8, u8, u8) {
    let longest = band(255);
    if lo >= 255 {
        return (longest, longest, longest);
    }
    (band(lo), band(hi.clamp(lo, 254)), longest)
}

/// The stem every source number is filed under, once per number: a number is a
/// placeable (another number is as good in the score), so an entry's numbers are
/// counted, not told apart. It makes an entry with the segment's words but not its
/// numbers findable, and bounds one with fewer numbers than the segment.
pub const NUMBER_STEM: &str = "\u{2}number";

/// Marks target-side stems, which share the stem table with source stems.
pub const TARGET_STEM_PREFIX: char = '\u{1}';

/// The stems an entry is filed under and its source length in words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexKey {
    /// The stems' text, one after the other.
    text: String,
    /// Source stems, then target stems with [`TARGET_STEM_PREFIX`], in text order
    /// and with repeats (the store files an entry once per stem): each as its two
    /// hashes ([`stem_hashes`]) and its range in `text`.
    stems: Vec<([u64; 2], u32, u32)>,
    /// Number of word and number tokens of the source key, a month or weekday
    /// name of several words counted once: its length in the score without a
    /// glossary ([`super::matcher::plan`]).
    pub length: u32,
    /// Hash of the source's matching key: equal for sources that match at 100.
    pub key_hash: i64,
}

impl IndexKey {
    /// The stems with their hashes (what the store files postings under).
    pub fn stems(&self) -> impl Iterator<Item = ([u64; 2], &str)> + '_ {
        self.stems.iter().map(|&(hash, start, end)| (hash, &self.text[start as usize..end as usize]))
    }

    /// Adds a stem (`prefix` then `stem`).
    fn push(&mut self, prefix: Option<char>, stem: &str) {
        let start = self.text.len() as u32;
        if let Some(p) = prefix {
            self.text.push(p);
        }
        self.text.push_str(stem);
        let end = self.text.len() as u32;
        self.stems.push((stem_hashes(&self.text.as_bytes()[start as usize..]), start, end));
    }
}

/// Reusable buffers for [`index_key`].
#[derive(Default)]
pub struct KeyBuffers {
    key: String,
    tokens: Vec<Token>,
    /// Target words' stems already made: a Snowball stem costs several times a
    /// look-up, and a memory's targets use few words many times.
    target_stems: HashMap<String, String>,
}

/// Most target words [`KeyBuffers`] keeps the stem of (it starts again after).
const TARGET_STEMS_KEPT: usize = 1 << 16;

/// The index key of an entry with the given plain source and target.
pub fn index_key(source: &str, target: &str, buf: &mut KeyBuffers) -> IndexKey {
    let mut out = IndexKey {
        text: String::with_capacity(source.len() + target.len()),
        stems: Vec::with_capacity(64),
        ..IndexKey::default()
    };
    normalize::key_into(source, &mut buf.key);
    out.key_hash = fnv1a(buf.key.as_bytes());
    tokenize::tokens_into(&buf.key, &mut buf.tokens);
    // The units of the score ([`super::unit`]): each counts once in the length.
    // Every word is filed under its stem (inside a month's name or a compound
    // too: phrase search finds them); a month or weekday name under its class
    // too, a number under NUMBER_STEM, a compound under its shape.
    let (key, tokens) = (&buf.key, &buf.tokens);
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.kind == Kind::Punct {
            i += 1;
            continue;
        }
        let stem = if t.kind == Kind::Word { tokenize::stem(t.text(key)) } else { "" };
        let (unit, end) = unit_at(key, tokens, i, fnv1a(stem.as_bytes()) as u64);
        out.length += 1;
        match unit {
            UnitKind::Number => out.push(None, NUMBER_STEM),
            UnitKind::Date(date, _) => out.push(None, calendar::class_stem(date)),
            UnitKind::Compound => {
                let text = &key[t.start as usize..tokens[end - 1].end as usize];
                out.push(None, &unit::shape(text));
            }
            UnitKind::Word => {}
        }
        for w in tokens[i..end].iter().filter(|w| w.kind == Kind::Word) {
            out.push(None, tokenize::stem(w.text(key)));
        }
        i = end;
    }
    normalize::key_into(target, &mut buf.key);
    tokenize::tokens_into(&buf.key, &mut buf.tokens);
    let KeyBuffers { key, tokens, target_stems } = buf;
    for t in tokens.iter().filter(|t| t.kind == Kind::Word) {
        let word = t.text(key);
        if let Some(stem) = target_stems.get(word) {
            out.push(Some(TARGET_STEM_PREFIX), stem);
            continue;
        }
        if target_stems.len() >= TARGET_STEMS_KEPT {
            target_stems.clear();
        }
        let stem = target_stems.entry(word.to_string()).or_insert_with(|| tokenize::target_stem(word).into_owned());
        out.push(Some(TARGET_STEM_PREFIX), stem);
    }
    out
}

/// The index's name for a target stem ([`crate::tokenize::target_stem`]): the
/// stem in the target namespace.
pub fn target_stem(stem: &str) -> String {
    format!("{TARGET_STEM_PREFIX}{stem}")
}

/// Two independent 64-bit hashes of a stem: FNV-1a, and a multiply-rotate hash
/// over 8-byte words. The import buffer takes two stems with both hashes equal for
/// the same stem without comparing their text: for stems that are not crafted to
/// collide, the odds of a mistake are about one in 2^128 per pair of stems.
pub fn stem_hashes(bytes: &[u8]) -> [u64; 2] {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = bytes.len() as u64;
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    [fnv1a(bytes) as u64, h ^ (h >> 29)]
}

/// A [`std::hash::Hasher`] for keys that are hashes already (stem hashes from
/// [`IndexKey::stems`]): it passes them through.
#[derive(Clone, Copy, Default)]
pub struct HashedHasher(u64);

impl std::hash::Hasher for HashedHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed with it; anything else is folded in FNV-1a style.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`HashedHasher`]s.
pub type HashedBuild = std::hash::BuildHasherDefault<HashedHasher>;

/// One posting: an entry id, its source length in words, and how many of its
/// source's words have the stem (1 for a target stem).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Posting {
    pub id: Id,
    pub length: u8,
    /// Words of the entry with the stem, at most 255.
    pub count: u8,
}

impl Posting {
    /// A posting of an entry that has the stem once.
    pub fn once(id: Id, length: u8) -> Posting {
        Posting { id, length, count: 1 }
    }
}

/// Appends postings to a list of one band, in pieces of at most about
/// [`PIECE_BYTES`]; ids must increase.
#[derive(Clone, Debug)]
pub struct PostingWriter {
    pub bytes: Vec<u8>,
    /// Where each piece but the first begins in `bytes`.
    starts: Vec<usize>,
    /// The band's one length ([`band_length`]): no length byte is written.
    fixed: Option<u8>,
    last: Id,
    /// The id before the last (0 where the last begins a piece), and where the
    /// last posting's bytes begin.
    previous: Id,
    last_at: usize,
    last_posting: Option<Posting>,
    pub count: u64,
}

impl PostingWriter {
    /// An empty list of `band`.
    pub fn new(band: u8) -> PostingWriter {
        PostingWriter {
            bytes: Vec::new(),
            starts: Vec::new(),
            fixed: band_length(band),
            last: Id::new(0),
            previous: Id::new(0),
            last_at: 0,
            last_posting: None,
            count: 0,
        }
    }

    /// The id of the last posting (0 for none).
    pub fn last(&self) -> Id {
        self.last
    }

    pub fn push(&mut self, p: Posting) {
        debug_assert!(p.id > self.last || self.count == 0);
        debug_assert!(self.fixed.is_none_or(|l| l == p.length));
        let piece_start = self.starts.last().copied().unwrap_or(0);
        if self.bytes.len() - piece_start >= PIECE_BYTES {
            self.starts.push(self.bytes.len());
            self.previous = Id::new(0);
        } else {
            self.previous = self.last;
        }
        self.last_at = self.bytes.len();
        self.encode(p);
        self.last = p.id;
        self.last_posting = Some(p);
        self.count += 1;
    }

    /// Counts the stem once more in the last posting's entry.
    pub fn count_again(&mut self) {
        let Some(mut p) = self.last_posting else { return };
        p.count = p.count.saturating_add(1);
        self.bytes.truncate(self.last_at);
        self.encode(p);
        self.last_posting = Some(p);
    }

    /// The list's pieces, each a blob that [`decode`] reads alone.
    pub fn pieces(&self) -> impl Iterator<Item = &[u8]> {
        let bounds = std::iter::once(0).chain(self.starts.iter().copied());
        let ends = self.starts.iter().copied().chain(std::iter::once(self.bytes.len()));
        bounds.zip(ends).map(|(a, b)| &self.bytes[a..b])
    }

    fn encode(&mut self, p: Posting) {
        // The id's delta, shifted to make room for a flag: a count byte follows.
        let mut delta = ((p.id.get() - self.previous.get()) << 1) | u64::from(p.count > 1);
        // At most ten bytes of varint, the length and the count: made here, then
        // appended at once.
        let mut out = [0u8; 12];
        let mut n = 0;
        loop {
            let byte = (delta & 0x7F) as u8;
            delta >>= 7;
            if delta == 0 {
                out[n] = byte;
                n += 1;
                break;
            }
            out[n] = byte | 0x80;
            n += 1;
        }
        if self.fixed.is_none() {
            out[n] = p.length;
            n += 1;
        }
        if p.count > 1 {
            out[n] = p.count;
            n += 1;
        }
        self.bytes.extend_from_slice(&out[..n]);
    }
}

/// Decodes a blob (a piece) of a list of `band`, calling `f` for each posting.
/// Returns `false` if the blob is corrupt (it stops there).
pub fn decode(blob: &[u8], band: u8, f: impl FnMut(Posting)) -> bool {
    match band_length(band) {
        Some(length) => decode_of::<false>(blob, length, f),
        None => decode_of::<true>(blob, 0, f),
    }
}

/// [`decode`] of a list whose postings carry their length (`LENGTHS`) or have
/// `fixed`.
fn decode_of<const LENGTHS: bool>(blob: &[u8], fixed: u8, mut f: impl FnMut(Posting)) -> bool {
    let mut i = 0;
    let mut id = 0u64;
    while i < blob.len() {
        // Most deltas fit in one byte, and most stems are once in an entry: a
        // dense list.
        if blob[i] & 0x81 == 0 {
            let length = if LENGTHS {
                let Some(&length) = blob.get(i + 1) else {
                    return false;
                };
                length
            } else {
                fixed
            };
            id += u64::from(blob[i] >> 1);
            i += 1 + usize::from(LENGTHS);
            f(Posting { id: Id::new(id), length, count: 1 });
            continue;
        }
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
        let length = if LENGTHS {
            let Some(&length) = blob.get(i) else {
                return false;
            };
            i += 1;
            length
        } else {
            fixed
        };
        let count = if delta & 1 == 1 {
            let Some(&count) = blob.get(i) else {
                return false;
            };
            i += 1;
            count
        } else {
            1
        };
        id += delta >> 1;
        f(Posting { id: Id::new(id), length, count });
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the rules make of the shipped memory, as one hash: a change of
    /// normalization, tokens or stems changes it, and must come with a new
    /// [`RULES_VERSION`] (then record the new hash here).
    /// Every length up to 12 has a band of its own, longer ones share wider
    /// bands, and 255 words or more is a band alone; the bands of a window hold
    /// all its lengths.
    #[test]
    fn lengths_fall_in_bands_that_widen_with_the_length() {
        assert_eq!((0..=13).map(band).collect::<Vec<_>>(), (0..=13).collect::<Vec<u8>>());
        assert_eq!((band(14), band(15), band(21), band(22), band(254), band(255)), (13, 14, 16, 17, 33, 34));
        assert!((1..=255).all(|l| band(l) >= band(l - 1) && band(l) <= band(l - 1) + 1));
        for (lo, hi) in [(1, 4), (7, 30), (20, 254), (100, 400), (300, 600)] {
            let (first, last, longest) = bands(lo, hi);
            assert!((lo..=hi).all(|l| (first..=last).contains(&band(l)) || band(l) == longest), "{lo}-{hi}");
        }
    }

    #[test]
    fn the_index_rules_are_those_of_their_version() {
        let (name, text) = crate::sample::MEMORY_FILES[0];
        let mut reader = crate::formats::tmx::TmxReader::open(text.as_bytes(), name).unwrap();
        let pair = crate::lang::LangPair::arabic_english();
        let mut h = Fnv1a::default();
        let mut buf = KeyBuffers::default();
        let mut texts = Vec::new();
        while let Some(unit) = reader.next_unit().unwrap() {
            let e = unit.to_entry(&pair, "t", name).unwrap();
            texts.push((e.source.plain().into_owned(), e.target.plain().into_owned()));
        }
        // A word for each normalization rule and each proclitic.
        texts.push((
            "ﻻ مُحَمَّدٌ البيـــان أ إ آ ٱ ى ی ئ ؤ ة ک ٠١٢ ۳ ،٬؛؟٪٫ «» \u{200F}و\u{200C}بالنفط فالنفط كالنفط للنفط".into(),
            "Ünïcode CAFÉ workers' strike".into(),
        ));
        // A month of two words, counted once.
        texts.push(("وصل الوفد في كانون الثاني 2012 ويوم الأحد".into(), "".into()));
        for (source, target) in &texts {
            let key = index_key(source, target, &mut buf);
            h.write(&key.length.to_le_bytes());
            h.write(&[band(key.length)]);
            h.write(&key.key_hash.to_le_bytes());
            for (_, stem) in key.stems() {
                h.write(stem.as_bytes());
                h.write(b"\0");
            }
        }
        let recorded: [(u32, u64); 8] = [
            (1, 11056658265447747432),
            (2, 13604198852048844090),
            (3, 17142282540516411672),
            (4, 9192511892904132016),
            (5, 12234886089573455072),
            (6, 16303431335296183316),
            (7, 17819166306311393271),
            (8, 17819166306311393271),
        ];
        assert_eq!(
            (RULES_VERSION, h.finish()),
            recorded[recorded.len() - 1],
            "the index rules changed: raise RULES_VERSION"
        );
    }

    #[test]
    fn entries_are_filed_under_stems_of_both_sides() {
        let key = index_key("والنفط في كازاخستان والنفط 2011.", "Oil in Kazakhstan", &mut KeyBuffers::default());
        assert_eq!(key.length, 5);
        // ك of كازاخستان comes off as if it were the preposition: on both sides alike.
        let stems: Vec<&str> = key
            .stems()
            .map(|(hash, text)| {
                assert_eq!(hash, stem_hashes(text.as_bytes()));
                text
            })
            .collect();
        assert_eq!(stems, vec!["نفط", "في", "ازاخستان", "نفط", NUMBER_STEM, "\u{1}oil", "\u{1}in", "\u{1}kazakhstan"]);
    }

    /// The length is the score's without a glossary: a month or weekday name of
    /// two words is one token (here كانون الثاني; الأحد is one word), and its
    /// words are filed each.
    #[test]
    fn a_month_of_two_words_counts_once_in_the_length() {
        let key = index_key("وصل الوفد في كانون الثاني 2012 ويوم الأحد", "", &mut KeyBuffers::default());
        let query = super::super::matcher::Query::new("وصل الوفد في كانون الثاني 2012 ويوم الأحد", None);
        assert_eq!(key.length, query.length());
        assert_eq!(key.length, 7);
        let stems: Vec<&str> = key.stems().map(|(_, text)| text).collect();
        // كانون loses its ك as if it were the preposition, on both sides alike.
        assert_eq!(
            &stems[3..6],
            [calendar::class_stem(calendar::Date::Month(1)), tokenize::stem("كانون"), "ثاني"],
            "{stems:?}"
        );
    }

    /// UN test set: a range of days and a month named twice count once each, as
    /// in the score; the range is filed under its shape, the month under its class
    /// once, and every word under its stem.
    #[test]
    fn a_range_of_days_and_a_month_named_twice_count_once_in_the_length() {
        let source = "نيويورك، 6-24 نيسان/أبريل 2015";
        let key = index_key(source, "", &mut KeyBuffers::default());
        assert_eq!(key.length, super::super::matcher::Query::new(source, None).length());
        assert_eq!(key.length, 4);
        let stems: Vec<&str> = key.stems().map(|(_, text)| text).collect();
        let month = calendar::class_stem(calendar::Date::Month(4));
        assert_eq!(stems, ["نيويورك", "#-#", month, "نيسان", "ابريل", NUMBER_STEM], "{stems:?}");
    }

    #[test]
    fn sources_that_match_at_100_hash_alike() {
        let mut buf = KeyBuffers::default();
        let a = index_key("إنّ مجالات النفط", "", &mut buf).key_hash;
        let b = index_key("ان مجالات النفـــط", "", &mut buf).key_hash;
        assert_eq!(a, b);
    }

    /// A stem again in the same entry counts once more in its posting.
    #[test]
    fn a_stem_twice_in_an_entry_counts_twice() {
        let mut w = PostingWriter::new(band(20));
        w.push(Posting::once(Id::new(5), 20));
        w.push(Posting::once(Id::new(9), 21));
        w.count_again();
        w.count_again();
        w.push(Posting::once(Id::new(200), 20));
        let mut back = Vec::new();
        assert!(decode(&w.bytes, band(20), |p| back.push((p.id.get(), p.count))));
        assert_eq!(back, [(5, 1), (9, 3), (200, 1)]);
        assert_eq!(w.count, 3);
    }

    #[test]
    fn posting_blobs_round_trip() {
        let longest = band(255);
        let mut w = PostingWriter::new(longest);
        let postings = [
            Posting { id: Id::new(1), length: 255, count: 1 },
            Posting { id: Id::new(64), length: 255, count: 2 },
            Posting { id: Id::new(300), length: 255, count: 255 },
            Posting { id: Id::new(1 << 40), length: 255, count: 1 },
        ];
        postings.iter().for_each(|&p| w.push(p));
        let mut back = Vec::new();
        assert!(decode(&w.bytes, longest, |p| back.push(p)));
        assert_eq!(back, postings);
        assert!(!decode(&w.bytes[..w.bytes.len() - 1], longest, |_| {}));
    }

    /// In a band of one length the band says it: a dense list of entries of
    /// seven words is a byte a posting, where one of 13 and 14 words takes two.
    #[test]
    fn postings_of_a_band_of_one_length_carry_no_length() {
        let (short, wide) = (band(7), band(13));
        assert_eq!((band_length(short), band_length(wide), band_length(TARGET_BAND)), (Some(7), None, Some(0)));
        let mut one = PostingWriter::new(short);
        let mut two = PostingWriter::new(wide);
        for id in 1..=100 {
            one.push(Posting::once(Id::new(id), 7));
            two.push(Posting::once(Id::new(id), 13 + (id % 2) as u8));
        }
        one.count_again();
        assert_eq!((one.bytes.len(), two.bytes.len()), (101, 200));
        let mut back = Vec::new();
        assert!(decode(&one.bytes, short, |p| back.push((p.id.get(), p.length, p.count))));
        assert_eq!(back.len(), 100);
        assert!(back.iter().all(|&(_, length, _)| length == 7));
        assert_eq!(back[99], (100, 7, 2));
        assert!(!decode(&[0x81], short, |_| {}), "a count flag without its count");
    }

    /// A list of 50,000 entries of a stem goes in pieces of at most about
    /// PIECE_BYTES, each read alone, together the whole list in order.
    #[test]
    fn a_long_list_is_kept_in_pieces_that_each_decode_alone() {
        let wide = band(40);
        let mut w = PostingWriter::new(wide);
        let ids: Vec<u64> = (1..=50_000u64).map(|i| i * 3 + i % 2).collect();
        for &id in &ids {
            w.push(Posting::once(Id::new(id), 40));
            if id % 5 == 0 {
                w.count_again();
            }
        }
        let pieces: Vec<&[u8]> = w.pieces().collect();
        assert!(pieces.len() > 100, "{}", pieces.len());
        assert!(pieces.iter().all(|p| !p.is_empty() && p.len() < PIECE_BYTES + 12));
        assert_eq!(pieces.iter().map(|p| p.len()).sum::<usize>(), w.bytes.len());
        let mut back = Vec::new();
        for piece in &pieces {
            assert!(decode(piece, wide, |p| back.push((p.id.get(), p.count))));
        }
        let expected: Vec<(u64, u8)> = ids.iter().map(|&id| (id, if id % 5 == 0 { 2 } else { 1 })).collect();
        assert_eq!(back, expected);
        let short = PostingWriter::new(wide);
        assert_eq!(short.pieces().count(), 1, "an empty list is one empty piece");
    }
}
