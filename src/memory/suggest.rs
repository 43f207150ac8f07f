//! From a segment to its best matches: the plan ([`matcher::plan`]), the posting
//! lists it names, the candidates in the length window, their upper bounds, and the
//! scores of as few of them as it takes.
//!
//! A [`Suggester`] serves one thread through a whole document and keeps what
//! segments share: document frequencies of the stems it has looked up, the hit
//! counters, and the matches of segments it has seen (a document repeats itself).
//!
//! The work per segment is bounded by the plan: only the `D + 1` rarest stems'
//! lists are read, each posting costs a counter increment (entries outside the
//! length window are dropped on reading), and candidates are scored best bound
//! first until no unread one can enter the top matches. At one million entries of
//! near-duplicate reports, that is a few thousand postings and a few dozen scored
//! candidates per segment (see `bench/fuzzy/`).

use std::collections::HashMap;

use super::index::Posting;
use super::matcher::{self, Query, Repair, Scratch};
use super::store::Store;
use super::{Match, MatchOptions, Scope};
use crate::entry::Id;
use crate::error::Result;
use crate::glossary::Glossary;

/// Candidates beyond which more posting lists are read to bound them tighter…
const EXTRA_LISTS_FROM: usize = 16;
/// …as long as the extra postings number at most this per candidate: decoding that
/// many takes about a tenth of the time scoring one candidate takes.
const EXTRA_POSTINGS_PER_CANDIDATE: u64 = 300;
/// Lists read before the first candidates are scored to set a threshold…
const SEED_AFTER_LISTS: usize = 2;
/// …and how many are scored then.
const SEED_CANDIDATES: usize = 8;
/// The score a segment is first searched for as if it were the minimum (when
/// the minimum is lower): where `max` entries reach it, no other entry can enter
/// the matches, and that search reads only the few rarest lists, and of them
/// only the entries of about the segment's length ([`super::index::band`]). In a
/// memory of many versions of its texts, most segments end there; one that
/// does not is searched again for the minimum, keeping what was scored.
const PROBE_SCORE: u8 = 90;
/// Segments whose matches are kept for repeats.
const SEEN_SEGMENTS: usize = 4096;

/// Matches segment after segment against one memory.
pub struct Suggester<'m> {
    store: &'m Store,
    glossary: &'m Glossary,
    options: MatchOptions,
    /// The collections taken and preferred.
    scope: Scope,
    /// The most words a glossary name has (1 without names of several words).
    words_per_name: u32,
    /// Entries that may hold a glossary name of several words ([`Merging`]).
    merging: Merging,
    scratch: Scratch,
    /// For each entry id, the segment's tokens (of the lists read) it has a
    /// counterpart for, for the current segment.
    hits: Vec<u16>,
    /// Ids with non-zero `hits`, with their lengths.
    touched: Vec<(Id, u8)>,
    stems: HashMap<String, Option<(i64, u64)>>,
    seen: HashMap<String, Vec<Match>>,
    /// Candidates scored for the last segment (for benchmarks and `--timings`).
    pub scored: usize,
    /// Every entry is a candidate ([`Suggester::exhaustive`]).
    every_entry: bool,
    /// The name of each origin met so far, by number.
    origins: HashMap<i64, String>,
}

