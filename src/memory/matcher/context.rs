//! Context matches: a 100 match whose entry was met between the same segments as the
//! segment being matched scores [`CONTEXT_SCORE`] (101), as memoQ's and Trados'
//! context matches do, and ranks above every 100.
//!
//! The neighbours compare as exact matching compares texts: by their matching keys
//! ([`crate::normalize::key`]), so a neighbour that differs in diacritics, hamza
//! forms or digits still counts as the same, and any other difference does not. A
//! document's first segment has no previous one and its last no next one; an entry
//! met there has an empty neighbour, which matches only the same edge. Pure: the
//! entry's contexts come in as [`Context`]s, the document's neighbours as text.

use crate::entry::Context;
use crate::normalize;

/// The score of a context match.
pub const CONTEXT_SCORE: u8 = 101;

/// A segment's neighbours in its document, as matching keys (empty at an edge).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Neighbours {
    prev: String,
    next: String,
}

fn key_of(text: Option<&str>) -> String {
    text.map_or_else(String::new, |t| normalize::key(t.trim()))
}

impl Neighbours {
    /// The neighbours `prev` and `next` of a segment (`None` at the document's edge).
    pub fn new(prev: Option<&str>, next: Option<&str>) -> Neighbours {
        Neighbours { prev: key_of(prev), next: key_of(next) }
    }

    /// Whether an entry met in `contexts` was met between these neighbours.
    pub fn in_any(&self, contexts: &[Context<'_>]) -> bool {
        contexts.iter().any(|c| key_of(c.prev) == self.prev && key_of(c.next) == self.next)
    }
}

/// The score of a match of `score` whose entry was met in `contexts`, for a segment
/// between `neighbours`: [`CONTEXT_SCORE`] for a 100 met there, else `score`.
pub fn context_score(score: u8, neighbours: &Neighbours, contexts: &[Context<'_>]) -> u8 {
    if score == 100 && neighbours.in_any(contexts) { CONTEXT_SCORE } else { score }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREV: &str = "طالب العمال بأجور أعلى.";
    const NEXT: &str = "رفضت الشركة المطالب.";

    fn context<'a>(prev: Option<&'a str>, next: Option<&'a str>) -> Context<'a> {
        Context { prev, next }
    }

    #[test]
    fn a_100_between_the_same_neighbours_is_101() {
        let here = Neighbours::new(Some(PREV), Some(NEXT));
        assert_eq!(context_score(100, &here, &[context(Some(PREV), Some(NEXT))]), 101);
        // Spelled otherwise (a hamza form, a diacritic), the neighbour is the same.
        let spelled = context(Some("طالب العمّال بأجور اعلى."), Some(NEXT));
        assert_eq!(context_score(100, &here, &[spelled]), 101);
    }

    #[test]
    fn one_neighbour_that_differs_or_a_fuzzy_match_is_no_context_match() {
        let here = Neighbours::new(Some(PREV), Some(NEXT));
        assert_eq!(context_score(100, &here, &[context(Some(PREV), Some("نص آخر."))]), 100);
        assert_eq!(context_score(100, &here, &[context(None, Some(NEXT))]), 100);
        assert_eq!(context_score(99, &here, &[context(Some(PREV), Some(NEXT))]), 99);
        assert_eq!(context_score(100, &here, &[]), 100);
    }

    #[test]
    fn a_document_edge_matches_only_an_edge() {
        let first = Neighbours::new(None, Some(NEXT));
        assert_eq!(context_score(100, &first, &[context(None, Some(NEXT))]), 101);
        assert_eq!(context_score(100, &first, &[context(Some(PREV), Some(NEXT))]), 100);
        // One of the contexts an entry was met in is enough.
        let contexts = [context(Some(PREV), None), context(None, Some(NEXT))];
        assert_eq!(context_score(100, &first, &contexts), 101);
    }
}
