//! Refusals and exit statuses: a memory of another pair, a database from a newer
//! `tm`, a closed pipe, the exit codes in `--help`.

use std::path::PathBuf;
use std::process::Stdio;

use crate::util::{Tm, closed_pipe, memory_file, seed_pairs, stats, stderr, stdout};

tests![
    one_memory_holds_one_language_pair,
    a_database_from_a_newer_tm_is_refused,
    a_closed_pipe_is_not_an_error,
    every_command_exits_0_when_its_output_is_closed,
    help_documents_the_exit_codes,
    a_memory_indexed_by_other_rules_is_rebuilt_when_opened,
    reindex_rebuilds_a_damaged_index,
    units_inside_an_unknown_element_of_the_body_are_never_dropped_in_silence,
    importing_a_directory_names_it,
    an_export_onto_a_full_disk_names_the_file,
    a_utf16_file_with_the_wrong_byte_order_mark_is_an_encoding_problem,
    a_lone_surrogate_is_reported_at_one_line,
    an_empty_input_is_refused_whatever_its_format,
    ;
    sqlite:
    a_locked_memory_gives_sqlite_s_message_once_with_what_tm_was_doing,
    a_command_that_fails_on_its_arguments_creates_no_memory,
];

fn one_memory_holds_one_language_pair() {
    let tm = Tm::seeded();
    let file = tm.write("x.tsv", "en\tfr\nHello\tBonjour\n");
    let out = tm.expect(&["import", file.to_str().unwrap(), "--source-lang", "en", "--target-lang", "fr"], None, 2);
    assert!(stderr(&out).contains("is a ar→en memory, not en→fr"), "{}", stderr(&out));
    assert_eq!(stats(&tm).entries, 21);
}

fn a_database_from_a_newer_tm_is_refused() {
    let tm = Tm::new();
    stats(&tm);
    tm.set_schema_version(99);
    let out = tm.expect(&["stats"], None, 2);
    assert!(stderr(&out).contains("newer than the"), "{}", stderr(&out));
}

/// A memory of 20,000 entries (and the seed report), a glossary of 3,000 more terms,
/// and an Arabic document of 20,000 lines: what a command writes of them is far
/// more than a pipe holds (64 KiB) and than `tm` buffers (64 KiB).
fn a_large_memory() -> (Tm, PathBuf) {
    let tm = Tm::seeded();
    let mut entries = String::from("ar\ten\n");
    for i in 0..20_000 {
        entries.push_str(&format!("تقرير رقم {i} عن حقل النفط في بحر قزوين\tReport {i} on the oil field in the Caspian Sea\n"));
    }
    let file = tm.write("large.tsv", entries);
    tm.expect(&["import", file.to_str().unwrap()], None, 0);
    let mut terms = String::from("rendering\tvariants\tnote\n");
    for i in 0..3_000 {
        terms.push_str(&format!("Field {i}\tحقل {i}\tgenerated\n"));
    }
    let file = tm.write("terms.tsv", terms);
    tm.expect(&["glossary", "import", file.to_str().unwrap()], None, 0);
    let document = tm.write("large.ar.txt", large_document());
    (tm, document)
}

/// 20,000 lines, the sentences of the seed report over and over (each one a match in
/// the memory; `tm suggest` takes seconds a line in a memory where 20,000 entries share
/// its words).
fn large_document() -> String {
    seed_pairs().iter().cycle().take(20_000).map(|(ar, _)| format!("{ar}\n")).collect()
}

