//! Checking finished translations ([`crate::check`]) in files: a bilingual TSV, a
//! TMX, an XLIFF (every segment with a target, whatever its state), two
//! line-aligned text files, or the memory itself, against the memory's
//! glossary and any glossary file given for the run. Each finding comes with the
//! file, the line where its unit starts and the unit's number.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::paths::readable;
use crate::check::{Checker, Consistency, Finding, Fix, Kind, Severity};
use crate::error::{Error, Result};
use crate::formats::text::LinePairs;
use crate::formats::tmx::read::TmxEntries;
use crate::formats::tsv::TsvReader;
use crate::formats::xliff::{States, XliffEntries};
use crate::formats::{EntryFormat, Records};
use crate::glossary::{Glossary, Term};
use crate::memory::{Filter, Memory};
use crate::progress::{Count, Progress};

/// What to check.
#[derive(Clone, Debug)]
pub enum Target {
    /// A bilingual TSV, a TMX or an XLIFF (told apart by content).
    File(PathBuf),
    /// Two line-aligned text files.
    LinePairs { source: PathBuf, target: PathBuf },
    /// The memory's entries.
    Memory,
    /// Pairs given as they are (the server's `/api/check`), named `name`.
    Pairs { name: String, pairs: Vec<(String, String)> },
}

impl Target {
    /// Its files can be read.
    pub fn check(&self) -> Result<()> {
        match self {
            Target::File(path) => readable(path),
            Target::LinePairs { source, target } => readable(source).and_then(|()| readable(target)),
            Target::Memory | Target::Pairs { .. } => Ok(()),
        }
    }
}

/// A finding where it was found.
#[derive(Clone, Debug, Serialize)]
pub struct Located {
    pub file: String,
    /// The line where the unit starts: the TSV or text line, the TMX `<tu>`'s line,
    /// the XLIFF unit's or segment's line (0 for an entry of the memory).
    pub line: u64,
    /// 0-based number of the unit in the file (the entry id for the memory).
    pub unit: u64,
    pub source: String,
    pub target: String,
    #[serde(flatten)]
    pub finding: Finding,
}

/// Findings accepted in an earlier run (`--suppress`): what `tm check --format
/// json` wrote, one object a line; a finding of the same kind and message on the
/// same source and target is left out of later runs.
#[derive(Clone, Debug, Default)]
pub struct Accepted(HashSet<(String, String, String, String)>);

impl Accepted {
    /// Reads a JSON Lines file of findings.
    pub fn read(path: &Path) -> Result<Accepted> {
        #[derive(serde::Deserialize)]
        struct One {
            kind: Kind,
            message: String,
            source: String,
            target: String,
        }
        let text = crate::formats::decode::read_text_file(path)?;
        let mut out = HashSet::new();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let one: One = serde_json::from_str(line).map_err(|e| {
                Error::parse(crate::error::Position::new(path.display().to_string()).line(i as u64 + 1), e.to_string())
            })?;
            out.insert((one.kind.name().to_string(), one.message, one.source, one.target));
        }
        Ok(Accepted(out))
    }

    fn has(&self, f: &Finding, source: &str, target: &str) -> bool {
        !self.0.is_empty()
            && self.0.contains(&(f.kind.name().to_string(), f.message.clone(), source.to_string(), target.to_string()))
    }
}

/// What a check found, by kind.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CheckReport {
    pub units: u64,
    pub findings: BTreeMap<Kind, u64>,
    /// Findings left out as accepted earlier.
    pub suppressed: u64,
    /// Findings at or above the severity asked for.
    pub failing: u64,
    pub seconds: f64,
}

/// The glossary of a check: the memory's, and the terms of `extra` (a glossary
/// file for this run only).
pub fn glossary_for(memory: &Memory, extra: Option<&Path>) -> Result<Glossary> {
    let mut terms: Vec<Term> = memory.glossary()?.terms().to_vec();
    if let Some(path) = extra {
        let (read, _) =
            super::glossary::read_glossary_file(path, memory.pair(), &crate::formats::limits::Limits::DEFAULT)?;
        if let Some(problem) = read.problems.first() {
            return Err(Error::parse(problem.at.clone(), problem.reason.clone()));
        }
        terms.extend(read.terms);
    }
    Ok(Glossary::new(terms))
}

