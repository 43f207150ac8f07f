//! Exporting a memory: TMX 1.4b (for any CAT tool) or bilingual TSV, to a writer
//! or to a file written whole and then renamed into place (never half-written).
//! Nothing of the shipped sample goes out unless asked: its memory is given
//! ([`crate::sample::memory`]) or the filter names its origin.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::formats::tmx::{HeaderInfo, TmxWriter};
use crate::formats::tsv;
use crate::memory::{Filter, Memory};
use crate::progress::{Count, Progress};
use crate::timestamp::Timestamp;

/// What a memory is exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// TMX 1.4b, UTF-8.
    Tmx,
    /// Bilingual TSV: a header of language tags, then source TAB target.
    Tsv,
}

/// Writes the entries `filter` takes to `out`, in id order, then those of
/// `sample` (the shipped sample's memory, when asked for) it takes; returns how
/// many. Entries of origin `sample` in the memory (one made by an earlier `tm`)
/// are left out unless the filter names that origin, or `sample` is given.
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
/// let n = export(&memory, None, &Filter::default(), ExportFormat::Tsv, &mut tsv, "memory.tsv", &Silent, None)?;
/// assert_eq!((n, String::from_utf8(tsv)?), (0, "ar\ten\n".to_string()), "nothing of the sample");
/// let sample = tm::sample::memory(memory.pair())?;
/// let mut tsv = Vec::new();
/// let n = export(&memory, sample.as_ref(), &Filter::default(), ExportFormat::Tsv, &mut tsv, "memory.tsv", &Silent, None)?;
/// assert_eq!(String::from_utf8(tsv)?.lines().count() as u64, n + 1);
/// assert!(n > 20);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
/// The TMX header's creation date is `created` (now if `None`): the server dates
/// an export by the memory's latest change, so that the same memory gives the
/// same bytes and its ETag can be strong.
#[allow(clippy::too_many_arguments)]
pub fn export(
    memory: &Memory,
    sample: Option<&Memory>,
    filter: &Filter,
    format: ExportFormat,
    out: &mut impl Write,
    name: &str,
    progress: &dyn Progress,
    created: Option<Timestamp>,
) -> Result<u64> {
    let write_error = |e| Error::Io { path: name.to_string(), source: e };
    let pair = memory.pair();
    let mut filter =
        Filter { origins: filter.origins.iter().flat_map(|o| super::origin::names(o)).collect(), ..filter.clone() };
    filter.leave_out_sample = sample.is_none();
    // The memory's sample entries (an earlier tm's), if any, stand for the sample.
    let has_sample =
        memory.store().count(&Filter { origins: vec![crate::entry::ORIGIN_SAMPLE.into()], ..Filter::default() })? > 0;
    let sample = sample.filter(|_| !has_sample);
    let sample_filter = Filter { leave_out_sample: false, ids: Vec::new(), ..filter.clone() };
    let total = memory.store().count(&filter)? + sample.map_or(Ok(0), |s| s.store().count(&sample_filter))?;
    progress.start("export", total, Count::Items);
    let mut n = 0;
    let mut each = |f: &mut dyn FnMut(&crate::entry::Entry) -> std::io::Result<()>| -> Result<()> {
        for (memory, filter) in std::iter::once((memory, &filter)).chain(sample.map(|s| (s, &sample_filter))) {
            memory.store().scan(filter, |stored| {
                f(&stored.entry).map_err(write_error)?;
                n += 1;
                progress.set(n);
                Ok(())
            })?;
        }
        Ok(())
    };
    let result = match format {
        ExportFormat::Tmx => (|| {
            let header =
                HeaderInfo { created: created.unwrap_or_else(Timestamp::now), ..HeaderInfo::now(pair.source.as_str()) };
            let mut w = TmxWriter::new(&mut *out, &header).map_err(write_error)?;
            each(&mut |entry| w.write_entry(entry))?;
            w.finish().map_err(write_error).map(drop)
        })(),
        ExportFormat::Tsv => (|| {
            tsv::write_header(out, pair).map_err(write_error)?;
            each(&mut |entry| tsv::write_entry(out, entry))?;
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
    sample: Option<&Memory>,
    filter: &Filter,
    format: ExportFormat,
    path: &Path,
    progress: &dyn Progress,
) -> Result<u64> {
    write_file(path, |out, name| export(memory, sample, filter, format, out, name, progress, None))
}

/// Writes `path` whole or not at all: `write` gets a writer to `.NAME.partial`
/// beside it (and `path`'s name, for errors: the user named that file), which is
/// synced and renamed into place when `write` succeeds, and removed when it fails.
/// A `path` that is there and no regular file (a device such as `/dev/stdout`, a
/// named pipe) is written in place: renaming over it would replace it.
pub fn write_file<T>(path: &Path, write: impl FnOnce(&mut BufWriter<File>, &str) -> Result<T>) -> Result<T> {
    let partial = partial_path(path)?;
    let name = path.display().to_string();
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let file = File::options().write(true).open(path).map_err(|e| Error::io(path, e))?;
        let mut out = BufWriter::new(file);
        let value = write(&mut out, &name)?;
        out.into_inner().map_err(|e| Error::io(path, e.into_error()))?;
        return Ok(value);
    }
    let result = (|| -> Result<T> {
        let file = File::create(&partial).map_err(|e| Error::io(&partial, e))?;
        let mut out = BufWriter::new(file);
        let value = write(&mut out, &name)?;
        let file = out.into_inner().map_err(|e| Error::io(path, e.into_error()))?;
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
