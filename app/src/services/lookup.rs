//! Shared reads used by operations and read models alike: visibility loaders (a program,
//! section, vote or thread the viewer may see, else `NotFound`), titles and names by id.

use super::accounts::role_of;
use crate::domain::phase::{Activity, Phase};
use crate::entities::{
    amendment, assembly, assembly_member, meeting, poll, program, revision, section, user,
};
use crate::error::AppError;
use crate::views::sections::SectionRef;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashMap;

pub async fn program_of(
    db: &impl ConnectionTrait,
    program_id: i32,
) -> Result<program::Model, AppError> {
    program::Entity::find_by_id(program_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether `viewer` may see the program: published ones are public, drafts are for
/// coordinators.
pub fn program_visible(program: &program::Model, viewer: Option<&user::Model>) -> bool {
    program.published_at.is_some() || viewer.is_some_and(|u| role_of(u).can_manage_programs())
}

/// Whether `viewer` may see the amendment: drafts are their author's only.
pub fn amendment_visible(a: &amendment::Model, viewer: Option<&user::Model>) -> bool {
    a.status().is_public() || viewer.is_some_and(|u| u.id == a.author_id)
}

pub async fn revision_text(
    db: &impl ConnectionTrait,
    section_id: i32,
    number: i32,
) -> Result<String, AppError> {
    revision::Entity::find()
        .filter(revision::Column::SectionId.eq(section_id))
        .filter(revision::Column::Number.eq(number))
        .one(db)
        .await?
        .map(|r| r.text)
        .ok_or(AppError::NotFound)
}

/// Display names of the accounts `ids` (duplicates allowed), in one query.
pub async fn display_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<std::collections::HashMap<i32, String>, AppError> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

pub async fn visible_section(
    db: &impl ConnectionTrait,
    section_id: i32,
    viewer: Option<&user::Model>,
) -> Result<(section::Model, program::Model), AppError> {
    let found = section::Entity::find_by_id(section_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let program = program_of(db, found.program_id).await?;
    if !program_visible(&program, viewer) {
        return Err(AppError::NotFound);
    }
    Ok((found, program))
}

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

pub async fn amendment_titles(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, AppError> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(amendment::Entity::find()
        .filter(amendment::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.title))
        .collect())
}

/// The titles of the sections `ids`, in one query.
pub async fn section_titles(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<std::collections::HashMap<i32, String>, AppError> {
    let mut ids: Vec<i32> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(section::Entity::find()
        .filter(section::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.title))
        .collect())
}

/// The program at `slug`, whoever asks (the command line).
pub async fn find_program(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<program::Model>, AppError> {
    Ok(program::Entity::find()
        .filter(program::Column::Slug.eq(slug))
        .one(db)
        .await?)
}

/// The program at `slug`, if the viewer may see it.
pub async fn program_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
    viewer: Option<&user::Model>,
) -> Result<program::Model, AppError> {
    program::Entity::find()
        .filter(program::Column::Slug.eq(slug))
        .one(db)
        .await?
        .filter(|p| program_visible(p, viewer))
        .ok_or(AppError::NotFound)
}

pub async fn visible_poll(
    db: &impl ConnectionTrait,
    id: i32,
    viewer: Option<&user::Model>,
) -> Result<(poll::Model, program::Model), AppError> {
    let found = poll::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let program = program_of(db, found.program_id).await?;
    if !program_visible(&program, viewer) {
        return Err(AppError::NotFound);
    }
    Ok((found, program))
}

/// Whether `user` may act for the assembly: a coordinator, or a facilitator of this very
/// assembly (the flag is read from the database on every request, so naming or removing a
/// facilitator takes effect at once).
pub async fn facilitates(
    db: &impl ConnectionTrait,
    user: &user::Model,
    assembly_id: i32,
) -> Result<bool, AppError> {
    if role_of(user).can_manage_programs() {
        return Ok(true);
    }
    Ok(assembly_member::Entity::find()
        .filter(assembly_member::Column::AssemblyId.eq(assembly_id))
        .filter(assembly_member::Column::UserId.eq(user.id))
        .filter(assembly_member::Column::Facilitator.eq(true))
        .count(db)
        .await?
        > 0)
}

pub async fn assembly_by_id(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<assembly::Model, AppError> {
    assembly::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn assembly_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<assembly::Model, AppError> {
    assembly::Entity::find()
        .filter(assembly::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn meeting_by_id(db: &impl ConnectionTrait, id: i32) -> Result<meeting::Model, AppError> {
    meeting::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What a thread is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Section(i32),
    Amendment(i32),
}

/// The passage a comment is about: byte offsets in revision `revision` of the section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Passage {
    pub revision: i32,
    pub start: usize,
    pub end: usize,
}

/// What a thread is attached to, loaded and checked for visibility.
pub struct Place {
    pub program: program::Model,
    pub section: section::Model,
    pub amendment: Option<amendment::Model>,
}

pub async fn place(
    db: &impl ConnectionTrait,
    target: Target,
    viewer: Option<&user::Model>,
) -> Result<Place, AppError> {
    let (section_id, amendment) = match target {
        Target::Section(id) => (id, None),
        Target::Amendment(id) => {
            let a = amendment::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            if !amendment_visible(&a, viewer) {
                return Err(AppError::NotFound);
            }
            (a.section_id, Some(a))
        }
    };
    let section = section::Entity::find_by_id(section_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let program = program_of(db, section.program_id).await?;
    if !program_visible(&program, viewer) {
        return Err(AppError::NotFound);
    }
    Ok(Place {
        program,
        section,
        amendment,
    })
}

/// `NotFound` unless `viewer` may read the section or amendment `target`.
pub async fn ensure_visible(
    db: &impl ConnectionTrait,
    target: Target,
    viewer: Option<&user::Model>,
) -> Result<(), AppError> {
    place(db, target, viewer).await.map(|_| ())
}
