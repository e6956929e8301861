use crate::domain::ids::PollId;
use crate::error::AppError;
use leptos::prelude::*;

/// Casts the viewer's ballot, or replaces it while the vote is open. `ranking` names
/// options by position, best first: `2>1=3` (equal ranks with `=`, unranked options left
/// out). Returns the receipt code.
#[server(endpoint = "votes/cast")]
pub async fn cast_ballot(id: PollId, ranking: String) -> Result<String, AppError> {
    use crate::services::polls;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let cast = state.casts.cast(&state.db, &me, id, &ranking).await?;
        // The database keeps only the code's hash: the page shown next gets it from here.
        web::set_cookie(&format!(
            "{}={}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax{}",
            polls::receipt_cookie_name(id),
            cast.receipt,
            if state.config.secure_cookies() {
                "; Secure"
            } else {
                ""
            }
        ));
        web::redirect_plain_form(&format!("/votes/{id}?cast=1#my-ballot"));
        Ok(cast.receipt)
    })
    .await
}
