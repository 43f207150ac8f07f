//! `tm glossary`: import, conflicts between renderings, check.

use crate::util::{Checked, Tm, shared, stderr, stdout};

tests![conflicting_renderings_are_reported_at_import_and_listed_by_check, a_glossary_without_conflicts_checks_clean];

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
    assert!(stdout(&tm.expect(&["glossary", "check"], None, 1)).contains("فيروس كورونا\tcoronavirus [g_en_ar.csv]"));
    Ok(())
}

fn a_glossary_without_conflicts_checks_clean() {
    let tm = Tm::new();
    let out = tm.expect(&["glossary", "check"], None, 0);
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(stderr(&out).contains("0 spellings with more than one rendering"), "{}", stderr(&out));
}
