//! Keeping a memory for years: `tm dedupe`, `tm stats --by`, `tm vacuum`.

use crate::util::{Tm, seed_pairs, stdout};

tests![
    duplicates_become_the_newest_entry_with_the_contexts_notes_and_creation_of_the_others,
    a_dry_run_says_what_it_would_merge_and_changes_nothing,
    dedupe_takes_only_the_entries_its_filter_names,
    stats_by_origin_and_by_collection_count_each_group,
    ;
    sqlite:
    vacuum_shrinks_a_memory_after_a_removal_and_finds_it_sound,
];

#[derive(serde::Deserialize, Debug)]
struct Group {
    kept: u64,
    removed: Vec<u64>,
}

#[derive(serde::Deserialize, Debug)]
struct Summary {
    entries: u64,
    groups: u64,
    removed: u64,
    dry_run: bool,
}

#[derive(serde::Deserialize, Debug)]
struct Context {
    prev: Option<String>,
    next: Option<String>,
}

#[derive(serde::Deserialize, Debug)]
struct Shown {
    target: String,
    created: Option<String>,
    confirmed: Option<String>,
    contexts: Vec<Context>,
}

#[derive(serde::Deserialize, Debug)]
struct Version {
    action: Option<String>,
    replacer: Option<String>,
}

/// One unit of a TMX 1.4 body.
fn tu(ar: &str, en: &str, date: &str, props: &[(&str, &str)], note: Option<&str>) -> String {
    let props: String = props.iter().map(|(k, v)| format!("<prop type=\"{k}\">{v}</prop>")).collect();
    let note = note.map(|n| format!("<note>{n}</note>")).unwrap_or_default();
    format!(
        "<tu creationdate=\"{date}\" changedate=\"{date}\">{props}{note}\
         <tuv xml:lang=\"ar\"><seg>{ar}</seg></tuv><tuv xml:lang=\"en\"><seg>{en}</seg></tuv></tu>\n"
    )
}

fn tmx(units: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" \
         creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"ar\" \
         datatype=\"plaintext\"/><body>\n{}</body></tmx>\n",
        units.concat()
    )
}

/// A memory holding, from the seed report, one sentence three times as two
/// translators' files had it (the second without the hamza on its alef, with a
/// double space in the target, and newer) and once with a target in other case,
/// plus the same pair in the collection of a client.
fn memory_with_duplicates() -> (Tm, String) {
    let tm = Tm::empty();
    let pairs = seed_pairs();
    let (ar, en) = &pairs[1];
    let (before, after) = (&pairs[0].0, &pairs[2].0);
    assert!(ar.contains('أ'), "the seed sentence has a hamza to drop: {ar}");
    let bare = ar.replace('أ', "ا");
    let spaced = en.replacen(' ', "  ", 1);
    let lower = en.replacen("Kazakhstan", "kazakhstan", 1);
    let first = tmx(&[tu(ar, en, "20190305T101500Z", &[("prev", before), ("next", after)], Some("checked by the client"))]);
    let second = tmx(&[
        tu(&bare, &spaced, "20230611T080000Z", &[("prev", ""), ("next", before), ("x-project", "kz-strikes")], None),
        tu(ar, &lower, "20240101T000000Z", &[], None),
    ]);
    for year in ["2019", "2023"] {
        std::fs::create_dir_all(tm.path(year)).unwrap();
    }
    let a = tm.write("2019/strikes.tmx", first);
    let b = tm.write("2023/strikes.tmx", second);
    let client = tm.write("client.tsv", format!("ar\ten\n{ar}\t{en}\n"));
    tm.expect(&["import", a.to_str().unwrap()], None, 0);
    tm.expect(&["import", b.to_str().unwrap()], None, 0);
    tm.expect(&["import", client.to_str().unwrap(), "--collection", "acme"], None, 0);
    (tm, en.clone())
}

