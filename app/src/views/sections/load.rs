//! What readers see of a section and its amendments: the section page, its history, the
//! comparison of two revisions, provenance, and the amendment page. Visibility rules are
//! applied here: drafts of programs for coordinators, drafts of amendments for their author.

use crate::domain::amendment::AmendmentStatus;
use crate::domain::ids::{AmendmentId, SectionId};
use crate::domain::listing::{self, is_open, Order, Who, AMENDMENTS_PER_PAGE};
use crate::domain::phase::{Activity, Phase};
use crate::domain::policy::{self, SectionAction, SectionFacts};
use crate::entities::{amendment, revision, user};
use crate::entities::{program, section};
use crate::error::AppError;
use crate::services::accounts::role_of;
use crate::services::amendments::{self};
use crate::services::lookup::amendment_titles;
use crate::services::lookup::display_names;
use crate::services::lookup::revision_text;
use crate::services::lookup::visible_section;
use crate::services::{cpu, derived, phases};
use crate::views::sections::ListQuery;
use crate::views::sections::SectionRef;
use crate::views::sections::{
    AmendmentSummary, BlameRow, ConflictGroupView, ProvenanceDetail, RevisionComparison,
    RevisionHistory, RevisionRow, SectionDetail,
};
use crate::views::Link;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};

/// An amendment as a list needs it: no text.
#[derive(Clone, Debug, FromQueryResult)]
struct ListedAmendment {
    id: AmendmentId,
    author_id: crate::domain::ids::UserId,
    title: String,
    status: AmendmentStatus,
    base_number: i32,
    created_at: i64,
    assembly_id: Option<crate::domain::ids::AssemblyId>,
    section_id: SectionId,
}
use std::collections::HashMap;

/// The section page: current text, the first page of its open amendments (public ones and
/// the viewer's drafts) and the groups of amendments competing for one passage.
pub async fn page(
    db: &impl ConnectionTrait,
    section_id: SectionId,
    viewer: Option<&user::Model>,
) -> Result<SectionDetail, AppError> {
    page_listing(db, section_id, viewer, ListQuery::default()).await
}

/// The section page with the page of amendments `list` asks for.
pub async fn page_listing(
    db: &impl ConnectionTrait,
    section_id: SectionId,
    viewer: Option<&user::Model>,
    list: ListQuery,
) -> Result<SectionDetail, AppError> {
    let (found, program) = visible_section(db, section_id, viewer).await?;
    let head = revision_text(db, found.id, found.head_number).await?;
    let listed = list_amendments(db, &[found.id], viewer, list).await?;
    let groups_found = derived::conflict_groups(db, found.id, found.head_number, &head).await?;
    let named: Vec<AmendmentId> = groups_found
        .iter()
        .flat_map(|g| {
            g.members
                .iter()
                .take(crate::views::sections::GROUP_MEMBERS_SHOWN)
                .copied()
        })
        .collect();
    let title_of = crate::services::lookup::amendment_titles(db, named).await?;
    let groups = groups_found
        .iter()
        .map(|g| ConflictGroupView {
            passage: g.passage.clone(),
            members: g
                .members
                .iter()
                .take(crate::views::sections::GROUP_MEMBERS_SHOWN)
                .map(|id| Link::new(*id, title_of.get(id).cloned().unwrap_or_default()))
                .collect(),
            member_ids: g.members.clone(),
        })
        .collect();
    let phase = phases::current(db, &program).await?;
    let section = section_ref(&found, &program, phase);
    let facts = SectionFacts {
        published_program: program.published_at.is_some(),
        phase,
        scope: crate::services::committees::scope_of(db, found.id, viewer).await?,
    };
    let may = |action| policy::section(viewer.map(role_of), &facts, action).is_ok();
    Ok(SectionDetail {
        can_amend: may(SectionAction::Amend),
        can_open_votes: may(SectionAction::OpenVote),
        can_merge: may(SectionAction::Merge),
        votes: crate::views::votes::of_section(db, found.id).await?,
        logged_in: viewer.is_some(),
        section,
        body: derived::markdown(&head).await.as_ref().clone(),
        source: head,
        list: ListQuery {
            page: listed.page,
            ..list
        },
        list_pages: listed.pages,
        open_count: listed.open_count,
        closed_count: listed.closed_count,
        amendments: listed.amendments,
        groups,
    })
}

