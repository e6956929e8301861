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

/// How a visible character is formatted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub strong: bool,
    pub em: bool,
    pub code: bool,
    pub link: bool,
    pub heading: bool,
}

/// Words with one formatting, as people read them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Styled {
    pub text: String,
    pub style: Style,
}

/// A formatting run in the source: its opening marker `open..inner_start`, its words
/// `inner_start..inner_end` and its closing marker `inner_end..close` (byte offsets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub open: usize,
    pub inner_start: usize,
    pub inner_end: usize,
    pub close: usize,
}

/// One visible character and where it is in the source.
#[derive(Clone, Copy, Debug)]
struct Shown {
    c: char,
    start: usize,
    end: usize,
    style: Style,
}

/// Reads Markdown as it is shown, chunk by chunk (a diff's segments are chunks of one text,
/// so formatting opened in one segment carries into the next). The same rules as
/// [`without_markers`], plus links `[words](address)`, whose address is not shown.
#[derive(Default)]
pub struct Reader {
    offset: usize,
    line_start: bool,
    started: bool,
    strong: Option<usize>,
    em: Option<(char, usize)>,
    code: Option<usize>,
    heading: bool,
    /// Inside a link's words: where its `[` was.
    link: Option<usize>,
    runs: Vec<Run>,
}

impl Reader {
    pub fn new() -> Self {
        Self::default()
    }

    fn style(&self) -> Style {
        Style {
            strong: self.strong.is_some(),
            em: self.em.is_some(),
            code: self.code.is_some(),
            link: self.link.is_some(),
            heading: self.heading,
        }
    }

    fn pair(&mut self, open: Option<usize>, width: usize, at: usize) -> Option<usize> {
        match open {
            Some(o) => {
                self.runs.push(Run {
                    open: o,
                    inner_start: o + width,
                    inner_end: at,
                    close: at + width,
                });
                None
            }
            None => Some(at),
        }
    }

    /// Reads the next chunk of the text; returns its visible characters.
    fn read(&mut self, chunk: &str) -> Vec<Shown> {
        let base = self.offset;
        self.offset += chunk.len();
        if !self.started {
            self.started = true;
            self.line_start = true;
        }
        let chars: Vec<(usize, char)> = chunk.char_indices().collect();
        let wordy = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|(_, c)| c.is_alphanumeric())
        };
        let mut out = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            let pos = base + at;
            if c == '\n' {
                // Formatting does not cross a line in what people see.
                self.strong = None;
                self.em = None;
                self.code = None;
                self.link = None;
                self.heading = false;
                self.line_start = true;
                out.push(Shown {
                    c,
                    start: pos,
                    end: pos + 1,
                    style: Style::default(),
                });
                i += 1;
                continue;
            }
            if self.line_start {
                // Leading spaces, then a heading's #s, a quote's > or a list's bullet.
                let rest = &chunk[at..];
                let trimmed = rest.trim_start_matches([' ', '\t']);
                let skip_ws = rest.len() - trimmed.len();
                let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
                let marker = if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
                    self.heading = true;
                    hashes + 1
                } else if trimmed.starts_with("> ")
                    || trimmed.starts_with("- ")
                    || trimmed.starts_with("+ ")
                    || trimmed.starts_with("* ")
                {
                    2
                } else {
                    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
                    if (1..=9).contains(&digits) && trimmed[digits..].starts_with(". ") {
                        digits + 2
                    } else {
                        0
                    }
                };
                self.line_start = false;
                if marker > 0 {
                    let skip = skip_ws + marker;
                    while i < chars.len() && chars[i].0 < at + skip {
                        i += 1;
                    }
                    continue;
                }
            }
            let next = chars.get(i + 1).map(|&(_, c)| c);
            if (c == '*' || c == '_') && next == Some(c) {
                let open = self.strong.take();
                self.strong = self.pair(open, 2, pos);
                i += 2;
                continue;
            }
            if matches!(c, '*' | '_' | '`') {
                let before = wordy(i.checked_sub(1));
                let after = wordy(Some(i + 1));
                if before != after {
                    if c == '`' {
                        let open = self.code.take();
                        self.code = self.pair(open, 1, pos);
                    } else {
                        match self.em {
                            Some((m, o)) if m == c => {
                                self.em = self.pair(Some(o), 1, pos).map(|p| (c, p));
                            }
                            Some(_) => {}
                            None => self.em = Some((c, pos)),
                        }
                    }
                    i += 1;
                    continue;
                }
            }
            if c == '[' && self.link.is_none() && link_end(&chunk[at..]).is_some() {
                self.link = Some(pos);
                i += 1;
                continue;
            }
            if c == ']' {
                if let Some(open) = self.link {
                    if let Some(len) = link_address(&chunk[at..]) {
                        self.runs.push(Run {
                            open,
                            inner_start: open + 1,
                            inner_end: pos,
                            close: pos + len,
                        });
                        self.link = None;
                        while i < chars.len() && chars[i].0 < at + len {
                            i += 1;
                        }
                        continue;
                    }
                }
            }
            out.push(Shown {
                c,
                start: pos,
                end: pos + c.len_utf8(),
                style: self.style(),
            });
            i += 1;
        }
        out
    }

    /// The next chunk as formatted words.
    pub fn styled(&mut self, chunk: &str) -> Vec<Styled> {
        let mut out: Vec<Styled> = Vec::new();
        for s in self.read(chunk) {
            match out.last_mut() {
                Some(last) if last.style == s.style => last.text.push(s.c),
                _ => out.push(Styled {
                    text: s.c.to_string(),
                    style: s.style,
                }),
            }
        }
        out
    }
}

