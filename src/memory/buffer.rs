//! Postings waiting to be written: what an import files entries under, buffered
//! in memory by stem and handed to the store as whole posting lists, one chunk at
//! a time. Pure data; the store writes what [`PostingBuffer::take`] gives.
//!
//! Stems are kept by their two hashes ([`super::index::stem_hashes`]): the text of
//! a stem is compared only when the first hash of two stems agrees and the second
//! does not, which happens for about one stem in 2^64.

use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;

use super::index::{HashedBuild, IndexKey, Posting, PostingWriter, TARGET_STEM_PREFIX};
use crate::entry::Id;

/// A stem's text and its posting list, ready to be written.
pub type List = (Box<str>, PostingWriter);

/// Buffered postings of one write.
#[derive(Default)]
pub struct PostingBuffer {
    /// By stem hash, with the stem's second hash and text…
    pending: HashMap<u64, (u64, Box<str>, PostingWriter), HashedBuild>,
    /// …and by text for a stem whose hash another stem has.
    collided: HashMap<Box<str>, PostingWriter>,
    /// Postings for entries stored before this write (whose targets it replaced).
    late: Vec<(String, Posting)>,
    bytes: usize,
}

impl PostingBuffer {
    /// Files a new entry (ids must increase from one call to the next) under the
    /// stems of `key`.
    pub fn file(&mut self, id: Id, key: &IndexKey) {
        let length = key.length.min(255) as u8;
        for ([hash, check], stem) in key.stems() {
            let list = match self.pending.entry(hash) {
                Slot::Occupied(o) if o.get().0 == check => &mut o.into_mut().2,
                Slot::Occupied(_) => self.collided.entry(stem.into()).or_default(),
                Slot::Vacant(v) => &mut v.insert((check, stem.into(), PostingWriter::default())).2,
            };
            let before = list.bytes.len();
            if list.count > 0 && list.last() == id {
                list.count_again(); // the stem again in the same entry
                self.bytes += list.bytes.len() - before;
                continue;
            }
            list.push(Posting::once(id, length));
            self.bytes += list.bytes.len() - before;
        }
    }

    /// Files an entry stored before this write under the target stems of `key`
    /// (its new target's words).
    pub fn file_target(&mut self, id: Id, key: &IndexKey) {
        let length = key.length.min(255) as u8;
        for (_, stem) in key.stems().filter(|(_, t)| t.starts_with(TARGET_STEM_PREFIX)) {
            self.late.push((stem.to_string(), Posting::once(id, length)));
        }
    }

    /// Bytes of postings buffered since the last [`PostingBuffer::take`].
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
            std::mem::take(&mut self.pending).into_values().map(|(_, text, list)| (text, list)).collect();
        lists.extend(std::mem::take(&mut self.collided));
        let mut late = std::mem::take(&mut self.late);
        late.sort_unstable();
        late.dedup_by(|a, b| a.0 == b.0 && a.1.id == b.1.id);
        let mut late_lists: Vec<List> = Vec::new();
        for (text, posting) in late {
            if late_lists.last().is_none_or(|(t, _)| **t != *text) {
                late_lists.push((text.into(), PostingWriter::default()));
            }
            if let Some((_, list)) = late_lists.last_mut() {
                list.push(posting);
            }
        }
        self.bytes = 0;
        (lists, late_lists)
    }
}
