//! Notices by e-mail, sent through the mail layer (the outbox folder when no SMTP server is
//! set), in the person's language, with times in the platform's zone:
//! - the daily digest: the notices each person gets by digest, grouped by program and
//!   section, at most once in `MIN_INTERVAL_SECS`;
//! - e-mail at once: one mail per notice of a kind the person gets that way.
//!
//! Every mail carries a one-click unsubscribe link (in the body and in the List-Unsubscribe
//! headers): from the digest it moves every digest kind to the app only, from a single mail
//! that mail's kind. Several app servers may run this at once: each digest is claimed with a
//! compare-and-set on `users.digest_sent_at`, each notice with one on `mailed_at`, so
//! nothing goes out twice. A notice about a comment hidden or deleted since is never mailed.

use super::clock::now;
use super::notifications;
use super::tokens;
use crate::components::labels::notice_text;
use crate::domain::account::TokenPurpose;
use crate::domain::event::Event;
use crate::domain::ids::{ProgramId, SectionId, UserId};
use crate::domain::notice::{Delivery, NoticeKind};
use crate::domain::text::fill;
use crate::entities::{email_token, notification, user};
use crate::error::AppError;
use crate::i18n::{td_string, Locale};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::BTreeMap;
use std::str::FromStr;

/// A digest goes out at most this often per person.
pub const MIN_INTERVAL_SECS: i64 = 20 * 3600;
/// Unsubscribe links stay valid this long.
const UNSUBSCRIBE_VALID_SECS: i64 = 90 * 24 * 3600;
/// Notices in one digest (the rest wait for the next; the app shows them all).
const DIGEST_MAX: u64 = 200;
/// Immediate mails sent in one run (the rest go in the next, a minute later).
const MAIL_BATCH: u64 = 500;

/// What an unsubscribe link stops: the digest, or one kind of immediate mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    Digest,
    Kind(NoticeKind),
}

impl Stop {
    /// The link's `kind` parameter: `digest` or a notice kind.
    pub fn parse(s: &str) -> Result<Stop, AppError> {
        match s {
            "" | "digest" => Ok(Stop::Digest),
            k => NoticeKind::from_str(k).map(Stop::Kind),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Stop::Digest => "digest",
            Stop::Kind(k) => k.as_str(),
        }
    }
}

/// Stops what the link of an e-mail names for its owner (no log-in needed): the digest
/// (every kind it carried goes to the app only) or one kind of immediate mail.
pub async fn unsubscribe(
    db: &impl ConnectionTrait,
    secret: &str,
    stop: Stop,
) -> Result<(), AppError> {
    let hash = tokens::hash_secret(secret.trim());
    let token = email_token::Entity::find_by_id(hash)
        .one(db)
        .await?
        .filter(|t| t.purpose == TokenPurpose::Unsubscribe && t.expires_at > now())
        .ok_or(AppError::TokenInvalid)?;
    match stop {
        Stop::Kind(kind) => {
            notifications::set_delivery(db, token.user_id, Some(kind), Delivery::App).await?
        }
        Stop::Digest => {
            for (kind, how) in notifications::preferences(db, token.user_id).await? {
                if how == Delivery::Digest {
                    notifications::set_delivery(db, token.user_id, Some(kind), Delivery::App)
                        .await?;
                }
            }
        }
    }
    super::events::record(
        db,
        Some(token.user_id),
        Event::DigestUnsubscribe,
        &format!("user:{}", token.user_id),
        serde_json::json!({"stop": stop.as_str()}),
    )
    .await?;
    Ok(())
}

