//! Full-text search (issue 14). `search_docs` holds one row per searchable thing (a
//! section's current text, an amendment, a comment): the text as written, to show, and
//! folded by `domain::search::fold` (lower case, no accents), to match. Each backend indexes
//! the folded columns with its own engine:
//! - SQLite: an FTS5 table over `search_docs` (external content), kept in step by triggers;
//! - PostgreSQL: a generated `tsvector` (`simple` configuration; title weighted above
//!   body) with a GIN index.
//!
//! The application writes `search_docs` in the same transaction as the text it indexes.
//! Rows for existing content are written at start-up when the index is empty
//! (`services::search::ensure_built`), so this migration stays pure schema.

use crate::shapes;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("search_docs")
                    .col(shapes::id())
                    .col(ColumnDef::new("kind").string_len(16).not_null())
                    .col(ColumnDef::new("ref_id").integer().not_null())
                    .col(ColumnDef::new("program_id").integer().not_null())
                    .col(ColumnDef::new("section_id").integer().not_null())
                    .col(ColumnDef::new("title").text().not_null())
                    .col(ColumnDef::new("body").text().not_null())
                    .col(ColumnDef::new("ftitle").text().not_null())
                    .col(ColumnDef::new("fbody").text().not_null())
                    .col(ColumnDef::new("updated_at").big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(shapes::index(
                "idx_search_docs_ref",
                "search_docs",
                &["kind", "ref_id"],
                true,
            ))
            .await?;
        manager
            .create_index(shapes::index(
                "idx_search_docs_program",
                "search_docs",
                &["program_id"],
                false,
            ))
            .await?;
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        let statements: &[&str] = match backend {
            DatabaseBackend::Sqlite => &[
                "CREATE VIRTUAL TABLE search_fts USING fts5(ftitle, fbody, \
                 content='search_docs', content_rowid='id', tokenize='unicode61')",
                "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN \
                 INSERT INTO search_fts(rowid, ftitle, fbody) VALUES (new.id, new.ftitle, new.fbody); END",
                "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN \
                 INSERT INTO search_fts(search_fts, rowid, ftitle, fbody) \
                 VALUES ('delete', old.id, old.ftitle, old.fbody); END",
                "CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN \
                 INSERT INTO search_fts(search_fts, rowid, ftitle, fbody) \
                 VALUES ('delete', old.id, old.ftitle, old.fbody); \
                 INSERT INTO search_fts(rowid, ftitle, fbody) VALUES (new.id, new.ftitle, new.fbody); END",
            ],
            DatabaseBackend::Postgres => &[
                "ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS \
                 (setweight(to_tsvector('simple', ftitle), 'A') || \
                  setweight(to_tsvector('simple', fbody), 'B')) STORED",
                "CREATE INDEX idx_search_docs_tsv ON search_docs USING GIN (tsv)",
            ],
            _ => &[],
        };
        for sql in statements {
            db.execute_raw(Statement::from_string(backend, String::from(*sql)))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        if backend == DatabaseBackend::Sqlite {
            db.execute_raw(Statement::from_string(
                backend,
                "DROP TABLE IF EXISTS search_fts".to_string(),
            ))
            .await?;
        }
        manager
            .drop_table(Table::drop().table("search_docs").to_owned())
            .await
    }
}
