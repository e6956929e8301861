//! Competing amendments: amendments written on the same text whose changes touch the same
//! passage form a group (they cannot all be accepted without a conflict). Amendments whose
//! changes are in separate passages can be accepted one after another.

use super::diff::Patch;
use super::tokens::tokenize;
use serde::{Deserialize, Serialize};

/// Amendments (by id) that compete for the passage `passage` of the base text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictGroup<Id = i32> {
    pub members: Vec<Id>,
    pub passage: String,
}

/// The groups of two or more `amendments` (id, proposed text, all written on `base`) that
/// change overlapping passages, in the order of the passages.
pub fn conflict_groups<Id: Copy + Ord>(
    base: &str,
    amendments: &[(Id, &str)],
) -> Vec<ConflictGroup<Id>> {
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
    // Overlapping hunks, found by one sweep in start order (a pairwise comparison would be
    // quadratic in hunks, and one amendment can have thousands). Sorted by (start, end), a
    // hunk overlaps one of the run before it exactly when it starts before the run's
    // furthest end, or at it when it or a hunk ending there is an insertion.
    ranges.sort_unstable_by_key(|&(i, s, e)| (s, e, i));
    let mut span: Vec<Option<(usize, usize)>> = vec![None; amendments.len()];
    let mut join_run = |run: &[(usize, usize, usize)], parent: &mut Vec<usize>| {
        let Some(&(first, _, _)) = run.first() else {
            return;
        };
        if run.iter().all(|&(i, _, _)| i == first) {
            return;
        }
        for &(i, s, e) in run {
            let (ri, rf) = (root(parent, i), root(parent, first));
            if ri != rf {
                parent[ri] = rf;
            }
            let entry = span[i].get_or_insert((s, e));
            *entry = (entry.0.min(s), entry.1.max(e));
        }
    };
    let mut run: Vec<(usize, usize, usize)> = Vec::new();
    let (mut furthest, mut insertion_there) = (0, false);
    for &(i, s, e) in &ranges {
        let joins =
            !run.is_empty() && (s < furthest || (s == furthest && (s == e || insertion_there)));
        if !joins {
            join_run(&run, &mut parent);
            run.clear();
            (furthest, insertion_there) = (e, s == e);
        } else if e > furthest {
            (furthest, insertion_there) = (e, s == e);
        } else if e == furthest && s == e {
            insertion_there = true;
        }
        run.push((i, s, e));
    }
    join_run(&run, &mut parent);
    let mut groups: Vec<(usize, usize, Vec<Id>)> = Vec::new();
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

    /// Whether two changed ranges of base tokens overlap (insertions at the edge count, as in
    /// the three-way merge).
    fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
        if a.0 == a.1 || b.0 == b.1 {
            a.0 <= b.1 && b.0 <= a.1
        } else {
            a.0 < b.1 && b.0 < a.1
        }
    }

    /// The pairwise definition the sweep must agree with: amendments joined when any two of
    /// their hunks overlap; each member's span covers its overlapping hunks.
    fn pairwise(base: &str, amendments: &[(i32, &str)]) -> Vec<(Vec<i32>, (usize, usize))> {
        let hunks: Vec<Vec<(usize, usize)>> = amendments
            .iter()
            .map(|(_, t)| {
                Patch::between(base, t)
                    .hunks
                    .iter()
                    .map(|h| (h.start, h.end))
                    .collect()
            })
            .collect();
        let n = amendments.len();
        let mut linked = vec![vec![false; n]; n];
        let mut span: Vec<Option<(usize, usize)>> = vec![None; n];
        for i in 0..n {
            for j in 0..n {
                for &a in &hunks[i] {
                    for &b in &hunks[j] {
                        if i != j && overlap(a, b) {
                            linked[i][j] = true;
                            let e = span[i].get_or_insert(a);
                            *e = (e.0.min(a.0), e.1.max(a.1));
                        }
                    }
                }
            }
        }
        let mut seen = vec![false; n];
        let mut groups = Vec::new();
        for start in 0..n {
            if seen[start] || span[start].is_none() {
                continue;
            }
            let (mut stack, mut members, mut whole) = (vec![start], Vec::new(), (usize::MAX, 0));
            seen[start] = true;
            while let Some(i) = stack.pop() {
                members.push(amendments[i].0);
                if let Some((s, e)) = span[i] {
                    whole = (whole.0.min(s), whole.1.max(e));
                }
                for j in 0..n {
                    if linked[i][j] && !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
            members.sort_unstable();
            groups.push((members, whole));
        }
        groups.sort_by_key(|g| g.1);
        groups
    }

    proptest! {
        /// The one-sweep grouping finds exactly the groups of the pairwise definition.
        #[test]
        fn the_sweep_agrees_with_pairwise_comparison(
            base in "[a-c ]{0,24}",
            texts in proptest::collection::vec("[a-c ]{0,24}", 0..6)
        ) {
            let amendments: Vec<(i32, &str)> =
                texts.iter().enumerate().map(|(i, t)| (i as i32 + 1, t.as_str())).collect();
            let found: Vec<Vec<i32>> = conflict_groups(&base, &amendments).into_iter().map(|g| g.members).collect();
            let expected: Vec<Vec<i32>> = pairwise(&base, &amendments).into_iter().map(|g| g.0).collect();
            prop_assert_eq!(found, expected);
        }

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
