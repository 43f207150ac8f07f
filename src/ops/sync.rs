//! `tm sync URL`: a local memory and a team's `tm serve` brought level. The
//! pull takes the server's change feed (`GET /api/changes`, page by page) into
//! the local memory, one transaction a page; the push sends the local entries
//! made, edited or removed since the last push (`POST /api/sync`, a batch at a
//! time, with the token, whose user the server records on them). What the
//! memory keeps of each server (revisions, entry pairings) and which side wins
//! a conflict is [`crate::memory::sync`]'s.
//!
//! A server whose feed cannot tell its changes one by one (entries removed
//! there by a filter, `tm remove --origin`) is pulled whole (its changes since
//! 0: every entry, as it is now); the entries paired before that it no longer
//! holds are removed here.
//!
//! The pull comes first, so a conflict is decided here (the server's version
//! wins) before the push could send a local version over a newer one. A sync
//! cut anywhere resumes where it stopped: a pull after the last page applied
//! (the server's revision at its first page kept with it), a push from the
//! last local revision pushed whole (a batch sent again is harmless: the server
//! stores no entry twice with the same texts).
//!
//! The HTTP client is ureq: blocking (a command needs no async runtime), small,
//! with timeouts and TLS (rustls) for a server behind HTTPS.

use std::collections::HashMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::entry::{Entry, Text};
use crate::error::{Error, Result};
use crate::lang::LangTag;
use crate::memory::sync::{Conflict, PullCounts, PushAction, PushEntry, PushOutcome, RemoteEntry};
use crate::memory::{Filter, Memory, Page, SyncState};
use crate::progress::{Count, Progress};
use crate::timestamp::Timestamp;

/// What to sync.
#[derive(Clone, Debug)]
pub struct SyncOptions {
    /// The server's address (`http://host:8080`), without a route.
    pub url: String,
    /// The bearer token (needed to push, and to pull from a private server).
    pub token: Option<String>,
    pub pull: bool,
    pub push: bool,
    /// Entries a page of the feed tells of (the server takes 1 to 10000): each
    /// page is one transaction of the local memory.
    pub page: usize,
    /// Entries pushed in one request.
    pub batch: usize,
    /// Longest time one request may take, its answer read whole.
    pub timeout: Duration,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            url: String::new(),
            token: None,
            pull: true,
            push: true,
            page: Page::MAX,
            batch: 500,
            timeout: Duration::from_secs(60),
        }
    }
}

/// What a push did on the server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PushCounts {
    pub added: u64,
    pub edited: u64,
    pub removed: u64,
    /// Entries the server had with the same texts already.
    pub same: u64,
}

/// What a sync did, both ways.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SyncReport {
    pub url: String,
    /// The server's revision pulled whole (its feed's `revision`).
    pub server_revision: i64,
    pub pulled: PullCounts,
    pub pushed: PushCounts,
    /// Local changes a pulled change overrode (the server's version wins).
    pub conflicts: Vec<Conflict>,
}

/// The server's address as the memory keeps it: without the trailing slash.
pub fn normalize_url(url: &str) -> String {
    url.trim().trim_end_matches('/').to_string()
}

