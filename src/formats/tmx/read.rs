//! Streaming TMX reader (TMX 1.1 to 1.4b, any CAT tool, any Unicode encoding).
//!
//! Reads one `<tu>` at a time, so memory stays flat whatever the file size. Takes
//! `xml:lang` (TMX 1.4) and `lang` (TMX 1.1–1.3); keeps every `<prop>`, `<note>` and
//! attribute; keeps `<seg>` content as canonical markup with its inline elements
//! (see [`crate::entry::markup`]). External entities and DTDs are never loaded:
//! a reference to an entity that is not predefined is an error. A file that is not
//! well-formed XML, or whose root is not `<tmx>`, fails with its file and line;
//! a unit that is well-formed but unusable comes back as a [`Problem`] when turned
//! into an entry, so the caller can skip it.
//!
//! A unit longer than the [`Limits`] allow (a `<seg>` longer than a segment may be,
//! or a `<tu>` longer than a record) is read past without being kept: its text
//! is cut as it streams by ([`TextRuns`]) and the rest of it skipped, and it comes
//! back as a unit that turns into a problem naming its line, so that one huge
//! segment takes no more memory than a small one.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::entry::markup::{MarkupWriter, resolve_reference};
use crate::entry::{Entry, Meta, Prop, Text, VariantMeta};
use crate::error::{Error, Position, Problem, Result};
use crate::formats::decode::{Content, Utf8Reader};
use crate::formats::limits::{Limits, RecordBound, TextRuns};
use crate::lang::{LangPair, LangTag};
use crate::timestamp::Timestamp;

/// The `<header>` of a TMX file.
#[derive(Clone, Debug, Default)]
pub struct Header {
    pub version: Option<String>,
    pub srclang: Option<String>,
    pub attrs: Vec<(String, String)>,
    pub props: Vec<Prop>,
    pub notes: Vec<String>,
}

impl Header {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// One `<tuv>`.
#[derive(Clone, Debug, Default)]
pub struct Tuv {
    pub lang: Option<String>,
    pub line: u64,
    pub seg: Option<Text>,
    pub meta: VariantMeta,
}

/// One `<tu>`, as read.
#[derive(Clone, Debug, Default)]
pub struct Unit {
    /// 1-based number of the unit in the file.
    pub number: u64,
    /// Line of its `<tu>` tag.
    pub line: u64,
    pub srclang: Option<String>,
    pub tuid: Option<String>,
    pub attrs: Vec<(String, String)>,
    pub props: Vec<Prop>,
    pub notes: Vec<String>,
    pub variants: Vec<Tuv>,
    /// Why the unit was not kept: it is longer than the limits allow (then its
    /// contents are not read).
    pub too_long: Option<String>,
}

/// Reads a TMX file unit by unit.
pub struct TmxReader<R: Read> {
    xml: Reader<TextRuns<Utf8Reader<R>>>,
    limits: Limits,
    /// The `<tu>` being read.
    bound: RecordBound,
    file: String,
    buf: Vec<u8>,
    header: Header,
    units: u64,
    in_body: bool,
    finished: bool,
}

use crate::formats::attrs_of;

fn take(attrs: &mut Vec<(String, String)>, name: &str) -> Option<String> {
    let i = attrs.iter().position(|(k, _)| k == name)?;
    Some(attrs.remove(i).1)
}

fn name_of(e: &BytesStart<'_>) -> String {
    e.name().as_ref().to_string()
}

impl<R: Read> TmxReader<R> {
    /// Opens a TMX stream and reads up to the end of its `<header>`. `file` names
    /// the input in messages.
    pub fn open(read: R, file: &str) -> Result<TmxReader<R>> {
        TmxReader::with_limits(read, file, &Limits::DEFAULT)
    }

    /// [`TmxReader::open`] with other limits on a unit's size.
    pub fn with_limits(read: R, file: &str, limits: &Limits) -> Result<TmxReader<R>> {
        let input = Utf8Reader::new(read, Content::Xml)
            .map_err(|e| Error::parse(Position::new(file).line(1), e.to_string()))?;
        let mut xml = Reader::from_reader(TextRuns::new(input, limits));
        let config = xml.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        let mut reader = TmxReader {
            xml,
            limits: *limits,
            bound: RecordBound::default(),
            file: file.to_string(),
            buf: Vec::with_capacity(4096),
            header: Header::default(),
            units: 0,
            in_body: false,
            finished: false,
        };
        reader.read_prologue()?;
        Ok(reader)
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Bytes of the file read so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.xml.get_ref().get_ref().raw_bytes_read()
    }

