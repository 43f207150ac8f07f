//! Entries: one stored source/target pair with its languages, origin, dates and the
//! TMX metadata it came with (props, notes, attributes), kept so that an export gives
//! back what an import took in.

pub mod markup;

use serde::{Deserialize, Serialize};

use crate::lang::LangTag;
use crate::timestamp::Timestamp;

/// The id of an entry in its memory: a positive number, never reused while the
/// entry exists. The one type for ids everywhere (store, index, matches, JSON); the
/// conversions to SQLite's integers and to vector indices live here and in the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Id(u64);

impl Id {
    pub const fn new(n: u64) -> Id {
        Id(n)
    }

    pub const fn get(self) -> u64 {
        self.0
    }

    /// The id as an index into a vector kept per entry.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The text of one side of an entry.
///
/// `text` is what people see: the segment with inline codes shown as their native
/// content (`<b>`); `markup` is the TMX `<seg>` content with its inline elements
/// (`<bpt i="1">&lt;b&gt;</bpt>`), kept only when the segment has some. Matching
/// uses [`Text::plain`]: the text without the codes.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Text {
    pub text: String,
    pub markup: Option<String>,
}

impl Text {
    /// Text without inline codes.
    pub fn from_plain(text: impl Into<String>) -> Text {
        Text { text: text.into(), markup: None }
    }

    /// Text from TMX `<seg>` content (escaped XML with inline elements).
    pub fn from_markup(markup: String) -> Text {
        if markup::has_elements(&markup) {
            Text { text: markup::display(&markup), markup: Some(markup) }
        } else {
            Text { text: markup::unescape(&markup), markup: None }
        }
    }

    /// The TMX `<seg>` content.
    pub fn markup(&self) -> String {
        match &self.markup {
            Some(m) => m.clone(),
            None => markup::escape(&self.text),
        }
    }

    /// FNV-1a of [`Text::markup`], without building it, folded to 32 bits
    /// ([`crate::hash::fold32`]): the source hash an entry keeps.
    pub fn markup_hash(&self) -> i64 {
        let mut h = crate::hash::Fnv1a::default();
        match &self.markup {
            Some(m) => h.write(m.as_bytes()),
            None => markup::escape_pieces(&self.text, markup::Place::Content, |piece| h.write(piece.as_bytes())),
        }
        crate::hash::fold32(h.finish())
    }

    /// How many inline codes the text has.
    pub fn code_count(&self) -> u32 {
        self.markup.as_deref().map_or(0, markup::code_count)
    }

    /// The text to match on: inline codes removed.
    pub fn plain(&self) -> std::borrow::Cow<'_, str> {
        match &self.markup {
            Some(m) => markup::plain(m).into(),
            None => self.text.as_str().into(),
        }
    }
}

/// A TMX `<prop type="…">value</prop>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prop {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// Metadata of one `<tuv>` beyond its language and text.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VariantMeta {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl VariantMeta {
    pub fn is_empty(&self) -> bool {
        self.attrs.is_empty() && self.props.is_empty() && self.notes.is_empty()
    }
}

/// What an entry keeps of the TMX unit it came from, beyond text, languages and dates.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuid: Option<String>,
    /// Other `<tu>` attributes (usagecount, lastusagedate, datatype…), in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "VariantMeta::is_empty")]
    pub source: VariantMeta,
    #[serde(default, skip_serializing_if = "VariantMeta::is_empty")]
    pub target: VariantMeta,
}

/// The prop holding the source of the segment before an entry's in its document
/// (OmegaT's `project_save.tmx` name; empty at the document's start).
pub const PROP_PREV: &str = "prev";
/// The prop holding the source of the segment after it (empty at the end).
pub const PROP_NEXT: &str = "next";

/// Where an entry's source stood in a document: the sources of the segments before
/// and after it (`None` at the document's start or end).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct Context<'a> {
    pub prev: Option<&'a str>,
    pub next: Option<&'a str>,
}

impl Meta {
    pub fn is_empty(&self) -> bool {
        self == &Meta::default()
    }

