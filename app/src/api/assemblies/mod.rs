//! Assemblies and their meetings: list, page, create, facilitators, membership; meetings,
//! registration, what happened (attendance, minutes, outcomes) and the printable pack.
// A form's fields are the server function's arguments: some forms have many.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::views::assemblies::AssemblyCard;
use crate::views::assemblies::AssemblyDetail;
use crate::views::assemblies::MeetingDetail;
use crate::views::assemblies::MeetingFormData;
use crate::views::assemblies::MeetingPack;
use leptos::prelude::*;

/// Every assembly (territorial first), with members, facilitators and the next meeting.
#[server(endpoint = "assemblies/list")]
pub async fn list_assemblies() -> Result<Vec<AssemblyCard>, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::assemblies::list(&state.db, me.as_ref()).await
    })
    .await
}

/// One assembly's page.
#[server(endpoint = "assemblies/get")]
pub async fn get_assembly(slug: String) -> Result<AssemblyDetail, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::assemblies::page(&state.db, me.as_ref(), &slug).await
    })
    .await
}

/// A new assembly (coordinators). Answers its address.
#[server(endpoint = "assemblies/create")]
pub async fn create_assembly(
    name: String,
    kind: String,
    #[server(default)] description: String,
) -> Result<String, AppError> {
    use crate::services::assemblies;
    use crate::web;
    let keep = [
        ("name", name.as_str()),
        ("description", description.as_str()),
    ];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let created = assemblies::create(&state.db, &me, &name, &kind, &description).await?;
        web::redirect_plain_form(&format!("/assemblies/{}", created.slug));
        Ok(created.slug)
    })
    .await
}

/// Changes an assembly (its facilitators, coordinators).
#[server(endpoint = "assemblies/update")]
pub async fn update_assembly(
    id: i32,
    name: String,
    kind: String,
    #[server(default)] description: String,
) -> Result<String, AppError> {
    use crate::services::assemblies;
    use crate::web;
    let keep = [("description", description.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let updated = assemblies::update(&state.db, &me, id, &name, &kind, &description).await?;
        web::redirect_plain_form(&format!("/assemblies/{}", updated.slug));
        Ok(updated.slug)
    })
    .await
}

/// Names (`on`) or removes a facilitator of an assembly by e-mail (coordinators).
#[server(endpoint = "assemblies/facilitator")]
pub async fn set_assembly_facilitator(id: i32, email: String, on: bool) -> Result<(), AppError> {
    use crate::services::assemblies;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        assemblies::set_facilitator(&state.db, &me, id, &email, on).await?;
        web::redirect_plain_form_back("/assemblies", "facilitators");
        Ok(())
    })
    .await
}

/// The caller joins (`join`) or leaves an assembly.
#[server(endpoint = "assemblies/join")]
pub async fn join_assembly(id: i32, join: bool) -> Result<(), AppError> {
    use crate::services::assemblies;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        assemblies::set_membership(&state.db, &me, id, join).await?;
        web::redirect_plain_form_back("/assemblies", "membership");
        Ok(())
    })
    .await
}

/// One meeting: details, agenda, registrations, and what happened.
#[server(endpoint = "meetings/get")]
pub async fn get_meeting(id: i32) -> Result<MeetingDetail, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::assemblies::meeting_page(&state.db, me.as_ref(), id).await
    })
    .await
}

/// The printable pack of a meeting: the agenda with the current texts and the diffs.
#[server(endpoint = "meetings/pack")]
pub async fn get_meeting_pack(id: i32) -> Result<MeetingPack, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::assemblies::pack(&state.db, me.as_ref(), id).await
    })
    .await
}

/// Schedules a meeting (`id` absent) or changes one (`id` given): its assembly's
/// facilitators and coordinators. Times are `YYYY-MM-DDTHH:MM` (UTC); `agenda[]` holds
/// `s<section id>` and `a<amendment id>` items.
#[server(endpoint = "meetings/save")]
pub async fn save_meeting(
    assembly_id: i32,
    #[server(default)] id: Option<i32>,
    title: String,
    starts_at: String,
    ends_at: String,
    #[server(default)] place: String,
    #[server(default)] online_url: String,
    #[server(default)] description: String,
    #[server(default)] capacity: String,
    #[server(default)] agenda: Vec<String>,
) -> Result<i32, AppError> {
    use crate::services::assemblies::{self, MeetingInput};
    use crate::web;
    let keep = [
        ("title", title.as_str()),
        ("starts_at", starts_at.as_str()),
        ("ends_at", ends_at.as_str()),
        ("place", place.as_str()),
        ("online_url", online_url.as_str()),
        ("description", description.as_str()),
        ("capacity", capacity.as_str()),
    ];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let input = MeetingInput {
            title: &title,
            starts_at: &starts_at,
            ends_at: &ends_at,
            place: &place,
            online_url: &online_url,
            description: &description,
            capacity: &capacity,
            agenda: &agenda,
        };
        let saved = match id {
            Some(id) => assemblies::update_meeting(&state.db, &me, id, input).await?,
            None => assemblies::create_meeting(&state.db, &me, assembly_id, input).await?,
        };
        if saved.assembly_id != assembly_id {
            return Err(AppError::BadRequest);
        }
        web::redirect_plain_form(&format!("/meetings/{}", saved.id));
        Ok(saved.id)
    })
    .await
}

