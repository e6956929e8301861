//! Read models of merging and near-duplicates: the merge page, the merge on a merged
//! amendment's page, the proposals an amendment is part of, and the amendments nearly like
//! one.

use crate::domain::amendment::AmendmentStatus;
use crate::domain::ids::{AmendmentId, SectionId};
use crate::domain::synthesis::DEADLINE_DEFAULT_SECS;
use crate::domain::text::similar::{self, Change};
use crate::entities::{amendment, amendment_version, merge_source, support, user};
use crate::error::AppError;
use crate::services::amendments::{self, check_sources, distinct, may_merge};
use crate::services::lookup::{display_names, revision_text, visible_section};
use crate::services::{clock::now, cpu, derived, phases};
use crate::views::amendments::{
    MergeCandidate, MergeDraft, MergeSourceView, MergeView, SimilarView, MERGE_CANDIDATES,
};
use crate::views::sections::section_ref;
use crate::views::Link;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Near-duplicates shown per amendment.
const SIMILAR_SHOWN: usize = 5;

async fn candidates_of(
    db: &impl ConnectionTrait,
    found: Vec<amendment::Model>,
) -> Result<Vec<MergeCandidate>, AppError> {
    let ids: Vec<AmendmentId> = found.iter().map(|a| a.id).collect();
    let supports = amendments::support_counts(db, &ids).await?;
    let names = display_names(db, found.iter().map(|a| a.author_id)).await?;
    Ok(found
        .into_iter()
        .map(|a| MergeCandidate {
            id: a.id,
            supports: supports.get(&a.id).copied().unwrap_or(0),
            author: names.get(&a.author_id).cloned().unwrap_or_default(),
            title: a.title,
        })
        .collect())
}

/// The merge page of section `section_id` with `chosen` amendments (for deciders only).
pub async fn merge_draft(
    db: &impl ConnectionTrait,
    section_id: SectionId,
    chosen: &[AmendmentId],
    viewer: Option<&user::Model>,
) -> Result<MergeDraft, AppError> {
    let (sec, program) = visible_section(db, section_id, viewer).await?;
    if viewer.is_none() {
        return Err(AppError::LoginRequired);
    }
    may_merge(db, &program, sec.id, viewer).await??;
    let open = || {
        amendment::Entity::find()
            .filter(amendment::Column::SectionId.eq(sec.id))
            .filter(amendment::Column::Status.eq(AmendmentStatus::Published.as_str()))
            .filter(amendment::Column::BaseNumber.eq(sec.head_number))
    };
    let total = open().count(db).await?;
    let listed = open()
        .order_by_asc(amendment::Column::Id)
        .limit(MERGE_CANDIDATES)
        .all(db)
        .await?;
    let head_text = revision_text(db, sec.id, sec.head_number).await?;
    let listed_ids: Vec<AmendmentId> = listed.iter().map(|a| a.id).collect();
    let in_list = |ids: &[AmendmentId]| -> Vec<AmendmentId> {
        ids.iter()
            .copied()
            .filter(|i| listed_ids.contains(i))
            .collect()
    };
    let similar_found = derived::similar(db, sec.id, sec.head_number, &head_text).await?;
    let clusters = similar_found
        .clusters
        .iter()
        .map(|c| in_list(c))
        .filter(|c| c.len() > 1)
        .collect();
    let groups = derived::conflict_groups(db, sec.id, sec.head_number, &head_text)
        .await?
        .iter()
        .map(|g| in_list(&g.members))
        .filter(|g| g.len() > 1)
        .collect();
    let chosen = distinct(chosen);
    let (sources, problem, combined) = if chosen.is_empty() {
        (Vec::new(), None, None)
    } else {
        let found = amendment::Entity::find()
            .filter(amendment::Column::Id.is_in(chosen.iter().take(100).copied()))
            .all(db)
            .await?;
        let problem = check_sources(&chosen, &found, sec.id, sec.head_number).err();
        let mut ordered: Vec<amendment::Model> = chosen
            .iter()
            .filter_map(|id| found.iter().find(|a| a.id == *id && a.section_id == sec.id))
            .filter(|a| a.status.is_public())
            .cloned()
            .collect();
        ordered.truncate(crate::domain::synthesis::MERGE_MAX);
        let combined = if problem.is_none() {
            let texts: Vec<String> = ordered.iter().map(|a| a.text.clone()).collect();
            let base = head_text.clone();
            Some(
                cpu::run(move || {
                    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                    crate::domain::text::combine(&base, &refs)
                })
                .await?,
            )
        } else {
            None
        };
        (candidates_of(db, ordered).await?, problem, combined)
    };
    let phase = phases::current(db, &program).await?;
    Ok(MergeDraft {
        section: section_ref(&sec, &program, phase),
        candidates: candidates_of(db, listed).await?,
        total,
        clusters,
        groups,
        sources,
        problem,
        combined,
        head: sec.head_number,
        deadline: crate::domain::time::input_value(now() + DEADLINE_DEFAULT_SECS, false),
    })
}

