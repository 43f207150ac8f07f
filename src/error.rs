//! The library's one error type, and positions in input files.
//!
//! Every error that comes from input says where: the file, the line and, when the
//! format has records, which record (`memory.tmx:4031: tu 812: no <seg> in the ar
//! tuv`). A record that is bad but leaves the rest of the file readable is not an
//! [`Error`] but a [`Problem`]: readers hand it back beside the good records so that
//! the caller decides whether to skip it or to refuse the whole file.

use std::fmt;
use std::path::Path;

use crate::lang::{LangPair, LangTag};

/// Where in an input something was found: file, line (1-based) and record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Position {
    pub file: String,
    pub line: Option<u64>,
    pub record: Option<String>,
}

impl Position {
    pub fn new(file: impl Into<String>) -> Position {
        Position { file: file.into(), line: None, record: None }
    }

    pub fn line(mut self, line: u64) -> Position {
        self.line = Some(line);
        self
    }

    pub fn record(mut self, record: impl Into<String>) -> Position {
        self.record = Some(record.into());
        self
    }
}

impl fmt::Display for Position {
    /// `file:line: record`, leaving out what is not known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(record) = &self.record {
            write!(f, ": {record}")?;
        }
        Ok(())
    }
}

/// A bad record: skipped on import (or fatal with `--strict`), never silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub at: Position,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.reason)
    }
}

