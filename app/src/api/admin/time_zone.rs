use crate::error::AppError;
use leptos::prelude::*;

/// The platform's time zone (coordinators), as the settings page shows it.
#[server(endpoint = "admin/time-zone")]
pub async fn time_zone() -> Result<String, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        if !crate::services::accounts::role_of(&me).can_manage_programs() {
            return Err(AppError::Forbidden);
        }
        Ok(crate::domain::time::zone_name())
    })
    .await
}

/// A coordinator sets the platform's time zone (an IANA name such as `Europe/Madrid`): every
/// time shown or typed from then on is in it, on every app server within a minute.
#[server(endpoint = "admin/set-time-zone")]
pub async fn set_time_zone(zone: String) -> Result<(), AppError> {
    use crate::web;
    let keep = [("zone", zone.as_str())];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        crate::services::settings::set_time_zone(&state.db, &me, &zone).await?;
        web::redirect_plain_form("/admin/settings?saved=1");
        Ok(())
    })
    .await
}
