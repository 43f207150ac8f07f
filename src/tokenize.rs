//! Tokens of a matching key, and the stem of an Arabic word without its proclitics.
//!
//! Works on keys made by [`crate::normalize`] (lower case, folded letters, one space
//! between words). A token is a word, a number or one punctuation character; spans
//! are byte ranges into the key. Words split where the script changes between Arabic
//! and Latin letters (`وKashagan` is `و` + `kashagan`). Numbers keep their inner
//! separators when a digit follows (`3.5`, `1,200`, `12.03.2022`, `10:45`,
//! `2022/03/15`); a trailing `.` stays punctuation.
//!
//! Arabic writes the conjunctions `و` `ف`, the prepositions `ب` `ك` `ل` and the
//! article `ال` as part of the next word. [`clitic_forms`] and [`stem`] take them off so
//! that `والنفط`, `بالنفط`, `للنفط` and `النفط` share the stem `نفط`: the glossary
//! finds names with clitics attached, and the matcher charges a clitic difference
//! less than a different word. [`stem`] keeps a word of three letters or fewer
//! whole, so a two-letter word with a proclitic (`بخط`, `وخط`) keeps it:
//! [`PROCLITIC_CHAINS`] and [`has_proclitics`] say when a word is another with
//! proclitics in front, as concordance search asks.
//!
//! English words (the targets) are compared by their Snowball (Porter2) stem
//! ([`target_stem`]): `strike`, `strikes` and `striking` share `strike`.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Word,
    Number,
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: u32,
    pub end: u32,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn text<'k>(&self, key: &'k str) -> &'k str {
        &key[self.range()]
    }
}

/// Whether `c` is written in the Arabic script (letters and marks).
pub fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// `char::is_alphabetic`, answered without the Unicode tables for ASCII and the
/// Arabic letters (most of what a key holds).
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{0621}'..='\u{064A}' => true,
        '\0'..='\u{7F}' => false,
        _ => c.is_alphabetic(),
    }
}

fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '\u{0621}'..='\u{065F}' | '\u{0670}' => true,
        '\0'..='\u{7F}' => false,
        '\u{0300}'..='\u{036F}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// The tokens of `key`, appended to `out` (which is cleared first).
pub fn tokens_into(key: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = key.as_bytes();
    let mut chars = key.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c == ' ' {
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if c.is_ascii_digit() {
            loop {
                match chars.peek() {
                    Some(&(i, d)) if d.is_ascii_digit() => {
                        end = i + 1;
                        chars.next();
                    }
                    Some(&(i, '.' | ',' | ':' | '/'))
                        if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) && end == i =>
                    {
                        end = i + 1;
                        chars.next();
                    }
                    _ => break,
                }
            }
            Kind::Number
        } else if is_word_char(c) {
            let arabic = is_arabic(c);
            loop {
                match chars.peek() {
                    // Arabic words do not take digits (و1,200 is و + 1,200); Latin ones do (B2B).
                    Some(&(i, d))
                        if is_word_char(d)
                            && if is_letter(d) { is_arabic(d) == arabic } else { !arabic || !d.is_numeric() } =>
                    {
                        end = i + d.len_utf8();
                        chars.next();
                    }
                    // don't, l'Etat: an apostrophe between two Latin letters
                    Some(&(i, '\'')) if !arabic && key[i + 1..].chars().next().is_some_and(char::is_alphabetic) => {
                        end = i + 1;
                        chars.next();
                    }
                    _ => break,
                }
            }
            Kind::Word
        } else {
            Kind::Punct
        };
        out.push(Token { kind, start: start as u32, end: end as u32 });
    }
}

/// The tokens of `key`.
pub fn tokens(key: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokens_into(key, &mut out);
    out
}

