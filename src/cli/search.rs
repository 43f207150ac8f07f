//! `tm search`: concordance search in sources or targets: words as meant, as
//! written (`--exact`), or a regular expression (`--regex`).

use std::io::Write;

use anyhow::{Context, Result};
use regex::Regex;
use serde::Serialize;

use tm::entry::Id;
use tm::memory::{Pattern, Side};
use tm::timestamp::Timestamp;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, SearchArgs};

#[derive(Serialize)]
struct ResultJson<'a> {
    id: Id,
    source: &'a str,
    target: &'a str,
    origin: &'a str,
    changed: Option<Timestamp>,
}

pub fn run(args: SearchArgs, ctx: &Ctx) -> Result<Exit> {
    let regex = match args.regex {
        true => Some(Regex::new(&args.text).with_context(|| format!("--regex {:?}", args.text))?),
        false => None,
    };
    let pattern = match (&regex, args.exact) {
        (Some(regex), _) => Pattern::Regex(regex),
        (None, true) => Pattern::Exact(&args.text),
        (None, false) => Pattern::Words(&args.text),
    };
    let memory = ctx.open(None)?;
    let side = if args.target { Side::Target } else { Side::Source };
    let found = memory.search_for(pattern, side, args.limit)?;
    let mut out = stdout();
    for stored in &found {
        let e = &stored.entry;
        match args.format {
            Format::Text => writeln!(out, "{}\n  {}   [{}]\n", e.source.text, e.target.text, e.origin)?,
            Format::Json => json_line(
                &mut out,
                &ResultJson {
                    id: stored.id,
                    source: &e.source.text,
                    target: &e.target.text,
                    origin: &e.origin,
                    changed: e.changed,
                },
            )?,
        }
    }
    out.flush()?;
    Ok(if found.is_empty() { Exit::NothingFound } else { Exit::Success })
}
