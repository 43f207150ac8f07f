//! The command line: argument types (all of them here), the shared context, and
//! dispatch to one module per subcommand. Only this module and `main` touch stdout,
//! stderr, the terminal and exit codes; domain logic lives in the library.

mod align;
mod check;
mod confirm;
mod dedupe;
mod edit;
mod export;
mod glossary;
mod history;
mod import;
mod migrate;
mod output;
mod pretranslate;
mod progress;
mod reindex;
mod remove;
mod search;
mod segment;
mod serve;
mod show;
mod stats;
mod suggest;
mod sync;
mod vacuum;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use tm::formats::decode::{read_text_file_within, read_text_within};
use tm::lang::{LangPair, LangTag};
use tm::memory::Memory;
use tm::ops;
use tm::ops::open::{Create, Usage};

pub use output::Exit;

const EXIT_CODES: &str = "Exit status: 0 success; 1 nothing found (no match, no result), or a \
check found something; 2 error; 3 import finished but skipped bad records (each reported as \
path:line: reason; --strict makes them errors). A closed pipe (tm … | head) is 0.";

/// Arabic-to-English translation memory: import, suggest, search, export.
#[derive(Parser, Debug)]
#[command(name = "tm", version, about, after_long_help = EXIT_CODES)]
pub struct Cli {
    /// The memory: a SQLite file, or a PostgreSQL database as a URL
    /// (postgresql://user@host/dbname) [default: tm/memory.db in the platform data
    /// directory]
    #[arg(long, global = true, env = "TM_DB", value_name = "PATH|URL")]
    pub db: Option<PathBuf>,

    /// Print no progress bars and no summaries on stderr
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Never consult the shipped sample memory and glossary (by default suggest and
    /// search consult it while the memory holds nothing)
    #[arg(long, global = true, env = "TM_NO_SAMPLE", value_parser = clap::builder::BoolishValueParser::new())]
    pub no_sample: bool,

    /// Consult the shipped sample beside the memory (suggest, search), and export it
    /// with the memory's entries (export, glossary export); overrides --no-sample
    #[arg(long, global = true)]
    pub sample: bool,

    /// Who makes the changes, as recorded on entries changed [default: TM_USER, else
    /// the login]
    #[arg(long, global = true, env = "TM_USER", value_name = "NAME")]
    pub user: Option<String>,

    /// Create the memory named by --db, and its directories, if it is not there (a
    /// command that only reads never creates one otherwise; one that writes
    /// creates it only in a directory that exists)
    #[arg(long, global = true, env = "TM_CREATE", value_parser = clap::builder::BoolishValueParser::new())]
    pub create: bool,

    /// Longest wait, in seconds, for another tm writing to the memory [default: 300]
    #[arg(long, global = true, env = "TM_WAIT", value_name = "SECONDS")]
    pub wait: Option<u64>,

    /// Longest segment an input may hold, in bytes (a longer one is skipped as a bad
    /// record) [default: 262144]
    #[arg(long, global = true, env = "TM_MAX_SEGMENT_BYTES", value_name = "BYTES", hide_short_help = true,
          value_parser = clap::value_parser!(u64).range(16..))]
    pub max_segment_bytes: Option<u64>,

    /// Longest record (TMX unit, XLIFF unit, TBX term entry, TSV line) an input may
    /// hold, in bytes (a longer one is skipped as a bad record) [default: 4194304]
    #[arg(long, global = true, env = "TM_MAX_RECORD_BYTES", value_name = "BYTES", hide_short_help = true,
          value_parser = clap::value_parser!(u64).range(64..))]
    pub max_record_bytes: Option<u64>,

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
    Pretranslate(PretranslateArgs),
    Show(ShowArgs),
    Edit(EditArgs),
    Confirm(ConfirmArgs),
    History(ShowArgs),
    Dedupe(DedupeArgs),
    Vacuum(VacuumArgs),
    Migrate(MigrateArgs),
    Serve(ServeArgs),
    Sync(SyncArgs),
    /// Rebuild the memory's index from its entries (done by itself when the index
    /// was made by other rules)
    Reindex,
}

/// Output for people (text) or programs (JSON Lines).
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For people
    Text,
    /// JSON Lines, for programs
    Json,
}

