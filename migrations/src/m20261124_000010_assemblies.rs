//! Open assemblies and their meetings. An assembly is territorial or thematic; its members
//! and facilitators are rows of `assembly_members` (a facilitator has power in the
//! assemblies they facilitate only). A meeting has an agenda of sections and amendments,
//! registrations (with attendance once held), minutes, and outcomes: amendments adopted in
//! the room (ordinary amendments carrying `amendments.assembly_id`), in-room counts on
//! existing amendments (kept apart from online supports and ballots) and priorities.

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
                    .table("assemblies")
                    .col(id())
                    .col(ColumnDef::new("slug").string_len(80).not_null())
                    .col(ColumnDef::new("name").string_len(120).not_null())
                    .col(ColumnDef::new("kind").string_len(16).not_null())
                    .col(ColumnDef::new("description").text().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .col(ColumnDef::new("created_by").integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("idx_assemblies_slug", "assemblies", &["slug"], true))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("assembly_members")
                    .col(id())
                    .col(ColumnDef::new("assembly_id").integer().not_null())
                    .col(ColumnDef::new("user_id").integer().not_null())
                    .col(ColumnDef::new("facilitator").boolean().not_null())
                    .col(ColumnDef::new("joined_at").big_integer().not_null())
                    .foreign_key(&mut cascade(
                        "assembly_members",
                        "assembly_id",
                        "assemblies",
                    ))
                    .foreign_key(&mut cascade("assembly_members", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_assembly_members_one",
                "assembly_members",
                &["assembly_id", "user_id"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_assembly_members_user",
                "assembly_members",
                &["user_id"],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("meetings")
                    .col(id())
                    .col(ColumnDef::new("assembly_id").integer().not_null())
                    .col(ColumnDef::new("title").string_len(160).not_null())
                    .col(ColumnDef::new("starts_at").big_integer().not_null())
                    .col(ColumnDef::new("ends_at").big_integer().not_null())
                    .col(ColumnDef::new("place").string_len(200).not_null())
                    .col(ColumnDef::new("online_url").string_len(500).not_null())
                    .col(ColumnDef::new("description").text().not_null())
                    .col(ColumnDef::new("capacity").integer().null())
                    .col(ColumnDef::new("minutes").text().not_null())
                    .col(ColumnDef::new("guests").integer().not_null())
                    .col(ColumnDef::new("recorded_at").big_integer().null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .col(ColumnDef::new("created_by").integer().not_null())
                    .foreign_key(&mut cascade("meetings", "assembly_id", "assemblies"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_meetings_assembly",
                "meetings",
                &["assembly_id", "starts_at"],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("meeting_agenda")
                    .col(id())
                    .col(ColumnDef::new("meeting_id").integer().not_null())
                    .col(ColumnDef::new("position").integer().not_null())
                    .col(ColumnDef::new("section_id").integer().null())
                    .col(ColumnDef::new("amendment_id").integer().null())
                    .foreign_key(&mut cascade("meeting_agenda", "meeting_id", "meetings"))
                    .foreign_key(&mut cascade("meeting_agenda", "section_id", "sections"))
                    .foreign_key(&mut cascade("meeting_agenda", "amendment_id", "amendments"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_meeting_agenda_meeting",
                "meeting_agenda",
                &["meeting_id", "position"],
                false,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("meeting_registrations")
                    .col(id())
                    .col(ColumnDef::new("meeting_id").integer().not_null())
                    .col(ColumnDef::new("user_id").integer().not_null())
                    .col(ColumnDef::new("registered_at").big_integer().not_null())
                    .col(ColumnDef::new("attended").boolean().not_null())
                    .foreign_key(&mut cascade(
                        "meeting_registrations",
                        "meeting_id",
                        "meetings",
                    ))
                    .foreign_key(&mut cascade("meeting_registrations", "user_id", "users"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_meeting_registrations_one",
                "meeting_registrations",
                &["meeting_id", "user_id"],
                true,
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("meeting_outcomes")
                    .col(id())
                    .col(ColumnDef::new("meeting_id").integer().not_null())
                    .col(ColumnDef::new("kind").string_len(16).not_null())
                    .col(ColumnDef::new("position").integer().not_null())
                    .col(ColumnDef::new("amendment_id").integer().null())
                    .col(ColumnDef::new("text").text().not_null())
                    .col(ColumnDef::new("votes_for").integer().not_null())
                    .col(ColumnDef::new("votes_against").integer().not_null())
                    .col(ColumnDef::new("votes_abstain").integer().not_null())
                    .col(ColumnDef::new("created_at").big_integer().not_null())
                    .col(ColumnDef::new("created_by").integer().not_null())
                    .foreign_key(&mut cascade("meeting_outcomes", "meeting_id", "meetings"))
                    .foreign_key(&mut cascade(
                        "meeting_outcomes",
                        "amendment_id",
                        "amendments",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_meeting_outcomes_meeting",
                "meeting_outcomes",
                &["meeting_id", "position"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_meeting_outcomes_amendment",
                "meeting_outcomes",
                &["amendment_id"],
                false,
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("amendments")
                    .add_column(ColumnDef::new("assembly_id").integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_amendments_assembly",
                "amendments",
                &["assembly_id"],
                false,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_amendments_assembly")
                    .table("amendments")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("amendments")
                    .drop_column("assembly_id")
                    .to_owned(),
            )
            .await?;
        for t in [
            "meeting_outcomes",
            "meeting_registrations",
            "meeting_agenda",
            "meetings",
            "assembly_members",
            "assemblies",
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
