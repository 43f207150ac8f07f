//! Word-level knowledge the aligner uses: English lemmas, stop words, a bilingual
//! dictionary (Arabic → English lemmas), and sound keys that let a name written in
//! Arabic letters meet its English spelling (`كرومويل` ~ `Cromwell`).
//!
//! The dictionary is a user's file (read by [`crate::formats::dictionary`]); none
//! is shipped. Lookups compare matching keys ([`crate::normalize`]) and try the
//! word without proclitics and without common suffixes (pronouns, plural and dual
//! endings), since dictionaries list base forms.

use foldhash::{HashMap, HashSet, HashSetExt};
use std::sync::OnceLock;

use crate::normalize;
use crate::tokenize;

/// A crude English lemma: lower case, possessive, plural and common verb endings
/// off. The same function is applied to dictionary glosses and to text, so it only
/// needs to be consistent, not linguistically right.
pub fn english_lemma(word: &str) -> String {
    let w = word.to_lowercase();
    let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(&w);
    let n = w.chars().count();
    let cut = |suffix: &str, min: usize| n > min && w.ends_with(suffix);
    if cut("ies", 4) {
        format!("{}y", &w[..w.len() - 3])
    } else if cut("sses", 4) {
        w[..w.len() - 2].to_string()
    } else if cut("ing", 5) {
        w[..w.len() - 3].to_string()
    } else if cut("ed", 4) || cut("es", 4) && (w.ends_with("ches") || w.ends_with("shes") || w.ends_with("xes")) {
        w[..w.len() - 2].to_string()
    } else if cut("s", 3) && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

struct Stopwords {
    arabic: HashSet<String>,
    english: HashSet<String>,
}

fn stopwords() -> &'static Stopwords {
    static WORDS: OnceLock<Stopwords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut out = Stopwords { arabic: HashSet::new(), english: HashSet::new() };
        let mut arabic = true;
        for line in include_str!("stopwords.txt").lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            match line {
                "" => {}
                "[arabic]" => arabic = true,
                "[english]" => arabic = false,
                w if arabic => {
                    out.arabic.insert(normalize::key(w));
                }
                w => {
                    out.english.insert(w.to_lowercase());
                }
            }
        }
        out
    })
}

/// Whether an Arabic word (matching key) is a function word.
pub fn is_arabic_stopword(key: &str) -> bool {
    stopwords().arabic.contains(key)
}

/// Whether an English word (lower case) is a function word.
pub fn is_english_stopword(lower: &str) -> bool {
    stopwords().english.contains(lower)
}

/// Pronoun suffixes tried off an Arabic word (key form) when looking it up.
const PRONOUNS: [&str; 8] = ["هما", "هم", "ها", "نا", "كم", "ه", "ك", "ي"];
/// Plural and dual endings, with what the singular ends in (`ات` → `ه`: شركات → شركه).
const PLURALS: [(&str, &str); 7] =
    [("يين", "ي"), ("ات", "ه"), ("ات", ""), ("ون", ""), ("ين", ""), ("ان", ""), ("يه", "ي")];
/// Verb endings (perfect and imperfect persons) tried off after the prefixes.
const VERB_SUFFIXES: [&str; 6] = ["تم", "وا", "ون", "ين", "ت", "ن"];

/// The forms of an Arabic word (key form) to look up, most specific first: with and
/// without proclitics, then without a pronoun suffix, then in the singular, then as
/// a verb without its person prefix (`ي ت ن ا`, future `س`) and ending (`ذكرت`,
/// `يذكرون` → `ذكر`, as dictionaries list verbs).
pub fn arabic_lookup_forms(key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let add = |out: &mut Vec<String>, form: String| {
        if form.chars().count() >= 2 && !out.contains(&form) {
            out.push(form);
        }
    };
    let long_enough = |w: &str| w.chars().count() >= 3;
    for form in tokenize::clitic_forms(key) {
        let mut bases = vec![form.to_string()];
        bases.extend(
            PRONOUNS.iter().filter_map(|p| form.strip_suffix(p)).filter(|b| long_enough(b)).map(str::to_string),
        );
        for base in &bases {
            add(&mut out, base.clone());
            for (plural, singular) in PLURALS {
                if let Some(stem) = base.strip_suffix(plural)
                    && stem.chars().count() >= 2
                {
                    add(&mut out, format!("{stem}{singular}"));
                }
            }
        }
        for base in &bases {
            let unprefixed = base
                .strip_prefix('س')
                .filter(|b| long_enough(b) && b.starts_with(['ي', 'ت', 'ن', 'ا']))
                .unwrap_or(base);
            let verb = unprefixed.strip_prefix(['ي', 'ت', 'ن', 'ا']).filter(|b| long_enough(b));
            for stem in verb.into_iter().chain(std::iter::once(base.as_str())) {
                for suffix in VERB_SUFFIXES {
                    if let Some(root) = stem.strip_suffix(suffix).filter(|r| long_enough(r)) {
                        add(&mut out, root.to_string());
                    }
                }
                if !std::ptr::eq(stem, base.as_str()) {
                    add(&mut out, stem.to_string());
                }
            }
        }
    }
    out
}

