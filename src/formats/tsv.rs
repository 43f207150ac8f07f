//! Bilingual TSV: one entry per line, `source<TAB>target`, UTF-8 (or UTF-16 with a
//! BOM on input).
//!
//! The first line may be a header naming the two languages (`ar<TAB>en`, or
//! `en<TAB>ar`, in which case the columns are read the other way round); `tm export
//! --format tsv` writes one. Inside a field, a tab, line break, carriage return or
//! backslash is written `\t`, `\n`, `\r`, `\\` (the PostgreSQL/MySQL text convention),
//! so multi-line segments survive; a field that begins with a double quote is
//! written with a backslash before it (`\"`), so that no field `tm` writes is taken
//! for RFC 4180 quoting (below); any other backslash is kept as it is. A line with
//! other than two fields, or an empty field, is a [`Problem`]; an empty line is
//! skipped.
//!
//! Spreadsheets write TSV the RFC 4180 way instead: a field in double quotes, a
//! quote inside it doubled, tabs and line breaks inside it as they are. A file is
//! read so when its first lines show it ([`uses_quotes`]: every field quoted, or a
//! quoted field with a doubled quote); then a field in quotes is taken without
//! them, and may run over several lines. Otherwise quotes are text.
//!
//! A file that is no TSV at all (plain text, CSV, anything else read as TSV)
//! would give one problem per line: after [`BAD_RUN`] bad lines of one kind in a
//! row the reader stops with one error that says what the file looks like
//! ([`super::looks_like`]).

use std::io::{BufRead, Read, Write};

use crate::entry::Entry;
use crate::error::{Error, Position, Problem, Result};
use crate::formats::decode::{Content, Utf8Reader};
use crate::formats::limits::{Limits, read_line_within};
use crate::formats::unusable_char;
use crate::lang::{LangPair, LangTag};

