//! Domain enums stored by name in text columns (an amendment's status, a role, a kind).
//! In server builds sea-orm's `DeriveValueType` reads and writes them through [`from_db`]
//! and [`to_db`]: a stored name that no variant has makes reading the row an error, never a
//! silent fallback to some other status.

/// An enum whose every variant has a stable stored name.
pub trait Named: Sized + Copy + 'static {
    const VARIANTS: &'static [Self];
    fn name(self) -> &'static str;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stored value {value:?} for {kind}")]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}

/// The variant stored as `stored`.
pub fn from_db<T: Named>(stored: &str) -> Result<T, UnknownValue> {
    T::VARIANTS
        .iter()
        .copied()
        .find(|v| v.name() == stored)
        .ok_or_else(|| UnknownValue {
            kind: std::any::type_name::<T>(),
            value: stored.chars().take(40).collect(),
        })
}

/// The name `value` is stored as.
pub fn to_db<T: Named>(value: &T) -> &'static str {
    value.name()
}

/// Declares an enum stored by name: in server builds sea-orm reads and writes it through
/// [`from_db`] and [`to_db`] (`DeriveValueType`), and [`Named`] comes from the enum's `ALL`
/// and `as_str`, which its own `impl` block defines.
macro_rules! stored_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[cfg_attr(feature = "ssr", derive(sea_orm::DeriveValueType))]
        #[cfg_attr(
            feature = "ssr",
            sea_orm(
                value_type = "String",
                from_str = "crate::domain::stored::from_db",
                to_str = "crate::domain::stored::to_db"
            )
        )]
        $vis enum $name { $($body)* }

        impl $crate::domain::stored::Named for $name {
            const VARIANTS: &'static [Self] = &<$name>::ALL;
            fn name(self) -> &'static str {
                self.as_str()
            }
        }
    };
}
pub(crate) use stored_enum;

/// Declares an enum stored by name with each variant's stored name beside it
/// (`Variant = "name"`): it defines `ALL` and `as_str`, and [`stored_enum!`] does the rest.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $stored:literal),+ $(,)?
        }
    ) => {
        $crate::domain::stored::stored_enum! {
            $(#[$meta])*
            $vis enum $name { $($(#[$vmeta])* $variant),+ }
        }

        impl $name {
            pub const ALL: [$name; [$($stored),+].len()] = [$($name::$variant),+];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $stored),+
                }
            }
        }
    };
}
pub(crate) use named_enum;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::amendment::AmendmentStatus;
    use crate::domain::role::Role;

    #[test]
    fn every_variant_round_trips_and_unknown_names_are_errors() {
        for s in AmendmentStatus::ALL {
            assert_eq!(from_db::<AmendmentStatus>(to_db(&s)).unwrap(), s);
        }
        for r in Role::ALL {
            assert_eq!(from_db::<Role>(to_db(&r)).unwrap(), r);
        }
        let err = from_db::<AmendmentStatus>("publishd").unwrap_err();
        assert_eq!(err.value, "publishd");
        assert!(
            from_db::<Role>("Coordinator").is_err(),
            "stored names are exact"
        );
        assert!(from_db::<Role>("").is_err());
    }

    fn round_trips<T: Named + PartialEq + std::fmt::Debug>() -> Vec<&'static str> {
        let names: Vec<&'static str> = T::VARIANTS.iter().map(|v| v.name()).collect();
        for v in T::VARIANTS {
            assert_eq!(from_db::<T>(to_db(v)).unwrap(), *v);
        }
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "stored names are distinct");
        names
    }

    #[test]
    fn the_named_enums_keep_the_names_already_stored() {
        use crate::domain::account::TokenPurpose;
        use crate::domain::amendment::VersionKind;
        use crate::domain::notice::{FollowKind, NoticeKind};
        assert_eq!(
            round_trips::<VersionKind>(),
            ["publish", "edit", "rebase", "resolve", "final"]
        );
        assert_eq!(
            round_trips::<NoticeKind>(),
            [
                "reply",
                "comment",
                "accepted",
                "rejected",
                "rebased",
                "conflicted",
                "resolve",
                "edited",
                "decided",
                "recommended",
                "new_amendment",
                "vote_open",
                "vote_closing",
                "meeting",
                "meeting_reminder",
                "phase",
                "merge_proposed",
                "merged"
            ]
        );
        assert_eq!(
            round_trips::<FollowKind>(),
            ["section", "amendment", "program", "assembly", "vote"]
        );
        assert_eq!(
            round_trips::<TokenPurpose>(),
            ["activate", "reset", "unsubscribe", "paper"]
        );
        assert!(from_db::<NoticeKind>("mention").is_err());
        assert!("amendments".parse::<FollowKind>().is_err());
    }
}
