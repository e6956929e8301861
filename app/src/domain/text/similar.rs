//! Near-duplicate amendments: two amendments of one section that propose nearly the same
//! change to the same passage, so a resident can support one instead of writing another,
//! and a facilitator can merge them.
//!
//! The measure, stated (the pages quote it):
//! - Each amendment's change is read from its word diff against the text it was written on:
//!   the passage of that text it touches (from the first to the last changed word) and the
//!   words it removes and inserts, each reduced to a key (lower case, accents dropped, a
//!   plural "s"/"es" dropped, at most [`STEM`] letters) with short words and the commonest
//!   words of Catalan, Spanish and English left out. A removed key and an inserted key are
//!   different keys ("-arbres" is not "+arbres").
//! - Two changes are compared only when their passages touch (overlap, or lie within
//!   [`NEAR`] words of each other); then their similarity is the Jaccard index of their
//!   keys: shared keys over all keys.
//! - They are near-duplicates when the similarity is at least [`THRESHOLD`].
//!
//! Rewording keeps most keys; reordering keeps all of them; adding a sentence adds keys but
//! keeps the others; an unrelated change to the same passage shares few. Cost: one bounded
//! diff per amendment; clusters compare only amendments that share a key (an inverted
//! index), each pair in time linear in their keys. A cluster is one amendment and those
//! near it (never a chain of near-duplicates of near-duplicates), at most 20.

use super::diff::Patch;
use super::tokens::tokenize;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Near-duplicates from this similarity up.
pub const THRESHOLD: f64 = 0.35;
/// Passages this many words apart still count as the same passage.
pub const NEAR: usize = 6;
/// Letters kept of each word.
pub const STEM: usize = 6;
/// Keys kept per change (a change longer than this is compared on its first ones).
const MAX_KEYS: usize = 400;

/// Words too common to say anything about a change.
const COMMON: &[&str] = &[
    // English
    "the", "and", "for", "with", "that", "this", "are", "was", "will", "all", "from", "its", "our",
    "their", "which", "into", "per", "each", "also", "more", "than", "not", "but", "has", "have",
    "can", "new", // Catalan
    "els", "les", "amb", "per", "que", "una", "des", "del", "dels", "als", "cada", "tots", "totes",
    "seva", "seu", "seus", "nou", "nova", "nous", "noves", "com", "més", "mes", "són", "serà",
    "pel", "pels", // Spanish
    "los", "las", "con", "para", "por", "una", "uno", "del", "sus", "todos", "todas", "cada",
    "más", "como", "nuevo", "nueva", "nuevos", "nuevas", "será", "son", "esta", "este",
];

/// What an amendment changes, as the measure reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Base tokens `start..end` it touches.
    pub start: usize,
    pub end: usize,
    /// Its keys, sorted: "-key" for removed words, "+key" for inserted ones.
    pub keys: Vec<String>,
}

