//! Request and response guards applied to every route.
//!
//! - Origin check: every request that is not GET/HEAD/OPTIONS must come from the site
//!   itself (`Sec-Fetch-Site: same-origin`, or an `Origin` equal to the public origin, or to
//!   the request's own host when no public origin is configured). Anything else is 403
//!   before any server function runs. Leptos server functions do no such check themselves.
//! - Security headers on every response, and a strict default CSP for responses that did
//!   not set their own (pages set one carrying the hydration script's nonce).
//! - Redirects never leave the site, whatever a `Referer` said.

use app::domain::redirect::safe_next;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What the guards need to know: the configured public origin, if any.
#[derive(Clone, Debug, Default)]
pub struct SiteOrigin(pub Option<String>);

impl SiteOrigin {
    fn https(&self) -> bool {
        self.0.as_deref().is_some_and(|o| o.starts_with("https://"))
    }

    /// Whether `origin` (scheme://host[:port]) is this site, as seen by this request.
    fn matches(&self, origin: &str, headers: &HeaderMap) -> bool {
        let origin = origin.trim_end_matches('/');
        match &self.0 {
            Some(public) => origin.eq_ignore_ascii_case(public.trim_end_matches('/')),
            None => {
                let host = headers
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("");
                let without_scheme = origin
                    .strip_prefix("http://")
                    .or_else(|| origin.strip_prefix("https://"));
                !host.is_empty() && without_scheme.is_some_and(|h| h.eq_ignore_ascii_case(host))
            }
        }
    }
}

/// The decision of the origin check, separate from axum so it can be tested directly.
pub fn is_same_origin_request(site: &SiteOrigin, method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(fetch_site) = fetch_site {
        if fetch_site != "same-origin" {
            return false;
        }
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => site.matches(origin, headers),
        // No Origin at all: only a browser that vouched for the request itself passes.
        None => fetch_site == Some("same-origin"),
    }
}

/// Paths that take POSTs from other servers by design: the mail providers' one-click
/// unsubscribe (RFC 8058), authorized by the secret token in the link alone.
const CROSS_ORIGIN_POSTS: [&str; 1] = ["/unsubscribe"];

pub async fn origin_check(State(site): State<SiteOrigin>, req: Request, next: Next) -> Response {
    let exempt = req.method() == Method::POST && CROSS_ORIGIN_POSTS.contains(&req.uri().path());
    if exempt || is_same_origin_request(&site, req.method(), req.headers()) {
        next.run(req).await
    } else {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "security.origin_check refused a cross-origin request");
        (StatusCode::FORBIDDEN, "Cross-origin request refused.\n").into_response()
    }
}

/// Host check: with a public origin configured, every request must be addressed to it
/// (its `Host`, or the URI's authority under HTTP/2). A page asked for under another name
/// is redirected to the public origin; anything else is refused (421), so a forged `Host`
/// can never steer what the server believes its own address to be. `/healthz` answers
/// whatever the name (load balancers probe by address).
pub async fn host_check(State(site): State<SiteOrigin>, req: Request, next: Next) -> Response {
    let Some(public) = site.0.as_deref() else {
        return next.run(req).await;
    };
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()))
        .unwrap_or_default();
    if req.uri().path() == "/healthz" || host_is(public, &host) {
        return next.run(req).await;
    }
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    tracing::warn!(host = %host.chars().take(100).collect::<String>(), "security.host_check refused a request for another host");
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        let target = format!("{}{}", public.trim_end_matches('/'), safe_next(path));
        if let Ok(location) = HeaderValue::from_str(&target) {
            return (
                StatusCode::PERMANENT_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response();
        }
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        format!("This site is served at {public}.\n"),
    )
        .into_response()
}

/// Whether `host` (a `Host` header: name[:port]) names the public origin `public`
/// (scheme://name[:port]); default ports may be written or left out.
pub fn host_is(public: &str, host: &str) -> bool {
    let (scheme, authority) = public
        .trim_end_matches('/')
        .split_once("://")
        .unwrap_or(("http", public));
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let strip = |a: &str| {
        a.strip_suffix(default_port)
            .unwrap_or(a)
            .to_ascii_lowercase()
    };
    !host.is_empty() && strip(authority) == strip(host)
}

/// The nonce of this request's inline scripts, made here and handed to Leptos through the
/// request's extensions, so the CSP header and the page always agree.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The policy of HTML pages: only this site's files, and inline scripts and style elements
/// carrying the nonce (the print-ready export's `<style>`); never inline `style=` attributes.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

const DEFAULT_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Reduces a `Location` to a path on this site.
fn local_location(site: &SiteOrigin, headers: &HeaderMap, location: &str) -> String {
    for scheme in ["http://", "https://"] {
        if let Some(rest) = location.strip_prefix(scheme) {
            let (authority, path) = match rest.find('/') {
                Some(i) => (&rest[..i], &rest[i..]),
                None => (rest, "/"),
            };
            let origin = format!("{scheme}{authority}");
            return match &site.0 {
                // The configured origin itself (the host check sends stray requests there).
                Some(public) if site.matches(&origin, headers) => {
                    format!("{}{}", public.trim_end_matches('/'), safe_next(path))
                }
                _ if site.matches(&origin, headers) => safe_next(path),
                _ => "/".to_string(),
            };
        }
    }
    safe_next(location)
}

