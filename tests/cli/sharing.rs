//! One memory, many processes: readers never fail while a writer works, writers
//! take turns with a bounded wait, a reader never creates a memory, a memory
//! named by a URL is refused, and a memory that cannot be written can be read.
//!
//! The imports are of the shipped sample's pairs, each repeated with a number put
//! in, so that every unit is new; the readers are other `tm` processes (and, where
//! a lock must be held for a known time, a SQLite connection of the test).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Checked, ImportReport, Missing, Stats, Suggestion, Tm, lines, memory_file, seed_pairs, stats, stderr};

tests![
    reads_from_other_processes_succeed_during_an_import,
    two_imports_started_together_both_land,
    three_imports_started_together_on_a_new_memory_make_it_once,
    an_import_runs_while_another_process_is_reading,
    a_writer_kept_waiting_too_long_says_so_and_changes_nothing,
    a_read_command_never_creates_a_memory,
    a_writing_command_creates_a_memory_only_in_a_directory_that_exists,
    the_default_memory_is_made_on_first_use,
    ;
    sqlite:
    a_memory_that_cannot_be_written_can_be_read,
    a_memory_named_by_a_url_is_refused,
];

/// A bilingual TSV of `n` units: the sample's pairs in turn, each with `tag` and
/// its number put in.
fn pairs_tsv(tm: &Tm, name: &str, n: usize, tag: &str) -> PathBuf {
    let seed = seed_pairs();
    let mut tsv = String::from("ar\ten\n");
    for i in 0..n {
        let (ar, en) = &seed[i % seed.len()];
        tsv += &format!("{ar} ({tag}{i})\t{en} ({tag}{i})\n");
    }
    tm.write(name, tsv)
}

/// The size of input the defects were seen at: from 16 MiB on, an import was
/// made in bulk mode, with a rollback journal that locked other processes out.
const BULK_SIZED: usize = 16 << 20;

/// A bilingual TSV of at least `bytes`: units of three consecutive sentences of
/// the sample (so that the file is large for the units it has, and imports in a
/// few seconds), each with `tag` and its number put in. Returns it and its units.
fn paragraphs_tsv(tm: &Tm, name: &str, bytes: usize, tag: &str) -> (PathBuf, u64) {
    let seed = seed_pairs();
    let mut tsv = String::from("ar\ten\n");
    let mut n = 0;
    while tsv.len() < bytes {
        let three = |side: fn(&(String, String)) -> &String| {
            (0..3).map(|j| side(&seed[(n + j) % seed.len()]).as_str()).collect::<Vec<_>>().join(" ")
        };
        tsv += &format!("{} ({tag}{n})\t{} ({tag}{n})\n", three(|p| &p.0), three(|p| &p.1));
        n += 1;
    }
    (tm.write(name, tsv), n as u64)
}

