//! Eligibility rolls (see `domain::roll`): importing a list as keyed hashes, a person
//! verifying themselves on it once, a coordinator freeing an entry claimed by the wrong
//! account, deleting a roll no vote uses, and whether an account may vote in a vote open
//! to a roll.
//!
//! The key lives outside the database (a file, see [`RollKey`]): a copy of the database
//! alone does not let anyone test identifiers and birth dates against the roll. Every
//! app server on one database must use the same key file; a roll remembers which key
//! hashed it (`rolls.key_check`), so a server with another key says so instead of refusing
//! everyone.
//!
//! Costs: an import streams its list (never held whole), hashes each batch of
//! [`BATCH`] lines on the CPU pool and writes it in its own short transaction, so other
//! writes go on during a city-sized import; a verification is two keyed hashes and one
//! indexed update, behind three rate limits (per account and roll, per identifier, per
//! client address) that bound guessing a second factor such as a birth date.

use super::clock::now;
use super::db;
use super::events;
use super::rate_limit::{self, Limit};
use crate::domain::event::Event;
use crate::domain::ids::{RollId, UserId};
use crate::domain::roll::{self as rules, Factor, ImportReport, Line, RollError};
use crate::entities::{poll, roll, roll_entry, user};
use crate::error::AppError;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement, Value,
};
use std::path::Path;
use std::sync::Arc;

/// Lines hashed and written together, in one transaction.
pub const BATCH: usize = 1000;
/// Attempts one account may make on one roll per day.
pub const PER_ACCOUNT: Limit = Limit {
    limit: 5,
    window_secs: 24 * 3600,
};
/// Attempts on one identifier per day, from any account: a second factor cannot be
/// guessed by many accounts together.
pub const PER_IDENTIFIER: Limit = Limit {
    limit: 10,
    window_secs: 24 * 3600,
};
/// Attempts from one client address per hour (a venue's Wi-Fi is one address).
pub const PER_CLIENT: Limit = Limit {
    limit: 60,
    window_secs: 3600,
};

fn err(e: RollError) -> AppError {
    AppError::Roll(e)
}

/// The secret key of the keyed hashes: 32 random bytes, written as 64 hex digits in a file
/// readable only by the server's user. Its `check` is stored with each roll it hashed.
#[derive(Clone)]
pub struct RollKey {
    bytes: Arc<[u8; 32]>,
    check: String,
}

impl std::fmt::Debug for RollKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RollKey({})", self.check)
    }
}

impl RollKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        RollKey {
            check: rules::key_check(&bytes),
            bytes: Arc::new(bytes),
        }
    }

    pub fn generate() -> Self {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self::from_bytes(bytes)
    }

    /// What the rolls hashed with this key store in `key_check`.
    pub fn check(&self) -> &str {
        &self.check
    }

    /// Reads the key from `path`, or creates the file with a new key when there is none
    /// (`created` is then true). A file that is not 64 hex digits is an error, never
    /// replaced.
    pub fn load_or_create(path: &Path) -> Result<(Self, bool), String> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let bytes = hex::decode(text.trim())
                    .ok()
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .ok_or_else(|| {
                        format!(
                            "the roll key file {} must hold 64 hexadecimal digits",
                            path.display()
                        )
                    })?;
                Ok((Self::from_bytes(bytes), false))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate();
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    options.mode(0o600);
                }
                let mut file = options.open(path).map_err(|e| {
                    format!("cannot create the roll key file {}: {e}", path.display())
                })?;
                use std::io::Write;
                writeln!(file, "{}", hex::encode(*key.bytes))
                    .and_then(|_| file.sync_all())
                    .map_err(|e| {
                        format!("cannot write the roll key file {}: {e}", path.display())
                    })?;
                Ok((key, true))
            }
            Err(e) => Err(format!(
                "cannot read the roll key file {}: {e}",
                path.display()
            )),
        }
    }

    fn id_hash(&self, roll: RollId, id: &str) -> String {
        rules::id_hash(&self.bytes[..], roll.get(), id)
    }

    fn factor_hash(&self, roll: RollId, id: &str, factor: &str) -> String {
        rules::factor_hash(&self.bytes[..], roll.get(), id, factor)
    }
}