pub async fn security_headers(
    State(site): State<SiteOrigin>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = app::services::tokens::new_secret();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let request_headers = req.headers().clone();
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    // A page served from the cache carries the nonce it was rendered with.
    let nonce = res
        .extensions()
        .get::<CspNonce>()
        .map(|n| n.0.clone())
        .unwrap_or(nonce);
    let headers = res.headers_mut();
    if let Some(location) = headers.get(header::LOCATION).and_then(|v| v.to_str().ok()) {
        let local = local_location(&site, &request_headers, location);
        if let Ok(v) = HeaderValue::from_str(&local) {
            headers.insert(header::LOCATION, v);
        }
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // A 304 updates the headers of the copy the browser keeps (RFC 9111 §4.3.4): a policy
    // sent with it would replace the one that copy's scripts were rendered for (its nonce
    // is not the server's current one), and a page would come back without its style and
    // scripts. So a 304 carries no policy and the kept one stays.
    let not_modified = res.status() == StatusCode::NOT_MODIFIED;
    let headers = res.headers_mut();
    match HeaderValue::from_str(&page_csp(&nonce)) {
        _ if not_modified => {}
        Ok(page) if is_html => {
            headers.insert(header::CONTENT_SECURITY_POLICY, page);
        }
        _ => {
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(DEFAULT_CSP),
            );
        }
    }
    if site.https() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        let cache = if path.starts_with("/pkg/") || path.ends_with(".svg") || path.ends_with(".ico")
        {
            "no-cache"
        } else {
            // Pages and API answers depend on the session: never store them.
            "no-store"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    res
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn reads_always_pass() {
        let site = SiteOrigin(Some("https://redacta.example".into()));
        assert!(is_same_origin_request(
            &site,
            &Method::GET,
            &headers(&[("origin", "https://evil.example")])
        ));
    }

    #[test]
    fn posts_need_the_site_origin() {
        let site = SiteOrigin(Some("https://redacta.example".into()));
        let ok = headers(&[("origin", "https://redacta.example")]);
        assert!(is_same_origin_request(&site, &Method::POST, &ok));
        let evil = headers(&[("origin", "https://evil.example")]);
        assert!(!is_same_origin_request(&site, &Method::POST, &evil));
        let cross = headers(&[
            ("origin", "https://redacta.example"),
            ("sec-fetch-site", "cross-site"),
        ]);
        assert!(!is_same_origin_request(&site, &Method::POST, &cross));
        let same_site = headers(&[("sec-fetch-site", "same-site")]);
        assert!(!is_same_origin_request(&site, &Method::POST, &same_site));
        assert!(!is_same_origin_request(&site, &Method::POST, &headers(&[])));
        assert!(is_same_origin_request(
            &site,
            &Method::POST,
            &headers(&[("sec-fetch-site", "same-origin")])
        ));
        assert!(!is_same_origin_request(&site, &Method::DELETE, &evil));
    }

    #[test]
    fn without_public_origin_the_host_is_the_origin() {
        let site = SiteOrigin(None);
        let ok = headers(&[
            ("host", "localhost:3000"),
            ("origin", "http://localhost:3000"),
        ]);
        assert!(is_same_origin_request(&site, &Method::POST, &ok));
        let evil = headers(&[
            ("host", "localhost:3000"),
            ("origin", "http://localhost:3000.evil.example"),
        ]);
        assert!(!is_same_origin_request(&site, &Method::POST, &evil));
        let null = headers(&[("host", "localhost:3000"), ("origin", "null")]);
        assert!(!is_same_origin_request(&site, &Method::POST, &null));
    }

    #[test]
    fn redirects_stay_on_the_site() {
        let site = SiteOrigin(None);
        let h = headers(&[("host", "localhost:3000")]);
        assert_eq!(
            local_location(&site, &h, "http://localhost:3000/login?x=1"),
            "/login?x=1"
        );
        assert_eq!(local_location(&site, &h, "https://evil.example/login"), "/");
        assert_eq!(local_location(&site, &h, "//evil.example/"), "/");
        assert_eq!(local_location(&site, &h, "/profile"), "/profile");
        // With a public origin, a redirect to it stays absolute (the host check sends
        // requests made under another name there); other sites still become "/".
        let public = SiteOrigin(Some("https://redacta.example".into()));
        let h = headers(&[("host", "10.0.0.5:3000")]);
        assert_eq!(
            local_location(&public, &h, "https://redacta.example/login?x=1"),
            "https://redacta.example/login?x=1"
        );
        assert_eq!(
            local_location(&public, &h, "http://10.0.0.5:3000/login"),
            "/"
        );
    }

    #[test]
    fn the_host_must_name_the_public_origin() {
        assert!(host_is("https://redacta.example", "redacta.example"));
        assert!(host_is("https://redacta.example", "REDACTA.example:443"));
        assert!(host_is("http://127.0.0.1:3000", "127.0.0.1:3000"));
        assert!(!host_is("http://127.0.0.1:3000", "127.0.0.1:3001"));
        assert!(!host_is("https://redacta.example", "evil.example"));
        assert!(!host_is(
            "https://redacta.example",
            "redacta.example.evil.example"
        ));
        assert!(!host_is("https://redacta.example", ""));
    }
}
