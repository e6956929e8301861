//! An election and its ballots.
//!
//! A ballot is a weak order over a subset of the options: its first rank holds the options
//! ranked first (several when ranked equal), and so on. Options the ballot does not mention
//! are below every ranked one and tied among themselves.
//!
//! Ballots are stored flat ([`Ballots`]): a city's million ballots take a few bytes per
//! mark, not an allocation per rank, and every count walks them in one pass over memory.

use super::{Cand, TallyError};
use std::collections::HashMap;

/// A ballot as a value: how many voters cast it, and its ranks (for building, exporting
/// and tests; counts read [`BallotRef`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ballot {
    /// Where it was cast (an index into [`Election::sources`]; 0 is online).
    pub source: u16,
    /// How many voters cast exactly this ballot.
    pub count: u64,
    pub ranks: Vec<Vec<Cand>>,
}

/// Set on a mark ranked equal to the mark before it.
const EQUAL: u32 = 1 << 31;
/// At most this many options (the flag takes the top bit).
pub const MAX_OPTIONS: usize = (EQUAL - 1) as usize;

/// Every ballot's count and marks, in three flat vectors: ballot k's marks are
/// `marks[ends[k - 1]..ends[k]]`, options in rank order, [`EQUAL`] set on a mark that shares
/// the rank of the one before.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ballots {
    counts: Vec<u64>,
    ends: Vec<usize>,
    marks: Vec<u32>,
    /// Where each ballot was cast: an index into [`Election::sources`].
    sources: Vec<u16>,
}

impl Ballots {
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Appends a ballot (ranks already checked; empty ranks skipped).
    fn push<'a>(&mut self, count: u64, source: u16, ranks: impl IntoIterator<Item = &'a [Cand]>) {
        for rank in ranks {
            for (i, &c) in rank.iter().enumerate() {
                let c = c as u32;
                self.marks.push(if i == 0 { c } else { c | EQUAL });
            }
        }
        self.counts.push(count);
        self.sources.push(source);
        self.ends.push(self.marks.len());
    }

    pub fn get(&self, k: usize) -> BallotRef<'_> {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        BallotRef {
            count: self.counts[k],
            source: self.sources[k],
            marks: &self.marks[start..self.ends[k]],
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = BallotRef<'_>> + '_ {
        (0..self.len()).map(|k| self.get(k))
    }

    /// The ballots in the given order (tests: nothing may depend on it).
    pub fn reordered(&self, order: &[usize]) -> Ballots {
        let mut out = Ballots::default();
        for &k in order {
            let b = self.get(k);
            out.marks.extend_from_slice(b.marks);
            out.counts.push(b.count);
            out.sources.push(b.source);
            out.ends.push(out.marks.len());
        }
        out
    }
}

/// One ballot, borrowed from [`Ballots`].
#[derive(Clone, Copy, Debug)]
pub struct BallotRef<'a> {
    pub count: u64,
    /// Where it was cast (an index into [`Election::sources`]).
    pub source: u16,
    marks: &'a [u32],
}

impl<'a> BallotRef<'a> {
    /// Its ranks, first first.
    pub fn ranks(self) -> Ranks<'a> {
        Ranks { rest: self.marks }
    }

    /// Every option it ranks, in rank order.
    pub fn options(self) -> impl Iterator<Item = Cand> + 'a {
        self.marks.iter().map(|&m| (m & !EQUAL) as Cand)
    }

    /// Whether it ranks no option.
    pub fn is_blank(self) -> bool {
        self.marks.is_empty()
    }

    pub fn to_ballot(self) -> Ballot {
        Ballot {
            source: self.source,
            count: self.count,
            ranks: self.ranks().map(|r| r.iter().collect()).collect(),
        }
    }
}

/// The ranks of a ballot.
#[derive(Clone, Debug)]
pub struct Ranks<'a> {
    rest: &'a [u32],
}

impl<'a> Iterator for Ranks<'a> {
    type Item = Rank<'a>;
    fn next(&mut self) -> Option<Rank<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        let len = 1 + self.rest[1..]
            .iter()
            .take_while(|&&m| m & EQUAL != 0)
            .count();
        let (rank, rest) = self.rest.split_at(len);
        self.rest = rest;
        Some(Rank(rank))
    }
}

/// The options of one rank (one, or several ranked equal).
#[derive(Clone, Copy, Debug)]
pub struct Rank<'a>(&'a [u32]);

impl<'a> Rank<'a> {
    pub fn len(self) -> usize {
        self.0.len()
    }
    pub fn is_empty(self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(self) -> impl Iterator<Item = Cand> + 'a {
        self.0.iter().map(|&m| (m & !EQUAL) as Cand)
    }
    pub fn contains(self, c: Cand) -> bool {
        self.iter().any(|x| x == c)
    }
}

/// A ballot marking options one by one (a score, or an answer): how many voters cast it,
/// the marks, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked<T> {
    pub count: u64,
    pub marks: Vec<(Cand, T)>,
    pub source: u16,
}

