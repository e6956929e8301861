//! Single transferable vote, Scottish rules (SSI 2007/42, Schedule 1, rules 45-52).
//!
//! - Valid ballot papers only: a paper with no first preference for a candidate in the count
//!   (blank, or several candidates marked first) is rejected before the count (rule 45(1)
//!   sorts "the valid ballot papers"; such papers are void under the Order's rejection
//!   rules) and is not in the quota.
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
//! - Ties (equal surpluses, equal fewest votes): rule 49(2) for surpluses ("the candidate
//!   who had the highest number of votes at the end of the most recent preceding stage at
//!   which they had unequal numbers of votes") and rule 51(2)(a) for exclusions ("the total
//!   number of votes credited to those candidates at the end of the most recently
//!   preceding stage of the count at which they had an unequal number of votes and the
//!   candidate with the lowest number of votes at that stage shall be excluded"): the
//!   latest earlier stage where they differ decides. With three or more tied, a stage where
//!   some differ keeps only those with the most (surplus) or fewest (exclusion) votes
//!   there, and the look-back goes on among them. Equal at every stage, rules 49(3) and
//!   51(2)(b) draw a lot: the tie policy decides (a lot with a recorded seed, or an
//!   explicit order); with none, a tie whose every resolution gives the same result is
//!   broken without changing anything, and one that matters is reported.
//! - When as many candidates remain as seats, they are elected.
//! - Each stage shows the non-transferable votes and, apart, the residual lost to truncation:
//!   candidates + non-transferable + residual = the number of ballots.

use super::ballot::Ballots;
use super::explore::Path;
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

/// A parcel of identical papers: which ballot (its count says how many papers), at what
/// value each (units of 0.00001, at most 1.00000).
#[derive(Clone, Copy, Debug)]
struct Parcel {
    ballot: u32,
    value: u32,
}

struct Count<'a> {
    e: &'a Election,
    ballots: std::borrow::Cow<'a, Ballots>,
    state: Vec<State>,
    piles: Vec<Vec<Parcel>>,
    /// The value of each candidate's pile (units).
    held: Vec<u128>,
    /// Each stage's votes per candidate (units), for the look-back tie rule.
    history: Vec<Vec<u128>>,
    total: u128,
    quota: u128,
    /// Value of the papers that had no further preference.
    non_transferable: u128,
}

