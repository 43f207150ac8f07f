//! Inline codes: the TMX `<seg>` content model, kept as escaped XML ("markup").
//!
//! A TMX segment may carry formatting codes of the document it came from:
//! `<bpt>`/`<ept>` (paired), `<it>` (isolated), `<ph>` (placeholder), `<ut>` (TMX
//! 1.1–1.3), whose content is the native code (`&lt;b&gt;`), and `<hi>` (highlight),
//! whose content is segment text. `tm` keeps the markup as read, so that export gives
//! the codes back; this module derives the two other views of it: the *display*
//! text (codes shown as their native content, `Click <b>here</b>`) and the *plain*
//! text used for matching (codes removed, `Click here`). Markup is written by
//! [`MarkupWriter`] in one canonical form, so that reading it back gives the same.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

/// TMX elements whose content is native code, not text.
const CODE_ELEMENTS: [&str; 5] = ["bpt", "ept", "it", "ph", "ut"];

/// Whether markup holds inline elements (anything beyond escaped text).
pub fn has_elements(markup: &str) -> bool {
    markup.contains('<')
}

/// Escapes text for XML content: `&`, `<`, `>`, and a carriage return (which XML
/// would otherwise read back as a line feed).
pub fn escape(text: &str) -> String {
    escape_with(text, Place::Content)
}

/// Escapes an attribute value (quotes too; tabs and line breaks kept as references).
pub fn escape_attr(text: &str) -> String {
    escape_with(text, Place::Attribute)
}

/// Where escaped text goes: element content, or an attribute value (which also
/// needs quotes, tabs and line breaks as references).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Content,
    Attribute,
}

fn escape_with(text: &str, place: Place) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_pieces(text, place, |piece| out.push_str(piece));
    out
}

/// Calls `f` with the pieces of the escaped text, in order: runs of the text that
/// need no reference (copied whole), and references.
pub fn escape_pieces(text: &str, place: Place, mut f: impl FnMut(&str)) {
    let attr = place == Place::Attribute;
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let reference = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\r' => "&#13;",
            b'"' if attr => "&quot;",
            b'\n' if attr => "&#10;",
            b'\t' if attr => "&#9;",
            _ => continue,
        };
        f(&text[from..i]);
        f(reference);
        from = i + 1;
    }
    f(&text[from..]);
}

/// Resolves one entity or character reference name (`amp`, `#233`, `#x2122`).
pub fn resolve_reference(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| is_xml_char(c))
        }
    }
}

/// Whether XML 1.0 allows the character in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Unescapes markup that holds no elements. Unknown references stay as written.
pub fn unescape(markup: &str) -> String {
    if !markup.contains('&') {
        return markup.to_string();
    }
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match after.find(';').and_then(|semi| Some((resolve_reference(&after[..semi])?, semi))) {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Walks markup and gives the text pieces, each marked as code or text.
fn walk(markup: &str, mut piece: impl FnMut(&str, bool)) -> Result<(), ()> {
    let mut reader = Reader::from_str(markup);
    let mut code_depth = 0usize;
    loop {
        match reader.read_event().map_err(|_| ())? {
            Event::Start(e) => {
                let name = e.local_name();
                if code_depth > 0 || CODE_ELEMENTS.contains(&name.as_ref()) {
                    code_depth += 1;
                }
            }
            Event::End(_) => code_depth = code_depth.saturating_sub(1),
            Event::Text(t) => piece(&t.xml10_content(), code_depth > 0),
            Event::CData(t) => piece(&t.xml10_content(), code_depth > 0),
            Event::GeneralRef(r) => {
                let c = resolve_reference(&r.xml10_content()).ok_or(())?;
                piece(c.encode_utf8(&mut [0; 4]), code_depth > 0)
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The display text: text and native codes, in order.
pub fn display(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    match walk(markup, |s, _| out.push_str(s)) {
        Ok(()) => out,
        Err(()) => markup.to_string(),
    }
}

/// The plain text for matching: codes left out.
pub fn plain(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    match walk(markup, |s, code| {
        if !code {
            out.push_str(s)
        }
    }) {
        Ok(()) => out,
        Err(()) => markup.to_string(),
    }
}

/// How many inline elements (codes: `bpt`, `ept`, `it`, `ph`, `ut`, and `hi`)
/// markup holds; the match score counts them ([`crate::memory::matcher::Codes`]).
pub fn code_count(markup: &str) -> u32 {
    if !has_elements(markup) {
        return 0;
    }
    let mut reader = Reader::from_str(markup);
    let mut count = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_) | Event::Empty(_)) => count += 1,
            Ok(Event::Eof) | Err(_) => return count,
            _ => {}
        }
    }
}

/// Writes markup in canonical form from XML events read elsewhere: text escaped with
/// [`escape`], attributes in file order with double quotes.
#[derive(Default)]
pub struct MarkupWriter {
    out: String,
}

impl MarkupWriter {
    /// A writer that starts with `text`.
    pub fn with_text(text: &str) -> MarkupWriter {
        let mut m = MarkupWriter { out: String::with_capacity(text.len() + 32) };
        m.text(text);
        m
    }

    pub fn text(&mut self, text: &str) {
        escape_pieces(text, Place::Content, |piece| self.out.push_str(piece));
    }

    /// An opening tag `<name …>`.
    pub fn start(&mut self, name: &str, attrs: &[(String, String)]) {
        self.tag(name, attrs);
        self.out.push('>');
    }

    /// An empty element `<name …/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(String, String)]) {
        self.tag(name, attrs);
        self.out.push_str("/>");
    }

    fn tag(&mut self, name: &str, attrs: &[(String, String)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            self.out.push_str(&escape_attr(v));
            self.out.push('"');
        }
    }

    pub fn end(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    pub fn finish(self) -> String {
        self.out
    }

    /// Bytes of markup written so far.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }
}

/// Text as a `Cow`, borrowing when there is nothing to escape.
pub fn escape_cow(text: &str) -> Cow<'_, str> {
    if text.contains(['&', '<', '>', '\r']) { escape(text).into() } else { text.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKUP: &str = "Click <bpt i=\"1\" type=\"bold\">&lt;b&gt;</bpt>here<ept i=\"1\">&lt;/b&gt;</ept> \
                          <ph x=\"2\">&lt;br/&gt;</ph>to <hi type=\"em\">start</hi> &amp; go";

    #[test]
    fn display_shows_native_codes() {
        assert_eq!(display(MARKUP), "Click <b>here</b> <br/>to start & go");
    }

    #[test]
    fn plain_leaves_codes_out() {
        assert_eq!(plain(MARKUP), "Click here to start & go");
    }

    #[test]
    fn escape_then_unescape_is_identity() {
        for text in ["a < b && c > d", "line\r\nbreak", "«نص» عربي", "&amp; literal"] {
            assert_eq!(unescape(&escape(text)), text);
        }
    }

    #[test]
    fn character_references_are_resolved() {
        assert_eq!(unescape("&#xe0;=agrave, &#233;=eacute &#x2122;"), "à=agrave, é=eacute ™");
        assert_eq!(unescape("&unknown; &#0;"), "&unknown; &#0;");
    }
}
