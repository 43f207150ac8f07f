//! Sentence segmentation of Arabic and English text into byte ranges.
//!
//! [`split`] returns segments that cover the text exactly, in order: joined, their
//! ranges give back every byte of the input (nothing trimmed, normalized or dropped).
//! Each segment also has its `content` range (the sentence without surrounding
//! white space) and says whether it is for translation: noise separators between
//! paragraphs (`$٪ & $٪ &`, `***`, `||`, `====`, a stray `|`) are segments of their
//! own that never reach the memory or a suggestion.
//!
//! The rules, in the order they apply (word lists in `rules.txt`):
//!
//! 1. **Line breaks** end a segment: headings, datelines and list items stand alone.
//!    Bullets and numbers at the start of a line (`- `, `• `, `1. `, `١. `, `أ. `)
//!    stay with their item.
//! 2. **Noise**: a run of tokens made only of symbols (no letter, digit, quote,
//!    bracket or sentence punctuation) is a segment of its own when it stands after
//!    a sentence or at a line edge and has two symbols or more, or anywhere when it
//!    has three or more. A single dash or `&` inside a sentence stays.
//! 3. Boundaries are considered only after a white-space-delimited token ending in
//!    `.` `!` `?` `؟` `…` `...` `۔`, followed by any closing quotes and brackets
//!    (`» " ” ) ]`) and footnote marks (`[1]`, `(2)`, `¹`), which stay with the
//!    sentence they close. So decimals (`3.5`, `٥٫٣٠`), dates (`12.03.2022`),
//!    versions, URLs and e-mail addresses never break inside, and `،` `؛` `:` never
//!    break at all.
//! 4. **Questions and exclamations** end a sentence, unless a closing quote follows
//!    and the next word carries the sentence on (`تساءل "إلى أين؟" في مقاله`,
//!    `[continuations]`), or the next word is lower-case Latin.
//! 5. **Ellipses** end a sentence only when the next word opens one: in Arabic a word
//!    beginning with the conjunction `و` or `ف` (`سيد الموقف… وفي صباح`), in English
//!    a capitalised word. `الأرز… إلخ` and `(...)` stay whole.
//! 6. **Full stops** end a sentence, except after:
//!    - a title (`[titles]`: `د.`, `أ.`, `Mr.`, `Dr.`…): never;
//!    - an era marker after a year (`[eras]`: `1332 م.`, `808 هـ.`, `ق.م.`), an
//!      abbreviation (`[abbreviations]`, `[letter-names]`: `إلخ.`, `ص.ب.`, `Corp.`,
//!      `Ltd.`, `دي آر.`), a dotted initialism (`U.S.`, `J.P.`, `أ.ش.أ.`) or a single
//!      letter (`J.`, `u.`): only if the next word opens a sentence, as in rule 5,
//!      in English a word of `[english-openers]`;
//!    - a number or single letter that begins a line (list numbering);
//!    - anything, when the next word is lower-case Latin (`approx. two`).
//! 7. **Length**: no segment grows past [`MAX_SEGMENT_BYTES`]; a longer run is cut at
//!    its last `؛` `;` `،` `,` `:` before the limit, else at its last space, else
//!    between characters.
//!
//! Bidi and format controls (RLM, LRE/PDF, ZWJ…) are transparent to every rule:
//! `د‏.‏ أحمد` is `د. أحمد`.

pub mod rules;

use std::borrow::Cow;
use std::ops::Range;

use rules::{Rules, fold};

use crate::lang::LangTag;
use crate::tokenize::is_arabic;

/// Longest segment the segmenter makes, in bytes (rule 7).
pub const MAX_SEGMENT_BYTES: usize = 4096;

/// Which language's conventions to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Arabic,
    English,
}

impl Lang {
    /// Arabic rules for Arabic (and Persian, Urdu), English rules otherwise.
    pub fn of(tag: &LangTag) -> Lang {
        match tag.primary() {
            "ar" | "fa" | "ur" => Lang::Arabic,
            _ => Lang::English,
        }
    }
}

/// A span of the text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    /// The bytes this segment covers, white space after it included; the ranges of
    /// all segments tile the text.
    pub range: Range<usize>,
    /// The sentence itself, without white space around it.
    pub content: Range<usize>,
    /// `false` for noise separators (and white space alone).
    pub translate: bool,
}

impl Segment {
    /// The sentence text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.content.clone()]
    }
}

