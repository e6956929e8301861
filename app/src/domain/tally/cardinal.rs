//! Approval and score.
//!
//! Approval: on a ranked ballot every ranked option is approved (an approval ballot is a
//! ranking with all approved options equal); the most approved option wins.
//! Score: the sum of the scores given (options a score ballot does not list get 0); the
//! highest sum wins.

use super::condorcet::{by_score, settle};
use super::result::TallyResult;
use super::{Election, TallyError, TiePolicy};
use serde_json::{json, Map, Value};

fn ranked_by(
    e: &Election,
    totals: &[u128],
    tie: &TiePolicy,
    method: &str,
    key: &str,
) -> TallyResult {
    let n = e.candidates.len();
    let active = e.active();
    let groups = by_score(&active, |c| totals[c]);
    let (winners, ranking, tied, ties_broken) = settle(groups, e.seats, tie, n);
    let mut scores = Map::new();
    for &c in &active {
        scores.insert(e.candidates[c].clone(), json!(totals[c].to_string()));
    }
    let mut extra = Map::new();
    extra.insert(key.into(), Value::Object(scores));
    let mut parameters = Map::new();
    parameters.insert("seats".into(), json!(e.seats));
    parameters.insert(
        "tie".into(),
        serde_json::to_value(tie).unwrap_or(Value::Null),
    );
    TallyResult {
        method: method.into(),
        winners,
        ranking,
        tied,
        ties_broken,
        extra,
        parameters,
        ..Default::default()
    }
}

pub fn approval(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    let mut totals = vec![0u128; e.candidates.len()];
    for b in e.grouped().iter() {
        for &c in b.ranks.iter().flatten() {
            totals[c] += u128::from(b.count);
        }
    }
    let mut r = ranked_by(e, &totals, tie, "approval", "approvals");
    r.ballots = e.total();
    Ok(r)
}

pub fn score(e: &Election, tie: &TiePolicy) -> Result<TallyResult, TallyError> {
    e.validate()?;
    if e.scores.is_empty() {
        return Err(TallyError::Invalid(
            "the score method needs score ballots (`N: A:5 B:3`)".into(),
        ));
    }
    let mut totals = vec![0u128; e.candidates.len()];
    for (count, marks) in &e.scores {
        for &(c, s) in marks {
            if !e.withdrawn[c] {
                totals[c] += u128::from(*count) * u128::from(s);
            }
        }
    }
    let mut r = ranked_by(e, &totals, tie, "score", "scores");
    r.ballots = e.scores.iter().map(|(c, _)| c).sum();
    Ok(r)
}
