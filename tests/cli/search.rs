//! `tm search`: concordance in any spelling, on sources and targets.

use crate::util::Tm;

tests![search_finds_names_in_any_spelling_and_targets];

fn search_finds_names_in_any_spelling_and_targets() {
    let tm = Tm::new();
    #[derive(serde::Deserialize)]
    struct Hit {
        source: String,
        target: String,
    }
    let hits: Vec<Hit> = tm.json(&["search", "بحـــر قَزوين", "--format", "json"], None, 0);
    assert_eq!(hits.len(), 1);
    assert!(hits[0].target.contains("Caspian Sea"));
    let hits: Vec<Hit> = tm.json(&["search", "--target", "hunger strikes", "--format", "json"], None, 0);
    assert!(hits[0].source.contains("الجوع"));
    tm.expect(&["search", "لا يوجد"], None, 1);
}
