//! Importing existing work into a memory: TMX or bilingual TSV files, line-aligned
//! text pairs, and a document with its translation (through the aligner). Each
//! source is one transaction: a source that fails leaves the memory as it was.
//!
//! A file is read and prepared (XML, matching keys, index terms) on one thread
//! and stored on the calling thread, with a bounded queue between them: the two
//! halves take about the same time, so a large import runs at nearly twice the
//! speed. Bad records go to the caller's `on_problem` one by one and are skipped,
//! or, with `strict`, refuse the whole source.
//!
//! Every import has an origin ([`super::origin`]): the name given, else the file's
//! path; the memory keeps, under it, the file's path, a hash of its content and
//! the collection given, in the import's transaction.

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

/// Inputs of this size or more are imported in bulk mode ([`Memory::in_bulk`]) by
/// default: measured on a 1M-unit TMX (375 MB), 83k units/s against 61k in the
/// write-ahead log, while smaller imports keep readers (a `tm suggest` running
/// meanwhile) from waiting.
pub const BULK_FROM: u64 = 16 << 20;

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
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The format of a [`Source::File`]; `None`: detected ([`EntryFormat::detect`]).
    pub format: Option<EntryFormat>,
    pub policy: OnDuplicate,
    /// A source with any bad record imports nothing.
    pub strict: bool,
    /// The XLIFF targets taken, by state.
    pub states: States,
    /// Origin recorded on every entry of a file; `None`: the file's path
    /// ([`super::origin::of_file`]), or the origin a TMX unit carries
    /// (`x-tm-origin`); documents through the aligner always give `aligned`.
    pub origin: Option<String>,
    /// Collection (a client, a project) of every entry; `None`: the one a TMX
    /// unit carries (`x-tm-collection`), else none.
    pub collection: Option<String>,
    /// Who imports: recorded as the changer of the entries an overwrite changes.
    pub user: Option<String>,
    /// Sources of this many bytes or more are imported in bulk mode.
    pub bulk_from: u64,
    /// How documents are aligned.
    pub aligner: AlignOptions,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            format: None,
            policy: OnDuplicate::default(),
            strict: false,
            states: States::default(),
            origin: None,
            collection: None,
            user: None,
            bulk_from: BULK_FROM,
            aligner: AlignOptions::default(),
        }
    }
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
    if let Some(name) = &options.origin {
        super::origin::check_name(name)?;
    }
    let size = source.size();
    let pair = memory.pair().clone();
    let open = |p: &Path| File::open(p).map_err(|e| Error::io(p, e));
    let mut run = |memory: &mut Memory| -> Result<(ImportCounts, u64, u64)> {
        match source {
            Source::File(path) => {
                let name = path.display().to_string();
                let origin = options.origin.clone().unwrap_or_else(|| super::origin::of_file(path));
                let record = super::origin::record(&origin, &[path], options.collection.as_deref())?;
                let format = match options.format {
                    Some(format) => format,
                    None => EntryFormat::detect(path)?,
                };
                let mut records: Box<dyn Records + Send> = match format {
                    EntryFormat::Tmx => Box::new(TmxEntries::open(open(path)?, &name, &pair, &origin)?),
                    EntryFormat::Xliff => {
                        Box::new(XliffEntries::open(open(path)?, &name, &pair, options.states, &origin)?)
                    }
                    EntryFormat::Tsv => Box::new(TsvReader::open(open(path)?, &name, &pair, &origin)?),
                };
                store_records(memory, &mut *records, &name, size, &record, options, progress, on_problem)
            }
            Source::LinePairs { source, target } => {
                let names = (source.display().to_string(), target.display().to_string());
                let origin = options.origin.clone().unwrap_or_else(|| super::origin::of_file(source));
                let record = super::origin::record(&origin, &[source, target], options.collection.as_deref())?;
                let mut records = LinePairs::open(open(source)?, open(target)?, (&names.0, &names.1), &pair, &origin)?;
                store_records(memory, &mut records, &names.0, size, &record, options, progress, on_problem)
            }
            Source::Documents { source, target } => {
                let glossary = memory.glossary()?;
                let aligned = align_files(source, target, &options.aligner, Some(&glossary))?;
                let mut import = memory.import(options.policy)?.by(options.user.clone());
                for mut entry in aligned.entries(&pair, options.aligner.min_confidence) {
                    entry.collection = options.collection.clone();
                    import.add(&entry)?;
                }
                Ok((import.commit()?, 0, 0))
            }
        }
    };
    // Bulk mode pays for large files; documents through the aligner are small.
    let bulk = size >= options.bulk_from && !matches!(source, Source::Documents { .. });
    let (counts, skipped, below_states) = if bulk { memory.in_bulk(run)? } else { run(memory)? };
    Ok(ImportReport { counts, skipped, below_states, seconds: started.elapsed().as_secs_f64() })
}

/// What the reading thread passes on.
enum Item {
    Entry(Box<Prepared>),
    Problem(Problem),
    /// The file cannot be read on.
    Failed(Error),
}

/// Stores `records` in one transaction, recorded under `origin`: read and
/// prepared on a thread of their own, stored on this one. Returns the counts, the
/// bad records skipped and the translations left out by their state.
#[allow(clippy::too_many_arguments)]
fn store_records(
    memory: &mut Memory,
    records: &mut (dyn Records + Send),
    name: &str,
    size: u64,
    origin: &crate::memory::OriginRecord,
    options: &ImportOptions,
    progress: &dyn Progress,
    on_problem: &mut dyn FnMut(&Problem),
) -> Result<(ImportCounts, u64, u64)> {
    let mut import = memory.import(options.policy)?.by(options.user.clone());
    import.record_origin(origin)?;
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
                            if let Some(collection) = &options.collection {
                                entry.collection = Some(collection.clone());
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
