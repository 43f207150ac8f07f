//! The connection the store's statements run on: an SQLite file (the embedded
//! default) or a PostgreSQL database, behind one small interface, so that
//! [`super::store`] holds each statement once and both engines run the same
//! logic on the same tables.
//!
//! Statements are written in the SQL both engines take (`ON CONFLICT … DO`,
//! `IS [NOT] DISTINCT FROM`, `RETURNING`, `CAST(… AS BIGINT)`), with SQLite's
//! numbered parameters (`?1`, or `?` for the next); for PostgreSQL they are
//! rewritten to `$1` once and prepared once per connection. The few
//! statements that differ (SQLite's pragmas, the two engines' transactions)
//! are the engine's own, here or in [`super::schema`].
//!
//! Every integer column of the PostgreSQL schema is a `BIGINT`, as every SQLite
//! integer is 64-bit; text columns sort by code point (`COLLATE "C"`), as
//! SQLite's do, so that ordered results are the same on both.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::types::{ToSqlOutput, ValueRef};

use crate::entry::Id;

/// Which engine a connection is to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A failure of the database engine, or a value it gave that is not what the
/// statement's column should hold.
#[derive(Debug)]
pub enum DbError {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    /// A value not as its column should hold, and the engine it came from.
    Value(Engine, String),
}

impl DbError {
    /// SQLite's error code (`None` for PostgreSQL's errors).
    pub fn sqlite_code(&self) -> Option<rusqlite::ErrorCode> {
        match self {
            DbError::Sqlite(e) => e.sqlite_error_code(),
            _ => None,
        }
    }

    /// PostgreSQL's SQLSTATE (`None` for SQLite's errors and lost connections).
    pub fn sqlstate(&self) -> Option<&str> {
        match self {
            DbError::Postgres(e) => e.code().map(|c| c.code()),
            _ => None,
        }
    }

    /// The engine's name, for messages.
    pub fn engine(&self) -> &'static str {
        match self {
            DbError::Postgres(_) | DbError::Value(Engine::Postgres, _) => "PostgreSQL",
            DbError::Sqlite(_) | DbError::Value(Engine::Sqlite, _) => "SQLite",
        }
    }
}

impl fmt::Display for DbError {
    /// What the engine said, once: SQLite's message of a failed call (which
    /// its code's description only repeats), PostgreSQL's message and detail.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Sqlite(rusqlite::Error::SqliteFailure(_, Some(message))) => f.write_str(message),
            DbError::Sqlite(rusqlite::Error::SqliteFailure(code, None)) => write!(f, "{code}"),
            DbError::Sqlite(e) => write!(f, "{e}"),
            DbError::Postgres(e) => match e.as_db_error() {
                Some(db) => match db.detail() {
                    Some(detail) => write!(f, "{} ({detail})", db.message()),
                    None => f.write_str(db.message()),
                },
                None => {
                    // With the causes that say why (a TLS handshake fails by a
                    // certificate, a connection by the network).
                    write!(f, "{e}")?;
                    let mut cause = std::error::Error::source(e);
                    while let Some(c) = cause {
                        let said = c.to_string();
                        if !e.to_string().ends_with(&said) {
                            write!(f, ": {said}")?;
                        }
                        cause = c.source();
                    }
                    Ok(())
                }
            },
            DbError::Value(_, what) => f.write_str(what),
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        DbError::Sqlite(e)
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> DbError {
        DbError::Postgres(e)
    }
}

pub type DbResult<T> = std::result::Result<T, DbError>;

/// A value bound to a statement's parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Param<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// An owned value for a statement built at run time ([`super::store::Filter`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Int(i64),
    Text(String),
}

impl<'a> From<&'a Arg> for Param<'a> {
    fn from(a: &'a Arg) -> Param<'a> {
        match a {
            Arg::Int(n) => Param::Int(*n),
            Arg::Text(s) => Param::Text(s),
        }
    }
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl From<$t> for Param<'_> {
            fn from(n: $t) -> Self {
                Param::Int(n as i64)
            }
        }
    )*};
}
int_param!(i64, i32, u32, u8);

