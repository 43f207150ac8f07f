//! The word lists of the segmenter, read from `rules.txt` (a data file a linguist
//! can read and extend; its header gives the format and the sources).

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::normalize;
use crate::tokenize::is_arabic;

/// The lists of `rules.txt`, folded for lookup.
#[derive(Debug, Default)]
pub struct Rules {
    pub titles: HashSet<String>,
    pub eras: HashSet<String>,
    pub abbreviations: HashSet<String>,
    pub before_numbers: HashSet<String>,
    pub label_nouns: HashSet<String>,
    pub continuations: HashSet<String>,
    pub attributions: HashSet<String>,
    pub after_ellipsis: HashSet<String>,
    pub english_openers: HashSet<String>,
    pub list_introductions: HashSet<String>,
}

/// The form in which words are compared with the lists: Arabic without diacritics,
/// tatweel and bidi marks, alef and hamza forms folded; Latin as written.
pub fn fold(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().any(is_arabic) { normalize::key(word).into() } else { word.into() }
}

impl Rules {
    /// Parses the rules format; the error names the line.
    pub fn parse(text: &str) -> Result<Rules, String> {
        let mut rules = Rules::default();
        let mut section: Option<&mut HashSet<String>> = None;
        let mut seen: Vec<String> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                if seen.iter().any(|s| s == name) {
                    return Err(format!("rules.txt:{}: section [{name}] appears twice", i + 1));
                }
                seen.push(name.to_string());
                section = Some(match name {
                    "titles" => &mut rules.titles,
                    "eras" => &mut rules.eras,
                    "abbreviations" => &mut rules.abbreviations,
                    "before-numbers" => &mut rules.before_numbers,
                    "label-nouns" => &mut rules.label_nouns,
                    "continuations" => &mut rules.continuations,
                    "attributions" => &mut rules.attributions,
                    "after-ellipsis" => &mut rules.after_ellipsis,
                    "english-openers" => &mut rules.english_openers,
                    "list-introductions" => &mut rules.list_introductions,
                    other => return Err(format!("rules.txt:{}: unknown section [{other}]", i + 1)),
                });
                continue;
            }
            match section.as_deref_mut() {
                Some(set) => {
                    set.insert(fold(line).into_owned());
                }
                None => {
                    return Err(format!("rules.txt:{}: an entry before any [section]", i + 1));
                }
            }
        }
        Ok(rules)
    }
}

/// The rules shipped with `tm` (parsed once).
pub fn shipped() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| match Rules::parse(include_str!("rules.txt")) {
        Ok(rules) => rules,
        // The file is part of the program; the test below keeps it well-formed.
        Err(e) => panic!("{e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_load() {
        let rules = Rules::parse(include_str!("rules.txt")).unwrap();
        assert!(rules.titles.contains("د") && rules.titles.contains("Dr"));
        assert!(rules.eras.contains(&*fold("هـ")));
        assert!(rules.abbreviations.contains(&*fold("إلخ")) && rules.abbreviations.contains("Corp"));
        assert!(rules.titles.contains(&*fold("دي آر")), "two-word titles");
        assert!(rules.after_ellipsis.contains(&*fold("إلخ")));
        assert!(rules.label_nouns.contains(&*fold("فيتامين")));
        assert!(rules.before_numbers.contains("Oct") && rules.before_numbers.contains(&*fold("ص")));
        assert!(rules.continuations.contains("في"));
        assert!(rules.attributions.contains("added") && rules.attributions.contains(&*fold("حسبما")));
        assert!(rules.english_openers.contains("The"));
        assert!(rules.list_introductions.contains("following") && rules.list_introductions.contains(&*fold("الآتية")));
    }

    #[test]
    fn arabic_entries_match_every_spelling_latin_ones_only_their_case() {
        let rules = shipped();
        assert!(rules.abbreviations.contains(&*fold("الخ")));
        assert!(!rules.abbreviations.contains("corp"));
    }

    #[test]
    fn a_bad_section_names_its_line() {
        assert_eq!(Rules::parse("# x\n[nonsense]\n").unwrap_err(), "rules.txt:2: unknown section [nonsense]");
        assert_eq!(Rules::parse("[eras]\nم\n[eras]\n").unwrap_err(), "rules.txt:3: section [eras] appears twice");
    }
}
