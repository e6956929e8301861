//! Competing amendments: amendments written on the same text whose changes touch the same
//! passage form a group (they cannot all be accepted without a conflict). Amendments whose
//! changes are in separate passages can be accepted one after another.

use super::diff::Patch;
use super::tokens::tokenize;
use serde::{Deserialize, Serialize};

/// Amendments (by id) that compete for the passage `passage` of the base text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictGroup {
    pub members: Vec<i32>,
    pub passage: String,
}

/// Whether two changed ranges of base tokens overlap (insertions at the edge count, as in
/// the three-way merge).
fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    if a.0 == a.1 || b.0 == b.1 {
        a.0 <= b.1 && b.0 <= a.1
    } else {
        a.0 < b.1 && b.0 < a.1
    }
}

/// The groups of two or more `amendments` (id, proposed text, all written on `base`) that
/// change overlapping passages, in the order of the passages.
pub fn conflict_groups(base: &str, amendments: &[(i32, &str)]) -> Vec<ConflictGroup> {
    let tokens = tokenize(base);
    // (amendment index, start, end) of every hunk.
    let mut ranges: Vec<(usize, usize, usize)> = Vec::new();
    for (i, (_, text)) in amendments.iter().enumerate() {
        for hunk in Patch::between(base, text).hunks {
            ranges.push((i, hunk.start, hunk.end));
        }
    }
    // Union-find over amendments, joined when two of their hunks overlap.
    let mut parent: Vec<usize> = (0..amendments.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut span: Vec<Option<(usize, usize)>> = vec![None; amendments.len()];
    for (x, &(i, s1, e1)) in ranges.iter().enumerate() {
        for &(j, s2, e2) in &ranges[x + 1..] {
            if i != j && overlap((s1, e1), (s2, e2)) {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                if ri != rj {
                    parent[rj] = ri;
                }
                for (k, s, e) in [(i, s1, e1), (j, s2, e2)] {
                    let entry = span[k].get_or_insert((s, e));
                    *entry = (entry.0.min(s), entry.1.max(e));
                }
            }
        }
    }
    let mut groups: Vec<(usize, usize, Vec<i32>)> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    for i in 0..amendments.len() {
        let Some((s, e)) = span[i] else { continue };
        let r = root(&mut parent, i);
        match roots.iter().position(|x| *x == r) {
            Some(g) => {
                let group = &mut groups[g];
                group.0 = group.0.min(s);
                group.1 = group.1.max(e);
                group.2.push(amendments[i].0);
            }
            None => {
                roots.push(r);
                groups.push((s, e, vec![amendments[i].0]));
            }
        }
    }
    for group in &mut groups {
        group.2.sort_unstable();
    }
    groups.sort_by_key(|g| (g.0, g.1));
    let is_space = |t: &str| t.chars().all(char::is_whitespace);
    groups
        .into_iter()
        .map(|(s, e, members)| {
            // Widen the passage to whole words between spaces ("**8,000**", not "8,000"),
            // so readers recognise it.
            let (mut s, mut e) = (s.min(tokens.len()), e.min(tokens.len()));
            while s > 0 && !is_space(tokens[s - 1]) {
                s -= 1;
            }
            while e < tokens.len() && !is_space(tokens[e]) {
                e += 1;
            }
            ConflictGroup {
                members,
                passage: tokens[s..e].concat(),
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::text::{merge3, MergeOutcome};
    use proptest::prelude::*;

    #[test]
    fn amendments_to_the_same_passage_compete() {
        let base = "Build 500 homes a year. Open 10 libraries.";
        let groups = conflict_groups(
            base,
            &[
                (1, "Build 800 homes a year. Open 10 libraries."),
                (2, "Build 1000 homes a year. Open 10 libraries."),
                (3, "Build 500 homes a year. Open 12 libraries."),
                (4, "Build 600 homes a year. Open 10 libraries."),
            ],
        );
        assert_eq!(
            groups,
            vec![ConflictGroup {
                members: vec![1, 2, 4],
                passage: "500".into()
            }]
        );
    }

    proptest! {
        /// Amendments in no group merge cleanly with each other.
        #[test]
        fn amendments_outside_groups_merge_cleanly(
            base in "[a-c ]{0,16}", a in "[a-c ]{0,16}", b in "[a-c ]{0,16}"
        ) {
            let groups = conflict_groups(&base, &[(1, &a), (2, &b)]);
            if groups.is_empty() {
                prop_assert!(matches!(merge3(&base, &a, &b), MergeOutcome::Clean(_)));
            }
        }
    }
}
