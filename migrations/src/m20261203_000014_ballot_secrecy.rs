//! Ballot secrecy (issue 12). The database keeps only what the count and re-casting need:
//! a ballot row holds the SHA-256 of its receipt (which the log's `replaces` names when the
//! voter casts again), never the receipt itself, so nobody reading the database can join a
//! voter to the receipt that finds their ranking in the log. Votes gain `min_voters`: below
//! that many ballots a closed vote publishes no results, ballot files or voter list.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The hash `domain::poll::receipt_hash` gives: SHA-256 of the code without dashes or
/// spaces, in capitals, as lowercase hex.
fn receipt_hash(code: &str) -> String {
    let normalized: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Sha256::digest(normalized.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

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
                    .add_column(ColumnDef::new("min_voters").integer().not_null().default(5))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("ballots")
                    .add_column(
                        ColumnDef::new("receipt_hash")
                            .string_len(64)
                            .not_null()
                            .default(""),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let rows = db
            .query_all(
                &Query::select()
                    .columns(["id", "receipt"])
                    .from("ballots")
                    .to_owned(),
            )
            .await?;
        for row in rows {
            let id: i32 = row.try_get("", "id")?;
            let receipt: String = row.try_get("", "receipt")?;
            let update = Query::update()
                .table("ballots")
                .value("receipt_hash", receipt_hash(&receipt))
                .and_where(Expr::col("id").eq(id))
                .to_owned();
            manager.exec_stmt(update).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("ballots")
                    .drop_column("receipt")
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The receipts are gone for good; what comes back is an empty column.
        manager
            .alter_table(
                Table::alter()
                    .table("ballots")
                    .add_column(
                        ColumnDef::new("receipt")
                            .string_len(32)
                            .not_null()
                            .default(""),
                    )
                    .to_owned(),
            )
            .await?;
        for (table, column) in [("ballots", "receipt_hash"), ("polls", "min_voters")] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
