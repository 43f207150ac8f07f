//! Every SQL statement of `tm`, behind [`Store`] and its write transaction
//! [`Writer`].
//!
//! The store keeps entries, settings, the glossary and the candidate index (word
//! stems and posting-list chunks, encoded by [`super::index`]). It computes no similarity
//! and prints nothing. Writes happen in one [`Writer`] transaction: an import that is
//! interrupted, killed or refused leaves the database as it was (SQLite's WAL
//! journal rolls it back). Posting lists are buffered in memory during a write and
//! flushed as a new chunk when the buffer grows large and at commit; after
//! [`MERGE_AFTER`] chunks the stems written meanwhile have theirs merged into one,
//! dropping removed entries (every stem, by `tm vacuum`). A chunk's list longer
//! than a piece ([`index::PIECE_BYTES`]) is rows numbered on from the chunk's
//! (the next chunk begins after its longest list), a merged list's are 0, -1,
//! -2, …: a row of chunk above 0 is one not merged yet.
//!
//! # Many processes on one memory
//!
//! A memory is shared by every `tm` (and, later, every request of a server) that
//! opens it, under one rule: **readers never wait for a writer, writers wait
//! their turn.**
//!
//! - The database is in SQLite's write-ahead log mode from its creation on (the
//!   mode is kept in the file, so no later open has to switch it, which would need
//!   the file to itself). A reader sees the memory as the last commit left it: an
//!   import in progress is invisible to it until the import commits, then all of
//!   it is there at once.
//! - A writer takes the write lock when its transaction begins (`BEGIN
//!   IMMEDIATE`), never halfway through, so it cannot fail after work done. While
//!   another writer holds the lock it waits (SQLite's busy handler, then a retry
//!   until the deadline) for at most [`Open::wait`] ([`WAIT`] unless told), then
//!   gives up with [`Error::Busy`], having changed nothing. Writers are served one
//!   at a time: two imports started together both land, one after the other.
//! - Every connection has the same busy timeout, for the few moments a reader
//!   waits too: a migration or the creation of the memory, the recovery of a log
//!   left by a killed process.
//! - Large imports use the same log (a rollback journal, once used for them,
//!   locked readers out for the whole import and saved 6-12 % of the time (1M
//!   and 200k units).
//! - [`Access::Read`] opens the file read-only and never creates, migrates or
//!   changes it. A memory whose directory `tm` cannot write (a read-only file
//!   system) is opened as immutable when it has no log to replay: nobody can
//!   change it meanwhile.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::buffer::{List, PostingBuffer};
use super::index::{self, IndexKey, Posting, PostingWriter};
use super::schema;
use postgres::types::Type;

use super::sql::{Arg, Bulk, Conn, DbError, DbResult, Engine, Param, Row, Value, args};
use crate::entry::{Entry, Id, Meta, Text};
use crate::error::{Error, Result};
use crate::glossary::Term;
use crate::lang::LangTag;
use crate::timestamp::Timestamp;

/// Chunks written since the last merge before the posting lists are merged.
pub const MERGE_AFTER: i64 = 8;
/// Most bytes of the database read through a memory map: none. A map saves the
/// copy of each page read (at 1M entries, one thread: slowest query 36 -> 20 ms),
/// but every page a connection touches then counts in the process's resident
/// memory, once per connection: `tm suggest` on two threads rose from 206 MB to
/// 1.2 GB on the benchmark's 1,000 queries, and a server's would grow with its
/// memory. Pages read go through SQLite's cache ([`Store::setup`]) instead.
const MMAP_BYTES: i64 = 0;
/// The page size of a new memory's database, in bytes, four times SQLite's
/// default. Rows of about 340 bytes (an entry) and posting pieces of up to
/// [`index::PIECE_BYTES`] leave less of a larger page unused, and a read crosses
/// fewer pages: on the 1M benchmark (both compacted by `VACUUM`), the database
/// is 457 MB against 479 MB with 4 KiB pages, and `tm suggest` of the 1,000
/// queries p50 0.70-0.75 ms and p95 2.1-2.4 ms against 0.82-0.96 and 2.5-3.3.
const PAGE_BYTES: i64 = 16384;

/// SQLite's page cache of a connection, in KiB, as it reads…
const READ_CACHE_KIB: i64 = 65536;
/// …and in a write transaction. A write's changed pages go to the log when the
/// cache fills, and an import writes the b-trees' pages front to back, so a large
/// cache held pages already written: the 1M benchmark's import (96 MiB
/// flushes) peaked at 315-335 MB with the read cache, 285-298 MB with this one,
/// in the same time.
const WRITE_CACHE_KIB: i64 = 16384;

/// Sets a SQLite connection's page cache (`kib`); nothing on PostgreSQL. A
/// cache that cannot be set is left as it was: its size changes memory and
/// speed, never what is read or written.
fn set_cache(db: &Conn, kib: i64) {
    if let Conn::Sqlite(conn) = db {
        let _ = conn.pragma_update(None, "cache_size", -kib);
    }
}

/// Bytes of buffered postings (and their lists, [`super::buffer`]) that trigger a
/// flush during a write. Each flush adds a row per list it holds, so a larger
/// buffer makes a smaller index, at the cost of memory: the 1M benchmark's
/// import peaks at 270-272 MB with 80 MiB (index 4 chunks, database 470 MB)
/// and at 267-307 MB with 96 MiB (3 chunks, 464 MB).
const FLUSH_BYTES: usize = 80 << 20;

/// An entry's origin by name, in a statement on `entry` (entries keep its
/// number): a literal, so that statements made with it are constants too.
macro_rules! origin_name {
    () => {
        "(SELECT name FROM origin_name WHERE origin_name.id = entry.origin_id)"
    };
}

const ENTRY_COLUMNS: &str = concat!(
    "id, source, target, source_markup, target_markup, source_lang, target_lang, ",
    origin_name!(),
    ", created, changed, creator, changer, confidence, meta, collection, tuid"
);

/// How long a connection waits for a lock held by another (a writer for the write
/// lock) unless told otherwise: five minutes, the time of an import of about
/// 10 million units.
pub const WAIT: Duration = Duration::from_secs(300);
/// The write-ahead log is cut back to this size when it is emptied after a large
/// write.
const LOG_LIMIT_BYTES: i64 = 64 << 20;

/// What a connection may do to the database file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Read it; it must exist. Nothing is ever written, not even a migration.
    Read,
    /// Read and write it; it must exist.
    Write,
    /// Read and write it, creating it if it does not exist.
    Create,
}

/// How to open a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Open {
    pub access: Access,
    /// The longest wait for a lock another connection holds.
    pub wait: Duration,
}

impl Open {
    pub fn new(access: Access) -> Open {
        Open { access, wait: WAIT }
    }
}

/// The SQLite database of one memory.
pub struct Store {
    db: Conn,
    name: String,
    /// The database file (`None` for a store in memory).
    path: Option<PathBuf>,
    open: Open,
}

/// An entry as the matcher sees it.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub source: Text,
    /// The target as shown (inline codes as their native content).
    pub target: String,
    /// Inline codes in the target.
    pub target_codes: u32,
    /// The number of its origin ([`Store::origin_name`] gives the name): a
    /// number, not the name, since a look-up of the name per candidate cost a
    /// few per cent of a search that scores thousands.
    pub origin_id: i64,
    pub collection: Option<String>,
    /// A person confirmed it (`tm confirm`).
    pub confirmed: bool,
}

/// An entry as stored, with its id.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub id: Id,
    pub entry: Entry,
}

/// Which entries an export, a count or a removal takes.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only these origins (all if empty).
    pub origins: Vec<String>,
    /// Only entries of these collections (all if empty).
    pub collections: Vec<String>,
    /// Only these entries (all if empty).
    pub ids: Vec<Id>,
    /// Only entries changed at or after / before this time.
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Leave out the entries of origin `sample` (the shipped sample, in a memory
    /// made before it stayed out of memories), unless `origins` names it.
    pub leave_out_sample: bool,
}

impl Filter {
    fn sql(&self) -> (String, Vec<Arg>) {
        let mut conds = Vec::new();
        let mut args = Vec::new();
        if !self.origins.is_empty() {
            conds.push(format!(
                "origin_id IN (SELECT id FROM origin_name WHERE name IN ({}))",
                vec!["?"; self.origins.len()].join(", ")
            ));
            args.extend(self.origins.iter().map(|o| Arg::Text(o.clone())));
        } else if self.leave_out_sample {
            conds.push("origin_id IS DISTINCT FROM (SELECT id FROM origin_name WHERE name = ?)".to_string());
            args.push(Arg::Text(crate::entry::ORIGIN_SAMPLE.to_string()));
        }
        if !self.collections.is_empty() {
            conds.push(format!("collection IN ({})", vec!["?"; self.collections.len()].join(", ")));
            args.extend(self.collections.iter().map(|o| Arg::Text(o.clone())));
        }
        if !self.ids.is_empty() {
            conds.push(format!("id IN ({})", vec!["?"; self.ids.len()].join(", ")));
            args.extend(self.ids.iter().map(|id| Arg::Int(id.get() as i64)));
        }
        if let Some(since) = self.since {
            conds.push("changed >= ?".to_string());
            args.push(Arg::Int(since.0));
        }
        if let Some(until) = self.until {
            conds.push("changed < ?".to_string());
            args.push(Arg::Int(until.0));
        }
        let clause = if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) };
        (clause, args)
    }
}

/// What the memory keeps of one import: its origin (the identity its entries
/// carry), the file it read, a hash of that file's content and its size, the
/// collection given, and when.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct OriginRecord {
    pub name: String,
    pub path: Option<String>,
    /// FNV-1a of the file's bytes, 16 hex digits.
    pub hash: Option<String>,
    pub bytes: Option<u64>,
    pub collection: Option<String>,
    pub imported: Timestamp,
}

/// A person's confirmation of an entry (`tm confirm`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmation {
    pub when: Timestamp,
    pub by: Option<String>,
}

/// An earlier version of an entry: its texts, origin and collection, its change,
/// and when, by whom and how (`overwrite`, `edit`, `confirm`, `remove`) it gave
/// way.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub source: Text,
    pub target: Text,
    pub origin: String,
    pub collection: Option<String>,
    pub changed: Timestamp,
    pub changer: Option<String>,
    pub replaced: Timestamp,
    pub replacer: Option<String>,
    pub action: String,
}

/// What `tm stats --by` groups entries by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Origin,
    Collection,
}

/// Figures of the entries of one origin or collection (`tm stats --by`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GroupStats {
    /// The origin or collection (`None`: entries in no collection).
    pub name: Option<String>,
    pub entries: u64,
    /// Entries a person confirmed.
    pub confirmed: u64,
    /// Words and numbers of the sources (as the matcher counts them).
    pub words: u64,
    pub oldest: Timestamp,
    pub newest: Timestamp,
    /// By origin: what its last import recorded (file, hash, size, when).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import: Option<OriginRecord>,
}

/// The first key of the advisory lock a PostgreSQL writer holds for its
/// transaction; the second is a hash of the memory's schema, so that memories
/// kept in several schemas of one database (each connection's `search_path`)
/// have a lock each.
const WRITE_LOCK: i64 = 0x746d_7772; // "tmwr"

/// The setting that counts the write transactions committed to the memory.
const REVISION: &str = "revision";

/// Where a memory stands: the number of write transactions committed to it (by
/// this `tm` and later ones: an earlier `tm` counts none), with what an earlier
/// one's writes change too (entries, highest id, latest change, earlier
/// versions kept). Two reads with the same revision saw the same entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Revision {
    pub commits: i64,
    pub entries: i64,
    pub max_id: i64,
    pub changed: Option<i64>,
    pub versions: i64,
}

/// What changed in a memory after a revision ([`Store::changes_since`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    /// The revision asked about, and the memory's now.
    pub since: i64,
    pub revision: i64,
    /// The changes cannot be told one by one (entries were removed by a filter
    /// after `since`, or `since` is older than the feed): take the whole memory
    /// (the changes since 0, which are never a reset).
    pub reset: bool,
    /// Entries added after `since`, as they are now, in id order.
    pub added: Vec<Stored>,
    /// Entries that were there at `since` and changed after, as they are now.
    pub edited: Vec<Stored>,
    /// Entries that were there at `since` and are gone.
    pub removed: Vec<Id>,
    /// More changes follow, after entry [`Changes::next`]: ask again with it as
    /// the page's `after` (and the same `since`).
    pub more: bool,
    /// The last entry this page tells of (0 when it tells of none).
    pub next: i64,
}

/// Which part of the changes after a revision to give: those of entries after
/// `after` (an entry id; 0: from the first), at most `max` entries in all.
///
/// The changes are told in entry order, the entries that were there at `since`
/// (edited or removed) first, then those added. Pages of one `since` asked
/// while the memory changes lose nothing: an entry changed between two pages is
/// given as it is now if the later page reaches it, and in any case its change
/// comes after the revision of the first page, which the next call starts from
/// (a client applies an entry as it is now, so seeing it twice is harmless).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub after: i64,
    pub max: usize,
}

impl Page {
    /// The most entries one answer of the feed tells of by default.
    pub const MAX: usize = 1000;

    /// Everything at once.
    pub const ALL: Page = Page { after: 0, max: usize::MAX };
}

/// What a memory keeps of one server it syncs with (`tm sync`; schema version
/// 6): the server's revision pulled whole, a pull under way (the server's
/// revision at its first page, and the last server entry applied), and the
/// local revision pushed whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncState {
    /// The server's row (0: none yet).
    pub server: i64,
    pub url: String,
    pub pulled: i64,
    pub pulling: Option<i64>,
    pub pulling_after: i64,
    pub pushed: i64,
    /// The pull under way takes the server's whole memory (its feed could
    /// not tell its changes one by one): at its end, the pairings it did not
    /// see are of entries removed there.
    pub whole: bool,
}

/// A server's entry paired with a local one, with the hash of their texts at
/// their last sync.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Synced {
    pub remote: i64,
    pub local: Id,
    pub hash: i64,
}

fn sync_state_of(row: &Row<'_>) -> DbResult<SyncState> {
    Ok(SyncState {
        server: row.int(0)?,
        url: row.text(1)?,
        pulled: row.int(2)?,
        pulling: row.opt_int(3)?,
        pulling_after: row.int(4)?,
        pushed: row.int(5)?,
        whole: row.bool(6)?,
    })
}

