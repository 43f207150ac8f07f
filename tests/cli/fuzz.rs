//! The fuzz targets' bodies (`tm::fuzz`, run by `bench/fuzz.sh` under libFuzzer) on
//! stable, in every test run: the seeds of the shipped files and of the real
//! CAT-tool samples of the shared material. An input a fuzzing run finds is kept
//! in `tests/data/fuzz/<target>/` once its fault is fixed, with a test of its own
//! named after the case, which fails without the fix; a test checks that every
//! kept input has one.

use std::path::{Path, PathBuf};

use crate::util::{Checked, shared};

tests![
    ;
    sqlite:
    shipped_files_pass_the_fuzz_targets,
    shared_samples_pass_the_fuzz_targets,
    every_kept_finding_has_its_test,
    two_number_repairs_on_one_span_are_not_made,
    a_number_with_zeros_before_a_slash_is_repaired_as_it_reads,
    windows_1256_after_a_kilobyte_of_ascii_is_told_alike_streamed_or_whole,
    half_a_utf16_code_unit_at_the_end_is_malformed,
    a_control_character_in_a_tmx_segment_is_malformed_xml,
    a_control_character_in_a_tmx_attribute_name_is_malformed_xml,
    content_after_an_empty_tmx_body_is_read,
    content_after_an_empty_xliff_root_fails_import_as_it_fails_decoding,
    a_tsv_target_beginning_with_a_quote_is_read_back_as_exported,
    a_foreign_attribute_of_a_tmx_variant_keeps_its_place_through_a_round_trip,
    a_long_sentence_cut_at_a_run_of_spaces_ends_at_its_last_word,
    a_number_with_a_slash_put_into_arabic_digits_reads_back_as_the_segments,
    a_tmx_prop_without_a_type_comes_back_as_it_was_read,
    a_control_character_in_a_tmx_inline_tag_is_malformed_xml,
    a_tmx_unit_before_the_body_refuses_the_file,
    a_tmx_unit_inside_an_unknown_element_before_the_body_refuses_the_file,
];

/// The kept findings, as `target/case`, each with the test that runs it.
const KEPT: &[(&str, &str)] = &[
    ("decode/half_a_utf16_code_unit_at_the_end", "half_a_utf16_code_unit_at_the_end_is_malformed"),
    ("decode/windows_1256_after_a_kilobyte_of_ascii", "windows_1256_after_a_kilobyte_of_ascii_is_told_alike_streamed_or_whole"),
    ("matcher/a_number_with_a_slash_put_into_arabic_digits", "a_number_with_a_slash_put_into_arabic_digits_reads_back_as_the_segments"),
    ("matcher/two_number_repairs_on_one_span", "two_number_repairs_on_one_span_are_not_made"),
    ("matcher/zeros_before_a_slash_in_a_number", "a_number_with_zeros_before_a_slash_is_repaired_as_it_reads"),
    ("segment/a_long_sentence_cut_at_a_run_of_spaces", "a_long_sentence_cut_at_a_run_of_spaces_ends_at_its_last_word"),
    ("tmx/a_control_character_in_a_segment", "a_control_character_in_a_tmx_segment_is_malformed_xml"),
    ("tmx/a_control_character_in_an_attribute_name", "a_control_character_in_a_tmx_attribute_name_is_malformed_xml"),
    ("tmx/a_control_character_in_an_inline_tag", "a_control_character_in_a_tmx_inline_tag_is_malformed_xml"),
    ("tmx/a_foreign_attribute_before_the_dtds_on_a_variant", "a_foreign_attribute_of_a_tmx_variant_keeps_its_place_through_a_round_trip"),
    ("tmx/a_prop_without_a_type", "a_tmx_prop_without_a_type_comes_back_as_it_was_read"),
    ("tmx/a_unit_before_the_body", "a_tmx_unit_before_the_body_refuses_the_file"),
    ("tmx/a_unit_inside_an_unknown_element_before_the_body", "a_tmx_unit_inside_an_unknown_element_before_the_body_refuses_the_file"),
    ("tmx/content_after_an_empty_body", "content_after_an_empty_tmx_body_is_read"),
    ("tsv/a_target_beginning_with_a_quote_and_holding_doubled_ones", "a_tsv_target_beginning_with_a_quote_is_read_back_as_exported"),
    ("xliff/content_after_an_empty_root", "content_after_an_empty_xliff_root_fails_import_as_it_fails_decoding"),
];

