//! Limits on one record's size (`src/formats/limits.rs`): a segment or record
//! longer than the limit is skipped as a bad record naming its file and line, and
//! the rest of the input is read. The limits are lowered here
//! (`TM_MAX_SEGMENT_BYTES`, `TM_MAX_RECORD_BYTES`) so that the files stay small;
//! `bench/limits.sh` measures the memory taken at the default limits on 200 MB
//! records.

use std::path::Path;

use crate::util::{Checked, ImportReport, Tm, shared, stats, stderr};

tests![
    a_tmx_segment_over_the_limit_is_skipped_with_its_line_and_the_rest_imported,
    a_tsv_line_and_a_text_line_over_the_limits_are_skipped_with_their_lines,
    a_glossary_line_over_the_limit_is_skipped_with_its_line,
    a_tbx_term_entry_over_the_limit_is_skipped_with_its_line,
    an_xliff_unit_over_the_limit_is_skipped_by_import_and_left_as_it_was_by_pretranslate,
    a_document_line_over_the_limit_is_left_out_of_suggest_align_and_pretranslate_with_its_line,
];

/// The first `n` units of TICO-19's TMX (a real file), with the `<body>` around
/// them: the header and the units, each `<tu …>…</tu>` whole.
fn tico_units(shared: &Path, n: usize) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(shared.join("data/parallel/tico-19/tico19.en-ar.tmx")).unwrap();
    let body = text.find("<body>").unwrap() + "<body>".len();
    let units = text[body..].split_inclusive("</tu>").take(n).map(str::to_string).collect();
    (text[..body].to_string(), units)
}

/// Asserts that `out` reported `problem` as a line of its own on stderr.
fn reported(out: &std::process::Output, problem: &str) {
    assert!(stderr(out).lines().any(|l| l == problem), "{problem}\n{}", stderr(out));
}

