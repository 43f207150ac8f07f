//! `tm`'s own JSON API: the same objects as the command line's `--format
//! json`, described in `docs/openapi.json`.
//!
//! - `POST /api/suggest`: `{"text"}` (a document, segmented as `tm suggest`
//!   segments it; `"lines": true` takes a segment a line) or `{"segments": […]}`,
//!   with `min_score`, `max`, `collections`, `prefer` → a list of suggestions,
//!   one a segment, each as a line of `tm suggest --format json`.
//! - `GET /api/search?q=…` (`target`, `exact`, `regex`, `limit`, `collection`)
//!   → a list of entries, each as a line of `tm search --format json`.
//! - `POST /api/check`: `{"pairs": [{"source", "target"}]}` (or one pair) →
//!   `{"findings": […], "report": {…}}`, findings as `tm check --format json`.
//! - `POST /api/import` (a token that writes): the body a TMX, XLIFF or
//!   bilingual TSV file, told by its content; `origin` (default `name`, else
//!   `upload`), `collection`, `on_duplicate`, `strict`, `states` as `tm import`
//!   takes them. One transaction: a file that fails stores nothing (400, the
//!   report with its `error`). The answer is the report of `tm import --format
//!   json` with the bad records skipped (`problems`).
//! - `GET /export.tmx`: the memory as TMX 1.4b, streamed from one read of the
//!   memory, dated by its latest change, with a strong ETag (the memory's
//!   revision: the same ETag, the same bytes); `If-None-Match` → 304.
//! - `GET /api/stats`: `tm stats --format json` without the memory's path.
//! - `POST /api/entries/{id}` (`{target}`, `{source}` or both) and `POST
//!   /api/entries/{id}/confirm` (a token that writes): `tm edit` and `tm
//!   confirm`, recorded with the token's user.
//! - `POST /api/sync` (a token that writes): what `tm sync` pushes, in one
//!   transaction: `{"entries": [{key, id?, source, target}], "removed": [id]}`,
//!   each entry new (no `id`) or an edit of entry `id` (new if it is gone), by
//!   the token's user; an entry with the same texts as one there is not stored
//!   again. → `{"entries": [{key, id, action}], "removed": N}`, the server's
//!   id of each (`action`: `added`, `edited`, `same`), in the order pushed
//!   ([`tm::memory::sync`]). At most 10000 entries a request.
//! - `GET /`: the page (below the API: it calls it from the browser).
//! - `GET /api/changes?since=N`: what changed after revision N (0: since the
//!   memory was made): `{since, revision, reset, added, edited, removed}`, the
//!   entries added and edited as they are now, the ids of those removed; with
//!   `reset` the changes cannot be told one by one (entries removed by a
//!   filter, or N older than the feed): take `/export.tmx` whole, or the
//!   feed since 0 (every entry, added), which is never a reset. A client
//!   keeps `revision` for its next call. One answer tells of at most `max`
//!   entries (1000 by default, 10000 at most), in entry order; with `more`,
//!   the next page is `?since=N&after=NEXT` (`next`, the last entry told of),
//!   and the client keeps the first page's `revision` ([`tm::memory::Page`]
//!   says why nothing is lost while the memory changes between pages).

use std::io::Write;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use tm::check::Severity;
use tm::memory::{Filter, MatchOptions, OnDuplicate, Pattern, Revision, Scope, Side, Stats};
use tm::ops::check::{Accepted, CheckReport, Located, Rules, Target, check, glossary_for};
use tm::ops::import::{ImportOptions, ImportReport, ReportJson, Source, import};
use tm::ops::search::{FoundJson, search as search_memory};
use tm::ops::suggest::{SuggestOptions, segments_of, suggest as suggest_segments};
use tm::progress::Silent;
use tm::segment::{Lang, Numbered, Split};

use super::auth::{Caller, Need};
use super::error::ApiError;
use super::{App, Body, blocking};

fn json_body<T: serde::de::DeserializeOwned>(body: &[u8], what: &str) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("the body is not {what}: {e}")))
}

/// What `/api/suggest` takes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestBody {
    text: Option<String>,
    segments: Option<Vec<String>>,
    #[serde(default)]
    lines: bool,
    min_score: Option<u8>,
    max: Option<usize>,
    #[serde(default)]
    collections: Vec<String>,
    prefer: Option<String>,
}

