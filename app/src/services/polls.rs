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
use super::lookup::display_names;
use super::lookup::{program_of, program_visible, revision_text};
use super::{clock::now, db, events, markdown, phases};
use crate::domain::amendment::AmendmentStatus;
use crate::domain::phase::Activity;
use crate::domain::poll::{
    self as rules, check_settings, entry_hash, genesis, receipt_hash, tally_names, Eligibility,
    LogEntry, Phase, PollError, PollKind, Ranking, TieRule, KEEP_CURRENT,
};
use crate::domain::tally::{self, parse, Election, Method, TallyResult};
use crate::domain::text::conflict_groups;
use crate::entities::{amendment, ballot, ballot_log, poll, poll_option, program, section, user};
use crate::error::AppError;
use crate::services::lookup::visible_poll;
use crate::views::votes::{
    Apply, FileView, MyBallot, NewPollForm, OptionView, PollDetail, PollResults, PollSummary,
    PollVoters, ReceiptEntry, ReceiptView, ResultView, RoundView, VoteBlock,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;
use std::str::FromStr;

fn bad(e: PollError) -> AppError {
    AppError::Poll(e)
}

/// What a facilitator submits to open a vote.
pub struct NewPoll<'a> {
    pub program_slug: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// Votes on amendments: the competing amendments (all on one section).
    pub amendments: &'a [i32],
    /// Votes on measures: one measure per line.
    pub measures: &'a str,
    pub method: &'a str,
    pub seats: usize,
    pub tie: &'a str,
    pub eligibility: &'a str,
    pub opens_at: i64,
    pub closes_at: i64,
    /// Below this many ballots the closed vote publishes no results, files or voters.
    pub min_voters: usize,
}

fn may_manage(actor: &user::Model) -> bool {
    role_of(actor).can_decide_amendments()
}

fn phase(p: &poll::Model, at: i64) -> Phase {
    Phase::at(p.opens_at, p.closes_at, at)
}

/// The vote's row, locked for the rest of the transaction (SQLite: the write lock is
/// already held since BEGIN IMMEDIATE).
async fn poll_locked(txn: &impl ConnectionTrait, id: i32) -> Result<poll::Model, AppError> {
    let mut select = poll::Entity::find_by_id(id);
    if db::supports_row_locks(txn) {
        select = select.lock_exclusive();
    }
    select.one(txn).await?.ok_or(AppError::NotFound)
}

async fn options_of(
    db: &impl ConnectionTrait,
    poll_id: i32,
) -> Result<Vec<poll_option::Model>, AppError> {
    Ok(poll_option::Entity::find()
        .filter(poll_option::Column::PollId.eq(poll_id))
        .order_by_asc(poll_option::Column::Position)
        .all(db)
        .await?)
}

fn withdrawn_of(options: &[poll_option::Model]) -> Vec<bool> {
    options.iter().map(|o| o.withdrawn).collect()
}

/// The form for a new vote: the program, and for a section its amendments that compete on
/// its current text (`chosen` preselects some).
pub async fn new_form(
    db: &impl ConnectionTrait,
    actor: &user::Model,
    program_slug: &str,
    section_id: Option<i32>,
    chosen: &[i32],
) -> Result<NewPollForm, AppError> {
    if !may_manage(actor) {
        return Err(AppError::Forbidden);
    }
    let program = program::Entity::find()
        .filter(program::Column::Slug.eq(program_slug))
        .one(db)
        .await?
        .filter(|p| p.published_at.is_some())
        .ok_or(AppError::NotFound)?;
    let mut section_ref = None;
    let mut candidates = Vec::new();
    if let Some(sid) = section_id {
        let sec = section::Entity::find_by_id(sid)
            .one(db)
            .await?
            .filter(|s| s.program_id == program.id)
            .ok_or(AppError::NotFound)?;
        section_ref = Some((sec.id, sec.title.clone()));
        candidates = amendment::Entity::find()
            .filter(amendment::Column::SectionId.eq(sec.id))
            .filter(amendment::Column::Status.eq(AmendmentStatus::Published.as_str()))
            .filter(amendment::Column::BaseNumber.eq(sec.head_number))
            .order_by_asc(amendment::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.title, chosen.contains(&a.id)))
            .collect();
    }
    Ok(NewPollForm {
        program_slug: program.slug,
        program_title: program.title,
        section: section_ref,
        amendments: candidates,
        now: now(),
    })
}

