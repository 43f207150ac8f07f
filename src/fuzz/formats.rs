//! Fuzz bodies for the readers: each reads arbitrary bytes as its format does on
//! import and checks what holds of every input:
//!
//! - an error names a line of the file (never a bare file name, never a panic);
//! - a bad record comes back as a problem with its line;
//! - no record is lost without a word: for input that is well-formed XML, every
//!   `<tu>` (TMX), `<trans-unit>`/`<unit>` (XLIFF) or term entry (TBX) an
//!   independent reading of the XML counts is a record the reader returned, or
//!   the file is refused; for TSV every non-blank line is a record or the header;
//!   for a glossary every line is a term, a spelling or a problem;
//! - what is read, written back by `tm`'s writer of that format and read again,
//!   gives the same records (TMX, TSV, TBX, glossary TSV);
//! - decoding gives the same text whatever the chunks the input arrives in.
//!
//! The independent readings count only elements the format defines as records
//! and never guess at malformed input: where the XML itself is malformed the
//! reader must fail, which the first rule checks.

use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::entry::Entry;
use crate::error::{Error, Problem};
use crate::formats::decode::{Content, Utf8Reader};
use crate::formats::tmx::{HeaderInfo, Segtype, TmxReader, TmxWriter};
use crate::formats::xliff::{self, Element, States, XliffEntries, XliffReader};
use crate::formats::{glossary as glossary_format, tbx as tbx_format, tsv as tsv_format};
use crate::glossary::Term;
use crate::lang::LangPair;
use crate::timestamp::Timestamp;

/// The name inputs go by in messages (and the records' origin).
const FILE: &str = "fuzz";

/// An error from reading an input must say where: the file and a line.
fn assert_positioned(err: &Error) {
    match err {
        Error::Parse { at, .. } => {
            assert!(at.line.is_some(), "the reader returned an error without a line: {err}");
            assert_eq!(at.file, FILE, "the error names another file: {err}");
        }
        Error::Record(problem) => assert_problem(problem),
        other => panic!("a reader of bytes in memory returned an error that is not about the input: {other}"),
    }
}

fn assert_problem(problem: &Problem) {
    assert!(problem.at.line.is_some_and(|l| l >= 1), "a problem without a line: {problem}");
    assert!(!problem.reason.is_empty(), "a problem without a reason: {problem}");
}

/// The input decoded as the XML readers decode it, or `None` if it cannot be.
fn decoded_xml(data: &[u8]) -> Option<String> {
    let mut input = Utf8Reader::new(data, Content::Xml).ok()?;
    let mut text = String::new();
    input.read_to_string(&mut text).ok()?;
    Some(text)
}

/// How many elements of `text` whose local name is one of `records` have no
/// ancestor whose local name is one of `outside`, and are not inside a record; `None`
/// unless `text` is well-formed to its end (as the readers' XML parser sees it).
/// `empty`: whether an empty-element tag (`<tu/>`) counts.
fn count_records(text: &str, records: &[&str], outside: &[&str], empty: bool) -> Option<u64> {
    let mut xml = Reader::from_str(text);
    let config = xml.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    let mut open: Vec<String> = Vec::new();
    let mut count = 0;
    loop {
        match xml.read_event().ok()? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                if records.contains(&name.as_str()) && !shadowed(&open, records, outside) {
                    count += 1;
                }
                open.push(name);
            }
            Event::Empty(e) if empty => {
                let name = e.local_name().as_ref().to_string();
                if records.contains(&name.as_str()) && !shadowed(&open, records, outside) {
                    count += 1;
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => return Some(count),
            _ => {}
        }
    }
}

fn shadowed(open: &[String], records: &[&str], outside: &[&str]) -> bool {
    open.iter().any(|o| records.contains(&o.as_str()) || outside.contains(&o.as_str()))
}

