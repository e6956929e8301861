//! Meek STV, the Proportional Representation Foundation's reference rule ("PR Foundation
//! Meek Reference STV", the rule Droop counts as `meek-prf` and stv-rs reproduces), step
//! for step and digit for digit: fixed point with 9 decimals (whole units of 0.000000001,
//! no floating point), omega 0.000001, no batch defeats.
//!
//! - Every candidate has a keep factor: 1 while hopeful, 0 once defeated, and for the
//!   elected the share of each vote reaching them that they keep.
//! - Distribution: each ballot starts with weight 1; going down its preferences, each
//!   candidate keeps weight x keep factor (rounded up to 9 decimals) and passes the rest on;
//!   what is left at the end is excess.
//! - Quota: the votes held by candidates / (seats + 1), truncated to 9 decimals, plus
//!   0.000000001.
//! - A hopeful candidate at or above the quota is elected. Otherwise, while the total
//!   surplus of the elected (the sum of votes - quota, not less than 0) is at least omega
//!   and still falling, each elected candidate's keep factor becomes keep factor x quota
//!   (rounded up to 9 decimals) / votes (rounded up again) and the votes are distributed
//!   again.
//! - Then the hopeful candidate with the fewest votes is defeated; candidates within the
//!   total surplus of the fewest count as tied (the surplus could still reorder them), and
//!   the tie policy decides; with none, a tie whose every resolution gives the same result
//!   is broken without changing it, and one that matters is reported.
//! - Beyond the reference: a rank naming several candidates still in the count (an
//!   overvote) ends the ballot's distribution there; a keep factor is never applied for
//!   more than the weight left.
//! - When the hopeful and elected are no more than the seats, the hopeful are elected; when
//!   the seats are filled, the rest are defeated.

use super::explore::Path;
use super::result::{Round, TallyResult};
use super::{Cand, Election, TallyError, TiePolicy};
use serde_json::{json, Map, Value};

const ONE: u128 = 1_000_000_000;
const OMEGA: u128 = 1_000;

fn fixed9(units: u128) -> String {
    super::result::decimal(units, 9)
}

fn mul_up(a: u128, b: u128) -> u128 {
    (a * b).div_ceil(ONE)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Hopeful,
    Elected,
    Defeated,
}

pub fn meek(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    Ok(super::explore::explore(e, |path| run(e, tie, path)))
}

