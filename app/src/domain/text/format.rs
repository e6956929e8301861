//! The editor's formatting buttons: what each does to the text and the selection, in the
//! Markdown the platform keeps (byte offsets; the browser's island converts its own).

/// A formatting button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Bold,
    Italic,
    Link,
    List,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Bold, Format::Italic, Format::Link, Format::List];
}

/// Applies `format` to the selection `start..end` of `text` (clamped to the text and to
/// character boundaries): the new text and the new selection (the formatted words, or a
/// link's address to type).
pub fn apply(text: &str, start: usize, end: usize, format: Format) -> (String, usize, usize) {
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (start, end) = (fix(start.min(end)), fix(start.max(end)));
    let selected = &text[start..end];
    // Spaces at the edges stay outside the markers (`** word**` is not bold).
    let inner = selected.trim();
    let lead = selected.len() - selected.trim_start().len();
    let (s, e) = (start + lead, start + lead + inner.len());
    let wrap = |open: &str, close: &str| {
        let new = format!("{}{open}{inner}{close}{}", &text[..s], &text[e..]);
        (new, s + open.len(), s + open.len() + inner.len())
    };
    match format {
        Format::Bold => wrap("**", "**"),
        Format::Italic => wrap("*", "*"),
        Format::Link => {
            let address = "https://";
            let new = format!("{}[{inner}]({address}){}", &text[..s], &text[e..]);
            let at = s + 1 + inner.len() + 2;
            (new, at, at + address.len())
        }
        Format::List => {
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
            let block = &text[line_start..line_end];
            let listed: Vec<String> = block
                .split('\n')
                .map(|l| {
                    if l.starts_with("- ") || l.trim().is_empty() {
                        l.to_string()
                    } else {
                        format!("- {l}")
                    }
                })
                .collect();
            let listed = listed.join("\n");
            let new = format!("{}{listed}{}", &text[..line_start], &text[line_end..]);
            (new, line_start, line_start + listed.len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{apply, Format};
    use proptest::prelude::*;

    #[test]
    fn buttons_wrap_the_selection() {
        let t = "Build 500 homes now";
        assert_eq!(
            apply(t, 6, 15, Format::Bold),
            ("Build **500 homes** now".into(), 8, 17)
        );
        assert_eq!(
            apply(t, 5, 16, Format::Italic),
            ("Build *500 homes* now".into(), 7, 16)
        );
        let (new, s, e) = apply(t, 6, 9, Format::Link);
        assert_eq!(new, "Build [500](https://) homes now");
        assert_eq!(&new[s..e], "https://");
        assert_eq!(apply("a\nb\n\nc", 0, 6, Format::List).0, "- a\n- b\n\n- c");
        assert_eq!(apply("x\n- y", 2, 3, Format::List).0, "x\n- y");
        // An empty selection gets markers to type between.
        assert_eq!(apply("ab", 1, 1, Format::Bold), ("a****b".into(), 3, 3));
        // Offsets past the end or inside a character are clamped.
        assert_eq!(apply("é", 1, 99, Format::Italic).0, "*é*");
    }

    proptest! {
        /// Formatting never loses or reorders the words typed.
        #[test]
        fn words_are_kept(text in "[a-cé \\n]{0,20}", a in 0usize..25, b in 0usize..25, f in 0usize..4) {
            let (new, s, e) = apply(&text, a, b, Format::ALL[f]);
            prop_assert!(s <= e && e <= new.len());
            prop_assert!(new.is_char_boundary(s) && new.is_char_boundary(e));
            let words = |t: &str| t.replace(['*', '[', ']', '(', ')', '-', ' ', '\n'], "").replace("https://", "");
            prop_assert_eq!(words(&new), words(&text));
        }
    }
}
