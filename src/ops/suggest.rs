//! Suggestions for a document or a list of segments: each segment's best matches
//! (repaired, with their diff) and the glossary terms in it, in document order,
//! matched on several threads.
//!
//! Each thread has its own connection to the memory and its own
//! [`Suggester`] (which keeps what consecutive segments share); threads take
//! segments in small batches. With [`SuggestOptions::sample`], each thread also
//! matches against its own copy of the shipped sample ([`crate::sample`], in
//! RAM), and a segment's matches from both are ranked together, the memory's
//! first among equal scores. A front end gets each [`Suggestion`] twice over:
//! `render` runs on the thread that matched the segment (so that formatting the
//! output is done in parallel too), and `emit` gets what `render` made, on the
//! calling thread, in document order.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::entry::Id;
use crate::error::{Error, Result};
use crate::glossary::{Glossary, TermHit};
use crate::memory::matcher::{self, DiffPiece, Repair};
use crate::memory::{Access, Match, MatchOptions, Memory, Open, Scope, Suggester};
use crate::progress::{Count, Progress, Silent};
use crate::segment::{Lang, Numbered, Split, numbered};
use crate::timestamp::Timestamp;

/// Segments a thread takes at a time.
const BATCH: usize = 8;
/// Below this many segments one thread does all the work.
const PARALLEL_FROM: usize = 16;

/// How to suggest.
#[derive(Clone, Debug, Default)]
pub struct SuggestOptions {
    pub matching: MatchOptions,
    /// Threads matching segments; `None`: one per core.
    pub jobs: Option<usize>,
    /// The collections taken and preferred.
    pub scope: Scope,
    /// Consult the shipped sample (memory and glossary) beside the memory
    /// ([`crate::ops::open::Opened::sample`] says when a command does).
    pub sample: bool,
    /// Score every entry instead of the candidates of the index: the same
    /// matches, slowly (a check on the index; [`Suggester::exhaustive`]).
    pub exhaustive: bool,
}

/// What one segment gets.
#[derive(Clone, Debug)]
pub struct Suggestion {
    /// 0-based number of the segment among the document's segments, as `tm
    /// segment` numbers them (noise separators count, though they get no
    /// suggestion).
    pub index: usize,
    /// The segment's text and its byte range in the document.
    pub segment: String,
    pub span: Range<usize>,
    /// Best first, at most `max`, none below `min_score`.
    pub matches: Vec<Match>,
    /// Glossary terms found in the segment.
    pub terms: Vec<TermHit>,
    /// Time spent matching it, and candidates scored for it.
    pub elapsed: Duration,
    pub scored: usize,
}

/// A match as JSON: what `tm suggest --format json` writes for it.
#[derive(Serialize)]
pub struct MatchJson<'a> {
    pub score: u8,
    pub context: bool,
    pub source: &'a str,
    pub target: &'a str,
    pub stored_target: &'a str,
    pub repairs: &'a [Repair],
    pub origin: &'a str,
    pub collection: Option<&'a str>,
    pub id: Id,
    pub created: Option<Timestamp>,
    pub changed: Option<Timestamp>,
    pub diff: &'a [DiffPiece],
}

/// A suggestion as JSON: one line of `tm suggest --format json` (README).
#[derive(Serialize)]
pub struct SuggestionJson<'a> {
    pub index: usize,
    pub segment: &'a str,
    pub start: usize,
    pub end: usize,
    pub matches: Vec<MatchJson<'a>>,
    pub terms: &'a [TermHit],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scored: Option<usize>,
}

impl Suggestion {
    /// The JSON form of the suggestion, without timings.
    pub fn json(&self) -> SuggestionJson<'_> {
        let matches = self
            .matches
            .iter()
            .map(|m| MatchJson {
                score: m.score,
                context: m.context,
                source: &m.entry.source.text,
                target: &m.target,
                stored_target: &m.entry.target.text,
                repairs: &m.repairs,
                origin: &m.entry.origin,
                collection: m.entry.collection.as_deref(),
                id: m.id,
                created: m.entry.created,
                changed: m.entry.changed,
                diff: &m.diff,
            })
            .collect();
        SuggestionJson {
            index: self.index,
            segment: &self.segment,
            start: self.span.start,
            end: self.span.end,
            matches,
            terms: &self.terms,
            elapsed_ms: None,
            scored: None,
        }
    }
}

impl SuggestionJson<'_> {
    /// With the time `s` took and the candidates scored for it.
    pub fn with_timings(mut self, s: &Suggestion) -> Self {
        self.elapsed_ms = Some(s.elapsed.as_secs_f64() * 1000.0);
        self.scored = Some(s.scored);
        self
    }
}

