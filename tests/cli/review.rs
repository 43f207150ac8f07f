//! `tm align --review` and `tm import --align --corrections`: a translator's
//! review of a real alignment (a Saudi Companies Law document of the AlignAR
//! gold set, in `../shared`) made on the page in headless Chromium, saved,
//! imported and found in the memory; and corrections files written by hand,
//! applied or refused.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::align::AlignJson;
use crate::util::browser::{Driver, phone};
use crate::util::{Checked, ImportReport, Tm, browser, shared, stderr};

tests![
    a_translator_joins_marks_and_confirms_beads_in_chromium_and_the_memory_holds_the_corrections,
    hand_written_corrections_are_imported_as_confirmed_entries,
    corrections_for_other_documents_are_refused_and_nothing_is_stored,
    corrections_that_leave_out_a_segment_are_refused_with_the_bead_and_nothing_is_stored,
];

/// `tm show --format json`, the parts used here.
#[derive(serde::Deserialize, Debug)]
struct Shown {
    source: String,
    target: String,
    confirmed: Option<serde_json::Value>,
}

/// A document pair aligned line by line, with its review page.
struct Reviewed {
    ar: PathBuf,
    en: PathBuf,
    ar_text: String,
    en_text: String,
    page: PathBuf,
    aligned: AlignJson,
}

impl Reviewed {
    /// The Arabic and the English of bead `k` as the aligner gave it, as stored.
    fn sides(&self, k: usize) -> (String, String) {
        let (s, t) = &self.aligned.beads[k];
        (self.text(s, true), self.text(t, false))
    }

    /// The text of segments `indices` (consecutive) of a side.
    fn text(&self, indices: &[usize], arabic: bool) -> String {
        let (text, spans) =
            if arabic { (&self.ar_text, &self.aligned.ar_spans) } else { (&self.en_text, &self.aligned.en_spans) };
        match (indices.first(), indices.last()) {
            (Some(&a), Some(&b)) => text[spans[a].0..spans[b].1].to_string(),
            _ => String::new(),
        }
    }

    fn is_pair(&self, k: usize) -> bool {
        let (s, t) = &self.aligned.beads[k];
        !s.is_empty() && !t.is_empty()
    }

    /// The page's data: the corrections' head, the segments and the beads.
    fn page_data(&self) -> serde_json::Value {
        let page = std::fs::read_to_string(&self.page).unwrap();
        let open = "<script type=\"application/json\" id=\"tm-review-data\">";
        let start = page.find(open).expect("the page carries its data") + open.len();
        let end = start + page[start..].find("</script>").unwrap();
        serde_json::from_str(&page[start..end]).unwrap()
    }
}

/// The first document of the AlignAR law gold set, aligned line by line (as its
/// files are: one segment a line) by `tm align --lines --review`.
fn law(tm: &Tm) -> Result<Reviewed, crate::util::Missing> {
    let dir = shared()?.join("data/alignment/alignar/golddataset/law");
    let (ar, en) = (dir.join("ar/001"), dir.join("en/001"));
    let page = tm.path("law.html");
    let args = ["align", "--lines", ar.to_str().unwrap(), en.to_str().unwrap(), "--format", "json", "--review"];
    let mut args = args.to_vec();
    args.push(page.to_str().unwrap());
    let aligned: AlignJson = tm.json(&args, None, 0).remove(0);
    assert_eq!(aligned.beads.len(), aligned.confidence.len());
    let (ar_text, en_text) = (std::fs::read_to_string(&ar).unwrap(), std::fs::read_to_string(&en).unwrap());
    Ok(Reviewed { ar, en, ar_text, en_text, page, aligned })
}

/// Every entry of a memory (ids from 1, as a new memory gives them).
fn stored(tm: &Tm) -> Vec<Shown> {
    let n = crate::util::stats(tm).entries;
    (1..=n).map(|id| tm.json::<Shown>(&["show", &id.to_string(), "--format", "json"], None, 0).remove(0)).collect()
}

fn import_corrections(tm: &Tm, law: &Reviewed, corrections: &Path, code: i32) -> std::process::Output {
    let args = [
        "import",
        "--align",
        "--source",
        law.ar.to_str().unwrap(),
        "--target",
        law.en.to_str().unwrap(),
        "--corrections",
        corrections.to_str().unwrap(),
    ];
    tm.expect(&args, None, code)
}

/// The beads to correct, from the end of the document backwards (so that a
/// correction leaves the numbers of those before it as they were): two 1-1
/// pairs in a row to join, a later pair to mark as having no counterpart, and a
/// later one still to confirm.
fn chosen(law: &Reviewed) -> (usize, usize, usize) {
    let one_one = |k: usize| law.aligned.beads[k].0.len() == 1 && law.aligned.beads[k].1.len() == 1;
    let n = law.aligned.beads.len();
    let join = (0..n - 1).find(|&k| one_one(k) && one_one(k + 1)).expect("two 1-1 beads in a row");
    let none = (join + 3..n).find(|&k| law.is_pair(k)).expect("a pair after them");
    let confirm = (none + 2..n).find(|&k| law.is_pair(k)).expect("a pair after that");
    (join, none, confirm)
}

