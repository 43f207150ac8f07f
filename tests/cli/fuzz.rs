//! The fuzz targets' bodies (`tm::fuzz`, run by `bench/fuzz.sh` under libFuzzer) on
//! stable, in every test run: the seeds of the shipped files and of the real
//! CAT-tool samples of the shared material. An input a fuzzing run finds is kept
//! in `tests/data/fuzz/<target>/` once its fault is fixed, with a test of its own
//! named after the case (none is kept yet: the first findings are still open).

use std::path::{Path, PathBuf};

use crate::util::{Checked, shared};

tests![shipped_files_pass_the_fuzz_targets, shared_samples_pass_the_fuzz_targets];

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() { dirs.push(path) } else { out.push(path) }
        }
    }
    out.sort();
    out
}

/// Runs `target` on the input, saying which input failed.
fn run(target: &str, input: &[u8], from: &Path) {
    let outcome = std::panic::catch_unwind(|| tm::fuzz::run(target, input));
    if let Err(panic) = outcome {
        let message = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
        panic!("fuzz target {target} on {}: {}", from.display(), message.unwrap_or_default());
    }
}

fn run_seeds(files: &[PathBuf]) -> usize {
    let mut n = 0;
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy();
        for (target, input) in tm::fuzz::seeds_of(&name, &std::fs::read(file).unwrap()) {
            run(target, &input, file);
            n += 1;
        }
    }
    n
}

/// The shipped memory, glossary and test files: the seeds every fuzzing run starts from.
fn shipped_files_pass_the_fuzz_targets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<PathBuf> = ["memory", "glossary", "tests/data/tbx"].iter().flat_map(|d| files_under(&root.join(d))).collect();
    assert!(run_seeds(&files) >= 10);
}

/// The CAT tools' samples (TMX, XLIFF, SDLXLIFF, TBX) and the seed report of the shared material.
fn shared_samples_pass_the_fuzz_targets() -> Checked {
    let shared = shared()?;
    let files: Vec<PathBuf> = ["data/formats", "seed"].iter().flat_map(|d| files_under(&shared.join(d))).collect();
    assert!(run_seeds(&files) >= 100);
    Ok(())
}
