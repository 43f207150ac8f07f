//! Writing pre-translated XLIFF: a new document of one unit per segment (XLIFF 1.2
//! or 2.0, valid against the OASIS strict 1.2 and core 2.0 schemas), and the pieces
//! (`<alt-trans>`, a filled `<target>`, a glossary `<note>`, the `<tool>` of the
//! header, the 2.0 matches module) that pre-translation puts into an existing file.
//!
//! In place ([`InPlace`]), a unit gets [`Edit`]s of the decoded text, spliced in by
//! [`apply`] and encoded back as the file was ([`encode`]): a 1.2 unit its
//! `<alt-trans>` (with `mid` for a segment), note and filled `<target>` (or
//! `<mrk>` of it; a target with text is kept unless overwriting), `approved="yes"`
//! when every segment is an approved exact fill; an unsegmented 1.2 unit of several
//! sentences a `<seg-source>` ([`InPlace::split_unit`]); a 2.0 unit one
//! `<mtc:matches>` first in it, a `<notes>` when it has none, and targets with
//! `state`/`subState` on their `<segment>`; each edited 1.2 `<file>` a `<tool>`.
//! Units written with a namespace prefix are left as they are.
//!
//! Pure: strings in, bytes out; which matches a unit gets and whether its target is
//! filled is decided by the caller (`ops::pretranslate`). Texts are written as their
//! display form (inline codes of the memory shown as their native content, escaped),
//! so that every piece is valid wherever it goes.
//!
//! How a filled target is marked ([`Fill`]):
//!
//! | fill | XLIFF 1.2 `<target>` | XLIFF 2.0 `<segment>` |
//! |---|---|---|
//! | context (101) | `state="translated" state-qualifier="x-context-match"` | `state="translated" subState="tm:context-match"` |
//! | context, approved | the same, and `approved="yes"` on the `<trans-unit>` | `state="reviewed" subState="tm:context-match"` |
//! | exact (100) | `state="translated" state-qualifier="exact-match"` | `state="translated" subState="tm:exact-match"` |
//! | exact, approved | the same, and `approved="yes"` on the `<trans-unit>` | `state="reviewed" subState="tm:exact-match"` |
//! | fuzzy | `state="needs-review-translation" state-qualifier="fuzzy-match"` | `state="initial" subState="tm:fuzzy-match"` |
//!
//! A context match (101: a 100 met between the same segments) is written as memoQ
//! and Trados report it, above 100: `match-quality="101"` on its 1.2 `<alt-trans>`
//! (a free text there), and `x-context-match` as the target's `state-qualifier` (1.2
//! lets a tool extend that list with `x-` values; a reader that does not know it
//! still sees a translated target). XLIFF 2.0 bounds `similarity` and
//! `matchQuality` to 0–100: a context match is written 100 there, with
//! `subType="tm:context-match"` on its `<mtc:match>`.

use std::borrow::Cow;
use std::io::{self, Write};

use std::ops::Range;

use super::{Element, Version};
use crate::entry::markup::{escape, escape_attr, is_xml_char};

/// The tool named in headers and in every `tool-id` this writer puts in.
pub const TOOL_ID: &str = "tm";
/// The namespace of XLIFF 1.2 documents.
pub const NS_12: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The namespace of XLIFF 2.0 documents.
pub const NS_20: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The namespace of the XLIFF 2.0 translation candidates module.
pub const NS_MATCHES: &str = "urn:oasis:names:tc:xliff:matches:2.0";

/// A match as a CAT file records it: its score, the entry's source, the target to
/// use, and where the entry came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leverage {
    pub score: u8,
    pub source: String,
    pub target: String,
    pub origin: String,
}

/// How a target filled from a match is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// From a context match (101).
    Context,
    /// From a context match, approved (`--approve-exact`).
    ContextApproved,
    /// From a match of 100.
    Exact,
    /// From a 100 match, approved (`--approve-exact`).
    ExactApproved,
    /// From a match below 100: to be reviewed.
    Fuzzy,
}

impl Fill {
    /// The fill for a match of `score`.
    pub fn of(score: u8, approve_exact: bool) -> Fill {
        match (score, approve_exact) {
            (101.., true) => Fill::ContextApproved,
            (101.., false) => Fill::Context,
            (100, true) => Fill::ExactApproved,
            (100, false) => Fill::Exact,
            _ => Fill::Fuzzy,
        }
    }

    /// The XLIFF 1.2 `state` and `state-qualifier` of the target.
    pub fn state_12(self) -> (&'static str, &'static str) {
        match self {
            Fill::Context | Fill::ContextApproved => ("translated", "x-context-match"),
            Fill::Exact | Fill::ExactApproved => ("translated", "exact-match"),
            Fill::Fuzzy => ("needs-review-translation", "fuzzy-match"),
        }
    }

    /// The XLIFF 2.0 `state` and `subState` of the segment.
    pub fn state_20(self) -> (&'static str, &'static str) {
        match self {
            Fill::Context => ("translated", "tm:context-match"),
            Fill::ContextApproved => ("reviewed", "tm:context-match"),
            Fill::Exact => ("translated", "tm:exact-match"),
            Fill::ExactApproved => ("reviewed", "tm:exact-match"),
            Fill::Fuzzy => ("initial", "tm:fuzzy-match"),
        }
    }

    /// Whether the unit gets `approved="yes"` (XLIFF 1.2).
    pub fn approved(self) -> bool {
        matches!(self, Fill::ExactApproved | Fill::ContextApproved)
    }
}

/// A glossary name found in a segment and its rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendering {
    pub source: String,
    pub rendering: String,
}

/// One segment of a new document, pre-translated.
#[derive(Clone, Debug)]
pub struct Unit<'a> {
    /// The unit's id (unique in the document).
    pub id: String,
    pub source: &'a str,
    /// The target filled from the best match, if any.
    pub target: Option<(String, Fill)>,
    /// Best first.
    pub matches: Vec<Leverage>,
    pub terms: Vec<Rendering>,
}

/// What a new document says about itself.
#[derive(Clone, Debug)]
pub struct Document<'a> {
    pub version: Version,
    /// The name of the document the units come from (`original`).
    pub original: &'a str,
    pub source_lang: &'a str,
    pub target_lang: &'a str,
}

