//! The per-account log-in throttle, stored in the database so that every app server on one
//! PostgreSQL sees the same count. Keyed by the normalised e-mail typed, whether or not an
//! account has it, so the throttle itself reveals nothing.

use super::{clock::now, db};
use crate::domain::throttle::ThrottlePolicy;
use crate::entities::login_throttle::{self, Entity as Throttle};
use crate::error::AppError;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set,
};

/// Counts a log-in attempt for `email` before its password is verified, in one write
/// transaction (the row is locked on PostgreSQL; SQLite's write lock serialises): refused
/// with `Throttled` while the account is in a back-off period, otherwise counted as a
/// failure and the next back-off started if it passes the free ones. A right password then
/// takes its attempt back ([`succeeded`]). Counting first means 40 parallel guesses are
/// bounded exactly like 40 sequential ones. A count untouched for a day starts again.
pub async fn begin_attempt(
    conn: &DatabaseConnection,
    email: &str,
    policy: &ThrottlePolicy,
) -> Result<(), AppError> {
    let txn = db::write_txn(conn).await?;
    let t = now();
    Throttle::insert(login_throttle::ActiveModel {
        email: Set(email.to_string()),
        failures: Set(0),
        locked_until: Set(0),
        updated_at: Set(t),
    })
    .on_conflict_do_nothing_on([login_throttle::Column::Email])
    .exec(&txn)
    .await?;
    let mut select = Throttle::find_by_id(email.to_string());
    if db::supports_row_locks(&txn) {
        select = select.lock_exclusive();
    }
    let Some(row) = select.one(&txn).await? else {
        return Err(AppError::Internal);
    };
    let wait = row.locked_until - t;
    if wait > 0 {
        return Err(AppError::Throttled {
            retry_after_secs: wait,
        });
    }
    let previous = if t - row.updated_at > FORGET_AFTER_SECS {
        0
    } else {
        row.failures
    };
    let failures = previous.saturating_add(1);
    let wait = policy.wait_after(Ord::max(failures, 0) as u32);
    let mut active: login_throttle::ActiveModel = row.into();
    active.failures = Set(failures);
    active.locked_until = Set(if wait > 0 { t + wait } else { 0 });
    active.updated_at = Set(t);
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// A count untouched for this long starts from zero again.
const FORGET_AFTER_SECS: i64 = 24 * 3600;

/// A right password: its attempt was not a failure. The count of the others stays (a
/// success in the middle of a flood does not give the flood a fresh budget), but the
/// owner is not kept waiting by their own attempt.
pub async fn succeeded(conn: &DatabaseConnection, email: &str) -> Result<(), AppError> {
    Throttle::update_many()
        .col_expr(
            login_throttle::Column::Failures,
            Expr::col(login_throttle::Column::Failures).sub(1),
        )
        .filter(login_throttle::Column::Email.eq(email))
        .filter(login_throttle::Column::Failures.gt(0))
        .exec(conn)
        .await?;
    Ok(())
}

/// A password reset clears the count.
pub async fn clear(conn: &impl sea_orm::ConnectionTrait, email: &str) -> Result<(), AppError> {
    Throttle::delete_by_id(email.to_string()).exec(conn).await?;
    Ok(())
}