/// Every revision of a section, newest first.
pub async fn history(
    db: &impl ConnectionTrait,
    section_id: SectionId,
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
    let decided = crate::entities::amendment::Entity::find()
        .filter(crate::entities::amendment::Column::SectionId.eq(found.id))
        .filter(crate::entities::amendment::Column::PublishedAt.is_not_null())
        .filter(crate::entities::amendment::Column::DecidedAt.is_not_null())
        .order_by_desc(crate::entities::amendment::Column::DecidedAt)
        .limit(crate::views::sections::HISTORY_DECISIONS)
        .all(db)
        .await?;
    let deciders = display_names(db, decided.iter().filter_map(|a| a.decided_by)).await?;
    let decisions = decided
        .into_iter()
        .filter_map(|a| {
            let kind = a.decision_kind?;
            let by_vote = a.decision_poll.is_some()
                && kind != crate::domain::amendment::DecisionKind::SentToVote;
            Some(crate::views::sections::DecisionRow {
                kind,
                at: a.decided_at?,
                by: (!by_vote)
                    .then(|| a.decided_by.and_then(|u| deciders.get(&u).cloned()))
                    .flatten(),
                poll: a.decision_poll,
                reason: a.decision_reason.unwrap_or_default(),
                amendment: Link::new(a.id, a.title),
            })
        })
        .collect();
    Ok(RevisionHistory {
        decisions,
        section: section_ref(&found, &program, phases::current(db, &program).await?),
        revisions: revisions
            .into_iter()
            .map(|r| RevisionRow {
                number: r.number,
                created_at: r.created_at,
                author: r.author_id.and_then(|id| authors.get(&id).cloned()),
                amendment: r.amendment_id.map(|id| {
                    Link::new(id, amendment_titles.get(&id).cloned().unwrap_or_default())
                }),
            })
            .collect(),
    })
}

/// Two revisions of a section compared word by word.
pub async fn compare(
    db: &impl ConnectionTrait,
    section_id: SectionId,
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
        segments: derived::diff(&from_text, &to_text).await?.as_ref().clone(),
        from_text,
        to_text,
    })
}

/// Provenance of the current text: each passage with the revision (and the amendment and
/// author) that introduced it.
pub async fn provenance(
    db: &impl ConnectionTrait,
    section_id: SectionId,
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
    let credited = merge_credits(db, revisions.iter().filter_map(|r| r.amendment_id)).await?;
    let passages = cpu::blame(texts)
        .await?
        .into_iter()
        .filter_map(|p| {
            let r = revisions.get(p.origin)?;
            Some(BlameRow {
                text: p.text,
                revision: r.number,
                author: r.author_id.and_then(|id| authors.get(&id).cloned()),
                amendment: r.amendment_id.map(|id| {
                    Link::new(id, amendment_titles.get(&id).cloned().unwrap_or_default())
                }),
                credited: r
                    .amendment_id
                    .and_then(|id| credited.get(&id).cloned())
                    .unwrap_or_default(),
            })
        })
        .collect();
    Ok(ProvenanceDetail {
        section: section_ref(&found, &program, phases::current(db, &program).await?),
        passages,
    })
}

/// The source authors of each merged amendment among `ids` (by display name, in the order
/// of the sources): a merged passage credits every one of them.
async fn merge_credits(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = AmendmentId>,
) -> Result<std::collections::HashMap<AmendmentId, Vec<String>>, AppError> {
    use crate::entities::merge_source;
    let ids: Vec<AmendmentId> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows = merge_source::Entity::find()
        .filter(merge_source::Column::MergedId.is_in(ids))
        .order_by_asc(merge_source::Column::Id)
        .all(db)
        .await?;
    let names = display_names(db, rows.iter().map(|r| r.author_id)).await?;
    let mut out: std::collections::HashMap<AmendmentId, Vec<String>> = Default::default();
    for r in rows {
        let name = names.get(&r.author_id).cloned().unwrap_or_default();
        let list = out.entry(r.merged_id).or_default();
        if !list.contains(&name) {
            list.push(name);
        }
    }
    Ok(out)
}

/// Where a section sits, for headings and links.
pub fn section_ref(s: &section::Model, p: &program::Model, phase: Phase) -> SectionRef {
    SectionRef {
        id: s.id,
        title: s.title.clone(),
        level: u8::try_from(s.level).unwrap_or(6),
        head: s.head_number,
        program_slug: p.slug.clone(),
        program_title: p.title.clone(),
        program_open: p.published_at.is_some() && phase.allows(Activity::Amend),
        phase,
    }
}

