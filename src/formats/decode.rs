//! Input decoding: whatever a file's encoding, readers get UTF-8 and a line count.
//!
//! CAT tools write TMX in UTF-8 with or without a byte-order mark, and Trados in
//! UTF-16 LE with a BOM; Windows editors save text as UTF-16. [`Utf8Reader`] sniffs the
//! encoding the way XML 1.0 Appendix F says (BOM, then the first bytes, then the
//! encoding declaration) and transcodes to UTF-8 as it streams, so that one reader
//! serves every file. Text without a BOM that is not UTF-8 but reads as Arabic in
//! Windows-1256 (what Arabic Windows saves text in) is read as Windows-1256, and
//! says so ([`Utf8Reader::guessed`]); a caller may also name the encoding. It counts the lines handed to the consumer, for positions in
//! messages, and the raw bytes read, for progress bars. Malformed bytes are an
//! error that names the line, never replaced silently.

use std::io::{self, BufRead, Read};

use crate::formats::limits::{Limits, read_line_within};
use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1256};

const CHUNK: usize = 64 * 1024;

/// Bytes the encoding is told from (or the whole input, when shorter): always the
/// same bytes of an input, however its reads arrive (a file hands out 64 KiB a read,
/// a pipe what was written), so that a file and the same bytes streamed decode
/// alike. The Windows-1256 guess needs a byte UTF-8 cannot have among them: a text
/// that starts with pages of ASCII would otherwise be taken for UTF-8 and fail.
const HEAD: usize = CHUNK;

/// A UTF-8 view of an input in any encoding, with line and byte counts.
pub struct Utf8Reader<R> {
    inner: R,
    /// `None`: the input is UTF-8 and passes through.
    decoder: Option<encoding_rs::Decoder>,
    encoding: &'static Encoding,
    raw: Vec<u8>,
    raw_start: usize,
    raw_end: usize,
    raw_eof: bool,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    lines: u64,
    raw_read: u64,
    /// The encoding was guessed from the content (not a BOM, a declaration, or
    /// the caller's).
    guessed: bool,
    /// UTF-8 that passes through is checked (XML: a byte that is not UTF-8 fails
    /// at its line, as a malformed byte of any other encoding does; the text
    /// readers check each line themselves and say what to do).
    validate: bool,
    /// The decoder has been told the input ended (and has given out all it held).
    flushed: bool,
}

/// What kind of content the sniffing should expect.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Xml,
    Text,
}

impl<R: Read> Utf8Reader<R> {
    /// Opens `inner`, detecting its encoding. Fails only on an unknown declared
    /// encoding or a read error.
    pub fn new(inner: R, content: Content) -> io::Result<Utf8Reader<R>> {
        Utf8Reader::with_encoding(inner, content, None)
    }

    /// [`Utf8Reader::new`], reading the input in `encoding` when one is given
    /// (a BOM still wins: it cannot be anything else).
    pub fn with_encoding(inner: R, content: Content, encoding: Option<&'static Encoding>) -> io::Result<Utf8Reader<R>> {
        Utf8Reader::open(inner, content, encoding, false)
    }

    /// [`Utf8Reader::new`] for input that arrives a line at a time (a program
    /// writing segments to a pipe and waiting for each answer): the encoding is
    /// decided on the first line, once it has come, instead of on the first 64 KiB
    /// of input, which would wait for lines not yet written.
    pub fn line_by_line(inner: R, content: Content) -> io::Result<Utf8Reader<R>> {
        Utf8Reader::open(inner, content, None, true)
    }

