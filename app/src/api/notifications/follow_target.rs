use crate::error::AppError;
use leptos::prelude::*;

/// Whether the caller follows something (`None` for anonymous callers).
#[server(endpoint = "follows/get")]
pub async fn is_following(kind: String, id: i32) -> Result<Option<bool>, AppError> {
    use crate::services::notifications;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        match web::current_user(&state).await? {
            Some(me) => notifications::is_following(&state.db, me.id, kind.parse()?, id)
                .await
                .map(Some),
            None => Ok(None),
        }
    })
    .await
}

/// Follows or unfollows something the caller can see; a plain form comes back to `back`
/// (a local path), else to the followed thing's page.
#[server(endpoint = "follows/set")]
pub async fn set_follow(
    kind: String,
    id: i32,
    follow: bool,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    use crate::services::notifications;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let kind: crate::domain::notice::FollowKind = kind.parse()?;
        notifications::set_follow(&state.db, &me, kind, id, follow).await?;
        let back = match crate::domain::redirect::next_param(&back).as_str() {
            "/" => format!("/{}s/{id}", kind.as_str()),
            local => local.to_string(),
        };
        web::redirect_plain_form(&back);
        Ok(())
    })
    .await
}
