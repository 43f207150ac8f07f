//! Bilingual TSV: one entry per line, `source<TAB>target`, UTF-8 (or UTF-16 with a
//! BOM on input).
//!
//! The first line may be a header naming the two languages (`ar<TAB>en`, or
//! `en<TAB>ar`, in which case the columns are read the other way round); `tm export
//! --format tsv` writes one. Inside a field, a tab, line break, carriage return or
//! backslash is written `\t`, `\n`, `\r`, `\\` (the PostgreSQL/MySQL text convention),
//! so multi-line segments survive; any other backslash is kept as it is. A line with
//! other than two fields, or an empty field, is a [`Problem`]; an empty line is
//! skipped.

use std::io::{BufRead, Read, Write};

use crate::entry::Entry;
use crate::error::{Error, Position, Problem, Result};
use crate::formats::decode::{Content, Utf8Reader};
use crate::formats::unusable_char;
use crate::lang::{LangPair, LangTag};

/// Escapes a field.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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

/// Reads a bilingual TSV file record by record.
pub struct TsvReader<R: Read> {
    input: Utf8Reader<R>,
    file: String,
    pair: LangPair,
    origin: String,
    swap: bool,
    line: u64,
    buf: Vec<u8>,
}

impl<R: Read> TsvReader<R> {
    pub fn open(read: R, file: &str, pair: &LangPair, origin: &str) -> Result<TsvReader<R>> {
        let input = Utf8Reader::new(read, Content::Text)
            .map_err(|e| Error::parse(Position::new(file).line(1), e.to_string()))?;
        Ok(TsvReader {
            input,
            file: file.to_string(),
            pair: pair.clone(),
            origin: origin.to_string(),
            swap: false,
            line: 0,
            buf: Vec::new(),
        })
    }

    /// The line last read (1-based).
    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn bytes_read(&self) -> u64 {
        self.input.raw_bytes_read()
    }

    fn at(&self) -> Position {
        Position::new(&self.file).line(self.line)
    }

    /// The next record: an entry, or a problem with it; `None` at the end.
    pub fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>> {
        loop {
            self.buf.clear();
            let n = self.input.read_until(b'\n', &mut self.buf).map_err(|e| Error::parse(self.at(), e.to_string()))?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            let line = std::str::from_utf8(&self.buf)
                .map_err(|_| Error::parse(self.at(), "not valid UTF-8 (nor UTF-16 with a byte-order mark)"))?
                .trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            if self.line == 1
                && cells.len() == 2
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
            let problem = |reason: String| Problem { at: Position::new(&self.file).line(self.line), reason };
            if cells.len() != 2 {
                return Ok(Some(Err(problem(format!(
                    "{} fields; a bilingual TSV line has source<TAB>target",
                    cells.len()
                )))));
            }
            let (source, target) = if self.swap { (cells[1], cells[0]) } else { (cells[0], cells[1]) };
            let (source, target) = (unescape(source), unescape(target));
            if source.trim().is_empty() || target.trim().is_empty() {
                let side = if source.trim().is_empty() { "source" } else { "target" };
                return Ok(Some(Err(problem(format!("empty {side}")))));
            }
            if let Some(c) = unusable_char(&source).or_else(|| unusable_char(&target)) {
                return Ok(Some(Err(problem(format!("control character U+{:04X} in the text", c as u32)))));
            }
            let entry = Entry::new(&source, &target, self.pair.source.clone(), self.pair.target.clone(), &self.origin);
            return Ok(Some(Ok(entry)));
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

    #[test]
    fn escapes_round_trip() {
        for text in ["a\tb", "line\nbreak\r", "C:\\new", "\\t literal"] {
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

    #[test]
    fn a_header_of_another_pair_is_refused() {
        let err = read_all("en\tfr\nHello\tBonjour\n").unwrap_err().to_string();
        assert_eq!(err, "p.tsv:1: the file is en→fr; the memory is ar→en");
    }
}
