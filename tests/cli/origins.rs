//! Where entries come from and what goes out: the shipped sample kept out of a
//! user's memory and exports, origins that tell files of the same name apart,
//! collections (clients, projects) to filter and prefer, and what
//! `--on-duplicate overwrite` does to a source stored with several targets.

use crate::util::{Checked, ImportReport, Suggestion, Tm, memory_file, shared, stats, stderr, stdout};

tests![
    a_clients_export_holds_none_of_the_sample,
    the_readme_first_command_shows_matches_and_renderings_and_stores_nothing,
    the_sample_is_used_beside_a_memory_only_when_asked_and_labelled,
    an_origin_of_the_sample_name_is_refused,
    files_of_the_same_name_in_two_folders_are_two_origins,
    a_glossary_import_of_one_client_keeps_the_other_clients_terms,
    omegat_project_saves_of_two_projects_are_two_origins,
    collections_filter_export_search_suggest_and_remove,
    suggest_prefers_the_current_collection,
    overwrite_replaces_every_stored_target_keeps_created_and_records_who,
    overwrite_keeps_the_alternatives_of_the_file_itself,
];

#[derive(serde::Deserialize, Debug)]
struct Hit {
    id: u64,
    source: String,
    target: String,
    origin: String,
    collection: Option<String>,
}

#[derive(serde::Deserialize, Debug)]
struct Origins {
    origins: Vec<(String, u64)>,
    collections: Vec<(Option<String>, u64)>,
}

fn tus(tmx: &str) -> usize {
    tmx.matches("<tu ").count() + tmx.matches("<tu>").count()
}

/// Regression (issue 14, defect 2): a user's TMX for a client held the 21 units of
/// the shipped sample beside the client's 2: the sample went into every new memory.
fn a_clients_export_holds_none_of_the_sample() {
    let tm = Tm::new();
    let client = tm.write("client.tsv", "ar\ten\nحقل تنغيز\tthe Tengiz field\nبحر قزوين\tthe Caspian Sea\n");
    tm.expect(&["import", client.to_str().unwrap()], None, 0);
    let tmx = stdout(&tm.expect(&["export"], None, 0));
    assert_eq!(tus(&tmx), 2, "{tmx}");
    assert!(!tmx.contains(">sample<"), "{tmx}");
    let s = stats(&tm);
    assert_eq!((s.entries, s.glossary_terms), (2, 0));
    let tsv = stdout(&tm.expect(&["export", "--format", "tsv"], None, 0));
    assert_eq!(tsv.lines().count(), 3, "{tsv}");
    // Asked for, the sample is exported too.
    let tmx = stdout(&tm.expect(&["--sample", "export"], None, 0));
    assert_eq!(tus(&tmx), 23, "{tmx}");
    assert!(tmx.contains("<prop type=\"x-tm-origin\">sample</prop>"), "{tmx}");
}

/// The README's first command, on a fresh machine: matches and renderings from the
/// sample, marked as such, and nothing written into the memory.
fn the_readme_first_command_shows_matches_and_renderings_and_stores_nothing() {
    let tm = Tm::new();
    let example = memory_file("example.ar.txt");
    let got: Vec<Suggestion> = tm.json(&["suggest", &example, "--format", "json"], None, 0);
    let matches: Vec<_> = got.iter().flat_map(|s| &s.matches).collect();
    assert!(matches.len() >= 6, "{} matches", matches.len());
    assert!(matches.iter().all(|m| m.origin == "sample"));
    assert!(got.iter().any(|s| s.terms.iter().any(|t| t.rendering == "KazMunayGas")));
    let text = stdout(&tm.expect(&["suggest", &example], None, 0));
    assert!(text.contains("[sample]"), "{text}");
    let s = stats(&tm);
    assert_eq!((s.entries, s.glossary_terms), (0, 0));
    let tmx = stdout(&tm.expect(&["export"], None, 0));
    assert_eq!(tus(&tmx), 0, "{tmx}");
    // Concordance too sees the sample while the memory is empty.
    let hits: Vec<Hit> = tm.json(&["search", "بحر قزوين", "--format", "json"], None, 0);
    assert!(hits.iter().all(|h| h.origin == "sample") && !hits.is_empty());
    // And --no-sample never sees it.
    tm.expect(&["--no-sample", "suggest", &example], None, 1);
}

