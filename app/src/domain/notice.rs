//! What people hear about: the kinds of notice, what they can follow, and how each kind
//! reaches them (in the app only, in the daily digest, or by e-mail at once).
//!
//! Defaults do not flood anyone: e-mail at once only for what needs the person soon and is
//! about them alone (their own amendment needs resolving, a vote they have not voted in
//! closes within a day, a meeting they registered for is tomorrow); what concerns them
//! goes into one daily digest; the rest (comments on what they follow, new amendments,
//! rebases nobody has to act on) stays in the app.

use serde::{Deserialize, Serialize};

crate::domain::stored::named_enum! {
    /// The kind of a notice (in-app and in the digest).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum NoticeKind {
        /// Someone replied to your comment.
        Reply = "reply",
        /// Someone commented on something you follow.
        Comment = "comment",
        /// An amendment you wrote, support or commented on was accepted.
        Accepted = "accepted",
        /// An amendment you wrote, support or commented on was rejected (or covered).
        Rejected = "rejected",
        /// An amendment you wrote or support was moved onto the section's new text.
        Rebased = "rebased",
        /// An amendment you support has a conflict with the new text, for its author to resolve.
        Conflicted = "conflicted",
        /// Your amendment has a conflict with the new text: you must resolve it.
        Resolve = "resolve",
        /// The author changed an amendment you support: see what changed, support it again.
        Edited = "edited",
        /// Another decision on an amendment you wrote, support or commented on: withdrawn,
        /// superseded, sent to a vote.
        Decided = "decided",
        /// A facilitator recommends a decision on an amendment you wrote or support: you can
        /// comment before it is final.
        Recommended = "recommended",
        /// A new amendment on a section or program you follow.
        NewAmendment = "new_amendment",
        /// A vote opened in a program you take part in (or a vote you follow).
        VoteOpen = "vote_open",
        /// A vote you have not voted in closes within 24 hours.
        VoteClosing = "vote_closing",
        /// A meeting was scheduled in an assembly you joined or follow.
        Meeting = "meeting",
        /// A meeting you registered for is tomorrow.
        MeetingReminder = "meeting_reminder",
        /// A new phase of a program you take part in started.
        Phase = "phase",
        /// A facilitator proposes to merge your amendment with others: consent, or keep it.
        #[serde(rename = "merge_proposed")]
        MergeProposed = "merge_proposed",
        /// An amendment you support was merged into another: see how it differs from what
        /// you supported, and support the merged text if you wish.
        Merged = "merged",
    }
}

crate::domain::stored::named_enum! {
    /// How one kind of notice reaches a person.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Delivery {
        /// Only in the app's notifications page.
        App = "app",
        /// In the app and in the daily e-mail digest.
        Digest = "digest",
        /// In the app and by e-mail at once.
        Email = "email",
    }
}

impl NoticeKind {
    /// How this kind reaches people who did not choose.
    pub fn default_delivery(self) -> Delivery {
        use NoticeKind::*;
        match self {
            Resolve | VoteClosing | MeetingReminder | MergeProposed => Delivery::Email,
            Reply | Accepted | Rejected | Conflicted | Edited | Decided | Recommended
            | VoteOpen | Meeting | Phase | Merged => Delivery::Digest,
            Comment | Rebased | NewAmendment => Delivery::App,
        }
    }
}

/// How the profile groups the kinds of notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeGroup {
    /// About what one wrote, supports or commented on.
    Mine,
    /// About what one follows.
    Followed,
    /// Votes, meetings and phases.
    Calendar,
}

impl NoticeGroup {
    pub const ALL: [NoticeGroup; 3] = [
        NoticeGroup::Mine,
        NoticeGroup::Followed,
        NoticeGroup::Calendar,
    ];
}

impl NoticeKind {
    pub fn group(self) -> NoticeGroup {
        use NoticeKind::*;
        match self {
            Comment | NewAmendment => NoticeGroup::Followed,
            VoteOpen | VoteClosing | Meeting | MeetingReminder | Phase => NoticeGroup::Calendar,
            Reply | Accepted | Rejected | Rebased | Conflicted | Resolve | Edited | Decided
            | Recommended | MergeProposed | Merged => NoticeGroup::Mine,
        }
    }
}

impl std::str::FromStr for NoticeKind {
    type Err = crate::error::AppError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NoticeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(crate::error::AppError::BadRequest)
    }
}

impl std::str::FromStr for Delivery {
    type Err = crate::error::AppError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Delivery::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(crate::error::AppError::BadRequest)
    }
}

crate::domain::stored::named_enum! {
    /// What a person can follow.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum FollowKind {
        Section = "section",
        Amendment = "amendment",
        Program = "program",
        Assembly = "assembly",
        Vote = "vote",
    }
}

impl std::str::FromStr for FollowKind {
    type Err = crate::error::AppError;

    /// A kind named in a request (`section`, `amendment`, …); anything else is a bad request.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FollowKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(crate::error::AppError::BadRequest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_mail_at_once_only_what_is_personal_and_urgent() {
        let at_once: Vec<_> = NoticeKind::ALL
            .into_iter()
            .filter(|k| k.default_delivery() == Delivery::Email)
            .collect();
        assert_eq!(
            at_once,
            vec![
                NoticeKind::Resolve,
                NoticeKind::VoteClosing,
                NoticeKind::MeetingReminder,
                NoticeKind::MergeProposed
            ]
        );
        // What others do on what one follows never leaves the app unless asked for.
        assert_eq!(NoticeKind::Comment.default_delivery(), Delivery::App);
        assert_eq!(NoticeKind::NewAmendment.default_delivery(), Delivery::App);
    }

    #[test]
    fn names_round_trip() {
        for k in NoticeKind::ALL {
            assert_eq!(k.as_str().parse::<NoticeKind>().ok(), Some(k));
            assert!(k.as_str().len() <= 16);
        }
        for d in Delivery::ALL {
            assert_eq!(d.as_str().parse::<Delivery>().ok(), Some(d));
        }
        assert!("everything".parse::<Delivery>().is_err());
    }
}
