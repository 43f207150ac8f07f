//! `tm serve`: the built `tm` serving a seeded memory on a free loopback port,
//! asked exactly what Weblate's `tmserver` machinery asks (its URL building and
//! its reading of the answer mirrored here), and every native route, the
//! tokens, bad input and a shutdown by SIGTERM.

use std::time::Duration;

use crate::util::server::{Answer, READER, Server, WRITER, quote, team};
use crate::util::{Checked, Tm, browser, seed_pairs, stats, stdout};

use crate::util::browser::{Driver, phone};

tests![
    weblate_gets_the_seed_memorys_matches_for_arabic_units,
    two_servers_on_one_memory_see_each_others_writes_at_the_next_request,
    weblate_finds_the_pair_in_the_languages_list,
    a_unit_that_is_not_utf8_once_decoded_is_refused_and_an_unknown_pair_is_404,
    writes_need_a_token_that_may_write_and_record_its_user,
    a_read_only_or_tokenless_server_takes_no_writes,
    a_private_server_wants_a_token_for_reads,
    suggest_answers_a_document_as_tm_suggest_does,
    search_check_and_stats_answer_as_the_commands_do,
    an_upload_is_imported_whole_or_not_at_all,
    a_body_of_100_mb_is_refused_before_it_is_read,
    the_export_has_a_strong_etag_that_changes_with_the_memory,
    the_change_feed_tells_what_was_added_edited_and_removed,
    the_change_feed_comes_in_pages_of_at_most_max_entries,
    each_request_is_logged_as_json_without_the_text,
    the_page_is_served_to_anyone_and_calls_the_api,
    an_entry_is_edited_and_confirmed_by_a_token_holder,
    a_token_file_others_can_read_is_refused,
    a_caller_past_the_rate_is_told_to_wait_and_the_others_are_served,
    the_page_in_chromium_shows_matches_and_renderings_searches_and_edits_with_a_token,
    sigterm_stops_the_server_soon_and_the_memory_opens_clean,
];

/// Weblate's `get_api_url(source, target, "unit", text[:500].replace("\r", " ").encode())`:
/// the base without its trailing slash, each part quoted with `safe=''`, joined
/// with `/`.
fn weblate_unit_url(base: &str, source: &str, target: &str, text: &str) -> String {
    let text: String = text.chars().take(500).collect::<String>().replace('\r', " ");
    let parts = [quote(source.as_bytes()), quote(target.as_bytes()), "unit".into(), quote(text.as_bytes())];
    format!("{}/{}", base.trim_end_matches('/'), parts.join("/"))
}

/// Weblate's `MACHINERY_DEFAULT_THRESHOLD` (80; 75 in earlier versions): a
/// match below it is not shown.
const WEBLATE_THRESHOLD: i64 = 80;

/// Weblate's reading of the answer: a list of objects whose `quality`, as an
/// int, is at least the threshold; (text, quality, source).
fn weblate_reads(answer: &Answer, threshold: i64) -> Vec<(String, i64, String)> {
    assert_eq!(answer.status, 200, "{}", answer.text());
    let payload = answer.json();
    let list = payload.as_array().expect("a list");
    list.iter()
        .filter_map(|line| {
            let quality = line["quality"].as_f64().expect("quality") as i64;
            (quality >= threshold).then(|| {
                (line["target"].as_str().unwrap().to_string(), quality, line["source"].as_str().unwrap().to_string())
            })
        })
        .collect()
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn weblate_gets_the_seed_memorys_matches_for_arabic_units() {
    let (tm, _) = team();
    let server = Server::start(&tm, &[]);
    let base = format!("http://{}/tmserver/", server.addr);
    let path_of = |url: &str| url.split_once(&server.addr).unwrap().1.to_string();
    let pairs = seed_pairs();
    for (source, target) in &pairs {
        for target_lang in ["en", "en_us"] {
            let url = weblate_unit_url(&base, "ar", target_lang, source);
            let got = weblate_reads(&server.get(&path_of(&url)), WEBLATE_THRESHOLD);
            assert!(
                got.iter().any(|(t, q, s)| t == target && *q == 100 && s == source),
                "{source} → {got:?}"
            );
        }
    }
    // A revised sentence: a word left out still finds its entry.
    let (source, target) = &pairs[0];
    let revised = source.replacen("الأكثر ", "", 1);
    assert_ne!(&revised, source);
    let got = weblate_reads(&server.get(&path_of(&weblate_unit_url(&base, "ar", "en", &revised))), WEBLATE_THRESHOLD);
    assert!(got.iter().any(|(t, q, _)| t == target && *q < 100), "{got:?}");
    // The text has a slash, which Weblate encodes too.
    let slashed = format!("{} / {}", pairs[1].0, pairs[2].0);
    let answer = server.get(&path_of(&weblate_unit_url(&base, "ar", "en", &slashed)));
    assert_eq!(answer.status, 200, "{}", answer.text());
    // max_candidates and min_similarity as amaGama takes them.
    let url = weblate_unit_url(&base, "ar", "en", &revised);
    let one = server.get(&format!("{}?max_candidates=1&min_similarity=30", path_of(&url)));
    let list = one.json();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["rank"], 1);
    assert!(list[0]["id"].as_i64().is_some() && list[0]["origin"].as_str().is_some(), "{list}");
}

