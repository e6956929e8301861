//! Who may do what, decided in one place. Every operation asks these functions before it
//! changes anything, and every page shows an action only when they allow it, so a button is
//! shown exactly when pressing it can succeed (tested by walking generated states against the
//! real operations: server/tests/api/policy.rs). Pure: the caller gathers the facts.

use crate::domain::amendment::{Action, AmendmentStatus};
use crate::domain::assembly::AssemblyError;
use crate::domain::phase::{Activity, Phase};
use crate::domain::poll::{Phase as PollPhase, PollError};
use crate::domain::role::Role;
pub use crate::domain::synthesis::Scope;

/// Why an action is refused, in the order the rules are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    LoginRequired,
    /// Not the author, or not a facilitator or coordinator.
    Forbidden,
    /// The program's phase (or an unpublished program) does not allow it now.
    NotNow {
        phase: Phase,
        activity: Activity,
    },
    /// The amendment's status does not allow it.
    WrongState,
    /// Authors do not support their own amendment.
    OwnAmendment,
    /// Written on an older text of the section: it must follow the section first.
    Stale,
    /// An option of a running vote: only the vote's result decides it.
    PassageInVote,
    /// The vote's own state refuses it (not open yet, closed, still open, not eligible,
    /// already applied, too few voters, tied, nothing to apply).
    Poll(PollError),
    /// The meeting's own state refuses it (started, full, not held yet).
    Meeting(AssemblyError),
}

/// The person acting, as the rules see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    pub role: Role,
    pub is_author: bool,
}

/// What the rules need to know about an amendment and its program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AmendmentFacts {
    pub status: AmendmentStatus,
    pub published_program: bool,
    pub phase: Phase,
    /// The amendment is written on the section's current revision.
    pub base_current: bool,
    /// The decision is the result of the vote this amendment is an option of (applying
    /// it), not a facilitator acting on their own.
    pub by_vote: bool,
    /// A proposed merge waiting for its sources' authors: its text is what they answer
    /// to, so nobody changes or publishes it by hand.
    pub merge_pending: bool,
    /// The person acting and the committee of the amendment's section.
    pub scope: Scope,
}

/// Whether someone of `role` standing `scope` with a section's committee decides on its
/// amendments, votes and comments: coordinators always; facilitators unless the section is
/// another committee's.
pub fn decides(role: Role, scope: Scope) -> bool {
    role.can_decide_amendments() && (role == Role::Coordinator || scope != Scope::Outsider)
}

/// A program allows `activity` when it is published and its phase allows it.
fn program_phase_allows(published: bool, phase: Phase, activity: Activity) -> Result<(), Denied> {
    if published && phase.allows(activity) {
        Ok(())
    } else {
        Err(Denied::NotNow { phase, activity })
    }
}

fn phase_allows(f: &AmendmentFacts, activity: Activity) -> Result<(), Denied> {
    program_phase_allows(f.published_program, f.phase, activity)
}

fn status_allows(f: &AmendmentFacts, action: Action) -> Result<(), Denied> {
    if f.status.allows(action) {
        Ok(())
    } else {
        Err(Denied::WrongState)
    }
}

/// May `actor` do `action` to an amendment in the state `f`?
pub fn amendment(actor: Option<Actor>, f: &AmendmentFacts, action: Action) -> Result<(), Denied> {
    let actor = actor.ok_or(Denied::LoginRequired)?;
    let author = || {
        if actor.is_author {
            Ok(())
        } else {
            Err(Denied::Forbidden)
        }
    };
    let decider = || {
        if decides(actor.role, f.scope) {
            Ok(())
        } else {
            Err(Denied::Forbidden)
        }
    };
    match action {
        Action::Edit | Action::Publish => {
            author()?;
            phase_allows(f, Activity::Amend)?;
            if f.merge_pending {
                return Err(Denied::WrongState);
            }
            status_allows(f, action)
        }
        Action::Withdraw => {
            author()?;
            phase_allows(f, Activity::Withdraw)?;
            status_allows(f, action)
        }
        Action::Resolve => {
            author()?;
            phase_allows(f, Activity::Resolve)?;
            status_allows(f, action)
        }
        Action::Support => {
            phase_allows(f, Activity::Support)?;
            status_allows(f, action)?;
            if actor.is_author {
                return Err(Denied::OwnAmendment);
            }
            Ok(())
        }
        Action::Accept | Action::Reject => {
            decider()?;
            phase_allows(f, Activity::Decide)?;
            if f.status == AmendmentStatus::InVote && !f.by_vote {
                return Err(Denied::PassageInVote);
            }
            status_allows(f, action)?;
            if action == Action::Accept && !f.base_current {
                return Err(Denied::Stale);
            }
            Ok(())
        }
    }
}

