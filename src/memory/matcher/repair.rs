//! Placeables: a number or glossary name of an entry that the segment has
//! otherwise is replaced in the entry's target, when the target has it exactly
//! once ([`target_place`]) and the entry's source too, and no other repair is in
//! that place (the score's rule, [`super::score`]), numbers written the way the
//! target writes them.

use std::ops::Range;

use serde::Serialize;

use super::{Query, Tok, TokKind, canonical_number};
use crate::glossary::Glossary;
use crate::memory::index::fnv1a;
use crate::normalize;
use crate::number::{self, Style};
use crate::tokenize::{self, Kind};

/// What a repair replaces: in JSON, `number`, `term` or `date`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RepairKind {
    Number,
    /// A glossary term's rendering.
    Term,
    /// A month or weekday name.
    Date,
}

/// A number or name of the match replaced in its target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Repair {
    pub kind: RepairKind,
    /// What the stored target has…
    pub from: String,
    /// …and what the segment calls for.
    pub to: String,
    /// Where `from` is in the stored target (bytes).
    #[serde(skip)]
    pub range: Range<usize>,
}

/// The repair of the number at `range` of `target` into the segment's number
/// (its key text): the new value written as the target writes that number
/// ([`Style::of`]; grouped as the segment groups it when the target's number is
/// too short to say), an ordinal suffix after it (`1st`) made the new value's.
/// Returns the range replaced, what it held and what goes in; `None` when the
/// number cannot be written so that it reads back as the segment's (a form
/// whose marks would read otherwise, `1,073` for the decimal 1.073 in a style
/// whose decimal mark is a comma, is written without groups or not at all:
/// a repair is never a number the segment does not have).
pub(super) fn number_repair(
    target: &str,
    range: Range<usize>,
    segment_number: &str,
) -> Option<(Range<usize>, String, String)> {
    let value = canonical_number(segment_number);
    let written = &target[range.clone()];
    let style = Style::of(written).grouped_as(written, segment_number);
    let plain = Style { group: None, ..style };
    let mut to = [style, plain].iter().map(|s| s.write(&value)).find(|to| reads_as(to, &value))?;
    let mut range = range;
    if let Some(n) = number::ordinal_suffix_at(&target[range.end..]) {
        let suffix = number::ordinal_suffix(&value);
        let upper = target[range.end..range.end + n].chars().all(|c| c.is_ascii_uppercase());
        to.push_str(&if upper { suffix.to_ascii_uppercase() } else { suffix.to_string() });
        range.end += n;
    }
    Some((range.clone(), target[range].to_string(), to))
}

/// Whether `written` reads as one number of canonical value `value`.
fn reads_as(written: &str, value: &str) -> bool {
    let key = normalize::key(written);
    match tokenize::tokens(&key).as_slice() {
        [one] => one.kind == Kind::Number && canonical_number(one.text(&key)) == value,
        _ => false,
    }
}

/// The numbers of a target, each as the hash of its canonical value with its
/// place: made once for an entry, however many of its numbers are looked for
/// (an announcement of a date and a time has four or five).
pub(super) type TargetNumbers = std::cell::OnceCell<Vec<(i64, Range<usize>)>>;

/// Where entry placeable `tok` can be replaced in `target`: the one place its
/// number or name's rendering occurs there, or `None`. `numbers`: the target's,
/// made here if not yet.
pub(super) fn target_place(
    tok: &Tok,
    target: &str,
    numbers: &TargetNumbers,
    glossary: Option<&Glossary>,
) -> Option<(Range<usize>, String)> {
    match tok.kind {
        TokKind::Number(value) => number_place(value, target, numbers),
        TokKind::Name(term) => {
            let places = glossary?.find_rendering(term, target);
            match places.as_slice() {
                [one] => Some((one.clone(), target[one.clone()].to_string())),
                _ => None,
            }
        }
        TokKind::Date(date) => match date.find_in(target).as_slice() {
            [one] => Some((one.clone(), target[one.clone()].to_string())),
            _ => None,
        },
        TokKind::Word | TokKind::Compound(_) => None,
    }
}

/// The numbers of `target`, as [`TargetNumbers`] keeps them.
fn numbers_of(target: &str) -> Vec<(i64, Range<usize>)> {
    let key = normalize::key_with_map(target);
    tokenize::tokens(&key.text)
        .iter()
        .filter(|t| t.kind == Kind::Number)
        .map(|t| {
            (fnv1a(canonical_number(t.text(&key.text)).as_bytes()), key.original(t.start as usize, t.end as usize))
        })
        .collect()
}

/// The one place of `target` where a number of canonical value hash `value` is
/// written, with its text, or `None`.
fn number_place(value: i64, target: &str, numbers: &TargetNumbers) -> Option<(Range<usize>, String)> {
    let mut places = numbers.get_or_init(|| numbers_of(target)).iter().filter(|(v, _)| *v == value);
    match (places.next(), places.next()) {
        (Some((_, range)), None) => Some((range.clone(), target[range.clone()].to_string())),
        _ => None,
    }
}

/// The repairs that make an entry's compound (key text) the segment's of the same
/// shape ([`crate::memory::unit`]): each of its numbers that the segment's has
/// otherwise, replaced where the target has it, once; `None` if one cannot be.
pub(super) fn compound_repairs(
    entry: &str,
    segment: &str,
    target: &str,
    target_numbers: &TargetNumbers,
) -> Option<Vec<Repair>> {
    let numbers = |key: &str| -> Vec<String> {
        tokenize::tokens(key).iter().filter(|t| t.kind == Kind::Number).map(|t| t.text(key).to_string()).collect()
    };
    let (ours, theirs) = (numbers(entry), numbers(segment));
    let mut out = Vec::new();
    for (old, new) in ours.iter().zip(&theirs) {
        let value = fnv1a(canonical_number(old).as_bytes());
        if value == fnv1a(canonical_number(new).as_bytes()) {
            continue;
        }
        let (range, _) = number_place(value, target, target_numbers)?;
        let (range, from, to) = number_repair(target, range, new)?;
        out.push(Repair { kind: RepairKind::Number, from, to, range });
    }
    Some(out)
}

/// Repairs of a stored target that breaks the glossary: a spelling the glossary
/// forbids for a name of the segment (`Kazmunaigaz` for كازمونايجاز) is replaced by
/// the approved rendering, where no other repair is. The glossary's terms in the
/// segment come from the query.
pub fn glossary_repairs(query: &Query, target: &str, glossary: &Glossary, done: &[Repair]) -> Vec<Repair> {
    let mut out: Vec<Repair> = Vec::new();
    for term in query.names() {
        for range in glossary.find_forbidden(term, target) {
            let free = |r: &Repair| r.range.end <= range.start || range.end <= r.range.start;
            if done.iter().chain(&out).all(free) {
                out.push(Repair {
                    kind: RepairKind::Term,
                    from: target[range.clone()].to_string(),
                    to: glossary.terms()[term].rendering.clone(),
                    range,
                });
            }
        }
    }
    out
}

/// The target with the repairs applied.
pub fn repair(target: &str, repairs: &[Repair]) -> String {
    let mut sorted: Vec<&Repair> = repairs.iter().collect();
    sorted.sort_by_key(|r| r.range.start);
    let mut out = String::with_capacity(target.len());
    let mut at = 0;
    for r in sorted {
        if r.range.start < at {
            continue; // overlapping places: keep the first
        }
        out.push_str(&target[at..r.range.start]);
        out.push_str(&r.to);
        at = r.range.end;
    }
    out.push_str(&target[at..]);
    out
}
