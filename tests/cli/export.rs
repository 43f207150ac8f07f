//! `tm export`: TSV and TMX round trips, and TICO-19 exported for the interop checks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::util::{Checked, ImportReport, Tm, body, fresh_export, interop_tools, shared, ttk_venv, stats, stderr, stdout};

tests![
    tsv_export_then_import_gives_the_same_entries,
    tico19_imports_every_unit_and_round_trips_through_export,
    tico19_export_passes_the_interop_checks,
];

fn tsv_export_then_import_gives_the_same_entries() {
    let tm = Tm::seeded();
    let tsv = tm.expect(&["export", "--format", "tsv"], None, 0).stdout;
    assert!(tsv.starts_with(b"ar\ten\n"));
    let again = Tm::empty();
    let file = again.write("sample.tsv", &tsv);
    let r: Vec<ImportReport> = again.json(&["import", file.to_str().unwrap(), "--format", "json"], None, 0);
    assert_eq!(r[0].imported, 21);
    assert_eq!(again.expect(&["export", "--format", "tsv"], None, 0).stdout, tsv);
}

/// A memory of TICO-19 (3,071 units, the real Arabic TMX) and its export.
fn tico19(shared: &Path) -> (Tm, PathBuf) {
    let tmx = shared.join("data/parallel/tico-19/tico19.en-ar.tmx");
    let tm = Tm::empty();
    let r: Vec<ImportReport> = tm.json(&["import", tmx.to_str().unwrap(), "--format", "json"], None, 0);
    assert_eq!((r[0].imported + r[0].duplicates, r[0].skipped), (3071, 0), "{r:?}");
    let export = fresh_export(&tm, "first.tmx");
    (tm, export)
}

/// Acceptance: TICO-19 imports all 3,071 units; export then import into a fresh
/// memory gives the same entries.
fn tico19_imports_every_unit_and_round_trips_through_export() -> Checked {
    let (tm, first) = tico19(&shared()?);
    let again = Tm::empty();
    let r: Vec<ImportReport> = again.json(&["import", first.to_str().unwrap(), "--format", "json"], None, 0);
    assert_eq!(r[0].imported, stats(&tm).entries);
    let second = fresh_export(&again, "second.tmx");
    assert_eq!(body(&first), body(&second), "export → import → export changed the entries");
    Ok(())
}

/// Acceptance: the export of TICO-19 passes the interop checks of
/// `../shared/interop/check_all.sh`: DTD, translate-toolkit, XML::TMX, and OmegaT
/// filling every segment whose translation is unambiguous.
fn tico19_export_passes_the_interop_checks() -> Checked {
    let shared = shared()?;
    interop_tools(&shared)?;
    let venv = ttk_venv()?;
    let (tm, tmx) = tico19(&shared);
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
    // With every tool present and TTK_VENV given, the scripts install nothing; their
    // temporary files and OmegaT's (and Java's) settings go to the memory's directory.
    let out =
        tm.tool("bash").arg(script).arg(&tmx).arg(&src).arg(&tgt).env("TTK_VENV", venv).env("VERBOSE", "1").output();
    let out = out.unwrap();
    let report = stdout(&out);
    assert!(out.status.success(), "interop checks failed:\n{report}\n{}", stderr(&out));
    assert!(report.contains("4 passed, 0 failed"), "{report}");
    assert!(report.contains(&format!("translated from the TMX (tm/auto exact matches): {}", pairs.len())), "{report}");
    Ok(())
}
