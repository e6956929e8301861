//! Programs in and out as Markdown files (`redacta import` / `redacta export`, and the
//! coordinators' upload and download). An import creates the program with one first
//! revision per section, in one transaction; importing a file with the title of a program
//! that is not published yet replaces that draft.

use super::{clock::now, db, events};
use crate::domain::program_md::{self, ParsedProgram, ParsedSection};
use crate::domain::slug::slugify;
use crate::entities::{program, revision, section};
use crate::error::AppError;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error("{0}")]
    Format(#[from] program_md::ImportError),
    #[error("the title is empty or longer than 200 characters")]
    BadTitle,
    #[error("a published program already uses the address /programs/{0}; choose another title")]
    Published(String),
    #[error("{0}")]
    App(#[from] AppError),
}

impl From<sea_orm::DbErr> for ImportFailure {
    fn from(err: sea_orm::DbErr) -> Self {
        ImportFailure::App(err.into())
    }
}

/// Imports `markdown` as the program titled `title`; returns the program (its slug is the
/// address). `actor` is recorded as the author of the first revisions.
pub async fn import(
    conn: &DatabaseConnection,
    actor: Option<i32>,
    title: &str,
    markdown: &str,
) -> Result<program::Model, ImportFailure> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() || title.chars().count() > 200 {
        return Err(ImportFailure::BadTitle);
    }
    let parsed = program_md::parse(markdown)?;
    let slug = slugify(&title);
    let t = now();

    let txn = db::write_txn(conn).await?;
    let existing = program::Entity::find()
        .filter(program::Column::Slug.eq(&slug))
        .one(&txn)
        .await?;
    let program = match existing {
        Some(found) if found.published_at.is_some() => return Err(ImportFailure::Published(slug)),
        Some(draft) => {
            section::Entity::delete_many()
                .filter(section::Column::ProgramId.eq(draft.id))
                .exec(&txn)
                .await?;
            let mut active: program::ActiveModel = draft.into();
            active.title = Set(title.clone());
            active.preamble = Set(parsed.preamble.clone());
            active.update(&txn).await?
        }
        None => {
            program::ActiveModel {
                slug: Set(slug.clone()),
                title: Set(title.clone()),
                summary: Set(String::new()),
                amendments_open: Set(false),
                created_at: Set(t),
                preamble: Set(parsed.preamble.clone()),
                published_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let mut ids: Vec<i32> = Vec::with_capacity(parsed.sections.len());
    for (position, parsed_section) in parsed.sections.iter().enumerate() {
        let created = section::ActiveModel {
            program_id: Set(program.id),
            parent_id: Set(parsed_section.parent.and_then(|i| ids.get(i).copied())),
            position: Set(position as i32),
            level: Set(i16::from(parsed_section.level)),
            title: Set(parsed_section.title.clone()),
            head_number: Set(1),
            created_at: Set(t),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        revision::ActiveModel {
            section_id: Set(created.id),
            number: Set(1),
            text: Set(parsed_section.body.clone()),
            author_id: Set(actor),
            amendment_id: Set(None),
            created_at: Set(t),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        ids.push(created.id);
    }
    events::record(
        &txn,
        actor,
        "program.import",
        &format!("program:{}", program.id),
        serde_json::json!({"sections": parsed.sections.len(), "slug": slug}),
    )
    .await?;
    txn.commit().await?;
    Ok(program)
}

/// Every section of a program in document order, with the text of its head revision.
pub async fn sections_at_head(
    db: &impl ConnectionTrait,
    program_id: i32,
) -> Result<Vec<(section::Model, String)>, AppError> {
    let sections = section::Entity::find()
        .filter(section::Column::ProgramId.eq(program_id))
        .order_by_asc(section::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<i32> = sections.iter().map(|s| s.id).collect();
    let revisions = revision::Entity::find()
        .filter(revision::Column::SectionId.is_in(ids))
        .all(db)
        .await?;
    Ok(sections
        .into_iter()
        .map(|s| {
            let text = revisions
                .iter()
                .find(|r| r.section_id == s.id && r.number == s.head_number)
                .map(|r| r.text.clone())
                .unwrap_or_default();
            (s, text)
        })
        .collect())
}

/// The program's current text (each section at its head revision) as the parsed structure.
pub async fn current(
    db: &impl ConnectionTrait,
    program: &program::Model,
) -> Result<ParsedProgram, AppError> {
    let sections = sections_at_head(db, program.id).await?;
    let ids: Vec<i32> = sections.iter().map(|(s, _)| s.id).collect();
    let out = sections
        .into_iter()
        .map(|(s, body)| ParsedSection {
            level: u8::try_from(s.level).unwrap_or(6),
            title: s.title,
            body,
            parent: s.parent_id.and_then(|p| ids.iter().position(|id| *id == p)),
        })
        .collect();
    Ok(ParsedProgram {
        preamble: program.preamble.clone(),
        sections: out,
    })
}

/// The program as one Markdown file.
pub async fn export_markdown(
    db: &impl ConnectionTrait,
    program: &program::Model,
) -> Result<String, AppError> {
    Ok(program_md::render(&current(db, program).await?))
}
