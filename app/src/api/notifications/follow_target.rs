use crate::error::AppError;
use leptos::prelude::*;

/// Whether the caller follows a section or an amendment (`false` for anonymous callers).
#[server(endpoint = "follows/get")]
pub async fn is_following(kind: String, id: i32) -> Result<bool, AppError> {
    use crate::services::{notifications, web};
    web::respond(async {
        let state = web::state()?;
        match web::current_user(&state).await? {
            Some(me) => notifications::is_following(&state.db, me.id, &kind, id).await,
            None => Ok(false),
        }
    })
    .await
}

/// Follows or unfollows a section or an amendment the caller can see.
#[server(endpoint = "follows/set")]
pub async fn set_follow(kind: String, id: i32, follow: bool) -> Result<(), AppError> {
    use crate::services::{notifications, sections, web};
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        // Only what the caller may read (404 otherwise, nothing leaked).
        let back = match kind.as_str() {
            "section" => {
                sections::page(&state.db, id, Some(&me)).await?;
                format!("/sections/{id}")
            }
            "amendment" => {
                sections::amendment_page(&state.db, id, Some(&me)).await?;
                format!("/amendments/{id}")
            }
            _ => return Err(AppError::BadRequest),
        };
        if follow {
            notifications::follow(&state.db, me.id, &kind, id).await?;
        } else {
            notifications::unfollow(&state.db, me.id, &kind, id).await?;
        }
        web::redirect_plain_form(&back);
        Ok(())
    })
    .await
}
