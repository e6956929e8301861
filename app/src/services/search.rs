//! The search index: written in the same transaction as the text it indexes, read by
//! `/search` through the database's own full-text engine (SQLite FTS5, PostgreSQL
//! `tsvector`; see the migration `m20261203_000015_search`).
//!
//! The index holds text only. Whether a row may be shown (its program published, its
//! amendment published, its comment neither hidden nor deleted) is decided when searching,
//! by joining the live rows, so no moderation or status change can leave something
//! findable that should not be.

use super::clock::now;
use crate::domain::ids::{AmendmentId, CommentId, ProgramId, SectionId};
use crate::domain::search::{fold, DocKind, Query as SearchQuery, MAX_RESULTS, RESULTS_PER_PAGE};
use crate::entities::{amendment, comment, revision, section};
use crate::error::AppError;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement, Value,
};

/// One row of the index, before it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    pub kind: DocKind,
    pub ref_id: i32,
    pub program_id: ProgramId,
    pub section_id: SectionId,
    pub title: String,
    pub body: String,
}

impl Doc {
    pub fn of_section(s: &section::Model, text: &str) -> Doc {
        Doc {
            kind: DocKind::Section,
            ref_id: s.id.get(),
            program_id: s.program_id,
            section_id: s.id,
            title: s.title.clone(),
            body: text.to_string(),
        }
    }
    pub fn of_amendment(a: &amendment::Model) -> Doc {
        let mut body = a.text.clone();
        if !a.justification.is_empty() {
            body.push_str("\n\n");
            body.push_str(&a.justification);
        }
        Doc {
            kind: DocKind::Amendment,
            ref_id: a.id.get(),
            program_id: a.program_id,
            section_id: a.section_id,
            title: a.title.clone(),
            body,
        }
    }
    pub fn of_comment(c: &comment::Model) -> Doc {
        Doc {
            kind: DocKind::Comment,
            ref_id: c.id.get(),
            program_id: c.program_id,
            section_id: c.section_id,
            title: String::new(),
            body: c.body.clone(),
        }
    }
}

/// Writes (or rewrites) rows of the index, in one statement.
pub async fn put(db: &impl ConnectionTrait, docs: &[Doc]) -> Result<(), DbErr> {
    if docs.is_empty() {
        return Ok(());
    }
    let at = now();
    let mut insert = Query::insert();
    insert.into_table("search_docs").columns([
        "kind",
        "ref_id",
        "program_id",
        "section_id",
        "title",
        "body",
        "ftitle",
        "fbody",
        "updated_at",
    ]);
    for d in docs {
        insert.values_panic([
            d.kind.as_str().into(),
            d.ref_id.into(),
            d.program_id.get().into(),
            d.section_id.get().into(),
            d.title.clone().into(),
            d.body.clone().into(),
            fold(&d.title).into(),
            fold(&d.body).into(),
            at.into(),
        ]);
    }
    insert.on_conflict(
        OnConflict::columns(["kind", "ref_id"])
            .update_columns([
                "program_id",
                "section_id",
                "title",
                "body",
                "ftitle",
                "fbody",
                "updated_at",
            ])
            .to_owned(),
    );
    db.execute(&insert).await?;
    Ok(())
}

/// Takes a row out of the index.
pub async fn remove(db: &impl ConnectionTrait, kind: DocKind, ref_id: i32) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("search_docs")
        .and_where(Expr::col("kind").eq(kind.as_str()))
        .and_where(Expr::col("ref_id").eq(ref_id))
        .to_owned();
    db.execute(&delete).await?;
    Ok(())
}

/// A draft program's sections were replaced (re-import): its rows go.
pub async fn forget_program(db: &impl ConnectionTrait, program: ProgramId) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("search_docs")
        .and_where(Expr::col("program_id").eq(program.get()))
        .to_owned();
    db.execute(&delete).await?;
    Ok(())
}

/// An amendment's title, text or justification changed (or it was created).
pub async fn amendment(db: &impl ConnectionTrait, a: &amendment::Model) -> Result<(), DbErr> {
    put(db, &[Doc::of_amendment(a)]).await
}

/// A comment was posted, edited or deleted.
pub async fn comment(db: &impl ConnectionTrait, c: &comment::Model) -> Result<(), DbErr> {
    if c.deleted {
        remove(db, DocKind::Comment, c.id.get()).await
    } else {
        put(db, &[Doc::of_comment(c)]).await
    }
}

