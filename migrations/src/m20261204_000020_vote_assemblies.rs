//! Votes for the members of given assemblies (issue 18): `poll_assemblies` lists, for a vote
//! whose eligibility is `assemblies`, the assemblies whose members may vote (a district
//! vote).

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
                    .table("poll_assemblies")
                    .col(id())
                    .col(ColumnDef::new("poll_id").integer().not_null())
                    .col(ColumnDef::new("assembly_id").integer().not_null())
                    .foreign_key(&mut cascade("poll_assemblies", "poll_id", "polls"))
                    .foreign_key(&mut cascade("poll_assemblies", "assembly_id", "assemblies"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "poll_assemblies_pair",
                "poll_assemblies",
                &["poll_id", "assembly_id"],
                true,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("poll_assemblies").to_owned())
            .await
    }
}
