//! Importing existing work into a memory: TMX or bilingual TSV files, line-aligned
//! text pairs, and a document with its translation (through the aligner). Each
//! source is one transaction: a source that fails leaves the memory as it was.
//! The transaction takes the memory's write lock as it begins: an import started
//! while another process writes waits its turn, and readers meanwhile see the
//! memory as it was before (see [`crate::memory::store`]).
//!
//! A file is read and prepared (XML, matching keys, index terms) on one thread
//! and stored on the calling thread, with a bounded queue between them: the two
//! halves take about the same time, so a large import runs at nearly twice the
//! speed. Bad records go to the caller's `on_problem` one by one and are skipped,
//! or, with `strict`, refuse the whole source.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use serde::Serialize;

use super::align::{AlignOptions, align_files};
use crate::error::{Error, Problem, Result};
use crate::formats::text::LinePairs;
use crate::formats::tmx::read::TmxEntries;
use crate::formats::tsv::TsvReader;
use crate::formats::xliff::{States, XliffEntries};
use crate::formats::{EntryFormat, Records};
use crate::memory::index::KeyBuffers;
use crate::memory::{ImportCounts, Memory, OnDuplicate, Prepared};
use crate::progress::{Count, Progress};

/// Records passed from the reading thread at a time…
const BATCH: usize = 256;
/// …and batches read ahead of storing: bounds the memory an import takes.
const READ_AHEAD: usize = 16;

/// What to import.
#[derive(Clone, Debug)]
pub enum Source {
    /// A TMX, XLIFF or bilingual TSV file.
    File(PathBuf),
    /// Two text files with one segment per line, line by line translations.
    LinePairs { source: PathBuf, target: PathBuf },
    /// A document and its translation, to be segmented and aligned.
    Documents { source: PathBuf, target: PathBuf },
}

impl Source {
    /// How the source is named in reports: its path, or both paths.
    pub fn label(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::LinePairs { source, target } | Source::Documents { source, target } => {
                format!("{} + {}", source.display(), target.display())
            }
        }
    }

    fn paths(&self) -> Vec<&Path> {
        match self {
            Source::File(path) => vec![path],
            Source::LinePairs { source, target } | Source::Documents { source, target } => vec![source, target],
        }
    }

    /// Checks that the source's files can be read, before anything is done (so
    /// that a command given a wrong path creates nothing).
    pub fn check(&self) -> Result<()> {
        self.paths().into_iter().try_for_each(super::paths::readable)
    }

    /// Bytes to read.
    fn size(&self) -> u64 {
        self.paths().iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len())).sum()
    }
}

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The format of a [`Source::File`]; `None`: detected ([`EntryFormat::detect`]).
    pub format: Option<EntryFormat>,
    pub policy: OnDuplicate,
    /// A source with any bad record imports nothing.
    pub strict: bool,
    /// The XLIFF targets taken, by state.
    pub states: States,
    /// Origin recorded on every entry of a file; `None`: the file name, or the
    /// origin a TMX unit carries (`x-tm-origin`); documents through the aligner
    /// always give `aligned`.
    pub origin: Option<String>,
    /// How documents are aligned.
    pub aligner: AlignOptions,
}

/// What one source gave.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ImportReport {
    #[serde(flatten)]
    pub counts: ImportCounts,
    /// Bad records skipped.
    pub skipped: u64,
    /// XLIFF translations left out by their state ([`ImportOptions::states`]).
    pub below_states: u64,
    pub seconds: f64,
}

