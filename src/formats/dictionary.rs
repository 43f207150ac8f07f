//! Bilingual dictionaries for the aligner, read at run time (none is shipped):
//!
//! - **dictd** databases, as FreeDict publishes them (Debian's
//!   `dict-freedict-ara-eng`: `freedict-ara-eng.index` beside
//!   `freedict-ara-eng.dict.dz` or `.dict`). Give either file; the other is found
//!   beside it. Each headword's senses (`1. Aduncous`) become English lemmas.
//! - **TSV**: `arabic<TAB>english` per line, `#` comments, for a user's own list.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::align::lexicon::Dictionary;
use crate::error::{Error, Position, Result};

/// The files a dictionary is read from: a dictd database's index and body (from
/// either one's path), or the TSV file itself.
pub enum Files {
    Dictd { index: PathBuf, body: PathBuf },
    Tsv(PathBuf),
}

impl Files {
    /// The files of the dictionary at `path`; an error names the one that is missing.
    pub fn of(path: &Path) -> Result<Files> {
        let file_name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let stem = file_name
            .strip_suffix(".dict.dz")
            .or_else(|| file_name.strip_suffix(".dict"))
            .or_else(|| file_name.strip_suffix(".index"));
        let readable = |p: PathBuf| std::fs::File::open(&p).map(|_| p.clone()).map_err(|e| Error::io(&p, e));
        match stem {
            Some(stem) => {
                let dir = path.parent().unwrap_or(Path::new("."));
                let index = readable(dir.join(format!("{stem}.index")))?;
                let body = [format!("{stem}.dict.dz"), format!("{stem}.dict")]
                    .into_iter()
                    .map(|b| dir.join(b))
                    .find(|p| p.is_file())
                    .ok_or_else(|| Error::Io {
                        path: path.display().to_string(),
                        source: std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            format!("no {stem}.dict.dz or {stem}.dict beside it"),
                        ),
                    })?;
                Ok(Files::Dictd { index, body })
            }
            None => Ok(Files::Tsv(readable(path.to_path_buf())?)),
        }
    }
}

/// Reads a dictionary file (dictd index or body, or TSV).
pub fn open(path: &Path) -> Result<Dictionary> {
    match Files::of(path)? {
        Files::Dictd { index, body } => read_dictd(&index, &body),
        Files::Tsv(path) => {
            let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
            read_tsv(BufReader::new(file), &path.display().to_string())
        }
    }
}

fn base64_number(text: &str) -> Option<usize> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    text.bytes().try_fold(0usize, |n, b| Some(n.checked_mul(64)? + ALPHABET.iter().position(|&a| a == b)?))
}

fn read_dictd(index: &Path, body: &PathBuf) -> Result<Dictionary> {
    let raw = std::fs::read(body).map_err(|e| Error::io(body, e))?;
    let bytes = if body.extension().is_some_and(|e| e == "dz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| Error::parse(Position::new(body.display().to_string()), format!("not a dictzip file: {e}")))?;
        out
    } else {
        raw
    };
    let index_name = index.display().to_string();
    let file = std::fs::File::open(index).map_err(|e| Error::io(index, e))?;
    let mut dict = Dictionary::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let at = || Position::new(&index_name).line(i as u64 + 1);
        let line = line.map_err(|e| Error::parse(at(), e.to_string()))?;
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 || cols[0].starts_with("00database") || cols[0].starts_with("00-database") {
            continue;
        }
        let (Some(offset), Some(length)) = (base64_number(cols[1]), base64_number(cols[2])) else {
            return Err(Error::parse(at(), "not a dictd index line (headword, offset, length)"));
        };
        let Some(entry) = bytes.get(offset..offset + length) else {
            return Err(Error::parse(at(), format!("entry {} lies outside {}", cols[0], body.display())));
        };
        let entry = String::from_utf8_lossy(entry);
        // First line: the headword (and its pronunciation); then the senses.
        for sense in entry.lines().skip(1) {
            let sense = sense.trim();
            let sense =
                sense.split_once(". ").filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit())).map_or(sense, |(_, s)| s);
            if !sense.is_empty() {
                dict.add(cols[0], sense);
            }
        }
    }
    Ok(dict)
}

fn read_tsv(input: impl BufRead, name: &str) -> Result<Dictionary> {
    let mut dict = Dictionary::new();
    for (i, line) in input.lines().enumerate() {
        let line = line.map_err(|e| Error::parse(Position::new(name).line(i as u64 + 1), e.to_string()))?;
        let line = line.trim_start_matches('\u{FEFF}');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((ar, en)) = line.split_once('\t') else {
            return Err(Error::parse(Position::new(name).line(i as u64 + 1), "expected arabic<TAB>english"));
        };
        dict.add(ar.trim(), en.trim());
    }
    Ok(dict)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::key;

    #[test]
    fn dictd_numbers_are_base64() {
        assert_eq!(base64_number("B"), Some(1));
        assert_eq!(base64_number("BA"), Some(64));
        assert_eq!(base64_number("!"), None);
    }

    #[test]
    fn a_dictd_database_is_read_from_its_index() {
        let dir = tempfile::tempdir().unwrap();
        let body = "عامل /ʕaːmil/\n1. worker\n2. factor\nشركة /ʃarika/\ncompany\n";
        let first = "عامل /ʕaːmil/\n1. worker\n2. factor\n".len();
        std::fs::write(dir.path().join("t.dict"), body).unwrap();
        let b64 = |n: usize| {
            let a = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let mut s = String::new();
            let mut n = n;
            loop {
                s.insert(0, a[n % 64] as char);
                n /= 64;
                if n == 0 {
                    break s;
                }
            }
        };
        let index = format!("عامل\t{}\t{}\nشركة\t{}\t{}\n", b64(0), b64(first), b64(first), b64(body.len() - first));
        std::fs::write(dir.path().join("t.index"), index).unwrap();
        let d = open(&dir.path().join("t.index")).unwrap();
        assert_eq!(d.lookup(&key("العامل")), vec!["worker", "factor"]);
        assert_eq!(d.lookup(&key("شركة")), vec!["company"]);
    }

    #[test]
    fn a_tsv_dictionary_is_read() {
        let d = read_tsv("# mine\nنفط\toil; petroleum\n".as_bytes(), "d.tsv").unwrap();
        assert_eq!(d.lookup(&key("النفط")), vec!["oil", "petroleum"]);
        assert!(read_tsv("نفط oil\n".as_bytes(), "d.tsv").unwrap_err().to_string().starts_with("d.tsv:1:"));
    }
}
