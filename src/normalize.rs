//! Matching keys: the form of a text in which spelling variants that do not change
//! meaning are equal, with a map from every key byte back to the original text.
//!
//! Keys are for comparing (fuzzy matching, concordance search, glossary lookup),
//! never for what is stored or shown: entries keep their text exactly as imported.
//! The rules, each applied to every character, in this order:
//!
//! 1. **Presentation forms** (U+FB50–U+FDFF, U+FE70–U+FEFE) and fullwidth forms
//!    (U+FF01–U+FF5E) become their compatibility decomposition (`ﻻ` → `لا`), which
//!    then goes through the rules below.
//! 2. **Harakat, tanween, shadda, sukun, maddah, hamza marks and superscript alef**
//!    are removed (U+0610–U+061A, U+064B–U+065F, U+0670, U+06D6–U+06ED,
//!    U+08D3–U+08FF): `مُحَمَّد` → `محمد`.
//! 3. **Tatweel** U+0640 is removed: `البيـــان` → `البيان`.
//! 4. **Bidi and format controls** are removed: ZWSP, ZWNJ, ZWJ, LRM, RLM, ALM,
//!    LRE…RLO, LRI…PDI, word joiner, BOM, soft hyphen.
//! 5. **Alef forms** `أ إ آ ٱ ٲ ٳ ٵ` → `ا`: `إكسون` → `اكسون`.
//! 6. **Ya and alef maqsura** `ى ی ئ` → `ي`: `مستشفى` → `مستشفي`, `رئيس` → `رييس`.
//! 7. **Waw with hamza** `ؤ ٶ` → `و`: `مسؤول` → `مسوول`.
//! 8. **Ta marbuta** `ة ۃ` → `ه`: `حالة` → `حاله`.
//! 9. **Keheh** `ک` → `ك` (Persian and Urdu keyboards).
//! 10. **Digits**: Arabic-Indic `٠…٩` and Persian `۰…۹` → ASCII `0…9`.
//! 11. **Punctuation** folded to one form: `،`/`٬` → `,`, `؛` → `;`, `؟` → `?`,
//!     `٪` → `%`, `٫` → `.` (so `٥٫٣` = `5.3`), `۔` → `.`, `« » “ ” „` → `"`,
//!     `‘ ’ ‚` → `'`, dashes `‒ – — ―` → `-`, `…` → `...`, `﴾ ﴿` → `( )`.
//! 12. **Latin**: lower case, and accents removed from Latin letters (`Öz` → `oz`).
//! 13. **Whitespace**: every run of white space (NBSP and narrow NBSP included) is
//!     one space; none at the start or end.
//!
//! Hamza alone (`ء`) and the letters themselves are kept: `سال` and `سأل` fold
//! together, `سال` and `سؤال` do not.

use unicode_normalization::char::{decompose_canonical, decompose_compatible};

