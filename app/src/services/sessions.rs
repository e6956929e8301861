//! Database-backed sessions. The cookie holds a random secret; the row is keyed by its hash.
//! A session ends on log-out (row deleted), after `session_idle_secs` without a request, or
//! `session_absolute_secs` after log-in, whichever comes first.

use super::{clock::now, config::Config, tokens};
use crate::domain::ids::UserId;
use crate::entities::{session, user};
use crate::error::AppError;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set,
};

/// Seconds between two notes of `last_seen_at` for one session.
const TOUCH_EVERY_SECS: i64 = 60;

/// Sessions seen since the last flush, and when: a request never writes to refresh its
/// session (that write cost casting a fifth of its throughput); the app server writes them
/// all in one statement every few seconds ([`flush_touches`]). Idle timeouts are days, so
/// a touch lost in a crash only brings one forward by those seconds.
#[derive(Default)]
pub struct Touches(std::sync::Mutex<std::collections::HashMap<String, i64>>);

impl Touches {
    fn note(&self, hash: String, t: i64) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(hash, t);
    }
    fn seen(&self, hash: &str) -> Option<i64> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(hash)
            .copied()
    }
}

/// Writes the noted touches: one statement per 500 sessions.
pub async fn flush_touches(db: &impl ConnectionTrait, touches: &Touches) -> Result<(), AppError> {
    let noted: Vec<(String, i64)> =
        std::mem::take(&mut *touches.0.lock().unwrap_or_else(|e| e.into_inner()))
            .into_iter()
            .collect();
    for chunk in noted.chunks(500) {
        let at = chunk.iter().map(|(_, t)| *t).max().unwrap_or_default();
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(at),
            )
            .filter(session::Column::IdHash.is_in(chunk.iter().map(|(h, _)| h.clone())))
            .filter(session::Column::LastSeenAt.lt(at))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Creates a session and returns the secret to put in the cookie; purges expired ones.
pub async fn create(
    db: &impl ConnectionTrait,
    config: &Config,
    user_id: UserId,
) -> Result<String, AppError> {
    let secret = tokens::new_secret();
    let t = now();
    // Sessions that expired unseen (the browser dropped their cookie at its Max-Age) are
    // purged here, so the table does not grow with every log-in.
    session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(session::Column::ExpiresAt.lte(t))
                .add(session::Column::LastSeenAt.lte(t - config.session_idle_secs)),
        )
        .exec(db)
        .await?;
    session::ActiveModel {
        id_hash: Set(tokens::hash_secret(&secret)),
        user_id: Set(user_id),
        created_at: Set(t),
        last_seen_at: Set(t),
        expires_at: Set(t + config.session_absolute_secs),
    }
    .insert(db)
    .await?;
    Ok(secret)
}

/// The user behind a session secret, if the session is still alive.
pub async fn lookup(
    db: &impl ConnectionTrait,
    config: &Config,
    touches: &Touches,
    secret: &str,
) -> Result<Option<user::Model>, AppError> {
    let hash = tokens::hash_secret(secret);
    let Some(row) = session::Entity::find_by_id(hash.clone()).one(db).await? else {
        return Ok(None);
    };
    let t = now();
    let last_seen = row.last_seen_at.max(touches.seen(&hash).unwrap_or(0));
    if row.expires_at <= t || last_seen + config.session_idle_secs <= t {
        session::Entity::delete_by_id(hash).exec(db).await?;
        return Ok(None);
    }
    let user = user::Entity::find_by_id(row.user_id).one(db).await?;
    if user.is_some() && t - last_seen >= TOUCH_EVERY_SECS {
        touches.note(hash, t);
    }
    Ok(user)
}

pub async fn delete(db: &impl ConnectionTrait, secret: &str) -> Result<(), AppError> {
    session::Entity::delete_by_id(tokens::hash_secret(secret))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user (password change elsewhere, password reset).
pub async fn delete_all_for_user(
    db: &impl ConnectionTrait,
    user_id: UserId,
    except_secret: Option<&str>,
) -> Result<(), AppError> {
    let mut query = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = except_secret {
        query = query.filter(session::Column::IdHash.ne(tokens::hash_secret(keep)));
    }
    query.exec(db).await?;
    Ok(())
}

/// `Set-Cookie` value for a new session.
pub fn cookie(config: &Config, secret: &str) -> String {
    format!(
        "{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        config.session_cookie_name(),
        secret,
        config.session_absolute_secs,
        if config.secure_cookies() {
            "; Secure"
        } else {
            ""
        }
    )
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clearing_cookie(config: &Config) -> String {
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        config.session_cookie_name(),
        if config.secure_cookies() {
            "; Secure"
        } else {
            ""
        }
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_httponly_lax_and_rooted() {
        let mut config = Config::new("sqlite::memory:".into());
        let c = cookie(&config, "abc");
        assert!(c.starts_with("redacta_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age="));
        assert!(!c.contains("Secure"));
        config.public_origin = Some("https://redacta.example.org".into());
        let c = cookie(&config, "abc");
        assert!(c.starts_with("__Host-redacta_session=abc;"));
        assert!(c.ends_with("; Secure"));
        assert!(clearing_cookie(&config).contains("Max-Age=0"));
    }
}
