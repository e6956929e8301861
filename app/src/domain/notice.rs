//! What people hear about: the kinds of notice, and what they can follow.

use serde::{Deserialize, Serialize};

crate::domain::stored::named_enum! {
    /// The kind of a notice (in-app and in the digest).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum NoticeKind {
        /// Someone replied to your comment.
        Reply = "reply",
        /// Someone commented on something you follow.
        Comment = "comment",
        /// An amendment you wrote or support was accepted.
        Accepted = "accepted",
        /// An amendment you wrote or support was rejected.
        Rejected = "rejected",
        /// An amendment you wrote or support was moved onto the section's new text.
        Rebased = "rebased",
        /// An amendment you support has a conflict with the new text, for its author to resolve.
        Conflicted = "conflicted",
        /// Your amendment has a conflict with the new text: you must resolve it.
        Resolve = "resolve",
    }
}

crate::domain::stored::named_enum! {
    /// What a person can follow.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum FollowKind {
        Section = "section",
        Amendment = "amendment",
    }
}

impl std::str::FromStr for FollowKind {
    type Err = crate::error::AppError;

    /// A kind named in a request (`section`, `amendment`); anything else is a bad request.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FollowKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(crate::error::AppError::BadRequest)
    }
}
