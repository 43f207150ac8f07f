//! Fuzz bodies for the pure core: segmenter, normalization, matcher and aligner,
//! on arbitrary text (invalid UTF-8 replaced). What each checks:
//!
//! - `segment`: the segments tile the text in order; each content lies in its
//!   range, is on character boundaries, has no white space around it and is at
//!   most [`MAX_SEGMENT_BYTES`] long; what is outside it in its range is white
//!   space; sentences and lines alike.
//! - `normalize`: the key is idempotent, the same from every entry point, has single
//!   spaces only between words; its map points back into the text on character
//!   boundaries, in order; tokens lie in the key, in order; canonical numbers are
//!   idempotent.
//! - `matcher`: scores are 0–100 (`fine` too, and finite); 100 exactly when the
//!   keys are equal and not empty; an empty segment matches nothing; the score is
//!   symmetric when there is nothing to repair (no target); a floor only turns
//!   scores below it to 0; repairs lie in the target, do not overlap, replace
//!   what they say, and each number put in reads back as one of the segment's;
//!   the word diff gives out the entry's source whole; glossary hits lie in the
//!   segment.
//! - `align`: beads tile both sides' segments exactly, in order, each with one to
//!   six segments a side and not both empty, confidence 0–1.

use crate::align::document::{Split, align_text};
use crate::align::{Bead, Resources};
use crate::glossary::Glossary;
use crate::memory::matcher::{self, DiffOp, Query, RepairKind, Scratch};
use crate::normalize;
use crate::segment::{self, Lang, MAX_SEGMENT_BYTES};
use crate::tokenize::{self, Kind};

/// The shipped glossary, built once (names in the matcher's input are placeables).
fn shipped_glossary() -> &'static Glossary {
    static GLOSSARY: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
    GLOSSARY.get_or_init(|| crate::sample::glossary().expect("the shipped glossary loads"))
}

