//! Instant-runoff voting (one seat).
//!
//! Each round every ballot counts for its highest-ranked continuing option; an option with
//! more than half of the ballots still counting wins; otherwise the last option is excluded
//! (with batch elimination: every option in the largest group of last options whose votes
//! together are fewer than the next option's, which could not have won anyway).
//!
//! Overvotes (a rank holding several options) follow the chosen rule:
//! - `Exhaust`: a ballot whose highest rank with a continuing option marks several options
//!   is exhausted, for good;
//! - `Skip`: such a rank is skipped, the next rank counts;
//! - `ExhaustIfMultiple`: it is exhausted, for good, only if that rank holds several
//!   *continuing* options; with one continuing option left there, it counts for it.
//!
//! A tie for exclusion is decided by the tie policy; one it leaves open is explored (see
//! [`super::explore`]): broken without effect when every way of breaking it elects the same
//! option, reported (the contenders for the win) when it does not.

use super::ballot::Ranks;
use super::explore::Path;
use super::result::{Round, TallyResult};
use super::{Cand, Election, TallyError, TiePolicy};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Overvote {
    Exhaust,
    Skip,
    ExhaustIfMultiple,
}

impl std::str::FromStr for Overvote {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "exhaust" => Ok(Overvote::Exhaust),
            "skip" => Ok(Overvote::Skip),
            "exhaust-if-multiple" => Ok(Overvote::ExhaustIfMultiple),
            _ => Err(format!(
                "unknown overvote rule {s:?}: use exhaust, skip or exhaust-if-multiple"
            )),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IrvOptions {
    pub batch: bool,
    pub overvote: Overvote,
}

impl Default for IrvOptions {
    fn default() -> Self {
        IrvOptions {
            batch: false,
            overvote: Overvote::ExhaustIfMultiple,
        }
    }
}

/// Where a ballot's vote goes this round.
enum Goes {
    To(Cand),
    Exhausted,
}

fn route(ranks: Ranks<'_>, continuing: &[bool], rule: Overvote) -> Goes {
    for group in ranks {
        let mut live = group.iter().filter(|&c| continuing[c]);
        let Some(first) = live.next() else {
            continue;
        };
        let several = live.next().is_some();
        match (several, group.len(), rule) {
            (_, g, Overvote::Exhaust) if g > 1 => return Goes::Exhausted,
            (_, g, Overvote::Skip) if g > 1 => continue,
            (true, _, Overvote::ExhaustIfMultiple) => return Goes::Exhausted,
            _ => return Goes::To(first),
        }
    }
    Goes::Exhausted
}

pub fn irv(e: &Election, opts: IrvOptions, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    Ok(super::explore::explore(e, |path| run(e, opts, tie, path)))
}

fn run(e: &Election, opts: IrvOptions, tie: &TiePolicy, path: &mut Path) -> TallyResult {
    let n = e.candidates.len();
    let ballots = e.grouped();
    let mut continuing = vec![false; n];
    for c in e.active() {
        continuing[c] = true;
    }
    // Overvote exhaustion is for good.
    let mut gone = vec![false; ballots.len()];
    let mut history: Vec<Vec<u128>> = Vec::new();
    let mut rounds = Vec::new();
    let mut out_order: Vec<Vec<Cand>> = Vec::new();
    let mut winner = None;
    let mut tied = Vec::new();
    let mut ties_broken = Vec::new();
    loop {
        let mut votes = vec![0u128; n];
        let mut exhausted = 0u128;
        for (k, b) in ballots.iter().enumerate() {
            if gone[k] {
                exhausted += u128::from(b.count);
                continue;
            }
            match route(b.ranks(), &continuing, opts.overvote) {
                Goes::To(c) => votes[c] += u128::from(b.count),
                Goes::Exhausted => {
                    // Out of options or overvoted: either way, for good.
                    gone[k] = true;
                    exhausted += u128::from(b.count);
                }
            }
        }
        let live: Vec<Cand> = (0..n).filter(|&c| continuing[c]).collect();
        let counting: u128 = live.iter().map(|&c| votes[c]).sum();
        let mut round = Round {
            counts: (0..n)
                .map(|c| continuing[c].then(|| votes[c].to_string()))
                .collect(),
            exhausted: Some(exhausted.to_string()),
            ..Default::default()
        };
        let top = live.iter().map(|&c| votes[c]).max().unwrap_or(0);
        if live.len() == 1 || (counting > 0 && top * 2 > counting) {
            let leaders: Vec<Cand> = live.iter().copied().filter(|&c| votes[c] == top).collect();
            let w = leaders[0];
            round.elected = vec![w];
            round.note = if live.len() == 1 {
                format!("{} is the last option left", e.candidates[w])
            } else {
                format!(
                    "{} has more than half of the {} ballots still counting",
                    e.candidates[w], counting
                )
            };
            rounds.push(round);
            winner = Some(w);
            break;
        }
        // Exclusion.
        let mut by_votes = live.clone();
        by_votes.sort_by_key(|&c| (votes[c], c));
        let mut excluded: Vec<Cand> = Vec::new();
        if opts.batch {
            // The largest k (leaving at least two options) whose k last options together
            // have fewer votes than the next one.
            let mut sum = 0u128;
            let mut best = 0;
            for k in 1..by_votes.len().saturating_sub(1) {
                sum += votes[by_votes[k - 1]];
                if sum < votes[by_votes[k]] {
                    best = k;
                }
            }
            if best > 1 {
                excluded = by_votes[..best].to_vec();
                round.note = format!(
                    "batch elimination: together they have fewer votes than {}",
                    e.candidates[by_votes[best]]
                );
            }
        }
        if excluded.is_empty() {
            let low = votes[by_votes[0]];
            let lowest: Vec<Cand> = live.iter().copied().filter(|&c| votes[c] == low).collect();
            let decided = tie.loser(&lowest, &history, n).map(|c| (c, false));
            match decided.or_else(|| path.take().map(|c| (c, true))) {
                Some((c, moot)) => {
                    excluded = vec![c];
                    if lowest.len() > 1 {
                        ties_broken.push(super::BrokenTie {
                            among: lowest.clone(),
                            chosen: c,
                            purpose: super::TieFor::Exclusion,
                            round: Some(rounds.len() + 1),
                            moot,
                        });
                    }
                    round.note = if lowest.len() < 2 {
                        format!("{} excluded: fewest votes", e.candidates[c])
                    } else if moot {
                        format!(
                            "{} excluded: fewest votes, tied with others; excluding any of them elects the same option",
                            e.candidates[c]
                        )
                    } else {
                        format!(
                            "{} excluded: fewest votes, tie broken by the tie policy",
                            e.candidates[c]
                        )
                    };
                }
                None => {
                    round.note = "tie for the fewest votes, and no tie policy decides it".into();
                    rounds.push(round);
                    tied = lowest;
                    break;
                }
            }
        }
        for &c in &excluded {
            continuing[c] = false;
        }
        let mut group = excluded.clone();
        group.sort_by_key(|&c| std::cmp::Reverse(votes[c]));
        out_order.push(group);
        round.excluded = excluded;
        history.push(votes);
        rounds.push(round);
    }
    // Ranking: the winner, then options in reverse order of exclusion (a batch ranked by
    // its votes; options left when the count stopped on a tie share a place).
    let mut ranking: Vec<Vec<Cand>> = Vec::new();
    let mut winners = Vec::new();
    if let Some(w) = winner {
        ranking.push(vec![w]);
        winners.push(w);
        let rest: Vec<Cand> = (0..n).filter(|&c| continuing[c] && c != w).collect();
        if !rest.is_empty() {
            ranking.push(rest);
        }
    } else {
        let left: Vec<Cand> = (0..n).filter(|&c| continuing[c]).collect();
        ranking.push(left);
    }
    for group in out_order.into_iter().rev() {
        for c in group {
            ranking.push(vec![c]);
        }
    }
    let mut parameters = Map::new();
    parameters.insert("batch".into(), json!(opts.batch));
    parameters.insert(
        "overvote".into(),
        serde_json::to_value(opts.overvote).unwrap_or(Value::Null),
    );
    parameters.insert(
        "tie".into(),
        serde_json::to_value(tie).unwrap_or(Value::Null),
    );
    TallyResult {
        method: "irv".into(),
        winners,
        ranking,
        tied,
        ties_broken,
        rounds,
        parameters,
        ballots: e.total(),
        ..Default::default()
    }
}
