//! What a command checks before it opens (and perhaps creates) the memory: that
//! the files it reads can be read and the files it writes have a directory to go
//! in. A command given a wrong path fails with the path named, and leaves nothing
//! behind.

use std::fs::File;
use std::path::Path;

use crate::error::{Error, Result};
use crate::formats::dictionary;

/// `path` can be opened for reading, and is not a directory (which opens, then
/// fails on the first read with a message that names no file).
pub fn readable(path: &Path) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        let message = "a directory, not a file (name the files in it: DIR/*.tmx)";
        return Err(Error::io(path, std::io::Error::new(std::io::ErrorKind::IsADirectory, message)));
    }
    Ok(())
}

/// `path` names a file in a directory that exists.
pub fn writable(path: &Path) -> Result<()> {
    let not_a_file = || Error::io(path, std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"));
    path.file_name().ok_or_else(not_a_file)?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if dir.is_dir() {
        Ok(())
    } else {
        Err(Error::io(dir, std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory")))
    }
}

/// The dictionary at `path` (all its files) can be read.
pub fn dictionary(path: &Path) -> Result<()> {
    dictionary::Files::of(path).map(drop)
}
