//! Eligibility rolls as pages show them: the coordinators' list, and one roll's page where
//! a person verifies themselves on it. No page ever shows who is on a roll.

use crate::domain::ids::RollId;
use crate::domain::roll::Factor;
use serde::{Deserialize, Serialize};

/// One roll in the coordinators' list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollRow {
    pub id: RollId,
    pub name: String,
    pub factor: Factor,
    pub factor_label: String,
    pub entries: u64,
    pub verified: u64,
    pub created_at: i64,
    /// `None` while importing (or an import that stopped half-way).
    pub ready_at: Option<i64>,
    /// Votes open to it (it cannot be deleted while any is).
    pub votes: u64,
    /// Imported under another key than this server's: nobody can verify on it here.
    pub other_key: bool,
}

/// The coordinators' page of rolls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollsAdmin {
    /// The server has a roll key (rolls can be imported and verified).
    pub enabled: bool,
    pub rolls: Vec<RollRow>,
}

/// A roll's page for one person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollPage {
    pub id: RollId,
    pub name: String,
    pub factor: Factor,
    pub factor_label: String,
    pub ready: bool,
    pub logged_in: bool,
    /// When the viewer verified themselves on it.
    pub verified_at: Option<i64>,
}

#[cfg(feature = "ssr")]
mod load {
    use super::*;
    use crate::entities::{poll, roll, user};
    use crate::error::AppError;
    use crate::services::rolls::{self, RollKey};
    use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

    /// The coordinators' list: every roll with its counters (kept on the roll, never
    /// counted per view) and the votes open to it (one grouped query).
    pub async fn admin(
        db: &impl ConnectionTrait,
        key: Option<&RollKey>,
        actor: &user::Model,
    ) -> Result<RollsAdmin, AppError> {
        rolls::may_manage(actor)?;
        let all: Vec<roll::Model> = rolls::all(db).await?;
        let ids: Vec<RollId> = all.iter().map(|r| r.id).collect();
        let used: Vec<(Option<RollId>, i64)> = poll::Entity::find()
            .select_only()
            .column(poll::Column::RollId)
            .column_as(poll::Column::Id.count(), "n")
            .filter(poll::Column::RollId.is_in(ids))
            .group_by(poll::Column::RollId)
            .into_tuple()
            .all(db)
            .await?;
        let votes_of = |id: RollId| {
            used.iter()
                .find(|(r, _)| *r == Some(id))
                .map_or(0, |(_, n)| n.unsigned_abs())
        };
        Ok(RollsAdmin {
            enabled: key.is_some(),
            rolls: all
                .into_iter()
                .map(|r| RollRow {
                    votes: votes_of(r.id),
                    other_key: key.is_some_and(|k| k.check() != r.key_check),
                    id: r.id,
                    name: r.name,
                    factor: r.factor,
                    factor_label: r.factor_label,
                    entries: r.entries.unsigned_abs(),
                    verified: r.verified.unsigned_abs(),
                    created_at: r.created_at,
                    ready_at: r.ready_at,
                })
                .collect(),
        })
    }

    /// A roll's page for `viewer` (anyone may see a roll's name: votes name it).
    pub async fn page(
        db: &impl ConnectionTrait,
        id: RollId,
        viewer: Option<&user::Model>,
    ) -> Result<RollPage, AppError> {
        let r = rolls::get(db, id).await?;
        let verified_at = match viewer {
            Some(v) => crate::entities::roll_entry::Entity::find()
                .filter(crate::entities::roll_entry::Column::RollId.eq(id))
                .filter(crate::entities::roll_entry::Column::UserId.eq(v.id))
                .one(db)
                .await?
                .and_then(|e| e.verified_at),
            None => None,
        };
        Ok(RollPage {
            id: r.id,
            name: r.name,
            factor: r.factor,
            factor_label: r.factor_label,
            ready: r.ready_at.is_some(),
            logged_in: viewer.is_some(),
            verified_at,
        })
    }
}

#[cfg(feature = "ssr")]
pub use load::*;