const SYNC_COLUMNS: &str = "id, url, pulled, pulling, pulling_after, pushed, whole";

/// Counts for `tm stats`.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Stats {
    pub entries: u64,
    /// Entries by (source language, target language).
    pub languages: Vec<(String, String, u64)>,
    /// Entries by origin.
    pub origins: Vec<(String, u64)>,
    /// Entries by collection (`None`: in none).
    pub collections: Vec<(Option<String>, u64)>,
    pub oldest: Option<Timestamp>,
    pub newest: Option<Timestamp>,
    pub glossary_terms: u64,
    pub index_stems: u64,
    /// What each import of this `tm` recorded, by origin.
    pub imports: Vec<OriginRecord>,
}

fn text_of(display: String, markup: Option<String>) -> Text {
    Text { text: display, markup }
}

fn entry_from_row(row: &Row<'_>) -> DbResult<(Stored, StoredMeta)> {
    let lang = |i: usize| -> DbResult<LangTag> {
        let raw = row.text(i)?;
        LangTag::parse(&raw).ok_or_else(|| row.bad(format!("bad language tag {raw:?}")))
    };
    Ok((
        Stored {
            id: row.id(0)?,
            entry: Entry {
                source: text_of(row.text(1)?, row.opt_text(3)?),
                target: text_of(row.text(2)?, row.opt_text(4)?),
                source_lang: lang(5)?,
                target_lang: lang(6)?,
                origin: row.text(7)?,
                collection: row.opt_text(14)?,
                created: Some(Timestamp(row.int(8)?)),
                changed: Some(Timestamp(row.int(9)?)),
                creator: row.opt_text(10)?,
                changer: row.opt_text(11)?,
                confidence: row.opt_real(12)?,
                meta: Meta::default(),
            },
        },
        StoredMeta { tuid: row.opt_int(15)?, json: row.opt_text(13)? },
    ))
}

/// An entry's metadata as its row keeps it: a tuid that is a number as written
/// (most tools number their units) in the `tuid` column, where it takes 1 to 8
/// bytes against some 17 as JSON; the rest, and a tuid of any other form, as
/// JSON in `meta` (`None` when nothing is left). Memories older than the column
/// keep their tuids in the JSON, which is read as before.
#[derive(Debug, Default, PartialEq)]
struct StoredMeta {
    tuid: Option<i64>,
    json: Option<String>,
}

impl StoredMeta {
    /// How `meta` is stored.
    fn of(meta: &Meta) -> serde_json::Result<StoredMeta> {
        let tuid = meta.tuid.as_deref().and_then(|t| t.parse::<i64>().ok().filter(|n| n.to_string() == t));
        let rest;
        let json_of = match tuid {
            Some(_) => {
                rest = Meta { tuid: None, ..meta.clone() };
                &rest
            }
            None => meta,
        };
        let json = if json_of.is_empty() { None } else { Some(serde_json::to_string(json_of)?) };
        Ok(StoredMeta { tuid, json })
    }

    /// The metadata it stands for (`name` and `id` name a damaged one).
    fn parse(self, name: &str, id: Id) -> Result<Meta> {
        let mut meta: Meta = match self.json {
            None => Meta::default(),
            Some(json) => serde_json::from_str(&json).map_err(|e| Error::Damaged {
                path: name.to_string(),
                what: format!("the metadata of entry {id} ({e})"),
            })?,
        };
        if let Some(tuid) = self.tuid {
            meta.tuid = Some(tuid.to_string());
        }
        Ok(meta)
    }
}

/// Entries read by a scan at a time: a scan of the whole memory is read in
/// pages by id, so that PostgreSQL's answers (which come whole) stay small.
const SCAN_PAGE: i64 = 2000;

/// Calls `f` with each entry the filter takes, in id order (`newest_first`:
/// the reverse), until it returns `false` (for the store and for a writer,
/// which reads inside its transaction).
fn scan(
    db: &Conn,
    name: &str,
    filter: &Filter,
    newest_first: bool,
    mut f: impl FnMut(Stored) -> Result<bool>,
) -> Result<()> {
    let err = |source: DbError| Error::Database { path: name.to_string(), doing: "reading it", error: source };
    let (clause, args) = filter.sql();
    let (beyond, order) = if newest_first { ("id < ?", "DESC") } else { ("id > ?", "") };
    let and = if clause.is_empty() { " WHERE" } else { " AND" };
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM entry{clause}{and} {beyond} ORDER BY id {order} LIMIT ?");
    let mut from = if newest_first { i64::MAX } else { 0 };
    loop {
        let mut params: Vec<Param<'_>> = args.iter().map(Param::from).collect();
        params.extend([Param::Int(from), Param::Int(SCAN_PAGE)]);
        let mut page = Vec::new();
        db.each(&sql, &params, err, |row| {
            page.push(entry_from_row(row).map_err(err)?);
            Ok(true)
        })?;
        let full = page.len() as i64 == SCAN_PAGE;
        for (mut stored, meta) in page {
            from = stored.id.get() as i64;
            stored.entry.meta = meta.parse(name, stored.id)?;
            if !f(stored)? {
                return Ok(());
            }
        }
        if !full {
            return Ok(());
        }
    }
}

/// Calls `f` with the id and source hash of every entry, in id order, a page
/// at a time; returns how many there are.
fn source_hashes(db: &Conn, mut f: impl FnMut(Id, i64)) -> DbResult<u64> {
    let mut from = 0;
    let mut n = 0;
    loop {
        let page = db.all(
            "SELECT id, source_hash FROM entry WHERE id > ?1 ORDER BY id LIMIT ?2",
            args![from, SCAN_PAGE],
            |r| Ok((r.id(0)?, r.int(1)?)),
        )?;
        for &(id, hash) in &page {
            f(id, hash);
            from = id.get() as i64;
        }
        n += page.len() as u64;
        if (page.len() as i64) < SCAN_PAGE {
            return Ok(n);
        }
    }
}

/// When and by whom entry `id` was confirmed (`None`: it was not, or there is no
/// such entry).
fn confirmation(db: &Conn, id: Id) -> DbResult<Option<Confirmation>> {
    let row = db.row("SELECT confirmed, confirmer FROM entry WHERE id = ?1", args![id], |r| {
        Ok((r.opt_int(0)?, r.opt_text(1)?))
    })?;
    Ok(row.and_then(|(when, by)| Some(Confirmation { when: Timestamp(when?), by })))
}

/// Number of entries the filter takes (for the store and for a writer).
fn count(db: &Conn, filter: &Filter) -> DbResult<u64> {
    let (clause, args) = filter.sql();
    let params: Vec<Param<'_>> = args.iter().map(Param::from).collect();
    db.one(&format!("SELECT count(*) FROM entry{clause}"), &params, |r| r.int(0)).map(|n| n as u64)
}

/// A new entry, as [`Writer::insert`] adds it.
static NEW_ENTRY: Bulk = Bulk {
    insert: "INSERT INTO entry (source, target, source_markup, target_markup, source_lang, target_lang, origin_id, \
             created, changed, creator, changer, confidence, meta, source_hash, length, collection, id, tuid) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    copy: "COPY entry (source, target, source_markup, target_markup, source_lang, target_lang, origin_id, \
           created, changed, creator, changer, confidence, meta, source_hash, length, collection, id, tuid) \
           FROM STDIN BINARY",
    types: &[
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::FLOAT8,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
    ],
};

/// Stems looked up or added by one statement when a chunk is written (two
/// parameters each).
const STEMS_PER_STATEMENT: usize = 10_000;

/// Most stems merged together ([`Writer::merge_postings`]; a parameter each).
/// The unit tests take small batches, so that their memories merge in many.
const STEMS_PER_MERGE: usize = if cfg!(test) { 16 } else { 1024 };
/// Most postings, by the stems' frequencies, held by a merge at a time (16
/// bytes each), but for a stem alone that has more.
const POSTINGS_PER_MERGE: i64 = if cfg!(test) { 40 } else { 1 << 21 };

/// A posting row's band as the index numbers bands (a value out of their range,
/// which only damage gives, reads as the band of the longest entries: its
/// postings carry their lengths).
fn band_of(band: i64) -> u8 {
    u8::try_from(band).unwrap_or(u8::MAX)
}

/// `?first, ?first+1, …`: `n` numbered parameters.
fn numbered_parameters(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
}

/// A posting list of a chunk, as [`Writer::flush`] adds it.
static NEW_POSTING: Bulk = Bulk {
    insert: "INSERT INTO posting (stem, band, chunk, ids) VALUES (?1, ?2, ?3, ?4)",
    copy: "COPY posting (stem, band, chunk, ids) FROM STDIN BINARY",
    types: &[Type::INT8, Type::INT8, Type::INT8, Type::BYTEA],
};

/// Rows read at a time when a memory is copied whole.
const COPY_PAGE: i64 = 5000;
/// Most parameters of one statement that writes copied rows (SQLite takes
/// 32,766, PostgreSQL 65,535).
const COPY_PARAMETERS: usize = 30_000;

/// How many rows each table of the memory holds, in [`schema::TABLES`]'s order.
fn table_rows(db: &Conn) -> DbResult<Vec<(&'static str, u64)>> {
    schema::TABLES
        .iter()
        .map(|t| Ok((t.name, db.one(&format!("SELECT count(*) FROM {}", t.name), args![], |r| r.int(0))? as u64)))
        .collect()
}

/// Writes `rows` of `table` into `db`, many rows a statement.
fn insert_rows(db: &Conn, table: &schema::Table, rows: &[Vec<Value>]) -> DbResult<()> {
    let width = table.columns.len();
    let per_statement = (COPY_PARAMETERS / width).max(1);
    for batch in rows.chunks(per_statement) {
        let tuples: Vec<String> = (0..batch.len())
            .map(|r| {
                let params: Vec<String> = (1..=width).map(|c| format!("?{}", r * width + c)).collect();
                format!("({})", params.join(", "))
            })
            .collect();
        let sql = format!("INSERT INTO {} ({}) VALUES {}", table.name, table.columns.join(", "), tuples.join(", "));
        let params: Vec<Param<'_>> = batch.iter().flatten().map(Param::from).collect();
        db.execute(&sql, &params)?;
    }
    Ok(())
}

/// Copies every row of `table` from `from` into `to` in pages by key; calls
/// `done` with the rows of each page.
fn copy_table(from: &Conn, to: &Conn, table: &schema::Table, done: &mut dyn FnMut(u64)) -> DbResult<()> {
    let columns = table.columns.join(", ");
    let key = table.columns[..table.key].join(", ");
    let after: Vec<String> = (1..=table.key).map(|i| format!("?{i}")).collect();
    let first = format!("SELECT {columns} FROM {} ORDER BY {key} LIMIT ?1", table.name);
    let next = format!(
        "SELECT {columns} FROM {} WHERE ({key}) > ({}) ORDER BY {key} LIMIT ?{}",
        table.name,
        after.join(", "),
        table.key + 1
    );
    let mut last: Option<Vec<Value>> = None;
    loop {
        let page = match &last {
            None => from.all(&first, args![COPY_PAGE], |r| (0..table.columns.len()).map(|i| r.value(i)).collect())?,
            Some(key) => {
                let mut params: Vec<Param<'_>> = key.iter().map(Param::from).collect();
                params.push(Param::Int(COPY_PAGE));
                from.all(&next, &params, |r| (0..table.columns.len()).map(|i| r.value(i)).collect())?
            }
        };
        insert_rows(to, table, &page)?;
        done(page.len() as u64);
        if (page.len() as i64) < COPY_PAGE {
            break;
        }
        last = page.last().map(|row: &Vec<Value>| row[..table.key].to_vec());
    }
    if table.assigned_id && to.engine() == Engine::Postgres {
        let id = table.columns[0];
        to.one(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{0}', '{id}'), (SELECT coalesce(max({id}), 0) + 1 FROM {0}), false)",
                table.name
            ),
            args![],
            |r| r.int(0),
        )?;
    }
    Ok(())
}