/// TMX (`tm import` of a `.tmx`): every unit is an entry or a problem with its line;
/// for well-formed XML, every `<tu>` outside `<seg>`, `<note>` and `<prop>` text is a
/// unit returned or the file is refused (a `<tu>` the reader skips unseen is a
/// silent loss); the entries written as TMX 1.4b and read back are the same.
pub fn tmx(data: &[u8]) {
    let pair = LangPair::arabic_english();
    let mut units = 0;
    let mut entries = Vec::new();
    let read = (|| -> crate::error::Result<()> {
        let mut reader = TmxReader::open(data, FILE)?;
        while let Some(unit) = reader.next_unit()? {
            units += 1;
            assert_eq!(unit.number, units, "units are numbered in file order");
            assert!(unit.line >= 1, "a unit without a line");
            match unit.into_entry(&pair, FILE, FILE) {
                Ok(entry) => {
                    assert!(!entry.source.plain().trim().is_empty() || entry.source.markup.is_some(), "empty source");
                    assert!(!entry.target.plain().trim().is_empty() || entry.target.markup.is_some(), "empty target");
                    entries.push(entry);
                }
                Err(problem) => assert_problem(&problem),
            }
        }
        Ok(())
    })();
    if let Err(err) = read {
        return assert_positioned(&err);
    }
    let text = decoded_xml(data).expect("the TMX reader read a file that does not decode");
    if let Some(expected) = count_records(&text, &["tu"], &["seg", "note", "prop"], true) {
        assert_eq!(units, expected, "a <tu> was dropped without a report ({units} units read, {expected} in the file)");
    }
    tmx_round_trip(&entries);
}

/// Entries written by `tm export` and imported again are the same entries.
fn tmx_round_trip(entries: &[Entry]) {
    let header = HeaderInfo { srclang: "ar", adminlang: "en", segtype: "sentence", created: Timestamp(0) };
    let mut writer = TmxWriter::new(Vec::new(), &header).expect("write to memory");
    for entry in entries {
        writer.write(entry, Segtype::Sentence).expect("write to memory");
    }
    let bytes = writer.finish().expect("write to memory");
    let mut reader = TmxReader::open(&bytes[..], FILE).unwrap_or_else(|e| panic!("tm's own TMX is refused: {e}"));
    let pair = LangPair::arabic_english();
    let mut back = Vec::new();
    while let Some(unit) = reader.next_unit().unwrap_or_else(|e| panic!("tm's own TMX is refused: {e}")) {
        match unit.into_entry(&pair, FILE, FILE) {
            Ok(entry) => back.push(entry),
            Err(problem) => panic!("an entry written by tm is refused on import: {problem}"),
        }
    }
    let as_written: Vec<Entry> = entries
        .iter()
        .cloned()
        .map(|mut e| {
            e.confidence = e.confidence.map(crate::align::document::round_confidence);
            e
        })
        .collect();
    assert_eq!(back, as_written, "entries written as TMX and read back differ");
}

/// Whether `span` is a whole element of `text`: in bounds, on character
/// boundaries, from a `<` to a `>`.
fn assert_element(text: &str, element: &Element, within: &std::ops::Range<usize>, what: &str) {
    let whole = &element.outer;
    assert!(
        whole.start <= whole.end && whole.end <= text.len(),
        "{what}: span {whole:?} outside the text ({} bytes)",
        text.len()
    );
    assert!(text.is_char_boundary(whole.start) && text.is_char_boundary(whole.end), "{what}: span cuts a character");
    assert!(within.start <= whole.start && whole.end <= within.end, "{what}: span {whole:?} outside {within:?}");
    let outer = &text[whole.clone()];
    assert!(outer.starts_with('<') && outer.ends_with('>'), "{what}: span {whole:?} is not an element: {outer:?}");
    let tag = &element.start_tag;
    assert!(whole.start == tag.start && tag.end <= whole.end, "{what}: start tag {tag:?} outside {whole:?}");
    assert!(text[tag.clone()].ends_with('>'), "{what}: start tag {tag:?} does not end with >");
    if let Some(content) = &element.content {
        assert!(tag.end == content.start && content.end < whole.end, "{what}: content {content:?} outside {whole:?}");
        assert!(text[content.end..whole.end].starts_with("</"), "{what}: no end tag after the content");
    }
}

