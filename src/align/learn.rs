//! Word translations learned from first alignments, as hunalign learns a
//! dictionary from its first pass: words that the beads of first alignments pair
//! again and again are taken as translations for pass two ([`super::passes`]),
//! from the document pair itself and, when several pairs are aligned together
//! ([`super::align_documents`], `tm align --batch`), from all of them, as more text
//! teaches more words (on the benchmark's 134 news and health documents without a
//! dictionary, strict F1 goes from 0.966 to 0.974).

use foldhash::{HashMap, HashMapExt};

use super::Input;
use super::cost::TYPES;
use super::features;
use crate::segment::Lang;

/// Least number of beads two words must share to be taken as translations.
const LEARN_MIN_COUNT: usize = 2;
/// Least Dice coefficient of the two words' bead sets.
const LEARN_MIN_DICE: f64 = 0.7;

/// Word translations for pass two: those learned from the pair's own first
/// alignment, and those learned from all the pairs aligned with it.
#[derive(Default)]
pub struct Learned {
    pub own: HashMap<String, Vec<String>>,
    pub shared: std::rc::Rc<HashMap<String, Vec<String>>>,
}

/// The content words of first alignments, numbered (Arabic stems, English lemmas).
#[derive(Default)]
pub(super) struct Vocabulary {
    ar: HashMap<String, u32>,
    en: HashMap<String, u32>,
    ar_words: Vec<String>,
    en_words: Vec<String>,
}

impl Vocabulary {
    fn id(ids: &mut HashMap<String, u32>, words: &mut Vec<String>, word: String) -> u32 {
        let next = words.len() as u32;
        *ids.entry(word).or_insert_with_key(|w| {
            words.push(w.clone());
            next
        })
    }

    /// The words of `sentences`, numbered, each once.
    fn ids(&mut self, sentences: &[Input<'_>], lang: Lang) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for s in sentences {
            for w in features::content_words(s.text, lang) {
                out.push(match lang {
                    Lang::Arabic => Vocabulary::id(&mut self.ar, &mut self.ar_words, w),
                    Lang::English => Vocabulary::id(&mut self.en, &mut self.en_words, w),
                });
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Translation pairs by number, as words (Arabic stem → English lemmas).
    pub(super) fn translations(&self, pairs: Vec<(u32, u32)>) -> HashMap<String, Vec<String>> {
        let mut out: HashMap<String, Vec<String>> = HashMap::new();
        for (a, e) in pairs {
            out.entry(self.ar_words[a as usize].clone()).or_default().push(self.en_words[e as usize].clone());
        }
        out
    }
}

/// How often words occur in the beads of first alignments, and together.
#[derive(Default)]
pub(super) struct Cooccurrence {
    ar: HashMap<u32, u32>,
    en: HashMap<u32, u32>,
    pairs: HashMap<(u32, u32), u32>,
}

impl Cooccurrence {
    /// Counts the beads of one pair's first alignment (those of up to two
    /// sentences a side: longer ones pair too many words by chance).
    pub(super) fn count(
        words: &mut Vocabulary,
        source: &[Input<'_>],
        target: &[Input<'_>],
        beads: &[(usize, usize, usize)],
    ) -> Cooccurrence {
        let mut c = Cooccurrence::default();
        for &(t, ai, ej) in beads {
            let (m, n, _) = TYPES[t];
            if m == 0 || n == 0 || m > 2 || n > 2 {
                continue;
            }
            let ar = words.ids(&source[ai..ai + m], Lang::Arabic);
            let en = words.ids(&target[ej..ej + n], Lang::English);
            for &a in &ar {
                *c.ar.entry(a).or_default() += 1;
            }
            for &e in &en {
                *c.en.entry(e).or_default() += 1;
            }
            for &a in &ar {
                for &e in &en {
                    *c.pairs.entry((a, e)).or_default() += 1;
                }
            }
        }
        c
    }

    pub(super) fn add(&mut self, other: &Cooccurrence) {
        for (k, v) in &other.ar {
            *self.ar.entry(*k).or_default() += v;
        }
        for (k, v) in &other.en {
            *self.en.entry(*k).or_default() += v;
        }
        for (k, v) in &other.pairs {
            *self.pairs.entry(*k).or_default() += v;
        }
    }

    /// Word pairs that occur in the same beads again and again (Dice ≥
    /// [`LEARN_MIN_DICE`] over at least [`LEARN_MIN_COUNT`] beads), as hunalign
    /// learns a dictionary from its first pass; in a stable order.
    pub(super) fn translations(&self) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = self
            .pairs
            .iter()
            .filter(|&(&(a, e), &c)| {
                let dice = 2.0 * c as f64 / (self.ar[&a] + self.en[&e]) as f64;
                c as usize >= LEARN_MIN_COUNT && dice >= LEARN_MIN_DICE
            })
            .map(|(&k, _)| k)
            .collect();
        out.sort_unstable();
        out
    }
}