fn kept_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz")
}

/// Runs kept finding `case` (`target/name`) through its target.
fn run_kept(case: &str) {
    let path = kept_dir().join(case);
    let input = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let target = case.split('/').next().unwrap();
    run(target, &input, &path);
}

/// Every file under `tests/data/fuzz/` is a finding some test here runs (a kept
/// input that no test names would pin nothing).
fn every_kept_finding_has_its_test() {
    let dir = kept_dir();
    let files: Vec<String> = files_under(&dir)
        .iter()
        .map(|f| f.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    let listed: Vec<String> = KEPT.iter().map(|(case, _)| case.to_string()).collect();
    assert_eq!(files, listed, "the kept findings and the tests that run them differ");
    let source = include_str!("fuzz.rs");
    for (case, test) in KEPT {
        let body = format!("fn {test}() {{\n    run_kept(\"{case}\")");
        assert!(source.contains(&body), "{test} does not run {case}");
    }
}

/// From a fuzzing run (matcher): the entry's source has 5 twice and its target once,
/// the segment 3 and 4 in their places; both repairs landed on the target's one 5,
/// and the first was kept silently ("3 injured", wrong either way). A number the
/// source has twice is not replaced, and costs a word.
fn two_number_repairs_on_one_span_are_not_made() {
    run_kept("matcher/two_number_repairs_on_one_span");
    let input = std::fs::read(kept_dir().join("matcher/two_number_repairs_on_one_span")).unwrap();
    let [segment, source, target] = <[&[u8]; 3]>::try_from(input.split(|&b| b == 0).collect::<Vec<_>>()).unwrap();
    let [segment, source, target] = [segment, source, target].map(|t| std::str::from_utf8(t).unwrap());
    let query = tm::memory::matcher::Query::new(segment, None);
    let scoring = tm::memory::matcher::score(&query, source, target, None, &mut Default::default());
    assert!(scoring.repairs.is_empty(), "{:?}", scoring.repairs);
    assert!(scoring.score < 80, "scored {} as if repaired", scoring.score);
}

/// From a fuzzing run (matcher): a segment's number with a slash in it
/// (`2011/12.016`) put into a target that writes its numbers in Arabic-Indic
/// digits was grouped as if it were one run of digits (`٢٬٠١١/١٢…`), which reads
/// back as another number. A number is grouped only when it is a run of digits,
/// and a repair is made only when what it puts in reads as the segment's number.
fn a_number_with_a_slash_put_into_arabic_digits_reads_back_as_the_segments() {
    run_kept("matcher/a_number_with_a_slash_put_into_arabic_digits");
    let input = std::fs::read(kept_dir().join("matcher/a_number_with_a_slash_put_into_arabic_digits")).unwrap();
    let texts: Vec<&str> = input.split(|&b| b == 0).map(|t| std::str::from_utf8(t).unwrap()).collect();
    let query = tm::memory::matcher::Query::new(texts[0], None);
    let scoring = tm::memory::matcher::score(&query, texts[1], texts[2], None, &mut Default::default());
    let repaired: Vec<&str> = scoring.repairs.iter().map(|r| r.to.as_str()).collect();
    assert_eq!(repaired, ["٢٠١١/١٢٫٠١٦"]);
}

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

/// From a fuzzing run (decode): a TSV in Windows-1256 whose Arabic starts after
/// its first kilobyte. Read from a file (64 KiB a read) it was told Windows-1256;
/// the same bytes a byte at a time (a pipe) were told from their first kilobyte,
/// all ASCII, taken for UTF-8 and refused. The encoding is told from the first
/// 64 KiB however the reads arrive.
fn windows_1256_after_a_kilobyte_of_ascii_is_told_alike_streamed_or_whole() {
    run_kept("decode/windows_1256_after_a_kilobyte_of_ascii");
}

/// From a fuzzing run (tmx): a segment holding a control character (U+001A, which
/// XML does not allow) was read; `tm export` leaves such characters out, so the
/// entry written and read back differed. The TMX reader refuses it as malformed
/// XML at its line, as the XLIFF reader does.
fn a_control_character_in_a_tmx_segment_is_malformed_xml() {
    run_kept("tmx/a_control_character_in_a_segment");
    let input = std::fs::read(kept_dir().join("tmx/a_control_character_in_a_segment")).unwrap();
    let mut reader = tm::formats::tmx::TmxReader::open(&input[..], "a.tmx").unwrap();
    let err = std::iter::from_fn(|| reader.next_unit().transpose()).find_map(Result::err).unwrap();
    assert_eq!(err.to_string(), "a.tmx:7: malformed XML: the character U+001A is not allowed in XML");
}

/// From a fuzzing run (tmx): a NUL inside an attribute's name (`change\0date`);
/// the attribute became a prop, whose name export leaves the NUL out of, so the
/// entry written and read back differed. Malformed XML, at its line.
fn a_control_character_in_a_tmx_attribute_name_is_malformed_xml() {
    run_kept("tmx/a_control_character_in_an_attribute_name");
    let input = std::fs::read(kept_dir().join("tmx/a_control_character_in_an_attribute_name")).unwrap();
    let mut reader = tm::formats::tmx::TmxReader::open(&input[..], "a.tmx").unwrap();
    let err = std::iter::from_fn(|| reader.next_unit().transpose()).find_map(Result::err).unwrap();
    assert!(err.to_string().starts_with("a.tmx:5: malformed XML: the character U+0000 is not allowed in XML"), "{err}");
}

/// The first error reading kept TMX finding `case` gives (opening it included).
fn tmx_error(case: &str) -> String {
    let input = std::fs::read(kept_dir().join(case)).unwrap();
    let mut reader = match tm::formats::tmx::TmxReader::open(&input[..], "a.tmx") {
        Ok(reader) => reader,
        Err(err) => return err.to_string(),
    };
    let err = std::iter::from_fn(|| reader.next_unit().transpose()).find_map(Result::err);
    err.expect("the file was read without an error").to_string()
}

/// From a fuzzing run (tmx): a `<prop>` without a `type` (which the DTD requires)
/// was read with an empty type and written back as `x-unnamed`, so the entry
/// written and read back differed. It is read as `x-unnamed` too.
fn a_tmx_prop_without_a_type_comes_back_as_it_was_read() {
    run_kept("tmx/a_prop_without_a_type");
    let input = std::fs::read(kept_dir().join("tmx/a_prop_without_a_type")).unwrap();
    let mut reader = tm::formats::tmx::TmxReader::open(&input[..], "a.tmx").unwrap();
    let unit = reader.next_unit().unwrap().unwrap();
    let props: Vec<(&str, &str)> = unit.props.iter().map(|p| (p.kind.as_str(), p.value.as_str())).collect();
    assert_eq!(props, [("x-unnamed", "client-a")]);
}

/// From a fuzzing run (tmx): a control character in the name of an inline tag
/// (`<x\u{7}/>`) went into the target's markup, which export writes without it.
/// Malformed XML, at its line, wherever in a tag it is.
fn a_control_character_in_a_tmx_inline_tag_is_malformed_xml() {
    run_kept("tmx/a_control_character_in_an_inline_tag");
    let err = tmx_error("tmx/a_control_character_in_an_inline_tag");
    assert_eq!(err, "a.tmx:7: malformed XML: the character U+0007 is not allowed in XML");
}

/// From a fuzzing run (tmx): a `<tu/>` between the header and `<body>` was passed
/// over unseen. A unit outside the body refuses the file, as an unknown element
/// in the body does (issue: never a silent loss).
fn a_tmx_unit_before_the_body_refuses_the_file() {
    run_kept("tmx/a_unit_before_the_body");
    let err = tmx_error("tmx/a_unit_before_the_body");
    assert_eq!(err, "a.tmx:4: a <tu> outside <body>: the file is not read, lest the units in it be lost");
}

/// From a fuzzing run (tmx): an element TMX does not know, before `<body>`, was
/// skipped whole, with the units in it. The file is refused, naming the element.
fn a_tmx_unit_inside_an_unknown_element_before_the_body_refuses_the_file() {
    run_kept("tmx/a_unit_inside_an_unknown_element_before_the_body");
    let err = tmx_error("tmx/a_unit_inside_an_unknown_element_before_the_body");
    let expected = "a.tmx:6: a <tu> inside <x-extra>, outside <body>: the file is not read, lest the units in it be lost";
    assert_eq!(err, expected);
}

/// From a fuzzing run (tmx): an empty `<body/>` ended the reading, so that the
/// rest of the file (bytes that are not UTF-8, an end tag cut short) went unread
/// and the file was taken, where its decoding failed. It is read to its end, and
/// refused at a line.
fn content_after_an_empty_tmx_body_is_read() {
    run_kept("tmx/content_after_an_empty_body");
    let input = std::fs::read(kept_dir().join("tmx/content_after_an_empty_body")).unwrap();
    let read = tm::formats::tmx::TmxReader::open(&input[..], "a.tmx").and_then(|mut r| r.next_unit());
    let err = read.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.starts_with("a.tmx:7: bytes that are not valid UTF-8"), "{err}");
}

