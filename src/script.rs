//! Writing systems: which script a language is written in, which script a text
//! is written in, and whether the two sides of an entry are each in the script of
//! their language.
//!
//! This is the check that keeps English out of an Arabic source column: a pair of
//! line-aligned files given in the wrong order, a headerless TSV with its columns
//! swapped, a document pair given to the aligner the wrong way round. It only
//! counts letters (digits, punctuation, symbols, URLs and e-mail addresses do not
//! count) and looks at a language's *script*, never at words: a language whose
//! script it does not know ([`Script::of_lang`] gives `None`), or a pair of two
//! languages of one script (en→fr), is not checked. Real text mixes scripts (an
//! Arabic source quotes Latin names and URLs, an English target quotes Arabic, a
//! date is left in English on both sides), so a side is only called wrong when it
//! has no letter at all of its script and letters of another: a side that has any
//! letter of its own script passes. One entry alone is refused only when it is
//! swapped (each side in the other's script); a side in a wrong script counts
//! against its file, which is refused when most of a sample of at least
//! [`MIN_SAMPLE`] entries is wrong ([`Sample`]).
//! Pure: strings in, verdicts out; [`crate::ops::import`] and the front ends
//! decide what to do with them.

use std::fmt;

use crate::lang::{LangPair, LangTag};

/// A script `tm` can recognize letters of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    Arabic,
    Latin,
    Cyrillic,
    Greek,
    Hebrew,
    Devanagari,
    Thai,
    /// Chinese characters (and Japanese kanji).
    Han,
    /// Japanese: kana, with kanji (Han letters count as Japanese for `ja`).
    Japanese,
    Hangul,
}

impl Script {
    /// Every script, in declaration order (the index of [`Letters`]' counts).
    const ALL: [Script; 10] = [
        Script::Arabic,
        Script::Latin,
        Script::Cyrillic,
        Script::Greek,
        Script::Hebrew,
        Script::Devanagari,
        Script::Thai,
        Script::Han,
        Script::Japanese,
        Script::Hangul,
    ];
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Script::Arabic => "Arabic",
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Hebrew => "Hebrew",
            Script::Devanagari => "Devanagari",
            Script::Thai => "Thai",
            Script::Han => "Chinese (Han)",
            Script::Japanese => "Japanese",
            Script::Hangul => "Korean (Hangul)",
        })
    }
}

/// Languages (ISO 639-1, as [`LangTag`] writes them) by the one script they are
/// written in. A language written in several scripts (Serbian, Kurdish, Azerbaijani,
/// Uzbek, Punjabi…) is left out unless its tag names the script (`sr-Latn`).
const LANGUAGES: &[(Script, &[&str])] = &[
    (Script::Arabic, &["ar", "fa", "ur", "ps", "sd", "ug", "ckb", "prs"]),
    (
        Script::Latin,
        &[
            "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "nb", "nn", "fi", "pl", "cs", "sk", "sl", "hr",
            "bs", "ro", "hu", "tr", "ca", "id", "ms", "vi", "et", "lv", "lt", "ga", "cy", "eu", "gl", "is", "sq", "af",
            "sw", "mt", "tl", "fil", "lb", "fy", "oc", "br", "gd", "eo", "la", "so", "ha", "yo", "zu", "xh", "wo",
        ],
    ),
    (Script::Cyrillic, &["ru", "uk", "bg", "mk", "be", "kk", "ky", "tg", "mn"]),
    (Script::Greek, &["el"]),
    (Script::Hebrew, &["he", "yi"]),
    (Script::Devanagari, &["hi", "mr", "ne"]),
    (Script::Thai, &["th"]),
    (Script::Han, &["zh"]),
    (Script::Japanese, &["ja"]),
    (Script::Hangul, &["ko"]),
];