fn dedupe(tm: &Tm, args: &[&str]) -> (Vec<Group>, Summary) {
    let mut all = vec!["dedupe", "--format", "json"];
    all.extend_from_slice(args);
    let out = tm.expect(&all, None, 0);
    let mut lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    let summary: Summary = serde_json::from_str(lines.pop().expect("a summary line")).unwrap();
    let groups = lines.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    (groups, summary)
}

fn entries(tm: &Tm) -> usize {
    stdout(&tm.expect(&["export", "--format", "tsv"], None, 0)).lines().count() - 1
}

/// Regression (issue 14): the same translation stored from two files with a
/// spelling or spacing difference stayed twice, each match shown twice.
fn duplicates_become_the_newest_entry_with_the_contexts_notes_and_creation_of_the_others() {
    let (tm, en) = memory_with_duplicates();
    assert_eq!(entries(&tm), 4);
    let (groups, summary) = dedupe(&tm, &["--user", "rania"]);
    assert_eq!((summary.entries, summary.groups, summary.removed, summary.dry_run), (4, 1, 1, false));
    assert_eq!((groups[0].kept, groups[0].removed.as_slice()), (2, &[1][..]), "the newer of 1 and 2 is kept");
    assert_eq!(entries(&tm), 3, "the other case and the client's copy stay");
    let shown: Vec<Shown> = tm.json(&["show", "2", "--format", "json"], None, 0);
    let kept = &shown[0];
    assert_eq!(kept.target, en.replacen(' ', "  ", 1), "the kept entry keeps its own text");
    assert!(kept.created.as_deref().unwrap().starts_with("2019-03-05"), "{:?}", kept.created);
    let contexts: Vec<(Option<&str>, Option<&str>)> =
        kept.contexts.iter().map(|c| (c.prev.as_deref(), c.next.as_deref())).collect();
    let pairs = seed_pairs();
    assert_eq!(
        contexts,
        vec![(None, Some(pairs[0].0.as_str())), (Some(pairs[0].0.as_str()), Some(pairs[2].0.as_str()))]
    );
    let tmx = stdout(&tm.expect(&["export", "--format", "tmx"], None, 0));
    assert!(tmx.contains("<note>checked by the client</note>"), "the note is merged in");
    assert!(tmx.contains("<prop type=\"x-project\">kz-strikes</prop>"), "the kept props stay");
    let history: Vec<Version> = tm.json(&["history", "1", "--format", "json"], None, 0);
    let last = history.last().unwrap();
    assert_eq!((last.action.as_deref(), last.replacer.as_deref()), (Some("dedupe"), Some("rania")));
    let history: Vec<Version> = tm.json(&["history", "2", "--format", "json"], None, 0);
    let actions: Vec<Option<&str>> = history.iter().map(|v| v.action.as_deref()).collect();
    assert_eq!(actions, vec![Some("merge"), None], "the version before the merge, then the entry as it is");
    let (groups, summary) = dedupe(&tm, &[]);
    assert!(groups.is_empty() && summary.removed == 0, "a second run finds nothing");
}

fn a_dry_run_says_what_it_would_merge_and_changes_nothing() {
    let (tm, _) = memory_with_duplicates();
    tm.expect(&["confirm", "1"], None, 0);
    let (groups, summary) = dedupe(&tm, &["--dry-run"]);
    assert_eq!((groups.len(), summary.removed, summary.dry_run), (1, 1, true));
    assert_eq!(entries(&tm), 4);
    let text = stdout(&tm.expect(&["dedupe", "--dry-run"], None, 0));
    assert!(text.contains("1 would merge into 2"), "{text}");
    // The confirmation of the older copy goes to the one kept.
    dedupe(&tm, &[]);
    let shown: Vec<Shown> = tm.json(&["show", "2", "--format", "json"], None, 0);
    assert!(shown[0].confirmed.is_some(), "the kept entry takes the confirmation");
}

