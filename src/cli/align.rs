//! `tm align`: segment and align a document pair; write TSV, TMX or JSON, and a
//! side-by-side HTML page for review. Also the alignment step of `tm import --align`.

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use tm::align::lexicon::Dictionary;
use tm::align::{self, Bead, Resources};
use tm::entry::{Entry, ORIGIN_ALIGNED};
use tm::formats::tmx::{HeaderInfo, TmxWriter};
use tm::formats::{dictionary, tsv};
use tm::glossary::Glossary;
use tm::lang::LangPair;
use tm::segment::{self, Lang};
use tm::timestamp::Timestamp;

use super::output::{Exit, json_line, stdout};
use super::{AlignArgs, AlignFormat, AlignerArgs, Ctx, read_text};

/// Confidence below which the review page marks a bead.
const REVIEW_THRESHOLD: f64 = 0.5;

/// A document pair, segmented and aligned.
pub struct Aligned {
    pub ar_text: String,
    pub en_text: String,
    pub ar_spans: Vec<Range<usize>>,
    pub en_spans: Vec<Range<usize>>,
    pub beads: Vec<Bead>,
}

impl Aligned {
    /// The text of a bead side, from the first sentence's start to the last one's end.
    fn side<'t>(text: &'t str, spans: &[Range<usize>], range: &Range<usize>) -> &'t str {
        if range.is_empty() {
            return "";
        }
        &text[spans[range.start].start..spans[range.end - 1].end]
    }

    pub fn source(&self, bead: &Bead) -> &str {
        Aligned::side(&self.ar_text, &self.ar_spans, &bead.source)
    }

    pub fn target(&self, bead: &Bead) -> &str {
        Aligned::side(&self.en_text, &self.en_spans, &bead.target)
    }

    /// Entries for the beads with both sides and at least `min_confidence`.
    pub fn entries(&self, pair: &LangPair, min_confidence: f64) -> Vec<Entry> {
        let now = Timestamp::now();
        self.beads
            .iter()
            .filter(|b| !b.source.is_empty() && !b.target.is_empty() && b.confidence >= min_confidence)
            .map(|b| {
                let mut e = Entry::new(
                    self.source(b),
                    self.target(b),
                    pair.source.clone(),
                    pair.target.clone(),
                    ORIGIN_ALIGNED,
                );
                e.confidence = Some((b.confidence * 1000.0).round() / 1000.0);
                e.created = Some(now);
                e.changed = Some(now);
                e
            })
            .collect()
    }
}

/// Segments and aligns two texts, reading the dictionary named in `args`.
pub fn align_texts(
    ar_text: String,
    en_text: String,
    args: &AlignerArgs,
    glossary: Option<&Glossary>,
) -> Result<Aligned> {
    let dictionary = open_dictionary(args)?;
    Ok(align_with(ar_text, en_text, args.lines, glossary, dictionary.as_ref()))
}

/// The dictionary named by `--dictionary`, if any.
fn open_dictionary(args: &AlignerArgs) -> Result<Option<Dictionary>> {
    args.dictionary
        .as_ref()
        .map(|path| dictionary::open(path).with_context(|| format!("cannot read the dictionary {}", path.display())))
        .transpose()
}

/// Segments (or splits into lines) and aligns two texts.
fn align_with(
    ar_text: String,
    en_text: String,
    lines: bool,
    glossary: Option<&Glossary>,
    dictionary: Option<&Dictionary>,
) -> Aligned {
    align_all(vec![(ar_text, en_text)], lines, glossary, dictionary).pop().expect("one document pair")
}