/// Escapes a field.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    if text.starts_with('"') {
        out.push('\\');
    }
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Unescapes a field.
pub fn unescape(field: &str) -> String {
    if !field.contains('\\') {
        return field.to_string();
    }
    let mut out = String::with_capacity(field.len());
    // A quote escaped at the start of a field ([`escape`]).
    let field = match field.strip_prefix("\\\"") {
        Some(rest) => {
            out.push('"');
            rest
        }
        None => field,
    };
    let mut chars = field.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let replacement = match chars.peek() {
                Some('t') => Some('\t'),
                Some('n') => Some('\n'),
                Some('r') => Some('\r'),
                Some('\\') => Some('\\'),
                _ => None,
            };
            if let Some(r) = replacement {
                out.push(r);
                chars.next();
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Bad lines of one kind in a row after which a file is taken for something else
/// than a TSV, and its reading stops.
pub const BAD_RUN: u32 = 20;

/// Whether the head of a TSV file is written with RFC 4180 quoting: at least two
/// fields, and every field of its complete lines in double quotes; or a field in
/// quotes that doubles a quote inside (`"He said ""yes"""`), which only quoting
/// explains.
pub fn uses_quotes(head: &str) -> bool {
    let complete = match head.rfind('\n') {
        Some(end) => &head[..end],
        None => head,
    };
    let (mut fields, mut quoted) = (0, 0);
    for line in complete.lines().take(200).filter(|l| !l.trim().is_empty()) {
        for field in line.trim_end_matches('\r').split('\t') {
            fields += 1;
            if field.len() >= 2 && field.starts_with('"') && field.ends_with('"') {
                quoted += 1;
                if field[1..field.len() - 1].contains("\"\"") {
                    return true;
                }
            }
        }
    }
    fields >= 2 && quoted == fields
}

/// The kind of a bad line, for counting runs of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bad {
    /// Not two fields: how many.
    Fields(usize),
    Empty,
    Other,
}

/// Reads a bilingual TSV file record by record.
pub struct TsvReader<R: Read> {
    input: Utf8Reader<R>,
    file: String,
    pair: LangPair,
    origin: String,
    swap: bool,
    /// RFC 4180 quoting ([`uses_quotes`]).
    quotes: bool,
    line: u64,
    /// The line the record last returned starts on.
    record_line: u64,
    buf: Vec<u8>,
    /// The bad lines of one kind in a row so far, and their text (for the message).
    run: (Option<Bad>, u32),
    seen: String,
    limits: Limits,
    /// The line last read is longer than a record may be (and was not kept).
    too_long: bool,
}

impl<R: Read> TsvReader<R> {
    pub fn open(read: R, file: &str, pair: &LangPair, origin: &str) -> Result<TsvReader<R>> {
        TsvReader::with_encoding(read, file, pair, origin, None)
    }

    /// [`TsvReader::open`] for a file in `encoding` (`None`: UTF-8, UTF-16 with a
    /// BOM, or Windows-1256 Arabic, found from the content).
    pub fn with_encoding(
        read: R,
        file: &str,
        pair: &LangPair,
        origin: &str,
        encoding: Option<&'static encoding_rs::Encoding>,
    ) -> Result<TsvReader<R>> {
        let at = || Position::new(file).line(1);
        let mut input =
            Utf8Reader::with_encoding(read, Content::Text, encoding).map_err(|e| Error::parse(at(), e.to_string()))?;
        let head = input.fill_buf().map_err(|e| crate::formats::decode::read_error(file, 1, &e))?;
        let quotes = uses_quotes(&String::from_utf8_lossy(head));
        Ok(TsvReader {
            input,
            file: file.to_string(),
            pair: pair.clone(),
            origin: origin.to_string(),
            swap: false,
            quotes,
            line: 0,
            record_line: 0,
            buf: Vec::new(),
            run: (None, 0),
            seen: String::new(),
            limits: Limits::DEFAULT,
            too_long: false,
        })
    }

    /// The reader with other limits on a line's and a field's length.
    pub fn with_limits(mut self, limits: &Limits) -> TsvReader<R> {
        self.limits = *limits;
        self
    }

    /// Whether the file is read with RFC 4180 quoting.
    pub fn quoted(&self) -> bool {
        self.quotes
    }

    /// The encoding the file is read in, when it was guessed from its content
    /// (Windows-1256) rather than UTF-8, a BOM or the caller's.
    pub fn guessed_encoding(&self) -> Option<&'static str> {
        self.input.guessed().then(|| self.input.encoding())
    }

    /// The line last read (1-based).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The line the last record returned starts on (1-based).
    pub fn record_line(&self) -> u64 {
        self.record_line
    }

    pub fn bytes_read(&self) -> u64 {
        self.input.raw_bytes_read()
    }

    fn at(&self) -> Position {
        Position::new(&self.file).line(self.line)
    }

    /// Reads one physical line into `self.buf`, without its line break; `false`
    /// at the end of the input.
    fn read_line(&mut self) -> Result<bool> {
        let (n, over) = read_line_within(&mut self.input, &mut self.buf, self.limits.record_bytes)
            .map_err(|e| crate::formats::decode::read_error(&self.file, self.line + 1, &e))?;
        self.too_long |= over;
        if n == 0 {
            return Ok(false);
        }
        self.line += 1;
        while self.buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            self.buf.pop();
        }
        Ok(true)
    }

    fn text(&self) -> Result<String> {
        String::from_utf8(self.buf.clone()).map_err(|_| {
            Error::parse(
                self.at(),
                "not valid UTF-8 (nor UTF-16 with a byte-order mark, nor Windows-1256 Arabic): name its encoding",
            )
        })
    }

    /// The fields of a record that starts with `first`, RFC 4180 quoting: reads on
    /// while a quoted field is open. An inner `Err` says why a record is malformed.
    fn quoted_fields(&mut self, first: String) -> Result<std::result::Result<Vec<String>, String>> {
        let mut text = first;
        loop {
            match split_quoted(&text) {
                Split::Fields(fields) => return Ok(Ok(fields)),
                Split::Bad(reason) => return Ok(Err(reason)),
                Split::Open if text.len() > self.limits.record_bytes || self.too_long => {
                    // Read on to the end of the record, without keeping it.
                    while self.read_line()? && matches!(split_quoted(&format!("\"{}", self.text()?)), Split::Open) {}
                    return Ok(Err(self.limits.record_reason("a record")));
                }
                Split::Open => {
                    if !self.read_line()? {
                        return Ok(Err("a quoted field is not closed before the end of the file".into()));
                    }
                    text.push('\n');
                    text.push_str(&self.text()?);
                }
            }
        }
    }

    /// The next record: an entry, or a problem with it; `None` at the end. Stops
    /// with an error after [`BAD_RUN`] bad lines of one kind in a row.
    pub fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>> {
        let record = self.next_line()?;
        match &record {
            Some(Err((_, bad))) => {
                if self.run.0 == Some(*bad) {
                    self.run.1 += 1;
                } else {
                    self.run = (Some(*bad), 1);
                    self.seen.clear();
                }
                if self.seen.len() < 16 * 1024 {
                    self.seen.push_str(&String::from_utf8_lossy(&self.buf));
                    self.seen.push('\n');
                }
                if self.run.1 >= BAD_RUN {
                    let what = match bad {
                        Bad::Fields(n) => format!("{n} field{}", if *n == 1 { "" } else { "s" }),
                        Bad::Empty => "an empty field".into(),
                        Bad::Other => "one problem".into(),
                    };
                    return Err(Error::parse(
                        self.at(),
                        format!(
                            "{BAD_RUN} lines in a row with {what}: stopped, this is not a bilingual TSV \
                             (source<TAB>target); it looks like {}",
                            super::looks_like(&self.seen)
                        ),
                    ));
                }
            }
            Some(Ok(_)) => self.run = (None, 0),
            None => {}
        }
        Ok(record.map(|r| r.map_err(|(problem, _)| problem)))
    }

    fn next_line(&mut self) -> Result<Option<std::result::Result<Entry, (Problem, Bad)>>> {
        loop {
            self.too_long = false;
            if !self.read_line()? {
                return Ok(None);
            }
            self.record_line = self.line;
            let line = self.text()?;
            if line.trim().is_empty() && !self.too_long {
                continue;
            }
            if self.line == 1 {
                let cells: Vec<&str> =
                    line.split('\t').map(|c| if self.quotes { c.trim_matches('"') } else { c }).collect();
                if cells.len() == 2
                    && let (Some(a), Some(b)) = (LangTag::parse(cells[0]), LangTag::parse(cells[1]))
                {
                    if self.pair.accepts(&a, &b) {
                        continue;
                    }
                    if self.pair.accepts(&b, &a) {
                        self.swap = true;
                        continue;
                    }
                    return Err(Error::parse(self.at(), format!("the file is {a}→{b}; the memory is {}", self.pair)));
                }
            }
            let start = self.record_line;
            let cells: Vec<String> = if self.quotes {
                match self.quoted_fields(line)? {
                    Ok(fields) => fields,
                    Err(reason) => {
                        let at = Position::new(self.file.as_str()).line(start);
                        return Ok(Some(Err((Problem { at, reason }, Bad::Other))));
                    }
                }
            } else {
                line.split('\t').map(unescape).collect()
            };
            let file = &self.file;
            let problem = |reason: String, bad: Bad| {
                Ok(Some(Err((Problem { at: Position::new(file.as_str()).line(start), reason }, bad))))
            };
            if self.too_long {
                return problem(self.limits.record_reason("a line"), Bad::Other);
            }
            if cells.len() != 2 {
                let n = cells.len();
                return problem(format!("{n} fields; a bilingual TSV line has source<TAB>target"), Bad::Fields(n));
            }
            let (source, target) = if self.swap { (&cells[1], &cells[0]) } else { (&cells[0], &cells[1]) };
            if source.trim().is_empty() || target.trim().is_empty() {
                let side = if source.trim().is_empty() { "source" } else { "target" };
                return problem(format!("empty {side}"), Bad::Empty);
            }
            if let Some(c) = unusable_char(source).or_else(|| unusable_char(target)) {
                return problem(format!("control character U+{:04X} in the text", c as u32), Bad::Other);
            }
            if let Some(why) = self.limits.segment_problem("a field", source.len().max(target.len())) {
                return problem(why, Bad::Other);
            }
            let entry = Entry::new(source, target, self.pair.source.clone(), self.pair.target.clone(), &self.origin);
            return Ok(Some(Ok(entry)));
        }
    }
}