/// Opens a vote (facilitators and coordinators). For amendments: every chosen amendment
/// must be published, on one section, written on its current text and competing with the
/// others for one passage; they are frozen (`in_vote`) in the same transaction.
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
    let txn = db::write_txn(conn).await?;
    let program = program::Entity::find()
        .filter(program::Column::Slug.eq(new.program_slug))
        .one(&txn)
        .await?
        .filter(|p| p.published_at.is_some())
        .ok_or(AppError::NotFound)?;
    phases::require(&txn, &program, Activity::OpenVote).await?;
    // (label, name, amendment) per option, in ballot order.
    let mut options: Vec<(String, String, Option<i32>)> = Vec::new();
    let mut section_id = None;
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
                        && a.status() == AmendmentStatus::Published
                        && a.base_number == sec.head_number
                });
            if !fits {
                return Err(bad(PollError::BadAmendments));
            }
            if chosen.len() > 1 {
                // They must compete for one passage, or the vote would choose between
                // changes that could all be made.
                let head = revision_text(&txn, sec.id, sec.head_number).await?;
                let texts: Vec<(i32, &str)> =
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
        }
        PollKind::Measures => {
            let labels: Vec<String> = new
                .measures
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            if labels.len() > rules::MAX_OPTIONS {
                return Err(bad(PollError::OptionCount));
            }
            if labels.iter().any(|l| l.chars().count() > rules::LABEL_MAX) {
                return Err(bad(PollError::BadOption));
            }
            let mut seen: Vec<String> = labels.iter().map(|l| l.to_lowercase()).collect();
            seen.sort();
            seen.dedup();
            if seen.len() != labels.len() {
                return Err(bad(PollError::BadOption));
            }
            for (label, name) in labels.iter().zip(tally_names(&labels)) {
                options.push((label.clone(), name, None));
            }
        }
    }
    check_settings(method, new.seats, options.len()).map_err(bad)?;
    // Drawn now, before any ballot; only its SHA-256 is shown until the close.
    let lot_secret = super::tokens::new_secret();
    let created = poll::ActiveModel {
        program_id: Set(program.id),
        section_id: Set(section_id),
        kind: Set(kind.as_str().to_string()),
        title: Set(title.to_string()),
        description: Set(description.to_string()),
        method: Set(method.as_str().to_string()),
        seats: Set(i32::try_from(new.seats).unwrap_or(1)),
        tie: Set(tie.as_str().to_string()),
        eligibility: Set(eligibility.as_str().to_string()),
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
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut active: poll::ActiveModel = created.into();
    active.head_hash = Set(genesis(*active.id.as_ref()));
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
    let frozen: Vec<i32> = options.iter().filter_map(|o| o.2).collect();
    if !frozen.is_empty() {
        amendment::Entity::update_many()
            .col_expr(
                amendment::Column::Status,
                Expr::value(AmendmentStatus::InVote.as_str()),
            )
            .col_expr(amendment::Column::UpdatedAt, Expr::value(t))
            .filter(amendment::Column::Id.is_in(frozen.clone()))
            .exec(&txn)
            .await?;
    }
    events::record(
        &txn,
        Some(actor.id),
        "poll.create",
        &format!("poll:{}", created.id),
        serde_json::json!({"kind": kind.as_str(), "method": method.as_str(),
            "seats": new.seats, "tie": tie.as_str(), "amendments": frozen,
            "opens_at": created.opens_at, "closes_at": created.closes_at}),
    )
    .await?;
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

/// Casts (or replaces) `voter`'s ballot. All checks run inside the transaction that
/// stores it, after the vote's row is locked.
pub async fn cast(
    conn: &DatabaseConnection,
    voter: &user::Model,
    poll_id: i32,
    ranking: &str,
) -> Result<Cast, AppError> {
    let txn = db::write_txn(conn).await?;
    let found = poll_locked(&txn, poll_id).await?;
    let program = program_of(&txn, found.program_id).await?;
    if !program_visible(&program, Some(voter)) {
        return Err(AppError::NotFound);
    }
    phases::require(&txn, &program, Activity::Vote).await?;
    let t = now();
    match phase(&found, t) {
        Phase::Scheduled => return Err(bad(PollError::NotOpenYet)),
        Phase::Closed => return Err(bad(PollError::Closed)),
        Phase::Open => {}
    }
    let eligibility = Eligibility::parse(&found.eligibility).map_err(bad)?;
    if !eligibility.admits(voter.created_at, found.opens_at) {
        return Err(bad(PollError::NotEligible));
    }
    let options = options_of(&txn, poll_id).await?;
    let ranking = Ranking::parse(ranking, &withdrawn_of(&options)).map_err(bad)?;
    // Casting again replaces the ballot, but not without bound: every cast is a log entry.
    // Counted under the vote's lock, so parallel casts are counted exactly.
    super::rate_limit::hit(
        &txn,
        &format!("cast:{poll_id}:{}", voter.id),
        CASTS_PER_VOTER,
    )
    .await
    .map_err(|err| match err {
        AppError::Throttled { .. } => bad(PollError::TooManyCasts),
        other => other,
    })?;
    let text = ranking.to_string();
    let receipt = new_receipt();
    let rh = receipt_hash(&receipt);
    let previous = ballot::Entity::find()
        .filter(ballot::Column::PollId.eq(poll_id))
        .filter(ballot::Column::UserId.eq(voter.id))
        .one(&txn)
        .await?;
    let replaces = previous.as_ref().map(|b| b.receipt_hash.clone());
    match previous {
        Some(b) => {
            let mut active: ballot::ActiveModel = b.into();
            active.ranking = Set(text.clone());
            active.receipt_hash = Set(rh.clone());
            active.cast_at = Set(t);
            active.update(&txn).await?;
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
            .insert(&txn)
            .await?;
        }
    }
    let seq = found.entries + 1;
    let hash = entry_hash(&found.head_hash, seq, &rh, &text, replaces.as_deref());
    ballot_log::ActiveModel {
        poll_id: Set(poll_id),
        seq: Set(seq),
        receipt_hash: Set(rh),
        ranking: Set(text),
        replaces: Set(replaces.clone()),
        prev_hash: Set(found.head_hash.clone()),
        hash: Set(hash.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // Compare-and-set on the log's length: the head moves by exactly this entry.
    let moved = poll::Entity::update_many()
        .col_expr(poll::Column::HeadHash, Expr::value(hash))
        .col_expr(poll::Column::Entries, Expr::value(seq))
        .filter(poll::Column::Id.eq(poll_id))
        .filter(poll::Column::Entries.eq(found.entries))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(AppError::Stale);
    }
    txn.commit().await?;
    Ok(Cast {
        receipt,
        seq,
        replaced: replaces.is_some(),
    })
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
pub async fn close(
    conn: &DatabaseConnection,
    actor: &user::Model,
    poll_id: i32,
) -> Result<poll::Model, AppError> {
    if !may_manage(actor) {
        return Err(AppError::Forbidden);
    }
    let txn = db::write_txn(conn).await?;
    let found = poll_locked(&txn, poll_id).await?;
    let t = now();
    if phase(&found, t) == Phase::Closed {
        return Err(bad(PollError::Closed));
    }
    let mut active: poll::ActiveModel = found.into();
    active.closes_at = Set(t);
    if *active.opens_at.as_ref() > t {
        active.opens_at = Set(t);
    }
    let closed = active.update(&txn).await?;
    events::record(
        &txn,
        Some(actor.id),
        "poll.close",
        &format!("poll:{poll_id}"),
        serde_json::json!({"entries": closed.entries, "head": closed.head_hash}),
    )
    .await?;
    txn.commit().await?;
    Ok(closed)
}

/// Vote summaries for `polls` (whose programs are in `programs`), with two queries in all:
/// the sections named and the ballot counts.
async fn summaries(
    db: &impl ConnectionTrait,
    polls: &[&poll::Model],
    programs: &HashMap<i32, program::Model>,
    at: i64,
) -> Result<Vec<PollSummary>, AppError> {
    let section_ids: Vec<i32> = polls.iter().filter_map(|p| p.section_id).collect();
    let sections = super::lookup::section_titles(db, section_ids).await?;
    let poll_ids: Vec<i32> = polls.iter().map(|p| p.id).collect();
    let counts: HashMap<i32, i64> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::PollId)
        .column_as(ballot::Column::Id.count(), "n")
        .filter(ballot::Column::PollId.is_in(poll_ids))
        .group_by(ballot::Column::PollId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(polls
        .iter()
        .filter_map(|p| {
            let program = programs.get(&p.program_id)?;
            let ballots = counts
                .get(&p.id)
                .and_then(|n| u64::try_from(*n).ok())
                .unwrap_or(0);
            let open = phase(p, at) != Phase::Closed;
            Some(PollSummary {
                id: p.id,
                title: p.title.clone(),
                kind: PollKind::parse(&p.kind).unwrap_or(PollKind::Measures),
                phase: phase(p, at),
                opens_at: p.opens_at,
                closes_at: p.closes_at,
                program_slug: program.slug.clone(),
                program_title: program.title.clone(),
                section: p
                    .section_id
                    .and_then(|id| sections.get(&id).map(|t| (id, t.clone()))),
                // While it runs, a watcher must not learn when each ballot came in.
                ballots: if open {
                    rules::coarse_count(ballots)
                } else {
                    ballots
                },
                ballots_coarse: open,
                min_voters: usize::try_from(p.min_voters).unwrap_or(rules::MIN_VOTERS_DEFAULT),
            })
        })
        .collect())
}

async fn summary(
    db: &impl ConnectionTrait,
    p: &poll::Model,
    program: &program::Model,
    at: i64,
) -> Result<PollSummary, AppError> {
    let programs = HashMap::from([(program.id, program.clone())]);
    summaries(db, &[p], &programs, at)
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

fn option_view(o: &poll_option::Model, kind: PollKind) -> OptionView {
    OptionView {
        position: usize::try_from(o.position).unwrap_or(0),
        label: o.label.clone(),
        name: o.name.clone(),
        amendment_id: o.amendment_id,
        keep_current: kind == PollKind::Amendments && o.amendment_id.is_none(),
        withdrawn: o.withdrawn,
    }
}

async fn page_of(
    db: &impl ConnectionTrait,
    p: &poll::Model,
    program: &program::Model,
    viewer: Option<&user::Model>,
    receipt: Option<&str>,
) -> Result<PollDetail, AppError> {
    let t = now();
    let summary = summary(db, p, program, t).await?;
    let options = options_of(db, p.id).await?;
    let eligibility = Eligibility::parse(&p.eligibility).unwrap_or(Eligibility::Residents);
    let my_ballot = match viewer {
        Some(v) => ballot::Entity::find()
            .filter(ballot::Column::PollId.eq(p.id))
            .filter(ballot::Column::UserId.eq(v.id))
            .one(db)
            .await?
            .and_then(|b| {
                Ranking::parse(&b.ranking, &withdrawn_of(&options))
                    .ok()
                    .map(|ranking| MyBallot {
                        ranking,
                        // Only the voter's browser holds the code (see `RECEIPT_COOKIE`);
                        // shown while it still names this ballot.
                        receipt: receipt
                            .filter(|r| receipt_hash(r) == b.receipt_hash)
                            .map(str::to_string),
                        cast_at: b.cast_at,
                    })
            }),
        None => None,
    };
    let closed = summary.phase == Phase::Closed;
    let block = match (summary.phase, viewer) {
        (Phase::Closed, _) => Some(VoteBlock::Closed),
        (Phase::Scheduled, _) => Some(VoteBlock::NotOpenYet),
        (Phase::Open, None) => Some(VoteBlock::LoginRequired),
        (Phase::Open, Some(v)) if !eligibility.admits(v.created_at, p.opens_at) => {
            Some(VoteBlock::NotEligible)
        }
        (Phase::Open, Some(_)) => None,
    };
    Ok(PollDetail {
        options: options
            .iter()
            .map(|o| option_view(o, summary.kind))
            .collect(),
        summary,
        description: markdown::render(&p.description),
        method: Method::from_str(&p.method).unwrap_or(Method::Schulze),
        seats: usize::try_from(p.seats).unwrap_or(1),
        tie: TieRule::parse(&p.tie).unwrap_or(TieRule::None),
        eligibility,
        // The log's head and length move with every cast, re-casts too: published at the
        // close, with the counts.
        head_hash: closed.then(|| p.head_hash.clone()),
        entries: closed.then_some(p.entries),
        lot_commitment: p.lot_commitment.clone(),
        lot_secret: closed.then(|| p.lot_secret.clone()),
        block,
        my_ballot,
        can_manage: viewer.is_some_and(may_manage),
        applied_at: p.applied_at,
    })
}

/// The cookie that carries a new receipt code back to the voter's browser for the page
/// shown after casting (an hour): the database keeps only the code's hash.
pub fn receipt_cookie_name(poll_id: i32) -> String {
    format!("redacta_receipt_{poll_id}")
}

/// A vote's page; `receipt` is the code the viewer's browser holds, if any.
pub async fn page(
    db: &impl ConnectionTrait,
    poll_id: i32,
    viewer: Option<&user::Model>,
    receipt: Option<&str>,
) -> Result<PollDetail, AppError> {
    let (found, program) = visible_poll(db, poll_id, viewer).await?;
    page_of(db, &found, &program, viewer, receipt).await
}

/// Every vote the viewer may see, open ones first, then scheduled, then closed (newest
/// first within each).
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: Option<&user::Model>,
) -> Result<Vec<PollSummary>, AppError> {
    let all = poll::Entity::find()
        .order_by_desc(poll::Column::Id)
        .limit(500)
        .all(db)
        .await?;
    let t = now();
    let mut program_ids: Vec<i32> = all.iter().map(|p| p.program_id).collect();
    program_ids.sort_unstable();
    program_ids.dedup();
    let programs: HashMap<i32, program::Model> = program::Entity::find()
        .filter(program::Column::Id.is_in(program_ids))
        .all(db)
        .await?
        .into_iter()
        .filter(|p| program_visible(p, viewer))
        .map(|p| (p.id, p))
        .collect();
    let visible: Vec<&poll::Model> = all
        .iter()
        .filter(|p| programs.contains_key(&p.program_id))
        .collect();
    let mut out = summaries(db, &visible, &programs, t).await?;
    let order = |ph: Phase| match ph {
        Phase::Open => 0,
        Phase::Scheduled => 1,
        Phase::Closed => 2,
    };
    out.sort_by_key(|s| order(s.phase));
    Ok(out)
}

/// The votes on a section's amendments, for its page.
pub async fn of_section(
    db: &impl ConnectionTrait,
    section_id: i32,
) -> Result<Vec<(i32, String, Phase)>, AppError> {
    let t = now();
    Ok(poll::Entity::find()
        .filter(poll::Column::SectionId.eq(section_id))
        .order_by_desc(poll::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title.clone(), phase(&p, t)))
        .collect())
}

/// The votes an amendment is an option of: (id, title).
pub async fn of_amendment(
    db: &impl ConnectionTrait,
    amendment_id: i32,
) -> Result<Vec<(i32, String)>, AppError> {
    let ids: Vec<i32> = poll_option::Entity::find()
        .select_only()
        .column(poll_option::Column::PollId)
        .filter(poll_option::Column::AmendmentId.eq(amendment_id))
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(poll::Entity::find()
        .filter(poll::Column::Id.is_in(ids))
        .order_by_desc(poll::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect())
}

/// The counted election of a closed vote: its current ballots, identical ones merged by
/// the database.
async fn election_of(
    db: &impl ConnectionTrait,
    p: &poll::Model,
    options: &[poll_option::Model],
) -> Result<Election, AppError> {
    let names: Vec<String> = options.iter().map(|o| o.name.clone()).collect();
    let mut e = Election::new(names, usize::try_from(p.seats).unwrap_or(1));
    e.title = Some(p.title.clone());
    e.withdrawn = withdrawn_of(options);
    let grouped: Vec<(String, i64)> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::Ranking)
        .column_as(ballot::Column::Id.count(), "n")
        .filter(ballot::Column::PollId.eq(p.id))
        .group_by(ballot::Column::Ranking)
        .into_tuple()
        .all(db)
        .await?;
    for (text, n) in grouped {
        let ranking = Ranking::parse(&text, &e.withdrawn).map_err(|_| AppError::Internal)?;
        e.add(u64::try_from(n).unwrap_or(0), ranking.to_tally())
            .map_err(|_| AppError::Internal)?;
    }
    e.compact();
    Ok(e)
}

/// The count of a closed vote, as anyone re-running it from the BLT file gets it.
pub fn count(p: &poll::Model, e: &Election) -> Result<TallyResult, AppError> {
    let method = Method::from_str(&p.method).map_err(|_| AppError::Internal)?;
    let tie = TieRule::parse(&p.tie).map_err(bad)?;
    let options = tally::Options {
        tie: tie.policy(e.candidates.len(), &p.head_hash, &p.lot_secret),
        irv: Default::default(),
    };
    tally::count(e, method, &options).map_err(|err| {
        tracing::error!(error = %err, poll = p.id, "count failed");
        AppError::Internal
    })
}

/// The command line that re-runs the count from the published BLT file. Every argument
/// is quoted for a POSIX shell ([`shell_quote`]): option names are chosen by facilitators,
/// and the people told to paste this line are the ones checking them.
pub fn command_line(p: &poll::Model, e: &Election) -> String {
    let mut args: Vec<String> = vec![
        "redacta".into(),
        "tally".into(),
        "--method".into(),
        p.method.clone(),
    ];
    if p.seats > 1 {
        args.extend(["--seats".into(), p.seats.to_string()]);
    }
    match TieRule::parse(&p.tie).unwrap_or(TieRule::None) {
        TieRule::None => {}
        TieRule::Order => args.extend(["--tie-order".into(), e.candidates.join(",")]),
        TieRule::Lot => args.extend([
            "--tie-seed".into(),
            rules::lot_seed(&p.head_hash, &p.lot_secret).to_string(),
        ]),
    }
    args.extend([
        "--format".into(),
        "json".into(),
        format!("vote-{}.blt", p.id),
    ]);
    args.iter()
        .map(|a| shell_quote(a))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `arg` as one word for a POSIX shell: left bare when it holds only characters no shell
/// treats specially, otherwise in single quotes (inside which nothing is special; a `'`
/// itself is written `'\''`).
pub fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ',' | '/' | ':' | '=')
        });
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// A closed vote and its election, for the results and the files; `StillOpen` before.
async fn closed(
    db: &impl ConnectionTrait,
    poll_id: i32,
    viewer: Option<&user::Model>,
) -> Result<
    (
        poll::Model,
        program::Model,
        Vec<poll_option::Model>,
        Election,
    ),
    AppError,
