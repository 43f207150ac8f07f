//! Quality checks of finished translations: what a reviewer looks for in an
//! Arabic→English pair, found without a person — a glossary name rendered
//! otherwise, a number changed, Arabic left in the English, Arabic punctuation or
//! bidi controls in the English, a placeholder or inline code lost, and one source
//! translated two ways in one file. Pure: pairs of strings in, [`Finding`]s out;
//! reading files is [`crate::ops::check`].
//!
//! A finding has a kind, a severity, a message, the byte spans it concerns in the
//! source and in the target, and, where one is unambiguous, a fix (a span of the
//! target and what goes there).

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::align::lexicon::sound_key;
use crate::glossary::Glossary;
use crate::normalize::{self, canonical_number};
use crate::tokenize::{self, Kind as TokenKind};

/// What a check looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A glossary name whose approved rendering is not in the target.
    Term,
    /// The numbers of source and target differ as values.
    Number,
    /// Arabic script in the English target, or a target equal to its source.
    Untranslated,
    /// Arabic punctuation, tatweel or bidi controls in the English target; a
    /// question that is not one in the target.
    Punctuation,
    /// A placeholder, inline code, URL or e-mail address on one side only.
    Placeholder,
    /// One source translated two ways in one file.
    Consistency,
}

impl Kind {
    pub const ALL: [Kind; 6] =
        [Kind::Term, Kind::Number, Kind::Untranslated, Kind::Punctuation, Kind::Placeholder, Kind::Consistency];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Term => "term",
            Kind::Number => "number",
            Kind::Untranslated => "untranslated",
            Kind::Punctuation => "punctuation",
            Kind::Placeholder => "placeholder",
            Kind::Consistency => "consistency",
        }
    }
}

/// How much a finding matters, least first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look (a style matter, an inconsistency).
    Info,
    /// Probably wrong.
    #[default]
    Warning,
    /// Wrong: the translation says something else than its source.
    Error,
}

/// A replacement in the target that mends a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Byte range of the target replaced…
    pub span: (usize, usize),
    /// …and what goes there.
    pub replacement: String,
}

/// Something wrong with one pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub severity: Severity,
    pub message: String,
    /// Byte ranges in the source and the target, where the finding has one.
    pub source_span: Option<(usize, usize)>,
    pub target_span: Option<(usize, usize)>,
    pub fix: Option<Fix>,
}

fn span(r: Range<usize>) -> Option<(usize, usize)> {
    Some((r.start, r.end))
}

/// English words for the small numbers a translation writes out (`three workers`
/// for `3 عمال`, or `١٠` for `ten`).
const NUMBER_WORDS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// English tens, from twenty (`Fifty-eight percent` for `58٪`).
const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// Arabic tens, from twenty, in both cases (`بعشرين عامًا`, `20 years`).
const ARABIC_TENS: [[&str; 2]; 8] = [
    ["عشرون", "عشرين"],
    ["ثلاثون", "ثلاثين"],
    ["اربعون", "اربعين"],
    ["خمسون", "خمسين"],
    ["ستون", "ستين"],
    ["سبعون", "سبعين"],
    ["ثمانون", "ثمانين"],
    ["تسعون", "تسعين"],
];

/// The values of the numbers an English text writes in words below a hundred
/// (`fifty-eight`, `twenty`, `three`), from its words as matching keys.
fn english_number_words(words: &[&str]) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if let Some(t) = TENS.iter().position(|t| t == w) {
            let unit = words.get(i + 1).and_then(|u| NUMBER_WORDS[1..10].iter().position(|n| n == u));
            out.push(20 + 10 * t + unit.map_or(0, |u| u + 1));
        } else if let Some(n) = NUMBER_WORDS.iter().position(|n| n == w) {
            out.push(n);
        }
    }
    out
}

/// The tens an Arabic text writes in words, with or without proclitics.
fn arabic_tens(text: &str) -> Vec<usize> {
    let key = normalize::key(text);
    let mut out = Vec::new();
    for t in tokenize::tokens(&key) {
        for form in tokenize::clitic_forms(t.text(&key)) {
            if let Some(i) = ARABIC_TENS.iter().position(|forms| forms.contains(&form)) {
                out.push(20 + 10 * i);
            }
        }
    }
    out
}

/// The hour of a time on the hour (`04:00` is `4`), which a source may give as a
/// bare number (`الساعة 4`).
fn hour(value: &str) -> Option<&str> {
    value.strip_suffix(":00").filter(|h| !h.is_empty() && h.len() <= 2 && h.chars().all(|c| c.is_ascii_digit()))
}

/// Whether two numbers (canonical) are one value.
fn agree(a: &str, b: &str) -> bool {
    a == b || hour(a) == Some(b) || hour(b) == Some(a)
}

