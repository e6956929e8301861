use crate::error::AppError;
use crate::views::account::SessionUser;
use leptos::prelude::*;

/// Who is logged in (public: answers `None` to anonymous callers).
#[server(endpoint = "auth/me")]
pub async fn get_me() -> Result<Option<SessionUser>, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        match web::current_user(&state).await? {
            Some(user) => {
                let mut me = SessionUser::from(&user);
                me.unread = crate::views::notifications::unread_count(&state.db, user.id).await?;
                Ok(Some(me))
            }
            None => Ok(None),
        }
    })
    .await
}
