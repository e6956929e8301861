//! Word-level tokens: runs of letters and digits (words), runs of whitespace, and single
//! other characters (punctuation). Concatenating the tokens gives back the text exactly,
//! so diffs and merges never lose a space or a line break.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Space,
    Other,
}

fn class(c: char) -> Class {
    if c.is_alphanumeric() || c == '\'' || c == '’' || c == '·' {
        // Apostrophes and the Catalan middle dot ("l·l") belong to words.
        Class::Word
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Other
    }
}

pub fn tokenize(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut current: Option<Class> = None;
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        // A separator between digits belongs to the number: "8,000", "8.000", "2,5".
        let in_number = (c == ',' || c == '.')
            && previous.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        previous = Some(c);
        let k = if in_number { Class::Word } else { class(c) };
        match current {
            Some(prev) if prev == k && k != Class::Other => {}
            Some(_) => {
                tokens.push(&text[start..i]);
                start = i;
            }
            None => {}
        }
        current = Some(k);
    }
    if start < text.len() {
        tokens.push(&text[start..]);
    }
    tokens
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_words_spaces_and_punctuation() {
        assert_eq!(
            tokenize("Habitatge: 30% social!"),
            vec!["Habitatge", ":", " ", "30", "%", " ", "social", "!"]
        );
        assert_eq!(
            tokenize("l'habitatge col·lectiu"),
            vec!["l'habitatge", " ", "col·lectiu"]
        );
        assert_eq!(tokenize("a\n\nb"), vec!["a", "\n\n", "b"]);
        assert_eq!(
            tokenize("8,000 homes, 2.5 km."),
            vec!["8,000", " ", "homes", ",", " ", "2.5", " ", "km", "."]
        );
        assert!(tokenize("").is_empty());
    }

    proptest! {
        #[test]
        fn tokens_concatenate_to_the_text(text in "\\PC{0,200}") {
            prop_assert_eq!(tokenize(&text).concat(), text);
        }
    }
}