/// Segments (or splits into lines) and aligns document pairs, learning from all of
/// them ([`align::align_documents`]).
fn align_all(
    texts: Vec<(String, String)>,
    lines: bool,
    glossary: Option<&Glossary>,
    dictionary: Option<&Dictionary>,
) -> Vec<Aligned> {
    let split = |text: &str, lang: Lang| if lines { segment::lines(text) } else { segment::split(text, lang) };
    let segments: Vec<_> = texts.iter().map(|(ar, en)| (split(ar, Lang::Arabic), split(en, Lang::English))).collect();
    let inputs: Vec<_> = texts
        .iter()
        .zip(&segments)
        .map(|((ar, en), (ar_segs, en_segs))| (align::inputs(ar, ar_segs), align::inputs(en, en_segs)))
        .collect();
    let documents: Vec<_> = inputs.iter().map(|(ar, en)| (&ar[..], &en[..])).collect();
    let beads = align::align_documents(&documents, &Resources { glossary, dictionary });
    let spans = |segments: &[segment::Segment]| -> Vec<Range<usize>> {
        segments.iter().filter(|s| !s.content.is_empty()).map(|s| s.content.clone()).collect()
    };
    texts
        .into_iter()
        .zip(segments)
        .zip(beads)
        .map(|(((ar_text, en_text), (ar_segs, en_segs)), mut beads)| {
            let (mut ar_spans, mut en_spans) = (spans(&ar_segs), spans(&en_segs));
            if !lines {
                // Lines are segments as given; segmented text may hold a list item
                // the segmenter saw on one side only.
                align::lists::split_items(&ar_text, &en_text, &mut ar_spans, &mut en_spans, &mut beads);
            }
            Aligned { ar_text, en_text, ar_spans, en_spans, beads }
        })
        .collect()
}

#[derive(Serialize)]
struct AlignJson {
    beads: Vec<(Vec<usize>, Vec<usize>)>,
    confidence: Vec<f64>,
    ar_spans: Vec<(usize, usize)>,
    en_spans: Vec<(usize, usize)>,
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A side-by-side page: one row per bead, Arabic right-to-left, doubtful beads marked.
fn write_review(path: &Path, aligned: &Aligned, source: &Path, target: &Path) -> Result<()> {
    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tm alignment review</title>\n<style>\n");
    html.push_str(
        "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}\
         td,th{border:1px solid #ccc;padding:.4em;vertical-align:top}td.ar{direction:rtl;text-align:right;\
         font-size:1.1em}tr.low{background:#fde2e2}tr.null{background:#f3f3f3;color:#666}td.n{white-space:nowrap;\
         font-size:.85em;color:#555}\n</style></head><body>\n",
    );
    let low = aligned.beads.iter().filter(|b| b.confidence < REVIEW_THRESHOLD).count();
    html.push_str(&format!(
        "<h1>Alignment of {} and {}</h1>\n<p>{} beads; {} below {:.0}% confidence are marked. Sentences with no \
         counterpart are grey.</p>\n<table><tr><th>#</th><th>Arabic</th><th>English</th><th>type, confidence</th></tr>\n",
        escape_html(&source.display().to_string()),
        escape_html(&target.display().to_string()),
        aligned.beads.len(),
        low,
        REVIEW_THRESHOLD * 100.0
    ));
    for (k, b) in aligned.beads.iter().enumerate() {
        let class = if b.source.is_empty() || b.target.is_empty() {
            " class=\"null\""
        } else if b.confidence < REVIEW_THRESHOLD {
            " class=\"low\""
        } else {
            ""
        };
        html.push_str(&format!(
            "<tr{class}><td class=\"n\">{}</td><td class=\"ar\">{}</td><td>{}</td><td class=\"n\">{}-{}, {:.0}%</td></tr>\n",
            k + 1,
            escape_html(aligned.source(b)),
            escape_html(aligned.target(b)),
            b.source.len(),
            b.target.len(),
            b.confidence * 100.0
        ));
    }
    html.push_str("</table></body></html>\n");
    std::fs::write(path, html).with_context(|| format!("cannot write {}", path.display()))
}

/// Writes an alignment in `format`.
fn write_aligned(
    out: &mut impl Write,
    aligned: &Aligned,
    format: AlignFormat,
    pair: &LangPair,
    min: f64,
) -> Result<()> {
    match format {
        AlignFormat::Json => {
            let json = AlignJson {
                beads: aligned.beads.iter().map(|b| (b.source.clone().collect(), b.target.clone().collect())).collect(),
                confidence: aligned.beads.iter().map(|b| (b.confidence * 1000.0).round() / 1000.0).collect(),
                ar_spans: aligned.ar_spans.iter().map(|r| (r.start, r.end)).collect(),
                en_spans: aligned.en_spans.iter().map(|r| (r.start, r.end)).collect(),
            };
            json_line(out, &json)?;
        }
        AlignFormat::Tsv => {
            tsv::write_header(out, pair)?;
            for e in aligned.entries(pair, min) {
                tsv::write_entry(out, &e)?;
            }
        }
        AlignFormat::Tmx => {
            let mut w = TmxWriter::new(out, &HeaderInfo::now(pair.source.as_str()))?;
            for e in aligned.entries(pair, min) {
                // Several sentences (a 2-1 bead): segtype paragraph, as `tm export` marks it.
                let sentences = segment::sentences(&e.source.plain(), Lang::of(&pair.source)).len();
                w.write(&e, sentences > 1)?;
            }
            w.finish()?;
        }
    }
    Ok(())
}

/// `tm align --batch`: each line source<TAB>target<TAB>output.
fn run_batch(list: &Path, args: &AlignArgs, glossary: &Glossary, pair: &LangPair) -> Result<usize> {
    let text = std::fs::read_to_string(list).with_context(|| format!("cannot read {}", list.display()))?;
    let dictionary = open_dictionary(&args.aligner)?;
    // All pairs are read before any is aligned: the aligner learns from all of them.
    let mut texts = Vec::new();
    let mut outputs = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [source, target, output] = cols[..] else {
            anyhow::bail!("{}:{}: expected source<TAB>target<TAB>output", list.display(), i + 1);
        };
        let (_, ar) = read_text(Some(Path::new(source)))?;
        let (_, en) = read_text(Some(Path::new(target)))?;
        texts.push((ar, en));
        outputs.push(output);
    }
    let aligned = align_all(texts, args.aligner.lines, Some(glossary), dictionary.as_ref());
    for (aligned, output) in aligned.iter().zip(&outputs) {
        let mut buf = Vec::new();
        write_aligned(&mut buf, aligned, args.format, pair, args.aligner.min_confidence)?;
        std::fs::write(output, buf).with_context(|| format!("cannot write {output}"))?;
    }
    Ok(outputs.len())
}

