// A form's fields are the server function's arguments: this form has many.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Opens a vote (facilitators and coordinators). `kind` "amendments" (with `amendments`:
/// the competing amendments' ids separated by commas) or "measures" (with `measures`: one
/// per line). Times are `YYYY-MM-DDTHH:MM` in UTC; an empty opening time means now.
#[server(endpoint = "votes/create")]
pub async fn create_vote(
    program: String,
    kind: String,
    title: String,
    #[server(default)] description: String,
    #[server(default)] amendments: String,
    #[server(default)] measures: String,
    method: String,
    #[server(default)] seats: Option<usize>,
    /// Approval: the most options one ballot may approve (empty: no limit).
    #[server(default)]
    choose: String,
    #[server(default)] min_voters: Option<usize>,
    tie: String,
    eligibility: String,
    /// With eligibility "assemblies": `assemblies[ID]=on` for each assembly whose members vote.
    #[server(default)]
    assemblies: std::collections::HashMap<String, String>,
    /// With eligibility "roll": the roll's number.
    #[server(default)]
    roll: String,
    #[server(default)] opens_at: String,
    closes_at: String,
    /// The form's submission key: a second submit returns the first result.
    #[server(default)]
    form_key: String,
) -> Result<crate::domain::ids::PollId, AppError> {
    use crate::domain::poll::PollError;
    use crate::domain::time::parse_datetime;
    use crate::services::clock;
    use crate::services::polls::{self, NewPoll};
    use crate::web;
    let keep = [
        ("title", title.as_str()),
        ("description", description.as_str()),
        ("measures", measures.as_str()),
    ];
    web::respond_keeping(
        &keep,
        crate::services::forms::with_key(&form_key, async {
            let state = web::state()?;
            let me = web::require_user(&state).await?;
            let ids: Vec<crate::domain::ids::AmendmentId> = super::parse_ids(&amendments)?;
            let chosen: Vec<crate::domain::ids::AssemblyId> = assemblies
                .keys()
                .take(100)
                .map(|k| k.parse().map_err(|_| AppError::Poll(PollError::Assemblies)))
                .collect::<Result<_, _>>()?;
            let opens = if opens_at.trim().is_empty() {
                clock::now()
            } else {
                parse_datetime(&opens_at).ok_or(AppError::Poll(PollError::Times))?
            };
            let closes = parse_datetime(&closes_at).ok_or(AppError::Poll(PollError::Times))?;
            let created =
                polls::create(
                    &state.db,
                    &me,
                    NewPoll {
                        program_slug: &program,
                        kind: &kind,
                        title: &title,
                        description: &description,
                        amendments: &ids,
                        measures: &measures,
                        method: &method,
                        seats: seats.unwrap_or(1),
                        choose: match choose.trim() {
                            "" => None,
                            k => Some(k.parse().map_err(|_| AppError::Poll(PollError::Choose))?),
                        },
                        min_voters: min_voters.unwrap_or(crate::domain::poll::MIN_VOTERS_DEFAULT),
                        tie: &tie,
                        eligibility: &eligibility,
                        assemblies: &chosen,
                        roll: match roll.trim() {
                            "" => None,
                            r => Some(r.parse().map_err(|_| {
                                AppError::Roll(crate::domain::roll::RollError::Choose)
                            })?),
                        },
                        opens_at: opens,
                        closes_at: closes,
                    },
                )
                .await?;
            web::redirect_plain_form(&format!("/votes/{}", created.id));
            Ok(created.id)
        }),
    )
    .await
}
