//! Streaming XLIFF reader: XLIFF 1.0–1.2 (SDLXLIFF, memoQ), 2.0, any Unicode or
//! declared legacy encoding ([`crate::formats::decode`]).
//!
//! Reads one unit at a time ([`XliffReader::next_unit`]), so memory stays flat
//! whatever the file size. A unit comes with its segments, their states and
//! inline codes (as TMX markup, [`super::inline`]), its notes and the byte spans
//! of its elements ([`super::Element`]), which a writer uses to edit the file in
//! place. Elements are known by their local names, whatever their prefix
//! (`xlf:trans-unit`); matches already in the file (`<alt-trans>`,
//! `<mtc:matches>`), context groups, binary units and skeletons are passed over.
//! External entities and DTDs are never loaded; a file that is not well-formed, holds
//! a character XML does not allow, or whose root is not `<xliff>` fails with its
//! file and line.

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::inline::{Codes, Piece, tmx_type};
use super::{Dialect, Element, File, Note, Segment, State, Unit, Version};
use crate::entry::markup::{escape_attr, resolve_reference};
use crate::error::{Error, Position, Result};
use crate::formats::decode::{Content, Utf8Reader};
use crate::formats::limits::{Limits, RecordBound, TextRuns};

/// Reads an XLIFF file unit by unit.
pub struct XliffReader<R: Read> {
    xml: Reader<TextRuns<Utf8Reader<R>>>,
    limits: Limits,
    /// The unit being read.
    bound: RecordBound,
    name: String,
    buf: Vec<u8>,
    version: Version,
    dialect: Dialect,
    /// 2.0 `srcLang` / `trgLang` of the root.
    langs: (Option<String>, Option<String>),
    /// The root's start tag.
    root: Range<usize>,
    files: Vec<File>,
    units: u64,
    finished: bool,
    /// The span of the last event read.
    event: Range<usize>,
    /// 2.0 `<originalData>` of the unit being read.
    data: HashMap<String, String>,
    /// Codes given an id by the reader (a `<g>` without one).
    anonymous: usize,
    /// The elements open around the next unit, each with whether its content is
    /// for translation (`translate` is inherited from files and groups).
    open: Vec<bool>,
}

use crate::formats::attrs_of;

fn get(attrs: &[(String, String)], name: &str) -> Option<String> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// Whether an element is for translation: its `translate`, else what it inherits.
fn translate(attrs: &[(String, String)], inherited: bool) -> bool {
    match get(attrs, "translate").as_deref() {
        Some("no") => false,
        Some("yes") => true,
        _ => inherited,
    }
}

/// The tag as text (`<g id="1" ctype="bold">`), the native code of a code without one.
fn tag_text(name: &str, attrs: &[(String, String)], empty: bool) -> String {
    let mut out = format!("<{name}");
    for (k, v) in attrs {
        out.push_str(&format!(" {k}=\"{}\"", escape_attr(v)));
    }
    out.push_str(if empty { "/>" } else { ">" });
    out
}

/// Content being read: the pieces of the whole element and of each
/// `<mrk mtype="seg">` in it.
#[derive(Default)]
struct Inline {
    pieces: Vec<Piece>,
    segs: Vec<Seg>,
}

struct Seg {
    mid: Option<String>,
    line: u64,
    pieces: Vec<Piece>,
    element: Element,
}

impl Inline {
    fn push(&mut self, piece: Piece, in_seg: bool) {
        if in_seg && let Some(seg) = self.segs.last_mut() {
            seg.pieces.push(piece.clone());
        }
        self.pieces.push(piece);
    }
}

/// What an open element inside segment content closes with.
enum Open {
    Paired { key: String, native: String },
    Hi,
    Seg,
    Other,
}

/// A `<source>` or `<target>` as read.
struct Part {
    inline: Inline,
    element: Element,
    attrs: Vec<(String, String)>,
}

fn element(start_tag: Range<usize>, end_tag: Option<Range<usize>>) -> Element {
    match end_tag {
        Some(end) => Element { outer: start_tag.start..end.end, content: Some(start_tag.end..end.start), start_tag },
        None => Element { outer: start_tag.clone(), start_tag, content: None },
    }
}

impl<R: Read> XliffReader<R> {
    /// Opens an XLIFF stream in any encoding and reads up to its root element.
    /// `name` names the input in messages.
    pub fn open(read: R, name: &str) -> Result<XliffReader<R>> {
        XliffReader::with_limits(read, name, &Limits::DEFAULT)
    }

    /// [`XliffReader::open`] with other limits on a unit's size: a unit larger
    /// than they allow is read past without being kept ([`Unit::too_long`]).
    pub fn with_limits(read: R, name: &str, limits: &Limits) -> Result<XliffReader<R>> {
        let input = Utf8Reader::new(read, Content::Xml)
            .map_err(|e| Error::parse(Position::new(name).line(1), e.to_string()))?;
        XliffReader::start(input, name, limits)
    }

