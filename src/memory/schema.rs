//! The database schema, as append-only migrations tracked in `PRAGMA user_version`.
//!
//! Migration `i` (0-based) takes a database from version `i` to `i + 1`. All pending
//! migrations run in one transaction: a database is either fully migrated or left as
//! it was. A database whose version is higher than this build knows was written by a
//! newer `tm` and is refused, never downgraded. Never edit a migration that has been
//! released; add a new one.

use rusqlite::{Connection, TransactionBehavior};

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

const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

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

    #[test]
    fn a_database_from_a_newer_tm_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1).unwrap();
        let err = migrate(&mut conn, "future.db").unwrap_err().to_string();
        assert!(err.contains(&format!("newer than the {VERSION} this tm understands")), "{err}");
    }
}
