//! Concordance search as a front end runs it: the memory's entries, then those
//! of the shipped sample while it is consulted ([`super::open::Sample`]), up to
//! a limit, with the JSON form every front end writes (`tm search --format
//! json`, the server's `/api/search`).

use serde::Serialize;

use crate::entry::Id;
use crate::error::Result;
use crate::memory::{Memory, Pattern, Scope, Side, Stored};
use crate::timestamp::Timestamp;

/// The entries whose `side` holds `pattern`, newest first, at most `limit`:
/// the memory's, then (with `sample`) the shipped sample's.
pub fn search(
    memory: &Memory,
    pattern: Pattern<'_>,
    side: Side,
    limit: usize,
    scope: &Scope,
    sample: bool,
) -> Result<Vec<Stored>> {
    let mut found = memory.search_for(pattern, side, limit, scope)?;
    if sample
        && found.len() < limit
        && let Some(sample) = crate::sample::memory(memory.pair())?
    {
        found.extend(sample.search_for(pattern, side, limit - found.len(), scope)?);
    }
    Ok(found)
}

/// A result as JSON: one line of `tm search --format json`.
#[derive(Serialize)]
pub struct FoundJson<'a> {
    id: Id,
    source: &'a str,
    target: &'a str,
    origin: &'a str,
    collection: Option<&'a str>,
    changed: Option<Timestamp>,
}

impl<'a> FoundJson<'a> {
    pub fn of(stored: &'a Stored) -> FoundJson<'a> {
        let e = &stored.entry;
        FoundJson {
            id: stored.id,
            source: &e.source.text,
            target: &e.target.text,
            origin: &e.origin,
            collection: e.collection.as_deref(),
            changed: e.changed,
        }
    }
}
