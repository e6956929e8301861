//! Who may call each server function: one table, stated beside the endpoints and checked
//! by the authorization test, which calls every registered server function as every kind
//! of caller and compares the answers with this table. A server function missing here fails
//! that test. The decisions themselves are made in the services; this table says what they
//! must add up to.

/// Who may call a server function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not: reading public things, signing up, logging in, links
    /// carrying their own token.
    Anyone,
    /// Any logged-in account, acting in their own name (posting, supporting, voting).
    Account,
    /// Only the author of the thing acted on; no other account, whatever its role.
    Author,
    /// Facilitators and coordinators.
    Facilitator,
    /// The facilitators of the assembly acted on, and coordinators; a facilitator of
    /// another assembly is refused.
    AssemblyFacilitator,
    /// Coordinators only.
    Coordinator,
    /// The committee of the section acted on (its named facilitators, or its assembly's),
    /// and coordinators; a facilitator outside it is refused. (A section with no committee
    /// is decided by any facilitator.)
    Committee,
}

/// Every server function by endpoint (under `/api/`).
pub const ACCESS: &[(&str, Access)] = &[
    ("admin/audit", Access::Coordinator),
    ("admin/set-role", Access::Coordinator),
    ("admin/set-time-zone", Access::Coordinator),
    ("admin/time-zone", Access::Coordinator),
    ("admin/users", Access::Coordinator),
    ("amendments/accept", Access::Committee),
    ("amendments/accept-changed", Access::Committee),
    ("amendments/create", Access::Account),
    ("amendments/edit", Access::Author),
    ("amendments/get", Access::Anyone),
    ("amendments/merge", Access::Committee),
    ("amendments/merge-answer", Access::Author),
    ("amendments/merge-draft", Access::Committee),
    ("amendments/publish", Access::Author),
    ("amendments/recommend", Access::Committee),
    ("amendments/reject", Access::Committee),
    ("amendments/resolve", Access::Author),
    ("amendments/similar", Access::Account),
    ("amendments/support", Access::Account),
    ("amendments/unsupport", Access::Account),
    ("amendments/withdraw", Access::Author),
    ("assemblies/create", Access::Coordinator),
    ("assemblies/facilitator", Access::Coordinator),
    ("assemblies/get", Access::Anyone),
    ("assemblies/join", Access::Account),
    ("assemblies/list", Access::Anyone),
    ("assemblies/update", Access::AssemblyFacilitator),
    ("auth/activate", Access::Anyone),
    ("auth/change-password", Access::Account),
    ("auth/claim", Access::Anyone),
    ("auth/login", Access::Anyone),
    ("auth/logout", Access::Anyone),
    ("auth/me", Access::Anyone),
    ("auth/request-reset", Access::Anyone),
    ("auth/reset-password", Access::Anyone),
    ("auth/signup", Access::Anyone),
    ("auth/update-profile", Access::Account),
    ("comments/delete", Access::Author),
    ("comments/edit", Access::Author),
    ("comments/locate", Access::Anyone),
    ("comments/moderate", Access::Committee),
    ("comments/post", Access::Account),
    ("comments/queue", Access::Facilitator),
    ("comments/report", Access::Account),
    ("comments/thread", Access::Anyone),
    ("comments/vote", Access::Account),
    ("committees/list", Access::Anyone),
    ("committees/remove", Access::Coordinator),
    ("committees/set", Access::Coordinator),
    ("dashboard/get", Access::Coordinator),
    ("dashboard/queue", Access::Facilitator),
    ("follows/get", Access::Anyone),
    ("follows/set", Access::Account),
    ("meetings/adopt", Access::AssemblyFacilitator),
    ("meetings/get", Access::Anyone),
    ("meetings/new-form", Access::AssemblyFacilitator),
    ("meetings/pack", Access::Anyone),
    ("meetings/paper-account", Access::AssemblyFacilitator),
    ("meetings/paper-slip", Access::AssemblyFacilitator),
    ("meetings/priorities", Access::AssemblyFacilitator),
    ("meetings/record", Access::AssemblyFacilitator),
    ("meetings/register", Access::Account),
    ("meetings/remove-outcome", Access::AssemblyFacilitator),
    ("meetings/room-vote", Access::AssemblyFacilitator),
    ("meetings/save", Access::AssemblyFacilitator),
    ("notifications/deliver", Access::Account),
    ("notifications/list", Access::Account),
    ("notifications/preferences", Access::Account),
    ("notifications/read-all", Access::Account),
    ("notifications/unsubscribe", Access::Anyone),
    ("programs/advance", Access::Coordinator),
    ("programs/amendments", Access::Anyone),
    ("programs/get", Access::Anyone),
    ("programs/list", Access::Anyone),
    ("programs/schedule", Access::Coordinator),
    ("programs/set-state", Access::Coordinator),
    ("rolls/delete", Access::Coordinator),
    ("rolls/get", Access::Anyone),
    ("rolls/list", Access::Coordinator),
    ("rolls/release", Access::Coordinator),
    ("rolls/verify", Access::Account),
    ("search", Access::Anyone),
    ("sections/compare", Access::Anyone),
    ("sections/get", Access::Anyone),
    ("sections/history", Access::Anyone),
    ("sections/provenance", Access::Anyone),
    ("votes/apply", Access::Facilitator),
    ("votes/cast", Access::Account),
    ("votes/close", Access::Facilitator),
    ("votes/create", Access::Facilitator),
    ("votes/get", Access::Anyone),
    ("votes/list", Access::Anyone),
    ("votes/new-form", Access::Facilitator),
    ("votes/receipt", Access::Anyone),
    ("votes/results", Access::Anyone),
    ("votes/room-enter", Access::AssemblyFacilitator),
    ("votes/room-form", Access::AssemblyFacilitator),
    ("votes/voters", Access::Anyone),
];

/// Every plain route (uploads, downloads, exports, live streams, one-click links): method,
/// path as the router states it, and who may call it. The router builds these routes from
/// this table (a row without a handler stops the server at start-up), and the authorization
/// test calls each one as every kind of caller, as it does the server functions.
pub const PLAIN_ROUTES: &[(&str, &str, Access)] = &[
    ("GET", "/assemblies/{slug}/meetings.ics", Access::Anyone),
    ("GET", "/export/{file}", Access::Anyone),
    ("GET", "/healthz", Access::Anyone),
    ("GET", "/lang/{code}", Access::Anyone),
    ("GET", "/live/comments/{kind}/{id}", Access::Anyone),
    ("GET", "/meetings/{id}.ics", Access::Anyone),
    ("GET", "/programs/{slug}/export/{format}", Access::Anyone),
    ("GET", "/votes/{id}/ballots/{format}", Access::Anyone),
    ("POST", "/programs/import", Access::Coordinator),
    ("POST", "/rolls/import", Access::Coordinator),
    ("POST", "/unsubscribe", Access::Anyone),
];

/// The access of `endpoint`, if the table has it.
pub fn access(endpoint: &str) -> Option<Access> {
    ACCESS.iter().find(|(e, _)| *e == endpoint).map(|(_, a)| *a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_endpoint_once_in_order() {
        for pair in ACCESS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} then {}", pair[0].0, pair[1].0);
        }
        assert_eq!(access("votes/cast"), Some(Access::Account));
        assert_eq!(access("votes/nothing"), None);
        for pair in PLAIN_ROUTES.windows(2) {
            assert!((pair[0].0, pair[0].1) < (pair[1].0, pair[1].1));
        }
    }
}
