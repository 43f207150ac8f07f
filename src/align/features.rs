//! What the aligner sees of a sentence: its length and its *units*, the pieces of
//! evidence that should reappear in a translation.
//!
//! A unit belongs to a class: numbers (in any digit system, thousands separators
//! folded), names (Latin tokens, glossary names, words whose sound key may meet a
//! name on the other side), words (content words the dictionary can translate) and
//! marks (a question, an exclamation, quotation marks, brackets). Each unit carries
//! *features*; an Arabic unit is found in an English sentence when one of its
//! features is among the English sentence's, and the other way round. Features are
//! interned strings: `n:2011`, `l:kashagan`, `s:KSKN` (sound key), `g:tengiz`
//! (glossary rendering), `w:worker` (English lemma), `m:?`.

use foldhash::HashMap;

use super::learn::Learned;
use super::lexicon::{Dictionary, english_lemma, is_arabic_stopword, is_english_stopword, sound_key};
use crate::glossary::Glossary;
use crate::normalize;
use crate::segment::Lang;
use crate::tokenize::{self, Kind, is_arabic};

/// Unit classes; their hit rates are estimated separately.
pub const CLASSES: usize = 4;
pub const NUMBER: usize = 0;
pub const NAME: usize = 1;
pub const WORD: usize = 2;
pub const MARK: usize = 3;

/// Most units kept per sentence (the width of the hit masks).
pub const MAX_UNITS: usize = 128;

/// A 128-bit set of units.
pub type Mask = u128;

/// Interned feature strings.
#[derive(Default)]
pub struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, feature: String) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(feature).or_insert(next)
    }
}

/// One sentence, as the aligner sees it.
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    /// Length in characters, white space and marks left out.
    pub length: f64,
    /// The features of each unit.
    pub units: Vec<Vec<u32>>,
    /// Which units are of each class.
    pub class_masks: [Mask; CLASSES],
    /// Every feature the sentence offers, sorted, for the other side to look up.
    pub features: Vec<u32>,
    /// Bit `f % 256` set for each feature `f`: a feature whose bit is clear is
    /// not offered, which settles most look-ups without a search.
    pub(super) summary: [u64; 4],
    /// Whether the sentence may be aligned (noise separators may not).
    pub alignable: bool,
}

impl Sentence {
    fn push(&mut self, class: usize, features: Vec<u32>) {
        if features.is_empty() || self.units.len() >= MAX_UNITS {
            return;
        }
        self.class_masks[class] |= 1 << self.units.len();
        self.units.push(features);
    }

    fn finish(mut self, offered: Vec<u32>) -> Sentence {
        self.features = offered;
        self.features.extend(self.units.iter().flatten().copied());
        self.features.sort_unstable();
        self.features.dedup();
        for &f in &self.features {
            self.summary[(f as usize >> 6) & 3] |= 1 << (f & 63);
        }
        self
    }

    /// Leaves out of the unit classes the words, names and marks none of whose
    /// features `other` offers: a word the other document never offers anything
    /// for (an English word no Arabic word is known to translate) cannot be found
    /// in any of its sentences, so its absence from a bead tells nothing, while a
    /// unit that could be found and is not tells that the other side of the bead
    /// does not translate it (the bead's lexical coverage). Numbers stay: a
    /// number the other document lacks is what a sentence with no counterpart
    /// shows (on the benchmark without a dictionary, leaving them out too takes
    /// 1-0 recall from 0.77 to 0.75).
    pub fn keep_findable(&mut self, other: &std::collections::HashSet<u32>) {
        for (i, unit) in self.units.iter().enumerate() {
            if !unit.iter().any(|f| other.contains(f)) {
                for mask in &mut self.class_masks[NUMBER + 1..] {
                    *mask &= !(1 << i);
                }
            }
        }
    }

    /// Whether this sentence offers feature `f`.
    fn offers(&self, f: u32) -> bool {
        self.summary[(f as usize >> 6) & 3] & (1 << (f & 63)) != 0 && self.features.binary_search(&f).is_ok()
    }

    /// The units of this sentence found among the features `other` offers.
    pub fn hits(&self, other: &Sentence) -> Mask {
        let mut mask = 0;
        for (i, unit) in self.units.iter().enumerate() {
            if unit.iter().any(|&f| other.offers(f)) {
                mask |= 1 << i;
            }
        }
        mask
    }
}

/// Restricts the units of each side to those the other side's document offers a
/// feature for ([`Sentence::keep_findable`]).
pub fn keep_findable(ar: &mut [Sentence], en: &mut [Sentence]) {
    let offered = |side: &[Sentence]| -> std::collections::HashSet<u32> {
        side.iter().flat_map(|s| s.features.iter().copied()).collect()
    };
    let (ar_offers, en_offers) = (offered(ar), offered(en));
    ar.iter_mut().for_each(|s| s.keep_findable(&en_offers));
    en.iter_mut().for_each(|s| s.keep_findable(&ar_offers));
}

