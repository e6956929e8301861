//! Validated account inputs. Parse, don't validate: a value of these types is always valid.

use crate::error::AppError;
use serde::{Deserialize, Serialize};

crate::domain::stored::named_enum! {
    /// What a one-time link sent by e-mail is for.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum TokenPurpose {
        /// Activates a new account.
        Activate = "activate",
        /// Sets a new password.
        Reset = "reset",
        /// Stops the digest without logging in.
        Unsubscribe = "unsubscribe",
        /// The printed one-time code of an account made at a meeting (no e-mail).
        Paper = "paper",
    }
}

/// Limits shared by the forms (as `maxlength`) and the server (as checks).
pub const EMAIL_MAX: usize = 254;
pub const NAME_MAX: usize = 80;
pub const PASSWORD_MIN: usize = 10;
/// Long enough for any passphrase, short enough that hashing stays cheap.
pub const PASSWORD_MAX: usize = 256;

/// The reserved domain (RFC 2606: never delivered) of accounts made at a meeting for people
/// without an e-mail address: their login name is `p-XXXXXXXX`, stored as
/// `p-xxxxxxxx@paper.invalid`; nothing is ever mailed there.
pub const PAPER_DOMAIN: &str = "paper.invalid";
/// How long a printed one-time code stays good: 30 days.
pub const PAPER_CODE_SECS: i64 = 30 * 86_400;

/// Whether `address` belongs to an account made at a meeting (no mailbox).
pub fn is_paper_address(address: &str) -> bool {
    address
        .trim()
        .to_lowercase()
        .ends_with(&format!("@{PAPER_DOMAIN}"))
}

/// The login name printed for an account made at a meeting, from 5 random bytes.
pub fn paper_login(random: [u8; 5]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bits: u64 = 0;
    for b in random {
        bits = (bits << 8) | u64::from(b);
    }
    let code: String = (0..8)
        .map(|i| ALPHABET[((bits >> (35 - 5 * i)) & 31) as usize] as char)
        .collect();
    format!("p-{code}")
}

/// An e-mail address, trimmed and lowercased so one person has one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() || email.chars().count() > EMAIL_MAX {
            return Err(AppError::InvalidEmail);
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(AppError::InvalidEmail);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '@')
            && !local.contains(['<', '>', '"', ',', ';', '\\']);
        if domain_ok && local_ok {
            Ok(Email(email))
        } else {
            Err(AppError::InvalidEmail)
        }
    }

    /// What people log in with: an e-mail address, or the login name printed for an account
    /// made at a meeting (`p-XXXXXXXX`, any case), which stands for its reserved address.
    pub fn parse_login(raw: &str) -> Result<Self, AppError> {
        let t = raw.trim();
        let printed = t.len() == 10
            && t[..2].eq_ignore_ascii_case("p-")
            && t[2..].bytes().all(|b| b.is_ascii_alphanumeric());
        if printed {
            return Email::parse(&format!("{}@{PAPER_DOMAIN}", t.to_lowercase()));
        }
        Email::parse(t)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name shown beside what a person writes. Any script is welcome; control characters
/// are not (they could break layouts and logs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let name: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let len = name.chars().count();
        if len == 0 || len > NAME_MAX || name.chars().any(char::is_control) {
            return Err(AppError::InvalidName);
        }
        Ok(DisplayName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password as chosen by its owner (never trimmed: spaces are part of passphrases).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let len = raw.chars().count();
        if len < PASSWORD_MIN {
            return Err(AppError::PasswordTooShort);
        }
        if len > PASSWORD_MAX {
            return Err(AppError::PasswordTooLong);
        }
        Ok(NewPassword(raw.to_string()))
    }

    /// A new password typed twice must match.
    pub fn parse_confirmed(raw: &str, confirm: &str) -> Result<Self, AppError> {
        let password = Self::parse(raw)?;
        if raw != confirm {
            return Err(AppError::PasswordMismatch);
        }
        Ok(password)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised() {
        let email = Email::parse("  Anna.Puig@Example.CAT ").map(|e| e.as_str().to_string());
        assert_eq!(email, Ok("anna.puig@example.cat".to_string()));
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "",
            "anna",
            "@example.cat",
            "anna@",
            "anna@example",
            "a b@example.cat",
            "anna@exa mple.cat",
            "anna@.example.cat",
            "anna@example..cat",
            "<a>@example.cat",
        ] {
            assert_eq!(Email::parse(bad), Err(AppError::InvalidEmail), "{bad:?}");
        }
        let long = format!("{}@example.cat", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(AppError::InvalidEmail));
    }

    #[test]
    fn names_collapse_whitespace_and_keep_any_script() {
        assert_eq!(
            DisplayName::parse("  Núria   Pérez ").map(|n| n.as_str().to_string()),
            Ok("Núria Pérez".to_string())
        );
        assert!(DisplayName::parse("Ἀλέξανδρος").is_ok());
        assert_eq!(DisplayName::parse("   "), Err(AppError::InvalidName));
        assert_eq!(
            DisplayName::parse(&"x".repeat(NAME_MAX + 1)),
            Err(AppError::InvalidName)
        );
        assert_eq!(DisplayName::parse("a\u{0}b"), Err(AppError::InvalidName));
    }

    #[test]
    fn passwords_have_bounds_and_must_match() {
        assert_eq!(NewPassword::parse("short"), Err(AppError::PasswordTooShort));
        assert_eq!(
            NewPassword::parse(&"p".repeat(PASSWORD_MAX + 1)),
            Err(AppError::PasswordTooLong)
        );
        assert!(NewPassword::parse(" a passphrase ").is_ok());
        assert_eq!(
            NewPassword::parse_confirmed("long enough pw", "long enough px"),
            Err(AppError::PasswordMismatch)
        );
        assert!(NewPassword::parse_confirmed("long enough pw", "long enough pw").is_ok());
    }

    #[test]
    fn password_debug_hides_the_secret() {
        let pw = NewPassword::parse("correct horse battery").map(|p| format!("{p:?}"));
        assert_eq!(pw, Ok("NewPassword(***)".to_string()));
    }

    #[test]
    fn printed_login_names_stand_for_a_reserved_address() {
        let login = super::paper_login([0xff, 0, 0x12, 0x34, 0x56]);
        assert_eq!(login.len(), 10);
        assert!(login.starts_with("p-"));
        let email = super::Email::parse_login(&login.to_lowercase()).unwrap();
        assert_eq!(
            email.as_str(),
            format!("{}@paper.invalid", login.to_lowercase())
        );
        assert!(super::is_paper_address(email.as_str()));
        // An e-mail address stays one; near misses are not login names.
        assert_eq!(
            super::Email::parse_login(" Ana@Example.org ")
                .unwrap()
                .as_str(),
            "ana@example.org"
        );
        assert!(super::Email::parse_login("p-1234567").is_err());
        assert!(super::Email::parse_login("p-12345678x").is_err());
        assert!(!super::is_paper_address("ana@example.org"));
    }
}