fn weblate_finds_the_pair_in_the_languages_list() {
    let (tm, _) = team();
    let server = Server::start(&tm, &[]);
    // get_api_url("languages", ""): the trailing slash.
    let answer = server.get("/tmserver/languages/");
    assert_eq!(answer.status, 200, "{}", answer.text());
    let data = answer.json();
    let pairs: Vec<(String, String)> = data["sourceLanguages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| data["targetLanguages"].as_array().unwrap().iter().map(move |t| (s.clone(), t.clone())))
        .map(|(s, t)| (s.as_str().unwrap().to_string(), t.as_str().unwrap().to_string()))
        .collect();
    assert!(pairs.contains(&("ar".into(), "en".into())), "{pairs:?}");
}

fn a_unit_that_is_not_utf8_once_decoded_is_refused_and_an_unknown_pair_is_404() {
    let (tm, _) = team();
    let server = Server::start(&tm, &[]);
    for bad in ["/tmserver/ar/en/unit/%D9", "/tmserver/ar/en/unit/%FF%FE", "/tmserver/ar/en/unit/%D9%83%D8"] {
        let answer = server.get(bad);
        assert_eq!(answer.status, 400, "{bad}: {}", answer.text());
        assert!(answer.json()["error"].as_str().is_some(), "{}", answer.text());
    }
    let answer = server.get(&format!("/tmserver/fr/de/unit/{}", quote("bonjour".as_bytes())));
    assert_eq!(answer.status, 404, "{}", answer.text());
    assert!(answer.json()["error"].as_str().unwrap().contains("ar→en"), "{}", answer.text());
    let long = "ب".repeat(2001);
    let answer = server.get(&format!("/tmserver/ar/en/unit/{}", quote(long.as_bytes())));
    assert_eq!(answer.status, 400, "{}", answer.text());
}

fn entries_of(tm: &Tm) -> u64 {
    stats(tm).entries
}

fn writes_need_a_token_that_may_write_and_record_its_user() {
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens]);
    let before = entries_of(&tm);
    let unit = r#"{"source": "وقعت كازموناينجاز عقدا جديدا.", "target": "KazMunayGas signed a new contract."}"#;
    let path = format!("/tmserver/ar/en/unit/{}", quote("وقعت كازموناينجاز عقدا جديدا.".as_bytes()));
    let json = ("Content-Type", "application/json");
    let cases = [(None, 401), (Some("nobody-0123456789abcdef".to_string()), 401), (Some(bearer(READER)), 403)];
    for (auth, status) in cases {
        let wrong = auth.as_deref().map(|a| ("Authorization", a));
        let headers: Vec<(&str, &str)> = [json].into_iter().chain(wrong).collect();
        for method in ["PUT", "POST"] {
            let answer = server.request(method, &path, &headers, unit.as_bytes());
            assert_eq!(answer.status, status, "{method} {auth:?}: {}", answer.text());
            assert!(answer.json()["error"].as_str().is_some());
        }
        let answer = server.request("POST", "/api/import", &headers, crate::util::SEED_TMX.as_bytes());
        assert_eq!(answer.status, status, "{}", answer.text());
    }
    assert_eq!(entries_of(&tm), before, "nothing stored");
    let auth = bearer(WRITER);
    let answer = server.request("PUT", &path, &[json, ("Authorization", &auth)], unit.as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json()["imported"], 1);
    // Form-encoded, as amaGama takes it too; the source from the path.
    let form = format!("target={}", quote(b"KazMunayGas signed another contract."));
    let form_type = ("Content-Type", "application/x-www-form-urlencoded");
    let answer = server.request("PUT", &path, &[form_type, ("Authorization", &auth)], form.as_bytes());
    assert_eq!(answer.json()["imported"], 1, "{}", answer.text());
    // A list to the store.
    let list = r#"[{"source": "حقل تنغيز", "target": "the Tengiz field"}, {"source": "بحر قزوين", "target": "the Caspian Sea"}]"#;
    let answer = server.request("POST", "/tmserver/ar/en/store/", &[json, ("Authorization", &auth)], list.as_bytes());
    assert_eq!(answer.json()["imported"], 2, "{}", answer.text());
    assert_eq!(entries_of(&tm), before + 4);
    // The written unit is found, and its creator is the token's user.
    let got = weblate_reads(&server.get(&path), WEBLATE_THRESHOLD);
    assert!(got.iter().any(|(t, q, _)| t == "KazMunayGas signed a new contract." && *q == 100), "{got:?}");
    let tmx = stdout(&tm.expect(&["export", "--origin", "tmserver"], None, 0));
    assert_eq!(tmx.matches("creationid=\"hala\"").count(), 4, "{tmx}");
    // POST updates: the source's translations give way to the new one.
    let update = r#"{"source": "بحر قزوين", "target": "the Caspian"}"#;
    let answer = server.request(
        "POST",
        "/tmserver/ar/en/unit/x",
        &[json, ("Authorization", &auth)],
        update.as_bytes(),
    );
    assert_eq!(answer.json()["replaced"], 1, "{}", answer.text());
    assert_eq!(entries_of(&tm), before + 4);
}

