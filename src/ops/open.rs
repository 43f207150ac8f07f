//! Opening a memory as a command does: at the default place unless told, created
//! with the shipped sample on first use, its index rebuilt if other rules made it.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::lang::LangPair;
use crate::memory::{IndexState, Memory};
use crate::progress::Progress;
use crate::sample;

/// Whether a new memory gets the shipped sample (memory and glossary).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sample {
    /// Load it into a new Arabic→English memory (the default: `tm suggest` works
    /// with no set-up).
    #[default]
    Load,
    /// Leave it out.
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
    /// (entries, glossary terms) of the sample loaded into a new memory.
    pub sample: Option<(u64, u64)>,
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

/// Opens (creating if needed) the memory at `path`. A new memory gets the sample
/// unless asked not to; an index made by other rules is rebuilt, reporting to
/// `progress`.
///
/// ```
/// use tm::ops::open::{OpenOptions, open};
/// let dir = tempfile::tempdir()?;
/// let opened = open(&dir.path().join("memory.db"), &OpenOptions::default(), &tm::progress::Silent)?;
/// assert!(opened.created);
/// let (entries, terms) = opened.sample.expect("a new memory gets the sample");
/// assert!(entries > 0 && terms > 0);
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
    let wants_sample = created && options.sample == Sample::Load && memory.pair() == &LangPair::arabic_english();
    let sample = if wants_sample { Some(sample::load(&mut memory)?) } else { None };
    Ok(Opened { memory, created, sample, reindexed })
}