/// One page of the amendments of `sections` (public ones and the viewer's own drafts) as
/// `list` asks: which (open or closed, whose), in which order, which page; with the counts.
pub(crate) async fn list_amendments(
    db: &impl ConnectionTrait,
    sections: &[SectionId],
    viewer: Option<&user::Model>,
    list: ListQuery,
) -> Result<Listed, AppError> {
    // What listing needs of every amendment, never their texts (300 amendments of a
    // busy section would be megabytes read per view).
    let all: Vec<ListedAmendment> = amendment::Entity::find()
        .select_only()
        .columns([
            amendment::Column::Id,
            amendment::Column::AuthorId,
            amendment::Column::Title,
            amendment::Column::Status,
            amendment::Column::BaseNumber,
            amendment::Column::CreatedAt,
            amendment::Column::AssemblyId,
            amendment::Column::SectionId,
        ])
        .filter(amendment::Column::SectionId.is_in(sections.to_vec()))
        .order_by_desc(amendment::Column::UpdatedAt)
        .order_by_desc(amendment::Column::Id)
        .into_model::<ListedAmendment>()
        .all(db)
        .await?;
    let visible: Vec<ListedAmendment> = all
        .into_iter()
        .filter(|a| a.status.is_public() || viewer.is_some_and(|v| v.id == a.author_id))
        .collect();
    // Whose: the filter applies to the counts and the list, not to the competing groups.
    let supported: std::collections::HashSet<AmendmentId> = match (list.who, viewer) {
        (Who::Supported, Some(v)) => crate::entities::support::Entity::find()
            .select_only()
            .column(crate::entities::support::Column::AmendmentId)
            .filter(crate::entities::support::Column::UserId.eq(v.id))
            .filter(
                crate::entities::support::Column::AmendmentId
                    .is_in(visible.iter().map(|a| a.id).collect::<Vec<_>>()),
            )
            .into_tuple::<AmendmentId>()
            .all(db)
            .await?
            .into_iter()
            .collect(),
        _ => Default::default(),
    };
    let theirs = |a: &ListedAmendment| match list.who {
        Who::Everyone => true,
        Who::Mine => viewer.is_some_and(|v| v.id == a.author_id),
        Who::Supported => supported.contains(&a.id),
        Who::Author(u) => a.author_id.0 == u,
        Who::Assembly(x) => a.assembly_id.is_some_and(|y| y.0 == x),
    };
    let chosen: Vec<&ListedAmendment> = visible.iter().filter(|a| theirs(a)).collect();
    let open_count = chosen.iter().filter(|a| is_open(a.status)).count() as u64;
    let closed_count = chosen.len() as u64 - open_count;
    let mut listed: Vec<&ListedAmendment> = chosen
        .iter()
        .copied()
        .filter(|a| list.show.includes(a.status))
        .collect();
    // Supporter counts: for the whole list when they decide the order, else for one page.
    let mut counts = HashMap::new();
    match list.order {
        Order::Shuffled => {
            let seed = listing::seed(viewer.map(|v| v.id.0), crate::services::clock::now());
            listed.sort_by_key(|a| listing::shuffle_key(seed, a.id.0));
        }
        Order::Supported => {
            let ids: Vec<AmendmentId> = listed.iter().map(|a| a.id).collect();
            counts = amendments::support_counts(db, &ids).await?;
            listed.sort_by_key(|a| {
                (
                    std::cmp::Reverse(counts.get(&a.id).copied().unwrap_or(0)),
                    a.id,
                )
            });
        }
        Order::Newest => {
            listed.sort_by_key(|a| (std::cmp::Reverse(a.created_at), std::cmp::Reverse(a.id)))
        }
        Order::Changed => {} // the query's order
    }
    let (list_pages, range) = listing::page_range(listed.len(), list.page, AMENDMENTS_PER_PAGE);
    let shown: Vec<&ListedAmendment> = listed[range].to_vec();
    if list.order != Order::Supported {
        let ids: Vec<AmendmentId> = shown.iter().map(|a| a.id).collect();
        counts = amendments::support_counts(db, &ids).await?;
    }
    let authors = display_names(db, shown.iter().map(|a| a.author_id)).await?;
    let assembly_ids: Vec<crate::domain::ids::AssemblyId> =
        shown.iter().filter_map(|a| a.assembly_id).collect();
    let assemblies: HashMap<crate::domain::ids::AssemblyId, String> = if assembly_ids.is_empty() {
        HashMap::new()
    } else {
        crate::entities::assembly::Entity::find()
            .filter(crate::entities::assembly::Column::Id.is_in(assembly_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect()
    };
    Ok(Listed {
        page: list.page.clamp(1, list_pages),
        pages: list_pages,
        open_count,
        closed_count,
        amendments: shown
            .iter()
            .map(|a| AmendmentSummary {
                id: a.id,
                title: a.title.clone(),
                author: authors.get(&a.author_id).cloned().unwrap_or_default(),
                status: a.status,
                supports: counts.get(&a.id).copied().unwrap_or(0),
                base_number: a.base_number,
                mine: viewer.is_some_and(|v| v.id == a.author_id),
                author_id: a.author_id,
                assembly: a
                    .assembly_id
                    .map(|x| Link::new(x, assemblies.get(&x).cloned().unwrap_or_default())),
                section_id: a.section_id,
            })
            .collect(),
    })
}

/// A page of amendments and where it is in the list.
pub(crate) struct Listed {
    pub amendments: Vec<AmendmentSummary>,
    pub page: u64,
    pub pages: u64,
    pub open_count: u64,
    pub closed_count: u64,
}