pub async fn suggest(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Body(body): Body,
) -> Result<Json<Vec<serde_json::Value>>, ApiError> {
    app.allow(&caller, Need::Read)?;
    let asked: SuggestBody = json_body(&body, "{text} or {segments}")?;
    let defaults = MatchOptions::default();
    let matching = MatchOptions {
        min_score: asked.min_score.unwrap_or(defaults.min_score),
        max: asked.max.unwrap_or(defaults.max),
    };
    if !(1..=100).contains(&matching.min_score) || !(1..=100).contains(&matching.max) {
        return Err(ApiError::bad_request("min_score and max are 1-100"));
    }
    let (text, listed) = match (asked.text, asked.segments) {
        (Some(text), None) => (text, false),
        (None, Some(segments)) => {
            if segments.iter().any(|s| s.contains('\n')) {
                return Err(ApiError::bad_request("a segment of segments holds a line break: send it as text"));
            }
            (segments.join("\n"), true)
        }
        _ => return Err(ApiError::bad_request("give text or segments")),
    };
    let split = if asked.lines || listed { Split::Lines } else { Split::Sentences };
    let lang = Lang::of(&app.pair.source);
    for segment in segments_of(&text, split, lang) {
        app.check_segment(segment.text)?;
    }
    let scope = Scope { collections: asked.collections, prefer: asked.prefer };
    let found = blocking(move || {
        app.read(|memory, sample| {
            let segments: Vec<Numbered<'_>> = segments_of(&text, split, lang);
            let options = SuggestOptions { matching, jobs: Some(2), scope, sample, exhaustive: false };
            let render = |s: &tm::ops::suggest::Suggestion| {
                serde_json::to_value(s.json())
                    .map_err(|e| tm::error::Error::parse(tm::error::Position::new("json"), e.to_string()))
            };
            let mut out = Vec::with_capacity(segments.len());
            suggest_segments(memory, &segments, &options, &Silent, render, |v| {
                out.push(v);
                Ok(())
            })?;
            Ok(out)
        })
    })
    .await?;
    Ok(Json(found))
}

/// What `/api/search` takes.
#[derive(Deserialize)]
pub struct SearchQuery {
    q: String,
    #[serde(default)]
    target: bool,
    #[serde(default)]
    exact: bool,
    #[serde(default)]
    regex: bool,
    limit: Option<usize>,
    collection: Option<String>,
}

pub async fn search(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    query: Result<Query<SearchQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<serde_json::Value>>, ApiError> {
    app.allow(&caller, Need::Read)?;
    let Query(q) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    app.check_segment(&q.q)?;
    let limit = q.limit.unwrap_or(20).clamp(1, 1000);
    let regex = match q.regex {
        true => Some(regex::Regex::new(&q.q).map_err(|e| ApiError::bad_request(format!("regex: {e}")))?),
        false => None,
    };
    let found = blocking(move || {
        let pattern = match (&regex, q.exact) {
            (Some(regex), _) => Pattern::Regex(regex),
            (None, true) => Pattern::Exact(&q.q),
            (None, false) => Pattern::Words(&q.q),
        };
        let side = if q.target { Side::Target } else { Side::Source };
        let scope = Scope { collections: q.collection.into_iter().collect(), prefer: None };
        app.read(|memory, sample| {
            let found = search_memory(memory, pattern, side, limit, &scope, sample)?;
            Ok(found.iter().map(|s| serde_json::to_value(FoundJson::of(s)).unwrap_or_default()).collect())
        })
    })
    .await?;
    Ok(Json(found))
}

#[derive(Deserialize)]
struct PairBody {
    source: String,
    target: String,
}

/// What `/api/check` takes: pairs, or one.
#[derive(Deserialize)]
#[serde(untagged)]
enum CheckBody {
    Pairs { pairs: Vec<PairBody> },
    One(PairBody),
}

#[derive(Serialize)]
pub struct CheckAnswer {
    findings: Vec<Located>,
    report: CheckReport,
}

pub async fn check_pairs(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Body(body): Body,
) -> Result<Json<CheckAnswer>, ApiError> {
    app.allow(&caller, Need::Read)?;
    let pairs = match json_body(&body, "{pairs: [{source, target}]} or {source, target}")? {
        CheckBody::Pairs { pairs } => pairs,
        CheckBody::One(pair) => vec![pair],
    };
    let pairs: Vec<(String, String)> = pairs.into_iter().map(|p| (p.source, p.target)).collect();
    for (source, target) in &pairs {
        app.check_segment(source)?;
        app.check_segment(target)?;
    }
    let answer = blocking(move || {
        app.read(|memory, _| {
            let glossary = glossary_for(memory, None)?;
            let target = Target::Pairs { name: "request".into(), pairs };
            let mut findings = Vec::new();
            let accepted = Accepted::default();
            let rules = Rules { glossary: &glossary, fail_on: Severity::Warning, accepted: &accepted };
            let report = check(memory, &target, &rules, &Silent, &mut |f| {
                findings.push(f);
                Ok(())
            })?;
            Ok(CheckAnswer { findings, report })
        })
    })
    .await?;
    Ok(Json(answer))
}

/// What `/api/import` takes beside the file.
#[derive(Deserialize, Default)]
pub struct ImportQuery {
    name: Option<String>,
    origin: Option<String>,
    collection: Option<String>,
    on_duplicate: Option<String>,
    #[serde(default)]
    strict: bool,
    states: Option<String>,
}

/// The answer of `/api/import`: the import's report, and the bad records
/// skipped.
#[derive(Serialize)]
struct ImportAnswer<'a> {
    #[serde(flatten)]
    report: ReportJson<'a>,
    problems: Vec<String>,
}

