//! Accepting an amendment: every open amendment to the section is rebased onto the new text
//! by a three-way merge (planned before the write lock, re-checked inside it); clean rebases
//! keep their supports, overlaps become conflicts for their authors to resolve.

use super::*;
use crate::domain::event::Event;
use crate::domain::ids::{AmendmentId, SectionId};

/// What accepting did: the new revision and what happened to the other open amendments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcceptOutcome {
    pub revision: i32,
    pub rebased: Vec<AmendmentId>,
    pub conflicted: Vec<AmendmentId>,
    /// Made redundant: their change is already in the new text, so they were closed as
    /// covered by the accepted one (their supporters told).
    pub superseded: Vec<AmendmentId>,
}

/// A facilitator or coordinator accepts a published amendment: its text becomes the
/// section's next revision and every other open amendment on the section is rebased.
///
/// The merges are computed first, outside any transaction and on the CPU pool
/// ([`plan_accept`]); the write transaction then only checks that nothing moved meanwhile
/// and stores the results, so the write lock is held for milliseconds whatever the texts.
/// When something did move, the plan is made again (at most [`PLAN_ATTEMPTS`] times, then
/// the caller is told to try again).
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn accept(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: AmendmentId,
) -> Result<AcceptOutcome, AppError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let plan = plan_accept(conn, id).await?;
        let txn = db::write_txn(conn).await?;
        match accept_in(&txn, actor, id, &plan, &[], None).await {
            Ok(outcome) => {
                txn.commit().await?;
                return Ok(outcome);
            }
            Err(err) if err == PLAN_MOVED && attempt < PLAN_ATTEMPTS => continue,
            Err(err) => return Err(err),
        }
    }
}

/// How often an accept plans again when the section keeps moving under it.
pub const PLAN_ATTEMPTS: u32 = 3;

/// The rebase an accept will make, computed before the write lock: the section's head
/// and the accepted text it was planned for, and each other open amendment as it was read
/// with the outcome of its three-way merge onto the accepted text.
#[derive(Clone, Debug, Default)]
pub struct RebasePlan {
    head_number: i32,
    accepted_text: String,
    merges: Vec<PlannedMerge>,
}

#[derive(Clone, Debug)]
struct PlannedMerge {
    id: AmendmentId,
    base_number: i32,
    status: AmendmentStatus,
    text: String,
    outcome: MergeOutcome,
}

