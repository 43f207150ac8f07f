//! The amaGama/tmserver API, as Weblate's `tmserver` machinery, Virtaal and
//! Pootle use it, mounted under `/tmserver/`:
//!
//! - `GET /tmserver/languages/` → `{"sourceLanguages": […], "targetLanguages":
//!   […]}`: the memory's pair and the tags its entries carry, written as
//!   Weblate writes codes (lower case, `_`: `ar`, `en_us`), since Weblate asks
//!   only for pairs in these lists.
//! - `GET /tmserver/{source}/{target}/unit/{text}` → a JSON list of `{source,
//!   target, quality, rank, origin, id}`, best first. `text` is the unit's text
//!   percent-encoded as UTF-8 (Weblate encodes `/` too), matched as one segment;
//!   languages are any tags the memory's pair takes (`ar`, `ar_SA`; `en`,
//!   `en_US`), else 404 as amaGama answers. `target` is the entry's target with
//!   the unit's numbers and names put in (`tm suggest`'s repairs), `quality`
//!   the score, `rank` the place (1 best). `min_similarity` (default 70, at
//!   least 30) and `max_candidates` (default 5, at most 30) are taken as amaGama
//!   takes them: a value that is not a number is the default.
//! - `PUT` (add) and `POST` (update) `/tmserver/{source}/{target}/unit/{text}`
//!   with `{"source", "target"}` as JSON or form-encoded: one entry, stored with
//!   origin `tmserver` and the token's user as its creator. A PUT keeps the
//!   entries of the same source beside it; a POST replaces them (`tm import
//!   --on-duplicate overwrite`). `POST /tmserver/{source}/{target}/store/` takes a
//!   JSON list of them, in one transaction. The answer is the import's counts.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{Extension, Query, RawPathParams, State};
use axum::http::{HeaderMap, Method, header};
use serde::{Deserialize, Serialize};

use tm::entry::Id;
use tm::lang::LangTag;
use tm::memory::{MatchOptions, OnDuplicate};
use tm::ops::import::{ImportOptions, import_pairs};
use tm::ops::suggest::{SuggestOptions, suggest};
use tm::segment::Numbered;

use super::auth::{Caller, Need};
use super::error::ApiError;
use super::{App, Body, blocking, percent_decode};

/// The origin of entries written through this API.
pub const ORIGIN: &str = "tmserver";

/// A language code as Weblate writes it.
fn weblate_code(tag: &str) -> String {
    tag.replace('-', "_").to_lowercase()
}

pub async fn languages(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<serde_json::Value>, ApiError> {
    app.allow(&caller, Need::Read)?;
    let reading = app.clone();
    let stats = blocking(move || reading.read(|memory, _| memory.stats())).await?;
    let mut sources = vec![weblate_code(app.pair.source.as_str())];
    let mut targets = vec![weblate_code(app.pair.target.as_str())];
    for (s, t, _) in &stats.languages {
        for (list, tag) in [(&mut sources, s), (&mut targets, t)] {
            let code = weblate_code(tag);
            if !list.contains(&code) {
                list.push(code);
            }
        }
    }
    Ok(Json(serde_json::json!({ "sourceLanguages": sources, "targetLanguages": targets })))
}

/// The source and target languages of the path, if the memory's pair takes
/// them.
fn langs_of(app: &App, params: &RawPathParams) -> Result<(LangTag, LangTag), ApiError> {
    let get = |name: &str| -> Result<LangTag, ApiError> {
        let code = params.iter().find(|(k, _)| *k == name).map(|(_, v)| v).unwrap_or_default();
        LangTag::parse(code).ok_or_else(|| ApiError::bad_request(format!("{code:?} is not a language code")))
    };
    let (source, target) = (get("source")?, get("target")?);
    if app.pair.source.fit(&source) == 0 || app.pair.target.fit(&target) == 0 {
        return Err(ApiError::not_found(format!(
            "this memory is {}: nothing for {}→{}",
            app.pair,
            source.as_str(),
            target.as_str()
        )));
    }
    Ok((source, target))
}

/// A path axum could not take apart (a part that is not UTF-8 once decoded).
fn path_rejection(e: RawPathParamsRejection) -> ApiError {
    ApiError::bad_request(format!("{} (the path is percent-encoded UTF-8)", e.body_text()))
}

/// The unit's text from the path (axum percent-decodes it).
fn text_of(params: &RawPathParams) -> String {
    params.iter().find(|(k, _)| *k == "text").map(|(_, v)| v.to_string()).unwrap_or_default()
}

/// The query of a unit look-up; other parameters (`style`) are left alone.
#[derive(Deserialize, Default)]
pub struct UnitQuery {
    min_similarity: Option<String>,
    max_candidates: Option<String>,
}

impl UnitQuery {
    /// The lowest score and the most matches, as amaGama reads them.
    fn matching(&self) -> MatchOptions {
        let int = |v: &Option<String>| v.as_deref().and_then(|v| v.trim().parse::<i64>().ok()).filter(|&v| v != 0);
        let min = int(&self.min_similarity).unwrap_or(70).clamp(30, 100);
        let max = int(&self.max_candidates).unwrap_or(5).clamp(1, 30);
        MatchOptions { min_score: min as u8, max: max as usize }
    }
}

/// One match as amaGama writes it, with tm's origin and entry id.
#[derive(Serialize)]
pub struct UnitJson {
    source: String,
    target: String,
    quality: u8,
    rank: usize,
    origin: String,
    id: Id,
}

pub async fn unit(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    query: Result<Query<UnitQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<UnitJson>>, ApiError> {
    app.allow(&caller, Need::Read)?;
    let params = params.map_err(path_rejection)?;
    let Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    langs_of(&app, &params)?;
    let text = text_of(&params);
    app.check_segment(&text)?;
    let matching = query.matching();
    let found = blocking(move || {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let segment = Numbered { index: 0, text, span: 0..text.len(), translate: true };
        app.read(|memory, sample| {
            let options = SuggestOptions { matching, jobs: Some(1), sample, ..SuggestOptions::default() };
            let mut out = Vec::new();
            let silent = &tm::progress::Silent;
            suggest(
                memory,
                std::slice::from_ref(&segment),
                &options,
                silent,
                |s| Ok(s.clone()),
                |s| {
                    out.extend(s.matches.into_iter().enumerate().map(|(i, m)| UnitJson {
                        source: m.entry.source.text,
                        target: m.target,
                        quality: m.score.min(100),
                        rank: i + 1,
                        origin: m.entry.origin,
                        id: m.id,
                    }));
                    Ok::<_, tm::error::Error>(())
                },
            )?;
            Ok(out)
        })
    })
    .await?;
    Ok(Json(found))
}

/// A unit written.
#[derive(Deserialize)]
struct UnitBody {
    source: Option<String>,
    target: String,
}

/// Whether the body is form-encoded (else JSON).
fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"))
}

/// The fields of a form-encoded body (`+` a space, `%XX` a byte, UTF-8).
fn form_fields(body: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    let text = std::str::from_utf8(body).map_err(|_| ApiError::bad_request("the form is not UTF-8"))?;
    text.split('&')
        .filter(|f| !f.is_empty())
        .map(|field| {
            let (k, v) = field.split_once('=').unwrap_or((field, ""));
            let k = percent_decode(&k.replace('+', " "), "form field")?;
            let v = percent_decode(&v.replace('+', " "), "form field")?;
            Ok((k, v))
        })
        .collect()
}

fn unit_body(headers: &HeaderMap, body: &[u8]) -> Result<UnitBody, ApiError> {
    if is_form(headers) {
        let fields = form_fields(body)?;
        let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let target = get("target").ok_or_else(|| ApiError::bad_request("the form has no target"))?;
        return Ok(UnitBody { source: get("source"), target });
    }
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("the body is not {{source, target}}: {e}")))
}

