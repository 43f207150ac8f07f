//! `tm align`: the sample report pair by pair, its outputs, and the benchmark documents.

use std::path::PathBuf;

use crate::util::{Checked, ImportReport, Tm, memory_file, seed_pairs, shared, stderr, stdout};

tests![
    align_writes_importable_tsv_tmx_and_a_review_page,
    documents_given_the_wrong_way_round_are_refused,
    a_report_against_an_unrelated_english_text_is_not_a_translation_and_import_align_refuses_it,
    ;
    sqlite:
    aligner_keeps_its_quality_on_the_benchmark_documents,
    seed_report_aligns_with_its_english_paragraphs_pair_by_pair,
    align_pairs_a_list_item_the_segmenter_saw_on_one_side_only,
    the_seed_report_and_its_translation_get_the_translation_verdict,
];

/// `tm align --format json` (also read by the review tests).
#[derive(serde::Deserialize)]
pub struct AlignJson {
    pub beads: Vec<(Vec<usize>, Vec<usize>)>,
    pub confidence: Vec<f64>,
    pub ar_spans: Vec<(usize, usize)>,
    pub en_spans: Vec<(usize, usize)>,
    pub document: DocumentJson,
}

#[derive(serde::Deserialize, Debug)]
pub struct DocumentJson {
    verdict: String,
    aligned_share: f64,
    gain: f64,
    z: f64,
}

/// Acceptance: the seed report aligned against its English translation written as
/// running paragraphs gives every sentence pair right (the noise separators stay
/// unaligned).
fn seed_report_aligns_with_its_english_paragraphs_pair_by_pair() {
    let tm = Tm::seeded();
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
    assert_eq!(unaligned.len(), 6, "{unaligned:?}");
    assert!(unaligned.iter().all(|s| s.starts_with("$٪")), "{unaligned:?}");
}

fn align_writes_importable_tsv_tmx_and_a_review_page() {
    let tm = Tm::seeded();
    let (ar, en) = (memory_file("seed-report.ar.txt"), memory_file("seed-report.en.txt"));
    let review = tm.path("review.html");
    let tsv = stdout(&tm.expect(&["align", &ar, &en, "--review", review.to_str().unwrap()], None, 0));
    assert_eq!(tsv.lines().count(), 22, "header and 21 pairs");
    let page = std::fs::read_to_string(&review).unwrap();
    let open = "<script type=\"application/json\" id=\"tm-review-data\">";
    let data = &page[page.find(open).expect("the page carries its data") + open.len()..];
    let data: serde_json::Value = serde_json::from_str(&data[..data.find("</script>").unwrap()]).unwrap();
    let segments = data["segments"]["source"].as_array().unwrap();
    assert!(segments.iter().any(|s| s.as_str().unwrap().starts_with("يجري تطوير حقل Kashagan")), "the pairs' text");
    let beads = data["beads"].as_array().unwrap();
    let unaligned = beads.iter().filter(|b| b["target"][0] == b["target"][1]).count();
    assert_eq!(unaligned, 6, "the six separators are beads of no counterpart");
    let tmx = stdout(&tm.expect(&["align", &ar, &en, "--format", "tmx"], None, 0));
    assert_eq!(tmx.matches("<prop type=\"x-tm-origin\">aligned</prop>").count(), 21);
    assert_eq!(tmx.matches("<prop type=\"x-tm-confidence\">").count(), 21);
    for (name, output) in [("aligned.tsv", tsv), ("aligned.tmx", tmx)] {
        let memory = Tm::empty();
        let file = memory.write(name, output);
        let r: Vec<ImportReport> = memory.json(&["import", file.to_str().unwrap(), "--format", "json"], None, 0);
        assert_eq!((r[0].imported, r[0].skipped), (21, 0), "{name}");
    }
}

