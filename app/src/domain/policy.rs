//! Who may do what, decided in one place. Every operation asks these functions before it
//! changes anything, and every page shows an action only when they allow it, so a button is
//! shown exactly when pressing it can succeed (tested by walking generated states against the
//! real operations: server/tests/api/policy.rs). Pure: the caller gathers the facts.

use crate::domain::amendment::{Action, AmendmentStatus};
use crate::domain::phase::{Activity, Phase};
use crate::domain::role::Role;

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
}

fn phase_allows(f: &AmendmentFacts, activity: Activity) -> Result<(), Denied> {
    if f.published_program && f.phase.allows(activity) {
        Ok(())
    } else {
        Err(Denied::NotNow {
            phase: f.phase,
            activity,
        })
    }
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
        if actor.role.can_decide_amendments() {
            Ok(())
        } else {
            Err(Denied::Forbidden)
        }
    };
    match action {
        Action::Edit | Action::Publish => {
            author()?;
            phase_allows(f, Activity::Amend)?;
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
}
