//! File formats: bytes in, entries (or terms) out, and back. One module per format;
//! none of them touches the database. Positions in errors and problems name the
//! file, the line and the record.

pub mod corrections;
pub mod decode;
pub mod dictionary;
pub mod glossary;
pub mod limits;
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
    // The characters XML does not allow are controls (one byte below 0x20) and
    // U+FFFE, U+FFFF (three bytes from 0xEF): text without such bytes, nearly
    // all of it, is not read character by character.
    let suspect = |b: &u8| (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || *b == 0xEF;
    if !text.as_bytes().iter().any(suspect) {
        return None;
    }
    text.chars().find(|&c| !crate::entry::markup::is_xml_char(c))
}

/// The first character of an XML event that XML does not allow (a control
/// character in a text or anywhere in a tag: a name, between attributes), if any.
/// The TMX and XLIFF readers refuse it as malformed XML: read, it could not be
/// written back.
pub(crate) fn unusable_in_event(event: &quick_xml::events::Event<'_>) -> Option<char> {
    use quick_xml::events::Event;
    let raw: &str = match event {
        Event::Text(t) => return unusable_char(&t.xml10_content()),
        Event::CData(t) => return unusable_char(&t.xml10_content()),
        Event::Start(e) | Event::Empty(e) => e,
        Event::End(e) => e,
        _ => return None,
    };
    unusable_char(raw)
}

use std::io::Read;
use std::path::Path;

use crate::entry::Entry;
use crate::error::{Error, Position, Problem, Result};

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
    /// other XML TMX, text with tabs bilingual TSV. (CAT tools name their exports
    /// freely: `.tmx`, `.xml`, `.txt`, `.sdlxliff`, `.mqxliff`, no extension.) Text
    /// without a tab in its first 64 KiB is refused, saying what it looks like.
    pub fn detect(path: &Path) -> Result<EntryFormat> {
        let mut head = Vec::new();
        std::fs::File::open(path).and_then(|f| f.take(HEAD).read_to_end(&mut head)).map_err(|e| Error::io(path, e))?;
        EntryFormat::of_head(&head, &path.display().to_string())
    }

    /// [`EntryFormat::detect`] from the first bytes of an input ([`HEAD`] of them,
    /// or all of a shorter one) named `name`.
    pub fn of_head(head: &[u8], name: &str) -> Result<EntryFormat> {
        // XML whose byte-order mark says another encoding than its own fails here,
        // as an encoding problem, not later as some other format.
        if let Err(e) = decode::Utf8Reader::new(head, decode::Content::Xml) {
            return Err(Error::parse(Position::new(name).line(1), e.to_string()));
        }
        let text = decoded_head(head);
        if let Some(xml) = Self::xml_of_text(&text) {
            return Ok(xml);
        }
        if text.trim().is_empty() || head.contains(&b'\t') {
            return Ok(EntryFormat::Tsv);
        }
        Err(Error::parse(
            Position::new(name),
            format!("not a TMX, XLIFF or bilingual TSV file (no line has a tab); it looks like {}", looks_like(&text)),
        ))
    }
}

impl EntryFormat {
    /// The XML format of a file (XLIFF by its root element, other XML TMX), or
    /// `None` if it is not XML (text, TSV).
    pub fn xml_of(path: &Path) -> Result<Option<EntryFormat>> {
        let mut head = Vec::new();
        std::fs::File::open(path).and_then(|f| f.take(HEAD).read_to_end(&mut head)).map_err(|e| Error::io(path, e))?;
        Ok(Self::xml_of_text(&decoded_head(&head)))
    }

    fn xml_of_text(text: &str) -> Option<EntryFormat> {
        is_xml(text).then(|| {
            if root_element(text).is_some_and(|name| name.rsplit(':').next() == Some("xliff")) {
                EntryFormat::Xliff
            } else {
                EntryFormat::Tmx
            }
        })
    }
}

/// The attributes of an XML start tag, as (name with its prefix, value with
/// references resolved and white space normalized); a malformed one is an error
/// at `at`. (The TMX and XLIFF readers' one reading of attributes.)
pub(crate) fn attrs_of(
    e: &quick_xml::events::BytesStart<'_>,
    at: &crate::error::Position,
) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| Error::parse(at.clone(), format!("bad attribute: {err}")))?;
        let key = attr.key.as_ref().to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| Error::parse(at.clone(), format!("bad value of attribute {key}: {err}")))?;
        if let Some(c) = key.chars().chain(value.chars()).find(|&c| !crate::entry::markup::is_xml_char(c)) {
            let message =
                format!("malformed XML: the character U+{:04X} is not allowed in XML (attribute {key})", c as u32);
            return Err(Error::parse(at.clone(), message));
        }
        out.push((key, value.into_owned()));
    }
    Ok(out)
}

/// What an XML event after the root element is: the end of the file
/// (`Some(true)`), nothing that counts (`Some(false)`: white space, a comment, a
/// processing instruction), or content there is no room for (`None`). The TMX,
/// XLIFF and TBX readers read a file to its end with it, so that one cut short or
/// followed by more is an error.
pub(crate) fn after_root(event: &quick_xml::events::Event<'_>) -> Option<bool> {
    use quick_xml::events::Event;
    match event {
        Event::Eof => Some(true),
        Event::Text(t) if t.xml10_content().trim().is_empty() => Some(false),
        Event::Comment(_) | Event::PI(_) => Some(false),
        _ => None,
    }
}