/// The segments of a document that are for translation, numbered.
pub fn segments_of(text: &str, split: Split, lang: Lang) -> Vec<Numbered<'_>> {
    numbered(text, split, lang).into_iter().filter(|s| s.translate).collect()
}

/// How a run went.
#[derive(Clone, Debug, Default)]
pub struct SuggestReport {
    /// Segments suggested for, and how many got at least one match.
    pub segments: usize,
    pub found: usize,
    /// Threads that matched.
    pub jobs: usize,
    pub wall: Duration,
    /// Per-segment matching times, sorted.
    pub times: Vec<Duration>,
}

impl SuggestReport {
    /// The per-segment time at quantile `q` (0–1), in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        if self.times.is_empty() {
            return 0.0;
        }
        let at = ((self.times.len() - 1) as f64 * q.clamp(0.0, 1.0)).round() as usize;
        self.times[at].as_secs_f64() * 1000.0
    }
}

/// Suggests for the sentences of `text` (in the memory's source language), handing
/// each [`Suggestion`] to `sink` in document order.
pub fn suggest_text(
    memory: &Memory,
    text: &str,
    options: &SuggestOptions,
    mut sink: impl FnMut(Suggestion),
) -> Result<SuggestReport> {
    let segments = segments_of(text, Split::Sentences, Lang::of(&memory.pair().source));
    suggest(
        memory,
        &segments,
        options,
        &Silent,
        |s| Ok::<_, Error>(s.clone()),
        |s| {
            sink(s);
            Ok(())
        },
    )
}

/// Suggests for `segments`: `render` turns each [`Suggestion`] into what the
/// front end wants (on the matching thread), `emit` receives that in segment
/// order. An error from either stops the run and is returned.
pub fn suggest<T, E>(
    memory: &Memory,
    segments: &[Numbered<'_>],
    options: &SuggestOptions,
    progress: &dyn Progress,
    render: impl Fn(&Suggestion) -> std::result::Result<T, E> + Sync,
    mut emit: impl FnMut(T) -> std::result::Result<(), E>,
) -> std::result::Result<SuggestReport, E>
where
    T: Send,
    E: From<Error> + Send,
{
    let glossary = glossary_of(memory, options.sample)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut jobs = options.jobs.unwrap_or(cores).min(segments.len().div_ceil(BATCH)).max(1);
    // A memory in RAM has no file for other threads' connections.
    let path = memory.store().path().filter(|_| jobs > 1 && segments.len() >= PARALLEL_FROM);
    if path.is_none() {
        jobs = 1;
    }
    let started = Instant::now();
    let mut report = SuggestReport { segments: segments.len(), jobs, ..SuggestReport::default() };
    progress.start("suggest", segments.len() as u64, Count::Items);
    let mut done = 0;
    let mut take = |(t, elapsed, found): (T, Duration, bool)| -> std::result::Result<(), E> {
        report.times.push(elapsed);
        report.found += usize::from(found);
        done += 1;
        progress.set(done);
        emit(t)
    };
    let max = options.matching.max;
    let run = |matchers: &mut Matchers<'_>, i: usize| -> std::result::Result<(T, Duration, bool), E> {
        let s = suggest_one(matchers, &glossary, segments, i, max)?;
        Ok((render(&s)?, s.elapsed, !s.matches.is_empty()))
    };
    let result = match path {
        None => {
            let sample = sample_memory(memory, options.sample)?;
            let mut matchers = Matchers::new(memory, sample.as_ref(), &glossary, options)?;
            (0..segments.len()).try_for_each(|i| take(run(&mut matchers, i)?))
        }
        Some(path) => {
            // Each thread reads through a connection of its own, read-only.
            let open = Open { access: Access::Read, ..memory.store().opened_as() };
            in_parallel((path, open), &glossary, options, jobs, segments, &run, &mut take)
        }
    };
    progress.finish();
    result?;
    report.wall = started.elapsed();
    report.times.sort_unstable();
    Ok(report)
}

