//! The README's examples run as written: every `tm` line of its `sh` blocks, one
//! after the other, against one fresh memory, in a directory holding files of the
//! names the examples use (real material: the seed report, TICO-19's TMX, the UN
//! dev set, the ISO 3166 glossary, a TBX of the names).

use std::path::Path;
use std::process::Output;

use crate::util::{Missing, Tm, data_file, seed_pairs, shared};

tests![every_tm_example_of_the_readme_runs_as_written];

const README: &str = include_str!("../../README.md");

/// A command line of the README, its line number, and whether it runs on the
/// default memory (the set-up's first command) rather than the test's.
struct Example {
    line: usize,
    command: String,
    default_memory: bool,
}

/// The command lines of the README's `sh` blocks that run `tm` (the set-up's
/// `cargo run --release -- ARGS` is `tm ARGS` on the default memory); comments
/// after `#` are dropped.
fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for (i, line) in README.lines().enumerate() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let command = match line.find("  #") {
            Some(at) => line[..at].trim_end(),
            None => line.trim_end(),
        };
        if let Some(args) = command.strip_prefix("cargo run --release -- ") {
            out.push(Example { line: i + 1, command: format!("tm {args}"), default_memory: true });
        } else if command.starts_with("tm ") {
            out.push(Example { line: i + 1, command: command.to_string(), default_memory: false });
        }
    }
    out
}

/// An SDLXLIFF as Trados Studio writes one (segments in `<mrk mtype="seg">`, their
/// confirmation level in `sdl:seg-defs`): the first seed sentences, the first
/// approved, the second only translated.
fn sdlxliff() -> String {
    let pairs = seed_pairs();
    let unit = |i: usize, conf: &str| {
        let (ar, en) = &pairs[i];
        format!(
            "<trans-unit id=\"u{i}\"><source>{ar}</source><seg-source><mrk mtype=\"seg\" mid=\"{i}\">{ar}</mrk>\
             </seg-source><target><mrk mtype=\"seg\" mid=\"{i}\">{en}</mrk></target>\
             <sdl:seg-defs><sdl:seg id=\"{i}\" conf=\"{conf}\"/></sdl:seg-defs></trans-unit>"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><xliff xmlns:sdl=\"http://sdl.com/FileTypes/SdlXliff/1.0\" \
         version=\"1.2\" sdl:version=\"1.0\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\
         <file original=\"report.docx\" source-language=\"ar-SA\" datatype=\"x-sdlfilterframework2\" \
         target-language=\"en-US\"><header/><body>{}{}</body></file></xliff>\n",
        unit(1, "ApprovedTranslation"),
        unit(2, "Translated")
    )
}

/// An OmegaT project's `project_save.tmx` of 2019: the seed report, each unit
/// with its context props.
fn project_save() -> String {
    let pairs = seed_pairs();
    let source = |i: Option<usize>| i.and_then(|i| pairs.get(i)).map_or("", |p| p.0.as_str());
    let units: String = (0..pairs.len())
        .map(|i| {
            let (ar, en) = &pairs[i];
            format!(
                "<tu><prop type=\"file\">report.txt</prop><prop type=\"prev\">{}</prop><prop type=\"next\">{}</prop>\
                 <tuv lang=\"ar\" changeid=\"nadia\" changedate=\"20190412T083000Z\"><seg>{ar}</seg></tuv>\
                 <tuv lang=\"en\" changeid=\"nadia\" changedate=\"20190412T083000Z\"><seg>{en}</seg></tuv></tu>\n",
                source(i.checked_sub(1)),
                source(Some(i + 1))
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx11.dtd\">\n<tmx version=\"1.1\">\
         <header creationtool=\"OmegaT\" o-tmf=\"OmegaT TMX\" adminlang=\"EN-US\" datatype=\"plaintext\" \
         creationtoolversion=\"6.0.1\" segtype=\"sentence\" srclang=\"ar\"/><body>\n{units}</body></tmx>\n"
    )
}

fn link(from: &Path, to: &Path) {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::os::unix::fs::symlink(from, to).unwrap_or_else(|e| panic!("{} → {}: {e}", to.display(), from.display()));
}

fn every_tm_example_of_the_readme_runs_as_written() -> Result<(), Missing> {
    let shared = shared()?;
    // A new user's memory: the sample is shown while it is empty.
    let tm = Tm::new();
    let dir = tm.dir.path();
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = shared.join("data");
    link(&project.join("memory"), &dir.join("memory"));
    for (name, from) in [
        ("report.txt", project.join("memory/example.ar.txt")),
        ("report.ar.txt", project.join("memory/seed-report.ar.txt")),
        ("report.en.txt", project.join("memory/seed-report.en.txt")),
        ("trados.tmx", data.join("parallel/tico-19/tico19.en-ar.tmx")),
        ("UNv1.0.devset.ar", data.join("parallel/un-v1.0-testsets/UNv1.0.devset.ar")),
        ("UNv1.0.devset.en", data.join("parallel/un-v1.0-testsets/UNv1.0.devset.en")),
        ("iso_3166-1.en-ar.tsv", data.join("glossary/iso-codes/iso_3166-1.en-ar.tsv")),
        ("termbase.tbx", data_file("tbx/names-v3-dca.tbx")),
    ] {
        assert!(from.exists(), "{} is missing", from.display());
        link(&from, &dir.join(name));
    }
    tm.write("report.docx.sdlxliff", sdlxliff());
    std::fs::create_dir_all(dir.join("omegat")).unwrap();
    tm.write("omegat/project_save.tmx", project_save());
    // `tm` on the PATH is the built one.
    link(Path::new(env!("CARGO_BIN_EXE_tm")), &dir.join(".bin/tm"));
    let examples = examples();
    assert!(examples.len() >= 20, "only {} examples found in the README", examples.len());
    let mut failed = Vec::new();
    for Example { line, command, default_memory } in &examples {
        let mut sh = tm.sh(&format!("set -eo pipefail; export PATH=\"$PWD/.bin:$PATH\"; {command}"));
        if *default_memory {
            // No memory named: the default one is made, and the sample shown.
            sh.env_remove("TM_DB").env_remove("TM_CREATE").env_remove("TM_NO_SAMPLE");
        }
        let out: Output = sh.output().expect("bash");
        if !out.status.success() {
            failed.push(format!(
                "README.md:{line}: {command}\n  exit {:?}: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    assert!(failed.is_empty(), "{} of {} examples failed:\n{}", failed.len(), examples.len(), failed.join("\n"));
    Ok(())
}
