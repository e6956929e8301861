//! Read models: what each page receives (both targets), beside the queries that build it
//! (server only), one folder per area. They read what writes stored (diffs, conflict groups,
//! rendered HTML, counts) and never change anything; every list is paged or capped.

pub mod account;
pub mod admin;
pub mod amendments;
pub mod assemblies;
pub mod comments;
pub mod committees;
pub mod dashboard;
pub mod notifications;
pub mod programs;
pub mod rolls;
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

/// Where a paged list is: which page (from 1), of how many, and how many items in all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}

impl PageInfo {
    /// Page `asked` (clamped to the pages there are) of `total` items, `per_page` a page;
    /// with the offset of its first item.
    pub fn of(total: u64, asked: u64, per_page: u64) -> (PageInfo, u64) {
        let pages = total.div_ceil(per_page).max(1);
        let page = asked.clamp(1, pages);
        (PageInfo { page, pages, total }, (page - 1) * per_page)
    }
}

/// What a facilitator prints for a person given an account at a meeting (shown once).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PaperSlip {
    pub display_name: String,
    /// What they log in with (`p-XXXXXXXX`).
    pub login: String,
    /// The one-time code that sets their password.
    pub code: String,
}
