//! Glossary files: `tm`'s own TSV, and the bilingual term lists other tools and
//! term bases export, all read into [`Term`]s.
//!
//! Three shapes are recognised by their first line (after `#` comments):
//!
//! 1. **`tm` glossary TSV** (what `glossary/` ships), header
//!    `rendering<TAB>variants<TAB>note`: one name per line; `variants` lists the
//!    source spellings separated by `|` (Arabic variants, and Latin spellings seen
//!    inside Arabic text); `note` is free text and may be empty. The rendering is
//!    always looked up as a spelling too, so Latin names need no variant.
//! 2. **Bilingual TSV** whose header names two languages (`en<TAB>ar`, as the
//!    Debian iso-codes lists): the English column is the rendering, the Arabic
//!    column a variant.
//! 3. **Terminology CSV** with `sourceLang`, `targetLang`, `sourceString` and
//!    `targetString` columns (the TICO-19 terminologies, Google/Facebook exports),
//!    in either direction.
//!
//! Lines that give the same rendering are merged into one term. A bad line is a
//! [`Problem`] naming its line; the rest of the file is read.
//!
//! In the TSV shapes a line whose first character is `#` is a comment, and names are
//! read with the white space around them trimmed. So [`write_tsv`] writes a
//! rendering that starts with `#` after a space (` #1 Pumping Station`), which
//! reads back as the rendering; a name that the format cannot hold otherwise (a
//! tab or line break, white space around it, `|` in a list) is refused: TBX holds
//! it.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use crate::error::{Error, Position, Problem, Result};
use crate::formats::limits::{Limits, read_line_within};
use crate::glossary::Term;
use crate::lang::{LangPair, LangTag};

/// The header of `tm`'s own glossary format.
pub const HEADER: &str = "rendering\tvariants\tnote";
/// …and with the optional fourth column of forbidden English spellings.
pub const HEADER_FORBIDDEN: &str = "rendering\tvariants\tnote\tforbidden";

/// Terms read from a file, and the lines that could not be read.
#[derive(Debug, Default)]
pub struct Read {
    pub terms: Vec<Term>,
    pub problems: Vec<Problem>,
    /// Each spelling read, with its rendering and the line (1-based) it is on.
    pub spellings: Vec<(String, String, u64)>,
    /// Records skipped for want of a source or a target name: a multilingual
    /// term base's entries in other languages (TBX).
    pub incomplete: u64,
    /// Further accepted target names that a term has no place for (it has one
    /// rendering): TBX's other admitted terms.
    pub alternatives: u64,
    /// Each rendering's term in `terms`, with the spellings it holds: a line
    /// merges into its term in constant time, however many terms came before.
    merged: HashMap<String, Merged>,
}

/// What [`Read`] knows of one term while lines merge into it.
#[derive(Debug, Default)]
struct Merged {
    /// Its index in [`Read::terms`].
    term: usize,
    variants: HashSet<String>,
    forbidden: HashSet<String>,
}

impl Read {
    fn add(&mut self, rendering: &str, variants: Vec<String>, note: Option<String>, origin: &str, line: u64) {
        self.add_forbidding(rendering, variants, note, origin, line, Vec::new());
    }

    fn add_forbidding(
        &mut self,
        rendering: &str,
        variants: Vec<String>,
        note: Option<String>,
        origin: &str,
        line: u64,
        forbidden: Vec<String>,
    ) {
        let rendering = rendering.trim();
        self.spellings.extend(variants.iter().map(|v| (v.clone(), rendering.to_string(), line)));
        if let Some(merged) = self.merged.get_mut(rendering) {
            let term = &mut self.terms[merged.term];
            for v in variants {
                if !merged.variants.contains(&v) {
                    merged.variants.insert(v.clone());
                    term.variants.push(v);
                }
            }
            if term.note.is_none() {
                term.note = note;
            }
            // Forbidden spellings the term lacks, in the order of the line.
            let new: Vec<String> = forbidden.into_iter().filter(|f| !merged.forbidden.contains(f)).collect();
            merged.forbidden.extend(new.iter().cloned());
            term.forbidden.extend(new);
        } else {
            let merged = Merged {
                term: self.terms.len(),
                variants: variants.iter().cloned().collect(),
                forbidden: forbidden.iter().cloned().collect(),
            };
            self.merged.insert(rendering.to_string(), merged);
            self.terms.push(Term {
                rendering: rendering.to_string(),
                variants,
                note,
                origin: origin.to_string(),
                forbidden,
            });
        }
    }
}

fn split_variants(field: &str) -> Vec<String> {
    field.split('|').map(str::trim).filter(|v| !v.is_empty()).map(str::to_string).collect()
}

