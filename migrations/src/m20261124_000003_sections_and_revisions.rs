//! Sections of a program (an ordered tree) and their revisions: each section's text is a
//! chain of immutable revisions numbered from 1; the section records its head number.

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
            .alter_table(
                Table::alter()
                    .table("programs")
                    .add_column(ColumnDef::new("preamble").text().not_null().default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("programs")
                    .add_column(ColumnDef::new("published_at").big_integer().null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("sections")
                    .col(
                        ColumnDef::new("id")
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("program_id").integer().not_null())
                    .col(ColumnDef::new("parent_id").integer().null())
                    .col(ColumnDef::new("position").integer().not_null())
                    .col(ColumnDef::new("level").small_integer().not_null())
                    .col(ColumnDef::new("title").string_len(200).not_null())
                    .col(ColumnDef::new("head_number").integer().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from("sections", "program_id")
                            .to("programs", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("sections", "parent_id")
                            .to("sections", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sections_program_position")
                    .table("sections")
                    .col("program_id")
                    .col("position")
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("revisions")
                    .col(
                        ColumnDef::new("id")
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("section_id").integer().not_null())
                    .col(ColumnDef::new("number").integer().not_null())
                    .col(ColumnDef::new("text").text().not_null())
                    .col(ColumnDef::new("author_id").integer().null())
                    .col(ColumnDef::new("amendment_id").integer().null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from("revisions", "section_id")
                            .to("sections", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from("revisions", "author_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_revisions_section_number")
                    .table("revisions")
                    .col("section_id")
                    .col("number")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("revisions").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("sections").to_owned())
            .await?;
        for column in ["published_at", "preamble"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("programs")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