    /// The encoding the file is written in.
    pub fn encoding(&self) -> &'static str {
        self.xml.get_ref().get_ref().encoding()
    }

    fn line(&self) -> u64 {
        self.xml.get_ref().get_ref().line()
    }

    fn here(&self) -> Position {
        Position::new(&self.file).line(self.line())
    }

    fn next_event(&mut self) -> Result<Event<'static>> {
        self.buf.clear();
        let event = match self.xml.read_event_into(&mut self.buf) {
            Ok(event) => event.into_owned(),
            Err(err) => return Err(crate::formats::decode::xml_error(&self.file, self.line(), &err)),
        };
        // A character XML does not allow (a control character) is malformed XML, as
        // the XLIFF reader has it: read, it could not be written back.
        if let Some(c) = crate::formats::unusable_in_event(&event) {
            return Err(Error::parse(
                self.here(),
                format!("malformed XML: the character U+{:04X} is not allowed in XML", c as u32),
            ));
        }
        let (position, cuts) = (self.xml.buffer_position(), self.xml.get_ref().cuts());
        Ok(self.bound.filter(event, position, cuts, &self.limits, "a <tu>"))
    }

    fn read_prologue(&mut self) -> Result<()> {
        // Up to the root element.
        loop {
            match self.next_event()? {
                Event::Start(e) | Event::Empty(e) => {
                    if e.local_name().as_ref() != "tmx" {
                        let tbx = matches!(e.local_name().as_ref(), "martif" | "tbx");
                        let hint = if tbx { " (a TBX glossary: tm glossary import reads it)" } else { "" };
                        return Err(Error::parse(
                            self.here(),
                            format!("not a TMX file: the root element is <{}>, not <tmx>{hint}", name_of(&e)),
                        ));
                    }
                    let at = self.here();
                    let mut attrs = attrs_of(&e, &at)?;
                    self.header.version = take(&mut attrs, "version");
                    break;
                }
                Event::Text(t) if t.xml10_content().trim().is_empty() => {}
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Eof => {
                    return Err(Error::parse(self.here(), "not a TMX file: no <tmx> element"));
                }
                _ => {
                    return Err(Error::parse(self.here(), "not a TMX file: text before the root element"));
                }
            }
        }
        // The header, up to <body>.
        loop {
            match self.next_event()? {
                Event::Start(e) if e.local_name().as_ref() == "header" => {
                    let at = self.here();
                    self.header.attrs = attrs_of(&e, &at)?;
                    self.header.srclang = self.header.attr("srclang").map(str::to_string);
                    let (props, notes) = self.read_header_children()?;
                    self.header.props = props;
                    self.header.notes = notes;
                }
                Event::Empty(e) if e.local_name().as_ref() == "header" => {
                    let at = self.here();
                    self.header.attrs = attrs_of(&e, &at)?;
                    self.header.srclang = self.header.attr("srclang").map(str::to_string);
                }
                Event::Start(e) if e.local_name().as_ref() == "body" => {
                    self.in_body = true;
                    return Ok(());
                }
                // An empty body: no units, but the file is read on to its end (by
                // `next_unit`), as after `</body>`, so that what follows is checked.
                Event::Empty(e) if e.local_name().as_ref() == "body" => return Ok(()),
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "tu" => {
                    return Err(self.unit_outside_body(""));
                }
                Event::End(_) | Event::Eof => {
                    return Err(Error::parse(self.here(), "TMX file without a <body>"));
                }
                Event::Start(e) => {
                    let name = name_of(&e);
                    self.skip_foreign(&name)?;
                }
                Event::GeneralRef(r) => return Err(self.reference_error(&r.xml10_content())),
                _ => {}
            }
        }
    }

    fn reference_error(&self, name: &str) -> Error {
        Error::parse(
            self.here(),
            format!("entity &{name}; is not defined (tm does not read DTDs or external entities)"),
        )
    }

    fn read_header_children(&mut self) -> Result<(Vec<Prop>, Vec<String>)> {
        let (mut props, mut notes) = (Vec::new(), Vec::new());
        loop {
            match self.next_event()? {
                Event::Start(e) if e.local_name().as_ref() == "prop" => props.push(self.read_prop(&e)?),
                Event::Start(e) if e.local_name().as_ref() == "note" => notes.push(self.read_text("note")?),
                Event::Empty(e) if e.local_name().as_ref() == "tu" => {
                    return Err(self.unit_outside_body("in <header>, "));
                }
                Event::Start(e) => {
                    let name = name_of(&e);
                    self.skip_foreign(&name)?;
                }
                Event::End(_) => return Ok((props, notes)),
                Event::Eof => {
                    return Err(Error::parse(self.here(), "the file ends inside <header>"));
                }
                Event::GeneralRef(r) => return Err(self.reference_error(&r.xml10_content())),
                _ => {}
            }
        }
    }

    /// Skips an element whose start tag was just read.
    fn skip_element(&mut self, name: &str) -> Result<()> {
        self.skip_depth(name, 1)
    }

    /// Skips an element outside the units whose start tag was just read (one
    /// TMX does not know, in the header, before or after `<body>`); a `<tu>` in it
    /// (outside a segment, note or prop) refuses the file, naming the element, as
    /// one inside `<body>` does: its units would be lost unseen.
    fn skip_foreign(&mut self, name: &str) -> Result<()> {
        if name == "tu" {
            return Err(self.unit_outside_body(""));
        }
        let mut open: Vec<String> = vec![name.to_string()];
        while !open.is_empty() {
            let event = self.next_event()?;
            if let Event::Start(e) | Event::Empty(e) = &event
                && e.local_name().as_ref() == "tu"
                && !open.iter().any(|o| matches!(o.as_str(), "seg" | "note" | "prop"))
            {
                return Err(self.unit_outside_body(&format!("inside <{}>, ", open[0])));
            }
            match event {
                Event::Start(e) => open.push(e.local_name().as_ref().to_string()),
                Event::End(_) => {
                    open.pop();
                }
                Event::Eof => return Err(Error::parse(self.here(), format!("the file ends inside <{name}>"))),
                _ => {}
            }
        }
        Ok(())
    }

    /// The error of a `<tu>` outside `<body>` (`inside` says where else it is).
    fn unit_outside_body(&self, inside: &str) -> Error {
        Error::parse(
            self.here(),
            format!("a <tu> {inside}outside <body>: the file is not read, lest the units in it be lost"),
        )
    }

    /// Skips the rest of an element, `depth` elements deep in it.
    fn skip_depth(&mut self, name: &str, mut depth: usize) -> Result<()> {
        while depth > 0 {
            match self.next_event()? {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => {
                    return Err(Error::parse(self.here(), format!("the file ends inside <{name}>")));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Reads the text content of an element whose start tag was just read.
    fn read_text(&mut self, name: &str) -> Result<String> {
        let mut out = String::new();
        let mut depth = 1;
        loop {
            match self.next_event()? {
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::CData(t) => out.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let name = r.xml10_content();
                    out.push(resolve_reference(&name).ok_or_else(|| self.reference_error(&name))?);
                }
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out);
                    }
                }
                Event::Eof => {
                    return Err(Error::parse(self.here(), format!("the file ends inside <{name}>")));
                }
                _ => {}
            }
        }
    }

    fn read_prop(&mut self, e: &BytesStart<'_>) -> Result<Prop> {
        let at = self.here();
        let mut attrs = attrs_of(e, &at)?;
        let kind = take(&mut attrs, "type").filter(|t| !t.is_empty()).unwrap_or_else(|| super::PROP_UNNAMED.into());
        let lang = take(&mut attrs, "xml:lang").or_else(|| take(&mut attrs, "lang"));
        let value = self.read_text("prop")?;
        Ok(Prop { kind, value, lang })
    }

    /// Reads `<seg>` content: text, or canonical markup if it has inline elements.
    fn read_seg(&mut self) -> Result<Text> {
        // Text until the first element (the usual case: no markup is built)…
        let mut text = String::new();
        // …then markup.
        let mut markup: Option<MarkupWriter> = None;
        let mut open: Vec<String> = Vec::new();
        loop {
            let event = self.next_event()?;
            let len = markup.as_ref().map_or(text.len(), MarkupWriter::len);
            if len > self.limits.segment_bytes {
                self.bound.mark(self.limits.segment_reason("a <seg>"));
            }
            if self.bound.is_over() {
                let depth = match event {
                    Event::Start(_) => open.len() + 2,
                    Event::End(_) => open.len(),
                    _ => open.len() + 1,
                };
                if depth > 0 {
                    self.skip_depth("seg", depth)?;
                }
                return Ok(Text::default());
            }
            let mut out = |piece: &str| match &mut markup {
                Some(m) => m.text(piece),
                None => text.push_str(piece),
            };
            match event {
                Event::Text(t) => out(&t.xml10_content()),
                Event::CData(t) => out(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let name = r.xml10_content();
                    let c = resolve_reference(&name).ok_or_else(|| self.reference_error(&name))?;
                    out(c.encode_utf8(&mut [0; 4]));
                }
                Event::Start(e) => {
                    let at = self.here();
                    let name = name_of(&e);
                    let m = markup.get_or_insert_with(|| MarkupWriter::with_text(&text));
                    m.start(&name, &attrs_of(&e, &at)?);
                    open.push(name);
                }
                Event::Empty(e) => {
                    let at = self.here();
                    let m = markup.get_or_insert_with(|| MarkupWriter::with_text(&text));
                    m.empty(&name_of(&e), &attrs_of(&e, &at)?);
                }
                Event::End(_) => match open.pop() {
                    Some(name) => markup.get_or_insert_with(|| MarkupWriter::with_text(&text)).end(&name),
                    None => {
                        return Ok(match markup {
                            Some(m) => Text::from_markup(m.finish()),
                            None => Text::from_plain(text),
                        });
                    }
                },
                Event::Eof => return Err(Error::parse(self.here(), "the file ends inside <seg>")),
                _ => {}
            }
        }
    }

    fn read_tuv(&mut self, e: &BytesStart<'_>) -> Result<Tuv> {
        let line = self.line();
        let at = self.here();
        let mut attrs = attrs_of(e, &at)?;
        let lang = take(&mut attrs, "xml:lang").or_else(|| take(&mut attrs, "lang"));
        let mut variant = Tuv { lang, line, seg: None, meta: VariantMeta { attrs, ..Default::default() } };
        loop {
            match self.next_event()? {
                Event::Start(e) => match e.local_name().as_ref() {
                    "seg" => {
                        let seg = self.read_seg()?;
                        // A second <seg> is invalid TMX; keep the first.
                        variant.seg.get_or_insert(seg);
                    }
                    "prop" => variant.meta.props.push(self.read_prop(&e)?),
                    "note" => variant.meta.notes.push(self.read_text("note")?),
                    _ => {
                        let name = name_of(&e);
                        self.skip_element(&name)?;
                    }
                },
                Event::Empty(e) if e.local_name().as_ref() == "seg" => {
                    variant.seg.get_or_insert_with(Text::default);
                }
                Event::End(_) => return Ok(variant),
                Event::Eof => return Err(Error::parse(self.here(), "the file ends inside <tuv>")),
                Event::GeneralRef(r) => return Err(self.reference_error(&r.xml10_content())),
                _ => {}
            }
        }
    }

    fn read_tu(&mut self, e: &BytesStart<'_>) -> Result<Unit> {
        self.bound.begin(self.xml.buffer_position(), self.xml.get_ref().cuts());
        let unit = self.read_tu_content(e);
        let over = self.bound.end();
        let mut unit = unit?;
        if let Some(why) = over {
            unit =
                Unit { number: unit.number, line: unit.line, tuid: unit.tuid, too_long: Some(why), ..Unit::default() };
        }
        Ok(unit)
    }

    fn read_tu_content(&mut self, e: &BytesStart<'_>) -> Result<Unit> {
        self.units += 1;
        let at = self.here();
        let mut attrs = attrs_of(e, &at)?;
        let mut unit = Unit {
            number: self.units,
            line: self.line(),
            srclang: take(&mut attrs, "srclang"),
            tuid: take(&mut attrs, "tuid"),
            ..Default::default()
        };
        unit.attrs = attrs;
        loop {
            match self.next_event()? {
                Event::Start(e) => match e.local_name().as_ref() {
                    "tuv" => {
                        let v = self.read_tuv(&e)?;
                        unit.variants.push(v);
                    }
                    "prop" => unit.props.push(self.read_prop(&e)?),
                    "note" => unit.notes.push(self.read_text("note")?),
                    _ => {
                        let name = name_of(&e);
                        self.skip_element(&name)?;
                    }
                },
                Event::Empty(e) if e.local_name().as_ref() == "tuv" => {
                    let at = self.here();
                    let mut attrs = attrs_of(&e, &at)?;
                    let lang = take(&mut attrs, "xml:lang").or_else(|| take(&mut attrs, "lang"));
                    unit.variants.push(Tuv {
                        lang,
                        line: self.line(),
                        seg: None,
                        meta: VariantMeta { attrs, ..Default::default() },
                    });
                }
                Event::End(_) => return Ok(unit),
                Event::Eof => return Err(Error::parse(self.here(), "the file ends inside <tu>")),
                Event::GeneralRef(r) => return Err(self.reference_error(&r.xml10_content())),
                _ => {}
            }
        }
    }

    /// The next unit, or `None` at the end of the body. The rest of the file after
    /// `</body>` is read too, so that a file cut short is an error.
    pub fn next_unit(&mut self) -> Result<Option<Unit>> {
        if self.finished {
            return Ok(None);
        }
        loop {
            match self.next_event()? {
                Event::Start(e) if self.in_body && e.local_name().as_ref() == "tu" => {
                    return self.read_tu(&e).map(Some);
                }
                Event::Empty(e) if self.in_body && e.local_name().as_ref() == "tu" => {
                    self.units += 1;
                    return Ok(Some(Unit { number: self.units, line: self.line(), ..Default::default() }));
                }
                // Units inside an element TMX does not know would be lost unseen:
                // the file is refused instead, naming it.
                Event::Start(e) | Event::Empty(e) if self.in_body => {
                    let name = name_of(&e);
                    return Err(Error::parse(
                        self.here(),
                        format!(
                            "<{name}> inside <body>, where TMX allows only <tu>: the file is not read, lest the units in it be lost"
                        ),
                    ));
                }
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "tu" => {
                    return Err(self.unit_outside_body(""));
                }
                Event::Start(e) => {
                    let name = name_of(&e);
                    self.skip_foreign(&name)?;
                }
                Event::End(e) if e.local_name().as_ref() == "body" => self.in_body = false,
                Event::End(e) if e.local_name().as_ref() == "tmx" => {
                    self.finished = true;
                    self.read_epilogue()?;
                    return Ok(None);
                }
                Event::Eof => return Err(Error::parse(self.here(), "the file ends before </tmx>")),
                Event::GeneralRef(r) => return Err(self.reference_error(&r.xml10_content())),
                _ => {}
            }
        }
    }

    fn read_epilogue(&mut self) -> Result<()> {
        loop {
            match crate::formats::after_root(&self.next_event()?) {
                Some(true) => return Ok(()),
                Some(false) => {}
                None => return Err(Error::parse(self.here(), "content after </tmx>")),
            }
        }
    }
}

