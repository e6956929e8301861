//! Comment threads: post (on a section, a passage of it, or an amendment), reply, edit
//! (history kept), delete (the place in the thread stays), vote, report, moderate, and the
//! paginated thread as a reader sees it.
//!
//! Policy: anyone logged in comments on what they can read in a published program; only
//! the author edits or deletes; one vote and one report per person; a comment reported by
//! `report_threshold` people is hidden pending review; facilitators and coordinators hide,
//! unhide and dismiss reports, each action in the event log with who and why.

use super::lookup::revision_text;
use super::{accounts::role_of, clock::now, db, events, markdown, phases};
use crate::domain::comment::{CommentBody, CommentError, CommentPolicy, Stance};
use crate::domain::event::Event;
use crate::domain::ids::{CommentId, UserId};
use crate::domain::phase::Activity;
use crate::domain::text::Anchor;
use crate::entities::{comment, comment_report, comment_version, comment_vote, program, user};
use crate::error::AppError;
use crate::services::lookup::place;
use crate::services::lookup::Passage;
use crate::services::lookup::Target;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, Set,
};

pub fn thread_filter(target: Target) -> sea_orm::Condition {
    use sea_orm::Condition;
    match target {
        Target::Section(id) => Condition::all()
            .add(comment::Column::SectionId.eq(id))
            .add(comment::Column::AmendmentId.is_null()),
        Target::Amendment(id) => Condition::all().add(comment::Column::AmendmentId.eq(id)),
    }
}

fn subject(c: &comment::Model) -> String {
    format!("comment:{}", c.id)
}

