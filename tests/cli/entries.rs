//! Entry care: `tm show`, `tm edit`, `tm confirm`, `tm remove --id` and `tm
//! history`, each change recorded with its user and date.

use crate::util::{Suggestion, Tm, memory_file, stderr, stdout};

tests![an_entry_is_shown_edited_confirmed_removed_and_its_history_kept, a_confirmed_aligned_entry_loses_its_penalty];

#[derive(serde::Deserialize, Debug)]
struct Shown {
    id: u64,
    target: String,
    origin: String,
    changer: Option<String>,
    confirmed: Option<String>,
    confirmer: Option<String>,
}

#[derive(serde::Deserialize, Debug)]
struct Version {
    target: String,
    replacer: Option<String>,
    action: Option<String>,
}

/// Regression (issue 14): one wrong entry could not be corrected, only its whole
/// file removed.
fn an_entry_is_shown_edited_confirmed_removed_and_its_history_kept() {
    let tm = Tm::empty();
    let file = tm.write("a.tsv", "ar\ten\nتم نهب المتاجر.\tShops were looted.\nحقل تنغيز\tthe Kashagan field\n");
    tm.expect(&["import", file.to_str().unwrap()], None, 0);
    let shown: Vec<Shown> = tm.json(&["show", "2", "--format", "json"], None, 0);
    assert_eq!((shown[0].id, shown[0].target.as_str(), shown[0].origin.as_str()), (2, "the Kashagan field", "~/a.tsv"));
    tm.expect(&["--user", "nadia", "edit", "2", "--target", "the Tengiz field"], None, 0);
    tm.expect(&["confirm", "2"], None, 0); // TM_USER below
    let out = tm.cmd().args(["confirm", "2", "9"]).env("TM_USER", "omar").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no entry 9"), "{}", stderr(&out));
    let shown: Vec<Shown> = tm.json(&["show", "2", "--format", "json"], None, 0);
    let s = &shown[0];
    assert_eq!((s.target.as_str(), s.changer.as_deref(), s.confirmer.as_deref()), ("the Tengiz field", Some("nadia"), Some("omar")));
    assert!(s.confirmed.is_some());
    let got: Vec<Suggestion> = tm.json(&["suggest", "--format", "json"], Some("حقل تنغيز"), 0);
    assert_eq!(got[0].matches[0].target, "the Tengiz field");
    tm.expect(&["remove", "--id", "2"], None, 0);
    tm.expect(&["show", "2"], None, 1);
    tm.expect(&["remove", "--id", "2"], None, 1);
    let history: Vec<Version> = tm.json(&["history", "2", "--format", "json"], None, 0);
    let steps: Vec<(&str, Option<&str>)> = history.iter().map(|v| (v.target.as_str(), v.action.as_deref())).collect();
    assert_eq!(
        steps,
        vec![
            ("the Kashagan field", Some("edit")),
            ("the Tengiz field", Some("confirm")),
            ("the Tengiz field", Some("confirm")),
            ("the Tengiz field", Some("remove"))
        ]
    );
    assert_eq!(history[0].replacer.as_deref(), Some("nadia"));
    assert!(stdout(&tm.expect(&["history", "2"], None, 0)).contains("then edit: "));
    tm.expect(&["history", "7"], None, 1);
    assert!(stdout(&tm.expect(&["export", "--format", "tsv"], None, 0)).lines().count() == 2);
}

/// An aligned entry a person confirms is theirs: its exact match scores 100, not
/// the 99 of the alignment penalty.
fn a_confirmed_aligned_entry_loses_its_penalty() {
    let tm = Tm::empty();
    let (ar, en) = (memory_file("seed-report.ar.txt"), memory_file("seed-report.en.txt"));
    tm.expect(&["import", "--source", &ar, "--target", &en, "--align"], None, 0);
    let sentence = &crate::util::seed_pairs()[8].0;
    let got: Vec<Suggestion> = tm.json(&["suggest", "--format", "json"], Some(sentence), 0);
    let best = &got[0].matches[0];
    assert_eq!((best.score, best.origin.as_str()), (99, "aligned"));
    tm.expect(&["confirm", &best.id.to_string()], None, 0);
    let got: Vec<Suggestion> = tm.json(&["suggest", "--format", "json"], Some(sentence), 0);
    assert_eq!(got[0].matches[0].score, 100);
}