/// The power of ten an abbreviation glued to a number multiplies it by (`£2.8bn`,
/// `$125m`); `m` and `k` only after a currency sign, since `100m` is also a
/// distance.
fn glued_multiplier(before: &str, after: &str) -> Option<i32> {
    let word: String = after.chars().take_while(char::is_ascii_alphabetic).collect();
    let money = before.trim_end().ends_with(['£', '$', '€', '¥']);
    match word.as_str() {
        "bn" => Some(9),
        "tn" | "trn" => Some(12),
        "m" | "mn" if money => Some(6),
        "k" if money => Some(3),
        _ => None,
    }
}

/// The power of ten a word after a number multiplies it by (`300 ألف`, `2.5
/// million`).
fn multiplier(word: &str) -> Option<i32> {
    // The accusative's alef (`16.5 مليونًا`, as a key `مليونا`).
    let word = word.strip_suffix('ا').filter(|w| w.starts_with("مل")).unwrap_or(word);
    match word {
        "الف" | "الاف" | "آلاف" | "thousand" | "thousands" => Some(3),
        "مليون" | "ملايين" | "million" | "millions" => Some(6),
        "مليار" | "مليارات" | "بليون" | "billion" | "billions" | "bn" => Some(9),
        _ => None,
    }
}

/// `value` (canonical) times ten to `power`, canonical.
fn scaled(value: &str, power: i32) -> String {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    let shift = power as usize;
    if frac.len() > shift || !value.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return value.to_string();
    }
    canonical_number(&format!("{int}{frac}{}", "0".repeat(shift - frac.len())))
}

/// A number of a text: its canonical value (multiplied out: `300 ألف` is 300000),
/// its original range, and whether it is an ordinal or a decade in English
/// (`19th`, `1930s`), which Arabic writes in words.
struct Number {
    value: String,
    range: Range<usize>,
    /// The range with the word that multiplies it (`1.5 million`, `£2.8bn`), for
    /// messages.
    shown: Range<usize>,
    in_words_elsewhere: bool,
}

/// The numbers of a text outside its placeholders.
fn numbers(text: &str) -> Vec<Number> {
    let key = normalize::key_with_map(text);
    let codes: Vec<Range<usize>> = placeholders(text).into_iter().map(|(_, r)| r).collect();
    let tokens = tokenize::tokens(&key.text);
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Number {
            continue;
        }
        let range = key.original(t.start as usize, t.end as usize);
        if codes.iter().any(|c| c.start < range.end && range.start < c.end) {
            continue;
        }
        let mut value = canonical_number(t.text(&key.text));
        let rest = &text[range.end..];
        // The second year of a range written short (`1950-53`) is 1953.
        let before = &text[..range.start];
        if value.len() == 2
            && let Some(year) = before.strip_suffix(['-', '–']).filter(|b| !b.ends_with(char::is_whitespace))
            && let Some(first) = out.last().filter(|n: &&Number| n.range.end == year.len() && n.value.len() == 4)
            && first.value[2..] < *value
        {
            value = format!("{}{value}", &first.value[..2]);
        }
        // A plus between them (`$300+ billion`) keeps the multiplier.
        let plus = usize::from(tokens.get(i + 1).is_some_and(|n| n.text(&key.text) == "+"));
        let next = tokens.get(i + 1 + plus).filter(|n| n.kind == TokenKind::Word);
        let mut shown = range.clone();
        if let Some(power) = glued_multiplier(before, rest) {
            value = scaled(&value, power);
            shown.end += rest.chars().take_while(char::is_ascii_alphabetic).count();
        } else if let Some(next) = next
            && let Some(power) = multiplier(next.text(&key.text))
        {
            value = scaled(&value, power);
            shown.end = key.original(next.start as usize, next.end as usize).end;
        }
        let in_words_elsewhere = crate::number::ordinal_suffix_at(rest).is_some()
            || (rest.starts_with('s') && !rest[1..].starts_with(char::is_alphabetic));
        out.push(Number { value, range, shown, in_words_elsewhere });
    }
    out
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// Placeholders and codes a translation must carry over as they are: printf and
/// .NET/ICU placeholders (`%1`, `%s`, `%COLUMNNUMBER`, `{0}`, `{name}`), shell
/// variables (`$(ARG1)`, `${HOME}`), URLs and e-mail addresses.
pub fn placeholders(text: &str) -> Vec<(String, Range<usize>)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        let start = i;
        let end = match b[i] {
            b'%' if i + 1 < b.len() && b[i + 1].is_ascii_digit() => {
                let mut j = i + 1;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                Some(j)
            }
            b'%' if i + 1 < b.len()
                && matches!(b[i + 1], b's' | b'd' | b'f' | b'@')
                && b.get(i + 2).is_none_or(|&c| !word(c)) =>
            {
                Some(i + 2)
            }
            b'%' if i + 1 < b.len() && b[i + 1].is_ascii_uppercase() => {
                let mut j = i + 1;
                while j < b.len() && (b[j].is_ascii_uppercase() || b[j] == b'_' || b[j].is_ascii_digit()) {
                    j += 1;
                }
                (j - i > 2).then(|| if b.get(j) == Some(&b'%') { j + 1 } else { j })
            }
            b'{' => {
                let mut j = i + 1;
                while j < b.len() && (word(b[j]) || b[j] == b'.' || b[j] == b':') {
                    j += 1;
                }
                (j > i + 1 && b.get(j) == Some(&b'}')).then_some(j + 1)
            }
            b'$' if matches!(b.get(i + 1), Some(b'(' | b'{')) => {
                let close = if b[i + 1] == b'(' { b')' } else { b'}' };
                let mut j = i + 2;
                while j < b.len() && word(b[j]) {
                    j += 1;
                }
                (j > i + 2 && b.get(j) == Some(&close)).then_some(j + 1)
            }
            b'h' | b'w'
                if text[i..].starts_with("http://")
                    || text[i..].starts_with("https://")
                    || text[i..].starts_with("www.") =>
            {
                let mut j = i;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'"' && b[j] != b'<' && b[j] < 0x80 {
                    j += 1;
                }
                while j > i && matches!(b[j - 1], b'.' | b',' | b';' | b':' | b')' | b'!' | b'?') {
                    j -= 1;
                }
                Some(j)
            }
            b'@' if i > 0 && word(b[i - 1]) && b.get(i + 1).is_some_and(|&c| word(c)) => {
                // An e-mail address: back to its start, on to its end.
                let mut s = i;
                while s > 0 && (word(b[s - 1]) || matches!(b[s - 1], b'.' | b'-' | b'+')) {
                    s -= 1;
                }
                let mut j = i + 1;
                while j < b.len()
                    && (word(b[j]) || b[j] == b'-' || (b[j] == b'.' && b.get(j + 1).is_some_and(|&c| word(c))))
                {
                    j += 1;
                }
                if let Some(last) = out.last() {
                    let (_, r): &(String, Range<usize>) = last;
                    if r.end > s {
                        i = j;
                        continue;
                    }
                }
                out.push((text[s..j].to_lowercase(), s..j));
                i = j;
                continue;
            }
            _ => None,
        };
        match end {
            Some(end) if end > start => {
                out.push((text[start..end].to_string(), start..end));
                i = end;
            }
            _ => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// Checks pairs against a glossary.
pub struct Checker<'g> {
    glossary: &'g Glossary,
}

