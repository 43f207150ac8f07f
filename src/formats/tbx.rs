//! TBX glossaries (TermBase eXchange, ISO 30042) read into [`Term`]s, and terms
//! written back as TBX-Basic.
//!
//! Read: TBX v2 (ISO 30042:2008, root `<martif>`, TBX-Basic and the other
//! dialects, with or without a namespace) and TBX v3 (ISO 30042:2019, root `<tbx>`,
//! DCA style `<termNote type="administrativeStatus">` and DCT style
//! `<min:administrativeStatus>`), told apart by the root element, never by the
//! file name. The file is streamed one term entry (`termEntry`, v3 `conceptEntry`)
//! at a time. Each entry is one concept and gives at most one [`Term`]:
//!
//! - the language sections (`langSet`, v3 `langSec`) whose `xml:lang` best fits the
//!   pair's source and target are taken, as the TMX reader picks a variant
//!   ([`LangTag::fit`]: the same tag, then the bare language, then another region;
//!   all sections of the best fit, in file order);
//! - every source term is a variant spelling, whatever its status (a deprecated
//!   Arabic spelling still turns up in Arabic text), except one written exactly as
//!   the rendering, which lookup finds anyway;
//! - the rendering is the first target term whose `administrativeStatus` (or
//!   `normativeAuthorization`) is `preferredTerm-admn-sts` (or standardized, legal,
//!   regulated), else the first admitted or unmarked one;
//! - target terms `deprecatedTerm-admn-sts` and `supersededTerm-admn-sts` are the
//!   forbidden renderings;
//! - other admitted target terms have no place in a term (one rendering each) and
//!   are counted in [`Read::alternatives`];
//! - the note is the entry's `<note>`s, else the first definition (`descrip
//!   type="definition"`, v3 DCT `definition`) of the entry, then of the target,
//!   then of the source sections.
//!
//! Term text is taken with its white space collapsed, as XPath `normalize-space`
//! does. An entry without a source term or without a target term that can be
//! the rendering (a multilingual termbase's entries in other languages) is
//! counted in [`Read::incomplete`] and skipped; one with a language section that
//! names no language is a [`Problem`]. Malformed XML, or a reference to an entity
//! that XML does not predefine, fails the whole file with its line: DTDs and
//! external entities are never loaded. An entry longer than the [`Limits`] allow
//! (a text longer than a segment, an entry longer than a record) is read past
//! without being kept, as the TMX reader reads past a unit, and is a [`Problem`]
//! on its line.
//!
//! Written: TBX-Basic v2 (`martif type="TBX-Basic"`), UTF-8, without a DOCTYPE
//! (no reader then goes looking for a DTD), one `termEntry` per term with its
//! note, a source `langSet` with one `tig` per variant (the rendering when it has
//! none) and a target `langSet` with the rendering as preferred term and each
//! forbidden spelling as deprecated term. Reading it back gives the same terms.

use std::io::{self, Read as IoRead, Write};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::entry::markup::resolve_reference;
use crate::error::{Error, Position, Problem, Result};
use crate::formats::decode::{Content, Utf8Reader};
use crate::formats::glossary::Read;
use crate::formats::limits::{Limits, RecordBound, TextRuns};
use crate::formats::unusable_char;
use crate::glossary::Term;
use crate::lang::{LangPair, LangTag};

/// The TBX version of a file, from its root element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// ISO 30042:2008, `<martif>`.
    V2,
    /// ISO 30042:2019, `<tbx>`.
    V3,
}

/// A term's administrative status, as `tm` uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Preferred,
    /// Admitted, or no status given.
    Admitted,
    /// Deprecated or superseded.
    Forbidden,
}

/// The status an `administrativeStatus` or `normativeAuthorization` value gives
/// (`preferredTerm-admn-sts`, or `preferredTerm` as the 2019 standard spells it).
fn status_of(value: &str) -> Status {
    let value = value.trim();
    let name = value.strip_suffix("-admn-sts").unwrap_or(value).to_ascii_lowercase();
    match name.as_str() {
        "preferredterm" | "standardizedterm" | "legalterm" | "regulatedterm" => Status::Preferred,
        "deprecatedterm" | "supersededterm" => Status::Forbidden,
        _ => Status::Admitted,
    }
}

