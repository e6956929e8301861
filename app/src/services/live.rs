//! Live updates: new comments pushed to the people who have a thread open.
//!
//! Every app server runs one poller while somebody listens to it: it reads the new rows of
//! the comments table (which all app servers share, so a comment posted through any of
//! them is seen by all) about once a second and fans them out to that server's listeners
//! through a broadcast channel. The cost is one indexed query per second per app server,
//! whatever the number of open pages; nothing runs when nobody listens.
//!
//! Ids are not always committed in order on PostgreSQL (a transaction that took id 10 may
//! commit after the one that took 11), so each poll looks back `LOOKBACK` ids and skips the
//! ones it has already announced.

use crate::domain::ids::{AmendmentId, SectionId};
use crate::entities::comment;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

const LOOKBACK: i32 = 200;
const BATCH: u64 = 1000;

/// A comment that was just posted: which thread it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewComment {
    pub id: i32,
    pub section_id: SectionId,
    pub amendment_id: Option<AmendmentId>,
}

impl NewComment {
    /// Whether it belongs to the thread of `target`.
    pub fn belongs_to(&self, target: super::lookup::Target) -> bool {
        use super::lookup::Target;
        match target {
            Target::Section(s) => self.section_id == s && self.amendment_id.is_none(),
            Target::Amendment(a) => self.amendment_id == Some(a),
        }
    }
}

/// What a listener holds: new comments, and the signal that the server is stopping.
pub struct Subscription {
    pub comments: broadcast::Receiver<NewComment>,
    pub closing: watch::Receiver<bool>,
}

#[derive(Clone)]
pub struct Live {
    inner: Arc<Inner>,
}

struct Inner {
    tx: broadcast::Sender<NewComment>,
    running: AtomicBool,
    /// Held while a poller starts, so nobody gets a stream before the starting point is
    /// read (a comment posted in between would otherwise be taken for an old one).
    starting: tokio::sync::Mutex<()>,
    closing: watch::Sender<bool>,
    every: Duration,
}

impl Live {
    pub fn new(every: Duration) -> Self {
        let (tx, _) = broadcast::channel(1024);
        let (closing, _) = watch::channel(false);
        Live {
            inner: Arc::new(Inner {
                tx,
                running: AtomicBool::new(false),
                starting: tokio::sync::Mutex::new(()),
                closing,
                every,
            }),
        }
    }

    /// Starts listening (and the poller, when it is not running). Every comment committed
    /// after this returns is announced to the subscription.
    pub async fn subscribe(&self, db: &DatabaseConnection) -> Result<Subscription, sea_orm::DbErr> {
        let sub = Subscription {
            comments: self.inner.tx.subscribe(),
            closing: self.inner.closing.subscribe(),
        };
        let _starting = self.inner.starting.lock().await;
        if !self.inner.running.load(Ordering::SeqCst) {
            // What exists now is not news: the starting point, and the ids just below it
            // (which a late commit could still fill in) as already seen.
            let last = latest(db).await?;
            let seen: BTreeSet<i32> = recent(db, last - LOOKBACK)
                .await?
                .into_iter()
                .map(|c| c.id)
                .filter(|&id| id <= last)
                .collect();
            self.inner.running.store(true, Ordering::SeqCst);
            tokio::spawn(poll(self.inner.clone(), db.clone(), last, seen));
        }
        Ok(sub)
    }

    /// Ends every open stream (the server is stopping).
    pub fn close(&self) {
        self.inner.closing.send_replace(true);
    }

    /// Number of open streams on this server.
    pub fn listeners(&self) -> usize {
        self.inner.tx.receiver_count()
    }
}

async fn recent(db: &DatabaseConnection, after: i32) -> Result<Vec<NewComment>, sea_orm::DbErr> {
    let rows: Vec<(i32, SectionId, Option<AmendmentId>)> = comment::Entity::find()
        .select_only()
        .column(comment::Column::Id)
        .column(comment::Column::SectionId)
        .column(comment::Column::AmendmentId)
        .filter(comment::Column::Id.gt(after))
        .order_by_asc(comment::Column::Id)
        .limit(BATCH)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, section_id, amendment_id)| NewComment {
            id,
            section_id,
            amendment_id,
        })
        .collect())
}

async fn latest(db: &DatabaseConnection) -> Result<i32, sea_orm::DbErr> {
    let max: Option<Option<i32>> = comment::Entity::find()
        .select_only()
        .column_as(comment::Column::Id.max(), "m")
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().unwrap_or(0))
}

async fn poll(inner: Arc<Inner>, db: DatabaseConnection, mut last: i32, mut seen: BTreeSet<i32>) {
    let mut closing = inner.closing.subscribe();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(inner.every) => {}
            _ = closing.changed() => break,
        }
        if *closing.borrow() {
            break;
        }
        if inner.tx.receiver_count() == 0 {
            // Nobody listens: stop, unless somebody subscribed meanwhile and saw the
            // poller still running.
            inner.running.store(false, Ordering::SeqCst);
            if inner.tx.receiver_count() == 0 || inner.running.swap(true, Ordering::SeqCst) {
                return;
            }
        }
        match recent(&db, last - LOOKBACK).await {
            Ok(rows) => {
                for c in rows {
                    if seen.insert(c.id) {
                        let _ = inner.tx.send(c);
                    }
                    last = last.max(c.id);
                }
                let floor = last - LOOKBACK;
                seen = seen.split_off(&floor);
            }
            Err(err) => {
                tracing::warn!(error = %crate::error::cause_chain(&err), "live.poll_failed")
            }
        }
    }
    inner.running.store(false, Ordering::SeqCst);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::lookup::Target;

    #[test]
    fn comments_belong_to_their_own_thread_only() {
        let on_section = NewComment {
            id: 1,
            section_id: SectionId(7),
            amendment_id: None,
        };
        let on_amendment = NewComment {
            id: 2,
            section_id: SectionId(7),
            amendment_id: Some(AmendmentId(3)),
        };
        assert!(on_section.belongs_to(Target::Section(SectionId(7))));
        assert!(!on_section.belongs_to(Target::Section(SectionId(8))));
        assert!(!on_section.belongs_to(Target::Amendment(AmendmentId(3))));
        // An amendment's thread is not its section's thread.
        assert!(!on_amendment.belongs_to(Target::Section(SectionId(7))));
        assert!(on_amendment.belongs_to(Target::Amendment(AmendmentId(3))));
        assert!(!on_amendment.belongs_to(Target::Amendment(AmendmentId(4))));
    }
}