/// Plans the rebase that accepting amendment `id` makes (no lock taken; see [`accept`]).
pub async fn plan_accept(
    db: &impl ConnectionTrait,
    id: AmendmentId,
) -> Result<RebasePlan, AppError> {
    let found = amendment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let section = section::Entity::find_by_id(found.section_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    plan_rebase(db, &section, Some(id), found.text).await
}

/// Plans rebasing every open amendment of `section` (but `except`) onto `new_text`.
async fn plan_rebase(
    db: &impl ConnectionTrait,
    section: &section::Model,
    except: Option<AmendmentId>,
    new_text: String,
) -> Result<RebasePlan, AppError> {
    let open = open_amendments(db, section.id, except).await?;
    let mut bases: HashMap<i32, String> = HashMap::new();
    for a in &open {
        if let std::collections::hash_map::Entry::Vacant(slot) = bases.entry(a.base_number) {
            slot.insert(revision_text(db, section.id, a.base_number).await?);
        }
    }
    let jobs: Vec<(AmendmentId, i32, AmendmentStatus, String)> = open
        .into_iter()
        .map(|a| (a.id, a.base_number, a.status, a.text))
        .collect();
    let head_text = new_text.clone();
    let merges = crate::services::cpu::run(move || {
        jobs.into_iter()
            .map(|(id, base_number, status, text)| {
                let base = bases.get(&base_number).map(String::as_str).unwrap_or("");
                PlannedMerge {
                    outcome: merge3(base, &head_text, &text),
                    id,
                    base_number,
                    status,
                    text,
                }
            })
            .collect()
    })
    .await?;
    Ok(RebasePlan {
        head_number: section.head_number,
        accepted_text: new_text,
        merges,
    })
}

/// The open amendments of a section (but `except`), in id order.
async fn open_amendments(
    db: &impl ConnectionTrait,
    section_id: SectionId,
    except: Option<AmendmentId>,
) -> Result<Vec<amendment::Model>, AppError> {
    let open: Vec<&str> = AmendmentStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(AmendmentStatus::as_str)
        .collect();
    let mut query = amendment::Entity::find()
        .filter(amendment::Column::SectionId.eq(section_id))
        .filter(amendment::Column::Status.is_in(open));
    if let Some(id) = except {
        query = query.filter(amendment::Column::Id.ne(id));
    }
    Ok(query.order_by_asc(amendment::Column::Id).all(db).await?)
}

/// [`accept`] inside the caller's write transaction. `vote_options` are the amendments of
/// the vote whose result is being applied (empty for a direct accept): a passage under
/// vote is frozen, so an amendment in a vote is accepted only as that vote's winner, and
/// nothing may be accepted whose rebase would turn an amendment under vote into a conflict
/// (its text, which voters chose, would change), except the winner's rivals in that vote.
pub async fn accept_in(
    txn: &impl ConnectionTrait,
    actor: &user::Model,
    id: AmendmentId,
    plan: &RebasePlan,
    vote_options: &[AmendmentId],
    poll: Option<crate::domain::ids::PollId>,
) -> Result<AcceptOutcome, AppError> {
    let decision = super::Decision {
        poll,
        ..super::Decision::plain(crate::domain::amendment::DecisionKind::Accepted)
    };
    accept_as(txn, actor, id, plan, vote_options, decision).await
}

/// A facilitator or coordinator accepts a published amendment in a final wording of their
/// own (`text`: the section's whole text as it is to read), saying why. The author's text
/// stays in the amendment's versions; the final wording is its last version (kind
/// `final`), and the page shows the difference between the two.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn accept_with_changes(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: AmendmentId,
    text: &str,
    reason: &str,
) -> Result<AcceptOutcome, AppError> {
    use crate::domain::amendment::DecisionKind;
    let reason = decision_reason(DecisionKind::AcceptedWithChanges, false, reason)
        .map_err(AppError::Amendment)?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let found = amendment::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(AppError::NotFound)?;
        let section = section::Entity::find_by_id(found.section_id)
            .one(conn)
            .await?
            .ok_or(AppError::NotFound)?;
        let base = revision_text(conn, section.id, found.base_number).await?;
        let final_text = AmendmentText::parse(&base, text)
            .map_err(AppError::Amendment)?
            .into_inner();
        let plan = plan_rebase(conn, &section, Some(id), final_text.clone()).await?;
        let txn = db::write_txn(conn).await?;
        let (locked, _, _) = load_allowed(&txn, id, actor, Action::Accept, false).await?;
        let changed = locked.text != final_text;
        if changed {
            let version = locked.version + 1;
            let mut active: amendment::ActiveModel = locked.into();
            active.text = Set(final_text.clone());
            active.version = Set(version);
            active.updated_at = Set(now());
            let updated = active.update(&txn).await?;
            record_version(&txn, &updated, version, VersionKind::Final, None).await?;
        }
        let decision = super::Decision {
            reason: reason.clone(),
            ..super::Decision::plain(if changed {
                DecisionKind::AcceptedWithChanges
            } else {
                DecisionKind::Accepted
            })
        };
        match accept_as(&txn, actor, id, &plan, &[], decision).await {
            Ok(outcome) => {
                txn.commit().await?;
                return Ok(outcome);
            }
            Err(err) if err == PLAN_MOVED && attempt < PLAN_ATTEMPTS => continue,
            Err(err) => return Err(err),
        }
    }
}

