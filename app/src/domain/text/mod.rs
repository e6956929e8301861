//! Text as Redacta versions it: word-level tokens, diffs, patches and three-way merges.
//! Pure code, used by the server (rebase on accept) and the browser (diff preview).

pub mod anchor;
pub mod blame;
pub mod combine;
pub mod diff;
pub mod format;
pub mod groups;
pub mod merge;
pub mod placeholders;
pub mod readable;
pub mod similar;
#[cfg(test)]
pub(crate) mod testing;
pub mod tokens;
pub mod url;

pub use anchor::{follow, follow_chain, Anchor, AnchorState, Chain};
pub use blame::{blame, BlamePassage};
pub use combine::{combine, Combined, Overlap};
pub use diff::{diff, Hunk, Patch, Segment, SegmentKind};
pub use groups::{conflict_groups, ConflictGroup};
pub use merge::{merge3, MergeChunk, MergeOutcome};
pub use placeholders::{count_text, fill};
pub use readable::{locate_passage, styled, without_markers, Reader, Style, Styled};
pub use tokens::tokenize;

/// Whether `text` fits a one-line field (a title, a name, a place): no control character
/// at all, so no line break can reach a ballot file, a CSV line, a mail header or a log.
pub fn is_single_line(text: &str) -> bool {
    !text.chars().any(char::is_control)
}
