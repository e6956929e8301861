//! Amendments (a proposed full text of one section, written on a base revision), their
//! published versions (edits, rebases and resolutions, never overwritten) and supports
//! (one per person and amendment, remembering the version supported).

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
                    .table("amendments")
                    .col(id())
                    .col(ColumnDef::new("program_id").integer().not_null())
                    .col(ColumnDef::new("section_id").integer().not_null())
                    .col(ColumnDef::new("author_id").integer().not_null())
                    .col(ColumnDef::new("title").string_len(200).not_null())
                    .col(ColumnDef::new("text").text().not_null())
                    .col(ColumnDef::new("justification").text().not_null())
                    .col(ColumnDef::new("status").string_len(16).not_null())
                    .col(ColumnDef::new("base_number").integer().not_null())
                    .col(ColumnDef::new("version").integer().not_null())
                    .col(ColumnDef::new("conflict_head").integer().null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .col(ColumnDef::new("updated_at").big_integer().not_null())
                    .col(ColumnDef::new("published_at").big_integer().null())
                    .col(ColumnDef::new("decided_at").big_integer().null())
                    .col(ColumnDef::new("decided_by").integer().null())
                    .foreign_key(&mut cascade("amendments", "program_id", "programs"))
                    .foreign_key(&mut cascade("amendments", "section_id", "sections"))
                    .foreign_key(
                        ForeignKey::create()
                            .from("amendments", "author_id")
                            .to("users", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("amendments", "decided_by")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_amendments_section_status")
                    .table("amendments")
                    .col("section_id")
                    .col("status")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_amendments_program_status")
                    .table("amendments")
                    .col("program_id")
                    .col("status")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("amendment_versions")
                    .col(id())
                    .col(ColumnDef::new("amendment_id").integer().not_null())
                    .col(ColumnDef::new("version").integer().not_null())
                    .col(ColumnDef::new("kind").string_len(16).not_null())
                    .col(ColumnDef::new("base_number").integer().not_null())
                    .col(ColumnDef::new("previous_base").integer().null())
                    .col(ColumnDef::new("title").string_len(200).not_null())
                    .col(ColumnDef::new("text").text().not_null())
                    .col(ColumnDef::new("justification").text().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .foreign_key(&mut cascade(
                        "amendment_versions",
                        "amendment_id",
                        "amendments",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_amendment_versions_number")
                    .table("amendment_versions")
                    .col("amendment_id")
                    .col("version")
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("supports")
                    .col(id())
                    .col(ColumnDef::new("amendment_id").integer().not_null())
                    .col(ColumnDef::new("user_id").integer().not_null())
                    .col(ColumnDef::new("version").integer().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .foreign_key(&mut cascade("supports", "amendment_id", "amendments"))
                    .foreign_key(&mut cascade("supports", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_supports_one_per_person")
                    .table("supports")
                    .col("amendment_id")
                    .col("user_id")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["supports", "amendment_versions", "amendments"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
