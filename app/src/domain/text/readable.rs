//! Diffs are computed on the Markdown source (what amendments edit), but people read words:
//! this takes the formatting markers out of a diff's text before it is shown, so `**8,000**`
//! reads `8,000` and `## Housing` reads `Housing`, and a change of formatting alone shows
//! no changed words. Markers are recognised by their place: `**`/`__` anywhere; a single
//! `*`, `_` or `` ` `` only against a word on one side and not the other (so `5 * 3` and
//! `snake_case` stay); `#`s and `>` that open a line.

/// `text` without Markdown's inline and line-opening markers.
pub fn without_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&inline(line_body(line)));
    }
    out
}

/// A line without its heading or quote marker.
fn line_body(line: &str) -> &str {
    let trimmed = line.trim_start();
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
        return trimmed[hashes..].trim_start();
    }
    if let Some(rest) = trimmed.strip_prefix("> ") {
        return rest;
    }
    line
}

fn inline(line: &str) -> String {
    let line = line.replace("**", "").replace("__", "");
    let chars: Vec<char> = line.chars().collect();
    let wordy = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut out = String::with_capacity(line.len());
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '*' | '_' | '`') {
            let before = wordy(i.checked_sub(1).and_then(|j| chars.get(j)));
            let after = wordy(chars.get(i + 1));
            if before != after {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::without_markers;

    #[test]
    fn markers_go_words_stay() {
        assert_eq!(without_markers("**8,000** homes"), "8,000 homes");
        assert_eq!(without_markers("## Housing"), "Housing");
        assert_eq!(without_markers("> quoted *words*"), "quoted words");
        assert_eq!(
            without_markers("an _emphasis_ and `code`"),
            "an emphasis and code"
        );
        assert_eq!(without_markers("5 * 3 = 15"), "5 * 3 = 15");
        assert_eq!(without_markers("snake_case stays"), "snake_case stays");
        assert_eq!(without_markers("#hashtag"), "#hashtag");
        assert_eq!(without_markers("a\n# b\nc"), "a\nb\nc");
        // A change of formatting alone leaves nothing to show.
        assert_eq!(without_markers("**"), "");
    }
}
