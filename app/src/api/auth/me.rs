use crate::api::SessionUser;
use crate::error::AppError;
use leptos::prelude::*;

/// Who is logged in (public: answers `None` to anonymous callers).
#[server(endpoint = "auth/me")]
pub async fn get_me() -> Result<Option<SessionUser>, AppError> {
    use crate::services::web;
    web::respond(async {
        let state = web::state()?;
        Ok(web::current_user(&state)
            .await?
            .as_ref()
            .map(SessionUser::from))
    })
    .await
}