impl<'m> Suggester<'m> {
    pub fn new(store: &'m Store, glossary: &'m Glossary, options: MatchOptions) -> Result<Suggester<'m>> {
        let max_id = store.max_id()?.index();
        Ok(Suggester {
            store,
            glossary,
            options,
            scope: Scope::default(),
            words_per_name: glossary.max_words().max(1) as u32,
            merging: Merging::of(store, glossary, max_id)?,
            scratch: Scratch::default(),
            hits: vec![0; max_id + 1],
            touched: Vec::new(),
            stems: HashMap::new(),
            seen: HashMap::new(),
            scored: 0,
            every_entry: false,
            origins: HashMap::new(),
        })
    }

    /// Scores every entry of the memory (up to the highest id when made) instead
    /// of the index's candidates, with the same score, scope and ranking: what
    /// the index's bounds must give, at the cost of a scan per segment. It checks
    /// the index on a real memory (`tm suggest --exhaustive`, `bench/fuzzy/tail.py`).
    pub fn exhaustive(mut self) -> Self {
        self.every_entry = true;
        self.seen.clear();
        self
    }

    /// Takes only the entries of `scope`'s collections, and prefers its preferred
    /// one ([`matcher::prefer`]).
    pub fn scoped(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self.seen.clear();
        self
    }

    /// Document frequencies (and stem ids) of `stems`, from the cache or the store.
    fn stem_stats(&mut self, stems: &[String]) -> Result<Vec<Option<(i64, u64)>>> {
        let missing: Vec<String> = stems.iter().filter(|s| !self.stems.contains_key(*s)).cloned().collect();
        if !missing.is_empty() {
            for (stem, stat) in missing.iter().zip(self.store.stems(&missing)?) {
                self.stems.insert(stem.clone(), stat);
            }
        }
        Ok(stems.iter().map(|s| self.stems.get(s).copied().flatten()).collect())
    }

    /// The best matches for one segment, best first.
    pub fn suggest(&mut self, segment: &str) -> Result<Vec<Match>> {
        self.scored = 0;
        if let Some(done) = self.seen.get(segment) {
            return Ok(done.clone());
        }
        // One read transaction for the segment's queries (not one per statement).
        let store = self.store;
        let matches = store.reading(|| self.find(segment))?;
        if self.seen.len() >= SEEN_SEGMENTS {
            self.seen.clear();
        }
        self.seen.insert(segment.to_string(), matches.clone());
        Ok(matches)
    }

    fn find(&mut self, segment: &str) -> Result<Vec<Match>> {
        let glossary = Some(self.glossary).filter(|g| !g.is_empty());
        let query = Query::new(segment, glossary);
        let max = self.options.max;
        if !query.is_matchable() || max == 0 {
            return Ok(Vec::new());
        }
        let min_score = self.options.min_score.clamp(1, 100);
        let stats = self.stem_stats(&query.stems)?;
        let df: Vec<Option<u64>> = stats.iter().map(|t| t.map(|(_, df)| df)).collect();
        let plan = matcher::plan(&query, &df, min_score, self.words_per_name);
        // The stems entries have, rarest first: the prefix, then the rest.
        let order: Vec<(i64, u16)> = plan
            .prefix
            .iter()
            .chain(&plan.rest)
            .filter_map(|&i| stats[i].map(|(t, _)| (t, query.counts[i].min(u32::from(u16::MAX)) as u16)))
            .collect();

        let mut top = Top::new(max, min_score);
        if self.every_entry {
            for at in 1..self.hits.len() {
                self.score_into(&query, glossary, Id::new(at as u64), &mut top)?;
            }
            return self.ranked(&query, segment, glossary, top);
        }
        // First as if only matches of PROBE_SCORE or more mattered: where there
        // are `max` of them, they are the answer.
        let segment_of = Segment { query: &query, glossary, df: &df, order: &order };
        if PROBE_SCORE > min_score {
            let probe = matcher::plan(&query, &df, PROBE_SCORE, self.words_per_name);
            top.floor = PROBE_SCORE;
            self.search_afresh(&segment_of, &probe, &mut top)?;
            top.floor = 0;
            if top.is_full() && top.threshold() >= PROBE_SCORE {
                return self.ranked(&query, segment, glossary, top);
            }
        }
        self.search_afresh(&segment_of, &plan, &mut top)?;
        self.ranked(&query, segment, glossary, top)
    }

    /// [`Suggester::search`] with counters of its own, left clean after.
    fn search_afresh(&mut self, segment: &Segment<'_>, plan: &matcher::Plan, top: &mut Top) -> Result<()> {
        let mut hits = std::mem::take(&mut self.hits);
        let mut touched = std::mem::take(&mut self.touched);
        touched.clear();
        let found = self.search(segment, plan, top, &mut hits, &mut touched);
        // Leave the counters clean for the next search, whatever happened.
        for &(id, _) in &touched {
            hits[id.index()] = 0;
        }
        self.hits = hits;
        self.touched = touched;
        found
    }

    /// The matches of `top`, ranked, with their entries, diffs and repairs.
    fn ranked(&self, query: &Query, segment: &str, glossary: Option<&Glossary>, top: Top) -> Result<Vec<Match>> {
        let max = self.options.max;
        let mut found = top.found;
        rank(query, &mut found, max);
        let ids: Vec<Id> = found.iter().map(|f| f.id).collect();
        let mut stored: HashMap<Id, super::Entry> =
            self.store.entries(&ids)?.into_iter().map(|s| (s.id, s.entry)).collect();
        Ok(found
            .into_iter()
            .filter_map(|f| {
                let entry = stored.remove(&f.id)?;
                let diff = matcher::diff(query, segment, &f.plain, glossary);
                let mut repairs = f.repairs;
                if let Some(g) = glossary {
                    repairs.extend(matcher::glossary_repairs(query, &entry.target.text, g, &repairs));
                }
                let target = matcher::repair(&entry.target.text, &repairs);
                Some(Match { id: f.id, score: f.score, context: false, entry, diff, target, repairs })
            })
            .collect())
    }

    /// Finds the best matches into `top`: reads posting lists rarest first, counting
    /// in `hits` (by entry id) the lists each candidate is in, and scores
    /// candidates best bound first.
    ///
    /// The prefix a threshold needs shrinks as the threshold rises ([`matcher::plan`]):
    /// once a few candidates are scored, the `max`-th best score so far is the
    /// threshold an entry must reach to matter, and only the prefix for that
    /// threshold is read. Near-duplicates of the segment (the usual case in a
    /// memory of many versions) raise it at once, and a long segment then reads a
    /// handful of lists instead of nearly half of its stems' lists.
    fn search(
        &mut self,
        segment: &Segment<'_>,
        plan: &matcher::Plan,
        top: &mut Top,
        hits: &mut Vec<u16>,
        touched: &mut Vec<(Id, u8)>,
    ) -> Result<()> {
        let Segment { query, glossary, df, order } = *segment;
        let mut needed = plan.prefix.len();
        let mut window = plan.window;
        // Lists read, and the segment's tokens they hold.
        let (mut lists, mut read) = (0, 0);
        while lists < needed {
            let merging = &self.merging;
            let (stem, times) = order[lists];
            // Only the bands of the lengths the window takes (for any entry:
            // the wide window holds the exact one).
            self.store.postings_of_lengths(stem, window.wide, |p| count(hits, touched, window, merging, times, p))?;
            lists += 1;
            read += u32::from(times);
            if lists == SEED_AFTER_LISTS && lists < needed {
                // Score the most promising candidates so far, and read only the
                // prefix the threshold they set needs.
                let mut seeds: Vec<(u8, Id)> = touched
                    .iter()
                    .map(|&(id, len)| (self.bound(query, plan, read, hits[id.index()], id, len), id))
                    .collect();
                seeds.sort_unstable_by(|a, b| b.cmp(a));
                for &(bound, id) in seeds.iter().take(SEED_CANDIDATES) {
                    if bound >= top.threshold() && !top.has(id) {
                        self.score_into(query, glossary, id, top)?;
                    }
                }
                if top.threshold() > plan.min_score {
                    let tighter = matcher::plan(query, df, top.threshold(), self.words_per_name);
                    needed = tighter.prefix.len().clamp(lists, needed);
                    window = tighter.window;
                }
            }
        }
        // Candidates that can still matter stay; the others are dropped.
        let threshold = top.threshold();
        let merging = &self.merging;
        touched.retain(|&(id, length)| {
            let may_merge = merging.may(id);
            let h = &mut hits[id.index()];
            let viable = window.takes(u32::from(length), may_merge)
                && !top.has(id)
                && matcher::upper_bound(query, plan, read, u32::from(*h), u32::from(length), may_merge) >= threshold;
            if !viable {
                *h = 0;
            }
            viable
        });
        // Many candidates: read the next rarest lists too, for the candidates only,
        // while that costs less than scoring them would.
        if touched.len() > EXTRA_LISTS_FROM {
            let mut budget = touched.len() as u64 * EXTRA_POSTINGS_PER_CANDIDATE;
            let rest = plan.prefix.iter().chain(&plan.rest).filter_map(|&i| df[i]).skip(lists);
            for (&(stem, times), list_df) in order[lists..].iter().zip(rest) {
                if list_df > budget {
                    break;
                }
                budget -= list_df;
                self.store.postings_of_lengths(stem, window.wide, |p| {
                    if let Some(h) = hits.get_mut(p.id.index()).filter(|h| **h > 0) {
                        *h = h.saturating_add(times.min(u16::from(p.count)));
                    }
                })?;
                read += u32::from(times);
            }
        }
        // Best bound first (a counting sort: bounds are 0–100).
        let mut by_bound: Vec<Vec<Id>> = vec![Vec::new(); 101];
        for &(id, length) in touched.iter() {
            let bound = self.bound(query, plan, read, hits[id.index()], id, length);
            if bound >= threshold {
                by_bound[usize::from(bound)].push(id);
            }
        }
        for bound in (usize::from(threshold)..=100).rev() {
            for &id in &by_bound[bound] {
                // An entry of the threshold's score may still rank above one
                // found (by the unrounded score, then characters): stop below it.
                if top.is_full() && (bound as u8) < top.threshold() {
                    return Ok(());
                }
                self.score_into(query, glossary, id, top)?;
            }
        }
        Ok(())
    }

    /// [`matcher::penalize`] for an entry of origin number `origin_id`, the
    /// origin's name read once.
    fn penalize(&mut self, score: u8, origin_id: i64) -> Result<u8> {
        if !self.origins.contains_key(&origin_id) {
            let name = self.store.origin_name(origin_id)?.unwrap_or_default();
            self.origins.insert(origin_id, name);
        }
        Ok(matcher::penalize(score, &self.origins[&origin_id]))
    }

    /// [`matcher::upper_bound`] for entry `id`, found in lists holding `read` of
    /// the segment's tokens with a counterpart for `hits` of them.
    fn bound(&self, query: &Query, plan: &matcher::Plan, read: u32, hits: u16, id: Id, length: u8) -> u8 {
        matcher::upper_bound(query, plan, read, u32::from(hits), u32::from(length), self.merging.may(id))
    }

    /// Scores entry `id` against the segment and keeps it in `top` if it is good enough.
    fn score_into(&mut self, query: &Query, glossary: Option<&Glossary>, id: Id, top: &mut Top) -> Result<()> {
        let Some(candidate) = self.store.candidate(id)? else { return Ok(()) };
        if !self.scope.takes(candidate.collection.as_deref()) {
            return Ok(());
        }
        self.scored += 1;
        let plain = candidate.source.plain();
        // Scored exactly down to what the matches need now, not to the floor of
        // a first search: a candidate scored then need not be scored again.
        let floor = top.needed();
        let codes = matcher::Codes { source: candidate.source.code_count(), target: candidate.target_codes };
        let scored = matcher::score_from(query, &plain, &candidate.target, codes, glossary, floor, &mut self.scratch);
        // A confirmed entry made by the aligner is a person's: no alignment penalty.
        let score = if candidate.confirmed { scored.score } else { self.penalize(scored.score, candidate.origin_id)? };
        let score = matcher::prefer(score, candidate.collection.as_deref(), self.scope.prefer.as_deref());
        top.add(id, score, || Ranked {
            score,
            fine: scored.fine,
            tie: None,
            id,
            plain: plain.into_owned(),
            repairs: scored.repairs,
        });
        Ok(())
    }
}

