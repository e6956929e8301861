//! What the event log (the audit trail) records: one kind per operation that changes
//! something, stored by its dotted name (`amendment.accept`). The operations name the kind
//! with this enum, so a typo is a compile error and the audit page can list every kind.

use serde::{Deserialize, Serialize};

crate::domain::stored::stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Event {
        AmendmentCreate,
        AmendmentEdit,
        AmendmentPublish,
        AmendmentWithdraw,
        AmendmentSupport,
        AmendmentUnsupport,
        AmendmentResolve,
        AmendmentConflict,
        AmendmentRebase,
        AmendmentAccept,
        AmendmentReject,
        AmendmentRecommend,
        AmendmentMergePropose,
        AmendmentMergeAnswer,
        AmendmentMergePublish,
        AssemblyCreate,
        AssemblyUpdate,
        AssemblyJoin,
        AssemblyLeave,
        AssemblyFacilitatorAdd,
        AssemblyFacilitatorRemove,
        CommentPost,
        CommentEdit,
        CommentDelete,
        CommentReport,
        CommentHide,
        CommentUnhide,
        CommentDismiss,
        CommitteeSet,
        CommitteeRemove,
        DigestUnsubscribe,
        SettingsTimeZone,
        MeetingCreate,
        MeetingUpdate,
        MeetingRecord,
        MeetingAdopt,
        MeetingRoomVote,
        MeetingPriorities,
        MeetingOutcomeRemove,
        PollCreate,
        PollClose,
        PollApply,
        PollRoomBallots,
        RollImport,
        RollVerify,
        RollRelease,
        RollDelete,
        ProgramImport,
        ProgramState,
        ProgramSchedule,
        ProgramPhase,
        SeedCity,
        UserSignup,
        UserCreate,
        UserPaperAccount,
        UserActivate,
        UserPasswordChange,
        UserPasswordReset,
        UserRoleChange,
    }
}

impl Event {
    pub const ALL: [Event; 59] = [
        Event::AmendmentCreate,
        Event::AmendmentEdit,
        Event::AmendmentPublish,
        Event::AmendmentWithdraw,
        Event::AmendmentSupport,
        Event::AmendmentUnsupport,
        Event::AmendmentResolve,
        Event::AmendmentConflict,
        Event::AmendmentRebase,
        Event::AmendmentAccept,
        Event::AmendmentReject,
        Event::AmendmentRecommend,
        Event::AmendmentMergePropose,
        Event::AmendmentMergeAnswer,
        Event::AmendmentMergePublish,
        Event::AssemblyCreate,
        Event::AssemblyUpdate,
        Event::AssemblyJoin,
        Event::AssemblyLeave,
        Event::AssemblyFacilitatorAdd,
        Event::AssemblyFacilitatorRemove,
        Event::CommentPost,
        Event::CommentEdit,
        Event::CommentDelete,
        Event::CommentReport,
        Event::CommentHide,
        Event::CommentUnhide,
        Event::CommentDismiss,
        Event::CommitteeSet,
        Event::CommitteeRemove,
        Event::DigestUnsubscribe,
        Event::SettingsTimeZone,
        Event::MeetingCreate,
        Event::MeetingUpdate,
        Event::MeetingRecord,
        Event::MeetingAdopt,
        Event::MeetingRoomVote,
        Event::MeetingPriorities,
        Event::MeetingOutcomeRemove,
        Event::PollCreate,
        Event::PollClose,
        Event::PollApply,
        Event::PollRoomBallots,
        Event::RollImport,
        Event::RollVerify,
        Event::RollRelease,
        Event::RollDelete,
        Event::ProgramImport,
        Event::ProgramState,
        Event::ProgramSchedule,
        Event::ProgramPhase,
        Event::SeedCity,
        Event::UserSignup,
        Event::UserCreate,
        Event::UserPaperAccount,
        Event::UserActivate,
        Event::UserPasswordChange,
        Event::UserPasswordReset,
        Event::UserRoleChange,
    ];

    /// The stored, dotted name.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::AmendmentCreate => "amendment.create",
            Event::AmendmentEdit => "amendment.edit",
            Event::AmendmentPublish => "amendment.publish",
            Event::AmendmentWithdraw => "amendment.withdraw",
            Event::AmendmentSupport => "amendment.support",
            Event::AmendmentUnsupport => "amendment.unsupport",
            Event::AmendmentResolve => "amendment.resolve",
            Event::AmendmentConflict => "amendment.conflict",
            Event::AmendmentRebase => "amendment.rebase",
            Event::AmendmentAccept => "amendment.accept",
            Event::AmendmentReject => "amendment.reject",
            Event::AmendmentRecommend => "amendment.recommend",
            Event::AmendmentMergePropose => "amendment.merge.propose",
            Event::AmendmentMergeAnswer => "amendment.merge.answer",
            Event::AmendmentMergePublish => "amendment.merge.publish",
            Event::AssemblyCreate => "assembly.create",
            Event::AssemblyUpdate => "assembly.update",
            Event::AssemblyJoin => "assembly.join",
            Event::AssemblyLeave => "assembly.leave",
            Event::AssemblyFacilitatorAdd => "assembly.facilitator.add",
            Event::AssemblyFacilitatorRemove => "assembly.facilitator.remove",
            Event::CommentPost => "comment.post",
            Event::CommentEdit => "comment.edit",
            Event::CommentDelete => "comment.delete",
            Event::CommentReport => "comment.report",
            Event::CommentHide => "comment.hide",
            Event::CommentUnhide => "comment.unhide",
            Event::CommentDismiss => "comment.dismiss",
            Event::CommitteeSet => "committee.set",
            Event::CommitteeRemove => "committee.remove",
            Event::DigestUnsubscribe => "digest.unsubscribe",
            Event::SettingsTimeZone => "settings.time_zone",
            Event::MeetingCreate => "meeting.create",
            Event::MeetingUpdate => "meeting.update",
            Event::MeetingRecord => "meeting.record",
            Event::MeetingAdopt => "meeting.adopt",
            Event::MeetingRoomVote => "meeting.room_vote",
            Event::MeetingPriorities => "meeting.priorities",
            Event::MeetingOutcomeRemove => "meeting.outcome.remove",
            Event::PollCreate => "poll.create",
            Event::PollClose => "poll.close",
            Event::PollApply => "poll.apply",
            Event::PollRoomBallots => "poll.room_ballots",
            Event::RollImport => "roll.import",
            Event::RollVerify => "roll.verify",
            Event::RollRelease => "roll.release",
            Event::RollDelete => "roll.delete",
            Event::ProgramImport => "program.import",
            Event::ProgramState => "program.state",
            Event::ProgramSchedule => "program.schedule",
            Event::ProgramPhase => "program.phase",
            Event::SeedCity => "seed.city",
            Event::UserSignup => "user.signup",
            Event::UserCreate => "user.create",
            Event::UserPaperAccount => "user.paper_account",
            Event::UserActivate => "user.activate",
            Event::UserPasswordChange => "user.password_change",
            Event::UserPasswordReset => "user.password_reset",
            Event::UserRoleChange => "user.role_change",
        }
    }
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_distinct_dotted_and_lowercase() {
        let names: HashSet<&str> = Event::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(names.len(), Event::ALL.len());
        for name in names {
            assert!(name.contains('.'), "{name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'),
                "{name}"
            );
        }
    }
}
