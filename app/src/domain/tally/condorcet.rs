//! Methods on the pairwise matrix: Condorcet, Copeland, minimax, Schulze, Ranked Pairs.
//! All use "winning votes": a defeat's strength is the number of voters who prefer the
//! winner of the pair; between defeats of equal strength, the one with fewer voters on the
//! losing side is the stronger.

use super::pairwise::{condorcet_winner, matrix, smith_set};
use super::result::{BrokenTie, Round, TallyResult, TieFor};
use super::{Cand, Election, TallyError, TiePolicy};
use serde_json::{json, Map, Value};

/// A defeat of j by i: (winning votes, losing votes); compared stronger-first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Strength {
    win: u64,
    lose: u64,
}

impl Strength {
    const NONE: Strength = Strength { win: 0, lose: 0 };
    fn of(d: &[Vec<u64>], i: Cand, j: Cand) -> Strength {
        if d[i][j] > d[j][i] {
            Strength {
                win: d[i][j],
                lose: d[j][i],
            }
        } else {
            Strength::NONE
        }
    }
    /// Bigger is stronger: more winning votes, then fewer losing votes; no defeat is the
    /// weakest of all.
    fn key(self) -> (bool, u64, std::cmp::Reverse<u64>) {
        (self.win > 0, self.win, std::cmp::Reverse(self.lose))
    }
}

