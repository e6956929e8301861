//! Programs as listed to everyone. (Sections, revisions and amendments build on this.)

use super::markdown;
use crate::api::{ProgramDetail, SectionView};
use crate::entities::program;
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
    let sections = super::program_files::sections_at_head(db, found.id)
        .await?
        .into_iter()
        .map(|(s, text)| SectionView {
            id: s.id,
            level: u8::try_from(s.level).unwrap_or(6),
            title: s.title,
            revision: s.head_number,
            body: markdown::render(&text),
        })
        .collect();
    Ok(ProgramDetail {
        preamble: markdown::render(&found.preamble),
        summary: found.into(),
        sections,
    })
}
