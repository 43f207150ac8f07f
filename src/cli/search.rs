//! `tm search`: concordance search in sources or targets: words as meant, as
//! written (`--exact`), or a regular expression (`--regex`).

use std::io::Write;

use anyhow::{Context, Result};
use regex::Regex;
use tm::memory::{Pattern, Scope, Side};
use tm::ops::search::{FoundJson, search};

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, SearchArgs};

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
    let opened = ctx.open_memory(tm::ops::open::Usage::Read, None)?;
    let memory = &opened.memory;
    let side = if args.target { Side::Target } else { Side::Source };
    let scope = Scope { collections: args.collections.clone(), prefer: None };
    // The shipped sample, consulted while the memory holds nothing or with --sample.
    let found = search(memory, pattern, side, args.limit, &scope, opened.sample)?;
    let mut out = stdout();
    for stored in &found {
        let e = &stored.entry;
        match args.format {
            Format::Text => match &e.collection {
                Some(c) => writeln!(out, "{}\n  {}   [{} · {c}]\n", e.source.text, e.target.text, e.origin)?,
                None => writeln!(out, "{}\n  {}   [{}]\n", e.source.text, e.target.text, e.origin)?,
            },
            Format::Json => json_line(&mut out, &FoundJson::of(stored))?,
        }
    }
    out.flush()?;
    Ok(if found.is_empty() { Exit::NothingFound } else { Exit::Success })
}