pub async fn import_file(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    query: Result<Query<ImportQuery>, axum::extract::rejection::QueryRejection>,
    Body(body): Body,
) -> Result<Response, ApiError> {
    let user = app.allow(&caller, Need::Write)?;
    let Query(q) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let policy = match q.on_duplicate.as_deref() {
        None | Some("keep-both") => OnDuplicate::KeepBoth,
        Some("skip") => OnDuplicate::Skip,
        Some("overwrite") => OnDuplicate::Overwrite,
        Some(other) => {
            return Err(ApiError::bad_request(format!("on_duplicate {other:?}: keep-both, skip or overwrite")));
        }
    };
    use tm::formats::xliff::States;
    let states = match q.states.as_deref() {
        None | Some("translated") => States::Translated,
        Some("all") => States::All,
        Some("reviewed") => States::Reviewed,
        Some("final") => States::Final,
        Some(other) => {
            return Err(ApiError::bad_request(format!("states {other:?}: all, translated, reviewed or final")));
        }
    };
    let name = q.name.clone().unwrap_or_else(|| "upload".to_string());
    let origin = q.origin.clone().unwrap_or_else(|| name.clone());
    let options = ImportOptions {
        policy,
        strict: q.strict,
        states,
        origin: Some(origin),
        collection: q.collection.clone(),
        user,
        ..ImportOptions::default()
    };
    let label = name.clone();
    let (result, problems) = blocking(move || {
        let source = Source::Bytes { name, bytes: body.to_vec() };
        let mut problems = Vec::new();
        let result =
            app.write(|memory| import(memory, &source, &options, &Silent, &mut |p| problems.push(p.to_string())));
        Ok((result, problems))
    })
    .await?;
    let (status, report, error) = match result {
        Ok(report) => (StatusCode::OK, report, None),
        Err(e) => (e.status, ImportReport::default(), Some(e.message)),
    };
    let answer = ImportAnswer { report: ReportJson { file: &label, report: &report, error }, problems };
    Ok((status, Json(answer)).into_response())
}

/// The strong ETag of an export of the memory at `revision`.
fn etag_of(revision: &Revision) -> String {
    let text = format!(
        "{}/{}/{}/{}/{}/{}",
        env!("CARGO_PKG_VERSION"),
        revision.commits,
        revision.entries,
        revision.max_id,
        revision.changed.unwrap_or(0),
        revision.versions
    );
    format!("\"tm-{}-{:016x}\"", revision.commits, tm::hash::fnv1a(text.as_bytes()) as u64)
}

