//! The life of an amendment: write, edit, publish, withdraw, support, accept, reject, and
//! the rebase of every open amendment when its section gets a new revision.
//!
//! Policy, decided here once:
//! - residents write amendments while the program is published and open; only the author
//!   edits, publishes, withdraws or resolves their amendment;
//! - facilitators and coordinators accept and reject (also after the program closes: the
//!   switch stops new proposals, not the decisions on them);
//! - accepting makes the section's next revision in one transaction: the section row is
//!   locked (SQLite: the write lock is taken at BEGIN) and its head number is moved with a
//!   compare-and-set, so two accepts on one section run one after the other; the second
//!   finds its amendment already rebased onto the first (or conflicted), never lost.

use super::{accounts::role_of, clock::now, db, events, notifications, phases};
use crate::domain::amendment::{
    decision_reason, Action, AmendmentError, AmendmentStatus, AmendmentText, AmendmentTitle,
    DecisionKind, Justification, VersionKind,
};
use crate::domain::event::Event;
use crate::domain::ids::{AmendmentId, AssemblyId, SectionId, UserId};
use crate::domain::notice::{FollowKind, NoticeKind};
use crate::domain::phase::Activity;
use crate::domain::policy::{self, Actor, AmendmentFacts};
use crate::domain::policy::{SectionAction, SectionFacts};
use crate::domain::text::{merge3, MergeChunk, MergeOutcome};
use crate::entities::{amendment, amendment_version, program, revision, section, support, user};
use crate::error::AppError;
use crate::services::lookup::amendment_visible;
use crate::services::lookup::program_of;
use crate::services::lookup::program_visible;
use crate::services::lookup::revision_text;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

mod accept;
mod merge;
pub use accept::{
    accept, accept_in, accept_with_changes, plan_accept, AcceptOutcome, RebasePlan, PLAN_ATTEMPTS,
};
pub use merge::{
    answer as answer_merge, check_sources, distinct, due as publish_due_merges, may_merge,
    propose as propose_merge, MergeProposal,
};

/// What a resident submits when writing or editing an amendment.
pub struct Proposal<'a> {
    pub title: &'a str,
    /// The full proposed text of the section.
    pub text: &'a str,
    pub justification: &'a str,
    /// The revision the text was written on (the one the editor showed).
    pub base_number: i32,
    /// A passage edit: byte offsets of the passage of the base revision that `text`
    /// replaces (the full text is made from them); `None` when `text` is the full text.
    pub passage: Option<(usize, usize)>,
}

/// A resident's choice for one conflicting passage when resolving a conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Keep the section's current wording.
    Current,
    /// Keep the amendment's wording.
    Mine,
    /// Write the passage anew.
    Custom(String),
}

async fn section_locked(
    txn: &impl ConnectionTrait,
    section_id: SectionId,
) -> Result<section::Model, AppError> {
    let mut select = section::Entity::find_by_id(section_id);
    if db::supports_row_locks(txn) {
        select = select.lock_exclusive();
    }
    select.one(txn).await?.ok_or(AppError::NotFound)
}

/// An amendment, locked for the rest of the transaction, with its program; `NotFound` when
/// the caller may not see it.
async fn load_for_change(
    txn: &impl ConnectionTrait,
    id: AmendmentId,
    actor: &user::Model,
) -> Result<(amendment::Model, program::Model, section::Model), AppError> {
    let found = amendment::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    // Lock the section first, always: every change to a section's amendments goes
    // through its row, so concurrent changes queue in one order.
    let section = section_locked(txn, found.section_id).await?;
    let found = amendment::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let program = program_of(txn, found.program_id).await?;
    if !program_visible(&program, Some(actor)) || !amendment_visible(&found, Some(actor)) {
        return Err(AppError::NotFound);
    }
    Ok((found, program, section))
}

/// The facts the permission policy needs about an amendment in its program and section.
pub fn facts(
    found: &amendment::Model,
    program: &program::Model,
    section: &section::Model,
    phase: crate::domain::phase::Phase,
    by_vote: bool,
    scope: crate::domain::policy::Scope,
) -> AmendmentFacts {
    AmendmentFacts {
        status: found.status,
        published_program: program.published_at.is_some(),
        phase,
        base_current: found.base_number == section.head_number,
        by_vote,
        merge_pending: merge_pending(found),
        scope,
    }
}

