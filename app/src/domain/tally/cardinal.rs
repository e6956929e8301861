//! Approval, score, and yes/no/abstain.
//!
//! Approval: on a ranked ballot every ranked option is approved (an approval ballot is a
//! ranking with all approved options equal); the most approved option wins.
//! Score: the sum of the scores given (options a score ballot does not list get 0); the
//! highest sum wins.
//! Yes/no/abstain: each option on its own (a motion each); an option passes with more yes
//! than no (abstentions and options left unanswered are not votes cast), or, with a
//! threshold p/q, with yes at least p/q of yes + no. Every option that passes is a winner,
//! most yes over no first.

use super::ballot::Answer;
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
        for c in b.options() {
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
    for m in &e.scores {
        for &(c, s) in &m.marks {
            if !e.withdrawn[c] {
                totals[c] += u128::from(m.count) * u128::from(s);
            }
        }
    }
    let mut r = ranked_by(e, &totals, tie, "score", "scores");
    r.ballots = e.scores.iter().map(|m| m.count).sum();
    Ok(r)
}

/// A qualified majority: yes must be at least `num`/`den` of yes + no.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threshold {
    pub num: u64,
    pub den: u64,
}

impl std::str::FromStr for Threshold {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("bad threshold {s:?}: write it as p/q, e.g. 2/3");
        let (p, q) = s.trim().split_once('/').ok_or_else(bad)?;
        let num: u64 = p.trim().parse().map_err(|_| bad())?;
        let den: u64 = q.trim().parse().map_err(|_| bad())?;
        if num == 0 || den == 0 || num > den || den > 1_000 {
            return Err(bad());
        }
        Ok(Threshold { num, den })
    }
}

/// Whether `yes` against `no` passes: more yes than no, or yes at least the threshold.
pub fn passes(yes: u128, no: u128, threshold: Option<Threshold>) -> bool {
    match threshold {
        None => yes > no,
        Some(t) => yes > 0 && yes * u128::from(t.den) >= (yes + no) * u128::from(t.num),
    }
}

pub fn yes_no(
    e: &Election,
    threshold: Option<Threshold>,
    tie: &TiePolicy,
) -> Result<TallyResult, TallyError> {
    e.validate()?;
    let n = e.candidates.len();
    let mut tally = vec![[0u128; 3]; n];
    for m in &e.answers {
        for &(c, a) in &m.marks {
            if !e.withdrawn[c] {
                tally[c][a as usize] += u128::from(m.count);
            }
        }
    }
    let yes = |c: usize| tally[c][Answer::Yes as usize];
    let no = |c: usize| tally[c][Answer::No as usize];
    let active = e.active();
    let passed: Vec<bool> = (0..n).map(|c| passes(yes(c), no(c), threshold)).collect();
    let margin = |c: usize| yes(c) as i128 - no(c) as i128;
    let groups = by_score(&active, |c| (passed[c], margin(c)));
    let mut winners: Vec<usize> = Vec::new();
    for g in &groups {
        winners.extend(g.iter().copied().filter(|&c| passed[c]));
    }
    let (_, ranking, _, ties_broken) = settle(groups, active.len(), tie, n);
    let figures = |k: Answer| {
        Value::Object(
            active
                .iter()
                .map(|&c| {
                    (
                        e.candidates[c].clone(),
                        json!(tally[c][k as usize].to_string()),
                    )
                })
                .collect(),
        )
    };
    let mut extra = Map::new();
    extra.insert("yes".into(), figures(Answer::Yes));
    extra.insert("no".into(), figures(Answer::No));
    extra.insert("abstain".into(), figures(Answer::Abstain));
    let mut parameters = Map::new();
    parameters.insert(
        "threshold".into(),
        match threshold {
            None => json!("more yes than no"),
            Some(t) => json!(format!("{}/{}", t.num, t.den)),
        },
    );
    Ok(TallyResult {
        method: "yes-no".into(),
        winners,
        ranking,
        ties_broken,
        rounds: vec![super::Round {
            note: match threshold {
                None => "an option passes with more yes than no; abstentions are not votes cast".into(),
                Some(t) => format!(
                    "an option passes with yes at least {}/{} of yes and no; abstentions are not votes cast",
                    t.num, t.den
                ),
            },
            ..Default::default()
        }],
        extra,
        parameters,
        ballots: e.answers.iter().map(|m| m.count).sum(),
        ..Default::default()
    })
}
