//! Program phases: each program's schedule, one start time per phase (drafting, amendments,
//! deliberation, voting, closed). The current phase is the last one started. Existing
//! programs keep what they allowed: open to amendments -> the amendments phase started when
//! they were published; published and closed -> deliberation (decisions, no new amendments).

use crate::shapes::{cascade, id};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

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
                    .table("program_phases")
                    .col(id())
                    .col(ColumnDef::new("program_id").integer().not_null())
                    .col(ColumnDef::new("phase").string_len(16).not_null())
                    .col(ColumnDef::new("starts_at").big_integer().not_null())
                    .foreign_key(&mut cascade("program_phases", "program_id", "programs"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_program_phases_one")
                    .table("program_phases")
                    .col("program_id")
                    .col("phase")
                    .unique()
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        for (phase, open) in [("amendments", true), ("deliberation", false)] {
            let sql = format!(
                "INSERT INTO program_phases (program_id, phase, starts_at) \
                 SELECT id, '{phase}', published_at FROM programs \
                 WHERE published_at IS NOT NULL AND amendments_open = {}",
                if open { "TRUE" } else { "FALSE" }
            );
            db.execute_raw(Statement::from_string(backend, sql)).await?;
        }
        // The schedule is now the one source of what a program allows.
        manager
            .alter_table(
                Table::alter()
                    .table("programs")
                    .drop_column("amendments_open")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("programs")
                    .add_column(
                        ColumnDef::new("amendments_open")
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("program_phases").to_owned())
            .await
    }
}