/// The whole review in a real browser, as a translator makes it: the page of a
/// real alignment opened from disk in headless Chromium at a phone's width (it
/// fits, the Arabic right to left, the counter of beads left to review); a
/// split and a move of a sentence, each undone; one bead confirmed, one marked
/// as having no counterpart, two joined; Save
/// downloads the corrections (the same text shown in the page's box), and
/// `tm import --align --corrections` stores the corrected pairs: the joined
/// pair (confirmed, as made by the translator) and not its two halves, nothing
/// of the bead with no counterpart, the confirmed pair confirmed and the others
/// not. A screenshot goes to the tests' output directory (`review-page.png`).
fn a_translator_joins_marks_and_confirms_beads_in_chromium_and_the_memory_holds_the_corrections() -> Checked {
    use fantoccini::{ClientBuilder, Locator};
    let (chromium, driver) = browser()?;
    let tm = Tm::empty();
    let law = law(&tm)?;
    let (join, none, confirm) = chosen(&law);
    let downloads = tm.path("downloads");
    std::fs::create_dir(&downloads).unwrap();
    let driver = Driver::start(&driver);
    let capabilities = phone(&chromium, &tm.path("chromium-profile"), Some(&downloads));
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("review-page.png");
    let url = format!("file://{}", law.page.display());
    let beads = law.aligned.beads.len();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let shown_box: String = runtime.block_on(async {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector).capabilities(capabilities).connect(&driver.url).await.unwrap();
        let run = async {
            client.goto(&url).await?;
            let bead = |k: usize, op: &str| format!("section.bead[data-k=\"{k}\"] button[data-op=\"{op}\"]");
            let left = || async { client.find(Locator::Id("left")).await?.text().await };
            assert!(left().await?.starts_with(&format!("{beads} of {beads} beads left to review")), "{}", left().await?);
            assert_eq!(client.find_all(Locator::Css("section.bead")).await?.len(), beads);
            // Usable at 360 px: nothing wider than the window; the Arabic right to left.
            assert_eq!(client.execute("return innerWidth", vec![]).await?, 360, "the window is not a phone's");
            let width = client.execute("return document.documentElement.scrollWidth", vec![]).await?;
            assert!(width.as_u64().unwrap() <= 360, "the page is {width} px wide");
            let direction = "return getComputedStyle(document.querySelector('.bead .side.ar')).direction";
            assert_eq!(client.execute(direction, vec![]).await?, "rtl");
            // Each button brought to the middle of the window, as a translator
            // scrolls to it, clear of the bar at the top.
            let client = &client;
            let click = |css: String| async move {
                let centre = "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})";
                client.execute(centre, vec![css.clone().into()]).await?;
                client.find(Locator::Css(&css)).await?.click().await
            };
            // A split and a move, each undone: the page is back as it was.
            let count = || async { client.find_all(Locator::Css("section.bead")).await.map(|all| all.len()) };
            let english = |k: usize| async move {
                let css = format!("section.bead[data-k=\"{k}\"] .side.en p.seg");
                client.find_all(Locator::Css(&css)).await.map(|all| all.len())
            };
            let wide = (0..beads - 1).find(|&k| law.aligned.beads[k].1.len() > 1 && law.is_pair(k + 1)).unwrap();
            click(bead(wide, "split")).await?;
            let choose = "document.querySelector(arguments[0]).value = arguments[1]";
            for side in ["source", "target"] {
                let select = format!("section.bead[data-k=\"{wide}\"] select[data-side=\"{side}\"]");
                client.execute(choose, vec![select.into(), "1".into()]).await?;
            }
            click(bead(wide, "split-do")).await?;
            assert_eq!(count().await?, beads + 1, "the split made two beads of one");
            assert_eq!(english(wide).await?, 1);
            assert_eq!(english(wide + 1).await?, law.aligned.beads[wide].1.len() - 1);
            click("#undo".to_string()).await?;
            assert_eq!(count().await?, beads);
            let next = law.aligned.beads[wide + 1].1.len();
            click(format!("section.bead[data-k=\"{wide}\"] button[data-op=\"down\"][data-side=\"target\"]")).await?;
            assert_eq!((english(wide).await?, english(wide + 1).await?), (law.aligned.beads[wide].1.len() - 1, next + 1));
            click("#undo".to_string()).await?;
            assert_eq!((english(wide).await?, english(wide + 1).await?), (law.aligned.beads[wide].1.len(), next));
            // The corrections saved.
            click(bead(confirm, "confirm")).await?;
            click(bead(none, "none")).await?;
            click(bead(join, "join")).await?;
            let (ar, en) = (law.aligned.beads[none].0.len(), law.aligned.beads[none].1.len());
            let now = beads - 1 + (ar + en - 1);
            assert_eq!(client.find_all(Locator::Css("section.bead")).await?.len(), now);
            // Left to review: all but the confirmed bead and the ones made.
            let expected = format!("{} of {now} beads left to review", now - 1 - 1 - (ar + en));
            assert!(left().await?.starts_with(&expected), "{} (expected {expected})", left().await?);
            let joined = client.find(Locator::Css(&format!("section.bead[data-k=\"{join}\"]"))).await?;
            assert!(joined.attr("class").await?.unwrap_or_default().contains("edited"));
            client.execute(&format!("document.querySelector('section.bead[data-k=\"{join}\"]').scrollIntoView()"), vec![]).await?;
            std::fs::write(&screenshot, client.screenshot().await?).unwrap();
            click("#save".to_string()).await?;
            let started = std::time::Instant::now();
            let saved = downloads.join("law.corrections.json");
            while !saved.is_file() {
                assert!(started.elapsed() < Duration::from_secs(20), "no download in {}", downloads.display());
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            client.execute("return document.getElementById('saved-text').value", vec![]).await
        };
        let shown = run.await;
        client.close().await.unwrap();
        shown.unwrap().as_str().unwrap().to_string()
    });
    assert!(std::fs::read(&screenshot).unwrap().starts_with(b"\x89PNG"), "the screenshot is no PNG");
    let saved = downloads.join("law.corrections.json");
    let started = std::time::Instant::now();
    while std::fs::read_to_string(&saved).unwrap() != shown_box {
        assert!(started.elapsed() < Duration::from_secs(10), "the download is not the text the page shows");
        std::thread::sleep(Duration::from_millis(100));
    }
    let file: serde_json::Value = serde_json::from_str(&shown_box).unwrap();
    assert_eq!((&file["format"], &file["version"], &file["split"]), (&"tm-align-corrections".into(), &1.into(), &"lines".into()));
    let status = |s: &str| file["beads"].as_array().unwrap().iter().filter(|b| b["status"] == s).count();
    let (ar, en) = (law.aligned.beads[none].0.len(), law.aligned.beads[none].1.len());
    assert_eq!((status("confirmed"), status("edited")), (1, 1 + ar + en), "{shown_box}");
    let out = import_corrections(&tm, &law, &saved, 0);
    let entries = stored(&tm);
    let has = |(s, t): &(String, String)| entries.iter().find(|e| e.source == *s && e.target == *t);
    let (first, second) = (law.sides(join), law.sides(join + 1));
    let (a, b) = (&law.aligned.beads[join], &law.aligned.beads[join + 1]);
    let joined = (law.text(&[a.0[0], b.0[0]], true), law.text(&[a.1[0], b.1[0]], false));
    let found = has(&joined).unwrap_or_else(|| panic!("no joined pair {joined:?}: {}", stderr(&out)));
    assert!(found.confirmed.is_some(), "the joined pair is the translator's: {found:?}");
    assert!(has(&first).is_none() && has(&second).is_none(), "the two halves of the joined pair are stored");
    assert!(has(&law.sides(none)).is_none(), "the bead with no counterpart is stored");
    let confirmed = has(&law.sides(confirm)).expect("the confirmed pair");
    assert!(confirmed.confirmed.is_some(), "{confirmed:?}");
    let untouched = (confirm + 1..beads).find(|&k| law.is_pair(k)).expect("a pair after the confirmed one");
    let untouched = has(&law.sides(untouched)).expect("a pair left as the aligner gave it");
    assert!(untouched.confirmed.is_none(), "{untouched:?}");
    assert_eq!(entries.iter().filter(|e| e.confirmed.is_some()).count(), 2, "only the joined and the confirmed pair");
    Ok(())
}

