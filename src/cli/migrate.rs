//! `tm migrate`: move a memory whole to another store.

use std::io::Write;

use anyhow::Result;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, MigrateArgs};
use tm::ops::migrate::migrate;

pub fn run(args: MigrateArgs, ctx: &Ctx) -> Result<Exit> {
    let started = std::time::Instant::now();
    let moved = migrate(&args.from, &args.to, ctx.wait, &ctx.progress())?;
    let mut out = stdout();
    match args.format {
        Format::Json => json_line(&mut out, &moved)?,
        Format::Text => {
            writeln!(out, "{} → {}", moved.from, moved.to)?;
            for t in &moved.tables {
                writeln!(out, "{:>12}  {}", t.rows, t.table)?;
            }
            if !ctx.quiet {
                eprintln!(
                    "tm migrate: {} entries, every table's rows counted on both sides ({:.1} s)",
                    moved.rows("entry"),
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
