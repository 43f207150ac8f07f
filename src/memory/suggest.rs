//! From a segment to its best matches: the plan ([`matcher::plan`]), the posting
//! lists it names, the candidates in the length window, their upper bounds, and the
//! scores of as few of them as it takes.
//!
//! A [`Suggester`] serves one thread through a whole document and keeps what
//! segments share: document frequencies of the stems it has looked up, decoded
//! posting lists of frequent stems (within [`LIST_CACHE_POSTINGS`]), the hit
//! counters, and the matches of segments it has seen (a document repeats itself).
//!
//! The work per segment is bounded by the plan: only the `D + 1` rarest stems'
//! lists are read, each posting costs a counter increment (entries outside the
//! length window are dropped on reading), and candidates are scored best bound
//! first until no unread one can enter the top matches. At one million entries of
//! near-duplicate reports, that is a few thousand postings and a few dozen scored
//! candidates per segment (see `bench/fuzzy/`).

use std::collections::HashMap;
use std::rc::Rc;

use super::index::Posting;
use super::matcher::{self, Query, Repair, Scratch};
use super::store::Store;
use super::{Match, MatchOptions};
use crate::error::Result;
use crate::glossary::Glossary;

/// Most postings kept decoded across segments, per suggester (about 8 bytes each).
pub const LIST_CACHE_POSTINGS: usize = 4 << 20;
/// Lists shorter than this are read again rather than cached: SQLite reads them as
/// fast.
const CACHE_MIN_POSTINGS: u64 = 512;
/// Segments whose matches are kept for repeats.
const SEEN_SEGMENTS: usize = 4096;

/// Decoded posting lists by term, least recently used evicted first.
#[derive(Default)]
struct ListCache {
    lists: HashMap<i64, (Rc<Vec<Posting>>, u64)>,
    postings: usize,
    tick: u64,
}

impl ListCache {
    fn get(&mut self, term: i64) -> Option<Rc<Vec<Posting>>> {
        self.tick += 1;
        let tick = self.tick;
        self.lists.get_mut(&term).map(|(list, used)| {
            *used = tick;
            Rc::clone(list)
        })
    }

    fn put(&mut self, term: i64, list: Rc<Vec<Posting>>) {
        if list.len() > LIST_CACHE_POSTINGS / 4 {
            return;
        }
        while self.postings + list.len() > LIST_CACHE_POSTINGS {
            let Some((&oldest, _)) = self.lists.iter().min_by_key(|(_, (_, used))| *used) else { break };
            if let Some((gone, _)) = self.lists.remove(&oldest) {
                self.postings -= gone.len();
            }
        }
        self.postings += list.len();
        self.lists.insert(term, (list, self.tick));
    }
}

/// Matches segment after segment against one memory.
pub struct Suggester<'m> {
    store: &'m Store,
    glossary: &'m Glossary,
    options: MatchOptions,
    /// Words a glossary name has beyond its first.
    name_slack: u32,
    scratch: Scratch,
    /// Prefix lists each entry id was found in, for the current segment.
    hits: Vec<u16>,
    /// Ids with non-zero `hits`, with their lengths.
    touched: Vec<(u64, u8)>,
    terms: HashMap<String, Option<(i64, u64)>>,
    lists: ListCache,
    seen: HashMap<String, Vec<Match>>,
    /// Candidates scored for the last segment (for benchmarks and `--timings`).
    pub scored: usize,
}

