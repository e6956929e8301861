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
        opts.map_sqlx_sqlite_pool_opts(|p| {
            p.after_release(|conn, _| Box::pin(outside_any_transaction(conn)))
        });
    } else {
        opts.max_connections(16).min_connections(1);
    }
    Database::connect(opts).await
}

/// Whether a SQLite connection going back to the pool is outside any transaction, both as
/// SQLite sees it and as sqlx counts it; if not, the pool closes it (which rolls back and
/// releases its locks) instead of lending it again.
///
/// Why: on a full disk or an I/O error SQLite rolls a transaction back by itself; sqlx's own
/// ROLLBACK then fails ("no transaction is active") and its count stays at one, so the next
/// "BEGIN" on that connection is only a SAVEPOINT, and a later "ROLLBACK TO" leaves it inside
/// a transaction holding the write lock. Every write then waited out the busy timeout, after
/// the disk had long been freed, until a restart (issue 12).
async fn outside_any_transaction(
    conn: &mut sea_orm::sqlx::sqlite::SqliteConnection,
) -> Result<bool, sea_orm::sqlx::Error> {
    use sqlx_core::transaction::TransactionManager;
    // Locking the handle waits for the connection's worker to finish what was queued
    // before (a rollback started when a transaction was dropped), so both readings are
    // current.
    let autocommit = {
        let mut handle = conn.lock_handle().await?;
        // SAFETY: the handle is locked for this block, and sqlite3_get_autocommit only
        // reads the connection's state.
        unsafe { libsqlite3_sys::sqlite3_get_autocommit(handle.as_raw_handle().as_ptr()) != 0 }
    };
    let depth =
        <sea_orm::sqlx::Sqlite as sea_orm::sqlx::Database>::TransactionManager::get_transaction_depth(
            conn,
        );
    if !autocommit || depth != 0 {
        tracing::warn!(
            autocommit,
            depth,
            "a SQLite connection left a transaction open; closing it"
        );
        return Ok(false);
    }
    Ok(true)
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
    Migrator::up(db, None).await?;
    super::search::ensure_built(db).await
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

/// Writes one row and commits, as every user-facing write must: a database that answers
/// reads but cannot write (a full disk, an I/O error, a read-only file) fails here. Used by
/// `/healthz`; the row is the health check's own (`rate_limits` key `healthz:write`).
pub async fn write_probe(db: &DatabaseConnection) -> Result<(), DbErr> {
    use sea_orm::{ConnectionTrait, Statement, Value};
    let txn = write_txn(db).await?;
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) \
             ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start"
        }
        _ => {
            "INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1) \
             ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start"
        }
    };
    txn.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [
            Value::from("healthz:write".to_string()),
            Value::from(super::clock::now()),
        ],
    ))
    .await?;
    txn.commit().await
}

/// Whether `SELECT ... FOR UPDATE` is meaningful (SQLite locks the whole file instead).
pub fn supports_row_locks(db: &impl sea_orm::ConnectionTrait) -> bool {
    db.get_database_backend() == DatabaseBackend::Postgres
}
