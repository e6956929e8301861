//! Programs (the documents residents co-write; sections and revisions come with the
//! amendments work) and the event log, the audit trail of every state change.

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
                    .table("programs")
                    .col(
                        ColumnDef::new("id")
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new("slug")
                            .string_len(80)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new("title").string_len(200).not_null())
                    .col(ColumnDef::new("summary").text().not_null())
                    .col(ColumnDef::new("amendments_open").boolean().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("events")
                    .col(
                        ColumnDef::new("id")
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("at").big_integer().not_null())
                    .col(ColumnDef::new("actor_id").integer().null())
                    .col(ColumnDef::new("kind").string_len(64).not_null())
                    .col(ColumnDef::new("subject").string_len(128).not_null())
                    .col(ColumnDef::new("detail").text().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from("events", "actor_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_events_at")
                    .table("events")
                    .col("at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("events").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("programs").to_owned())
            .await
    }
}
