//! Redirect targets taken from input (`?next=...`) are reduced to a local path, so a link can
//! never send someone to another site after logging in.

/// Returns `raw` when it is a same-origin absolute path, `/` otherwise.
pub fn safe_next(raw: &str) -> String {
    let raw = raw.trim();
    let is_local = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.starts_with("/\\")
        && !raw.chars().any(|c| c.is_control() || c == '\\');
    if is_local {
        raw.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::safe_next;

    #[test]
    fn keeps_local_paths() {
        assert_eq!(safe_next("/programs/demo?x=1#a"), "/programs/demo?x=1#a");
        assert_eq!(safe_next("/"), "/");
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "//evil.example",
            "https://evil.example/",
            "/\\evil.example",
            "\\\\evil",
            "javascript:alert(1)",
            "",
            "evil.example",
            "/\t/evil.example",
            "/\n/evil",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }
}
