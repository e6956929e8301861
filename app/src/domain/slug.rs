//! URL slugs from titles in Catalan, Spanish or English: lowercase ASCII letters, digits and
//! single dashes ("Programa de Barcelona 2027: l'Habitatge" -> "programa-de-barcelona-2027-l-habitatge").

pub const SLUG_MAX: usize = 60;

fn fold(c: char) -> Option<char> {
    let folded = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        c if c.is_ascii_alphanumeric() => c,
        _ => return None,
    };
    Some(folded)
}

/// A slug for `title`, or "program" when nothing usable is left.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            Some(c) => slug.push(c),
            None if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            None => {}
        }
        if slug.len() >= SLUG_MAX {
            break;
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "program".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_accents_and_punctuation() {
        assert_eq!(
            slugify("Programa de Barcelona 2027: l'Habitatge"),
            "programa-de-barcelona-2027-l-habitatge"
        );
        assert_eq!(slugify("  Año Niño — Çà  "), "ano-nino-ca");
        assert_eq!(slugify("<script>"), "script");
        assert_eq!(slugify("!!!"), "program");
    }

    proptest! {
        #[test]
        fn slugs_are_always_url_safe(title in "\\PC{0,120}") {
            let slug = slugify(&title);
            prop_assert!(!slug.is_empty() && slug.len() <= SLUG_MAX);
            prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        }
    }
}
