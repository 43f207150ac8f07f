//! `tm segment`: a document's segments, one per line (or JSON Lines with spans).

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use tm::segment::{self, Lang};

use super::output::{Exit, json_line, stdout};
use super::{Format, SegmentArgs, SegmentLang, read_text};

#[derive(Serialize)]
struct SegmentJson<'a> {
    index: usize,
    /// Byte offsets of the segment's text in the input.
    start: usize,
    end: usize,
    text: &'a str,
    translate: bool,
}

pub fn run(args: SegmentArgs) -> Result<Exit> {
    let text = read_text(args.file.as_deref())?;
    let lang = match args.lang {
        SegmentLang::Ar => Lang::Arabic,
        SegmentLang::En => Lang::English,
    };
    let mut out = stdout();
    let segments = segment::split(&text, lang);
    // Numbered as `tm suggest` numbers them: segments with text.
    for (index, seg) in segments.iter().filter(|s| !s.content.is_empty()).enumerate() {
        let piece = seg.text(&text);
        match args.format {
            Format::Text => {
                // A segment never holds a line break (rule 1), so one line each.
                writeln!(out, "{piece}")?;
            }
            Format::Json => json_line(
                &mut out,
                &SegmentJson {
                    index,
                    start: seg.content.start,
                    end: seg.content.end,
                    text: piece,
                    translate: seg.translate,
                },
            )?,
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
