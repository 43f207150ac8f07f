//! Exporting a memory: TMX 1.4b (for any CAT tool) or bilingual TSV, to a writer
//! or to a file written whole and then renamed into place (never half-written).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::formats::tmx::{HeaderInfo, TmxWriter};
use crate::formats::tsv;
use crate::memory::{Filter, Memory};
use crate::progress::{Count, Progress};

/// What a memory is exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// TMX 1.4b, UTF-8.
    Tmx,
    /// Bilingual TSV: a header of language tags, then source TAB target.
    Tsv,
}

/// Writes the entries `filter` takes to `out`, in id order; returns how many.
/// A write error names `name` (and keeps the `io::Error` as its source, so that a
/// closed pipe stays recognisable).
///
/// ```
/// use tm::memory::Filter;
/// use tm::ops::export::{ExportFormat, export};
/// use tm::ops::open::{OpenOptions, open_in_memory};
/// use tm::progress::Silent;
///
/// let memory = open_in_memory(&OpenOptions::default(), &Silent)?.memory;
/// let mut tsv = Vec::new();
/// let n = export(&memory, &Filter::default(), ExportFormat::Tsv, &mut tsv, "memory.tsv", &Silent)?;
/// let tsv = String::from_utf8(tsv)?;
/// assert!(tsv.starts_with("ar\ten\n"));
/// assert_eq!(tsv.lines().count() as u64, n + 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn export(
    memory: &Memory,
    filter: &Filter,
    format: ExportFormat,
    out: &mut impl Write,
    name: &str,
    progress: &dyn Progress,
) -> Result<u64> {
    let write_error = |e| Error::Io { path: name.to_string(), source: e };
    let pair = memory.pair();
    progress.start("export", memory.store().count(filter)?, Count::Items);
    let mut n = 0;
    let result = match format {
        ExportFormat::Tmx => (|| {
            let mut w = TmxWriter::new(&mut *out, &HeaderInfo::now(pair.source.as_str())).map_err(write_error)?;
            memory.store().scan(filter, |stored| {
                w.write_entry(&stored.entry).map_err(write_error)?;
                n += 1;
                progress.set(n);
                Ok(())
            })?;
            w.finish().map_err(write_error).map(drop)
        })(),
        ExportFormat::Tsv => (|| {
            tsv::write_header(out, pair).map_err(write_error)?;
            memory.store().scan(filter, |stored| {
                tsv::write_entry(out, &stored.entry).map_err(write_error)?;
                n += 1;
                progress.set(n);
                Ok(())
            })?;
            out.flush().map_err(write_error)
        })(),
    };
    progress.finish();
    result.map(|()| n)
}

/// [`export`] to a file: written as `.NAME.partial` beside it, synced, then
/// renamed into place, so that the file is either whole or untouched.
pub fn export_file(
    memory: &Memory,
    filter: &Filter,
    format: ExportFormat,
    path: &Path,
    progress: &dyn Progress,
) -> Result<u64> {
    write_file(path, |out, name| export(memory, filter, format, out, name, progress))
}

/// Writes `path` whole or not at all: `write` gets a writer to `.NAME.partial`
/// beside it (and that file's name, for errors), which is synced and renamed into
/// place when `write` succeeds, and removed when it fails.
pub fn write_file<T>(path: &Path, write: impl FnOnce(&mut BufWriter<File>, &str) -> Result<T>) -> Result<T> {
    let partial = partial_path(path)?;
    let result = (|| -> Result<T> {
        let file = File::create(&partial).map_err(|e| Error::io(&partial, e))?;
        let mut out = BufWriter::new(file);
        let value = write(&mut out, &partial.display().to_string())?;
        let file = out.into_inner().map_err(|e| Error::io(&partial, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&partial, e))?;
        std::fs::rename(&partial, path).map_err(|e| Error::io(path, e))?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Where [`export_file`] writes before renaming; fails if `path` names no file
/// in an existing directory (checked before any work, so that nothing is created).
pub fn partial_path(path: &Path) -> Result<std::path::PathBuf> {
    super::paths::writable(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok(dir.join(format!(".{name}.partial")))
}
