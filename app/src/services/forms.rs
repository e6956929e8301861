//! Forms that lose nothing.
//!
//! **Submission keys.** Every create form carries a key of its own (`forms::KEY_FIELD`, made
//! when the form is rendered). The HTTP layer runs the create with [`with_key`]; the service,
//! inside its write transaction, [`claim`]s the key before creating and [`record`]s what it
//! created. A second submit of the same form (a double tap, a resent post, a post that raced
//! the first) finds the key claimed and gets the first result back: nothing is created twice.
//! On PostgreSQL the claim is `INSERT .. ON CONFLICT DO NOTHING`, which waits for a parallel
//! claim of the same key to commit or roll back; on SQLite the write lock orders them.
//!
//! **The stash.** A plain form post that fails goes back to its form; what was typed is kept
//! here under a random token (`?__form=TOKEN`), never in the URL, for a day: long enough to
//! log in, sign up and activate an account and come back to an unsaved amendment.

use super::clock::now;
use crate::error::AppError;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

/// How long a claimed key answers with its first result.
pub const KEY_TTL_SECS: i64 = 86_400;
/// How long stashed form fields are kept.
pub const STASH_TTL_SECS: i64 = 86_400;
/// Characters kept of each stashed field (a whole amendment or comment fits).
pub const STASH_FIELD_MAX: usize = 20_000;
/// A submission key: 16 to 64 characters of `[A-Za-z0-9_-]`.
pub const KEY_MAX: usize = 64;

tokio::task_local! {
    static KEY: String;
}

/// Whether `key` is a well-formed submission key.
pub fn valid_key(key: &str) -> bool {
    (16..=KEY_MAX).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A fresh random key (for a rendered form) or stash token: 128 random bits, URL-safe.
pub fn fresh_key() -> String {
    use base64::Engine;
    let bytes: [u8; 16] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Runs `body` (a create) with the form's submission key in scope. An empty key (an API
/// client that sends none) runs it plainly; a malformed one is refused.
pub async fn with_key<T>(
    key: &str,
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    if key.is_empty() {
        return body.await;
    }
    if !valid_key(key) {
        return Err(AppError::BadRequest);
    }
    KEY.scope(key.to_string(), body).await
}

/// What a claim found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// First use of the key (or no key in scope): go on and create.
    New,
    /// The key already created this (the id of the first result).
    Done(i32),
}

fn sql(backend: DatabaseBackend, sqlite: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => {
            let mut out = String::with_capacity(sqlite.len() + 8);
            let mut n = 0;
            for c in sqlite.chars() {
                if c == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => sqlite.to_string(),
    }
}

async fn exec(db: &impl ConnectionTrait, query: &str, values: Vec<Value>) -> Result<u64, AppError> {
    let backend = db.get_database_backend();
    Ok(db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql(backend, query),
            values,
        ))
        .await?
        .rows_affected())
}

/// Claims the submission key in scope for `account` and `kind` (what the form creates),
/// inside the create's write transaction.
pub async fn claim(db: &impl ConnectionTrait, account: i32, kind: &str) -> Result<Claim, AppError> {
    let Ok(key) = KEY.try_with(String::clone) else {
        return Ok(Claim::New);
    };
    let t = now();
    exec(
        db,
        "DELETE FROM submissions WHERE account_id = ? AND created_at < ?",
        vec![account.into(), (t - KEY_TTL_SECS).into()],
    )
    .await?;
    let inserted = exec(
        db,
        "INSERT INTO submissions (account_id, key, kind, created_id, created_at) \
         VALUES (?, ?, ?, NULL, ?) ON CONFLICT (account_id, key) DO NOTHING",
        vec![
            account.into(),
            key.clone().into(),
            kind.to_string().into(),
            t.into(),
        ],
    )
    .await?;
    if inserted == 1 {
        return Ok(Claim::New);
    }
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql(
                backend,
                "SELECT kind, created_id FROM submissions WHERE account_id = ? AND key = ?",
            ),
            [account.into(), key.into()],
        ))
        .await?
        .ok_or(AppError::Internal)?;
    let claimed: String = row.try_get("", "kind")?;
    let created: Option<i32> = row.try_get("", "created_id")?;
    match created {
        // The same form sent again: its first result.
        Some(id) if claimed == kind => Ok(Claim::Done(id)),
        // A key reused for another kind of form, or a claim that created nothing.
        _ => Err(AppError::BadRequest),
    }
}

/// Records what the claimed key created (same transaction as [`claim`]).
pub async fn record(db: &impl ConnectionTrait, account: i32, created: i32) -> Result<(), AppError> {
    let Ok(key) = KEY.try_with(String::clone) else {
        return Ok(());
    };
    exec(
        db,
        "UPDATE submissions SET created_id = ? WHERE account_id = ? AND key = ?",
        vec![created.into(), account.into(), key.into()],
    )
    .await?;
    Ok(())
}

/// Keeps `fields` (name, value) of a failed form for `account` (None: not logged in) and
/// returns the token to read them back with. Old entries go first.
pub async fn stash(
    db: &impl ConnectionTrait,
    account: Option<i32>,
    fields: &[(&str, &str)],
) -> Result<String, AppError> {
    let t = now();
    exec(
        db,
        "DELETE FROM form_stash WHERE created_at < ?",
        vec![(t - STASH_TTL_SECS).into()],
    )
    .await?;
    let kept: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.chars().take(STASH_FIELD_MAX).collect()))
        .collect();
    let token = fresh_key();
    exec(
        db,
        "INSERT INTO form_stash (token, account_id, fields, created_at) VALUES (?, ?, ?, ?)",
        vec![
            token.clone().into(),
            account.into(),
            serde_json::to_string(&kept)
                .map_err(|_| AppError::Internal)?
                .into(),
            t.into(),
        ],
    )
    .await?;
    Ok(token)
}

/// The fields stashed under `token`, if it is current and was kept for `account` or for
/// someone not logged in (who may have logged in since).
pub async fn stashed(
    db: &impl ConnectionTrait,
    token: &str,
    account: Option<i32>,
) -> Result<Vec<(String, String)>, AppError> {
    if !valid_key(token) {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let Some(row) = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql(
                backend,
                "SELECT account_id, fields FROM form_stash WHERE token = ? AND created_at >= ?",
            ),
            [token.into(), (now() - STASH_TTL_SECS).into()],
        ))
        .await?
    else {
        return Ok(Vec::new());
    };
    let owner: Option<i32> = row.try_get("", "account_id")?;
    if owner.is_some() && owner != account {
        return Ok(Vec::new());
    }
    let fields: String = row.try_get("", "fields")?;
    Ok(serde_json::from_str(&fields).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        for _ in 0..100 {
            let k = fresh_key();
            assert!(valid_key(&k), "{k}");
        }
        assert!(!valid_key(""));
        assert!(!valid_key("short"));
        assert!(!valid_key(&"a".repeat(65)));
        assert!(!valid_key("abcdefghijklmnop qrs"));
        assert!(!valid_key("abcdefghijklmnop'--"));
    }

    #[test]
    fn placeholders() {
        assert_eq!(
            sql(DatabaseBackend::Postgres, "a = ? AND b = ?"),
            "a = $1 AND b = $2"
        );
        assert_eq!(sql(DatabaseBackend::Sqlite, "a = ?"), "a = ?");
    }
}