/// The merge behind `merged` (if it is one), as `viewer` sees it.
pub async fn merge_view(
    db: &impl ConnectionTrait,
    merged: &amendment::Model,
    viewer: Option<&user::Model>,
) -> Result<Option<MergeView>, AppError> {
    let Some(deadline) = merged.merge_deadline else {
        return Ok(None);
    };
    let rows = merge_source::Entity::find()
        .filter(merge_source::Column::MergedId.eq(merged.id))
        .order_by_asc(merge_source::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<AmendmentId> = rows.iter().map(|r| r.source_id).collect();
    let found: HashMap<AmendmentId, amendment::Model> = amendment::Entity::find()
        .filter(amendment::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let names = display_names(db, rows.iter().map(|r| r.author_id)).await?;
    let pending = amendments::merge_pending(merged);
    let mut sources = Vec::with_capacity(rows.len());
    for row in &rows {
        let Some(a) = found.get(&row.source_id) else {
            continue;
        };
        let mine = viewer.is_some_and(|v| v.id == row.author_id);
        let to_merged = if mine && pending {
            let then = version_text(db, a, row.source_version).await?;
            Some(derived::diff(&then, &merged.text).await?.as_ref().clone())
        } else {
            None
        };
        sources.push(MergeSourceView {
            id: a.id,
            title: a.title.clone(),
            author: names.get(&row.author_id).cloned().unwrap_or_default(),
            status: a.status,
            answer: row.answer,
            to_merged,
        });
    }
    // Sources closed into it: their supporters who have not supported it (yet).
    let merged_into: Vec<AmendmentId> = found
        .values()
        .filter(|a| a.covered_by == Some(merged.id))
        .map(|a| a.id)
        .collect();
    let unconfirmed = if merged_into.is_empty() {
        0
    } else {
        let confirmed = support::Entity::find()
            .select_only()
            .column(support::Column::UserId)
            .filter(support::Column::AmendmentId.eq(merged.id));
        let n: Option<i64> = support::Entity::find()
            .select_only()
            .column_as(Expr::cust("COUNT(DISTINCT supports.user_id)"), "n")
            .filter(support::Column::AmendmentId.is_in(merged_into.clone()))
            .filter(support::Column::UserId.ne(merged.author_id))
            .filter(
                support::Column::UserId.not_in_subquery(sea_orm::QueryTrait::into_query(confirmed)),
            )
            .into_tuple()
            .one(db)
            .await?;
        n.unwrap_or(0)
    };
    // A supporter of a merged source who has not supported the merged text yet.
    let supported = match viewer {
        Some(v) if !merged_into.is_empty() => {
            let backs_merged = support::Entity::find()
                .filter(support::Column::AmendmentId.eq(merged.id))
                .filter(support::Column::UserId.eq(v.id))
                .count(db)
                .await?
                > 0;
            let theirs = support::Entity::find()
                .filter(support::Column::AmendmentId.is_in(merged_into))
                .filter(support::Column::UserId.eq(v.id))
                .order_by_asc(support::Column::Id)
                .one(db)
                .await?;
            match theirs {
                Some(s) if !backs_merged => {
                    let source = &found[&s.amendment_id];
                    let then = version_text(db, source, s.version).await?;
                    let diff = derived::diff(&then, &merged.text).await?.as_ref().clone();
                    Some((Link::new(source.id, source.title.clone()), diff))
                }
                _ => None,
            }
        }
        _ => None,
    };
    Ok(Some(MergeView {
        deadline,
        pending,
        sources,
        unconfirmed,
        supported,
    }))
}

/// The text of `a` at `version` (its current text if that version is not kept).
async fn version_text(
    db: &impl ConnectionTrait,
    a: &amendment::Model,
    version: i32,
) -> Result<String, AppError> {
    Ok(amendment_version::Entity::find()
        .filter(amendment_version::Column::AmendmentId.eq(a.id))
        .filter(amendment_version::Column::Version.eq(version))
        .one(db)
        .await?
        .map_or_else(|| a.text.clone(), |v| v.text))
}

/// Proposed merges, not yet published, that `a` is a source of.
pub async fn merge_proposals(
    db: &impl ConnectionTrait,
    a: &amendment::Model,
) -> Result<Vec<Link<AmendmentId>>, AppError> {
    let merged: Vec<AmendmentId> = merge_source::Entity::find()
        .select_only()
        .column(merge_source::Column::MergedId)
        .filter(merge_source::Column::SourceId.eq(a.id))
        .into_tuple()
        .all(db)
        .await?;
    if merged.is_empty() {
        return Ok(Vec::new());
    }
    Ok(amendment::Entity::find()
        .filter(amendment::Column::Id.is_in(merged))
        .filter(amendment::Column::MergeClosedAt.is_null())
        .filter(amendment::Column::Status.eq(AmendmentStatus::Draft.as_str()))
        .order_by_asc(amendment::Column::Id)
        .limit(20)
        .all(db)
        .await?
        .into_iter()
        .map(|m| Link::new(m.id, m.title))
        .collect())
}

/// Open amendments of `a`'s section that propose nearly the same change as `a` (written on
/// the section's current text `head_text`), most alike first.
pub async fn similar_to(
    db: &impl ConnectionTrait,
    a: &amendment::Model,
    head_number: i32,
    head_text: &str,
) -> Result<Vec<SimilarView>, AppError> {
    if a.base_number != head_number || !a.status.is_open() {
        return Ok(Vec::new());
    }
    let all = derived::similar(db, a.section_id, head_number, head_text).await?;
    let own: Option<Change> = match all.changes.iter().find(|(id, _)| *id == a.id) {
        Some((_, c)) => Some(c.clone()),
        None => {
            let (base, text) = (head_text.to_string(), a.text.clone());
            cpu::run(move || similar::change_of(&base, &text)).await?
        }
    };
    let Some(own) = own else {
        return Ok(Vec::new());
    };
    let others: Vec<(AmendmentId, Change)> = all
        .changes
        .iter()
        .filter(|(id, _)| *id != a.id)
        .cloned()
        .collect();
    let found = similar::nearest(&own, &others, SIMILAR_SHOWN);
    similar_views(db, found).await
}

/// Open amendments of section `section_id` (on revision `head_number`, text `head_text`)
/// nearly like `text`, a proposal being written: most alike first.
pub async fn similar_to_text(
    db: &impl ConnectionTrait,
    section_id: SectionId,
    head_number: i32,
    head_text: &str,
    text: &str,
) -> Result<Vec<SimilarView>, AppError> {
    let all = derived::similar(db, section_id, head_number, head_text).await?;
    if all.changes.is_empty() {
        return Ok(Vec::new());
    }
    let (base, text) = (head_text.to_string(), text.to_string());
    let Some(own) = cpu::run(move || similar::change_of(&base, &text)).await? else {
        return Ok(Vec::new());
    };
    let found = similar::nearest(&own, &all.changes, SIMILAR_SHOWN);
    similar_views(db, found).await
}

async fn similar_views(
    db: &impl ConnectionTrait,
    found: Vec<(AmendmentId, f64)>,
) -> Result<Vec<SimilarView>, AppError> {
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<AmendmentId> = found.iter().map(|(id, _)| *id).collect();
    let titles: HashMap<AmendmentId, String> = amendment::Entity::find()
        .select_only()
        .column(amendment::Column::Id)
        .column(amendment::Column::Title)
        .filter(amendment::Column::Id.is_in(ids.clone()))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let supports = amendments::support_counts(db, &ids).await?;
    Ok(found
        .into_iter()
        .map(|(id, s)| SimilarView {
            id,
            title: titles.get(&id).cloned().unwrap_or_default(),
            supports: supports.get(&id).copied().unwrap_or(0),
            percent: (s * 100.0).round().clamp(0.0, 100.0) as u8,
        })
        .collect())
}
