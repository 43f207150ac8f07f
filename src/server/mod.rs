//! `tm serve`: the memory over HTTP for a team, a thin front end over the
//! library API ([`tm::ops`]) as the command line is.
//!
//! - [`routes`] is the one table of routes (method, path, who may call it,
//!   handler), from which the router is built and which `docs/openapi.json`
//!   must describe whole (a test compares them).
//! - [`tmserver`] speaks the amaGama/tmserver API as Weblate's `tmserver`
//!   machinery, Virtaal and Pootle query it; [`api`] is `tm`'s own JSON API
//!   (the same objects as `--format json`).
//! - [`auth`] reads the token file and says who may do what.
//!
//! The stack is axum on hyper and tokio: well kept, HTTP/1.1 from hyper,
//! graceful shutdown built in, and tower middleware for limits and timeouts.
//! The memory is SQLite in WAL mode, or PostgreSQL: readers never wait for a
//! writer. Each
//! request that reads takes a read-only connection from a pool (one per
//! request at a time, opened when none is free, kept for the next one), and
//! writes go through the one connection that may write, one at a time. The
//! store's work runs on tokio's blocking threads (`spawn_blocking`), never on
//! the threads that serve connections.
//!
//! Limits: a request body above `--max-body` is refused (413) before it is
//! read; a segment above `--max-segment` characters is refused (400); a read
//! that takes longer than `--timeout` is answered 408 (a write is never cut:
//! it runs to its commit, bounded by the body limit). Each request gets one
//! JSON line on stderr: time, method, route (the route's pattern, never the
//! text asked for nor the query string; the path itself only for one that
//! matches no route), status, milliseconds, user.
//!
//! Each caller (a token's user, or the address of a request without one) may
//! send `--rate` requests a second, in bursts of twice as many ([`rate`]);
//! one more is answered 429 with `Retry-After`.
//!
//! On SIGINT or SIGTERM the server stops taking connections, lets the
//! requests in flight finish (for at most `--grace` seconds; a write still
//! running then is rolled back whole, as SQLite rolls back any transaction cut
//! short) and exits 0.

mod api;
mod auth;
mod error;
mod rate;
mod routes;
mod tmserver;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use tm::lang::LangPair;
use tm::memory::{Access, Memory, Open};
use tm::ops::open::Sample;

use auth::{Caller, Tokens};
use error::ApiError;

/// How the server runs.
pub struct Config {
    pub listen: String,
    pub token_file: Option<PathBuf>,
    pub read_only: bool,
    pub private: bool,
    pub sample: Sample,
    pub limits: Limits,
    /// Requests a second each caller may send.
    pub rate: rate::Rate,
    /// The longest wait for requests in flight at shutdown.
    pub grace: Duration,
}

pub use rate::Rate;

/// What one request may ask.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub body_bytes: usize,
    pub segment_chars: usize,
    pub timeout: Duration,
}

/// Read connections kept for later requests; more are opened while requests
/// need them, and closed after.
const IDLE_READERS: usize = 16;

/// What every request shares.
pub struct App {
    db: PathBuf,
    pair: LangPair,
    sample: Sample,
    open: Open,
    readers: Mutex<Vec<Memory>>,
    /// The connection writes go through; `None` when the server takes none.
    writer: Option<Mutex<Memory>>,
    tokens: Tokens,
    private: bool,
    limits: Limits,
    limiter: rate::Limiter,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A request that panicked left no transaction open (it rolled back when
    // dropped): what the lock guards is whole.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl App {
    /// Runs `f` with a read connection and whether the sample is consulted now.
    fn read<T>(&self, f: impl FnOnce(&Memory, bool) -> tm::error::Result<T>) -> Result<T, ApiError> {
        let idle = lock(&self.readers).pop();
        let memory = match idle {
            Some(m) => m,
            None => Memory::open(&self.db, self.open, None)?.0,
        };
        let out = tm::ops::open::sample_now(&memory, self.sample).and_then(|sample| f(&memory, sample));
        let mut readers = lock(&self.readers);
        if readers.len() < IDLE_READERS {
            readers.push(memory);
        }
        Ok(out?)
    }

    /// Runs `f` with the connection that writes (one write at a time).
    fn write<T>(&self, f: impl FnOnce(&mut Memory) -> tm::error::Result<T>) -> Result<T, ApiError> {
        let writer = self.writer.as_ref().ok_or_else(|| ApiError::new(StatusCode::FORBIDDEN, "no writes"))?;
        Ok(f(&mut lock(writer))?)
    }

    /// Whether the server takes writes.
    fn writable(&self) -> bool {
        self.writer.is_some()
    }

    /// Checks that `caller` may do `need`; the user to record on a write.
    fn allow(&self, caller: &Caller, need: auth::Need) -> Result<Option<String>, ApiError> {
        auth::allow(caller, need, self.private, self.writable())
    }

    /// Refuses a segment longer than the limit.
    fn check_segment(&self, text: &str) -> Result<(), ApiError> {
        let n = text.chars().count();
        if n > self.limits.segment_chars {
            return Err(ApiError::bad_request(format!(
                "a segment of {n} characters: the limit is {} (--max-segment)",
                self.limits.segment_chars
            )));
        }
        Ok(())
    }
}

/// Runs `f` on a blocking thread.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("the request failed: {e}")))?
}

