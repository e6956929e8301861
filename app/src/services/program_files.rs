//! Programs in and out as Markdown files (`redacta import` / `redacta export`, and the
//! coordinators' upload and download). An import creates the program with one first
//! revision per section, in one transaction; importing a file with the title of a program
//! that is not published yet replaces that draft.

use super::{clock::now, db, events};
use crate::domain::event::Event;
use crate::domain::ids::{ProgramId, SectionId, UserId};
use crate::domain::program_md::{self, ParsedProgram, ParsedSection};
use crate::domain::slug::slugify;
use crate::entities::user;
use crate::entities::{program, revision, section};
use crate::error::AppError;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;

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

/// Whether `actor` may import programs (coordinators). The upload asks before it reads the
/// body; `import_as` asks again.
pub fn may_import(actor: &user::Model) -> Result<(), AppError> {
    if super::accounts::role_of(actor).can_manage_programs() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// `actor` imports `markdown` as the program titled `title`: refused unless they may.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn import_as(
    conn: &DatabaseConnection,
    actor: &user::Model,
    title: &str,
    markdown: &str,
) -> Result<program::Model, ImportFailure> {
    may_import(actor).map_err(ImportFailure::App)?;
    import(conn, Some(actor.id), title, markdown).await
}

/// Imports `markdown` as the program titled `title`; returns the program (its slug is the
/// address). `actor` is recorded as the author of the first revisions; `None` is the
/// command line, the demo and the data sets (the operator), who need no account.
pub async fn import(
    conn: &DatabaseConnection,
    actor: Option<UserId>,
    title: &str,
    markdown: &str,
) -> Result<program::Model, ImportFailure> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty()
        || title.chars().count() > 200
        || !crate::domain::text::is_single_line(&title)
    {
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
            super::search::forget_program(&txn, draft.id).await?;
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
                created_at: Set(t),
                preamble: Set(parsed.preamble.clone()),
                published_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let mut ids: Vec<SectionId> = Vec::with_capacity(parsed.sections.len());
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
        super::search::put(
            &txn,
            &[super::search::Doc::of_section(
                &created,
                &parsed_section.body,
            )],
        )
        .await?;
        ids.push(created.id);
    }
    events::record(
        &txn,
        actor,
        Event::ProgramImport,
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
    program_id: ProgramId,
) -> Result<Vec<(section::Model, String)>, AppError> {
    let sections = section::Entity::find()
        .filter(section::Column::ProgramId.eq(program_id))
        .order_by_asc(section::Column::Position)
        .all(db)
        .await?;
    // One join: each section's revision whose number is the section's head number.
    let heads: HashMap<SectionId, String> = revision::Entity::find()
        .inner_join(section::Entity)
        .filter(section::Column::ProgramId.eq(program_id))
        .filter(
            Expr::col((revision::Entity, revision::Column::Number))
                .eq(Expr::col((section::Entity, section::Column::HeadNumber))),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.section_id, r.text))
        .collect();
    Ok(sections
        .into_iter()
        .map(|s| {
            let text = heads.get(&s.id).cloned().unwrap_or_default();
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
    let ids: Vec<SectionId> = sections.iter().map(|(s, _)| s.id).collect();
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

impl From<ImportFailure> for AppError {
    fn from(failure: ImportFailure) -> Self {
        match failure {
            ImportFailure::Format(err) => AppError::Import(err),
            ImportFailure::BadTitle => AppError::InvalidTitle,
            ImportFailure::Published(_) => AppError::ProgramPublished,
            ImportFailure::App(err) => err,
        }
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const PRINT_CSS: &str = "body{font:12pt/1.5 Georgia,'Times New Roman',serif;max-width:42em;margin:2em auto;padding:0 1em;color:#111}\
h1{font-size:2em;margin:0 0 .5em}h2{font-size:1.5em;margin-top:1.5em}h3{font-size:1.2em}h4,h5,h6{font-size:1em}\
nav ol{padding-left:1.2em}nav li.l2{margin-left:1em}nav li.l3{margin-left:2em}\
.meta{color:#444;font-size:.9em}a{color:inherit}\
@media print{body{margin:0;max-width:none}nav{page-break-after:always}h1,h2{page-break-after:avoid}section.l1{page-break-before:always}a{text-decoration:none}}";

/// The program as one print-ready HTML page: contents, every section at its head revision
/// rendered from Markdown and sanitized, no script. `nonce` lets the inline style through
/// the page's content security policy when the page is served.
pub async fn export_html(
    db: &impl ConnectionTrait,
    program: &program::Model,
    nonce: Option<&str>,
) -> Result<String, AppError> {
    use super::markdown::render;
    let sections = sections_at_head(db, program.id).await?;
    let title = escape_html(&program.title);
    let nonce_attr = nonce
        .map(|n| format!(" nonce=\"{}\"", escape_html(n)))
        .unwrap_or_default();
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"ca\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style{nonce_attr}>{PRINT_CSS}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n"
    );
    if !program.preamble.is_empty() {
        out.push_str(render(&program.preamble).as_str());
    }
    out.push_str("</header>\n<nav aria-label=\"Contents\">\n<ol>\n");
    for (s, _) in &sections {
        let level = s.level.clamp(1, 3);
        out.push_str(&format!(
            "<li class=\"l{level}\"><a href=\"#s-{}\">{}</a></li>\n",
            s.id,
            escape_html(&s.title)
        ));
    }
    out.push_str("</ol>\n</nav>\n<main>\n");
    for (s, body) in &sections {
        // The program title is the h1: chapters are h2, sections h3, measures h4 and deeper.
        let h = (s.level + 1).clamp(2, 6);
        out.push_str(&format!(
            "<section class=\"l{}\">\n<h{h} id=\"s-{}\">{}</h{h}>\n<p class=\"meta\">r{}</p>\n{}\n</section>\n",
            s.level.clamp(1, 3),
            s.id,
            escape_html(&s.title),
            s.head_number,
            render(body).as_str()
        ));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    Ok(out)
}
