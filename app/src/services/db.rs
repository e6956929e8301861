//! Connecting, migrating and transactions, for SQLite and PostgreSQL alike.
//!
//! SQLite policy: WAL journal (readers never block the writer), foreign keys on, a 10 s busy
//! timeout, a pool of several connections for concurrent readers, and `BEGIN IMMEDIATE` for
//! every transaction that reads before it writes ([`write_txn`]), so two writers queue on
//! the lock instead of failing with "database is locked" half-way. `synchronous=FULL`: every
//! commit is on disk before the caller is told it succeeded (with `NORMAL`, an acknowledged
//! ballot could vanish on power loss). A writer still waiting after the busy timeout gets
//! `AppError::Busy` (503, "try again"), never a half-done write.

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::time::Duration;

/// The default database: a file beside the working directory.
pub const DEFAULT_SQLITE_URL: &str = "sqlite://data/redacta.db?mode=rwc";

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(30));
    if url.starts_with("sqlite:") {
        create_sqlite_parent_dir(url);
        opts.max_connections(8)
            .min_connections(1)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    .synchronous(SqliteSynchronous::Full)
                    .create_if_missing(true)
            });
    } else {
        opts.max_connections(16).min_connections(1);
    }
    Database::connect(opts).await
}

/// The file of a SQLite URL (`None` for PostgreSQL and in-memory databases).
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    if !url.starts_with("sqlite:") {
        return None;
    }
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path.starts_with(":memory:") {
        return None;
    }
    Some(std::path::PathBuf::from(path))
}

/// The identity (device, inode) of a file, to notice it being deleted or replaced.
pub fn file_identity(path: &std::path::Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

fn create_sqlite_parent_dir(url: &str) {
    let Some(path) = sqlite_file(url) else {
        return;
    };
    if let Some(parent) = path.parent() {
        if !parent.as_os_str().is_empty() {
            let _ = std::fs::create_dir_all(parent);
        }
    }
}

/// Applies every pending migration; each runs in its own transaction.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// A transaction for read-then-write work: `BEGIN IMMEDIATE` on SQLite takes the write lock
/// up front; PostgreSQL rows are locked with `for_update` where it matters.
pub async fn write_txn(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            db.begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
        }
        _ => db.begin().await,
    }
}

/// Whether `SELECT ... FOR UPDATE` is meaningful (SQLite locks the whole file instead).
pub fn supports_row_locks(db: &impl sea_orm::ConnectionTrait) -> bool {
    db.get_database_backend() == DatabaseBackend::Postgres
}