/// A proposed merge still waiting for its sources' authors.
pub fn merge_pending(a: &amendment::Model) -> bool {
    a.merge_deadline.is_some() && a.merge_closed_at.is_none()
}

/// The person as the permission policy sees them, for `found`.
pub fn actor_of(found: &amendment::Model, who: &user::Model) -> Actor {
    Actor {
        role: role_of(who),
        is_author: found.author_id == who.id,
    }
}

/// [`load_for_change`], then [`allowed`]: the amendment, its program and section, once the
/// policy lets `actor` do `action`.
async fn load_allowed(
    txn: &impl ConnectionTrait,
    id: AmendmentId,
    actor: &user::Model,
    action: Action,
    by_vote: bool,
) -> Result<(amendment::Model, program::Model, section::Model), AppError> {
    let (found, program, section) = load_for_change(txn, id, actor).await?;
    allowed(txn, &found, &program, &section, actor, action, by_vote).await?;
    Ok((found, program, section))
}

/// Asks the one permission policy (`domain::policy`) whether `actor` may do `action` to
/// `found` now; the pages ask the same function which buttons to show.
async fn allowed(
    txn: &impl ConnectionTrait,
    found: &amendment::Model,
    program: &program::Model,
    section: &section::Model,
    actor: &user::Model,
    action: Action,
    by_vote: bool,
) -> Result<(), AppError> {
    let phase = phases::current(txn, program).await?;
    let scope = super::committees::scope_of(txn, section.id, Some(actor)).await?;
    let f = facts(found, program, section, phase, by_vote, scope);
    Ok(policy::amendment(Some(actor_of(found, actor)), &f, action)?)
}

fn subject(a: &amendment::Model) -> String {
    format!("amendment:{}", a.id)
}

