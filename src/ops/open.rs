//! Opening a memory as a command does: at the default place unless told, its
//! index rebuilt if other rules made it, and whether the shipped sample is
//! consulted beside it ([`crate::sample`]: never stored in it).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::lang::LangPair;
use crate::memory::{IndexState, Memory};
use crate::progress::Progress;

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

/// Opens (creating if needed) the memory at `path`; an index made by other rules
/// is rebuilt, reporting to `progress`. The memory gets nothing of the sample.
///
/// ```
/// use tm::ops::open::{OpenOptions, open};
/// let dir = tempfile::tempdir()?;
/// let opened = open(&dir.path().join("memory.db"), &OpenOptions::default(), &tm::progress::Silent)?;
/// assert!(opened.created);
/// assert!(opened.sample, "an empty memory is shown the sample");
/// assert!(opened.memory.store().is_empty()?, "and holds none of it");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn open(path: &Path, options: &OpenOptions, progress: &dyn Progress) -> Result<Opened> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let (memory, created) = Memory::open(path, options.pair.as_ref())?;
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
    let sample = memory.pair() == &LangPair::arabic_english()
        && match options.sample {
            Sample::WhileEmpty => memory.store().is_empty()?,
            Sample::Always => true,
            Sample::Leave => false,
        };
    Ok(Opened { memory, created, sample, reindexed })
}
