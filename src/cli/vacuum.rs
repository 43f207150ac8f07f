//! `tm vacuum`: compact the memory and check it.

use std::io::Write;

use anyhow::Result;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, VacuumArgs};

pub fn run(args: VacuumArgs, ctx: &Ctx) -> Result<Exit> {
    let mut memory = ctx.write(None)?;
    let report = memory.vacuum(&ctx.progress())?;
    let mut out = stdout();
    match args.format {
        Format::Json => json_line(&mut out, &report)?,
        Format::Text => {
            let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
            writeln!(
                out,
                "before:    {:.1} MiB (write-ahead log {:.1} MiB)",
                mib(report.bytes_before),
                mib(report.log_before)
            )?;
            writeln!(out, "after:     {:.1} MiB", mib(report.bytes_after))?;
            writeln!(out, "check:     {}", if report.problems.is_empty() { "ok" } else { "DAMAGED" })?;
            for problem in &report.problems {
                writeln!(out, "           {problem}")?;
            }
        }
    }
    out.flush()?;
    Ok(if report.problems.is_empty() { Exit::Success } else { Exit::Problems })
}
