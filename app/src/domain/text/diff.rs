//! Word-level diffs (computed with `similar` on tokens) and patches: the hunks that turn a
//! base text into a target. A patch applied to its base gives the target exactly. Every diff
//! is bounded in cost (see [`ops`]): no text, however long or unlike the other, makes one slow.

use super::tokens::tokenize;
use serde::{Deserialize, Serialize};
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::HashMap;

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

/// Diff operations between two token lists, bounded in cost whatever the input.
///
/// Myers' algorithm costs O((N+M)·D) (D: the number of differing tokens), quadratic when
/// two long texts share little, so it never runs on more than [`GAP_TOKENS`] tokens at a
/// time, nor on more than [`BUDGET`] (the sum of squared gap sizes) per diff. Longer
/// stretches are first cut at common prefixes and suffixes and at anchors (runs of 1, 4 or
/// 16 tokens that occur exactly once in each text, kept in order: a patience diff); a stretch
/// that still cannot be afforded is reported as one replacement, which is always a correct
/// (if coarse) answer: applying it gives the target exactly. The result is deterministic
/// (no clock), so every server and the browser compute the same diff. Worst case: a few
/// linear passes plus `BUDGET` Myers work.
pub(crate) fn ops(old: &[&str], new: &[&str]) -> Vec<DiffOp> {
    ops_within(old, new, GAP_TOKENS, BUDGET)
}

/// [`ops`] with other limits (tests use tiny ones to reach every fallback).
fn ops_within(old: &[&str], new: &[&str], gap_tokens: usize, budget: u64) -> Vec<DiffOp> {
    let mut run = Bounded {
        old,
        new,
        gap_tokens,
        budget,
        out: Vec::new(),
    };
    run.stretch(0, old.len(), 0, new.len(), 0);
    run.out
}

/// Longest stretch (old + new tokens) handed to Myers in one piece.
pub const GAP_TOKENS: usize = 2_000;
/// Myers work allowed per diff, in squared tokens: about four worst-case stretches.
pub const BUDGET: u64 = 4 * (GAP_TOKENS as u64) * (GAP_TOKENS as u64);
/// How deep anchors may split a stretch again (each level is one linear pass).
const MAX_DEPTH: u32 = 6;
/// Anchor lengths tried in turn: single rare words, then short and longer phrases (texts
/// with a small vocabulary have no unique word but many unique phrases).
const ANCHOR_WINDOWS: [usize; 3] = [1, 4, 16];

struct Bounded<'s, 'a> {
    old: &'s [&'a str],
    new: &'s [&'a str],
    gap_tokens: usize,
    budget: u64,
    out: Vec<DiffOp>,
}

impl Bounded<'_, '_> {
    fn equal(&mut self, old_index: usize, new_index: usize, len: usize) {
        if len > 0 {
            self.out.push(DiffOp::Equal {
                old_index,
                new_index,
                len,
            });
        }
    }

    fn change(&mut self, a0: usize, a1: usize, b0: usize, b1: usize) {
        let (old_len, new_len) = (a1 - a0, b1 - b0);
        let op = match (old_len, new_len) {
            (0, 0) => return,
            (0, _) => DiffOp::Insert {
                old_index: a0,
                new_index: b0,
                new_len,
            },
            (_, 0) => DiffOp::Delete {
                old_index: a0,
                old_len,
                new_index: b0,
            },
            _ => DiffOp::Replace {
                old_index: a0,
                old_len,
                new_index: b0,
                new_len,
            },
        };
        self.out.push(op);
    }

