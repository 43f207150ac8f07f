//! `tm glossary`: import (tabular glossaries and TBX), conflicts between
//! renderings, check, export.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::util::{
    Checked, Tm, data_file, interop_script, python3, seed_glossary, shared, stderr, stdout, ttk_python, xmllint,
};

tests![
    conflicting_renderings_are_reported_at_import_and_listed_by_check,
    a_glossary_without_conflicts_checks_clean,
    a_large_glossary_merges_and_reports_conflicts_as_a_small_one,
    every_tbx_sample_gives_the_terms_an_independent_reader_finds,
    a_tbx_v3_glossary_in_either_style_gives_its_terms_and_reports_conflicts_where_they_are,
    the_shipped_glossary_exported_as_tbx_reimports_equal_and_reads_the_same_in_xmllint,
    a_tbx_sample_exported_reimports_equal,
    the_tbx_export_reads_the_same_in_translate_toolkit,
    the_shipped_glossary_exported_as_tsv_reimports_equal,
    malformed_tbx_fails_with_its_line_and_leaves_the_glossary_as_it_was,
];

/// The repro: after the TICO-19 terminology and the ISO 3166 list, 35 Arabic
/// spellings had more than one rendering and one was picked without a word.
fn conflicting_renderings_are_reported_at_import_and_listed_by_check() -> Checked {
    let shared = shared()?;
    let dir = shared.join("data/glossary");
    let tm = Tm::empty();
    let files = ["tico-19/g_en_ar.csv", "tico-19/g_ar_en.csv", "tico-19/f_en-ar_AR.csv", "iso-codes/iso_3166-1.en-ar.tsv"];
    let paths: Vec<String> = files.iter().map(|f| dir.join(f).display().to_string()).collect();
    let mut args = vec!["glossary", "import"];
    args.extend(paths.iter().map(String::as_str));
    let out = tm.expect(&args, None, 0);
    let err = stderr(&out);
    assert!(
        err.contains("iso_3166-1.en-ar.tsv:234: جمهورية بوليفيا is rendered Plurinational State of Bolivia here"),
        "{err}"
    );
    assert!(err.contains("f_en-ar_AR.csv:296: انتشار الفيروس is rendered virus spreads here but spread of virus"), "{err}");
    let out = tm.expect(&["glossary", "check", "--format", "json"], None, 1);
    let conflicts: Vec<serde_json::Value> = crate::util::lines(&out.stdout);
    assert_eq!(conflicts.len(), 35);
    let corona = conflicts.iter().find(|c| c["spelling"] == "فيروس كورونا").expect("فيروس كورونا");
    assert_eq!(corona["renderings"][0][0], "coronavirus");
    assert_eq!(corona["renderings"][1][0], "corona virus");
    let origin = dir.join("tico-19/g_en_ar.csv").canonicalize().unwrap();
    let listed = format!("فيروس كورونا\tcoronavirus [{}]", origin.display());
    assert!(stdout(&tm.expect(&["glossary", "check"], None, 1)).contains(&listed));
    Ok(())
}

fn a_glossary_without_conflicts_checks_clean() {
    let tm = Tm::seeded();
    let out = tm.expect(&["glossary", "check"], None, 0);
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(stderr(&out).contains("0 spellings with more than one rendering"), "{}", stderr(&out));
}

/// The repro of a quadratic import (30k terms took 0.84 s, 150k 37.6 s: each
/// line searched every term read before it): 40,001 lines of the ISO 3166 names,
/// numbered, every rendering on two lines with two spellings, and a last line
/// that gives the first spelling another rendering. The lines merge into 20,001
/// terms as two lines do, and the conflict is reported at its line.
/// (`bench/glossary_import.sh` times it.)
fn a_large_glossary_merges_and_reports_conflicts_as_a_small_one() -> Checked {
    let names = std::fs::read_to_string(shared()?.join("data/glossary/iso-codes/iso_3166-1.en-ar.tsv")).unwrap();
    let names: Vec<(&str, &str)> = names.lines().skip(1).filter_map(|l| l.split_once('\t')).collect();
    let mut tsv = String::from("en\tar\n");
    for i in 0..20_000 {
        let (en, ar) = names[i % names.len()];
        tsv += &format!("{en} {i}\t{ar} {i}\n{en} {i}\t{ar}ي {i}\n");
    }
    let (en, ar) = names[0];
    tsv += &format!("Elsewhere\t{ar} 0\n");
    let tm = Tm::empty();
    let file = tm.write("terms.tsv", tsv);
    let out = tm.expect(&["glossary", "import", file.to_str().unwrap()], None, 0);
    let expected = format!("terms.tsv:40002: {ar} 0 is rendered Elsewhere here but {en} 0 in line 2 of this file");
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 conflicting rendering"), "{}", stderr(&out));
    let terms: Vec<TermJson> = crate::util::lines(&tm.expect(&["glossary", "list", "--format", "json"], None, 0).stdout);
    assert_eq!(terms.len(), 20_001);
    assert_eq!(terms[0].rendering, format!("{en} 0"));
    assert_eq!(terms[0].variants, vec![format!("{ar} 0"), format!("{ar}ي 0")]);
    let (en, ar) = names[19_999 % names.len()];
    assert_eq!(terms[19_999].variants, vec![format!("{ar} 19999"), format!("{ar}ي 19999")]);
    assert_eq!(terms[19_999].rendering, format!("{en} 19999"));
    assert_eq!(terms[20_000].rendering, "Elsewhere");
    let conflicts: Vec<serde_json::Value> =
        crate::util::lines(&tm.expect(&["glossary", "check", "--format", "json"], None, 1).stdout);
    assert_eq!(conflicts.len(), 1);
    Ok(())
}