impl<'g> Checker<'g> {
    pub fn new(glossary: &'g Glossary) -> Checker<'g> {
        Checker { glossary }
    }

    /// The findings of one pair (source Arabic, target English), in the order of
    /// the kinds, then of their place.
    pub fn check(&self, source: &str, target: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        self.untranslated(source, target, &mut out);
        self.terms(source, target, &mut out);
        self.numbers(source, target, &mut out);
        self.punctuation(source, target, &mut out);
        self.placeholders(source, target, &mut out);
        out
    }

    fn untranslated(&self, source: &str, target: &str, out: &mut Vec<Finding>) {
        if !target.trim().is_empty() && normalize::key(source) == normalize::key(target) {
            out.push(Finding {
                kind: Kind::Untranslated,
                severity: Severity::Error,
                message: "the target is the source".into(),
                source_span: span(0..source.len()),
                target_span: span(0..target.len()),
                fix: None,
            });
            return;
        }
        if target.trim().is_empty() && !source.trim().is_empty() {
            out.push(Finding {
                kind: Kind::Untranslated,
                severity: Severity::Error,
                message: "the target is empty".into(),
                source_span: span(0..source.len()),
                target_span: None,
                fix: None,
            });
            return;
        }
        // Runs of Arabic letters (with the spaces between them) in the target.
        let mut runs: Vec<Range<usize>> = Vec::new();
        for (i, c) in target.char_indices() {
            if is_arabic_letter(c) {
                let end = i + c.len_utf8();
                match runs.last_mut() {
                    Some(r) if target[r.end..i].chars().all(|c| c == ' ' || !c.is_alphanumeric() && !c.is_ascii()) => {
                        r.end = end
                    }
                    _ => runs.push(i..end),
                }
            }
        }
        for r in runs {
            out.push(Finding {
                kind: Kind::Untranslated,
                severity: Severity::Error,
                message: format!("Arabic left in the English: {}", &target[r.clone()]),
                source_span: None,
                target_span: span(r),
                fix: None,
            });
        }
    }

    fn terms(&self, source: &str, target: &str, out: &mut Vec<Finding>) {
        let hits = self.glossary.find(source);
        if hits.is_empty() {
            return;
        }
        let in_source: Vec<usize> = hits.iter().map(|h| h.term).collect();
        let terms = self.glossary.terms();
        for (k, hit) in hits.iter().enumerate() {
            if hits[..k].iter().any(|h| h.term == hit.term) {
                continue; // a name the source gives twice is checked once
            }
            // A spelling the glossary forbids: each one, with the rendering as its fix.
            let forbidden = self.glossary.find_forbidden(hit.term, target);
            for r in &forbidden {
                out.push(Finding {
                    kind: Kind::Term,
                    severity: Severity::Error,
                    message: format!("{} is rendered {}, not {}", hit.source, hit.rendering, &target[r.clone()]),
                    source_span: span(hit.range.clone()),
                    target_span: span(r.clone()),
                    fix: Some(Fix { span: (r.start, r.end), replacement: hit.rendering.clone() }),
                });
            }
            if !forbidden.is_empty() || !self.glossary.find_rendering(hit.term, target).is_empty() {
                continue;
            }
            // Another name's rendering where this one should be: the likely mistake.
            let strays: Vec<(usize, Range<usize>)> =
                self.glossary.renderings_in(target).into_iter().filter(|(t, _)| !in_source.contains(t)).collect();
            let (message, target_span, fix) = match strays.as_slice() {
                [(other, r)] => (
                    format!("{} is rendered {}, not {}", hit.source, hit.rendering, terms[*other].rendering),
                    span(r.clone()),
                    Some(Fix { span: (r.start, r.end), replacement: hit.rendering.clone() }),
                ),
                _ => (format!("{} is rendered {}, which the target lacks", hit.source, hit.rendering), None, None),
            };
            out.push(Finding {
                kind: Kind::Term,
                severity: Severity::Error,
                message,
                source_span: span(hit.range.clone()),
                target_span,
                fix,
            });
        }
    }

    fn numbers(&self, source: &str, target: &str, out: &mut Vec<Finding>) {
        let ours = numbers(source);
        let theirs = numbers(target);
        let words = normalize::key(target);
        let target_words: Vec<&str> = words.split(|c: char| !c.is_alphanumeric()).collect();
        let mut left: Vec<Option<&Number>> = theirs.iter().map(Some).collect();
        let mut missing = Vec::new();
        for n in &ours {
            match left.iter_mut().find(|t| t.is_some_and(|t| agree(&t.value, &n.value))) {
                Some(slot) => *slot = None,
                None => missing.push(n),
            }
        }
        let extra: Vec<&Number> = left.into_iter().flatten().collect();
        // A number the target writes out in words is there.
        let in_words = english_number_words(&target_words);
        let written_out = |value: &str| value.parse::<usize>().is_ok_and(|v| in_words.contains(&v));
        // Digits inside a code (ACE2, H1N1, COVID19) are that number too.
        let in_a_code = |value: &str| {
            target_words.iter().any(|w| {
                w.chars().any(char::is_alphabetic)
                    && w.split(|c: char| !c.is_ascii_digit())
                        .any(|digits| !digits.is_empty() && canonical_number(digits) == value)
            })
        };
        let missing: Vec<&Number> =
            missing.into_iter().filter(|n| !written_out(&n.value) && !in_a_code(&n.value)).collect();
        let source_tens = arabic_tens(source);
        let small =
            |value: &str| value.parse::<usize>().is_ok_and(|v| v < NUMBER_WORDS.len() || source_tens.contains(&v));
        // A number in the target only may be the source's words (ثلاثة, القرن التاسع
        // عشر for the 19th century): small ones, ordinals and decades are not
        // reported unless a source number is missing too.
        let extra: Vec<&Number> =
            extra.into_iter().filter(|n| !(small(&n.value) || n.in_words_elsewhere) || !missing.is_empty()).collect();
        for (k, n) in missing.iter().enumerate() {
            let instead = extra.get(k).filter(|_| missing.len() == extra.len());
            let (message, target_span) = match instead {
                Some(t) => (
                    format!("{} is {} in the target", &source[n.shown.clone()], &target[t.shown.clone()]),
                    span(t.range.clone()),
                ),
                None => (format!("{} is not in the target", &source[n.shown.clone()]), None),
            };
            out.push(Finding {
                kind: Kind::Number,
                severity: Severity::Error,
                message,
                source_span: span(n.range.clone()),
                target_span,
                fix: None,
            });
        }
        if missing.len() != extra.len() {
            for t in &extra {
                out.push(Finding {
                    kind: Kind::Number,
                    severity: Severity::Error,
                    message: format!("{} is not in the source", &target[t.shown.clone()]),
                    source_span: None,
                    target_span: span(t.range.clone()),
                    fix: None,
                });
            }
        }
    }

    fn punctuation(&self, source: &str, target: &str, out: &mut Vec<Finding>) {
        for (i, c) in target.char_indices() {
            let (name, replacement) = match c {
                '،' => ("Arabic comma", ","),
                '؛' => ("Arabic semicolon", ";"),
                '؟' => ("Arabic question mark", "?"),
                '٪' => ("Arabic percent sign", "%"),
                'ـ' => ("tatweel", ""),
                '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                    ("a bidi control", "")
                }
                _ => continue,
            };
            let r = i..i + c.len_utf8();
            out.push(Finding {
                kind: Kind::Punctuation,
                severity: Severity::Warning,
                message: format!("{name} in the English"),
                source_span: None,
                target_span: span(r.clone()),
                fix: Some(Fix { span: (r.start, r.end), replacement: replacement.into() }),
            });
        }
        let question =
            |t: &str| t.trim_end_matches(|c: char| c.is_whitespace() || "\"'»”’)".contains(c)).ends_with(['?', '؟']);
        if question(source) && !target.contains(['?', '؟']) {
            out.push(Finding {
                kind: Kind::Punctuation,
                severity: Severity::Warning,
                message: "the source asks a question; the target does not".into(),
                source_span: span(0..source.len()),
                target_span: span(0..target.len()),
                fix: None,
            });
        }
    }

