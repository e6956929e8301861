//! Ties no rule decides, in round-based counts (IRV, Scottish STV, Meek STV).
//!
//! When the tie policy leaves a tie open (no policy, or a look-back that finds the tied
//! options equal at every round), the count is run again once for every way of breaking
//! it, and again for every later open tie on each of those paths. If every path elects
//! the same options, the tie did not matter: the first path (the first-declared option
//! taken at each open tie) is the result, its ties marked as broken without effect. If
//! the paths differ, the result is tied: the winners are the options every path elects
//! and `tied` lists the contenders, the options some paths elect and others do not, and
//! the transcript stops where the first open tie arose.
//!
//! The paths are bounded ([`LIMIT`] counts): past it, every option still in the count at
//! the first open tie is a contender (no path was left out of that answer unseen).

use super::result::{Round, TallyResult};
use super::{Cand, Election};
use serde_json::{json, Value};

/// At most this many counts are run to explore open ties.
pub const LIMIT: usize = 64;

/// The choices a count takes at its open ties, in the order they arise.
#[derive(Clone, Debug, Default)]
pub struct Path {
    choices: Vec<Cand>,
    taken: usize,
}

impl Path {
    /// The choice for the next open tie, when this path has one. A count that gets `None`
    /// stops there and reports the tied options in `tied`.
    pub fn take(&mut self) -> Option<Cand> {
        let c = self.choices.get(self.taken).copied()?;
        self.taken += 1;
        Some(c)
    }
}

/// Runs `count` along every path through its open ties (see the module's text).
pub fn explore(e: &Election, count: impl Fn(&mut Path) -> TallyResult) -> TallyResult {
    let first = count(&mut Path::default());
    if first.tied.is_empty() {
        return first;
    }
    let mut leaves: Vec<(Vec<Cand>, TallyResult)> = Vec::new();
    let mut stack: Vec<Vec<Cand>> = first.tied.iter().rev().map(|&c| vec![c]).collect();
    let mut runs = 0;
    let mut complete = true;
    while let Some(choices) = stack.pop() {
        if runs == LIMIT {
            complete = false;
            break;
        }
        runs += 1;
        let r = count(&mut Path {
            choices: choices.clone(),
            taken: 0,
        });
        if r.tied.is_empty() {
            leaves.push((choices, r));
        } else {
            for &c in r.tied.iter().rev() {
                let mut next = choices.clone();
                next.push(c);
                stack.push(next);
            }
        }
    }
    let sorted = |r: &TallyResult| {
        let mut w = r.winners.clone();
        w.sort_unstable();
        w
    };
    if complete
        && leaves
            .windows(2)
            .all(|w| sorted(&w[0].1) == sorted(&w[1].1))
    {
        if let Some((_, r)) = leaves.first() {
            return r.clone();
        }
    }
    // The tie matters (or could not be settled within the limit).
    let everywhere: Vec<Cand> = leaves.first().map_or_else(Vec::new, |(_, r)| {
        r.winners
            .iter()
            .copied()
            .filter(|c| complete && leaves.iter().all(|(_, l)| l.winners.contains(c)))
            .collect()
    });
    let mut winners = first.winners.clone();
    winners.extend(everywhere.iter().filter(|c| !first.winners.contains(c)));
    let mut contenders: Vec<Cand> = if complete {
        leaves
            .iter()
            .flat_map(|(_, l)| l.winners.iter().copied())
            .filter(|c| !winners.contains(c))
            .collect()
    } else {
        let out: Vec<Cand> = first
            .rounds
            .iter()
            .flat_map(|r| r.excluded.iter().copied())
            .collect();
        e.active()
            .into_iter()
            .filter(|c| !winners.contains(c) && !out.contains(c))
            .collect()
    };
    contenders.sort_unstable();
    contenders.dedup();
    let names = |cs: &[Cand]| {
        cs.iter()
            .map(|&c| e.candidates[c].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let note = if complete {
        format!(
            "every way of breaking the open ties was counted ({} ways): they elect different options, so {} remain tied for the win",
            leaves.len(),
            names(&contenders)
        )
    } else {
        format!(
            "the open ties have more ways to break them than the {LIMIT} counts explored: every option still in the count ({}) remains a contender",
            names(&contenders)
        )
    };
    let mut r = first;
    r.rounds.push(Round {
        note,
        ..Default::default()
    });
    let paths: Vec<Value> = leaves
        .iter()
        .map(|(choices, l)| {
            json!({
                "choices": choices.iter().map(|&c| e.candidates[c].clone()).collect::<Vec<_>>(),
                "winners": l.winners.iter().map(|&c| e.candidates[c].clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    r.extra.insert("tie_paths".into(), Value::Array(paths));
    r.ranking = super::result::tied_ranking(&winners, &contenders, &r.ranking);
    r.winners = winners;
    r.tied = contenders;
    r
}