/// Corrections for `law` written by hand: the page's head and beads, each
/// `aligner`, then changed by `edit`.
fn hand_written(tm: &Tm, law: &Reviewed, edit: impl FnOnce(&mut Vec<serde_json::Value>)) -> PathBuf {
    let data = law.page_data();
    let mut beads: Vec<serde_json::Value> = data["beads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| serde_json::json!({ "source": b["source"], "target": b["target"], "status": "aligner" }))
        .collect();
    edit(&mut beads);
    let corrections = serde_json::json!({
        "format": data["format"], "version": data["version"], "split": data["split"],
        "source": data["source"], "target": data["target"], "beads": beads,
    });
    tm.write("law.corrections.json", corrections.to_string())
}

/// A corrections file written by hand, as a script would: the first bead
/// confirmed, the second's English moved into the third (the second then has no
/// counterpart); the first pair is stored confirmed, the second's Arabic is not
/// stored, the third is stored with both Englishes, as the translator's. The
/// same corrections beside a file to import are refused.
fn hand_written_corrections_are_imported_as_confirmed_entries() -> Checked {
    let tm = Tm::empty();
    let law = law(&tm)?;
    assert!((0..3).all(|k| law.is_pair(k)), "the first three beads are pairs");
    let corrections = hand_written(&tm, &law, |beads| {
        beads[0]["status"] = "confirmed".into();
        let moved = beads[1]["target"].clone();
        beads[1]["target"] = serde_json::json!([moved[0], moved[0]]);
        beads[1]["status"] = "edited".into();
        beads[2]["target"][0] = moved[0].clone();
        beads[2]["status"] = "edited".into();
    });
    let out = import_corrections(&tm, &law, &corrections, 0);
    let entries = stored(&tm);
    let n_pairs = (0..law.aligned.beads.len()).filter(|&k| law.is_pair(k)).count();
    assert!(entries.len() < n_pairs, "{} entries of {n_pairs} pairs: {}", entries.len(), stderr(&out));
    let first = entries.iter().find(|e| (e.source.clone(), e.target.clone()) == law.sides(0)).expect("the first pair");
    assert!(first.confirmed.is_some());
    assert!(entries.iter().all(|e| (e.source.clone(), e.target.clone()) != law.sides(1)), "the second pair is stored");
    let (b1, b2) = (&law.aligned.beads[1].1, &law.aligned.beads[2].1);
    let english = law.text(&[b1[0], *b2.last().unwrap()], false);
    let third = entries.iter().find(|e| e.source == law.sides(2).0).expect("the third bead");
    assert_eq!(third.target, english);
    assert!(third.confirmed.is_some());
    // One pair's corrections: refused beside other files to import.
    let tsv = tm.write("more.tsv", "ar\ten\nحقل تنغيز\tthe Tengiz field\n");
    let mut args = vec!["import", tsv.to_str().unwrap(), "--align", "--corrections", corrections.to_str().unwrap()];
    args.extend(["--source", law.ar.to_str().unwrap(), "--target", law.en.to_str().unwrap()]);
    let out = tm.expect(&args, None, 2);
    assert!(stderr(&out).contains("--corrections applies to the one pair"), "{}", stderr(&out));
    assert_eq!(crate::util::stats(&tm).entries as usize, entries.len());
    Ok(())
}

/// Corrections made for another document (here, for the second law document)
/// are refused with an error naming the file and the document that differs,
/// and nothing is stored.
fn corrections_for_other_documents_are_refused_and_nothing_is_stored() -> Checked {
    let tm = Tm::empty();
    let law = law(&tm)?;
    let corrections = hand_written(&tm, &law, |_| {});
    let other = shared()?.join("data/alignment/alignar/golddataset/law/en/002");
    let other = Reviewed { en: other, ..law };
    let out = import_corrections(&tm, &other, &corrections, 2);
    let e = stderr(&out);
    assert!(e.contains(&format!("{}: made for other text: the English document", corrections.display())), "{e}");
    assert!(e.contains("en/001"), "the document the corrections were made for is named: {e}");
    assert_eq!(crate::util::stats(&tm).entries, 0);
    Ok(())
}

/// A bead list that leaves out a segment (a hand-edit gone wrong: bead 5's
/// Arabic starts one segment late) is refused with the bead's number; nothing is
/// stored, not even the beads before it. With `--format json` the report says
/// the same.
fn corrections_that_leave_out_a_segment_are_refused_with_the_bead_and_nothing_is_stored() -> Checked {
    let tm = Tm::empty();
    let law = law(&tm)?;
    let corrections = hand_written(&tm, &law, |beads| {
        let start = beads[4]["source"][0].as_u64().unwrap();
        beads[4]["source"][0] = (start + 1).into();
        beads[4]["status"] = "edited".into();
    });
    let out = import_corrections(&tm, &law, &corrections, 2);
    let e = stderr(&out);
    let expected = format!("{}: bead 5: its Arabic segments begin at", corrections.display());
    assert!(e.contains(&expected), "{e}");
    assert_eq!(crate::util::stats(&tm).entries, 0);
    let mut args = vec!["import", "--format", "json", "--align", "--corrections", corrections.to_str().unwrap()];
    args.extend(["--source", law.ar.to_str().unwrap(), "--target", law.en.to_str().unwrap()]);
    let report: Vec<ImportReport> = tm.json(&args, None, 2);
    assert!(report[0].error.as_deref().is_some_and(|e| e.contains("bead 5")), "{:?}", report[0].error);
    assert_eq!(report[0].imported, 0);
    Ok(())
}
