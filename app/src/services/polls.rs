//! Votes: open one, cast and replace ballots, close, count, publish the ballots, apply the
//! result to the text, and check the ballot log.
//!
//! Policy, decided here once:
//! - facilitators and coordinators open votes (on the competing amendments of one passage,
//!   or on a list of measures), close them early and apply their results;
//! - anyone may read a vote of a published program; while it is open only the number of
//!   ballots and the log's head hash are public, results and ballot files after the close;
//! - a ballot is stored in one write transaction that first locks the vote's row, then
//!   checks the clock against the close, the voter's eligibility and the ranking, so a
//!   ballot racing the close either commits before it or is refused; one row per voter
//!   (UNIQUE index), a revote replaces it; every ballot, replaced or not, is appended to
//!   the vote's hash-chained log (no voter, no time in it).

use super::accounts::role_of;
use super::amendments::{self};
use super::lookup::{program_of, program_visible, revision_text};
use super::{clock::now, db, events, phases};
use crate::domain::amendment::AmendmentStatus;
use crate::domain::event::Event;
use crate::domain::ids::{AmendmentId, PollId};
use crate::domain::policy::{self, PollAction, PollFacts};
use crate::domain::policy::{SectionAction, SectionFacts};
use crate::domain::poll::{
    self as rules, entry_hash, genesis, receipt_hash, shape, tally_names, Eligibility, Phase,
    PollError, PollKind, TieRule, KEEP_CURRENT,
};
use crate::domain::tally::{self, Election, Method, TallyResult};
use crate::domain::text::conflict_groups;
use crate::entities::{amendment, ballot, ballot_log, poll, poll_option, program, section, user};
use crate::error::AppError;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// How many ballots marked something in `e` (one block's election).
pub fn voters_in(e: &Election) -> u64 {
    let marked: u64 = e
        .scores
        .iter()
        .map(|m| m.count)
        .chain(e.answers.iter().map(|m| m.count))
        .sum();
    e.total().saturating_add(marked)
}
use std::str::FromStr;

pub fn bad(e: PollError) -> AppError {
    AppError::Poll(e)
}

/// What a facilitator submits to open a vote.
pub struct NewPoll<'a> {
    pub program_slug: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// Votes on amendments: the competing amendments (all on one section).
    pub amendments: &'a [AmendmentId],
    /// Votes on measures: one measure per line.
    pub measures: &'a str,
    pub method: &'a str,
    pub seats: usize,
    /// Approval: the most options one ballot may approve (`None`: no limit). Questions of
    /// their own (`# Title [approval N]` in `measures`) set their own.
    pub choose: Option<usize>,
    pub tie: &'a str,
    pub eligibility: &'a str,
    /// With eligibility `assemblies`: whose members vote (1 to 50 assemblies).
    pub assemblies: &'a [crate::domain::ids::AssemblyId],
    /// With eligibility `roll`: the roll whose verified people vote.
    pub roll: Option<crate::domain::ids::RollId>,
    pub opens_at: i64,
    pub closes_at: i64,
    /// Below this many ballots the closed vote publishes no results, files or voters.
    pub min_voters: usize,
}

pub fn may_manage(actor: &user::Model) -> bool {
    role_of(actor).can_decide_amendments()
}

pub fn phase(p: &poll::Model, at: i64) -> Phase {
    Phase::at(p.opens_at, p.closes_at, at)
}

/// The vote's row, locked for the rest of the transaction (SQLite: the write lock is
/// already held since BEGIN IMMEDIATE).
pub(crate) async fn poll_locked(
    txn: &impl ConnectionTrait,
    id: PollId,
) -> Result<poll::Model, AppError> {
    let mut select = poll::Entity::find_by_id(id);
    if db::supports_row_locks(txn) {
        // FOR NO KEY UPDATE: what changes is never the key, and it does not wait for the
        // key-share locks that storing a ballot (its foreign key) takes on the vote, so
        // transactions that stored ballots can each then take the vote in turn.
        select = select.lock(sea_orm::sea_query::LockType::NoKeyUpdate);
    }
    select.one(txn).await?.ok_or(AppError::NotFound)
}

pub async fn options_of(
    db: &impl ConnectionTrait,
    poll_id: PollId,
) -> Result<Vec<poll_option::Model>, AppError> {
    Ok(poll_option::Entity::find()
        .filter(poll_option::Column::PollId.eq(poll_id))
        .order_by_asc(poll_option::Column::Position)
        .all(db)
        .await?)
}

/// The ballot's shape: its questions (one for a vote made without any), each with its
/// method, seats, approval limit and options.
pub fn shape_of(p: &poll::Model, n: usize) -> Vec<shape::BlockShape> {
    let plain = || shape::single(p.method, usize::try_from(p.seats).unwrap_or(1), None, n);
    if p.blocks.is_empty() {
        return plain();
    }
    serde_json::from_str(&p.blocks).unwrap_or_else(|err| {
        tracing::error!(poll = %p.id, error = %err, "unreadable ballot shape");
        plain()
    })
}

pub fn withdrawn_of(options: &[poll_option::Model]) -> Vec<bool> {
    options.iter().map(|o| o.withdrawn).collect()
}

