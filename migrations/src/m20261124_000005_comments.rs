//! Comment threads on sections, passages and amendments: comments (Markdown source and its
//! sanitized HTML, stance, anchor, cached vote counts, moderation state), their edit
//! history, one vote and one report per person and comment.

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
                    .table("comments")
                    .col(id())
                    .col(ColumnDef::new("program_id").integer().not_null())
                    .col(ColumnDef::new("section_id").integer().not_null())
                    .col(ColumnDef::new("amendment_id").integer().null())
                    .col(ColumnDef::new("parent_id").integer().null())
                    .col(ColumnDef::new("root_id").integer().null())
                    .col(ColumnDef::new("depth").integer().not_null())
                    .col(ColumnDef::new("author_id").integer().not_null())
                    .col(ColumnDef::new("stance").string_len(8).null())
                    .col(ColumnDef::new("body").text().not_null())
                    .col(ColumnDef::new("body_html").text().not_null())
                    .col(ColumnDef::new("anchor_revision").integer().null())
                    .col(ColumnDef::new("anchor_start").integer().null())
                    .col(ColumnDef::new("anchor_end").integer().null())
                    .col(ColumnDef::new("anchor_quote").text().null())
                    .col(ColumnDef::new("anchor_prefix").text().null())
                    .col(ColumnDef::new("anchor_suffix").text().null())
                    .col(ColumnDef::new("ups").integer().not_null().default(0))
                    .col(ColumnDef::new("downs").integer().not_null().default(0))
                    .col(ColumnDef::new("reports").integer().not_null().default(0))
                    .col(ColumnDef::new("hidden").boolean().not_null().default(false))
                    .col(
                        ColumnDef::new("deleted")
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(ColumnDef::new("edited_at").big_integer().null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .foreign_key(&mut cascade("comments", "program_id", "programs"))
                    .foreign_key(&mut cascade("comments", "section_id", "sections"))
                    .foreign_key(&mut cascade("comments", "amendment_id", "amendments"))
                    .foreign_key(&mut cascade("comments", "parent_id", "comments"))
                    .foreign_key(&mut cascade("comments", "author_id", "users"))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_comments_thread",
                vec!["section_id", "amendment_id", "parent_id", "created_at"],
            ),
            ("idx_comments_root", vec!["root_id"]),
            ("idx_comments_author_time", vec!["author_id", "created_at"]),
        ] {
            let mut index = Index::create();
            index.name(name).table("comments");
            for c in cols {
                index.col(c);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table("comment_versions")
                    .col(id())
                    .col(ColumnDef::new("comment_id").integer().not_null())
                    .col(ColumnDef::new("body").text().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .foreign_key(&mut cascade("comment_versions", "comment_id", "comments"))
                    .to_owned(),
            )
            .await?;

        for (table, extra) in [("comment_votes", "value"), ("comment_reports", "reason")] {
            let mut create = Table::create();
            create
                .table(table)
                .col(id())
                .col(ColumnDef::new("comment_id").integer().not_null())
                .col(ColumnDef::new("user_id").integer().not_null())
                .col(ColumnDef::new("created_at").big_integer().not_null())
                .foreign_key(&mut cascade(table, "comment_id", "comments"))
                .foreign_key(&mut cascade(table, "user_id", "users"));
            if extra == "value" {
                create.col(ColumnDef::new("value").small_integer().not_null());
            } else {
                create.col(ColumnDef::new("reason").text().not_null()).col(
                    ColumnDef::new("dismissed")
                        .boolean()
                        .not_null()
                        .default(false),
                );
            }
            manager.create_table(create.to_owned()).await?;
            manager
                .create_index(
                    Index::create()
                        .name(format!("idx_{table}_one_per_person"))
                        .table(table)
                        .col("comment_id")
                        .col("user_id")
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "comment_reports",
            "comment_votes",
            "comment_versions",
            "comments",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