/// The entries of a TMX file for a memory of `pair`.
pub struct TmxEntries<R: Read> {
    pub reader: TmxReader<R>,
    pair: LangPair,
    origin: String,
    file: String,
    /// The line of the last unit's `<tu>`.
    pub last_line: u64,
}

impl<R: Read> TmxEntries<R> {
    pub fn open(read: R, file: &str, pair: &LangPair, origin: &str) -> Result<TmxEntries<R>> {
        TmxEntries::with_limits(read, file, pair, origin, &Limits::DEFAULT)
    }

    /// [`TmxEntries::open`] with other limits on a unit's size.
    pub fn with_limits(read: R, file: &str, pair: &LangPair, origin: &str, limits: &Limits) -> Result<TmxEntries<R>> {
        Ok(TmxEntries {
            reader: TmxReader::with_limits(read, file, limits)?,
            pair: pair.clone(),
            origin: origin.to_string(),
            file: file.to_string(),
            last_line: 0,
        })
    }

    /// The next unit as an entry, or as the problem that keeps it from being one.
    pub fn next_record(&mut self) -> Result<Option<std::result::Result<Entry, Problem>>> {
        let Some(unit) = self.reader.next_unit()? else { return Ok(None) };
        self.last_line = unit.line;
        Ok(Some(unit.into_entry(&self.pair, &self.origin, &self.file)))
    }
}

