//! Rate limits kept in the database (table `rate_limits`), so they hold across app servers:
//! at most `limit` events per key in each fixed window of `window_secs`. Each call counts
//! itself with one atomic upsert (`INSERT .. ON CONFLICT DO UPDATE .. RETURNING`), so a
//! flood of parallel calls is counted exactly like the same calls made one after another:
//! no read-then-write race, no lock held across anything else.

use super::clock::now;
use crate::error::AppError;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

/// A limit: `limit` events per `window_secs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub limit: i32,
    pub window_secs: i64,
}

/// Mail sent to one address: sign-up, activation and reset links together.
pub const MAIL_PER_ADDRESS: Limit = Limit {
    limit: 3,
    window_secs: 3600,
};
/// Mail-sending requests from one client address.
pub const MAIL_PER_CLIENT: Limit = Limit {
    limit: 20,
    window_secs: 3600,
};

/// Counts one event for `key`; `Err(Throttled)` once the window's limit is passed (the
/// refused call is counted too, so hammering does not help).
pub async fn hit(db: &impl ConnectionTrait, key: &str, limit: Limit) -> Result<(), AppError> {
    let t = now();
    let window_start = t - t.rem_euclid(limit.window_secs.max(1));
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1) \
             ON CONFLICT (key) DO UPDATE SET \
               count = CASE WHEN rate_limits.window_start = excluded.window_start \
                            THEN rate_limits.count + 1 ELSE 1 END, \
               window_start = excluded.window_start \
             RETURNING count"
        }
        _ => {
            "INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1) \
             ON CONFLICT (key) DO UPDATE SET \
               count = CASE WHEN rate_limits.window_start = excluded.window_start \
                            THEN rate_limits.count + 1 ELSE 1 END, \
               window_start = excluded.window_start \
             RETURNING count"
        }
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [Value::from(key.to_string()), Value::from(window_start)],
        ))
        .await?
        .ok_or(AppError::Internal)?;
    let count: i32 = row.try_get("", "count")?;
    if count > limit.limit {
        return Err(AppError::Throttled {
            retry_after_secs: (window_start + limit.window_secs - t).max(1),
        });
    }
    Ok(())
}
