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

/// Form fields a failed post kept (`?__form=TOKEN`), put in the request's extensions by
/// the server's layer ([`load_kept`]) so the form page can show them again.
#[derive(Clone, Debug, Default)]
pub struct KeptFields(pub std::sync::Arc<Vec<(String, String)>>);

/// The value a failed post of this page's form kept for field `key`.
pub fn kept(key: &str) -> Option<String> {
    parts()?
        .extensions
        .get::<KeptFields>()?
        .0
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
}

/// The stashed fields a page request's query names, for the logged-in account of
/// `headers` (or anyone, for fields stashed before logging in).
pub async fn load_kept(
    state: &AppState,
    headers: &http::HeaderMap,
    query: &str,
) -> Result<Option<KeptFields>, AppError> {
    let Some(token) = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == KEPT_PARAM)
        .map(|(_, v)| v.into_owned())
    else {
        return Ok(None);
    };
    let account = user_from_headers(state, headers).await?.map(|u| u.id.get());
    let fields = crate::services::forms::stashed(&state.db, &token, account).await?;
    Ok(Some(KeptFields(std::sync::Arc::new(fields))))
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
        if *err == AppError::ConfirmFirst {
            // `ask_first` has set the redirect to the confirmation page.
        } else if is_plain_form_post() {
            let token = match keep.iter().any(|(_, v)| !v.is_empty()) {
                true => stash_fields(keep).await,
                false => None,
            };
            if let Some(location) = form_error_location(token.as_deref(), err) {
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

/// Stash requests allowed per client address and hour (a failed form post each).
const STASH_PER_CLIENT: crate::services::rate_limit::Limit = crate::services::rate_limit::Limit {
    limit: 120,
    window_secs: 3600,
};

/// Keeps what a failed plain form post typed (`services::forms::stash`); the token to find
/// it with, or None when it could not be kept (the form then comes back empty, with the
/// error).
async fn stash_fields(keep: &[(&str, &str)]) -> Option<String> {
    use crate::services::{forms, rate_limit};
    let state = state().ok()?;
    let client = client_address(&state);
    rate_limit::hit(&state.db, &format!("stash:{client}"), STASH_PER_CLIENT)
        .await
        .ok()?;
    let account = current_user(&state)
        .await
        .ok()
        .flatten()
        .map(|u| u.id.get());
    match forms::stash(&state.db, account, keep).await {
        Ok(token) => Some(token),
        Err(err) => {
            tracing::warn!(error = %crate::error::cause_chain(&err), "forms.stash_failed");
            None
        }
    }
}

/// Irreversible actions ask first: a plain form post of `action` that is not `confirmed`
/// goes to the confirmation page (`/confirm`, with `fields` and the way back kept on the
/// server) and does nothing: `Err(ConfirmFirst)`. With JavaScript the page's dialog has
/// asked and sends `confirmed`; API clients are not asked.
pub async fn ask_first(
    action: crate::domain::confirm::Irreversible,
    confirmed: &str,
    fields: &[(&str, &str)],
) -> Result<(), AppError> {
    use crate::domain::confirm::{ACTION_FIELD, BACK_FIELD};
    if !confirmed.is_empty() || !is_plain_form_post() {
        return Ok(());
    }
    let state = state()?;
    let back = referer_path().unwrap_or_else(|| "/".to_string());
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.push((ACTION_FIELD, action.key()));
    all.push((BACK_FIELD, &back));
    let account = current_user(&state).await?.map(|u| u.id.get());
    let token = crate::services::forms::stash(&state.db, account, &all).await?;
    leptos_axum::redirect(&format!("/confirm?{KEPT_PARAM}={token}"));
    Err(AppError::ConfirmFirst)
}

/// Every field a failed or unconfirmed post kept for this page, in order.
pub fn kept_all() -> Vec<(String, String)> {
    parts()
        .and_then(|p| p.extensions.get::<KeptFields>().map(|k| (*k.0).clone()))
        .unwrap_or_default()
}

/// The query parameter naming stashed form fields.
pub const KEPT_PARAM: &str = "__form";

/// The form page (from the `Referer`, reduced to a local path) with the stash token and the
/// error in its query string, encoded the way Leptos actions read errors back. What was
/// typed never travels in the URL.
fn form_error_location(token: Option<&str>, err: &AppError) -> Option<String> {
    use leptos::server_fn::error::ServerFnUrlError;
    let parts = parts()?;
    let local = referer_path()?;
    let (path, query) = local.split_once('?').unwrap_or((local.as_str(), ""));
    // A new token replaces the page's own; without one, the page keeps what it had (the
    // confirmation page keeps its form when the confirmed action fails).
    let replaced = |k: &str| k == "__path" || k == "__err" || (token.is_some() && k == KEPT_PARAM);
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| !replaced(k)) {
        out.append_pair(&k, &v);
    }
    if let Some(token) = token {
        out.append_pair(KEPT_PARAM, token);
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
    // From the confirmation page, "back" is where the action belongs, not that page.
    let back = referer_path()
        .filter(|local| !local.starts_with("/confirm"))
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
