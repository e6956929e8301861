//! Figures for the coordinators' dashboard and the public data export. Every count is one
//! grouped query (never one per row), so the dashboard costs the same few queries whatever
//! the size of the process.

use crate::domain::amendment::AmendmentStatus;
use crate::domain::ids::{AmendmentId, AssemblyId, ProgramId, SectionId};
use crate::entities::{amendment, assembly, poll, poll_option, program, section, user};
use crate::error::AppError;
use crate::services::accounts::role_of;
use crate::services::amendments::support_counts;
use crate::views::dashboard::*;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use std::collections::HashMap;

pub const WEEK: i64 = 7 * 86_400;
/// How many weeks the participation chart shows.
pub const WEEKS_SHOWN: i64 = 12;
pub const WAITING_SHOWN: u64 = 50;
pub const GROUPS_SHOWN: usize = 25;
/// How long one app server reuses the dashboard's figures: they take a few hundred
/// milliseconds to gather on a city-sized process and nobody needs them to the second.
pub const CACHE_SECS: i64 = 30;

/// The last dashboard gathered by this app server, with when. Held while it is gathered
/// again, so requests arriving meanwhile wait for that one gathering instead of each
/// starting their own (64 at once took every one past a 2 s timeout on the city data).
pub type Cache = std::sync::Arc<tokio::sync::Mutex<Option<Dashboard>>>;

async fn rows(db: &impl ConnectionTrait, sql: &str) -> Result<Vec<sea_orm::QueryResult>, AppError> {
    Ok(db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            sql.to_string(),
        ))
        .await?)
}

/// `SELECT key, n` rows as a map.
async fn keyed(db: &impl ConnectionTrait, sql: &str) -> Result<HashMap<i64, i64>, AppError> {
    let mut out = HashMap::new();
    for r in rows(db, sql).await? {
        let k: i64 = r.try_get("", "k")?;
        let n: Option<i64> = r.try_get("", "n")?;
        out.insert(k, n.unwrap_or(0));
    }
    Ok(out)
}

async fn scalar(db: &impl ConnectionTrait, sql: &str) -> Result<i64, AppError> {
    Ok(match rows(db, sql).await?.first() {
        Some(r) => r.try_get::<Option<i64>>("", "n")?.unwrap_or(0),
        None => 0,
    })
}

/// The tables and time columns whose rows count as participation, with the dashboard's
/// name for each. Amendments count once published (drafts are private).
const ACTIVITY: [(&str, &str, &str); 5] = [
    ("residents", "users", "created_at"),
    ("amendments", "amendments", "published_at"),
    ("comments", "comments", "created_at"),
    ("supports", "supports", "created_at"),
    ("ballots", "ballots", "cast_at"),
];

pub async fn totals(db: &impl ConnectionTrait) -> Result<Totals, AppError> {
    let mut t = Totals::default();
    for (name, table, column) in ACTIVITY {
        let n = scalar(
            db,
            &format!("SELECT COUNT(*) AS n FROM {table} WHERE {column} IS NOT NULL"),
        )
        .await?;
        match name {
            "residents" => t.residents = n,
            "amendments" => t.amendments = n,
            "comments" => t.comments = n,
            "supports" => t.supports = n,
            _ => t.ballots = n,
        }
    }
    t.assemblies = scalar(db, "SELECT COUNT(*) AS n FROM assemblies").await?;
    t.meetings = scalar(db, "SELECT COUNT(*) AS n FROM meetings").await?;
    t.attendance = scalar(db, "SELECT CAST(SUM(guests) AS BIGINT) AS n FROM meetings").await?
        + scalar(
            db,
            "SELECT COUNT(*) AS n FROM meeting_registrations WHERE attended = TRUE",
        )
        .await?;
    Ok(t)
}

