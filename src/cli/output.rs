//! Exit statuses and writers for stdout (data) — text or JSON Lines.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

/// How a command ended (see `EXIT_CODES` in the help).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success,
    NothingFound,
    /// A check found what it looks for (exit status 1, as `diff` and linters).
    Findings,
    /// An error: something was refused or failed.
    Problems,
    /// An import finished, but bad records were skipped (each reported).
    Skipped,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(match exit {
            Exit::Success => 0,
            Exit::NothingFound | Exit::Findings => 1,
            Exit::Problems => 2,
            Exit::Skipped => 3,
        })
    }
}

/// Buffered stdout.
pub fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Writes one JSON object and a newline. A failed write stays an `io::Error`: a
/// `serde_json::Error` hides it from the error's chain, and `main` would not see a
/// closed pipe.
pub fn json_line<W: Write, T: Serialize>(out: &mut W, value: &T) -> Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}
