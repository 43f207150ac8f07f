//! The alignment review page: one self-contained HTML file (inline CSS and
//! script, nothing fetched, works opened from disk) on which a translator checks
//! and corrects an aligned document pair before its pairs go into a memory, and
//! saves the result as a corrections file ([`super::corrections`]) for
//! `tm import --align --corrections`.
//!
//! The page carries the two documents' segments and the aligner's beads (as
//! segment index ranges) as JSON in a `<script type="application/json">`
//! element, and its script draws one card per bead: the Arabic right to left,
//! the English beside it (below it on a narrow screen: the page is usable at
//! 360 px), beads below [`DOUBTFUL_BELOW`] marked, beads with no counterpart
//! grey, and a counter of the beads left to review. On each bead the translator
//! can *confirm* it, *join* it with the next, *split* it (choosing how many
//! sentences of each side go to the first part), *move* the first sentence of a
//! side to the bead before or the last one to the bead after, and mark it as
//! having *no counterpart* (each of its sentences becomes a 1-0 or 0-1 bead);
//! every change can be undone. *Save* writes the complete bead list, each bead
//! with its status (`aligner`, `confirmed`, `edited`), by download (a Blob and
//! `<a download>`, named after the page) and shows the same text in a box to
//! copy, for a browser that blocks the download. The page keeps nothing itself:
//! reloading it starts from the aligner's beads again.

use std::io::{self, Write};

use serde::Serialize;

use super::corrections::{Document, FORMAT, SplitName, VERSION, segments_hash};
use crate::align::document::AlignedPair;
use crate::align::verdict::Verdict;

/// Confidence below which the page (and `tm align`'s summary) marks a bead.
pub const DOUBTFUL_BELOW: f64 = 0.5;

/// What the page is given, as JSON: the corrections file's head (written back as
/// it is), the texts of the segments, the aligner's beads.
#[derive(Serialize)]
struct PageData<'a> {
    format: &'static str,
    version: u32,
    split: SplitName,
    source: Document,
    target: Document,
    /// The name the corrections are saved under.
    save_as: &'a str,
    doubtful_below: f64,
    verdict: Verdict,
    /// The verdict in words, when the pair is not a translation.
    warning: Option<String>,
    segments: Segments<'a>,
    beads: Vec<PageBead>,
}

#[derive(Serialize)]
struct Segments<'a> {
    source: Vec<&'a str>,
    target: Vec<&'a str>,
}

#[derive(Serialize)]
struct PageBead {
    source: [usize; 2],
    target: [usize; 2],
    confidence: f64,
}

/// The names of a review page's document pair and its files.
pub struct Names<'a> {
    pub source: &'a str,
    pub target: &'a str,
    /// The file name the page saves its corrections as.
    pub save_as: &'a str,
}

