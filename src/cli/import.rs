//! `tm import`: TMX, bilingual TSV, line-aligned text pairs and documents through
//! the aligner ([`tm::ops::import`]); one summary per input.

use std::io::Write;

use anyhow::{Context, Result, bail};
use tm::formats::EntryFormat;
use tm::formats::xliff::States;
use tm::memory::OnDuplicate;
use tm::ops::import::{ImportOptions, ImportReport, ReportJson, Source, import};

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, ImportArgs, InputFormat, OnDuplicateArg, StatesArg};

pub fn run(args: ImportArgs, ctx: &Ctx) -> Result<Exit> {
    let stdin = std::path::Path::new("-");
    let mut sources: Vec<Source> =
        args.files.iter().map(|p| if p == stdin { Source::Stdin } else { Source::File(p.clone()) }).collect();
    if sources.iter().filter(|s| matches!(s, Source::Stdin)).count() > 1 {
        bail!("- (standard input) can be given once");
    }
    if let (Some(source), Some(target)) = (&args.source, &args.target) {
        let (source, target) = (source.clone(), target.clone());
        sources.push(if args.align {
            Source::Documents { source, target, corrections: args.corrections.clone() }
        } else {
            Source::LinePairs { source, target }
        });
    }
    if args.corrections.is_some() && !args.files.is_empty() {
        // A corrections file is one pair's review (and import --align takes one
        // pair): files beside it would read as though it applied to them too.
        bail!("--corrections applies to the one pair of --source and --target: import the other files in another run");
    }
    if sources.is_empty() {
        bail!("nothing to import: give TMX, XLIFF or TSV files, or --source and --target");
    }
    let pair = args.langs.pair()?;
    if let Some(origin) = &args.origin {
        tm::ops::origin::check_name(origin)?;
    }
    // Every input must be readable before the memory is opened (or created).
    sources.iter().try_for_each(Source::check)?;
    if args.align {
        args.aligner.options().check()?;
    }
    let options = ImportOptions {
        format: match args.input_format {
            InputFormat::Auto => None,
            InputFormat::Tmx => Some(EntryFormat::Tmx),
            InputFormat::Xliff => Some(EntryFormat::Xliff),
            InputFormat::Tsv => Some(EntryFormat::Tsv),
        },
        policy: match args.on_duplicate {
            OnDuplicateArg::KeepBoth => OnDuplicate::KeepBoth,
            OnDuplicateArg::Skip => OnDuplicate::Skip,
            OnDuplicateArg::Overwrite => OnDuplicate::Overwrite,
        },
        strict: args.strict,
        states: match args.states {
            StatesArg::All => States::All,
            StatesArg::Translated => States::Translated,
            StatesArg::Reviewed => States::Reviewed,
            StatesArg::Final => States::Final,
        },
        origin: args.origin.clone(),
        collection: args.collection.clone(),
        user: ctx.user(),
        aligner: tm::ops::align::AlignOptions { limits: ctx.limits, ..args.aligner.options() },
        force: args.force,
        limits: ctx.limits,
        encoding: args
            .encoding
            .as_deref()
            .map(|label| {
                encoding_rs::Encoding::for_label(label.as_bytes())
                    .with_context(|| format!("{label:?} is not an encoding (utf-8, windows-1256, iso-8859-6…)"))
            })
            .transpose()?,
    };
    let mut memory = ctx.write(pair)?;
    let mut out = stdout();
    let mut exit = Exit::Success;
    let progress = ctx.progress();
    for source in &sources {
        let label = source.label();
        let started = std::time::Instant::now();
        let failed = || ImportReport { seconds: started.elapsed().as_secs_f64(), ..ImportReport::default() };
        let result = import(&mut memory, source, &options, &progress, &mut |problem| eprintln!("{problem}"));
        let (report, error) = match result {
            Ok(report) => (report, None),
            Err(tm::error::Error::Record(problem)) => {
                (failed(), Some(format!("{problem} (--strict: nothing imported from {label})")))
            }
            Err(e @ (tm::error::Error::WrongScript { .. } | tm::error::Error::NotATranslation { .. })) => {
                (failed(), Some(format!("{e} (--force imports it anyway)")))
            }
            Err(e) => (failed(), Some(format!("{:#}", anyhow::Error::from(e)))),
        };
        if error.is_some() {
            exit = Exit::Problems;
        } else if report.skipped > 0 && exit == Exit::Success {
            exit = Exit::Skipped;
        }
        if let Some(encoding) = &report.encoding {
            ctx.note(format_args!("{label}: not UTF-8; read as {encoding} (--encoding names another)"));
        }
        match (&error, args.format) {
            (Some(e), Format::Text) => eprintln!("tm: {e}\n{label}: nothing imported"),
            (None, Format::Text) => {
                let c = report.counts;
                let total = c.imported + c.duplicates + c.replaced + report.skipped + report.below_states;
                let below = match report.below_states {
                    0 => String::new(),
                    n => format!(", {n} below --states"),
                };
                ctx.note(format_args!(
                    "{label}: {} imported, {} duplicates, {} replaced, {} skipped{below} ({:.1} s, {:.0} records/s)",
                    c.imported,
                    c.duplicates,
                    c.replaced,
                    report.skipped,
                    report.seconds,
                    total as f64 / report.seconds.max(1e-9)
                ));
            }
            (_, Format::Json) => json_line(&mut out, &ReportJson { file: &label, report: &report, error })?,
        }
    }
    out.flush()?;
    Ok(exit)
}