impl Script {
    /// The script a language is written in: the tag's script subtag if it has one
    /// (`az-Arab`, `sr-Latn`, `zh-Hant`), else its language's; `None` for a
    /// language whose script this table does not know (then nothing is checked).
    pub fn of_lang(tag: &LangTag) -> Option<Script> {
        let subtag =
            tag.as_str().split('-').skip(1).find(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_alphabetic()));
        if let Some(subtag) = subtag {
            return match subtag {
                "Arab" => Some(Script::Arabic),
                "Latn" => Some(Script::Latin),
                "Cyrl" => Some(Script::Cyrillic),
                "Grek" => Some(Script::Greek),
                "Hebr" => Some(Script::Hebrew),
                "Deva" => Some(Script::Devanagari),
                "Thai" => Some(Script::Thai),
                "Hans" | "Hant" | "Hani" => Some(Script::Han),
                "Jpan" => Some(Script::Japanese),
                "Kore" | "Hang" => Some(Script::Hangul),
                _ => None,
            };
        }
        LANGUAGES.iter().find(|(_, langs)| langs.contains(&tag.primary())).map(|&(script, _)| script)
    }

    /// The script of one letter, if it is one of [`Script`]'s.
    fn of_char(c: char) -> Option<Script> {
        if c.is_ascii() {
            return c.is_ascii_alphabetic().then_some(Script::Latin);
        }
        // The Arabic letters, most of a source's text, without the Unicode tables.
        if ('\u{0621}'..='\u{064A}').contains(&c) {
            return Some(Script::Arabic);
        }
        if !c.is_alphabetic() {
            return None;
        }
        Some(match c as u32 {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
                Script::Latin
            }
            0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
            0x400..=0x52F => Script::Cyrillic,
            0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
            0x591..=0x5FF | 0xFB1D..=0xFB4F => Script::Hebrew,
            0x900..=0x97F => Script::Devanagari,
            0xE00..=0xE7F => Script::Thai,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Japanese,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => Script::Han,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
            _ => return None,
        })
    }

    /// Whether a letter of script `found` counts as this script's: kanji are
    /// Japanese letters too.
    fn takes(self, found: Script) -> bool {
        self == found || (self == Script::Japanese && found == Script::Han)
    }
}

/// The letters of a text, counted by script (URLs and e-mail addresses left out).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Letters {
    /// By [`Script`], in the order of [`Script::ALL`].
    counts: [u32; Script::ALL.len()],
}

impl Letters {
    /// Counts the letters of `text`.
    pub fn of(text: &str) -> Letters {
        let mut letters = Letters::default();
        let mut count = |word: &str| {
            for script in word.chars().filter_map(Script::of_char) {
                letters.counts[script as usize] += 1;
            }
        };
        // Most texts hold no address: their letters are counted in one pass.
        if !(text.contains("://") || text.contains('@') || text.contains("www.")) {
            count(text);
            return letters;
        }
        for word in text.split_whitespace() {
            if !(word.contains("://") || word.contains('@') || word.starts_with("www.")) {
                count(word);
            }
        }
        letters
    }

    fn counted(&self) -> impl Iterator<Item = (Script, u32)> + '_ {
        Script::ALL.iter().zip(self.counts).filter(|&(_, n)| n > 0).map(|(&s, n)| (s, n))
    }

    /// All letters counted.
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// Letters that count as `script`'s.
    pub fn of_script(&self, script: Script) -> u32 {
        self.counted().filter(|(s, _)| script.takes(*s)).map(|(_, n)| n).sum()
    }

    /// The script most letters are in (of two as many, the first in the
    /// declaration order of [`Script`]).
    pub fn main_script(&self) -> Option<Script> {
        self.counted()
            .fold(None, |best: Option<(Script, u32)>, (s, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((s, n)),
            })
            .map(|(s, _)| s)
    }

    /// Whether a text of these letters is in another script than `script`: it has
    /// at least [`MIN_LETTERS`] letters and none of them is `script`'s.
    pub fn not_in(&self, script: Script) -> bool {
        self.total() >= MIN_LETTERS && self.of_script(script) == 0
    }
}

/// Fewer letters than this (an abbreviation, a unit, `No.`) say nothing of a
/// side's language.
pub const MIN_LETTERS: u32 = 3;

/// What is wrong with the scripts of one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The source is in the target language's script and the target in the
    /// source language's: the two sides were given the wrong way round.
    Swapped { source: Script, target: Script },
    /// One side has letters, none of them in its language's script.
    WrongScript { side: Side, expected: Script, found: Script },
}

/// A side of an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Source => "source",
            Side::Target => "target",
        })
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Swapped { source, target } => {
                write!(f, "source and target are swapped: the source is in {target} script and the target in {source}")
            }
            Mismatch::WrongScript { side, expected, found } => {
                write!(f, "the {side} is in {found} script, not {expected}")
            }
        }
    }
}

