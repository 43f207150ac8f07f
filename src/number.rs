//! Numbers as written: their value, and the way a text writes them (digits,
//! grouping, decimal mark), so that a number put into a translation reads as the
//! translation writes numbers. Pure; the matcher's repairs use it.
//!
//! A value is the canonical form of [`crate::normalize::canonical_number`]: ASCII
//! digits, a `.` before any fraction, no grouping, no leading zeros (`2500000`,
//! `3.5`).

/// The digits a text writes numbers with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Digits {
    #[default]
    Ascii,
    /// ٠١٢٣٤٥٦٧٨٩
    ArabicIndic,
    /// ۰۱۲۳۴۵۶۷۸۹
    Persian,
}

impl Digits {
    fn zero(self) -> u32 {
        match self {
            Digits::Ascii => '0' as u32,
            Digits::ArabicIndic => 0x0660,
            Digits::Persian => 0x06F0,
        }
    }

    fn of(c: char) -> Option<Digits> {
        match c {
            '0'..='9' => Some(Digits::Ascii),
            '\u{0660}'..='\u{0669}' => Some(Digits::ArabicIndic),
            '\u{06F0}'..='\u{06F9}' => Some(Digits::Persian),
            _ => None,
        }
    }

    /// An ASCII digit in these digits; anything else (a sign) as it is.
    fn write(self, ascii: char) -> char {
        ascii.to_digit(10).and_then(|d| char::from_u32(self.zero() + d)).unwrap_or(ascii)
    }
}

/// How one number is written: its digits, the mark between groups of three
/// (`,` `.` `٬` `،`, a space or a narrow no-break space), its decimal mark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub digits: Digits,
    pub group: Option<char>,
    pub decimal: Option<char>,
}