/// New residents, amendments, comments, supports and ballots per week, for the
/// `WEEKS_SHOWN` weeks up to `now`.
pub async fn weeks(db: &impl ConnectionTrait, now: i64) -> Result<Vec<WeekRow>, AppError> {
    let last = now.div_euclid(WEEK);
    let first = last - WEEKS_SHOWN + 1;
    let mut out: Vec<WeekRow> = (first..=last)
        .map(|w| WeekRow {
            start: w * WEEK,
            ..Default::default()
        })
        .collect();
    for (name, table, column) in ACTIVITY {
        let counts = keyed(
            db,
            &format!(
                "SELECT CAST({column} / {WEEK} AS BIGINT) AS k, COUNT(*) AS n FROM {table} \
                 WHERE {column} >= {} GROUP BY CAST({column} / {WEEK} AS BIGINT)",
                first * WEEK
            ),
        )
        .await?;
        for row in out.iter_mut() {
            let n = counts
                .get(&row.start.div_euclid(WEEK))
                .copied()
                .unwrap_or(0);
            match name {
                "residents" => row.residents = n,
                "amendments" => row.amendments = n,
                "comments" => row.comments = n,
                "supports" => row.supports = n,
                _ => row.ballots = n,
            }
        }
    }
    Ok(out)
}

/// Each assembly: members, meetings, attendance, amendments adopted, and the comments,
/// supports and ballots of its members.
pub async fn by_assembly(db: &impl ConnectionTrait) -> Result<Vec<AssemblyRow>, AppError> {
    let members = keyed(
        db,
        "SELECT CAST(assembly_id AS BIGINT) AS k, COUNT(*) AS n FROM assembly_members GROUP BY assembly_id",
    )
    .await?;
    let meetings = keyed(
        db,
        "SELECT CAST(assembly_id AS BIGINT) AS k, COUNT(*) AS n FROM meetings GROUP BY assembly_id",
    )
    .await?;
    let guests = keyed(
        db,
        "SELECT CAST(assembly_id AS BIGINT) AS k, CAST(SUM(guests) AS BIGINT) AS n FROM meetings GROUP BY assembly_id",
    )
    .await?;
    let attended = keyed(
        db,
        "SELECT CAST(m.assembly_id AS BIGINT) AS k, COUNT(*) AS n FROM meeting_registrations r \
         JOIN meetings m ON m.id = r.meeting_id WHERE r.attended = TRUE GROUP BY m.assembly_id",
    )
    .await?;
    let adopted = keyed(
        db,
        "SELECT CAST(assembly_id AS BIGINT) AS k, COUNT(*) AS n FROM amendments \
         WHERE assembly_id IS NOT NULL AND published_at IS NOT NULL GROUP BY assembly_id",
    )
    .await?;
    let by_members = |table: &str, person: &str| {
        format!(
            "SELECT CAST(am.assembly_id AS BIGINT) AS k, COUNT(*) AS n FROM {table} t \
             JOIN assembly_members am ON am.user_id = t.{person} GROUP BY am.assembly_id"
        )
    };
    let comments = keyed(db, &by_members("comments", "author_id")).await?;
    let supports = keyed(db, &by_members("supports", "user_id")).await?;
    let ballots = keyed(db, &by_members("ballots", "user_id")).await?;
    let get =
        |m: &HashMap<i64, i64>, id: AssemblyId| m.get(&i64::from(id.get())).copied().unwrap_or(0);
    Ok(assembly::Entity::find()
        .order_by_asc(assembly::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AssemblyRow {
            members: get(&members, a.id),
            meetings: get(&meetings, a.id),
            attendance: get(&guests, a.id) + get(&attended, a.id),
            adopted: get(&adopted, a.id),
            comments: get(&comments, a.id),
            supports: get(&supports, a.id),
            ballots: get(&ballots, a.id),
            slug: a.slug,
            name: a.name,
        })
        .collect())
}

const OPEN: [AmendmentStatus; 2] = [AmendmentStatus::Published, AmendmentStatus::InVote];