fn dedupe_takes_only_the_entries_its_filter_names() {
    let (tm, _) = memory_with_duplicates();
    let (_, summary) = dedupe(&tm, &["--collection", "acme"]);
    assert_eq!((summary.entries, summary.removed), (1, 0));
    let (_, summary) = dedupe(&tm, &["--origin", tm.path("2023/strikes.tmx").to_str().unwrap()]);
    assert_eq!((summary.entries, summary.removed), (2, 0), "the two of one file are no duplicates");
    assert_eq!(entries(&tm), 4);
}

#[derive(serde::Deserialize, Debug)]
struct GroupStats {
    name: Option<String>,
    entries: u64,
    confirmed: u64,
    words: u64,
    oldest: String,
    newest: String,
    import: Option<Import>,
}

#[derive(serde::Deserialize, Debug)]
struct Import {
    path: Option<String>,
    hash: Option<String>,
}

fn stats_by(tm: &Tm, by: &str) -> Vec<GroupStats> {
    tm.json(&["stats", "--by", by, "--format", "json"], None, 0)
}

fn stats_by_origin_and_by_collection_count_each_group() {
    let (tm, _) = memory_with_duplicates();
    tm.expect(&["confirm", "3"], None, 0);
    let origins = stats_by(&tm, "origin");
    let names: Vec<(&str, u64, u64)> =
        origins.iter().map(|g| (g.name.as_deref().unwrap(), g.entries, g.confirmed)).collect();
    assert_eq!(names, vec![("~/2023/strikes.tmx", 2, 1), ("~/2019/strikes.tmx", 1, 0), ("~/client.tsv", 1, 0)]);
    let newest = &origins[0];
    assert!(newest.oldest.starts_with("2023-06-11") && newest.newest.starts_with("2024-01-01"), "{newest:?}");
    assert!(newest.words > 20, "{newest:?}");
    let import = newest.import.as_ref().expect("the import is recorded");
    assert!(import.path.as_deref().unwrap().ends_with("2023/strikes.tmx") && import.hash.is_some());
    let collections = stats_by(&tm, "collection");
    let names: Vec<(Option<&str>, u64)> = collections.iter().map(|g| (g.name.as_deref(), g.entries)).collect();
    assert_eq!(names, vec![(None, 3), (Some("acme"), 1)]);
    let text = stdout(&tm.expect(&["stats", "--by", "collection"], None, 0));
    assert!(text.lines().any(|l| l.trim_start().starts_with('3') && l.ends_with("(none)")), "{text}");
    assert!(text.lines().any(|l| l.ends_with("acme")), "{text}");
}

#[derive(serde::Deserialize, Debug)]
struct Vacuumed {
    bytes_before: u64,
    bytes_after: u64,
    problems: Vec<String>,
}

/// A memory that lost most of its entries keeps its file's size until vacuumed.
fn vacuum_shrinks_a_memory_after_a_removal_and_finds_it_sound() {
    let tm = Tm::empty();
    let units: Vec<String> = (0..40)
        .flat_map(|round| {
            seed_pairs().into_iter().map(move |(ar, en)| tu(&format!("{ar} ({round})"), &en, "20240101T000000Z", &[], None))
        })
        .collect();
    let big = tm.write("big.tmx", tmx(&units));
    tm.expect(&["import", big.to_str().unwrap(), "--origin", "big"], None, 0);
    tm.expect(&["remove", "--origin", "big"], None, 0);
    let report: Vec<Vacuumed> = tm.json(&["vacuum", "--format", "json"], None, 0);
    let r = &report[0];
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(r.bytes_after * 2 < r.bytes_before, "{} → {}", r.bytes_before, r.bytes_after);
    let out = tm.run(&["--no-sample", "suggest", "--format", "json"], Some(&seed_pairs()[0].0));
    let got: Vec<crate::util::Suggestion> = crate::util::lines(&out.stdout);
    assert!(got[0].matches.is_empty(), "nothing of the removed entries is found");
}
