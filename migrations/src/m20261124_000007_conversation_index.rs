//! Conversations are read in id order, a page at a time: index (root_id, id) so reading the
//! first replies of a 5,000-reply conversation stops after the first few rows on every
//! backend (the old root_id index made PostgreSQL sort the whole conversation).

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
            .create_index(
                Index::create()
                    .name("idx_comments_conversation")
                    .table("comments")
                    .col("root_id")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_comments_root")
                    .table("comments")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_comments_root")
                    .table("comments")
                    .col("root_id")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_comments_conversation")
                    .table("comments")
                    .to_owned(),
            )
            .await
    }
}