/// Published and in-vote amendments of published programs, oldest first: the decisions
/// still to take.
async fn waiting(db: &impl ConnectionTrait) -> Result<(Vec<WaitingRow>, u64), AppError> {
    let published = published_programs(db).await?;
    let query = amendment::Entity::find()
        .filter(amendment::Column::ProgramId.is_in(published))
        .filter(amendment::Column::Status.is_in(OPEN.map(|s| s.as_str())));
    let total = query.clone().count(db).await?;
    let found = query
        .order_by_asc(amendment::Column::PublishedAt)
        .order_by_asc(amendment::Column::Id)
        .limit(WAITING_SHOWN)
        .all(db)
        .await?;
    Ok((waiting_rows(db, found).await?, total))
}

/// The ids of the published programs.
pub(super) async fn published_programs(
    db: &impl ConnectionTrait,
) -> Result<Vec<ProgramId>, AppError> {
    Ok(program::Entity::find()
        .select_only()
        .column(program::Column::Id)
        .filter(program::Column::PublishedAt.is_not_null())
        .into_tuple()
        .all(db)
        .await?)
}

/// Amendments as waiting rows: with their supports and section titles (two queries).
pub(super) async fn waiting_rows(
    db: &impl ConnectionTrait,
    found: Vec<amendment::Model>,
) -> Result<Vec<WaitingRow>, AppError> {
    let ids: Vec<AmendmentId> = found.iter().map(|a| a.id).collect();
    let supports = support_counts(db, &ids).await?;
    let titles =
        crate::services::lookup::section_titles(db, found.iter().map(|a| a.section_id)).await?;
    Ok(found
        .into_iter()
        .map(|a| WaitingRow {
            id: a.id,
            status: a.status,
            section_title: titles.get(&a.section_id).cloned().unwrap_or_default(),
            section_id: a.section_id,
            supports: supports.get(&a.id).copied().unwrap_or(0),
            published_at: a.published_at.unwrap_or(a.created_at),
            title: a.title,
        })
        .collect())
}

