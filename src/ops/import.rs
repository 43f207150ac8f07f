//! Importing existing work into a memory: TMX or bilingual TSV files, line-aligned
//! text pairs, and a document with its translation (through the aligner). Each
//! source is one transaction: a source that fails leaves the memory as it was.
//! The transaction takes the memory's write lock as it begins: an import started
//! while another process writes waits its turn, and readers meanwhile see the
//! memory as it was before (see [`crate::memory::store`]).
//!
//! A file goes through three threads, with a bounded queue between each two: one
//! reads it (XML, the scripts' check), one keys its entries (matching keys, index
//! terms), and the calling thread stores them. Reading and keying each take about
//! as long as storing and more (at 100k units: 39 %, 35 % and 25 % of the work),
//! so on two cores a large import keeps both busy. Bad records go to the
//! caller's `on_problem` one by one and are skipped, or, with `strict`, refuse
//! the whole source.
//!
//! Every import has an origin ([`super::origin`]): the name given, else the file's
//! path; the memory keeps, under it, the file's path, a hash of its content and
//! the collection given, in the import's transaction.
//!
//! Each entry is checked for the scripts of the memory's languages
//! ([`crate::script`]): one whose sides are swapped is a bad record; a source
//! whose first entries are mostly swapped or in another script (a file given the
//! wrong way round, or in another language) is refused whole before anything of it
//! is reported. `force` turns the check off.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use serde::Serialize;

use super::align::{AlignOptions, align_files, apply_corrections};
use crate::align::verdict::Verdict;
use crate::entry::Entry;
use crate::error::{Error, Position, Problem, Result};
use crate::formats::limits::Limits;
use crate::formats::text::LinePairs;
use crate::formats::tmx::read::TmxEntries;
use crate::formats::tsv::TsvReader;
use crate::formats::xliff::{States, XliffEntries};
use crate::formats::{EntryFormat, Records};
use crate::memory::index::KeyBuffers;
use crate::memory::{ImportCounts, Memory, OnDuplicate, OriginRecord, Prepared};
use crate::progress::{Count, Progress};
use crate::script::{Mismatch, PairScripts, SAMPLE_SIZE, Sample};

/// Records passed from the reading thread at a time…
const BATCH: usize = 256;
/// …or fewer, when their texts come to this many bytes…
const BATCH_BYTES: usize = 4 << 20;
/// …and batches read ahead of storing: with the limits on a record's size, bounds
/// the memory an import takes.
const READ_AHEAD: usize = 8;

/// What to import.
#[derive(Clone, Debug)]
pub enum Source {
    /// A TMX, XLIFF or bilingual TSV file.
    File(PathBuf),
    /// The same, read from standard input (once: its format is told from its
    /// first bytes).
    Stdin,
    /// Two text files with one segment per line, line by line translations.
    LinePairs { source: PathBuf, target: PathBuf },
    /// A document and its translation, to be segmented and aligned; with
    /// `corrections`, a translator's corrections of their alignment (a file the
    /// review page saved, [`crate::formats::corrections`]) are applied to it.
    Documents { source: PathBuf, target: PathBuf, corrections: Option<PathBuf> },
    /// A TMX, XLIFF or bilingual TSV file already read (an upload to the
    /// server), named `name` in reports and as the origin of its entries.
    Bytes { name: String, bytes: Vec<u8> },
}

