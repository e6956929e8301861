//! What a count returns, and its JSON shape (stable: scripts read it):
//! `{"method", "winners", "ranking", "tied"?, "rounds", "pairwise"?, "parameters", "ballots"}`.

use super::{Cand, Election};

/// `units` in units of 10^-places, as decimal text with all its places (`2392.00000`).
pub fn decimal(units: u128, places: u32) -> String {
    let one = 10u128.pow(places);
    format!(
        "{}.{:0width$}",
        units / one,
        units % one,
        width = places as usize
    )
}
/// A count's decimal figure as residents read it: to hundredths (half up), whole numbers
/// without decimals (`2.000000000` → `2`, `0.499999999` → `0.50`). The exact figure, at
/// the precision the method counts with, stays in the result's JSON and transcript.
/// Anything that is not a plain decimal comes back as it is.
pub fn readable(exact: &str) -> String {
    let (int, frac) = exact.split_once('.').unwrap_or((exact, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || int.len() > 30 {
        return exact.to_string();
    }
    let Ok(whole) = int.parse::<u128>() else {
        return exact.to_string();
    };
    let d = |i: usize| u128::from(frac.as_bytes().get(i).map_or(0, |b| b - b'0'));
    let mut hundredths = whole * 100 + d(0) * 10 + d(1);
    if d(2) >= 5 {
        hundredths += 1;
    }
    match hundredths % 100 {
        0 => (hundredths / 100).to_string(),
        rest => format!("{}.{rest:02}", hundredths / 100),
    }
}

use serde_json::{json, Map, Value};

/// One round (or stage) of a round-based count, or one step of a pairwise method.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
    /// Votes per option still in the count, as decimal text (whole numbers for IRV,
    /// fixed-point for STV), in candidate order; `None` for options not in this round.
    pub counts: Vec<Option<String>>,
    pub exhausted: Option<String>,
    /// Votes lost to rounding down (STV), as decimal text.
    pub residual: Option<String>,
    pub elected: Vec<Cand>,
    pub excluded: Vec<Cand>,
    /// Why: the rule that applied, in words.
    pub note: String,
}

/// The ranking of a result left tied: the sure winners, then the contenders together, then
/// everyone else as `before` ranked them.
pub fn tied_ranking(winners: &[Cand], contenders: &[Cand], before: &[Vec<Cand>]) -> Vec<Vec<Cand>> {
    let mut ranking: Vec<Vec<Cand>> = winners.iter().map(|&c| vec![c]).collect();
    ranking.push(contenders.to_vec());
    for group in before {
        let rest: Vec<Cand> = group
            .iter()
            .copied()
            .filter(|c| !winners.contains(c) && !contenders.contains(c))
            .collect();
        if !rest.is_empty() {
            ranking.push(rest);
        }
    }
    ranking
}

/// What a tie the tie policy broke decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TieFor {
    /// Who is elected (or whose surplus goes first).
    Election,
    /// Who is excluded.
    Exclusion,
    /// The order of equals in the final ranking.
    Ranking,
}

impl TieFor {
    pub fn as_str(self) -> &'static str {
        match self {
            TieFor::Election => "election",
            TieFor::Exclusion => "exclusion",
            TieFor::Ranking => "ranking",
        }
    }
}

/// A tie the count did not settle by votes and the tie policy decided: readers must be told,
/// never shown a winner as if the votes alone had chosen them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenTie {
    /// The tied options.
    pub among: Vec<Cand>,
    /// The policy's choice: elected, excluded, or for `Ranking` the first of the order.
    pub chosen: Cand,
    pub purpose: TieFor,
    /// The round (1-based) it happened in, for round-based counts.
    pub round: Option<usize>,
    /// No tie rule decided it, and every way of breaking it was counted and gives the same
    /// winners: broken (the first-declared option taken) without changing the result.
    pub moot: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TallyResult {
    pub method: String,
    /// In order of election.
    pub winners: Vec<Cand>,
    /// Best first; equals share a group.
    pub ranking: Vec<Vec<Cand>>,
    /// Present when the tie policy left a deciding tie unresolved: the tied options.
    pub tied: Vec<Cand>,
    /// Ties the tie policy decided, in the order they arose.
    pub ties_broken: Vec<BrokenTie>,
    pub rounds: Vec<Round>,
    /// `pairwise[i][j]`: voters preferring option i to option j.
    pub pairwise: Option<Vec<Vec<u64>>>,
    /// Extra per-method figures (e.g. Schulze's strongest paths, Borda or Copeland scores).
    pub extra: Map<String, Value>,
    /// Method options and the tie policy, as given.
    pub parameters: Map<String, Value>,
    pub ballots: u64,
}