/// Groups of published amendments competing for the same passage of a section's current
/// text, none of them in a vote yet: the votes still to open.
pub async fn groups_without_vote(db: &impl ConnectionTrait) -> Result<Vec<GroupRow>, AppError> {
    // Ids and titles only: the groups come from `derived`, computed once per version.
    let open: Vec<(AmendmentId, SectionId, String)> = amendment::Entity::find()
        .select_only()
        .column(amendment::Column::Id)
        .column(amendment::Column::SectionId)
        .column(amendment::Column::Title)
        .filter(amendment::Column::Status.eq(AmendmentStatus::Published.as_str()))
        .order_by_asc(amendment::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_section: HashMap<SectionId, HashMap<AmendmentId, String>> = HashMap::new();
    for (id, section, title) in open {
        by_section.entry(section).or_default().insert(id, title);
    }
    by_section.retain(|_, v| v.len() > 1);
    let sections: HashMap<SectionId, section::Model> = section::Entity::find()
        .filter(section::Column::Id.is_in(by_section.keys().copied().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let slugs: HashMap<ProgramId, String> = program::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.slug))
        .collect();
    let mut out = Vec::new();
    let mut ids: Vec<SectionId> = by_section.keys().copied().collect();
    ids.sort_by_key(|id| sections.get(id).map(|s| (s.program_id, s.position)));
    for sid in ids {
        let Some(s) = sections.get(&sid) else {
            continue;
        };
        let titles = &by_section[&sid];
        let base = crate::services::lookup::revision_text(db, s.id, s.head_number).await?;
        let groups =
            crate::services::derived::conflict_groups(db, s.id, s.head_number, &base).await?;
        for g in groups.iter() {
            if g.members.len() < 2 {
                continue;
            }
            out.push(GroupRow {
                program_slug: slugs.get(&s.program_id).cloned().unwrap_or_default(),
                section_id: s.id,
                section_title: s.title.clone(),
                amendments: g
                    .members
                    .iter()
                    .filter_map(|m| {
                        titles
                            .get(m)
                            .map(|t| crate::views::Link::new(*m, t.clone()))
                    })
                    .collect(),
            });
        }
    }
    Ok(out)
}

/// The dashboard (coordinators), from `cache` when it is younger than `CACHE_SECS`.
pub async fn dashboard_cached(
    db: &impl ConnectionTrait,
    cache: &Cache,
    actor: &user::Model,
) -> Result<Dashboard, AppError> {
    if !role_of(actor).can_manage_programs() {
        return Err(AppError::Forbidden);
    }
    let mut cached = cache.lock().await;
    let now = crate::services::clock::now();
    if let Some(d) = cached.as_ref() {
        if now - d.generated_at < CACHE_SECS && now >= d.generated_at {
            return Ok(d.clone());
        }
    }
    let fresh = dashboard(db, actor).await?;
    *cached = Some(fresh.clone());
    Ok(fresh)
}

pub async fn dashboard(
    db: &impl ConnectionTrait,
    actor: &user::Model,
) -> Result<Dashboard, AppError> {
    if !role_of(actor).can_manage_programs() {
        return Err(AppError::Forbidden);
    }
    let (waiting, waiting_total) = waiting(db).await?;
    let mut groups = groups_without_vote(db).await?;
    let groups_total = groups.len() as u64;
    groups.truncate(GROUPS_SHOWN);
    Ok(Dashboard {
        generated_at: crate::services::clock::now(),
        totals: totals(db).await?,
        weeks: weeks(db, crate::services::clock::now()).await?,
        assemblies: by_assembly(db).await?,
        waiting,
        waiting_total,
        groups,
        groups_total,
        committees: crate::views::committees::committee_counts(db).await?,
    })
}

/// One public amendment in the export: no e-mail address, no voter, nothing a reader of
/// the site could not see.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ExportRow {
    pub id: AmendmentId,
    pub program: String,
    pub section_id: SectionId,
    pub section: String,
    pub title: String,
    pub status: String,
    /// The author's display name, or the assembly that adopted it.
    pub author: String,
    pub assembly: Option<String>,
    pub supports: i64,
    pub comments: i64,
    pub published_at: Option<i64>,
    pub decided_at: Option<i64>,
    /// accepted, rejected, covered or withdrawn, and the reason given (public).
    pub decision: Option<String>,
    pub decision_reason: Option<String>,
    /// The vote that decided it, or the amendment that covers it.
    pub decision_vote: Option<i32>,
    pub covered_by: Option<i32>,
    pub base_revision: i32,
    /// The section's whole text as the amendment proposes it (on `base_revision`).
    pub text: String,
}

/// Every published amendment of every published program, by id.
pub async fn export_rows(db: &impl ConnectionTrait) -> Result<Vec<ExportRow>, AppError> {
    let programs: HashMap<ProgramId, String> = program::Entity::find()
        .filter(program::Column::PublishedAt.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.slug))
        .collect();
    let found = amendment::Entity::find()
        .filter(amendment::Column::PublishedAt.is_not_null())
        .filter(amendment::Column::ProgramId.is_in(programs.keys().copied().collect::<Vec<_>>()))
        .order_by_asc(amendment::Column::Id)
        .all(db)
        .await?;
    let supports = keyed(
        db,
        "SELECT CAST(amendment_id AS BIGINT) AS k, COUNT(*) AS n FROM supports GROUP BY amendment_id",
    )
    .await?;
    let comments = keyed(
        db,
        "SELECT CAST(amendment_id AS BIGINT) AS k, COUNT(*) AS n FROM comments \
         WHERE amendment_id IS NOT NULL AND deleted = FALSE GROUP BY amendment_id",
    )
    .await?;
    let names =
        crate::services::lookup::display_names(db, found.iter().map(|a| a.author_id)).await?;
    let assemblies: HashMap<AssemblyId, String> = assembly::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let titles =
        crate::services::lookup::section_titles(db, found.iter().map(|a| a.section_id)).await?;
    Ok(found
        .into_iter()
        .map(|a| {
            let assembly = a.assembly_id.and_then(|x| assemblies.get(&x).cloned());
            ExportRow {
                id: a.id,
                program: programs.get(&a.program_id).cloned().unwrap_or_default(),
                section_id: a.section_id,
                section: titles.get(&a.section_id).cloned().unwrap_or_default(),
                author: assembly
                    .clone()
                    .or_else(|| names.get(&a.author_id).cloned())
                    .unwrap_or_default(),
                assembly,
                supports: supports.get(&i64::from(a.id.get())).copied().unwrap_or(0),
                comments: comments.get(&i64::from(a.id.get())).copied().unwrap_or(0),
                status: a.status.as_str().to_string(),
                published_at: a.published_at,
                decided_at: a.decided_at,
                decision: a.decision_kind.map(|k| k.as_str().to_string()),
                decision_reason: a.decision_reason,
                decision_vote: a.decision_poll.map(|p| p.get()),
                covered_by: a.covered_by.map(|c| c.get()),
                base_revision: a.base_number,
                title: a.title,
                text: a.text,
            }
        })
        .collect())
}

