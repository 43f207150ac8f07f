//! `tm pretranslate`: the seed report and its revised version as text, made into
//! XLIFF 1.2 and 2.0 that the OASIS schemas accept and translate-toolkit reads with
//! the targets, states and matches that `tm suggest` gives; an OmegaT project that
//! OmegaT fills from the TMX written for it; XLIFF files of CAT tools pre-translated
//! in place (byte-identical when nothing matches); a round trip through a
//! translator back into the memory; the analysis; outputs never half-written.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::util::{
    Checked, Suggestion, Tm, assert_valid, interop_tools, lines, memory_file, python3, seed_pairs, shared, stderr, stdout,
    ttk, ttk_venv, xliff_schemas,
};

tests![
    seed_report_as_text_becomes_xliff_12_that_translate_toolkit_reads_as_written,
    seed_report_as_text_becomes_xliff_20_that_translate_toolkit_reads_as_written,
    the_analysis_counts_segments_and_words_per_band,
    an_output_that_cannot_be_written_leaves_nothing,
    omegat_fills_a_project_from_the_tmx_written_for_it,
    an_arabic_xliff_is_segmented_and_pretranslated_in_place,
    real_samples_stay_byte_identical_without_a_match_and_valid_with_matches,
    pretranslated_then_translated_by_a_script_imports_as_its_units,
    a_file_pretranslated_again_holds_the_matches_once,
];

/// `--analysis json`.
#[derive(Deserialize, Debug)]
struct Analysis {
    segments: u64,
    words: u64,
    with_matches: u64,
    filled: u64,
    bands: Vec<BandJson>,
}

#[derive(Deserialize, Debug)]
struct BandJson {
    band: String,
    segments: u64,
    words: u64,
}

/// The two texts of the acceptance tests: the seed report (every segment in the
/// shipped memory) and its revised version (numbers, names and words changed).
fn texts() -> [PathBuf; 2] {
    [PathBuf::from(memory_file("seed-report.ar.txt")), PathBuf::from(memory_file("example.ar.txt"))]
}

/// `tm suggest --format json` for `text`: what each unit must hold.
fn suggestions(tm: &Tm, text: &Path) -> Vec<Suggestion> {
    let out = tm.run(&["suggest", "--format", "json", text.to_str().unwrap()], None);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    lines(&out.stdout)
}

const FILL: u8 = 85;

/// Acceptance: each unit holds what `tm suggest` gives its segment: the matches
/// as alt-trans (target, score, origin), the best as target at --fill-above or
/// more, approved (translated, for the toolkit) only when it scores 100.
fn seed_report_as_text_becomes_xliff_12_that_translate_toolkit_reads_as_written() -> Checked {
    let shared = shared()?;
    let schemas = xliff_schemas(&shared)?;
    let venv = ttk_venv()?;
    let tm = Tm::seeded();
    for text in texts() {
        let out = tm.path("out.xlf");
        let fill = FILL.to_string();
        tm.expect(
            &["pretranslate", text.to_str().unwrap(), "-o", out.to_str().unwrap(), "--fill-above", &fill, "--approve-exact"],
            None,
            0,
        );
        assert_valid(&tm, &shared, &schemas, &out);
        let units = ttk(&tm, &shared, &venv, &out);
        let want = suggestions(&tm, &text);
        assert_eq!(units.len(), want.len(), "{}", text.display());
        let mut fuzzy = 0;
        for (unit, s) in units.iter().zip(&want) {
            assert_eq!(unit.source, s.segment);
            let best = s.matches.first().filter(|m| m.score >= FILL);
            assert_eq!(unit.target, best.map_or("", |m| m.target.as_str()), "{}", s.segment);
            assert_eq!(unit.translated, best.is_some_and(|m| m.score == 100), "{}", s.segment);
            assert_eq!(unit.fuzzy, best.is_some_and(|m| m.score < 100), "{}", s.segment);
            fuzzy += usize::from(unit.fuzzy);
            let alts: Vec<(&str, Option<&str>, Option<&str>)> =
                unit.alt_trans.iter().map(|a| (a.target.as_str(), a.match_quality.as_deref(), a.origin.as_deref())).collect();
            let scores: Vec<String> = s.matches.iter().map(|m| m.score.to_string()).collect();
            let matches: Vec<(&str, Option<&str>, Option<&str>)> = s
                .matches
                .iter()
                .zip(&scores)
                .map(|(m, score)| (m.target.as_str(), Some(score.as_str()), Some(m.origin.as_str())))
                .collect();
            assert_eq!(alts, matches, "{}", s.segment);
        }
        let is_example = text.ends_with("example.ar.txt");
        assert_eq!(fuzzy > 0, is_example, "the revised report has fuzzy fills, the report none");
    }
    Ok(())
}

