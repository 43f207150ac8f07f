//! TMX 1.4b writer: UTF-8, every header attribute the DTD requires, `xml:lang` on
//! every `<tuv>`, dates as `YYYYMMDDThhmmssZ`, props and notes written back.
//!
//! What `tm` knows beyond TMX travels as props that other tools keep and ignore:
//! `x-tm-origin` (where the entry came from) and `x-tm-confidence` (the aligner's
//! confidence). Attributes read from other tools that the TMX 1.4 DTD does not
//! allow on `<tu>`/`<tuv>` are written as `x-tm-attr-NAME` props, so the file stays
//! valid and a re-import gives them back. A unit whose source language differs from
//! the header's (`ar-SA` under `srclang="ar"`) gets its own `srclang`, as the DTD
//! asks.

use std::io::{self, Write};

use crate::entry::markup::{escape, escape_attr, is_xml_char};
use crate::entry::{Entry, Prop, VariantMeta};
use crate::timestamp::Timestamp;

/// `<tu>` attributes of the TMX 1.4 DTD that an entry may carry over from a file.
pub(super) const TU_ATTRS: [&str; 10] = [
    "o-encoding",
    "datatype",
    "usagecount",
    "lastusagedate",
    "creationtool",
    "creationtoolversion",
    "segtype",
    "o-tmf",
    "creationdate",
    "changedate",
];

/// `<tuv>` attributes of the TMX 1.4 DTD beside `xml:lang`.
pub(super) const TUV_ATTRS: [&str; 11] = [
    "o-encoding",
    "datatype",
    "usagecount",
    "lastusagedate",
    "creationtool",
    "creationtoolversion",
    "creationdate",
    "creationid",
    "changedate",
    "o-tmf",
    "changeid",
];

/// What the `<header>` says.
pub struct HeaderInfo<'a> {
    pub srclang: &'a str,
    pub adminlang: &'a str,
    pub segtype: &'a str,
    pub created: Timestamp,
}

impl<'a> HeaderInfo<'a> {
    /// The header of a file tm writes now: English administration language,
    /// sentence segmentation.
    pub fn now(srclang: &'a str) -> HeaderInfo<'a> {
        HeaderInfo { srclang, adminlang: "en", segtype: "sentence", created: Timestamp::now() }
    }
}

/// What a `<tu>` holds: one sentence (the header's `segtype`), or several.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segtype {
    Sentence,
    Paragraph,
}

impl Segtype {
    /// A paragraph when the entry's source holds more than one sentence, as the
    /// segmenter splits it (a 2-1 bead of the aligner, a paragraph-level TM).
    pub fn of(entry: &Entry) -> Segtype {
        let lang = crate::segment::Lang::of(&entry.source_lang);
        if crate::segment::sentences(&entry.source.plain(), lang).len() > 1 {
            Segtype::Paragraph
        } else {
            Segtype::Sentence
        }
    }
}

/// Writes entries as TMX 1.4b, one `<tu>` each.
pub struct TmxWriter<W: Write> {
    out: W,
    srclang: String,
}

/// Text safe for XML 1.0: characters XML cannot carry (C0 controls) are dropped.
fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        text.into()
    } else {
        text.chars().filter(|&c| is_xml_char(c)).collect::<String>().into()
    }
}

impl<W: Write> TmxWriter<W> {
    pub fn new(mut out: W, header: &HeaderInfo<'_>) -> io::Result<TmxWriter<W>> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<tmx version="1.4">"#)?;
        writeln!(
            out,
            r#"  <header creationtool="tm" creationtoolversion="{}" segtype="{}" o-tmf="tm" adminlang="{}" srclang="{}" datatype="plaintext" creationdate="{}"/>"#,
            env!("CARGO_PKG_VERSION"),
            header.segtype,
            escape_attr(header.adminlang),
            escape_attr(header.srclang),
            header.created.to_tmx()
        )?;
        writeln!(out, "  <body>")?;
        Ok(TmxWriter { out, srclang: header.srclang.to_ascii_lowercase() })
    }

