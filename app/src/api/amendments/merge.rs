//! Merging amendments by consent: the merge page's data, proposing a merge, and each source
//! author's answer.

use crate::domain::ids::{AmendmentId, SectionId};
use crate::error::AppError;
use crate::views::amendments::{MergeDraft, SimilarView};
use leptos::prelude::*;

/// Amendment ids as forms send them: "3,5,8" (or one per field, joined by the page).
pub fn parse_ids(ids: &str) -> Result<Vec<AmendmentId>, AppError> {
    ids.split([',', ' '])
        .filter(|s| !s.is_empty())
        .take(200)
        .map(|s| s.parse().map_err(|_| AppError::BadRequest))
        .collect()
}

/// The merge page of a section: its open amendments grouped (near-duplicates, competing
/// ones) and, for the chosen `ids`, the drafted merged text. Deciders of the section only.
#[server(endpoint = "amendments/merge-draft")]
pub async fn get_merge_draft(id: SectionId, ids: String) -> Result<MergeDraft, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::current_user(&state).await?;
        let ids = parse_ids(&ids)?;
        crate::views::amendments::merge_draft(&state.db, id, &ids, me.as_ref()).await
    })
    .await
}

/// A facilitator of the section proposes to merge `ids` into one amendment with this
/// title, text and justification; the authors answer until `deadline` (a date and time in
/// the platform's zone). A plain form post goes to the proposed merge.
#[server(endpoint = "amendments/merge")]
pub async fn propose_merge(
    section_id: SectionId,
    ids: String,
    title: String,
    text: String,
    #[server(default)] justification: String,
    deadline: String,
) -> Result<AmendmentId, AppError> {
    use crate::services::amendments;
    use crate::web;
    let keep = [
        ("title", title.as_str()),
        ("text", text.as_str()),
        ("justification", justification.as_str()),
        ("deadline", deadline.as_str()),
    ];
    web::respond_keeping(&keep, async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let ids = parse_ids(&ids)?;
        let deadline = crate::domain::time::parse_datetime(&deadline).ok_or(
            AppError::Amendment(crate::domain::amendment::AmendmentError::MergeDeadline),
        )?;
        let merged = amendments::propose_merge(
            &state.db,
            &me,
            section_id,
            &ids,
            amendments::MergeProposal {
                title: &title,
                text: &text,
                justification: &justification,
                deadline,
            },
        )
        .await?;
        web::redirect_plain_form(&format!("/amendments/{}?done=merge_proposed", merged.id));
        Ok(merged.id)
    })
    .await
}

/// The author of source `source` of the proposed merge `id` answers: `consent` or `keep`.
#[server(endpoint = "amendments/merge-answer")]
pub async fn answer_merge(
    id: AmendmentId,
    source: AmendmentId,
    answer: String,
) -> Result<(), AppError> {
    use crate::services::amendments;
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        let answer = answer.parse()?;
        amendments::answer_merge(&state.db, &me, id, source, answer).await?;
        web::redirect_plain_form(&format!(
            "/amendments/{id}?done=merge_answered#merge-heading"
        ));
        Ok(())
    })
    .await
}

/// Open amendments of a section that propose nearly the same change as `text` (a proposal
/// being written on revision `base_number`; only the current revision is compared).
#[server(endpoint = "amendments/similar")]
pub async fn similar_amendments(
    section_id: SectionId,
    base_number: i32,
    text: String,
) -> Result<Vec<SimilarView>, AppError> {
    use crate::web;
    web::respond(async {
        let state = web::state()?;
        let me = web::require_user(&state).await?;
        if text.len() > crate::domain::amendment::TEXT_MAX * 4 {
            return Err(AppError::BadRequest);
        }
        let (sec, _) =
            crate::services::lookup::visible_section(&state.db, section_id, Some(&me)).await?;
        if base_number != sec.head_number {
            return Ok(Vec::new());
        }
        let head =
            crate::services::lookup::revision_text(&state.db, sec.id, sec.head_number).await?;
        crate::views::amendments::similar_to_text(&state.db, sec.id, sec.head_number, &head, &text)
            .await
    })
    .await
}
