//! XLIFF inline codes onto TMX's, so that an entry read from XLIFF holds the same
//! markup as one read from TMX ([`crate::entry::markup`]) and exports as valid TMX 1.4.
//!
//! The reader turns segment content into [`Piece`]s; [`Codes::render`] writes them
//! as TMX `<seg>` content:
//!
//! | XLIFF 1.2 | XLIFF 2.0 | TMX |
//! |---|---|---|
//! | `<g>…</g>`, `<bpt>`/`<ept>`, `<bx/>`/`<ex/>` | `<pc>…</pc>`, `<sc/>`/`<ec/>` | `<bpt>`/`<ept>` when both ends are in the segment, else `<it pos="begin\|end">` |
//! | `<x/>`, `<ph>` | `<ph/>` | `<ph>` |
//! | `<it pos="open\|close">` | `<sc isolated="yes"/>`, `<ec isolated="yes"/>` | `<it pos="begin\|end">` |
//! | `<mrk mtype="…">` | `<mrk type="…">` | `<hi type="…">` |
//!
//! A TMX code holds its native code: the content of a 1.2 `<bpt>`/`<ept>`/`<ph>`/
//! `<it>`, the 2.0 `<originalData>` a code refers to, and otherwise (`<g>`, `<x/>`,
//! `<pc>` without data) the XLIFF tag itself, so that the code is seen and can be
//! written back. The 1.2 `ctype` becomes TMX's `type` (the two share their values).
//! Codes are numbered per unit by their XLIFF id, the same number on the source
//! and the target (TMX `x`, and `i` pairing a `<bpt>` with its `<ept>`). 2.0
//! `<sm/>`/`<em/>` (annotations that may overlap) are left out: TMX has nothing
//! for them.

use std::collections::HashMap;

use crate::entry::Text;
use crate::entry::markup::MarkupWriter;

/// A piece of segment content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// The start of a paired code (`key` pairs it with its [`Piece::Close`]).
    Open {
        key: String,
        native: String,
        kind: Option<String>,
    },
    Close {
        key: String,
        native: String,
    },
    /// An isolated code: the start (`begin`) or end of a pair outside the segment.
    Isolated {
        key: String,
        native: String,
        begin: bool,
        kind: Option<String>,
    },
    Placeholder {
        key: String,
        native: String,
        kind: Option<String>,
    },
    /// A highlight around text (`<mrk>`); the reader gives both ends in one list.
    HiOpen {
        kind: Option<String>,
    },
    HiClose,
}

/// The numbering of a unit's codes, shared by its source and target.
#[derive(Default)]
pub struct Codes {
    numbers: HashMap<String, usize>,
}

impl Codes {
    fn number(&mut self, key: &str) -> String {
        let next = self.numbers.len() + 1;
        self.numbers.entry(key.to_string()).or_insert(next).to_string()
    }