/// The scripts a memory's pair asks for, when a check can tell them apart: both
/// languages' scripts are known and differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairScripts {
    pub source: Script,
    pub target: Script,
}

impl PairScripts {
    /// `None` when the pair cannot be checked (a script unknown, or one script for
    /// both languages).
    pub fn of(pair: &LangPair) -> Option<PairScripts> {
        let (source, target) = (Script::of_lang(&pair.source)?, Script::of_lang(&pair.target)?);
        (source != target && !source.takes(target) && !target.takes(source)).then_some(PairScripts { source, target })
    }

    /// What is wrong with an entry's scripts, if anything. A side with any letter of
    /// its script, too few letters, or the same text on both sides (a name, a code
    /// left untranslated) passes.
    pub fn check(&self, source: &str, target: &str) -> Option<Mismatch> {
        self.check_telling(source, target).0
    }

    /// [`PairScripts::check`], and whether either side has enough letters to tell
    /// its script ([`telling`]), counting the letters once.
    pub fn check_telling(&self, source: &str, target: &str) -> (Option<Mismatch>, bool) {
        let (s, t) = (Letters::of(source), Letters::of(target));
        let telling = s.total() >= MIN_LETTERS || t.total() >= MIN_LETTERS;
        if source.trim() == target.trim() {
            return (None, telling);
        }
        let source_wrong = s.not_in(self.source);
        let target_wrong = t.not_in(self.target);
        let mismatch = if source_wrong && target_wrong && s.of_script(self.target) > 0 && t.of_script(self.source) > 0 {
            Some(Mismatch::Swapped { source: self.source, target: self.target })
        } else if source_wrong {
            let found = s.main_script().unwrap_or(self.target);
            Some(Mismatch::WrongScript { side: Side::Source, expected: self.source, found })
        } else if target_wrong {
            let found = t.main_script().unwrap_or(self.source);
            Some(Mismatch::WrongScript { side: Side::Target, expected: self.target, found })
        } else {
            None
        };
        (mismatch, telling)
    }
}

impl PairScripts {
    /// What is wrong with the scripts of a whole document and its translation, if
    /// anything: a text is in the wrong script when under a fifth of its letters
    /// are its language's (a document quotes names and titles in other scripts).
    pub fn check_documents(&self, source: &str, target: &str) -> Option<Mismatch> {
        let (s, t) = (Letters::of(source), Letters::of(target));
        let wrong = |l: &Letters, script: Script| l.total() >= MIN_LETTERS && l.of_script(script) * 5 < l.total();
        let (source_wrong, target_wrong) = (wrong(&s, self.source), wrong(&t, self.target));
        if source_wrong && target_wrong && s.main_script() == Some(self.target) && t.main_script() == Some(self.source)
        {
            return Some(Mismatch::Swapped { source: self.source, target: self.target });
        }
        if source_wrong {
            let found = s.main_script().unwrap_or(self.target);
            return Some(Mismatch::WrongScript { side: Side::Source, expected: self.source, found });
        }
        if target_wrong {
            let found = t.main_script().unwrap_or(self.source);
            return Some(Mismatch::WrongScript { side: Side::Target, expected: self.target, found });
        }
        None
    }
}

/// The verdict on a sample of a file's entries: the file is refused when most of
/// the entries that say something are wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sample {
    /// Entries checked (with enough letters on a side to tell).
    pub checked: u32,
    /// Of those, swapped ones, and ones with a side in a wrong script.
    pub swapped: u32,
    pub wrong: u32,
    /// The first wrong script seen on each side (for the message).
    pub found: Option<(Side, Script)>,
}

/// Entries of a file read before the file is judged as a whole.
pub const SAMPLE_SIZE: u32 = 200;
/// Fewer entries than this that tell their script are too few to refuse a file
/// for (test files of a few units, a glossary of names); each swapped one is still
/// refused alone.
pub const MIN_SAMPLE: u32 = 10;