    fn prop(&mut self, indent: &str, prop: &Prop) -> io::Result<()> {
        let kind = if prop.kind.is_empty() { super::PROP_UNNAMED } else { &prop.kind };
        write!(self.out, r#"{indent}<prop type="{}""#, escape_attr(&xml_safe(kind)))?;
        if let Some(lang) = &prop.lang {
            write!(self.out, r#" xml:lang="{}""#, escape_attr(lang))?;
        }
        writeln!(self.out, ">{}</prop>", escape(&xml_safe(&prop.value)))
    }

    fn props_and_notes(&mut self, indent: &str, props: &[Prop], notes: &[String]) -> io::Result<()> {
        for note in notes {
            writeln!(self.out, "{indent}<note>{}</note>", escape(&xml_safe(note)))?;
        }
        for prop in props {
            self.prop(indent, prop)?;
        }
        Ok(())
    }

    /// Splits attributes into those the DTD allows here and props for the others.
    fn attrs<'e>(attrs: &'e [(String, String)], allowed: &[&str]) -> (Vec<&'e (String, String)>, Vec<Prop>) {
        let mut kept = Vec::new();
        let mut extra = Vec::new();
        for pair in attrs {
            if allowed.contains(&pair.0.as_str()) {
                kept.push(pair);
            } else {
                extra.push(Prop {
                    kind: format!("{}{}", super::PROP_ATTR_PREFIX, pair.0),
                    value: pair.1.clone(),
                    lang: None,
                });
            }
        }
        (kept, extra)
    }

    fn tuv(&mut self, lang: &str, meta: &VariantMeta, markup: &str) -> io::Result<()> {
        let (kept, extra) = Self::attrs(&meta.attrs, &TUV_ATTRS);
        write!(self.out, r#"      <tuv xml:lang="{}""#, escape_attr(lang))?;
        for (k, v) in kept {
            write!(self.out, r#" {k}="{}""#, escape_attr(&xml_safe(v)))?;
        }
        writeln!(self.out, ">")?;
        let mut props = meta.props.clone();
        props.extend(extra);
        self.props_and_notes("        ", &props, &meta.notes)?;
        writeln!(self.out, "        <seg>{}</seg>", xml_safe(markup))?;
        writeln!(self.out, "      </tuv>")
    }

    /// Writes one entry, marked `segtype="paragraph"` when its source holds
    /// several sentences ([`Segtype::of`]): the one place that rule is applied.
    pub fn write_entry(&mut self, entry: &Entry) -> io::Result<()> {
        self.write(entry, Segtype::of(entry))
    }

    /// Writes one entry with the segmentation given.
    pub fn write(&mut self, entry: &Entry, segtype: Segtype) -> io::Result<()> {
        let paragraph = segtype == Segtype::Paragraph;
        let (kept, extra) = Self::attrs(&entry.meta.attrs, &TU_ATTRS);
        write!(self.out, "    <tu")?;
        if let Some(tuid) = &entry.meta.tuid {
            write!(self.out, r#" tuid="{}""#, escape_attr(&xml_safe(tuid)))?;
        }
        if entry.source_lang.as_str().to_ascii_lowercase() != self.srclang {
            write!(self.out, r#" srclang="{}""#, entry.source_lang)?;
        }
        if let Some(created) = entry.created {
            write!(self.out, r#" creationdate="{}""#, created.to_tmx())?;
        }
        if let Some(creator) = &entry.creator {
            write!(self.out, r#" creationid="{}""#, escape_attr(&xml_safe(creator)))?;
        }
        if let Some(changed) = entry.changed {
            write!(self.out, r#" changedate="{}""#, changed.to_tmx())?;
        }
        if let Some(changer) = &entry.changer {
            write!(self.out, r#" changeid="{}""#, escape_attr(&xml_safe(changer)))?;
        }
        let mut has_segtype = false;
        for (k, v) in kept {
            if k == "creationdate" || k == "changedate" {
                continue; // taken from the entry's dates
            }
            has_segtype |= k == "segtype";
            write!(self.out, r#" {k}="{}""#, escape_attr(&xml_safe(v)))?;
        }
        if paragraph && !has_segtype {
            write!(self.out, r#" segtype="paragraph""#)?;
        }
        writeln!(self.out, ">")?;
        let mut props = vec![Prop { kind: super::PROP_ORIGIN.into(), value: entry.origin.clone(), lang: None }];
        if let Some(collection) = &entry.collection {
            props.push(Prop { kind: super::PROP_COLLECTION.into(), value: collection.clone(), lang: None });
        }
        if let Some(confidence) = entry.confidence {
            props.push(Prop { kind: super::PROP_CONFIDENCE.into(), value: format!("{confidence:.3}"), lang: None });
        }
        props.extend(entry.meta.props.iter().cloned());
        props.extend(extra);
        self.props_and_notes("      ", &props, &entry.meta.notes)?;
        self.tuv(entry.source_lang.as_str(), &entry.meta.source, &entry.source.markup())?;
        self.tuv(entry.target_lang.as_str(), &entry.meta.target, &entry.target.markup())?;
        writeln!(self.out, "    </tu>")
    }

    /// Closes the document and gives the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        writeln!(self.out, "  </body>")?;
        writeln!(self.out, "</tmx>")?;
        self.out.flush()?;
        Ok(self.out)
    }
}
