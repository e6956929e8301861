//! Single transferable vote, Scottish rules (SSI 2007/42, Schedule 1, rules 45-52).
//!
//! - Droop quota: floor(valid ballots / (seats + 1)) + 1.
//! - Every ballot paper starts at value 1.00000; arithmetic in whole units of 0.00001 (no
//!   floating point).
//! - A candidate reaching the quota is elected (several in one stage: most votes first).
//! - Surpluses are transferred one per stage, largest first, by the weighted inclusive
//!   Gregory method: every paper the elected candidate holds moves to its next continuing
//!   preference at value x surplus / total, truncated to 5 decimals (rule 48(3)); papers
//!   with no further preference are non-transferable. The elected candidate keeps the quota.
//! - With no surplus to transfer, the candidate with the fewest votes is excluded and all
//!   their papers move at their current values, in one stage.
//! - Ties (equal surpluses, equal fewest votes): the candidate with more (for a surplus) or
//!   fewer (for an exclusion) votes at the earliest stage at which they differed; tied at
//!   every stage, the tie policy decides (a lot with a recorded seed, or an explicit order);
//!   with none, the count stops and reports the tie.
//! - When as many candidates remain as seats, they are elected.
//! - Each stage shows the non-transferable votes and, apart, the residual lost to truncation:
//!   candidates + non-transferable + residual = the number of ballots.

use super::result::{Round, TallyResult};
use super::{Cand, Election, TallyError, TiePolicy};
use serde_json::{json, Map, Value};

/// Units per vote: five decimals.
const ONE: u128 = 100_000;

fn fixed5(units: u128) -> String {
    super::result::decimal(units, 5)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Hopeful,
    Elected,
    Excluded,
}

/// A parcel of identical papers: which ballot, how many, at what value each, and the rank
/// they count at.
#[derive(Clone, Copy, Debug)]
struct Parcel {
    ballot: usize,
    count: u128,
    value: u128,
}

struct Count<'a> {
    e: &'a Election,
    ballots: std::borrow::Cow<'a, [super::Ballot]>,
    state: Vec<State>,
    piles: Vec<Vec<Parcel>>,
    /// Each stage's votes per candidate (units), for the earliest-stage tie rule.
    history: Vec<Vec<u128>>,
    total: u128,
    quota: u128,
    /// Value of the papers that had no further preference.
    non_transferable: u128,
}

impl Count<'_> {
    fn votes(&self, c: Cand) -> u128 {
        self.piles[c].iter().map(|p| p.count * p.value).sum()
    }

    /// The next continuing (hopeful) candidate of ballot `b` after `from` (or its first),
    /// if its rank names exactly one; a rank naming several is an overvote: none.
    fn next_for(&self, b: usize, from: Option<Cand>) -> Option<Cand> {
        let ranks = &self.ballots[b].ranks;
        let start = match from {
            None => 0,
            Some(c) => ranks.iter().position(|g| g.contains(&c))? + 1,
        };
        for g in &ranks[start..] {
            let live: Vec<Cand> = g
                .iter()
                .copied()
                .filter(|&c| self.state[c] == State::Hopeful)
                .collect();
            match live.len() {
                0 => continue,
                1 => return Some(live[0]),
                _ => return None,
            }
        }
        None
    }

    /// Moves `parcels` (leaving candidate `from`) on, each at `value_of(parcel)`.
    fn transfer(&mut self, from: Cand, parcels: Vec<Parcel>, value_of: impl Fn(&Parcel) -> u128) {
        for p in parcels {
            let value = value_of(&p);
            match self.next_for(p.ballot, Some(from)) {
                Some(to) if value > 0 => self.piles[to].push(Parcel { value, ..p }),
                Some(_) => {}
                None => self.non_transferable += p.count * value,
            }
        }
    }

    fn snapshot(&self, kept: &[Option<u128>]) -> Vec<u128> {
        (0..self.e.candidates.len())
            .map(|c| match self.state[c] {
                State::Excluded => 0,
                State::Elected => kept[c].unwrap_or_else(|| self.votes(c)),
                State::Hopeful => self.votes(c),
            })
            .collect()
    }

    /// Among `tied`, by the earliest stage at which their votes differed: the one with the
    /// most (`most`) or fewest votes there; then the tie policy (recorded in `broken`, for
    /// round `round`).
    fn break_tie(
        &self,
        tied: &[Cand],
        most: bool,
        tie: &TiePolicy,
        broken: &mut Vec<super::BrokenTie>,
        round: usize,
    ) -> Option<Cand> {
        let mut left = tied.to_vec();
        for stage in &self.history {
            let pick = if most {
                left.iter().map(|&c| stage[c]).max()?
            } else {
                left.iter().map(|&c| stage[c]).min()?
            };
            let narrowed: Vec<Cand> = left.iter().copied().filter(|&c| stage[c] == pick).collect();
            if narrowed.len() < left.len() {
                left = narrowed;
            }
            if left.len() == 1 {
                return Some(left[0]);
            }
        }
        let n = self.e.candidates.len();
        let chosen = if most {
            tie.winner(&left, &[], n)
        } else {
            tie.loser(&left, &[], n)
        }?;
        if left.len() < 2 {
            return Some(chosen);
        }
        broken.push(super::BrokenTie {
            among: left,
            chosen,
            purpose: if most {
                super::TieFor::Election
            } else {
                super::TieFor::Exclusion
            },
            round: Some(round),
        });
        Some(chosen)
    }
}

