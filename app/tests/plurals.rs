//! Counts read right in every language: a number of things is written through
//! `count_text` with a `_one` form, never by filling `%n%` into one plural sentence. This
//! reads the page code for `fill(t_string!(i18n, KEY), &[("n", ..` and accepts only the keys
//! below, whose `%n%` is never a count that can be 1 (an ordinal, or a bound above 1).

use std::path::Path;

/// `%n%` filled by `fill`, and why that is right.
const NOT_COUNTS: &[(&str, &str)] = &[
    ("amendment_on_revision", "a version number"),
    ("amendment_version", "a version number"),
    ("amendment_conflicted_notice", "a version number"),
    ("done_accepted_revision", "a version number"),
    ("section_revision", "a version number"),
    ("meeting_pack_revision", "a version number"),
    ("provenance_original", "a version number"),
    ("diff_current", "a version number"),
    ("resolve_current", "a version number"),
    ("resolve_passage", "a passage's position"),
    ("audit_subject_comment", "a comment's number"),
    ("error_poll_unknown_option", "an option's number"),
    ("audit_page_of", "a page number"),
    ("groups_compete", "a group has at least two amendments"),
    ("vote_seats_n", "shown only for more than one seat"),
    (
        "vote_min_voters_fact",
        "the minimum is at least MIN_VOTERS_FLOOR (3)",
    ),
    ("vote_min_voters_hint", "MIN_VOTERS_FLOOR (3)"),
    ("vote_ballots_coarse_few", "LIVE_COUNT_STEP (10)"),
    ("vote_ballots_coarse_hint", "LIVE_COUNT_STEP (10)"),
    (
        "queue_decide",
        "a heading's count in brackets, a figure not a phrase",
    ),
    (
        "queue_apply",
        "a heading's count in brackets, a figure not a phrase",
    ),
    (
        "queue_record",
        "a heading's count in brackets, a figure not a phrase",
    ),
    (
        "accepted_more",
        "\"and 1 more\" reads right in en, ca and es",
    ),
    ("groups_more", "\"and 1 more\" reads right in en, ca and es"),
    (
        "groups_more_here",
        "\"and 1 more\" reads right in en, ca and es",
    ),
    ("queue_supports", "a label and a figure (\"supports: 1\")"),
];

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir:?}: {e}")) {
        let path = entry.map(|e| e.path()).unwrap_or_default();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            out.push((path.display().to_string(), text));
        }
    }
}

#[test]
fn every_count_has_a_singular() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let opening = "fill(t_string!(i18n, ";
    let mut found = 0;
    let mut wrong = Vec::new();
    for (path, text) in &files {
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for (at, _) in flat.match_indices(opening) {
            let rest = &flat[at + opening.len()..];
            let Some(end) = rest.find(')') else { continue };
            let key = &rest[..end];
            let args = &rest[end..rest.len().min(end + 20)];
            if !args.starts_with("), &[(\"n\"") {
                continue;
            }
            found += 1;
            if !NOT_COUNTS.iter().any(|(k, _)| *k == key) {
                wrong.push(format!("{path}: {key}"));
            }
        }
    }
    assert!(
        found > 10,
        "the scan found only {found} uses: has the code's shape changed?"
    );
    assert!(
        wrong.is_empty(),
        "counts filled into one plural sentence (use count_text with a _one key):\n{}",
        wrong.join("\n")
    );
    // Every _one key has its plural, in every language.
    for lang in ["en", "ca", "es"] {
        let text =
            std::fs::read_to_string(root.join(format!("locales/{lang}.json"))).unwrap_or_default();
        for line in text.lines() {
            let Some(key) = line
                .trim()
                .strip_prefix('"')
                .and_then(|l| l.split('"').next())
            else {
                continue;
            };
            if let Some(base) = key.strip_suffix("_one") {
                assert!(
                    text.contains(&format!("\"{base}\":")),
                    "{lang}: {key} without {base}"
                );
            }
        }
    }
}
