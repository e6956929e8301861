use crate::error::AppError;
use leptos::prelude::*;

/// Whether the caller follows a section or an amendment (`false` for anonymous callers).
#[server(endpoint = "follows/get")]
pub async fn is_following(kind: String, id: i32) -> Result<bool, AppError> {
    use crate::services::notifications;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        match web::current_user(&state).await? {
            Some(me) => notifications::is_following(&state.db, me.id, kind.parse()?, id).await,
            None => Ok(false),
        }
    })
    .await
}

/// Follows or unfollows a section or an amendment the caller can see.
#[server(endpoint = "follows/set")]
pub async fn set_follow(kind: String, id: i32, follow: bool) -> Result<(), AppError> {
    use crate::services::notifications;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let kind: crate::domain::notice::FollowKind = kind.parse()?;
        notifications::set_follow(&state.db, &me, kind, id, follow).await?;
        let back = format!("/{}s/{id}", kind.as_str());
        web::redirect_plain_form(&back);
        Ok(())
    })
    .await
}