/// How long connecting to a PostgreSQL server may take unless its URL says
/// (`connect_timeout`).
const PG_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether `name` is a PostgreSQL connection URL (`postgresql://` or
/// `postgres://`) rather than a file's path.
pub fn is_postgres(name: &str) -> bool {
    name.starts_with("postgresql://") || name.starts_with("postgres://")
}

/// A connection URL as messages show it: without its password (of the user
/// part or of a `password=` parameter).
pub fn redact(url: &str) -> String {
    let (head, query) = url.split_once('?').map_or((url, None), |(head, query)| (head, Some(query)));
    let head = match head.split_once("://") {
        Some((scheme, rest)) => {
            let end = rest.find('/').unwrap_or(rest.len());
            match rest[..end].rfind('@') {
                Some(at) => {
                    let user = &rest[..at];
                    let user = user.split_once(':').map_or(user, |(user, _)| user);
                    format!("{scheme}://{user}@{}", &rest[at + 1..])
                }
                None => head.to_string(),
            }
        }
        None => head.to_string(),
    };
    let kept: Vec<&str> =
        query.into_iter().flat_map(|q| q.split('&')).filter(|p| !p.starts_with("password=")).collect();
    if kept.is_empty() { head } else { format!("{head}?{}", kept.join("&")) }
}

/// The error code of a SQLite failure.
fn code(e: &rusqlite::Error) -> Option<ErrorCode> {
    e.sqlite_error_code()
}

/// `path` as a SQLite URI (`file:` and the path, its bytes outside a safe set
/// percent-encoded), for opening with URI parameters.
fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// The write-ahead log beside the database `path`.
fn log_of(path: &Path) -> PathBuf {
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    PathBuf::from(log)
}

impl Store {
    /// Opens the database at `path` as `open` says and brings its schema up to
    /// date (a read-only store only checks it). Returns the store and whether the
    /// database is new.
    pub fn open(path: &Path, open: Open) -> Result<(Store, bool)> {
        if let Some(url) = path.to_str().filter(|p| is_postgres(p)) {
            return Store::open_postgres(url, open);
        }
        let name = path.display().to_string();
        let db =
            |source: rusqlite::Error| Error::Database { path: name.clone(), doing: "opening it", error: source.into() };
        let conn = match open.access {
            Access::Read => Store::connect_read_only(path, &name, open.wait)?,
            Access::Write | Access::Create => {
                let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                if open.access == Access::Create {
                    flags |= OpenFlags::SQLITE_OPEN_CREATE;
                }
                let conn = Connection::open_with_flags(path, flags).map_err(|e| match code(&e) {
                    Some(ErrorCode::CannotOpen) if !path.exists() => Error::NoMemory { path: name.clone() },
                    _ => db(e),
                })?;
                conn.busy_timeout(open.wait).map_err(db)?;
                conn
            }
        };
        Store::setup(conn, name, Some(path.to_path_buf()), open).map_err(|e| match e {
            // A file or directory that cannot be written (SQLite opens such a file
            // read-only, and says so at the first statement).
            Error::Database { path, error, .. } if error.sqlite_code() == Some(ErrorCode::ReadOnly) => {
                Error::ReadOnly { path }
            }
            e => e,
        })
    }

    /// Connects to the PostgreSQL database at `url` as `open` says and brings
    /// the memory's schema up to date (a read-only store only checks it). The
    /// database must exist; the memory's tables are made in it (in the schema
    /// the connection's `search_path` names first) by the first connection that
    /// may write. A read-only store's connection refuses every write
    /// (`default_transaction_read_only`). Returns the store and whether the
    /// memory is new.
    fn open_postgres(url: &str, open: Open) -> Result<(Store, bool)> {
        let name = redact(url);
        let err = |doing: &'static str| move |error: DbError| Error::Database { path: redact(url), doing, error };
        let client = super::sql::pg_connect(url, PG_CONNECT_TIMEOUT, "tm").map_err(err("connecting to it"))?;
        let db = Conn::Postgres(Box::new(std::cell::RefCell::new(super::sql::Pg::new(client))));
        let path = Some(PathBuf::from(url));
        if open.access == Access::Read {
            let found = schema::pg_version(&db, &name)?;
            if found == 0 {
                return Err(Error::NotAMemory { path: name });
            }
            schema::check(found, &name)?;
            if found < schema::VERSION {
                schema::pg_migrate(&db, &name)?;
            }
            db.batch("SET default_transaction_read_only = on").map_err(err("opening it"))?;
            return Ok((Store { db, name, path, open }, false));
        }
        let before = schema::pg_migrate(&db, &name)?;
        Ok((Store { db, name, path, open }, before == 0))
    }

    /// A store in memory, for tests.
    pub fn open_in_memory() -> Result<(Store, bool)> {
        let conn = Connection::open_in_memory().map_err(|source: rusqlite::Error| Error::Database {
            path: ":memory:".into(),
            doing: "opening it",
            error: source.into(),
        })?;
        Store::setup(conn, ":memory:".into(), None, Open::new(Access::Create))
    }

    /// A read-only connection: the file as it is, or, where its log and shared
    /// memory cannot be made (a read-only file system) and there is no log to
    /// replay, the file as immutable.
    fn connect_read_only(path: &Path, name: &str, wait: Duration) -> Result<Connection> {
        let db = |source: rusqlite::Error| Error::Database {
            path: name.to_string(),
            doing: "opening it",
            error: source.into(),
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| match code(&e) {
            Some(ErrorCode::CannotOpen) if !path.exists() => Error::NoMemory { path: name.to_string() },
            _ => db(e),
        })?;
        conn.busy_timeout(wait).map_err(db)?;
        // The first read opens the log's shared memory, which a read-only
        // directory may not let SQLite create.
        match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
            Ok(_) => Ok(conn),
            Err(e)
                if matches!(code(&e), Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)) && !log_of(path).exists() =>
            {
                drop(conn);
                let uri = format!("{}?immutable=1", file_uri(path));
                let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI).map_err(db)?;
                conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).map_err(db)?;
                Ok(conn)
            }
            Err(e) => Err(db(e)),
        }
    }

    fn setup(mut conn: Connection, name: String, path: Option<PathBuf>, open: Open) -> Result<(Store, bool)> {
        let db =
            |source: rusqlite::Error| Error::Database { path: name.clone(), doing: "opening it", error: source.into() };
        conn.busy_timeout(open.wait).map_err(db)?;
        conn.pragma_update(None, "cache_size", -READ_CACHE_KIB).map_err(db)?;
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(db)?;
        conn.pragma_update(None, "mmap_size", MMAP_BYTES).map_err(db)?;
        if open.access == Access::Read {
            let found = schema::version(&conn, &name)?;
            if found == 0 {
                return Err(Error::NotAMemory { path: name });
            }
            if found < schema::VERSION {
                // An older memory: migrated by a connection that may write (the
                // file must exist), then read as it is.
                let path = path.clone().unwrap_or_default();
                drop(conn);
                return Store::open(&path, Open { access: Access::Write, ..open });
            }
            schema::check(found, &name)?;
            return Ok((Store { db: Conn::Sqlite(conn), name, path, open }, false));
        }
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(db)?;
        conn.pragma_update(None, "journal_size_limit", LOG_LIMIT_BYTES).map_err(db)?;
        // Taken by a new memory only: a database keeps the page size it was made with.
        conn.pragma_update(None, "page_size", PAGE_BYTES).map_err(db)?;
        if path.is_some() {
            Store::use_log(&conn, &name, open.wait)?;
        }
        let before = schema::migrate(&mut conn, &name)?;
        Ok((Store { db: Conn::Sqlite(conn), name, path, open }, before == 0))
    }

    /// Puts the database in write-ahead log mode, unless it is already (it stays
    /// so: the mode is kept in the file). The switch needs the file to itself, for
    /// a moment: while another connection holds it, it is tried again until `wait`
    /// is over.
    fn use_log(conn: &Connection, name: &str, wait: Duration) -> Result<()> {
        let db = |source: rusqlite::Error| Error::Database {
            path: name.to_string(),
            doing: "opening it",
            error: source.into(),
        };
        let mode =
            |conn: &Connection| -> rusqlite::Result<String> { conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)) };
        if mode(conn).map_err(db)?.eq_ignore_ascii_case("wal") {
            return Ok(());
        }
        let started = Instant::now();
        loop {
            match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
                Ok(now) if now.eq_ignore_ascii_case("wal") => return Ok(()),
                // Refused without a lock in the way: a file system without shared memory.
                Ok(mode) => return Err(Error::NoLog { path: name.to_string(), mode }),
                Err(e) if matches!(code(&e), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)) => {
                    if started.elapsed() >= wait {
                        return Err(Error::Busy { path: name.to_string(), waited: wait });
                    }
                }
                Err(e) => return Err(db(e)),
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// How the store was opened.
    pub fn opened_as(&self) -> Open {
        self.open
    }

    /// The engine the memory is on.
    pub fn engine(&self) -> Engine {
        self.db.engine()
    }

    fn err(&self, source: DbError) -> Error {
        Error::Database { path: self.name.clone(), doing: "reading it", error: source }
    }

    fn damaged(&self, what: String) -> Error {
        Error::Damaged { path: self.name.clone(), what }
    }

    /// The database path, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where to open the memory again: the database file, or the PostgreSQL
    /// URL (`None` for a store in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The bytes the memory takes, and its write-ahead log's: SQLite's files;
    /// on PostgreSQL, its tables with their indexes and storage (no log of its
    /// own). 0 for a store in memory.
    pub fn bytes(&self) -> Result<(u64, u64)> {
        if self.engine() == Engine::Postgres {
            let tables =
                schema::TABLES.iter().map(|t| format!("pg_total_relation_size('{}')", t.name)).collect::<Vec<_>>();
            let sql = format!("SELECT CAST({} AS BIGINT)", tables.join(" + "));
            return Ok((self.db.one(&sql, args![], |r| r.int(0)).map_err(|e| self.err(e))? as u64, 0));
        }
        let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        Ok(self.path.as_deref().map_or((0, 0), |p| (size(p), size(&log_of(p)))))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.db.row("SELECT value FROM setting WHERE key = ?1", args![key], |r| r.text(0)).map_err(|e| self.err(e))
    }

    /// Rewrites the database without its free space and checks it: returns what
    /// the check found wrong (nothing: sound). SQLite: `VACUUM`, the write-ahead
    /// log emptied as far as readers allow, `PRAGMA integrity_check`; waits for
    /// writers as a write does. PostgreSQL: `VACUUM (ANALYZE)` of the memory's
    /// tables (readers and writers go on meanwhile); its own checks are the
    /// server's.
    pub fn vacuum(&mut self) -> Result<Vec<String>> {
        let e = |err| Error::Database { path: self.name.clone(), doing: "compacting it", error: err };
        if self.engine() == Engine::Postgres {
            // The memory's tables only: other schemas' memories and other
            // tables of the database are not this command's.
            let tables: Vec<&str> = schema::TABLES.iter().map(|t| t.name).collect();
            self.db.batch(&format!("VACUUM (ANALYZE) {}", tables.join(", "))).map_err(e)?;
            return Ok(Vec::new());
        }
        self.db.batch("VACUUM").map_err(e)?;
        if self.path.is_some() {
            self.db.row("PRAGMA wal_checkpoint(TRUNCATE)", args![], |_| Ok(())).map_err(e)?;
        }
        self.db.batch("PRAGMA optimize").map_err(e)?;
        let found = self.db.all("PRAGMA integrity_check", args![], |r| r.text(0)).map_err(e)?;
        Ok(found.into_iter().filter(|line| line != "ok").collect())
    }

    /// Starts a write transaction, taking the write lock at once: while another
    /// connection writes, it waits (and tries again) for at most [`Open::wait`],
    /// then fails with [`Error::Busy`].
    pub fn write(&mut self) -> Result<Writer<'_>> {
        self.write_or_wait(&mut |_| {})
    }

    /// [`Store::write`], calling `waiting` (with why, for people) before it waits
    /// for another connection's write lock.
    pub fn write_or_wait(&mut self, waiting: &mut dyn FnMut(&str)) -> Result<Writer<'_>> {
        let name = self.name.clone();
        if self.open.access == Access::Read {
            return Err(Error::ReadOnly { path: name });
        }
        match &self.db {
            Conn::Sqlite(conn) => {
                Store::begin_sqlite(conn, &name, self.open.wait, waiting)?;
                set_cache(&self.db, WRITE_CACHE_KIB);
            }
            Conn::Postgres(_) => Store::begin_postgres(&self.db, &name, self.open.wait, waiting)?,
        }
        Ok(Writer {
            db: &self.db,
            name,
            postings: PostingBuffer::default(),
            removed: 0,
            next_id: None,
            origins: Default::default(),
            open: true,
        })
    }

    /// `BEGIN IMMEDIATE`, waiting for another connection's write lock.
    fn begin_sqlite(conn: &Connection, name: &str, wait: Duration, waiting: &mut dyn FnMut(&str)) -> Result<()> {
        let err = |source: rusqlite::Error| Error::Database {
            path: name.to_string(),
            doing: "starting to write to it",
            error: source.into(),
        };
        // One try without waiting, to know whether to say so (given up at once
        // when it succeeds: the transaction proper begins below).
        conn.busy_timeout(Duration::ZERO).map_err(err)?;
        let first = conn.execute_batch("BEGIN IMMEDIATE").and_then(|()| conn.execute_batch("ROLLBACK"));
        conn.busy_timeout(wait).map_err(err)?;
        if let Err(e) = first
            && matches!(code(&e), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
        {
            waiting(&format!(
                "{name}: another tm is writing to this memory; waiting for it to finish (at most {} s)",
                wait.as_secs()
            ));
        }
        let started = Instant::now();
        // SQLite's busy handler waits out the lock; a busy answer it does not wait
        // for (a log being recovered) is tried again here, up to the same deadline.
        loop {
            match conn.execute_batch("BEGIN IMMEDIATE") {
                Ok(()) => return Ok(()),
                Err(e) => match code(&e) {
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) if started.elapsed() < wait => {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                        return Err(Error::Busy { path: name.to_string(), waited: wait });
                    }
                    Some(ErrorCode::ReadOnly) => return Err(Error::ReadOnly { path: name.to_string() }),
                    _ => return Err(err(e)),
                },
            }
        }
    }

    /// `BEGIN`, then the memory's write lock (an advisory lock of the
    /// transaction: writers take their turn, readers never wait), waiting for
    /// another connection's for at most `wait`.
    fn begin_postgres(db: &Conn, name: &str, wait: Duration, waiting: &mut dyn FnMut(&str)) -> Result<()> {
        let err = |source: DbError| Error::Database {
            path: name.to_string(),
            doing: "starting to write to it",
            error: source,
        };
        db.batch("BEGIN").map_err(err)?;
        let taken = (|| {
            if db.one("SELECT pg_try_advisory_xact_lock(?1, hashtext(current_schema()))", args![WRITE_LOCK], |r| {
                r.bool(0)
            })? {
                return Ok(true);
            }
            waiting(&format!(
                "{name}: another tm is writing to this memory; waiting for it to finish (at most {} s)",
                wait.as_secs()
            ));
            db.batch(&format!("SET LOCAL lock_timeout = {}", wait.as_millis().max(1)))?;
            match db.execute("SELECT pg_advisory_xact_lock(?1, hashtext(current_schema()))", args![WRITE_LOCK]) {
                Ok(_) => Ok(true),
                Err(e) if e.sqlstate() == Some("55P03") => Ok(false),
                Err(e) => Err(e),
            }
        })();
        match taken {
            Ok(true) => Ok(()),
            Ok(false) => {
                db.batch("ROLLBACK").map_err(err)?;
                Err(Error::Busy { path: name.to_string(), waited: wait })
            }
            Err(e) => {
                let _ = db.batch("ROLLBACK");
                Err(err(e))
            }
        }
    }

    /// Id and document frequency of each stem in the index (`None`: no entry has it).
    pub fn stems(&self, stems: &[String]) -> Result<Vec<Option<(i64, u64)>>> {
        stems
            .iter()
            .map(|t| {
                self.db
                    .row("SELECT id, df FROM stem WHERE text = ?1", args![t], |r| Ok((r.int(0)?, r.int(1)? as u64)))
                    .map_err(|e| self.err(e))
            })
            .collect()
    }

    /// Calls `f` with every posting of a stem: in increasing id order within a
    /// chunk, chunks in no set order. (Asking SQLite for chunk order here made it
    /// prepare the statement again at every call.)
    pub fn postings(&self, stem: i64, f: impl FnMut(Posting)) -> Result<()> {
        self.postings_of_lengths(stem, (0, 255), f)
    }

    /// [`Store::postings`] of the entries whose lengths are in the bands that
    /// hold `lengths` (from, to: inclusive) and in the band of 255 words or more
    /// ([`index::bands`]): a few postings of other lengths may come too.
    pub fn postings_of_lengths(&self, stem: i64, lengths: (u32, u32), mut f: impl FnMut(Posting)) -> Result<()> {
        let (first, last, longest) = index::bands(lengths.0, lengths.1);
        self.db.each(
            "SELECT band, ids FROM posting WHERE stem = ?1 AND (band BETWEEN ?2 AND ?3 OR band = ?4)",
            args![stem, first, last, longest],
            |e| self.err(e),
            |row| {
                let band = band_of(row.int(0).map_err(|e| self.err(e))?);
                let blob = row.blob(1).map_err(|e| self.err(e))?;
                if !index::decode(blob, band, &mut f) {
                    return Err(self.damaged(format!("the index of stem {stem}")));
                }
                Ok(true)
            },
        )
    }

    /// Runs `f` in one read transaction: its statements see one state of the
    /// memory and take the database's locks once.
    pub fn reading<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let begin = match self.engine() {
            Engine::Sqlite => "BEGIN",
            Engine::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        self.db.batch(begin).map_err(|e| self.err(e))?;
        let out = f();
        let end = self.db.batch(if out.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let out = out?;
        end.map_err(|e| self.err(e))?;
        Ok(out)
    }

    /// The highest entry id (0 for an empty memory).
    pub fn max_id(&self) -> Result<Id> {
        self.db.one("SELECT coalesce(max(id), 0) FROM entry", args![], |r| r.id(0)).map_err(|e| self.err(e))
    }

    /// What the matcher needs of an entry: its source, its target as shown, and
    /// its origin.
    pub fn candidate(&self, id: Id) -> Result<Option<Candidate>> {
        self.db
            .row(
                "SELECT source, source_markup, target, origin_id, collection, confirmed IS NOT NULL, \
                 target_markup FROM entry WHERE id = ?1",
                args![id],
                |r| {
                    let target_markup = r.opt_text(6)?;
                    Ok(Candidate {
                        source: text_of(r.text(0)?, r.opt_text(1)?),
                        target: r.text(2)?,
                        target_codes: target_markup.as_deref().map_or(0, crate::entry::markup::code_count),
                        origin_id: r.int(3)?,
                        collection: r.opt_text(4)?,
                        confirmed: r.bool(5)?,
                    })
                },
            )
            .map_err(|e| self.err(e))
    }

    /// The name of origin number `id` (`None` for a number no origin has).
    pub fn origin_name(&self, id: i64) -> Result<Option<String>> {
        self.db.row("SELECT name FROM origin_name WHERE id = ?1", args![id], |r| r.text(0)).map_err(|e| self.err(e))
    }

    /// Full entries by id (missing ids are left out).
    pub fn entries(&self, ids: &[Id]) -> Result<Vec<Stored>> {
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM entry WHERE id = ?1");
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            if let Some((mut stored, meta)) = self.db.row(&sql, args![id], entry_from_row).map_err(|e| self.err(e))? {
                stored.entry.meta = meta.parse(&self.name, stored.id)?;
                out.push(stored);
            }
        }
        Ok(out)
    }

    /// Calls `f` with each entry the filter takes, in id order.
    pub fn scan(&self, filter: &Filter, mut f: impl FnMut(Stored) -> Result<()>) -> Result<()> {
        scan(&self.db, &self.name, filter, false, |s| f(s).map(|()| true))
    }

    /// Whether the memory holds no entry and no glossary term.
    pub fn is_empty(&self) -> Result<bool> {
        self.db
            .one("SELECT NOT EXISTS (SELECT 1 FROM entry) AND NOT EXISTS (SELECT 1 FROM glossary)", args![], |r| {
                r.bool(0)
            })
            .map_err(|e| self.err(e))
    }

    /// Calls `f` with each entry, newest (highest id) first, until it returns
    /// `false`.
    pub fn scan_newest_first(&self, f: impl FnMut(Stored) -> Result<bool>) -> Result<()> {
        scan(&self.db, &self.name, &Filter::default(), true, f)
    }

    /// Where the memory stands now ([`Revision`]): one statement, so one
    /// snapshot (inside [`Store::reading`], the snapshot of that read).
    pub fn revision(&self) -> Result<Revision> {
        let sql = "SELECT (SELECT value FROM setting WHERE key = ?1), count(*), coalesce(max(id), 0), max(changed), \
                   (SELECT count(*) FROM entry_version) FROM entry";
        let (commits, entries, max_id, changed, versions) = self
            .db
            .one(sql, args![REVISION], |r| Ok((r.opt_text(0)?, r.int(1)?, r.int(2)?, r.opt_int(3)?, r.int(4)?)))
            .map_err(|e| self.err(e))?;
        let commits = match commits {
            None => 0,
            Some(v) => v.parse().map_err(|_| self.damaged(format!("the setting {REVISION} ({v:?})")))?,
        };
        Ok(Revision { commits, entries, max_id, changed, versions })
    }

    /// What changed after revision `since` (0: since the memory was made), in
    /// one read. `None` if the memory has not got so far.
    pub fn changes_since(&self, since: i64, page: Page) -> Result<Option<Changes>> {
        self.reading(|| {
            let e = |err| self.err(err);
            let revision = self.revision()?.commits;
            if since > revision || since < 0 {
                return Ok(None);
            }
            let mut changes = Changes { since, revision, ..Changes::default() };
            let first = self.db.one("SELECT min(number) FROM revision", args![], |r| r.opt_int(0)).map_err(e)?;
            let base: Option<(i64, i64)> = if since == 0 {
                Some((0, 0))
            } else {
                self.db
                    .row("SELECT max_entry, max_version FROM revision WHERE number = ?1", args![since], |r| {
                        Ok((r.int(0)?, r.int(1)?))
                    })
                    .map_err(e)?
            };
            let removed = self
                .db
                .one(
                    "SELECT CAST(coalesce(sum(removed), 0) AS BIGINT) FROM revision WHERE number > ?1",
                    args![since],
                    |r| r.int(0),
                )
                .map_err(e)?;
            // Commits before the feed was kept (a memory of an earlier tm) are not in it.
            let unrecorded = since < revision && first.is_none_or(|f| f > since + 1);
            // Since 0 is every entry there, added: never a reset.
            let Some((max_entry, max_version)) = base.filter(|_| since == 0 || (removed == 0 && !unrecorded)) else {
                changes.reset = true;
                return Ok(Some(changes));
            };
            // One more than the page holds says whether more follow.
            let limit = i64::try_from(page.max.saturating_add(1)).unwrap_or(i64::MAX);
            let mut touched: Vec<Id> = self
                .db
                .all(
                    "SELECT DISTINCT entry FROM entry_version WHERE id > ?1 AND entry <= ?2 AND entry > ?3 \
                     ORDER BY entry LIMIT ?4",
                    args![max_version, max_entry, page.after, limit],
                    |r| r.id(0),
                )
                .map_err(e)?;
            if touched.len() > page.max {
                touched.truncate(page.max);
                changes.more = true;
            } else {
                let room = i64::try_from(page.max - touched.len()).unwrap_or(i64::MAX).saturating_add(1);
                let sql = format!("SELECT {ENTRY_COLUMNS} FROM entry WHERE id > ?1 ORDER BY id LIMIT ?2");
                let added = self.db.all(&sql, args![max_entry.max(page.after), room], entry_from_row).map_err(e)?;
                for (mut stored, meta) in added {
                    stored.entry.meta = meta.parse(&self.name, stored.id)?;
                    changes.added.push(stored);
                }
                if changes.added.len() + touched.len() > page.max {
                    changes.added.pop();
                    changes.more = true;
                }
            }
            changes.next =
                changes.added.last().map(|s| s.id).or(touched.last().copied()).map_or(0, |id| id.get() as i64);
            // `entries` gives those still there, in the order asked.
            let mut now = self.entries(&touched)?.into_iter().peekable();
            for id in touched {
                match now.next_if(|s| s.id == id) {
                    Some(stored) => changes.edited.push(stored),
                    None => changes.removed.push(id),
                }
            }
            Ok(Some(changes))
        })
    }

    /// What the memory keeps of its syncs with the server at `url` (none yet:
    /// the state of a first sync, server 0).
    pub fn sync_state(&self, url: &str) -> Result<SyncState> {
        let sql = format!("SELECT {SYNC_COLUMNS} FROM sync_server WHERE url = ?1");
        let found = self.db.row(&sql, args![url], sync_state_of).map_err(|e| self.err(e))?;
        Ok(found.unwrap_or_else(|| SyncState { url: url.to_string(), ..SyncState::default() }))
    }

    /// The server entry paired with local entry `local` in syncs with `server`.
    pub fn synced_local(&self, server: i64, local: Id) -> Result<Option<Synced>> {
        self.db
            .row("SELECT remote, hash FROM sync_entry WHERE server = ?1 AND local = ?2", args![server, local], |r| {
                Ok(Synced { remote: r.int(0)?, local, hash: r.int(1)? })
            })
            .map_err(|e| self.err(e))
    }

    /// Number of entries the filter takes.
    pub fn count(&self, filter: &Filter) -> Result<u64> {
        count(&self.db, filter).map_err(|e| self.err(e))
    }

    pub fn stats(&self) -> Result<Stats> {
        let e = |err| self.err(err);
        let mut stats = Stats { entries: self.count(&Filter::default())?, ..Stats::default() };
        stats.languages = self
            .db
            .all(
                "SELECT source_lang, target_lang, count(*) FROM entry GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2",
                args![],
                |r| Ok((r.text(0)?, r.text(1)?, r.int(2)? as u64)),
            )
            .map_err(e)?;
        stats.origins = self
            .db
            .all(
                "SELECT origin_name.name, count(*) FROM entry JOIN origin_name ON origin_name.id = entry.origin_id \
                 GROUP BY origin_name.id ORDER BY 2 DESC, 1",
                args![],
                |r| Ok((r.text(0)?, r.int(1)? as u64)),
            )
            .map_err(e)?;
        stats.collections = self
            .db
            .all("SELECT collection, count(*) FROM entry GROUP BY 1 ORDER BY 2 DESC, 1 NULLS FIRST", args![], |r| {
                Ok((r.opt_text(0)?, r.int(1)? as u64))
            })
            .map_err(e)?;
        let (oldest, newest) = self
            .db
            .one("SELECT min(created), max(changed) FROM entry", args![], |r| Ok((r.opt_int(0)?, r.opt_int(1)?)))
            .map_err(e)?;
        stats.oldest = oldest.map(Timestamp);
        stats.newest = newest.map(Timestamp);
        stats.glossary_terms = self.db.one("SELECT count(*) FROM glossary", args![], |r| r.int(0)).map_err(e)? as u64;
        stats.index_stems = self.db.one("SELECT count(*) FROM stem", args![], |r| r.int(0)).map_err(e)? as u64;
        stats.imports = self.imports()?;
        Ok(stats)
    }

    /// What each import recorded, by origin name.
    fn imports(&self) -> Result<Vec<OriginRecord>> {
        self.db
            .all("SELECT name, path, hash, bytes, collection, imported FROM origin ORDER BY name", args![], |r| {
                Ok(OriginRecord {
                    name: r.text(0)?,
                    path: r.opt_text(1)?,
                    hash: r.opt_text(2)?,
                    bytes: r.opt_int(3)?.map(|b| b as u64),
                    collection: r.opt_text(4)?,
                    imported: Timestamp(r.int(5)?),
                })
            })
            .map_err(|e| self.err(e))
    }

    /// Figures per origin or per collection, most entries first.
    pub fn stats_by(&self, by: GroupBy) -> Result<Vec<GroupStats>> {
        let (column, group) = match by {
            GroupBy::Origin => (origin_name!(), "origin_id"),
            GroupBy::Collection => ("collection", "collection"),
        };
        let sql = format!(
            "SELECT {column}, count(*), count(confirmed), CAST(sum(length) AS BIGINT), min(created), max(changed) \
             FROM entry GROUP BY {group} ORDER BY 2 DESC, 1 NULLS FIRST"
        );
        let mut groups = self
            .db
            .all(&sql, args![], |r| {
                Ok(GroupStats {
                    name: r.opt_text(0)?,
                    entries: r.int(1)? as u64,
                    confirmed: r.int(2)? as u64,
                    words: r.int(3)? as u64,
                    oldest: Timestamp(r.int(4)?),
                    newest: Timestamp(r.int(5)?),
                    import: None,
                })
            })
            .map_err(|e| self.err(e))?;
        if by == GroupBy::Origin {
            let imports = self.imports()?;
            for group in &mut groups {
                group.import = imports.iter().find(|i| Some(&i.name) == group.name.as_ref()).cloned();
            }
        }
        Ok(groups)
    }

    /// When and by whom entry `id` was confirmed (`None`: it was not, or there is
    /// no such entry).
    pub fn confirmation(&self, id: Id) -> Result<Option<Confirmation>> {
        confirmation(&self.db, id).map_err(|e| self.err(e))
    }

    /// The earlier versions of entry `id` (also of a removed one), oldest first.
    pub fn versions(&self, id: Id) -> Result<Vec<Version>> {
        self.db
            .all(
                "SELECT source, source_markup, target, target_markup, origin, collection, changed, changer, \
                 replaced, replacer, action FROM entry_version WHERE entry = ?1 ORDER BY id",
                args![id],
                |r| {
                    Ok(Version {
                        source: text_of(r.text(0)?, r.opt_text(1)?),
                        target: text_of(r.text(2)?, r.opt_text(3)?),
                        origin: r.text(4)?,
                        collection: r.opt_text(5)?,
                        changed: Timestamp(r.int(6)?),
                        changer: r.opt_text(7)?,
                        replaced: Timestamp(r.int(8)?),
                        replacer: r.opt_text(9)?,
                        action: r.text(10)?,
                    })
                },
            )
            .map_err(|e| self.err(e))
    }

    /// How many rows each table of the memory holds ([`schema::TABLES`]).
    pub fn table_rows(&self) -> Result<Vec<(&'static str, u64)>> {
        table_rows(&self.db).map_err(|e| self.err(e))
    }

    /// Copies every row of this memory into `to`, a memory that holds nothing
    /// yet (its settings are replaced by this one's), as one read of this
    /// memory; `done` is called with the rows of each page copied. Returns the
    /// rows of each table, which `to` then holds too (checked before anything
    /// is committed).
    pub fn copy_into(&self, to: &Writer<'_>, done: &mut dyn FnMut(u64)) -> Result<Vec<(&'static str, u64)>> {
        self.reading(|| {
            let counts = self.table_rows()?;
            let held = to.table_rows()?;
            // A memory just made holds its settings and the revision that set
            // them: those give way to this memory's.
            if let Some((table, n)) = held.iter().find(|(t, n)| !["setting", "revision"].contains(t) && *n > 0) {
                return Err(Error::NotEmpty { path: to.name.clone(), what: format!("{n} rows of {table}") });
            }
            to.db.batch("DELETE FROM setting; DELETE FROM revision").map_err(|e| to.err(e))?;
            for table in schema::TABLES {
                copy_table(&self.db, to.db, table, done).map_err(|error| Error::Database {
                    path: format!("{} → {}", self.name, to.name),
                    doing: "copying the memory",
                    error,
                })?;
            }
            let copied = to.table_rows()?;
            for ((table, n), (_, got)) in counts.iter().zip(&copied) {
                if n != got {
                    return Err(Error::Damaged {
                        path: to.name.clone(),
                        what: format!("the copy: {got} rows of {table} where {} holds {n}", self.name),
                    });
                }
            }
            Ok(counts)
        })
    }

    /// Every glossary term.
    pub fn glossary(&self) -> Result<Vec<Term>> {
        let rows = self
            .db
            .all("SELECT id, rendering, variants, note, origin, forbidden FROM glossary ORDER BY id", args![], |r| {
                Ok((r.int(0)?, r.text(1)?, r.text(2)?, r.opt_text(3)?, r.text(4)?, r.text(5)?))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for (id, rendering, variants, note, origin, forbidden) in rows {
            let list = |json: &str| -> Result<Vec<String>> {
                serde_json::from_str(json).map_err(|err| self.damaged(format!("glossary term {id} ({err})")))
            };
            out.push(Term { rendering, variants: list(&variants)?, note, origin, forbidden: list(&forbidden)? });
        }
        Ok(out)
    }
}

/// A write transaction. Dropping it without [`Writer::commit`] rolls everything back.
pub struct Writer<'s> {
    db: &'s Conn,
    name: String,
    /// Postings not yet written (stem ids are looked up at flush).
    postings: PostingBuffer,
    /// Entries removed by a filter (not one by one): the change feed counts them.
    removed: u64,
    /// The id the next new entry gets, once the first is stored.
    next_id: Option<i64>,
    /// Origin numbers by name, as looked up or given in this transaction.
    origins: std::collections::HashMap<String, i64>,
    /// The transaction is still open (not committed).
    open: bool,
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to report to: a failed rollback leaves what the engine
            // leaves of a dropped connection's transaction, which is nothing.
            self.db.discard_added();
            let _ = self.db.batch("ROLLBACK");
        }
        set_cache(self.db, READ_CACHE_KIB);
    }
}