    /// Opens text already decoded to UTF-8 (the [`super::Decoded`] text), whatever
    /// its XML declaration says: element offsets index that text (a unit over the
    /// `limits` included: it is read past, and its place kept).
    pub fn open_utf8(read: R, name: &str, limits: &Limits) -> Result<XliffReader<R>> {
        let input = Utf8Reader::new(read, Content::Text)
            .map_err(|e| Error::parse(Position::new(name).line(1), e.to_string()))?;
        XliffReader::start(input, name, limits)
    }

    fn start(input: Utf8Reader<R>, name: &str, limits: &Limits) -> Result<XliffReader<R>> {
        let mut xml = Reader::from_reader(TextRuns::new(input, limits));
        let config = xml.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        let mut reader = XliffReader {
            xml,
            limits: *limits,
            bound: RecordBound::default(),
            name: name.to_string(),
            buf: Vec::with_capacity(4096),
            version: Version::V1,
            dialect: Dialect::Plain,
            langs: (None, None),
            root: 0..0,
            files: Vec::new(),
            units: 0,
            finished: false,
            event: 0..0,
            data: HashMap::new(),
            anonymous: 0,
            open: Vec::new(),
        };
        reader.read_prologue()?;
        Ok(reader)
    }

    pub fn version(&self) -> Version {
        self.version
    }

    /// The start tag of the root `<xliff>` in the text read.
    pub fn root(&self) -> Range<usize> {
        self.root.clone()
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The `<file>` elements read so far ([`Unit::file`] indexes them).
    pub fn files(&self) -> &[File] {
        &self.files
    }

    /// Bytes of the input read so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.xml.get_ref().get_ref().raw_bytes_read()
    }

    /// The line the reader is at.
    pub fn line(&self) -> u64 {
        self.xml.get_ref().get_ref().line()
    }

    /// Where the reader is in the decoded text (runs of text cut by the limits
    /// counted).
    fn position(&self) -> usize {
        self.xml.get_ref().original(self.xml.buffer_position()) as usize
    }

    fn here(&self) -> Position {
        Position::new(&self.name).line(self.line())
    }

