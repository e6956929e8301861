//! Anchors of comments on a passage: the quoted words, a little context either side, and
//! their place (byte offsets) in the revision they were written on. When the section gets
//! a new revision the anchor follows its words through the word diff: still all there ->
//! the same words at their new place; some changed -> "passage changed", pointing at what
//! is left; none left -> "passage removed".

use super::diff::ops;
use super::tokens::tokenize;
use serde::{Deserialize, Serialize};
use similar::DiffOp;

/// Characters of context kept on each side of the quote.
pub const CONTEXT_CHARS: usize = 32;
/// Longest quote one can comment on.
pub const QUOTE_MAX: usize = 2_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub start: usize,
    pub end: usize,
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnchorState {
    /// The same words, now at `start..end`.
    Intact {
        start: usize,
        end: usize,
    },
    /// Some of the words changed; what is left of the passage is at `start..end`.
    Changed {
        start: usize,
        end: usize,
    },
    Removed,
}

impl Anchor {
    /// The anchor of `start..end` in `text`, if that is a non-empty passage on character
    /// boundaries no longer than [`QUOTE_MAX`].
    pub fn new(text: &str, start: usize, end: usize) -> Option<Anchor> {
        if start >= end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return None;
        }
        let quote = &text[start..end];
        if quote.trim().is_empty() || quote.chars().count() > QUOTE_MAX {
            return None;
        }
        let prefix: String = {
            let before: Vec<char> = text[..start].chars().rev().take(CONTEXT_CHARS).collect();
            before.into_iter().rev().collect()
        };
        let suffix: String = text[end..].chars().take(CONTEXT_CHARS).collect();
        Some(Anchor {
            start,
            end,
            quote: quote.to_string(),
            prefix,
            suffix,
        })
    }
}

/// Byte offset where each token of `text` starts, plus the end.
fn offsets(tokens: &[&str]) -> Vec<usize> {
    let mut out = Vec::with_capacity(tokens.len() + 1);
    let mut at = 0;
    for t in tokens {
        out.push(at);
        at += t.len();
    }
    out.push(at);
    out
}

/// One step from a revision to the next: where each old token went (the word diff is
/// computed once, then any number of passages are carried through it).
pub struct Step<'a> {
    new: &'a str,
    old_at: Vec<usize>,
    new_at: Vec<usize>,
    /// Where each old token went, when it survived unchanged.
    moved: Vec<Option<usize>>,
}

impl<'a> Step<'a> {
    pub fn new(old: &str, new: &'a str) -> Step<'a> {
        let (a, b) = (tokenize(old), tokenize(new));
        let mut moved: Vec<Option<usize>> = vec![None; a.len()];
        for op in ops(&a, &b) {
            if let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                for k in 0..len {
                    moved[old_index + k] = Some(new_index + k);
                }
            }
        }
        Step {
            new,
            old_at: offsets(&a),
            new_at: offsets(&b),
            moved,
        }
    }

    /// Carries the passage `start..end` of the old text into the new one.
    pub fn follow(&self, start: usize, end: usize) -> AnchorState {
        let (old_at, new_at, moved, new) = (&self.old_at, &self.new_at, &self.moved, self.new);
        let tokens = moved.len();
        // The tokens the passage covers (any overlap counts).
        let first = (0..tokens).find(|&i| old_at[i] < end && old_at[i + 1] > start);
        let last = (0..tokens).rfind(|&i| old_at[i] < end && old_at[i + 1] > start);
        let (Some(first), Some(last)) = (first, last) else {
            return AnchorState::Removed;
        };
        let all_survive = (first..=last).all(|i| moved[i].is_some());
        let contiguous = match (moved[first], moved[last]) {
            (Some(f), Some(l)) => l - f == last - first,
            _ => false,
        };
        if all_survive && contiguous {
            // Offsets inside the first and last token are kept (a quote may start mid-word).
            let head_skip = start.saturating_sub(old_at[first]);
            let tail_skip = old_at[last + 1].saturating_sub(end);
            let (f, l) = (moved[first].unwrap_or(0), moved[last].unwrap_or(0));
            return AnchorState::Intact {
                start: new_at[f] + head_skip,
                end: new_at[l + 1] - tail_skip,
            };
        }
        // Changed: the new text between the nearest unchanged words around the passage.
        let before = (0..first).rev().find_map(|i| moved[i]);
        let after = (last + 1..tokens).find_map(|i| moved[i]);
        let span_start = before.map(|i| new_at[i + 1]).unwrap_or(0);
        let span_end = after.map(|i| new_at[i]).unwrap_or(new.len());
        if span_end <= span_start || new[span_start..span_end].trim().is_empty() {
            return AnchorState::Removed;
        }
        // Without the blank space at either end.
        let piece = &new[span_start..span_end];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        AnchorState::Changed {
            start: span_start + lead,
            end: span_end - trail,
        }
    }
}

