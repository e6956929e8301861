//! Ties: the policy is a parameter of every count and is recorded with its result.
//!
//! - `None`: a tie that decides the outcome is reported (the tied options are returned as
//!   tied), never decided silently.
//! - `Order`: an explicit order of the options, most favoured first: in a tie, an option
//!   listed earlier beats one listed later.
//! - `LookBack`: for round-based methods, the tied option with fewer votes at the latest
//!   earlier round where they differ loses; still tied after every round, it is reported.
//! - `Lot { seed }`: a lot drawn from the recorded seed (an order of all options made with
//!   SplitMix64 and a Fisher-Yates shuffle), so anyone can draw the same lot again.

use super::Cand;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "kebab-case")]
pub enum TiePolicy {
    None,
    Order { order: Vec<Cand> },
    LookBack,
    Lot { seed: u64 },
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The lot for `n` options drawn from `seed`: an order, most favoured first.
pub fn lot_order(n: usize, seed: u64) -> Vec<Cand> {
    let mut order: Vec<Cand> = (0..n).collect();
    let mut state = seed;
    for i in (1..n).rev() {
        let j = (splitmix64(&mut state) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

impl TiePolicy {
    /// The order this policy imposes on options, most favoured first, if it has one.
    pub fn order(&self, n: usize) -> Option<Vec<Cand>> {
        match self {
            TiePolicy::Order { order } => {
                // Options the order leaves out come after the listed ones, in index order.
                let mut listed = vec![false; n];
                let mut full = Vec::with_capacity(n);
                for &c in order {
                    if c < n && !std::mem::replace(&mut listed[c], true) {
                        full.push(c);
                    }
                }
                full.extend((0..n).filter(|&c| !listed[c]));
                Some(full)
            }
            TiePolicy::Lot { seed } => Some(lot_order(n, *seed)),
            TiePolicy::None | TiePolicy::LookBack => None,
        }
    }

    /// Among `tied`, the option that loses the tie (for an exclusion), using `history`:
    /// each earlier round's votes per option, oldest first (used by `LookBack`). `None` when
    /// the policy leaves them tied.
    pub fn loser(&self, tied: &[Cand], history: &[Vec<u128>], n: usize) -> Option<Cand> {
        self.pick(tied, history, n, false)
    }

    /// Among `tied`, the option that wins the tie (for an election).
    pub fn winner(&self, tied: &[Cand], history: &[Vec<u128>], n: usize) -> Option<Cand> {
        self.pick(tied, history, n, true)
    }

    fn pick(&self, tied: &[Cand], history: &[Vec<u128>], n: usize, win: bool) -> Option<Cand> {
        if tied.len() == 1 {
            return Some(tied[0]);
        }
        if *self == TiePolicy::LookBack {
            let mut left: Vec<Cand> = tied.to_vec();
            for round in history.iter().rev() {
                let votes = left.iter().map(|&c| round[c]);
                let keep = if win { votes.max()? } else { votes.min()? };
                left.retain(|&c| round[c] == keep);
                if left.len() == 1 {
                    return Some(left[0]);
                }
            }
            return None;
        }
        let place = places(&self.order(n)?);
        let place = |c: &Cand| place.get(*c).copied();
        if win {
            tied.iter().copied().min_by_key(place)
        } else {
            tied.iter().copied().max_by_key(place)
        }
    }

    /// Splits a group of equals into singletons by the policy's order, when it has one.
    pub fn split(&self, group: &[Cand], n: usize) -> Option<Vec<Cand>> {
        let place = places(&self.order(n)?);
        let mut g = group.to_vec();
        g.sort_by_key(|&c| place.get(c).copied());
        Some(g)
    }
}

/// Each option's place in `order` (an order of all options).
fn places(order: &[Cand]) -> Vec<usize> {
    let mut place = vec![usize::MAX; order.len()];
    for (i, &c) in order.iter().enumerate() {
        if let Some(p) = place.get_mut(c) {
            *p = i;
        }
    }
    place
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_order_favours_the_earlier_option() {
        let p = TiePolicy::Order {
            order: vec![2, 0, 1],
        };
        assert_eq!(p.winner(&[0, 1, 2], &[], 3), Some(2));
        assert_eq!(p.loser(&[0, 1, 2], &[], 3), Some(1));
        assert_eq!(TiePolicy::None.loser(&[0, 1], &[], 2), None);
        assert_eq!(TiePolicy::None.loser(&[1], &[], 2), Some(1));
    }

    #[test]
    fn look_back_uses_the_latest_round_that_differs() {
        let history = vec![vec![5, 3, 9], vec![7, 7, 1]];
        assert_eq!(TiePolicy::LookBack.loser(&[0, 1], &history, 3), Some(1));
        assert_eq!(TiePolicy::LookBack.winner(&[0, 1], &history, 3), Some(0));
        assert_eq!(
            TiePolicy::LookBack.loser(&[0, 1], &[vec![1, 1, 0]], 3),
            None
        );
    }

    #[test]
    fn the_lot_is_reproducible_from_its_seed() {
        let a = lot_order(10, 42);
        assert_eq!(a, lot_order(10, 42));
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        assert_ne!(lot_order(10, 42), lot_order(10, 43));
    }
}