/// An answer on a yes/no/abstain ballot.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    Yes,
    No,
    Abstain,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Abstain => "abstain",
        }
    }
    pub fn parse(s: &str) -> Option<Answer> {
        match s {
            "yes" => Some(Answer::Yes),
            "no" => Some(Answer::No),
            "abstain" => Some(Answer::Abstain),
            _ => None,
        }
    }
}

/// The source every ballot has unless a file says otherwise.
pub const ONLINE: &str = "online";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Election {
    pub title: Option<String>,
    pub candidates: Vec<String>,
    /// Withdrawn options take no part in the count (ballots skip them).
    pub withdrawn: Vec<bool>,
    pub seats: usize,
    pub ballots: Ballots,
    /// Score ballots (`N: A:5 B:3`): how many voters gave each listed option its score;
    /// options not listed score 0. Only the score method reads them.
    pub scores: Vec<Marked<u64>>,
    /// Yes/no/abstain ballots (`N: A:yes B:no C:abstain`): options not listed are not
    /// answered. Only the yes-no method reads them.
    pub answers: Vec<Marked<Answer>>,
    /// Where ballots were cast: `online` first, then rooms (`# source: room ...` lines).
    pub sources: Vec<String>,
    /// A BLT file's own `[tie ...]` line, most favoured option first. (Droop's line lists
    /// the option that loses a draw first: `[tie 3 2 1]` means option 3 loses to 2 and 1;
    /// the parser turns it around.)
    pub tie_order: Option<Vec<Cand>>,
}

impl Election {
    pub fn new(candidates: Vec<String>, seats: usize) -> Self {
        let n = candidates.len();
        Election {
            candidates,
            withdrawn: vec![false; n],
            seats,
            sources: vec![ONLINE.to_string()],
            ..Default::default()
        }
    }

    /// The ballots cast at source `source` only (its count "apart").
    pub fn source_only(&self, source: u16) -> Election {
        let order: Vec<usize> = (0..self.ballots.len())
            .filter(|&k| self.ballots.sources[k] == source)
            .collect();
        let mut out = self.clone_without_ballots();
        out.ballots = self.ballots.reordered(&order);
        out.scores = self
            .scores
            .iter()
            .filter(|m| m.source == source)
            .cloned()
            .collect();
        out.answers = self
            .answers
            .iter()
            .filter(|m| m.source == source)
            .cloned()
            .collect();
        out
    }

    fn clone_without_ballots(&self) -> Election {
        Election {
            title: self.title.clone(),
            candidates: self.candidates.clone(),
            withdrawn: self.withdrawn.clone(),
            seats: self.seats,
            ballots: Ballots::default(),
            scores: Vec::new(),
            answers: Vec::new(),
            sources: self.sources.clone(),
            tie_order: self.tie_order.clone(),
        }
    }

    /// Index of an option by name.
    pub fn index_of(&self, name: &str) -> Option<Cand> {
        self.candidates.iter().position(|c| c == name)
    }

    /// The options taking part (not withdrawn), in declaration order.
    pub fn active(&self) -> Vec<Cand> {
        (0..self.candidates.len())
            .filter(|&c| !self.withdrawn[c])
            .collect()
    }

    /// Per option, the voters who ranked it first (alone or equal first with others;
    /// withdrawn options are skipped, so the next preference counts).
    pub fn first_preferences(&self) -> Vec<u64> {
        let mut out = vec![0u64; self.candidates.len()];
        let out_of_count = |c: Cand| self.withdrawn.get(c).copied().unwrap_or(false);
        for b in self.ballots.iter() {
            let Some(top) = b.ranks().find(|r| r.iter().any(|c| !out_of_count(c))) else {
                continue;
            };
            for c in top.iter().filter(|&c| !out_of_count(c)) {
                if let Some(n) = out.get_mut(c) {
                    *n = n.saturating_add(b.count);
                }
            }
        }
        out
    }

    /// Number of voters (exact once [`Election::validate`] has passed; it refuses totals
    /// beyond `u64`).
    pub fn total(&self) -> u64 {
        self.ballots
            .counts
            .iter()
            .fold(0u64, |sum, &c| sum.saturating_add(c))
    }

    /// Adds `count` ballots ranking `ranks`, checking that every option exists and appears
    /// once. Empty ranks are dropped; options within a rank are put in index order.
    pub fn add(&mut self, count: u64, ranks: Vec<Vec<Cand>>) -> Result<(), String> {
        let mut seen = vec![false; self.candidates.len()];
        let mut ranks = ranks;
        self.add_with(count, 0, &mut ranks, &mut seen)
    }

    /// [`Election::add`] for ballots cast at `source` (an index into `sources`).
    pub fn add_at(
        &mut self,
        count: u64,
        source: u16,
        mut ranks: Vec<Vec<Cand>>,
    ) -> Result<(), String> {
        let mut seen = vec![false; self.candidates.len()];
        self.add_with(count, source, &mut ranks, &mut seen)
    }

