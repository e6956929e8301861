//! What server functions need from the HTTP request they run in: the shared state, the
//! session cookie, the caller's origin, and whether the call is a plain HTML form post
//! (JavaScript off) that must be answered with a redirect.

use crate::services::sessions;
pub mod state;

use crate::entities::user;
use crate::error::AppError;
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
pub use state::AppState;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or(AppError::Internal)
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// A value of the request's `Cookie` header.
pub fn cookie(name: &str) -> Option<String> {
    cookie_in(&parts()?.headers, name)
}

/// A value of the `Cookie` header of `headers` (for plain routes outside Leptos too).
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// True for a form posted by the browser itself (no JavaScript): such a call is answered
/// with a redirect, and its errors travel back in the URL.
pub fn is_plain_form_post() -> bool {
    parts().is_some_and(|p| {
        p.method == http::Method::POST
            && p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}

/// The origin links in e-mails point to: the configured public origin, and nothing else.
/// Never the request's `Host` or `Origin`: a forged pair would make a victim's real reset
/// mail link to another site. Without one, mail is refused ([`AppError::MailUnavailable`]).
pub fn mail_origin(state: &AppState) -> Result<String, AppError> {
    state
        .config
        .public_origin
        .as_deref()
        .map(|o| o.trim_end_matches('/').to_string())
        .ok_or(AppError::MailUnavailable)
}

/// The caller's network address, for per-client rate limits: the connection's peer, or,
/// when the server is told it runs behind a proxy (`trust_forwarded_for`), the last address
/// that proxy appended to `X-Forwarded-For` (the earlier ones are the client's to forge).
pub fn client_address(state: &AppState) -> String {
    let Some(p) = parts() else {
        return "unknown".to_string();
    };
    if state.config.trust_forwarded_for {
        let forwarded = p
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty());
        if let Some(addr) = forwarded {
            return addr.chars().take(64).collect();
        }
    }
    p.extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

pub fn secret_from_cookie(state: &AppState) -> Option<String> {
    secret_in(state, &parts()?.headers)
}

fn secret_in(state: &AppState, headers: &http::HeaderMap) -> Option<String> {
    cookie_in(headers, state.config.session_cookie_name())
        .filter(|s| !s.is_empty() && s.len() <= 128)
}

/// The logged-in user, if any. Looked up on every call, so a role change or a log-out
/// elsewhere takes effect on the next request.
pub async fn current_user(state: &AppState) -> Result<Option<user::Model>, AppError> {
    let Some(p) = parts() else {
        return Ok(None);
    };
    let found = user_from_headers(state, &p.headers).await?;
    if let (Some(u), Some(slot)) = (&found, p.extensions.get::<RequestUser>()) {
        slot.set(u.id);
    }
    Ok(found)
}

/// Where the request log (server/src/request_log.rs) learns who made the request: it puts
/// one in the request's extensions, and [`current_user`] fills it in when it finds the
/// session's account (the copies Leptos hands to server functions share it).
#[derive(Clone, Debug, Default)]
pub struct RequestUser(std::sync::Arc<std::sync::atomic::AtomicI32>);

impl RequestUser {
    pub fn set(&self, id: crate::domain::ids::UserId) {
        self.0.store(id.get(), std::sync::atomic::Ordering::Relaxed);
    }

    /// The account's id, if one was found (ids start at 1).
    pub fn get(&self) -> Option<i32> {
        Some(self.0.load(std::sync::atomic::Ordering::Relaxed)).filter(|id| *id > 0)
    }
}

/// The logged-in user of a request given by its headers (plain routes outside Leptos).
pub async fn user_from_headers(
    state: &AppState,
    headers: &http::HeaderMap,
) -> Result<Option<user::Model>, AppError> {
    match secret_in(state, headers) {
        Some(secret) => {
            sessions::lookup(&state.db, &state.config, &state.session_touches, &secret).await
        }
        None => Ok(None),
    }
}

pub async fn require_user(state: &AppState) -> Result<user::Model, AppError> {
    current_user(state).await?.ok_or(AppError::LoginRequired)
}

pub fn set_cookie(value: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        res.append_header(http::header::SET_COOKIE, v);
    }
}

/// Runs a server function body; on error, sets the HTTP status the error deserves (except
/// for plain form posts, which must stay redirects so the browser shows the form again).
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    respond_keeping(&[], body).await
}

