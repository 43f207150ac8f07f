//! `tm sync`: a translator's local memory and a team's `tm serve` (the built
//! `tm` on a free loopback port, with a token file and the seed memory) brought
//! level both ways; the server's side looked at through its API.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::util::server::{READER, Server, WRITER, quote, team};
use crate::util::{Checked, Tm, seed_pairs, shared, stats, stderr};

tests![
    a_first_sync_into_an_empty_memory_gets_every_entry_of_the_server,
    server_edits_and_removals_land_and_a_local_entry_goes_up_once_as_the_tokens_user,
    an_entry_changed_on_both_sides_takes_the_servers_version_and_keeps_the_local_one,
    a_server_that_removed_entries_by_a_filter_is_pulled_whole_and_they_go_here_too,
    a_wrong_or_read_only_token_is_refused_by_name_and_the_memory_stays_as_it_was,
    a_sync_cut_by_the_server_stopping_resumes_where_it_stopped,
];

/// What `tm sync --format json` reports.
#[derive(Debug, Deserialize)]
struct Report {
    url: String,
    server_revision: i64,
    pulled: Pulled,
    pushed: Pushed,
    conflicts: Vec<Conflict>,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
struct Pulled {
    added: u64,
    edited: u64,
    removed: u64,
    unchanged: u64,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
struct Pushed {
    added: u64,
    edited: u64,
    removed: u64,
    same: u64,
}

#[derive(Debug, Deserialize)]
struct Conflict {
    local: u64,
    local_target: Option<String>,
    server_target: Option<String>,
}

/// The team's memory (the seed) and its token file ([`team`]).
struct Team {
    server_tm: Tm,
    tokens: String,
}

impl Team {
    fn new() -> Team {
        let (server_tm, tokens) = team();
        Team { server_tm, tokens }
    }

