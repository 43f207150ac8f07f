//! Syncing a memory with a server (`tm sync`), as far as the memory goes: a page
//! of the server's change feed applied to the local memory in one transaction,
//! the pairing of server entries with local ones, and, on the server's side, a
//! batch of entries a client pushes stored in one transaction. The HTTP is
//! [`crate::ops::sync`]'s; the SQL is [`super::store`]'s.
//!
//! # Which side wins
//!
//! Each pairing keeps a hash of the two texts (source, target) both sides had
//! at their last sync. An entry whose texts hash otherwise on one side was
//! changed there since. When a pulled change meets a local entry changed since
//! the last sync too (a *conflict*), **the server's version wins**: the local
//! entry takes it, and its local version is kept among its earlier versions
//! (`tm history`, action `sync`), so nothing typed is lost and every member of
//! a team ends with the same text; each conflict is reported. A server's
//! removal of an entry changed locally removes it too (kept the same way); an
//! entry removed locally and changed on the server comes back. Two sides that
//! made the same change agree: no conflict.

use serde::Serialize;

use super::Memory;
use super::index::{KeyBuffers, index_key};
use super::store::{SyncState, Synced};
use crate::entry::{Entry, Id, Text};
use crate::error::Result;
use crate::hash::Fnv1a;
use crate::timestamp::Timestamp;

/// The origin of the entries a server stores for a client's push.
pub const ORIGIN_SYNC: &str = "sync";

/// What an earlier version that gave way to a pulled change is kept as.
const ACTION: &str = "sync";

/// The hash of an entry's texts that a pairing keeps: FNV-1a of the source and
/// the target, apart.
pub fn texts_hash(source: &str, target: &str) -> i64 {
    let mut h = Fnv1a::default();
    h.write(source.as_bytes());
    h.write(&[0]);
    h.write(target.as_bytes());
    h.finish() as i64
}

fn hash_of(entry: &Entry) -> i64 {
    texts_hash(&entry.source.text, &entry.target.text)
}

/// An entry of the server, as its feed gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct RemoteEntry {
    pub id: i64,
    pub entry: Entry,
}

/// What a pull did to the local memory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PullCounts {
    pub added: u64,
    pub edited: u64,
    pub removed: u64,
    /// Changes the local memory had already (its own entries pushed, coming back).
    pub unchanged: u64,
}

/// A local entry changed since the last sync that a pulled change overrode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub local: Id,
    pub remote: i64,
    pub source: String,
    /// The local target kept among the entry's earlier versions (none: the
    /// entry had been removed locally).
    pub local_target: Option<String>,
    /// The server's target the entry took (none: the server removed it).
    pub server_target: Option<String>,
}

/// One entry a client pushes: new (no `id`), or its edit of server entry `id`.
/// `key` is the client's id for it, given back in the answer.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, Serialize)]
pub struct PushEntry {
    pub key: u64,
    #[serde(default)]
    pub id: Option<u64>,
    pub source: String,
    pub target: String,
}

/// What the server did with a pushed entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PushAction {
    /// Stored as a new entry (an edit of an entry gone is one too).
    Added,
    /// The entry took the pushed texts.
    Edited,
    /// An entry there had these texts already: none stored twice.
    Same,
}

/// The answer for one pushed entry: the server's id for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, Serialize)]
pub struct PushOutcome {
    pub key: u64,
    pub id: u64,
    pub action: PushAction,
}

impl Memory {
    /// What the memory keeps of its syncs with the server at `url`.
    pub fn sync_state(&self, url: &str) -> Result<SyncState> {
        self.store.sync_state(url)
    }

    /// The server entry paired with local entry `local`.
    pub fn synced_local(&self, server: i64, local: Id) -> Result<Option<Synced>> {
        self.store.synced_local(server, local)
    }

    /// Records the server at `url` (once) and returns where its syncs stand.
    pub fn begin_sync(&mut self, url: &str) -> Result<SyncState> {
        let mut w = self.store.write()?;
        let state = w.sync_state(url)?;
        w.commit()?;
        Ok(state)
    }

