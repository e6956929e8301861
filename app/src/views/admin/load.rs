//! The audit page's view of the event log: every state change, newest first, filtered by
//! person (e-mail or display name), by kind of action, and by subject. Coordinators only.

use crate::domain::ids::UserId;
use crate::entities::{event, user};
use crate::error::AppError;
use crate::services::accounts::role_of;
use crate::services::lookup::display_names;
use crate::views::admin::{AuditEntries, AuditRow};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

pub const PAGE_SIZE: u64 = 50;

/// What the audit page asks for; empty strings mean "any".
#[derive(Clone, Debug, Default)]
pub struct AuditFilter<'a> {
    pub person: &'a str,
    pub kind: &'a str,
    pub subject: &'a str,
    /// An assembly's address: its own events, its meetings' and its amendments'.
    pub assembly: &'a str,
    /// 1-based.
    pub page: u64,
}

/// Where a subject (`amendment:12`, `poll:3`, ...) is shown, if it has a page.
pub fn subject_link(subject: &str) -> Option<String> {
    let (kind, id) = subject.split_once(':')?;
    let id: i32 = id.parse().ok()?;
    Some(match kind {
        "amendment" => format!("/amendments/{id}"),
        "section" => format!("/sections/{id}"),
        "poll" => format!("/votes/{id}"),
        "meeting" => format!("/meetings/{id}"),
        _ => return None,
    })
}

/// The names of the subjects on a page of the log ("amendment:12" → its title), one query
/// per kind of subject.
async fn subject_titles<'a>(
    db: &impl ConnectionTrait,
    subjects: impl Iterator<Item = &'a str>,
) -> Result<std::collections::HashMap<String, String>, AppError> {
    use crate::entities::{amendment, assembly, meeting, poll, program};
    use std::collections::{BTreeSet, HashMap};
    let mut ids: HashMap<&str, BTreeSet<i32>> = HashMap::new();
    for s in subjects {
        if let Some((kind, id)) = s.split_once(':') {
            if let Ok(id) = id.parse::<i32>() {
                ids.entry(kind).or_default().insert(id);
            }
        }
    }
    let mut out = HashMap::new();
    let of = |kind: &str| {
        ids.get(kind)
            .map(|s| s.iter().copied().collect::<Vec<i32>>())
            .unwrap_or_default()
    };
    macro_rules! titles {
        ($kind:literal, $entity:ident, $field:ident) => {
            let wanted = of($kind);
            if !wanted.is_empty() {
                for m in $entity::Entity::find()
                    .filter($entity::Column::Id.is_in(wanted))
                    .all(db)
                    .await?
                {
                    out.insert(format!("{}:{}", $kind, m.id), m.$field);
                }
            }
        };
    }
    titles!("amendment", amendment, title);
    titles!("poll", poll, title);
    titles!("program", program, title);
    titles!("meeting", meeting, title);
    titles!("assembly", assembly, name);
    let people = display_names(db, of("user").into_iter().map(UserId)).await?;
    for (id, name) in people {
        out.insert(format!("user:{id}"), name);
    }
    Ok(out)
}

/// An event's JSON detail as (field, value) lines: strings and numbers as they are, the rest
/// as compact JSON; anything that is not an object is one line.
fn readable_detail(detail: &str) -> Vec<(String, String)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(detail)
    else {
        return if detail.trim().is_empty() || detail == "null" {
            Vec::new()
        } else {
            vec![(String::new(), detail.to_string())]
        };
    };
    map.into_iter()
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => "—".into(),
                other => other.to_string(),
            };
            (k.replace('_', " "), v)
        })
        .collect()
}

pub async fn page(
    db: &impl ConnectionTrait,
    actor: &user::Model,
    filter: AuditFilter<'_>,
) -> Result<AuditEntries, AppError> {
    if !role_of(actor).can_manage_users() {
        return Err(AppError::Forbidden);
    }
    let mut cond = Condition::all();
    let person = filter.person.trim();
    if !person.is_empty() {
        let needle = format!("%{}%", person.to_lowercase().replace(['%', '_'], ""));
        let ids: Vec<UserId> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(
                Condition::any()
                    .add(
                        Expr::expr(Func::lower(Expr::col(user::Column::Email)))
                            .like(needle.as_str()),
                    )
                    .add(
                        Expr::expr(Func::lower(Expr::col(user::Column::DisplayName)))
                            .like(needle.as_str()),
                    ),
            )
            .limit(1000)
            .into_tuple()
            .all(db)
            .await?;
        cond = cond.add(event::Column::ActorId.is_in(ids));
    }
    let kind = filter.kind.trim();
    if !kind.is_empty() {
        // "amendment" matches every amendment.* kind; "amendment.accept" only itself.
        cond = cond.add(
            Condition::any()
                .add(event::Column::Kind.eq(kind))
                .add(event::Column::Kind.starts_with(format!("{kind}."))),
        );
    }
    let subject = filter.subject.trim();
    if !subject.is_empty() {
        cond = cond.add(event::Column::Subject.eq(subject));
    }
    let assembly = filter.assembly.trim();
    if !assembly.is_empty() {
        cond = cond.add(
            event::Column::Subject
                .is_in(crate::views::assemblies::subjects_of(db, assembly).await?),
        );
    }
    let query = event::Entity::find().filter(cond);
    let total = query.clone().count(db).await?;
    let pages = Ord::max(total.div_ceil(PAGE_SIZE), 1);
    let page = filter.page.clamp(1, pages);
    let rows = query
        .order_by_desc(event::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let mut titles = subject_titles(db, rows.iter().map(|e| e.subject.as_str())).await?;
    let names = display_names(db, rows.iter().filter_map(|e| e.actor_id)).await?;
    let mut kinds: Vec<String> = event::Entity::find()
        .select_only()
        .column(event::Column::Kind)
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    kinds.sort();
    let assemblies = crate::entities::assembly::Entity::find()
        .order_by_asc(crate::entities::assembly::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.slug, a.name))
        .collect();
    Ok(AuditEntries {
        assemblies,
        rows: rows
            .into_iter()
            .map(|e| AuditRow {
                at: e.at,
                actor: e.actor_id.and_then(|id| names.get(&id).cloned()),
                link: subject_link(&e.subject),
                kind: e.kind.as_str().to_string(),
                subject_title: titles.remove(&e.subject),
                details: readable_detail(&e.detail),
                subject: e.subject,
                detail: e.detail,
            })
            .collect(),
        kinds,
        page,
        pages,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_link_to_their_pages() {
        assert_eq!(
            subject_link("amendment:12").as_deref(),
            Some("/amendments/12")
        );
        assert_eq!(subject_link("poll:3").as_deref(), Some("/votes/3"));
        assert_eq!(subject_link("program:3"), None);
        assert_eq!(subject_link("amendment:x"), None);
        assert_eq!(subject_link("nonsense"), None);
    }
}