/// Suggest translations for each segment of an Arabic document
#[derive(Args, Debug)]
#[command(after_long_help = "Examples:
  tm suggest report.txt
  echo 'كان المهاجمون يطالبون أساسا بأجور أعلى.' | tm suggest --min-score 60
  tm suggest report.txt --format json | jq '.matches[0].target'
  tm suggest report.txt --prefer acme

Scores are 0-100; a 100 whose entry was met between the same segments as the segment
(its context: the segments before and after it) is a context match, 101, first.

JSON Lines: one object per segment: {index, segment, start, end, matches: [{score,
context, source, target, stored_target, repairs: [{kind, from, to}], origin, collection,
id, created, changed, diff: [{op, text}]}], terms: [{source, rendering}]}; see the README.")]
pub struct SuggestArgs {
    /// The document (UTF-8, UTF-16 or Windows-1256 text); - or nothing reads stdin
    pub file: Option<PathBuf>,

    /// Lowest match score shown, 1-100
    #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub min_score: u8,

    /// Most matches per segment, 1 or more
    #[arg(long, default_value_t = 3, value_parser = at_least_one)]
    pub max: usize,

    /// Take each line as one segment (for text already segmented, one sentence per
    /// line); from standard input, each line is answered as it arrives
    #[arg(long)]
    pub lines: bool,

    /// Threads matching segments [default: the number of cores]
    #[arg(long, short, env = "TM_JOBS", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Time each segment: `elapsed_ms` and `scored` in JSON, a summary (median, 95th
    /// percentile) on stderr
    #[arg(long)]
    pub timings: bool,

    /// Score every entry of the memory, not only the index's candidates: the same
    /// matches, far more slowly (a check on the index)
    #[arg(long)]
    pub exhaustive: bool,

    /// Only entries of this collection (repeatable)
    #[arg(long = "collection", value_name = "NAME")]
    pub collections: Vec<String>,

    /// The current collection (client, project): matches of entries outside it lose a point
    #[arg(long, value_name = "NAME")]
    pub prefer: Option<String>,

    /// Suggestions as text for people, or JSON Lines (one object per segment)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The XLIFF a text document becomes.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum XliffFormat {
    /// XLIFF 1.2 (alt-trans)
    Xliff,
    /// XLIFF 2.0 (matches module)
    Xliff2,
}

/// Pre-translate a CAT tool's file: matches and targets put in before it is opened
#[derive(Args, Debug)]
#[command(after_long_help = "FILE is taken for what it holds: XLIFF (1.2, SDLXLIFF, memoQ, 2.0) is pre-translated in
place, every other byte kept (a file with no match comes back as it was); plain Arabic
text (.txt, .md; anything not XML) becomes a new XLIFF with one unit per segment
(--format); a directory holding omegat.project gets
TMX in tm/auto/ (matches at or above --fill-above, which OmegaT puts in) and tm/ (the
other matches).

Each unit gets its matches (best first, at most --max, none below --min-score) as
<alt-trans> (XLIFF 2.0: <mtc:match>); one whose best match scores --fill-above or more
gets it as its target: state=\"translated\" state-qualifier=\"x-context-match\" for a
context match (101: a 100 met between the same segments), \"exact-match\" for 100,
state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\" below (2.0:
translated or initial, subState tm:context-match, tm:exact-match or tm:fuzzy-match);
approved=\"yes\" (2.0: reviewed) only with --approve-exact. The glossary renderings of
a unit's names go in a note. A target with text is kept unless --overwrite. An
analysis by match band (context, repetitions, 100, 95-99, 85-94, 75-84, 50-74, no
match) goes to stderr (--analysis json: stdout).

Examples:
  tm pretranslate report.docx.sdlxliff            # in place
  tm pretranslate report.txt                      # writes report.xlf
  tm pretranslate report.txt --format xliff2 -o report.xlf --fill-above 95
  tm pretranslate ~/omegat/report-project --analysis json")]
pub struct PretranslateArgs {
    /// An XLIFF file, a text document or an OmegaT project directory
    pub file: PathBuf,

    /// Where to write the XLIFF (written whole, then renamed); - for stdout [default:
    /// an XLIFF file itself, a text document with the extension .xlf]
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    /// Lowest match score written, 1-100
    #[arg(long, default_value_t = 70, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub min_score: u8,

