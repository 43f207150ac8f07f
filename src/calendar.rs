//! Month and weekday names: in Arabic text as the matcher finds them, in English as
//! a translation writes them. The matcher treats them as placeables, as numbers
//! are: a match whose only difference is the month (`مايو` → `يونيو`) has the
//! English month put right in its target, where the target names it exactly once.
//!
//! Arabic names the Gregorian months three ways: from the Latin names (Egypt, the
//! Gulf: يناير، مايو), with the Syriac names (the Levant and Iraq: كانون الثاني،
//! أيار) and from the French ones (the Maghreb: جانفي، جوان), besides Morocco's
//! own (يوليوز، غشت). All of them are here. `آب` (August) is not: without its
//! madda it is `أب`, "father", which a translation would not call August.
//! Sources: the month names of the Unicode CLDR Arabic locales (ar-EG, ar-SY,
//! ar-DZ, ar-MA) and common editorial usage.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::normalize;
use crate::tokenize;

/// A month (1–12) or a weekday (1 = Monday … 7 = Sunday).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Date {
    Month(u8),
    Weekday(u8),
}

/// The stems under which the index files an entry that names a month, or a
/// weekday, whichever (a control character first: no word has it).
pub const MONTH_STEM: &str = "\u{2}month";
pub const WEEKDAY_STEM: &str = "\u{2}weekday";

/// The class stem of a date ([`MONTH_STEM`], [`WEEKDAY_STEM`]).
pub fn class_stem(date: Date) -> &'static str {
    match date {
        Date::Month(_) => MONTH_STEM,
        Date::Weekday(_) => WEEKDAY_STEM,
    }
}

/// The most words an Arabic name has (`كانون الثاني`).
pub const MAX_WORDS: usize = 2;

const MONTHS: [(&str, &[&str]); 12] = [
    ("January", &["يناير", "كانون الثاني", "جانفي"]),
    ("February", &["فبراير", "شباط", "فيفري"]),
    ("March", &["مارس", "آذار"]),
    ("April", &["أبريل", "إبريل", "نيسان", "أفريل"]),
    ("May", &["مايو", "أيار"]),
    ("June", &["يونيو", "يونيه", "حزيران", "جوان"]),
    ("July", &["يوليو", "يوليه", "تموز", "جويلية", "يوليوز"]),
    ("August", &["أغسطس", "أوت", "غشت"]),
    ("September", &["سبتمبر", "أيلول", "شتنبر"]),
    ("October", &["أكتوبر", "تشرين الأول"]),
    ("November", &["نوفمبر", "تشرين الثاني", "نونبر"]),
    ("December", &["ديسمبر", "كانون الأول", "دجنبر"]),
];

const WEEKDAYS: [(&str, &[&str]); 7] = [
    ("Monday", &["الاثنين", "الإثنين"]),
    ("Tuesday", &["الثلاثاء"]),
    ("Wednesday", &["الأربعاء"]),
    ("Thursday", &["الخميس"]),
    ("Friday", &["الجمعة"]),
    ("Saturday", &["السبت"]),
    ("Sunday", &["الأحد"]),
];

impl Date {
    /// The English name.
    pub fn english(self) -> &'static str {
        match self {
            Date::Month(m) => MONTHS[usize::from(m) - 1].0,
            Date::Weekday(d) => WEEKDAYS[usize::from(d) - 1].0,
        }
    }

    /// Where the English name stands in `text`: whole words, capitalized as English
    /// writes them (`May`, not the verb `may`), as byte ranges.
    pub fn find_in(self, text: &str) -> Vec<std::ops::Range<usize>> {
        let name = self.english();
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        text.match_indices(name)
            .filter(|&(at, _)| {
                let before = text[..at].chars().next_back().is_none_or(|c| !is_word(c));
                let after = text[at + name.len()..].chars().next().is_none_or(|c| !is_word(c));
                before && after
            })
            .map(|(at, _)| at..at + name.len())
            .collect()
    }
}

/// Names by the key of their first word: (keys of their words, date).
type Names = HashMap<String, Vec<(Vec<String>, Date)>>;

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut out = Names::new();
        let months = MONTHS.iter().enumerate().map(|(i, (_, v))| (Date::Month(i as u8 + 1), *v));
        let weekdays = WEEKDAYS.iter().enumerate().map(|(i, (_, v))| (Date::Weekday(i as u8 + 1), *v));
        for (date, spellings) in months.chain(weekdays) {
            for spelling in spellings {
                let key = normalize::key(spelling);
                let words: Vec<String> = key.split(' ').map(str::to_string).collect();
                out.entry(words[0].clone()).or_default().push((words, date));
            }
        }
        for list in out.values_mut() {
            list.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        }
        out
    })
}

/// Whether a word whose stem ([`tokenize::stem`]) hashes to `stem_hash` (FNV-1a)
/// may begin a month or weekday name: a test of a few comparisons, so that the
/// matcher looks names up only for the words that may be one.
pub fn may_begin(stem_hash: u64) -> bool {
    static STEMS: OnceLock<Vec<u64>> = OnceLock::new();
    let stems = STEMS.get_or_init(|| {
        let mut v: Vec<u64> = names().keys().map(|w| crate::hash::fnv1a(tokenize::stem(w).as_bytes()) as u64).collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    stems.binary_search(&stem_hash).is_ok()
}

/// The date named at the start of `words` (keys of word tokens, the first one with
/// any proclitics: `ومايو`, `وفي حزيران`), and how many words the name takes and
/// the proclitic bytes on the first.
pub fn find(words: &[&str]) -> Option<(Date, usize, usize)> {
    let first = words.first()?;
    for form in tokenize::clitic_forms(first) {
        let Some(list) = names().get(form) else { continue };
        for (name, date) in list {
            if name.len() <= words.len() && name[1..].iter().zip(&words[1..]).all(|(a, b)| a == b) {
                return Some((*date, name.len(), first.len() - form.len()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<(Date, usize)> {
        let key = normalize::key(text);
        let words: Vec<&str> = key.split(' ').collect();
        find(&words).map(|(d, n, _)| (d, n))
    }

    #[test]
    fn months_are_found_in_every_regional_name_and_with_proclitics() {
        assert_eq!(date("مايو 2012"), Some((Date::Month(5), 1)));
        assert_eq!(date("أيار"), Some((Date::Month(5), 1)));
        assert_eq!(date("وفي"), None);
        assert_eq!(date("وحزيران"), Some((Date::Month(6), 1)));
        assert_eq!(date("كانون الثاني 2011"), Some((Date::Month(1), 2)));
        assert_eq!(date("كانون الأول"), Some((Date::Month(12), 2)));
        assert_eq!(date("تشرين الاول"), Some((Date::Month(10), 2)));
        assert_eq!(date("كانون"), None, "the first word alone is no month");
        assert_eq!(date("جوان"), Some((Date::Month(6), 1)));
        assert_eq!(date("أب"), None, "father, not August");
        assert_eq!(date("الجمعة"), Some((Date::Weekday(5), 1)));
        assert_eq!(date("والخميس"), Some((Date::Weekday(4), 1)));
    }

    #[test]
    fn english_names_are_found_as_capitalized_words() {
        let text = "Workers may strike in May; Mayday, May's end.";
        let found: Vec<&str> = Date::Month(5).find_in(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, vec!["May", "May"]);
        assert_eq!(Date::Weekday(7).find_in("on Sunday").len(), 1);
    }
}