/// Bytes of an input read to tell its format.
pub const HEAD: u64 = 64 * 1024;

/// What a text that is not a bilingual TSV looks like, for messages: CSV,
/// semicolon-separated values, markup, or plain text (one segment per line, or
/// running text), with what to do with it.
pub fn looks_like(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).take(200).collect();
    if lines.is_empty() {
        return "an empty file".into();
    }
    let share = |f: &dyn Fn(&str) -> bool| lines.iter().filter(|l| f(l)).count() * 10 >= lines.len() * 8;
    let count = |c: char| {
        let first = lines[0].matches(c).count();
        first > 0 && share(&|l: &str| l.matches(c).count() == first)
    };
    if lines[0].starts_with('<') && share(&|l: &str| l.contains('<') && l.contains('>')) {
        return "markup (XML or HTML) with no TMX, XLIFF or TBX root element".into();
    }
    if lines[0].starts_with('{') || lines[0].starts_with('[') {
        return "JSON".into();
    }
    if count(',') && lines.len() > 1 {
        return "CSV (comma-separated values): save it as tab-separated text".into();
    }
    if count(';') && lines.len() > 1 {
        return "semicolon-separated values: save it as tab-separated text".into();
    }
    let scripts: Vec<String> = {
        let letters = crate::script::Letters::of(text);
        letters.main_script().map(|s| format!(", {s} script")).into_iter().collect()
    };
    format!(
        "plain text ({} lines{}): a text with one segment per line is imported with its translation as \
         line-aligned files (--source FILE --target FILE), a document with its translation with --align",
        lines.len(),
        scripts.concat()
    )
}

/// Whether the file at `path` is XML (in any Unicode encoding), by its content.
pub fn is_xml_file(path: &Path) -> Result<bool> {
    Ok(EntryFormat::xml_of(path)?.is_some())
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
        || matches!(root, Some(name) if ["tmx", "xliff", "martif", "tbx"].iter().any(|r| name.eq_ignore_ascii_case(r)))
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

    /// The encoding the input is read in, when it was guessed from the content
    /// (Windows-1256 text) rather than known.
    fn guessed_encoding(&self) -> Option<&'static str> {
        None
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
        tsv::TsvReader::record_line(self)
    }

    fn guessed_encoding(&self) -> Option<&'static str> {
        tsv::TsvReader::guessed_encoding(self)
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

    fn guessed_encoding(&self) -> Option<&'static str> {
        text::LinePairs::guessed_encoding(self)
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

    /// Controls and the two non-characters are found; tabs, line ends and the
    /// Arabic presentation forms (three bytes from 0xEF too) are XML text.
    #[test]
    fn the_characters_xml_does_not_allow_are_found_and_no_others() {
        assert_eq!(unusable_char("نفط\tخام\r\nكازاخستان ﻻ ﷲ"), None);
        assert_eq!(unusable_char("تنغيز\u{1}"), Some('\u{1}'));
        assert_eq!(unusable_char("ﻻ Tengiz\u{FFFE}"), Some('\u{FFFE}'));
        assert_eq!(unusable_char("\u{FFFF}"), Some('\u{FFFF}'));
    }

    /// Regression: a TMX whose first 64 KiB end inside an Arabic letter was read
    /// as TSV (the head decoded to nothing).
    #[test]
    fn a_head_cut_inside_a_character_is_still_xml() {
        let dir = tempfile::tempdir().unwrap();
        let mut tmx = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body>".to_string();
        tmx.push_str(&" ".repeat(64 * 1024 - 1 - tmx.len()));
        tmx.push_str("ن<tu><tuv xml:lang=\"ar\"><seg>نفط</seg></tuv></tu></body></tmx>");
        assert!(!tmx.is_char_boundary(64 * 1024));
        let path = dir.path().join("cut.tmx");
        std::fs::write(&path, tmx).unwrap();
        assert_eq!(EntryFormat::detect(&path).unwrap(), EntryFormat::Tmx);
    }

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
        // From a user's trial: an XLIFF without an XML declaration, with a blank line first.
        let bare = "\n  <xliff version=\"1.2\"><file source-language=\"ar\" target-language=\"en\"/></xliff>";
        assert_eq!(EntryFormat::detect(&write("bare.txt", bare.as_bytes())).unwrap(), EntryFormat::Xliff);
    }

    /// From a user's trial: plain text was read as TSV, one error per line.
    #[test]
    fn text_without_tabs_is_no_tsv_and_the_error_says_what_it_looks_like() {
        let err = EntryFormat::of_head("انتهى الإضراب.\nعاد العمال.\n".as_bytes(), "notes.txt").unwrap_err().to_string();
        assert!(err.starts_with("notes.txt: not a TMX, XLIFF or bilingual TSV file (no line has a tab)"), "{err}");
        assert!(err.contains("plain text (2 lines, Arabic script)") && err.contains("--source"), "{err}");
        let err = EntryFormat::of_head(b"source,target\noil,petrole\nwater,eau\n", "a.csv").unwrap_err().to_string();
        assert!(err.contains("it looks like CSV"), "{err}");
        let err = EntryFormat::of_head(b"<html>\n<body>oil</body>\n</html>\n", "a.html").unwrap_err().to_string();
        assert!(err.contains("markup"), "{err}");
        assert_eq!(EntryFormat::of_head("نفط\toil\n".as_bytes(), "a").unwrap(), EntryFormat::Tsv);
        assert_eq!(EntryFormat::of_head(b"", "empty").unwrap(), EntryFormat::Tsv);
    }
}