/// The caller registers for (`register`) or cancels their place at a meeting.
#[server(endpoint = "meetings/register")]
pub async fn register_meeting(id: i32, register: bool) -> Result<(), AppError> {
    use crate::services::assemblies;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        assemblies::set_registration(&state.db, &me, id, register).await?;
        web::redirect_plain_form(&format!("/meetings/{id}#registration"));
        Ok(())
    })
    .await
}

/// Attendance (`attended[]`: ids of registered residents who came), guests and minutes.
#[server(endpoint = "meetings/record")]
pub async fn record_meeting(
    id: i32,
    #[server(default)] attended: Vec<i32>,
    #[server(default)] guests: String,
    #[server(default)] minutes: String,
) -> Result<(), AppError> {
    use crate::services::assemblies;
    use crate::web;
    let keep = [("guests", guests.as_str()), ("minutes", minutes.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        assemblies::record(&state.db, &me, id, &attended, &guests, &minutes).await?;
        web::redirect_plain_form(&format!("/meetings/{id}#record"));
        Ok(())
    })
    .await
}

/// An amendment adopted in the room, entered as the assembly's amendment to a section (the
/// full new text of the section, written on revision `base_number`). Answers its id.
#[server(endpoint = "meetings/adopt")]
pub async fn adopt_amendment(
    id: i32,
    section_id: i32,
    base_number: i32,
    title: String,
    text: String,
    #[server(default)] justification: String,
) -> Result<i32, AppError> {
    use crate::services::amendments::Proposal;
    use crate::services::assemblies;
    use crate::web;
    let keep = [
        ("title", title.as_str()),
        ("text", text.as_str()),
        ("justification", justification.as_str()),
    ];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let created = assemblies::adopt(
            &state.db,
            &me,
            id,
            section_id,
            Proposal {
                title: &title,
                text: &text,
                justification: &justification,
                base_number,
                passage: None,
            },
        )
        .await?;
        web::redirect_plain_form(&format!("/amendments/{}", created.id));
        Ok(created.id)
    })
    .await
}

/// The room's count on an existing amendment.
#[server(endpoint = "meetings/room-vote")]
pub async fn record_room_vote(
    id: i32,
    amendment_id: i32,
    #[server(default)] votes_for: String,
    #[server(default)] votes_against: String,
    #[server(default)] votes_abstain: String,
) -> Result<(), AppError> {
    use crate::services::assemblies;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        assemblies::room_vote(
            &state.db,
            &me,
            id,
            amendment_id,
            (&votes_for, &votes_against, &votes_abstain),
        )
        .await?;
        web::redirect_plain_form(&format!("/meetings/{id}#outcomes"));
        Ok(())
    })
    .await
}

/// The priorities the room ranked, one per line, most important first.
#[server(endpoint = "meetings/priorities")]
pub async fn record_priorities(id: i32, priorities: String) -> Result<(), AppError> {
    use crate::services::assemblies;
    use crate::web;
    let keep = [("priorities", priorities.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        assemblies::set_priorities(&state.db, &me, id, &priorities).await?;
        web::redirect_plain_form(&format!("/meetings/{id}#outcomes"));
        Ok(())
    })
    .await
}

/// Removes a recorded in-room vote or priority.
#[server(endpoint = "meetings/remove-outcome")]
pub async fn remove_outcome(id: i32) -> Result<(), AppError> {
    use crate::services::assemblies;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let meeting = assemblies::remove_outcome(&state.db, &me, id).await?;
        web::redirect_plain_form(&format!("/meetings/{meeting}#outcomes"));
        Ok(())
    })
    .await
}

/// What the form scheduling a meeting of the assembly needs (its facilitators, coordinators).
#[server(endpoint = "meetings/new-form")]
pub async fn new_meeting_form(assembly: String) -> Result<MeetingFormData, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::views::assemblies::new_meeting_form(&state.db, &me, &assembly).await
    })
    .await
}
