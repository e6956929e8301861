//! Diff and three-way merge on a 20,000-word section (`cargo bench -p app --bench text`).
//! Prints timings; no thresholds here (targets live in the closing notes, not in tests).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::domain::text::{blame, conflict_groups, diff, merge3, MergeOutcome, Patch};

fn main() {
    divan::main();
}

const WORDS: usize = 20_000;

/// A deterministic text of `WORDS` words in sentences and paragraphs.
fn section() -> String {
    let vocabulary = [
        "habitatge",
        "públic",
        "lloguer",
        "barri",
        "veïns",
        "cooperativa",
        "mobilitat",
        "bus",
        "escola",
        "salut",
        "8,000",
        "ciutat",
        "districte",
        "pressupost",
        "assemblea",
        "dret",
        "l'aigua",
        "energia",
        "col·lectiu",
        "espai",
    ];
    let mut seed: u64 = 42;
    let mut out = String::with_capacity(WORDS * 9);
    for i in 0..WORDS {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        out.push_str(vocabulary[(seed >> 33) as usize % vocabulary.len()]);
        out.push_str(match i % 97 {
            96 => ".\n\n",
            n if n % 13 == 12 => ", ",
            _ => " ",
        });
    }
    out
}

/// Replaces every `step`-th word starting at `offset` (about 1% of the words for step 100).
fn edit(text: &str, offset: usize, step: usize, word: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, w) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if i % step == offset {
            out.push_str(word);
        } else {
            out.push_str(w);
        }
    }
    out
}

#[divan::bench]
fn word_diff(bencher: divan::Bencher) {
    let base = section();
    let changed = edit(&base, 0, 100, "nou");
    bencher.bench(|| diff(divan::black_box(&base), divan::black_box(&changed)));
}

#[divan::bench]
fn patch_between(bencher: divan::Bencher) {
    let base = section();
    let changed = edit(&base, 0, 100, "nou");
    bencher.bench(|| Patch::between(divan::black_box(&base), divan::black_box(&changed)));
}

#[divan::bench]
fn merge_separate_passages(bencher: divan::Bencher) {
    let base = section();
    let ours = edit(&base, 0, 100, "nou");
    let theirs = edit(&base, 50, 100, "altre");
    assert!(matches!(
        merge3(&base, &ours, &theirs),
        MergeOutcome::Clean(_)
    ));
    bencher.bench(|| merge3(divan::black_box(&base), &ours, &theirs));
}

#[divan::bench]
fn merge_with_conflicts(bencher: divan::Bencher) {
    let base = section();
    let ours = edit(&base, 0, 100, "nou");
    let theirs = edit(&base, 0, 200, "altre");
    assert!(matches!(
        merge3(&base, &ours, &theirs),
        MergeOutcome::Conflicted(_)
    ));
    bencher.bench(|| merge3(divan::black_box(&base), &ours, &theirs));
}

#[divan::bench]
fn conflict_groups_of_ten_amendments(bencher: divan::Bencher) {
    let base = section();
    let amendments: Vec<String> = (0..10).map(|i| edit(&base, i * 7, 500, "esmena")).collect();
    let refs: Vec<(i32, &str)> = amendments
        .iter()
        .enumerate()
        .map(|(i, t)| (i as i32, t.as_str()))
        .collect();
    bencher.bench(|| conflict_groups(divan::black_box(&base), &refs));
}

#[divan::bench]
fn blame_of_five_revisions(bencher: divan::Bencher) {
    let mut chain = vec![section()];
    for i in 0..4 {
        let next = edit(chain.last().unwrap(), i * 11, 300, "canvi");
        chain.push(next);
    }
    let refs: Vec<&str> = chain.iter().map(String::as_str).collect();
    bencher.bench(|| blame(divan::black_box(&refs)));
}

/// The worst inputs one amendment can bring (issue 12, SECURITY.md 14): 200,000 characters
/// sharing no word with the section, one character repeated, alternating words, and a
/// text of small vocabulary rewritten throughout. Every diff is bounded (patience anchors,
/// Myers only on short stretches within a budget), so these stay in milliseconds where
/// the unbounded diff took minutes.
fn pathological() -> Vec<(&'static str, String, String)> {
    const CAP: usize = 200_000;
    let base = section();
    let mut unrelated = String::new();
    let mut i = 0;
    while unrelated.len() < CAP - 20 {
        unrelated.push_str(&format!("z{i} "));
        i += 1;
    }
    let alternating: String = (0..CAP / 4).map(|_| "x y ").collect();
    let shifted: String = (0..CAP / 4).map(|_| "y x ").collect();
    vec![
        ("no_shared_word", base.clone(), unrelated),
        (
            "one_repeated_char",
            "a ".repeat(CAP / 2),
            "a  ".repeat(CAP / 3),
        ),
        ("alternating_words", alternating, shifted),
        ("every_tenth_word", base.clone(), edit(&base, 3, 10, "nou")),
    ]
}

#[divan::bench(args = ["no_shared_word", "one_repeated_char", "alternating_words", "every_tenth_word"])]
fn worst_case_diff(bencher: divan::Bencher, case: &str) {
    let (_, old, new) = pathological().into_iter().find(|c| c.0 == case).unwrap();
    bencher.bench(|| diff(divan::black_box(&old), divan::black_box(&new)));
}

#[divan::bench(args = ["no_shared_word", "one_repeated_char", "alternating_words", "every_tenth_word"])]
fn worst_case_rebase(bencher: divan::Bencher, case: &str) {
    // The accept path: the pathological amendment merged onto a head that moved.
    let (_, old, new) = pathological().into_iter().find(|c| c.0 == case).unwrap();
    let head = edit(&old, 5, 50, "cap");
    bencher.bench(|| merge3(divan::black_box(&old), &head, &new));
}

#[divan::bench]
fn conflict_groups_with_three_worst_cases(bencher: divan::Bencher) {
    // The section page: 300 ordinary amendments and the three worst ones.
    let base = section();
    let mut texts: Vec<String> = (0..300)
        .map(|i| edit(&base, i % 97, 400, "esmena"))
        .collect();
    texts.extend(pathological().into_iter().take(3).map(|c| c.2));
    let refs: Vec<(i32, &str)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (i as i32, t.as_str()))
        .collect();
    bencher.bench(|| conflict_groups(divan::black_box(&base), &refs));
}