const CLOSERS: &[char] = &['»', '"', '”', '’', '\'', ')', ']', '}', '›', '﴿'];
const OPENERS: &[char] = &['«', '"', '“', '‘', '\'', '(', '[', '{', '‹', '﴾', '„'];
const TERMINALS: &[char] = &['.', '!', '?', '؟', '…', '۔'];
const SENTENCE_PUNCT: &[char] = &['.', ',', '،', '؛', ';', ':', '!', '?', '؟', '…', '۔'];
const CONTINUING_PUNCT: &[char] = &['،', ',', ';', '؛', ':', ')', ']', '»', '”'];

fn is_format(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}')
}

fn is_symbol(c: char) -> bool {
    !c.is_alphanumeric()
        && !c.is_whitespace()
        && !is_format(c)
        && !CLOSERS.contains(&c)
        && !OPENERS.contains(&c)
        && !SENTENCE_PUNCT.contains(&c)
        && !('\u{064B}'..='\u{065F}').contains(&c)
}

/// A white-space-delimited token, with format controls taken out for analysis.
struct Chunk<'t> {
    start: usize,
    end: usize,
    text: Cow<'t, str>,
    /// Symbols in it if it is made only of symbols (rule 2), else 0.
    symbols: usize,
}

impl<'t> Chunk<'t> {
    fn new(full: &'t str, start: usize, end: usize) -> Chunk<'t> {
        let raw = &full[start..end];
        let text: Cow<'t, str> = if raw.chars().any(is_format) {
            raw.chars().filter(|&c| !is_format(c)).collect::<String>().into()
        } else {
            raw.into()
        };
        let symbols = if !text.is_empty() && text.chars().all(is_symbol) { text.chars().count() } else { 0 };
        Chunk { start, end, text, symbols }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Terminal {
    Period,
    Ellipsis,
    Question,
}

/// How a token ends: its sentence punctuation and the word before it.
struct Ending<'c> {
    terminal: Option<Terminal>,
    /// Closing quotes or brackets came after the terminal.
    closed: bool,
    /// The token before the terminal, as written.
    stem: &'c str,
    /// The stem without quotes and brackets around it.
    word: &'c str,
}

fn strip_footnote(s: &str) -> Option<usize> {
    let last = s.chars().last()?;
    if matches!(last, '\u{00B9}' | '\u{00B2}' | '\u{00B3}' | '\u{2070}'..='\u{2079}') {
        return Some(s.len() - last.len_utf8());
    }
    let open = match last {
        ']' => '[',
        ')' => '(',
        _ => return None,
    };
    let at = s.rfind(open)?;
    let inner = &s[at + 1..s.len() - 1];
    let is_mark = !inner.is_empty()
        && inner.chars().count() <= 3
        && inner.chars().all(|c| c.is_numeric() || (open == '[' && c.is_alphabetic()));
    // A mark follows a sentence: something must come before it.
    (is_mark && at > 0).then_some(at)
}

fn ending(text: &str) -> Ending<'_> {
    let mut end = text.len();
    let mut closed = false;
    loop {
        let rest = &text[..end];
        if let Some(at) = strip_footnote(rest) {
            let before = &rest[..at];
            if before.ends_with(TERMINALS) || before.ends_with(CLOSERS) {
                end = at;
                closed = true;
                continue;
            }
        }
        match rest.chars().last() {
            Some(c) if CLOSERS.contains(&c) => {
                end -= c.len_utf8();
                closed = true;
            }
            _ => break,
        }
    }
    let term_end = end;
    while let Some(c) = text[..end].chars().last().filter(|c| TERMINALS.contains(c)) {
        end -= c.len_utf8();
    }
    let marks = &text[end..term_end];
    let terminal = if marks.is_empty() {
        None
    } else if marks.contains(['!', '?', '؟']) {
        Some(Terminal::Question)
    } else if marks.contains('…') || marks.len() >= 2 {
        Some(Terminal::Ellipsis)
    } else {
        Some(Terminal::Period)
    };
    let stem = &text[..end];
    let word = stem.trim_end_matches(CLOSERS).trim_start_matches(OPENERS);
    Ending { terminal: terminal.filter(|_| term_end > 0), closed: closed && terminal.is_some(), stem, word }
}

/// What the next token says about a boundary before it.
struct Next<'c> {
    /// The token without leading quotes and brackets.
    word: &'c str,
    /// It begins with punctuation that continues a sentence (`،`, `)`…).
    continues: bool,
}