/// Opens a vote (facilitators and coordinators). For amendments: every chosen amendment
/// must be published, on one section, written on its current text and competing with the
/// others for one passage; they are frozen (`in_vote`) in the same transaction.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn create(
    conn: &DatabaseConnection,
    actor: &user::Model,
    new: NewPoll<'_>,
) -> Result<poll::Model, AppError> {
    if !may_manage(actor) {
        return Err(AppError::Forbidden);
    }
    let kind = PollKind::parse(new.kind).map_err(bad)?;
    let method = Method::from_str(new.method).map_err(|_| bad(PollError::BadSetting))?;
    let tie = TieRule::parse(new.tie).map_err(bad)?;
    let eligibility = Eligibility::parse(new.eligibility).map_err(bad)?;
    let title = new.title.trim();
    if title.is_empty()
        || title.chars().count() > rules::TITLE_MAX
        || !crate::domain::text::is_single_line(title)
    {
        return Err(bad(PollError::Title));
    }
    let description = new.description.trim();
    if description.chars().count() > rules::DESCRIPTION_MAX {
        return Err(bad(PollError::Description));
    }
    let t = now();
    if new.closes_at <= new.opens_at || new.closes_at <= t {
        return Err(bad(PollError::Times));
    }
    if !(rules::MIN_VOTERS_FLOOR..=rules::MIN_VOTERS_MAX).contains(&new.min_voters) {
        return Err(bad(PollError::MinVoters));
    }
    let mut assemblies: Vec<crate::domain::ids::AssemblyId> = match eligibility {
        Eligibility::Assemblies => new.assemblies.to_vec(),
        _ => Vec::new(),
    };
    assemblies.sort_unstable();
    assemblies.dedup();
    if eligibility == Eligibility::Assemblies {
        let found = crate::entities::assembly::Entity::find()
            .filter(crate::entities::assembly::Column::Id.is_in(assemblies.clone()))
            .count(conn)
            .await?;
        if assemblies.is_empty() || assemblies.len() > 50 || found != assemblies.len() as u64 {
            return Err(bad(PollError::Assemblies));
        }
    }
    let txn = db::write_txn(conn).await?;
    // The same form sent twice: the vote its first submit created.
    if let super::forms::Claim::Done(id) = super::forms::claim(&txn, actor.id.get(), "vote").await?
    {
        let first = poll::Entity::find_by_id(PollId(id))
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?;
        txn.commit().await?;
        return Ok(first);
    }
    let program = program::Entity::find()
        .filter(program::Column::Slug.eq(new.program_slug))
        .one(&txn)
        .await?
        .filter(|p| p.published_at.is_some())
        .ok_or(AppError::NotFound)?;
    let mut facts = SectionFacts {
        published_program: true,
        phase: phases::current(&txn, &program).await?,
        // The section is known from the options: checked again with its committee below.
        scope: policy::Scope::Open,
    };
    policy::section(Some(role_of(actor)), &facts, SectionAction::OpenVote)?;
    // (label, name, amendment) per option, in ballot order.
    let mut options: Vec<(String, String, Option<AmendmentId>)> = Vec::new();
    let mut section_id = None;
    let defaults = shape::Defaults {
        method,
        seats: new.seats,
        choose: new.choose,
    };
    let blocks: Vec<shape::BlockShape>;
    match kind {
        PollKind::Amendments => {
            let mut ids = new.amendments.to_vec();
            ids.sort_unstable();
            ids.dedup();
            if ids.is_empty() || ids.len() + 1 > rules::MAX_OPTIONS {
                return Err(bad(PollError::OptionCount));
            }
            let chosen = amendment::Entity::find()
                .filter(amendment::Column::Id.is_in(ids.clone()))
                .order_by_asc(amendment::Column::Id)
                .all(&txn)
                .await?;
            let Some(first) = chosen.first() else {
                return Err(bad(PollError::BadAmendments));
            };
            let mut select = section::Entity::find_by_id(first.section_id);
            if db::supports_row_locks(&txn) {
                select = select.lock_exclusive();
            }
            let sec = select.one(&txn).await?.ok_or(AppError::NotFound)?;
            // The section's committee (and coordinators) open votes on it.
            facts.scope = super::committees::scope_of(&txn, sec.id, Some(actor)).await?;
            policy::section(Some(role_of(actor)), &facts, SectionAction::OpenVote)?;
            // Re-read under the section's lock: nothing changes them now.
            let chosen = amendment::Entity::find()
                .filter(amendment::Column::Id.is_in(ids.clone()))
                .order_by_asc(amendment::Column::Id)
                .all(&txn)
                .await?;
            let fits = chosen.len() == ids.len()
                && chosen.iter().all(|a| {
                    a.section_id == sec.id
                        && a.program_id == program.id
                        && a.status == AmendmentStatus::Published
                        && a.base_number == sec.head_number
                });
            if !fits {
                return Err(bad(PollError::BadAmendments));
            }
            if chosen.len() > 1 {
                // They must compete for one passage, or the vote would choose between
                // changes that could all be made.
                let head = revision_text(&txn, sec.id, sec.head_number).await?;
                let texts: Vec<(AmendmentId, &str)> =
                    chosen.iter().map(|a| (a.id, a.text.as_str())).collect();
                let groups = conflict_groups(&head, &texts);
                if !groups
                    .iter()
                    .any(|g| ids.iter().all(|id| g.members.contains(id)))
                {
                    return Err(bad(PollError::BadAmendments));
                }
            }
            options.push((KEEP_CURRENT.to_string(), KEEP_CURRENT.to_string(), None));
            for a in &chosen {
                options.push((a.title.clone(), format!("Amendment {}", a.id), Some(a.id)));
            }
            section_id = Some(sec.id);
            // One of the options is applied: yes/no on each would not choose one.
            if method == Method::YesNo {
                return Err(bad(PollError::BadSetting));
            }
            let choose = (method == Method::Approval).then_some(new.choose).flatten();
            shape::check_block(method, new.seats, choose, options.len()).map_err(bad)?;
            blocks = shape::single(method, new.seats, choose, options.len());
        }
        PollKind::Measures => {
            let questions = shape::parse_questions(new.measures).map_err(bad)?;
            let total: usize = questions.iter().map(|q| q.labels.len()).sum();
            if total > rules::MAX_OPTIONS {
                return Err(bad(PollError::OptionCount));
            }
            for q in &questions {
                if q.labels
                    .iter()
                    .any(|l| l.chars().count() > rules::LABEL_MAX)
                {
                    return Err(bad(PollError::BadOption));
                }
                let mut seen: Vec<String> = q.labels.iter().map(|l| l.to_lowercase()).collect();
                seen.sort();
                seen.dedup();
                if seen.len() != q.labels.len() {
                    return Err(bad(PollError::BadOption));
                }
            }
            blocks = shape::shape_of(&questions, defaults).map_err(bad)?;
            let labels: Vec<String> = questions.into_iter().flat_map(|q| q.labels).collect();
            for (label, name) in labels.iter().zip(tally_names(&labels)) {
                options.push((label.clone(), name, None));
            }
        }
    }
    let plain = blocks.len() == 1 && blocks[0].title.is_none() && blocks[0].choose.is_none();
    let blocks_json = if plain {
        String::new()
    } else {
        serde_json::to_string(&blocks).map_err(|_| AppError::Internal)?
    };
    let roll_id = match eligibility {
        Eligibility::Roll => {
            let choose = || AppError::Roll(crate::domain::roll::RollError::Choose);
            let id = new.roll.ok_or_else(choose)?;
            // Locked against its deletion, which first makes it not ready.
            match super::rolls::ready_locked(&txn, id).await {
                Ok(r) => Some(r.id),
                Err(AppError::NotFound | AppError::Roll(_)) => return Err(choose()),
                Err(e) => return Err(e),
            }
        }
        _ => None,
    };
    // Drawn now, before any ballot; only its SHA-256 is shown until the close.
    let lot_secret = super::tokens::new_secret();
    let created = poll::ActiveModel {
        program_id: Set(program.id),
        section_id: Set(section_id),
        kind: Set(kind),
        title: Set(title.to_string()),
        description: Set(description.to_string()),
        method: Set(method),
        seats: Set(i32::try_from(new.seats).unwrap_or(1)),
        tie: Set(tie),
        eligibility: Set(eligibility),
        opens_at: Set(new.opens_at.max(t)),
        closes_at: Set(new.closes_at),
        created_by: Set(actor.id),
        created_at: Set(t),
        head_hash: Set(String::new()),
        entries: Set(0),
        applied_at: Set(None),
        applied_by: Set(None),
        lot_commitment: Set(rules::lot_commitment(&lot_secret)),
        lot_secret: Set(lot_secret),
        min_voters: Set(i32::try_from(new.min_voters).unwrap_or(i32::MAX)),
        blocks: Set(blocks_json),
        roll_id: Set(roll_id),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut active: poll::ActiveModel = created.into();
    active.head_hash = Set(genesis(active.id.as_ref().get()));
    let created = active.update(&txn).await?;
    for (i, (label, name, amendment_id)) in options.iter().enumerate() {
        poll_option::ActiveModel {
            poll_id: Set(created.id),
            position: Set(i32::try_from(i + 1).unwrap_or(i32::MAX)),
            name: Set(name.clone()),
            label: Set(label.clone()),
            amendment_id: Set(*amendment_id),
            withdrawn: Set(false),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    for &assembly_id in &assemblies {
        crate::entities::poll_assembly::ActiveModel {
            poll_id: Set(created.id),
            assembly_id: Set(assembly_id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let frozen: Vec<AmendmentId> = options.iter().filter_map(|o| o.2).collect();
    if !frozen.is_empty() {
        amendment::Entity::update_many()
            .col_expr(
                amendment::Column::Status,
                Expr::value(AmendmentStatus::InVote.as_str()),
            )
            .col_expr(amendment::Column::UpdatedAt, Expr::value(t))
            // In public: sent to this vote, by whom and when (its result decides next).
            .col_expr(
                amendment::Column::DecisionKind,
                Expr::value(crate::domain::amendment::DecisionKind::SentToVote.as_str()),
            )
            .col_expr(
                amendment::Column::DecisionPoll,
                Expr::value(created.id.get()),
            )
            .col_expr(amendment::Column::DecidedBy, Expr::value(actor.id.get()))
            .col_expr(amendment::Column::DecidedAt, Expr::value(t))
            .col_expr(
                amendment::Column::DecisionReason,
                Expr::value(Option::<String>::None),
            )
            .filter(amendment::Column::Id.is_in(frozen.clone()))
            .exec(&txn)
            .await?;
        let sent = amendment::Entity::find()
            .filter(amendment::Column::Id.is_in(frozen.clone()))
            .all(&txn)
            .await?;
        for a in &sent {
            super::amendments::tell(
                &txn,
                a,
                Some(actor.id),
                crate::domain::notice::NoticeKind::Decided,
            )
            .await?;
        }
    }
    events::record(
        &txn,
        Some(actor.id),
        Event::PollCreate,
        &format!("poll:{}", created.id),
        serde_json::json!({"kind": kind.as_str(), "method": method.as_str(),
            "seats": new.seats, "blocks": blocks.len(), "tie": tie.as_str(), "amendments": frozen,
            "eligibility": eligibility.as_str(), "assemblies": assemblies,
            "opens_at": created.opens_at, "closes_at": created.closes_at}),
    )
    .await?;
    super::forms::record(&txn, actor.id.get(), created.id.get()).await?;
    txn.commit().await?;
    Ok(created)
}

/// What casting a ballot gives the voter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cast {
    pub receipt: String,
    pub seq: i32,
    pub replaced: bool,
}

/// Casts (or replaces) `voter`'s ballot: [`cast_batch`] with one ballot.
#[tracing::instrument(skip_all, fields(voter = %voter.id, poll_id = %poll_id))]
pub async fn cast(
    conn: &DatabaseConnection,
    voter: &user::Model,
    poll_id: PollId,
    ranking: &str,
) -> Result<Cast, AppError> {
    let job = BallotJob {
        voter: voter.clone(),
        poll_id,
        ranking: ranking.to_string(),
    };
    cast_batch(conn, std::slice::from_ref(&job))
        .await?
        .pop()
        .unwrap_or(Err(AppError::Internal))
}

/// One ballot waiting to be cast with others.
pub struct BallotJob {
    pub voter: user::Model,
    pub poll_id: PollId,
    pub ranking: String,
}

/// A ballot stored, its log entry still to be chained.
struct Staged {
    job: usize,
    receipt: String,
    receipt_hash: String,
    text: String,
    replaces: Option<String>,
}

/// A vote as the casts read it before its row is locked.
struct VoteInfo {
    found: poll::Model,
    program: program::Model,
    options: Vec<poll_option::Model>,
}

async fn vote_info(txn: &impl ConnectionTrait, poll_id: PollId) -> Result<VoteInfo, AppError> {
    let found = poll::Entity::find_by_id(poll_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let program = program_of(txn, found.program_id).await?;
    let options = options_of(txn, poll_id).await?;
    Ok(VoteInfo {
        found,
        program,
        options,
    })
}

/// Checks one ballot and stores it as the voter's (replacing the one before), without
/// touching the vote's row: what may run for many voters at once.
async fn stage(
    txn: &impl ConnectionTrait,
    vote: &VoteInfo,
    voter: &user::Model,
    ranking: &str,
    t: i64,
) -> Result<(String, String, String, Option<String>), AppError> {
    let poll_id = vote.found.id;
    if !program_visible(&vote.program, Some(voter)) {
        return Err(AppError::NotFound);
    }
    let facts = facts_of(txn, &vote.found, &vote.program, Some(voter), t).await?;
    policy::poll(Some(role_of(voter)), &facts, PollAction::Cast)?;
    // A person counts once: present at a room whose paper ballots are in, their ballot is
    // the room's (see `rooms`).
    if super::rooms::voted_in_room(txn, poll_id, voter.id).await? {
        return Err(bad(PollError::VotedInRoom));
    }
    let ballot = shape::Ballot::parse(
        ranking,
        &shape_of(&vote.found, vote.options.len()),
        &withdrawn_of(&vote.options),
    )
    .map_err(bad)?;
    // Casting again replaces the ballot, but not without bound: every cast is a log entry.
    // The counter's row is held until the transaction ends, so one voter's parallel casts
    // run one after another and are counted exactly; each then reads the ballot the one
    // before it stored.
    super::rate_limit::hit(
        txn,
        &format!("cast:{poll_id}:{}", voter.id),
        CASTS_PER_VOTER,
    )
    .await
    .map_err(|err| match err {
        AppError::Throttled { .. } => bad(PollError::TooManyCasts),
        other => other,
    })?;
    let text = ballot.to_string();
    let receipt = new_receipt();
    let rh = receipt_hash(&receipt);
    let previous = ballot::Entity::find()
        .filter(ballot::Column::PollId.eq(poll_id))
        .filter(ballot::Column::UserId.eq(voter.id))
        .one(txn)
        .await?;
    let replaces = previous.as_ref().map(|b| b.receipt_hash.clone());
    match previous {
        Some(b) => {
            let mut active: ballot::ActiveModel = b.into();
            active.ranking = Set(text.clone());
            active.receipt_hash = Set(rh.clone());
            active.cast_at = Set(t);
            active.update(txn).await?;
        }
        None => {
            ballot::ActiveModel {
                poll_id: Set(poll_id),
                user_id: Set(voter.id),
                ranking: Set(text.clone()),
                receipt_hash: Set(rh.clone()),
                cast_at: Set(t),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok((receipt, rh, text, replaces))
}

/// Casts several ballots in one transaction (one commit, so one wait for the disk, for
/// all of them). Per vote (in id order): each ballot is checked and stored in a savepoint
/// of its own (a ballot refused leaves the others as they are) without holding the vote;
/// then the vote's row is locked only to chain the batch's entries onto its log, in one
/// insert, and move its head. The vote is checked again under that lock: ballots that
/// reach a vote closed meanwhile are all refused and none is stored. So several app
/// servers check and store ballots in parallel and take turns only for the append.
/// Every answer stands once the transaction committed: if it does not, every ballot of
/// the batch gets the error and none was stored.
pub async fn cast_batch(
    conn: &DatabaseConnection,
    jobs: &[BallotJob],
) -> Result<Vec<Result<Cast, AppError>>, AppError> {
    use sea_orm::TransactionTrait;
    let txn = db::write_txn(conn).await?;
    let t = now();
    // One order for every batch on every server (vote, then voter): no two wait on each
    // other's rows.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|i| (jobs[*i].poll_id, jobs[*i].voter.id));
    let mut results: Vec<Option<Result<Cast, AppError>>> = (0..jobs.len()).map(|_| None).collect();
    let mut k = 0;
    while k < order.len() {
        let poll_id = jobs[order[k]].poll_id;
        let group: Vec<usize> = order[k..]
            .iter()
            .copied()
            .take_while(|i| jobs[*i].poll_id == poll_id)
            .collect();
        k += group.len();
        let vote = match vote_info(&txn, poll_id).await {
            Ok(v) => v,
            Err(err) => {
                for i in group {
                    results[i] = Some(Err(err.clone()));
                }
                continue;
            }
        };
        let per_vote = txn.begin().await?;
        let mut staged: Vec<Staged> = Vec::new();
        for i in group.iter().copied() {
            let job = &jobs[i];
            let savepoint = per_vote.begin().await?;
            match stage(&savepoint, &vote, &job.voter, &job.ranking, t).await {
                Ok((receipt, receipt_hash, text, replaces)) => {
                    savepoint.commit().await?;
                    staged.push(Staged {
                        job: i,
                        receipt,
                        receipt_hash,
                        text,
                        replaces,
                    });
                }
                Err(err) => {
                    savepoint.rollback().await?;
                    results[i] = Some(Err(err));
                }
            }
        }
        if staged.is_empty() {
            per_vote.rollback().await?;
            continue;
        }
        // The append, under the vote's lock.
        let locked = poll_locked(&per_vote, poll_id).await?;
        if phase(&locked, t) != Phase::Open {
            per_vote.rollback().await?;
            for s in staged {
                results[s.job] = Some(Err(bad(PollError::Closed)));
            }
            continue;
        }
        let mut head = locked.head_hash.clone();
        let mut seq = locked.entries;
        let mut entries = Vec::with_capacity(staged.len());
        for s in &staged {
            seq += 1;
            let hash = entry_hash(&head, seq, &s.receipt_hash, &s.text, s.replaces.as_deref());
            entries.push(ballot_log::ActiveModel {
                poll_id: Set(poll_id),
                seq: Set(seq),
                receipt_hash: Set(s.receipt_hash.clone()),
                ranking: Set(s.text.clone()),
                replaces: Set(s.replaces.clone()),
                prev_hash: Set(head.clone()),
                hash: Set(hash.clone()),
                ..Default::default()
            });
            results[s.job] = Some(Ok(Cast {
                receipt: s.receipt.clone(),
                seq,
                replaced: s.replaces.is_some(),
            }));
            head = hash;
        }
        for chunk in entries.chunks(200) {
            ballot_log::Entity::insert_many(chunk.to_vec())
                .exec(&per_vote)
                .await?;
        }
        let moved = poll::Entity::update_many()
            .col_expr(poll::Column::HeadHash, Expr::value(head))
            .col_expr(poll::Column::Entries, Expr::value(seq))
            .filter(poll::Column::Id.eq(poll_id))
            .filter(poll::Column::Entries.eq(locked.entries))
            .exec(&per_vote)
            .await?;
        if moved.rows_affected != 1 {
            return Err(AppError::Stale);
        }
        per_vote.commit().await?;
    }
    txn.commit().await?;
    Ok(results
        .into_iter()
        .map(|r| r.unwrap_or(Err(AppError::Internal)))
        .collect())
}

fn new_receipt() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 10];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    rules::receipt_code(bytes)
}

/// How often one voter may cast (or re-cast) on one vote: 10 ballots per 10 minutes.
pub const CASTS_PER_VOTER: super::rate_limit::Limit = super::rate_limit::Limit {
    limit: 10,
    window_secs: 600,
};

/// Closes a vote now (facilitators and coordinators); a scheduled one is closed without
/// ever opening. Ballots committed before this are counted, later ones refused.
#[tracing::instrument(skip_all, fields(actor = %actor.id, poll_id = %poll_id))]
pub async fn close(
    conn: &DatabaseConnection,
    actor: &user::Model,
    poll_id: PollId,
) -> Result<poll::Model, AppError> {
    if !may_manage(actor) {
        return Err(AppError::Forbidden);
    }
    let txn = db::write_txn(conn).await?;
    let found = poll_locked(&txn, poll_id).await?;
    let program = program_of(&txn, found.program_id).await?;
    let t = now();
    let facts = facts_of(&txn, &found, &program, Some(actor), t).await?;
    policy::poll(Some(role_of(actor)), &facts, PollAction::Close)?;
    let mut active: poll::ActiveModel = found.into();
    active.closes_at = Set(t);
    if *active.opens_at.as_ref() > t {
        active.opens_at = Set(t);
    }
    let closed = active.update(&txn).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::PollClose,
        &format!("poll:{poll_id}"),
        serde_json::json!({"entries": closed.entries, "head": closed.head_hash}),
    )
    .await?;
    txn.commit().await?;
    Ok(closed)
}

/// The cookie that carries a new receipt code back to the voter's browser for the page
/// shown after casting (an hour): the database keeps only the code's hash.
pub fn receipt_cookie_name(poll_id: PollId) -> String {
    format!("redacta_receipt_{poll_id}")
}

/// The counted election of a closed vote of one question (votes on amendments): its
/// first block.
pub async fn election_of(
    db: &impl ConnectionTrait,
    p: &poll::Model,
    options: &[poll_option::Model],
) -> Result<Election, AppError> {
    Ok(elections_of(db, p, options)
        .await?
        .into_iter()
        .next()
        .unwrap_or_default())
}

/// The elections of a closed vote, one per block (question): its current ballots,
/// identical ones merged by the database and again per block, each block's options named
/// as in the published files.
pub async fn elections_of(
    db: &impl ConnectionTrait,
    p: &poll::Model,
    options: &[poll_option::Model],
) -> Result<Vec<Election>, AppError> {
    let blocks = shape_of(p, options.len());
    let withdrawn = withdrawn_of(options);
    let mut elections: Vec<Election> = blocks
        .iter()
        .map(|b| {
            let mine = options
                .get(b.first.saturating_sub(1)..(b.first - 1 + b.len).min(options.len()))
                .unwrap_or_default();
            let mut e = Election::new(
                mine.iter().map(|o| o.name.clone()).collect(),
                b.seats.min(mine.len().max(1)),
            );
            e.title = Some(match &b.title {
                Some(t) => format!("{}: {t}", p.title),
                None => p.title.clone(),
            });
            e.withdrawn = withdrawn_of(mine);
            e
        })
        .collect();
    let grouped: Vec<(String, i64)> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::Ranking)
        .column_as(ballot::Column::Id.count(), "n")
        .filter(ballot::Column::PollId.eq(p.id))
        .group_by(ballot::Column::Ranking)
        .into_tuple()
        .all(db)
        .await?;
    // Per block, the same marks from different whole ballots are one line of its file.
    let mut per_block: Vec<std::collections::BTreeMap<String, (u64, shape::Marks)>> =
        vec![Default::default(); blocks.len()];
    for (text, n) in grouped {
        let b = shape::Ballot::parse(&text, &blocks, &withdrawn).map_err(|_| AppError::Internal)?;
        for (k, marks) in b.0.into_iter().enumerate() {
            if let Some(m) = marks {
                let entry = per_block[k].entry(m.to_string()).or_insert((0, m));
                entry.0 += u64::try_from(n).unwrap_or(0);
            }
        }
    }
    for ((e, block), marks) in elections.iter_mut().zip(&blocks).zip(per_block) {
        for (_, (n, m)) in marks {
            m.add_to(e, block.first, n, 0)
                .map_err(|_| AppError::Internal)?;
        }
    }
    // The rooms' paper ballots, each room a source of its own (counted apart too); a room
    // with fewer ballots than the vote's minimum is counted with the online ballots, so
    // nobody's ballot in a small room can be told apart.
    let rooms = rooms_of(db, p.id).await?;
    let min = i64::from(p.min_voters);
    let mut names: Vec<String> = vec![crate::domain::tally::ballot::ONLINE.to_string()];
    let mut source_of: std::collections::HashMap<crate::domain::ids::MeetingId, u16> =
        Default::default();
    for (meeting, name, total) in &rooms {
        if *total >= min && names.len() < usize::from(u16::MAX) {
            source_of.insert(*meeting, u16::try_from(names.len()).unwrap_or(0));
            names.push(name.clone());
        } else {
            source_of.insert(*meeting, 0);
            names[0] = rules::SMALL_ROOMS.to_string();
        }
    }
    if !rooms.is_empty() {
        let entries: Vec<(Option<crate::domain::ids::MeetingId>, i32, String)> =
            ballot_log::Entity::find()
                .select_only()
                .column(ballot_log::Column::MeetingId)
                .column(ballot_log::Column::Weight)
                .column(ballot_log::Column::Ranking)
                .filter(ballot_log::Column::PollId.eq(p.id))
                .filter(ballot_log::Column::MeetingId.is_not_null())
                .into_tuple()
                .all(db)
                .await?;
        for (meeting, weight, text) in entries {
            let source = meeting
                .and_then(|m| source_of.get(&m).copied())
                .unwrap_or(0);
            let b =
                shape::Ballot::parse(&text, &blocks, &withdrawn).map_err(|_| AppError::Internal)?;
            for ((e, block), marks) in elections.iter_mut().zip(&blocks).zip(&b.0) {
                if let Some(m) = marks {
                    m.add_to(e, block.first, u64::try_from(weight).unwrap_or(0), source)
                        .map_err(|_| AppError::Internal)?;
                }
            }
        }
    }
    for e in &mut elections {
        e.sources = names.clone();
        e.compact();
    }
    Ok(elections)
}

/// The rooms whose paper ballots are in vote `poll_id`: (meeting, name as a source of the
/// files, paper ballots), by meeting.
pub async fn rooms_of(
    db: &impl ConnectionTrait,
    poll_id: PollId,
) -> Result<Vec<(crate::domain::ids::MeetingId, String, i64)>, AppError> {
    use crate::entities::{meeting, poll_room};
    let rows = poll_room::Entity::find()
        .filter(poll_room::Column::PollId.eq(poll_id))
        .order_by_asc(poll_room::Column::MeetingId)
        .all(db)
        .await?;
    let meetings: std::collections::HashMap<crate::domain::ids::MeetingId, meeting::Model> =
        meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(rows.iter().map(|r| r.meeting_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let title = meetings.get(&r.meeting_id).map_or("", |m| m.title.as_str());
            let clean: String = title
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .take(80)
                .collect();
            (
                r.meeting_id,
                format!("room {}: {}", r.meeting_id, clean.trim()),
                i64::from(r.ballots),
            )
        })
        .collect())
}

/// The count of a closed vote, as anyone re-running it from the BLT file gets it.
pub fn count(p: &poll::Model, e: &Election) -> Result<TallyResult, AppError> {
    count_block(p, p.method, e)
}

/// The count of one block (question) of a closed vote, counted by `method`; every block
/// breaks ties by the vote's rule.
pub fn count_block(p: &poll::Model, method: Method, e: &Election) -> Result<TallyResult, AppError> {
    let tie = p.tie;
    let options = tally::Options {
        tie: tie.policy(e.candidates.len(), &p.head_hash, &p.lot_secret),
        irv: Default::default(),
        threshold: None,
    };
    tally::count(e, method, &options).map_err(|err| {
        tracing::error!(error = %crate::error::cause_chain(&err), poll = %p.id, "count failed");
        AppError::Internal
    })
}

/// Refuses to publish anything derived from the ballots of a vote with fewer than its
/// minimum of voters: with one voter the anonymous file is that named person's ballot.
pub async fn require_enough_voters(
    db: &impl ConnectionTrait,
    p: &poll::Model,
) -> Result<(), AppError> {
    let n = ballot::Entity::find()
        .filter(ballot::Column::PollId.eq(p.id))
        .count(db)
        .await?;
    if n < u64::try_from(p.min_voters).unwrap_or(u64::MAX) {
        return Err(bad(PollError::TooFewVoters));
    }
    Ok(())
}

/// The winning option (0-based) of a vote on amendments, or `None` when tied.
pub fn winner(result: &TallyResult) -> Option<usize> {
    if !result.tied.is_empty() {
        return None;
    }
    match result.ranking.first() {
        Some(top) if top.len() == 1 => Some(top[0]),
        _ => None,
    }
}

/// Applies a closed vote's result on amendments (facilitators and coordinators): the
/// winning amendment is accepted through the accept path (its section gets a new
/// revision, open amendments are rebased) and the others in the vote are rejected; when
/// "keep the current text" wins, every amendment in the vote is rejected. One transaction.
#[tracing::instrument(skip_all, fields(actor = %actor.id, poll_id = %poll_id))]
pub async fn apply(
    conn: &DatabaseConnection,
    actor: &user::Model,
    poll_id: PollId,
) -> Result<Option<AmendmentId>, AppError> {
    if !may_manage(actor) {
        return Err(AppError::Forbidden);
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        // The winner's rebase is planned before the lock (see amendments::accept); the
        // count is repeated under the lock, where it decides.
        let plan = match planned_winner(conn, poll_id).await? {
            Some(id) => amendments::plan_accept(conn, id).await?,
            None => amendments::RebasePlan::default(),
        };
        match apply_planned(conn, actor, poll_id, &plan).await {
            Err(AppError::Busy { .. }) if attempt < amendments::PLAN_ATTEMPTS => continue,
            other => return other,
        }
    }
}

/// The amendment a closed vote would accept, read without a lock (None if the vote is not
/// closed, is tied or keeps the current text: then nothing is planned).
async fn planned_winner(
    db: &DatabaseConnection,
    poll_id: PollId,
) -> Result<Option<AmendmentId>, AppError> {
    let Some(found) = poll::Entity::find_by_id(poll_id).one(db).await? else {
        return Ok(None);
    };
    if phase(&found, now()) != Phase::Closed || found.applied_at.is_some() {
        return Ok(None);
    }
    let options = options_of(db, poll_id).await?;
    let e = election_of(db, &found, &options).await?;
    let Ok(result) = count(&found, &e) else {
        return Ok(None);
    };
    Ok(winner(&result).and_then(|won| options.get(won).and_then(|o| o.amendment_id)))
}

async fn apply_planned(
    conn: &DatabaseConnection,
    actor: &user::Model,
    poll_id: PollId,
    plan: &amendments::RebasePlan,
) -> Result<Option<AmendmentId>, AppError> {
    let txn = db::write_txn(conn).await?;
    let found = poll_locked(&txn, poll_id).await?;
    let program = program_of(&txn, found.program_id).await?;
    if !program_visible(&program, Some(actor)) {
        return Err(AppError::NotFound);
    }
    // A result nobody may see (too few voters) is not applied either.
    let (facts, won) = apply_facts(&txn, &found, &program, Some(actor), now()).await?;
    policy::poll(Some(role_of(actor)), &facts, PollAction::Apply)?;
    let won = won.ok_or(bad(PollError::Tied))?;
    let options = options_of(&txn, poll_id).await?;
    let winner_amendment = options.get(won).and_then(|o| o.amendment_id);
    if let Some(id) = winner_amendment {
        let in_this_vote: Vec<AmendmentId> =
            options.iter().filter_map(|o| o.amendment_id).collect();
        amendments::accept_in(&txn, actor, id, plan, &in_this_vote, Some(poll_id)).await?;
    }
    for o in &options {
        let Some(id) = o.amendment_id else { continue };
        if Some(id) == winner_amendment {
            continue;
        }
        let a = amendment::Entity::find_by_id(id).one(&txn).await?;
        if a.is_some_and(|a| a.status.allows(crate::domain::amendment::Action::Reject)) {
            amendments::reject_in(&txn, actor, id, "", None, Some(poll_id)).await?;
        }
    }
    let t = now();
    let mut active: poll::ActiveModel = found.into();
    active.applied_at = Set(Some(t));
    active.applied_by = Set(Some(actor.id));
    active.update(&txn).await?;
    events::record(
        &txn,
        Some(actor.id),
        Event::PollApply,
        &format!("poll:{poll_id}"),
        serde_json::json!({"winner": options.get(won).map(|o| o.name.clone()),
            "amendment": winner_amendment}),
    )
    .await?;
    txn.commit().await?;
    Ok(winner_amendment)
}

/// The assemblies whose members may vote in a vote open to given assemblies.
pub async fn assemblies_of(
    db: &impl ConnectionTrait,
    poll_id: PollId,
) -> Result<Vec<crate::entities::assembly::Model>, AppError> {
    use crate::entities::{assembly, poll_assembly};
    let ids: Vec<crate::domain::ids::AssemblyId> = poll_assembly::Entity::find()
        .filter(poll_assembly::Column::PollId.eq(poll_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.assembly_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(assembly::Entity::find()
        .filter(assembly::Column::Id.is_in(ids))
        .order_by_asc(assembly::Column::Name)
        .all(db)
        .await?)
}

/// The members of a vote's assemblies, as a subquery of user ids.
pub fn members_of(poll_id: PollId) -> sea_orm::sea_query::SelectStatement {
    use crate::entities::{assembly_member, poll_assembly};
    use sea_orm::sea_query::Query;
    Query::select()
        .column(assembly_member::Column::UserId)
        .from(assembly_member::Entity)
        .and_where(
            assembly_member::Column::AssemblyId.in_subquery(
                Query::select()
                    .column(poll_assembly::Column::AssemblyId)
                    .from(poll_assembly::Entity)
                    .and_where(poll_assembly::Column::PollId.eq(poll_id))
                    .to_owned(),
            ),
        )
        .to_owned()
}

/// What the vote policy needs to know about `p` for `actor` at `at`, except what only applying
/// needs (the count): `enough_voters` and `has_winner` are false here; see `apply_facts`.
pub async fn facts_of(
    db: &impl ConnectionTrait,
    p: &poll::Model,
    program: &program::Model,
    actor: Option<&user::Model>,
    at: i64,
) -> Result<PollFacts, AppError> {
    let eligibility = p.eligibility;
    let member = match actor {
        Some(a) if eligibility == Eligibility::Assemblies => {
            user::Entity::find()
                .filter(user::Column::Id.eq(a.id))
                .filter(user::Column::Id.in_subquery(members_of(p.id)))
                .count(db)
                .await?
                > 0
        }
        Some(a) if eligibility == Eligibility::Roll => match p.roll_id {
            Some(roll) => super::rolls::is_verified(db, roll, a.id).await?,
            None => false,
        },
        _ => false,
    };
    Ok(PollFacts {
        phase: phase(p, at),
        published_program: program.published_at.is_some(),
        program_phase: phases::current(db, program).await?,
        eligible: actor.is_some_and(|a| eligibility.admits(a.created_at, p.opens_at, member)),
        on_amendments: p.kind == PollKind::Amendments,
        applied: p.applied_at.is_some(),
        enough_voters: false,
        has_winner: false,
        scope: match p.section_id {
            Some(section) => super::committees::scope_of(db, section, actor).await?,
            None => policy::Scope::Open,
        },
    })
}

/// The vote policy's facts for applying `p`, counted; with the winning option (0-based)
/// when there is one. A vote still open or without enough ballots is not counted.
pub async fn apply_facts(
    db: &impl ConnectionTrait,
    p: &poll::Model,
    program: &program::Model,
    actor: Option<&user::Model>,
    at: i64,
) -> Result<(PollFacts, Option<usize>), AppError> {
    let mut facts = facts_of(db, p, program, actor, at).await?;
    if facts.phase != Phase::Closed {
        return Ok((facts, None));
    }
    facts.enough_voters = require_enough_voters(db, p).await.is_ok();
    if !facts.enough_voters {
        return Ok((facts, None));
    }
    // Only a vote on amendments has a result to apply (one text wins); a vote on measures,
    // whose questions may each have their own method, has none.
    if p.kind != PollKind::Amendments {
        return Ok((facts, None));
    }
    let options = options_of(db, p.id).await?;
    let e = election_of(db, p, &options).await?;
    let won = winner(&count(p, &e)?);
    facts.has_winner = won.is_some();
    Ok((facts, won))
}
