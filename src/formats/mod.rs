//! File formats: bytes in, entries (or terms) out, and back. One module per format;
//! none of them touches the database. Positions in errors and problems name the
//! file, the line and the record.

pub mod decode;
pub mod dictionary;
pub mod glossary;
pub mod omegat;
pub mod review;
pub mod tbx;
pub mod text;
pub mod tmx;
pub mod tsv;
pub mod xliff;

/// The first character of `text` that a TMX file cannot carry (C0 controls other
/// than tab, line feed and carriage return), if any.
pub fn unusable_char(text: &str) -> Option<char> {
    text.chars().find(|&c| !crate::entry::markup::is_xml_char(c))
}

use std::io::Read;
use std::path::Path;

use crate::entry::Entry;
use crate::error::{Error, Problem, Result};

/// The formats of files of entries that `tm import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryFormat {
    Tmx,
    /// XLIFF 1.x (SDLXLIFF, memoQ) or 2.x.
    Xliff,
    /// Bilingual TSV.
    Tsv,
}

impl EntryFormat {
    /// The format of a file, by its content whatever its name: XML (in any
    /// Unicode encoding) whose root element is `<xliff>` (with any prefix) is XLIFF,
    /// other XML TMX, anything else bilingual TSV. (CAT tools name their exports
    /// freely: `.tmx`, `.xml`, `.txt`, `.sdlxliff`, `.mqxliff`, no extension.)
    pub fn detect(path: &Path) -> Result<EntryFormat> {
        let mut head = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
            .map_err(|e| Error::io(path, e))?;
        let text = decoded_head(&head);
        Ok(if !is_xml(&text) {
            EntryFormat::Tsv
        } else if root_element(&text).is_some_and(|name| name.rsplit(':').next() == Some("xliff")) {
            EntryFormat::Xliff
        } else {
            EntryFormat::Tmx
        })
    }
}

/// Whether the file at `path` is XML (in any Unicode encoding), by its content.
pub fn is_xml_file(path: &Path) -> Result<bool> {
    Ok(EntryFormat::detect(path)? != EntryFormat::Tsv)
}

/// The first bytes of a file as text (in any Unicode encoding), without a BOM.
fn decoded_head(head: &[u8]) -> String {
    let mut bytes = Vec::new();
    // A head cut inside a character is fine: only the start matters. (Read as bytes:
    // `read_to_string` would give nothing at all for a head cut inside a character.)
    let _ = decode::Utf8Reader::new(head, decode::Content::Xml).and_then(|mut i| i.read_to_end(&mut bytes));
    String::from_utf8_lossy(&bytes).trim_start_matches('\u{FEFF}').to_string()
}

/// Whether the first bytes of a file (in any Unicode encoding) are XML.
pub fn looks_like_xml(head: &[u8]) -> bool {
    is_xml(&decoded_head(head))
}

/// Whether a file's head is XML: a declaration, comment or DOCTYPE, or a `<tmx>`,
/// `<xliff>`, `<martif>` or `<tbx>` root (with any prefix: `<xlf:xliff`).
fn is_xml(text: &str) -> bool {
    let start = text.trim_start();
    let root = start.strip_prefix('<').map(|s| s.split(|c: char| c.is_whitespace() || c == '>' || c == '/').next());
    let root = root.flatten().map(|name| name.rsplit(':').next().unwrap_or(name));
    ["<?xml", "<!--", "<!DOCTYPE"].iter().any(|opening| start.starts_with(opening))
        || matches!(root, Some("tmx" | "xliff" | "martif" | "tbx"))
}