/// What can be done to a vote from its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PollAction {
    /// Cast or replace one's ballot.
    Cast,
    /// Close it now (a scheduled vote closes without ever opening).
    Close,
    /// Apply a closed vote's result to its amendments.
    Apply,
}

impl PollAction {
    pub const ALL: [PollAction; 3] = [PollAction::Cast, PollAction::Close, PollAction::Apply];
}

/// What the rules need to know about a vote, its program and the person acting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollFacts {
    /// Scheduled, open or closed, now.
    pub phase: PollPhase,
    pub published_program: bool,
    pub program_phase: Phase,
    /// The eligibility rule admits the person acting (casting only).
    pub eligible: bool,
    /// A vote on amendments (measures are not applied to any text).
    pub on_amendments: bool,
    pub applied: bool,
    /// At least the vote's minimum of ballots were cast.
    pub enough_voters: bool,
    /// The count has a single winner (no tie left).
    pub has_winner: bool,
    /// The person acting and the committee of the vote's section.
    pub scope: Scope,
}

fn program_allows(f: &PollFacts, activity: Activity) -> Result<(), Denied> {
    program_phase_allows(f.published_program, f.program_phase, activity)
}

/// May `actor` (their role; `None` when logged out) do `action` to a vote in the state `f`?
/// The order of the checks is the order of the answers the operations give.
pub fn poll(actor: Option<Role>, f: &PollFacts, action: PollAction) -> Result<(), Denied> {
    let role = actor.ok_or(Denied::LoginRequired)?;
    let refuse = |e: PollError| Err(Denied::Poll(e));
    match action {
        PollAction::Cast => {
            program_allows(f, Activity::Vote)?;
            match f.phase {
                PollPhase::Scheduled => return refuse(PollError::NotOpenYet),
                PollPhase::Closed => return refuse(PollError::Closed),
                PollPhase::Open => {}
            }
            if !f.eligible {
                return refuse(PollError::NotEligible);
            }
            Ok(())
        }
        PollAction::Close => {
            if !decides(role, f.scope) {
                return Err(Denied::Forbidden);
            }
            if f.phase == PollPhase::Closed {
                return refuse(PollError::Closed);
            }
            Ok(())
        }
        PollAction::Apply => {
            if !decides(role, f.scope) {
                return Err(Denied::Forbidden);
            }
            if f.phase != PollPhase::Closed {
                return refuse(PollError::StillOpen);
            }
            if f.applied {
                return refuse(PollError::AlreadyApplied);
            }
            if !f.on_amendments {
                return refuse(PollError::NothingToApply);
            }
            if !f.enough_voters {
                return refuse(PollError::TooFewVoters);
            }
            if !f.has_winner {
                return refuse(PollError::Tied);
            }
            // The winner is accepted and the other options rejected: a decision.
            program_allows(f, Activity::Decide)
        }
    }
}

/// What can be done from a section's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionAction {
    /// Write an amendment to it.
    Amend,
    /// Put competing amendments of it to a vote.
    OpenVote,
    /// Propose to merge amendments of it.
    Merge,
    /// Hide and restore comments on it and its amendments.
    Moderate,
}

impl SectionAction {
    pub const ALL: [SectionAction; 4] = [
        SectionAction::Amend,
        SectionAction::OpenVote,
        SectionAction::Merge,
        SectionAction::Moderate,
    ];
}

/// What the rules need to know about a section's program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionFacts {
    pub published_program: bool,
    pub phase: Phase,
    /// The person acting and the section's committee.
    pub scope: Scope,
}