/// The name of the corrections a page of path `page` saves: the page's file
/// name with `.corrections.json` for its extension (`law.html` →
/// `law.corrections.json`).
pub fn corrections_name(page: &std::path::Path) -> String {
    let stem = page.file_stem().map_or_else(|| "alignment".into(), |s| s.to_string_lossy());
    format!("{stem}.corrections.json")
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Writes the page for `aligned`, split as `split`.
pub fn write(out: &mut impl Write, aligned: &AlignedPair, names: &Names<'_>, split: SplitName) -> io::Result<()> {
    let document = |name: &str, text: &str, spans: &[std::ops::Range<usize>]| Document {
        name: name.to_string(),
        segments: spans.len(),
        hash: segments_hash(text, spans),
    };
    let texts = |text: &'_ str, spans: &[std::ops::Range<usize>]| -> Vec<String> {
        spans.iter().map(|r| text[r.clone()].to_string()).collect()
    };
    let (source_texts, target_texts) =
        (texts(&aligned.source_text, &aligned.source_spans), texts(&aligned.target_text, &aligned.target_spans));
    let verdict = aligned.evidence.verdict();
    let data = PageData {
        format: FORMAT,
        version: VERSION,
        split,
        source: document(names.source, &aligned.source_text, &aligned.source_spans),
        target: document(names.target, &aligned.target_text, &aligned.target_spans),
        save_as: names.save_as,
        doubtful_below: DOUBTFUL_BELOW,
        verdict,
        warning: (verdict != Verdict::Translation).then(|| {
            let what = match verdict {
                Verdict::Unrelated => "The aligner finds that these documents are not translations of each other",
                _ => "The aligner finds that parts of one document have no counterpart in the other",
            };
            format!("{what} ({}).", aligned.evidence.describe())
        }),
        segments: Segments {
            source: source_texts.iter().map(String::as_str).collect(),
            target: target_texts.iter().map(String::as_str).collect(),
        },
        beads: aligned
            .beads
            .iter()
            .map(|b| PageBead {
                source: [b.source.start, b.source.end],
                target: [b.target.start, b.target.end],
                confidence: crate::align::document::round_confidence(b.confidence),
            })
            .collect(),
    };
    // `<` escaped, so that no text can close the script element.
    let json = serde_json::to_string(&data).map_err(io::Error::other)?.replace('<', "\\u003c");
    let title = format!("Alignment of {} and {}", names.source, names.target);
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style></head>\n<body>\n\
         <h1>{}</h1>\n<p id=\"warning\" hidden></p>\n\
         <header class=\"bar\"><span id=\"left\"></span>\
         <button id=\"next\" type=\"button\">Next to review</button>\
         <button id=\"undo\" type=\"button\" disabled>Undo</button>\
         <button id=\"save\" type=\"button\">Save corrections</button></header>\n\
         <div id=\"saved\" hidden><p id=\"saved-note\"></p>\
         <textarea id=\"saved-text\" readonly rows=\"6\" aria-label=\"corrections\"></textarea></div>\n\
         <main id=\"beads\"></main>\n\
         <noscript>This page needs JavaScript to show and correct the alignment.</noscript>\n\
         <script type=\"application/json\" id=\"tm-review-data\">{json}</script>\n\
         <script>{SCRIPT}</script>\n</body></html>\n",
        escape_html(&title),
        escape_html(&title),
    )
}