/// Counts a posting of a list being read (of a stem the segment has `times`), if
/// its entry is in the length window: the segment's tokens of the stem that the
/// entry has a counterpart for.
fn count(
    hits: &mut Vec<u16>,
    touched: &mut Vec<(Id, u8)>,
    window: matcher::Window,
    merging: &Merging,
    times: u16,
    p: Posting,
) {
    if !window.takes(u32::from(p.length), merging.may(p.id)) {
        return;
    }
    let at = p.id.index();
    if at >= hits.len() {
        hits.resize(at + 1, 0);
    }
    if hits[at] == 0 {
        touched.push((p.id, p.length));
    }
    hits[at] = hits[at].saturating_add(times.min(u16::from(p.count)));
}

/// The entries that may hold a glossary name of several words (or one that may
/// take a two-word month's first word): the score takes such a name as one
/// token, so their length in the score may be shorter than the index's (or one
/// longer), and their bounds are wider ([`matcher::plan`]). They are the entries
/// filed under [`Glossary::merging_stems`], read once per suggester; an entry
/// stored after that may be one.
struct Merging {
    /// One bit per entry id up to `known`.
    bits: Vec<u64>,
    known: usize,
}

impl Merging {
    fn of(store: &Store, glossary: &Glossary, max_id: usize) -> Result<Merging> {
        let mut merging = Merging { bits: vec![0; max_id / 64 + 1], known: max_id };
        let stems = glossary.merging_stems();
        if stems.is_empty() {
            return Ok(merging);
        }
        for (stem, _) in store.stems(&stems)?.into_iter().flatten() {
            store.postings(stem, |p| {
                let at = p.id.index();
                if at <= merging.known {
                    merging.bits[at / 64] |= 1 << (at % 64);
                }
            })?;
        }
        Ok(merging)
    }

