//! What `/search` receives: one page of results with the matching words marked.

use crate::domain::amendment::AmendmentStatus;
use crate::domain::search::{DocKind, Piece};
use serde::{Deserialize, Serialize};

/// One result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: DocKind,
    pub href: String,
    /// The section's or amendment's title; for a comment, the title of what it is on.
    pub title: String,
    /// The title with the matching words marked (sections and amendments).
    pub title_marked: Vec<Piece>,
    pub program_title: String,
    /// The section it belongs to (for amendments and comments).
    pub section_title: String,
    /// Amendments: where they stand (comments on an amendment: the amendment's).
    pub status: Option<AmendmentStatus>,
    /// The text around the first place the words match.
    pub snippet: Vec<Piece>,
}

/// One page of results.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchPage {
    /// The query as the engine read it (folded words); empty when nothing usable was asked.
    pub terms: Vec<String>,
    pub hits: Vec<SearchHit>,
    /// Results in all, up to `domain::search::MAX_RESULTS`; `capped` when there are more.
    pub total: usize,
    pub capped: bool,
    /// 1-based.
    pub page: u64,
    pub pages: u64,
    /// The program searched, when the search was limited to one: (slug, title).
    pub program: Option<(String, String)>,
    /// The programs one can limit the search to: (slug, title), newest first, at most 50.
    pub programs: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
pub use load::*;

#[cfg(feature = "ssr")]
mod load {
    use super::*;
    use crate::domain::ids::{AmendmentId, ProgramId, SectionId};
    use crate::domain::search::{snippet, Query, MAX_RESULTS, RESULTS_PER_PAGE};
    use crate::domain::text::readable::without_markers;
    use crate::entities::{amendment, program, section};
    use crate::error::AppError;
    use crate::services::search::{self, Scope};
    use sea_orm::{
        ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    };
    use std::collections::HashMap;

    /// Characters of text shown around a match.
    const SNIPPET_CHARS: usize = 220;

    /// Searches what anyone may read (`program`: a slug, limiting the search to it; `kind`:
    /// section, amendment or comment).
    pub async fn find(
        db: &impl ConnectionTrait,
        q: &str,
        program_slug: Option<&str>,
        kind: Option<DocKind>,
        page: u64,
    ) -> Result<SearchPage, AppError> {
        let query = Query::parse(q);
        let programs: Vec<program::Model> = program::Entity::find()
            .filter(program::Column::PublishedAt.is_not_null())
            .order_by_desc(program::Column::PublishedAt)
            .limit(50)
            .all(db)
            .await?;
        let chosen = match program_slug.filter(|s| !s.is_empty()) {
            Some(slug) => Some(
                program::Entity::find()
                    .filter(program::Column::Slug.eq(slug))
                    .filter(program::Column::PublishedAt.is_not_null())
                    .one(db)
                    .await?
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        let page = page.max(1);
        let scope = Scope {
            program: chosen.as_ref().map(|p| p.id),
            kind,
        };
        let found = search::search(db, &query, &scope, page).await?;
        let shown = found.total.min(MAX_RESULTS);
        let pages = (shown as u64).div_ceil(RESULTS_PER_PAGE as u64).max(1);

        // Titles of what the results belong to, in three reads whatever the page holds.
        let program_ids: Vec<ProgramId> = found.hits.iter().map(|h| h.program_id).collect();
        let section_ids: Vec<SectionId> = found.hits.iter().map(|h| h.section_id).collect();
        let amendment_ids: Vec<AmendmentId> = found
            .hits
            .iter()
            .filter_map(|h| match h.kind {
                DocKind::Amendment => Some(AmendmentId(h.ref_id)),
                DocKind::Comment => h.amendment_id,
                DocKind::Section => None,
            })
            .collect();
        let program_titles: HashMap<ProgramId, String> = program::Entity::find()
            .filter(program::Column::Id.is_in(program_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.title))
            .collect();
        let section_titles: HashMap<SectionId, String> = section::Entity::find()
            .filter(section::Column::Id.is_in(section_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.title))
            .collect();
        let amendments: HashMap<AmendmentId, (String, AmendmentStatus)> =
            if amendment_ids.is_empty() {
                HashMap::new()
            } else {
                amendment::Entity::find()
                    .filter(amendment::Column::Id.is_in(amendment_ids))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|a| (a.id, (a.title, a.status)))
                    .collect()
            };

        let hits = found
            .hits
            .into_iter()
            .map(|h| {
                let section_title = section_titles
                    .get(&h.section_id)
                    .cloned()
                    .unwrap_or_default();
                let on = match h.kind {
                    DocKind::Amendment => Some(AmendmentId(h.ref_id)),
                    DocKind::Comment => h.amendment_id,
                    DocKind::Section => None,
                };
                let amendment = on.and_then(|a| amendments.get(&a));
                let (href, title) = match h.kind {
                    DocKind::Section => (format!("/sections/{}", h.ref_id), h.title.clone()),
                    DocKind::Amendment => (format!("/amendments/{}", h.ref_id), h.title.clone()),
                    DocKind::Comment => match (on, amendment) {
                        (Some(a), Some((t, _))) => {
                            (format!("/amendments/{a}#comment-{}", h.ref_id), t.clone())
                        }
                        _ => (
                            format!("/sections/{}#comment-{}", h.section_id, h.ref_id),
                            section_title.clone(),
                        ),
                    },
                };
                let title_marked = match h.kind {
                    DocKind::Comment => Vec::new(),
                    _ => snippet(&title, &query, usize::MAX / 4),
                };
                SearchHit {
                    title_marked,
                    kind: h.kind,
                    href,
                    title,
                    program_title: program_titles
                        .get(&h.program_id)
                        .cloned()
                        .unwrap_or_default(),
                    section_title,
                    status: amendment.map(|(_, s)| *s),
                    snippet: snippet(&without_markers(&h.body), &query, SNIPPET_CHARS),
                }
            })
            .collect();
        Ok(SearchPage {
            terms: query.terms,
            hits,
            total: shown,
            capped: found.total > MAX_RESULTS,
            page,
            pages,
            program: chosen.map(|p| (p.slug, p.title)),
            programs: programs.into_iter().map(|p| (p.slug, p.title)).collect(),
        })
    }
}
