//! Concordance: entries whose source or target holds a phrase, found through the
//! index (the rarest word's posting list) and checked against the text.

use super::matcher::{self, Query};
use super::{Memory, Scope, Stored, index};
use crate::error::Result;

/// Which side of the entries a concordance search looks in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

impl Memory {
    /// Entries whose source (or target) holds the words of `text` in a row, with
    /// any proclitics and ignoring diacritics, tatweel, alef and hamza forms and
    /// case; newest first, at most `limit`.
    ///
    /// ```
    /// use tm::memory::Side;
    /// // The shipped sample, in a memory of its own.
    /// let memory = tm::sample::memory(&tm::lang::LangPair::arabic_english())?.expect("an ar→en sample");
    /// // Diacritics, hamza forms and attached proclitics do not matter.
    /// let found = memory.search("خطّ أنابيبِ للنفط", Side::Source, 5)?;
    /// assert!(!found.is_empty());
    /// assert!(found.iter().all(|s| s.entry.target.text.contains("pipeline")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn search(&self, text: &str, side: Side, limit: usize) -> Result<Vec<Stored>> {
        self.search_in(text, side, limit, &Scope::default())
    }

    /// [`Memory::search`] among the entries of `scope`'s collections.
    pub fn search_in(&self, text: &str, side: Side, limit: usize, scope: &Scope) -> Result<Vec<Stored>> {
        self.require_current_index()?;
        let query = Query::new(text, None);
        if !query.is_matchable() {
            return Ok(Vec::new());
        }
        let stems: Vec<String> = match side {
            Side::Source => query.stems.clone(),
            Side::Target => query.stems.iter().map(|s| index::target_stem(s)).collect(),
        };
        let stats = self.store.stems(&stems)?;
        // Every result holds every word: the rarest word's list has them all.
        let Some(rarest) = stats
            .iter()
            .map(|s| s.map(|(id, df)| (df, id)))
            .collect::<Option<Vec<_>>>()
            .and_then(|v| v.into_iter().min())
        else {
            return Ok(Vec::new());
        };
        let mut ids = Vec::new();
        self.store.postings(rarest.1, |p| ids.push(p.id))?;
        ids.sort_unstable_by(|a, b| b.cmp(a));
        ids.dedup();
        let mut out = Vec::new();
        for chunk in ids.chunks(256) {
            for stored in self.store.entries(chunk)? {
                let text = match side {
                    Side::Source => stored.entry.source.plain().into_owned(),
                    Side::Target => stored.entry.target.plain().into_owned(),
                };
                if scope.takes(stored.entry.collection.as_deref()) && matcher::contains_phrase(&query, &text) {
                    out.push(stored);
                    if out.len() >= limit {
                        return Ok(out);
                    }
                }
            }
        }
        Ok(out)
    }
}
