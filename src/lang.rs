//! Language tags (`ar`, `ar-SA`, `en_US`, `EN-us`…) and the policy for matching them.
//!
//! Files from CAT tools spell tags every way: TMX 1.1 writes `lang="EN-US"`, OmegaT
//! `xml:lang="en-us"`, Trados `EN-US`, Java tools `ar_SA`. This module folds case and
//! `_`/`-` when comparing, writes BCP 47 casing (`ar`, `en-US`, `zh-Hant-TW`) when
//! producing files, and ranks how well a tag found in a file fits the tag a memory
//! asks for, in OmegaT's fallback order: the same tag, then the bare language for a
//! regional tag (`ar` takes `ar-SA`, `ar-EG`…), then another region of the same
//! language. ISO 639-2 and 639-3 codes of languages that have a two-letter code
//! (`ara`, `arb` Standard Arabic, `eng`, `fre`/`fra`…), as some tools and corpora
//! write them, are read as that code (`ar`, `en`, `fr`): BCP 47 wants the shortest
//! one. It never guesses a language from text (the script of a text is
//! [`crate::script`]'s).

use std::fmt;

/// A language tag as written in a file, compared case-insensitively with `_` = `-`.
#[derive(Clone, Debug, Eq, PartialEq, Hash, PartialOrd, Ord)]
pub struct LangTag(String);

impl LangTag {
    /// Parses a tag; `None` for an empty string or characters a tag cannot hold.
    pub fn parse(text: &str) -> Option<LangTag> {
        let text = text.trim();
        if text.is_empty() || text.len() > 64 {
            return None;
        }
        let ok = text
            .split(['-', '_'])
            .all(|part| !part.is_empty() && part.len() <= 8 && part.bytes().all(|b| b.is_ascii_alphanumeric()));
        let first_alpha = text.split(['-', '_']).next().is_some_and(|p| p.bytes().all(|b| b.is_ascii_alphabetic()));
        (ok && first_alpha).then(|| LangTag(canonical(text)))
    }

    /// The tag in BCP 47 casing, as written in exported files (`ar`, `en-US`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, lower case (`ar` for `ar-SA`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// Whether the tag has more than the primary subtag.
    pub fn has_subtags(&self) -> bool {
        self.0.contains('-')
    }

    /// How well `found` (a tag in a file) serves this wanted tag: 3 the same tag,
    /// 2 the same language when this tag is bare (`ar` wants `ar-SA`) or the found tag
    /// is bare (`ar-SA` wants `ar`), 1 another region of the same language, 0 no fit.
    pub fn fit(&self, found: &LangTag) -> u8 {
        if self == found {
            3
        } else if self.primary() != found.primary() {
            0
        } else if !self.has_subtags() || !found.has_subtags() {
            2
        } else {
            1
        }
    }

    /// Whether the two tags name the same language (primary subtags equal).
    pub fn same_language(&self, other: &LangTag) -> bool {
        self.primary() == other.primary()
    }
}

impl fmt::Display for LangTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// BCP 47 casing: language lower case, 4-letter script title case, 2-letter region
/// upper case, everything else lower case; `_` becomes `-`.
fn canonical(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split(['-', '_']).enumerate() {
        if i > 0 {
            out.push('-');
        }
        if i > 0 && part.len() == 2 && part.bytes().all(|b| b.is_ascii_alphabetic()) {
            out.push_str(&part.to_ascii_uppercase());
        } else if i > 0 && part.len() == 4 && part.bytes().all(|b| b.is_ascii_alphabetic()) {
            out.push_str(&part[..1].to_ascii_uppercase());
            out.push_str(&part[1..].to_ascii_lowercase());
        } else if i == 0 {
            let lower = part.to_ascii_lowercase();
            out.push_str(two_letter(&lower).unwrap_or(&lower));
        } else {
            out.push_str(&part.to_ascii_lowercase());
        }
    }
    out
}