/// Reads a glossary file. `file` names it in messages and is the terms' origin;
/// `pair` says which language is the source and which the rendering.
pub fn read(input: impl BufRead, file: &str, pair: &LangPair) -> Result<Read> {
    read_within(input, file, pair, &Limits::DEFAULT)
}

/// [`read`], with other limits on a line's length: a longer line is read past
/// and reported as a problem on its line.
pub fn read_within(mut input: impl BufRead, file: &str, pair: &LangPair, limits: &Limits) -> Result<Read> {
    let mut lines = Vec::new();
    let mut too_long = Vec::new();
    let mut buf = Vec::new();
    loop {
        let at = || Position::new(file).line(lines.len() as u64 + 1);
        let (n, over) = read_line_within(&mut input, &mut buf, limits.record_bytes)
            .map_err(|e| crate::formats::decode::read_error(file, lines.len() as u64 + 1, &e))?;
        if n == 0 {
            break;
        }
        if over {
            too_long.push(Problem { at: at(), reason: limits.record_reason("a line") });
        }
        let line = String::from_utf8(std::mem::take(&mut buf))
            .map_err(|_| Error::parse(at(), "not valid UTF-8: a glossary is read in UTF-8"))?;
        let end = line.strip_suffix('\n').map_or(line.as_str(), |l| l.strip_suffix('\r').unwrap_or(l));
        lines.push(end.to_string());
    }
    let mut out = read_lines(&lines, file, pair)?;
    out.problems.extend(too_long);
    Ok(out)
}

fn read_lines(lines: &[String], file: &str, pair: &LangPair) -> Result<Read> {
    let first = lines.iter().position(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let Some(first) = first else {
        return Ok(Read::default());
    };
    let header = lines[first].trim_start_matches('\u{FEFF}').trim_end_matches('\r');
    let at = |i: usize| Position::new(file).line(i as u64 + 1);
    if header.contains("sourceString") && header.contains(',') {
        return read_csv(&lines[first..].join("\n"), first, file, pair);
    }
    let mut out = Read::default();
    let cells: Vec<&str> = header.split('\t').collect();
    let columns = if header == HEADER || header.starts_with("rendering\t") {
        None
    } else {
        let tags: Vec<Option<LangTag>> = cells.iter().map(|c| LangTag::parse(c)).collect();
        let source = tags.iter().position(|t| t.as_ref().is_some_and(|t| t.same_language(&pair.source)));
        let target = tags.iter().position(|t| t.as_ref().is_some_and(|t| t.same_language(&pair.target)));
        match (source, target) {
            (Some(s), Some(t)) if cells.len() == 2 => Some((s, t)),
            _ => {
                return Err(Error::parse(
                    at(first),
                    format!(
                        "not a glossary: the first line must be {HEADER:?} (tm glossary), two language tags \
                         such as \"en\\tar\" (bilingual TSV), or a terminology CSV header"
                    ),
                ));
            }
        }
    };
    for (i, raw) in lines.iter().enumerate().skip(first + 1) {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        match columns {
            None => {
                if cells.len() > 4 {
                    out.problems.push(Problem {
                        at: at(i),
                        reason: format!("{} columns; a tm glossary has 3 or 4", cells.len()),
                    });
                    continue;
                }
                let rendering = cells[0].trim();
                if rendering.is_empty() {
                    out.problems.push(Problem { at: at(i), reason: "no rendering in the first column".into() });
                    continue;
                }
                let variants = cells.get(1).map(|v| split_variants(v)).unwrap_or_default();
                let note = cells.get(2).map(|n| n.trim()).filter(|n| !n.is_empty()).map(str::to_string);
                let forbidden = cells.get(3).map(|v| split_variants(v)).unwrap_or_default();
                out.add_forbidding(rendering, variants, note, file, i as u64 + 1, forbidden);
            }
            Some((s, t)) => {
                let (Some(source), Some(target)) = (cells.get(s), cells.get(t)) else {
                    out.problems.push(Problem { at: at(i), reason: "fewer than 2 columns".into() });
                    continue;
                };
                if source.trim().is_empty() || target.trim().is_empty() {
                    out.problems.push(Problem { at: at(i), reason: "an empty name".into() });
                    continue;
                }
                out.add(target, vec![source.trim().to_string()], None, file, i as u64 + 1);
            }
        }
    }
    Ok(out)
}

/// Writes `terms` as `tm`'s glossary TSV (with the forbidden column). A name that
/// the format cannot hold (a tab or line break anywhere, `|` in a list) is an
/// error naming its term.
pub fn write_tsv(out: &mut impl std::io::Write, terms: &[Term]) -> std::io::Result<()> {
    writeln!(out, "{HEADER_FORBIDDEN}")?;
    for term in terms {
        let cannot = |what: &str, text: &str| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "the term {:?} has {what} {text:?}, which a tm glossary TSV cannot hold; use TBX",
                    term.rendering
                ),
            )
        };
        let field = |what: &str, text: &str| {
            if text.contains(['\t', '\n', '\r']) || text.trim() != text {
                return Err(cannot(what, text));
            }
            Ok(())
        };
        let list = |what: &str, items: &[String]| -> std::io::Result<String> {
            for item in items {
                field(what, item)?;
                if item.contains('|') || item.is_empty() {
                    return Err(cannot(what, item));
                }
            }
            Ok(items.join(" | "))
        };
        field("the rendering", &term.rendering)?;
        // A line that starts with `#` is a comment: a rendering that does is written
        // after a space, which reading trims.
        let rendering =
            if term.rendering.starts_with('#') { format!(" {}", term.rendering) } else { term.rendering.clone() };
        let note = term.note.as_deref().unwrap_or("");
        if note.contains(['\t', '\n', '\r']) {
            return Err(cannot("the note", note));
        }
        let variants = list("the spelling", &term.variants)?;
        let forbidden = list("the forbidden spelling", &term.forbidden)?;
        writeln!(out, "{rendering}\t{variants}\t{note}\t{forbidden}")?;
    }
    out.flush()
}

