//! Eligibility rolls (issue 18): a census or membership list a coordinator imports, so a
//! vote can be open to the people on it. The platform never keeps the list itself: each
//! line becomes two keyed hashes (HMAC-SHA-256 under a key kept outside the database, see
//! `services::rolls`), one of the identifier to find the entry and one of identifier and
//! second factor (e.g. a birth date) to check a person's claim. A person verifies once:
//! they type both, the server hashes them the same way, and the entry is linked to their
//! account. Nobody else ever sees who is on a roll or who verified.
//!
//! This module is pure: how identifiers and second factors are normalised (so that
//! "12.345.678-z" and "12345678Z" are one identifier, "7/3/1990" and "1990-03-07" one date),
//! how an imported line is read, and the keyed hash itself.

use serde::{Deserialize, Serialize};

/// A roll's name, as coordinators and voters see it.
pub const NAME_MAX: usize = 120;
/// The label of a free-text second factor ("Membership number").
pub const LABEL_MAX: usize = 60;
/// An identifier or a second factor, once normalised.
pub const VALUE_MAX: usize = 64;
/// Bytes in one imported line; longer lines are refused as bad lines.
pub const LINE_MAX: usize = 512;
/// Entries in one roll (a city's census fits: Barcelona has 1.7 million residents).
pub const ENTRIES_MAX: u64 = 5_000_000;
/// Line numbers of bad lines a report names (the count says how many there were).
pub const BAD_LINES_SHOWN: usize = 20;

crate::domain::stored::named_enum! {
    /// What a person types besides their identifier to show the entry is theirs.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Factor {
        /// A birth date: `YYYY-MM-DD`, `DD/MM/YYYY`, `DD-MM-YYYY` or `DD.MM.YYYY` in the list;
        /// a date field on the form.
        BirthDate = "birth-date",
        /// Any other text the list holds (a membership number, a postcode), compared like
        /// identifiers: case, spaces, dots and dashes do not matter.
        Text = "text",
    }
}

impl Factor {
    pub fn parse(s: &str) -> Result<Self, RollError> {
        Factor::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or(RollError::Factor)
    }
    /// The normal form of a second factor, or `None` when it is not one.
    pub fn normalize(self, raw: &str) -> Option<String> {
        match self {
            Factor::BirthDate => normalize_date(raw),
            Factor::Text => normalize_id(raw),
        }
    }
}

/// What can go wrong with rolls, each a sentence a person can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum RollError {
    #[error("the roll's name is empty or too long")]
    Name,
    #[error("the label of the second factor is empty or too long")]
    Label,
    #[error("unknown kind of second factor")]
    Factor,
    #[error("this server has no roll key: rolls are off until one is configured")]
    NoKey,
    #[error("this roll was imported under another roll key than this server's: nobody can be verified on it until the server uses that key again")]
    KeyChanged,
    #[error("the list has no line that can be read")]
    Empty,
    #[error("the list is too long")]
    TooLong,
    #[error("the roll is still being imported")]
    Importing,
    #[error("a vote uses this roll: it cannot be deleted")]
    InUse,
    #[error("the identifier and the second factor do not match an entry of this roll")]
    NoMatch,
    #[error(
        "this entry of the roll was already verified by another account; ask the coordinators"
    )]
    Taken,
    #[error("you are already verified on this roll")]
    AlreadyVerified,
    #[error("type the identifier and the second factor as they appear on the list")]
    Unreadable,
    #[error("paper ballots from the room cannot be checked against this vote's roll")]
    NoRoom,
    #[error("choose the roll whose people may vote")]
    Choose,
    #[error("that identifier is not on this roll, or not verified")]
    NotVerified,
}

impl RollError {
    pub fn status(self) -> u16 {
        match self {
            RollError::NoKey | RollError::KeyChanged => 503,
            RollError::InUse
            | RollError::Taken
            | RollError::AlreadyVerified
            | RollError::Importing => 409,
            RollError::NoRoom => 403,
            _ => 400,
        }
    }
}

/// The normal form of an identifier: without spaces, dots, dashes, slashes, underscores
/// and quotes, in capitals. `None` when nothing is left, when it is too long or holds a
/// control character.
pub fn normalize_id(raw: &str) -> Option<String> {
    let mut out = String::new();
    for c in raw.chars() {
        if c.is_whitespace() || matches!(c, '.' | '-' | '/' | '_' | '"' | '\u{2010}'..='\u{2015}') {
            continue;
        }
        if c.is_control() {
            return None;
        }
        out.extend(c.to_uppercase());
    }
    (!out.is_empty() && out.chars().count() <= VALUE_MAX).then_some(out)
}