/// [`accept_in`] recording `decision`.
async fn accept_as(
    txn: &impl ConnectionTrait,
    actor: &user::Model,
    id: AmendmentId,
    plan: &RebasePlan,
    vote_options: &[AmendmentId],
    decision: super::Decision,
) -> Result<AcceptOutcome, AppError> {
    let (found, program, section) = load_for_change(txn, id, actor).await?;
    let by_vote = vote_options.contains(&found.id);
    allowed(
        txn,
        &found,
        &program,
        &section,
        actor,
        Action::Accept,
        by_vote,
    )
    .await?;
    let head_text = revision_text(txn, section.id, section.head_number).await?;
    if head_text == found.text {
        return Err(AppError::Amendment(
            crate::domain::amendment::AmendmentError::Unchanged,
        ));
    }
    if plan.head_number != section.head_number || plan.accepted_text != found.text {
        return Err(PLAN_MOVED);
    }
    let breaks_a_vote = plan.merges.iter().any(|m| {
        m.status == AmendmentStatus::InVote
            && matches!(m.outcome, MergeOutcome::Conflicted(_))
            && !vote_options.contains(&m.id)
    });
    if breaks_a_vote {
        return Err(AppError::Poll(
            crate::domain::poll::PollError::PassageInVote,
        ));
    }
    let next = section.head_number + 1;
    let t = now();
    revision::ActiveModel {
        section_id: Set(section.id),
        number: Set(next),
        text: Set(found.text.clone()),
        author_id: Set(Some(found.author_id)),
        amendment_id: Set(Some(found.id)),
        created_at: Set(t),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    // Compare-and-set on the head number: the optimistic check that nothing moved it.
    let moved = section::Entity::update_many()
        .col_expr(section::Column::HeadNumber, Expr::value(next))
        .filter(section::Column::Id.eq(section.id))
        .filter(section::Column::HeadNumber.eq(section.head_number))
        .exec(txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(AppError::Stale);
    }
    crate::services::search::section(txn, section.id).await?;
    let kind = decision.kind;
    let reason = decision.reason.clone();
    let accepted = decide(txn, found, actor, AmendmentStatus::Accepted, decision).await?;
    tell(txn, &accepted, Some(actor.id), NoticeKind::Accepted).await?;
    events::record(
        txn,
        Some(actor.id),
        Event::AmendmentAccept,
        &subject(&accepted),
        serde_json::json!({"section": section.id, "revision": next, "kind": kind.as_str(), "reason": reason}),
    )
    .await?;
    let mut outcome = rebase_open(txn, section.id, next, plan, actor, accepted.id).await?;
    outcome.revision = next;
    Ok(outcome)
}

/// Rebases every open amendment of a section onto its new head revision `head`, as
/// planned by [`plan_rebase`]. Runs inside the transaction that made the revision; if any
/// open amendment is not exactly as planned, nothing is guessed: [`PLAN_MOVED`].
async fn rebase_open(
    txn: &impl ConnectionTrait,
    section_id: SectionId,
    head: i32,
    plan: &RebasePlan,
    actor: &user::Model,
    accepted: AmendmentId,
) -> Result<AcceptOutcome, AppError> {
    let actor_id = Some(actor.id);
    let amendments = open_amendments(txn, section_id, None).await?;
    let as_planned = amendments.len() == plan.merges.len()
        && amendments.iter().zip(&plan.merges).all(|(a, p)| {
            a.id == p.id
                && a.base_number == p.base_number
                && a.status == p.status
                && a.text == p.text
        });
    if !as_planned {
        return Err(PLAN_MOVED);
    }
    let mut outcome = AcceptOutcome::default();
    for (a, planned) in amendments.into_iter().zip(&plan.merges) {
        let t = now();
        match &planned.outcome {
            // Its change is already in the new text: nothing is left to decide.
            MergeOutcome::Clean(merged) if *merged == plan.accepted_text => {
                let decision = super::Decision {
                    covered_by: Some(accepted),
                    ..super::Decision::plain(crate::domain::amendment::DecisionKind::Covered)
                };
                let updated = decide(txn, a, actor, AmendmentStatus::Rejected, decision).await?;
                events::record(
                    txn,
                    actor_id,
                    Event::AmendmentReject,
                    &subject(&updated),
                    serde_json::json!({"kind": "covered", "covered_by": accepted.get(), "automatic": true}),
                )
                .await?;
                tell(txn, &updated, actor_id, NoticeKind::Decided).await?;
                outcome.superseded.push(updated.id);
            }
            MergeOutcome::Clean(merged) => {
                let (updated, previous_base) =
                    move_onto(txn, a, head, merged.clone(), VersionKind::Rebase).await?;
                events::record(
                    txn,
                    actor_id,
                    Event::AmendmentRebase,
                    &subject(&updated),
                    serde_json::json!({"from": previous_base, "to": head}),
                )
                .await?;
                tell(txn, &updated, actor_id, NoticeKind::Rebased).await?;
                outcome.rebased.push(updated.id);
            }
            MergeOutcome::Conflicted(chunks) => {
                let hunks = chunks
                    .iter()
                    .filter(|c| matches!(c, MergeChunk::Conflict { .. }))
                    .count();
                let mut active: amendment::ActiveModel = a.into();
                active.status = Set(AmendmentStatus::Conflicted);
                active.conflict_head = Set(Some(head));
                active.updated_at = Set(t);
                let updated = active.update(txn).await?;
                let supporters = support::Entity::find()
                    .filter(support::Column::AmendmentId.eq(updated.id))
                    .count(txn)
                    .await?;
                events::record(
                    txn,
                    actor_id,
                    Event::AmendmentConflict,
                    &subject(&updated),
                    serde_json::json!({"base": updated.base_number, "head": head,
                        "hunks": hunks, "supporters": supporters}),
                )
                .await?;
                tell_conflict(txn, &updated, actor_id).await?;
                outcome.conflicted.push(updated.id);
            }
        }
    }
    Ok(outcome)
}
