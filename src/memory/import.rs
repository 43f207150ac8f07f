//! Storing entries: one [`Import`] is one transaction, with the duplicate policy
//! applied entry by entry and a filter over the stored sources so that a large
//! import need not look every entry up.

use std::collections::HashSet;

use super::bloom::Bloom;
use super::index::{IndexKey, KeyBuffers, index_key};
use super::store;
use crate::entry::{self, Entry, Id, Text};
use crate::error::{Error, Result};
use crate::lang::LangPair;
use crate::timestamp::Timestamp;

/// What import does with an entry whose source is already in the memory with
/// another target, in the same collection (collections are apart: a client's
/// translation never replaces another client's). An entry identical to a stored
/// one of its collection (same source, same target) is never stored twice,
/// whatever the policy; if the stored one was made by the
/// aligner and the new one was not, the stored one takes the new one's origin and
/// metadata: a person confirmed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OnDuplicate {
    /// Keep the stored entry; drop the new one.
    Skip,
    /// The import's translation of a source replaces every one stored before the
    /// import: the first stored entry of the source gets the new target (and
    /// origin, collection, metadata), keeps its creation date and creator, and
    /// records when and by whom it changed; the other stored alternatives are
    /// removed. Each keeps its earlier version. Alternatives within the import
    /// itself are all kept.
    Overwrite,
    /// Keep both translations (the default): a source translated two ways is
    /// information the translator chooses from, as OmegaT's alternative
    /// translations are.
    #[default]
    KeepBoth,
}

/// What happened to one entry on import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    Stored(Id),
    /// The same source and target are already stored, as this entry.
    Duplicate(Id),
    /// The source is stored with another target, and the policy kept that one.
    Skipped,
    /// The stored entry with this source got the new target.
    Replaced(Id),
}

/// Counts of one import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportCounts {
    pub imported: u64,
    pub duplicates: u64,
    pub replaced: u64,
}

/// An import in progress: one transaction.
pub struct Import<'m> {
    writer: store::Writer<'m>,
    pair: &'m LangPair,
    policy: OnDuplicate,
    buffers: KeyBuffers,
    counts: ImportCounts,
    /// Source hashes of the memory, once the import is large enough to want them
    /// ([`Import::FILTER_AFTER`]): a source the filter has never seen needs no
    /// duplicate look-up.
    pub(super) sources: Option<Bloom>,
    stored: u64,
    /// How many entries the import expects to store ([`Import::expecting`]).
    expected: u64,
    /// Who makes the changes ([`Import::by`]).
    user: Option<String>,
    /// Entries this import stored or replaced (with [`OnDuplicate::Overwrite`]).
    mine: HashSet<Id>,
}

/// An entry with what storing it takes that needs no database: its source hash
/// and its index key. Computed apart from [`Import::add_prepared`], so an import
/// can prepare entries on one thread and store them on another.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub entry: Entry,
    source_hash: i64,
    key: IndexKey,
}

impl Prepared {
    pub fn new(entry: Entry, buffers: &mut KeyBuffers) -> Prepared {
        let source_hash = entry.source.markup_hash();
        let key = index_key(&entry.source.plain(), &entry.target.plain(), buffers);
        Prepared { entry, source_hash, key }
    }
}

/// An error if `entry` is not of the memory's language pair.
pub(super) fn belongs(pair: &LangPair, entry: &Entry) -> Result<()> {
    if pair.accepts(&entry.source_lang, &entry.target_lang) {
        return Ok(());
    }
    Err(Error::ForeignEntry {
        source_lang: entry.source_lang.clone(),
        target_lang: entry.target_lang.clone(),
        memory: pair.clone(),
    })
}

impl<'m> Import<'m> {
    pub(super) fn new(writer: store::Writer<'m>, pair: &'m LangPair, policy: OnDuplicate) -> Import<'m> {
        Import {
            writer,
            pair,
            policy,
            buffers: KeyBuffers::default(),
            counts: ImportCounts::default(),
            sources: None,
            stored: 0,
            expected: 0,
            user: None,
            mine: HashSet::new(),
        }
    }
}

