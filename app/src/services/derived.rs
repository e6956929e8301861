//! What pages show that is derived from stored text and only changes on a write: conflict
//! groups, word diffs, rendered Markdown. Each is computed once per version of what it
//! depends on and kept in a [`Memo`] (see there for why this holds across app servers);
//! every view after the first reads it back.
//!
//! - Rendered Markdown and word diffs are keyed by the texts themselves (a SHA-256 of
//!   them): always right, whatever changed them.
//! - A section's conflict groups are keyed by the section, its head revision and each
//!   competing amendment's id, version and last change, read without the texts; the texts
//!   are loaded only when the groups must be computed.

use super::cpu;
use super::memo::{Key, Memo};
use crate::domain::amendment::AmendmentStatus;
use crate::domain::ids::{AmendmentId, SectionId};
use crate::domain::safe_html::SafeHtml;
use crate::domain::text::similar::{self, Change};
use crate::domain::text::{ConflictGroup, MergeChunk, MergeOutcome, Segment};
use crate::entities::amendment;
use crate::error::AppError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::sync::{Arc, OnceLock};

const MB: usize = 1024 * 1024;

fn html_memo() -> &'static Memo<SafeHtml> {
    static M: OnceLock<Memo<SafeHtml>> = OnceLock::new();
    M.get_or_init(|| Memo::new(24 * MB, |h| h.as_str().len()))
}

fn diff_memo() -> &'static Memo<Vec<Segment>> {
    static M: OnceLock<Memo<Vec<Segment>>> = OnceLock::new();
    M.get_or_init(|| Memo::new(32 * MB, |s| s.iter().map(|x| x.text.len() + 32).sum()))
}

fn merge_memo() -> &'static Memo<MergeOutcome> {
    static M: OnceLock<Memo<MergeOutcome>> = OnceLock::new();
    M.get_or_init(|| {
        Memo::new(8 * MB, |m| match m {
            MergeOutcome::Clean(t) => t.len(),
            MergeOutcome::Conflicted(chunks) => chunks
                .iter()
                .map(|c| match c {
                    MergeChunk::Clean(t) => t.len(),
                    MergeChunk::Conflict { base, ours, theirs } => {
                        base.len() + ours.len() + theirs.len()
                    }
                })
                .sum(),
        })
    })
}

type Groups = Vec<ConflictGroup<AmendmentId>>;

fn groups_memo() -> &'static Memo<Groups> {
    static M: OnceLock<Memo<Groups>> = OnceLock::new();
    M.get_or_init(|| {
        Memo::new(8 * MB, |g| {
            g.iter()
                .map(|x| x.passage.len() + x.members.len() * 4 + 32)
                .sum()
        })
    })
}

/// `source` rendered (sanitized) as HTML.
pub async fn markdown(source: &str) -> Arc<SafeHtml> {
    if source.is_empty() {
        return Arc::new(super::markdown::render(""));
    }
    let key = Key::of("markdown").text(source).done();
    let rendered = html_memo()
        .get_or_try::<std::convert::Infallible, _, _>(key, || async {
            Ok(super::markdown::render(source))
        })
        .await;
    match rendered {
        Ok(html) => html,
        Err(never) => match never {},
    }
}

/// The word diff from `old` to `new` (bounded in cost by the text engine; on the CPU pool).
pub async fn diff(old: &str, new: &str) -> Result<Arc<Vec<Segment>>, AppError> {
    let key = Key::of("diff").text(old).text(new).done();
    diff_memo()
        .get_or_try(key, || cpu::diff(old.to_string(), new.to_string()))
        .await
}

/// The three-way merge of `theirs` and `ours`, both written on `base`.
pub async fn merge3(base: &str, ours: &str, theirs: &str) -> Result<Arc<MergeOutcome>, AppError> {
    let key = Key::of("merge3").text(base).text(ours).text(theirs).done();
    merge_memo()
        .get_or_try(key, || {
            cpu::merge3(base.to_string(), ours.to_string(), theirs.to_string())
        })
        .await
}

/// The groups of a section's published amendments on its head revision that change
/// overlapping passages (`head_text`: the text of revision `head_number`).
pub async fn conflict_groups(
    db: &impl ConnectionTrait,
    section_id: SectionId,
    head_number: i32,
    head_text: &str,
) -> Result<Arc<Groups>, AppError> {
    let competing = || open_on_head(section_id, head_number);
    let versions = versions_of(db, competing()).await?;
    if versions.len() < 2 {
        return Ok(Arc::new(Vec::new()));
    }
    let key = competing_key("groups", section_id, head_number, head_text, &versions);
    groups_memo()
        .get_or_try(key, || async {
            let texts = texts_of(db, competing()).await?;
            cpu::conflict_groups(head_text.to_string(), texts).await
        })
        .await
}