fn next_of<'c>(chunk: &'c Chunk<'_>) -> Next<'c> {
    let text: &str = &chunk.text;
    Next { word: text.trim_start_matches(OPENERS), continues: text.starts_with(CONTINUING_PUNCT) }
}

impl Next<'_> {
    fn lower_latin(&self) -> bool {
        self.word.chars().next().is_some_and(|c| c.is_lowercase() && !is_arabic(c))
    }

    fn upper_latin(&self) -> bool {
        self.word.chars().next().is_some_and(|c| c.is_uppercase())
    }

    /// An Arabic word opening with the conjunction و or ف (and at least two more
    /// letters): the usual first word of an Arabic sentence.
    fn arabic_conjunction(&self) -> bool {
        let mut letters = self.word.chars().filter(|c| c.is_alphabetic());
        matches!(letters.next(), Some('و' | 'ف')) && letters.take(2).count() == 2
    }

    /// Whether the next word opens a sentence after an abbreviation (rules 5, 6).
    fn opens_sentence(&self, lang: Lang, rules: &Rules) -> bool {
        let first_word: String = self.word.chars().take_while(|c| c.is_alphanumeric()).collect();
        match lang {
            Lang::Arabic => self.arabic_conjunction() || rules.english_openers.contains(&first_word),
            Lang::English => rules.english_openers.contains(&first_word),
        }
    }
}

fn is_number(word: &str) -> bool {
    word.chars().any(char::is_numeric) && word.chars().all(|c| c.is_numeric() || ".,/:-٫٬".contains(c))
}

fn is_initialism(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|p| (1..=3).contains(&p.chars().count()) && p.chars().all(char::is_alphabetic))
}

fn is_single_letter(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()
}

fn is_url_or_email(word: &str) -> bool {
    word.contains("://") || word.starts_with("www.") || (word.contains('@') && word.contains('.'))
}

/// An era marker written after a number, or fused to it (`2024م`).
fn is_era(word: &str, previous: Option<&Chunk<'_>>, rules: &Rules) -> bool {
    let digits_end = word.find(|c: char| !c.is_numeric()).unwrap_or(word.len());
    if digits_end > 0 && digits_end < word.len() {
        return rules.eras.contains(&*fold(&word[digits_end..]));
    }
    let after_number = previous.is_some_and(|p| is_number(p.text.trim_end_matches(['،', ','])));
    after_number && rules.eras.contains(&*fold(word))
}