/// Syncs `memory` with the server at `options.url`, pull then push as asked.
pub fn sync(memory: &mut Memory, options: &SyncOptions, progress: &dyn Progress) -> Result<SyncReport> {
    let url = normalize_url(&options.url);
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Error::Unreachable { url, message: "not an http:// or https:// address".into() });
    }
    let client = Client::new(&url, options);
    let stats: StatsAnswer = client.get_json("/api/stats")?;
    let pair = memory.pair().clone();
    match (LangTag::parse(&stats.source_lang), LangTag::parse(&stats.target_lang)) {
        (Some(source_lang), Some(target_lang)) if pair.accepts(&source_lang, &target_lang) => {}
        (Some(source_lang), Some(target_lang)) => {
            return Err(Error::ForeignEntry { source_lang, target_lang, memory: pair });
        }
        _ => return Err(client.bad("/api/stats", "its languages are not language tags")),
    }
    if options.push {
        // A token that may not write is refused before anything is pulled: the
        // memory stays as it was.
        let _: PushAnswer = client.post_json("/api/sync", &PushBody { entries: &[], removed: &[] })?;
    }
    let mut state = memory.begin_sync(&url)?;
    let mut report = SyncReport { url: url.clone(), server_revision: state.pulled, ..SyncReport::default() };
    if options.pull {
        let total = if state.pulled == 0 { stats.entries } else { 0 };
        pull(memory, &client, &mut state, options, total, &mut report, progress)?;
    }
    if options.push {
        push(memory, &client, &mut state, options, &mut report, progress)?;
    }
    Ok(report)
}

/// Pulls the server's changes after `state.pulled`, resuming a pull cut short.
fn pull(
    memory: &mut Memory,
    client: &Client,
    state: &mut SyncState,
    options: &SyncOptions,
    total: u64,
    report: &mut SyncReport,
    progress: &dyn Progress,
) -> Result<()> {
    progress.start("pull", total, Count::Items);
    let mut done = 0;
    loop {
        let route =
            format!("/api/changes?since={}&after={}&max={}", state.pulled, state.pulling_after, options.page.max(1));
        let page: ChangesAnswer = client.get_json(&route)?;
        if page.reset {
            if state.pulled == 0 {
                progress.finish();
                return Err(client.bad(&route, "it cannot tell its changes since revision 0 one by one"));
            }
            // The changes cannot be told one by one (entries were removed there
            // by a filter): take the whole memory, then what it lacks is gone.
            *state = SyncState { pulled: 0, pulling: None, pulling_after: 0, whole: true, ..state.clone() };
            continue;
        }
        let changed: Vec<RemoteEntry> =
            page.added.iter().chain(&page.edited).map(|c| c.entry(client, &route)).collect::<Result<_>>()?;
        // The revision of a pull is its first page's: what changes between its
        // pages comes after it, and the next pull starts there.
        let revision = *state.pulling.get_or_insert(page.revision);
        let ends_whole = state.whole && !page.more;
        if page.more {
            state.pulling_after = page.next;
        } else {
            state.pulled = revision;
            state.pulling = None;
            state.pulling_after = 0;
            state.whole = false;
        }
        let tally = (&mut report.pulled, &mut report.conflicts);
        memory.apply_pulled(state, &changed, &page.removed, ends_whole, tally)?;
        done += (changed.len() + page.removed.len()) as u64;
        progress.set(done);
        if !page.more {
            break;
        }
    }
    progress.finish();
    report.server_revision = state.pulled;
    Ok(())
}