impl From<bool> for Param<'_> {
    fn from(b: bool) -> Self {
        Param::Int(b as i64)
    }
}

impl From<Id> for Param<'_> {
    fn from(id: Id) -> Self {
        Param::Int(id.get() as i64)
    }
}

impl From<f64> for Param<'_> {
    fn from(x: f64) -> Self {
        Param::Real(x)
    }
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(s: &'a str) -> Self {
        Param::Text(s)
    }
}

impl<'a> From<&'a String> for Param<'a> {
    fn from(s: &'a String) -> Self {
        Param::Text(s)
    }
}

impl<'a> From<&'a [u8]> for Param<'a> {
    fn from(b: &'a [u8]) -> Self {
        Param::Blob(b)
    }
}

impl<'a> From<&'a Vec<u8>> for Param<'a> {
    fn from(b: &'a Vec<u8>) -> Self {
        Param::Blob(b)
    }
}

impl<'a> From<&'a Option<String>> for Param<'a> {
    fn from(s: &'a Option<String>) -> Self {
        s.as_deref().map_or(Param::Null, Param::Text)
    }
}

impl<'a, T: Into<Param<'a>>> From<Option<T>> for Param<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Param::Null, Into::into)
    }
}

/// The parameters of a statement: `args![a, b]`.
macro_rules! args {
    () => { &[][..] as &[$crate::memory::sql::Param<'_>] };
    ($($a:expr),+ $(,)?) => { &[$($crate::memory::sql::Param::from($a)),+][..] };
}
pub(crate) use args;

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Param::Null => ToSqlOutput::Owned(rusqlite::types::Value::Null),
            Param::Int(n) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(n)),
            Param::Real(x) => ToSqlOutput::Owned(rusqlite::types::Value::Real(x)),
            Param::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Param::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

impl postgres::types::ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::Type;
        match *self {
            Param::Null => Ok(postgres::types::IsNull::Yes),
            Param::Int(n) => match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(n)?.to_sql(ty, out),
                Type::BOOL => (n != 0).to_sql(ty, out),
                Type::FLOAT8 => (n as f64).to_sql(ty, out),
                _ => Err(format!("an integer for a parameter of type {ty}").into()),
            },
            Param::Real(x) => match *ty {
                Type::FLOAT4 => (x as f32).to_sql(ty, out),
                _ => x.to_sql(ty, out),
            },
            Param::Text(s) => s.to_sql(ty, out),
            Param::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        // Checked against the column's type in `to_sql`.
        true
    }

    postgres::types::to_sql_checked!();
}

/// A value of any column, owned: a row read from one engine and written to
/// the other (a memory copied whole).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl<'a> From<&'a Value> for Param<'a> {
    fn from(v: &'a Value) -> Param<'a> {
        match v {
            Value::Null => Param::Null,
            Value::Int(n) => Param::Int(*n),
            Value::Real(x) => Param::Real(*x),
            Value::Text(s) => Param::Text(s),
            Value::Blob(b) => Param::Blob(b),
        }
    }
}

