//! File formats: bytes in, entries (or terms) out, and back. One module per format;
//! none of them touches the database. Positions in errors and problems name the
//! file, the line and the record.

pub mod decode;
pub mod dictionary;
pub mod glossary;
pub mod text;
pub mod tmx;
pub mod tsv;

/// The first character of `text` that a TMX file cannot carry (C0 controls other
/// than tab, line feed and carriage return), if any.
pub fn unusable_char(text: &str) -> Option<char> {
    text.chars().find(|&c| !crate::entry::markup::is_xml_char(c))
}

use crate::entry::Entry;
use crate::error::{Problem, Result};

/// A stream of records read from a file: entries, or problems with single records.
pub trait Records {
    /// The next record, `None` at the end; an `Err` means the file cannot be read on.
    fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>>;

    /// Bytes of input read so far (for progress).
    fn bytes_read(&self) -> u64;
}

impl<R: std::io::Read> Records for tsv::TsvReader<R> {
    fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>> {
        tsv::TsvReader::next_record(self)
    }

    fn bytes_read(&self) -> u64 {
        tsv::TsvReader::bytes_read(self)
    }
}

impl<A: std::io::Read, B: std::io::Read> Records for text::LinePairs<A, B> {
    fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>> {
        text::LinePairs::next_record(self)
    }

    fn bytes_read(&self) -> u64 {
        text::LinePairs::bytes_read(self)
    }
}

impl<R: std::io::Read> Records for tmx::read::TmxEntries<R> {
    fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>> {
        tmx::read::TmxEntries::next_record(self)
    }

    fn bytes_read(&self) -> u64 {
        self.reader.bytes_read()
    }
}
