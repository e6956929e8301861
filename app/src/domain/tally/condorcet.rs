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

/// Groups `active` by a score, highest first (equal scores share a group; options in
/// declaration order within it): [`layers`] for a score, in n log n.
pub(super) fn by_score<K: Ord + Copy>(
    active: &[Cand],
    score: impl Fn(Cand) -> K,
) -> Vec<Vec<Cand>> {
    let mut sorted = active.to_vec();
    sorted.sort_by_key(|&c| (std::cmp::Reverse(score(c)), c));
    let mut out: Vec<Vec<Cand>> = Vec::new();
    for c in sorted {
        match out.last_mut() {
            Some(g) if score(g[0]) == score(c) => g.push(c),
            _ => out.push(vec![c]),
        }
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
                    moot: false,
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

/// The pairwise matrix, the options in the count, and the result to fill in.
type Base = (Vec<Vec<u64>>, Vec<Cand>, TallyResult);

fn base(e: &Election, method: &str, tie: &TiePolicy) -> Result<Base, TallyError> {
    super::pairwise::check_size(e)?;
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
    Ok((d, e.active(), result))
}

/// The Condorcet winner if there is one; otherwise the Smith set, tied.
pub fn condorcet(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    let (d, active, mut r) = base(e, "condorcet", tie)?;
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
    let (d, active, mut r) = base(e, "copeland", tie)?;
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
    let groups = by_score(&active, |c| halves[c]);
    let (winners, ranking, tied, ties_broken) = settle(groups, e.seats, tie, n);
    let mut scores = Map::new();
    for &c in &active {
        scores.insert(e.candidates[c].clone(), json!(half_text(halves[c])));
    }
    r.extra.insert("scores".into(), Value::Object(scores));
    (r.winners, r.ranking, r.tied, r.ties_broken) = (winners, ranking, tied, ties_broken);
    Ok(r)
}

pub(super) fn half_text(halves: impl Into<u128>) -> String {
    let halves: u128 = halves.into();
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
    let (d, active, mut r) = base(e, "minimax", tie)?;
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
    let groups = by_score(&active, |c| std::cmp::Reverse(worst[c]));
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
    let (d, active, mut r) = base(e, "schulze", tie)?;
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
/// loser). Without one, every order of each group of equal defeats is followed (orders that
/// lock the same defeats are followed once): when all of them elect the same options, that
/// is the result; when they do not, the options some orders elect and others do not are
/// reported as tied, and only they. Past [`RP_LIMIT`] steps of that search, the Smith set
/// (where every order's winner lies) is reported instead.
pub fn ranked_pairs(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    let (d, active, mut r) = base(e, "ranked-pairs", tie)?;
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
    // Batches of defeats whose order no rule decides: of equal strength without a tie
    // order; one defeat each with one.
    let mut batches: Vec<&[(Strength, Cand, Cand)]> = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let mut end = i + 1;
        while end < pairs.len() && pairs[end].0 == pairs[i].0 && order.is_none() {
            end += 1;
        }
        batches.push(&pairs[i..end]);
        i = end;
    }
    // The transcript: the defeats in the sorted order (by option within equal strength).
    let mut locked = Locks::new(n);
    for &(s, a, b) in &pairs {
        let verb = if locked.reaches(b, a) {
            "skip"
        } else {
            locked.lock(a, b);
            "lock"
        };
        let why = if verb == "skip" {
            ": it would close a cycle"
        } else {
            ""
        };
        r.rounds.push(Round {
            note: format!(
                "{verb} {} > {} ({} to {}){why}",
                e.candidates[a], e.candidates[b], s.win, s.lose
            ),
            ..Default::default()
        });
    }
    let outcome = |locks: &Locks| {
        let groups = layers(&active, |a, b| locks.reaches(a, b));
        settle(groups, e.seats, tie, n)
    };
    let (winners, ranking, tied, ties_broken) = outcome(&locked);
    (r.winners, r.ranking, r.tied, r.ties_broken) = (winners, ranking, tied, ties_broken);
    if order.is_some() || batches.iter().all(|b| b.len() == 1) {
        return Ok(r);
    }
    // Every order of the equal defeats.
    let mut frontier: Vec<Locks> = vec![Locks::new(n)];
    let mut steps = 0usize;
    let mut complete = true;
    'batches: for batch in &batches {
        let mut next: std::collections::HashSet<Locks> = std::collections::HashSet::new();
        for g in &frontier {
            if !every_order(batch, g, &mut next, &mut steps) {
                complete = false;
                break 'batches;
            }
        }
        frontier = next.into_iter().collect();
        frontier.sort();
    }
    let mut outcomes: Vec<(Vec<Cand>, Vec<Cand>)> = Vec::new();
    if complete {
        for g in &frontier {
            let (mut w, _, mut t, _) = outcome(g);
            w.sort_unstable();
            t.sort_unstable();
            if !outcomes.contains(&(w.clone(), t.clone())) {
                outcomes.push((w, t));
            }
        }
    }
    if complete && outcomes.len() == 1 {
        // Every order elects the same: the sorted order's result stands (with the tie it
        // reports, if options stay incomparable).
        let (w, t) = &outcomes[0];
        let (mut ours, mut ours_tied) = (r.winners.clone(), r.tied.clone());
        ours.sort_unstable();
        ours_tied.sort_unstable();
        if (&ours, &ours_tied) == (w, t) {
            return Ok(r);
        }
    }
    let (winners, contenders): (Vec<Cand>, Vec<Cand>) = if complete {
        split_outcomes(&active, &outcomes)
    } else {
        let smith = smith_set(&d, &active);
        if e.seats == 1 {
            (Vec::new(), smith)
        } else {
            (Vec::new(), active.clone())
        }
    };
    r.rounds.push(Round {
        note: if complete {
            format!(
                "defeats of equal strength, and no tie policy orders them: depending on their order, {} win",
                contenders
                    .iter()
                    .map(|&c| e.candidates[c].as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            )
        } else {
            format!(
                "defeats of equal strength in too many orders to follow ({RP_LIMIT} steps): the Smith set is reported as tied"
            )
        },
        ..Default::default()
    });
    let ranking = super::result::tied_ranking(&winners, &contenders, &r.ranking);
    (r.winners, r.ranking, r.tied, r.ties_broken) = (winners, ranking, contenders, Vec::new());
    Ok(r)
}

/// From the outcomes (winners, tied) of every order: the options every order elects, and
/// the contenders (elected or left tied by some order, not by all).
pub(super) fn split_outcomes(
    active: &[Cand],
    outcomes: &[(Vec<Cand>, Vec<Cand>)],
) -> (Vec<Cand>, Vec<Cand>) {
    let everywhere: Vec<Cand> = active
        .iter()
        .copied()
        .filter(|c| outcomes.iter().all(|(w, _)| w.contains(c)))
        .collect();
    let some: Vec<Cand> = active
        .iter()
        .copied()
        .filter(|c| {
            !everywhere.contains(c) && outcomes.iter().any(|(w, t)| w.contains(c) || t.contains(c))
        })
        .collect();
    (everywhere, some)
}

/// The most steps [`ranked_pairs`] takes following orders of equal defeats.
pub const RP_LIMIT: usize = 100_000;

/// Locked defeats: `to[a]` holds b when a > b is locked.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Locks {
    to: Vec<Vec<Cand>>,
}

impl Locks {
    fn new(n: usize) -> Self {
        Locks {
            to: vec![Vec::new(); n],
        }
    }
    fn lock(&mut self, a: Cand, b: Cand) {
        if let Err(at) = self.to[a].binary_search(&b) {
            self.to[a].insert(at, b);
        }
    }
    /// Whether locked defeats lead from `from` to `to`.
    fn reaches(&self, from: Cand, to: Cand) -> bool {
        let mut seen = vec![false; self.to.len()];
        let mut stack = vec![from];
        while let Some(x) = stack.pop() {
            if x == to {
                return true;
            }
            if std::mem::replace(&mut seen[x], true) {
                continue;
            }
            stack.extend(self.to[x].iter().copied());
        }
        false
    }
}

/// Adds to `out` the locks every order of `batch` leaves, starting from `g`; false when the
/// step budget runs out.
fn every_order(
    batch: &[(Strength, Cand, Cand)],
    g: &Locks,
    out: &mut std::collections::HashSet<Locks>,
    steps: &mut usize,
) -> bool {
    // Defeats that already close a cycle are skipped in every order; when the others lock
    // together without a cycle, every order locks them all.
    let open: Vec<(Cand, Cand)> = batch
        .iter()
        .filter(|&&(_, a, b)| !g.reaches(b, a))
        .map(|&(_, a, b)| (a, b))
        .collect();
    let mut all = g.clone();
    for &(a, b) in &open {
        all.lock(a, b);
    }
    let acyclic = open.iter().all(|&(a, b)| {
        let mut without = all.clone();
        without.to[a].retain(|&x| x != b);
        !without.reaches(b, a)
    });
    if acyclic {
        *steps += 1;
        out.insert(all);
        return *steps <= RP_LIMIT;
    }
    let mut seen = std::collections::HashSet::new();
    orders(
        &open,
        vec![true; open.len()],
        g.clone(),
        &mut seen,
        out,
        steps,
    )
}

fn orders(
    open: &[(Cand, Cand)],
    left: Vec<bool>,
    g: Locks,
    seen: &mut std::collections::HashSet<(Vec<bool>, Locks)>,
    out: &mut std::collections::HashSet<Locks>,
    steps: &mut usize,
) -> bool {
    *steps += 1;
    if *steps > RP_LIMIT {
        return false;
    }
    if !left.contains(&true) {
        out.insert(g);
        return true;
    }
    if !seen.insert((left.clone(), g.clone())) {
        return true;
    }
    for (k, &(a, b)) in open.iter().enumerate() {
        if !left[k] {
            continue;
        }
        let mut next = g.clone();
        if !next.reaches(b, a) {
            next.lock(a, b);
        }
        let mut rest = left.clone();
        rest[k] = false;
        if !orders(open, rest, next, seen, out, steps) {
            return false;
        }
    }
    true
}