impl PartialOrd for Strength {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Strength {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// Groups `active` by a transitive "beats" relation: first the options nobody beats, and
/// so on.
pub(super) fn layers(active: &[Cand], beats: impl Fn(Cand, Cand) -> bool) -> Vec<Vec<Cand>> {
    let mut left: Vec<Cand> = active.to_vec();
    let mut out = Vec::new();
    while !left.is_empty() {
        let top: Vec<Cand> = left
            .iter()
            .copied()
            .filter(|&i| !left.iter().any(|&j| j != i && beats(j, i)))
            .collect();
        // A cycle (not possible for the transitive relations used here): keep the rest tied.
        let top = if top.is_empty() { left.clone() } else { top };
        left.retain(|c| !top.contains(c));
        out.push(top);
    }
    out
}

/// Winners and the final ranking from ranked groups: ties inside the groups are split by the
/// tie policy when it has an order; a tie that straddles the last seat and is not split is
/// reported.
pub(super) fn settle(
    groups: Vec<Vec<Cand>>,
    seats: usize,
    tie: &TiePolicy,
    n: usize,
) -> (Vec<Cand>, Vec<Vec<Cand>>, Vec<Cand>, Vec<BrokenTie>) {
    let mut ranking = Vec::new();
    let mut broken = Vec::new();
    for g in groups {
        match (g.len() > 1).then(|| tie.split(&g, n)).flatten() {
            Some(split) => {
                let mut among = g.clone();
                among.sort_unstable();
                broken.push(BrokenTie {
                    among,
                    chosen: split[0],
                    purpose: TieFor::Ranking,
                    round: None,
                });
                ranking.extend(split.into_iter().map(|c| vec![c]));
            }
            None => ranking.push(g),
        }
    }
    let mut winners = Vec::new();
    let mut tied = Vec::new();
    for g in &ranking {
        if winners.len() >= seats {
            break;
        }
        if winners.len() + g.len() <= seats {
            winners.extend(g.iter().copied());
        } else {
            tied = g.clone();
            break;
        }
    }
    (winners, ranking, tied, broken)
}

fn base(e: &Election, method: &str, tie: &TiePolicy) -> (Vec<Vec<u64>>, Vec<Cand>, TallyResult) {
    let ballots = e.grouped();
    let d = matrix(e.candidates.len(), &ballots);
    let mut parameters = Map::new();
    parameters.insert("seats".into(), json!(e.seats));
    parameters.insert(
        "tie".into(),
        serde_json::to_value(tie).unwrap_or(Value::Null),
    );
    let result = TallyResult {
        method: method.to_string(),
        pairwise: Some(d.clone()),
        parameters,
        ballots: e.total(),
        ..Default::default()
    };
    (d, e.active(), result)
}

/// The Condorcet winner if there is one; otherwise the Smith set, tied.
pub fn condorcet(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    let (d, active, mut r) = base(e, "condorcet", tie);
    let smith = smith_set(&d, &active);
    let winner = condorcet_winner(&d, &active);
    let rest: Vec<Cand> = active
        .iter()
        .copied()
        .filter(|c| !smith.contains(c))
        .collect();
    let mut groups = vec![smith.clone()];
    if !rest.is_empty() {
        groups.push(rest);
    }
    let (winners, ranking, tied, ties_broken) = settle(groups, 1, tie, e.candidates.len());
    r.extra.insert(
        "smith_set".into(),
        Value::Array(smith.iter().map(|&c| json!(e.candidates[c])).collect()),
    );
    r.rounds.push(Round {
        note: match winner {
            Some(w) => format!("{} beats every other option pairwise", e.candidates[w]),
            None => "no option beats every other: the Smith set is the smallest group that beats everyone outside it".into(),
        },
        ..Default::default()
    });
    (r.winners, r.ranking, r.tied, r.ties_broken) = (winners, ranking, tied, ties_broken);
    Ok(r)
}

/// Copeland: one point per pairwise win, half a point per pairwise tie (scores shown as
/// decimals; counted in halves).
pub fn copeland(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    let (d, active, mut r) = base(e, "copeland", tie);
    let n = e.candidates.len();
    let mut halves = vec![0u64; n];
    for &i in &active {
        for &j in &active {
            if i != j {
                halves[i] += match d[i][j].cmp(&d[j][i]) {
                    std::cmp::Ordering::Greater => 2,
                    std::cmp::Ordering::Equal => 1,
                    std::cmp::Ordering::Less => 0,
                };
            }
        }
    }
    let groups = layers(&active, |a, b| halves[a] > halves[b]);
    let (winners, ranking, tied, ties_broken) = settle(groups, e.seats, tie, n);
    let mut scores = Map::new();
    for &c in &active {
        scores.insert(e.candidates[c].clone(), json!(half_text(halves[c])));
    }
    r.extra.insert("scores".into(), Value::Object(scores));
    (r.winners, r.ranking, r.tied, r.ties_broken) = (winners, ranking, tied, ties_broken);
    Ok(r)
}

pub(super) fn half_text(halves: u64) -> String {
    if halves.is_multiple_of(2) {
        (halves / 2).to_string()
    } else {
        format!("{}.5", halves / 2)
    }
}

/// Minimax (winning votes): each option's worst defeat (votes against it in the pair it
/// loses most heavily; 0 when it loses none); the smallest worst defeat wins.
pub fn minimax(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    let (d, active, mut r) = base(e, "minimax", tie);
    let n = e.candidates.len();
    let worst: Vec<u64> = (0..n)
        .map(|i| {
            active
                .iter()
                .filter(|&&j| j != i && d[j][i] > d[i][j])
                .map(|&j| d[j][i])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let groups = layers(&active, |a, b| worst[a] < worst[b]);
    let (winners, ranking, tied, ties_broken) = settle(groups, e.seats, tie, n);
    let mut scores = Map::new();
    for &c in &active {
        scores.insert(e.candidates[c].clone(), json!(worst[c]));
    }
    r.extra.insert("worst_defeat".into(), Value::Object(scores));
    (r.winners, r.ranking, r.tied, r.ties_broken) = (winners, ranking, tied, ties_broken);
    Ok(r)
}

/// Schulze (winning votes, ties in strength broken by losing votes): the strongest path
/// from every option to every other (Floyd-Warshall); i ranks above j when the strongest
/// path from i to j is stronger than the one from j to i.
pub fn schulze(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    let (d, active, mut r) = base(e, "schulze", tie);
    let n = e.candidates.len();
    let mut p = vec![vec![Strength::NONE; n]; n];
    for &i in &active {
        for &j in &active {
            if i != j {
                p[i][j] = Strength::of(&d, i, j);
            }
        }
    }
    for &k in &active {
        for &i in &active {
            if i == k {
                continue;
            }
            for &j in &active {
                if j == i || j == k {
                    continue;
                }
                let through = std::cmp::min(p[i][k], p[k][j]);
                if through > p[i][j] {
                    p[i][j] = through;
                }
            }
        }
    }
    let groups = layers(&active, |a, b| p[a][b] > p[b][a]);
    let (winners, ranking, tied, ties_broken) = settle(groups, e.seats, tie, n);
    let mut paths = Map::new();
    for &i in &active {
        let mut row = Map::new();
        for &j in &active {
            if i != j {
                row.insert(e.candidates[j].clone(), json!(p[i][j].win));
            }
        }
        paths.insert(e.candidates[i].clone(), Value::Object(row));
    }
    r.extra
        .insert("strongest_paths".into(), Value::Object(paths));
    (r.winners, r.ranking, r.tied, r.ties_broken) = (winners, ranking, tied, ties_broken);
    Ok(r)
}

/// Ranked Pairs (Tideman, winning votes): defeats from strongest to weakest, each locked in
/// unless it would close a cycle with those already locked. Defeats of exactly equal
/// strength are ordered by the tie policy (by the favoured winner, then the disfavoured
/// loser); without one, they are locked together when that is possible in any order, and
/// the options they could rank either way are left tied.
pub fn ranked_pairs(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    let (d, active, mut r) = base(e, "ranked-pairs", tie);
    let n = e.candidates.len();
    let order = tie.order(n);
    let rank_of = |c: Cand| order.as_ref().and_then(|o| o.iter().position(|&x| x == c));
    let mut pairs: Vec<(Strength, Cand, Cand)> = Vec::new();
    for &i in &active {
        for &j in &active {
            if i != j && d[i][j] > d[j][i] {
                pairs.push((Strength::of(&d, i, j), i, j));
            }
        }
    }
    pairs.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| rank_of(a.1).cmp(&rank_of(b.1)))
            .then_with(|| rank_of(b.2).cmp(&rank_of(a.2)))
            .then_with(|| (a.1, a.2).cmp(&(b.1, b.2)))
    });
    let mut locked = vec![vec![false; n]; n];
    let reaches = |locked: &Vec<Vec<bool>>, from: Cand, to: Cand| -> bool {
        let mut seen = vec![false; n];
        let mut stack = vec![from];
        while let Some(x) = stack.pop() {
            if x == to {
                return true;
            }
            if std::mem::replace(&mut seen[x], true) {
                continue;
            }
            stack.extend((0..n).filter(|&y| locked[x][y]));
        }
        false
    };
    let mut i = 0;
    while i < pairs.len() {
        // A batch of defeats of equal strength.
        let mut end = i + 1;
        while end < pairs.len() && pairs[end].0 == pairs[i].0 && order.is_none() {
            end += 1;
        }
        let batch = &pairs[i..end];
        let before = locked.clone();
        // Defeats of the batch that fit what was locked before it...
        let fitting: Vec<(Cand, Cand)> = batch
            .iter()
            .filter(|&&(_, a, b)| !reaches(&before, b, a))
            .map(|&(_, a, b)| (a, b))
            .collect();
        let mut with_all = before.clone();
        for &(a, b) in &fitting {
            with_all[a][b] = true;
        }
        // ...are locked together, except (when they close a cycle among themselves, so the
        // outcome would depend on their order) the ones on such a cycle: with a tie order
        // batches have one defeat, so this only happens with no tie policy.
        for &(a, b) in &fitting {
            let mut without = with_all.clone();
            without[a][b] = false;
            if !reaches(&without, b, a) {
                locked[a][b] = true;
            }
        }
        for (s, a, b) in batch.iter().copied() {
            let note = if locked[a][b] {
                format!(
                    "lock {} > {} ({} to {})",
                    e.candidates[a], e.candidates[b], s.win, s.lose
                )
            } else if reaches(&locked, b, a) {
                format!(
                    "skip {} > {} ({} to {}): it would close a cycle",
                    e.candidates[a], e.candidates[b], s.win, s.lose
                )
            } else {
                format!(
                    "leave {} > {} ({} to {}): defeats of equal strength close a cycle, and no tie policy orders them",
                    e.candidates[a], e.candidates[b], s.win, s.lose
                )
            };
            r.rounds.push(Round {
                note,
                ..Default::default()
            });
        }
        i = end;
    }
    // The locked graph's transitive closure ranks the options.
    let closure: Vec<Vec<bool>> = (0..n)
        .map(|a| (0..n).map(|b| a != b && reaches(&locked, a, b)).collect())
        .collect();
    let groups = layers(&active, |a, b| closure[a][b]);
    let (winners, ranking, tied, ties_broken) = settle(groups, e.seats, tie, n);
    (r.winners, r.ranking, r.tied, r.ties_broken) = (winners, ranking, tied, ties_broken);
    Ok(r)
}
