//! The same memory on SQLite and on PostgreSQL gives the same answers.

use std::path::Path;

use crate::util::{
    Checked, Engine, Tm, body, memory_file, seed_glossary, seed_pairs, shared, stderr, stdout, test_postgres,
    test_postgres_tls,
};

tests![
    ;
    sqlite:
    every_answer_on_postgresql_is_the_one_sqlite_gives,
    a_memory_migrated_to_postgresql_and_back_is_the_memory_it_was,
    a_server_that_lets_in_over_tls_only_is_reached_with_sslmode_require,
];

/// A role the test server lets in over TLS only: `sslmode=require` with the
/// authority that signed the server's certificate reaches it (and the memory
/// `tm` made there over a plain connection as another role); without TLS the
/// server refuses, and against the default roots the certificate is refused,
/// each said with the URL but not its password.
fn a_server_that_lets_in_over_tls_only_is_reached_with_sslmode_require() -> Checked {
    let tls = test_postgres_tls()?;
    let tm = Tm::on(Engine::Postgres);
    tm.expect(&["import", &memory_file("seed-report.tmx")], None, 0);
    let plain = tm.db.to_str().unwrap();
    let schema = plain.split(['?', '&']).find(|p| p.starts_with("options=")).expect("the memory's schema");
    let url = format!("{tls}&{schema}");
    let stats = stdout(&tm.expect(&["--db", &url, "stats", "--format", "json"], None, 0));
    let stats: serde_json::Value = serde_json::from_str(stats.lines().next().unwrap()).unwrap();
    assert_eq!(stats["entries"], 21, "{stats}");
    tm.expect(&["--db", &url, "import", "--format", "json", &memory_file("seed-report.tmx")], None, 0);

    let root = tls.split('&').find(|p| p.starts_with("sslrootcert=")).unwrap();
    let without_tls = url.replace("sslmode=require", "sslmode=disable").replace(&format!("&{root}"), "");
    let without_root = url.replace(&format!("&{root}"), "");
    for (wrong, says) in [(without_tls, "no encryption"), (without_root, "certificate")] {
        let wrong = format!("{wrong}&password=s3cret");
        let err = stderr(&tm.expect(&["--db", &wrong, "stats"], None, 2));
        assert!(err.contains(says), "{err}");
        assert!(err.contains("tm_tls@127.0.0.1") && !err.contains("s3cret"), "{err}");
    }
    Ok(())
}

/// Entries of the memory, and segments asked for that are not in it.
const ENTRIES: usize = 2500;
const UNSEEN: usize = 300;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// TICO-19's Arabic–English pairs `range` as a TMX of dated units (so that both
/// memories hold the same dates).
fn tico_tmx(shared: &Path, range: std::ops::Range<usize>) -> (String, Vec<(String, String)>) {
    let dir = shared.join("data/parallel/tico-19");
    let ar = std::fs::read_to_string(dir.join("tico19.ar")).unwrap();
    let en = std::fs::read_to_string(dir.join("tico19.en")).unwrap();
    let pairs: Vec<(String, String)> =
        ar.lines().zip(en.lines()).map(|(a, e)| (a.to_string(), e.to_string())).collect();
    let units: String = pairs[range.clone()]
        .iter()
        .enumerate()
        .map(|(i, (ar, en))| {
            format!(
                "<tu tuid=\"tico-{i}\" creationdate=\"20200401T{:02}{:02}00Z\"><tuv xml:lang=\"ar\"><seg>{}</seg></tuv>\
                 <tuv xml:lang=\"en\"><seg>{}</seg></tuv></tu>\n",
                i / 60 % 24,
                i % 60,
                escape(ar),
                escape(en)
            )
        })
        .collect();
    let tmx = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" \
         creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"ar\" \
         datatype=\"plaintext\"/><body>\n{units}</body></tmx>\n"
    );
    (tmx, pairs)
}

