//! Test helpers: a memory in a temporary directory, the built `tm` run against it,
//! JSON Lines decoded into typed structs, the shared material beside the project
//! (`../shared`) and the interop tools, and the harness's view of a test: passed,
//! failed, or ignored because something it needs is missing.

#![allow(dead_code)]

pub mod browser;
pub mod server;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A memory of its own in a temporary directory, or, in a test run on
/// PostgreSQL ([`Engine::Postgres`]), in a schema of its own of the test
/// database (the temporary directory is still the commands' home).
pub struct Tm {
    pub dir: tempfile::TempDir,
    /// The memory: a file, or a PostgreSQL URL.
    pub db: PathBuf,
    sample: bool,
    schema: Option<Schema>,
}

/// The engine a test's memories are on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

thread_local! {
    /// The engine of the test running on this thread.
    static ENGINE: std::cell::Cell<Engine> = const { std::cell::Cell::new(Engine::Sqlite) };
}

/// The engine of the test running on this thread.
pub fn engine() -> Engine {
    ENGINE.with(|e| e.get())
}

/// The PostgreSQL database tests make their memories in (`TM_TEST_POSTGRES`, a
/// URL); CI sets `TM_REQUIRE_POSTGRES=1`, which makes its absence a failure.
pub fn test_postgres() -> Result<String, Missing> {
    postgres_url("TM_TEST_POSTGRES", "no PostgreSQL to test on; set TM_TEST_POSTGRES to a database URL")
}

/// The URL in `var`, required with `TM_REQUIRE_POSTGRES`.
fn postgres_url(var: &str, otherwise: &str) -> Result<String, Missing> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Ok(url),
        _ => Err(missing("TM_REQUIRE_POSTGRES", otherwise.into())),
    }
}

/// The URL (`TM_TEST_POSTGRES_TLS`) of a role of the test server that it lets
/// in over TLS only, with `sslmode=require` and the `sslrootcert` of the
/// authority that signed the server's certificate (`.ci/postgres` makes both).
pub fn test_postgres_tls() -> Result<String, Missing> {
    postgres_url(
        "TM_TEST_POSTGRES_TLS",
        "no PostgreSQL to test TLS on; set TM_TEST_POSTGRES_TLS to the URL of a role let in over TLS only",
    )
}

/// A schema of the test database holding one test's memory, dropped with it.
struct Schema {
    url: String,
    name: String,
}

impl Schema {
    fn new() -> Schema {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let url = test_postgres().expect("a PostgreSQL test runs with TM_TEST_POSTGRES set");
        let name = format!("t{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect to TM_TEST_POSTGRES");
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}")).expect("schema");
        Schema { url, name }
    }

    /// The test database's URL with this schema first in the search path.
    fn memory_url(&self) -> String {
        let join = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{join}options=-csearch_path%3D{}", self.url, self.name)
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

/// A connection of the test's own to a memory's database, either engine.
pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
}

impl Db {
    /// Runs statements with no result.
    pub fn batch(&mut self, sql: &str) {
        match self {
            Db::Sqlite(c) => c.execute_batch(sql).unwrap(),
            Db::Postgres(c) => c.batch_execute(sql).unwrap(),
        }
    }

    /// The integer a query gives.
    pub fn int(&mut self, sql: &str) -> i64 {
        match self {
            Db::Sqlite(c) => c.query_row(sql, [], |r| r.get(0)).unwrap(),
            Db::Postgres(c) => c.query_one(sql, &[]).unwrap().get(0),
        }
    }

    /// Begins a transaction that reads one state of the memory throughout.
    pub fn begin_read(&mut self) {
        match self {
            Db::Sqlite(_) => self.batch("BEGIN"),
            Db::Postgres(_) => self.batch("BEGIN ISOLATION LEVEL REPEATABLE READ"),
        }
    }

    /// Begins a transaction holding the memory's write lock, as `tm` takes it.
    pub fn begin_write(&mut self) {
        match self {
            Db::Sqlite(_) => self.batch("BEGIN IMMEDIATE"),
            Db::Postgres(_) => {
                self.batch("BEGIN; SELECT pg_advisory_xact_lock(1953331058, hashtext(current_schema()))")
            }
        }
    }
}

impl Tm {
    /// A connection to the memory's database.
    pub fn connect(&self) -> Db {
        match &self.schema {
            Some(_) => Db::Postgres(
                postgres::Client::connect(self.db.to_str().unwrap(), postgres::NoTls).expect("connect to the memory"),
            ),
            None => Db::Sqlite(rusqlite::Connection::open(&self.db).expect("open the memory")),
        }
    }