/// Whether an `If-None-Match` value names `etag` (or is `*`).
fn none_match(header: Option<&str>, etag: &str) -> bool {
    header.is_some_and(|h| h.split(',').map(|t| t.trim().trim_start_matches("W/")).any(|t| t == etag || t == "*"))
}

/// Bytes written, sent on as pieces of a response body.
struct ToBody {
    send: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    piece: Vec<u8>,
}

const PIECE: usize = 64 << 10;

impl Write for ToBody {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.piece.extend_from_slice(bytes);
        if self.piece.len() >= PIECE {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.piece.is_empty() {
            return Ok(());
        }
        let piece = Bytes::from(std::mem::replace(&mut self.piece, Vec::with_capacity(PIECE)));
        self.send
            .blocking_send(Ok(piece))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

pub async fn export_tmx(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    app.allow(&caller, Need::Read)?;
    let asked = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (tag_send, tag_receive) = tokio::sync::oneshot::channel::<Result<(String, bool), ApiError>>();
    let (send, receive) = tokio::sync::mpsc::channel(8);
    tokio::task::spawn_blocking(move || {
        let mut tag_send = Some(tag_send);
        let result = app.read(|memory, _| {
            // One read: the revision and the entries exported are the same snapshot.
            memory.store().reading(|| {
                let revision = memory.store().revision()?;
                let etag = etag_of(&revision);
                let unchanged = none_match(asked.as_deref(), &etag);
                if let Some(t) = tag_send.take() {
                    let _ = t.send(Ok((etag, unchanged)));
                }
                if unchanged {
                    return Ok(());
                }
                let created = tm::timestamp::Timestamp(revision.changed.unwrap_or(0));
                let mut out = ToBody { send: send.clone(), piece: Vec::with_capacity(PIECE) };
                let (filter, format) = (Filter::default(), tm::ops::export::ExportFormat::Tmx);
                tm::ops::export::export(memory, None, &filter, format, &mut out, "export.tmx", &Silent, Some(created))?;
                out.flush().map_err(|e| tm::error::Error::Io { path: "export.tmx".into(), source: e })
            })
        });
        if let Err(e) = result {
            match tag_send.take() {
                Some(t) => drop(t.send(Err(e))),
                // The headers are gone: the body is cut short, which the client sees.
                None => drop(send.blocking_send(Err(std::io::Error::other(e.message)))),
            }
        }
    });
    let (etag, unchanged) =
        tag_receive.await.map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "the export stopped"))??;
    let etag =
        HeaderValue::from_str(&etag).map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let stream = futures_util::stream::unfold(receive, |mut r| async move { r.recv().await.map(|piece| (piece, r)) });
    let body = axum::body::Body::from_stream(stream);
    let content_type = HeaderValue::from_static("application/x-tmx+xml; charset=utf-8");
    Ok((StatusCode::OK, [(header::ETAG, etag), (header::CONTENT_TYPE, content_type)], body).into_response())
}

/// An edit of one entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditBody {
    source: Option<String>,
    target: Option<String>,
}

/// The entry id of a path.
fn id_of(id: &str) -> Result<tm::entry::Id, ApiError> {
    id.parse::<u64>().map(tm::entry::Id::new).map_err(|_| ApiError::bad_request(format!("{id:?} is not an entry id")))
}

pub async fn edit_entry(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    axum::extract::Path(id): axum::extract::Path<String>,
    Body(body): Body,
) -> Result<Json<serde_json::Value>, ApiError> {
    let user = app.allow(&caller, Need::Write)?;
    let id = id_of(&id)?;
    let edit: EditBody = json_body(&body, "{target} or {source, target}")?;
    if edit.source.is_none() && edit.target.is_none() {
        return Err(ApiError::bad_request("give a target, a source or both"));
    }
    for text in edit.source.iter().chain(&edit.target) {
        app.check_segment(text)?;
        if text.trim().is_empty() {
            return Err(ApiError::bad_request("an entry's text cannot be empty"));
        }
    }
    blocking(move || {
        app.write(|memory| memory.edit(id, edit.source.as_deref(), edit.target.as_deref(), user.as_deref()))
    })
    .await?;
    Ok(Json(serde_json::json!({ "id": id, "edited": true })))
}

