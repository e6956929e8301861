//! Typed ids in markup: `value=id` in a form field writes the bare number, as it did when
//! ids were plain integers.

use crate::domain::ids::{
    AmendmentId, AssemblyId, CommentId, MeetingId, PollId, ProgramId, RollId, SectionId, UserId,
};
use leptos::prelude::IntoAttributeValue;

macro_rules! id_attribute {
    ($($name:ident),*) => {$(
        impl IntoAttributeValue for $name {
            type Output = i32;
            fn into_attribute_value(self) -> i32 {
                self.get()
            }
        }
    )*};
}

id_attribute!(
    AmendmentId,
    AssemblyId,
    CommentId,
    MeetingId,
    PollId,
    ProgramId,
    RollId,
    SectionId,
    UserId
);