    fn open(
        mut inner: R,
        content: Content,
        encoding: Option<&'static Encoding>,
        first_line: bool,
    ) -> io::Result<Utf8Reader<R>> {
        let mut raw = vec![0; CHUNK];
        let (mut filled, mut whole) = (0, false);
        while filled < HEAD && !(first_line && raw[..filled].contains(&b'\n')) {
            match inner.read(&mut raw[filled..HEAD])? {
                0 => {
                    whole = true;
                    break;
                }
                n => filled += n,
            }
        }
        let head = &raw[..filled];
        let mut guessed = false;
        let (encoding, bom) = match (Encoding::for_bom(head), encoding) {
            (Some((enc, len)), _) => (enc, len),
            (None, Some(enc)) => (enc, 0),
            (None, None) if content == Content::Text && is_windows_arabic(head, whole) => {
                guessed = true;
                (WINDOWS_1256, 0)
            }
            (None, None) => (sniff(head, content)?, 0),
        };
        if content == Content::Xml
            && bom > 0
            && let Some(other) = mislabelled(encoding, &head[bom..])
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the byte-order mark says {}, but the text after it is {other}: save the file again in one \
                     encoding (UTF-8, or UTF-16 with its own byte-order mark)",
                    encoding.name()
                ),
            ));
        }
        let decoder = (encoding != UTF_8).then(|| encoding.new_decoder_without_bom_handling());
        Ok(Utf8Reader {
            inner,
            decoder,
            encoding,
            raw,
            raw_start: bom,
            raw_end: filled,
            raw_eof: false,
            buf: vec![0; CHUNK * 3 + 16],
            start: 0,
            end: 0,
            lines: 0,
            raw_read: filled as u64,
            guessed,
            validate: content == Content::Xml,
            flushed: false,
        })
    }

    /// Whether the encoding was guessed from the content (Windows-1256 Arabic).
    pub fn guessed(&self) -> bool {
        self.guessed
    }

    /// The encoding the input was read in.
    pub fn encoding(&self) -> &'static str {
        self.encoding.name()
    }

    /// The 1-based line of the next byte to be consumed.
    pub fn line(&self) -> u64 {
        self.lines + 1
    }

    /// Bytes read from the underlying input so far.
    pub fn raw_bytes_read(&self) -> u64 {
        self.raw_read
    }

    fn fill_raw(&mut self) -> io::Result<()> {
        if self.raw_start > 0 {
            self.raw.copy_within(self.raw_start..self.raw_end, 0);
            self.raw_end -= self.raw_start;
            self.raw_start = 0;
        }
        while self.raw_end < self.raw.len() && !self.raw_eof {
            match self.inner.read(&mut self.raw[self.raw_end..]) {
                Ok(0) => self.raw_eof = true,
                Ok(n) => {
                    self.raw_end += n;
                    self.raw_read += n as u64;
                    break;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// Whether a text's first bytes are not UTF-8 but Arabic in Windows-1256: they hold
/// a byte sequence UTF-8 cannot have (a cut character at the end of a head that is
/// not the whole input does not count), and read in Windows-1256 most of their
/// non-ASCII characters are Arabic letters.
fn is_windows_arabic(head: &[u8], whole: bool) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => return false,
        Err(e) if e.error_len().is_none() && !whole => return false,
        Err(_) => {}
    }
    let (text, _) = WINDOWS_1256.decode_without_bom_handling(head);
    let (arabic, other) = text
        .chars()
        .filter(|c| !c.is_ascii())
        .fold((0, 0), |(a, o), c| if ('\u{0621}'..='\u{064A}').contains(&c) { (a + 1, o) } else { (a, o + 1) });
    arabic > 0 && arabic >= 2 * other
}

/// What the XML after a byte-order mark saying `encoding` is written in, when it
/// is another encoding: its first character in the BOM's encoding is none XML
/// begins with, and read in the other byte order (or as UTF-8, after a UTF-16
/// BOM) it is `<`. (Text that is no XML in any of them is left to the parser.)
fn mislabelled(encoding: &'static Encoding, after: &[u8]) -> Option<&'static str> {
    let starts_xml = |c: u16| [b'<', b' ', b'\t', b'\r', b'\n'].iter().any(|&b| u16::from(b) == c);
    let [a, b, ..] = *after else { return None };
    let (le, be) = (u16::from_le_bytes([a, b]), u16::from_be_bytes([a, b]));
    let (first, swapped, other) = match encoding {
        e if e == UTF_16LE => (le, be, "UTF-16BE"),
        e if e == UTF_16BE => (be, le, "UTF-16LE"),
        e if e == UTF_8 => return (a == 0 && b == b'<').then_some("UTF-16"),
        _ => return None,
    };
    if starts_xml(first) {
        None
    } else if swapped == u16::from(b'<') {
        Some(other)
    } else {
        (a == b'<' && b != 0).then_some("UTF-8")
    }
}

/// The encoding of an input without a BOM.
fn sniff(head: &[u8], content: Content) -> io::Result<&'static Encoding> {
    match head {
        [0x3C, 0, 0x3F, 0, ..] | [0x3C, 0, _, 0, ..] if content == Content::Xml => {
            return Ok(UTF_16LE);
        }
        [0, 0x3C, 0, 0x3F, ..] | [0, 0x3C, 0, _, ..] if content == Content::Xml => {
            return Ok(UTF_16BE);
        }
        _ => {}
    }
    if content == Content::Xml && head.starts_with(b"<?xml") {
        let decl_end = head.iter().position(|&b| b == b'>').unwrap_or(head.len());
        if let Some(label) = declared_encoding(&head[..decl_end]) {
            return match Encoding::for_label(label) {
                // A UTF-16 label on bytes that are not UTF-16 (no BOM, ASCII-shaped) is a
                // mislabelled UTF-8 file.
                Some(enc) if enc == UTF_16LE || enc == UTF_16BE => Ok(UTF_8),
                Some(enc) => Ok(enc),
                None => Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("unknown encoding {:?} in the XML declaration", String::from_utf8_lossy(label)),
                )),
            };
        }
    }
    Ok(UTF_8)
}