pub fn run(args: AlignArgs, ctx: &Ctx) -> Result<Exit> {
    let memory = ctx.open(None)?;
    let glossary = memory.glossary()?;
    let pair = memory.pair().clone();
    if let Some(list) = &args.batch {
        let n = run_batch(list, &args, &glossary, &pair)?;
        ctx.note(format_args!("aligned {n} document pairs"));
        return Ok(Exit::Success);
    }
    let (Some(source), Some(target)) = (&args.source, &args.target) else {
        anyhow::bail!("give the Arabic document and its translation, or --batch");
    };
    let (_, ar_text) = read_text(Some(source))?;
    let (_, en_text) = read_text(Some(target))?;
    let aligned = align_texts(ar_text, en_text, &args.aligner, Some(&glossary))?;
    let mut out = stdout();
    write_aligned(&mut out, &aligned, args.format, &pair, args.aligner.min_confidence)?;
    out.flush()?;
    if let Some(review) = &args.review {
        write_review(review, &aligned, source, target)?;
    }
    let pairs = aligned.beads.iter().filter(|b| !b.source.is_empty() && !b.target.is_empty()).count();
    let low = aligned.beads.iter().filter(|b| b.confidence < REVIEW_THRESHOLD).count();
    ctx.note(format_args!(
        "{} Arabic and {} English segments: {} beads, {pairs} pairs, {low} below {:.0}% confidence",
        aligned.ar_spans.len(),
        aligned.en_spans.len(),
        aligned.beads.len(),
        REVIEW_THRESHOLD * 100.0
    ));
    Ok(Exit::Success)
}
