//! Pre-translation: the memory's matches put where a translator's CAT tool looks for
//! them, before the file is opened, with an analysis of the leverage by match band.
//!
//! - Plain text (`.txt`, `.md`: anything that is not XML) becomes a new XLIFF 1.2 or
//!   2.0 with one unit per segment ([`pretranslate_text`]).
//! - XLIFF (1.2, SDLXLIFF, memoQ, 2.0) is pre-translated in place
//!   ([`pretranslate_xliff`]): every byte the pre-translation does not add is kept,
//!   and an unsegmented 1.2 unit of several sentences is segmented into a
//!   `<seg-source>` when one of its sentences gets something.
//! - An OmegaT project gets TMX files where OmegaT takes leverage from
//!   ([`pretranslate_omegat`]): matches at or above `fill_above` (written with the
//!   project's segment as source, so that OmegaT puts them in) in `tm/auto/`, the
//!   other matches as stored in `tm/`.
//!
//! Matching is [`crate::ops::suggest`]'s, segment by segment on all cores; this
//! module decides what each segment gets ([`decide`]: pure), and the XLIFF and TMX
//! writers write it. Every segment is matched down to `analysis_from` (by default
//! [`ANALYSIS_FROM`]) so that the analysis has all its bands, whatever `min_score`
//! the matches written need; matching from 50 costs several times matching from 70
//! (`bench/pretranslate.sh`), so a caller that needs no low bands can match less.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::entry::Entry;
use crate::error::{Error, Position, Problem, Result};
use crate::formats::EntryFormat;
use crate::formats::limits::Limits;
use crate::formats::omegat::{PROJECT_FILE, Project};
use crate::formats::tmx::{HeaderInfo, TmxWriter};
use crate::formats::xliff::read::too_long;
use crate::formats::xliff::write::{Document, Fill, Leverage, Rendering, Unit, XliffWriter};
use crate::formats::xliff::write::{InPlace, Plan, apply, encode};
use crate::formats::xliff::{Version, XliffReader, decode};
use crate::lang::LangTag;
use crate::memory::{MatchOptions, Memory, Scope};
use crate::normalize;
use crate::ops::export::write_file;
use crate::ops::suggest::{SuggestOptions, Suggestion, segments_of, suggest};
use crate::progress::Progress;
use crate::segment::{Lang, Numbered, Split, numbered};
use crate::tokenize::{self, Kind};

/// The lowest score the analysis counts by default (its last fuzzy band starts here).
pub const ANALYSIS_FROM: u8 = 50;
/// The name of the TMX files written into an OmegaT project.
pub const OMEGAT_TMX: &str = "tm-pretranslate.tmx";

/// How to pre-translate.
#[derive(Clone, Debug)]
pub struct PretranslateOptions {
    /// Matches written per segment: at most `max`, none below `min_score`.
    pub matching: MatchOptions,
    /// A segment whose best match scores this or more gets it as its target.
    pub fill_above: u8,
    /// Targets filled from a 100 match are marked approved.
    pub approve_exact: bool,
    /// Targets a file has already are replaced (otherwise never touched).
    pub overwrite: bool,
    /// The XLIFF made from plain text.
    pub version: Version,
    /// Segments are matched down to this score (or `min_score`, if lower) for the
    /// analysis; a segment whose best match scores less counts as no match.
    pub analysis_from: u8,
    /// Threads matching; `None`: one per core.
    pub jobs: Option<usize>,
    /// The collections taken and preferred.
    pub scope: Scope,
    /// Consult the shipped sample beside the memory. A pre-translated file goes to a
    /// client, so the sample is put in only when asked (`--sample`), as exports do.
    pub sample: bool,
    /// The largest unit of an XLIFF file read: a larger one is left as it is
    /// ([`Report::left_out`]).
    pub limits: Limits,
}