/// A date as `YYYY-MM-DD`, from `YYYY-MM-DD` (what a date field sends), `DD/MM/YYYY`,
/// `DD-MM-YYYY` or `DD.MM.YYYY` (day first, as in Spain; one-digit days and months too).
/// Years 1850–2150; the day must exist in its month.
pub fn normalize_date(raw: &str) -> Option<String> {
    let s = raw.trim().trim_matches('"');
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let num = |p: &str| -> Option<u32> {
        p.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| p.parse().ok())
            .flatten()
    };
    let (y, m, d) = if parts[0].len() == 4 {
        (num(parts[0])?, num(parts[1])?, num(parts[2])?)
    } else if parts[2].len() == 4 {
        (num(parts[2])?, num(parts[1])?, num(parts[0])?)
    } else {
        return None;
    };
    if !(1850..=2150).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days)
        .contains(&d)
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// One line of an imported list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// An identifier and its second factor, normalised.
    Entry { id: String, factor: String },
    /// Blank, or a comment (`#` first).
    Skip,
    /// Not readable: no separator, an empty or too long field, a factor that is not one.
    Bad,
}

/// Reads one line of a list: `identifier,factor` (a comma, a semicolon or a tab between
/// them, fields optionally in double quotes; a first line may start with a byte-order mark).
pub fn parse_line(factor: Factor, line: &str) -> Line {
    let line = line
        .trim_start_matches('\u{feff}')
        .trim_end_matches(['\r', '\n']);
    if line.len() > LINE_MAX {
        return Line::Bad;
    }
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Line::Skip;
    }
    let Some((id, rest)) = trimmed.split_once([',', ';', '\t']) else {
        return Line::Bad;
    };
    if rest.contains([',', ';', '\t']) {
        return Line::Bad;
    }
    match (normalize_id(id), factor.normalize(rest)) {
        (Some(id), Some(factor)) => Line::Entry { id, factor },
        _ => Line::Bad,
    }
}

/// What an import did, for the coordinator who ran it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Lines read (blank and comment lines included).
    pub lines: u64,
    /// Entries added to the roll.
    pub added: u64,
    /// Lines whose identifier was already on the roll (the first one stands).
    pub duplicates: u64,
    /// Lines that could not be read...
    pub bad: u64,
    /// ...and the first of their numbers (1-based).
    pub bad_lines: Vec<u64>,
}

impl ImportReport {
    pub fn note_bad(&mut self, line_no: u64) {
        self.bad += 1;
        if self.bad_lines.len() < BAD_LINES_SHOWN {
            self.bad_lines.push(line_no);
        }
    }
}

/// HMAC-SHA-256 (RFC 2104) of `parts`, each preceded by its length so that no two lists
/// of parts hash alike.
pub fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    for p in parts {
        inner.update((p.len() as u64).to_be_bytes());
        inner.update(p);
    }
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

