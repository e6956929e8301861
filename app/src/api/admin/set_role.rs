use crate::domain::ids::UserId;
use crate::error::AppError;
use leptos::prelude::*;

/// Changes someone's role (coordinators only); effective on that person's next request.
#[server(endpoint = "admin/set-role")]
pub async fn set_role(user_id: UserId, role: String) -> Result<(), AppError> {
    use crate::domain::role::Role;
    use crate::services::accounts;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let role: Role = role.parse().map_err(|_| AppError::BadRequest)?;
        accounts::set_role(&state, &me, user_id, role).await?;
        web::redirect_plain_form("/admin/users?changed=1");
        Ok(())
    })
    .await
}
