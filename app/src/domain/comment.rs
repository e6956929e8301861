//! Comments as the rules see them: stance, body, sort order, and the thread policy
//! (reply depth, reports before a comment is hidden, posting rate, page size).

use serde::{Deserialize, Serialize};
use std::str::FromStr;

pub const BODY_MAX: usize = 10_000;
pub const REPORT_REASON_MAX: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentPolicy {
    /// Replies nest at most this deep (top-level comments are depth 0).
    pub max_depth: i32,
    /// After this many reports a comment is hidden until a moderator looks at it.
    pub report_threshold: i32,
    /// At most `rate_count` comments per person in `rate_window_secs`.
    pub rate_count: u64,
    pub rate_window_secs: i64,
    /// Top-level comments per page. A page holds at most `page_size * (1 + replies_shown)`
    /// comments (50 by default) however long the thread is.
    pub page_size: u64,
    /// Replies shown under each top-level comment on a thread page (the oldest ones); the
    /// rest are one link away, on that conversation's own page.
    pub replies_shown: u64,
    /// Replies per page when one conversation is shown on its own.
    pub conversation_page_size: u64,
}

impl Default for CommentPolicy {
    fn default() -> Self {
        CommentPolicy {
            max_depth: 4,
            report_threshold: 3,
            rate_count: 5,
            rate_window_secs: 60,
            page_size: 10,
            replies_shown: 4,
            conversation_page_size: 200,
        }
    }
}

/// For, against or neutral: the position a comment on an amendment takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    For,
    Against,
    Neutral,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::For, Stance::Against, Stance::Neutral];
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::For => "for",
            Stance::Against => "against",
            Stance::Neutral => "neutral",
        }
    }
}

impl FromStr for Stance {
    type Err = CommentError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Stance::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or(CommentError::BadStance)
    }
}

/// The order of a thread's top-level comments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Highest score (ups minus downs) first, older first among equals.
    #[default]
    Best,
    Newest,
    Oldest,
}

impl FromStr for Sort {
    type Err = CommentError;
    /// Only the three names: anything else (a column name, SQL) is refused.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "" | "best" => Ok(Sort::Best),
            "newest" => Ok(Sort::Newest),
            "oldest" => Ok(Sort::Oldest),
            _ => Err(CommentError::BadSort),
        }
    }
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Best => "best",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CommentError {
    #[error("the comment is empty")]
    Empty,
    #[error("the comment is longer than {BODY_MAX} characters")]
    TooLong,
    #[error("replies cannot nest deeper")]
    TooDeep,
    #[error("unknown stance")]
    BadStance,
    #[error("unknown sort order")]
    BadSort,
    #[error("the passage is not in the text")]
    BadAnchor,
    #[error("the reason is empty or too long")]
    BadReason,
}

/// A comment's Markdown source: not blank, at most [`BODY_MAX`] characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentBody(String);

impl CommentBody {
    pub fn parse(raw: &str) -> Result<Self, CommentError> {
        let text = crate::domain::amendment::normalize_newlines(raw)
            .trim()
            .to_string();
        if text.is_empty() {
            return Err(CommentError::Empty);
        }
        if text.chars().count() > BODY_MAX {
            return Err(CommentError::TooLong);
        }
        Ok(CommentBody(text))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn only_known_sorts_and_stances() {
        assert_eq!("newest".parse(), Ok(Sort::Newest));
        assert_eq!("".parse(), Ok(Sort::Best));
        assert_eq!(
            "created_at; DROP TABLE comments".parse::<Sort>(),
            Err(CommentError::BadSort)
        );
        assert_eq!("for".parse(), Ok(Stance::For));
        assert!("maybe".parse::<Stance>().is_err());
    }

    #[test]
    fn bodies_are_checked() {
        assert_eq!(CommentBody::parse(" \n "), Err(CommentError::Empty));
        assert_eq!(
            CommentBody::parse(&"a".repeat(BODY_MAX + 1)),
            Err(CommentError::TooLong)
        );
        assert_eq!(CommentBody::parse(" hi\r\n").unwrap().as_str(), "hi");
    }
}
