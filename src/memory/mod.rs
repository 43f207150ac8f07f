//! The translation memory: entries in a SQLite [`store`], found again by the
//! [`matcher`] through the candidate [`index`].
//!
//! [`Memory`] ties them together: it knows the memory's language pair (one pair per
//! memory; entries keep their regional tags), applies the duplicate policy on
//! import, and runs suggestions (index → candidates → scores → best matches) and
//! concordance searches. It reads and writes the database only through the store.

pub mod bloom;
pub mod buffer;
pub mod dedupe;
pub mod import;
pub mod index;
pub mod matcher;
pub mod schema;
pub mod search;
pub mod sql;
pub mod store;
pub mod suggest;
pub mod sync;
pub mod unit;

use std::path::Path;

pub use crate::entry::{Entry, Id, Text};
pub use dedupe::{Deduped, Merged};
pub use import::{Added, Import, ImportCounts, OnDuplicate, Prepared};
pub use search::{Pattern, Side};
pub use store::{
    Access, Changes, Filter, GroupBy, GroupStats, Open, OriginRecord, Page, Revision, Stats, Store, Stored, SyncState,
    Synced, Version, WAIT,
};
pub use suggest::Suggester;

use crate::error::{Error, Result};
use crate::glossary::{Glossary, Term};
use crate::lang::{LangPair, LangTag};
use crate::progress::{Count, Progress};
use matcher::{DiffPiece, Repair};

/// What `tm vacuum` did: the file's size (and its write-ahead log's) before, its
/// size after, and what the integrity check found wrong (nothing: sound).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Vacuumed {
    pub bytes_before: u64,
    pub log_before: u64,
    pub bytes_after: u64,
    pub problems: Vec<String>,
}

/// How `suggest` chooses matches.
#[derive(Clone, Copy, Debug)]
pub struct MatchOptions {
    /// Lowest score shown, 1–100.
    pub min_score: u8,
    /// Most matches per segment.
    pub max: usize,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions { min_score: 70, max: 3 }
    }
}

/// Which collections a suggestion or a concordance search takes, and which one
/// suggestions prefer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Only entries of these collections (all if empty).
    pub collections: Vec<String>,
    /// The current collection: matches of entries outside it lose
    /// [`matcher::OTHER_COLLECTION_PENALTY`].
    pub prefer: Option<String>,
}

impl Scope {
    /// Whether an entry of `collection` is taken.
    pub fn takes(&self, collection: Option<&str>) -> bool {
        self.collections.is_empty() || collection.is_some_and(|c| self.collections.iter().any(|w| w == c))
    }
}

/// An entry scored against a segment.
#[derive(Clone, Debug)]
pub struct Match {
    pub id: Id,
    /// 0–100, or [`matcher::CONTEXT_SCORE`] (101) for a context match.
    pub score: u8,
    /// A 100 whose entry was met between the same segments as the segment
    /// ([`matcher::context_score`]); set by the caller that knows the document.
    pub context: bool,
    /// The entry as stored.
    pub entry: Entry,
    /// What differs, from the entry's source to the segment.
    pub diff: Vec<DiffPiece>,
    /// The target to use: the entry's, with the segment's numbers and names put in
    /// where the score counted on it ([`Match::repairs`]).
    pub target: String,
    /// Numbers and glossary names replaced in `target`.
    pub repairs: Vec<Repair>,
}

const PAIR_SOURCE: &str = "source_lang";
const PAIR_TARGET: &str = "target_lang";
/// The setting that records the [`index::RULES_VERSION`] the index was made by.
/// Memories made before it was recorded were made by version 1.
const INDEX_RULES: &str = "index_rules";

/// Whether the index was made by this build's rules ([`index::RULES_VERSION`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexState {
    Current,
    /// Made by other rules: suggestions and searches would miss entries until
    /// [`Memory::reindex`] rebuilds it.
    Stale {
        made_by: u32,
    },
}

/// An open memory.
pub struct Memory {
    store: Store,
    pair: LangPair,
}

impl Memory {
    /// Opens the memory at `path` as `open` says, creating it (for `want`, or
    /// Arabic→English) if asked to ([`Access::Create`]) and needed. Returns the
    /// memory and whether it is new. A stale index is not rebuilt here
    /// (suggestions and searches refuse it): [`crate::ops::open::open`] rebuilds
    /// it. Asking for another pair than an existing memory's is an error: one
    /// memory holds one pair.
    pub fn open(path: &Path, open: Open, want: Option<&LangPair>) -> Result<(Memory, bool)> {
        let (store, created) = Store::open(path, open)?;
        Memory::with_store(store, created, want)
    }

