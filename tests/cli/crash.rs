//! kill -9 at a random moment of each command that writes: the memory passes
//! `PRAGMA integrity_check` and holds what it held before the command or what it
//! holds after it, never a part. Three trials per command here, on small inputs of
//! real pairs; `bench/kill.sh` runs twenty per command on larger ones.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::util::{Checked, Tm, shared, stats, stdout};

tests![
    ;
    sqlite:
    a_kill_at_a_random_moment_of_a_write_leaves_the_memory_before_or_after_it,
];

const TRIALS: usize = 3;

/// A command that writes: its name, the commands that make the memory it runs
/// on (after the seed import), and its arguments.
type Operation = (&'static str, Vec<Vec<String>>, Vec<String>);

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path).unwrap().lines().map(str::to_string).collect()
}

/// What a memory holds as its exports say, after checking its integrity.
fn state(tm: &Tm) -> (Vec<String>, Vec<String>, Vec<(String, u64)>) {
    tm.assert_sound();
    let sorted = |args: &[&str]| {
        let mut v: Vec<String> = stdout(&tm.expect(args, None, 0)).lines().map(str::to_string).collect();
        v.sort();
        v
    };
    (sorted(&["export", "--format", "tsv"]), sorted(&["glossary", "export"]), stats(tm).origins)
}

/// The memory's files copied from `from` (a memory no process has open).
fn copy_memory(from: &Tm, to: &Tm) {
    for suffix in ["", "-wal", "-shm"] {
        let (src, dst) = (format!("{}{suffix}", from.db.display()), format!("{}{suffix}", to.db.display()));
        let _ = std::fs::remove_file(&dst);
        if Path::new(&src).exists() {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// A delay from 0 to `max`, different at every run (the seed is in the messages).
struct Delays(u64);

impl Delays {
    fn next(&mut self, max: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        max.mul_f64((self.0 % 10_000) as f64 / 10_000.0)
    }
}

/// Inputs from TICO-19, the ISO 3166 names and the UN development set, written
/// in `dir`: a TMX of 20,000 pairs in versions, two TSVs of 200 (one for the memory
/// before), a glossary of 5,000
/// names, and two documents of 300 lines.
fn inputs(shared: &Path, dir: &Tm) -> [PathBuf; 6] {
    let tico = shared.join("data/parallel/tico-19");
    let pairs: Vec<(String, String)> =
        lines(&tico.join("tico19.ar")).into_iter().zip(lines(&tico.join("tico19.en"))).collect();
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut tmx = String::from("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"ar\"/><body>\n");
    for i in 0..20_000 {
        let (ar, en) = &pairs[i % pairs.len()];
        tmx += &format!(
            "<tu><tuv xml:lang=\"ar\"><seg>{} ({i})</seg></tuv><tuv xml:lang=\"en\"><seg>{} ({i})</seg></tuv></tu>\n",
            escape(ar),
            escape(en)
        );
    }
    tmx += "</body></tmx>\n";
    let tsv = |tag: &str| -> String { pairs.iter().take(200).map(|(ar, en)| format!("{ar} [{tag}]\t{en} [{tag}]\n")).collect() };
    let names = lines(&shared.join("data/glossary/iso-codes/iso_3166-1.en-ar.tsv"));
    let rows: Vec<&str> = names[1..].iter().map(String::as_str).collect();
    let glossary: String = (0..5_000).map(|i| format!("{} {i}\n", rows[i % rows.len()].replacen('\t', &format!(" {i}\t"), 1))).collect();
    let un = shared.join("data/parallel/un-v1.0-testsets");
    let doc = |side: &str| lines(&un.join(format!("UNv1.0.devset.{side}")))[..300].join("\n") + "\n";
    [
        dir.write("big.tmx", tmx),
        dir.write("seed.tsv", format!("ar\ten\n{}", tsv("seed"))),
        dir.write("small.tsv", format!("ar\ten\n{}", tsv("small"))),
        dir.write("names.tsv", format!("en\tar\n{glossary}")),
        dir.write("doc.ar.txt", doc("ar")),
        dir.write("doc.en.txt", doc("en")),
    ]
}

/// Each command that writes, three times, killed at a random moment of its run:
/// a large import (postings flushed within its transaction), a small one, `tm
/// remove`, `tm glossary import` and `tm import --align`.
fn a_kill_at_a_random_moment_of_a_write_leaves_the_memory_before_or_after_it() -> Checked {
    let shared = shared()?;
    let files = Tm::empty();
    let [big, seed_tsv, small, names, doc_ar, doc_en] = inputs(&shared, &files);
    let p = |path: &PathBuf| path.to_str().unwrap().to_string();
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    let mut delays = Delays(seed);
    let ops: [Operation; 5] = [
        ("import (large)", vec![], vec!["import".into(), "--origin".into(), "big".into(), p(&big)]),
        ("import (small)", vec![], vec!["import".into(), "--origin".into(), "small".into(), p(&small)]),
        ("remove", vec![vec!["import".into(), "--origin".into(), "big".into(), p(&big)]], vec![
            "remove".into(),
            "--origin".into(),
            "big".into(),
        ]),
        ("glossary import", vec![], vec!["glossary".into(), "import".into(), p(&names)]),
        ("import --align", vec![], vec![
            "import".into(),
            "--source".into(),
            p(&doc_ar),
            "--target".into(),
            p(&doc_en),
            "--align".into(),
        ]),
    ];
    for (name, setup, args) in ops {
        let base = Tm::empty();
        base.expect(&["import", "--origin", "seed", &p(&seed_tsv)], None, 0);
        for step in &setup {
            let step: Vec<&str> = step.iter().map(String::as_str).collect();
            base.expect(&step, None, 0);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let before = state(&base);
        let done = Tm::empty();
        copy_memory(&base, &done);
        let start = Instant::now();
        done.expect(&args, None, 0);
        let duration = start.elapsed();
        let after = state(&done);
        assert!(before != after, "{name} changes nothing");
        for trial in 1..=TRIALS {
            let work = Tm::empty();
            copy_memory(&base, &work);
            let delay = delays.next(duration);
            let mut child = work.cmd().args(&args).stderr(std::process::Stdio::null()).spawn().unwrap();
            std::thread::sleep(delay);
            child.kill().unwrap();
            child.wait().unwrap();
            let got = state(&work);
            assert!(
                got == before || got == after,
                "{name}, trial {trial}: killed after {delay:?} of {duration:?} (seed {seed}), the memory is neither as before nor as after"
            );
        }
    }
    Ok(())
}
