//! List items that the segmenter can see on one side only.
//!
//! The segmenter ends a segment at a list introduction's colon when its words say a
//! list follows (`الحالات الآتية:`, `the following cases:`; rule 8 of
//! [`crate::segment`]). A translation does not always say so: `البيانات الآتية:`
//! becomes `A lease contract shall state:`, and the other side keeps the introduction
//! and its first item in one segment. When the aligner pairs an introduction and
//! its item (two segments, the first ending in a colon) with one segment of the
//! other text that holds exactly one colon before an item (a capitalised word in
//! English, a word in Arabic), that segment is split after its colon and the bead
//! becomes two: each item is then a unit of the memory on both sides.

use std::ops::Range;

use super::Bead;
use crate::segment::Lang;
use crate::tokenize::is_arabic;

/// Where one segment is cut: the text it is in, its index, the end of the
/// introduction and the start of the item (byte offsets into the text).
struct Cut {
    bead: usize,
    lang: Lang,
    segment: usize,
    intro_end: usize,
    item_start: usize,
}

/// The single colon in `text` that closes an introduction before an item, as
/// (end of the introduction, start of the item) relative to `text`.
fn item_colon(text: &str, lang: Lang) -> Option<(usize, usize)> {
    let mut found = None;
    for (at, _) in text.match_indices(':') {
        let rest = &text[at + 1..];
        let item = rest.trim_start();
        if item.len() == rest.len() {
            continue; // no space after it: 10:30, a URL
        }
        let opens_item = item.chars().next().is_some_and(|c| match lang {
            Lang::English => c.is_uppercase(),
            Lang::Arabic => is_arabic(c) && c.is_alphabetic(),
        });
        let intro_words = text[..at].chars().filter(|c| c.is_alphabetic()).count();
        if opens_item && intro_words > 0 {
            if found.is_some() {
                return None; // two colons: no telling which one
            }
            found = Some((at + 1, text.len() - item.len()));
        }
    }
    found
}

/// Splits, in place, the segments and beads described in the module docs.
/// `ar_spans` and `en_spans` are the segments' content ranges in `ar` and `en`.
pub fn split_items(
    ar: &str,
    en: &str,
    ar_spans: &mut Vec<Range<usize>>,
    en_spans: &mut Vec<Range<usize>>,
    beads: &mut Vec<Bead>,
) {
    let ends_in_colon = |text: &str, span: &Range<usize>| text[span.clone()].trim_end().ends_with(':');
    let mut cuts = Vec::new();
    for (k, b) in beads.iter().enumerate() {
        let (two, one, lang, two_text, two_spans, one_text, one_spans) = match (b.source.len(), b.target.len()) {
            (2, 1) => (&b.source, &b.target, Lang::English, ar, &*ar_spans, en, &*en_spans),
            (1, 2) => (&b.target, &b.source, Lang::Arabic, en, &*en_spans, ar, &*ar_spans),
            _ => continue,
        };
        if !ends_in_colon(two_text, &two_spans[two.start]) {
            continue;
        }
        let span = &one_spans[one.start];
        if let Some((intro_end, item_start)) = item_colon(&one_text[span.clone()], lang) {
            cuts.push(Cut {
                bead: k,
                lang,
                segment: one.start,
                intro_end: span.start + intro_end,
                item_start: span.start + item_start,
            });
        }
    }
    if cuts.is_empty() {
        return;
    }
    let ar_map = cut_spans(ar_spans, cuts.iter().filter(|c| c.lang == Lang::Arabic));
    let en_map = cut_spans(en_spans, cuts.iter().filter(|c| c.lang == Lang::English));
    let remap = |r: &Range<usize>, map: &[usize]| map[r.start]..map[r.end];
    let mut out = Vec::with_capacity(beads.len() + cuts.len());
    let mut next_cut = cuts.iter().peekable();
    for (k, b) in beads.iter().enumerate() {
        let source = remap(&b.source, &ar_map);
        let target = remap(&b.target, &en_map);
        if next_cut.next_if(|c| c.bead == k).is_some() {
            // Both sides now hold two segments: introduction, then item.
            out.push(Bead {
                source: source.start..source.start + 1,
                target: target.start..target.start + 1,
                confidence: b.confidence,
            });
            out.push(Bead {
                source: source.start + 1..source.end,
                target: target.start + 1..target.end,
                confidence: b.confidence,
            });
        } else {
            out.push(Bead { source, target, confidence: b.confidence });
        }
    }
    *beads = out;
}

/// Cuts the segments in two; returns the new index of every old one (and of the end).
fn cut_spans<'c>(spans: &mut Vec<Range<usize>>, cuts: impl Iterator<Item = &'c Cut>) -> Vec<usize> {
    let mut cuts = cuts.peekable();
    let mut map = Vec::with_capacity(spans.len() + 1);
    let mut out = Vec::with_capacity(spans.len());
    for (i, span) in spans.iter().enumerate() {
        map.push(out.len());
        match cuts.next_if(|c| c.segment == i) {
            Some(c) => {
                out.push(span.start..c.intro_end);
                out.push(c.item_start..span.end);
            }
            None => out.push(span.clone()),
        }
    }
    map.push(out.len());
    *spans = out;
    map
}
