use crate::domain::ids::{MeetingId, PollId};
use crate::error::AppError;
use crate::views::votes::RoomForm;
use leptos::prelude::*;

/// The room's paper-ballot page of a meeting (its assembly's facilitators), for `vote`
/// when one is chosen.
#[server(endpoint = "votes/room-form")]
pub async fn get_room_form(
    meeting: MeetingId,
    #[server(default)] vote: Option<PollId>,
) -> Result<RoomForm, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::views::votes::room_form(&state.db, &me, meeting, vote).await
    })
    .await
}

/// Enters `count` identical paper ballots from meeting `meeting`'s room into vote `vote`:
/// the ballot as the vote's form sends it, each field under `marks` (`marks[approve_3]=on`,
/// `marks[rank_2]=1`, `marks[score_5]=4`, `marks[answer_7]=yes`). Returns the log entry's
/// number.
#[server(endpoint = "votes/room-enter")]
pub async fn enter_room_ballots(
    meeting: MeetingId,
    vote: PollId,
    count: String,
    #[server(default)] marks: std::collections::HashMap<String, String>,
) -> Result<i32, AppError> {
    use crate::domain::poll::{shape, PollError};
    use crate::services::polls;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let count: u32 = count
            .trim()
            .parse()
            .map_err(|_| AppError::Poll(PollError::Malformed))?;
        use sea_orm::EntityTrait;
        let found = crate::entities::poll::Entity::find_by_id(vote)
            .one(&state.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let options = polls::options_of(&state.db, vote).await?;
        let ballot = shape::Ballot::from_form(
            &polls::shape_of(&found, options.len()),
            &polls::withdrawn_of(&options),
            |name| marks.get(name).cloned(),
        )
        .map_err(AppError::Poll)?;
        let entered = crate::services::rooms::enter(
            &state.db,
            &me,
            meeting,
            vote,
            count,
            &ballot.to_string(),
        )
        .await?;
        web::redirect_plain_form(&format!(
            "/meetings/{meeting}/room?vote={vote}&entered={count}#piles"
        ));
        Ok(entered.seq)
    })
    .await
}
