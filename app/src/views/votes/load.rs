use crate::domain::amendment::AmendmentStatus;
use crate::domain::ids::{AmendmentId, PollId, ProgramId, SectionId, UserId};
use crate::domain::policy::{self, Denied, PollAction};
use crate::domain::poll::{
    self as rules, receipt_hash, shape, Eligibility, LogEntry, Phase, PollError, PollKind, TieRule,
};
use crate::domain::tally::{parse, Election};
use crate::entities::{amendment, ballot, ballot_log, poll, poll_option, program, section, user};
use crate::error::AppError;
use crate::services::accounts::role_of;
use crate::services::clock::now;
use crate::services::lookup::display_names;
use crate::services::lookup::program_visible;
use crate::services::lookup::visible_poll;
use crate::services::polls::bad;
use crate::services::polls::elections_of;
use crate::services::polls::may_manage;
use crate::services::polls::options_of;
use crate::services::polls::phase;
use crate::services::polls::require_enough_voters;
use crate::services::polls::shape_of;
use crate::services::polls::withdrawn_of;
use crate::views::votes::{
    Apply, BlockResult, FileView, MyBallot, NewPollForm, OptionView, PollDetail, PollResults,
    PollSummary, PollVoters, ReceiptEntry, ReceiptView, ResultView, RoundView, TieView, VoteBlock,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// The form for a new vote: the program, and for a section its amendments that compete on
/// its current text (`chosen` preselects some).
pub async fn new_form(
    db: &impl ConnectionTrait,
    actor: &user::Model,
    program_slug: &str,
    section_id: Option<SectionId>,
    chosen: &[AmendmentId],
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
        section_ref = Some(crate::views::Link::new(sec.id, sec.title.clone()));
        candidates = amendment::Entity::find()
            .filter(amendment::Column::SectionId.eq(sec.id))
            .filter(amendment::Column::Status.eq(AmendmentStatus::Published.as_str()))
            .filter(amendment::Column::BaseNumber.eq(sec.head_number))
            .order_by_asc(amendment::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|a| crate::views::votes::Candidate {
                id: a.id,
                chosen: chosen.contains(&a.id),
                title: a.title,
            })
            .collect();
    }
    let assemblies = crate::entities::assembly::Entity::find()
        .order_by_asc(crate::entities::assembly::Column::Name)
        .limit(500)
        .all(db)
        .await?
        .into_iter()
        .map(|a| crate::views::Link {
            id: a.id,
            title: a.name,
        })
        .collect();
    let rolls = crate::services::rolls::all(db)
        .await?
        .into_iter()
        .filter(|r| r.ready_at.is_some())
        .map(|r| crate::views::Link {
            id: r.id,
            title: r.name,
        })
        .collect();
    Ok(NewPollForm {
        program_slug: program.slug,
        program_title: program.title,
        section: section_ref,
        amendments: candidates,
        assemblies,
        rolls,
        now: now(),
    })
}

