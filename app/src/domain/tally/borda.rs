//! Borda, stated for truncated ballots and equal ranks: on each ballot an option scores one
//! point for every option ranked below it and half a point for every other option ranked
//! equal to it; unranked options are below every ranked one and equal among themselves.
//! With n options and a complete strict ballot this is the classic n-1, n-2, ..., 0. It
//! equals the sum of the option's row in the pairwise matrix plus half its pairwise ties.
//! Counted in half points (integers), shown as decimals.

use super::condorcet::{by_score, half_text, settle};
use super::pairwise::matrix;
use super::result::TallyResult;
use super::{Election, TallyError, TiePolicy};
use serde_json::{json, Map, Value};

pub fn borda(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    super::pairwise::check_size(e)?;
    let ballots = e.grouped();
    let n = e.candidates.len();
    let d = matrix(n, &ballots);
    let active = e.active();
    let total = e.total();
    // Half points in 128 bits: up to 2 x 9,999 x (2^64 - 1) half points, exact.
    let mut halves = vec![0u128; n];
    for &i in &active {
        for &j in &active {
            if i != j {
                // Voters with no preference between i and j had them equal.
                let equal = u128::from(total) - u128::from(d[i][j]) - u128::from(d[j][i]);
                halves[i] += 2 * u128::from(d[i][j]) + equal;
            }
        }
    }
    let groups = by_score(&active, |c| halves[c]);
    let (winners, ranking, tied, ties_broken) = settle(groups, e.seats, tie, n);
    let mut scores = Map::new();
    for &c in &active {
        scores.insert(e.candidates[c].clone(), json!(half_text(halves[c])));
    }
    let mut parameters = Map::new();
    parameters.insert("seats".into(), json!(e.seats));
    parameters.insert(
        "tie".into(),
        serde_json::to_value(tie).unwrap_or(Value::Null),
    );
    parameters.insert(
        "rule".into(),
        json!("a point per option ranked below, half per option ranked equal; unranked options equal and last"),
    );
    let mut extra = Map::new();
    extra.insert("scores".into(), Value::Object(scores));
    Ok(TallyResult {
        method: "borda".into(),
        winners,
        ranking,
        tied,
        ties_broken,
        pairwise: Some(d),
        extra,
        parameters,
        ballots: total,
        ..Default::default()
    })
}
