//! Merging amendments by consent (issue 17).
//!
//! 1. A facilitator of the section (its committee's, if it has one) picks two or more open
//!    amendments of one section and proposes a merged text ([`propose`]), drafted by
//!    `domain::text::combine` and edited by them. It is a new amendment, a draft everyone can
//!    read, whose sources are listed with the version each was drafted from; its text is
//!    frozen while the authors answer.
//! 2. Each source's author sees the word diff from their text to the merged one and
//!    consents or keeps theirs in the contest ([`answer`]).
//! 3. When every author has answered, or at the deadline the facilitator set ([`due`], run
//!    by the same worker as the timed notices), the merge is published ([`publish_in`]):
//!    each source whose author consented is closed as "merged into #N"; the others stay
//!    open. Supporters of the closed sources are told, and shown the diff from the version
//!    they supported; their support moves only when they give it again. Nothing moves a
//!    support silently.

use super::{decide, notice_of, record_version, section_locked, subject, Decision, DecisionKind};
use crate::domain::amendment::{
    AmendmentError, AmendmentStatus, AmendmentText, AmendmentTitle, Justification, VersionKind,
};
use crate::domain::event::Event;
use crate::domain::ids::{AmendmentId, SectionId, UserId};
use crate::domain::notice::{FollowKind, NoticeKind};
use crate::domain::policy::{self, SectionAction, SectionFacts};
use crate::domain::synthesis::{deadline_allowed, merge_due, MergeAnswer, MERGE_MAX, MERGE_MIN};
use crate::entities::{amendment, merge_source, user};
use crate::error::AppError;
use crate::services::accounts::role_of;
use crate::services::lookup::{program_of, program_visible, revision_text};
use crate::services::{clock::now, committees, db, events, notifications, phases};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// What a facilitator submits to propose a merge.
pub struct MergeProposal<'a> {
    pub title: &'a str,
    /// The merged full text of the section (written on its current revision).
    pub text: &'a str,
    pub justification: &'a str,
    /// Until when the sources' authors may answer (Unix seconds).
    pub deadline: i64,
}

/// The amendments `ids` of one section, ready to merge: `MergeTooFew`/`MergeTooMany` for a
/// wrong number, `MergeSourceNotOpen` unless each is a published amendment of the section on
/// its current text (not in a vote, not conflicted, not itself a pending merge).
pub fn check_sources(
    ids: &[AmendmentId],
    found: &[amendment::Model],
    section_id: SectionId,
    head: i32,
) -> Result<(), AppError> {
    let err = |e| Err(AppError::Amendment(e));
    if ids.len() < MERGE_MIN {
        return err(AmendmentError::MergeTooFew);
    }
    if ids.len() > MERGE_MAX {
        return err(AmendmentError::MergeTooMany);
    }
    let fits = found.len() == ids.len()
        && found.iter().all(|a| {
            a.section_id == section_id
                && a.status == AmendmentStatus::Published
                && a.base_number == head
        });
    if !fits {
        return err(AmendmentError::MergeSourceNotOpen);
    }
    Ok(())
}

/// The distinct ids of `ids`, in order.
pub fn distinct(ids: &[AmendmentId]) -> Vec<AmendmentId> {
    let mut out: Vec<AmendmentId> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(id) {
            out.push(*id);
        }
    }
    out
}

/// May `actor` propose merges of amendments of `section_id`? (The same rule as the page.)
pub async fn may_merge(
    db: &impl ConnectionTrait,
    program: &crate::entities::program::Model,
    section_id: SectionId,
    actor: Option<&user::Model>,
) -> Result<Result<(), policy::Denied>, AppError> {
    let facts = SectionFacts {
        published_program: program.published_at.is_some(),
        phase: phases::current(db, program).await?,
        scope: committees::scope_of(db, section_id, actor).await?,
    };
    Ok(policy::section(
        actor.map(role_of),
        &facts,
        SectionAction::Merge,
    ))
}

