//! Votes ("polls"): their options, the ballots (one per poll and voter, enforced here by a
//! UNIQUE index) and the append-only, hash-chained ballot log.

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
                    .table("polls")
                    .col(id())
                    .col(ColumnDef::new("program_id").integer().not_null())
                    .col(ColumnDef::new("section_id").integer().null())
                    .col(ColumnDef::new("kind").string_len(16).not_null())
                    .col(ColumnDef::new("title").string_len(200).not_null())
                    .col(ColumnDef::new("description").text().not_null())
                    .col(ColumnDef::new("method").string_len(32).not_null())
                    .col(ColumnDef::new("seats").integer().not_null())
                    .col(ColumnDef::new("tie").string_len(16).not_null())
                    .col(ColumnDef::new("eligibility").string_len(32).not_null())
                    .col(ColumnDef::new("opens_at").big_integer().not_null())
                    .col(ColumnDef::new("closes_at").big_integer().not_null())
                    .col(ColumnDef::new("created_by").integer().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .col(ColumnDef::new("head_hash").string_len(64).not_null())
                    .col(ColumnDef::new("entries").integer().not_null())
                    .col(ColumnDef::new("applied_at").big_integer().null())
                    .col(ColumnDef::new("applied_by").integer().null())
                    .foreign_key(&mut cascade("polls", "program_id", "programs"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("polls", "created_by")
                            .to("users", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_polls_program")
                    .table("polls")
                    .col("program_id")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("poll_options")
                    .col(id())
                    .col(ColumnDef::new("poll_id").integer().not_null())
                    .col(ColumnDef::new("position").integer().not_null())
                    .col(ColumnDef::new("name").string_len(100).not_null())
                    .col(ColumnDef::new("label").text().not_null())
                    .col(ColumnDef::new("amendment_id").integer().null())
                    .col(ColumnDef::new("withdrawn").boolean().not_null())
                    .foreign_key(&mut cascade("poll_options", "poll_id", "polls"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("poll_options", "amendment_id")
                            .to("amendments", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_poll_options_position")
                    .table("poll_options")
                    .col("poll_id")
                    .col("position")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_poll_options_amendment")
                    .table("poll_options")
                    .col("amendment_id")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("ballots")
                    .col(id())
                    .col(ColumnDef::new("poll_id").integer().not_null())
                    .col(ColumnDef::new("user_id").integer().not_null())
                    .col(ColumnDef::new("ranking").text().not_null())
                    .col(ColumnDef::new("receipt").string_len(32).not_null())
                    .col(ColumnDef::new("cast_at").big_integer().not_null())
                    .foreign_key(&mut cascade("ballots", "poll_id", "polls"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("ballots", "user_id")
                            .to("users", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ballots_one_per_voter")
                    .table("ballots")
                    .col("poll_id")
                    .col("user_id")
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("ballot_log")
                    .col(id())
                    .col(ColumnDef::new("poll_id").integer().not_null())
                    .col(ColumnDef::new("seq").integer().not_null())
                    .col(ColumnDef::new("receipt_hash").string_len(64).not_null())
                    .col(ColumnDef::new("ranking").text().not_null())
                    .col(ColumnDef::new("replaces").string_len(64).null())
                    .col(ColumnDef::new("prev_hash").string_len(64).not_null())
                    .col(ColumnDef::new("hash").string_len(64).not_null())
                    .foreign_key(&mut cascade("ballot_log", "poll_id", "polls"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ballot_log_seq")
                    .table("ballot_log")
                    .col("poll_id")
                    .col("seq")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ballot_log_receipt")
                    .table("ballot_log")
                    .col("poll_id")
                    .col("receipt_hash")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["ballot_log", "ballots", "poll_options", "polls"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