/// A request body, whole (413 above the limit), as an [`ApiError`] when it
/// cannot be read.
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Bytes::from_request(req, state).await {
            Ok(bytes) => Ok(Body(bytes)),
            Err(e) => Err(ApiError::new(e.status(), e.body_text())),
        }
    }
}

/// Percent-decodes a field of a form into UTF-8 text (400 if it is not).
pub fn percent_decode(raw: &str, what: &str) -> Result<String, ApiError> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                None => return Err(ApiError::bad_request(format!("the {what} has a bad % escape"))),
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).map_err(|e| {
        ApiError::bad_request(format!(
            "the {what} is not UTF-8 once percent-decoded (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The middleware of every route: who calls (put in the request for the
/// handler), the body limit by `Content-Length`, and the access log line.
async fn around(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = match req.extensions().get::<MatchedPath>() {
        Some(p) => p.as_str().to_string(),
        None => req.uri().path().to_string(),
    };
    let caller = app.tokens.caller(req.headers());
    let user = caller.user().map(str::to_string);
    let bucket = match &user {
        Some(user) => format!("user {user}"),
        None => match req.extensions().get::<ConnectInfo<SocketAddr>>() {
            Some(ConnectInfo(addr)) => format!("address {}", addr.ip()),
            None => "address unknown".to_string(),
        },
    };
    req.extensions_mut().insert(caller);
    let length = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let response = match (app.limiter.take(&bucket, Instant::now()), length) {
        (Err(wait), _) => {
            let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
            let why = format!("more requests than --rate allows: try again in {seconds} s");
            let mut response = ApiError::new(StatusCode::TOO_MANY_REQUESTS, why).into_response();
            response.headers_mut().insert(header::RETRY_AFTER, seconds.into());
            response
        }
        (Ok(()), Some(n)) if n > app.limits.body_bytes as u64 => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a body of {n} bytes: the limit is {} (--max-body)", app.limits.body_bytes),
        )
        .into_response(),
        (Ok(()), _) => next.run(req).await,
    };
    let line = serde_json::json!({
        "time": tm::timestamp::Timestamp::now().to_iso(),
        "method": method.as_str(),
        "path": route,
        "status": response.status().as_u16(),
        "ms": (started.elapsed().as_secs_f64() * 1000.0 * 10.0).round() / 10.0,
        "user": user,
    });
    eprintln!("{line}");
    response
}

/// Serves `memory` (opened by the caller as the command opens it) until
/// SIGINT or SIGTERM; `on_listening` gets the address bound.
pub fn run(config: Config, memory: Memory, on_listening: impl FnOnce(SocketAddr)) -> Result<()> {
    let tokens = match &config.token_file {
        Some(path) => Tokens::read(path)?,
        None => Tokens::default(),
    };
    let db = memory.store().path().context("a memory in RAM cannot be served")?.to_path_buf();
    let open = Open { access: Access::Read, ..memory.store().opened_as() };
    let writable = !config.read_only && tokens.given && memory.store().opened_as().access != Access::Read;
    let app = Arc::new(App {
        db,
        pair: memory.pair().clone(),
        sample: config.sample,
        open,
        readers: Mutex::new(Vec::new()),
        writer: writable.then(|| Mutex::new(memory)),
        tokens,
        private: config.private,
        limits: config.limits,
        limiter: rate::Limiter::new(config.rate),
    });
    // Kept here so that the memory's connections close after the runtime
    // stops, never on one of its threads: PostgreSQL's blocking client runs a
    // runtime of its own, which cannot be entered from inside another.
    let kept = Arc::clone(&app);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().thread_name("tm-serve").build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        // The signals are caught from here on, before anyone is told the address.
        let signals = Signals::new()?;
        on_listening(listener.local_addr()?);
        let router = routes::router(app);
        let (stop, mut stopped) = tokio::sync::watch::channel(false);
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let serve = axum::serve(listener, service).with_graceful_shutdown(async move {
            signals.received().await;
            let _ = stop.send(true);
        });
        let grace = config.grace;
        let cut = async move {
            let _ = stopped.wait_for(|s| *s).await;
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            served = serve => served.context("serving")?,
            () = cut => eprintln!("tm serve: requests still running after {} s; stopped", grace.as_secs()),
        }
        Ok::<_, anyhow::Error>(())
    })?;
    // A write still running on a blocking thread is given the same grace.
    runtime.shutdown_timeout(config.grace);
    drop(kept);
    Ok(())
}

/// SIGINT (Ctrl-C) and SIGTERM, caught from their creation on.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals { interrupt: signal(SignalKind::interrupt())?, terminate: signal(SignalKind::terminate())? })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// One of them has come.
    async fn received(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_decoded_as_utf8_or_refused() {
        assert_eq!(percent_decode("%D9%83%D8%A7%D9%86%20a%2Fb", "text").unwrap(), "كان a/b");
        assert_eq!(percent_decode("plain+text", "text").unwrap(), "plain+text");
        assert_eq!(percent_decode("%FF", "text").unwrap_err().status, StatusCode::BAD_REQUEST);
        assert_eq!(percent_decode("%D9", "text").unwrap_err().status, StatusCode::BAD_REQUEST);
        assert_eq!(percent_decode("%G1", "text").unwrap_err().status, StatusCode::BAD_REQUEST);
    }
}
