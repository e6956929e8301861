//! Forms that lose nothing (issue 15).
//!
//! `submissions`: the key each create form carries (one per rendered form), claimed in the
//! same transaction as what the form creates. A double submit (a second tap, a resent post)
//! finds its key claimed and gets the first result back instead of a duplicate.
//!
//! `form_stash`: what a plain form post that failed had typed, kept under a random token so
//! the form page can show it again (after an error, or after logging in) without any of it
//! travelling in a URL. Kept for a day.

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
            .create_table(
                Table::create()
                    .table("submissions")
                    .col(ColumnDef::new("account_id").integer().not_null())
                    .col(ColumnDef::new("key").string_len(64).not_null())
                    .col(ColumnDef::new("kind").string_len(32).not_null())
                    .col(ColumnDef::new("created_id").integer())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .primary_key(Index::create().col("account_id").col("key"))
                    .foreign_key(&mut crate::shapes::cascade(
                        "submissions",
                        "account_id",
                        "users",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("form_stash")
                    .col(
                        ColumnDef::new("token")
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("account_id").integer())
                    .col(ColumnDef::new("fields").text().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "form_stash_created",
                "form_stash",
                &["created_at"],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("form_stash").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("submissions").to_owned())
            .await
    }
}
