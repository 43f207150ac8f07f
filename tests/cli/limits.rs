//! Limits on one record's size (`src/formats/limits.rs`): a segment or record
//! longer than the limit is skipped as a bad record naming its file and line, and
//! the rest of the input is read. The limits are lowered here
//! (`TM_MAX_SEGMENT_BYTES`, `TM_MAX_RECORD_BYTES`) so that the files stay small;
//! `bench/limits.sh` measures the memory taken at the default limits on 200 MB
//! records.

use std::path::Path;

use crate::util::{Checked, ImportReport, Tm, shared, stats, stderr};

tests![a_tmx_segment_over_the_limit_is_skipped_with_its_line_and_the_rest_imported,];

/// The first `n` units of TICO-19's TMX (a real file), with the `<body>` around
/// them: the header and the units, each `<tu …>…</tu>` whole.
fn tico_units(shared: &Path, n: usize) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(shared.join("data/parallel/tico-19/tico19.en-ar.tmx")).unwrap();
    let body = text.find("<body>").unwrap() + "<body>".len();
    let units = text[body..].split_inclusive("</tu>").take(n).map(str::to_string).collect();
    (text[..body].to_string(), units)
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
    assert!(stderr(&out).lines().any(|l| l == expected), "{expected}\n{}", stderr(&out));
    assert_eq!(stats(&tm).entries, 19);
    Ok(())
}