fn fold_accents(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

/// The key of a word, or `None` when it says nothing (short, common, punctuation).
pub fn key_of(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    if COMMON.contains(&lower.as_str()) {
        return None;
    }
    let folded: String = lower
        .chars()
        .map(fold_accents)
        .filter(|c| c.is_alphanumeric())
        .collect();
    if folded.chars().count() < 3 {
        return None;
    }
    let numeric = folded.chars().all(|c| c.is_ascii_digit());
    let stem = if numeric {
        folded
    } else {
        let trimmed = folded
            .strip_suffix("es")
            .filter(|s| s.chars().count() >= 4)
            .or_else(|| folded.strip_suffix('s').filter(|s| s.chars().count() >= 3))
            .unwrap_or(&folded);
        trimmed.chars().take(STEM).collect()
    };
    Some(stem)
}

/// The change from `base` to `text`; `None` when there is none.
pub fn change_of(base: &str, text: &str) -> Option<Change> {
    let patch = Patch::between(base, text);
    let first = patch.hunks.first()?;
    let last = patch.hunks.last()?;
    let tokens = tokenize(base);
    let mut keys = BTreeSet::new();
    for hunk in &patch.hunks {
        for word in &tokens[hunk.start..hunk.end] {
            if let Some(k) = key_of(word) {
                keys.insert(format!("-{k}"));
            }
        }
        for word in tokenize(&hunk.replacement) {
            if let Some(k) = key_of(word) {
                keys.insert(format!("+{k}"));
            }
        }
        if keys.len() >= MAX_KEYS {
            break;
        }
    }
    Some(Change {
        start: first.start,
        end: last.end,
        keys: keys.into_iter().take(MAX_KEYS).collect(),
    })
}

/// Whether two changes touch the same passage (tokens count words and the spaces between
/// them, so [`NEAR`] words are twice as many tokens).
fn same_passage(a: &Change, b: &Change) -> bool {
    let slack = 2 * NEAR;
    a.start <= b.end + slack && b.start <= a.end + slack
}

/// How alike two changes are: 0 when they touch different passages, else the Jaccard index
/// of their keys.
pub fn similarity(a: &Change, b: &Change) -> f64 {
    if !same_passage(a, b) {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.keys.len() && j < b.keys.len() {
        match a.keys[i].cmp(&b.keys[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let all = a.keys.len() + b.keys.len() - shared;
    if all == 0 {
        // Both only touch punctuation or common words of the same passage.
        return 1.0;
    }
    shared as f64 / all as f64
}

/// Whether two changes are near-duplicates.
pub fn near(a: &Change, b: &Change) -> bool {
    similarity(a, b) >= THRESHOLD
}

/// The items most like `change`, most alike first, at most `limit`, each with its
/// similarity.
pub fn nearest<Id: Copy>(change: &Change, items: &[(Id, Change)], limit: usize) -> Vec<(Id, f64)> {
    let mut found: Vec<(Id, f64)> = items
        .iter()
        .map(|(id, c)| (*id, similarity(change, c)))
        .filter(|(_, s)| *s >= THRESHOLD)
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    found.truncate(limit);
    found
}

/// The most items one cluster holds (a merge combines at most this many).
pub const CLUSTER_MAX: usize = crate::domain::synthesis::MERGE_MAX;

/// Groups of two or more near-duplicate items. Each group is an item and the items near
/// *it* (a star, not a chain: near-duplicates of near-duplicates can say anything), at most
/// [`CLUSTER_MAX`], the closest first; the item with the most near ones leads first, and
/// an item is in one group at most. Each group is in the order of `items`, groups in the
/// order of their first member.
pub fn clusters<Id: Copy>(items: &[(Id, Change)]) -> Vec<Vec<Id>> {
    // Only items sharing a key can reach the threshold (unless both have no key at all).
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut keyless = Vec::new();
    for (i, (_, c)) in items.iter().enumerate() {
        if c.keys.is_empty() {
            keyless.push(i);
        }
        for k in &c.keys {
            by_key.entry(k.as_str()).or_default().push(i);
        }
    }
    let mut candidates: BTreeSet<(usize, usize)> = BTreeSet::new();
    for list in by_key.values().chain(std::iter::once(&keyless)) {
        // A key in very many changes says little on its own; such pairs still meet
        // through their other keys.
        if list.len() > 500 {
            continue;
        }
        for (x, &i) in list.iter().enumerate() {
            for &j in &list[x + 1..] {
                candidates.insert((i, j));
            }
        }
    }
    let mut near_of: Vec<Vec<(usize, f64)>> = vec![Vec::new(); items.len()];
    for (i, j) in candidates {
        let s = similarity(&items[i].1, &items[j].1);
        if s >= THRESHOLD {
            near_of[i].push((j, s));
            near_of[j].push((i, s));
        }
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(near_of[i].len()), i));
    let mut taken = vec![false; items.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for leader in order {
        if taken[leader] {
            continue;
        }
        let mut near: Vec<(usize, f64)> = near_of[leader]
            .iter()
            .copied()
            .filter(|(j, _)| !taken[*j])
            .collect();
        if near.is_empty() {
            continue;
        }
        near.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut group: Vec<usize> = std::iter::once(leader)
            .chain(near.into_iter().map(|(j, _)| j))
            .take(CLUSTER_MAX)
            .collect();
        for &m in &group {
            taken[m] = true;
        }
        group.sort_unstable();
        groups.push(group);
    }
    groups.sort_by_key(|g| g[0]);
    groups
        .into_iter()
        .map(|g| g.into_iter().map(|i| items[i].0).collect())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const BASE: &str = "The city will plant 2,000 trees in the next four years, mostly in \
        the Eixample. Every district will have a public library open on Sundays. Buses \
        will run every ten minutes on the main lines.";

    fn ch(text: &str) -> Change {
        change_of(BASE, text).expect("a change")
    }

    fn with(from: &str, to: &str) -> String {
        assert!(BASE.contains(from), "{from}");
        BASE.replacen(from, to, 1)
    }

    /// Pairs that propose nearly the same change, made by rewording, reordering and
    /// adding a sentence.
    fn near_pairs() -> Vec<(&'static str, String, String)> {
        vec![
            (
                "rewording",
                with("plant 2,000 trees", "plant 10,000 trees along every street"),
                with("plant 2,000 trees", "plant 10,000 street trees along the streets"),
            ),
            (
                "rewording",
                with(
                    "open on Sundays",
                    "open on Sundays and until midnight during exam weeks",
                ),
                with(
                    "open on Sundays",
                    "open on Sundays and until midnight in exam periods",
                ),
            ),
            (
                "rewording",
                with("every ten minutes", "every five minutes, also at night"),
                with("every ten minutes", "every five minutes, night included"),
            ),
            (
                "reordering",
                with(
                    "mostly in the Eixample",
                    "mostly in Nou Barris, Sant Andreu and Sants",
                ),
                with(
                    "mostly in the Eixample",
                    "mostly in Sants, Nou Barris and Sant Andreu",
                ),
            ),
            (
                "reordering",
                with(
                    "Buses will run every ten minutes on the main lines.",
                    "On the main lines, buses will run every six minutes and be free for children.",
                ),
                with(
                    "Buses will run every ten minutes on the main lines.",
                    "Buses will be free for children and run every six minutes on the main lines.",
                ),
            ),
            (
                "adding a sentence",
                with(
                    "open on Sundays.",
                    "open on Sundays. Libraries will lend tools and seeds.",
                ),
                with(
                    "open on Sundays.",
                    "open on Sundays. Libraries will lend tools and seeds. Neighbours can propose what to lend.",
                ),
            ),
            (
                "adding a sentence",
                with("2,000 trees", "5,000 trees"),
                with(
                    "2,000 trees in the next four years, mostly in the Eixample.",
                    "5,000 trees in the next four years, mostly in the Eixample. Schools will care for them.",
                ),
            ),
            (
                "rewording (Catalan)",
                "L'Ajuntament obrirà biblioteques als barris cada diumenge i durant les vacances.".to_string(),
                "L'Ajuntament obrirà les biblioteques dels barris tots els diumenges i també durant les vacances.".to_string(),
            ),
        ]
    }

    /// Pairs that change the section in unrelated ways, or the same passage differently.
    fn unrelated_pairs() -> Vec<(&'static str, String, String)> {
        vec![
            (
                "different passages",
                with("plant 2,000 trees", "plant 10,000 trees"),
                with("every ten minutes", "every five minutes"),
            ),
            (
                "different passages",
                with("open on Sundays", "open on Sundays and holidays"),
                with("mostly in the Eixample", "mostly in Ciutat Vella"),
            ),
            (
                "same passage, other change",
                with("plant 2,000 trees", "plant 10,000 trees along every street"),
                with("plant 2,000 trees", "build 300 community gardens"),
            ),
            (
                "same passage, other change",
                with(
                    "open on Sundays",
                    "open on Sundays and until midnight during exam weeks",
                ),
                with("open on Sundays", "with a maker space for teenagers"),
            ),
            (
                "same passage, opposite direction",
                with("every ten minutes", "every five minutes"),
                with("every ten minutes", "every twenty minutes, and fewer lines"),
            ),
            (
                "same passage, other sentence added",
                with(
                    "open on Sundays.",
                    "open on Sundays. Libraries will lend tools and seeds.",
                ),
                with(
                    "open on Sundays.",
                    "open on Sundays. Every library gets a children's theatre.",
                ),
            ),
        ]
    }

    fn classify(pairs: &[(&str, String, String)], base: &str) -> Vec<(String, f64)> {
        pairs
            .iter()
            .map(|(what, a, b)| {
                let (a, b) = (change_of(base, a).unwrap(), change_of(base, b).unwrap());
                (what.to_string(), similarity(&a, &b))
            })
            .collect()
    }

    #[test]
    fn crafted_pairs_are_told_apart() {
        let catalan = "L'Ajuntament obrirà biblioteques als barris cada diumenge.";
        let mut positives = classify(&near_pairs()[..7], BASE);
        positives.extend(classify(&near_pairs()[7..], catalan));
        let negatives = classify(&unrelated_pairs(), BASE);
        let found = positives.iter().filter(|(_, s)| *s >= THRESHOLD).count();
        let false_alarms = negatives.iter().filter(|(_, s)| *s >= THRESHOLD).count();
        // The closing note quotes these: precision and recall on the crafted pairs.
        let precision = found as f64 / (found + false_alarms).max(1) as f64;
        let recall = found as f64 / positives.len() as f64;
        println!("near-duplicates: {positives:?}");
        println!("unrelated: {negatives:?}");
        println!("precision {precision:.2}, recall {recall:.2}");
        assert_eq!(
            (found, false_alarms),
            (positives.len(), 0),
            "{positives:?} {negatives:?}"
        );
    }

    #[test]
    fn keys_fold_case_accents_plurals_and_common_words() {
        assert_eq!(key_of("Biblioteques"), key_of("biblioteca"));
        assert_eq!(key_of("Trees"), key_of("tree"));
        assert_eq!(key_of("més"), None);
        assert_eq!(key_of("de"), None);
        assert_eq!(key_of("10,000"), Some("10000".into()));
        assert_eq!(key_of("Sant"), Some("sant".into()));
    }

    #[test]
    fn clusters_join_near_duplicates_only() {
        let a = ch(&with(
            "plant 2,000 trees",
            "plant 10,000 trees along every street",
        ));
        let b = ch(&with(
            "plant 2,000 trees",
            "plant 10,000 street trees along the streets",
        ));
        let c = ch(&with("every ten minutes", "every five minutes"));
        let d = ch(&with(
            "every ten minutes",
            "every five minutes, at night too",
        ));
        let e = ch(&with("open on Sundays", "open on Sundays and holidays"));
        let items = vec![(1, a), (2, c), (3, b.clone()), (4, e), (5, d)];
        assert_eq!(clusters(&items), vec![vec![1, 3], vec![2, 5]]);
        // A chain A~B~C where A and C are not near: a star around B, not a chain.
        let star = |extra: &str| {
            ch(&with(
                "open on Sundays",
                &format!("open on Sundays {extra}"),
            ))
        };
        let chain = vec![
            (1, star("and holidays for students")),
            (2, star("and holidays for students and seniors")),
            (3, star("and seniors and families")),
        ];
        let got = clusters(&chain);
        assert_eq!(got.len(), 1);
        assert!(got[0].len() <= 3 && got[0].contains(&2));
        // Never more than a merge can take.
        let many: Vec<(usize, Change)> = (0..50).map(|i| (i, b.clone())).collect();
        assert!(clusters(&many).iter().all(|g| g.len() <= CLUSTER_MAX));
        assert_eq!(clusters(&many).iter().map(Vec::len).sum::<usize>(), 50);
        let near_a = nearest(&items[0].1, &items[1..], 5);
        assert_eq!(
            near_a.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            vec![3]
        );
    }
}
