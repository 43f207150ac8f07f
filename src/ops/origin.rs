//! The identity of an import (its *origin*): a name the user gives, else the
//! imported file's path made absolute (`.` and `..` taken out, the home
//! directory written `~`), so that files of the same name in two folders are two
//! origins and the same file imported again, from wherever, is the same one. What
//! the memory keeps of an import beside it: the file's path and a hash of its
//! content ([`record`]). Origins given on the command line to filter by are
//! matched both as written and as such a path ([`names`]).

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::entry::{ORIGIN_ALIGNED, ORIGIN_SAMPLE};
use crate::error::{Error, Result};
use crate::hash::Fnv1a;
use crate::memory::OriginRecord;
use crate::timestamp::Timestamp;

/// Names an import may not take: the shipped sample's (its entries are labelled
/// by it, and left out of exports).
pub const RESERVED: &[&str] = &[ORIGIN_SAMPLE];

/// Whether `name` is one an import may take (`--origin`).
pub fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || RESERVED.contains(&name) {
        return Err(Error::ReservedOrigin { name: name.to_string() });
    }
    Ok(())
}

/// `path` made absolute against the working directory, without `.` and `..`
/// (symbolic links are not followed: the path is the one the user knows).
pub fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The origin of entries imported from `path`: its absolute path, with the home
/// directory (`home`, if given) written `~`.
pub fn of_path(path: &Path, home: Option<&Path>) -> String {
    let path = absolute(path);
    match home.map(absolute).and_then(|h| path.strip_prefix(&h).ok().map(Path::to_path_buf)) {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", rest.display()),
        _ => path.display().to_string(),
    }
}

/// [`of_path`] with the user's home directory.
pub fn of_file(path: &Path) -> String {
    of_path(path, dirs::home_dir().as_deref())
}

/// The origins a filter given `origin` on the command line takes: the name as
/// written (an origin `tm stats` lists, a name given on import, or one of an
/// earlier `tm`, the bare file name), and the origin of the file it names, if
/// it is a path.
pub fn names(origin: &str) -> Vec<String> {
    let mut out = vec![origin.to_string()];
    if !RESERVED.contains(&origin) && origin != ORIGIN_ALIGNED && !origin.starts_with('~') {
        let file = of_file(Path::new(origin));
        if file != origin {
            out.push(file);
        }
    }
    out
}

/// FNV-1a of the bytes of `paths`, one after the other, and their size.
pub fn content_hash(paths: &[&Path], stop: &AtomicBool) -> Result<(String, u64)> {
    let mut hash = Fnv1a::default();
    let mut bytes = 0u64;
    let mut buffer = vec![0u8; 1 << 16];
    for path in paths {
        let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        loop {
            if stop.load(Ordering::Relaxed) {
                return Err(Error::io(path, std::io::ErrorKind::Interrupted.into()));
            }
            let n = file.read(&mut buffer).map_err(|e| Error::io(path, e))?;
            if n == 0 {
                break;
            }
            hash.write(&buffer[..n]);
            bytes += n as u64;
        }
    }
    Ok((format!("{:016x}", hash.finish()), bytes))
}

/// What the memory keeps of an import of `paths` under origin `name`.
/// Hashing `paths` gives up, with an error, once `stop` is set (the import
/// failed).
pub fn record(name: &str, paths: &[&Path], collection: Option<&str>, stop: &AtomicBool) -> Result<OriginRecord> {
    let (hash, bytes) = content_hash(paths, stop)?;
    let path = paths.iter().map(|p| absolute(p).display().to_string()).collect::<Vec<_>>().join(" + ");
    Ok(OriginRecord {
        name: name.to_string(),
        path: Some(path),
        hash: Some(hash),
        bytes: Some(bytes),
        collection: collection.map(str::to_string),
        imported: Timestamp::now(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_one_name_in_two_folders_are_two_origins() {
        let home = Path::new("/home/nadia");
        let a = of_path(Path::new("/home/nadia/clientA/names.tsv"), Some(home));
        let b = of_path(Path::new("/home/nadia/clientB/./names.tsv"), Some(home));
        assert_eq!((a.as_str(), b.as_str()), ("~/clientA/names.tsv", "~/clientB/names.tsv"));
        assert_eq!(of_path(Path::new("/home/nadia/x/../clientA/names.tsv"), Some(home)), a);
        assert_eq!(of_path(Path::new("/srv/omegat/project_save.tmx"), Some(home)), "/srv/omegat/project_save.tmx");
        assert_eq!(of_path(Path::new("/home/nadiax/a.tmx"), Some(home)), "/home/nadiax/a.tmx");
    }

    #[test]
    fn the_sample_name_is_reserved() {
        assert!(check_name("sample").is_err());
        assert!(check_name(" ").is_err());
        assert!(check_name("acme 2024").is_ok());
        assert_eq!(names("sample"), vec!["sample"]);
        assert_eq!(names("aligned"), vec!["aligned"]);
    }
}