    /// Runs statements on the memory's database.
    pub fn sql(&self, sql: &str) {
        self.connect().batch(sql);
    }

    /// Checks that the memory's database is sound: SQLite's integrity check of
    /// the file. A PostgreSQL server keeps its storage sound itself; there the
    /// memory's tables are only read.
    pub fn assert_sound(&self) {
        match self.connect() {
            Db::Sqlite(c) => {
                let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
                assert_eq!(check, "ok");
            }
            mut db => {
                db.int("SELECT count(*) FROM entry");
            }
        }
    }

    /// Records schema version `version` in the memory, as a `tm` of that
    /// version would.
    pub fn set_schema_version(&self, version: i64) {
        match self.connect() {
            Db::Sqlite(c) => c.pragma_update(None, "user_version", version).unwrap(),
            mut db => db.batch(&format!("UPDATE schema_version SET version = {version}")),
        }
    }

    /// A fresh memory that gets the shipped sample on first use, on the
    /// engine of the running test.
    pub fn new() -> Tm {
        Tm::on(engine())
    }

    /// A fresh memory on `engine` that gets the shipped sample on first use.
    pub fn on(engine: Engine) -> Tm {
        let dir = tempfile::tempdir().expect("temp dir");
        let schema = (engine == Engine::Postgres).then(Schema::new);
        let db = match &schema {
            Some(schema) => PathBuf::from(schema.memory_url()),
            None => dir.path().join("memory.db"),
        };
        let shims = dir.path().join(".no-install");
        std::fs::create_dir(&shims).expect("shim dir");
        for name in ["apt-get", "apt", "sudo"] {
            let shim = shims.join(name);
            std::fs::write(&shim, "#!/bin/sh\necho \"a test may not install: $0 $*\" >&2\nexit 1\n").expect("shim");
            std::fs::set_permissions(&shim, std::fs::Permissions::from_mode(0o755)).expect("shim mode");
        }
        Tm { dir, db, sample: true, schema }
    }

    /// A fresh memory without the sample.
    pub fn empty() -> Tm {
        Tm { sample: false, ..Tm::new() }
    }

