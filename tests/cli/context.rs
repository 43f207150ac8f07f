//! Context matches (101): entries keep the sources before and after them in their
//! document (line pairs, aligned documents, XLIFF in file order, OmegaT's `prev` and
//! `next` props), and a 100 met between the same segments scores 101 in `tm suggest`
//! and `tm pretranslate`; exports write the context back as OmegaT does.

use serde::Deserialize;

use crate::util::{Checked, Suggestion, Tm, lines, memory_file, seed_pairs, shared, stdout};

tests![
    the_seed_report_imported_as_line_pairs_comes_back_in_context,
    a_sentence_met_in_two_contexts_is_101_only_in_its_own,
    an_omegat_alternative_is_a_context_match_between_its_neighbours_only,
    aligned_documents_keep_their_context_and_confirmed_entries_match_in_it,
    xliff_units_keep_the_sources_around_them_in_file_order,
    pretranslation_marks_context_matches_and_counts_their_band,
    an_export_writes_the_context_as_omegat_props_and_reads_it_back,
];

/// `tm show --format json`, the context part.
#[derive(Deserialize, Debug)]
struct Shown {
    contexts: Vec<ContextJson>,
}

#[derive(Deserialize, Debug, PartialEq, Eq)]
struct ContextJson {
    prev: Option<String>,
    next: Option<String>,
}

/// The seed report's sentences as two line-aligned files, imported.
fn import_seed_lines(tm: &Tm) {
    let pairs = seed_pairs();
    let ar: String = pairs.iter().map(|(a, _)| format!("{a}\n")).collect();
    let en: String = pairs.iter().map(|(_, e)| format!("{e}\n")).collect();
    let (ar, en) = (tm.write("report.ar", ar), tm.write("report.en", en));
    tm.expect(&["import", "--source", ar.to_str().unwrap(), "--target", en.to_str().unwrap()], None, 0);
}

fn suggest(tm: &Tm, args: &[&str]) -> Vec<Suggestion> {
    let mut all = vec!["suggest", "--format", "json"];
    all.extend(args);
    lines(&tm.run(&all, None).stdout)
}

/// The seed report as text, against its sentences imported as line pairs: every
/// segment is met between the same segments as in the memory, so each is a context
/// match; the revised report's exact segments are not (their neighbours changed).
fn the_seed_report_imported_as_line_pairs_comes_back_in_context() {
    let tm = Tm::empty();
    import_seed_lines(&tm);
    let got = suggest(&tm, &[&memory_file("seed-report.ar.txt")]);
    assert_eq!(got.len(), seed_pairs().len());
    for s in &got {
        let best = &s.matches[0];
        assert_eq!((best.score, best.context), (101, true), "{}", s.segment);
        assert_eq!(best.source, s.segment);
    }
    let revised = suggest(&tm, &[&memory_file("example.ar.txt")]);
    assert!(!revised.is_empty());
    assert!(revised.iter().flat_map(|s| &s.matches).all(|m| m.score <= 100 && !m.context), "{revised:?}");
}

/// One sentence translated in two documents, two ways: in a third document it
/// gets the translation of the document whose neighbours it has at 101, the other
/// at 100; between other neighbours both are 100.
fn a_sentence_met_in_two_contexts_is_101_only_in_its_own() {
    let tm = Tm::empty();
    let p = seed_pairs();
    let sentence = &p[5].0;
    let mut docs = Vec::new();
    for (n, (before, after, target)) in [(0, 1, "Version one."), (2, 3, "Version two.")].into_iter().enumerate() {
        let ar = tm.write(&format!("d{n}.ar"), format!("{}\n{sentence}\n{}\n", p[before].0, p[after].0));
        let en = tm.write(&format!("d{n}.en"), format!("{}\n{target}\n{}\n", p[before].1, p[after].1));
        docs.push((ar, en));
    }
    for (ar, en) in &docs {
        tm.expect(&["import", "--source", ar.to_str().unwrap(), "--target", en.to_str().unwrap()], None, 0);
    }
    let text = [&p[2].0, sentence, &p[3].0, &p[0].0, sentence, &p[1].0, &p[7].0, sentence, &p[8].0];
    let doc = tm.write("doc.txt", text.iter().map(|t| format!("{t}\n")).collect::<String>());
    let got = suggest(&tm, &["--lines", doc.to_str().unwrap()]);
    let at = |i: usize| -> Vec<(u8, bool, &str)> {
        got[i].matches.iter().map(|m| (m.score, m.context, m.target.as_str())).collect()
    };
    assert_eq!(at(1), [(101, true, "Version two."), (100, false, "Version one.")]);
    assert_eq!(at(4), [(101, true, "Version one."), (100, false, "Version two.")]);
    assert!(at(7).iter().all(|&(score, context, _)| score == 100 && !context), "{:?}", at(7));
}