fn a_read_only_or_tokenless_server_takes_no_writes() {
    let (tm, tokens) = team();
    let before = entries_of(&tm);
    let list = r#"[{"source": "حقل تنغيز", "target": "the Tengiz field"}]"#;
    for args in [&["--token-file", tokens.as_str(), "--read-only"][..], &[]] {
        let server = Server::start(&tm, args);
        let auth = bearer(WRITER);
        let answer = server.request("POST", "/tmserver/ar/en/store/", &[("Authorization", &auth)], list.as_bytes());
        assert_eq!(answer.status, 403, "{args:?}: {}", answer.text());
        assert_eq!(server.get("/api/stats").status, 200);
    }
    assert_eq!(entries_of(&tm), before);
}

fn a_private_server_wants_a_token_for_reads() {
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens, "--private"]);
    assert_eq!(server.get("/tmserver/languages/").status, 401);
    assert_eq!(server.get("/api/stats").status, 401);
    let auth = bearer(READER);
    let answer = server.request("GET", "/api/stats", &[("Authorization", &auth)], b"");
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json()["entries"], 21);
}

fn suggest_answers_a_document_as_tm_suggest_does() {
    let (tm, _) = team();
    let server = Server::start(&tm, &[]);
    let pairs = seed_pairs();
    let text = format!("{} {}", pairs[0].0, pairs[2].0);
    let body = serde_json::json!({ "text": text }).to_string();
    let answer = server.request("POST", "/api/suggest", &[("Content-Type", "application/json")], body.as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
    let served: Vec<crate::util::Suggestion> = serde_json::from_slice(&answer.body).unwrap();
    let local: Vec<crate::util::Suggestion> = tm.json(&["suggest", "--format", "json"], Some(&text), 0);
    assert_eq!(served.len(), 2);
    assert_eq!(served.len(), local.len());
    for (s, l) in served.iter().zip(&local) {
        assert_eq!((s.index, &s.segment, s.start, s.end), (l.index, &l.segment, l.start, l.end));
        let ids = |x: &crate::util::Suggestion| x.matches.iter().map(|m| (m.id, m.score)).collect::<Vec<_>>();
        assert_eq!(ids(s), ids(l));
    }
    assert_eq!(served[1].matches[0].target, pairs[2].1);
    assert!(served[1].terms.iter().any(|t| t.rendering == "KazMunayGas"), "{:?}", served[1].terms);
    let body = serde_json::json!({ "segments": [pairs[3].0, pairs[4].0], "max": 1 }).to_string();
    let answer = server.request("POST", "/api/suggest", &[], body.as_bytes());
    let served: Vec<crate::util::Suggestion> = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(served.len(), 2);
    assert_eq!(served[0].matches.len(), 1);
    assert_eq!(served[0].matches[0].target, pairs[3].1);
    for bad in [r#"{"text": 3}"#, r#"{}"#, r#"{"text": "x", "max": 0}"#, "not json"] {
        let answer = server.request("POST", "/api/suggest", &[], bad.as_bytes());
        assert_eq!(answer.status, 400, "{bad}: {}", answer.text());
    }
}

fn search_check_and_stats_answer_as_the_commands_do() {
    let (tm, _) = team();
    let server = Server::start(&tm, &[]);
    let word = "تنغيز";
    let answer = server.get(&format!("/api/search?q={}", quote(word.as_bytes())));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let local: Vec<serde_json::Value> = tm.json(&["search", word, "--format", "json"], None, 0);
    assert_eq!(answer.json(), serde_json::Value::Array(local));
    let answer = server.get("/api/search?q=Tengiz&target=true&limit=1");
    assert_eq!(answer.json().as_array().unwrap().len(), 1, "{}", answer.text());
    // A name rendered another way than the glossary's.
    let pair = r#"{"source": "تعمل شركة كازمونايجاز في تنغيز.", "target": "The company KazMunaiGaz works in Tengiz."}"#;
    let answer = server.request("POST", "/api/check", &[], pair.as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
    let found = answer.json();
    let findings = found["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["kind"] == "term" && f["message"].as_str().unwrap().contains("KazMunayGas")), "{found}");
    assert_eq!(found["report"]["units"], 1);
    let answer = server.get("/api/stats");
    let served = answer.json();
    assert_eq!((served["entries"].as_u64(), served["glossary_terms"].as_u64()), (Some(21), Some(25)));
    assert_eq!(served["source_lang"], "ar");
    assert!(served.get("memory").is_none(), "the server's path stays on the server");
}

fn an_upload_is_imported_whole_or_not_at_all() {
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens]);
    let auth = bearer(WRITER);
    let before = entries_of(&tm);
    let tsv = "ar\ten\nحقل كاشاغان\tthe Kashagan field\nبلا ترجمة\n";
    let answer = server.request("POST", "/api/import?name=team.tsv", &[("Authorization", &auth)], tsv.as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
    let report = answer.json();
    assert_eq!((report["file"].as_str(), report["imported"].as_u64(), report["skipped"].as_u64()), (Some("team.tsv"), Some(1), Some(1)));
    assert!(report["problems"][0].as_str().unwrap().contains("team.tsv:3"), "{report}");
    assert!(report["error"].is_null());
    assert_eq!(entries_of(&tm), before + 1);
    // A TMX that breaks off: nothing of it is stored, not even its first units.
    let tmx = crate::util::SEED_TMX.replace("دولي.</seg>", "دولي.</sag>").replace("Kashagan", "Kashagan2");
    assert_ne!(tmx, crate::util::SEED_TMX);
    let answer = server.request("POST", "/api/import?name=broken.tmx", &[("Authorization", &auth)], tmx.as_bytes());
    assert_eq!(answer.status, 400, "{}", answer.text());
    let report = answer.json();
    assert!(report["error"].as_str().unwrap().contains("broken.tmx"), "{report}");
    assert_eq!(report["imported"], 0);
    assert_eq!(entries_of(&tm), before + 1);
    let answer = server.request("POST", "/api/import?on_duplicate=sometimes", &[("Authorization", &auth)], tsv.as_bytes());
    assert_eq!(answer.status, 400, "{}", answer.text());
}

fn a_body_of_100_mb_is_refused_before_it_is_read() {
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens]);
    let before = entries_of(&tm);
    for path in ["/api/suggest", "/api/import"] {
        let answer = server.request_with_length("POST", path, 100 << 20);
        assert_eq!(answer.status, 413, "{path}: {}", answer.text());
        assert!(answer.json()["error"].as_str().unwrap().contains("--max-body"), "{}", answer.text());
    }
    assert_eq!(entries_of(&tm), before);
    assert_eq!(server.get("/api/stats").status, 200, "the server goes on");
}