    /// Most matches written per segment
    #[arg(long, default_value_t = 3)]
    pub max: usize,

    /// A segment whose best match scores this or more gets it as its target, 1-100
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub fill_above: u8,

    /// Mark targets filled from a 100 match approved
    #[arg(long)]
    pub approve_exact: bool,

    /// Replace targets the file has already
    #[arg(long)]
    pub overwrite: bool,

    /// The XLIFF a text document becomes
    #[arg(long, value_enum, default_value_t = XliffFormat::Xliff)]
    pub format: XliffFormat,

    /// The analysis as text on stderr, or as one JSON object on stdout (not with -o -)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub analysis: Format,

    /// Match down to this score for the analysis, 1-100 (a segment whose best match
    /// scores less counts as no match; 70 matches several times faster than 50)
    #[arg(long, default_value_t = tm::ops::pretranslate::ANALYSIS_FROM,
          value_parser = clap::value_parser!(u8).range(1..=100))]
    pub analysis_from: u8,

    /// Only entries of this collection (repeatable)
    #[arg(long = "collection", value_name = "NAME")]
    pub collections: Vec<String>,

    /// The current collection (client, project): matches of entries outside it lose a point
    #[arg(long, value_name = "NAME")]
    pub prefer: Option<String>,

    /// Threads matching segments [default: the number of cores]
    #[arg(long, short, env = "TM_JOBS", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// A count that must be 1 or more (`--max 0` would ask for nothing).
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be 1 or more".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
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
    /// By content: XLIFF if the root element is <xliff>, TMX if other XML, bilingual TSV if
    /// it has tabs (whatever its name); anything else is refused, saying what it looks like
    Auto,
    /// TMX 1.1-1.4b
    Tmx,
    /// XLIFF 1.2 (SDLXLIFF, memoQ) or 2.0
    Xliff,
    /// Bilingual TSV: source<TAB>target per line
    Tsv,
}

/// Which XLIFF targets an import takes, by their state.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatesArg {
    /// Every non-empty target, drafts and new ones too
    All,
    /// Translated, reviewed and final (1.2 translated, signed-off, final or approved="yes";
    /// 2.0 translated, reviewed, final; SDLXLIFF Translated, Approved*; a target with no state)
    Translated,
    /// Reviewed and final (1.2 signed-off, final or approved="yes"; 2.0 reviewed, final;
    /// SDLXLIFF ApprovedTranslation, ApprovedSignOff)
    Reviewed,
    /// Final only (SDLXLIFF ApprovedSignOff)
    Final,
}

/// Import translations: TMX from any CAT tool, XLIFF (SDLXLIFF, memoQ), bilingual TSV, or two line-aligned text files
#[derive(Args, Debug)]
#[command(after_long_help = "Examples:
  tm import project.tmx trados-export.tmx
  tm import acme/omegat/project_save.tmx --project acme
  tm import report.docx.sdlxliff --states reviewed
  tm import glossary-pairs.tsv --on-duplicate overwrite
  tm import --source report.ar.txt --target report.en.txt
  tm import --align --source report.ar.txt --target report.en.txt --corrections report.corrections.json

  tm export --format tsv | ssh host tm import -

Each file is one transaction: a file that fails (malformed XML, --strict and a bad
record) leaves the memory as it was. Bad records are reported as path:line: reason
and skipped; the exit status is then 3 (2 when a file failed).

Each entry's sides must be in the scripts of the memory's languages (Arabic for ar,
fa, ur; Latin for en, fr, de…; languages of an unknown script are not checked): an
entry swapped or in another script is a bad record, and a file whose first entries
are mostly so (columns swapped, files given the wrong way round, another language)
is refused; --force imports it anyway.")]
pub struct ImportArgs {
    /// TMX, XLIFF or bilingual TSV files; - reads one from standard input
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

    /// With --align: the corrections a review page (tm align --review) saved for this
    /// pair; its beads are imported instead of the aligner's, those the translator
    /// confirmed or made as confirmed entries, whatever their confidence and the
    /// pair's verdict
    #[arg(long, requires = "align", value_name = "FILE")]
    pub corrections: Option<PathBuf>,

    #[command(flatten)]
    pub aligner: AlignerArgs,

