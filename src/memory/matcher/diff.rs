//! The word diff from a match's source to the segment: what a translator has to
//! change in the match. It follows the alignment the score counts on
//! ([`fn@super::score`]), so that a word the score takes as the same is shown as the
//! same.

use serde::Serialize;

use super::score::{EntryTokens, Step, backtrace, distance};
use super::{Query, Tok, TokKind, analyse};
use crate::glossary::Glossary;
use crate::normalize::{self, Key};
use crate::tokenize;

/// What a piece of a word diff is: in JSON, `equal`, `delete` or `insert`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    /// In both.
    Equal,
    /// Only in the entry.
    Delete,
    /// Only in the segment.
    Insert,
}

/// A piece of a word diff from an entry's source to the segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffPiece {
    pub op: DiffOp,
    pub text: String,
}

/// The word diff from `entry_source` to the segment, in the entry's order, with
/// original spellings (what a translator has to change in the match).
///
/// The pieces come from the score's own alignment of the content tokens (a
/// weighted edit distance with substitutions, proclitics at
/// [`super::CLITIC_COST`], numbers by value, names by term), not from a general
/// diff. The `similar` crate's algorithms (Myers, patience, LCS), given the same
/// tokens compared the same way, only keep, insert and delete: they show a word
/// changed in place as deleted here and inserted elsewhere, and one with other
/// proclitics as unrelated. On the diff tests' cases and the seed report's
/// sentences (1,952 pairs: each sentence against the others and against copies
/// with a word dropped, added, changed or given a proclitic, or a number
/// changed), all three give other pieces for 461 pairs, 44 of the 1,531 that
/// score 50 or more, and one of the six test cases (`بين دول الاتحاد السوفيتي`
/// against `بين الدول السوفيتية`). Myers is about as fast, patience slower:
/// 6.5–10.7 µs a diff and 11.8–17.1, against 6.5–12.7 here (six runs on a busy
/// machine, normalization included; a diff is made only for the matches shown).
/// Measured by the test below: `cargo test --release --lib -- --ignored
/// --nocapture similar`.
pub fn diff(query: &Query, segment: &str, entry_source: &str, glossary: Option<&Glossary>) -> Vec<DiffPiece> {
    let ck = normalize::key_with_map(entry_source);
    let tokens = tokenize::tokens(&ck.text);
    let (mut content, mut punct) = (Vec::new(), Vec::new());
    analyse(&ck.text, &tokens, glossary, &mut content, &mut punct);
    let fixed = vec![false; content.len()];
    let entry = EntryTokens { key: &ck.text, content: &content, fixed: &fixed };
    let mut dp = Vec::new();
    distance(query, &entry, &mut dp, f32::INFINITY);
    let steps = backtrace(query, &entry, &dp);
    pieces(query, segment, entry_source, &ck, &content, &steps)
}

/// The diff that `steps` give, an alignment of the segment's content tokens with
/// those of the entry (`content`, in the entry's key `ck`).
fn pieces(
    query: &Query,
    segment: &str,
    entry_source: &str,
    ck: &Key,
    content: &[Tok],
    steps: &[Step],
) -> Vec<DiffPiece> {
    let seg_span = |i: usize| {
        let t = &query.content[i];
        &segment[query.key.original(t.range.0 as usize, t.range.1 as usize)]
    };
    let entry_span = |j: usize| ck.original(content[j].range.0 as usize, content[j].range.1 as usize);
    let mut pieces: Vec<DiffPiece> = Vec::new();
    let push = |pieces: &mut Vec<DiffPiece>, op: DiffOp, text: &str| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => pieces.push(DiffPiece { op, text: text.to_string() }),
        }
    };
    let mut at = 0; // bytes of entry_source already given out
    // An inserted word needs a space before what follows it, if the entry has none.
    let mut space_owed = false;
    for &step in steps {
        let entry_token = match step {
            Step::Same(_, j) | Step::Clitic(_, j) | Step::Placeable(_, j) | Step::Replace(_, j) | Step::Delete(j) => {
                Some(j)
            }
            Step::Insert(_) => None,
        };
        if let Some(j) = entry_token {
            let span = entry_span(j);
            let gap = &entry_source[at..span.start.max(at)];
            if space_owed && !gap.starts_with(char::is_whitespace) {
                push(&mut pieces, DiffOp::Insert, " ");
            }
            space_owed = false;
            push(&mut pieces, DiffOp::Equal, gap);
            at = at.max(span.start);
            match step {
                // Words that match are equal whatever their spelling, and so are
                // numbers of one value in any digit system (they score 100); a
                // name in another spelling is shown changed (it scores 99).
                Step::Same(i, _)
                    if entry_source[span.clone()] == *seg_span(i)
                        || !matches!(content[j].kind, TokKind::Name(_) | TokKind::Date(_)) =>
                {
                    push(&mut pieces, DiffOp::Equal, &entry_source[span.clone()])
                }
                Step::Same(i, _) | Step::Clitic(i, _) | Step::Placeable(i, _) | Step::Replace(i, _) => {
                    push(&mut pieces, DiffOp::Delete, &entry_source[span.clone()]);
                    push(&mut pieces, DiffOp::Insert, seg_span(i));
                }
                _ => push(&mut pieces, DiffOp::Delete, &entry_source[span.clone()]),
            }
            at = at.max(span.end);
        } else if let Step::Insert(i) = step {
            if pieces.last().is_some_and(|p| !p.text.ends_with(char::is_whitespace)) {
                push(&mut pieces, DiffOp::Insert, " ");
            }
            push(&mut pieces, DiffOp::Insert, seg_span(i));
            space_owed = true;
        }
    }
    push(&mut pieces, DiffOp::Equal, &entry_source[at..]);
    join_changes(pieces)
}