fn the_export_has_a_strong_etag_that_changes_with_the_memory() {
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens]);
    let first = server.get("/export.tmx");
    assert_eq!(first.status, 200, "{}", first.text());
    let etag = first.header("etag").expect("an ETag").to_string();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "{etag}");
    let tmx = first.text();
    assert_eq!(tmx.matches("<tu ").count(), 21);
    // The same memory, the same bytes.
    let again = server.get("/export.tmx");
    assert_eq!((again.header("etag"), &again.body), (Some(etag.as_str()), &first.body));
    let unchanged = server.request("GET", "/export.tmx", &[("If-None-Match", &etag)], b"");
    assert_eq!(unchanged.status, 304);
    assert!(unchanged.body.is_empty());
    // What tm reads back is what the memory holds.
    let file = tm.write("served.tmx", &first.body);
    let other = Tm::empty();
    other.expect(&["import", file.to_str().unwrap()], None, 0);
    assert_eq!(entries_of(&other), 21);
    let auth = bearer(WRITER);
    let unit = r#"[{"source": "حقل تنغيز", "target": "the Tengiz field"}]"#;
    server.request("POST", "/tmserver/ar/en/store/", &[("Authorization", &auth)], unit.as_bytes());
    let changed = server.request("GET", "/export.tmx", &[("If-None-Match", &etag)], b"");
    assert_eq!(changed.status, 200);
    assert_ne!(changed.header("etag"), Some(etag.as_str()));
    assert_eq!(changed.text().matches("<tu ").count(), 22);
}

