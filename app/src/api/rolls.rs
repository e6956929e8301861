//! Eligibility rolls: the coordinators' list, freeing an entry and deleting a roll; a
//! roll's page and a person verifying themselves on it. (The import is an upload:
//! `POST /rolls/import`, in the server's files module.)

use crate::domain::ids::RollId;
use crate::error::AppError;
use leptos::prelude::*;

/// Every roll with its counters (coordinators).
#[server(endpoint = "rolls/list")]
pub async fn list_rolls() -> Result<crate::views::rolls::RollsAdmin, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::views::rolls::admin(&state.db, state.config.roll_key.as_ref(), &me).await
    })
    .await
}

/// A roll's page: its name, what people type to verify, and whether the viewer did.
#[server(endpoint = "rolls/get")]
pub async fn get_roll(id: RollId) -> Result<crate::views::rolls::RollPage, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        crate::views::rolls::page(&state.db, id, me.as_ref()).await
    })
    .await
}

/// A person verifies themselves on a roll with their identifier and second factor, as the
/// list has them. Neither is kept or shown anywhere. `next`: where to go afterwards (a
/// path on this site, e.g. the vote that asked for it).
#[server(endpoint = "rolls/verify")]
pub async fn verify_on_roll(
    id: RollId,
    identifier: String,
    factor: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let client = web::client_address(&state);
        crate::services::rolls::verify(
            &state.db,
            state.config.roll_key.as_ref(),
            &me,
            id,
            &client,
            &identifier,
            &factor,
        )
        .await?;
        let next = crate::domain::redirect::safe_next(&next);
        if next == "/" {
            web::redirect_plain_form(&format!("/rolls/{id}?done=verified"));
        } else {
            web::redirect_plain_form(&next);
        }
        Ok(())
    })
    .await
}

/// A coordinator frees the entry of `identifier` on a roll (verified by the wrong
/// account): it can be verified again.
#[server(endpoint = "rolls/release")]
pub async fn release_roll_entry(id: RollId, identifier: String) -> Result<(), AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::services::rolls::release(
            &state.db,
            state.config.roll_key.as_ref(),
            &me,
            id,
            &identifier,
        )
        .await?;
        web::redirect_plain_form("/admin/rolls?done=released");
        Ok(())
    })
    .await
}

/// A coordinator deletes a roll no vote is open to.
#[server(endpoint = "rolls/delete")]
pub async fn delete_roll(
    id: RollId,
    /// Set by the confirmation page or dialog (a plain form post without it is asked first).
    #[server(default)]
    confirmed: String,
) -> Result<(), AppError> {
    use crate::domain::confirm::Irreversible;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::services::rolls::may_manage(&me)?;
        web::ask_first(
            Irreversible::DeleteRoll,
            &confirmed,
            &[("id", &id.to_string())],
        )
        .await?;
        crate::services::rolls::delete(&state.db, &me, id).await?;
        web::redirect_plain_form("/admin/rolls?done=deleted");
        Ok(())
    })
    .await
}