/// The forms of an Arabic word (in key form) with its proclitics taken off one by one,
/// the whole word first: `وبالنفط` gives `وبالنفط`, `بالنفط`, `النفط`, `نفط`.
///
/// A proclitic is the article `ال` (or `لل`, `ل` + `ال` with the alef dropped), kept
/// off only if two letters remain, or one of `و ف ب ك ل`, kept off only if three
/// letters remain (`ولد` and `بلد` stay whole). The letters are taken off in any
/// order, so the last form is the same for a word with or without a clitic: this is
/// what makes [`stem`] consistent on both sides of a comparison, at the price of
/// cutting a few words that merely begin like a clitic (`كبير` → `بير`), which
/// matters only when the cut-down word also exists.
pub fn clitic_forms(word: &str) -> impl Iterator<Item = &str> {
    let arabic = word.starts_with(|c: char| is_arabic(c));
    let mut next = Some(word);
    std::iter::from_fn(move || {
        let current = next?;
        next = if arabic { strip_one(current) } else { None };
        Some(current)
    })
}

fn strip_one(word: &str) -> Option<&str> {
    let chars_after = |bytes: usize| word[bytes..].chars().count();
    if (word.starts_with("لل") || word.starts_with("ال")) && chars_after(4) >= 2 {
        Some(&word[4..])
    } else if word.starts_with(['و', 'ف', 'ب', 'ك', 'ل']) && chars_after(2) >= 3 {
        Some(&word[2..])
    } else {
        None
    }
}

/// The stem of a word: its last [`clitic_forms`] form. Two words with the same stem
/// differ only by proclitics (or are not Arabic and equal).
pub fn stem(word: &str) -> &str {
    clitic_forms(word).last().unwrap_or(word)
}

/// The proclitic chains Arabic writes in front of a word (key form): a
/// conjunction (`و` `ف`), then a preposition (`ب` `ك` `ل`), then the article `ال`,
/// each at most once and in that order; after `ل` the article's alef is not
/// written (`ل` + `الخط` = `للخط`).
pub const PROCLITIC_CHAINS: [&str; 23] = [
    "ب", "ك", "ل", "ال", "بال", "كال", "لل", //
    "و", "وب", "وك", "ول", "وال", "وبال", "وكال", "ولل", //
    "ف", "فب", "فك", "فل", "فال", "فبال", "فكال", "فلل",
];

/// Whether `word` is `base` with a proclitic chain in front ([`PROCLITIC_CHAINS`]),
/// both in key form: `وبخط` and `للخط` are `خط` with proclitics; `خطط` is not.
pub fn has_proclitics(word: &str, base: &str) -> bool {
    !base.is_empty() && word.strip_suffix(base).is_some_and(|chain| PROCLITIC_CHAINS.contains(&chain))
}

static ENGLISH: LazyLock<rust_stemmers::Stemmer> =
    LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));