impl Sample {
    /// Adds one entry's verdict; `telling` when either side had enough letters.
    pub fn add(&mut self, mismatch: Option<&Mismatch>, telling: bool) {
        if !telling && mismatch.is_none() {
            return;
        }
        self.checked += 1;
        match mismatch {
            Some(Mismatch::Swapped { .. }) => self.swapped += 1,
            Some(Mismatch::WrongScript { side, found, .. }) => {
                self.wrong += 1;
                self.found.get_or_insert((*side, *found));
            }
            None => {}
        }
    }

    /// Whether enough entries were seen to judge the file.
    pub fn is_full(&self) -> bool {
        self.checked >= SAMPLE_SIZE
    }

    /// Why the file should be refused, if it should: at least [`MIN_SAMPLE`]
    /// entries were checked and at least half of them are wrong.
    pub fn refusal(&self, scripts: &PairScripts) -> Option<String> {
        let bad = self.swapped + self.wrong;
        if self.checked < MIN_SAMPLE || bad * 2 < self.checked {
            return None;
        }
        let of = format!("{bad} of the {} entries checked", self.checked);
        Some(if self.swapped * 2 >= self.checked {
            format!(
                "{of} have their source in {} script and their target in {}: the sides are swapped, \
                 give them the other way round",
                scripts.target, scripts.source
            )
        } else {
            let (side, found) = self.found.unwrap_or((Side::Source, scripts.target));
            let expected = if side == Side::Source { scripts.source } else { scripts.target };
            format!("{of} are wrong, the first one with its {side} in {found} script, not {expected}: wrong language")
        })
    }
}

/// Of `texts` (segments of a document), how many tell their script (enough
/// letters) and how many of those are not in `script` at all: a document in
/// another language than the memory's source.
pub fn count_not_in<'a>(texts: impl IntoIterator<Item = &'a str>, script: Script) -> (usize, usize) {
    texts
        .into_iter()
        .map(Letters::of)
        .filter(|l| l.total() >= MIN_LETTERS)
        .fold((0, 0), |(telling, not_in), l| (telling + 1, not_in + usize::from(l.of_script(script) == 0)))
}

