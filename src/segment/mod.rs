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
//!    versions, URLs and e-mail addresses never break inside, and `،` `؛` never
//!    break at all, nor does `:` except after a list introduction (rule 8).
//! 4. **Quotations**: after a closing quote, an attribution carries the sentence on
//!    (`[attributions]`: `"…!" Hammel added.`, `…." حسبما أفاد`, `"…!" كما أضاف`); in
//!    English only after `?` or `!` (`"…." He said…` is a new sentence, as English
//!    writes `"…," he said`), and in Arabic not a bare verb, which opens the next
//!    sentence (`…." قالت ساندرز إن…`).
//!    **Questions and exclamations** end a sentence, unless a closing quote follows
//!    and the next word is a preposition (`تساءل "إلى أين؟" في مقاله`,
//!    `[continuations]`), or the next word is lower-case Latin after an exclamation
//!    or a quotation (`Yahoo! is`, `"Why?" she wondered`). A bare question mark
//!    before a lower-case word ends the sentence unless an attribution follows
//!    (`Why? she asked.`): transcripts are often written all in lower case
//!    (`…a fever now? and are you…`).
//! 5. **Ellipses** (`…`, `...`) end a sentence unless the list or clause goes on:
//!    in Arabic a word of `[after-ellipsis]` (`الأرز… إلخ`, `... لكن`) or lower-case
//!    Latin follows; in English the next word must be capitalised. `(...)` marks an
//!    omission and stays whole; `..` is a full stop typed twice.
//! 6. **Full stops** end a sentence, except after:
//!    - a title (`[titles]`: `د.`, `أ.`, `Mr.`, `Dr.`, `Sens.`…): never;
//!    - an era marker after a year (`[eras]`: `1332 م.`, `808 هـ.`, `ق.م.`), an
//!      abbreviation (`[abbreviations]`: `إلخ.`, `ص.ب.`, `Corp.`, `Ltd.`), a dotted
//!      initialism (`U.S.`, `J.P.`, `أ.ش.أ.`) or a single letter (`J.`, `u.`): only
//!      if the next word opens a sentence: in Arabic a word beginning with the
//!      conjunction `و` or `ف` (`1332 م. وتوفي`), in English a word of
//!      `[english-openers]` (but a single Latin letter before an Arabic word is a
//!      label, `درجة A.`, and ends the sentence);
//!    - an abbreviation that stands before numbers (`[before-numbers]`: `No.`,
//!      `Oct.`, `ص.`): only if no number follows, bare or in brackets
//!      (`Royal Decree No. (M/3)`);
//!    - an item letter fused to the item before it (`الاسم الكامل؛ب.`,
//!      `إغلاقها.ب.`): never, the item it labels follows;
//!    - a number or single letter that begins a line (list numbering);
//!    - (but a single letter after a label noun, `[label-nouns]`: `وفيتامين د.`,
//!      `the annex A.`, is a label and its stop ends the sentence);
//!    - anything, when the next word is lower-case Latin (`approx. two`).
//!
//!    A stop after a closing bracket or quote (`(أيه آر دي إس).`) is always the
//!    sentence's. Latin letters spelled in Arabic are acronyms or labels (`سي دي
//!    سي.`, `بروتين إس.`) and end the sentence, except `دي آر.` ("Dr."), a title.
//! 7. **Length**: no segment grows past [`MAX_SEGMENT_BYTES`]; a longer run is cut at
//!    its last `؛` `;` `،` `,` `:` before the limit, else at its last space, else
//!    between characters.
//! 8. **List introductions**: a colon ends the segment when the words before it
//!    introduce a list (`[list-introductions]`: `الحالات الآتية:`, `كما يلي:`,
//!    `the following cases:`, `as follows:`) and the first item follows on the same
//!    line as a sentence of its own: in English a capitalised word, in Arabic a word
//!    (not a number, bracket or quote, which run an inline list on). Legal and
//!    technical texts run their items on after such a colon, and translation
//!    memories keep each item as a unit: it is translated, aligned and reused on its
//!    own. Any other colon (`قال الوزير: الوضع صعب.`, `For readers outside of
//!    Wales: In Welsh…`) stays inside its sentence.
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

/// How a text is cut into segments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Split {
    /// By the sentence rules of this module (running text).
    #[default]
    Sentences,
    /// One segment per line (text already segmented).
    Lines,
}

