//! The per-account log-in throttle, stored in the database so that every app server on one
//! PostgreSQL sees the same count. Keyed by the normalised e-mail typed, whether or not an
//! account has it, so the throttle itself reveals nothing.

use super::{clock::now, db};
use crate::domain::throttle::ThrottlePolicy;
use crate::entities::login_throttle::{self, Entity as Throttle};
use crate::error::AppError;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QuerySelect, Set};

/// Refuses the attempt while the account is in a back-off period.
pub async fn check(conn: &DatabaseConnection, email: &str) -> Result<(), AppError> {
    if let Some(row) = Throttle::find_by_id(email.to_string()).one(conn).await? {
        let wait = row.locked_until - now();
        if wait > 0 {
            return Err(AppError::Throttled {
                retry_after_secs: wait,
            });
        }
    }
    Ok(())
}

/// Counts a failure and starts the next back-off period.
pub async fn record_failure(
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
    let failures = row.failures.saturating_add(1);
    let wait = policy.wait_after(failures.max(0) as u32);
    let mut active: login_throttle::ActiveModel = row.into();
    active.failures = Set(failures);
    active.locked_until = Set(if wait > 0 { t + wait } else { 0 });
    active.updated_at = Set(t);
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// A successful log-in (or a password reset) clears the count.
pub async fn clear(conn: &impl sea_orm::ConnectionTrait, email: &str) -> Result<(), AppError> {
    Throttle::delete_by_id(email.to_string()).exec(conn).await?;
    Ok(())
}