/// Whether `c` can stand between the digits of one number.
fn is_mark(c: char) -> bool {
    matches!(c, ',' | '.' | '\u{066C}' | '\u{060C}' | '\u{066B}' | ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

impl Style {
    /// The style of a number as written (`1,250,000`, `٢٬٥٠٠`, `3,5`, `2000`). A
    /// mark followed by exactly three digits, every time, groups; any other mark
    /// (and `٫`) is the decimal mark. One group mark alone (`1,250`) groups, as
    /// [`crate::normalize::canonical_number`] reads it.
    pub fn of(written: &str) -> Style {
        let digits = written.chars().find_map(Digits::of).unwrap_or_default();
        // The runs of digits and the marks between them.
        let mut runs: Vec<usize> = vec![0];
        let mut marks: Vec<char> = Vec::new();
        for c in written.chars() {
            if Digits::of(c).is_some() {
                if let Some(last) = runs.last_mut() {
                    *last += 1;
                }
            } else if is_mark(c) {
                marks.push(c);
                runs.push(0);
            }
        }
        let mut style = Style { digits, group: None, decimal: None };
        if marks.is_empty() {
            return style;
        }
        let last = marks.len() - 1;
        // `٫` is always a decimal mark; a last mark not followed by three digits is too.
        let decimal_last =
            marks[last] == '\u{066B}' || runs[last + 1] != 3 || (marks.len() > 1 && marks[last] != marks[0]);
        let groups = if decimal_last { &marks[..last] } else { &marks[..] };
        if decimal_last {
            style.decimal = Some(marks[last]);
        }
        if let Some(&g) = groups.first() {
            style.group = Some(g);
        }
        style
    }

    /// This style (of `written`), grouped as `example` is when `written` cannot say
    /// whether it groups: a number of three digits or fewer before its fraction
    /// (`1.00` put in for `1,000.00` is `1,000.00`). The group mark is the one that
    /// does not clash with the decimal mark, in these digits.
    pub fn grouped_as(self, written: &str, example: &str) -> Style {
        let int_digits =
            written.chars().take_while(|&c| Some(c) != self.decimal).filter(|&c| Digits::of(c).is_some()).count();
        if self.group.is_some() || int_digits > 3 || Style::of(example).group.is_none() {
            return self;
        }
        let group = match (self.digits, self.decimal) {
            (Digits::ArabicIndic | Digits::Persian, _) => '\u{066C}',
            (_, Some(',')) => '.',
            _ => ',',
        };
        Style { group: Some(group), ..self }
    }

    /// Writes `value` (canonical: ASCII digits, `.` before a fraction) in this style.
    /// Without a decimal mark of its own, a fraction takes the one that does not
    /// clash with the grouping (`.`, or `,` after `.` groups).
    pub fn write(&self, value: &str) -> String {
        let (int, frac) = value.split_once('.').map_or((value, None), |(i, f)| (i, Some(f)));
        let mut out = String::with_capacity(value.len() * 2);
        let n = int.chars().count();
        // Only a run of digits is grouped (not `0/05`, `12:30`).
        let group = self.group.filter(|_| int.bytes().all(|b| b.is_ascii_digit()));
        for (k, c) in int.chars().enumerate() {
            if k > 0
                && (n - k).is_multiple_of(3)
                && let Some(g) = group
            {
                out.push(g);
            }
            out.push(self.digits.write(c));
        }
        if let Some(f) = frac {
            let decimal = self.decimal.unwrap_or(match (self.group, self.digits) {
                (_, Digits::ArabicIndic | Digits::Persian) => '\u{066B}',
                (Some('.'), _) => ',',
                _ => '.',
            });
            out.push(decimal);
            out.extend(f.chars().map(|c| self.digits.write(c)));
        }
        out
    }
}

/// The English ordinal suffix of `value` (`1` → `st`, `12` → `th`, `22` → `nd`).
pub fn ordinal_suffix(value: &str) -> &'static str {
    let int = value.split('.').next().unwrap_or(value).as_bytes();
    let last = int.last().copied().unwrap_or(b'0');
    let tens = if int.len() >= 2 { int[int.len() - 2] } else { b'0' };
    match (tens, last) {
        (b'1', _) => "th",
        (_, b'1') => "st",
        (_, b'2') => "nd",
        (_, b'3') => "rd",
        _ => "th",
    }
}

/// The length in bytes of an English ordinal suffix at the start of `rest` (`st`,
/// `nd`, `rd`, `th`, any case, not followed by a letter), if there is one.
pub fn ordinal_suffix_at(rest: &str) -> Option<usize> {
    let head = rest.get(..2)?;
    let is_suffix = ["st", "nd", "rd", "th"].iter().any(|s| head.eq_ignore_ascii_case(s));
    let then_letter = rest[2..].chars().next().is_some_and(char::is_alphabetic);
    (is_suffix && !then_letter).then_some(2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{canonical_number, key};

    /// Found by the fuzzy benchmark's queries: a character of a value that is not a
    /// digit overflowed (a panic in debug builds, a wrong character in release).
    #[test]
    fn a_character_that_is_not_a_digit_is_written_as_it_is() {
        assert_eq!(Digits::ArabicIndic.write('-'), '-');
        assert_eq!(Digits::ArabicIndic.write('7'), '٧');
        assert_eq!(Digits::Ascii.write('/'), '/');
    }

    /// A number too short to show its grouping takes the segment's (found by the
    /// repair property test: `1.00` for `1,000.00` gave `1000.00`); one that shows
    /// it keeps its own.
    #[test]
    fn a_short_number_is_grouped_as_the_segment_groups() {
        let write =
            |written: &str, example: &str, value: &str| Style::of(written).grouped_as(written, example).write(value);
        assert_eq!(write("1.00", "1,000.00", "1000.00"), "1,000.00");
        assert_eq!(write("1,50", "1.000,50", "1000.50"), "1.000,50");
        assert_eq!(write("12", "12,500", "12500"), "12,500");
        assert_eq!(write("12", "12500", "12500"), "12500");
        assert_eq!(write("2000", "2,500", "2500"), "2500", "four digits ungrouped say the target does not group");
    }

    /// Writing a value in the style of a number gives the value back when read.
    #[test]
    fn numbers_are_written_as_the_example_writes_them() {
        let cases = [
            ("2,000", "2500", "2,500"),
            ("$1,250,000", "2500000", "2,500,000"),
            ("2000", "2500", "2500"),
            ("1.250.000", "2500000", "2.500.000"),
            ("3,5", "4.25", "4,25"),
            ("3.5", "4.25", "4.25"),
            ("1,250.50", "99999.5", "99,999.5"),
            ("٢٬٥٠٠٬٠٠٠", "3100000", "٣٬١٠٠٬٠٠٠"),
            ("٢،٥٠٠،٠٠٠", "3100000", "٣،١٠٠،٠٠٠"),
            ("٣٫٥", "12.75", "١٢٫٧٥"),
            ("1\u{202F}250\u{202F}000", "2500000", "2\u{202F}500\u{202F}000"),
            ("2011", "2012", "2012"),
            ("1,250", "2000000", "2,000,000"),
        ];
        for (example, value, want) in cases {
            let got = Style::of(example).write(value);
            assert_eq!(got, want, "{value} like {example}");
            let read = canonical_number(&key(&got).replace(['\u{202F}', ' '], ""));
            assert_eq!(read, value, "{got} reads back as {read}");
        }
    }

    #[test]
    fn ordinals_take_the_suffix_of_their_value() {
        let got: Vec<&str> =
            ["1", "2", "3", "4", "11", "12", "13", "21", "22", "101", "111"].map(ordinal_suffix).to_vec();
        assert_eq!(got, ["st", "nd", "rd", "th", "th", "th", "th", "st", "nd", "st", "th"]);
        assert_eq!(ordinal_suffix_at("st of May"), Some(2));
        assert_eq!(ordinal_suffix_at("TH"), Some(2));
        assert_eq!(ordinal_suffix_at("sting"), None);
        assert_eq!(ordinal_suffix_at(" st"), None);
    }
}
