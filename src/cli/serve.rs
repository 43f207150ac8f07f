//! `tm serve`: opens the memory as a command does and hands it to the server
//! (`crate::server`), which runs until SIGINT or SIGTERM.

use std::time::Duration;

use anyhow::Result;

use tm::ops::open::Usage;

use super::output::Exit;
use super::{Ctx, ServeArgs};
use crate::server::{Config, Limits, Rate, run as serve};

pub fn run(args: ServeArgs, ctx: &Ctx) -> Result<Exit> {
    anyhow::ensure!(args.max_body > 0 && args.max_segment > 0 && args.timeout > 0, "the limits must be above 0");
    anyhow::ensure!(args.rate.is_finite() && args.rate >= 0.0, "--rate is a number of requests a second, 0 or more");
    let usage = if args.read_only { Usage::Read } else { Usage::Write };
    let opened = ctx.open_memory(usage, None)?;
    let config = Config {
        listen: args.listen.clone(),
        token_file: args.token_file.clone(),
        read_only: args.read_only,
        private: args.private,
        sample: ctx.sample,
        limits: Limits {
            body_bytes: args.max_body << 20,
            segment_chars: args.max_segment,
            timeout: Duration::from_secs(args.timeout),
        },
        grace: Duration::from_secs(args.grace),
        rate: Rate::per_second(args.rate),
    };
    let db = ctx.db()?;
    let pair = opened.memory.pair().clone();
    serve(config, opened.memory, |addr| {
        // The first line on stderr: a test or a script reads the address from it.
        eprintln!("tm serve: listening on http://{addr} (memory {}, {pair})", db.display());
    })?;
    ctx.note(format_args!("tm serve: stopped"));
    Ok(Exit::Success)
}