impl Split {
    /// The segments of `text` (in `lang` for sentence rules).
    pub fn segments(self, text: &str, lang: Lang) -> Vec<Segment> {
        match self {
            Split::Sentences => split(text, lang),
            Split::Lines => lines(text),
        }
    }
}

/// A segment with its text and its number in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numbered<'t> {
    /// 0-based, counting the segments with text (noise separators too): `tm
    /// segment` and `tm suggest` number segments so.
    pub index: usize,
    pub text: &'t str,
    /// The text's byte range in the document.
    pub span: Range<usize>,
    /// `false` for noise separators.
    pub translate: bool,
}

/// The segments of `text` with text, numbered.
pub fn numbered(text: &str, split: Split, lang: Lang) -> Vec<Numbered<'_>> {
    split
        .segments(text, lang)
        .into_iter()
        .filter(|s| !s.content.is_empty())
        .enumerate()
        .map(|(index, s)| Numbered { index, text: s.text(text), span: s.content, translate: s.translate })
        .collect()
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

fn is_symbol(c: char) -> bool {
    // Fast paths for ASCII and the Arabic block, where almost all text is.
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !CLOSERS.contains(&c)
            && !OPENERS.contains(&c)
            && !SENTENCE_PUNCT.contains(&c);
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return matches!(c, '٪' | '٭' | '۞' | '۩' | '\u{0606}'..='\u{060B}' | '\u{060E}' | '\u{060F}');
    }
    !c.is_alphanumeric()
        && !c.is_whitespace()
        && !is_format(c)
        && !CLOSERS.contains(&c)
        && !OPENERS.contains(&c)
        && !SENTENCE_PUNCT.contains(&c)
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
        let bytes = raw.as_bytes();
        // Format controls are U+00AD (C2 AD), U+061C (D8 9C), U+2xxx (E2 …) and U+FEFF
        // (EF BB BF): only a token with one of these bytes needs a look.
        let maybe_format = memchr::memchr3(0xC2, 0xE2, 0xEF, bytes).is_some() || memchr::memchr(0x9C, bytes).is_some();
        let text: Cow<'t, str> = if maybe_format && raw.chars().any(is_format) {
            raw.chars().filter(|&c| !is_format(c)).collect::<String>().into()
        } else {
            raw.into()
        };
        let symbols = match text.chars().next() {
            Some(c) if is_symbol(c) && text.chars().all(is_symbol) => text.chars().count(),
            _ => 0,
        };
        Chunk { start, end, text, symbols }
    }

    /// Whether the token can end a sentence at all: it ends in sentence punctuation,
    /// a closing quote or bracket, or a footnote mark (the fast path of rule 3).
    fn may_end(&self) -> bool {
        self.text.chars().next_back().is_some_and(|c| {
            TERMINALS.contains(&c)
                || CLOSERS.contains(&c)
                || matches!(c, '\u{00B9}' | '\u{00B2}' | '\u{00B3}' | '\u{2070}'..='\u{2079}')
        })
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
    } else if marks.contains('…') || marks.len() >= 3 {
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

/// The word of a token without surrounding quotes, brackets and punctuation.
fn bare(text: &str) -> &str {
    text.trim_start_matches(OPENERS).trim_end_matches(|c: char| !c.is_alphanumeric())
}

/// Whether the next words attribute a quotation (`[attributions]`): in English a
/// verb among the next three words that closes its clause (`Hammel added.`), in
/// Arabic the next word or two (`حسبما`, `كما أضاف`).
fn attributed(chunks: &[Chunk<'_>], i: usize, lang: Lang, rules: &Rules) -> bool {
    let next = &chunks[i + 1..];
    match lang {
        Lang::English => next.iter().take(3).any(|c| {
            let closes = c.text.trim_end_matches(CLOSERS).ends_with(['.', ',', '!', '?']);
            closes && rules.attributions.contains(&*fold(bare(&c.text)))
        }),
        Lang::Arabic => {
            let first = next.first().map(|c| fold(bare(&c.text)).into_owned()).unwrap_or_default();
            let two = next.get(1).map(|c| format!("{first} {}", fold(bare(&c.text)))).unwrap_or_default();
            rules.attributions.contains(&first) || rules.attributions.contains(&two)
        }
    }
}

/// Rule 8: whether `chunks[i]`, which ends in a colon, closes a list introduction
/// and the next token begins an item of its own.
fn closes_list_introduction(chunks: &[Chunk<'_>], i: usize, lang: Lang, rules: &Rules) -> bool {
    let Some(first) = chunks[i + 1].text.chars().next() else { return false };
    let item = match lang {
        Lang::English => first.is_uppercase(),
        Lang::Arabic => is_arabic(first) && first.is_alphabetic(),
    };
    let introduces = |chunk: &Chunk<'_>| {
        let word = fold(bare(&chunk.text));
        rules.list_introductions.contains(&*word)
            || (lang == Lang::Arabic
                && word.strip_prefix(['ك', 'ب', 'ف', 'و', 'ل']).is_some_and(|w| rules.list_introductions.contains(w)))
    };
    // English: one of the last three words of the same sentence.
    let window = match lang {
        Lang::Arabic => 1,
        Lang::English => 3,
    };
    let words = chunks[..=i].iter().rev().take(window).enumerate();
    let mut same_sentence = words.take_while(|(k, c)| *k == 0 || !c.text.ends_with(TERMINALS));
    item && same_sentence.any(|(_, c)| introduces(c))
}

/// An Arabic item letter fused to the end of the item before it (`الكامل؛ب`,
/// `إغلاقها.ب`): the word before a full stop that labels the next item.
fn fused_item_letter(word: &str) -> bool {
    let Some((before, letter)) = word.rsplit_once(['.', '؛', ';', '،']) else { return false };
    let letter = letter.trim_end_matches('ـ'); // هـ
    letter.chars().count() == 1
        && letter.chars().all(|c| is_arabic(c) && c.is_alphabetic())
        && before.chars().rev().take_while(|c| c.is_alphabetic()).count() >= 2
}

/// Whether the sentence ends after `chunks[i]` (not the last token of its line);
/// `first` says whether the token begins its segment.
fn ends_after(chunks: &[Chunk<'_>], i: usize, first: bool, lang: Lang, rules: &Rules) -> bool {
    if chunks[i].text.ends_with(':') {
        return closes_list_introduction(chunks, i, lang, rules);
    }
    if !chunks[i].may_end() {
        return false;
    }
    let end = ending(&chunks[i].text);
    let Some(terminal) = end.terminal else { return false };
    let next = next_of(&chunks[i + 1]);
    if next.continues {
        return false;
    }
    // "…!" Hammel added. / "…." حسبما أفاد: the attribution belongs to the sentence.
    // English closes a quoted statement that goes on with a comma ("…," he said), so
    // there a full stop inside the quote ends the sentence ("…." He said that…).
    let quoted_statement_ends = lang == Lang::English && terminal == Terminal::Period;
    if end.closed && !quoted_statement_ends && attributed(chunks, i, lang, rules) {
        return false;
    }
    match terminal {
        Terminal::Question => {
            let carried_on = end.closed && rules.continuations.contains(&*fold(bare(next.word)));
            let bare_question = !end.closed && chunks[i].text.contains(['?', '؟']);
            let lower_goes_on = next.lower_latin() && (!bare_question || attributed(chunks, i, Lang::English, rules));
            !carried_on && !lower_goes_on
        }
        Terminal::Ellipsis => {
            if end.word.is_empty() {
                return false; // (...) marks an omission
            }
            match lang {
                Lang::Arabic => !rules.after_ellipsis.contains(&*fold(bare(next.word))) && !next.lower_latin(),
                Lang::English => next.upper_latin(),
            }
        }
        Terminal::Period => {
            let word = end.word;
            if word.is_empty() {
                // "." alone, or after a detached closing quote (… الميدان ". سارع).
                return end.stem.chars().all(|c| CLOSERS.contains(&c));
            }
            if is_url_or_email(word) {
                return !next.lower_latin();
            }
            if first && (is_number(word) || is_single_letter(word)) {
                return false; // list numbering: "1. ", "أ. "
            }
            // A stop after a closing bracket or quote is the sentence's, never an
            // abbreviation's: (أيه آر دي إس).
            let bracketed = end.stem.ends_with(CLOSERS);
            if !bracketed {
                let previous = i.checked_sub(1).map(|p| &chunks[p]);
                if is_era(word, previous, rules) {
                    return next.opens_sentence(lang, rules);
                }
                let key = fold(word);
                // وفيتامين د. / the annex A.: a letter after a label noun is a label.
                let label = is_single_letter(word)
                    && previous.is_some_and(|p| {
                        let p = fold(bare(&p.text)).into_owned();
                        rules.label_nouns.contains(&p)
                            || p.strip_prefix(['و', 'ف']).is_some_and(|r| rules.label_nouns.contains(r))
                    });
                if label {
                    return !next.lower_latin();
                }
                let two_words = previous.map(|p| {
                    let p = fold(bare(&p.text)).into_owned();
                    // ودي آر: a conjunction on the first word
                    let p = p.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() >= 2).unwrap_or(&p).to_string();
                    format!("{p} {key}")
                });
                if rules.titles.contains(&*key) || two_words.is_some_and(|t| rules.titles.contains(&t)) {
                    return false;
                }
                if rules.before_numbers.contains(&*key) {
                    // No. 5 / No. (M/3)
                    let numbered = is_number(bare(next.word))
                        || (chunks[i + 1].text.starts_with('(') && next.word.contains(char::is_numeric));
                    return !(numbered || next.lower_latin());
                }
                if rules.abbreviations.contains(&*key) || is_initialism(word) {
                    return next.opens_sentence(lang, rules);
                }
                if fused_item_letter(word) {
                    return false;
                }
                if is_single_letter(word) {
                    // A Latin letter before an Arabic word is a label (درجة A. يبين):
                    // initials stand before Latin names.
                    let latin_before_arabic =
                        !word.chars().any(is_arabic) && next.word.starts_with(|c: char| is_arabic(c));
                    return (lang == Lang::Arabic && latin_before_arabic) || next.opens_sentence(lang, rules);
                }
            }
            !next.lower_latin()
        }
    }
}

/// A piece found on one line: content range and whether it is for translation.
type Piece = (usize, usize, bool);

fn split_line<'t>(
    text: &'t str,
    start: usize,
    end: usize,
    lang: Lang,
    rules: &Rules,
    out: &mut Vec<Piece>,
    chunks: &mut Vec<Chunk<'t>>,
) {
    chunks.clear();
    let bytes = text.as_bytes();
    let mut at = None;
    let mut i = start;
    while i < end {
        let b = bytes[i];
        // White space is ASCII, or starts with C2 (NBSP), E1, E2 or E3 (U+1680, U+2000…,
        // U+3000): other bytes need no decoding.
        let (space, len) = match b {
            b' ' | b'\t' | 0x0B | 0x0C => (true, 1),
            0xC2 | 0xE1..=0xE3 => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
            _ => (false, 1),
        };
        match (space, at) {
            (true, Some(s)) => {
                chunks.push(Chunk::new(text, s, i));
                at = None;
            }
            (false, None) => at = Some(i),
            _ => {}
        }
        i += len;
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
        if i + 1 == n || ends_after(chunks, i, i == seg_start, lang, rules) {
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
            .next_back()
            .or_else(|| window.rfind(char::is_whitespace).filter(|&i| i > 0))
            .map_or(limit, |i| start + i);
        // A piece ends at its last non-space character (white space runs before
        // the cut belong to neither piece).
        let piece_end = start + text[start..cut].trim_end().len();
        out.push((start, piece_end, true));
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
    let mut chunks: Vec<Chunk<'_>> = Vec::new();
    let mut line_start = 0;
    let bytes = text.as_bytes();
    // \n, \r, U+2028/9 (E2 80 A8/A9); U+0085 (C2 85) is rare enough for a second look.
    let nel = text.contains('\u{0085}');
    let mut candidates: Vec<usize> = memchr::memchr3_iter(b'\n', b'\r', 0xE2, bytes).collect();
    if nel {
        candidates.extend(memchr::memchr_iter(0xC2, bytes));
        candidates.sort_unstable();
    }
    for i in candidates {
        let len = match bytes[i] {
            b'\n' | b'\r' => 1,
            0xC2 if bytes.get(i + 1) == Some(&0x85) => 2,
            0xE2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) => 3,
            _ => continue,
        };
        split_line(text, line_start, i, lang, rules, &mut pieces, &mut chunks);
        line_start = i + len;
    }
    split_line(text, line_start, text.len(), lang, rules, &mut pieces, &mut chunks);
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