    /// A new memory in RAM (for tests and one-off work).
    pub fn in_memory(want: Option<&LangPair>) -> Result<Memory> {
        let (store, created) = Store::open_in_memory()?;
        Ok(Memory::with_store(store, created, want)?.0)
    }

    fn with_store(mut store: Store, created: bool, want: Option<&LangPair>) -> Result<(Memory, bool)> {
        let stored = match (store.setting(PAIR_SOURCE)?, store.setting(PAIR_TARGET)?) {
            (Some(s), Some(t)) => match (LangTag::parse(&s), LangTag::parse(&t)) {
                (Some(source), Some(target)) => Some(LangPair { source, target }),
                _ => {
                    return Err(Error::Damaged {
                        path: store.name().to_string(),
                        what: format!("the language pair setting ({s}→{t})"),
                    });
                }
            },
            _ => None,
        };
        let pair = match (stored, want) {
            (Some(pair), Some(want)) if &pair != want => {
                return Err(Error::OtherPair { path: store.name().to_string(), holds: pair, asked: want.clone() });
            }
            (Some(pair), _) => pair,
            (None, _) if store.opened_as().access == Access::Read => {
                return Err(Error::NotAMemory { path: store.name().to_string() });
            }
            (None, want) => {
                // A memory just made (here, or by another process that has not
                // got this far yet: whoever writes first sets the pair).
                let pair = want.cloned().unwrap_or_else(LangPair::arabic_english);
                let w = store.write()?;
                let source = w.setting(PAIR_SOURCE)?;
                let target = w.setting(PAIR_TARGET)?;
                if source.is_none() || target.is_none() {
                    w.set_setting(PAIR_SOURCE, pair.source.as_str())?;
                    w.set_setting(PAIR_TARGET, pair.target.as_str())?;
                    if w.setting(INDEX_RULES)?.is_none() {
                        w.set_setting(INDEX_RULES, &index::RULES_VERSION.to_string())?;
                    }
                    w.commit()?;
                } else {
                    drop(w);
                    return Memory::with_store(store, created, want);
                }
                pair
            }
        };
        Ok((Memory { store, pair }, created))
    }

    pub fn pair(&self) -> &LangPair {
        &self.pair
    }

    /// Whether the index was made by this build's rules.
    pub fn index_state(&self) -> Result<IndexState> {
        let made_by = match self.store.setting(INDEX_RULES)? {
            None => 1,
            Some(v) => v.parse().map_err(|_| Error::Damaged {
                path: self.store.name().to_string(),
                what: format!("the setting {INDEX_RULES} ({v:?})"),
            })?,
        };
        Ok(if made_by == index::RULES_VERSION { IndexState::Current } else { IndexState::Stale { made_by } })
    }

    /// An error if the index was made by other rules: what it finds would not be
    /// what scoring every entry finds.
    pub(crate) fn require_current_index(&self) -> Result<()> {
        match self.index_state()? {
            IndexState::Current => Ok(()),
            IndexState::Stale { made_by } => {
                Err(Error::StaleIndex { path: self.store.name().to_string(), made_by, current: index::RULES_VERSION })
            }
        }
    }

    /// Rebuilds the index (posting lists, entry lengths) from the entries with this
    /// build's rules, in one transaction; returns the number of entries filed.
    pub fn reindex(&mut self, progress: &dyn Progress) -> Result<u64> {
        const BATCH: usize = 1024;
        let mut w = self.store.write()?;
        let total = w.count_entries()?;
        progress.start("reindex", total, Count::Items);
        w.clear_index()?;
        let mut buffers = index::KeyBuffers::default();
        let (mut after, mut done) = (Id::default(), 0);
        loop {
            let batch = w.texts_after(after, BATCH)?;
            let Some(&(last, _, _)) = batch.last() else { break };
            for (id, source, target) in &batch {
                w.refile(*id, &index::index_key(&source.plain(), &target.plain(), &mut buffers))?;
            }
            after = last;
            done += batch.len() as u64;
            progress.set(done);
        }
        w.merge_postings()?;
        w.set_setting(INDEX_RULES, &index::RULES_VERSION.to_string())?;
        w.commit()?;
        progress.finish();
        Ok(done)
    }

