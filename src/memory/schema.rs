//! The database schema of both engines, as append-only migrations: SQLite's
//! tracked in `PRAGMA user_version`, PostgreSQL's in the `schema_version` table.
//!
//! Migration `i` (0-based) takes a database from version `i` to `i + 1`. All pending
//! migrations run in one transaction: a database is either fully migrated or left as
//! it was. A database whose version is higher than this build knows was written by a
//! newer `tm` and is refused, never downgraded. Never edit a migration that has been
//! released; add a new one.
//!
//! The PostgreSQL schema begins at version 7, the tables SQLite's seven
//! migrations made, in one statement list ([`PG_V7`]); from version 8 on each
//! migration is written for both engines under the same number, so that a
//! version names one shape of the tables on either. Their types are chosen so
//! that both engines give the same answers: every integer is a `BIGINT` (SQLite's
//! are 64-bit), every text sorts by code point (`COLLATE "C"`, SQLite's `BINARY`),
//! blobs are `BYTEA`, reals `DOUBLE PRECISION`, and ids that SQLite gives
//! (`INTEGER PRIMARY KEY` without a value) are identity columns.

use rusqlite::{Connection, TransactionBehavior};

use super::sql::{Conn, DbError, args};
use crate::error::{Error, Result};

/// Version 1: entries, the candidate index, the glossary, settings.
const V1: &str = r#"
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One stored source/target pair. `source`/`target` are display text; `*_markup`
-- is the TMX <seg> content when it has inline codes. Dates are Unix seconds, UTC.
-- `meta` is JSON (tuid, attributes, props, notes). `source_hash` is FNV-1a of the
-- source markup, for duplicate checks; `length` counts words and numbers of the
-- source's matching key.
CREATE TABLE entry (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    target        TEXT NOT NULL,
    source_markup TEXT,
    target_markup TEXT,
    source_lang   TEXT NOT NULL,
    target_lang   TEXT NOT NULL,
    origin        TEXT NOT NULL,
    created       INTEGER NOT NULL,
    changed       INTEGER NOT NULL,
    creator       TEXT,
    changer       TEXT,
    confidence    REAL,
    meta          TEXT,
    source_hash   INTEGER NOT NULL,
    length        INTEGER NOT NULL
);
CREATE INDEX entry_source_hash ON entry (source_hash);
CREATE INDEX entry_origin ON entry (origin);