pub fn scottish(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    let n = e.candidates.len();
    let ballots = e.grouped();
    let valid: u128 = ballots.iter().map(|b| u128::from(b.count)).sum();
    let seats = e.seats;
    let mut count = Count {
        e,
        state: (0..n)
            .map(|c| {
                if e.withdrawn[c] {
                    State::Excluded
                } else {
                    State::Hopeful
                }
            })
            .collect(),
        piles: vec![Vec::new(); n],
        history: Vec::new(),
        total: valid * ONE,
        quota: (valid / (seats as u128 + 1) + 1) * ONE,
        non_transferable: 0,
        ballots,
    };
    for b in 0..count.ballots.len() {
        if let Some(c) = count.next_for(b, None) {
            let parcel = Parcel {
                ballot: b,
                count: u128::from(count.ballots[b].count),
                value: ONE,
            };
            count.piles[c].push(parcel);
        }
    }
    // The votes an elected candidate keeps once their surplus has gone: the quota.
    let mut kept: Vec<Option<u128>> = vec![None; n];
    let mut pending: Vec<Cand> = Vec::new();
    let mut elected: Vec<Cand> = Vec::new();
    let mut rounds: Vec<Round> = Vec::new();
    let mut tied: Vec<Cand> = Vec::new();
    let mut ties_broken = Vec::new();
    let mut note = "first preferences".to_string();
    let mut excluded_now: Vec<Cand> = Vec::new();
    let mut excluded_order: Vec<Cand> = Vec::new();
    loop {
        // Elect whoever reached the quota this stage, most votes first.
        let mut reached: Vec<Cand> = (0..n)
            .filter(|&c| count.state[c] == State::Hopeful && count.votes(c) >= count.quota)
            .collect();
        reached.sort_by_key(|&c| (std::cmp::Reverse(count.votes(c)), c));
        let mut elected_now = Vec::new();
        for c in reached {
            if elected.len() < seats {
                count.state[c] = State::Elected;
                elected.push(c);
                elected_now.push(c);
                pending.push(c);
            }
        }
        let hopeful: Vec<Cand> = (0..n)
            .filter(|&c| count.state[c] == State::Hopeful)
            .collect();
        let left = seats - elected.len();
        let last = elected.len() == seats || hopeful.len() <= left;
        if last && elected.len() < seats {
            let mut rest = hopeful.clone();
            rest.sort_by_key(|&c| (std::cmp::Reverse(count.votes(c)), c));
            for c in rest {
                count.state[c] = State::Elected;
                elected.push(c);
                elected_now.push(c);
            }
            note.push_str("; as many candidates left as seats: elected");
        }
        let snapshot = count.snapshot(&kept);
        let assigned: u128 = snapshot.iter().sum();
        rounds.push(Round {
            counts: (0..n)
                .map(|c| (!e.withdrawn[c]).then(|| fixed5(snapshot[c])))
                .collect(),
            exhausted: Some(fixed5(count.non_transferable)),
            residual: Some(fixed5(
                count
                    .total
                    .saturating_sub(assigned)
                    .saturating_sub(count.non_transferable),
            )),
            elected: elected_now,
            excluded: std::mem::take(&mut excluded_now),
            note: std::mem::take(&mut note),
        });
        count.history.push(snapshot);
        if last {
            break;
        }
        // A surplus to transfer: the largest.
        pending.retain(|&c| count.votes(c) > count.quota);
        if !pending.is_empty() {
            let top = pending.iter().map(|&c| count.votes(c)).max().unwrap_or(0);
            let largest: Vec<Cand> = pending
                .iter()
                .copied()
                .filter(|&c| count.votes(c) == top)
                .collect();
            let Some(x) = count.break_tie(&largest, true, tie, &mut ties_broken, rounds.len() + 1)
            else {
                rounds.push(Round {
                    note: "equal surpluses, equal at every stage, and no tie policy decides which goes first".into(),
                    ..Default::default()
                });
                tied = largest;
                break;
            };
            pending.retain(|&c| c != x);
            let total = count.votes(x);
            let surplus = total - count.quota;
            let parcels = std::mem::take(&mut count.piles[x]);
            count.transfer(x, parcels.clone(), |p| p.value * surplus / total);
            // What stays with the elected candidate: the quota.
            count.piles[x] = parcels;
            kept[x] = Some(count.quota);
            note = format!("surplus of {} ({})", e.candidates[x], fixed5(surplus));
            continue;
        }
        // Exclude the candidate with the fewest votes.
        let low = hopeful.iter().map(|&c| count.votes(c)).min().unwrap_or(0);
        let lowest: Vec<Cand> = hopeful
            .iter()
            .copied()
            .filter(|&c| count.votes(c) == low)
            .collect();
        let Some(x) = count.break_tie(&lowest, false, tie, &mut ties_broken, rounds.len() + 1)
        else {
            rounds.push(Round {
                note: "a tie for the fewest votes at every stage, and no tie policy decides it"
                    .into(),
                ..Default::default()
            });
            tied = lowest;
            break;
        };
        count.state[x] = State::Excluded;
        let parcels = std::mem::take(&mut count.piles[x]);
        count.transfer(x, parcels, |p| p.value);
        note = format!("exclusion of {}", e.candidates[x]);
        excluded_now = vec![x];
        excluded_order.push(x);
    }
    // Ranking: the elected in order of election, then those still in the count (when it
    // stopped on a tie) by their votes, then the excluded, the last excluded first.
    let last_votes = count.history.last().cloned().unwrap_or_default();
    let mut rest: Vec<Cand> = e
        .active()
        .into_iter()
        .filter(|c| !elected.contains(c) && !excluded_order.contains(c))
        .collect();
    rest.sort_by_key(|&c| std::cmp::Reverse(last_votes.get(c).copied().unwrap_or(0)));
    let mut ranking: Vec<Vec<Cand>> = elected.iter().map(|&c| vec![c]).collect();
    ranking.extend(rest.into_iter().map(|c| vec![c]));
    ranking.extend(excluded_order.iter().rev().map(|&c| vec![c]));
    let mut parameters = Map::new();
    parameters.insert("seats".into(), json!(seats));
    parameters.insert("quota".into(), json!(fixed5(count.quota)));
    parameters.insert(
        "arithmetic".into(),
        json!("fixed point, 5 decimals, truncated"),
    );
    parameters.insert(
        "tie".into(),
        serde_json::to_value(tie).unwrap_or(Value::Null),
    );
    Ok(TallyResult {
        method: "stv-scottish".into(),
        winners: elected,
        ranking,
        tied,
        ties_broken,
        rounds,
        parameters,
        ballots: e.total(),
        ..Default::default()
    })
}
