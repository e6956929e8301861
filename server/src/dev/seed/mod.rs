//! `redacta seed --scale city`: a Barcelona-sized process on an empty database, for load
//! tests and for seeing the platform full. Everything written is decided by a random
//! generator seeded with `--seed`, so the same seed gives the same people, texts, supports
//! and ballots; times are offsets from `anchor` (the start of the day of seeding, so the
//! dashboard's last weeks have data). Rows go in batches inside a few transactions, which
//! is what makes 400,000 rows take seconds on SQLite. Ballot logs are real hash chains
//! (`redacta verify-log` passes), supports are unique per person, replies point at real
//! comments.

use app::domain::amendment::AmendmentStatus;
use app::domain::assembly::AssemblyKind;
use app::domain::assembly::OutcomeKind;
use app::domain::event::Event;
use app::domain::ids::{AmendmentId, AssemblyId, CommentId, ProgramId, SectionId, UserId};
use app::domain::phase::{Phase, Schedule};
use app::domain::poll as rules;
use app::domain::poll::{Eligibility, PollKind, TieRule};
use app::domain::role::Role;
use app::domain::tally::Method;
use app::entities::{
    amendment, amendment_version, assembly, assembly_member, ballot, ballot_log, comment, meeting,
    meeting_outcome, meeting_registration, poll, poll_option, program, section, support, user,
};
use app::error::AppError;
use app::services::{markdown, phases, program_files};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

mod words;
use words::*;

/// How much to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale {
    pub residents: usize,
    pub assemblies: usize,
    /// Sections of the one program (chapters included).
    pub sections: usize,
    pub amendments: usize,
    /// Amendments on the first measure (the "busy section" of the load test).
    pub busy_section: usize,
    pub comments: usize,
    pub supports: usize,
    pub votes: usize,
    pub ballots: usize,
    pub meetings_per_assembly: usize,
}

impl Scale {
    /// The size of Barcelona en Comú's 2015 process, and then some.
    pub const CITY: Scale = Scale {
        residents: 25_000,
        assemblies: 10,
        sections: 60,
        amendments: 5_000,
        busy_section: 300,
        comments: 100_000,
        supports: 150_000,
        votes: 10,
        ballots: 100_000,
        meetings_per_assembly: 6,
    };

    /// A small version for tests.
    pub const TINY: Scale = Scale {
        residents: 120,
        assemblies: 3,
        sections: 12,
        amendments: 60,
        busy_section: 15,
        comments: 300,
        supports: 400,
        votes: 2,
        ballots: 150,
        meetings_per_assembly: 2,
    };
}

/// What was made, with the load test's targets.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Seeded {
    pub residents: usize,
    pub assemblies: usize,
    pub sections: usize,
    pub amendments: usize,
    pub comments: usize,
    pub supports: usize,
    pub votes: usize,
    pub ballots: usize,
    pub program_slug: String,
    /// The section with `busy_section` amendments.
    pub busy_section_id: SectionId,
}

const BATCH: usize = 500;
const DAY: i64 = 86_400;
/// Everything happened within these last days before the anchor.
const SPAN_DAYS: i64 = 84;
/// The password of every seeded account (they are for load tests, never for real people).
pub const CITY_PASSWORD: &str = "redacta-city";

/// Ids of a table's rows in insertion order (the table was empty before seeding).
async fn ids_of<E, Id>(db: &impl ConnectionTrait, col: E::Column) -> Result<Vec<Id>, AppError>
where
    E: EntityTrait,
    Id: sea_orm::TryGetable,
{
    Ok(E::find()
        .select_only()
        .column(col)
        .order_by_asc(col)
        .into_tuple()
        .all(db)
        .await?)
}

async fn insert_all<A>(
    db: &impl ConnectionTrait,
    rows: Vec<A>,
    stage: &str,
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Result<(), AppError>
where
    A: ActiveModelTrait + Send,
{
    let total = rows.len();
    let mut done = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(BATCH).collect();
        done += batch.len();
        <A::Entity as EntityTrait>::insert_many(batch)
            .exec_without_returning(db)
            .await?;
        progress(stage, done, total);
    }
    Ok(())
}