/// Arabic → English lemmas.
#[derive(Debug, Default)]
pub struct Dictionary {
    map: HashMap<String, Vec<String>>,
}

/// Most English lemmas kept per Arabic headword.
const MAX_LEMMAS: usize = 12;

impl Dictionary {
    pub fn new() -> Dictionary {
        Dictionary::default()
    }

    /// Adds a translation: an Arabic headword and an English gloss (a word or a
    /// phrase; its content words become lemmas).
    pub fn add(&mut self, arabic: &str, english: &str) {
        let key = normalize::key(arabic);
        if key.is_empty() || key.contains(' ') {
            return; // phrases are not looked up word by word
        }
        let lemmas = self.map.entry(key).or_default();
        for word in english.split(|c: char| !c.is_alphanumeric() && c != '\'') {
            if word.is_empty() || is_english_stopword(&word.to_lowercase()) {
                continue;
            }
            let lemma = english_lemma(word);
            if lemmas.len() < MAX_LEMMAS && !lemmas.contains(&lemma) {
                lemmas.push(lemma);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The aligner's built-in word list (`lexicon.tsv`): word translations learned
    /// from the United Nations Parallel Corpus's development and test sets by
    /// `tools/make_lexicon.py`, consulted beside any dictionary the user gives.
    /// Without it, words can only be learned from the document pair itself, which
    /// is too little text to learn many from. One pair at a time, lines, strict F1
    /// without a user dictionary, the word list alone added (type priors then
    /// estimated with the null beads): news and health 0.969 -> 0.981, law 0.960
    /// -> 0.971, literature 0.418 -> 0.462 (`bench/align.sh`).
    pub fn builtin() -> &'static Dictionary {
        static BUILTIN: OnceLock<Dictionary> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut d = Dictionary::new();
            for line in include_str!("lexicon.tsv").lines().filter(|l| !l.starts_with('#')) {
                if let Some((arabic, english)) = line.split_once('\t') {
                    d.add(arabic, english);
                }
            }
            d
        })
    }

    /// The English lemmas of an Arabic word (key form): those of the first two
    /// of its [`arabic_lookup_forms`] that the dictionary has.
    pub fn lookup(&self, key: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let mut found = 0;
        for form in arabic_lookup_forms(key) {
            if let Some(lemmas) = self.map.get(&form) {
                for lemma in lemmas {
                    if !out.contains(&lemma.as_str()) {
                        out.push(lemma);
                    }
                }
                found += 1;
                if found == 2 {
                    break;
                }
            }
        }
        out
    }
}