    /// Applies one page of the server's feed (`changed`: entries added or
    /// edited there, as they are now; `removed`: the ids of those removed) and
    /// records `state` (where the pull stands after it), in one transaction:
    /// a pull cut between pages resumes after the last page applied. With
    /// `ends_whole`, the page is the last of a pull of the server's whole
    /// memory: the entries paired before that it did not give are gone there.
    /// Conflicts are decided as the module says and pushed onto `conflicts`.
    pub fn apply_pulled(
        &mut self,
        state: &SyncState,
        changed: &[RemoteEntry],
        removed: &[i64],
        ends_whole: bool,
        tally: (&mut PullCounts, &mut Vec<Conflict>),
    ) -> Result<()> {
        let (counts, conflicts) = tally;
        let server = state.server;
        // The pull's revision, which every pairing it sees is stamped with.
        let seen = state.pulling.unwrap_or(state.pulled);
        let mut buffers = KeyBuffers::default();
        let mut w = self.store.write()?;
        for remote in changed {
            let e = &remote.entry;
            super::import::belongs(&self.pair, e)?;
            let hash = hash_of(e);
            let source_hash = e.source.markup_hash();
            let key = index_key(&e.source.plain(), &e.target.plain(), &mut buffers);
            let paired = w.synced_remote(server, remote.id)?;
            let local = match paired {
                Some(p) => w.entries(&[p.local])?.pop(),
                None => None,
            };
            let local_id = match (paired, local) {
                (Some(p), Some(local)) => {
                    let now = hash_of(&local.entry);
                    if now == hash {
                        counts.unchanged += 1;
                    } else {
                        if now != p.hash {
                            conflicts.push(Conflict {
                                local: local.id,
                                remote: remote.id,
                                source: local.entry.source.text.clone(),
                                local_target: Some(local.entry.target.text.clone()),
                                server_target: Some(e.target.text.clone()),
                            });
                        }
                        w.save_version(local.id, ACTION, Timestamp::now(), e.changer.as_deref())?;
                        w.overwrite_entry(local.id, e, source_hash, &key)?;
                        counts.edited += 1;
                    }
                    local.id
                }
                // Removed here since the last sync, not changed there: the
                // removal stands (and is pushed).
                (Some(p), None) if p.hash == hash => {
                    counts.unchanged += 1;
                    p.local
                }
                (paired, _) => {
                    if paired.is_some() {
                        conflicts.push(Conflict {
                            local: paired.map_or(Id::default(), |p| p.local),
                            remote: remote.id,
                            source: e.source.text.clone(),
                            local_target: None,
                            server_target: Some(e.target.text.clone()),
                        });
                    }
                    // An entry with the same texts here (the same file imported
                    // on both sides) is paired, not stored twice.
                    let same = w
                        .same_source(source_hash, e.collection.as_deref())?
                        .into_iter()
                        .find(|(_, s, t, _)| s.text == e.source.text && t.text == e.target.text);
                    match same {
                        Some((id, ..)) => {
                            counts.unchanged += 1;
                            id
                        }
                        None => {
                            counts.added += 1;
                            w.insert(e, source_hash, &key)?
                        }
                    }
                }
            };
            w.set_synced(server, Synced { remote: remote.id, local: local_id, hash }, seen)?;
        }
        let mut gone = removed.to_vec();
        if ends_whole {
            gone.extend(w.unseen(server, seen)?);
        }
        for remote in gone {
            let Some(p) = w.synced_remote(server, remote)? else { continue };
            if let Some(local) = w.entries(&[p.local])?.pop() {
                if hash_of(&local.entry) != p.hash {
                    conflicts.push(Conflict {
                        local: local.id,
                        remote,
                        source: local.entry.source.text.clone(),
                        local_target: Some(local.entry.target.text.clone()),
                        server_target: None,
                    });
                }
                counts.removed += w.delete_ids(&[local.id], ACTION, None)?;
            }
            w.unsync(server, remote)?;
        }
        w.set_sync_state(state)?;
        w.commit()
    }