/// A record's text split into fields, RFC 4180 quoting.
enum Split {
    Fields(Vec<String>),
    /// A quoted field runs on past the end of the text.
    Open,
    Bad(String),
}

fn split_quoted(text: &str) -> Split {
    let mut fields = Vec::new();
    let mut rest = text;
    loop {
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut field = String::new();
            let mut chars = quoted.char_indices().peekable();
            let after = loop {
                match chars.next() {
                    None => return Split::Open,
                    Some((i, '"')) => {
                        if chars.peek().is_some_and(|&(_, c)| c == '"') {
                            chars.next();
                            field.push('"');
                        } else {
                            break &quoted[i + 1..];
                        }
                    }
                    Some((_, c)) => field.push(c),
                }
            };
            fields.push(field);
            match after.strip_prefix('\t') {
                Some(next) => rest = next,
                None if after.is_empty() => return Split::Fields(fields),
                None => return Split::Bad(format!("text after the closing quote of field {}", fields.len())),
            }
        } else {
            match rest.split_once('\t') {
                Some((field, next)) => {
                    fields.push(field.to_string());
                    rest = next;
                }
                None => {
                    fields.push(rest.to_string());
                    return Split::Fields(fields);
                }
            }
        }
    }
}

/// Writes the header line of a bilingual TSV.
pub fn write_header(out: &mut impl Write, pair: &LangPair) -> std::io::Result<()> {
    writeln!(out, "{}\t{}", pair.source, pair.target)
}

