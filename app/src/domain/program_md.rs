//! A program as one Markdown file: every heading starts a section (level 1 chapter, level 2
//! section, deeper levels measures) and the Markdown under it, up to the next heading, is the
//! section's body, kept as written. `render` writes the same structure back, so importing an
//! export gives the same program.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

/// Largest file accepted by an import.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;
pub const MAX_TITLE_CHARS: usize = 200;
/// Largest text of one section (about 30,000 words).
pub const MAX_SECTION_CHARS: usize = 200_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SectionKind {
    Chapter,
    Section,
    Measure,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedSection {
    /// Heading level, 1 to 6.
    pub level: u8,
    pub title: String,
    /// Markdown source under the heading, without leading or trailing blank lines.
    pub body: String,
    /// Index of the enclosing section in `ParsedProgram::sections`, if any.
    pub parent: Option<usize>,
}

impl ParsedSection {
    pub fn kind(&self) -> SectionKind {
        match self.level {
            1 => SectionKind::Chapter,
            2 => SectionKind::Section,
            _ => SectionKind::Measure,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedProgram {
    /// Text before the first heading (an introduction), possibly empty.
    pub preamble: String,
    pub sections: Vec<ParsedSection>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ImportError {
    #[error("the file is larger than {MAX_IMPORT_BYTES} bytes")]
    TooLarge,
    #[error("the file has no heading: each section of a program starts with a Markdown heading (# Title)")]
    NoSections,
    #[error("line {line}: a heading has no title")]
    EmptyTitle { line: usize },
    #[error("line {line}: a heading title is longer than {MAX_TITLE_CHARS} characters")]
    TitleTooLong { line: usize },
    #[error("line {line}: the text of this section is longer than {MAX_SECTION_CHARS} characters")]
    SectionTooLong { line: usize },
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn trim_blank_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

pub fn parse(markdown: &str) -> Result<ParsedProgram, ImportError> {
    if markdown.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge);
    }
    let markdown = markdown.replace("\r\n", "\n");
    // (level, title, heading start, heading end) for each top-level heading.
    let mut headings: Vec<(u8, String, usize, usize)> = Vec::new();
    let mut current: Option<(u8, String, usize)> = None;
    for (event, range) in Parser::new(&markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level_number(level), String::new(), range.start))
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, title, start)) = current.take() {
                    headings.push((level, title, start, range.end));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, title, _)) = current.as_mut() {
                    title.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, title, _)) = current.as_mut() {
                    title.push(' ');
                }
            }
            _ => {}
        }
    }
    if headings.is_empty() {
        return Err(ImportError::NoSections);
    }
    let line_of = |offset: usize| markdown[..offset].matches('\n').count() + 1;
    let mut sections = Vec::with_capacity(headings.len());
    let mut open: Vec<(u8, usize)> = Vec::new();
    for (i, (level, title, start, end)) in headings.iter().enumerate() {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() {
            return Err(ImportError::EmptyTitle {
                line: line_of(*start),
            });
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(ImportError::TitleTooLong {
                line: line_of(*start),
            });
        }
        let body_end = headings.get(i + 1).map(|h| h.2).unwrap_or(markdown.len());
        while open.last().is_some_and(|(l, _)| *l >= *level) {
            open.pop();
        }
        let body = trim_blank_lines(&markdown[*end..body_end]);
        if body.chars().count() > MAX_SECTION_CHARS {
            return Err(ImportError::SectionTooLong {
                line: line_of(*start),
            });
        }
        sections.push(ParsedSection {
            level: *level,
            title,
            body,
            parent: open.last().map(|(_, index)| *index),
        });
        open.push((*level, i));
    }
    Ok(ParsedProgram {
        preamble: trim_blank_lines(&markdown[..headings[0].2]),
        sections,
    })
}

/// Whether `text` has a heading of its own (then it is not the body of one section).
pub fn has_heading(text: &str) -> bool {
    Parser::new(text).any(|event| matches!(event, Event::Start(Tag::Heading { .. })))
}