/// The sound key of a word: its consonants mapped to classes both scripts share
/// (`كرومويل` and `Cromwell` both give `KRML`), vowels and glides dropped, doubles
/// collapsed. `None` for keys shorter than three classes, which match by chance.
pub fn sound_key(word: &str) -> Option<String> {
    let mut out = String::new();
    let push = |out: &mut String, c: char| {
        if !out.ends_with(c) {
            out.push(c);
        }
    };
    if word.chars().any(tokenize::is_arabic) {
        for c in normalize::key(word).chars() {
            let class = match c {
                'ب' | 'پ' => 'B',
                'ت' | 'ط' | 'ث' => 'T',
                'ج' | 'غ' | 'گ' => 'G',
                'ح' | 'ه' => 'H',
                'خ' | 'ق' | 'ك' => 'K',
                'د' | 'ض' | 'ذ' => 'D',
                'ر' => 'R',
                'ز' | 'س' | 'ص' | 'ظ' => 'S',
                'ش' => 'X',
                'ف' | 'ڤ' => 'F',
                'ل' => 'L',
                'م' => 'M',
                'ن' => 'N',
                _ => continue,
            };
            push(&mut out, class);
        }
    } else {
        let w: Vec<char> = word.to_lowercase().chars().collect();
        let mut i = 0;
        while i < w.len() {
            let next = w.get(i + 1).copied();
            let (class, used) = match (w[i], next) {
                ('s', Some('h')) | ('c', Some('h')) => (Some('X'), 2),
                ('t', Some('h')) => (Some('T'), 2),
                ('p', Some('h')) => (Some('F'), 2),
                ('k', Some('h')) => (Some('K'), 2),
                // Russian ж (`Zhanaozen`), which Arabic writes ج.
                ('z', Some('h')) => (Some('G'), 2),
                ('g', Some('h')) => (if i == 0 { Some('G') } else { None }, 2),
                ('c', Some('k')) => (Some('K'), 2),
                ('c', Some('e' | 'i' | 'y')) => (Some('S'), 1),
                ('c' | 'k' | 'q', _) => (Some('K'), 1),
                ('x', _) => {
                    push(&mut out, 'K');
                    (Some('S'), 1)
                }
                ('b' | 'p', _) => (Some('B'), 1),
                ('t', _) => (Some('T'), 1),
                ('d', _) => (Some('D'), 1),
                ('g' | 'j', _) => (Some('G'), 1),
                ('h', _) => (Some('H'), 1),
                ('s' | 'z', _) => (Some('S'), 1),
                ('f' | 'v', _) => (Some('F'), 1),
                ('l', _) => (Some('L'), 1),
                ('m', _) => (Some('M'), 1),
                ('n', _) => (Some('N'), 1),
                ('r', _) => (Some('R'), 1),
                _ => (None, 1),
            };
            if let Some(c) = class {
                push(&mut out, c);
            }
            i += used;
        }
    }
    (out.chars().count() >= 3).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_both_scripts_share_a_sound_key() {
        for (ar, en) in [
            ("كرومويل", "Cromwell"),
            ("ترامب", "Trump"),
            ("سينسبري", "Sainsbury"),
            ("رينجرز", "Rangers"),
            ("ليفينغستون", "Livingston"),
            ("نازاربايف", "Nazarbayev"),
            ("كازاخستان", "Kazakhstan"),
            ("جاناوزين", "Zhanaozen"),
            ("كافانو", "Kavanaugh"),
        ] {
            assert_eq!(sound_key(ar), sound_key(en), "{ar} / {en}");
            assert!(sound_key(ar).is_some(), "{ar}");
        }
        assert_eq!(sound_key("دبي"), None, "too short to tell");
    }

    #[test]
    fn lemmas_are_consistent() {
        assert_eq!(english_lemma("Workers"), "worker");
        assert_eq!(english_lemma("strikes"), "strike");
        assert_eq!(english_lemma("companies"), "company");
        assert_eq!(english_lemma("demanding"), "demand");
        assert_eq!(english_lemma("Kazakhstan's"), "kazakhstan");
        assert_eq!(english_lemma("gas"), "gas");
    }

    #[test]
    fn dictionary_lookup_finds_words_with_clitics_and_suffixes() {
        let mut d = Dictionary::new();
        d.add("عامِل", "worker; labourer");
        d.add("شَرِكة", "company");
        assert_eq!(d.lookup(&normalize::key("والعاملين")), vec!["worker", "labourer"]);
        assert_eq!(d.lookup(&normalize::key("شركاتها")), vec!["company"]);
        assert_eq!(d.lookup(&normalize::key("للشركة")), vec!["company"]);
        d.add("ذَكَرَ", "mention");
        assert_eq!(d.lookup(&normalize::key("وذكرت")), vec!["mention"]);
        assert_eq!(d.lookup(&normalize::key("يذكرون")), vec!["mention"]);
        assert_eq!(d.lookup(&normalize::key("سيذكر")), vec!["mention"]);
    }

    #[test]
    fn stopwords_load() {
        assert!(is_arabic_stopword(&normalize::key("إلى")));
        assert!(is_english_stopword("the"));
        assert!(!is_english_stopword("oil"));
    }
}
