use crate::domain::ids::CommentId;
use crate::error::AppError;
use leptos::prelude::*;

/// A facilitator or coordinator hides, unhides or dismisses the reports of a comment,
/// saying why (`action`: hide, unhide, dismiss). A plain form post goes back to `back`
/// (a local path) or to the comment's thread.
#[server(endpoint = "comments/moderate")]
pub async fn moderate_comment(
    id: CommentId,
    action: String,
    why: String,
    #[server(default)] back: Option<String>,
) -> Result<(), AppError> {
    use crate::services::comments::{self, Moderation};
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let action = match action.as_str() {
            "hide" => Moderation::Hide,
            "unhide" => Moderation::Unhide,
            "dismiss" => Moderation::Dismiss,
            _ => return Err(AppError::BadRequest),
        };
        comments::moderate(&state.db, &me, id, action, &why).await?;
        match back {
            Some(back) => web::redirect_plain_form(&crate::domain::redirect::safe_next(&back)),
            None => web::redirect_plain_form_back(
                &crate::views::comments::location(&state.db, &state.config.comments, id).await,
                &format!("comment-{id}"),
            ),
        }
        Ok(())
    })
    .await
}
