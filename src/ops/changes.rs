//! The change feed: what changed in a memory after a revision (every write
//! transaction committed is one), so that a copy of it elsewhere can follow
//! (the server's `/api/changes`). How it is kept is [`crate::memory::store`]'s
//! (table `revision`, schema version 5).

use serde::Serialize;

use super::search::FoundJson;
use crate::entry::Id;
use crate::error::Result;
use crate::memory::{Changes, Memory, Page, Stored};
use crate::timestamp::Timestamp;

/// What changed after revision `since`; `None` if the memory is not so far.
pub fn changes_since(memory: &Memory, since: i64, page: Page) -> Result<Option<Changes>> {
    memory.store().changes_since(since, page)
}

/// An entry as the feed gives it: as `tm search --format json` gives it, with
/// its languages and who made and last changed it.
#[derive(Serialize)]
pub struct ChangedJson<'a> {
    #[serde(flatten)]
    found: FoundJson<'a>,
    source_lang: &'a str,
    target_lang: &'a str,
    created: Option<Timestamp>,
    creator: Option<&'a str>,
    changer: Option<&'a str>,
}

impl<'a> ChangedJson<'a> {
    pub fn of(stored: &'a Stored) -> ChangedJson<'a> {
        let e = &stored.entry;
        ChangedJson {
            found: FoundJson::of(stored),
            source_lang: e.source_lang.as_str(),
            target_lang: e.target_lang.as_str(),
            created: e.created,
            creator: e.creator.as_deref(),
            changer: e.changer.as_deref(),
        }
    }
}

/// The feed as JSON: `{since, revision, reset, added, edited, removed}`.
#[derive(Serialize)]
pub struct ChangesJson<'a> {
    since: i64,
    revision: i64,
    reset: bool,
    added: Vec<ChangedJson<'a>>,
    edited: Vec<ChangedJson<'a>>,
    removed: &'a [Id],
    more: bool,
    next: i64,
}

impl<'a> ChangesJson<'a> {
    pub fn of(changes: &'a Changes) -> ChangesJson<'a> {
        ChangesJson {
            since: changes.since,
            revision: changes.revision,
            reset: changes.reset,
            added: changes.added.iter().map(ChangedJson::of).collect(),
            edited: changes.edited.iter().map(ChangedJson::of).collect(),
            removed: &changes.removed,
            more: changes.more,
            next: changes.next,
        }
    }
}
