//! `tm import`: TMX from CAT tools (against translate-toolkit's count), malformed
//! input, TSV and line pairs, transactions, and `--align`.

use std::path::{Path, PathBuf};

use crate::util::{
    Checked, ImportReport, SEED_TMX, Suggestion, Tm, body, fresh_export, lines, memory_file, seed_pairs, shared, stats,
    stderr, stdout, ttk_python,
};

tests![
    every_tmx_sample_imports_as_many_units_as_translate_toolkit_reads,
    every_xliff_sample_imports_as_many_translations_as_translate_toolkit_reads,
    xliff_import_takes_translated_targets_and_counts_the_others,
    malformed_xliff_fails_with_file_and_line_and_changes_nothing,
    trados_utf16_tmx_imports,
    malformed_tmx_fails_with_file_and_line_and_changes_nothing,
    a_file_that_is_not_tmx_is_refused,
    units_lacking_a_language_are_reported_and_skipped,
    bad_tsv_lines_are_reported_with_path_and_line,
    line_pairs_of_different_lengths_are_refused_whole,
    import_align_stores_pairs_with_confidence_and_they_lose_ties,
    line_pairs_given_the_wrong_way_round_are_refused_naming_the_files,
    a_headerless_tsv_with_its_columns_swapped_is_refused,
    single_swapped_units_are_skipped_with_file_and_line,
    a_file_in_another_language_is_refused,
    every_parallel_set_imports_whole_and_none_is_refused_by_the_script_check,
    import_dash_reads_stdin_once_and_tells_its_format_from_its_head,
    windows_1256_arabic_is_read_and_said_so,
    quoted_tsv_fields_lose_their_quotes,
    plain_text_is_refused_in_one_message_saying_what_it_looks_like,
    a_tsv_that_goes_bad_stops_after_twenty_lines_in_a_row,
    iso_639_2_and_3_tags_and_underscores_are_the_memorys_languages,
    omegat_dates_and_users_on_the_target_variant_are_the_entrys,
    ;
    sqlite:
    an_import_killed_midway_leaves_the_memory_as_it_was,
];

/// The files under the shared CAT-tool samples whose name ends in one of `extensions`.
fn sample_files(shared: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, extensions, out);
            } else if p.extension().is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x))) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&shared.join("data/formats"), extensions, &mut out);
    out.sort();
    out
}

fn sample_tmx_files(shared: &Path) -> Vec<PathBuf> {
    sample_files(shared, &["tmx"])
}

/// Acceptance: every TMX sample of the CAT-tool suites (OmegaT, Okapi, Trados in
/// UTF-16, Olifant in windows-1252…) imports into a memory of its own pair, and
/// gives as many entries (identical pairs merged count as duplicates) as
/// translate-toolkit finds units with both languages.
fn every_tmx_sample_imports_as_many_units_as_translate_toolkit_reads() -> Checked {
    let shared = shared()?;
    let python = ttk_python()?;
    let files = sample_tmx_files(&shared);
    assert!(files.len() >= 100, "{} TMX samples", files.len());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/count_units.py");
    let out = Tm::empty().tool(python).arg(script).args(&files).output().unwrap();
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
    Ok(())
}