/// One row of a result.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl Row<'_> {
    /// A value of this row not as its column should hold.
    pub fn bad(&self, what: String) -> DbError {
        let engine = match self {
            Row::Sqlite(_) => Engine::Sqlite,
            Row::Postgres(_) => Engine::Postgres,
        };
        DbError::Value(engine, what)
    }

    pub fn int(&self, i: usize) -> DbResult<i64> {
        self.opt_int(i)?.ok_or_else(|| self.bad(format!("column {i} is null")))
    }

    pub fn opt_int(&self, i: usize) -> DbResult<Option<i64>> {
        match self {
            Row::Sqlite(r) => Ok(r.get(i)?),
            Row::Postgres(r) => {
                use postgres::types::Type;
                let ty = r.columns().get(i).map(|c| c.type_().clone());
                Ok(match ty {
                    Some(Type::INT4) => r.try_get::<_, Option<i32>>(i)?.map(i64::from),
                    Some(Type::INT2) => r.try_get::<_, Option<i16>>(i)?.map(i64::from),
                    Some(Type::BOOL) => r.try_get::<_, Option<bool>>(i)?.map(i64::from),
                    _ => r.try_get::<_, Option<i64>>(i)?,
                })
            }
        }
    }

    pub fn bool(&self, i: usize) -> DbResult<bool> {
        Ok(self.int(i)? != 0)
    }

    pub fn id(&self, i: usize) -> DbResult<Id> {
        let n = self.int(i)?;
        u64::try_from(n).map(Id::new).map_err(|_| self.bad(format!("an entry id of {n}")))
    }

    pub fn text(&self, i: usize) -> DbResult<String> {
        self.opt_text(i)?.ok_or_else(|| self.bad(format!("column {i} is null")))
    }

    pub fn opt_text(&self, i: usize) -> DbResult<Option<String>> {
        match self {
            Row::Sqlite(r) => Ok(r.get(i)?),
            Row::Postgres(r) => Ok(r.try_get(i)?),
        }
    }

    pub fn opt_real(&self, i: usize) -> DbResult<Option<f64>> {
        match self {
            Row::Sqlite(r) => Ok(r.get(i)?),
            Row::Postgres(r) => Ok(r.try_get(i)?),
        }
    }

    /// The value of column `i`, whatever its type.
    pub fn value(&self, i: usize) -> DbResult<Value> {
        match self {
            Row::Sqlite(r) => Ok(match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Real(x) => Value::Real(x),
                ValueRef::Text(t) => {
                    Value::Text(std::str::from_utf8(t).map_err(|e| self.bad(format!("column {i}: {e}")))?.to_string())
                }
                ValueRef::Blob(b) => Value::Blob(b.to_vec()),
            }),
            Row::Postgres(r) => {
                use postgres::types::Type;
                let ty = r.columns().get(i).map(|c| c.type_().clone());
                Ok(match ty {
                    Some(Type::FLOAT8) => r.try_get::<_, Option<f64>>(i)?.map_or(Value::Null, Value::Real),
                    Some(Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME) => {
                        r.try_get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text)
                    }
                    Some(Type::BYTEA) => r.try_get::<_, Option<Vec<u8>>>(i)?.map_or(Value::Null, Value::Blob),
                    _ => self.opt_int(i)?.map_or(Value::Null, Value::Int),
                })
            }
        }
    }

    pub fn blob(&self, i: usize) -> DbResult<&[u8]> {
        match self {
            Row::Sqlite(r) => Ok(r.get_ref(i)?.as_blob().map_err(rusqlite::Error::from)?),
            Row::Postgres(r) => Ok(r.try_get(i)?),
        }
    }
}

/// A PostgreSQL connection with the statements it has prepared, and rows
/// added to a table ([`Conn::add_row`]) not yet sent.
pub struct Pg {
    client: postgres::Client,
    prepared: HashMap<String, postgres::Statement>,
    pending: Option<(&'static Bulk, Vec<Vec<Value>>)>,
}

/// A PostgreSQL URL's parameters that `postgres::Config` does not take, and
/// the URL without them.
#[derive(Debug, PartialEq)]
struct TlsParameters {
    url: String,
    /// `sslrootcert`: a PEM file of the certificates that may sign the server's.
    root: Option<String>,
}

/// Takes libpq's TLS parameters out of `url` that rust-postgres does not read:
/// `sslrootcert=FILE`, and `sslmode=verify-ca` / `verify-full`, which become
/// `require` (whose certificate is always verified here, see [`pg_connect`]).
fn tls_parameters(url: &str) -> TlsParameters {
    let Some((base, query)) = url.split_once('?') else {
        return TlsParameters { url: url.to_string(), root: None };
    };
    let mut root = None;
    let mut kept = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("sslrootcert", value)) => root = Some(percent_decoded(value)),
            Some(("sslmode", "verify-ca" | "verify-full")) => kept.push("sslmode=require"),
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    TlsParameters { url, root }
}