/// The checks of one run: each unit's findings, those accepted earlier left out,
/// counted by kind.
struct Run<'a> {
    checker: Checker<'a>,
    consistency: Consistency<'a>,
    fail_on: Severity,
    accepted: &'a Accepted,
    report: CheckReport,
}

/// What a check holds translations to: the glossary, the severity from which a
/// finding fails the check, and the findings accepted earlier.
#[derive(Clone, Copy)]
pub struct Rules<'a> {
    pub glossary: &'a Glossary,
    pub fail_on: Severity,
    pub accepted: &'a Accepted,
}

impl<'a> Run<'a> {
    fn new(rules: &Rules<'a>) -> Run<'a> {
        Run {
            checker: Checker::new(rules.glossary),
            consistency: Consistency::new(rules.glossary),
            fail_on: rules.fail_on,
            accepted: rules.accepted,
            report: CheckReport::default(),
        }
    }

    /// The findings of one unit (`unit` its number in the file), in order.
    fn unit(&mut self, file: &str, line: u64, unit: u64, source: &str, target: &str) -> Vec<Located> {
        self.report.units += 1;
        let mut found = self.checker.check(source, target);
        found.extend(self.consistency.check(unit as usize, source, target));
        let mut out = Vec::with_capacity(found.len());
        for finding in found {
            if self.accepted.has(&finding, source, target) {
                self.report.suppressed += 1;
                continue;
            }
            *self.report.findings.entry(finding.kind).or_default() += 1;
            self.report.failing += u64::from(finding.severity >= self.fail_on);
            out.push(Located {
                file: file.to_string(),
                line,
                unit,
                source: source.into(),
                target: target.into(),
                finding,
            });
        }
        out
    }
}

/// Checks every unit of `target`, handing each finding to `emit` in file order;
/// counts the findings at or above `fail_on`.
pub fn check(
    memory: &Memory,
    target: &Target,
    rules: &Rules<'_>,
    progress: &dyn Progress,
    emit: &mut dyn FnMut(Located) -> Result<()>,
) -> Result<CheckReport> {
    let started = std::time::Instant::now();
    let mut run = Run::new(rules);
    let mut one = |file: &str, line: u64, unit: u64, source: &str, target: &str| -> Result<()> {
        run.unit(file, line, unit, source, target).into_iter().try_for_each(&mut *emit)
    };
    let pair = memory.pair().clone();
    match target {
        Target::Memory => {
            let name = memory.store().name().to_string();
            progress.start("check", memory.store().count(&Filter::default())?, Count::Items);
            let mut n = 0;
            memory.store().scan(&Filter::default(), |s| {
                n += 1;
                progress.set(n);
                one(&name, 0, s.id.get(), &s.entry.source.text, &s.entry.target.text)
            })?;
        }
        Target::Pairs { name, pairs } => {
            progress.start("check", pairs.len() as u64, Count::Items);
            for (unit, (source, target)) in pairs.iter().enumerate() {
                one(name, unit as u64 + 1, unit as u64, source, target)?;
                progress.set(unit as u64 + 1);
            }
        }
        Target::File(path) | Target::LinePairs { source: path, .. } => {
            let name = path.display().to_string();
            let open = |p: &Path| File::open(p).map_err(|e| Error::io(p, e));
            let size = std::fs::metadata(path).map_or(0, |m| m.len());
            let mut records: Box<dyn Records> = match target {
                Target::LinePairs { source, target } => {
                    let names = (source.display().to_string(), target.display().to_string());
                    Box::new(LinePairs::open(open(source)?, open(target)?, (&names.0, &names.1), &pair, "check")?)
                }
                _ => match EntryFormat::detect(path)? {
                    EntryFormat::Tmx => Box::new(TmxEntries::open(open(path)?, &name, &pair, "check")?),
                    // Every translation in the file is checked, whatever its state.
                    EntryFormat::Xliff => {
                        Box::new(XliffEntries::open(open(path)?, &name, &pair, States::All, "check")?)
                    }
                    EntryFormat::Tsv => Box::new(TsvReader::open(open(path)?, &name, &pair, "check")?),
                },
            };
            progress.start(&name, size, Count::Bytes);
            let mut unit = 0;
            while let Some(record) = records.next_record()? {
                // A unit that is not a pair (a language missing) has nothing to check.
                if let Ok(entry) = record {
                    one(&name, records.record_line(), unit, &entry.source.text, &entry.target.text)?;
                }
                unit += 1;
                progress.set(records.bytes_read());
            }
        }
    }
    progress.finish();
    let mut report = run.report;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The ITS 2.0 Localization Quality Issue type of a kind of finding.
pub fn its_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Term => "terminology",
        Kind::Number => "numbers",
        Kind::Untranslated => "untranslated",
        Kind::Punctuation => "typographical",
        Kind::Placeholder => "markup",
        Kind::Consistency => "inconsistency",
    }
}

