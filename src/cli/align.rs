//! `tm align`: a document pair (or a batch) aligned by [`tm::ops::align`], written
//! as TSV, TMX or JSON, with a review page on request ([`tm::formats::review`]).

use std::io::Write;

use anyhow::{Context, Result};

use tm::align::verdict::Verdict;
use tm::formats::review;
use tm::ops::align::{self as ops_align, AlignFormat as Written, BatchItem, align_files, read_batch, write_aligned};
use tm::ops::paths;
use tm::script::PairScripts;

use super::output::{Exit, stdout};
use super::{AlignArgs, AlignFormat, Ctx};

fn written(format: AlignFormat) -> Written {
    match format {
        AlignFormat::Tsv => Written::Tsv,
        AlignFormat::Tmx => Written::Tmx,
        AlignFormat::Json => Written::Json,
    }
}

/// A pair refused for its scripts says how to align it anyway.
fn forced(e: tm::error::Error) -> anyhow::Error {
    match e {
        e @ tm::error::Error::WrongScript { .. } => anyhow::anyhow!("{e} (--force aligns them anyway)"),
        e => e.into(),
    }
}

/// The scripts the documents must be in: the memory's languages', unless --force.
fn scripts(args: &AlignArgs, memory: &tm::memory::Memory) -> Option<PairScripts> {
    if args.force { None } else { PairScripts::of(memory.pair()) }
}

pub fn run(args: AlignArgs, ctx: &Ctx) -> Result<Exit> {
    let mut options = args.aligner.options();
    options.limits = ctx.limits;
    // Every path checked before the memory is opened: a wrong one creates nothing.
    options.check()?;
    if let Some(list) = &args.batch {
        let items = read_batch(list)?;
        items.iter().try_for_each(BatchItem::check)?;
        let memory = ctx.read()?;
        let glossary = memory.glossary()?;
        options.scripts = scripts(&args, &memory);
        let format = written(args.format);
        ops_align::align_batch(&items, &options, Some(&glossary), format, memory.pair(), &mut |p| eprintln!("{p}"))
            .map_err(forced)?;
        ctx.note(format_args!("aligned {} document pairs", items.len()));
        return Ok(Exit::Success);
    }
    let (Some(source), Some(target)) = (&args.source, &args.target) else {
        anyhow::bail!("give the Arabic document and its translation, or --batch");
    };
    paths::readable(source)?;
    paths::readable(target)?;
    if let Some(review) = &args.review {
        paths::writable(review)?;
    }
    let memory = ctx.read()?;
    let glossary = memory.glossary()?;
    options.scripts = scripts(&args, &memory);
    let aligned = align_files(source, target, &options, Some(&glossary), &mut |p| eprintln!("{p}")).map_err(forced)?;
    let mut out = stdout();
    write_aligned(&mut out, &aligned, written(args.format), memory.pair(), options.min_confidence)?;
    out.flush()?;
    if let Some(path) = &args.review {
        let mut page = Vec::new();
        let (source, target) = (source.display().to_string(), target.display().to_string());
        let save_as = review::corrections_name(path);
        let names = review::Names { source: &source, target: &target, save_as: &save_as };
        review::write(&mut page, &aligned, &names, options.split.into())?;
        std::fs::write(path, page).with_context(|| format!("cannot write {}", path.display()))?;
    }
    ctx.note(format_args!(
        "{} Arabic and {} English segments: {} beads, {} pairs, {} below {:.0}% confidence",
        aligned.source_spans.len(),
        aligned.target_spans.len(),
        aligned.beads.len(),
        aligned.pairs().count(),
        aligned.doubtful(review::DOUBTFUL_BELOW),
        review::DOUBTFUL_BELOW * 100.0
    ));
    let verdict = aligned.evidence.verdict();
    if verdict != Verdict::Translation {
        // Said even with --quiet: the beads of such a pair are not to be trusted.
        eprintln!(
            "tm: {} + {}: {} ({})",
            source.display(),
            target.display(),
            match verdict {
                Verdict::Unrelated => "not a translation of each other",
                _ => "a partial translation: parts of one have no counterpart in the other",
            },
            aligned.evidence.describe()
        );
    }
    Ok(Exit::Success)
}