/// Acceptance: every XLIFF sample of the CAT-tool suites (Okapi's, OmegaT's, Trados
/// Studio's SDLXLIFF, memoQ's, XLIFF 2.0) that is well-formed imports, with all its
/// targets (`--states all`), into a memory of its own pair, and gives as many
/// entries (identical pairs merged count as duplicates) as translate-toolkit reads
/// translations; those in another pair, or in a file that names no target language,
/// are reported and skipped. `tests/interop/xliff_units.py` says how the toolkit's
/// units are counted per segment, and why targets of codes alone are none. The
/// malformed ones fail with their file and line.
fn every_xliff_sample_imports_as_many_translations_as_translate_toolkit_reads() -> Checked {
    let shared = shared()?;
    let python = ttk_python()?;
    let files = sample_files(&shared, &["xlf", "xliff", "sdlxliff", "mqxliff"]);
    assert!(files.len() >= 80, "{} XLIFF samples", files.len());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/xliff_units.py");
    let out = Tm::empty().tool(python).arg(script).args(&files).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (mut compared, mut entries, mut malformed) = (0, 0, 0);
    for line in stdout(&out).lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, src, tgt, count, others) = (cols[0], cols[1], cols[2], cols[3], cols[4]);
        let tm = Tm::empty();
        if count == "FAIL" {
            let out = tm.expect(&["import", path, "--source-lang", "en", "--target-lang", "fr"], None, 2);
            assert!(stderr(&out).contains(&format!("{path}:")), "{path}: {}", stderr(&out));
            assert_eq!(stats(&tm).entries, 0, "{path}");
            malformed += 1;
            continue;
        }
        let (expected, others): (u64, u64) = (count.parse().unwrap(), others.parse().unwrap());
        // A file that names no pair: any pair, and every translation is skipped.
        let (src, tgt) = if src == "-" { ("en", "zz") } else { (src, tgt) };
        let args = ["import", path, "--states", "all", "--source-lang", src, "--target-lang", tgt, "--format", "json"];
        let reports: Vec<ImportReport> = lines(&tm.run(&args, None).stdout);
        let r = &reports[0];
        assert_eq!(r.error, None, "{path}");
        assert_eq!((r.imported + r.duplicates, r.skipped), (expected, others), "{path} ({src}→{tgt}): {r:?}");
        assert_eq!(r.below_states, 0, "{path}");
        assert_eq!(stats(&tm).entries, r.imported, "{path}");
        compared += 1;
        entries += expected;
    }
    assert!(compared >= 75 && entries >= 2000, "only {compared} files, {entries} entries compared");
    assert_eq!(malformed, 2, "invalid_xml_entity.xlf and file-XLIFFFilter-invalid-content.xlf");
    Ok(())
}

/// A real file with targets in every state (OmegaT's test of approved units): the
/// default takes the approved and final ones, and counts the two that still need
/// translation; `--states final` takes one.
fn xliff_import_takes_translated_targets_and_counts_the_others() -> Checked {
    let shared = shared()?;
    let file = shared.join("data/formats/omegat/src/test/resources/data/filters/xliff/filters3/file-xliff-RFE1506.xliff");
    let tm = Tm::empty();
    let args = ["import", file.to_str().unwrap(), "--source-lang", "en", "--target-lang", "ja", "--format", "json"];
    let r: Vec<ImportReport> = tm.json(&args, None, 0);
    assert_eq!((r[0].imported, r[0].below_states, r[0].skipped), (3, 2, 0));
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 0);
    assert!(stderr(&out).contains(", 2 below --states"), "{}", stderr(&out));
    let tm = Tm::empty();
    let args = [&args[..6], &["--states", "final", "--format", "json"]].concat();
    let r: Vec<ImportReport> = tm.json(&args, None, 0);
    assert_eq!((r[0].imported, r[0].below_states), (1, 4));
    let out = tm.expect(&["export", "--format", "tmx"], None, 0);
    let tmx = stdout(&out);
    assert!(tmx.contains("<prop type=\"x-xliff-unit\">5086</prop>"), "{tmx}");
    assert!(tmx.contains("<prop type=\"x-xliff-state\">final</prop>"), "{tmx}");
    Ok(())
}

/// Okapi's and OmegaT's malformed XLIFF (control characters in text): an error that
/// names the file and line, and the memory (with the seed report in it) as it was.
fn malformed_xliff_fails_with_file_and_line_and_changes_nothing() -> Checked {
    let shared = shared()?;
    let dir = shared.join("data/formats");
    let tm = Tm::seeded();
    let before = stats(&tm).entries;
    for (file, line) in [
        ("okapi/okapi/filters/xliff/src/test/resources/invalid_xml_entity.xlf", 8),
        ("omegat/src/test/resources/data/filters/xliff/filters3/file-XLIFFFilter-invalid-content.xlf", 7),
    ] {
        let path = dir.join(file);
        let out = tm.expect(&["import", path.to_str().unwrap()], None, 2);
        let want = format!("{}:{line}: malformed XML: the character U+", path.display());
        assert!(stderr(&out).contains(&want), "{}", stderr(&out));
        assert_eq!(stats(&tm).entries, before);
    }
    // A well-formed unit before a broken one is not kept either.
    let good = "<xliff version=\"1.2\"><file source-language=\"ar\" target-language=\"en\"><body>\n\
                <trans-unit id=\"1\"><source>انتهى الإضراب.</source><target>The strike ended.</target></trans-unit>\n";
    let file = tm.write("cut.xlf", format!("{good}<trans-unit id=\"2\"><source>نص</source><target>text</trans-unit>"));
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    assert!(stderr(&out).contains("cut.xlf:3: malformed XML"), "{}", stderr(&out));
    assert_eq!(stats(&tm).entries, before);
    Ok(())
}

