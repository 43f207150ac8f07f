//! The command line: argument types (all of them here), the shared context, and
//! dispatch to one module per subcommand. Only this module and `main` touch stdout,
//! stderr, the terminal and exit codes; domain logic lives in the library.

mod align;
mod check;
mod export;
mod glossary;
mod import;
mod output;
mod progress;
mod reindex;
mod remove;
mod search;
mod segment;
mod stats;
mod suggest;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use tm::formats::decode::{read_text as read_text_from, read_text_file};
use tm::lang::{LangPair, LangTag};
use tm::memory::Memory;
use tm::ops;

pub use output::Exit;

const EXIT_CODES: &str = "Exit status: 0 success; 1 nothing found (no match, no result), or a \
check found something; 2 error, or records skipped on import. A closed pipe (tm … | head) is 0.";

/// Arabic-to-English translation memory: import, suggest, search, export.
#[derive(Parser, Debug)]
#[command(name = "tm", version, about, after_long_help = EXIT_CODES)]
pub struct Cli {
    /// The memory database [default: tm/memory.db in the platform data directory]
    #[arg(long, global = true, env = "TM_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print no progress bars and no summaries on stderr
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// When a new memory is created, leave out the shipped sample memory and glossary
    #[arg(long, global = true, env = "TM_NO_SAMPLE", value_parser = clap::builder::BoolishValueParser::new())]
    pub no_sample: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Suggest(SuggestArgs),
    Import(ImportArgs),
    Export(ExportArgs),
    Search(SearchArgs),
    Stats(StatsArgs),
    Segment(SegmentArgs),
    Remove(RemoveArgs),
    #[command(subcommand)]
    Glossary(GlossaryCommand),
    Align(AlignArgs),
    Check(CheckArgs),
    /// Rebuild the memory's index from its entries (done by itself when the index
    /// was made by other rules)
    Reindex,
}

/// Output for people (text) or programs (JSON Lines).
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Suggest translations for each segment of an Arabic document
#[derive(Args, Debug)]
#[command(after_long_help = "Examples:
  tm suggest report.txt
  echo 'كان المهاجمون يطالبون أساسا بأجور أعلى.' | tm suggest --min-score 60
  tm suggest report.txt --format json | jq '.matches[0].target'

JSON Lines: one object per segment: {index, segment, start, end, matches: [{score,
source, target, stored_target, repairs: [{kind, from, to}], origin, id, created,
changed, diff: [{op, text}]}], terms: [{source, rendering}]}; see the README.")]
pub struct SuggestArgs {
    /// The document (UTF-8 or UTF-16 text); - or nothing reads stdin
    pub file: Option<PathBuf>,

    /// Lowest match score shown, 1-100
    #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub min_score: u8,

    /// Most matches per segment
    #[arg(long, default_value_t = 3)]
    pub max: usize,

    /// Take each line as one segment (for text already segmented, one sentence per line)
    #[arg(long)]
    pub lines: bool,

    /// Threads matching segments [default: the number of cores]
    #[arg(long, short, env = "TM_JOBS", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Time each segment: `elapsed_ms` and `scored` in JSON, a summary (median, 95th
    /// percentile) on stderr
    #[arg(long)]
    pub timings: bool,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// What import does with a source already stored with another target.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnDuplicateArg {
    /// Store the new translation beside the old one (default)
    KeepBoth,
    /// Keep the stored translation
    Skip,
    /// Replace the stored translation
    Overwrite,
}

/// Input format of an import.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// By content: TMX if the file is XML, else bilingual TSV (whatever its name)
    Auto,
    Tmx,
    Tsv,
}

/// Import translations: TMX from any CAT tool, bilingual TSV, or two line-aligned text files
#[derive(Args, Debug)]
#[command(after_long_help = "Examples:
  tm import project.tmx trados-export.tmx
  tm import glossary-pairs.tsv --on-duplicate overwrite
  tm import --source report.ar.txt --target report.en.txt

Each file is one transaction: a file that fails (malformed XML, --strict and a bad
record) leaves the memory as it was. Bad records are reported as path:line: reason
and skipped; the exit status is then 2.")]
pub struct ImportArgs {
    /// TMX or bilingual TSV files
    pub files: Vec<PathBuf>,

    /// Source-language text file, one segment per line (with --target)
    #[arg(long, requires = "target", value_name = "FILE")]
    pub source: Option<PathBuf>,