impl Source {
    /// How the source is named in reports: its path, or both paths.
    pub fn label(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Stdin => STDIN.to_string(),
            Source::Bytes { name, .. } => name.clone(),
            Source::LinePairs { source, target } | Source::Documents { source, target, .. } => {
                format!("{} + {}", source.display(), target.display())
            }
        }
    }

    fn paths(&self) -> Vec<&Path> {
        match self {
            Source::File(path) => vec![path],
            Source::Stdin | Source::Bytes { .. } => vec![],
            Source::LinePairs { source, target } | Source::Documents { source, target, corrections: None } => {
                vec![source, target]
            }
            Source::Documents { source, target, corrections: Some(corrections) } => vec![source, target, corrections],
        }
    }

    /// Checks that the source's files can be read, before anything is done (so
    /// that a command given a wrong path creates nothing).
    pub fn check(&self) -> Result<()> {
        self.paths().into_iter().try_for_each(super::paths::readable)
    }

    /// Bytes to read.
    fn size(&self) -> u64 {
        if let Source::Bytes { bytes, .. } = self {
            return bytes.len() as u64;
        }
        self.paths().iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len())).sum()
    }
}

/// How standard input is named in reports and as the origin of its entries.
pub const STDIN: &str = "stdin";

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
    /// Origin recorded on every entry of a file; `None`: the file's path
    /// ([`super::origin::of_file`]), or the origin a TMX unit carries
    /// (`x-tm-origin`); documents through the aligner always give `aligned`.
    pub origin: Option<String>,
    /// Collection (a client, a project) of every entry; `None`: the one a TMX
    /// unit carries (`x-tm-collection`), else none.
    pub collection: Option<String>,
    /// Who imports: recorded as the changer of the entries an overwrite changes.
    pub user: Option<String>,
    /// How documents are aligned.
    pub aligner: AlignOptions,
    /// Import without checking that each side is in the script of its language.
    pub force: bool,
    /// The encoding of text inputs (TSV, text pairs); `None`: UTF-8, UTF-16 with a
    /// BOM, or Windows-1256 Arabic, told from the content. XML says its own.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The longest segment and record a file may hold; a longer one is a bad
    /// record ([`crate::formats::limits`]).
    pub limits: Limits,
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
    /// The encoding a text input was read in when it was told from its content
    /// (`windows-1256`), not UTF-8; `None` otherwise.
    pub encoding: Option<String>,
    pub seconds: f64,
}

/// What one input gave, as `tm import --format json` writes it (and the
/// server's `/api/import` answers).
#[derive(Serialize)]
pub struct ReportJson<'a> {
    pub file: &'a str,
    #[serde(flatten)]
    pub report: &'a ImportReport,
    /// Why nothing was imported from the input, if so.
    pub error: Option<String>,
}