    fn placeholders(&self, source: &str, target: &str, out: &mut Vec<Finding>) {
        let ours = placeholders(source);
        let mut theirs: Vec<Option<(String, Range<usize>)>> = placeholders(target).into_iter().map(Some).collect();
        for (p, r) in &ours {
            match theirs.iter_mut().find(|t| t.as_ref().is_some_and(|t| t.0 == *p)) {
                Some(slot) => *slot = None,
                None => out.push(Finding {
                    kind: Kind::Placeholder,
                    severity: Severity::Error,
                    message: format!("{p} is not in the target"),
                    source_span: span(r.clone()),
                    target_span: None,
                    fix: None,
                }),
            }
        }
        for (p, r) in theirs.into_iter().flatten() {
            out.push(Finding {
                kind: Kind::Placeholder,
                severity: Severity::Error,
                message: format!("{p} is not in the source"),
                source_span: None,
                target_span: span(r),
                fix: None,
            });
        }
    }
}

/// Inconsistency across a file, fed the pairs one by one: a pair whose source (as
/// matching key) came before with another target, and a Latin name that a target
/// spells otherwise than an earlier one.
///
/// Names outside the glossary are found by sound: a capitalized Latin word of the
/// target (`Zhetybai`) renders a word of the source when both have the same
/// [`sound_key`] (`جيتيباي`, or the Latin word itself in the source). A later
/// target that renders a word of the same sound with another spelling, most of
/// its letters the same (`Jetybai`), writes the name two ways.
/// The source word is the evidence that the two are one name and not two English
/// words that happen to sound alike; the letters, that they are not two names
/// Arabic spells alike (`بريت`: `Brett`, `Burt`). Glossary names are left to the term check, which
/// knows which spelling is right; here the first spelling of the file is taken as
/// the reference, and no fix is offered.
pub struct Consistency<'g> {
    glossary: &'g Glossary,
    seen: HashMap<String, (String, usize)>,
    /// The spellings of each name, each with the unit that gave it first, by the
    /// sound key of its source word (`جونس` and `جونز` are one).
    names: HashMap<String, Vec<(String, usize)>>,
}

