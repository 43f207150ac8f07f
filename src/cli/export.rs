//! `tm export`: TMX 1.4b or bilingual TSV ([`tm::ops::export`]), to stdout or to a
//! file written whole and then renamed into place.

use std::io::Write;

use anyhow::Result;

use tm::ops::export::{self, ExportFormat as Written};

use super::output::{Exit, stdout};
use super::{Ctx, ExportArgs, ExportFormat};

pub fn run(args: ExportArgs, ctx: &Ctx) -> Result<Exit> {
    let filter = args.filter.filter()?;
    let format = match args.format {
        ExportFormat::Tmx => Written::Tmx,
        ExportFormat::Tsv => Written::Tsv,
    };
    if let Some(path) = &args.output {
        export::partial_path(path)?; // a wrong path fails before the memory is opened
    }
    let memory = ctx.read()?;
    let sample = ctx.sample_for_export(args.filter.names_sample(), memory.pair())?;
    let progress = ctx.progress();
    let n = match &args.output {
        None => {
            let mut out = stdout();
            let n = export::export(&memory, sample.as_ref(), &filter, format, &mut out, "stdout", &progress, None)?;
            out.flush()?;
            n
        }
        Some(path) => export::export_file(&memory, sample.as_ref(), &filter, format, path, &progress)?,
    };
    let to = args.output.as_ref().map_or("stdout".to_string(), |p| p.display().to_string());
    ctx.note(format_args!("exported {n} entries to {to}"));
    Ok(Exit::Success)
}
