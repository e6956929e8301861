//! Building query strings for links, on the server and in the browser alike.

/// `s` percent-encoded for a query string's name or value: letters, digits and `-._~`
/// stay, a space becomes `+`, every other byte `%XX`.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `name=value` pairs joined with `&`, each encoded.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_what_a_query_string_cannot_hold() {
        assert_eq!(
            encode_component("plaça & bici=1"),
            "pla%C3%A7a+%26+bici%3D1"
        );
        assert_eq!(query_string(&[("q", "a b"), ("page", "2")]), "q=a+b&page=2");
    }
}