/// Only coordinators import, free entries of and delete rolls.
pub fn may_manage(actor: &user::Model) -> Result<(), AppError> {
    if super::accounts::role_of(actor).can_manage_programs() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn key_for<'k>(key: Option<&'k RollKey>, r: &roll::Model) -> Result<&'k RollKey, AppError> {
    let key = key.ok_or(err(RollError::NoKey))?;
    if key.check() != r.key_check {
        return Err(err(RollError::KeyChanged));
    }
    Ok(key)
}

/// A roll by number, whatever its state.
pub async fn get(db: &impl ConnectionTrait, id: RollId) -> Result<roll::Model, AppError> {
    roll::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A roll a vote may be opened to: imported completely.
pub async fn ready(db: &impl ConnectionTrait, id: RollId) -> Result<roll::Model, AppError> {
    let r = get(db, id).await?;
    if r.ready_at.is_none() {
        return Err(err(RollError::Importing));
    }
    Ok(r)
}

/// [`ready`], its row locked until the transaction ends (PostgreSQL; SQLite's write
/// transactions hold the whole database): a vote opened to it and its deletion wait for
/// each other.
pub async fn ready_locked(txn: &impl ConnectionTrait, id: RollId) -> Result<roll::Model, AppError> {
    let mut select = roll::Entity::find_by_id(id);
    if db::supports_row_locks(txn) {
        select = select.lock_exclusive();
    }
    let r = select.one(txn).await?.ok_or(AppError::NotFound)?;
    if r.ready_at.is_none() {
        return Err(err(RollError::Importing));
    }
    Ok(r)
}

/// A list being imported: lines are fed in chunks of any size (a file read piece by piece,
/// a form's upload as it arrives), read, hashed and written [`BATCH`] at a time. Until
/// [`Importer::finish`] the roll is not ready (no vote can use it); [`Importer::abandon`]
/// removes what a failed import wrote.
pub struct Importer {
    roll: roll::Model,
    key: RollKey,
    actor: UserId,
    pending: Vec<(String, String)>,
    report: ImportReport,
    partial: Vec<u8>,
    /// Inside a line already too long: the rest of it is dropped.
    overlong: bool,
}

impl Importer {
    /// Starts a roll: checks the coordinator, the name and the factor, and writes the roll
    /// (not ready).
    pub async fn begin(
        conn: &DatabaseConnection,
        key: Option<&RollKey>,
        actor: &user::Model,
        name: &str,
        factor: &str,
        label: &str,
    ) -> Result<Importer, AppError> {
        may_manage(actor)?;
        let key = key.ok_or(err(RollError::NoKey))?.clone();
        let name = name.trim();
        if name.is_empty()
            || name.chars().count() > rules::NAME_MAX
            || !crate::domain::text::is_single_line(name)
        {
            return Err(err(RollError::Name));
        }
        let factor = Factor::parse(factor.trim()).map_err(err)?;
        let label = label.trim();
        if label.chars().count() > rules::LABEL_MAX
            || !crate::domain::text::is_single_line(label)
            || (factor == Factor::Text && label.is_empty())
        {
            return Err(err(RollError::Label));
        }
        let roll = roll::ActiveModel {
            name: Set(name.to_string()),
            factor: Set(factor),
            factor_label: Set(if factor == Factor::Text {
                label.to_string()
            } else {
                String::new()
            }),
            key_check: Set(key.check().to_string()),
            entries: Set(0),
            verified: Set(0),
            created_by: Set(actor.id),
            created_at: Set(now()),
            ready_at: Set(None),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        Ok(Importer {
            roll,
            key,
            actor: actor.id,
            pending: Vec::with_capacity(BATCH),
            report: ImportReport::default(),
            partial: Vec::new(),
            overlong: false,
        })
    }

    pub fn roll(&self) -> &roll::Model {
        &self.roll
    }

    /// Reads the complete lines in `chunk` (the rest waits for the next chunk).
    pub async fn feed(&mut self, conn: &DatabaseConnection, chunk: &[u8]) -> Result<(), AppError> {
        let mut rest = chunk;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            let (piece, after) = rest.split_at(end);
            rest = &after[1..];
            if self.overlong {
                self.overlong = false;
                self.partial.clear();
            } else {
                let mut line = std::mem::take(&mut self.partial);
                line.extend_from_slice(piece);
                self.line(&line);
            }
            if self.pending.len() >= BATCH {
                self.flush(conn).await?;
            }
        }
        if !self.overlong {
            self.partial.extend_from_slice(rest);
            if self.partial.len() > rules::LINE_MAX {
                // Counted once, as the bad line it is; its remainder is skipped.
                self.report.lines += 1;
                self.report.note_bad(self.report.lines);
                self.partial.clear();
                self.overlong = true;
            }
        }
        Ok(())
    }

    fn line(&mut self, bytes: &[u8]) {
        self.report.lines += 1;
        let n = self.report.lines;
        let Ok(text) = std::str::from_utf8(bytes) else {
            self.report.note_bad(n);
            return;
        };
        match rules::parse_line(self.roll.factor, text) {
            Line::Entry { id, factor } => self.pending.push((id, factor)),
            Line::Skip => {}
            Line::Bad => self.report.note_bad(n),
        }
    }

    /// Hashes the pending lines on the CPU pool, then writes them in one short transaction.
    async fn flush(&mut self, conn: &DatabaseConnection) -> Result<(), AppError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let lines = std::mem::take(&mut self.pending);
        if self.roll.entries.unsigned_abs() + lines.len() as u64 > rules::ENTRIES_MAX {
            return Err(err(RollError::TooLong));
        }
        let key = self.key.clone();
        let roll_id = self.roll.id;
        let hashed: Vec<(String, String)> = super::cpu::run(move || {
            lines
                .iter()
                .map(|(id, factor)| {
                    (
                        key.id_hash(roll_id, id),
                        key.factor_hash(roll_id, id, factor),
                    )
                })
                .collect()
        })
        .await?;
        let txn = db::write_txn(conn).await?;
        let backend = txn.get_database_backend();
        let mut sql =
            String::from("INSERT INTO roll_entries (roll_id, id_hash, factor_hash) VALUES ");
        let mut values: Vec<Value> = Vec::with_capacity(hashed.len() * 3);
        for (i, (id_hash, factor_hash)) in hashed.into_iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            match backend {
                DatabaseBackend::Postgres => {
                    let b = i * 3;
                    sql.push_str(&format!("(${},${},${})", b + 1, b + 2, b + 3));
                }
                _ => sql.push_str("(?,?,?)"),
            }
            values.push(Value::from(roll_id.get()));
            values.push(Value::from(id_hash));
            values.push(Value::from(factor_hash));
        }
        let rows = values.len() as u64 / 3;
        sql.push_str(" ON CONFLICT (roll_id, id_hash) DO NOTHING");
        let added = txn
            .execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?
            .rows_affected();
        let added_i = i64::try_from(added).unwrap_or(i64::MAX);
        roll::Entity::update_many()
            .col_expr(
                roll::Column::Entries,
                sea_orm::sea_query::Expr::col(roll::Column::Entries).add(added_i),
            )
            .filter(roll::Column::Id.eq(roll_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        self.roll.entries += added_i;
        self.report.added += added;
        self.report.duplicates += rows - added;
        Ok(())
    }

    /// Reads the last line, writes what is pending and makes the roll ready. A list with no
    /// readable line leaves nothing behind (`RollError::Empty`).
    pub async fn finish(
        mut self,
        conn: &DatabaseConnection,
    ) -> Result<(roll::Model, ImportReport), AppError> {
        if !self.overlong && !self.partial.is_empty() {
            let last = std::mem::take(&mut self.partial);
            self.line(&last);
        }
        self.flush(conn).await?;
        if self.roll.entries == 0 {
            delete_entries_and_roll(conn, self.roll.id).await?;
            return Err(err(RollError::Empty));
        }
        let t = now();
        let txn = db::write_txn(conn).await?;
        roll::Entity::update_many()
            .col_expr(roll::Column::ReadyAt, sea_orm::sea_query::Expr::value(t))
            .filter(roll::Column::Id.eq(self.roll.id))
            .exec(&txn)
            .await?;
        events::record(
            &txn,
            Some(self.actor),
            Event::RollImport,
            &format!("roll:{}", self.roll.id),
            serde_json::json!({
                "name": self.roll.name,
                "entries": self.roll.entries,
                "lines": self.report.lines,
                "duplicates": self.report.duplicates,
                "bad": self.report.bad,
            }),
        )
        .await?;
        txn.commit().await?;
        self.roll.ready_at = Some(t);
        Ok((self.roll, self.report))
    }

    /// Removes the roll of an import that failed half-way.
    pub async fn abandon(self, conn: &DatabaseConnection) {
        if let Err(e) = delete_entries_and_roll(conn, self.roll.id).await {
            tracing::error!(roll = %self.roll.id, error = %crate::error::cause_chain(&e), "an abandoned roll import could not be removed");
        }
    }
}

/// Deletes a roll's entries a few thousand at a time (each in its own short transaction,
/// so a city's census does not hold the database's write lock for seconds), then the roll.
async fn delete_entries_and_roll(conn: &DatabaseConnection, id: RollId) -> Result<(), AppError> {
    loop {
        let txn = db::write_txn(conn).await?;
        let hashes: Vec<String> = roll_entry::Entity::find()
            .select_only()
            .column(roll_entry::Column::IdHash)
            .filter(roll_entry::Column::RollId.eq(id))
            .limit(5000)
            .into_tuple()
            .all(&txn)
            .await?;
        if hashes.is_empty() {
            roll::Entity::delete_by_id(id).exec(&txn).await?;
            txn.commit().await?;
            return Ok(());
        }
        roll_entry::Entity::delete_many()
            .filter(roll_entry::Column::RollId.eq(id))
            .filter(roll_entry::Column::IdHash.is_in(hashes))
            .exec(&txn)
            .await?;
        txn.commit().await?;
    }
}

/// A coordinator deletes a roll no vote uses (imported or stopped half-way).
pub async fn delete(
    conn: &DatabaseConnection,
    actor: &user::Model,
    id: RollId,
) -> Result<(), AppError> {
    may_manage(actor)?;
    let r = get(conn, id).await?;
    {
        // No vote may start using it while it goes: it stops being ready first.
        let txn = db::write_txn(conn).await?;
        let mut select = roll::Entity::find_by_id(id);
        if db::supports_row_locks(&txn) {
            select = select.lock_exclusive();
        }
        select.one(&txn).await?.ok_or(AppError::NotFound)?;
        let used = poll::Entity::find()
            .filter(poll::Column::RollId.eq(id))
            .count(&txn)
            .await?;
        if used > 0 {
            return Err(err(RollError::InUse));
        }
        roll::Entity::update_many()
            .col_expr(
                roll::Column::ReadyAt,
                sea_orm::sea_query::Expr::value(Option::<i64>::None),
            )
            .filter(roll::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        events::record(
            &txn,
            Some(actor.id),
            Event::RollDelete,
            &format!("roll:{id}"),
            serde_json::json!({"name": r.name, "entries": r.entries}),
        )
        .await?;
        txn.commit().await?;
    }
    delete_entries_and_roll(conn, id).await
}

/// A person verifies themselves on a roll with their identifier and second factor, as the
/// list has them. Every failure is `NoMatch` (not on the roll and a wrong second factor
/// look alike), except an entry another account already verified with the very same
/// facts (`Taken`: its owner should tell the coordinators).
pub async fn verify(
    conn: &DatabaseConnection,
    key: Option<&RollKey>,
    actor: &user::Model,
    id: RollId,
    client: &str,
    identifier: &str,
    factor: &str,
) -> Result<(), AppError> {
    let r = ready(conn, id).await?;
    let key = key_for(key, &r)?;
    if is_verified(conn, id, actor.id).await? {
        return Err(err(RollError::AlreadyVerified));
    }
    rate_limit::hit(
        conn,
        &format!("roll-account:{id}:{}", actor.id),
        PER_ACCOUNT,
    )
    .await?;
    rate_limit::hit(conn, &format!("roll-client:{client}"), PER_CLIENT).await?;
    let (Some(ident), Some(fact)) = (
        (identifier.len() <= rules::LINE_MAX)
            .then(|| rules::normalize_id(identifier))
            .flatten(),
        (factor.len() <= rules::LINE_MAX)
            .then(|| r.factor.normalize(factor))
            .flatten(),
    ) else {
        return Err(err(RollError::Unreadable));
    };
    let id_hash = key.id_hash(id, &ident);
    let factor_hash = key.factor_hash(id, &ident, &fact);
    rate_limit::hit(conn, &format!("roll-id:{id}:{id_hash}"), PER_IDENTIFIER).await?;
    let t = now();
    let txn = db::write_txn(conn).await?;
    let claimed = roll_entry::Entity::update_many()
        .col_expr(
            roll_entry::Column::UserId,
            sea_orm::sea_query::Expr::value(actor.id.get()),
        )
        .col_expr(
            roll_entry::Column::VerifiedAt,
            sea_orm::sea_query::Expr::value(t),
        )
        .filter(roll_entry::Column::RollId.eq(id))
        .filter(roll_entry::Column::IdHash.eq(id_hash.as_str()))
        .filter(roll_entry::Column::FactorHash.eq(factor_hash.as_str()))
        .filter(roll_entry::Column::UserId.is_null())
        .exec(&txn)
        .await;
    let claimed = match claimed {
        Ok(res) => res.rows_affected,
        // The same account verifying two entries at once: the unique (user, roll) index.
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            return Err(err(RollError::AlreadyVerified));
        }
        Err(e) => return Err(e.into()),
    };
    if claimed == 1 {
        count_verified(&txn, actor, id, 1, Event::RollVerify).await?;
        txn.commit().await?;
        return Ok(());
    }
    txn.commit().await?;
    let taken = roll_entry::Entity::find()
        .filter(roll_entry::Column::RollId.eq(id))
        .filter(roll_entry::Column::IdHash.eq(id_hash.as_str()))
        .filter(roll_entry::Column::FactorHash.eq(factor_hash.as_str()))
        .filter(roll_entry::Column::UserId.is_not_null())
        .count(conn)
        .await?;
    Err(err(if taken > 0 {
        RollError::Taken
    } else {
        RollError::NoMatch
    }))
}

/// A coordinator frees the entry of `identifier` (verified by the wrong account, or by an
/// account its owner lost): it can then be verified again. Ballots already cast stay.
pub async fn release(
    conn: &DatabaseConnection,
    key: Option<&RollKey>,
    actor: &user::Model,
    id: RollId,
    identifier: &str,
) -> Result<(), AppError> {
    may_manage(actor)?;
    let r = ready(conn, id).await?;
    let key = key_for(key, &r)?;
    let ident = (identifier.len() <= rules::LINE_MAX)
        .then(|| rules::normalize_id(identifier))
        .flatten()
        .ok_or(err(RollError::Unreadable))?;
    let id_hash = key.id_hash(id, &ident);
    let txn = db::write_txn(conn).await?;
    let freed = roll_entry::Entity::update_many()
        .col_expr(
            roll_entry::Column::UserId,
            sea_orm::sea_query::Expr::value(Option::<i32>::None),
        )
        .col_expr(
            roll_entry::Column::VerifiedAt,
            sea_orm::sea_query::Expr::value(Option::<i64>::None),
        )
        .filter(roll_entry::Column::RollId.eq(id))
        .filter(roll_entry::Column::IdHash.eq(id_hash))
        .filter(roll_entry::Column::UserId.is_not_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if freed == 0 {
        return Err(err(RollError::NotVerified));
    }
    count_verified(&txn, actor, id, -1, Event::RollRelease).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves roll `id`'s verified counter by `delta` and records `kind` (never the identifier),
/// in the transaction that linked or freed the entry.
async fn count_verified(
    txn: &impl ConnectionTrait,
    actor: &user::Model,
    id: RollId,
    delta: i64,
    kind: Event,
) -> Result<(), AppError> {
    roll::Entity::update_many()
        .col_expr(
            roll::Column::Verified,
            sea_orm::sea_query::Expr::col(roll::Column::Verified).add(delta),
        )
        .filter(roll::Column::Id.eq(id))
        .exec(txn)
        .await?;
    events::record(
        txn,
        Some(actor.id),
        kind,
        &format!("roll:{id}"),
        serde_json::json!({}),
    )
    .await?;
    Ok(())
}

/// Whether `user` verified themselves on roll `id`.
pub async fn is_verified(
    db: &impl ConnectionTrait,
    id: RollId,
    user: UserId,
) -> Result<bool, AppError> {
    Ok(roll_entry::Entity::find()
        .filter(roll_entry::Column::UserId.eq(user))
        .filter(roll_entry::Column::RollId.eq(id))
        .count(db)
        .await?
        > 0)
}

/// Every roll, newest first (at most a few dozen exist: they are imported by hand).
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<roll::Model>, AppError> {
    Ok(roll::Entity::find()
        .order_by_desc(roll::Column::Id)
        .limit(200)
        .all(db)
        .await?)
}

/// The rolls `user` verified themselves on, with when.
pub async fn of_user(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Vec<(roll::Model, i64)>, AppError> {
    let entries = roll_entry::Entity::find()
        .filter(roll_entry::Column::UserId.eq(user))
        .all(db)
        .await?;
    let mut out = Vec::new();
    for e in entries {
        if let Some(r) = roll::Entity::find_by_id(e.roll_id).one(db).await? {
            out.push((r, e.verified_at.unwrap_or_default()));
        }
    }
    Ok(out)
}
