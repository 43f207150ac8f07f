//! Concordance search: whether a text holds the words of a query one after the
//! other.

use super::{Query, analyse, slice};
use crate::normalize;
use crate::tokenize;

/// Whether the words of `query` occur in `text` one after the other, each with any
/// proclitics (concordance search). Punctuation is ignored.
pub fn contains_phrase(query: &Query, text: &str) -> bool {
    if query.content.is_empty() {
        return false;
    }
    let key = normalize::key(text);
    let tokens = tokenize::tokens(&key);
    let (mut content, mut punct) = (Vec::new(), Vec::new());
    analyse(&key, &tokens, None, &mut content, &mut punct);
    let qk = &query.key.text;
    content
        .windows(query.content.len())
        .any(|w| w.iter().zip(&query.content).all(|(c, q)| slice(&key, c.stem) == slice(qk, q.stem)))
}
