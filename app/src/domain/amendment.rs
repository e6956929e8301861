//! Amendments as the rules see them: their lifecycle, and the values a resident submits
//! (title, proposed text, justification), parsed so that an invalid one cannot exist.

use super::program_md;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub const TITLE_MAX: usize = 200;
/// Same cap as a section body: an amendment is a full proposed text of one section.
pub const TEXT_MAX: usize = program_md::MAX_SECTION_CHARS;
pub const JUSTIFICATION_MAX: usize = 5_000;

crate::domain::stored::stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum AmendmentStatus {
        /// Written, visible to its author only, freely editable.
        Draft,
        /// Public; can be supported, accepted or rejected.
        Published,
        /// A rebase met a change to the same passage; its author must resolve it.
        Conflicted,
        Accepted,
        Rejected,
        Withdrawn,
        /// Put to a vote with the amendments competing for its passage: frozen (no edit,
        /// withdrawal or support) until the vote's result is applied.
        InVote,
    }
}

crate::domain::stored::named_enum! {
    /// How a published version of an amendment came about.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum VersionKind {
        /// Its first public text.
        Publish = "publish",
        /// Its author changed the text.
        Edit = "edit",
        /// Moved onto the section's new revision by a three-way merge, with nothing to decide.
        Rebase = "rebase",
        /// Its author resolved a conflict with the section's new revision.
        Resolve = "resolve",
        /// The final wording a facilitator accepted it in.
        Final = "final",
    }
}

impl VersionKind {
    /// Made by the author (a rebase alone changes nothing they wrote).
    pub fn by_author(self) -> bool {
        matches!(self, VersionKind::Edit | VersionKind::Resolve)
    }
}

impl AmendmentStatus {
    pub const ALL: [AmendmentStatus; 7] = [
        AmendmentStatus::Draft,
        AmendmentStatus::Published,
        AmendmentStatus::Conflicted,
        AmendmentStatus::Accepted,
        AmendmentStatus::Rejected,
        AmendmentStatus::Withdrawn,
        AmendmentStatus::InVote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AmendmentStatus::Draft => "draft",
            AmendmentStatus::Published => "published",
            AmendmentStatus::Conflicted => "conflicted",
            AmendmentStatus::Accepted => "accepted",
            AmendmentStatus::Rejected => "rejected",
            AmendmentStatus::Withdrawn => "withdrawn",
            AmendmentStatus::InVote => "in_vote",
        }
    }

    /// Still in play: follows the section's new revisions (rebase).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            AmendmentStatus::Draft
                | AmendmentStatus::Published
                | AmendmentStatus::Conflicted
                | AmendmentStatus::InVote
        )
    }

    /// Seen by everyone (drafts are their author's only).
    pub fn is_public(self) -> bool {
        self != AmendmentStatus::Draft
    }

    /// What a transition asks for, if the current status allows it.
    pub fn allows(self, action: Action) -> bool {
        use AmendmentStatus::*;
        match action {
            // A conflicted amendment is changed by resolving its conflict, not by editing.
            Action::Edit => matches!(self, Draft | Published),
            Action::Publish => self == Draft,
            Action::Withdraw => matches!(self, Draft | Published | Conflicted),
            Action::Support => self == Published,
            Action::Accept => matches!(self, Published | InVote),
            Action::Reject => matches!(self, Published | Conflicted | InVote),
            Action::Resolve => self == Conflicted,
        }
    }
}

/// The things one can do to an amendment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Edit,
    Publish,
    Withdraw,
    Support,
    Accept,
    Reject,
    Resolve,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Edit,
        Action::Publish,
        Action::Withdraw,
        Action::Support,
        Action::Accept,
        Action::Reject,
        Action::Resolve,
    ];
}

impl fmt::Display for AmendmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AmendmentStatus {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AmendmentStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or(())
    }
}

/// Why a submitted amendment is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AmendmentError {
    #[error("the title is empty")]
    TitleEmpty,
    #[error("the title is longer than {TITLE_MAX} characters")]
    TitleTooLong,
    #[error("the title must be one line of text, without control characters")]
    TitleNotOneLine,
    #[error("the proposed text is longer than {TEXT_MAX} characters")]
    TextTooLong,
    #[error("the proposed text is the same as the current text")]
    Unchanged,
    #[error("the proposed text contains a heading; amend one section at a time")]
    HasHeading,
    #[error("the justification is longer than {JUSTIFICATION_MAX} characters")]
    JustificationTooLong,
    #[error("say why: a decision other than a plain acceptance needs a reason")]
    ReasonRequired,
    #[error("the reason is longer than {REASON_MAX} characters")]
    ReasonTooLong,
    #[error("the amendment that covers this one must be of the same section")]
    CoverElsewhere,
    #[error("choose at least two amendments to merge")]
    MergeTooFew,
    #[error("a merge combines at most 20 amendments")]
    MergeTooMany,
    #[error("only open, published amendments of this section on its current text can be merged")]
    MergeSourceNotOpen,
    #[error("the deadline must be between an hour and 60 days from now")]
    MergeDeadline,
}