    /// Target-language text file, line-aligned with --source (or a translation of it, with --align)
    #[arg(long, requires = "source", value_name = "FILE")]
    pub target: Option<PathBuf>,

    /// --source and --target are running texts, not line-aligned: segment and align them
    #[arg(long, requires = "source")]
    pub align: bool,

    #[command(flatten)]
    pub aligner: AlignerArgs,

    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,

    #[arg(long, value_enum, default_value_t = OnDuplicateArg::KeepBoth)]
    pub on_duplicate: OnDuplicateArg,

    /// A file with any bad record imports nothing
    #[arg(long)]
    pub strict: bool,

    /// Inputs of this many bytes or more are imported in bulk mode (faster; readers
    /// of the memory wait meanwhile)
    #[arg(long, env = "TM_BULK_BYTES", value_name = "BYTES", default_value_t = ops::import::BULK_FROM)]
    pub bulk_from: u64,

    /// Origin recorded on the entries [default: the file name; aligned with --align]
    #[arg(long, conflicts_with = "align")]
    pub origin: Option<String>,

    #[command(flatten)]
    pub langs: LangArgs,

    /// Summary as text on stderr, or JSON Lines on stdout (one object per file)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The language pair of a new memory.
#[derive(Args, Debug, Clone)]
pub struct LangArgs {
    /// Source language of a new memory [default: ar]; must match an existing memory's
    #[arg(long, value_name = "TAG")]
    pub source_lang: Option<String>,

    /// Target language of a new memory [default: en]; must match an existing memory's
    #[arg(long, value_name = "TAG")]
    pub target_lang: Option<String>,
}

impl LangArgs {
    /// The pair asked for, if any.
    pub fn pair(&self) -> Result<Option<LangPair>> {
        if self.source_lang.is_none() && self.target_lang.is_none() {
            return Ok(None);
        }
        let tag = |value: Option<&String>, default: &str| -> Result<LangTag> {
            let text = value.map_or(default, |s| s.as_str());
            LangTag::parse(text).with_context(|| format!("{text:?} is not a language tag (ar, en-US, fr-CA…)"))
        };
        let pair =
            LangPair { source: tag(self.source_lang.as_ref(), "ar")?, target: tag(self.target_lang.as_ref(), "en")? };
        anyhow::ensure!(
            !pair.source.same_language(&pair.target) || pair.source != pair.target,
            "source and target language are the same"
        );
        Ok(Some(pair))
    }
}

/// How the aligner runs (for `tm align` and `tm import --align`).
#[derive(Args, Debug, Clone)]
pub struct AlignerArgs {
    /// A bilingual dictionary for the aligner: a dictd database (FreeDict's
    /// freedict-ara-eng.index or .dict.dz) or arabic<TAB>english lines
    #[arg(long, env = "TM_DICTIONARY", value_name = "FILE")]
    pub dictionary: Option<PathBuf>,

    /// Keep only beads this sure, 0-1 (tsv, tmx output and import)
    #[arg(long, default_value_t = 0.0)]
    pub min_confidence: f64,

    /// Take each line as one segment instead of segmenting the texts
    #[arg(long)]
    pub lines: bool,
}

impl AlignerArgs {
    pub fn options(&self) -> ops::align::AlignOptions {
        ops::align::AlignOptions {
            split: if self.lines { tm::segment::Split::Lines } else { tm::segment::Split::Sentences },
            dictionary: self.dictionary.clone(),
            min_confidence: self.min_confidence,
        }
    }
}

/// Output of `tm align`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlignFormat {
    /// Bilingual TSV of the aligned pairs (importable)
    Tsv,
    /// TMX 1.4b with origin aligned and each pair's confidence
    Tmx,
    /// One object: beads, confidence, ar_spans, en_spans
    Json,
}

/// Align an Arabic document with its English translation, sentence by sentence
#[derive(Args, Debug)]
#[command(after_long_help = "Both texts are segmented (or taken line by line with --lines) and aligned
into beads: 1-1, 1-2, 2-1, 2-2 … and 1-0/0-1 for a sentence with no counterpart.

JSON: {\"beads\": [[[ar indices], [en indices]], …], \"confidence\": [0-1 per bead],
\"ar_spans\": [[start, end], …], \"en_spans\": [[start, end], …]} (0-based segment
indices; byte offsets of each segment in its file).

