//! The peer of `tm segment` in the segmentation benchmark: UAX #29 sentence
//! boundaries (unicode-segmentation), one sentence per line, every line break a
//! boundary. Reads stdin. Built by `bench/segment.sh`; not part of `tm`.

use std::io::{Read, Write};

use unicode_segmentation::UnicodeSegmentation;

fn main() -> std::io::Result<()> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in text.lines() {
        for sentence in line.split_sentence_bounds() {
            let sentence = sentence.trim();
            if !sentence.is_empty() {
                writeln!(out, "{sentence}")?;
            }
        }
    }
    out.flush()
}
