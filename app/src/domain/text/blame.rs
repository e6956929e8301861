//! Provenance, like `git blame`: for the newest of a chain of revisions, which revision
//! introduced each passage. Words kept from one revision to the next keep their origin;
//! words a revision inserted are its own.

use super::diff::ops;
use super::tokens::tokenize;
use serde::{Deserialize, Serialize};
use similar::DiffOp;

/// A run of the newest text and the index (in the chain) of the revision that wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlamePassage {
    pub origin: usize,
    pub text: String,
}

/// Blames the last of `revisions` (oldest first). Empty input gives nothing.
pub fn blame(revisions: &[&str]) -> Vec<BlamePassage> {
    let Some(first) = revisions.first() else {
        return Vec::new();
    };
    let mut tokens: Vec<&str> = tokenize(first);
    let mut origins: Vec<usize> = vec![0; tokens.len()];
    for (index, next) in revisions.iter().enumerate().skip(1) {
        let new_tokens = tokenize(next);
        let mut new_origins = vec![index; new_tokens.len()];
        for op in ops(&tokens, &new_tokens) {
            if let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                new_origins[new_index..new_index + len]
                    .copy_from_slice(&origins[old_index..old_index + len]);
            }
        }
        tokens = new_tokens;
        origins = new_origins;
    }
    let mut out: Vec<BlamePassage> = Vec::new();
    for (token, origin) in tokens.into_iter().zip(origins) {
        // Whitespace joins the passage before it rather than starting a new one.
        let joins = token.trim().is_empty() && !out.is_empty();
        match out.last_mut() {
            Some(last) if last.origin == origin || joins => last.text.push_str(token),
            _ => out.push(BlamePassage {
                origin,
                text: token.to_string(),
            }),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_passage_points_at_the_revision_that_wrote_it() {
        let chain = [
            "Build 500 homes a year.",
            "Build 800 homes a year.",
            "Build 800 homes a year in every district.",
        ];
        let passages = blame(&chain);
        let by_origin = |o: usize| -> String {
            passages
                .iter()
                .filter(|p| p.origin == o)
                .map(|p| p.text.as_str())
                .collect()
        };
        assert!(by_origin(1).contains("800"));
        assert!(by_origin(2).contains("every district"));
        assert!(by_origin(0).contains("Build"));
        assert!(!by_origin(0).contains("800"));
    }

    proptest! {
        #[test]
        fn blame_covers_the_newest_text_exactly(chain in proptest::collection::vec("[a-c ]{0,20}", 1..5)) {
            let refs: Vec<&str> = chain.iter().map(String::as_str).collect();
            let text: String = blame(&refs).into_iter().map(|p| p.text).collect();
            prop_assert_eq!(&text, chain.last().unwrap());
        }
    }
}
