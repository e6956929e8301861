//! The axum application: Leptos pages and server functions, health check, language switch,
//! static files, and the security layers around all of them.

use crate::security::{self, SiteOrigin};
use anyhow::Context;
use app::app::{shell, App};
use app::domain::redirect::safe_next;
use app::services::{config::Config, db};
use app::web::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;

/// Largest request body accepted anywhere but the program upload (which has its own).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Connects, migrates and assembles the shared state.
pub async fn prepare_state(config: Config, addr: SocketAddr) -> anyhow::Result<AppState> {
    let conn = db::connect(&config.database_url).await.with_context(|| {
        format!(
            "cannot open the database at {}",
            redact_url(&config.database_url)
        )
    })?;
    db::migrate(&conn)
        .await
        .context("cannot apply the database migrations")?;
    let site_root = crate::site::find_site_root();
    let options = crate::site::leptos_options(&site_root, addr);
    AppState::new(options, conn, config).map_err(anyhow::Error::msg)
}

/// Hides the password of a database URL for messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://***@{}", &url[..scheme_end], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// The plain routes, built from `app::api::access::PLAIN_ROUTES` so that the table the
/// authorization test checks is the router's only list: a row without a handler stops the
/// server here. Each upload gets its own, larger body limit; the rest get the general one.
fn plain_routes() -> (Router<AppState>, Router<AppState>) {
    use crate::files;
    let mut general = Router::new();
    let mut uploads = Router::new();
    for (method, path, _) in app::api::access::PLAIN_ROUTES {
        match (*method, *path) {
            ("GET", "/assemblies/{slug}/meetings.ics") => {
                general = general.route(path, get(files::assembly_calendar))
            }
            ("GET", "/export/{file}") => general = general.route(path, get(files::public_data)),
            ("GET", "/healthz") => general = general.route(path, get(healthz)),
            ("GET", "/lang/{code}") => general = general.route(path, get(set_language)),
            // The router cannot match a parameter with a suffix in one segment
            // (`{id}.ics`), and `/meetings/{id}` is a page: the layer `files::meeting_calendar`
            // answers this one before routing.
            ("GET", "/meetings/{id}.ics") => {}
            ("GET", "/live/comments/{kind}/{id}") => {
                general = general.route(path, get(crate::live::comments))
            }
            ("GET", "/programs/{slug}/export/{format}") => {
                general = general.route(path, get(files::export))
            }
            ("GET", "/votes/{id}/ballots/{format}") => {
                general = general.route(path, get(files::ballots))
            }
            ("POST", "/programs/import") => {
                uploads = uploads.route(
                    path,
                    post(files::import).layer(RequestBodyLimitLayer::new(files::MAX_UPLOAD_BYTES)),
                )
            }
            ("POST", "/rolls/import") => {
                uploads = uploads.route(
                    path,
                    post(crate::rolls::import).layer(
                        tower::ServiceBuilder::new()
                            .layer(RequestBodyLimitLayer::new(crate::rolls::MAX_UPLOAD_BYTES))
                            // axum's own 2 MB default for multipart bodies would cut a census.
                            .layer(axum::extract::DefaultBodyLimit::max(
                                crate::rolls::MAX_UPLOAD_BYTES,
                            )),
                    ),
                )
            }
            ("POST", "/unsubscribe") => general = general.route(path, post(one_click_unsubscribe)),
            other => panic!("plain route {other:?} has no handler in the router"),
        }
    }
    (general, uploads)
}

pub fn build_router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let site = SiteOrigin(state.config.public_origin.clone());
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            // The nonce the security layer will put in this response's CSP header.
            let nonce = use_context::<axum::http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<security::CspNonce>().cloned());
            if let Some(nonce) = nonce {
                provide_context(leptos::nonce::Nonce::from_value(nonce.0));
            }
        }
    };
    let options = state.leptos_options.clone();
    let (plain, uploads) = plain_routes();
    plain
        .route("/api/{*fn_name}", post(server_fn_handler))
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .merge(uploads)
        .layer(axum::middleware::from_fn(api_error_status))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            kept_forms,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::files::meeting_calendar,
        ))
        .layer(axum::middleware::from_fn_with_state(
            (crate::page_cache::PageCache::new(), state.clone()),
            crate::page_cache::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(tokio::sync::Semaphore::new(
                state.config.max_concurrent_requests.max(1),
            )),
            shed_load,
        ))
        .layer(axum::middleware::from_fn_with_state(
            site.clone(),
            security::origin_check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            site.clone(),
            security::host_check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            site,
            security::security_headers,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(crate::request_log::log_requests))
        .with_state(state)
}