/// Suggests for the lines of `input` as they come, one thread: each line is read,
/// matched and handed to `emit` before the next is read, so that a program that
/// writes a segment and waits for its answer gets it (`emit` flushes). Lines are
/// segments as [`Split::Lines`] makes them, numbered and placed as in the whole
/// text: the same suggestions as [`suggest`] on the text read at once, except
/// that a line is not known with the next one, so none gets a context match
/// (101). A line with nothing for translation (empty, a noise separator) gets no
/// suggestion.
pub fn suggest_lines<E>(
    memory: &Memory,
    input: &mut dyn std::io::BufRead,
    name: &str,
    options: &SuggestOptions,
    mut emit: impl FnMut(&Suggestion) -> std::result::Result<(), E>,
) -> std::result::Result<SuggestReport, E>
where
    E: From<Error>,
{
    let glossary = glossary_of(memory, options.sample)?;
    let sample = sample_memory(memory, options.sample)?;
    let mut matchers = Matchers::new(memory, sample.as_ref(), &glossary, options)?;
    let lang = Lang::of(&memory.pair().source);
    let started = Instant::now();
    let mut report = SuggestReport { jobs: 1, ..SuggestReport::default() };
    let (mut line, mut offset, mut index, mut number) = (String::new(), 0, 0, 0);
    loop {
        line.clear();
        number += 1;
        let read = input.read_line(&mut line).map_err(|e| {
            let at = crate::error::Position::new(name).line(number);
            Error::parse(at, e.to_string())
        })?;
        if read == 0 {
            break;
        }
        for mut segment in numbered(&line, Split::Lines, lang) {
            let at = index;
            index += 1;
            if !segment.translate {
                continue;
            }
            segment.index = at;
            segment.span = offset + segment.span.start..offset + segment.span.end;
            // The next line is not there yet: no context match (101) for a stream.
            let s = suggest_one(&mut matchers, &glossary, std::slice::from_ref(&segment), 0, options.matching.max)?;
            report.segments += 1;
            report.found += usize::from(!s.matches.is_empty());
            report.times.push(s.elapsed);
            emit(&s)?;
        }
        offset += read;
    }
    report.wall = started.elapsed();
    report.times.sort_unstable();
    Ok(report)
}

/// The memory's glossary, with the sample's terms when the sample is consulted
/// (unless the memory holds them already, as one made by an earlier `tm` may).
fn glossary_of(memory: &Memory, sample: bool) -> Result<Glossary> {
    let mut terms = memory.store().glossary()?;
    if sample && memory.pair() == &crate::lang::LangPair::arabic_english() {
        let has_sample = terms.iter().any(|t| t.origin == crate::entry::ORIGIN_SAMPLE);
        if !has_sample {
            terms.extend(crate::sample::terms(memory.pair())?);
        }
    }
    Ok(Glossary::new(terms))
}

/// The shipped sample in RAM, if it is consulted.
fn sample_memory(memory: &Memory, sample: bool) -> Result<Option<Memory>> {
    if sample { crate::sample::memory(memory.pair()) } else { Ok(None) }
}

/// What one thread matches segments against: the memory, and perhaps the sample.
struct Matchers<'m> {
    memory: Suggester<'m>,
    sample: Option<Suggester<'m>>,
}

impl<'m> Matchers<'m> {
    fn new(
        memory: &'m Memory,
        sample: Option<&'m Memory>,
        glossary: &'m Glossary,
        options: &SuggestOptions,
    ) -> Result<Matchers<'m>> {
        let suggester = |m: &'m Memory| -> Result<Suggester<'m>> {
            let suggester = m.suggester(glossary, options.matching)?.scoped(options.scope.clone());
            Ok(if options.exhaustive { suggester.exhaustive() } else { suggester })
        };
        Ok(Matchers { memory: suggester(memory)?, sample: sample.map(suggester).transpose()? })
    }
}