/// XLIFF (`tm import` and `tm pretranslate` of a `.xlf`/`.sdlxliff`): every record is
/// an entry or a problem with its line; the spans of the elements a pre-translation
/// edits are whole elements of the decoded text, inside their unit; the import's
/// reading and the pre-translation's (decoded first) see the same units; no
/// `<trans-unit>` (1.2) or `<unit>` (2.0) outside a skipped container is lost.
pub fn xliff(data: &[u8]) {
    let pair = LangPair::arabic_english();
    let read = (|| -> crate::error::Result<u64> {
        let mut entries = XliffEntries::open(data, FILE, &pair, States::All, FILE)?;
        let mut records = 0;
        while let Some(record) = entries.next_record()? {
            records += 1;
            if let Err(problem) = record {
                assert_problem(&problem);
            }
        }
        Ok(records)
    })();
    if let Err(err) = read {
        return assert_positioned(&err);
    }
    let decoded = xliff::decode(data, FILE).expect("the XLIFF reader read a file that does not decode");
    let text = decoded.text.as_str();
    let mut reader = XliffReader::open_utf8(text.as_bytes(), FILE, &crate::formats::limits::Limits::DEFAULT)
        .unwrap_or_else(|e| panic!("the decoded text of a file that imports is refused: {e}"));
    let mut units = 0;
    let whole = 0..text.len();
    while let Some(unit) =
        reader.next_unit().unwrap_or_else(|e| panic!("the decoded text of a file that imports is refused: {e}"))
    {
        units += 1;
        assert_eq!(unit.number, units, "units are numbered in file order");
        assert!(unit.line >= 1, "a unit without a line");
        assert!(unit.file < reader.files().len() || reader.files().is_empty(), "a unit of a <file> not read");
        assert_element(text, &unit.element, &whole, "unit");
        let outer = unit.element.outer.clone();
        for (span, what) in
            [(&unit.source_span, "source"), (&unit.seg_source_span, "seg-source"), (&unit.target_span, "target")]
        {
            if let Some(e) = span {
                assert_element(text, e, &outer, what);
            }
        }
        for segment in &unit.segments {
            assert!(segment.line >= unit.line, "a segment before its unit");
            for (span, what) in [
                (&segment.element, "segment"),
                (&segment.source_span, "segment source"),
                (&segment.target_span, "segment target"),
            ] {
                if let Some(e) = span {
                    assert_element(text, e, &outer, what);
                }
            }
        }
    }
    for file in reader.files() {
        assert!(file.start_tag.end <= text.len() && text.is_char_boundary(file.start_tag.start), "file span");
        if let Some(header) = &file.header {
            assert_element(text, header, &whole, "header");
        }
    }
    let (records, outside): (&[&str], &[&str]) = match reader.version() {
        xliff::Version::V1 => (&["trans-unit"], &["skeleton", "bin-unit", "internal-file", "external-file", "header"]),
        xliff::Version::V2 => (&["unit"], &["skeleton", "notes", "metadata", "originalData"]),
    };
    if let Some(expected) = count_records(text, records, outside, false) {
        assert!(units >= expected, "a unit was dropped without a report ({units} units read, {expected} in the file)");
    }
}

/// TBX (`tm glossary import` of a `.tbx`): every term entry is a term, a problem
/// with its line or counted incomplete; terms have a rendering, white space
/// collapsed; the terms written as TBX-Basic and read back are the same.
pub fn tbx(data: &[u8]) {
    let pair = LangPair::arabic_english();
    let read = match tbx_format::read(data, FILE, &pair) {
        Ok(read) => read,
        Err(err) => return assert_positioned(&err),
    };
    read.problems.iter().for_each(assert_problem);
    assert_terms(&read.terms);
    let text = decoded_xml(data).expect("the TBX reader read a file that does not decode");
    if let Some(expected) = count_records(&text, &["termEntry", "conceptEntry"], &[], false) {
        let got = read.terms.len() as u64 + read.problems.len() as u64 + read.incomplete;
        assert_eq!(got, expected, "a term entry was dropped without a report ({got} read, {expected} in the file)");
    }
    let mut out = Vec::new();
    if tbx_format::write(&mut out, &read.terms, &pair).is_ok() {
        let back = tbx_format::read(&out[..], FILE, &pair).unwrap_or_else(|e| panic!("tm's own TBX is refused: {e}"));
        assert_eq!(back.terms, read.terms, "terms written as TBX and read back differ");
    }
}