/// Once the memory holds the user's work, the sample stays out of suggestions and
/// searches unless `--sample` asks for it; its matches are labelled.
fn the_sample_is_used_beside_a_memory_only_when_asked_and_labelled() {
    let tm = Tm::new();
    let mine = tm.write("mine.tsv", "ar\ten\nكان المهاجمون يطالبون بأجور أعلى.\tThe strikers demanded higher wages.\n");
    tm.expect(&["import", mine.to_str().unwrap()], None, 0);
    let segment = "كان المهاجمون يطالبون أساسا بأجور أعلى.";
    let got: Vec<Suggestion> = tm.json(&["suggest", "--format", "json"], Some(segment), 0);
    assert!(got[0].matches.iter().all(|m| m.origin != "sample"), "{:?}", got[0].matches);
    assert!(got[0].terms.is_empty(), "the sample glossary is not the user's");
    let got: Vec<Suggestion> = tm.json(&["--sample", "suggest", "--format", "json"], Some(segment), 0);
    let best = &got[0].matches[0];
    assert_eq!((best.score, best.origin.as_str()), (100, "sample"));
    assert!(got[0].matches.iter().any(|m| m.origin != "sample"), "{:?}", got[0].matches);
    tm.expect(&["search", "بحر قزوين"], None, 1);
    let hits: Vec<Hit> = tm.json(&["--sample", "search", "بحر قزوين", "--format", "json"], None, 0);
    assert!(!hits.is_empty() && hits.iter().all(|h| h.origin == "sample"));
}

/// `sample` names the shipped sample only: an import may not take the name.
fn an_origin_of_the_sample_name_is_refused() {
    let tm = Tm::empty();
    let file = tm.write("a.tsv", "ar\ten\nحقل تنغيز\tthe Tengiz field\n");
    let out = tm.expect(&["import", file.to_str().unwrap(), "--origin", "sample"], None, 2);
    assert!(stderr(&out).contains("sample"), "{}", stderr(&out));
    assert_eq!(stats(&tm).entries, 0);
}

fn origins(tm: &Tm) -> Origins {
    tm.json::<Origins>(&["stats", "--format", "json"], None, 0).remove(0)
}

/// Regression (issue 14, defect 3): `clientA/names.tsv` and `clientB/names.tsv`
/// were one origin, `names.tsv`; removing one client's took the other's too.
fn files_of_the_same_name_in_two_folders_are_two_origins() {
    let tm = Tm::empty();
    for (client, pair) in [("clientA", "حقل تنغيز\tthe Tengiz field"), ("clientB", "بحر قزوين\tthe Caspian Sea")] {
        std::fs::create_dir(tm.path(client)).unwrap();
        tm.write(&format!("{client}/names.tsv"), format!("ar\ten\n{pair}\n"));
    }
    tm.expect(&["import", "clientA/names.tsv", "clientB/names.tsv"], None, 0);
    let mut got = origins(&tm).origins;
    got.sort();
    assert_eq!(got, vec![("~/clientA/names.tsv".to_string(), 1), ("~/clientB/names.tsv".to_string(), 1)]);
    // The same file named otherwise (from another directory) is the same origin.
    let again = tm.cmd().current_dir(tm.path("clientA")).args(["import", "names.tsv"]).output().unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(origins(&tm).origins.len(), 2);
    tm.expect(&["remove", "--origin", "clientA/names.tsv"], None, 0);
    assert_eq!(origins(&tm).origins, vec![("~/clientB/names.tsv".to_string(), 1)]);
    // A name given is the origin.
    let a = tm.path("clientA/names.tsv");
    tm.expect(&["import", a.to_str().unwrap(), "--origin", "acme names"], None, 0);
    let hits: Vec<Hit> = tm.json(&["search", "تنغيز", "--format", "json"], None, 0);
    assert_eq!(hits[0].origin, "acme names");
}