async fn record_version(
    txn: &impl ConnectionTrait,
    a: &amendment::Model,
    version: i32,
    kind: VersionKind,
    previous_base: Option<i32>,
) -> Result<(), AppError> {
    amendment_version::ActiveModel {
        amendment_id: Set(a.id),
        version: Set(version),
        kind: Set(kind),
        base_number: Set(a.base_number),
        previous_base: Set(previous_base),
        title: Set(a.title.clone()),
        text: Set(a.text.clone()),
        justification: Set(a.justification.clone()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Moves an open amendment onto revision `head` with `text` (a clean rebase, or its
/// author's resolution): published ones get a new version of `kind` recording the base
/// they came from; drafts stay drafts. Returns the amendment and the previous base.
async fn move_onto(
    txn: &impl ConnectionTrait,
    a: amendment::Model,
    head: i32,
    text: String,
    kind: VersionKind,
) -> Result<(amendment::Model, i32), AppError> {
    let was_published = a.published_at.is_some();
    let previous_base = a.base_number;
    let (version, status) = if a.status == AmendmentStatus::InVote {
        // In a vote: the text follows the section, the amendment stays in the vote.
        (a.version + 1, AmendmentStatus::InVote)
    } else if was_published {
        (a.version + 1, AmendmentStatus::Published)
    } else {
        (a.version, AmendmentStatus::Draft)
    };
    let mut active: amendment::ActiveModel = a.into();
    active.text = Set(text);
    active.base_number = Set(head);
    active.version = Set(version);
    active.status = Set(status);
    active.conflict_head = Set(None);
    active.updated_at = Set(now());
    if was_published && kind.by_author() {
        active.changed_version = Set(version);
    }
    let updated = active.update(txn).await?;
    crate::services::search::amendment(txn, &updated).await?;
    if was_published {
        record_version(txn, &updated, version, kind, Some(previous_base)).await?;
        if kind.by_author() {
            tell_edited(txn, &updated).await?;
        }
    }
    Ok((updated, previous_base))
}

/// The proposal's text moved onto the section's head: as written when it was written on
/// the head; merged when the head moved on meanwhile. `Err` carries the conflict.
async fn onto_head(
    txn: &impl ConnectionTrait,
    section: &section::Model,
    base_number: i32,
    text: &str,
) -> Result<Result<String, ()>, AppError> {
    if base_number == section.head_number {
        return Ok(Ok(text.to_string()));
    }
    if base_number < 1 || base_number > section.head_number {
        return Err(AppError::Stale);
    }
    let base = revision_text(txn, section.id, base_number).await?;
    let head = revision_text(txn, section.id, section.head_number).await?;
    Ok(match merge3(&base, &head, text) {
        MergeOutcome::Clean(merged) => Ok(merged),
        MergeOutcome::Conflicted(_) => Err(()),
    })
}

/// The notice of `kind` about amendment `a`, linking to it (`anchor`: a part of its page).
pub(crate) fn notice_of<'a>(
    a: &'a amendment::Model,
    kind: NoticeKind,
    link: &'a str,
) -> notifications::Notice<'a> {
    notifications::Notice {
        kind,
        link,
        detail: &a.title,
        program: Some(a.program_id),
        section: Some(a.section_id),
    }
}

/// Tells an amendment's author and supporters what happened to it; a decision reaches those
/// who commented on it too.
pub(crate) async fn tell(
    txn: &impl ConnectionTrait,
    a: &amendment::Model,
    actor_id: Option<UserId>,
    kind: NoticeKind,
) -> Result<(), AppError> {
    let mut people = notifications::author_and_supporters(txn, a.author_id, a.id).await?;
    if matches!(
        kind,
        NoticeKind::Accepted | NoticeKind::Rejected | NoticeKind::Decided
    ) {
        people.extend(notifications::commenters(txn, a.id).await?);
    }
    let link = format!("/amendments/{}", a.id);
    notifications::notify(txn, people, actor_id, &notice_of(a, kind, &link)).await
}

/// Its author changed the wording: every supporter backs an older version now, and is shown
/// what changed and asked to support it again.
async fn tell_edited(txn: &impl ConnectionTrait, a: &amendment::Model) -> Result<(), AppError> {
    let supporters = notifications::supporters(txn, a.id).await?;
    let link = format!("/amendments/{}#changed-heading", a.id);
    notifications::notify(
        txn,
        supporters,
        Some(a.author_id),
        &notice_of(a, NoticeKind::Edited, &link),
    )
    .await
}

/// A conflict with the new text: its author must act (resolve it), its supporters hear that
/// it waits for the author.
pub(super) async fn tell_conflict(
    txn: &impl ConnectionTrait,
    a: &amendment::Model,
    actor_id: Option<UserId>,
) -> Result<(), AppError> {
    let link = format!("/amendments/{}", a.id);
    let supporters = notifications::supporters(txn, a.id).await?;
    notifications::notify(
        txn,
        [a.author_id],
        actor_id,
        &notice_of(a, NoticeKind::Resolve, &link),
    )
    .await?;
    notifications::notify(
        txn,
        supporters.into_iter().filter(|p| *p != a.author_id),
        actor_id,
        &notice_of(a, NoticeKind::Conflicted, &link),
    )
    .await
}

/// Writes a new draft amendment to a section.
#[tracing::instrument(skip_all, fields(actor = %actor.id, section_id = %section_id))]
pub async fn create(
    conn: &DatabaseConnection,
    actor: &user::Model,
    section_id: SectionId,
    proposal: Proposal<'_>,
) -> Result<amendment::Model, AppError> {
    let txn = db::write_txn(conn).await?;
    // The same form sent twice: the draft its first submit wrote.
    if let super::forms::Claim::Done(id) =
        super::forms::claim(&txn, actor.id.get(), "amendment").await?
    {
        let first = amendment::Entity::find_by_id(AmendmentId(id))
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?;
        txn.commit().await?;
        return Ok(first);
    }
    let created = create_in(&txn, actor, section_id, proposal, None).await?;
    super::forms::record(&txn, actor.id.get(), created.id.get()).await?;
    txn.commit().await?;
    Ok(created)
}

/// An amendment an assembly adopted in a meeting, entered by `actor` (its facilitator):
/// authored by the assembly and published at once (unless it conflicts with the section's
/// newer text; then it waits, conflicted, for the facilitator to resolve it). Inside the
/// caller's transaction.
#[tracing::instrument(skip_all, fields(actor = %actor.id, section_id = %section_id, assembly_id = %assembly_id))]
pub async fn create_for_assembly(
    txn: &DatabaseTransaction,
    actor: &user::Model,
    section_id: SectionId,
    proposal: Proposal<'_>,
    assembly_id: AssemblyId,
) -> Result<amendment::Model, AppError> {
    let created = create_in(txn, actor, section_id, proposal, Some(assembly_id)).await?;
    if created.status != AmendmentStatus::Draft {
        return Ok(created);
    }
    let t = now();
    let mut active: amendment::ActiveModel = created.into();
    active.status = Set(AmendmentStatus::Published);
    active.version = Set(1);
    active.published_at = Set(Some(t));
    active.updated_at = Set(t);
    let updated = active.update(txn).await?;
    record_version(txn, &updated, 1, VersionKind::Publish, None).await?;
    events::record(
        txn,
        Some(actor.id),
        Event::AmendmentPublish,
        &subject(&updated),
        serde_json::json!({"assembly": assembly_id}),
    )
    .await?;
    Ok(updated)
}

async fn create_in(
    txn: &DatabaseTransaction,
    actor: &user::Model,
    section_id: SectionId,
    proposal: Proposal<'_>,
    assembly_id: Option<AssemblyId>,
) -> Result<amendment::Model, AppError> {
    let title = AmendmentTitle::parse(proposal.title).map_err(AppError::Amendment)?;
    let justification =
        Justification::parse(proposal.justification).map_err(AppError::Amendment)?;
    let section = section_locked(txn, section_id).await?;
    let program = program_of(txn, section.program_id).await?;
    if !program_visible(&program, Some(actor)) {
        return Err(AppError::NotFound);
    }
    let facts = SectionFacts {
        published_program: program.published_at.is_some(),
        phase: phases::current(txn, &program).await?,
        // Anyone may amend any section: committees decide, they do not gate proposals.
        scope: policy::Scope::Open,
    };
    policy::section(Some(role_of(actor)), &facts, SectionAction::Amend)?;
    let base = revision_text(txn, section.id, proposal.base_number)
        .await
        .map_err(|_| AppError::Stale)?;
    let full = match proposal.passage {
        Some((start, end)) => {
            crate::domain::amendment::replace_passage(&base, start, end, proposal.text)
                .ok_or(AppError::BadRequest)?
        }
        None => proposal.text.to_string(),
    };
    let text = AmendmentText::parse(&base, &full).map_err(AppError::Amendment)?;
    let t = now();
    // Written on an older revision: merged onto the head, or kept on its base as a
    // conflicted draft for its author to resolve. Nothing typed is lost.
    let (status, base_number, text, conflict_head) =
        match onto_head(txn, &section, proposal.base_number, text.as_str()).await? {
            Ok(merged) => {
                let head = revision_text(txn, section.id, section.head_number).await?;
                let merged = AmendmentText::parse(&head, &merged).map_err(AppError::Amendment)?;
                (
                    AmendmentStatus::Draft,
                    section.head_number,
                    merged.into_inner(),
                    None,
                )
            }
            Err(()) => (
                AmendmentStatus::Conflicted,
                proposal.base_number,
                text.into_inner(),
                Some(section.head_number),
            ),
        };
    let created = amendment::ActiveModel {
        program_id: Set(program.id),
        section_id: Set(section.id),
        author_id: Set(actor.id),
        title: Set(title.into_inner()),
        text: Set(text),
        justification: Set(justification.into_inner()),
        status: Set(status),
        base_number: Set(base_number),
        version: Set(0),
        conflict_head: Set(conflict_head),
        created_at: Set(t),
        updated_at: Set(t),
        published_at: Set(None),
        decided_at: Set(None),
        decided_by: Set(None),
        assembly_id: Set(assembly_id),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    crate::services::search::amendment(txn, &created).await?;
    // Authors follow their own amendment.
    super::notifications::follow(
        txn,
        actor.id,
        crate::domain::notice::FollowKind::Amendment,
        created.id.get(),
    )
    .await?;
    events::record(
        txn,
        Some(actor.id),
        Event::AmendmentCreate,
        &subject(&created),
        serde_json::json!({"section": section.id, "base": base_number}),
    )
    .await?;
    Ok(created)
}

/// The author changes their draft or published amendment. Drafts are overwritten; a
/// published amendment gets a new version (its supporters are shown what changed).
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn edit(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: AmendmentId,
    proposal: Proposal<'_>,
) -> Result<amendment::Model, AppError> {
    let title = AmendmentTitle::parse(proposal.title).map_err(AppError::Amendment)?;
    let justification =
        Justification::parse(proposal.justification).map_err(AppError::Amendment)?;
    let txn = db::write_txn(conn).await?;
    let (found, _, section) = load_allowed(&txn, id, actor, Action::Edit, false).await?;
    let base = revision_text(&txn, section.id, proposal.base_number)
        .await
        .map_err(|_| AppError::Stale)?;
    let text = AmendmentText::parse(&base, proposal.text).map_err(AppError::Amendment)?;
    let merged = match onto_head(&txn, &section, proposal.base_number, text.as_str()).await? {
        Ok(merged) => merged,
        // The edit was made on a revision the head has since changed in the same passage:
        // the author reloads and edits the rebased text.
        Err(()) => return Err(AppError::Stale),
    };
    let head = revision_text(&txn, section.id, section.head_number).await?;
    let text = AmendmentText::parse(&head, &merged).map_err(AppError::Amendment)?;
    let title = title.into_inner();
    let justification = justification.into_inner();
    if found.text == text.as_str() && found.title == title && found.justification == justification {
        txn.commit().await?;
        return Ok(found);
    }
    let published = found.status == AmendmentStatus::Published;
    let version = if published {
        found.version + 1
    } else {
        found.version
    };
    let mut active: amendment::ActiveModel = found.into();
    active.title = Set(title);
    active.text = Set(text.into_inner());
    active.justification = Set(justification);
    active.base_number = Set(section.head_number);
    active.version = Set(version);
    active.updated_at = Set(now());
    if published {
        active.changed_version = Set(version);
    }
    let updated = active.update(&txn).await?;
    crate::services::search::amendment(&txn, &updated).await?;
    if published {
        record_version(&txn, &updated, version, VersionKind::Edit, None).await?;
        tell_edited(&txn, &updated).await?;
    }
    events::record(
        &txn,
        Some(actor.id),
        Event::AmendmentEdit,
        &subject(&updated),
        serde_json::json!({"version": version}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// The author publishes their draft: it becomes public, version 1.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn publish(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: AmendmentId,
) -> Result<amendment::Model, AppError> {
    let txn = db::write_txn(conn).await?;
    let (found, _, _) = load_allowed(&txn, id, actor, Action::Publish, false).await?;
    let t = now();
    let mut active: amendment::ActiveModel = found.into();
    active.status = Set(AmendmentStatus::Published);
    active.version = Set(1);
    active.changed_version = Set(1);
    active.published_at = Set(Some(t));
    active.updated_at = Set(t);
    let updated = active.update(&txn).await?;
    record_version(&txn, &updated, 1, VersionKind::Publish, None).await?;
    // Those who follow its section or program hear of it.
    let mut followers =
        notifications::followers(&txn, FollowKind::Section, updated.section_id.get()).await?;
    followers.extend(
        notifications::followers(&txn, FollowKind::Program, updated.program_id.get()).await?,
    );
    let link = format!("/amendments/{}", updated.id);
    notifications::notify(
        &txn,
        followers,
        Some(actor.id),
        &notice_of(&updated, NoticeKind::NewAmendment, &link),
    )
    .await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::AmendmentPublish,
        &subject(&updated),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// The author withdraws their amendment (at any time while it is open).
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn withdraw(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: AmendmentId,
    reason: &str,
) -> Result<amendment::Model, AppError> {
    let txn = db::write_txn(conn).await?;
    // Who may withdraw is answered first; then whether they said why.
    let (found, _, _) = load_allowed(&txn, id, actor, Action::Withdraw, false).await?;
    let reason =
        decision_reason(DecisionKind::Withdrawn, false, reason).map_err(AppError::Amendment)?;
    let decision = Decision {
        reason: reason.clone(),
        ..Decision::plain(DecisionKind::Withdrawn)
    };
    let updated = decide(&txn, found, actor, AmendmentStatus::Withdrawn, decision).await?;
    tell(&txn, &updated, Some(actor.id), NoticeKind::Decided).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::AmendmentWithdraw,
        &subject(&updated),
        serde_json::json!({"reason": reason}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// What is decided about an amendment, in public.
pub struct Decision {
    pub kind: DecisionKind,
    pub reason: String,
    pub poll: Option<crate::domain::ids::PollId>,
    pub covered_by: Option<AmendmentId>,
}

impl Decision {
    pub fn plain(kind: DecisionKind) -> Self {
        Decision {
            kind,
            reason: String::new(),
            poll: None,
            covered_by: None,
        }
    }
}

pub(crate) async fn decide(
    txn: &impl ConnectionTrait,
    found: amendment::Model,
    actor: &user::Model,
    status: AmendmentStatus,
    decision: Decision,
) -> Result<amendment::Model, AppError> {
    let t = now();
    let mut active: amendment::ActiveModel = found.into();
    active.status = Set(status);
    active.decided_at = Set(Some(t));
    active.decided_by = Set(Some(actor.id));
    active.decision_kind = Set(Some(decision.kind));
    active.decision_reason = Set((!decision.reason.is_empty()).then_some(decision.reason));
    active.decision_poll = Set(decision.poll);
    active.covered_by = Set(decision.covered_by);
    active.conflict_head = Set(None);
    active.updated_at = Set(t);
    Ok(active.update(txn).await?)
}

/// A facilitator or coordinator rejects a published or conflicted amendment. One that is an
/// option of a running vote is decided by that vote only (its result rejects the losers).
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn reject(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: AmendmentId,
    reason: &str,
    covered: Option<Cover>,
) -> Result<amendment::Model, AppError> {
    let txn = db::write_txn(conn).await?;
    let updated = reject_in(&txn, actor, id, reason, covered, None).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Why an amendment is not taken although nobody disagrees: what it asks is already in
/// the current text, or in another amendment of the same section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cover {
    CurrentText,
    Amendment(AmendmentId),
}

/// [`reject`] inside the caller's write transaction (a vote's result applies several
/// decisions at once).
pub async fn reject_in(
    txn: &impl ConnectionTrait,
    actor: &user::Model,
    id: AmendmentId,
    reason: &str,
    covered: Option<Cover>,
    by_vote: Option<crate::domain::ids::PollId>,
) -> Result<amendment::Model, AppError> {
    let kind = if covered.is_some() {
        DecisionKind::Covered
    } else {
        DecisionKind::Rejected
    };
    let reason = decision_reason(kind, by_vote.is_some(), reason).map_err(AppError::Amendment)?;
    let (found, _, _) = load_allowed(txn, id, actor, Action::Reject, by_vote.is_some()).await?;
    let covered_by = match covered {
        Some(Cover::Amendment(other)) => {
            let cover = amendment::Entity::find_by_id(other)
                .one(txn)
                .await?
                .filter(|c| {
                    c.section_id == found.section_id && c.id != found.id && c.published_at.is_some()
                })
                .ok_or(AppError::Amendment(AmendmentError::CoverElsewhere))?;
            Some(cover.id)
        }
        _ => None,
    };
    let decision = Decision {
        kind,
        reason: reason.clone(),
        poll: by_vote,
        covered_by,
    };
    let updated = decide(txn, found, actor, AmendmentStatus::Rejected, decision).await?;
    tell(txn, &updated, Some(actor.id), NoticeKind::Rejected).await?;
    events::record(
        txn,
        Some(actor.id),
        Event::AmendmentReject,
        &subject(&updated),
        serde_json::json!({"kind": kind.as_str(), "reason": reason, "covered_by": covered_by.map(|c| c.0), "vote": by_vote.map(|p| p.0)}),
    )
    .await?;
    Ok(updated)
}

/// A facilitator or coordinator recommends a decision on an open amendment (accept, reject
/// or covered), with its reason, before making it: its author and supporters are told and
/// can comment; the decision itself is made later, as usual. A new recommendation replaces
/// the previous one.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn recommend(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: AmendmentId,
    kind: DecisionKind,
    reason: &str,
) -> Result<amendment::Model, AppError> {
    if !matches!(
        kind,
        DecisionKind::Accepted | DecisionKind::Rejected | DecisionKind::Covered
    ) {
        return Err(AppError::BadRequest);
    }
    let txn = db::write_txn(conn).await?;
    // Who may decide may recommend.
    let (found, _, _) = load_allowed(&txn, id, actor, Action::Reject, false).await?;
    let reason =
        decision_reason(DecisionKind::Rejected, false, reason).map_err(AppError::Amendment)?;
    let mut active: amendment::ActiveModel = found.into();
    active.recommended_kind = Set(Some(kind));
    active.recommended_reason = Set(Some(reason.clone()));
    active.recommended_by = Set(Some(actor.id));
    active.recommended_at = Set(Some(now()));
    let updated = active.update(&txn).await?;
    let people = notifications::author_and_supporters(&txn, updated.author_id, updated.id).await?;
    let link = format!("/amendments/{}#recommendation", updated.id);
    notifications::notify(
        &txn,
        people,
        Some(actor.id),
        &notice_of(&updated, NoticeKind::Recommended, &link),
    )
    .await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::AmendmentRecommend,
        &subject(&updated),
        serde_json::json!({"kind": kind.as_str(), "reason": reason}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// The answer when the section changed between planning and locking (another accept, an
/// edit or a new amendment): the caller plans again, or finally says "try again".
const PLAN_MOVED: AppError = AppError::Busy {
    retry_after_secs: 1,
};

/// The conflict of a conflicted amendment, recomputed from its base, the section's head
/// and its text: `(head number, chunks)`.
pub async fn conflict_of(
    db: &impl ConnectionTrait,
    a: &amendment::Model,
) -> Result<Option<(i32, Vec<MergeChunk>)>, AppError> {
    if a.status != AmendmentStatus::Conflicted {
        return Ok(None);
    }
    let section = section::Entity::find_by_id(a.section_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = revision_text(db, a.section_id, a.base_number).await?;
    let head = revision_text(db, a.section_id, section.head_number).await?;
    Ok(Some(
        match super::derived::merge3(&base, &head, &a.text)
            .await?
            .as_ref()
            .clone()
        {
            MergeOutcome::Conflicted(chunks) => (section.head_number, chunks),
            MergeOutcome::Clean(text) => (section.head_number, vec![MergeChunk::Clean(text)]),
        },
    ))
}

/// The author resolves a conflict: one choice per conflicting passage (in order), against
/// head revision `head` (the one the resolution page showed).
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id, head = %head))]
pub async fn resolve(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: AmendmentId,
    head: i32,
    choices: &[Resolution],
) -> Result<amendment::Model, AppError> {
    let txn = db::write_txn(conn).await?;
    let (found, _, section) = load_allowed(&txn, id, actor, Action::Resolve, false).await?;
    if head != section.head_number {
        return Err(AppError::Stale);
    }
    let Some((_, chunks)) = conflict_of(&txn, &found).await? else {
        return Err(AppError::WrongState);
    };
    let conflicts = chunks
        .iter()
        .filter(|c| matches!(c, MergeChunk::Conflict { .. }))
        .count();
    if choices.len() != conflicts {
        return Err(AppError::BadRequest);
    }
    let mut resolved = String::new();
    let mut choice = choices.iter();
    for chunk in &chunks {
        match chunk {
            MergeChunk::Clean(text) => resolved.push_str(text),
            MergeChunk::Conflict { ours, theirs, .. } => match choice.next() {
                Some(Resolution::Current) => resolved.push_str(ours),
                Some(Resolution::Mine) => resolved.push_str(theirs),
                Some(Resolution::Custom(text)) => {
                    resolved.push_str(&crate::domain::amendment::normalize_newlines(text))
                }
                None => return Err(AppError::BadRequest),
            },
        }
    }
    let head_text = revision_text(&txn, section.id, section.head_number).await?;
    let text = AmendmentText::parse(&head_text, &resolved).map_err(AppError::Amendment)?;
    let (updated, previous_base) = move_onto(
        &txn,
        found,
        section.head_number,
        text.into_inner(),
        VersionKind::Resolve,
    )
    .await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::AmendmentResolve,
        &subject(&updated),
        serde_json::json!({"from": previous_base, "to": section.head_number}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// A resident supports a published amendment (once; supporting again changes nothing but
/// moves their support to the current version).
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn support(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: AmendmentId,
) -> Result<(), AppError> {
    let txn = db::write_txn(conn).await?;
    let (found, _, _) = load_allowed(&txn, id, actor, Action::Support, false).await?;
    let existing = support::Entity::find()
        .filter(support::Column::AmendmentId.eq(id))
        .filter(support::Column::UserId.eq(actor.id))
        .one(&txn)
        .await?;
    match existing {
        Some(s) if s.version == found.version => {}
        Some(s) => {
            let mut active: support::ActiveModel = s.into();
            active.version = Set(found.version);
            active.created_at = Set(now());
            active.update(&txn).await?;
        }
        None => {
            support::ActiveModel {
                amendment_id: Set(id),
                user_id: Set(actor.id),
                version: Set(found.version),
                created_at: Set(now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            events::record(
                &txn,
                Some(actor.id),
                Event::AmendmentSupport,
                &subject(&found),
                serde_json::json!({"version": found.version}),
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// A resident withdraws their support.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn unsupport(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: AmendmentId,
) -> Result<(), AppError> {
    let txn = db::write_txn(conn).await?;
    let (found, program, _) = load_for_change(&txn, id, actor).await?;
    phases::require(&txn, &program, Activity::Support).await?;
    let deleted = support::Entity::delete_many()
        .filter(support::Column::AmendmentId.eq(id))
        .filter(support::Column::UserId.eq(actor.id))
        .exec(&txn)
        .await?;
    if deleted.rows_affected > 0 {
        events::record(
            &txn,
            Some(actor.id),
            Event::AmendmentUnsupport,
            &subject(&found),
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Support counts of amendments, by id: the supports of their current wording (a support
/// given before the author's last change counts only once its supporter re-confirms it).
pub async fn support_counts(
    db: &impl ConnectionTrait,
    ids: &[AmendmentId],
) -> Result<std::collections::HashMap<AmendmentId, i64>, AppError> {
    counts_of(db, ids, true).await
}

/// Supports given to an earlier wording of each amendment, not re-confirmed since.
pub async fn earlier_support_counts(
    db: &impl ConnectionTrait,
    ids: &[AmendmentId],
) -> Result<std::collections::HashMap<AmendmentId, i64>, AppError> {
    counts_of(db, ids, false).await
}

async fn counts_of(
    db: &impl ConnectionTrait,
    ids: &[AmendmentId],
    current: bool,
) -> Result<std::collections::HashMap<AmendmentId, i64>, AppError> {
    use sea_orm::sea_query::ExprTrait;
    use sea_orm::JoinType;
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let version = Expr::col((support::Entity, support::Column::Version));
    let changed = Expr::col((amendment::Entity, amendment::Column::ChangedVersion));
    let which = if current {
        version.gte(changed)
    } else {
        version.lt(changed)
    };
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<(AmendmentId, i64)> = support::Entity::find()
            .select_only()
            .column(support::Column::AmendmentId)
            .column_as(support::Column::Id.count(), "n")
            .join(
                JoinType::InnerJoin,
                support::Entity::belongs_to(amendment::Entity)
                    .from(support::Column::AmendmentId)
                    .to(amendment::Column::Id)
                    .into(),
            )
            .filter(support::Column::AmendmentId.is_in(chunk.to_vec()))
            .filter(which.clone())
            .group_by(support::Column::AmendmentId)
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}
