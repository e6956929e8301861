//! One serializable error type for every server function. Each variant is a situation the
//! user can understand; the UI turns it into a translated sentence (`components::errors`),
//! the server gives it its HTTP status. Internal details are logged, never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("invalid e-mail address")]
    InvalidEmail,
    #[error("unknown time zone")]
    UnknownTimeZone,
    #[error("invalid display name")]
    InvalidName,
    #[error("password too short")]
    PasswordTooShort,
    #[error("password too long")]
    PasswordTooLong,
    #[error("passwords differ")]
    PasswordMismatch,
    /// The one answer to every failed log-in, whatever went wrong.
    #[error("wrong e-mail or password")]
    InvalidCredentials,
    #[error("too many attempts, retry in {retry_after_secs}s")]
    Throttled { retry_after_secs: i64 },
    #[error("account not activated")]
    NotActivated,
    #[error("current password is wrong")]
    WrongCurrentPassword,
    #[error("link invalid or expired")]
    TokenInvalid,
    #[error("log-in required")]
    LoginRequired,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Only from the command line: the web sign-up never says an address is taken.
    #[error("an account with this e-mail already exists")]
    EmailTaken,
    #[error("the last coordinator cannot lose the role")]
    LastCoordinator,
    #[error("bad request")]
    BadRequest,
    #[error("{0}")]
    Amendment(crate::domain::amendment::AmendmentError),
    #[error("{0}")]
    Import(crate::domain::program_md::ImportError),
    #[error("{0}")]
    Comment(crate::domain::comment::CommentError),
    #[error("{0}")]
    Poll(crate::domain::poll::PollError),
    #[error("{0}")]
    Assembly(crate::domain::assembly::AssemblyError),
    #[error("{0}")]
    Roll(crate::domain::roll::RollError),
    #[error("the title is empty or too long")]
    InvalidTitle,
    /// The program does not take amendments (or support) now.
    #[error("this program is closed to amendments")]
    ProgramClosed,
    /// The program's current phase does not allow this.
    #[error("not possible in the {phase} phase")]
    NotNow {
        phase: crate::domain::phase::Phase,
        activity: crate::domain::phase::Activity,
    },
    #[error("the phases must start in their order")]
    BadSchedule,
    #[error("a published program already has this address")]
    ProgramPublished,
    /// The action does not fit the amendment's current status.
    #[error("not possible in the amendment's current state")]
    WrongState,
    /// The text changed since the page was loaded.
    #[error("the text changed in the meantime")]
    Stale,
    #[error("authors cannot support their own amendment")]
    OwnAmendment,
    /// The server is too busy to do this now (the database is locked by other writes, or
    /// every core is taken): nothing was changed; try again after the given delay.
    #[error("busy, try again in {retry_after_secs}s")]
    Busy { retry_after_secs: i64 },
    /// Mail cannot be sent: no public origin is configured, and links in mail are never
    /// built from request headers.
    #[error("this server cannot send e-mail")]
    MailUnavailable,
    /// The database cannot take writes (its file was deleted or replaced): nothing was
    /// changed, and nothing will be until an administrator restores it.
    #[error("the site cannot save anything right now")]
    StorageUnavailable,
    /// An irreversible action posted by a plain form without being confirmed: the answer
    /// is the confirmation page (a redirect already set), nothing was done.
    #[error("confirm first")]
    ConfirmFirst,
    #[error("internal error")]
    Internal,
    /// The request did not reach the server or its answer could not be read.
    #[error("network error: {0}")]
    Network(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::InvalidEmail
            | AppError::UnknownTimeZone
            | AppError::InvalidName
            | AppError::PasswordTooShort
            | AppError::PasswordTooLong
            | AppError::PasswordMismatch
            | AppError::WrongCurrentPassword
            | AppError::TokenInvalid
            | AppError::BadRequest
            | AppError::Amendment(_)
            | AppError::Import(_)
            | AppError::Comment(_)
            | AppError::InvalidTitle
            | AppError::BadSchedule => 400,
            AppError::InvalidCredentials | AppError::LoginRequired | AppError::NotActivated => 401,
            AppError::Poll(e) => e.status(),
            AppError::Assembly(e) => e.status(),
            AppError::Roll(e) => e.status(),
            AppError::Forbidden | AppError::ProgramClosed | AppError::NotNow { .. } => 403,
            AppError::NotFound => 404,
            AppError::LastCoordinator
            | AppError::EmailTaken
            | AppError::ProgramPublished
            | AppError::WrongState
            | AppError::Stale
            | AppError::OwnAmendment
            | AppError::ConfirmFirst => 409,
            AppError::Throttled { .. } => 429,
            AppError::Busy { .. } | AppError::MailUnavailable | AppError::StorageUnavailable => 503,
            AppError::Internal | AppError::Network(_) => 500,
        }
    }
}

impl AppError {
    /// Seconds to wait before trying again, for the errors that mean "not now".
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::Throttled { retry_after_secs } | AppError::Busy { retry_after_secs } => {
                Some((*retry_after_secs).max(1) as u64)
            }
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            ServerFnErrorErr::ServerError(_) | ServerFnErrorErr::MiddlewareError(_) => {
                AppError::Internal
            }
            other => AppError::Network(other.to_string()),
        }
    }
}