    /// The pieces as a [`Text`] with TMX markup.
    pub fn render(&mut self, pieces: &[Piece]) -> Text {
        if pieces.iter().all(|p| matches!(p, Piece::Text(_))) {
            let text: String = pieces.iter().map(|p| if let Piece::Text(t) = p { t.as_str() } else { "" }).collect();
            return Text::from_plain(text);
        }
        // Which paired codes have both ends here, and which highlights close.
        let mut open: Vec<&str> = Vec::new();
        let mut paired: Vec<&str> = Vec::new();
        for p in pieces {
            match p {
                Piece::Open { key, .. } => open.push(key),
                Piece::Close { key, .. } => {
                    if let Some(i) = open.iter().rposition(|k| k == key) {
                        paired.push(open.remove(i));
                    }
                }
                _ => {}
            }
        }
        let mut m = MarkupWriter::default();
        let mut pending_pairs: Vec<&str> = Vec::new();
        for p in pieces {
            match p {
                Piece::Text(t) => m.text(t),
                Piece::Open { key, native, kind } => {
                    let n = self.number(key);
                    let mut attrs = vec![("i".to_string(), n.clone()), ("x".to_string(), n)];
                    if let Some(kind) = kind {
                        attrs.push(("type".into(), kind.clone()));
                    }
                    if paired.contains(&key.as_str()) && !pending_pairs.contains(&key.as_str()) {
                        pending_pairs.push(key);
                        code(&mut m, "bpt", &attrs, native);
                    } else {
                        attrs.remove(0);
                        attrs.insert(0, ("pos".into(), "begin".into()));
                        code(&mut m, "it", &attrs, native);
                    }
                }
                Piece::Close { key, native } => {
                    let n = self.number(key);
                    if let Some(i) = pending_pairs.iter().rposition(|k| k == key) {
                        pending_pairs.remove(i);
                        code(&mut m, "ept", &[("i".into(), n)], native);
                    } else {
                        code(&mut m, "it", &[("pos".into(), "end".into()), ("x".into(), n)], native);
                    }
                }
                Piece::Isolated { key, native, begin, kind } => {
                    let pos = if *begin { "begin" } else { "end" };
                    let mut attrs = vec![("pos".to_string(), pos.to_string()), ("x".to_string(), self.number(key))];
                    if let Some(kind) = kind {
                        attrs.push(("type".into(), kind.clone()));
                    }
                    code(&mut m, "it", &attrs, native);
                }
                Piece::Placeholder { key, native, kind } => {
                    let mut attrs = vec![("x".to_string(), self.number(key))];
                    if let Some(kind) = kind {
                        attrs.push(("type".into(), kind.clone()));
                    }
                    code(&mut m, "ph", &attrs, native);
                }
                Piece::HiOpen { kind } => {
                    let attrs: Vec<(String, String)> = kind.iter().map(|k| ("type".to_string(), k.clone())).collect();
                    m.start("hi", &attrs);
                }
                Piece::HiClose => m.end("hi"),
            }
        }
        Text::from_markup(m.finish())
    }
}

/// TMX's name for an XLIFF 1.2 `ctype` (the lists agree but for underlining).
pub fn tmx_type(ctype: &str) -> String {
    match ctype {
        "underlined" => "ulined".into(),
        other => other.into(),
    }
}

fn code(m: &mut MarkupWriter, name: &str, attrs: &[(String, String)], native: &str) {
    m.start(name, attrs);
    m.text(native);
    m.end(name);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Piece {
        Piece::Text(s.into())
    }

    #[test]
    fn a_pair_in_the_segment_is_bpt_ept_and_a_lone_end_is_it() {
        let pieces = [
            t("The "),
            Piece::Open { key: "1".into(), native: "<b>".into(), kind: Some("bold".into()) },
            t("fox"),
            Piece::Close { key: "1".into(), native: "</b>".into() },
            Piece::Close { key: "2".into(), native: "</i>".into() },
        ];
        let text = Codes::default().render(&pieces);
        assert_eq!(
            text.markup.as_deref(),
            Some(
                "The <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>fox<ept i=\"1\">&lt;/b&gt;</ept>\
                 <it pos=\"end\" x=\"2\">&lt;/i&gt;</it>"
            )
        );
        assert_eq!(text.text, "The <b>fox</b></i>");
        assert_eq!(text.plain(), "The fox");
    }

    #[test]
    fn source_and_target_share_the_numbers_of_their_codes() {
        let ph = |k: &str| Piece::Placeholder { key: k.into(), native: format!("<x id=\"{k}\"/>"), kind: None };
        let mut codes = Codes::default();
        let source = codes.render(&[ph("a"), t(" and "), ph("b")]);
        let target = codes.render(&[ph("b"), t(" und "), ph("a")]);
        assert!(source.markup.unwrap().starts_with("<ph x=\"1\">"));
        assert!(target.markup.unwrap().starts_with("<ph x=\"2\">"));
    }

    #[test]
    fn text_alone_stays_plain() {
        let text = Codes::default().render(&[t("a < b"), t(" & c")]);
        assert_eq!(text, Text::from_plain("a < b & c"));
    }
}