/// The longest reason a decision can give.
pub const REASON_MAX: usize = 1000;

crate::domain::stored::named_enum! {
    /// What was decided about an amendment, shown on its page, in its history and in the
    /// open data.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum DecisionKind {
        /// Its change is now the section's text.
        Accepted = "accepted",
        /// Accepted in a final wording a facilitator gave it (its versions keep the
        /// author's text; the page shows the difference).
        #[serde(rename = "accepted_changes")]
        AcceptedWithChanges = "accepted_changes",
        Rejected = "rejected",
        /// What it asks is already in another amendment or in the current text.
        Covered = "covered",
        /// Put to a vote with the amendments it competes with: the vote's result decides.
        #[serde(rename = "vote")]
        SentToVote = "vote",
        /// Its author withdrew it.
        Withdrawn = "withdrawn",
        /// Its author consented to merging it into another amendment (`covered_by`).
        Merged = "merged",
    }
}

impl DecisionKind {
    /// Whether a decision of this kind, made by hand, must say why: every one but a plain
    /// acceptance (and a vote, whose result and ballots are its reason, and a merge, whose
    /// reason is its author's consent).
    pub fn needs_reason(self) -> bool {
        !matches!(
            self,
            DecisionKind::Accepted | DecisionKind::SentToVote | DecisionKind::Merged
        )
    }
}

/// The reason given for a decision, as stored: trimmed, line endings normalised; required
/// when `kind` needs one and it was not decided by a vote.
pub fn decision_reason(
    kind: DecisionKind,
    by_vote: bool,
    raw: &str,
) -> Result<String, AmendmentError> {
    let reason = normalize_newlines(raw.trim());
    if reason.chars().count() > REASON_MAX {
        return Err(AmendmentError::ReasonTooLong);
    }
    if reason.is_empty() && kind.needs_reason() && !by_vote {
        return Err(AmendmentError::ReasonRequired);
    }
    Ok(reason)
}

/// Line endings as stored: browsers send `\r\n` from text areas.
pub fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmendmentTitle(String);

