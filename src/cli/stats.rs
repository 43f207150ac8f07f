//! `tm stats`: entries, language pair, origins, dates, glossary.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use tm::memory::Stats;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, StatsArgs};

#[derive(Serialize)]
struct StatsJson<'a> {
    memory: String,
    source_lang: &'a str,
    target_lang: &'a str,
    #[serde(flatten)]
    stats: &'a Stats,
}

pub fn run(args: StatsArgs, ctx: &Ctx) -> Result<Exit> {
    let memory = ctx.read()?;
    let stats = memory.stats()?;
    let pair = memory.pair();
    let mut out = stdout();
    match args.format {
        Format::Json => json_line(
            &mut out,
            &StatsJson {
                memory: ctx.db()?.display().to_string(),
                source_lang: pair.source.as_str(),
                target_lang: pair.target.as_str(),
                stats: &stats,
            },
        )?,
        Format::Text => {
            writeln!(out, "memory:   {}", ctx.db()?.display())?;
            writeln!(out, "pair:     {pair}")?;
            writeln!(out, "entries:  {}", stats.entries)?;
            for (s, t, n) in &stats.languages {
                writeln!(out, "          {n:>8}  {s} → {t}")?;
            }
            if let (Some(oldest), Some(newest)) = (stats.oldest, stats.newest) {
                writeln!(out, "dates:    {} … {}", oldest.to_iso(), newest.to_iso())?;
            }
            writeln!(out, "origins:")?;
            for (origin, n) in &stats.origins {
                writeln!(out, "          {n:>8}  {origin}")?;
            }
            if stats.collections.iter().any(|(c, _)| c.is_some()) {
                writeln!(out, "collections:")?;
                for (collection, n) in &stats.collections {
                    writeln!(out, "          {n:>8}  {}", collection.as_deref().unwrap_or("(none)"))?;
                }
            }
            writeln!(out, "glossary: {} terms", stats.glossary_terms)?;
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
