use crate::domain::amendment::AmendmentStatus;
use crate::domain::ids::{CommitteeId, SectionId};
use crate::domain::role::Role;
use crate::entities::{
    amendment, assembly, committee, committee_member, committee_section, program, section, user,
};
use crate::error::AppError;
use crate::services::accounts::role_of;
use crate::services::lookup::display_names;
use crate::views::committees::{CommitteeCount, CommitteeView, CommitteesPage, SectionChoice};
use crate::views::Link;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// What waits for a committee's decision: published amendments of its sections.
pub fn waiting_in(id: CommitteeId) -> sea_orm::Select<amendment::Entity> {
    amendment::Entity::find()
        .filter(amendment::Column::Status.eq(AmendmentStatus::Published.as_str()))
        .filter(
            amendment::Column::SectionId.in_subquery(
                Query::select()
                    .column(committee_section::Column::SectionId)
                    .from(committee_section::Entity)
                    .and_where(committee_section::Column::CommitteeId.eq(id))
                    .to_owned(),
            ),
        )
}

/// The committees of a program, and the form's choices for coordinators.
pub async fn committees_page(
    db: &impl ConnectionTrait,
    slug: &str,
    viewer: Option<&user::Model>,
) -> Result<CommitteesPage, AppError> {
    let found = program::Entity::find()
        .filter(program::Column::Slug.eq(slug))
        .one(db)
        .await?
        .filter(|p| crate::services::lookup::program_visible(p, viewer))
        .ok_or(AppError::NotFound)?;
    let list = committee::Entity::find()
        .filter(committee::Column::ProgramId.eq(found.id))
        .order_by_asc(committee::Column::Name)
        .all(db)
        .await?;
    let sections = section::Entity::find()
        .filter(section::Column::ProgramId.eq(found.id))
        .order_by_asc(section::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<CommitteeId> = list.iter().map(|c| c.id).collect();
    let links = committee_section::Entity::find()
        .filter(committee_section::Column::CommitteeId.is_in(ids.clone()))
        .all(db)
        .await?;
    let of_section: HashMap<SectionId, CommitteeId> = links
        .iter()
        .map(|l| (l.section_id, l.committee_id))
        .collect();
    let members = committee_member::Entity::find()
        .filter(committee_member::Column::CommitteeId.is_in(ids))
        .order_by_asc(committee_member::Column::Id)
        .all(db)
        .await?;
    let names = display_names(db, members.iter().map(|m| m.user_id)).await?;
    let assembly_ids: Vec<_> = list.iter().filter_map(|c| c.assembly_id).collect();
    let assemblies: HashMap<_, _> = assembly::Entity::find()
        .filter(assembly::Column::Id.is_in(assembly_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, (a.slug, a.name)))
        .collect();
    let mut committees = Vec::with_capacity(list.len());
    for c in list {
        let mine: Vec<&crate::entities::committee_member::Model> =
            members.iter().filter(|m| m.committee_id == c.id).collect();
        committees.push(CommitteeView {
            id: c.id,
            sections: sections
                .iter()
                .filter(|s| of_section.get(&s.id) == Some(&c.id))
                .map(|s| Link::new(s.id, s.title.clone()))
                .collect(),
            members: mine
                .iter()
                .map(|m| names.get(&m.user_id).cloned().unwrap_or_default())
                .collect(),
            member_ids: mine.iter().map(|m| m.user_id).collect(),
            assembly: c.assembly_id.and_then(|a| {
                assemblies
                    .get(&a)
                    .map(|(slug, name)| (a, slug.clone(), name.clone()))
            }),
            waiting: waiting_in(c.id).count(db).await?,
            name: c.name,
        });
    }
    let can_edit = viewer.is_some_and(|v| role_of(v) == Role::Coordinator);
    let (choices, facilitators, assembly_choices) = if can_edit {
        let facilitators = user::Entity::find()
            .filter(
                user::Column::Role.is_in([Role::Facilitator.as_str(), Role::Coordinator.as_str()]),
            )
            .order_by_asc(user::Column::DisplayName)
            .limit(500)
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let assembly_choices = assembly::Entity::find()
            .order_by_asc(assembly::Column::Name)
            .limit(500)
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name))
            .collect();
        let choices = sections
            .iter()
            .map(|s| SectionChoice {
                id: s.id,
                title: s.title.clone(),
                level: u8::try_from(s.level).unwrap_or(6),
                committee: of_section.get(&s.id).copied(),
            })
            .collect();
        (choices, facilitators, assembly_choices)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    Ok(CommitteesPage {
        program_slug: found.slug,
        program_title: found.title,
        committees,
        can_edit,
        sections: choices,
        facilitators,
        assemblies: assembly_choices,
    })
}

/// Every committee of a published program with the number of amendments waiting for it.
pub async fn committee_counts(db: &impl ConnectionTrait) -> Result<Vec<CommitteeCount>, AppError> {
    let programs: HashMap<_, _> = program::Entity::find()
        .filter(program::Column::PublishedAt.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect();
    let list = committee::Entity::find()
        .filter(committee::Column::ProgramId.is_in(programs.keys().copied()))
        .order_by_asc(committee::Column::Name)
        .limit(200)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(list.len());
    for c in list {
        out.push(CommitteeCount {
            id: c.id,
            waiting: waiting_in(c.id).count(db).await?,
            program_title: programs.get(&c.program_id).cloned().unwrap_or_default(),
            name: c.name,
        });
    }
    Ok(out)
}
