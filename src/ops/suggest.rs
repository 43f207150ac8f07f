//! Suggestions for a document or a list of segments: each segment's best matches
//! (repaired, with their diff) and the glossary terms in it, in document order,
//! matched on several threads.
//!
//! Each thread has its own connection to the memory and its own
//! [`Suggester`] (which keeps what consecutive segments share); threads take
//! segments in small batches. A front end gets each [`Suggestion`] twice over:
//! `render` runs on the thread that matched the segment (so that formatting the
//! output is done in parallel too), and `emit` gets what `render` made, on the
//! calling thread, in document order.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::align::document::Split;
use crate::error::{Error, Result};
use crate::glossary::{Glossary, TermHit};
use crate::memory::{Match, MatchOptions, Memory, Suggester};
use crate::progress::{Progress, Silent, Unit};
use crate::segment::Lang;

/// Segments a thread takes at a time.
const BATCH: usize = 8;
/// Below this many segments one thread does all the work.
const PARALLEL_FROM: usize = 16;

/// How to suggest.
#[derive(Clone, Copy, Debug, Default)]
pub struct SuggestOptions {
    pub matching: MatchOptions,
    /// How a document is cut into segments.
    pub split: Split,
    /// Threads matching segments; `None`: one per core.
    pub jobs: Option<usize>,
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

/// A segment to suggest for.
#[derive(Clone, Debug)]
pub struct Segment<'t> {
    pub index: usize,
    pub text: &'t str,
    pub span: Range<usize>,
}

/// The segments of a document that are for translation.
pub fn segments_of(text: &str, split: Split, lang: Lang) -> Vec<Segment<'_>> {
    split
        .segments(text, lang)
        .into_iter()
        .filter(|s| !s.content.is_empty())
        .enumerate()
        .filter(|(_, s)| s.translate)
        .map(|(index, s)| Segment { index, text: s.text(text), span: s.content })
        .collect()
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

/// Suggests for the segments of `text` (split as `options` say, in the memory's
/// source language), handing each [`Suggestion`] to `sink` in document order.
pub fn suggest_text(
    memory: &Memory,
    text: &str,
    options: &SuggestOptions,
    mut sink: impl FnMut(Suggestion),
) -> Result<SuggestReport> {
    let segments = segments_of(text, options.split, Lang::of(&memory.pair().source));
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
    segments: &[Segment<'_>],
    options: &SuggestOptions,
    progress: &dyn Progress,
    render: impl Fn(&Suggestion) -> std::result::Result<T, E> + Sync,
    mut emit: impl FnMut(T) -> std::result::Result<(), E>,
) -> std::result::Result<SuggestReport, E>
where
    T: Send,
    E: From<Error> + Send,
{
    let glossary = memory.glossary()?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut jobs = options.jobs.unwrap_or(cores).min(segments.len().div_ceil(BATCH)).max(1);
    // A memory in RAM has no file for other threads' connections.
    let path = memory.store().path().filter(|_| jobs > 1 && segments.len() >= PARALLEL_FROM);
    if path.is_none() {
        jobs = 1;
    }
    let started = Instant::now();
    let mut report = SuggestReport { segments: segments.len(), jobs, ..SuggestReport::default() };
    progress.start("suggest", segments.len() as u64, Unit::Items);
    let mut done = 0;
    let mut take = |(t, elapsed, found): (T, Duration, bool)| -> std::result::Result<(), E> {
        report.times.push(elapsed);
        report.found += usize::from(found);
        done += 1;
        progress.set(done);
        emit(t)
    };
    let run = |suggester: &mut Suggester<'_>, segment: &Segment<'_>| -> std::result::Result<(T, Duration, bool), E> {
        let s = suggest_one(suggester, &glossary, segment)?;
        Ok((render(&s)?, s.elapsed, !s.matches.is_empty()))
    };
    let result = match path {
        None => {
            let mut suggester = memory.suggester(&glossary, options.matching)?;
            segments.iter().try_for_each(|segment| take(run(&mut suggester, segment)?))
        }
        Some(path) => in_parallel(path, &glossary, options.matching, jobs, segments, &run, &mut take),
    };
    progress.finish();
    result?;
    report.wall = started.elapsed();
    report.times.sort_unstable();
    Ok(report)
}

fn suggest_one(suggester: &mut Suggester<'_>, glossary: &Glossary, segment: &Segment<'_>) -> Result<Suggestion> {
    let started = Instant::now();
    let matches = suggester.suggest(segment.text)?;
    let terms = glossary.find(segment.text);
    Ok(Suggestion {
        index: segment.index,
        segment: segment.text.to_string(),
        span: segment.span.clone(),
        matches,
        terms,
        elapsed: started.elapsed(),
        scored: suggester.scored,
    })
}

/// Runs `run` over the segments on `jobs` threads, each with its own connection,
/// and hands the results to `take` in segment order (the calling thread only
/// takes).
fn in_parallel<R: Send, E: From<Error> + Send>(
    path: &Path,
    glossary: &Glossary,
    options: MatchOptions,
    jobs: usize,
    segments: &[Segment<'_>],
    run: &(impl Fn(&mut Suggester<'_>, &Segment<'_>) -> std::result::Result<R, E> + Sync),
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
                    let (memory, _) = Memory::open(path, None)?;
                    let mut suggester = memory.suggester(glossary, options)?;
                    loop {
                        let from = next.fetch_add(BATCH, Ordering::Relaxed);
                        if from >= count {
                            return Ok(());
                        }
                        let batch = &segments[from..(from + BATCH).min(count)];
                        for (i, segment) in (from..).zip(batch) {
                            let r = run(&mut suggester, segment)?;
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
