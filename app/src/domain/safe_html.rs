//! HTML that is safe to insert into a page. On the server only `services::markdown::render`
//! makes one (Markdown rendered, then sanitized); the browser receives it already made.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SafeHtml(String);

impl SafeHtml {
    /// Only for the sanitizer (see `services::markdown`).
    #[cfg(feature = "ssr")]
    pub(crate) fn from_sanitized(html: String) -> Self {
        SafeHtml(html)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