/// Fills an empty database. Refuses a database that has accounts or programs.
pub async fn seed_city(
    conn: &DatabaseConnection,
    scale: &Scale,
    seed: u64,
    anchor: i64,
    password_hash: &str,
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Result<Seeded, AppError> {
    if user::Entity::find().count(conn).await? > 0 || program::Entity::find().count(conn).await? > 0
    {
        return Err(AppError::BadRequest);
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Seeded::default();

    // People: one coordinator, one facilitator per assembly, then residents.
    let txn = conn.begin().await?;
    let people = scale.residents + scale.assemblies + 1;
    let mut users = Vec::with_capacity(people);
    for i in 0..people {
        let (email, role) = match i {
            0 => (
                "coordinator@city.redacta.test".to_string(),
                Role::Coordinator,
            ),
            i if i <= scale.assemblies => (
                format!("facilitator{i}@city.redacta.test"),
                Role::Facilitator,
            ),
            i => (format!("resident{i}@city.redacta.test"), Role::Resident),
        };
        let name = format!(
            "{} {}",
            FIRST.choose(&mut rng).copied().unwrap_or("Laia"),
            LAST.choose(&mut rng).copied().unwrap_or("Puig")
        );
        let created = when(&mut rng, anchor);
        let locale = ["ca", "ca", "es", "en"]
            .choose(&mut rng)
            .copied()
            .unwrap_or("ca");
        users.push(user::ActiveModel {
            email: Set(email),
            display_name: Set(name),
            password_hash: Set(password_hash.to_string()),
            role: Set(role),
            locale: Set(locale.to_string()),
            email_verified_at: Set(Some(created)),
            created_at: Set(created),
            digest_opt_in: Set(false),
            digest_sent_at: Set(None),
            ..Default::default()
        });
    }
    insert_all(&txn, users, "residents", progress).await?;
    let user_ids = ids_of::<user::Entity, UserId>(&txn, user::Column::Id).await?;
    txn.commit().await?;
    out.residents = user_ids.len();
    let coordinator = user_ids[0];
    let residents: Vec<UserId> = user_ids[scale.assemblies + 1..].to_vec();

    // The program: chapters and measures with realistic lengths.
    let mut md = String::new();
    let chapters = (scale.sections / 10).clamp(1, CHAPTERS.len());
    let measures = scale.sections - chapters;
    for (c, chapter) in CHAPTERS.iter().enumerate().take(chapters) {
        md.push_str(&format!("# {}\n\n{}\n\n", chapter, paragraph(&mut rng, 3)));
        let per = measures / chapters + usize::from(c < measures % chapters);
        for m in 0..per {
            md.push_str(&format!(
                "## Mesura {}.{}: {}\n\n{}\n\n{}\n\n",
                c + 1,
                m + 1,
                sentence(&mut rng, 4).trim_end_matches('.'),
                paragraph(&mut rng, 4),
                paragraph(&mut rng, 3)
            ));
        }
    }
    let imported = program_files::import(conn, Some(coordinator), "Programa de ciutat 2027", &md)
        .await
        .map_err(|e| {
            tracing::error!(error = %app::error::cause_chain(&e), "city program import failed");
            AppError::Internal
        })?;
    let mut active: program::ActiveModel = imported.into();
    active.summary = Set("El programa municipal escrit per 25.000 veïnes.".to_string());
    active.published_at = Set(Some(anchor - SPAN_DAYS * DAY));
    let program = active.update(conn).await?;
    phases::write(
        conn,
        program.id,
        &Schedule(vec![
            (Phase::Amendments, anchor - SPAN_DAYS * DAY),
            (Phase::Deliberation, anchor - 14 * DAY),
            (Phase::Voting, anchor + 14 * DAY),
            (Phase::Closed, anchor + 28 * DAY),
        ]),
    )
    .await?;
    out.program_slug = program.slug.clone();
    let sections = section::Entity::find()
        .filter(section::Column::ProgramId.eq(program.id))
        .order_by_asc(section::Column::Position)
        .all(conn)
        .await?;
    out.sections = sections.len();
    let measures: Vec<&section::Model> = sections.iter().filter(|s| s.level >= 2).collect();
    let mut texts = Vec::new();
    for s in &measures {
        texts.push(app::services::lookup::revision_text(conn, s.id, s.head_number).await?);
    }
    out.busy_section_id = measures.first().map(|s| s.id).unwrap_or_default();

    // Assemblies, members, meetings with their records.
    let txn = conn.begin().await?;
    let mut rows = Vec::new();
    for i in 0..scale.assemblies {
        let (name, kind) = if i < scale.assemblies * 7 / 10 || i >= DISTRICTS.len() + THEMES.len() {
            (
                DISTRICTS[i % DISTRICTS.len()].to_string(),
                AssemblyKind::Territorial,
            )
        } else {
            (
                THEMES[(i - scale.assemblies * 7 / 10) % THEMES.len()].to_string(),
                AssemblyKind::Thematic,
            )
        };
        rows.push(assembly::ActiveModel {
            slug: Set(app::domain::slug::slugify(&name)),
            name: Set(name),
            kind: Set(kind),
            description: Set(paragraph(&mut rng, 2)),
            created_at: Set(anchor - SPAN_DAYS * DAY),
            created_by: Set(coordinator),
            ..Default::default()
        });
    }
    insert_all(&txn, rows, "assemblies", progress).await?;
    let assembly_ids = ids_of::<assembly::Entity, AssemblyId>(&txn, assembly::Column::Id).await?;
    out.assemblies = assembly_ids.len();
    let mut members = Vec::new();
    let mut membership: Vec<Vec<UserId>> = vec![Vec::new(); assembly_ids.len()];
    for (i, a) in assembly_ids.iter().enumerate() {
        members.push(assembly_member::ActiveModel {
            assembly_id: Set(*a),
            user_id: Set(user_ids[i + 1]),
            facilitator: Set(true),
            joined_at: Set(anchor - SPAN_DAYS * DAY),
            ..Default::default()
        });
    }
    for r in &residents {
        // About four in ten residents take part in one or two assemblies.
        if rng.gen_bool(0.4) {
            let mut picked: Vec<usize> = (0..assembly_ids.len()).collect();
            picked.shuffle(&mut rng);
            for k in picked.into_iter().take(rng.gen_range(1..=2)) {
                membership[k].push(*r);
                members.push(assembly_member::ActiveModel {
                    assembly_id: Set(assembly_ids[k]),
                    user_id: Set(*r),
                    facilitator: Set(false),
                    joined_at: Set(when(&mut rng, anchor)),
                    ..Default::default()
                });
            }
        }
    }
    insert_all(&txn, members, "members", progress).await?;
    let mut meetings = Vec::new();
    for (i, a) in assembly_ids.iter().enumerate() {
        for m in 0..scale.meetings_per_assembly {
            // Every two weeks: the last two are still to come.
            let offset = (m as i64 - scale.meetings_per_assembly as i64 + 2) * 14 * DAY;
            let starts = anchor / DAY * DAY + offset + 18 * 3600;
            let past = offset < 0;
            meetings.push(meeting::ActiveModel {
                assembly_id: Set(*a),
                title: Set(format!("Assemblea oberta {}", m + 1)),
                starts_at: Set(starts),
                ends_at: Set(starts + 2 * 3600),
                place: Set(format!("Casal de barri, sala {}", i + 1)),
                online_url: Set(String::new()),
                description: Set(paragraph(&mut rng, 1)),
                capacity: Set(Some(120)),
                minutes: Set(if past {
                    format!("## Acta\n\n{}", paragraph(&mut rng, 4))
                } else {
                    String::new()
                }),
                guests: Set(if past { rng.gen_range(5..60) } else { 0 }),
                recorded_at: Set(past.then_some(starts + 3 * 3600)),
                created_at: Set(starts - 20 * DAY),
                created_by: Set(user_ids[i + 1]),
                ..Default::default()
            });
        }
    }
    insert_all(&txn, meetings, "meetings", progress).await?;
    let meeting_rows = meeting::Entity::find()
        .order_by_asc(meeting::Column::Id)
        .all(&txn)
        .await?;
    let mut registrations = Vec::new();
    for m in &meeting_rows {
        let k = assembly_ids
            .iter()
            .position(|a| *a == m.assembly_id)
            .unwrap_or(0);
        let past = m.starts_at < anchor;
        let mut pool = membership[k].clone();
        pool.shuffle(&mut rng);
        for u in pool.into_iter().take(rng.gen_range(10..=60)) {
            registrations.push(meeting_registration::ActiveModel {
                meeting_id: Set(m.id),
                user_id: Set(u),
                registered_at: Set(m.starts_at - rng.gen_range(DAY..10 * DAY)),
                attended: Set(past && rng.gen_bool(0.8)),
                ..Default::default()
            });
        }
        if past {
            let mut outcomes = Vec::new();
            for (p, text) in ["Habitatge públic", "Més verd als patis", "Bus de barri"]
                .iter()
                .enumerate()
            {
                outcomes.push(meeting_outcome::ActiveModel {
                    meeting_id: Set(m.id),
                    kind: Set(OutcomeKind::Priority),
                    position: Set(p as i32),
                    amendment_id: Set(None),
                    text: Set(text.to_string()),
                    votes_for: Set(0),
                    votes_against: Set(0),
                    votes_abstain: Set(0),
                    created_at: Set(m.starts_at + 3 * 3600),
                    created_by: Set(m.created_by),
                    ..Default::default()
                });
            }
            meeting_outcome::Entity::insert_many(outcomes)
                .exec_without_returning(&txn)
                .await?;
        }
    }
    insert_all(&txn, registrations, "registrations", progress).await?;
    txn.commit().await?;

    // Amendments: the busy section first, the rest spread over the measures.
    let txn = conn.begin().await?;
    let mut amendments = Vec::with_capacity(scale.amendments);
    let mut targets: Vec<usize> = Vec::with_capacity(scale.amendments);
    for i in 0..scale.amendments {
        let k = if i < scale.busy_section || measures.len() < 2 {
            0
        } else {
            rng.gen_range(1..measures.len())
        };
        targets.push(k);
        let s = measures[k];
        let base = &texts[k];
        let mut sentences: Vec<String> = base.split(". ").map(str::to_string).collect();
        let at = rng.gen_range(0..sentences.len());
        let n = rng.gen_range(6..16);
        sentences[at] = sentence(&mut rng, n).trim_end_matches('.').to_string();
        let text = sentences.join(". ");
        let created = when(&mut rng, anchor);
        let roll: f64 = rng.gen();
        let status = if roll < 0.85 {
            AmendmentStatus::Published
        } else if roll < 0.9 {
            AmendmentStatus::Withdrawn
        } else if roll < 0.95 {
            AmendmentStatus::Rejected
        } else {
            AmendmentStatus::Draft
        };
        let author = *residents.choose(&mut rng).unwrap_or(&coordinator);
        let adopted = rng.gen_bool(0.02) && !assembly_ids.is_empty();
        let n = rng.gen_range(4..10);
        amendments.push(amendment::ActiveModel {
            program_id: Set(program.id),
            section_id: Set(s.id),
            author_id: Set(author),
            title: Set(sentence(&mut rng, n)
                .trim_end_matches('.')
                .chars()
                .take(120)
                .collect()),
            text: Set(text),
            justification: Set(paragraph(&mut rng, 2)),
            status: Set(status),
            base_number: Set(s.head_number),
            version: Set(i32::from(status != AmendmentStatus::Draft)),
            conflict_head: Set(None),
            created_at: Set(created),
            updated_at: Set(created),
            published_at: Set((status != AmendmentStatus::Draft).then_some(created + 600)),
            decided_at: Set((status == AmendmentStatus::Rejected).then_some(created + 7 * DAY)),
            decided_by: Set((status == AmendmentStatus::Rejected).then_some(user_ids[1])),
            assembly_id: Set(adopted.then(|| assembly_ids[rng.gen_range(0..assembly_ids.len())])),
            ..Default::default()
        });
    }
    insert_all(&txn, amendments, "amendments", progress).await?;
    let all = amendment::Entity::find()
        .order_by_asc(amendment::Column::Id)
        .all(&txn)
        .await?;
    let versions: Vec<amendment_version::ActiveModel> = all
        .iter()
        .filter(|a| a.published_at.is_some())
        .map(|a| amendment_version::ActiveModel {
            amendment_id: Set(a.id),
            version: Set(1),
            kind: Set(app::domain::amendment::VersionKind::Publish),
            base_number: Set(a.base_number),
            previous_base: Set(None),
            title: Set(a.title.clone()),
            text: Set(a.text.clone()),
            justification: Set(a.justification.clone()),
            created_at: Set(a.published_at.unwrap_or(a.created_at)),
            ..Default::default()
        })
        .collect();
    insert_all(&txn, versions, "amendment versions", progress).await?;
    txn.commit().await?;
    out.amendments = all.len();
    let open: Vec<&amendment::Model> = all
        .iter()
        .filter(|a| a.status == AmendmentStatus::Published)
        .collect();

    // Supports: unique (amendment, person), never by the author.
    let txn = conn.begin().await?;
    let mut seen = std::collections::HashSet::with_capacity(scale.supports);
    let mut supports = Vec::with_capacity(scale.supports);
    while supports.len() < scale.supports && !open.is_empty() {
        // Popular amendments get more: a skewed pick.
        let x: f64 = rng.gen();
        let a = open[((x * x) * open.len() as f64) as usize % open.len()];
        let u = *residents.choose(&mut rng).unwrap_or(&coordinator);
        if u == a.author_id || !seen.insert((a.id, u)) {
            continue;
        }
        supports.push(support::ActiveModel {
            amendment_id: Set(a.id),
            user_id: Set(u),
            version: Set(1),
            created_at: Set(a.created_at + rng.gen_range(600..(anchor - a.created_at).max(601))),
            ..Default::default()
        });
    }
    out.supports = supports.len();
    insert_all(&txn, supports, "supports", progress).await?;
    txn.commit().await?;

    // Comments: top-level ones first, then replies to them, then replies to replies.
    let txn = conn.begin().await?;
    let top = scale.comments * 6 / 10;
    let mut rows = Vec::with_capacity(top);
    for _ in 0..top {
        let on_amendment = rng.gen_bool(0.4) && !open.is_empty();
        let (section_id, amendment_id) = if on_amendment {
            let a = open[rng.gen_range(0..open.len())];
            (a.section_id, Some(a.id))
        } else {
            (measures[rng.gen_range(0..measures.len())].id, None)
        };
        rows.push(comment_row(
            &mut rng,
            anchor,
            program.id,
            section_id,
            amendment_id,
            None,
            None,
            0,
            &residents,
        ));
    }
    insert_all(&txn, rows, "comments", progress).await?;
    let tops = comment::Entity::find()
        .order_by_asc(comment::Column::Id)
        .all(&txn)
        .await?;
    let replies = scale.comments - top;
    let mut rows = Vec::with_capacity(replies);
    for _ in 0..replies * 2 / 3 {
        let p = &tops[rng.gen_range(0..tops.len())];
        rows.push(comment_row(
            &mut rng,
            anchor,
            program.id,
            p.section_id,
            p.amendment_id,
            Some(p.id),
            Some(p.id),
            1,
            &residents,
        ));
    }
    insert_all(&txn, rows, "replies", progress).await?;
    let firsts = comment::Entity::find()
        .filter(comment::Column::Depth.eq(1))
        .order_by_asc(comment::Column::Id)
        .all(&txn)
        .await?;
    let mut rows = Vec::new();
    for _ in 0..replies - replies * 2 / 3 {
        let p = &firsts[rng.gen_range(0..firsts.len())];
        rows.push(comment_row(
            &mut rng,
            anchor,
            program.id,
            p.section_id,
            p.amendment_id,
            Some(p.id),
            p.root_id,
            2,
            &residents,
        ));
    }
    insert_all(&txn, rows, "replies to replies", progress).await?;
    out.comments = comment::Entity::find().count(&txn).await? as usize;
    txn.commit().await?;

    // Closed votes on priorities, each with its ballots and its hash-chained log.
    for v in 0..scale.votes {
        let txn = conn.begin().await?;
        let (method, seats) = match v % 4 {
            0 => (Method::Schulze, 1),
            1 => (Method::Irv, 1),
            2 => (Method::StvMeek, 2),
            _ => (Method::RankedPairs, 1),
        };
        let closes = anchor - (v as i64 + 1) * 3 * DAY;
        let created = poll::ActiveModel {
            program_id: Set(program.id),
            section_id: Set(None),
            kind: Set(PollKind::Measures),
            title: Set(format!(
                "Prioritats {}: {}",
                v + 1,
                CHAPTERS[v % CHAPTERS.len()]
            )),
            description: Set(paragraph(&mut rng, 1)),
            method: Set(method),
            seats: Set(seats),
            tie: Set(TieRule::Lot),
            eligibility: Set(Eligibility::Residents),
            opens_at: Set(closes - 7 * DAY),
            closes_at: Set(closes),
            created_by: Set(user_ids[1]),
            created_at: Set(closes - 8 * DAY),
            head_hash: Set(String::new()),
            entries: Set(0),
            applied_at: Set(None),
            applied_by: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let n_options = rng.gen_range(5..=8usize);
        let options: Vec<poll_option::ActiveModel> = (1..=n_options)
            .map(|p| {
                let label = sentence(&mut rng, 3).trim_end_matches('.').to_string();
                poll_option::ActiveModel {
                    poll_id: Set(created.id),
                    position: Set(p as i32),
                    name: Set(format!("M{p}")),
                    label: Set(label),
                    amendment_id: Set(None),
                    withdrawn: Set(false),
                    ..Default::default()
                }
            })
            .collect();
        poll_option::Entity::insert_many(options)
            .exec_without_returning(&txn)
            .await?;
        let count = scale.ballots / scale.votes + usize::from(v < scale.ballots % scale.votes);
        let mut voters = residents.clone();
        voters.shuffle(&mut rng);
        let mut head = rules::genesis(created.id.get());
        let mut ballots = Vec::with_capacity(count);
        let mut log = Vec::with_capacity(count);
        // Each option has a popularity, so results are not a coin toss.
        let weights: Vec<f64> = (0..n_options).map(|_| rng.gen_range(0.5..3.0)).collect();
        for (seq, u) in voters.into_iter().take(count).enumerate() {
            let mut order: Vec<(f64, usize)> = (0..n_options)
                .map(|o| (rng.gen::<f64>() * weights[o], o + 1))
                .collect();
            order.sort_by(|a, b| b.0.total_cmp(&a.0));
            let ranked = rng.gen_range(1..=n_options);
            let ranking =
                rules::Ranking(order.iter().take(ranked).map(|(_, o)| vec![*o]).collect());
            let text = ranking.to_string();
            let mut bytes = [0u8; 10];
            rng.fill(&mut bytes);
            let receipt = rules::receipt_code(bytes);
            let rh = rules::receipt_hash(&receipt);
            let seq = seq as i32 + 1;
            let hash = rules::entry_hash(&head, seq, &rh, &text, None);
            ballots.push(ballot::ActiveModel {
                poll_id: Set(created.id),
                user_id: Set(u),
                ranking: Set(text.clone()),
                receipt_hash: Set(rh.clone()),
                cast_at: Set(closes - 7 * DAY + rng.gen_range(0..7 * DAY)),
                ..Default::default()
            });
            log.push(ballot_log::ActiveModel {
                poll_id: Set(created.id),
                seq: Set(seq),
                receipt_hash: Set(rh),
                ranking: Set(text),
                replaces: Set(None),
                prev_hash: Set(head.clone()),
                hash: Set(hash.clone()),
                ..Default::default()
            });
            head = hash;
        }
        let entries = log.len() as i32;
        out.ballots += ballots.len();
        insert_all(&txn, ballots, "ballots", progress).await?;
        insert_all(&txn, log, "ballot log", progress).await?;
        let mut p: poll::ActiveModel = created.into();
        p.head_hash = Set(head);
        p.entries = Set(entries);
        p.update(&txn).await?;
        txn.commit().await?;
        out.votes += 1;
    }
    // The rows above were written in bulk, past the operations that index as they write.
    progress("search index", 0, 1);
    app::services::search::rebuild(conn).await?;
    progress("search index", 1, 1);
    app::services::events::record(
        conn,
        Some(coordinator),
        Event::SeedCity,
        &format!("program:{}", program.id),
        serde_json::json!({"seed": seed, "residents": out.residents, "amendments": out.amendments}),
    )
    .await?;
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn comment_row(
    rng: &mut StdRng,
    anchor: i64,
    program_id: ProgramId,
    section_id: SectionId,
    amendment_id: Option<AmendmentId>,
    parent_id: Option<CommentId>,
    root_id: Option<CommentId>,
    depth: i32,
    residents: &[UserId],
) -> comment::ActiveModel {
    let opening = COMMENT_OPENINGS.choose(rng).copied().unwrap_or("");
    let sentences = rng.gen_range(1..4);
    let body = format!("{opening} {}", paragraph(rng, sentences));
    let stance = amendment_id.and_then(|_| {
        ["for", "against", "neutral"]
            .choose(rng)
            .map(|s| s.to_string())
    });
    comment::ActiveModel {
        program_id: Set(program_id),
        section_id: Set(section_id),
        amendment_id: Set(amendment_id),
        parent_id: Set(parent_id),
        root_id: Set(root_id),
        depth: Set(depth),
        author_id: Set(*residents.choose(rng).unwrap_or(&UserId(1))),
        stance: Set(if depth == 0 { stance } else { None }),
        body_html: Set(markdown::render(&body).as_str().to_string()),
        body: Set(body),
        anchor_revision: Set(None),
        anchor_start: Set(None),
        anchor_end: Set(None),
        anchor_quote: Set(None),
        anchor_prefix: Set(None),
        anchor_suffix: Set(None),
        ups: Set(rng.gen_range(0..12)),
        downs: Set(rng.gen_range(0..4)),
        reports: Set(0),
        hidden: Set(false),
        deleted: Set(false),
        edited_at: Set(None),
        created_at: Set(anchor - rng.gen_range(60..SPAN_DAYS * DAY)),
        ..Default::default()
    }
}
