//! Run-time configuration, read once at start-up by the `redacta` binary (flags and
//! environment) and shared read-only through `AppState`.

use crate::domain::throttle::ThrottlePolicy;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://...` (default, a file created on first start) or `postgres://...`.
    pub database_url: String,
    /// The origin people use to reach the site, e.g. `https://redacta.example.org`. When
    /// set, every request must name its host (`Host`), non-GET requests must come from it,
    /// links in e-mail point to it, and when it is https cookies are `Secure`. When unset
    /// no e-mail is sent (links are never built from request headers) and form posts are
    /// checked against the request's own `Host`. A port of 0 (`http://127.0.0.1:0`) stands
    /// for the port the server was given when it listens on port 0 (tests).
    pub public_origin: Option<String>,
    /// Behind a reverse proxy: take the client's address for rate limits from the last
    /// `X-Forwarded-For` entry instead of the connection's peer.
    pub trust_forwarded_for: bool,
    /// Where e-mails are written when no SMTP server is configured.
    pub outbox_dir: PathBuf,
    /// `smtp://user:pass@host:587` or `smtps://...`; `None` writes to the outbox folder.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// A session ends after this long without a request...
    pub session_idle_secs: i64,
    /// ...and in any case this long after log-in.
    pub session_absolute_secs: i64,
    /// How often an app server writes the sessions it saw (`services::sessions::Touches`).
    pub session_flush_secs: u64,
    pub throttle: ThrottlePolicy,
    /// How long activation and password-reset links stay valid.
    pub email_token_secs: i64,
    /// At most this many password hashes are computed at once (each takes ~19 MiB).
    pub hashing_concurrency: usize,
    /// Reply depth, reports before hiding, posting rate, page size.
    pub comments: crate::domain::comment::CommentPolicy,
    /// How often each app server looks for new comments while pages listen for them.
    pub live_poll: std::time::Duration,
    /// Requests one app server works on at once; beyond it, a 503 with Retry-After (live
    /// streams and /healthz are not counted). Bounds memory under bursts.
    pub max_concurrent_requests: usize,
    /// Mail-sending requests (sign-ups, activation and reset links) one network address may
    /// make per hour: raise it for an open assembly where everyone signs up on the venue's
    /// Wi-Fi (one address for the whole room).
    pub mail_per_client: i32,
    /// The key of the eligibility rolls' hashes (`services::rolls`), from a file outside the
    /// database; `None`: rolls are off (nothing can be imported or verified).
    pub roll_key: Option<super::rolls::RollKey>,
}

impl Config {
    pub fn new(database_url: String) -> Self {
        Config {
            database_url,
            public_origin: None,
            trust_forwarded_for: false,
            outbox_dir: PathBuf::from("data/outbox"),
            smtp_url: None,
            mail_from: "Redacta <no-reply@redacta.localhost>".to_string(),
            session_idle_secs: 14 * 24 * 3600,
            session_absolute_secs: 30 * 24 * 3600,
            session_flush_secs: 5,
            throttle: ThrottlePolicy::default(),
            email_token_secs: 3600,
            hashing_concurrency: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                .max(2),
            comments: Default::default(),
            live_poll: std::time::Duration::from_secs(1),
            max_concurrent_requests: 256,
            mail_per_client: super::rate_limit::MAIL_PER_CLIENT.limit,
            roll_key: None,
        }
    }

    /// Cookies get `Secure` (and the `__Host-` prefix) when the public origin is https.
    pub fn secure_cookies(&self) -> bool {
        self.public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
    }

    pub fn session_cookie_name(&self) -> &'static str {
        if self.secure_cookies() {
            "__Host-redacta_session"
        } else {
            "redacta_session"
        }
    }
}
