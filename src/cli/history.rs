//! `tm history`: the earlier versions of one entry (overwritten, edited,
//! confirmed, removed), oldest first, then the entry as it is.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use tm::entry::Id;
use tm::timestamp::Timestamp;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, ShowArgs};

/// One version, as `tm history --format json` writes it.
#[derive(Serialize)]
struct VersionJson<'a> {
    source: &'a str,
    target: &'a str,
    origin: &'a str,
    collection: Option<&'a str>,
    changed: Option<Timestamp>,
    changer: Option<&'a str>,
    /// When and by whom it gave way, and how (`overwrite`, `edit`, `confirm`,
    /// `remove`); none for the entry as it is.
    replaced: Option<Timestamp>,
    replacer: Option<&'a str>,
    action: Option<&'a str>,
}

pub fn run(args: ShowArgs, ctx: &Ctx) -> Result<Exit> {
    let memory = ctx.read()?;
    let id = Id::new(args.id);
    let versions = memory.store().versions(id)?;
    let current = memory.store().entries(&[id])?.pop();
    let mut lines: Vec<VersionJson<'_>> = versions
        .iter()
        .map(|v| VersionJson {
            source: &v.source.text,
            target: &v.target.text,
            origin: &v.origin,
            collection: v.collection.as_deref(),
            changed: Some(v.changed),
            changer: v.changer.as_deref(),
            replaced: Some(v.replaced),
            replacer: v.replacer.as_deref(),
            action: Some(&v.action),
        })
        .collect();
    if let Some(c) = &current {
        let e = &c.entry;
        lines.push(VersionJson {
            source: &e.source.text,
            target: &e.target.text,
            origin: &e.origin,
            collection: e.collection.as_deref(),
            changed: e.changed,
            changer: e.changer.as_deref(),
            replaced: None,
            replacer: None,
            action: None,
        });
    }
    if lines.is_empty() {
        ctx.note(format_args!("no entry {id}, and none removed"));
        return Ok(Exit::NothingFound);
    }
    let mut out = stdout();
    for v in &lines {
        match args.format {
            Format::Json => json_line(&mut out, v)?,
            Format::Text => {
                let changed = v.changed.map_or("-".into(), |t| t.to_iso());
                let by = v.changer.map_or(String::new(), |w| format!(" by {w}"));
                writeln!(out, "{changed}{by}   [{}]", v.origin)?;
                writeln!(out, "  {}\n  {}", v.source, v.target)?;
                match (v.action, v.replaced) {
                    (Some(action), Some(when)) => {
                        let by = v.replacer.map_or(String::new(), |w| format!(" by {w}"));
                        writeln!(out, "  then {action}: {}{by}\n", when.to_iso())?
                    }
                    _ => writeln!(out, "  (now)\n")?,
                }
            }
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
