//! `tm glossary`: import, list and remove glossary terms.

use std::io::Write;

use anyhow::Result;

use tm::ops::glossary::{check_glossary, import_glossary};

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, GlossaryCommand};

pub fn run(cmd: GlossaryCommand, ctx: &Ctx) -> Result<Exit> {
    if let GlossaryCommand::Import { files } = &cmd {
        anyhow::ensure!(!files.is_empty(), "give one or more glossary files");
        files.iter().try_for_each(|p| tm::ops::paths::readable(p))?;
    }
    let mut memory = ctx.open(None)?;
    match cmd {
        GlossaryCommand::Import { files } => {
            let mut exit = Exit::Success;
            for path in files {
                let report = import_glossary(&mut memory, &path, &mut |problem| {
                    eprintln!("{problem}");
                    exit = Exit::Problems;
                })?;
                for conflict in &report.conflicts {
                    eprintln!("{conflict}");
                }
                ctx.note(format_args!(
                    "{}: {} terms imported ({} earlier terms of {} replaced), {} lines skipped, {} conflicting \
                     renderings (tm glossary check lists them)",
                    path.display(),
                    report.imported,
                    report.replaced,
                    report.origin,
                    report.skipped,
                    report.conflicts.len()
                ));
            }
            Ok(exit)
        }
        GlossaryCommand::Check { format } => {
            let conflicts = check_glossary(&memory)?;
            let mut out = stdout();
            for c in &conflicts {
                match format {
                    Format::Text => {
                        let list: Vec<String> = c.renderings.iter().map(|(r, o)| format!("{r} [{o}]")).collect();
                        writeln!(out, "{}\t{}", c.spelling, list.join(" | "))?
                    }
                    Format::Json => json_line(&mut out, c)?,
                }
            }
            out.flush()?;
            ctx.note(format_args!("{} spellings with more than one rendering", conflicts.len()));
            Ok(if conflicts.is_empty() { Exit::Success } else { Exit::Findings })
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
