//! Hearing what changed (issue 16).
//!
//! - `amendments.changed_version`: the version of the author's last change of wording
//!   (publish, edit, resolve; a rebase changes nothing they wrote). A support at an older
//!   version backs a text that has changed since: it is counted apart until re-confirmed.
//! - `notifications`: the program and section a notice is about (the digest groups by
//!   them), how it is delivered (`app`, `digest`, `email`) and when it was mailed.
//! - `notice_prefs`: a person's choice of delivery per kind (no row: the kind's default).
//! - When the timed notices went out, so each goes out once whatever the number of app
//!   servers: a vote's opening and its closing reminder, a meeting's day-before reminder,
//!   a phase's start. What already happened before this migration is marked as told.
//! - `amendments.recommended_*`: the optional recommendation step: a decision a facilitator
//!   proposes, with its reason, for authors and supporters to comment on before it is final.
//! - `settings`: platform settings coordinators change in the app (the time zone), one row
//!   per key, with who changed it last.
//! - Mail about notices is on by default now (with defaults that do not flood); people who
//!   had unsubscribed from the digest keep nothing but in-app notices.

use crate::shapes::{cascade, id, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TOLD: [(&str, &str); 4] = [
    ("polls", "open_told_at"),
    ("polls", "closing_told_at"),
    ("meetings", "reminded_at"),
    ("program_phases", "told_at"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let mut columns: Vec<(&str, ColumnDef)> = vec![
            (
                "amendments",
                ColumnDef::new("changed_version")
                    .integer()
                    .not_null()
                    .default(0)
                    .to_owned(),
            ),
            (
                "notifications",
                ColumnDef::new("program_id").integer().null().to_owned(),
            ),
            (
                "notifications",
                ColumnDef::new("section_id").integer().null().to_owned(),
            ),
            (
                "notifications",
                ColumnDef::new("delivery")
                    .string_len(8)
                    .not_null()
                    .default("app")
                    .to_owned(),
            ),
            (
                "notifications",
                ColumnDef::new("mailed_at").big_integer().null().to_owned(),
            ),
        ];
        for (table, column) in TOLD {
            columns.push((
                table,
                ColumnDef::new(column).big_integer().null().to_owned(),
            ));
        }
        columns.extend([
            (
                "amendments",
                ColumnDef::new("recommended_kind")
                    .string_len(16)
                    .null()
                    .to_owned(),
            ),
            (
                "amendments",
                ColumnDef::new("recommended_reason")
                    .text()
                    .null()
                    .to_owned(),
            ),
            (
                "amendments",
                ColumnDef::new("recommended_by").integer().null().to_owned(),
            ),
            (
                "amendments",
                ColumnDef::new("recommended_at")
                    .big_integer()
                    .null()
                    .to_owned(),
            ),
        ]);
        for (table, column) in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(table.to_string())
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(index(
                "notifications_mail_due",
                "notifications",
                &["delivery", "mailed_at"],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("notice_prefs")
                    .col(id())
                    .col(ColumnDef::new("user_id").integer().not_null())
                    .col(ColumnDef::new("kind").string_len(16).not_null())
                    .col(ColumnDef::new("delivery").string_len(8).not_null())
                    .foreign_key(&mut cascade("notice_prefs", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "notice_prefs_user_kind",
                "notice_prefs",
                &["user_id", "kind"],
                true,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("settings")
                    .col(
                        ColumnDef::new("key")
                            .string_len(32)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new("value").text().not_null())
                    .col(ColumnDef::new("updated_at").big_integer().not_null())
                    .col(ColumnDef::new("updated_by").integer().null())
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "UPDATE amendments SET changed_version = COALESCE((SELECT MAX(v.version) FROM \
             amendment_versions v WHERE v.amendment_id = amendments.id AND v.kind IN \
             ('publish', 'edit', 'resolve')), 0)",
        )
        .await?;
        // What happened before now was not announced as it happened: never announce it late.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let day = now + 24 * 3600;
        for sql in [
            format!("UPDATE polls SET open_told_at = {now} WHERE opens_at <= {now}"),
            format!("UPDATE polls SET closing_told_at = {now} WHERE closes_at <= {day}"),
            format!("UPDATE meetings SET reminded_at = {now} WHERE starts_at <= {day}"),
            format!("UPDATE program_phases SET told_at = {now} WHERE starts_at <= {now}"),
        ] {
            db.execute_unprepared(&sql).await?;
        }
        // Those who unsubscribed from the digest keep every notice in the app only.
        let kinds = [
            "reply",
            "accepted",
            "rejected",
            "conflicted",
            "resolve",
            "edited",
            "decided",
            "recommended",
            "vote_open",
            "vote_closing",
            "meeting",
            "meeting_reminder",
            "phase",
        ];
        for kind in kinds {
            db.execute_unprepared(&format!(
                "INSERT INTO notice_prefs (user_id, kind, delivery) SELECT DISTINCT actor_id, \
                 '{kind}', 'app' FROM events WHERE kind = 'digest.unsubscribe' AND actor_id IS \
                 NOT NULL"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("settings").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("notice_prefs").to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("notifications_mail_due")
                    .table("notifications")
                    .to_owned(),
            )
            .await?;
        let mut columns = vec![
            ("amendments", "changed_version"),
            ("notifications", "program_id"),
            ("notifications", "section_id"),
            ("notifications", "delivery"),
            ("notifications", "mailed_at"),
        ];
        columns.extend(TOLD);
        columns.extend([
            ("amendments", "recommended_kind"),
            ("amendments", "recommended_reason"),
            ("amendments", "recommended_by"),
            ("amendments", "recommended_at"),
        ]);
        for (table, column) in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(table.to_string())
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
