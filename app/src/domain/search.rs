//! Finding words in the program, amendments and comments: the pure half of `/search`.
//!
//! Text is stored twice in the search index: as written (to show) and *folded* (to match):
//! lower case, Latin accents taken off (`à`→`a`, `ç`→`c`, `ñ`→`n`), the Catalan middle dot
//! joined (`col·lectiu`→`collectiu`) and everything that is not a letter or digit turned
//! into one space. The database's own engine (SQLite FTS5, PostgreSQL `tsvector` with the
//! `simple` configuration) then indexes words that are the same on both backends, in
//! Catalan, Spanish and English alike, with no stemmer that favours one language. A query
//! is folded the same way; every word of it must appear (AND), and a word of three letters
//! or more also matches longer words it begins (`bici` finds `bicicletes`), which covers
//! most plurals in the three languages.
//!
//! The matching words are shown by `snippet`, which works on the text as written and
//! marks the words whose folded form a query word matches, the same rule as the engines.

use serde::{Deserialize, Serialize};

/// Words of a query beyond this many are ignored (each one costs the engine a lookup).
pub const MAX_TERMS: usize = 8;
/// A query word is cut to this many characters.
pub const MAX_TERM_CHARS: usize = 32;
/// A query longer than this (in bytes) is cut before it is read.
pub const MAX_QUERY_BYTES: usize = 400;
/// Results on one page.
pub const RESULTS_PER_PAGE: usize = 20;
/// Results are counted up to this many ("more than 1,000") and pages go no further, so a
/// query matching half the city costs what a thousand results cost.
pub const MAX_RESULTS: usize = 1000;
/// Words shorter than this match only themselves; longer ones also match as a prefix.
pub const PREFIX_FROM: usize = 3;

/// What a result is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocKind {
    /// A section of a program: its title and current text.
    Section,
    /// An amendment: title, proposed text and justification.
    Amendment,
    /// A comment on a section or an amendment.
    Comment,
}

impl DocKind {
    pub const ALL: [DocKind; 3] = [DocKind::Section, DocKind::Amendment, DocKind::Comment];

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Section => "section",
            DocKind::Amendment => "amendment",
            DocKind::Comment => "comment",
        }
    }
    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// `c` without its accent, for the letters Catalan, Spanish, English (and their
/// neighbours) write; other characters come back unchanged.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ō' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' | 'ć' | 'č' => 'c',
        'ñ' | 'ń' => 'n',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        _ => c,
    }
}

/// Whether `c` joins the letters around it into one word (`col·lectiu`, `l'escola` does
/// not: the apostrophe separates, as the engines' tokenizers do).
fn joins(c: char) -> bool {
    matches!(c, '·' | '\u{2027}' | '\u{0387}')
}

/// The folded words of `text`, each already lower case and without accents.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        let mut word = String::new();
        while let Some(c) = chars.next() {
            if c.is_alphanumeric() {
                // Lower case may add a combining mark (`İ` -> `i̇`): marks are not kept.
                for l in c.to_lowercase().filter(|l| l.is_alphanumeric()) {
                    word.push(base_letter(l));
                }
            } else if joins(c)
                && !word.is_empty()
                && chars.peek().is_some_and(|n| n.is_alphanumeric())
            {
                continue;
            } else if !word.is_empty() {
                return Some(word);
            }
        }
        (!word.is_empty()).then_some(word)
    })
}

/// `text` folded: its words joined by single spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

/// A parsed query: at most `MAX_TERMS` folded words, none shorter than two characters (one
/// letter would match nearly everything), without repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<String>,
}

