//! Eligibility rolls (issue 18): `rolls` (a census or membership list a coordinator
//! imported: its name, the kind of second factor, the fingerprint of the key its entries
//! were hashed with, how many entries and how many verified, kept as counters rather than
//! counted per view, and when the import finished), `roll_entries` (per line, the keyed
//! hash of the identifier and of identifier plus second factor, and the account that
//! verified itself on it) and `polls.roll_id` (the roll a vote is open to).

use crate::shapes::{cascade, id, index};
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
                    .table("rolls")
                    .col(id())
                    .col(ColumnDef::new("name").string().not_null())
                    .col(ColumnDef::new("factor").string().not_null())
                    .col(
                        ColumnDef::new("factor_label")
                            .string()
                            .not_null()
                            .default(""),
                    )
                    .col(ColumnDef::new("key_check").string().not_null())
                    .col(
                        ColumnDef::new("entries")
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new("verified")
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ColumnDef::new("created_by").integer().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .col(ColumnDef::new("ready_at").big_integer().null())
                    .foreign_key(&mut cascade("rolls", "created_by", "users"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("roll_entries")
                    .col(ColumnDef::new("roll_id").integer().not_null())
                    .col(ColumnDef::new("id_hash").string().not_null())
                    .col(ColumnDef::new("factor_hash").string().not_null())
                    .col(ColumnDef::new("user_id").integer().null())
                    .col(ColumnDef::new("verified_at").big_integer().null())
                    .primary_key(Index::create().col("roll_id").col("id_hash"))
                    .foreign_key(&mut cascade("roll_entries", "roll_id", "rolls"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("roll_entries", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // One entry per account and roll; also finds the rolls an account is on.
        manager
            .create_index(index(
                "roll_entries_user",
                "roll_entries",
                &["user_id", "roll_id"],
                true,
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("polls")
                    .add_column(ColumnDef::new("roll_id").integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("polls")
                    .drop_column("roll_id")
                    .to_owned(),
            )
            .await?;
        for table in ["roll_entries", "rolls"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
