use crate::domain::amendment::AmendmentStatus;
use crate::domain::ids::{ProgramId, SectionId};
use crate::domain::phase::Activity;
use crate::entities::{amendment, program, user};
use crate::error::AppError;
use crate::services::lookup::program_by_slug;
use crate::services::{accounts::role_of, clock::now, phases};
use crate::views::programs::{ProgramDetail, ProgramSummary, SectionView};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// The votes taking ballots at `now` in each of `programs`: how many, and the first
/// [`OPEN_VOTES_SHOWN`](crate::views::programs::OPEN_VOTES_SHOWN) to close.
pub async fn open_votes(
    db: &impl ConnectionTrait,
    programs: &[ProgramId],
    now: i64,
) -> Result<HashMap<ProgramId, (u64, Vec<crate::views::programs::OpenVote>)>, AppError> {
    use crate::entities::poll;
    let mut out: HashMap<ProgramId, (u64, Vec<crate::views::programs::OpenVote>)> = HashMap::new();
    if programs.is_empty() {
        return Ok(out);
    }
    // Open votes are few (each is set up by a facilitator); the cap only bounds a mistake.
    let open = poll::Entity::find()
        .filter(poll::Column::ProgramId.is_in(programs.iter().copied()))
        .filter(poll::Column::OpensAt.lte(now))
        .filter(poll::Column::ClosesAt.gt(now))
        .order_by_asc(poll::Column::ClosesAt)
        .order_by_asc(poll::Column::Id)
        .limit(1000)
        .all(db)
        .await?;
    for p in open {
        let entry = out.entry(p.program_id).or_default();
        entry.0 += 1;
        if entry.1.len() < crate::views::programs::OPEN_VOTES_SHOWN {
            entry.1.push(crate::views::programs::OpenVote {
                id: p.id,
                title: p.title,
                closes_at: p.closes_at,
            });
        }
    }
    Ok(out)
}

/// Puts each program's open votes in its summary.
pub async fn with_open_votes(
    db: &impl ConnectionTrait,
    summaries: Vec<(ProgramId, ProgramSummary)>,
    now: i64,
) -> Result<Vec<ProgramSummary>, AppError> {
    let ids: Vec<ProgramId> = summaries.iter().map(|(id, _)| *id).collect();
    let mut votes = open_votes(db, &ids, now).await?;
    Ok(summaries
        .into_iter()
        .map(|(id, mut s)| {
            if s.published {
                if let Some((count, first)) = votes.remove(&id) {
                    s.open_vote_count = count;
                    s.open_votes = first;
                }
            }
            s
        })
        .collect())
}

pub async fn list(
    db: &impl ConnectionTrait,
    viewer: Option<&user::Model>,
) -> Result<Vec<program::Model>, AppError> {
    let mut select = program::Entity::find();
    if !viewer.is_some_and(|u| role_of(u).can_manage_programs()) {
        select = select.filter(program::Column::PublishedAt.is_not_null());
    }
    Ok(select
        .order_by_desc(program::Column::CreatedAt)
        .order_by_asc(program::Column::Id)
        .limit(200)
        .all(db)
        .await?)
}

/// Open (published or conflicted) amendments per section of a program.
async fn open_amendment_counts(
    db: &impl ConnectionTrait,
    program_id: ProgramId,
) -> Result<HashMap<SectionId, i64>, AppError> {
    let rows: Vec<(SectionId, i64)> = amendment::Entity::find()
        .select_only()
        .column(amendment::Column::SectionId)
        .column_as(amendment::Column::Id.count(), "n")
        .filter(amendment::Column::ProgramId.eq(program_id))
        .filter(amendment::Column::Status.is_in([
            AmendmentStatus::Published.as_str(),
            AmendmentStatus::Conflicted.as_str(),
        ]))
        .group_by(amendment::Column::SectionId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The program page's content: every section at its head revision, rendered and sanitized.
pub async fn detail(
    db: &impl ConnectionTrait,
    slug: &str,
    viewer: Option<&user::Model>,
) -> Result<ProgramDetail, AppError> {
    let found = program_by_slug(db, slug, viewer).await?;
    let counts = open_amendment_counts(db, found.id).await?;
    let comments = crate::views::comments::counts_by_section(db, found.id).await?;
    let mut sections = Vec::new();
    for (s, text) in crate::services::program_files::sections_at_head(db, found.id).await? {
        sections.push(SectionView {
            id: s.id,
            level: u8::try_from(s.level).unwrap_or(6),
            title: s.title,
            revision: s.head_number,
            body: crate::services::derived::markdown(&text)
                .await
                .as_ref()
                .clone(),
            open_amendments: counts.get(&s.id).copied().unwrap_or(0),
            comments: comments.get(&s.id).copied().unwrap_or(0),
        });
    }
    let published = found.published_at.is_some();
    let schedule = phases::schedule(db, found.id).await?;
    let at = now();
    let summary = with_open_votes(
        db,
        vec![(found.id, ProgramSummary::of(found.clone(), &schedule, at))],
        at,
    )
    .await?
    .pop()
    .ok_or(AppError::NotFound)?;
    Ok(ProgramDetail {
        preamble: crate::services::derived::markdown(&found.preamble)
            .await
            .as_ref()
            .clone(),
        summary,
        sections,
        can_manage: viewer.is_some_and(|u| role_of(u).can_manage_programs()),
        can_open_votes: published
            && schedule.current(now()).allows(Activity::OpenVote)
            && viewer.is_some_and(|u| role_of(u).can_decide_amendments()),
    })
}

/// The program's amendments (`section`: only those of that chapter or section and its
/// subsections), one page as `list` asks.
pub async fn amendments(
    db: &impl ConnectionTrait,
    slug: &str,
    viewer: Option<&user::Model>,
    section: Option<SectionId>,
    list: crate::views::sections::ListQuery,
) -> Result<crate::views::programs::ProgramAmendmentList, AppError> {
    use crate::entities::section;
    let found = program_by_slug(db, slug, viewer).await?;
    let sections = section::Entity::find()
        .filter(section::Column::ProgramId.eq(found.id))
        .order_by_asc(section::Column::Position)
        .all(db)
        .await?;
    if section.is_some_and(|id| !sections.iter().any(|s| s.id == id)) {
        return Err(AppError::NotFound);
    }
    // The chosen section and everything under it (parents come before their children).
    let mut scope: Vec<SectionId> = Vec::new();
    for s in &sections {
        let inside = match section {
            None => true,
            Some(id) => s.id == id || s.parent_id.is_some_and(|p| scope.contains(&p)),
        };
        if inside {
            scope.push(s.id);
        }
    }
    let listed = crate::views::sections::list_amendments(db, &scope, viewer, list).await?;
    let titles: HashMap<SectionId, String> =
        sections.iter().map(|s| (s.id, s.title.clone())).collect();
    Ok(crate::views::programs::ProgramAmendmentList {
        program_slug: found.slug,
        program_title: found.title,
        sections: sections
            .iter()
            .map(|s| (s.id, s.title.clone(), u8::try_from(s.level).unwrap_or(6)))
            .collect(),
        section,
        list: crate::views::sections::ListQuery {
            page: listed.page,
            ..list
        },
        list_pages: listed.pages,
        open_count: listed.open_count,
        closed_count: listed.closed_count,
        logged_in: viewer.is_some(),
        amendments: listed
            .amendments
            .into_iter()
            .map(|a| {
                let t = titles.get(&a.section_id).cloned().unwrap_or_default();
                (a, t)
            })
            .collect(),
    })
}