fn trados_utf16_tmx_imports() -> Checked {
    let shared = shared()?;
    let file = shared.join("data/formats/rws-trados-samples/LanguagePlatform/TMAutomation/WorkbenchFlavor.tmx");
    let tm = Tm::empty();
    let args =
        ["import", file.to_str().unwrap(), "--source-lang", "en-US", "--target-lang", "de-DE", "--format", "json"];
    let r: Vec<ImportReport> = tm.json(&args, None, 0);
    assert_eq!(r[0].imported, 2);
    let out = tm.expect(&["export", "--format", "tsv"], None, 0);
    assert!(stdout(&out).starts_with("en-US\tde-DE\n"), "{}", stdout(&out));
    Ok(())
}

/// A TMX cut short and one with a broken tag: a positioned error, and nothing of
/// the file in the memory.
fn malformed_tmx_fails_with_file_and_line_and_changes_nothing() {
    let tm = Tm::seeded();
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

fn a_file_that_is_not_tmx_is_refused() -> Checked {
    let shared = shared()?;
    let tm = Tm::empty();
    let xliff = shared.join("data/formats/okapi/okapi/filters/xliff/src/test/resources/BinUnitTest01.xlf");
    let out = tm.expect(&["import", "--input-format", "tmx", xliff.to_str().unwrap()], None, 2);
    assert!(stderr(&out).contains("not a TMX file: the root element is <xliff>"), "{}", stderr(&out));
    Ok(())
}

fn units_lacking_a_language_are_reported_and_skipped() {
    let tm = Tm::empty();
    let tmx = SEED_TMX.replacen("<tuv xml:lang=\"en\">", "<tuv xml:lang=\"fr\">", 1);
    let file = tm.write("partial.tmx", tmx);
    // Skipped records: exit status 3 (2 is for errors).
    let reports: Vec<ImportReport> = tm.json(&["import", file.to_str().unwrap(), "--format", "json"], None, 3);
    assert_eq!((reports[0].imported, reports[0].skipped), (20, 1));
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 3);
    assert!(
        stderr(&out).contains("partial.tmx:8: tu 1 (tuid seed-01): no non-empty en variant (languages: ar, fr)"),
        "{}",
        stderr(&out)
    );
    let out = tm.expect(&["import", "--strict", file.to_str().unwrap()], None, 2);
    assert!(stderr(&out).contains("--strict: nothing imported"), "{}", stderr(&out));
}

fn bad_tsv_lines_are_reported_with_path_and_line() {
    let tm = Tm::empty();
    let file = tm.write("pairs.tsv", "ar\ten\nنص\ttext\nبلا ترجمة\nنص آخر\t\nأ\tb\n");
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 3);
    let err = stderr(&out);
    assert!(err.contains("pairs.tsv:3: 1 fields"), "{err}");
    assert!(err.contains("pairs.tsv:4: empty target"), "{err}");
    assert_eq!(stats(&tm).entries, 2);
}

fn line_pairs_of_different_lengths_are_refused_whole() {
    let tm = Tm::empty();
    let a = tm.write("a.ar", "واحد\nاثنان\nثلاثة\n");
    let b = tm.write("a.en", "one\ntwo\n");
    let out = tm.expect(&["import", "--source", a.to_str().unwrap(), "--target", b.to_str().unwrap()], None, 2);
    assert!(stderr(&out).contains("not line-aligned"), "{}", stderr(&out));
    assert_eq!(stats(&tm).entries, 0);
}

