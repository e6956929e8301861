//! Several amendments of one section combined into one draft: the text a facilitator starts
//! from when proposing to merge them. Where the amendments change separate passages, each
//! change is taken (the n-way form of a three-way merge); where they change the same
//! passage differently, the draft has every wording of it, one after the other, in the order
//! of the sources, and the passage is reported as an overlap for the facilitator to edit
//! into one. Nothing any source wrote is dropped. Cost: one bounded diff per source plus a
//! sort of their hunks.

use super::diff::Patch;
use super::merge::ranges_touch;
use super::tokens::tokenize;
use serde::{Deserialize, Serialize};

/// A passage of the base text that several sources change in different ways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overlap {
    /// The passage as the base text has it (empty for competing insertions).
    pub base: String,
    /// Each distinct wording of it, with the sources (their indices) that wrote it, in the
    /// order of the sources.
    pub wordings: Vec<(Vec<usize>, String)>,
}

/// The draft of a merge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Combined {
    pub text: String,
    pub overlaps: Vec<Overlap>,
}

struct Edit {
    source: usize,
    start: usize,
    end: usize,
    replacement: String,
}

/// Base tokens `start..end` with the edits of `source` among `group` applied.
fn apply_source(
    tokens: &[&str],
    start: usize,
    end: usize,
    group: &[&Edit],
    source: usize,
) -> String {
    let mut out = String::new();
    let mut at = start;
    for edit in group.iter().filter(|e| e.source == source) {
        out.push_str(&tokens[at..edit.start].concat());
        out.push_str(&edit.replacement);
        at = edit.end;
    }
    out.push_str(&tokens[at..end].concat());
    out
}

/// Combines `sources` (full proposed texts, all written on `base`) into one draft.
pub fn combine(base: &str, sources: &[&str]) -> Combined {
    let tokens = tokenize(base);
    let mut edits: Vec<Edit> = sources
        .iter()
        .enumerate()
        .flat_map(|(source, text)| {
            Patch::between(base, text)
                .hunks
                .into_iter()
                .map(move |h| Edit {
                    source,
                    start: h.start,
                    end: h.end,
                    replacement: h.replacement,
                })
        })
        .collect();
    edits.sort_by_key(|e| (e.start, e.end, e.source));
    let mut text = String::with_capacity(base.len());
    let mut overlaps = Vec::new();
    let (mut at, mut i) = (0, 0);
    while i < edits.len() {
        let (mut start, mut end) = (edits[i].start, edits[i].end);
        let mut group: Vec<&Edit> = vec![&edits[i]];
        i += 1;
        while i < edits.len() && ranges_touch((start, end), (edits[i].start, edits[i].end)) {
            start = start.min(edits[i].start);
            end = end.max(edits[i].end);
            group.push(&edits[i]);
            i += 1;
        }
        text.push_str(&tokens[at..start].concat());
        let mut writers: Vec<usize> = group.iter().map(|e| e.source).collect();
        writers.sort_unstable();
        writers.dedup();
        let mut wordings: Vec<(Vec<usize>, String)> = Vec::new();
        for source in writers {
            let wording = apply_source(&tokens, start, end, &group, source);
            match wordings.iter_mut().find(|(_, w)| *w == wording) {
                Some((who, _)) => who.push(source),
                None => wordings.push((vec![source], wording)),
            }
        }
        if let [(_, only)] = wordings.as_slice() {
            text.push_str(only);
        } else {
            for (k, (_, wording)) in wordings.iter().enumerate() {
                let needs_space = k > 0
                    && !text.ends_with(char::is_whitespace)
                    && !wording.starts_with(char::is_whitespace);
                if needs_space {
                    text.push(' ');
                }
                text.push_str(wording);
            }
            overlaps.push(Overlap {
                base: tokens[start..end].concat(),
                wordings,
            });
        }
        at = end;
    }
    text.push_str(&tokens[at..].concat());
    Combined { text, overlaps }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::text::{merge3, MergeOutcome};
    use proptest::prelude::*;

    const BASE: &str = "Build 500 social homes a year. Open 10 new libraries. Plant 2,000 trees.";

    #[test]
    fn separate_passages_are_all_taken() {
        let a = "Build 800 social homes a year. Open 10 new libraries. Plant 2,000 trees.";
        let b = "Build 500 social homes a year. Open 12 new libraries. Plant 2,000 trees.";
        let c = "Build 500 social homes a year. Open 10 new libraries. Plant 9,000 trees.";
        let combined = combine(BASE, &[a, b, c]);
        assert_eq!(
            combined.text,
            "Build 800 social homes a year. Open 12 new libraries. Plant 9,000 trees."
        );
        assert!(combined.overlaps.is_empty());
    }

    #[test]
    fn overlapping_wordings_are_all_kept_and_reported() {
        let a = "Build 800 social homes a year. Open 10 new libraries. Plant 2,000 trees.";
        let b = "Build 1,000 social homes a year. Open 10 new libraries. Plant 2,000 trees.";
        let c = "Build 800 social homes a year. Open 10 new libraries. Plant 2,000 trees.";
        let d = "Build 500 social homes a year. Open 10 new libraries. Plant 3,000 trees.";
        let combined = combine(BASE, &[a, b, c, d]);
        assert_eq!(
            combined.text,
            "Build 800 1,000 social homes a year. Open 10 new libraries. Plant 3,000 trees."
        );
        assert_eq!(
            combined.overlaps,
            vec![Overlap {
                base: "500".into(),
                wordings: vec![(vec![0, 2], "800".into()), (vec![1], "1,000".into())],
            }]
        );
    }

    #[test]
    fn identical_changes_are_one_change() {
        let a = "Build 800 social homes a year. Open 10 new libraries. Plant 2,000 trees.";
        assert_eq!(
            combine(BASE, &[a, a]),
            Combined {
                text: a.into(),
                overlaps: vec![]
            }
        );
    }

    use crate::domain::text::testing::words;

    proptest! {
        #[test]
        fn one_source_is_itself(base in words("[a-c]{1,2}", " "), a in words("[a-c]{1,2}", " ")) {
            let combined = combine(&base, &[&a]);
            prop_assert_eq!(combined.text, a);
            prop_assert!(combined.overlaps.is_empty());
        }

        #[test]
        fn two_clean_sources_combine_as_a_three_way_merge(
            base in words("[a-c]{1,2}", " "), a in words("[a-c]{1,2}", " "), b in words("[a-c]{1,2}", " "),
        ) {
            let combined = combine(&base, &[&a, &b]);
            if let MergeOutcome::Clean(merged) = merge3(&base, &a, &b) {
                prop_assert_eq!(&combined.text, &merged);
                prop_assert!(combined.overlaps.is_empty());
            } else {
                prop_assert!(!combined.overlaps.is_empty());
            }
        }

        #[test]
        fn nothing_a_source_wrote_is_dropped(
            base in words("[a-c]{1,2}", " "),
            sources in proptest::collection::vec(words("[a-c]{1,2}", " "), 1..5),
        ) {
            let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
            let combined = combine(&base, &refs);
            for source in &sources {
                let mut available = tokenize(&combined.text);
                for hunk in Patch::between(&base, source).hunks {
                    // Words: runs of spaces may join where wordings meet.
                    for token in tokenize(&hunk.replacement).into_iter().filter(|t| !t.trim().is_empty()) {
                        let found = available.iter().position(|t| *t == token);
                        prop_assert!(found.is_some(), "{:?} of {:?} lost from {:?}", token, source, combined.text);
                        if let Some(k) = found { available.swap_remove(k); }
                    }
                }
            }
        }
    }
}