/// The value of `encoding="…"` in an XML declaration.
fn declared_encoding(decl: &[u8]) -> Option<&[u8]> {
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let rest = &decl[at + 8..];
    let rest = rest.iter().position(|&b| b == b'=').map(|eq| &rest[eq + 1..])?;
    let start = rest.iter().position(|&b| b == b'"' || b == b'\'')?;
    let quote = rest[start];
    let value = &rest[start + 1..];
    let end = value.iter().position(|&b| b == quote)?;
    Some(&value[..end])
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Utf8Reader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.start == self.end {
            if self.raw_start == self.raw_end {
                if self.raw_eof && (self.decoder.is_none() || self.flushed) {
                    return Ok(&[]);
                }
                // At the end, the decoder is told so once (below): a character cut
                // by the end of the input (half a UTF-16 code unit) fails there
                // rather than being dropped.
                if !self.raw_eof {
                    self.fill_raw()?;
                }
                if self.raw_start == self.raw_end && self.raw_eof && self.decoder.is_none() {
                    return Ok(&[]);
                }
            }
            let src = &self.raw[self.raw_start..self.raw_end];
            match &mut self.decoder {
                None => {
                    let mut n = src.len().min(self.buf.len());
                    if self.validate
                        && let Err(e) = std::str::from_utf8(&src[..n])
                    {
                        // Bytes up to the first that is not UTF-8 go out; then it
                        // fails at its line, unless it is a character cut by the
                        // end of what has been read so far.
                        let cut = e.error_len().is_none() && !self.raw_eof;
                        n = e.valid_up_to();
                        if n == 0 && cut {
                            self.fill_raw()?;
                            continue;
                        }
                        if n == 0 {
                            let line = self.lines + 1;
                            return Err(io::Error::new(
                                io::ErrorKind::InvalidData,
                                Malformed { line, encoding: "UTF-8" },
                            ));
                        }
                    }
                    self.buf[..n].copy_from_slice(&self.raw[self.raw_start..self.raw_start + n]);
                    self.raw_start += n;
                    self.start = 0;
                    self.end = n;
                }
                Some(decoder) => {
                    let last = self.raw_eof;
                    let (result, read, written) = decoder.decode_to_utf8_without_replacement(src, &mut self.buf, last);
                    self.raw_start += read;
                    self.flushed = last && result == DecoderResult::InputEmpty && self.raw_start == self.raw_end;
                    self.start = 0;
                    self.end = written;
                    if let DecoderResult::Malformed(..) = result {
                        let lines_here = memchr::memchr_iter(b'\n', &self.buf[..written]).count() as u64;
                        let line = self.lines + lines_here + 1;
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            Malformed { line, encoding: self.encoding.name() },
                        ));
                    }
                    if written == 0 && last && self.raw_start == self.raw_end {
                        return Ok(&[]);
                    }
                    if written == 0 && !last && result == DecoderResult::InputEmpty {
                        self.fill_raw()?;
                    }
                }
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        let amount = amount.min(self.end - self.start);
        self.lines += memchr::memchr_iter(b'\n', &self.buf[self.start..self.start + amount]).count() as u64;
        self.start += amount;
    }
}

/// Bytes that are not valid in the input's encoding (a lone UTF-16 surrogate): what
/// the `io::Error` of a [`Utf8Reader`] read holds, with the line of the bytes,
/// which the readers report as the error's line ([`read_error`]) rather than the
/// line they have consumed up to (the bytes may lie further on), so that a message
/// gives one line.
#[derive(Debug)]
pub struct Malformed {
    pub line: u64,
    pub encoding: &'static str,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bytes that are not valid {}", self.encoding)
    }
}

impl std::error::Error for Malformed {}

/// The [`Malformed`] bytes an I/O error is about, if it is.
pub fn malformed(err: &io::Error) -> Option<&Malformed> {
    err.get_ref()?.downcast_ref::<Malformed>()
}