/// One `<term>` with its status and line.
#[derive(Debug)]
struct TermRead {
    text: String,
    status: Option<Status>,
    line: u64,
}

/// One language section of an entry.
#[derive(Debug, Default)]
struct LangBlock {
    lang: Option<String>,
    line: u64,
    terms: Vec<TermRead>,
    definition: Option<String>,
}

/// One term entry, as read.
#[derive(Debug, Default)]
struct EntryRead {
    number: u64,
    id: Option<String>,
    line: u64,
    notes: Vec<String>,
    definition: Option<String>,
    langs: Vec<LangBlock>,
    /// Why the entry was not kept: it is longer than the limits allow.
    too_long: Option<String>,
}

/// Text with runs of XML white space made one space, and trimmed (XPath
/// `normalize-space`).
fn normalize_space(text: &str) -> String {
    text.split([' ', '\t', '\r', '\n']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The reader's state: the XML stream and where it is.
struct TbxReader<R: IoRead> {
    xml: Reader<TextRuns<Utf8Reader<R>>>,
    limits: Limits,
    /// The term entry being read.
    bound: RecordBound,
    file: String,
    buf: Vec<u8>,
    entries: u64,
    /// Elements open around the next event, outside term entries (the root is 1).
    depth: usize,
}

impl<R: IoRead> TbxReader<R> {
    /// The value of attribute `name` of `e`; a malformed attribute is an error.
    fn attr(&self, e: &BytesStart<'_>, name: &str) -> Result<Option<String>> {
        for a in e.attributes() {
            let a = a.map_err(|err| Error::parse(self.here(), format!("bad attribute: {err}")))?;
            if a.key.as_ref() == name {
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|err| Error::parse(self.here(), format!("bad value of attribute {name}: {err}")))?;
                return Ok(Some(value.into_owned()));
            }
        }
        Ok(None)
    }

    /// `xml:lang` (or `lang`, as some old files write it).
    fn lang_attr(&self, e: &BytesStart<'_>) -> Result<Option<String>> {
        Ok(match self.attr(e, "xml:lang")? {
            Some(lang) => Some(lang),
            None => self.attr(e, "lang")?,
        })
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
        let (position, cuts) = (self.xml.buffer_position(), self.xml.get_ref().cuts());
        Ok(self.bound.filter(event, position, cuts, &self.limits, "a term entry"))
    }

    fn reference(&self, name: &str) -> Result<char> {
        resolve_reference(name).ok_or_else(|| {
            Error::parse(
                self.here(),
                format!("entity &{name}; is not defined (tm does not read DTDs or external entities)"),
            )
        })
    }

    /// Up to the root element, which says the version.
    fn prologue(&mut self) -> Result<Version> {
        loop {
            match self.next_event()? {
                Event::Start(e) => {
                    return match local(e.name().as_ref()) {
                        "martif" => Ok(Version::V2),
                        "tbx" => Ok(Version::V3),
                        other => Err(Error::parse(
                            self.here(),
                            format!(
                                "not a glossary: the root element is <{}>, not <martif> (TBX v2) or <tbx> (TBX v3)",
                                other
                            ),
                        )),
                    };
                }
                Event::Empty(e) => {
                    let name = e.name().as_ref().to_string();
                    return Err(Error::parse(self.here(), format!("not a glossary: an empty <{name}> root element")));
                }
                Event::Text(t) if t.xml10_content().trim().is_empty() => {}
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Eof => return Err(Error::parse(self.here(), "not a glossary: no root element")),
                _ => return Err(Error::parse(self.here(), "not a glossary: text before the root element")),
            }
        }
    }

    /// The next term entry, `None` after the root element has closed (and nothing
    /// but comments follows it).
    fn next_entry(&mut self) -> Result<Option<EntryRead>> {
        if self.depth == 0 {
            return Ok(None);
        }
        loop {
            match self.next_event()? {
                Event::Start(e) if matches!(local(e.name().as_ref()), "termEntry" | "conceptEntry") => {
                    return self.read_entry(&e).map(Some);
                }
                Event::Start(_) => self.depth += 1,
                Event::End(_) => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        self.epilogue()?;
                        return Ok(None);
                    }
                }
                Event::GeneralRef(r) => {
                    self.reference(&r.xml10_content())?;
                }
                Event::Eof => return Err(Error::parse(self.here(), "the file ends before its root element closes")),
                _ => {}
            }
        }
    }

    fn epilogue(&mut self) -> Result<()> {
        loop {
            match crate::formats::after_root(&self.next_event()?) {
                Some(true) => return Ok(()),
                Some(false) => {}
                None => return Err(Error::parse(self.here(), "content after the root element")),
            }
        }
    }

    /// The text content of an element whose start tag was just read, with the
    /// text of the elements inside it (`<hi>`), up to its end tag.
    fn read_text(&mut self, name: &str) -> Result<String> {
        let mut out = String::new();
        let mut depth = 1;
        loop {
            match self.next_event()? {
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::CData(t) => out.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => out.push(self.reference(&r.xml10_content())?),
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

    /// A term entry whose start tag was just read, up to its end tag.
    fn read_entry(&mut self, start: &BytesStart<'_>) -> Result<EntryRead> {
        self.bound.begin(self.xml.buffer_position(), self.xml.get_ref().cuts());
        let entry = self.read_entry_content(start);
        let over = self.bound.end();
        let mut entry = entry?;
        if let Some(why) = over {
            entry = EntryRead {
                number: entry.number,
                id: entry.id,
                line: entry.line,
                too_long: Some(why),
                ..Default::default()
            };
        }
        Ok(entry)
    }

    fn read_entry_content(&mut self, start: &BytesStart<'_>) -> Result<EntryRead> {
        self.entries += 1;
        let entry_name = start.name().as_ref().to_string();
        let mut entry =
            EntryRead { number: self.entries, id: self.attr(start, "id")?, line: self.line(), ..Default::default() };
        // Local names of the open elements inside the entry.
        let mut open: Vec<String> = Vec::new();
        // The term of the open tig / ntig / termSec.
        let mut slot: Option<TermRead> = None;
        // Whether a language section is open (the last of entry.langs).
        let mut in_lang = false;
        loop {
            let event = self.next_event()?;
            match event {
                Event::Start(e) => {
                    let name = local(e.name().as_ref()).to_string();
                    match name.as_str() {
                        "langSet" | "langSec" => {
                            entry.langs.push(LangBlock {
                                lang: self.lang_attr(&e)?,
                                line: self.line(),
                                ..Default::default()
                            });
                            in_lang = true;
                        }
                        "tig" | "ntig" | "termSec" if in_lang => {
                            slot = Some(TermRead { text: String::new(), status: None, line: self.line() });
                        }
                        "term" => {
                            let line = self.line();
                            let text = normalize_space(&self.read_text("term")?);
                            match slot.as_mut() {
                                Some(s) if s.text.is_empty() => {
                                    s.text = text;
                                    s.line = line;
                                }
                                // A term outside a tig, or a second one in it.
                                _ if in_lang => {
                                    if let Some(block) = entry.langs.last_mut() {
                                        block.terms.push(TermRead { text, status: None, line });
                                    }
                                }
                                _ => {}
                            }
                            continue;
                        }
                        "termNote" | "administrativeStatus" | "normativeAuthorization" => {
                            let kind = if name == "termNote" { self.attr(&e, "type")? } else { None };
                            let is_status = name != "termNote"
                                || matches!(kind.as_deref(), Some("administrativeStatus" | "normativeAuthorization"));
                            let text = self.read_text("termNote")?;
                            if is_status && let Some(s) = slot.as_mut() {
                                s.status.get_or_insert(status_of(&text));
                            }
                            continue;
                        }
                        "note" if open.is_empty() => {
                            let text = normalize_space(&self.read_text("note")?);
                            if !text.is_empty() {
                                entry.notes.push(text);
                            }
                            continue;
                        }
                        "descrip" | "definition" => {
                            let is_definition =
                                name == "definition" || self.attr(&e, "type")?.as_deref() == Some("definition");
                            let text = normalize_space(&self.read_text("descrip")?);
                            if is_definition && !text.is_empty() && slot.is_none() {
                                let place = match entry.langs.last_mut() {
                                    Some(block) if in_lang => &mut block.definition,
                                    _ => &mut entry.definition,
                                };
                                place.get_or_insert(text);
                            }
                            continue;
                        }
                        _ => {}
                    }
                    open.push(name);
                }
                Event::Empty(e) => {
                    if matches!(local(e.name().as_ref()), "langSet" | "langSec") {
                        entry.langs.push(LangBlock {
                            lang: self.lang_attr(&e)?,
                            line: self.line(),
                            ..Default::default()
                        });
                    }
                }
                Event::End(_) => match open.pop() {
                    None => return Ok(entry),
                    Some(name) => match name.as_str() {
                        "langSet" | "langSec" => in_lang = false,
                        "tig" | "ntig" | "termSec" => {
                            if let Some(term) = slot.take().filter(|t| !t.text.is_empty())
                                && let Some(block) = entry.langs.last_mut()
                            {
                                block.terms.push(term);
                            }
                        }
                        _ => {}
                    },
                },
                Event::GeneralRef(r) => {
                    self.reference(&r.xml10_content())?;
                }
                Event::Eof => return Err(Error::parse(self.here(), format!("the file ends inside <{entry_name}>"))),
                _ => {}
            }
        }
    }
}

/// What one entry gives.
enum Outcome {
    Term {
        term: Term,
        spellings: Vec<(String, u64)>,
        alternatives: u64,
    },
    /// No source term, or no target term that can be the rendering.
    Incomplete,
}

impl EntryRead {
    fn position(&self, file: &str) -> Position {
        let record = match &self.id {
            Some(id) => format!("term entry {} (id {id})", self.number),
            None => format!("term entry {}", self.number),
        };
        Position::new(file).line(self.line).record(record)
    }

    /// The sections that best serve `wanted` (and are not `taken`), in file order.
    fn sections(&self, wanted: &LangTag, taken: &[usize]) -> Vec<usize> {
        let fit = |i: usize| {
            let block = &self.langs[i];
            if taken.contains(&i) || block.terms.is_empty() {
                return 0;
            }
            block.lang.as_deref().and_then(LangTag::parse).map_or(0, |tag| wanted.fit(&tag))
        };
        let best = (0..self.langs.len()).map(fit).max().unwrap_or(0);
        if best == 0 {
            return Vec::new();
        }
        (0..self.langs.len()).filter(|&i| fit(i) == best).collect()
    }

    fn into_term(self, pair: &LangPair, origin: &str, file: &str) -> std::result::Result<Outcome, Problem> {
        if let Some(why) = &self.too_long {
            return Err(Problem { at: self.position(file), reason: why.clone() });
        }
        if let Some(block) = self.langs.iter().find(|b| b.lang.as_deref().and_then(LangTag::parse).is_none()) {
            let what = match &block.lang {
                None => "a language section without xml:lang".to_string(),
                Some(lang) => format!("a language section with xml:lang={lang:?}, which is not a language tag"),
            };
            let record = self.position(file).record.unwrap_or_default();
            return Err(Problem { at: Position::new(file).line(block.line).record(record), reason: what });
        }
        let source = self.sections(&pair.source, &[]);
        let target = self.sections(&pair.target, &source);
        let targets: Vec<&TermRead> = target.iter().flat_map(|&i| &self.langs[i].terms).collect();
        let with = |status: Status| targets.iter().filter(move |t| t.status.unwrap_or(Status::Admitted) == status);
        let Some(rendering) = with(Status::Preferred).chain(with(Status::Admitted)).next().map(|t| t.text.clone())
        else {
            return Ok(Outcome::Incomplete);
        };
        if source.is_empty() {
            return Ok(Outcome::Incomplete);
        }
        let mut variants: Vec<String> = Vec::new();
        let mut spellings = Vec::new();
        for term in source.iter().flat_map(|&i| &self.langs[i].terms) {
            if term.text != rendering && !variants.contains(&term.text) {
                variants.push(term.text.clone());
                spellings.push((term.text.clone(), term.line));
            }
        }
        let mut forbidden: Vec<String> = Vec::new();
        for t in with(Status::Forbidden) {
            if t.text != rendering && !forbidden.contains(&t.text) {
                forbidden.push(t.text.clone());
            }
        }
        let mut others: Vec<&str> = Vec::new();
        for t in with(Status::Preferred).chain(with(Status::Admitted)) {
            if t.text != rendering && !others.contains(&t.text.as_str()) && !forbidden.contains(&t.text) {
                others.push(&t.text);
            }
        }
        let definition = || {
            let first = |blocks: &[usize]| blocks.iter().find_map(|&i| self.langs[i].definition.clone());
            self.definition.clone().or_else(|| first(&target)).or_else(|| first(&source))
        };
        let note = if self.notes.is_empty() { definition() } else { Some(self.notes.join("; ")) };
        Ok(Outcome::Term {
            alternatives: others.len() as u64,
            term: Term { rendering, variants, note, origin: origin.to_string(), forbidden },
            spellings,
        })
    }
}

/// Reads a TBX file. `file` names it in messages and is the terms' origin;
/// `pair` says which language is the source and which the rendering.
pub fn read(input: impl IoRead, file: &str, pair: &LangPair) -> Result<Read> {
    read_within(input, file, pair, &Limits::DEFAULT)
}

/// [`read`] with other limits on a term entry's size.
pub fn read_within(input: impl IoRead, file: &str, pair: &LangPair, limits: &Limits) -> Result<Read> {
    let decoded =
        Utf8Reader::new(input, Content::Xml).map_err(|e| Error::parse(Position::new(file).line(1), e.to_string()))?;
    let mut xml = Reader::from_reader(TextRuns::new(decoded, limits));
    let config = xml.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    let mut reader = TbxReader {
        xml,
        limits: *limits,
        bound: RecordBound::default(),
        file: file.to_string(),
        buf: Vec::with_capacity(4096),
        entries: 0,
        depth: 1,
    };
    reader.prologue()?;
    let mut out = Read::default();
    while let Some(entry) = reader.next_entry()? {
        match entry.into_term(pair, file, file) {
            Err(problem) => out.problems.push(problem),
            Ok(Outcome::Incomplete) => out.incomplete += 1,
            Ok(Outcome::Term { term, spellings, alternatives }) => {
                out.alternatives += alternatives;
                out.spellings.extend(spellings.into_iter().map(|(s, line)| (s, term.rendering.clone(), line)));
                out.terms.push(term);
            }
        }
    }
    Ok(out)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Writes `terms` as TBX-Basic (v2) for a glossary of `pair`.
pub fn write(out: &mut impl Write, terms: &[Term], pair: &LangPair) -> io::Result<()> {
    for term in terms {
        let texts = std::iter::once(&term.rendering).chain(&term.variants).chain(&term.forbidden).chain(&term.note);
        if let Some(c) = texts.clone().find_map(|t| unusable_char(t)) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the term {:?} holds the character U+{:04X}, which XML cannot carry", term.rendering, c as u32),
            ));
        }
    }
    let (source, target) = (escape(pair.source.as_str()), escape(pair.target.as_str()));
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <martif type=\"TBX-Basic\" xml:lang=\"{target}\">\n\
         \x20 <martifHeader>\n\
         \x20   <fileDesc>\n\
         \x20     <sourceDesc>\n\
         \x20       <p>tm glossary, {source} to {target}</p>\n\
         \x20     </sourceDesc>\n\
         \x20   </fileDesc>\n\
         \x20   <encodingDesc>\n\
         \x20     <p type=\"XCSURI\">TBXBasicXCSV02.xcs</p>\n\
         \x20   </encodingDesc>\n\
         \x20 </martifHeader>\n\
         \x20 <text>\n\
         \x20   <body>\n"
    )?;
    let tig = |out: &mut dyn Write, text: &str, status: Option<&str>| -> io::Result<()> {
        writeln!(out, "          <tig>\n            <term>{}</term>", escape(text))?;
        if let Some(status) = status {
            writeln!(out, "            <termNote type=\"administrativeStatus\">{status}</termNote>")?;
        }
        writeln!(out, "          </tig>")
    };
    for (i, term) in terms.iter().enumerate() {
        writeln!(out, "      <termEntry id=\"t{}\">", i + 1)?;
        if let Some(note) = &term.note {
            writeln!(out, "        <note>{}</note>", escape(note))?;
        }
        writeln!(out, "        <langSet xml:lang=\"{source}\">")?;
        if term.variants.is_empty() {
            tig(out, &term.rendering, None)?;
        }
        for v in &term.variants {
            tig(out, v, None)?;
        }
        writeln!(out, "        </langSet>\n        <langSet xml:lang=\"{target}\">")?;
        tig(out, &term.rendering, Some("preferredTerm-admn-sts"))?;
        for f in &term.forbidden {
            tig(out, f, Some("deprecatedTerm-admn-sts"))?;
        }
        writeln!(out, "        </langSet>\n      </termEntry>")?;
    }
    writeln!(out, "    </body>\n  </text>\n</martif>")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read_str(xml: &str) -> Result<Read> {
        read(xml.as_bytes(), "g.tbx", &LangPair::arabic_english())
    }

    fn term(rendering: &str, variants: &[&str], forbidden: &[&str]) -> Term {
        Term {
            rendering: rendering.into(),
            variants: variants.iter().map(|v| v.to_string()).collect(),
            note: None,
            origin: "g.tbx".into(),
            forbidden: forbidden.iter().map(|v| v.to_string()).collect(),
        }
    }

    /// TBX-Basic v2 as TBX-Basic files are written: tig, administrativeStatus.
    const V2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