fn changes(server: &Server, since: i64) -> serde_json::Value {
    let answer = server.get(&format!("/api/changes?since={since}"));
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()
}

fn ids(list: &serde_json::Value) -> Vec<i64> {
    list.as_array().unwrap().iter().map(|e| e.as_i64().or_else(|| e["id"].as_i64()).unwrap()).collect()
}

/// Two `tm serve` on one memory (a file, or one PostgreSQL database): a unit
/// stored through either is suggested by the other at its next request, and
/// both tell the same change feed.
fn two_servers_on_one_memory_see_each_others_writes_at_the_next_request() {
    let (tm, tokens) = team();
    let servers = [Server::start(&tm, &["--token-file", &tokens]), Server::start(&tm, &["--token-file", &tokens])];
    let auth = bearer(WRITER);
    let json = ("Content-Type", "application/json");
    let pairs = [
        ("وقع حقل كاشاغان البحري اتفاقا جديدا مع الحكومة", "The offshore Kashagan field signed a new agreement with the government"),
        ("أضرب عمال حقل تنغيز عن العمل في الربيع", "The workers of the Tengiz field went on strike in the spring"),
    ];
    let start = changes(&servers[0], 0)["revision"].as_i64().unwrap();
    for (i, (ar, en)) in pairs.iter().enumerate() {
        let (writer, reader) = (&servers[i % 2], &servers[1 - i % 2]);
        let path = format!("/tmserver/ar/en/unit/{}", quote(ar.as_bytes()));
        let before = reader.get(&path).json();
        assert!(before.as_array().unwrap().iter().all(|m| m["quality"].as_f64() < Some(100.0)), "{before}");
        let unit = serde_json::json!([{"source": ar, "target": en}]).to_string();
        let stored = writer.request("POST", "/tmserver/ar/en/store/", &[json, ("Authorization", &auth)], unit.as_bytes());
        assert_eq!(stored.status, 200, "{}", stored.text());
        let after = reader.get(&path).json();
        assert_eq!(after[0]["target"], *en, "{after}");
        assert_eq!(after[0]["quality"].as_f64(), Some(100.0), "{after}");
    }
    let feeds: Vec<serde_json::Value> = servers.iter().map(|s| changes(s, start)).collect();
    assert_eq!(feeds[0], feeds[1]);
    assert_eq!(feeds[0]["added"].as_array().unwrap().len(), 2, "{}", feeds[0]);
}

fn the_change_feed_tells_what_was_added_edited_and_removed() {
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens]);
    let everything = changes(&server, 0);
    assert_eq!(everything["added"].as_array().unwrap().len(), 21, "{everything}");
    let start = everything["revision"].as_i64().unwrap();
    let auth = bearer(WRITER);
    let json = ("Content-Type", "application/json");
    let list = r#"[{"source": "حقل تنغيز", "target": "the Tengiz field"}, {"source": "بحر قزوين", "target": "the Caspian Sea"}]"#;
    server.request("POST", "/tmserver/ar/en/store/", &[json, ("Authorization", &auth)], list.as_bytes());
    let added = changes(&server, start);
    assert_eq!(added["added"].as_array().unwrap().len(), 2, "{added}");
    assert_eq!(added["added"][0]["creator"], "hala");
    assert_eq!(added["added"][0]["source_lang"], "ar");
    let after_add = added["revision"].as_i64().unwrap();
    assert!(after_add > start);
    // A seed entry edited by a person, another removed, with the commands.
    let seed = ids(&everything["added"]);
    tm.expect(&["edit", &seed[0].to_string(), "--target", "Edited."], None, 0);
    tm.expect(&["remove", "--id", &seed[1].to_string()], None, 0);
    let feed = changes(&server, after_add);
    assert_eq!(feed["reset"], false);
    assert!(feed["added"].as_array().unwrap().is_empty(), "{feed}");
    assert_eq!(ids(&feed["edited"]), vec![seed[0]], "{feed}");
    assert_eq!(feed["edited"][0]["target"], "Edited.");
    assert_eq!(ids(&feed["removed"]), vec![seed[1]], "{feed}");
    let now = feed["revision"].as_i64().unwrap();
    let answer = server.get(&format!("/api/changes?since={}", now + 1));
    assert_eq!(answer.status, 400, "{}", answer.text());
    // Entries removed by a filter are not told one by one.
    tm.expect(&["remove", "--origin", "tmserver"], None, 0);
    assert_eq!(changes(&server, now)["reset"], true);
}