/// OmegaT's project_save.tmx keeps an alternative translation with the `prev` and
/// `next` of its segment: it is a context match between those, and only there.
fn an_omegat_alternative_is_a_context_match_between_its_neighbours_only() -> Checked {
    let tmx = shared()?.join("data/formats/omegat/src/test/resources/data/tmx/test-multiple-entries.tmx");
    let tm = Tm::empty();
    let args = ["import", "--source-lang", "en-US", "--target-lang", "co", tmx.to_str().unwrap()];
    tm.expect(&args, None, 0);
    let doc = tm.write(
        "download.txt",
        "For installation on Linux.\nOther\n\
         For installation on other operating systems (such as FreeBSD and Solaris).<br0/>\nOther\n",
    );
    let got = suggest(&tm, &["--lines", doc.to_str().unwrap()]);
    let best = |i: usize| (got[i].matches[0].score, got[i].matches[0].context, got[i].matches[0].target.as_str());
    assert_eq!(best(1), (101, true, "Altri"));
    assert_eq!(got[1].matches[1].target, "Altre");
    // The last line follows another segment and ends the document.
    assert!(got[3].matches.iter().all(|m| m.score == 100 && !m.context), "{:?}", got[3]);
    Ok(())
}

/// `tm import --align` keeps each pair's neighbouring source sentences; an aligned
/// entry loses a point until confirmed, so it becomes a context match once
/// confirmed.
fn aligned_documents_keep_their_context_and_confirmed_entries_match_in_it() {
    let tm = Tm::empty();
    let (ar, en) = (memory_file("seed-report.ar.txt"), memory_file("seed-report.en.txt"));
    tm.expect(&["import", "--source", &ar, "--target", &en, "--align"], None, 0);
    let first: Shown = tm.json(&["show", "1", "--format", "json"], None, 0).remove(0);
    let second: Shown = tm.json(&["show", "2", "--format", "json"], None, 0).remove(0);
    assert_eq!(first.contexts.len(), 1);
    assert_eq!(first.contexts[0].prev, None, "the report's first sentence");
    assert_eq!(second.contexts[0].prev.as_deref(), Some(seed_pairs()[0].0.as_str()));
    assert_eq!(first.contexts[0].next.as_deref(), Some(seed_pairs()[1].0.as_str()));
    let before = suggest(&tm, &[&ar]);
    assert!(before.iter().flat_map(|s| &s.matches).all(|m| !m.context), "aligned entries are 99 at best");
    tm.expect(&["confirm", "1", "2", "3"], None, 0);
    let after = suggest(&tm, &[&ar]);
    let firsts: Vec<(u8, bool)> = after.iter().take(3).map(|s| (s.matches[0].score, s.matches[0].context)).collect();
    assert_eq!(firsts, [(101, true); 3]);
}

