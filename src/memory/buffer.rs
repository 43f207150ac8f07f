//! Postings waiting to be written: what an import files entries under, buffered
//! in memory by stem and handed to the store as whole posting lists, one chunk at
//! a time. Pure data; the store writes what [`PostingBuffer::take`] gives.
//!
//! Stems are kept by their two hashes ([`super::index::stem_hashes`]): the text of
//! a stem is compared only when the first hash of two stems agrees and the second
//! does not, which happens for about one stem in 2^64.

use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;

use super::index::{HashedBuild, IndexKey, Posting, PostingWriter, TARGET_BAND, TARGET_STEM_PREFIX, band};
use crate::entry::Id;

/// A stem's text, a length band ([`super::index::band`]) and the stem's posting
/// list of the entries of that band, ready to be written.
pub type List = (Box<str>, u8, PostingWriter);

/// Mixes a band into a stem's hash: one list per stem and band.
fn slot(hash: u64, band: u8) -> u64 {
    hash ^ u64::from(band).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// What a list costs in memory besides its postings (its place in the map, its
/// writer, its text's allocation), counted in [`PostingBuffer::bytes`]: there is
/// a list per stem and length band, up to about a million of them, so their
/// overhead weighs as much as their postings.
const LIST_BYTES: usize = 160;

/// Buffered postings of one write.
#[derive(Default)]
pub struct PostingBuffer {
    /// By stem hash and band ([`slot`]), with the stem's second hash, the band
    /// and the text…
    pending: HashMap<u64, (u64, u8, Box<str>, PostingWriter), HashedBuild>,
    /// …and by text and band for a stem whose slot another stem has.
    collided: HashMap<(Box<str>, u8), PostingWriter>,
    /// Postings for entries stored before this write (whose targets it replaced).
    late: Vec<(String, u8, Posting)>,
    bytes: usize,
}

impl PostingBuffer {
    /// Files a new entry (ids must increase from one call to the next) under the
    /// stems of `key`.
    pub fn file(&mut self, id: Id, key: &IndexKey) {
        let source = (key.length.min(255) as u8, band(key.length));
        for ([hash, check], stem) in key.stems() {
            let (length, band) = if stem.starts_with(TARGET_STEM_PREFIX) { (0, TARGET_BAND) } else { source };
            let list = match self.pending.entry(slot(hash, band)) {
                Slot::Occupied(o) if o.get().0 == check && o.get().1 == band => &mut o.into_mut().3,
                Slot::Occupied(_) => {
                    self.collided.entry((stem.into(), band)).or_insert_with(|| PostingWriter::new(band))
                }
                Slot::Vacant(v) => {
                    self.bytes += LIST_BYTES + stem.len();
                    &mut v.insert((check, band, stem.into(), PostingWriter::new(band))).3
                }
            };
            let before = list.bytes.capacity();
            if list.count > 0 && list.last() == id {
                list.count_again(); // the stem again in the same entry
                self.bytes += list.bytes.capacity() - before;
                continue;
            }
            list.push(Posting::once(id, length));
            self.bytes += list.bytes.capacity() - before;
        }
    }

    /// Files an entry stored before this write under the target stems of `key`
    /// (its new target's words).
    pub fn file_target(&mut self, id: Id, key: &IndexKey) {
        for (_, stem) in key.stems().filter(|(_, t)| t.starts_with(TARGET_STEM_PREFIX)) {
            self.late.push((stem.to_string(), TARGET_BAND, Posting::once(id, 0)));
        }
    }

    /// Bytes the buffer holds since the last [`PostingBuffer::take`]: what its
    /// lists have allocated (a list's bytes grow by doubling, so a long list
    /// holds up to twice what it has written), and their overhead.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty() && self.collided.is_empty() && self.late.is_empty()
    }

    /// Empties the buffer: the lists of new entries, and the lists of entries
    /// older than them (each of the two a chunk of its own, ids in order within
    /// each list).
    pub fn take(&mut self) -> (Vec<List>, Vec<List>) {
        let mut lists: Vec<List> =
            std::mem::take(&mut self.pending).into_values().map(|(_, band, text, list)| (text, band, list)).collect();
        lists.extend(std::mem::take(&mut self.collided).into_iter().map(|((text, band), list)| (text, band, list)));
        let mut late = std::mem::take(&mut self.late);
        late.sort_unstable();
        late.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1 && a.2.id == b.2.id);
        let mut late_lists: Vec<List> = Vec::new();
        for (text, band, posting) in late {
            if late_lists.last().is_none_or(|(t, b, _)| **t != *text || *b != band) {
                late_lists.push((text.into(), band, PostingWriter::new(band)));
            }
            if let Some((_, _, list)) = late_lists.last_mut() {
                list.push(posting);
            }
        }
        self.bytes = 0;
        (lists, late_lists)
    }
}