const STYLE: &str = r#"
*{box-sizing:border-box}
body{font-family:sans-serif;margin:0;padding:0 .5em 2em;line-height:1.4;overflow-wrap:anywhere}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:.4em 0;z-index:1}
.bead,.bead button{scroll-margin-top:7em}
h1{font-size:1.05em;margin:.2em 0}
#warning{background:#fff3cd;border:1px solid #e0c060;padding:.4em;margin:.3em 0}
.bar{display:flex;flex-wrap:wrap;gap:.4em;align-items:center}
#left{flex:1 1 12em}
#saved textarea{width:100%;font-family:monospace;font-size:.8em}
button{font-size:.9em;padding:.35em .6em;border:1px solid #888;border-radius:4px;background:#f6f6f6}
button:disabled{opacity:.45}
.bead{border:1px solid #ccc;border-left:5px solid #ccc;border-radius:4px;margin:.6em 0;padding:.4em}
.bead.doubtful{border-left-color:#c0392b;background:#fdecea}
.bead.null{background:#f3f3f3;color:#555}
.bead.confirmed{border-left-color:#2e7d32}
.bead.edited{border-left-color:#1565c0}
.bead.current{outline:2px solid #1565c0}
.head{font-size:.85em;color:#444;display:flex;justify-content:space-between;gap:.5em}
.sides{display:grid;grid-template-columns:1fr;gap:.4em;margin:.3em 0}
@media (min-width:700px){.sides{grid-template-columns:1fr 1fr}}
.side p{margin:.15em 0}
.side.ar{direction:rtl;text-align:right;font-size:1.1em}
.side .none{color:#888;font-style:italic}
.actions{display:flex;flex-wrap:wrap;gap:.3em}
.split{display:flex;flex-wrap:wrap;gap:.4em;align-items:center;margin-top:.4em;padding:.3em;background:#eef3fb}
"#;

const SCRIPT: &str = r#"
"use strict";
const data = JSON.parse(document.getElementById("tm-review-data").textContent);
const SIDES = ["source", "target"];
const LANG = { source: "Arabic", target: "English" };
let beads = data.beads.map(b => ({ source: b.source.slice(), target: b.target.slice(), confidence: b.confidence, status: "aligner" }));
let history = [];
let splitting = -1;
let dirty = false;
const size = (b, side) => b[side][1] - b[side][0];
const isPair = b => size(b, "source") > 0 && size(b, "target") > 0;
const doubtful = b => b.status === "aligner" && b.confidence < data.doubtful_below;

function change(f) {
  history.push(JSON.stringify(beads));
  f();
  beads = beads.filter(b => size(b, "source") + size(b, "target") > 0);
  splitting = -1;
  dirty = true;
  render();
}
function made(...list) {
  for (const b of list) { b.status = "edited"; b.confidence = null; }
  return list;
}
const ops = {
  confirm(k) { change(() => { const b = beads[k]; b.status = b.status === "aligner" ? "confirmed" : b.status === "confirmed" ? "aligner" : b.status; }); },
  join(k) {
    const [a, b] = [beads[k], beads[k + 1]];
    change(() => beads.splice(k, 2, ...made({ source: [a.source[0], b.source[1]], target: [a.target[0], b.target[1]] })));
  },
  split(k) { splitting = splitting === k ? -1 : k; render(); },
  "split-do"(k, card) {
    const b = beads[k];
    const n = {};
    for (const side of SIDES) n[side] = Number(card.querySelector(`select[data-side=${side}]`).value);
    const first = { source: [b.source[0], b.source[0] + n.source], target: [b.target[0], b.target[0] + n.target] };
    const second = { source: [first.source[1], b.source[1]], target: [first.target[1], b.target[1]] };
    if (size(first, "source") + size(first, "target") === 0 || size(second, "source") + size(second, "target") === 0) {
      card.querySelector(".split-note").textContent = "Each part needs a sentence.";
      return;
    }
    change(() => beads.splice(k, 1, ...made(first, second)));
  },
  none(k) {
    const b = beads[k];
    const parts = [];
    for (let i = b.source[0]; i < b.source[1]; i++) parts.push({ source: [i, i + 1], target: [b.target[0], b.target[0]] });
    for (let j = b.target[0]; j < b.target[1]; j++) parts.push({ source: [b.source[1], b.source[1]], target: [j, j + 1] });
    change(() => beads.splice(k, 1, ...made(...parts)));
  },
  up(k, card, side) { change(() => { beads[k][side][0]++; beads[k - 1][side][1]++; made(beads[k - 1], beads[k]); }); },
  down(k, card, side) { change(() => { beads[k][side][1]--; beads[k + 1][side][0]--; made(beads[k], beads[k + 1]); }); },
};

function button(op, label, enabled, side) {
  const e = document.createElement("button");
  e.type = "button";
  e.dataset.op = op;
  if (side) e.dataset.side = side;
  e.textContent = label;
  e.disabled = !enabled;
  return e;
}
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function card(b, k) {
  const c = el("section", "bead");
  c.dataset.k = k;
  if (!isPair(b)) c.classList.add("null");
  if (doubtful(b)) c.classList.add("doubtful");
  if (b.status !== "aligner") c.classList.add(b.status);
  const shape = `${size(b, "source")}-${size(b, "target")}`;
  const state = b.status === "edited" ? "edited" : b.status === "confirmed" ? `confirmed · ${Math.round(b.confidence * 100)}%`
    : `${Math.round(b.confidence * 100)}%${doubtful(b) ? " · doubtful" : ""}`;
  const head = el("div", "head");
  head.append(el("span", "n", `#${k + 1} · ${shape}`), el("span", "state", state));
  const sides = el("div", "sides");
  for (const side of SIDES) {
    const s = el("div", `side ${side === "source" ? "ar" : "en"}`);
    s.lang = side === "source" ? "ar" : "en";
    s.dir = side === "source" ? "rtl" : "ltr";
    if (size(b, side) === 0) s.append(el("p", "none", "no counterpart"));
    for (let i = b[side][0]; i < b[side][1]; i++) s.append(el("p", "seg", data.segments[side][i]));
    sides.append(s);
  }
  const last = k === beads.length - 1;
  const actions = el("div", "actions");
  actions.append(
    button("confirm", b.status === "confirmed" ? "Unconfirm" : "Confirm", b.status !== "edited"),
    button("join", "Join with next", !last),
    button("split", "Split…", size(b, "source") + size(b, "target") > 1),
    button("none", "No counterpart", isPair(b) || size(b, "source") + size(b, "target") > 1),
  );
  for (const side of SIDES) {
    actions.append(
      button("up", `${LANG[side]}: first to previous`, k > 0 && size(b, side) > 0, side),
      button("down", `${LANG[side]}: last to next`, !last && size(b, side) > 0, side),
    );
  }
  c.append(head, sides, actions);
  if (splitting === k) {
    const form = el("div", "split");
    for (const side of SIDES) {
      const label = el("label", "", `${LANG[side]} sentences in the first part: `);
      const select = el("select");
      select.dataset.side = side;
      for (let n = 0; n <= size(b, side); n++) select.append(new Option(String(n), String(n)));
      select.value = String(Math.min(1, size(b, side)));
      label.append(select);
      form.append(label);
    }
    form.append(button("split-do", "Split here", true), el("span", "split-note"));
    c.append(form);
  }
  return c;
}

function render() {
  const main = document.getElementById("beads");
  const scroll = window.scrollY;
  main.replaceChildren(...beads.map(card));
  window.scrollTo(0, scroll);
  const left = beads.filter(b => b.status === "aligner");
  const worry = left.filter(doubtful).length;
  document.getElementById("left").textContent =
    `${left.length} of ${beads.length} beads left to review, ${worry} of them doubtful`;
  document.getElementById("undo").disabled = history.length === 0;
}

document.getElementById("beads").addEventListener("click", e => {
  const b = e.target.closest("button[data-op]");
  if (!b || b.disabled) return;
  const c = b.closest(".bead");
  ops[b.dataset.op](Number(c.dataset.k), c, b.dataset.side);
});
document.getElementById("undo").addEventListener("click", () => {
  if (!history.length) return;
  beads = JSON.parse(history.pop());
  splitting = -1;
  render();
});
document.getElementById("next").addEventListener("click", () => {
  const cards = [...document.querySelectorAll(".bead")];
  cards.forEach(c => c.classList.remove("current"));
  const order = beads.map((b, k) => k).filter(k => beads[k].status === "aligner");
  const first = order.find(k => doubtful(beads[k])) ?? order[0];
  if (first === undefined) return;
  cards[first].classList.add("current");
  cards[first].scrollIntoView({ block: "center" });
});

function corrections() {
  const head = { format: data.format, version: data.version, split: data.split, source: data.source, target: data.target };
  const lines = beads.map(b => {
    const o = { source: b.source, target: b.target, status: b.status };
    if (b.status !== "edited") o.confidence = b.confidence;
    return JSON.stringify(o);
  });
  const text = JSON.stringify(head);
  return `${text.slice(0, -1)},"beads":[\n${lines.join(",\n")}\n]}\n`;
}
document.getElementById("save").addEventListener("click", () => {
  const text = corrections();
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = data.save_as;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  document.getElementById("saved").hidden = false;
  document.getElementById("saved-note").textContent =
    `Saved as ${data.save_as} (the same text is below, to copy if the browser blocked the download). ` +
    `Import it with: tm import --align --source ${data.source.name} --target ${data.target.name} --corrections ${data.save_as}`;
  document.getElementById("saved-text").value = text;
  dirty = false;
});
window.addEventListener("beforeunload", e => { if (dirty) e.preventDefault(); });
if (data.warning) {
  const w = document.getElementById("warning");
  w.textContent = data.warning;
  w.hidden = false;
}
render();
"#;
