//! Limits on the size of one record of an input, so that the memory an import or
//! a read takes is bounded whatever one record holds.
//!
//! A record that is larger (a 200 MB `<seg>` from a broken export, a TSV line with
//! no line break, a pasted document in a glossary) is not read into memory: the
//! readers skip its bytes as they stream by and report it as a bad record with its
//! file and line, like any other (`path:line: reason`, exit status 3). Two limits:
//!
//! - [`Limits::segment_bytes`]: the text of one segment, or one field of a TSV or
//!   glossary line, or one line of a line-aligned text file (256 KiB by default:
//!   sixty times the segmenter's longest sentence, far above any real segment or
//!   paragraph, while a matcher or a search reading it still answers at once);
//! - [`Limits::record_bytes`]: one whole record as written in the file, markup,
//!   props, notes and every variant included: a TMX `<tu>`, an XLIFF unit, a TBX
//!   term entry, a TSV or glossary line (4 MiB by default); also the longest tag a
//!   markup reader takes (a tag longer than that is not well-formed XML to `tm`).
//!
//! The readers take their limits from the caller (the CLI takes them from
//! `TM_MAX_SEGMENT_BYTES` and `TM_MAX_RECORD_BYTES`, which the tests set low):
//! nothing here reads the environment.
//!
//! [`TextRuns`] is the layer between a decoded input and quick-xml that makes the
//! XML readers' bound hold: quick-xml buffers a whole text node before handing it
//! over, so a run of text between two tags that grows past the segment limit is
//! cut there, its remaining bytes consumed without being buffered, and counted
//! ([`TextRuns::cuts`]) for the reader to skip the record it falls in.

use std::io::{self, BufRead};

use quick_xml::events::{BytesStart, BytesText, Event};

/// The largest record and segment an input may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one segment's text (UTF-8), of a TSV field or of a text line.
    pub segment_bytes: usize,
    /// Bytes of one record as written in the file (after decoding to UTF-8).
    pub record_bytes: usize,
}

impl Limits {
    /// 256 KiB per segment, 4 MiB per record.
    pub const DEFAULT: Limits = Limits { segment_bytes: 256 << 10, record_bytes: 4 << 20 };

    /// Why a segment of `len` bytes is refused, if it is.
    pub fn segment_problem(&self, what: &str, len: usize) -> Option<String> {
        (len > self.segment_bytes).then(|| self.segment_reason(what))
    }

    /// The reason given for a segment over the limit.
    pub fn segment_reason(&self, what: &str) -> String {
        format!("{what} longer than {} bytes (the limit on a segment): skipped", self.segment_bytes)
    }

    /// The reason given for a record over the limit.
    pub fn record_reason(&self, what: &str) -> String {
        format!("{what} longer than {} bytes (the limit on a record): skipped", self.record_bytes)
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// Reads one line, with its line break, into `buf` (cleared first), keeping it only
/// if it is at most `max` bytes long (its line break aside); returns the bytes
/// read (0 at the end of the input) and whether the line was longer, in which
/// case `buf` is left empty and the line's bytes were consumed without being kept.
pub fn read_line_within(input: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<(usize, bool)> {
    buf.clear();
    let (mut read, mut over) = (0, false);
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok((read, over));
        }
        let (take, ends) = memchr::memchr(b'\n', available).map_or((available.len(), false), |i| (i + 1, true));
        if !over {
            buf.extend_from_slice(&available[..take]);
            let content = buf.len() - usize::from(buf.ends_with(b"\n")) - usize::from(buf.ends_with(b"\r\n"));
            if content > max {
                over = true;
                *buf = Vec::new();
            }
        }
        input.consume(take);
        read += take;
        if ends {
            return Ok((read, over));
        }
    }
}

/// One record being read by an XML reader over [`TextRuns`] (a TMX unit, a TBX
/// term entry): where it starts, and whether it went over the limits; once it
/// has, the reader gets only its structure (start and end tags), so that it
/// keeps nothing more of it and finds its end. The TMX and TBX readers' one way
/// of reading past a record.
#[derive(Default)]
pub struct RecordBound {
    /// Where the record starts in the decoded input, and the runs of text cut
    /// before it.
    start: Option<(u64, u64)>,
    over: Option<String>,
}

impl RecordBound {
    /// A record starts at `position`, with `cuts` runs of text cut so far.
    pub fn begin(&mut self, position: u64, cuts: u64) {
        self.start = Some((position, cuts));
        self.over = None;
    }

    /// The record ends: why it was over the limits, if it was.
    pub fn end(&mut self) -> Option<String> {
        self.start = None;
        self.over.take()
    }

    pub fn is_over(&self) -> bool {
        self.over.is_some()
    }

    /// Marks the record over the limits (the first reason stays).
    pub fn mark(&mut self, why: String) {
        self.over.get_or_insert(why);
    }

