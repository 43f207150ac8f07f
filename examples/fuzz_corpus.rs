//! Builds the fuzz targets' starting corpus: `fuzz_corpus OUT DIR…` walks each DIR
//! and writes the seeds each file gives ([`tm::fuzz::seeds_of`]) to
//! `OUT/<target>/<hash>`, and prints how many each target got. Run by
//! `bench/fuzz.sh`; not part of `tm`.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let Some((out, dirs)) = args.split_first() else {
        eprintln!("usage: fuzz_corpus OUT DIR…");
        std::process::exit(2);
    };
    let mut files = Vec::new();
    for dir in dirs {
        walk(dir, &mut files)?;
    }
    files.sort();
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for file in &files {
        let bytes = std::fs::read(file)?;
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for (target, input) in tm::fuzz::seeds_of(&name, &bytes) {
            let dir = out.join(target);
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join(format!("{:016x}", tm::hash::fnv1a(&input))), &input)?;
            *counts.entry(target).or_default() += 1;
        }
    }
    for (target, n) in counts {
        println!("{target}\t{n}");
    }
    Ok(())
}
