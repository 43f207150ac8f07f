//! `tm suggest`: matches and glossary renderings for each segment of a document.
//!
//! Segments are matched by `--jobs` threads, each with its own connection to the
//! memory and its own [`Suggester`] (which keeps what consecutive segments share);
//! threads take segments in small batches and the output keeps document order.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;

use tm::glossary::{Glossary, Hit};
use tm::memory::matcher::{DiffOp, DiffPiece, Repair};
use tm::memory::{Match, MatchOptions, Memory, Suggester};
use tm::segment::{self, Lang, Segment};
use tm::timestamp::Timestamp;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, SuggestArgs, progress, read_text};

/// Segments a thread takes at a time.
const BATCH: usize = 8;
/// Below this many segments one thread does all the work.
const PARALLEL_FROM: usize = 16;

#[derive(Serialize)]
struct MatchJson<'a> {
    score: u8,
    source: &'a str,
    target: &'a str,
    stored_target: &'a str,
    repairs: &'a [Repair],
    origin: &'a str,
    id: i64,
    created: Option<Timestamp>,
    changed: Option<Timestamp>,
    diff: &'a [DiffPiece],
}

#[derive(Serialize)]
struct SuggestionJson<'a> {
    index: usize,
    segment: &'a str,
    start: usize,
    end: usize,
    matches: Vec<MatchJson<'a>>,
    terms: &'a [Hit],
    #[serde(skip_serializing_if = "Option::is_none")]
    elapsed_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scored: Option<usize>,
}

/// What one segment got.
struct Suggestion {
    matches: Vec<Match>,
    terms: Vec<Hit>,
    elapsed_ms: f64,
    scored: usize,
}

/// The diff in wdiff notation: [-only in the entry-]{+only in the segment+}.
fn wdiff(pieces: &[DiffPiece]) -> String {
    pieces
        .iter()
        .map(|p| match p.op {
            DiffOp::Delete => format!("[-{}-]", p.text),
            DiffOp::Insert => format!("{{+{}+}}", p.text),
            DiffOp::Equal => p.text.clone(),
        })
        .collect()
}

fn write_text(out: &mut impl Write, index: usize, segment: &str, s: &Suggestion) -> Result<()> {
    writeln!(out, "#{} {}", index + 1, segment)?;
    if s.matches.is_empty() {
        writeln!(out, "   --  no match")?;
    }
    for m in &s.matches {
        writeln!(out, "  {:>3}  {}   [{}]", m.score, m.target, m.entry.origin)?;
        if !m.repairs.is_empty() {
            let list: Vec<String> = m.repairs.iter().map(|r| format!("{} → {}", r.from, r.to)).collect();
            writeln!(out, "       repaired: {}", list.join(" · "))?;
        }
        if m.score < 100 {
            writeln!(out, "       {}", wdiff(&m.diff))?;
        }
    }
    if !s.terms.is_empty() {
        let list: Vec<String> = s.terms.iter().map(|t| format!("{} = {}", t.source, t.rendering)).collect();
        writeln!(out, "  terms: {}", list.join(" · "))?;
    }
    writeln!(out)?;
    Ok(())
}

fn write_json(
    out: &mut impl Write,
    index: usize,
    seg: &Segment,
    text: &str,
    s: &Suggestion,
    timings: bool,
) -> Result<()> {
    let matches = s
        .matches
        .iter()
        .map(|m| MatchJson {
            score: m.score,
            source: &m.entry.source.text,
            target: &m.target,
            stored_target: &m.entry.target.text,
            repairs: &m.repairs,
            origin: &m.entry.origin,
            id: m.id,
            created: m.entry.created,
            changed: m.entry.changed,
            diff: &m.diff,
        })
        .collect();
    json_line(
        out,
        &SuggestionJson {
            index,
            segment: seg.text(text),
            start: seg.content.start,
            end: seg.content.end,
            matches,
            terms: &s.terms,
            elapsed_ms: timings.then_some(s.elapsed_ms),
            scored: timings.then_some(s.scored),
        },
    )
}

fn suggest_one(suggester: &mut Suggester<'_>, glossary: &Glossary, sentence: &str) -> Result<Suggestion> {
    let started = Instant::now();
    let matches = suggester.suggest(sentence)?;
    let terms = glossary.find(sentence);
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(Suggestion { matches, terms, elapsed_ms, scored: suggester.scored })
}

/// One segment's output, rendered where it was matched.
struct Rendered {
    bytes: Vec<u8>,
    found: bool,
    elapsed_ms: f64,
}

/// How segments are written.
#[derive(Clone, Copy)]
struct Output<'a> {
    format: Format,
    timings: bool,
    text: &'a str,
    segments: &'a [Segment],
}

