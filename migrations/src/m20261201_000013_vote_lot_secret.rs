//! The lot that breaks a tie cannot be steered (issue 12): every vote draws a secret when it
//! is opened and publishes its SHA-256 (the commitment) at once; after the close the secret
//! is revealed and the lot's seed is SHA-256(final log head, ":", secret). Nobody knows the
//! seed before the close (the secret is hidden, the head moves with every ballot), and nobody
//! can pick it (the secret was fixed before the first ballot). Votes opened before this
//! migration keep an empty secret and commitment.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["lot_secret", "lot_commitment"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("polls")
                        .add_column(ColumnDef::new(column).string().not_null().default(""))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in ["lot_secret", "lot_commitment"] {
            manager
                .alter_table(Table::alter().table("polls").drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
