//! `tm import`: TMX, bilingual TSV and line-aligned text pairs, one transaction
//! per input.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use tm::error::Problem;
use tm::formats::Records;
use tm::formats::decode::{Content, Input};
use tm::formats::text::LinePairs;
use tm::formats::tmx::read::TmxEntries;
use tm::formats::tsv::TsvReader;
use tm::memory::index::KeyBuffers;
use tm::memory::{ImportCounts, Memory, OnDuplicate, Prepared};

use super::align::align_texts;
use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, ImportArgs, InputFormat, OnDuplicateArg, progress, read_text};

/// What one input gave.
#[derive(Serialize, Default)]
struct Report {
    file: String,
    #[serde(flatten)]
    counts: ImportCounts,
    skipped: u64,
    seconds: f64,
    /// Why nothing was imported from the file, if so.
    error: Option<String>,
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Whether a file looks like XML (in any Unicode encoding).
fn looks_like_xml(path: &Path) -> Result<bool> {
    let mut head = Vec::new();
    File::open(path).with_context(|| format!("cannot open {}", path.display()))?.take(4096).read_to_end(&mut head)?;
    let mut text = String::new();
    // A head cut inside a character is fine: only the start matters.
    let _ = Input::new(&head[..], Content::Xml).and_then(|mut i| i.read_to_string(&mut text));
    let start = text.trim_start_matches('\u{FEFF}').trim_start();
    Ok(start.starts_with("<?xml") || start.starts_with("<tmx") || start.starts_with("<!--"))
}

/// What the reading thread passes on.
enum Item {
    Entry(Box<Prepared>),
    Problem(Problem),
    /// The file cannot be read on.
    Failed(tm::error::Error),
}

/// Records passed from the reading thread at a time…
const BATCH: usize = 256;
/// …and batches read ahead of storing: bounds the memory an import takes.
const READ_AHEAD: usize = 16;

/// Imports `records` in one transaction. One thread reads and prepares entries
/// (XML, normalization, index keys), the calling thread stores them: the two halves
/// take about the same time, so a large import runs at nearly twice the speed.
fn run_records(
    memory: &mut Memory,
    records: &mut (dyn Records + Send),
    name: &str,
    size: u64,
    args: &ImportArgs,
    ctx: &Ctx,
) -> Result<(ImportCounts, u64)> {
    let mut import = memory.import(policy(args.on_duplicate))?;
    let bar = progress::bar(ctx.progress(), size, true, name);
    let mut skipped = 0;
    std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = mpsc::sync_channel::<Vec<Item>>(READ_AHEAD);
        let reader_bar = bar.clone();
        let reader = std::thread::Builder::new().name("tm-read".into());
        reader.spawn_scoped(scope, move || {
            let mut buffers = KeyBuffers::default();
            let mut batch = Vec::with_capacity(BATCH);
            loop {
                let item = match records.next_record() {
                    Ok(None) => break,
                    Ok(Some(Ok(mut entry))) => {
                        if let Some(origin) = &args.origin {
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
                    reader_bar.set_position(records.bytes_read());
                    if send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err() {
                        return; // the storing side stopped
                    }
                }
            }
            let _ = send.send(batch);
        })?;
        for item in receive.into_iter().flatten() {
            match item {
                Item::Entry(prepared) => {
                    import.add_prepared(&prepared)?;
                }
                Item::Problem(problem) if args.strict => {
                    bail!("{problem} (--strict: nothing imported from {name})")
                }
                Item::Problem(problem) => {
                    eprintln!("{problem}");
                    skipped += 1;
                }
                Item::Failed(e) => return Err(e.into()),
            }
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    Ok((import.commit()?, skipped))
}

fn import_file(memory: &mut Memory, path: &Path, args: &ImportArgs, ctx: &Ctx) -> Result<(ImportCounts, u64)> {
    let name = path.display().to_string();
    let origin = file_name(path);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let open = || File::open(path).with_context(|| format!("cannot open {name}"));
    let tmx = match args.input_format {
        InputFormat::Tmx => true,
        InputFormat::Tsv => false,
        InputFormat::Auto => {
            let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
            match ext.as_deref() {
                Some("tmx") => true,
                Some("tsv" | "tab" | "txt") => false,
                _ => looks_like_xml(path)?,
            }
        }
    };
    let pair = memory.pair().clone();
    let run = |memory: &mut Memory| {
        if tmx {
            let mut records = TmxEntries::open(open()?, &name, &pair, &origin)?;
            run_records(memory, &mut records, &name, size, args, ctx)
        } else {
            let mut records = TsvReader::open(open()?, &name, &pair, &origin)?;
            run_records(memory, &mut records, &name, size, args, ctx)
        }
    };
    if size >= bulk_bytes() { memory.in_bulk(run) } else { run(memory) }
}

/// Inputs of this size or more are imported in bulk mode ([`Memory::in_bulk`]):
/// measured on a 1M-unit TMX (375 MB), 83k units/s against 61k in the write-ahead
/// log, while smaller imports keep readers (a `tm suggest` running meanwhile) from
/// waiting. `TM_BULK_BYTES` sets another size.
const BULK_BYTES: u64 = 16 << 20;

fn bulk_bytes() -> u64 {
    std::env::var("TM_BULK_BYTES").ok().and_then(|v| v.parse().ok()).unwrap_or(BULK_BYTES)
}

fn import_pair(
    memory: &mut Memory,
    source: &Path,
    target: &Path,
    args: &ImportArgs,
    ctx: &Ctx,
) -> Result<(ImportCounts, u64)> {
    let open = |p: &Path| File::open(p).with_context(|| format!("cannot open {}", p.display()));
    let names = (source.display().to_string(), target.display().to_string());
    let size = [source, target].iter().map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)).sum();
    let pair = memory.pair().clone();
    if args.align {
        return import_aligned(memory, source, target, args);
    }
    let run = |memory: &mut Memory| {
        let mut records =
            LinePairs::open(open(source)?, open(target)?, (&names.0, &names.1), &pair, &file_name(source))?;
        run_records(memory, &mut records, &names.0, size, args, ctx)
    };
    if size >= bulk_bytes() { memory.in_bulk(run) } else { run(memory) }
}

/// Aligns two running texts and stores the pairs (origin `aligned`, with their
/// confidence; sentences with no counterpart are never stored).
fn import_aligned(memory: &mut Memory, source: &Path, target: &Path, args: &ImportArgs) -> Result<(ImportCounts, u64)> {
    let (_, ar_text) = read_text(Some(source))?;
    let (_, en_text) = read_text(Some(target))?;
    let glossary = memory.glossary()?;
    let aligned = align_texts(ar_text, en_text, &args.aligner, Some(&glossary))?;
    let entries = aligned.entries(memory.pair(), args.aligner.min_confidence);
    let mut import = memory.import(policy(args.on_duplicate))?;
    for entry in &entries {
        import.add(entry)?;
    }
    Ok((import.commit()?, 0))
}

fn policy(arg: OnDuplicateArg) -> OnDuplicate {
    match arg {
        OnDuplicateArg::KeepBoth => OnDuplicate::KeepBoth,
        OnDuplicateArg::Skip => OnDuplicate::Skip,
        OnDuplicateArg::Overwrite => OnDuplicate::Overwrite,
    }
}

/// One input: a file, or a pair of line-aligned files.
enum Job<'a> {
    File(&'a Path),
    Pair(&'a Path, &'a Path),
}

pub fn run(args: ImportArgs, ctx: &Ctx) -> Result<Exit> {
    if args.files.is_empty() && args.source.is_none() {
        bail!("nothing to import: give TMX or TSV files, or --source and --target");
    }
    let want = args.langs.pair()?;
    let mut memory = ctx.open(want.as_ref())?;
    let mut out = stdout();
    let mut exit = Exit::Success;
    let mut jobs: Vec<Job<'_>> = args.files.iter().map(|p| Job::File(p)).collect();
    if let (Some(source), Some(target)) = (&args.source, &args.target) {
        jobs.push(Job::Pair(source, target));
    }
    for job in jobs {
        let started = Instant::now();
        let (label, result) = match job {
            Job::File(path) => (path.display().to_string(), import_file(&mut memory, path, &args, ctx)),
            Job::Pair(source, target) => (
                format!("{} + {}", source.display(), target.display()),
                import_pair(&mut memory, source, target, &args, ctx),
            ),
        };
        let mut report = Report { file: label.clone(), ..Report::default() };
        match result {
            Ok((counts, skipped)) => {
                report.counts = counts;
                report.skipped = skipped;
                if skipped > 0 {
                    exit = Exit::Problems;
                }
            }
            Err(e) => {
                report.error = Some(format!("{e:#}"));
                exit = Exit::Problems;
            }
        }
        report.seconds = started.elapsed().as_secs_f64();
        match (&report.error, args.format) {
            (Some(e), Format::Text) => eprintln!("tm: {e}\n{label}: nothing imported"),
            (None, Format::Text) => {
                let c = report.counts;
                let total = c.imported + c.duplicates + c.replaced + report.skipped;
                ctx.note(format_args!(
                    "{label}: {} imported, {} duplicates, {} replaced, {} skipped ({:.1} s, {:.0} records/s)",
                    c.imported,
                    c.duplicates,
                    c.replaced,
                    report.skipped,
                    report.seconds,
                    total as f64 / report.seconds.max(1e-9)
                ));
            }
            (_, Format::Json) => json_line(&mut out, &report)?,
        }
    }
    out.flush()?;
    Ok(exit)
}
