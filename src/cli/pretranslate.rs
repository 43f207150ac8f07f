//! `tm pretranslate`: runs [`tm::ops::pretranslate`] on a text document or an OmegaT
//! project, writes the output whole (or to stdout), and renders the analysis by
//! match band as a table on stderr or as JSON on stdout.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;
use tm::formats::decode::read_text_file_within;
use tm::formats::xliff::Version;
use tm::memory::{MatchOptions, Scope};
use tm::ops::export::{partial_path, write_file};
use tm::ops::pretranslate::{self, Band, Input, PretranslateOptions, Report, Tally};

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, PretranslateArgs, XliffFormat};

/// The analysis as JSON: one object.
#[derive(Serialize)]
struct AnalysisJson<'a> {
    input: String,
    output: Vec<String>,
    segments: u64,
    words: u64,
    with_matches: u64,
    filled: u64,
    kept: u64,
    bands: Vec<BandJson<'a>>,
}

#[derive(Serialize)]
struct BandJson<'a> {
    band: &'a str,
    segments: u64,
    words: u64,
}

/// Where the XLIFF made from a text document goes by default: beside it, `.xlf`.
fn default_output(input: &Path) -> PathBuf {
    input.with_extension("xlf")
}

fn summary(report: &Report, input: &Path, output: &[String]) -> String {
    let total = report.analysis.total();
    let mut out = format!(
        "pretranslated {} → {}: {} segments, {} words; {} with matches, {} targets filled",
        input.display(),
        output.join(", "),
        total.segments,
        total.words,
        report.with_matches,
        report.filled,
    );
    if report.kept > 0 {
        out.push_str(&format!(", {} targets kept", report.kept));
    }
    out.push_str(&format!("\n  {:<12} {:>9} {:>9}\n", "match", "segments", "words"));
    let row = |name: &str, t: Tally| format!("  {name:<12} {:>9} {:>9}\n", t.segments, t.words);
    for band in Band::ALL {
        out.push_str(&row(band.label(), report.analysis.get(band)));
    }
    out.push_str(&row("total", total));
    out
}

pub fn run(args: PretranslateArgs, ctx: &Ctx) -> Result<Exit> {
    let input = Input::detect(&args.file)?;
    let options = PretranslateOptions {
        matching: MatchOptions { min_score: args.min_score, max: args.max },
        fill_above: args.fill_above,
        approve_exact: args.approve_exact,
        overwrite: args.overwrite,
        version: match args.format {
            XliffFormat::Xliff => Version::V1,
            XliffFormat::Xliff2 => Version::V2,
        },
        analysis_from: args.analysis_from,
        jobs: args.jobs.map(usize::from),
        scope: Scope { collections: args.collections.clone(), prefer: args.prefer.clone() },
        sample: ctx.sample == tm::ops::open::Sample::Always,
        limits: ctx.limits,
    };
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    anyhow::ensure!(
        !(to_stdout && args.analysis == Format::Json),
        "--analysis json writes to stdout: give -o a file to write the document to"
    );
    let progress = ctx.progress();
    let (report, written) = match input {
        Input::Text => {
            let text = read_text_file_within(&args.file, &ctx.limits, &mut |p| eprintln!("{p}"))?;
            let output = args.output.clone().unwrap_or_else(|| default_output(&args.file));
            if !to_stdout {
                partial_path(&output)?; // a wrong path fails before the memory is opened
            }
            let memory = ctx.read()?;
            let original = args.file.file_name().map_or("stdin".into(), |n| n.to_string_lossy().into_owned());
            let run = |out: &mut dyn Write, name: &str| {
                pretranslate::pretranslate_text(&memory, &text, &original, &options, &mut &mut *out, name, &progress)
            };
            if to_stdout {
                let mut out = stdout();
                let report = run(&mut out, "stdout")?;
                out.flush()?;
                (report, vec!["stdout".to_string()])
            } else {
                let report = write_file(&output, |out, name| run(out, name))?;
                (report, vec![output.display().to_string()])
            }
        }
        Input::Xliff => {
            let bytes = std::fs::read(&args.file).map_err(|e| tm::error::Error::io(&args.file, e))?;
            let output = args.output.clone().unwrap_or_else(|| args.file.clone());
            if !to_stdout {
                partial_path(&output)?;
            }
            let memory = ctx.read()?;
            let name = args.file.display().to_string();
            let (written, report) = pretranslate::pretranslate_xliff(&memory, &bytes, &name, &options, &progress)?;
            for problem in &report.left_out {
                eprintln!("{problem}");
            }
            if to_stdout {
                let mut out = stdout();
                out.write_all(&written)?;
                out.flush()?;
                (report, vec!["stdout".to_string()])
            } else {
                write_file(&output, |out, name| {
                    out.write_all(&written).map_err(|e| tm::error::Error::Io { path: name.to_string(), source: e })
                })?;
                (report, vec![output.display().to_string()])
            }
        }
        Input::OmegaT => {
            anyhow::ensure!(args.output.is_none(), "an OmegaT project gets its TMX in its tm/ directory: leave out -o");
            let memory = ctx.read()?;
            let report = pretranslate::pretranslate_omegat(&memory, &args.file, &options, &progress)?;
            let written = report.written.iter().map(|p| p.display().to_string()).collect();
            (report, written)
        }
    };
    match args.analysis {
        Format::Text => {
            if !ctx.quiet {
                eprint!("{}", summary(&report, &args.file, &written));
            }
        }
        Format::Json => {
            let total = report.analysis.total();
            let bands = Band::ALL
                .iter()
                .map(|&b| {
                    let t = report.analysis.get(b);
                    BandJson { band: b.label(), segments: t.segments, words: t.words }
                })
                .collect();
            let json = AnalysisJson {
                input: args.file.display().to_string(),
                output: written,
                segments: total.segments,
                words: total.words,
                with_matches: report.with_matches,
                filled: report.filled,
                kept: report.kept,
                bands,
            };
            let mut out = stdout();
            json_line(&mut out, &json)?;
            out.flush()?;
        }
    }
    Ok(Exit::Success)
}