    fn may(&self, id: Id) -> bool {
        let at = id.index();
        at > self.known || self.bits[at / 64] & (1 << (at % 64)) != 0
    }
}

/// What the searches of one segment share: its query, the glossary, its stems'
/// document frequencies and their ids, rarest first ([`Suggester::find`]).
#[derive(Clone, Copy)]
struct Segment<'a> {
    query: &'a Query,
    glossary: Option<&'a Glossary>,
    df: &'a [Option<u64>],
    order: &'a [(i64, u16)],
}

/// The best matches so far.
struct Top {
    max: usize,
    min_score: u8,
    /// The `max` best scores, descending.
    best: Vec<u8>,
    /// Every candidate scored at or above what the matches needed when it was
    /// scored ([`Top::needed`]): the others can never be among them, since
    /// that only rises.
    found: Vec<Ranked>,
    /// Every candidate scored: a set, since a search asks it of every
    /// candidate it keeps, thousands in a memory of many versions of a text.
    scored: std::collections::HashSet<Id>,
    /// A threshold the search takes as given, whatever it has found
    /// ([`PROBE_SCORE`]; 0 for none).
    floor: u8,
}

impl Top {
    fn new(max: usize, min_score: u8) -> Top {
        Top { max, min_score, best: Vec::new(), found: Vec::new(), scored: Default::default(), floor: 0 }
    }