/// A memory of 2,500 TICO-19 pairs, the seed report and its glossary, on each
/// engine: suggestions for 300 unseen sentences, 300 of its own with a word
/// dropped and the seed report's sentences; concordance searches of source and
/// target words; the glossary check of the seed report's translation; and the
/// exports in TMX and TSV are the same, byte for byte.
fn every_answer_on_postgresql_is_the_one_sqlite_gives() -> Checked {
    let shared = shared()?;
    test_postgres()?;
    let (tmx, pairs) = tico_tmx(&shared, 0..ENTRIES);
    let memories = [Tm::on(Engine::Sqlite), Tm::on(Engine::Postgres)];
    let mut queries: Vec<String> = pairs[ENTRIES..ENTRIES + UNSEEN].iter().map(|(ar, _)| ar.clone()).collect();
    queries.extend(pairs[..UNSEEN].iter().map(|(ar, _)| {
        let words: Vec<&str> = ar.split(' ').collect();
        words[..words.len().saturating_sub(1).max(1)].join(" ")
    }));
    queries.extend(seed_pairs().into_iter().map(|(ar, _)| ar));
    let queries = queries.join("\n") + "\n";
    let translation: String = seed_pairs().into_iter().map(|(ar, en)| format!("{ar}\t{en}\n")).collect();
    let answers: Vec<Vec<String>> = memories
        .iter()
        .map(|tm| {
            let file = tm.write("tico.tmx", &tmx);
            tm.expect(&["import", file.to_str().unwrap(), "--origin", "tico"], None, 0);
            tm.expect(&["import", &crate::util::memory_file("seed-report.tmx"), "--origin", "seed"], None, 0);
            tm.expect(&["glossary", "import", seed_glossary().to_str().unwrap()], None, 0);
            let queries = tm.write("queries.ar", &queries);
            let translation = tm.write("translation.tsv", format!("ar\ten\n{translation}"));
            let mut got = vec![stdout(&tm.expect(
                &["suggest", "--lines", "--format", "json", "--max", "5", "--min-score", "50", queries.to_str().unwrap()],
                None,
                0,
            ))];
            for search in [
                vec!["فيروس"],
                vec!["كورونا المستجد"],
                vec!["--exact", "منظمة الصحة العالمية"],
                vec!["--target", "symptoms"],
                vec!["كازمونايجاز"],
                vec!["--regex", "[0-9]{2,}"],
            ] {
                let mut args = vec!["search", "--format", "json", "--limit", "50"];
                args.extend(search);
                got.push(stdout(&tm.expect(&args, None, 0)));
            }
            got.push(stdout(&tm.run(&["check", translation.to_str().unwrap(), "--format", "json"], None)));
            for (name, format) in [("all.tmx", "tmx"), ("all.tsv", "tsv")] {
                let path = tm.path(name);
                tm.expect(&["export", "--format", format, "-o", path.to_str().unwrap()], None, 0);
                got.push(body(&path));
            }
            got
        })
        .collect();
    let (sqlite, postgres) = (&answers[0], &answers[1]);
    assert!(sqlite[0].lines().count() >= 2 * UNSEEN, "a suggestion for each segment");
    assert!(sqlite[0].contains("\"score\":100"), "the memory's own sentences are found");
    assert!(sqlite[1].lines().count() > 5, "the search finds entries:\n{}", sqlite[1]);
    assert!(sqlite[8].lines().count() > ENTRIES, "the export holds the memory");
    for (i, (s, p)) in sqlite.iter().zip(postgres).enumerate() {
        if s != p {
            let line = s.lines().zip(p.lines()).position(|(a, b)| a != b);
            let at = line.map(|l| (s.lines().nth(l).unwrap(), p.lines().nth(l).unwrap()));
            panic!("answer {i} differs at line {line:?}: {at:?}");
        }
    }
    Ok(())
}

/// What a memory is, as its commands tell it: its export, its glossary, the
/// history of an entry, its change feed from the start, and suggestions.
fn told(tm: &Tm, queries: &Path, edited: &str) -> Vec<String> {
    let export = tm.path("told.tmx");
    tm.expect(&["export", "-o", export.to_str().unwrap()], None, 0);
    vec![
        body(&export),
        stdout(&tm.expect(&["glossary", "export"], None, 0)),
        stdout(&tm.expect(&["history", edited, "--format", "json"], None, 0)),
        stdout(&tm.run(&["suggest", "--lines", "--format", "json", "--min-score", "50", queries.to_str().unwrap()], None)),
        stdout(&tm.expect(&["stats", "--format", "json"], None, 0)).replace(tm.db.to_str().unwrap(), "MEMORY"),
    ]
}

/// A SQLite memory with history (an edit, a removal, several imports) moved
/// to PostgreSQL with `tm migrate`, and from there to a new SQLite file, tells
/// the same at each step, and every table's rows are counted alike; a
/// migration into a memory that holds something is refused and changes
/// nothing.
fn a_memory_migrated_to_postgresql_and_back_is_the_memory_it_was() -> Checked {
    let shared = shared()?;
    test_postgres()?;
    let (tmx, pairs) = tico_tmx(&shared, 0..500);
    let sqlite = Tm::seeded();
    let file = sqlite.write("tico.tmx", &tmx);
    sqlite.expect(&["import", file.to_str().unwrap(), "--origin", "tico"], None, 0);
    sqlite.expect(&["edit", "3", "--target", "Edited by hand."], None, 0);
    sqlite.expect(&["remove", "--id", "4"], None, 0);
    let queries: String = pairs[500..560].iter().map(|(ar, _)| format!("{ar}\n")).collect();
    let queries = sqlite.write("queries.ar", queries);
    let before = told(&sqlite, &queries, "3");
    let postgres = Tm::on(Engine::Postgres);
    let migrate = |from: &Tm, to: &Tm, code: i32| {
        let out = sqlite.run(
            &["migrate", "--from", from.db.to_str().unwrap(), "--to", to.db.to_str().unwrap(), "--format", "json"],
            None,
        );
        assert_eq!(out.status.code(), Some(code), "{}", crate::util::stderr(&out));
        out
    };
    let moved: serde_json::Value = serde_json::from_slice(&migrate(&sqlite, &postgres, 0).stdout).unwrap();
    let rows = |table: &str| moved["tables"].as_array().unwrap().iter().find(|t| t["table"] == table).unwrap()["rows"].clone();
    assert_eq!(rows("entry"), 21 + 500 - 1, "{moved}");
    assert!(rows("entry_version").as_u64() >= Some(2), "{moved}");
    assert!(rows("posting").as_u64() > Some(0), "{moved}");
    assert_eq!(told(&postgres, &queries, "3"), before);
    let back = Tm::on(Engine::Sqlite);
    migrate(&postgres, &back, 0);
    assert_eq!(told(&back, &queries, "3"), before);
    let refused = migrate(&sqlite, &back, 2);
    assert!(crate::util::stderr(&refused).contains("is not empty"), "{}", crate::util::stderr(&refused));
    assert_eq!(told(&back, &queries, "3"), before, "the refused copy changed nothing");
    Ok(())
}
