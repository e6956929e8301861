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

/// A page title safe to write raw inside `<title>` (whose content ends at the first
/// `</title`): `<` becomes the look-alike `‹`; everything else is kept.
pub fn safe_title(text: String) -> String {
    if text.contains('<') {
        text.replace('<', "\u{2039}")
    } else {
        text
    }
}

#[cfg(test)]
mod title_tests {
    #[test]
    fn titles_cannot_close_their_element() {
        assert_eq!(
            super::safe_title("</title><script>x</script>".into()),
            "\u{2039}/title>\u{2039}script>x\u{2039}/script>"
        );
        assert_eq!(
            super::safe_title("Habitatge & barri".into()),
            "Habitatge & barri"
        );
    }
}
