//! `tm show`: one entry as stored, with who made, changed and confirmed it.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use tm::entry::{Context, Id};
use tm::timestamp::Timestamp;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, ShowArgs};

/// `tm show --format json`.
#[derive(Serialize)]
pub struct EntryJson<'a> {
    pub id: Id,
    pub source: &'a str,
    pub target: &'a str,
    pub source_lang: &'a str,
    pub target_lang: &'a str,
    pub origin: &'a str,
    pub collection: Option<&'a str>,
    pub created: Option<Timestamp>,
    pub creator: Option<&'a str>,
    pub changed: Option<Timestamp>,
    pub changer: Option<&'a str>,
    pub confirmed: Option<Timestamp>,
    pub confirmer: Option<&'a str>,
    /// The contexts it was met in: `prev` and `next` source (null at an edge).
    pub contexts: Vec<Context<'a>>,
}

pub fn run(args: ShowArgs, ctx: &Ctx) -> Result<Exit> {
    let memory = ctx.read()?;
    let id = Id::new(args.id);
    let Some(stored) = memory.store().entries(&[id])?.pop() else {
        ctx.note(format_args!("no entry {id}"));
        return Ok(Exit::NothingFound);
    };
    let confirmation = memory.store().confirmation(id)?;
    let e = &stored.entry;
    let json = EntryJson {
        id,
        source: &e.source.text,
        target: &e.target.text,
        source_lang: e.source_lang.as_str(),
        target_lang: e.target_lang.as_str(),
        origin: &e.origin,
        collection: e.collection.as_deref(),
        created: e.created,
        creator: e.creator.as_deref(),
        changed: e.changed,
        changer: e.changer.as_deref(),
        confirmed: confirmation.as_ref().map(|c| c.when),
        confirmer: confirmation.as_ref().and_then(|c| c.by.as_deref()),
        contexts: e.meta.contexts(),
    };
    let mut out = stdout();
    match args.format {
        Format::Json => json_line(&mut out, &json)?,
        Format::Text => {
            let when = |t: Option<Timestamp>, who: Option<&str>| {
                format!("{}{}", t.map_or("-".into(), |t| t.to_iso()), who.map_or(String::new(), |w| format!(" by {w}")))
            };
            writeln!(out, "id:         {id}")?;
            writeln!(out, "source:     {}  ({})", json.source, json.source_lang)?;
            writeln!(out, "target:     {}  ({})", json.target, json.target_lang)?;
            writeln!(out, "origin:     {}", json.origin)?;
            writeln!(out, "collection: {}", json.collection.unwrap_or("-"))?;
            writeln!(out, "created:    {}", when(json.created, json.creator))?;
            writeln!(out, "changed:    {}", when(json.changed, json.changer))?;
            writeln!(out, "confirmed:  {}", when(json.confirmed, json.confirmer))?;
            for c in &json.contexts {
                let side = |t: Option<&str>| t.map_or("(the document's edge)".to_string(), |t| format!("«{t}»"));
                writeln!(out, "context:    after {}, before {}", side(c.prev), side(c.next))?;
            }
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
