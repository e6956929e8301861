//! Read models: what each page receives (both targets), beside the queries that build it
//! (server only), one folder per area. They read what writes stored (diffs, conflict groups,
//! rendered HTML, counts) and never change anything; every list is paged or capped.

pub mod account;
pub mod admin;
pub mod amendments;
pub mod assemblies;
pub mod comments;
pub mod dashboard;
pub mod notifications;
pub mod programs;
pub mod search;
pub mod sections;
pub mod votes;

use serde::{Deserialize, Serialize};

/// A link to something by its id and title (an amendment, a section, an assembly, a person).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link<Id> {
    pub id: Id,
    pub title: String,
}

impl<Id> Link<Id> {
    pub fn new(id: Id, title: impl Into<String>) -> Self {
        Link {
            id,
            title: title.into(),
        }
    }
}
