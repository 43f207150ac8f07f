//! The units that the score compares and the index counts, over the tokens of a
//! matching key ([`crate::tokenize`]): a word, a number, a month or weekday name
//! (of one or two words), or a compound. Both sides use [`unit_at`], so that an
//! entry's length in the index is its length in the score.
//!
//! A *compound* is two or more words or numbers written together, joined by `-`
//! (`6-24`, `COVID-19`, `كوفيد-19`) or, where no part is an Arabic word, by `/`
//! (`S/2015/123`): it is one unit, as a translator reads it, so that a range of
//! days does not match two unrelated numbers, and whose *shape* (its text with
//! each number as `#`, clitics off its first word: `#-#`, `covid-#`) says which
//! compounds are the same thing with other numbers, a placeable. An Arabic slash
//! between words joins phrases (`الاتحاد الأوروبي/المنطقة الاقتصادية الأوروبية`,
//! the EU/EEA), not a unit, and stays punctuation; so do a hyphen or a slash with
//! a space beside it (a dash, `8 - الحديدة`), which the tokens do not tell apart
//! from a range written with spaces (`22 - 24`). A month named twice across a
//! slash, as Arabic official texts name it (`نيسان/أبريل`, `كانون الثاني/يناير`), is
//! that month, once.

use crate::calendar::{self, Date};
use crate::tokenize::{self, Kind, Token};

/// What a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Word,
    Number,
    /// A month or weekday name, and the proclitic bytes on its first word.
    Date(Date, usize),
    Compound,
}

/// The unit that begins at token `i` (a word or a number) of `tokens` (of `key`),
/// and the index of the token after it. `stem_hash` is the FNV-1a of the stem of
/// token `i` if it is a word ([`tokenize::stem`]): only a word whose stem may begin
/// a month or weekday name ([`calendar::may_begin`]) is looked up as one.
pub fn unit_at(key: &str, tokens: &[Token], i: usize, stem_hash: u64) -> (UnitKind, usize) {
    let t = &tokens[i];
    if t.kind == Kind::Word
        && calendar::may_begin(stem_hash)
        && let Some((date, words, clitic)) = date_at(key, &tokens[i..])
    {
        let mut end = i + words;
        // The same month again after a slash: its other name.
        while joined(tokens, end, key, '/')
            && let Some((again, more, 0)) = date_at(key, &tokens[end + 1..])
            && again == date
        {
            end += 1 + more;
        }
        return (UnitKind::Date(date, clitic), end);
    }
    let mut end = i + 1;
    let mut arabic = is_arabic_word(key, t);
    loop {
        let next = tokens.get(end + 1);
        let takes = |joiner| joined(tokens, end, key, joiner) && next.is_some_and(|n| n.kind != Kind::Punct);
        if takes('-') || (takes('/') && !arabic && !next.is_some_and(|n| is_arabic_word(key, n))) {
            arabic |= next.is_some_and(|n| is_arabic_word(key, n));
            end += 2;
        } else {
            break;
        }
    }
    match (end > i + 1, t.kind) {
        (true, _) => (UnitKind::Compound, end),
        (false, Kind::Number) => (UnitKind::Number, end),
        _ => (UnitKind::Word, end),
    }
}

/// Whether token `at` is `joiner`, written against the tokens on both sides.
fn joined(tokens: &[Token], at: usize, key: &str, joiner: char) -> bool {
    let (Some(prev), Some(t), Some(next)) =
        (at.checked_sub(1).and_then(|p| tokens.get(p)), tokens.get(at), tokens.get(at + 1))
    else {
        return false;
    };
    t.kind == Kind::Punct
        && prev.end == t.start
        && t.end == next.start
        && t.text(key) == joiner.encode_utf8(&mut [0; 4])
}

fn is_arabic_word(key: &str, t: &Token) -> bool {
    t.kind == Kind::Word && t.text(key).starts_with(tokenize::is_arabic)
}

