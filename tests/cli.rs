//! The `tm` command, run as a user runs it: a fresh memory in a temporary directory,
//! real material from `../shared`, JSON output decoded into typed structs, exit
//! statuses checked.

mod util;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use util::{ImportReport, Repair, Stats, Suggestion, Tm, lines, shared, stderr, stdout};

const SEED_TMX: &str = include_str!("../memory/seed-report.tmx");

fn stats(tm: &Tm) -> Stats {
    tm.json::<Stats>(&["stats", "--format", "json"], None, 0).remove(0)
}

/// The Arabic and English of the shipped sample, in order.
fn seed_pairs() -> Vec<(String, String)> {
    let seg = |s: &str| {
        let start = s.find("<seg>").unwrap() + 5;
        let end = s.find("</seg>").unwrap();
        s[start..end].replace("&quot;", "\"").replace("&amp;", "&")
    };
    let mut out = Vec::new();
    let mut ar = None;
    for line in SEED_TMX.lines() {
        if line.contains("xml:lang=\"ar\"") {
            ar = Some(seg(line));
        } else if line.contains("xml:lang=\"en\"") {
            out.push((ar.take().unwrap(), seg(line)));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// suggest on the shipped defaults

/// Acceptance: on a fresh memory, a seed paragraph with two words changed gets
/// the right seed entries (70–99 where a word changed, 100 elsewhere) and the
/// glossary renderings of its names.
#[test]
fn seed_paragraph_with_two_words_changed_gets_its_entries_and_renderings() {
    let tm = Tm::new();
    let seed = seed_pairs();
    let mut sentences: Vec<String> = seed[..5].iter().map(|p| p.0.clone()).collect();
    sentences[1] = sentences[1].replace("روسيا", "السعودية");
    sentences[3] = sentences[3].replace("الضخم", "الكبير");
    let paragraph = sentences.join(" ");
    let got: Vec<Suggestion> = tm.json(&["suggest", "--format", "json"], Some(&paragraph), 0);
    assert_eq!(got.len(), 5);
    for (i, s) in got.iter().enumerate() {
        assert_eq!(s.segment, sentences[i]);
        assert_eq!(&paragraph[s.start..s.end], sentences[i]);
        let best = &s.matches[0];
        assert_eq!(best.target, seed[i].1, "segment {i}");
        assert_eq!(best.origin, "sample");
        if i == 1 || i == 3 {
            assert!((70..=99).contains(&best.score), "segment {i} scored {}", best.score);
            assert!(best.diff.iter().any(|d| d.op == "delete"), "{:?}", best.diff);
        } else {
            assert_eq!(best.score, 100, "segment {i}");
        }
    }
    let renderings = |i: usize| got[i].terms.iter().map(|t| t.rendering.as_str()).collect::<Vec<_>>();
    assert_eq!(renderings(0), vec!["Kazakhstan", "Kazakh"]);
    assert_eq!(renderings(1), vec!["Kazakhstan", "Azerbaijan", "Norway"]);
    assert_eq!(renderings(2), vec!["KazMunayGas", "Tengiz", "Chevron", "ExxonMobil", "Lukoil"]);
    assert_eq!(renderings(3), vec!["Kashagan", "Caspian Sea", "KazMunayGas"]);
    assert_eq!(got[3].terms[2].source, "كازموناينجاز");
}

#[test]
fn suggest_text_output_shows_score_target_and_diff() {
    let tm = Tm::new();
    let out = tm.expect(&["suggest"], Some("كان العمال يطالبون أساسا بأجور أعلى."), 0);
    let text = stdout(&out);
    assert!(text.contains("83  The strikers were mainly demanding higher wages."), "{text}");
    assert!(text.contains("[-المهاجمون-]{+العمال+}"), "{text}");
}

/// Acceptance: a segment differing from an entry only in numbers, in ASCII or
/// Arabic-Indic digits, scores at least 95 and its target carries the new numbers.
#[test]
fn a_seed_sentence_with_new_numbers_gets_them_in_its_target() {
    let tm = Tm::new();
    let seed = seed_pairs();
    let (source, target) = seed.iter().find(|p| p.0.contains("أدين 34")).expect("seed sentence with numbers");
    for (segment, old_new) in [
        (source.replace("34", "31").replace("13", "15"), [("34", "31"), ("13", "15")]),
        (source.replace("34", "٣١").replace("13", "١٥").replace("2012", "٢٠١٢"), [("34", "31"), ("13", "15")]),
    ] {
        let got: Vec<Suggestion> = tm.json(&["suggest", "--format", "json"], Some(&segment), 0);
        let best = &got[0].matches[0];
        assert!(best.score >= 95, "{segment}: {}", best.score);
        assert_eq!(&best.stored_target, target);
        assert_eq!(best.target, target.replace("34", "31").replace("13", "15"));
        let repairs: Vec<(&str, &str)> = best.repairs.iter().map(|r| (r.from.as_str(), r.to.as_str())).collect();
        assert_eq!(repairs, old_new);
        assert!(best.repairs.iter().all(|r| r.kind == "number"));
    }
    let out = tm.expect(&["suggest"], Some(&source.replace("34", "31")), 0);
    assert!(stdout(&out).contains("repaired: 34 → 31"), "{}", stdout(&out));
}

/// A glossary name replaced by another in the segment is replaced by its rendering
/// in the target.
#[test]
fn a_seed_sentence_naming_another_field_gets_its_rendering() {
    let tm = Tm::new();
    let seed = seed_pairs();
    let (source, target) = seed.iter().find(|p| p.0.contains("حقل Kashagan")).expect("seed sentence on Kashagan");
    let got: Vec<Suggestion> = tm.json(&["suggest", "--format", "json"], Some(&source.replace("Kashagan", "تنغيز")), 0);
    let best = &got[0].matches[0];
    assert_eq!(best.score, 99);
    assert_eq!(best.target, target.replace("Kashagan", "Tengiz"));
    assert_eq!(best.repairs[0], Repair { kind: "term".into(), from: "Kashagan".into(), to: "Tengiz".into() });
}

#[test]
fn suggest_with_no_match_exits_1() {
    let tm = Tm::new();
    tm.expect(&["suggest"], Some("هذه جملة لا علاقة لها بالذاكرة."), 1);
    tm.expect(&["suggest"], Some(""), 1);
}

#[test]
fn a_new_memory_can_leave_the_sample_out_and_the_sample_can_be_removed() {
    let tm = Tm::empty();
    assert_eq!(stats(&tm).entries, 0);
    let tm = Tm::new();
    assert_eq!(stats(&tm).entries, 21);
    tm.expect(&["remove", "--origin", "sample"], None, 0);
    tm.expect(&["glossary", "remove", "--origin", "sample"], None, 0);
    let s = stats(&tm);
    assert_eq!((s.entries, s.glossary_terms), (0, 0));
}

// ---------------------------------------------------------------------------
// import: TMX from CAT tools

fn sample_tmx_files(shared: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "tmx") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&shared.join("data/formats"), &mut out);
    out.sort();
    out
}

/// Acceptance: every TMX sample of the CAT-tool suites (OmegaT, Okapi, Trados in
/// UTF-16, Olifant in windows-1252…) imports into a memory of its own pair, and
/// gives as many entries (identical pairs merged count as duplicates) as
/// translate-toolkit finds units with both languages.
#[test]
fn every_tmx_sample_imports_as_many_units_as_translate_toolkit_reads() {
    let Some(shared) = shared("every_tmx_sample") else { return };
    let Some(python) = util::ttk_python("every_tmx_sample") else { return };
    let files = sample_tmx_files(&shared);
    assert!(files.len() >= 100, "{} TMX samples", files.len());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/count_units.py");
    let out = Command::new(python).arg(script).args(&files).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut checked = 0;
    for line in stdout(&out).lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, src, tgt, expected): (&str, &str, &str, u64) = (cols[0], cols[1], cols[2], cols[3].parse().unwrap());
        if tgt == "-" {
            continue;
        }
        let tm = Tm::empty();
        let reports: Vec<ImportReport> = lines(
            &tm.run(&["import", path, "--source-lang", src, "--target-lang", tgt, "--format", "json"], None).stdout,
        );
        let r = &reports[0];
        assert_eq!(r.error, None, "{path}");
        assert_eq!(r.imported + r.duplicates, expected, "{path} ({src}→{tgt}): {r:?}");
        assert_eq!(stats(&tm).entries, r.imported, "{path}");
        checked += 1;
    }
    assert!(checked >= 90, "only {checked} files compared");
}