/// The program as one Markdown file (ATX headings, one blank line between blocks).
pub fn render(program: &ParsedProgram) -> String {
    let mut out = String::new();
    if !program.preamble.is_empty() {
        out.push_str(&program.preamble);
        out.push_str("\n\n");
    }
    for section in &program.sections {
        out.push_str(&"#".repeat(section.level.clamp(1, 6) as usize));
        out.push(' ');
        out.push_str(&section.title);
        out.push_str("\n\n");
        if !section.body.is_empty() {
            out.push_str(&section.body);
            out.push_str("\n\n");
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SAMPLE: &str = "Programa per a una ciutat comuna.\n\n# Habitatge\n\nEl dret a l'habitatge.\n\n## Parc públic\n\n### Mesura 1: 8.000 pisos\n\nConstruir **8.000** habitatges públics.\n\n- de lloguer\n- cooperatius\n\n## Desnonaments\n\nCap desnonament sense alternativa.\n\nSetext heading\n==============\n\nBody.\n";

    #[test]
    fn headings_become_a_tree_of_sections() {
        let program = parse(SAMPLE).unwrap();
        assert_eq!(program.preamble, "Programa per a una ciutat comuna.");
        let outline: Vec<(u8, &str, Option<usize>)> = program
            .sections
            .iter()
            .map(|s| (s.level, s.title.as_str(), s.parent))
            .collect();
        assert_eq!(
            outline,
            vec![
                (1, "Habitatge", None),
                (2, "Parc públic", Some(0)),
                (3, "Mesura 1: 8.000 pisos", Some(1)),
                (2, "Desnonaments", Some(0)),
                (1, "Setext heading", None),
            ]
        );
        assert_eq!(
            program.sections[2].body,
            "Construir **8.000** habitatges públics.\n\n- de lloguer\n- cooperatius"
        );
        assert_eq!(program.sections[1].body, "");
        assert_eq!(program.sections[2].kind(), SectionKind::Measure);
    }

    #[test]
    fn import_of_an_export_is_the_same_program() {
        let program = parse(SAMPLE).unwrap();
        assert_eq!(parse(&render(&program)).unwrap(), program);
    }

    #[test]
    fn bad_files_get_an_error_naming_the_line() {
        assert_eq!(
            parse("just text\n\nno headings"),
            Err(ImportError::NoSections)
        );
        assert_eq!(
            parse("# Fine\n\ntext\n\n#   \n"),
            Err(ImportError::EmptyTitle { line: 5 })
        );
        let long = format!("# ok\n## {}\n", "x".repeat(MAX_TITLE_CHARS + 1));
        assert_eq!(parse(&long), Err(ImportError::TitleTooLong { line: 2 }));
        assert_eq!(
            parse(&"a".repeat(MAX_IMPORT_BYTES + 1)),
            Err(ImportError::TooLarge)
        );
    }

    #[test]
    fn headings_inside_code_blocks_are_text() {
        let program = parse("# Real\n\n```\n# not a heading\n```\n").unwrap();
        assert_eq!(program.sections.len(), 1);
        assert_eq!(program.sections[0].body, "```\n# not a heading\n```");
    }

    /// Programs as `parse` produces them: titles with single spaces, bodies without
    /// surrounding blank lines.
    fn program() -> impl Strategy<Value = ParsedProgram> {
        let section = (
            1u8..=4,
            "[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-z0-9À-ÖØ-öø-ÿ]{0,8}( [A-Za-z0-9À-ÖØ-öø-ÿ]{1,8}){0,3}",
            proptest::collection::vec("[a-zà-ÿ]{1,8}( [a-z]{1,8}){0,6}\\.", 0..3),
        );
        proptest::collection::vec(section, 1..8).prop_map(|raw| {
            let mut sections = Vec::new();
            let mut open: Vec<(u8, usize)> = Vec::new();
            for (i, (level, title, paragraphs)) in raw.into_iter().enumerate() {
                while open.last().is_some_and(|(l, _)| *l >= level) {
                    open.pop();
                }
                sections.push(ParsedSection {
                    level,
                    title,
                    body: paragraphs.join("\n\n"),
                    parent: open.last().map(|(_, j)| *j),
                });
                open.push((level, i));
            }
            ParsedProgram {
                preamble: String::new(),
                sections,
            }
        })
    }

    proptest! {
        #[test]
        fn render_then_parse_round_trips(p in program()) {
            prop_assert_eq!(parse(&render(&p)).unwrap(), p);
        }
    }
}