> {
    let (found, program) = visible_poll(db, poll_id, viewer).await?;
    if phase(&found, now()) != Phase::Closed {
        return Err(bad(PollError::StillOpen));
    }
    require_enough_voters(db, &found).await?;
    let options = options_of(db, found.id).await?;
    let e = election_of(db, &found, &options).await?;
    Ok((found, program, options, e))
}

/// Refuses to publish anything derived from the ballots of a vote with fewer than its
/// minimum of voters: with one voter the anonymous file is that named person's ballot.
async fn require_enough_voters(db: &impl ConnectionTrait, p: &poll::Model) -> Result<(), AppError> {
    let n = ballot::Entity::find()
        .filter(ballot::Column::PollId.eq(p.id))
        .count(db)
        .await?;
    if n < u64::try_from(p.min_voters).unwrap_or(u64::MAX) {
        return Err(bad(PollError::TooFewVoters));
    }
    Ok(())
}

/// The published ballot files of a closed vote: `vote-N.blt` and `vote-N.txt` (the line
/// format), anonymous, identical ballots merged, sorted.
pub async fn ballot_file(
    db: &impl ConnectionTrait,
    poll_id: i32,
    viewer: Option<&user::Model>,
    format: &str,
) -> Result<String, AppError> {
    let (_, _, _, e) = closed(db, poll_id, viewer).await?;
    match format {
        "blt" => Ok(parse::to_blt(&e)),
        "txt" => Ok(parse::to_lines(&e)),
        _ => Err(AppError::NotFound),
    }
}

fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn eligible_count(db: &impl ConnectionTrait, p: &poll::Model) -> Result<u64, AppError> {
    let mut q = user::Entity::find().filter(user::Column::EmailVerifiedAt.is_not_null());
    if Eligibility::parse(&p.eligibility) == Ok(Eligibility::RegisteredBefore) {
        q = q.filter(user::Column::CreatedAt.lt(p.opens_at));
    }
    Ok(q.count(db).await?)
}

/// The winning option (0-based) of a vote on amendments, or `None` when tied.
fn winner(result: &TallyResult) -> Option<usize> {
    if !result.tied.is_empty() {
        return None;
    }
    match result.ranking.first() {
        Some(top) if top.len() == 1 => Some(top[0]),
        _ => None,
    }
}

/// The results page of a closed vote.
pub async fn results(
    db: &impl ConnectionTrait,
    poll_id: i32,
    viewer: Option<&user::Model>,
) -> Result<PollResults, AppError> {
    let (found, program, _, e) = closed(db, poll_id, viewer).await?;
    let result = count(&found, &e)?;
    let json = serde_json::to_string_pretty(&result.to_json(&e)).unwrap_or_default();
    let files = [("blt", parse::to_blt(&e)), ("txt", parse::to_lines(&e))]
        .into_iter()
        .map(|(ext, text)| FileView {
            name: format!("vote-{}.{ext}", found.id),
            href: format!("/votes/{}/ballots/{ext}", found.id),
            sha256: sha256_hex(&text),
            bytes: text.len(),
        })
        .collect();
    let page = page_of(db, &found, &program, viewer, None).await?;
    let apply = (page.can_manage
        && page.summary.kind == PollKind::Amendments
        && found.applied_at.is_none())
    .then(|| winner(&result).map_or(Apply::Tied, Apply::Winner));
    Ok(PollResults {
        command: command_line(&found, &e),
        eligible: eligible_count(db, &found).await?,
        result: ResultView {
            winners: result.winners.clone(),
            ranking: result.ranking.clone(),
            tied: result.tied.clone(),
            rounds: result
                .rounds
                .iter()
                .map(|r| RoundView {
                    counts: r.counts.clone(),
                    exhausted: r.exhausted.clone(),
                    elected: r.elected.clone(),
                    excluded: r.excluded.clone(),
                    note: r.note.clone(),
                })
                .collect(),
            pairwise: result.pairwise.clone(),
            json,
            ballots: result.ballots,
        },
        files,
        apply,
        poll: page,
    })
}

