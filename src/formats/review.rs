//! The alignment review page: a side-by-side HTML table of an aligned document
//! pair, one row per bead, the Arabic right to left, doubtful beads marked, for a
//! translator to check before the pairs go into a memory.

use std::io::{self, Write};

use crate::align::document::AlignedPair;

/// Confidence below which the page (and `tm align`'s summary) marks a bead.
pub const DOUBTFUL_BELOW: f64 = 0.5;

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Writes the page for `aligned`, titled with the two documents' names.
pub fn write(out: &mut impl Write, aligned: &AlignedPair, source_name: &str, target_name: &str) -> io::Result<()> {
    out.write_all(
        b"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tm alignment review</title>\n<style>\n",
    )?;
    out.write_all(
        b"body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}\
         td,th{border:1px solid #ccc;padding:.4em;vertical-align:top}td.ar{direction:rtl;text-align:right;\
         font-size:1.1em}tr.low{background:#fde2e2}tr.null{background:#f3f3f3;color:#666}td.n{white-space:nowrap;\
         font-size:.85em;color:#555}\n</style></head><body>\n",
    )?;
    write!(
        out,
        "<h1>Alignment of {} and {}</h1>\n<p>{} beads; {} below {:.0}% confidence are marked. Sentences with no \
         counterpart are grey.</p>\n<table><tr><th>#</th><th>Arabic</th><th>English</th><th>type, confidence</th></tr>\n",
        escape_html(source_name),
        escape_html(target_name),
        aligned.beads.len(),
        aligned.doubtful(DOUBTFUL_BELOW),
        DOUBTFUL_BELOW * 100.0
    )?;
    for (k, b) in aligned.beads.iter().enumerate() {
        let class = if !b.is_pair() {
            " class=\"null\""
        } else if b.confidence < DOUBTFUL_BELOW {
            " class=\"low\""
        } else {
            ""
        };
        writeln!(
            out,
            "<tr{class}><td class=\"n\">{}</td><td class=\"ar\">{}</td><td>{}</td><td class=\"n\">{}-{}, {:.0}%</td></tr>",
            k + 1,
            escape_html(aligned.source(b)),
            escape_html(aligned.target(b)),
            b.source.len(),
            b.target.len(),
            b.confidence * 100.0
        )?;
    }
    out.write_all(b"</table></body></html>\n")
}
