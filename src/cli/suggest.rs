//! `tm suggest`: matches and glossary renderings for each segment of a document.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use tm::glossary::Hit;
use tm::memory::matcher::DiffPiece;
use tm::memory::{Match, MatchOptions};
use tm::segment::{self, Lang, Segment};
use tm::timestamp::Timestamp;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, SuggestArgs, progress, read_text};

#[derive(Serialize)]
struct MatchJson<'a> {
    score: u8,
    source: &'a str,
    target: &'a str,
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
}

/// The diff in wdiff notation: [-only in the entry-]{+only in the segment+}.
fn wdiff(pieces: &[DiffPiece]) -> String {
    pieces
        .iter()
        .map(|p| match p.op {
            "delete" => format!("[-{}-]", p.text),
            "insert" => format!("{{+{}+}}", p.text),
            _ => p.text.clone(),
        })
        .collect()
}

fn write_text(out: &mut impl Write, index: usize, segment: &str, matches: &[Match], terms: &[Hit]) -> Result<()> {
    writeln!(out, "#{} {}", index + 1, segment)?;
    if matches.is_empty() {
        writeln!(out, "   --  no match")?;
    }
    for m in matches {
        writeln!(out, "  {:>3}  {}   [{}]", m.score, m.entry.target.text, m.entry.origin)?;
        if m.score < 100 {
            writeln!(out, "       {}", wdiff(&m.diff))?;
        }
    }
    if !terms.is_empty() {
        let list: Vec<String> = terms.iter().map(|t| format!("{} = {}", t.source, t.rendering)).collect();
        writeln!(out, "  terms: {}", list.join(" · "))?;
    }
    writeln!(out)?;
    Ok(())
}

pub fn run(args: SuggestArgs, ctx: &Ctx) -> Result<Exit> {
    let (_, text) = read_text(args.file.as_deref())?;
    let memory = ctx.open(None)?;
    let glossary = memory.glossary()?;
    let lang = Lang::of(&memory.pair().source);
    let segments: Vec<Segment> = if args.lines { segment::lines(&text) } else { segment::split(&text, lang) };
    let segments: Vec<Segment> = segments.into_iter().filter(|s| s.translate).collect();
    let options = MatchOptions { min_score: args.min_score, max: args.max };
    let bar = progress::bar(ctx.progress() && segments.len() > 20, segments.len() as u64, false, "suggest");
    let mut out = stdout();
    let mut found = false;
    for (index, seg) in segments.iter().enumerate() {
        let sentence = seg.text(&text);
        let matches = memory.suggest(sentence, &options)?;
        let terms = glossary.find(sentence);
        found |= !matches.is_empty();
        match args.format {
            Format::Text => write_text(&mut out, index, sentence, &matches, &terms)?,
            Format::Json => {
                let matches = matches
                    .iter()
                    .map(|m| MatchJson {
                        score: m.score,
                        source: &m.entry.source.text,
                        target: &m.entry.target.text,
                        origin: &m.entry.origin,
                        id: m.id,
                        created: m.entry.created,
                        changed: m.entry.changed,
                        diff: &m.diff,
                    })
                    .collect();
                let start = seg.content.start;
                let end = seg.content.end;
                json_line(&mut out, &SuggestionJson { index, segment: sentence, start, end, matches, terms: &terms })?;
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    out.flush()?;
    Ok(if found { Exit::Success } else { Exit::NothingFound })
}