/// From a fuzzing run (xliff): a root `<xliff …/>` made empty by a stray `/>`,
/// then the rest of a file, with a byte that is not UTF-8 on line 5. The import
/// stopped at the empty root and took the file (nothing in it), while
/// `xliff::decode` (pre-translation's reading) refused it with no line. Both
/// refuse it at a line: the import reads on after an empty root as after
/// `</xliff>`, and the decoding names the line of the byte.
fn content_after_an_empty_xliff_root_fails_import_as_it_fails_decoding() {
    run_kept("xliff/content_after_an_empty_root");
    let input = std::fs::read(kept_dir().join("xliff/content_after_an_empty_root")).unwrap();
    let decoded = tm::formats::xliff::decode(&input, "a.xlf").unwrap_err();
    assert_eq!(decoded.to_string(), "a.xlf:5: bytes that are not valid UTF-8");
    let tm = crate::util::Tm::seeded();
    let file = tm.write("a.xlf", &input);
    let out = tm.expect(&["import", file.to_str().unwrap()], None, 2);
    let message = crate::util::stderr(&out);
    assert!(message.contains("a.xlf:2: malformed XML: ill-formed document: close tag"), "{message}");
    assert_eq!(crate::util::stats(&tm).entries, 21);
}

/// From a fuzzing run (decode): a UTF-16LE byte-order mark and one byte more. The
/// streamed decoding was never told the input had ended, and dropped the half
/// code unit without a word (decoded whole, it is malformed). It fails at its line.
fn half_a_utf16_code_unit_at_the_end_is_malformed() {
    run_kept("decode/half_a_utf16_code_unit_at_the_end");
    let err = tm::formats::decode::read_text(&[0xFF, 0xFE, b'a', 0, b'\n', 0, 0xAE][..], "a.txt").unwrap_err();
    assert_eq!(err.to_string(), "a.txt:2: bytes that are not valid UTF-16LE");
}