/// The name of a file, for the origin of its entries.
fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Imports one source in one transaction, reporting progress (bytes read) and
/// each bad record.
///
/// ```
/// use tm::ops::import::{ImportOptions, Source, import};
/// use tm::ops::open::{OpenOptions, Sample, open_in_memory};
/// use tm::progress::Silent;
///
/// let dir = tempfile::tempdir()?;
/// let tsv = dir.path().join("pairs.tsv");
/// std::fs::write(&tsv, "ar\ten\nحقل تنغيز\tthe Tengiz field\nبلا ترجمة\n")?;
/// let options = OpenOptions { sample: Sample::Leave, ..OpenOptions::default() };
/// let mut memory = open_in_memory(&options, &Silent)?.memory;
/// let mut problems = Vec::new();
/// let report = import(&mut memory, &Source::File(tsv), &ImportOptions::default(), &Silent, &mut |p| {
///     problems.push(p.to_string())
/// })?;
/// assert_eq!((report.counts.imported, report.skipped), (1, 1));
/// assert!(problems[0].contains("pairs.tsv:3"), "{problems:?}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn import(
    memory: &mut Memory,
    source: &Source,
    options: &ImportOptions,
    progress: &dyn Progress,
    on_problem: &mut dyn FnMut(&Problem),
) -> Result<ImportReport> {
    let started = Instant::now();
    let size = source.size();
    let pair = memory.pair().clone();
    let open = |p: &Path| File::open(p).map_err(|e| Error::io(p, e));
    let (counts, skipped, below_states) = match source {
        Source::File(path) => {
            let name = path.display().to_string();
            let origin = file_name(path);
            let format = match options.format {
                Some(format) => format,
                None => EntryFormat::detect(path)?,
            };
            let mut records: Box<dyn Records + Send> = match format {
                EntryFormat::Tmx => Box::new(TmxEntries::open(open(path)?, &name, &pair, &origin)?),
                EntryFormat::Xliff => Box::new(XliffEntries::open(open(path)?, &name, &pair, options.states, &origin)?),
                EntryFormat::Tsv => Box::new(TsvReader::open(open(path)?, &name, &pair, &origin)?),
            };
            store_records(memory, &mut *records, &name, size, options, progress, on_problem)?
        }
        Source::LinePairs { source, target } => {
            let names = (source.display().to_string(), target.display().to_string());
            let origin = file_name(source);
            let mut records = LinePairs::open(open(source)?, open(target)?, (&names.0, &names.1), &pair, &origin)?;
            store_records(memory, &mut records, &names.0, size, options, progress, on_problem)?
        }
        Source::Documents { source, target } => {
            let glossary = memory.glossary()?;
            let aligned = align_files(source, target, &options.aligner, Some(&glossary))?;
            let mut import = memory.import_or_wait(options.policy, progress)?;
            for entry in aligned.entries(&pair, options.aligner.min_confidence) {
                import.add(&entry)?;
            }
            (import.commit()?, 0, 0)
        }
    };
    Ok(ImportReport { counts, skipped, below_states, seconds: started.elapsed().as_secs_f64() })
}

/// What the reading thread passes on.
enum Item {
    Entry(Box<Prepared>),
    Problem(Problem),
    /// The file cannot be read on.
    Failed(Error),
}

/// Stores `records` in one transaction: read and prepared on a thread of their
/// own, stored on this one. Returns the counts, the bad records skipped and the
/// translations left out by their state.
fn store_records(
    memory: &mut Memory,
    records: &mut (dyn Records + Send),
    name: &str,
    size: u64,
    options: &ImportOptions,
    progress: &dyn Progress,
    on_problem: &mut dyn FnMut(&Problem),
) -> Result<(ImportCounts, u64, u64)> {
    let mut import = memory.import_or_wait(options.policy, progress)?;
    progress.start(name, size, Count::Bytes);
    let mut skipped = 0;
    let reading = &mut *records;
    let stored = std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = mpsc::sync_channel::<Vec<Item>>(READ_AHEAD);
        let reader = std::thread::Builder::new().name("tm-read".into());
        reader
            .spawn_scoped(scope, move || {
                let mut buffers = KeyBuffers::default();
                let mut batch = Vec::with_capacity(BATCH);
                loop {
                    let item = match reading.next_record() {
                        Ok(None) => break,
                        Ok(Some(Ok(mut entry))) => {
                            if let Some(origin) = &options.origin {
                                entry.origin = origin.clone();
                            }
                            Item::Entry(Box::new(Prepared::new(entry, &mut buffers)))
                        }
                        Ok(Some(Err(problem))) => Item::Problem(problem),
                        Err(e) => Item::Failed(e),
                    };
                    let failed = matches!(item, Item::Failed(_));
                    batch.push(item);
                    if failed {
                        break; // the file cannot be read on
                    }
                    if batch.len() == BATCH {
                        progress.set(reading.bytes_read());
                        if send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err() {
                            return; // the storing side stopped
                        }
                    }
                }
                let _ = send.send(batch);
            })
            .map_err(|e| Error::Io { path: name.to_string(), source: e })?;
        for item in receive.into_iter().flatten() {
            match item {
                Item::Entry(prepared) => {
                    import.add_prepared(&prepared)?;
                }
                Item::Problem(problem) if options.strict => return Err(Error::Record(problem)),
                Item::Problem(problem) => {
                    on_problem(&problem);
                    skipped += 1;
                }
                Item::Failed(e) => return Err(e),
            }
        }
        Ok(())
    });
    progress.finish();
    stored?;
    Ok((import.commit()?, skipped, records.below_states()))
}