    /// A memory holding the shipped sample's report as a user's import (the
    /// sample itself never goes into a memory), and its names glossary.
    pub fn seeded() -> Tm {
        let tm = Tm::empty();
        tm.expect(&["import", &memory_file("seed-report.tmx")], None, 0);
        tm.expect(&["glossary", "import", seed_glossary().to_str().unwrap()], None, 0);
        tm
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, content).expect("write fixture");
        path
    }

    /// `program` run inside the memory's directory: it is the working directory, the
    /// home and the temporary directory (so nothing lands in the user's data, cache
    /// or config directories, nor in /tmp), Python writes no bytecode beside its
    /// sources, and `apt-get`, `apt` and `sudo` fail rather than install anything.
    pub fn tool(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let dir = self.dir.path();
        let shims = dir.join(".no-install");
        let path = std::env::var_os("PATH").unwrap_or_default();
        let path = std::env::join_paths(std::iter::once(shims).chain(std::env::split_paths(&path))).expect("PATH");
        let mut cmd = Command::new(program);
        cmd.current_dir(dir).env("PATH", path).env("HOME", dir).env("TMPDIR", dir).env("APPDATA", dir);
        for var in ["XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"] {
            cmd.env_remove(var);
        }
        cmd.env("PYTHONDONTWRITEBYTECODE", "1");
        // Java takes its home from the password file and keeps run data in /tmp.
        let java = format!("-XX:-UsePerfData -Duser.home={0} -Djava.io.tmpdir={0}", dir.display());
        cmd.env("JAVA_TOOL_OPTIONS", java);
        cmd
    }

    /// The built `tm` on this memory (`TM_DB`), run as a [`Tm::tool`]. The first
    /// command creates the memory, whatever it is (`TM_CREATE=1`: without it, a
    /// command that only reads never creates one; `tests/cli/sharing.rs` runs
    /// `tm` without it).
    pub fn cmd(&self) -> Command {
        let mut cmd = self.tool(env!("CARGO_BIN_EXE_tm"));
        cmd.env("TM_DB", &self.db).env("TM_CREATE", "1").env_remove("TM_NO_SAMPLE");
        if !self.sample {
            cmd.env("TM_NO_SAMPLE", "1");
        }
        cmd
    }

    /// `bash -c SCRIPT` as a [`Tm::tool`], with this memory (`TM_DB`) and the built
    /// `tm` as `$TM`.
    pub fn sh(&self, script: &str) -> Command {
        let tm = self.cmd();
        let mut sh = self.tool("bash");
        for (k, v) in tm.get_envs() {
            match v {
                Some(v) => sh.env(k, v),
                None => sh.env_remove(k),
            };
        }
        sh.env("TM", tm.get_program()).arg("-c").arg(script);
        sh
    }

    /// Runs `tm ARGS` with `stdin`; returns the output whatever the status.
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = self.cmd();
        cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run tm");
        let input = stdin.unwrap_or("").to_string();
        let mut pipe = child.stdin.take().expect("stdin");
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(input.as_bytes());
        });
        let out = child.wait_with_output().expect("tm output");
        writer.join().expect("stdin writer");
        out
    }

    /// Runs `tm ARGS` and insists on exit status `code`.
    pub fn expect(&self, args: &[&str], stdin: Option<&str>, code: i32) -> Output {
        let out = self.run(args, stdin);
        assert_eq!(
            out.status.code(),
            Some(code),
            "tm {args:?} exited {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Runs `tm ARGS` (which must exit `code`) and decodes its JSON Lines.
    pub fn json<T: DeserializeOwned>(&self, args: &[&str], stdin: Option<&str>, code: i32) -> Vec<T> {
        let out = self.expect(args, stdin, code);
        lines(&out.stdout)
    }
}

/// Decodes JSON Lines.
pub fn lines<T: DeserializeOwned>(stdout: &[u8]) -> Vec<T> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// A stdout whose reading end is closed already: every write to it fails with a
/// broken pipe, as when `tm … | head` has read what it wanted.
pub fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Stdio::from(writer)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `tm suggest --format json`, one per segment.
#[derive(Deserialize, Debug)]
pub struct Suggestion {
    pub index: usize,
    pub segment: String,
    pub start: usize,
    pub end: usize,
    pub matches: Vec<Match>,
    pub terms: Vec<TermHit>,
}

#[derive(Deserialize, Debug)]
pub struct Match {
    pub score: u8,
    /// A 100 met between the same segments (score 101).
    pub context: bool,
    pub source: String,
    pub target: String,
    pub stored_target: String,
    pub repairs: Vec<Repair>,
    pub origin: String,
    pub id: i64,
    pub created: Option<String>,
    pub changed: Option<String>,
    pub diff: Vec<DiffPiece>,
}

#[derive(Deserialize, Debug, PartialEq, Eq)]
pub struct Repair {
    pub kind: String,
    pub from: String,
    pub to: String,
}

#[derive(Deserialize, Debug)]
pub struct DiffPiece {
    pub op: String,
    pub text: String,
}

#[derive(Deserialize, Debug)]
pub struct TermHit {
    pub source: String,
    pub rendering: String,
}

/// `tm import --format json`, one per input.
#[derive(Deserialize, Debug)]
pub struct ImportReport {
    pub file: String,
    pub imported: u64,
    pub duplicates: u64,
    pub replaced: u64,
    pub skipped: u64,
    pub below_states: u64,
    /// The encoding a text input was read in, when told from its content.
    pub encoding: Option<String>,
    pub error: Option<String>,
}

/// `tm stats --format json`.
#[derive(Deserialize, Debug)]
pub struct Stats {
    pub source_lang: String,
    pub target_lang: String,
    pub entries: u64,
    pub origins: Vec<(String, u64)>,
    pub glossary_terms: u64,
}

/// `tm segment --format json`.
#[derive(Deserialize, Debug)]
pub struct SegmentJson {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub translate: bool,
}

/// The shipped sample memory.
pub const SEED_TMX: &str = include_str!("../../memory/seed-report.tmx");

/// `tm stats --format json`.
pub fn stats(tm: &Tm) -> Stats {
    tm.json::<Stats>(&["stats", "--format", "json"], None, 0).remove(0)
}

/// The Arabic and English of the shipped sample, in order.
pub fn seed_pairs() -> Vec<(String, String)> {
    let seg = |s: &str| {
        let start = s.find("<seg>").unwrap() + 5;
        let end = s.find("</seg>").unwrap();
        s[start..end].replace("&quot;", "\"").replace("&amp;", "&")
    };
    let mut out = Vec::new();
    let mut ar = None;
    for line in SEED_TMX.lines() {
        if line.contains("xml:lang=\"ar\"") {
            ar = Some(seg(line));
        } else if line.contains("xml:lang=\"en\"") {
            out.push((ar.take().unwrap(), seg(line)));
        }
    }
    out
}

/// The shipped sample's glossary (`glossary/names.tsv`).
pub fn seed_glossary() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary/names.tsv")
}

/// A file of the shipped sample (`memory/NAME`).
pub fn memory_file(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("memory").join(name).display().to_string()
}