    fn next_event(&mut self) -> Result<Event<'static>> {
        self.buf.clear();
        let start = self.position();
        let event = match self.xml.read_event_into(&mut self.buf) {
            Ok(event) => event.into_owned(),
            Err(err) => return Err(crate::formats::decode::xml_error(&self.name, self.line(), &err)),
        };
        self.event = start..self.position();
        if let Some(c) = crate::formats::unusable_in_event(&event) {
            return Err(self.bad_char(c));
        }
        let (position, cuts) = (self.xml.buffer_position(), self.xml.get_ref().cuts());
        let what = if self.version == Version::V1 { "a <trans-unit>" } else { "a <unit>" };
        Ok(self.bound.filter(event, position, cuts, &self.limits, what))
    }

    fn bad_char(&self, c: char) -> Error {
        Error::parse(self.here(), format!("malformed XML: the character U+{:04X} is not allowed in XML", c as u32))
    }

    /// The character a reference stands for, or the error that it is not defined.
    fn reference(&self, name: &str) -> Result<char> {
        resolve_reference(name).ok_or_else(|| {
            if name.starts_with('#') {
                Error::parse(self.here(), format!("malformed XML: &{name}; is not a character XML allows"))
            } else {
                Error::parse(
                    self.here(),
                    format!("entity &{name}; is not defined (tm does not read DTDs or external entities)"),
                )
            }
        })
    }

    fn read_prologue(&mut self) -> Result<()> {
        loop {
            match self.next_event()? {
                e @ (Event::Start(_) | Event::Empty(_)) => {
                    let (Event::Start(s) | Event::Empty(s)) = &e else { unreachable!() };
                    if local(s) != "xliff" {
                        let name = s.name().as_ref().to_string();
                        return Err(Error::parse(
                            self.here(),
                            format!("not an XLIFF file: the root element is <{name}>, not <xliff>"),
                        ));
                    }
                    let at = self.here();
                    let attrs = attrs_of(s, &at)?;
                    self.root = self.event.clone();
                    let version = get(&attrs, "version").unwrap_or_default();
                    let v2_namespace =
                        attrs.iter().any(|(k, v)| k.starts_with("xmlns") && v.contains("xliff:document:2"));
                    if version.starts_with('2') || v2_namespace {
                        self.version = Version::V2;
                        self.langs = (get(&attrs, "srcLang"), get(&attrs, "trgLang"));
                    }
                    for (k, v) in &attrs {
                        if k.starts_with("xmlns") && v == "http://sdl.com/FileTypes/SdlXliff/1.0" {
                            self.dialect = Dialect::Sdlxliff;
                        } else if k.starts_with("xmlns") && v == "MQXliff" {
                            self.dialect = Dialect::MemoQ;
                        }
                    }
                    if matches!(e, Event::Empty(_)) {
                        // `<xliff/>`: nothing in it, but the file is read to its end,
                        // so that anything after the root is an error, as after
                        // `</xliff>`.
                        self.finished = true;
                        self.read_epilogue()?;
                    }
                    return Ok(());
                }
                Event::Text(t) if t.xml10_content().trim().is_empty() => {}
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Eof => return Err(Error::parse(self.here(), "not an XLIFF file: no <xliff> element")),
                _ => return Err(Error::parse(self.here(), "not an XLIFF file: text before the root element")),
            }
        }
    }

    /// Skips an element whose start tag was just read; returns the span of its end tag.
    fn skip_element(&mut self, name: &str) -> Result<Range<usize>> {
        let mut depth = 1;
        loop {
            match self.next_event()? {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(self.event.clone());
                    }
                }
                Event::GeneralRef(r) => {
                    self.reference(&r.xml10_content())?;
                }
                Event::Eof => return Err(Error::parse(self.here(), format!("the file ends inside <{name}>"))),
                _ => {}
            }
        }
    }

    /// The text of an element whose start tag was just read (the text of any
    /// elements in it included; 2.0 `<cp hex="…"/>` as its character).
    fn read_text(&mut self, name: &str) -> Result<String> {
        let mut out = String::new();
        let mut depth = 1;
        loop {
            match self.next_event()? {
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::CData(t) => out.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => out.push(self.reference(&r.xml10_content())?),
                Event::Empty(e) if local(&e) == "cp" => out.push(self.code_point(&e)?),
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out);
                    }
                }
                Event::Eof => return Err(Error::parse(self.here(), format!("the file ends inside <{name}>"))),
                _ => {}
            }
        }
    }

    /// A 2.0 `<cp hex="…"/>`: a character XML cannot hold as text.
    fn code_point(&self, e: &BytesStart<'_>) -> Result<char> {
        let at = self.here();
        let hex = get(&attrs_of(e, &at)?, "hex").unwrap_or_default();
        u32::from_str_radix(&hex, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| Error::parse(at, format!("<cp hex=\"{hex}\"/> is not a character")))
    }

    /// The next unit, or `None` at the end of the document. The rest of the file
    /// after `</xliff>` is read too, so that a file cut short is an error.
    pub fn next_unit(&mut self) -> Result<Option<Unit>> {
        if self.finished {
            return Ok(None);
        }
        loop {
            let event = self.next_event()?;
            if let Event::Start(e) = &event
                && !matches!((self.version, local(e).as_str()), (Version::V1, "trans-unit") | (Version::V2, "unit"))
            {
                let at = self.here();
                let inherited = self.open.last().copied().unwrap_or(true);
                self.open.push(translate(&attrs_of(e, &at)?, inherited));
            }
            match event {
                Event::Start(e) => match local(&e).as_str() {
                    "file" => {
                        let file = self.file(&e, false)?;
                        self.files.push(file);
                    }
                    "header" if self.version == Version::V1 && !self.files.is_empty() => {
                        let start_tag = self.event.clone();
                        let end = self.skip_element("header")?;
                        self.open.pop();
                        if let Some(file) = self.files.last_mut() {
                            file.header = Some(element(start_tag, Some(end)));
                        }
                    }
                    "trans-unit" if self.version == Version::V1 => return self.unit(&e).map(Some),
                    "unit" if self.version == Version::V2 => return self.unit(&e).map(Some),
                    name @ ("skeleton" | "bin-unit" | "notes" | "metadata" | "internal-file" | "external-file") => {
                        let name = name.to_string();
                        self.skip_element(&name)?;
                        self.open.pop();
                    }
                    _ => {}
                },
                Event::Empty(e) if local(&e) == "file" => {
                    let file = self.file(&e, true)?;
                    self.files.push(file);
                }
                Event::End(e) => match (self.open.pop(), e.local_name().as_ref()) {
                    (_, "file") => {
                        let end = self.event.end;
                        if let Some(file) = self.files.last_mut() {
                            file.outer = Some(file.start_tag.start..end);
                        }
                    }
                    (_, "xliff") => {
                        self.finished = true;
                        self.read_epilogue()?;
                        return Ok(None);
                    }
                    _ => {}
                },
                Event::GeneralRef(r) => {
                    self.reference(&r.xml10_content())?;
                }
                Event::Eof => return Err(Error::parse(self.here(), "the file ends before </xliff>")),
                _ => {}
            }
        }
    }

    fn read_epilogue(&mut self) -> Result<()> {
        loop {
            match crate::formats::after_root(&self.next_event()?) {
                Some(true) => return Ok(()),
                Some(false) => {}
                None => return Err(Error::parse(self.here(), "content after </xliff>")),
            }
        }
    }

    fn file(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<File> {
        let at = self.here();
        let attrs = attrs_of(e, &at)?;
        let (source_lang, target_lang) = match self.version {
            Version::V1 => (get(&attrs, "source-language"), get(&attrs, "target-language")),
            Version::V2 => self.langs.clone(),
        };
        let start_tag = self.event.clone();
        Ok(File {
            original: get(&attrs, "original"),
            source_lang,
            target_lang,
            outer: empty.then(|| start_tag.clone()),
            start_tag,
            header: None,
        })
    }

    /// Reads segment content (a `<source>`, `<seg-source>`, `<target>`) whose start
    /// tag was just read; returns it and the span of its end tag.
    fn read_inline(&mut self, name: &str) -> Result<(Inline, Range<usize>)> {
        let mut inline = Inline::default();
        let mut stack: Vec<Open> = Vec::new();
        let v1 = self.version == Version::V1;
        // Bytes of text read: a segment longer than the limit makes its unit too long.
        let mut text = 0;
        loop {
            let in_seg = stack.iter().any(|o| matches!(o, Open::Seg));
            let event = self.next_event()?;
            text += match &event {
                Event::Text(t) => t.len(),
                Event::CData(t) => t.len(),
                _ => 0,
            };
            if text > self.limits.segment_bytes {
                self.bound.mark(self.limits.segment_reason(&format!("a <{name}>")));
            }
            match event {
                Event::Text(t) => inline.push(Piece::Text(t.xml10_content().into_owned()), in_seg),
                Event::CData(t) => inline.push(Piece::Text(t.xml10_content().into_owned()), in_seg),
                Event::GeneralRef(r) => {
                    let c = self.reference(&r.xml10_content())?;
                    inline.push(Piece::Text(c.to_string()), in_seg);
                }
                Event::Start(e) => {
                    let tag = local(&e);
                    let at = self.here();
                    let attrs = attrs_of(&e, &at)?;
                    match (v1, tag.as_str()) {
                        (true, "mrk") if get(&attrs, "mtype").as_deref() == Some("seg") && !in_seg => {
                            inline.segs.push(Seg {
                                mid: get(&attrs, "mid"),
                                line: self.line(),
                                pieces: Vec::new(),
                                element: element(self.event.clone(), None),
                            });
                            stack.push(Open::Seg);
                        }
                        (true, "mrk") => {
                            inline.push(Piece::HiOpen { kind: get(&attrs, "mtype") }, in_seg);
                            stack.push(Open::Hi);
                        }
                        (false, "mrk") => {
                            inline.push(Piece::HiOpen { kind: get(&attrs, "type") }, in_seg);
                            stack.push(Open::Hi);
                        }
                        (true, "g") | (false, "pc") => {
                            let key = self.key(&attrs, "id");
                            let (native, close) = if v1 {
                                (tag_text(&tag, &attrs, false), format!("</{tag}>"))
                            } else {
                                (
                                    self.native(&attrs, "dataRefStart", || tag_text(&tag, &attrs, false)),
                                    self.native(&attrs, "dataRefEnd", || format!("</{tag}>")),
                                )
                            };
                            let kind = if v1 { get(&attrs, "ctype").map(|c| tmx_type(&c)) } else { None };
                            inline.push(Piece::Open { key: key.clone(), native, kind }, in_seg);
                            stack.push(Open::Paired { key, native: close });
                        }
                        (true, code @ ("bpt" | "ept" | "ph" | "it")) => {
                            let code = code.to_string();
                            let native = self.read_text(&code)?;
                            inline.push(self.v1_code(&code, &attrs, native), in_seg);
                        }
                        _ => stack.push(Open::Other),
                    }
                }
                Event::Empty(e) => {
                    let tag = local(&e);
                    let at = self.here();
                    let attrs = attrs_of(&e, &at)?;
                    let native = tag_text(&tag, &attrs, true);
                    match (v1, tag.as_str()) {
                        (true, "mrk") if get(&attrs, "mtype").as_deref() == Some("seg") && !in_seg => {
                            inline.segs.push(Seg {
                                mid: get(&attrs, "mid"),
                                line: self.line(),
                                pieces: Vec::new(),
                                element: element(self.event.clone(), None),
                            });
                        }
                        (true, "g") | (false, "pc") => {
                            let key = self.key(&attrs, "id");
                            let kind = if v1 { get(&attrs, "ctype").map(|c| tmx_type(&c)) } else { None };
                            inline.push(Piece::Open { key: key.clone(), native, kind }, in_seg);
                            inline.push(Piece::Close { key, native: String::new() }, in_seg);
                        }
                        (true, code @ ("x" | "bx" | "ex" | "bpt" | "ept" | "ph" | "it")) => {
                            let code = match code {
                                "x" => "ph",
                                "bx" => "bpt",
                                "ex" => "ept",
                                other => other,
                            };
                            inline.push(self.v1_code(code, &attrs, native), in_seg);
                        }
                        (false, "ph") => {
                            let native = self.native(&attrs, "dataRef", || native.clone());
                            let key = self.key(&attrs, "id");
                            inline.push(Piece::Placeholder { key, native, kind: None }, in_seg);
                        }
                        (false, "sc") | (false, "ec") => {
                            let start = tag == "sc";
                            let isolated = get(&attrs, "isolated").as_deref() == Some("yes");
                            let native = self.native(&attrs, "dataRef", || native.clone());
                            let key =
                                if start || isolated { self.key(&attrs, "id") } else { self.key(&attrs, "startRef") };
                            inline.push(
                                match (isolated, start) {
                                    (true, begin) => Piece::Isolated { key, native, begin, kind: None },
                                    (false, true) => Piece::Open { key, native, kind: None },
                                    (false, false) => Piece::Close { key, native },
                                },
                                in_seg,
                            );
                        }
                        (false, "cp") => inline.push(Piece::Text(self.code_point(&e)?.to_string()), in_seg),
                        // memoQ's special characters.
                        (true, "ch") if self.dialect == Dialect::MemoQ => {
                            let c = match get(&attrs, "val").as_deref() {
                                Some("nbsp") => "\u{A0}",
                                Some("tab") => "\t",
                                _ => "",
                            };
                            inline.push(Piece::Text(c.into()), in_seg);
                        }
                        _ => {}
                    }
                }
                Event::End(_) => match stack.pop() {
                    None => return Ok((inline, self.event.clone())),
                    Some(Open::Paired { key, native }) => inline.push(Piece::Close { key, native }, in_seg),
                    Some(Open::Hi) => inline.push(Piece::HiClose, in_seg),
                    Some(Open::Seg) => {
                        let end = self.event.clone();
                        if let Some(seg) = inline.segs.last_mut() {
                            seg.element = element(seg.element.start_tag.clone(), Some(end));
                        }
                    }
                    Some(Open::Other) => {}
                },
                Event::Eof => return Err(Error::parse(self.here(), format!("the file ends inside <{name}>"))),
                _ => {}
            }
        }
    }

    /// The key pairing a code: its `attr` (`id`, `rid`, `startRef`), or one of its own.
    fn key(&mut self, attrs: &[(String, String)], attr: &str) -> String {
        get(attrs, attr).unwrap_or_else(|| {
            self.anonymous += 1;
            format!("\u{0}{}", self.anonymous)
        })
    }

    /// The native code of a 2.0 code: its `<originalData>`, else `default`.
    fn native(&self, attrs: &[(String, String)], attr: &str, default: impl FnOnce() -> String) -> String {
        get(attrs, attr).and_then(|r| self.data.get(&r).cloned()).unwrap_or_else(default)
    }

    /// A 1.2 `<bpt>`, `<ept>`, `<ph>` or `<it>` (`<bx/>`, `<ex/>`, `<x/>` as the first three).
    fn v1_code(&mut self, code: &str, attrs: &[(String, String)], native: String) -> Piece {
        let kind = get(attrs, "ctype").map(|c| tmx_type(&c));
        match code {
            "bpt" | "ept" => {
                let key = match get(attrs, "rid") {
                    Some(rid) => rid,
                    None => self.key(attrs, "id"),
                };
                if code == "bpt" { Piece::Open { key, native, kind } } else { Piece::Close { key, native } }
            }
            "it" => {
                let begin = get(attrs, "pos").as_deref() != Some("close");
                Piece::Isolated { key: self.key(attrs, "id"), native, begin, kind }
            }
            _ => Piece::Placeholder { key: self.key(attrs, "id"), native, kind },
        }
    }

    fn new_unit(&mut self, e: &BytesStart<'_>) -> Result<Unit> {
        self.units += 1;
        let at = self.here();
        let attrs = attrs_of(e, &at)?;
        let name = if self.version == Version::V1 { "resname" } else { "name" };
        Ok(Unit {
            file: self.files.len().saturating_sub(1),
            number: self.units,
            line: self.line(),
            id: get(&attrs, "id"),
            resname: get(&attrs, name),
            translate: translate(&attrs, self.open.last().copied().unwrap_or(true)),
            attrs,
            notes: Vec::new(),
            segmented: self.version == Version::V2,
            segments: Vec::new(),
            element: element(self.event.clone(), None),
            source_span: None,
            seg_source_span: None,
            target_span: None,
            too_long: None,
        })
    }

    fn part(&mut self, name: &str, e: &BytesStart<'_>, empty: bool) -> Result<Part> {
        let at = self.here();
        let attrs = attrs_of(e, &at)?;
        let start_tag = self.event.clone();
        if empty {
            return Ok(Part { inline: Inline::default(), element: element(start_tag, None), attrs });
        }
        let (inline, end) = self.read_inline(name)?;
        Ok(Part { inline, element: element(start_tag, Some(end)), attrs })
    }

    fn note(&mut self, e: &BytesStart<'_>, applies: &str) -> Result<Note> {
        let at = self.here();
        let applies_to = get(&attrs_of(e, &at)?, applies).filter(|a| a == "source" || a == "target");
        Ok(Note { text: self.read_text("note")?, applies_to })
    }

    /// A unit whose start tag was just read; one larger than the limits is read
    /// past and given out with its place and why, without its contents.
    fn unit(&mut self, e: &BytesStart<'_>) -> Result<Unit> {
        self.bound.begin(self.xml.buffer_position(), self.xml.get_ref().cuts());
        let unit = if self.version == Version::V1 { self.unit_v1(e) } else { self.unit_v2(e) };
        let over = self.bound.end();
        let mut unit = unit?;
        if let Some(why) = over {
            unit.notes.clear();
            unit.segments.clear();
            (unit.source_span, unit.seg_source_span, unit.target_span) = (None, None, None);
            unit.too_long = Some(why);
        }
        Ok(unit)
    }

    fn unit_v1(&mut self, e: &BytesStart<'_>) -> Result<Unit> {
        let mut unit = self.new_unit(e)?;
        let (mut source, mut seg_source, mut target) = (None, None, None);
        // SDLXLIFF: mid → conf.
        let mut confs: HashMap<String, Option<String>> = HashMap::new();
        loop {
            match self.next_event()? {
                Event::Start(e) => match local(&e).as_str() {
                    "source" if source.is_none() => source = Some(self.part("source", &e, false)?),
                    "seg-source" => seg_source = Some(self.part("seg-source", &e, false)?),
                    "target" if target.is_none() => target = Some(self.part("target", &e, false)?),
                    "note" => {
                        let note = self.note(&e, "annotates")?;
                        unit.notes.push(note);
                    }
                    "seg-defs" => self.seg_defs(&mut confs)?,
                    other => {
                        let other = other.to_string();
                        self.skip_element(&other)?;
                    }
                },
                Event::Empty(e) => match local(&e).as_str() {
                    "source" if source.is_none() => source = Some(self.part("source", &e, true)?),
                    "target" if target.is_none() => target = Some(self.part("target", &e, true)?),
                    _ => {}
                },
                Event::End(_) => break,
                Event::GeneralRef(r) => {
                    self.reference(&r.xml10_content())?;
                }
                Event::Eof => return Err(Error::parse(self.here(), "the file ends inside <trans-unit>")),
                _ => {}
            }
        }
        unit.element = element(unit.element.start_tag.clone(), Some(self.event.clone()));
        let Some(source) = source else {
            return Err(Error::parse(
                Position::new(&self.name).line(unit.line).record(unit_record(&unit)),
                "a <trans-unit> without <source>",
            ));
        };
        unit.source_span = Some(source.element.clone());
        unit.seg_source_span = seg_source.as_ref().map(|s| s.element.clone());
        unit.target_span = target.as_ref().map(|t| t.element.clone());
        let target_lang = target.as_ref().and_then(|t| get(&t.attrs, "xml:lang"));
        // The unit's state, for segments that have none of their own.
        let unit_state = match (self.dialect, unit.attr("mq:status")) {
            (Dialect::MemoQ, Some(status)) => (State::of_memoq(status), Some(status.to_string())),
            _ => {
                let state = target.as_ref().and_then(|t| get(&t.attrs, "state"));
                let approved = unit.attr("approved") == Some("yes");
                let level = match &state {
                    Some(s) => State::of_v1(s),
                    None if self.dialect == Dialect::Sdlxliff => State::New,
                    None => State::Translated,
                };
                (if approved { level.max(State::Reviewed) } else { level }, state)
            }
        };
        let mut codes = Codes::default();
        let target_segs = target.as_ref().map_or(0, |t| t.inline.segs.len());
        // A seg-source whose target is not segmented too is read as a whole unit.
        let seg_source = seg_source.filter(|s| !s.inline.segs.is_empty() && (target.is_none() || target_segs > 0));
        if let Some(seg_source) = seg_source {
            let mut target = target;
            unit.segmented = true;
            for seg in seg_source.inline.segs {
                let found = target.as_mut().and_then(|t| {
                    let i = t.inline.segs.iter().position(|s| s.mid == seg.mid)?;
                    Some(t.inline.segs.remove(i))
                });
                let (state, state_name) = match (self.dialect, &seg.mid) {
                    (Dialect::Sdlxliff, Some(mid)) => match confs.get(mid) {
                        Some(Some(conf)) => (State::of_sdl(conf), Some(conf.clone())),
                        _ => (State::New, None),
                    },
                    _ => unit_state.clone(),
                };
                unit.segments.push(Segment {
                    id: seg.mid,
                    line: seg.line,
                    source: codes.render(&seg.pieces),
                    target: found.as_ref().map(|t| codes.render(&t.pieces)),
                    state,
                    state_name,
                    target_lang: target_lang.clone(),
                    element: None,
                    source_span: Some(seg.element),
                    target_span: found.map(|t| t.element),
                });
            }
        } else {
            unit.segments.push(Segment {
                id: None,
                line: unit.line,
                source: codes.render(&source.inline.pieces),
                target: target.as_ref().map(|t| codes.render(&t.inline.pieces)),
                state: unit_state.0,
                state_name: unit_state.1,
                target_lang,
                element: None,
                source_span: Some(source.element),
                target_span: target.map(|t| t.element),
            });
        }
        Ok(unit)
    }

    /// SDLXLIFF `<sdl:seg-defs>`: the `conf` of each segment.
    fn seg_defs(&mut self, confs: &mut HashMap<String, Option<String>>) -> Result<()> {
        loop {
            match self.next_event()? {
                Event::Start(e) if local(&e) == "seg" => {
                    self.seg_def(&e, confs)?;
                    self.skip_element("sdl:seg")?;
                }
                Event::Empty(e) if local(&e) == "seg" => self.seg_def(&e, confs)?,
                Event::Start(e) => {
                    let name = local(&e);
                    self.skip_element(&name)?;
                }
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(Error::parse(self.here(), "the file ends inside <sdl:seg-defs>")),
                _ => {}
            }
        }
    }

    fn seg_def(&self, e: &BytesStart<'_>, confs: &mut HashMap<String, Option<String>>) -> Result<()> {
        let at = self.here();
        let attrs = attrs_of(e, &at)?;
        if let Some(id) = get(&attrs, "id") {
            confs.insert(id, get(&attrs, "conf"));
        }
        Ok(())
    }

    fn unit_v2(&mut self, e: &BytesStart<'_>) -> Result<Unit> {
        let mut unit = self.new_unit(e)?;
        self.data.clear();
        let mut codes = Codes::default();
        loop {
            match self.next_event()? {
                Event::Start(e) => match local(&e).as_str() {
                    "notes" => self.notes_v2(&mut unit.notes)?,
                    "originalData" => self.original_data()?,
                    "segment" => {
                        let segment = self.segment_v2(&e, &mut codes)?;
                        unit.segments.push(segment);
                    }
                    other => {
                        let other = other.to_string();
                        self.skip_element(&other)?;
                    }
                },
                Event::End(_) => break,
                Event::GeneralRef(r) => {
                    self.reference(&r.xml10_content())?;
                }
                Event::Eof => return Err(Error::parse(self.here(), "the file ends inside <unit>")),
                _ => {}
            }
        }
        unit.element = element(unit.element.start_tag.clone(), Some(self.event.clone()));
        Ok(unit)
    }

    fn notes_v2(&mut self, notes: &mut Vec<Note>) -> Result<()> {
        loop {
            match self.next_event()? {
                Event::Start(e) if local(&e) == "note" => {
                    let note = self.note(&e, "appliesTo")?;
                    notes.push(note);
                }
                Event::Start(e) => {
                    let name = local(&e);
                    self.skip_element(&name)?;
                }
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(Error::parse(self.here(), "the file ends inside <notes>")),
                _ => {}
            }
        }
    }

    fn original_data(&mut self) -> Result<()> {
        loop {
            match self.next_event()? {
                Event::Start(e) if local(&e) == "data" => {
                    let at = self.here();
                    let id = get(&attrs_of(&e, &at)?, "id");
                    let text = self.read_text("data")?;
                    if let Some(id) = id {
                        self.data.insert(id, text);
                    }
                }
                Event::Start(e) => {
                    let name = local(&e);
                    self.skip_element(&name)?;
                }
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(Error::parse(self.here(), "the file ends inside <originalData>")),
                _ => {}
            }
        }
    }

    fn segment_v2(&mut self, e: &BytesStart<'_>, codes: &mut Codes) -> Result<Segment> {
        let at = self.here();
        let attrs = attrs_of(e, &at)?;
        let start_tag = self.event.clone();
        let line = self.line();
        let (mut source, mut target) = (None, None);
        loop {
            match self.next_event()? {
                Event::Start(e) => match local(&e).as_str() {
                    "source" if source.is_none() => source = Some(self.part("source", &e, false)?),
                    "target" if target.is_none() => target = Some(self.part("target", &e, false)?),
                    other => {
                        let other = other.to_string();
                        self.skip_element(&other)?;
                    }
                },
                Event::Empty(e) => match local(&e).as_str() {
                    "source" if source.is_none() => source = Some(self.part("source", &e, true)?),
                    "target" if target.is_none() => target = Some(self.part("target", &e, true)?),
                    _ => {}
                },
                Event::End(_) => break,
                Event::Eof => return Err(Error::parse(self.here(), "the file ends inside <segment>")),
                _ => {}
            }
        }
        let Some(source) = source else {
            return Err(Error::parse(Position::new(&self.name).line(line), "a <segment> without <source>"));
        };
        let state_name = get(&attrs, "state");
        Ok(Segment {
            id: get(&attrs, "id"),
            line,
            source: codes.render(&source.inline.pieces),
            target: target.as_ref().map(|t| codes.render(&t.inline.pieces)),
            state: state_name.as_deref().map_or(State::Translated, State::of_v2),
            state_name,
            target_lang: target.as_ref().and_then(|t| get(&t.attrs, "xml:lang")),
            element: Some(element(start_tag, Some(self.event.clone()))),
            source_span: Some(source.element),
            target_span: target.map(|t| t.element),
        })
    }
}