/// The alignment benchmark's synthetic documents (real NTREX-128 and TICO-19
/// sentences with merges, splits, swaps, deletions and noise), scored by the
/// benchmark's own scorer: a regression guard on real text. The full figures
/// come from bench/align.sh.
fn aligner_keeps_its_quality_on_the_benchmark_documents() -> Checked {
    let shared = shared()?;
    let tm = Tm::empty();
    let sets = tm.path("sets");
    let p = shared.join("data/parallel");
    let make = tm.tool("python3")
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
    assert!(docs.len() >= 24, "make_docs.py made {} documents", docs.len());
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
    let score = tm.tool("python3")
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
    Ok(())
}

/// `tm align` on running text: an Arabic list introduction split from its item
/// and an English translation that keeps them in one sentence give two pairs.
fn align_pairs_a_list_item_the_segmenter_saw_on_one_side_only() {
    let tm = Tm::seeded();
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

/// From a user's trial (issue 14, defect 1): `tm align` and `tm import --align`
/// with the English document first stored English as the Arabic source.
fn documents_given_the_wrong_way_round_are_refused() {
    let tm = Tm::empty();
    let (ar, en) = (memory_file("seed-report.ar.txt"), memory_file("seed-report.en.txt"));
    let out = tm.expect(&["align", &en, &ar], None, 2);
    let err = stderr(&out);
    assert!(err.contains(&format!("{en} + {ar}: source and target are swapped")), "{err}");
    assert!(err.contains("--force"), "{err}");
    let out = tm.expect(&["import", "--source", &en, "--target", &ar, "--align"], None, 2);
    assert!(stderr(&out).contains("source and target are swapped"), "{}", stderr(&out));
    assert_eq!(crate::util::stats(&tm).entries, 0);
    tm.expect(&["align", &en, &ar, "--force"], None, 0);
}

fn the_seed_report_and_its_translation_get_the_translation_verdict() {
    let tm = Tm::seeded();
    let (ar, en) = (memory_file("seed-report.ar.txt"), memory_file("seed-report.en.txt"));
    let out = tm.expect(&["align", &ar, &en, "--format", "json"], None, 0);
    let a: AlignJson = serde_json::from_slice(&out.stdout).unwrap();
    let d = &a.document;
    assert_eq!(d.verdict, "translation", "{d:?}");
    assert!(d.aligned_share > 0.9 && (d.gain > 0.5 || d.z > 3.0), "{d:?}");
    assert!(!stderr(&out).contains("not a translation"), "{}", stderr(&out));
}

/// Regression (issue 16): two documents that are not translations of each other
/// aligned into beads of high confidence and went into the memory. The seed
/// report's Arabic against the first 40 sentences of the UN dev set's English.
fn a_report_against_an_unrelated_english_text_is_not_a_translation_and_import_align_refuses_it() -> Checked {
    let shared = shared()?;
    let un = std::fs::read_to_string(shared.join("data/parallel/un-v1.0-testsets/UNv1.0.devset.en")).unwrap();
    let tm = Tm::seeded();
    let other = tm.write("un.en.txt", un.lines().take(40).collect::<Vec<_>>().join("\n") + "\n");
    let ar = memory_file("seed-report.ar.txt");
    let out = tm.expect(&["align", &ar, other.to_str().unwrap(), "--format", "json"], None, 0);
    let a: AlignJson = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a.document.verdict, "unrelated", "{:?}", a.document);
    assert!(stderr(&out).contains("not a translation of each other"), "{}", stderr(&out));
    let before = stdout(&tm.expect(&["export", "--format", "tsv"], None, 0));
    let refused = tm.expect(&["import", "--source", &ar, "--target", other.to_str().unwrap(), "--align"], None, 2);
    let message = stderr(&refused);
    assert!(message.contains("not a translation of each other") && message.contains("--force"), "{message}");
    assert_eq!(stdout(&tm.expect(&["export", "--format", "tsv"], None, 0)), before, "nothing stored");
    let forced: Vec<ImportReport> = tm.json(
        &["import", "--source", &ar, "--target", other.to_str().unwrap(), "--align", "--force", "--format", "json"],
        None,
        0,
    );
    assert!(forced[0].imported > 0);
    Ok(())
}