/// `%XX` escapes of a URL's value decoded (a malformed one kept as it is).
fn percent_decoded(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Connects to the PostgreSQL database of `url` (libpq's URL form; a
/// `connect_timeout` and an `application_name` are given when it has none).
///
/// TLS as libpq's `sslmode` asks, with one difference: `require` (and
/// `verify-ca`, `verify-full`) always verifies the server's certificate and
/// its name, against the certificates of `sslrootcert=FILE` (a private
/// server's authority) or else the Mozilla roots `tm sync` trusts, since an
/// encrypted connection to a server nobody vouched for guards only against
/// listeners, not against whoever answers in its place. `prefer` (the
/// default) and `disable` connect without TLS: keep such a server on loopback
/// or a private network.
pub fn pg_connect(url: &str, timeout: Duration, application: &str) -> DbResult<postgres::Client> {
    let TlsParameters { url, root } = tls_parameters(url);
    let mut config: postgres::Config = url.parse()?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(timeout);
    }
    if config.get_application_name().is_none() {
        config.application_name(application);
    }
    if config.get_ssl_mode() != postgres::config::SslMode::Require {
        if root.is_some() {
            return Err(DbError::Value(Engine::Postgres, "sslrootcert is taken with sslmode=require only".into()));
        }
        return Ok(config.connect(postgres::NoTls)?);
    }
    let bad = |what: String| DbError::Value(Engine::Postgres, what);
    let roots = match &root {
        None => rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() },
        Some(file) => {
            use rustls_pki_types::pem::PemObject;
            let mut roots = rustls::RootCertStore::empty();
            let certificates = rustls_pki_types::CertificateDer::pem_file_iter(file)
                .map_err(|e| bad(format!("sslrootcert {file}: {e}")))?;
            for certificate in certificates {
                let certificate = certificate.map_err(|e| bad(format!("sslrootcert {file}: {e}")))?;
                roots.add(certificate).map_err(|e| bad(format!("sslrootcert {file}: {e}")))?;
            }
            if roots.is_empty() {
                return Err(bad(format!("sslrootcert {file}: no certificate in it")));
            }
            roots
        }
    };
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))?)
}

/// Rows added to a table at a time on PostgreSQL (one `COPY`).
const BULK_ROWS: usize = 10_000;
/// Statements longer than this (built for many rows) are prepared for one run.
const ONCE_LENGTH: usize = 2_000;
/// Statements a PostgreSQL connection keeps prepared. Statements built for a
/// number of rows (a chunk's stems) vary in text, and a server's connection
/// lives long: past this many, they are all let go (closed on the server) and
/// prepared again as they come.
const PREPARED: usize = 256;

/// How rows are added to a table in bulk: SQLite's `INSERT` of one row
/// (prepared once, run for each), PostgreSQL's `COPY … FROM STDIN BINARY` of
/// many with the columns' types, which sends them in one stream instead of one
/// round trip each.
pub struct Bulk {
    pub insert: &'static str,
    pub copy: &'static str,
    pub types: &'static [postgres::types::Type],
}

impl Pg {
    pub fn new(client: postgres::Client) -> Pg {
        Pg { client, prepared: HashMap::new(), pending: None }
    }

    /// Sends the rows added and not yet sent.
    fn send_pending(&mut self) -> DbResult<()> {
        let Some((bulk, rows)) = self.pending.take() else { return Ok(()) };
        let sink = self.client.copy_in(bulk.copy)?;
        let mut writer = postgres::binary_copy::BinaryCopyInWriter::new(sink, bulk.types);
        for row in &rows {
            let params: Vec<Param<'_>> = row.iter().map(Param::from).collect();
            let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params.iter().map(|a| a as _).collect();
            writer.write(&refs)?;
        }
        writer.finish()?;
        Ok(())
    }

