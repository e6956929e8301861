//! One log line per request, as crates.io's docs/LOGGING.md has it: method, route, status,
//! latency, the account's id and a request id. The work is done inside a `request` span with
//! the request id, so every line logged meanwhile (a database error, a refused origin) can be
//! matched with it; the id is answered in `x-request-id`, so a resident's report of a failure
//! can be found in the log. Routes are logged as matched (`/amendments/{id}`), never with the
//! query string, which can carry a one-time token.

use app::web::RequestUser;
use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use tracing::Instrument;

/// A request id: this process's start (seconds, base 36) and a counter, unique across
/// restarts and cheap (no randomness needed: it identifies, it does not authorize).
fn request_id() -> String {
    static STARTED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let started = STARTED.get_or_init(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        base36(secs)
    });
    format!("{started}-{}", base36(NEXT.fetch_add(1, Ordering::Relaxed)))
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The route a request matched, or its path (cut to 100 characters) when none did.
fn route_of(req: &Request) -> String {
    match req.extensions().get::<MatchedPath>() {
        Some(matched) => matched.as_str().to_string(),
        None => req.uri().path().chars().take(100).collect(),
    }
}

pub async fn log_requests(mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id();
    let method = req.method().clone();
    let route = route_of(&req);
    let user = RequestUser::default();
    req.extensions_mut().insert(user.clone());
    let span = tracing::info_span!("request", request_id = %id);
    let mut res = next.run(req).instrument(span.clone()).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", value);
    }
    let status = res.status().as_u16();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let user_id = user.get();
    let _entered = span.enter();
    if status >= 500 {
        tracing::error!(%method, %route, status, latency_ms, user_id, "request");
    } else if route.starts_with("/pkg/") || route == "/healthz" {
        tracing::debug!(%method, %route, status, latency_ms, user_id, "request");
    } else {
        tracing::info!(%method, %route, status, latency_ms, user_id, "request");
    }
    res
}