/// Suggests for `segments[i]`; its neighbours in the list make its 100 matches
/// context matches ([`in_context`]).
fn suggest_one(
    matchers: &mut Matchers<'_>,
    glossary: &Glossary,
    segments: &[Numbered<'_>],
    i: usize,
    max: usize,
) -> Result<Suggestion> {
    let started = Instant::now();
    let segment = &segments[i];
    let mut matches = matchers.memory.suggest(segment.text)?;
    let mut scored = matchers.memory.scored;
    if let Some(sample) = &mut matchers.sample {
        let more = sample.suggest(segment.text)?;
        scored += sample.scored;
        let same = |a: &Match, b: &Match| a.entry.source == b.entry.source && a.entry.target == b.entry.target;
        // A memory made by an earlier tm may hold the sample too: once is enough.
        let more: Vec<Match> = more.into_iter().filter(|m| !matches.iter().any(|k| same(k, m))).collect();
        matches.extend(more);
        // Stable: the memory's matches stay first among equal scores.
        matches.sort_by_key(|m| std::cmp::Reverse(m.score));
        matches.truncate(max);
    }
    in_context(&mut matches, segments, i);
    let terms = glossary.find(segment.text);
    Ok(Suggestion {
        index: segment.index,
        segment: segment.text.to_string(),
        span: segment.span.clone(),
        matches,
        terms,
        elapsed: started.elapsed(),
        scored,
    })
}

/// Makes the 100 matches of `segments[i]` whose entry was met between the same
/// segments as it context matches (101, [`matcher::context_score`]), first among
/// the matches. The neighbours are the segments before and after it in the list
/// (the document's segments for translation, in order).
fn in_context(matches: &mut [Match], segments: &[Numbered<'_>], i: usize) {
    if !matches.iter().any(|m| m.score == 100 && !m.entry.meta.contexts().is_empty()) {
        return;
    }
    let prev = i.checked_sub(1).and_then(|p| segments.get(p)).map(|s| s.text);
    let next = segments.get(i + 1).map(|s| s.text);
    let neighbours = matcher::Neighbours::new(prev, next);
    for m in matches.iter_mut() {
        let score = matcher::context_score(m.score, &neighbours, &m.entry.meta.contexts());
        m.context = score == matcher::CONTEXT_SCORE;
        m.score = score;
    }
    // Stable: among equal scores the order stays.
    matches.sort_by_key(|m| std::cmp::Reverse(m.score));
}

/// Runs `run` over the segments on `jobs` threads, each with its own connection,
/// and hands the results to `take` in segment order (the calling thread only
/// takes).
fn in_parallel<R: Send, E: From<Error> + Send>(
    (path, open): (&Path, Open),
    glossary: &Glossary,
    options: &SuggestOptions,
    jobs: usize,
    segments: &[Numbered<'_>],
    run: &(impl Fn(&mut Matchers<'_>, usize) -> std::result::Result<R, E> + Sync),
    take: &mut impl FnMut(R) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let next = AtomicUsize::new(0);
    let count = segments.len();
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::channel::<std::result::Result<(usize, R), E>>();
        for _ in 0..jobs {
            let send = send.clone();
            let next = &next;
            scope.spawn(move || {
                let work = || -> std::result::Result<(), E> {
                    let (memory, _) = Memory::open(path, open, None)?;
                    let sample = sample_memory(&memory, options.sample)?;
                    let mut matchers = Matchers::new(&memory, sample.as_ref(), glossary, options)?;
                    loop {
                        let from = next.fetch_add(BATCH, Ordering::Relaxed);
                        if from >= count {
                            return Ok(());
                        }
                        for i in from..(from + BATCH).min(count) {
                            let r = run(&mut matchers, i)?;
                            if send.send(Ok((i, r))).is_err() {
                                return Ok(()); // the taker stopped
                            }
                        }
                    }
                };
                if let Err(e) = work() {
                    next.store(usize::MAX / 2, Ordering::Relaxed);
                    let _ = send.send(Err(e));
                }
            });
        }
        drop(send);
        // Results arrive out of order: hold them until their turn.
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut turn = 0;
        for result in receive {
            let (i, r) = result?;
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&turn) {
                take(r)?;
                turn += 1;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::open::{OpenOptions, open};

    /// Matching on several threads gives what one thread gives, in document order,
    /// noise separators counted in the numbers.
    #[test]
    fn threads_keep_document_order_and_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let memory = open(&dir.path().join("m.db"), &OpenOptions::default(), &Silent).unwrap().memory;
        let report = crate::sample::MEMORY_FILES[0].1;
        let sources: Vec<&str> = report
            .lines()
            .filter_map(|l| l.trim().strip_prefix("<tuv xml:lang=\"ar\"><seg>")?.strip_suffix("</seg></tuv>"))
            .collect();
        assert!(sources.len() > 10, "{} sources", sources.len());
        let mut text = String::new();
        for round in 0..4 {
            for s in &sources {
                text.push_str(s);
                text.push('\n');
            }
            text.push_str(if round % 2 == 0 { "$٪ & $٪ &\n" } else { "***\n" });
        }
        let segments = segments_of(&text, Split::Sentences, Lang::Arabic);
        assert!(segments.len() >= 4 * PARALLEL_FROM, "{} segments", segments.len());
        let run = |jobs| {
            let options = SuggestOptions { jobs: Some(jobs), sample: true, ..SuggestOptions::default() };
            let mut got = Vec::new();
            let report = suggest(
                &memory,
                &segments,
                &options,
                &Silent,
                |s| Ok::<_, Error>((s.index, s.matches.iter().map(|m| (m.score, m.id)).collect::<Vec<_>>())),
                |r| {
                    got.push(r);
                    Ok(())
                },
            )
            .unwrap();
            (report.jobs, got)
        };
        let (one, alone) = run(1);
        let (two, together) = run(2);
        assert_eq!((one, two), (1, 2));
        assert_eq!(alone, together);
        let numbers: Vec<usize> = alone.iter().map(|(i, _)| *i).collect();
        let all = numbered(&text, Split::Sentences, Lang::Arabic);
        let separators: Vec<usize> = all.iter().filter(|s| !s.translate).map(|s| s.index).collect();
        assert_eq!(separators.len(), 4);
        assert_eq!(numbers.len() + separators.len(), all.len());
        assert!(separators.iter().all(|i| !numbers.contains(i)), "the separators are counted and left out");
        assert!(numbers.windows(2).all(|w| w[0] < w[1]));
        assert!(alone.iter().all(|(_, m)| m.first().is_some_and(|&(score, _)| score == 100)));
    }
}