/// Who voted in a closed vote (display names, sorted; not how).
pub async fn voters(
    db: &impl ConnectionTrait,
    poll_id: i32,
    viewer: Option<&user::Model>,
) -> Result<PollVoters, AppError> {
    let (found, program) = visible_poll(db, poll_id, viewer).await?;
    let t = now();
    if phase(&found, t) != Phase::Closed {
        return Err(bad(PollError::StillOpen));
    }
    require_enough_voters(db, &found).await?;
    let ids: Vec<i32> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::UserId)
        .filter(ballot::Column::PollId.eq(poll_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut names: Vec<String> = display_names(db, ids).await?.into_values().collect();
    names.sort_by_key(|n| n.to_lowercase());
    Ok(PollVoters {
        poll: summary(db, &found, &program, t).await?,
        names,
    })
}

/// What a receipt code finds in a vote's log. While the vote is open the voter may check
/// that the log holds the ranking they cast and whether it is still their current ballot
/// (they can cast again). After the close a receipt confirms only that its ballot is in the
/// log: neither the ranking nor whether it was replaced, so a receipt cannot prove to a
/// buyer how anyone voted.
pub async fn lookup_receipt(
    db: &impl ConnectionTrait,
    poll_id: i32,
    code: &str,
    viewer: Option<&user::Model>,
) -> Result<ReceiptView, AppError> {
    let (found, program) = visible_poll(db, poll_id, viewer).await?;
    let page = page_of(db, &found, &program, viewer, None).await?;
    let normalized = rules::normalize_receipt(code);
    if normalized.is_empty() || normalized.len() > 64 {
        return Err(AppError::BadRequest);
    }
    let rh = receipt_hash(&normalized);
    let entry = ballot_log::Entity::find()
        .filter(ballot_log::Column::PollId.eq(poll_id))
        .filter(ballot_log::Column::ReceiptHash.eq(rh.clone()))
        .one(db)
        .await?;
    let open = page.summary.phase != Phase::Closed;
    let entry = match entry {
        Some(e) if open => {
            let replaced = ballot_log::Entity::find()
                .filter(ballot_log::Column::PollId.eq(poll_id))
                .filter(ballot_log::Column::Replaces.eq(rh))
                .count(db)
                .await?
                > 0;
            let withdrawn: Vec<bool> = page.options.iter().map(|o| o.withdrawn).collect();
            Some(ReceiptEntry {
                ranking: Some(
                    Ranking::parse(&e.ranking, &withdrawn).map_err(|_| AppError::Internal)?,
                ),
                replaced: Some(replaced),
            })
        }
        Some(_) => Some(ReceiptEntry {
            ranking: None,
            replaced: None,
        }),
        None => None,
    };
    Ok(ReceiptView { poll: page, entry })
}

/// What `redacta verify-log` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogReport {
    pub entries: usize,
    pub head: String,
    pub ballots: usize,
}