/// Vote summaries for `polls` (whose programs are in `programs`), with two queries in all:
/// the sections named and the ballot counts.
async fn summaries(
    db: &impl ConnectionTrait,
    polls: &[&poll::Model],
    programs: &HashMap<ProgramId, program::Model>,
    at: i64,
) -> Result<Vec<PollSummary>, AppError> {
    let section_ids: Vec<SectionId> = polls.iter().filter_map(|p| p.section_id).collect();
    let sections = crate::services::lookup::section_titles(db, section_ids).await?;
    let poll_ids: Vec<PollId> = polls.iter().map(|p| p.id).collect();
    let counts: HashMap<PollId, i64> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::PollId)
        .column_as(ballot::Column::Id.count(), "n")
        .filter(ballot::Column::PollId.is_in(poll_ids))
        .group_by(ballot::Column::PollId)
        .into_tuple::<(PollId, i64)>()
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
                kind: p.kind,
                phase: phase(p, at),
                opens_at: p.opens_at,
                closes_at: p.closes_at,
                program_slug: program.slug.clone(),
                program_title: program.title.clone(),
                section: p.section_id.and_then(|id| {
                    sections
                        .get(&id)
                        .map(|t| crate::views::Link::new(id, t.clone()))
                }),
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
    let blocks = shape_of(p, options.len());
    let eligibility = p.eligibility;
    let my_ballot = match viewer {
        Some(v) => ballot::Entity::find()
            .filter(ballot::Column::PollId.eq(p.id))
            .filter(ballot::Column::UserId.eq(v.id))
            .one(db)
            .await?
            .and_then(|b| {
                shape::Ballot::parse(&b.ranking, &blocks, &withdrawn_of(&options))
                    .ok()
                    .map(|ballot| MyBallot {
                        ballot,
                        text: b.ranking.clone(),
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
    // The ballot is offered exactly when casting would be accepted (the vote policy), and
    // otherwise the page says why.
    let facts = crate::services::polls::facts_of(db, p, program, viewer, t).await?;
    let role = viewer.map(role_of);
    let block = match policy::poll(role, &facts, PollAction::Cast) {
        Ok(()) => None,
        Err(Denied::LoginRequired) => Some(VoteBlock::LoginRequired),
        Err(Denied::NotNow { phase, .. }) if facts.phase == Phase::Open => {
            Some(VoteBlock::NotNow { phase })
        }
        Err(Denied::Poll(PollError::NotOpenYet)) => Some(VoteBlock::NotOpenYet),
        Err(Denied::Poll(PollError::NotEligible)) => Some(VoteBlock::NotEligible),
        Err(_) if facts.phase == Phase::Scheduled => Some(VoteBlock::NotOpenYet),
        Err(_) => Some(VoteBlock::Closed),
    };
    let block = match (block, viewer) {
        (None, Some(v)) if crate::services::rooms::voted_in_room(db, p.id, v.id).await? => {
            Some(VoteBlock::VotedInRoom)
        }
        (block, _) => block,
    };
    // Shuffled within each question; the questions keep their order.
    let ballot_order = match viewer {
        Some(v) if block.is_none() => {
            let all =
                crate::domain::poll::ballot_order(options.len(), p.id.0, v.id.0, &p.lot_secret);
            blocks
                .iter()
                .flat_map(|b| {
                    all.iter()
                        .copied()
                        .filter(|&i| b.contains(i + 1))
                        .collect::<Vec<_>>()
                })
                .collect()
        }
        _ => (0..options.len()).collect(),
    };
    let assemblies = crate::services::polls::assemblies_of(db, p.id)
        .await?
        .into_iter()
        .map(|a| a.name)
        .collect();
    let roll = match p.roll_id {
        Some(r) => crate::services::rolls::get(db, r)
            .await
            .ok()
            .map(|r| crate::views::Link::new(r.id, r.name)),
        None => None,
    };
    Ok(PollDetail {
        roll,
        options: options
            .iter()
            .map(|o| option_view(o, summary.kind))
            .collect(),
        assemblies,
        ballot_order,
        blocks,
        summary,
        description: crate::services::derived::markdown(&p.description)
            .await
            .as_ref()
            .clone(),
        method: p.method,
        seats: usize::try_from(p.seats).unwrap_or(1),
        tie: p.tie,
        eligibility,
        // The log's head and length move with every cast, re-casts too: published at the
        // close, with the counts.
        head_hash: closed.then(|| p.head_hash.clone()),
        entries: closed.then_some(p.entries),
        lot_commitment: p.lot_commitment.clone(),
        lot_secret: closed.then(|| p.lot_secret.clone()),
        block,
        my_ballot,
        can_close: policy::poll(role, &facts, PollAction::Close).is_ok(),
        applied_at: p.applied_at,
    })
}

/// A vote's page; `receipt` is the code the viewer's browser holds, if any.
pub async fn page(
    db: &impl ConnectionTrait,
    poll_id: PollId,
    viewer: Option<&user::Model>,
    receipt: Option<&str>,
) -> Result<PollDetail, AppError> {
    let (found, program) = visible_poll(db, poll_id, viewer).await?;
    page_of(db, &found, &program, viewer, receipt).await
}

/// One page of every vote the viewer may see: open ones first, then scheduled, then closed,
/// newest first within each.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: Option<&user::Model>,
    page: u64,
) -> Result<crate::views::votes::VoteList, AppError> {
    let all = poll::Entity::find()
        .order_by_desc(poll::Column::Id)
        .all(db)
        .await?;
    let t = now();
    let mut program_ids: Vec<ProgramId> = all.iter().map(|p| p.program_id).collect();
    program_ids.sort_unstable();
    program_ids.dedup();
    let programs: HashMap<ProgramId, program::Model> = program::Entity::find()
        .filter(program::Column::Id.is_in(program_ids))
        .all(db)
        .await?
        .into_iter()
        .filter(|p| program_visible(p, viewer))
        .map(|p| (p.id, p))
        .collect();
    let order = |ph: Phase| match ph {
        Phase::Open => 0,
        Phase::Scheduled => 1,
        Phase::Closed => 2,
    };
    let mut visible: Vec<&poll::Model> = all
        .iter()
        .filter(|p| programs.contains_key(&p.program_id))
        .collect();
    // Stable: newest first within each phase.
    visible.sort_by_key(|p| order(phase(p, t)));
    let (pages, range) = crate::domain::listing::page_range(
        visible.len(),
        page,
        crate::views::votes::VOTES_PER_PAGE,
    );
    let votes = summaries(db, &visible[range], &programs, t).await?;
    Ok(crate::views::votes::VoteList {
        votes,
        page: page.clamp(1, pages),
        pages,
    })
}

/// The votes on a section's amendments, for its page.
pub async fn of_section(
    db: &impl ConnectionTrait,
    section_id: SectionId,
) -> Result<Vec<crate::views::votes::VoteLink>, AppError> {
    let t = now();
    Ok(poll::Entity::find()
        .filter(poll::Column::SectionId.eq(section_id))
        .order_by_desc(poll::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| crate::views::votes::VoteLink {
            id: p.id,
            title: p.title.clone(),
            phase: phase(&p, t),
        })
        .collect())
}

/// The votes an amendment is an option of: (id, title).
pub async fn of_amendment(
    db: &impl ConnectionTrait,
    amendment_id: AmendmentId,
) -> Result<Vec<crate::views::Link<PollId>>, AppError> {
    let ids: Vec<PollId> = poll_option::Entity::find()
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
        .map(|p| crate::views::Link::new(p.id, p.title))
        .collect())
}

/// The command line that re-runs the count from the published files: from the BLT file
/// for a ranked vote of one question, else from the line format (whose blocks say how
/// each is counted). Every argument is quoted for a POSIX shell ([`shell_quote`]):
/// option names are chosen by facilitators, and the people told to paste this line are
/// the ones checking them.
pub fn command_line(p: &poll::Model, c: &Counted) -> String {
    let several = c.blocks.len() > 1;
    let mut args: Vec<String> = vec!["redacta".into(), "tally".into()];
    if !several {
        // The one question's own method and seats (`# Motion [yes-no]` alone differs from
        // the vote-wide setting).
        let (method, seats) = c
            .blocks
            .first()
            .map_or((p.method, usize::try_from(p.seats).unwrap_or(1)), |b| {
                (b.shape.method, b.shape.seats)
            });
        args.extend(["--method".into(), method.as_str().into()]);
        if seats > 1 {
            args.extend(["--seats".into(), seats.to_string()]);
        }
    }
    match p.tie {
        TieRule::None => {}
        TieRule::Order if several => args.push("--tie-ballot-order".into()),
        TieRule::Order => args.extend([
            "--tie-order".into(),
            c.blocks
                .first()
                .map(|b| b.election.candidates.join(","))
                .unwrap_or_default(),
        ]),
        TieRule::Lot => args.extend([
            "--tie-seed".into(),
            rules::lot_seed(&p.head_hash, &p.lot_secret).to_string(),
        ]),
    }
    let file = if c.blt.is_some() { "blt" } else { "txt" };
    args.extend([
        "--format".into(),
        "json".into(),
        format!("vote-{}.{file}", p.id),
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

/// One question of a closed vote, counted: withheld (no result, not in the files) when
/// fewer than the vote's minimum of voters marked it, so no small group's ballots become
/// personal.
pub struct CountedBlock {
    pub shape: shape::BlockShape,
    /// Its ballots as the published file holds them.
    pub election: Election,
    pub voters: u64,
    /// Enough voters marked it: counted and in the files.
    pub published: bool,
    pub result: Option<crate::domain::tally::TallyResult>,
}

/// One question counted as `redacta tally` counts it (with the vote's tie rule), and its
/// JSON.
fn report_block(
    p: &poll::Model,
    method: crate::domain::tally::Method,
    threshold: Option<crate::domain::tally::cardinal::Threshold>,
    e: &Election,
) -> Result<(crate::domain::tally::TallyResult, serde_json::Value), AppError> {
    let opts = crate::domain::tally::Options {
        tie: p
            .tie
            .policy(e.candidates.len(), &p.head_hash, &p.lot_secret),
        irv: Default::default(),
        threshold,
    };
    let (result, json, _) = crate::domain::tally::report(e, method, &opts).map_err(|err| {
        tracing::error!(error = %err, poll = %p.id, "count failed");
        AppError::Internal
    })?;
    Ok((result, json))
}

/// What a closed vote publishes, counted once: its ballots never change again, so it is
/// kept under the log's head hash and length (and the options withdrawn), the same on
/// every app server.
pub struct Counted {
    pub blocks: Vec<CountedBlock>,
    /// The result as `redacta tally --format json` prints it from the files.
    pub json: String,
    /// The BLT file: ranked votes of one question only.
    pub blt: Option<String>,
    /// The line format: every vote; one `# block:` per published question.
    pub txt: String,
}

fn counted_memo() -> &'static crate::services::memo::Memo<Counted> {
    static M: std::sync::OnceLock<crate::services::memo::Memo<Counted>> =
        std::sync::OnceLock::new();
    M.get_or_init(|| {
        crate::services::memo::Memo::new(16 * 1024 * 1024, |c| {
            let blt = c.blt.as_ref().map_or(0, String::len);
            c.json.len() + blt + c.txt.len() + 2 * (c.txt.len() + 1024)
        })
    })
}

/// The published line-format file of a vote's counted blocks.
fn lines_file(blocks: &[CountedBlock]) -> String {
    let several = blocks.len() > 1;
    let mut out = String::new();
    for b in blocks.iter().filter(|b| b.published) {
        let cardinal = shape::Form::of(b.shape.method) != shape::Form::Ranked
            || b.shape.method == crate::domain::tally::Method::Approval;
        if several {
            out.push_str(&format!(
                "# block: {}\n",
                b.shape.name.clone().unwrap_or_default()
            ));
        }
        if several || cardinal {
            out.push_str(&format!("# method: {}\n", b.shape.method.as_str()));
        }
        if let Some(k) = b.shape.choose {
            out.push_str(&format!("# choose: {k}\n"));
        }
        if let Some([p, q]) = b.shape.threshold {
            out.push_str(&format!("# threshold: {p}/{q}\n"));
        }
        out.push_str(&parse::to_lines(&b.election));
    }
    out
}

async fn counted(
    db: &impl ConnectionTrait,
    found: &poll::Model,
    options: &[poll_option::Model],
) -> Result<std::sync::Arc<Counted>, AppError> {
    let mut key = crate::services::memo::Key::of("closed-vote")
        .num(found.id.get().into())
        .text(&found.head_hash)
        .num(found.entries.into())
        .text(found.method.as_str())
        .text(&format!("{:?}", found.tie))
        .num(found.seats.into())
        .text(&found.lot_secret)
        .text(&found.blocks);
    for o in options {
        key = key.num(i64::from(o.withdrawn));
    }
    counted_memo()
        .get_or_try(key.done(), || async {
            let shapes = shape_of(found, options.len());
            let elections = elections_of(db, found, options).await?;
            let min = u64::try_from(found.min_voters).unwrap_or(u64::MAX);
            let mut blocks: Vec<CountedBlock> = shapes
                .into_iter()
                .zip(elections)
                .map(|(shape, election)| {
                    let voters = crate::services::polls::voters_in(&election);
                    CountedBlock {
                        shape,
                        election,
                        voters,
                        published: voters >= min,
                        result: None,
                    }
                })
                .collect();
            let several = blocks.len() > 1;
            let ranked_single = !several
                && blocks.first().is_some_and(|b| {
                    shape::Form::of(b.shape.method) == shape::Form::Ranked
                        && b.shape.choose.is_none()
                });
            let blt = ranked_single
                .then(|| blocks.first().map(|b| parse::to_blt(&b.election)))
                .flatten();
            let txt = lines_file(&blocks);
            // What is shown is what the published file counts to: the file is read back and
            // each question counted as `redacta tally` counts it.
            let file = blt.as_deref().unwrap_or(&txt);
            let mut read = if file.is_empty() {
                Vec::new()
            } else {
                parse::read_any_blocks(file.as_bytes()).map_err(|err| {
                    tracing::error!(poll = %found.id, error = %err, "published file unreadable");
                    AppError::Internal
                })?
            };
            read.reverse();
            let mut jsons: Vec<serde_json::Value> = Vec::new();
            for b in blocks.iter_mut().filter(|b| b.published) {
                let Some(back) = read.pop() else {
                    return Err(AppError::Internal);
                };
                // The threshold as the file states it (`# threshold:`), as the CLI reads it.
                let (result, mut json) =
                    report_block(found, b.shape.method, back.threshold, &back.election)?;
                if several {
                    json["block"] = serde_json::json!(b.shape.name.clone().unwrap_or_default());
                }
                jsons.push(json);
                b.election = back.election;
                b.result = Some(result);
            }
            let json = if several {
                serde_json::json!({ "blocks": jsons })
            } else {
                jsons.pop().unwrap_or_default()
            };
            Ok::<_, AppError>(Counted {
                json: serde_json::to_string_pretty(&json).unwrap_or_default(),
                blt,
                txt,
                blocks,
            })
        })
        .await
}

/// A closed vote and its count, for the results and the files; `StillOpen` before.
async fn closed(
    db: &impl ConnectionTrait,
    poll_id: PollId,
    viewer: Option<&user::Model>,
) -> Result<
    (
        poll::Model,
        program::Model,
        Vec<poll_option::Model>,
        std::sync::Arc<Counted>,
    ),
    AppError,
> {
    let (found, program) = visible_poll(db, poll_id, viewer).await?;
    if phase(&found, now()) != Phase::Closed {
        return Err(bad(PollError::StillOpen));
    }
    require_enough_voters(db, &found).await?;
    let options = options_of(db, found.id).await?;
    let c = counted(db, &found, &options).await?;
    Ok((found, program, options, c))
}

/// The published ballot files of a closed vote: `vote-N.blt` (ranked votes of one
/// question) and `vote-N.txt` (the line format), anonymous, identical ballots merged,
/// sorted.
pub async fn ballot_file(
    db: &impl ConnectionTrait,
    poll_id: PollId,
    viewer: Option<&user::Model>,
    format: &str,
) -> Result<String, AppError> {
    let (_, _, _, c) = closed(db, poll_id, viewer).await?;
    match format {
        "blt" => c.blt.clone().ok_or(AppError::NotFound),
        "txt" => Ok(c.txt.clone()),
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
    if p.eligibility == Eligibility::RegisteredBefore {
        q = q.filter(user::Column::CreatedAt.lt(p.opens_at));
    }
    if p.eligibility == Eligibility::Assemblies {
        q = q.filter(user::Column::Id.in_subquery(crate::services::polls::members_of(p.id)));
    }
    if p.eligibility == Eligibility::Roll {
        // The electorate is the roll itself, verified or not (kept on the roll, not counted).
        return Ok(match p.roll_id {
            Some(roll) => crate::services::rolls::get(db, roll)
                .await
                .map(|r| r.entries.unsigned_abs())
                .unwrap_or(0),
            None => 0,
        });
    }
    Ok(q.count(db).await?)
}

/// Where a question's ballots were cast, each place counted apart (empty when all were
/// cast online).
fn sources_apart(p: &poll::Model, b: &CountedBlock) -> Vec<crate::views::votes::SourceView> {
    let e = &b.election;
    if b.result.is_none() || e.sources.len() < 2 {
        return Vec::new();
    }
    e.sources
        .iter()
        .enumerate()
        .map(|(s, name)| {
            let only = e.source_only(u16::try_from(s).unwrap_or(u16::MAX));
            let winners = report_block(p, b.shape.method, b.shape.threshold(), &only)
                .map(|(r, _)| r.winners)
                .unwrap_or_default();
            crate::views::votes::SourceView {
                name: name.clone(),
                ballots: crate::services::polls::voters_in(&only),
                winners,
            }
        })
        .collect()
}

/// A count as the results page shows it (options by index within its block).
fn result_view(e: &Election, result: &crate::domain::tally::TallyResult) -> ResultView {
    // Approvals, scores, yes/no/abstain: per option, as the count's JSON has them.
    let figures = ["approvals", "scores", "yes", "no", "abstain"]
        .into_iter()
        .filter_map(|key| {
            let map = result.extra.get(key)?.as_object()?;
            Some(crate::views::votes::Figure {
                key: key.to_string(),
                values: e
                    .candidates
                    .iter()
                    .map(|c| map.get(c).and_then(|v| v.as_str()).map(str::to_string))
                    .collect(),
            })
        })
        .collect();
    ResultView {
        winners: result.winners.clone(),
        ranking: result.ranking.clone(),
        tied: result.tied.clone(),
        ties_broken: result
            .ties_broken
            .iter()
            .map(|b| TieView {
                among: b.among.clone(),
                chosen: b.chosen,
                purpose: b.purpose.as_str().to_string(),
                round: b.round,
                moot: b.moot,
            })
            .collect(),
        first_preferences: e.first_preferences(),
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
        figures,
        ballots: result.ballots,
    }
}

/// The results page of a closed vote.
pub async fn results(
    db: &impl ConnectionTrait,
    poll_id: PollId,
    viewer: Option<&user::Model>,
) -> Result<PollResults, AppError> {
    let (found, program, _, c) = closed(db, poll_id, viewer).await?;
    let files = [("blt", c.blt.as_ref()), ("txt", Some(&c.txt))]
        .into_iter()
        .filter_map(|(ext, text)| Some((ext, text?)))
        .filter(|(_, text)| !text.is_empty())
        .map(|(ext, text)| FileView {
            name: format!("vote-{}.{ext}", found.id),
            href: format!("/votes/{}/ballots/{ext}", found.id),
            sha256: sha256_hex(text),
            bytes: text.len(),
        })
        .collect();
    let page = page_of(db, &found, &program, viewer, None).await?;
    // Apply is offered exactly when the vote policy allows it; a tie is said, not offered.
    let (facts, won) =
        crate::services::polls::apply_facts(db, &found, &program, viewer, now()).await?;
    let apply = match policy::poll(viewer.map(role_of), &facts, PollAction::Apply) {
        Ok(()) => won.map(Apply::Winner),
        Err(Denied::Poll(PollError::Tied)) => Some(Apply::Tied),
        Err(_) => None,
    };
    let blocks = c
        .blocks
        .iter()
        .map(|b| BlockResult {
            title: b.shape.title.clone(),
            method: b.shape.method,
            seats: b.shape.seats,
            choose: b.shape.choose,
            first: b.shape.first.saturating_sub(1),
            len: b.shape.len,
            voters: b.voters,
            result: b.result.as_ref().map(|r| result_view(&b.election, r)),
            sources: sources_apart(&found, b),
        })
        .collect();
    Ok(PollResults {
        command: command_line(&found, &c),
        eligible: eligible_count(db, &found).await?,
        blocks,
        json: c.json.clone(),
        files,
        apply,
        poll: page,
    })
}

/// Who voted in a closed vote (display names, sorted; not how).
pub async fn voters(
    db: &impl ConnectionTrait,
    poll_id: PollId,
    viewer: Option<&user::Model>,
) -> Result<PollVoters, AppError> {
    let (found, program) = visible_poll(db, poll_id, viewer).await?;
    let t = now();
    if phase(&found, t) != Phase::Closed {
        return Err(bad(PollError::StillOpen));
    }
    require_enough_voters(db, &found).await?;
    let ids: Vec<UserId> = ballot::Entity::find()
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
    poll_id: PollId,
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
                ballot: Some(
                    shape::Ballot::parse(&e.ranking, &page.blocks, &withdrawn)
                        .map_err(|_| AppError::Internal)?,
                ),
                text: Some(e.ranking.clone()),
                replaced: Some(replaced),
            })
        }
        Some(_) => Some(ReceiptEntry {
            ballot: None,
            text: None,
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
    /// Online ballots that count.
    pub ballots: usize,
    /// Paper ballots entered from rooms.
    pub room_ballots: u64,
}

/// Checks a vote's ballot log: the chain itself, the head recorded on the vote, and that
/// the current ballots are exactly the log's current entries.
pub async fn verify_log(db: &impl ConnectionTrait, poll_id: PollId) -> Result<LogReport, String> {
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
            room: e.meeting_id.map(|m| rules::Room {
                meeting: m.get(),
                weight: u32::try_from(e.weight).unwrap_or(0),
            }),
        })
        .collect();
    let rules::Chain {
        head,
        current,
        rooms,
    } = rules::verify_chain(poll_id.get(), &entries).map_err(|e| e.to_string())?;
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
    // The rooms' totals the attendance bound was checked against are the log's.
    let mut in_log: std::collections::BTreeMap<i32, u64> = Default::default();
    for (room, _) in &rooms {
        *in_log.entry(room.meeting).or_default() += u64::from(room.weight);
    }
    let recorded: std::collections::BTreeMap<i32, u64> = crate::entities::poll_room::Entity::find()
        .filter(crate::entities::poll_room::Column::PollId.eq(poll_id))
        .all(db)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|r| (r.meeting_id.get(), u64::try_from(r.ballots).unwrap_or(0)))
        .collect();
    if in_log != recorded {
        return Err(format!(
            "the rooms' paper ballots in the log ({in_log:?}) differ from those recorded per meeting ({recorded:?})"
        ));
    }
    Ok(LogReport {
        entries: entries.len(),
        head,
        ballots: stored.len(),
        room_ballots: in_log.values().sum(),
    })
}

/// The room's paper-ballot page of a meeting, for its assembly's facilitators (and
/// coordinators) once it started: the votes open now that the room may enter ballots in
/// and, for the one chosen, its ballot in the published order, the room's bound and the
/// piles entered so far.
pub async fn room_form(
    db: &impl ConnectionTrait,
    actor: &user::Model,
    meeting_id: crate::domain::ids::MeetingId,
    chosen: Option<PollId>,
) -> Result<crate::views::votes::RoomForm, AppError> {
    use crate::entities::{assembly, meeting, poll_assembly};
    let m = meeting::Entity::find_by_id(meeting_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let facts = crate::services::meetings::facts_of(db, &m, actor).await?;
    policy::meeting(true, &facts, crate::domain::policy::MeetingAction::Record)?;
    let assembly_name = assembly::Entity::find_by_id(m.assembly_id)
        .one(db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let t = now();
    // Open votes of published programs; a district vote only for its assemblies' rooms.
    let district: std::collections::HashSet<PollId> = poll_assembly::Entity::find()
        .filter(poll_assembly::Column::AssemblyId.eq(m.assembly_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.poll_id)
        .collect();
    let open: Vec<poll::Model> = poll::Entity::find()
        .filter(poll::Column::OpensAt.lte(t))
        .filter(poll::Column::ClosesAt.gt(t))
        .order_by_desc(poll::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    let mut votes = Vec::new();
    for p in &open {
        // Paper ballots cannot be checked against a roll; a district vote takes only its
        // assemblies' rooms.
        if p.eligibility == Eligibility::Roll
            || (p.eligibility == Eligibility::Assemblies && !district.contains(&p.id))
        {
            continue;
        }
        let program = crate::services::lookup::program_of(db, p.program_id).await?;
        if program.published_at.is_none() {
            continue;
        }
        votes.push(crate::views::votes::VoteLink {
            id: p.id,
            title: p.title.clone(),
            phase: Phase::Open,
        });
    }
    let (mut vote, mut bound, mut piles) = (None, None, Vec::new());
    if let Some(id) = chosen.filter(|id| votes.iter().any(|v| v.id == *id)) {
        let (found, program) = visible_poll(db, id, Some(actor)).await?;
        let detail = page_of(db, &found, &program, None, None).await?;
        let b = crate::services::rooms::bound(db, &m, id).await?;
        bound = Some(crate::views::votes::RoomBound {
            present: b.present,
            guests: b.guests,
            voted_online: b.voted_online,
            entered: b.entered,
            left: b.left(),
        });
        let withdrawn: Vec<bool> = detail.options.iter().map(|o| o.withdrawn).collect();
        piles = ballot_log::Entity::find()
            .filter(ballot_log::Column::PollId.eq(id))
            .filter(ballot_log::Column::MeetingId.eq(m.id))
            .order_by_asc(ballot_log::Column::Seq)
            .all(db)
            .await?
            .into_iter()
            .filter_map(|e| {
                Some(crate::views::votes::RoomPile {
                    count: u32::try_from(e.weight).ok()?,
                    ballot: shape::Ballot::parse(&e.ranking, &detail.blocks, &withdrawn).ok()?,
                })
            })
            .collect();
        vote = Some(detail);
    }
    Ok(crate::views::votes::RoomForm {
        meeting: crate::views::Link::new(m.id, m.title.clone()),
        assembly: assembly_name,
        attendance_recorded: m.recorded_at.is_some(),
        votes,
        vote,
        bound,
        piles,
    })
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