impl Writer<'_> {
    fn err(&self, source: DbError) -> Error {
        Error::Database { path: self.name.clone(), doing: "writing to it", error: source }
    }

    /// How many rows each table holds, as this transaction sees them.
    pub fn table_rows(&self) -> Result<Vec<(&'static str, u64)>> {
        table_rows(self.db).map_err(|e| self.err(e))
    }

    /// Commits rows copied from another memory as they were ([`Store::copy_into`]):
    /// no revision of its own, for the copy is the memory the other was.
    pub fn commit_copy(mut self) -> Result<()> {
        self.end()
    }

    /// `COMMIT`: the transaction is over.
    fn end(&mut self) -> Result<()> {
        let name = self.name.clone();
        self.db.batch("COMMIT").map_err(|source: DbError| Error::Database {
            path: name,
            doing: "committing the change",
            error: source,
        })?;
        self.open = false;
        Ok(())
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.db
            .execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                args![key, value],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.db.row("SELECT value FROM setting WHERE key = ?1", args![key], |r| r.text(0)).map_err(|e| self.err(e))
    }

    /// The number of origin `name`, given it now if it has none.
    fn origin_id(&mut self, name: &str) -> Result<i64> {
        if let Some(&id) = self.origins.get(name) {
            return Ok(id);
        }
        let e = |err| Error::Database { path: self.name.clone(), doing: "writing to it", error: err };
        self.db
            .execute("INSERT INTO origin_name (name) VALUES (?1) ON CONFLICT (name) DO NOTHING", args![name])
            .map_err(e)?;
        let id = self.db.one("SELECT id FROM origin_name WHERE name = ?1", args![name], |r| r.int(0)).map_err(e)?;
        self.origins.insert(name.to_string(), id);
        Ok(id)
    }

    /// Calls `f` with the source hash of every entry; returns how many there are.
    pub fn source_hashes(&self, mut f: impl FnMut(i64)) -> Result<u64> {
        source_hashes(self.db, |_, hash| f(hash)).map_err(|e| self.err(e))
    }

    /// Entries of `collection` whose source markup hashes to `source_hash`, in id
    /// order: (id, source, target, origin).
    pub fn same_source(&self, source_hash: i64, collection: Option<&str>) -> Result<Vec<(Id, Text, Text, String)>> {
        self.db
            .all(
                concat!(
                    "SELECT id, source, source_markup, target, target_markup, ",
                    origin_name!(),
                    " FROM entry WHERE source_hash = ?1 AND collection IS NOT DISTINCT FROM ?2 ORDER BY id"
                ),
                args![source_hash, collection],
                |r| {
                    Ok((r.id(0)?, text_of(r.text(1)?, r.opt_text(2)?), text_of(r.text(3)?, r.opt_text(4)?), r.text(5)?))
                },
            )
            .map_err(|e| self.err(e))
    }

    fn stored_meta(&self, meta: &Meta) -> Result<StoredMeta> {
        StoredMeta::of(meta)
            .map_err(|e| Error::Damaged { path: self.name.clone(), what: format!("the metadata of a new entry ({e})") })
    }

    /// The first id no entry has ever had: above the entries there, the history
    /// of those removed one by one, and the highest id of every commit the
    /// change feed recorded (which covers entries removed by a filter). SQLite
    /// would give the highest id again once its entry is gone.
    fn first_unused_id(&self) -> Result<i64> {
        self.db
            .one(
                "SELECT max(n) + 1 FROM (SELECT max(id) AS n FROM entry UNION ALL SELECT max(entry) FROM entry_version \
                 UNION ALL SELECT max(max_entry) FROM revision UNION ALL SELECT 0) AS used",
                args![],
                |r| r.int(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Stores a new entry filed under `key`; returns its id, one no entry has had.
    pub fn insert(&mut self, entry: &Entry, source_hash: i64, key: &IndexKey) -> Result<Id> {
        let id = match self.next_id {
            Some(id) => id,
            None => self.first_unused_id()?,
        };
        let now = Timestamp::now();
        let created = entry.created.unwrap_or(now);
        let changed = entry.changed.unwrap_or(created);
        let meta = self.stored_meta(&entry.meta)?;
        let origin = self.origin_id(&entry.origin)?;
        let text = |t: &str| Value::Text(t.to_string());
        let opt = |t: &Option<String>| t.as_deref().map_or(Value::Null, text);
        let row = vec![
            text(&entry.source.text),
            text(&entry.target.text),
            opt(&entry.source.markup),
            opt(&entry.target.markup),
            text(entry.source_lang.as_str()),
            text(entry.target_lang.as_str()),
            Value::Int(origin),
            Value::Int(created.0),
            Value::Int(changed.0),
            opt(&entry.creator),
            opt(&entry.changer),
            entry.confidence.map_or(Value::Null, Value::Real),
            opt(&meta.json),
            Value::Int(source_hash),
            Value::Int(key.length.into()),
            opt(&entry.collection),
            Value::Int(id),
            meta.tuid.map_or(Value::Null, Value::Int),
        ];
        self.db.add_row(&NEW_ENTRY, row).map_err(|e| self.err(e))?;
        self.next_id = Some(id + 1);
        let id = Id::new(id as u64);
        self.postings.file(id, key);
        if self.postings.bytes() > FLUSH_BYTES {
            self.flush()?;
        }
        Ok(id)
    }

    /// Replaces the target (and change date and changer, origin, collection,
    /// metadata) of entry `id` with `entry`'s; its creation date and creator stay.
    pub fn replace_target(&mut self, id: Id, entry: &Entry, key: &IndexKey) -> Result<()> {
        // The new target's words are filed under the entry (its old ones stay
        // filed: concordance checks every hit against the text).
        self.postings.file_target(id, key);
        let meta = self.stored_meta(&entry.meta)?;
        let origin = self.origin_id(&entry.origin)?;
        let changed = entry.changed.unwrap_or_else(Timestamp::now);
        self.db
            .execute(
                "UPDATE entry SET target = ?2, target_markup = ?3, target_lang = ?4, changed = ?5, changer = ?6, \
                 meta = ?7, origin_id = ?8, confidence = ?9, collection = ?10, tuid = ?11 WHERE id = ?1",
                args![
                    id,
                    &entry.target.text,
                    &entry.target.markup,
                    entry.target_lang.as_str(),
                    changed.0,
                    &entry.changer,
                    &meta.json,
                    origin,
                    entry.confidence,
                    &entry.collection,
                    meta.tuid
                ],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Keeps the version entry `id` has now among its earlier versions: it gives
    /// way at `when` to what `who` does (`action`: overwrite, edit, confirm,
    /// remove).
    pub fn save_version(&mut self, id: Id, action: &str, when: Timestamp, who: Option<&str>) -> Result<()> {
        self.db
            .execute(
                concat!(
                    "INSERT INTO entry_version (entry, source, target, source_markup, target_markup, origin, \
                     collection, changed, changer, replaced, replacer, action) \
                     SELECT id, source, target, source_markup, target_markup, ",
                    origin_name!(),
                    ", collection, changed, changer, CAST(?2 AS BIGINT), CAST(?3 AS TEXT), CAST(?4 AS TEXT) \
                     FROM entry WHERE id = ?1"
                ),
                args![id, when.0, who, action],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Gives entry `id` a new source and target (`key` and `source_hash` theirs),
    /// as changed by `who` now, keeping its earlier version; returns whether
    /// there is such an entry. The new words are filed under it (the old ones stay
    /// filed: candidates and concordance hits are checked against the text).
    pub fn edit(
        &mut self,
        id: Id,
        source: &Text,
        target: &Text,
        source_hash: i64,
        key: &IndexKey,
        who: Option<&str>,
    ) -> Result<bool> {
        let now = Timestamp::now();
        self.save_version(id, "edit", now, who)?;
        let n = self
            .db
            .execute(
                "UPDATE entry SET source = ?2, source_markup = ?3, target = ?4, target_markup = ?5, source_hash = ?6, \
                 length = ?7, changed = ?8, changer = ?9 WHERE id = ?1",
                args![
                    id,
                    &source.text,
                    &source.markup,
                    &target.text,
                    &target.markup,
                    source_hash,
                    key.length,
                    now.0,
                    who
                ],
            )
            .map_err(|e| self.err(e))?;
        if n > 0 {
            self.postings.file(id, key);
        }
        Ok(n > 0)
    }

    /// Marks entry `id` confirmed by `who` now, keeping its earlier version;
    /// returns whether there is such an entry.
    pub fn confirm(&mut self, id: Id, who: Option<&str>) -> Result<bool> {
        let now = Timestamp::now();
        self.save_version(id, "confirm", now, who)?;
        self.db
            .execute("UPDATE entry SET confirmed = ?2, confirmer = ?3 WHERE id = ?1", args![id, now.0, who])
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }

    /// Marks entry `id`, stored by this transaction, confirmed by `who` now,
    /// keeping no earlier version: it was never stored unconfirmed.
    pub fn confirm_new(&mut self, id: Id, who: Option<&str>) -> Result<()> {
        let now = Timestamp::now();
        self.db
            .execute("UPDATE entry SET confirmed = ?2, confirmer = ?3 WHERE id = ?1", args![id, now.0, who])
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Removes entries by id, keeping each as an earlier version (`action`, by
    /// `who`, now); returns how many there were.
    pub fn delete_ids(&mut self, ids: &[Id], action: &str, who: Option<&str>) -> Result<u64> {
        let now = Timestamp::now();
        let mut n = 0;
        for &id in ids {
            self.save_version(id, action, now, who)?;
            n += self.db.execute("DELETE FROM entry WHERE id = ?1", args![id]).map_err(|e| self.err(e))?;
        }
        Ok(n)
    }

    /// Calls `f` with each entry the filter takes, in id order, as this
    /// transaction sees them.
    pub fn scan(&self, filter: &Filter, mut f: impl FnMut(Stored) -> Result<()>) -> Result<()> {
        scan(self.db, &self.name, filter, false, |s| f(s).map(|()| true))
    }

    /// When and by whom entry `id` was confirmed (`None`: it was not).
    pub fn confirmation(&self, id: Id) -> Result<Option<Confirmation>> {
        confirmation(self.db, id).map_err(|e| self.err(e))
    }

    /// Number of entries the filter takes, as this transaction sees them.
    pub fn count(&self, filter: &Filter) -> Result<u64> {
        count(self.db, filter).map_err(|e| self.err(e))
    }

    /// Gives entry `id` what its duplicates brought (`tm dedupe`): merged
    /// metadata, the earliest creation (with its creator) and a confirmation.
    /// Its texts and its change stay.
    pub fn absorb(
        &mut self,
        id: Id,
        meta: &Meta,
        created: (Timestamp, Option<&str>),
        confirmation: Option<&Confirmation>,
    ) -> Result<()> {
        let meta = self.stored_meta(meta)?;
        self.db
            .execute(
                "UPDATE entry SET meta = ?2, created = ?3, creator = ?4, confirmed = ?5, confirmer = ?6, tuid = ?7 \
                 WHERE id = ?1",
                args![
                    id,
                    &meta.json,
                    created.0.0,
                    created.1,
                    confirmation.map(|c| c.when.0),
                    confirmation.and_then(|c| c.by.as_deref()),
                    meta.tuid
                ],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Records an import under its origin (replacing what an earlier import of
    /// the same origin recorded).
    pub fn record_origin(&mut self, origin: &OriginRecord) -> Result<()> {
        self.db
            .execute(
                "INSERT INTO origin (name, path, hash, bytes, collection, imported) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT (name) DO UPDATE SET path = excluded.path, hash = excluded.hash, bytes = excluded.bytes, \
                 collection = excluded.collection, imported = excluded.imported",
                args![
                    &origin.name,
                    &origin.path,
                    &origin.hash,
                    origin.bytes.map(|b| b as i64),
                    &origin.collection,
                    origin.imported.0
                ],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// The entries of `ids` there are, in id order, as this transaction sees them.
    pub fn entries(&self, ids: &[Id]) -> Result<Vec<Stored>> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let filter = Filter { ids: chunk.to_vec(), ..Filter::default() };
            self.scan(&filter, |s| {
                found.push(s);
                Ok(())
            })?;
        }
        found.sort_by_key(|s| s.id);
        Ok(found)
    }

    /// Gives entry `id` all of `entry` but its creation (texts, languages,
    /// origin, collection, change date and changer, metadata), filed under
    /// `key`; returns whether there is such an entry. Its earlier version is
    /// the caller's to keep ([`Writer::save_version`]).
    pub fn overwrite_entry(&mut self, id: Id, entry: &Entry, source_hash: i64, key: &IndexKey) -> Result<bool> {
        let meta = self.stored_meta(&entry.meta)?;
        let origin = self.origin_id(&entry.origin)?;
        let changed = entry.changed.unwrap_or_else(Timestamp::now);
        let n = self
            .db
            .execute(
                "UPDATE entry SET source = ?2, source_markup = ?3, target = ?4, target_markup = ?5, source_lang = ?6, \
                 target_lang = ?7, origin_id = ?8, collection = ?9, changed = ?10, changer = ?11, meta = ?12, \
                 source_hash = ?13, length = ?14, tuid = ?15 WHERE id = ?1",
                args![
                    id,
                    &entry.source.text,
                    &entry.source.markup,
                    &entry.target.text,
                    &entry.target.markup,
                    entry.source_lang.as_str(),
                    entry.target_lang.as_str(),
                    origin,
                    &entry.collection,
                    changed.0,
                    &entry.changer,
                    &meta.json,
                    source_hash,
                    key.length,
                    meta.tuid
                ],
            )
            .map_err(|e| self.err(e))?;
        if n > 0 {
            self.postings.file(id, key);
        }
        Ok(n > 0)
    }

    /// What the memory keeps of its syncs with the server at `url`, recorded
    /// now if it was not (a server row of its own).
    pub fn sync_state(&mut self, url: &str) -> Result<SyncState> {
        self.db
            .execute("INSERT INTO sync_server (url) VALUES (?1) ON CONFLICT (url) DO NOTHING", args![url])
            .map_err(|e| self.err(e))?;
        let sql = format!("SELECT {SYNC_COLUMNS} FROM sync_server WHERE url = ?1");
        self.db.one(&sql, args![url], sync_state_of).map_err(|e| self.err(e))
    }

    /// Records where the syncs with a server stand (its row, `state.server`).
    pub fn set_sync_state(&mut self, state: &SyncState) -> Result<()> {
        self.db
            .execute(
                "UPDATE sync_server SET pulled = ?2, pulling = ?3, pulling_after = ?4, pushed = ?5, whole = ?6 \
                 WHERE id = ?1",
                args![state.server, state.pulled, state.pulling, state.pulling_after, state.pushed, state.whole],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// The local entry paired with entry `remote` of `server`.
    pub fn synced_remote(&self, server: i64, remote: i64) -> Result<Option<Synced>> {
        self.db
            .row("SELECT local, hash FROM sync_entry WHERE server = ?1 AND remote = ?2", args![server, remote], |r| {
                Ok(Synced { remote, local: r.id(0)?, hash: r.int(1)? })
            })
            .map_err(|e| self.err(e))
    }

    /// Pairs entry `synced.remote` of `server` with local entry `synced.local`
    /// (either's earlier pairing gives way), as seen by the pull of server
    /// revision `seen` (0: by a push).
    pub fn set_synced(&mut self, server: i64, synced: Synced, seen: i64) -> Result<()> {
        let e = |err| Error::Database { path: self.name.clone(), doing: "writing to it", error: err };
        self.db
            .execute(
                "DELETE FROM sync_entry WHERE server = ?1 AND local = ?2 AND remote <> ?3",
                args![server, synced.local, synced.remote],
            )
            .map_err(e)?;
        self.db
            .execute(
                "INSERT INTO sync_entry (server, remote, local, hash, seen) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT (server, remote) DO UPDATE SET local = excluded.local, hash = excluded.hash, \
                 seen = excluded.seen",
                args![server, synced.remote, synced.local, synced.hash, seen],
            )
            .map(drop)
            .map_err(e)
    }

    /// The server entries paired with local ones that the pull of server
    /// revision `seen` has not seen.
    pub fn unseen(&self, server: i64, seen: i64) -> Result<Vec<i64>> {
        self.db
            .all(
                "SELECT remote FROM sync_entry WHERE server = ?1 AND seen <> ?2 ORDER BY remote",
                args![server, seen],
                |r| r.int(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Forgets the pairing of entry `remote` of `server`.
    pub fn unsync(&mut self, server: i64, remote: i64) -> Result<()> {
        self.db
            .execute("DELETE FROM sync_entry WHERE server = ?1 AND remote = ?2", args![server, remote])
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Removes the entries the filter takes; returns how many.
    pub fn delete(&mut self, filter: &Filter) -> Result<u64> {
        let (clause, args) = filter.sql();
        let params: Vec<Param<'_>> = args.iter().map(Param::from).collect();
        let n = self.db.execute(&format!("DELETE FROM entry{clause}"), &params).map_err(|e| self.err(e))?;
        self.removed += n;
        Ok(n)
    }

    /// Empties the index (stems, posting lists) for a rebuild; entries stay.
    pub fn clear_index(&mut self) -> Result<()> {
        self.postings = PostingBuffer::default();
        self.db
            .batch("DELETE FROM posting; DELETE FROM stem; DELETE FROM setting WHERE key = 'chunks_since_merge';")
            .map_err(|e| self.err(e))
    }

    /// Number of entries.
    pub fn count_entries(&self) -> Result<u64> {
        self.db.one("SELECT count(*) FROM entry", args![], |r| r.int(0)).map(|n| n as u64).map_err(|e| self.err(e))
    }

    /// Up to `limit` entries with ids above `after`, in id order: (id, source, target).
    pub fn texts_after(&self, after: Id, limit: usize) -> Result<Vec<(Id, Text, Text)>> {
        self.db
            .all(
                "SELECT id, source, source_markup, target, target_markup FROM entry WHERE id > ?1 ORDER BY id LIMIT ?2",
                args![after, limit as i64],
                |r| Ok((r.id(0)?, text_of(r.text(1)?, r.opt_text(2)?), text_of(r.text(3)?, r.opt_text(4)?))),
            )
            .map_err(|e| self.err(e))
    }

    /// Files a stored entry in the index again, under `key` (a rebuild, in id
    /// order after [`Writer::clear_index`]), with the length `key` gives.
    pub fn refile(&mut self, id: Id, key: &IndexKey) -> Result<()> {
        self.db
            .execute("UPDATE entry SET length = ?2 WHERE id = ?1", args![id, key.length])
            .map_err(|e| self.err(e))?;
        self.postings.file(id, key);
        if self.postings.bytes() > FLUSH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Adds glossary terms.
    pub fn insert_terms(&mut self, terms: &[Term]) -> Result<()> {
        for t in terms {
            let variants = serde_json::to_string(&t.variants).unwrap_or_else(|_| "[]".into());
            let forbidden = serde_json::to_string(&t.forbidden).unwrap_or_else(|_| "[]".into());
            self.db
                .execute(
                    "INSERT INTO glossary (rendering, variants, note, origin, forbidden) VALUES (?1, ?2, ?3, ?4, ?5)",
                    args![&t.rendering, &variants, &t.note, &t.origin, &forbidden],
                )
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// Removes glossary terms of an origin; returns how many.
    pub fn delete_terms(&mut self, origin: &str) -> Result<u64> {
        self.db.execute("DELETE FROM glossary WHERE origin = ?1", args![origin]).map_err(|e| self.err(e))
    }

    /// A counter kept in the settings (`default` before it is first written); a
    /// value that is not a number is damage, never read as the default.
    fn counter(&self, key: &str, default: i64) -> Result<i64> {
        match self.setting(key)? {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| Error::Damaged { path: self.name.clone(), what: format!("the setting {key} ({v:?})") }),
        }
    }

    fn next_chunk(&self) -> Result<i64> {
        self.counter("next_chunk", 1)
    }

    /// Writes the buffered postings as new chunks.
    fn flush(&mut self) -> Result<()> {
        if self.postings.is_empty() {
            return Ok(());
        }
        let mut chunk = self.next_chunk()?;
        let mut chunks = 0;
        let (lists, late) = self.postings.take();
        for lists in [lists, late] {
            if !lists.is_empty() {
                chunk += self.write_chunk(chunk, lists)?;
                chunks += 1;
            }
        }
        self.set_setting("next_chunk", &chunk.to_string())?;
        let since = self.counter("chunks_since_merge", 0)?;
        self.set_setting("chunks_since_merge", &(since + chunks).to_string())
    }

    /// Writes posting lists as chunk `chunk` of their stems (adding stems that are
    /// new) and counts them in the stems' document frequencies. A list's pieces
    /// ([`PostingWriter::pieces`]) are chunks `chunk`, `chunk + 1`, …: returns
    /// how many numbers the chunk took (its longest list's pieces).
    fn write_chunk(&mut self, chunk: i64, mut lists: Vec<List>) -> Result<i64> {
        let e = |source: DbError| Error::Database { path: self.name.clone(), doing: "writing to it", error: source };
        // In stem order: the stem and posting b-trees are written front to back.
        lists.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        // Each stem's id and document frequency first, many stems a statement
        // (one row per stem, its bands' counts summed), then the posting
        // lists, added in bulk.
        let mut distinct: Vec<(&str, i64)> = Vec::new();
        for (text, _, list) in &lists {
            match distinct.last_mut() {
                Some((last, df)) if *last == &**text => *df += list.count as i64,
                _ => distinct.push((text, list.count as i64)),
            }
        }
        // Each stem's id by its place in `distinct` (in text order, as `lists`):
        // a batch's answers come in no set order and are found by their text.
        let mut ids: Vec<Option<i64>> = vec![None; distinct.len()];
        for (first, batch) in (0..).step_by(STEMS_PER_STATEMENT).zip(distinct.chunks(STEMS_PER_STATEMENT)) {
            let values: Vec<String> = (0..batch.len()).map(|i| format!("(?{}, ?{})", 2 * i + 1, 2 * i + 2)).collect();
            let sql = format!(
                "INSERT INTO stem (text, df) VALUES {} ON CONFLICT (text) DO UPDATE SET df = stem.df + excluded.df \
                 RETURNING id, text",
                values.join(", ")
            );
            let params: Vec<Param<'_>> =
                batch.iter().flat_map(|&(text, df)| [Param::Text(text), Param::Int(df)]).collect();
            for (id, text) in self.db.all(&sql, &params, |r| Ok((r.int(0)?, r.text(1)?))).map_err(e)? {
                if let Ok(k) = batch.binary_search_by(|&(t, _)| t.cmp(text.as_str())) {
                    ids[first + k] = Some(id);
                }
            }
        }
        let mut at = 0;
        let stems: Vec<i64> = lists
            .iter()
            .map(|(text, _, _)| {
                while *distinct[at].0 != **text {
                    at += 1;
                }
                ids[at].ok_or_else(|| Error::Damaged {
                    path: self.name.clone(),
                    what: format!("the index: no id for the stem {text}"),
                })
            })
            .collect::<Result<_>>()?;
        let mut taken = 1;
        for ((_, band, list), stem) in lists.into_iter().zip(stems) {
            for (piece, blob) in (0..).zip(list.pieces()) {
                let row = vec![
                    Value::Int(stem),
                    Value::Int(band.into()),
                    Value::Int(chunk + piece),
                    Value::Blob(blob.to_vec()),
                ];
                self.db.add_row(&NEW_POSTING, row).map_err(e)?;
                taken = taken.max(piece + 1);
            }
        }
        Ok(taken)
    }

    /// Merges every stem's chunks into one, leaving out removed entries, and sets
    /// document frequencies to the true counts.
    pub fn merge_postings(&mut self) -> Result<()> {
        self.merge("SELECT id, df FROM stem ORDER BY id")
    }

    /// Merges the chunks of the stems that have more than their merged one (the
    /// stems written since the last merge), as a commit does after
    /// [`MERGE_AFTER`] chunks: a write of a few entries then costs what it
    /// wrote, not the whole index. The lists of the other stems keep entries
    /// removed since their last merge (which suggestions skip, and their
    /// frequency counts) until [`Writer::merge_postings`] (`tm vacuum`).
    fn merge_written(&mut self) -> Result<()> {
        self.merge("SELECT id, df FROM stem WHERE id IN (SELECT stem FROM posting WHERE chunk > 0) ORDER BY id")
    }

    /// Merges the chunks of the stems `stems` (a statement giving their ids and
    /// document frequencies, in id order), a batch of stems at a time: one
    /// statement reads a batch's postings, one deletes them, the merged lists go
    /// in bulk and one statement sets the frequencies. (Stem by stem, a merge of
    /// the whole index on PostgreSQL was four round trips a stem: 41 s for the
    /// 53,000 stems of 20k entries.) A batch holds at most [`STEMS_PER_MERGE`]
    /// stems and, but for one stem alone, [`POSTINGS_PER_MERGE`] postings by
    /// their frequencies, so that what is held stays small (a merge in a
    /// temporary table held the whole index in memory: 1.9 GB at 10M entries).
    fn merge(&mut self, stems: &str) -> Result<()> {
        self.flush()?;
        let e = |err| Error::Database { path: self.name.clone(), doing: "writing to it", error: err };
        let max_id = self.db.one("SELECT coalesce(max(id), 0) FROM entry", args![], |r| r.id(0)).map_err(e)?;
        let mut live = vec![false; max_id.index() + 1];
        source_hashes(self.db, |id, _| live[id.index()] = true).map_err(e)?;
        let stems = self.db.all(stems, args![], |r| Ok((r.int(0)?, r.int(1)?))).map_err(e)?;
        let mut rest = &stems[..];
        while !rest.is_empty() {
            let mut take = 1;
            let mut postings = rest[0].1;
            while take < rest.len().min(STEMS_PER_MERGE) && postings + rest[take].1 <= POSTINGS_PER_MERGE {
                postings += rest[take].1;
                take += 1;
            }
            let (batch, after) = rest.split_at(take);
            self.merge_batch(&live, batch.iter().map(|&(id, _)| id).collect())?;
            rest = after;
        }
        self.set_setting("chunks_since_merge", "0")
    }

    /// Merges the chunks of the stems `batch` (in id order), leaving out the
    /// entries not `live`.
    fn merge_batch(&mut self, live: &[bool], mut batch: Vec<i64>) -> Result<()> {
        let e = |err| Error::Database { path: self.name.clone(), doing: "writing to it", error: err };
        // Padded to a power of two with the last id again, so that a few
        // statements serve every batch.
        let stems = batch.len();
        let last = *batch.last().expect("a batch holds a stem");
        batch.resize(stems.next_power_of_two(), last);
        let list = numbered_parameters(1, batch.len());
        let ids: Vec<Param<'_>> = batch.iter().map(|&id| Param::Int(id)).collect();
        // A stem's postings of a band from all its chunks (a chunk of replaced
        // targets holds older ids than the chunk before it): in id order, once
        // each.
        let mut bands: Vec<(i64, i64, Vec<Posting>)> = Vec::new();
        let mut damaged = None;
        let read = format!("SELECT stem, band, ids FROM posting WHERE stem IN ({list}) ORDER BY stem, band");
        self.db.each(&read, &ids, e, |row| {
            let (stem, band) = (row.int(0).map_err(e)?, row.int(1).map_err(e)?);
            if bands.last().is_none_or(|&(s, b, _)| (s, b) != (stem, band)) {
                bands.push((stem, band, Vec::new()));
            }
            let postings = &mut bands.last_mut().expect("a band was pushed").2;
            let whole = index::decode(row.blob(2).map_err(e)?, band_of(band), |p| {
                if live.get(p.id.index()).copied().unwrap_or(false) {
                    postings.push(p);
                }
            });
            if !whole {
                damaged = Some(stem);
            }
            Ok(damaged.is_none())
        })?;
        if let Some(stem) = damaged {
            return Err(Error::Damaged { path: self.name.clone(), what: format!("the index of stem {stem}") });
        }
        self.db.execute(&format!("DELETE FROM posting WHERE stem IN ({list})"), &ids).map_err(e)?;
        let mut df: Vec<(i64, i64)> = batch[..stems].iter().map(|&id| (id, 0)).collect();
        let mut at = 0;
        for (stem, band, postings) in &mut bands {
            postings.sort_unstable();
            postings.dedup_by_key(|p| p.id);
            let mut list = PostingWriter::new(band_of(*band));
            postings.iter().for_each(|&p| list.push(p));
            while df[at].0 != *stem {
                at += 1;
            }
            df[at].1 += list.count as i64;
            // A merged list's pieces are chunks 0, -1, -2, …: those of writes
            // since are above 0.
            for (piece, blob) in (0..).zip(list.pieces().filter(|b| !b.is_empty())) {
                let row = vec![Value::Int(*stem), Value::Int(*band), Value::Int(-piece), Value::Blob(blob.to_vec())];
                self.db.add_row(&NEW_POSTING, row).map_err(e)?;
            }
        }
        // Stems left with no entry go; the others get their true frequencies.
        let gone: Vec<Param<'_>> = df.iter().filter(|&&(_, n)| n == 0).map(|&(id, _)| Param::Int(id)).collect();
        if !gone.is_empty() {
            let mut gone = gone;
            let last = gone[gone.len() - 1];
            gone.resize(gone.len().next_power_of_two(), last);
            let sql = format!("DELETE FROM stem WHERE id IN ({})", numbered_parameters(1, gone.len()));
            self.db.execute(&sql, &gone).map_err(e)?;
        }
        df.retain(|&(_, n)| n > 0);
        if let Some(&last) = df.last() {
            df.resize(df.len().next_power_of_two(), last);
            let values: Vec<String> = (0..df.len())
                .map(|i| format!("(CAST(?{} AS BIGINT), CAST(?{} AS BIGINT))", 2 * i + 1, 2 * i + 2))
                .collect();
            let sql = format!(
                "UPDATE stem SET df = v.column2 FROM (VALUES {}) AS v WHERE stem.id = v.column1",
                values.join(", ")
            );
            let params: Vec<Param<'_>> = df.iter().flat_map(|&(id, n)| [Param::Int(id), Param::Int(n)]).collect();
            self.db.execute(&sql, &params).map_err(e)?;
        }
        Ok(())
    }

    /// Flushes the index, counts the change in the memory's revision
    /// ([`Store::revision`]) and commits; merges posting chunks when there are
    /// many.
    pub fn commit(mut self) -> Result<()> {
        self.flush()?;
        let revision = self.counter(REVISION, 0)? + 1;
        self.set_setting(REVISION, &revision.to_string())?;
        self.db
            .execute(
                "INSERT INTO revision (number, max_entry, max_version, removed, committed) \
                 VALUES (?1, (SELECT coalesce(max(id), 0) FROM entry), \
                 (SELECT coalesce(max(id), 0) FROM entry_version), ?2, ?3) \
                 ON CONFLICT (number) DO UPDATE SET max_entry = excluded.max_entry, \
                 max_version = excluded.max_version, removed = excluded.removed, committed = excluded.committed",
                args![revision, self.removed as i64, Timestamp::now().0],
            )
            .map_err(|e| self.err(e))?;
        let since = self.counter("chunks_since_merge", 0)?;
        if since >= MERGE_AFTER {
            self.merge_written()?;
        }
        self.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::index::{KeyBuffers, index_key};
    use crate::tokenize;

    fn add(store: &mut Store, source: &str, target: &str, origin: &str) -> Id {
        let entry = Entry::new(source, target, LangTag::parse("ar").unwrap(), LangTag::parse("en").unwrap(), origin);
        let key = index_key(source, target, &mut KeyBuffers::default());
        let mut w = store.write().unwrap();
        let id = w.insert(&entry, index::fnv1a(source.as_bytes()), &key).unwrap();
        w.commit().unwrap();
        id
    }

    /// Merges every stem's chunks, in a write of its own.
    fn merge_all(store: &mut Store) {
        let mut w = store.write().unwrap();
        w.merge_postings().unwrap();
        w.commit().unwrap();
    }

    fn posting_ids(store: &Store, stem: &str) -> Vec<Id> {
        let Some((id, _)) = store.stems(&[stem.to_string()]).unwrap()[0] else {
            return vec![];
        };
        let mut out = Vec::new();
        store.postings(id, |p| out.push(p.id)).unwrap();
        out.sort_unstable();
        out
    }

    #[test]
    fn entries_are_stored_and_filed_in_the_index() {
        let (mut store, created) = Store::open_in_memory().unwrap();
        assert!(created);
        let a = add(&mut store, "حقل تنغيز", "the Tengiz field", "a.tmx");
        let b = add(&mut store, "حقل كاشاغان", "the Kashagan field", "b.tmx");
        assert_eq!(posting_ids(&store, "حقل"), vec![a, b]);
        assert_eq!(store.stems(&["حقل".into()]).unwrap()[0].unwrap().1, 2);
        let got = store.entries(&[b]).unwrap();
        assert_eq!(got[0].entry.target.text, "the Kashagan field");
        assert_eq!(store.stats().unwrap().origins, vec![("a.tmx".into(), 1), ("b.tmx".into(), 1)]);
    }

    /// A tuid written as a number is kept in its own column; one of another
    /// form (leading zeros, letters, a sign) stays in the JSON, and each is
    /// read back as it was written. Saving the metadata again (an overwrite)
    /// moves the tuid between the two.
    #[test]
    fn a_tuid_written_as_a_number_is_kept_in_its_own_column_and_any_other_in_the_metadata() {
        let (mut store, _) = Store::open_in_memory().unwrap();
        let tuids = [Some("42"), Some("007"), Some("tu-9"), Some("+5"), Some("-3"), None];
        let mut ids = Vec::new();
        let mut w = store.write().unwrap();
        for (i, tuid) in tuids.iter().enumerate() {
            let source = format!("حقل تنغيز رقم {i}");
            let mut entry = Entry::new(
                &source,
                "the Tengiz field",
                LangTag::parse("ar").unwrap(),
                LangTag::parse("en").unwrap(),
                "a",
            );
            entry.meta.tuid = tuid.map(str::to_string);
            entry.meta.notes = if i == 0 { vec!["checked".into()] } else { vec![] };
            let key = index_key(&source, "the Tengiz field", &mut KeyBuffers::default());
            ids.push(w.insert(&entry, index::fnv1a(source.as_bytes()), &key).unwrap());
        }
        w.commit().unwrap();
        let stored: Vec<Option<String>> = store.entries(&ids).unwrap().into_iter().map(|s| s.entry.meta.tuid).collect();
        assert_eq!(stored, tuids.map(|t| t.map(str::to_string)));
        let rows = store
            .db
            .all("SELECT tuid, meta FROM entry ORDER BY id", args![], |r| Ok((r.opt_int(0)?, r.opt_text(1)?)))
            .unwrap();
        let json = |s: &str| Some(s.to_string());
        assert_eq!(
            rows,
            vec![
                (Some(42), json(r#"{"notes":["checked"]}"#)),
                (None, json(r#"{"tuid":"007"}"#)),
                (None, json(r#"{"tuid":"tu-9"}"#)),
                (None, json(r#"{"tuid":"+5"}"#)),
                (Some(-3), None),
                (None, None),
            ]
        );
        let mut moved = store.entries(&ids[1..2]).unwrap().remove(0).entry;
        moved.meta.tuid = Some("8".into());
        let key = index_key(&moved.source.text, &moved.target.text, &mut KeyBuffers::default());
        let mut w = store.write().unwrap();
        assert!(w.overwrite_entry(ids[1], &moved, moved.source.markup_hash(), &key).unwrap());
        w.commit().unwrap();
        let row = store
            .db
            .one("SELECT tuid, meta FROM entry WHERE id = ?1", args![ids[1]], |r| Ok((r.opt_int(0)?, r.opt_text(1)?)));
        assert_eq!(row.unwrap(), (Some(8), None));
        assert_eq!(store.entries(&ids[1..2]).unwrap()[0].entry.meta.tuid.as_deref(), Some("8"));
    }

    /// An entry stored before the tuid had a column keeps it in its JSON, and
    /// is read as it was.
    #[test]
    fn a_tuid_in_the_metadata_of_an_older_entry_is_read_as_before() {
        let old = StoredMeta { tuid: None, json: Some(r#"{"tuid":"17","notes":["n"]}"#.into()) };
        let meta = old.parse("a.db", Id::new(1)).unwrap();
        assert_eq!((meta.tuid.as_deref(), meta.notes), (Some("17"), vec!["n".to_string()]));
        let new = StoredMeta::of(&Meta { tuid: Some("17".into()), ..Meta::default() }).unwrap();
        assert_eq!(new, StoredMeta { tuid: Some(17), json: None });
    }

    #[test]
    fn every_commit_moves_the_revision_and_a_dropped_write_does_not() {
        let (mut store, _) = Store::open_in_memory().unwrap();
        let before = store.revision().unwrap();
        let id = add(&mut store, "حقل تنغيز", "the Tengiz field", "a.tmx");
        let added = store.revision().unwrap();
        assert_eq!((added.commits, added.entries, added.max_id), (before.commits + 1, 1, id.get() as i64));
        drop(store.write().unwrap());
        assert_eq!(store.revision().unwrap(), added);
        let mut w = store.write().unwrap();
        w.delete_ids(&[id], "remove", None).unwrap();
        w.commit().unwrap();
        let removed = store.revision().unwrap();
        assert_eq!((removed.commits, removed.entries, removed.versions), (added.commits + 1, 0, 1));
    }

    /// The feed from a revision: entries added after it, those there at it and
    /// changed or removed after, as they are now; a removal by a filter makes
    /// the changes untellable one by one.
    #[test]
    fn the_changes_after_a_revision_are_told_apart() {
        let (mut store, _) = Store::open_in_memory().unwrap();
        let kept = add(&mut store, "حقل تنغيز", "the Tengiz field", "a.tmx");
        let gone = add(&mut store, "حقل كاشاغان", "the Kashagan field", "a.tmx");
        let since = store.revision().unwrap().commits;
        let everything = store.changes_since(0, Page::ALL).unwrap().unwrap();
        assert_eq!(everything.added.iter().map(|s| s.id).collect::<Vec<_>>(), vec![kept, gone]);
        let new = add(&mut store, "بحر قزوين", "the Caspian Sea", "b.tmx");
        let key = index_key("حقل تنغيز", "Tengiz", &mut KeyBuffers::default());
        let mut w = store.write().unwrap();
        let (source, target) = (Text::from_plain("حقل تنغيز"), Text::from_plain("Tengiz"));
        assert!(w.edit(kept, &source, &target, 1, &key, Some("hala")).unwrap());
        w.delete_ids(&[gone], "remove", None).unwrap();
        w.commit().unwrap();
        let changes = store.changes_since(since, Page::ALL).unwrap().unwrap();
        assert_eq!((changes.since, changes.revision, changes.reset), (since, since + 2, false));
        assert_eq!(changes.added.iter().map(|s| s.id).collect::<Vec<_>>(), vec![new]);
        assert_eq!(changes.edited.len(), 1);
        assert_eq!((changes.edited[0].id, changes.edited[0].entry.target.text.as_str()), (kept, "Tengiz"));
        assert_eq!(changes.removed, vec![gone]);
        let now = store.changes_since(changes.revision, Page::ALL).unwrap().unwrap();
        assert!(now.added.is_empty() && now.edited.is_empty() && now.removed.is_empty() && !now.reset);
        assert!(store.changes_since(changes.revision + 1, Page::ALL).unwrap().is_none());
        let mut w = store.write().unwrap();
        w.delete(&Filter { origins: vec!["b.tmx".into()], ..Filter::default() }).unwrap();
        w.commit().unwrap();
        assert!(store.changes_since(changes.revision, Page::ALL).unwrap().unwrap().reset);
    }

    /// The feed in pages of two: the edited and removed entries first, then the
    /// added ones, in entry order, each once, `more` on every page but the last;
    /// an entry edited between two pages is given as it is now.
    #[test]
    fn the_changes_come_in_pages_that_lose_nothing() {
        let (mut store, _) = Store::open_in_memory().unwrap();
        let old = add(&mut store, "حقل تنغيز", "the Tengiz field", "a.tmx");
        let gone = add(&mut store, "حقل كاشاغان", "the Kashagan field", "a.tmx");
        add(&mut store, "حقل قاراتشاغاناك", "the Karachaganak field", "a.tmx");
        let since = store.revision().unwrap().commits;
        let mut w = store.write().unwrap();
        let key = index_key("حقل تنغيز", "Tengiz", &mut KeyBuffers::default());
        w.edit(old, &Text::from_plain("حقل تنغيز"), &Text::from_plain("Tengiz"), 1, &key, None).unwrap();
        w.delete_ids(&[gone], "remove", None).unwrap();
        w.commit().unwrap();
        let new: Vec<Id> = ["بحر قزوين", "نهر الأورال", "مدينة أتيراو"]
            .iter()
            .map(|s| add(&mut store, s, "a place", "b.tmx"))
            .collect();
        let mut told: Vec<(&str, Id)> = Vec::new();
        let mut page = Page { after: 0, max: 2 };
        let mut pages = 0;
        loop {
            let changes = store.changes_since(since, page).unwrap().unwrap();
            pages += 1;
            told.extend(changes.edited.iter().map(|s| ("edited", s.id)));
            told.extend(changes.removed.iter().map(|&id| ("removed", id)));
            told.extend(changes.added.iter().map(|s| ("added", s.id)));
            assert!(changes.added.len() + changes.edited.len() + changes.removed.len() <= 2);
            if pages == 1 {
                // Between two pages: an entry the next page tells of is edited.
                let mut w = store.write().unwrap();
                let key = index_key("بحر قزوين", "the Caspian Sea", &mut KeyBuffers::default());
                w.edit(new[0], &Text::from_plain("بحر قزوين"), &Text::from_plain("the Caspian Sea"), 1, &key, None)
                    .unwrap();
                w.commit().unwrap();
            }
            if !changes.more {
                break;
            }
            page.after = changes.next;
        }
        assert_eq!(pages, 3, "{told:?}");
        let expected = [("edited", old), ("removed", gone), ("added", new[0]), ("added", new[1]), ("added", new[2])];
        assert_eq!(told, expected);
        let caspian = store.changes_since(since, Page { after: old.get() as i64, max: 10 }).unwrap().unwrap();
        let caspian = caspian.added.iter().find(|s| s.id == new[0]).unwrap();
        assert_eq!(caspian.entry.target.text, "the Caspian Sea");
    }

    /// An id is never given to a second entry: not after the entry with the
    /// highest id is removed one by one (its history kept under the id), nor
    /// after a removal by a filter (only counted); SQLite alone would give the
    /// next entry that id again, and `tm history`, the change feed and a
    /// server's client holding the id would take one entry for the other.
    #[test]
    fn an_id_is_never_given_twice() {
        let (mut store, _) = Store::open_in_memory().unwrap();
        add(&mut store, "حقل تنغيز", "the Tengiz field", "a.tmx");
        let last = add(&mut store, "حقل كاشاغان", "the Kashagan field", "a.tmx");
        let mut w = store.write().unwrap();
        w.delete_ids(&[last], "remove", None).unwrap();
        w.commit().unwrap();
        let next = add(&mut store, "بحر قزوين", "the Caspian Sea", "b.tmx");
        assert!(next > last, "{next:?} after {last:?}");
        let mut w = store.write().unwrap();
        w.delete(&Filter { origins: vec!["b.tmx".into()], ..Filter::default() }).unwrap();
        w.commit().unwrap();
        let after = add(&mut store, "نهر الأورال", "the Ural River", "c.tmx");
        assert!(after > next, "{after:?} after {next:?}");
    }

    #[test]
    fn a_database_url_is_shown_without_its_password() {
        assert_eq!(redact("postgresql://tm:s3cret@db:5432/agency"), "postgresql://tm@db:5432/agency");
        assert_eq!(
            redact("postgres://tm@db/agency?password=s3cret&sslmode=require"),
            "postgres://tm@db/agency?sslmode=require"
        );
        assert_eq!(redact("postgresql://db/agency?password=s3cret"), "postgresql://db/agency");
        assert_eq!(
            redact("postgresql://tm@db/a?options=-csearch_path%3Dx"),
            "postgresql://tm@db/a?options=-csearch_path%3Dx"
        );
    }

    #[test]
    fn a_write_dropped_without_commit_leaves_nothing() {
        let (mut store, _) = Store::open_in_memory().unwrap();
        {
            let entry = Entry::new("نص", "text", LangTag::parse("ar").unwrap(), LangTag::parse("en").unwrap(), "x");
            let mut w = store.write().unwrap();
            w.insert(&entry, 1, &index_key("نص", "text", &mut KeyBuffers::default())).unwrap();
        }
        assert_eq!(store.count(&Filter::default()).unwrap(), 0);
        assert_eq!(posting_ids(&store, "نص"), Vec::<Id>::new());
    }

    /// A stem's postings are read by the lengths asked for (and 255 words or
    /// more always), before and after its chunks are merged.
    #[test]
    fn postings_are_read_by_length_band_through_a_merge() {
        let (mut store, _) = Store::open_in_memory().unwrap();
        // The seed report's sentence on the strike, padded to 1, 5, 30 and 300 words.
        let source = |words: usize| {
            let mut s = vec!["إضراب".to_string()];
            s.extend((1..words).map(|_| "عامل".to_string()));
            s.join(" ")
        };
        let ids: Vec<Id> =
            [1, 5, 30, 300].iter().map(|&n| add(&mut store, &source(n), "strike", &format!("o{n}"))).collect();
        let stem = store.stems(&["اضراب".into()]).unwrap()[0].unwrap().0;
        let read = |store: &Store, lengths| {
            let mut out = Vec::new();
            store.postings_of_lengths(stem, lengths, |p| out.push((p.id, p.length))).unwrap();
            out.sort_unstable();
            out
        };
        for merged in [false, true] {
            if merged {
                merge_all(&mut store);
            }
            assert_eq!(read(&store, (4, 6)), vec![(ids[1], 5), (ids[3], 255)], "merged: {merged}");
            assert_eq!(read(&store, (1, 1)), vec![(ids[0], 1), (ids[3], 255)], "merged: {merged}");
            assert_eq!(read(&store, (29, 31)).len(), 2, "merged: {merged}");
            assert_eq!(posting_ids(&store, "اضراب"), ids, "merged: {merged}");
        }
    }

    /// A write that stores a new entry and then edits an older one filed under
    /// the same stems (as a sync's pull does) files the older id out of order:
    /// both are found under every stem they share, with the edit's counts, and
    /// the lists decode whole before and after a merge.
    #[test]
    fn an_older_entry_edited_after_a_new_one_in_one_write_is_filed_in_order() {
        let (mut store, _) = Store::open_in_memory().unwrap();
        let old = add(&mut store, "إضراب عمال النفط", "oil workers strike", "o");
        let (source, target) = ("إضراب عمال النفط في جاناوزين", "oil workers strike in Zhanaozen");
        let mut buf = KeyBuffers::default();
        let mut w = store.write().unwrap();
        let entry = Entry::new(source, target, LangTag::parse("ar").unwrap(), LangTag::parse("en").unwrap(), "o");
        let new = w.insert(&entry, index::fnv1a(source.as_bytes()), &index_key(source, target, &mut buf)).unwrap();
        let (edited, edited_target) = ("إضراب النفط وإضراب عمال النفط", "strike of oil workers, oil strike");
        let key = index_key(edited, edited_target, &mut buf);
        let text = |t: &str| Text { text: t.into(), markup: None };
        assert!(w.edit(old, &text(edited), &text(edited_target), index::fnv1a(edited.as_bytes()), &key, None).unwrap());
        w.commit().unwrap();
        let oil = index::target_stem(&tokenize::target_stem("oil"));
        for merged in [false, true] {
            if merged {
                merge_all(&mut store);
            }
            for stem in ["اضراب", "نفط", oil.as_str()] {
                // Before the merge, the older entry is in the chunk of its first
                // write too.
                let mut ids = posting_ids(&store, stem);
                ids.dedup();
                assert_eq!(ids, vec![old, new], "{stem}, merged: {merged}");
            }
            let id = store.stems(&["اضراب".into()]).unwrap()[0].unwrap().0;
            let mut counts = Vec::new();
            store.postings(id, |p| counts.push((p.id, p.count))).unwrap();
            counts.sort_unstable();
            assert_eq!(counts.iter().filter(|&&(id, _)| id == old).map(|&(_, c)| c).max(), Some(2), "{counts:?}");
        }
    }

    /// A new memory is made with 16 KiB pages; one made with SQLite's 4 KiB keeps
    /// them when opened again.
    #[test]
    fn a_new_memory_has_pages_of_16_kib_and_an_older_one_keeps_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let page = |store: &Store| store.db.one("PRAGMA page_size", args![], |r| r.int(0)).unwrap();
        let (store, created) = Store::open(&dir.path().join("new.db"), Open::new(Access::Create)).unwrap();
        assert!(created);
        assert_eq!(page(&store), PAGE_BYTES);
        let older = dir.path().join("older.db");
        Connection::open(&older).unwrap().execute_batch("PRAGMA page_size = 4096; VACUUM;").unwrap();
        let (store, _) = Store::open(&older, Open::new(Access::Write)).unwrap();
        assert_eq!(page(&store), 4096);
    }

    /// A stem of 3,000 entries of one write, and a target word of them all, are
    /// rows of at most a piece each, before and after a merge (merged pieces are
    /// chunks 0, -1, …), and read back whole; the target word's postings are in
    /// its one band.
    #[test]
    fn a_long_posting_list_is_stored_in_pieces_through_a_merge() {
        let (mut store, _) = Store::open_in_memory().unwrap();
        let mut buf = KeyBuffers::default();
        let mut w = store.write().unwrap();
        let mut ids = Vec::new();
        for n in 0..3000 {
            let (source, target) = (format!("إضراب العمال رقم {n}"), format!("workers strike number {n}"));
            let entry = Entry::new(&source, &target, LangTag::parse("ar").unwrap(), LangTag::parse("en").unwrap(), "o");
            ids.push(
                w.insert(&entry, index::fnv1a(source.as_bytes()), &index_key(&source, &target, &mut buf)).unwrap(),
            );
        }
        w.commit().unwrap();
        let rows = |store: &Store, stem: &str| -> Vec<(i64, i64, usize)> {
            let id = store.stems(&[stem.to_string()]).unwrap()[0].unwrap().0;
            let sql = "SELECT band, chunk, length(ids) FROM posting WHERE stem = ?1 ORDER BY band, chunk";
            store.db.all(sql, args![id], |r| Ok((r.int(0)?, r.int(1)?, r.int(2)? as usize))).unwrap()
        };
        let target = index::target_stem(&tokenize::target_stem("strike"));
        for merged in [false, true] {
            if merged {
                merge_all(&mut store);
            }
            for stem in ["اضراب", target.as_str()] {
                let rows = rows(&store, stem);
                assert!(rows.len() > 2, "{stem}, merged: {merged}: {rows:?}");
                assert!(
                    rows.iter().all(|&(_, chunk, bytes)| bytes <= index::PIECE_BYTES + 12 && (chunk > 0) != merged)
                );
                assert_eq!(posting_ids(&store, stem), ids, "{stem}, merged: {merged}");
            }
            assert!(rows(&store, &target).iter().all(|&(band, _, _)| band == i64::from(index::TARGET_BAND)));
        }
    }

    /// Every stem's entries and frequency, by the entries' sources.
    fn index_by_source(store: &Store) -> Vec<(String, u64, Vec<String>)> {
        let stems = store.db.all("SELECT id, text, df FROM stem ORDER BY text", args![], |r| {
            Ok((r.int(0)?, r.text(1)?, r.int(2)? as u64))
        });
        let mut out = Vec::new();
        for (id, text, df) in stems.unwrap() {
            let mut ids = Vec::new();
            store.postings(id, |p| ids.push(p.id)).unwrap();
            let mut sources: Vec<String> =
                store.entries(&ids).unwrap().into_iter().map(|s| s.entry.source.text).collect();
            sources.sort();
            out.push((text, df, sources));
        }
        out
    }

    /// A merge takes its stems in batches (small ones here); after it the index
    /// of a memory that lost entries is the one of a memory that never had
    /// them.
    #[test]
    fn a_merge_in_batches_leaves_the_index_a_memory_of_the_kept_entries_has() {
        let report = include_str!("../../memory/seed-report.ar.txt");
        let english: Vec<&str> = include_str!("../../memory/seed-report.en.txt").lines().collect();
        let sentences = crate::segment::sentences(report, crate::segment::Lang::Arabic);
        assert!(sentences.len() > 20, "{} sentences", sentences.len());
        let (mut all, _) = Store::open_in_memory().unwrap();
        let (mut kept, _) = Store::open_in_memory().unwrap();
        for (i, source) in sentences.iter().enumerate() {
            let target = english[i % english.len()];
            add(&mut all, source, target, &format!("o{}", i % 3));
            if i % 3 != 0 {
                add(&mut kept, source, target, "kept");
            }
        }
        let stems = index_by_source(&all).len();
        assert!(stems > 10 * STEMS_PER_MERGE, "{stems} stems");
        let mut w = all.write().unwrap();
        w.delete(&Filter { origins: vec!["o0".into()], ..Filter::default() }).unwrap();
        w.merge_postings().unwrap();
        w.commit().unwrap();
        let mut w = kept.write().unwrap();
        w.merge_postings().unwrap();
        w.commit().unwrap();
        assert_eq!(index_by_source(&all), index_by_source(&kept));
    }

    #[test]
    fn merging_drops_removed_entries_from_the_index() {
        let (mut store, _) = Store::open_in_memory().unwrap();
        let ids: Vec<Id> = (0..MERGE_AFTER + 1)
            .map(|i| add(&mut store, "خط أنابيب النفط", &format!("pipeline {i}"), &format!("o{i}")))
            .collect();
        let mut w = store.write().unwrap();
        assert_eq!(w.delete(&Filter { origins: vec!["o0".into()], ..Filter::default() }).unwrap(), 1);
        w.merge_postings().unwrap();
        w.commit().unwrap();
        let expected: Vec<Id> = ids[1..].to_vec();
        assert_eq!(posting_ids(&store, "انابيب"), expected);
        assert_eq!(store.stems(&["انابيب".into()]).unwrap()[0].unwrap().1, expected.len() as u64);
    }
}
