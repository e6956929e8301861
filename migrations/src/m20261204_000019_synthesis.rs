//! Synthesis by consent (issue 17).
//!
//! - `merge_sources`: the amendments a proposed merge combines, the version of each it was
//!   drafted from, and each source author's answer (`consent` or `keep`) and when.
//! - `amendments.merge_deadline`: a proposed merge (a draft everyone can read) is published
//!   when every source author has answered or at this time, whichever comes first;
//!   `merge_closed_at` records that it was, claimed once by a compare-and-set.
//! - `committees`: who decides on a chapter: a name, its program, optionally an assembly
//!   (whose facilitators are then members); `committee_sections` the sections it decides on
//!   (one committee per section); `committee_members` its named facilitators.

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
        for column in ["merge_deadline", "merge_closed_at"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("amendments")
                        .add_column(ColumnDef::new(column).big_integer().null())
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("merge_sources")
                    .col(id())
                    .col(ColumnDef::new("merged_id").integer().not_null())
                    .col(ColumnDef::new("source_id").integer().not_null())
                    .col(ColumnDef::new("source_version").integer().not_null())
                    .col(ColumnDef::new("author_id").integer().not_null())
                    .col(ColumnDef::new("answer").string_len(8).null())
                    .col(ColumnDef::new("answered_at").big_integer().null())
                    .foreign_key(&mut cascade("merge_sources", "merged_id", "amendments"))
                    .foreign_key(&mut cascade("merge_sources", "source_id", "amendments"))
                    .foreign_key(&mut cascade("merge_sources", "author_id", "users"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "merge_sources_pair",
                "merge_sources",
                &["merged_id", "source_id"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "merge_sources_source",
                "merge_sources",
                &["source_id"],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("committees")
                    .col(id())
                    .col(ColumnDef::new("program_id").integer().not_null())
                    .col(ColumnDef::new("name").string_len(120).not_null())
                    .col(ColumnDef::new("assembly_id").integer().null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .foreign_key(&mut cascade("committees", "program_id", "programs"))
                    .foreign_key(&mut cascade("committees", "assembly_id", "assemblies"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "committees_program",
                "committees",
                &["program_id"],
                false,
            ))
            .await?;
        for (table, column, to) in [
            ("committee_sections", "section_id", "sections"),
            ("committee_members", "user_id", "users"),
        ] {
            manager
                .create_table(
                    Table::create()
                        .table(table)
                        .col(id())
                        .col(ColumnDef::new("committee_id").integer().not_null())
                        .col(ColumnDef::new(column).integer().not_null())
                        .foreign_key(&mut cascade(table, "committee_id", "committees"))
                        .foreign_key(&mut cascade(table, column, to))
                        .to_owned(),
                )
                .await?;
        }
        // One committee per section; a person once per committee.
        manager
            .create_index(index(
                "committee_sections_section",
                "committee_sections",
                &["section_id"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "committee_members_pair",
                "committee_members",
                &["committee_id", "user_id"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "committee_members_user",
                "committee_members",
                &["user_id"],
                false,
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "committee_members",
            "committee_sections",
            "committees",
            "merge_sources",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in ["merge_deadline", "merge_closed_at"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("amendments")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