#[test]
fn trados_utf16_tmx_imports() {
    let Some(shared) = shared("trados_utf16") else { return };
    let file = shared.join("data/formats/rws-trados-samples/LanguagePlatform/TMAutomation/WorkbenchFlavor.tmx");
    let tm = Tm::empty();
    let args =
        ["import", file.to_str().unwrap(), "--source-lang", "en-US", "--target-lang", "de-DE", "--format", "json"];
    let r: Vec<ImportReport> = tm.json(&args, None, 0);
    assert_eq!(r[0].imported, 2);
    let out = tm.expect(&["export", "--format", "tsv"], None, 0);
    assert!(stdout(&out).starts_with("en-US\tde-DE\n"), "{}", stdout(&out));
}

/// A TMX cut short and one with a broken tag: a positioned error, and nothing of
/// the file in the memory.
#[test]
fn malformed_tmx_fails_with_file_and_line_and_changes_nothing() {
    let tm = Tm::new();
    let before = stats(&tm).entries;
    let broken = SEED_TMX.replacen("</tu>", "</tuv>", 3);
    let file = tm.write("broken.tmx", &broken);
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    let err = stderr(&out);
    assert!(err.contains("broken.tmx:") && err.contains("malformed XML"), "{err}");
    let cut = &SEED_TMX[..SEED_TMX.len() / 2];
    let file = tm.write("cut.tmx", cut);
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    assert!(stderr(&out).contains("cut.tmx:"), "{}", stderr(&out));
    assert_eq!(stats(&tm).entries, before);
}

