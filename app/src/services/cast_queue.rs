//! Group commit for ballots. Every durable commit waits for the disk (SQLite with
//! `synchronous=FULL`; PostgreSQL's WAL flush), and on PostgreSQL every cast on one vote
//! holds that vote's row until it commits. So ballots arriving together are cast together:
//! one writer per app server takes whatever is waiting (up to [`MAX_BATCH`]), casts it in
//! one transaction with a savepoint per ballot ([`polls::cast_batch`]) and answers each
//! caller only after the commit. Nothing is acknowledged before it is on disk; a ballot
//! refused (not eligible, too many casts) is refused alone. With several app servers on
//! one PostgreSQL, each appends its batch to the vote's hash chain in turn, so more
//! servers mean larger batches, not a longer queue behind one row lock.
//!
//! Under light load a batch is one ballot and the cost is what a single cast costs.

use super::polls::{self, BallotJob, Cast};
use crate::domain::ids::PollId;
use crate::entities::user;
use crate::error::AppError;
use sea_orm::DatabaseConnection;
use std::sync::OnceLock;
use tokio::sync::{mpsc, oneshot};

/// Ballots cast in one transaction at most.
pub const MAX_BATCH: usize = 256;
/// Ballots waiting at most; callers beyond it wait to be queued.
const QUEUE: usize = 4096;

struct Waiting {
    job: BallotJob,
    answer: oneshot::Sender<Result<Cast, AppError>>,
}

/// The ballot writer of one app server (started on first use).
#[derive(Default)]
pub struct CastQueue {
    sender: OnceLock<mpsc::Sender<Waiting>>,
}

impl CastQueue {
    /// Casts `voter`'s ballot with whatever else is waiting; answers once it is stored.
    pub async fn cast(
        &self,
        db: &DatabaseConnection,
        voter: &user::Model,
        poll_id: PollId,
        ranking: &str,
    ) -> Result<Cast, AppError> {
        let sender = self.sender.get_or_init(|| {
            let (tx, rx) = mpsc::channel(QUEUE);
            tokio::spawn(writer(db.clone(), rx));
            tx
        });
        let (answer, answered) = oneshot::channel();
        let job = BallotJob {
            voter: voter.clone(),
            poll_id,
            ranking: ranking.to_string(),
        };
        sender
            .send(Waiting { job, answer })
            .await
            .map_err(|_| AppError::Internal)?;
        answered.await.map_err(|_| AppError::Internal)?
    }
}

async fn writer(db: DatabaseConnection, mut rx: mpsc::Receiver<Waiting>) {
    let mut batch: Vec<Waiting> = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let waiting = std::mem::take(&mut batch);
        let (jobs, answers): (Vec<BallotJob>, Vec<_>) =
            waiting.into_iter().map(|w| (w.job, w.answer)).unzip();
        // On a task of its own: a panic fails this batch, never the writer.
        let conn = db.clone();
        let done = tokio::spawn(async move {
            let results = polls::cast_batch(&conn, &jobs).await;
            (jobs.len(), results)
        })
        .await;
        let (count, outcome) = match done {
            Ok(done) => done,
            Err(_) => (answers.len(), Err(AppError::Internal)),
        };
        match outcome {
            Ok(results) => {
                for (answer, result) in answers.into_iter().zip(results) {
                    let _ = answer.send(result);
                }
            }
            Err(err) => {
                tracing::warn!(error = %err, ballots = count, "a batch of ballots failed");
                for answer in answers {
                    let _ = answer.send(Err(err.clone()));
                }
            }
        }
    }
}
