//! Writing pre-translated XLIFF: a new document of one unit per segment (XLIFF 1.2
//! or 2.0, valid against the OASIS strict 1.2 and core 2.0 schemas), and the pieces
//! (`<alt-trans>`, a filled `<target>`, a glossary `<note>`, the `<tool>` of the
//! header, the 2.0 matches module) that pre-translation puts into an existing file.
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
//! | exact (100) | `state="translated" state-qualifier="exact-match"` | `state="translated" subState="tm:exact-match"` |
//! | exact, approved | the same, and `approved="yes"` on the `<trans-unit>` | `state="reviewed" subState="tm:exact-match"` |
//! | fuzzy | `state="needs-review-translation" state-qualifier="fuzzy-match"` | `state="initial" subState="tm:fuzzy-match"` |

use std::borrow::Cow;
use std::io::{self, Write};

use crate::entry::markup::{escape, escape_attr, is_xml_char};

/// The tool named in headers and in every `tool-id` this writer puts in.
pub const TOOL_ID: &str = "tm";
/// The namespace of XLIFF 1.2 documents.
pub const NS_12: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The namespace of XLIFF 2.0 documents.
pub const NS_20: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The namespace of the XLIFF 2.0 translation candidates module.
pub const NS_MATCHES: &str = "urn:oasis:names:tc:xliff:matches:2.0";

/// Which XLIFF a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V12,
    V20,
}

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
            (100, true) => Fill::ExactApproved,
            (100, false) => Fill::Exact,
            _ => Fill::Fuzzy,
        }
    }

    /// The XLIFF 1.2 `state` and `state-qualifier` of the target.
    pub fn state_12(self) -> (&'static str, &'static str) {
        match self {
            Fill::Exact | Fill::ExactApproved => ("translated", "exact-match"),
            Fill::Fuzzy => ("needs-review-translation", "fuzzy-match"),
        }
    }

    /// The XLIFF 2.0 `state` and `subState` of the segment.
    pub fn state_20(self) -> (&'static str, &'static str) {
        match self {
            Fill::Exact => ("translated", "tm:exact-match"),
            Fill::ExactApproved => ("reviewed", "tm:exact-match"),
            Fill::Fuzzy => ("initial", "tm:fuzzy-match"),
        }
    }

    /// Whether the unit gets `approved="yes"` (XLIFF 1.2).
    pub fn approved(self) -> bool {
        self == Fill::ExactApproved
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

/// An XLIFF 2.0 `<mtc:matches>` for the matches of segment `segment` (its id),
/// declaring its namespace on itself so that it goes into any unit as it is.
pub fn matches_20(matches: &[Leverage], unit: &str, segment: &str, indent: &str, inner: &str) -> String {
    let mut out = format!(r#"<mtc:matches xmlns:mtc="{NS_MATCHES}">"#);
    for (i, m) in matches.iter().enumerate() {
        out.push_str(&format!(
            r##"{indent}{inner}<mtc:match id="{}" ref="#{}" type="tm" similarity="{}" matchQuality="{}" origin="{}">{indent}{inner}{inner}<source>{}</source>{indent}{inner}{inner}<target>{}</target>{indent}{inner}</mtc:match>"##,
            attr(&format!("{TOOL_ID}-{unit}-{segment}-{}", i + 1)),
            attr(segment),
            m.score,
            m.score,
            attr(&m.origin),
            text(&m.source),
            text(&m.target),
        ));
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
            Version::V12 => self.unit_12(out, unit),
            Version::V20 => Self::unit_20(out, unit),
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
            writeln!(out, "      {}", matches_20(&unit.matches, &unit.id, segment, "\n      ", "  "))?;
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
            Version::V12 => {
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
            Version::V20 => {
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
            Version::V12 => {
                writeln!(self.out, "    </body>")?;
                writeln!(self.out, "  </file>")?;
            }
            Version::V20 => writeln!(self.out, "  </file>")?,
        }
        writeln!(self.out, "</xliff>")?;
        self.out.flush()?;
        Ok(self.out)
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
        let v12 = document(Version::V12, std::slice::from_ref(&fuzzy));
        assert!(v12.contains(r#"<target xml:lang="en" state="needs-review-translation" state-qualifier="fuzzy-match">KazMunayGas rejected the demands.</target>"#), "{v12}");
        assert!(v12.contains(r#"<alt-trans match-quality="96" origin="a &quot;b&quot;.tmx" tool-id="tm">"#), "{v12}");
        assert!(v12.contains("المطالب &amp; &lt;الشروط&gt;."), "{v12}");
        assert!(
            v12.contains("<note from=\"tm\" annotates=\"source\">glossary: كازموناينجاز = KazMunayGas</note>"),
            "{v12}"
        );
        assert!(v12.contains(r#"<tool tool-id="tm""#) && !v12.contains("approved"), "{v12}");
        let v20 = document(Version::V20, &[fuzzy]);
        assert!(v20.contains(r#"<segment id="s1" state="initial" subState="tm:fuzzy-match">"#), "{v20}");
        assert!(v20.contains(r##"<mtc:match id="tm-3-s1-1" ref="#s1" type="tm" similarity="96" matchQuality="96" origin="a &quot;b&quot;.tmx">"##), "{v20}");
    }

    #[test]
    fn only_an_approved_exact_fill_is_approved() {
        let v12 = document(Version::V12, &[unit(Some(("x", Fill::of(100, true))))]);
        assert!(v12.contains(r#"<trans-unit id="3" approved="yes">"#), "{v12}");
        assert!(v12.contains(r#"state="translated" state-qualifier="exact-match""#), "{v12}");
        let v12 =
            document(Version::V12, &[unit(Some(("x", Fill::of(100, false)))), unit(Some(("x", Fill::of(99, true))))]);
        assert!(!v12.contains("approved"), "{v12}");
        let v20 = document(Version::V20, &[unit(Some(("x", Fill::of(100, true))))]);
        assert!(v20.contains(r#"state="reviewed" subState="tm:exact-match""#), "{v20}");
    }

    #[test]
    fn a_unit_without_matches_has_its_source_only() {
        let bare = Unit { matches: Vec::new(), terms: Vec::new(), ..unit(None) };
        let v12 = document(Version::V12, std::slice::from_ref(&bare));
        assert!(!v12.contains("<target") && !v12.contains("<alt-trans") && !v12.contains("<note"), "{v12}");
        let v20 = document(Version::V20, &[bare]);
        assert!(!v20.contains("<target") && !v20.contains("<mtc:matches") && !v20.contains("<notes"), "{v20}");
        assert!(v20.contains(r#"<segment id="s1">"#), "{v20}");
    }

    #[test]
    fn characters_xml_cannot_carry_are_dropped() {
        assert_eq!(text("a\u{1}b<"), "ab&lt;");
        assert_eq!(attr("\"x\u{0}\""), "&quot;x&quot;");
    }
}