/// A section's published amendments on its head revision, by id.
fn open_on_head(section_id: SectionId, head_number: i32) -> sea_orm::Select<amendment::Entity> {
    amendment::Entity::find()
        .filter(amendment::Column::SectionId.eq(section_id))
        .filter(amendment::Column::Status.eq(AmendmentStatus::Published.as_str()))
        .filter(amendment::Column::BaseNumber.eq(head_number))
        .order_by_asc(amendment::Column::Id)
}

/// Each amendment `select` finds, with its version and last change (without its text).
async fn versions_of(
    db: &impl ConnectionTrait,
    select: sea_orm::Select<amendment::Entity>,
) -> Result<Vec<(AmendmentId, i32, i64)>, AppError> {
    Ok(select
        .select_only()
        .column(amendment::Column::Id)
        .column(amendment::Column::Version)
        .column(amendment::Column::UpdatedAt)
        .into_tuple()
        .all(db)
        .await?)
}

/// Each amendment `select` finds, with its text.
async fn texts_of(
    db: &impl ConnectionTrait,
    select: sea_orm::Select<amendment::Entity>,
) -> Result<Vec<(AmendmentId, String)>, AppError> {
    Ok(select
        .select_only()
        .column(amendment::Column::Id)
        .column(amendment::Column::Text)
        .into_tuple()
        .all(db)
        .await?)
}

/// The memo key of something computed from a section's head and its competing amendments
/// (`versions`: each one's id, version and last change).
fn competing_key(
    kind: &'static str,
    section_id: SectionId,
    head_number: i32,
    head_text: &str,
    versions: &[(AmendmentId, i32, i64)],
) -> Key {
    let mut key = Key::of(kind)
        .num(section_id.get().into())
        .num(head_number.into())
        .text(head_text);
    for (id, version, updated) in versions {
        key = key
            .num(id.get().into())
            .num((*version).into())
            .num(*updated);
    }
    key.done()
}

/// What each open amendment of a section changes (for the near-duplicate measure), and
/// the clusters of near-duplicates among them.
#[derive(Clone, Debug, Default)]
pub struct Similar {
    pub changes: Vec<(AmendmentId, Change)>,
    pub clusters: Vec<Vec<AmendmentId>>,
}

fn similar_memo() -> &'static Memo<Similar> {
    static M: OnceLock<Memo<Similar>> = OnceLock::new();
    M.get_or_init(|| {
        Memo::new(8 * MB, |s| {
            s.changes
                .iter()
                .map(|(_, c)| c.keys.iter().map(|k| k.len() + 24).sum::<usize>() + 48)
                .sum::<usize>()
                + s.clusters.iter().map(|c| c.len() * 4 + 24).sum::<usize>()
        })
    })
}

/// [`Similar`] for the published amendments of a section on its head revision
/// (`head_text`: the text of revision `head_number`); computed once per change of any of
/// them.
pub async fn similar(
    db: &impl ConnectionTrait,
    section_id: SectionId,
    head_number: i32,
    head_text: &str,
) -> Result<Arc<Similar>, AppError> {
    let open = || open_on_head(section_id, head_number);
    let versions = versions_of(db, open()).await?;
    if versions.is_empty() {
        return Ok(Arc::new(Similar::default()));
    }
    let key = competing_key("similar", section_id, head_number, head_text, &versions);
    similar_memo()
        .get_or_try(key, || async {
            let texts = texts_of(db, open()).await?;
            let base = head_text.to_string();
            cpu::run(move || {
                let changes: Vec<(AmendmentId, Change)> = texts
                    .iter()
                    .filter_map(|(id, text)| Some((*id, similar::change_of(&base, text)?)))
                    .collect();
                let clusters = similar::clusters(&changes);
                Similar { changes, clusters }
            })
            .await
        })
        .await
}

/// Entries and bytes kept, per kind (for the logs and benchmarks).
pub fn usage() -> [(&'static str, (usize, usize)); 5] {
    [
        ("similar", similar_memo().usage()),
        ("merge3", merge_memo().usage()),
        ("markdown", html_memo().usage()),
        ("diff", diff_memo().usage()),
        ("groups", groups_memo().usage()),
    ]
}