    /// `event`, read at `position` with `cuts` runs cut so far, as the reader
    /// gets it: itself, or, once the record is over the limits (`what` names
    /// it), an empty text for content and a bare start tag for an element.
    pub fn filter(
        &mut self,
        event: Event<'static>,
        position: u64,
        cuts: u64,
        limits: &Limits,
        what: &str,
    ) -> Event<'static> {
        let Some((start, cut_before)) = self.start else { return event };
        if self.over.is_none() {
            if cuts != cut_before {
                self.over = Some(limits.segment_reason("a text"));
            } else if position - start > limits.record_bytes as u64 {
                self.over = Some(limits.record_reason(what));
            }
        }
        match event {
            _ if self.over.is_none() => event,
            Event::Start(_) => Event::Start(BytesStart::new("tm-skipped")),
            Event::End(_) | Event::Eof => event,
            _ => Event::Text(BytesText::new("")),
        }
    }
}

/// A reader of markup that cuts every run of text longer than `max_text` bytes
/// (between a `>` and the next `<`) and refuses a tag longer than `max_tag`.
///
/// A run is cut after `max_text` bytes, at a character boundary and outside a
/// character or entity reference, and its bytes up to the next `<` are consumed
/// without being handed on; the markup after it is intact. Text inside comments
/// and CDATA sections counts as text.
pub struct TextRuns<R> {
    inner: R,
    state: RunState,
    max_text: usize,
    max_tag: usize,
    /// The current run is being skipped.
    skipping: bool,
    cuts: u64,
    /// Bytes handed on and consumed so far.
    handed: u64,
    /// Where each cut is, in bytes handed on, with the bytes left out up to the
    /// end of it (all cuts so far): a few entries, one per run cut.
    left_out: Vec<(u64, u64)>,
}

/// Where the bytes handed on so far end.
#[derive(Default)]
struct RunState {
    /// Inside `<…>`.
    in_tag: bool,
    /// Bytes of the current text run or tag handed on.
    run: usize,
    /// The text handed on ends inside `&…;`.
    in_ref: bool,
}

impl RunState {
    /// Takes in bytes handed on and consumed.
    fn advance(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while !rest.is_empty() {
            let stop = if self.in_tag { b'>' } else { b'<' };
            match memchr::memchr(stop, rest) {
                Some(i) => {
                    self.in_tag = !self.in_tag;
                    self.run = 0;
                    self.in_ref = false;
                    rest = &rest[i + 1..];
                }
                None => {
                    if !self.in_tag {
                        self.note_refs(rest);
                    }
                    self.run += rest.len();
                    rest = &[];
                }
            }
        }
    }

    /// Whether text handed on ends inside a reference, after `text`.
    fn note_refs(&mut self, text: &[u8]) {
        let amp = memchr::memrchr(b'&', text);
        let end = memchr::memrchr2(b';', b' ', text);
        match (amp, end) {
            (Some(a), Some(e)) => self.in_ref = a > e,
            (Some(_), None) => self.in_ref = true,
            (None, Some(_)) => self.in_ref = false,
            (None, None) => {}
        }
    }
}

impl<R: BufRead> TextRuns<R> {
    pub fn new(inner: R, limits: &Limits) -> TextRuns<R> {
        TextRuns {
            inner,
            state: RunState::default(),
            max_text: limits.segment_bytes,
            max_tag: limits.record_bytes,
            skipping: false,
            cuts: 0,
            handed: 0,
            left_out: Vec::new(),
        }
    }

    /// The position in the input of position `at` of the bytes handed on: `at`
    /// plus the bytes of the runs cut before it (a position at a cut is the
    /// input's after the bytes left out there).
    pub fn original(&self, at: u64) -> u64 {
        let before = self.left_out.partition_point(|&(cut, _)| cut <= at);
        at + before.checked_sub(1).map_or(0, |i| self.left_out[i].1)
    }

    /// Runs of text cut so far.
    pub fn cuts(&self) -> u64 {
        self.cuts
    }

    pub fn get_ref(&self) -> &R {
        &self.inner
    }
}

/// How many bytes of `buf` to hand on: at most `window`, and no further than the
/// first `stop` (included), so that each call hands on the bytes of one text run
/// or one tag, which the limit of that kind bounds.
fn through(buf: &[u8], stop: u8, window: usize) -> usize {
    let window = &buf[..buf.len().min(window)];
    memchr::memchr(stop, window).map_or(window.len(), |i| i + 1)
}