    fn serve(&self) -> Server {
        Server::start(&self.server_tm, &["--token-file", &self.tokens])
    }
}

/// A client's token file holding `token`.
fn token_file(tm: &Tm, token: &str) -> PathBuf {
    tm.write("token", format!("{token}\n"))
}

fn url(server: &Server) -> String {
    format!("http://{}", server.addr)
}

/// `tm sync URL --token-file TOKEN --format json`, which must exit 0.
fn sync(tm: &Tm, server: &Server, token: &Path, extra: &[&str]) -> Report {
    let url = url(server);
    let mut args = vec!["sync", &url, "--token-file", token.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    tm.json::<Report>(&args, None, 0).remove(0)
}

/// The server's whole feed: every entry as it is now.
fn server_entries(server: &Server) -> Vec<serde_json::Value> {
    let answer = server.get("/api/changes?since=0&max=10000");
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()["added"].as_array().unwrap().clone()
}

/// The local memory's entries (source, target), in id order.
fn local_pairs(tm: &Tm) -> Vec<(String, String)> {
    let out = tm.expect(&["export", "--format", "tsv"], None, 0);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let (s, t) = l.split_once('\t').unwrap();
            (s.to_string(), t.split('\t').next().unwrap().to_string())
        })
        .collect()
}

/// The id of the local entry whose source is `source`.
fn local_id(tm: &Tm, source: &str) -> String {
    let found: Vec<serde_json::Value> = tm.json(&["search", source, "--exact", "--format", "json"], None, 0);
    let hit = found.iter().find(|e| e["source"] == source).unwrap_or_else(|| panic!("{found:?}"));
    hit["id"].as_u64().unwrap().to_string()
}

fn post(server: &Server, path: &str, token: &str, body: &str) -> serde_json::Value {
    let auth = format!("Bearer {token}");
    let answer = server.request(
        "POST",
        path,
        &[("Content-Type", "application/json"), ("Authorization", &auth)],
        body.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{path}: {}", answer.text());
    answer.json()
}

/// The first `n` sentence pairs of NTREX-128 (newstest2019) as a TSV file.
fn ntrex_tsv(tm: &Tm, n: usize) -> Result<PathBuf, crate::util::Missing> {
    let dir = shared()?.join("data/parallel/ntrex-128");
    let ar = std::fs::read_to_string(dir.join("newstest2019.ar")).unwrap();
    let en = std::fs::read_to_string(dir.join("newstest2019.en")).unwrap();
    let mut tsv = String::from("ar\ten\n");
    for (a, e) in ar.lines().zip(en.lines()).filter(|(a, e)| !a.trim().is_empty() && !e.trim().is_empty()).take(n) {
        tsv.push_str(&format!("{}\t{}\n", a.trim(), e.trim()));
    }
    Ok(tm.write("ntrex.tsv", tsv))
}

fn a_first_sync_into_an_empty_memory_gets_every_entry_of_the_server() {
    let team = Team::new();
    let server = team.serve();
    let local = Tm::empty();
    let token = token_file(&local, WRITER);
    let report = sync(&local, &server, &token, &[]);
    assert_eq!(report.url, url(&server));
    assert_eq!(report.pulled, Pulled { added: 21, edited: 0, removed: 0, unchanged: 0 });
    assert_eq!(report.pushed, Pushed { added: 0, edited: 0, removed: 0, same: 0 }, "nothing goes back up");
    assert!(report.server_revision > 0);
    let seed: Vec<(String, String)> = seed_pairs();
    assert_eq!(local_pairs(&local), seed);
    // Again: nothing to do either way.
    let again = sync(&local, &server, &token, &[]);
    assert_eq!(again.pulled, Pulled { added: 0, edited: 0, removed: 0, unchanged: 0 });
    assert_eq!(again.pushed.added + again.pushed.edited + again.pushed.same, 0);
    assert_eq!(server_entries(&server).len(), 21);
}

fn server_edits_and_removals_land_and_a_local_entry_goes_up_once_as_the_tokens_user() -> Checked {
    let team = Team::new();
    let server = team.serve();
    let local = Tm::empty();
    let token = token_file(&local, WRITER);
    sync(&local, &server, &token, &[]);
    let entries = server_entries(&server);
    let (edited, removed) = (entries[0]["id"].as_i64().unwrap(), entries[1]["id"].as_i64().unwrap());
    post(&server, &format!("/api/entries/{edited}"), WRITER, r#"{"target": "Tuesday's talks failed."}"#);
    post(&server, "/api/sync", WRITER, &format!(r#"{{"removed": [{removed}]}}"#));
    // A translator's own pair, from the news test set.
    let tsv = ntrex_tsv(&local, 1)?;
    local.expect(&["import", tsv.to_str().unwrap()], None, 0);
    let mine = local_pairs(&local).pop().unwrap();
    // And a seed entry this translator removes.
    let seed = seed_pairs();
    local.expect(&["remove", "--id", &local_id(&local, &seed[3].0)], None, 0);
    let report = sync(&local, &server, &token, &[]);
    assert_eq!(report.pulled, Pulled { added: 0, edited: 1, removed: 1, unchanged: 0 });
    assert_eq!(report.pushed, Pushed { added: 1, edited: 0, removed: 1, same: 0 });
    assert!(report.conflicts.is_empty(), "{report:?}");
    let pairs = local_pairs(&local);
    assert!(pairs.contains(&(seed[0].0.clone(), "Tuesday's talks failed.".to_string())), "{pairs:?}");
    assert!(!pairs.contains(&seed[1]) && !pairs.contains(&seed[0]) && !pairs.contains(&seed[3]), "{pairs:?}");
    assert!(pairs.contains(&mine), "{pairs:?}");
    assert_eq!(pairs.len(), 20);
    // On the server: found by a search, made by the token's user.
    let word = mine.0.split_whitespace().max_by_key(|w| w.chars().count()).unwrap();
    let found = server.get(&format!("/api/search?q={}", quote(word.as_bytes())));
    assert_eq!(found.status, 200, "{}", found.text());
    let found = found.json();
    let hit = found.as_array().unwrap().iter().find(|e| e["source"] == mine.0.as_str()).unwrap_or_else(|| panic!("{found}"));
    assert_eq!(hit["target"], mine.1.as_str());
    let id = hit["id"].as_i64().unwrap();
    let on_server = server_entries(&server);
    let pushed = on_server.iter().find(|e| e["id"] == id).unwrap();
    assert_eq!(pushed["creator"], "hala");
    // Nothing twice on either side, then or after one more sync.
    let again = sync(&local, &server, &token, &[]);
    assert_eq!(again.pulled.added + again.pulled.edited + again.pulled.removed, 0, "{again:?}");
    assert_eq!(again.pushed.added + again.pushed.edited + again.pushed.removed, 0, "{again:?}");
    let on_server = server_entries(&server);
    assert_eq!(on_server.len(), 20);
    assert!(!on_server.iter().any(|e| e["source"] == seed[3].0.as_str()), "removed here, so there");
    let mut server_pairs: Vec<(String, String)> = on_server
        .iter()
        .map(|e| (e["source"].as_str().unwrap().to_string(), e["target"].as_str().unwrap().to_string()))
        .collect();
    let mut local_now = local_pairs(&local);
    server_pairs.sort();
    local_now.sort();
    assert_eq!(server_pairs, local_now);
    Ok(())
}

fn an_entry_changed_on_both_sides_takes_the_servers_version_and_keeps_the_local_one() {
    let team = Team::new();
    let server = team.serve();
    let local = Tm::empty();
    let token = token_file(&local, WRITER);
    sync(&local, &server, &token, &[]);
    let remote = server_entries(&server)[2]["id"].as_i64().unwrap();
    post(&server, &format!("/api/entries/{remote}"), WRITER, r#"{"target": "The server's wording."}"#);
    // The same entry here is the third of the seed too.
    let local_id = local_id(&local, &seed_pairs()[2].0);
    local.expect(&["edit", &local_id, "--target", "The local wording."], None, 0);
    let report = sync(&local, &server, &token, &[]);
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
    let c = &report.conflicts[0];
    assert_eq!(c.local.to_string(), local_id);
    assert_eq!(c.local_target.as_deref(), Some("The local wording."));
    assert_eq!(c.server_target.as_deref(), Some("The server's wording."));
    // The server's version is the entry's on both sides; the local one is in its history.
    let shown = local.expect(&["history", &local_id, "--format", "json"], None, 0);
    let versions: Vec<serde_json::Value> = crate::util::lines(&shown.stdout);
    let last = versions.last().unwrap();
    assert_eq!(last["target"], "The server's wording.");
    let kept = &versions[versions.len() - 2];
    assert_eq!((kept["target"].as_str(), kept["action"].as_str()), (Some("The local wording."), Some("sync")));
    assert_eq!(report.pushed.edited, 0, "the local version is not pushed over the server's");
    let on_server = server_entries(&server);
    assert_eq!(on_server.iter().find(|e| e["id"] == remote).unwrap()["target"], "The server's wording.");
}

/// `tm remove --origin` on the server: its feed cannot tell the removals one
/// by one (`reset`), so the sync takes its whole memory.
fn a_server_that_removed_entries_by_a_filter_is_pulled_whole_and_they_go_here_too() -> Checked {
    let team = Team::new();
    let server = team.serve();
    let list = r#"[{"source": "حقل تنغيز", "target": "the Tengiz field"}, {"source": "بحر قزوين", "target": "the Caspian Sea"}]"#;
    let answer = server.request(
        "POST",
        "/tmserver/ar/en/store/",
        &[("Content-Type", "application/json"), ("Authorization", &format!("Bearer {WRITER}"))],
        list.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let local = Tm::empty();
    let token = token_file(&local, WRITER);
    assert_eq!(sync(&local, &server, &token, &[]).pulled.added, 23);
    team.server_tm.expect(&["remove", "--origin", "tmserver"], None, 0);
    let reset = server.get("/api/changes?since=1");
    assert_eq!(reset.json()["reset"], true, "{}", reset.text());
    let edited = server_entries(&server)[0]["id"].as_i64().unwrap();
    post(&server, &format!("/api/entries/{edited}"), WRITER, r#"{"target": "Edited there."}"#);
    let tsv = ntrex_tsv(&local, 1)?;
    local.expect(&["import", tsv.to_str().unwrap()], None, 0);
    let report = sync(&local, &server, &token, &[]);
    assert_eq!(report.pulled, Pulled { added: 0, edited: 1, removed: 2, unchanged: 20 }, "{report:?}");
    assert_eq!(report.pushed.added, 1, "{report:?}");
    let pairs = local_pairs(&local);
    assert_eq!(pairs.len(), 22);
    assert!(!pairs.iter().any(|(s, _)| s == "حقل تنغيز" || s == "بحر قزوين"), "{pairs:?}");
    assert!(pairs.iter().any(|(_, t)| t == "Edited there."), "{pairs:?}");
    assert_eq!(server_entries(&server).len(), 22);
    Ok(())
}

fn a_wrong_or_read_only_token_is_refused_by_name_and_the_memory_stays_as_it_was() {
    let team = Team::new();
    let server = team.serve();
    let local = Tm::empty();
    local.expect(&["stats"], None, 0);
    let before = stats(&local);
    let url = url(&server);
    for (token, status, words) in [("wrong-0123456789abcdef", 401, "the token was refused"), (READER, 403, "the token may not")] {
        let file = token_file(&local, token);
        let out = local.expect(&["sync", &url, "--token-file", file.to_str().unwrap()], None, 2);
        let err = stderr(&out);
        assert!(err.contains(&url) && err.contains(words) && err.contains(&format!("HTTP {status}")), "{err}");
        assert_eq!(stats(&local).entries, before.entries);
    }
    // Without a token at all, the same; with TM_TOKEN, the sync is made.
    let out = local.expect(&["sync", &url], None, 2);
    assert!(stderr(&out).contains("the token was refused"), "{}", stderr(&out));
    assert_eq!(stats(&local).entries, 0);
    let mut cmd = local.cmd();
    let out = cmd.args(["sync", &url, "--pull-only"]).env("TM_TOKEN", READER).stderr(Stdio::piped()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stats(&local).entries, 21);
}

fn a_sync_cut_by_the_server_stopping_resumes_where_it_stopped() -> Checked {
    let team = Team::new();
    let tsv = ntrex_tsv(&team.server_tm, 1500)?;
    team.server_tm.expect(&["import", tsv.to_str().unwrap()], None, 0);
    let total = stats(&team.server_tm).entries;
    let server = team.serve();
    let addr = server.addr.clone();
    let local = Tm::empty();
    let token = token_file(&local, WRITER);
    let url = url(&server);
    // Pages of 1 entry, each its own transaction: the server is stopped
    // once some have landed here.
    let mut child = local
        .cmd()
        .args(["sync", &url, "--token-file", token.to_str().unwrap(), "--page", "1", "--pull-only"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    // The memory is made by the sync: until then, it holds nothing.
    let entries = || {
        let out = local.run(&["stats", "--format", "json"], None);
        let stats: Option<crate::util::Stats> = crate::util::lines(&out.stdout).pop();
        stats.map_or(0, |s| s.entries)
    };
    while entries() < 50 {
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            panic!("the sync ended before it could be cut: {:?} {}", out.status, stderr(&out));
        }
        assert!(started.elapsed() < Duration::from_secs(120), "no entry came");
        std::thread::sleep(Duration::from_millis(20));
    }
    let (status, _, _) = server.terminate();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&url), "{err}");
    let partial = stats(&local).entries;
    assert!(partial >= 50 && partial < total, "{partial} of {total}");
    // The server again, where it was: the sync takes the rest, and only the rest.
    let server = Server::start_on(&team.server_tm, &addr, &["--token-file", &team.tokens]);
    let report = sync(&local, &server, &token, &["--pull-only"]);
    assert_eq!(report.pulled.added, total - partial, "{report:?}");
    assert_eq!(report.pulled.unchanged, 0, "{report:?}");
    assert_eq!(stats(&local).entries, total);
    Ok(())
}