/// A page asked for with `?__form=TOKEN` (a form coming back after a failed post, or after
/// logging in) gets the fields kept under that token in its request, for the form to show
/// again (`app::services::forms`). Such a page is the reader's own: never stored by a cache.
async fn kept_forms(
    State(state): State<AppState>,
    mut req: Request,
    next: axum::middleware::Next,
) -> Response {
    let query = req.uri().query().unwrap_or("").to_string();
    if req.method() != axum::http::Method::GET || !query.contains(app::web::KEPT_PARAM) {
        return next.run(req).await;
    }
    match app::web::load_kept(&state, req.headers(), &query).await {
        Ok(Some(kept)) => {
            req.extensions_mut().insert(kept);
        }
        Ok(None) => {}
        Err(err) => {
            tracing::warn!(error = %app::error::cause_chain(&err), "forms.kept_unreadable");
        }
    }
    let mut response = next.run(req).await;
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-store"),
    );
    response
}

/// At most `max_concurrent_requests` requests are worked on at once; one more is answered
/// at once with 503 and Retry-After instead of queueing without bound (memory grew past a
/// gigabyte in bursts of 256 connections). Live streams, which stay open, and /healthz are
/// not counted.
async fn shed_load(
    State(slots): State<Arc<tokio::sync::Semaphore>>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    if path == "/healthz" || path.starts_with("/live/") {
        return next.run(req).await;
    }
    match slots.try_acquire_owned() {
        Ok(_slot) => next.run(req).await,
        Err(_) => {
            tracing::warn!("load.shed: too many requests at once, answered 503");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(axum::http::header::RETRY_AFTER, "1")],
                "The site is busy; try again in a moment.\n",
            )
                .into_response()
        }
    }
}

async fn server_fn_handler(State(state): State<AppState>, req: Request<Body>) -> Response {
    handle_server_fns_with_context(move || provide_context(state.clone()), req)
        .await
        .into_response()
}

async fn api_error_status(req: Request, next: axum::middleware::Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if is_api {
        with_error_status(res).await
    } else {
        res
    }
}

/// Errors raised before a server function's body runs (missing or malformed arguments) come
/// back from the framework as 500; give them the status their `AppError` deserves.
async fn with_error_status(res: Response) -> Response {
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(err.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `POST /unsubscribe?token=...`: the one-click unsubscribe of mail programs (RFC 8058),
/// sent by the mail provider's servers, so without the browser's origin headers. The
/// secret token is the only authority needed, and all it can do is stop notice e-mail.
async fn one_click_unsubscribe(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let token = query.get("token").map(String::as_str).unwrap_or_default();
    let stop = match app::services::digest::Stop::parse(
        query.get("kind").map(String::as_str).unwrap_or_default(),
    ) {
        Ok(stop) => stop,
        Err(err) => return crate::files::error_response(&err),
    };
    match app::services::digest::unsubscribe(&state.db, token, stop).await {
        Ok(()) => (StatusCode::OK, "unsubscribed\n").into_response(),
        Err(err) => crate::files::error_response(&err),
    }
}

/// 200 when the database answers and can write, 503 otherwise (for load balancers and
/// monitors).
async fn healthz(State(state): State<AppState>) -> Response {
    if state.storage_lost.load(std::sync::atomic::Ordering::SeqCst) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "database file deleted or replaced: writes refused; restore it and restart\n",
        )
            .into_response();
    }
    if let Err(err) = state.db.ping().await {
        tracing::error!(error = %app::error::cause_chain(&err), "healthz: database unreachable");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response();
    }
    let fault_at = state
        .storage_fault_at
        .load(std::sync::atomic::Ordering::SeqCst);
    let recent_fault = fault_at > 0
        && app::services::clock::now() - fault_at < app::web::state::STORAGE_FAULT_SECS;
    if recent_fault || !can_write(&state).await {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "database cannot write (disk full or I/O error)\n",
        )
            .into_response();
    }
    (StatusCode::OK, "ok\n").into_response()
}

/// Whether the database took a write lately: a real write, committed (see
/// `db::write_probe`), at most once a second per app server whatever the polling rate. A
/// probe that only waits for the write lock (another writer holds it) is not a fault.
async fn can_write(state: &AppState) -> bool {
    let mut last = state.write_check.lock().await;
    if let Some((at, ok)) = *last {
        if at.elapsed() < std::time::Duration::from_secs(1) {
            return ok;
        }
    }
    let probe = tokio::time::timeout(
        std::time::Duration::from_secs(3),
        app::services::db::write_probe(&state.db),
    )
    .await;
    let ok = match probe {
        Ok(Ok(())) | Err(_) => true,
        Ok(Err(err)) if app::error::is_busy(&err) => true,
        Ok(Err(err)) => {
            tracing::error!(error = %app::error::cause_chain(&err), "healthz: the database cannot write");
            false
        }
    };
    *last = Some((std::time::Instant::now(), ok));
    ok
}