/// Text safe for XML 1.0 (characters XML cannot carry dropped), escaped for content.
pub fn text(value: &str) -> String {
    escape(&xml_safe(value))
}

/// Text safe for XML 1.0, escaped for an attribute value.
pub fn attr(value: &str) -> String {
    escape_attr(&xml_safe(value))
}

fn xml_safe(value: &str) -> Cow<'_, str> {
    if value.chars().all(is_xml_char) { value.into() } else { value.chars().filter(|&c| is_xml_char(c)).collect() }
}

/// The `<tool>` of an XLIFF 1.2 header.
pub fn tool_12() -> String {
    format!(r#"<tool tool-id="{TOOL_ID}" tool-name="tm" tool-version="{}"/>"#, env!("CARGO_PKG_VERSION"))
}

/// The text of the note that lists the renderings of a segment's glossary names.
pub fn terms_note(terms: &[Rendering]) -> String {
    let list: Vec<String> = terms.iter().map(|t| format!("{} = {}", t.source, t.rendering)).collect();
    format!("glossary: {}", list.join("; "))
}

/// An XLIFF 1.2 `<note>` of the renderings (nothing when there are none).
pub fn note_12(terms: &[Rendering]) -> String {
    if terms.is_empty() {
        return String::new();
    }
    format!(r#"<note from="{TOOL_ID}" annotates="source">{}</note>"#, text(&terms_note(terms)))
}

/// An XLIFF 1.2 `<alt-trans>` for a match; `mid` names the segment (`<mrk
/// mtype="seg" mid>`) of a segmented unit. `indent` is put before each child.
pub fn alt_trans_12(m: &Leverage, mid: Option<&str>, langs: (&str, &str), indent: &str, inner: &str) -> String {
    let mid = mid.map(|mid| format!(r#" mid="{}""#, attr(mid))).unwrap_or_default();
    format!(
        r#"<alt-trans{mid} match-quality="{}" origin="{}" tool-id="{TOOL_ID}">{indent}{inner}<source xml:lang="{}">{}</source>{indent}{inner}<target xml:lang="{}">{}</target>{indent}</alt-trans>"#,
        m.score,
        attr(&m.origin),
        attr(langs.0),
        text(&m.source),
        attr(langs.1),
        text(&m.target),
    )
}

/// The attributes a filled XLIFF 1.2 `<target>` gets, with a space before each.
pub fn target_attrs_12(fill: Fill) -> String {
    let (state, qualifier) = fill.state_12();
    format!(r#" state="{state}" state-qualifier="{qualifier}""#)
}

/// An XLIFF 2.0 `<mtc:matches>` for the matches of the segments listed (their
/// ids) of unit `unit`, declaring its namespace on itself so that it goes into any
/// unit as it is.
pub fn matches_20(segments: &[(&str, &[Leverage])], unit: &str, indent: &str, inner: &str) -> String {
    let mut out = format!(r#"<mtc:matches xmlns:mtc="{NS_MATCHES}">"#);
    for (segment, matches) in segments {
        for (i, m) in matches.iter().enumerate() {
            out.push_str(&format!(
                r##"{indent}{inner}<mtc:match id="{}" ref="#{}" type="tm"{} similarity="{}" matchQuality="{}" origin="{}">{indent}{inner}{inner}<source>{}</source>{indent}{inner}{inner}<target>{}</target>{indent}{inner}</mtc:match>"##,
                attr(&format!("{TOOL_ID}-{unit}-{segment}-{}", i + 1)),
                attr(segment),
                if m.score > 100 { r#" subType="tm:context-match""# } else { "" },
                m.score.min(100),
                m.score.min(100),
                attr(&m.origin),
                text(&m.source),
                text(&m.target),
            ));
        }
    }
    out.push_str(indent);
    out.push_str("</mtc:matches>");
    out
}

/// An XLIFF 2.0 `<notes>` of the renderings (nothing when there are none).
pub fn notes_20(terms: &[Rendering], indent: &str, inner: &str) -> String {
    if terms.is_empty() {
        return String::new();
    }
    format!(
        r#"<notes>{indent}{inner}<note category="{TOOL_ID}:glossary">{}</note>{indent}</notes>"#,
        text(&terms_note(terms))
    )
}

/// The `state` and `subState` attributes of a filled XLIFF 2.0 segment, with a
/// space before each.
pub fn segment_attrs_20(fill: Fill) -> String {
    let (state, sub) = fill.state_20();
    format!(r#" state="{state}" subState="{sub}""#)
}

/// How a new document writes its units: its version and languages. Units can be
/// written apart (on other threads) and handed to [`XliffWriter::rendered`].
#[derive(Clone, Debug)]
pub struct Layout {
    version: Version,
    langs: (String, String),
}

impl Layout {
    /// Writes one unit to `out`.
    pub fn write_unit(&self, out: &mut impl Write, unit: &Unit<'_>) -> io::Result<()> {
        match self.version {
            Version::V1 => self.unit_12(out, unit),
            Version::V2 => Self::unit_20(out, unit),
        }
    }

    fn unit_12(&self, out: &mut impl Write, unit: &Unit<'_>) -> io::Result<()> {
        let approved =
            if unit.target.as_ref().is_some_and(|(_, fill)| fill.approved()) { r#" approved="yes""# } else { "" };
        writeln!(out, r#"      <trans-unit id="{}"{approved}>"#, attr(&unit.id))?;
        writeln!(out, r#"        <source xml:lang="{}">{}</source>"#, attr(&self.langs.0), text(unit.source))?;
        if let Some((target, fill)) = &unit.target {
            writeln!(
                out,
                r#"        <target xml:lang="{}"{}>{}</target>"#,
                attr(&self.langs.1),
                target_attrs_12(*fill),
                text(target)
            )?;
        }
        if !unit.terms.is_empty() {
            writeln!(out, "        {}", note_12(&unit.terms))?;
        }
        let langs = (self.langs.0.as_str(), self.langs.1.as_str());
        for m in &unit.matches {
            writeln!(out, "        {}", alt_trans_12(m, None, langs, "\n        ", "  "))?;
        }
        writeln!(out, "      </trans-unit>")
    }

    fn unit_20(out: &mut impl Write, unit: &Unit<'_>) -> io::Result<()> {
        writeln!(out, r#"    <unit id="{}">"#, attr(&unit.id))?;
        let segment = "s1";
        if !unit.matches.is_empty() {
            writeln!(out, "      {}", matches_20(&[(segment, &unit.matches)], &unit.id, "\n      ", "  "))?;
        }
        if !unit.terms.is_empty() {
            writeln!(out, "      {}", notes_20(&unit.terms, "\n      ", "  "))?;
        }
        let state = unit.target.as_ref().map(|(_, fill)| segment_attrs_20(*fill)).unwrap_or_default();
        writeln!(out, r#"      <segment id="{segment}"{state}>"#)?;
        writeln!(out, "        <source>{}</source>", text(unit.source))?;
        if let Some((target, _)) = &unit.target {
            writeln!(out, "        <target>{}</target>", text(target))?;
        }
        writeln!(out, "      </segment>")?;
        writeln!(out, "    </unit>")
    }
}

/// Writes a new pre-translated document, one unit per segment.
pub struct XliffWriter<W: Write> {
    out: W,
    layout: Layout,
}

impl<W: Write> XliffWriter<W> {
    /// Writes everything before the first unit.
    pub fn new(mut out: W, doc: &Document<'_>) -> io::Result<XliffWriter<W>> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        let (src, trg, original) = (attr(doc.source_lang), attr(doc.target_lang), attr(doc.original));
        match doc.version {
            Version::V1 => {
                writeln!(out, r#"<xliff version="1.2" xmlns="{NS_12}">"#)?;
                writeln!(
                    out,
                    r#"  <file original="{original}" source-language="{src}" target-language="{trg}" datatype="plaintext">"#
                )?;
                writeln!(out, "    <header>")?;
                writeln!(out, "      {}", tool_12())?;
                writeln!(out, "    </header>")?;
                writeln!(out, "    <body>")?;
            }
            Version::V2 => {
                writeln!(
                    out,
                    r#"<xliff version="2.0" xmlns="{NS_20}" xmlns:mtc="{NS_MATCHES}" srcLang="{src}" trgLang="{trg}">"#
                )?;
                writeln!(out, r#"  <file id="f1" original="{original}">"#)?;
            }
        }
        let layout = Layout { version: doc.version, langs: (doc.source_lang.to_string(), doc.target_lang.to_string()) };
        Ok(XliffWriter { out, layout })
    }

    /// How units are written, to render them elsewhere.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Writes one unit.
    pub fn unit(&mut self, unit: &Unit<'_>) -> io::Result<()> {
        self.layout.write_unit(&mut self.out, unit)
    }

    /// Writes a unit written by [`Layout::write_unit`] of this writer's layout.
    pub fn rendered(&mut self, unit: &[u8]) -> io::Result<()> {
        self.out.write_all(unit)
    }

    /// Closes the document and gives the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        match self.layout.version {
            Version::V1 => {
                writeln!(self.out, "    </body>")?;
                writeln!(self.out, "  </file>")?;
            }
            Version::V2 => writeln!(self.out, "  </file>")?,
        }
        writeln!(self.out, "</xliff>")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

// In place: the edits that put pre-translations into an existing file, every other
// byte kept.

/// One change to a file's text: `range` replaced by `with` (an insertion when the
/// range is empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub with: String,
}

impl Edit {
    fn insert(at: usize, with: String) -> Edit {
        Edit { range: at..at, with }
    }
}

/// `text` with `edits` made. Edits must not overlap; insertions at one place keep
/// their order.
pub fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len() + edits.iter().map(|e| e.with.len()).sum::<usize>());
    let mut at = 0;
    for e in &edits {
        if e.range.start < at {
            continue; // overlaps an edit made already
        }
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.with);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` encoded as the file it came from: in its encoding (a character the
/// encoding lacks as a character reference), with its byte-order mark if it had one.
pub fn encode(text: &str, encoding: &str, bom: bool) -> Vec<u8> {
    match encoding {
        "UTF-16LE" | "UTF-16BE" => {
            let le = encoding == "UTF-16LE";
            let mut out = Vec::with_capacity(text.len() * 2 + 2);
            for unit in bom.then_some('\u{FEFF}').into_iter().chain(text.chars()).collect::<String>().encode_utf16() {
                out.extend_from_slice(&if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
            }
            out
        }
        _ => {
            let enc = encoding_rs::Encoding::for_label(encoding.as_bytes()).unwrap_or(encoding_rs::UTF_8);
            let mut out = if bom && enc == encoding_rs::UTF_8 { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() };
            out.extend_from_slice(&enc.encode(text).0);
            out
        }
    }
}

/// The XLIFF 1.2 state of a new target of several segments not all filled.
const PARTLY_FILLED: &str = "needs-translation";

/// What one segment of a file gets: its matches, the target to fill in, the
/// renderings of its names.
#[derive(Clone, Copy, Debug)]
pub struct Plan<'d> {
    pub matches: &'d [Leverage],
    pub fill: Option<&'d (String, Fill)>,
    pub terms: &'d [Rendering],
}

/// The edits for one unit, and what they do.
#[derive(Clone, Debug, Default)]
pub struct UnitEdits {
    pub edits: Vec<Edit>,
    /// Segments whose target is filled, and those whose target was kept.
    pub filled: u64,
    pub kept: u64,
}

/// Puts pre-translations into the units of one decoded file.
pub struct InPlace<'t> {
    pub text: &'t str,
    pub version: super::Version,
    /// Languages for what is written: the file's, else the memory's.
    pub source_lang: &'t str,
    pub target_lang: &'t str,
    /// Whether a target may be written (XLIFF 2.0 needs `trgLang` for one).
    pub may_fill: bool,
    /// Targets with text are replaced.
    pub overwrite: bool,
}

/// The white space from the start of the line to `at`, if nothing else is there.
fn indent_before(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let lead = &text[start..at];
    if lead.bytes().all(|b| b == b' ' || b == b'\t') { lead } else { "" }
}

/// Where the end tag of `element` starts.
fn end_tag(text: &str, element: &Element) -> usize {
    text[element.outer.clone()].rfind("</").map_or(element.outer.end, |i| element.outer.start + i)
}

/// Where to insert a line before the end tag of `element`: the start of the end
/// tag's line when only white space comes before it there, else the end tag.
fn before_end(text: &str, element: &Element) -> (usize, bool) {
    let at = end_tag(text, element);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if text[start..at].bytes().all(|b| b == b' ' || b == b'\t') { (start, true) } else { (at, false) }
}

/// The element name of a start tag (`<target xml:lang="en">`: `target`), with its prefix.
fn tag_name(tag: &str) -> &str {
    let inner = tag.trim_start_matches('<');
    let end = inner.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(inner.len());
    &inner[..end]
}

/// A start tag without the attribute `name` (and the white space before it).
fn without_attr(tag: &str, name: &str) -> String {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(pos) = tag[from..].find(name) {
        let s = from + pos;
        from = s + name.len();
        if s == 0 || !bytes[s - 1].is_ascii_whitespace() {
            continue;
        }
        let mut j = s + name.len();
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= bytes.len() || bytes[j] != b'=' {
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let Some(&quote) = bytes.get(j).filter(|&&q| q == b'"' || q == b'\'') else { continue };
        let Some(len) = tag[j + 1..].find(quote as char) else { continue };
        let mut start = s;
        while start > 0 && bytes[start - 1].is_ascii_whitespace() {
            start -= 1;
        }
        return format!("{}{}", &tag[..start], &tag[j + 1 + len + 1..]);
    }
    tag.to_string()
}

/// A start tag with attributes set (replacing any of the same name), written last.
fn with_attrs(tag: &str, set: &[(&str, &str)]) -> String {
    let mut t = tag.to_string();
    for (name, _) in set {
        t = without_attr(&t, name);
    }
    let close = if t.ends_with("/>") { t.len() - 2 } else { t.len() - 1 };
    let (head, tail) = t.split_at(close);
    let added: String = set.iter().map(|(n, v)| format!(r#" {n}="{}""#, attr(v))).collect();
    format!("{}{added}{tail}", head.trim_end())
}

/// An element written anew from its start tag (an empty-element tag opened up) with
/// `content` inside.
fn filled_element(tag: &str, content: &str) -> String {
    let name = tag_name(tag);
    match tag.strip_suffix("/>") {
        Some(open) => format!("{}>{content}</{name}>", open.trim_end()),
        None => format!("{tag}{content}</{name}>"),
    }
}

impl InPlace<'_> {
    fn at(&self, range: &Range<usize>) -> &str {
        &self.text[range.clone()]
    }

    /// Whether units are written with a namespace prefix (`<x:trans-unit>`): then
    /// nothing is put in (the pieces are written unprefixed).
    fn prefixed(&self, unit: &super::Unit) -> bool {
        tag_name(self.at(&unit.element.start_tag)).contains(':')
    }

    /// The edits that give `unit` its segments' plans (one per segment, in order).
    pub fn unit(&self, unit: &super::Unit, plans: &[Option<Plan<'_>>]) -> UnitEdits {
        if unit.element.content.is_none() || self.prefixed(unit) || plans.iter().all(Option::is_none) {
            return UnitEdits::default();
        }
        match self.version {
            super::Version::V1 => self.unit_12(unit, plans),
            super::Version::V2 => self.unit_20(unit, plans),
        }
    }

    /// `elements`, each on a line of its own before the end tag of `unit`.
    fn append(&self, unit: &super::Unit, indent: &str, elements: &[String], out: &mut Vec<Edit>) {
        if elements.is_empty() {
            return;
        }
        let (at, own_line) = before_end(self.text, &unit.element);
        let with: String =
            if own_line { elements.iter().map(|e| format!("{indent}{e}\n")).collect() } else { elements.concat() };
        out.push(Edit::insert(at, with));
    }

    fn unit_12(&self, unit: &super::Unit, plans: &[Option<Plan<'_>>]) -> UnitEdits {
        let mut done = UnitEdits::default();
        let Some(source) = &unit.source_span else { return done };
        let indent = indent_before(self.text, source.outer.start);
        let langs = (self.source_lang, self.target_lang);
        let nl = format!("\n{indent}");
        let mut appended = Vec::new();
        let mut terms: Vec<&Rendering> = Vec::new();
        let mut fills: Vec<Option<&(String, Fill)>> = Vec::new();
        for (segment, plan) in unit.segments.iter().zip(plans) {
            let Some(plan) = plan else {
                fills.push(None);
                continue;
            };
            let mid = if unit.segmented { segment.id.as_deref() } else { None };
            for t in plan.terms {
                if !terms.contains(&t) {
                    terms.push(t);
                }
            }
            for m in plan.matches {
                appended.push(alt_trans_12(m, mid, langs, &nl, "  "));
            }
            let fill = plan.fill.filter(|_| self.may_fill);
            if fill.is_some() && segment.has_target() && !self.overwrite {
                done.kept += 1;
                fills.push(None);
            } else {
                fills.push(fill);
            }
        }
        let filled: Vec<&(String, Fill)> = fills.iter().flatten().copied().collect();
        if !filled.is_empty() {
            let worst = if filled.iter().all(|(_, f)| *f != Fill::Fuzzy) { filled[0].1 } else { Fill::Fuzzy };
            let (mut state, qualifier) = worst.state_12();
            if filled.len() < unit.segments.len() {
                state = PARTLY_FILLED;
            }
            let target_attrs = [("state", state), ("state-qualifier", qualifier)];
            if !unit.segmented {
                let (target, _) = filled[0];
                let with = match &unit.target_span {
                    Some(t) => filled_element(&with_attrs(self.at(&t.start_tag), &target_attrs), &text(target)),
                    None => format!(
                        r#"{nl}<target xml:lang="{}"{}>{}</target>"#,
                        attr(self.target_lang),
                        target_attrs_12(worst),
                        text(target)
                    ),
                };
                match &unit.target_span {
                    Some(t) => done.edits.push(Edit { range: t.outer.clone(), with }),
                    None => done.edits.push(Edit::insert(source.outer.end, with)),
                }
                done.filled += 1;
            } else if unit.target_span.is_some() {
                // Fill the target's <mrk> of each segment; the target's state stays.
                for (segment, fill) in unit.segments.iter().zip(&fills) {
                    let (Some((target, _)), Some(mrk)) = (fill, &segment.target_span) else { continue };
                    let with = filled_element(self.at(&mrk.start_tag), &text(target));
                    done.edits.push(Edit { range: mrk.outer.clone(), with });
                    done.filled += 1;
                }
            } else if let Some(seg_source) = unit.seg_source_span.as_ref().filter(|s| s.content.is_some()) {
                // A new target of the seg-source's <mrk>s, those filled with their text.
                let content = seg_source.content.clone().unwrap_or_default();
                let mut body = String::new();
                let mut cursor = content.start;
                for (segment, fill) in unit.segments.iter().zip(&fills) {
                    let Some(mrk) = segment.source_span.as_ref().filter(|m| m.outer.start >= cursor) else { continue };
                    body.push_str(&self.text[cursor..mrk.outer.start]);
                    let inside = fill.map(|(t, _)| text(t)).unwrap_or_default();
                    body.push_str(&filled_element(self.at(&mrk.start_tag), &inside));
                    cursor = mrk.outer.end;
                    done.filled += u64::from(fill.is_some());
                }
                body.push_str(&self.text[cursor..content.end]);
                done.edits.push(Edit::insert(
                    seg_source.outer.end,
                    format!(
                        r#"{nl}<target xml:lang="{}" state="{state}" state-qualifier="{qualifier}">{body}</target>"#,
                        attr(self.target_lang)
                    ),
                ));
            }
            if worst.approved() && filled.len() == unit.segments.len() {
                let tag = self.at(&unit.element.start_tag);
                done.edits.push(Edit {
                    range: unit.element.start_tag.clone(),
                    with: with_attrs(tag, &[("approved", "yes")]),
                });
            }
        }
        let owned: Vec<Rendering> = terms.into_iter().cloned().collect();
        let mut elements = Vec::new();
        if !owned.is_empty() {
            elements.push(note_12(&owned));
            done.edits.extend(self.written_before(unit, "note", &format!(r#"from="{TOOL_ID}""#)));
        }
        if !appended.is_empty() {
            done.edits.extend(self.written_before(unit, "alt-trans", &format!(r#"tool-id="{TOOL_ID}""#)));
        }
        elements.extend(appended);
        self.append(unit, indent, &elements, &mut done.edits);
        done
    }

    /// The edits that take out the `<name>` children of a 1.2 `unit` whose start
    /// tag has `mark` (`tool-id="tm"`): what an earlier pre-translation put in, so
    /// that a file pre-translated again holds the last run's matches and note, not
    /// both runs'. An element on a line of its own goes with its line.
    fn written_before(&self, unit: &super::Unit, name: &str, mark: &str) -> Vec<Edit> {
        let outer = unit.element.outer.clone();
        let (open, close) = (format!("<{name}"), format!("</{name}>"));
        let mut out = Vec::new();
        let mut from = outer.start;
        while let Some(at) = self.text[from..outer.end].find(&open) {
            let start = from + at;
            let Some(tag_len) = self.text[start..outer.end].find('>') else { break };
            let tag = &self.text[start..start + tag_len + 1];
            let after_name = tag[open.len()..].chars().next();
            let end = if tag.ends_with("/>") {
                start + tag.len()
            } else {
                match self.text[start..outer.end].find(&close) {
                    Some(len) => start + len + close.len(),
                    None => break,
                }
            };
            from = end;
            if !after_name.is_some_and(|c| c.is_whitespace() || c == '>' || c == '/') || !tag.contains(mark) {
                continue;
            }
            let line_start = start - indent_before(self.text, start).len();
            let own_line =
                (line_start == 0 || self.text[..line_start].ends_with('\n')) && self.text[end..].starts_with('\n');
            out.push(Edit { range: if own_line { line_start..end + 1 } else { start..end }, with: String::new() });
        }
        out
    }

    /// The edits that segment an unsegmented XLIFF 1.2 `unit` without a target
    /// (whose source, without inline codes, is `source`) into a `<seg-source>` of
    /// one `<mrk mtype="seg">` per range of `sentences`, each with its plan; a target
    /// of the same `<mrk>`s is written when one is filled. Nothing when no sentence
    /// gets anything.
    pub fn split_unit(
        &self,
        unit: &super::Unit,
        source: &str,
        sentences: &[Range<usize>],
        plans: &[Option<Plan<'_>>],
    ) -> UnitEdits {
        let mut done = UnitEdits::default();
        let Some(span) = &unit.source_span else { return done };
        if self.version != super::Version::V1
            || unit.segmented
            || unit.target_span.is_some()
            || self.prefixed(unit)
            || plans.iter().all(Option::is_none)
        {
            return done;
        }
        let indent = indent_before(self.text, span.outer.start);
        let nl = format!("\n{indent}");
        let fills: Vec<Option<&(String, Fill)>> =
            plans.iter().map(|p| p.and_then(|p| p.fill).filter(|_| self.may_fill)).collect();
        let marked = |inside: &dyn Fn(usize, &Range<usize>) -> String| -> String {
            let mut out = String::new();
            let mut cursor = 0;
            for (i, r) in sentences.iter().enumerate() {
                out.push_str(&text(&source[cursor..r.start]));
                out.push_str(&format!(r#"<mrk mtype="seg" mid="{}">{}</mrk>"#, i + 1, inside(i, r)));
                cursor = r.end;
            }
            out.push_str(&text(&source[cursor..]));
            out
        };
        let mut with = format!("{nl}<seg-source>{}</seg-source>", marked(&|_, r| text(&source[r.clone()])));
        let filled: Vec<&(String, Fill)> = fills.iter().flatten().copied().collect();
        if !filled.is_empty() {
            let worst = if filled.iter().all(|(_, f)| *f != Fill::Fuzzy) { filled[0].1 } else { Fill::Fuzzy };
            let (mut state, qualifier) = worst.state_12();
            if filled.len() < sentences.len() {
                state = PARTLY_FILLED;
            }
            let body = marked(&|i, _| fills[i].map(|(t, _)| text(t)).unwrap_or_default());
            with.push_str(&format!(
                r#"{nl}<target xml:lang="{}" state="{state}" state-qualifier="{qualifier}">{body}</target>"#,
                attr(self.target_lang)
            ));
            done.filled = filled.len() as u64;
            if worst.approved() && filled.len() == sentences.len() {
                let tag = self.at(&unit.element.start_tag);
                done.edits.push(Edit {
                    range: unit.element.start_tag.clone(),
                    with: with_attrs(tag, &[("approved", "yes")]),
                });
            }
        }
        done.edits.push(Edit::insert(span.outer.end, with));
        let langs = (self.source_lang, self.target_lang);
        let mut terms: Vec<Rendering> = Vec::new();
        let mut alts = Vec::new();
        for (i, plan) in plans.iter().enumerate() {
            let Some(plan) = plan else { continue };
            for t in plan.terms {
                if !terms.contains(t) {
                    terms.push(t.clone());
                }
            }
            let mid = (i + 1).to_string();
            alts.extend(plan.matches.iter().map(|m| alt_trans_12(m, Some(&mid), langs, &nl, "  ")));
        }
        let mut elements = Vec::new();
        if !terms.is_empty() {
            elements.push(note_12(&terms));
        }
        elements.extend(alts);
        self.append(unit, indent, &elements, &mut done.edits);
        done
    }

    fn unit_20(&self, unit: &super::Unit, plans: &[Option<Plan<'_>>]) -> UnitEdits {
        let mut done = UnitEdits::default();
        let Some(content) = &unit.element.content else { return done };
        let first = unit.segments.iter().find_map(|s| s.element.as_ref()).map_or(content.start, |e| e.outer.start);
        let indent = indent_before(self.text, first);
        let unit_id = unit.id.clone().unwrap_or_default();
        let mut listed: Vec<(String, &[Leverage])> = Vec::new();
        let mut terms: Vec<Rendering> = Vec::new();
        for (k, (segment, plan)) in unit.segments.iter().zip(plans).enumerate() {
            let (Some(plan), Some(element)) = (plan, &segment.element) else { continue };
            let mut attrs: Vec<(&str, String)> = Vec::new();
            let id = match &segment.id {
                Some(id) => id.clone(),
                None => {
                    let id = format!("{TOOL_ID}{}", k + 1);
                    attrs.push(("id", id.clone()));
                    id
                }
            };
            if !plan.matches.is_empty() {
                listed.push((id, plan.matches));
            }
            for t in plan.terms {
                if !terms.contains(t) {
                    terms.push(t.clone());
                }
            }
            let fill = plan.fill.filter(|_| self.may_fill);
            if let Some((target, how)) = fill {
                if segment.has_target() && !self.overwrite {
                    done.kept += 1;
                } else if let Some(source) = &segment.source_span {
                    match &segment.target_span {
                        Some(t) => done.edits.push(Edit {
                            range: t.outer.clone(),
                            with: filled_element(self.at(&t.start_tag), &text(target)),
                        }),
                        None => {
                            let at = indent_before(self.text, source.outer.start);
                            let with = format!("\n{at}<target>{}</target>", text(target));
                            done.edits.push(Edit::insert(source.outer.end, with));
                        }
                    }
                    let (state, sub) = how.state_20();
                    attrs.push(("state", state.into()));
                    attrs.push(("subState", sub.into()));
                    done.filled += 1;
                }
            }
            if !attrs.is_empty() {
                let set: Vec<(&str, &str)> = attrs.iter().map(|(n, v)| (*n, v.as_str())).collect();
                let with = with_attrs(self.at(&element.start_tag), &set);
                done.edits.push(Edit { range: element.start_tag.clone(), with });
            }
        }
        let nl = format!("\n{indent}");
        let mut head = String::new();
        // The module allows one <mtc:matches> per unit: a unit that has one keeps it.
        if !listed.is_empty() && !self.at(content).contains(":matches") {
            let list: Vec<(&str, &[Leverage])> = listed.iter().map(|(id, m)| (id.as_str(), *m)).collect();
            head.push_str(&format!("{nl}{}", matches_20(&list, &unit_id, &nl, "  ")));
        }
        if !terms.is_empty() && unit.notes.is_empty() {
            head.push_str(&format!("{nl}{}", notes_20(&terms, &nl, "  ")));
        }
        if !head.is_empty() {
            done.edits.push(Edit::insert(content.start, head));
        }
        done
    }

    /// The edit that names `tm` in the header of an XLIFF 1.2 `file` (none when
    /// it does already, or in 2.0, which has no header).
    pub fn tool(&self, file: &super::File) -> Option<Edit> {
        if self.version != super::Version::V1 || self.at(&file.start_tag).ends_with("/>") {
            return None;
        }
        if tag_name(self.at(&file.start_tag)).contains(':') {
            return None;
        }
        let tool = tool_12();
        match &file.header {
            Some(h) if self.at(&h.outer).contains(&format!(r#"tool-id="{TOOL_ID}""#)) => None,
            Some(h) => match &h.content {
                Some(_) => {
                    let (at, own_line) = before_end(self.text, h);
                    let indent = indent_before(self.text, h.outer.start);
                    Some(Edit::insert(at, if own_line { format!("{indent}  {tool}\n") } else { tool }))
                }
                None => Some(Edit { range: h.start_tag.clone(), with: filled_element(self.at(&h.start_tag), &tool) }),
            },
            None => {
                let indent = indent_before(self.text, file.start_tag.start);
                Some(Edit::insert(file.start_tag.end, format!("\n{indent}  <header>{tool}</header>")))
            }
        }
    }
}

// Quality annotations: `tm check --format xliff` marks each target that has
// findings with ITS 2.0 Localization Quality Issue markup, as the W3C mapping of
// ITS 2.0 to XLIFF 1.2 and the ITS module of XLIFF 2.1 write it.

/// The ITS 2.0 namespace.
pub const NS_ITS: &str = "http://www.w3.org/2005/11/its";

/// One ITS 2.0 Localization Quality Issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// An ITS issue type (`terminology`, `numbers`, `untranslated`…).
    pub kind: &'static str,
    pub comment: String,
    /// 0 to 100, the most severe 100.
    pub severity: u8,
}

/// The prefix the root start tag binds to the ITS namespace, if it binds one.
fn its_prefix(root: &str) -> Option<&str> {
    let quoted = [format!(r#""{NS_ITS}""#), format!("'{NS_ITS}'")];
    let at = quoted.iter().filter_map(|q| root.find(q.as_str())).min()?;
    let before = root[..at].trim_end().strip_suffix('=')?.trim_end();
    let name = &before[before.rfind(|c: char| c.is_whitespace())? + 1..];
    name.strip_prefix("xmlns:")
}

/// Writes ITS 2.0 quality issues onto the targets of one decoded file.
pub struct Annotator<'t> {
    text: &'t str,
    version: super::Version,
    /// The prefix of the ITS namespace: the root's, else `its`.
    prefix: String,
    /// The ITS namespace and version to declare on the root, unless it has them.
    root: Option<Edit>,
    /// Issues written so far.
    written: u64,
    /// Marks written so far (their ids: `tm-lqi-1`, `tm-lqi-2`…).
    marks: u64,
}

/// The id prefix of the marks and stand-off lists this writer puts in, by which a
/// later run finds and replaces them.
const MARK_ID: &str = "tm-lqi-";

impl<'t> Annotator<'t> {
    /// For the file `text` whose root start tag spans `root`.
    pub fn new(text: &'t str, version: super::Version, root: Range<usize>) -> Annotator<'t> {
        let tag = &text[root.clone()];
        let (prefix, declared) = match its_prefix(tag) {
            Some(p) => (p.to_string(), true),
            None => ("its".to_string(), false),
        };
        let version_attr = format!("{prefix}:version");
        let has_version = declared && tag.contains(&format!("{version_attr}="));
        let mut set: Vec<(String, &str)> = Vec::new();
        if !declared {
            set.push((format!("xmlns:{prefix}"), NS_ITS));
        }
        if !has_version {
            set.push((version_attr, "2.0"));
        }
        let root = (!set.is_empty()).then(|| {
            let set: Vec<(&str, &str)> = set.iter().map(|(n, v)| (n.as_str(), *v)).collect();
            Edit { range: root, with: with_attrs(tag, &set) }
        });
        Annotator { text, version, prefix, root, written: 0, marks: 0 }
    }

    /// Issues written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// The ITS attributes of one issue: local ones (with the prefix) for a
    /// `<mrk>`, or those of a stand-off `<its:locQualityIssue>`.
    fn attrs(&self, issue: &Issue, local: bool) -> String {
        let p = if local { format!("{}:", self.prefix) } else { String::new() };
        format!(
            r#" {p}locQualityIssueType="{}" {p}locQualityIssueComment="{}" {p}locQualityIssueSeverity="{}""#,
            issue.kind,
            attr(&issue.comment),
            issue.severity
        )
    }

    /// The edits that take out what an earlier run of this writer put in `unit`:
    /// a mark around a target's whole content, and the stand-off lists.
    fn earlier(&self, unit: &super::Unit, edits: &mut Vec<Edit>) {
        for segment in &unit.segments {
            let Some(content) = segment.target_span.as_ref().and_then(|t| t.content.clone()) else { continue };
            let inner = &self.text[content.clone()];
            let ours = [format!(r#"<mrk mtype="x-its" mid="{MARK_ID}"#), format!(r#"<mrk id="{MARK_ID}"#)];
            if ours.iter().any(|o| inner.starts_with(o.as_str()))
                && inner.ends_with("</mrk>")
                && let Some(open) = inner.find('>')
            {
                edits.push(Edit { range: content.start..content.start + open + 1, with: String::new() });
                edits.push(Edit { range: content.end - "</mrk>".len()..content.end, with: String::new() });
            }
        }
        let p = &self.prefix;
        let (start, end) = (format!(r#"<{p}:locQualityIssues xml:id="{MARK_ID}"#), format!("</{p}:locQualityIssues>"));
        let outer = unit.element.outer.clone();
        let mut from = outer.start;
        while let Some(at) = self.text[from..outer.end].find(&start) {
            let at = from + at;
            let Some(len) = self.text[at..outer.end].find(&end) else { break };
            from = at + len + end.len();
            edits.push(Edit { range: at..from, with: String::new() });
        }
    }

    /// The edits that mark each segment's issues (`issues[k]` for segment `k` of
    /// `unit`) on its target: the target's content inside one `<mrk>` that carries
    /// one issue as local attributes, or refers to a stand-off
    /// `<its:locQualityIssues>` put in the unit for several (XLIFF 1.2 cannot
    /// overlap `<mrk>`s, and nested ones would hide the outer issue). What an
    /// earlier run put in is taken out first, so that a file checked again holds
    /// the findings of the last check only. A segment whose target holds nothing,
    /// or a unit written with a namespace prefix, is left as it is: returns the
    /// issues not written.
    pub fn unit(&mut self, unit: &super::Unit, issues: &[Vec<Issue>], edits: &mut Vec<Edit>) -> u64 {
        let mut left = 0;
        let prefixed = tag_name(&self.text[unit.element.start_tag.clone()]).contains(':');
        if !prefixed {
            self.earlier(unit, edits);
        }
        let mut standoff = String::new();
        for (segment, issues) in unit.segments.iter().zip(issues).filter(|(_, i)| !i.is_empty()) {
            let content = segment.target_span.as_ref().and_then(|t| t.content.clone()).filter(|c| !c.is_empty());
            let (Some(content), false) = (content, prefixed) else {
                left += issues.len() as u64;
                continue;
            };
            self.written += issues.len() as u64;
            self.marks += 1;
            let id = format!("{MARK_ID}{}", self.marks);
            let p = &self.prefix;
            let marks = match issues.as_slice() {
                [one] => self.attrs(one, true),
                several => {
                    let list: String =
                        several.iter().map(|i| format!("<{p}:locQualityIssue{}/>", self.attrs(i, false))).collect();
                    standoff.push_str(&format!(r#"<{p}:locQualityIssues xml:id="{id}">{list}</{p}:locQualityIssues>"#));
                    format!(r##" {p}:locQualityIssuesRef="#{id}""##)
                }
            };
            let open = match self.version {
                super::Version::V1 => format!(r#"<mrk mtype="x-its" mid="{id}"{marks}>"#),
                super::Version::V2 => format!(r#"<mrk id="{id}" type="its:any"{marks}>"#),
            };
            edits.push(Edit::insert(content.start, open));
            edits.push(Edit::insert(content.end, "</mrk>".into()));
        }
        if !standoff.is_empty() {
            // 1.2 takes elements of other namespaces last in a trans-unit; 2.0 first
            // in a unit, before its notes and segments.
            edits.push(match self.version {
                super::Version::V1 => Edit::insert(end_tag(self.text, &unit.element), standoff),
                super::Version::V2 => Edit::insert(unit.element.start_tag.end, standoff),
            });
        }
        left
    }

    /// The edit that declares ITS on the root, once an issue has been written.
    pub fn finish(self) -> Option<Edit> {
        if self.written > 0 { self.root } else { None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(target: Option<(&str, Fill)>) -> Unit<'static> {
        Unit {
            id: "3".into(),
            source: "رفضت كازموناينجاز المطالب & <الشروط>.",
            target: target.map(|(t, f)| (t.to_string(), f)),
            matches: vec![Leverage {
                score: 96,
                source: "رفضت كازمونايجاز المطالب.".into(),
                target: "KazMunayGas rejected the demands.".into(),
                origin: "a \"b\".tmx".into(),
            }],
            terms: vec![Rendering { source: "كازموناينجاز".into(), rendering: "KazMunayGas".into() }],
        }
    }

    fn document(version: Version, units: &[Unit<'_>]) -> String {
        let doc = Document { version, original: "report.txt", source_lang: "ar", target_lang: "en" };
        let mut w = XliffWriter::new(Vec::new(), &doc).unwrap();
        for u in units {
            w.unit(u).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn a_fuzzy_fill_is_marked_for_review_in_both_versions() {
        let fuzzy = unit(Some(("KazMunayGas rejected the demands.", Fill::Fuzzy)));
        let v12 = document(Version::V1, std::slice::from_ref(&fuzzy));
        assert!(v12.contains(r#"<target xml:lang="en" state="needs-review-translation" state-qualifier="fuzzy-match">KazMunayGas rejected the demands.</target>"#), "{v12}");
        assert!(v12.contains(r#"<alt-trans match-quality="96" origin="a &quot;b&quot;.tmx" tool-id="tm">"#), "{v12}");
        assert!(v12.contains("المطالب &amp; &lt;الشروط&gt;."), "{v12}");
        assert!(
            v12.contains("<note from=\"tm\" annotates=\"source\">glossary: كازموناينجاز = KazMunayGas</note>"),
            "{v12}"
        );
        assert!(v12.contains(r#"<tool tool-id="tm""#) && !v12.contains("approved"), "{v12}");
        let v20 = document(Version::V2, &[fuzzy]);
        assert!(v20.contains(r#"<segment id="s1" state="initial" subState="tm:fuzzy-match">"#), "{v20}");
        assert!(v20.contains(r##"<mtc:match id="tm-3-s1-1" ref="#s1" type="tm" similarity="96" matchQuality="96" origin="a &quot;b&quot;.tmx">"##), "{v20}");
    }

    #[test]
    fn only_an_approved_exact_fill_is_approved() {
        let v12 = document(Version::V1, &[unit(Some(("x", Fill::of(100, true))))]);
        assert!(v12.contains(r#"<trans-unit id="3" approved="yes">"#), "{v12}");
        assert!(v12.contains(r#"state="translated" state-qualifier="exact-match""#), "{v12}");
        let v12 =
            document(Version::V1, &[unit(Some(("x", Fill::of(100, false)))), unit(Some(("x", Fill::of(99, true))))]);
        assert!(!v12.contains("approved"), "{v12}");
        let v20 = document(Version::V2, &[unit(Some(("x", Fill::of(100, true))))]);
        assert!(v20.contains(r#"state="reviewed" subState="tm:exact-match""#), "{v20}");
    }

    #[test]
    fn a_unit_without_matches_has_its_source_only() {
        let bare = Unit { matches: Vec::new(), terms: Vec::new(), ..unit(None) };
        let v12 = document(Version::V1, std::slice::from_ref(&bare));
        assert!(!v12.contains("<target") && !v12.contains("<alt-trans") && !v12.contains("<note"), "{v12}");
        let v20 = document(Version::V2, &[bare]);
        assert!(!v20.contains("<target") && !v20.contains("<mtc:matches") && !v20.contains("<notes"), "{v20}");
        assert!(v20.contains(r#"<segment id="s1">"#), "{v20}");
    }

    #[test]
    fn characters_xml_cannot_carry_are_dropped() {
        assert_eq!(text("a\u{1}b<"), "ab&lt;");
        assert_eq!(attr("\"x\u{0}\""), "&quot;x&quot;");
    }

    #[test]
    fn edits_are_made_in_place_and_insertions_keep_their_order() {
        let text = "<a><b/></a>";
        let edits = vec![
            Edit::insert(7, "2".into()),
            Edit { range: 3..7, with: "<b>x</b>".into() },
            Edit::insert(7, "3".into()),
            Edit::insert(3, "1".into()),
        ];
        assert_eq!(apply(text, edits), "<a>1<b>x</b>23</a>");
        assert_eq!(apply(text, Vec::new()), text);
    }

    #[test]
    fn attributes_are_set_once_whatever_was_there() {
        let tag = r#"<target xml:lang="en" state='new' state-qualifier="x">"#;
        let set = with_attrs(tag, &[("state", "translated"), ("state-qualifier", "exact-match")]);
        assert_eq!(set, r#"<target xml:lang="en" state="translated" state-qualifier="exact-match">"#);
        assert_eq!(with_attrs("<segment/>", &[("state", "initial")]), r#"<segment state="initial"/>"#);
        assert_eq!(without_attr(r#"<unit substate="a" state="b">"#, "state"), r#"<unit substate="a">"#);
        assert_eq!(filled_element(r#"<mrk mid="1"/>"#, "x"), r#"<mrk mid="1">x</mrk>"#);
        assert_eq!(filled_element(r#"<mrk mid="1">"#, "x"), r#"<mrk mid="1">x</mrk>"#);
    }

    #[test]
    fn a_file_is_written_back_in_its_encoding() {
        assert_eq!(encode("é", "UTF-16LE", true), [0xFF, 0xFE, 0xE9, 0x00]);
        assert_eq!(encode("é", "UTF-16BE", false), [0x00, 0xE9]);
        assert_eq!(encode("é", "UTF-8", true), [0xEF, 0xBB, 0xBF, 0xC3, 0xA9]);
        // A character windows-1252 lacks becomes a character reference.
        assert_eq!(encode("éن", "windows-1252", false), b"\xE9&#1606;");
    }
}
