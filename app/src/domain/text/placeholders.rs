//! Filling `%name%` placeholders in translated strings that are used as plain text
//! (e-mails, error sentences); values are inserted as they are, once, left to right.

pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let replaced = after.find('%').and_then(|end| {
            let key = &after[..end];
            vars.iter().find(|(k, _)| *k == key).map(|(_, v)| (end, *v))
        });
        match replaced {
            Some((end, value)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A count in words: `one` when `n` is 1, else `other`, with `%n%` filled. English,
/// Catalan and Spanish share this rule for whole numbers (CLDR "one" is exactly 1; their
/// "many" only concerns compact millions, which no count here is written as).
pub fn count_text(n: &str, one: &str, other: &str) -> String {
    let chosen = if n.trim() == "1" { one } else { other };
    fill(chosen, &[("n", n)])
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    #[test]
    fn counts_take_the_singular_for_one_only() {
        use super::count_text;
        assert_eq!(count_text("1", "1 support", "%n% supports"), "1 support");
        assert_eq!(count_text("0", "1 support", "%n% supports"), "0 supports");
        assert_eq!(count_text("21", "1 suport", "%n% suports"), "21 suports");
        assert_eq!(count_text("11", "1 apoyo", "%n% apoyos"), "11 apoyos");
    }

    use super::fill;

    #[test]
    fn fills_known_placeholders_only() {
        assert_eq!(
            fill(
                "Hi %name%, see %link%.",
                &[("name", "Núria"), ("link", "http://x/?a=1")]
            ),
            "Hi Núria, see http://x/?a=1."
        );
        assert_eq!(
            fill("100% sure %unknown%", &[("name", "x")]),
            "100% sure %unknown%"
        );
    }

    #[test]
    fn values_are_not_reinterpreted() {
        assert_eq!(fill("%a% %b%", &[("a", "%b%"), ("b", "B")]), "%b% B");
    }
}