/// Pushes the local entries made, edited or removed after the local revision
/// `state.pushed` (every entry but the shipped sample's, if the memory's own
/// feed cannot tell them one by one).
fn push(
    memory: &mut Memory,
    client: &Client,
    state: &mut SyncState,
    options: &SyncOptions,
    report: &mut SyncReport,
    progress: &dyn Progress,
) -> Result<()> {
    let batch = options.batch.max(1);
    let since = state.pushed;
    let mut after = 0;
    let mut revision = None;
    progress.start("push", 0, Count::Items);
    loop {
        let Some(changes) = memory.store().changes_since(since, Page { after, max: batch })? else {
            // A memory older than its record of the push: push everything.
            state.pushed = 0;
            return push(memory, client, state, options, report, progress);
        };
        let (entries, removed_ids, more) = if changes.reset {
            let mut all = Vec::new();
            let filter = Filter { leave_out_sample: true, ..Filter::default() };
            memory.store().scan(&filter, |s| {
                all.push(s);
                Ok(())
            })?;
            (all, Vec::new(), false)
        } else {
            let mut entries = changes.added;
            entries.extend(changes.edited);
            (entries, changes.removed, changes.more)
        };
        let now = *revision.get_or_insert(changes.revision);
        let mut pushed = Vec::new();
        let mut hashes = HashMap::new();
        for stored in entries.iter().filter(|s| s.entry.origin != crate::entry::ORIGIN_SAMPLE) {
            let e = &stored.entry;
            let hash = crate::memory::sync::texts_hash(&e.source.text, &e.target.text);
            let paired = memory.synced_local(state.server, stored.id)?;
            if paired.is_some_and(|p| p.hash == hash) {
                continue;
            }
            hashes.insert(stored.id.get(), hash);
            pushed.push(PushEntry {
                key: stored.id.get(),
                id: paired.map(|p| p.remote as u64),
                source: e.source.text.clone(),
                target: e.target.text.clone(),
            });
        }
        let mut removed = Vec::new();
        for id in removed_ids {
            if let Some(p) = memory.synced_local(state.server, id)? {
                removed.push(p.remote);
            }
        }
        let answer: PushAnswer = if pushed.is_empty() && removed.is_empty() {
            PushAnswer::default()
        } else {
            client.post_json("/api/sync", &PushBody { entries: &pushed, removed: &removed })?
        };
        if answer.entries.len() != pushed.len() {
            return Err(client.bad("/api/sync", "it does not give back one id for each entry pushed"));
        }
        for o in &answer.entries {
            match o.action {
                PushAction::Added => report.pushed.added += 1,
                PushAction::Edited => report.pushed.edited += 1,
                PushAction::Same => report.pushed.same += 1,
            }
        }
        report.pushed.removed += answer.removed;
        if !more {
            state.pushed = now;
        }
        memory.record_pushed(state, &answer.entries, &hashes, &removed)?;
        progress.set(report.pushed.added + report.pushed.edited + report.pushed.same + report.pushed.removed);
        if !more {
            break;
        }
        after = changes.next;
    }
    progress.finish();
    Ok(())
}

/// What `POST /api/sync` takes.
#[derive(Serialize)]
struct PushBody<'a> {
    entries: &'a [PushEntry],
    removed: &'a [i64],
}

/// What `POST /api/sync` answers.
#[derive(Default, Deserialize)]
struct PushAnswer {
    entries: Vec<PushOutcome>,
    removed: u64,
}

#[derive(Deserialize)]
struct StatsAnswer {
    source_lang: String,
    target_lang: String,
    entries: u64,
}

/// A page of `GET /api/changes`.
#[derive(Deserialize)]
struct ChangesAnswer {
    revision: i64,
    reset: bool,
    added: Vec<ChangedAnswer>,
    edited: Vec<ChangedAnswer>,
    removed: Vec<i64>,
    more: bool,
    next: i64,
}

/// An entry of the feed ([`crate::ops::changes::ChangedJson`]).
#[derive(Deserialize)]
struct ChangedAnswer {
    id: i64,
    source: String,
    target: String,
    origin: String,
    collection: Option<String>,
    changed: Option<String>,
    source_lang: String,
    target_lang: String,
    created: Option<String>,
    creator: Option<String>,
    changer: Option<String>,
}

impl ChangedAnswer {
    fn entry(&self, client: &Client, route: &str) -> Result<RemoteEntry> {
        let lang = |tag: &str| {
            LangTag::parse(tag).ok_or_else(|| client.bad(route, &format!("entry {}: {tag:?} is no language", self.id)))
        };
        let date = |d: &Option<String>| match d {
            None => Ok(None),
            Some(d) => Timestamp::parse_arg(d)
                .map(Some)
                .ok_or_else(|| client.bad(route, &format!("entry {}: {d:?} is no date", self.id))),
        };
        let entry = Entry {
            source: Text::from_plain(self.source.as_str()),
            target: Text::from_plain(self.target.as_str()),
            source_lang: lang(&self.source_lang)?,
            target_lang: lang(&self.target_lang)?,
            origin: self.origin.clone(),
            collection: self.collection.clone(),
            created: date(&self.created)?,
            changed: date(&self.changed)?,
            creator: self.creator.clone(),
            changer: self.changer.clone(),
            confidence: None,
            meta: Default::default(),
        };
        Ok(RemoteEntry { id: self.id, entry })
    }
}