fn run(e: &Election, tie: &TiePolicy, path: &mut Path) -> TallyResult {
    let n = e.candidates.len();
    let ballots = e.grouped();
    let seats = e.seats;
    let total: u128 = ballots.iter().map(|b| u128::from(b.count)).sum::<u128>() * ONE;
    let mut state: Vec<State> = (0..n)
        .map(|c| {
            if e.withdrawn[c] {
                State::Defeated
            } else {
                State::Hopeful
            }
        })
        .collect();
    let mut keep: Vec<u128> = state
        .iter()
        .map(|s| if *s == State::Defeated { 0 } else { ONE })
        .collect();
    let distribute = |keep: &[u128], state: &[State]| -> Vec<u128> {
        let mut votes = vec![0u128; n];
        for b in ballots.iter() {
            let mut weight = ONE;
            for g in b.ranks() {
                // An overvote (several candidates at one rank still in the count) ends it.
                let mut live = g.iter().filter(|&c| state[c] != State::Defeated);
                let Some(c) = live.next() else {
                    continue;
                };
                if live.next().is_some() {
                    break;
                }
                let kept = Ord::min(mul_up(weight, keep[c]), weight);
                votes[c] += kept * u128::from(b.count);
                weight -= kept;
                if weight == 0 {
                    break;
                }
            }
        }
        votes
    };
    let quota_of = |votes: &[u128]| -> u128 {
        let held: u128 = votes.iter().sum();
        held / (seats as u128 + 1) + 1
    };
    let mut rounds: Vec<Round> = Vec::new();
    let mut elected: Vec<Cand> = Vec::new();
    let mut defeated_order: Vec<Cand> = Vec::new();
    let mut tied: Vec<Cand> = Vec::new();
    let mut ties_broken = Vec::new();
    let mut iterations = 0u64;
    let snapshot = |votes: &[u128], note: String, quota: u128| Round {
        counts: (0..n)
            .map(|c| (!e.withdrawn[c]).then(|| fixed9(votes[c])))
            .collect(),
        exhausted: Some(fixed9(total - votes.iter().sum::<u128>())),
        note: format!("{note} (quota {})", fixed9(quota)),
        ..Default::default()
    };
    let mut votes = distribute(&keep, &state);
    'count: loop {
        let hopeful: Vec<Cand> = (0..n).filter(|&c| state[c] == State::Hopeful).collect();
        let quota = quota_of(&votes);
        if elected.len() == seats {
            let mut r = snapshot(&votes, "seats filled: the rest are defeated".into(), quota);
            r.excluded = hopeful.clone();
            for &c in &hopeful {
                state[c] = State::Defeated;
            }
            defeated_order.extend(hopeful);
            rounds.push(r);
            break;
        }
        if hopeful.len() + elected.len() <= seats {
            let mut rest = hopeful.clone();
            rest.sort_by_key(|&c| (std::cmp::Reverse(votes[c]), c));
            let mut r = snapshot(
                &votes,
                "as many candidates left as seats: elected".into(),
                quota,
            );
            r.elected = rest.clone();
            for &c in &rest {
                state[c] = State::Elected;
            }
            elected.extend(rest);
            rounds.push(r);
            break;
        }
        // B.2.e: no "stable" test at a round's first iteration (the PRF text starts from
        // the number of ballots).
        let mut previous = total;
        loop {
            let quota = quota_of(&votes);
            let mut reached: Vec<Cand> = hopeful
                .iter()
                .copied()
                .filter(|&c| votes[c] >= quota)
                .collect();
            if !reached.is_empty() {
                reached.sort_by_key(|&c| (std::cmp::Reverse(votes[c]), c));
                let reached: Vec<Cand> = reached.into_iter().take(seats - elected.len()).collect();
                let mut r = snapshot(&votes, "reached the quota".into(), quota);
                r.elected = reached.clone();
                for &c in &reached {
                    state[c] = State::Elected;
                }
                elected.extend(reached);
                rounds.push(r);
                continue 'count;
            }
            // B.2.d: the sum of the elected candidates' surpluses (v - q, some possibly
            // negative), not less than 0.
            let above: u128 = elected
                .iter()
                .map(|&c| votes[c].saturating_sub(quota))
                .sum();
            let below: u128 = elected
                .iter()
                .map(|&c| quota.saturating_sub(votes[c]))
                .sum();
            let surplus = above.saturating_sub(below);
            if surplus < OMEGA || surplus >= previous {
                // Defeat the lowest; those within the surplus of it are tied.
                let low = hopeful.iter().map(|&c| votes[c]).min().unwrap_or(0);
                let within: Vec<Cand> = hopeful
                    .iter()
                    .copied()
                    .filter(|&c| votes[c] <= low + surplus)
                    .collect();
                let decided = tie.loser(&within, &[], n).map(|c| (c, false));
                let Some((x, moot)) = decided.or_else(|| path.take().map(|c| (c, true))) else {
                    let mut r = snapshot(
                        &votes,
                        "a tie for the fewest votes (within the surplus), and no tie policy decides it".into(),
                        quota,
                    );
                    r.note.push_str(&format!("; surplus {}", fixed9(surplus)));
                    rounds.push(r);
                    tied = within;
                    break 'count;
                };
                if within.len() > 1 {
                    ties_broken.push(super::BrokenTie {
                        among: within.clone(),
                        chosen: x,
                        purpose: super::TieFor::Exclusion,
                        round: Some(rounds.len() + 1),
                        moot,
                    });
                }
                let mut r = snapshot(
                    &votes,
                    if within.len() > 1 && moot {
                        format!(
                            "fewest votes, with others within the surplus {}: defeating any of them elects the same candidates",
                            fixed9(surplus)
                        )
                    } else if within.len() > 1 {
                        format!(
                            "fewest votes, with others within the surplus {}: tie broken by the tie policy",
                            fixed9(surplus)
                        )
                    } else {
                        format!("fewest votes (surplus {} settled)", fixed9(surplus))
                    },
                    quota,
                );
                r.excluded = vec![x];
                rounds.push(r);
                state[x] = State::Defeated;
                keep[x] = 0;
                defeated_order.push(x);
                votes = distribute(&keep, &state);
                continue 'count;
            }
            previous = surplus;
            // B.2.f: keep factor x quota (to 9 decimals, rounded up), then divided by the
            // votes (to 9 decimals, rounded up): two roundings, as the rule says.
            for &c in &elected {
                if votes[c] > 0 {
                    keep[c] = (mul_up(keep[c], quota) * ONE).div_ceil(votes[c]);
                }
            }
            iterations += 1;
            votes = distribute(&keep, &state);
        }
    }
    let mut ranking: Vec<Vec<Cand>> = elected.iter().map(|&c| vec![c]).collect();
    let rest: Vec<Cand> = (0..n)
        .filter(|&c| !e.withdrawn[c] && !elected.contains(&c) && !defeated_order.contains(&c))
        .collect();
    if !rest.is_empty() {
        ranking.push(rest);
    }
    ranking.extend(defeated_order.iter().rev().map(|&c| vec![c]));
    let mut parameters = Map::new();
    parameters.insert("seats".into(), json!(seats));
    parameters.insert("arithmetic".into(), json!("fixed point, 9 decimals"));
    parameters.insert("omega".into(), json!("0.000001"));
    parameters.insert(
        "tie".into(),
        serde_json::to_value(tie).unwrap_or(Value::Null),
    );
    let mut extra = Map::new();
    extra.insert("iterations".into(), json!(iterations));
    extra.insert(
        "keep_factors".into(),
        Value::Object(
            (0..n)
                .filter(|&c| !e.withdrawn[c])
                .map(|c| (e.candidates[c].clone(), json!(fixed9(keep[c]))))
                .collect(),
        ),
    );
    TallyResult {
        method: "stv-meek".into(),
        winners: elected,
        ranking,
        tied,
        ties_broken,
        rounds,
        extra,
        parameters,
        ballots: e.total(),
        ..Default::default()
    }
}