/// Whether a text gives enough letters to tell its script ([`MIN_LETTERS`]).
pub fn telling(text: &str) -> bool {
    Letters::of(text).total() >= MIN_LETTERS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scripts() -> PairScripts {
        PairScripts::of(&LangPair::arabic_english()).unwrap()
    }

    /// Each script is counted in its own place of [`Letters`].
    #[test]
    fn every_script_has_its_own_count() {
        assert!(Script::ALL.iter().enumerate().all(|(i, &s)| s as usize == i));
        let letters = Letters::of("نفط Tengiz Тенгиз");
        assert_eq!((letters.of_script(Script::Arabic), letters.of_script(Script::Latin)), (3, 6));
        assert_eq!((letters.of_script(Script::Cyrillic), letters.main_script()), (6, Some(Script::Latin)));
        let addresses = Letters::of("راجع www.kmg.kz أو info@kmg.kz أو https://kmg.kz/ar");
        assert_eq!((addresses.of_script(Script::Arabic), addresses.of_script(Script::Latin)), (8, 0));
    }

    fn tag(s: &str) -> LangTag {
        LangTag::parse(s).unwrap()
    }

    #[test]
    fn languages_have_their_scripts_and_script_subtags_win() {
        assert_eq!(Script::of_lang(&tag("ar-SA")), Some(Script::Arabic));
        assert_eq!(Script::of_lang(&tag("fa")), Some(Script::Arabic));
        assert_eq!(Script::of_lang(&tag("ur")), Some(Script::Arabic));
        assert_eq!(Script::of_lang(&tag("en-GB")), Some(Script::Latin));
        assert_eq!(Script::of_lang(&tag("de")), Some(Script::Latin));
        assert_eq!(Script::of_lang(&tag("sr")), None);
        assert_eq!(Script::of_lang(&tag("sr-Latn")), Some(Script::Latin));
        assert_eq!(Script::of_lang(&tag("az-Arab")), Some(Script::Arabic));
        assert_eq!(Script::of_lang(&tag("zh-Hant-TW")), Some(Script::Han));
        assert_eq!(Script::of_lang(&tag("tlh")), None);
    }

    #[test]
    fn pairs_of_one_script_or_an_unknown_one_are_not_checked() {
        let pair = |s: &str, t: &str| LangPair { source: tag(s), target: tag(t) };
        assert!(PairScripts::of(&pair("en", "fr")).is_none());
        assert!(PairScripts::of(&pair("ar", "fa")).is_none());
        assert!(PairScripts::of(&pair("en", "sr")).is_none());
        assert!(PairScripts::of(&pair("zh", "ja")).is_none());
        assert!(PairScripts::of(&pair("en", "ja")).is_some());
    }

    #[test]
    fn real_mixed_text_passes() {
        let s = scripts();
        // An Arabic source with a Latin name, a number and a URL; a target quoting Arabic.
        assert_eq!(
            s.check(
                "أعلنت شركة Chevron عن 2,000 وظيفة: http://www.chevron.com/careers",
                "Chevron announced 2,000 jobs"
            ),
            None
        );
        assert_eq!(s.check("سمي الحقل تنغيز", "The field was called Tengiz (تنغيز)"), None);
        // A name or a code left as it is, and a side too short to tell.
        assert_eq!(s.check("OPEC", "OPEC"), None);
        assert_eq!(s.check("الرقم 5", "No."), None);
        assert_eq!(s.check("٢٠١٢", "2012"), None);
    }

    #[test]
    fn a_swapped_unit_and_a_side_in_the_wrong_script_are_found() {
        let s = scripts();
        assert_eq!(
            s.check("The strike ended.", "انتهى الإضراب."),
            Some(Mismatch::Swapped { source: Script::Arabic, target: Script::Latin })
        );
        assert_eq!(
            s.check("The strike ended.", "La grève est finie."),
            Some(Mismatch::WrongScript { side: Side::Source, expected: Script::Arabic, found: Script::Latin })
        );
        assert_eq!(
            s.check("انتهى الإضراب.", "انتهى الإضراب أمس."),
            Some(Mismatch::WrongScript { side: Side::Target, expected: Script::Latin, found: Script::Arabic })
        );
        assert_eq!(
            s.check("The strike ended.", "انتهى الإضراب.").unwrap().to_string(),
            "source and target are swapped: the source is in Latin script and the target in Arabic"
        );
    }

    #[test]
    fn documents_given_the_wrong_way_round_are_found() {
        let s = scripts();
        let ar = "انتهى الإضراب في حقل تنغيز. وقالت شركة Chevron إن الإنتاج عاد.";
        let en = "The strike at the Tengiz field ended. Chevron said production resumed.";
        assert_eq!(s.check_documents(ar, en), None);
        assert_eq!(
            s.check_documents(en, ar),
            Some(Mismatch::Swapped { source: Script::Arabic, target: Script::Latin })
        );
        assert!(matches!(s.check_documents(en, en), Some(Mismatch::WrongScript { side: Side::Source, .. })));
    }

    #[test]
    fn segments_not_in_the_source_script_are_counted() {
        let segments = ["The strike ended.", "Workers went back.", "انتهى الإضراب.", "2012"];
        assert_eq!(count_not_in(segments, Script::Arabic), (3, 2));
    }

    #[test]
    fn kanji_count_as_japanese() {
        let pair = LangPair { source: tag("en"), target: tag("ja") };
        assert_eq!(PairScripts::of(&pair).unwrap().check("Save the file", "保存"), None);
    }

    #[test]
    fn a_sample_mostly_wrong_refuses_the_file_and_a_few_wrong_units_do_not() {
        let s = scripts();
        let mut sample = Sample::default();
        for _ in 0..10 {
            sample.add(s.check("The strike ended.", "انتهى الإضراب.").as_ref(), true);
        }
        sample.add(None, true);
        let why = sample.refusal(&s).unwrap();
        assert!(why.starts_with("10 of the 11 entries checked") && why.contains("swapped"), "{why}");
        // A sample too small refuses nothing.
        let mut small = Sample::default();
        for _ in 0..MIN_SAMPLE - 1 {
            small.add(s.check("The strike ended.", "La grève est finie.").as_ref(), true);
        }
        assert_eq!(small.refusal(&s), None);
        let mut sample = Sample::default();
        for _ in 0..10 {
            sample.add(None, true);
        }
        sample.add(s.check("The strike ended.", "انتهى الإضراب.").as_ref(), true);
        assert_eq!(sample.refusal(&s), None);
        // Entries that tell nothing are not counted.
        sample.add(None, false);
        assert_eq!(sample.checked, 11);
    }
}