/// Follows the passage `start..end` of `old` into `new`.
pub fn follow(old: &str, new: &str, start: usize, end: usize) -> AnchorState {
    Step::new(old, new).follow(start, end)
}

/// A chain of revisions (oldest first) with the steps between them computed once, so every
/// anchor of a thread is followed without diffing the texts again.
pub struct Chain<'a> {
    steps: Vec<Step<'a>>,
}

impl<'a> Chain<'a> {
    pub fn new(texts: &[&'a str]) -> Chain<'a> {
        Chain {
            steps: texts.windows(2).map(|w| Step::new(w[0], w[1])).collect(),
        }
    }

    /// Follows a passage of text number `from` of the chain to the last one. Once changed
    /// it stays changed; once removed it stays removed.
    pub fn follow(&self, from: usize, start: usize, end: usize) -> AnchorState {
        let mut state = AnchorState::Intact { start, end };
        for step in self.steps.iter().skip(from) {
            let (s, e, was_changed) = match state {
                AnchorState::Intact { start, end } => (start, end, false),
                AnchorState::Changed { start, end } => (start, end, true),
                AnchorState::Removed => return AnchorState::Removed,
            };
            state = match step.follow(s, e) {
                AnchorState::Intact { start, end } if was_changed => {
                    AnchorState::Changed { start, end }
                }
                other => other,
            };
        }
        state
    }
}

/// Follows a passage through a chain of revisions (oldest first, starting with the one the
/// anchor was written on).
pub fn follow_chain(chain: &[&str], start: usize, end: usize) -> AnchorState {
    Chain::new(chain).follow(0, start, end)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TEXT: &str = "Build 500 homes a year. Open 10 new libraries in every district.";

    fn at(text: &str, words: &str) -> (usize, usize) {
        let s = text.find(words).unwrap();
        (s, s + words.len())
    }

    #[test]
    fn anchors_keep_context() {
        let (s, e) = at(TEXT, "10 new libraries");
        let anchor = Anchor::new(TEXT, s, e).unwrap();
        assert_eq!(anchor.quote, "10 new libraries");
        assert!(anchor.prefix.ends_with("Open "));
        assert!(anchor.suffix.starts_with(" in every"));
        assert!(Anchor::new(TEXT, 3, 3).is_none());
        assert!(Anchor::new("é", 0, 1).is_none());
    }

    #[test]
    fn an_edit_elsewhere_moves_the_anchor_with_its_words() {
        let (s, e) = at(TEXT, "10 new libraries");
        let new = TEXT.replace("Build 500", "Build at least 800");
        let state = follow(TEXT, &new, s, e);
        let (ns, ne) = at(&new, "10 new libraries");
        assert_eq!(state, AnchorState::Intact { start: ns, end: ne });
    }

    #[test]
    fn edits_inside_the_passage_are_reported() {
        let (s, e) = at(TEXT, "10 new libraries");
        let new = TEXT.replace("10 new", "12 new");
        match follow(TEXT, &new, s, e) {
            AnchorState::Changed { start, end } => {
                assert_eq!(&new[start..end], "12 new libraries")
            }
            other => panic!("{other:?}"),
        }
        let gone = TEXT.replace(" Open 10 new libraries in every district.", "");
        assert_eq!(follow(TEXT, &gone, s, e), AnchorState::Removed);
    }

    proptest! {
        /// An anchor on a passage an edit does not touch (the edit is before it, or after
        /// it) still points at the same words.
        #[test]
        fn untouched_passages_keep_their_words(
            before in "[a-c ]{0,20}", passage in "[x-z]{1,3}( [x-z]{1,3}){0,3}", after in "[a-c ]{0,20}",
            edited in "[a-c ]{0,20}", edit_before in proptest::bool::ANY,
        ) {
            let old = format!("{before}|{passage}|{after}");
            let new = if edit_before {
                format!("{edited}|{passage}|{after}")
            } else {
                format!("{before}|{passage}|{edited}")
            };
            let s = before.len() + 1;
            let e = s + passage.len();
            match follow(&old, &new, s, e) {
                AnchorState::Intact { start, end } => prop_assert_eq!(&new[start..end], passage.as_str()),
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }
}