/// `tm export -o NAME` in the memory's directory.
pub fn fresh_export(tm: &Tm, name: &str) -> PathBuf {
    let out = tm.path(name);
    tm.expect(&["export", "-o", out.to_str().unwrap()], None, 0);
    out
}

/// Exported TMX without the header line (its creation date is the export's).
pub fn body(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap().lines().filter(|l| !l.contains("<header ")).collect::<Vec<_>>().join("\n")
}

/// Something a test needs is missing on this machine: the test is reported as
/// `ignored (WHY)` and counted among the ignored in the summary.
#[derive(Debug)]
pub struct Missing(pub String);

/// What a test that needs material or tools returns: `Err(Missing)` when it could
/// not run.
pub type Checked = Result<(), Missing>;

/// Both kinds of test function: plain ones and the [`Checked`] ones.
pub trait Outcome {
    fn missing(self) -> Option<Missing>;
}

impl Outcome for () {
    fn missing(self) -> Option<Missing> {
        None
    }
}

impl Outcome for Checked {
    fn missing(self) -> Option<Missing> {
        self.err()
    }
}

/// The test `name`, run by the harness: passed, failed (a panic) or ignored (missing).
pub fn trial<T: Outcome + 'static>(name: &str, test: fn() -> T) -> libtest_mimic::Trial {
    trial_on(Engine::Sqlite, name, test)
}

/// The test `name` with its memories on `engine`: on PostgreSQL it is called
/// `postgres::NAME`, and ignored without a database to test on.
pub fn trial_on<T: Outcome + 'static>(engine: Engine, name: &str, test: fn() -> T) -> libtest_mimic::Trial {
    let name = match engine {
        Engine::Sqlite => name.to_string(),
        Engine::Postgres => format!("postgres::{name}"),
    };
    libtest_mimic::Trial::ignorable_test(name, move || {
        if engine == Engine::Postgres
            && let Err(Missing(why)) = test_postgres()
        {
            return Ok(libtest_mimic::Completion::ignored_with(why));
        }
        ENGINE.with(|e| e.set(engine));
        Ok(match test().missing() {
            None => libtest_mimic::Completion::Completed,
            Some(Missing(why)) => libtest_mimic::Completion::ignored_with(why),
        })
    })
}

/// Whether a test that needs something missing must fail rather than be ignored
/// (CI sets TM_REQUIRE_SHARED=1 and TM_REQUIRE_INTEROP=1).
fn required(var: &str) -> bool {
    std::env::var_os(var).is_some_and(|v| v == "1")
}

/// A missing `what`: a failure when `var` is set to 1, else the reason to ignore.
fn missing(var: &str, what: String) -> Missing {
    assert!(!required(var), "{what} ({var}=1)");
    Missing(what)
}

/// The shared material (`../shared` beside the project, or `TM_SHARED`).
pub fn shared() -> Result<PathBuf, Missing> {
    let dir = std::env::var_os("TM_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.join("data").is_dir() {
        return Ok(dir);
    }
    Err(missing("TM_REQUIRE_SHARED", format!("no shared test material at {}; set TM_SHARED", dir.display())))
}

/// The translate-toolkit environment of the interop scripts: `TTK_VENV`, else
/// `tm-interop/venv` in the cache directory, as `../shared/interop/lib.sh` finds it.
/// Complete, so that the scripts have nothing to install in it.
pub fn ttk_venv() -> Result<PathBuf, Missing> {
    let venv = std::env::var_os("TTK_VENV").filter(|v| !v.is_empty()).map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        let cache = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).unwrap_or_else(|| home.join(".cache"));
        cache.join("tm-interop/venv")
    });
    if ["python", "po2tmx", "pocount"].iter().all(|b| venv.join("bin").join(b).is_file()) {
        return Ok(venv);
    }
    let what = format!("translate-toolkit not installed in {}; run ../shared/interop/selftest.sh", venv.display());
    Err(missing("TM_REQUIRE_INTEROP", what))
}

/// The Python of [`ttk_venv`].
pub fn ttk_python() -> Result<PathBuf, Missing> {
    Ok(ttk_venv()?.join("bin/python"))
}