    /// Compacts the memory (`tm vacuum`): merges the index's posting lists
    /// (dropping removed entries), then rewrites the file without free pages and
    /// checks it; says how big it was and is, and what the check found wrong.
    pub fn vacuum(&mut self, progress: &dyn Progress) -> Result<Vacuumed> {
        let (bytes_before, log_before) = self.store.bytes()?;
        progress.start("vacuum", 3, Count::Items);
        let mut w = self.store.write()?;
        w.merge_postings()?;
        w.commit()?;
        progress.set(1);
        let problems = self.store.vacuum()?;
        progress.set(3);
        progress.finish();
        let (bytes_after, _) = self.store.bytes()?;
        Ok(Vacuumed { bytes_before, log_before, bytes_after, problems })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Copies this memory whole (entries, earlier versions, the change feed,
    /// the glossary, origins, sync state and the index) into `to`, which must
    /// hold nothing and have the same pair, in one transaction of `to`: the
    /// copy is all there or nothing of it is. Returns the rows of each table.
    pub fn copy_into(&self, to: &mut Memory, progress: &dyn Progress) -> Result<Vec<(&'static str, u64)>> {
        if to.pair != self.pair {
            return Err(Error::OtherPair {
                path: to.store.name().to_string(),
                holds: to.pair.clone(),
                asked: self.pair.clone(),
            });
        }
        let total: u64 = self.store.table_rows()?.iter().map(|(_, n)| n).sum();
        progress.start("copy", total, Count::Items);
        let w = to.store.write()?;
        let mut done = 0;
        let counts = self.store.copy_into(&w, &mut |n| {
            done += n;
            progress.set(done);
        })?;
        w.commit_copy()?;
        progress.finish();
        Ok(counts)
    }

    /// Starts an import: everything added is stored at [`Import::commit`], or
    /// nothing if the import is dropped.
    pub fn import(&mut self, policy: OnDuplicate) -> Result<Import<'_>> {
        Ok(Import::new(self.store.write()?, &self.pair, policy))
    }

    /// [`Memory::import`], telling `progress` when it has to wait for another
    /// process writing to the memory.
    pub fn import_or_wait(&mut self, policy: OnDuplicate, progress: &dyn Progress) -> Result<Import<'_>> {
        Ok(Import::new(self.store.write_or_wait(&mut |why| progress.waiting(why))?, &self.pair, policy))
    }

    /// Removes entries by id (`tm remove --id`), in one transaction, keeping each
    /// among its earlier versions (removed by `who`); returns how many there were.
    pub fn remove_ids(&mut self, ids: &[Id], who: Option<&str>) -> Result<u64> {
        let mut w = self.store.write()?;
        let n = w.delete_ids(ids, "remove", who)?;
        w.commit()?;
        Ok(n)
    }

    /// Gives entry `id` a new source and/or target, as changed by `who` now; the
    /// earlier version is kept. An error if there is no such entry.
    pub fn edit(&mut self, id: Id, source: Option<&str>, target: Option<&str>, who: Option<&str>) -> Result<()> {
        let path = self.store.name().to_string();
        let no_entry = || Error::NoEntry { path: path.clone(), id: id.get() };
        let stored = self.store.entries(&[id])?.pop().ok_or_else(no_entry)?;
        let source = source.map_or(stored.entry.source, Text::from_plain);
        let target = target.map_or(stored.entry.target, Text::from_plain);
        let key = index::index_key(&source.plain(), &target.plain(), &mut index::KeyBuffers::default());
        let mut w = self.store.write()?;
        if !w.edit(id, &source, &target, source.markup_hash(), &key, who)? {
            return Err(no_entry());
        }
        w.commit()
    }

    /// Marks entries confirmed by `who` (an aligned one loses the alignment
    /// penalty); the earlier versions are kept. Returns the ids that are no entry.
    pub fn confirm(&mut self, ids: &[Id], who: Option<&str>) -> Result<Vec<Id>> {
        let mut w = self.store.write()?;
        let mut missing = Vec::new();
        for &id in ids {
            if !w.confirm(id, who)? {
                missing.push(id);
            }
        }
        w.commit()?;
        Ok(missing)
    }

    /// Removes the entries the filter takes, in one transaction; returns how many.
    pub fn remove(&mut self, filter: &Filter) -> Result<u64> {
        let mut w = self.store.write()?;
        let n = w.delete(filter)?;
        w.commit()?;
        Ok(n)
    }

    /// What the memory holds: entries by language and origin, dates, glossary size.
    pub fn stats(&self) -> Result<Stats> {
        self.store.stats()
    }