/// Pairs given one by one (the server's tmserver writes), stored in one
/// transaction as entries of `source_lang`→`target_lang` (tags the memory's pair
/// accepts), of `origin`, made by `user` (their creator, and the changer of any
/// entry the policy overwrites).
pub fn import_pairs(
    memory: &mut Memory,
    pairs: &[(String, String)],
    (source_lang, target_lang): (&crate::lang::LangTag, &crate::lang::LangTag),
    origin: &str,
    options: &ImportOptions,
) -> Result<ImportCounts> {
    super::origin::check_name(origin)?;
    let mut import = memory.import(options.policy)?.by(options.user.clone());
    for (source, target) in pairs {
        let mut entry = crate::entry::Entry::new(source, target, source_lang.clone(), target_lang.clone(), origin);
        entry.creator = options.user.clone();
        entry.collection = options.collection.clone();
        import.add(&entry)?;
    }
    import.commit()
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
    let scripts = if options.force { None } else { PairScripts::of(&pair) };
    let open = |p: &Path| File::open(p).map_err(|e| Error::io(p, e));
    for path in source.paths() {
        let mut head = Vec::new();
        open(path)?.take(crate::formats::HEAD).read_to_end(&mut head).map_err(|e| Error::io(path, e))?;
        if is_empty(&head) {
            return Err(Error::Empty { path: path.display().to_string() });
        }
    }
    let stored = match source {
        Source::File(path) => {
            let name = path.display().to_string();
            let origin = options.origin.clone().unwrap_or_else(|| super::origin::of_file(path));
            let record =
                |stop: &AtomicBool| super::origin::record(&origin, &[path], options.collection.as_deref(), stop);
            let format = match options.format {
                Some(format) => format,
                None => EntryFormat::detect(path)?,
            };
            let mut records = records_of(open(path)?, format, &name, &origin, &pair, options)?;
            store_records(memory, &mut *records, &name, size, &record, options, scripts, progress, on_problem)
        }
        Source::Stdin => {
            let mut head = Vec::new();
            let stdin = std::io::stdin();
            stdin.lock().take(crate::formats::HEAD).read_to_end(&mut head).map_err(|e| io_error(STDIN, e))?;
            let format = match options.format {
                Some(format) => format,
                None => EntryFormat::of_head(&head, STDIN)?,
            };
            if is_empty(&head) {
                return Err(Error::Empty { path: STDIN.to_string() });
            }
            let input = std::io::Cursor::new(head).chain(stdin);
            let origin = options.origin.clone().unwrap_or_else(|| STDIN.to_string());
            let unfiled = unfiled_origin(&origin, None, options);
            let record = |_: &AtomicBool| Ok(unfiled.clone());
            let mut records = records_of(input, format, STDIN, &origin, &pair, options)?;
            store_records(memory, &mut *records, STDIN, size, &record, options, scripts, progress, on_problem)
        }
        Source::Bytes { name, bytes } => {
            let head = &bytes[..bytes.len().min(crate::formats::HEAD as usize)];
            let format = match options.format {
                Some(format) => format,
                None => EntryFormat::of_head(head, name)?,
            };
            let origin = options.origin.clone().unwrap_or_else(|| name.clone());
            let record = |_: &AtomicBool| Ok(unfiled_origin(&origin, Some(bytes), options));
            let input = std::io::Cursor::new(bytes.clone());
            let mut records = records_of(input, format, name, &origin, &pair, options)?;
            store_records(memory, &mut *records, name, size, &record, options, scripts, progress, on_problem)
        }
        Source::LinePairs { source, target } => {
            let names = (source.display().to_string(), target.display().to_string());
            let origin = options.origin.clone().unwrap_or_else(|| super::origin::of_file(source));
            let record = |stop: &AtomicBool| {
                super::origin::record(&origin, &[source, target], options.collection.as_deref(), stop)
            };
            let (a, b) = (open(source)?, open(target)?);
            let mut records = LinePairs::with_encoding(a, b, (&names.0, &names.1), &pair, &origin, options.encoding)?
                .with_limits(&options.limits);
            let label = format!("{} + {}", names.0, names.1);
            store_records(memory, &mut records, &label, size, &record, options, scripts, progress, on_problem)
        }
        Source::Documents { source, target, corrections } => {
            let glossary = memory.glossary()?;
            let mut aligner = AlignOptions { scripts, ..options.aligner.clone() };
            let corrections = match corrections {
                Some(path) => {
                    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                    let read = crate::formats::corrections::read(&bytes, &path.display().to_string())?;
                    // Split as the review was: the file's hashes say whether that
                    // gives the same segments.
                    aligner.split = read.split.into();
                    Some((path, read))
                }
                None => None,
            };
            let mut skipped = 0;
            let aligned = align_files(source, target, &aligner, Some(&glossary), &mut |problem| {
                skipped += 1;
                on_problem(problem);
            })?;
            let min_confidence = options.aligner.min_confidence;
            let entries = match &corrections {
                // A translator who reviewed the pair on its page (which says the
                // verdict) and saved corrections has judged it: no refusal.
                Some((path, corrections)) => apply_corrections(&aligned, corrections, &path.display().to_string())?
                    .entries(&pair, min_confidence),
                None => {
                    if !options.force && aligned.evidence.verdict() == Verdict::Unrelated {
                        return Err(Error::NotATranslation {
                            file: format!("{} + {}", source.display(), target.display()),
                            message: format!("not a translation of each other: {}", aligned.evidence.describe()),
                        });
                    }
                    aligned.entries(&pair, min_confidence).into_iter().map(|e| (e, false)).collect()
                }
            };
            let mut import = memory.import_or_wait(options.policy, progress)?.by(options.user.clone());
            for (mut entry, confirmed) in entries {
                entry.collection = options.collection.clone();
                let added = import.add(&entry)?;
                if confirmed {
                    import.confirm(added)?;
                }
            }
            Ok(Stored { counts: import.commit()?, skipped, ..Stored::default() })
        }
    }?;
    Ok(ImportReport {
        counts: stored.counts,
        skipped: stored.skipped,
        below_states: stored.below_states,
        encoding: stored.encoding.map(str::to_string),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Whether an input's first bytes ([`crate::formats::HEAD`], or the whole
/// input) hold nothing but white space and a byte-order mark, in any Unicode
/// encoding: an empty TMX, TSV or pair of line files is refused alike (exit
/// status 2), since an export, even of no entries, has a header, and an empty
/// file is a wrong path or a failed save more often than a memory of nothing.
fn is_empty(head: &[u8]) -> bool {
    if head.len() as u64 >= crate::formats::HEAD {
        return false;
    }
    let mut text = Vec::new();
    let decoded = crate::formats::decode::Utf8Reader::new(head, crate::formats::decode::Content::Xml)
        .and_then(|mut input| input.read_to_end(&mut text));
    decoded.is_ok()
        && String::from_utf8_lossy(&text).trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}').is_empty()
}

/// What the memory keeps of an import that read no file: its origin, and the
/// hash and size of its bytes when they are known.
fn unfiled_origin(origin: &str, bytes: Option<&[u8]>, options: &ImportOptions) -> OriginRecord {
    OriginRecord {
        name: origin.to_string(),
        path: None,
        hash: bytes.map(|b| format!("{:016x}", crate::hash::fnv1a(b) as u64)),
        bytes: bytes.map(|b| b.len() as u64),
        collection: options.collection.clone(),
        imported: crate::timestamp::Timestamp::now(),
    }
}

fn io_error(name: &str, source: std::io::Error) -> Error {
    Error::Io { path: name.to_string(), source }
}

/// The records of an input in `format`.
fn records_of<R: Read + Send + 'static>(
    input: R,
    format: EntryFormat,
    name: &str,
    origin: &str,
    pair: &crate::lang::LangPair,
    options: &ImportOptions,
) -> Result<Box<dyn Records + Send>> {
    Ok(match format {
        EntryFormat::Tmx => Box::new(TmxEntries::with_limits(input, name, pair, origin, &options.limits)?),
        EntryFormat::Xliff => {
            Box::new(XliffEntries::with_limits(input, name, pair, options.states, origin, &options.limits)?)
        }
        EntryFormat::Tsv => Box::new(
            TsvReader::with_encoding(input, name, pair, origin, options.encoding)?.with_limits(&options.limits),
        ),
    })
}

/// What storing one source's records gave.
#[derive(Default)]
struct Stored {
    counts: ImportCounts,
    skipped: u64,
    below_states: u64,
    encoding: Option<&'static str>,
}

/// Bytes of input per entry, for an estimate of how many entries an input
/// holds: about what a TMX unit of two short sentences takes (the benchmark's
/// take 374). An input of shorter records grows the source filter as it goes.
const BYTES_PER_ENTRY: u64 = 256;

/// Items of a source held back until a sample of its entries says whether the
/// source is in the memory's scripts; at most this many.
const HOLD: usize = 4 * SAMPLE_SIZE as usize;

/// What the reading thread passes on (entries as read), and the keying thread
/// after it (entries prepared).
enum Item<E> {
    Entry(Box<E>),
    Problem(Problem),
    /// The file cannot be read on.
    Failed(Error),
}

/// Stores `records` in one transaction, recorded under the origin `origin`
/// makes: read and prepared on threads of their own, stored on this one. The
/// origin's record (with a hash of the input's content, a pass over the whole
/// file) is made on a thread beside them and written at the end, so that the
/// pass adds nothing to the import's time but a share of a core. With `scripts`, each
/// entry is checked, and the first [`SAMPLE_SIZE`] entries that tell are held
/// back until they show the source is not swapped nor in another language (else
/// it is refused whole).
#[allow(clippy::too_many_arguments)]
fn store_records(
    memory: &mut Memory,
    records: &mut (dyn Records + Send),
    name: &str,
    size: u64,
    origin: &(dyn Fn(&AtomicBool) -> Result<crate::memory::OriginRecord> + Sync),
    options: &ImportOptions,
    scripts: Option<PairScripts>,
    progress: &dyn Progress,
    on_problem: &mut dyn FnMut(&Problem),
) -> Result<Stored> {
    let mut import =
        memory.import_or_wait(options.policy, progress)?.by(options.user.clone()).expecting(size / BYTES_PER_ENTRY);
    progress.start(name, size, Count::Bytes);
    let mut skipped = 0;
    let reading = &mut *records;
    // Set when storing ends, well or not: a failed import does not wait for
    // the rest of the file's hash.
    let stop = AtomicBool::new(false);
    let stored = std::thread::scope(|scope| -> Result<()> {
        struct Stop<'a>(&'a AtomicBool);
        impl Drop for Stop<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::Relaxed);
            }
        }
        let record = std::thread::Builder::new()
            .name("tm-origin".into())
            .spawn_scoped(scope, || origin(&stop))
            .map_err(|e| Error::Io { path: name.to_string(), source: e })?;
        let _stop = Stop(&stop);
        let (send, read) = mpsc::sync_channel::<Vec<Item<Entry>>>(READ_AHEAD);
        let (send_keyed, receive) = mpsc::sync_channel::<Vec<Item<Prepared>>>(READ_AHEAD);
        let reader = std::thread::Builder::new().name("tm-read".into());
        reader
            .spawn_scoped(scope, move || {
                let mut batch = Vec::with_capacity(BATCH);
                let mut batch_bytes = 0;
                let mut sample = Sample::default();
                let mut held: Option<Vec<Item<Entry>>> = scripts.map(|_| Vec::new());
                let mut done = false;
                while !done {
                    let item = match reading.next_record() {
                        Ok(None) => {
                            done = true;
                            None
                        }
                        Ok(Some(Ok(mut entry))) => {
                            if let Some(origin) = &options.origin {
                                entry.origin = origin.clone();
                            }
                            if let Some(collection) = &options.collection {
                                entry.collection = Some(collection.clone());
                            }
                            let mismatch = scripts.and_then(|s| {
                                let (source, target) = (entry.source.plain(), entry.target.plain());
                                let (mismatch, telling) = s.check_telling(&source, &target);
                                if held.is_some() {
                                    sample.add(mismatch.as_ref(), telling);
                                }
                                mismatch
                            });
                            Some(match mismatch.filter(|m| matches!(m, Mismatch::Swapped { .. })) {
                                Some(mismatch) => Item::Problem(Problem {
                                    at: Position::new(name).line(reading.record_line()),
                                    reason: mismatch.to_string(),
                                }),
                                None => Item::Entry(Box::new(entry)),
                            })
                        }
                        Ok(Some(Err(problem))) => Some(Item::Problem(problem)),
                        Err(e) => {
                            done = true;
                            Some(Item::Failed(e))
                        }
                    };
                    let mut items = Vec::new();
                    match (&mut held, item) {
                        (Some(hold), item) => {
                            hold.extend(item);
                            if done || sample.is_full() || hold.len() >= HOLD {
                                if let Some(why) = scripts.and_then(|s| sample.refusal(&s)) {
                                    let _ = send.send(vec![Item::Failed(Error::WrongScript {
                                        file: name.to_string(),
                                        message: why,
                                    })]);
                                    return;
                                }
                                items = held.take().unwrap_or_default();
                            }
                        }
                        (None, item) => items.extend(item),
                    }
                    for item in items {
                        if let Item::Entry(entry) = &item {
                            batch_bytes += entry.source.text.len() + entry.target.text.len();
                        }
                        batch.push(item);
                        if batch.len() == BATCH || batch_bytes >= BATCH_BYTES {
                            batch_bytes = 0;
                            progress.set(reading.bytes_read());
                            if send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err() {
                                return; // the storing side stopped
                            }
                        }
                    }
                }
                let _ = send.send(batch);
            })
            .map_err(|e| Error::Io { path: name.to_string(), source: e })?;
        let keyer = std::thread::Builder::new().name("tm-key".into());
        keyer
            .spawn_scoped(scope, move || {
                let mut buffers = KeyBuffers::default();
                for batch in read {
                    let keyed = batch
                        .into_iter()
                        .map(|item| match item {
                            Item::Entry(entry) => Item::Entry(Box::new(Prepared::new(*entry, &mut buffers))),
                            Item::Problem(problem) => Item::Problem(problem),
                            Item::Failed(e) => Item::Failed(e),
                        })
                        .collect();
                    if send_keyed.send(keyed).is_err() {
                        return; // the storing side stopped
                    }
                }
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
        let record = record.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        import.record_origin(&record)
    });
    progress.finish();
    stored?;
    Ok(Stored {
        counts: import.commit()?,
        skipped,
        below_states: records.below_states(),
        encoding: records.guessed_encoding(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::open::{OpenOptions, Sample, open_in_memory};
    use crate::progress::Silent;

    fn seed_report() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("memory/seed-report.tmx")
    }

    /// The hash of the file is made beside the import, and recorded with it:
    /// the one of the file's bytes.
    #[test]
    fn an_import_records_the_hash_of_the_whole_file_it_read() {
        let options = OpenOptions { sample: Sample::Leave, ..OpenOptions::default() };
        let mut memory = open_in_memory(&options, &Silent).unwrap().memory;
        let path = seed_report();
        let report = import(&mut memory, &Source::File(path.clone()), &ImportOptions::default(), &Silent, &mut |p| {
            panic!("{p}")
        })
        .unwrap();
        assert!(report.counts.imported > 10, "{report:?}");
        let bytes = std::fs::read(&path).unwrap();
        let imports = memory.stats().unwrap().imports;
        assert_eq!(imports.len(), 1);
        assert_eq!(imports[0].hash, Some(format!("{:016x}", crate::hash::fnv1a(&bytes) as u64)));
        assert_eq!(imports[0].bytes, Some(bytes.len() as u64));
    }

    /// A failed import stops the hashing of its file, which then says so.
    #[test]
    fn hashing_a_file_stops_when_told() {
        let stop = AtomicBool::new(true);
        let err = super::super::origin::content_hash(&[&seed_report()], &stop).unwrap_err();
        assert!(matches!(&err, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::Interrupted), "{err}");
        stop.store(false, Ordering::Relaxed);
        assert!(super::super::origin::content_hash(&[&seed_report()], &stop).is_ok());
    }

    /// An import refused (a file in the wrong scripts) records no origin.
    #[test]
    fn a_refused_import_records_no_origin() {
        let options = OpenOptions { sample: Sample::Leave, ..OpenOptions::default() };
        let mut memory = open_in_memory(&options, &Silent).unwrap().memory;
        let dir = tempfile::tempdir().unwrap();
        let swapped = dir.path().join("swapped.tsv");
        let lines: String = (0..40).map(|i| format!("the Tengiz field, line {i}\tحقل تنغيز، السطر {i}\n")).collect();
        std::fs::write(&swapped, format!("ar\ten\n{lines}")).unwrap();
        let got = import(&mut memory, &Source::File(swapped), &ImportOptions::default(), &Silent, &mut |_| {});
        assert!(got.is_err(), "{got:?}");
        assert!(memory.stats().unwrap().imports.is_empty());
    }
}