Examples:
  tm align report.ar.txt report.en.txt --format tmx > report.tmx
  tm align report.ar.txt report.en.txt --review check.html --min-confidence 0.5
  tm align law.ar law.en --lines --dictionary /usr/share/dictd/freedict-ara-eng.index --format json
  tm align --batch pairs.tsv --format tmx")]
pub struct AlignArgs {
    /// The Arabic document
    #[arg(required_unless_present = "batch")]
    pub source: Option<PathBuf>,

    /// Its English translation
    #[arg(required_unless_present = "batch")]
    pub target: Option<PathBuf>,

    /// Align many pairs in one run: a file of lines source<TAB>target<TAB>output
    #[arg(long, value_name = "FILE", conflicts_with_all = ["source", "review"])]
    pub batch: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = AlignFormat::Tsv)]
    pub format: AlignFormat,

    /// Also write a side-by-side HTML page for checking, low-confidence beads marked
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,

    #[command(flatten)]
    pub aligner: AlignerArgs,
}

/// How much a finding matters.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeverityArg {
    Info,
    Warning,
    Error,
}

/// Output of `tm check`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    /// file:line: kind: message, then both segments
    Text,
    /// JSON Lines, one finding each
    Json,
    /// file, line, unit, kind, severity, message, source, target
    Tsv,
}

/// Check finished translations: glossary names, numbers, untranslated text,
/// punctuation, placeholders, consistency
#[derive(Args, Debug)]
#[command(after_long_help = "Checks a bilingual TSV or a TMX, two line-aligned files (--source, --target) or
the memory (--memory) against the memory's glossary (and --glossary FILE for this run).
Exit status: 0 when nothing at or above --fail-on is found, 1 when something is, 2 on
errors. A summary per kind goes to stderr.

JSON Lines: one object per finding: {file, line, unit, source, target, kind, severity,
message, source_span, target_span, fix}; see the README.

Examples:
  tm check translated.tsv
  tm check --source report.ar.txt --target report.en.txt --format json
  tm check --memory --fail-on error")]
pub struct CheckArgs {
    /// A bilingual TSV or a TMX
    #[arg(conflicts_with_all = ["source", "memory"], required_unless_present_any = ["source", "memory"])]
    pub file: Option<PathBuf>,

    /// Source-language text file, one segment per line (with --target)
    #[arg(long, requires = "target", value_name = "FILE")]
    pub source: Option<PathBuf>,

    /// Target-language text file, line-aligned with --source
    #[arg(long, requires = "source", value_name = "FILE")]
    pub target: Option<PathBuf>,

    /// Check the memory's entries
    #[arg(long, conflicts_with = "source")]
    pub memory: bool,

    /// A glossary file used beside the memory's for this run
    #[arg(long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,

    /// Write the file back with every unambiguous fix applied (a forbidden or wrong
    /// name's rendering, Arabic punctuation), nothing else changed (TSV, text pairs)
    #[arg(long, conflicts_with = "memory")]
    pub fix: bool,

    /// Leave out the findings of this file (JSON Lines of an earlier --format json
    /// run, edited down to the findings accepted)
    #[arg(long, value_name = "FILE")]
    pub suppress: Option<PathBuf>,

    /// Exit 1 when a finding of this severity or above is found
    #[arg(long, value_enum, default_value_t = SeverityArg::Warning)]
    pub fail_on: SeverityArg,

    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// Export format.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// TMX 1.4b, UTF-8
    Tmx,
    /// Bilingual TSV: a header of language tags, then source <TAB> target
    Tsv,
}

/// Glossary export format.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlossaryFormat {
    /// tm's glossary TSV: rendering, variants, note, forbidden
    Tsv,
    /// TBX-Basic (TBX v2, martif), UTF-8
    Tbx,
}

/// Which entries to take, by origin and date.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Only entries of this origin (repeatable)
    #[arg(long = "origin", value_name = "ORIGIN")]
    pub origins: Vec<String>,

    /// Only entries changed on or after this date (YYYY-MM-DD, UTC)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only entries changed before this date (YYYY-MM-DD, UTC)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

impl FilterArgs {
    pub fn filter(&self) -> Result<tm::memory::Filter> {
        let date = |text: &Option<String>| -> Result<Option<tm::timestamp::Timestamp>> {
            text.as_deref()
                .map(|t| {
                    tm::timestamp::Timestamp::parse_arg(t).with_context(|| format!("{t:?} is not a date (YYYY-MM-DD)"))
                })
                .transpose()
        };
        Ok(tm::memory::Filter { origins: self.origins.clone(), since: date(&self.since)?, until: date(&self.until)? })
    }