/// A new unsubscribe link for `person` that stops `stop`.
async fn unsubscribe_link(
    db: &impl ConnectionTrait,
    person: UserId,
    origin: &str,
    stop: Stop,
) -> Result<String, AppError> {
    let t = now();
    let secret = tokens::new_secret();
    email_token::ActiveModel {
        token_hash: Set(tokens::hash_secret(&secret)),
        user_id: Set(person),
        purpose: Set(TokenPurpose::Unsubscribe),
        created_at: Set(t),
        expires_at: Set(t + UNSUBSCRIBE_VALID_SECS),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(format!(
        "{origin}/unsubscribe?kind={}&token={secret}",
        stop.as_str()
    ))
}

/// Of `rows`, those still worth telling: not about a comment hidden or deleted since.
async fn still_public(
    db: &impl ConnectionTrait,
    rows: Vec<notification::Model>,
) -> Result<Vec<notification::Model>, AppError> {
    let gone = super::lookup::hidden_comments_in(db, &rows).await?;
    Ok(rows
        .into_iter()
        .filter(|n| super::lookup::comment_of(&n.link).is_none_or(|c| !gone.contains(&c)))
        .collect())
}

/// Marks notices as mailed; only those nobody marked yet (the caller's claim).
async fn claim(db: &impl ConnectionTrait, ids: Vec<i32>, t: i64) -> Result<u64, AppError> {
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(notification::Entity::update_many()
        .col_expr(notification::Column::MailedAt, Expr::value(t))
        .filter(notification::Column::Id.is_in(ids))
        .filter(notification::Column::MailedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Sends every digest that is due; returns how many went out. `origin` starts the links.
pub async fn send_due(
    db: &sea_orm::DatabaseConnection,
    mailer: &super::mail::Mailer,
    origin: &str,
) -> Result<usize, AppError> {
    let t = now();
    let cutoff = t - MIN_INTERVAL_SECS;
    let waiting: Vec<UserId> = notification::Entity::find()
        .select_only()
        .column(notification::Column::UserId)
        .distinct()
        .filter(notification::Column::Delivery.eq(Delivery::Digest))
        .filter(notification::Column::MailedAt.is_null())
        .filter(notification::Column::ReadAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut sent = 0;
    for chunk in waiting.chunks(500) {
        let due = user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.to_vec()))
            .filter(
                Condition::any()
                    .add(user::Column::DigestSentAt.is_null())
                    .add(user::Column::DigestSentAt.lt(cutoff)),
            )
            .all(db)
            .await?;
        for person in due {
            if send_digest(db, mailer, origin, &person, t).await? {
                sent += 1;
            }
        }
    }
    Ok(sent)
}

/// A digest's notices of one section (`None`: not about a section).
type SectionGroup<'a> = (Option<SectionId>, Vec<&'a notification::Model>);
/// A digest's notices of one program, by section.
type ProgramGroup<'a> = (Option<ProgramId>, Vec<SectionGroup<'a>>);

/// One person's digest, if it is theirs to send (claimed) and anything is in it.
async fn send_digest(
    db: &sea_orm::DatabaseConnection,
    mailer: &super::mail::Mailer,
    origin: &str,
    person: &user::Model,
    t: i64,
) -> Result<bool, AppError> {
    // Claim this person's digest: only one app server wins.
    let mut claimed = user::Entity::update_many()
        .col_expr(user::Column::DigestSentAt, Expr::value(t))
        .filter(user::Column::Id.eq(person.id));
    claimed = match person.digest_sent_at {
        Some(previous) => claimed.filter(user::Column::DigestSentAt.eq(previous)),
        None => claimed.filter(user::Column::DigestSentAt.is_null()),
    };
    if claimed.exec(db).await?.rows_affected != 1 {
        return Ok(false);
    }
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(person.id))
        .filter(notification::Column::Delivery.eq(Delivery::Digest))
        .filter(notification::Column::MailedAt.is_null())
        .filter(notification::Column::ReadAt.is_null())
        .order_by_asc(notification::Column::Id)
        .limit(DIGEST_MAX)
        .all(db)
        .await?;
    claim(db, rows.iter().map(|n| n.id).collect(), t).await?;
    let items = still_public(db, rows).await?;
    if items.is_empty() {
        return Ok(false);
    }
    let locale = Locale::from_str(&person.locale).unwrap_or_default();
    let actors = super::lookup::display_names(db, items.iter().filter_map(|n| n.actor_id)).await?;
    let programs =
        super::lookup::program_titles(db, items.iter().filter_map(|n| n.program_id)).await?;
    let sections =
        super::lookup::section_titles(db, items.iter().filter_map(|n| n.section_id)).await?;
    // Program, then section, each in the order its first notice came.
    let mut groups: Vec<ProgramGroup> = Vec::new();
    for n in &items {
        let program = match groups.iter_mut().find(|(p, _)| *p == n.program_id) {
            Some(g) => g,
            None => {
                groups.push((n.program_id, Vec::new()));
                groups.last_mut().ok_or(AppError::Internal)?
            }
        };
        match program.1.iter_mut().find(|(s, _)| *s == n.section_id) {
            Some(s) => s.1.push(n),
            None => program.1.push((n.section_id, vec![n])),
        }
    }
    let elsewhere = td_string!(locale, mail_digest_elsewhere);
    let mut lines = String::new();
    for (program, by_section) in &groups {
        let title = program
            .and_then(|p| programs.get(&p).cloned())
            .unwrap_or_else(|| elsewhere.to_string());
        lines.push_str(&format!("== {title} ==\n\n"));
        for (section, notices) in by_section {
            if let Some(name) = section.and_then(|s| sections.get(&s)) {
                lines.push_str(&format!("-- {name} --\n"));
            }
            for n in notices {
                lines.push_str(&item(locale, n, &actors, origin));
            }
            lines.push('\n');
        }
    }
    let subject = crate::domain::text::count_text(
        &items.len().to_string(),
        td_string!(locale, mail_digest_subject_one),
        td_string!(locale, mail_digest_subject),
    );
    let unsubscribe = unsubscribe_link(db, person.id, origin, Stop::Digest).await?;
    let body = fill(
        td_string!(locale, mail_digest_body),
        &[
            ("name", &person.display_name),
            ("items", &lines),
            ("unsubscribe", &unsubscribe),
            ("settings", &format!("{origin}/profile#notices")),
        ],
    );
    mailer
        .send_with(&person.email, &subject, body, Some(&unsubscribe))
        .await?;
    Ok(true)
}