/// Like [`respond`]; a plain form post that fails goes back to its form with the error and
/// with `keep` (the fields worth not typing again; never a password) in the query string.
pub async fn respond_keeping<T>(
    keep: &[(&str, &str)],
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = body.await;
    if let Err(err) = &result {
        if *err == AppError::StorageUnavailable {
            // `/healthz` reports it: a probe's small write can still fit where this failed.
            if let Ok(state) = state() {
                state.storage_fault_at.store(
                    crate::services::clock::now(),
                    std::sync::atomic::Ordering::SeqCst,
                );
            }
        }
        if is_plain_form_post() {
            if let Some(location) = form_error_location(keep, err) {
                leptos_axum::redirect(&location);
            }
        } else if let (Some(res), Ok(status)) = (
            use_context::<ResponseOptions>(),
            http::StatusCode::from_u16(err.status()),
        ) {
            res.set_status(status);
            if let Some(secs) = err.retry_after_secs() {
                res.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
            }
        }
    }
    result
}

/// Characters of each kept field that travel back in the URL: enough for a whole amendment
/// or comment, within what browsers and the server accept in a URL.
const KEPT_FIELD_MAX: usize = 20_000;

/// The form page (from the `Referer`, reduced to a local path) with `keep` and the error in
/// its query string, encoded the way Leptos actions read errors back.
fn form_error_location(keep: &[(&str, &str)], err: &AppError) -> Option<String> {
    use leptos::server_fn::error::ServerFnUrlError;
    let parts = parts()?;
    let local = referer_path()?;
    let (path, query) = local.split_once('?').unwrap_or((local.as_str(), ""));
    let replaced =
        |k: &str| k == "__path" || k == "__err" || keep.iter().any(|(name, _)| *name == k);
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| !replaced(k)) {
        out.append_pair(&k, &v);
    }
    for (k, v) in keep {
        out.append_pair(k, &v.chars().take(KEPT_FIELD_MAX).collect::<String>());
    }
    let base = format!("http://local{path}?{}", out.finish());
    let url = ServerFnUrlError::new(parts.uri.path(), err.clone())
        .to_url(&base)
        .ok()?;
    Some(match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    })
}

/// The page a form was posted from: the `Referer` reduced to a same-origin local path.
fn referer_path() -> Option<String> {
    let parts = parts()?;
    let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
    let local = referer
        .find("://")
        .and_then(|i| referer[i + 3..].find('/').map(|j| &referer[i + 3 + j..]))
        .unwrap_or(referer);
    Some(crate::domain::redirect::safe_next(local))
}

/// After a successful plain form post, back to the page the form was on (the `Referer`,
/// as a local path), at `#fragment`; to `fallback` when there is no usable `Referer`.
pub fn redirect_plain_form_back(fallback: &str, fragment: &str) {
    if !is_plain_form_post() {
        return;
    }
    let back = referer_path()
        .map(|local| format!("{}#{fragment}", local.split('#').next().unwrap_or("/")))
        .unwrap_or_else(|| fallback.to_string());
    leptos_axum::redirect(&back);
}

/// After a successful plain form post, go to `path` instead of back to the form.
pub fn redirect_plain_form(path: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// The language of the caller: the language-switch cookie, else the first supported
/// language in `Accept-Language`, else English.
pub fn request_locale() -> crate::i18n::Locale {
    use crate::i18n::Locale;
    use std::str::FromStr;
    if let Some(code) = cookie(crate::LOCALE_COOKIE) {
        if let Ok(locale) = Locale::from_str(&code) {
            return locale;
        }
    }
    let accept = parts()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .unwrap_or_default();
    accept
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(|tag| {
            tag.trim()
                .split('-')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .find_map(|lang| Locale::from_str(&lang).ok())
        .unwrap_or_default()
}
