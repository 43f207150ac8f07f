//! The bodies of the fuzz targets: each takes arbitrary bytes, runs one parser or
//! one part of the pure core on them, and panics when an invariant is broken.
//!
//! They live in the library, not in `fuzz/`, so that they are compiled and tested
//! on a stable toolchain with the rest: `fuzz/fuzz_targets/*.rs` (cargo-fuzz,
//! libFuzzer, nightly) only hand libFuzzer's bytes to [`run`], and the regression
//! test (`tests/fuzz.rs`) runs every input kept in `tests/data/fuzz/<target>/` and
//! the seeds in `fuzz/seeds/<target>/` through the same function. A panic here is a
//! finding: a reader that crashed, hung (libFuzzer's `-timeout`), returned an error
//! that does not say where, or lost a record without a word; a score out of 0–100;
//! segments or beads that do not tile their text. Each panic message names the
//! invariant.
//!
//! The readers ([`formats`]): `tmx`, `xliff`, `tbx`, `tsv`, `glossary`, `decode`.
//! The pure core ([`core`]): `segment`, `normalize`, `matcher`, `align`. What each
//! checks is in its documentation. Nothing here is used by `tm` itself.

pub mod core;
pub mod formats;

/// A target's body: panics on a broken invariant.
pub type Body = fn(&[u8]);

/// Every target: its name (as in `fuzz/fuzz_targets/NAME.rs` and
/// `tests/data/fuzz/NAME/`) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("tmx", formats::tmx),
    ("xliff", formats::xliff),
    ("tbx", formats::tbx),
    ("tsv", formats::tsv),
    ("glossary", formats::glossary),
    ("decode", formats::decode),
    ("segment", core::segment),
    ("normalize", core::normalize),
    ("matcher", core::matcher),
    ("align", core::align),
];

/// Runs target `name` on `data`; panics on a broken invariant, and on a name that is
/// no target.
pub fn run(name: &str, data: &[u8]) {
    match TARGETS.iter().find(|(n, _)| *n == name) {
        Some((_, body)) => body(data),
        None => panic!("no fuzz target {name:?}"),
    }
}

/// Longest text a seed of a text target gets (libFuzzer mutates small inputs best).
const SEED_TEXT: usize = 4096;

/// The seeds a file of real material gives, as (target, input): a TMX, XLIFF or TBX
/// file its reader's; a TSV file the TSV and glossary readers'; a CSV the glossary
/// reader's; a text (`.txt`) the decoder's, segmenter's and normalizer's, cut to a
/// few kilobytes; a TMX's first units also the matcher's (one unit's source as the
/// segment against the next unit) and the aligner's (sources against targets).
/// Pure: the corpus builder (`examples/fuzz_corpus.rs`) and the tests read the
/// files.
pub fn seeds_of(name: &str, bytes: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let extension = name.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
    let prefixed = |control: u8, body: &[u8]| [&[control][..], body].concat();
    match extension.as_str() {
        "tmx" => {
            let mut out = vec![("tmx", bytes.to_vec())];
            out.extend(tmx_seeds(bytes));
            out
        }
        "xlf" | "xliff" | "sdlxliff" | "mqxliff" => vec![("xliff", bytes.to_vec())],
        "tbx" => vec![("tbx", bytes.to_vec())],
        "tsv" => vec![("tsv", bytes.to_vec()), ("glossary", bytes.to_vec())],
        "csv" => vec![("glossary", bytes.to_vec())],
        "txt" => {
            let text = String::from_utf8_lossy(bytes);
            let mut cut = text.len().min(SEED_TEXT);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let head = text[..cut].as_bytes();
            vec![
                ("decode", prefixed(0, head)),
                ("decode", prefixed(1, head)),
                ("segment", prefixed(0, head)),
                ("segment", prefixed(1, head)),
                ("normalize", head.to_vec()),
            ]
        }
        _ => Vec::new(),
    }
}

/// Matcher and aligner seeds from the first units of a TMX file that read as
/// Arabic–English entries.
fn tmx_seeds(bytes: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let pair = crate::lang::LangPair::arabic_english();
    let Ok(mut reader) = crate::formats::tmx::TmxReader::open(bytes, "seed") else { return Vec::new() };
    let mut pairs: Vec<(String, String)> = Vec::new();
    while let Ok(Some(unit)) = reader.next_unit() {
        if let Ok(e) = unit.into_entry(&pair, "seed", "seed") {
            pairs.push((e.source.text, e.target.text));
        }
        if pairs.len() == 16 {
            break;
        }
    }
    let mut out: Vec<(&'static str, Vec<u8>)> =
        pairs.windows(2).map(|w| ("matcher", format!("{}\0{}\0{}", w[1].0, w[0].0, w[0].1).into_bytes())).collect();
    if !pairs.is_empty() {
        let sources: Vec<&str> = pairs.iter().map(|p| p.0.as_str()).collect();
        let targets: Vec<&str> = pairs.iter().map(|p| p.1.as_str()).collect();
        out.push(("align", format!("{}\0{}", sources.join(" "), targets.join(" ")).into_bytes()));
    }
    out
}

/// The texts of an input made of several, separated by NUL (`segment\0source\0target`):
/// at most `n` of them, invalid UTF-8 replaced (so that every input reaches the code
/// under test), missing ones empty.
pub(crate) fn texts(data: &[u8], n: usize) -> Vec<String> {
    let mut out: Vec<String> = data.splitn(n, |&b| b == 0).map(|p| String::from_utf8_lossy(p).into_owned()).collect();
    out.resize(n, String::new());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_split_on_nul_and_pad() {
        assert_eq!(texts(b"a\0b", 3), ["a", "b", ""]);
        assert_eq!(texts(b"a\0b\0c\0d", 3), ["a", "b", "c\0d"]);
        assert_eq!(texts(b"\xff", 1), ["\u{FFFD}"]);
    }

    #[test]
    fn the_shipped_memory_seeds_the_matcher_and_the_aligner() {
        let (name, text) = crate::sample::MEMORY_FILES[0];
        let seeds = seeds_of(name, text.as_bytes());
        let count = |target: &str| seeds.iter().filter(|(t, _)| *t == target).count();
        assert_eq!((count("tmx"), count("matcher"), count("align")), (1, 15, 1));
        for (target, input) in &seeds {
            run(target, input);
        }
    }

    #[test]
    fn every_target_runs_on_empty_input() {
        for (name, _) in TARGETS {
            run(name, b"");
        }
    }
}
