use crate::domain::comment::{CommentPolicy, Sort};
use crate::domain::ids::{CommentId, ProgramId, SectionId};
use crate::domain::text::{AnchorState, Chain};
use crate::entities::{comment, comment_report, comment_vote, revision, user};
use crate::error::AppError;
use crate::services::accounts::role_of;
use crate::services::comments::thread_filter;
use crate::services::lookup::ensure_visible;
use crate::services::lookup::place;
use crate::services::lookup::Target;
use crate::views::comments::{AnchorView, CommentView, ThreadDetail};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// One page of a thread: `page_size` top-level comments in `sort` order, each followed by
/// its oldest `replies_shown` replies (depth-first), with the number left out. With
/// `conversation`, one top-level comment and its replies, `conversation_page_size` at a
/// time. The work per page is bounded whatever the size of the thread.
#[allow(clippy::too_many_arguments)]
pub async fn thread(
    db: &impl ConnectionTrait,
    policy: &CommentPolicy,
    viewer: Option<&user::Model>,
    target: Target,
    sort: Sort,
    page: u64,
    conversation: Option<CommentId>,
) -> Result<ThreadDetail, AppError> {
    let place = place(db, target, viewer).await?;
    // The same rule the moderation operation applies (the section's committee, if any).
    let can_moderate = match viewer {
        Some(v) if role_of(v).can_decide_amendments() => {
            let facts = crate::domain::policy::SectionFacts {
                published_program: place.program.published_at.is_some(),
                phase: crate::services::phases::current(db, &place.program).await?,
                scope: crate::services::committees::scope_of(db, place.section.id, Some(v)).await?,
            };
            crate::domain::policy::section(
                Some(role_of(v)),
                &facts,
                crate::domain::policy::SectionAction::Moderate,
            )
            .is_ok()
        }
        _ => false,
    };
    let count = comment::Entity::find()
        .filter(thread_filter(target))
        .count(db)
        .await?;
    let tops = comment::Entity::find()
        .filter(thread_filter(target))
        .filter(comment::Column::ParentId.is_null());
    let (top, replies, total, pages, page, left_out) = match conversation {
        Some(root) => {
            let top = tops
                .filter(comment::Column::Id.eq(root))
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            let all = comment::Entity::find().filter(comment::Column::RootId.eq(root));
            let total = all.clone().count(db).await?;
            let size = Ord::max(policy.conversation_page_size, 1);
            let pages = Ord::max(total.div_ceil(size), 1);
            let page = Ord::clamp(page, 1, pages);
            let replies = all
                .order_by_asc(comment::Column::Id)
                .offset((page - 1) * size)
                .limit(size)
                .all(db)
                .await?;
            (vec![top], replies, total, pages, page, HashMap::new())
        }
        None => {
            let total = tops.clone().count(db).await?;
            let pages = Ord::max(total.div_ceil(policy.page_size), 1);
            let page = Ord::clamp(page, 1, pages);
            let ordered = match sort {
                Sort::Best => tops
                    .order_by_desc(
                        Expr::col(comment::Column::Ups).sub(Expr::col(comment::Column::Downs)),
                    )
                    .order_by_asc(comment::Column::Id),
                Sort::Newest => tops.order_by_desc(comment::Column::Id),
                Sort::Oldest => tops.order_by_asc(comment::Column::Id),
            };
            let top: Vec<comment::Model> = ordered
                .offset((page - 1) * policy.page_size)
                .limit(policy.page_size)
                .all(db)
                .await?;
            let root_ids: Vec<CommentId> = top.iter().map(|c| c.id).collect();
            let replies = first_replies(db, &root_ids, policy.replies_shown).await?;
            let mut left_out = reply_counts(db, &root_ids).await?;
            for r in &replies {
                if let Some(n) = r.root_id.and_then(|root| left_out.get_mut(&root)) {
                    *n = n.saturating_sub(1);
                }
            }
            (top, replies, total, pages, page, left_out)
        }
    };
    let all_ids: Vec<CommentId> = top.iter().chain(&replies).map(|c| c.id).collect();
    let authors =
        crate::services::lookup::display_names(db, top.iter().chain(&replies).map(|c| c.author_id))
            .await?;
    let (my_votes, my_reports): (HashMap<CommentId, i16>, Vec<CommentId>) = match viewer {
        Some(v) if !all_ids.is_empty() => (
            comment_vote::Entity::find()
                .filter(comment_vote::Column::UserId.eq(v.id))
                .filter(comment_vote::Column::CommentId.is_in(all_ids.clone()))
                .all(db)
                .await?
                .into_iter()
                .map(|x| (x.comment_id, x.value))
                .collect(),
            comment_report::Entity::find()
                .filter(comment_report::Column::UserId.eq(v.id))
                .filter(comment_report::Column::CommentId.is_in(all_ids.clone()))
                .all(db)
                .await?
                .into_iter()
                .map(|x| x.comment_id)
                .collect(),
        ),
        _ => (HashMap::new(), Vec::new()),
    };
    // Anchors follow their passage to the current text: the section's revisions from the
    // oldest anchored one, loaded once.
    let oldest_anchor = top.iter().filter_map(|c| c.anchor_revision).min();
    let chain: Vec<revision::Model> = match oldest_anchor {
        Some(from) => {
            revision::Entity::find()
                .filter(revision::Column::SectionId.eq(place.section.id))
                .filter(revision::Column::Number.gte(from))
                .filter(revision::Column::Number.lte(place.section.head_number))
                .order_by_asc(revision::Column::Number)
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    let first_number = chain.first().map(|r| r.number).unwrap_or(0);
    let texts: Vec<&str> = chain.iter().map(|r| r.text.as_str()).collect();
    let steps = Chain::new(&texts);
    let head = texts.last().copied().unwrap_or("");
    let anchor_of = |c: &comment::Model| -> Option<AnchorView> {
        let (rev, start, end, quote) = (
            c.anchor_revision?,
            c.anchor_start?,
            c.anchor_end?,
            c.anchor_quote.clone()?,
        );
        let from = usize::try_from(rev - first_number).ok()?;
        let (state, current) = match steps.follow(from, start as usize, end as usize) {
            AnchorState::Intact { start, end } => ("intact", head.get(start..end)),
            AnchorState::Changed { start, end } => ("changed", head.get(start..end)),
            AnchorState::Removed => ("removed", None),
        };
        Some(AnchorView {
            quote,
            state: state.to_string(),
            current: current.map(str::to_string),
        })
    };
    let view = |c: &comment::Model| -> CommentView {
        let mine = viewer.is_some_and(|v| v.id == c.author_id);
        let shown = !c.deleted && (!c.hidden || mine || can_moderate);
        CommentView {
            id: c.id,
            parent_id: c.parent_id,
            depth: c.depth,
            author: authors.get(&c.author_id).cloned().unwrap_or_default(),
            mine,
            stance: c.stance.as_deref().and_then(|s| s.parse().ok()),
            body: if shown {
                crate::domain::safe_html::SafeHtml::from_sanitized(c.body_html.clone())
            } else {
                crate::domain::safe_html::SafeHtml::from_sanitized(String::new())
            },
            source: (mine && !c.deleted).then(|| c.body.clone()),
            created_at: c.created_at,
            edited: c.edited_at.is_some(),
            ups: c.ups,
            downs: c.downs,
            my_vote: my_votes.get(&c.id).copied().unwrap_or(0),
            hidden: c.hidden,
            deleted: c.deleted,
            reported_by_me: my_reports.contains(&c.id),
            anchor: anchor_of(c),
            more_replies: left_out.get(&c.id).copied().unwrap_or(0),
        }
    };
    // Display order: each top-level comment, then its replies depth-first. A reply whose
    // parent is on an earlier page of a conversation follows the top-level comment.
    let loaded: std::collections::HashSet<CommentId> =
        top.iter().chain(&replies).map(|c| c.id).collect();
    let mut children: HashMap<CommentId, Vec<&comment::Model>> = HashMap::new();
    for r in &replies {
        if let (Some(p), Some(root)) = (r.parent_id, r.root_id) {
            let under = if loaded.contains(&p) { p } else { root };
            children.entry(under).or_default().push(r);
        }
    }
    let mut comments = Vec::with_capacity(top.len() + replies.len());
    for t in &top {
        let mut stack: Vec<&comment::Model> = vec![t];
        while let Some(c) = stack.pop() {
            comments.push(view(c));
            if let Some(kids) = children.get(&c.id) {
                stack.extend(kids.iter().rev());
            }
        }
    }
    Ok(ThreadDetail {
        comments,
        count,
        conversation,
        total,
        page,
        pages,
        sort,
        logged_in: viewer.is_some(),
        can_post: viewer.is_some() && place.program.published_at.is_some(),
        can_moderate,
        with_stance: place.amendment.is_some(),
        max_depth: policy.max_depth,
    })
}

/// The oldest `limit` replies of each of `roots`, in one statement: per root, an index range
/// read (root_id, id) that stops after `limit` rows, however long the conversation. Oldest
/// first, so every reply's parent is among them or is the root itself.
async fn first_replies(
    db: &impl ConnectionTrait,
    roots: &[CommentId],
    limit: u64,
) -> Result<Vec<comment::Model>, AppError> {
    if roots.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let placeholder = |n: usize| placeholder(backend, n);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut values: Vec<sea_orm::Value> = Vec::with_capacity(roots.len() * 2);
    let parts: Vec<String> = roots
        .iter()
        .enumerate()
        .map(|(i, &root)| {
            values.push(root.into());
            values.push(limit.into());
            format!(
                "SELECT * FROM (SELECT * FROM comments WHERE root_id = {} ORDER BY id LIMIT {}) AS r{i}",
                placeholder(2 * i + 1),
                placeholder(2 * i + 2)
            )
        })
        .collect();
    let sql = format!("{} ORDER BY id", parts.join(" UNION ALL "));
    Ok(comment::Entity::find()
        .from_raw_sql(sea_orm::Statement::from_sql_and_values(
            backend, sql, values,
        ))
        .all(db)
        .await?)
}

/// How many replies each of `roots` has.
async fn reply_counts(
    db: &impl ConnectionTrait,
    roots: &[CommentId],
) -> Result<HashMap<CommentId, u64>, AppError> {
    if roots.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Option<CommentId>, i64)> = comment::Entity::find()
        .select_only()
        .column(comment::Column::RootId)
        .column_as(comment::Column::Id.count(), "n")
        .filter(comment::Column::RootId.is_in(roots.to_vec()))
        .group_by(comment::Column::RootId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(root, n)| Some((root?, u64::try_from(n).ok()?)))
        .collect())
}

