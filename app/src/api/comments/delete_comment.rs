use crate::domain::ids::CommentId;
use crate::error::AppError;
use leptos::prelude::*;

/// The author deletes their comment: the text goes, the place in the thread stays.
#[server(endpoint = "comments/delete")]
pub async fn delete_comment(
    id: CommentId,
    /// Set by the confirmation page or dialog (a plain form post without it is asked first).
    #[server(default)]
    confirmed: String,
) -> Result<(), AppError> {
    use crate::domain::confirm::Irreversible;
    use crate::services::comments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        web::ask_first(
            Irreversible::DeleteComment,
            &confirmed,
            &[("id", &id.to_string())],
        )
        .await?;
        comments::delete(&state.db, &me, id).await?;
        web::redirect_plain_form_back(
            &crate::views::comments::location(&state.db, &state.config.comments, id).await,
            &format!("comment-{id}"),
        );
        Ok(())
    })
    .await
}
