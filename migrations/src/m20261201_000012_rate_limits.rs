//! Rate limits shared by every app server: one counter per key (a purpose and who or what
//! is limited, e.g. `mail-to:<address>`, `mail-from:<client>`, `cast:<vote>:<person>`) and
//! the start of its current window. Counted with one atomic upsert, so 50 parallel calls
//! are counted exactly like 50 sequential ones on SQLite and PostgreSQL alike.

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
                    .table("rate_limits")
                    .col(ColumnDef::new("key").string().not_null().primary_key())
                    .col(ColumnDef::new("window_start").big_integer().not_null())
                    .col(ColumnDef::new("count").integer().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("rate_limits").to_owned())
            .await
    }
}
