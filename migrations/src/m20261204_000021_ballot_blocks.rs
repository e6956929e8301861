//! Ballots of several questions and other forms (issue 18): `polls.blocks` holds the
//! ballot's shape as JSON (the questions, each with its method, seats, approval limit and
//! options); empty for a vote of one question counted by `polls.method`.

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
                    .table("polls")
                    .add_column(ColumnDef::new("blocks").text().not_null().default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("polls")
                    .drop_column("blocks")
                    .to_owned(),
            )
            .await
    }
}
