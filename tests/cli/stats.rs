//! `tm stats` and `tm remove`: what a new memory holds (nothing of the sample),
//! where it is made, and a memory of an earlier `tm` whose sample stays out of
//! exports.

use crate::util::{Tm, stats, stderr, stdout};

tests![
    a_new_memory_holds_nothing_of_the_sample,
    the_sample_in_a_memory_of_an_earlier_tm_stays_out_of_exports,
    ;
    sqlite:
    without_db_the_memory_is_made_in_the_data_directory,
];

fn a_new_memory_holds_nothing_of_the_sample() {
    for tm in [Tm::new(), Tm::empty()] {
        let s = stats(&tm);
        assert_eq!((s.entries, s.glossary_terms), (0, 0));
        tm.expect(&["remove", "--origin", "sample"], None, 1);
        tm.expect(&["glossary", "remove", "--origin", "sample"], None, 1);
    }
}

/// A memory made by an earlier `tm` got the sample's 21 entries and 25 terms
/// (origin `sample`): they stay, but exports leave them out unless asked
/// (`--sample`, `--origin sample`), and `tm remove --origin sample` takes them out.
fn the_sample_in_a_memory_of_an_earlier_tm_stays_out_of_exports() {
    let tm = Tm::empty();
    let seed = crate::util::memory_file("seed-report.tmx");
    tm.expect(&["import", &seed, "--origin", "earlier"], None, 0);
    tm.expect(&["glossary", "import", crate::util::seed_glossary().to_str().unwrap()], None, 0);
    tm.sql("UPDATE origin_name SET name = 'sample' WHERE name = 'earlier'; UPDATE glossary SET origin = 'sample';");
    let s = stats(&tm);
    assert_eq!((s.entries, s.glossary_terms), (21, 25));
    let tmx = stdout(&tm.expect(&["export"], None, 0));
    assert!(!tmx.contains("<tu "), "{tmx}");
    let tsv = stdout(&tm.expect(&["glossary", "export"], None, 0));
    assert_eq!(tsv.lines().count(), 1, "{tsv}");
    for asked in [&["--sample", "export"][..], &["export", "--origin", "sample"]] {
        let tmx = stdout(&tm.expect(asked, None, 0));
        assert_eq!(tmx.matches("<tu ").count(), 21, "{asked:?}: once, though the sample is also asked for");
    }
    let tsv = stdout(&tm.expect(&["glossary", "export", "--origin", "sample"], None, 0));
    assert_eq!(tsv.lines().count(), 26, "{tsv}");
    // Suggestions show them, labelled.
    let (ar, _) = crate::util::seed_pairs().swap_remove(4);
    let got: Vec<crate::util::Suggestion> = tm.json(&["suggest", "--format", "json"], Some(&ar), 0);
    assert_eq!((got[0].matches[0].score, got[0].matches[0].origin.as_str()), (100, "sample"));
    tm.expect(&["remove", "--origin", "sample"], None, 0);
    tm.expect(&["glossary", "remove", "--origin", "sample"], None, 0);
    let s = stats(&tm);
    assert_eq!((s.entries, s.glossary_terms), (0, 0));
}

/// Without `--db` or `TM_DB` the memory is `tm/memory.db` in the data directory,
/// `$XDG_DATA_HOME` or else `~/.local/share` (on Linux): for a test, inside its own
/// directory, which is its home.
fn without_db_the_memory_is_made_in_the_data_directory() {
    let tm = Tm::new();
    let out = tm.cmd().env_remove("TM_DB").arg("stats").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(tm.path(".local/share/tm/memory.db").is_file(), "{}", stderr(&out));
    let data = tm.path("data");
    let out = tm.cmd().env_remove("TM_DB").env("XDG_DATA_HOME", &data).arg("stats").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(data.join("tm/memory.db").is_file(), "{}", stderr(&out));
    assert!(!tm.db.exists());
}