fn assert_terms(terms: &[Term]) {
    for term in terms {
        assert!(!term.rendering.trim().is_empty(), "a term without a rendering: {term:?}");
        assert_eq!(term.rendering.trim(), term.rendering, "a rendering with white space around it: {term:?}");
        assert!(term.variants.iter().all(|v| !v.trim().is_empty()), "an empty variant: {term:?}");
    }
}

/// Bilingual TSV (`tm import` of a `.tsv`): every record is an entry or a problem
/// with its line; read without quoting, every non-blank line but a language header
/// on line 1 is a record; the entries written by `tm export --format tsv` and
/// read back are the same.
pub fn tsv(data: &[u8]) {
    let pair = LangPair::arabic_english();
    let mut lines = Vec::new();
    let mut entries = Vec::new();
    let mut quoted = false;
    let read = (|| -> crate::error::Result<()> {
        let mut reader = tsv_format::TsvReader::open(data, FILE, &pair, FILE)?;
        quoted = reader.quoted();
        while let Some(record) = reader.next_record()? {
            let line = reader.record_line();
            assert!(lines.last().is_none_or(|&l| l < line), "records out of line order");
            lines.push(line);
            match record {
                Ok(entry) => entries.push(entry),
                Err(problem) => {
                    assert_problem(&problem);
                    assert_eq!(problem.at.line, Some(line), "a problem at another line than its record's");
                }
            }
        }
        Ok(())
    })();
    if let Err(err) = read {
        return assert_positioned(&err);
    }
    if !quoted {
        let text =
            crate::formats::decode::read_text(data, FILE).expect("the TSV reader read a file that does not decode");
        for (i, line) in text.split('\n').enumerate() {
            let number = i as u64 + 1;
            if line.trim().is_empty() || lines.contains(&number) {
                continue;
            }
            assert!(
                number == 1 && line.trim_end_matches('\r').split('\t').count() == 2,
                "line {number} was dropped without a report: {line:?}"
            );
        }
    }
    if entries.is_empty() {
        return;
    }
    let mut out = Vec::new();
    tsv_format::write_header(&mut out, &pair).expect("write to memory");
    for entry in &entries {
        tsv_format::write_entry(&mut out, entry).expect("write to memory");
    }
    let mut reader = tsv_format::TsvReader::open(&out[..], FILE, &pair, FILE).expect("tm's own TSV opens");
    let mut back = Vec::new();
    while let Some(record) = reader.next_record().unwrap_or_else(|e| panic!("tm's own TSV is refused: {e}")) {
        match record {
            Ok(entry) => back.push((entry.source.text, entry.target.text)),
            Err(problem) => panic!("an entry written by tm is refused on import: {problem}"),
        }
    }
    let written: Vec<(String, String)> = entries.into_iter().map(|e| (e.source.text, e.target.text)).collect();
    assert_eq!(back, written, "entries written as TSV and read back differ");
}

/// Glossary TSV and CSV (`tm glossary import`): every line after the header is a
/// term's, a spelling's or a problem (with its line); terms written as `tm`'s
/// glossary TSV and read back are the same.
pub fn glossary(data: &[u8]) {
    let pair = LangPair::arabic_english();
    let read = Utf8Reader::new(data, Content::Text)
        .map_err(|e| Error::parse(crate::error::Position::new(FILE).line(1), e.to_string()))
        .and_then(|input| glossary_format::read(BufReader::new(input), FILE, &pair));
    let read = match read {
        Ok(read) => read,
        Err(err) => return assert_positioned(&err),
    };
    read.problems.iter().for_each(assert_problem);
    assert_terms(&read.terms);
    let text =
        crate::formats::decode::read_text(data, FILE).expect("the glossary reader read a file that does not decode");
    let lines: Vec<&str> = text.lines().collect();
    if let Some(first) = lines.iter().position(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let header = lines[first];
        let csv = header.contains("sourceString") && header.contains(',');
        for (i, line) in lines.iter().enumerate().skip(first + 1) {
            let line = line.trim_end_matches('\r');
            if csv || line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let number = i as u64 + 1;
            let accounted = read.problems.iter().any(|p| p.at.line == Some(number))
                || read.spellings.iter().any(|s| s.2 == number)
                || read.terms.iter().any(|t| line.split('\t').next().is_some_and(|c| c.trim() == t.rendering));
            assert!(accounted, "line {number} was dropped without a report: {line:?}");
        }
    }
    let mut out = Vec::new();
    if glossary_format::write_tsv(&mut out, &read.terms).is_ok() {
        let back = glossary_format::read(&out[..], FILE, &pair)
            .unwrap_or_else(|e| panic!("tm's own glossary is refused: {e}"));
        assert!(back.problems.is_empty(), "tm's own glossary has problems: {:?}", back.problems);
        assert_eq!(back.terms, read.terms, "terms written as a glossary TSV and read back differ");
    }
}