    fn statement(&mut self, sql: &str) -> DbResult<postgres::Statement> {
        if let Some(stmt) = self.prepared.get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.prepare(&dollar_parameters(sql))?;
        // A statement built for a number of rows is rarely run again as it is:
        // it is closed on the server once run rather than kept.
        if sql.len() > ONCE_LENGTH {
            return Ok(stmt);
        }
        if self.prepared.len() >= PREPARED {
            self.prepared.clear();
        }
        self.prepared.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    fn rows(&mut self, sql: &str, args: &[Param<'_>]) -> DbResult<Vec<postgres::Row>> {
        self.send_pending()?;
        let stmt = self.statement(sql)?;
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = args.iter().map(|a| a as _).collect();
        Ok(self.client.query(&stmt, &refs)?)
    }
}

/// SQLite's parameters (`?1`, `?`) as PostgreSQL's (`$1`): a bare `?` is the
/// one after the highest so far, as SQLite numbers it. Quoted text is left as
/// it is.
pub fn dollar_parameters(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut highest = 0u32;
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                let mut digits = String::new();
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    digits.push(d);
                }
                let n = if digits.is_empty() { highest + 1 } else { digits.parse().unwrap_or(0) };
                highest = highest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

/// A connection to either engine.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<Pg>>),
}

impl Conn {
    pub fn engine(&self) -> Engine {
        match self {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// Runs a statement; returns the rows it changed.
    pub fn execute(&self, sql: &str, args: &[Param<'_>]) -> DbResult<u64> {
        match self {
            Conn::Sqlite(c) => Ok(c.prepare_cached(sql)?.execute(rusqlite::params_from_iter(args))? as u64),
            Conn::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                pg.send_pending()?;
                let stmt = pg.statement(sql)?;
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = args.iter().map(|a| a as _).collect();
                Ok(pg.client.execute(&stmt, &refs)?)
            }
        }
    }

    /// Runs statements with no parameters and no result, one after the other.
    pub fn batch(&self, sql: &str) -> DbResult<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                pg.send_pending()?;
                Ok(pg.client.batch_execute(sql)?)
            }
        }
    }