/// Whether the sentence ends after `chunks[i]` (not the last token of its line);
/// `first` says whether the token begins its segment.
fn ends_after(chunks: &[Chunk<'_>], i: usize, first: bool, lang: Lang, rules: &Rules) -> bool {
    let end = ending(&chunks[i].text);
    let Some(terminal) = end.terminal else {
        return false;
    };
    let next = next_of(&chunks[i + 1]);
    if next.continues {
        return false;
    }
    match terminal {
        Terminal::Question => {
            let carried_on = end.closed && {
                let w: String = next.word.chars().take_while(|c| c.is_alphanumeric()).collect();
                rules.continuations.contains(&*fold(&w))
            };
            !carried_on && !next.lower_latin()
        }
        Terminal::Ellipsis => {
            if end.word.is_empty() {
                return false;
            }
            match lang {
                Lang::Arabic => {
                    next.arabic_conjunction() || next.upper_latin() && next.opens_sentence(Lang::English, rules)
                }
                Lang::English => next.upper_latin(),
            }
        }
        Terminal::Period => {
            let word = end.word;
            if word.is_empty() {
                return end.stem.is_empty();
            }
            if is_url_or_email(word) {
                return !next.lower_latin();
            }
            if first && (is_number(word) || is_single_letter(word)) {
                return false; // list numbering: "1. ", "أ. "
            }
            let previous = i.checked_sub(1).map(|p| &chunks[p]);
            if is_era(word, previous, rules) {
                return next.opens_sentence(lang, rules);
            }
            let key = fold(word);
            if rules.titles.contains(&*key) {
                return false;
            }
            if rules.abbreviations.contains(&*key) || is_initialism(word) || is_single_letter(word) {
                return next.opens_sentence(lang, rules);
            }
            !next.lower_latin()
        }
    }
}

/// A piece found on one line: content range and whether it is for translation.
type Piece = (usize, usize, bool);

fn split_line(text: &str, start: usize, end: usize, lang: Lang, rules: &Rules, out: &mut Vec<Piece>) {
    let mut chunks = Vec::new();
    let mut at = None;
    for (i, c) in text[start..end].char_indices() {
        let pos = start + i;
        match (c.is_whitespace(), at) {
            (true, Some(s)) => {
                chunks.push(Chunk::new(text, s, pos));
                at = None;
            }
            (false, None) => at = Some(pos),
            _ => {}
        }
    }
    if let Some(s) = at {
        chunks.push(Chunk::new(text, s, end));
    }
    let n = chunks.len();
    let mut seg_start = 0;
    let mut i = 0;
    while i < n {
        if chunks[i].symbols > 0 {
            let mut j = i;
            let mut symbols = 0;
            while j < n && chunks[j].symbols > 0 {
                symbols += chunks[j].symbols;
                j += 1;
            }
            let before = i == seg_start;
            let after = j == n;
            let noise = if symbols >= 2 { before || after || symbols >= 3 } else { before && after };
            if noise {
                if seg_start < i {
                    push_text(text, chunks[seg_start].start, chunks[i - 1].end, out);
                }
                out.push((chunks[i].start, chunks[j - 1].end, false));
                seg_start = j;
                i = j;
                continue;
            }
            i = j - 1; // the run is part of the sentence; go on from its last token
        }
        if i + 1 == n || ends_after(&chunks, i, i == seg_start, lang, rules) {
            push_text(text, chunks[seg_start].start, chunks[i].end, out);
            seg_start = i + 1;
        }
        i += 1;
    }
}

/// Pushes a sentence, cut at rule 7's limit if it is longer.
fn push_text(text: &str, mut start: usize, end: usize, out: &mut Vec<Piece>) {
    while end - start > MAX_SEGMENT_BYTES {
        let mut limit = start + MAX_SEGMENT_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &text[start..limit];
        let cut = window
            .char_indices()
            .filter(|&(i, c)| "؛;،,:".contains(c) && window[i + c.len_utf8()..].starts_with(char::is_whitespace))
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .or_else(|| window.rfind(char::is_whitespace).filter(|&i| i > 0))
            .map_or(limit, |i| start + i);
        out.push((start, cut, true));
        start = cut + text[cut..end].len() - text[cut..end].trim_start().len();
    }
    if start < end {
        out.push((start, end, true));
    }
}

/// Splits `text` into segments (rules in the module docs).
pub fn split(text: &str, lang: Lang) -> Vec<Segment> {
    let rules = rules::shipped();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut line_start = 0;
    for (i, c) in text.char_indices() {
        if is_line_break(c) {
            split_line(text, line_start, i, lang, rules, &mut pieces);
            line_start = i + c.len_utf8();
        }
    }
    split_line(text, line_start, text.len(), lang, rules, &mut pieces);
    if pieces.is_empty() {
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![Segment { range: 0..text.len(), content: 0..0, translate: false }]
        };
    }
    let mut segments = Vec::with_capacity(pieces.len());
    for (k, &(start, end, translate)) in pieces.iter().enumerate() {
        let range_start = if k == 0 { 0 } else { start };
        let range_end = pieces.get(k + 1).map_or(text.len(), |p| p.0);
        segments.push(Segment { range: range_start..range_end, content: start..end, translate });
    }
    segments
}

/// One segment per line, for text that is already segmented (blank lines are
/// white space, not segments).
pub fn lines(text: &str) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let end = start + line.len();
        if !trimmed.is_empty() {
            let offset = start + (line.len() - line.trim_start().len());
            let content = offset..offset + trimmed.len();
            let range_start = if segments.is_empty() { 0 } else { content.start };
            if let Some(last) = segments.last_mut() {
                last.range.end = content.start;
            }
            segments.push(Segment { range: range_start..end, content, translate: true });
        } else if let Some(last) = segments.last_mut() {
            last.range.end = end;
        }
        start = end;
    }
    match segments.first() {
        None if !text.is_empty() => vec![Segment { range: 0..text.len(), content: 0..0, translate: false }],
        _ => segments,
    }
}

/// The sentences of `text` (content of the segments for translation).
pub fn sentences(text: &str, lang: Lang) -> Vec<&str> {
    split(text, lang).into_iter().filter(|s| s.translate).map(|s| &text[s.content]).collect()
}

#[cfg(test)]
mod tests;