    /// Figures per origin or per collection (`tm stats --by`).
    pub fn stats_by(&self, by: GroupBy) -> Result<Vec<GroupStats>> {
        self.store.stats_by(by)
    }

    /// The glossary of this memory.
    pub fn glossary(&self) -> Result<Glossary> {
        Ok(Glossary::new(self.store.glossary()?))
    }

    /// Adds glossary terms (replacing those of the same origin).
    pub fn add_terms(&mut self, origin: &str, terms: &[Term]) -> Result<u64> {
        let mut w = self.store.write()?;
        let replaced = w.delete_terms(origin)?;
        w.insert_terms(terms)?;
        w.commit()?;
        Ok(replaced)
    }

    /// Removes the glossary terms of an origin; returns how many.
    pub fn remove_terms(&mut self, origin: &str) -> Result<u64> {
        let mut w = self.store.write()?;
        let n = w.delete_terms(origin)?;
        w.commit()?;
        Ok(n)
    }

    /// A suggester for many segments, with `glossary` for names (see
    /// [`Suggester`]).
    pub fn suggester<'m>(&'m self, glossary: &'m Glossary, options: MatchOptions) -> Result<Suggester<'m>> {
        self.require_current_index()?;
        Suggester::new(&self.store, glossary, options)
    }

    /// The best matches for one segment, best first, with the memory's glossary.
    pub fn suggest(&self, segment: &str, options: &MatchOptions) -> Result<Vec<Match>> {
        let glossary = self.glossary()?;
        self.suggester(&glossary, *options)?.suggest(segment)
    }
}

#[cfg(test)]
mod tests {
    use super::matcher::DiffOp;
    use super::*;

    fn entry(source: &str, target: &str) -> Entry {
        Entry::new(source, target, LangTag::parse("ar").unwrap(), LangTag::parse("en").unwrap(), "test")
    }

    fn memory_with(pairs: &[(&str, &str)], policy: OnDuplicate) -> Memory {
        let mut m = Memory::in_memory(None).unwrap();
        let mut import = m.import(policy).unwrap();
        for (s, t) in pairs {
            import.add(&entry(s, t)).unwrap();
        }
        import.commit().unwrap();
        m
    }

    const SEED: [(&str, &str); 3] = [
        ("كان المهاجمون يطالبون أساسا بأجور أعلى.", "The strikers were mainly demanding higher wages."),
        ("تم نهب المتاجر وتم إطلاق عدة مباني.", "Shops were looted and several buildings were set on fire."),
        (
            "رفضت الشركة تلك المطالبات بأنها \"لا أساس لها من الصحة\".",
            "The company rejected those demands as \"unfounded\".",
        ),
    ];