/// Acceptance: an import killed midway leaves the memory exactly as before.
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
    let tm = Tm::seeded();
    let before = fresh_export(&tm, "before.tmx");
    let size = |suffix: &str| std::fs::metadata(format!("{}{suffix}", tm.db.display())).map_or(0, |m| m.len());
    let written = || size("") + size("-wal");
    let at_start = written();
    let file = tm.write("big.tmx", &big);
    let mut child = tm.cmd().args(["import", file.to_str().unwrap()]).spawn().unwrap();
    // Kill it once it has written 4 MB into the database or its log.
    let start = std::time::Instant::now();
    while written() < at_start + (4 << 20) {
        assert!(child.try_wait().unwrap().is_none(), "the import finished before it could be killed");
        // A debug build on a loaded machine may take minutes to write its first 4 MB.
        assert!(start.elapsed().as_secs() < 600, "the import wrote nothing in 10 minutes");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // Large or small, an import writes to the log, never a rollback journal.
    assert_eq!(size("-journal"), 0);
    let conn = rusqlite::Connection::open(&tm.db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    let after = fresh_export(&tm, "after.tmx");
    assert_eq!(body(&before), body(&after));
}

/// `tm import --align` stores the beads as entries of origin `aligned` with their
/// confidence, never the unaligned sentences; their matches carry the alignment
/// penalty, so a human-confirmed entry wins a tie.
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
    assert_eq!((got[0].matches[0].score, got[0].matches[0].origin.as_str()), (100, "~/seed.tmx"));
}

/// The first `n` lines of the UN dev set, Arabic and English, written beside the
/// memory as `a.ar` and `a.en`.
fn un_lines(tm: &Tm, n: usize) -> Result<(Vec<String>, Vec<String>), crate::util::Missing> {
    let dir = shared()?.join("data/parallel/un-v1.0-testsets");
    let read = |name: &str| -> Vec<String> {
        std::fs::read_to_string(dir.join(name)).unwrap().lines().take(n).map(str::to_string).collect()
    };
    let (ar, en) = (read("UNv1.0.devset.ar"), read("UNv1.0.devset.en"));
    tm.write("a.ar", ar.join("\n") + "\n");
    tm.write("a.en", en.join("\n") + "\n");
    Ok((ar, en))
}

/// From a user's trial (issue 14, defect 1): two line-aligned files given in the
/// wrong order imported English as the Arabic source without a word.
fn line_pairs_given_the_wrong_way_round_are_refused_naming_the_files() -> Checked {
    let tm = Tm::empty();
    un_lines(&tm, 300)?;
    let (ar, en) = (tm.path("a.ar"), tm.path("a.en"));
    let (ar, en) = (ar.to_str().unwrap(), en.to_str().unwrap());
    let out = tm.expect(&["import", "--source", en, "--target", ar], None, 2);
    let err = stderr(&out);
    assert!(err.contains(&format!("{en} + {ar}: 200 of the 200 entries checked")), "{err}");
    assert!(err.contains("the sides are swapped") && err.contains("--force"), "{err}");
    assert_eq!(stats(&tm).entries, 0);
    // The right way round imports; --force imports the wrong one too.
    let r: Vec<ImportReport> = tm.json(&["import", "--source", ar, "--target", en, "--format", "json"], None, 0);
    assert_eq!((r[0].imported, r[0].skipped), (300, 0));
    let tm = Tm::empty();
    un_lines(&tm, 300)?;
    tm.expect(&["import", "--source", en, "--target", ar, "--force"], None, 0);
    assert_eq!(stats(&tm).entries, 300);
    Ok(())
}

/// From a user's trial: a TSV without a header, English first.
fn a_headerless_tsv_with_its_columns_swapped_is_refused() -> Checked {
    let tm = Tm::empty();
    let (ar, en) = un_lines(&tm, 50)?;
    let tsv: String = en.iter().zip(&ar).map(|(e, a)| format!("{e}\t{a}\n")).collect();
    let file = tm.write("pairs.tsv", tsv);
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    let err = stderr(&out);
    assert!(err.contains("pairs.tsv: 50 of the 50 entries checked") && err.contains("swapped"), "{err}");
    let by_line = err.lines().filter(|l| l.split("pairs.tsv:").nth(1).is_some_and(|r| r.starts_with(char::is_numeric)));
    assert_eq!(by_line.count(), 0, "no line-by-line report: {err}");
    assert_eq!(stats(&tm).entries, 0);
    Ok(())
}

