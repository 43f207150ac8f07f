//! `tm reindex`: rebuild the memory's index from its entries.

use anyhow::Result;

use super::Ctx;
use super::output::Exit;

pub fn run(ctx: &Ctx) -> Result<Exit> {
    let mut opened = ctx.open_memory(tm::ops::open::Usage::Write, None)?;
    // Opening rebuilt a stale index already.
    if opened.reindexed.is_none() {
        let n = opened.memory.reindex(&ctx.progress())?;
        ctx.note(format_args!("reindexed {n} entries"));
    }
    Ok(Exit::Success)
}