/// The name of the root element, if the head reaches it.
fn root_element(text: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event().ok()? {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                return Some(e.name().as_ref().to_string());
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
}

/// A stream of records read from a file: entries, or problems with single records.
pub trait Records {
    /// The next record, `None` at the end; an `Err` means the file cannot be read on.
    fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>>;

    /// Bytes of input read so far (for progress).
    fn bytes_read(&self) -> u64;

    /// The line of the file where the last record returned starts (1-based).
    fn record_line(&self) -> u64;

    /// Translations read but left out because their state is below the states an
    /// import takes (XLIFF; other formats have no states).
    fn below_states(&self) -> u64 {
        0
    }
}

impl<R: std::io::Read> Records for tsv::TsvReader<R> {
    fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>> {
        tsv::TsvReader::next_record(self)
    }

    fn bytes_read(&self) -> u64 {
        tsv::TsvReader::bytes_read(self)
    }

    fn record_line(&self) -> u64 {
        self.line()
    }
}

impl<A: std::io::Read, B: std::io::Read> Records for text::LinePairs<A, B> {
    fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>> {
        text::LinePairs::next_record(self)
    }

    fn bytes_read(&self) -> u64 {
        text::LinePairs::bytes_read(self)
    }

    fn record_line(&self) -> u64 {
        self.line()
    }
}

impl<R: std::io::Read> Records for tmx::read::TmxEntries<R> {
    fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>> {
        tmx::read::TmxEntries::next_record(self)
    }

    fn bytes_read(&self) -> u64 {
        self.reader.bytes_read()
    }

    fn record_line(&self) -> u64 {
        self.last_line
    }
}

impl<R: std::io::Read> Records for xliff::XliffEntries<R> {
    fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>> {
        xliff::XliffEntries::next_record(self)
    }

    fn bytes_read(&self) -> u64 {
        self.reader.bytes_read()
    }

    fn record_line(&self) -> u64 {
        self.last_line
    }

    fn below_states(&self) -> u64 {
        self.below_states
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_taken_for_what_it_holds_whatever_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, content: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, content).unwrap();
            path
        };
        let tmx = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body/></tmx>";
        assert_eq!(EntryFormat::detect(&write("export.txt", tmx.as_bytes())).unwrap(), EntryFormat::Tmx);
        let utf16: Vec<u8> = "\u{FEFF}<tmx version=\"1.4\">".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(EntryFormat::detect(&write("trados", &utf16)).unwrap(), EntryFormat::Tmx);
        let doctype = "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\"><header/><body/></tmx>";
        assert_eq!(EntryFormat::detect(&write("old.tmx", doctype.as_bytes())).unwrap(), EntryFormat::Tmx);
        let tsv = "ar\ten\nنفط\toil\n";
        assert_eq!(EntryFormat::detect(&write("pairs.tmx", tsv.as_bytes())).unwrap(), EntryFormat::Tsv);
        assert!(EntryFormat::detect(&dir.path().join("missing.tmx")).unwrap_err().to_string().contains("missing.tmx"));
        let xliff = "<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<xliff version=\"1.2\"><file/></xliff>";
        assert_eq!(EntryFormat::detect(&write("project.tmx", xliff.as_bytes())).unwrap(), EntryFormat::Xliff);
        let prefixed = "<xlf:xliff xmlns:xlf=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\"/>";
        assert_eq!(EntryFormat::detect(&write("a.xml", prefixed.as_bytes())).unwrap(), EntryFormat::Xliff);
        let utf16: Vec<u8> = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-16\"?><xliff version=\"2.0\"/>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(EntryFormat::detect(&write("studio.sdlxliff", &utf16)).unwrap(), EntryFormat::Xliff);
        // A large Arabic file whose head is cut inside a character is still XML.
        let mut big = String::from("<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">");
        while big.len() < 70 * 1024 {
            big.push_str("<trans-unit id=\"1\"><source>كان المهاجمون يطالبون</source></trans-unit>\n");
        }
        let pad = (0..4).find(|&p| !big.is_char_boundary(64 * 1024 - p)).unwrap();
        let big = format!("{}{big}", " ".repeat(pad));
        assert_eq!(EntryFormat::detect(&write("big.xlf", big.as_bytes())).unwrap(), EntryFormat::Xliff);
    }
}