/// The library error of a failed read of input `file`, at `line` (where the
/// reader is), or at the line of the malformed bytes when that is what failed.
pub fn read_error(file: &str, line: u64, err: &io::Error) -> crate::error::Error {
    use crate::error::{Error, Position};
    match malformed(err) {
        Some(m) => Error::parse(Position::new(file).line(m.line), m.to_string()),
        None => Error::parse(Position::new(file).line(line), err.to_string()),
    }
}

/// [`read_error`] for an XML parser's error: malformed bytes at their line, any
/// other error as malformed XML at `line`.
pub fn xml_error(file: &str, line: u64, err: &quick_xml::Error) -> crate::error::Error {
    use crate::error::{Error, Position};
    match err {
        quick_xml::Error::Io(io) if malformed(io).is_some() => read_error(file, line, io),
        _ => Error::parse(Position::new(file).line(line), format!("malformed XML: {err}")),
    }
}

/// Reads a whole text (a document to segment, suggest for or align) in any Unicode
/// encoding ([`Utf8Reader`]); `name` names it in errors (`report.txt:12: not valid UTF-8`).
pub fn read_text(reader: impl Read, name: &str) -> crate::error::Result<String> {
    let whole = Limits { segment_bytes: usize::MAX, record_bytes: usize::MAX };
    read_text_within(reader, name, &whole, &mut |_| {})
}

/// [`read_text`], reading past every line longer than a record may be
/// ([`Limits::record_bytes`]: a paragraph of 4 MiB by default): the line is left
/// out, an empty line in its place (so that the lines after it keep their
/// numbers), and given to `on_problem` with its line.
pub fn read_text_within(
    reader: impl Read,
    name: &str,
    limits: &Limits,
    on_problem: &mut dyn FnMut(&crate::error::Problem),
) -> crate::error::Result<String> {
    use crate::error::{Error, Position, Problem};
    let io = |source| Error::Io { path: name.to_string(), source };
    let mut input = Utf8Reader::new(reader, Content::Text).map_err(io)?;
    let (mut bytes, mut line, mut number) = (Vec::new(), Vec::new(), 0);
    loop {
        let (n, over) = read_line_within(&mut input, &mut line, limits.record_bytes)
            .map_err(|e| if malformed(&e).is_some() { read_error(name, input.line(), &e) } else { io(e) })?;
        if n == 0 {
            break;
        }
        number += 1;
        if over {
            on_problem(&Problem { at: Position::new(name).line(number), reason: limits.record_reason("a line") });
            bytes.push(b'\n');
        } else {
            bytes.extend_from_slice(&line);
        }
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        Error::parse(Position::new(name).line(line), "not valid UTF-8 (nor UTF-16 with a byte-order mark)")
    })
}

/// Reads a whole text file ([`read_text`]).
pub fn read_text_file(path: &std::path::Path) -> crate::error::Result<String> {
    let file = std::fs::File::open(path).map_err(|e| crate::error::Error::io(path, e))?;
    read_text(file, &path.display().to_string())
}