/// A UTF-8 continuation byte: a character goes on.
fn continues(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

impl<R: BufRead> BufRead for TextRuns<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.skipping {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                self.skipping = false;
                break;
            }
            let (n, ends) = memchr::memchr(b'<', buf).map_or((buf.len(), false), |i| (i, true));
            self.inner.consume(n);
            if let Some(last) = self.left_out.last_mut() {
                last.1 += n as u64;
            }
            if ends {
                self.skipping = false;
                self.state.run = 0;
                self.state.in_ref = false;
            }
        }
        let RunState { in_tag, run, in_ref } = self.state;
        let (max_text, max_tag) = (self.max_text, self.max_tag);
        let first = self.inner.fill_buf()?.first().copied();
        let n = match first {
            None => 0,
            Some(_) if in_tag && run >= max_tag => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("a tag longer than {max_tag} bytes (the limit on a record)"),
                ));
            }
            Some(_) if in_tag => through(self.inner.fill_buf()?, b'>', max_tag - run),
            Some(_) if run < max_text => through(self.inner.fill_buf()?, b'<', max_text - run),
            // At the limit: finish the character or reference, then cut the run.
            Some(b) if b == b'<' || continues(b) || (in_ref && run < max_text + 32) => 1,
            Some(_) => {
                self.skipping = true;
                self.cuts += 1;
                let before = self.left_out.last().map_or(0, |&(_, n)| n);
                self.left_out.push((self.handed, before));
                return self.fill_buf();
            }
        };
        // The inner buffer is filled: this hands on the same bytes.
        Ok(&self.inner.fill_buf()?[..n])
    }

    fn consume(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        // What fill_buf handed on is still at the start of the inner buffer.
        if let Ok(buf) = self.inner.fill_buf() {
            self.state.advance(&buf[..n.min(buf.len())]);
        }
        self.handed += n as u64;
        self.inner.consume(n);
    }
}

/// Reading through [`BufRead`] (what quick-xml does) is the way to use it.
impl<R: BufRead> io::Read for TextRuns<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.fill_buf().map(|buf| buf.len().min(out.len()))?;
        out[..n].copy_from_slice(&self.inner.fill_buf()?[..n]);
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything `r` hands on, as text.
    fn drain<R: BufRead>(r: &mut TextRuns<R>) -> io::Result<String> {
        let mut out = Vec::new();
        loop {
            let buf = r.fill_buf()?;
            if buf.is_empty() {
                return Ok(String::from_utf8(out).unwrap());
            }
            let n = buf.len();
            out.extend_from_slice(buf);
            r.consume(n);
        }
    }

    fn through(input: &str, max_text: usize) -> (String, u64) {
        let limits = Limits { segment_bytes: max_text, record_bytes: 64 };
        let mut r = TextRuns::new(input.as_bytes(), &limits);
        let out = drain(&mut r).unwrap();
        (out, r.cuts())
    }

    #[test]
    fn a_line_over_the_limit_is_read_past_and_the_next_line_kept() {
        let mut input = "short\r\n0123456789\nlast".as_bytes();
        let mut buf = Vec::new();
        assert_eq!(read_line_within(&mut input, &mut buf, 5).unwrap(), (7, false));
        assert_eq!(buf, b"short\r\n");
        assert_eq!(read_line_within(&mut input, &mut buf, 5).unwrap(), (11, true));
        assert!(buf.is_empty());
        assert_eq!(read_line_within(&mut input, &mut buf, 5).unwrap(), (4, false));
        assert_eq!(buf, b"last");
        assert_eq!(read_line_within(&mut input, &mut buf, 5).unwrap(), (0, false));
    }

    #[test]
    fn text_runs_within_the_limit_pass_whole() {
        let xml = "<seg a=\"1\">انتهى الإضراب.</seg>\n<seg>ok</seg>";
        assert_eq!(through(xml, 26), (xml.to_string(), 0));
    }

    #[test]
    fn a_long_run_is_cut_at_a_character_and_the_markup_after_it_is_kept() {
        // Arabic letters are two bytes: a cut after 5 bytes ends after the third.
        let (out, cuts) = through("<seg>انتهى الإضراب</seg><b/>", 5);
        assert_eq!((out.as_str(), cuts), ("<seg>انت</seg><b/>", 1));
    }

    #[test]
    fn positions_after_a_cut_map_back_to_the_input() {
        let input = "<s>0123456789</s><t>ab</t><u>0123456789</u>";
        let limits = Limits { segment_bytes: 4, record_bytes: 64 };
        let mut r = TextRuns::new(input.as_bytes(), &limits);
        let out = drain(&mut r).unwrap();
        assert_eq!(out, "<s>0123</s><t>ab</t><u>0123</u>");
        for tag in ["</s>", "<t>", "</t>", "<u>", "</u>"] {
            let at = out.find(tag).unwrap() as u64;
            assert_eq!(&input[r.original(at) as usize..][..tag.len()], tag, "{tag}");
        }
        assert_eq!(r.original(3), 3);
    }

    #[test]
    fn a_run_is_not_cut_inside_a_reference() {
        let (out, cuts) = through("<s>ab&amp;cd</s>", 4);
        assert_eq!((out.as_str(), cuts), ("<s>ab&amp;</s>", 1));
    }

    #[test]
    fn a_tag_longer_than_a_record_is_an_error() {
        let limits = Limits { segment_bytes: 8, record_bytes: 16 };
        let mut r = TextRuns::new(&b"<seg a=\"0123456789abcdef\">x</seg>"[..], &limits);
        let err = drain(&mut r).unwrap_err();
        assert!(err.to_string().contains("a tag longer than 16 bytes"), "{err}");
    }
}