/// May `actor` (their role; `None` when logged out) do `action` on a section of a program in
/// the state `f`?
pub fn section(actor: Option<Role>, f: &SectionFacts, action: SectionAction) -> Result<(), Denied> {
    let role = actor.ok_or(Denied::LoginRequired)?;
    let activity = match action {
        SectionAction::Amend => Activity::Amend,
        SectionAction::OpenVote | SectionAction::Merge | SectionAction::Moderate => {
            if !decides(role, f.scope) {
                return Err(Denied::Forbidden);
            }
            match action {
                SectionAction::OpenVote => Activity::OpenVote,
                SectionAction::Merge => Activity::Decide,
                // Moderation is not bound to a phase.
                _ => return Ok(()),
            }
        }
    };
    program_phase_allows(f.published_program, f.phase, activity)
}

/// What can be done from a meeting's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeetingAction {
    Register,
    Unregister,
    /// Change its details and agenda.
    Edit,
    /// Record what the room did: attendance and minutes, an adopted amendment, an in-room
    /// vote, priorities.
    Record,
    /// Remove a recorded in-room vote (a typing mistake).
    RemoveRoomVote,
}

impl MeetingAction {
    pub const ALL: [MeetingAction; 5] = [
        MeetingAction::Register,
        MeetingAction::Unregister,
        MeetingAction::Edit,
        MeetingAction::Record,
        MeetingAction::RemoveRoomVote,
    ];
}

/// What the rules need to know about a meeting and the person acting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeetingFacts {
    /// Its start time has passed.
    pub started: bool,
    /// The person facilitates its assembly (or is a coordinator).
    pub facilitator: bool,
    /// The person is registered for it.
    pub registered: bool,
    /// Every place is taken.
    pub full: bool,
}

