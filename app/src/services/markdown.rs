//! The one place Markdown becomes HTML: pulldown-cmark renders, ammonia sanitizes, and only
//! the result can be shown. No script, no event attribute, no `javascript:` or `data:` URL,
//! no iframe survives, whatever the source; the source itself is stored as written.

use crate::domain::safe_html::SafeHtml;
use pulldown_cmark::{html, Options, Parser};
use std::collections::HashSet;

pub fn render(source: &str) -> SafeHtml {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    let mut raw = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(source, options));
    let schemes: HashSet<&str> = ["http", "https", "mailto"].into_iter().collect();
    let clean = ammonia::Builder::default()
        .url_schemes(schemes)
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&raw)
        .to_string();
    SafeHtml::from_sanitized(clean)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::render;

    /// SECURITY.md item 1: each payload renders with no script, no event attribute and no
    /// javascript:/data: URL.
    const PAYLOADS: &[&str] = &[
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](  javascript:alert(1))",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    ];

    /// The tags of an HTML fragment, lowercased (text between tags is inert whatever it says).
    fn tags(html: &str) -> Vec<String> {
        html.split('<')
            .skip(1)
            .filter_map(|rest| rest.split('>').next())
            .map(str::to_lowercase)
            .collect()
    }

    #[test]
    fn payloads_are_inert() {
        for payload in PAYLOADS {
            let html = render(payload);
            for tag in tags(html.as_str()) {
                let name = tag
                    .trim_start_matches('/')
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string();
                assert!(
                    !["script", "iframe", "svg", "object", "embed", "style"]
                        .contains(&name.as_str()),
                    "{payload:?}: <{tag}>"
                );
                assert!(
                    !tag.split_whitespace()
                        .skip(1)
                        .any(|attr| attr.starts_with("on") || attr.starts_with("style")),
                    "{payload:?}: <{tag}>"
                );
                assert!(
                    !tag.contains("javascript:") && !tag.contains("data:"),
                    "{payload:?}: <{tag}>"
                );
            }
        }
    }

    #[test]
    fn ordinary_markdown_survives() {
        let html = render("Build **8,000** homes.\n\n- rent\n- [co-ops](https://example.org)");
        assert!(html.as_str().contains("<strong>8,000</strong>"));
        assert!(html.as_str().contains("<li>rent</li>"));
        assert!(html.as_str().contains("href=\"https://example.org\""));
        assert!(html
            .as_str()
            .contains("rel=\"noopener noreferrer nofollow ugc\""));
    }
}
