//! Redirect targets taken from input (`?next=...`) are reduced to a local path, so a link can
//! never send someone to another site after logging in.

/// The longest `next` kept: an address, never a text someone typed.
pub const NEXT_MAX: usize = 512;

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

/// A `next` parameter (where to go after logging in or activating): a local path of at
/// most [`NEXT_MAX`] bytes, `/` otherwise.
pub fn next_param(raw: &str) -> String {
    match raw.trim().len() <= NEXT_MAX {
        true => safe_next(raw),
        false => "/".to_string(),
    }
}

/// `page` (a log-in or sign-up page) with `next`, the local address to come back to, in its
/// query; just `page` when there is nowhere worth coming back to. An error shown on the page
/// now (`__err`, `__path`) is not carried back.
pub fn with_next(page: &str, next: &str) -> String {
    let next = next_param(next);
    let next = match next.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.is_empty() && !p.starts_with("__err=") && !p.starts_with("__path="))
                .collect();
            match kept.is_empty() {
                true => path.to_string(),
                false => format!("{path}?{}", kept.join("&")),
            }
        }
        None => next,
    };
    let pointless = ["/login", "/signup", "/account/", "/password/"]
        .iter()
        .any(|p| next.starts_with(p));
    if next == "/" || pointless {
        return page.to_string();
    }
    let mut out = format!("{page}?next=");
    for b in next.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `text` as one value of a query string: every byte but ASCII letters, digits and
/// `-._~` percent-encoded.
pub fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::{safe_next, NEXT_MAX};

    #[test]
    fn next_params_are_short() {
        use super::next_param;
        assert_eq!(next_param(&format!("/{}", "a".repeat(NEXT_MAX))), "/");
        assert_eq!(next_param("/votes"), "/votes");
    }

    #[test]
    fn next_in_links() {
        use super::with_next;
        assert_eq!(with_next("/login", "/"), "/login");
        assert_eq!(with_next("/login", "/signup?next=/x"), "/login");
        assert_eq!(with_next("/login", "https://evil.example"), "/login");
        assert_eq!(
            with_next("/login", "/sections/4/amend?start=1&end=9"),
            "/login?next=/sections/4/amend%3Fstart%3D1%26end%3D9"
        );
        assert_eq!(
            with_next("/login", "/sections/4/amend?__form=abc&__path=x&__err=y"),
            "/login?next=/sections/4/amend%3F__form%3Dabc"
        );
        assert_eq!(with_next("/login", "/votes?__err=y"), "/login?next=/votes");
    }

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

    #[test]
    fn query_values_are_escaped() {
        assert_eq!(super::query_escape("1,2|4:y>3=5"), "1%2C2%7C4%3Ay%3E3%3D5");
        assert_eq!(super::query_escape("a-b_c.d~"), "a-b_c.d~");
    }
}