/// A reader that hands out its input in the chunk sizes given, round and round.
struct Chunked<'a> {
    data: &'a [u8],
    sizes: &'a [u8],
    next: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let size = match self.sizes {
            [] => self.data.len(),
            sizes => usize::from(sizes[self.next % sizes.len()]).max(1),
        };
        self.next += 1;
        let n = size.min(out.len()).min(self.data.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Decoding (every reader's first step): the first byte picks XML or text sniffing
/// and how many of the following bytes are chunk sizes; the rest is the input. The
/// text decoded is the same whole or in chunks; UTF-8 passes through unchanged
/// (byte-order mark aside); another encoding gives valid UTF-8, the same as
/// `encoding_rs` decoding the whole input at once; the line count is the text's.
pub fn decode(data: &[u8]) {
    let Some((&control, rest)) = data.split_first() else { return };
    let content = if control & 1 == 0 { Content::Xml } else { Content::Text };
    let (sizes, input) = rest.split_at(usize::from(control >> 4).min(rest.len()));
    let whole = decode_all(input, content);
    let chunked = decode_all(Chunked { data: input, sizes, next: 0 }, content);
    match (&whole, &chunked) {
        (Ok((a, enc_a, lines_a)), Ok((b, enc_b, lines_b))) => {
            assert_eq!(enc_a, enc_b, "the encoding depends on the chunks");
            assert_eq!(a, b, "the text depends on the chunks");
            assert_eq!(lines_a, lines_b, "the line count depends on the chunks");
        }
        (Err(_), Err(_)) => {}
        _ => {
            // The encoding is told from the first 64 KiB, read whole either way,
            // so only a malformed byte can fail; it must fail both ways.
            panic!("decoding whole and in chunks disagree: {:?} / {:?}", whole.is_ok(), chunked.is_ok());
        }
    }
    let Ok((text, encoding, lines)) = whole else { return };
    let newlines = text.iter().filter(|&&b| b == b'\n').count() as u64;
    assert_eq!(lines, newlines + 1, "the line count is not the text's");
    let encoding = encoding_rs::Encoding::for_label(encoding.as_bytes()).expect("a known encoding");
    let bom = encoding_rs::Encoding::for_bom(input).map_or(0, |(_, len)| len);
    if encoding == encoding_rs::UTF_8 {
        assert_eq!(text, &input[bom..], "UTF-8 did not pass through unchanged");
    } else {
        let text = std::str::from_utf8(&text).expect("decoded text that is not UTF-8");
        let expected = encoding.decode_without_bom_handling_and_without_replacement(&input[bom..]);
        assert_eq!(expected.as_deref(), Some(text), "streaming decoding differs from decoding at once");
    }
    if content == Content::Text
        && let Ok(text) = crate::formats::decode::read_text(input, FILE)
    {
        assert!(std::str::from_utf8(&whole_text(input)).is_ok_and(|t| t == text), "read_text differs");
    }
}

fn whole_text(input: &[u8]) -> Vec<u8> {
    decode_all(input, Content::Text).map(|(t, _, _)| t).unwrap_or_default()
}

/// The input decoded, its encoding's name and its line count at the end.
fn decode_all(input: impl Read, content: Content) -> std::io::Result<(Vec<u8>, &'static str, u64)> {
    let mut reader = Utf8Reader::new(input, content)?;
    let mut out = Vec::new();
    reader.read_to_end(&mut out)?;
    Ok((out, reader.encoding(), reader.line()))
}