/// Regression (issue 14, defect 3): a glossary import of client B replaced client
/// A's terms, the two files having the same name.
fn a_glossary_import_of_one_client_keeps_the_other_clients_terms() {
    let tm = Tm::empty();
    for (client, term) in [("clientA", "Tengiz\tتنغيز\t"), ("clientB", "Kashagan\tكاشاغان\t")] {
        std::fs::create_dir(tm.path(client)).unwrap();
        tm.write(&format!("{client}/names.tsv"), format!("rendering\tvariants\tnote\n{term}\n"));
    }
    tm.expect(&["glossary", "import", "clientA/names.tsv"], None, 0);
    tm.expect(&["glossary", "import", "clientB/names.tsv"], None, 0);
    let list = stdout(&tm.expect(&["glossary", "list"], None, 0));
    assert!(list.contains("Tengiz") && list.contains("Kashagan"), "{list}");
    assert!(list.contains("[~/clientA/names.tsv]"), "{list}");
    // Imported again, a file replaces its own terms only.
    tm.write("clientA/names.tsv", "rendering\tvariants\tnote\nTengiz field\tتنغيز\t\n");
    tm.expect(&["glossary", "import", "clientA/names.tsv"], None, 0);
    assert_eq!(stats(&tm).glossary_terms, 2);
    tm.expect(&["glossary", "remove", "--origin", "clientB/names.tsv"], None, 0);
    let list = stdout(&tm.expect(&["glossary", "list"], None, 0));
    assert!(list.contains("Tengiz field") && !list.contains("Kashagan"), "{list}");
}

/// Every OmegaT project saves its memory as `omegat/project_save.tmx`: two real
/// projects' saves are two origins, and each project can be its collection.
fn omegat_project_saves_of_two_projects_are_two_origins() -> Checked {
    let shared = shared()?;
    let projects = shared.join("data/formats/omegat/src/testAcceptance/resources/data");
    let save = |p: &str| projects.join(p).join("omegat/project_save.tmx");
    let tm = Tm::empty();
    let mut counts = Vec::new();
    for project in ["project", "project_external_tm"] {
        let file = save(project);
        let args = ["import", file.to_str().unwrap(), "--source-lang", "en", "--target-lang", "fr"];
        let r: Vec<ImportReport> = tm.json(&[&args[..], &["--collection", project, "--format", "json"]].concat(), None, 0);
        assert!(r[0].imported > 0, "{project}: {r:?}");
        counts.push(r[0].imported);
    }
    let o = origins(&tm);
    let mut names: Vec<&str> = o.origins.iter().map(|(n, _)| n.as_str()).collect();
    names.sort();
    let expected: Vec<String> =
        ["project", "project_external_tm"].iter().map(|p| std::fs::canonicalize(save(p)).unwrap().display().to_string()).collect();
    assert_eq!(names, expected);
    let mut collections = o.collections.clone();
    collections.sort();
    assert_eq!(collections, vec![(Some("project".into()), counts[0]), (Some("project_external_tm".into()), counts[1])]);
    let tmx = stdout(&tm.expect(&["export", "--collection", "project_external_tm"], None, 0));
    assert_eq!(tus(&tmx) as u64, counts[1]);
    assert!(tmx.contains("<prop type=\"x-tm-collection\">project_external_tm</prop>"), "{tmx}");
    Ok(())
}