impl Query {
    pub fn parse(raw: &str) -> Query {
        let mut cut = raw.len().min(MAX_QUERY_BYTES);
        while !raw.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut terms: Vec<String> = Vec::new();
        for w in words(&raw[..cut]) {
            let w: String = w.chars().take(MAX_TERM_CHARS).collect();
            if w.chars().count() < 2 || terms.contains(&w) {
                continue;
            }
            terms.push(w);
            if terms.len() == MAX_TERMS {
                break;
            }
        }
        Query { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    fn is_prefix(term: &str) -> bool {
        term.chars().count() >= PREFIX_FROM
    }

    /// The query in FTS5's syntax: every term quoted (terms are letters and digits only),
    /// prefix terms starred, all required.
    pub fn fts5(&self) -> String {
        self.terms
            .iter()
            .map(|t| {
                if Query::is_prefix(t) {
                    format!("\"{t}\"*")
                } else {
                    format!("\"{t}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// The query in PostgreSQL's `to_tsquery('simple', …)` syntax.
    pub fn tsquery(&self) -> String {
        self.terms
            .iter()
            .map(|t| {
                if Query::is_prefix(t) {
                    format!("{t}:*")
                } else {
                    t.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    /// Whether a folded word is one the query asks for.
    pub fn matches(&self, folded_word: &str) -> bool {
        self.terms.iter().any(|t| {
            if Query::is_prefix(t) {
                folded_word.starts_with(t.as_str())
            } else {
                folded_word == t
            }
        })
    }
}

/// A piece of a snippet: words to show, marked when they matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

/// Where the words of `text` are: (byte start, byte end, folded word).
fn word_spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut folded = String::new();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            for l in c.to_lowercase().filter(|l| l.is_alphanumeric()) {
                folded.push(base_letter(l));
            }
        } else if joins(c)
            && start.is_some()
            && iter.peek().is_some_and(|(_, n)| n.is_alphanumeric())
        {
            continue;
        } else if let Some(s) = start.take() {
            spans.push((s, i, std::mem::take(&mut folded)));
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len(), folded));
    }
    spans
}

/// About `max_chars` characters of `text` around the first place where the query's words
/// match (the start of the text when none does), cut at word boundaries, with `…` where
/// text was left out and the matching words marked. Lines are joined by spaces.
pub fn snippet(text: &str, query: &Query, max_chars: usize) -> Vec<Piece> {
    let spans = word_spans(text);
    if spans.is_empty() {
        return Vec::new();
    }
    let hits: Vec<bool> = spans.iter().map(|(_, _, w)| query.matches(w)).collect();
    let first = hits.iter().position(|h| *h).unwrap_or(0);
    // Start a few words before the first match, so the match reads in context.
    let mut lo = first.saturating_sub(6);
    let chars_between = |a: usize, b: usize| text[spans[a].0..spans[b].1].chars().count();
    while lo < first && text[spans[lo].0..spans[first].0].chars().count() > max_chars / 3 {
        lo += 1;
    }
    let mut hi = first;
    while hi + 1 < spans.len() && chars_between(lo, hi + 1) <= max_chars {
        hi += 1;
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |s: &str, hit: bool| {
        // Runs of white space (line breaks included) read as one space.
        let mut clean = String::with_capacity(s.len());
        for c in s.chars() {
            if c.is_whitespace() {
                if !clean.ends_with(' ') {
                    clean.push(' ');
                }
            } else {
                clean.push(c);
            }
        }
        match pieces.last_mut() {
            Some(last) if !last.hit && !hit => {
                if last.text.ends_with(' ') && clean.starts_with(' ') {
                    clean.remove(0);
                }
                last.text.push_str(&clean)
            }
            _ => pieces.push(Piece { text: clean, hit }),
        }
    };
    if lo > 0 {
        push("… ", false);
    }
    for i in lo..=hi {
        if i > lo {
            push(&text[spans[i - 1].1..spans[i].0], false);
        }
        push(&text[spans[i].0..spans[i].1], hits[i]);
    }
    if hi + 1 < spans.len() {
        push(" …", false);
    }
    pieces
}

/// The whole shown text of a snippet.
pub fn snippet_text(pieces: &[Piece]) -> String {
    pieces.iter().map(|p| p.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding_takes_accents_case_and_punctuation_off() {
        assert_eq!(
            fold("Habitatge públic: 8.000 pisos!"),
            "habitatge public 8 000 pisos"
        );
        assert_eq!(fold("La plaça de l'Àngel"), "la placa de l angel");
        assert_eq!(fold("col·lectiu i paral·lel"), "collectiu i parallel");
        assert_eq!(fold("Año NIÑOS"), "ano ninos");
        assert_eq!(fold("**bold** _it_ ## Housing"), "bold it housing");
        assert_eq!(fold("  "), "");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn a_query_keeps_real_words_once_and_is_bounded() {
        let q = Query::parse("Bicis, bicis y a carril-bici");
        assert_eq!(q.terms, vec!["bicis", "carril", "bici"]);
        assert_eq!(q.fts5(), "\"bicis\"* AND \"carril\"* AND \"bici\"*");
        assert_eq!(q.tsquery(), "bicis:* & carril:* & bici:*");
        let long =
            "palabra ".repeat(1000) + &(0..20).map(|i| format!("w{i}x ")).collect::<String>();
        assert!(Query::parse(&long).terms.len() <= MAX_TERMS);
        let huge = "x".repeat(10_000);
        assert_eq!(Query::parse(&huge).terms[0].len(), MAX_TERM_CHARS);
        assert!(Query::parse("a ? ! -").is_empty());
        // Two letters match exactly, never as a prefix.
        let q = Query::parse("de");
        assert_eq!(q.fts5(), "\"de\"");
        assert!(q.matches("de") && !q.matches("dels"));
    }

    #[test]
    fn a_query_cannot_smuggle_engine_syntax() {
        let q = Query::parse("\"x\" OR y* NEAR(a b) -z ^col : & | ! ' ) (");
        for t in &q.terms {
            assert!(t.chars().all(char::is_alphanumeric), "{t}");
        }
    }

    #[test]
    fn the_snippet_marks_matching_words_in_context() {
        let text = "El pla preveu construir habitatges públics a tots els districtes, amb prioritat per a les famílies joves.";
        let pieces = snippet(text, &Query::parse("publics famil"), 50);
        let hits: Vec<&str> = pieces
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(hits, vec!["públics"]);
        let shown = snippet_text(&pieces);
        assert!(shown.contains("habitatges públics a tots"), "{shown}");
        assert!(shown.ends_with(" …"), "{shown}");
        let all = snippet(text, &Query::parse("famil"), 400);
        assert!(all.iter().any(|p| p.hit && p.text == "famílies"));
    }

    #[test]
    fn a_snippet_without_a_match_starts_at_the_beginning() {
        let pieces = snippet("One two three four five", &Query::parse("zzz"), 9);
        assert_eq!(snippet_text(&pieces), "One two …");
        assert!(snippet("", &Query::parse("a"), 10).is_empty());
    }

    proptest! {
        #[test]
        fn folding_is_idempotent_and_plain(text in "\\PC{0,80}") {
            let once = fold(&text);
            prop_assert_eq!(fold(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        }

        #[test]
        fn the_engines_and_the_snippet_agree_on_words(text in "[a-zA-Zàéíóúç·' .,]{0,60}") {
            let spans: Vec<String> = word_spans(&text).into_iter().map(|(_, _, w)| w).collect();
            let folded: Vec<String> = words(&text).collect();
            prop_assert_eq!(spans, folded);
        }

        #[test]
        fn a_snippet_is_bounded_and_its_hits_match(text in "[a-zàéç ,.\n]{0,400}", q in "[a-zà ]{0,20}", max in 20usize..200) {
            let query = Query::parse(&q);
            let pieces = snippet(&text, &query, max);
            let shown = snippet_text(&pieces);
            // The longest word may exceed the bound on its own; ellipses add four.
            let longest = text.split(|c: char| !c.is_alphanumeric()).map(|w| w.chars().count()).max().unwrap_or(0);
            prop_assert!(shown.chars().count() <= max.max(longest) + 4 + max / 3 + 8, "{} > {}", shown.chars().count(), max);
            for p in pieces.iter().filter(|p| p.hit) {
                prop_assert!(query.matches(&fold(&p.text)));
            }
        }
    }
}
