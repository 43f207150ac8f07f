//! `tm edit`: a new target (or source) for one entry, recorded with the user and
//! date; the earlier version is kept.

use anyhow::Result;

use tm::entry::Id;

use super::output::Exit;
use super::{Ctx, EditArgs};

pub fn run(args: EditArgs, ctx: &Ctx) -> Result<Exit> {
    let mut memory = ctx.write(None)?;
    let user = ctx.user();
    memory.edit(Id::new(args.id), args.source.as_deref(), args.target.as_deref(), user.as_deref())?;
    ctx.note(format_args!("entry {} changed (tm history {} shows the earlier version)", args.id, args.id));
    Ok(Exit::Success)
}
