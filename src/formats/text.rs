//! Line-aligned text pairs: two plain-text files, line N of one translating line N of
//! the other (as parallel corpora and `paste`-style exports come). Files of
//! different lengths are not aligned: that is an error for the whole pair, never a
//! guess. A line empty on one side only is a [`Problem`]; a line empty on both sides
//! is skipped. Each entry keeps its context ([`crate::entry::Context`]): the
//! source lines before and after it (empty lines aside), as a document import does.

use std::io::Read;

use crate::entry::Entry;
use crate::error::{Error, Position, Problem, Result};
use crate::formats::decode::{Content, Utf8Reader};
use crate::formats::limits::{Limits, read_line_within};
use crate::formats::unusable_char;
use crate::lang::LangPair;

/// Reads two line-aligned files in step.
pub struct LinePairs<A: Read, B: Read> {
    source: Utf8Reader<A>,
    target: Utf8Reader<B>,
    names: (String, String),
    pair: LangPair,
    origin: String,
    line: u64,
    /// The line read last, which is ahead of [`LinePairs::line`] by the record
    /// held to learn the next source line.
    read: u64,
    bufs: (Vec<u8>, Vec<u8>),
    /// The record read ahead: its line, its source line, the record.
    ahead: Option<Option<Ahead>>,
    /// The last non-empty source line given out.
    prev: Option<String>,
    limits: Limits,
}

type Record = std::result::Result<Entry, Problem>;
type Ahead = (u64, String, Record);

/// The next line without its line break (`None` at the end); a line longer than
/// `max` bytes is read past and comes back as `Some(None)`.
fn read_line<R: Read>(
    input: &mut Utf8Reader<R>,
    buf: &mut Vec<u8>,
    name: &str,
    line: u64,
    max: usize,
) -> Result<Option<Option<String>>> {
    let (n, over) =
        read_line_within(input, buf, max).map_err(|e| crate::formats::decode::read_error(name, line, &e))?;
    if n == 0 {
        return Ok(None);
    }
    if over {
        return Ok(Some(None));
    }
    let text = std::str::from_utf8(buf).map_err(|_| {
        Error::parse(
            Position::new(name).line(line),
            "not valid UTF-8 (nor UTF-16 with a byte-order mark, nor Windows-1256 Arabic): name its encoding",
        )
    })?;
    Ok(Some(Some(text.trim_end_matches(['\n', '\r']).to_string())))
}

impl<A: Read, B: Read> LinePairs<A, B> {
    pub fn open(source: A, target: B, names: (&str, &str), pair: &LangPair, origin: &str) -> Result<LinePairs<A, B>> {
        LinePairs::with_encoding(source, target, names, pair, origin, None)
    }

    /// [`LinePairs::open`] for files in `encoding` (`None`: UTF-8, UTF-16 with a
    /// BOM, or Windows-1256 Arabic, found from each file's content).
    pub fn with_encoding(
        source: A,
        target: B,
        names: (&str, &str),
        pair: &LangPair,
        origin: &str,
        encoding: Option<&'static encoding_rs::Encoding>,
    ) -> Result<LinePairs<A, B>> {
        let open = |name: &str, e: std::io::Error| Error::parse(Position::new(name).line(1), e.to_string());
        Ok(LinePairs {
            source: Utf8Reader::with_encoding(source, Content::Text, encoding).map_err(|e| open(names.0, e))?,
            target: Utf8Reader::with_encoding(target, Content::Text, encoding).map_err(|e| open(names.1, e))?,
            names: (names.0.to_string(), names.1.to_string()),
            pair: pair.clone(),
            origin: origin.to_string(),
            line: 0,
            read: 0,
            bufs: (Vec::new(), Vec::new()),
            ahead: None,
            prev: None,
            limits: Limits::DEFAULT,
        })
    }

    /// The reader with another limit on a line's length (a segment's).
    pub fn with_limits(mut self, limits: &Limits) -> LinePairs<A, B> {
        self.limits = *limits;
        self
    }