/// A few units given the wrong way round among good ones are skipped, each reported
/// with its file and line; the exit status says records were skipped (3).
fn single_swapped_units_are_skipped_with_file_and_line() -> Checked {
    let tm = Tm::empty();
    let (ar, en) = un_lines(&tm, 40)?;
    let mut tsv = String::from("ar\ten\n");
    for (i, (a, e)) in ar.iter().zip(&en).enumerate() {
        tsv.push_str(&if i == 3 || i == 20 { format!("{e}\t{a}\n") } else { format!("{a}\t{e}\n") });
    }
    let file = tm.write("pairs.tsv", tsv);
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 3);
    let err = stderr(&out);
    for line in [5, 22] {
        let want = format!("pairs.tsv:{line}: source and target are swapped: the source is in Latin script");
        assert!(err.contains(&want), "{err}");
    }
    assert_eq!(stats(&tm).entries, 38);
    Ok(())
}

/// English given as the Arabic source with English as the target (the wrong file
/// twice): refused as in the wrong language.
fn a_file_in_another_language_is_refused() -> Checked {
    let tm = Tm::empty();
    un_lines(&tm, 100)?;
    tm.write("b.en", std::fs::read_to_string(tm.path("a.en")).unwrap().replace("the", "The"));
    let (a, b) = (tm.path("a.en"), tm.path("b.en"));
    let out = tm.expect(&["import", "--source", a.to_str().unwrap(), "--target", b.to_str().unwrap()], None, 2);
    let err = stderr(&out);
    assert!(err.contains("with its source in Latin script, not Arabic: wrong language"), "{err}");
    Ok(())
}

/// Acceptance (issue 14): every parallel set of the shared material, imported as
/// line-aligned files (and TICO-19 as its TMX too), gives as many entries as it
/// has pairs, and the script check refuses nothing and skips nothing.
fn every_parallel_set_imports_whole_and_none_is_refused_by_the_script_check() -> Checked {
    let dir = shared()?.join("data/parallel");
    let sets = [
        ("un-v1.0-testsets/UNv1.0.devset", 4000),
        ("un-v1.0-testsets/UNv1.0.testset", 4000),
        ("ntrex-128/newstest2019", 1997),
        ("tico-19/tico19", 3071),
        ("ud-pud/pud", 1000),
        ("tatoeba-ara-eng/tatoeba", 11446),
    ];
    for (set, pairs) in sets {
        let tm = Tm::empty();
        let (ar, en) = (dir.join(format!("{set}.ar")), dir.join(format!("{set}.en")));
        let args = ["import", "--source", ar.to_str().unwrap(), "--target", en.to_str().unwrap(), "--format", "json"];
        let r: Vec<ImportReport> = tm.json(&args, None, 0);
        assert_eq!((r[0].error.as_deref(), r[0].skipped), (None, 0), "{set}");
        assert_eq!(r[0].imported + r[0].duplicates, pairs, "{set}");
    }
    let tm = Tm::empty();
    let tmx = dir.join("tico-19/tico19.en-ar.tmx");
    let args = ["import", tmx.to_str().unwrap(), "--source-lang", "ar", "--target-lang", "en", "--format", "json"];
    let r: Vec<ImportReport> = tm.json(&args, None, 0);
    assert_eq!((r[0].error.as_deref(), r[0].skipped, r[0].imported + r[0].duplicates), (None, 0, 3071));
    Ok(())
}

/// From a user's trial: `tm import -` was taken for a file named `-`.
fn import_dash_reads_stdin_once_and_tells_its_format_from_its_head() {
    let tm = Tm::empty();
    let r: Vec<ImportReport> = tm.json(&["import", "-", "--format", "json"], Some(SEED_TMX), 0);
    assert_eq!((r[0].file.as_str(), r[0].imported), ("stdin", 21));
    assert_eq!(stats(&tm).origins, vec![("stdin".to_string(), 21)]);
    let tsv: String = seed_pairs().iter().map(|(a, e)| format!("{a}\t{e} (2)\n")).collect();
    let r: Vec<ImportReport> = tm.json(&["import", "-", "--origin", "piped", "--format", "json"], Some(&tsv), 0);
    assert_eq!(r[0].imported, 21);
    let out = tm.expect(&["import", "-"], Some("انتهى الإضراب.\nعاد العمال.\n"), 2);
    assert!(stderr(&out).contains("stdin: not a TMX, XLIFF or bilingual TSV file"), "{}", stderr(&out));
    assert_eq!(stats(&tm).entries, 42);
}