/// The language switch: remembers the choice in a cookie and goes back (no JS needed).
async fn set_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !["en", "ca", "es"].contains(&code.as_str()) {
        return (StatusCode::NOT_FOUND, "Unknown language.\n").into_response();
    }
    let target = safe_next(query.get("next").map(String::as_str).unwrap_or("/"));
    let cookie = format!(
        "{}={code}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        app::LOCALE_COOKIE,
        if state.config.secure_cookies() {
            "; Secure"
        } else {
            ""
        }
    );
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let (Ok(cookie), Ok(location)) = (
        HeaderValue::from_str(&cookie),
        HeaderValue::from_str(&target),
    ) {
        res.headers_mut().insert(header::SET_COOKIE, cookie);
        res.headers_mut().insert(header::LOCATION, location);
    }
    res
}

/// A server listening in the background (used by `serve` and by the integration tests).
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops accepting connections and waits for in-flight requests.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Waits until the server ends (Ctrl-C or SIGTERM in `serve`).
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

/// Binds `addr` (port 0 picks a free port), and serves until stopped.
pub async fn start(config: Config, addr: SocketAddr) -> anyhow::Result<Running> {
    crate::executor::install();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let addr = listener.local_addr()?;
    let mut config = config;
    if let Some(origin) = &config.public_origin {
        // A port of 0 in the origin stands for the port this listener was given.
        if let Some(prefix) = origin.trim_end_matches('/').strip_suffix(":0") {
            config.public_origin = Some(format!("{prefix}:{}", addr.port()));
        }
    }
    let state = prepare_state(config, addr).await?;
    watch_database_file(&state);
    flush_session_touches(&state);
    let router = build_router(state.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let live = state.live.clone();
    let task = tokio::spawn(async move {
        let shutdown = async move {
            tokio::select! {
                _ = rx => {}
                _ = terminate_signal() => {}
            }
            // Open event streams never end by themselves: end them so the graceful
            // shutdown does not wait for the readers to leave.
            live.close();
        };
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(err) = axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(error = %app::error::cause_chain(&err), "server stopped with an error");
        }
    });
    Ok(Running {
        addr,
        state,
        shutdown: Some(tx),
        task,
    })
}

/// Writes the sessions seen by this app server every `session_flush_secs` (requests never
/// write to refresh a session: `app::services::sessions::Touches`).
fn flush_session_touches(state: &AppState) {
    let state = state.clone();
    let period = std::time::Duration::from_secs(state.config.session_flush_secs.max(1));
    tokio::spawn(async move {
        let mut every = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if state.storage_lost.load(std::sync::atomic::Ordering::SeqCst) {
                return;
            }
            if let Err(err) =
                app::services::sessions::flush_touches(&state.db, &state.session_touches).await
            {
                tracing::warn!(error = %app::error::cause_chain(&err), "sessions.touch_failed");
            }
        }
    });
}

/// Watches the SQLite file the server opened. If it is deleted or replaced (a restore gone
/// wrong, a cleanup script), the server would go on writing into the unlinked file and
/// acknowledge ballots that are gone at the next start: instead it closes its connections,
/// refuses every request that needs the database with a clear 503, and says so on /healthz.
fn watch_database_file(state: &AppState) {
    let Some(path) = db::sqlite_file(&state.config.database_url) else {
        return;
    };
    let Some(opened) = db::file_identity(&path) else {
        return;
    };
    let state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            every.tick().await;
            if db::file_identity(&path) != Some(opened) {
                tracing::error!(path = %path.display(), "database.file_lost: the database file was deleted or replaced; refusing every request that needs it until restart");
                state
                    .storage_lost
                    .store(true, std::sync::atomic::Ordering::SeqCst);
                state.db.clone().close().await.ok();
                return;
            }
        }
    });
}

async fn terminate_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    #[test]
    fn database_passwords_are_hidden() {
        assert_eq!(
            super::redact_url("postgres://u:secret@h:5432/db"),
            "postgres://***@h:5432/db"
        );
        assert_eq!(
            super::redact_url("sqlite://data/redacta.db"),
            "sqlite://data/redacta.db"
        );
    }
}