    pub fn is_empty(&self) -> bool {
        self.origins.is_empty() && self.since.is_none() && self.until.is_none()
    }
}

/// Export the memory as TMX 1.4b (for any CAT tool) or bilingual TSV
#[derive(Args, Debug)]
#[command(after_long_help = "Examples:
  tm export -o memory.tmx
  tm export --format tsv --origin aligned > aligned.tsv
  tm export --since 2024-01-01 -o recent.tmx")]
pub struct ExportArgs {
    /// Write here instead of stdout (written in full, then renamed into place)
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = ExportFormat::Tmx)]
    pub format: ExportFormat,

    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Concordance search: entries whose source (or target) holds the words of TEXT
#[derive(Args, Debug)]
#[command(after_long_help = "The words of TEXT are found one after the other, punctuation aside, as a
user means them: in any spelling (diacritics, tatweel, alef and hamza forms, case),
with any proclitics (و ف ب ك ل ال and their chains: 'خط' finds 'وبخط' and 'للخط'),
numbers in any digits, English words by their stem ('strike' finds 'strikes'),
and a glossary name in every spelling of its term ('كازمونايجاز' finds
'كازموناينجاز'). --exact takes the words as written; --regex a regular expression.

Examples:
  tm search 'خط انابيب النفط'
  tm search --target 'hunger strike' --format json
  tm search --regex --target '\\b(19|20)[0-9]{2}\\b' --limit 100")]
pub struct SearchArgs {
    pub text: String,

    /// Search the targets instead of the sources
    #[arg(long)]
    pub target: bool,

    /// The words as written: only Unicode NFC, no other folding, no proclitics or stems
    #[arg(long, conflicts_with = "regex")]
    pub exact: bool,

    /// TEXT is a regular expression (Rust regex syntax: (?i) for any case), matched
    /// against each entry's text as stored; reads every entry, newest first
    #[arg(long)]
    pub regex: bool,

    /// Most results, newest first
    #[arg(long, default_value_t = 20)]
    pub limit: usize,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Show what the memory holds: entries, language pair, origins, glossary
#[derive(Args, Debug)]
#[command(after_long_help = "Examples:
  tm stats
  tm stats --format json")]
pub struct StatsArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Language of a text to segment.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentLang {
    Ar,
    En,
}

/// Split a document into segments (sentences), one per line
#[derive(Args, Debug)]
#[command(after_long_help = "Noise separators ($٪ & $٪, ***, ||) are printed as segments too; in JSON
they carry \"translate\": false.

Examples:
  tm segment report.txt
  tm segment --lang en --format json < report.en.txt")]
pub struct SegmentArgs {
    /// The document; - or nothing reads stdin
    pub file: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = SegmentLang::Ar)]
    pub lang: SegmentLang,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Remove entries by origin or date
#[derive(Args, Debug)]
#[command(after_long_help = "Examples:
  tm remove --origin sample
  tm remove --origin old.tmx --until 2020-01-01")]
pub struct RemoveArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Remove every entry (when no filter is given)
    #[arg(long)]
    pub all: bool,
}

