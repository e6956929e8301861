//! Programs as listed to everyone. (Sections, revisions and amendments build on this.)

use super::markdown;
use crate::api::{ProgramDetail, SectionView};
use crate::entities::{program, revision, section};
use crate::error::AppError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<program::Model>, AppError> {
    Ok(program::Entity::find()
        .order_by_desc(program::Column::CreatedAt)
        .order_by_asc(program::Column::Id)
        .limit(200)
        .all(db)
        .await?)
}

pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<program::Model, AppError> {
    program::Entity::find()
        .filter(program::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The program page's content: every section at its head revision, rendered and sanitized.
pub async fn detail(db: &impl ConnectionTrait, slug: &str) -> Result<ProgramDetail, AppError> {
    let found = by_slug(db, slug).await?;
    let sections = section::Entity::find()
        .filter(section::Column::ProgramId.eq(found.id))
        .order_by_asc(section::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<i32> = sections.iter().map(|s| s.id).collect();
    let heads = revision::Entity::find()
        .filter(revision::Column::SectionId.is_in(ids))
        .all(db)
        .await?;
    let views = sections
        .iter()
        .map(|s| SectionView {
            id: s.id,
            level: u8::try_from(s.level).unwrap_or(6),
            title: s.title.clone(),
            revision: s.head_number,
            body: markdown::render(
                heads
                    .iter()
                    .find(|r| r.section_id == s.id && r.number == s.head_number)
                    .map(|r| r.text.as_str())
                    .unwrap_or(""),
            ),
        })
        .collect();
    Ok(ProgramDetail {
        preamble: markdown::render(&found.preamble),
        summary: found.into(),
        sections: views,
    })
}
