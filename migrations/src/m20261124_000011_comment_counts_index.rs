//! Indexes found by the city-scale latency measurement. The program page counts each
//! section's comments: (program, section, deleted) answers that from the index alone instead
//! of reading every comment's row (167 ms -> a few ms for 100,000 comments on SQLite). The
//! dashboard counts what each assembly's members did: supports and ballots by person.

use crate::shapes::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index("idx_supports_user", "supports", &["user_id"], false))
            .await?;
        manager
            .create_index(index("idx_ballots_user", "ballots", &["user_id"], false))
            .await?;
        manager
            .create_index(index(
                "idx_comments_program_section",
                "comments",
                &["program_id", "section_id", "deleted"],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("idx_supports_user", "supports"),
            ("idx_ballots_user", "ballots"),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_comments_program_section")
                    .table("comments")
                    .to_owned(),
            )
            .await
    }
}
