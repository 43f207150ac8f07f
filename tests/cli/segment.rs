//! `tm segment`: spans into the input and noise marked.

use crate::util::{SegmentJson, Tm, stdout};

tests![
    ;
    sqlite:
    segment_json_gives_spans_and_marks_noise,
];

fn segment_json_gives_spans_and_marks_noise() {
    let tm = Tm::empty();
    let seed = include_str!("../../memory/seed-report.ar.txt");
    let segs: Vec<SegmentJson> = tm.json(&["segment", "--format", "json"], Some(seed), 0);
    assert_eq!(segs.len(), 27);
    for s in &segs {
        assert_eq!(&seed[s.start..s.end], s.text);
    }
    let noise: Vec<&str> = segs.iter().filter(|s| !s.translate).map(|s| s.text.as_str()).collect();
    assert_eq!(noise, vec!["$٪ & $٪", "$٪ & $٪ &", "$٪ & $٪ &", "$٪ & $٪ &", "$٪ & $٪ &", "$٪ & $٪ & |"]);
    let out = tm.expect(&["segment", "--lang", "en"], Some("Mr. Smith met Dr. Jones. They talked."), 0);
    assert_eq!(stdout(&out), "Mr. Smith met Dr. Jones.\nThey talked.\n");
}
