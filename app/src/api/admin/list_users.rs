use crate::error::AppError;
use crate::views::account::UserRow;
use leptos::prelude::*;

/// Every account with its role (coordinators only).
#[server(endpoint = "admin/users")]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    use crate::services::accounts;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let users = accounts::list_users(&state, &me).await?;
        Ok(users
            .iter()
            .map(|u| UserRow {
                id: u.id,
                display_name: u.display_name.clone(),
                email: u.email.clone(),
                role: accounts::role_of(u),
                activated: u.email_verified_at.is_some(),
            })
            .collect())
    })
    .await
}