    fn is_full(&self) -> bool {
        self.best.len() >= self.max
    }

    /// The score an entry needs to matter: the `max`-th best so far, or the
    /// minimum (or the floor, if higher).
    fn threshold(&self) -> u8 {
        self.needed().max(self.floor)
    }

    /// The score an entry needs to enter the matches found so far: the
    /// `max`-th best so far, or the minimum.
    fn needed(&self) -> u8 {
        if self.is_full() { self.best[self.max - 1].max(self.min_score) } else { self.min_score }
    }

    fn has(&self, id: Id) -> bool {
        self.scored.contains(&id)
    }

    fn add(&mut self, id: Id, score: u8, scored: impl FnOnce() -> Ranked) {
        self.scored.insert(id);
        if score >= self.needed() {
            let at = self.best.partition_point(|&s| s >= score);
            self.best.insert(at, score);
            self.best.truncate(self.max);
            self.found.push(scored());
        }
    }
}

/// A candidate that reached the minimum score.
struct Ranked {
    score: u8,
    fine: f32,
    /// Character similarity, computed only where `score` and `fine` tie.
    tie: Option<f64>,
    id: Id,
    plain: String,
    repairs: Vec<Repair>,
}

/// Keeps the `max` best of `found`, best first: by score, then by the score before
/// rounding, then (for entries still tied) by character similarity, then newer
/// first.
fn rank(query: &Query, found: &mut Vec<Ranked>, max: usize) {
    let key = |s: &Ranked| (s.score, s.fine);
    found.sort_by(|a, b| b.score.cmp(&a.score).then(b.fine.total_cmp(&a.fine)).then(b.id.cmp(&a.id)));
    // Groups of equal (score, fine) that reach into the top `max`.
    let mut start = 0;
    while start < found.len().min(max) {
        let end = start + found[start..].iter().take_while(|s| key(s) == key(&found[start])).count();
        if end - start > 1 {
            for s in &mut found[start..end] {
                s.tie = Some(matcher::tie_break(query, &s.plain));
            }
            found[start..end]
                .sort_by(|a, b| b.tie.unwrap_or(0.0).total_cmp(&a.tie.unwrap_or(0.0)).then(b.id.cmp(&a.id)));
        }
        start = end;
    }
    found.truncate(max);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::tmx::TmxReader;
    use crate::lang::LangPair;
    use crate::memory::store::Filter;
    use crate::memory::{Memory, OnDuplicate};

    /// The shipped seed report's pairs.
    fn seed() -> Vec<(String, String)> {
        let (name, text) = crate::sample::MEMORY_FILES[0];
        let mut reader = TmxReader::open(text.as_bytes(), name).unwrap();
        let mut out = Vec::new();
        while let Some(unit) = reader.next_unit().unwrap() {
            let e = unit.to_entry(&LangPair::arabic_english(), "t", "t").unwrap();
            out.push((e.source.text, e.target.text));
        }
        out
    }

    /// A version of `text` with a few edits chosen by `r` (a word dropped,
    /// replaced by a word of `other`, a proclitic added, two words swapped).
    fn vary(text: &str, other: &str, mut r: u64, edits: usize) -> String {
        let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
        let others: Vec<&str> = other.split(' ').collect();
        for _ in 0..edits {
            r = r.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let at = (r >> 33) as usize % words.len();
            match (r >> 20) % 4 {
                0 if words.len() > 3 => drop(words.remove(at)),
                1 => words[at] = others[(r >> 40) as usize % others.len()].to_string(),
                2 => words[at] = format!("و{}", words[at]),
                _ if at + 1 < words.len() => words.swap(at, at + 1),
                _ => {}
            }
        }
        words.join(" ")
    }

    /// Every entry scored, ranked as the suggester ranks: what the index must find.
    fn brute_force(memory: &Memory, glossary: &Glossary, segment: &str, options: MatchOptions) -> Vec<(u8, Id)> {
        let g = Some(glossary).filter(|g| !g.is_empty());
        let query = Query::new(segment, g);
        if !query.is_matchable() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut scratch = Scratch::default();
        memory
            .store()
            .scan(&Filter::default(), |s| {
                let plain = s.entry.source.plain().into_owned();
                let codes = matcher::Codes { source: s.entry.source.code_count(), target: s.entry.target.code_count() };
                let scored = matcher::score_from(&query, &plain, &s.entry.target.text, codes, g, 0, &mut scratch);
                let score = matcher::penalize(scored.score, &s.entry.origin);
                if score >= options.min_score {
                    found.push(Ranked {
                        score,
                        fine: scored.fine,
                        tie: None,
                        id: s.id,
                        plain,
                        repairs: scored.repairs,
                    });
                }
                Ok(())
            })
            .unwrap();
        rank(&query, &mut found, options.max);
        found.iter().map(|f| (f.score, f.id)).collect()
    }

    /// A memory of 20 versions of each sentence of the seed report (a fifth of
    /// them made by the aligner), and queries near them.
    fn versions_of_the_seed_report() -> (Memory, Vec<String>) {
        let seed = seed();
        let mut memory = Memory::in_memory(None).unwrap();
        let mut import = memory.import(OnDuplicate::KeepBoth).unwrap();
        for (i, (ar, en)) in seed.iter().enumerate() {
            let other = &seed[(i + 7) % seed.len()].0;
            for v in 0..20u64 {
                let source = if v == 0 { ar.clone() } else { vary(ar, other, v * 31 + i as u64, 1 + v as usize % 3) };
                let mut entry = crate::memory::Entry::new(
                    &source,
                    en,
                    crate::lang::LangTag::parse("ar").unwrap(),
                    crate::lang::LangTag::parse("en").unwrap(),
                    if v % 5 == 0 { "aligned" } else { "t.tmx" },
                );
                entry.created = None;
                import.add(&entry).unwrap();
            }
        }
        import.commit().unwrap();
        let mut queries: Vec<String> = Vec::new();
        for (i, (ar, _)) in seed.iter().enumerate() {
            queries.push(ar.clone());
            queries.push(vary(ar, &seed[(i + 3) % seed.len()].0, 1000 + i as u64, 2));
            queries.push(vary(ar, &seed[(i + 5) % seed.len()].0, 2000 + i as u64, 5));
        }
        (memory, queries)
    }

    /// How many queries get other suggestions than scoring every entry gives (from
    /// the index as it is, stale or not).
    fn differences(memory: &Memory, glossary: &Glossary, queries: &[String], options: MatchOptions) -> usize {
        let mut suggester = Suggester::new(memory.store(), glossary, options).unwrap();
        queries
            .iter()
            .filter(|q| {
                let got: Vec<(u8, Id)> = suggester.suggest(q).unwrap().iter().map(|m| (m.score, m.id)).collect();
                got != brute_force(memory, glossary, q, options)
            })
            .count()
    }

    /// The index, the thresholds it raises as it goes and its early stops find
    /// exactly what scoring every entry finds.
    #[test]
    fn suggestions_are_those_of_scoring_every_entry() {
        let (memory, queries) = versions_of_the_seed_report();
        let glossary = crate::sample::glossary().unwrap();
        let mut compared = 0;
        for min_score in [50, 70, 90] {
            let wanted: Vec<Vec<(u8, Id)>> = queries
                .iter()
                .map(|q| brute_force(&memory, &glossary, q, MatchOptions { min_score, max: 10 }))
                .collect();
            for max in [1, 3, 10] {
                let mut suggester = memory.suggester(&glossary, MatchOptions { min_score, max }).unwrap();
                for (q, want) in queries.iter().zip(&wanted) {
                    let got: Vec<(u8, Id)> = suggester.suggest(q).unwrap().iter().map(|m| (m.score, m.id)).collect();
                    assert_eq!(got, want[..want.len().min(max)], "min {min_score}, max {max}: {q}");
                    compared += usize::from(!want.is_empty());
                }
            }
        }
        assert!(compared > 400, "only {compared} comparisons had matches");
    }

    /// Matches as (score, id), best first.
    type Ranking = Vec<(u8, Id)>;

    /// A memory of `sources` (with one English target each), and what scoring
    /// every entry and the index give for `query`.
    fn both_ways(sources: &[&str], query: &str, glossary: &Glossary, options: MatchOptions) -> (Ranking, Ranking) {
        let mut memory = Memory::in_memory(None).unwrap();
        let mut import = memory.import(OnDuplicate::KeepBoth).unwrap();
        for source in sources {
            let entry = crate::memory::Entry::new(
                source,
                "The delegation arrived in the city in January.",
                crate::lang::LangTag::parse("ar").unwrap(),
                crate::lang::LangTag::parse("en").unwrap(),
                "t.tmx",
            );
            import.add(&entry).unwrap();
        }
        import.commit().unwrap();
        let mut suggester = memory.suggester(glossary, options).unwrap();
        let got = suggester.suggest(query).unwrap().iter().map(|m| (m.score, m.id)).collect();
        (got, brute_force(&memory, glossary, query, options))
    }

    /// A month of two words (كانون الثاني) is one token in the score but two in the
    /// index's length: an entry naming it is as long as a segment naming the month
    /// in one word (يناير), and its bound must not count the second word as a gap.
    #[test]
    fn an_entry_naming_a_month_in_two_words_is_found_above_nearer_lengths() {
        let sources = [
            "ووصل الوفد إلى المدينة في يناير",
            "فوصل الوفد إلى المدينة في يناير",
            "وصل والوفد إلى المدينة في يناير",
            "وصل الوفد إلى المدينة في كانون الثاني",
        ];
        let options = MatchOptions { min_score: 70, max: 3 };
        let (got, want) = both_ways(&sources, "وصل الوفد إلى المدينة في يناير", &Glossary::default(), options);
        assert_eq!(want[0].1, Id::new(4), "{want:?}");
        assert_eq!(got, want);
    }

    /// A segment of one word and five numbers, against an entry of other words and
    /// the same numbers (83): the numbers are placeables, so the index must find
    /// the entry by them.
    #[test]
    fn an_entry_sharing_only_the_numbers_of_a_segment_is_found() {
        let sources = ["القائمة 1 2 3 4 5", "وقال الجدول كذلك"];
        let (got, want) =
            both_ways(&sources, "الجدول 1 2 3 4 5", &Glossary::default(), MatchOptions { min_score: 70, max: 3 });
        assert_eq!(want, [(83, Id::new(1))]);
        assert_eq!(got, want);
    }

    /// UN test set: ranges of days and months named twice are one unit in the
    /// score and in the index's length, and the index finds what scoring every
    /// entry finds.
    #[test]
    fn meetings_on_ranges_of_days_are_found_as_scoring_every_entry_finds_them() {
        let sources = [
            "نيويورك، 6-24 نيسان/أبريل 2015",
            "بانكوك، 22-24 نيسان/أبريل 2015",
            "نيروبي، 14-16 نيسان/أبريل 2015",
            "13-١٧ نيسان/أبريل ٢٠١٥",
            "نيويورك، 8-12 حزيران/يونيه 2015",
        ];
        for query in [
            "نيويورك، 7-25 نيسان/أبريل 2015",
            "نيويورك، 6-24 أيار/مايو 2015",
            "نيويورك، 6-24 نيسان/أبريل",
            "6-24 نيسان 2015",
        ] {
            let (got, want) = both_ways(&sources, query, &Glossary::default(), MatchOptions { min_score: 50, max: 3 });
            assert!(!want.is_empty(), "{query}");
            assert_eq!(got, want, "{query}");
        }
    }

    /// A glossary spelling of two words (كازموناي غاز) is one token in the score:
    /// an entry spelling the name so is as near to a segment spelling it in one word
    /// (كازمونايجاز) as an entry that does, though a word longer in the index.
    #[test]
    fn an_entry_spelling_a_name_in_two_words_is_found_above_nearer_lengths() {
        let sources = [
            "وأعلنت شركة كازمونايجاز زيادة الإنتاج في حقل تنغيز",
            "فأعلنت شركة كازمونايجاز زيادة الإنتاج في حقل تنغيز",
            "أعلنت والشركة كازمونايجاز زيادة الإنتاج في حقل تنغيز",
            "أعلنت شركة كازموناي غاز زيادة الإنتاج في حقل تنغيز",
        ];
        let glossary = crate::sample::glossary().unwrap();
        let query = "أعلنت شركة كازمونايجاز زيادة الإنتاج في حقل تنغيز";
        let (got, want) = both_ways(&sources, query, &glossary, MatchOptions { min_score: 70, max: 3 });
        assert_eq!(want[0].1, Id::new(4), "{want:?}");
        assert_eq!(got, want);
    }

    /// An index made by other rules (here: rules that filed every second word
    /// only) is found stale and rebuilt, and then gives what scoring every entry
    /// gives again.
    #[test]
    fn a_memory_indexed_by_other_rules_is_rebuilt_and_suggests_as_scoring_every_entry() {
        let (mut memory, queries) = versions_of_the_seed_report();
        let glossary = crate::sample::glossary().unwrap();
        let options = MatchOptions { min_score: 70, max: 3 };
        assert_eq!(memory.index_state().unwrap(), super::super::IndexState::Current);
        let mut w = memory.store.write().unwrap();
        w.clear_index().unwrap();
        let mut buffers = super::super::index::KeyBuffers::default();
        let (mut after, every_second) =
            (Id::default(), |t: &str| t.split(' ').step_by(2).collect::<Vec<_>>().join(" "));
        while let Some(&(last, _, _)) = w.texts_after(after, 100).unwrap().last() {
            for (id, source, target) in w.texts_after(after, 100).unwrap() {
                let key = super::super::index::index_key(&every_second(&source.text), &target.text, &mut buffers);
                w.refile(id, &key).unwrap();
            }
            after = last;
        }
        w.set_setting(super::super::INDEX_RULES, "0").unwrap();
        w.commit().unwrap();

        assert_eq!(memory.index_state().unwrap(), super::super::IndexState::Stale { made_by: 0 });
        let refused = memory.suggester(&glossary, options).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(refused.contains("made by the rules of version 0"), "{refused}");
        assert!(memory.search("النفط", super::super::Side::Source, 5).is_err());
        let before = differences(&memory, &glossary, &queries, options);
        assert!(before > queries.len() / 4, "the other rules changed only {before} suggestions");
        let filed = memory.reindex(&crate::progress::Silent).unwrap();
        assert_eq!(filed, memory.store().count(&Filter::default()).unwrap());
        assert_eq!(memory.index_state().unwrap(), super::super::IndexState::Current);
        assert_eq!(differences(&memory, &glossary, &queries, options), 0);
    }
}
