//! `tm dedupe`: entries that hold the same translation of the same source become
//! one.
//!
//! Two entries are duplicates when they have the same language pair, the same
//! collection (a client's work is never merged into another's), sources with the
//! same matching key (so a copy with diacritics, another hamza form, tatweel or
//! Arabic-Indic digits is the same source: the matcher scores them 100 against each
//! other anyway) and targets that are the same text once white space is folded.
//! A target's case, punctuation and inline codes are part of the translation a
//! reviewer approved, so targets that differ in them are kept apart: `Kazmunaygas`
//! is not `KazMunayGas`.
//!
//! Of each group the newest entry (last changed; of equals, the last stored) is
//! kept, with its texts, origin and change. It takes in the others' contexts, props
//! and notes ([`Meta::merge`]), the earliest creation (the translation has existed
//! since then) and a confirmation if any had one (a person approved this very
//! pair). The others are removed, each kept among its earlier versions (`tm history
//! ID`, action `dedupe`), and the kept one's version before the merge is kept too
//! (action `merge`). All in one transaction.
//!
//! The first pass reads every entry the filter takes but keeps only a hash of its
//! key and its id; only the ids of a hash met twice are read again, grouped by the
//! keys themselves (so a hash collision merges nothing), which keeps the memory it
//! needs to a few dozen bytes per entry.

use std::collections::HashMap;

use serde::Serialize;

use super::Memory;
use super::store::{Confirmation, Filter, Stored};
use crate::entry::{Id, Meta};
use crate::error::Result;
use crate::hash::Fnv1a;
use crate::progress::{Count, Progress};
use crate::timestamp::Timestamp;

/// One group of duplicates: the entry kept and those merged into it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Merged {
    pub kept: Id,
    pub removed: Vec<Id>,
}

/// What `tm dedupe` did (or, dry, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Deduped {
    /// Entries looked at.
    pub entries: u64,
    pub groups: Vec<Merged>,
}

impl Deduped {
    /// Entries removed (or to remove).
    pub fn removed(&self) -> u64 {
        self.groups.iter().map(|g| g.removed.len() as u64).sum()
    }
}

/// What makes two entries duplicates: language pair, collection, the source's
/// matching key and the target with white space folded.
fn duplicate_key(stored: &Stored) -> String {
    let e = &stored.entry;
    let target = e.target.markup.as_deref().unwrap_or(&e.target.text);
    let mut key = crate::normalize::key(&e.source.plain());
    for part in [e.source_lang.as_str(), e.target_lang.as_str(), e.collection.as_deref().unwrap_or("")] {
        key.push('\u{0}');
        key.push_str(part);
    }
    key.push('\u{0}');
    for (i, word) in target.split_whitespace().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

fn hash_of(key: &str) -> u64 {
    let mut h = Fnv1a::default();
    h.write(key.as_bytes());
    h.finish()
}

/// The entry a group keeps: the last changed, then the last stored.
fn newest(group: &[Stored]) -> usize {
    (0..group.len())
        .max_by_key(|&i| (group[i].entry.changed.unwrap_or(Timestamp(0)), group[i].id))
        .expect("a group has entries")
}

impl Memory {
    /// Merges the duplicates among the entries `filter` takes (see the module
    /// documentation), as `who`, in one transaction; with `dry`, only says what it
    /// would merge.
    pub fn dedupe(
        &mut self,
        filter: &Filter,
        dry: bool,
        who: Option<&str>,
        progress: &dyn Progress,
    ) -> Result<Deduped> {
        let mut w = self.store.write()?;
        let total = w.count(filter)?;
        progress.start("dedupe", total, Count::Items);
        let mut by_hash: HashMap<u64, Vec<Id>> = HashMap::new();
        let mut report = Deduped::default();
        w.scan(filter, |stored| {
            by_hash.entry(hash_of(&duplicate_key(&stored))).or_default().push(stored.id);
            report.entries += 1;
            if report.entries % 4096 == 0 {
                progress.set(report.entries);
            }
            Ok(())
        })?;
        let mut candidates: Vec<Id> = by_hash.into_values().filter(|ids| ids.len() > 1).flatten().collect();
        candidates.sort_unstable();
        let mut groups: HashMap<String, Vec<Stored>> = HashMap::new();
        for ids in candidates.chunks(512) {
            w.scan(&Filter { ids: ids.to_vec(), ..Filter::default() }, |stored| {
                groups.entry(duplicate_key(&stored)).or_default().push(stored);
                Ok(())
            })?;
        }
        let mut groups: Vec<Vec<Stored>> = groups.into_values().filter(|g| g.len() > 1).collect();
        groups.sort_unstable_by_key(|g| g[0].id);
        let now = Timestamp::now();
        for mut group in groups {
            let kept = group.swap_remove(newest(&group));
            group.sort_unstable_by_key(|s| s.id);
            let removed: Vec<Id> = group.iter().map(|s| s.id).collect();
            if !dry {
                let mut meta: Meta = kept.entry.meta.clone();
                let mut created = (kept.entry.created.unwrap_or(now), kept.entry.creator.clone());
                let mut confirmation: Option<Confirmation> = w.confirmation(kept.id)?;
                for other in &group {
                    meta.merge(&other.entry.meta);
                    let when = other.entry.created.unwrap_or(now);
                    if when < created.0 {
                        created = (when, other.entry.creator.clone());
                    }
                    if let Some(c) = w.confirmation(other.id)?
                        && confirmation.as_ref().is_none_or(|mine| c.when < mine.when)
                    {
                        confirmation = Some(c);
                    }
                }
                w.save_version(kept.id, "merge", now, who)?;
                w.absorb(kept.id, &meta, (created.0, created.1.as_deref()), confirmation.as_ref())?;
                w.delete_ids(&removed, "dedupe", who)?;
            }
            report.groups.push(Merged { kept: kept.id, removed });
        }
        progress.finish();
        if !dry {
            w.commit()?;
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Entry;
    use crate::lang::LangTag;

    fn stored(id: u64, source: &str, target: &str, collection: Option<&str>) -> Stored {
        let mut entry = Entry::new(source, target, LangTag::parse("ar").unwrap(), LangTag::parse("en").unwrap(), "t");
        entry.collection = collection.map(str::to_string);
        Stored { id: Id::new(id), entry }
    }

    #[test]
    fn a_source_with_diacritics_and_a_target_with_other_spacing_are_duplicates() {
        let a = stored(1, "أضرب عمال النفط", "Oil workers  went on strike.", None);
        let b = stored(2, "أَضْرَبَ عمّال النفط", "Oil workers went on strike. ", None);
        assert_eq!(duplicate_key(&a), duplicate_key(&b));
    }

    #[test]
    fn targets_that_differ_in_case_or_collection_are_not_duplicates() {
        let a = stored(1, "كازمونايجاز", "KazMunayGas", None);
        assert_ne!(duplicate_key(&a), duplicate_key(&stored(2, "كازمونايجاز", "Kazmunaygas", None)));
        assert_ne!(duplicate_key(&a), duplicate_key(&stored(3, "كازمونايجاز", "KazMunayGas", Some("acme"))));
    }
}