/// Joins changes of one kind separated only by white space: `[-a-] [-b-]` is
/// `[-a b-]`.
fn join_changes(pieces: Vec<DiffPiece>) -> Vec<DiffPiece> {
    let mut out: Vec<DiffPiece> = Vec::with_capacity(pieces.len());
    let mut iter = pieces.into_iter().peekable();
    while let Some(piece) = iter.next() {
        let bridges = piece.op == DiffOp::Equal
            && piece.text.trim().is_empty()
            && matches!((out.last(), iter.peek()), (Some(a), Some(b)) if a.op != DiffOp::Equal && a.op == b.op);
        if bridges {
            let next = iter.next().map(|n| n.text).unwrap_or_default();
            if let Some(last) = out.last_mut() {
                last.text.push_str(&piece.text);
                last.text.push_str(&next);
            }
            continue;
        }
        match out.last_mut() {
            Some(last) if last.op == piece.op => last.text.push_str(&piece.text),
            _ => out.push(piece),
        }
    }
    out
}

/// The word diff against the `similar` crate's, on the same content tokens:
/// whether they give the same pieces, and how long each takes. A measurement,
/// not a check: `cargo test --release --lib -- --ignored --nocapture similar`.
#[cfg(test)]
mod against_similar {
    use std::time::Instant;

    use similar::{Algorithm, DiffOp as Op, capture_diff_slices};

    use super::*;
    use crate::segment::{Lang, split};

    /// What `similar` compares a content token by: a word's key, a number's
    /// value, a glossary name's term (as the score's `Same` step does).
    #[derive(PartialEq, Eq, Hash)]
    enum Unit<'a> {
        Word(&'a str),
        Number(i64),
        Name(usize),
        Date(crate::calendar::Date),
    }

