//! `tm suggest`: renders the suggestions of [`tm::ops::suggest`] as text or JSON
//! Lines, and the timing summary.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use tm::entry::Id;
use tm::glossary::TermHit;
use tm::memory::MatchOptions;
use tm::memory::matcher::{DiffOp, DiffPiece, Repair};
use tm::ops::align::Split;
use tm::ops::suggest::{SuggestOptions, Suggestion, segments_of, suggest};
use tm::segment::Lang;
use tm::timestamp::Timestamp;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, SuggestArgs, read_text};

#[derive(Serialize)]
struct MatchJson<'a> {
    score: u8,
    source: &'a str,
    target: &'a str,
    stored_target: &'a str,
    repairs: &'a [Repair],
    origin: &'a str,
    id: Id,
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
    terms: &'a [TermHit],
    #[serde(skip_serializing_if = "Option::is_none")]
    elapsed_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scored: Option<usize>,
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

fn write_text(out: &mut impl Write, s: &Suggestion) -> Result<()> {
    writeln!(out, "#{} {}", s.index + 1, s.segment)?;
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

fn write_json(out: &mut impl Write, s: &Suggestion, timings: bool) -> Result<()> {
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
            index: s.index,
            segment: &s.segment,
            start: s.span.start,
            end: s.span.end,
            matches,
            terms: &s.terms,
            elapsed_ms: timings.then_some(s.elapsed.as_secs_f64() * 1000.0),
            scored: timings.then_some(s.scored),
        },
    )
}

pub fn run(args: SuggestArgs, ctx: &Ctx) -> Result<Exit> {
    let text = read_text(args.file.as_deref())?;
    let memory = ctx.open(None)?;
    let split = if args.lines { Split::Lines } else { Split::Sentences };
    let segments = segments_of(&text, split, Lang::of(&memory.pair().source));
    let options = SuggestOptions {
        matching: MatchOptions { min_score: args.min_score, max: args.max },
        split,
        jobs: args.jobs.map(usize::from),
    };
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
    Ok(if report.found > 0 { Exit::Success } else { Exit::NothingFound })
}