fn each_request_is_logged_as_json_without_the_text() {
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens]);
    let text = &seed_pairs()[0].0;
    let auth = bearer(READER);
    server.request("GET", &format!("/tmserver/ar/en/unit/{}?max_candidates=2", quote(text.as_bytes())), &[("Authorization", &auth)], b"");
    server.get("/nowhere");
    std::thread::sleep(Duration::from_millis(100));
    let log = server.log();
    let lines: Vec<serde_json::Value> =
        log.lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert_eq!(lines[0]["method"], "GET");
    assert_eq!(lines[0]["path"], "/tmserver/{source}/{target}/unit/{text}");
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[0]["user"], "omar");
    assert!(lines[0]["ms"].as_f64().is_some());
    assert_eq!((lines[1]["status"].as_u64(), lines[1]["user"].is_null()), (Some(404), true));
    let first_word = text.split(' ').next().unwrap();
    assert!(!log.contains(first_word) && !log.contains(&quote(first_word.as_bytes())), "{log}");
    assert!(!log.contains("max_candidates"), "{log}");
}

fn the_page_is_served_to_anyone_and_calls_the_api() {
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens, "--private"]);
    let page = server.get("/");
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    let html = page.text();
    for needed in ["name=\"viewport\"", "dir=\"auto\"", "/api/suggest", "/api/search", "/api/entries/", "Authorization"] {
        assert!(html.contains(needed), "the page lacks {needed}");
    }
    assert_eq!(server.get("/api/stats").status, 401, "what the page asks stays private");
}