/// Comment counts per section of a program (section threads, passages and amendments).
pub async fn counts_by_section(
    db: &impl ConnectionTrait,
    program_id: ProgramId,
) -> Result<HashMap<SectionId, i64>, AppError> {
    let rows: Vec<(SectionId, i64)> = comment::Entity::find()
        .select_only()
        .column(comment::Column::SectionId)
        .column_as(comment::Column::Id.count(), "n")
        .filter(comment::Column::ProgramId.eq(program_id))
        .filter(comment::Column::Deleted.eq(false))
        .group_by(comment::Column::SectionId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The page a comment's thread is on, for redirects after plain form posts.
pub async fn location(db: &impl ConnectionTrait, policy: &CommentPolicy, id: CommentId) -> String {
    location_of(db, policy, id, false)
        .await
        .unwrap_or_else(|| "/".to_string())
}

/// Where a comment can be seen, whatever the length of its thread: its conversation, on the
/// page of it that holds the comment (`before`: the replies of its conversation older than
/// it). With `fresh` (it was just posted), a top-level comment is shown first among the
/// newest instead.
fn link(c: &comment::Model, before: u64, policy: &CommentPolicy, fresh: bool) -> String {
    let id = c.id;
    let base = match c.amendment_id {
        Some(a) => format!("/amendments/{a}"),
        None => format!("/sections/{}", c.section_id),
    };
    match c.root_id {
        None if fresh => format!("{base}?sort=newest#comment-{id}"),
        None => format!("{base}?conversation={id}#comment-{id}"),
        Some(root) => match before / Ord::max(policy.conversation_page_size, 1) + 1 {
            1 => format!("{base}?conversation={root}#comment-{id}"),
            page => format!("{base}?conversation={root}&cpage={page}#comment-{id}"),
        },
    }
}

async fn location_of(
    db: &impl ConnectionTrait,
    policy: &CommentPolicy,
    id: CommentId,
    fresh: bool,
) -> Option<String> {
    let c = comment::Entity::find_by_id(id).one(db).await.ok()??;
    let before = replies_before(db, std::slice::from_ref(&c)).await.ok()?;
    Some(link(
        &c,
        before.get(&id).copied().unwrap_or(0),
        policy,
        fresh,
    ))
}

/// For each reply among `comments`: how many replies of its conversation are older (one
/// statement for all of them).
async fn replies_before(
    db: &impl ConnectionTrait,
    comments: &[comment::Model],
) -> Result<HashMap<CommentId, u64>, AppError> {
    let replies: Vec<CommentId> = comments
        .iter()
        .filter(|c| c.root_id.is_some())
        .map(|c| c.id)
        .collect();
    if replies.is_empty() {
        return Ok(HashMap::new());
    }
    let backend = db.get_database_backend();
    let list: Vec<String> = (1..=replies.len())
        .map(|n| placeholder(backend, n))
        .collect();
    let sql = format!(
        "SELECT c.id AS id, COUNT(r.id) AS n FROM comments c \
         JOIN comments r ON r.root_id = c.root_id AND r.id < c.id \
         WHERE c.id IN ({}) GROUP BY c.id",
        list.join(", ")
    );
    let values: Vec<sea_orm::Value> = replies.iter().map(|&r| r.into()).collect();
    let rows = db
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            backend, sql, values,
        ))
        .await?;
    let mut out = HashMap::new();
    for row in rows {
        let id: CommentId = row.try_get("", "id")?;
        let n: i64 = row.try_get("", "n")?;
        out.insert(id, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}

/// The `n`th bound parameter of a raw statement, in the backend's syntax.
fn placeholder(backend: sea_orm::DbBackend, n: usize) -> String {
    match backend {
        sea_orm::DbBackend::Postgres => format!("${n}"),
        _ => "?".to_string(),
    }
}

/// Where the person who just posted comment `id` finds it (checked: they may read it).
pub async fn location_of_new(
    db: &impl ConnectionTrait,
    policy: &CommentPolicy,
    viewer: Option<&user::Model>,
    id: CommentId,
) -> Result<String, AppError> {
    let c = comment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = match c.amendment_id {
        Some(a) => Target::Amendment(a),
        None => Target::Section(c.section_id),
    };
    ensure_visible(db, target, viewer).await?;
    location_of(db, policy, id, true)
        .await
        .ok_or(AppError::NotFound)
}

/// The moderation queue (facilitators and coordinators): hidden comments and comments with
/// open reports, most reported first.
pub async fn queue(
    db: &impl ConnectionTrait,
    policy: &CommentPolicy,
    actor: &user::Model,
) -> Result<Vec<crate::views::comments::QueueItem>, AppError> {
    use sea_orm::Condition;
    if !role_of(actor).can_decide_amendments() {
        return Err(AppError::Forbidden);
    }
    // Only what the caller moderates: not the chapters of a committee they are not in.
    let elsewhere = crate::services::committees::outsider_sections(db, actor).await?;
    let items = comment::Entity::find()
        .filter(comment::Column::Deleted.eq(false))
        .filter(comment::Column::SectionId.is_not_in(elsewhere))
        .filter(
            Condition::any()
                .add(comment::Column::Hidden.eq(true))
                .add(comment::Column::Reports.gt(0)),
        )
        .order_by_desc(comment::Column::Reports)
        .order_by_asc(comment::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let ids: Vec<CommentId> = items.iter().map(|c| c.id).collect();
    let reports = if ids.is_empty() {
        Vec::new()
    } else {
        comment_report::Entity::find()
            .filter(comment_report::Column::CommentId.is_in(ids))
            .filter(comment_report::Column::Dismissed.eq(false))
            .order_by_asc(comment_report::Column::Id)
            .all(db)
            .await?
    };
    let authors =
        crate::services::lookup::display_names(db, items.iter().map(|c| c.author_id)).await?;
    let before = replies_before(db, &items).await?;
    Ok(items
        .into_iter()
        .map(|c| crate::views::comments::QueueItem {
            id: c.id,
            author: authors.get(&c.author_id).cloned().unwrap_or_default(),
            body: crate::domain::safe_html::SafeHtml::from_sanitized(c.body_html.clone()),
            hidden: c.hidden,
            reasons: reports
                .iter()
                .filter(|r| r.comment_id == c.id)
                .map(|r| r.reason.clone())
                .collect(),
            location: link(&c, before.get(&c.id).copied().unwrap_or(0), policy, false),
            created_at: c.created_at,
        })
        .collect())
}