fn spawn_import(tm: &Tm, file: &Path) -> Child {
    tm.cmd()
        .args(["import", "--format", "json", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tm import")
}

fn imported(out: &Output) -> u64 {
    assert!(out.status.success(), "import failed: {}", stderr(out));
    lines::<ImportReport>(&out.stdout).iter().map(|r| r.imported).sum()
}

/// Defect: a large import locked every other `tm` out at once ("database is
/// locked" in 299 of 300 reads). Now stats, search and suggest from other
/// processes all succeed while it runs, and see the memory as it was before it.
fn reads_from_other_processes_succeed_during_an_import() {
    let tm = Tm::seeded();
    let before = stats(&tm).entries;
    let (file, n) = paragraphs_tsv(&tm, "big.tsv", BULK_SIZED, "");
    let sentence = &seed_pairs()[3].0;
    let mut import = spawn_import(&tm, &file);
    let mut during = 0;
    let mut reads = 0;
    loop {
        let running = import.try_wait().unwrap().is_none();
        let out = match reads % 3 {
            0 => tm.run(&["stats", "--format", "json"], None),
            1 => tm.run(&["search", "النفط", "--format", "json"], None),
            _ => tm.run(&["suggest", "--lines", "--format", "json"], Some(sentence)),
        };
        reads += 1;
        assert_eq!(out.status.code(), Some(0), "read {reads} failed during the import: {}", stderr(&out));
        if reads % 3 == 1 {
            // The import is not there until it commits, then all of it is.
            let entries = lines::<Stats>(&out.stdout)[0].entries;
            assert!(entries == before || entries == before + n, "a reader saw {entries} entries");
        }
        if reads % 3 == 0 {
            let got: Vec<Suggestion> = lines(&out.stdout);
            assert_eq!(got[0].matches[0].score, 100);
        }
        let still_running = import.try_wait().unwrap().is_none();
        if running && still_running {
            during += 1;
        }
        if !still_running {
            break;
        }
    }
    assert_eq!(imported(&import.wait_with_output().unwrap()), n);
    assert!(during >= 3, "only {during} reads ran while the import did: make the import larger");
    assert_eq!(stats(&tm).entries, before + n);
}

/// Defect: of two imports started together, the second failed in 4 of 6 runs
/// instead of waiting its turn. A large one and a small one started together
/// both land, one after the other, with nothing lost.
fn two_imports_started_together_both_land() {
    let tm = Tm::seeded();
    let before = stats(&tm).entries;
    let (a, n) = paragraphs_tsv(&tm, "a.tsv", BULK_SIZED, "a");
    let b = pairs_tsv(&tm, "b.tsv", 3_000, "b");
    let first = spawn_import(&tm, &a);
    let second = spawn_import(&tm, &b);
    assert_eq!(imported(&first.wait_with_output().unwrap()), n);
    assert_eq!(imported(&second.wait_with_output().unwrap()), 3_000);
    let s = stats(&tm);
    assert_eq!(s.entries, before + n + 3_000);
    // Origins are the files' paths; the seed report's is the third.
    let mut origins: Vec<(String, u64)> = s
        .origins
        .iter()
        .map(|(o, k)| (Path::new(o).file_name().unwrap().to_string_lossy().into_owned(), *k))
        .collect();
    origins.sort();
    let seed = ("seed-report.tmx".to_string(), before);
    assert_eq!(origins, vec![("a.tsv".to_string(), n), ("b.tsv".to_string(), 3_000), seed]);
    // Every unit of both, once.
    let tsv = crate::util::stdout(&tm.expect(&["export", "--format", "tsv"], None, 0));
    for (tag, n) in [("a", n), ("b", 3_000)] {
        for i in [0, 1, n / 2, n - 1] {
            assert_eq!(tsv.matches(&format!(" ({tag}{i})\t")).count(), 1, "unit {tag}{i}");
        }
    }
}

/// Defect: three first commands at once on a new PostgreSQL memory made its
/// tables each (all but one failed with "relation … already exists"): a
/// transaction begun before the wait for the schema's lock read the catalog as
/// it was before the first command made them. Each import lands, once (five
/// new memories).
fn three_imports_started_together_on_a_new_memory_make_it_once() {
    for _ in 0..5 {
        let tm = Tm::empty();
        let files: Vec<PathBuf> = ["a", "b", "c"].iter().map(|t| pairs_tsv(&tm, &format!("{t}.tsv"), 50, t)).collect();
        let imports: Vec<Child> = files.iter().map(|f| spawn_import(&tm, f)).collect();
        for import in imports {
            let out = import.wait_with_output().unwrap();
            assert_eq!(imported(&out), 50, "{}", stderr(&out));
        }
        assert_eq!(stats(&tm).entries, 150);
    }
}

/// Defect: a bulk import failed outright ("nothing imported") when another
/// process had the memory open. A reader in the middle of a read transaction
/// does not stop an import, and goes on seeing the memory as it was until its
/// transaction ends.
fn an_import_runs_while_another_process_is_reading() {
    let tm = Tm::new();
    let before = stats(&tm).entries;
    let mut reader = tm.connect();
    reader.begin_read();
    let count = |c: &mut crate::util::Db| c.int("SELECT count(*) FROM entry") as u64;
    assert_eq!(count(&mut reader), before);
    let (file, n) = paragraphs_tsv(&tm, "big.tsv", BULK_SIZED, "");
    let out = spawn_import(&tm, &file).wait_with_output().unwrap();
    assert_eq!(imported(&out), n);
    assert_eq!(count(&mut reader), before, "the reader's transaction sees the memory as it began");
    reader.batch("COMMIT");
    assert_eq!(count(&mut reader), before + n);
    assert_eq!(stats(&tm).entries, before + n);
}

/// A writer waits for the one writing before it for at most `--wait` seconds,
/// then says why it gave up and changes nothing; readers are not kept waiting.
fn a_writer_kept_waiting_too_long_says_so_and_changes_nothing() {
    let tm = Tm::new();
    let before = stats(&tm).entries;
    let file = pairs_tsv(&tm, "pairs.tsv", 50, "");
    let mut writer = tm.connect();
    writer.begin_write();
    writer.batch("DELETE FROM entry");
    let started = Instant::now();
    let out = tm.expect(&["--wait", "1", "import", file.to_str().unwrap()], None, 2);
    let waited = started.elapsed();
    assert!(
        stderr(&out).contains("another tm is writing to this memory and did not finish within 1 s; nothing was changed"),
        "{}",
        stderr(&out)
    );
    assert!(waited >= Duration::from_secs(1) && waited < Duration::from_secs(20), "waited {waited:?}");
    assert!(
        stderr(&out).contains("another tm is writing to this memory; waiting for it to finish (at most 1 s)"),
        "{}",
        stderr(&out)
    );
    // A reader meanwhile: at once, and without the writer's uncommitted change.
    let started = Instant::now();
    assert_eq!(stats(&tm).entries, before);
    assert!(started.elapsed() < Duration::from_secs(5), "a reader waited {:?}", started.elapsed());
    writer.batch("ROLLBACK");
    let out = tm.expect(&["--wait", "1", "import", "--format", "json", file.to_str().unwrap()], None, 0);
    assert_eq!(lines::<ImportReport>(&out.stdout)[0].imported, 50);
    assert_eq!(stats(&tm).entries, before + 50);
}

/// Everything under `dir`, for checking that nothing was made.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        }
        out.push(p);
    }
    out.sort();
    out
}