fn read_csv(text: &str, first_line: usize, file: &str, pair: &LangPair) -> Result<Read> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let at = |line: u64| Position::new(file).line(line + first_line as u64);
    let headers = reader.headers().map_err(|e| Error::parse(at(1), format!("bad CSV header: {e}")))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(sl), Some(tl), Some(ss), Some(ts)) =
        (col("sourceLang"), col("targetLang"), col("sourceString"), col("targetString"))
    else {
        return Err(Error::parse(
            at(1),
            "a terminology CSV needs sourceLang, targetLang, sourceString and targetString columns",
        ));
    };
    let note_col = col("description");
    let mut out = Read::default();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                out.problems.push(Problem { at: at(line), reason: format!("bad CSV: {e}") });
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let (Some(slang), Some(tlang)) = (LangTag::parse(field(sl)), LangTag::parse(field(tl))) else {
            out.problems.push(Problem { at: at(line), reason: "no language in sourceLang/targetLang".into() });
            continue;
        };
        let (variant, rendering) = if slang.same_language(&pair.source) && tlang.same_language(&pair.target) {
            (field(ss), field(ts))
        } else if slang.same_language(&pair.target) && tlang.same_language(&pair.source) {
            (field(ts), field(ss))
        } else {
            out.problems.push(Problem { at: at(line), reason: format!("languages {slang}→{tlang} are not {pair}") });
            continue;
        };
        if variant.is_empty() || rendering.is_empty() {
            out.problems.push(Problem { at: at(line), reason: "an empty term".into() });
            continue;
        }
        let note = note_col.map(field).filter(|n| !n.is_empty()).map(str::to_string);
        out.add(rendering, vec![variant.to_string()], note, file, line + first_line as u64);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Result<Read> {
        read(text.as_bytes(), "g.tsv", &LangPair::arabic_english())
    }

    #[test]
    fn tm_glossary_lines_become_terms() {
        let g = read_str(
            "# names\nrendering\tvariants\tnote\nKazMunayGas\tكازمونايجاز | كازموناينجاز\tstate company\nChevron\t\t\n",
        )
        .unwrap();
        assert!(g.problems.is_empty());
        assert_eq!(g.terms.len(), 2);
        assert_eq!(g.terms[0].variants, vec!["كازمونايجاز", "كازموناينجاز"]);
        assert_eq!(g.terms[0].note.as_deref(), Some("state company"));
        assert!(g.terms[1].variants.is_empty());
    }

    #[test]
    fn bad_lines_are_problems_with_their_line() {
        let g = read_str("rendering\tvariants\tnote\n\tتنغيز\n").unwrap();
        assert_eq!(g.problems[0].to_string(), "g.tsv:2: no rendering in the first column");
    }

    #[test]
    fn bilingual_tsv_with_language_header() {
        let g = read_str("en\tar\nKazakhstan\tكازاخستان\nKazakhstan\tقازاقستان\n").unwrap();
        assert_eq!(g.terms.len(), 1);
        assert_eq!(g.terms[0].variants, vec!["كازاخستان", "قازاقستان"]);
    }

    #[test]
    fn terminology_csv_in_either_direction() {
        let csv = "stringID,sourceLang,targetLang,pos,description,sourceString,targetString\n\
                   xx_1,ar,en,,,جائحة,pandemic\nxx_2,en,ar_AR,,\"a, note\",CDC,مركز مكافحة الأمراض\n";
        let g = read_str(csv).unwrap();
        assert_eq!(g.terms[0].rendering, "pandemic");
        assert_eq!(g.terms[1].variants, vec!["مركز مكافحة الأمراض"]);
        assert_eq!(g.terms[1].note.as_deref(), Some("a, note"));
    }

    #[test]
    fn a_file_that_is_not_a_glossary_is_refused() {
        let err = read_str("hello world\n").unwrap_err().to_string();
        assert!(err.starts_with("g.tsv:1: not a glossary"), "{err}");
    }

    #[test]
    fn written_tsv_reads_back_the_same_terms() {
        let g = read_str(
            "rendering\tvariants\tnote\tforbidden\nKazMunayGas\tكازمونايجاز | KMG\tstate company\tKMG\nChevron\t\t\t\n",
        )
        .unwrap();
        let mut out = Vec::new();
        write_tsv(&mut out, &g.terms).unwrap();
        assert_eq!(read(&out[..], "g.tsv", &LangPair::arabic_english()).unwrap().terms, g.terms);
        let bad = Term { variants: vec!["a | b".into()], ..g.terms[1].clone() };
        let err = write_tsv(&mut Vec::new(), &[bad]).unwrap_err().to_string();
        assert!(err.contains("\"a | b\", which a tm glossary TSV cannot hold"), "{err}");
    }

    /// From a fuzzing run (glossary): a rendering that starts with `#` was written
    /// at the start of its line, and read back as a comment: the term was lost. It
    /// is written after a space; a forbidden spelling that ends with `:` reads
    /// back as written.
    #[test]
    fn a_rendering_starting_with_a_hash_reads_back() {
        let term = Term {
            rendering: "#1 Pumping Station".into(),
            variants: vec!["محطة الضخ رقم 1".into()],
            note: Some("# not a comment".into()),
            origin: "g.tsv".into(),
            forbidden: vec!["Pumping Station No. 1:".into(), "#1:".into()],
        };
        let mut out = Vec::new();
        write_tsv(&mut out, std::slice::from_ref(&term)).unwrap();
        let back = read(&out[..], "g.tsv", &LangPair::arabic_english()).unwrap();
        assert!(back.problems.is_empty(), "{:?}", back.problems);
        assert_eq!(back.terms, vec![term]);
    }

    /// A line of a tm glossary: rendering, variants, note, forbidden spellings.
    type Line = (String, Vec<String>, Option<String>, Vec<String>);

    /// Lines merge into their term by a look-up, not a search of every term: a
    /// reference merge that searches gives the same terms, variants, notes and
    /// forbidden spellings, in the same order, on lines that repeat renderings,
    /// variants and forbidden spellings in any order.
    fn merged_by_search(lines: &[Line]) -> Vec<Term> {
        let mut terms: Vec<Term> = Vec::new();
        for (rendering, variants, note, forbidden) in lines {
            if let Some(term) = terms.iter_mut().find(|t| &t.rendering == rendering) {
                for v in variants {
                    if !term.variants.contains(v) {
                        term.variants.push(v.clone());
                    }
                }
                if term.note.is_none() {
                    term.note = note.clone();
                }
                let new: Vec<String> = forbidden.iter().filter(|f| !term.forbidden.contains(f)).cloned().collect();
                term.forbidden.extend(new);
            } else {
                terms.push(Term {
                    rendering: rendering.clone(),
                    variants: variants.clone(),
                    note: note.clone(),
                    origin: "g.tsv".into(),
                    forbidden: forbidden.clone(),
                });
            }
        }
        terms
    }

    proptest::proptest! {
        #[test]
        fn lines_merge_as_a_search_of_every_term_merges_them(
            lines in proptest::collection::vec(
                ("[A-C]", proptest::collection::vec("[ا-ج]", 0..4), proptest::option::of("[x-z]"),
                 proptest::collection::vec("[K-M]", 0..3)),
                1..40,
            )
        ) {
            let mut text = String::from("rendering\tvariants\tnote\tforbidden\n");
            for (rendering, variants, note, forbidden) in &lines {
                let note = note.as_deref().unwrap_or("");
                text += &format!("{rendering}\t{}\t{note}\t{}\n", variants.join(" | "), forbidden.join(" | "));
            }
            let got = read_str(&text).unwrap();
            proptest::prop_assert!(got.problems.is_empty());
            proptest::prop_assert_eq!(got.terms, merged_by_search(&lines));
        }
    }
}