    fn units<'a>(key: &'a str, content: &[Tok]) -> Vec<Unit<'a>> {
        content
            .iter()
            .map(|t| match t.kind {
                TokKind::Word | TokKind::Compound(_) => Unit::Word(super::super::slice(key, t.range)),
                TokKind::Number(v) => Unit::Number(v),
                TokKind::Name(term) => Unit::Name(term),
                TokKind::Date(date) => Unit::Date(date),
            })
            .collect()
    }

    /// [`diff`] with the alignment taken from `similar` (entry old, segment new).
    fn diff_similar(
        query: &Query,
        segment: &str,
        entry_source: &str,
        glossary: Option<&Glossary>,
        algorithm: Algorithm,
    ) -> Vec<DiffPiece> {
        let ck = normalize::key_with_map(entry_source);
        let tokens = tokenize::tokens(&ck.text);
        let (mut content, mut punct) = (Vec::new(), Vec::new());
        analyse(&ck.text, &tokens, glossary, &mut content, &mut punct);
        let old = units(&ck.text, &content);
        let new = units(&query.key.text, &query.content);
        let mut steps = Vec::new();
        for op in capture_diff_slices(algorithm, &old, &new) {
            match op {
                Op::Equal { old_index, new_index, len } => {
                    steps.extend((0..len).map(|k| Step::Same(new_index + k, old_index + k)))
                }
                Op::Delete { old_index, old_len, .. } => {
                    steps.extend((old_index..old_index + old_len).map(Step::Delete))
                }
                Op::Insert { new_index, new_len, .. } => {
                    steps.extend((new_index..new_index + new_len).map(Step::Insert))
                }
                Op::Replace { old_index, old_len, new_index, new_len } => {
                    let both = old_len.min(new_len);
                    steps.extend((0..both).map(|k| Step::Replace(new_index + k, old_index + k)));
                    steps.extend((old_index + both..old_index + old_len).map(Step::Delete));
                    steps.extend((new_index + both..new_index + new_len).map(Step::Insert));
                }
            }
        }
        pieces(query, segment, entry_source, &ck, &content, &steps)
    }

    /// How many of [`cases`] come from the diff tests.
    const TEST_CASES: usize = 6;

    /// (segment, entry source) pairs: the diff tests' cases, and the seed report's
    /// sentences against each other and against copies with a word dropped, added,
    /// changed or given a proclitic, and a number changed.
    fn cases() -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = [
            ("يجري تطوير حقل تنغيز الضخم", "يجري تطوير حقل Kashagan الضخم"),
            ("في يونيو ٢٠١٢، أدين ٣١ من المتهمين", "في يونيو 2012، أدين 34 من المتهمين"),
            ("أعلنت كازموناينجاز أرباحها", "أعلنت كازمونايجاز أرباحها"),
            ("بين دول الاتحاد السوفيتي", "بين الدول السوفيتية"),
            ("جديد بين الدول", "بين الدول"),
            ("والشركات الأوروبية.", "والشركات الأوروبية والأمريكية الكبيرة."),
        ]
        .iter()
        .map(|&(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let text = include_str!("../../../memory/seed-report.ar.txt");
        let sentences: Vec<&str> =
            split(text, Lang::Arabic).iter().filter(|s| s.translate).map(|s| s.text(text)).collect();
        for (k, s) in sentences.iter().enumerate() {
            let words: Vec<&str> = s.split(' ').collect();
            let other = sentences[(k + 1) % sentences.len()].split(' ').next().unwrap_or("");
            for w in 0..words.len() {
                let with = |replace: &dyn Fn(&mut Vec<String>)| {
                    let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
                    replace(&mut v);
                    v.join(" ")
                };
                out.push((with(&|v| drop(v.remove(w))), s.to_string()));
                out.push((with(&|v| v.insert(w, other.to_string())), s.to_string()));
                out.push((with(&|v| v[w] = other.to_string()), s.to_string()));
                out.push((with(&|v| v[w] = format!("و{}", v[w])), s.to_string()));
            }
            out.push((s.replace('2', "7").replace('٢', "٧"), s.to_string()));
            for t in &sentences {
                out.push((s.to_string(), t.to_string()));
            }
        }
        out
    }

    #[test]
    #[ignore]
    fn similar_gives_the_same_pieces_and_takes_this_long() {
        let glossary = crate::sample::glossary().unwrap();
        let g = Some(&glossary);
        let cases = cases();
        let queries: Vec<Query> = cases.iter().map(|(segment, _)| Query::new(segment, g)).collect();
        let mut scratch = crate::memory::matcher::Scratch::default();
        let shown = |q: &Query, entry: &str, scratch: &mut crate::memory::matcher::Scratch| {
            crate::memory::matcher::score(q, entry, "", g, scratch).score >= 50
        };
        for algorithm in [Algorithm::Myers, Algorithm::Patience, Algorithm::Lcs] {
            let (mut differ, mut differ_shown, mut total_shown, mut differ_tests) = (0, 0, 0, 0);
            let mut example = None;
            for (k, ((segment, entry), q)) in cases.iter().zip(&queries).enumerate() {
                let ours = diff(q, segment, entry, g);
                let theirs = diff_similar(q, segment, entry, g, algorithm);
                let is_shown = shown(q, entry, &mut scratch);
                total_shown += usize::from(is_shown);
                if ours != theirs {
                    differ += 1;
                    if k < TEST_CASES {
                        differ_tests += 1;
                        println!("  test case differs: {segment} / {entry}");
                    }
                    differ_shown += usize::from(is_shown);
                    if is_shown && example.is_none() {
                        example = Some((segment.clone(), entry.clone(), ours, theirs));
                    }
                }
            }
            println!(
                "{algorithm:?}: {differ} of {} pairs differ; {differ_shown} of the {total_shown} scoring 50 or more; \
                 {differ_tests} of the {TEST_CASES} test cases",
                cases.len()
            );
            if let Some((segment, entry, ours, theirs)) = example {
                println!("  segment {segment}\n  entry   {entry}\n  ours    {ours:?}\n  similar {theirs:?}");
            }
        }
        let rounds = 20;
        let time = |f: &dyn Fn(&Query, &str, &str) -> Vec<DiffPiece>| {
            let start = Instant::now();
            let mut pieces = 0;
            for _ in 0..rounds {
                for ((segment, entry), q) in cases.iter().zip(&queries) {
                    pieces += f(q, segment, entry).len();
                }
            }
            (start.elapsed().as_secs_f64() * 1e6 / (rounds * cases.len()) as f64, pieces)
        };
        let (ours, _) = time(&|q, s, e| diff(q, s, e, g));
        let (myers, _) = time(&|q, s, e| diff_similar(q, s, e, g, Algorithm::Myers));
        let (patience, _) = time(&|q, s, e| diff_similar(q, s, e, g, Algorithm::Patience));
        println!(
            "µs per diff over {} pairs × {rounds}: ours {ours:.2}, similar Myers {myers:.2}, Patience {patience:.2}",
            cases.len()
        );
    }
}
