//! `tm dedupe`: merge entries that hold the same translation of the same source.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, DedupeArgs, Format};

#[derive(Serialize)]
struct Summary {
    entries: u64,
    groups: usize,
    removed: u64,
    dry_run: bool,
}

pub fn run(args: DedupeArgs, ctx: &Ctx) -> Result<Exit> {
    let filter = args.filter.filter()?;
    let mut memory = ctx.write(None)?;
    let user = ctx.user();
    let report = memory.dedupe(&filter, args.dry_run, user.as_deref(), &ctx.progress())?;
    let mut out = stdout();
    let summary = Summary {
        entries: report.entries,
        groups: report.groups.len(),
        removed: report.removed(),
        dry_run: args.dry_run,
    };
    match args.format {
        Format::Json => {
            for group in &report.groups {
                json_line(&mut out, group)?;
            }
            json_line(&mut out, &summary)?;
        }
        Format::Text => {
            let verb = if args.dry_run { "would merge" } else { "merged" };
            for group in &report.groups {
                let removed: Vec<String> = group.removed.iter().map(|id| id.to_string()).collect();
                writeln!(out, "{} {verb} into {}", removed.join(", "), group.kept)?;
            }
            let what = if args.dry_run { "to remove" } else { "removed (tm history ID shows them)" };
            writeln!(
                out,
                "{} entries looked at, {} groups of duplicates, {} entries {what}",
                summary.entries, summary.groups, summary.removed
            )?;
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