/// What one character becomes in a key.
enum Fold {
    Keep,
    Drop,
    Space,
    To(char),
    ToStr(&'static str),
    /// Decompose and fold the parts (presentation forms, accented Latin).
    Compatibility,
    Canonical,
}

fn fold(c: char) -> Fold {
    match c {
        'A'..='Z' => Fold::To(c.to_ascii_lowercase()),
        c if c.is_ascii() => {
            if c.is_ascii_whitespace() || c.is_ascii_control() {
                Fold::Space
            } else {
                Fold::Keep
            }
        }
        // 2. marks
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => Fold::Drop,
        '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}' | '\u{06E8}' => Fold::Drop,
        '\u{06EA}'..='\u{06ED}' | '\u{08D3}'..='\u{08FF}' => Fold::Drop,
        // 12. combining accents (decomposed Latin input)
        '\u{0300}'..='\u{036F}' => Fold::Drop,
        // 3. tatweel
        '\u{0640}' => Fold::Drop,
        // 4. format controls
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' => Fold::Drop,
        '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => Fold::Drop,
        // 5.–9. letters
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' => Fold::To('ا'),
        'ى' | 'ی' | 'ئ' => Fold::To('ي'),
        'ؤ' | 'ٶ' => Fold::To('و'),
        'ة' | 'ۃ' => Fold::To('ه'),
        'ک' => Fold::To('ك'),
        // 10. digits
        '\u{0660}'..='\u{0669}' => Fold::To(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => Fold::To(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        // 11. punctuation
        '،' | '٬' => Fold::To(','),
        '؛' => Fold::To(';'),
        '؟' => Fold::To('?'),
        '٪' => Fold::To('%'),
        '٫' | '۔' => Fold::To('.'),
        '«' | '»' | '“' | '”' | '„' | '‟' => Fold::To('"'),
        '‘' | '’' | '‚' | '‛' => Fold::To('\''),
        '‒' | '–' | '—' | '―' => Fold::To('-'),
        '…' => Fold::ToStr("..."),
        '﴾' => Fold::To('('),
        '﴿' => Fold::To(')'),
        // (the common case, answered before the Unicode tables below)
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => Fold::Keep,
        // 1. compatibility forms
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' | '\u{FF01}'..='\u{FF5E}' => Fold::Compatibility,
        // 12. Latin with accents, other cased letters
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => Fold::Canonical,
        c if c.is_whitespace() => Fold::Space,
        c if c.is_uppercase() => Fold::Compatibility,
        _ => Fold::Keep,
    }
}

/// A key and, for each of its bytes, the byte span of the original text it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Key {
    pub text: String,
    /// `spans[i]` is the original byte range of the character that made key byte `i`.
    spans: Vec<(u32, u32)>,
}

impl Key {
    /// The original byte range behind the key byte range `start..end` (non-empty).
    pub fn original(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        debug_assert!(start < end && end <= self.text.len());
        self.spans[start].0 as usize..self.spans[end - 1].1 as usize
    }
}

/// Builds keys; `map` says whether to record the spans.
struct Builder<'a> {
    out: &'a mut String,
    spans: Option<&'a mut Vec<(u32, u32)>>,
    /// A space is owed before the next kept character.
    pending_space: bool,
}

impl Builder<'_> {
    fn push(&mut self, c: char, span: (u32, u32)) {
        if self.pending_space && !self.out.is_empty() {
            self.out.push(' ');
            if let Some(spans) = self.spans.as_deref_mut() {
                spans.push(span);
            }
        }
        self.pending_space = false;
        let len = c.len_utf8();
        self.out.push(c);
        if let Some(spans) = self.spans.as_deref_mut() {
            spans.extend(std::iter::repeat_n(span, len));
        }
    }

    fn add(&mut self, c: char, span: (u32, u32), depth: u8) {
        match fold(c) {
            Fold::Keep => self.push(c, span),
            Fold::Drop => {}
            Fold::Space => self.pending_space = true,
            Fold::To(t) => self.push(t, span),
            Fold::ToStr(s) => s.chars().for_each(|t| self.push(t, span)),
            Fold::Compatibility | Fold::Canonical if depth > 0 => {
                for l in c.to_lowercase() {
                    self.push(l, span)
                }
            }
            Fold::Compatibility => {
                let mut parts = Vec::new();
                decompose_compatible(c, |p| parts.push(p));
                for p in parts {
                    for l in p.to_lowercase() {
                        self.add(l, span, depth + 1);
                    }
                }
            }
            Fold::Canonical => {
                let mut base = None;
                decompose_canonical(c, |p| {
                    if base.is_none() {
                        base = Some(p)
                    }
                });
                for l in base.unwrap_or(c).to_lowercase() {
                    self.add(l, span, depth + 1);
                }
            }
        }
    }
}

fn build(text: &str, out: &mut String, spans: Option<&mut Vec<(u32, u32)>>) {
    out.clear();
    let mut b = Builder { out, spans, pending_space: false };
    for (i, c) in text.char_indices() {
        let span = (i as u32, (i + c.len_utf8()) as u32);
        b.add(c, span, 0);
    }
}

/// The matching key of `text` (rules in the module docs).
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    build(text, &mut out, None);
    out
}

/// Like [`key`], into a buffer that is reused.
pub fn key_into(text: &str, out: &mut String) {
    build(text, out, None);
}

/// The matching key of `text` with its map back to `text`.
pub fn key_with_map(text: &str) -> Key {
    let mut out = String::with_capacity(text.len());
    let mut spans = Vec::with_capacity(text.len());
    build(text, &mut out, Some(&mut spans));
    Key { text: out, spans }
}