/// May the person acting (`logged_in`, and the facts about them in `f`) do `action` to a
/// meeting? Registering when registered (and unregistering when not) is refused as
/// `WrongState`: the operations treat such a repeat as done, the page offers only the change.
pub fn meeting(logged_in: bool, f: &MeetingFacts, action: MeetingAction) -> Result<(), Denied> {
    if !logged_in {
        return Err(Denied::LoginRequired);
    }
    let refuse = |e: AssemblyError| Err(Denied::Meeting(e));
    match action {
        MeetingAction::Register | MeetingAction::Unregister => {
            if f.started {
                return refuse(AssemblyError::Started);
            }
            let register = action == MeetingAction::Register;
            if f.registered == register {
                return Err(Denied::WrongState);
            }
            if register && f.full {
                return refuse(AssemblyError::Full);
            }
            Ok(())
        }
        MeetingAction::Edit => {
            if f.facilitator {
                Ok(())
            } else {
                Err(Denied::Forbidden)
            }
        }
        MeetingAction::Record | MeetingAction::RemoveRoomVote => {
            if !f.facilitator {
                return Err(Denied::Forbidden);
            }
            if !f.started {
                return refuse(AssemblyError::NotHeld);
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: [Action; 7] = Action::ALL;

    fn facts(status: AmendmentStatus, phase: Phase) -> AmendmentFacts {
        AmendmentFacts {
            status,
            published_program: true,
            phase,
            base_current: true,
            by_vote: false,
            merge_pending: false,
            scope: Scope::Open,
        }
    }

    #[test]
    fn nobody_acts_without_logging_in_or_on_an_unpublished_program() {
        for action in ACTIONS {
            for status in AmendmentStatus::ALL {
                for phase in Phase::ALL {
                    let f = facts(status, phase);
                    assert_eq!(amendment(None, &f, action), Err(Denied::LoginRequired));
                    let hidden = AmendmentFacts {
                        published_program: false,
                        ..f
                    };
                    for role in Role::ALL {
                        for is_author in [false, true] {
                            let actor = Some(Actor { role, is_author });
                            assert!(amendment(actor, &hidden, action).is_err());
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn only_authors_change_and_only_others_support() {
        let f = facts(AmendmentStatus::Published, Phase::Amendments);
        let author = Some(Actor {
            role: Role::Coordinator,
            is_author: true,
        });
        let other = Some(Actor {
            role: Role::Coordinator,
            is_author: false,
        });
        assert_eq!(amendment(author, &f, Action::Edit), Ok(()));
        assert_eq!(amendment(other, &f, Action::Edit), Err(Denied::Forbidden));
        assert_eq!(
            amendment(author, &f, Action::Support),
            Err(Denied::OwnAmendment)
        );
        assert_eq!(amendment(other, &f, Action::Support), Ok(()));
    }

    #[test]
    fn decisions_need_the_role_a_current_base_and_no_running_vote() {
        let facilitator = Some(Actor {
            role: Role::Facilitator,
            is_author: false,
        });
        let resident = Some(Actor {
            role: Role::Resident,
            is_author: false,
        });
        let f = facts(AmendmentStatus::Published, Phase::Deliberation);
        assert_eq!(amendment(facilitator, &f, Action::Accept), Ok(()));
        assert_eq!(
            amendment(resident, &f, Action::Accept),
            Err(Denied::Forbidden)
        );
        let behind = AmendmentFacts {
            base_current: false,
            ..f
        };
        assert_eq!(
            amendment(facilitator, &behind, Action::Accept),
            Err(Denied::Stale)
        );
        assert_eq!(amendment(facilitator, &behind, Action::Reject), Ok(()));
        let in_vote = facts(AmendmentStatus::InVote, Phase::Voting);
        for action in [Action::Accept, Action::Reject] {
            assert_eq!(
                amendment(facilitator, &in_vote, action),
                Err(Denied::PassageInVote)
            );
            let applying = AmendmentFacts {
                by_vote: true,
                ..in_vote
            };
            assert_eq!(amendment(facilitator, &applying, action), Ok(()));
        }
    }

    fn poll_facts() -> PollFacts {
        PollFacts {
            phase: PollPhase::Open,
            published_program: true,
            program_phase: Phase::Voting,
            eligible: true,
            on_amendments: true,
            applied: false,
            enough_voters: true,
            has_winner: true,
            scope: Scope::Open,
        }
    }

    #[test]
    fn casting_needs_the_program_voting_an_open_vote_and_eligibility() {
        let f = poll_facts();
        assert_eq!(poll(None, &f, PollAction::Cast), Err(Denied::LoginRequired));
        assert_eq!(poll(Some(Role::Resident), &f, PollAction::Cast), Ok(()));
        for phase in Phase::ALL {
            let g = PollFacts {
                program_phase: phase,
                ..f
            };
            assert_eq!(
                poll(Some(Role::Resident), &g, PollAction::Cast).is_ok(),
                phase.allows(Activity::Vote)
            );
        }
        let scheduled = PollFacts {
            phase: PollPhase::Scheduled,
            ..f
        };
        assert_eq!(
            poll(Some(Role::Coordinator), &scheduled, PollAction::Cast),
            Err(Denied::Poll(PollError::NotOpenYet))
        );
        let late = PollFacts {
            eligible: false,
            ..f
        };
        assert_eq!(
            poll(Some(Role::Resident), &late, PollAction::Cast),
            Err(Denied::Poll(PollError::NotEligible))
        );
    }

    #[test]
    fn only_deciders_close_and_apply_and_only_a_clear_result() {
        let closed = PollFacts {
            phase: PollPhase::Closed,
            ..poll_facts()
        };
        assert_eq!(
            poll(Some(Role::Resident), &poll_facts(), PollAction::Close),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            poll(Some(Role::Facilitator), &poll_facts(), PollAction::Close),
            Ok(())
        );
        assert_eq!(
            poll(Some(Role::Facilitator), &closed, PollAction::Close),
            Err(Denied::Poll(PollError::Closed))
        );
        assert_eq!(
            poll(Some(Role::Coordinator), &closed, PollAction::Apply),
            Ok(())
        );
        for (g, e) in [
            (
                PollFacts {
                    applied: true,
                    ..closed
                },
                PollError::AlreadyApplied,
            ),
            (
                PollFacts {
                    on_amendments: false,
                    ..closed
                },
                PollError::NothingToApply,
            ),
            (
                PollFacts {
                    enough_voters: false,
                    ..closed
                },
                PollError::TooFewVoters,
            ),
            (
                PollFacts {
                    has_winner: false,
                    ..closed
                },
                PollError::Tied,
            ),
            (
                PollFacts {
                    phase: PollPhase::Open,
                    ..closed
                },
                PollError::StillOpen,
            ),
        ] {
            assert_eq!(
                poll(Some(Role::Coordinator), &g, PollAction::Apply),
                Err(Denied::Poll(e))
            );
        }
        let final_text = PollFacts {
            program_phase: Phase::Closed,
            ..closed
        };
        assert!(matches!(
            poll(Some(Role::Coordinator), &final_text, PollAction::Apply),
            Err(Denied::NotNow { .. })
        ));
    }
}