/// An XLIFF's units in file order: an entry's neighbours are the sources of the
/// segments for translation around it, a unit without a target among them.
fn xliff_units_keep_the_sources_around_them_in_file_order() {
    let tm = Tm::empty();
    let p = seed_pairs();
    let unit = |id: usize, target: Option<&str>| {
        let target = target.map(|t| format!("<target>{t}</target>")).unwrap_or_default();
        format!("<trans-unit id=\"{id}\"><source>{}</source>{target}</trans-unit>\n", p[id].0)
    };
    let xliff = format!(
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n\
         <file original=\"report.txt\" source-language=\"ar\" target-language=\"en\" datatype=\"plaintext\"><body>\n\
         {}{}{}<trans-unit id=\"x\" translate=\"no\"><source>لا</source></trans-unit>\n{}</body></file></xliff>\n",
        unit(0, Some(&p[0].1)),
        unit(1, None),
        unit(2, Some(&p[2].1)),
        unit(3, Some(&p[3].1)),
    );
    let file = tm.write("report.xlf", xliff);
    tm.expect(&["import", file.to_str().unwrap()], None, 0);
    let shown = |id: &str| tm.json::<Shown>(&["show", id, "--format", "json"], None, 0).remove(0).contexts;
    let context = |prev: Option<usize>, next: Option<usize>| ContextJson {
        prev: prev.map(|i| p[i].0.clone()),
        next: next.map(|i| p[i].0.clone()),
    };
    assert_eq!(shown("1"), [context(None, Some(1))]);
    assert_eq!(shown("2"), [context(Some(1), Some(3))]);
    assert_eq!(shown("3"), [context(Some(2), None)]);
}

/// Pre-translating the seed report against its line pairs: every target filled
/// from a context match, marked so (XLIFF 1.2 `x-context-match`, `match-quality`
/// 101; 2.0 a 100 with `subType`), and counted in the analysis' context band.
fn pretranslation_marks_context_matches_and_counts_their_band() {
    let tm = Tm::empty();
    import_seed_lines(&tm);
    let report = memory_file("seed-report.ar.txt");
    let out = tm.path("report.xlf");
    let run = tm.expect(&["pretranslate", &report, "-o", out.to_str().unwrap(), "--analysis", "json"], None, 0);
    let analysis: serde_json::Value = lines(&run.stdout).remove(0);
    let band = |name: &str| {
        analysis["bands"].as_array().unwrap().iter().find(|b| b["band"] == name).unwrap()["segments"].as_u64()
    };
    let n = seed_pairs().len() as u64;
    assert_eq!((band("context"), band("100"), band("repetitions")), (Some(n), Some(0), Some(0)));
    let xliff = std::fs::read_to_string(&out).unwrap();
    assert_eq!(xliff.matches(r#"state-qualifier="x-context-match""#).count(), n as usize);
    assert_eq!(xliff.matches(r#"match-quality="101""#).count(), n as usize);
    let out2 = tm.path("report2.xlf");
    tm.expect(&["pretranslate", &report, "-o", out2.to_str().unwrap(), "--format", "xliff2"], None, 0);
    let xliff2 = std::fs::read_to_string(&out2).unwrap();
    assert_eq!(xliff2.matches(r#"subType="tm:context-match" similarity="100" matchQuality="100""#).count(), n as usize);
    assert_eq!(xliff2.matches(r#"subState="tm:context-match""#).count(), n as usize);
    let summary = crate::util::stderr(&tm.expect(&["pretranslate", &report, "-o", "-"], None, 0));
    let row = format!("context {n}");
    assert!(summary.lines().any(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" ") == row), "{summary}");
}

/// A TMX export writes each context as OmegaT's `<prop type="prev">` and
/// `<prop type="next">`, and a memory that imports it has the same context matches.
fn an_export_writes_the_context_as_omegat_props_and_reads_it_back() {
    let tm = Tm::empty();
    import_seed_lines(&tm);
    let tmx = tm.path("out.tmx");
    tm.expect(&["export", "-o", tmx.to_str().unwrap()], None, 0);
    let text = std::fs::read_to_string(&tmx).unwrap();
    let n = seed_pairs().len();
    assert_eq!((text.matches(r#"<prop type="prev">"#).count(), text.matches(r#"<prop type="next">"#).count()), (n, n));
    assert!(text.contains(r#"<prop type="prev"></prop>"#), "the first entry's edge: {text}");
    let copy = Tm::empty();
    copy.expect(&["import", tmx.to_str().unwrap()], None, 0);
    let got = suggest(&copy, &[&memory_file("seed-report.ar.txt")]);
    assert!(got.iter().all(|s| s.matches[0].score == 101), "{}", stdout(&copy.run(&["export"], None)));
}
