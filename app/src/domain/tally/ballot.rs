//! An election and its ballots.
//!
//! A ballot is a weak order over a subset of the options: `ranks[0]` holds the options
//! ranked first (several when ranked equal), and so on. Options the ballot does not mention
//! are below every ranked one and tied among themselves.

use super::{Cand, TallyError};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ballot {
    /// How many voters cast exactly this ballot.
    pub count: u64,
    pub ranks: Vec<Vec<Cand>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Election {
    pub title: Option<String>,
    pub candidates: Vec<String>,
    /// Withdrawn options take no part in the count (ballots skip them).
    pub withdrawn: Vec<bool>,
    pub seats: usize,
    pub ballots: Vec<Ballot>,
    /// Score ballots (`N: A:5 B:3`): how many voters gave each listed option its score;
    /// options not listed score 0. Only the score method reads them.
    pub scores: Vec<(u64, Vec<(Cand, u64)>)>,
    /// Set by [`Election::compact`]: the ballots are merged and in canonical order.
    pub compacted: bool,
    /// A BLT file's own `[tie ...]` line, most favoured option first. (Droop's line lists
    /// the option that loses a draw first: `[tie 3 2 1]` means option 3 loses to 2 and 1;
    /// the parser turns it around.)
    pub tie_order: Option<Vec<Cand>>,
}

impl Election {
    pub fn new(candidates: Vec<String>, seats: usize) -> Self {
        let n = candidates.len();
        Election {
            candidates,
            withdrawn: vec![false; n],
            seats,
            ..Default::default()
        }
    }

    /// Index of an option by name.
    pub fn index_of(&self, name: &str) -> Option<Cand> {
        self.candidates.iter().position(|c| c == name)
    }

    /// The options taking part (not withdrawn), in declaration order.
    pub fn active(&self) -> Vec<Cand> {
        (0..self.candidates.len())
            .filter(|&c| !self.withdrawn[c])
            .collect()
    }

    /// Per option, the voters who ranked it first (alone or equal first with others;
    /// withdrawn options are skipped, so the next preference counts).
    pub fn first_preferences(&self) -> Vec<u64> {
        let mut out = vec![0u64; self.candidates.len()];
        for b in &self.ballots {
            let top = b
                .ranks
                .iter()
                .map(|g| {
                    g.iter()
                        .copied()
                        .filter(|&c| !self.withdrawn.get(c).copied().unwrap_or(false))
                        .collect::<Vec<_>>()
                })
                .find(|g| !g.is_empty());
            for c in top.unwrap_or_default() {
                if let Some(n) = out.get_mut(c) {
                    *n += b.count;
                }
            }
        }
        out
    }

    /// Number of voters (exact once [`Election::validate`] has passed; it refuses totals
    /// beyond `u64`).
    pub fn total(&self) -> u64 {
        self.ballots
            .iter()
            .fold(0u64, |sum, b| sum.saturating_add(b.count))
    }

    /// Adds `count` ballots ranking `ranks`, checking that every option exists and appears
    /// once. Empty ranks are dropped.
    pub fn add(&mut self, count: u64, ranks: Vec<Vec<Cand>>) -> Result<(), String> {
        let mut seen = vec![false; self.candidates.len()];
        for group in &ranks {
            for &c in group {
                let Some(slot) = seen.get_mut(c) else {
                    return Err(format!("option number {} does not exist", c + 1));
                };
                if *slot {
                    return Err(format!("{} is ranked twice", self.candidates[c]));
                }
                *slot = true;
            }
        }
        let ranks: Vec<Vec<Cand>> = ranks
            .into_iter()
            .filter(|g| !g.is_empty())
            .map(|mut g| {
                g.sort_unstable();
                g
            })
            .collect();
        if count > 0 {
            self.ballots.push(Ballot { count, ranks });
            self.compacted = false;
        }
        Ok(())
    }

    /// Merges identical ballots and puts them in canonical order, once (the parsers do it),
    /// so counts need not.
    pub fn compact(&mut self) {
        self.ballots = self.merge(false);
        self.compacted = true;
    }

    /// The ballots with withdrawn options removed and identical ballots merged, in a
    /// canonical order (so nothing depends on the order ballots were cast in). Borrowed
    /// when the election is compacted and nobody withdrew.
    pub fn grouped(&self) -> std::borrow::Cow<'_, [Ballot]> {
        if self.compacted && !self.withdrawn.contains(&true) {
            std::borrow::Cow::Borrowed(&self.ballots)
        } else {
            std::borrow::Cow::Owned(self.merge(true))
        }
    }

    /// Identical ballots merged, in canonical order; withdrawn options dropped from them
    /// when `drop_withdrawn` (counting), kept otherwise (storing, exporting).
    pub fn merge(&self, drop_withdrawn: bool) -> Vec<Ballot> {
        let mut merged: HashMap<Vec<Vec<Cand>>, u64> = HashMap::new();
        for b in &self.ballots {
            let ranks: Vec<Vec<Cand>> = b
                .ranks
                .iter()
                .map(|g| {
                    g.iter()
                        .copied()
                        .filter(|&c| !drop_withdrawn || !self.withdrawn[c])
                        .collect::<Vec<_>>()
                })
                .filter(|g| !g.is_empty())
                .collect();
            *merged.entry(ranks).or_default() += b.count;
        }
        let mut out: Vec<Ballot> = merged
            .into_iter()
            .map(|(ranks, count)| Ballot { count, ranks })
            .collect();
        out.sort_unstable_by(|a, b| a.ranks.cmp(&b.ranks));
        out
    }

    /// Checks the parts every method needs.
    pub fn validate(&self) -> Result<(), TallyError> {
        if self.active().is_empty() {
            return Err(TallyError::Invalid("there are no options".into()));
        }
        if self.seats == 0 {
            return Err(TallyError::Invalid(
                "there must be at least one seat".into(),
            ));
        }
        if self.seats > self.candidates.len() {
            return Err(TallyError::Invalid(format!(
                "{} seats but only {} options",
                self.seats,
                self.candidates.len()
            )));
        }
        // Every sum of counts the methods make fits in their arithmetic once the number
        // of voters fits in 64 bits (Borda's points and STV's fixed point use 128).
        fn exact(mut counts: impl Iterator<Item = u64>) -> bool {
            counts.try_fold(0u64, |sum, c| sum.checked_add(c)).is_some()
        }
        if !exact(self.ballots.iter().map(|b| b.count))
            || !exact(self.scores.iter().map(|(c, _)| *c))
        {
            return Err(TallyError::Invalid(
                "more voters than can be counted exactly (2^64 - 1 at most)".into(),
            ));
        }
        Ok(())
    }
}
