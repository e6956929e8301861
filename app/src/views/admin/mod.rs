use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod load;
#[cfg(feature = "ssr")]
pub use load::*;

/// One event of the audit page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: i64,
    /// Display name; `None` for the system (or a deleted account).
    pub actor: Option<String>,
    pub kind: String,
    pub subject: String,
    pub link: Option<String>,
    /// What the subject is called (an amendment's or vote's title, an assembly's or
    /// person's name), when it still exists.
    pub subject_title: Option<String>,
    /// JSON.
    pub detail: String,
    /// The detail as (field, value) pairs, for people.
    pub details: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntries {
    /// Every assembly (address, name), for the filter.
    pub assemblies: Vec<(String, String)>,
    pub rows: Vec<AuditRow>,
    /// Every kind of action in the log, for the filter.
    pub kinds: Vec<String>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}
