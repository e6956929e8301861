//! The state every request handler and server function shares.

use crate::services::{config::Config, mail::Mailer, passwords::Hasher};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub hasher: Hasher,
    pub mailer: Arc<Mailer>,
    /// New comments pushed to open pages.
    pub live: crate::services::live::Live,
    /// The dashboard's figures, reused for `crate::views::dashboard::CACHE_SECS` by this app server.
    pub dashboard: crate::views::dashboard::Cache,
    /// Set when the SQLite file was deleted or replaced under the running server: the pool
    /// is closed, every request that needs the database gets a clear 503, `/healthz` too.
    pub storage_lost: Arc<std::sync::atomic::AtomicBool>,
    /// `/healthz`'s last write probe: when, and whether the database could write. Probes
    /// run one at a time and at most once a second per app server.
    pub write_check: Arc<tokio::sync::Mutex<Option<(std::time::Instant, bool)>>>,
    /// When (Unix seconds) a request last failed because the database could not write
    /// (disk full, I/O error); 0 never. `/healthz` reports it for `STORAGE_FAULT_SECS`.
    pub storage_fault_at: Arc<std::sync::atomic::AtomicI64>,
    /// Sessions seen and not yet written (`services::sessions::flush_touches`).
    pub session_touches: Arc<crate::services::sessions::Touches>,
    /// This app server's ballot writer (group commit).
    pub casts: Arc<crate::services::cast_queue::CastQueue>,
}

/// How long after a failed write `/healthz` keeps answering 503.
pub const STORAGE_FAULT_SECS: i64 = 5;

impl AppState {
    pub fn new(
        leptos_options: LeptosOptions,
        db: DatabaseConnection,
        config: Config,
    ) -> Result<Self, String> {
        let mailer = Mailer::from_config(&config)?;
        Ok(AppState {
            leptos_options,
            db,
            hasher: Hasher::new(config.hashing_concurrency),
            mailer: Arc::new(mailer),
            live: crate::services::live::Live::new(config.live_poll),
            dashboard: Default::default(),
            storage_lost: Default::default(),
            write_check: Default::default(),
            storage_fault_at: Default::default(),
            session_touches: Default::default(),
            casts: Default::default(),
            config: Arc::new(config),
        })
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
