//! `tm search`: concordance search in sources or targets: words as meant, as
//! written (`--exact`), or a regular expression (`--regex`).

use std::io::Write;

use anyhow::{Context, Result};
use regex::Regex;
use serde::Serialize;

use tm::entry::Id;
use tm::memory::{Pattern, Scope, Side};
use tm::timestamp::Timestamp;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, SearchArgs};

#[derive(Serialize)]
struct ResultJson<'a> {
    id: Id,
    source: &'a str,
    target: &'a str,
    origin: &'a str,
    collection: Option<&'a str>,
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
    let opened = ctx.open_memory(tm::ops::open::Usage::Read, None)?;
    let memory = &opened.memory;
    let side = if args.target { Side::Target } else { Side::Source };
    let scope = Scope { collections: args.collections.clone(), prefer: None };
    let mut found = memory.search_for(pattern, side, args.limit, &scope)?;
    // The shipped sample, consulted while the memory holds nothing or with --sample.
    if opened.sample
        && found.len() < args.limit
        && let Some(sample) = tm::sample::memory(memory.pair())?
    {
        found.extend(sample.search_for(pattern, side, args.limit - found.len(), &scope)?);
    }
    let mut out = stdout();
    for stored in &found {
        let e = &stored.entry;
        match args.format {
            Format::Text => match &e.collection {
                Some(c) => writeln!(out, "{}\n  {}   [{} · {c}]\n", e.source.text, e.target.text, e.origin)?,
                None => writeln!(out, "{}\n  {}   [{}]\n", e.source.text, e.target.text, e.origin)?,
            },
            Format::Json => json_line(
                &mut out,
                &ResultJson {
                    id: stored.id,
                    source: &e.source.text,
                    target: &e.target.text,
                    origin: &e.origin,
                    collection: e.collection.as_deref(),
                    changed: e.changed,
                },
            )?,
        }
    }
    out.flush()?;
    Ok(if found.is_empty() { Exit::NothingFound } else { Exit::Success })
}