/// `tm export | head -c 100` as a user runs it: the output stops being read after
/// 100 bytes, and `tm` exits 0. (A memory small enough to fit in the pipe's buffer
/// could never show a failure here.)
fn a_closed_pipe_is_not_an_error() {
    let (tm, document) = a_large_memory();
    let doc = document.to_str().unwrap();
    let mut failed = Vec::new();
    for command in ["export", "search تقرير --limit 100000 --format json", &format!("segment --format json {doc}")] {
        let script = format!("\"$TM\" {command} | head -c 100 > /dev/null; exit ${{PIPESTATUS[0]}}");
        let out = tm.sh(&script).output().unwrap();
        if out.status.code() != Some(0) {
            failed.push(format!("tm {command} | head -c 100: exit {:?}, {}", out.status.code(), stderr(&out)));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// Every command that writes data exits 0, and says nothing, when its stdout is
/// closed: at its first write (large outputs, inside a scan or a stream of JSON) or
/// at its last (small ones).
fn every_command_exits_0_when_its_output_is_closed() {
    let (tm, document) = a_large_memory();
    let doc = document.to_str().unwrap();
    let (ar, en) = (memory_file("seed-report.ar.txt"), memory_file("seed-report.en.txt"));
    let commands: &[&[&str]] = &[
        &["export"],
        &["export", "--format", "tsv"],
        &["search", "تقرير", "--limit", "100000"],
        &["search", "تقرير", "--limit", "100000", "--format", "json"],
        &["segment", doc],
        &["segment", doc, "--format", "json"],
        &["align", &ar, &en],
        &["align", &ar, &en, "--format", "json"],
        &["align", &ar, &en, "--format", "tmx"],
        &["stats"],
        &["stats", "--format", "json"],
        &["glossary", "list"],
        &["glossary", "list", "--format", "json"],
    ];
    let sample = Tm::new();
    stats(&sample);
    let suggest: &[&[&str]] = &[&["suggest", "--lines", doc], &["suggest", "--lines", doc, "--format", "json"]];
    let mut failed = Vec::new();
    for (tm, args) in commands.iter().map(|c| (&tm, c)).chain(suggest.iter().map(|c| (&sample, c))) {
        let out = tm.cmd().args(*args).stdin(Stdio::null()).stdout(closed_pipe()).output().unwrap();
        if out.status.code() != Some(0) || !out.stderr.is_empty() {
            failed.push(format!("tm {}: exit {:?}, {}", args.join(" "), out.status.code(), stderr(&out)));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

fn help_documents_the_exit_codes() {
    let out = Tm::new().expect(&["--help"], None, 0);
    assert!(stdout(&out).contains("Exit status: 0 success; 1 nothing found"), "{}", stdout(&out));
}

/// A wrong path, date or directory is refused before the memory is opened: no
/// memory is created (nor seeded) by a command that then fails.
fn a_command_that_fails_on_its_arguments_creates_no_memory() {
    let tm = Tm::new();
    tm.write("doc.ar", memory_file("seed-report.ar.txt"));
    tm.write("doc.en", memory_file("seed-report.en.txt"));
    tm.write("batch.tsv", "doc.ar\tdoc.en\tout.tsv\ndoc.ar\tmissing.en\tout2.tsv\n");
    tm.write("batch-out.tsv", "doc.ar\tdoc.en\tno-such-dir/out.tsv\n");
    tm.write("broken.index", "word\tA\tB\n"); // a dictd index without its .dict.dz
    tm.write("pairs.tsv", "ar\ten\nنفط\toil\n");
    let cases: [(&[&str], &str); 14] = [
        (&["align", "missing.ar", "missing.en"], "missing.ar"),
        (&["align", "doc.ar", "missing.en"], "missing.en"),
        (&["align", "--batch", "missing.tsv"], "missing.tsv"),
        (&["align", "--batch", "batch.tsv"], "missing.en"),
        (&["align", "--batch", "batch-out.tsv"], "no-such-dir"),
        (&["align", "doc.ar", "doc.en", "--dictionary", "missing.index"], "missing.index"),
        (&["align", "doc.ar", "doc.en", "--dictionary", "broken.index"], "broken.dict.dz"),
        (&["align", "doc.ar", "doc.en", "--review", "no-such-dir/review.html"], "no-such-dir"),
        (&["import", "missing.tmx"], "missing.tmx"),
        // One input missing among several: nothing is imported (every input is
        // checked first).
        (&["import", "pairs.tsv", "missing.tmx"], "missing.tmx"),
        (&["import", "--source", "doc.ar", "--target", "doc.en", "--align", "--dictionary", "missing.tsv"], "missing.tsv"),
        (&["export", "-o", "no-such-dir/memory.tmx"], "no-such-dir"),
        (&["remove", "--since", "yesterday"], "yesterday"),
        (&["glossary", "import", "missing.tsv"], "missing.tsv"),
    ];
    for (args, named) in cases {
        let out = tm.expect(args, None, 2);
        assert!(stderr(&out).contains(named), "tm {args:?} does not name {named}: {}", stderr(&out));
        assert!(!tm.db.exists(), "tm {args:?} created the memory");
    }
    tm.expect(&["suggest", "missing.txt"], None, 2);
    assert!(!tm.db.exists(), "tm suggest created the memory");
}

/// Empties the memory's index (as if other rules had made one that finds
/// nothing) and records rules of `version`.
fn damage_index(tm: &Tm, version: Option<&str>) {
    let mut db = tm.connect();
    db.batch("DELETE FROM posting; DELETE FROM stem;");
    if let Some(version) = version {
        db.batch(&format!(
            "INSERT INTO setting (key, value) VALUES ('index_rules', '{version}') \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ));
    }
}

/// The first sentence of the seed report: an exact match while the index is sound.
fn exact_score(tm: &Tm) -> Option<u8> {
    let (ar, _) = seed_pairs().swap_remove(0);
    let out = tm.run(&["suggest", "--format", "json"], Some(&ar));
    let lines: Vec<crate::util::Suggestion> = crate::util::lines(&out.stdout);
    lines.first().and_then(|s| s.matches.first()).map(|m| m.score)
}

fn a_memory_indexed_by_other_rules_is_rebuilt_when_opened() {
    let tm = Tm::seeded();
    assert_eq!(exact_score(&tm), Some(100));
    damage_index(&tm, None);
    assert_eq!(exact_score(&tm), None, "an empty index found a match");
    damage_index(&tm, Some("0"));
    let (ar, _) = seed_pairs().swap_remove(0);
    let out = tm.expect(&["suggest"], Some(&ar), 0);
    assert!(stderr(&out).contains("the index was made by the rules of version 0; rebuilt"), "{}", stderr(&out));
    assert_eq!(exact_score(&tm), Some(100));
    assert!(!stderr(&tm.expect(&["stats"], None, 0)).contains("rebuilt"), "rebuilt twice");
}

fn reindex_rebuilds_a_damaged_index() {
    let tm = Tm::seeded();
    damage_index(&tm, None);
    assert_eq!(exact_score(&tm), None);
    let out = tm.expect(&["reindex"], None, 0);
    assert!(stderr(&out).contains("reindexed 21 entries"), "{}", stderr(&out));
    assert_eq!(exact_score(&tm), Some(100));
}

/// Defect (from a user's trial): TICO-19's TMX with its units wrapped in an
/// element TMX does not know (`sed 's#<body>#<body><x>#; s#</body>#</x></body>#'`)
/// imported "0 imported … 0 skipped" with exit 0: 3,071 units lost unseen. The file
/// is refused, naming the element and its line, and the memory is left as it was.
fn units_inside_an_unknown_element_of_the_body_are_never_dropped_in_silence() -> crate::util::Checked {
    let tmx = crate::util::shared()?.join("data/parallel/tico-19/tico19.en-ar.tmx");
    let text = std::fs::read_to_string(tmx).unwrap().replacen("<body>", "<body><x>", 1).replacen("</body>", "</x></body>", 1);
    let line = text.lines().position(|l| l.contains("<x>")).unwrap() + 1;
    let tm = Tm::seeded();
    let file = tm.write("wrapped.tmx", &text);
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    let message = format!("wrapped.tmx:{line}: <x> inside <body>, where TMX allows only <tu>");
    assert!(stderr(&out).contains(&message), "{}", stderr(&out));
    assert_eq!(stats(&tm).entries, 21);
    Ok(())
}

/// Defect (issue 15): every SQLite error was printed three times ("database is
/// locked: database is locked: Error code 5: database is locked"). Another
/// connection holds the memory in SQLite's exclusive locking mode: the message
/// gives SQLite's words once, the memory and what tm was doing.
fn a_locked_memory_gives_sqlite_s_message_once_with_what_tm_was_doing() {
    let tm = Tm::seeded();
    let lock = rusqlite::Connection::open(&tm.db).unwrap();
    lock.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;").unwrap();
    let out = tm.expect(&["--wait", "0", "stats"], None, 2);
    let message = stderr(&out);
    assert_eq!(message.matches("locked").count(), 1, "{message}");
    assert!(!message.contains("Error code"), "{message}");
    let db = tm.db.display().to_string();
    assert!(message.contains(&format!("{db}: database is locked (SQLite, opening it)")), "{message}");
    drop(lock);
}

/// Defect (issue 15): `tm import DIR` said "Is a directory (os error 21)" without
/// the path. It names the directory, before the memory is opened.
fn importing_a_directory_names_it() {
    let tm = Tm::new();
    std::fs::create_dir(tm.path("exports")).unwrap();
    let dir = tm.path("exports").display().to_string();
    let out = tm.expect(&["import", &dir], None, 2);
    assert!(stderr(&out).contains(&format!("{dir}: a directory, not a file")), "{}", stderr(&out));
    assert!(!tm.db.exists(), "the memory was created");
}

/// Defect (issue 15): an export onto a full disk did not name the file. `/dev/full`
/// (where there is one) fails every write with ENOSPC: the message names it, and
/// it is written in place, not replaced by a renamed file.
fn an_export_onto_a_full_disk_names_the_file() -> crate::util::Checked {
    use std::os::unix::fs::FileTypeExt;
    let full = std::path::Path::new("/dev/full");
    if !std::fs::metadata(full).is_ok_and(|m| m.file_type().is_char_device()) {
        return Err(crate::util::Missing("/dev/full".into()));
    }
    let tm = Tm::seeded();
    let out = tm.expect(&["export", "--sample", "-o", "/dev/full"], None, 2);
    assert!(stderr(&out).contains("/dev/full: No space left on device"), "{}", stderr(&out));
    assert!(std::fs::metadata(full).unwrap().file_type().is_char_device(), "/dev/full was replaced");
    assert!(!std::path::Path::new("/dev/.full.partial").exists());
    Ok(())
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let units = text.encode_utf16();
    units.flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
}

/// Defect (issue 15): a UTF-16 file whose byte-order mark says the other byte
/// order was reported as "text before the root element". The shipped TMX in
/// UTF-16BE after a little-endian mark is an encoding problem, said so at line 1.
fn a_utf16_file_with_the_wrong_byte_order_mark_is_an_encoding_problem() {
    let tm = Tm::seeded();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(utf16(&std::fs::read_to_string(memory_file("seed-report.tmx")).unwrap(), true));
    let file = tm.write("trados.tmx", bytes);
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    let expected = "trados.tmx:1: the byte-order mark says UTF-16LE, but the text after it is UTF-16BE";
    assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    assert!(!stderr(&out).contains("root element"), "{}", stderr(&out));
    assert_eq!(stats(&tm).entries, 21);
}

/// Defect (issue 15): a lone surrogate in a UTF-16 file was reported with two
/// line numbers (`x.tmx:3: malformed XML: I/O error: line 40: …`). The shipped TMX in
/// UTF-16LE with a lone high surrogate in a segment of line 40, and a UTF-16 TSV
/// with one on line 3: each is reported once, at its line.
fn a_lone_surrogate_is_reported_at_one_line() {
    let tm = Tm::seeded();
    let tmx = std::fs::read_to_string(memory_file("seed-report.tmx")).unwrap();
    let line = tmx.lines().position(|l| l.contains("<seg>")).unwrap() + 1;
    let mut bytes = vec![0xFF, 0xFE];
    for (i, l) in tmx.split_inclusive('\n').enumerate() {
        let mut units: Vec<u16> = l.encode_utf16().collect();
        if i + 1 == line {
            let at = units.iter().position(|&u| u == u16::from(b'>')).unwrap() + 1;
            units.insert(at, 0xD800);
        }
        bytes.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    }
    let file = tm.write("trados.tmx", bytes);
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    let message = stderr(&out);
    assert!(message.contains(&format!("trados.tmx:{line}: bytes that are not valid UTF-16LE")), "{message}");
    assert!(!message.contains("line "), "two line numbers: {message}");

    let mut tsv = vec![0xFF, 0xFE];
    tsv.extend(utf16("ar\ten\nانتهى الإضراب\tThe strike ended\n", false));
    tsv.extend([0x00, 0xD8]);
    tsv.extend(utf16("نفط\toil\n", false));
    let file = tm.write("pairs.tsv", tsv);
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    let message = stderr(&out);
    assert!(message.contains("pairs.tsv:3: bytes that are not valid UTF-16LE"), "{message}");
    assert!(!message.contains("line "), "two line numbers: {message}");
}

/// Defect (issue 15): an empty TMX exited 2, an empty TSV or pair of line files 0.
/// One rule (README, exit status): an input of no bytes or only white space is
/// refused, exit status 2, whatever its format.
fn an_empty_input_is_refused_whatever_its_format() {
    let tm = Tm::seeded();
    let tmx = tm.write("empty.tmx", "");
    let tsv = tm.write("empty.tsv", "\n\n");
    let (ar, en) = (tm.write("empty.ar", ""), tm.write("empty.en", " \n"));
    let cases: [(Vec<&str>, &str); 3] = [
        (vec!["import", tmx.to_str().unwrap()], "empty.tmx: an empty file"),
        (vec!["import", tsv.to_str().unwrap()], "empty.tsv: an empty file"),
        (vec!["import", "--source", ar.to_str().unwrap(), "--target", en.to_str().unwrap()], "empty.ar: an empty file"),
    ];
    for (args, expected) in cases {
        let out = tm.expect(&args, None, 2);
        assert!(stderr(&out).contains(expected), "tm {args:?}: {}", stderr(&out));
    }
    let out = tm.expect(&["import", "-"], Some(""), 2);
    assert!(stderr(&out).contains("stdin: an empty file"), "{}", stderr(&out));
    assert_eq!(stats(&tm).entries, 21);
}