    #[test]
    fn an_exact_segment_finds_its_entry_at_100() {
        let m = memory_with(&SEED, OnDuplicate::KeepBoth);
        let got = m.suggest(SEED[0].0, &MatchOptions::default()).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].score, got[0].entry.target.text.as_str()), (100, SEED[0].1));
    }

    #[test]
    fn a_changed_word_gives_a_fuzzy_match_with_its_diff() {
        let m = memory_with(&SEED, OnDuplicate::KeepBoth);
        let got = m.suggest("كان العمال يطالبون أساسا بأجور أعلى.", &MatchOptions::default()).unwrap();
        assert_eq!(got[0].score, 83);
        assert!(got[0].diff.iter().any(|p| p.op == DiffOp::Delete && p.text == "المهاجمون"));
        assert!(got[0].diff.iter().any(|p| p.op == DiffOp::Insert && p.text == "العمال"));
    }

    /// A segment of nothing but a date and numbers (a UN document's dateline) is
    /// found by its month.
    #[test]
    fn a_dateline_finds_its_entry() {
        let m = memory_with(&[("8 آذار/مارس 2011", "8 March 2011"), ("نص آخر", "other")], OnDuplicate::KeepBoth);
        let got = m.suggest("٨ آذار/مارس ٢٠١١", &MatchOptions::default()).unwrap();
        assert_eq!((got[0].score, got[0].entry.target.text.as_str()), (100, "8 March 2011"));
    }

    /// A match whose stored target spells a name as the glossary forbids comes with
    /// the approved rendering put in, listed among its repairs.
    #[test]
    fn a_stored_target_that_breaks_the_glossary_is_repaired() {
        let mut m = memory_with(
            &[("أعلنت كازمونايجاز عن أرباحها.", "Kazmunaigaz announced its profits.")],
            OnDuplicate::KeepBoth,
        );
        m.add_terms("sample", &crate::sample::terms(m.pair()).unwrap()).unwrap();
        let got = m.suggest("أعلنت كازموناينجاز عن أرباحها.", &MatchOptions::default()).unwrap();
        assert_eq!(got[0].target, "KazMunayGas announced its profits.");
        let r = &got[0].repairs[0];
        assert_eq!((r.kind, r.from.as_str(), r.to.as_str()), (matcher::RepairKind::Term, "Kazmunaigaz", "KazMunayGas"));
        assert_eq!(got[0].entry.target.text, "Kazmunaigaz announced its profits.");
    }

    #[test]
    fn nothing_below_the_minimum_score() {
        let m = memory_with(&SEED, OnDuplicate::KeepBoth);
        let options = MatchOptions { min_score: 90, max: 3 };
        assert!(m.suggest("كان العمال يطالبون أساسا بأجور أعلى.", &options).unwrap().is_empty());
        assert!(m.suggest("", &options).unwrap().is_empty());
    }

    #[test]
    fn duplicates_follow_the_policy() {
        let pairs = [("نص", "text"), ("نص", "text"), ("نص", "a text")];
        let count = |policy| {
            let m = memory_with(&pairs, policy);
            let mut targets = Vec::new();
            m.store()
                .scan(&Filter::default(), |s| {
                    let _: () = targets.push(s.entry.target.text);
                    Ok(())
                })
                .unwrap();
            targets
        };
        assert_eq!(count(OnDuplicate::KeepBoth), vec!["text", "a text"]);
        assert_eq!(count(OnDuplicate::Skip), vec!["text"]);
        // Overwrite replaces what was stored before the import, not the import's own.
        assert_eq!(count(OnDuplicate::Overwrite), vec!["text", "a text"]);
    }

    /// Overwrite: every target stored before gives way; the first entry of the
    /// source stays with its creation date, the others go, and each keeps its
    /// version.
    #[test]
    fn overwrite_replaces_every_stored_alternative() {
        let mut m = memory_with(&[("نص", "text"), ("نص", "a text"), ("آخر", "other")], OnDuplicate::KeepBoth);
        let first = m.store().entries(&[Id::new(1)]).unwrap().remove(0).entry;
        let import = m.import(OnDuplicate::Overwrite).unwrap().by(Some("layla".into()));
        let mut import = import;
        assert_eq!(import.add(&entry("نص", "the text")).unwrap(), Added::Replaced(Id::new(1)));
        assert_eq!(import.add(&entry("نص", "a text too")).unwrap(), Added::Stored(Id::new(4)));
        import.commit().unwrap();
        let mut got = Vec::new();
        m.store()
            .scan(&Filter::default(), |s| {
                got.push((s.id.get(), s.entry.target.text, s.entry.changer));
                Ok(())
            })
            .unwrap();
        assert_eq!(
            got,
            vec![
                (1, "the text".to_string(), Some("layla".to_string())),
                (3, "other".to_string(), None),
                (4, "a text too".to_string(), None)
            ]
        );
        let now = m.store().entries(&[Id::new(1)]).unwrap().remove(0).entry;
        assert_eq!(now.created, first.created);
        assert!(now.changed >= first.changed);
        assert_eq!(m.store().versions(Id::new(1)).unwrap().len(), 1);
        assert_eq!(m.store().versions(Id::new(2)).unwrap()[0].action, "overwrite");
    }

    #[test]
    fn a_pair_with_an_ampersand_is_a_duplicate_whichever_file_it_came_from() {
        let mut m = Memory::in_memory(None).unwrap();
        let mut import = m.import(OnDuplicate::KeepBoth).unwrap();
        assert!(matches!(import.add(&entry("شركة AT&T <ش.م.>", "AT&T <Co.>")).unwrap(), Added::Stored(_)));
        let mut from_tmx = entry("", "");
        from_tmx.source = Text::from_markup("شركة AT&amp;T &lt;ش.م.&gt;".to_string());
        from_tmx.target = Text::from_markup("AT&amp;T &lt;Co.&gt;".to_string());
        assert!(matches!(import.add(&from_tmx).unwrap(), Added::Duplicate(_)));
        assert_eq!(import.commit().unwrap(), ImportCounts { imported: 1, duplicates: 1, replaced: 0 });
    }

    #[test]
    fn duplicates_are_found_in_large_imports_too() {
        let mut m = Memory::in_memory(None).unwrap();
        let pair = |i: usize| entry(&format!("الجملة رقم {i}"), &format!("sentence {i}"));
        let n = Import::FILTER_AFTER as usize + 1000;
        let mut import = m.import(OnDuplicate::KeepBoth).unwrap();
        (0..n).for_each(|i| assert!(matches!(import.add(&pair(i)).unwrap(), Added::Stored(_))));
        assert!(import.sources.is_some(), "the filter was not built");
        // Repeats of this import's own entries, before and after the filter was built.
        for i in [0, 1, n - 2, n - 1] {
            assert!(matches!(import.add(&pair(i)).unwrap(), Added::Duplicate(_)));
        }
        import.commit().unwrap();
        // Another large import meets the stored entries through a filter built
        // from the memory.
        let mut import = m.import(OnDuplicate::Skip).unwrap();
        (n..2 * n).for_each(|i| assert!(matches!(import.add(&pair(i)).unwrap(), Added::Stored(_))));
        assert!(matches!(import.add(&pair(7)).unwrap(), Added::Duplicate(_)));
        assert_eq!(import.add(&entry("الجملة رقم 8", "another")).unwrap(), Added::Skipped);
        assert_eq!(import.commit().unwrap(), ImportCounts { imported: n as u64, duplicates: 2, replaced: 0 });
    }

    /// An import told how many entries to expect makes its source filter that
    /// large when it first builds it, and keeps it: every repeat is still found.
    #[test]
    fn an_import_expecting_many_entries_builds_its_filter_once_that_large() {
        let mut m = Memory::in_memory(None).unwrap();
        let pair = |i: usize| entry(&format!("الجملة رقم {i}"), &format!("sentence {i}"));
        let expected = 300_000;
        let n = 2 * Import::FILTER_AFTER as usize;
        let mut import = m.import(OnDuplicate::KeepBoth).unwrap().expecting(expected);
        (0..n).for_each(|i| assert!(matches!(import.add(&pair(i)).unwrap(), Added::Stored(_))));
        let capacity = import.sources.as_ref().map(|b| b.capacity()).expect("the filter was built");
        assert!(capacity >= expected as usize, "{capacity}");
        (n..n + 1000).for_each(|i| assert!(matches!(import.add(&pair(i)).unwrap(), Added::Stored(_))));
        assert_eq!(import.sources.as_ref().map(|b| b.capacity()), Some(capacity));
        for i in [0, n - 1, n + 999] {
            assert!(matches!(import.add(&pair(i)).unwrap(), Added::Duplicate(_)));
        }
        import.commit().unwrap();
    }

    #[test]
    fn one_memory_holds_one_pair() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let fr = LangPair { source: LangTag::parse("en").unwrap(), target: LangTag::parse("fr").unwrap() };
        let create = Open::new(Access::Create);
        drop(Memory::open(&path, create, Some(&fr)).unwrap());
        let err = Memory::open(&path, create, Some(&LangPair::arabic_english())).err().unwrap().to_string();
        assert!(err.contains("is a en→fr memory, not ar→en"), "{err}");
        assert_eq!(Memory::open(&path, Open::new(Access::Read), None).unwrap().0.pair(), &fr);
    }

    #[test]
    fn an_overwritten_target_is_found_by_target_concordance() {
        let mut m = memory_with(&SEED, OnDuplicate::KeepBoth);
        let mut import = m.import(OnDuplicate::Overwrite).unwrap();
        let added = import.add(&entry(SEED[1].0, "Shops were plundered and buildings torched.")).unwrap();
        assert!(matches!(added, Added::Replaced(_)));
        import.commit().unwrap();
        let got = m.search("plundered", Side::Target, 10).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].entry.source.text, SEED[1].0);
        assert!(m.search("looted", Side::Target, 10).unwrap().is_empty());
        // The index merged from all its chunks gives the same.
        let mut w = m.store.write().unwrap();
        w.merge_postings().unwrap();
        w.commit().unwrap();
        assert_eq!(m.search("plundered", Side::Target, 10).unwrap().len(), 1);
        assert_eq!(m.search("buildings", Side::Target, 10).unwrap().len(), 1);
    }

    #[test]
    fn concordance_ignores_diacritics_and_clitics() {
        let m = memory_with(&SEED, OnDuplicate::KeepBoth);
        let got = m.search("بأجورٍ أعلى", Side::Source, 10).unwrap();
        assert_eq!(got.len(), 1);
        let got = m.search("buildings", Side::Target, 10).unwrap();
        assert_eq!(got[0].entry.source.text, SEED[1].0);
    }
}