/// The ITS 2.0 severity (0–100, the most severe 100) of a finding's severity.
pub fn its_severity(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 90,
        Severity::Warning => 50,
        Severity::Info => 10,
    }
}

/// An XLIFF file with its findings written in as ITS 2.0 annotations.
#[derive(Clone, Debug)]
pub struct Annotated {
    /// The file, in its encoding; byte for byte the input when nothing was found.
    pub bytes: Vec<u8>,
    pub report: CheckReport,
    /// Findings on targets that cannot carry an annotation (a unit written with a
    /// namespace prefix); they are handed to `emit` like every other.
    pub not_written: u64,
    /// Units larger than the limits, left unchecked as they were, each with its
    /// place and why.
    pub left_out: Vec<crate::error::Problem>,
}

/// Checks the XLIFF file `path` as [`check`] does (the same units, findings and
/// report, each finding handed to `emit`) and writes the findings into it: each
/// target with findings marked with ITS 2.0 Localization Quality Issue markup
/// ([`crate::formats::xliff::write::Annotator`]; type from [`its_type`], severity
/// from [`its_severity`], the message as comment), the ITS namespace declared on
/// the root. Every other byte of the file is kept.
pub fn annotate_xliff(
    memory: &Memory,
    path: &Path,
    rules: &Rules<'_>,
    limits: &crate::formats::limits::Limits,
    progress: &dyn Progress,
    emit: &mut dyn FnMut(Located) -> Result<()>,
) -> Result<Annotated> {
    use crate::formats::xliff::entries::unit_entries;
    use crate::formats::xliff::read::XliffReader;
    use crate::formats::xliff::write::{Annotator, Issue, apply, encode};

    let started = std::time::Instant::now();
    let name = path.display().to_string();
    if EntryFormat::detect(path)? != EntryFormat::Xliff {
        let why = "--format xliff writes findings into an XLIFF file; this is not one";
        return Err(Error::io(path, std::io::Error::new(std::io::ErrorKind::Unsupported, why)));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let decoded = crate::formats::xliff::decode(&bytes, &name)?;
    let mut reader = XliffReader::open_utf8(decoded.text.as_bytes(), &name, limits)?;
    let mut annotator = Annotator::new(&decoded.text, reader.version(), reader.root());
    let mut run = Run::new(rules);
    let mut edits = Vec::new();
    let mut not_written = 0;
    let mut number = 0;
    progress.start(&name, decoded.text.len() as u64, Count::Bytes);
    let mut left_out = Vec::new();
    while let Some(unit) = reader.next_unit()? {
        left_out.extend(crate::formats::xliff::read::too_long(&unit, &name));
        let file = reader.files().get(unit.file).cloned().unwrap_or_default();
        let made = unit_entries(&unit, &file, memory.pair(), States::All, "check", &name, (None, None));
        // One record per segment with a target, in order.
        let with_target = unit.segments.iter().enumerate().filter(|(_, s)| s.has_target()).map(|(k, _)| k);
        let mut issues: Vec<Vec<Issue>> = vec![Vec::new(); unit.segments.len()];
        for (k, (line, record)) in with_target.zip(made.records) {
            if let Ok(entry) = record {
                for found in run.unit(&name, line, number, &entry.source.text, &entry.target.text) {
                    issues[k].push(Issue {
                        kind: its_type(found.finding.kind),
                        comment: found.finding.message.clone(),
                        severity: its_severity(found.finding.severity),
                    });
                    emit(found)?;
                }
            }
            number += 1;
        }
        not_written += annotator.unit(&unit, &issues, &mut edits);
        progress.set(reader.bytes_read());
    }
    progress.finish();
    edits.extend(annotator.finish());
    let bytes =
        if edits.is_empty() { bytes } else { encode(&apply(&decoded.text, edits), decoded.encoding, decoded.bom > 0) };
    let mut report = run.report;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(Annotated { bytes, report, not_written, left_out })
}

/// The kinds in the order of [`Kind::ALL`], with their counts (0 included).
pub fn counts(report: &CheckReport) -> Vec<(Kind, u64)> {
    Kind::ALL.iter().map(|k| (*k, report.findings.get(k).copied().unwrap_or(0))).collect()
}

/// A fix to make in a file: the unit's line, its target as checked, the fix.
#[derive(Clone, Debug)]
pub struct PendingFix {
    pub line: u64,
    pub target: String,
    pub fix: Fix,
}

/// `text` with `fixes` applied (sorted; a fix overlapping an earlier one is left).
fn apply(text: &str, fixes: &[&Fix]) -> String {
    let mut sorted: Vec<&&Fix> = fixes.iter().collect();
    sorted.sort_by_key(|f| f.span.0);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in sorted {
        let (start, end) = f.span;
        if start < at || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&f.replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Writes the file of `target` that holds the translations (the TSV, or the target
/// text file of a pair) with every fix applied, changing nothing else: the lines
/// without a fix are written back byte for byte, and in a line with one only its
/// target text changes. Written whole beside it, then renamed into place. Returns
/// the lines changed. A TMX or the memory is not rewritten (an error says so).
pub fn write_fixes(target: &Target, fixes: &[PendingFix]) -> Result<u64> {
    let path = match target {
        Target::File(path) if EntryFormat::detect(path)? == EntryFormat::Tsv => path,
        Target::LinePairs { target, .. } => target,
        Target::File(path) => {
            let why = "--fix rewrites a bilingual TSV or the target file of text pairs, not a TMX or XLIFF";
            return Err(Error::io(path, std::io::Error::new(std::io::ErrorKind::Unsupported, why)));
        }
        Target::Memory | Target::Pairs { .. } => {
            let why = "fixes are written to files, not to the memory nor to pairs given";
            return Err(Error::io(Path::new("memory"), std::io::Error::new(std::io::ErrorKind::Unsupported, why)));
        }
    };
    let tsv = matches!(target, Target::File(_));
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::parse(crate::error::Position::new(path.display().to_string()), "--fix writes UTF-8 files only")
    })?;
    let mut by_line: BTreeMap<u64, (&str, Vec<&Fix>)> = BTreeMap::new();
    for f in fixes {
        by_line.entry(f.line).or_insert((&f.target, Vec::new())).1.push(&f.fix);
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let Some((target_text, fixes)) = by_line.get(&(i as u64 + 1)) else {
            out.push_str(line);
            continue;
        };
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let escape = |t: &str| if tsv { crate::formats::tsv::escape(t) } else { t.to_string() };
        let (old, new) = (escape(target_text), escape(&apply(target_text, fixes)));
        // The target text is the line's last field (a text line's all of it, inside
        // its white space), or, in a TSV that lists the target first, its first.
        let replaced = match body.rfind(old.as_str()) {
            Some(at) if body[at + old.len()..].trim().is_empty() => {
                format!("{}{new}{}", &body[..at], &body[at + old.len()..])
            }
            _ if tsv && body.starts_with(&format!("{old}\t")) => format!("{new}{}", &body[old.len()..]),
            _ => body.to_string(),
        };
        changed += u64::from(replaced != body);
        out.push_str(&replaced);
        out.push_str(ending);
    }
    let partial = super::export::partial_path(path)?;
    std::fs::write(&partial, out).map_err(|e| Error::io(&partial, e))?;
    std::fs::rename(&partial, path).map_err(|e| Error::io(path, e))?;
    Ok(changed)
}
