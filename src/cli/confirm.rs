//! `tm confirm`: entries marked confirmed by a person, recorded with the user and
//! date.

use anyhow::Result;

use tm::entry::Id;

use super::output::Exit;
use super::{ConfirmArgs, Ctx};

pub fn run(args: ConfirmArgs, ctx: &Ctx) -> Result<Exit> {
    let mut memory = ctx.write(None)?;
    let ids: Vec<Id> = args.ids.iter().copied().map(Id::new).collect();
    let user = ctx.user();
    let missing = memory.confirm(&ids, user.as_deref())?;
    for id in &missing {
        eprintln!("tm: no entry {id}");
    }
    ctx.note(format_args!("{} entries confirmed", ids.len() - missing.len()));
    Ok(if missing.is_empty() { Exit::Success } else { Exit::Problems })
}
