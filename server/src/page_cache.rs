//! Pages read anonymously, rendered once per version of the data and served from memory,
//! with a strong `ETag` that answers `If-None-Match` with 304 and headers that let a
//! reverse proxy or CDN keep them for a short time. Anything that carries a session (or
//! sets a cookie) is rendered for its reader and never stored, here or downstream.
//!
//! The version of the data is the newest entry of the event log (every operation records
//! one in its own transaction; all app servers read it from the shared database) and the
//! current ten-second window: a page is rendered again after a write, or at the latest
//! after ten seconds, which also bounds how long a change that records no event (a
//! comment's up-vote) or a time-dependent word ("closes in an hour") waits to show. The
//! ETag is a digest of the page's bytes (without its CSP nonce), so every app server gives
//! the same page the same tag, and a page rendered again unchanged keeps it.
//!
//! A page missing from the cache is rendered by one request while the others for the same
//! page wait for it (50 parallel first views cost one render). The cache holds at most
//! `BUDGET_BYTES` of pages; past that it starts over.

use app::web::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use sea_orm::{ConnectionTrait, Statement};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// How long a stored page may be served without a write (and what shared caches downstream
/// are told with `s-maxage`).
pub const WINDOW_SECS: i64 = 10;
/// The most page bytes kept in memory.
const BUDGET_BYTES: usize = 64 * 1024 * 1024;
/// A page larger than this is served but not stored.
const LARGEST_PAGE: usize = 2 * 1024 * 1024;

/// What a cached response depends on besides the data: the address and the headers that
/// choose the language.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    locale_cookie: String,
    accept_language: String,
}

struct Page {
    version: (i64, i64, u64),
    etag: HeaderValue,
    headers: HeaderMap,
    body: Bytes,
    /// The CSP nonce the page's scripts carry (its response must send the same one).
    nonce: String,
}

type Slot = Arc<tokio::sync::Mutex<Option<Arc<Page>>>>;

#[derive(Default)]
pub struct PageCache {
    slots: Mutex<HashMap<Key, Slot>>,
    bytes: std::sync::atomic::AtomicUsize,
}

impl PageCache {
    pub fn new() -> Arc<PageCache> {
        Arc::new(PageCache::default())
    }

    fn slot(&self, key: &Key) -> Slot {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if self.bytes.load(std::sync::atomic::Ordering::Relaxed) > BUDGET_BYTES {
            slots.clear();
            self.bytes.store(0, std::sync::atomic::Ordering::Relaxed);
        }
        slots.entry(key.clone()).or_default().clone()
    }

    /// The newest event's id (0 for none): one index lookup, on every request, so that a
    /// page is never served from before a write this reader could have seen committed.
    async fn data_version(&self, db: &sea_orm::DatabaseConnection) -> Option<i64> {
        let row = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS v FROM events",
            ))
            .await
            .ok()??;
        row.try_get("", "v").ok()
    }
}

/// Whether a request may be answered from (and stored in) the cache: a page read without
/// a session.
fn cacheable(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == Method::GET
        && !["/api/", "/live/", "/pkg/", "/export/", "/lang/", "/healthz"]
            .iter()
            .any(|p| path.starts_with(p))
        && !path.contains("/export/")
        && !path.contains("/ballots/")
        // A form coming back with what was typed, or with an error: the reader's own.
        && !req
            .uri()
            .query()
            .is_some_and(|q| q.contains(app::web::KEPT_PARAM) || q.contains("__err="))
        && app::web::cookie_in(req.headers(), "redacta_session").is_none()
        && app::web::cookie_in(req.headers(), "__Host-redacta_session").is_none()
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect()
}

/// A strong tag derived from what the page says (its bytes without the per-render CSP
/// nonce): the same on every app server and across re-renders while nothing on the page
/// changed, so a browser or CDN revalidating after the window still gets 304.
fn etag_of(body: &[u8], nonce: &str) -> HeaderValue {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    if nonce.is_empty() {
        h.update(body);
    } else {
        let nonce = nonce.as_bytes();
        let mut rest = body;
        while let Some(at) = rest.windows(nonce.len()).position(|w| w == nonce) {
            h.update(&rest[..at]);
            rest = &rest[at + nonce.len()..];
        }
        h.update(rest);
    }
    let digest = h.finalize();
    let tag = format!("\"{}\"", hex::encode(&digest[..16]));
    HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

/// The headers every cacheable answer carries.
fn public_headers(headers: &mut HeaderMap, etag: &HeaderValue) {
    headers.insert(header::ETAG, etag.clone());
    headers.insert(
        header::CACHE_CONTROL,
        // Browsers revalidate every time (a 304 costs little, and a reader sees a change at
        // once); a shared cache may keep the page for the window.
        HeaderValue::from_str(&format!("public, max-age=0, s-maxage={WINDOW_SECS}"))
            .unwrap_or_else(|_| HeaderValue::from_static("no-cache")),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Language"),
    );
}

fn answer(page: &Page, req_headers: &HeaderMap) -> Response {
    let not_modified = req_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == page.etag.to_str().unwrap_or(""))
        });
    let mut res = if not_modified {
        let mut res = Response::new(Body::empty());
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        res
    } else {
        let mut res = Response::new(Body::from(page.body.clone()));
        *res.headers_mut() = page.headers.clone();
        res
    };
    public_headers(res.headers_mut(), &page.etag);
    res.extensions_mut()
        .insert(crate::security::CspNonce(page.nonce.clone()));
    res
}

pub async fn layer(
    State((cache, state)): State<(Arc<PageCache>, AppState)>,
    req: Request,
    next: Next,
) -> Response {
    if !cacheable(&req) {
        return next.run(req).await;
    }
    let Some(data) = cache.data_version(&state.db).await else {
        return next.run(req).await;
    };
    let window = app::services::clock::now().div_euclid(WINDOW_SECS);
    // A page rendered in one time zone is never served after a change to another.
    let version = (data, window, app::domain::time::zone_generation());
    let key = Key {
        path_and_query: req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        locale_cookie: app::web::cookie_in(req.headers(), app::LOCALE_COOKIE).unwrap_or_default(),
        accept_language: header_text(req.headers(), header::ACCEPT_LANGUAGE),
    };
    let req_headers = req.headers().clone();
    let slot = cache.slot(&key);
    let mut stored = slot.lock().await;
    if let Some(page) = stored.as_ref().filter(|p| p.version == version) {
        return answer(page, &req_headers);
    }
    let nonce = req
        .extensions()
        .get::<crate::security::CspNonce>()
        .map(|n| n.0.clone())
        .unwrap_or_default();
    let res = next.run(req).await;
    let storable = res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if !storable {
        return res;
    }
    let (parts, body) = res.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) if body.len() <= LARGEST_PAGE => body,
        Ok(body) => return Response::from_parts(parts, Body::from(body)),
        Err(_) => {
            let mut res = Response::new(Body::empty());
            *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return res;
        }
    };
    let page = Arc::new(Page {
        version,
        etag: etag_of(&body, &nonce),
        headers: parts.headers,
        body,
        nonce,
    });
    cache
        .bytes
        .fetch_add(page.body.len(), std::sync::atomic::Ordering::Relaxed);
    *stored = Some(page.clone());
    drop(stored);
    answer(&page, &req_headers)
}
