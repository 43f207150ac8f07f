//! Opening a memory as a command does: at the default place unless told, its
//! index rebuilt if other rules made it, and whether the shipped sample is
//! consulted beside it ([`crate::sample`]: never stored in it).
//!
//! A command that only reads opens the memory read-only and never creates it
//! where it was told to look ([`Create::Never`]): a mistyped path is an error, not
//! a new memory. A command that writes creates it where its directory exists
//! ([`Create::InDirectory`]); the default place, and a path given with
//! `--create`, get their directories made too ([`Create::WithDirectories`]). A
//! PostgreSQL URL (`postgresql://user@host/db`) names a memory in that database
//! (which must exist: creating databases is its administrator's), made there by
//! the first command that writes; any other name that looks like a URL is
//! refused, never taken for a file. How many processes share one memory is [`crate::memory::store`]'s.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::lang::LangPair;
use crate::memory::{Access, IndexState, Memory, Open, WAIT};
use crate::progress::Progress;

/// What a command does with the memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Usage {
    /// Only reads it (suggest, search, stats, export, check, align).
    Read,
    /// Writes to it (import, remove, glossary import, reindex).
    #[default]
    Write,
}

/// Whether opening may create a memory that is not there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Create {
    /// It must exist.
    Never,
    /// In its directory, which must exist.
    #[default]
    InDirectory,
    /// With the directories it goes in.
    WithDirectories,
}

/// Whether the shipped sample (memory and glossary, [`crate::sample`]) is
/// consulted beside an Arabic→English memory. It is never stored in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sample {
    /// While the memory holds no entry and no glossary term (the default: `tm
    /// suggest` works with no set-up, and stops showing the sample once the
    /// user's own work is in).
    #[default]
    WhileEmpty,
    /// Always (`--sample`): suggestions and concordance consult it, exports add it.
    Always,
    /// Never (`--no-sample`).
    Leave,
}

/// How to open a memory.
#[derive(Clone, Debug, Default)]
pub struct OpenOptions {
    /// The language pair asked for: a new memory gets it (else Arabic→English), an
    /// existing one must hold it.
    pub pair: Option<LangPair>,
    pub sample: Sample,
    pub usage: Usage,
    pub create: Create,
    /// The longest wait for another process's lock (a writer waits for the one
    /// writing before it).
    pub wait: Option<Duration>,
}

/// A memory opened, and what opening it took.
pub struct Opened {
    pub memory: Memory,
    /// The memory was created.
    pub created: bool,
    /// Whether the shipped sample is consulted beside the memory (by
    /// [`Sample`]).
    pub sample: bool,
    /// The index was made by other rules (their version) and has been rebuilt.
    pub reindexed: Option<u32>,
}

/// The memory used when none is named: `tm/memory.db` in the platform's data
/// directory (`$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application
/// Support` on macOS, the roaming application data on Windows).
pub fn default_path() -> Result<PathBuf> {
    let base = dirs::data_dir().ok_or(Error::NoDataDirectory)?;
    Ok(base.join("tm").join("memory.db"))
}

/// Whether `name` looks like a URL (`scheme://…`) rather than a file's path.
pub fn is_url(name: &Path) -> bool {
    let name = name.to_string_lossy();
    name.split_once("://").is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Opens the memory at `path` for `options.usage`, creating it if
/// `options.create` allows and it is not there; an index made by other rules is
/// rebuilt, reporting to `progress`. The memory gets nothing of the sample.
///
/// ```
/// use tm::ops::open::{Create, OpenOptions, Usage, open};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("memory.db");
/// let read = OpenOptions { usage: Usage::Read, create: Create::Never, ..OpenOptions::default() };
/// assert!(open(&path, &read, &tm::progress::Silent).is_err(), "a reader never creates a memory");
/// let opened = open(&path, &OpenOptions::default(), &tm::progress::Silent)?;
/// assert!(opened.created);
/// assert!(opened.sample, "an empty memory is shown the sample");
/// assert!(opened.memory.store().is_empty()?, "and holds none of it");
/// assert!(!open(&path, &read, &tm::progress::Silent)?.created);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn open(path: &Path, options: &OpenOptions, progress: &dyn Progress) -> Result<Opened> {
    let wait = options.wait.unwrap_or(WAIT);
    let name = || path.display().to_string();
    let postgres = path.to_str().is_some_and(crate::memory::store::is_postgres);
    if is_url(path) && !postgres {
        return Err(Error::NotAPath { name: name() });
    }
    let exists = postgres || path.try_exists().map_err(|e| Error::io(path, e))?;
    let access = match (exists, options.usage) {
        (true, Usage::Write) if postgres => Access::Create,
        (true, Usage::Read) => Access::Read,
        (true, Usage::Write) => Access::Write,
        (false, _) => {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            match options.create {
                Create::Never => return Err(Error::NoMemory { path: name() }),
                Create::InDirectory if !dir.is_dir() => {
                    return Err(Error::NoDirectory { path: name(), dir: dir.display().to_string() });
                }
                Create::InDirectory => {}
                Create::WithDirectories => std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?,
            }
            Access::Create
        }
    };
    let (mut memory, created) = match Memory::open(path, Open { access, wait }, options.pair.as_ref()) {
        // A database that holds no memory yet, for a reader that may create one.
        Err(Error::NotAMemory { .. }) if postgres && options.create != Create::Never => {
            Memory::open(path, Open { access: Access::Create, wait }, options.pair.as_ref())?
        }
        opened => opened?,
    };
    if access == Access::Read && memory.index_state()? != IndexState::Current {
        // Rebuilding the index is a write.
        memory = Memory::open(path, Open { access: Access::Write, wait }, options.pair.as_ref())?.0;
    }
    prepare(memory, created, options, progress)
}

/// [`open`] for a memory in RAM (tests, one-off work).
pub fn open_in_memory(options: &OpenOptions, progress: &dyn Progress) -> Result<Opened> {
    let memory = Memory::in_memory(options.pair.as_ref())?;
    prepare(memory, true, options, progress)
}

fn prepare(mut memory: Memory, created: bool, options: &OpenOptions, progress: &dyn Progress) -> Result<Opened> {
    let mut reindexed = None;
    if let IndexState::Stale { made_by } = memory.index_state()? {
        memory.reindex(progress)?;
        reindexed = Some(made_by);
    }
    let sample = sample_now(&memory, options.sample)?;
    Ok(Opened { memory, created, sample, reindexed })
}

/// Whether the shipped sample is consulted beside `memory` now, by `sample`
/// (a server asks at each request: the sample goes once the memory holds
/// something).
pub fn sample_now(memory: &Memory, sample: Sample) -> Result<bool> {
    Ok(memory.pair() == &LangPair::arabic_english()
        && match sample {
            Sample::WhileEmpty => memory.store().is_empty()?,
            Sample::Always => true,
            Sample::Leave => false,
        })
}
