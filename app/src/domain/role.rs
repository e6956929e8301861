//! The platform roles. A role is stored as its lowercase name.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

crate::domain::stored::stored_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Role {
        Resident,
        Facilitator,
        Coordinator,
    }
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Resident, Role::Facilitator, Role::Coordinator];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Facilitator => "facilitator",
            Role::Coordinator => "coordinator",
        }
    }

    /// Coordinators run the platform: they change roles and phases.
    pub fn can_manage_users(self) -> bool {
        self == Role::Coordinator
    }

    /// Coordinators create, import, publish, open and close programs.
    pub fn can_manage_programs(self) -> bool {
        self == Role::Coordinator
    }

    /// Facilitators and coordinators accept and reject amendments.
    pub fn can_decide_amendments(self) -> bool {
        self >= Role::Facilitator
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?}: expected resident, facilitator or coordinator")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "resident" => Ok(Role::Resident),
            "facilitator" => Ok(Role::Facilitator),
            "coordinator" => Ok(Role::Coordinator),
            _ => Err(UnknownRole(s.to_string())),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_role() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn refuses_unknown_roles() {
        assert!("admin".parse::<Role>().is_err());
        assert!("".parse::<Role>().is_err());
        assert_eq!(" Coordinator ".parse::<Role>(), Ok(Role::Coordinator));
    }

    #[test]
    fn only_coordinators_manage_users() {
        assert!(Role::Coordinator.can_manage_users());
        assert!(!Role::Facilitator.can_manage_users());
        assert!(!Role::Resident.can_manage_users());
        assert!(Role::Facilitator.can_decide_amendments());
        assert!(!Role::Resident.can_decide_amendments());
        assert!(!Role::Facilitator.can_manage_programs());
    }
}