/// Picks the variant of `unit` that best serves `wanted`, skipping `taken`.
fn pick(unit: &Unit, wanted: &LangTag, taken: Option<usize>) -> Option<(usize, LangTag)> {
    let mut best: Option<(u8, usize, LangTag)> = None;
    for (i, v) in unit.variants.iter().enumerate() {
        if Some(i) == taken {
            continue;
        }
        let Some(tag) = v.lang.as_deref().and_then(LangTag::parse) else {
            continue;
        };
        let fit = wanted.fit(&tag);
        // Text or inline codes: a segment of codes alone is content too.
        let usable = v.seg.as_ref().is_some_and(|s| s.markup.is_some() || !s.text.trim().is_empty());
        if fit > 0 && usable && best.as_ref().is_none_or(|b| fit > b.0) {
            best = Some((fit, i, tag));
        }
    }
    best.map(|(_, i, tag)| (i, tag))
}

/// The attributes a unit's entry takes over as dates and users.
const DATE_ATTRS: [&str; 4] = ["creationdate", "changedate", "creationid", "changeid"];

impl Unit {
    /// Where the unit is, for messages.
    pub fn position(&self, file: &str) -> Position {
        let record = match &self.tuid {
            Some(id) => format!("tu {} (tuid {id})", self.number),
            None => format!("tu {}", self.number),
        };
        Position::new(file).line(self.line).record(record)
    }