impl Default for PretranslateOptions {
    fn default() -> Self {
        PretranslateOptions {
            matching: MatchOptions::default(),
            fill_above: 100,
            approve_exact: false,
            overwrite: false,
            version: Version::V1,
            analysis_from: ANALYSIS_FROM,
            jobs: None,
            scope: Scope::default(),
            sample: false,
            limits: Limits::DEFAULT,
        }
    }
}

/// What a file given to pre-translation is, by its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// Plain text, to be segmented.
    Text,
    /// XLIFF (1.2, SDLXLIFF, memoQ, 2.0), pre-translated in place.
    Xliff,
    /// A directory holding `omegat.project`.
    OmegaT,
}

impl Input {
    /// What `path` is: an OmegaT project directory or a text file.
    pub fn detect(path: &Path) -> Result<Input> {
        if path.is_dir() {
            if Project::is_project(path) {
                return Ok(Input::OmegaT);
            }
            let why = format!("a directory without {PROJECT_FILE} (not an OmegaT project)");
            return Err(Error::io(path, std::io::Error::new(std::io::ErrorKind::InvalidInput, why)));
        }
        match EntryFormat::xml_of(path)? {
            None | Some(EntryFormat::Tsv) => Ok(Input::Text),
            Some(EntryFormat::Xliff) => Ok(Input::Xliff),
            Some(EntryFormat::Tmx) => Err(Error::parse(
                Position::new(path.display().to_string()),
                "XML that is not XLIFF: give a text document, an XLIFF file or an OmegaT project",
            )),
        }
    }
}

/// The match bands of the analysis, as CAT tools report them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Band {
    /// 101: a 100 met between the same segments (a context match).
    Context,
    /// 100.
    Exact,
    /// 95–99.
    From95,
    /// 85–94.
    From85,
    /// 75–84.
    From75,
    /// 50–74.
    From50,
    NoMatch,
    /// A segment met earlier in the same input (its matching key), counted once.
    Repetition,
}

impl Band {
    pub const ALL: [Band; 8] = [
        Band::Context,
        Band::Repetition,
        Band::Exact,
        Band::From95,
        Band::From85,
        Band::From75,
        Band::From50,
        Band::NoMatch,
    ];

    /// The band of a segment whose best match scores `best`.
    pub fn of(best: Option<u8>) -> Band {
        match best {
            Some(101..) => Band::Context,
            Some(100) => Band::Exact,
            Some(95..) => Band::From95,
            Some(85..) => Band::From85,
            Some(75..) => Band::From75,
            Some(ANALYSIS_FROM..) => Band::From50,
            _ => Band::NoMatch,
        }
    }

    /// How the band is named in the summary and in JSON.
    pub fn label(self) -> &'static str {
        match self {
            Band::Context => "context",
            Band::Repetition => "repetitions",
            Band::Exact => "100",
            Band::From95 => "95-99",
            Band::From85 => "85-94",
            Band::From75 => "75-84",
            Band::From50 => "50-74",
            Band::NoMatch => "no match",
        }
    }

    fn slot(self) -> usize {
        Band::ALL.iter().position(|&b| b == self).unwrap_or(0)
    }
}

/// Segments and words of one band.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub segments: u64,
    pub words: u64,
}

/// Segments and words per band ([`Band::ALL`] order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    pub bands: [Tally; 8],
}

impl Analysis {
    /// Counts a segment of `words` words in `band`.
    pub fn add(&mut self, band: Band, words: u64) {
        let tally = &mut self.bands[band.slot()];
        tally.segments += 1;
        tally.words += words;
    }

    pub fn get(&self, band: Band) -> Tally {
        self.bands[band.slot()]
    }

    pub fn total(&self) -> Tally {
        self.bands
            .iter()
            .fold(Tally::default(), |a, t| Tally { segments: a.segments + t.segments, words: a.words + t.words })
    }

    /// Adds another analysis to this one.
    pub fn merge(&mut self, other: &Analysis) {
        for (a, b) in self.bands.iter_mut().zip(&other.bands) {
            a.segments += b.segments;
            a.words += b.words;
        }
    }
}