#[test]
fn a_file_that_is_not_tmx_is_refused() {
    let Some(shared) = shared("not_tmx") else { return };
    let tm = Tm::empty();
    let xliff = shared.join("data/formats/okapi/okapi/filters/xliff/src/test/resources/BinUnitTest01.xlf");
    let out = tm.expect(&["import", "--input-format", "tmx", xliff.to_str().unwrap()], None, 2);
    assert!(stderr(&out).contains("not a TMX file: the root element is <xliff>"), "{}", stderr(&out));
}

#[test]
fn units_lacking_a_language_are_reported_and_skipped() {
    let tm = Tm::empty();
    let tmx = SEED_TMX.replacen("<tuv xml:lang=\"en\">", "<tuv xml:lang=\"fr\">", 1);
    let file = tm.write("partial.tmx", tmx);
    let reports: Vec<ImportReport> = tm.json(&["import", file.to_str().unwrap(), "--format", "json"], None, 2);
    assert_eq!((reports[0].imported, reports[0].skipped), (20, 1));
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    assert!(
        stderr(&out).contains("partial.tmx:8: tu 1 (tuid seed-01): no non-empty en variant (languages: ar, fr)"),
        "{}",
        stderr(&out)
    );
    let out = tm.expect(&["import", "--strict", file.to_str().unwrap()], None, 2);
    assert!(stderr(&out).contains("--strict: nothing imported"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------
// TICO-19: the real Arabic TMX

fn fresh_export(tm: &Tm, name: &str) -> PathBuf {
    let out = tm.path(name);
    tm.expect(&["export", "-o", out.to_str().unwrap()], None, 0);
    out
}

/// Exported TMX without the header line (its creation date is the export's).
fn body(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap().lines().filter(|l| !l.contains("<header ")).collect::<Vec<_>>().join("\n")
}

/// Acceptance: TICO-19 imports all 3,071 units; export then import into a fresh
/// memory gives the same entries; the export passes the interop checks.
#[test]
fn tico19_imports_every_unit_and_round_trips_through_export() {
    let Some(shared) = shared("tico19") else { return };
    let tmx = shared.join("data/parallel/tico-19/tico19.en-ar.tmx");
    let tm = Tm::empty();
    let r: Vec<ImportReport> = tm.json(&["import", tmx.to_str().unwrap(), "--format", "json"], None, 0);
    assert_eq!((r[0].imported + r[0].duplicates, r[0].skipped), (3071, 0), "{r:?}");
    let first = fresh_export(&tm, "first.tmx");
    let again = Tm::empty();
    let r: Vec<ImportReport> = again.json(&["import", first.to_str().unwrap(), "--format", "json"], None, 0);
    assert_eq!(r[0].imported, stats(&tm).entries);
    let second = fresh_export(&again, "second.tmx");
    assert_eq!(body(&first), body(&second), "export → import → export changed the entries");
    if util::interop_tools("tico19 interop") {
        interop_check(&tm, &first);
    }
}

/// Runs `../shared/interop/check_all.sh` (DTD, translate-toolkit, XML::TMX,
/// OmegaT filling every segment) on an export of `tm`.
fn interop_check(tm: &Tm, tmx: &Path) {
    let Some(shared) = shared("interop") else { return };
    // OmegaT gets every source whose translation is unambiguous.
    let out = tm.expect(&["export", "--format", "tsv"], None, 0);
    let mut targets: HashMap<String, Vec<String>> = HashMap::new();
    for line in stdout(&out).lines().skip(1) {
        let (s, t) = line.split_once('\t').unwrap();
        if !s.contains('\\') && !t.contains('\\') {
            targets.entry(s.trim().to_string()).or_default().push(t.trim().to_string());
        }
    }
    let mut pairs: Vec<(String, String)> =
        targets.into_iter().filter(|(_, t)| t.len() == 1).map(|(s, mut t)| (s, t.remove(0))).collect();
    pairs.sort();
    let src = tm.write("omegat.ar.txt", pairs.iter().map(|p| format!("{}\n", p.0)).collect::<String>());
    let tgt = tm.write("omegat.en.txt", pairs.iter().map(|p| format!("{}\n", p.1)).collect::<String>());
    let script = shared.join("interop/check_all.sh");
    let out = Command::new("bash").arg(script).arg(tmx).arg(&src).arg(&tgt).env("VERBOSE", "1").output().unwrap();
    let report = stdout(&out);
    assert!(out.status.success(), "interop checks failed:\n{report}\n{}", stderr(&out));
    assert!(report.contains("4 passed, 0 failed"), "{report}");
    assert!(report.contains(&format!("translated from the TMX (tm/auto exact matches): {}", pairs.len())), "{report}");
}

// ---------------------------------------------------------------------------
// UN dev set: exact recall and Arabic-aware 100 %

/// Variants that must still score 100: diacritics, tatweel, alef forms, digits.
fn vary(text: &str, how: usize) -> String {
    let mut out = String::new();
    let mut letters = 0;
    let mut prev_space = true;
    for c in text.chars() {
        let arabic_letter = ('\u{0621}'..='\u{064A}').contains(&c);
        match how {
            // a fatha after every third letter
            0 => {
                out.push(c);
                if arabic_letter {
                    letters += 1;
                    if letters % 3 == 0 {
                        out.push('\u{064E}');
                    }
                }
            }
            // tatweel after every fourth letter that joins the next
            1 => {
                out.push(c);
                if arabic_letter && !"اأإآدذرزوؤةى".contains(c) {
                    letters += 1;
                    if letters % 4 == 0 {
                        out.push('\u{0640}');
                    }
                }
            }
            // word-initial alef with hamza, final ya as alef maqsura
            2 => out.push(if c == 'ا' && prev_space { 'أ' } else { c }),
            // Arabic-Indic digits
            _ => {
                out.push(if c.is_ascii_digit() { char::from_u32(0x0660 + c.to_digit(10).unwrap()).unwrap() } else { c })
            }
        }
        prev_space = c == ' ';
    }
    if how == 2 { out.replace("ي ", "ى ") } else { out }
}

/// Acceptance: the UN dev set (4,000 pairs) imported as a line pair gives every
/// source back at 100 with its own target, also with diacritics added, tatweel
/// inserted, alef forms changed or digits turned Arabic-Indic.
#[test]
fn un_dev_set_suggests_every_source_back_at_100_in_any_spelling() {
    let Some(shared) = shared("un_dev_set") else { return };
    let dir = shared.join("data/parallel/un-v1.0-testsets");
    let (ar, en) = (dir.join("UNv1.0.devset.ar"), dir.join("UNv1.0.devset.en"));
    let tm = Tm::empty();
    let r: Vec<ImportReport> = tm.json(
        &["import", "--source", ar.to_str().unwrap(), "--target", en.to_str().unwrap(), "--format", "json"],
        None,
        0,
    );
    assert_eq!(r[0].imported + r[0].duplicates, 4000);
    let sources: Vec<String> = std::fs::read_to_string(&ar).unwrap().lines().map(str::to_string).collect();
    let targets: Vec<String> = std::fs::read_to_string(&en).unwrap().lines().map(str::to_string).collect();
    for how in 0..5 {
        let input: Vec<String> = sources.iter().map(|s| if how == 4 { s.clone() } else { vary(s, how) }).collect();
        if how < 4 {
            let changed = input.iter().zip(&sources).filter(|(a, b)| a != b).count();
            assert!(changed > 1000, "variant {how} changed only {changed} sources");
        }
        let got: Vec<Suggestion> =
            tm.json(&["suggest", "--lines", "--max", "10", "--format", "json"], Some(&input.join("\n")), 0);
        if how == 4 {
            // One thread gives what two give, in the same order.
            let one = tm.expect(&["suggest", "--lines", "--max", "10", "--jobs", "1"], Some(&input.join("\n")), 0);
            let two = tm.expect(&["suggest", "--lines", "--max", "10", "--jobs", "2"], Some(&input.join("\n")), 0);
            assert!(one.stdout == two.stdout, "--jobs 1 and --jobs 2 differ");
        }
        assert_eq!(got.len(), 4000, "variant {how}");
        for (i, s) in got.iter().enumerate() {
            let own = s.matches.iter().find(|m| m.target == targets[i]);
            assert!(own.is_some_and(|m| m.score == 100), "variant {how}, line {}: {:?}", i + 1, s.matches.first());
        }
    }
}

// ---------------------------------------------------------------------------
// transactions

/// Acceptance: an import killed midway leaves the memory exactly as before.
#[test]
fn an_import_killed_midway_leaves_the_memory_as_it_was() {
    let mut big = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"ar\" creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" datatype=\"plaintext\"/><body>\n",
    );
    let seed = seed_pairs();
    for i in 0..150_000 {
        let (ar, en) = &seed[i % seed.len()];
        big.push_str(&format!(
            "<tu><tuv xml:lang=\"ar\"><seg>{ar} {i}</seg></tuv><tuv xml:lang=\"en\"><seg>{en} {i}</seg></tuv></tu>\n"
        ));
    }
    big.push_str("</body></tmx>\n");
    // In bulk mode (the file is large) and in the write-ahead log.
    for bulk_bytes in ["16777216", "1000000000000"] {
        let tm = Tm::new();
        let before = fresh_export(&tm, "before.tmx");
        let size = |suffix: &str| std::fs::metadata(format!("{}{suffix}", tm.db.display())).map_or(0, |m| m.len());
        let written = || size("") + size("-wal");
        let at_start = written();
        let file = tm.write("big.tmx", &big);
        let mut child =
            tm.cmd().env("TM_BULK_BYTES", bulk_bytes).args(["import", file.to_str().unwrap()]).spawn().unwrap();
        // Kill it once it has written 4 MB into the database or its log.
        let start = std::time::Instant::now();
        while written() < at_start + (4 << 20) {
            assert!(child.try_wait().unwrap().is_none(), "the import finished before it could be killed");
            assert!(start.elapsed().as_secs() < 120, "the import wrote nothing");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let conn = rusqlite::Connection::open(&tm.db).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok");
        drop(conn);
        let after = fresh_export(&tm, "after.tmx");
        assert_eq!(body(&before), body(&after), "TM_BULK_BYTES={bulk_bytes}");
        let mode: String =
            rusqlite::Connection::open(&tm.db).unwrap().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
}

/// A bulk import stores what any import stores and gives the memory back in its
/// write-ahead log.
#[test]
fn a_bulk_import_leaves_the_memory_in_its_usual_mode() {
    let tm = Tm::empty();
    let tmx = Path::new(env!("CARGO_MANIFEST_DIR")).join("memory/seed-report.tmx");
    let out = tm.cmd().env("TM_BULK_BYTES", "1").args(["import", tmx.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stats(&tm).entries, 21);
    let mode: String =
        rusqlite::Connection::open(&tm.db).unwrap().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

// ---------------------------------------------------------------------------
// TSV and line pairs

#[test]
fn tsv_export_then_import_gives_the_same_entries() {
    let tm = Tm::new();
    let tsv = tm.expect(&["export", "--format", "tsv"], None, 0).stdout;
    assert!(tsv.starts_with(b"ar\ten\n"));
    let again = Tm::empty();
    let file = again.write("sample.tsv", &tsv);
    let r: Vec<ImportReport> = again.json(&["import", file.to_str().unwrap(), "--format", "json"], None, 0);
    assert_eq!(r[0].imported, 21);
    assert_eq!(again.expect(&["export", "--format", "tsv"], None, 0).stdout, tsv);
}

#[test]
fn bad_tsv_lines_are_reported_with_path_and_line() {
    let tm = Tm::empty();
    let file = tm.write("pairs.tsv", "ar\ten\nنص\ttext\nبلا ترجمة\nنص آخر\t\nأ\tb\n");
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    let err = stderr(&out);
    assert!(err.contains("pairs.tsv:3: 1 fields"), "{err}");
    assert!(err.contains("pairs.tsv:4: empty target"), "{err}");
    assert_eq!(stats(&tm).entries, 2);
}

#[test]
fn line_pairs_of_different_lengths_are_refused_whole() {
    let tm = Tm::empty();
    let a = tm.write("a.ar", "واحد\nاثنان\nثلاثة\n");
    let b = tm.write("a.en", "one\ntwo\n");
    let out = tm.expect(&["import", "--source", a.to_str().unwrap(), "--target", b.to_str().unwrap()], None, 2);
    assert!(stderr(&out).contains("not line-aligned"), "{}", stderr(&out));
    assert_eq!(stats(&tm).entries, 0);
}

// ---------------------------------------------------------------------------
// memories, pairs, exit codes

#[test]
fn one_memory_holds_one_language_pair() {
    let tm = Tm::new();
    stats(&tm);
    let file = tm.write("x.tsv", "en\tfr\nHello\tBonjour\n");
    let out = tm.expect(&["import", file.to_str().unwrap(), "--source-lang", "en", "--target-lang", "fr"], None, 2);
    assert!(stderr(&out).contains("is a ar→en memory, not en→fr"), "{}", stderr(&out));
}

#[test]
fn a_database_from_a_newer_tm_is_refused() {
    let tm = Tm::new();
    stats(&tm);
    rusqlite::Connection::open(&tm.db).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let out = tm.expect(&["stats"], None, 2);
    assert!(stderr(&out).contains("newer than the"), "{}", stderr(&out));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let tm = Tm::new();
    stats(&tm);
    let tm_bin = env!("CARGO_BIN_EXE_tm");
    let script = format!("'{tm_bin}' export | head -c 100 > /dev/null; exit ${{PIPESTATUS[0]}}");
    let status = tm.cmd().get_envs().fold(Command::new("bash"), |mut c, (k, v)| {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
        c
    });
    let mut status = status;
    let status = status.arg("-c").arg(script).current_dir(tm.dir.path()).status().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn help_documents_the_exit_codes() {
    let out = Tm::new().expect(&["--help"], None, 0);
    assert!(stdout(&out).contains("Exit status: 0 success; 1 nothing found"), "{}", stdout(&out));
}

#[test]
fn search_finds_names_in_any_spelling_and_targets() {
    let tm = Tm::new();
    #[derive(serde::Deserialize)]
    struct Hit {
        source: String,
        target: String,
    }
    let hits: Vec<Hit> = tm.json(&["search", "بحـــر قَزوين", "--format", "json"], None, 0);
    assert_eq!(hits.len(), 1);
    assert!(hits[0].target.contains("Caspian Sea"));
    let hits: Vec<Hit> = tm.json(&["search", "--target", "hunger strikes", "--format", "json"], None, 0);
    assert!(hits[0].source.contains("الجوع"));
    tm.expect(&["search", "لا يوجد"], None, 1);
}

// ---------------------------------------------------------------------------
// segment

#[test]
fn segment_json_gives_spans_and_marks_noise() {
    let tm = Tm::empty();
    let seed = include_str!("../memory/seed-report.ar.txt");
    let segs: Vec<util::SegmentJson> = tm.json(&["segment", "--format", "json"], Some(seed), 0);
    assert_eq!(segs.len(), 27);
    for s in &segs {
        assert_eq!(&seed[s.start..s.end], s.text);
    }
    let noise: Vec<&str> = segs.iter().filter(|s| !s.translate).map(|s| s.text.as_str()).collect();
    assert_eq!(noise, vec!["$٪ & $٪", "$٪ & $٪ &", "$٪ & $٪ &", "$٪ & $٪ &", "$٪ & $٪ &", "$٪ & $٪ & |"]);
    let out = tm.expect(&["segment", "--lang", "en"], Some("Mr. Smith met Dr. Jones. They talked."), 0);
    assert_eq!(stdout(&out), "Mr. Smith met Dr. Jones.\nThey talked.\n");
}

// ---------------------------------------------------------------------------
// align

#[derive(serde::Deserialize)]
struct AlignJson {
    beads: Vec<(Vec<usize>, Vec<usize>)>,
    confidence: Vec<f64>,
    ar_spans: Vec<(usize, usize)>,
    en_spans: Vec<(usize, usize)>,
}

fn memory_file(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("memory").join(name).display().to_string()
}

/// Acceptance: the seed report aligned against its English translation written as
/// running paragraphs gives every sentence pair right (the noise separators stay
/// unaligned).
#[test]
fn seed_report_aligns_with_its_english_paragraphs_pair_by_pair() {
    let tm = Tm::new();
    let (ar, en) = (memory_file("seed-report.ar.txt"), memory_file("seed-report.en.txt"));
    let out: Vec<AlignJson> = tm.json(&["align", &ar, &en, "--format", "json"], None, 0);
    let a = &out[0];
    assert_eq!(a.beads.len(), a.confidence.len());
    let ar_text = std::fs::read_to_string(&ar).unwrap();
    let en_text = std::fs::read_to_string(&en).unwrap();
    let pairs: Vec<(String, String)> = a
        .beads
        .iter()
        .filter(|(s, t)| !s.is_empty() && !t.is_empty())
        .map(|(s, t)| {
            assert_eq!((s.len(), t.len()), (1, 1), "{:?}", a.beads);
            let (sa, sb) = a.ar_spans[s[0]];
            let (ea, eb) = a.en_spans[t[0]];
            (ar_text[sa..sb].to_string(), en_text[ea..eb].to_string())
        })
        .collect();
    assert_eq!(pairs, seed_pairs());
    let unaligned: Vec<&str> = a
        .beads
        .iter()
        .filter(|(_, t)| t.is_empty())
        .map(|(s, _)| &ar_text[a.ar_spans[s[0]].0..a.ar_spans[s[0]].1])
        .collect();
    assert!(unaligned.iter().all(|s| s.starts_with("$٪")), "{unaligned:?}");
}

#[test]
fn align_writes_importable_tsv_tmx_and_a_review_page() {
    let tm = Tm::new();
    let (ar, en) = (memory_file("seed-report.ar.txt"), memory_file("seed-report.en.txt"));
    let review = tm.path("review.html");
    let tsv = stdout(&tm.expect(&["align", &ar, &en, "--review", review.to_str().unwrap()], None, 0));
    assert_eq!(tsv.lines().count(), 22, "header and 21 pairs");
    let page = std::fs::read_to_string(&review).unwrap();
    assert!(page.contains("<td class=\"ar\">يجري تطوير حقل Kashagan"), "the review shows the pairs");
    assert_eq!(page.matches("<tr class=\"null\">").count(), 6, "the six separators are marked as unaligned");
    let tmx = stdout(&tm.expect(&["align", &ar, &en, "--format", "tmx"], None, 0));
    assert_eq!(tmx.matches("<prop type=\"x-tm-origin\">aligned</prop>").count(), 21);
    assert_eq!(tmx.matches("<prop type=\"x-tm-confidence\">").count(), 21);
}

/// `tm import --align` stores the beads as entries of origin `aligned` with their
/// confidence, never the unaligned sentences; their matches carry the alignment
/// penalty, so a human-confirmed entry wins a tie.
#[test]
fn import_align_stores_pairs_with_confidence_and_they_lose_ties() {
    let tm = Tm::empty();
    let (ar, en) = (memory_file("seed-report.ar.txt"), memory_file("seed-report.en.txt"));
    let r: Vec<ImportReport> =
        tm.json(&["import", "--source", &ar, "--target", &en, "--align", "--format", "json"], None, 0);
    assert_eq!(r[0].imported, 21);
    let s = stats(&tm);
    assert_eq!(s.origins, vec![("aligned".to_string(), 21)]);
    let tmx = stdout(&tm.expect(&["export"], None, 0));
    assert_eq!(tmx.matches("x-tm-confidence").count(), 21);
    let sentence = &seed_pairs()[8].0;
    let got: Vec<Suggestion> = tm.json(&["suggest", "--format", "json"], Some(sentence), 0);
    assert_eq!((got[0].matches[0].score, got[0].matches[0].origin.as_str()), (99, "aligned"));
    let sample = tm.write("seed.tmx", SEED_TMX);
    tm.expect(&["import", sample.to_str().unwrap()], None, 0);
    let got: Vec<Suggestion> = tm.json(&["suggest", "--format", "json"], Some(sentence), 0);
    assert_eq!((got[0].matches[0].score, got[0].matches[0].origin.as_str()), (100, "seed.tmx"));
}

/// The alignment benchmark's synthetic documents (real NTREX-128 and TICO-19
/// sentences with merges, splits, swaps, deletions and noise), scored by the
/// benchmark's own scorer: a regression guard on real text. The full figures
/// come from bench/align.sh.
#[test]
fn aligner_keeps_its_quality_on_the_benchmark_documents() {
    let Some(shared) = shared("aligner_benchmark") else { return };
    let tm = Tm::empty();
    let sets = tm.path("sets");
    let p = shared.join("data/parallel");
    let make = Command::new("python3")
        .arg(shared.join("align/make_docs.py"))
        .args(["--ar", p.join("ntrex-128/newstest2019.ar").to_str().unwrap()])
        .args(["--en", p.join("ntrex-128/newstest2019.en").to_str().unwrap()])
        .args(["--ids", p.join("ntrex-128/newstest2019.docids").to_str().unwrap()])
        .args(["--name", "ntrex", "--out", sets.to_str().unwrap(), "--seed", "1"])
        .output()
        .unwrap();
    assert!(make.status.success(), "{}", stderr(&make));
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&sets).unwrap().flatten().map(|e| e.path()).collect();
    docs.sort();
    docs.truncate(24);
    let keep = tm.path("subset");
    let preds = tm.path("preds");
    std::fs::create_dir_all(&preds).unwrap();
    let mut batch = String::new();
    for d in &docs {
        let target = keep.join(d.file_name().unwrap());
        std::fs::create_dir_all(target.join("lines")).unwrap();
        for f in ["gold.json", "lines/doc.ar.txt", "lines/doc.en.txt"] {
            std::fs::copy(d.join(f), target.join(f)).unwrap();
        }
        let out = preds.join(format!("{}.raw", d.file_name().unwrap().to_string_lossy()));
        batch.push_str(&format!(
            "{}\t{}\t{}\n",
            d.join("lines/doc.ar.txt").display(),
            d.join("lines/doc.en.txt").display(),
            out.display()
        ));
    }
    let list = tm.write("batch.tsv", batch);
    tm.expect(&["align", "--batch", list.to_str().unwrap(), "--lines", "--format", "json"], None, 0);
    for d in &docs {
        let name = d.file_name().unwrap().to_string_lossy().to_string();
        let raw: AlignJson =
            serde_json::from_str(&std::fs::read_to_string(preds.join(format!("{name}.raw"))).unwrap()).unwrap();
        std::fs::write(preds.join(format!("{name}.json")), serde_json::json!({ "beads": raw.beads }).to_string())
            .unwrap();
    }
    let score = Command::new("python3")
        .arg(shared.join("align/score.py"))
        .args([keep.to_str().unwrap(), preds.to_str().unwrap(), "--json", tm.path("score.json").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(score.status.success(), "{}", stderr(&score));
    let figures: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tm.path("score.json")).unwrap()).unwrap();
    let f1 = figures.pointer("/overall/f1_strict").and_then(|v| v.as_f64()).unwrap_or_else(|| panic!("{figures}"));
    // Without a dictionary the whole set scores 0.949 (bench/align.sh).
    assert!(f1 >= 0.93, "strict F1 {f1} on {} documents\n{}", docs.len(), stdout(&score));
}

/// `tm align` on running text: an Arabic list introduction split from its item
/// and an English translation that keeps them in one sentence give two pairs.
#[test]
fn align_pairs_a_list_item_the_segmenter_saw_on_one_side_only() {
    let tm = Tm::new();
    let ar = tm.path("lease.ar.txt");
    let en = tm.path("lease.en.txt");
    std::fs::write(
        &ar,
        "تسري هذه الشروط على عقود الإيجار السكنية في المدينة. يجب أن يتضمن عقد الإيجار البيانات الآتية: اسم المؤجر وعنوانه ورقم هويته الوطنية. ويوقع الطرفان العقد أمام الكاتب العدل أحمد سالم خلال 30 يوماً.\n",
    )
    .unwrap();
    std::fs::write(
        &en,
        "These terms apply to residential leases in the city. A lease contract shall state: The landlord's name, address and national identity number. Both parties sign the contract before the notary Ahmed Salem within 30 days.\n",
    )
    .unwrap();
    let out: Vec<AlignJson> =
        tm.json(&["align", ar.to_str().unwrap(), en.to_str().unwrap(), "--format", "json"], None, 0);
    let a = &out[0];
    let one_to_one: Vec<(Vec<usize>, Vec<usize>)> = (0..4).map(|i| (vec![i], vec![i])).collect();
    assert_eq!(a.beads, one_to_one);
    let en_text = std::fs::read_to_string(&en).unwrap();
    let (s, e) = a.en_spans[1];
    assert_eq!(&en_text[s..e], "A lease contract shall state:");
}
