//! Three-way merge at word granularity: the base an amendment was written on, the section's
//! new head ("ours"), and the amendment's text ("theirs"). Changes to different passages are
//! combined; changes to the same passage are a conflict unless both sides made the very same
//! change. Nothing is ever dropped: a conflict keeps the base, ours and theirs.

use super::diff::Patch;
use super::tokens::tokenize;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MergeChunk {
    Clean(String),
    Conflict {
        base: String,
        ours: String,
        theirs: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MergeOutcome {
    Clean(String),
    Conflicted(Vec<MergeChunk>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Ours,
    Theirs,
}

struct Edit<'a> {
    side: Side,
    start: usize,
    end: usize,
    replacement: &'a str,
}

/// Whether `edit` touches a group spanning base tokens `start..end`. Overlapping ranges
/// touch; so does an insertion at either edge of the group (its order would be a guess).
fn touches(start: usize, end: usize, edit: &Edit) -> bool {
    ranges_touch((start, end), (edit.start, edit.end))
}

/// Whether an edit of base tokens `edit` touches a group spanning base tokens `group`
/// (see [`touches`]); shared with the n-way combination of amendments.
pub(super) fn ranges_touch(group: (usize, usize), edit: (usize, usize)) -> bool {
    let (start, end) = group;
    let group_is_insertion = start == end;
    let edit_is_insertion = edit.0 == edit.1;
    if group_is_insertion || edit_is_insertion {
        edit.0 <= end && start <= edit.1
    } else {
        edit.0 < end && start < edit.1
    }
}

/// The text of base tokens `start..end` with one side's edits of the group applied.
fn apply_side(tokens: &[&str], start: usize, end: usize, edits: &[&Edit], side: Side) -> String {
    let mut out = String::new();
    let mut at = start;
    for edit in edits.iter().filter(|e| e.side == side) {
        out.push_str(&tokens[at..edit.start].concat());
        out.push_str(edit.replacement);
        at = edit.end;
    }
    out.push_str(&tokens[at..end].concat());
    out
}

pub fn merge3(base: &str, ours: &str, theirs: &str) -> MergeOutcome {
    let tokens = tokenize(base);
    let ours_patch = Patch::between(base, ours);
    let theirs_patch = Patch::between(base, theirs);
    let mut edits: Vec<Edit> = ours_patch
        .hunks
        .iter()
        .map(|h| Edit {
            side: Side::Ours,
            start: h.start,
            end: h.end,
            replacement: &h.replacement,
        })
        .chain(theirs_patch.hunks.iter().map(|h| Edit {
            side: Side::Theirs,
            start: h.start,
            end: h.end,
            replacement: &h.replacement,
        }))
        .collect();
    edits.sort_by_key(|e| (e.start, e.end, e.side == Side::Theirs));

    let mut chunks: Vec<MergeChunk> = Vec::new();
    let push_clean = |chunks: &mut Vec<MergeChunk>, text: String| {
        if text.is_empty() {
            return;
        }
        match chunks.last_mut() {
            Some(MergeChunk::Clean(last)) => last.push_str(&text),
            _ => chunks.push(MergeChunk::Clean(text)),
        }
    };

    let mut at = 0;
    let mut i = 0;
    while i < edits.len() {
        // Grow a group of edits that touch one another.
        let (mut start, mut end) = (edits[i].start, edits[i].end);
        let mut group: Vec<&Edit> = vec![&edits[i]];
        i += 1;
        while i < edits.len() && touches(start, end, &edits[i]) {
            start = start.min(edits[i].start);
            end = end.max(edits[i].end);
            group.push(&edits[i]);
            i += 1;
        }
        push_clean(&mut chunks, tokens[at..start].concat());
        let has = |side: Side| group.iter().any(|e| e.side == side);
        let ours_text = apply_side(&tokens, start, end, &group, Side::Ours);
        let theirs_text = apply_side(&tokens, start, end, &group, Side::Theirs);
        if !has(Side::Theirs) {
            push_clean(&mut chunks, ours_text);
        } else if !has(Side::Ours) || ours_text == theirs_text {
            push_clean(&mut chunks, theirs_text);
        } else {
            chunks.push(MergeChunk::Conflict {
                base: tokens[start..end].concat(),
                ours: ours_text,
                theirs: theirs_text,
            });
        }
        at = end;
    }
    push_clean(&mut chunks, tokens[at..].concat());

    if chunks.iter().all(|c| matches!(c, MergeChunk::Clean(_))) {
        MergeOutcome::Clean(
            chunks
                .into_iter()
                .map(|c| match c {
                    MergeChunk::Clean(text) => text,
                    MergeChunk::Conflict { .. } => String::new(),
                })
                .collect(),
        )
    } else {
        MergeOutcome::Conflicted(chunks)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn combines_changes_to_different_passages() {
        let base = "Build 500 social homes a year. Open 10 new libraries.";
        let ours = "Build 800 social homes a year. Open 10 new libraries.";
        let theirs = "Build 500 social homes a year. Open 12 new libraries in every district.";
        assert_eq!(
            merge3(base, ours, theirs),
            MergeOutcome::Clean(
                "Build 800 social homes a year. Open 12 new libraries in every district.".into()
            )
        );
    }

    #[test]
    fn overlapping_changes_conflict_and_keep_every_side() {
        let outcome = merge3("Build 500 homes.", "Build 800 homes.", "Build 1000 homes.");
        assert_eq!(
            outcome,
            MergeOutcome::Conflicted(vec![
                MergeChunk::Clean("Build ".into()),
                MergeChunk::Conflict {
                    base: "500".into(),
                    ours: "800".into(),
                    theirs: "1000".into()
                },
                MergeChunk::Clean(" homes.".into()),
            ])
        );
    }

    #[test]
    fn the_same_change_on_both_sides_is_clean() {
        assert_eq!(
            merge3("a b c", "a X c", "a X c"),
            MergeOutcome::Clean("a X c".into())
        );
    }

    #[test]
    fn insertions_at_the_edge_of_a_change_conflict() {
        // "b" is replaced on one side; the other puts a comma right after it.
        assert!(matches!(
            merge3("a b c", "a X c", "a b, c"),
            MergeOutcome::Conflicted(_)
        ));
        // An insertion one token further away is its own passage.
        assert_eq!(
            merge3("a b c d", "a X c d", "a b c, d"),
            MergeOutcome::Clean("a X c, d".into())
        );
    }

    use crate::domain::text::testing::words;

    proptest! {
        #[test]
        fn one_sided_changes_merge_to_that_side(base in words("[a-d]{1,3}", " "), other in words("[a-d]{1,3}", " ")) {
            prop_assert_eq!(merge3(&base, &base, &other), MergeOutcome::Clean(other.clone()));
            prop_assert_eq!(merge3(&base, &other, &base), MergeOutcome::Clean(other.clone()));
            prop_assert_eq!(merge3(&base, &other, &other), MergeOutcome::Clean(other));
        }

        #[test]
        fn edits_to_separate_passages_both_survive(
            a in words("[a-c]{1,2}", ","), a2 in words("[a-c]{1,2}", ","),
            b in words("[x-z]{1,2}", ";"), b2 in words("[x-z]{1,2}", ";"),
        ) {
            let base = format!("{a}§{b}");
            let ours = format!("{a2}§{b}");
            let theirs = format!("{a}§{b2}");
            prop_assert_eq!(merge3(&base, &ours, &theirs), MergeOutcome::Clean(format!("{a2}§{b2}")));
            // ... and in either order.
            prop_assert_eq!(merge3(&base, &theirs, &ours), MergeOutcome::Clean(format!("{a2}§{b2}")));
        }

        #[test]
        fn a_merge_never_drops_text_silently(base in words("[a-c]{1,2}", " "), ours in words("[a-c]{1,2}", " "), theirs in words("[a-c]{1,2}", " ")) {
            // Every word either side wrote is in the result, or in that side of a conflict.
            let outcome = merge3(&base, &ours, &theirs);
            let view = |side: Side| -> String {
                match &outcome {
                    MergeOutcome::Clean(text) => text.clone(),
                    MergeOutcome::Conflicted(chunks) => chunks.iter().map(|c| match c {
                        MergeChunk::Clean(t) => t.as_str(),
                        MergeChunk::Conflict { ours, theirs, .. } => if side == Side::Ours { ours } else { theirs },
                    }).collect(),
                }
            };
            for (side, text) in [(Side::Ours, &ours), (Side::Theirs, &theirs)] {
                let written: Vec<String> = Patch::between(&base, text).hunks.iter()
                    .flat_map(|h| tokenize(&h.replacement).into_iter().map(str::to_string).collect::<Vec<_>>())
                    .collect();
                let result = view(side);
                let mut available: Vec<&str> = tokenize(&result);
                for token in &written {
                    let found = available.iter().position(|t| t == token);
                    prop_assert!(found.is_some(), "{:?} lost from {:?}", token, result);
                    if let Some(i) = found { available.swap_remove(i); }
                }
            }
        }

        #[test]
        fn merging_is_symmetric(base in words("[a-b]{1,2}", " "), ours in words("[a-b]{1,2}", " "), theirs in words("[a-b]{1,2}", " ")) {
            // Swapping the two sides swaps them in every conflict and changes nothing else.
            let swapped = match merge3(&base, &theirs, &ours) {
                MergeOutcome::Clean(text) => MergeOutcome::Clean(text),
                MergeOutcome::Conflicted(chunks) => MergeOutcome::Conflicted(chunks.into_iter().map(|c| match c {
                    MergeChunk::Conflict { base, ours, theirs } => MergeChunk::Conflict { base, ours: theirs, theirs: ours },
                    clean => clean,
                }).collect()),
            };
            prop_assert_eq!(merge3(&base, &ours, &theirs), swapped);
        }
    }
}