/// From a fuzzing run (matcher): a number of the segment written
/// `000…000/0330267493` was read as `/0330267493` (every leading zero taken), and
/// the repair that put it into the target read back as `330267493`, not a number
/// of the segment. A zero before a mark stays.
fn a_number_with_zeros_before_a_slash_is_repaired_as_it_reads() {
    run_kept("matcher/zeros_before_a_slash_in_a_number");
}

/// From a fuzzing run (tsv): a quoted TSV gave a target that begins with a quote
/// and holds doubled ones; exported by tm and read back, it was taken for RFC 4180
/// quoting and refused. Such a field is written with a backslash before it.
fn a_tsv_target_beginning_with_a_quote_is_read_back_as_exported() {
    run_kept("tsv/a_target_beginning_with_a_quote_and_holding_doubled_ones");
}

/// From a fuzzing run (segment): a sentence past rule 7's limit, cut at a run of
/// spaces, gave a piece that ended in white space.
fn a_long_sentence_cut_at_a_run_of_spaces_ends_at_its_last_word() {
    run_kept("segment/a_long_sentence_cut_at_a_run_of_spaces");
}

/// From a fuzzing run (tmx): a `<tuv>` attribute the DTD does not have
/// (`changedi`) before the DTD's ones is written as an `x-tm-attr-` prop and came
/// back after them: a write and a read changed the variant. Attributes are read in
/// the order a written file gives back: the DTD's first, then the others.
fn a_foreign_attribute_of_a_tmx_variant_keeps_its_place_through_a_round_trip() {
    run_kept("tmx/a_foreign_attribute_before_the_dtds_on_a_variant");
}
