//! What readers see of a section and its amendments: the section page, its history, the
//! comparison of two revisions, provenance, and the amendment page. Visibility rules are
//! applied here: drafts of programs for coordinators, drafts of amendments for their author.

use super::accounts::role_of;
use super::amendments::{self};
use super::lookup::display_names;
use super::lookup::{amendment_visible, revision_text};
use super::{cpu, markdown, phases};
use crate::domain::amendment::{Action, AmendmentStatus};
use crate::domain::phase::Activity;
use crate::entities::{amendment, amendment_version, revision, support, user};
use crate::error::AppError;
use crate::services::lookup::amendment_titles;
use crate::services::lookup::section_ref;
use crate::services::lookup::visible_section;
use crate::views::amendments::{AmendmentDetail, AmendmentRights, VersionRow};
use crate::views::sections::{
    AmendmentSummary, BlameRow, ConflictGroupView, ProvenanceDetail, RevisionComparison,
    RevisionHistory, RevisionRow, SectionDetail,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The section page: current text, amendments (public ones and the viewer's drafts) and
/// the groups of amendments competing for one passage.
pub async fn page(
    db: &impl ConnectionTrait,
    section_id: i32,
    viewer: Option<&user::Model>,
) -> Result<SectionDetail, AppError> {
    let (found, program) = visible_section(db, section_id, viewer).await?;
    let head = revision_text(db, found.id, found.head_number).await?;
    let all = amendment::Entity::find()
        .filter(amendment::Column::SectionId.eq(found.id))
        .order_by_desc(amendment::Column::UpdatedAt)
        .order_by_desc(amendment::Column::Id)
        .all(db)
        .await?;
    let visible: Vec<amendment::Model> = all
        .into_iter()
        .filter(|a| amendment_visible(a, viewer))
        .collect();
    let ids: Vec<i32> = visible.iter().map(|a| a.id).collect();
    let counts = amendments::support_counts(db, &ids).await?;
    let authors = display_names(db, visible.iter().map(|a| a.author_id)).await?;
    let competing: Vec<(i32, String)> = visible
        .iter()
        .filter(|a| a.status() == AmendmentStatus::Published && a.base_number == found.head_number)
        .map(|a| (a.id, a.text.clone()))
        .collect();
    let title_of: HashMap<i32, String> = visible.iter().map(|a| (a.id, a.title.clone())).collect();
    let groups = cpu::conflict_groups(head.clone(), competing)
        .await?
        .into_iter()
        .map(|g| ConflictGroupView {
            passage: g.passage,
            members: g
                .members
                .into_iter()
                .map(|id| (id, title_of.get(&id).cloned().unwrap_or_default()))
                .collect(),
        })
        .collect();
    let phase = phases::current(db, &program).await?;
    let section = section_ref(&found, &program, phase);
    Ok(SectionDetail {
        can_open_votes: phase.allows(Activity::OpenVote)
            && viewer.is_some_and(|v| role_of(v).can_decide_amendments()),
        votes: super::polls::of_section(db, found.id).await?,
        logged_in: viewer.is_some(),
        section,
        body: markdown::render(&head),
        source: head,
        amendments: visible
            .iter()
            .map(|a| AmendmentSummary {
                id: a.id,
                title: a.title.clone(),
                author: authors.get(&a.author_id).cloned().unwrap_or_default(),
                status: a.status(),
                supports: counts.get(&a.id).copied().unwrap_or(0),
                base_number: a.base_number,
                mine: viewer.is_some_and(|v| v.id == a.author_id),
            })
            .collect(),
        groups,
    })
}

/// Every revision of a section, newest first.
pub async fn history(
    db: &impl ConnectionTrait,
    section_id: i32,
    viewer: Option<&user::Model>,
) -> Result<RevisionHistory, AppError> {
    let (found, program) = visible_section(db, section_id, viewer).await?;
    let revisions = revision::Entity::find()
        .filter(revision::Column::SectionId.eq(found.id))
        .order_by_desc(revision::Column::Number)
        .all(db)
        .await?;
    let authors = display_names(db, revisions.iter().filter_map(|r| r.author_id)).await?;
    let amendment_titles =
        amendment_titles(db, revisions.iter().filter_map(|r| r.amendment_id)).await?;
    Ok(RevisionHistory {
        section: section_ref(&found, &program, phases::current(db, &program).await?),
        revisions: revisions
            .into_iter()
            .map(|r| RevisionRow {
                number: r.number,
                created_at: r.created_at,
                author: r.author_id.and_then(|id| authors.get(&id).cloned()),
                amendment: r
                    .amendment_id
                    .map(|id| (id, amendment_titles.get(&id).cloned().unwrap_or_default())),
            })
            .collect(),
    })
}

/// Two revisions of a section compared word by word.
pub async fn compare(
    db: &impl ConnectionTrait,
    section_id: i32,
    from: i32,
    to: i32,
    viewer: Option<&user::Model>,
) -> Result<RevisionComparison, AppError> {
    let (found, program) = visible_section(db, section_id, viewer).await?;
    let in_range = |n: i32| n >= 1 && n <= found.head_number;
    if !in_range(from) || !in_range(to) {
        return Err(AppError::NotFound);
    }
    let from_text = revision_text(db, found.id, from).await?;
    let to_text = revision_text(db, found.id, to).await?;
    Ok(RevisionComparison {
        section: section_ref(&found, &program, phases::current(db, &program).await?),
        from,
        to,
        segments: cpu::diff(from_text.clone(), to_text.clone()).await?,
        from_text,
        to_text,
    })
}

/// Provenance of the current text: each passage with the revision (and the amendment and
/// author) that introduced it.
pub async fn provenance(
    db: &impl ConnectionTrait,
    section_id: i32,
    viewer: Option<&user::Model>,
) -> Result<ProvenanceDetail, AppError> {
    let (found, program) = visible_section(db, section_id, viewer).await?;
    let revisions = revision::Entity::find()
        .filter(revision::Column::SectionId.eq(found.id))
        .filter(revision::Column::Number.lte(found.head_number))
        .order_by_asc(revision::Column::Number)
        .all(db)
        .await?;
    let texts: Vec<String> = revisions.iter().map(|r| r.text.clone()).collect();
    let authors = display_names(db, revisions.iter().filter_map(|r| r.author_id)).await?;
    let amendment_titles =
        amendment_titles(db, revisions.iter().filter_map(|r| r.amendment_id)).await?;
    let passages = cpu::blame(texts)
        .await?
        .into_iter()
        .filter_map(|p| {
            let r = revisions.get(p.origin)?;
            Some(BlameRow {
                text: p.text,
                revision: r.number,
                author: r.author_id.and_then(|id| authors.get(&id).cloned()),
                amendment: r
                    .amendment_id
                    .map(|id| (id, amendment_titles.get(&id).cloned().unwrap_or_default())),
            })
        })
        .collect();
    Ok(ProvenanceDetail {
        section: section_ref(&found, &program, phases::current(db, &program).await?),
        passages,
    })
}

/// The amendment page.
pub async fn amendment_page(
    db: &impl ConnectionTrait,
    id: i32,
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
    let status = found.status();
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
        let edited_since = versions
            .iter()
            .any(|x| x.version > v && (x.kind == "edit" || x.kind == "resolve"));
        let then = versions.iter().find(|x| x.version == v)?;
        edited_since.then(|| then.text.clone())
    });
    let changed_since_support = match supported_then {
        Some(then) => Some(cpu::diff(then, found.text.clone()).await?),
        None => None,
    };
    let supports = amendments::support_counts(db, &[found.id])
        .await?
        .get(&found.id)
        .copied()
        .unwrap_or(0);
    let author = display_names(db, [found.author_id])
        .await?
        .remove(&found.author_id)
        .unwrap_or_default();
    let conflict = amendments::conflict_of(db, &found).await?;
    let assembly = super::assemblies::author_assembly(db, &found).await?;
    let competing = if status == AmendmentStatus::Published && found.base_number == sec.head_number
    {
        let others = amendment::Entity::find()
            .filter(amendment::Column::SectionId.eq(sec.id))
            .filter(amendment::Column::Status.eq(AmendmentStatus::Published.as_str()))
            .filter(amendment::Column::BaseNumber.eq(sec.head_number))
            .all(db)
            .await?;
        let texts: Vec<(i32, String)> = others.iter().map(|a| (a.id, a.text.clone())).collect();
        cpu::conflict_groups(base_text.clone(), texts)
            .await?
            .into_iter()
            .find(|g| g.members.contains(&found.id))
            .map(|g| {
                g.members
                    .into_iter()
                    .filter(|m| *m != found.id)
                    .filter_map(|m| {
                        others
                            .iter()
                            .find(|a| a.id == m)
                            .map(|a| (a.id, a.title.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    // The same policy the operations enforce decides what the page offers.
    let f = amendments::facts(&found, &program, &sec, phase, false);
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
    Ok(AmendmentDetail {
        id: found.id,
        section: section_ref(&sec, &program, phase),
        author,
        status,
        base_number: found.base_number,
        version: found.version,
        segments: cpu::diff(base_text.clone(), found.text.clone()).await?,
        base_text,
        justification: markdown::render(&found.justification),
        justification_source: found.justification.clone(),
        title: found.title,
        text: found.text,
        supports,
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
        votes: super::polls::of_amendment(db, found.id).await?,
        assembly,
        room_votes: super::assemblies::room_votes_on(db, found.id).await?,
    })
}