/// The month or weekday named by the words at the start of `tokens`, the words it
/// takes and the proclitic bytes on the first.
fn date_at(key: &str, tokens: &[Token]) -> Option<(Date, usize, usize)> {
    let words: Vec<&str> =
        tokens.iter().take(calendar::MAX_WORDS).take_while(|t| t.kind == Kind::Word).map(|t| t.text(key)).collect();
    calendar::find(&words)
}

/// The shape of a compound (its key text): each number as `#`, its first word
/// without proclitics ([`tokenize::stem`]), appended to `out`. Two compounds of
/// one shape differ only in their numbers (or clitics).
pub fn shape_into(compound: &str, out: &mut String) {
    let mut at = 0;
    for (k, t) in tokenize::tokens(compound).iter().enumerate() {
        out.push_str(&compound[at..t.start as usize]);
        match t.kind {
            Kind::Number => out.push('#'),
            Kind::Word if k == 0 => out.push_str(tokenize::stem(t.text(compound))),
            _ => out.push_str(t.text(compound)),
        }
        at = t.end as usize;
    }
}

/// [`shape_into`] a new string.
pub fn shape(compound: &str) -> String {
    let mut out = String::new();
    shape_into(compound, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;

    /// The units of `text` (its key): each unit's kind and key text.
    fn units(text: &str) -> Vec<(UnitKind, String)> {
        let key = normalize::key(text);
        let tokens = tokenize::tokens(&key);
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i].kind == Kind::Punct {
                i += 1;
                continue;
            }
            let stem = tokenize::stem(tokens[i].text(&key));
            let (kind, end) = unit_at(&key, &tokens, i, crate::hash::fnv1a(stem.as_bytes()) as u64);
            out.push((kind, key[tokens[i].start as usize..tokens[end - 1].end as usize].to_string()));
            i = end;
        }
        out
    }

    /// UN documents (the UN test set): a range of days and a month named twice are
    /// one unit each.
    #[test]
    fn a_range_of_days_and_a_month_named_twice_are_one_unit_each() {
        let got = units("نيويورك، 6-24 نيسان/أبريل 2015");
        let kinds: Vec<UnitKind> = got.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [UnitKind::Word, UnitKind::Compound, UnitKind::Date(Date::Month(4), 0), UnitKind::Number],
            "{got:?}"
        );
        assert_eq!(got[1].1, "6-24");
        let got = units("في كانون الثاني/يناير 2016");
        assert_eq!(got[1].0, UnitKind::Date(Date::Month(1), 0), "{got:?}");
        assert_eq!(got.len(), 3);
    }

    /// TICO-19 and the UN: a name with its number is one unit, in either script;
    /// a document symbol of Latin letters and numbers too.
    #[test]
    fn a_hyphenated_name_with_a_number_and_a_document_symbol_are_one_unit() {
        let got = units("لمرض فيروس كورونا (كوفيد-19) و COVID-19 في الوثيقة S/2015/123");
        let compounds: Vec<&str> =
            got.iter().filter(|(k, _)| *k == UnitKind::Compound).map(|(_, t)| t.as_str()).collect();
        assert_eq!(compounds, ["كوفيد-19", "covid-19", "s/2015/123"], "{got:?}");
        // Its ك comes off as if it were the preposition, on both sides alike.
        assert_eq!(shape("كوفيد-19"), "فيد-#");
        assert_eq!(shape("6-24"), "#-#");
        assert_eq!(shape("s/2015/123"), "s/#");
    }

    /// TICO-19: an Arabic slash between words joins two phrases (the EU/EEA), and a
    /// spaced hyphen is a dash: neither makes a unit.
    #[test]
    fn an_arabic_slash_between_words_and_a_spaced_dash_join_nothing() {
        let got = units("في الاتحاد الأوروبي/المنطقة الاقتصادية الأوروبية");
        assert!(got.iter().all(|(k, _)| *k == UnitKind::Word), "{got:?}");
        assert_eq!(got.len(), 6);
        let got = units("8 - الحديدة في برنامج عمل");
        assert!(got.iter().all(|(k, _)| *k != UnitKind::Compound), "{got:?}");
    }
}