impl Output<'_> {
    fn render(&self, index: usize, s: &Suggestion) -> Result<Rendered> {
        let mut bytes = Vec::with_capacity(1024);
        let seg = &self.segments[index];
        match self.format {
            Format::Text => write_text(&mut bytes, index, seg.text(self.text), s)?,
            Format::Json => write_json(&mut bytes, index, seg, self.text, s, self.timings)?,
        }
        Ok(Rendered { bytes, found: !s.matches.is_empty(), elapsed_ms: s.elapsed_ms })
    }
}

/// Matches and renders the segments on `jobs` threads, calling `emit` in document
/// order (the calling thread only writes).
fn run_parallel(
    db: &Path,
    glossary: &Glossary,
    options: MatchOptions,
    jobs: usize,
    output: Output<'_>,
    mut emit: impl FnMut(Rendered) -> Result<()>,
) -> Result<()> {
    let next = AtomicUsize::new(0);
    let count = output.segments.len();
    std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = mpsc::channel::<Result<(usize, Rendered)>>();
        for _ in 0..jobs {
            let send = send.clone();
            let next = &next;
            scope.spawn(move || {
                let work = || -> Result<()> {
                    let (memory, _) = Memory::open(db, None)?;
                    let mut suggester = memory.suggester(glossary, options)?;
                    loop {
                        let from = next.fetch_add(BATCH, Ordering::Relaxed);
                        if from >= count {
                            return Ok(());
                        }
                        for i in from..(from + BATCH).min(count) {
                            let sentence = output.segments[i].text(output.text);
                            let s = suggest_one(&mut suggester, glossary, sentence)?;
                            if send.send(Ok((i, output.render(i, &s)?))).is_err() {
                                return Ok(()); // the writer stopped
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
        let mut waiting: BTreeMap<usize, Rendered> = BTreeMap::new();
        let mut turn = 0;
        for result in receive {
            let (i, r) = result?;
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&turn) {
                emit(r)?;
                turn += 1;
            }
        }
        Ok(())
    })
}

/// The value at quantile `q` (0–1) of sorted `values`.
fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values[((values.len() - 1) as f64 * q).round() as usize]
}

pub fn run(args: SuggestArgs, ctx: &Ctx) -> Result<Exit> {
    let (_, text) = read_text(args.file.as_deref())?;
    let memory = ctx.open(None)?;
    let glossary = memory.glossary()?;
    let lang = Lang::of(&memory.pair().source);
    let segments: Vec<Segment> = if args.lines { segment::lines(&text) } else { segment::split(&text, lang) };
    let segments: Vec<Segment> = segments.into_iter().filter(|s| s.translate).collect();
    let sentences: Vec<&str> = segments.iter().map(|s| s.text(&text)).collect();
    let options = MatchOptions { min_score: args.min_score, max: args.max };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs = args.jobs.map_or(cores, usize::from).min(sentences.len().div_ceil(BATCH)).max(1);
    let bar = progress::bar(ctx.progress() && segments.len() > 20, segments.len() as u64, false, "suggest");
    let started = Instant::now();
    let mut out = stdout();
    let mut found = false;
    let mut times: Vec<f64> = Vec::new();
    let output = Output { format: args.format, timings: args.timings, text: &text, segments: &segments };
    let mut emit = |r: Rendered| -> Result<()> {
        found |= r.found;
        out.write_all(&r.bytes)?;
        times.push(r.elapsed_ms);
        bar.inc(1);
        Ok(())
    };
    if jobs > 1 && sentences.len() >= PARALLEL_FROM {
        run_parallel(&ctx.db()?, &glossary, options, jobs, output, &mut emit)?;
    } else {
        let mut suggester = memory.suggester(&glossary, options)?;
        for (index, sentence) in sentences.iter().enumerate() {
            emit(output.render(index, &suggest_one(&mut suggester, &glossary, sentence)?)?)?;
        }
    }
    bar.finish_and_clear();
    out.flush()?;
    if args.timings {
        let wall = started.elapsed().as_secs_f64();
        times.sort_by(f64::total_cmp);
        eprintln!(
            "{} segments in {wall:.3} s on {jobs} thread(s): {:.1} segments/s; per segment median {:.3} ms, \
             95th percentile {:.3} ms, max {:.3} ms",
            times.len(),
            times.len() as f64 / wall.max(1e-9),
            quantile(&times, 0.5),
            quantile(&times, 0.95),
            times.last().copied().unwrap_or(0.0),
        );
    }
    Ok(if found { Exit::Success } else { Exit::NothingFound })
}
