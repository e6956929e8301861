//! Accounts: users, database-backed sessions, the per-account login throttle and the
//! one-time e-mail tokens (activation, password reset).

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
                    .table("users")
                    .col(
                        ColumnDef::new("id")
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new("email")
                            .string_len(254)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new("display_name").string_len(80).not_null())
                    .col(ColumnDef::new("password_hash").string_len(255).not_null())
                    .col(ColumnDef::new("role").string_len(16).not_null())
                    .col(ColumnDef::new("locale").string_len(8).not_null())
                    .col(ColumnDef::new("email_verified_at").big_integer().null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(
                        ColumnDef::new("id_hash")
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("user_id").integer().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .col(ColumnDef::new("last_seen_at").big_integer().not_null())
                    .col(ColumnDef::new("expires_at").big_integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from("sessions", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_user")
                    .table("sessions")
                    .col("user_id")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("login_throttle")
                    .col(
                        ColumnDef::new("email")
                            .string_len(254)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("failures").integer().not_null())
                    .col(ColumnDef::new("locked_until").big_integer().not_null())
                    .col(ColumnDef::new("updated_at").big_integer().not_null())
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("email_tokens")
                    .col(
                        ColumnDef::new("token_hash")
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("user_id").integer().not_null())
                    .col(ColumnDef::new("purpose").string_len(16).not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .col(ColumnDef::new("expires_at").big_integer().not_null())
                    .col(ColumnDef::new("used_at").big_integer().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from("email_tokens", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_email_tokens_user")
                    .table("email_tokens")
                    .col("user_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["email_tokens", "login_throttle", "sessions", "users"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