impl Import<'_> {
    /// Entries stored before the import loads the source filter: below this, a
    /// look-up per entry costs less than reading every source hash of the memory.
    pub(super) const FILTER_AFTER: u64 = 4096;

    /// Notes a stored source in the filter, building or growing the filter when due.
    fn note_source(&mut self, hash: i64) -> Result<()> {
        self.stored += 1;
        match &mut self.sources {
            Some(bloom) if bloom.len() < bloom.capacity() => bloom.insert(hash),
            None if self.stored < Self::FILTER_AFTER => {}
            // Build it (or build it again, twice as large) from the memory, which
            // holds this import's entries too.
            _ => {
                let wanted = self.sources.as_ref().map_or(self.expected as usize, |b| 2 * b.capacity());
                let mut bloom = Bloom::with_capacity(wanted);
                let n = self.writer.source_hashes(|h| bloom.insert(h))? as usize;
                if n * 2 > bloom.capacity() {
                    bloom = Bloom::with_capacity(n * 4);
                    self.writer.source_hashes(|h| bloom.insert(h))?;
                }
                self.sources = Some(bloom);
            }
        }
        Ok(())
    }

    /// Tells the import it may store about `entries` entries (an estimate from
    /// the input's size): the source filter is then made that large at once,
    /// not grown by doubling, each time reading every source hash again (at
    /// 1M entries, five reads of up to half a million rows).
    pub fn expecting(mut self, entries: u64) -> Self {
        self.expected = entries;
        self
    }

    /// Records `user` as the one who changes stored entries (overwritten
    /// targets' changer).
    pub fn by(mut self, user: Option<String>) -> Self {
        self.user = user;
        self
    }

    /// Gives stored entry `id` the new entry's target, as changed now by the
    /// import's user, keeping its earlier version.
    fn overwrite(&mut self, id: Id, entry: &Entry, key: &IndexKey) -> Result<()> {
        let now = Timestamp::now();
        self.writer.save_version(id, "overwrite", now, self.user.as_deref())?;
        let changed = Entry { changed: Some(now), changer: self.user.clone(), ..entry.clone() };
        self.writer.replace_target(id, &changed, key)?;
        self.mine.insert(id);
        Ok(())
    }

    /// Adds one entry, applying the duplicate policy.
    pub fn add(&mut self, entry: &Entry) -> Result<Added> {
        let prepared = Prepared::new(entry.clone(), &mut self.buffers);
        self.add_prepared(&prepared)
    }

    /// Adds one prepared entry, applying the duplicate policy.
    pub fn add_prepared(&mut self, p: &Prepared) -> Result<Added> {
        let entry = &p.entry;
        belongs(self.pair, entry)?;
        let maybe_stored = self.sources.as_ref().is_none_or(|b| b.may_contain(p.source_hash));
        let stored = if maybe_stored {
            self.writer.same_source(p.source_hash, entry.collection.as_deref())?
        } else {
            Vec::new()
        };
        let same: Vec<(Id, Text, String)> = stored
            .into_iter()
            .filter(|(_, s, _, _)| *s == entry.source)
            .map(|(id, _, t, origin)| (id, t, origin))
            .collect();
        let overwrite = self.policy == OnDuplicate::Overwrite;
        // With overwrite, the alternatives stored before this import give way.
        let before: Vec<Id> =
            if overwrite { same.iter().map(|s| s.0).filter(|id| !self.mine.contains(id)).collect() } else { vec![] };
        if let Some((id, _, origin)) = same.iter().find(|(_, t, _)| *t == entry.target) {
            let id = *id;
            let others: Vec<Id> = before.iter().copied().filter(|&b| b != id).collect();
            if !others.is_empty() {
                // The same pair is stored, beside other translations the import
                // replaces: it stays (as the file has it), and they go.
                self.overwrite(id, entry, &p.key)?;
                self.writer.delete_ids(&others, "overwrite", self.user.as_deref())?;
                self.counts.replaced += 1;
                return Ok(Added::Replaced(id));
            }
            // A pair the aligner made, now confirmed by a person's file, takes that
            // file's origin and metadata (and loses the alignment penalty).
            if origin == entry::ORIGIN_ALIGNED && entry.origin != entry::ORIGIN_ALIGNED {
                // The aligner's version is kept, as any version that gives way is.
                self.writer.save_version(id, "overwrite", Timestamp::now(), self.user.as_deref())?;
                self.writer.replace_target(id, entry, &p.key)?;
                self.counts.replaced += 1;
                return Ok(Added::Replaced(id));
            }
            if overwrite {
                self.mine.insert(id);
            }
            self.counts.duplicates += 1;
            return Ok(Added::Duplicate(id));
        }
        if !same.is_empty() {
            match self.policy {
                OnDuplicate::Skip => {
                    self.counts.duplicates += 1;
                    return Ok(Added::Skipped);
                }
                OnDuplicate::Overwrite => {
                    if let Some((&first, rest)) = before.split_first() {
                        self.overwrite(first, entry, &p.key)?;
                        self.writer.delete_ids(rest, "overwrite", self.user.as_deref())?;
                        self.counts.replaced += 1;
                        return Ok(Added::Replaced(first));
                    }
                    // Only this import's own translations of the source: one more.
                }
                OnDuplicate::KeepBoth => {}
            }
        }
        let id = self.writer.insert(entry, p.source_hash, &p.key)?;
        if overwrite {
            self.mine.insert(id);
        }
        self.note_source(p.source_hash)?;
        self.counts.imported += 1;
        Ok(Added::Stored(id))
    }

    /// Marks the entry an [`Import::add`] gave confirmed by the import's user (a
    /// person reviewed it: `tm import --align --corrections`). An entry this
    /// import stored is confirmed as it is made, with no earlier version; one
    /// already stored (the same pair, or the one it replaced) keeps its earlier
    /// version, as `tm confirm` keeps it. A skipped entry confirms nothing: the
    /// stored translation is not the one reviewed.
    pub fn confirm(&mut self, added: Added) -> Result<()> {
        let user = self.user.as_deref();
        match added {
            Added::Stored(id) => self.writer.confirm_new(id, user),
            Added::Duplicate(id) | Added::Replaced(id) => self.writer.confirm(id, user).map(drop),
            Added::Skipped => Ok(()),
        }
    }

    /// Records the import under its origin, in the same transaction.
    pub fn record_origin(&mut self, origin: &store::OriginRecord) -> Result<()> {
        self.writer.record_origin(origin)
    }

    /// Counts so far.
    pub fn counts(&self) -> ImportCounts {
        self.counts
    }

    /// Stores everything added.
    pub fn commit(self) -> Result<ImportCounts> {
        self.writer.commit()?;
        Ok(self.counts)
    }
}
