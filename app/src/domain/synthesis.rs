//! Synthesis by consent: the rules of merging amendments and of sharing the decisions on a
//! program among committees. Pure: the services gather the facts.

use serde::{Deserialize, Serialize};

/// The fewest and the most amendments one merge combines.
pub const MERGE_MIN: usize = 2;
pub const MERGE_MAX: usize = 20;
/// A proposed merge waits for its authors at least this long, and at most this long.
pub const DEADLINE_MIN_SECS: i64 = 3600;
pub const DEADLINE_MAX_SECS: i64 = 60 * 24 * 3600;
/// The deadline a merge form suggests.
pub const DEADLINE_DEFAULT_SECS: i64 = 7 * 24 * 3600;

crate::domain::stored::named_enum! {
    /// A source author's answer to a proposed merge.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum MergeAnswer {
        /// Their amendment is closed as merged when the merge is published.
        Consent = "consent",
        /// Their amendment stays open, in the contest with the merged text.
        Keep = "keep",
    }
}

impl std::str::FromStr for MergeAnswer {
    type Err = crate::error::AppError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MergeAnswer::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(crate::error::AppError::BadRequest)
    }
}

/// Whether a deadline `deadline` set at `now` is allowed.
pub fn deadline_allowed(now: i64, deadline: i64) -> bool {
    (now + DEADLINE_MIN_SECS..=now + DEADLINE_MAX_SECS).contains(&deadline)
}

/// Whether a proposed merge is due for publication: every source author answered, or its
/// deadline passed (sources whose author did not answer then stay open: nothing is moved
/// without consent).
pub fn merge_due(answers: &[Option<MergeAnswer>], now: i64, deadline: i64) -> bool {
    answers.iter().all(Option::is_some) || now >= deadline
}

/// Where a person stands with the committee of a section, for decisions on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// No committee decides on the section: every facilitator may.
    Open,
    /// A committee decides on it, and the person is in it.
    Member,
    /// A committee decides on it, and the person is not in it.
    Outsider,
}

impl Scope {
    /// The scope of a person in `committee` (None: the section has no committee), given
    /// whether they are a member of it.
    pub fn of(committee: Option<bool>) -> Scope {
        match committee {
            None => Scope::Open,
            Some(true) => Scope::Member,
            Some(false) => Scope::Outsider,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_is_due_when_all_answered_or_at_its_deadline() {
        let (now, deadline) = (1_000, 2_000);
        let c = Some(MergeAnswer::Consent);
        let k = Some(MergeAnswer::Keep);
        assert!(merge_due(&[c, k], now, deadline));
        assert!(!merge_due(&[c, None], now, deadline));
        assert!(merge_due(&[c, None], deadline, deadline));
        assert!(merge_due(&[None, None], deadline + 1, deadline));
    }

    #[test]
    fn deadlines_are_neither_too_soon_nor_too_late() {
        assert!(!deadline_allowed(0, 60));
        assert!(deadline_allowed(0, DEADLINE_MIN_SECS));
        assert!(deadline_allowed(0, DEADLINE_DEFAULT_SECS));
        assert!(!deadline_allowed(0, DEADLINE_MAX_SECS + 1));
        assert!(!deadline_allowed(100, 50));
    }
}