fn two_clients(tm: &Tm) {
    let a = tm.write("a.tsv", "ar\ten\nتم نهب المتاجر.\tShops were looted.\nحقل تنغيز\tthe Tengiz field\n");
    let b = tm.write("b.tsv", "ar\ten\nتم نهب المتاجر.\tStores were plundered.\nبحر قزوين\tthe Caspian Sea\n");
    tm.expect(&["import", a.to_str().unwrap(), "--collection", "acme"], None, 0);
    tm.expect(&["import", b.to_str().unwrap(), "--project", "globex"], None, 0);
}

/// `--collection` (or `--project`) on import groups entries; export, search,
/// suggest and remove take only the collections named.
fn collections_filter_export_search_suggest_and_remove() {
    let tm = Tm::empty();
    two_clients(&tm);
    let tsv = stdout(&tm.expect(&["export", "--format", "tsv", "--collection", "acme"], None, 0));
    assert_eq!(tsv, "ar\ten\nتم نهب المتاجر.\tShops were looted.\nحقل تنغيز\tthe Tengiz field\n");
    let hits: Vec<Hit> = tm.json(&["search", "المتاجر", "--collection", "globex", "--format", "json"], None, 0);
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].target.as_str(), hits[0].collection.as_deref()), ("Stores were plundered.", Some("globex")));
    let got: Vec<Suggestion> =
        tm.json(&["suggest", "--collection", "acme", "--format", "json"], Some("تم نهب المتاجر."), 0);
    let targets: Vec<&str> = got[0].matches.iter().map(|m| m.target.as_str()).collect();
    assert_eq!(targets, vec!["Shops were looted."]);
    tm.expect(&["suggest", "--collection", "nobody"], Some("تم نهب المتاجر."), 1);
    tm.expect(&["remove", "--collection", "globex"], None, 0);
    let s = stats(&tm);
    assert_eq!(s.entries, 2);
    assert!(hits[0].id > 0 && !hits[0].source.is_empty());
}

/// `--prefer COLLECTION`: as a CAT tool prefers the current project's memory,
/// entries of other collections lose a point, so that the project's own
/// translation of a source ranks first.
fn suggest_prefers_the_current_collection() {
    let tm = Tm::empty();
    two_clients(&tm);
    let ask = |prefer: &str| -> Vec<(u8, String)> {
        let got: Vec<Suggestion> =
            tm.json(&["suggest", "--prefer", prefer, "--format", "json"], Some("تم نهب المتاجر."), 0);
        got[0].matches.iter().map(|m| (m.score, m.target.clone())).collect()
    };
    assert_eq!(ask("acme"), vec![(100, "Shops were looted.".into()), (99, "Stores were plundered.".into())]);
    assert_eq!(ask("globex"), vec![(100, "Stores were plundered.".into()), (99, "Shops were looted.".into())]);
}

/// One `<tu>` of an exported TMX: its attributes line and its English segment.
fn units(tmx: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut head = String::new();
    let mut in_en = false;
    for line in tmx.lines() {
        let l = line.trim();
        if l.starts_with("<tu ") || l == "<tu>" {
            head = l.to_string();
        } else if l.starts_with("<tuv xml:lang=\"en") {
            in_en = true;
        } else if in_en && l.starts_with("<seg>") {
            out.push((head.clone(), l.trim_start_matches("<seg>").trim_end_matches("</seg>").to_string()));
            in_en = false;
        }
    }
    out
}

fn attr<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    let at = head.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&head[at..at + head[at..].find('"')?])
}