/// The capitalized Latin words of an English text that may be names, without a
/// possessive ending: (byte range, word). All-capital words are acronyms or
/// headings, whose spelling says nothing.
fn latin_names(text: &str) -> Vec<(Range<usize>, &str)> {
    let apostrophe = |c: char| c == '\'' || c == '\u{2019}';
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let inside = c.is_ascii_alphabetic() || apostrophe(c) && start.is_some();
        match (start, inside) {
            (None, true) => start = Some(i),
            (Some(from), false) => {
                start = None;
                let word = &text[from..i];
                let bare = ["'s", "\u{2019}s"]
                    .iter()
                    .find_map(|p| word.strip_suffix(p))
                    .unwrap_or(word)
                    .trim_end_matches(apostrophe);
                let capital = bare.starts_with(|c: char| c.is_ascii_uppercase());
                if capital && bare.len() >= 4 && bare.chars().any(|c| c.is_ascii_lowercase()) {
                    out.push((from..from + bare.len(), bare));
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether the sound key of a source word and that of a Latin word may be one
/// name: the same, or a consonant apart in keys of four or more and two in keys of
/// six or more (`جونسون` GNSN, `Johnson` GHNSN with its silent h; `نوتنغهام`
/// NTNGHM, `Nottingham` NTNM), since transliteration drops and adds letters. The same stem in the source and like spellings in the targets keep
/// this looseness from pairing words that merely sound alike.
fn sound_alike(source: &str, latin: &str) -> bool {
    let shorter = source.len().min(latin.len());
    source == latin || shorter >= 4 && strsim::levenshtein(source, latin) <= shorter / 3
}

/// Whether two spellings of one sound are one name written two ways (`Kieran`,
/// `Kiernan`; `Macpherson`, `MacPherson`) rather than two names an Arabic
/// spelling does not tell apart (`Brett`, `Burt`): most of their letters agree.
/// Endings that make a name's derivative or plural (`Macedonian`, `Americans`,
/// `Democratic`, `Bangladeshi`), longest first.
/// A final `a` or `o` makes another name (`Roberto`, `Olivera`).
const ENDINGS: [&str; 17] =
    ["ians", "ists", "ian", "ans", "ics", "ism", "ist", "ese", "ish", "an", "ns", "ic", "n", "s", "i", "a", "o"];

/// A word and the words it is without one of [`ENDINGS`].
fn bases(word: &str) -> impl Iterator<Item = &str> {
    std::iter::once(word).chain(ENDINGS.iter().filter_map(move |e| word.strip_suffix(e)))
}

/// Two words of which one is the other with an ending (`Macedonia`, `Macedonian`;
/// `Democratic`, `Democrats`) are a name and its derivative, and two that begin
/// with other letters are two names (`Justin`, `Dustin`) unless they sound the
/// same (`Zhetybai`, `Jetybai`).
fn similar_spellings(a: &str, b: &str) -> bool {
    let same_start = a.chars().next() == b.chars().next() || sound_key(a) == sound_key(b);
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let derivative = bases(&a).any(|x| bases(&b).any(|y| x == y));
    same_start && !derivative && strsim::normalized_levenshtein(&a, &b) >= 0.75
}

impl<'g> Consistency<'g> {
    pub fn new(glossary: &'g Glossary) -> Consistency<'g> {
        Consistency { glossary, seen: HashMap::new(), names: HashMap::new() }
    }

    /// The findings for pair `unit`: its source translated otherwise before, and
    /// each name it spells otherwise than the file did first.
    pub fn check(&mut self, unit: usize, source: &str, target: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        out.extend(self.same_source(unit, source, target));
        self.names(unit, source, target, &mut out);
        out
    }

    fn same_source(&mut self, unit: usize, source: &str, target: &str) -> Option<Finding> {
        let key = normalize::key(source);
        if key.is_empty() {
            return None;
        }
        let target_key = normalize::key(target);
        match self.seen.get(&key) {
            Some((earlier, at)) if *earlier != target_key => Some(Finding {
                kind: Kind::Consistency,
                severity: Severity::Info,
                message: format!("the same source is translated otherwise in unit {at}"),
                source_span: span(0..source.len()),
                target_span: span(0..target.len()),
                fix: None,
            }),
            Some(_) => None,
            None => {
                self.seen.insert(key, (target_key, unit));
                None
            }
        }
    }

    fn names(&mut self, unit: usize, source: &str, target: &str, out: &mut Vec<Finding>) {
        let candidates = latin_names(target);
        if candidates.is_empty() {
            return;
        }
        // The sound keys of the source's words (each clitic form of an Arabic word),
        // with the word's range.
        let key = normalize::key_with_map(source);
        let mut sounds: Vec<(String, Range<usize>)> = Vec::new();
        for t in tokenize::tokens(&key.text) {
            let range = key.original(t.start as usize, t.end as usize);
            for form in tokenize::clitic_forms(t.text(&key.text)) {
                if let Some(sound) = sound_key(form) {
                    sounds.push((sound, range.clone()));
                }
            }
        }
        // Each candidate with the source words it may render.
        let mut heard: Vec<(Range<usize>, &str, &str, &Range<usize>)> = Vec::new();
        for (range, word) in &candidates {
            let Some(sound) = sound_key(word) else { continue };
            for (s, source_range) in sounds.iter().filter(|(s, _)| sound_alike(s, &sound)) {
                heard.push((range.clone(), word, s, source_range));
            }
        }
        if heard.is_empty() {
            return;
        }
        // Glossary names are the term check's (looked up only now: most pairs have
        // no name to pair).
        let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
        let rendered = self.glossary.renderings_in(target);
        let named = self.glossary.find(source);
        let mut done: Option<Range<usize>> = None;
        for (range, word, sound, source_range) in heard {
            if done.as_ref() == Some(&range)
                || rendered.iter().any(|(_, r)| overlaps(r, &range))
                || named.iter().any(|h| overlaps(&h.range, source_range))
            {
                continue;
            }
            let spellings = self.names.entry(sound.to_string()).or_default();
            if spellings.iter().any(|(known, _)| known == word) {
                continue;
            }
            if let Some((first, at)) = spellings.iter().find(|(known, _)| similar_spellings(known, word)) {
                out.push(Finding {
                    kind: Kind::Consistency,
                    severity: Severity::Info,
                    message: format!(
                        "{} is written {first} in unit {at} and {word} here",
                        &source[source_range.clone()]
                    ),
                    source_span: span(source_range.clone()),
                    target_span: span(range.clone()),
                    fix: None,
                });
                done = Some(range);
                continue;
            }
            spellings.push((word.to_string(), unit));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str, target: &str) -> Vec<(Kind, String)> {
        let g = crate::sample::glossary().unwrap();
        Checker::new(&g).check(source, target).into_iter().map(|f| (f.kind, f.message)).collect()
    }

    /// The seed report's pairs check clean.
    #[test]
    fn the_seed_report_checks_clean() {
        let g = crate::sample::glossary().unwrap();
        let checker = Checker::new(&g);
        let (name, text) = crate::sample::MEMORY_FILES[0];
        let mut reader = crate::formats::tmx::TmxReader::open(text.as_bytes(), name).unwrap();
        let pair = crate::lang::LangPair::arabic_english();
        let mut found = Vec::new();
        while let Some(unit) = reader.next_unit().unwrap() {
            let e = unit.to_entry(&pair, "t", name).unwrap();
            found.extend(checker.check(&e.source.text, &e.target.text).into_iter().map(|f| f.message));
        }
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_name_rendered_otherwise_is_found_and_fixed() {
        let g = crate::sample::glossary().unwrap();
        let target = "Kashagan is the largest field.";
        let found = Checker::new(&g).check("تنغيز هو أكبر حقل.", target);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, Kind::Term);
        let fix = found[0].fix.clone().expect("a fix");
        assert_eq!((&target[fix.span.0..fix.span.1], fix.replacement.as_str()), ("Kashagan", "Tengiz"));
        // With proclitics and another spelling, and the possessive in English.
        assert!(kinds("ولكازموناينجاز حصة", "KazMunayGas's share").is_empty());
        assert_eq!(kinds("ولكازموناينجاز حصة", "Kazmunaigaz's share")[0].0, Kind::Term);
    }

    #[test]
    fn a_forbidden_spelling_is_found_and_fixed() {
        let g = Glossary::new(vec![crate::glossary::Term {
            rendering: "KazMunayGas".into(),
            variants: vec!["كازمونايجاز".into()],
            note: None,
            origin: "test".into(),
            forbidden: vec!["Kazmunaigaz".into(), "KMG".into()],
        }]);
        let target = "KMG and KazMunayGas; kazmunaigaz too";
        let found = Checker::new(&g).check("كازمونايجاز وكازمونايجاز", target);
        let fixes: Vec<(&str, &str)> = found
            .iter()
            .map(|f| f.fix.as_ref().map(|x| (&target[x.span.0..x.span.1], x.replacement.as_str())).unwrap())
            .collect();
        assert_eq!(fixes, vec![("KMG", "KazMunayGas"), ("kazmunaigaz", "KazMunayGas")]);
    }

    #[test]
    fn numbers_agree_whatever_their_digits_and_grouping() {
        assert!(kinds("دفعت الشركة ٢٬٠٠٠ دولار عام ٢٠١١", "The company paid 2,000 dollars in 2011").is_empty());
        assert!(kinds("ارتفع بنسبة ٣٫٥٪", "rose by 3.5%").is_empty());
        assert!(kinds("قتل 3 أشخاص", "three people were killed").is_empty());
        let found = kinds("في عام 2011 قتل 16 شخصا", "In 2012, 16 people were killed");
        assert_eq!(found, vec![(Kind::Number, "2011 is 2012 in the target".to_string())]);
        assert_eq!(kinds("قتل 16 شخصا", "people were killed")[0].1, "16 is not in the target");
        assert!(kinds("يرتبط الفيروس بمستقبل ACE 2", "The virus binds to ACE2").is_empty());
        assert!(kinds("يعيش هناك أكثر من 300 ألف نسمة", "More than 300,000 people live there").is_empty());
        assert!(kinds("بلغت 2.5 مليون دولار", "reached $2.5 million").is_empty());
        assert!(kinds("تمثال من القرن التاسع عشر", "a 19th-century statue").is_empty());
        assert_eq!(kinds("يعيش هناك 30 ألف نسمة", "300,000 people live there")[0].1, "30 ألف is 300,000 in the target");
        // NTREX-128 newstest2019, lines 60, 71, 82, 379, 752, 1016, 1149.
        assert!(kinds("سوق بقيمة 2.8 مليار جنيه إسترليني", "the UK's £2.8bn beauty market").is_empty());
        assert!(kinds("مقابل 125 مليون جنيه إسترليني", "for £125m, three years ago").is_empty());
        assert_eq!(
            kinds("تساوي 1.5 جنيه إسترليني", "worth up to £1.5 million")[0].1,
            "1.5 is 1.5 million in the target"
        );
        assert!(kinds("a 100m race", "a 100m race").iter().all(|(k, _)| *k != Kind::Number));
        assert!(kinds("في حوالي الساعة 4 يوم السبت", "at about 04:00 BST on Saturday").is_empty());
        assert!(kinds("الحرب التي استمرت من 1950 وحتى 1953", "the 1950-53 Korea War").is_empty());
        assert!(kinds("قال 58٪ من الناخبين", "Fifty-eight percent of voters said").is_empty());
        assert!(kinds("وهو أكبر منه بعشرين عامًا", "who is 20 years his senior").is_empty());
        // TICO-19, lines 1554 and 1896.
        assert!(kinds("بأكثر من 300 مليار دولار", "a $300+ billion impact").is_empty());
        assert!(kinds("تلتها اليابان بعدد 16.5 مليونًا", "followed by Japan at 16.5 million").is_empty());
    }

    #[test]
    fn arabic_in_the_english_is_untranslated_and_arabic_punctuation_is_flagged() {
        assert_eq!(kinds("عمال النفط", "Oil workers of منغستاو")[0].1, "Arabic left in the English: منغستاو");
        assert_eq!(kinds("عمال النفط", "عمال النفط")[0].1, "the target is the source");
        let found = kinds("هل أضرب العمال؟", "Did the workers strike، then");
        let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(messages, vec!["Arabic comma in the English", "the source asks a question; the target does not"]);
    }

    #[test]
    fn placeholders_urls_and_addresses_must_be_carried_over() {
        let found: Vec<String> =
            placeholders("Open %1 or {0} at https://example.org/a, mail info@kmg.kz; $(ARG1) %COLUMNNUMBER")
                .into_iter()
                .map(|(p, _)| p)
                .collect();
        assert_eq!(found, ["%1", "{0}", "https://example.org/a", "info@kmg.kz", "$(ARG1)", "%COLUMNNUMBER"]);
        assert!(kinds("افتح %1 في {0}", "Open %1 in {0}").is_empty());
        assert_eq!(kinds("افتح %1 في {0}", "Open it in {0}")[0].1, "%1 is not in the target");
        assert!(placeholders("100% of 50%").is_empty());
    }

    #[test]
    fn a_source_translated_twice_otherwise_is_inconsistent() {
        let g = Glossary::default();
        let mut c = Consistency::new(&g);
        assert!(c.check(0, "أضرب العمال", "The workers struck").is_empty());
        assert!(c.check(1, "أضرب العمال.", "The workers struck.").is_empty(), "another source");
        assert!(c.check(2, "أضربَ العمال", "The workers struck").is_empty());
        assert_eq!(c.check(3, "أضرب العمال", "The workers went on strike").len(), 1);
    }

    /// A Latin name outside the glossary spelt two ways across a file: the later
    /// spelling is found, whatever clitic or spelling the Arabic has; a name of the
    /// glossary is left to the term check.
    #[test]
    fn a_name_outside_the_glossary_spelt_two_ways_is_inconsistent() {
        let g = crate::sample::glossary().unwrap();
        let mut c = Consistency::new(&g);
        assert!(c.check(0, "وصل العمال إلى جيتيباي", "The workers reached Zhetybai").is_empty());
        assert!(c.check(1, "غادر العمال جتيباي", "The workers left Zhetybai's field").is_empty());
        let found = c.check(2, "وفي جيتيباي أضرب العمال", "In Jetybai the workers struck");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].message, "جيتيباي is written Zhetybai in unit 0 and Jetybai here");
        assert_eq!(found[0].target_span, Some((3, 10)));
        assert!(c.check(3, "وفي جاناوزن أضرب العمال", "In Zhanaozen the workers struck").is_empty());
        let found = c.check(4, "غادر العمال جاناوزن", "The workers left Janaozen");
        assert!(found.is_empty(), "a glossary name: {found:?}");
    }

    #[test]
    fn latin_names_are_capitalized_words_without_their_possessive() {
        let found: Vec<&str> = latin_names("In Aktau\u{2019}s port, NATO and the KazMunayGas' men met O'Brien.")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(found, ["Aktau", "KazMunayGas", "O'Brien"]);
        let text = "See Aktau's port";
        let (r, w) = latin_names(text).pop().unwrap();
        assert_eq!((&text[r], w), ("Aktau", "Aktau"));
    }
}
