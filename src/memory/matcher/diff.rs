//! The word diff from a match's source to the segment: what a translator has to
//! change in the match. It follows the alignment the score counts on
//! ([`super::score`]), so that a word the score takes as the same is shown as the
//! same.

use serde::Serialize;

use super::score::{EntryTokens, Step, backtrace, distance};
use super::{Query, TokKind, analyse};
use crate::glossary::Glossary;
use crate::normalize;
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
    for step in steps {
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
                    if entry_source[span.clone()] == *seg_span(i) || !matches!(content[j].kind, TokKind::Name(_)) =>
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