/// A section's head moved (or it was created): index its current text.
pub async fn section(db: &impl ConnectionTrait, id: SectionId) -> Result<(), DbErr> {
    let Some(s) = section::Entity::find_by_id(id).one(db).await? else {
        return remove(db, DocKind::Section, id.get()).await;
    };
    let text = revision::Entity::find()
        .filter(revision::Column::SectionId.eq(id))
        .filter(revision::Column::Number.eq(s.head_number))
        .one(db)
        .await?
        .map(|r| r.text)
        .unwrap_or_default();
    put(db, &[Doc::of_section(&s, &text)]).await
}

/// Matches ranked at most: beyond this many, the newest are.
pub const MAX_RANKED: usize = 5000;

/// Rows written per statement when (re)building.
const BATCH: usize = 200;

/// Indexes everything there is, a batch at a time (after a bulk import such as the `city`
/// seed, or on a database created before search existed).
pub async fn rebuild(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let mut written = 0u64;
    // Sections: their head revisions.
    let sections = section::Entity::find()
        .order_by_asc(section::Column::Id)
        .all(db)
        .await?;
    for chunk in sections.chunks(BATCH) {
        let mut docs = Vec::with_capacity(chunk.len());
        for s in chunk {
            let text = revision::Entity::find()
                .filter(revision::Column::SectionId.eq(s.id))
                .filter(revision::Column::Number.eq(s.head_number))
                .one(db)
                .await?
                .map(|r| r.text)
                .unwrap_or_default();
            docs.push(Doc::of_section(s, &text));
        }
        put(db, &docs).await?;
        written += docs.len() as u64;
    }
    // Amendments, then comments, a batch at a time by id (keyset: no offset scans).
    macro_rules! by_batches {
        ($entity:ident, $docs:expr) => {{
            let mut after = 0;
            loop {
                let page = $entity::Entity::find()
                    .filter($entity::Column::Id.gt(after))
                    .order_by_asc($entity::Column::Id)
                    .limit(BATCH as u64)
                    .all(db)
                    .await?;
                let Some(last) = page.last() else { break };
                after = last.id.get();
                let docs: Vec<Doc> = $docs(&page);
                put(db, &docs).await?;
                written += docs.len() as u64;
            }
        }};
    }
    by_batches!(amendment, |page: &[amendment::Model]| page
        .iter()
        .map(Doc::of_amendment)
        .collect::<Vec<_>>());
    by_batches!(comment, |page: &[comment::Model]| page
        .iter()
        .filter(|c| !c.deleted)
        .map(Doc::of_comment)
        .collect::<Vec<_>>());
    Ok(written)
}

/// Builds the index if it is empty while there is something to index (a database that
/// predates search). Cheap when it is built: two one-row reads.
pub async fn ensure_built(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let any = |table: &str| {
        Statement::from_string(backend, format!("SELECT 1 AS one FROM {table} LIMIT 1"))
    };
    if db.query_one_raw(any("search_docs")).await?.is_some() {
        return Ok(());
    }
    if db.query_one_raw(any("sections")).await?.is_none() {
        return Ok(());
    }
    let n = rebuild(db).await?;
    tracing::info!(rows = n, "search index built");
    Ok(())
}

/// One result, as the index and the live rows give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub kind: DocKind,
    pub ref_id: i32,
    pub program_id: ProgramId,
    pub section_id: SectionId,
    pub title: String,
    pub body: String,
    /// The amendment a comment is on.
    pub amendment_id: Option<AmendmentId>,
}

/// One page of results and how many there are (counted up to `MAX_RESULTS + 1`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// What to search for and where.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub program: Option<ProgramId>,
    pub kind: Option<DocKind>,
}