/// From a user's trial: a TSV saved by Arabic Windows (Windows-1256) was refused.
fn windows_1256_arabic_is_read_and_said_so() {
    let tm = Tm::empty();
    // The pairs Windows-1256 can write (it has no Arabic-Indic digits).
    let pairs: Vec<(String, String)> =
        seed_pairs().into_iter().filter(|(a, e)| !encoding_rs::WINDOWS_1256.encode(&format!("{a}{e}")).2).collect();
    assert!(pairs.len() >= 10, "{} pairs", pairs.len());
    let tsv: String = pairs.iter().map(|(a, e)| format!("{a}\t{e}\n")).collect();
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&tsv);
    let file = tm.write("legacy.tsv", &bytes);
    let r: Vec<ImportReport> = tm.json(&["import", file.to_str().unwrap(), "--format", "json"], None, 0);
    assert_eq!((r[0].imported as usize, r[0].encoding.as_deref()), (pairs.len(), Some("windows-1256")));
    let out = tm.expect(&["export", "--format", "tsv"], None, 0);
    assert!(stdout(&out).contains(&format!("{}\t{}\n", pairs[0].0, pairs[0].1)), "{}", stdout(&out));
    let tm = Tm::empty();
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 0);
    assert!(stderr(&out).contains("legacy.tsv: not UTF-8; read as windows-1256"), "{}", stderr(&out));
    // Named, the encoding is taken and nothing is said; a name that is none is refused.
    let tm = Tm::empty();
    let out = tm.expect(&["import", "--encoding", "cp1256", file.to_str().unwrap()], None, 0);
    assert!(!stderr(&out).contains("read as"), "{}", stderr(&out));
    let out = tm.expect(&["import", "--encoding", "klingon", file.to_str().unwrap()], None, 2);
    assert!(stderr(&out).contains("\"klingon\" is not an encoding"), "{}", stderr(&out));
}

/// From a user's trial: a spreadsheet's TSV (RFC 4180 quoting) kept the quotes.
fn quoted_tsv_fields_lose_their_quotes() {
    let tm = Tm::empty();
    let mut tsv = String::from("\"ar\"\t\"en\"\n");
    for (a, e) in seed_pairs().iter().take(3) {
        tsv.push_str(&format!("\"{}\"\t\"{}\"\n", a.replace('"', "\"\""), e.replace('"', "\"\"")));
    }
    tsv.push_str("\"قال: \"\"انتهى\"\"\nالإضراب.\"\t\"He said: \"\"It is over\"\"\nThe strike.\"\n");
    let file = tm.write("sheet.tsv", tsv);
    let r: Vec<ImportReport> = tm.json(&["import", file.to_str().unwrap(), "--format", "json"], None, 0);
    assert_eq!((r[0].imported, r[0].skipped), (4, 0));
    let out = stdout(&tm.expect(&["export", "--format", "tsv"], None, 0));
    assert!(out.contains(&format!("{}\t{}\n", seed_pairs()[0].0, seed_pairs()[0].1)), "{out}");
    assert!(out.contains("قال: \"انتهى\"\\nالإضراب.\tHe said: \"It is over\"\\nThe strike.\n"), "{out}");
}

