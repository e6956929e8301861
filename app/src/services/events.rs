//! The event log: every state change, with who made it. Written in the same transaction
//! as the change it records.

use crate::domain::ids::UserId;
use crate::entities::event;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

pub async fn record(
    db: &impl ConnectionTrait,
    actor_id: Option<UserId>,
    kind: crate::domain::event::Event,
    subject: &str,
    detail: serde_json::Value,
) -> Result<(), DbErr> {
    event::ActiveModel {
        at: Set(super::clock::now()),
        actor_id: Set(actor_id),
        kind: Set(kind),
        subject: Set(subject.to_string()),
        detail: Set(detail.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}