/// Posts a comment, or a reply when `parent` is given.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn post(
    conn: &DatabaseConnection,
    policy: &CommentPolicy,
    actor: &user::Model,
    target: Target,
    parent: Option<CommentId>,
    stance: Option<&str>,
    body: &str,
    passage: Option<Passage>,
) -> Result<comment::Model, AppError> {
    let body = CommentBody::parse(body).map_err(AppError::Comment)?;
    let txn = db::write_txn(conn).await?;
    // The same form sent twice: the comment its first submit posted.
    if let super::forms::Claim::Done(id) =
        super::forms::claim(&txn, actor.id.get(), "comment").await?
    {
        let first = comment::Entity::find_by_id(CommentId(id))
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?;
        txn.commit().await?;
        return Ok(first);
    }
    let place = place(&txn, target, Some(actor)).await?;
    phases::require(&txn, &place.program, Activity::Comment).await?;
    // Posting rate, counted in the database so it holds across app servers. The poster's
    // row is locked first on PostgreSQL (SQLite's write lock is taken at BEGIN), so parallel
    // posts by one person are counted one after another, never all against the same count.
    if db::supports_row_locks(&txn) {
        user::Entity::find_by_id(actor.id)
            .lock_exclusive()
            .one(&txn)
            .await?;
    }
    let since = now() - policy.rate_window_secs;
    let recent = comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(actor.id))
        .filter(comment::Column::CreatedAt.gt(since))
        .count(&txn)
        .await?;
    if recent >= policy.rate_count {
        return Err(AppError::Throttled {
            retry_after_secs: policy.rate_window_secs,
        });
    }
    let stance = match (stance.filter(|s| !s.is_empty()), &place.amendment) {
        (Some(s), Some(_)) => Some(s.parse::<Stance>().map_err(AppError::Comment)?),
        (None, Some(_)) => Some(Stance::Neutral),
        (Some(_), None) => return Err(AppError::Comment(CommentError::BadStance)),
        (None, None) => None,
    };
    let (parent_id, root_id, depth) = match parent {
        Some(pid) => {
            let p = comment::Entity::find_by_id(pid)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let same_thread = p.section_id == place.section.id
                && p.amendment_id == place.amendment.as_ref().map(|a| a.id);
            if !same_thread {
                return Err(AppError::NotFound);
            }
            if p.depth + 1 > policy.max_depth {
                return Err(AppError::Comment(CommentError::TooDeep));
            }
            (Some(p.id), Some(p.root_id.unwrap_or(p.id)), p.depth + 1)
        }
        None => (None, None, 0),
    };
    let anchor = match passage {
        Some(p) if place.amendment.is_none() && parent.is_none() => {
            if p.revision < 1 || p.revision > place.section.head_number {
                return Err(AppError::Comment(CommentError::BadAnchor));
            }
            let text = revision_text(&txn, place.section.id, p.revision).await?;
            Some((
                p.revision,
                Anchor::new(&text, p.start, p.end)
                    .ok_or(AppError::Comment(CommentError::BadAnchor))?,
            ))
        }
        Some(_) => return Err(AppError::Comment(CommentError::BadAnchor)),
        None => None,
    };
    let created = comment::ActiveModel {
        program_id: Set(place.program.id),
        section_id: Set(place.section.id),
        amendment_id: Set(place.amendment.as_ref().map(|a| a.id)),
        parent_id: Set(parent_id),
        root_id: Set(root_id),
        depth: Set(depth),
        author_id: Set(actor.id),
        stance: Set(stance.map(|s| s.as_str().to_string())),
        body: Set(body.as_str().to_string()),
        body_html: Set(markdown::render(body.as_str()).as_str().to_string()),
        anchor_revision: Set(anchor.as_ref().map(|(r, _)| *r)),
        anchor_start: Set(anchor.as_ref().map(|(_, a)| a.start as i32)),
        anchor_end: Set(anchor.as_ref().map(|(_, a)| a.end as i32)),
        anchor_quote: Set(anchor.as_ref().map(|(_, a)| a.quote.clone())),
        anchor_prefix: Set(anchor.as_ref().map(|(_, a)| a.prefix.clone())),
        anchor_suffix: Set(anchor.as_ref().map(|(_, a)| a.suffix.clone())),
        ups: Set(0),
        downs: Set(0),
        reports: Set(0),
        hidden: Set(false),
        deleted: Set(false),
        edited_at: Set(None),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::search::comment(&txn, &created).await?;
    super::forms::record(&txn, actor.id.get(), created.id.get()).await?;
    // Replies reach the parent's author; comments reach the followers of the thread.
    {
        use super::notifications;
        use crate::domain::notice::{FollowKind, NoticeKind};
        let link = match created.amendment_id {
            Some(a) => format!("/amendments/{a}#comment-{}", created.id),
            None => format!("/sections/{}#comment-{}", created.section_id, created.id),
        };
        let excerpt: String = created.body.chars().take(120).collect();
        let notice = |kind| notifications::Notice {
            kind,
            link: &link,
            detail: &excerpt,
            program: Some(created.program_id),
            section: Some(created.section_id),
        };
        let mut told: Vec<UserId> = Vec::new();
        if let Some(pid) = created.parent_id {
            if let Some(p) = comment::Entity::find_by_id(pid).one(&txn).await? {
                notifications::notify(
                    &txn,
                    [p.author_id],
                    Some(actor.id),
                    &notice(NoticeKind::Reply),
                )
                .await?;
                told.push(p.author_id);
            }
        }
        let followers = match created.amendment_id {
            Some(a) => notifications::followers(&txn, FollowKind::Amendment, a.get()).await?,
            None => {
                notifications::followers(&txn, FollowKind::Section, created.section_id.get())
                    .await?
            }
        };
        notifications::notify(
            &txn,
            followers.into_iter().filter(|f| !told.contains(f)),
            Some(actor.id),
            &notice(NoticeKind::Comment),
        )
        .await?;
    }
    events::record(
        &txn,
        Some(actor.id),
        Event::CommentPost,
        &subject(&created),
        serde_json::json!({"section": created.section_id, "amendment": created.amendment_id,
            "parent": created.parent_id}),
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

async fn load_locked(
    txn: &impl ConnectionTrait,
    id: CommentId,
    actor: &user::Model,
) -> Result<(comment::Model, program::Model), AppError> {
    let mut select = comment::Entity::find_by_id(id);
    if db::supports_row_locks(txn) {
        select = select.lock_exclusive();
    }
    let found = select.one(txn).await?.ok_or(AppError::NotFound)?;
    let target = match found.amendment_id {
        Some(a) => Target::Amendment(a),
        None => Target::Section(found.section_id),
    };
    let place = place(txn, target, Some(actor)).await?;
    Ok((found, place.program))
}

/// The author edits their comment; the previous text is kept.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn edit(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: CommentId,
    body: &str,
) -> Result<comment::Model, AppError> {
    let body = CommentBody::parse(body).map_err(AppError::Comment)?;
    let txn = db::write_txn(conn).await?;
    let (found, program) = load_locked(&txn, id, actor).await?;
    phases::require(&txn, &program, Activity::Comment).await?;
    if found.author_id != actor.id {
        return Err(AppError::Forbidden);
    }
    if found.deleted {
        return Err(AppError::WrongState);
    }
    if found.body == body.as_str() {
        txn.commit().await?;
        return Ok(found);
    }
    comment_version::ActiveModel {
        comment_id: Set(found.id),
        body: Set(found.body.clone()),
        created_at: Set(found.edited_at.unwrap_or(found.created_at)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut active: comment::ActiveModel = found.into();
    active.body = Set(body.as_str().to_string());
    active.body_html = Set(markdown::render(body.as_str()).as_str().to_string());
    active.edited_at = Set(Some(now()));
    let updated = active.update(&txn).await?;
    super::search::comment(&txn, &updated).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::CommentEdit,
        &subject(&updated),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// The author deletes their comment: the text goes, its place in the thread stays.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn delete(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: CommentId,
) -> Result<(), AppError> {
    let txn = db::write_txn(conn).await?;
    let (found, _) = load_locked(&txn, id, actor).await?;
    if found.author_id != actor.id {
        return Err(AppError::Forbidden);
    }
    let mut active: comment::ActiveModel = found.into();
    active.deleted = Set(true);
    active.body = Set(String::new());
    active.body_html = Set(String::new());
    let updated = active.update(&txn).await?;
    super::search::comment(&txn, &updated).await?;
    comment_version::Entity::delete_many()
        .filter(comment_version::Column::CommentId.eq(updated.id))
        .exec(&txn)
        .await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::CommentDelete,
        &subject(&updated),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Votes up (1), down (-1) or withdraws the vote (0); one vote per person, changeable.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn vote(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: CommentId,
    value: i16,
) -> Result<(), AppError> {
    if !(-1..=1).contains(&value) {
        return Err(AppError::BadRequest);
    }
    let txn = db::write_txn(conn).await?;
    let (found, program) = load_locked(&txn, id, actor).await?;
    phases::require(&txn, &program, Activity::Comment).await?;
    if found.author_id == actor.id {
        return Err(AppError::Forbidden);
    }
    if found.deleted {
        return Err(AppError::WrongState);
    }
    comment_vote::Entity::delete_many()
        .filter(comment_vote::Column::CommentId.eq(id))
        .filter(comment_vote::Column::UserId.eq(actor.id))
        .exec(&txn)
        .await?;
    if value != 0 {
        comment_vote::ActiveModel {
            comment_id: Set(id),
            user_id: Set(actor.id),
            value: Set(value),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let count = |v: i16| {
        comment_vote::Entity::find()
            .filter(comment_vote::Column::CommentId.eq(id))
            .filter(comment_vote::Column::Value.eq(v))
            .count(&txn)
    };
    let (ups, downs) = (count(1).await?, count(-1).await?);
    comment::Entity::update_many()
        .col_expr(comment::Column::Ups, Expr::value(ups as i32))
        .col_expr(comment::Column::Downs, Expr::value(downs as i32))
        .filter(comment::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// A resident reports a comment (once); enough reports hide it pending review.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn report(
    conn: &DatabaseConnection,
    policy: &CommentPolicy,
    actor: &user::Model,
    id: CommentId,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > crate::domain::comment::REPORT_REASON_MAX {
        return Err(AppError::Comment(CommentError::BadReason));
    }
    let txn = db::write_txn(conn).await?;
    let (found, _) = load_locked(&txn, id, actor).await?;
    let already = comment_report::Entity::find()
        .filter(comment_report::Column::CommentId.eq(id))
        .filter(comment_report::Column::UserId.eq(actor.id))
        .one(&txn)
        .await?;
    if already.is_some() {
        return Err(AppError::WrongState);
    }
    comment_report::ActiveModel {
        comment_id: Set(id),
        user_id: Set(actor.id),
        reason: Set(reason.to_string()),
        dismissed: Set(false),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let reports = found.reports + 1;
    let hide = reports >= policy.report_threshold && !found.hidden;
    let mut active: comment::ActiveModel = found.into();
    active.reports = Set(reports);
    if hide {
        active.hidden = Set(true);
    }
    let updated = active.update(&txn).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::CommentReport,
        &subject(&updated),
        serde_json::json!({"reason": reason, "reports": reports, "hidden": hide}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderation {
    Hide,
    Unhide,
    /// Dismiss the open reports (the comment is shown again).
    Dismiss,
}

/// A facilitator or coordinator moderates a comment, saying why.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn moderate(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: CommentId,
    action: Moderation,
    why: &str,
) -> Result<(), AppError> {
    if !role_of(actor).can_decide_amendments() {
        return Err(AppError::Forbidden);
    }
    let why: String = why.trim().chars().take(1000).collect();
    let txn = db::write_txn(conn).await?;
    let (found, program) = load_locked(&txn, id, actor).await?;
    // Only the committee of its section (if it has one) and coordinators moderate it.
    let facts = crate::domain::policy::SectionFacts {
        published_program: program.published_at.is_some(),
        phase: super::phases::current(&txn, &program).await?,
        scope: super::committees::scope_of(&txn, found.section_id, Some(actor)).await?,
    };
    crate::domain::policy::section(
        Some(role_of(actor)),
        &facts,
        crate::domain::policy::SectionAction::Moderate,
    )?;
    let mut active: comment::ActiveModel = found.clone().into();
    match action {
        Moderation::Hide => active.hidden = Set(true),
        Moderation::Unhide => active.hidden = Set(false),
        Moderation::Dismiss => {
            comment_report::Entity::update_many()
                .col_expr(comment_report::Column::Dismissed, Expr::value(true))
                .filter(comment_report::Column::CommentId.eq(id))
                .exec(&txn)
                .await?;
            active.hidden = Set(false);
            active.reports = Set(0);
        }
    }
    let updated = active.update(&txn).await?;
    let kind = match action {
        Moderation::Hide => Event::CommentHide,
        Moderation::Unhide => Event::CommentUnhide,
        Moderation::Dismiss => Event::CommentDismiss,
    };
    events::record(
        &txn,
        Some(actor.id),
        kind,
        &subject(&updated),
        serde_json::json!({"why": why}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The target named by a form: `section` or `amendment` and an id.
pub fn target(kind: &str, id: i32) -> Result<Target, AppError> {
    match kind {
        "section" => Ok(Target::Section(crate::domain::ids::SectionId(id))),
        "amendment" => Ok(Target::Amendment(crate::domain::ids::AmendmentId(id))),
        _ => Err(AppError::BadRequest),
    }
}