/// What a pre-translation did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub analysis: Analysis,
    /// Segments that got at least one match written, and that got a target.
    pub with_matches: u64,
    pub filled: u64,
    /// Segments whose existing target was left as it was.
    pub kept: u64,
    /// Files written (for an OmegaT project; a document's output is the caller's).
    pub written: Vec<PathBuf>,
    /// The units of an XLIFF file left as they were because they are larger than
    /// the limits, each with its place and why.
    pub left_out: Vec<Problem>,
}

/// The words of a segment as the analysis counts them: words and numbers of its
/// matching key.
pub fn words(segment: &str) -> u64 {
    let key = normalize::key(segment);
    tokenize::tokens(&key).iter().filter(|t| t.kind != Kind::Punct).count() as u64
}

/// What one segment gets, decided from its suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The matches to write, best first.
    pub matches: Vec<Leverage>,
    /// The target to fill in and how to mark it.
    pub fill: Option<(String, Fill)>,
    /// The glossary renderings of the segment's names, each once.
    pub terms: Vec<Rendering>,
    /// The best score found (down to the analysis' floor), for the analysis.
    pub best: Option<u8>,
}

/// What `s` gets under `options` (pure).
pub fn decide(s: &Suggestion, options: &PretranslateOptions) -> Decision {
    let matches = s
        .matches
        .iter()
        .filter(|m| m.score >= options.matching.min_score)
        .take(options.matching.max)
        .map(|m| Leverage {
            score: m.score,
            source: m.entry.source.text.clone(),
            target: m.target.clone(),
            origin: m.entry.origin.clone(),
        })
        .collect();
    let fill = s
        .matches
        .first()
        .filter(|m| m.score >= options.fill_above)
        .map(|m| (m.target.clone(), Fill::of(m.score, options.approve_exact)));
    let mut terms: Vec<Rendering> = Vec::new();
    for t in &s.terms {
        let r = Rendering { source: t.source.clone(), rendering: t.rendering.clone() };
        if !terms.contains(&r) {
            terms.push(r);
        }
    }
    Decision { matches, fill, terms, best: s.matches.first().map(|m| m.score) }
}

/// The matching that gives every band of the analysis and all the matches to write.
fn matching(options: &PretranslateOptions) -> SuggestOptions {
    let floor = options.analysis_from.min(options.matching.min_score).min(options.fill_above);
    SuggestOptions {
        matching: MatchOptions { min_score: floor, max: options.matching.max.max(1) },
        jobs: options.jobs,
        scope: options.scope.clone(),
        sample: options.sample,
        exhaustive: false,
    }
}

/// What a segment came to, for the report: its matching key and words, its best
/// score, whether it got matches written and a target.
struct Outcome {
    key: String,
    words: u64,
    best: Option<u8>,
    matched: bool,
    filled: bool,
}

impl Outcome {
    fn of(segment: &str, d: &Decision) -> Outcome {
        Outcome {
            key: normalize::key(segment),
            words: words(segment),
            best: d.best,
            matched: !d.matches.is_empty(),
            filled: d.fill.is_some(),
        }
    }
}

/// Counts segments in the analysis in document order; a segment met before is a
/// repetition, except a context match, which counts in the context band wherever
/// it stands (CAT tools count context matches before repetitions: a sentence met
/// again in another context is a repetition, in its own context a context match).
#[derive(Default)]
struct Counter {
    seen: HashSet<String>,
    report: Report,
}

impl Counter {
    fn count(&mut self, o: Outcome) {
        let first = self.seen.insert(o.key);
        let band = match Band::of(o.best) {
            Band::Context => Band::Context,
            band if first => band,
            _ => Band::Repetition,
        };
        self.report.analysis.add(band, o.words);
        self.report.with_matches += u64::from(o.matched);
        self.report.filled += u64::from(o.filled);
    }
}