/// A CSV text field: always quoted, and no formula anywhere a spreadsheet could start a
/// cell. A `=`, `+`, `-`, `@`, tab or carriage return at the start, or after any `,` or `;`
/// inside the text (Catalan and Spanish spreadsheets split on `;`, and may ignore the
/// quotes), gets a `'` before it, so it is shown as text and never run.
pub fn csv_field(value: &str) -> String {
    let mut v = String::with_capacity(value.len() + 2);
    let mut cell_start = true;
    for c in value.chars() {
        if cell_start && matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r') {
            v.push('\'');
        }
        if c == '"' {
            v.push('"');
        }
        v.push(c);
        // A new cell may start after a separator (spaces before a formula still count).
        cell_start = matches!(c, ',' | ';') || (cell_start && c == ' ');
    }
    format!("\"{v}\"")
}

/// The amendments as CSV (a header line, then one line per amendment).
pub fn export_csv(rows: &[ExportRow]) -> String {
    let mut out = String::from(
        "id,program,section_id,section,title,status,author,assembly,supports,comments,published_at,decided_at,decision,decision_reason,decision_vote,covered_by,base_revision,text\n",
    );
    let opt = |v: Option<i64>| v.map(crate::domain::time::iso8601).unwrap_or_default();
    for r in rows {
        let fields = [
            r.id.to_string(),
            csv_field(&r.program),
            r.section_id.to_string(),
            csv_field(&r.section),
            csv_field(&r.title),
            r.status.clone(),
            csv_field(&r.author),
            csv_field(r.assembly.as_deref().unwrap_or("")),
            r.supports.to_string(),
            r.comments.to_string(),
            opt(r.published_at),
            opt(r.decided_at),
            r.decision.clone().unwrap_or_default(),
            csv_field(r.decision_reason.as_deref().unwrap_or("")),
            r.decision_vote.map(|v| v.to_string()).unwrap_or_default(),
            r.covered_by.map(|v| v.to_string()).unwrap_or_default(),
            r.base_revision.to_string(),
            csv_field(&r.text),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// How long an export may be served unchanged when nothing was written meanwhile (its
/// weekly figures and "closed votes" move with the clock).
pub const EXPORT_FRESH_SECS: i64 = 300;

/// A public export file (`amendments.csv` or `public.json`) and its content type, made
/// once per change: kept under the newest event's id (every write records one) and the
/// current five minutes, so fifty downloads at once make one, and a city's file is not
/// rebuilt for every reader.
pub async fn public_file(
    db: &impl ConnectionTrait,
    file: &str,
) -> Result<(&'static str, axum::body::Bytes), AppError> {
    use crate::services::memo::{Key, Memo};
    use sea_orm::QuerySelect;
    static FILES: std::sync::OnceLock<Memo<axum::body::Bytes>> = std::sync::OnceLock::new();
    let memo = FILES.get_or_init(|| Memo::new(128 * 1024 * 1024, axum::body::Bytes::len));
    let content_type = match file {
        "amendments.csv" => "text/csv; charset=utf-8",
        "public.json" => "application/json",
        _ => return Err(AppError::NotFound),
    };
    let newest: Option<i32> = crate::entities::event::Entity::find()
        .select_only()
        .column_as(crate::entities::event::Column::Id.max(), "m")
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let key = Key::of("export")
        .text(file)
        .num(i64::from(newest.unwrap_or(0)))
        .num(crate::services::clock::now() / EXPORT_FRESH_SECS)
        .done();
    let body = memo
        .get_or_try(key, || async {
            Ok::<_, AppError>(axum::body::Bytes::from(match file {
                "amendments.csv" => export_csv(&export_rows(db).await?),
                _ => export_json(db).await?.to_string(),
            }))
        })
        .await?;
    Ok((content_type, body.as_ref().clone()))
}

/// The sections of published programs, each with its whole revision history: number, when,
/// who, through which amendment, and the text.
async fn section_histories(
    db: &impl ConnectionTrait,
    programs: &[ProgramId],
) -> Result<Vec<serde_json::Value>, AppError> {
    use crate::entities::revision;
    let sections = section::Entity::find()
        .filter(section::Column::ProgramId.is_in(programs.to_vec()))
        .order_by_asc(section::Column::Id)
        .all(db)
        .await?;
    let revisions = revision::Entity::find()
        .filter(
            revision::Column::SectionId.is_in(sections.iter().map(|s| s.id).collect::<Vec<_>>()),
        )
        .order_by_asc(revision::Column::SectionId)
        .order_by_asc(revision::Column::Number)
        .all(db)
        .await?;
    let names =
        crate::services::lookup::display_names(db, revisions.iter().filter_map(|r| r.author_id))
            .await?;
    let mut by_section: HashMap<SectionId, Vec<serde_json::Value>> = HashMap::new();
    for r in revisions {
        by_section
            .entry(r.section_id)
            .or_default()
            .push(serde_json::json!({
                "number": r.number,
                "created_at": crate::domain::time::iso8601(r.created_at),
                "author": r.author_id.and_then(|a| names.get(&a).cloned()),
                "amendment": r.amendment_id,
                "text": r.text,
            }));
    }
    Ok(sections
        .into_iter()
        .map(|s| {
            serde_json::json!({
                "id": s.id, "program_id": s.program_id, "title": s.title,
                "revisions": by_section.remove(&s.id).unwrap_or_default(),
            })
        })
        .collect())
}

/// Every comment in published programs that everyone can read (hidden and deleted ones
/// left out): where it is, who wrote it, its stance and its text as written.
async fn public_comments(
    db: &impl ConnectionTrait,
    programs: &[ProgramId],
) -> Result<Vec<serde_json::Value>, AppError> {
    use crate::entities::comment;
    let found = comment::Entity::find()
        .filter(comment::Column::ProgramId.is_in(programs.to_vec()))
        .filter(comment::Column::Hidden.eq(false))
        .filter(comment::Column::Deleted.eq(false))
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await?;
    let names =
        crate::services::lookup::display_names(db, found.iter().map(|c| c.author_id)).await?;
    Ok(found
        .into_iter()
        .map(|c| {
            serde_json::json!({
                "id": c.id, "section_id": c.section_id, "amendment_id": c.amendment_id,
                "parent_id": c.parent_id, "author": names.get(&c.author_id),
                "stance": c.stance, "body": c.body,
                "created_at": crate::domain::time::iso8601(c.created_at),
            })
        })
        .collect())
}

/// Every meeting: when and where, its minutes, who came (registered and present, guests)
/// and what the room decided (counts on amendments, amendments adopted, priorities).
async fn meetings_record(db: &impl ConnectionTrait) -> Result<Vec<serde_json::Value>, AppError> {
    use crate::entities::{meeting, meeting_outcome, meeting_registration};
    let meetings = meeting::Entity::find()
        .order_by_asc(meeting::Column::Id)
        .all(db)
        .await?;
    let assemblies: HashMap<AssemblyId, String> = assembly::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.slug))
        .collect();
    let mut came: HashMap<crate::domain::ids::MeetingId, (i64, i64)> = HashMap::new();
    for r in meeting_registration::Entity::find().all(db).await? {
        let e = came.entry(r.meeting_id).or_default();
        e.0 += 1;
        e.1 += i64::from(r.attended);
    }
    let mut outcomes: HashMap<crate::domain::ids::MeetingId, Vec<serde_json::Value>> =
        HashMap::new();
    for o in meeting_outcome::Entity::find()
        .order_by_asc(meeting_outcome::Column::Position)
        .all(db)
        .await?
    {
        outcomes
            .entry(o.meeting_id)
            .or_default()
            .push(serde_json::json!({
                "kind": o.kind.as_str(), "amendment": o.amendment_id, "text": o.text,
                "for": o.votes_for, "against": o.votes_against, "abstain": o.votes_abstain,
            }));
    }
    Ok(meetings
        .into_iter()
        .map(|m| {
            let (registered, present) = came.get(&m.id).copied().unwrap_or((0, 0));
            serde_json::json!({
                "id": m.id, "assembly": assemblies.get(&m.assembly_id),
                "title": m.title,
                "starts_at": crate::domain::time::iso8601(m.starts_at),
                "ends_at": crate::domain::time::iso8601(m.ends_at),
                "place": m.place, "online_url": m.online_url, "minutes": m.minutes,
                "attendance": m.recorded_at.map(|_| serde_json::json!({
                    "registered": registered, "present": present, "guests": m.guests,
                })),
                "outcomes": outcomes.remove(&m.id).unwrap_or_default(),
            })
        })
        .collect())
}

/// Everything public in one JSON document: totals, weekly participation, assemblies, the
/// sections with their revision histories, the amendments with their decisions, the public
/// comments, the meetings with minutes, attendance and room counts, and the closed votes
/// with their options.
pub async fn export_json(db: &impl ConnectionTrait) -> Result<serde_json::Value, AppError> {
    let now = crate::services::clock::now();
    let closed = poll::Entity::find()
        .filter(poll::Column::ClosesAt.lte(now))
        .order_by_asc(poll::Column::Id)
        .all(db)
        .await?;
    let options = poll_option::Entity::find()
        .filter(poll_option::Column::PollId.is_in(closed.iter().map(|p| p.id).collect::<Vec<_>>()))
        .order_by_asc(poll_option::Column::Position)
        .all(db)
        .await?;
    let votes: Vec<serde_json::Value> = closed
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.id, "title": p.title, "method": p.method, "seats": p.seats,
                "closes_at": p.closes_at, "ballot_log_head": p.head_hash,
                "ballots_blt": format!("/votes/{}/ballots/blt", p.id),
                "options": options.iter().filter(|o| o.poll_id == p.id)
                    .map(|o| serde_json::json!({"position": o.position, "label": o.label, "amendment": o.amendment_id}))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    let published: Vec<ProgramId> = program::Entity::find()
        .filter(program::Column::PublishedAt.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    Ok(serde_json::json!({
        "generated_at": now,
        "sections": section_histories(db, &published).await?,
        "comments": public_comments(db, &published).await?,
        "meetings": meetings_record(db).await?,
        "totals": totals(db).await?,
        "weeks": weeks(db, now).await?,
        "assemblies": by_assembly(db).await?,
        "amendments": export_rows(db).await?,
        "votes": votes,
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("Habitatge"), "\"Habitatge\"");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "\"'-1\"");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
        // After a separator, as a spreadsheet splitting on `;` or `,` would see it.
        assert_eq!(csv_field("Parcs;=1+1"), "\"Parcs;'=1+1\"");
        assert_eq!(csv_field("Parcs; @SUM(A1)"), "\"Parcs; '@SUM(A1)\"");
        assert_eq!(csv_field("a,+cmd"), "\"a,'+cmd\"");
        assert_eq!(csv_field("2-1 = 1"), "\"2-1 = 1\"");
    }
}