/// Checks a vote's ballot log: the chain itself, the head recorded on the vote, and that
/// the current ballots are exactly the log's current entries.
pub async fn verify_log(db: &impl ConnectionTrait, poll_id: i32) -> Result<LogReport, String> {
    let found = poll::Entity::find_by_id(poll_id)
        .one(db)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("there is no vote {poll_id}"))?;
    let entries: Vec<LogEntry> = ballot_log::Entity::find()
        .filter(ballot_log::Column::PollId.eq(poll_id))
        .order_by_asc(ballot_log::Column::Seq)
        .all(db)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|e| LogEntry {
            seq: e.seq,
            receipt_hash: e.receipt_hash,
            ranking: e.ranking,
            replaces: e.replaces,
            prev_hash: e.prev_hash,
            hash: e.hash,
        })
        .collect();
    let (head, current) = rules::verify_chain(poll_id, &entries).map_err(|e| e.to_string())?;
    if head != found.head_hash || usize::try_from(found.entries).ok() != Some(entries.len()) {
        return Err(format!(
            "the vote records head {} after {} entries; the log ends at {} after {}",
            found.head_hash,
            found.entries,
            head,
            entries.len()
        ));
    }
    let mut stored: Vec<(String, String)> = ballot::Entity::find()
        .filter(ballot::Column::PollId.eq(poll_id))
        .all(db)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|b| (b.receipt_hash, b.ranking))
        .collect();
    stored.sort();
    if stored != current {
        return Err(format!(
            "the stored ballots ({}) differ from the log's current entries ({})",
            stored.len(),
            current.len()
        ));
    }
    Ok(LogReport {
        entries: entries.len(),
        head,
        ballots: stored.len(),
    })
}

