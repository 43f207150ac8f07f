//! Concordance: entries whose source or target holds a phrase, found through the
//! index (the entries filed under a stem of each of its words) and checked against
//! the text ([`Phrase`] says what matches
//! what), or holding a regular expression, checked against every entry.

use regex::Regex;

use super::matcher::{How, Phrase};
use super::{Memory, Scope, Stored};
use crate::error::Result;

/// Which side of the entries a concordance search looks in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

/// What a concordance search looks for.
#[derive(Clone, Copy, Debug)]
pub enum Pattern<'a> {
    /// The words of a text, as a user means them ([`How::Words`]).
    Words(&'a str),
    /// The words of a text as written ([`How::Exact`]).
    Exact(&'a str),
    /// A regular expression, matched against the text as stored (without its
    /// inline markup). It cannot use the index: every entry is read, newest
    /// first, until `limit` are found.
    Regex(&'a Regex),
}

impl Memory {
    /// Entries whose source (or target) holds the words of `text` in a row, with
    /// any proclitics and ignoring diacritics, tatweel, alef and hamza forms and
    /// case, English words by their stem, glossary names in any spelling; newest
    /// first, at most `limit`. ([`Memory::search_for`] with [`Pattern::Words`].)
    ///
    /// ```
    /// use tm::memory::Side;
    /// use tm::ops::open::{OpenOptions, open_in_memory};
    /// let mut memory = open_in_memory(&OpenOptions::default(), &tm::progress::Silent)?.memory;
    /// tm::sample::load(&mut memory)?; // the seed report's pairs and names
    /// // Diacritics, hamza forms and attached proclitics do not matter.
    /// let found = memory.search("خطّ أنابيبِ للنفط", Side::Source, 5)?;
    /// assert!(!found.is_empty());
    /// assert!(found.iter().all(|s| s.entry.target.text.contains("pipeline")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn search(&self, text: &str, side: Side, limit: usize) -> Result<Vec<Stored>> {
        self.search_for(Pattern::Words(text), side, limit, &Scope::default())
    }

    /// Entries of `scope`'s collections whose source (or target) holds `pattern`,
    /// newest first, at most `limit`.
    pub fn search_for(&self, pattern: Pattern<'_>, side: Side, limit: usize, scope: &Scope) -> Result<Vec<Stored>> {
        let taken = |stored: &Stored| scope.takes(stored.entry.collection.as_deref());
        let text_of = |stored: &Stored| match side {
            Side::Source => stored.entry.source.plain().into_owned(),
            Side::Target => stored.entry.target.plain().into_owned(),
        };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let (text, how) = match pattern {
            Pattern::Words(text) => (text, How::Words),
            Pattern::Exact(text) => (text, How::Exact),
            Pattern::Regex(regex) => {
                let mut out = Vec::new();
                self.store.scan_newest_first(|stored| {
                    if taken(&stored) && regex.is_match(&text_of(&stored)) {
                        out.push(stored);
                    }
                    Ok(out.len() < limit)
                })?;
                return Ok(out);
            }
        };
        self.require_current_index()?;
        let glossary = if side == Side::Source && how == How::Words { Some(self.glossary()?) } else { None };
        let phrase = Phrase::new(text, side, how, glossary.as_ref());
        if !phrase.is_matchable() {
            return Ok(Vec::new());
        }
        let mut ids = self.candidates(&phrase)?;
        ids.reverse();
        let mut out = Vec::new();
        for chunk in ids.chunks(256) {
            for stored in self.store.entries(chunk)? {
                if taken(&stored) && phrase.found_in(&text_of(&stored), glossary.as_ref()) {
                    out.push(stored);
                    if out.len() >= limit {
                        return Ok(out);
                    }
                }
            }
        }
        Ok(out)
    }

    /// The entries that may hold the phrase, in increasing id order: those filed
    /// under a stem of each thing of it (for each, under any of its groups, by the
    /// group's rarest stem). The things are taken rarest first; one whose lists
    /// are much longer than the entries left is not read (checking those entries
    /// costs less).
    fn candidates(&self, phrase: &Phrase) -> Result<Vec<super::Id>> {
        const READ_UP_TO: u64 = 16;
        let groups = phrase.index_groups();
        let mut all: Vec<String> = groups.iter().flatten().flatten().flatten().cloned().collect();
        all.sort_unstable();
        all.dedup();
        let found = self.store.stems(&all)?;
        let lookup = |stem: &String| all.binary_search(stem).ok().and_then(|i| found[i]);
        let mut things: Vec<(u64, Vec<i64>)> = Vec::new();
        for alternatives in groups.iter().flatten() {
            // Each group that can be found at all, by its rarest stem.
            let (mut cost, mut lists) = (0, Vec::new());
            for group in alternatives {
                let stems: Option<Vec<(i64, u64)>> = group.iter().map(lookup).collect();
                if let Some((id, df)) = stems.and_then(|s| s.into_iter().min_by_key(|&(_, df)| df)) {
                    cost += df;
                    lists.push(id);
                }
            }
            if lists.is_empty() {
                return Ok(Vec::new());
            }
            lists.sort_unstable();
            lists.dedup();
            things.push((cost, lists));
        }
        things.sort_unstable();
        let mut ids: Option<Vec<super::Id>> = None;
        for (cost, lists) in things {
            if let Some(ids) = &ids
                && (ids.is_empty() || cost > READ_UP_TO * ids.len() as u64)
            {
                break;
            }
            let mut these = Vec::new();
            for stem in lists {
                self.store.postings(stem, |p| these.push(p.id))?;
            }
            these.sort_unstable();
            these.dedup();
            ids = Some(match ids {
                None => these,
                Some(mut ids) => {
                    ids.retain(|id| these.binary_search(id).is_ok());
                    ids
                }
            });
        }
        Ok(ids.unwrap_or_default())
    }
}