impl From<crate::domain::policy::Denied> for AppError {
    fn from(d: crate::domain::policy::Denied) -> Self {
        use crate::domain::policy::Denied;
        match d {
            Denied::LoginRequired => AppError::LoginRequired,
            Denied::Forbidden => AppError::Forbidden,
            Denied::NotNow { phase, activity } => AppError::NotNow { phase, activity },
            Denied::WrongState => AppError::WrongState,
            Denied::OwnAmendment => AppError::OwnAmendment,
            Denied::Stale => AppError::Stale,
            Denied::PassageInVote => AppError::Poll(crate::domain::poll::PollError::PassageInVote),
            Denied::Poll(e) => AppError::Poll(e),
            Denied::Meeting(e) => AppError::Assembly(e),
        }
    }
}

/// An error and each of its causes, outermost first, joined by ": " (what the log needs to
/// tell a constraint violation from a lost connection; `Display` alone often says only
/// "Query Error").
pub fn cause_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        // Wrappers often repeat their cause's message: say each thing once.
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    /// A database that is only busy (SQLite's write lock held past the busy timeout, no
    /// pooled connection free in time, PostgreSQL's lock timeout or a serialization
    /// failure) is a "try again" (503), not an internal error: the write did not happen,
    /// and the caller is told so.
    fn from(err: sea_orm::DbErr) -> Self {
        if is_closed(&err) {
            return AppError::StorageUnavailable;
        }
        if is_storage_fault(&err) {
            tracing::error!(error = %cause_chain(&err), "database cannot write (disk full or I/O error)");
            return AppError::StorageUnavailable;
        }
        if is_busy(&err) {
            tracing::warn!(error = %cause_chain(&err), "database busy");
            return AppError::Busy {
                retry_after_secs: 2,
            };
        }
        tracing::error!(error = %cause_chain(&err), "database error");
        AppError::Internal
    }
}

/// Whether a database error is the storage failing rather than the request: SQLite's
/// SQLITE_IOERR (10), SQLITE_FULL (13) and SQLITE_READONLY (8) with their extended codes;
/// PostgreSQL's class 53 (insufficient resources: disk_full 53100 and kin) and 58030
/// (io_error). The write did not happen; it can succeed once the fault is gone.
#[cfg(feature = "ssr")]
pub fn is_storage_fault(err: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx;
    let sqlx_err = match err {
        sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e))
        | sea_orm::DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
        | sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(e)) => e.as_ref(),
        _ => return false,
    };
    match sqlx_err {
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            let sqlite = code
                .parse::<i64>()
                .is_ok_and(|c| matches!(c & 0xff, 8 | 10 | 13));
            sqlite || code.starts_with("53") || code == "58030"
        }
        sqlx::Error::Io(_) => true,
        _ => false,
    }
}

/// Whether the connection pool was closed: the server stopped using a database whose file
/// was deleted or replaced under it (see the server's database watchdog).
#[cfg(feature = "ssr")]
fn is_closed(err: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx;
    match err {
        sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e))
        | sea_orm::DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
        | sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(e)) => {
            matches!(e.as_ref(), sqlx::Error::PoolClosed)
        }
        sea_orm::DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::ConnectionClosed) => true,
        _ => false,
    }
}

/// Whether a database error only means "busy, try again".
#[cfg(feature = "ssr")]
pub fn is_busy(err: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx;
    let sqlx_err = match err {
        sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e))
        | sea_orm::DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
        | sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(e)) => Some(e.as_ref()),
        sea_orm::DbErr::ConnectionAcquire(_) => return true,
        _ => None,
    };
    match sqlx_err {
        Some(sqlx::Error::PoolTimedOut) => true,
        Some(sqlx::Error::Database(db)) => {
            // SQLite: SQLITE_BUSY (5) and SQLITE_LOCKED (6), with extended codes;
            // PostgreSQL: lock_not_available, serialization_failure, deadlock_detected.
            let code = db.code().unwrap_or_default();
            let sqlite_busy = code.parse::<i64>().is_ok_and(|c| matches!(c & 0xff, 5 | 6));
            sqlite_busy || matches!(code.as_ref(), "55P03" | "40001" | "40P01")
        }
        _ => false,
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(err: sea_orm::TransactionError<AppError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_the_situation() {
        assert_eq!(AppError::InvalidCredentials.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(
            AppError::Throttled {
                retry_after_secs: 3
            }
            .status(),
            429
        );
        assert_eq!(AppError::PasswordTooShort.status(), 400);
    }

    #[test]
    fn errors_survive_the_wire() {
        let err = AppError::Throttled {
            retry_after_secs: 12,
        };
        let bytes = err.ser();
        assert_eq!(AppError::de(bytes), err);
    }
}

#[cfg(test)]
mod chain_tests {
    use super::cause_chain;

    #[derive(Debug, thiserror::Error)]
    #[error("saving the amendment failed")]
    struct Outer(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("UNIQUE constraint failed: amendments.id")]
    struct Inner;

    #[test]
    fn the_chain_names_every_cause_once() {
        assert_eq!(
            cause_chain(&Outer(Inner)),
            "saving the amendment failed: UNIQUE constraint failed: amendments.id"
        );
    }
}