/// A facilitator proposes to merge `ids` (amendments of `section_id`) into one amendment
/// with `proposal`'s text. Their authors are asked to answer by the deadline.
#[tracing::instrument(skip_all, fields(actor = %actor.id, section_id = %section_id))]
pub async fn propose(
    conn: &DatabaseConnection,
    actor: &user::Model,
    section_id: SectionId,
    ids: &[AmendmentId],
    proposal: MergeProposal<'_>,
) -> Result<amendment::Model, AppError> {
    let ids = distinct(ids);
    if ids.len() > MERGE_MAX {
        return Err(AppError::Amendment(AmendmentError::MergeTooMany));
    }
    let title = AmendmentTitle::parse(proposal.title).map_err(AppError::Amendment)?;
    let justification =
        Justification::parse(proposal.justification).map_err(AppError::Amendment)?;
    let t = now();
    let txn = db::write_txn(conn).await?;
    let section = section_locked(&txn, section_id).await?;
    let program = program_of(&txn, section.program_id).await?;
    if !program_visible(&program, Some(actor)) {
        return Err(AppError::NotFound);
    }
    may_merge(&txn, &program, section.id, Some(actor)).await??;
    if !deadline_allowed(t, proposal.deadline) {
        return Err(AppError::Amendment(AmendmentError::MergeDeadline));
    }
    let sources = amendment::Entity::find()
        .filter(amendment::Column::Id.is_in(ids.clone()))
        .all(&txn)
        .await?;
    check_sources(&ids, &sources, section.id, section.head_number)?;
    let head = revision_text(&txn, section.id, section.head_number).await?;
    let text = AmendmentText::parse(&head, proposal.text).map_err(AppError::Amendment)?;
    let merged = amendment::ActiveModel {
        program_id: Set(program.id),
        section_id: Set(section.id),
        author_id: Set(actor.id),
        title: Set(title.into_inner()),
        text: Set(text.into_inner()),
        justification: Set(justification.into_inner()),
        status: Set(AmendmentStatus::Draft),
        base_number: Set(section.head_number),
        version: Set(0),
        created_at: Set(t),
        updated_at: Set(t),
        merge_deadline: Set(Some(proposal.deadline)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // In the order the facilitator chose them.
    for id in &ids {
        let Some(s) = sources.iter().find(|s| s.id == *id) else {
            continue;
        };
        merge_source::ActiveModel {
            merged_id: Set(merged.id),
            source_id: Set(s.id),
            source_version: Set(s.version),
            author_id: Set(s.author_id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    notifications::follow(&txn, actor.id, FollowKind::Amendment, merged.id.get()).await?;
    let link = format!("/amendments/{}#merge-heading", merged.id);
    let authors: Vec<UserId> = sources.iter().map(|s| s.author_id).collect();
    notifications::notify(
        &txn,
        authors,
        Some(actor.id),
        &notice_of(&merged, NoticeKind::MergeProposed, &link),
    )
    .await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::AmendmentMergePropose,
        &subject(&merged),
        serde_json::json!({
            "section": section.id,
            "sources": ids.iter().map(|i| i.get()).collect::<Vec<_>>(),
            "deadline": proposal.deadline,
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(merged)
}

/// The author of source `source_id` of the proposed merge `merged_id` answers: consent
/// (their amendment will be closed as merged) or keep it. They may change their answer
/// until the merge is published; the last answer publishes it.
#[tracing::instrument(skip_all, fields(actor = %actor.id, merged = %merged_id, source = %source_id))]
pub async fn answer(
    conn: &DatabaseConnection,
    actor: &user::Model,
    merged_id: AmendmentId,
    source_id: AmendmentId,
    answer: MergeAnswer,
) -> Result<amendment::Model, AppError> {
    let txn = db::write_txn(conn).await?;
    let found = amendment::Entity::find_by_id(merged_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    section_locked(&txn, found.section_id).await?;
    let found = amendment::Entity::find_by_id(merged_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = merge_source::Entity::find()
        .filter(merge_source::Column::MergedId.eq(merged_id))
        .filter(merge_source::Column::SourceId.eq(source_id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.author_id != actor.id {
        return Err(AppError::Forbidden);
    }
    if !super::merge_pending(&found) {
        return Err(AppError::WrongState);
    }
    let mut active: merge_source::ActiveModel = row.into();
    active.answer = Set(Some(answer));
    active.answered_at = Set(Some(now()));
    active.update(&txn).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::AmendmentMergeAnswer,
        &subject(&found),
        serde_json::json!({"source": source_id, "answer": answer.as_str()}),
    )
    .await?;
    let answers = answers_of(&txn, merged_id).await?;
    let published = if merge_due(&answers, now(), found.merge_deadline.unwrap_or(i64::MAX)) {
        publish_in(&txn, found).await?
    } else {
        found
    };
    txn.commit().await?;
    Ok(published)
}

async fn answers_of(
    db: &impl ConnectionTrait,
    merged_id: AmendmentId,
) -> Result<Vec<Option<MergeAnswer>>, AppError> {
    Ok(merge_source::Entity::find()
        .select_only()
        .column(merge_source::Column::Answer)
        .filter(merge_source::Column::MergedId.eq(merged_id))
        .into_tuple()
        .all(db)
        .await?)
}

/// Publishes the proposed merge `merged` (its section locked by the caller), once: closes
/// each source whose author consented as merged into it, and tells their supporters.
pub(crate) async fn publish_in(
    txn: &impl ConnectionTrait,
    merged: amendment::Model,
) -> Result<amendment::Model, AppError> {
    let t = now();
    // Claimed once, whatever the number of servers and workers.
    let claimed = amendment::Entity::update_many()
        .col_expr(amendment::Column::MergeClosedAt, Expr::value(t))
        .filter(amendment::Column::Id.eq(merged.id))
        .filter(amendment::Column::MergeClosedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected
        == 1;
    let merged = amendment::Entity::find_by_id(merged.id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !claimed || !merged.status.is_open() {
        return Ok(merged);
    }
    // A draft goes public as version 1. (If the section's text moved meanwhile and the
    // merge now conflicts with it, it is public and waits for its facilitator to resolve.)
    let mut active: amendment::ActiveModel = merged.clone().into();
    if merged.status == AmendmentStatus::Draft {
        active.status = Set(AmendmentStatus::Published);
    }
    active.version = Set(1);
    active.changed_version = Set(1);
    active.published_at = Set(Some(t));
    active.updated_at = Set(t);
    let merged = active.update(txn).await?;
    record_version(txn, &merged, 1, VersionKind::Publish, None).await?;
    crate::services::search::amendment(txn, &merged).await?;
    let rows = merge_source::Entity::find()
        .filter(merge_source::Column::MergedId.eq(merged.id))
        .order_by_asc(merge_source::Column::Id)
        .all(txn)
        .await?;
    let (mut closed, mut kept) = (Vec::new(), Vec::new());
    for row in rows {
        let source = amendment::Entity::find_by_id(row.source_id)
            .one(txn)
            .await?;
        let Some(source) = source else { continue };
        let open = matches!(
            source.status,
            AmendmentStatus::Published | AmendmentStatus::Conflicted
        );
        if row.answer != Some(MergeAnswer::Consent) || !open {
            kept.push(source.id.get());
            continue;
        }
        let author = user::Entity::find_by_id(row.author_id)
            .one(txn)
            .await?
            .ok_or(AppError::NotFound)?;
        let decision = Decision {
            covered_by: Some(merged.id),
            ..Decision::plain(DecisionKind::Merged)
        };
        let source = decide(txn, source, &author, AmendmentStatus::Withdrawn, decision).await?;
        let supporters = notifications::supporters(txn, source.id).await?;
        let link = format!("/amendments/{}#sources-heading", merged.id);
        notifications::notify(
            txn,
            supporters,
            None,
            &notice_of(&merged, NoticeKind::Merged, &link),
        )
        .await?;
        closed.push(source.id.get());
    }
    // Those who follow the section or program hear of a new amendment.
    let mut followers =
        notifications::followers(txn, FollowKind::Section, merged.section_id.get()).await?;
    followers
        .extend(notifications::followers(txn, FollowKind::Program, merged.program_id.get()).await?);
    let link = format!("/amendments/{}", merged.id);
    notifications::notify(
        txn,
        followers,
        Some(merged.author_id),
        &notice_of(&merged, NoticeKind::NewAmendment, &link),
    )
    .await?;
    events::record(
        txn,
        None,
        Event::AmendmentMergePublish,
        &subject(&merged),
        serde_json::json!({"merged": closed, "kept": kept}),
    )
    .await?;
    Ok(merged)
}

/// Publishes every proposed merge whose deadline has passed (the minute worker); returns
/// how many. Each in its own transaction, claimed once.
pub async fn due(conn: &DatabaseConnection) -> Result<usize, AppError> {
    let t = now();
    let ids: Vec<(AmendmentId, SectionId)> = amendment::Entity::find()
        .select_only()
        .column(amendment::Column::Id)
        .column(amendment::Column::SectionId)
        .filter(amendment::Column::MergeClosedAt.is_null())
        .filter(amendment::Column::MergeDeadline.lte(t))
        .order_by_asc(amendment::Column::Id)
        .limit(100)
        .into_tuple()
        .all(conn)
        .await?;
    let mut published = 0;
    for (id, section_id) in ids {
        let txn = db::write_txn(conn).await?;
        section_locked(&txn, section_id).await?;
        let Some(found) = amendment::Entity::find_by_id(id).one(&txn).await? else {
            continue;
        };
        if found.merge_closed_at.is_none() {
            publish_in(&txn, found).await?;
            published += 1;
        }
        txn.commit().await?;
    }
    Ok(published)
}