impl AmendmentTitle {
    pub fn parse(raw: &str) -> Result<Self, AmendmentError> {
        let title = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err(AmendmentError::TitleEmpty);
        }
        if title.chars().count() > TITLE_MAX {
            return Err(AmendmentError::TitleTooLong);
        }
        if !super::text::is_single_line(&title) {
            return Err(AmendmentError::TitleNotOneLine);
        }
        Ok(AmendmentTitle(title))
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The proposed full text of a section, different from the text it amends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmendmentText(String);

impl AmendmentText {
    pub fn parse(base: &str, raw: &str) -> Result<Self, AmendmentError> {
        let text = normalize_newlines(raw);
        let text = text.trim_end().to_string();
        if text.chars().count() > TEXT_MAX {
            return Err(AmendmentError::TextTooLong);
        }
        if text == base.trim_end() {
            return Err(AmendmentError::Unchanged);
        }
        if program_md::has_heading(&text) {
            return Err(AmendmentError::HasHeading);
        }
        Ok(AmendmentText(text))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Why the amendment is proposed: Markdown, rendered sanitized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Justification(String);

impl Justification {
    pub fn parse(raw: &str) -> Result<Self, AmendmentError> {
        let text = normalize_newlines(raw).trim().to_string();
        if text.chars().count() > JUSTIFICATION_MAX {
            return Err(AmendmentError::JustificationTooLong);
        }
        Ok(Justification(text))
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Replaces the passage `start..end` (byte offsets, on character boundaries) of `base`:
/// how a passage edit becomes a full proposed text.
pub fn replace_passage(base: &str, start: usize, end: usize, replacement: &str) -> Option<String> {
    if start > end || !base.is_char_boundary(start) || !base.is_char_boundary(end) {
        return None;
    }
    Some(format!("{}{}{}", &base[..start], replacement, &base[end..]))
}

/// Converts an offset counted in UTF-16 code units (what browsers report for a selection)
/// into a byte offset of `text`.
pub fn utf16_to_byte_offset(text: &str, utf16: usize) -> Option<usize> {
    let mut units = 0;
    for (byte, c) in text.char_indices() {
        if units == utf16 {
            return Some(byte);
        }
        if units > utf16 {
            return None;
        }
        units += c.len_utf16();
    }
    (units == utf16).then_some(text.len())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decisions_other_than_acceptance_say_why() {
        use DecisionKind::*;
        assert_eq!(
            decision_reason(Rejected, false, "  "),
            Err(AmendmentError::ReasonRequired)
        );
        assert_eq!(
            decision_reason(Covered, false, ""),
            Err(AmendmentError::ReasonRequired)
        );
        // Withdrawing and accepting with changes say why too; a vote's result is its own
        // reason; only a plain acceptance needs none.
        for kind in [Withdrawn, AcceptedWithChanges] {
            assert_eq!(
                decision_reason(kind, false, ""),
                Err(AmendmentError::ReasonRequired)
            );
        }
        assert_eq!(decision_reason(Rejected, true, ""), Ok(String::new()));
        assert_eq!(decision_reason(SentToVote, false, ""), Ok(String::new()));
        assert_eq!(decision_reason(Accepted, false, ""), Ok(String::new()));
        assert_eq!(
            decision_reason(Rejected, false, " Too costly.\r\nSee the budget. "),
            Ok("Too costly.\nSee the budget.".into())
        );
        assert_eq!(
            decision_reason(Rejected, false, &"é".repeat(REASON_MAX + 1)),
            Err(AmendmentError::ReasonTooLong)
        );
        assert!(decision_reason(Rejected, false, &"é".repeat(REASON_MAX)).is_ok());
        let names: Vec<&str> = DecisionKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "accepted",
                "accepted_changes",
                "rejected",
                "covered",
                "vote",
                "withdrawn",
                "merged"
            ]
        );
    }

    #[test]
    fn statuses_round_trip_and_say_what_is_allowed() {
        for status in AmendmentStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
        }
        assert!(AmendmentStatus::Published.allows(Action::Accept));
        assert!(!AmendmentStatus::Conflicted.allows(Action::Accept));
        assert!(!AmendmentStatus::Draft.allows(Action::Support));
        assert!(!AmendmentStatus::Accepted.allows(Action::Edit));
        assert!(!AmendmentStatus::Withdrawn.allows(Action::Withdraw));
        assert!(AmendmentStatus::Conflicted.allows(Action::Resolve));
        assert!(!AmendmentStatus::Conflicted.allows(Action::Edit));
        assert!(!AmendmentStatus::Draft.is_public());
    }

    #[test]
    fn texts_are_checked() {
        assert_eq!(
            AmendmentText::parse("same\n", "same\r\n").unwrap_err(),
            AmendmentError::Unchanged
        );
        assert_eq!(
            AmendmentText::parse("a", "b\n\n# New chapter\n").unwrap_err(),
            AmendmentError::HasHeading
        );
        assert_eq!(
            AmendmentText::parse("a", &"x".repeat(TEXT_MAX + 1)).unwrap_err(),
            AmendmentError::TextTooLong
        );
        assert_eq!(
            AmendmentText::parse("a b", "a\r\nc").unwrap().as_str(),
            "a\nc"
        );
        assert_eq!(
            AmendmentTitle::parse("  ").unwrap_err(),
            AmendmentError::TitleEmpty
        );
        assert_eq!(
            AmendmentTitle::parse(&"t".repeat(TITLE_MAX + 1)).unwrap_err(),
            AmendmentError::TitleTooLong
        );
        assert_eq!(
            Justification::parse(&"j".repeat(JUSTIFICATION_MAX + 1)).unwrap_err(),
            AmendmentError::JustificationTooLong
        );
    }

    #[test]
    fn passages_are_replaced_on_character_boundaries() {
        let base = "Habitatge per a tothom.";
        assert_eq!(
            replace_passage(base, 10, 15, "cada veí").unwrap(),
            "Habitatge cada veí tothom."
        );
        assert!(replace_passage("é", 1, 1, "x").is_none());
        assert!(replace_passage("abc", 2, 1, "x").is_none());
        assert_eq!(utf16_to_byte_offset("aé😀b", 0), Some(0));
        assert_eq!(utf16_to_byte_offset("aé😀b", 2), Some(3));
        assert_eq!(utf16_to_byte_offset("aé😀b", 4), Some(7));
        assert_eq!(utf16_to_byte_offset("aé😀b", 5), Some(8));
        assert_eq!(utf16_to_byte_offset("aé😀b", 3), None);
        assert_eq!(utf16_to_byte_offset("aé😀b", 9), None);
    }

    proptest! {
        #[test]
        fn a_passage_edit_keeps_the_rest(text in "[a-zé ]{0,30}", a in 0usize..40, b in 0usize..40, r in "[x-z]{0,5}") {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let to_byte = |i: usize| chars.get(i).map(|(b, _)| *b).unwrap_or(text.len());
            let (s, e) = (to_byte(a.min(b)), to_byte(a.max(b)));
            let out = replace_passage(&text, s, e, &r).unwrap();
            prop_assert!(out.starts_with(&text[..s]));
            prop_assert!(out.ends_with(&text[e..]));
            prop_assert_eq!(out.len(), text.len() - (e - s) + r.len());
        }
    }
}
