//! Meetings of an assembly: page, printable pack, scheduling, registration, and what the
//! room decided (attendance, minutes, adopted amendments, room votes, priorities).
// A form's fields are the server function's arguments: some forms have many.
#![allow(clippy::too_many_arguments)]

use crate::domain::ids::{AmendmentId, AssemblyId, MeetingId, SectionId, UserId};
use crate::error::AppError;
use crate::views::assemblies::MeetingDetail;
use crate::views::assemblies::MeetingFormData;
use crate::views::assemblies::MeetingPack;
use leptos::prelude::*;

/// One meeting: details, agenda, registrations, and what happened.
#[server(endpoint = "meetings/get")]
pub async fn get_meeting(
    id: MeetingId,
    #[server(default)] people: Option<u64>,
) -> Result<MeetingDetail, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::assemblies::meeting_page(&state.db, me.as_ref(), id, people.unwrap_or(1))
            .await
    })
    .await
}

/// The printable pack of a meeting: the agenda with the current texts and the diffs.
#[server(endpoint = "meetings/pack")]
pub async fn get_meeting_pack(id: MeetingId) -> Result<MeetingPack, AppError> {
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
    assembly_id: AssemblyId,
    #[server(default)] id: Option<MeetingId>,
    title: String,
    starts_at: String,
    ends_at: String,
    #[server(default)] place: String,
    #[server(default)] online_url: String,
    #[server(default)] description: String,
    #[server(default)] capacity: String,
    #[server(default)] agenda: Vec<String>,
    /// The form's submission key: a second submit returns the first result.
    #[server(default)]
    form_key: String,
) -> Result<MeetingId, AppError> {
    use crate::services::meetings::MeetingInput;
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
    web::respond_keeping(
        &keep,
        crate::services::forms::with_key(&form_key, async {
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
                Some(id) => {
                    crate::services::meetings::update_meeting(&state.db, &me, id, input).await?
                }
                None => {
                    crate::services::meetings::create_meeting(&state.db, &me, assembly_id, input)
                        .await?
                }
            };
            if saved.assembly_id != assembly_id {
                return Err(AppError::BadRequest);
            }
            web::redirect_plain_form(&format!("/meetings/{}", saved.id));
            Ok(saved.id)
        }),
    )
    .await
}

/// The caller registers for (`register`) or cancels their place at a meeting.
#[server(endpoint = "meetings/register")]
pub async fn register_meeting(id: MeetingId, register: bool) -> Result<(), AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::services::meetings::set_registration(&state.db, &me, id, register).await?;
        web::redirect_plain_form(&format!("/meetings/{id}#registration"));
        Ok(())
    })
    .await
}

/// Attendance (`attended[]`: ids of registered residents who came, among `shown[]`: those
/// the form listed, one page of the roll; without `shown[]`, the whole roll), guests and
/// minutes.
#[server(endpoint = "meetings/record")]
pub async fn record_meeting(
    id: MeetingId,
    #[server(default)] attended: Vec<UserId>,
    #[server(default)] shown: Vec<UserId>,
    #[server(default)] guests: String,
    #[server(default)] minutes: String,
) -> Result<(), AppError> {
    use crate::web;
    let keep = [("guests", guests.as_str()), ("minutes", minutes.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let shown = (!shown.is_empty()).then_some(shown.as_slice());
        crate::services::meetings::record_roll(
            &state.db, &me, id, &attended, shown, &guests, &minutes,
        )
        .await?;
        web::redirect_plain_form(&format!("/meetings/{id}#record"));
        Ok(())
    })
    .await
}

/// An amendment adopted in the room, entered as the assembly's amendment to a section (the
/// full new text of the section, written on revision `base_number`). Answers its id.
#[server(endpoint = "meetings/adopt")]
pub async fn adopt_amendment(
    id: MeetingId,
    section_id: SectionId,
    base_number: i32,
    title: String,
    text: String,
    #[server(default)] justification: String,
) -> Result<AmendmentId, AppError> {
    use crate::services::amendments::Proposal;

    use crate::web;
    let keep = [
        ("title", title.as_str()),
        ("text", text.as_str()),
        ("justification", justification.as_str()),
    ];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let created = crate::services::meetings::adopt(
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
    id: MeetingId,
    amendment_id: AmendmentId,
    #[server(default)] votes_for: String,
    #[server(default)] votes_against: String,
    #[server(default)] votes_abstain: String,
) -> Result<(), AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::services::meetings::room_vote(
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
pub async fn record_priorities(id: MeetingId, priorities: String) -> Result<(), AppError> {
    use crate::web;
    let keep = [("priorities", priorities.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::services::meetings::set_priorities(&state.db, &me, id, &priorities).await?;
        web::redirect_plain_form(&format!("/meetings/{id}#outcomes"));
        Ok(())
    })
    .await
}

/// Removes a recorded in-room vote or priority.
#[server(endpoint = "meetings/remove-outcome")]
pub async fn remove_outcome(id: i32) -> Result<(), AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let meeting = crate::services::meetings::remove_outcome(&state.db, &me, id).await?;
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

/// The cookie that carries a printed slip to the facilitator's next page (15 minutes):
/// the database keeps only the code's hash.
#[cfg(feature = "ssr")]
fn slip_cookie(id: MeetingId) -> String {
    format!("redacta_slip_{id}")
}

/// Makes an account at meeting `id` for a present resident without an e-mail address
/// (its assembly's facilitators, once it started). Returns what to print.
#[server(endpoint = "meetings/paper-account")]
pub async fn make_paper_account(
    id: MeetingId,
    display_name: String,
) -> Result<crate::views::PaperSlip, AppError> {
    use crate::web;
    let keep = [("display_name", display_name.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let made = crate::services::accounts::paper_account(&state, &me, id, &display_name).await?;
        web::set_cookie(&format!(
            "{}={}.{}; Path=/meetings/{id}; Max-Age=900; HttpOnly; SameSite=Strict{}",
            slip_cookie(id),
            made.login,
            made.code,
            if state.config.secure_cookies() {
                "; Secure"
            } else {
                ""
            }
        ));
        web::redirect_plain_form(&format!("/meetings/{id}/accounts#slip"));
        Ok(crate::views::PaperSlip {
            display_name: made.user.display_name,
            login: made.login,
            code: made.code,
        })
    })
    .await
}

/// The page for accounts made at meeting `id` (its assembly's facilitators): the meeting's
/// title, and the slip just made by this browser, if any (15 minutes).
#[server(endpoint = "meetings/paper-slip")]
pub async fn get_paper_slip(
    id: MeetingId,
) -> Result<(String, Option<crate::views::PaperSlip>), AppError> {
    use crate::domain::policy::{self, MeetingAction};
    use crate::entities::{meeting, user};
    use crate::web;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let m = meeting::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let facts = crate::services::meetings::facts_of(&state.db, &m, &me).await?;
        policy::meeting(true, &facts, MeetingAction::Record)?;
        let mut slip = None;
        if let Some((login, code)) = web::cookie(&slip_cookie(id))
            .as_deref()
            .and_then(|v| v.split_once('.'))
        {
            let email = crate::domain::account::Email::parse_login(login)?;
            if let Some(u) = user::Entity::find()
                .filter(user::Column::Email.eq(email.as_str()))
                .one(&state.db)
                .await?
            {
                slip = Some(crate::views::PaperSlip {
                    display_name: u.display_name,
                    login: login.to_string(),
                    code: code.to_string(),
                });
            }
        }
        Ok((m.title, slip))
    })
    .await
}
