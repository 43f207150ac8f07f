//! `tm remove`: take entries out by origin or date, in one transaction.

use anyhow::{Result, bail};

use super::output::Exit;
use super::{Ctx, RemoveArgs};

pub fn run(args: RemoveArgs, ctx: &Ctx) -> Result<Exit> {
    if args.filter.is_empty() && !args.all {
        bail!("say which entries to remove (--origin, --since, --until), or --all for every entry");
    }
    let filter = args.filter.filter()?;
    let mut memory = ctx.write(None)?;
    let n = memory.remove(&filter)?;
    ctx.note(format_args!("removed {n} entries"));
    Ok(if n == 0 { Exit::NothingFound } else { Exit::Success })
}
