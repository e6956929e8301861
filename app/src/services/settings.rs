//! Platform settings coordinators change in the app: the time zone. Stored in the database
//! so every app server agrees: each applies the stored zone at start and again every minute
//! (`serve`'s worker), so a change reaches them all within a minute; the server where it was
//! made applies it at once. A stored zone wins over `REDACTA_TIME_ZONE`, which is the zone
//! until a coordinator chooses one.

use super::accounts::role_of;
use super::clock::now;
use crate::domain::event::Event;
use crate::entities::{setting, user};
use crate::error::AppError;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

const TIME_ZONE: &str = "time_zone";

/// Applies the stored time zone, if a coordinator chose one.
pub async fn apply_stored(db: &impl ConnectionTrait) -> Result<(), AppError> {
    if let Some(row) = setting::Entity::find_by_id(TIME_ZONE.to_string())
        .one(db)
        .await?
    {
        if let Err(err) = crate::domain::time::set_zone(&row.value) {
            tracing::error!(%err, "settings.time_zone: stored zone unknown to this server");
        }
    }
    Ok(())
}

/// A coordinator sets the platform's time zone (an IANA name, e.g. `Europe/Madrid`).
pub async fn set_time_zone(
    conn: &sea_orm::DatabaseConnection,
    actor: &user::Model,
    name: &str,
) -> Result<(), AppError> {
    if !role_of(actor).can_manage_programs() {
        return Err(AppError::Forbidden);
    }
    let name = name.trim();
    if name.len() > 64 || !crate::domain::time::valid_zone(name) {
        return Err(AppError::UnknownTimeZone);
    }
    let before = crate::domain::time::zone_name();
    let txn = super::db::write_txn(conn).await?;
    setting::Entity::insert(setting::ActiveModel {
        key: Set(TIME_ZONE.to_string()),
        value: Set(name.to_string()),
        updated_at: Set(now()),
        updated_by: Set(Some(actor.id)),
    })
    .on_conflict(
        OnConflict::column(setting::Column::Key)
            .update_columns([
                setting::Column::Value,
                setting::Column::UpdatedAt,
                setting::Column::UpdatedBy,
            ])
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    super::events::record(
        &txn,
        Some(actor.id),
        Event::SettingsTimeZone,
        "platform",
        serde_json::json!({"was": before, "now": name}),
    )
    .await?;
    txn.commit().await?;
    crate::domain::time::set_zone(name).map_err(|_| AppError::UnknownTimeZone)
}
