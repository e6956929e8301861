//! What the text engine's property tests share.

use proptest::prelude::*;

/// Texts of up to 12 parts, each a word of `alphabet` (a regex) or the separator `punct`.
pub fn words(alphabet: &'static str, punct: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![alphabet.prop_map(|w: String| w), Just(punct.to_string())],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}