/// Searches visible text: ranked by the engine (words in titles weigh more), `page` from 1.
/// Pages beyond `MAX_RESULTS` are empty; a query of no usable words finds nothing.
pub async fn search(
    db: &impl ConnectionTrait,
    query: &SearchQuery,
    scope: &Scope,
    page: u64,
) -> Result<Found, AppError> {
    if query.is_empty() {
        return Ok(Found::default());
    }
    let backend = db.get_database_backend();
    let page = Ord::max(page, 1);
    let offset = (page - 1).saturating_mul(RESULTS_PER_PAGE as u64);
    if offset >= MAX_RESULTS as u64 {
        return Ok(Found::default());
    }
    let q = match backend {
        DatabaseBackend::Sqlite => query.fts5(),
        DatabaseBackend::Postgres => query.tsquery(),
        _ => return Err(AppError::BadRequest),
    };
    let mut values: Vec<Value> = vec![q.into()];
    let mut filters = String::new();
    // Placeholders in order of appearance: `?` on SQLite, `$n` on PostgreSQL.
    let placeholder = |n: usize| match backend {
        DatabaseBackend::Sqlite => "?".to_string(),
        _ => format!("${n}"),
    };
    if let Some(p) = scope.program {
        values.push(p.get().into());
        filters.push_str(&format!(
            " AND c0.program_id = {}",
            placeholder(values.len())
        ));
    }
    if let Some(k) = scope.kind {
        values.push(k.as_str().into());
        filters.push_str(&format!(" AND c0.kind = {}", placeholder(values.len())));
    }
    // The candidates: what the engine matches (in the scope asked), the newest
    // `MAX_RANKED` of them when there are more, each with the engine's score (lower is
    // better). Ranking every match of a word found in half the city would cost a scan of
    // half the index on every search; this bounds a search's cost whatever is asked.
    let candidates = match backend {
        DatabaseBackend::Sqlite => format!(
            // bm25: the title counts five times the body.
            "SELECT search_fts.rowid AS id, bm25(search_fts, 5.0, 1.0) AS score \
             FROM search_fts JOIN search_docs c0 ON c0.id = search_fts.rowid \
             WHERE search_fts MATCH ?{filters} \
             ORDER BY search_fts.rowid DESC LIMIT {MAX_RANKED}"
        ),
        _ => format!(
            "SELECT c0.id, -ts_rank(c0.tsv, to_tsquery('simple', $1)) AS score \
             FROM search_docs c0 \
             WHERE c0.tsv @@ to_tsquery('simple', $1){filters} \
             ORDER BY c0.id DESC LIMIT {MAX_RANKED}"
        ),
    };
    // Only what anyone may read: published programs, published amendments, comments
    // neither hidden nor deleted (and on published amendments).
    let visible = format!(
        "FROM ({candidates}) m \
         JOIN search_docs d ON d.id = m.id \
         JOIN programs p ON p.id = d.program_id AND p.published_at IS NOT NULL \
         LEFT JOIN comments c ON d.kind = 'comment' AND c.id = d.ref_id \
         LEFT JOIN amendments a ON a.id = CASE WHEN d.kind = 'amendment' THEN d.ref_id \
              WHEN d.kind = 'comment' THEN c.amendment_id END \
         WHERE (d.kind <> 'comment' OR (c.id IS NOT NULL AND c.hidden = {f} AND c.deleted = {f})) \
           AND (a.id IS NULL OR a.published_at IS NOT NULL) \
           AND (d.kind <> 'amendment' OR a.id IS NOT NULL)",
        f = if backend == DatabaseBackend::Sqlite {
            "0"
        } else {
            "FALSE"
        },
    );
    let count_sql = format!(
        "SELECT COUNT(*) AS n FROM (SELECT d.id {visible} LIMIT {}) found",
        MAX_RESULTS + 1
    );
    let total: i64 = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            count_sql,
            values.clone(),
        ))
        .await?
        .map(|r| r.try_get("", "n"))
        .transpose()?
        .unwrap_or(0);
    let page_sql = format!(
        "SELECT d.kind, d.ref_id, d.program_id, d.section_id, d.title, d.body, \
                c.amendment_id AS on_amendment \
         {visible} ORDER BY m.score, d.id LIMIT {RESULTS_PER_PAGE} OFFSET {offset}"
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, page_sql, values))
        .await?;
    let mut hits = Vec::with_capacity(rows.len());
    for r in rows {
        let kind: String = r.try_get("", "kind")?;
        let Some(kind) = DocKind::parse(&kind) else {
            continue;
        };
        let program_id: i32 = r.try_get("", "program_id")?;
        let section_id: i32 = r.try_get("", "section_id")?;
        let on: Option<i32> = r.try_get("", "on_amendment")?;
        hits.push(Hit {
            kind,
            ref_id: r.try_get("", "ref_id")?,
            program_id: ProgramId(program_id),
            section_id: SectionId(section_id),
            title: r.try_get("", "title")?,
            body: r.try_get("", "body")?,
            amendment_id: on.map(AmendmentId),
        });
    }
    Ok(Found {
        hits,
        total: total as usize,
    })
}

/// The comment ids among `hits`, for callers that load their threads' titles.
pub fn comment_ids(hits: &[Hit]) -> Vec<CommentId> {
    hits.iter()
        .filter(|h| h.kind == DocKind::Comment)
        .map(|h| CommentId(h.ref_id))
        .collect()
}
