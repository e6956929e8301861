//! Results that change only when the data they come from is written (conflict groups, word
//! diffs, rendered Markdown), computed once and read back on every view.
//!
//! Each result is kept under a key naming *every version it depends on* (a section's head
//! revision number, each amendment's id, version and last change): a write changes the key,
//! so a stale result is never found, and two app servers on one database compute the same
//! result under the same key — nothing to invalidate, nothing to coordinate. Keys are
//! SHA-256 digests of their parts. Computing is single-flight: fifty readers of a page
//! that was just changed wait for one computation. Memory is bounded by a budget in bytes
//! (each value's weight is estimated when it is stored); past it, the least recently used
//! results go first.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// A key: the digest of the parts a result depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key([u8; 32]);

impl Key {
    /// A key from parts written in order (a kind name first, so kinds never collide).
    pub fn of(kind: &str) -> KeyBuilder {
        let mut h = Sha256::new();
        h.update(kind.as_bytes());
        KeyBuilder(h)
    }
}

pub struct KeyBuilder(Sha256);

impl KeyBuilder {
    pub fn num(mut self, n: i64) -> Self {
        self.0.update(b"|");
        self.0.update(n.to_le_bytes());
        self
    }
    pub fn text(mut self, s: &str) -> Self {
        self.0.update(b"|");
        self.0.update((s.len() as u64).to_le_bytes());
        self.0.update(s.as_bytes());
        self
    }
    pub fn done(self) -> Key {
        Key(self.0.finalize().into())
    }
}

struct Entry<V> {
    cell: Arc<OnceCell<Arc<V>>>,
    weight: usize,
    used: u64,
}

/// One kind of result, under a memory budget.
pub struct Memo<V> {
    entries: Mutex<HashMap<Key, Entry<V>>>,
    budget: usize,
    clock: AtomicU64,
    weight: fn(&V) -> usize,
}

/// Bytes counted for an entry beyond its value (key, bookkeeping).
const OVERHEAD: usize = 96;

impl<V: Send + Sync + 'static> Memo<V> {
    pub fn new(budget: usize, weight: fn(&V) -> usize) -> Self {
        Memo {
            entries: Mutex::new(HashMap::new()),
            budget,
            clock: AtomicU64::new(0),
            weight,
        }
    }

    fn cell(&self, key: Key) -> Arc<OnceCell<Arc<V>>> {
        let tick = self.clock.fetch_add(1, Ordering::Relaxed);
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = map.entry(key).or_insert_with(|| Entry {
            cell: Arc::new(OnceCell::new()),
            weight: OVERHEAD,
            used: tick,
        });
        entry.used = tick;
        entry.cell.clone()
    }

    /// The result under `key`, computed by `compute` when nobody has (one computation at a
    /// time per key; an error is returned to the callers waiting and nothing is kept).
    pub async fn get_or_try<E, F, Fut>(&self, key: Key, compute: F) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        let cell = self.cell(key);
        if let Some(v) = cell.get() {
            return Ok(v.clone());
        }
        let mut fresh = false;
        let value = cell
            .get_or_try_init(|| async {
                fresh = true;
                compute().await.map(Arc::new)
            })
            .await?
            .clone();
        if fresh {
            self.weigh(key, (self.weight)(&value));
        }
        Ok(value)
    }

    fn weigh(&self, key: Key, weight: usize) {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = map.get_mut(&key) {
            e.weight = weight + OVERHEAD;
        }
        let total: usize = map.values().map(|e| e.weight).sum();
        if total <= self.budget {
            return;
        }
        // Least recently used first, until three quarters of the budget are left.
        let mut by_use: Vec<(u64, Key, usize)> =
            map.iter().map(|(k, e)| (e.used, *k, e.weight)).collect();
        by_use.sort_unstable_by_key(|(used, _, _)| *used);
        let mut left = total;
        for (_, k, w) in by_use {
            if left <= self.budget / 4 * 3 {
                break;
            }
            map.remove(&k);
            left -= w;
        }
    }

    /// Entries kept and their weight in bytes.
    pub fn usage(&self) -> (usize, usize) {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        (map.len(), map.values().map(|e| e.weight).sum())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test]
    async fn computes_once_per_key_and_keeps_to_its_budget() {
        let memo: Memo<String> = Memo::new(1000, |s| s.len());
        let runs = Arc::new(AtomicUsize::new(0));
        let key = |n: i64| Key::of("t").num(n).done();
        let mut waiting = Vec::new();
        let memo = Arc::new(memo);
        for _ in 0..20 {
            let (memo, runs) = (memo.clone(), runs.clone());
            waiting.push(tokio::spawn(async move {
                memo.get_or_try::<(), _, _>(key(1), || async move {
                    runs.fetch_add(1, Ordering::SeqCst);
                    tokio::task::yield_now().await;
                    Ok("x".repeat(100))
                })
                .await
                .unwrap()
                .len()
            }));
        }
        for w in waiting {
            assert_eq!(w.await.unwrap(), 100);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1, "single flight");
        // A failed computation keeps nothing; the next caller computes again.
        let failed: Result<Arc<String>, &str> =
            memo.get_or_try(key(2), || async { Err("no") }).await;
        assert!(failed.is_err());
        let ok: Result<Arc<String>, &str> =
            memo.get_or_try(key(2), || async { Ok("y".into()) }).await;
        assert_eq!(ok.unwrap().as_str(), "y");
        for n in 3..40 {
            memo.get_or_try::<(), _, _>(key(n), || async { Ok("z".repeat(100)) })
                .await
                .unwrap();
        }
        let (_, bytes) = memo.usage();
        assert!(bytes <= 1000, "{bytes}");
        assert_ne!(
            Key::of("a").text("bc").done(),
            Key::of("a").text("b").text("c").done()
        );
    }
}
