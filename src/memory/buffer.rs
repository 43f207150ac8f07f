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
/// a list per source stem and length band, and one per target stem, hundreds of
/// thousands of them in a large import, so their overhead weighs beside their
/// postings.
const LIST_BYTES: usize = 160;

/// What a late posting costs in memory besides its stem's text.
const LATE_BYTES: usize = 48;

/// Buffered postings of one write.
#[derive(Default)]
pub struct PostingBuffer {
    /// By stem hash and band ([`slot`]), with the stem's second hash, the band
    /// and the text…
    pending: HashMap<u64, (u64, u8, Box<str>, PostingWriter), HashedBuild>,
    /// …and by text and band for a stem whose slot another stem has.
    collided: HashMap<(Box<str>, u8), PostingWriter>,
    /// Postings of entries filed out of id order: stored before this write
    /// (whose targets it replaced, or which it edited), or filed again.
    late: Vec<(String, u8, Posting)>,
    /// The highest id filed in order since the last take: a list's ids must
    /// increase, so an id not above it goes to `late`.
    newest: Id,
    bytes: usize,
}

impl PostingBuffer {
    /// Files an entry under the stems of `key`: a new one in its lists, an entry
    /// whose id is not above every id filed since the last take (one stored
    /// before this write and edited by it, or filed a second time) among the
    /// late postings, which are put in order when taken.
    pub fn file(&mut self, id: Id, key: &IndexKey) {
        let source = (key.length.min(255) as u8, band(key.length));
        let place = |stem: &str| if stem.starts_with(TARGET_STEM_PREFIX) { (0, TARGET_BAND) } else { source };
        if id <= self.newest {
            // The entry's stems with how many of its words have each.
            let mut mine: Vec<(String, u8, Posting)> = Vec::new();
            for (_, stem) in key.stems() {
                match mine.iter_mut().find(|(text, _, _)| text == stem) {
                    Some((_, _, p)) => p.count = p.count.saturating_add(1),
                    None => {
                        let (length, band) = place(stem);
                        mine.push((stem.to_string(), band, Posting::once(id, length)));
                    }
                }
            }
            self.bytes += mine.iter().map(|(text, _, _)| LATE_BYTES + text.len()).sum::<usize>();
            self.late.extend(mine);
            return;
        }
        self.newest = id;
        for ([hash, check], stem) in key.stems() {
            let (length, band) = place(stem);
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
            self.bytes += LATE_BYTES + stem.len();
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
        // Drained, not taken: the next chunk's lists fill the same table instead
        // of growing a new one by doubling, each step moving every list again.
        let mut lists: Vec<List> = self.pending.drain().map(|(_, (_, band, text, list))| (text, band, list)).collect();
        lists.extend(std::mem::take(&mut self.collided).into_iter().map(|((text, band), list)| (text, band, list)));
        let mut late = std::mem::take(&mut self.late);
        late.sort_unstable();
        // An entry filed twice under a stem keeps its higher count.
        late.dedup_by(|a, b| {
            let same = a.0 == b.0 && a.1 == b.1 && a.2.id == b.2.id;
            if same {
                b.2.count = b.2.count.max(a.2.count);
            }
            same
        });
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
        self.newest = Id::new(0);
        (lists, late_lists)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::index::{KeyBuffers, decode, index_key};

    /// The ids of every posting of `lists`, by stem text.
    fn ids(lists: &[List]) -> Vec<(String, Vec<u64>)> {
        let mut out: Vec<(String, Vec<u64>)> = lists
            .iter()
            .map(|(text, band, list)| {
                let mut ids = Vec::new();
                for piece in list.pieces() {
                    assert!(decode(piece, *band, |p| ids.push(p.id.get())));
                }
                (text.to_string(), ids)
            })
            .collect();
        out.sort();
        out
    }

    /// The report's sentences: a take gives the lists of the entries filed since
    /// the one before, and only those, however many chunks the buffer has made.
    #[test]
    fn each_take_holds_the_entries_filed_since_the_last() {
        let mut keys = KeyBuffers::default();
        let tengiz = index_key("حقل تنغيز", "the Tengiz field", &mut keys);
        let kashagan = index_key("حقل كاشاغان", "the Kashagan field", &mut keys);
        let mut buffer = PostingBuffer::default();
        let mut chunks = Vec::new();
        for round in 0..3u64 {
            buffer.file(Id::new(3 * round + 1), &tengiz);
            buffer.file(Id::new(3 * round + 2), &kashagan);
            let (lists, late) = buffer.take();
            assert!(late.is_empty() && buffer.is_empty() && buffer.bytes() == 0);
            chunks.push(ids(&lists));
        }
        for (round, chunk) in (0..3u64).zip(&chunks) {
            let field = chunk.iter().find(|(_, ids)| ids.len() == 2).expect("a stem of both entries");
            assert_eq!(field.1, [3 * round + 1, 3 * round + 2], "{chunk:?}");
            assert!(chunk.iter().all(|(_, ids)| ids.iter().all(|id| id / 3 == round)), "{chunk:?}");
            assert_eq!(chunk.len(), chunks[0].len());
        }
    }
}