/// Regression (issue 14, defect 4): `--on-duplicate overwrite` replaced one of a
/// source's two stored targets and kept the other, and the replaced entry kept
/// its old change date. Now every target stored before the import gives way to
/// the file's; the entry keeps its creation (date and creator), and its change
/// says when and by whom (`--user`, else `TM_USER`, else the login).
fn overwrite_replaces_every_stored_target_keeps_created_and_records_who() {
    let tm = Tm::empty();
    let old = tm.write(
        "old.tmx",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="ar" creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>
<tu creationdate="20190102T030405Z" creationid="nadia" changedate="20190102T030405Z"><tuv xml:lang="ar"><seg>تم نهب المتاجر.</seg></tuv><tuv xml:lang="en"><seg>Shops were looted.</seg></tuv></tu>
<tu creationdate="20200607T080910Z" creationid="omar" changedate="20200607T080910Z"><tuv xml:lang="ar"><seg>تم نهب المتاجر.</seg></tuv><tuv xml:lang="en"><seg>Stores were looted.</seg></tuv></tu>
<tu creationdate="20200607T080910Z"><tuv xml:lang="ar"><seg>حقل تنغيز</seg></tuv><tuv xml:lang="en"><seg>the Tengiz field</seg></tuv></tu>
</body></tmx>"#,
    );
    tm.expect(&["import", old.to_str().unwrap()], None, 0);
    let new = tm.write("new.tsv", "ar\ten\nتم نهب المتاجر.\tShops were plundered.\n");
    let args = ["import", new.to_str().unwrap(), "--on-duplicate", "overwrite", "--user", "layla", "--format", "json"];
    let r: Vec<ImportReport> = tm.json(&args, None, 0);
    assert_eq!((r[0].imported, r[0].replaced), (0, 1), "{r:?}");
    let tmx = stdout(&tm.expect(&["export"], None, 0));
    let got = units(&tmx);
    assert_eq!(got.len(), 2, "{tmx}");
    let (head, target) = &got[0];
    assert_eq!(target, "Shops were plundered.");
    assert_eq!(attr(head, "creationdate"), Some("20190102T030405Z"), "{head}");
    assert_eq!(attr(head, "creationid"), Some("nadia"), "{head}");
    assert_eq!(attr(head, "changeid"), Some("layla"), "{head}");
    let changed = attr(head, "changedate").unwrap();
    assert!(changed > "20250101T000000Z", "{head}");
    assert_eq!(got[1].1, "the Tengiz field");
    // Without --user: TM_USER, else the login.
    let again = tm.write("again.tsv", "ar\ten\nتم نهب المتاجر.\tShops were ransacked.\n");
    let args = ["import", again.to_str().unwrap(), "--on-duplicate", "overwrite"];
    let out = tm.cmd().args(args).env("TM_USER", "sami").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut cmd = tm.cmd();
    cmd.args(["import", new.to_str().unwrap(), "--on-duplicate", "overwrite"]);
    let out = cmd.env_remove("TM_USER").env("USER", "karim").env("LOGNAME", "karim").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let tmx = stdout(&tm.expect(&["export"], None, 0));
    let got = units(&tmx);
    assert_eq!(attr(&got[0].0, "changeid"), Some("karim"), "{tmx}");
    assert_eq!(got[0].1, "Shops were plundered.");
}

/// A file that itself holds two translations of a source keeps both: overwrite
/// replaces what the memory held before the import, not the file's own units.
fn overwrite_keeps_the_alternatives_of_the_file_itself() {
    let tm = Tm::empty();
    let old = tm.write("old.tsv", "ar\ten\nتم نهب المتاجر.\tShops were looted.\n");
    tm.expect(&["import", old.to_str().unwrap()], None, 0);
    let new = tm.write("new.tsv", "ar\ten\nتم نهب المتاجر.\tStores were plundered.\nتم نهب المتاجر.\tShops were ransacked.\n");
    let r: Vec<ImportReport> =
        tm.json(&["import", new.to_str().unwrap(), "--on-duplicate", "overwrite", "--format", "json"], None, 0);
    assert_eq!((r[0].imported, r[0].replaced), (1, 1), "{r:?}");
    let tsv = stdout(&tm.expect(&["export", "--format", "tsv"], None, 0));
    let mut targets: Vec<&str> = tsv.lines().skip(1).map(|l| l.split('\t').nth(1).unwrap()).collect();
    targets.sort();
    assert_eq!(targets, vec!["Shops were ransacked.", "Stores were plundered."]);
}