/// A number's canonical form (of a key's ASCII digits): grouping separators out
/// (`1,200`, `1.200` → `1200`), a decimal comma as a point, no leading zeros. The
/// matcher's placeables and the aligner's number anchors compare numbers so.
///
/// The form is its own canonical form. Where taking leading zeros off would leave
/// what reads as thousands groups (`073.710`, a decimal, would become `73.710`,
/// which reads as 73710), one zero stays: the zero is what said it was no groups.
pub fn canonical_number(text: &str) -> String {
    // Both marks (`1,250.50`, `1.250,50`): the last one is the decimal mark.
    let decimal = match (text.rfind(','), text.rfind('.')) {
        (Some(comma), Some(point)) => {
            let at = comma.max(point);
            let (int, frac) = (&text[..at], &text[at + 1..]);
            (!frac.contains([',', '.'])).then(|| format!("{}.{frac}", int.replace([',', '.'], "")))
        }
        _ => None,
    };
    let canonical = match decimal {
        Some(decimal) => decimal,
        None if reads_as_groups(text) => text.replace([',', '.'], ""),
        None => text.replace(',', "."),
    };
    let trimmed = canonical.trim_start_matches('0');
    // A zero before a mark stays (`0.5`, `00/05` → `0/05`: taking it would leave a
    // number that starts with its separator, which reads otherwise once written),
    // and so does one before what would read as groups.
    if trimmed.chars().next().is_none_or(|c| !c.is_ascii_digit()) || reads_as_groups(trimmed) {
        format!("0{trimmed}")
    } else {
        trimmed.to_string()
    }
}