/// Reads a whole text file ([`read_text_within`]).
pub fn read_text_file_within(
    path: &std::path::Path,
    limits: &Limits,
    on_problem: &mut dyn FnMut(&crate::error::Problem),
) -> crate::error::Result<String> {
    let file = std::fs::File::open(path).map_err(|e| crate::error::Error::io(path, e))?;
    read_text_within(file, &path.display().to_string(), limits, on_problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], content: Content) -> (String, &'static str) {
        let mut input = Utf8Reader::new(bytes, content).unwrap();
        let mut out = String::new();
        input.read_to_string(&mut out).unwrap();
        (out, input.encoding())
    }

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn utf16_with_bom_becomes_utf8() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<tmx>كازاخستان</tmx>";
        assert_eq!(decode(&utf16le(text, true), Content::Xml), (text.to_string(), "UTF-16LE"));
    }

    #[test]
    fn utf16_without_bom_is_sniffed_from_the_declaration_bytes() {
        let text = "<?xml version=\"1.0\"?><tmx/>";
        assert_eq!(decode(&utf16le(text, false), Content::Xml).1, "UTF-16LE");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc", Content::Text), ("abc".to_string(), "UTF-8"));
    }

    #[test]
    fn declared_windows_1252_is_transcoded() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>caf\xE9</a>";
        assert_eq!(decode(bytes, Content::Xml).0, "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>café</a>");
    }

    #[test]
    fn mislabelled_utf16_declaration_on_utf8_bytes_reads_as_utf8() {
        let bytes = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>ا</a>".as_bytes();
        assert_eq!(decode(bytes, Content::Xml).1, "UTF-8");
    }

    #[test]
    fn unknown_declared_encoding_is_an_error() {
        assert!(Utf8Reader::new(&b"<?xml version=\"1.0\" encoding=\"klingon\"?><a/>"[..], Content::Xml).is_err());
    }

    #[test]
    fn malformed_utf16_names_the_line() {
        let mut bytes = utf16le("a\nb\n", true);
        bytes.extend([0x00, 0xD8, 0x41, 0x00]); // lone high surrogate
        let mut input = Utf8Reader::new(&bytes[..], Content::Text).unwrap();
        let err = input.read_to_string(&mut String::new()).unwrap_err();
        let at = malformed(&err).map(|m| (m.line, m.to_string()));
        assert_eq!(at, Some((3, "bytes that are not valid UTF-16LE".to_string())), "{err}");
        assert_eq!(read_error("a.txt", 1, &err).to_string(), "a.txt:3: bytes that are not valid UTF-16LE");
    }

    /// From a fuzzing run (xliff): bytes that are not UTF-8 in an XML file said to
    /// be UTF-8 passed through to the XML parser, which took them; a reader of the
    /// same file decoded whole refused it. They fail at their line, even a
    /// character cut by a read.
    #[test]
    fn bytes_that_are_not_utf8_in_xml_fail_at_their_line() {
        let bytes = b"<a>\n\xC3\xBC\n\xA2</a>";
        /// Hands out one byte a read (a pipe written to slowly).
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(out.len()).min(1);
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        for input in [Box::new(&bytes[..]) as Box<dyn Read>, Box::new(OneByte(&bytes[..]))] {
            let mut input = Utf8Reader::new(input, Content::Xml).unwrap();
            let err = input.read_to_end(&mut Vec::new()).unwrap_err();
            assert_eq!(malformed(&err).map(|m| m.line), Some(3), "{err}");
        }
        assert_eq!(decode("<a>\u{FC}</a>".as_bytes(), Content::Xml).0, "<a>\u{FC}</a>");
    }

    /// Defect (issue 15): XML in UTF-16BE after a little-endian byte-order mark
    /// (or UTF-8 after a UTF-16 one) was "text before the root element".
    #[test]
    fn a_byte_order_mark_of_the_other_byte_order_is_an_encoding_error() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("<tmx/>".encode_utf16().flat_map(u16::to_be_bytes));
        let err = Utf8Reader::new(&bytes[..], Content::Xml).err().unwrap().to_string();
        assert!(err.starts_with("the byte-order mark says UTF-16LE, but the text after it is UTF-16BE"), "{err}");
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(b"<?xml version=\"1.0\"?><tmx/>");
        let err = Utf8Reader::new(&bytes[..], Content::Xml).err().unwrap().to_string();
        assert!(err.contains("says UTF-16BE, but the text after it is UTF-8"), "{err}");
    }

    /// From a user's trial: a TSV saved by Arabic Windows (Windows-1256) was refused.
    #[test]
    fn windows_1256_arabic_text_is_recognised_and_said_so() {
        let (bytes, _, _) = WINDOWS_1256.encode("ar\ten\nانتهى الإضراب\tThe strike ended\n");
        let mut input = Utf8Reader::new(&bytes[..], Content::Text).unwrap();
        let mut out = String::new();
        input.read_to_string(&mut out).unwrap();
        assert_eq!(out, "ar\ten\nانتهى الإضراب\tThe strike ended\n");
        assert!(input.guessed());
        assert_eq!(input.encoding(), "windows-1256");
        // UTF-8 stays UTF-8, and Latin-1 text is not taken for Arabic.
        assert!(!Utf8Reader::new("انتهى".as_bytes(), Content::Text).unwrap().guessed());
        assert!(!Utf8Reader::new(&b"caf\xE9 cr\xE8me br\xFBl\xE9e"[..], Content::Text).unwrap().guessed());
        // An encoding given is taken.
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("café");
        let input = Utf8Reader::with_encoding(&latin[..], Content::Text, Some(encoding_rs::WINDOWS_1252)).unwrap();
        assert_eq!((decode_all(input), false), ("café".to_string(), false));
    }

    fn decode_all<R: Read>(mut input: Utf8Reader<R>) -> String {
        let mut out = String::new();
        input.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn lines_are_counted_as_consumed() {
        let mut input = Utf8Reader::new(&b"one\ntwo\nthree"[..], Content::Text).unwrap();
        let mut line = String::new();
        input.read_line(&mut line).unwrap();
        assert_eq!(input.line(), 2);
        input.read_line(&mut line).unwrap();
        assert_eq!(input.line(), 3);
    }
}
