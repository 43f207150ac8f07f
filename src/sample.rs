//! The starter memory and glossary shipped with `tm` (`memory/`, `glossary/` in the
//! source tree, built into the binary), so that `tm suggest` is useful with no
//! set-up. They never go into a user's memory: [`memory`] loads them into a memory
//! of their own in RAM, which suggestions and concordance consult beside the
//! user's while that holds nothing (no entry, no glossary term) or when asked,
//! and which an export adds only when asked. Their entries and terms have the
//! origin `sample`, a name no import may take, so that whatever comes from them
//! is labelled. (A memory made by an earlier `tm` holds them as entries of origin
//! `sample`, which exports leave out unless asked.)

use crate::entry::ORIGIN_SAMPLE;
use crate::error::Result;
use crate::formats::{glossary, tmx::TmxReader};
use crate::glossary::{Glossary, Term};
use crate::lang::LangPair;
use crate::memory::{Memory, OnDuplicate};

/// The shipped memory files (TMX), by name.
pub const MEMORY_FILES: &[(&str, &str)] = &[("seed-report.tmx", include_str!("../memory/seed-report.tmx"))];

/// The shipped glossary files, by name.
pub const GLOSSARY_FILES: &[(&str, &str)] = &[("names.tsv", include_str!("../glossary/names.tsv"))];

/// The shipped memory and glossary in a memory of their own, in RAM, for a memory
/// of `pair` (`None`: the sample is Arabic→English, and not for another pair).
pub fn memory(pair: &LangPair) -> Result<Option<Memory>> {
    if pair != &LangPair::arabic_english() {
        return Ok(None);
    }
    let mut memory = Memory::in_memory(Some(pair))?;
    load(&mut memory)?;
    Ok(Some(memory))
}

/// Loads the shipped memory and glossary; returns (entries, terms) added.
pub fn load(memory: &mut Memory) -> Result<(u64, u64)> {
    let pair = memory.pair().clone();
    let mut entries = 0;
    for (name, text) in MEMORY_FILES {
        let mut reader = TmxReader::open(text.as_bytes(), name)?;
        let mut import = memory.import(OnDuplicate::KeepBoth)?;
        while let Some(unit) = reader.next_unit()? {
            // The shipped files are checked by tests: a unit that does not fit the
            // memory's pair is simply not for this memory.
            if let Ok(mut entry) = unit.to_entry(&pair, ORIGIN_SAMPLE, name) {
                entry.origin = ORIGIN_SAMPLE.to_string();
                import.add(&entry)?;
            }
        }
        entries += import.commit()?.imported;
    }
    let terms = terms(&pair)?;
    memory.add_terms(ORIGIN_SAMPLE, &terms)?;
    Ok((entries, terms.len() as u64))
}

/// The shipped glossary's terms for a memory of `pair`.
pub fn terms(pair: &LangPair) -> Result<Vec<Term>> {
    let mut terms: Vec<Term> = Vec::new();
    for (name, text) in GLOSSARY_FILES {
        let read = glossary::read(text.as_bytes(), name, pair)?;
        terms.extend(read.terms.into_iter().map(|t| Term { origin: ORIGIN_SAMPLE.to_string(), ..t }));
    }
    Ok(terms)
}

/// The shipped glossary, compiled (Arabic→English).
pub fn glossary() -> Result<Glossary> {
    Ok(Glossary::new(terms(&LangPair::arabic_english())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_file_loads_without_a_problem() {
        let pair = LangPair::arabic_english();
        for (name, text) in MEMORY_FILES {
            let mut reader = TmxReader::open(text.as_bytes(), name).unwrap();
            let mut n = 0;
            while let Some(unit) = reader.next_unit().unwrap() {
                unit.to_entry(&pair, ORIGIN_SAMPLE, name).unwrap();
                n += 1;
            }
            assert!(n > 0, "{name} is empty");
        }
        for (name, text) in GLOSSARY_FILES {
            let read = glossary::read(text.as_bytes(), name, &pair).unwrap();
            assert!(read.problems.is_empty(), "{name}: {:?}", read.problems);
            assert!(!read.terms.is_empty());
        }
    }

    #[test]
    fn the_sample_gives_matches_and_renderings_on_a_fresh_memory() {
        let mut m = Memory::in_memory(None).unwrap();
        let (entries, terms) = load(&mut m).unwrap();
        assert_eq!(entries, 21);
        assert!(terms >= 20);
        let segment =
            "يجري تطوير حقل Kashagan الضخم، الخارجي في بحر قزوين شمال، بالاشتراك من قبل كازموناينجاز والشركات الأوروبية.";
        let matches = m.suggest(segment, &Default::default()).unwrap();
        assert!(matches[0].score >= 70 && matches[0].score < 100, "{}", matches[0].score);
        assert!(matches[0].entry.target.text.contains("Kashagan"));
        let hits: Vec<String> = m.glossary().unwrap().find(segment).into_iter().map(|h| h.rendering).collect();
        assert_eq!(hits, vec!["Kashagan", "Caspian Sea", "KazMunayGas"]);
    }
}