<martifHeader><fileDesc><sourceDesc><p>names</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="kz">
  <note>country</note>
  <langSet xml:lang="ar">
    <tig><term>كازاخستان</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>قازاقستان</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
  <langSet xml:lang="en-GB">
    <tig><term>Kazakstan</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    <tig><term>Kazakhstan</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>Republic of
        Kazakhstan</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry>
<termEntry id="fr-only">
  <langSet xml:lang="fr"><tig><term>Tenguiz</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>Tengiz</term></tig></langSet>
</termEntry>
<termEntry id="old">
  <langSet xml:lang="ar"><tig><term>تنغيز</term></tig></langSet>
  <langSet xml:lang="en"><tig><term>Tenghiz</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig></langSet>
</termEntry>
</body></text>
</martif>"#;

    #[test]
    fn preferred_admitted_and_deprecated_terms_map_onto_a_term() {
        let g = read_str(V2).unwrap();
        assert!(g.problems.is_empty(), "{:?}", g.problems);
        assert_eq!(
            g.terms,
            vec![Term {
                note: Some("country".into()),
                ..term("Kazakhstan", &["كازاخستان", "قازاقستان"], &["Kazakstan"])
            }]
        );
        assert_eq!(g.alternatives, 1, "Republic of Kazakhstan");
        assert_eq!(g.incomplete, 2, "no Arabic; only a superseded English term");
        let lines: Vec<u64> = g.spellings.iter().map(|s| s.2).collect();
        assert_eq!(lines, vec![9, 10]);
    }

    #[test]
    fn without_a_preferred_term_the_first_admitted_one_is_the_rendering() {
        let xml = V2.replace(
            "preferredTerm-admn-sts</termNote></tig>\n    <tig><term>Republic",
            "x</termNote></tig>\n    <tig><term>Republic",
        );
        let g = read_str(&xml).unwrap();
        assert_eq!(g.terms[0].rendering, "Kazakhstan", "an unknown status counts as admitted");
        let xml = V2.replace(
            ">preferredTerm-admn-sts</termNote></tig>\n    <tig><term>Republic",
            ">deprecatedTerm-admn-sts</termNote></tig>\n    <tig><term>Republic",
        );
        let g = read_str(&xml).unwrap();
        assert_eq!(g.terms[0].rendering, "Republic of Kazakhstan", "white space collapsed");
        assert_eq!(g.terms[0].forbidden, vec!["Kazakstan", "Kazakhstan"]);
    }

    /// TBX v3 (ISO 30042:2019), DCA style, in the 2019 namespace.
    const V3_DCA: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>names</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="c1">
  <descrip type="definition">state oil and gas company</descrip>
  <langSec xml:lang="ar-SA">
    <termSec><term>كازمونايجاز</term></termSec>
    <termSec><term>كازموناينجاز</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
  </langSec>
  <langSec xml:lang="en">
    <termSec><term>KazMunaiGas</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
    <termSec><term>KazMunayGas</term><termNote type="partOfSpeech">noun</termNote><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>Kazmunaigaz</term><termNote type="normativeAuthorization">deprecatedTerm</termNote></termSec>
  </langSec>
