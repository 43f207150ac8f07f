//! XLIFF: the bilingual files CAT tools exchange — XLIFF 1.0–1.2 (with Trados
//! Studio's SDLXLIFF and memoQ's extensions) and XLIFF 2.0 — read as a stream of
//! units ([`read`]) and turned into entries ([`entries`]).
//!
//! This module owns what an XLIFF file holds for `tm`: units and their segments
//! (one per `<mrk mtype="seg">` of a `<seg-source>`, per 2.0 `<segment>`, or the
//! whole unit), each segment's [`State`] in one scale for every dialect, inline
//! codes mapped onto TMX's (see [`inline`]), and the byte spans of the elements a
//! writer edits in place (a target to fill, a unit to add matches to, a header to
//! add a tool to), so that one reader serves import, `tm check` and
//! pre-translation. [`mod@write`] writes pre-translations: new documents, and the
//! edits that put them into an existing file. None of it touches the memory.
//!
//! Which targets an import takes is [`States`]; what an absent state means is
//! decided in [`State`]'s documentation.

pub mod entries;
pub mod inline;
pub mod read;
pub mod write;

use std::ops::Range;

pub use entries::XliffEntries;
pub use read::XliffReader;

use crate::entry::Text;

/// Prop holding the `original` of the `<file>` an entry came from.
pub const PROP_FILE: &str = "x-xliff-file";
/// Prop holding the unit's `id`.
pub const PROP_UNIT: &str = "x-xliff-unit";
/// Prop holding the unit's `resname` (1.2) or `name` (2.0).
pub const PROP_RESNAME: &str = "x-xliff-resname";
/// Prop holding the segment's `mid` (1.2 `<mrk mtype="seg">`) or `id` (2.0 `<segment>`).
pub const PROP_SEGMENT: &str = "x-xliff-segment";
/// Prop holding the target's state as the file wrote it (`translated`, `signed-off`,
/// `ApprovedTranslation`, `ManuallyConfirmed`…).
pub const PROP_STATE: &str = "x-xliff-state";

/// The XLIFF versions, told apart by the root's `version` or namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// XLIFF 1.0, 1.1 and 1.2 (`<trans-unit>`, `<seg-source>`), SDLXLIFF and memoQ's.
    V1,
    /// XLIFF 2.0 and 2.1 (`<unit>`, `<segment>`).
    V2,
}

/// The tool dialects of XLIFF 1.2 whose states live in their own namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Plain,
    /// Trados Studio: per-segment `conf` in `<sdl:seg-defs>`.
    Sdlxliff,
    /// memoQ: `mq:status` on the trans-unit.
    MemoQ,
}

/// How far a target has come, in one scale for every dialect:
///
/// | | 1.2 `state` | 2.0 `state` | SDLXLIFF `conf` | memoQ `mq:status` |
/// |---|---|---|---|---|
/// | `New` | `new`, `needs-translation` | `initial` | none | `NotStarted` |
/// | `Draft` | `needs-review-*`, `needs-adaptation`, `needs-l10n`, `x-…` | other | `Draft`, `Rejected*` | other |
/// | `Translated` | `translated` | `translated` | `Translated` | `ManuallyConfirmed`, `Confirmed` |
/// | `Reviewed` | `signed-off`, or `approved="yes"` | `reviewed` | `ApprovedTranslation` | `Reviewer1Confirmed`, `Proofread` |
/// | `Final` | `final` | `final` | `ApprovedSignOff` | `Reviewer2Confirmed` |
///
/// A target with no state at all (1.2 without `state`, `approved`, or a dialect's
/// own; 2.0 without `state`) is `Translated`: that is how most tools write a
/// translation (Okapi, Swordfish, Passolo, Weblate), and an import of their files
/// would otherwise take nothing. (XLIFF 2.0 makes `initial` the default, but a tool
/// that writes a target and no state has translated it.) SDLXLIFF and memoQ always
/// write their states, so a segment of theirs without one is `New`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    New,
    Draft,
    #[default]
    Translated,
    Reviewed,
    Final,
}

impl State {
    /// XLIFF 1.2 `state` of a `<target>`.
    pub fn of_v1(state: &str) -> State {
        match state {
            "new" | "needs-translation" => State::New,
            "translated" => State::Translated,
            "signed-off" => State::Reviewed,
            "final" => State::Final,
            _ => State::Draft,
        }
    }

    /// XLIFF 2.0 `state` of a `<segment>`.
    pub fn of_v2(state: &str) -> State {
        match state {
            "initial" => State::New,
            "translated" => State::Translated,
            "reviewed" => State::Reviewed,
            "final" => State::Final,
            _ => State::Draft,
        }
    }

    /// SDLXLIFF `conf` of an `<sdl:seg>`.
    pub fn of_sdl(conf: &str) -> State {
        match conf {
            "Translated" => State::Translated,
            "ApprovedTranslation" => State::Reviewed,
            "ApprovedSignOff" => State::Final,
            _ => State::Draft,
        }
    }

    /// memoQ `mq:status` of a trans-unit.
    pub fn of_memoq(status: &str) -> State {
        match status {
            "NotStarted" => State::New,
            "ManuallyConfirmed" | "Confirmed" => State::Translated,
            "Reviewer1Confirmed" | "Proofread" => State::Reviewed,
            "Reviewer2Confirmed" => State::Final,
            _ => State::Draft,
        }
    }
}

/// Which targets an import takes: those at or above a [`State`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum States {
    /// Every non-empty target, whatever its state.
    All,
    /// Translated, reviewed and final targets (the default).
    #[default]
    Translated,
    Reviewed,
    Final,
}

