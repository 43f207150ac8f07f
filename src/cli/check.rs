//! `tm check`: the findings of [`tm::ops::check`] as text, JSON Lines or TSV, and a
//! summary per kind.

use std::io::Write;

use anyhow::Result;

use tm::check::Severity;
use tm::formats::tsv::escape;
use tm::ops::check::{
    Accepted, CheckReport, Located, PendingFix, Rules, Target, annotate_xliff, check, counts, glossary_for, write_fixes,
};
use tm::ops::export::{partial_path, write_file};
use tm::ops::paths::readable;

use super::output::{Exit, stdout};
use super::{CheckArgs, CheckFormat, Ctx, SeverityArg};

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

pub fn run(args: CheckArgs, ctx: &Ctx) -> Result<Exit> {
    let target = match (&args.file, &args.source, &args.target) {
        (Some(file), _, _) => Target::File(file.clone()),
        (None, Some(source), Some(target)) => Target::LinePairs { source: source.clone(), target: target.clone() },
        _ => Target::Memory,
    };
    target.check()?;
    if let Some(g) = &args.glossary {
        readable(g)?;
    }
    let fail_on = match args.fail_on {
        SeverityArg::Info => Severity::Info,
        SeverityArg::Warning => Severity::Warning,
        SeverityArg::Error => Severity::Error,
    };
    let accepted = match &args.suppress {
        Some(path) => Accepted::read(path)?,
        None => Accepted::default(),
    };
    anyhow::ensure!(
        args.output.is_none() || args.format == CheckFormat::Xliff,
        "-o writes the annotated XLIFF of --format xliff; findings in other formats go to stdout"
    );
    if args.format == CheckFormat::Xliff {
        anyhow::ensure!(!args.fix, "--fix and --format xliff each rewrite the file: give one");
        let Target::File(path) = &target else {
            anyhow::bail!("--format xliff writes findings into an XLIFF file: give the file, not --source or --memory")
        };
        if let Some(output) = &args.output {
            partial_path(output)?; // a wrong path fails before any work
        }
        let memory = ctx.read()?;
        let glossary = glossary_for(&memory, args.glossary.as_deref())?;
        let mut ignore = |_: Located| Ok(());
        let done = annotate_xliff(
            &memory,
            path,
            &Rules { glossary: &glossary, fail_on, accepted: &accepted },
            &ctx.limits,
            &ctx.progress(),
            &mut ignore,
        )?;
        match &args.output {
            Some(output) => write_file(output, |out, name| {
                out.write_all(&done.bytes).map_err(|e| tm::error::Error::Io { path: name.to_string(), source: e })
            })?,
            None => {
                let mut out = stdout();
                out.write_all(&done.bytes)?;
                out.flush()?;
            }
        }
        for problem in &done.left_out {
            eprintln!("{problem}");
        }
        if done.not_written > 0 {
            ctx.note(format_args!(
                "{} findings on units written with a namespace prefix are not marked in the file",
                done.not_written
            ));
        }
        return Ok(summary(&done.report, ctx));
    }
    let memory = ctx.read()?;
    let glossary = glossary_for(&memory, args.glossary.as_deref())?;
    let mut out = stdout();
    if args.format == CheckFormat::Tsv {
        writeln!(out, "file\tline\tunit\tkind\tseverity\tmessage\tsource\ttarget")?;
    }
    let mut pending: Vec<PendingFix> = Vec::new();
    let mut emit = |f: Located| -> tm::error::Result<()> {
        if let Some(fix) = &f.finding.fix {
            pending.push(PendingFix { line: f.line, target: f.target.clone(), fix: fix.clone() });
        }
        let io = |e| tm::error::Error::Io { path: "stdout".into(), source: e };
        match args.format {
            CheckFormat::Json => serde_json::to_writer(&mut out, &f)
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
                .map_err(io),
            CheckFormat::Tsv => writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                escape(&f.file),
                f.line,
                f.unit,
                f.finding.kind.name(),
                severity_name(f.finding.severity),
                escape(&f.finding.message),
                escape(&f.source),
                escape(&f.target)
            )
            .map_err(io),
            CheckFormat::Text => writeln!(
                out,
                "{}:{}: {}: {}\n  {}\n  {}\n",
                f.file,
                f.line,
                f.finding.kind.name(),
                f.finding.message,
                f.source,
                f.target
            )
            .map_err(io),
            CheckFormat::Xliff => unreachable!("written above"),
        }
    };
    let report = check(
        &memory,
        &target,
        &Rules { glossary: &glossary, fail_on, accepted: &accepted },
        &ctx.progress(),
        &mut emit,
    )?;
    out.flush()?;
    if args.fix {
        let n = write_fixes(&target, &pending)?;
        ctx.note(format_args!("{n} lines fixed ({} fixes)", pending.len()));
    }
    Ok(summary(&report, ctx))
}

/// The summary per kind on stderr, and the exit status the findings give.
fn summary(report: &CheckReport, ctx: &Ctx) -> Exit {
    let summary: Vec<String> = counts(report).iter().map(|(k, n)| format!("{n} {}", k.name())).collect();
    ctx.note(format_args!(
        "{} units checked in {:.2} s ({:.0} units/s): {}; {} accepted earlier",
        report.units,
        report.seconds,
        report.units as f64 / report.seconds.max(1e-9),
        summary.join(", "),
        report.suppressed
    ));
    if report.failing > 0 { Exit::Findings } else { Exit::Success }
}
