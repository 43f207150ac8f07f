//! `tm glossary`: import, export, check, list and remove glossary terms.

use std::io::Write;

use anyhow::Result;

use tm::ops::glossary::{
    GlossaryFormat as Written, check_glossary, export_glossary, export_glossary_file, import_glossary,
};

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, GlossaryCommand, GlossaryFormat};

pub fn run(cmd: GlossaryCommand, ctx: &Ctx) -> Result<Exit> {
    let mut pair = None;
    match &cmd {
        GlossaryCommand::Import { files, langs, .. } => {
            anyhow::ensure!(!files.is_empty(), "give one or more glossary files");
            files.iter().try_for_each(|p| tm::ops::paths::readable(p))?;
            pair = langs.pair()?;
        }
        GlossaryCommand::Export { output: Some(path), .. } => {
            tm::ops::export::partial_path(path)?; // a wrong path fails before the memory is opened
        }
        _ => {}
    }
    let mut memory = match &cmd {
        GlossaryCommand::Import { .. } | GlossaryCommand::Remove { .. } => ctx.write(pair)?,
        _ => ctx.read()?,
    };
    match cmd {
        GlossaryCommand::Import { files, format, .. } => {
            let mut exit = Exit::Success;
            let mut out = stdout();
            for path in files {
                let report = import_glossary(&mut memory, &path, &ctx.limits, &mut |problem| {
                    eprintln!("{problem}");
                    exit = Exit::Problems;
                })?;
                for conflict in &report.conflicts {
                    eprintln!("{conflict}");
                }
                if format == Format::Json {
                    let line = serde_json::json!({
                        "file": path.display().to_string(),
                        "origin": report.origin,
                        "format": report.format,
                        "imported": report.imported,
                        "replaced": report.replaced,
                        "skipped": report.skipped,
                        "incomplete": report.incomplete,
                        "alternatives": report.alternatives,
                        "conflicts": report.conflicts.len(),
                    });
                    json_line(&mut out, &line)?;
                    continue;
                }
                let pair = memory.pair();
                let records = if report.format == "tbx" { "term entries" } else { "lines" };
                let mut tbx = String::new();
                if report.incomplete > 0 {
                    tbx += &format!(
                        ", {} term entries without both {} and {} terms skipped",
                        report.incomplete, pair.source, pair.target
                    );
                }
                if report.alternatives > 0 {
                    tbx += &format!(
                        ", {} further admitted {} terms not kept (a term has one rendering)",
                        report.alternatives, pair.target
                    );
                }
                ctx.note(format_args!(
                    "{}: {} terms imported ({} earlier terms of {} replaced), {} {records} skipped{tbx}, {} \
                     conflicting renderings (tm glossary check lists them)",
                    path.display(),
                    report.imported,
                    report.replaced,
                    report.origin,
                    report.skipped,
                    report.conflicts.len()
                ));
            }
            out.flush()?;
            Ok(exit)
        }
        GlossaryCommand::Export { output, format, origins } => {
            let asked = origins.iter().any(|o| o == tm::entry::ORIGIN_SAMPLE);
            let sample = ctx.sample_for_export(asked, memory.pair())?;
            let format = match format {
                GlossaryFormat::Tsv => Written::Tsv,
                GlossaryFormat::Tbx => Written::Tbx,
            };
            let n = match &output {
                None => {
                    let mut out = stdout();
                    let n = export_glossary(&memory, sample.as_ref(), &origins, format, &mut out, "stdout")?;
                    out.flush()?;
                    n
                }
                Some(path) => export_glossary_file(&memory, sample.as_ref(), &origins, format, path)?,
            };
            let to = output.as_ref().map_or("stdout".to_string(), |p| p.display().to_string());
            ctx.note(format_args!("exported {n} glossary terms to {to}"));
            Ok(Exit::Success)
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
            let mut n = 0;
            for name in tm::ops::origin::names(&origin) {
                n += memory.remove_terms(&name)?;
            }
            ctx.note(format_args!("removed {n} terms"));
            Ok(if n == 0 { Exit::NothingFound } else { Exit::Success })
        }
    }
}