    /// The entry this unit gives in a memory of `pair`: the source variant whose
    /// language best fits the pair's source, the target variant that best fits its
    /// target (exact tag first, then OmegaT's fallback order, then file order).
    pub fn to_entry(&self, pair: &LangPair, origin: &str, file: &str) -> Result<Entry, Problem> {
        self.clone().into_entry(pair, origin, file)
    }

    /// [`Unit::to_entry`], taking the unit apart instead of copying from it.
    pub fn into_entry(mut self, pair: &LangPair, origin: &str, file: &str) -> Result<Entry, Problem> {
        let at = self.position(file);
        let problem = |reason: String| Problem { at: at.clone(), reason };
        if let Some(why) = self.too_long.take() {
            return Err(problem(why));
        }
        let langs = || {
            let list: Vec<&str> = self.variants.iter().map(|v| v.lang.as_deref().unwrap_or("(none)")).collect();
            if list.is_empty() { "none".to_string() } else { list.join(", ") }
        };
        if let Some(v) = self.variants.iter().find(|v| v.lang.is_none()) {
            return Err(Problem {
                at: Position::new(file).line(v.line).record(format!("tu {}", self.number)),
                reason: "a <tuv> without xml:lang".into(),
            });
        }
        let (si, source_lang) = pick(&self, &pair.source, None)
            .ok_or_else(|| problem(format!("no non-empty {} variant (languages: {})", pair.source, langs())))?;
        let (ti, target_lang) = pick(&self, &pair.target, Some(si))
            .ok_or_else(|| problem(format!("no non-empty {} variant (languages: {})", pair.target, langs())))?;
        let mut attrs = std::mem::take(&mut self.attrs);
        // A unit's dates and users are the unit's; where it has none, the target
        // variant's, then the source's (OmegaT writes them on the <tuv> only). The
        // variant keeps its own, so an export gives them back.
        let variants = [&self.variants[ti].meta.attrs, &self.variants[si].meta.attrs];
        let mut attr = |name: &str| -> Option<String> {
            take(&mut attrs, name).or_else(|| {
                variants.iter().find_map(|v| v.iter().find(|(k, _)| k == name).map(|(_, value)| value.clone()))
            })
        };
        let date = |text: Option<String>, name: &str| -> Result<Option<Timestamp>, Problem> {
            match text {
                None => Ok(None),
                Some(text) => Timestamp::parse_tmx(&text)
                    .map(Some)
                    .ok_or_else(|| problem(format!("{name}=\"{text}\" is not a TMX date (YYYYMMDDThhmmssZ)"))),
            }
        };
        let created = date(attr(DATE_ATTRS[0]), DATE_ATTRS[0])?;
        let changed = date(attr(DATE_ATTRS[1]), DATE_ATTRS[1])?;
        let creator = attr(DATE_ATTRS[2]);
        let changer = attr(DATE_ATTRS[3]);
        let mut props = std::mem::take(&mut self.props);
        let origin = take_prop(&mut props, super::PROP_ORIGIN).unwrap_or_else(|| origin.to_string());
        let collection = take_prop(&mut props, super::PROP_COLLECTION);
        let confidence = match take_prop(&mut props, super::PROP_CONFIDENCE) {
            None => None,
            Some(text) => Some(text.parse::<f64>().ok().filter(|c| (0.0..=1.0).contains(c)).ok_or_else(|| {
                problem(format!("prop {} = {text:?} is not a number from 0 to 1", super::PROP_CONFIDENCE))
            })?),
        };
        attrs_from_props(&mut props, &mut attrs, &super::write::TU_ATTRS);
        let mut take_variant = |i: usize| {
            let v = &mut self.variants[i];
            let mut meta = std::mem::take(&mut v.meta);
            attrs_from_props(&mut meta.props, &mut meta.attrs, &super::write::TUV_ATTRS);
            (v.seg.take().unwrap_or_default(), meta)
        };
        let (source, source_meta) = take_variant(si);
        let (target, target_meta) = take_variant(ti);
        Ok(Entry {
            source,
            target,
            source_lang,
            target_lang,
            origin,
            collection,
            created,
            changed: changed.or(created),
            creator,
            changer,
            confidence,
            meta: Meta { tuid: self.tuid, attrs, props, notes: self.notes, source: source_meta, target: target_meta },
        })
    }
}