/// The ISO 639-1 code of a three-letter ISO 639-2 (bibliographic or terminology)
/// or ISO 639-3 code, for the languages a translation memory meets; `arb` (Standard
/// Arabic, an individual language of the macrolanguage `ar`) is `ar`.
fn two_letter(code: &str) -> Option<&'static str> {
    const CODES: &[(&str, &str)] = &[
        ("ara", "ar"),
        ("arb", "ar"),
        ("eng", "en"),
        ("fra", "fr"),
        ("fre", "fr"),
        ("deu", "de"),
        ("ger", "de"),
        ("spa", "es"),
        ("ita", "it"),
        ("por", "pt"),
        ("nld", "nl"),
        ("dut", "nl"),
        ("rus", "ru"),
        ("zho", "zh"),
        ("chi", "zh"),
        ("jpn", "ja"),
        ("kor", "ko"),
        ("fas", "fa"),
        ("per", "fa"),
        ("urd", "ur"),
        ("tur", "tr"),
        ("heb", "he"),
        ("pol", "pl"),
        ("swe", "sv"),
        ("dan", "da"),
        ("nor", "no"),
        ("nob", "nb"),
        ("nno", "nn"),
        ("fin", "fi"),
        ("ces", "cs"),
        ("cze", "cs"),
        ("ell", "el"),
        ("gre", "el"),
        ("hin", "hi"),
        ("ind", "id"),
        ("msa", "ms"),
        ("may", "ms"),
        ("ukr", "uk"),
        ("ron", "ro"),
        ("rum", "ro"),
        ("hun", "hu"),
        ("cat", "ca"),
        ("bul", "bg"),
        ("hrv", "hr"),
        ("srp", "sr"),
        ("slk", "sk"),
        ("slo", "sk"),
        ("slv", "sl"),
        ("vie", "vi"),
        ("tha", "th"),
        ("pus", "ps"),
        ("snd", "sd"),
        ("uig", "ug"),
        ("kur", "ku"),
        ("aze", "az"),
        ("uzb", "uz"),
        ("kaz", "kk"),
        ("est", "et"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("gle", "ga"),
        ("cym", "cy"),
        ("wel", "cy"),
        ("eus", "eu"),
        ("baq", "eu"),
        ("glg", "gl"),
        ("isl", "is"),
        ("ice", "is"),
        ("sqi", "sq"),
        ("alb", "sq"),
        ("afr", "af"),
        ("swa", "sw"),
        ("mlt", "mt"),
        ("tgl", "tl"),
        ("mkd", "mk"),
        ("mac", "mk"),
        ("bel", "be"),
        ("ben", "bn"),
        ("tam", "ta"),
        ("tel", "te"),
        ("mar", "mr"),
        ("nep", "ne"),
        ("som", "so"),
        ("hau", "ha"),
        ("amh", "am"),
        ("kat", "ka"),
        ("geo", "ka"),
        ("hye", "hy"),
        ("arm", "hy"),
        ("lat", "la"),
        ("epo", "eo"),
    ];
    CODES.iter().find(|(three, _)| *three == code).map(|&(_, two)| two)
}

/// A memory's language pair: what its sources and targets are written in.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct LangPair {
    pub source: LangTag,
    pub target: LangTag,
}

impl LangPair {
    /// Arabic to English, the pair `tm` is made for and the default of a new memory.
    pub fn arabic_english() -> LangPair {
        LangPair { source: LangTag("ar".into()), target: LangTag("en".into()) }
    }

    /// Whether a memory of this pair may take entries tagged `source`/`target`.
    pub fn accepts(&self, source: &LangTag, target: &LangTag) -> bool {
        self.source.fit(source) > 0 && self.target.fit(target) > 0
    }
}

impl fmt::Display for LangPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}→{}", self.source, self.target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> LangTag {
        LangTag::parse(s).unwrap()
    }

    #[test]
    fn tags_are_written_in_bcp47_casing() {
        assert_eq!(tag("EN-us").as_str(), "en-US");
        assert_eq!(tag("ar_SA").as_str(), "ar-SA");
        assert_eq!(tag("zh-hant-tw").as_str(), "zh-Hant-TW");
        assert_eq!(tag(" AR ").as_str(), "ar");
    }

    /// From a user's trial: `ara`, `eng`, `arb` and `ar_SA` were taken for other
    /// languages than the memory's ar→en.
    #[test]
    fn iso_639_2_and_3_codes_and_underscores_name_the_languages_of_their_two_letter_codes() {
        let pair = LangPair::arabic_english();
        for (source, target) in [("ara", "eng"), ("arb", "en"), ("ar_SA", "en_US"), ("ARA-EG", "ENG-gb")] {
            assert!(pair.accepts(&tag(source), &tag(target)), "{source} {target}");
        }
        assert_eq!(tag("arb").as_str(), "ar");
        assert_eq!(tag("fre-CA").as_str(), "fr-CA");
        assert_eq!(tag("deu").fit(&tag("de-DE")), 2);
        // A three-letter code with no two-letter one stays as written.
        assert_eq!(tag("arz").as_str(), "arz");
        assert_eq!(tag("fil").as_str(), "fil");
    }

    #[test]
    fn tags_that_are_not_tags_are_refused() {
        for bad in ["", "  ", "e n", "en--US", "123", "en-US-toolongsubtag", "*all*"] {
            assert!(LangTag::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn fit_follows_omegat_fallback_order() {
        assert_eq!(tag("ar").fit(&tag("AR")), 3);
        assert_eq!(tag("ar").fit(&tag("ar-SA")), 2);
        assert_eq!(tag("en-US").fit(&tag("en")), 2);
        assert_eq!(tag("en-US").fit(&tag("en-GB")), 1);
        assert_eq!(tag("en").fit(&tag("fr-CA")), 0);
    }

    #[test]
    fn pair_accepts_regional_variants_only_of_its_languages() {
        let pair = LangPair::arabic_english();
        assert!(pair.accepts(&tag("ar-EG"), &tag("en-GB")));
        assert!(!pair.accepts(&tag("fa"), &tag("en")));
    }
}