/// Whether the interop tools that `../shared/interop` installs with apt are all
/// installed (xmllint, XML::TMX, OmegaT; unzip where the shared material lacks the
/// TMX DTD), and python3: then its scripts install nothing.
pub fn interop_tools(shared: &Path) -> Result<(), Missing> {
    let installed = |package: &str| {
        Command::new("dpkg-query")
            .args(["-W", "-f=${Status}", package])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("ok installed"))
    };
    let mut packages = vec!["libxml2-utils", "libxml-tmx-perl", "omegat"];
    if !shared.join("data/formats/omegat/src/main/resources/schemas/tmx14.dtd").is_file() {
        packages.push("unzip");
    }
    let python3 = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    let absent: Vec<&str> =
        packages.into_iter().filter(|p| !installed(p)).chain((!python3).then_some("python3")).collect();
    if absent.is_empty() {
        return Ok(());
    }
    let what = format!("interop tools not installed ({}); run ../shared/interop/selftest.sh", absent.join(", "));
    Err(missing("TM_REQUIRE_INTEROP", what))
}

/// Whether `program --version` runs.
fn runs(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// python3 (the independent readers of `tests/interop/`).
pub fn python3() -> Result<(), Missing> {
    if runs("python3") {
        return Ok(());
    }
    Err(missing("TM_REQUIRE_INTEROP", "python3 is not installed".into()))
}

/// xmllint (Debian libxml2-utils, which `../shared/interop` installs).
pub fn xmllint() -> Result<(), Missing> {
    if runs("xmllint") {
        return Ok(());
    }
    let what = "xmllint is not installed (libxml2-utils); run ../shared/interop/selftest.sh".to_string();
    Err(missing("TM_REQUIRE_INTEROP", what))
}

/// Debian's Chromium and its WebDriver (packages chromium and chromium-driver,
/// which `.ci/run` installs): the browser the page tests drive. `CHROMIUM` and
/// `CHROMEDRIVER` name other builds. Missing, a page test fails when
/// TM_REQUIRE_BROWSER=1, else it is ignored.
pub fn browser() -> Result<(PathBuf, PathBuf), Missing> {
    let find = |var: &str, default: &str| {
        std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(default))
    };
    let (chromium, driver) = (find("CHROMIUM", "/usr/bin/chromium"), find("CHROMEDRIVER", "/usr/bin/chromedriver"));
    if chromium.is_file() && driver.is_file() {
        return Ok((chromium, driver));
    }
    let what = format!("no {} or {} (Debian chromium, chromium-driver)", chromium.display(), driver.display());
    Err(missing("TM_REQUIRE_BROWSER", what))
}

/// A test data file (`tests/data/NAME`).
pub fn data_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// A script of `tests/interop/`.
pub fn interop_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop").join(name)
}

/// The OASIS XLIFF schemas that `../shared/interop/xliff_validate.sh` validates
/// against (`XLIFF_XSD_DIR`, else `tm-interop/xliff-xsd` in the cache directory),
/// with xmllint: then the script installs and fetches nothing.
pub fn xliff_schemas(shared: &Path) -> Result<PathBuf, Missing> {
    let dir = std::env::var_os("XLIFF_XSD_DIR").filter(|v| !v.is_empty()).map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        let cache = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).unwrap_or_else(|| home.join(".cache"));
        cache.join("tm-interop/xliff-xsd")
    });
    if runs("xmllint") && dir.join("catalog.xml").is_file() && shared.join("interop/xliff_validate.sh").is_file() {
        return Ok(dir);
    }
    let what = format!("XLIFF schemas or xmllint missing ({}); run ../shared/interop/xliff_selftest.sh", dir.display());
    Err(missing("TM_REQUIRE_INTEROP", what))
}

/// What `xliff_ttk.sh --json` says of one unit.
#[derive(Deserialize, Debug)]
pub struct TtkUnit {
    pub source: String,
    pub target: String,
    pub translated: bool,
    pub fuzzy: bool,
    pub alt_trans: Vec<TtkAlt>,
}

#[derive(Deserialize, Debug)]
pub struct TtkAlt {
    pub target: String,
    pub match_quality: Option<String>,
    pub origin: Option<String>,
}

/// `../shared/interop/xliff_validate.sh FILE` passes.
pub fn assert_valid(tm: &Tm, shared: &Path, schemas: &Path, file: &Path) {
    let out = tm
        .tool("bash")
        .arg(shared.join("interop/xliff_validate.sh"))
        .arg(file)
        .env("XLIFF_XSD_DIR", schemas)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}: {}{}", file.display(), stdout(&out), stderr(&out));
}

/// translate-toolkit's view of `file`, unit by unit.
pub fn ttk(tm: &Tm, shared: &Path, venv: &Path, file: &Path) -> Vec<TtkUnit> {
    let out = tm
        .tool("bash")
        .arg(shared.join("interop/xliff_ttk.sh"))
        .arg(file)
        .arg("--json")
        .env("TTK_VENV", venv)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}: {}", file.display(), stderr(&out));
    lines(&out.stdout)
}