/// Acceptance: XLIFF 2.0 with the matches module: valid, the toolkit reads the
/// targets, the states say which are reviewed, and every match is written.
fn seed_report_as_text_becomes_xliff_20_that_translate_toolkit_reads_as_written() -> Checked {
    let shared = shared()?;
    let schemas = xliff_schemas(&shared)?;
    let venv = ttk_venv()?;
    let tm = Tm::seeded();
    for text in texts() {
        let out = tm.path("out.xlf");
        let fill = FILL.to_string();
        let args = [
            "pretranslate",
            text.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "xliff2",
            "--fill-above",
            &fill,
            "--approve-exact",
        ];
        tm.expect(&args, None, 0);
        assert_valid(&tm, &shared, &schemas, &out);
        let units = ttk(&tm, &shared, &venv, &out);
        let want = suggestions(&tm, &text);
        assert_eq!(units.len(), want.len());
        for (unit, s) in units.iter().zip(&want) {
            assert_eq!(unit.source, s.segment);
            let best = s.matches.first().filter(|m| m.score >= FILL);
            assert_eq!(unit.target, best.map_or("", |m| m.target.as_str()), "{}", s.segment);
            assert_eq!(unit.translated, best.is_some_and(|m| m.score == 100), "{}", s.segment);
        }
        let xliff = std::fs::read_to_string(&out).unwrap();
        let written = xliff.matches("<mtc:match ").count();
        assert_eq!(written, want.iter().map(|s| s.matches.len()).sum::<usize>());
        for s in &want {
            for m in &s.matches {
                let similarity = format!(r#"similarity="{0}" matchQuality="{0}""#, m.score);
                assert!(xliff.contains(&similarity), "{similarity}");
            }
        }
        let exact = want.iter().filter(|s| s.matches.first().is_some_and(|m| m.score == 100)).count();
        assert_eq!(xliff.matches(r#"state="reviewed" subState="tm:exact-match""#).count(), exact);
    }
    Ok(())
}

/// The analysis puts each segment in one band, by its best match; a segment met
/// again is a repetition; words add up.
fn the_analysis_counts_segments_and_words_per_band() {
    let tm = Tm::seeded();
    let (first, second) = (&seed_pairs()[0].0, &seed_pairs()[1].0);
    let text = tm.write("doc.txt", format!("{first}\n{second}\n{first}\nجملة لا يعرفها أحد هنا.\n"));
    let out = tm.path("doc.xlf");
    let run = tm.expect(
        &["pretranslate", text.to_str().unwrap(), "-o", out.to_str().unwrap(), "--analysis", "json"],
        None,
        0,
    );
    let analysis: Analysis = lines(&run.stdout).remove(0);
    let band = |name: &str| analysis.bands.iter().find(|b| b.band == name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!((analysis.segments, analysis.with_matches, analysis.filled), (4, 3, 3));
    assert_eq!((band("100").segments, band("repetitions").segments, band("no match").segments), (2, 1, 1));
    assert_eq!(band("no match").words, 5);
    assert_eq!(analysis.bands.iter().map(|b| b.words).sum::<u64>(), analysis.words);
    let repeated = band("repetitions").words;
    assert!(repeated > 0 && repeated < band("100").words, "the first segment again: {analysis:?}");
    // The text summary on stderr, and the default output beside the input.
    let run = tm.expect(&["pretranslate", text.to_str().unwrap()], None, 0);
    let summary = stderr(&run);
    assert!(summary.contains("4 segments") && summary.contains("no match"), "{summary}");
    assert!(tm.path("doc.xlf").is_file());
}

/// A wrong output path fails before anything is made; `-o -` writes to stdout.
fn an_output_that_cannot_be_written_leaves_nothing() {
    let tm = Tm::empty();
    let text = tm.write("doc.txt", format!("{}\n", seed_pairs()[0].0));
    let out = tm.expect(&["pretranslate", text.to_str().unwrap(), "-o", "no/such/dir/doc.xlf"], None, 2);
    assert!(stderr(&out).contains("no/such/dir"), "{}", stderr(&out));
    assert!(!tm.db.exists(), "the memory is not made for a command that fails on its arguments");
    tm.expect(&["import", &memory_file("seed-report.tmx")], None, 0);
    let out = tm.expect(&["pretranslate", text.to_str().unwrap(), "-o", "-"], None, 0);
    let xliff = stdout(&out);
    assert!(xliff.starts_with("<?xml") && xliff.trim_end().ends_with("</xliff>"), "{xliff}");
    assert!(xliff.contains(&seed_pairs()[0].1));
    let names: Vec<String> = std::fs::read_dir(tm.dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.ends_with(".partial")), "{names:?}");
}

/// Acceptance: an OmegaT project pre-translated by `tm` is filled by OmegaT (the
/// console, `../shared/interop/omegat_check.sh`) from the TMX written in its
/// `tm/auto/`: every line with a match of 100 gets its translation, the others
/// stay Arabic; their fuzzy matches are in `tm/`.
fn omegat_fills_a_project_from_the_tmx_written_for_it() -> Checked {
    let shared = shared()?;
    interop_tools(&shared)?;
    let tm = Tm::seeded();
    let pairs = seed_pairs();
    let project = tm.path("project");
    std::fs::create_dir_all(project.join("source")).unwrap();
    let template = std::fs::read_to_string(shared.join("interop/omegat/omegat.project")).unwrap();
    let settings = template.replace("@SRC@", "ar").replace("@TGT@", "en").replace("@SENTSEG@", "false");
    std::fs::write(project.join("omegat.project"), settings).unwrap();
    // Exact lines, a line with a number changed (a fuzzy match), one unknown.
    let fuzzy = pairs.iter().find(|p| p.0.contains("2000")).expect("a seed sentence with 2000").0.replace("2000", "2500");
    let mut source: Vec<String> = pairs.iter().take(6).map(|p| p.0.clone()).collect();
    source.push(fuzzy.clone());
    source.push("جملة لا يعرفها أحد هنا.".into());
    let mut expected: Vec<String> = pairs.iter().take(6).map(|p| p.1.clone()).collect();
    expected.extend([fuzzy.clone(), "جملة لا يعرفها أحد هنا.".into()]);
    let input = project.join("source/input.txt");
    std::fs::write(&input, source.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
    let expected_file = tm.write("expected.txt", expected.iter().map(|l| format!("{l}\n")).collect::<String>());
    let out = tm.expect(&["pretranslate", project.to_str().unwrap(), "--analysis", "json"], None, 0);
    let analysis: Analysis = lines(&out.stdout).remove(0);
    assert_eq!((analysis.segments, analysis.filled), (8, 6));
    let auto = project.join("tm/auto/tm-pretranslate.tmx");
    let offered = std::fs::read_to_string(project.join("tm/tm-pretranslate.tmx")).unwrap();
    // The segments only: the file's creation date may hold 2500 (22:50:0x).
    let segs: String = offered.split("<seg>").skip(1).filter_map(|s| s.split("</seg>").next()).collect();
    assert!(segs.contains("2000") && !segs.contains("2500"), "the fuzzy match as stored:\n{offered}");
    let script = shared.join("interop/omegat_check.sh");
    let out = tm.tool("bash").arg(script).arg(&auto).arg(&input).arg(&expected_file).output().unwrap();
    let report = stdout(&out);
    assert!(out.status.success(), "OmegaT check failed:\n{report}\n{}", stderr(&out));
    assert!(report.contains("translated from the TMX (tm/auto exact matches): 6"), "{report}");
    Ok(())
}

/// An XLIFF 1.2 of one unit per paragraph of `text`, sources only, as a CAT tool
/// hands out a job.
fn job(paragraphs: &[&str]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n  \
         <file original=\"report.txt\" source-language=\"ar\" target-language=\"en\" datatype=\"plaintext\">\n    <body>\n",
    );
    for (i, p) in paragraphs.iter().enumerate() {
        out.push_str(&format!("      <trans-unit id=\"p{}\">\n        <source>{p}</source>\n      </trans-unit>\n", i + 1));
    }
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}

/// Acceptance: the seed report as an XLIFF job of one unit per paragraph: each
/// paragraph is segmented into a <seg-source>, each sentence gets its match
/// (`mid`) and its target, and the file stays valid and readable.
fn an_arabic_xliff_is_segmented_and_pretranslated_in_place() -> Checked {
    let shared = shared()?;
    let schemas = xliff_schemas(&shared)?;
    let venv = ttk_venv()?;
    let tm = Tm::seeded();
    // The report's sentences, three to a paragraph.
    let sentences: Vec<String> =
        seed_pairs().into_iter().map(|p| p.0).filter(|s| !s.contains(['&', '<', '>'])).collect();
    let joined: Vec<String> = sentences.chunks(3).map(|c| c.join(" ")).collect();
    let paragraphs: Vec<&str> = joined.iter().map(String::as_str).collect();
    let input = tm.write("job.xlf", job(&paragraphs));
    let out = tm.path("job.pre.xlf");
    let run = tm.expect(
        &["pretranslate", input.to_str().unwrap(), "-o", out.to_str().unwrap(), "--approve-exact", "--analysis", "json"],
        None,
        0,
    );
    let analysis: Analysis = lines(&run.stdout).remove(0);
    assert_valid(&tm, &shared, &schemas, &out);
    let xliff = std::fs::read_to_string(&out).unwrap();
    let marked = xliff.matches("<mrk mtype=\"seg\"").count() / 2;
    assert_eq!(marked, sentences.len(), "paragraphs segmented into their sentences");
    let sentences = marked;
    assert_eq!(analysis.segments as usize, sentences);
    assert_eq!(analysis.filled as usize, sentences, "every sentence of the report is in the memory");
    assert_eq!(xliff.matches("<alt-trans mid=").count(), sentences);
    let units = ttk(&tm, &shared, &venv, &out);
    assert_eq!(units.len(), paragraphs.len());
    let english: Vec<String> = seed_pairs().into_iter().map(|p| p.1).collect();
    for unit in &units {
        assert!(unit.translated, "{unit:?}");
        assert!(english.iter().any(|e| unit.target.contains(e.as_str())), "{unit:?}");
    }
    // The input is left as it was, and the output of a job with no match is the job.
    assert_eq!(std::fs::read_to_string(&input).unwrap(), job(&paragraphs));
    let unknown = tm.write("unknown.xlf", job(&["جملة لا يعرفها أحد هنا. وأخرى مثلها تماما."]));
    tm.expect(&["pretranslate", unknown.to_str().unwrap()], None, 0);
    assert_eq!(std::fs::read_to_string(&unknown).unwrap(), job(&["جملة لا يعرفها أحد هنا. وأخرى مثلها تماما."]));
    Ok(())
}

/// The languages a sample says it is in (`source-language`/`srcLang`, and the
/// target's).
pub fn languages(xliff: &str) -> (String, String) {
    let value = |names: [&str; 2]| {
        names.iter().find_map(|name| {
            let from = xliff.find(&format!("{name}=\""))? + name.len() + 2;
            Some(xliff[from..from + xliff[from..].find('"')?].to_string())
        })
    };
    (value(["source-language", "srcLang"]).unwrap(), value(["target-language", "trgLang"]).unwrap_or("fr".into()))
}

/// Real XLIFF of CAT tools: Swordfish and hand-made 1.2, Trados Studio SDLXLIFF,
/// Okapi's and the XLIFF 2.0 specification's examples.
pub fn real_samples(shared: &Path) -> [PathBuf; 6] {
    let okapi = shared.join("data/formats/okapi/okapi/filters");
    [
        okapi.join("xliff/src/test/resources/SF-12-Test02.xlf"),
        okapi.join("xliff/src/test/resources/Manual-12-AltTrans.xlf"),
        okapi.join("xliff/src/test/resources/sdlxliff/d_Lux_MediaArts15970.sdlxliff"),
        shared.join("data/formats/rws-trados-samples/LanguagePlatform/TMAutomation/SamplePhotoPrinter.doc.sdlxliff"),
        okapi.join("xliff2/src/test/resources/test01.xlf"),
        shared.join("data/formats/omegat/src/test/resources/data/filters/xliff/filters4-xliff2/ex.9.5.xlf"),
    ]
}

/// Acceptance: real XLIFF of CAT tools (Swordfish and hand-made 1.2, Trados Studio
/// SDLXLIFF, Okapi and the XLIFF 2.0 specification's examples). Against a memory of
/// their language pair that holds nothing like them, pre-translation gives the file
/// back byte for byte; against a memory of their own translations, each gets its
/// matches, keeps its targets (or, with --overwrite, gets them from the memory),
/// and stays valid (SDLXLIFF: well-formed) and readable unit for unit.
fn real_samples_stay_byte_identical_without_a_match_and_valid_with_matches() -> Checked {
    let shared = shared()?;
    let schemas = xliff_schemas(&shared)?;
    let venv = ttk_venv()?;
    let samples = real_samples(&shared);
    let mut matched = 0;
    for sample in &samples {
        let name = sample.file_name().unwrap().to_string_lossy().into_owned();
        let original = std::fs::read(sample).unwrap();
        let (source, target) = languages(&String::from_utf8_lossy(&original));
        let unrelated = Tm::empty();
        let pairs = unrelated.write("unrelated.tsv", format!("{source}\t{target}\nzzqq wibble frobnicate\tnada\n"));
        let langs = ["--source-lang", &source, "--target-lang", &target];
        unrelated.expect(&[&["import"][..], &langs, &[pairs.to_str().unwrap()]].concat(), None, 0);
        let out = unrelated.path(&name);
        unrelated.expect(&["pretranslate", sample.to_str().unwrap(), "-o", out.to_str().unwrap()], None, 0);
        assert!(std::fs::read(&out).unwrap() == original, "{name}: not byte-identical with no match");

        let own = Tm::empty();
        let imported = own.run(&[&["import", "--states", "all"][..], &langs, &[sample.to_str().unwrap()]].concat(), None);
        assert!(matches!(imported.status.code(), Some(0 | 3)), "{name}: {}", stderr(&imported));
        let before = ttk(&own, &shared, &venv, sample);
        for overwrite in [false, true] {
            let out = own.path(&name);
            let mut args = vec!["pretranslate", sample.to_str().unwrap(), "-o", out.to_str().unwrap(), "--analysis", "json"];
            if overwrite {
                args.push("--overwrite");
            }
            let run = own.expect(&args, None, 0);
            let analysis: Analysis = lines(&run.stdout).remove(0);
            assert_valid(&own, &shared, &schemas, &out);
            let after = ttk(&own, &shared, &venv, &out);
            assert_eq!(after.len(), before.len(), "{name}");
            for (a, b) in after.iter().zip(&before) {
                assert_eq!(a.source, b.source, "{name}");
                if !overwrite && !b.target.is_empty() {
                    assert_eq!(a.target, b.target, "{name}: a target was overwritten");
                }
                assert!(a.alt_trans.len() >= b.alt_trans.len(), "{name}");
            }
            if analysis.with_matches == 0 {
                assert!(std::fs::read(&out).unwrap() == original, "{name}: changed with no match");
            }
            matched += usize::from(analysis.with_matches > 0 && !overwrite);
            if overwrite && analysis.with_matches > 0 {
                assert!(analysis.filled > 0, "{name}: --overwrite fills targets");
            }
        }
    }
    assert!(matched >= 4, "{matched} samples got matches from their own translations");
    Ok(())
}

/// Acceptance: pre-translate, translate what is left (a script fills every empty
/// target and marks it translated, as a translator's CAT tool does), import: every
/// unit comes back as an entry, the script's and the memory's alike.
fn pretranslated_then_translated_by_a_script_imports_as_its_units() -> Checked {
    python3()?;
    let tm = Tm::seeded();
    let out = tm.path("example.xlf");
    tm.expect(&["pretranslate", &memory_file("example.ar.txt"), "-o", out.to_str().unwrap()], None, 0);
    let script = r#"
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
def translate(m):
    unit = m.group(0)
    if "<target" in unit.split("<alt-trans")[0]:
        return unit
    n = re.search(r'id="([^"]+)"', unit).group(1)
    return re.sub(r"(</source>)", r'\1\n        <target xml:lang="en" state="translated">Translated by hand ' + n + ".</target>", unit, count=1)
text = re.sub(r"<trans-unit .*?</trans-unit>", translate, text, flags=re.S)
open(path, "w", encoding="utf-8").write(text)
"#;
    let done = tm.tool("python3").arg("-c").arg(script).arg(&out).output().unwrap();
    assert!(done.status.success(), "{}", stderr(&done));
    let units = std::fs::read_to_string(&out).unwrap().matches("<trans-unit ").count();
    let fresh = Tm::empty();
    let report: Vec<crate::util::ImportReport> =
        fresh.json(&["import", "--format", "json", out.to_str().unwrap()], None, 0);
    assert_eq!(report[0].imported as usize, units, "{report:?}");
    let tsv = stdout(&fresh.expect(&["export", "--format", "tsv"], None, 0));
    assert!(tsv.contains("Translated by hand"), "{tsv}");
    assert!(tsv.contains("The strikers were mainly demanding higher wages."), "{tsv}");
    assert_eq!(tsv.lines().count(), units + 1);
    Ok(())
}

/// Pre-translating a pre-translated file again (the memory unchanged) gives the same
/// file: the matches and the glossary note of the earlier run are replaced, not
/// added to; filled targets are kept. For the seed report made XLIFF 1.2 and 2.0,
/// and real CAT-tool files against a memory of their own units.
fn a_file_pretranslated_again_holds_the_matches_once() -> Checked {
    let shared = shared()?;
    let tm = Tm::seeded();
    // `file` pre-translated into `first`, and `first` again.
    let again = |tm: &Tm, file: &Path, first: &Path| {
        let second = tm.path("second.xlf");
        tm.expect(&["pretranslate", first.to_str().unwrap(), "-o", second.to_str().unwrap()], None, 0);
        let (a, b) = (std::fs::read_to_string(first).unwrap(), std::fs::read_to_string(&second).unwrap());
        assert_eq!(a, b, "{}", file.display());
        a != std::fs::read_to_string(file).unwrap()
    };
    for format in ["xliff", "xliff2"] {
        let made = tm.path("made.xlf");
        let text = PathBuf::from(memory_file("example.ar.txt"));
        tm.expect(&["pretranslate", text.to_str().unwrap(), "--format", format, "-o", made.to_str().unwrap()], None, 0);
        assert!(again(&tm, &text, &made));
    }
    let mut changed = 0;
    for sample in real_samples(&shared) {
        let xliff = std::fs::read_to_string(&sample).unwrap();
        let (source, target) = languages(&xliff);
        let own = Tm::empty();
        let langs = ["--source-lang", &source, "--target-lang", &target];
        let imported = own.run(&[&["import", "--states", "all"][..], &langs, &[sample.to_str().unwrap()]].concat(), None);
        assert!(matches!(imported.status.code(), Some(0 | 3)), "{}", stderr(&imported));
        let first = own.path("first.xlf");
        own.expect(&["pretranslate", sample.to_str().unwrap(), "-o", first.to_str().unwrap()], None, 0);
        changed += usize::from(again(&own, &sample, &first));
    }
    // All but the 2.0 example that has its <mtc:matches> already get matches.
    assert_eq!(changed, 5);
    Ok(())
}
