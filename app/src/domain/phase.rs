//! The phases a program moves through, and what each allows: one table, read by every
//! service before it acts and by the pages to say what can be done now.
//!
//! A program's schedule gives each phase a start time; the current phase is the last one
//! that has started (phases without a start are skipped). Before any start, the program is
//! drafting. Each phase ends when the next scheduled one starts, which is what the pages
//! show ("amendments open until 12 March").

use serde::{Deserialize, Serialize};

crate::domain::stored::stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Phase {
        /// Coordinators prepare the text; residents read and comment.
        Drafting,
        /// Residents write, publish and support amendments.
        Amendments,
        /// Amendments are discussed and decided; no new ones.
        Deliberation,
        /// Competing amendments and priorities are voted; amendments in a vote are frozen.
        Voting,
        /// The program is final: read only.
        Closed,
    }
}

/// Everything a phase may allow or refuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Activity {
    /// Write, edit and publish an amendment.
    Amend,
    /// Withdraw one's amendment.
    Withdraw,
    /// Resolve one's conflicted amendment.
    Resolve,
    Support,
    /// Write, edit and vote on comments.
    Comment,
    /// Accept or reject amendments (facilitators, coordinators).
    Decide,
    /// Open a vote (facilitators, coordinators).
    OpenVote,
    /// Cast a ballot.
    Vote,
}

impl Activity {
    pub const ALL: [Activity; 8] = [
        Activity::Amend,
        Activity::Withdraw,
        Activity::Resolve,
        Activity::Support,
        Activity::Comment,
        Activity::Decide,
        Activity::OpenVote,
        Activity::Vote,
    ];
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::Drafting,
        Phase::Amendments,
        Phase::Deliberation,
        Phase::Voting,
        Phase::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Drafting => "drafting",
            Phase::Amendments => "amendments",
            Phase::Deliberation => "deliberation",
            Phase::Voting => "voting",
            Phase::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// THE table: what each phase allows.
    pub fn allows(self, activity: Activity) -> bool {
        use Activity::*;
        use Phase::*;
        // Each line: the phases in which an activity is allowed; anything else is refused.
        matches!(
            (self, activity),
            (Amendments, Amend)
                | (Drafting | Amendments | Deliberation, Withdraw)
                | (Amendments | Deliberation, Resolve | Support)
                | (Drafting | Amendments | Deliberation | Voting, Comment)
                | (Amendments | Deliberation | Voting, Decide)
                | (Deliberation | Voting, OpenVote)
                | (Voting, Vote)
        )
    }

    /// The next phase, if any.
    pub fn next(self) -> Option<Phase> {
        let i = Phase::ALL.iter().position(|p| *p == self)?;
        Phase::ALL.get(i + 1).copied()
    }
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A program's schedule: the start time of each phase that has one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule(pub Vec<(Phase, i64)>);

impl Schedule {
    /// The starts in phase order (a later phase never starts before an earlier one).
    pub fn sorted(mut self) -> Schedule {
        self.0.sort_by_key(|(p, _)| *p);
        self
    }

    pub fn start_of(&self, phase: Phase) -> Option<i64> {
        self.0.iter().find(|(p, _)| *p == phase).map(|(_, t)| *t)
    }

    /// The phase at `now`: the last phase (in phase order) whose start has come.
    pub fn current(&self, now: i64) -> Phase {
        Phase::ALL
            .into_iter()
            .rev()
            .find(|p| self.start_of(*p).is_some_and(|t| t <= now))
            .unwrap_or(Phase::Drafting)
    }

    /// When the current phase ends: the start of the next scheduled phase after it.
    pub fn ends(&self, now: i64) -> Option<i64> {
        let current = self.current(now);
        self.0
            .iter()
            .filter(|(p, t)| *p > current && *t > now)
            .map(|(_, t)| *t)
            .min()
    }

    /// Whether the starts follow the phase order (each scheduled phase starts no earlier
    /// than the scheduled phases before it).
    pub fn is_ordered(&self) -> bool {
        let mut last = i64::MIN;
        for p in Phase::ALL {
            if let Some(t) = self.start_of(p) {
                if t < last {
                    return false;
                }
                last = t;
            }
        }
        true
    }

    /// The schedule with `phase` starting at `at` and every later phase that would start
    /// before it unscheduled ("move to the next phase now").
    pub fn starting(&self, phase: Phase, at: i64) -> Schedule {
        let mut out: Vec<(Phase, i64)> = self
            .0
            .iter()
            .copied()
            .filter(|(p, t)| *p < phase && *t <= at || *p > phase && *t > at)
            .collect();
        out.push((phase, at));
        Schedule(out).sorted()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_table() {
        use Activity::*;
        use Phase::*;
        // Row by row, as the pages state it.
        let allowed = |p: Phase| -> Vec<Activity> {
            Activity::ALL.into_iter().filter(|a| p.allows(*a)).collect()
        };
        assert_eq!(allowed(Drafting), vec![Withdraw, Comment]);
        assert_eq!(
            allowed(Amendments),
            vec![Amend, Withdraw, Resolve, Support, Comment, Decide]
        );
        assert_eq!(
            allowed(Deliberation),
            vec![Withdraw, Resolve, Support, Comment, Decide, OpenVote]
        );
        assert_eq!(allowed(Voting), vec![Comment, Decide, OpenVote, Vote]);
        assert_eq!(allowed(Closed), Vec::<Activity>::new());
    }

    #[test]
    fn the_current_phase_follows_the_dates() {
        let s = Schedule(vec![
            (Phase::Amendments, 100),
            (Phase::Deliberation, 200),
            (Phase::Voting, 300),
        ]);
        assert_eq!(s.current(50), Phase::Drafting);
        assert_eq!(s.ends(50), Some(100));
        assert_eq!(s.current(100), Phase::Amendments);
        assert_eq!(s.ends(150), Some(200));
        assert_eq!(s.current(299), Phase::Deliberation);
        assert_eq!(s.current(1000), Phase::Voting);
        assert_eq!(s.ends(1000), None);
        assert!(s.is_ordered());
        assert!(!Schedule(vec![(Phase::Voting, 10), (Phase::Amendments, 20)]).is_ordered());
    }

    #[test]
    fn moving_on_now_drops_what_would_start_earlier() {
        let s = Schedule(vec![(Phase::Amendments, 100), (Phase::Deliberation, 500)]);
        let moved = s.starting(Phase::Deliberation, 150);
        assert_eq!(moved.current(150), Phase::Deliberation);
        assert_eq!(
            moved.0,
            vec![(Phase::Amendments, 100), (Phase::Deliberation, 150)]
        );
        // Going straight to voting unschedules nothing earlier that already started.
        let v = moved.starting(Phase::Voting, 160);
        assert_eq!(v.current(160), Phase::Voting);
        assert_eq!(v.start_of(Phase::Amendments), Some(100));
    }

    proptest! {
        #[test]
        fn starting_a_phase_makes_it_current(starts in proptest::collection::vec(0i64..1000, 5), pick in 0usize..5, at in 0i64..1000) {
            let s = Schedule(Phase::ALL.into_iter().zip(starts).collect()).sorted();
            let phase = Phase::ALL[pick];
            let moved = s.starting(phase, at);
            prop_assert_eq!(moved.current(at), phase);
        }
    }
}
