//! `tm glossary`: import, list and remove glossary terms.

use std::io::{BufReader, Write};

use anyhow::{Context, Result};

use tm::formats::glossary;

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, GlossaryCommand};

pub fn run(cmd: GlossaryCommand, ctx: &Ctx) -> Result<Exit> {
    let mut memory = ctx.open(None)?;
    match cmd {
        GlossaryCommand::Import { files } => {
            anyhow::ensure!(!files.is_empty(), "give one or more glossary files");
            let mut exit = Exit::Success;
            for path in files {
                let name = path.display().to_string();
                let origin = path.file_name().map_or(name.clone(), |n| n.to_string_lossy().into_owned());
                let file = std::fs::File::open(&path).with_context(|| format!("cannot open {name}"))?;
                let input = tm::formats::decode::Input::new(file, tm::formats::decode::Content::Text)
                    .with_context(|| format!("cannot read {name}"))?;
                let read = glossary::read(BufReader::new(input), &name, memory.pair())?;
                for problem in &read.problems {
                    eprintln!("{problem}");
                    exit = Exit::Problems;
                }
                let terms: Vec<_> =
                    read.terms.into_iter().map(|t| tm::glossary::Term { origin: origin.clone(), ..t }).collect();
                let replaced = memory.add_terms(&origin, &terms)?;
                ctx.note(format_args!(
                    "{name}: {} terms imported ({replaced} earlier terms of {origin} replaced), {} lines skipped",
                    terms.len(),
                    read.problems.len()
                ));
            }
            Ok(exit)
        }
        GlossaryCommand::List { format } => {
            let mut out = stdout();
            for term in memory.glossary()?.terms() {
                match format {
                    Format::Text => {
                        writeln!(out, "{}\t{}\t[{}]", term.rendering, term.variants.join(" | "), term.origin)?
                    }
                    Format::Json => json_line(&mut out, term)?,
                }
            }
            out.flush()?;
            Ok(Exit::Success)
        }
        GlossaryCommand::Remove { origin } => {
            let n = memory.remove_terms(&origin)?;
            ctx.note(format_args!("removed {n} terms"));
            Ok(if n == 0 { Exit::NothingFound } else { Exit::Success })
        }
    }
}