/// Everything that can go wrong in the library.
///
/// Each message states its cause once: a variant that wraps a lower error (I/O,
/// SQLite) says where, and leaves the cause to [`std::error::Error::source`], so
/// that a front end printing the chain (`anyhow`'s `{:#}`) shows
/// `memory.tmx: No such file or directory`, not the cause twice.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    /// The input is not what it claims to be (malformed XML, not a TMX, bad encoding).
    #[error("{at}: {message}")]
    Parse { at: Position, message: String },

    /// A bad record, refused because the caller asked for all or nothing.
    #[error("{0}")]
    Record(Problem),

    /// The database failed: the engine's message, once (SQLite's error repeats
    /// it in its cause, and its code's description), and what `tm` was doing.
    #[error("{path}: {error} ({}, {doing})", error.engine())]
    Database { path: String, doing: &'static str, error: crate::memory::sql::DbError },

    /// An input with nothing in it (no bytes, or white space only): refused by
    /// every format alike (README, exit status).
    #[error("{path}: an empty file; nothing to import")]
    Empty { path: String },

    /// The database was written by a newer `tm`.
    #[error(
        "{path}: this memory has schema version {found}, newer than the {supported} this tm \
         understands; use a newer tm or another memory"
    )]
    TooNew { path: String, found: i64, supported: i64 },

    /// A memory asked for another language pair than the one it holds.
    #[error(
        "{path} is a {holds} memory, not {asked}; one memory holds one language pair: use another memory for {asked}"
    )]
    OtherPair { path: String, holds: LangPair, asked: LangPair },

    /// An entry in another language pair than the memory's.
    #[error("an entry in {source_lang}→{target_lang} does not belong in a {memory} memory")]
    ForeignEntry { source_lang: LangTag, target_lang: LangTag, memory: LangPair },

    /// A file (or pair of files) whose sides are not in the scripts of the memory's
    /// languages: swapped, or in another language ([`crate::script`]).
    #[error("{file}: {message}")]
    WrongScript { file: String, message: String },

    /// Two documents the aligner finds are not translations of each other
    /// ([`crate::align::verdict`]).
    #[error("{file}: {message}")]
    NotATranslation { file: String, message: String },

    /// Stored data that cannot be read back (a damaged database).
    #[error("{path}: {what} is damaged")]
    Damaged { path: String, what: String },

    /// The memory's index was made by other rules than this build's: searched, it
    /// would miss entries (opening through `ops::open` rebuilds it).
    #[error("{path}: the index was made by the rules of version {made_by}, not {current}; rebuild it (tm reindex)")]
    StaleIndex { path: String, made_by: u32, current: u32 },

    /// An import asked for an origin no import may take.
    #[error("{name:?} cannot be an origin: an origin needs a name, and `sample` is the shipped sample's")]
    ReservedOrigin { name: String },

    /// No entry has this id.
    #[error("{path}: no entry {id}")]
    NoEntry { path: String, id: u64 },

    /// A memory that is not there, asked for by a command that only reads (which
    /// never creates one).
    #[error(
        "{path}: no such memory; a command that only reads never creates one (an import creates it, \
         or --create)"
    )]
    NoMemory { path: String },

    /// A memory to be created in a directory that does not exist.
    #[error("{path}: no directory {dir} to create the memory in (--create makes it)")]
    NoDirectory { path: String, dir: String },

    /// A memory to copy into that holds something already.
    #[error("{path} is not empty ({what}): a memory is copied whole into one that holds nothing; nothing was written")]
    NotEmpty { path: String, what: String },

    /// A file that is not a memory (no schema).
    #[error("{path} is not a tm memory")]
    NotAMemory { path: String },

    /// A memory named by a URL: a memory is a SQLite file.
    #[error(
        "{name} is a URL; a memory is a SQLite file or a PostgreSQL database, named by its path or by a postgresql:// URL"
    )]
    NotAPath { name: String },

    /// Another connection kept the write lock longer than the wait allowed.
    #[error(
        "{path}: another tm is writing to this memory and did not finish within {} s; nothing was changed \
         (try again, or wait longer: --wait SECONDS)", waited.as_secs()
    )]
    Busy { path: String, waited: std::time::Duration },

    /// The database cannot be put in write-ahead log mode (SQLite left it in `mode`).
    #[error(
        "{path}: SQLite cannot keep a write-ahead log for this memory here (it stays in journal mode {mode}); \
         keep the memory on a local file system"
    )]
    NoLog { path: String, mode: String },

    /// A write asked of a memory that cannot be written: its file or directory is
    /// read-only (or it was opened to be read).
    #[error("{path}: the memory is read-only here: its file or its directory cannot be written")]
    ReadOnly { path: String },

    /// A server could not be reached, or its answer not read whole.
    #[error("{url}: {message}")]
    Unreachable { url: String, message: String },

    /// A server refused the token (401: none or unknown; 403: it may not do
    /// that).
    #[error("{url}: the token {message} (HTTP {status})")]
    Token { url: String, status: u16, message: String },

    /// A server answered with an error status.
    #[error("{url}: HTTP {status}: {message}")]
    Http { url: String, status: u16, message: String },

    /// A server's answer is not what its API says.
    #[error("{url}: the answer is not what the API gives: {message}")]
    BadAnswer { url: String, message: String },

    /// There is no default place for the memory: no home or data directory.
    #[error("no home or data directory is set, so there is no default memory: name the memory's file")]
    NoDataDirectory,
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io { path: path.display().to_string(), source }
    }

    pub fn parse(at: Position, message: impl Into<String>) -> Error {
        Error::Parse { at, message: message.into() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_shows_file_line_and_record() {
        let at = Position::new("memory.tmx").line(4031).record("tu 812");
        assert_eq!(at.to_string(), "memory.tmx:4031: tu 812");
        let problem = Problem { at, reason: "no <seg> in the ar tuv".into() };
        assert_eq!(problem.to_string(), "memory.tmx:4031: tu 812: no <seg> in the ar tuv");
        assert_eq!(Position::new("a.tsv").line(3).to_string(), "a.tsv:3");
    }

    /// The cause is the source, not repeated in the message.
    #[test]
    fn an_io_error_states_its_cause_once() {
        let err = Error::io(Path::new("memory.tmx"), std::io::Error::from(std::io::ErrorKind::NotFound));
        let chain: Vec<String> = std::iter::successors(Some(&err as &dyn std::error::Error), |e| e.source())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(chain.len(), 2);
        assert_eq!(chain[0], "memory.tmx");
        assert!(!chain[0].contains(&chain[1]), "{chain:?}");
    }
}