    /// Diffs old[a0..a1] against new[b0..b1], appending the operations in order.
    fn stretch(&mut self, mut a0: usize, mut a1: usize, mut b0: usize, mut b1: usize, depth: u32) {
        let prefix = common_prefix(&self.old[a0..a1], &self.new[b0..b1]);
        self.equal(a0, b0, prefix);
        a0 += prefix;
        b0 += prefix;
        let suffix = common_suffix(&self.old[a0..a1], &self.new[b0..b1]);
        a1 -= suffix;
        b1 -= suffix;
        let (n, m) = (a1 - a0, b1 - b0);
        if n == 0 || m == 0 {
            self.change(a0, a1, b0, b1);
        } else if n + m <= self.gap_tokens && ((n + m) as u64).pow(2) <= self.budget {
            self.budget -= ((n + m) as u64).pow(2);
            self.myers(a0, a1, b0, b1);
        } else if let Some(anchors) = (depth < MAX_DEPTH)
            .then(|| self.anchors(a0, a1, b0, b1))
            .flatten()
        {
            let (mut at_a, mut at_b) = (a0, b0);
            for (i, j, len) in anchors {
                self.stretch(at_a, i, at_b, j, depth + 1);
                self.equal(i, j, len);
                at_a = i + len;
                at_b = j + len;
            }
            self.stretch(at_a, a1, at_b, b1, depth + 1);
        } else {
            self.change(a0, a1, b0, b1);
        }
        self.equal(a1, b1, suffix);
    }

    fn myers(&mut self, a0: usize, a1: usize, b0: usize, b1: usize) {
        for op in capture_diff_slices(Algorithm::Myers, &self.old[a0..a1], &self.new[b0..b1]) {
            self.out.push(match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => DiffOp::Equal {
                    old_index: old_index + a0,
                    new_index: new_index + b0,
                    len,
                },
                DiffOp::Delete {
                    old_index,
                    old_len,
                    new_index,
                } => DiffOp::Delete {
                    old_index: old_index + a0,
                    old_len,
                    new_index: new_index + b0,
                },
                DiffOp::Insert {
                    old_index,
                    new_index,
                    new_len,
                } => DiffOp::Insert {
                    old_index: old_index + a0,
                    new_index: new_index + b0,
                    new_len,
                },
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => DiffOp::Replace {
                    old_index: old_index + a0,
                    old_len,
                    new_index: new_index + b0,
                    new_len,
                },
            });
        }
    }

    /// Runs of tokens found exactly once in old[a0..a1] and once in new[b0..b1], the
    /// longest chain of them in the same order in both, not overlapping: `(old, new, len)`.
    fn anchors(
        &self,
        a0: usize,
        a1: usize,
        b0: usize,
        b1: usize,
    ) -> Option<Vec<(usize, usize, usize)>> {
        for w in ANCHOR_WINDOWS {
            if a1 - a0 < w || b1 - b0 < w {
                break;
            }
            // window -> (count in old, position in old, count in new, position in new)
            let mut seen: HashMap<&[&str], (u32, usize, u32, usize)> =
                HashMap::with_capacity(a1 - a0);
            for i in a0..=a1 - w {
                let e = seen.entry(&self.old[i..i + w]).or_insert((0, i, 0, 0));
                e.0 += 1;
            }
            for j in b0..=b1 - w {
                if let Some(e) = seen.get_mut(&self.new[j..j + w]) {
                    e.2 += 1;
                    e.3 = j;
                }
            }
            let mut pairs: Vec<(usize, usize)> = seen
                .into_values()
                .filter(|e| e.0 == 1 && e.2 == 1)
                .map(|e| (e.1, e.3))
                .collect();
            if pairs.is_empty() {
                continue;
            }
            pairs.sort_unstable();
            let mut chain: Vec<(usize, usize, usize)> = Vec::new();
            for (i, j) in increasing_chain(&pairs) {
                // Windows longer than one token may overlap the previous anchor: skip those.
                if chain
                    .last()
                    .is_none_or(|&(pi, pj, len)| i >= pi + len && j >= pj + len)
                {
                    chain.push((i, j, w));
                }
            }
            return Some(chain);
        }
        None
    }
}