/// Whether a number is written in thousands groups (`1,250`, `12.500.000`): a
/// first group of one to three digits, then groups of three, after one kind of
/// mark or the other. Groups never start with a zero: `0.500` and `0,000` are
/// decimals (read as groups, `0.000` became `0`, whose own reading is `0`, while
/// `.000` read as `0.000`).
fn reads_as_groups(text: &str) -> bool {
    text.len() > 4
        && !text.starts_with('0')
        && text.contains([',', '.'])
        && text.split([',', '.']).enumerate().all(|(i, g)| {
            g.bytes().all(|b| b.is_ascii_digit()) && if i == 0 { (1..=3).contains(&g.len()) } else { g.len() == 3 }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// From a fuzzing run (normalize): `.000` read as `0.000`, which read as the
    /// thousands groups `0` and `000`, so `0`: a canonical number was not its own
    /// canonical form.
    #[test]
    fn a_number_starting_with_zero_is_no_thousands_groups() {
        // (number, canonical form). Also from a fuzzing run (matcher): zeros before
        // a `/` or `:` were all taken, and the number put into a target
        // (`/0330267493`) read back as another. A zero before a mark stays.
        let cases = [
            (".000", "0.000"),
            ("0.000", "0.000"),
            ("0,500", "0.500"),
            ("1,250", "1250"),
            ("12.500.000", "12500000"),
            ("000/0330267493", "0/0330267493"),
            ("00:05", "0:05"),
            // Also from a fuzzing run (normalize): `073.710` is no groups (it starts
            // with a zero), but without its zero it read as 73710.
            ("073.710", "073.710"),
            ("0073.710", "073.710"),
            ("1,2.345", "012.345"),
            ("73.710", "73710"),
        ];
        for (number, canonical) in cases {
            assert_eq!(canonical_number(number), canonical, "{number}");
            assert_eq!(canonical_number(canonical), canonical, "{canonical} is not its own form");
        }
    }

    /// One test per rule, each with a real word (as Lucene's
    /// TestArabicNormalizationFilter does).
    #[test]
    fn presentation_forms_become_letters() {
        assert_eq!(key("ﻻ"), "لا");
        assert_eq!(key("ﺍﻟﻨﻔﻂ"), "النفط");
        assert_eq!(key("ﻷ"), "لا");
    }

    #[test]
    fn harakat_and_shadda_are_removed() {
        assert_eq!(key("مُحَمَّدٌ"), "محمد");
        assert_eq!(key("قالَ الشاعرُ"), "قال الشاعر");
        assert_eq!(key("عَمّانَ"), "عمان");
    }

    #[test]
    fn tanween_and_sukun_are_removed() {
        assert_eq!(key("عقداً"), "عقدا");
        assert_eq!(key("مِنْ"), "من");
    }

    #[test]
    fn superscript_alef_is_removed() {
        assert_eq!(key("هٰذا"), "هذا");
        assert_eq!(key("الرَّحْمٰن"), "الرحمن");
    }

    #[test]
    fn tatweel_is_removed() {
        assert_eq!(key("البيـــان الختامـــي"), "البيان الختامي");
    }

    #[test]
    fn bidi_and_format_controls_are_removed() {
        assert_eq!(key("د\u{200F}.\u{200F}"), "د.");
        assert_eq!(key("\u{202B}كازاخستان\u{202C}"), "كازاخستان");
        assert_eq!(key("\u{FEFF}نفط"), "نفط");
        assert_eq!(key("می\u{200C}خواهم"), "ميخواهم");
    }

    #[test]
    fn alef_forms_become_bare_alef() {
        assert_eq!(key("أذربيجان"), "اذربيجان");
        assert_eq!(key("إكسون"), "اكسون");
        assert_eq!(key("آسيا"), "اسيا");
        assert_eq!(key("ٱلله"), "الله");
    }

    #[test]
    fn alef_maqsura_and_ya_with_hamza_become_ya() {
        assert_eq!(key("مستشفى"), "مستشفي");
        assert_eq!(key("رئيس"), "رييس");
        assert_eq!(key("فارسی"), "فارسي");
    }

    #[test]
    fn waw_with_hamza_becomes_waw() {
        assert_eq!(key("مسؤول"), "مسوول");
    }

    #[test]
    fn ta_marbuta_becomes_ha() {
        assert_eq!(key("الحكومة"), "الحكومه");
    }

    #[test]
    fn keheh_becomes_kaf() {
        assert_eq!(key("کتاب"), "كتاب");
    }

    #[test]
    fn arabic_indic_and_persian_digits_become_ascii() {
        assert_eq!(key("٢٠١١"), "2011");
        assert_eq!(key("۱۳۹۰"), "1390");
        assert_eq!(key("٣٥٫٨٪"), "35.8%");
    }

    #[test]
    fn arabic_punctuation_is_folded() {
        assert_eq!(key("هل انتهى؟"), "هل انتهي?");
        assert_eq!(key("أولاً، ثانياً؛"), "اولا, ثانيا;");
        assert_eq!(key("«المقدمة»"), "\"المقدمه\"");
        assert_eq!(key("الأرز… إلخ"), "الارز... الخ");
        assert_eq!(key("2011–2012"), "2011-2012");
    }

    #[test]
    fn latin_is_lower_cased_without_accents() {
        assert_eq!(key("KazMunayGas"), "kazmunaygas");
        assert_eq!(key("Özenmunaigas Café"), "ozenmunaigas cafe");
        assert_eq!(key("Cafe\u{0301}"), "cafe");
    }

    #[test]
    fn whitespace_runs_become_one_space() {
        assert_eq!(key("  في\u{00A0}\u{00A0}عام\t2006\n"), "في عام 2006");
        assert_eq!(key("   "), "");
    }

    #[test]
    fn hamza_alone_is_kept() {
        assert_eq!(key("سؤال"), "سوال");
        assert_ne!(key("سماء"), key("سما"));
    }

    #[test]
    fn key_map_points_back_to_the_original() {
        let text = "البيـــان  الختامـــي";
        let k = key_with_map(text);
        let word = k.text.find("الختامي").unwrap();
        let span = k.original(word, word + "الختامي".len());
        assert_eq!(&text[span], "الختامـــي");
    }

    proptest! {
        #[test]
        fn key_is_idempotent(s in "\\PC{0,40}") {
            let once = key(&s);
            prop_assert_eq!(key(&once), once.clone());
        }

        #[test]
        fn key_map_covers_the_key(s in "[ا-ي ًٌٍَُِّْـ0-9a-zA-Z،؟.]{0,40}") {
            let k = key_with_map(&s);
            prop_assert_eq!(k.spans.len(), k.text.len());
            for &(a, b) in &k.spans {
                prop_assert!(a < b && (b as usize) <= s.len());
            }
        }
    }
}
