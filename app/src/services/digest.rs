//! The daily e-mail digest of notifications, for people who opted in: sent through the mail
//! layer (the outbox folder when no SMTP server is set), in the person's language, with a
//! one-click unsubscribe link. Several app servers may run it at once: each person's digest
//! is claimed with a compare-and-set on `digest_sent_at`, so it goes out once.

use super::clock::now;
use super::tokens;
use crate::domain::account::TokenPurpose;
use crate::domain::event::Event;
use crate::domain::notice::NoticeKind;
use crate::domain::text::fill;
use crate::entities::{email_token, notification, user};
use crate::error::AppError;
use crate::i18n::Locale;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};
use std::str::FromStr;

/// A digest goes out at most this often per person.
pub const MIN_INTERVAL_SECS: i64 = 20 * 3600;
/// Unsubscribe links stay valid this long.
const UNSUBSCRIBE_VALID_SECS: i64 = 90 * 24 * 3600;

/// Turns the digest on or off for `user`.
pub async fn set_opt_in(
    db: &impl ConnectionTrait,
    user: &user::Model,
    on: bool,
) -> Result<(), AppError> {
    user::Entity::update_many()
        .col_expr(user::Column::DigestOptIn, Expr::value(on))
        .filter(user::Column::Id.eq(user.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Turns the digest off for the owner of an unsubscribe link (no log-in needed).
pub async fn unsubscribe(db: &impl ConnectionTrait, secret: &str) -> Result<(), AppError> {
    let hash = tokens::hash_secret(secret.trim());
    let token = email_token::Entity::find_by_id(hash)
        .one(db)
        .await?
        .filter(|t| t.purpose == TokenPurpose::Unsubscribe && t.expires_at > now())
        .ok_or(AppError::TokenInvalid)?;
    user::Entity::update_many()
        .col_expr(user::Column::DigestOptIn, Expr::value(false))
        .filter(user::Column::Id.eq(token.user_id))
        .exec(db)
        .await?;
    super::events::record(
        db,
        Some(token.user_id),
        Event::DigestUnsubscribe,
        &format!("user:{}", token.user_id),
        serde_json::json!({}),
    )
    .await?;
    Ok(())
}

fn notice_text(locale: Locale, kind: NoticeKind, actor: &str) -> String {
    use crate::i18n::td_string;
    match kind {
        NoticeKind::Reply => fill(td_string!(locale, notice_reply), &[("name", actor)]),
        NoticeKind::Comment => fill(td_string!(locale, notice_comment), &[("name", actor)]),
        NoticeKind::Accepted => td_string!(locale, notice_accepted).to_string(),
        NoticeKind::Rejected => td_string!(locale, notice_rejected).to_string(),
        NoticeKind::Rebased => td_string!(locale, notice_rebased).to_string(),
        NoticeKind::Conflicted => td_string!(locale, notice_conflicted).to_string(),
        NoticeKind::Resolve => td_string!(locale, notice_resolve_conflict).to_string(),
    }
}

/// Sends every digest that is due; returns how many went out. `origin` starts the links.
pub async fn send_due(
    db: &sea_orm::DatabaseConnection,
    mailer: &super::mail::Mailer,
    origin: &str,
) -> Result<usize, AppError> {
    let t = now();
    let cutoff = t - MIN_INTERVAL_SECS;
    let due = user::Entity::find()
        .filter(user::Column::DigestOptIn.eq(true))
        .filter(
            Condition::any()
                .add(user::Column::DigestSentAt.is_null())
                .add(user::Column::DigestSentAt.lt(cutoff)),
        )
        .all(db)
        .await?;
    let mut sent = 0;
    for person in due {
        let since = person.digest_sent_at.unwrap_or(0);
        let fresh = notification::Entity::find()
            .filter(notification::Column::UserId.eq(person.id))
            .filter(notification::Column::ReadAt.is_null())
            .filter(notification::Column::CreatedAt.gt(since))
            .count(db)
            .await?;
        if fresh == 0 {
            continue;
        }
        // Claim this person's digest: only one app server wins.
        let mut claim = user::Entity::update_many()
            .col_expr(user::Column::DigestSentAt, Expr::value(t))
            .filter(user::Column::Id.eq(person.id));
        claim = match person.digest_sent_at {
            Some(previous) => claim.filter(user::Column::DigestSentAt.eq(previous)),
            None => claim.filter(user::Column::DigestSentAt.is_null()),
        };
        if claim.exec(db).await?.rows_affected != 1 {
            continue;
        }
        let locale = Locale::from_str(&person.locale).unwrap_or_default();
        let items: Vec<_> = super::lookup::notifications_of(db, person.id)
            .await?
            .into_iter()
            .filter(|(n, _)| n.read_at.is_none() && n.created_at > since)
            .collect();
        let secret = tokens::new_secret();
        email_token::ActiveModel {
            token_hash: Set(tokens::hash_secret(&secret)),
            user_id: Set(person.id),
            purpose: Set(TokenPurpose::Unsubscribe),
            created_at: Set(t),
            expires_at: Set(t + UNSUBSCRIBE_VALID_SECS),
            used_at: Set(None),
        }
        .insert(db)
        .await?;
        let mut lines = String::new();
        for (n, actor) in &items {
            let text = notice_text(locale, n.kind, actor.as_deref().unwrap_or(""));
            lines.push_str(&format!("- {text}: “{}”\n  {origin}{}\n", n.detail, n.link));
        }
        let subject = crate::domain::text::count_text(
            &items.len().to_string(),
            crate::i18n::td_string!(locale, mail_digest_subject_one),
            crate::i18n::td_string!(locale, mail_digest_subject),
        );
        let unsubscribe = format!("{origin}/unsubscribe?token={secret}");
        let body = fill(
            crate::i18n::td_string!(locale, mail_digest_body),
            &[
                ("name", &person.display_name),
                ("items", &lines),
                ("unsubscribe", &unsubscribe),
                ("settings", &format!("{origin}/profile")),
            ],
        );
        mailer
            .send_with(&person.email, &subject, body, Some(&unsubscribe))
            .await?;
        sent += 1;
    }
    Ok(sent)
}