</conceptEntry>
</body></text>
</tbx>"#;

    #[test]
    fn tbx_v3_dca_concept_entries_are_read() {
        let g = read_str(V3_DCA).unwrap();
        assert_eq!(
            g.terms,
            vec![Term {
                note: Some("state oil and gas company".into()),
                ..term("KazMunayGas", &["كازمونايجاز", "كازموناينجاز"], &["Kazmunaigaz"])
            }]
        );
        assert_eq!(g.alternatives, 1);
    }

    #[test]
    fn tbx_v3_dct_statuses_are_elements_of_their_own() {
        let dct = V3_DCA
            .replace("style=\"dca\"", "style=\"dct\" xmlns:min=\"http://www.tbxinfo.net/ns/min\" xmlns:basic=\"http://www.tbxinfo.net/ns/basic\"")
            .replace("<termNote type=\"administrativeStatus\">", "<min:administrativeStatus>")
            .replace("<termNote type=\"normativeAuthorization\">", "<min:administrativeStatus>")
            .replace("</termNote></termSec>", "</min:administrativeStatus></termSec>")
            .replace("<termNote type=\"partOfSpeech\">noun</termNote>", "<min:partOfSpeech>noun</min:partOfSpeech>")
            .replace("<descrip type=\"definition\">state oil and gas company</descrip>", "<basic:definition>state oil and gas company</basic:definition>");
        assert!(!dct.contains("termNote"), "{dct}");
        assert_eq!(read_str(&dct).unwrap().terms, read_str(V3_DCA).unwrap().terms);
    }

    #[test]
    fn a_namespaced_martif_is_tbx_v2() {
        let xml = V2
            .replace("<martif type", "<t:martif xmlns:t=\"urn:iso:std:iso:30042:ed-1\" type")
            .replace("</martif>", "</t:martif>");
        assert_eq!(read_str(&xml).unwrap().terms.len(), 1);
    }

    #[test]
    fn the_language_sections_that_fit_best_are_taken() {
        let xml = r#"<martif type="TBX"><text><body><termEntry>
<langSet xml:lang="en-US"><tig><term>color</term></tig></langSet>
<langSet xml:lang="en-GB"><tig><term>colour</term></tig></langSet>
<langSet xml:lang="ar"><tig><term>لون</term></tig></langSet>
<langSet xml:lang="ar-EG"><tig><term>لونه</term></tig></langSet>
</termEntry></body></text></martif>"#;
        let pair =
            |s: &str, t: &str| LangPair { source: LangTag::parse(s).unwrap(), target: LangTag::parse(t).unwrap() };
        let got = |p: LangPair| read(xml.as_bytes(), "g.tbx", &p).unwrap().terms.remove(0);
        let t = got(pair("ar", "en"));
        assert_eq!((t.rendering.as_str(), t.variants), ("color", vec!["لون".to_string()]));
        let t = got(pair("ar-EG", "en-GB"));
        assert_eq!((t.rendering.as_str(), t.variants), ("colour", vec!["لونه".to_string()]));
    }

    #[test]
    fn a_section_without_a_language_is_a_problem_of_its_entry() {
        let xml = V2.replace("<langSet xml:lang=\"en-GB\">", "<langSet>");
        let g = read_str(&xml).unwrap();
        assert_eq!(g.problems.len(), 1);
        assert_eq!(g.problems[0].to_string(), "g.tbx:12: term entry 1 (id kz): a language section without xml:lang");
        assert_eq!(g.terms.len(), 0);
    }

    #[test]
    fn malformed_xml_fails_with_its_line() {
        let bad = V2.replace(
            "</tig>\n  </langSet>\n  <langSet xml:lang=\"en-GB\">",
            "\n  </langSet>\n  <langSet xml:lang=\"en-GB\">",
        );
        let err = read_str(&bad).unwrap_err().to_string();
        assert!(err.starts_with("g.tbx:11: malformed XML"), "{err}");
        let cut = &V2[..V2.find("<termEntry id=\"old\">").unwrap()];
        assert!(read_str(cut).unwrap_err().to_string().contains("the file ends before its root element closes"));
    }

    #[test]
    fn a_malformed_attribute_fails_with_its_line() {
        let bad = V2.replace("<langSet xml:lang=\"en-GB\">", "<langSet xml:lang=en-GB>");
        let err = read_str(&bad).unwrap_err().to_string();
        assert!(err.starts_with("g.tbx:12: bad attribute"), "{err}");
    }

    #[test]
    fn xml_that_is_not_tbx_is_not_a_glossary() {
        let err = read_str("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body/></tmx>").unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.tbx:2: not a glossary: the root element is <tmx>, not <martif> (TBX v2) or <tbx> (TBX v3)"
        );
    }

    #[test]
    fn external_entities_are_never_loaded() {
        let xxe = V2
            .replace(
                "<!DOCTYPE martif SYSTEM \"TBXBasiccoreStructV02.dtd\">",
                "<!DOCTYPE martif [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
            )
            .replace("<p>names</p>", "<p>&xxe;</p>");
        let err = read_str(&xxe).unwrap_err().to_string();
        assert!(err.contains("entity &xxe; is not defined"), "{err}");
    }

    #[test]
    fn a_declared_legacy_encoding_is_transcoded() {
        let xml = V2.replace("encoding=\"UTF-8\"", "encoding=\"windows-1256\"");
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&xml);
        assert_eq!(read(&bytes[..], "g.tbx", &LangPair::arabic_english()).unwrap().terms, read_str(V2).unwrap().terms);
    }

    fn write_then_read(terms: &[Term]) -> Vec<Term> {
        let mut out = Vec::new();
        write(&mut out, terms, &LangPair::arabic_english()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let g = read(text.as_bytes(), "g.tbx", &LangPair::arabic_english()).unwrap();
        assert!(g.problems.is_empty() && g.incomplete == 0 && g.alternatives == 0, "{text}");
        g.terms
    }

    #[test]
    fn written_terms_read_back_the_same() {
        let terms = vec![
            Term {
                note: Some("a \"note\" <with> & marks".into()),
                ..term("KazMunayGas", &["كازمونايجاز", "KMG"], &["KMG", "Kazmunaigaz"])
            },
            term("Chevron", &[], &[]),
            term("Tengiz", &["تنغيز"], &[]),
        ];
        assert_eq!(write_then_read(&terms), terms);
    }

    #[test]
    fn a_character_xml_cannot_carry_is_refused() {
        let err = write(&mut Vec::new(), &[term("Ten\u{1}giz", &[], &[])], &LangPair::arabic_english()).unwrap_err();
        assert!(err.to_string().contains("U+0001"), "{err}");
    }

    proptest! {
        #[test]
        fn tbx_write_then_read_gives_the_same_terms(
            names in proptest::collection::vec(
                ("[a-zA-Z&<>\"'][a-zA-Z &<>\"']{0,12}[a-zA-Z]", proptest::collection::vec("[ء-ي][ء-ي ]{0,10}[ء-ي]", 0..3)),
                1..6,
            )
        ) {
            let terms: Vec<Term> = names
                .iter()
                .map(|(r, vs)| {
                    let mut variants: Vec<String> = Vec::new();
                    for v in vs.iter().map(|v| normalize_space(v)) {
                        if !variants.contains(&v) { variants.push(v); }
                    }
                    Term { variants, ..term(&normalize_space(r), &[], &[]) }
                })
                .collect();
            prop_assert_eq!(write_then_read(&terms), terms);
        }
    }
}