    /// [`Election::add`] with a scratch vector of `candidates.len()` falses (left false),
    /// so a parser adding a million ballots does not allocate one per ballot.
    pub(super) fn add_with(
        &mut self,
        count: u64,
        source: u16,
        ranks: &mut [Vec<Cand>],
        seen: &mut [bool],
    ) -> Result<(), String> {
        let mut check = || -> Result<(), String> {
            for group in ranks.iter() {
                for &c in group {
                    let Some(slot) = seen.get_mut(c) else {
                        return Err(format!("option number {} does not exist", c + 1));
                    };
                    if std::mem::replace(slot, true) {
                        return Err(format!("{} is ranked twice", self.candidates[c]));
                    }
                }
            }
            Ok(())
        };
        let checked = check();
        for &c in ranks.iter().flatten() {
            if let Some(slot) = seen.get_mut(c) {
                *slot = false;
            }
        }
        checked?;
        if count > 0 {
            for g in ranks.iter_mut() {
                g.sort_unstable();
            }
            self.ballots.push(
                count,
                source,
                ranks.iter().filter(|g| !g.is_empty()).map(Vec::as_slice),
            );
        }
        Ok(())
    }

    /// Merges identical ballots and puts them in canonical order (the platform does, before
    /// counting a vote; exports do). Counts do not need it.
    pub fn compact(&mut self) {
        let merged = self.merge(false);
        let mut ballots = Ballots::default();
        for b in &merged {
            ballots.push(b.count, b.source, b.ranks.iter().map(Vec::as_slice));
        }
        self.ballots = ballots;
    }

    /// The ballots a count reads: withdrawn options removed (borrowed as they are when
    /// nobody withdrew).
    pub fn grouped(&self) -> std::borrow::Cow<'_, Ballots> {
        if !self.withdrawn.contains(&true) {
            return std::borrow::Cow::Borrowed(&self.ballots);
        }
        let mut out = Ballots::default();
        let mut ranks: Vec<Vec<Cand>> = Vec::new();
        for b in self.ballots.iter() {
            ranks.clear();
            ranks.extend(
                b.ranks()
                    .map(|r| r.iter().filter(|&c| !self.withdrawn[c]).collect::<Vec<_>>())
                    .filter(|r| !r.is_empty()),
            );
            out.push(b.count, b.source, ranks.iter().map(Vec::as_slice));
        }
        std::borrow::Cow::Owned(out)
    }

    /// Identical ballots from the same source merged, in canonical order (by source, then
    /// ranks); withdrawn options dropped from them when `drop_withdrawn`, kept otherwise
    /// (storing, exporting).
    pub fn merge(&self, drop_withdrawn: bool) -> Vec<Ballot> {
        let mut merged: HashMap<(u16, Vec<Vec<Cand>>), u64> = HashMap::new();
        for b in self.ballots.iter() {
            let ranks: Vec<Vec<Cand>> = b
                .ranks()
                .map(|g| {
                    g.iter()
                        .filter(|&c| !drop_withdrawn || !self.withdrawn[c])
                        .collect::<Vec<_>>()
                })
                .filter(|g| !g.is_empty())
                .collect();
            let n = merged.entry((b.source, ranks)).or_default();
            *n = n.saturating_add(b.count);
        }
        let mut out: Vec<Ballot> = merged
            .into_iter()
            .map(|((source, ranks), count)| Ballot {
                source,
                count,
                ranks,
            })
            .collect();
        out.sort_unstable_by(|a, b| (a.source, &a.ranks).cmp(&(b.source, &b.ranks)));
        out
    }

    /// Checks the parts every method needs.
    pub fn validate(&self) -> Result<(), TallyError> {
        if self.active().is_empty() {
            return Err(TallyError::Invalid("there are no options".into()));
        }
        if self.seats == 0 {
            return Err(TallyError::Invalid(
                "there must be at least one seat".into(),
            ));
        }
        if self.seats > self.candidates.len() {
            return Err(TallyError::Invalid(format!(
                "{} seats but only {} options",
                self.seats,
                self.candidates.len()
            )));
        }
        // Every sum of counts the methods make fits in their arithmetic once the number
        // of voters fits in 64 bits (Borda's points and STV's fixed point use 128).
        fn exact(mut counts: impl Iterator<Item = u64>) -> bool {
            counts.try_fold(0u64, |sum, c| sum.checked_add(c)).is_some()
        }
        if !exact(self.ballots.counts.iter().copied())
            || !exact(self.scores.iter().map(|m| m.count))
            || !exact(self.answers.iter().map(|m| m.count))
        {
            return Err(TallyError::Invalid(
                "more voters than can be counted exactly (2^64 - 1 at most)".into(),
            ));
        }
        Ok(())
    }
}