fn hex16(mac: [u8; 32]) -> String {
    mac[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored hash that finds a roll's entry: 128 bits of the HMAC of the roll's number
/// and the normalised identifier (the roll in it, so one person's entries on two rolls do
/// not look alike).
pub fn id_hash(key: &[u8], roll: i32, id: &str) -> String {
    hex16(hmac(
        key,
        &[b"redacta roll id", &roll.to_be_bytes(), id.as_bytes()],
    ))
}

/// The stored hash that checks a claim: identifier and second factor together.
pub fn factor_hash(key: &[u8], roll: i32, id: &str, factor: &str) -> String {
    hex16(hmac(
        key,
        &[
            b"redacta roll factor",
            &roll.to_be_bytes(),
            id.as_bytes(),
            factor.as_bytes(),
        ],
    ))
}

/// What a key is known by on the rolls it hashed: a server with another key sees at once
/// that it cannot verify anyone on them, instead of refusing everyone as "no match".
pub fn key_check(key: &[u8]) -> String {
    hex16(hmac(key, &[b"redacta roll key check"]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain RFC 2104 construction over one message (for the RFC 4231 test vectors).
    fn hmac_plain(key: &[u8], message: &[u8]) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut block = [0u8; 64];
        if key.len() > 64 {
            block[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let inner = Sha256::new()
            .chain_update(block.map(|b| b ^ 0x36))
            .chain_update(message)
            .finalize();
        Sha256::new()
            .chain_update(block.map(|b| b ^ 0x5c))
            .chain_update(inner)
            .finalize()
            .into()
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test cases 1, 2 and 6 of RFC 4231 (HMAC-SHA-256).
        assert_eq!(
            hex(&hmac_plain(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hex(&hmac_plain(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex(&hmac_plain(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn the_parts_hash_is_the_plain_hmac_of_length_prefixed_parts() {
        let key = b"k";
        let mut message = Vec::new();
        for p in [&b"ab"[..], b"c"] {
            message.extend((p.len() as u64).to_be_bytes());
            message.extend(p);
        }
        assert_eq!(hmac(key, &[b"ab", b"c"]), hmac_plain(key, &message));
        assert_ne!(hmac(key, &[b"ab", b"c"]), hmac(key, &[b"a", b"bc"]));
    }

    #[test]
    fn identifiers_are_compared_loosely() {
        assert_eq!(normalize_id(" 12.345.678-z "), Some("12345678Z".into()));
        assert_eq!(normalize_id("\"x 12 ab\""), Some("X12AB".into()));
        assert_eq!(normalize_id("00123"), Some("00123".into()));
        assert_eq!(normalize_id(" - . "), None);
        assert_eq!(normalize_id("a\u{7}b"), None);
        assert_eq!(normalize_id(&"9".repeat(VALUE_MAX + 1)), None);
        assert_eq!(normalize_id("ñ"), Some("Ñ".into()));
    }

    #[test]
    fn dates_are_read_day_first_or_iso() {
        for s in [
            "1990-03-07",
            "07/03/1990",
            "7/3/1990",
            "07-03-1990",
            "7.3.1990",
        ] {
            assert_eq!(normalize_date(s), Some("1990-03-07".into()), "{s}");
        }
        assert_eq!(normalize_date("29/02/2000"), Some("2000-02-29".into()));
        for s in [
            "29/02/1900",
            "31/04/1990",
            "1990-13-01",
            "00/01/1990",
            "1/1/90",
            "1990/1",
            "x1/01/1990",
            "+1/01/1990",
            "01/01/1849",
            "",
        ] {
            assert_eq!(normalize_date(s), None, "{s}");
        }
    }

    #[test]
    fn lines_are_read_with_any_usual_separator() {
        let f = Factor::BirthDate;
        let entry = |id: &str, factor: &str| Line::Entry {
            id: id.into(),
            factor: factor.into(),
        };
        assert_eq!(
            parse_line(f, "\u{feff}12345678Z,1990-03-07\r\n"),
            entry("12345678Z", "1990-03-07")
        );
        assert_eq!(
            parse_line(f, "\"x-1\";\"7/3/1990\""),
            entry("X1", "1990-03-07")
        );
        assert_eq!(parse_line(f, "a\t7.3.1990"), entry("A", "1990-03-07"));
        assert_eq!(parse_line(f, "   "), Line::Skip);
        assert_eq!(parse_line(f, "# dni,birth date"), Line::Skip);
        assert_eq!(parse_line(f, "dni,birth date"), Line::Bad);
        assert_eq!(parse_line(f, "12345678Z"), Line::Bad);
        assert_eq!(parse_line(f, "a,1990-03-07,extra"), Line::Bad);
        assert_eq!(parse_line(f, ",1990-03-07"), Line::Bad);
        assert_eq!(
            parse_line(f, &format!("a,{}", "1".repeat(LINE_MAX))),
            Line::Bad
        );
        assert_eq!(
            parse_line(Factor::Text, "m-1, 08012 "),
            entry("M1", "08012")
        );
    }

    #[test]
    fn hashes_depend_on_key_roll_identifier_and_factor() {
        let k1 = [1u8; 32];
        let k2 = [2u8; 32];
        let h = id_hash(&k1, 1, "A");
        assert_eq!(h.len(), 32);
        assert_eq!(h, id_hash(&k1, 1, "A"));
        assert_ne!(h, id_hash(&k2, 1, "A"));
        assert_ne!(h, id_hash(&k1, 2, "A"));
        assert_ne!(h, id_hash(&k1, 1, "B"));
        let f = factor_hash(&k1, 1, "A", "1990-03-07");
        assert_ne!(f, factor_hash(&k1, 1, "A", "1990-03-08"));
        assert_ne!(f, factor_hash(&k1, 1, "B", "1990-03-07"));
        assert_ne!(key_check(&k1), key_check(&k2));
    }

    proptest! {
        #[test]
        fn normal_forms_are_fixed_points(raw in "[ -~ñçàé]{0,40}") {
            if let Some(id) = normalize_id(&raw) {
                prop_assert_eq!(normalize_id(&id), Some(id.clone()));
            }
            if let Some(d) = normalize_date(&raw) {
                prop_assert_eq!(normalize_date(&d), Some(d.clone()));
            }
        }

        #[test]
        fn every_valid_date_round_trips_in_each_spelling(y in 1850u32..=2150, m in 1u32..=12, d in 1u32..=28) {
            let iso = format!("{y:04}-{m:02}-{d:02}");
            for s in [iso.clone(), format!("{d}/{m}/{y}"), format!("{d:02}.{m:02}.{y}"), format!("{d}-{m:02}-{y}")] {
                prop_assert_eq!(normalize_date(&s), Some(iso.clone()));
            }
        }

        #[test]
        fn no_line_panics_or_yields_an_unnormalised_entry(line in "\\PC{0,80}") {
            for f in Factor::ALL {
                if let Line::Entry { id, factor } = parse_line(f, &line) {
                    prop_assert_eq!(normalize_id(&id), Some(id.clone()));
                    prop_assert_eq!(f.normalize(&factor), Some(factor.clone()));
                }
            }
        }
    }
}