impl States {
    pub fn admits(self, state: State) -> bool {
        let least = match self {
            States::All => State::New,
            States::Translated => State::Translated,
            States::Reviewed => State::Reviewed,
            States::Final => State::Final,
        };
        state >= least
    }
}

/// Where an element is in the text the reader read: byte offsets into the file
/// decoded to UTF-8 without its byte-order mark (see [`decode`]; for a UTF-8 file
/// that is the file's own bytes after the BOM).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// From the `<` of the start tag to the `>` of the end tag, both included.
    pub outer: Range<usize>,
    /// The start tag (`<target xml:lang="de">`), or the whole element when it is
    /// an empty-element tag (`<target/>`).
    pub start_tag: Range<usize>,
    /// Between the start and the end tag; `None` for an empty-element tag.
    pub content: Option<Range<usize>>,
}

/// A `<note>`: of the unit, or of its source or target (1.2 `annotates`, 2.0
/// `appliesTo`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    /// `source`, `target`, or `None` for the unit.
    pub applies_to: Option<String>,
}

/// One `<file>` of the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct File {
    pub original: Option<String>,
    /// 1.2 `source-language` / `target-language`; in 2.0 the root's `srcLang` / `trgLang`.
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
    /// `<file …>` (or `<file …/>`).
    pub start_tag: Range<usize>,
    /// The 1.2 `<header>`, if any (a tool is added in it).
    pub header: Option<Element>,
    /// The whole `<file>`; its end is known once the reader has passed it.
    pub outer: Option<Range<usize>>,
}

/// One segment of a unit: a `<mrk mtype="seg">` of a `<seg-source>` and the
/// target's `<mrk>` with the same `mid`, a 2.0 `<segment>`, or a whole 1.2 unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// `mid` or the 2.0 `id`; `None` for a whole 1.2 unit.
    pub id: Option<String>,
    /// The line where the segment starts (the unit's for a whole unit).
    pub line: u64,
    pub source: Text,
    /// `None`: no target element (or no `<mrk>` of this `mid` in it).
    pub target: Option<Text>,
    pub state: State,
    /// The state as written, if the file wrote one.
    pub state_name: Option<String>,
    /// `xml:lang` of the `<target>`, if written.
    pub target_lang: Option<String>,
    /// The 2.0 `<segment>` (where `state` goes); `None` in 1.2.
    pub element: Option<Element>,
    /// The source text: 1.2 `<source>` or seg-source `<mrk>`; 2.0 `<source>`.
    pub source_span: Option<Element>,
    /// The target text: `<target>` or its `<mrk>`; `None` without one.
    pub target_span: Option<Element>,
}

impl Segment {
    /// Whether it has a target with text (inline codes alone are not a translation).
    pub fn has_target(&self) -> bool {
        self.target.as_ref().is_some_and(|t| !t.plain().trim().is_empty())
    }
}

/// One 1.2 `<trans-unit>` or 2.0 `<unit>`, with its segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Index of its `<file>` in [`XliffReader::files`].
    pub file: usize,
    /// 1-based number of the unit in the document.
    pub number: u64,
    /// The line of its start tag.
    pub line: u64,
    pub id: Option<String>,
    /// 1.2 `resname`, 2.0 `name`.
    pub resname: Option<String>,
    /// `translate="no"` says the unit is not for translation.
    pub translate: bool,
    /// The unit's attributes as written (prefixed names kept: `mq:status`).
    pub attrs: Vec<(String, String)>,
    pub notes: Vec<Note>,
    /// In 1.2: whether the segments come from a `<seg-source>` (else one segment,
    /// the whole unit); in 2.0 always true.
    pub segmented: bool,
    pub segments: Vec<Segment>,
    /// The whole unit element.
    pub element: Element,
    /// 1.2: `<source>`, `<seg-source>` and `<target>` of the unit.
    pub source_span: Option<Element>,
    pub seg_source_span: Option<Element>,
    pub target_span: Option<Element>,
    /// Why the unit was not read: it is larger than the limits allow
    /// ([`crate::formats::limits`]); then it has no notes, segments or spans,
    /// only its place.
    pub too_long: Option<String>,
}

impl Unit {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A file decoded as the reader reads it, for a writer that edits it in place.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text, UTF-8, without the byte-order mark: [`Element`] offsets index it.
    pub text: String,
    /// The encoding of the file (`UTF-8`, `UTF-16LE`, `windows-1252`…).
    pub encoding: &'static str,
    /// Bytes of the byte-order mark the file starts with (0, 2 or 3).
    pub bom: usize,
}

/// Decodes a whole file the way [`XliffReader::open`] reads it; read the text
/// with [`XliffReader::open_utf8`] to get offsets into it.
pub fn decode(bytes: &[u8], file: &str) -> crate::error::Result<Decoded> {
    use crate::formats::decode::{Content, Utf8Reader, read_error};
    use std::io::Read;
    let bom = encoding_rs::Encoding::for_bom(bytes).map_or(0, |(_, len)| len);
    let mut input = Utf8Reader::new(bytes, Content::Xml).map_err(|e| read_error(file, 1, &e))?;
    let mut text = Vec::new();
    input.read_to_end(&mut text).map_err(|e| read_error(file, input.line(), &e))?;
    let text = String::from_utf8(text).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = memchr::memchr_iter(b'\n', &e.as_bytes()[..at]).count() as u64 + 1;
        crate::error::Error::parse(crate::error::Position::new(file).line(line), "bytes that are not valid UTF-8")
    })?;
    Ok(Decoded { text, encoding: input.encoding(), bom })
}
