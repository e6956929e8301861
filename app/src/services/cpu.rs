//! CPU-heavy pure work (word diffs, three-way merges, conflict groups, provenance) runs here:
//! on tokio's blocking pool, never on the async workers that answer every other request,
//! and at most one job per core at a time, so a burst of expensive views queues here
//! instead of starving `/healthz`, log-ins and ballots. Every job is bounded in cost by the
//! text engine itself (`domain::text::diff::ops`); a job waits at most [`QUEUE_WAIT`] for a
//! core and the caller then gets [`AppError::Busy`] (503 with Retry-After), not a stall.
//!
//! Nothing here may run inside a write transaction: compute first, then lock and re-check.

use crate::domain::ids::AmendmentId;
use crate::domain::text::{self, ConflictGroup, MergeOutcome, Segment};
use crate::error::AppError;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::Semaphore;

/// How long a job waits for a free core before the request is answered "busy".
pub const QUEUE_WAIT: Duration = Duration::from_secs(10);

fn cores() -> &'static Semaphore {
    static CORES: OnceLock<Semaphore> = OnceLock::new();
    CORES
        .get_or_init(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

/// Runs `job` on the blocking pool when a core is free.
pub async fn run<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = tokio::time::timeout(QUEUE_WAIT, cores().acquire())
        .await
        .map_err(|_| AppError::Busy {
            retry_after_secs: 5,
        })?
        .map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(job).await.map_err(|err| {
        tracing::error!(error = %crate::error::cause_chain(&err), "cpu job failed");
        AppError::Internal
    })
}

/// The word diff of two texts.
pub async fn diff(old: String, new: String) -> Result<Vec<Segment>, AppError> {
    run(move || text::diff(&old, &new)).await
}

/// The groups of competing amendments `(id, text)` written on `base`.
pub async fn conflict_groups(
    base: String,
    amendments: Vec<(AmendmentId, String)>,
) -> Result<Vec<ConflictGroup<AmendmentId>>, AppError> {
    run(move || {
        let refs: Vec<(AmendmentId, &str)> =
            amendments.iter().map(|(id, t)| (*id, t.as_str())).collect();
        text::conflict_groups(&base, &refs)
    })
    .await
}

/// The three-way merge of `ours` and `theirs`, both written on `base`.
pub async fn merge3(base: String, ours: String, theirs: String) -> Result<MergeOutcome, AppError> {
    run(move || text::merge3(&base, &ours, &theirs)).await
}

/// Provenance of the last of `revisions` (oldest first).
pub async fn blame(revisions: Vec<String>) -> Result<Vec<text::BlamePassage>, AppError> {
    run(move || {
        let refs: Vec<&str> = revisions.iter().map(String::as_str).collect();
        text::blame(&refs)
    })
    .await
}