    /// The format of the files
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,

    /// XLIFF targets to take, by state (the others are counted and left out)
    #[arg(long, value_enum, default_value_t = StatesArg::Translated)]
    pub states: StatesArg,

    /// What to do with a source already stored with another target
    #[arg(long, value_enum, default_value_t = OnDuplicateArg::KeepBoth)]
    pub on_duplicate: OnDuplicateArg,

    /// A file with any bad record imports nothing
    #[arg(long)]
    pub strict: bool,

    /// Import without checking that sources and targets are in the scripts of the
    /// memory's languages
    #[arg(long)]
    pub force: bool,

    /// Encoding of TSV and text files [default: UTF-8, UTF-16 with a byte-order mark, or
    /// Windows-1256 Arabic, told from the content and said]; XML files declare their own
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Origin recorded on the entries [default: the file's path, ~ for the home
    /// directory; aligned with --align]
    #[arg(long, conflicts_with = "align")]
    pub origin: Option<String>,

    /// Collection (a client, a project) the entries belong to [default: a TMX unit's
    /// x-tm-collection prop, else none]
    #[arg(long, visible_alias = "project", value_name = "NAME")]
    pub collection: Option<String>,

    #[command(flatten)]
    pub langs: LangArgs,

    /// Summary as text on stderr, or JSON Lines on stdout (one object per file)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The language pair of a new memory.
#[derive(Args, Debug, Clone)]
pub struct LangArgs {
    /// Source language of a new memory (ar, ar-SA, ara, ar_SA…) [default: ar]; must match an existing memory's
    #[arg(long, value_name = "TAG")]
    pub source_lang: Option<String>,

    /// Target language of a new memory (en, en-GB, eng…) [default: en]; must match an existing memory's
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
            scripts: None,
            limits: tm::formats::limits::Limits::DEFAULT,
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

    /// What the alignment is written as
    #[arg(long, value_enum, default_value_t = AlignFormat::Tsv)]
    pub format: AlignFormat,

    /// Also write a review page: the beads side by side, low-confidence ones marked, to
    /// join, split, move, mark as no counterpart and confirm in a browser; it saves a
    /// corrections file for tm import --align --corrections
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,

    /// Align without checking that the documents are in the scripts of the memory's
    /// languages (a pair given the wrong way round is refused)
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub aligner: AlignerArgs,
}

/// How much a finding matters.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeverityArg {
    /// Consistency notes and everything above
    Info,
    /// Punctuation and everything above
    Warning,
    /// Names, numbers, untranslated text, placeholders
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
    /// The XLIFF file itself, each target with findings marked with ITS 2.0
    /// Localization Quality Issue markup (XLIFF input only; stdout, or -o FILE)
    Xliff,
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
  tm check --memory --fail-on error
  tm check project.xlf --format xliff -o project.checked.xlf")]
pub struct CheckArgs {
    /// A bilingual TSV, a TMX or an XLIFF (1.2, 2.0, SDLXLIFF)
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

    /// How findings are written
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// With --format xliff: where the annotated XLIFF goes (written whole, then
    /// renamed into place; the input's own name rewrites it); default stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
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

/// Which entries to take, by origin, collection and date.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Only entries of this origin, as tm stats lists it or the path of the file
    /// imported (repeatable)
    #[arg(long = "origin", value_name = "ORIGIN")]
    pub origins: Vec<String>,

    /// Only entries of this collection (repeatable)
    #[arg(long = "collection", value_name = "NAME")]
    pub collections: Vec<String>,

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
        Ok(tm::memory::Filter {
            origins: self.origins.iter().flat_map(|o| ops::origin::names(o)).collect(),
            collections: self.collections.clone(),
            since: date(&self.since)?,
            until: date(&self.until)?,
            ..tm::memory::Filter::default()
        })
    }

    pub fn is_empty(&self) -> bool {
        self.origins.is_empty() && self.collections.is_empty() && self.since.is_none() && self.until.is_none()
    }

    /// Whether the filter asks for the shipped sample by its origin.
    pub fn names_sample(&self) -> bool {
        self.origins.iter().any(|o| o == tm::entry::ORIGIN_SAMPLE)
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

    /// What the memory is written as
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
    /// The words to find, in a row
    pub text: String,

    /// Search the targets instead of the sources
    #[arg(long)]
    pub target: bool,

    /// Only entries of this collection (repeatable)
    #[arg(long = "collection", value_name = "NAME")]
    pub collections: Vec<String>,

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

    /// Results as text for people, or JSON Lines (one object per entry)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Show what the memory holds: entries, language pair, origins, glossary
#[derive(Args, Debug)]
#[command(after_long_help = "With --by, one line (one JSON object) per origin or collection: entries, confirmed
entries, source words, first created and last changed; by origin also the file
imported, its content hash and when.

Examples:
  tm stats
  tm stats --by collection
  tm stats --by origin --format json")]
pub struct StatsArgs {
    /// Figures per origin or per collection
    #[arg(long, value_enum, value_name = "GROUP")]
    pub by: Option<StatsBy>,

    /// Figures as text for people, or JSON (one object; with --by, JSON Lines)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// What `tm stats --by` groups entries by.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsBy {
    /// The import each entry came from
    Origin,
    /// The client or project each entry belongs to
    Collection,
}

/// Merge entries that hold the same translation of the same source
#[derive(Args, Debug)]
#[command(after_long_help = "Duplicates: the same language pair and collection, sources equal as matching
compares them (diacritics, hamza forms, tatweel, digits aside), targets equal but
for white space (case, punctuation and inline codes count). The newest of each group
is kept and takes in the others' contexts, props, notes, earliest creation and
confirmation; the others are removed, each kept among its earlier versions (tm
history ID). One transaction; recorded with the user (--user, TM_USER, else the
login).

Examples:
  tm dedupe --dry-run
  tm dedupe --collection acme
  tm dedupe --format json")]
pub struct DedupeArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Say what would be merged, change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// The report as text for people, or JSON Lines (one object per group, then a summary)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Compact the memory: drop removed entries from the index, reclaim free space, check it
#[derive(Args, Debug)]
#[command(after_long_help = "Merges the index's posting lists (dropping entries removed since), rewrites the
database file without its free pages (SQLite VACUUM), empties its write-ahead log
and checks the whole file (PRAGMA integrity_check). Readers can go on meanwhile;
writers wait. Needs free disk space about the size of the memory.

Examples:
  tm vacuum
  tm vacuum --format json")]
pub struct VacuumArgs {
    /// The report as text for people, or one JSON object
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Move a memory whole to another store: a SQLite file to a PostgreSQL database,
/// or back
#[derive(Args, Debug)]
#[command(after_long_help = "Copies everything: entries with their ids, earlier versions, the change feed,
the glossary, origins, sync state and the index, into a memory that holds
nothing (made if it is not there; a PostgreSQL database must exist). The rows of
every table are counted on both sides before the copy is committed, in one
transaction: interrupted or refused, it leaves nothing. The original is only
read, and stays as it was. --db is not used.

Examples:
  tm migrate --from memory.db --to postgresql://tm@db.example.org/agency
  tm migrate --from postgresql://tm@db.example.org/agency --to copy.db")]
pub struct MigrateArgs {
    /// The memory to copy (a SQLite file or a postgresql:// URL)
    #[arg(long, value_name = "PATH|URL")]
    pub from: PathBuf,

    /// Where to copy it (a SQLite file or a postgresql:// URL)
    #[arg(long, value_name = "PATH|URL")]
    pub to: PathBuf,

    /// The tables' rows as text for people, or one JSON object
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Serve the memory over HTTP to a team: the amaGama/tmserver API (Weblate,
/// Virtaal, Pootle), a JSON API and a TMX export
#[derive(Args, Debug)]
#[command(after_long_help = "Examples:
  tm serve
  tm serve --listen 0.0.0.0:8080 --token-file /etc/tm/tokens
  tm serve --read-only --private --token-file tokens

Weblate: add the tmserver machinery with the URL http://HOST:8080/tmserver. The routes
are described in docs/openapi.json. The token file has one token a line, TOKEN USER or
TOKEN USER read-only, and may not be readable by other users. Writes need a token that
is not read-only (Authorization: Bearer TOKEN); without a token file, or with
--read-only, the server takes none. The address is printed on stderr at start-up
(--listen 127.0.0.1:0 takes a free port); each request is logged there as one JSON
line. SIGINT or SIGTERM stops it, after the requests in flight.")]
pub struct ServeArgs {
    /// Address and port to listen on
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDRESS:PORT")]
    pub listen: String,

    /// The tokens that may call the server: TOKEN USER [read-only] a line
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Take no writes, whatever the token
    #[arg(long)]
    pub read_only: bool,

    /// Reads need a token too
    #[arg(long, requires = "token_file")]
    pub private: bool,

    /// Largest request body, in MiB
    #[arg(long, default_value_t = 64, value_name = "MIB")]
    pub max_body: usize,

    /// Longest segment taken, in characters
    #[arg(long, default_value_t = 2000, value_name = "CHARS")]
    pub max_segment: usize,

    /// Longest time a read may take, in seconds (answered 408 after)
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub timeout: u64,

    /// Longest wait for the requests in flight at shutdown, in seconds
    #[arg(long, default_value_t = 10, value_name = "SECONDS")]
    pub grace: u64,

    /// Requests a second each token (or address, without one) may send, in bursts of twice as many; 0: no limit
    #[arg(long, default_value_t = 100.0, value_name = "PER_SECOND")]
    pub rate: f64,
}

/// Bring the memory and a team's `tm serve` level: pull the server's changes,
/// push the local entries made or changed since the last sync
#[derive(Args, Debug)]
#[command(after_long_help = "Examples:
  tm sync http://tm.example.org:8080 --token-file ~/.config/tm/token
  TM_TOKEN=... tm sync http://127.0.0.1:8080
  tm sync http://127.0.0.1:8080 --pull-only --format json

The pull takes the server's change feed (entries added, edited and removed there since
the last sync) into the memory, one transaction a page; the push sends the entries
made, edited or removed here since the last push, with the token (the server records
its user on them). The pull comes first. An entry changed on both sides since the last
sync is a conflict: the server's version wins, the local one is kept among the
entry's earlier versions (tm history), and the conflict is reported. A sync cut short
resumes where it stopped. The memory keeps, for each server, the revisions synced and
which server entry is which local one, so nothing is stored twice on either side.")]
pub struct SyncArgs {
    /// The server's address, as tm serve prints it (http://HOST:PORT)
    pub url: String,

    /// A file holding the token (its first word); else the TM_TOKEN variable
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Only pull the server's changes
    #[arg(long, conflicts_with = "push_only")]
    pub pull_only: bool,

    /// Only push the local changes
    #[arg(long)]
    pub push_only: bool,

    /// Longest time one request may take, in seconds
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub timeout: u64,

    /// Entries a page of the server's feed tells of, each page one transaction
    #[arg(long, default_value_t = 1000, value_name = "N", hide = true,
          value_parser = clap::value_parser!(u64).range(1..=10000))]
    pub page: u64,

    /// The report as text for people, or one JSON object
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Language of a text to segment.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentLang {
    /// Arabic
    Ar,
    /// English
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

    /// The language of the document (its segmentation rules)
    #[arg(long, value_enum, default_value_t = SegmentLang::Ar)]
    pub lang: SegmentLang,

    /// Segments as text, one per line, or JSON Lines (index, start, end, text, translate)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Show one entry: texts, languages, origin, collection, dates, who made, changed and
/// confirmed it (also `tm history ID`: its earlier versions, oldest first)
#[derive(Args, Debug)]
#[command(after_long_help = "Examples:
  tm show 21
  tm history 21 --format json")]
pub struct ShowArgs {
    /// The entry's id (as suggest and search give it)
    pub id: u64,

    /// The entry (or its versions) as text for people, or JSON
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Change one entry's target (or source); the earlier version is kept (tm history)
#[derive(Args, Debug)]
#[command(after_long_help = "The change is recorded with the date and the user (--user, TM_USER, else the login).

Examples:
  tm edit 21 --target 'In June 2012, 34 of the accused were convicted.'
  tm --user layla edit 7 --source 'حقل تنغيز' --target 'the Tengiz field'")]
pub struct EditArgs {
    /// The entry's id (as suggest and search give it)
    pub id: u64,

    /// The new target
    #[arg(long, required_unless_present = "source")]
    pub target: Option<String>,

    /// The new source
    #[arg(long)]
    pub source: Option<String>,
}

/// Mark entries confirmed by a person (an aligned entry then loses the alignment penalty)
#[derive(Args, Debug)]
#[command(after_long_help = "Recorded with the date and the user (--user, TM_USER, else the login).

Examples:
  tm confirm 21
  tm confirm 3 4 5")]
pub struct ConfirmArgs {
    /// The entries' ids (as suggest and search give them)
    #[arg(required = true)]
    pub ids: Vec<u64>,
}

/// Remove entries by id, origin, collection or date
#[derive(Args, Debug)]
#[command(after_long_help = "Examples:
  tm remove --collection acme
  tm remove --id 21 --id 22
  tm remove --origin ~/clients/acme/old.tmx
  tm remove --origin old.tmx --until 2020-01-01")]
pub struct RemoveArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Remove these entries (repeatable; each is kept among its earlier versions, tm history)
    #[arg(long = "id", value_name = "ID", conflicts_with_all = ["origins", "collections", "since", "until", "all"])]
    pub ids: Vec<u64>,

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
        /// Glossary files: tm TSV, bilingual TSV, terminology CSV or TBX
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

        /// What the glossary is written as
        #[arg(long, value_enum, default_value_t = GlossaryFormat::Tsv)]
        format: GlossaryFormat,

        /// Only terms of this origin (as glossary list shows it, the path of the file
        /// imported, or sample; repeatable)
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
        /// Conflicts as text for people, or JSON Lines (one object per spelling)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the glossary
    List {
        /// Terms as text for people, or JSON Lines (one object per term)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Remove the terms of one origin (as glossary list shows it, or the path of the file imported)
    Remove {
        /// The origin whose terms go
        #[arg(long)]
        origin: String,
    },
}

/// What every subcommand gets.
pub struct Ctx {
    /// `--db`/`TM_DB`; `None`: the default path, found when a memory is opened.
    db: Option<PathBuf>,
    pub quiet: bool,
    /// When the shipped sample is consulted.
    pub sample: ops::open::Sample,
    /// `--user`/`TM_USER`.
    user: Option<String>,
    /// `--create`.
    pub create: bool,
    /// `--wait`.
    pub wait: Option<std::time::Duration>,
    /// `--max-segment-bytes`, `--max-record-bytes`.
    pub limits: tm::formats::limits::Limits,
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

    /// Who makes the changes: `--user`, else `TM_USER`, else the login (`USER`,
    /// `LOGNAME`, `USERNAME`).
    pub fn user(&self) -> Option<String> {
        self.user.clone().filter(|u| !u.is_empty()).or_else(|| {
            ["USER", "LOGNAME", "USERNAME"].iter().find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
        })
    }

    /// The shipped sample's memory, if `--sample` or `asked` asks for it (for an
    /// export).
    pub fn sample_for_export(&self, asked: bool, pair: &LangPair) -> Result<Option<Memory>> {
        let wanted = match self.sample {
            ops::open::Sample::Always => true,
            ops::open::Sample::WhileEmpty => asked,
            ops::open::Sample::Leave => false,
        };
        Ok(if wanted { tm::sample::memory(pair)? } else { None })
    }

    /// Opens the memory for a command that only reads it: read-only, and never
    /// created where `--db` names it (only at the default place, or with
    /// `--create`).
    pub fn read(&self) -> Result<Memory> {
        Ok(self.open_memory(Usage::Read, None)?.memory)
    }

    /// Opens the memory for a command that writes to it, creating it (where its
    /// directory exists, or with `--create`) if it is not there.
    pub fn write(&self, pair: Option<LangPair>) -> Result<Memory> {
        Ok(self.open_memory(Usage::Write, pair)?.memory)
    }

    /// Opens the memory (a stale index is rebuilt), saying on stderr what that
    /// took, and whether the shipped sample is consulted beside it.
    pub fn open_memory(&self, usage: Usage, pair: Option<LangPair>) -> Result<ops::open::Opened> {
        let db = self.db()?;
        let sample = self.sample;
        // The default place is tm's own: made on first use, so that `tm suggest`
        // works with no set-up.
        let create = match (self.create || self.db.is_none(), usage) {
            (true, _) => Create::WithDirectories,
            (false, Usage::Write) => Create::InDirectory,
            (false, Usage::Read) => Create::Never,
        };
        let options = ops::open::OpenOptions { pair, sample, usage, create, wait: self.wait };
        let opened = ops::open::open(&db, &options, &self.progress())?;
        if let Some(made_by) = opened.reindexed {
            self.note(format_args!(
                "{}: the index was made by the rules of version {made_by}; rebuilt with version {}",
                db.display(),
                tm::memory::index::RULES_VERSION
            ));
        }
        if opened.created {
            let sample = if opened.sample {
                "; while it holds nothing, suggest and search show the shipped sample (marked sample)"
            } else {
                ""
            };
            self.note(format_args!("new {} memory {}{sample}", opened.memory.pair(), db.display()));
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
    let sample = match (cli.sample, cli.no_sample) {
        (true, _) => ops::open::Sample::Always,
        (false, true) => ops::open::Sample::Leave,
        (false, false) => ops::open::Sample::WhileEmpty,
    };
    let wait = cli.wait.map(std::time::Duration::from_secs);
    let default = tm::formats::limits::Limits::DEFAULT;
    let bytes =
        |value: Option<u64>, default: usize| value.map_or(default, |v| usize::try_from(v).unwrap_or(usize::MAX));
    let limits = tm::formats::limits::Limits {
        segment_bytes: bytes(cli.max_segment_bytes, default.segment_bytes),
        record_bytes: bytes(cli.max_record_bytes, default.record_bytes),
    };
    let ctx = Ctx { db: cli.db, quiet: cli.quiet, sample, user: cli.user, create: cli.create, wait, limits };
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
        Command::Pretranslate(args) => pretranslate::run(args, &ctx)?,
        Command::Show(args) => show::run(args, &ctx)?,
        Command::Edit(args) => edit::run(args, &ctx)?,
        Command::Confirm(args) => confirm::run(args, &ctx)?,
        Command::History(args) => history::run(args, &ctx)?,
        Command::Dedupe(args) => dedupe::run(args, &ctx)?,
        Command::Vacuum(args) => vacuum::run(args, &ctx)?,
        Command::Migrate(args) => migrate::run(args, &ctx)?,
        Command::Serve(args) => serve::run(args, &ctx)?,
        Command::Sync(args) => sync::run(args, &ctx)?,
    };
    Ok(exit.into())
}

/// Reads a whole text input (file, or stdin for `-`/none) in any Unicode encoding;
/// a line longer than a record may be is left out, reported on stderr.
pub fn read_text(file: Option<&Path>, limits: &tm::formats::limits::Limits) -> Result<String> {
    let report = &mut |p: &tm::error::Problem| eprintln!("{p}");
    Ok(match file {
        Some(p) if p != Path::new("-") => read_text_file_within(p, limits, report)?,
        _ => read_text_within(std::io::stdin().lock(), "stdin", limits, report)?,
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// From a user's trial: `tm help` showed options with no description. Every
    /// command, option, argument and value names what it is.
    #[test]
    fn every_command_option_and_value_has_a_description() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let name = arg.get_long().map_or_else(|| arg.get_id().to_string(), |l| format!("--{l}"));
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {name}"));
                }
                for value in arg.get_possible_values().iter().filter(|v| !v.is_hide_set()) {
                    if value.get_help().is_none() && !matches!(value.get_name(), "true" | "false") {
                        missing.push(format!("{path} {name} {}", value.get_name()));
                    }
                }
            }
            for sub in cmd.get_subcommands() {
                let sub_path = format!("{path} {}", sub.get_name());
                if sub.get_about().is_none() && sub.get_long_about().is_none() {
                    missing.push(sub_path.clone());
                }
                walk(sub, &sub_path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "tm", &mut missing);
        assert!(missing.is_empty(), "no description: {missing:#?}");
    }

    /// From a user's trial: `--max 0` was taken, and asked for no match at all.
    #[test]
    fn max_zero_is_refused() {
        let err = Cli::try_parse_from(["tm", "suggest", "--max", "0"]).unwrap_err();
        assert!(err.to_string().contains("must be 1 or more"), "{err}");
        assert!(Cli::try_parse_from(["tm", "suggest", "--max", "1"]).is_ok());
    }
}
