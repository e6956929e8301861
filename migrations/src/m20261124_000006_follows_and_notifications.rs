//! Follows (a person follows a section or an amendment), in-app notifications, and the
//! opt-in for the daily e-mail digest.

use crate::shapes::{cascade, id};
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
            .create_table(
                Table::create()
                    .table("follows")
                    .col(id())
                    .col(ColumnDef::new("user_id").integer().not_null())
                    .col(ColumnDef::new("target_kind").string_len(16).not_null())
                    .col(ColumnDef::new("target_id").integer().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .foreign_key(&mut cascade("follows", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follows_one")
                    .table("follows")
                    .col("user_id")
                    .col("target_kind")
                    .col("target_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follows_target")
                    .table("follows")
                    .col("target_kind")
                    .col("target_id")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("notifications")
                    .col(id())
                    .col(ColumnDef::new("user_id").integer().not_null())
                    .col(ColumnDef::new("kind").string_len(32).not_null())
                    .col(ColumnDef::new("link").string_len(200).not_null())
                    .col(ColumnDef::new("detail").text().not_null())
                    .col(ColumnDef::new("actor_id").integer().null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .col(ColumnDef::new("read_at").big_integer().null())
                    .foreign_key(&mut cascade("notifications", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notifications_user")
                    .table("notifications")
                    .col("user_id")
                    .col("read_at")
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new("digest_opt_in")
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
            ColumnDef::new("digest_sent_at")
                .big_integer()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(Table::alter().table("users").add_column(column).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["digest_sent_at", "digest_opt_in"] {
            manager
                .alter_table(Table::alter().table("users").drop_column(column).to_owned())
                .await?;
        }
        for table in ["notifications", "follows"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