fn common_prefix(a: &[&str], b: &[&str]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[&str], b: &[&str]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The longest subsequence of `pairs` (sorted by their first value, all distinct) whose
/// second values increase: patience sorting, O(k log k).
fn increasing_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[l]: index in `pairs` of the smallest tail of an increasing run of length l+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < j);
        previous[k] = at.checked_sub(1).map(|p| tails[p]);
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(k) = at {
        chain.push(pairs[k]);
        at = previous[k];
    }
    chain.reverse();
    chain
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

    /// The operations cover both token lists in order, without gaps or overlaps.
    fn covers(ops: &[DiffOp], old: usize, new: usize) -> bool {
        let (mut a, mut b) = (0, 0);
        for op in ops {
            let (_, o, n) = op.as_tag_tuple();
            if o.start != a || n.start != b {
                return false;
            }
            (a, b) = (o.end, n.end);
        }
        a == old && b == new
    }

    /// Texts that defeat Myers: nothing in common, one repeated character, alternating
    /// tokens, and a long text with a small vocabulary.
    fn pathological(len: usize) -> Vec<(String, String)> {
        let words = |w: &str, n: usize| vec![w; n].join(" ");
        let alternating: String = (0..len)
            .map(|i| if i % 2 == 0 { "a " } else { "b " })
            .collect();
        let shifted: String = (0..len)
            .map(|i| if i % 2 == 0 { "b " } else { "a " })
            .collect();
        let small_vocabulary = |seed: u64| -> String {
            let mut x = seed;
            (0..len)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ["casa ", "barri ", "veïns ", "bus ", "escola "][(x >> 33) as usize % 5]
                })
                .collect()
        };
        vec![
            (words("alpha", len), words("omega", len)),
            ("x".repeat(len), "y".repeat(len)),
            (
                "x".repeat(len),
                format!("{} {}", "x".repeat(len / 2), "x".repeat(len / 2)),
            ),
            (alternating, shifted),
            (small_vocabulary(1), small_vocabulary(2)),
        ]
    }

    #[test]
    fn pathological_texts_stay_within_the_budget_and_correct() {
        for (old, new) in pathological(40_000) {
            let (a, b) = (tokenize(&old), tokenize(&new));
            let started = std::time::Instant::now();
            let found = ops(&a, &b);
            // Generous: the point is "bounded", not a timing target (see the benchmark).
            assert!(started.elapsed() < std::time::Duration::from_secs(20));
            assert!(covers(&found, a.len(), b.len()));
            assert_eq!(Patch::between(&old, &new).apply(&old), new);
        }
    }

    #[test]
    fn rare_words_and_phrases_anchor_long_texts() {
        // 40,000 tokens from a 30-word vocabulary (no word is rare, phrases are), seven
        // words changed far apart: far over one Myers stretch, yet the diff finds exactly
        // the seven changes (through anchors, not as one replacement).
        let mut x: u64 = 7;
        let words: Vec<String> = (0..20_000)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                format!("w{}", (x >> 33) % 30)
            })
            .collect();
        let base = words.join(" ");
        let changed = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i % 2_857 == 1_000 {
                    "nou".to_string()
                } else {
                    w.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let segments = diff(&base, &changed);
        let deleted: Vec<&str> = segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Deleted)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(deleted.len(), 7, "{deleted:?}");
        assert!(
            deleted
                .iter()
                .all(|d| d.starts_with('w') && !d.contains(' ')),
            "{deleted:?}"
        );
    }

    #[test]
    fn an_increasing_chain_is_longest() {
        let pairs = [(0, 5), (1, 1), (2, 2), (3, 9), (4, 3), (5, 4)];
        assert_eq!(
            increasing_chain(&pairs),
            vec![(1, 1), (2, 2), (4, 3), (5, 4)]
        );
    }

    proptest! {
        /// With tiny limits every fallback (anchors, replacements) is reached, and the
        /// operations still turn one text into the other exactly.
        #[test]
        fn tiny_limits_stay_exact(old in words(), new in words(), gap in 0usize..8, budget in 0u64..80) {
            let (a, b) = (tokenize(&old), tokenize(&new));
            let found = ops_within(&a, &b, gap, budget);
            prop_assert!(covers(&found, a.len(), b.len()));
            for op in &found {
                if let DiffOp::Equal { old_index, new_index, len } = *op {
                    prop_assert_eq!(&a[old_index..old_index + len], &b[new_index..new_index + len]);
                }
            }
        }

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