/// Applies a closed vote's result on amendments (facilitators and coordinators): the
/// winning amendment is accepted through the accept path (its section gets a new
/// revision, open amendments are rebased) and the others in the vote are rejected; when
/// "keep the current text" wins, every amendment in the vote is rejected. One transaction.
pub async fn apply(
    conn: &DatabaseConnection,
    actor: &user::Model,
    poll_id: i32,
) -> Result<Option<i32>, AppError> {
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
async fn planned_winner(db: &DatabaseConnection, poll_id: i32) -> Result<Option<i32>, AppError> {
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
    poll_id: i32,
    plan: &amendments::RebasePlan,
) -> Result<Option<i32>, AppError> {
    let txn = db::write_txn(conn).await?;
    let found = poll_locked(&txn, poll_id).await?;
    let program = program_of(&txn, found.program_id).await?;
    if !program_visible(&program, Some(actor)) {
        return Err(AppError::NotFound);
    }
    if phase(&found, now()) != Phase::Closed {
        return Err(bad(PollError::StillOpen));
    }
    if found.applied_at.is_some() {
        return Err(bad(PollError::AlreadyApplied));
    }
    if PollKind::parse(&found.kind) != Ok(PollKind::Amendments) {
        return Err(bad(PollError::NothingToApply));
    }
    // A result nobody may see is not applied either.
    require_enough_voters(&txn, &found).await?;
    let options = options_of(&txn, poll_id).await?;
    let e = election_of(&txn, &found, &options).await?;
    let result = count(&found, &e)?;
    let won = winner(&result).ok_or(bad(PollError::Tied))?;
    let winner_amendment = options.get(won).and_then(|o| o.amendment_id);
    if let Some(id) = winner_amendment {
        let in_this_vote: Vec<i32> = options.iter().filter_map(|o| o.amendment_id).collect();
        amendments::accept_in(&txn, actor, id, plan, &in_this_vote).await?;
    }
    let reason = format!("vote {poll_id}: another option won");
    for o in &options {
        let Some(id) = o.amendment_id else { continue };
        if Some(id) == winner_amendment {
            continue;
        }
        let a = amendment::Entity::find_by_id(id).one(&txn).await?;
        if a.is_some_and(|a| a.status().allows(crate::domain::amendment::Action::Reject)) {
            amendments::reject_in(&txn, actor, id, &reason, true).await?;
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
        "poll.apply",
        &format!("poll:{poll_id}"),
        serde_json::json!({"winner": options.get(won).map(|o| o.name.clone()),
            "amendment": winner_amendment}),
    )
    .await?;
    txn.commit().await?;
    Ok(winner_amendment)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod shell_tests {
    use super::shell_quote;

    /// Each hostile name, quoted, reaches a real shell as exactly one unchanged argument,
    /// and nothing in it runs.
    #[test]
    fn quoted_arguments_reach_the_shell_unchanged() {
        let dir = std::env::temp_dir().join(format!("redacta-shell-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let marker = dir.join("ran");
        let names = [
            format!("$(touch {})", marker.display()),
            format!("`touch {}`", marker.display()),
            "back\\slash".to_string(),
            "it's".to_string(),
            "a \"quoted\" name; echo hi".to_string(),
            "$HOME and ${PATH}".to_string(),
            "plain-name_1.0".to_string(),
            String::new(),
        ];
        for name in &names {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf '%s' {}", shell_quote(name)))
                .output()
                .unwrap();
            assert_eq!(String::from_utf8_lossy(&out.stdout), name.as_str());
        }
        assert!(!marker.exists(), "a quoted name ran a command");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