fn an_entry_is_edited_and_confirmed_by_a_token_holder() {
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens]);
    let id = changes(&server, 0)["added"][0]["id"].as_i64().unwrap();
    let path = format!("/api/entries/{id}");
    let edit = r#"{"target": "The oil fields of western Kazakhstan are the elite's main source of wealth."}"#;
    for (auth, status) in [(None, 401), (Some(bearer(READER)), 403)] {
        let headers: Vec<(&str, &str)> = auth.as_deref().map(|a| ("Authorization", a)).into_iter().collect();
        assert_eq!(server.request("POST", &path, &headers, edit.as_bytes()).status, status);
        assert_eq!(server.request("POST", &format!("{path}/confirm"), &headers, b"").status, status);
    }
    let auth = bearer(WRITER);
    let writer = [("Authorization", auth.as_str())];
    let answer = server.request("POST", &path, &writer, edit.as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
    let answer = server.request("POST", &format!("{path}/confirm"), &writer, b"");
    assert_eq!(answer.status, 200, "{}", answer.text());
    let shown: Vec<serde_json::Value> = tm.json(&["show", &id.to_string(), "--format", "json"], None, 0);
    assert!(shown[0]["target"].as_str().unwrap().starts_with("The oil fields of western Kazakhstan are"), "{shown:?}");
    assert_eq!((shown[0]["changer"].as_str(), shown[0]["confirmer"].as_str()), (Some("hala"), Some("hala")));
    assert_eq!(server.request("POST", "/api/entries/999999", &writer, edit.as_bytes()).status, 404);
    assert_eq!(server.request("POST", "/api/entries/999999/confirm", &writer, b"").status, 404);
    assert_eq!(server.request("POST", "/api/entries/x", &writer, edit.as_bytes()).status, 400);
    assert_eq!(server.request("POST", &path, &writer, br#"{"target": " "}"#).status, 400);
}

fn a_token_file_others_can_read_is_refused() {
    let (tm, tokens) = team();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&tokens, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = tm.expect(&["serve", "--listen", "127.0.0.1:0", "--token-file", &tokens], None, 2);
    let err = crate::util::stderr(&out);
    assert!(err.contains("chmod o-rwx"), "{err}");
    std::fs::set_permissions(&tokens, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(&tokens, "short hala\n").unwrap();
    let err = crate::util::stderr(&tm.expect(&["serve", "--listen", "127.0.0.1:0", "--token-file", &tokens], None, 2));
    assert!(err.contains("tokens:1:"), "{err}");
}

fn sigterm_stops_the_server_soon_and_the_memory_opens_clean() {
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens]);
    let auth = bearer(WRITER);
    let unit = r#"[{"source": "حقل تنغيز", "target": "the Tengiz field"}]"#;
    let answer = server.request("POST", "/tmserver/ar/en/store/", &[("Authorization", &auth)], unit.as_bytes());
    assert_eq!(answer.status, 200);
    let (status, took, log) = server.terminate();
    assert!(status.success(), "{status:?}: {log}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(log.contains("tm serve: stopped"), "{log}");
    assert_eq!(entries_of(&tm), 22);
    tm.assert_sound();
}

/// With `--rate 2` (bursts of 4), hala's fifth request at once is answered 429
/// with `Retry-After` and a JSON error; omar, with a token of his own, and an
/// anonymous reader (by address) still get their answers, and hala gets hers
/// again once the wait is over.
fn a_caller_past_the_rate_is_told_to_wait_and_the_others_are_served() {
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens, "--rate", "2"]);
    let hala = bearer(WRITER);
    let stats = |auth: &str| {
        let headers: Vec<(&str, &str)> = if auth.is_empty() { vec![] } else { vec![("Authorization", auth)] };
        server.request("GET", "/api/stats", &headers, b"")
    };
    let statuses: Vec<u16> = (0..5).map(|_| stats(&hala).status).collect();
    assert_eq!(statuses, [200, 200, 200, 200, 429]);
    let refused = stats(&hala);
    assert_eq!(refused.status, 429);
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert!(refused.json()["error"].as_str().unwrap().contains("--rate"), "{}", refused.text());
    assert_eq!(stats(&bearer(READER)).status, 200);
    assert_eq!(stats("").status, 200);
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(stats(&hala).status, 200);
}

