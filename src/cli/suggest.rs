//! `tm suggest`: renders the suggestions of [`tm::ops::suggest`] as text or JSON
//! Lines, and the timing summary.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use tm::memory::matcher::{DiffOp, DiffPiece};
use tm::memory::{MatchOptions, Scope};
use tm::ops::suggest::{SuggestOptions, SuggestReport, Suggestion, segments_of, suggest, suggest_lines};
use tm::script::{Script, count_not_in};
use tm::segment::{Lang, Split};

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, SuggestArgs, read_text};

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

fn write_text(out: &mut impl Write, s: &Suggestion) -> Result<()> {
    writeln!(out, "#{} {}", s.index + 1, s.segment)?;
    if s.matches.is_empty() {
        writeln!(out, "   --  no match")?;
    }
    for m in &s.matches {
        match &m.entry.collection {
            Some(c) => writeln!(out, "  {:>3}  {}   [{} · {c}]", m.score, m.target, m.entry.origin)?,
            None => writeln!(out, "  {:>3}  {}   [{}]", m.score, m.target, m.entry.origin)?,
        }
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

fn write_json(out: &mut impl Write, s: &Suggestion, timings: bool) -> Result<()> {
    let json = s.json();
    json_line(out, &if timings { json.with_timings(s) } else { json })
}

pub fn run(args: SuggestArgs, ctx: &Ctx) -> Result<Exit> {
    let from_stdin = args.file.as_deref().is_none_or(|f| f == Path::new("-"));
    if args.lines && from_stdin && !stdin_is_a_file() {
        return streamed(args, ctx);
    }
    let text = read_text(args.file.as_deref(), &ctx.limits)?;
    let opened = ctx.open_memory(tm::ops::open::Usage::Read, None)?;
    let memory = opened.memory;
    let split = if args.lines { Split::Lines } else { Split::Sentences };
    let segments = segments_of(&text, split, Lang::of(&memory.pair().source));
    if let Some(script) = Script::of_lang(&memory.pair().source) {
        let (telling, not_in) = count_not_in(segments.iter().map(|s| s.text), script);
        warn_of_script((telling, not_in), script, &memory);
    }
    let options = options(&args, opened.sample);
    let mut out = stdout();
    let render = |s: &Suggestion| -> Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(1024);
        match args.format {
            Format::Text => write_text(&mut bytes, s)?,
            Format::Json => write_json(&mut bytes, s, args.timings)?,
        }
        Ok(bytes)
    };
    let report = suggest(&memory, &segments, &options, &ctx.progress(), render, |bytes| Ok(out.write_all(&bytes)?))?;
    out.flush()?;
    Ok(finish(&args, &report))
}

/// The warning that most segments that tell their script are not in the
/// memory's source script.
fn warn_of_script((telling, not_in): (usize, usize), script: Script, memory: &tm::memory::Memory) {
    if not_in > 0 && not_in * 2 >= telling {
        eprintln!(
            "tm: warning: {not_in} of the {telling} segments are not in {script} script, the script of the \
             memory's source language ({}): is this the translation, or a text in another language?",
            memory.pair().source
        );
    }
}

/// Segments that tell their script before a stream says whether they are in the
/// memory's (at its end if it has fewer).
const SCRIPT_SAMPLE: usize = 5;

/// Options of a run, from its flags.
fn options(args: &SuggestArgs, sample: bool) -> SuggestOptions {
    SuggestOptions {
        matching: MatchOptions { min_score: args.min_score, max: args.max },
        jobs: args.jobs.map(usize::from),
        scope: Scope { collections: args.collections.clone(), prefer: args.prefer.clone() },
        sample,
        exhaustive: args.exhaustive,
    }
}

/// Whether standard input is a file (`tm suggest --lines < doc.txt`): then it is
/// read whole like a file argument, with context matches; a pipe or a terminal
/// is answered line by line.
fn stdin_is_a_file() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let file = std::io::stdin().as_fd().try_clone_to_owned().map(std::fs::File::from);
        file.and_then(|f| f.metadata()).is_ok_and(|m| m.is_file())
    }
    #[cfg(not(unix))]
    false
}

/// `--lines` from a pipe or a terminal: each line answered as it arrives,
/// flushed, so that a program can write a segment and wait for its suggestion
/// (one thread; no context match, since the next line is not there yet). A file
/// given as argument or redirected is read whole and matched on every core.
fn streamed(args: SuggestArgs, ctx: &Ctx) -> Result<Exit> {
    let opened = ctx.open_memory(tm::ops::open::Usage::Read, None)?;
    let memory = opened.memory;
    let options = options(&args, opened.sample);
    let stdin = std::io::stdin().lock();
    let mut input = tm::formats::decode::Utf8Reader::line_by_line(stdin, tm::formats::decode::Content::Text)
        .map_err(|e| tm::error::Error::Io { path: "stdin".into(), source: e })?;
    let mut out = stdout();
    let script = Script::of_lang(&memory.pair().source);
    let (mut seen, mut warned) = ((0, 0), false);
    let report = suggest_lines(&memory, &mut input, "stdin", &options, |s| -> Result<()> {
        if let Some(script) = script.filter(|_| !warned) {
            let (t, n) = count_not_in([s.segment.as_str()], script);
            seen = (seen.0 + t, seen.1 + n);
            if seen.0 >= SCRIPT_SAMPLE {
                warn_of_script(seen, script, &memory);
                warned = true;
            }
        }
        match args.format {
            Format::Text => write_text(&mut out, s)?,
            Format::Json => write_json(&mut out, s, args.timings)?,
        }
        Ok(out.flush()?)
    })?;
    if let Some(script) = script.filter(|_| !warned) {
        warn_of_script(seen, script, &memory);
    }
    Ok(finish(&args, &report))
}

/// The timings asked for on stderr, and the exit status.
fn finish(args: &SuggestArgs, report: &SuggestReport) -> Exit {
    if args.timings {
        let wall = report.wall.as_secs_f64();
        eprintln!(
            "{} segments in {wall:.3} s on {} thread(s): {:.1} segments/s; per segment median {:.3} ms, \
             95th percentile {:.3} ms, max {:.3} ms",
            report.segments,
            report.jobs,
            report.segments as f64 / wall.max(1e-9),
            report.quantile_ms(0.5),
            report.quantile_ms(0.95),
            report.quantile_ms(1.0),
        );
    }
    if report.found > 0 { Exit::Success } else { Exit::NothingFound }
}