impl TallyResult {
    /// The result with option names instead of indexes.
    pub fn to_json(&self, e: &Election) -> Value {
        let name = |c: &Cand| Value::String(e.candidates[*c].clone());
        let names = |cs: &[Cand]| Value::Array(cs.iter().map(name).collect());
        let ranking = if self.ranking.iter().all(|g| g.len() == 1) {
            Value::Array(self.ranking.iter().map(|g| name(&g[0])).collect())
        } else {
            Value::Array(self.ranking.iter().map(|g| names(g)).collect())
        };
        let rounds: Vec<Value> = self
            .rounds
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut counts = Map::new();
                for (c, v) in r.counts.iter().enumerate() {
                    if let Some(v) = v {
                        counts.insert(e.candidates[c].clone(), Value::String(v.clone()));
                    }
                }
                let mut o = Map::new();
                o.insert("round".into(), json!(i + 1));
                if !counts.is_empty() {
                    o.insert("counts".into(), Value::Object(counts));
                }
                if let Some(x) = &r.exhausted {
                    o.insert("exhausted".into(), Value::String(x.clone()));
                }
                if let Some(x) = &r.residual {
                    o.insert("residual".into(), Value::String(x.clone()));
                }
                o.insert("elected".into(), names(&r.elected));
                o.insert("excluded".into(), names(&r.excluded));
                o.insert("note".into(), Value::String(r.note.clone()));
                Value::Object(o)
            })
            .collect();
        let mut out = Map::new();
        out.insert("method".into(), Value::String(self.method.clone()));
        out.insert("winners".into(), names(&self.winners));
        out.insert("ranking".into(), ranking);
        if !self.tied.is_empty() {
            out.insert("tied".into(), names(&self.tied));
        }
        if !self.ties_broken.is_empty() {
            let broken: Vec<Value> = self
                .ties_broken
                .iter()
                .map(|b| {
                    let mut o = Map::new();
                    o.insert("among".into(), names(&b.among));
                    o.insert("chosen".into(), name(&b.chosen));
                    o.insert("for".into(), json!(b.purpose.as_str()));
                    if let Some(r) = b.round {
                        o.insert("round".into(), json!(r));
                    }
                    if b.moot {
                        o.insert("affects_result".into(), json!(false));
                    }
                    Value::Object(o)
                })
                .collect();
            out.insert("ties_broken".into(), Value::Array(broken));
        }
        out.insert("rounds".into(), Value::Array(rounds));
        let mut pairwise = Map::new();
        if let Some(m) = &self.pairwise {
            let active = e.active();
            for &i in &active {
                let mut row = Map::new();
                for &j in &active {
                    if i != j {
                        row.insert(e.candidates[j].clone(), json!(m[i][j]));
                    }
                }
                pairwise.insert(e.candidates[i].clone(), Value::Object(row));
            }
        }
        out.insert("pairwise".into(), Value::Object(pairwise));
        for (k, v) in &self.extra {
            out.insert(k.clone(), v.clone());
        }
        out.insert("parameters".into(), Value::Object(self.parameters.clone()));
        out.insert("ballots".into(), json!(self.ballots));
        Value::Object(out)
    }

    /// A human-readable transcript.
    pub fn to_text(&self, e: &Election) -> String {
        let name = |c: &Cand| e.candidates[*c].as_str();
        let list = |cs: &[Cand]| cs.iter().map(name).collect::<Vec<_>>().join(", ");
        let mut out = format!("Method: {}\nBallots: {}\n", self.method, self.ballots);
        for (i, r) in self.rounds.iter().enumerate() {
            out.push_str(&format!("\nRound {}\n", i + 1));
            for (c, v) in r.counts.iter().enumerate() {
                if let Some(v) = v {
                    out.push_str(&format!("  {:<30} {v:>14}\n", name(&c)));
                }
            }
            if let Some(x) = &r.exhausted {
                out.push_str(&format!("  {:<30} {x:>14}\n", "(exhausted)"));
            }
            if let Some(x) = &r.residual {
                out.push_str(&format!("  {:<30} {x:>14}\n", "(lost to rounding)"));
            }
            if !r.elected.is_empty() {
                out.push_str(&format!("  elected: {}\n", list(&r.elected)));
            }
            if !r.excluded.is_empty() {
                out.push_str(&format!("  excluded: {}\n", list(&r.excluded)));
            }
            if !r.note.is_empty() {
                out.push_str(&format!("  {}\n", r.note));
            }
        }
        if let Some(m) = &self.pairwise {
            let active = e.active();
            out.push_str("\nPairwise (row preferred to column):\n");
            for &i in &active {
                out.push_str(&format!("  {:<30}", name(&i)));
                for &j in &active {
                    if i == j {
                        out.push_str(&format!(" {:>7}", "-"));
                    } else {
                        out.push_str(&format!(" {:>7}", m[i][j]));
                    }
                }
                out.push('\n');
            }
        }
        out.push_str(&format!("\nWinners: {}\n", list(&self.winners)));
        let ranking: Vec<String> = self.ranking.iter().map(|g| list(g)).collect();
        out.push_str(&format!("Ranking: {}\n", ranking.join(" > ")));
        if !self.tied.is_empty() {
            out.push_str(&format!(
                "Unresolved tie between: {} (no tie policy decides it)\n",
                list(&self.tied)
            ));
        }
        for b in &self.ties_broken {
            let at = b.round.map(|r| format!("round {r}: ")).unwrap_or_default();
            let what = match b.purpose {
                TieFor::Election => "elected",
                TieFor::Exclusion => "excluded",
                TieFor::Ranking => "put first",
            };
            let by = if b.moot {
                "without effect on the result (every choice was counted and elects the same)"
            } else {
                "by the tie policy"
            };
            out.push_str(&format!(
                "Tie decided {by} ({at}{} tied): {} {what}\n",
                list(&b.among),
                name(&b.chosen)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::readable;

    #[test]
    fn figures_residents_read() {
        assert_eq!(readable("0.499999999"), "0.50");
        assert_eq!(readable("2.000000000"), "2");
        assert_eq!(readable("2392.00000"), "2392");
        assert_eq!(readable("1.994999999"), "1.99");
        assert_eq!(readable("1.995"), "2");
        assert_eq!(readable("17"), "17");
        assert_eq!(readable("3.1"), "3.10");
        assert_eq!(readable("n/a"), "n/a");
        assert_eq!(readable(""), "");
    }
}
