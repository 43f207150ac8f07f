//! `tm remove`: take entries out by id (each kept among its earlier versions), or
//! by origin, collection or date, in one transaction.

use anyhow::{Result, bail};

use super::output::Exit;
use super::{Ctx, RemoveArgs};

pub fn run(args: RemoveArgs, ctx: &Ctx) -> Result<Exit> {
    if !args.ids.is_empty() {
        let mut memory = ctx.write(None)?;
        let ids: Vec<tm::entry::Id> = args.ids.iter().copied().map(tm::entry::Id::new).collect();
        let n = memory.remove_ids(&ids, ctx.user().as_deref())?;
        ctx.note(format_args!("removed {n} entries (tm history ID shows them)"));
        return Ok(if n == 0 { Exit::NothingFound } else { Exit::Success });
    }
    if args.filter.is_empty() && !args.all {
        bail!("say which entries to remove (--id, --origin, --collection, --since, --until), or --all for every entry");
    }
    let filter = args.filter.filter()?;
    let mut memory = ctx.write(None)?;
    let n = memory.remove(&filter)?;
    ctx.note(format_args!("removed {n} entries"));
    Ok(if n == 0 { Exit::NothingFound } else { Exit::Success })
}