/// Pre-translates the segments of `text` (in the memory's source language) into a
/// new XLIFF document written to `out` (`name` for errors); `original` is the
/// document's name in the XLIFF. Noise separators get no unit; each unit's id is
/// the segment's number (`tm segment` numbering, from 1).
pub fn pretranslate_text(
    memory: &Memory,
    text: &str,
    original: &str,
    options: &PretranslateOptions,
    out: &mut impl Write,
    name: &str,
    progress: &dyn Progress,
) -> Result<Report> {
    let write_error = |e| Error::Io { path: name.to_string(), source: e };
    let pair = memory.pair();
    let segments = segments_of(text, Split::Sentences, Lang::of(&pair.source));
    let doc = Document {
        version: options.version,
        original,
        source_lang: pair.source.as_str(),
        target_lang: pair.target.as_str(),
    };
    let mut writer = XliffWriter::new(out, &doc).map_err(write_error)?;
    let layout = writer.layout().clone();
    let mut counter = Counter::default();
    let render = |s: &Suggestion| -> Result<(Vec<u8>, Outcome)> {
        let d = decide(s, options);
        let outcome = Outcome::of(&s.segment, &d);
        let unit = Unit {
            id: (s.index + 1).to_string(),
            source: &s.segment,
            target: d.fill,
            matches: d.matches,
            terms: d.terms,
        };
        let mut bytes = Vec::with_capacity(1024);
        layout.write_unit(&mut bytes, &unit).map_err(write_error)?;
        Ok((bytes, outcome))
    };
    suggest(memory, &segments, &matching(options), progress, render, |(bytes, outcome)| {
        counter.count(outcome);
        writer.rendered(&bytes).map_err(write_error)
    })?;
    writer.finish().map_err(write_error)?;
    Ok(counter.report)
}