/// The page in headless Chromium at 360 px wide, as a translator uses it: with
/// hala's token given, a revised seed paragraph pasted gets its entry's match
/// (with its score under 100 and a diff) and the glossary's renderings of the
/// names in it; the page fits the width and the Arabic reads right to left; a
/// concordance search finds the entry; the match is edited and saved, and the
/// memory holds the new target, changed by hala. A screenshot of the page is
/// written to the tests' output directory (`serve-page.png`).
fn the_page_in_chromium_shows_matches_and_renderings_searches_and_edits_with_a_token() -> Checked {
    use fantoccini::{ClientBuilder, Locator};
    let (chromium, driver) = browser()?;
    let (tm, tokens) = team();
    let server = Server::start(&tm, &["--token-file", &tokens]);
    let driver = Driver::start(&driver);
    let pairs = seed_pairs();
    let (source, target) = pairs.iter().find(|(s, _)| s.contains("كازمونايجاز") && s.contains("تنغيز")).unwrap();
    let revised = source.replacen("أكبر ", "", 1);
    assert_ne!(&revised, source);
    let edited = format!("{target} (reviewed)");
    let capabilities = phone(&chromium, &tm.path("chromium-profile"), None);
    let screenshot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-page.png");
    let page = format!("http://{}/", server.addr);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let id: i64 = runtime.block_on(async {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector).capabilities(capabilities).connect(&driver.url).await.unwrap();
        let run = async {
            let patience = Duration::from_secs(20);
            client.goto(&page).await?;
            let set = "const e = document.getElementById(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('change'));";
            client.execute(set, vec!["token".into(), WRITER.into()]).await?;
            client.execute(set, vec!["text".into(), revised.clone().into()]).await?;
            client.find(Locator::Id("suggest")).await?.click().await?;
            client.wait().at_most(patience).for_element(Locator::Css("#suggestions .match")).await?;
            let shown = client.find(Locator::Id("suggestions")).await?.text().await?;
            assert!(shown.contains(target.as_str()), "{shown}");
            let score: u32 = client.find(Locator::Css("#suggestions .match .score")).await?.text().await?.parse().unwrap();
            assert!((70..100).contains(&score), "score {score}");
            assert!(client.find(Locator::Css("#suggestions .match .diff del, #suggestions .match .diff ins")).await.is_ok());
            let terms = client.find(Locator::Css("#suggestions .terms")).await?.text().await?;
            assert!(terms.contains("KazMunayGas") && terms.contains("Tengiz"), "{terms}");
            // Usable at 360 px: nothing wider than the window; the Arabic right to left.
            let window = client.execute("return innerWidth", vec![]).await?;
            assert_eq!(window, 360, "the window is not a phone's");
            let width = client.execute("return document.documentElement.scrollWidth", vec![]).await?;
            let wider = "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)";
            let wider = client.execute(wider, vec![]).await?;
            assert!(width.as_u64().unwrap() <= 360, "the page is {width} px wide: {wider}");
            let direction = "return getComputedStyle(document.querySelector('#suggestions .source')).direction";
            assert_eq!(client.execute(direction, vec![]).await?, "rtl");
            // The concordance.
            client.execute(set, vec!["q".into(), "تنغيز".into()]).await?;
            client.find(Locator::Id("search")).await?.click().await?;
            client.wait().at_most(patience).for_element(Locator::Css("#found .segment")).await?;
            let found = client.find(Locator::Id("found")).await?.text().await?;
            assert!(found.contains("Tengiz"), "{found}");
            std::fs::write(&screenshot, client.screenshot().await?).unwrap();
            // The edit, with the token: Edit, a new target, Save.
            let meta = client.find(Locator::Css("#suggestions .match .meta.row")).await?.text().await?;
            let id: i64 = meta.split('#').nth(1).unwrap().split_whitespace().next().unwrap().parse().unwrap();
            client.find(Locator::Css("#suggestions .match .meta.row button")).await?.click().await?;
            let area = "document.querySelector('#suggestions .match textarea').value = arguments[0]";
            client.wait().at_most(patience).for_element(Locator::Css("#suggestions .match textarea")).await?;
            client.execute(area, vec![edited.clone().into()]).await?;
            client.find(Locator::Css("#suggestions .match textarea + .row button")).await?.click().await?;
            let saved = "return document.querySelector('#suggestions .match .target').textContent";
            let started = std::time::Instant::now();
            while client.execute(saved, vec![]).await? != edited.as_str() {
                assert!(started.elapsed() < Duration::from_secs(20), "the edit was not saved");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Ok::<_, fantoccini::error::CmdError>(id)
        };
        let id = run.await;
        client.close().await.unwrap();
        id.unwrap()
    });
    let png = std::fs::read(&screenshot).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is no PNG");
    let shown: Vec<serde_json::Value> = tm.json(&["show", &id.to_string(), "--format", "json"], None, 0);
    assert_eq!(shown[0]["target"].as_str(), Some(edited.as_str()));
    assert_eq!(shown[0]["changer"].as_str(), Some("hala"));
    Ok(())
}

/// The seed memory's feed from revision 0 in pages of 7: every entry once, in
/// id order, `more` on every page but the last, each page's `next` the last
/// entry it tells of; a `max` of 0 or above 10000 is refused.
fn the_change_feed_comes_in_pages_of_at_most_max_entries() {
    let (tm, _) = team();
    let server = Server::start(&tm, &[]);
    let all = ids(&changes(&server, 0)["added"]);
    assert!(all.len() > 14, "{} entries", all.len());
    let (mut told, mut after, mut pages): (Vec<i64>, i64, usize) = (Vec::new(), 0, 0);
    loop {
        let answer = server.get(&format!("/api/changes?since=0&after={after}&max=7"));
        assert_eq!(answer.status, 200, "{}", answer.text());
        let page = answer.json();
        let added = ids(&page["added"]);
        assert!(added.len() <= 7);
        told.extend(&added);
        pages += 1;
        if !page["more"].as_bool().unwrap() {
            break;
        }
        assert_eq!(page["next"].as_i64(), added.last().copied());
        after = page["next"].as_i64().unwrap();
    }
    assert_eq!(told, all);
    assert_eq!(pages, all.len().div_ceil(7));
    for bad in ["max=0", "max=10001", "after=-1"] {
        assert_eq!(server.get(&format!("/api/changes?since=0&{bad}")).status, 400, "{bad}");
    }
}