/// Writes one entry (display text: inline codes as their native content).
pub fn write_entry(out: &mut impl Write, entry: &Entry) -> std::io::Result<()> {
    writeln!(out, "{}\t{}", escape(&entry.source.text), escape(&entry.target.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Result<Vec<std::result::Result<Entry, Problem>>> {
        let mut r = TsvReader::open(text.as_bytes(), "p.tsv", &LangPair::arabic_english(), "p.tsv")?;
        let mut out = Vec::new();
        while let Some(rec) = r.next_record()? {
            out.push(rec);
        }
        Ok(out)
    }

    /// Fuzz finding: a target that begins with a quote and holds a doubled one
    /// (`"yes" ""no""`), written by `tm export --format tsv`, was read back as RFC
    /// 4180 quoting and refused.
    #[test]
    fn a_field_beginning_with_a_quote_is_read_back_as_written() {
        let pair = LangPair::arabic_english();
        let entry = Entry::new("قال نعم", "\"yes\" \"\"no\"\"", pair.source.clone(), pair.target.clone(), "t");
        let mut out = Vec::new();
        write_header(&mut out, &pair).unwrap();
        write_entry(&mut out, &entry).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!uses_quotes(&text), "{text}");
        let back = read_all(&text).unwrap();
        assert_eq!(back[0].as_ref().unwrap().target.text, "\"yes\" \"\"no\"\"");
    }

    #[test]
    fn escapes_round_trip() {
        for text in ["a\tb", "line\nbreak\r", "C:\\new", "\\t literal", "\"quoted\" at the start", "\\\"x"] {
            assert_eq!(unescape(&escape(text)), text);
        }
        assert_eq!(unescape("C:\\path"), "C:\\path");
    }

    #[test]
    fn a_reversed_header_swaps_the_columns() {
        let got = read_all("en\tar\nHello\tمرحبا\n").unwrap();
        let e = got[0].as_ref().unwrap();
        assert_eq!((e.source.text.as_str(), e.target.text.as_str()), ("مرحبا", "Hello"));
    }

    #[test]
    fn bad_lines_are_problems_with_their_line_numbers() {
        let got = read_all("ar\ten\nنص\ttext\n\nفقط\nنص\t\nأ\tب\tج\n").unwrap();
        let problems: Vec<String> = got.iter().filter_map(|r| r.as_ref().err()).map(|p| p.to_string()).collect();
        assert_eq!(
            problems,
            vec![
                "p.tsv:4: 1 fields; a bilingual TSV line has source<TAB>target",
                "p.tsv:5: empty target",
                "p.tsv:6: 3 fields; a bilingual TSV line has source<TAB>target"
            ]
        );
    }

    /// From a user's trial: a spreadsheet's TSV kept the quotes of its fields.
    #[test]
    fn rfc_4180_quoted_fields_lose_their_quotes_when_the_file_quotes() {
        let file = "\"ar\"\t\"en\"\n\"قال \"\"نعم\"\"\"\t\"He said \"\"yes\"\"\"\n\"سطر\nثان\"\t\"two\tfields\"\n";
        let got = read_all(file).unwrap();
        let pairs: Vec<(String, String)> =
            got.into_iter().map(|r| r.unwrap()).map(|e| (e.source.text, e.target.text)).collect();
        assert_eq!(
            pairs,
            [("قال \"نعم\"".to_string(), "He said \"yes\"".to_string()), ("سطر\nثان".into(), "two\tfields".into())]
        );
        // Quotes that are text stay.
        let got = read_all("ar\ten\n\"النفط\" كلمة\t\"Oil\" is a word\n").unwrap();
        assert_eq!(got[0].as_ref().unwrap().target.text, "\"Oil\" is a word");
        assert!(!uses_quotes("\"النفط\"\t\"oil\"\nنص\ttext\n"));
        assert!(uses_quotes("\"النفط\"\t\"oil\"\n\"نص\"\t\"text\"\n"));
    }

    /// From a user's trial: plain text read as TSV gave one error per line.
    #[test]
    fn twenty_bad_lines_of_one_kind_in_a_row_stop_with_what_the_file_looks_like() {
        let text: String = (0..100).map(|i| format!("السطر رقم {i} من نص عادي.\n")).collect();
        let mut r = TsvReader::open(text.as_bytes(), "p.tsv", &LangPair::arabic_english(), "p.tsv").unwrap();
        let mut problems = 0;
        let err = loop {
            match r.next_record() {
                Ok(Some(Err(_))) => problems += 1,
                Ok(other) => panic!("{other:?}"),
                Err(e) => break e.to_string(),
            }
        };
        assert_eq!(problems, BAD_RUN - 1);
        assert!(err.starts_with("p.tsv:20: 20 lines in a row with 1 field: stopped"), "{err}");
        assert!(err.contains("plain text"), "{err}");
        // Bad lines between good ones are only reported.
        let mut mixed = String::from("ar\ten\n");
        for i in 0..60 {
            mixed.push_str(if i % 10 == 0 { "نص\ttext\n" } else { "سطر بلا ترجمة\n" });
        }
        assert_eq!(read_all(&mixed).unwrap().len(), 60);
    }

    #[test]
    fn a_header_of_another_pair_is_refused() {
        let err = read_all("en\tfr\nHello\tBonjour\n").unwrap_err().to_string();
        assert_eq!(err, "p.tsv:1: the file is en→fr; the memory is ar→en");
    }
}