/// Pre-translates an XLIFF file (`bytes`, named `name`) in place: every segment of
/// every unit for translation (in a `<file>` of the memory's language pair) gets
/// its matches and, at `fill_above`, its target, as [`InPlace`] writes them; every
/// other byte is kept, and a file that gets nothing comes back as it was. Returns
/// the new file.
pub fn pretranslate_xliff(
    memory: &Memory,
    bytes: &[u8],
    name: &str,
    options: &PretranslateOptions,
    progress: &dyn Progress,
) -> Result<(Vec<u8>, Report)> {
    let decoded = decode(bytes, name)?;
    let mut reader = XliffReader::open_utf8(decoded.text.as_bytes(), name, &options.limits)?;
    let mut units = Vec::new();
    let mut left_out = Vec::new();
    while let Some(unit) = reader.next_unit()? {
        left_out.extend(too_long(&unit, name));
        units.push(unit);
    }
    let version = reader.version();
    let files = reader.files().to_vec();
    let pair = memory.pair();
    let fits = |tag: &Option<String>, want: &LangTag| {
        tag.as_deref().is_none_or(|t| LangTag::parse(t).is_some_and(|t| t.same_language(want)))
    };
    let usable: Vec<bool> =
        files.iter().map(|f| fits(&f.source_lang, &pair.source) && fits(&f.target_lang, &pair.target)).collect();
    // The segments to match, and which unit and segment each is (a unit split
    // into sentences has one segment per sentence).
    let lang = Lang::of(&pair.source);
    let mut texts: Vec<(usize, usize, String)> = Vec::new();
    let mut splits: Vec<Option<(String, Vec<std::ops::Range<usize>>)>> = vec![None; units.len()];
    for (u, unit) in units.iter().enumerate() {
        if !unit.translate || !usable.get(unit.file).copied().unwrap_or(false) {
            continue;
        }
        if let [only] = unit.segments.as_slice()
            && version == Version::V1
            && !unit.segmented
            && unit.target_span.is_none()
            && only.source.markup.is_none()
        {
            let source = only.source.text.clone();
            let sentences = segments_of(&source, Split::Sentences, lang);
            if sentences.len() > 1 {
                for (k, s) in sentences.iter().enumerate() {
                    texts.push((u, k, s.text.to_string()));
                }
                let ranges = sentences.iter().map(|s| s.span.clone()).collect();
                splits[u] = Some((source, ranges));
                continue;
            }
        }
        for (k, segment) in unit.segments.iter().enumerate() {
            let plain = segment.source.plain();
            if !plain.trim().is_empty() {
                texts.push((u, k, plain.trim().to_string()));
            }
        }
    }
    let segments: Vec<Numbered<'_>> = texts
        .iter()
        .enumerate()
        .map(|(index, (_, _, text))| Numbered { index, text, span: 0..text.len(), translate: true })
        .collect();
    let mut counter = Counter::default();
    let mut decisions: Vec<Decision> = Vec::with_capacity(segments.len());
    suggest(
        memory,
        &segments,
        &matching(options),
        progress,
        |s| {
            let d = decide(s, options);
            Ok::<_, Error>((Outcome::of(&s.segment, &d), d))
        },
        |(outcome, d)| {
            counter.count(outcome);
            decisions.push(d);
            Ok(())
        },
    )?;
    let mut report = counter.report;
    report.filled = 0;
    report.left_out = left_out;
    // Each unit's plans, one per segment.
    let mut plans: Vec<Vec<Option<Plan<'_>>>> = units
        .iter()
        .zip(&splits)
        .map(|(u, split)| vec![None; split.as_ref().map_or(u.segments.len(), |(_, r)| r.len())])
        .collect();
    for ((u, k, _), d) in texts.iter().zip(&decisions) {
        if !d.matches.is_empty() || d.fill.is_some() {
            plans[*u][*k] = Some(Plan { matches: &d.matches, fill: d.fill.as_ref(), terms: &d.terms });
        }
    }
    let mut edits = Vec::new();
    let mut edited = vec![false; files.len()];
    for ((unit, plans), split) in units.iter().zip(&plans).zip(&splits) {
        let file = &files[unit.file];
        let writer = InPlace {
            text: &decoded.text,
            version,
            source_lang: file.source_lang.as_deref().unwrap_or(pair.source.as_str()),
            target_lang: file.target_lang.as_deref().unwrap_or(pair.target.as_str()),
            may_fill: version == Version::V1 || file.target_lang.is_some(),
            overwrite: options.overwrite,
        };
        let done = match split {
            Some((source, sentences)) => writer.split_unit(unit, source, sentences, plans),
            None => writer.unit(unit, plans),
        };
        report.filled += done.filled;
        report.kept += done.kept;
        if !done.edits.is_empty() {
            edited[unit.file] = true;
            edits.extend(done.edits);
        }
    }
    if edits.is_empty() {
        return Ok((bytes.to_vec(), report));
    }
    for (file, _) in files.iter().zip(&edited).filter(|(_, e)| **e) {
        let writer = InPlace {
            text: &decoded.text,
            version,
            source_lang: "",
            target_lang: "",
            may_fill: false,
            overwrite: false,
        };
        edits.extend(writer.tool(file));
    }
    let text = apply(&decoded.text, edits);
    Ok((encode(&text, decoded.encoding, decoded.bom > 0), report))
}

/// The segments of a project's source text as OmegaT makes them: one per line
/// (OmegaT's text filter ends paragraphs at line breaks), each line split into
/// sentences by `tm`'s rules when the project segments sentences.
fn project_segments(text: &str, sentences: bool, lang: Lang) -> Vec<Numbered<'_>> {
    let lines = numbered(text, Split::Lines, lang);
    if !sentences {
        return lines.into_iter().filter(|s| s.translate).collect();
    }
    let mut out = Vec::new();
    for line in lines.iter().filter(|l| l.translate) {
        for s in numbered(line.text, Split::Sentences, lang).into_iter().filter(|s| s.translate) {
            let from = line.span.start;
            out.push(Numbered {
                index: out.len(),
                text: s.text,
                span: from + s.span.start..from + s.span.end,
                translate: true,
            });
        }
    }
    for (i, s) in out.iter_mut().enumerate() {
        s.index = i;
    }
    out
}