/// A term as `tm glossary list --format json` and `tests/interop/tbx_terms.py` give it.
#[derive(Deserialize, Debug, Clone, PartialEq, Eq)]
struct TermJson {
    rendering: String,
    variants: Vec<String>,
    note: Option<String>,
    #[serde(default)]
    forbidden: Vec<String>,
}

/// What `tests/interop/tbx_terms.py` reads in a TBX file.
#[derive(Deserialize, Debug)]
struct Independent {
    terms: Vec<TermJson>,
    incomplete: u64,
    alternatives: u64,
    skipped: u64,
}

/// `tm glossary import --format json`, one per file.
#[derive(Deserialize, Debug)]
struct GlossaryImport {
    format: String,
    imported: u64,
    skipped: u64,
    incomplete: u64,
    alternatives: u64,
    conflicts: u64,
}

fn glossary(tm: &Tm) -> Vec<TermJson> {
    tm.json(&["glossary", "list", "--format", "json"], None, 0)
}

fn import(tm: &Tm, file: &Path, pair: Option<(&str, &str)>) -> GlossaryImport {
    let file = file.to_str().unwrap();
    let mut args = vec!["glossary", "import", "--format", "json", file];
    if let Some((source, target)) = pair {
        args.extend(["--source-lang", source, "--target-lang", target]);
    }
    tm.json::<GlossaryImport>(&args, None, 0).remove(0)
}