/// The content words of a sentence in `lang`, as the lexicon learner counts them:
/// Arabic stems, or English lemmas.
pub fn content_words(text: &str, lang: Lang) -> Vec<String> {
    let key = normalize::key(text);
    let mut out: Vec<String> = Vec::new();
    for t in tokenize::tokens(&key).iter().filter(|t| t.kind == Kind::Word) {
        let word = t.text(&key);
        let item = match lang {
            Lang::Arabic => {
                if !word.starts_with(is_arabic) || is_arabic_stopword(word) || is_arabic_stopword(tokenize::stem(word))
                {
                    continue;
                }
                tokenize::stem(word).to_string()
            }
            Lang::English => {
                if is_english_stopword(word) {
                    continue;
                }
                english_lemma(word)
            }
        };
        if item.chars().count() >= 3 && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// A number token in a canonical form, split at date and time separators:
/// `1,200` and `1.200` → `1200`, `٣٫٥` → `3.5`, `2022/03/15` → `2022`, `3`, `15`.
fn numbers(token: &str) -> Vec<String> {
    token.split(['/', ':', '-']).filter(|p| !p.is_empty()).map(normalize::canonical_number).collect()
}

fn marks(text: &str, interner: &mut Interner, sentence: &mut Sentence) {
    for (mark, chars) in
        [("?", &['?', '؟'][..]), ("!", &['!'][..]), ("q", &['"', '«', '»', '“', '”'][..]), ("(", &['('][..])]
    {
        if text.contains(chars) {
            let id = interner.id(format!("m:{mark}"));
            sentence.push(MARK, vec![id]);
        }
    }
}

/// Turns sentences into aligner input; keeps the interner and glossary renderings.
pub struct Extractor<'r> {
    pub interner: Interner,
    glossary: Option<&'r Glossary>,
    dictionary: Option<&'r Dictionary>,
    /// Translations learned from first alignments of the same documents.
    learned: Learned,
    /// Glossary renderings as English token-key sequences, with their feature.
    renderings: Vec<(Vec<String>, u32)>,
}

impl<'r> Extractor<'r> {
    pub fn new(glossary: Option<&'r Glossary>, dictionary: Option<&'r Dictionary>) -> Extractor<'r> {
        let mut interner = Interner::default();
        let mut renderings = Vec::new();
        if let Some(g) = glossary {
            for term in g.terms() {
                let key = normalize::key(&term.rendering);
                let tokens: Vec<String> = tokenize::tokens(&key).iter().map(|t| t.text(&key).to_string()).collect();
                if !tokens.is_empty() {
                    renderings.push((tokens, interner.id(format!("g:{key}"))));
                }
            }
        }
        Extractor { interner, glossary, dictionary, learned: Learned::default(), renderings }
    }

    /// Adds translations learned from the documents (Arabic stem → English lemmas).
    pub fn learn(&mut self, learned: Learned) {
        self.learned = learned;
    }

    /// The aligner's view of an Arabic sentence.
    pub fn arabic(&mut self, text: &str, alignable: bool) -> Sentence {
        let mut s = Sentence { alignable, ..Sentence::default() };
        let key = normalize::key(text);
        s.length = key.chars().filter(|c| c.is_alphanumeric()).count() as f64;
        if let Some(g) = self.glossary {
            for hit in g.find(text) {
                let id = self.interner.id(format!("g:{}", normalize::key(&hit.rendering)));
                s.push(NAME, vec![id]);
            }
        }
        for t in tokenize::tokens(&key) {
            let word = t.text(&key);
            match t.kind {
                Kind::Number => {
                    for n in numbers(word) {
                        let id = self.interner.id(format!("n:{n}"));
                        s.push(NUMBER, vec![id]);
                    }
                }
                Kind::Word if !word.starts_with(is_arabic) => {
                    let mut f = vec![self.interner.id(format!("l:{word}"))];
                    if let Some(k) = sound_key(word) {
                        f.push(self.interner.id(format!("s:{k}")));
                    }
                    s.push(NAME, f);
                }
                Kind::Word => {
                    if is_arabic_stopword(word) || is_arabic_stopword(tokenize::stem(word)) {
                        continue;
                    }
                    let mut f = Vec::new();
                    for d in self.dictionary.into_iter().chain([Dictionary::builtin()]) {
                        for lemma in d.lookup(word) {
                            let id = self.interner.id(format!("w:{lemma}"));
                            if !f.contains(&id) {
                                f.push(id);
                            }
                        }
                    }
                    let stem = tokenize::stem(word);
                    let own = self.learned.own.get(stem).map(Vec::as_slice).unwrap_or_default();
                    let shared = self.learned.shared.get(stem).into_iter().flatten().filter(|l| !own.contains(l));
                    for lemma in own.iter().chain(shared) {
                        f.push(self.interner.id(format!("w:{lemma}")));
                    }
                    let translated = !f.is_empty();
                    // A name may carry clitics (وكازاخستان) or begin like one (كازاخستان).
                    for form in tokenize::clitic_forms(word) {
                        if let Some(k) = sound_key(form) {
                            f.push(self.interner.id(format!("s:{k}")));
                        }
                    }
                    s.push(if translated { WORD } else { NAME }, f);
                }
                Kind::Punct => {}
            }
        }
        marks(text, &mut self.interner, &mut s);
        s.finish(Vec::new())
    }

    /// The aligner's view of an English sentence.
    pub fn english(&mut self, text: &str, alignable: bool) -> Sentence {
        let mut s = Sentence { alignable, ..Sentence::default() };
        let key = normalize::key_with_map(text);
        s.length = key.text.chars().filter(|c| c.is_alphanumeric()).count() as f64;
        let tokens = tokenize::tokens(&key.text);
        let words: Vec<&str> = tokens.iter().map(|t| t.text(&key.text)).collect();
        let mut offered = Vec::new();
        for (gloss, id) in &self.renderings {
            if words.windows(gloss.len()).any(|w| w.iter().zip(gloss).all(|(a, b)| a == b)) {
                offered.push(*id);
                s.push(NAME, vec![*id]);
            }
        }
        let first_word = tokens.iter().position(|t| t.kind == Kind::Word);
        for (k, (t, word)) in tokens.iter().zip(&words).enumerate() {
            match t.kind {
                Kind::Number => {
                    for n in numbers(word) {
                        let id = self.interner.id(format!("n:{n}"));
                        s.push(NUMBER, vec![id]);
                    }
                }
                Kind::Word => {
                    if is_english_stopword(word) {
                        continue;
                    }
                    let original = &text[key.original(t.start as usize, t.end as usize)];
                    // A capital is a name's sign, except on the first word (unless
                    // the whole word is in capitals: an acronym).
                    let acronym = original.chars().count() > 1 && original.chars().all(|c| !c.is_lowercase());
                    let capital = original.starts_with(char::is_uppercase) && (Some(k) != first_word || acronym);
                    // A possessive is the name itself (Momentum's: Arabic writes Momentum).
                    let bare = word.strip_suffix("'s").filter(|w| !w.is_empty()).unwrap_or(word);
                    let mut f = vec![
                        self.interner.id(format!("w:{}", english_lemma(word))),
                        self.interner.id(format!("l:{bare}")),
                    ];
                    // Names, and longer words that Arabic may borrow (tsunami, internet).
                    if (capital || bare.chars().count() >= 6)
                        && let Some(k) = sound_key(bare)
                    {
                        f.push(self.interner.id(format!("s:{k}")));
                    }
                    s.push(if capital { NAME } else { WORD }, f);
                }
                Kind::Punct => {}
            }
        }
        marks(text, &mut self.interner, &mut s);
        s.finish(offered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_canonical_in_any_digit_system() {
        assert_eq!(numbers("1,200"), vec!["1200"]);
        assert_eq!(numbers("1.200"), vec!["1200"]);
        assert_eq!(numbers("3.5"), vec!["3.5"]);
        assert_eq!(numbers("2022/03/15"), vec!["2022", "3", "15"]);
        assert_eq!(numbers(&normalize::key("٣٫٥")), vec!["3.5"]);
    }

    #[test]
    fn a_feature_is_found_only_where_it_is_offered_whatever_its_summary_bit() {
        let sentence = |units: &[&[u32]]| {
            let mut s = Sentence::default();
            for unit in units {
                s.push(WORD, unit.to_vec());
            }
            s.finish(Vec::new())
        };
        let other = sentence(&[&[3], &[300, 41]]);
        // 259 and 556 share the summary bits of 3 and 300; 41 is offered.
        let s = sentence(&[&[259], &[556, 7], &[9, 41], &[3]]);
        assert_eq!(s.hits(&other), 0b1100);
        assert_eq!(other.hits(&s), 0b11);
        assert_eq!(s.hits(&Sentence::default()), 0);
    }

    #[test]
    fn a_sentence_and_its_translation_share_units() {
        let mut x = Extractor::new(None, None);
        let ar = x.arabic("بدأ الآلاف من العمال في كازاخستان إضرابا في مايو 2011؟", true);
        let en = x.english("Did thousands of workers in Kazakhstan start a strike in May 2011?", true);
        let ar_hits = ar.hits(&en);
        // 2011, Kazakhstan (by sound), the question
        assert_eq!((ar_hits & ar.class_masks[NUMBER]).count_ones(), 1);
        assert!((ar_hits & ar.class_masks[NAME]).count_ones() >= 1);
        assert_eq!((ar_hits & ar.class_masks[MARK]).count_ones(), 1);
        let en_hits = en.hits(&ar);
        assert!(en_hits.count_ones() >= 3);
    }

    #[test]
    fn only_numbers_count_against_a_bead_when_the_other_document_offers_nothing_for_a_unit() {
        // NTREX: the Arabic lacks the second English sentence.
        let mut x = Extractor::new(None, None);
        let mut ar = vec![x.arabic(
            "وتم العثور على السيدة التي تبلغ 44 عامًا في الساعة 7.55 صباحًا مع وجود جروح جراء طعنات في جرايسون ميوز في جون استريت مع إلقاء القبض على الرجل الذي يبلغ من العمر 32 عامًا للاشتباه في قيامه بجريمة القتل.",
            true,
        )];
        let mut en = vec![
            x.english("The 44-year-old was found at 7.55am with stab wounds on Grayson Mews on John Street, with a 32-year-old man being arrested on suspicion of murder.", true),
            x.english("Police have urged people in the area who saw or heard anything to come forward.", true),
        ];
        let numbers: Vec<u32> = en.iter().chain(&ar).map(|s| s.class_masks[NUMBER].count_ones()).collect();
        assert!(en[1].class_masks[WORD] != 0);
        keep_findable(&mut ar, &mut en);
        let after: Vec<u32> = en.iter().chain(&ar).map(|s| s.class_masks[NUMBER].count_ones()).collect();
        assert_eq!(after, numbers);
        assert_eq!(numbers[0], 3, "44, 7.55, 32");
        // Without a dictionary no Arabic word offers "police" or "urged".
        assert_eq!(en[1].class_masks[WORD], 0);
    }

    #[test]
    fn a_fully_diacritized_sentence_offers_what_the_bare_one_offers() {
        // Hayy ibn Yaqzan, bare as in the benchmark and with every vowel written.
        let bare = "وكذلك كان ينظر إلى جنس النبات كله فيحكم باتحاده بحسب ما يراه من اتفاق فعله في أنه يتغذى وينمو";
        let voweled = "وَكَذَلِكَ كَانَ يَنْظُرُ إِلَى جِنْسِ النَّبَاتِ كُلِّهِ فَيَحْكُمُ بِاتِّحَادِهِ بِحَسَبِ مَا يَرَاهُ مِنَ اتِّفَاقِ فِعْلِهِ فِي أَنَّهُ يَتَغَذَّى وَيَنْمُو";
        let mut x = Extractor::new(None, None);
        let (a, b) = (x.arabic(bare, true), x.arabic(voweled, true));
        assert_eq!(a.length, b.length);
        assert_eq!(a.units, b.units);
        assert_eq!(a.features, b.features);
    }

    #[test]
    fn the_dictionary_turns_arabic_words_into_english_lemmas() {
        // Not in the built-in word list: a name-like unit without a dictionary.
        let mut x = Extractor::new(None, None);
        assert_eq!(x.arabic("الزرافات", true).class_masks[WORD], 0);
        let mut d = Dictionary::new();
        d.add("زرافة", "giraffe");
        let mut x = Extractor::new(None, Some(&d));
        let ar = x.arabic("الزرافات", true);
        let en = x.english("The giraffes", true);
        assert_eq!(ar.class_masks[WORD].count_ones(), 1, "الزرافات is in the dictionary, in the singular");
        assert_eq!((ar.hits(&en) & ar.class_masks[WORD]).count_ones(), 1);
    }

    #[test]
    fn a_possessive_name_is_found_as_the_name() {
        // NTREX: the Arabic keeps the name in Latin letters, the English has its possessive.
        let mut x = Extractor::new(None, None);
        let ar = x.arabic("عندما صوّت نشطاء \"Momentum\" في حزبيّ المحلي لانتقادي، لم يكن هذا مدهشًا أبدًا.", true);
        let en = x.english(
            "When Momentum's activists in my local party voted to censure me, it was hardly a surprise.",
            true,
        );
        assert_eq!((ar.hits(&en) & ar.class_masks[NAME]).count_ones(), 1);
        assert_eq!((en.hits(&ar) & en.class_masks[NAME]).count_ones(), 1);
    }

    #[test]
    fn the_built_in_word_list_translates_common_words_without_a_dictionary() {
        let mut x = Extractor::new(None, None);
        let ar = x.arabic("حقوق العمال", true);
        let en = x.english("The rights of workers", true);
        assert_eq!(ar.class_masks[WORD].count_ones(), 2);
        assert_eq!((ar.hits(&en) & ar.class_masks[WORD]).count_ones(), 2);
    }
}