impl<'m> Suggester<'m> {
    pub fn new(store: &'m Store, glossary: &'m Glossary, options: MatchOptions) -> Result<Suggester<'m>> {
        let max_id = store.max_id()?.max(0) as usize;
        Ok(Suggester {
            store,
            glossary,
            options,
            name_slack: glossary.max_words().saturating_sub(1) as u32,
            scratch: Scratch::default(),
            hits: vec![0; max_id + 1],
            touched: Vec::new(),
            terms: HashMap::new(),
            lists: ListCache::default(),
            seen: HashMap::new(),
            scored: 0,
        })
    }

    /// Document frequencies (and term ids) of `stems`, from the cache or the store.
    fn term_stats(&mut self, stems: &[String]) -> Result<Vec<Option<(i64, u64)>>> {
        let missing: Vec<String> = stems.iter().filter(|s| !self.terms.contains_key(*s)).cloned().collect();
        if !missing.is_empty() {
            for (stem, stat) in missing.iter().zip(self.store.terms(&missing)?) {
                self.terms.insert(stem.clone(), stat);
            }
        }
        Ok(stems.iter().map(|s| self.terms.get(s).copied().flatten()).collect())
    }

    /// Calls `f` with each posting of `term`.
    fn read_list(&mut self, term: i64, df: u64, mut f: impl FnMut(Posting)) -> Result<()> {
        if df < CACHE_MIN_POSTINGS {
            return self.store.postings(term, f);
        }
        let list = match self.lists.get(term) {
            Some(list) => list,
            None => {
                let mut list = Vec::with_capacity(df as usize);
                self.store.postings(term, |p| list.push(p))?;
                let list = Rc::new(list);
                self.lists.put(term, Rc::clone(&list));
                list
            }
        };
        list.iter().for_each(|&p| f(p));
        Ok(())
    }

    /// The best matches for one segment, best first.
    pub fn suggest(&mut self, segment: &str) -> Result<Vec<Match>> {
        self.scored = 0;
        if let Some(done) = self.seen.get(segment) {
            return Ok(done.clone());
        }
        let matches = self.find(segment)?;
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
        let stats = self.term_stats(&query.stems)?;
        let df: Vec<Option<u64>> = stats.iter().map(|t| t.map(|(_, df)| df)).collect();
        let plan = matcher::plan(&query, &df, min_score, self.name_slack);

        // Count, for each entry in the length window, the prefix lists it is in.
        let mut hits = std::mem::take(&mut self.hits);
        let mut touched = std::mem::take(&mut self.touched);
        touched.clear();
        let mut count = |p: Posting| {
            let length = u32::from(p.length);
            if length < plan.min_length || (length > plan.max_length && length != 255) {
                return;
            }
            let at = p.id as usize;
            if at >= hits.len() {
                hits.resize(at + 1, 0);
            }
            if hits[at] == 0 {
                touched.push((p.id, p.length));
            }
            hits[at] = hits[at].saturating_add(1);
        };
        let mut read = Ok(());
        for &i in &plan.prefix {
            let Some((term, df)) = stats[i] else { continue };
            read = self.read_list(term, df, &mut count);
            if read.is_err() {
                break;
            }
        }
        // Best bound first (a counting sort: bounds are 0–100).
        let mut by_bound: Vec<Vec<u64>> = vec![Vec::new(); 101];
        for &(id, length) in &touched {
            let h = std::mem::take(&mut hits[id as usize]);
            let bound = matcher::upper_bound(&query, &plan, u32::from(h), u32::from(length));
            if bound >= min_score {
                by_bound[usize::from(bound)].push(id);
            }
        }
        self.hits = hits;
        self.touched = touched;
        read?;

        let mut found: Vec<Scored> = Vec::new();
        let mut best: Vec<u8> = Vec::new(); // the `max` best scores so far, descending
        'bounds: for bound in (usize::from(min_score)..=100).rev() {
            for &id in &by_bound[bound] {
                if best.len() >= max && bound as u8 <= best[max - 1] {
                    break 'bounds;
                }
                let Some(candidate) = self.store.candidate(id as i64)? else { continue };
                self.scored += 1;
                let plain = candidate.source.plain();
                let scored = matcher::score(&query, &plain, &candidate.target, glossary, &mut self.scratch);
                let score = matcher::penalize(scored.score, &candidate.origin);
                if score >= min_score {
                    let at = best.partition_point(|&s| s >= score);
                    best.insert(at, score);
                    best.truncate(max);
                    let tie = matcher::tie_break(&query, &plain);
                    found.push(Scored {
                        score,
                        tie,
                        id: id as i64,
                        plain: plain.into_owned(),
                        repairs: scored.repairs,
                    });
                }
            }
        }
        // Best score first; equal scores by character similarity, then newer first.
        found.sort_by(|a, b| b.score.cmp(&a.score).then(b.tie.total_cmp(&a.tie)).then(b.id.cmp(&a.id)));
        found.truncate(max);
        let ids: Vec<i64> = found.iter().map(|f| f.id).collect();
        let mut stored: HashMap<i64, super::Entry> =
            self.store.entries(&ids)?.into_iter().map(|s| (s.id, s.entry)).collect();
        Ok(found
            .into_iter()
            .filter_map(|f| {
                let entry = stored.remove(&f.id)?;
                let diff = matcher::diff(&query, segment, &f.plain, glossary);
                let target = matcher::repair(&entry.target.text, &f.repairs);
                Some(Match { id: f.id, score: f.score, entry, diff, target, repairs: f.repairs })
            })
            .collect())
    }
}

/// A candidate that reached the minimum score.
struct Scored {
    score: u8,
    tie: f64,
    id: i64,
    plain: String,
    repairs: Vec<Repair>,
}
