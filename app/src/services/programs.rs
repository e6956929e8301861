//! Programs as listed to everyone. (Sections, revisions and amendments build on this.)

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
