//! Typed ids for the records whose ids cross layers (operations, read models, server
//! functions, pages): an amendment id cannot be passed where a section id is expected.
//! Each is stored as the plain integer column it always was, serialized as a bare number
//! (forms, JSON, URLs) and parsed from one.

use std::fmt;
use std::str::FromStr;

/// Declares an id newtype over `i32`: `Display`/`FromStr` as the number, serde as the
/// number, and in server builds sea-orm reads and writes it as the integer column
/// (`DeriveValueType`, which also makes it usable as an auto-increment primary key).
macro_rules! typed_id {
    ($($(#[$meta:meta])* $name:ident),* $(,)?) => {$(
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::DeriveValueType))]
        pub struct $name(pub i32);

        impl $name {
            /// The stored integer.
            pub const fn get(self) -> i32 {
                self.0
            }
        }

        impl From<$name> for i32 {
            fn from(id: $name) -> i32 {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }
    )*};
}

typed_id! {
    /// A program (`programs.id`).
    ProgramId,
    /// A section of a program (`sections.id`).
    SectionId,
    /// An amendment (`amendments.id`).
    AmendmentId,
    /// A vote (`polls.id`).
    PollId,
    /// An assembly (`assemblies.id`).
    AssemblyId,
    /// A meeting of an assembly (`meetings.id`).
    MeetingId,
    /// An account (`users.id`).
    UserId,
    /// A comment (`comments.id`).
    CommentId,
    /// A committee deciding on some sections of a program (`committees.id`).
    CommitteeId,
    /// An eligibility roll (`rolls.id`).
    RollId,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_and_print_as_bare_numbers() {
        let id: AmendmentId = "42".parse().unwrap();
        assert_eq!(id, AmendmentId(42));
        assert_eq!(id.to_string(), "42");
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(
            serde_json::from_str::<SectionId>("7").unwrap(),
            SectionId(7)
        );
        assert!("4x".parse::<PollId>().is_err());
    }
}