/// Moves `x-tm-attr-NAME` props (attributes the DTD does not allow, as written by
/// [`super::TmxWriter`]) back to attributes.
fn attrs_from_props(props: &mut Vec<Prop>, attrs: &mut Vec<(String, String)>, dtd: &[&str]) {
    props.retain(|p| match p.kind.strip_prefix(super::PROP_ATTR_PREFIX) {
        Some(name) => {
            attrs.push((name.to_string(), p.value.clone()));
            false
        }
        None => true,
    });
    // The DTD's attributes first, then the others, each in file order: the order
    // a written file gives back (the others are written as props).
    attrs.sort_by_key(|(name, _)| !dtd.contains(&name.as_str()));
}

fn take_prop(props: &mut Vec<Prop>, kind: &str) -> Option<String> {
    let i = props.iter().position(|p| p.kind == kind)?;
    Some(props.remove(i).value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(xml: &str) -> Result<(Header, Vec<Unit>)> {
        let mut r = TmxReader::open(xml.as_bytes(), "t.tmx")?;
        let mut units = Vec::new();
        while let Some(u) = r.next_unit()? {
            units.push(u);
        }
        Ok((r.header().clone(), units))
    }

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
<header creationtool="x" srclang="en" segtype="sentence" datatype="plaintext" adminlang="en" o-tmf="x" creationtoolversion="1"><prop type="x-h">v</prop></header>
<body>
<tu tuid="7" creationdate="20111216T093000Z" usagecount="3">
  <prop type="x-domain">oil</prop><note>checked</note>
  <tuv xml:lang="en-US"><seg>The <bpt i="1">&lt;b&gt;</bpt>strike<ept i="1">&lt;/b&gt;</ept> ended.</seg></tuv>
  <tuv xml:lang="ar-SA"><prop type="x-v">1</prop><seg>انتهى الإضراب.</seg></tuv>
</tu>
<tu><tuv lang="EN"><seg>only English</seg></tuv></tu>
</body>
</tmx>"#;

    #[test]
    fn reads_units_props_notes_and_inline_codes() {
        let (header, units) = read_all(SMALL).unwrap();
        assert_eq!(header.srclang.as_deref(), Some("en"));
        assert_eq!(header.props.len(), 1);
        assert_eq!(units.len(), 2);
        let entry = units[0].to_entry(&LangPair::arabic_english(), "t.tmx", "t.tmx").unwrap();
        assert_eq!(entry.source.text, "انتهى الإضراب.");
        assert_eq!(entry.target.text, "The <b>strike</b> ended.");
        assert_eq!(entry.target.plain(), "The strike ended.");
        assert_eq!(entry.source_lang.as_str(), "ar-SA");
        assert_eq!(entry.created.unwrap().to_tmx(), "20111216T093000Z");
        assert_eq!(entry.meta.tuid.as_deref(), Some("7"));
        assert_eq!(entry.meta.attrs, vec![("usagecount".to_string(), "3".to_string())]);
        assert_eq!(entry.meta.props[0].value, "oil");
        assert_eq!(entry.meta.notes, vec!["checked"]);
        assert_eq!(entry.meta.source.props[0].kind, "x-v");
    }

    #[test]
    fn a_unit_without_arabic_is_a_problem_that_says_where() {
        let (_, units) = read_all(SMALL).unwrap();
        let problem = units[1].to_entry(&LangPair::arabic_english(), "t.tmx", "t.tmx").unwrap_err();
        assert_eq!(problem.to_string(), "t.tmx:11: tu 2: no non-empty ar variant (languages: EN)");
    }

    #[test]
    fn malformed_xml_fails_with_its_line() {
        let bad = SMALL.replace("</tu>\n<tu>", "\n<tu>");
        let err = read_all(&bad).unwrap_err().to_string();
        assert!(err.starts_with("t.tmx:1"), "{err}");
        assert!(err.contains("malformed XML"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_tmx_is_refused() {
        let err = read_all("<?xml version=\"1.0\"?><xliff version=\"1.2\"></xliff>").unwrap_err().to_string();
        assert!(err.contains("root element is <xliff>"), "{err}");
        let err = read_all("<martif type=\"TBX-Basic\"><text/></martif>").unwrap_err().to_string();
        assert!(err.ends_with("not <tmx> (a TBX glossary: tm glossary import reads it)"), "{err}");
    }

    #[test]
    fn a_file_cut_short_is_an_error() {
        let cut = &SMALL[..SMALL.find("<tu>").unwrap()];
        assert!(read_all(cut).is_err());
    }

    #[test]
    fn external_entities_are_never_loaded() {
        let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="ar"/><body><tu><tuv xml:lang="ar"><seg>&xxe;</seg></tuv></tu></body></tmx>"#;
        let err = read_all(xxe).unwrap_err().to_string();
        assert!(err.contains("entity &xxe; is not defined"), "{err}");
    }

    fn read_limited(xml: &str, limits: &Limits) -> Vec<std::result::Result<Entry, Problem>> {
        let mut r = TmxReader::with_limits(xml.as_bytes(), "t.tmx", limits).unwrap();
        let mut out = Vec::new();
        while let Some(u) = r.next_unit().unwrap() {
            out.push(u.into_entry(&LangPair::arabic_english(), "t.tmx", "t.tmx"));
        }
        out
    }

    fn units(segs: &[&str]) -> String {
        let mut xml = String::from("<tmx version=\"1.4\"><header srclang=\"ar\"/><body>\n");
        for seg in segs {
            xml.push_str(&format!(
                "<tu>\n<tuv xml:lang=\"ar\"><seg>{seg}</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>\n"
            ));
        }
        xml + "</body></tmx>"
    }

    #[test]
    fn a_segment_over_the_limit_is_a_problem_on_its_line_and_the_next_unit_is_read() {
        let limits = Limits { segment_bytes: 64, record_bytes: 1024 };
        let long = "انتهى الإضراب. ".repeat(10);
        // One run of text, runs split by references, and inline codes.
        let split = "&amp;انتهى".repeat(10);
        let coded = "<ph>x</ph>انتهى".repeat(10);
        let got = read_limited(&units(&["أ", &long, &split, &coded, "ب"]), &limits);
        let texts: Vec<String> = got
            .iter()
            .map(|r| match r {
                Ok(e) => e.source.text.clone(),
                Err(p) => p.to_string(),
            })
            .collect();
        assert_eq!(texts[0], "أ");
        for (i, text) in texts[1..4].iter().enumerate() {
            assert!(text.starts_with(&format!("t.tmx:{}: tu {}: a ", 4 + 2 * i, i + 2)), "{text}");
            assert!(text.ends_with("longer than 64 bytes (the limit on a segment): skipped"), "{text}");
        }
        assert_eq!(texts[4], "ب");
    }

    #[test]
    fn a_unit_over_the_record_limit_is_a_problem_and_the_next_unit_is_read() {
        let limits = Limits { segment_bytes: 64, record_bytes: 256 };
        let notes = "<note>ملاحظة</note>".repeat(40);
        let xml = units(&["أ", "ب"]).replacen("<tu>", &format!("<tu>{notes}"), 1);
        let got = read_limited(&xml, &limits);
        assert_eq!(
            got[0].as_ref().unwrap_err().to_string(),
            "t.tmx:2: tu 1: a <tu> longer than 256 bytes (the limit on a record): skipped"
        );
        assert_eq!(got[1].as_ref().unwrap().source.text, "ب");
    }

    #[test]
    fn regional_tags_and_several_languages_pick_the_best_variant() {
        let xml = r#"<tmx version="1.4"><header srclang="en-US"/><body>
<tu><tuv xml:lang="fr"><seg>f</seg></tuv><tuv xml:lang="en-GB"><seg>gb</seg></tuv>
<tuv xml:lang="en"><seg>en</seg></tuv><tuv xml:lang="ar-EG"><seg>ع</seg></tuv></tu></body></tmx>"#;
        let (_, units) = read_all(xml).unwrap();
        let e = units[0].to_entry(&LangPair::arabic_english(), "o", "t").unwrap();
        assert_eq!((e.source.text.as_str(), e.target.text.as_str()), ("ع", "en"));
    }
}
