//! `tm segment`: a document's segments, one per line (or JSON Lines with spans).

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use tm::segment::{self, Lang, Split};

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
    let text = read_text(args.file.as_deref(), &tm::formats::limits::Limits::DEFAULT)?;
    let lang = match args.lang {
        SegmentLang::Ar => Lang::Arabic,
        SegmentLang::En => Lang::English,
    };
    let mut out = stdout();
    for seg in segment::numbered(&text, Split::Sentences, lang) {
        match args.format {
            // A segment never holds a line break (rule 1), so one line each.
            Format::Text => writeln!(out, "{}", seg.text)?,
            Format::Json => json_line(
                &mut out,
                &SegmentJson {
                    index: seg.index,
                    start: seg.span.start,
                    end: seg.span.end,
                    text: seg.text,
                    translate: seg.translate,
                },
            )?,
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
