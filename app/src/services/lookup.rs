//! Shared reads used by operations and read models alike: visibility loaders (a program,
//! section, vote or thread the viewer may see, else `NotFound`), titles and names by id.

use super::accounts::role_of;
use crate::domain::ids::{
    AmendmentId, AssemblyId, CommentId, MeetingId, PollId, ProgramId, SectionId, UserId,
};
use crate::entities::{
    amendment, assembly, assembly_member, comment, meeting, notification, poll, program, revision,
    section, user,
};
use crate::error::AppError;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// The program `id`, whoever asks (`NotFound` if there is none).
pub async fn program_of(
    db: &impl ConnectionTrait,
    program_id: ProgramId,
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
    // A proposed merge is a draft everyone can read while its authors answer.
    a.status.is_public()
        || a.merge_deadline.is_some()
        || viewer.is_some_and(|u| u.id == a.author_id)
}

pub async fn revision_text(
    db: &impl ConnectionTrait,
    section_id: SectionId,
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
    ids: impl IntoIterator<Item = UserId>,
) -> Result<HashMap<UserId, String>, AppError> {
    by_ids::<user::Entity, _>(db, ids, user::Column::Id, |u| (u.id, u.display_name)).await
}

/// The program `id`, if `viewer` may see it; else `NotFound` (as if it did not exist).
pub async fn visible_program(
    db: &impl ConnectionTrait,
    id: ProgramId,
    viewer: Option<&user::Model>,
) -> Result<program::Model, AppError> {
    let program = program_of(db, id).await?;
    if program_visible(&program, viewer) {
        Ok(program)
    } else {
        Err(AppError::NotFound)
    }
}

/// The section `section_id` and its program, if `viewer` may see them; else `NotFound`.
pub async fn visible_section(
    db: &impl ConnectionTrait,
    section_id: SectionId,
    viewer: Option<&user::Model>,
) -> Result<(section::Model, program::Model), AppError> {
    let found = section::Entity::find_by_id(section_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let program = visible_program(db, found.program_id, viewer).await?;
    Ok((found, program))
}

/// The titles of the amendments `ids`, in one query.
pub async fn amendment_titles(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = AmendmentId>,
) -> Result<HashMap<AmendmentId, String>, AppError> {
    by_ids::<amendment::Entity, _>(db, ids, amendment::Column::Id, |a| (a.id, a.title)).await
}

/// The titles of the sections `ids`, in one query.
pub async fn section_titles(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = SectionId>,
) -> Result<HashMap<SectionId, String>, AppError> {
    by_ids::<section::Entity, _>(db, ids, section::Column::Id, |s| (s.id, s.title)).await
}

/// Program titles by id, in one query.
pub async fn program_titles(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = ProgramId>,
) -> Result<HashMap<ProgramId, String>, AppError> {
    by_ids::<program::Entity, _>(db, ids, program::Column::Id, |p| (p.id, p.title)).await
}

/// `pick` of each row of `E` whose `id` column is in `ids` (duplicates allowed), in one query.
async fn by_ids<E: EntityTrait, Id>(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Id>,
    id: E::Column,
    pick: impl Fn(E::Model) -> (Id, String),
) -> Result<HashMap<Id, String>, AppError>
where
    Id: Copy + Ord + std::hash::Hash + Into<sea_orm::Value>,
{
    let mut ids: Vec<Id> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(E::find()
        .filter(id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(pick)
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

/// The vote `id` and its program, if `viewer` may see them; else `NotFound`.
pub async fn visible_poll(
    db: &impl ConnectionTrait,
    id: PollId,
    viewer: Option<&user::Model>,
) -> Result<(poll::Model, program::Model), AppError> {
    let found = poll::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let program = visible_program(db, found.program_id, viewer).await?;
    Ok((found, program))
}

/// Whether `user` may act for the assembly: a coordinator, or a facilitator of this very
/// assembly (the flag is read from the database on every request, so naming or removing a
/// facilitator takes effect at once).
pub async fn facilitates(
    db: &impl ConnectionTrait,
    user: &user::Model,
    assembly_id: AssemblyId,
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

/// The assembly `id` (`NotFound` if there is none).
pub async fn assembly_by_id(
    db: &impl ConnectionTrait,
    id: AssemblyId,
) -> Result<assembly::Model, AppError> {
    assembly::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The assembly at `slug` (`NotFound` if there is none).
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

/// The meeting `id` (`NotFound` if there is none).
pub async fn meeting_by_id(
    db: &impl ConnectionTrait,
    id: MeetingId,
) -> Result<meeting::Model, AppError> {
    meeting::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What a thread is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Section(crate::domain::ids::SectionId),
    Amendment(AmendmentId),
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
    let program = visible_program(db, section.program_id, viewer).await?;
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

/// The newest notifications of a person (100), leaving out those about a comment hidden by
/// moderation or deleted since, each with its actor's display name.
pub async fn notifications_of(
    db: &impl ConnectionTrait,
    user_id: UserId,
) -> Result<Vec<(notification::Model, Option<String>)>, AppError> {
    notifications_at(db, user_id, 0, 100).await
}

/// `limit` of a person's notifications, newest first, from the `offset`-th.
pub async fn notifications_at(
    db: &impl ConnectionTrait,
    user_id: UserId,
    offset: u64,
    limit: u64,
) -> Result<Vec<(notification::Model, Option<String>)>, AppError> {
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    // A comment hidden by moderation (or deleted) after it was announced is no longer shown
    // to the people it was announced to, on the page or in their digest.
    let gone = hidden_comments_in(db, &rows).await?;
    let rows: Vec<notification::Model> = rows
        .into_iter()
        .filter(|n| comment_of(&n.link).is_none_or(|c| !gone.contains(&c)))
        .collect();
    let actors = display_names(db, rows.iter().filter_map(|n| n.actor_id)).await?;
    Ok(rows
        .into_iter()
        .map(|n| {
            let actor = n.actor_id.and_then(|a| actors.get(&a).cloned());
            (n, actor)
        })
        .collect())
}

/// Of the comments `rows` are about, those hidden by moderation or deleted since.
pub async fn hidden_comments_in(
    db: &impl ConnectionTrait,
    rows: &[notification::Model],
) -> Result<std::collections::HashSet<CommentId>, AppError> {
    let about: Vec<CommentId> = rows.iter().filter_map(|n| comment_of(&n.link)).collect();
    if about.is_empty() {
        return Ok(Default::default());
    }
    Ok(comment::Entity::find()
        .filter(comment::Column::Id.is_in(about))
        .filter(
            sea_orm::Condition::any()
                .add(comment::Column::Hidden.eq(true))
                .add(comment::Column::Deleted.eq(true)),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

/// The comment a notification is about (its link ends in `#comment-N`).
pub fn comment_of(link: &str) -> Option<CommentId> {
    link.rsplit_once("#comment-")?.1.parse().ok()
}