/// `tests/interop/tbx_terms.py`: the file read by Python's xml.etree, apart from tm.
fn independent(tm: &Tm, file: &Path, source: &str, target: &str) -> Independent {
    let out = tm.tool("python3").arg(interop_script("tbx_terms.py")).arg(file).args([source, target]).output().unwrap();
    assert!(out.status.success(), "tbx_terms.py {}: {}", file.display(), stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn languages(tm: &Tm, file: &Path) -> Vec<String> {
    let out = tm.tool("python3").arg(interop_script("tbx_terms.py")).arg("--languages").arg(file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).lines().map(str::to_string).collect()
}

/// The TBX files of the shared material (its inventory lists them).
fn tbx_samples(shared: &Path) -> Vec<PathBuf> {
    let inventory = std::fs::read_to_string(shared.join("data/formats/INVENTORY.tsv")).unwrap();
    let dir = shared.join("data/formats");
    inventory.lines().filter_map(|l| l.split('\t').next()).filter(|p| p.ends_with(".tbx")).map(|p| dir.join(p)).collect()
}

/// `xmllint --xpath EXPR FILE`, a number.
fn xpath_count(tm: &Tm, file: &Path, expr: &str) -> u64 {
    let out = tm.tool("xmllint").arg("--xpath").arg(expr).arg(file).output().unwrap();
    assert!(out.status.success(), "xmllint --xpath {expr}: {}", stderr(&out));
    stdout(&out).trim().parse().unwrap_or_else(|_| panic!("xmllint --xpath {expr}: {}", stdout(&out)))
}

/// The 8 TBX samples of the shared material (Okapi's and OmegaT's test files: IBM,
/// Medtronic, Oracle, SDL, University of Maryland termbases, windows-1254 and
/// UTF-8 with a BOM) hold no Arabic: each is imported for every pair of English
/// and another of its languages, both ways, into a memory of that pair, and must
/// give the terms, skipped entries and alternatives an independent reader finds.
fn every_tbx_sample_gives_the_terms_an_independent_reader_finds() -> Checked {
    let shared = shared()?;
    python3()?;
    let samples = tbx_samples(&shared);
    assert_eq!(samples.len(), 8, "{samples:?}");
    let (mut pairs, mut forbidden, mut incomplete, mut alternatives) = (0, 0, 0, 0);
    for file in &samples {
        let langs = languages(&Tm::empty(), file);
        for other in langs.iter().filter(|l| !l.eq_ignore_ascii_case("en")) {
            for (source, target) in [("en", other.as_str()), (other.as_str(), "en")] {
                let tm = Tm::empty();
                let report = import(&tm, file, Some((source, target)));
                let want = independent(&tm, file, source, target);
                let at = format!("{} {source}→{target}", file.display());
                assert_eq!(report.format, "tbx", "{at}");
                assert_eq!(glossary(&tm), want.terms, "{at}");
                assert_eq!(
                    (report.imported, report.incomplete, report.alternatives, report.skipped),
                    (want.terms.len() as u64, want.incomplete, want.alternatives, want.skipped),
                    "{at}"
                );
                assert!(report.imported > 0, "{at}: no terms");
                pairs += 1;
                forbidden += want.terms.iter().map(|t| t.forbidden.len()).sum::<usize>();
                incomplete += want.incomplete;
                alternatives += want.alternatives;
            }
        }
    }
    // The material exercises every part of the mapping.
    assert_eq!(pairs, 44);
    assert!(forbidden > 0 && incomplete > 0 && alternatives > 0, "{forbidden} {incomplete} {alternatives}");
    // windows-1254, declared in the XML declaration, is transcoded.
    let win = samples.iter().find(|p| p.ends_with("test02_win1254.tbx")).unwrap();
    let tm = Tm::empty();
    import(&tm, win, Some(("en", "tr")));
    assert_eq!(glossary(&tm)[0].rendering, "tr term with: éá and İı");
    Ok(())
}

/// The line of the first line of `text` holding `needle` (1-based).
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn a_tbx_v3_glossary_in_either_style_gives_its_terms_and_reports_conflicts_where_they_are() -> Checked {
    python3()?;
    let dca = data_file("tbx/names-v3-dca.tbx");
    let dct = data_file("tbx/names-v3-dct.tbx");
    let tm = Tm::seeded();
    let out = tm.expect(&["glossary", "import", dca.to_str().unwrap()], None, 0);
    let err = stderr(&out);
    let line = line_of(&std::fs::read_to_string(&dca).unwrap(), "<term>كازاخستان</term>");
    let conflict = format!(
        "names-v3-dca.tbx:{line}: كازاخستان is rendered Republic of Kazakhstan here but Kazakhstan in {}, which lookup keeps",
        seed_glossary().display()
    );
    assert!(err.contains(&conflict), "{err}");
    assert!(err.contains("2 terms imported"), "{err}");
    assert!(err.contains("1 term entries without both ar and en terms skipped"), "{err}");
    assert!(err.contains("1 further admitted en terms not kept"), "{err}");
    let kmg = TermJson {
        rendering: "KazMunayGas".into(),
        variants: vec!["كازمونايجاز".into(), "كازموناي غاز".into()],
        note: Some("state oil and gas company".into()),
        forbidden: vec!["Kazmunaigaz".into()],
    };
    let terms = glossary(&tm);
    assert_eq!(terms.iter().find(|t| t.note == kmg.note), Some(&kmg));
    let want = independent(&tm, &dca, "ar", "en").terms;
    assert_eq!(terms.iter().rev().take(2).rev().cloned().collect::<Vec<_>>(), want);
    let other = Tm::empty();
    let report = import(&other, &dct, None);
    assert_eq!((report.imported, report.conflicts), (2, 0), "no other glossary to conflict with");
    assert_eq!(glossary(&other), want, "DCT reads as DCA");
    assert_eq!(independent(&tm, &dct, "ar", "en").terms, want);
    Ok(())
}

/// Export as TBX, import the export into a new memory: the same glossary.
fn tbx_round_trip(tm: &Tm, pair: Option<(&str, &str)>) -> (PathBuf, Vec<TermJson>) {
    let out = tm.path("export.tbx");
    tm.expect(&["glossary", "export", "--format", "tbx", "-o", out.to_str().unwrap()], None, 0);
    let again = Tm::empty();
    let report = import(&again, &out, pair);
    assert_eq!((report.skipped, report.incomplete, report.alternatives), (0, 0, 0));
    let before = glossary(tm);
    assert_eq!(glossary(&again), before);
    (out, before)
}

/// Counts by xmllint's XPath (an independent reader) of an export of `terms`.
fn check_with_xmllint(tm: &Tm, file: &Path, terms: &[TermJson], source: &str, target: &str) {
    let out = tm.tool("xmllint").arg("--noout").arg(file).output().unwrap();
    assert!(out.status.success(), "xmllint: {}", stderr(&out));
    assert_eq!(xpath_count(tm, file, "count(/martif[@type='TBX-Basic']/text/body/termEntry)"), terms.len() as u64);
    let spellings: usize = terms.iter().map(|t| t.variants.len().max(1)).sum();
    assert_eq!(xpath_count(tm, file, &format!("count(//termEntry/langSet[lang('{source}')]/tig/term)")), spellings as u64);
    let status = |s: &str| format!("count(//langSet[lang('{target}')]/tig[termNote[@type='administrativeStatus']='{s}']/term)");
    assert_eq!(xpath_count(tm, file, &status("preferredTerm-admn-sts")), terms.len() as u64);
    let forbidden: usize = terms.iter().map(|t| t.forbidden.len()).sum();
    assert_eq!(xpath_count(tm, file, &status("deprecatedTerm-admn-sts")), forbidden as u64);
    let notes = terms.iter().filter(|t| t.note.is_some()).count();
    assert_eq!(xpath_count(tm, file, "count(//termEntry/note)"), notes as u64);
}

fn the_shipped_glossary_exported_as_tbx_reimports_equal_and_reads_the_same_in_xmllint() -> Checked {
    xmllint()?;
    python3()?;
    let tm = Tm::seeded();
    let (out, terms) = tbx_round_trip(&tm, None);
    assert_eq!(terms.len(), 25);
    assert!(terms.iter().any(|t| !t.forbidden.is_empty()));
    check_with_xmllint(&tm, &out, &terms, "ar", "en");
    assert_eq!(independent(&tm, &out, "ar", "en").terms, terms);
    Ok(())
}

fn a_tbx_sample_exported_reimports_equal() -> Checked {
    let shared = shared()?;
    xmllint()?;
    let sdl = tbx_samples(&shared).into_iter().find(|p| p.ends_with("sdl_tbx.tbx")).unwrap();
    let tm = Tm::empty();
    assert!(import(&tm, &sdl, Some(("de", "en"))).imported > 100);
    let (out, terms) = tbx_round_trip(&tm, Some(("de", "en")));
    check_with_xmllint(&tm, &out, &terms, "de", "en");
    Ok(())
}

/// translate-toolkit's TBX reader (Weblate's and Pootle's) sees in the export
/// the spellings, the rendering, the deprecated renderings and the note.
fn the_tbx_export_reads_the_same_in_translate_toolkit() -> Checked {
    let python = ttk_python()?;
    let tm = Tm::seeded();
    let (out, terms) = tbx_round_trip(&tm, None);
    let script = r#"
import json, sys
from translate.storage import tbx
with open(sys.argv[1], "rb") as f:
    store = tbx.tbxfile(f, sourcelanguage="ar", targetlanguage="en")
for u in store.units:
    target = u.get_target_terms()
    notes = [n.text for n in u.get_common_notes(source=True)]
    print(json.dumps({"rendering": [t.text for t in target if not t.deprecated][0],
                      "variants": [t.text for t in u.get_source_terms()],
                      "note": notes[0] if notes else None,
                      "forbidden": [t.text for t in target if t.deprecated]}))
"#;
    let run = tm.tool(python).arg("-c").arg(script).arg(&out).output().unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let read: Vec<TermJson> = crate::util::lines(&run.stdout);
    assert_eq!(read, terms);
    Ok(())
}

fn the_shipped_glossary_exported_as_tsv_reimports_equal() {
    let tm = Tm::seeded();
    let out = tm.path("names.tsv");
    let run = tm.expect(&["glossary", "export", "-o", out.to_str().unwrap()], None, 0);
    assert!(stderr(&run).contains("exported 25 glossary terms"), "{}", stderr(&run));
    let again = Tm::empty();
    assert_eq!(import(&again, &out, None).format, "tsv");
    assert_eq!(glossary(&again), glossary(&tm));
    let only = stdout(&tm.expect(&["glossary", "export", "--origin", "nothing-of-that-name"], None, 0));
    assert_eq!(only, "rendering\tvariants\tnote\tforbidden\n");
}

/// A TBX cut by a bad end tag fails at that line and imports nothing: the terms
/// the same file gave before stay.
fn malformed_tbx_fails_with_its_line_and_leaves_the_glossary_as_it_was() -> Checked {
    let shared = shared()?;
    let ibm = tbx_samples(&shared).into_iter().find(|p| p.ends_with("ibm_tbx.tbx")).unwrap();
    let tm = Tm::empty();
    let text = std::fs::read_to_string(&ibm).unwrap();
    let file = tm.write("ibm_tbx.tbx", &text);
    assert_eq!(import(&tm, &file, Some(("en", "fr"))).imported, 5);
    let before = glossary(&tm);
    let line = line_of(&text, "</term>");
    let bad = tm.write("ibm_tbx.tbx", text.replacen("</term>", "</trem>", 1));
    let out = tm.expect(&["glossary", "import", bad.to_str().unwrap()], None, 2);
    let err = stderr(&out);
    assert!(err.contains(&format!("ibm_tbx.tbx:{line}: malformed XML")), "{err}");
    assert_eq!(glossary(&tm), before);
    Ok(())
}