/// The counts of a write.
#[derive(Serialize)]
pub struct Written {
    imported: u64,
    duplicates: u64,
    replaced: u64,
}

/// Stores `pairs` as entries of `langs` by `user`, in one transaction.
async fn store(
    app: Arc<App>,
    pairs: Vec<(String, String)>,
    langs: (LangTag, LangTag),
    user: Option<String>,
    policy: OnDuplicate,
) -> Result<Json<Written>, ApiError> {
    for (source, target) in &pairs {
        app.check_segment(source)?;
        app.check_segment(target)?;
        if source.trim().is_empty() || target.trim().is_empty() {
            return Err(ApiError::bad_request("a unit needs a source and a target"));
        }
    }
    let counts = blocking(move || {
        app.write(|memory| {
            let options = ImportOptions { policy, user, ..ImportOptions::default() };
            import_pairs(memory, &pairs, (&langs.0, &langs.1), ORIGIN, &options)
        })
    })
    .await?;
    Ok(Json(Written { imported: counts.imported, duplicates: counts.duplicates, replaced: counts.replaced }))
}

pub async fn write_unit(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    method: Method,
    params: Result<RawPathParams, RawPathParamsRejection>,
    headers: HeaderMap,
    Body(body): Body,
) -> Result<Json<Written>, ApiError> {
    let user = app.allow(&caller, Need::Write)?;
    let params = params.map_err(path_rejection)?;
    let langs = langs_of(&app, &params)?;
    let unit = unit_body(&headers, &body)?;
    let source = match unit.source {
        Some(source) => source,
        None => text_of(&params),
    };
    let policy = if method == Method::POST { OnDuplicate::Overwrite } else { OnDuplicate::KeepBoth };
    store(app, vec![(source, unit.target)], langs, user, policy).await
}

pub async fn write_store(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    params: Result<RawPathParams, RawPathParamsRejection>,
    Body(body): Body,
) -> Result<Json<Written>, ApiError> {
    let user = app.allow(&caller, Need::Write)?;
    let params = params.map_err(path_rejection)?;
    let langs = langs_of(&app, &params)?;
    #[derive(Deserialize)]
    struct One {
        source: String,
        target: String,
    }
    let units: Vec<One> = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("the body is not a list of {{source, target}}: {e}")))?;
    let pairs = units.into_iter().map(|u| (u.source, u.target)).collect();
    store(app, pairs, langs, user, OnDuplicate::KeepBoth).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_and_candidates_are_read_as_amagama_reads_them() {
        let q = |min: Option<&str>, max: Option<&str>| {
            let m =
                UnitQuery { min_similarity: min.map(String::from), max_candidates: max.map(String::from) }.matching();
            (m.min_score, m.max)
        };
        assert_eq!(q(None, None), (70, 5));
        assert_eq!(q(Some("75"), Some("10")), (75, 10));
        assert_eq!(q(Some("10"), Some("99")), (30, 30));
        assert_eq!(q(Some("x"), Some("0")), (70, 5));
    }

    #[test]
    fn form_fields_are_decoded() {
        let fields = form_fields("source=%D9%83%D8%A7%D9%86&target=it+was".as_bytes()).unwrap();
        assert_eq!(fields, [("source".into(), "كان".into()), ("target".into(), "it was".into())]);
    }
}