/// The segmenter: the first byte picks Arabic or English rules, the rest is the text.
pub fn segment(data: &[u8]) {
    let Some((&control, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let lang = if control & 1 == 0 { Lang::Arabic } else { Lang::English };
    for (how, segments) in [("sentences", segment::split(&text, lang)), ("lines", segment::lines(&text))] {
        let mut at = 0;
        for s in &segments {
            let (range, content) = (&s.range, &s.content);
            assert_eq!(range.start, at, "{how}: the segments do not tile the text: a gap or overlap at {at}");
            assert!(range.start <= content.start && content.end <= range.end, "{how}: content outside its range");
            assert!(text.is_char_boundary(content.start) && text.is_char_boundary(content.end), "{how}: cut char");
            let inner = &text[content.clone()];
            assert_eq!(inner.trim(), inner, "{how}: white space around a segment's content at {content:?}");
            assert!(inner.len() <= MAX_SEGMENT_BYTES || how == "lines", "{how}: a segment longer than the limit");
            if !content.is_empty() {
                assert!(text[range.start..content.start].trim().is_empty(), "{how}: text before the content");
                assert!(text[content.end..range.end].trim().is_empty(), "{how}: text after the content");
            }
            at = range.end;
        }
        assert_eq!(at, text.len(), "{how}: the segments do not cover the text");
        assert!(!text.is_empty() || segments.is_empty(), "{how}: a segment of an empty text");
    }
    for numbered in segment::numbered(&text, segment::Split::Sentences, lang) {
        assert_eq!(&text[numbered.span.clone()], numbered.text, "a numbered segment's text is not its span's");
    }
}

/// Normalization and tokens of a text.
pub fn normalize(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let key = normalize::key(&text);
    assert_eq!(normalize::key(&key), key, "the key is not idempotent");
    let mut into = String::from("left over");
    normalize::key_into(&text, &mut into);
    assert_eq!(into, key, "key_into differs from key");
    let mapped = normalize::key_with_map(&text);
    assert_eq!(mapped.text, key, "key_with_map differs from key");
    assert!(!key.starts_with(' ') && !key.ends_with(' ') && !key.contains("  "), "spaces not folded: {key:?}");
    assert!(!key.chars().any(|c| c.is_whitespace() && c != ' '), "white space other than a space in {key:?}");
    let mut last = 0..0;
    for (i, _) in key.char_indices() {
        let end = i + key[i..].chars().next().map_or(0, char::len_utf8);
        let span = mapped.original(i, end);
        assert!(span.start < span.end && span.end <= text.len(), "key byte {i} maps outside the text: {span:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "the map cuts a character");
        assert!(span.start >= last.start, "the map goes backwards at key byte {i}");
        last = span;
    }
    let tokens = tokenize::tokens(&key);
    let mut at = 0;
    for t in &tokens {
        assert!(t.start as usize >= at && t.start < t.end && t.end as usize <= key.len(), "token {t:?} out of order");
        assert!(key.is_char_boundary(t.start as usize) && key.is_char_boundary(t.end as usize), "a token cuts a char");
        at = t.end as usize;
        if t.kind == Kind::Number {
            let number = normalize::canonical_number(t.text(&key));
            assert_eq!(normalize::canonical_number(&number), number, "a canonical number is not idempotent");
        }
    }
}

/// The matcher: the input is `segment\0source\0target`; the first byte of the
/// segment's text, if it is `G`, makes the shipped glossary take part.
pub fn matcher(data: &[u8]) {
    let [segment, source, target] = <[String; 3]>::try_from(super::texts(data, 3)).expect("three texts");
    let glossary = segment.starts_with('G').then(shipped_glossary);
    let query = Query::new(&segment, glossary);
    let mut scratch = Scratch::default();
    let scoring = matcher::score(&query, &source, &target, glossary, &mut scratch);
    let (score, fine) = (scoring.score, scoring.fine);
    assert!(score <= 100, "score {score} > 100");
    assert!(fine.is_finite() && (0.0..=100.0).contains(&fine), "fine score {fine} outside 0-100");
    let (segment_key, source_key) = (normalize::key(&segment), normalize::key(&source));
    if segment_key.is_empty() {
        assert_eq!(score, 0, "an empty segment matched");
    }
    assert_eq!(score == 100, segment_key == source_key && !segment_key.is_empty(), "100 is for equal keys only");
    for floor in [1, 50, score.max(1), 100] {
        let floored = matcher::score_from(&query, &source, &target, Default::default(), glossary, floor, &mut scratch);
        if score >= floor {
            assert_eq!(floored.score, score, "a floor of {floor} changed a score above it");
        } else {
            assert!(floored.score == 0 || floored.score == score, "a floor of {floor} changed a score below it");
        }
    }
    // Without a target nothing is repaired, and the distance is symmetric.
    let a = matcher::score(&query, &source, "", glossary, &mut scratch).score;
    let b = matcher::score(&Query::new(&source, glossary), &segment, "", glossary, &mut scratch).score;
    assert_eq!(a, b, "the score is not symmetric: {a} one way, {b} the other");
    check_repairs(&query, &target, &scoring.repairs);
    if let Some(g) = glossary {
        let extra = matcher::glossary_repairs(&query, &target, g, &scoring.repairs);
        let all: Vec<_> = scoring.repairs.iter().cloned().chain(extra).collect();
        check_repairs(&query, &target, &all);
        for hit in g.find(&segment) {
            assert!(hit.range.end <= segment.len() && segment.is_char_boundary(hit.range.start), "a hit outside");
            assert!(segment.is_char_boundary(hit.range.end), "a glossary hit cuts a character");
        }
    }
    let pieces = matcher::diff(&query, &segment, &source, glossary);
    let entry_side: String =
        pieces.iter().filter(|p| p.op != DiffOp::Insert).map(|p| p.text.as_str()).collect::<Vec<_>>().concat();
    assert_eq!(entry_side, source, "the diff does not give out the entry's source whole");
}

/// The repair property: repairs lie in the target on character boundaries, do not
/// overlap, replace what they say they replace, and [`matcher::repair`] applies
/// exactly them; a number put in reads back as one of the segment's numbers.
fn check_repairs(query: &Query, target: &str, repairs: &[matcher::Repair]) {
    let mut sorted: Vec<&matcher::Repair> = repairs.iter().collect();
    sorted.sort_by_key(|r| r.range.start);
    let mut at = 0;
    let mut rebuilt = String::new();
    let numbers: Vec<String> = tokenize::tokens(&query.key.text)
        .iter()
        .filter(|t| t.kind == Kind::Number)
        .map(|t| normalize::canonical_number(t.text(&query.key.text)))
        .collect();
    for r in sorted {
        let range = r.range.clone();
        assert!(range.start <= range.end && range.end <= target.len(), "a repair outside the target: {r:?}");
        assert!(target.is_char_boundary(range.start) && target.is_char_boundary(range.end), "a repair cuts a char");
        assert!(range.start >= at, "repairs overlap: {repairs:?}");
        assert_eq!(&target[range.clone()], r.from, "a repair does not replace what it says");
        rebuilt.push_str(&target[at..range.start]);
        rebuilt.push_str(&r.to);
        at = range.end;
        if r.kind == RepairKind::Number {
            let key = normalize::key(&r.to);
            let put = tokenize::tokens(&key).into_iter().find(|t| t.kind == Kind::Number);
            let put = put.map(|t| normalize::canonical_number(t.text(&key)));
            assert!(
                put.as_ref().is_some_and(|n| numbers.contains(n)),
                "a repair put in {:?}, which reads as {put:?}, not one of the segment's numbers {numbers:?}",
                r.to
            );
        }
    }
    rebuilt.push_str(&target[at..]);
    assert_eq!(matcher::repair(target, repairs), rebuilt, "repair() does not apply the repairs");
}

/// The aligner: the input is `arabic\0english`; the first byte of the Arabic text,
/// if it is `L`, aligns line by line.
pub fn align(data: &[u8]) {
    let [source, target] = <[String; 2]>::try_from(super::texts(data, 2)).expect("two texts");
    let split = if source.starts_with('L') { Split::Lines } else { Split::Sentences };
    let aligned = align_text(source, target, split, &Resources::default());
    for (text, spans, side) in [
        (&aligned.source_text, &aligned.source_spans, "source"),
        (&aligned.target_text, &aligned.target_spans, "target"),
    ] {
        let mut at = 0;
        for span in spans {
            assert!(at <= span.start && span.start < span.end && span.end <= text.len(), "{side} spans out of order");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{side}: a span cuts a char");
            at = span.end;
        }
    }
    let (mut i, mut j) = (0, 0);
    for bead in &aligned.beads {
        let Bead { source, target, confidence } = bead;
        assert!(source.start == i && target.start == j, "the beads do not tile the segments at {bead:?} ({i}, {j})");
        assert!(!(source.is_empty() && target.is_empty()), "an empty bead");
        assert!(source.len() <= 6 && target.len() <= 6, "a bead of more than six segments a side: {bead:?}");
        assert!((0.0..=1.0).contains(confidence), "confidence {confidence} outside 0-1");
        (i, j) = (source.end, target.end);
        let _ = (aligned.source(bead), aligned.target(bead));
    }
    assert_eq!(i, aligned.source_spans.len(), "the beads leave source segments out");
    assert_eq!(j, aligned.target_spans.len(), "the beads leave target segments out");
}
