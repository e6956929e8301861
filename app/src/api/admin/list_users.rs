use crate::error::AppError;
use crate::views::account::UserList;
use leptos::prelude::*;

/// The accounts with their roles (coordinators only), a page at a time: `search` (part of a
/// name or e-mail address), `role` (`resident`, `facilitator`, `coordinator`, or empty for
/// all) and `page` (from 1).
#[server(endpoint = "admin/users")]
pub async fn list_users(
    #[server(default)] search: String,
    #[server(default)] role: String,
    #[server(default)] page: u64,
) -> Result<UserList, AppError> {
    use crate::domain::role::Role;
    use crate::services::accounts;
    use crate::views::account::UserRow;
    use crate::web;
    use std::str::FromStr;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let role = match role.trim() {
            "" => None,
            r => Some(Role::from_str(r).map_err(|_| AppError::BadRequest)?),
        };
        let (users, info) = accounts::list_users(&state, &me, &search, role, page).await?;
        Ok(UserList {
            rows: users
                .iter()
                .map(|u| UserRow {
                    id: u.id,
                    display_name: u.display_name.clone(),
                    email: u.email.clone(),
                    role: accounts::role_of(u),
                    activated: u.email_verified_at.is_some(),
                })
                .collect(),
            info,
        })
    })
    .await
}
