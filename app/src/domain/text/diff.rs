//! Word-level diffs (computed with `similar` on tokens) and patches: the hunks that turn a
//! base text into a target. A patch applied to its base gives the target exactly.

use super::tokens::tokenize;
use serde::{Deserialize, Serialize};
use similar::{capture_diff_slices, Algorithm, DiffOp};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SegmentKind {
    Equal,
    Deleted,
    Inserted,
}

/// A run of text in an inline diff view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub kind: SegmentKind,
    pub text: String,
}

/// Replaces base tokens `start..end` with `replacement` (an insertion when start == end).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hunk {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// The changes from a base text to a target, in base token positions, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Patch {
    pub hunks: Vec<Hunk>,
}

fn ops<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<DiffOp> {
    capture_diff_slices(Algorithm::Myers, old, new)
}

/// The inline diff of two texts, word by word; adjacent segments of one kind are joined.
pub fn diff(old: &str, new: &str) -> Vec<Segment> {
    let (a, b) = (tokenize(old), tokenize(new));
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |kind: SegmentKind, text: String| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(&text),
            _ => out.push(Segment { kind, text }),
        }
    };
    for op in ops(&a, &b) {
        let (_, old_range, new_range) = op.as_tag_tuple();
        match op {
            DiffOp::Equal { .. } => push(SegmentKind::Equal, a[old_range].concat()),
            DiffOp::Delete { .. } => push(SegmentKind::Deleted, a[old_range].concat()),
            DiffOp::Insert { .. } => push(SegmentKind::Inserted, b[new_range].concat()),
            DiffOp::Replace { .. } => {
                push(SegmentKind::Deleted, a[old_range].concat());
                push(SegmentKind::Inserted, b[new_range].concat());
            }
        }
    }
    out
}

impl Patch {
    /// The hunks that turn `base` into `target`.
    pub fn between(base: &str, target: &str) -> Patch {
        let (a, b) = (tokenize(base), tokenize(target));
        let mut hunks: Vec<Hunk> = Vec::new();
        // Positions in the base are tracked here: an insertion goes where the previous
        // operation ended (the index `similar` reports for it is not always that point).
        let mut old_pos = 0;
        let mut previous_was_change = false;
        for op in ops(&a, &b) {
            let (_, old_range, new_range) = op.as_tag_tuple();
            let (start, end) = match op {
                DiffOp::Insert { .. } => (old_pos, old_pos),
                _ => (old_range.start, old_range.end),
            };
            old_pos = end;
            if let DiffOp::Equal { .. } = op {
                previous_was_change = false;
                continue;
            }
            let replacement = b[new_range].concat();
            match hunks.last_mut() {
                // A deletion followed by an insertion at the same place is one replacement.
                Some(last) if previous_was_change && last.end == start => {
                    last.end = end;
                    last.replacement.push_str(&replacement);
                }
                _ => hunks.push(Hunk {
                    start,
                    end,
                    replacement,
                }),
            }
            previous_was_change = true;
        }
        Patch { hunks }
    }

    pub fn is_empty(&self) -> bool {
        self.hunks.is_empty()
    }

    /// Applies the patch to the base it was made from.
    pub fn apply(&self, base: &str) -> String {
        let tokens = tokenize(base);
        let mut out = String::with_capacity(base.len());
        let mut at = 0;
        for hunk in &self.hunks {
            let start = hunk.start.min(tokens.len());
            out.push_str(&tokens[at.min(start)..start].concat());
            out.push_str(&hunk.replacement);
            at = hunk.end.min(tokens.len()).max(start);
        }
        out.push_str(&tokens[at.min(tokens.len())..].concat());
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn marks_changed_words_only() {
        let segments = diff(
            "Build 500 social homes a year.",
            "Build 800 social and cooperative homes a year.",
        );
        let words = |kind: SegmentKind| -> Vec<String> {
            segments
                .iter()
                .filter(|s| s.kind == kind)
                .flat_map(|s| {
                    s.text
                        .split_whitespace()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        assert_eq!(words(SegmentKind::Deleted), vec!["500"]);
        assert_eq!(
            words(SegmentKind::Inserted),
            vec!["800", "and", "cooperative"]
        );
    }

    #[test]
    fn identical_texts_have_an_empty_patch() {
        assert!(Patch::between("same text", "same text").is_empty());
    }

    fn words() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "[a-d]{1,3}",
                Just(" ".to_string()),
                Just(", ".to_string()),
                Just("\n".to_string())
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn applying_a_patch_gives_the_target(base in words(), target in words()) {
            prop_assert_eq!(Patch::between(&base, &target).apply(&base), target);
        }

        #[test]
        fn the_diff_contains_both_texts(old in words(), new in words()) {
            let segments = diff(&old, &new);
            let old_back: String = segments.iter().filter(|s| s.kind != SegmentKind::Inserted).map(|s| s.text.as_str()).collect();
            let new_back: String = segments.iter().filter(|s| s.kind != SegmentKind::Deleted).map(|s| s.text.as_str()).collect();
            prop_assert_eq!(old_back, old);
            prop_assert_eq!(new_back, new);
        }
    }
}