/// The source files of a project that `tm` reads: plain text (anything that is
/// not XML), in path order.
fn project_sources(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for item in std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))? {
            let path = item.map_err(|e| Error::io(&d, e))?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if !crate::formats::is_xml_file(&path)? {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Pre-translates an OmegaT project: every text source file's segments matched,
/// matches at or above `fill_above` written to `tm/auto/` (source: the project's
/// segment; target: the match's, repaired), the other matches at or above
/// `min_score` to `tm/` as stored; each file named [`OMEGAT_TMX`], written whole.
pub fn pretranslate_omegat(
    memory: &Memory,
    dir: &Path,
    options: &PretranslateOptions,
    progress: &dyn Progress,
) -> Result<Report> {
    let settings = dir.join(PROJECT_FILE);
    let project = Project::parse(dir, &std::fs::read_to_string(&settings).map_err(|e| Error::io(&settings, e))?)?;
    let pair = memory.pair();
    if !project.source_lang.same_language(&pair.source) || !project.target_lang.same_language(&pair.target) {
        return Err(Error::parse(
            Position::new(settings.display().to_string()),
            format!("the project translates {} into {}, the memory {pair}", project.source_lang, project.target_lang),
        ));
    }
    let mut counter = Counter::default();
    let mut exact: Vec<Entry> = Vec::new();
    let mut fuzzy: Vec<Entry> = Vec::new();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let lang = Lang::of(&pair.source);
    for path in project_sources(&project.source_dir)? {
        let text = crate::formats::decode::read_text_file(&path)?;
        let segments = project_segments(&text, project.sentence_seg, lang);
        let render = |s: &Suggestion| -> Result<(Outcome, Vec<Entry>, Vec<Entry>)> {
            let d = decide(s, options);
            let mut auto = Vec::new();
            if let Some((target, _)) = &d.fill {
                let m = &s.matches[0];
                let mut e = leveraged(&s.segment, target, &project.source_lang, &project.target_lang, &m.entry.origin);
                e.created = m.entry.created;
                e.changed = m.entry.changed;
                auto.push(e);
            }
            let offered = s
                .matches
                .iter()
                .filter(|m| m.score >= options.matching.min_score && !(d.fill.is_some() && m.id == s.matches[0].id))
                .take(options.matching.max)
                .map(|m| {
                    let mut e = m.entry.clone();
                    e.source_lang = project.source_lang.clone();
                    e.target_lang = project.target_lang.clone();
                    e
                })
                .collect();
            Ok((Outcome::of(&s.segment, &d), auto, offered))
        };
        suggest(memory, &segments, &matching(options), progress, render, |(outcome, auto, offered)| {
            counter.count(outcome);
            for (list, entries) in [(&mut exact, auto), (&mut fuzzy, offered)] {
                for e in entries {
                    if seen.insert((e.source.text.clone(), e.target.text.clone())) {
                        list.push(e);
                    }
                }
            }
            Ok::<_, Error>(())
        })?;
    }
    let auto_dir = project.tm_dir.join("auto");
    std::fs::create_dir_all(&auto_dir).map_err(|e| Error::io(&auto_dir, e))?;
    let mut report = counter.report;
    for (path, entries) in [(auto_dir.join(OMEGAT_TMX), &exact), (project.tm_dir.join(OMEGAT_TMX), &fuzzy)] {
        write_file(&path, |out, name| {
            let write_error = |e| Error::Io { path: name.to_string(), source: e };
            let mut w = TmxWriter::new(out, &HeaderInfo::now(project.source_lang.as_str())).map_err(write_error)?;
            for e in entries.iter() {
                w.write_entry(e).map_err(write_error)?;
            }
            w.finish().map_err(write_error).map(drop)
        })?;
        report.written.push(path);
    }
    Ok(report)
}

/// The entry OmegaT takes as the translation of `segment`.
fn leveraged(segment: &str, target: &str, source_lang: &LangTag, target_lang: &LangTag, origin: &str) -> Entry {
    Entry::new(segment, target, source_lang.clone(), target_lang.clone(), origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::open::{OpenOptions, open_in_memory};
    use crate::progress::Silent;

    #[test]
    fn bands_are_those_of_cat_tools() {
        let bands: Vec<&str> = [
            Some(101),
            Some(100),
            Some(95),
            Some(94),
            Some(85),
            Some(84),
            Some(75),
            Some(74),
            Some(50),
            Some(49),
            None,
        ]
        .into_iter()
        .map(|s| Band::of(s).label())
        .collect();
        assert_eq!(
            bands,
            ["context", "100", "95-99", "85-94", "85-94", "75-84", "75-84", "50-74", "50-74", "no match", "no match"]
        );
    }

    /// The matches written keep to --min-score and --max, the fill to --fill-above,
    /// the analysis sees the best match below them.
    #[test]
    fn a_segment_gets_its_matches_its_fill_and_its_terms_once() {
        let memory = open_in_memory(&OpenOptions::default(), &Silent).unwrap().memory;
        let text = "كان المهاجمون يطالبون أساسا بأجور أعلى. كان المهاجمون يطالبون بأجور أعلى من كازاخستان وكازاخستان.";
        let mut got = Vec::new();
        let options = PretranslateOptions { fill_above: 90, sample: true, ..PretranslateOptions::default() };
        crate::ops::suggest::suggest_text(&memory, text, &matching(&options), |s| got.push(s)).unwrap();
        let exact = decide(&got[0], &options);
        assert_eq!(exact.fill, Some(("The strikers were mainly demanding higher wages.".to_string(), Fill::Exact)));
        assert_eq!(exact.matches[0].score, 100);
        let other = decide(&got[1], &options);
        assert!(other.best.is_some_and(|b| b < 90), "{other:?}");
        assert_eq!(other.fill, None);
        assert!(other.matches.iter().all(|m| m.score >= 70));
        assert_eq!(other.terms.iter().filter(|t| t.rendering == "Kazakhstan").count(), 1, "{other:?}");
        let approved = decide(&got[0], &PretranslateOptions { approve_exact: true, ..options.clone() });
        assert_eq!(approved.fill.map(|f| f.1), Some(Fill::ExactApproved));
    }

    #[test]
    fn segments_are_matched_down_to_the_lowest_score_anything_needs() {
        let floor = |o: PretranslateOptions| matching(&o).matching.min_score;
        let default = PretranslateOptions::default;
        assert_eq!(floor(default()), ANALYSIS_FROM);
        assert_eq!(floor(PretranslateOptions { analysis_from: 70, ..default() }), 70);
        let low = MatchOptions { min_score: 40, max: 3 };
        assert_eq!(floor(PretranslateOptions { analysis_from: 70, matching: low, ..default() }), 40);
        assert_eq!(floor(PretranslateOptions { analysis_from: 90, fill_above: 80, ..default() }), 70);
    }

    #[test]
    fn a_project_segments_lines_and_their_sentences() {
        let text = "الجملة الأولى. الجملة الثانية.\n\nسطر آخر\n";
        let lines: Vec<&str> = project_segments(text, false, Lang::Arabic).iter().map(|s| s.text).collect();
        assert_eq!(lines, ["الجملة الأولى. الجملة الثانية.", "سطر آخر"]);
        let sentences = project_segments(text, true, Lang::Arabic);
        let texts: Vec<&str> = sentences.iter().map(|s| s.text).collect();
        assert_eq!(texts, ["الجملة الأولى.", "الجملة الثانية.", "سطر آخر"]);
        assert!(sentences.iter().all(|s| &text[s.span.clone()] == s.text));
        assert_eq!(sentences.iter().map(|s| s.index).collect::<Vec<_>>(), [0, 1, 2]);
    }
}