/// Import, list or remove glossary terms
#[derive(Subcommand, Debug)]
pub enum GlossaryCommand {
    /// Add the terms of glossary files (tm TSV, bilingual TSV, terminology CSV, TBX)
    #[command(after_long_help = "A file imported again replaces its earlier terms. A TBX term entry gives
one term: the source terms are its spellings, the preferred (else the first
admitted) target term its rendering, the deprecated and superseded target terms
its forbidden spellings; entries without both languages are counted and skipped.

Examples:
  tm glossary import names.tsv
  tm glossary import iso_3166-1.en-ar.tsv
  tm glossary import termbase.tbx
  tm --db fr.db glossary import --source-lang en --target-lang fr termbase.tbx")]
    Import {
        files: Vec<PathBuf>,

        #[command(flatten)]
        langs: LangArgs,

        /// Summary as text on stderr, or JSON Lines on stdout (one object per file)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the glossary as tm's glossary TSV (default) or TBX-Basic
    #[command(after_long_help = "Examples:
  tm glossary export -o names.tsv
  tm glossary export --format tbx -o names.tbx
  tm glossary export --format tbx --origin sample > sample.tbx")]
    Export {
        /// Write here instead of stdout (written in full, then renamed into place)
        #[arg(long, short)]
        output: Option<PathBuf>,

        #[arg(long, value_enum, default_value_t = GlossaryFormat::Tsv)]
        format: GlossaryFormat,

        /// Only terms of this origin (a file name, or sample; repeatable)
        #[arg(long = "origin", value_name = "ORIGIN")]
        origins: Vec<String>,
    },
    /// List the spellings the glossary gives more than one rendering (exit status 1
    /// when there are some)
    #[command(after_long_help = "Lookup takes the rendering of the term stored first; settle each conflict by
editing a glossary file and importing it again.

Examples:
  tm glossary check
  tm glossary check --format json")]
    Check {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the glossary
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Remove the terms of one origin (a file name, or sample)
    Remove {
        #[arg(long)]
        origin: String,
    },
}

/// What every subcommand gets.
pub struct Ctx {
    /// `--db`/`TM_DB`; `None`: the default path, found when a memory is opened.
    db: Option<PathBuf>,
    pub quiet: bool,
    pub no_sample: bool,
}

impl Ctx {
    /// Progress bars only on a terminal and without --quiet.
    pub fn progress(&self) -> progress::Bar {
        progress::Bar::on_stderr(if self.quiet { progress::Quiet::Yes } else { progress::Quiet::No })
    }

    /// The memory's path.
    pub fn db(&self) -> Result<PathBuf> {
        match &self.db {
            Some(db) => Ok(db.clone()),
            None => ops::open::default_path().map_err(|e| anyhow::anyhow!("{e} (--db PATH or TM_DB)")),
        }
    }

    /// Opens the memory (a new one gets the shipped sample unless asked not to; a
    /// stale index is rebuilt), saying on stderr what that took.
    pub fn open(&self, pair: Option<LangPair>) -> Result<Memory> {
        Ok(self.open_memory(pair)?.memory)
    }

    /// [`Ctx::open`], with what opening did.
    pub fn open_memory(&self, pair: Option<LangPair>) -> Result<ops::open::Opened> {
        let db = self.db()?;
        let sample = if self.no_sample { ops::open::Sample::Leave } else { ops::open::Sample::Load };
        let opened = ops::open::open(&db, &ops::open::OpenOptions { pair, sample }, &self.progress())?;
        if let Some(made_by) = opened.reindexed {
            self.note(format_args!(
                "{}: the index was made by the rules of version {made_by}; rebuilt with version {}",
                db.display(),
                tm::memory::index::RULES_VERSION
            ));
        }
        match opened.sample {
            Some((entries, terms)) => self.note(format_args!(
                "new memory {}: loaded the sample ({entries} entries, {terms} glossary terms; \
                 `tm remove --origin sample` takes them out)",
                db.display()
            )),
            None if opened.created => self.note(format_args!("new {} memory {}", opened.memory.pair(), db.display())),
            None => {}
        }
        Ok(opened)
    }

    /// A note for people on stderr, unless --quiet.
    pub fn note(&self, message: std::fmt::Arguments<'_>) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Ctx { db: cli.db, quiet: cli.quiet, no_sample: cli.no_sample };
    let exit = match cli.command {
        Command::Suggest(args) => suggest::run(args, &ctx)?,
        Command::Import(args) => import::run(args, &ctx)?,
        Command::Export(args) => export::run(args, &ctx)?,
        Command::Search(args) => search::run(args, &ctx)?,
        Command::Stats(args) => stats::run(args, &ctx)?,
        Command::Segment(args) => segment::run(args)?,
        Command::Remove(args) => remove::run(args, &ctx)?,
        Command::Glossary(cmd) => glossary::run(cmd, &ctx)?,
        Command::Align(args) => align::run(args, &ctx)?,
        Command::Reindex => reindex::run(&ctx)?,
        Command::Check(args) => check::run(args, &ctx)?,
    };
    Ok(exit.into())
}

/// Reads a whole text input (file, or stdin for `-`/none) in any Unicode encoding.
pub fn read_text(file: Option<&Path>) -> Result<String> {
    Ok(match file {
        Some(p) if p != Path::new("-") => read_text_file(p)?,
        _ => read_text_from(std::io::stdin().lock(), "stdin")?,
    })
}