    /// Records what the server answered to a push (`outcomes`, for the local
    /// entries whose texts hash as `hashes` says), the server entries whose
    /// removal it took (`forgotten`), and `state`, in one transaction.
    pub fn record_pushed(
        &mut self,
        state: &SyncState,
        outcomes: &[PushOutcome],
        hashes: &std::collections::HashMap<u64, i64>,
        forgotten: &[i64],
    ) -> Result<()> {
        let mut w = self.store.write()?;
        for o in outcomes {
            let Some(&hash) = hashes.get(&o.key) else { continue };
            w.set_synced(state.server, Synced { remote: o.id as i64, local: Id::new(o.key), hash }, 0)?;
        }
        for &remote in forgotten {
            w.unsync(state.server, remote)?;
        }
        w.set_sync_state(state)?;
        w.commit()
    }

    /// Stores what a client pushes, by `user`, in one transaction (the
    /// server's side): each new entry (or edit of an entry gone) as an entry of
    /// origin [`ORIGIN_SYNC`] unless one with the same texts is there; each
    /// edit of an entry there; then the removals. Returns the server's id of
    /// each pushed entry, in order, and how many were removed.
    pub fn store_pushed(
        &mut self,
        entries: &[PushEntry],
        removed: &[Id],
        user: Option<&str>,
    ) -> Result<(Vec<PushOutcome>, u64)> {
        if entries.is_empty() && removed.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let mut buffers = KeyBuffers::default();
        let mut outcomes = Vec::with_capacity(entries.len());
        let mut w = self.store.write()?;
        for pushed in entries {
            let source = Text::from_plain(pushed.source.as_str());
            let target = Text::from_plain(pushed.target.as_str());
            let key = index_key(&source.plain(), &target.plain(), &mut buffers);
            let source_hash = source.markup_hash();
            let there = match pushed.id {
                Some(id) => w.entries(&[Id::new(id)])?.pop(),
                None => None,
            };
            let outcome = |id: Id, action| PushOutcome { key: pushed.key, id: id.get(), action };
            if let Some(stored) = there {
                let e = &stored.entry;
                if e.source.text == pushed.source && e.target.text == pushed.target {
                    outcomes.push(outcome(stored.id, PushAction::Same));
                } else {
                    w.edit(stored.id, &source, &target, source_hash, &key, user)?;
                    outcomes.push(outcome(stored.id, PushAction::Edited));
                }
                continue;
            }
            let same = w
                .same_source(source_hash, None)?
                .into_iter()
                .find(|(_, s, t, _)| s.text == pushed.source && t.text == pushed.target);
            if let Some((id, ..)) = same {
                outcomes.push(outcome(id, PushAction::Same));
                continue;
            }
            let mut entry = Entry::new(
                &pushed.source,
                &pushed.target,
                self.pair.source.clone(),
                self.pair.target.clone(),
                ORIGIN_SYNC,
            );
            entry.creator = user.map(str::to_string);
            let id = w.insert(&entry, source_hash, &key)?;
            outcomes.push(outcome(id, PushAction::Added));
        }
        let removed = w.delete_ids(removed, "remove", user)?;
        w.commit()?;
        Ok((outcomes, removed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::LangTag;

    fn remote(id: i64, source: &str, target: &str) -> RemoteEntry {
        let ar = LangTag::parse("ar").unwrap();
        let en = LangTag::parse("en").unwrap();
        let mut entry = Entry::new(source, target, ar, en, "law.tmx");
        entry.changer = Some("hala".into());
        RemoteEntry { id, entry }
    }

    fn targets(memory: &Memory) -> Vec<String> {
        let mut out = Vec::new();
        memory
            .store()
            .scan(&Default::default(), |s| {
                out.push(s.entry.target.text);
                Ok(())
            })
            .unwrap();
        out
    }

    const OIL: &str = "ارتفعت أسعار النفط اليوم";
    const FIELD: &str = "حقل تنغيز";

    #[test]
    fn a_pulled_page_adds_edits_and_removes_and_pairs_each_entry_once() {
        let mut memory = Memory::in_memory(None).unwrap();
        let mut state = memory.begin_sync("http://team").unwrap();
        let (mut counts, mut conflicts) = (PullCounts::default(), Vec::new());
        let page = [remote(7, OIL, "Oil prices rose today"), remote(9, FIELD, "the Tengiz field")];
        state.pulled = 3;
        memory.apply_pulled(&state, &page, &[], false, (&mut counts, &mut conflicts)).unwrap();
        // The same page again (a pull resumed after its commit) changes nothing.
        memory.apply_pulled(&state, &page, &[], false, (&mut counts, &mut conflicts)).unwrap();
        let edit = [remote(7, OIL, "Oil prices went up today")];
        memory.apply_pulled(&state, &edit, &[9], false, (&mut counts, &mut conflicts)).unwrap();
        assert_eq!(counts, PullCounts { added: 2, edited: 1, removed: 1, unchanged: 2 });
        assert!(conflicts.is_empty());
        assert_eq!(targets(&memory), ["Oil prices went up today"]);
        assert_eq!(memory.sync_state("http://team").unwrap().pulled, 3);
    }

    /// The rule of the module: a local edit since the last sync gives way to
    /// the server's, and is kept in the entry's history.
    #[test]
    fn the_servers_version_wins_a_conflict_and_the_local_one_is_kept() {
        let mut memory = Memory::in_memory(None).unwrap();
        let state = memory.begin_sync("http://team").unwrap();
        let (mut counts, mut conflicts) = (PullCounts::default(), Vec::new());
        memory
            .apply_pulled(&state, &[remote(7, OIL, "Oil prices rose today")], &[], false, (&mut counts, &mut conflicts))
            .unwrap();
        let local = memory.synced_local(state.server, Id::new(1)).unwrap().unwrap();
        assert_eq!(local.remote, 7);
        memory.edit(local.local, None, Some("Oil prices climbed today"), Some("omar")).unwrap();
        let edit = [remote(7, OIL, "Oil prices went up today")];
        memory.apply_pulled(&state, &edit, &[], false, (&mut counts, &mut conflicts)).unwrap();
        assert_eq!(targets(&memory), ["Oil prices went up today"]);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].local_target.as_deref(), Some("Oil prices climbed today"));
        let versions = memory.store().versions(local.local).unwrap();
        let last = versions.last().unwrap();
        assert_eq!((last.target.text.as_str(), last.action.as_str()), ("Oil prices climbed today", "sync"));
    }

    #[test]
    fn a_push_stores_new_entries_edits_and_never_the_same_texts_twice() {
        let mut memory = Memory::in_memory(None).unwrap();
        let push = |key, id, target: &str| PushEntry { key, id, source: OIL.into(), target: target.into() };
        let (first, _) = memory.store_pushed(&[push(1, None, "Oil prices rose today")], &[], Some("hala")).unwrap();
        assert_eq!(first[0].action, PushAction::Added);
        let id = first[0].id;
        let again = [push(1, None, "Oil prices rose today"), push(2, Some(id), "Oil prices went up today")];
        let (second, removed) = memory.store_pushed(&again, &[], Some("hala")).unwrap();
        assert_eq!(second[0], PushOutcome { key: 1, id, action: PushAction::Same });
        assert_eq!(second[1], PushOutcome { key: 2, id, action: PushAction::Edited });
        assert_eq!(removed, 0);
        assert_eq!(targets(&memory), ["Oil prices went up today"]);
        let stored = memory.store().entries(&[Id::new(id)]).unwrap().remove(0);
        assert_eq!((stored.entry.creator.as_deref(), stored.entry.origin.as_str()), (Some("hala"), ORIGIN_SYNC));
        let (_, removed) = memory.store_pushed(&[], &[Id::new(id)], Some("hala")).unwrap();
        assert_eq!((removed, targets(&memory).len()), (1, 0));
    }
}
