use crate::domain::amendment::{Action, AmendmentStatus};
use crate::domain::ids::AmendmentId;
use crate::entities::{amendment, amendment_version, support, user};
use crate::error::AppError;
use crate::services::amendments::{self};
use crate::services::lookup::display_names;
use crate::services::lookup::visible_section;
use crate::services::lookup::{amendment_visible, revision_text};
use crate::services::{derived, phases};
use crate::views::amendments::{AmendmentDetail, AmendmentRights, VersionRow};
use crate::views::sections::section_ref;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The amendment page.
pub async fn amendment_page(
    db: &impl ConnectionTrait,
    id: AmendmentId,
    viewer: Option<&user::Model>,
) -> Result<AmendmentDetail, AppError> {
    let found = amendment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (sec, program) = visible_section(db, found.section_id, viewer).await?;
    if !amendment_visible(&found, viewer) {
        return Err(AppError::NotFound);
    }
    let base_text = revision_text(db, sec.id, found.base_number).await?;
    let status = found.status;
    let phase = phases::current(db, &program).await?;
    let is_author = viewer.is_some_and(|v| v.id == found.author_id);
    let supported = match viewer {
        Some(v) => support::Entity::find()
            .filter(support::Column::AmendmentId.eq(found.id))
            .filter(support::Column::UserId.eq(v.id))
            .one(db)
            .await?
            .map(|s| s.version),
        None => None,
    };
    let versions = amendment_version::Entity::find()
        .filter(amendment_version::Column::AmendmentId.eq(found.id))
        .order_by_asc(amendment_version::Column::Version)
        .all(db)
        .await?;
    let supported_then = supported.and_then(|v| {
        let edited_since = versions.iter().any(|x| x.version > v && x.kind.by_author());
        let then = versions.iter().find(|x| x.version == v)?;
        edited_since.then(|| then.text.clone())
    });
    let changed_since_support = match supported_then {
        Some(then) => Some(derived::diff(&then, &found.text).await?.as_ref().clone()),
        None => None,
    };
    let supports = amendments::support_counts(db, &[found.id])
        .await?
        .get(&found.id)
        .copied()
        .unwrap_or(0);
    let earlier_supports = amendments::earlier_support_counts(db, &[found.id])
        .await?
        .get(&found.id)
        .copied()
        .unwrap_or(0);
    let recommendation = match (found.recommended_kind, found.recommended_at) {
        (Some(kind), Some(at)) if found.status.is_open() => {
            let by = match found.recommended_by {
                Some(id) => user::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .map(|u| (u.display_name, u.role)),
                None => None,
            };
            Some(crate::views::amendments::RecommendationView {
                kind,
                reason: found.recommended_reason.clone().unwrap_or_default(),
                at,
                by,
            })
        }
        _ => None,
    };
    let author = display_names(db, [found.author_id])
        .await?
        .remove(&found.author_id)
        .unwrap_or_default();
    let conflict = amendments::conflict_of(db, &found).await?;
    let assembly = crate::views::assemblies::author_assembly(db, &found).await?;
    // How many others change the same passage: the page gives the count and a link.
    let competing = if status == AmendmentStatus::Published && found.base_number == sec.head_number
    {
        derived::conflict_groups(db, sec.id, sec.head_number, &base_text)
            .await?
            .iter()
            .find(|g| g.members.contains(&found.id))
            .map_or(0, |g| g.members.len() as u64 - 1)
    } else {
        0
    };
    // The same policy the operations enforce decides what the page offers.
    let scope = crate::services::committees::scope_of(db, sec.id, viewer).await?;
    let f = amendments::facts(&found, &program, &sec, phase, false, scope);
    let may = |action: Action| {
        crate::domain::policy::amendment(
            viewer.map(|v| amendments::actor_of(&found, v)),
            &f,
            action,
        )
        .is_ok()
    };
    let rights = AmendmentRights {
        logged_in: viewer.is_some(),
        is_author,
        can_edit: may(Action::Edit),
        can_publish: may(Action::Publish),
        can_withdraw: may(Action::Withdraw),
        can_support: may(Action::Support),
        can_accept: may(Action::Accept),
        can_reject: may(Action::Reject),
        can_resolve: may(Action::Resolve),
        supported_version: supported,
    };
    let decision = decision_of(db, &found).await?;
    let merge = super::merge::merge_view(db, &found, viewer).await?;
    let merge_proposals = super::merge::merge_proposals(db, &found).await?;
    let similar = if found.base_number == sec.head_number {
        super::merge::similar_to(db, &found, sec.head_number, &base_text).await?
    } else {
        Vec::new()
    };
    Ok(AmendmentDetail {
        merge,
        merge_proposals,
        similar,
        decision,
        id: found.id,
        section: section_ref(&sec, &program, phase),
        author,
        status,
        base_number: found.base_number,
        version: found.version,
        segments: derived::diff(&base_text, &found.text)
            .await?
            .as_ref()
            .clone(),
        base_text,
        justification: derived::markdown(&found.justification)
            .await
            .as_ref()
            .clone(),
        justification_source: found.justification.clone(),
        title: found.title,
        text: found.text,
        supports,
        earlier_supports,
        recommendation,
        rights,
        changed_since_support,
        versions: versions
            .into_iter()
            .map(|v| VersionRow {
                version: v.version,
                kind: v.kind,
                base_number: v.base_number,
                previous_base: v.previous_base,
                created_at: v.created_at,
            })
            .collect(),
        conflict,
        competing,
        votes: crate::views::votes::of_amendment(db, found.id).await?,
        assembly,
        room_votes: crate::views::assemblies::room_votes_on(db, found.id).await?,
    })
}

/// The public record of what was decided about `a`.
async fn decision_of(
    db: &impl ConnectionTrait,
    a: &crate::entities::amendment::Model,
) -> Result<Option<crate::views::amendments::DecisionView>, AppError> {
    use crate::domain::amendment::{DecisionKind, VersionKind};
    use crate::entities::{amendment, poll, user};
    let (Some(kind), Some(at)) = (a.decision_kind, a.decided_at) else {
        return Ok(None);
    };
    let poll = match a.decision_poll {
        Some(id) => poll::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| crate::views::Link::new(p.id, p.title)),
        None => None,
    };
    let by = match (a.decided_by, &poll) {
        (Some(id), None) => user::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|u| (u.display_name, u.role)),
        // Sent to a vote: who sent it (the vote is linked beside).
        (Some(id), Some(_)) if kind == DecisionKind::SentToVote => user::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|u| (u.display_name, u.role)),
        _ => None,
    };
    let covered_by = match a.covered_by {
        Some(id) => amendment::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| crate::views::Link::new(c.id, c.title)),
        None => None,
    };
    // Accepted with changes: the author's last wording against the final one.
    let final_changes = if kind == DecisionKind::AcceptedWithChanges {
        let versions = amendment_version::Entity::find()
            .filter(amendment_version::Column::AmendmentId.eq(a.id))
            .order_by_desc(amendment_version::Column::Version)
            .all(db)
            .await?;
        let last = versions.iter().find(|v| v.kind == VersionKind::Final);
        let authors = versions.iter().find(|v| v.kind != VersionKind::Final);
        match (authors, last) {
            (Some(from), Some(to)) => {
                Some(derived::diff(&from.text, &to.text).await?.as_ref().clone())
            }
            _ => None,
        }
    } else {
        None
    };
    Ok(Some(crate::views::amendments::DecisionView {
        final_changes,
        kind,
        at,
        by,
        reason: a.decision_reason.clone().unwrap_or_default(),
        poll,
        covered_by,
    }))
}
