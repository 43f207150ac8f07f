//! `tm stats`: entries, language pair, origins, dates, glossary.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use tm::memory::{GroupBy, Memory, Stats};

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, StatsArgs, StatsBy};

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
    if let Some(by) = args.by {
        return by_group(&memory, by, args.format);
    }
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

/// `tm stats --by origin|collection`: a line (a JSON object) per group.
fn by_group(memory: &Memory, by: StatsBy, format: Format) -> Result<Exit> {
    let groups = memory.stats_by(match by {
        StatsBy::Origin => GroupBy::Origin,
        StatsBy::Collection => GroupBy::Collection,
    })?;
    let mut out = stdout();
    match format {
        Format::Json => {
            for group in &groups {
                json_line(&mut out, group)?;
            }
        }
        Format::Text => {
            let what = match by {
                StatsBy::Origin => "origin",
                StatsBy::Collection => "collection",
            };
            writeln!(
                out,
                "{:>8}  {:>9}  {:>9}  {:<10}  {:<10}  {what}",
                "entries", "confirmed", "words", "created", "changed"
            )?;
            for g in &groups {
                let day = |t: tm::timestamp::Timestamp| t.to_iso().chars().take(10).collect::<String>();
                write!(
                    out,
                    "{:>8}  {:>9}  {:>9}  {:<10}  {:<10}  {}",
                    g.entries,
                    g.confirmed,
                    g.words,
                    day(g.oldest),
                    day(g.newest),
                    g.name.as_deref().unwrap_or("(none)")
                )?;
                // An origin named with --origin: the file it was read from.
                let named = g.name.as_deref().is_some_and(|n| !n.starts_with(['/', '~']));
                if let Some(path) = g.import.as_ref().and_then(|i| i.path.as_deref()).filter(|_| named) {
                    write!(out, "  ({path})")?;
                }
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