/// The stem a word of a target (key form) is filed and compared under: an Arabic
/// word's [`stem`], any other word's English Snowball stem (`strikes` → `strike`,
/// `workers'` → `worker`). The targets are English in an Arabic–English memory;
/// in another pair their words are cut by the same English rules on both sides of
/// a comparison, which finds their English-like plurals and nothing less than
/// words compared whole.
pub fn target_stem(word: &str) -> Cow<'_, str> {
    if word.starts_with(is_arabic) { Cow::Borrowed(stem(word)) } else { ENGLISH.stem(word) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::key;

    fn texts(s: &str) -> Vec<(String, Kind)> {
        let k = key(s);
        tokens(&k).iter().map(|t| (t.text(&k).to_string(), t.kind)).collect()
    }

    #[test]
    fn words_numbers_and_punctuation() {
        use Kind::*;
        assert_eq!(
            texts("وفي مايو 2011، بدأ الآلاف."),
            vec![
                ("وفي".into(), Word),
                ("مايو".into(), Word),
                ("2011".into(), Number),
                (",".into(), Punct),
                ("بدا".into(), Word),
                ("الالاف".into(), Word),
                (".".into(), Punct)
            ]
        );
    }

    #[test]
    fn numbers_keep_inner_separators() {
        let got: Vec<_> =
            texts("بلغ ٣٥٫٨٪ في 12.03.2022 الساعة 10:45 و1,200 عام 2006.").into_iter().map(|t| t.0).collect();
        assert!(got.contains(&"35.8".to_string()), "{got:?}");
        assert!(got.contains(&"12.03.2022".to_string()));
        assert!(got.contains(&"10:45".to_string()));
        assert!(got.contains(&"1,200".to_string()));
        assert!(got.contains(&"2006".to_string()));
        assert_eq!(got.last().unwrap(), ".");
    }

    #[test]
    fn latin_inside_arabic_is_its_own_word() {
        let got: Vec<_> = texts("حقل Kashagan وKazMunayGas").into_iter().map(|t| t.0).collect();
        assert_eq!(got, vec!["حقل", "kashagan", "و", "kazmunaygas"]);
    }

    #[test]
    fn apostrophes_join_latin_words() {
        let got: Vec<_> = texts("don't stop").into_iter().map(|t| t.0).collect();
        assert_eq!(got, vec!["don't", "stop"]);
    }

    #[test]
    fn proclitics_come_off_arabic_words() {
        for (word, stem_) in [
            ("والنفط", "نفط"),
            ("بالنفط", "نفط"),
            ("للنفط", "نفط"),
            ("النفط", "نفط"),
            ("وبالنفط", "نفط"),
            ("والوزارة", "زاره"),
            ("الوزارة", "زاره"),
            ("وزارة", "زاره"),
        ] {
            assert_eq!(stem(&key(word)), key(stem_), "{word}");
        }
    }

    #[test]
    fn clitic_forms_list_every_cut() {
        let forms: Vec<_> = clitic_forms(&key("وبالنفط")).map(str::to_string).collect();
        assert_eq!(forms, ["وبالنفط", "بالنفط", "النفط", "نفط"].map(key));
    }

    #[test]
    fn proclitic_chains_are_the_grammars() {
        // Built apart from the list: conjunction, preposition, article, in order.
        let mut built = Vec::new();
        for c in ["", "و", "ف"] {
            for p in ["", "ب", "ك", "ل"] {
                for a in ["", "ال"] {
                    let chain = if p == "ل" && !a.is_empty() { format!("{c}لل") } else { format!("{c}{p}{a}") };
                    if !chain.is_empty() {
                        built.push(chain);
                    }
                }
            }
        }
        let mut listed: Vec<String> = PROCLITIC_CHAINS.iter().map(|c| c.to_string()).collect();
        built.sort();
        listed.sort();
        assert_eq!(listed, built);
    }

    #[test]
    fn two_letter_words_are_found_under_any_chain() {
        for word in ["وبخط", "بخط", "وخط", "فخط", "كخط", "الخط", "للخط", "وللخط", "فبالخط", "وكالخط"]
        {
            assert!(has_proclitics(&key(word), "خط"), "{word}");
        }
        for word in ["خط", "خطط", "مخط", "ببخط", "لالخط", "الوخط"] {
            assert!(!has_proclitics(&key(word), "خط"), "{word}");
        }
    }

    #[test]
    fn english_words_share_their_snowball_stem() {
        for (word, stem_) in
            [("strikes", "strike"), ("striking", "strike"), ("workers'", "worker"), ("hunger", "hunger")]
        {
            assert_eq!(target_stem(word), stem_, "{word}");
        }
        assert_eq!(target_stem(&key("والنفط")), key("نفط"));
    }

    #[test]
    fn short_words_keep_their_letters() {
        for word in ["ولد", "بلد", "لك", "الى", "كل", "فيه", "وقت"] {
            assert_eq!(stem(&key(word)), key(word), "{word}");
        }
        assert_eq!(stem("kazmunaygas"), "kazmunaygas");
    }
}
