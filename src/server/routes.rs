//! The routes of `tm serve`, in one table: the router is built from it, and a
//! test checks that `docs/openapi.json` describes each of them and nothing
//! else.

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{MethodFilter, MethodRouter, on};
use tower_http::timeout::TimeoutLayer;

use super::auth::Need;
use super::error::ApiError;
use super::{App, api, around, tmserver};

/// One route: its method, its path (axum's syntax, which is OpenAPI's), what
/// it needs of the caller, and its handler.
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub need: Need,
    handler: fn(MethodFilter) -> MethodRouter<Arc<App>>,
}

const fn route(
    method: &'static str,
    path: &'static str,
    need: Need,
    handler: fn(MethodFilter) -> MethodRouter<Arc<App>>,
) -> Route {
    Route { method, path, need, handler }
}

/// Every route of the server.
pub const ROUTES: &[Route] = &[
    route("GET", "/tmserver/languages/", Need::Read, |m| on(m, tmserver::languages)),
    route("GET", "/tmserver/{source}/{target}/unit/{text}", Need::Read, |m| on(m, tmserver::unit)),
    route("POST", "/tmserver/{source}/{target}/unit/{text}", Need::Write, |m| on(m, tmserver::write_unit)),
    route("PUT", "/tmserver/{source}/{target}/unit/{text}", Need::Write, |m| on(m, tmserver::write_unit)),
    route("POST", "/tmserver/{source}/{target}/store/", Need::Write, |m| on(m, tmserver::write_store)),
    route("POST", "/api/suggest", Need::Read, |m| on(m, api::suggest)),
    route("GET", "/api/search", Need::Read, |m| on(m, api::search)),
    route("POST", "/api/check", Need::Read, |m| on(m, api::check_pairs)),
    route("POST", "/api/import", Need::Write, |m| on(m, api::import_file)),
    route("GET", "/api/stats", Need::Read, |m| on(m, api::stats)),
    route("GET", "/api/changes", Need::Read, |m| on(m, api::changes)),
    route("POST", "/api/sync", Need::Write, |m| on(m, api::sync_push)),
    route("GET", "/export.tmx", Need::Read, |m| on(m, api::export_tmx)),
    route("POST", "/api/entries/{id}", Need::Write, |m| on(m, api::edit_entry)),
    route("POST", "/api/entries/{id}/confirm", Need::Write, |m| on(m, api::confirm_entry)),
    route("GET", "/", Need::Read, |m| on(m, api::page)),
];

async fn no_route() -> ApiError {
    ApiError::not_found("no such route (see docs/openapi.json)")
}

/// The router of [`ROUTES`]: reads are cut at the timeout (408), writes run to
/// their commit; every request goes through [`around`].
pub fn router(app: Arc<App>) -> Router {
    let timeout = app.limits.timeout;
    let mut router = Router::new();
    for route in ROUTES {
        let method = match route.method {
            "GET" => MethodFilter::GET,
            "POST" => MethodFilter::POST,
            "PUT" => MethodFilter::PUT,
            other => unreachable!("a route of method {other}"),
        };
        let mut handler = (route.handler)(method);
        if route.need == Need::Read {
            handler = handler.layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout));
        }
        router = router.route(route.path, handler);
    }
    router
        .fallback(no_route)
        .layer(axum::middleware::from_fn_with_state(app.clone(), around))
        .layer(DefaultBodyLimit::max(app.limits.body_bytes))
        .with_state(app)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The OpenAPI file describes every route of the table, and no other.
    #[test]
    fn every_route_is_in_the_openapi_file_and_no_other() {
        let doc: serde_json::Value = serde_json::from_str(include_str!("../../docs/openapi.json")).unwrap();
        assert_eq!(doc["openapi"].as_str().map(|v| &v[..2]), Some("3."));
        let mut documented = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                if ["get", "put", "post", "delete", "patch", "head", "options"].contains(&method.as_str()) {
                    documented.push((method.to_uppercase(), path.clone()));
                }
            }
        }
        let mut routed: Vec<(String, String)> =
            ROUTES.iter().map(|r| (r.method.to_string(), r.path.to_string())).collect();
        documented.sort();
        routed.sort();
        assert_eq!(documented, routed);
        for route in ROUTES.iter().filter(|r| r.need == Need::Write) {
            let op = &doc["paths"][route.path][route.method.to_lowercase()];
            assert!(op["security"].is_array(), "{} {}: a write says it needs a token", route.method, route.path);
        }
    }
}