/// From a user's trial (defect 6): plain text read as TSV flooded the terminal
/// with one error per line; and an XLIFF without an XML declaration is XLIFF.
fn plain_text_is_refused_in_one_message_saying_what_it_looks_like() {
    let tm = Tm::empty();
    let text: String = seed_pairs().iter().map(|(a, _)| format!("{a}\n")).collect();
    let file = tm.write("report.tsv", text);
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    let err = stderr(&out);
    assert!(err.contains("report.tsv: not a TMX, XLIFF or bilingual TSV file (no line has a tab)"), "{err}");
    assert!(err.contains("plain text (21 lines, Arabic script)"), "{err}");
    assert_eq!(err.lines().count(), 3, "{err}");
    let xliff = "<xliff version=\"1.2\"><file source-language=\"ar\" target-language=\"en\" original=\"a\"><body>\n\
                 <trans-unit id=\"1\"><source>انتهى الإضراب.</source><target>The strike ended.</target></trans-unit>\n\
                 </body></file></xliff>\n";
    let file = tm.write("bare.txt", xliff);
    let r: Vec<ImportReport> = tm.json(&["import", file.to_str().unwrap(), "--format", "json"], None, 0);
    assert_eq!(r[0].imported, 1);
}

/// A TSV whose lines stop having tabs (text pasted after the pairs) stops after 20
/// such lines in a row with one message, and imports nothing.
fn a_tsv_that_goes_bad_stops_after_twenty_lines_in_a_row() {
    let tm = Tm::empty();
    let mut tsv = String::from("ar\ten\n");
    for (a, e) in seed_pairs() {
        tsv.push_str(&format!("{a}\t{e}\n"));
    }
    for _ in 0..5 {
        for (a, _) in seed_pairs() {
            tsv.push_str(&format!("{a}\n"));
        }
    }
    let file = tm.write("pairs.tsv", tsv);
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    let err = stderr(&out);
    assert!(err.contains("pairs.tsv:42: 20 lines in a row with 1 field: stopped"), "{err}");
    assert!(err.contains("it looks like plain text"), "{err}");
    assert_eq!(err.lines().filter(|l| l.contains("1 fields")).count(), 19, "{err}");
    assert_eq!(stats(&tm).entries, 0);
}

/// From a user's trial: `ara`, `eng`, `arb` (ISO 639-2/3) and `ar_SA` were not
/// taken for Arabic and English.
fn iso_639_2_and_3_tags_and_underscores_are_the_memorys_languages() {
    let tm = Tm::empty();
    for (header, n) in [("ara\teng", 1), ("arb\ten_US", 2), ("ar_SA\tENG", 3)] {
        let file = tm.write("t.tsv", format!("{header}\nنص {n}\ttext {n}\n"));
        tm.expect(&["import", file.to_str().unwrap()], None, 0);
    }
    let tm2 = Tm::empty();
    let file = tm2.write("t.tsv", "نص\ttext\n");
    tm2.expect(&["import", file.to_str().unwrap(), "--source-lang", "ara", "--target-lang", "eng"], None, 0);
    let s = stats(&tm2);
    assert_eq!((s.source_lang.as_str(), s.target_lang.as_str()), ("ar", "en"));
    assert_eq!(stats(&tm).entries, 3);
}

/// OmegaT writes who translated a unit and when on its target `<tuv>` only (its
/// own test project's `project_save.tmx`): they are the entry's dates and users,
/// so `--until`, `--since` and dedupe's "newest" see them.
fn omegat_dates_and_users_on_the_target_variant_are_the_entrys() -> Checked {
    let shared = shared()?;
    let save = shared.join("data/formats/omegat/src/test/resources/data/tmx/project_save.tmx");
    let tm = Tm::empty();
    tm.expect(&["import", "--source-lang", "en", "--target-lang", "fr", save.to_str().unwrap()], None, 0);
    #[derive(serde::Deserialize)]
    struct Shown {
        source: String,
        created: Option<String>,
        creator: Option<String>,
        changed: Option<String>,
        changer: Option<String>,
    }
    let shown: Vec<Shown> = tm.json(&["show", "3", "--format", "json"], None, 0);
    let s = &shown[0];
    assert_eq!(s.source, "Connect to custom server {0} instead of apertium.org");
    let got = (s.created.as_deref(), s.creator.as_deref(), s.changed.as_deref(), s.changer.as_deref());
    assert_eq!(got, (Some("2025-06-13T06:48:42Z"), Some("miurahr"), Some("2025-06-13T06:48:42Z"), Some("miurahr")));
    let out = stdout(&tm.expect(&["export", "--until", "2025-01-01", "--format", "tsv"], None, 0));
    assert_eq!(out.lines().count(), 5, "the four units of 2024 and the header: {out}");
    Ok(())
}