/// Requests to one server, with the token, each within the timeout.
struct Client {
    base: String,
    token: Option<String>,
    agent: ureq::Agent,
}

/// Tries of a request the server tells to wait (429).
const TRIES: u32 = 5;
/// The longest wait a server's Retry-After is followed for.
const MOST_WAIT: Duration = Duration::from_secs(30);

/// The largest answer read: a page of 10000 entries of the longest segments.
const ANSWER_BYTES: u64 = 256 << 20;

impl Client {
    fn new(base: &str, options: &SyncOptions) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(options.timeout.min(Duration::from_secs(10))))
            .http_status_as_error(false)
            .user_agent(concat!("tm/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client { base: base.to_string(), token: options.token.clone(), agent }
    }

    fn url(&self, route: &str) -> String {
        format!("{}{route}", self.base)
    }

    fn bad(&self, route: &str, message: &str) -> Error {
        Error::BadAnswer { url: self.url(route), message: message.to_string() }
    }

    fn get_json<T: serde::de::DeserializeOwned>(&self, route: &str) -> Result<T> {
        self.retrying(route, || {
            let mut request = self.agent.get(self.url(route));
            if let Some(token) = &self.token {
                request = request.header("Authorization", format!("Bearer {token}"));
            }
            request.call()
        })
    }

    fn post_json<T: serde::de::DeserializeOwned>(&self, route: &str, body: &impl Serialize) -> Result<T> {
        let body = serde_json::to_vec(body).map_err(|e| self.bad(route, &e.to_string()))?;
        self.retrying(route, || {
            let mut request = self.agent.post(self.url(route)).header("Content-Type", "application/json");
            if let Some(token) = &self.token {
                request = request.header("Authorization", format!("Bearer {token}"));
            }
            request.send(&body[..])
        })
    }

    /// Sends a request until it is not told to wait (429, with Retry-After
    /// within [`MOST_WAIT`]), [`TRIES`] times at most, and reads the answer.
    fn retrying<T: serde::de::DeserializeOwned>(
        &self,
        route: &str,
        send: impl Fn() -> std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T> {
        let mut tries = 1;
        loop {
            let sent = send();
            if let Ok(response) = &sent
                && response.status().as_u16() == 429
                && tries < TRIES
            {
                let wait = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map_or(Duration::from_secs(1), Duration::from_secs);
                if wait <= MOST_WAIT {
                    std::thread::sleep(wait);
                    tries += 1;
                    continue;
                }
            }
            return self.answer(route, sent);
        }
    }

    fn answer<T: serde::de::DeserializeOwned>(
        &self,
        route: &str,
        sent: std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T> {
        let url = self.url(route);
        let unreachable = |e: ureq::Error| Error::Unreachable { url: url.clone(), message: e.to_string() };
        let mut response = sent.map_err(unreachable)?;
        let status = response.status().as_u16();
        let body = response.body_mut().with_config().limit(ANSWER_BYTES).read_to_vec().map_err(unreachable)?;
        if status >= 400 {
            let said = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["error"].as_str().map(str::to_string))
                .unwrap_or_else(|| String::from_utf8_lossy(&body).chars().take(200).collect());
            return Err(match status {
                401 => Error::Token { url, status, message: format!("was refused: {said}") },
                403 => Error::Token { url, status, message: format!("may not do this: {said}") },
                _ => Error::Http { url, status, message: said },
            });
        }
        serde_json::from_slice(&body).map_err(|e| self.bad(route, &e.to_string()))
    }
}
