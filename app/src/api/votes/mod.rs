//! Votes: open, cast, close, results, ballot log receipts, apply.

mod apply_vote;
mod cast_ballot;
mod close_vote;
mod create_vote;
mod get_vote;
mod list_votes;
mod lookup_receipt;
mod new_vote_form;
mod room_ballots;
mod vote_results;
mod vote_voters;

pub use apply_vote::*;
pub use cast_ballot::*;
pub use close_vote::*;
pub use create_vote::*;
pub use get_vote::*;
pub use list_votes::*;
pub use lookup_receipt::*;
pub use new_vote_form::*;
pub use room_ballots::*;
pub use vote_results::*;
pub use vote_voters::*;

/// Ids separated by commas (`"3,7"`), as the vote forms send them.
pub fn parse_ids<Id: std::str::FromStr>(text: &str) -> Result<Vec<Id>, crate::error::AppError> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .take(crate::domain::poll::MAX_OPTIONS + 1)
        .map(|s| s.parse().map_err(|_| crate::error::AppError::BadRequest))
        .collect()
}
