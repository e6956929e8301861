//! The pairwise matrix: `d[i][j]` is the number of voters who rank option i above option j.
//! Unranked options are below every ranked one and tied among themselves; equal ranks are
//! no preference either way.

use super::ballot::Ballots;
use super::{Cand, Election, TallyError};

/// Pairwise methods keep a matrix of every pair (and Schulze walks it n^3 times): at most
/// this many options.
pub const MAX_OPTIONS: usize = 1_024;

/// Refuses an election too wide for a pairwise method.
pub fn check_size(e: &Election) -> Result<(), TallyError> {
    let n = e.active().len();
    if n > MAX_OPTIONS {
        return Err(TallyError::Invalid(format!(
            "{n} options: pairwise methods count at most {MAX_OPTIONS} (use irv, approval, score or an STV method)"
        )));
    }
    Ok(())
}

pub fn matrix(n: usize, ballots: &Ballots) -> Vec<Vec<u64>> {
    // d[i][j] = (voters ranking i) - (voters ranking i with j ranked at or above it): a
    // ballot of k ranked options costs k + k(k-1)/2 additions, not k x n.
    let mut ranked = vec![0u64; n];
    let mut not_below = vec![0u64; n * n];
    let mut seen: Vec<Cand> = Vec::new();
    for b in ballots.iter() {
        seen.clear();
        for rank in b.ranks() {
            let before = seen.len();
            seen.extend(rank.iter());
            for (k, &i) in seen.iter().enumerate().skip(before) {
                ranked[i] += b.count;
                let row = &mut not_below[i * n..(i + 1) * n];
                // Every option ranked above i, or equal to it.
                for (m, &j) in seen.iter().enumerate() {
                    if m != k {
                        row[j] += b.count;
                    }
                }
            }
        }
    }
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if i == j {
                        0
                    } else {
                        ranked[i] - not_below[i * n + j]
                    }
                })
                .collect()
        })
        .collect()
}

/// Options that beat every other active option pairwise.
pub fn condorcet_winner(d: &[Vec<u64>], active: &[Cand]) -> Option<Cand> {
    active
        .iter()
        .copied()
        .find(|&i| active.iter().all(|&j| i == j || d[i][j] > d[j][i]))
}

/// The Smith set: the smallest non-empty set of options that each beat every option
/// outside it. Computed as the options that reach every other one through "beats or ties"
/// (Warshall's closure).
pub fn smith_set(d: &[Vec<u64>], active: &[Cand]) -> Vec<Cand> {
    let n = d.len();
    let mut reach = vec![vec![false; n]; n];
    for &i in active {
        for &j in active {
            if i != j && d[i][j] >= d[j][i] {
                reach[i][j] = true;
            }
        }
    }
    for &k in active {
        for &i in active {
            if reach[i][k] {
                for &j in active {
                    if reach[k][j] {
                        reach[i][j] = true;
                    }
                }
            }
        }
    }
    active
        .iter()
        .copied()
        .filter(|&i| active.iter().all(|&j| i == j || reach[i][j]))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn unranked_options_lose_to_ranked_ones_and_tie_among_themselves() {
        let mut e = Election::new(vec!["a".into(), "b".into(), "c".into(), "d".into()], 1);
        e.add(2, vec![vec![0], vec![1, 2]]).unwrap();
        e.add(1, vec![vec![2]]).unwrap();
        let d = matrix(4, &e.ballots);
        assert_eq!(d[0][1], 2);
        assert_eq!(d[1][2], 0);
        assert_eq!(d[2][1], 1);
        assert_eq!(d[2][0], 1);
        assert_eq!(d[1][3], 2);
        assert_eq!(d[3][1], 0);
        assert_eq!(d[2][3], 3);
    }
}