-- The candidate index: terms (stems of source words; target words with a \x01
-- prefix), their document frequency, and posting lists stored in chunks, one
-- chunk per import (merged from time to time). Blob format in memory::index.
-- (Version 2 renames `term` to `stem`.)
CREATE TABLE term (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE,
    df   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE posting (
    term  INTEGER NOT NULL,
    chunk INTEGER NOT NULL,
    ids   BLOB NOT NULL,
    PRIMARY KEY (term, chunk)
) WITHOUT ROWID;

-- Glossary terms: one approved English rendering per name; `variants` is a JSON
-- list of source spellings (Arabic and Latin).
CREATE TABLE glossary (
    id        INTEGER PRIMARY KEY,
    rendering TEXT NOT NULL,
    variants  TEXT NOT NULL,
    note      TEXT,
    origin    TEXT NOT NULL
);
"#;

/// Version 2: the index's table of word stems is called what it holds (`term` is
/// the glossary's word).
const V2: &str = r#"
ALTER TABLE term RENAME TO stem;
ALTER TABLE posting RENAME COLUMN term TO stem;
"#;

/// Version 3: glossary terms keep the English spellings a translation must not use.
const V3: &str = r#"
ALTER TABLE glossary ADD COLUMN forbidden TEXT NOT NULL DEFAULT '[]';
"#;

/// Version 4: where entries come from and how they are grouped. Each entry may
/// belong to a collection (a client, a project). An origin is the identity of an
/// import (a name given, or the imported file's path): `origin` keeps, per origin,
/// the file's path, a hash of its content (FNV-1a, hex), its size, its collection
/// and when it was last imported. `entry_version` keeps the versions an entry had
/// before it was overwritten, edited, confirmed or removed: `replaced` is when
/// that version gave way, `replacer` who made it, `action` what it was.
/// Entries of origin `sample` in a memory made before are the shipped sample's:
/// they stay, and exports leave them out unless asked.
const V4: &str = r#"
ALTER TABLE entry ADD COLUMN collection TEXT;
ALTER TABLE entry ADD COLUMN confirmed INTEGER;
ALTER TABLE entry ADD COLUMN confirmer TEXT;
CREATE INDEX entry_collection ON entry (collection);
CREATE TABLE origin (
    name       TEXT PRIMARY KEY,
    path       TEXT,
    hash       TEXT,
    bytes      INTEGER,
    collection TEXT,
    imported   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE entry_version (
    id            INTEGER PRIMARY KEY,
    entry         INTEGER NOT NULL,
    source        TEXT NOT NULL,
    target        TEXT NOT NULL,
    source_markup TEXT,
    target_markup TEXT,
    origin        TEXT NOT NULL,
    collection    TEXT,
    changed       INTEGER NOT NULL,
    changer       TEXT,
    replaced      INTEGER NOT NULL,
    replacer      TEXT,
    action        TEXT NOT NULL
);
CREATE INDEX entry_version_entry ON entry_version (entry);
"#;

/// Version 5: the change feed. `revision` keeps one row per write transaction
/// committed: its number (the `revision` setting it set), the highest entry id
/// and the highest earlier-version id when it committed, how many entries it
/// removed by a filter (`tm remove --origin`: kept as a count, not one by one),
/// and when. What changed after revision N is then the entries above its
/// highest id (added) and the earlier versions above its highest version id
/// (edited, or removed if the entry is gone).
const V5: &str = r#"
CREATE TABLE revision (
    number      INTEGER PRIMARY KEY,
    max_entry   INTEGER NOT NULL,
    max_version INTEGER NOT NULL,
    removed     INTEGER NOT NULL,
    committed   INTEGER NOT NULL
);
"#;

/// Version 6: what `tm sync` keeps of each server it syncs with. `sync_server`
/// holds, per server URL, the server's revision pulled whole (`pulled`), a pull
/// under way (`pulling`: the server's revision when its first page came;
/// `pulling_after`: the last server entry of the last page applied, where it
/// resumes), whether that pull takes the server's whole memory (`whole`), and
/// the local revision pushed whole (`pushed`). `sync_entry` pairs a server's
/// entry id (`remote`) with the local one (`local`), with a hash of the texts
/// both had at their last sync (`hash`: an entry whose texts hash otherwise was
/// changed on that side since) and the server revision of the pull that last
/// saw it (`seen`; 0: a push).
const V6: &str = r#"
CREATE TABLE sync_server (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    pulled        INTEGER NOT NULL DEFAULT 0,
    pulling       INTEGER,
    pulling_after INTEGER NOT NULL DEFAULT 0,
    pushed        INTEGER NOT NULL DEFAULT 0,
    whole         INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sync_entry (
    server INTEGER NOT NULL REFERENCES sync_server (id),
    remote INTEGER NOT NULL,
    local  INTEGER NOT NULL,
    hash   INTEGER NOT NULL,
    seen   INTEGER NOT NULL,
    PRIMARY KEY (server, remote)
) WITHOUT ROWID;
CREATE UNIQUE INDEX sync_entry_local ON sync_entry (server, local);
"#;

/// Version 7: an entry names its origin by number. The origin's name (a file's
/// path, most often) was kept in every entry and again in the index by origin:
/// at 1M entries of one file, 61 MB of the entry table and 82 MB of index, a
/// fifth of the database. `origin_name` gives each name a number once; names are
/// never renamed nor removed, so a number read once stays true. The index by
/// collection leaves out entries in no collection (most of them), which no query
/// looks up by it. The entry table is rebuilt to drop the old column, in the
/// migration's one transaction. Posting lists are kept by stem and length band
/// ([`super::index::band`]): the index is emptied, and rebuilt from the entries
/// by the rules of this build when the memory is next opened for writing.
const V7: &str = r#"
CREATE TABLE origin_name (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO origin_name (name) SELECT DISTINCT origin FROM entry ORDER BY 1;
CREATE TABLE entry_v7 (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    target        TEXT NOT NULL,
    source_markup TEXT,
    target_markup TEXT,
    source_lang   TEXT NOT NULL,
    target_lang   TEXT NOT NULL,
    origin_id     INTEGER NOT NULL REFERENCES origin_name (id),
    created       INTEGER NOT NULL,
    changed       INTEGER NOT NULL,
    creator       TEXT,
    changer       TEXT,
    confidence    REAL,
    meta          TEXT,
    source_hash   INTEGER NOT NULL,
    length        INTEGER NOT NULL,
    collection    TEXT,
    confirmed     INTEGER,
    confirmer     TEXT
);
INSERT INTO entry_v7 (id, source, target, source_markup, target_markup, source_lang, target_lang, origin_id,
    created, changed, creator, changer, confidence, meta, source_hash, length, collection, confirmed, confirmer)
SELECT id, source, target, source_markup, target_markup, source_lang, target_lang,
    (SELECT origin_name.id FROM origin_name WHERE origin_name.name = entry.origin),
    created, changed, creator, changer, confidence, meta, source_hash, length, collection, confirmed, confirmer
FROM entry ORDER BY id;
DROP TABLE entry;
ALTER TABLE entry_v7 RENAME TO entry;
CREATE INDEX entry_source_hash ON entry (source_hash);
CREATE INDEX entry_origin ON entry (origin_id);
CREATE INDEX entry_collection ON entry (collection) WHERE collection IS NOT NULL;
DROP TABLE posting;
CREATE TABLE posting (
    stem  INTEGER NOT NULL,
    band  INTEGER NOT NULL,
    chunk INTEGER NOT NULL,
    ids   BLOB NOT NULL,
    PRIMARY KEY (stem, band, chunk)
) WITHOUT ROWID;
DELETE FROM stem;
DELETE FROM setting WHERE key IN ('chunks_since_merge', 'index_rules');
"#;

/// Version 8: fewer bytes per entry. `tuid` holds a unit's tuid where it is a
/// number as written (most tools number their units): 1 to 8 bytes, against
/// some 17 in the JSON of `meta`, which keeps any other tuid (and the tuids of
/// entries stored before, which are read from it as before). `source_hash` is
/// folded to 32 bits ([`crate::hash::fold32`]), so that it takes 4 bytes in the
/// row and in its index; at 1M entries of one TMX the two take 21 MB off 470.
/// The index by source hash is made again after the fold, which is quicker
/// than moving every row of it.
const V8: &str = r#"
ALTER TABLE entry ADD COLUMN tuid INTEGER;
DROP INDEX entry_source_hash;
UPDATE entry SET source_hash = (((source_hash & 4294967295) + 2147483648) & 4294967295) - 2147483648;
CREATE INDEX entry_source_hash ON entry (source_hash);
"#;

const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// PostgreSQL, version 7: the tables of SQLite's version 7, column for column
/// (see the migrations above for what each holds). `schema_version` holds the
/// version, in one row.
pub const PG_V7: &str = r#"
CREATE TABLE schema_version (
    version BIGINT NOT NULL
);
CREATE TABLE setting (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);
CREATE TABLE origin_name (
    id   BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL UNIQUE
);
CREATE TABLE entry (
    id            BIGINT PRIMARY KEY,
    source        TEXT COLLATE "C" NOT NULL,
    target        TEXT COLLATE "C" NOT NULL,
    source_markup TEXT COLLATE "C",
    target_markup TEXT COLLATE "C",
    source_lang   TEXT COLLATE "C" NOT NULL,
    target_lang   TEXT COLLATE "C" NOT NULL,
    origin_id     BIGINT NOT NULL REFERENCES origin_name (id),
    created       BIGINT NOT NULL,
    changed       BIGINT NOT NULL,
    creator       TEXT COLLATE "C",
    changer       TEXT COLLATE "C",
    confidence    DOUBLE PRECISION,
    meta          TEXT COLLATE "C",
    source_hash   BIGINT NOT NULL,
    length        BIGINT NOT NULL,
    collection    TEXT COLLATE "C",
    confirmed     BIGINT,
    confirmer     TEXT COLLATE "C"
);
CREATE INDEX entry_source_hash ON entry (source_hash);
CREATE INDEX entry_origin ON entry (origin_id);
CREATE INDEX entry_collection ON entry (collection) WHERE collection IS NOT NULL;
CREATE TABLE stem (
    id   BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    text TEXT COLLATE "C" NOT NULL UNIQUE,
    df   BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE posting (
    stem  BIGINT NOT NULL,
    band  BIGINT NOT NULL,
    chunk BIGINT NOT NULL,
    ids   BYTEA NOT NULL,
    PRIMARY KEY (stem, band, chunk)
);
CREATE TABLE glossary (
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    rendering TEXT COLLATE "C" NOT NULL,
    variants  TEXT COLLATE "C" NOT NULL,
    note      TEXT COLLATE "C",
    origin    TEXT COLLATE "C" NOT NULL,
    forbidden TEXT COLLATE "C" NOT NULL DEFAULT '[]'
);
CREATE TABLE origin (
    name       TEXT COLLATE "C" PRIMARY KEY,
    path       TEXT COLLATE "C",
    hash       TEXT COLLATE "C",
    bytes      BIGINT,
    collection TEXT COLLATE "C",
    imported   BIGINT NOT NULL
);
CREATE TABLE entry_version (
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    entry         BIGINT NOT NULL,
    source        TEXT COLLATE "C" NOT NULL,
    target        TEXT COLLATE "C" NOT NULL,
    source_markup TEXT COLLATE "C",
    target_markup TEXT COLLATE "C",
    origin        TEXT COLLATE "C" NOT NULL,
    collection    TEXT COLLATE "C",
    changed       BIGINT NOT NULL,
    changer       TEXT COLLATE "C",
    replaced      BIGINT NOT NULL,
    replacer      TEXT COLLATE "C",
    action        TEXT COLLATE "C" NOT NULL
);
CREATE INDEX entry_version_entry ON entry_version (entry);
CREATE TABLE revision (
    number      BIGINT PRIMARY KEY,
    max_entry   BIGINT NOT NULL,
    max_version BIGINT NOT NULL,
    removed     BIGINT NOT NULL,
    committed   BIGINT NOT NULL
);
CREATE TABLE sync_server (
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    url           TEXT COLLATE "C" NOT NULL UNIQUE,
    pulled        BIGINT NOT NULL DEFAULT 0,
    pulling       BIGINT,
    pulling_after BIGINT NOT NULL DEFAULT 0,
    pushed        BIGINT NOT NULL DEFAULT 0,
    whole         BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE sync_entry (
    server BIGINT NOT NULL REFERENCES sync_server (id),
    remote BIGINT NOT NULL,
    local  BIGINT NOT NULL,
    hash   BIGINT NOT NULL,
    seen   BIGINT NOT NULL,
    PRIMARY KEY (server, remote)
);
CREATE UNIQUE INDEX sync_entry_local ON sync_entry (server, local);
INSERT INTO schema_version (version) VALUES (0);
"#;

/// PostgreSQL, version 8: SQLite's version 8.
const PG_V8: &str = r#"
ALTER TABLE entry ADD COLUMN tuid BIGINT;
UPDATE entry SET source_hash = (((source_hash & 4294967295) + 2147483648) & 4294967295) - 2147483648;
"#;

/// PostgreSQL's migrations: the first makes version [`PG_FIRST`] whole; each
/// after it takes version `n` to `n + 1`, as SQLite's of the same number.
const PG_MIGRATIONS: &[&str] = &[PG_V7, PG_V8];

/// The version PostgreSQL's schema begins at.
pub const PG_FIRST: i64 = 7;

const _: () = assert!(PG_FIRST + PG_MIGRATIONS.len() as i64 - 1 == VERSION, "a migration for one engine only");

/// One table of a memory, as a copy of the memory whole reads and writes it.
pub struct Table {
    pub name: &'static str,
    /// Its columns, its key's first (the same on both engines).
    pub columns: &'static [&'static str],
    /// How many of the first columns are its primary key.
    pub key: usize,
    /// Whether its first column is an id the engine assigns (an identity
    /// column on PostgreSQL, whose sequence a copy must move past the ids it
    /// brought).
    pub assigned_id: bool,
}

/// The tables of a memory, each after the tables its rows refer to.
pub const TABLES: &[Table] = &[
    Table { name: "setting", columns: &["key", "value"], key: 1, assigned_id: false },
    Table { name: "origin_name", columns: &["id", "name"], key: 1, assigned_id: true },
    Table {
        name: "entry",
        columns: &[
            "id",
            "source",
            "target",
            "source_markup",
            "target_markup",
            "source_lang",
            "target_lang",
            "origin_id",
            "created",
            "changed",
            "creator",
            "changer",
            "confidence",
            "meta",
            "source_hash",
            "length",
            "collection",
            "confirmed",
            "confirmer",
            "tuid",
        ],
        key: 1,
        assigned_id: false,
    },
    Table { name: "stem", columns: &["id", "text", "df"], key: 1, assigned_id: true },
    Table { name: "posting", columns: &["stem", "band", "chunk", "ids"], key: 3, assigned_id: false },
    Table {
        name: "glossary",
        columns: &["id", "rendering", "variants", "note", "origin", "forbidden"],
        key: 1,
        assigned_id: true,
    },
    Table {
        name: "origin",
        columns: &["name", "path", "hash", "bytes", "collection", "imported"],
        key: 1,
        assigned_id: false,
    },
    Table {
        name: "entry_version",
        columns: &[
            "id",
            "entry",
            "source",
            "target",
            "source_markup",
            "target_markup",
            "origin",
            "collection",
            "changed",
            "changer",
            "replaced",
            "replacer",
            "action",
        ],
        key: 1,
        assigned_id: true,
    },
    Table {
        name: "revision",
        columns: &["number", "max_entry", "max_version", "removed", "committed"],
        key: 1,
        assigned_id: false,
    },
    Table {
        name: "sync_server",
        columns: &["id", "url", "pulled", "pulling", "pulling_after", "pushed", "whole"],
        key: 1,
        assigned_id: true,
    },
    Table { name: "sync_entry", columns: &["server", "remote", "local", "hash", "seen"], key: 2, assigned_id: false },
];

/// The advisory lock (the first of its two keys; the second is the schema's)
/// held while a PostgreSQL schema is migrated.
const PG_MIGRATE_LOCK: i64 = 0x746d_6d67; // "tmmg"

/// The schema version of a PostgreSQL memory (0: none yet).
pub fn pg_version(db: &Conn, name: &str) -> Result<i64> {
    let err = |error: DbError| Error::Database { path: name.to_string(), doing: "reading its schema", error };
    let exists = db.one("SELECT to_regclass('schema_version') IS NOT NULL", args![], |r| r.bool(0)).map_err(err)?;
    if !exists {
        return Ok(0);
    }
    Ok(db.row("SELECT version FROM schema_version", args![], |r| r.int(0)).map_err(err)?.unwrap_or(0))
}

/// Brings a PostgreSQL memory to [`VERSION`], in one transaction under the
/// migration lock (two processes opening a new memory together: the second
/// finds it made). Returns the version it had before (0 for a new memory).
pub fn pg_migrate(db: &Conn, name: &str) -> Result<i64> {
    let err = |error: DbError| Error::Database { path: name.to_string(), doing: "migrating its schema", error };
    let found = pg_version(db, name)?;
    check(found, name)?;
    if found == VERSION {
        return Ok(found);
    }
    // The lock first, then the transaction: a transaction reads the catalog as
    // it was when it began (a backend refreshes its catalog cache at the start
    // of a transaction, not on an advisory lock), so one begun before the wait
    // would not see the tables the lock's last holder made, and make them again.
    let lock = args![PG_MIGRATE_LOCK];
    db.execute("SELECT pg_advisory_lock(?1, hashtext(current_schema()))", lock).map_err(err)?;
    let done = (|| -> Result<i64> {
        db.batch("BEGIN").map_err(err)?;
        let current = pg_version(db, name)?;
        check(current, name)?;
        let first = if current == 0 { 0 } else { (current - PG_FIRST + 1) as usize };
        for migration in PG_MIGRATIONS.get(first..).unwrap_or_default() {
            db.batch(migration).map_err(err)?;
        }
        db.execute("UPDATE schema_version SET version = ?1", args![VERSION]).map_err(err)?;
        db.batch("COMMIT").map_err(err)?;
        Ok(current)
    })();
    if done.is_err() {
        let _ = db.batch("ROLLBACK");
    }
    let unlocked = db.execute("SELECT pg_advisory_unlock(?1, hashtext(current_schema()))", lock).map_err(err);
    let current = done?;
    unlocked?;
    Ok(current)
}

/// The schema version of the database (0: none yet).
pub fn version(conn: &Connection, name: &str) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|source: rusqlite::Error| Error::Database {
        path: name.to_string(),
        doing: "reading its schema",
        error: source.into(),
    })
}

/// An error if version `found` is newer than this build's.
pub fn check(found: i64, name: &str) -> Result<()> {
    if found > VERSION {
        return Err(Error::TooNew { path: name.to_string(), found, supported: VERSION });
    }
    Ok(())
}

/// Brings the database to [`VERSION`]. Returns the version it had before (0 for a
/// new database).
pub fn migrate(conn: &mut Connection, name: &str) -> Result<i64> {
    let db = |source: rusqlite::Error| Error::Database {
        path: name.to_string(),
        doing: "migrating its schema",
        error: source.into(),
    };
    let found = version(conn, name)?;
    check(found, name)?;
    if found == VERSION {
        return Ok(found);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(db)?;
    // Read again inside the write lock: another process may have migrated meanwhile.
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(db)?;
    for migration in &MIGRATIONS[current.clamp(0, VERSION) as usize..] {
        tx.execute_batch(migration).map_err(db)?;
    }
    tx.pragma_update(None, "user_version", VERSION).map_err(db)?;
    tx.commit().map_err(db)?;
    Ok(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_twice_is_harmless() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn, ":memory:").unwrap(), 0);
        assert_eq!(migrate(&mut conn, ":memory:").unwrap(), VERSION);
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).unwrap();
        assert_eq!(tables, 11);
    }

    /// A memory of version 1 keeps its index through the renaming of version 2,
    /// and version 7 empties it, to be rebuilt by length band, with its rules'
    /// version forgotten (so that it is seen as stale).
    #[test]
    fn a_version_1_memory_keeps_its_index_until_version_7_rebuilds_it() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(V1).unwrap();
        conn.execute_batch(
            "INSERT INTO term (id, text, df) VALUES (7, 'نفط', 1); INSERT INTO setting VALUES ('index_rules', '6');",
        )
        .unwrap();
        conn.execute("INSERT INTO posting (term, chunk, ids) VALUES (7, 1, x'0103')", []).unwrap();
        conn.execute_batch(V2).unwrap();
        let got: (String, Vec<u8>) = conn
            .query_row("SELECT text, ids FROM stem JOIN posting ON posting.stem = stem.id", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(got, ("نفط".to_string(), vec![1, 3]));
        conn.pragma_update(None, "user_version", 2).unwrap();
        assert_eq!(migrate(&mut conn, ":memory:").unwrap(), 2);
        let left: (i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM stem), (SELECT count(*) FROM posting), \
                 (SELECT count(*) FROM setting WHERE key = 'index_rules')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(left, (0, 0, 0));
    }

    /// A memory of version 3 (with the sample in it, as earlier versions loaded
    /// it) keeps its entries, in no collection, and gets the tables of version 4.
    /// A database of version `version` holding one entry of `origin`.
    fn at_version(version: usize, origin: &str) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        for m in &MIGRATIONS[..version] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", version as i64).unwrap();
        conn.execute(
            "INSERT INTO entry (source, target, source_lang, target_lang, origin, created, changed, source_hash, length)
             VALUES ('نص', 'text', 'ar', 'en', ?1, 1, 1, 7, 1)",
            [origin],
        )
        .unwrap();
        conn
    }

    #[test]
    fn a_version_3_memory_keeps_its_entries_in_no_collection() {
        let mut conn = at_version(3, "sample");
        assert_eq!(migrate(&mut conn, ":memory:").unwrap(), 3);
        let got: (String, Option<String>, Option<i64>) = conn
            .query_row(
                "SELECT name, collection, confirmed FROM entry JOIN origin_name ON origin_name.id = origin_id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(got, ("sample".to_string(), None, None));
        let n: i64 = conn.query_row("SELECT count(*) FROM origin", [], |r| r.get(0)).unwrap();
        let versions: i64 = conn.query_row("SELECT count(*) FROM entry_version", [], |r| r.get(0)).unwrap();
        assert_eq!((n, versions), (0, 0));
    }

    /// A memory of version 4 keeps its entries and gets an empty change feed:
    /// its first commit after is the first the feed knows.
    #[test]
    fn a_version_4_memory_gets_an_empty_feed() {
        let mut conn = at_version(4, "a.tmx");
        assert_eq!(migrate(&mut conn, ":memory:").unwrap(), 4);
        let counts: (i64, i64) = conn
            .query_row("SELECT (SELECT count(*) FROM entry), (SELECT count(*) FROM revision)", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(counts, (1, 0));
    }

    /// A memory of version 5 keeps its entries and its feed, and has synced
    /// with no server yet.
    #[test]
    fn a_version_5_memory_has_synced_with_no_server() {
        let mut conn = at_version(5, "a.tmx");
        conn.execute("INSERT INTO revision VALUES (1, 1, 0, 0, 1)", []).unwrap();
        assert_eq!(migrate(&mut conn, ":memory:").unwrap(), 5);
        let counts: (i64, i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM entry), (SELECT count(*) FROM revision), \
                 (SELECT count(*) FROM sync_server), (SELECT count(*) FROM sync_entry)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(counts, (1, 1, 0, 0));
    }

    /// A memory of version 6 keeps each entry, with its origin's name, its
    /// collection and its confirmation, and each origin is named once.
    #[test]
    fn a_version_6_memory_names_each_origin_once() {
        let mut conn = at_version(6, "/data/un/a.tmx");
        conn.execute_batch(
            "INSERT INTO entry (source, target, source_lang, target_lang, origin, created, changed, source_hash, length,
                 collection, confirmed, confirmer)
             VALUES ('نفط', 'oil', 'ar', 'en', 'aligned', 2, 3, 8, 1, 'client', 5, 'rana'),
                    ('غاز', 'gas', 'ar', 'en', '/data/un/a.tmx', 4, 4, 9, 1, NULL, NULL, NULL);",
        )
        .unwrap();
        assert_eq!(migrate(&mut conn, ":memory:").unwrap(), 6);
        /// id, target, origin, collection, confirmed, confirmer, changed.
        type Migrated = (i64, String, String, Option<String>, Option<i64>, Option<String>, i64);
        let rows: Vec<Migrated> = conn
            .prepare(
                "SELECT entry.id, target, name, collection, confirmed, confirmer, changed FROM entry \
                 JOIN origin_name ON origin_name.id = origin_id ORDER BY entry.id",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let origin = "/data/un/a.tmx".to_string();
        assert_eq!(
            rows,
            vec![
                (1, "text".into(), origin.clone(), None, None, None, 1),
                (2, "oil".into(), "aligned".into(), Some("client".into()), Some(5), Some("rana".into()), 3),
                (3, "gas".into(), origin, None, None, None, 4),
            ]
        );
        let names: i64 = conn.query_row("SELECT count(*) FROM origin_name", [], |r| r.get(0)).unwrap();
        assert_eq!(names, 2);
    }

    /// A memory of version 7 keeps its entries and their metadata, and its
    /// source hashes are folded in SQL to what this build computes for the same
    /// sources, so that its duplicates are still found.
    #[test]
    fn a_version_7_memory_folds_its_source_hashes_to_what_this_build_computes() {
        let mut conn = Connection::open_in_memory().unwrap();
        for m in &MIGRATIONS[..7] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", 7).unwrap();
        conn.execute("INSERT INTO origin_name (id, name) VALUES (1, 'a.tmx')", []).unwrap();
        let sources = ["نص", "حقل تنغيز", "كازموناينجاز &amp; <b>", "Kashagan", "", "٢٠١١"];
        for (i, source) in sources.iter().enumerate() {
            let unfolded = crate::hash::fnv1a(crate::entry::Text::from_plain(*source).markup().as_bytes());
            conn.execute(
                "INSERT INTO entry (source, target, source_lang, target_lang, origin_id, created, changed, meta, \
                 source_hash, length) VALUES (?1, 't', 'ar', 'en', 1, 1, 1, ?2, ?3, 1)",
                rusqlite::params![source, format!(r#"{{"tuid":"{i}"}}"#), unfolded],
            )
            .unwrap();
        }
        assert_eq!(migrate(&mut conn, ":memory:").unwrap(), 7);
        let mut statement = conn.prepare("SELECT source, source_hash, meta, tuid FROM entry ORDER BY id").unwrap();
        let rows: Vec<(String, i64, String, Option<i64>)> = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for (i, (source, hash, meta, tuid)) in rows.into_iter().enumerate() {
            assert_eq!(hash, crate::entry::Text::from_plain(&source).markup_hash(), "{source}");
            assert_eq!((meta, tuid), (format!(r#"{{"tuid":"{i}"}}"#), None));
        }
        let indexed: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'entry_source_hash'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(indexed, 1);
    }

    /// The tables a copy of a memory reads are the schema's, column for column.
    #[test]
    fn the_tables_a_copy_takes_are_the_schema_s_whole() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, ":memory:").unwrap();
        let names = |sql: &str| -> Vec<String> {
            let mut statement = conn.prepare(sql).unwrap();
            statement.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
        };
        let mut tables = names("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        let mut listed: Vec<String> = TABLES.iter().map(|t| t.name.to_string()).collect();
        tables.sort();
        listed.sort();
        assert_eq!(tables, listed);
        for table in TABLES {
            let mut columns = names(&format!("SELECT name FROM pragma_table_info('{}')", table.name));
            let mut listed: Vec<String> = table.columns.iter().map(|c| c.to_string()).collect();
            let keys = names(&format!("SELECT name FROM pragma_table_info('{}') WHERE pk > 0 ORDER BY pk", table.name));
            assert_eq!(keys, listed[..table.key], "{}", table.name);
            columns.sort();
            listed.sort();
            assert_eq!(columns, listed, "{}", table.name);
        }
    }

    #[test]
    fn a_database_from_a_newer_tm_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1).unwrap();
        let err = migrate(&mut conn, "future.db").unwrap_err().to_string();
        assert!(err.contains(&format!("newer than the {VERSION} this tm understands")), "{err}");
    }
}