impl Count<'_> {
    fn votes(&self, c: Cand) -> u128 {
        self.held[c]
    }

    /// The papers of parcel `p`.
    fn papers(&self, p: &Parcel) -> u128 {
        u128::from(self.ballots.get(p.ballot as usize).count)
    }

    fn put(&mut self, c: Cand, p: Parcel) {
        self.held[c] += self.papers(&p) * u128::from(p.value);
        self.piles[c].push(p);
    }

    /// The next continuing (hopeful) candidate of ballot `b` after `from` (or its first),
    /// if its rank names exactly one; a rank naming several is an overvote: none.
    fn next_for(&self, b: usize, from: Option<Cand>) -> Option<Cand> {
        let mut ranks = self.ballots.get(b).ranks();
        if let Some(c) = from {
            ranks.find(|r| r.contains(c))?;
        }
        for g in ranks {
            let mut live = g.iter().filter(|&c| self.state[c] == State::Hopeful);
            let Some(first) = live.next() else {
                continue;
            };
            return if live.next().is_some() {
                None
            } else {
                Some(first)
            };
        }
        None
    }

    /// Takes candidate `from`'s papers and moves them on, each at `value_of(parcel)`.
    fn transfer(&mut self, from: Cand, value_of: impl Fn(&Parcel) -> u128) {
        let parcels = std::mem::take(&mut self.piles[from]);
        self.held[from] = 0;
        for p in parcels {
            let value = value_of(&p);
            match self.next_for(p.ballot as usize, Some(from)) {
                // Values only fall: a transfer value is at most the paper's value.
                Some(to) if value > 0 => self.put(
                    to,
                    Parcel {
                        value: u32::try_from(value).unwrap_or(u32::MAX),
                        ..p
                    },
                ),
                Some(_) => {}
                None => self.non_transferable += self.papers(&p) * value,
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

    /// Among `tied`, by the most recent stage at which their votes differed (rules 49(2)
    /// and 51(2)(a)): the one with the most (`most`) or fewest votes there; then the tie
    /// policy (recorded in `broken`, for round `round`), then the path through open ties.
    /// `Err` holds the options still tied when neither decides.
    fn break_tie(
        &self,
        tied: &[Cand],
        most: bool,
        tie: &TiePolicy,
        path: &mut Path,
        broken: &mut Vec<super::BrokenTie>,
        round: usize,
    ) -> Result<Cand, Vec<Cand>> {
        let mut left = tied.to_vec();
        for stage in self.history.iter().rev() {
            let votes = left.iter().map(|&c| stage[c]);
            let Some(pick) = (if most { votes.max() } else { votes.min() }) else {
                break;
            };
            let narrowed: Vec<Cand> = left.iter().copied().filter(|&c| stage[c] == pick).collect();
            if narrowed.len() < left.len() {
                left = narrowed;
            }
            if left.len() == 1 {
                return Ok(left[0]);
            }
        }
        let n = self.e.candidates.len();
        let decided = if most {
            tie.winner(&left, &[], n)
        } else {
            tie.loser(&left, &[], n)
        };
        let Some((chosen, moot)) = decided
            .map(|c| (c, false))
            .or_else(|| path.take().map(|c| (c, true)))
        else {
            return Err(left);
        };
        if left.len() < 2 {
            return Ok(chosen);
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
            moot,
        });
        Ok(chosen)
    }
}

pub fn scottish(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    if u32::try_from(e.ballots.len()).is_err() {
        return Err(TallyError::Invalid(
            "more than 2^32 distinct ballots: merge identical ones first".into(),
        ));
    }
    Ok(super::explore::explore(e, |path| run(e, tie, path)))
}

fn run(e: &Election, tie: &TiePolicy, path: &mut Path) -> TallyResult {
    let n = e.candidates.len();
    let ballots = e.grouped();
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
        held: vec![0; n],
        history: Vec::new(),
        total: 0,
        quota: 0,
        non_transferable: 0,
        ballots,
    };
    let mut note = "first preferences".to_string();
    // Rule 45: the valid papers, by first preference; the others are set aside.
    let mut valid: u128 = 0;
    let mut rejected: u128 = 0;
    for b in 0..count.ballots.len() {
        let papers = u128::from(count.ballots.get(b).count);
        if let Some(c) = count.next_for(b, None) {
            let parcel = Parcel {
                ballot: u32::try_from(b).unwrap_or(u32::MAX),
                value: ONE as u32,
            };
            count.put(c, parcel);
            valid += papers;
        } else {
            rejected += papers;
        }
    }
    count.total = valid * ONE;
    count.quota = (valid / (seats as u128 + 1) + 1) * ONE;
    if rejected > 0 {
        note = format!(
            "first preferences; {rejected} ballot papers with no valid first preference rejected before the count"
        );
    }
    // The votes an elected candidate keeps once their surplus has gone: the quota.
    let mut kept: Vec<Option<u128>> = vec![None; n];
    let mut pending: Vec<Cand> = Vec::new();
    let mut elected: Vec<Cand> = Vec::new();
    let mut rounds: Vec<Round> = Vec::new();
    let mut tied: Vec<Cand> = Vec::new();
    let mut ties_broken = Vec::new();
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
            let x = match count.break_tie(
                &largest,
                true,
                tie,
                path,
                &mut ties_broken,
                rounds.len() + 1,
            ) {
                Ok(x) => x,
                Err(left) => {
                    rounds.push(Round {
                        note: "equal surpluses, equal at every stage, and no tie policy decides which goes first".into(),
                        ..Default::default()
                    });
                    tied = left;
                    break;
                }
            };
            pending.retain(|&c| c != x);
            let total = count.votes(x);
            let surplus = total - count.quota;
            count.transfer(x, |p| u128::from(p.value) * surplus / total);
            // What stays with the elected candidate: the quota.
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
        let x = match count.break_tie(
            &lowest,
            false,
            tie,
            path,
            &mut ties_broken,
            rounds.len() + 1,
        ) {
            Ok(x) => x,
            Err(left) => {
                rounds.push(Round {
                    note: "a tie for the fewest votes at every stage, and no tie policy decides it"
                        .into(),
                    ..Default::default()
                });
                tied = left;
                break;
            }
        };
        count.state[x] = State::Excluded;
        count.transfer(x, |p| u128::from(p.value));
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
        "valid_ballots".into(),
        json!(u64::try_from(valid).unwrap_or(u64::MAX)),
    );
    parameters.insert(
        "rejected_ballots".into(),
        json!(u64::try_from(rejected).unwrap_or(u64::MAX)),
    );
    parameters.insert(
        "arithmetic".into(),
        json!("fixed point, 5 decimals, truncated"),
    );
    parameters.insert(
        "tie".into(),
        serde_json::to_value(tie).unwrap_or(Value::Null),
    );
    TallyResult {
        method: "stv-scottish".into(),
        winners: elected,
        ranking,
        tied,
        ties_broken,
        rounds,
        parameters,
        ballots: e.total(),
        ..Default::default()
    }
}