/// One notice as lines of a mail: what happened, its title or excerpt, when, and the link.
fn item(
    locale: Locale,
    n: &notification::Model,
    actors: &std::collections::HashMap<UserId, String>,
    origin: &str,
) -> String {
    let actor = n
        .actor_id
        .and_then(|a| actors.get(&a).cloned())
        .unwrap_or_default();
    format!(
        "* {}\n  “{}”\n  {}\n  {origin}{}\n",
        notice_text(locale, n.kind, &actor),
        n.detail,
        crate::domain::time::format_time(n.created_at),
        n.link
    )
}

/// Sends the notices people get by e-mail at once (each once); returns how many went out.
pub async fn mail_due(
    db: &sea_orm::DatabaseConnection,
    mailer: &super::mail::Mailer,
    origin: &str,
) -> Result<usize, AppError> {
    let t = now();
    let rows = notification::Entity::find()
        .filter(notification::Column::Delivery.eq(Delivery::Email))
        .filter(notification::Column::MailedAt.is_null())
        .order_by_asc(notification::Column::Id)
        .limit(MAIL_BATCH)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut mine = Vec::new();
    for n in rows {
        // One server claims each notice.
        if claim(db, vec![n.id], t).await? == 1 && n.read_at.is_none() {
            mine.push(n);
        }
    }
    let mine = still_public(db, mine).await?;
    let people: BTreeMap<UserId, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(mine.iter().map(|n| n.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let actors = super::lookup::display_names(db, mine.iter().filter_map(|n| n.actor_id)).await?;
    let mut sent = 0;
    for n in &mine {
        let Some(person) = people.get(&n.user_id) else {
            continue;
        };
        let locale = Locale::from_str(&person.locale).unwrap_or_default();
        let unsubscribe = unsubscribe_link(db, person.id, origin, Stop::Kind(n.kind)).await?;
        let subject = format!("Redacta: {}", n.detail);
        let body = fill(
            td_string!(locale, mail_notice_body),
            &[
                ("name", &person.display_name),
                ("item", &item(locale, n, &actors, origin)),
                ("unsubscribe", &unsubscribe),
                ("settings", &format!("{origin}/profile#notices")),
            ],
        );
        mailer
            .send_with(&person.email, &subject, body, Some(&unsubscribe))
            .await?;
        sent += 1;
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsubscribe_links_name_what_they_stop() {
        assert_eq!(Stop::parse("digest").ok(), Some(Stop::Digest));
        assert_eq!(Stop::parse("").ok(), Some(Stop::Digest));
        assert_eq!(
            Stop::parse("vote_closing").ok(),
            Some(Stop::Kind(NoticeKind::VoteClosing))
        );
        assert!(Stop::parse("everything").is_err());
        for k in NoticeKind::ALL {
            assert_eq!(
                Stop::parse(Stop::Kind(k).as_str()).ok(),
                Some(Stop::Kind(k))
            );
        }
    }
}