    /// Adds a row to a table as `bulk` says: on SQLite at once; on PostgreSQL
    /// with the rows added after it, sent in one `COPY` before the
    /// connection's next statement (or when many are waiting), so that every
    /// statement sees them. A failure of the `COPY` is that statement's.
    pub fn add_row(&self, bulk: &'static Bulk, row: Vec<Value>) -> DbResult<()> {
        match self {
            Conn::Sqlite(c) => {
                let params: Vec<Param<'_>> = row.iter().map(Param::from).collect();
                c.prepare_cached(bulk.insert)?.execute(rusqlite::params_from_iter(&params))?;
                Ok(())
            }
            Conn::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                if pg.pending.as_ref().is_some_and(|(b, rows)| !std::ptr::eq(*b, bulk) || rows.len() >= BULK_ROWS) {
                    pg.send_pending()?;
                }
                pg.pending.get_or_insert_with(|| (bulk, Vec::with_capacity(BULK_ROWS))).1.push(row);
                Ok(())
            }
        }
    }

    /// Forgets the rows added and not yet sent (a transaction rolled back).
    pub fn discard_added(&self) {
        if let Conn::Postgres(pg) = self {
            pg.borrow_mut().pending = None;
        }
    }

    /// `f` of the first row (`None`: no row).
    pub fn row<T>(
        &self,
        sql: &str,
        args: &[Param<'_>],
        f: impl FnOnce(&Row<'_>) -> DbResult<T>,
    ) -> DbResult<Option<T>> {
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
                match rows.next()? {
                    Some(row) => f(&Row::Sqlite(row)).map(Some),
                    None => Ok(None),
                }
            }
            Conn::Postgres(pg) => {
                let rows = pg.borrow_mut().rows(sql, args)?;
                rows.first().map(|r| f(&Row::Postgres(r))).transpose()
            }
        }
    }

    /// `f` of the one row a statement gives (an aggregate).
    pub fn one<T>(&self, sql: &str, args: &[Param<'_>], f: impl FnOnce(&Row<'_>) -> DbResult<T>) -> DbResult<T> {
        self.row(sql, args, f)?.ok_or_else(|| DbError::Value(self.engine(), "no row where one was due".into()))
    }

    /// Calls `f` with each row, in the statement's order, until it returns
    /// `false`. SQLite reads rows as `f` asks for them; PostgreSQL's come whole
    /// first (so `f` may run statements of its own on this connection): a
    /// statement of many rows is read in pages ([`super::store`]'s scans).
    pub fn each<E>(
        &self,
        sql: &str,
        args: &[Param<'_>],
        err: impl Fn(DbError) -> E,
        mut f: impl FnMut(&Row<'_>) -> Result<bool, E>,
    ) -> Result<(), E> {
        let e = |x: rusqlite::Error| err(x.into());
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql).map_err(e)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(args)).map_err(e)?;
                while let Some(row) = rows.next().map_err(e)? {
                    if !f(&Row::Sqlite(row))? {
                        break;
                    }
                }
                Ok(())
            }
            Conn::Postgres(pg) => {
                let rows = pg.borrow_mut().rows(sql, args).map_err(err)?;
                for row in &rows {
                    if !f(&Row::Postgres(row))? {
                        break;
                    }
                }
                Ok(())
            }
        }
    }

    /// `f` of every row, collected.
    pub fn all<T>(
        &self,
        sql: &str,
        args: &[Param<'_>],
        mut f: impl FnMut(&Row<'_>) -> DbResult<T>,
    ) -> DbResult<Vec<T>> {
        let mut out = Vec::new();
        self.each(
            sql,
            args,
            |e| e,
            |r| {
                out.push(f(r)?);
                Ok(true)
            },
        )?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_parameters_become_postgresql_ones_in_sqlite_order() {
        assert_eq!(dollar_parameters("SELECT ?1, ?2 WHERE a = ?1"), "SELECT $1, $2 WHERE a = $1");
        assert_eq!(dollar_parameters("WHERE a IN (?, ?) AND b = ?"), "WHERE a IN ($1, $2) AND b = $3");
        assert_eq!(dollar_parameters("WHERE a = ?3 AND b = ?"), "WHERE a = $3 AND b = $4");
        assert_eq!(dollar_parameters("WHERE key = 'why?' AND v = ?1"), "WHERE key = 'why?' AND v = $1");
    }

    #[test]
    fn libpq_tls_parameters_are_taken_out_of_the_url_rust_postgres_reads() {
        let got = tls_parameters("postgresql://tm@db/agency?sslmode=verify-full&sslrootcert=%2Fetc%2Fca%20a.pem");
        assert_eq!(
            got,
            TlsParameters {
                url: "postgresql://tm@db/agency?sslmode=require".into(),
                root: Some("/etc/ca a.pem".into())
            }
        );
        let got = tls_parameters("postgresql://tm@db/agency?sslrootcert=ca.pem&connect_timeout=3");
        assert_eq!(
            got,
            TlsParameters { url: "postgresql://tm@db/agency?connect_timeout=3".into(), root: Some("ca.pem".into()) }
        );
        let plain = "postgresql://tm@db/agency?sslmode=disable";
        assert_eq!(tls_parameters(plain), TlsParameters { url: plain.into(), root: None });
        assert_eq!(percent_decoded("a%zzb%41"), "a%zzbA");
    }

    #[test]
    fn a_root_certificate_file_with_no_server_to_ask_is_refused_for_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ca.pem");
        std::fs::write(&file, "not a certificate\n").unwrap();
        let url = format!("postgresql://tm@127.0.0.1:1/x?sslmode=require&sslrootcert={}", file.display());
        let err = pg_connect(&url, Duration::from_secs(1), "tm").err().unwrap().to_string();
        assert!(err.contains("ca.pem: no certificate in it"), "{err}");
        let err = pg_connect("postgresql://tm@127.0.0.1:1/x?sslrootcert=ca.pem", Duration::from_secs(1), "tm");
        assert!(err.err().unwrap().to_string().contains("sslmode=require only"));
    }

    #[test]
    fn rows_are_read_alike_whatever_the_value_s_type() {
        let conn = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        let got = conn
            .one("SELECT ?1, ?2, ?3, x'0102', NULL", args![7i64, "نفط", true], |r| {
                Ok((r.int(0)?, r.text(1)?, r.bool(2)?, r.blob(3)?.to_vec(), r.opt_text(4)?))
            })
            .unwrap();
        assert_eq!(got, (7, "نفط".to_string(), true, vec![1, 2], None));
        assert!(conn.row("SELECT 1 WHERE 0", args![], |r| r.int(0)).unwrap().is_none());
    }
}