/// Defect: `tm --db missing/dir/m.db stats` made the directories and a memory
/// seeded with the sample, and exited 0. A command that only reads never
/// creates a memory where it was told to look.
fn a_read_command_never_creates_a_memory() {
    let tm = Tm::new();
    let doc = memory_file("example.ar.txt");
    let listed = files_under(tm.dir.path());
    for db in ["missing/dir/m.db", "typo.db"] {
        for args in [
            vec!["stats"],
            vec!["suggest", doc.as_str()],
            vec!["search", "النفط"],
            vec!["export"],
            vec!["glossary", "list"],
            vec!["check", "--memory"],
        ] {
            let out = tm.cmd().env_remove("TM_CREATE").args(["--db", db]).args(&args).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "tm --db {db} {args:?}: {}", stderr(&out));
            assert!(
                stderr(&out).contains(&format!("{db}: no such memory; a command that only reads never creates one")),
                "tm --db {db} {args:?}: {}",
                stderr(&out)
            );
        }
    }
    assert_eq!(files_under(tm.dir.path()), listed, "something was created");
    // Asked to, it does.
    let out = tm.cmd().env_remove("TM_CREATE").args(["--db", "missing/dir/m.db", "--create", "stats"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(tm.path("missing/dir/m.db").is_file());
}

/// A command that writes creates a memory in a directory that exists; a
/// directory that does not (a typo) is an error unless `--create` is given.
fn a_writing_command_creates_a_memory_only_in_a_directory_that_exists() {
    let tm = Tm::empty();
    let file = pairs_tsv(&tm, "pairs.tsv", 10, "");
    let file = file.to_str().unwrap();
    let out = tm.cmd().env_remove("TM_CREATE").args(["--db", "missing/dir/m.db", "import", file]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing/dir/m.db: no directory missing/dir to create the memory in (--create makes it)"),
        "{}",
        stderr(&out)
    );
    assert!(!tm.path("missing").exists());
    for db in ["here.db", "missing/dir/m.db"] {
        let create: &[&str] = if db == "here.db" { &[] } else { &["--create"] };
        let out = tm.cmd().env_remove("TM_CREATE").args(["--db", db]).args(create).args(["import", file]).output().unwrap();
        assert!(out.status.success(), "{db}: {}", stderr(&out));
        let out = tm.cmd().args(["--db", db, "stats", "--format", "json"]).output().unwrap();
        assert_eq!(lines::<Stats>(&out.stdout)[0].entries, 10, "{db}");
    }
}

/// Defect: `--db postgresql://host/db` made a directory `postgresql:` with a
/// SQLite file in it. A name that looks like a URL other than PostgreSQL's is
/// refused, for every command.
fn a_memory_named_by_a_url_is_refused() {
    let tm = Tm::empty();
    let file = pairs_tsv(&tm, "pairs.tsv", 10, "");
    let listed = files_under(tm.dir.path());
    for url in ["sqlite:///m.db", "https://example.org/m.db", "mysql://host/db"] {
        for args in [vec!["stats"], vec!["--create", "import", file.to_str().unwrap()]] {
            let out = tm.cmd().env_remove("TM_CREATE").args(["--db", url]).args(&args).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{url} {args:?}");
            assert!(stderr(&out).contains(&format!("{url} is a URL; a memory is a SQLite file or a PostgreSQL database")), "{}", stderr(&out));
        }
    }
    assert_eq!(files_under(tm.dir.path()), listed, "something was created");
}

/// The README's first command works on a machine with no memory yet: the
/// default memory (in the platform data directory) is made, even by a command
/// that only reads, and the shipped sample is shown beside it.
fn the_default_memory_is_made_on_first_use() {
    let tm = Tm::new();
    let out = tm.cmd().env_remove("TM_DB").env_remove("TM_CREATE").args(["suggest", &memory_file("example.ar.txt")]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let made = tm.path(".local/share/tm/memory.db");
    assert!(made.is_file(), "no memory at {}", made.display());
    assert!(stderr(&out).contains("show the shipped sample"), "{}", stderr(&out));
    assert!(crate::util::stdout(&out).contains("KazMunayGas"));
}

/// `program` as a user who cannot write what root (the usual user of a
/// container) can: `nobody`, through util-linux's setpriv. `None` when it
/// cannot be run so.
fn unprivileged(tm: &Tm, program: &str) -> Option<Command> {
    let root = Command::new("id").arg("-u").output().ok().is_some_and(|o| o.stdout.starts_with(b"0\n"));
    if !root {
        return Some(tm.tool(program));
    }
    let mut cmd = tm.tool("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--", program]);
    Some(cmd).filter(|_| tm.tool("setpriv").arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// Defect: a memory on a read-only file system could not be read ("unable to
/// open database file"). In a directory and a file nobody may write (as on a
/// read-only mount), `stats` and `suggest` work; an import says why it cannot.
fn a_memory_that_cannot_be_written_can_be_read() -> Checked {
    use std::os::unix::fs::PermissionsExt;
    let tm = Tm::new();
    let before = stats(&tm).entries;
    let file = pairs_tsv(&tm, "pairs.tsv", 10, "");
    let mode = |path: &Path, mode: u32| std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    let mut parent = Some(tm.dir.path());
    while let Some(dir) = parent.filter(|d| d.starts_with(std::env::temp_dir()) && *d != std::env::temp_dir()) {
        mode(dir, 0o755); // for the user the test runs tm as
        parent = dir.parent();
    }
    mode(&file, 0o644);
    let shared = tm.path("memory");
    std::fs::create_dir(&shared).unwrap();
    let db = shared.join("m.db");
    std::fs::rename(&tm.db, &db).unwrap();
    assert!(!tm.path("memory.db-wal").exists(), "the memory was left with a log");
    mode(&db, 0o444);
    mode(&shared, 0o555);
    let run = |args: &[&str]| -> Option<Output> {
        let mut cmd = unprivileged(&tm, env!("CARGO_BIN_EXE_tm"))?;
        cmd.env("TM_DB", &db).env_remove("TM_CREATE").args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        Some(cmd.output().unwrap())
    };
    let Some(probe) = unprivileged(&tm, "touch").map(|mut c| c.arg(shared.join("probe")).output().unwrap()) else {
        return Err(Missing("running as root without setpriv: no user for whom a directory is read-only".into()));
    };
    if probe.status.success() {
        return Err(Missing("the user tm runs as can write a read-only directory here".into()));
    }
    let out = run(&["stats", "--format", "json"]).unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(lines::<Stats>(&out.stdout)[0].entries, before);
    let out = run(&["suggest", "--format", "json", &memory_file("seed-report.ar.txt")]).unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(lines::<Suggestion>(&out.stdout)[0].matches[0].score, 100);
    let out = run(&["import", file.to_str().unwrap()]).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the memory is read-only here"), "{}", stderr(&out));
    assert_eq!(files_under(&shared), vec![db.clone()], "something was written beside the memory");
    mode(&shared, 0o755);
    Ok(())
}
