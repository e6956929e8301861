//! Irreversible actions ask first. Each has a key (kept with the confirmation page's
//! fields), the server function it posts to, and words for the question, the consequence and
//! the confirming button (in the translation layer). Without JavaScript the server answers a
//! plain form post that is not confirmed yet with the confirmation page; with JavaScript the
//! page asks in a dialog and sends `confirmed=1` itself. API clients are not asked.

/// An action that cannot be undone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Irreversible {
    Accept,
    AcceptWithChanges,
    Reject,
    Withdraw,
    CloseVote,
    StartPhase,
    ApplyResult,
    DeleteComment,
    DeleteRoll,
}

impl Irreversible {
    pub const ALL: [Irreversible; 9] = [
        Irreversible::Accept,
        Irreversible::AcceptWithChanges,
        Irreversible::Reject,
        Irreversible::Withdraw,
        Irreversible::CloseVote,
        Irreversible::StartPhase,
        Irreversible::ApplyResult,
        Irreversible::DeleteComment,
        Irreversible::DeleteRoll,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Irreversible::Accept => "accept",
            Irreversible::AcceptWithChanges => "accept-changed",
            Irreversible::Reject => "reject",
            Irreversible::Withdraw => "withdraw",
            Irreversible::CloseVote => "close-vote",
            Irreversible::StartPhase => "start-phase",
            Irreversible::ApplyResult => "apply-result",
            Irreversible::DeleteComment => "delete-comment",
            Irreversible::DeleteRoll => "delete-roll",
        }
    }

    pub fn parse(key: &str) -> Option<Irreversible> {
        Self::ALL.into_iter().find(|a| a.key() == key)
    }

    /// The server function the confirmed form posts to.
    pub fn endpoint(self) -> &'static str {
        match self {
            Irreversible::Accept => "/api/amendments/accept",
            Irreversible::AcceptWithChanges => "/api/amendments/accept-changed",
            Irreversible::Reject => "/api/amendments/reject",
            Irreversible::Withdraw => "/api/amendments/withdraw",
            Irreversible::CloseVote => "/api/votes/close",
            Irreversible::StartPhase => "/api/programs/advance",
            Irreversible::ApplyResult => "/api/votes/apply",
            Irreversible::DeleteComment => "/api/comments/delete",
            Irreversible::DeleteRoll => "/api/rolls/delete",
        }
    }
}

/// Field names the confirmation page keeps beside the form's own fields.
pub const ACTION_FIELD: &str = "__action";
pub const BACK_FIELD: &str = "__back";
/// The field a confirmed form carries.
pub const CONFIRMED_FIELD: &str = "confirmed";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_distinct() {
        for a in Irreversible::ALL {
            assert_eq!(Irreversible::parse(a.key()), Some(a));
            assert!(a.endpoint().starts_with("/api/"));
        }
        let mut keys: Vec<_> = Irreversible::ALL.iter().map(|a| a.key()).collect();
        keys.dedup();
        assert_eq!(keys.len(), Irreversible::ALL.len());
        assert_eq!(Irreversible::parse("drop-tables"), None);
    }
}
