//! `tm sync URL`: flags to [`tm::ops::sync::sync`], its report on stdout
//! (text or JSON), the pull's and push's bars on stderr.

use std::io::Write;
use std::time::Duration;

use anyhow::{Context, Result};

use tm::ops::sync::{SyncOptions, sync};

use super::output::{Exit, json_line, stdout};
use super::{Ctx, Format, SyncArgs};

/// The token: the first word of the token file's first line that is not a
/// comment, else `TM_TOKEN`.
fn token(args: &SyncArgs) -> Result<Option<String>> {
    if let Some(file) = &args.token_file {
        let text = std::fs::read_to_string(file).with_context(|| format!("{}: reading the token", file.display()))?;
        let word = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .and_then(|l| l.split_whitespace().next())
            .with_context(|| format!("{}: no token in it", file.display()))?;
        return Ok(Some(word.to_string()));
    }
    Ok(std::env::var("TM_TOKEN").ok().filter(|t| !t.trim().is_empty()).map(|t| t.trim().to_string()))
}

pub fn run(args: SyncArgs, ctx: &Ctx) -> Result<Exit> {
    anyhow::ensure!(args.timeout > 0, "--timeout must be above 0");
    let options = SyncOptions {
        url: args.url.clone(),
        token: token(&args)?,
        pull: !args.push_only,
        push: !args.pull_only,
        timeout: Duration::from_secs(args.timeout),
        page: args.page as usize,
        ..SyncOptions::default()
    };
    let mut memory = ctx.write(None)?;
    let report = sync(&mut memory, &options, &ctx.progress())?;
    let mut out = stdout();
    match args.format {
        Format::Json => json_line(&mut out, &report)?,
        Format::Text => {
            let (pulled, pushed) = (&report.pulled, &report.pushed);
            writeln!(out, "{} (revision {})", report.url, report.server_revision)?;
            writeln!(
                out,
                "pulled:    {} added, {} edited, {} removed, {} already here",
                pulled.added, pulled.edited, pulled.removed, pulled.unchanged
            )?;
            writeln!(
                out,
                "pushed:    {} added, {} edited, {} removed, {} already there",
                pushed.added, pushed.edited, pushed.removed, pushed.same
            )?;
            writeln!(out, "conflicts: {} (the server's version kept; see tm history ID)", report.conflicts.len())?;
            for c in &report.conflicts {
                let local = c.local_target.as_deref().unwrap_or("(removed here)");
                let server = c.server_target.as_deref().unwrap_or("(removed there)");
                writeln!(out, "  entry {}: {}\n    here:  {local}\n    there: {server}", c.local, c.source)?;
            }
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
