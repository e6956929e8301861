//! Paper ballots from the room in the vote's log (issue 18): a `ballot_log` entry may come
//! from a meeting (`meeting_id`) and stand for `weight` identical paper ballots (online
//! entries: no meeting, weight 1); `poll_rooms` keeps, per vote and meeting, how many paper
//! ballots were entered, so the attendance bound and the "a person counts once" rule are
//! checked without reading the log.

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
            .alter_table(
                Table::alter()
                    .table("ballot_log")
                    .add_column(ColumnDef::new("meeting_id").integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("ballot_log")
                    .add_column(ColumnDef::new("weight").integer().not_null().default(1))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("poll_rooms")
                    .col(id())
                    .col(ColumnDef::new("poll_id").integer().not_null())
                    .col(ColumnDef::new("meeting_id").integer().not_null())
                    .col(ColumnDef::new("ballots").integer().not_null())
                    .foreign_key(&mut cascade("poll_rooms", "poll_id", "polls"))
                    .foreign_key(&mut cascade("poll_rooms", "meeting_id", "meetings"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "poll_rooms_pair",
                "poll_rooms",
                &["poll_id", "meeting_id"],
                true,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("poll_rooms").to_owned())
            .await?;
        for column in ["weight", "meeting_id"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("ballot_log")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