/// The line of `at` in `text` (1-based).
fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// A unit whose Arabic segment is 100 KB (its sentence repeated, as a broken
/// export gives) is reported with its line and skipped; the units around it are
/// imported, and so is a unit as long as the limit.
fn a_tmx_segment_over_the_limit_is_skipped_with_its_line_and_the_rest_imported() -> Checked {
    let shared = shared()?;
    let (head, mut units) = tico_units(&shared, 20);
    let huge = &mut units[9];
    let (open, close) = (huge.find("<tuv xml:lang=\"ar\"><seg>").unwrap() + 24, huge.rfind("</seg>").unwrap());
    let sentence = format!("{} ", &huge[open..huge[open..].find("</seg>").unwrap() + open]);
    huge.replace_range(open..close, &sentence.repeat(100_000 / sentence.len()));
    let file = format!("{head}{}\n</body>\n</tmx>\n", units.concat());
    let line = line_of(&file, file.find(&units[9]).unwrap() + units[9].find("<tu").unwrap());
    let tm = Tm::empty();
    let path = tm.write("tico.tmx", &file);
    let mut cmd = tm.cmd();
    cmd.env("TM_MAX_SEGMENT_BYTES", "4096").args(["import", "--format", "json", path.to_str().unwrap()]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let report: Vec<ImportReport> = crate::util::lines(&out.stdout);
    assert_eq!((report[0].imported, report[0].skipped), (19, 1));
    let expected = format!(
        "{}:{line}: tu 10 (tuid CMU_1:10): a text longer than 4096 bytes (the limit on a segment): skipped",
        path.display()
    );
    reported(&out, &expected);
    assert_eq!(stats(&tm).entries, 19);
    Ok(())
}

/// TICO-19's first `n` pairs, the tenth with its Arabic repeated to 100 KB.
fn tico_pairs(shared: &Path, n: usize) -> Vec<(String, String)> {
    let dir = shared.join("data/parallel/tico-19");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let (ar, en) = (read("tico19.ar"), read("tico19.en"));
    let mut pairs: Vec<(String, String)> =
        ar.lines().zip(en.lines()).take(n).map(|(a, e)| (a.to_string(), e.to_string())).collect();
    let long = format!("{} ", pairs[9].0).repeat(100_000 / pairs[9].0.len());
    pairs[9].0 = long;
    pairs
}

/// `tm ARGS` with the limits lowered (4 KB a segment, 16 KB a record).
fn limited(tm: &Tm, args: &[&str]) -> std::process::Output {
    let mut cmd = tm.cmd();
    cmd.env("TM_MAX_SEGMENT_BYTES", "4096").env("TM_MAX_RECORD_BYTES", "16384").args(args);
    cmd.output().unwrap()
}

/// A TSV line of 100 KB (over the record limit) and a line of line-aligned text
/// of 100 KB (over the segment limit) are reported with their file and line and
/// skipped; every other pair is imported.
fn a_tsv_line_and_a_text_line_over_the_limits_are_skipped_with_their_lines() -> Checked {
    let shared = shared()?;
    let pairs = tico_pairs(&shared, 20);
    let tm = Tm::empty();
    let tsv: String = pairs.iter().map(|(a, e)| format!("{a}\t{e}\n")).collect();
    let tsv = tm.write("tico.tsv", format!("ar\ten\n{tsv}"));
    let out = limited(&tm, &["import", tsv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let expected = format!("{}:11: a line longer than 16384 bytes (the limit on a record): skipped", tsv.display());
    reported(&out, &expected);
    assert_eq!(stats(&tm).entries, 19);
    let tm = Tm::empty();
    let ar = tm.write("tico.ar", pairs.iter().map(|(a, _)| format!("{a}\n")).collect::<String>());
    let en = tm.write("tico.en", pairs.iter().map(|(_, e)| format!("{e}\n")).collect::<String>());
    let out = limited(&tm, &["import", "--source", ar.to_str().unwrap(), "--target", en.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let expected = format!("{}:10: a line longer than 4096 bytes (the limit on a segment): skipped", ar.display());
    reported(&out, &expected);
    assert_eq!(stats(&tm).entries, 19);
    Ok(())
}

/// A glossary line of 100 KB is reported with its line and skipped; the names
/// around it (ISO 3166, a real glossary) are imported.
fn a_glossary_line_over_the_limit_is_skipped_with_its_line() -> Checked {
    let shared = shared()?;
    let names = std::fs::read_to_string(shared.join("data/glossary/iso-codes/iso_3166-1.en-ar.tsv")).unwrap();
    let mut lines: Vec<String> = names.lines().take(21).map(str::to_string).collect();
    lines[10] = format!("{}\t{}", "Atlantis ".repeat(2_000), "أتلانتس ".repeat(10_000));
    let tm = Tm::empty();
    let file = tm.write("names.tsv", lines.join("\n") + "\n");
    let out = limited(&tm, &["glossary", "import", file.to_str().unwrap()]);
    // As for any line skipped by `tm glossary import`.
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let expected = format!("{}:11: a line longer than 16384 bytes (the limit on a record): skipped", file.display());
    reported(&out, &expected);
    assert_eq!(stats(&tm).glossary_terms, 19);
    Ok(())
}

/// A paragraph of 100 KB in a document (over the record limit) is reported with
/// its file and line and left out by `suggest`, `align` (one pair, a batch, and
/// `import --align`) and `pretranslate`; the other lines are read as usual.
fn a_document_line_over_the_limit_is_left_out_of_suggest_align_and_pretranslate_with_its_line() -> Checked {
    let shared = shared()?;
    let pairs = tico_pairs(&shared, 20);
    let tm = Tm::empty();
    let ar = tm.write("doc.ar.txt", pairs.iter().map(|(a, _)| format!("{a}\n")).collect::<String>());
    let en = tm.write("doc.en.txt", pairs.iter().map(|(_, e)| format!("{e}\n")).collect::<String>());
    let expected = format!("{}:10: a line longer than 16384 bytes (the limit on a record): skipped", ar.display());
    let (ar, en) = (ar.to_str().unwrap(), en.to_str().unwrap());
    let out = limited(&tm, &["import", "--source", ar, "--target", en, "--align", "--format", "json"]);
    reported(&out, &expected);
    let report: Vec<ImportReport> = crate::util::lines(&out.stdout);
    assert_eq!(report[0].skipped, 1);
    assert!(report[0].imported >= 15, "{report:?}");
    let out = limited(&tm, &["align", ar, en]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    reported(&out, &expected);
    let aligned = tm.path("doc.aligned.tsv");
    let list = tm.write("batch.tsv", format!("{ar}\t{en}\t{}\n", aligned.display()));
    let out = limited(&tm, &["align", "--batch", list.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    reported(&out, &expected);
    assert!(std::fs::metadata(&aligned).unwrap().len() < 16384, "the long line was aligned");
    let out = limited(&tm, &["suggest", "--format", "json", ar]);
    reported(&out, &expected);
    let suggestions: Vec<crate::util::Suggestion> = crate::util::lines(&out.stdout);
    assert!(suggestions.iter().all(|s| s.segment.len() < 16384), "the long line was matched");
    assert!(suggestions.iter().filter(|s| !s.matches.is_empty()).count() >= 15);
    let xlf = tm.path("doc.xlf");
    let out = limited(&tm, &["pretranslate", ar, "-o", xlf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    reported(&out, &expected);
    assert!(std::fs::metadata(&xlf).unwrap().len() < 100_000);
    Ok(())
}

/// A TBX term entry whose Arabic term is 100 KB is reported with its line and
/// skipped; the entries around it (ISO 3166 names) are imported.
fn a_tbx_term_entry_over_the_limit_is_skipped_with_its_line() -> Checked {
    let shared = shared()?;
    let names = std::fs::read_to_string(shared.join("data/glossary/iso-codes/iso_3166-1.en-ar.tsv")).unwrap();
    let mut tbx = String::from("<?xml version=\"1.0\"?>\n<martif type=\"TBX-Basic\"><text><body>\n");
    for (i, line) in names.lines().skip(1).take(20).enumerate() {
        let (en, ar) = line.split_once('\t').unwrap();
        let ar = if i == 9 { format!("{ar} ").repeat(10_000) } else { ar.to_string() };
        tbx += &format!(
            "<termEntry id=\"c{i}\">\n<langSet xml:lang=\"en\"><tig><term>{en}</term></tig></langSet>\n<langSet xml:lang=\"ar\"><tig><term>{ar}</term></tig></langSet>\n</termEntry>\n"
        );
    }
    tbx += "</body></text></martif>\n";
    let tm = Tm::empty();
    let file = tm.write("names.tbx", tbx);
    let out = limited(&tm, &["glossary", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stats(&tm).glossary_terms, 19);
    // Two lines of header, then four lines an entry: the tenth starts on line 39.
    let reason = "a text longer than 4096 bytes (the limit on a segment): skipped";
    reported(&out, &format!("{}:39: term entry 10 (id c9): {reason}", file.display()));
    Ok(())
}

/// An XLIFF 1.2 file of TICO-19's first 20 pairs, one unit each, with their
/// targets (translated) or without.
fn tico_xliff(pairs: &[(String, String)], targets: bool) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n<file original=\"tico.txt\" source-language=\"ar\" target-language=\"en\" datatype=\"plaintext\">\n<body>\n",
    );
    for (i, (ar, en)) in pairs.iter().enumerate() {
        out += &format!("<trans-unit id=\"t{}\">\n<source>{}</source>\n", i + 1, esc(ar));
        if targets {
            out += &format!("<target state=\"translated\">{}</target>\n", esc(en));
        }
        out += "</trans-unit>\n";
    }
    out + "</body>\n</file>\n</xliff>\n"
}

/// A unit whose Arabic source is 100 KB is reported with its line by `tm import`
/// and skipped, the other 19 imported; `tm pretranslate` of the same file without
/// targets fills the other 19 in place (at the right places: the offsets after
/// the long unit count the bytes read past) and leaves that unit byte for byte,
/// as `tm check --format xliff` does.
fn an_xliff_unit_over_the_limit_is_skipped_by_import_and_left_as_it_was_by_pretranslate() -> Checked {
    let shared = shared()?;
    let pairs = tico_pairs(&shared, 20);
    let tm = Tm::empty();
    let translated = tico_xliff(&pairs, true);
    let file = tm.write("tico.xlf", &translated);
    let line = line_of(&translated, translated.find("<trans-unit id=\"t10\"").unwrap());
    let out = limited(&tm, &["import", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let report: Vec<ImportReport> = crate::util::lines(&out.stdout);
    assert_eq!((report[0].imported, report[0].skipped), (19, 1));
    let reason = "a text longer than 4096 bytes (the limit on a segment): skipped";
    reported(&out, &format!("{}:{line}: unit 10 (id t10): {reason}", file.display()));
    assert_eq!(stats(&tm).entries, 19);

    let job = tico_xliff(&pairs, false);
    let input = tm.write("job.xlf", &job);
    let line = line_of(&job, job.find("<trans-unit id=\"t10\"").unwrap());
    let done = tm.path("job.pre.xlf");
    let out = limited(&tm, &["pretranslate", input.to_str().unwrap(), "-o", done.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    reported(&out, &format!("{}:{line}: unit 10 (id t10): {reason}", input.display()));
    let written = std::fs::read_to_string(&done).unwrap();
    let unit = |xliff: &str, id: &str| {
        let start = xliff.find(&format!("<trans-unit id=\"{id}\"")).unwrap();
        xliff[start..start + xliff[start..].find("</trans-unit>").unwrap()].to_string()
    };
    assert_eq!(unit(&written, "t10"), unit(&job, "t10"), "the long unit was changed");
    for (i, (_, en)) in pairs.iter().enumerate().filter(|(i, _)| *i != 9) {
        let got = unit(&written, &format!("t{}", i + 1));
        let esc = en.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        assert!(got.contains(&format!(">{esc}</target>")), "unit {} did not get its target: {got}", i + 1);
    }
    // `tm check --format xliff` writes the file back around the same unit.
    let checked = tm.path("job.checked.xlf");
    let args = ["check", "--format", "xliff", done.to_str().unwrap(), "-o", checked.to_str().unwrap()];
    let out = limited(&tm, &args);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let line = line_of(&written, written.find("<trans-unit id=\"t10\"").unwrap());
    reported(&out, &format!("{}:{line}: unit 10 (id t10): {reason}", done.display()));
    assert_eq!(unit(&std::fs::read_to_string(&checked).unwrap(), "t10"), unit(&job, "t10"));
    Ok(())
}