    /// The line last read (1-based).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The encoding a file is read in, when it was guessed from its content
    /// (Windows-1256) rather than UTF-8, a BOM or the caller's.
    pub fn guessed_encoding(&self) -> Option<&'static str> {
        if self.source.guessed() {
            Some(self.source.encoding())
        } else if self.target.guessed() {
            Some(self.target.encoding())
        } else {
            None
        }
    }

    /// Bytes read from both files.
    pub fn bytes_read(&self) -> u64 {
        self.source.raw_bytes_read() + self.target.raw_bytes_read()
    }

    /// The next record; `None` when both files end together. An entry comes with
    /// its context: the source lines before and after it.
    pub fn next_record(&mut self) -> Result<Option<Record>> {
        let current = match self.ahead.take() {
            Some(held) => held,
            None => self.read_record()?,
        };
        let Some((line, source, mut record)) = current else { return Ok(None) };
        let ahead = self.read_record()?;
        if let Ok(entry) = &mut record {
            let next = ahead.as_ref().map(|(_, s, _)| s.as_str()).filter(|s| !s.trim().is_empty());
            entry.meta.add_context(crate::entry::Context { prev: self.prev.as_deref(), next });
        }
        self.ahead = Some(ahead);
        self.line = line;
        if !source.trim().is_empty() {
            self.prev = Some(source);
        }
        Ok(Some(record))
    }

    /// The next record read from the files, with its line and source line.
    fn read_record(&mut self) -> Result<Option<Ahead>> {
        loop {
            self.read += 1;
            let max = self.limits.segment_bytes;
            let s = read_line(&mut self.source, &mut self.bufs.0, &self.names.0, self.read, max)?;
            let t = read_line(&mut self.target, &mut self.bufs.1, &self.names.1, self.read, max)?;
            let (s, t) = match (s, t) {
                (None, None) => return Ok(None),
                (Some(_), None) | (None, Some(_)) => {
                    let (longer, shorter) = if self.source.line() > self.target.line() {
                        (&self.names.0, &self.names.1)
                    } else {
                        (&self.names.1, &self.names.0)
                    };
                    return Err(Error::parse(
                        Position::new(shorter.as_str()).line(self.read),
                        format!("ends at line {} but {longer} goes on: the files are not line-aligned", self.read - 1),
                    ));
                }
                (Some(Some(s)), Some(Some(t))) => (s, t),
                (Some(s), Some(_)) => {
                    let long = if s.is_none() { &self.names.0 } else { &self.names.1 };
                    let problem = Problem {
                        at: Position::new(long.as_str()).line(self.read),
                        reason: self.limits.segment_reason("a line"),
                    };
                    return Ok(Some((self.read, s.unwrap_or_default(), Err(problem))));
                }
            };
            match (s.trim().is_empty(), t.trim().is_empty()) {
                (true, true) => continue,
                (true, false) | (false, true) => {
                    let empty = if s.trim().is_empty() { &self.names.0 } else { &self.names.1 };
                    let problem = Problem {
                        at: Position::new(empty.as_str()).line(self.read),
                        reason: "empty line opposite a non-empty one".into(),
                    };
                    return Ok(Some((self.read, s, Err(problem))));
                }
                _ => {}
            }
            if let Some(c) = unusable_char(&s).or_else(|| unusable_char(&t)) {
                let problem = Problem {
                    at: Position::new(self.names.0.as_str()).line(self.read),
                    reason: format!("control character U+{:04X} in the text", c as u32),
                };
                return Ok(Some((self.read, s, Err(problem))));
            }
            let entry = Entry::new(&s, &t, self.pair.source.clone(), self.pair.target.clone(), &self.origin);
            return Ok(Some((self.read, s, Ok(entry))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(a: &str, b: &str) -> Result<Vec<std::result::Result<Entry, Problem>>> {
        let mut r = LinePairs::open(a.as_bytes(), b.as_bytes(), ("a.ar", "a.en"), &LangPair::arabic_english(), "a.ar")?;
        let mut out = Vec::new();
        while let Some(rec) = r.next_record()? {
            out.push(rec);
        }
        Ok(out)
    }

    #[test]
    fn lines_pair_up() {
        let got = read_all("واحد\n\nاثنان\n", "one\n\ntwo\n").unwrap();
        let targets: Vec<String> = got.into_iter().map(|r| r.unwrap().target.text).collect();
        assert_eq!(targets, vec!["one", "two"]);
    }

    /// Each entry keeps the source lines around it; an empty line is no
    /// neighbour, and the first and last lines have none on their outer side.
    #[test]
    fn lines_keep_their_neighbours() {
        let got = read_all("واحد\n\nاثنان\nثلاثة\n", "one\n\ntwo\nthree\n").unwrap();
        let contexts: Vec<(Option<String>, Option<String>)> = got
            .iter()
            .map(|r| {
                let c = r.as_ref().unwrap().meta.contexts()[0];
                (c.prev.map(String::from), c.next.map(String::from))
            })
            .collect();
        let s = |t: &str| Some(t.to_string());
        assert_eq!(contexts, [(None, s("اثنان")), (s("واحد"), s("ثلاثة")), (s("اثنان"), None)]);
    }

    #[test]
    fn different_lengths_are_an_error() {
        let err = read_all("واحد\nاثنان\n", "one\n").unwrap_err().to_string();
        assert_eq!(err, "a.en:2: ends at line 1 but a.ar goes on: the files are not line-aligned");
    }

    #[test]
    fn a_one_sided_empty_line_is_a_problem() {
        let got = read_all("واحد\n\n", "one\ntwo\n").unwrap();
        assert_eq!(got[1].as_ref().unwrap_err().to_string(), "a.ar:2: empty line opposite a non-empty one");
    }
}