/// How a unit is named in messages: `trans-unit 3 (id intro)`.
/// Why `unit` (of file `name`) was not read, at its line, if it is larger than
/// the limits ([`Unit::too_long`]).
pub fn too_long(unit: &Unit, name: &str) -> Option<crate::error::Problem> {
    let reason = unit.too_long.clone()?;
    Some(crate::error::Problem { at: Position::new(name).line(unit.line).record(unit_record(unit)), reason })
}

pub fn unit_record(unit: &Unit) -> String {
    match &unit.id {
        Some(id) => format!("unit {} (id {id})", unit.number),
        None => format!("unit {}", unit.number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Text;

    const SMALL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n\
<file original=\"a.txt\" source-language=\"ar\" target-language=\"en\" datatype=\"plaintext\">\n\
<header><tool tool-id=\"x\" tool-name=\"x\"/></header>\n\
<body>\n\
<group translate=\"no\"><trans-unit id=\"0\"><source>رقم</source><target>No.</target></trans-unit></group>\n\
<trans-unit id=\"1\">\n<source>انتهى الإضراب.</source>\n<target state=\"translated\">The strike ended.</target>\n</trans-unit>\n\
<trans-unit id=\"2\"><source>بدأ الإضراب.</source></trans-unit>\n\
</body>\n</file>\n</xliff>\n";

    fn units(r: &mut XliffReader<impl Read>) -> Vec<Unit> {
        std::iter::from_fn(|| r.next_unit().unwrap()).collect()
    }

    /// The spans a writer edits point at the elements they name.
    #[test]
    fn spans_point_into_the_text_read() {
        let mut r = XliffReader::open_utf8(SMALL.as_bytes(), "t.xlf", &Limits::DEFAULT).unwrap();
        let units = units(&mut r);
        assert!(!units[0].translate, "translate=\"no\" on the group is inherited");
        let u = &units[1];
        assert_eq!((u.line, u.id.as_deref()), (7, Some("1")));
        let at = |range: &Range<usize>| &SMALL[range.clone()];
        assert!(
            at(&u.element.outer).starts_with("<trans-unit id=\"1\">")
                && at(&u.element.outer).ends_with("</trans-unit>")
        );
        let target = u.target_span.as_ref().unwrap();
        assert_eq!(at(&target.start_tag), "<target state=\"translated\">");
        assert_eq!(at(target.content.as_ref().unwrap()), "The strike ended.");
        assert_eq!(at(&u.source_span.as_ref().unwrap().outer), "<source>انتهى الإضراب.</source>");
        assert_eq!(units[2].target_span, None);
        let file = &r.files()[0];
        assert_eq!(at(&file.header.as_ref().unwrap().outer), "<header><tool tool-id=\"x\" tool-name=\"x\"/></header>");
        assert!(at(file.outer.as_ref().unwrap()).ends_with("</file>"));
        assert_eq!(file.target_lang.as_deref(), Some("en"));
    }

    #[test]
    fn utf16_input_reads_as_utf8_does() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(SMALL.replace("UTF-8", "UTF-16").encode_utf16().flat_map(u16::to_le_bytes));
        let from_utf16 = units(&mut XliffReader::open(&bytes[..], "t.xlf").unwrap());
        let from_utf8 = units(&mut XliffReader::open(SMALL.as_bytes(), "t.xlf").unwrap());
        let texts = |units: &[Unit]| -> Vec<(Text, Option<Text>)> {
            units.iter().flat_map(|u| u.segments.iter().map(|s| (s.source.clone(), s.target.clone()))).collect()
        };
        assert_eq!(texts(&from_utf16), texts(&from_utf8));
        assert_eq!(from_utf16[1].segments[0].target.as_ref().unwrap().text, "The strike ended.");
        // A writer decodes the file once and gets the same offsets from the text.
        let decoded = super::super::decode(&bytes, "t.xlf").unwrap();
        assert_eq!((decoded.encoding, decoded.bom), ("UTF-16LE", 2));
        let again = units(&mut XliffReader::open_utf8(decoded.text.as_bytes(), "t.xlf", &Limits::DEFAULT).unwrap());
        let span = again[1].target_span.as_ref().unwrap().content.clone().unwrap();
        assert_eq!(&decoded.text[span], "The strike ended.");
    }

    #[test]
    fn a_control_character_fails_with_its_line() {
        let bad = SMALL.replace("The strike ended.", "The strike\u{3} ended.");
        let mut r = XliffReader::open(bad.as_bytes(), "t.xlf").unwrap();
        let err = std::iter::from_fn(|| Some(r.next_unit())).find_map(|u| u.err()).unwrap().to_string();
        assert_eq!(err, "t.xlf:9: malformed XML: the character U+0003 is not allowed in XML");
    }

    #[test]
    fn a_file_that_is_not_xliff_is_refused() {
        let err = XliffReader::open(&b"<tmx version=\"1.4\"><header/><body/></tmx>"[..], "t.tmx").err().unwrap();
        assert!(err.to_string().contains("not an XLIFF file: the root element is <tmx>"), "{err}");
    }
}
