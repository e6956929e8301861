//! Public, reasoned decisions (issue 16): what was decided about an amendment and why, on
//! the amendment itself (it was kept only in the coordinators' event log).
//!
//! `decision_kind`: accepted, rejected, covered or withdrawn; `decision_reason`: the reason
//! given (required for rejected and covered unless a vote decided); `decision_poll`: the
//! vote whose result decided it; `covered_by`: the amendment that already asks the same
//! (a covered amendment without one is covered by the current text).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            ColumnDef::new("decision_kind")
                .string_len(16)
                .null()
                .to_owned(),
            ColumnDef::new("decision_reason").text().null().to_owned(),
            ColumnDef::new("decision_poll").integer().null().to_owned(),
            ColumnDef::new("covered_by").integer().null().to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("amendments")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            "covered_by",
            "decision_poll",
            "decision_reason",
            "decision_kind",
        ] {
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
