//! `tm export`: TMX 1.4b or bilingual TSV, to stdout or to a file written whole
//! and then renamed into place (never half-written).

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::{Context, Result};

use tm::formats::tmx::{HeaderInfo, TmxWriter};
use tm::formats::tsv;
use tm::segment::{self, Lang};

use super::output::{Exit, stdout};
use super::{Ctx, ExportArgs, ExportFormat};

/// Write errors inside a scan, as library errors (a closed pipe stays recognisable).
fn output_error(e: std::io::Error) -> tm::error::Error {
    tm::error::Error::io(std::path::Path::new("output"), e)
}

fn write_all<W: Write>(args: &ExportArgs, ctx: &Ctx, out: &mut W) -> Result<u64> {
    let memory = ctx.open(None)?;
    let filter = args.filter.filter()?;
    let pair = memory.pair().clone();
    let lang = Lang::of(&pair.source);
    let mut n = 0;
    match args.format {
        ExportFormat::Tmx => {
            let mut w = TmxWriter::new(out, &HeaderInfo::now(pair.source.as_str()))?;
            memory.store().scan(&filter, |stored| {
                let sentences = segment::sentences(&stored.entry.source.plain(), lang).len();
                w.write(&stored.entry, sentences > 1).map_err(output_error)?;
                n += 1;
                Ok(())
            })?;
            w.finish()?;
        }
        ExportFormat::Tsv => {
            tsv::write_header(out, &pair)?;
            memory.store().scan(&filter, |stored| {
                tsv::write_entry(out, &stored.entry).map_err(output_error)?;
                n += 1;
                Ok(())
            })?;
        }
    }
    Ok(n)
}

pub fn run(args: ExportArgs, ctx: &Ctx) -> Result<Exit> {
    let n = match &args.output {
        None => {
            let mut out = stdout();
            let n = write_all(&args, ctx, &mut out)?;
            out.flush()?;
            n
        }
        Some(path) => {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
            let name = path.file_name().context("the output path has no file name")?.to_string_lossy().into_owned();
            let partial = dir.join(format!(".{name}.partial"));
            let result = (|| -> Result<u64> {
                let file = File::create(&partial).with_context(|| format!("cannot write {}", partial.display()))?;
                let mut out = BufWriter::new(file);
                let n = write_all(&args, ctx, &mut out)?;
                out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))?;
                Ok(n)
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&partial);
            }
            result?
        }
    };
    let to = args.output.as_ref().map_or("stdout".to_string(), |p| p.display().to_string());
    ctx.note(format_args!("exported {n} entries to {to}"));
    Ok(Exit::Success)
}