pub async fn confirm_entry(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let user = app.allow(&caller, Need::Write)?;
    let id = id_of(&id)?;
    let missing = blocking(move || app.write(|memory| memory.confirm(&[id], user.as_deref()))).await?;
    if !missing.is_empty() {
        return Err(ApiError::not_found(format!("no entry {id}")));
    }
    Ok(Json(serde_json::json!({ "id": id, "confirmed": true })))
}

/// The page at `/`: plain HTML, CSS and JavaScript, no build step.
pub async fn page() -> axum::response::Html<&'static str> {
    axum::response::Html(include_str!("page.html"))
}

/// What `/api/changes` takes.
#[derive(Deserialize)]
pub struct ChangesQuery {
    #[serde(default)]
    since: i64,
    /// The page: the changes of entries after this one…
    #[serde(default)]
    after: i64,
    /// …at most this many (1000 by default, 10000 at most).
    max: Option<usize>,
}

/// The most entries one answer of `/api/changes` may be asked for.
const MAX_CHANGES: usize = 10_000;

pub async fn changes(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    query: Result<Query<ChangesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    app.allow(&caller, Need::Read)?;
    let Query(q) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let max = q.max.unwrap_or(tm::memory::Page::MAX);
    if max == 0 || max > MAX_CHANGES || q.after < 0 {
        return Err(ApiError::bad_request(format!("max is 1 to {MAX_CHANGES}, after an entry id (0 or more)")));
    }
    let page = tm::memory::Page { after: q.after, max };
    blocking(move || {
        let found = app.read(|memory, _| {
            let changes = tm::ops::changes::changes_since(memory, q.since, page)?;
            Ok(changes.map(|c| serde_json::to_value(tm::ops::changes::ChangesJson::of(&c)).unwrap_or_default()))
        })?;
        found
            .map(Json)
            .ok_or_else(|| ApiError::bad_request(format!("since {}: the memory has not got to that revision", q.since)))
    })
    .await
}

/// What `/api/sync` takes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PushBody {
    #[serde(default)]
    entries: Vec<tm::memory::sync::PushEntry>,
    #[serde(default)]
    removed: Vec<u64>,
}

pub async fn sync_push(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Body(body): Body,
) -> Result<Json<serde_json::Value>, ApiError> {
    let user = app.allow(&caller, Need::Write)?;
    let push: PushBody = json_body(&body, "{entries: [{key, id, source, target}], removed: [id]}")?;
    if push.entries.len() + push.removed.len() > MAX_CHANGES {
        return Err(ApiError::bad_request(format!("at most {MAX_CHANGES} entries and removals a request")));
    }
    for e in &push.entries {
        for text in [&e.source, &e.target] {
            app.check_segment(text)?;
            if text.trim().is_empty() {
                return Err(ApiError::bad_request(format!("entry {}: an entry's text cannot be empty", e.key)));
            }
        }
    }
    let removed: Vec<tm::entry::Id> = push.removed.iter().map(|&id| tm::entry::Id::new(id)).collect();
    let (entries, removed) =
        blocking(move || app.write(|memory| memory.store_pushed(&push.entries, &removed, user.as_deref()))).await?;
    Ok(Json(serde_json::json!({ "entries": entries, "removed": removed })))
}

#[derive(Serialize)]
pub struct StatsJson {
    source_lang: String,
    target_lang: String,
    #[serde(flatten)]
    stats: Stats,
}

pub async fn stats(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<StatsJson>, ApiError> {
    app.allow(&caller, Need::Read)?;
    let pair = app.pair.clone();
    let stats = blocking(move || app.read(|memory, _| memory.stats())).await?;
    Ok(Json(StatsJson { source_lang: pair.source.as_str().into(), target_lang: pair.target.as_str().into(), stats }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_takes_a_list_weak_tags_and_a_star() {
        let tag = "\"tm-3-00ff\"";
        assert!(none_match(Some("\"tm-3-00ff\""), tag));
        assert!(none_match(Some("\"x\", W/\"tm-3-00ff\""), tag));
        assert!(none_match(Some("*"), tag));
        assert!(!none_match(Some("\"tm-2-00ff\""), tag));
        assert!(!none_match(None, tag));
    }
}