    /// The contexts the entry was met in, as unit props `prev` and `next` (OmegaT's
    /// way): the n-th `prev` goes with the n-th `next`, an empty value stands for
    /// the document's edge, and so does a missing one (OmegaT leaves out `prev` at
    /// a document's start). An entry without those props has none.
    pub fn contexts(&self) -> Vec<Context<'_>> {
        let side = |kind: &str| -> Vec<Option<&str>> {
            self.props
                .iter()
                .filter(|p| p.kind == kind)
                .map(|p| Some(p.value.as_str()).filter(|v| !v.trim().is_empty()))
                .collect()
        };
        let (prevs, nexts) = (side(PROP_PREV), side(PROP_NEXT));
        (0..prevs.len().max(nexts.len()))
            .map(|i| Context { prev: prevs.get(i).copied().flatten(), next: nexts.get(i).copied().flatten() })
            .collect()
    }

    /// Adds a context (unless the entry has it already): a `prev` and a `next` prop,
    /// empty at a document's edge.
    pub fn add_context(&mut self, context: Context<'_>) {
        if self.contexts().contains(&context) {
            return;
        }
        for (kind, value) in [(PROP_PREV, context.prev), (PROP_NEXT, context.next)] {
            self.props.push(Prop { kind: kind.into(), value: value.unwrap_or_default().to_string(), lang: None });
        }
    }

    /// Takes in what `other` (a duplicate of the same pair) knows that this does
    /// not: its contexts (as pairs, after this one's), its other props and notes
    /// (each once, in order), and those of each variant. This one's tuid and
    /// attributes stay: they describe the unit kept.
    pub fn merge(&mut self, other: &Meta) {
        let contexts: Vec<(Option<String>, Option<String>)> =
            other.contexts().iter().map(|c| (c.prev.map(str::to_string), c.next.map(str::to_string))).collect();
        for (prev, next) in &contexts {
            self.add_context(Context { prev: prev.as_deref(), next: next.as_deref() });
        }
        let is_context = |p: &Prop| p.kind == PROP_PREV || p.kind == PROP_NEXT;
        merge_new(&mut self.props, other.props.iter().filter(|p| !is_context(p)));
        merge_new(&mut self.notes, &other.notes);
        for (mine, theirs) in [(&mut self.source, &other.source), (&mut self.target, &other.target)] {
            merge_new(&mut mine.props, &theirs.props);
            merge_new(&mut mine.notes, &theirs.notes);
        }
    }
}

/// Appends each item of `more` that `list` does not hold yet.
fn merge_new<'a, T: PartialEq + Clone + 'a>(list: &mut Vec<T>, more: impl IntoIterator<Item = &'a T>) {
    for item in more {
        if !list.contains(item) {
            list.push(item.clone());
        }
    }
}

/// One stored source/target pair.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub source: Text,
    pub target: Text,
    pub source_lang: LangTag,
    pub target_lang: LangTag,
    /// Where it came from: the identity of the import that brought it (the name
    /// given with `--origin`, else the imported file's path), or `aligned`, `user`,
    /// `sample`.
    pub origin: String,
    /// The collection (a client, a project) it belongs to, if any.
    pub collection: Option<String>,
    /// When the translation was made and last changed; `None` means "now" on insert.
    pub created: Option<Timestamp>,
    pub changed: Option<Timestamp>,
    pub creator: Option<String>,
    pub changer: Option<String>,
    /// For entries made by the aligner: its confidence in the bead, 0–1.
    pub confidence: Option<f64>,
    pub meta: Meta,
}

impl Entry {
    /// A plain-text entry with no metadata.
    pub fn new(source: &str, target: &str, source_lang: LangTag, target_lang: LangTag, origin: &str) -> Entry {
        Entry {
            source: Text::from_plain(source),
            target: Text::from_plain(target),
            source_lang,
            target_lang,
            origin: origin.to_string(),
            collection: None,
            created: None,
            changed: None,
            creator: None,
            changer: None,
            confidence: None,
            meta: Meta::default(),
        }
    }
}

/// Origin of entries made by the aligner from unaligned documents.
pub const ORIGIN_ALIGNED: &str = "aligned";
/// Origin of the starter memory shipped with `tm`.
pub const ORIGIN_SAMPLE: &str = "sample";
