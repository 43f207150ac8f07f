//! `tm migrate`: a memory moved whole from one store to another, a SQLite file
//! to a PostgreSQL database or back (or file to file, database to database),
//! with the rows of every table counted on both sides.
//!
//! Everything moves as it is, the index included (its posting lists are the
//! same bytes on both engines), so the copy answers as the original did and
//! keeps its ids, history, change feed and sync state: a `tm sync` or a
//! server's client that followed the original can follow the copy. The copy is
//! one transaction of the memory written to, into a memory that holds nothing:
//! interrupted or refused, it leaves nothing there. The original is only read,
//! as by any command that reads (a schema or an index of an older `tm` is first
//! brought up to date, which is a write).

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use super::open::{Create, OpenOptions, Sample, Usage, open};
use crate::error::{Error, Result};
use crate::progress::Progress;

/// What was moved.
#[derive(Clone, Debug, Serialize)]
pub struct Migrated {
    pub from: String,
    pub to: String,
    /// Rows of each table, the same on both sides.
    pub tables: Vec<TableRows>,
}

/// Rows of one table.
#[derive(Clone, Debug, Serialize)]
pub struct TableRows {
    pub table: &'static str,
    pub rows: u64,
}

impl Migrated {
    /// Rows of `table` (0 if it is not listed).
    pub fn rows(&self, table: &str) -> u64 {
        self.tables.iter().find(|t| t.table == table).map_or(0, |t| t.rows)
    }
}

/// Copies the memory at `from` (which must exist) into `to` (created if it is
/// not there, else it must hold nothing), waiting at most `wait` for either's
/// writers.
pub fn migrate(from: &Path, to: &Path, wait: Option<Duration>, progress: &dyn Progress) -> Result<Migrated> {
    if from == to {
        let path = crate::memory::store::redact(&to.display().to_string());
        return Err(Error::NotEmpty { path, what: "it is the memory copied".into() });
    }
    let read = OpenOptions { usage: Usage::Read, create: Create::Never, sample: Sample::Leave, wait, pair: None };
    let source = open(from, &read, progress)?.memory;
    let write = OpenOptions {
        usage: Usage::Write,
        create: Create::InDirectory,
        sample: Sample::Leave,
        wait,
        pair: Some(source.pair().clone()),
    };
    let mut target = open(to, &write, progress)?.memory;
    let tables = source.copy_into(&mut target, progress)?;
    Ok(Migrated {
        from: source.store().name().to_string(),
        to: target.store().name().to_string(),
        tables: tables.into_iter().map(|(table, rows)| TableRows { table, rows }).collect(),
    })
}