/// `[words](address)` starting at `text`'s `[`: whether it is a link (on one line).
fn link_end(text: &str) -> Option<usize> {
    let line = text.split('\n').next().unwrap_or("");
    let close = line.find("](")?;
    let len = link_address(&line[close..])?;
    Some(close + len)
}

/// `](address)` at the start of `text`: its length, if the address has no spaces.
fn link_address(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("](")?;
    let end = rest.find([')', ' ', '\n'])?;
    (rest.as_bytes()[end] == b')' && end > 0).then_some(end + 3)
}

/// A Markdown text as formatted words.
pub fn styled(text: &str) -> Vec<Styled> {
    Reader::new().styled(text)
}

/// Finds words a reader selected on the page (the formatted text, which has no markers and
/// whose spacing the browser may change) in the Markdown source: a byte range, when they occur
/// exactly once. A range that would cut a formatting run or a link in two is widened to take
/// it whole, so the amended passage keeps its formatting balanced.
pub fn locate_passage(source: &str, selected: &str) -> Option<(usize, usize)> {
    let mut reader = Reader::new();
    let shown = reader.read(source);
    // Shown text with runs of whitespace as one space, and where each character came from.
    let mut text = String::new();
    let mut from: Vec<(usize, usize)> = Vec::new();
    for s in &shown {
        if s.c.is_whitespace() {
            if text.is_empty() || text.ends_with(' ') {
                continue;
            }
            text.push(' ');
        } else {
            text.push(s.c);
        }
        from.push((s.start, s.end));
    }
    let wanted = selected.split_whitespace().collect::<Vec<_>>().join(" ");
    if wanted.is_empty() {
        return None;
    }
    let mut found = text.match_indices(&wanted);
    let (at, _) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let first = text[..at].chars().count();
    let last = first + wanted.chars().count() - 1;
    let (mut start, _) = from[first];
    let (_, mut end) = from[last];
    // Widen over runs it cuts.
    loop {
        let mut changed = false;
        for r in &reader.runs {
            let touches = start < r.inner_end && end > r.inner_start;
            let inside = start >= r.inner_start && end <= r.inner_end;
            let whole = start <= r.open && end >= r.close;
            if touches && !inside && !whole {
                start = start.min(r.open);
                end = end.max(r.close);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::{locate_passage, styled, without_markers, Style, Styled};
    use proptest::prelude::*;

    fn shown(text: &str) -> String {
        styled(text).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn formatting_is_read_not_shown() {
        let s = styled("Build **8,000** homes, see [the plan](https://x.cat/p).");
        assert_eq!(
            s.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
            ["Build ", "8,000", " homes, see ", "the plan", "."]
        );
        assert!(s[1].style.strong && !s[0].style.strong);
        assert!(s[3].style.link);
        assert_eq!(
            styled("## Housing\n- one *two*"),
            vec![
                Styled {
                    text: "Housing".into(),
                    style: Style {
                        heading: true,
                        ..Style::default()
                    }
                },
                Styled {
                    text: "\none ".into(),
                    style: Style::default()
                },
                Styled {
                    text: "two".into(),
                    style: Style {
                        em: true,
                        ..Style::default()
                    }
                },
            ]
        );
        // Formatting opened in one chunk carries into the next, as in a diff's segments.
        let mut reader = super::Reader::new();
        let first = reader.styled("a **b");
        let second = reader.styled(" c** d");
        assert_eq!(first[1].text, "b");
        assert!(second[0].style.strong && second[0].text == " c");
        assert_eq!(
            shown("5 * 3 = 15, snake_case, [not a link] (x)"),
            "5 * 3 = 15, snake_case, [not a link] (x)"
        );
    }

    #[test]
    fn selections_cross_formatting_and_keep_it_whole() {
        let source = "We will build **8,000** public homes by [2030](https://x.cat).\n\nAnd parks.";
        let found = |selected: &str| locate_passage(source, selected).map(|(s, e)| &source[s..e]);
        // Across the end of bold: the run is taken whole.
        assert_eq!(found("8,000 public"), Some("**8,000** public"));
        // Inside bold: only the words.
        assert_eq!(found("8,000"), Some("8,000"));
        // Across a link and a paragraph break, with the browser's own spacing.
        assert_eq!(
            found("by 2030.\n\nAnd"),
            Some("by [2030](https://x.cat).\n\nAnd")
        );
        // Not found, or found twice.
        assert_eq!(locate_passage(source, "schools"), None);
        assert_eq!(locate_passage("a b a b", "a b"), None);
        assert_eq!(locate_passage(source, "  "), None);
        let source = "Build 500 homes. Build 500 schools.";
        assert_eq!(locate_passage(source, " homes. "), Some((10, 16)));
    }

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-e]{1,3}",
            "[a-e]{1,3}".prop_map(|w| format!("**{w}**")),
            "[a-e]{1,3}".prop_map(|w| format!("*{w}*")),
            ("[a-e]{1,3}", "[a-e]{1,3}").prop_map(|(w, v)| format!("[{w} {v}](https://x/{w})")),
            "[a-e]{1,3}".prop_map(|w| format!("`{w}`")),
        ]
    }

    proptest! {
        /// Any unique run of shown words is found, and the source passage found shows
        /// exactly those words plus whole formatting runs, with no marker left open.
        #[test]
        fn any_unique_selection_is_found_balanced(
            words in proptest::collection::vec(word(), 1..12),
            from in 0usize..12, len in 1usize..6,
        ) {
            let source = words.join(" ");
            let shown_words: Vec<String> = shown(&source).split(' ').map(str::to_string).collect();
            let from = from % shown_words.len();
            let to = (from + len).min(shown_words.len());
            let selected = shown_words[from..to].join(" ");
            let unique = shown(&source).matches(&selected).count() == 1;
            match locate_passage(&source, &selected) {
                Some((s, e)) => {
                    prop_assert!(unique);
                    let passage = shown(&source[s..e]);
                    prop_assert!(passage.contains(&selected), "{passage:?} lacks {selected:?}");
                    prop_assert!(!passage.contains('*') && !passage.contains('`') && !passage.contains(']'));
                }
                None => prop_assert!(!unique),
            }
        }
    }

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
